package commands

import (
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// BenchmarkParseInlineReport measures what /report does before it touches
// the store: split the line, find the kind and fields, parse and validate
// every value. The target is under 20 µs.
func BenchmarkParseInlineReport(b *testing.B) {
	schema := bot.ReportSchema()
	lines := map[string]string{
		"sales":      `sales outlet="Carrefour Pudong" sku=SKU-1024 units=12 amount=3,200.50 note="busy after 6pm"`,
		"competitor": `competitor brand=BrandX activity=降价 price=¥39.90 outlet="华联超市" note="两周内第二次降价"`,
	}
	pc := bot.ParseContext{Now: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)}
	for name, line := range lines {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				args, err := bot.ParseArgs(line)
				if err != nil {
					b.Fatal(err)
				}
				kind := schema.Kind(args[0].Value)
				raw, err := rawValues(kind, args[1:], nil)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := kind.Parse(raw, pc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
