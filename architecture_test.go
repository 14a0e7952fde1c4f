package main

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/fieldloop/fieldloop"

// TestDependencyDirection keeps the architecture of DESIGN.md: the core
// imports the standard library only, commands only the core, adapters
// neither storage, commands nor each other.
func TestDependencyDirection(t *testing.T) {
	rules := []struct {
		pkg     string
		allowed []string // module-internal packages and third-party prefixes it may use
	}{
		{"bot", nil},
		{"commands", []string{"bot"}},
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
		for _, dep := range deps(t, r.pkg) {
			if !allowed(dep, r.allowed) {
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
