package claims_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"fktpdesk/clinic"
	"fktpdesk/pcare/pcaresim"
)

// Items PCare refuses (412/424) wait for a person with PCare's messages;
// once corrected they are sent, exactly once.
func TestRefusedItemsAreCorrectedAndSentOnce(t *testing.T) {
	ctx := context.Background()
	st := newStack(t, 4)
	sim, central, db, svc, desk, w := st.sim, st.central, st.db, st.svc, st.desk, st.w

	p := sim.Participants(pcaresim.KindActiveHere, 1)[0]
	res, err := svc.CheckEligibility(ctx, p.NoKartu)
	if err != nil {
		t.Fatal(err)
	}
	// A poli PCare does not know: 424.
	reg, err := svc.Register(ctx, res.Eligibility, clinic.Registration{PoliCode: "099", Sick: true})
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := w.RunOnce(ctx); s.NeedsCorrection != 1 {
		t.Fatalf("pass %+v", s)
	}
	got, _ := db.Registration(ctx, reg.ID)
	items, _ := db.Items(ctx, clinic.SyncCorrection, 5)
	if got.SyncState != clinic.SyncCorrection || len(items) != 1 || len(items[0].Fields) == 0 || items[0].Fields[0].Field != "kdPoli" {
		t.Fatalf("refused registration %+v, items %+v", got, items)
	}
	if !strings.Contains(got.SyncError, "PCare menolak data") {
		t.Fatalf("message %q", got.SyncError)
	}
	// Nothing more happens until a person acts.
	if s, _ := w.RunOnce(ctx); s.Claimed != 0 {
		t.Fatalf("a refused item was retried: %+v", s)
	}

	got.PoliCode, got.PoliName = "001", ""
	fixed, err := svc.CorrectRegistration(ctx, got)
	if err != nil {
		t.Fatal(err)
	}
	if fixed.SyncState != clinic.SyncPending || fixed.PoliName != "POLI UMUM" {
		t.Fatalf("after the correction %+v", fixed)
	}
	if s, _ := w.RunOnce(ctx); s.Sent != 1 {
		t.Fatalf("pass after the correction %+v", s)
	}
	if _, err := svc.CorrectRegistration(ctx, fixed); clinic.ErrorCode(err) != clinic.ECONFLICT {
		t.Fatalf("correcting a sent registration: %v", err)
	}

	// A doctor PCare does not know: the visit is refused, then corrected.
	docs, _ := central.Doctors(ctx)
	v, err := desk.RecordVisit(ctx, clinic.Visit{RegistrationID: reg.ID, Anamnesis: "Demam", Consciousness: "01",
		Prognosis: "02", DoctorCode: "999999", DischargeStatus: clinic.DischargeOutpatient,
		Diagnoses: []clinic.Diagnosis{{Code: "J06.9", Name: "ISPA"}}})
	if err != nil {
		t.Fatal(err)
	}
	w.RunOnce(ctx)
	if got, _ := db.Visit(ctx, v.ID); got.SyncState != clinic.SyncCorrection || !strings.Contains(got.SyncError, "PCare") {
		t.Fatalf("refused visit %+v", got)
	}
	v.DoctorCode, v.DoctorName = docs[0].Code, docs[0].Name
	if _, err := desk.CorrectVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		w.RunOnce(ctx)
	}
	done, _ := db.Visit(ctx, v.ID)
	if done.SyncState != clinic.SyncSent || len(done.VisitNo) != 19 || done.DoctorCode != docs[0].Code {
		t.Fatalf("corrected visit %+v", done)
	}
	n := map[string]int{}
	for _, wr := range sim.Writes() {
		if wr.NoKartu == p.NoKartu {
			n[wr.Kind]++
		}
	}
	if n["pendaftaran"] != 1 || n["kunjungan"] != 1 {
		t.Fatalf("PCare's writes %v, want one registration and one visit", n)
	}
	// Every pass that did something is in the log, with what failed.
	bs, err := db.Batches(ctx, 10)
	if err != nil || len(bs) < 3 {
		t.Fatalf("batches %+v %v", bs, err)
	}
	refused := false
	for _, b := range bs {
		refused = refused || (b.NeedsCorrection == 1 && len(b.Errors) == 1 && strings.Contains(b.Errors[0], "PCare"))
	}
	if !refused {
		t.Fatalf("no logged pass shows the refusal: %+v", bs)
	}
}

// Cancelling a registration and editing a visit PCare has are outbox
// writes too: each reaches PCare once, behind the write it changes.
func TestCancelAndEditReachPCareOnce(t *testing.T) {
	ctx := context.Background()
	st := newStack(t, 8)
	sim, central, db, svc, desk, w := st.sim, st.central, st.db, st.svc, st.desk, st.w
	ps := sim.Participants(pcaresim.KindActiveHere, 3)
	reg := func(i int) clinic.Registration {
		res, err := svc.CheckEligibility(ctx, ps[i].NoKartu)
		if err != nil {
			t.Fatal(err)
		}
		r, err := svc.Register(ctx, res.Eligibility, clinic.Registration{PoliCode: "001", Sick: true})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	kinds := func(card string) map[string]int {
		n := map[string]int{}
		for _, wr := range sim.Writes() {
			if wr.NoKartu == card {
				n[wr.Kind]++
			}
		}
		return n
	}

	// Cancelled before it left: PCare never hears of it.
	early := reg(0)
	if err := svc.CancelRegistration(ctx, early.ID); err != nil {
		t.Fatal(err)
	}
	// Cancelled after PCare has it, with the delete's answer lost once.
	late := reg(1)
	w.RunOnce(ctx)
	if got, _ := db.Registration(ctx, late.ID); got.QueueNo == "" {
		t.Fatalf("not sent: %+v", got)
	}
	if err := svc.CancelRegistration(ctx, late.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.CancelRegistration(ctx, late.ID); clinic.ErrorCode(err) != clinic.ECONFLICT {
		t.Fatalf("cancelling twice: %v", err)
	}
	f := sim.Faults()
	f.DropAfterCommitRate = 1
	sim.SetFaults(f)
	w.RunOnce(ctx)
	f.DropAfterCommitRate = 0
	sim.SetFaults(f)
	for i := 0; i < 3; i++ {
		w.RunOnce(ctx)
	}
	if n := kinds(ps[0].NoKartu); len(n) != 0 {
		t.Fatalf("a registration cancelled before it left reached PCare: %v", n)
	}
	if n := kinds(ps[1].NoKartu); n["pendaftaran"] != 1 || n["delete-pendaftaran"] != 1 {
		t.Fatalf("cancelled registration at PCare: %v", n)
	}
	if q, _ := svc.Queue(ctx, time.Now()); len(q) != 0 {
		t.Fatalf("cancelled registrations in the queue: %+v", q)
	}
	if n := kinds(ps[1].NoKartu); n["pendaftaran"] != 1 {
		t.Fatalf("before registering again: %v", n)
	}
	// The patient may be registered again after a cancellation.
	again := reg(1)
	w.RunOnce(ctx)
	if got, _ := db.Registration(ctx, again.ID); got.QueueNo == "" || got.Cancelled {
		t.Fatalf("registering again after a cancellation: %+v", got)
	}

	// An examined patient's registration cannot be cancelled; an accepted
	// visit's change goes to PCare as an edit.
	third := reg(2)
	docs, _ := central.Doctors(ctx)
	v, err := desk.RecordVisit(ctx, clinic.Visit{RegistrationID: third.ID, Anamnesis: "Demam", Consciousness: "01",
		Prognosis: "02", DoctorCode: docs[0].Code, DischargeStatus: clinic.DischargeOutpatient,
		Diagnoses: []clinic.Diagnosis{{Code: "J06.9", Name: "ISPA"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.CancelRegistration(ctx, third.ID); clinic.ErrorCode(err) != clinic.ECONFLICT {
		t.Fatalf("cancelling an examined registration: %v", err)
	}
	for i := 0; i < 2; i++ {
		w.RunOnce(ctx)
	}
	v, _ = db.Visit(ctx, v.ID)
	v.Diagnoses = append(v.Diagnoses, clinic.Diagnosis{Code: "R50.9", Name: "Demam"})
	if _, err := desk.EditVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		w.RunOnce(ctx)
	}
	if n := kinds(ps[2].NoKartu); n["kunjungan"] != 1 || n["edit-kunjungan"] != 1 {
		t.Fatalf("edited visit at PCare: %v", n)
	}
	hist, err := central.VisitsOf(ctx, ps[2].NoKartu)
	if err != nil || len(hist) != 1 || hist[0].VisitNo != v.VisitNo {
		t.Fatalf("PCare's history %+v %v", hist, err)
	}
}
