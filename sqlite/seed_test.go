package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fktpdesk/clinic"
)

func TestSeed(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	// One real patient first: seeding must not collide with it.
	addPatient(t, db, 1, "Pasien Asli")
	const n = 3000
	if err := Seed(ctx, db, n, 7); err != nil {
		t.Fatal(err)
	}
	if err := Seed(ctx, db, n, 7); err != nil { // same seed again: still no collision
		t.Fatalf("second seed: %v", err)
	}
	if got := countRows(t, db, "patients"); got != 2*n+1 {
		t.Fatalf("%d patients, want %d", got, 2*n+1)
	}
	rows, err := db.read.Query(`SELECT ` + patientCols + ` FROM patients p WHERE p.id > 1 ORDER BY p.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var accented, noNIK, noCard int
	for rows.Next() {
		p, err := scanPatient(rows)
		if err != nil {
			t.Fatal(err)
		}
		if p.RecordNo == "" || !strings.HasPrefix(p.RecordNo, "RM-") {
			t.Fatalf("record number %q", p.RecordNo)
		}
		if p.NIK == "" {
			noNIK++
		} else {
			info, err := clinic.ParseNIK(p.NIK, testStart)
			if err != nil {
				t.Fatalf("seeded NIK %s: %v", p.NIK, err)
			}
			if info.Sex != p.Sex || !info.BirthDate.Equal(p.BirthDate) {
				t.Fatalf("NIK %s says %s %v, patient is %s %v", p.NIK, info.Sex, info.BirthDate, p.Sex, p.BirthDate)
			}
		}
		if p.CardNo == "" {
			noCard++
		} else if !clinic.ValidCardNo(p.CardNo) {
			t.Fatalf("seeded card %q", p.CardNo)
		}
		if strings.ContainsFunc(p.Name, func(r rune) bool { return r > 0x7f }) {
			accented++
		}
	}
	if accented == 0 || noNIK == 0 || noCard == 0 {
		t.Errorf("no variety: %d accented names, %d without NIK, %d without card", accented, noNIK, noCard)
	}
	// Seeded names are searchable.
	if ps, err := db.SearchPatients(ctx, "siti", 5); err != nil || len(ps) == 0 {
		t.Errorf("search on seeded data: %v, %v", ps, err)
	}
}

func TestSeedDeterministic(t *testing.T) {
	ctx := context.Background()
	names := func() []string {
		db, _ := openAt(t, filepath.Join(t.TempDir(), FileName))
		if err := Seed(ctx, db, 50, 42); err != nil {
			t.Fatal(err)
		}
		var out []string
		rows, err := db.read.Query(`SELECT name || nik || card_no FROM patients ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			rows.Scan(&s)
			out = append(out, s)
		}
		return out
	}
	a, b := names(), names()
	if strings.Join(a, "|") != strings.Join(b, "|") {
		t.Error("same seed gave different patients")
	}
}
