package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// teamScript changes the demo organisation in chat: bob leaves, alice is
// renamed.
const teamScript = `@ada /team remove bob
@ada /team edit alice name="Alice W"
`

// teamDB is a database with teamScript done.
func teamDB(t *testing.T) string {
	t.Helper()
	db := tempDB(t)
	if out, errOut, code := run(t, teamScript, "--db", db); code != 0 {
		t.Fatalf("console: exit %d\n%s%s", code, out, errOut)
	}
	return db
}

type exportedPerson struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	Roles     []string          `json:"roles"`
	Region    string            `json:"region"`
	Manager   string            `json:"manager"`
	Accounts  map[string]string `json:"accounts"`
	Language  string            `json:"language"`
	Timezone  string            `json:"timezone"`
	Active    bool              `json:"active"`
	LeftAt    string            `json:"left_at"`
	UpdatedAt string            `json:"updated_at"`
}

func TestExportPeople(t *testing.T) {
	db := teamDB(t)
	out, errOut, code := run(t, "", "export", "people", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	people := map[string]exportedPerson{}
	var order []string
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var p exportedPerson
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		people[p.ID] = p
		order = append(order, p.ID)
	}
	if want := []string{"alice", "bob", "chen", "mia", "max", "ada"}; !slices.Equal(order, want) {
		t.Fatalf("people %v, want %v", order, want)
	}
	const at = "2026-11-28T12:00:00+08:00" // the tests' clock, in the org's zone
	tests := []struct {
		id   string
		want exportedPerson
	}{
		{"alice", exportedPerson{ID: "alice", Name: "Alice W", Roles: []string{"rep"}, Region: "east", Manager: "max",
			Accounts: map[string]string{"slack": "U0ALICE", "discord": "800000000000000001"}, Active: true, UpdatedAt: at}},
		{"bob", exportedPerson{ID: "bob", Name: "Bob Zhao", Roles: []string{"rep"}, Region: "east", Manager: "max",
			Accounts: map[string]string{"slack": "U0BOB", "discord": "800000000000000002"}, LeftAt: at, UpdatedAt: at}},
		{"chen", exportedPerson{ID: "chen", Name: "陈静", Roles: []string{"rep"}, Region: "north", Manager: "max",
			Accounts: map[string]string{"slack": "U0CHEN", "discord": "800000000000000003"}, Language: "zh", Active: true, UpdatedAt: at}},
		{"ada", exportedPerson{ID: "ada", Name: "Ada Lin", Roles: []string{"admin"},
			Accounts: map[string]string{"slack": "U0ADA", "discord": "800000000000000006"}, Timezone: "Asia/Hong_Kong", Active: true, UpdatedAt: at}},
	}
	for _, tt := range tests {
		got := people[tt.id]
		if got.Name != tt.want.Name || !slices.Equal(got.Roles, tt.want.Roles) || got.Region != tt.want.Region ||
			got.Manager != tt.want.Manager || len(got.Accounts) != len(tt.want.Accounts) || got.Language != tt.want.Language ||
			got.Timezone != tt.want.Timezone || got.Active != tt.want.Active || got.LeftAt != tt.want.LeftAt || got.UpdatedAt != tt.want.UpdatedAt {
			t.Errorf("%s = %+v\nwant %+v", tt.id, got, tt.want)
		}
		for pl, id := range tt.want.Accounts {
			if got.Accounts[pl] != id {
				t.Errorf("%s on %s = %q, want %q", tt.id, pl, got.Accounts[pl], id)
			}
		}
	}
}

func TestExportPeopleCSV(t *testing.T) {
	db := teamDB(t)
	file := filepath.Join(t.TempDir(), "people.csv")
	if _, errOut, code := run(t, "", "export", "people", "--db", db, "--format", "csv", "--out", file); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	st, err := os.Stat(file)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("%s: %v, mode %v, want 0600", file, err, st)
	}
	f, _ := os.Open(file)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != 7 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	want := []string{"id", "name", "roles", "region", "manager", "accounts.slack", "accounts.discord",
		"language", "timezone", "active", "left_at", "updated_at"}
	if !slices.Equal(rows[0], want) {
		t.Fatalf("columns %q\nwant    %q", rows[0], want)
	}
	if bob := rows[2]; bob[0] != "bob" || bob[5] != "U0BOB" || bob[6] != "800000000000000002" || bob[9] != "false" || bob[10] != "2026-11-28T12:00:00+08:00" {
		t.Errorf("bob = %q", bob)
	}
	if alice := rows[1]; alice[9] != "true" || alice[10] != "" {
		t.Errorf("alice = %q", alice)
	}
}
