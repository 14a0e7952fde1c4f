package orgfile

import (
	"strings"
	"testing"
)

func TestCalendarToken(t *testing.T) {
	const file = "regions:\n  - id: east\n    name: East\n    calendar_token: %s\n  - {id: north, name: North}\npeople:\n" + admin
	org, err := Parse([]byte(strings.Replace(file, "%s", "Ab3_-xyz0123456789QQ", 1)), "org.yaml", platforms...)
	if err != nil {
		t.Fatal(err)
	}
	if got := org.Region("east").CalendarToken; got != "Ab3_-xyz0123456789QQ" {
		t.Errorf("east's token = %q", got)
	}
	if got := org.Region("north").CalendarToken; got != "" {
		t.Errorf("north's token = %q, want none (a generated one is used)", got)
	}

	for _, tc := range []struct{ token, want string }{
		{"short-secret", `org.yaml:4: regions[0].calendar_token: the token is 12 characters long; it must be at least 16`},
		{`"sixteen+chars/and/more"`, `org.yaml:4: regions[0].calendar_token: the token has a character that is not a letter, a digit, "-" or "_"`},
		{"[a, b]", `org.yaml:4: regions[0].calendar_token: expected a single value, found a list`},
	} {
		_, err := Parse([]byte(strings.Replace(file, "%s", tc.token, 1)), "org.yaml", platforms...)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("token %s: error %v, want it to start with %q", tc.token, err, tc.want)
			continue
		}
		// The message names the rule, never the secret.
		if strings.Contains(err.Error(), strings.Trim(tc.token, `"`)) && tc.token != "[a, b]" {
			t.Errorf("token %s: the error shows the token: %v", tc.token, err)
		}
	}
}
