package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fktpdesk/clinic"
)

// bigFiles makes every file count as large for the test: Open defers its
// integrity check to the background.
func bigFiles(t *testing.T) {
	oldMax, oldDelay := fullCheckMax, checkDelay
	fullCheckMax, checkDelay = 0, 0
	t.Cleanup(func() { fullCheckMax, checkDelay = oldMax, oldDelay })
}

// openChecked opens a seeded file as a large one (damaged or not) and
// waits for its background check.
func openChecked(t *testing.T, damage bool) *DB {
	t.Helper()
	bigFiles(t)
	path := filepath.Join(t.TempDir(), FileName)
	seededFile(t, path, damage)
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open of a large file ran the full check before opening: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	<-db.checked
	return db
}

func TestLargeDamagedFileOpensThenRefusesWrites(t *testing.T) {
	db := openChecked(t, true)
	err := db.SaveFacility(context.Background(), clinic.Facility{PPK: "0114U163", Name: "Klinik"})
	wantCode(t, err, clinic.EINTERNAL)
	if !strings.Contains(clinic.ErrorMessage(err), "rusak") {
		t.Fatalf("write after a failed background check: %v", err)
	}
}

func TestLargeHealthyFileKeepsWriting(t *testing.T) {
	db := openChecked(t, false)
	if err := db.SaveFacility(context.Background(), clinic.Facility{PPK: "0114U163", Name: "Klinik"}); err != nil {
		t.Fatalf("write after a passed background check: %v", err)
	}
}

// A file that needs a migration is checked before anything writes to it,
// however large it is.
func TestLargeFileNeedingMigrationIsCheckedFirst(t *testing.T) {
	ctx := context.Background()
	db := openChecked(t, false)
	if _, err := db.write.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	deferred, err := check(ctx, db.Path())
	if err != nil || deferred {
		t.Fatalf("check of a file behind on migrations: deferred %v, %v", deferred, err)
	}
}

// Closing while the background check runs stops it and returns.
func TestCloseStopsBackgroundCheck(t *testing.T) {
	bigFiles(t)
	path := filepath.Join(t.TempDir(), FileName)
	seededFile(t, path, false)
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-db.checked:
	default:
		t.Fatal("Close returned before the background check ended")
	}
}
