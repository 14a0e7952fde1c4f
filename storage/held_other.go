//go:build !(linux || darwin || freebsd)

package storage

// heldByAnother cannot tell here; bbolt's own lock still refuses a second
// writer once the file is whole.
func heldByAnother(string, bool) bool { return false }
