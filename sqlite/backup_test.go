package sqlite

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
)

// writers keeps n goroutines registering patients through the store's real
// methods, each registration with its outbox item, some of them then
// claimed and marked sent, as the desk and the outbox worker do, until the
// returned stop is called.
func writers(t *testing.T, db *DB, n int) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	day := time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				card := fmt.Sprintf("0007%02d%07d", w, i)
				p := participant(card, fmt.Sprintf("327301520%d%06d", w, i), fmt.Sprintf("Pasien %d-%d", w, i))
				id, err := db.SaveEligibility(ctx, clinic.Eligibility{Participant: p})
				if ctx.Err() != nil {
					return
				}
				if err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
				r := registration(id, card, day)
				if err := db.AddRegistration(ctx, &r); err != nil {
					if ctx.Err() == nil {
						t.Errorf("writer %d: %v", w, err)
					}
					return
				}
				if i%3 == 0 {
					items, err := db.ClaimDue(ctx, db.Now(), 1)
					if err == nil && len(items) == 1 {
						err = db.MarkSent(ctx, items[0].ID, fmt.Sprintf("Q%d-%d", w, i), db.Now())
					}
					if err != nil && ctx.Err() == nil {
						t.Errorf("writer %d outbox: %v", w, err)
						return
					}
				}
			}
		}()
	}
	return func() { cancel(); wg.Wait() }
}

// count returns a single number from the live database.
func count(t *testing.T, c *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := c.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// checkBackup opens a backup as the app would and checks every invariant
// the store keeps, returning how many registrations it holds.
func checkBackup(t *testing.T, path string) int {
	t.Helper()
	// A scratch copy: Open switches a file to WAL mode, and the backup
	// itself must stay as Backup wrote it.
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	scratch := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(scratch, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), scratch) // runs integrity_check
	if err != nil {
		t.Fatalf("backup %s does not open: %v", path, err)
	}
	defer db.Close()
	c := db.write
	for q, want := range map[string]int{
		`SELECT count(*) FROM pragma_foreign_key_check`:           0,
		`SELECT coalesce(max(version), 0) FROM schema_migrations`: len(migrations()),
		`SELECT count(*) FROM patients WHERE record_no IS NULL`:   0,
		// A patient the desk checked has the answer it was created from.
		`SELECT count(*) FROM patients p WHERE p.name LIKE 'Pasien %-%' AND NOT EXISTS
			(SELECT 1 FROM eligibility e WHERE e.patient_id = p.id)`: 0,
		// Each registration has its outbox item, and each item its registration.
		`SELECT count(*) FROM registrations r WHERE NOT EXISTS
			(SELECT 1 FROM outbox o WHERE o.kind = '` + claims.KindRegistration + `' AND o.entity_id = r.id)`: 0,
		`SELECT count(*) FROM outbox o WHERE o.kind <> '` + claims.KindRegistration + `' OR NOT EXISTS
			(SELECT 1 FROM registrations r WHERE r.id = o.entity_id)`: 0,
		// A sent item carries PCare's number, and only a sent one.
		`SELECT count(*) FROM outbox WHERE (state = 'sent') <> (remote <> '')`: 0,
		// The name index holds exactly the patients.
		`SELECT (SELECT count(*) FROM patients) - (SELECT count(*) FROM patients_fts_docsize)`: 0,
	} {
		if got := count(t, c, q); got != want {
			t.Errorf("backup %s: %s = %d, want %d", filepath.Base(path), q, got, want)
		}
	}
	if _, err := c.Exec(`INSERT INTO patients_fts (patients_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("backup %s: name index does not match patients: %v", filepath.Base(path), err)
	}
	return count(t, c, `SELECT count(*) FROM registrations`)
}

// TestBackupDuringWrites takes backups while writers commit registrations
// as fast as they can: each backup is a whole, consistent database.
func TestBackupDuringWrites(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, clk := openAt(t, filepath.Join(dir, FileName))
	// Enough rows that a backup takes long enough for writes to land
	// during it.
	if err := Seed(ctx, db, 20000, 1); err != nil {
		t.Fatal(err)
	}
	stop := writers(t, db, 3)
	defer stop()
	backups := filepath.Join(dir, "backups")
	overlapped := 0
	for i := 0; i < 8 && overlapped < 2; i++ {
		clk.Add(time.Minute)
		before := count(t, db.read, `SELECT count(*) FROM registrations`)
		info, err := db.Backup(ctx, backups, 20)
		if err != nil {
			t.Fatal(err)
		}
		after := count(t, db.read, `SELECT count(*) FROM registrations`)
		got := checkBackup(t, info.Path)
		if got < before || got > after {
			t.Errorf("backup holds %d registrations; the database had %d before and %d after", got, before, after)
		}
		if after > before {
			overlapped++
		}
	}
	stop()
	if overlapped < 2 {
		t.Fatalf("only %d backups overlapped writes: the test proved nothing", overlapped)
	}
}

// dump is a logical dump of a database: every object's SQL and every
// table's rows, in a stable order.
func dump(t *testing.T, c *sql.DB) []string {
	t.Helper()
	var out, tables []string
	rows, err := c.Query(`SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var typ, name, q string
		if err := rows.Scan(&typ, &name, &q); err != nil {
			t.Fatal(err)
		}
		out = append(out, typ+" "+name+": "+q)
		// A virtual table's rows live in its shadow tables, dumped as tables.
		if typ == "table" && !strings.HasPrefix(q, "CREATE VIRTUAL") {
			tables = append(tables, name)
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	for _, name := range tables {
		rows, err := c.Query(`SELECT * FROM "` + name + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%s %q", name, vals))
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		slices.Sort(lines)
		out = append(out, lines...)
	}
	return out
}

func dumpFile(t *testing.T, path string) []string {
	t.Helper()
	c, err := sql.Open("sqlite", dsn(path, checkParams))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return dump(t, c)
}

func sameDump(t *testing.T, what string, got, want []string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Fatalf("%s differs at line %d:\n got  %s\n want %s", what, i, got[i], want[i])
		}
	}
	t.Fatalf("%s has %d lines, want %d", what, len(got), len(want))
}

// TestBackupRestoreRoundTrip: once writes stop, a backup restored over the
// database gives back exactly the database as it was when backed up.
func TestBackupRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	db, clk := openAt(t, path)
	if err := Seed(ctx, db, 2000, 3); err != nil {
		t.Fatal(err)
	}
	stop := writers(t, db, 2)
	for count(t, db.read, `SELECT count(*) FROM registrations`) < 50 {
		time.Sleep(time.Millisecond)
	}
	stop()
	if err := db.SaveFacility(ctx, clinic.Facility{PPK: "0114U163", Name: "Klinik Pratama Sehat"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveBackupSettings(ctx, BackupSettings{Folder: filepath.Join(dir, "usb"), Keep: 5, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	want := dump(t, db.read)

	info, err := db.Backup(ctx, filepath.Join(dir, "usb"), 5)
	if err != nil {
		t.Fatal(err)
	}
	if !info.At.Equal(clk.Now().Truncate(time.Second)) || info.Size == 0 || info.Took <= 0 {
		t.Errorf("BackupInfo = %+v", info)
	}
	if got := filepath.Base(info.Path); got != "fktp-"+clk.Now().In(time.Local).Format("20060102-150405")+".db" {
		t.Errorf("backup named %s", got)
	}
	sameDump(t, "backup", dumpFile(t, info.Path), want)

	// The database moves on after the backup; the restore goes back.
	later := addPatient(t, db, 99, "Pasien Sesudah Cadangan")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	kept, err := Restore(ctx, info.Path, path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(filepath.Base(kept), FileName+".before-restore-") {
		t.Errorf("previous database kept as %s", kept)
	}
	for _, side := range []string{path + "-wal", path + "-shm", kept + "-wal"} {
		if _, err := os.Stat(side); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s left behind (%v)", filepath.Base(side), err)
		}
	}
	sameDump(t, "restored database", dumpFile(t, path), want)
	db2, _ := openAt(t, path)
	if _, err := db2.Patient(ctx, later); clinic.ErrorCode(err) != clinic.ENOTFOUND {
		t.Errorf("patient added after the backup still there: %v", err)
	}
	db3, _ := openAt(t, kept)
	if p, err := db3.Patient(ctx, later); err != nil || p.Name != "Pasien Sesudah Cadangan" {
		t.Errorf("kept database lost the newest patient: %+v, %v", p, err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".fktp-*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// restoreTarget is a closed database at dir/fktp.db, and a backup of it.
func restoreTarget(t *testing.T) (path, backup string) {
	t.Helper()
	dir := t.TempDir()
	path = filepath.Join(dir, FileName)
	db, _ := openAt(t, path)
	if err := Seed(context.Background(), db, 3000, 1); err != nil {
		t.Fatal(err)
	}
	info, err := db.Backup(context.Background(), filepath.Join(dir, "backups"), 3)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path, info.Path
}

// refusedRestore asserts that Restore refuses src with code and a message
// containing want, leaving the database and its folder as they were.
func refusedRestore(t *testing.T, src, path, code, want string) {
	t.Helper()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	kept, err := Restore(context.Background(), src, path)
	if err == nil {
		t.Fatal("Restore succeeded, want refusal")
	}
	wantCode(t, err, code)
	if msg := clinic.ErrorMessage(err); !strings.Contains(msg, want) {
		t.Errorf("message %q does not contain %q", msg, want)
	}
	if kept != "" {
		t.Errorf("refused restore kept the database as %s", kept)
	}
	after, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(before, after) {
		t.Fatalf("refused restore changed the database (%v)", err)
	}
	if again, _ := os.ReadDir(filepath.Dir(path)); len(again) != len(entries) {
		t.Errorf("refused restore left files: %v, was %v", again, entries)
	}
}

// execFile runs q on the database file at path as another tool would.
func execFile(t *testing.T, path, q string, args ...any) {
	t.Helper()
	raw := rawOpen(t, path)
	defer raw.Close()
	if _, err := raw.Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}

func TestRestoreRefusesBadFiles(t *testing.T) {
	path, backup := restoreTarget(t)
	dir := t.TempDir()
	good, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("corrupt", func(t *testing.T) {
		// Bytes flipped over a few pages in the middle, as a failing USB
		// disk returns them.
		b := slices.Clone(good)
		const page = 4096
		mid := len(b) / page / 2 * page
		for i := mid + 100; i < mid+3*page && i < len(b); i++ {
			b[i] ^= 0x5a
		}
		src := filepath.Join(dir, "corrupt.db")
		if err := os.WriteFile(src, b, 0o600); err != nil {
			t.Fatal(err)
		}
		refusedRestore(t, src, path, clinic.EINVALID, "rusak")
	})
	t.Run("newer schema", func(t *testing.T) {
		src := filepath.Join(dir, "newer.db")
		if err := os.WriteFile(src, good, 0o600); err != nil {
			t.Fatal(err)
		}
		execFile(t, src, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from_the_future.sql', '')`,
			len(migrations())+1)
		refusedRestore(t, src, path, clinic.EINVALID, "versi yang lebih baru")
	})
	t.Run("another program", func(t *testing.T) {
		src := filepath.Join(dir, "simrs.db")
		execFile(t, src, `CREATE TABLE pasien (id INTEGER PRIMARY KEY, nama TEXT); INSERT INTO pasien (nama) VALUES ('Budi')`)
		refusedRestore(t, src, path, clinic.EINVALID, "bukan cadangan database FKTP Desk")
	})
	t.Run("empty database", func(t *testing.T) {
		src := filepath.Join(dir, "kosong.db")
		execFile(t, src, `VACUUM`)
		refusedRestore(t, src, path, clinic.EINVALID, "bukan cadangan database FKTP Desk")
	})
	t.Run("not a database", func(t *testing.T) {
		src := filepath.Join(dir, "catatan.txt")
		if err := os.WriteFile(src, []byte("Daftar pasien hari ini:\nBudi Santoso\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		refusedRestore(t, src, path, clinic.EINVALID, "bukan cadangan")
	})
	t.Run("missing", func(t *testing.T) {
		refusedRestore(t, filepath.Join(dir, "tidak-ada.db"), path, clinic.ENOTFOUND, "tidak ditemukan")
	})
	t.Run("the database itself", func(t *testing.T) {
		refusedRestore(t, path, path, clinic.EINVALID, "database yang sedang dipulihkan")
	})
	t.Run("copy of a live database", func(t *testing.T) {
		src := filepath.Join(dir, "salinan.db")
		if err := os.WriteFile(src, good, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(src+"-wal", []byte("frames"), 0o600); err != nil {
			t.Fatal(err)
		}
		refusedRestore(t, src, path, clinic.EINVALID, "-wal")
	})
}

// TestRestoreRefusesDatabaseInUse: an open store, idle, in this process or
// another, makes Restore refuse; once closed, Restore goes ahead.
func TestRestoreRefusesDatabaseInUse(t *testing.T) {
	ctx := context.Background()
	path, backup := restoreTarget(t)

	t.Run("this process", func(t *testing.T) {
		db, _ := openAt(t, path)
		addPatient(t, db, 1, "Budi Santoso") // the WAL is live
		refusedRestore(t, backup, path, clinic.ECONFLICT, "sedang dipakai")
		// The probe did not disturb the open store.
		addPatient(t, db, 2, "Siti Aminah")
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("another process", func(t *testing.T) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHoldDatabaseOpen$")
		cmd.Env = append(os.Environ(), "FKTP_HOLD_DB="+path)
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer cmd.Wait()
		defer stdin.Close()
		sc := bufio.NewScanner(stdout)
		for sc.Scan() && sc.Text() != "ready" {
		}
		if sc.Err() != nil {
			t.Fatal(sc.Err())
		}
		refusedRestore(t, backup, path, clinic.ECONFLICT, "sedang dipakai")
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Fatalf("holder: %v", err)
		}
	})

	if _, err := Restore(ctx, backup, path); err != nil {
		t.Fatalf("after every store closed: %v", err)
	}
}

// TestHoldDatabaseOpen is the other process of
// TestRestoreRefusesDatabaseInUse: it opens the store named by
// FKTP_HOLD_DB, writes once, says "ready", and holds it open, idle, until
// its stdin closes.
func TestHoldDatabaseOpen(t *testing.T) {
	path := os.Getenv("FKTP_HOLD_DB")
	if path == "" {
		return // run only as the helper process
	}
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	addPatient(t, db, 3, "Dewi Lestari")
	fmt.Println("ready")
	bufio.NewReader(os.Stdin).ReadString('\n') // EOF when the parent closes it
}

// TestRestoreOverCrashedDatabase: a database left with its WAL by a crash
// is checkpointed before it is set aside, so the kept file is whole.
func TestRestoreOverCrashedDatabase(t *testing.T) {
	ctx := context.Background()
	path, backup := restoreTarget(t)
	db, _ := openAt(t, path)
	f := clinic.Facility{PPK: "0114U163", Name: "Hanya di WAL"}
	crashed := crashedCopy(t, db, f)
	kept, err := Restore(ctx, backup, crashed)
	if err != nil {
		t.Fatal(err)
	}
	for _, side := range []string{crashed + "-wal", crashed + "-shm", kept + "-wal", kept + "-shm"} {
		if _, err := os.Stat(side); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s left behind (%v)", filepath.Base(side), err)
		}
	}
	old, _ := openAt(t, kept)
	if got, err := old.Facility(ctx); err != nil || got != f {
		t.Errorf("kept database lost what was in its WAL: %+v, %v", got, err)
	}
	restored, _ := openAt(t, crashed)
	if _, err := restored.Facility(ctx); clinic.ErrorCode(err) != clinic.ENOTFOUND {
		t.Errorf("restored database has the crashed one's facility: %v", err)
	}
}

// TestRestoreOverDamagedDatabase: a database too damaged to open is what
// restores are for; it is kept aside, not refused.
func TestRestoreOverDamagedDatabase(t *testing.T) {
	path, backup := restoreTarget(t)
	garbage := bytes.Repeat([]byte("rusak "), 5000)
	if err := os.WriteFile(path, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	kept, err := Restore(context.Background(), backup, path)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(kept); err != nil || !bytes.Equal(b, garbage) {
		t.Errorf("damaged database not kept as it was (%v)", err)
	}
	db, _ := openAt(t, path)
	if n := countRows(t, db, "patients"); n != 3000 {
		t.Errorf("restored database has %d patients, want 3000", n)
	}
}

// TestRestoreClosedDatabaseCopy: a copy of a closed database (WAL mode in
// its header, unlike a backup) restores too, and leaves nothing behind.
func TestRestoreClosedDatabaseCopy(t *testing.T) {
	path, _ := restoreTarget(t)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if b[18] != 2 {
		t.Fatalf("header says journal mode %d, want WAL (2): the test would prove nothing", b[18])
	}
	src := filepath.Join(t.TempDir(), "salinan.db")
	if err := os.WriteFile(src, b, 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "baru")
	if _, err := Restore(context.Background(), src, filepath.Join(dir, FileName)); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{dir, filepath.Dir(src)} {
		entries, _ := os.ReadDir(d)
		if len(entries) != 1 {
			t.Errorf("%s holds %v, want one file", d, entries)
		}
	}
}

func TestRestoreIntoNewFolder(t *testing.T) {
	_, backup := restoreTarget(t)
	path := filepath.Join(t.TempDir(), "baru", FileName)
	kept, err := Restore(context.Background(), backup, path)
	if err != nil || kept != "" {
		t.Fatalf("Restore = %q, %v", kept, err)
	}
	db, _ := openAt(t, path)
	if n := countRows(t, db, "patients"); n != 3000 {
		t.Errorf("restored database has %d patients, want 3000", n)
	}
}

func ourBackups(t *testing.T, dir string) []string {
	t.Helper()
	bs, err := backups(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range bs {
		names = append(names, filepath.Base(b.Path))
	}
	return names
}

func TestBackupPrunesOnlyOurs(t *testing.T) {
	ctx := context.Background()
	db, clk := openTest(t)
	dir := t.TempDir()
	others := []string{"catatan.txt", "fktp.db", "fktp-manual.db", "fktp-20200101-000000.db.bak",
		"lain-20200101-000000.db", "fktp-20201399-000000.db", ".fktp-backup-1.partial"}
	for _, name := range others {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(name), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A folder that looks like a backup is not one.
	if err := os.Mkdir(filepath.Join(dir, "fktp-20200101-000000.db"), 0o700); err != nil {
		t.Fatal(err)
	}
	const keep = 3
	var made []string
	for i := range 6 {
		info, err := db.Backup(ctx, dir, keep)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, filepath.Base(info.Path))
		if i >= keep && (len(info.Removed) != 1 || filepath.Base(info.Removed[0]) != made[i-keep]) {
			t.Errorf("backup %d removed %v, want %s", i, info.Removed, made[i-keep])
		}
		clk.Add(24 * time.Hour)
	}
	got := ourBackups(t, dir)
	want := slices.Clone(made[len(made)-keep:])
	slices.Reverse(want)
	if !slices.Equal(got, want) {
		t.Errorf("kept %v, want the newest %d: %v", got, keep, want)
	}
	for _, name := range others {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != name {
			t.Errorf("pruning touched %s (%v)", name, err)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "fktp-20200101-000000.db")); err != nil || !fi.IsDir() {
		t.Errorf("pruning touched the look-alike folder (%v)", err)
	}
	last, ok, err := LastBackup(dir)
	if err != nil || !ok || filepath.Base(last.Path) != made[len(made)-1] || last.Size == 0 {
		t.Errorf("LastBackup = %+v, %v, %v; want %s", last, ok, err, made[len(made)-1])
	}

	wantCode(t, func() error { _, err := db.Backup(ctx, dir, 0); return err }(), clinic.EINVALID)
	wantCode(t, func() error { _, err := db.Backup(ctx, "", 3); return err }(), clinic.EINVALID)
}

func TestBackupsWithinOneSecond(t *testing.T) {
	ctx := context.Background()
	db, clk := openTest(t)
	dir := t.TempDir()
	var names []string
	for range 3 {
		info, err := db.Backup(ctx, dir, 10)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Base(info.Path))
	}
	stamp := "fktp-" + clk.Now().In(time.Local).Format("20060102-150405")
	if want := []string{stamp + ".db", stamp + "-2.db", stamp + "-3.db"}; !slices.Equal(names, want) {
		t.Errorf("names %v, want %v", names, want)
	}
	if last, _, _ := LastBackup(dir); filepath.Base(last.Path) != stamp+"-3.db" {
		t.Errorf("LastBackup = %s, want the third", last.Path)
	}
}

func TestLastBackupEmpty(t *testing.T) {
	for _, dir := range []string{t.TempDir(), filepath.Join(t.TempDir(), "belum-ada")} {
		if _, ok, err := LastBackup(dir); ok || err != nil {
			t.Errorf("LastBackup(%s) = %v, %v; want none", dir, ok, err)
		}
	}
}

func TestBackupFolderUnusable(t *testing.T) {
	db, _ := openTest(t)
	file := filepath.Join(t.TempDir(), "bukan-folder")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := db.Backup(context.Background(), filepath.Join(file, "cadangan"), 3)
	wantCode(t, err, clinic.EUNAVAILABLE)
	if !strings.Contains(clinic.ErrorMessage(err), "tidak dapat dipakai") {
		t.Errorf("message %q", clinic.ErrorMessage(err))
	}
}

func TestBackupIfDueOncePerDay(t *testing.T) {
	ctx := context.Background()
	db, clk := openTest(t)
	var runs atomic.Int32
	due := func(want bool) {
		t.Helper()
		ran, err := db.BackupIfDue(ctx, clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		if ran != want {
			t.Fatalf("at %v: BackupIfDue ran=%v, want %v", clk.Now(), ran, want)
		}
		if ran {
			runs.Add(1)
		}
	}
	defaultDir := filepath.Join(filepath.Dir(db.Path()), "backups")

	// 07:30, the first of the day: callers at once (the app's timer and a
	// button) make one backup between them.
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ran, err := db.BackupIfDue(ctx, clk.Now())
			if err != nil {
				t.Error(err)
			}
			if ran {
				runs.Add(1)
			}
		}()
	}
	wg.Wait()
	if runs.Load() != 1 {
		t.Fatalf("%d backups made by callers at once, want 1", runs.Load())
	}
	clk.Add(4 * time.Hour)
	due(false) // 11:30
	clk.Add(12*time.Hour + 20*time.Minute)
	due(false) // 23:50, still the same day at the desk
	clk.Add(20 * time.Minute)
	due(true) // 00:10 the next day
	if n := len(ourBackups(t, defaultDir)); n != 2 {
		t.Fatalf("%d backups in the default folder, want 2", n)
	}

	// A backup made by hand (fktpctl backup) counts as the day's.
	clk.Add(24 * time.Hour)
	if _, err := db.Backup(ctx, defaultDir, 14); err != nil {
		t.Fatal(err)
	}
	due(false)

	// The saved folder and keep are used.
	usb := filepath.Join(t.TempDir(), "usb")
	if err := db.SaveBackupSettings(ctx, BackupSettings{Folder: usb, Keep: 2, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	due(true) // nothing in the new folder yet
	for range 3 {
		clk.Add(24 * time.Hour)
		due(true)
	}
	if n := len(ourBackups(t, usb)); n != 2 {
		t.Errorf("%d backups kept, want 2", n)
	}

	// Turned off: nothing happens, day after day.
	if err := db.SaveBackupSettings(ctx, BackupSettings{Folder: usb, Keep: 2, Enabled: false}); err != nil {
		t.Fatal(err)
	}
	clk.Add(24 * time.Hour)
	due(false)
	if runs.Load() != 6 {
		t.Errorf("%d backups made, want 6", runs.Load())
	}
}

// BenchmarkBackup backs up the 200,000-patient benchmark database: the
// daily backup's cost on a large clinic's register (reported with its size).
func BenchmarkBackup(b *testing.B) {
	db := benchDB(b)
	dir := b.TempDir()
	var size int64
	for b.Loop() {
		info, err := db.Backup(context.Background(), dir, 1)
		if err != nil {
			b.Fatal(err)
		}
		size = info.Size
	}
	b.ReportMetric(float64(size)/(1<<20), "MB")
}
