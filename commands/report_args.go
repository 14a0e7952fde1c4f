package commands

import "github.com/fieldloop/fieldloop/bot"

// maxChangesLen is the most characters of the changes /report edit takes
// as one typed option: room for a few fields, long notes included.
const maxChangesLen = 6000

// listFilterLen is the most characters of a /report list filter: an id or
// a date is far shorter.
const listFilterLen = 100

// reportSubcommands declares /report's subcommands: new (the form that
// asks for the kind), one per kind with its fields as options, and list,
// show, edit and delete.
func reportSubcommands(schema *bot.Schema) []bot.Subcommand {
	newForm := reportSub("new")
	newForm.Words = "" // /report alone: the form that asks for the kind
	subs := []bot.Subcommand{newForm}
	kinds := make([]bot.OptionChoice, 0, len(schema.Kinds))
	for _, k := range schema.Kinds {
		kinds = append(kinds, bot.OptionChoice{Value: k.Key, Label: k.Label()})
		subs = append(subs, kindSubcommand(k))
	}
	return append(subs, recordSubcommands(kinds)...)
}

// recordSubcommands declares the subcommands on filed reports: list (by
// one of kinds, since a time, by a person or region), show, edit and
// delete.
func recordSubcommands(kinds []bot.OptionChoice) []bot.Subcommand {
	id := bot.NewOption("id", bot.OptionInteger, bot.PutWord)
	id.Required, id.Min = true, ptr(1)
	kind := bot.NewOption("kind", bot.OptionString, bot.PutWord)
	kind.Choices = kinds
	filter := func(name string) bot.Option {
		o := bot.NewOption(name, bot.OptionString, bot.PutPair)
		o.MaxLen = listFilterLen
		return o
	}
	changes := bot.NewOption("changes", bot.OptionString, bot.PutRaw)
	changes.MaxLen = maxChangesLen
	return []bot.Subcommand{
		reportSub("list", kind, filter("since"), filter("person"), filter("region")),
		reportSub("show", id),
		reportSub("edit", id, changes),
		reportSub("delete", id),
	}
}

// reportSub returns the /report subcommand called name, which adds name
// to the command line, described by "report.sub.NAME".
func reportSub(name string, opts ...bot.Option) bot.Subcommand {
	return bot.Subcommand{Name: name, Zh: bot.ChineseName(name), Desc: bot.T("report.sub." + name), Words: name, Options: opts}
}

// kindSubcommand files a report of kind k, its fields as options. Its
// Chinese name is the short one people type (销售, not 终端销售), else the
// kind's label.
func kindSubcommand(k *bot.Kind) bot.Subcommand {
	zh := k.Label().In(bot.Chinese)
	if len(k.Aliases) > 0 {
		zh = k.Aliases[0]
	}
	sub := bot.Subcommand{Name: k.Key, Zh: zh, Desc: bot.T("report.sub.kind", k.Label()), Words: k.Key}
	en, cn := k.Form(bot.English, "", nil), k.Form(bot.Chinese, "", nil)
	for i, f := range en.Fields {
		sub.Options = append(sub.Options, fieldOption(f, cn.Fields[i]))
	}
	return sub
}

// fieldOption is a report field as an option, from the field's form
// input in English (en) and Chinese (zh): integers as integers, money and
// percentages as numbers, choices and yes/no as text with choices, the
// rest as text. None is required, whatever the schema says: a kind given
// no option answers with its form, and the core names what is missing.
func fieldOption(en, zh bot.FormField) bot.Option {
	o := bot.Option{Name: en.Key, Zh: zh.Label, Type: bot.OptionString, Put: bot.PutFormValue,
		Desc: bot.Literal(fieldDesc(en, bot.English), fieldDesc(zh, bot.Chinese))}
	switch en.Input {
	case bot.InputInteger, bot.InputDecimal:
		o.Type = bot.OptionInteger
		if en.Input == bot.InputDecimal {
			o.Type = bot.OptionNumber
		}
		if en.Max > en.Min {
			o.Min, o.Max = ptr(en.Min), ptr(en.Max)
		}
	case bot.InputChoice:
		for i, c := range en.Choices {
			o.Choices = append(o.Choices, bot.OptionChoice{Value: c.Value, Label: bot.Literal(c.Label, zh.Choices[i].Label)})
		}
	default:
		o.MaxLen = en.MaxLen
	}
	return o
}

// fieldDesc describes a field option: its label, whether it is required,
// and the form's hint ("Units (required) · e.g. 12").
func fieldDesc(f bot.FormField, lang bot.Lang) string {
	d := f.Label
	if f.Required {
		d = bot.T("option.required", d).In(lang)
	}
	if f.Hint != "" {
		d = bot.T("option.hint", d, f.Hint).In(lang)
	}
	return d
}

func ptr(n int64) *int64 { return &n }
