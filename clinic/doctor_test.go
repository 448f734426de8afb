package clinic_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"fktpdesk/clinic"
	"fktpdesk/pcare"
	"fktpdesk/pcare/pcaresim"
	"fktpdesk/referral"
)

// doctorRig adds the doctor's desk and visit sending to the front-desk rig.
func doctorRig(t *testing.T) (*rig, *clinic.DoctorDesk, pcare.Central) {
	t.Helper()
	r := newRig(t)
	central := r.worker.Central.(pcare.Central)
	r.worker.Visits, r.worker.VisitCentral = r.db, central
	d := &clinic.DoctorDesk{Store: r.db, Visits: r.db, Refs: central, Now: r.clock.Now}
	return r, d, central
}

// examined returns a visit form for a fresh registration, filled the way a
// doctor would from the form's lists.
func examined(t *testing.T, r *rig, d *clinic.DoctorDesk, central pcare.Central, nth int) clinic.Visit {
	t.Helper()
	ctx := context.Background()
	reg := register(t, r, r.sim.Participants(pcaresim.KindActiveHere, nth+1)[nth])
	docs, err := central.Doctors(ctx)
	if err != nil || len(docs) == 0 {
		t.Fatalf("doctors %v %v", docs, err)
	}
	return clinic.Visit{RegistrationID: reg.ID, CardNo: reg.CardNo, Date: reg.Date, PoliCode: reg.PoliCode, Anamnesis: "Demam 3 hari, batuk, nyeri kepala.",
		Consciousness: "01", Prognosis: "02", DoctorCode: docs[0].Code, DoctorName: docs[0].Name,
		Vitals:          clinic.Vitals{Systolic: 150, Diastolic: 95, WeightKg: 70, HeightCm: 168, HeartRate: 90, RespRate: 20, Temperature: 37.8},
		DischargeStatus: clinic.DischargeOutpatient, TherapyDrugs: "Paracetamol 3x500 mg"}
}

// subSpecialistReferral picks a real sub-specialist and hospital from PCare's lists.
func subSpecialistReferral(t *testing.T, central pcare.Central, cardNo string, planned time.Time) referral.Referral {
	t.Helper()
	ctx := context.Background()
	specs, err := central.Specialists(ctx)
	if err != nil || len(specs) == 0 {
		t.Fatalf("specialists %v", err)
	}
	for _, sp := range specs {
		subs, err := central.SubSpecialists(ctx, sp.Code)
		if err != nil {
			t.Fatal(err)
		}
		for _, sub := range subs {
			r := referral.Referral{Kind: referral.SubSpecialist, SpecialistCode: sp.Code, SubSpecialistCode: sub.Code,
				SubSpecialistName: sub.Name, PlannedDate: planned, TACC: referral.TACCNone}
			hs, err := central.Hospitals(ctx, r, cardNo)
			if err != nil {
				t.Fatal(err)
			}
			if len(hs) > 0 {
				r.HospitalCode, r.HospitalName, r.Schedule = hs[0].Code, hs[0].Name, hs[0].Schedule
				return r
			}
		}
	}
	t.Fatal("no hospital takes any sub-specialist referral")
	return referral.Referral{}
}

func runUntilSent(t *testing.T, r *rig, d *clinic.DoctorDesk, visitID int64) clinic.Visit {
	t.Helper()
	for i := 0; i < 3; i++ {
		if _, err := r.worker.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	v, err := d.Visits.Visit(context.Background(), visitID)
	if err != nil {
		t.Fatal(err)
	}
	if v.SyncState != clinic.SyncSent || len(v.VisitNo) != 19 {
		t.Fatalf("visit not sent: %+v", v)
	}
	return v
}

func TestSubSpecialistReferralReachesPCare(t *testing.T) {
	r, d, central := doctorRig(t)
	ctx := context.Background()
	v := examined(t, r, d, central, 0)
	v.Diagnoses = []clinic.Diagnosis{{Code: "I10", Name: "Hipertensi esensial (primer)", NonSpecialist: clinic.IsNonSpecialist("I10")}}
	v.DischargeStatus = clinic.DischargeReferral
	ref := subSpecialistReferral(t, central, v.CardNo, r.clock.Now().AddDate(0, 0, 2))
	ref.TACC, ref.TACCReason = referral.TACCComorbidity, ">= 7 Hari"
	ref.Note = "Tekanan darah tidak terkontrol dengan 2 obat"
	v.Referral = &ref

	saved, err := d.RecordVisit(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	if reg, _ := r.svc.Store.Registration(ctx, v.RegistrationID); reg.VisitStatus != clinic.VisitReferred {
		t.Fatalf("registration status %q", reg.VisitStatus)
	}
	sent := runUntilSent(t, r, d, saved.ID)
	detail, err := central.ReferralDetail(ctx, sent.VisitNo)
	if err != nil {
		t.Fatal(err)
	}
	if detail.PPKRujuk == nil || detail.PPKRujuk.KdPPK != ref.HospitalCode || detail.Diag1 == nil || detail.Diag1.KdDiag != "I10" {
		t.Fatalf("PCare's referral %+v", detail)
	}
	if detail.Tacc == nil || !strings.Contains(string(detail.Tacc.AlasanTacc), ">= 7 Hari") {
		t.Fatalf("TACC lost: %+v", detail.Tacc)
	}
	if got := detail.TglAkhirRujuk.Time(); !got.Equal(ref.PlannedDate.AddDate(0, 0, 89).Truncate(24 * time.Hour)) {
		t.Fatalf("valid until %s", detail.TglAkhirRujuk)
	}
	// Exactly one kunjungan at PCare, after exactly one pendaftaran.
	kinds := map[string]int{}
	for _, w := range r.sim.Writes() {
		if w.NoKartu == v.CardNo {
			kinds[w.Kind]++
		}
	}
	if kinds["pendaftaran"] != 1 || kinds["kunjungan"] != 1 {
		t.Fatalf("writes %v", kinds)
	}
	// The letter from PCare's detail over the local record.
	base, err := d.Letter(ctx, sent, clinic.Facility{PPK: "0114U163", Name: "Klinik"})
	if err != nil {
		t.Fatal(err)
	}
	l := pcare.LetterFrom(detail, base)
	if l.Number != sent.VisitNo || l.ToHospital == "" || l.PatientName == "" || len(l.Diagnoses) != 1 || l.TACC == "" || l.Draft() {
		t.Fatalf("letter %+v", l)
	}
	if l.Notes != ref.Note || !strings.Contains(l.Given, "Paracetamol") {
		t.Fatalf("the doctor's note %q / therapy %q did not survive PCare's detail", l.Notes, l.Given)
	}
}

func TestSpecialCaseReferralReachesPCare(t *testing.T) {
	r, d, central := doctorRig(t)
	ctx := context.Background()
	v := examined(t, r, d, central, 0)
	v.Diagnoses = []clinic.Diagnosis{{Code: "N18.5", Name: "Chronic kidney disease, stage 5"}}
	v.DischargeStatus = clinic.DischargeReferral
	ref := referral.Referral{Kind: referral.Special, SpecialCode: "HDL", SpecialName: "Hemodialisa",
		Note: "HD rutin 2x seminggu", PlannedDate: r.clock.Now().AddDate(0, 0, 1), TACC: referral.TACCNone}
	hs, err := central.Hospitals(ctx, ref, v.CardNo)
	if err != nil || len(hs) == 0 {
		t.Fatalf("hospitals for HDL: %v %v", hs, err)
	}
	ref.HospitalCode, ref.HospitalName = hs[0].Code, hs[0].Name
	v.Referral = &ref
	saved, err := d.RecordVisit(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	sent := runUntilSent(t, r, d, saved.ID)
	detail, err := central.ReferralDetail(ctx, sent.VisitNo)
	if err != nil {
		t.Fatal(err)
	}
	if detail.PPKRujuk == nil || detail.PPKRujuk.KdPPK != ref.HospitalCode || !strings.Contains(string(detail.Catatan), "HD rutin") {
		t.Fatalf("special-case referral at PCare %+v", detail)
	}
}

func TestNonSpecialistReferralNeedsTACC(t *testing.T) {
	r, d, central := doctorRig(t)
	ctx := context.Background()
	v := examined(t, r, d, central, 0)
	// A09: diarrhoea and gastroenteritis, which an FKTP must handle itself.
	v.Diagnoses = []clinic.Diagnosis{{Code: "A09", Name: "Diare", NonSpecialist: clinic.IsNonSpecialist("A09")}}
	if !v.Diagnoses[0].NonSpecialist {
		t.Fatal("A09 is not marked non-specialist in the embedded list")
	}
	v.DischargeStatus = clinic.DischargeReferral
	ref := subSpecialistReferral(t, central, v.CardNo, r.clock.Now().AddDate(0, 0, 1))
	v.Referral = &ref

	_, err := d.RecordVisit(ctx, v)
	fs := clinic.FieldErrors(err)
	if clinic.ErrorCode(err) != clinic.EINVALID || len(fs) != 1 || fs[0].Field != "Referral.TACC" || !strings.Contains(fs[0].Message, "TACC") {
		t.Fatalf("TACC guard: %v %+v", err, fs)
	}
	if _, err := d.Visits.VisitByRegistration(ctx, v.RegistrationID); clinic.ErrorCode(err) != clinic.ENOTFOUND {
		t.Fatal("a visit refused by the form was stored")
	}

	// A stale flag from the form does not get it through either: the
	// embedded list knows A09 is non-specialist.
	v.Diagnoses[0].NonSpecialist = false
	if _, err := d.RecordVisit(ctx, v); clinic.ErrorCode(err) != clinic.EINVALID {
		t.Fatalf("stale flag let a non-specialist referral through: %v", err)
	}

	// Were it to get through (another client), PCare's own 412 comes back
	// in Indonesian for the correction screen.
	r.worker.RunOnce(ctx) // the registration must be at PCare first
	_, err = central.AddVisit(ctx, v)
	if clinic.ErrorCode(err) != clinic.EINVALID || !strings.Contains(clinic.ErrorMessage(err), "PCare menolak data") ||
		len(clinic.FieldErrors(err)) == 0 || clinic.FieldErrors(err)[0].Field != "kdTacc" {
		t.Fatalf("PCare's 412: %v %+v", err, clinic.FieldErrors(err))
	}
}

func TestReferralSavedWhilePCareDownSentOnce(t *testing.T) {
	r, d, central := doctorRig(t)
	ctx := context.Background()
	v := examined(t, r, d, central, 0)
	v.Diagnoses = []clinic.Diagnosis{{Code: "N18.5", Name: "Chronic kidney disease, stage 5"}}
	v.DischargeStatus = clinic.DischargeReferral
	ref := subSpecialistReferral(t, central, v.CardNo, r.clock.Now().AddDate(0, 0, 3))
	v.Referral = &ref

	r.setOutage(true)
	saved, err := d.RecordVisit(ctx, v)
	if err != nil {
		t.Fatalf("referral refused while PCare is down: %v", err)
	}
	for i := 0; i < 3; i++ {
		r.worker.RunOnce(ctx)
		r.clock.Add(time.Minute)
	}
	if got, _ := d.Visits.Visit(ctx, saved.ID); got.SyncState == clinic.SyncSent || got.VisitNo != "" {
		t.Fatalf("during the outage %+v", got)
	}
	r.setOutage(false)
	f := r.sim.Faults()
	f.DropAfterCommitRate = 1 // and the first answer is lost on the way back
	r.sim.SetFaults(f)
	r.clock.Add(30 * time.Minute)
	r.worker.RunOnce(ctx)
	f.DropAfterCommitRate = 0
	r.sim.SetFaults(f)
	r.clock.Add(30 * time.Minute)
	sent := runUntilSent(t, r, d, saved.ID)

	n := 0
	for _, w := range r.sim.Writes() {
		if w.Kind == "kunjungan" && w.NoKartu == v.CardNo {
			n++
			if w.Remote != sent.VisitNo {
				t.Fatalf("local number %s, PCare's %s", sent.VisitNo, w.Remote)
			}
		}
	}
	if n != 1 {
		t.Fatalf("PCare has %d visits, want exactly 1", n)
	}
}

func TestVisitFormRules(t *testing.T) {
	r, d, central := doctorRig(t)
	ctx := context.Background()
	v := examined(t, r, d, central, 0)
	v.Anamnesis, v.DoctorCode = "", ""
	v.Diagnoses = nil
	v.DischargeStatus = clinic.DischargeReferral
	_, err := d.RecordVisit(ctx, v)
	got := map[string]bool{}
	for _, f := range clinic.FieldErrors(err) {
		got[f.Field] = true
	}
	for _, want := range []string{"Anamnesis", "DoctorCode", "Diagnoses", "Referral"} {
		if !got[want] {
			t.Errorf("no error on %s: %+v", want, clinic.FieldErrors(err))
		}
	}
	ok := examined(t, r, d, central, 1)
	ok.Diagnoses = []clinic.Diagnosis{{Code: "J06.9", Name: "ISPA"}}
	saved, err := d.RecordVisit(ctx, ok)
	if err != nil || saved.Referral != nil {
		t.Fatalf("outpatient visit: %+v %v", saved, err)
	}
	if _, err := d.RecordVisit(ctx, ok); clinic.ErrorCode(err) != clinic.ECONFLICT {
		t.Fatalf("second visit for one registration: %v", err)
	}
}

func TestDiagnosisSearch(t *testing.T) {
	r, d, _ := doctorRig(t)
	_ = r
	ctx := context.Background()
	for q, want := range map[string]string{"i10": "I10", "A09.0": "A09.0", "diare": "A09", "hypertension": "I10"} {
		got, err := d.SearchDiagnoses(ctx, q, 50)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, g := range got {
			found = found || g.Code == want
		}
		if !found {
			t.Errorf("%q: %s not among %d results", q, want, len(got))
		}
	}
	// PCare down: the embedded list answers alone, quickly.
	r.setOutage(true)
	start := time.Now()
	got, _ := d.SearchDiagnoses(ctx, "tb paru", 20)
	if len(got) == 0 || time.Since(start) > 2*time.Second {
		t.Fatalf("offline search: %d results in %v", len(got), time.Since(start))
	}
}

func TestProceduresAndDrugsRecordedWithTheVisit(t *testing.T) {
	r, d, central := doctorRig(t)
	ctx := context.Background()
	procs, err := central.Procedures(ctx, clinic.TKPOutpatient)
	if err != nil || len(procs) == 0 {
		t.Fatalf("procedures %v %v", procs, err)
	}
	var capped clinic.ProcedureRef
	for _, p := range procs {
		if p.MaxFee > 0 {
			capped = p
			break
		}
	}
	if capped.Code == "" {
		t.Fatal("no procedure with a maximum fee in the reference")
	}
	drugs, err := central.Drugs(ctx, "para", 10)
	if err != nil || len(drugs) == 0 {
		t.Fatalf("drugs %v %v", drugs, err)
	}

	v := examined(t, r, d, central, 0)
	v.Diagnoses = []clinic.Diagnosis{{Code: "J06.9", Name: "ISPA"}}
	v.Procedures = []clinic.Procedure{{Code: capped.Code, Name: capped.Name, Fee: capped.MaxFee + 1, MaxFee: capped.MaxFee}}
	v.Drugs = []clinic.Drug{{Code: drugs[0].Code, Name: drugs[0].Name, DPHO: true, Signa1: 3, Signa2: 1, Quantity: 0}}
	_, err = d.RecordVisit(ctx, v)
	got := map[string]bool{}
	for _, f := range clinic.FieldErrors(err) {
		got[f.Field] = true
	}
	if !got["Procedures[0].Fee"] || !got["Drugs[0].Quantity"] {
		t.Fatalf("line errors: %+v", clinic.FieldErrors(err))
	}

	v.Procedures[0].Fee = capped.MaxFee
	v.Drugs[0].Quantity = 10
	saved, err := d.RecordVisit(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	back, err := d.Visits.Visit(ctx, saved.ID)
	if err != nil || len(back.Procedures) != 1 || back.Procedures[0].Fee != capped.MaxFee || len(back.Drugs) != 1 || back.Drugs[0].Quantity != 10 {
		t.Fatalf("lines not stored: %+v %v", back, err)
	}
	// The wire bodies the outbox will send.
	o := pcare.ObatFrom("0114U1631126Y000001", back.Drugs[0])
	if o.KdObat != drugs[0].Code || !o.ObatDPHO || o.JmlObat != 10 || o.JmlPermintaan != 10 || o.NmObatNonDPHO != "" {
		t.Fatalf("obat body %+v", o)
	}
	tk := pcare.TindakanFrom("0114U1631126Y000001", back.Procedures[0])
	if tk.KdTindakan != capped.Code || int64(tk.Biaya) != capped.MaxFee || tk.NoKunjungan == "" {
		t.Fatalf("tindakan body %+v", tk)
	}
}

func TestLinesSentOnceAfterTheVisit(t *testing.T) {
	r, d, central := doctorRig(t)
	ctx := context.Background()
	procs, _ := central.Procedures(ctx, clinic.TKPOutpatient)
	drugs, _ := central.Drugs(ctx, "para", 5)
	v := examined(t, r, d, central, 0)
	v.Diagnoses = []clinic.Diagnosis{{Code: "J06.9", Name: "ISPA"}}
	v.Procedures = []clinic.Procedure{{Code: procs[0].Code, Name: procs[0].Name, Fee: min(procs[0].MaxFee, 50000), MaxFee: procs[0].MaxFee}}
	v.Drugs = []clinic.Drug{
		{Code: drugs[0].Code, Name: drugs[0].Name, DPHO: true, Signa1: 3, Signa2: 1, Quantity: 10},
		{Name: "Salep racikan kulit", Signa1: 2, Signa2: 1, Quantity: 1},
	}
	saved, err := d.RecordVisit(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	// Every write's answer is lost on the way back, then PCare recovers:
	// each line must be found at PCare, never filed twice.
	f := r.sim.Faults()
	f.DropAfterCommitRate = 1
	r.sim.SetFaults(f)
	for i := 0; i < 4; i++ {
		r.worker.RunOnce(ctx)
	}
	f.DropAfterCommitRate = 0
	r.sim.SetFaults(f)
	for i := 0; i < 6; i++ {
		r.clock.Add(time.Hour)
		r.worker.RunOnce(ctx)
	}
	got, _ := d.Visits.Visit(ctx, saved.ID)
	if got.VisitNo == "" {
		t.Fatalf("visit not sent: %+v", got)
	}
	counts := map[string]int{}
	for _, w := range r.sim.Writes() {
		if w.NoKartu == got.CardNo || w.Kind == "tindakan" || w.Kind == "obat" {
			counts[w.Kind]++
		}
	}
	if counts["pendaftaran"] != 1 || counts["kunjungan"] != 1 || counts["tindakan"] != 1 || counts["obat"] != 2 {
		t.Fatalf("PCare's writes %v, want each record exactly once", counts)
	}
	c, _ := r.db.Counts(ctx)
	if c[clinic.SyncSent] != 5 || c[clinic.SyncPending]+c[clinic.SyncUnknown]+c[clinic.SyncCorrection] != 0 {
		t.Fatalf("outbox %v", c)
	}
	ps, err := central.ProceduresOf(ctx, got.VisitNo)
	if err != nil || len(ps) != 1 || ps[0].Code != procs[0].Code {
		t.Fatalf("PCare's procedures %+v %v", ps, err)
	}
}

func TestReportCountsVisitsReferralsAndRRNS(t *testing.T) {
	r, d, central := doctorRig(t)
	ctx := context.Background()
	mk := func(nth int, diag string, refer bool, tacc int) {
		v := examined(t, r, d, central, nth)
		v.Diagnoses = []clinic.Diagnosis{{Code: diag, Name: diag}}
		if refer {
			v.DischargeStatus = clinic.DischargeReferral
			ref := subSpecialistReferral(t, central, v.CardNo, r.clock.Now().AddDate(0, 0, 1))
			ref.TACC, ref.TACCReason = tacc, ">= 7 Hari"
			v.Referral = &ref
		}
		if _, err := d.RecordVisit(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	mk(0, "J06.9", false, referral.TACCNone)
	mk(1, "N18.5", true, referral.TACCNone)      // a specialist case
	mk(2, "I10", true, referral.TACCComorbidity) // non-specialist, with TACC
	mk(3, "J06.9", false, referral.TACCNone)
	day := r.clock.Now()
	rep, err := d.Report(ctx, day.AddDate(0, 0, -1), day.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Days) != 1 || rep.Total.Visits != 4 || rep.Total.Referrals != 2 || rep.Total.NonSpecialistReferrals != 1 {
		t.Fatalf("report %+v", rep.Total)
	}
	if rep.Total.RRNS() != 0.5 || rep.Total.ByPoli["POLI UMUM"] != 4 || rep.Total.RRNS() <= clinic.RRNSTarget {
		t.Fatalf("RRNS %v, by poli %v", rep.Total.RRNS(), rep.Total.ByPoli)
	}
}
