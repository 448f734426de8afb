package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
	"fktpdesk/pcare/pcaresim"
	"fktpdesk/referral"
)

// register makes n registrations of active participants of this clinic,
// with the vital signs a nurse would take, through the front-desk service.
func register(t *testing.T, st *stack, n int) []clinic.Registration {
	t.Helper()
	ctx := context.Background()
	polis, err := st.svc.Polis(ctx)
	if err != nil || len(polis) == 0 {
		t.Fatalf("polis %v %v", polis, err)
	}
	ps := st.sim.Participants(pcaresim.KindActiveHere, n)
	if len(ps) < n {
		t.Fatalf("simulator has %d active participants, want %d", len(ps), n)
	}
	var out []clinic.Registration
	for i, p := range ps {
		res, err := st.svc.CheckEligibility(ctx, p.NoKartu)
		if err != nil {
			t.Fatal(err)
		}
		r := regFor(polis[0].Code)
		r.Complaint = "Pusing dan tengkuk tegang"
		r.Vitals = clinic.Vitals{Systolic: 160 + i, Diastolic: 100, WeightKg: 70, HeightCm: 165, RespRate: 20, HeartRate: 88, WaistCm: 90}
		saved, err := st.svc.Register(ctx, res.Eligibility, r)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, saved)
	}
	return out
}

// doctorWindow opens the window on the doctor's desk with short delays.
func doctorWindow(t *testing.T, st *stack) (*MainWindow, *ExamForm) {
	t.Helper()
	m := st.window(t, st.deps())
	for _, p := range m.Doctor.Form.Diagnoses {
		p.Delay = 5 * time.Millisecond
	}
	m.Tabs.SelectIndex(3)
	return m, m.Doctor.Form
}

// pickPatient waits for the registration in the waiting list and picks it.
func pickPatient(t *testing.T, st *stack, m *MainWindow, reg clinic.Registration) {
	t.Helper()
	s := m.Doctor
	idx := -1
	st.waitFor(t, "the patient in the waiting list", func() bool {
		for i, r := range s.Rows() {
			if r.ID == reg.ID {
				idx = i
				return true
			}
		}
		return false
	})
	s.Waiting.Select(idx)
	if got := s.Form.Registration(); got == nil || got.ID != reg.ID {
		t.Fatalf("form is on %+v", got)
	}
}

// diagnose types query into picker i and picks code from the results.
func diagnose(t *testing.T, st *stack, f *ExamForm, i int, query, code string) {
	t.Helper()
	p := f.Diagnoses[i]
	test.Type(p.Search, query)
	row := -1
	st.waitFor(t, "diagnosis results with "+code, func() bool {
		for j, d := range p.ResultsShown() {
			if d.Code == code {
				row = j
				return true
			}
		}
		return false
	})
	p.Results.Select(row)
	if c := p.Chosen(); c == nil || c.Code != code {
		t.Fatalf("picked %+v", c)
	}
}

// fillExam fills what every examination needs.
func fillExam(t *testing.T, st *stack, f *ExamForm) {
	t.Helper()
	test.Type(f.Anamnesis, "Pusing sejak 3 hari, riwayat hipertensi tidak terkontrol.")
	test.Type(f.Temperature, "37,2")
	test.Type(f.TherapyDrugs, "Amlodipin 1x10 mg")
	f.Prognosis.SelectCode("02")
	st.waitFor(t, "the doctor list", func() bool { return len(f.Doctor.Codes()) > 0 })
	f.Doctor.SetSelectedIndex(0)
}

// reachableSub finds, through PCare's lists, a speciality and
// sub-speciality that some hospital takes on planned: the test then picks
// them in the form as a doctor would.
func reachableSub(t *testing.T, st *stack, cardNo string, planned time.Time) (clinic.Code, clinic.SubSpecialist) {
	t.Helper()
	ctx := context.Background()
	specs, err := st.pcare.Specialists(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range specs {
		subs, err := st.pcare.SubSpecialists(ctx, sp.Code)
		if err != nil {
			t.Fatal(err)
		}
		for _, sub := range subs {
			r := referral.Referral{Kind: referral.SubSpecialist, SubSpecialistCode: sub.Code, PlannedDate: planned}
			if hs, err := st.pcare.Hospitals(ctx, r, cardNo); err == nil && len(hs) > 0 {
				return sp, sub
			}
		}
	}
	t.Fatal("no hospital takes any sub-specialist referral")
	return clinic.Code{}, clinic.SubSpecialist{}
}

// referTo fills the referral section for a sub-specialist referral on
// planned and picks the first hospital with room.
func referTo(t *testing.T, st *stack, f *ExamForm, cardNo string, planned time.Time) clinic.Hospital {
	t.Helper()
	sp, sub := reachableSub(t, st, cardNo, planned)
	f.Discharge.SelectCode(clinic.DischargeReferral)
	r := f.Referral
	if !r.Container.Visible() {
		t.Fatal("a referral status does not show the referral section")
	}
	st.waitFor(t, "the speciality list", func() bool { return len(r.Specialist.Codes()) > 0 })
	r.Kind.SetSelected(r.kindSub)
	if !r.Specialist.SelectCode(sp.Code) {
		t.Fatalf("speciality %s not offered", sp.Code)
	}
	st.waitFor(t, "the sub-speciality list", func() bool { return len(r.Subs()) > 0 })
	for i, s := range r.Subs() {
		if s.Code == sub.Code {
			r.SubSpecialist.SetSelectedIndex(i)
		}
	}
	r.PlannedDate.SetText("")
	test.Type(r.PlannedDate.Entry, planned.Format("02-01-2006"))
	test.Tap(r.FindBtn)
	st.waitFor(t, "the hospital list", func() bool { return len(r.HospitalList()) > 0 })
	for i, h := range r.HospitalList() {
		if h.Available {
			r.Hospitals.Select(widget.TableCellID{Row: i, Col: colHospName})
			break
		}
	}
	h := r.ChosenHospital()
	if h == nil {
		t.Fatalf("no hospital with room in %+v", r.HospitalList())
	}
	if !strings.Contains(r.Chosen.Text, h.Name) {
		t.Fatalf("chosen label %q", r.Chosen.Text)
	}
	return *h
}

// chooseTACC picks a TACC code and its first reason.
func chooseTACC(t *testing.T, f *ExamForm, code int) string {
	t.Helper()
	for i, c := range taccCodes {
		if c == code {
			f.Referral.TACC.SetSelectedIndex(i)
		}
	}
	reason := referral.TACCReasons[code][0]
	f.Referral.TACCReason.SetSelected(reason)
	return reason
}

// save taps Simpan, confirms the KBK warning when it comes, and waits for
// the outcome.
func save(t *testing.T, st *stack, f *ExamForm) {
	t.Helper()
	f.Status.SetText("")
	test.Tap(f.Save)
	if f.confirm != nil {
		b := findButton(f.w.Canvas().Overlays().Top(), "Simpan rujukan")
		if b == nil {
			t.Fatal("the KBK warning has no confirm button")
		}
		test.Tap(b)
	}
	st.waitFor(t, "the save outcome", func() bool {
		return f.Status.Importance == widget.SuccessImportance || f.Status.Importance == widget.DangerImportance
	})
}

// findButton finds a button by its text anywhere under o, widgets included.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	var found *widget.Button
	walkAll(o, func(o fyne.CanvasObject) {
		if b, ok := asButton(o); ok && b.Text == text && found == nil {
			found = b
		}
	})
	return found
}

// asButton is o as a button: Fyne's own (in its dialogs) or the app's.
func asButton(o fyne.CanvasObject) (*widget.Button, bool) {
	switch b := o.(type) {
	case *widget.Button:
		return b, true
	case *Button:
		return &b.Button, true
	}
	return nil, false
}

// walkAll calls f on o and everything under it, inside widgets too.
func walkAll(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	f(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walkAll(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walkAll(c, f)
		}
	}
}

// The main path: examine, code the diagnosis by searching, refer
// to a hospital from PCare's list, save; the worker sends it and the
// referral number shows on the printing tab.
func TestExamWithReferralIsStoredSentAndListedForPrinting(t *testing.T) {
	st := newStack(t)
	regs := register(t, st, 1)
	reg := regs[0]
	m, f := doctorWindow(t, st)
	pickPatient(t, st, m, reg)

	// The nurse's measurements are in the form already.
	if f.Systolic.Text != "160" || f.Diastolic.Text != "100" || f.Waist.Text != "90" || f.Temperature.Text != "" {
		t.Fatalf("vitals not pre-filled: %q/%q waist %q temp %q", f.Systolic.Text, f.Diastolic.Text, f.Waist.Text, f.Temperature.Text)
	}
	if f.AllergyFood.Code() != "00" || f.AllergyDrug.Code() != "00" || f.Consciousness.Code() != "01" {
		t.Fatalf("defaults: allergies %q/%q consciousness %q", f.AllergyFood.Code(), f.AllergyDrug.Code(), f.Consciousness.Code())
	}
	fillExam(t, st, f)
	diagnose(t, st, f, 0, "hiper", "I10")
	planned := st.clock.Now().AddDate(0, 0, 2)
	h := referTo(t, st, f, reg.CardNo, planned)

	// I10 is one of the diagnoses an FKTP must handle itself: the form
	// says so and asks for TACC before the service has to.
	if !f.Referral.NeedsTACC() || !f.Referral.TACCBox.Visible() || !f.KBKWarning.Visible() {
		t.Fatal("no TACC part or KBK warning for a non-specialist main diagnosis")
	}
	reason := chooseTACC(t, f, referral.TACCComorbidity)
	save(t, st, f)
	if f.Status.Importance != widget.SuccessImportance || !strings.HasPrefix(f.Status.Text, "Tersimpan. Dikirim ke PCare di latar belakang") {
		t.Fatalf("status %q (referral errors: TACC %q hospital %q)", f.Status.Text, f.FieldError("Referral.TACC"), f.FieldError("Referral.HospitalCode"))
	}
	if !f.PrintBtn.Visible() {
		t.Fatal("no print button after saving a referral")
	}
	// Printed from the doctor's desk at once: a draft, since PCare has not
	// numbered it yet, and said so where the doctor looks.
	logPath, _ := fakeCUPS(t)
	m.Printing.SpoolDir = t.TempDir()
	test.Tap(f.PrintBtn)
	st.waitFor(t, "the print from the doctor's desk", func() bool {
		return !m.Printing.busy && strings.Contains(f.Status.Text, "printer")
	})
	if calls := lpCalls(t, logPath); len(calls) != 1 || !strings.Contains(f.Status.Text, "DRAF") {
		t.Fatalf("lp calls %q, status %q", calls, f.Status.Text)
	}

	v, err := st.db.VisitByRegistration(t.Context(), reg.ID)
	if err != nil {
		t.Fatal(err)
	}
	ref := v.Referral
	if ref == nil || ref.Kind != referral.SubSpecialist || ref.HospitalCode != h.Code || ref.HospitalName != h.Name ||
		ref.SubSpecialistCode == "" || ref.TACC != referral.TACCComorbidity || ref.TACCReason != reason ||
		!sameDay(ref.PlannedDate, planned) {
		t.Fatalf("stored referral %+v", ref)
	}
	if len(v.Diagnoses) != 1 || v.Diagnoses[0].Code != "I10" || v.Vitals.Temperature != 37.2 || v.Vitals.Systolic != 160 ||
		v.Prognosis != "02" || v.DoctorCode == "" || v.DischargeStatus != clinic.DischargeReferral {
		t.Fatalf("stored visit %+v", v)
	}

	// The patient has left the waiting list.
	st.waitFor(t, "the waiting list to drop the patient", func() bool {
		for _, r := range m.Doctor.Rows() {
			if r.ID == reg.ID {
				return false
			}
		}
		return f.Registration() == nil
	})

	// Printing tab: listed at once, waiting for its number…
	m.Tabs.SelectIndex(4)
	p := m.Printing
	st.waitFor(t, "the referral on the printing tab", func() bool { return len(p.Rows()) == 1 })
	if got, _ := p.cell(0, colPrintNumber); got != "menunggu nomor BPJS" {
		t.Errorf("number before sending: %q", got)
	}
	// …and with PCare's number once the worker has sent it.
	sent := sendAll(t, st, v.ID)
	p.Refresh()
	st.waitFor(t, "the referral number on the printing tab", func() bool {
		got, _ := p.cell(0, colPrintNumber)
		return got == sent.VisitNo
	})
	if v.PatientName == "" {
		t.Fatal("the stored visit has no patient name")
	}
	for col, want := range map[int]string{colPrintPatient: v.PatientName, colPrintHospital: h.Name, colPrintSync: "terkirim", colPrintPrinted: "dicetak 1×"} {
		if got, _ := p.cell(0, col); got != want {
			t.Errorf("column %d: %q, want %q", col, got, want)
		}
	}
	if got, imp := p.cell(0, colPrintValidity); !strings.HasPrefix(got, "berlaku s.d. ") || imp != widget.MediumImportance {
		t.Errorf("validity %q", got)
	}
}

// sendAll runs the outbox until the visit has PCare's number.
func sendAll(t *testing.T, st *stack, visitID int64) clinic.Visit {
	t.Helper()
	for i := 0; i < 3; i++ {
		if _, err := st.worker.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	v, err := st.db.Visit(context.Background(), visitID)
	if err != nil {
		t.Fatal(err)
	}
	if v.SyncState != clinic.SyncSent || v.VisitNo == "" {
		t.Fatalf("visit not sent: %s %q %s", v.SyncState, v.VisitNo, v.SyncError)
	}
	return v
}

// The TACC guard: a non-specialist main diagnosis referred without TACC is
// refused with the message on the TACC field, and nothing is stored;
// with TACC Time and a reason it saves.
func TestNonSpecialistReferralNeedsTACCInTheForm(t *testing.T) {
	st := newStack(t)
	reg := register(t, st, 1)[0]
	m, f := doctorWindow(t, st)
	pickPatient(t, st, m, reg)
	fillExam(t, st, f)
	diagnose(t, st, f, 0, "diare", "A09")
	if !f.Diagnoses[0].Badge.Visible() {
		t.Error("A09 is not marked non-specialist")
	}
	referTo(t, st, f, reg.CardNo, st.clock.Now().AddDate(0, 0, 1))

	save(t, st, f)
	if f.Status.Importance != widget.DangerImportance {
		t.Fatalf("saved without TACC: %q", f.Status.Text)
	}
	if msg := f.FieldError("Referral.TACC"); !strings.Contains(msg, "TACC") {
		t.Fatalf("TACC field error %q (status %q)", msg, f.Status.Text)
	}
	if _, err := st.db.VisitByRegistration(t.Context(), reg.ID); clinic.ErrorCode(err) != clinic.ENOTFOUND {
		t.Fatalf("a refused visit was stored: %v", err)
	}
	if !f.Save.Disabled() && f.Registration() == nil {
		t.Fatal("the form let go of the patient after a refusal")
	}

	chooseTACC(t, f, referral.TACCTime)
	save(t, st, f)
	if f.Status.Importance != widget.SuccessImportance {
		t.Fatalf("with TACC: %q, TACC error %q, reason error %q", f.Status.Text, f.FieldError("Referral.TACC"), f.FieldError("Referral.TACCReason"))
	}
	v, err := st.db.VisitByRegistration(t.Context(), reg.ID)
	if err != nil || v.Referral == nil || v.Referral.TACC != referral.TACCTime || v.Referral.TACCReason != referral.TACCReasons[referral.TACCTime][0] {
		t.Fatalf("stored %+v, %v", v.Referral, err)
	}
}

// The form's own checks and the service's field errors land on the
// fields; a plain outpatient visit needs no referral part.
func TestExamFieldErrorsAndOutpatientVisit(t *testing.T) {
	st := newStack(t)
	reg := register(t, st, 1)[0]
	m, f := doctorWindow(t, st)
	pickPatient(t, st, m, reg)

	// Nothing filled in: the service names each required field.
	f.Prognosis.ClearSelected()
	save(t, st, f)
	for _, field := range []string{"Anamnesis", "Diagnoses", "Prognosis", "DoctorCode"} {
		if f.FieldError(field) == "" {
			t.Errorf("no error on %s (status %q)", field, f.Status.Text)
		}
	}
	// A temperature that is not a number is caught before the service.
	test.Type(f.Temperature, "37,x")
	save(t, st, f)
	if !strings.Contains(f.FieldError("Temperature"), "Suhu") || !f.VitalsError.Visible() {
		t.Fatalf("temperature error %q", f.FieldError("Temperature"))
	}
	f.Temperature.SetText("")
	fillExam(t, st, f)
	f.Temperature.SetText("38.5") // a dot works as well as a comma
	diagnose(t, st, f, 0, "J06", "J06.9")
	if f.Referral.Container.Visible() || f.KBKWarning.Visible() {
		t.Fatal("referral part shown for an outpatient visit")
	}
	save(t, st, f)
	if f.Status.Importance != widget.SuccessImportance || f.PrintBtn.Visible() {
		t.Fatalf("status %q, print button %v", f.Status.Text, f.PrintBtn.Visible())
	}
	v, err := st.db.VisitByRegistration(t.Context(), reg.ID)
	if err != nil || v.Referral != nil || v.Vitals.Temperature != 38.5 || v.DischargeStatus != clinic.DischargeOutpatient {
		t.Fatalf("stored %+v, %v", v, err)
	}
}

// The examination is keyboard-friendly: picking a patient puts the cursor
// in the anamnesis, Tab leaves the multi-line boxes, and the order follows
// the form.
func TestExamTabOrder(t *testing.T) {
	st := newStack(t)
	reg := register(t, st, 1)[0]
	m, f := doctorWindow(t, st)
	pickPatient(t, st, m, reg)
	c := m.Window.Canvas()
	if c.Focused() != f.Anamnesis {
		t.Fatalf("focus on %T after picking a patient", c.Focused())
	}
	if f.Anamnesis.AcceptsTab() {
		t.Fatal("the anamnesis swallows Tab")
	}
	want := []fyne.Focusable{f.Consciousness.Select, f.Systolic, f.Diastolic, f.HeartRate, f.RespRate, f.Temperature}
	for i, w := range want {
		c.FocusNext()
		if c.Focused() != w {
			t.Fatalf("Tab %d reaches %T, want %T", i+1, c.Focused(), w)
		}
	}
	c.Focus(f.TherapyDrugs)
	c.FocusNext()
	if c.Focused() != f.TherapyOther {
		t.Fatalf("Tab from the drug therapy reaches %T", c.Focused())
	}
}

// With PCare down, the doctor list PCare gave last time still lets the
// doctor record the visit; the outbox sends it later.
func TestDoctorListSurvivesOutage(t *testing.T) {
	st := newStack(t)
	regs := register(t, st, 2)
	m, f := doctorWindow(t, st)
	pickPatient(t, st, m, regs[0])
	st.waitFor(t, "the doctor list", func() bool { return len(f.Doctor.Codes()) > 0 })
	want := f.Doctor.Codes()

	faults := st.sim.Faults()
	faults.Outage = true
	st.sim.SetFaults(faults)
	m2 := NewMainWindow(fyne.CurrentApp(), st.deps())
	t.Cleanup(m2.Close)
	f2 := m2.Doctor.Form
	for _, p := range f2.Diagnoses {
		p.Delay = 5 * time.Millisecond
	}
	pickPatient(t, st, m2, regs[1])
	st.waitFor(t, "the saved doctor list", func() bool { return len(f2.Doctor.Codes()) > 0 })
	if len(f2.Doctor.Codes()) != len(want) || f2.Doctor.Codes()[0] != want[0] {
		t.Fatalf("offline doctors %v, want %v", f2.Doctor.Codes(), want)
	}
	// And the visit saves offline: the diagnosis comes from the embedded list.
	fillExam(t, st, f2)
	diagnose(t, st, f2, 0, "J06.9", "J06.9")
	save(t, st, f2)
	if f2.Status.Importance != widget.SuccessImportance {
		t.Fatalf("offline save: %q", f2.Status.Text)
	}
}

// "Cari rumah sakit" pressed with the keyboard leaves the keyboard on the
// hospital list: Space picks the highlighted row, Tab goes on to Simpan.
func TestFindHospitalsKeepsTheKeyboard(t *testing.T) {
	st := newStack(t)
	reg := register(t, st, 1)[0]
	m, f := doctorWindow(t, st)
	pickPatient(t, st, m, reg)
	referTo(t, st, f, reg.CardNo, st.clock.Now())
	r := f.Referral
	c := m.Window.Canvas()
	c.Focus(r.FindBtn)
	r.FindBtn.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	st.waitFor(t, "the hospital list", func() bool { return len(r.HospitalList()) > 0 && c.Focused() != nil })
	if c.Focused() != r.Hospitals {
		t.Fatalf("focus on %T after the search, want the hospital list", c.Focused())
	}
	c.FocusNext()
	if c.Focused() != f.Save {
		t.Fatalf("Tab from the hospital list reaches %T, want Simpan", c.Focused())
	}
}

// Yesterday's examined patients are one step back on "Sudah diperiksa":
// the doctor opens one there to correct it, the waiting list stays
// today's, and the list never steps past today.
func TestExaminedListStepsBackADay(t *testing.T) {
	st := newStack(t)
	rec := referred(t, st, 1)[0]
	yesterday := st.clock.Now()
	st.clock.Advance(24 * time.Hour)
	m, f := doctorWindow(t, st)
	s := m.Doctor
	s.Lists.SelectIndex(1)
	st.waitFor(t, "today's lists", func() bool { return s.Lists.Items[1].Text == "Sudah diperiksa (0)" })
	if !s.NextDay.Disabled() || !strings.HasPrefix(s.Day.Text, "Hari ini") {
		t.Fatalf("today's list: day %q, next enabled %v", s.Day.Text, !s.NextDay.Disabled())
	}

	test.Tap(s.PrevDay)
	st.waitFor(t, "yesterday's examined patient", func() bool { return len(s.ExaminedRows()) == 1 })
	if got := s.ExaminedRows()[0]; got.ID != rec.RegistrationID {
		t.Fatalf("yesterday shows registration %d, want %d", got.ID, rec.RegistrationID)
	}
	if s.Day.Text != formatDate(yesterday) || s.NextDay.Disabled() || len(s.Rows()) != 0 {
		t.Fatalf("yesterday: day %q, next disabled %v, %d waiting", s.Day.Text, s.NextDay.Disabled(), len(s.Rows()))
	}
	s.Examined.Select(0)
	st.waitFor(t, "yesterday's visit in the form", func() bool { return f.Editing() != nil && f.Editing().ID == rec.ID })

	test.Tap(s.NextDay)
	st.waitFor(t, "back on today", func() bool { return s.Lists.Items[1].Text == "Sudah diperiksa (0)" })
	test.Tap(s.NextDay) // disabled: stays on today
	if !s.NextDay.Disabled() || !strings.HasPrefix(s.Day.Text, "Hari ini") || len(s.ExaminedRows()) != 0 {
		t.Fatalf("after stepping forward: day %q, %d examined", s.Day.Text, len(s.ExaminedRows()))
	}
}
