package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// The check of the digests issue, in the console: a monthly target for
// east, reports from east and north, the digest of east.
func TestDigestEast(t *testing.T) {
	db := tempDB(t)
	out, _, _ := run(t, strings.Join([]string{
		`@mia /target set region=east period=2026-11 amount=10,000`,
		`@alice /target set region=east period=2026-11 amount=1`,
		`@mia /target set region=east period=2026 amount=120,000 split=monthly`,
		`@alice /report sales outlet=Metro units=10 amount=3,000.50`,
		`@bob /report sales outlet=Lotus units=5 amount=1,500`,
		`@chen /report sales outlet=华联 units=99 amount=99,999`,
		`@bob /report competitor brand=BrandX activity=price_cut price=39.90`,
		`@alice /report customer customer=Metro sentiment=negative note="late deliveries"`,
		`@max /digest`,
		`@max /target show`,
		`@alice /digest`,
	}, "\n")+"\n", "--db", db)
	for _, want := range []string{
		"Target for East China, 2026-11: 10,000.00",
		"Only marketing and admins can set targets.",
		"2026-12: 10,000.00",
		"Digest: East China, 2026-11",
		"4,500.50 of a 10,000.00 target: 45% (15 units)",
		"East China, 2026-11: target 10,000.00, actual 4,500.50, attainment 45%",
		"Digest: Alice Wang, 2026-11",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("console lacks %q:\n%s", want, out)
		}
	}
	text, errOut, code := run(t, "", "digest", "--db", db, "--region", "east", "--period", "2026-11")
	if code != 0 {
		t.Fatalf("digest: %d %s", code, errOut)
	}
	for _, want := range []string{"4,500.50 of a 10,000.00 target: 45%", "BrandX", "late deliveries", "Metro: 3,000.50"} {
		if !strings.Contains(text, want) {
			t.Errorf("digest lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "99,999") || strings.Contains(text, "华联") {
		t.Errorf("east's digest shows north:\n%s", text)
	}
	js, _, _ := run(t, "", "digest", "--db", db, "--region", "east", "--period", "2026-11", "--format", "json")
	var d struct {
		Sales struct{ Total, Target, Attainment string }
	}
	if err := json.Unmarshal([]byte(js), &d); err != nil || d.Sales.Total != "4500.50" || d.Sales.Target != "10000.00" || d.Sales.Attainment != "45%" {
		t.Errorf("json: %+v %v\n%s", d, err, js)
	}
	for _, args := range [][]string{{"digest", "--region", "mars", "--period", "2026-11"}, {"digest", "--region", "east"}, {"digest", "--region", "east", "--period", "soon"}} {
		if _, errOut, code := run(t, "", append(args, "--db", db)...); code != 2 {
			t.Errorf("%v: exit %d %s", args, code, errOut)
		}
	}
}
