package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"fktpdesk/clinic"
)

func TestSettings(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	if v, ok, err := db.Setting(ctx, "idle.minutes"); err != nil || ok || v != "" {
		t.Fatalf("unset key = %q, %v, %v; want \"\", false, nil", v, ok, err)
	}
	for _, v := range []string{"5", "10"} {
		if err := db.SetSetting(ctx, "idle.minutes", v); err != nil {
			t.Fatal(err)
		}
		if got, ok, err := db.Setting(ctx, "idle.minutes"); err != nil || !ok || got != v {
			t.Fatalf("Setting = %q, %v, %v; want %q", got, ok, err, v)
		}
	}
	// An empty value is a value, not a missing key.
	if err := db.SetSetting(ctx, "note", ""); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := db.Setting(ctx, "note"); !ok {
		t.Error("empty value reads as unset")
	}
	wantCode(t, db.SetSetting(ctx, "", "x"), clinic.EINVALID)
}

func TestBackupSettings(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	s, err := db.BackupSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := BackupSettings{Folder: filepath.Join(filepath.Dir(db.Path()), "backups"), Keep: 14, Enabled: true}
	if s != want {
		t.Fatalf("defaults = %+v, want %+v", s, want)
	}

	usb := filepath.Join(t.TempDir(), "usb", "cadangan")
	saved := BackupSettings{Folder: usb + string(filepath.Separator), Keep: 30, Enabled: false}
	if err := db.SaveBackupSettings(ctx, saved); err != nil {
		t.Fatal(err)
	}
	if s, err = db.BackupSettings(ctx); err != nil || s != (BackupSettings{Folder: usb, Keep: 30, Enabled: false}) {
		t.Fatalf("after save = %+v, %v", s, err)
	}

	for name, bad := range map[string]BackupSettings{
		"relative folder": {Folder: "cadangan", Keep: 3},
		"no folder":       {Keep: 3},
		"keep none":       {Folder: usb, Keep: 0},
	} {
		t.Run(name, func(t *testing.T) {
			err := db.SaveBackupSettings(ctx, bad)
			wantCode(t, err, clinic.EINVALID)
			if len(clinic.FieldErrors(err)) != 1 {
				t.Errorf("field errors %v, want one", clinic.FieldErrors(err))
			}
		})
	}
	if s, _ := db.BackupSettings(ctx); s.Keep != 30 {
		t.Errorf("a refused save changed the settings: %+v", s)
	}

	// A value edited by hand into nonsense is reported, not replaced by
	// the default behind the clinic's back.
	if err := db.SetSetting(ctx, "backup.keep", "banyak"); err != nil {
		t.Fatal(err)
	}
	_, err = db.BackupSettings(ctx)
	wantCode(t, err, clinic.EINTERNAL)
}
