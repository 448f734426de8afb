package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fktpdesk/clinic"
)

// clock is a settable test clock; every Open in tests uses one so no test
// depends on today's date.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var jakarta = time.FixedZone("WIB", 7*3600)

// testStart is a morning at the desk, in the desk's zone.
var testStart = time.Date(2025, 3, 10, 7, 30, 0, 0, jakarta)

func openAt(t testing.TB, path string) (*DB, *clock) {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	c := &clock{t: testStart}
	db.Now = c.Now
	return db, c
}

func openTest(t testing.TB) (*DB, *clock) {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), FileName))
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := clinic.ErrorCode(err); got != code {
		t.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
}

// rawOpen opens the file with no pragmas, as another tool would.
func rawOpen(t *testing.T, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestDefaultPath(t *testing.T) {
	if got, want := DefaultPath(filepath.Join("data", "klinik")), filepath.Join("data", "klinik", "fktp.db"); got != want {
		t.Errorf("DefaultPath = %q, want %q", got, want)
	}
}

func TestOpenMigratesFreshAndReopens(t *testing.T) {
	ctx := context.Background()
	// A missing directory is created; odd characters in the path reach
	// the file system as they are.
	path := filepath.Join(t.TempDir(), "data 50%?#x", FileName)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not at %s: %v", path, err)
	}
	var versions int
	if err := db.read.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&versions); err != nil {
		t.Fatal(err)
	}
	if versions != len(migrations()) {
		t.Fatalf("applied %d migrations, have %d", versions, len(migrations()))
	}
	var mode string
	var fk int
	if err := db.write.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if err := db.write.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" || fk != 1 {
		t.Errorf("journal_mode=%s foreign_keys=%d, want wal and 1", mode, fk)
	}
	f := clinic.Facility{PPK: "0114U163", Name: "Klinik Sehat", Address: "Jl. Merdeka 1", Regency: "Kota Bandung", BPJSBranch: "Bandung"}
	if err := db.SaveFacility(ctx, f); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopening applies nothing again and keeps the data.
	for range 2 {
		db, err = Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		if err := db.read.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&versions); err != nil {
			t.Fatal(err)
		}
		if versions != len(migrations()) {
			t.Fatalf("after reopen %d migration rows, want %d", versions, len(migrations()))
		}
		got, err := db.Facility(ctx)
		if err != nil || got != f {
			t.Fatalf("Facility after reopen = %+v, %v; want %+v", got, err, f)
		}
		db.Close()
	}
}

// unchanged asserts that Open refuses path with EINTERNAL, a message
// containing want, and leaves the file's bytes exactly as they were.
func refusedUnchanged(t *testing.T, path, want string) {
	t.Helper()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), path)
	if err == nil {
		db.Close()
		t.Fatal("Open succeeded, want refusal")
	}
	wantCode(t, err, clinic.EINTERNAL)
	if msg := clinic.ErrorMessage(err); !strings.Contains(msg, want) {
		t.Errorf("message %q does not contain %q", msg, want)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("file gone after refused Open: %v", err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("refused Open changed the file")
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db, _ := openAt(t, path)
	db.Close()
	raw := rawOpen(t, path)
	if _, err := raw.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from_the_future.sql', '')`,
		len(migrations())+1); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	refusedUnchanged(t, path, "dibuat oleh FKTP Desk versi yang lebih baru")
	// The migration step refuses too, should another process have
	// upgraded the file between the check and the migration.
	db2 := &DB{path: path, Now: time.Now}
	w, err := sql.Open("sqlite", dsn(path, writeParams))
	if err != nil {
		t.Fatal(err)
	}
	db2.write = w
	defer w.Close()
	err = db2.migrate(context.Background())
	wantCode(t, err, clinic.EINTERNAL)
	if !strings.Contains(clinic.ErrorMessage(err), "lebih baru") {
		t.Errorf("migrate error %v", err)
	}
}

func TestOpenRefusesCorruptDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	seededFile(t, path, true)
	refusedUnchanged(t, path, "rusak")
}

// seededFile makes a closed database of 3,000 patients at path, with
// garbage over a few pages in the middle when damage is set, as a bad
// sector or a half-written copy would leave them.
func seededFile(t *testing.T, path string, damage bool) {
	t.Helper()
	db, _ := openAt(t, path)
	if err := Seed(context.Background(), db, 3000, 1); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("WAL left after Close (%v): the corruption could hide behind it", err)
	}
	if !damage {
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	mid := len(b) / page / 2 * page
	for i := mid; i < mid+3*page && i < len(b); i++ {
		b[i] = byte(i*7 + 13)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefusesNonDatabase(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"text":      "Daftar pasien hari ini:\nBudi Santoso\nSiti Aminah\n",
		"short":     "SQLite",
		"truncated": "SQLite format 3\x00" + strings.Repeat("\x00", 50),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name+".db")
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			want := "bukan database"
			if name == "truncated" {
				want = "rusak" // the magic is right: SQLite judges the rest damaged
			}
			refusedUnchanged(t, path, want)
		})
	}
}

func TestOpenEmptyFileIsNewDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	db, _ := openAt(t, path)
	if _, err := db.Counts(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestFacility(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	_, err := db.Facility(ctx)
	wantCode(t, err, clinic.ENOTFOUND)
	f := clinic.Facility{PPK: "0114U163", Name: "Klinik Pratama Sehat"}
	if err := db.SaveFacility(ctx, f); err != nil {
		t.Fatal(err)
	}
	f.Name, f.BPJSBranch = "Klinik Pratama Sehat Sentosa", "KC Bandung"
	if err := db.SaveFacility(ctx, f); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Facility(ctx); err != nil || got != f {
		t.Fatalf("Facility = %+v, %v; want %+v", got, err, f)
	}
}

func TestPolis(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	ps, at, err := db.Polis(ctx)
	if err != nil || len(ps) != 0 || !at.IsZero() {
		t.Fatalf("Polis before any save = %v, %v, %v", ps, at, err)
	}
	first := []clinic.Poli{{Code: "001", Name: "UMUM", Sick: true}, {Code: "002", Name: "GIGI & MULUT", Sick: true}, {Code: "003", Name: "KIA", Sick: false}}
	if err := db.SavePolis(ctx, first, testStart); err != nil {
		t.Fatal(err)
	}
	second := []clinic.Poli{{Code: "021", Name: "KB", Sick: false}, {Code: "001", Name: "UMUM", Sick: true}}
	later := testStart.Add(24 * time.Hour)
	if err := db.SavePolis(ctx, second, later); err != nil {
		t.Fatal(err)
	}
	ps, at, err = db.Polis(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0] != second[0] || ps[1] != second[1] {
		t.Errorf("Polis = %+v, want %+v (replaced, in PCare's order)", ps, second)
	}
	if !at.Equal(later) {
		t.Errorf("fetched at %v, want %v", at, later)
	}
}

func TestOpenRefusesOtherProgramsDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lain.db")
	raw := rawOpen(t, path)
	if _, err := raw.Exec(`CREATE TABLE pasien (id INTEGER PRIMARY KEY, nama TEXT); INSERT INTO pasien (nama) VALUES ('Budi')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	refusedUnchanged(t, path, "bukan database FKTP Desk")
}

// A crash leaves committed transactions in the WAL, not yet in the main
// file. That is not damage: Open must find them.
func TestOpenRecoversFromWAL(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	f := clinic.Facility{PPK: "0114U163", Name: "Klinik Sehat"}
	db2, _ := openAt(t, crashedCopy(t, db, f))
	if got, err := db2.Facility(ctx); err != nil || got != f {
		t.Fatalf("after crash: Facility = %+v, %v; want %+v", got, err, f)
	}
}

// crashedCopy saves f in db with the WAL kept from being checkpointed into
// the main file, as a killed process would leave it, and copies the files
// as they are on disk mid-run into a new folder: the copy, whose path it
// returns, is the crashed database, with f only in its WAL.
func crashedCopy(t *testing.T, db *DB, f clinic.Facility) string {
	t.Helper()
	if _, err := db.write.Exec(`PRAGMA wal_autocheckpoint = 0`); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveFacility(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	crashed := filepath.Join(t.TempDir(), FileName)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(db.Path() + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if suffix == "-wal" && len(b) == 0 {
			t.Fatal("empty WAL: the test would prove nothing")
		}
		if err := os.WriteFile(crashed+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return crashed
}
