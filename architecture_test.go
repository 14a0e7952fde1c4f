package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/fieldloop/fieldloop"

// TestDependencyDirection keeps the architecture of DESIGN.md: the core
// imports the standard library only, the permission policy only the core,
// commands only the core and the policy, adapters neither storage, commands
// nor each other.
func TestDependencyDirection(t *testing.T) {
	rules := []struct {
		pkg     string
		allowed []string // module-internal packages and third-party prefixes it may use
	}{
		// Full-width input folds by Unicode width (golang.org/x/text/width).
		{"value", []string{"golang.org/x/text/"}},
		// English plural forms follow CLDR (golang.org/x/text/feature/plural).
		{"bot", []string{"value", "golang.org/x/text/"}},
		{"access", []string{"bot"}},
		{"digest", []string{"bot", "value", "schedule/deadline"}},
		{"schedule/deadline", []string{"bot", "value"}},
		{"schedule", []string{"bot", "value", "digest", "access"}},
		{"outbox", []string{"bot", "golang.org/x/time/rate"}},
		{"team", []string{"bot", "value", "internal/platform"}},
		{"commands", []string{"bot", "value", "digest", "access", "team"}},
		{"storage", []string{"bot", "go.etcd.io/bbolt", "golang.org/x/sys"}},
		{"orgfile", []string{"bot", "internal/platform", "internal/config", "go.yaml.in/yaml/v3"}},
		{"export", []string{"bot", "github.com/xuri/excelize", "github.com/richardlehane", "github.com/tiendc", "github.com/xuri/", "golang.org/x/"}},
		{"adapters/console", []string{"bot"}},
		{"metrics", []string{"bot", "github.com/prometheus/", "github.com/beorn7/", "github.com/cespare/", "github.com/munnerz/", "go.yaml.in/", "google.golang.org/protobuf", "golang.org/x/"}},
		{"internal/config", nil},
		{"internal/platform", []string{"bot", "internal/config"}},
		// The Slack app's manifest is YAML, which Slack's editor reads.
		{"adapters/slack", []string{"bot", "internal/config", "internal/platform", "github.com/slack-go/slack", "github.com/gorilla/websocket", "go.yaml.in/yaml/v3"}},
		// discordgo pulls in golang.org/x/crypto (nacl, for voice).
		{"adapters/discord", []string{"bot", "internal/config", "internal/platform", "github.com/bwmarrin/discordgo", "github.com/gorilla/websocket", "golang.org/x/crypto"}},
	}
	for _, r := range rules {
		// What an allowed package of the module uses is allowed too:
		// a rule names the packages it may use, not theirs.
		allow := r.allowed
		for _, a := range r.allowed {
			if !strings.Contains(a, ".") {
				allow = append(allow, deps(t, a)...)
			}
		}
		for _, dep := range deps(t, r.pkg) {
			if !allowed(dep, allow) {
				t.Errorf("%s imports %s; allowed beyond the standard library: %v", r.pkg, dep, r.allowed)
			}
		}
	}
}

// testKits are the packages that only tests may import.
var testKits = []string{"internal/apptest", "internal/slacktest", "internal/discordtest", "internal/kit"}

// TestTestKitsOnlyInTests keeps the test kits out of fieldloop: no package
// but the kits themselves imports one; only test files may.
func TestTestKitsOnlyInTests(t *testing.T) {
	out, err := exec.Command("go", "list", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	args := []string{"list", "-deps", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}"}
	for _, pkg := range strings.Fields(string(out)) {
		if !isTestKit(pkg) {
			args = append(args, pkg)
		}
	}
	if out, err = exec.Command("go", args...).Output(); err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, " ")
		for _, imp := range strings.Fields(imports) {
			if isTestKit(imp) && !isTestKit(pkg) {
				t.Errorf("%s imports %s, which only tests may import", pkg, imp)
			}
		}
	}
}

func isTestKit(pkg string) bool {
	for _, k := range testKits {
		if pkg == module+"/"+k {
			return true
		}
	}
	return false
}

func allowed(dep string, rules []string) bool {
	for _, a := range rules {
		if dep == module+"/"+a || strings.HasPrefix(dep, a) {
			return true
		}
	}
	return false
}

// deps lists the non-standard packages that pkg depends on, itself
// excluded.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-json=ImportPath,Standard", "./"+pkg).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", pkg, err)
	}
	var list []string
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p struct {
			ImportPath string
			Standard   bool
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		if !p.Standard && p.ImportPath != module+"/"+pkg {
			list = append(list, p.ImportPath)
		}
	}
	return list
}

// Only the entry point, and the test helper that builds the same graph,
// import the assembly: everything else is a part it assembles.
func TestOnlyMainImportsTheAssembly(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(out)) {
		pkg, imports, _ := strings.Cut(strings.TrimSpace(line), " ")
		if pkg == module || pkg == module+"/internal/apptest" {
			continue
		}
		if slices.Contains(strings.Fields(imports), module+"/internal/app") {
			t.Errorf("%s imports internal/app; only main assembles fieldloop", pkg)
		}
	}
}

// No file outside a platform's adapter (and its test kit) names the
// platform: the core, the commands, the store and the assembly know
// platforms only as names that adapters declare. The one exception is the
// list of adapters in main.go; tools/loadtest drives serve with signed
// Slack requests by design.
func TestOnlyAdaptersNamePlatforms(t *testing.T) {
	exempt := []string{"tools/"}
	for _, a := range adapters() {
		name := string(a.Platform())
		word := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(name) + `\b`)
		own := []string{"adapters/" + name + "/", "internal/" + name + "test/"}
		err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			path = filepath.ToSlash(path)
			if slices.ContainsFunc(append(own, exempt...), func(p string) bool { return strings.HasPrefix(path, p) }) {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for i, line := range strings.Split(string(src), "\n") {
				if word.MatchString(line) && !adapterListLine(path, line) {
					t.Errorf("%s:%d names %s: %s", path, i+1, name, strings.TrimSpace(line))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// adapterListLine reports whether line is where main.go lists the
// adapters: their imports and the one line that makes them.
func adapterListLine(path, line string) bool {
	line = strings.TrimSpace(line)
	return path == "main.go" && (strings.HasPrefix(line, `"`+module+"/adapters/") || strings.Contains(line, "NewPlugin()"))
}
