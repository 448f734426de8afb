package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"fktpdesk/clinic"
)

// BackupInfo describes one backup file.
type BackupInfo struct {
	Path string
	Size int64 // bytes
	// Took is how long Backup took, from start to the verified file; zero
	// for a backup found by LastBackup.
	Took time.Duration
	// At is when the backup was taken, to the second. It is read from the
	// file's name, not its modification time, which a copy to another
	// disk may change.
	At time.Time
	// Removed lists the older backups Backup pruned after this one.
	Removed []string
}

// BackupMaxAge is how old the last backup may grow before the settings
// screen warns: a daily backup that failed twice in a row.
const BackupMaxAge = 48 * time.Hour

// Backup file names: fktp-20261122-143005.db in the machine's local time,
// which is what a person looking in the folder expects, with -2, -3 before
// .db when two backups fall within one second. Pruning touches only files
// named this way.
const backupStampLayout = "20060102-150405"

var (
	backupPrefix   = strings.TrimSuffix(FileName, filepath.Ext(FileName)) + "-"
	backupNameExpr = regexp.MustCompile(`^` + regexp.QuoteMeta(backupPrefix) + `(\d{8}-\d{6})(?:-(\d+))?\.db$`)
)

// backupParams are those of the connection VACUUM INTO runs on: its own,
// so the app's writer is never held up for the duration of a backup (in
// WAL mode the backup's read transaction does not block writers either).
// query_only would forbid writing the copy. The app's 32 MB cache_size is
// left out on purpose: with it VACUUM INTO ran five times slower on the
// 200,000-patient benchmark database (BenchmarkBackup).
const backupParams = "_pragma=busy_timeout(5000)&_pragma=temp_store(memory)"

// Backup writes a consistent copy of the database into dir while the
// database stays in use, then keeps the newest keep backups in dir and
// removes older ones of ours (never any other file). The copy is made with
// VACUUM INTO from one read snapshot under a temporary name, flushed to
// disk, checked (quick_check and a readable schema version), and only then
// renamed to fktp-YYYYMMDD-HHMMSS.db: a file of that name is always a
// whole, checked backup.
//
// Errors: EINVALID for an empty dir or keep < 1; EUNAVAILABLE when dir
// cannot be created or written (a USB disk unplugged, a share offline, a
// full disk); EINTERNAL when the copy fails its check. When only pruning
// fails, the backup is made: the returned BackupInfo is valid, and the
// error (EUNAVAILABLE) says the backup was saved.
func (db *DB) Backup(ctx context.Context, dir string, keep int) (BackupInfo, error) {
	db.backupMu.Lock()
	defer db.backupMu.Unlock()
	return db.backup(ctx, dir, keep, db.Now())
}

// backup is Backup at a given time; the caller holds backupMu.
func (db *DB) backup(ctx context.Context, dir string, keep int, at time.Time) (BackupInfo, error) {
	switch {
	case dir == "":
		return BackupInfo{}, clinic.Errorf(clinic.EINVALID, "Folder cadangan belum ditentukan.")
	case keep < 1:
		return BackupInfo{}, clinic.Errorf(clinic.EINVALID, "Jumlah cadangan yang disimpan minimal 1.")
	}
	start := time.Now()

	if err := os.MkdirAll(dir, 0o700); err != nil {
		return BackupInfo{}, folderErr(dir, err)
	}
	// VACUUM INTO wants a missing or empty file; CreateTemp gives an empty
	// one with a name no other backup is using.
	tmp, err := os.CreateTemp(dir, ".fktp-backup-*.partial")
	if err != nil {
		return BackupInfo{}, folderErr(dir, err)
	}
	tmpPath := tmp.Name()
	tmp.Close()
	installed := false
	defer func() {
		if !installed {
			os.Remove(tmpPath)
		}
	}()

	if err := db.vacuumInto(ctx, tmpPath); err != nil {
		return BackupInfo{}, backupErr(dir, err)
	}
	if err := syncFile(tmpPath); err != nil {
		return BackupInfo{}, folderErr(dir, err)
	}
	if v, err := inspect(ctx, tmpPath, "quick_check"); err != nil || v < 1 {
		if err == nil {
			err = fmt.Errorf("schema version %d", v)
		}
		return BackupInfo{}, &clinic.Error{Code: clinic.EINTERNAL, Err: err, Message: fmt.Sprintf(
			"Cadangan di %s tidak lolos pemeriksaan dan tidak disimpan. Periksa disk tujuan, lalu coba lagi.", dir)}
	}

	at = at.Truncate(time.Second)
	path, err := freeName(dir, backupPrefix+at.In(time.Local).Format(backupStampLayout), ".db")
	if err != nil {
		return BackupInfo{}, folderErr(dir, err)
	}
	if err := os.Rename(tmpPath, path); err != nil {
		return BackupInfo{}, folderErr(dir, err)
	}
	installed = true
	if err := syncDir(dir); err != nil {
		return BackupInfo{}, folderErr(dir, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return BackupInfo{}, folderErr(dir, err)
	}
	info := BackupInfo{Path: path, Size: fi.Size(), Took: time.Since(start), At: at}
	info.Removed, err = prune(dir, keep)
	if err != nil {
		return info, &clinic.Error{Code: clinic.EUNAVAILABLE, Err: err, Message: fmt.Sprintf(
			"Cadangan tersimpan di %s, tetapi cadangan lama tidak dapat dihapus dari folder itu.", path)}
	}
	return info, nil
}

// vacuumInto copies the database into path from one read snapshot.
func (db *DB) vacuumInto(ctx context.Context, path string) error {
	c, err := sql.Open("sqlite", dsn(db.path, backupParams))
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetMaxOpenConns(1)
	// A URI-looking name would be parsed as one; an absolute path never
	// starts with "file:".
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	_, err = c.ExecContext(ctx, `VACUUM INTO ?`, abs)
	return err
}

// LastBackup returns the newest of our backups in dir, and false when
// there is none (or dir does not exist).
func LastBackup(dir string) (BackupInfo, bool, error) {
	bs, err := backups(dir)
	if err != nil || len(bs) == 0 {
		return BackupInfo{}, false, err
	}
	return bs[0], true, nil
}

// BackupIfDue makes the day's backup with the stored settings, unless
// backups are turned off or dir already holds one taken on now's calendar
// day (in now's location). It reports whether it made one. The desktop app
// calls it periodically; the folder, not the database, says whether today's
// backup exists, so a backup made by fktpctl counts, and a new empty USB
// disk gets one at once.
func (db *DB) BackupIfDue(ctx context.Context, now time.Time) (bool, error) {
	s, err := db.BackupSettings(ctx)
	if err != nil || !s.Enabled {
		return false, err
	}
	// Checked under the lock, so two callers at once make one backup.
	db.backupMu.Lock()
	defer db.backupMu.Unlock()
	last, ok, err := LastBackup(s.Folder)
	if err != nil {
		return false, folderErr(s.Folder, err)
	}
	if ok && sameDay(last.At.In(now.Location()), now) {
		return false, nil
	}
	info, err := db.backup(ctx, s.Folder, s.Keep, now)
	return info.Path != "", err
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// backups lists our backups in dir, newest first.
func backups(dir string) ([]BackupInfo, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	type found struct {
		BackupInfo
		seq int
	}
	var list []found
	for _, e := range entries {
		m := backupNameExpr.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		at, err := time.ParseInLocation(backupStampLayout, m[1], time.Local)
		if err != nil {
			continue // digits that are no date: not a name we gave
		}
		seq := 1
		if m[2] != "" {
			if seq, err = strconv.Atoi(m[2]); err != nil {
				continue
			}
		}
		fi, err := e.Info()
		if err != nil {
			continue // removed while we looked
		}
		list = append(list, found{BackupInfo{Path: filepath.Join(dir, e.Name()), Size: fi.Size(), At: at}, seq})
	}
	slices.SortFunc(list, func(a, b found) int {
		return cmp.Or(b.At.Compare(a.At), cmp.Compare(b.seq, a.seq))
	})
	out := make([]BackupInfo, len(list))
	for i, f := range list {
		out[i] = f.BackupInfo
	}
	return out, nil
}

// prune removes our backups in dir beyond the newest keep.
func prune(dir string, keep int) ([]string, error) {
	bs, err := backups(dir)
	if err != nil || len(bs) <= keep {
		return nil, err
	}
	var removed []string
	var errs []error
	for _, b := range bs[keep:] {
		if err := os.Remove(b.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, b.Path)
	}
	return removed, errors.Join(errs...)
}

// freeName returns dir/base+ext, or dir/base-N+ext for the first N from 2
// that is not taken.
func freeName(dir, base, ext string) (string, error) {
	for n := 1; ; n++ {
		name := base + ext
		if n > 1 {
			name = fmt.Sprintf("%s-%d%s", base, n, ext)
		}
		p := filepath.Join(dir, name)
		_, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, nil
		}
		if err != nil {
			return "", err
		}
	}
}

// Restore replaces the database at dbPath with the backup src, which it
// first copies beside dbPath and checks there: it refuses a file that fails
// PRAGMA integrity_check, that is not an FKTP Desk database (no schema
// versions), or whose schema is newer than this build knows. It refuses
// while another connection, in this or another process, has dbPath open.
// The database it replaces is not deleted: it is checkpointed (so the file
// holds everything) and kept as <name>.before-restore-YYYYMMDD-HHMMSS, whose
// path Restore returns ("" when there was no database). The new file is
// flushed and renamed into place, so a crash leaves the old database or
// the new one, never a mix; the old file's -wal and -shm are removed (a
// WAL that could not be checkpointed into a damaged file moves along with
// it instead).
//
// Errors: ENOTFOUND when src does not exist; EINVALID when src is not a
// usable backup; ECONFLICT when the database is in use; EUNAVAILABLE or
// EINTERNAL when the data folder cannot be written.
func Restore(ctx context.Context, src, dbPath string) (string, error) {
	si, err := os.Stat(src)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", clinic.Errorf(clinic.ENOTFOUND, "File cadangan %s tidak ditemukan.", src)
	case err != nil:
		return "", &clinic.Error{Code: clinic.EUNAVAILABLE, Err: err, Message: fmt.Sprintf("File cadangan %s tidak dapat dibaca.", src)}
	case !si.Mode().IsRegular():
		return "", clinic.Errorf(clinic.EINVALID, "%s bukan file cadangan.", src)
	}
	if ti, err := os.Stat(dbPath); err == nil && os.SameFile(si, ti) {
		return "", clinic.Errorf(clinic.EINVALID, "%s adalah database yang sedang dipulihkan, bukan cadangannya.", src)
	}
	if wi, err := os.Stat(src + "-wal"); err == nil && wi.Size() > 0 {
		// Its newest changes are in the -wal beside it, which a copy of
		// the main file alone would lose.
		return "", clinic.Errorf(clinic.EINVALID, "%s disertai file %s-wal: itu salinan database yang sedang dipakai, "+
			"bukan cadangan. Pilih cadangan dari folder cadangan (fktp-TANGGAL-JAM.db).", src, filepath.Base(src))
	}

	dir := filepath.Dir(dbPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", folderErr(dir, err)
	}
	tmp, err := os.CreateTemp(dir, ".fktp-restore-*.partial")
	if err != nil {
		return "", folderErr(dir, err)
	}
	tmpPath := tmp.Name()
	installed := false
	defer func() {
		if !installed {
			os.Remove(tmpPath)
		}
	}()
	// Check the copy, not the source: it is these bytes that go in place,
	// and a USB disk may read differently twice.
	err = copyFile(ctx, tmp, src)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", &clinic.Error{Code: clinic.EUNAVAILABLE, Err: err,
			Message: fmt.Sprintf("File cadangan %s tidak dapat disalin ke %s.", src, dir)}
	}
	v, err := inspect(ctx, tmpPath, "integrity_check")
	if err == nil && v < 1 {
		err = &badFile{kind: notOurs, cause: errors.New("no schema version")}
	}
	if err != nil {
		return "", refused(src, err)
	}

	kept := ""
	if _, err := os.Stat(dbPath); err == nil {
		if err := quiesce(ctx, dbPath); err != nil {
			return "", err
		}
		if kept, err = freeName(dir, filepath.Base(dbPath)+".before-restore-"+time.Now().Format(backupStampLayout), ""); err != nil {
			return "", folderErr(dir, err)
		}
		if err := os.Rename(dbPath, kept); err != nil {
			return "", folderErr(dir, err)
		}
		if err := setAsideSidecars(dbPath, kept); err != nil {
			return kept, folderErr(dir, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", folderErr(dir, err)
	}
	if err := os.Rename(tmpPath, dbPath); err != nil {
		return kept, folderErr(dir, err)
	}
	installed = true
	return kept, syncDir(dir)
}

// refused words what inspect found wrong with a backup: the file's own
// problem, which leaves the database as it was.
func refused(src string, err error) error {
	var bad *badFile
	if !errors.As(err, &bad) {
		return &clinic.Error{Code: clinic.EUNAVAILABLE, Err: err,
			Message: fmt.Sprintf("File cadangan %s tidak dapat dibaca. Pemulihan dibatalkan; database tidak diubah.", src)}
	}
	var msg string
	switch bad.kind {
	case notOurs:
		msg = "File %s bukan cadangan database FKTP Desk. Pemulihan dibatalkan; database tidak diubah."
	case damaged:
		msg = "File cadangan %s rusak (pemeriksaan integritas gagal). Pemulihan dibatalkan; database tidak diubah. Pilih cadangan lain."
	case newer:
		msg = "File cadangan %s dibuat oleh FKTP Desk versi yang lebih baru. Perbarui aplikasi FKTP Desk sebelum memulihkannya; database tidak diubah."
	}
	return &clinic.Error{Code: clinic.EINVALID, Err: bad, Message: fmt.Sprintf(msg, src)}
}

// probeParams open a database for Restore's exclusive probe. In WAL mode
// every open connection keeps a shared lock on the database file from its
// first read until it closes, idle or not. A connection in exclusive
// locking mode needs the exclusive lock at its first read, so it gets one
// only when no other connection, of any process, has the file open. The
// short busy timeout lets a passing reader finish; an open app does not.
const probeParams = "_pragma=busy_timeout(500)&_pragma=locking_mode(EXCLUSIVE)"

// quiesce makes sure no one has the database at path open, and folds its
// WAL into the main file so the file alone is the whole database. A file
// SQLite finds damaged is not an error: that may be why it is restored.
func quiesce(ctx context.Context, path string) error {
	c, err := sql.Open("sqlite", dsn(path, probeParams))
	if err != nil {
		return openErr(path, err)
	}
	defer c.Close() // the last connection: removes the checkpointed WAL
	c.SetMaxOpenConns(1)
	var busy, logged, done int
	err = c.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &done)
	switch {
	case isBusy(err) || (err == nil && busy != 0):
		return &clinic.Error{Code: clinic.ECONFLICT, Err: err, Message: fmt.Sprintf(
			"Database %s sedang dipakai (aplikasi FKTP Desk atau fktpctl masih terbuka). "+
				"Tutup semua program FKTP Desk di komputer ini dan komputer lain yang memakai folder ini, lalu ulangi pemulihan.", path)}
	case err == nil, isCorrupt(err):
		return nil
	}
	return openErr(path, err)
}

func isBusy(err error) bool {
	var se *msqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return true
	}
	return false
}

// setAsideSidecars deals with the -wal and -shm files left under the old
// database's name, which SQLite would otherwise pair with the restored
// file. A non-empty WAL (the checkpoint could not run on a damaged file)
// moves with the kept file, so nothing in it is lost; the -shm is only an
// index and is rebuilt from the WAL.
func setAsideSidecars(dbPath, kept string) error {
	wal := dbPath + "-wal"
	if fi, err := os.Stat(wal); err == nil && fi.Size() > 0 {
		if err := os.Rename(wal, kept+"-wal"); err != nil {
			return err
		}
	}
	var errs []error
	for _, p := range []string{wal, dbPath + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// copyFile copies src into dst and flushes dst to disk.
func copyFile(ctx context.Context, dst *os.File, src string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := io.Copy(dst, ctxReader{ctx, f}); err != nil {
		return err
	}
	return dst.Sync()
}

// ctxReader stops a long copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (r ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

// syncFile flushes a file to disk.
func syncFile(path string) error { return syncPath(path, os.O_RDWR) }

// syncDir makes a rename in dir durable. Windows cannot open a directory
// for syncing; NTFS journals the rename itself.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	return syncPath(dir, os.O_RDONLY)
}

func syncPath(path string, flag int) error {
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func folderErr(dir string, err error) error {
	var ce *clinic.Error
	if errors.As(err, &ce) {
		return err
	}
	msg := fmt.Sprintf("Folder %s tidak dapat dipakai. Periksa bahwa disk atau folder jaringan itu tersambung dan dapat ditulis.", dir)
	if isFull(err) {
		msg = fmt.Sprintf("Disk tempat folder %s penuh. Kosongkan ruang disk atau pilih folder lain.", dir)
	}
	return &clinic.Error{Code: clinic.EUNAVAILABLE, Err: err, Message: msg}
}

// backupErr words a failed VACUUM INTO: a full or missing target disk is
// the folder's problem; anything else is the database's.
func backupErr(dir string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var se *msqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
			return folderErr(dir, err)
		}
	}
	return storeErr(err)
}

func isFull(err error) bool {
	var se *msqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_FULL {
		return true
	}
	return errors.Is(err, syscall.ENOSPC)
}
