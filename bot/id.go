package bot

import "strconv"

// FormatID renders a record id as users type it: "#42".
func FormatID(id uint64) string { return "#" + strconv.FormatUint(id, 10) }

// ParseID reads "#42" or "42".
func ParseID(s string) (uint64, bool) {
	n, err := strconv.ParseUint(trimHash(s), 10, 64)
	return n, err == nil && n > 0
}

func trimHash(s string) string {
	if len(s) > 0 && (s[0] == '#' || s[0] == '@') {
		return s[1:]
	}
	return s
}
