package value

import "fmt"

// Problem is why a value was refused. Its Key names the reason, and the
// catalogue says it in each language as "value."+Key with Args (see
// bot.ValueProblem), so that a reader who chose Chinese is not told in
// English; Error is the English, for logs and the command line. Args that
// are text the user gave are Short, unquoted.
type Problem struct {
	Key  string
	Args []any
	// Field, for a cron line, is the field it was in ("minute"); the
	// catalogue names it as "value.cron.field."+Field.
	Field  string
	format string
}

func (p *Problem) Error() string {
	msg := fmt.Sprintf(p.format, p.Args...)
	if p.Field != "" {
		return p.Field + ": " + msg
	}
	return msg
}

// problem makes the Problem key with args, format being its English.
func problem(key, format string, args ...any) *Problem {
	return &Problem{Key: key, Args: args, format: format}
}

// ProblemKeys are the keys of every Problem this package makes, for a
// test that the catalogue has them all.
var ProblemKeys = []string{
	"every.form", "every.frequency", "every.weekday", "every.monthday", "clock",
	"cron.fields", "cron.step", "cron.backwards", "cron.range", "cron.often",
}

// CronFields are the names of a cron line's fields, as Problem.Field
// gives them.
var CronFields = []string{"minute", "hour", "day", "month", "weekday"}
