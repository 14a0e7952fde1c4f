package orgfile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/fieldloop/fieldloop/bot"
	"go.yaml.in/yaml/v3"
)

// Update writes org into data, an org file, keeping its comments and its
// order: values are changed where they stand, what org no longer has is
// taken out, and new regions, people and keys are added at the end of
// their part. Check the result with Parse: a file that leans on YAML's
// anchors may not survive.
func Update(data []byte, org *bot.Org, platforms []bot.Platform) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read the org file: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("the org file is not a mapping")
	}
	mergeMapping(doc.Content[0], orgNode(org, platforms), topDefaults())
	return encode(&doc)
}

// merge makes old say what new says, keeping old's comments and style
// wherever it already did.
func merge(old, new *yaml.Node) {
	switch {
	case old.Kind != new.Kind || old.Kind == yaml.AliasNode:
		replace(old, new)
	case old.Kind == yaml.ScalarNode:
		if old.Value != new.Value {
			old.Value, old.Tag, old.Style = new.Value, new.Tag, new.Style
		}
	case old.Kind == yaml.MappingNode:
		mergeMapping(old, new, nil)
	case isRecords(old) && isRecords(new):
		mergeRecords(old, new)
	default:
		mergeList(old, new)
	}
}

// replace puts new in old's place, with old's comments.
func replace(old, new *yaml.Node) {
	head, line, foot := old.HeadComment, old.LineComment, old.FootComment
	*old = *new
	old.HeadComment, old.LineComment, old.FootComment = head, line, foot
}

// mergeMapping merges new's keys into old. A key old has and new lacks is
// taken out, unless absent means something (defaults): it then gets that.
func mergeMapping(old, new *yaml.Node, defaults map[string]*yaml.Node) {
	var kept []*yaml.Node
	for i := 0; i+1 < len(old.Content); i += 2 {
		k, v := old.Content[i], old.Content[i+1]
		nv := valueOf(new, k.Value)
		if nv == nil {
			nv = defaults[k.Value]
		}
		if nv != nil {
			merge(v, nv)
			kept = append(kept, k, v)
		}
	}
	for i := 0; i+1 < len(new.Content); i += 2 {
		if valueOf(old, new.Content[i].Value) == nil {
			kept = append(kept, new.Content[i], new.Content[i+1])
		}
	}
	old.Content = kept
}

func valueOf(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// isRecords reports whether a list holds regions or people: mappings with
// an id.
func isRecords(n *yaml.Node) bool {
	for _, c := range n.Content {
		if c.Kind != yaml.MappingNode || valueOf(c, "id") == nil {
			return false
		}
	}
	return len(n.Content) > 0
}

// mergeRecords matches regions or people by id: those old has keep their
// place, those only new has come after.
func mergeRecords(old, new *yaml.Node) {
	fresh := map[string]*yaml.Node{}
	for _, n := range new.Content {
		fresh[valueOf(n, "id").Value] = n
	}
	var kept []*yaml.Node
	for _, o := range old.Content {
		id := valueOf(o, "id").Value
		if n := fresh[id]; n != nil {
			merge(o, n)
			kept = append(kept, o)
			delete(fresh, id)
		}
	}
	for _, n := range new.Content {
		if fresh[valueOf(n, "id").Value] != nil {
			kept = append(kept, n)
		}
	}
	old.Content = kept
}

// mergeList makes a list of values (roles, managers, days) new's, keeping
// each old item that says the same, with its comment.
func mergeList(old, new *yaml.Node) {
	used := make([]bool, len(old.Content))
	items := make([]*yaml.Node, len(new.Content))
	for i, n := range new.Content {
		items[i] = n
		for j, o := range old.Content {
			if !used[j] && listKey(o) == listKey(n) {
				items[i], used[j] = o, true
				break
			}
		}
	}
	old.Content = items
}

// listKey is what an item of a list says, however written: a day as a
// range of one day, a holiday's mapping as its range.
func listKey(n *yaml.Node) string {
	if n.Kind == yaml.MappingNode {
		if d := valueOf(n, "date"); d != nil {
			return d.Value + ".." + d.Value
		}
		from, to := valueOf(n, "from"), valueOf(n, "to")
		if from == nil || to == nil {
			return "\x00"
		}
		return from.Value + ".." + to.Value
	}
	v := strings.TrimSpace(n.Value)
	if !strings.Contains(v, "..") {
		v += ".." + v
	}
	return v
}

// sameNode reports whether a and b hold the same values.
func sameNode(a, b *yaml.Node) bool {
	if a.Kind != b.Kind || a.Value != b.Value || len(a.Content) != len(b.Content) {
		return false
	}
	for i := range a.Content {
		if !sameNode(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}
