package export

import (
	"fmt"
	"io"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/xuri/excelize/v2"
)

// XLSX is the Excel format.
const XLSX = "xlsx"

// ReportsXLSX writes reports as an Excel workbook with one sheet per kind
// (named by its key), a column per field: money and percentages as
// numbers with a number format, yes/no as booleans, dates and times as
// dates, amounts formatted with the org's currency. Text is stored as
// text, never as a formula.
func ReportsXLSX(w io.Writer, schema *bot.Schema, org *bot.Org, src Source) error {
	f := excelize.NewFile()
	defer f.Close()
	styles, err := newStyles(f, org.Currency)
	if err != nil {
		return err
	}
	kinds, err := src.Kinds()
	if err != nil {
		return err
	}
	first := true
	for _, k := range schema.Kinds {
		if !kinds[k.Key] {
			continue
		}
		if first {
			// A new workbook has Sheet1: use it, so there is no empty sheet.
			if err := f.SetSheetName("Sheet1", k.Key); err != nil {
				return err
			}
			first = false
		} else if _, err := f.NewSheet(k.Key); err != nil {
			return err
		}
		if err := writeKindSheet(f, k, src, org.Location, styles); err != nil {
			return fmt.Errorf("sheet %s: %w", k.Key, err)
		}
	}
	return f.Write(w)
}

type xlsxStyles struct{ money, percent, date, datetime int }

func newStyles(f *excelize.File, currency string) (xlsxStyles, error) {
	var s xlsxStyles
	for _, x := range []struct {
		dst *int
		fmt string
	}{{&s.money, `#,##0.00 "` + currency + `"`}, {&s.percent, "0.##%"}, {&s.date, "yyyy-mm-dd"}, {&s.datetime, "yyyy-mm-dd hh:mm"}} {
		format := x.fmt
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
		if err != nil {
			return s, err
		}
		*x.dst = id
	}
	return s, nil
}

// writeKindSheet streams the reports of kind k into its sheet: excelize's
// stream writer keeps rows on disk, not in memory.
func writeKindSheet(f *excelize.File, k *bot.Kind, src Source, loc *time.Location, st xlsxStyles) error {
	sw, err := f.NewStreamWriter(k.Key)
	if err != nil {
		return err
	}
	header := []any{"id", "person", "region", "created_at", "deleted"}
	for _, fd := range k.Fields {
		header = append(header, fd.Key)
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	i := 0
	err = src.Each(k.Key, func(r *bot.Report) error {
		created := r.CreatedAt.In(loc)
		// Excel has no zones: the local wall time, as the CSV shows it.
		wall := time.Date(created.Year(), created.Month(), created.Day(), created.Hour(), created.Minute(), created.Second(), 0, time.UTC)
		row := []any{r.ID, r.Person, r.Region, excelize.Cell{Value: wall, StyleID: st.datetime}, r.Deleted}
		for j := range k.Fields {
			row = append(row, xlsxValue(&k.Fields[j], r.Fields, st))
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		i++
		return sw.SetRow(cell, row)
	})
	if err != nil {
		return err
	}
	return sw.Flush()
}

// xlsxValue is one field as a typed cell; nil when the field is empty.
func xlsxValue(fd *bot.Field, fields map[string]bot.Value, st xlsxStyles) any {
	v, ok := fields[fd.Key]
	if !ok {
		return nil
	}
	switch fd.Type {
	case bot.TypeInt:
		return v.Num
	case bot.TypeMoney:
		return excelize.Cell{Value: float64(v.Num) / 100, StyleID: st.money}
	case bot.TypePercent:
		return excelize.Cell{Value: float64(v.Num) / 10000, StyleID: st.percent}
	case bot.TypeYesNo:
		return v.Num != 0
	case bot.TypeDate:
		if d, err := time.Parse(time.DateOnly, v.Text); err == nil {
			return excelize.Cell{Value: d, StyleID: st.date}
		}
	}
	return v.Text
}
