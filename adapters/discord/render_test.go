package discord

import (
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/apptest"
)

func TestSplit(t *testing.T) {
	line := strings.Repeat("x", 99) + "\n" // 100 characters a line
	long := strings.Repeat(line, 45)       // 4500
	parts := split(long)
	if len(parts) != 3 {
		t.Fatalf("%d parts", len(parts))
	}
	for _, p := range parts {
		if length(p) > maxContent || strings.HasPrefix(p, "\n") || strings.HasSuffix(p, "\n") {
			t.Errorf("part of %d characters, cut mid-line or with blank edges", length(p))
		}
	}
	if got := strings.Join(parts, "\n"); got != strings.TrimSuffix(long, "\n") {
		t.Error("the parts do not add up to the text")
	}
	// No line ends: cut at a space, else anywhere; an emoji counts two.
	words := strings.Repeat("word ", 500)
	for _, p := range split(words) {
		if length(p) > maxContent || strings.HasSuffix(strings.TrimSpace(p), "wor") {
			t.Errorf("cut a word: …%q", p[len(p)-10:])
		}
	}
	emoji := strings.Repeat("😀", 1500) // 3000 UTF-16 units
	for _, p := range split(emoji) {
		if length(p) > maxContent || !strings.HasPrefix(p, "😀") {
			t.Errorf("emoji part of %d units", length(p))
		}
	}
	if got := split("short"); len(got) != 1 || got[0] != "short" {
		t.Errorf("split(short) = %q", got)
	}
}

func TestTruncate(t *testing.T) {
	if got := truncate("Outlet development & coverage, and much more than that", 45); length(got) != 45 || !strings.HasSuffix(got, "…") {
		t.Errorf("truncate = %q (%d)", got, length(got))
	}
	if got := truncate("网点开发与覆盖率", 45); got != "网点开发与覆盖率" {
		t.Errorf("truncate = %q", got)
	}
}

// A form with more fields than a modal holds is refused, never cut.
func TestModalRefusesTooManyFields(t *testing.T) {
	f := &bot.Form{ID: "big", Title: "Big"}
	for i := range 6 {
		f.Fields = append(f.Fields, bot.FormField{Key: string(rune('a' + i)), Label: "x", Input: bot.InputText})
	}
	if _, err := renderModal(f, "fm:/big"); !errors.Is(err, errTooManyInputs) {
		t.Errorf("6 fields: %v", err)
	}
	f.Fields = f.Fields[:5]
	if m, err := renderModal(f, "fm:/big"); err != nil || len(m.Components) != 5 {
		t.Errorf("5 fields: %v", err)
	}
}

func TestQuoteArg(t *testing.T) {
	for _, v := range []string{"sales", "7d", "two words", "a=b", `say "hi"`, `C:\temp`, `“quoted”`, "", "全角＝号", "back\\\"slash"} {
		args, err := bot.ParseArgs("x " + quoteArg(v))
		if err != nil || len(args) != 2 || args[1].Pair || args[1].Value != v {
			t.Errorf("%q written as %s reads back as %+v (%v)", v, quoteArg(v), args, err)
		}
	}
}

// declared returns fieldloop's commands with their declarations, as the
// app registers them.
func declared(t *testing.T) []bot.Command {
	return apptest.New(t, apptest.Options{Platform: Platform}).Router.Commands()
}

func option(name string, value any) rawOption {
	raw, _ := json.Marshal(value)
	return rawOption{Name: name, Type: optionString, Value: raw}
}

func sub(name string, opts ...rawOption) rawOption {
	return rawOption{Name: name, Type: optionSubcommand, Options: opts}
}

// What users type into Discord's typed options reads back as the command
// line the core understands, driven by the option definitions.
func TestCommandLine(t *testing.T) {
	cmds := declared(t)
	number := func(name, text string) rawOption {
		return rawOption{Name: name, Type: optionNumber, Value: json.RawMessage(text)}
	}
	tests := []struct {
		command string
		got     []rawOption
		text    string
		options map[string]string
	}{
		{"report", []rawOption{sub("sales", number("units", "12"), number("amount", "3200.55"), option("outlet", "Carrefour Pudong"))},
			"sales", map[string]string{"units": "12", "amount": "3200.55", "outlet": "Carrefour Pudong"}},
		{"report", []rawOption{sub("sales")}, "sales", nil},
		{"report", []rawOption{sub("new")}, "", nil},
		{"report", []rawOption{sub("show", number("id", "42"))}, "show 42", nil},
		{"report", []rawOption{sub("edit", number("id", "42"), option("changes", ` units=15 note="late" `))}, `edit 42 units=15 note="late"`, nil},
		{"report", []rawOption{sub("list", option("since", "2026-11-01"), option("kind", "sales"), option("person", "two words"))},
			`list sales since=2026-11-01 person="two words"`, nil},
		{"report", []rawOption{sub("delete", number("id", "7"))}, "delete 7", nil},
		{"lang", []rawOption{option("language", "zh")}, "zh", nil},
		{"lang", nil, "", nil},
		{"help", []rawOption{option("command", "report")}, "report", nil},
		{"away", []rawOption{option("text", "2026-12-01..2026-12-05")}, "2026-12-01..2026-12-05", nil},
		// Registered by another version: unknown options read as key=value.
		{"report", []rawOption{sub("archive", option("id", "3"))}, "archive id=3", nil},
	}
	for _, tt := range tests {
		options := map[string]string{}
		cmd, _ := findCommand(cmds, tt.command)
		text := strings.Join(commandLine(cmd, tt.got, options), " ")
		if text != tt.text || (len(options) > 0 || len(tt.options) > 0) && !maps.Equal(options, tt.options) {
			t.Errorf("/%s %+v: %q %v, want %q %v", tt.command, tt.got, text, options, tt.text, tt.options)
		}
	}
}

func TestValidName(t *testing.T) {
	for label, want := range map[string]string{"POP发放": "pop发放", "On shelf": "on_shelf", "终端销售": "终端销售",
		"Merchandising / stock": "merchandising_stock", "???": "", strings.Repeat("a", 33): ""} {
		if got := validName(label); got != want {
			t.Errorf("validName(%q) = %q, want %q", label, got, want)
		}
	}
}

// Every catalogue key the adapter names exists, in both languages.
func TestCatalogueKeys(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	key := regexp.MustCompile(`"(discord\.[a-z_.]+[a-z_])"`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(src), -1) {
			if m[1] == "discord.com" {
				continue // the host, not a key
			}
			found++
			if !bot.HasText(m[1]) {
				t.Errorf("%s uses %q, which the catalogue lacks", f, m[1])
			}
		}
	}
	for _, name := range []string{"report", "lang", "help", "whoami", "new", "list", "show", "edit", "delete", "id", "changes", "kind", "since", "person", "region", "language", "command", "text"} {
		found++
		if localName(name, bot.ChineseName(name)) == "" {
			t.Errorf("%s has no valid zh-CN name", name)
		}
	}
	for _, name := range []string{"id", "changes", "kind", "since", "person", "region", "language", "command", "text"} {
		if !bot.HasText("option." + name) {
			t.Errorf("option %s has no description", name)
		}
	}
	for _, name := range []string{"new", "list", "show", "edit", "delete"} {
		if !bot.HasText("report.sub." + name) {
			t.Errorf("/report %s has no description", name)
		}
	}
	if found < 20 {
		t.Errorf("found only %d keys", found)
	}
	if slices.Contains(bot.CatalogueKeys(), "discord.") {
		t.Error("empty key")
	}
}

// Commands Discord would refuse are refused before they are sent, naming
// the problem.
func TestCheckCommands(t *testing.T) {
	cmds := declared(t)
	good := appCommands(cmds, false)
	if err := checkCommands(good); err != nil {
		t.Fatalf("fieldloop's own commands: %v", err)
	}
	tooMany := make([]appOption, 26)
	for i := range tooMany {
		tooMany[i] = appOption{Type: optionString, Name: "o" + string(rune('a'+i)), Description: "d"}
	}
	bad := []struct {
		cmd  appCommand
		want string
	}{
		{appCommand{Name: "Report", Description: "d"}, "not a name"},
		{appCommand{Name: "two words", Description: "d"}, "not a name"},
		{appCommand{Name: "x", Description: strings.Repeat("d", 101)}, "description"},
		{appCommand{Name: "x", Description: "d", DescriptionLocalizations: map[string]string{zhCN: ""}}, "description"},
		{appCommand{Name: "x", Description: "d", Options: tooMany}, "26 options"},
		{appCommand{Name: "x", Description: "d", Options: []appOption{{Type: optionString, Name: "a", Description: "d"},
			{Type: optionString, Name: "b", Description: "d", Required: true}}}, "required option after"},
		{appCommand{Name: "x", Description: "d", Options: []appOption{{Type: optionString, Name: "a", Description: "d"},
			{Type: optionString, Name: "b", Description: "d", NameLocalizations: map[string]string{zhCN: "a"}}}}, "taken"},
		{appCommand{Name: "x", Description: strings.Repeat("d", 100), Options: []appOption{{Type: optionString, Name: "a",
			Description: "d", Choices: make([]appChoice, 25)}}}, "choice"},
	}
	for _, b := range bad {
		if err := checkCommands([]appCommand{b.cmd}); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%+v: %v, want %q", b.cmd, err, b.want)
		}
	}
	var huge []appChoice
	for i := range 25 {
		huge = append(huge, appChoice{Name: strings.Repeat("c", 100), Value: strings.Repeat(string(rune('a'+i)), 100)})
	}
	var opts []appOption
	for i := range 5 {
		opts = append(opts, appOption{Type: optionString, Name: "o" + string(rune('a'+i)), Description: "d", Choices: huge})
	}
	if err := checkCommands([]appCommand{{Name: "x", Description: "d", Options: opts}}); err == nil || !strings.Contains(err.Error(), "8000") {
		t.Errorf("a command of 25,000 characters: %v", err)
	}
}

// A retried post has the nonce of the first try, so Discord drops the
// repeat; a coalesced post that merged more under the same first id has
// another, so it is not dropped for a repeat.
func TestNonce(t *testing.T) {
	longest := nonce(^uint64(0), 99, "text")
	if n := nonce(42, 0, "feed: #1"); n != nonce(42, 0, "feed: #1") || len(longest) > 25 {
		t.Errorf("nonce %q, longest %q (%d)", n, longest, len(longest))
	}
	if nonce(42, 0, "feed: #1") == nonce(42, 0, "feed: #1\nfeed: #2") || nonce(42, 0, "x") == nonce(42, 1, "x") {
		t.Error("different posts share a nonce")
	}
}

// More choices than Discord lists leave the option to be typed rather
// than hide some: /help's grows with every command registered.
func TestManyChoicesAreTyped(t *testing.T) {
	many := make([]bot.OptionChoice, maxChoices+1)
	for i := range many {
		many[i] = bot.OptionChoice{Value: "c" + string(rune('a'+i)), Label: bot.Literal("c", "c")}
	}
	if got := appChoices(many); got != nil {
		t.Errorf("%d choices rendered as %d", len(many), len(got))
	}
	if got := appChoices(many[:maxChoices]); len(got) != maxChoices {
		t.Errorf("%d choices rendered as %d", maxChoices, len(got))
	}
}
