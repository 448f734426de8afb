package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"

	"fktpdesk/claims"
	"fktpdesk/clinic"
)

// A record's items leave in the order they were queued: an edit or delete
// waits while an earlier item of the same record is pending, sending or
// unknown (it may still reach PCare), but not behind one PCare refused.
// Other records, and other lines of the same visit, do not wait.
func TestClaimDueKeepsARecordsOrder(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	item := func(kind, op string, entity int64, line int, state string) int64 {
		return addItem(t, db, claims.Item{Kind: kind, Op: op, EntityID: entity, Line: line, State: state, NextAttempt: testStart}, testStart)
	}
	add := item(claims.KindProcedure, claims.OpAdd, 5, 0, clinic.SyncUnknown)
	edit := item(claims.KindProcedure, claims.OpEdit, 5, 0, clinic.SyncPending)
	otherLine := item(claims.KindProcedure, claims.OpAdd, 5, 1, clinic.SyncPending)
	refused := item(claims.KindVisit, claims.OpEdit, 6, 0, clinic.SyncCorrection)
	afterRefused := item(claims.KindVisit, claims.OpEdit, 6, 0, clinic.SyncPending)

	got, err := db.ClaimDue(ctx, testStart, 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{add, otherLine, afterRefused}; !slices.Equal(ids(got), want) {
		t.Fatalf("due %v, want %v (edit %d must wait for its add, %d is refused)", ids(got), want, edit, refused)
	}
	if got, _ := db.ClaimDue(ctx, testStart, 10); len(got) != 0 {
		t.Fatalf("while the add is sending: %v", ids(got))
	}
	if err := db.MarkSent(ctx, add, "77", testStart); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.ClaimDue(ctx, testStart, 10); !slices.Equal(ids(got), []int64{edit}) {
		t.Fatalf("after the add was sent: %v", ids(got))
	}
	if r, err := db.LineRemote(ctx, claims.KindProcedure, 5, 0); err != nil || r != "77" {
		t.Fatalf("LineRemote = %q, %v", r, err)
	}
	if r, err := db.LineRemote(ctx, claims.KindProcedure, 5, 1); err != nil || r != "" {
		t.Fatalf("LineRemote of an unsent line = %q, %v", r, err)
	}
}

// sentVisit stores a visit with two procedures and a drug and marks all
// its items (and its registration's) sent, as if PCare had them.
func sentVisit(t *testing.T, db *DB) clinic.Visit {
	t.Helper()
	ctx := context.Background()
	pid := addPatient(t, db, 1, "Budi")
	r := registration(pid, "0005000000001", testStart)
	if err := db.AddRegistration(ctx, &r); err != nil {
		t.Fatal(err)
	}
	v := clinic.Visit{RegistrationID: r.ID, CardNo: r.CardNo, Date: r.Date, PoliCode: "001", Anamnesis: "Demam",
		Consciousness: "01", Prognosis: "02", DoctorCode: "1", DischargeStatus: clinic.DischargeOutpatient,
		Diagnoses:  []clinic.Diagnosis{{Code: "J06.9"}},
		Procedures: []clinic.Procedure{{Code: "01001", Fee: 10000}, {Code: "01003", Fee: 20000}},
		Drugs:      []clinic.Drug{{Name: "Salep", Quantity: 1}}}
	if err := db.AddVisit(ctx, &v); err != nil {
		t.Fatal(err)
	}
	for n := 1; n > 0; {
		due, err := db.ClaimDue(ctx, testStart, 10)
		if err != nil {
			t.Fatal(err)
		}
		n = len(due)
		for _, it := range due {
			if err := db.MarkSent(ctx, it.ID, it.Kind+"-remote", testStart); err != nil {
				t.Fatal(err)
			}
		}
	}
	return v
}

// A visit's delete goes after its lines' deletes, one chain: PCare refuses
// to delete a visit that still has procedures or drugs.
func TestDeleteVisitChainsLinesFirst(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	v := sentVisit(t, db)
	if err := db.DeleteProcedure(ctx, v.ID, 1); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteVisit(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	items, err := db.Items(ctx, clinic.SyncPending, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Newest first: the visit, the drug, procedure 0, procedure 1.
	want := []struct {
		kind string
		line int
	}{{claims.KindVisit, 0}, {claims.KindDrug, 0}, {claims.KindProcedure, 0}, {claims.KindProcedure, 1}}
	if len(items) != len(want) {
		t.Fatalf("pending %+v", items)
	}
	for i, w := range want {
		it := items[i]
		if it.Op != claims.OpDelete || it.Kind != w.kind || it.Line != w.line || it.EntityID != v.ID {
			t.Fatalf("item %d: %+v, want the delete of %s line %d", i, it, w.kind, w.line)
		}
		if i+1 < len(items) && it.DependsOn != items[i+1].ID {
			t.Fatalf("%s delete depends on %d, not on the delete before it (%d)", it.Kind, it.DependsOn, items[i+1].ID)
		}
	}
	got, err := db.Visit(ctx, v.ID)
	if err != nil || !got.Deleted {
		t.Fatalf("deleted visit reads %+v, %v", got, err)
	}
	for _, f := range []func() error{
		func() error { return db.DeleteVisit(ctx, v.ID) },
		func() error { return db.AddDrug(ctx, v.ID, clinic.Drug{Name: "x", Quantity: 1}) },
		func() error { return db.EditVisit(ctx, got) },
	} {
		wantCode(t, f(), clinic.ECONFLICT)
	}
	if vs, err := db.VisitsBetween(ctx, testStart.AddDate(0, 0, -1), testStart.AddDate(0, 0, 1)); err != nil || len(vs) != 0 {
		t.Fatalf("reports list the deleted visit: %+v %v", vs, err)
	}
}

// Changes to lines that reach nothing at PCare leave no item behind, and
// an edit while an edit still waits adds none.
func TestLineChangesQueueOnlyWhatPCareNeeds(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	v := sentVisit(t, db)
	pending := func() int {
		c, err := db.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return c[clinic.SyncPending]
	}
	if err := db.AddProcedure(ctx, v.ID, clinic.Procedure{Code: "01001", Fee: 5000}); err != nil {
		t.Fatal(err)
	}
	if err := db.EditProcedure(ctx, v.ID, 2, clinic.Procedure{Code: "01001", Fee: 6000}); err != nil {
		t.Fatal(err)
	}
	if n := pending(); n != 1 {
		t.Fatalf("an added line edited before it left: %d items", n)
	}
	if err := db.DeleteProcedure(ctx, v.ID, 2); err != nil {
		t.Fatal(err)
	}
	if n := pending(); n != 0 {
		t.Fatalf("an added line deleted before it left: %d items", n)
	}
	for fee := int64(1000); fee <= 2000; fee += 1000 {
		if err := db.EditProcedure(ctx, v.ID, 0, clinic.Procedure{Code: "01001", Fee: fee}); err != nil {
			t.Fatal(err)
		}
	}
	if n := pending(); n != 1 {
		t.Fatalf("two edits of a line PCare has: %d items, want one edit carrying both", n)
	}
	wantCode(t, db.EditProcedure(ctx, v.ID, 2, clinic.Procedure{Code: "01001"}), clinic.ECONFLICT)
	wantCode(t, db.EditProcedure(ctx, v.ID, 9, clinic.Procedure{Code: "01001"}), clinic.ENOTFOUND)
	got, _ := db.Visit(ctx, v.ID)
	if len(got.Procedures) != 3 || got.Procedures[0].Fee != 2000 || !got.Procedures[2].Removed {
		t.Fatalf("stored lines %+v", got.Procedures)
	}
	// Saving the examination unchanged sends nothing.
	if err := db.EditVisit(ctx, got); err != nil {
		t.Fatal(err)
	}
	if n := pending(); n != 1 {
		t.Fatalf("an unchanged visit queued an edit: %d items", n)
	}
}

// Upgrading a database with visits and printed letters keeps both, and a
// registration whose visit was deleted can take a new one.
func TestMigrationToDeletableVisits(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	w, err := sql.Open("sqlite", dsn(path, writeParams))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	ms := migrations()
	for _, m := range ms[:6] {
		if _, err := w.Exec(m.sql); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, '')`, m.version, m.name); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		`INSERT INTO patients (id, name, created_at, updated_at) VALUES (1, 'Budi', '', '')`,
		`INSERT INTO registrations (id, patient_id, card_no, date, poli_code, sick, tkp, visit_status, created_at)
			VALUES (1, 1, '0005000000001', '2025-03-10', '001', 1, '10', 'referred', '')`,
		`INSERT INTO visits (id, registration_id, card_no, date, poli_code, discharge_status, referral, visit_no, record, created_at)
			VALUES (4, 1, '0005000000001', '2025-03-10', '001', '4', 1, '0114U1630325Y000001', '{"Anamnesis":"Demam"}', '')`,
		`INSERT INTO prints (visit_id, number, by_user, how, draft, at) VALUES (4, '0114U1630325Y000001', 'dokter', 'batch', 0, '')`,
	} {
		if _, err := w.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()

	db, _ := openAt(t, path)
	v, err := db.Visit(ctx, 4)
	if err != nil || v.Anamnesis != "Demam" || v.VisitNo != "0114U1630325Y000001" || v.Deleted {
		t.Fatalf("visit after the upgrade %+v, %v", v, err)
	}
	if ps, err := db.Prints(ctx, 4); err != nil || len(ps) != 1 {
		t.Fatalf("prints after the upgrade %+v, %v", ps, err)
	}
	var fkProblems int
	if err := db.read.QueryRow(`SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fkProblems); err != nil || fkProblems != 0 {
		t.Fatalf("foreign key problems %d, %v", fkProblems, err)
	}
	insert := func() error {
		_, err := db.write.Exec(`INSERT INTO visits (registration_id, card_no, date, poli_code, discharge_status, record, created_at)
			VALUES (1, '0005000000001', '2025-03-10', '001', '3', '{}', '')`)
		return err
	}
	if insert() == nil {
		t.Fatal("a second live visit for one registration")
	}
	if _, err := db.write.Exec(`UPDATE visits SET deleted = 1 WHERE id = 4`); err != nil {
		t.Fatal(err)
	}
	if err := insert(); err != nil {
		t.Fatalf("a new visit after the old one was deleted: %v", err)
	}
}

// Only a refused edit or delete is sent again by RetryItem: a refused add
// is corrected through its record, and nothing else is resent.
func TestRetryItem(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	item := func(op, state string) int64 {
		return addItem(t, db, claims.Item{Kind: claims.KindVisit, Op: op, EntityID: 3, State: state, NextAttempt: testStart,
			Attempts: 1, LastError: "PCare menolak data"}, testStart)
	}
	refusedAdd, refusedDelete, waiting := item(claims.OpAdd, clinic.SyncCorrection), item(claims.OpDelete, clinic.SyncCorrection),
		item(claims.OpEdit, clinic.SyncPending)
	for _, id := range []int64{refusedAdd, waiting} {
		wantCode(t, db.RetryItem(ctx, id, testStart), clinic.ECONFLICT)
	}
	if err := db.RetryItem(ctx, refusedDelete, testStart); err != nil {
		t.Fatal(err)
	}
	items, _ := db.Items(ctx, clinic.SyncPending, 10)
	if len(items) != 2 || items[1].ID != refusedDelete || items[1].Attempts != 0 || items[1].LastError != "" { // newest first
		t.Fatalf("pending after the retry: %+v", items)
	}
}
