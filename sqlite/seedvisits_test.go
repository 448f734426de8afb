package sqlite

import (
	"context"
	"testing"

	"fktpdesk/claims"
	"fktpdesk/clinic"
)

func TestSeedVisits(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t) // the clock stands at testStart
	if err := Seed(ctx, db, 500, 1); err != nil {
		t.Fatal(err)
	}
	const n = 12000 // more than one batch
	if err := SeedVisits(ctx, db, n, 1); err != nil {
		t.Fatal(err)
	}
	waiting := SeedPerDay / 3
	if got := countRows(t, db, "visits"); got != n {
		t.Fatalf("%d visits, want %d", got, n)
	}
	if got := countRows(t, db, "registrations"); got != n+waiting {
		t.Fatalf("%d registrations, want %d", got, n+waiting)
	}
	var fkProblems int
	if err := db.read.QueryRow(`SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fkProblems); err != nil || fkProblems != 0 {
		t.Fatalf("foreign key problems: %d, %v", fkProblems, err)
	}

	// Today is a full day, its last third still waiting for the doctor.
	q, err := db.Queue(ctx, testStart)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != SeedPerDay {
		t.Fatalf("today's queue has %d registrations, want %d", len(q), SeedPerDay)
	}
	w := 0
	for _, r := range q {
		if r.SyncState != clinic.SyncSent || r.QueueNo == "" || r.PatientName == "" {
			t.Fatalf("queued registration %+v", r)
		}
		if r.VisitStatus == clinic.VisitWaiting {
			w++
		}
	}
	if w != waiting {
		t.Fatalf("%d waiting today, want %d", w, waiting)
	}

	// Everything is at PCare already: the app sends nothing.
	c, err := db.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c[clinic.SyncPending] != 0 || c[clinic.SyncSent] != countRows(t, db, "outbox") {
		t.Fatalf("outbox counts %v", c)
	}
	v, err := db.VisitByRegistration(ctx, q[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.SyncState != clinic.SyncSent || v.VisitNo == "" || len(v.Diagnoses) != 1 || len(v.Drugs) == 0 || v.PatientName != q[0].PatientName {
		t.Fatalf("seeded visit %+v", v)
	}

	// Last month's claim has lines, each a procedure with a fee.
	month := claims.MonthOf(testStart).AddDate(0, -1, 0)
	lines, err := db.ClaimLines(ctx, month, month.AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) < SeedPerDay { // about one visit in six, over a month
		t.Fatalf("%d claim lines in %s", len(lines), month.Format("2006-01"))
	}
	for _, l := range lines {
		if l.Amount <= 0 || l.VisitNo == "" || l.PCareID == "" {
			t.Fatalf("claim line %+v", l)
		}
	}
}
