package claims_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fktpdesk/clinic"
	"fktpdesk/pcare/pcaresim"
)

// visitWithLines registers the nth active participant and records a visit
// with two procedures and two drugs, as the doctor's desk would.
func visitWithLines(t *testing.T, st *stack, nth int) clinic.Visit {
	t.Helper()
	ctx := context.Background()
	p := st.sim.Participants(pcaresim.KindActiveHere, nth+1)[nth]
	res, err := st.svc.CheckEligibility(ctx, p.NoKartu)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := st.svc.Register(ctx, res.Eligibility, clinic.Registration{PoliCode: "001", Sick: true})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := st.central.Doctors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	procs, err := st.central.Procedures(ctx, clinic.TKPOutpatient)
	if err != nil || len(procs) < 2 {
		t.Fatalf("procedures %v %v", procs, err)
	}
	drugs, err := st.central.Drugs(ctx, "para", 5)
	if err != nil || len(drugs) == 0 {
		t.Fatalf("drugs %v %v", drugs, err)
	}
	fee := func(r clinic.ProcedureRef) int64 {
		if r.MaxFee > 0 {
			return min(r.MaxFee, 20000)
		}
		return 20000
	}
	v, err := st.desk.RecordVisit(ctx, clinic.Visit{RegistrationID: reg.ID, Anamnesis: "Demam dan batuk", Consciousness: "01",
		Prognosis: "02", DoctorCode: docs[0].Code, DischargeStatus: clinic.DischargeOutpatient,
		Diagnoses: []clinic.Diagnosis{{Code: "J06.9", Name: "ISPA"}},
		Procedures: []clinic.Procedure{
			{Code: procs[0].Code, Name: procs[0].Name, Fee: fee(procs[0]), MaxFee: procs[0].MaxFee},
			{Code: procs[1].Code, Name: procs[1].Name, Fee: fee(procs[1]), MaxFee: procs[1].MaxFee},
		},
		Drugs: []clinic.Drug{
			{Code: drugs[0].Code, Name: drugs[0].Name, DPHO: true, Signa1: 3, Signa2: 1, Quantity: 10},
			{Name: "Salep racikan kulit", Signa1: 2, Signa2: 1, Quantity: 1},
		}})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// acceptedVisit is visitWithLines once PCare has it all.
func acceptedVisit(t *testing.T, st *stack, nth int) clinic.Visit {
	t.Helper()
	v := visitWithLines(t, st, nth)
	settle(t, st)
	v, err := st.db.Visit(context.Background(), v.ID)
	if err != nil || v.VisitNo == "" {
		t.Fatalf("visit not accepted: %+v %v", v, err)
	}
	return v
}

// settle runs the worker until the outbox has nothing left to do, and
// fails on anything a person would have to fix.
func settle(t *testing.T, st *stack) {
	t.Helper()
	ctx := context.Background()
	for range 20 {
		if _, err := st.w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		c, err := st.db.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c[clinic.SyncCorrection] > 0 {
			items, _ := st.db.Items(ctx, clinic.SyncCorrection, 5)
			t.Fatalf("items need correction: %+v", items)
		}
		if c[clinic.SyncPending]+c[clinic.SyncUnknown]+c[clinic.SyncSending] == 0 {
			return
		}
	}
	c, _ := st.db.Counts(ctx)
	t.Fatalf("the outbox does not settle: %v", c)
}

// writesOf is the simulator's write log for one participant, in order, as
// "kind remote".
func writesOf(st *stack, card string) []string {
	var out []string
	for _, w := range st.sim.Writes() {
		if w.NoKartu == card {
			out = append(out, w.Kind+" "+w.Remote)
		}
	}
	return out
}

// dropAnswers makes the simulator store every write and then drop the
// connection (on) or behave (off).
func dropAnswers(st *stack, on bool) {
	f := st.sim.Faults()
	f.DropAfterCommitRate = 0
	if on {
		f.DropAfterCommitRate = 1
	}
	st.sim.SetFaults(f)
}

// A procedure's edit, a drug's edit (delete + add), a line's delete and
// then the visit's delete each reach PCare exactly once, in PCare's order
// (lines before their visit, a drug's delete before its replacement), even
// when every answer is lost after PCare stored the write; then the
// registration's cancellation follows the visit's delete.
func TestVisitChangesReachPCareOnceInOrder(t *testing.T) {
	ctx := context.Background()
	st := newStack(t, 11)
	v := acceptedVisit(t, st, 0)
	before := writesOf(st, v.CardNo)
	if len(before) != 6 {
		t.Fatalf("before the changes PCare has %v", before)
	}
	lineID := func(kind string, line int) string {
		id, err := st.db.LineRemote(ctx, kind, v.ID, line)
		if err != nil || id == "" {
			t.Fatalf("%s line %d has no PCare number: %v", kind, line, err)
		}
		return id
	}
	proc0, proc1, drug0, drug1 := lineID("tindakan", 0), lineID("tindakan", 1), lineID("obat", 0), lineID("obat", 1)

	dropAnswers(st, true)
	p := v.Procedures[0]
	p.Note, p.Fee = "Kontrol ulang", p.Fee-5000
	if _, err := st.desk.EditProcedure(ctx, v.ID, 0, p); err != nil {
		t.Fatal(err)
	}
	d := v.Drugs[0]
	d.Quantity = 15
	changed, err := st.desk.EditDrug(ctx, v.ID, 0, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(changed.Drugs) != 3 || !changed.Drugs[0].Removed || changed.Drugs[2].Quantity != 15 {
		t.Fatalf("after a drug edit PCare has already: %+v", changed.Drugs)
	}
	if _, err := st.desk.DeleteProcedure(ctx, v.ID, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := st.desk.DeleteProcedure(ctx, v.ID, 1); clinic.ErrorCode(err) != clinic.ECONFLICT {
		t.Fatalf("deleting a line twice: %v", err)
	}
	settle(t, st)
	drug2 := lineID("obat", 2)
	remote, err := st.central.ProceduresOf(ctx, v.VisitNo)
	if err != nil || len(remote) != 1 || remote[0].ID != proc0 || remote[0].Note != "Kontrol ulang" || remote[0].Amount != float64(p.Fee) {
		t.Fatalf("PCare's procedures after the changes: %+v %v", remote, err)
	}

	if err := st.desk.DeleteVisit(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.desk.EditVisit(ctx, v); clinic.ErrorCode(err) != clinic.ECONFLICT {
		t.Fatalf("editing a deleted visit: %v", err)
	}
	settle(t, st)
	if err := st.svc.CancelRegistration(ctx, v.RegistrationID); err != nil {
		t.Fatal(err)
	}
	settle(t, st)
	dropAnswers(st, false)
	reconciled := 0
	bs, _ := st.db.Batches(ctx, 50)
	for _, b := range bs {
		reconciled += b.Reconciled
	}
	if reconciled != 9 {
		t.Errorf("%d writes were found at PCare after their answer was lost, want all 9", reconciled)
	}

	got := writesOf(st, v.CardNo)[len(before):]
	want := []string{
		"edit-tindakan " + proc0,
		"delete-obat " + drug0,
		"obat " + drug2,
		"delete-tindakan " + proc1,
		// The visit's delete: its remaining lines first.
		"delete-tindakan " + proc0,
		"delete-obat " + drug1,
		"delete-obat " + drug2,
		"delete-kunjungan " + v.VisitNo,
		"delete-pendaftaran " + strings.TrimPrefix(before[0], "pendaftaran "),
	}
	show := "\n" + strings.Join(got, "\n")
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Fatalf("PCare's writes after the visit was recorded:%s\nwant each of\n%s", show, strings.Join(want, "\n"))
	}
	// Writes that do not wait for each other may go in any order; these do.
	for _, pair := range [][2]int{{1, 2}, {1, 3}, {4, 5}, {5, 6}, {6, 7}, {3, 7}, {2, 6}, {7, 8}} {
		if slices.Index(got, want[pair[0]]) > slices.Index(got, want[pair[1]]) {
			t.Errorf("%q reached PCare after %q:%s", want[pair[0]], want[pair[1]], show)
		}
	}
	if hist, err := st.central.VisitsOf(ctx, v.CardNo); err != nil || len(hist) != 0 {
		t.Fatalf("PCare still lists %+v (%v)", hist, err)
	}
	if _, err := st.db.VisitByRegistration(ctx, v.RegistrationID); clinic.ErrorCode(err) != clinic.ENOTFOUND {
		t.Fatalf("a deleted visit is still the registration's: %v", err)
	}
}

// What never left for PCare is changed or dropped locally: a visit deleted
// before it was sent, a line added and deleted, a line edited before its add
// left. PCare sees none of it, or only the final content.
func TestUnsentChangesSendNothing(t *testing.T) {
	ctx := context.Background()
	st := newStack(t, 12)
	early := visitWithLines(t, st, 0)
	if err := st.desk.DeleteVisit(ctx, early.ID); err != nil {
		t.Fatal(err)
	}
	v := visitWithLines(t, st, 1)
	settle(t, st)
	if got := writesOf(st, early.CardNo); len(got) != 1 || !strings.HasPrefix(got[0], "pendaftaran ") {
		t.Fatalf("a visit deleted before it left reached PCare: %v", got)
	}
	items, err := st.db.Items(ctx, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.EntityID == early.ID && it.Kind != "pendaftaran" {
			t.Fatalf("the deleted visit left an outbox item: %+v", it)
		}
	}
	// The registration waits for the doctor again and takes a new visit.
	reg, _ := st.db.Registration(ctx, early.RegistrationID)
	if reg.VisitStatus != clinic.VisitWaiting {
		t.Fatalf("registration after its visit was deleted: %+v", reg)
	}

	before := len(writesOf(st, v.CardNo))
	v, _ = st.db.Visit(ctx, v.ID)
	extra := v.Procedures[0]
	extra.Note = "tambahan"
	if _, err := st.desk.AddProcedure(ctx, v.ID, extra); err != nil {
		t.Fatal(err)
	}
	if _, err := st.desk.DeleteProcedure(ctx, v.ID, 2); err != nil {
		t.Fatal(err)
	}
	d := v.Drugs[1]
	d.Name = "Salep racikan kulit 2%"
	if _, err := st.desk.AddDrug(ctx, v.ID, d); err != nil {
		t.Fatal(err)
	}
	d.Quantity = 2
	after, err := st.desk.EditDrug(ctx, v.ID, 2, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Drugs) != 3 || after.Drugs[2].Quantity != 2 || after.Drugs[2].Removed {
		t.Fatalf("a drug edited before it left is not changed in place: %+v", after.Drugs)
	}
	settle(t, st)
	got := writesOf(st, v.CardNo)[before:]
	if len(got) != 1 || !strings.HasPrefix(got[0], "obat ") {
		t.Fatalf("PCare got %v, want only the new drug, once", got)
	}
	drugs, err := st.central.DrugsOf(ctx, v.VisitNo)
	if err != nil || len(drugs) != 3 || drugs[2].Code != d.Name || drugs[2].Amount != 2 {
		t.Fatalf("PCare's drugs %+v %v", drugs, err)
	}
}

// A visit deleted at PCare can be recorded again for the same
// registration: the new visit goes after the old one's delete.
func TestVisitRecordedAgainAfterDelete(t *testing.T) {
	ctx := context.Background()
	st := newStack(t, 13)
	v := acceptedVisit(t, st, 0)
	if err := st.desk.DeleteVisit(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	again := clinic.Visit{RegistrationID: v.RegistrationID, Anamnesis: "Diperiksa ulang", Consciousness: "01", Prognosis: "02",
		DoctorCode: v.DoctorCode, DischargeStatus: clinic.DischargeOutpatient, Diagnoses: v.Diagnoses}
	redo, err := st.desk.RecordVisit(ctx, again)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.desk.RecordVisit(ctx, again); clinic.ErrorCode(err) != clinic.ECONFLICT {
		t.Fatalf("a second live visit for one registration: %v", err)
	}
	settle(t, st)
	redo, _ = st.db.Visit(ctx, redo.ID)
	got := writesOf(st, v.CardNo)
	last := got[len(got)-2:]
	if want := []string{"delete-kunjungan " + v.VisitNo, "kunjungan " + redo.VisitNo}; !slices.Equal(last, want) || redo.VisitNo == v.VisitNo {
		t.Fatalf("PCare's last writes %v, want %v", last, want)
	}
	if reg, _ := st.db.Registration(ctx, v.RegistrationID); reg.VisitStatus != clinic.VisitExamined {
		t.Fatalf("registration after the new visit: %+v", reg)
	}
}

// A line already gone at PCare (deleted in PCare's own web page) is not an
// error for the clinic's delete: PCare's refusal is checked against its
// list, and the delete counts as done.
func TestDeleteOfLineGoneAtPCareIsDone(t *testing.T) {
	ctx := context.Background()
	st := newStack(t, 14)
	v := acceptedVisit(t, st, 0)
	id, err := st.db.LineRemote(ctx, "tindakan", v.ID, 0)
	if err != nil || id == "" {
		t.Fatalf("line number %q %v", id, err)
	}
	if err := st.central.DeleteProcedure(ctx, v.VisitNo, id); err != nil {
		t.Fatal(err)
	}
	if _, err := st.desk.DeleteProcedure(ctx, v.ID, 0); err != nil {
		t.Fatal(err)
	}
	settle(t, st)
	n := 0
	for _, w := range writesOf(st, v.CardNo) {
		if w == fmt.Sprintf("delete-tindakan %s", id) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the line was deleted %d times at PCare", n)
	}
}
