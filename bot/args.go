package bot

import (
	"slices"
	"strings"
	"unicode"

	"github.com/fieldloop/fieldloop/value"
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
// before anything else ("C:\temp"); "key = value" with spaces is read as
// key=value. Full-width punctuation works as its ASCII form (＝ is =), as
// width folding reads it. A comma, a semicolon or 、 followed by another
// name= separates pairs (销量=3，销售额=1万), and elsewhere stays in the
// value; a number grouped by spaces ("3 200") is one value.
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
		if isSpace(rs[i]) || (isPairSeparator(rs[i]) && startsPair(rs[i+1:])) {
			i++
			continue
		}
		t, n, err := lexToken(rs[i:])
		if err != nil {
			return nil, err
		}
		toks = append(toks, t)
		i += n
	}
	return toks, nil
}

// lexToken reads one token at the start of rs and returns it with the
// number of runes it took: up to a space, except one between the groups of
// a number's thousands, or up to a separator that starts another pair.
func lexToken(rs []rune) (token, int, error) {
	var t token
	var cur strings.Builder
	quoted := false
	i := 0
	for ; i < len(rs) && !endsToken(rs, i, t.eq && !quoted, cur.String()); i++ {
		r := value.FoldRune(rs[i])
		if closers, ok := closing[r]; ok && cur.Len() == 0 {
			s, n, err := readQuoted(rs[i+1:], closers)
			if err != nil {
				return t, 0, err
			}
			cur.WriteString(s)
			quoted = true
			i += n
			continue
		}
		if r == '=' && !t.eq {
			t.eq = true
			t.key, t.quotedKey = cur.String(), quoted
			cur.Reset()
			quoted = false
			continue
		}
		cur.WriteRune(rs[i])
	}
	if t.eq {
		t.value, t.quotedValue = cur.String(), quoted
	} else {
		t.value = cur.String()
	}
	return t, i, nil
}

// endsToken reports whether the token being read ends at rs[i]: at a space
// (but for one inside a number, when reading an unquoted value), or at a
// separator that another pair follows.
func endsToken(rs []rune, i int, inValue bool, sofar string) bool {
	switch {
	case isSpace(rs[i]):
		return !inValue || i+1 >= len(rs) || !value.ContinuesNumber(sofar, word(rs[i+1:]))
	case isPairSeparator(rs[i]):
		return startsPair(rs[i+1:])
	}
	return false
}

// isPairSeparator reports whether r may separate two pairs: a comma or a
// semicolon, in either width, or the Chinese enumeration comma 、.
func isPairSeparator(r rune) bool {
	r = value.FoldRune(r)
	return r == ',' || r == ';' || r == '、'
}

// startsPair reports whether rs starts with a name and an unquoted =, so
// that the separator before it ends the previous pair rather than joining
// its value.
func startsPair(rs []rune) bool {
	for i, r := range rs {
		f := value.FoldRune(r)
		switch {
		case f == '=':
			return i > 0
		case isSpace(r) || isPairSeparator(r) || closing[f] != "":
			return false
		}
	}
	return false
}

// word is the text of rs up to its first space.
func word(rs []rune) string {
	end := slices.IndexFunc(rs, isSpace)
	if end < 0 {
		end = len(rs)
	}
	return string(rs[:end])
}

// readQuoted reads up to a closing quote; it returns the text and how many
// runes it consumed, the closing quote included.
func readQuoted(rs []rune, closers string) (string, int, error) {
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '\\' && i+1 < len(rs) && (rs[i+1] == '\\' || strings.ContainsRune(closers, value.FoldRune(rs[i+1]))):
			i++
			b.WriteRune(rs[i])
		case strings.ContainsRune(closers, value.FoldRune(rs[i])):
			return b.String(), i + 1, nil
		default:
			b.WriteRune(rs[i])
		}
	}
	return "", 0, Errorf(EINVALID, "error.args.quote")
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }
