// Package version says which FKTP Desk a binary is: the number set in
// FyneApp.toml and, when known, the git commit it was built from. The desktop
// app's title and About, `fktpctl version` and the packaged artifacts all show
// this one value.
//
// FyneApp.toml is the one place the number is set (the fyne tool writes it
// into the Windows .exe and the Linux package); number.go is generated from it
// by `go generate ./version` (make build and make dist run it), and
// TestNumberIsFyneAppVersion fails when someone forgets.
package version

//go:generate go run gen.go

import (
	"runtime/debug"
)

// commit is set at link time by make build and make dist:
// -ldflags "-X fktpdesk/version.commit=…" (see scripts/version-ldflags.sh).
// Go's own VCS stamp is the fallback, for a plain go build of a clone.
var commit string

// Commit is the git commit the binary was built from, shortened, with
// "-dirty" when the tree had uncommitted changes; "" when unknown.
func Commit() string {
	if commit != "" {
		return commit
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	return commitFromBuildInfo(info)
}

func commitFromBuildInfo(info *debug.BuildInfo) string {
	var rev string
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return ""
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return rev
}

// String is the version as shown to people: "0.1.0+7104377b2d94", or only
// the number when the commit is unknown (semver's build-metadata form, so
// it reads the same in any language).
func String() string {
	return format(Number, Commit())
}

func format(number, commit string) string {
	if commit == "" {
		return number
	}
	return number + "+" + commit
}
