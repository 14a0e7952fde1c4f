package records

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/value"
)

// Key is how a name is compared: width (全角/半角) folded, case ignored,
// and spaces and the punctuation that people type either way ("Carrefour
// Gubei", "carrefour-gubei", "家乐福·古北") dropped.
func Key(s string) string {
	s = value.Fold(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Index finds the records of one kind by what people type: an id, a name
// in either language or an alias. It is built once per change of the list
// (see Store) and read by any number of goroutines.
type Index struct {
	recs []*bot.Record
	// idKeys are the Keys of recs' ids, in the same order.
	idKeys []string
	// byID maps the Key of every id, removed and merged records included,
	// to the record an id stands for today: a merged record's id finds
	// the one it was merged into.
	byID map[string]*bot.Record
	// byName maps the Key of every name of a record in use.
	byName map[string][]*bot.Record
	// names are the names of the records in use, for suggestions and
	// searches, with grams, the postings of each pair of characters.
	names []name
	grams map[gram][]int32
}

type name struct {
	key   string
	rec   *bot.Record
	grams int // distinct pairs of characters in key
}

// gram is two characters of a Key, the unit suggestions compare by.
type gram [2]rune

// NewIndex indexes recs (one kind).
func NewIndex(recs []*bot.Record) *Index {
	x := &Index{recs: recs, byID: make(map[string]*bot.Record, len(recs)),
		byName: make(map[string][]*bot.Record, len(recs)*2), grams: map[gram][]int32{}}
	byRawID := make(map[string]*bot.Record, len(recs))
	for _, r := range recs {
		byRawID[r.ID] = r
	}
	x.idKeys = make([]string, len(recs))
	for i, r := range recs {
		x.idKeys[i] = Key(r.ID)
		x.byID[x.idKeys[i]] = survivor(r, byRawID)
		if r.Removed() {
			continue
		}
		for _, n := range Names(r) {
			k := Key(n)
			if k == "" || slices.Contains(x.byName[k], r) {
				continue
			}
			x.byName[k] = append(x.byName[k], r)
			x.addName(k, r)
		}
	}
	return x
}

// survivor follows r's merges to the record in use it ended in (r itself
// when never merged). A loop, which no command makes, ends where it
// closes.
func survivor(r *bot.Record, byID map[string]*bot.Record) *bot.Record {
	for range len(byID) {
		next := byID[r.MergedInto]
		if r.MergedInto == "" || next == nil {
			break
		}
		r = next
	}
	return r
}

func (x *Index) addName(k string, r *bot.Record) {
	i := int32(len(x.names))
	gs := dedupe(grams(k))
	x.names = append(x.names, name{k, r, len(gs)})
	for _, g := range gs {
		x.grams[g] = append(x.grams[g], i)
	}
}

// grams returns the pairs of adjacent characters of k; a one-character key
// is its own pair.
func grams(k string) []gram {
	rs := []rune(k)
	if len(rs) == 1 {
		return []gram{{rs[0], 0}}
	}
	out := make([]gram, 0, len(rs))
	for i := 1; i < len(rs); i++ {
		out = append(out, gram{rs[i-1], rs[i]})
	}
	return out
}

// Names returns r's names: its name, its name in the other language and
// its aliases, without the empty ones.
func Names(r *bot.Record) []string {
	out := make([]string, 0, 2+len(r.Aliases))
	for _, n := range append([]string{r.Name, r.NameAlt}, r.Aliases...) {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// Len is the number of records in use.
func (x *Index) Len() int {
	n := 0
	for _, r := range x.recs {
		if !r.Removed() {
			n++
		}
	}
	return n
}

// Records returns the indexed records, removed ones included, in id order.
func (x *Index) Records() []*bot.Record { return x.recs }

// Find returns the one record text names: by id (a removed record too,
// which the caller decides about; a merged one's id finds the survivor), or
// by a name of a record in use. When several records have that name it
// returns none and them.
func (x *Index) Find(text string) (found *bot.Record, ambiguous []*bot.Record) {
	k := Key(text)
	if k == "" {
		return nil, nil
	}
	if r := x.byID[k]; r != nil {
		return r, nil
	}
	switch rs := x.byName[k]; len(rs) {
	case 0:
		return nil, nil
	case 1:
		return rs[0], nil
	default:
		return nil, slices.Clone(rs)
	}
}

// Suggest returns up to n records in use whose names are closest to text,
// closest first, among those keep accepts (nil keeps all): what a typo
// ("carefour gubie") or a partial name ("古北") probably meant. Names
// sharing no pair of characters with text are never suggested.
func (x *Index) Suggest(text string, n int, keep func(*bot.Record) bool) []*bot.Record {
	k := Key(text)
	if k == "" || n <= 0 {
		return nil
	}
	qs := dedupe(grams(k))
	counts := make([]uint16, len(x.names))
	var touched []int32
	for _, g := range x.selective(qs) {
		for _, i := range x.grams[g] {
			if counts[i] == 0 {
				touched = append(touched, i)
			}
			counts[i]++
		}
	}
	type scored struct {
		rec   *bot.Record
		score float64
		dist  int
	}
	// The names sharing the most of the query's rarer pairs are scored by
	// all their pairs (the Dice coefficient); only the best of those are
	// then compared character by character.
	touched = top(touched, 32*n, func(a, b int32) int { return cmp.Compare(counts[b], counts[a]) })
	list := make([]scored, 0, len(touched))
	for _, i := range touched {
		nm := x.names[i]
		score := 2 * float64(shared(qs, nm.key)) / float64(len(qs)+nm.grams)
		if score < 0.3 || keep != nil && !keep(nm.rec) {
			continue
		}
		if strings.Contains(nm.key, k) {
			score += 1 // a part of the name, typed right, beats a near miss
		}
		list = append(list, scored{nm.rec, score, 0})
	}
	list = top(list, 8*n, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
	for i := range list {
		list[i].dist = x.closest(list[i].rec, k)
	}
	slices.SortFunc(list, func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.dist, b.dist), bot.CompareIDs(a.rec.ID, b.rec.ID))
	})
	out := make([]*bot.Record, 0, n)
	for _, s := range list {
		if len(out) < n && !slices.Contains(out, s.rec) {
			out = append(out, s.rec)
		}
	}
	return out
}

// selective returns the pairs of qs that few names share, so that a query
// of common syllables ("store") does not visit every name; all of qs when
// every one is common.
func (x *Index) selective(qs []gram) []gram {
	limit := max(len(x.names)/8, 64)
	var out []gram
	for _, g := range qs {
		if len(x.grams[g]) <= limit {
			out = append(out, g)
		}
	}
	if len(out) == 0 {
		return qs
	}
	return out
}

// shared counts the pairs of qs that occur in key.
func shared(qs []gram, key string) int {
	n := 0
	kg := grams(key)
	for _, g := range qs {
		if slices.Contains(kg, g) {
			n++
		}
	}
	return n
}

// closest is the distance from k to the nearest of r's names.
func (x *Index) closest(r *bot.Record, k string) int {
	best := -1
	for _, n := range Names(r) {
		if d := distance(k, Key(n)); best < 0 || d < best {
			best = d
		}
	}
	return best
}

func dedupe(gs []gram) []gram {
	out := make([]gram, 0, len(gs))
	for _, g := range gs {
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}

// distance is the Levenshtein distance between a and b, in characters.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Search answers a picker: up to n records in use that keep accepts (nil
// keeps all) whose id or a name contains what was typed so far, those
// whose id or a name starts with it first; within each, rank orders them
// (lower first: the rep's recent choices, then their own outlets), then
// name. An empty query lists the first n by rank.
func (x *Index) Search(query string, n int, keep func(*bot.Record) bool, rank func(*bot.Record) int) []*bot.Record {
	k := Key(query)
	type hit struct {
		rec    *bot.Record
		prefix bool
	}
	hits := map[*bot.Record]hit{}
	add := func(r *bot.Record, prefix bool) {
		if keep != nil && !keep(r) {
			return
		}
		if h, ok := hits[r]; !ok || prefix && !h.prefix {
			hits[r] = hit{r, prefix}
		}
	}
	for i, r := range x.recs {
		if k != "" && !r.Removed() && strings.Contains(x.idKeys[i], k) {
			add(r, strings.HasPrefix(x.idKeys[i], k))
		}
	}
	for _, i := range x.candidates(k) {
		nm := x.names[i]
		if strings.Contains(nm.key, k) {
			add(nm.rec, strings.HasPrefix(nm.key, k))
		}
	}
	list := make([]hit, 0, len(hits))
	for _, h := range hits {
		list = append(list, h)
	}
	if rank == nil {
		rank = func(*bot.Record) int { return 0 }
	}
	list = top(list, n, func(a, b hit) int {
		return cmp.Or(-compareBool(a.prefix, b.prefix), cmp.Compare(rank(a.rec), rank(b.rec)),
			cmp.Compare(a.rec.Name, b.rec.Name), bot.CompareIDs(a.rec.ID, b.rec.ID))
	})
	out := make([]*bot.Record, 0, len(list))
	for _, h := range list {
		out = append(out, h.rec)
	}
	return out
}

// candidates returns the names that may contain k: those with its rarest
// pair of characters, or every name when k is too short to have one.
func (x *Index) candidates(k string) []int32 {
	rs := []rune(k)
	if len(rs) < 2 {
		all := make([]int32, len(x.names))
		for i := range all {
			all[i] = int32(i)
		}
		return all
	}
	var rarest []int32
	for i, g := range grams(k) {
		p := x.grams[g]
		if i == 0 || len(p) < len(rarest) {
			rarest = p
		}
	}
	return rarest
}

// top returns the first n of list in the order of compare, sorted, without
// sorting the whole list: a picker shows 25 or 100 of thousands.
func top[T any](list []T, n int, compare func(a, b T) int) []T {
	if len(list) <= n {
		slices.SortFunc(list, compare)
		return list
	}
	best := make([]T, 0, n+1)
	for _, v := range list {
		if len(best) == n && compare(v, best[n-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(best, v, compare)
		best = slices.Insert(best, i, v)
		if len(best) > n {
			best = best[:n]
		}
	}
	return best
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
