package main

import (
	"os"
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/internal/app"
	"github.com/fieldloop/fieldloop/internal/config"
)

// The README's table of settings is the declarations': every variable
// with its flag, default and meaning, in order.
func TestREADMESettingsTable(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := config.Table(app.NewConfig(adapters()...).All())
	if !strings.Contains(string(readme), "\n"+want+"\n") {
		t.Errorf("README.md's table of settings is not the declarations'; it should read:\n\n%s", want)
	}
}

// Every setting has a variable and a flag, each declared once.
func TestSettingsDeclaredOnce(t *testing.T) {
	envs, flags := map[string]bool{}, map[string]bool{}
	for _, s := range app.NewConfig(adapters()...).All() {
		if s.Env == "" || s.Flag == "" || s.Usage == "" || s.Set == nil {
			t.Errorf("%+v: a setting needs a variable, a flag, a meaning and a field", s)
		}
		if envs[s.Env] || flags[s.Flag] {
			t.Errorf("%s is declared twice", s.Name())
		}
		envs[s.Env], flags[s.Flag] = true, true
	}
}
