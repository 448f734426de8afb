package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the driver the store uses, for the raw PRAGMA and VACUUM INTO

	"fktpdesk/sqlite"
)

// runStore reports the database file's size per 100,000 visits and times,
// on that file, what the store's size costs: PRAGMA integrity_check (which
// Open ran before every start up to this change) and, with --vacuum-into,
// a backup by VACUUM INTO (the fallback when fktpctl has no backup command).
func runStore(ctx context.Context, args []string) ([]result, error) {
	fs := newFlags("store")
	data := fs.String("data", "", "data folder with the seeded database")
	vacuum := fs.Int("vacuum-into", 0, "runs of a VACUUM INTO backup to time (0: none)")
	integrity := fs.Int("integrity", 1, "runs of PRAGMA integrity_check to time")
	fs.Parse(args)
	path := sqlite.DefaultPath(*data)
	if _, err := os.Stat(path + "-wal"); err == nil {
		return nil, fmt.Errorf("%s-wal exists: close every program using the database first", path)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var patients, visits, items int64
	if err := db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM patients), (SELECT count(*) FROM visits),
		(SELECT count(*) FROM outbox)`).Scan(&patients, &visits, &items); err != nil {
		return nil, err
	}
	if visits == 0 {
		return nil, fmt.Errorf("no visits in %s", path)
	}
	mb := float64(fi.Size()) / 1e6
	out := []result{
		{ID: "store.size_per_100k", Value: mb * 100000 / float64(visits), Unit: "MB",
			Detail: fmt.Sprintf("whole file %.0f MB: %d patients, %d visits, %d outbox items", mb, patients, visits, items)},
	}

	var runs []float64
	for range *integrity {
		t := time.Now()
		var res string
		if err := db.QueryRowContext(ctx, `PRAGMA integrity_check(1)`).Scan(&res); err != nil {
			return nil, err
		}
		if res != "ok" {
			return nil, fmt.Errorf("integrity_check: %s", res)
		}
		runs = append(runs, ms(time.Since(t)))
	}
	if len(runs) > 0 {
		out = append(out, timed("store.integrity_check", "ms", runs, fmt.Sprintf("%.0f MB file", mb)))
	}

	runs = nil
	dir, err := os.MkdirTemp(filepath.Dir(path), "vacuum-into-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	for i := range *vacuum {
		dst := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		t := time.Now()
		if _, err := db.ExecContext(ctx, `VACUUM INTO '`+strings.ReplaceAll(dst, "'", "''")+`'`); err != nil {
			return nil, err
		}
		runs = append(runs, ms(time.Since(t)))
		os.Remove(dst)
	}
	if len(runs) > 0 {
		out = append(out, timed("store.backup", "ms", runs, "VACUUM INTO through modernc sqlite from the runner (fktpctl has no backup command)"))
	}
	return out, nil
}
