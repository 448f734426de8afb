// Package sqlite is FKTP Desk's local store: clinic.Store and claims.Store on
// one SQLite file (modernc.org/sqlite, so the build needs no cgo). It owns the
// schema and its migrations, keeps related rows consistent inside one
// transaction, and maps storage failures onto the domain's error codes. It
// holds no business rules: what to store, and when, is decided in clinic and
// claims.
package sqlite

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"fktpdesk/claims"
	"fktpdesk/clinic"
)

var (
	_ clinic.Store = (*DB)(nil)
	_ claims.Store = (*DB)(nil)
)

// FileName is the database's name inside the data directory.
const FileName = "fktp.db"

// DefaultPath is where the database lives in a data directory.
func DefaultPath(dataDir string) string { return filepath.Join(dataDir, FileName) }

// Connection settings. The pragmas live in the DSN, not in migrations,
// because they are per connection and every pooled connection needs them.
// _txlock=immediate makes a write transaction take the write lock at BEGIN,
// so two writers queue on busy_timeout instead of one failing with
// SQLITE_BUSY when it upgrades a read lock mid-transaction. A 32 MB page
// cache (SQLite's default is 2 MB) holds the name index and the hot part
// of a 200,000-patient file, and temp_store(memory) keeps statement
// journals and sorts off the disk; together they halved Seed's time.
const (
	writeParams = "_pragma=busy_timeout(5000)&_pragma=cache_size(-32000)&_pragma=temp_store(memory)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"
	// Readers run read-only transactions (plain BEGIN: in WAL mode they
	// never block the writer nor wait for it); query_only makes a write
	// slipped into a read path fail loudly instead of racing the writer.
	readParams = "_pragma=busy_timeout(5000)&_pragma=cache_size(-32000)&_pragma=temp_store(memory)&_pragma=foreign_keys(1)&_pragma=query_only(1)"
	// The check before opening must not change the file in any way: no
	// journal-mode switch (it rewrites the header), no writes at all.
	checkParams = "_pragma=busy_timeout(5000)&_pragma=query_only(1)"
)

// readConns bounds the reader pool: enough for the UI and a few sync
// goroutines to read at once, few enough that each keeps a warm page cache.
const readConns = 4

// DB is the local store. It is safe for concurrent use.
type DB struct {
	// write has a single connection: SQLite allows one writer at a time,
	// and waiting in database/sql's queue is fair and wakes at once, where
	// SQLite's busy handler sleeps and polls. busy_timeout still covers
	// other processes (fktpctl) writing the same file.
	write *sql.DB
	read  *sql.DB
	path  string

	// backupMu makes backups of this database one at a time: the periodic
	// one and one started by hand must not prune each other's files.
	backupMu sync.Mutex

	// Now is the clock for the timestamps the store writes itself
	// (created_at, fetched_at when the caller gave none). Tests replace it.
	Now func() time.Time

	// The background integrity check of a large file (see fullCheckMax):
	// stopCheck cancels it, checked is closed when it has finished, and
	// damaged holds what it found, which refuses every later write.
	stopCheck context.CancelFunc
	checked   chan struct{}
	damaged   atomic.Pointer[clinic.Error]
}

// fullCheckMax is the largest file Open runs PRAGMA integrity_check on
// before opening it. The check reads the whole file: 1.75 s for 200,000
// patients, most of a minute for years of visits, all of it before the
// window could appear. A larger file is opened after the cheap checks
// (header, schema version) and gets the same full check in the background
// on a reader; if it fails, every write from then on is refused with the
// corruption message. A file that needs a migration is always checked
// first, because migrating writes to it.
var fullCheckMax int64 = 32 << 20

// checkDelay is how long the background check waits after Open: it reads
// the whole file on one core, and the first seconds belong to drawing the
// window the person is waiting for.
var checkDelay = 10 * time.Second

// Open opens the database at path, creating it (and its directory) if
// missing, checks its integrity and brings its schema up to date. It never
// modifies a file it cannot trust: a corrupt file, a file that is not a
// database, or a database from a newer FKTP Desk is refused with EINTERNAL
// and left byte for byte as it was.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, clinic.Errorf(clinic.EINTERNAL, "Lokasi file database belum ditentukan.")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, &clinic.Error{Code: clinic.EINTERNAL, Err: err,
			Message: fmt.Sprintf("Folder data %s tidak dapat dibuat.", filepath.Dir(path))}
	}
	deferred, err := check(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := createPrivate(path); err != nil {
		return nil, openErr(path, err)
	}

	db := &DB{path: path, Now: time.Now}
	w, err := sql.Open("sqlite", dsn(path, writeParams))
	if err != nil {
		return nil, openErr(path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	db.write = w
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, openErr(path, err)
	}
	if err := db.migrate(ctx); err != nil {
		w.Close()
		return nil, err
	}

	r, err := sql.Open("sqlite", dsn(path, readParams))
	if err != nil {
		w.Close()
		return nil, openErr(path, err)
	}
	r.SetMaxOpenConns(readConns)
	r.SetMaxIdleConns(readConns)
	r.SetConnMaxLifetime(0)
	r.SetConnMaxIdleTime(0)
	db.read = r
	if err := r.PingContext(ctx); err != nil {
		db.Close()
		return nil, openErr(path, err)
	}
	if deferred {
		db.checkInBackground()
	}
	return db, nil
}

// createPrivate creates a missing database file readable by its owner
// only: it holds patients' names, NIKs and diagnoses, on PCs that several
// Linux accounts may share. SQLite gives its -wal and -shm files the main
// file's permissions. An existing file keeps the permissions it was given.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// checkInBackground runs the integrity check Open deferred, on a
// connection of its own with a small page cache: the check reads every
// page once, and a reader's 32 MB cache would stay in memory afterwards.
func (db *DB) checkInBackground() {
	ctx, cancel := context.WithCancel(context.Background())
	db.stopCheck, db.checked = cancel, make(chan struct{})
	go func() {
		defer close(db.checked)
		select {
		case <-ctx.Done():
			return
		case <-time.After(checkDelay):
		}
		c, err := sql.Open("sqlite", dsn(db.path, checkParams+"&_pragma=cache_size(-2000)"))
		if err != nil {
			return
		}
		defer c.Close()
		c.SetMaxOpenConns(1)
		problems, err := integrityProblems(ctx, c, "integrity_check")
		switch {
		case ctx.Err() != nil: // closed before it finished
		case err != nil && isCorrupt(err):
			db.damaged.Store(damagedErr(db.path, err))
		case len(problems) > 0:
			db.damaged.Store(damagedErr(db.path, errors.New(strings.Join(problems, "; "))))
		}
	}()
}

func damagedErr(path string, cause error) *clinic.Error {
	return &clinic.Error{Code: clinic.EINTERNAL, Err: cause, Message: fmt.Sprintf(
		"Database %s rusak (pemeriksaan integritas gagal). Penyimpanan dihentikan: tutup aplikasi, pulihkan dari cadangan terakhir atau hubungi dukungan teknis.", path)}
}

// Close closes the database. Closing the last connection checkpoints the
// WAL into the main file, so a closed database is one self-contained file
// (what a backup copies).
func (db *DB) Close() error {
	if db.stopCheck != nil {
		db.stopCheck()
		<-db.checked
	}
	var errs []error
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	return errors.Join(errs...)
}

// Path is the database file's location.
func (db *DB) Path() string { return db.path }

// dsn builds a SQLite URI for path. SQLite decodes %XX escapes in a URI and
// stops the path at '?' or '#', so those three characters are escaped;
// anything else in a file name passes through unchanged.
func dsn(path, params string) string {
	p := filepath.ToSlash(path)
	p = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
	switch {
	case strings.HasPrefix(p, "//"): // a UNC path: keep the authority empty
		p = "//" + p
	case len(p) >= 2 && p[1] == ':': // a Windows drive: file:/C:/...
		p = "/" + p
	}
	return "file:" + p + "?" + params
}

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// check inspects an existing file before anything may write to it: that it
// is a SQLite database, that PRAGMA integrity_check passes, and that its
// schema is not newer than this binary knows. A missing or empty file is a
// new database and passes.
func check(ctx context.Context, path string) (deferred bool, err error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, openErr(path, err)
	case fi.IsDir():
		return false, notDatabase(path, errors.New("is a directory"))
	case fi.Size() == 0:
		return false, nil
	}
	pragma := "integrity_check"
	if fi.Size() > fullCheckMax {
		// The cheap checks first: a large file that needs no migration
		// opens at once and gets its full check in the background.
		version, err := inspect(ctx, path, "")
		if err != nil {
			return false, checkErr(path, err)
		}
		if version == len(migrations()) {
			return true, nil
		}
	}
	_, err = inspect(ctx, path, pragma)
	return false, checkErr(path, err)
}

// checkErr words what inspect found for Open.
func checkErr(path string, err error) error {
	var bad *badFile
	if !errors.As(err, &bad) {
		if err != nil {
			return openErr(path, err)
		}
		return nil
	}
	switch bad.kind {
	case notOurs:
		return notDatabase(path, bad.cause)
	case damaged:
		return corrupt(path, bad.cause)
	}
	return newerSchema(bad.version, len(migrations()))
}

// badFile is what inspect found wrong with a file's content. Callers word
// it for their reader: a database that will not open is not a backup that
// will not restore.
type badFile struct {
	kind    badKind
	version int // the file's schema version, for newer
	cause   error
}

type badKind int

const (
	notOurs badKind = iota // not SQLite, or another program's database
	damaged                // SQLite finds it corrupt
	newer                  // from a newer FKTP Desk
)

func (b *badFile) Error() string {
	switch b.kind {
	case notOurs:
		return fmt.Sprintf("not an FKTP Desk database: %v", b.cause)
	case damaged:
		return fmt.Sprintf("database damaged: %v", b.cause)
	}
	return fmt.Sprintf("schema version %d, this binary knows up to %d", b.version, len(migrations()))
}

func (b *badFile) Unwrap() error { return b.cause }

// inspect reads a database file without changing it: the SQLite magic, the
// given integrity pragma (integrity_check, or the faster quick_check), and
// the schema version, which must not be newer than this binary knows. It
// returns the version, 0 for a database with no tables at all. A problem
// with the content is a *badFile; failing to read is any other error.
func inspect(ctx context.Context, path, pragma string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	head := make([]byte, len(sqliteMagic))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteMagic) {
		return 0, &badFile{kind: notOurs, cause: cmp.Or(err, errors.New("no SQLite header"))}
	}

	c, err := sql.Open("sqlite", dsn(path, checkParams))
	if err != nil {
		return 0, openErr(path, err)
	}
	defer c.Close()
	c.SetMaxOpenConns(1)

	if pragma != "" {
		problems, err := integrityProblems(ctx, c, pragma)
		if err != nil {
			if isCorrupt(err) {
				return 0, &badFile{kind: damaged, cause: err}
			}
			return 0, openErr(path, err)
		}
		if len(problems) > 0 {
			return 0, &badFile{kind: damaged, cause: errors.New(strings.Join(problems, "; "))}
		}
	}

	var hasVersions, tables int
	if err := c.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE name = 'schema_migrations'), count(*)
		FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).Scan(&hasVersions, &tables); err != nil {
		return 0, openErr(path, err)
	}
	switch {
	case hasVersions == 0 && tables > 0:
		// Another program's database: migrating it would write our tables
		// (and WAL mode) into a file that is not ours.
		return 0, &badFile{kind: notOurs, cause: errors.New("tables but no schema_migrations")}
	case hasVersions == 0:
		return 0, nil
	}
	var version int
	if err := c.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&version); err != nil {
		return 0, openErr(path, err)
	}
	if version > len(migrations()) {
		return 0, &badFile{kind: newer, version: version}
	}
	return version, nil
}

// integrityProblems runs PRAGMA integrity_check (or quick_check, its
// faster subset) and returns what it found wrong (nil for "ok"). The first
// few problems are enough for a log.
func integrityProblems(ctx context.Context, c *sql.DB, pragma string) ([]string, error) {
	rows, err := c.QueryContext(ctx, `PRAGMA `+pragma+`(10)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if s != "ok" {
			out = append(out, s)
		}
	}
	return out, rows.Err()
}

func notDatabase(path string, cause error) error {
	return &clinic.Error{Code: clinic.EINTERNAL, Err: cause, Message: fmt.Sprintf(
		"File %s bukan database FKTP Desk. File itu tidak diubah; periksa folder data yang dipakai.", path)}
}

func corrupt(path string, cause error) error {
	return &clinic.Error{Code: clinic.EINTERNAL, Err: cause, Message: fmt.Sprintf(
		"Database %s rusak (pemeriksaan integritas gagal). File itu tidak diubah: pulihkan dari cadangan terakhir atau hubungi dukungan teknis.", path)}
}

func newerSchema(version, known int) error {
	return &clinic.Error{Code: clinic.EINTERNAL,
		Err: fmt.Errorf("schema version %d, this binary knows up to %d", version, known),
		Message: "Database ini dibuat oleh FKTP Desk versi yang lebih baru. " +
			"Perbarui aplikasi FKTP Desk sebelum membukanya; database tidak diubah."}
}

// openErr reports a failure to open path, naming corruption when SQLite
// found it only on the way in.
func openErr(path string, err error) error {
	if isCorrupt(err) {
		return corrupt(path, err)
	}
	var ce *clinic.Error
	if errors.As(err, &ce) {
		return err
	}
	return &clinic.Error{Code: clinic.EINTERNAL, Err: err,
		Message: fmt.Sprintf("Database %s tidak dapat dibuka.", path)}
}

// Migrations.

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in order. Their file names
// start with the version, counting from 1 without gaps; a mistake there is
// a build error in spirit, so it panics (and every test catches it).
func migrations() []migration {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	out := make([]migration, 0, len(names))
	for i, n := range names {
		base := filepath.Base(n)
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v != i+1 {
			panic(fmt.Sprintf("sqlite: migration %s: want version %d first in its name", base, i+1))
		}
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			panic(err)
		}
		out = append(out, migration{version: v, name: base, sql: string(b)})
	}
	return out
}

// migrate applies the migrations not yet applied, each with its version row
// in one transaction, so a crash leaves the schema at a version boundary.
// The newer-schema check is repeated inside each transaction because another
// process may have migrated the file since check ran.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return openErr(db.path, err)
	}
	ms := migrations()
	for _, m := range ms {
		err := db.update(ctx, func(tx *sql.Tx) error {
			var current int
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
				return err
			}
			if current > len(ms) {
				return newerSchema(current, len(ms))
			}
			if current >= m.version {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, stamp(db.Now()))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Transactions.

// update runs fn in a write transaction (BEGIN IMMEDIATE) and commits when
// fn returns nil. Errors come back as domain errors.
func (db *DB) update(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if d := db.damaged.Load(); d != nil {
		return d
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return storeErr(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return storeErr(err)
	}
	return storeErr(tx.Commit())
}

// view runs fn in a read-only transaction: one consistent snapshot, never
// waiting for the writer.
func (db *DB) view(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return storeErr(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return storeErr(err)
	}
	return storeErr(tx.Commit())
}

// Errors.

// storeErr maps a storage error onto the domain's codes: a missing row is
// ENOTFOUND, a unique constraint ECONFLICT, anything else EINTERNAL with the
// cause kept for the log. Domain errors pass through unchanged.
func storeErr(err error) error {
	if err == nil {
		return nil
	}
	var ce *clinic.Error
	if errors.As(err, &ce) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &clinic.Error{Code: clinic.ENOTFOUND, Message: "Data tidak ditemukan.", Err: err}
	}
	var se *msqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &clinic.Error{Code: clinic.ECONFLICT, Err: err,
				Message: "Data yang sama sudah tersimpan (NIK, nomor kartu atau nomor rekam medis sudah dipakai)."}
		case sqlite3.SQLITE_FULL:
			return &clinic.Error{Code: clinic.EINTERNAL, Err: err,
				Message: "Disk penuh: data tidak dapat disimpan. Kosongkan ruang disk lalu coba lagi."}
		}
		if isCorrupt(err) {
			return &clinic.Error{Code: clinic.EINTERNAL, Err: err,
				Message: "Database rusak. Tutup aplikasi, pulihkan dari cadangan terakhir atau hubungi dukungan teknis."}
		}
	}
	return &clinic.Error{Code: clinic.EINTERNAL, Err: err, Message: "Database gagal membaca atau menyimpan data."}
}

// isCorrupt reports whether SQLite found the file damaged or not a database.
func isCorrupt(err error) bool {
	var se *msqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff { // primary code; extended codes add high bits
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return true
	}
	return false
}

// isUnique reports whether err is a UNIQUE or PRIMARY KEY violation.
func isUnique(err error) bool {
	var se *msqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

func notFound(format string, args ...any) error {
	return clinic.Errorf(clinic.ENOTFOUND, format, args...)
}

// Times and dates.

// timeLayout is fixed-width (always three fractional digits), so text
// order in the database is time order.
const timeLayout = "2006-01-02T15:04:05.000Z"
const dateLayout = "2006-01-02"

// stamp formats an instant for storage, in UTC.
func stamp(t time.Time) string { return t.UTC().Format(timeLayout) }

// stamped is t as it reads back from the database: UTC, milliseconds.
func stamped(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// day formats a calendar date. It is the date as written in t's own location
// (the desk's): converting to UTC first would move an early-morning visit in
// Jakarta to the day before.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

// timeCol scans a stored instant; "" is the zero time.
type timeCol time.Time

func (c *timeCol) Scan(src any) error {
	s, err := text(src)
	if err != nil || s == "" {
		*c = timeCol{}
		return err
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return fmt.Errorf("stored time %q: %w", s, err)
	}
	*c = timeCol(t)
	return nil
}

// dateCol scans a stored calendar date as midnight UTC; "" is the zero time.
type dateCol time.Time

func (c *dateCol) Scan(src any) error {
	s, err := text(src)
	if err != nil || s == "" {
		*c = dateCol{}
		return err
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return fmt.Errorf("stored date %q: %w", s, err)
	}
	*c = dateCol(t)
	return nil
}

func text(src any) (string, error) {
	switch v := src.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	}
	return "", fmt.Errorf("want text, got %T", src)
}
