package slack

import (
	"bytes"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/fieldloop/fieldloop/bot"
	"go.yaml.in/yaml/v3"
)

// Slack limits that a generated manifest must respect.
const (
	// MaxAppName is the most characters of an app's name.
	MaxAppName     = 35
	maxUsageHint   = 1000
	maxDescription = 2000
)

// slackBuiltins are Slack's own slash commands, which an app cannot take:
// a fieldloop command with one of these names is registered with
// commandPrefix ("/fl-away"), which commandName reads as the name.
var slackBuiltins = []string{
	"active", "apps", "archive", "away", "collapse", "dm", "dnd", "expand", "feed", "feedback",
	"invite", "join", "kick", "leave", "me", "msg", "mute", "open", "prefs", "remind",
	"remove", "rename", "search", "shortcuts", "shrug", "status", "topic", "who",
}

// umbrellaCommand runs any fieldloop command by name ("/fl report …"), for
// workspaces where a command's own name is taken; commandPrefix marks a
// command registered under another name than its own.
const (
	umbrellaCommand = "/fl"
	commandPrefix   = "fl-"
)

// manifest is a Slack app manifest (version 1), as Slack's "Create New
// App → From a manifest" reads it.
type manifest struct {
	Metadata struct {
		Major int `yaml:"major_version"`
		Minor int `yaml:"minor_version"`
	} `yaml:"_metadata"`
	Display  manifestDisplay  `yaml:"display_information"`
	Features manifestFeatures `yaml:"features"`
	OAuth    struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings manifestSettings `yaml:"settings"`
}

type manifestDisplay struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
}

type manifestFeatures struct {
	AppHome struct {
		HomeTab         bool `yaml:"home_tab_enabled"`
		MessagesTab     bool `yaml:"messages_tab_enabled"`
		MessagesTabRead bool `yaml:"messages_tab_read_only_enabled"`
	} `yaml:"app_home"`
	BotUser struct {
		DisplayName  string `yaml:"display_name"`
		AlwaysOnline bool   `yaml:"always_online"`
	} `yaml:"bot_user"`
	SlashCommands []manifestCommand `yaml:"slash_commands"`
}

type manifestCommand struct {
	Command      string `yaml:"command"`
	URL          string `yaml:"url,omitempty"`
	Description  string `yaml:"description"`
	UsageHint    string `yaml:"usage_hint,omitempty"`
	ShouldEscape bool   `yaml:"should_escape"`
}

type manifestSettings struct {
	Events struct {
		RequestURL string   `yaml:"request_url,omitempty"`
		BotEvents  []string `yaml:"bot_events"`
	} `yaml:"event_subscriptions"`
	Interactivity struct {
		Enabled    bool   `yaml:"is_enabled"`
		RequestURL string `yaml:"request_url,omitempty"`
	} `yaml:"interactivity"`
	OrgDeploy     bool `yaml:"org_deploy_enabled"`
	SocketMode    bool `yaml:"socket_mode_enabled"`
	TokenRotation bool `yaml:"token_rotation_enabled"`
}

// botScopes are the bot token scopes fieldloop uses, and nothing more;
// README.md says why each is needed.
var botScopes = []string{"commands", "chat:write", "im:write", "im:history", "channels:history", "groups:history", "users:read"}

// Manifest returns, as YAML, the manifest of a Slack app called name
// that runs cmds, with request URLs under rootURL (see PublicURL), or for
// Socket Mode when rootURL is empty. Generating it from the registered
// commands keeps the Slack app from drifting from the code.
func Manifest(name, rootURL string, cmds []bot.Command) ([]byte, error) {
	return encodeManifest(buildManifest(name, rootURL, cmds))
}

// CheckAppName returns an error if Slack would refuse name for an app.
func CheckAppName(name string) error {
	if n := utf8.RuneCountInString(strings.TrimSpace(name)); n == 0 || n > MaxAppName {
		return fmt.Errorf("1 to %d characters, as Slack allows", MaxAppName)
	}
	return nil
}

// PublicURL checks the public address Slack reaches fieldloop at and
// returns it without a trailing slash: Slack only calls HTTPS URLs.
func PublicURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q is not an https:// address (Slack only calls HTTPS URLs; example: https://fieldloop.example.com)", s)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// buildManifest returns the manifest for cmds, with request URLs under
// root, or for Socket Mode when root is empty.
func buildManifest(name, root string, cmds []bot.Command) *manifest {
	var mf manifest
	mf.Metadata.Major, mf.Metadata.Minor = 1, 1
	mf.Display = manifestDisplay{Name: name, Description: "Field reports from sales to marketing, and what marketing sends back."}
	// The messages tab lets reps DM the bot ("report sales units=3").
	mf.Features.AppHome.MessagesTab = true
	mf.Features.BotUser.DisplayName, mf.Features.BotUser.AlwaysOnline = name, true
	mf.OAuth.Scopes.Bot = botScopes
	mf.Settings.Events.BotEvents = []string{"message.im"}
	mf.Settings.Interactivity.Enabled = true
	mf.Settings.SocketMode = root == ""

	commandURL := ""
	if root != "" {
		commandURL = root + "/slack/commands"
		mf.Settings.Events.RequestURL = root + "/slack/events"
		mf.Settings.Interactivity.RequestURL = root + "/slack/interactions"
	}
	mf.Features.SlashCommands = manifestCommands(commandURL, cmds)
	return &mf
}

// manifestCommands returns a Slack command for each of cmds, then the
// umbrella command that runs any of them.
func manifestCommands(commandURL string, cmds []bot.Command) []manifestCommand {
	out := make([]manifestCommand, 0, len(cmds)+1)
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.Name
		out = append(out, manifestCommand{
			Command:     slackCommand(c.Name),
			URL:         commandURL,
			Description: truncate(c.Summary().In(bot.English), maxDescription),
			UsageHint:   usageHint(c.Name, c.Usage().In(bot.English)),
		})
	}
	return append(out, manifestCommand{
		Command:     umbrellaCommand,
		URL:         commandURL,
		Description: "run any fieldloop command by name, e.g. " + umbrellaCommand + " report sales units=3",
		UsageHint:   truncate("COMMAND [ARGUMENTS] — "+strings.Join(names, ", "), maxUsageHint),
	})
}

// slackCommand returns the Slack command that runs fieldloop command name.
func slackCommand(name string) string {
	if slices.Contains(slackBuiltins, name) {
		return "/" + commandPrefix + name
	}
	return "/" + name
}

// usageHint derives the hint Slack shows while a command is typed from the
// command's usage: the arguments of each "/NAME … — what it does" line
// (examples have no dash), as alternatives, in brackets if the command
// also runs without any.
func usageHint(name, usage string) string {
	var alts []string
	optional := false
	for line := range strings.Lines(usage) {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "/"+name)
		if !ok || (rest != "" && rest[0] != ' ') {
			continue
		}
		args, _, found := strings.Cut(rest, " — ")
		if !found {
			continue
		}
		args = strings.TrimSpace(args)
		switch {
		case args == "":
			optional = true
		case !slices.Contains(alts, args):
			alts = append(alts, args)
		}
	}
	if len(alts) == 0 {
		return ""
	}
	hint := strings.Join(alts, " | ")
	if optional {
		hint = "[" + hint + "]"
	}
	return truncate(hint, maxUsageHint)
}

// encodeManifest writes mf as YAML, which Slack's manifest editor accepts
// as well as JSON and people read more easily.
func encodeManifest(mf *manifest) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("# Slack app manifest for fieldloop, generated by `fieldloop slack-manifest`\n" +
		"# from the commands fieldloop registers. Create the app from it at https://api.slack.com/apps.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(mf); err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	return buf.Bytes(), nil
}
