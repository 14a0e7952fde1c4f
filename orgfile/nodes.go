package orgfile

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// mapping is a YAML mapping read against the keys it may hold: its values
// by key, with null values left out as if absent, and the key nodes, so that
// an error can point at the line of the key, the value or the mapping.
type mapping struct {
	node   *yaml.Node
	path   string
	keys   map[string]*yaml.Node
	values map[string]*yaml.Node
}

// at returns the node that an error about key should point at, and the
// key's field path.
func (m mapping) at(key string) (*yaml.Node, string) {
	n := m.values[key]
	if n == nil {
		n = m.keys[key]
	}
	if n == nil {
		n = m.node
	}
	return n, join(m.path, key)
}

// mapping reads n as a mapping whose keys must be among allowed; what says
// what was expected, for the error when n is something else. Unknown and
// repeated keys are reported and skipped.
func (p *parser) mapping(n *yaml.Node, path string, allowed []string, what string) (mapping, bool) {
	n = resolve(n)
	m := mapping{node: n, path: path, keys: map[string]*yaml.Node{}, values: map[string]*yaml.Node{}}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, path, "expected %s, found %s", what, describe(n))
		return m, false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, path, "a key must be a plain name, found %s", describe(k))
			continue
		}
		key := k.Value
		switch first, dup := m.keys[key]; {
		case key == "<<" && k.ShortTag() == "!!merge":
			p.errorf(k, join(path, key), "merge keys (<<) are not supported; write the keys out")
		case !slices.Contains(allowed, key):
			p.errorf(k, join(path, key), "unknown key %q%s", key, hint(key, allowed))
		case dup:
			p.errorf(k, join(path, key), "set twice (first at line %d)", first.Line)
		default:
			m.keys[key] = k
			if !isNull(v) {
				m.values[key] = v
			}
		}
	}
	return m, true
}

// fieldf records a problem about key in m.
func (p *parser) fieldf(m mapping, key, format string, args ...any) {
	n, path := m.at(key)
	p.errorf(n, path, format, args...)
}

// text returns the single value at key, trimmed. It returns "" when the key
// is absent, null or empty (a problem if required) or holds something other
// than a single value (always a problem). Numbers and booleans come back as
// written.
func (p *parser) text(m mapping, key string, required bool) string {
	n := m.values[key]
	if n != nil && n.Kind != yaml.ScalarNode {
		p.fieldf(m, key, "expected a single value, found %s", describe(n))
		return ""
	}
	var s string
	if n != nil {
		s = strings.TrimSpace(n.Value)
	}
	if s == "" && required {
		p.fieldf(m, key, "required")
	}
	return s
}

// list returns the items of the list at key: none, and ok, when the key is
// absent; not ok when it holds something else. example shows the shape
// expected.
func (p *parser) list(m mapping, key, example string) (items []*yaml.Node, ok bool) {
	n := m.values[key]
	if n == nil {
		return nil, true
	}
	if n.Kind != yaml.SequenceNode {
		p.fieldf(m, key, "expected a list, like %s, found %s", example, describe(n))
		return nil, false
	}
	items = make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		items[i] = resolve(c)
	}
	return items, true
}

// listItems returns the items of n when it is a list, none otherwise.
func listItems(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	items := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		items[i] = resolve(c)
	}
	return items
}

// resolve follows an alias to the node it names. Walking the result stays
// bounded even for an alias inside its own anchor, because every walk
// follows the fixed depth of the org file's shape.
func resolve(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names what a node holds, for "expected …, found …".
func describe(n *yaml.Node) string {
	switch {
	case isNull(n):
		return "nothing"
	case n.Kind == yaml.ScalarNode:
		v := n.Value
		if r := []rune(v); len(r) > 40 {
			v = string(r[:40]) + "…"
		}
		return fmt.Sprintf("%q", v)
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	}
	return "an alias"
}

// hint suggests the closest of names to s, or lists them all when none is
// close.
func hint(s string, names []string) string {
	if c := closest(s, names); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return " (known: " + known(names) + ")"
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
