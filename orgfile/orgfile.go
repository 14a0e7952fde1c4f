// Package orgfile owns fieldloop's org file: the YAML that says who is in
// the company (people with their roles, regions, managers and chat
// accounts), the sales regions and the org's channels, the default time
// zone and language. It decodes and validates that file into a *bot.Org,
// reporting every problem at once with the line and the field path (such as
// people[2].manager, counting list items from 0), and it embeds the demo
// organisation that fieldloop runs with when no org file is given.
//
// demo.yaml, beside this file, is also the documented example of the format.
package orgfile

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/platform"
	"go.yaml.in/yaml/v3"

	// The org's time zones must validate the same on a host without a
	// zoneinfo database (a scratch container, Windows).
	_ "time/tzdata"
)

// DemoYAML is the org file of the built-in demo organisation.
//
//go:embed demo.yaml
var DemoYAML []byte

// Demo returns the built-in demo organisation, freshly decoded from
// DemoYAML. Its first person is a rep, whom the console acts as by
// default. People's and channels' ids on the given platforms are checked
// by their rules; the file's ids on any other platform are read unchecked,
// under their keys, for tests of the core, which knows no platform.
func Demo(platforms ...platform.IDs) *bot.Org {
	all := demoPlatforms()
	for _, p := range platforms {
		i := slices.IndexFunc(all, func(d platform.IDs) bool { return d.Platform == p.Platform })
		if i < 0 {
			all = append(all, p)
		} else {
			all[i] = p
		}
	}
	org, err := Parse(DemoYAML, "demo.yaml", all...)
	if err != nil {
		// The tests parse the embedded file, so this is a build mistake.
		panic("orgfile: the embedded demo.yaml is invalid:\n" + err.Error())
	}
	return org
}

// demoPlatforms are the platforms DemoYAML gives ids on, unchecked: the
// keys of its marketing channel.
func demoPlatforms() []platform.IDs {
	var demo struct {
		Channels map[string]yaml.Node
	}
	if err := yaml.Unmarshal(DemoYAML, &demo); err != nil {
		panic("orgfile: the embedded demo.yaml is invalid: " + err.Error())
	}
	var out []platform.IDs
	marketing := demo.Channels[bot.ChannelMarketing]
	for i := 0; i+1 < len(marketing.Content); i += 2 {
		out = append(out, platform.IDs{Platform: bot.Platform(marketing.Content[i].Value)})
	}
	return out
}

// Load reads and validates the org file at path, with ids on the given
// platforms. Errors in its content are Errors, each naming path, the line
// and the field.
func Load(path string, platforms ...platform.IDs) (*bot.Org, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read org file: %w", err)
	}
	return Parse(data, path, platforms...)
}

// Parse decodes and validates an org file, with people's and channels' ids
// on the given platforms, each under the platform's name as a key. name is
// the file's name as the messages should show it. On failure the error is
// Errors, with every problem found, sorted by line.
func Parse(data []byte, name string, platforms ...platform.IDs) (*bot.Org, error) {
	p := &parser{file: name, platforms: platforms}
	root, ok := p.document(data)
	if !ok {
		return nil, p.errs
	}
	org := p.org(root)
	if len(p.errs) > 0 {
		p.errs.sort()
		return nil, p.errs
	}
	return org, nil
}

// parser collects the problems of one file while it decodes it.
type parser struct {
	file      string
	platforms []platform.IDs
	loc       *time.Location // the org's zone, once read
	errs      Errors
}

// errorf records a problem at node n (line 1 when n is nil or has no line).
func (p *parser) errorf(n *yaml.Node, field, format string, args ...any) {
	line := 1
	if n != nil && n.Line > 0 {
		line = n.Line
	}
	p.errs = append(p.errs, &Error{File: p.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// document parses data as a single YAML document and returns its top node,
// or an empty mapping for an empty file. ok is false on a syntax error.
func (p *parser) document(data []byte) (root *yaml.Node, ok bool) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc, extra yaml.Node
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		p.errs = append(p.errs, syntaxError(p.file, err))
		return nil, false
	}
	switch err := dec.Decode(&extra); {
	case err == nil:
		p.errorf(&extra, "", "a second YAML document starts here; an org file is a single document")
	case err != io.EOF:
		p.errs = append(p.errs, syntaxError(p.file, err))
		return nil, false
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 && !isNull(doc.Content[0]) {
		return doc.Content[0], true
	}
	return &yaml.Node{Kind: yaml.MappingNode, Line: 1}, true
}
