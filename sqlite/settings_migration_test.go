package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// A database from before migration 12 keeps its PCare settings: they move
// from their own table into settings under "pcare.".
func TestPCareSettingsMoveIntoSettings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fktp.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", dsn(path, writeParams))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE pcare_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
		`INSERT INTO pcare_settings VALUES ('mode', 'production'), ('cons_id', '12345')`,
		`INSERT INTO settings VALUES ('backup.keep', '7', '2026-11-22T00:00:00.000Z')`,
		`DELETE FROM schema_migrations WHERE version = 12`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	db, err = Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.PCareSettings(context.Background())
	if err != nil || len(got) != 2 || got["mode"] != "production" || got["cons_id"] != "12345" {
		t.Fatalf("PCare settings after the move: %v %v", got, err)
	}
	if v, ok, _ := db.Setting(context.Background(), "backup.keep"); !ok || v != "7" {
		t.Fatalf("other settings disturbed: %q %v", v, ok)
	}
	// Saving replaces only the PCare keys.
	if err := db.SavePCareSettings(context.Background(), map[string]string{"mode": "training"}); err != nil {
		t.Fatal(err)
	}
	got, _ = db.PCareSettings(context.Background())
	if len(got) != 1 || got["mode"] != "training" {
		t.Fatalf("after save: %v", got)
	}
	if v, ok, _ := db.Setting(context.Background(), "backup.keep"); !ok || v != "7" {
		t.Fatalf("save touched other settings: %q %v", v, ok)
	}
}
