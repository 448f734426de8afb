package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
)

// addPatient stores a patient through the eligibility path, as the desk does.
func addPatient(t testing.TB, db *DB, i int, name string) int64 {
	t.Helper()
	p := participant(fmt.Sprintf("0005%09d", i), fmt.Sprintf("3273015204%06d", 850000+i), name)
	id, err := db.SaveEligibility(context.Background(), clinic.Eligibility{Participant: p})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func registration(patientID int64, card string, d time.Time) clinic.Registration {
	return clinic.Registration{
		PatientID: patientID, CardNo: card, ProviderCode: "0114U163", Date: d,
		PoliCode: "001", PoliName: "UMUM", Sick: true, TKP: clinic.TKPOutpatient, Complaint: "demam 3 hari",
		Vitals: clinic.Vitals{WeightKg: 60, HeightCm: 160, Systolic: 120, Diastolic: 80, RespRate: 20,
			HeartRate: 88, WaistCm: 80, Temperature: 38.5},
	}
}

func TestAddRegistration(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	pid := addPatient(t, db, 1, "Budi Santoso")
	r := registration(pid, "0005000000001", testStart)
	r.Unverified = true
	if err := db.AddRegistration(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if r.ID == 0 || r.SyncState != clinic.SyncPending || r.VisitStatus != clinic.VisitWaiting || !r.CreatedAt.Equal(testStart) {
		t.Fatalf("after AddRegistration r = %+v", r)
	}

	got, err := db.Registration(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := r
	want.PatientName = "Budi Santoso"
	want.Date = time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC) // a date reads back as midnight UTC
	if got != want {
		t.Fatalf("Registration = %+v\nwant           %+v", got, want)
	}

	// The outbox item, written with it.
	items, err := db.Items(ctx, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 {
		t.Fatalf("%d outbox items, want 1", len(items))
	}
	it := items[0]
	if it.Kind != claims.KindRegistration || it.Op != claims.OpAdd || it.EntityID != r.ID || it.State != clinic.SyncPending ||
		it.DependsOn != 0 || it.Attempts != 0 || !it.NextAttempt.Equal(testStart) || !it.CreatedAt.Equal(testStart) {
		t.Errorf("outbox item = %+v", it)
	}
	var d string
	if err := db.read.QueryRow(`SELECT day FROM outbox WHERE id = ?`, it.ID).Scan(&d); err != nil || d != "2025-03-10" {
		t.Errorf("outbox day = %q, %v", d, err)
	}

	_, err = db.Registration(ctx, r.ID+100)
	wantCode(t, err, clinic.ENOTFOUND)
}

func TestAddRegistrationIsAtomic(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	// No such patient: the registration insert fails on its foreign key.
	r := registration(9999, "0005000000001", testStart)
	if err := db.AddRegistration(ctx, &r); err == nil {
		t.Fatal("AddRegistration with a missing patient succeeded")
	}
	if r.ID != 0 || r.SyncState != "" {
		t.Errorf("failed AddRegistration changed r: %+v", r)
	}
	if n, m := countRows(t, db, "registrations"), countRows(t, db, "outbox"); n != 0 || m != 0 {
		t.Fatalf("after failure: %d registrations, %d outbox items; want none", n, m)
	}

	// A failure after the registration row is written (the outbox insert
	// refused by a CHECK constraint) rolls the registration back too.
	r.PatientID = addPatient(t, db, 1, "Budi")
	wrote := false
	err := db.update(ctx, func(tx *sql.Tx) error {
		id, err := insertRegistration(ctx, tx, &r, testStart)
		if err != nil {
			return err
		}
		wrote = true
		_, err = insertItem(ctx, tx, claims.Item{Kind: claims.KindRegistration, Op: "upsert", EntityID: id, State: clinic.SyncPending}, r.Date, testStart)
		return err
	})
	if err == nil || !wrote {
		t.Fatalf("registration written %v, outbox error %v: want written, then refused", wrote, err)
	}
	if n, m := countRows(t, db, "registrations"), countRows(t, db, "outbox"); n != 0 || m != 0 {
		t.Fatalf("after failure: %d registrations, %d outbox items; want none", n, m)
	}
}

func TestQueue(t *testing.T) {
	ctx := context.Background()
	db, clk := openTest(t)
	names := []string{"Citra", "Ahmad", "Budi"}
	var ids []int64
	for i, n := range names {
		ids = append(ids, addPatient(t, db, i, n))
	}
	today, yesterday := testStart, testStart.AddDate(0, 0, -1)
	// Arrivals: Citra, Ahmad, (Budi yesterday), Budi — queue order is
	// arrival order, not name or id order.
	for _, a := range []struct {
		p int
		d time.Time
	}{{0, today}, {1, today}, {2, yesterday}, {2, today}} {
		clk.Add(time.Minute)
		r := registration(ids[a.p], fmt.Sprintf("0005%09d", a.p), a.d)
		if err := db.AddRegistration(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	q, err := db.Queue(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range q {
		got = append(got, r.PatientName)
		if r.SyncState != clinic.SyncPending {
			t.Errorf("%s sync state %q", r.PatientName, r.SyncState)
		}
	}
	if fmt.Sprint(got) != "[Citra Ahmad Budi]" {
		t.Errorf("queue = %v, want [Citra Ahmad Budi]", got)
	}
	// The day is the desk's calendar day: 00:30 WIB is still that day.
	if q, _ := db.Queue(ctx, time.Date(2025, 3, 10, 0, 30, 0, 0, jakarta)); len(q) != 3 {
		t.Errorf("queue at 00:30 WIB has %d, want 3", len(q))
	}
	if q, _ := db.Queue(ctx, today.AddDate(0, 0, 1)); len(q) != 0 {
		t.Errorf("tomorrow's queue has %d", len(q))
	}

	hist, err := db.PatientRegistrations(ctx, ids[2])
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || !hist[0].Date.After(hist[1].Date) {
		t.Errorf("PatientRegistrations = %+v, want 2 newest first", hist)
	}
}

func TestMarkUnverifiedChecked(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	a, b := addPatient(t, db, 1, "A"), addPatient(t, db, 2, "B")
	var regs []clinic.Registration
	for _, p := range []struct {
		id   int64
		card string
	}{{a, "0005000000001"}, {a, "0005000000001"}, {b, "0005000000002"}} {
		r := registration(p.id, p.card, testStart)
		r.Unverified = true
		if err := db.AddRegistration(ctx, &r); err != nil {
			t.Fatal(err)
		}
		regs = append(regs, r)
	}
	if err := db.MarkUnverifiedChecked(ctx, "0005 0000 00001"); err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{false, false, true} {
		r, _ := db.Registration(ctx, regs[i].ID)
		if r.Unverified != want {
			t.Errorf("registration %d unverified = %v, want %v", i, r.Unverified, want)
		}
	}
	if err := db.MarkUnverifiedChecked(ctx, "0000000000000"); err != nil {
		t.Errorf("card with no registrations: %v", err)
	}
}
