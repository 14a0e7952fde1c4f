package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/adapters/discord"
	"github.com/fieldloop/fieldloop/adapters/slack"
	"github.com/fieldloop/fieldloop/orgfile"
	"github.com/fieldloop/fieldloop/storage"
)

// writeFile writes text to a file named name in a new directory.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// demoWith is the demo org file with each old text replaced by its new.
func demoWith(oldNew ...string) string {
	return strings.NewReplacer(oldNew...).Replace(string(orgfile.DemoYAML))
}

func TestOrgExportReadsBack(t *testing.T) {
	db := teamDB(t)
	file := filepath.Join(t.TempDir(), "org.yaml")
	if _, errOut, code := run(t, "", "org", "export", "--db", db, "--out", file); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("%v, %v: want a file readable by its owner only", st, err)
	}
	org, err := orgfile.Load(file, slack.IDs, discord.IDs)
	if err != nil {
		t.Fatal(err)
	}
	if org.Person("alice").Name != "Alice W" || !org.Person("bob").Left() || org.Person("chen").Left() {
		t.Errorf("alice %+v, bob %+v", org.Person("alice"), org.Person("bob"))
	}
	// The file says what the database holds: applying it changes nothing.
	for _, args := range [][]string{{"--dry-run"}, nil} {
		out, errOut, code := run(t, "", append([]string{"org", "apply", file, "--db", db}, args...)...)
		if code != 0 || out != "No change.\n" {
			t.Errorf("apply %v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
}

func TestOrgExportKeepsTheFile(t *testing.T) {
	file := writeFile(t, "org.yaml", string(orgfile.DemoYAML))
	db := tempDB(t)
	if out, errOut, code := run(t, teamScript, "--db", db, "--org", file); code != 0 {
		t.Fatalf("console: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code := run(t, "", "org", "export", "--db", db, "--org", file)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"# The time zone that schedules, reminders and digests follow, as an IANA name.",
		"    name: Alice W # the name shown in digests and lists\n",
		"    left: 2026-11-28T12:00:00+08:00\n",
		"  # max manages east, his own region, and north through chen.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	exported := writeFile(t, "org.yaml", out)
	if out, errOut, code := run(t, "", "org", "apply", exported, "--dry-run", "--db", db); code != 0 || out != "No change.\n" {
		t.Errorf("apply: exit %d\n%s%s", code, out, errOut)
	}

	// Without the file, or with one that was never applied, the export is
	// written anew.
	other := writeFile(t, "other.yaml", demoWith("# Any unknown key is an error.", "# other", "Bob Zhao", "Bob Z"))
	out, _, _ = run(t, "", "org", "export", "--db", db, "--org", other)
	if strings.Contains(out, "# The time zone") || strings.Contains(out, "# other") || !strings.Contains(out, "name: Alice W\n") {
		t.Errorf("export with a file never applied:\n%s", out)
	}
}

func TestOrgApply(t *testing.T) {
	tests := []struct {
		name string
		file string
		args []string
		want []string
	}{
		{"a value changed in chat", demoWith("Bob Zhao", "Bob Z"), nil, []string{
			"person alice (Alice Wang): changed\n  name: Alice W → Alice Wang (overwrites a change made in chat by ada on 2026-11-28)\n",
			"person bob (Bob Z): changed\n  name: Bob Zhao → Bob Z\n",
			"Changes: 2, none saved (--dry-run).\n"}},
		{"someone added", demoWith("    name: Alice Wang", "    name: Alice W",
			`discord: "800000000000000006"`+"\n", `discord: "800000000000000006"`+"\n  - {id: cy, name: Cy Xu, roles: [marketing], slack: U0CY}\n"), nil, []string{
			"person cy (Cy Xu): added\n  name: Cy Xu\n  roles: marketing\n  slack: U0CY\n", "Changes: 1,"}},
		{"someone left, by the file", demoWith("    name: Alice Wang", "    name: Alice W",
			"    language: zh #", "    left: 2026-12-01\n    language: zh #"), nil, []string{"person chen (陈静): left\n", "Changes: 1,"}},
		{"someone left, by prune", demoWith("    name: Alice Wang", "    name: Alice W",
			"  - id: mia\n    name: Mia Liu\n    roles: [marketing]\n", "  - id: zed\n    name: Zed\n    roles: [marketing]\n"),
			[]string{"--prune"}, []string{"person zed (Zed): added", "person mia (Mia Liu): left\n", "Changes: 2,"}},
		{"settings", demoWith("    name: Alice Wang", "    name: Alice W", "currency: CNY", "currency: USD"), nil,
			[]string{"settings: changed\n  currency: CNY → USD\n", "Changes: 1,"}},
		{"a region", demoWith("    name: Alice Wang", "    name: Alice W", "    # managers: [max]", "    managers: [ada]\n    holidays: [2026-12-24]"), nil,
			[]string{"region east (East China): changed\n  managers: (none) → ada\n  holidays: (none) → 2026-12-24\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := teamDB(t)
			file := writeFile(t, "org.yaml", tt.file)
			args := append([]string{"org", "apply", "--db", db, "--dry-run", file}, tt.args...)
			out, errOut, code := run(t, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("no %q in\n%s", w, out)
				}
			}
			// Saved, the same changes are made, and then there are none.
			saved, _, _ := run(t, "", slicesWithout(args, "--dry-run")...)
			if want := strings.Replace(out, "none saved (--dry-run)", "saved from "+file, 1); saved != want {
				t.Errorf("saved:\n%s\nwant:\n%s", saved, want)
			}
			if again, _, _ := run(t, "", args...); again != "No change.\n" {
				t.Errorf("again:\n%s", again)
			}
		})
	}
}

func slicesWithout(args []string, drop string) []string {
	var out []string
	for _, a := range args {
		if a != drop {
			out = append(out, a)
		}
	}
	return out
}

// A change made in chat is flagged only until a file overwrites it.
func TestOrgApplyFlagsOnlyNewChatChanges(t *testing.T) {
	db := teamDB(t)
	first := writeFile(t, "org.yaml", demoWith("Bob Zhao", "Bob Z"))
	if out, _, _ := run(t, "", "org", "apply", first, "--db", db); !strings.Contains(out, "overwrites a change made in chat") {
		t.Fatalf("first apply:\n%s", out)
	}
	second := writeFile(t, "org.yaml", demoWith("Alice Wang", "Alice Z"))
	out, _, _ := run(t, "", "org", "apply", second, "--db", db, "--dry-run")
	if !strings.Contains(out, "name: Alice Wang → Alice Z\n") || strings.Contains(out, "overwrites") {
		t.Errorf("second apply:\n%s", out)
	}
}

func TestOrgApplyRefuses(t *testing.T) {
	db := teamDB(t)
	bad := writeFile(t, "org.yaml", demoWith("    region: east # required", "    region: esat # required"))
	line := 1 + strings.Count(strings.Split(string(orgfile.DemoYAML), "    region: east # required")[0], "\n")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"a file with a mistake", []string{"org", "apply", bad, "--db", db}, 1, fmt.Sprintf("org.yaml:%d: people[0].region", line) + `: unknown region "esat" (known: east, north)`},
		{"no file", []string{"org", "apply", "--db", db}, 2, "say which org file to apply"},
		{"two files", []string{"org", "apply", bad, bad, "--db", db}, 2, "unexpected argument"},
		{"nothing to do", []string{"org"}, 2, "say what to do: org export"},
		{"a file that is not there", []string{"org", "apply", "nowhere.yaml", "--db", db}, 1, "nowhere.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := run(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.want)
			}
		})
	}
}

func TestOrgApplyWhileHeld(t *testing.T) {
	path := teamDB(t)
	db := storage.New(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	file := writeFile(t, "org.yaml", string(orgfile.DemoYAML))
	for _, args := range [][]string{{"org", "apply", file}, {"org", "apply", file, "--dry-run"}, {"org", "export"}} {
		_, errOut, code := run(t, "", append(args, "--db", path)...)
		if code != 1 || !strings.Contains(errOut, "is in use by a running fieldloop; stop it first") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}
