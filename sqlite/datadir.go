package sqlite

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultDataDir is the per-user folder for the database and training
// data: %LOCALAPPDATA%\FKTP Desk on Windows, $XDG_DATA_HOME/fktp-desk
// (~/.local/share/fktp-desk) elsewhere. The desktop app and fktpctl share it,
// so both see the same records without configuration.
func DefaultDataDir() string {
	if runtime.GOOS == "windows" {
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "FKTP Desk")
		}
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "fktp-desk")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "fktp-data"
	}
	return filepath.Join(home, ".local", "share", "fktp-desk")
}
