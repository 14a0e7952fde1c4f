package bot

import (
	"strings"
	"unicode"
)

// Arg is one argument of a command line: a bare word or a key=value pair.
type Arg struct {
	Key   string // "" for a bare word
	Value string
	Pair  bool // written as key=value
}

// closing maps each opening quote to the quotes that may close it. Phones
// turn " into “ ” and Chinese keyboards type 「 」, so all of them work.
// Single quotes are not quotes here: they are apostrophes far more often
// ("Bob’s store").
var closing = map[rune]string{
	'"': `"”“`, '“': `”"“`, '”': `”"“`, '„': `“”"`,
	'「': `」`, '『': `』`,
}

// ParseArgs splits a command line into bare words and key=value pairs.
// Values with spaces are quoted ("two words", “two words”, 「两个词」);
// inside quotes, a backslash escapes a quote or a backslash and is kept
// before anything else ("C:\temp"); the full-width ＝ works as =,
// and "key = value" with spaces is read as key=value.
func ParseArgs(line string) ([]Arg, error) {
	toks, err := lex(line)
	if err != nil {
		return nil, err
	}
	var args []Arg
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.eq && t.key == "" && !t.quotedKey:
			// "= value" after a bare word: "outlet = Store".
			if len(args) == 0 || args[len(args)-1].Pair {
				return nil, Errorf(EINVALID, "error.args.equals")
			}
			prev := &args[len(args)-1]
			prev.Key, prev.Pair, prev.Value = prev.Value, true, t.value
			if t.value == "" && !t.quotedValue && i+1 < len(toks) && !toks[i+1].eq {
				i++
				prev.Value = toks[i].value
			}
		case t.eq && t.value == "" && !t.quotedValue && i+1 < len(toks) && !toks[i+1].eq:
			// "outlet= Store"
			i++
			args = append(args, Arg{Key: t.key, Value: toks[i].value, Pair: true})
		case t.eq:
			args = append(args, Arg{Key: t.key, Value: t.value, Pair: true})
		default:
			args = append(args, Arg{Value: t.value})
		}
	}
	return args, nil
}

type token struct {
	key, value             string
	eq                     bool // the token had an unquoted =
	quotedKey, quotedValue bool
}

func lex(line string) ([]token, error) {
	var toks []token
	rs := []rune(line)
	for i := 0; i < len(rs); {
		if isSpace(rs[i]) {
			i++
			continue
		}
		var t token
		var cur strings.Builder
		quoted := false
		for i < len(rs) && !isSpace(rs[i]) {
			r := rs[i]
			if closers, ok := closing[r]; ok && cur.Len() == 0 {
				s, n, err := readQuoted(rs[i+1:], closers)
				if err != nil {
					return nil, err
				}
				cur.WriteString(s)
				quoted = true
				i += n + 1
				continue
			}
			if (r == '=' || r == '＝') && !t.eq {
				t.eq = true
				t.key, t.quotedKey = cur.String(), quoted
				cur.Reset()
				quoted = false
				i++
				continue
			}
			cur.WriteRune(r)
			i++
		}
		if t.eq {
			t.value, t.quotedValue = cur.String(), quoted
		} else {
			t.value = cur.String()
		}
		toks = append(toks, t)
	}
	return toks, nil
}

// readQuoted reads up to a closing quote; it returns the text and how many
// runes it consumed, the closing quote included.
func readQuoted(rs []rune, closers string) (string, int, error) {
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '\\' && i+1 < len(rs) && (rs[i+1] == '\\' || strings.ContainsRune(closers, rs[i+1])):
			i++
			b.WriteRune(rs[i])
		case strings.ContainsRune(closers, rs[i]):
			return b.String(), i + 1, nil
		default:
			b.WriteRune(rs[i])
		}
	}
	return "", 0, Errorf(EINVALID, "error.args.quote")
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }
