package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
	"fktpdesk/pcare/pcaresim"
)

// checkedForm checks a participant of kind and returns the form, with the
// poli list loaded.
func checkedForm(t *testing.T, st *stack, m *MainWindow, kind pcaresim.Kind) (*RegistrationForm, pcaresim.ParticipantSummary) {
	t.Helper()
	p := st.participant(t, kind)
	st.check(t, m, p.NoKartu)
	if !m.Eligibility.Result.Container.Visible() {
		t.Fatalf("check failed: %q", m.Eligibility.Message.Text)
	}
	f := m.Eligibility.Form
	st.waitFor(t, "the poli list", func() bool { return len(f.Polis()) > 0 })
	return f, p
}

func waitForStatus(t *testing.T, st *stack, f *RegistrationForm) {
	t.Helper()
	st.waitFor(t, "the registration answer", func() bool {
		return f.Status.Importance == widget.SuccessImportance || f.Status.Importance == widget.DangerImportance
	})
}

func TestRegisterStoresVisitAndClearsForm(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	f, p := checkedForm(t, st, m, pcaresim.KindActiveHere)

	poli := f.Polis()[0]
	f.Poli.SetSelected(poli.Name)
	test.Type(f.Complaint, "Demam 3 hari")
	test.Type(f.Weight, "62")
	test.Type(f.Height, "158")
	test.Type(f.Systolic, "120")
	test.Type(f.Diastolic, "80")
	test.Type(f.RespRate, "20")
	test.Type(f.HeartRate, "88")
	test.Type(f.Waist, "79")
	test.Tap(f.Submit)
	waitForStatus(t, st, f)

	if f.Status.Importance != widget.SuccessImportance || !strings.HasPrefix(f.Status.Text, "Terdaftar. Menunggu nomor antrean dari PCare") {
		t.Fatalf("status %q", f.Status.Text)
	}
	regs, err := st.svc.Queue(t.Context(), st.clock.Now())
	if err != nil || len(regs) != 1 {
		t.Fatalf("queue %+v, %v", regs, err)
	}
	r := regs[0]
	want := clinic.Vitals{WeightKg: 62, HeightCm: 158, Systolic: 120, Diastolic: 80, RespRate: 20, HeartRate: 88, WaistCm: 79}
	if r.CardNo != p.NoKartu || r.PoliCode != poli.Code || r.Vitals != want || r.Complaint != "Demam 3 hari" ||
		!r.Sick || r.TKP != clinic.TKPOutpatient || r.Unverified {
		t.Errorf("stored %+v", r)
	}
	for _, e := range []*widget.Entry{&f.Complaint.Entry, &f.Weight.Entry, &f.Systolic.Entry, &f.Waist.Entry} {
		if e.Text != "" {
			t.Errorf("entry not cleared: %q", e.Text)
		}
	}
	if f.Poli.Selected != "" {
		t.Errorf("poli not cleared: %q", f.Poli.Selected)
	}
}

func TestRegisterHealthyPromotiveVisit(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	f, _ := checkedForm(t, st, m, pcaresim.KindActiveHere)
	f.Poli.SetSelectedIndex(0)
	f.Visit.SetSelected("Sehat")
	f.TKP.SetSelected("Promotif preventif")
	test.Tap(f.Submit)
	waitForStatus(t, st, f)
	regs, _ := st.svc.Queue(t.Context(), st.clock.Now())
	if len(regs) != 1 || regs[0].Sick || regs[0].TKP != clinic.TKPPromotive {
		t.Fatalf("stored %+v (status %q)", regs, f.Status.Text)
	}
}

func TestRegisterValidationErrorLandsOnEntry(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	f, _ := checkedForm(t, st, m, pcaresim.KindActiveHere)

	f.Poli.SetSelectedIndex(0)
	test.Type(f.Systolic, "400")
	test.Type(f.Diastolic, "80")
	test.Tap(f.Submit)
	waitForStatus(t, st, f)

	if got := f.FieldError("Systolic"); !strings.Contains(got, "sistolik") || !strings.Contains(got, "maksimal 300") {
		t.Errorf("sistole error %q", got)
	}
	if got := f.FieldError("Diastolic"); got != "" {
		t.Errorf("diastole has an error %q", got)
	}
	if f.Systolic.Text != "400" {
		t.Error("a refused form was cleared")
	}
	if regs, _ := st.svc.Queue(t.Context(), st.clock.Now()); len(regs) != 0 {
		t.Fatalf("stored despite the error: %+v", regs)
	}

	// Fixing the value takes the message away.
	f.Systolic.SetText("130")
	if got := f.FieldError("Systolic"); got != "" {
		t.Errorf("error stays after the fix: %q", got)
	}
}

func TestRegisterWithoutPoliNamesPoli(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	f, _ := checkedForm(t, st, m, pcaresim.KindActiveHere)
	test.Tap(f.Submit)
	waitForStatus(t, st, f)
	if got := f.FieldError("PoliCode"); !strings.Contains(got, "Poli wajib diisi") {
		t.Errorf("poli error %q (status %q)", got, f.Status.Text)
	}
}

func TestRegisterRejectsNonNumbersBeforeSaving(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	f, _ := checkedForm(t, st, m, pcaresim.KindActiveHere)
	f.Poli.SetSelectedIndex(0)
	test.Type(f.Weight, "65,5")
	if got := f.FieldError("WeightKg"); got != "Berat (kg): Isi dengan angka bulat saja, mis. 120." {
		t.Errorf("while typing: %q", got)
	}
	test.Tap(f.Submit)
	st.ui.drain()
	if f.Status.Importance != widget.DangerImportance {
		t.Errorf("status %q", f.Status.Text)
	}
	if regs, _ := st.svc.Queue(t.Context(), st.clock.Now()); len(regs) != 0 {
		t.Fatalf("stored: %+v", regs)
	}
}

func TestRegisterTwiceIsAConflict(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	f, _ := checkedForm(t, st, m, pcaresim.KindActiveHere)
	for range 2 {
		f.Poli.SetSelectedIndex(0)
		f.Status.Importance = widget.MediumImportance
		test.Tap(f.Submit)
		waitForStatus(t, st, f)
	}
	if f.Status.Importance != widget.DangerImportance || !strings.Contains(f.Status.Text, "sudah didaftarkan hari ini") {
		t.Errorf("second registration: %q", f.Status.Text)
	}
}

// PCare says the card is inactive: the form says why and stays shut, so
// nobody types vitals for a registration the service would refuse.
func TestRegisterInactiveIsRefused(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	f, _ := checkedForm(t, st, m, pcaresim.KindInactivePBI)
	if !f.Submit.Disabled() || !f.Poli.Disabled() {
		t.Fatal("registration form enabled for an inactive participant")
	}
	if !strings.Contains(f.Who.Text, "tidak aktif") || !strings.Contains(f.Who.Text, "pasien umum") {
		t.Errorf("form header %q does not say why", f.Who.Text)
	}
	test.Tap(f.Submit)
	if q, _ := st.svc.Queue(context.Background(), st.clock.Now()); len(q) != 0 {
		t.Fatalf("inactive participant registered: %+v", q)
	}
}

// A new number must not inherit the previous patient's form.
func TestNewCheckResetsForm(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	f, _ := checkedForm(t, st, m, pcaresim.KindActiveHere)
	test.Type(f.Systolic, "150")
	st.check(t, m, st.participant(t, pcaresim.KindDependent).NoKartu)
	if f.Systolic.Text != "" {
		t.Errorf("vitals carried over to the next patient: %q", f.Systolic.Text)
	}
}

// The complaint is several lines, but Tab must still move on to the vitals:
// the front desk registers with the keyboard (scripts/e2e.sh does too).
func TestComplaintLetsTabMoveOn(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	f := m.Eligibility.Form
	if !f.Complaint.MultiLine {
		t.Error("the complaint is a single line")
	}
	if f.Complaint.AcceptsTab() {
		t.Error("Tab in the complaint types a tab instead of moving to the vitals")
	}
}
