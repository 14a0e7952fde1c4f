package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
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
		"Target for East China, 2026-11: CNY 10,000.00",
		"Only marketing and admins can set targets.",
		"2026-12: CNY 10,000.00",
		"Digest: East China, 2026-11",
		"4,500.50 against a target of 10,000.00: 45% (15 units)",
		"East China, 2026-11: target CNY 10,000.00, actual CNY 4,500.50, attainment 45%",
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
	for _, want := range []string{"4,500.50 against a target of 10,000.00: 45%", "BrandX", "late deliveries", "Metro: 3,000.50"} {
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

// The Excel export holds every report, one sheet per kind, money as a
// number.
func TestExportXLSX(t *testing.T) {
	db := tempDB(t)
	run(t, strings.Join([]string{
		`@alice /report sales outlet="=cmd|' /c calc'!A0" units=10 amount=3,000.50`,
		`@chen /report sales outlet=华联 units=2`,
		`@bob /report payment customer=Metro due=5000 due_date=2026-12-31`,
	}, "\n")+"\n", "--db", db)
	out := filepath.Join(t.TempDir(), "r.xlsx")
	if _, errOut, code := run(t, "", "export", "reports", "--db", db, "--format", "xlsx", "--out", out); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "sales,payment" {
		t.Errorf("sheets %v", got)
	}
	rows, _ := f.GetRows("sales")
	if len(rows) != 3 || strings.Join(rows[0], ",") != "id,person,region,created_at,deleted,outlet,sku,units,amount,note" {
		t.Fatalf("sales rows: %q", rows)
	}
	if rows[1][5] != "=cmd|' /c calc'!A0" || rows[1][8] != "3,000.50 CNY" || rows[2][5] != "华联" {
		t.Errorf("sales row: %q / %q", rows[1], rows[2])
	}
	if formula, _ := f.GetCellFormula("sales", "F2"); formula != "" {
		t.Errorf("text became a formula: %q", formula)
	}
	raw, _ := f.GetCellValue("sales", "I2", excelize.Options{RawCellValue: true})
	if raw != "3000.5" {
		t.Errorf("amount raw value %q, want the number 3000.5", raw)
	}
	if _, _, code := run(t, "", "export", "messages", "--db", db, "--format", "xlsx"); code != 2 {
		t.Errorf("xlsx messages accepted")
	}
}
