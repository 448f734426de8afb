//go:build unix

package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"fktpdesk/clinic"
)

// A new database and its WAL are the owner's alone (the data folder too):
// on a PC shared by several Linux accounts, the others cannot read the
// patients in it.
func TestNewDatabaseIsPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, FileName)
	db, _ := openAt(t, path)
	if err := db.SaveFacility(context.Background(), clinic.Facility{PPK: "0114U163", Name: "Klinik Pratama Sehat"}); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]os.FileMode{dir: 0o700 | os.ModeDir, path: 0o600, path + "-wal": 0o600} {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != want {
			t.Errorf("%s is %v, want %v", filepath.Base(name), fi.Mode(), want)
		}
	}
}
