package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at release time:
// go build -ldflags "-X main.version=v1.2.3" (see deploy/README.md).
var version = "dev"

// versionString says which build this is: the release version, and the
// source revision and build settings Go records in every binary.
func versionString() string {
	s := "fieldloop " + version
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return s + " (" + runtime.Version() + ")"
	}
	var rev, at, dirty string
	for _, kv := range info.Settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.time":
			at = kv.Value
		case "vcs.modified":
			if kv.Value == "true" {
				dirty = "+changes"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		s += fmt.Sprintf(" (commit %s%s, %s)", rev, dirty, at)
	} else {
		// go build leaves the commit out when told -buildvcs=false (as
		// some machines set GOFLAGS), or outside a git checkout.
		s += " (no commit recorded: build in a git checkout with go build -buildvcs=true)"
	}
	return s + " " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
}
