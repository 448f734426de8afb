// Package fyneapp reads FyneApp.toml, the one place FKTP Desk's version is
// set. The fyne tool reads the same file when it packages the app (the
// Windows .exe's version resource and icon, the Linux desktop entry), so the
// version generator, its test and the artifact checks read it here to agree
// with what the fyne tool wrote. Build tooling only: nothing shipped imports it.
package fyneapp

import (
	"fmt"
	"path/filepath"
	"runtime"

	"github.com/BurntSushi/toml"
)

// File is what FKTP Desk uses of FyneApp.toml.
type File struct {
	Details struct {
		Icon    string
		Name    string
		ID      string
		Version string
		Build   int
	}
	Migrations map[string]bool
}

// Path is FyneApp.toml's path in the source tree, found from this file's own
// place so that it works from any package's test directory.
func Path() string {
	_, self, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(self), "..", "..", "FyneApp.toml")
}

// Load reads and checks the FyneApp.toml at path.
func Load(path string) (File, error) {
	var f File
	if _, err := toml.DecodeFile(path, &f); err != nil {
		return f, fmt.Errorf("read %s: %w", path, err)
	}
	if f.Details.Version == "" {
		return f, fmt.Errorf("%s: [Details] Version is empty", path)
	}
	return f, nil
}

// WindowsVersion is the four-part version the fyne tool writes into the
// .exe's version resource: Version padded to three parts, then Build (which
// the tool takes as 1 when unset).
func (f File) WindowsVersion() string {
	v := f.Details.Version
	for n := countDots(v); n < 2; n++ {
		v += ".0"
	}
	return fmt.Sprintf("%s.%d", v, max(f.Details.Build, 1))
}

func countDots(s string) int {
	n := 0
	for _, r := range s {
		if r == '.' {
			n++
		}
	}
	return n
}
