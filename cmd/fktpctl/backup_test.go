package main

import (
	"bytes"
	"context"
	"fktpdesk/audit"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fktpdesk/sqlite"
)

var backupLine = regexp.MustCompile(`(?m)^Backup: +(\S+)\nSize: +[0-9.]+ (KB|MB)\nDuration: +\S+\n`)

// backupNow runs fktpctl backup and returns the file it reports.
func backupNow(t *testing.T, env map[string]string, args ...string) (string, string) {
	t.Helper()
	code, out, errs := ctl(t, env, append([]string{"backup"}, args...)...)
	if code != exitOK {
		t.Fatalf("backup %v: exit %d\n%s%s", args, code, out, errs)
	}
	m := backupLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("backup output lacks path, size or duration:\n%s", out)
	}
	if _, err := os.Stat(m[1]); err != nil {
		t.Fatalf("reported backup missing: %v", err)
	}
	return m[1], out
}

func TestBackupCommand(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"FKTP_DATA": data}
	if code, _, errs := ctl(t, env, "seed", "--patients", "300"); code != exitOK {
		t.Fatalf("seed: %s", errs)
	}
	// Without flags: the default folder inside the data folder.
	path, _ := backupNow(t, env)
	if filepath.Dir(path) != filepath.Join(data, "backups") {
		t.Errorf("default backup at %s, want in %s", path, filepath.Join(data, "backups"))
	}

	// --dir and --keep override the settings; a relative --dir is taken
	// from the working directory, as a shell user means it.
	usb := t.TempDir()
	t.Chdir(usb)
	var last string
	for range 3 {
		last, _ = backupNow(t, env, "--dir", "cadangan", "--keep", "2")
	}
	files, _ := filepath.Glob(filepath.Join(usb, "cadangan", "fktp-*.db"))
	if len(files) != 2 {
		t.Errorf("%d backups kept, want 2: %v", len(files), files)
	}
	if got, ok, err := sqlite.LastBackup(filepath.Join(usb, "cadangan")); err != nil || !ok || got.Path != last {
		t.Errorf("LastBackup = %v, %v, %v; want %s", got.Path, ok, err, last)
	}

	for _, bad := range [][]string{{"--keep", "0"}, {"extra"}, {"--nope"}} {
		if code, _, _ := ctl(t, env, append([]string{"backup"}, bad...)...); code != exitUsage {
			t.Errorf("backup %v: exit %d, want %d", bad, code, exitUsage)
		}
	}
	// A folder that cannot be made.
	blocker := filepath.Join(usb, "berkas")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := ctl(t, env, "backup", "--dir", filepath.Join(blocker, "x"))
	if code != exitFailure || !strings.Contains(errs, "tidak dapat dipakai") {
		t.Errorf("backup into a file: exit %d, %s", code, errs)
	}
}

func TestRestoreCommand(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"FKTP_DATA": data}
	if code, _, errs := ctl(t, env, "seed", "--patients", "200"); code != exitOK {
		t.Fatalf("seed: %s", errs)
	}
	backup, _ := backupNow(t, env)
	if code, _, errs := ctl(t, env, "seed", "--patients", "200", "--seed", "2"); code != exitOK {
		t.Fatalf("seed: %s", errs)
	}
	dbPath := sqlite.DefaultPath(data)

	t.Run("in use", func(t *testing.T) {
		db, err := sqlite.Open(context.Background(), dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		code, _, errs := ctl(t, env, "restore", backup)
		if code != exitFailure || !strings.Contains(errs, "sedang dipakai") {
			t.Fatalf("restore while open: exit %d, %s", code, errs)
		}
	})

	t.Run("corrupt", func(t *testing.T) {
		b, err := os.ReadFile(backup)
		if err != nil {
			t.Fatal(err)
		}
		for i := len(b) / 2; i < len(b)/2+8192 && i < len(b); i++ {
			b[i] ^= 0xff
		}
		bad := filepath.Join(t.TempDir(), "rusak.db")
		if err := os.WriteFile(bad, b, 0o600); err != nil {
			t.Fatal(err)
		}
		before, _ := os.ReadFile(dbPath)
		code, _, errs := ctl(t, env, "restore", bad)
		if code != exitFailure || !strings.Contains(errs, "rusak") {
			t.Fatalf("restore of a corrupt file: exit %d, %s", code, errs)
		}
		if after, _ := os.ReadFile(dbPath); !bytes.Equal(before, after) {
			t.Fatal("refused restore changed the database")
		}
	})

	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{{"restore"}, {"restore", backup, backup}} {
			if code, _, _ := ctl(t, env, args...); code != exitUsage {
				t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
			}
		}
		if code, _, _ := ctl(t, env, "restore", filepath.Join(data, "tidak-ada.db")); code != exitNotFound {
			t.Errorf("missing file: exit %d, want %d", code, exitNotFound)
		}
	})

	// Flags after FILE work too; the database becomes the backup (plus the
	// audit trail's note of the restore), and the replaced one is kept.
	code, out, errs := ctl(t, map[string]string{}, "restore", backup, "--data", data)
	if code != exitOK {
		t.Fatalf("restore: exit %d %s", code, errs)
	}
	restored, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := restored.VerifyAudit(context.Background())
	last, lerr := restored.List(context.Background(), audit.Filter{Limit: 1})
	restored.Close()
	if err != nil || lerr != nil || !rep.OK() || len(last) != 1 || last[0].Action != audit.Restore ||
		!strings.HasPrefix(last[0].User, "fktpctl:") || !strings.Contains(last[0].Detail, backup) {
		t.Fatalf("restored trail: %v %v %v, last %+v", rep, err, lerr, last)
	}
	kept := regexp.MustCompile(`kept as (\S+)\.\n`).FindStringSubmatch(out)
	if kept == nil {
		t.Fatalf("output does not name the kept database:\n%s", out)
	}
	if fi, err := os.Stat(kept[1]); err != nil || fi.Size() == 0 {
		t.Errorf("kept database %s: %v", kept[1], err)
	}
	if _, out, _ := ctl(t, env, "patients", "search", "RM-000300"); strings.Contains(out, "RM-000300") {
		t.Errorf("a patient added after the backup survived the restore:\n%s", out)
	}
	if code, out, _ := ctl(t, env, "patients", "search", "RM-000200"); code != exitOK || !strings.Contains(out, "RM-000200") {
		t.Errorf("a backed-up patient is missing after the restore: %d\n%s", code, out)
	}
}
