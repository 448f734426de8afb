package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
)

// A recorded referral opened again on a laptop: what cannot change is
// said above the form, the destination is kept as recorded (the patient may
// hold its letter), the saved lines carry their buttons, and Simpan
// perubahan and Hapus kunjungan stay on screen. Saved unchanged, PCare is
// sent nothing. With FKTP_SCREENSHOTS=<dir> it writes what it rendered.
func TestEditVisitFitsSmallScreen(t *testing.T) {
	st := newStack(t)
	ctx := t.Context()
	rec := referred(t, st, 1)[0]
	reg, err := st.db.Registration(ctx, rec.RegistrationID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.doctor.AddProcedure(ctx, rec.ID, clinic.Procedure{Code: "01001", Name: "Pemeriksaan gula darah sewaktu", Fee: 25000, Result: 110}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.doctor.AddDrug(ctx, rec.ID, clinic.Drug{Name: "ISDN 5 mg", Signa1: 1, Signa2: 1, Quantity: 10, Requested: 10}); err != nil {
		t.Fatal(err)
	}
	sendAll(t, st, rec.ID)

	m, f := doctorWindow(t, st)
	m.Window.Resize(smallScreen)
	shot := screenshots(t, m)
	s := m.Doctor
	s.Lists.SelectIndex(1)
	st.waitFor(t, "the examined patient", func() bool { return len(s.ExaminedRows()) == 1 })
	s.Examined.Select(0)
	st.waitFor(t, "the visit in the form", func() bool { return f.Editing() != nil })
	shot("18-exam-edit")

	if !f.Referral.Container.Visible() || !f.Referral.Keeping() || !strings.Contains(f.Referral.Kept.Text, rec.Referral.HospitalName) {
		t.Fatalf("the recorded destination is not shown: %q", f.Referral.Kept.Text)
	}
	relayout(m.Window.Content())
	drv := fyne.CurrentApp().Driver()
	if w := m.Window.Content().MinSize().Width; w > smallScreen.Width {
		t.Errorf("content needs %v wide, the screen has %v", w, smallScreen.Width)
	}
	for name, o := range map[string]fyne.CanvasObject{"Simpan perubahan": f.Save, "Hapus kunjungan": f.DeleteBtn, "the locked fields": f.Locked} {
		if !o.Visible() {
			t.Errorf("%s not shown", name)
		}
		if bottom := drv.AbsolutePositionForObject(o).Y + o.Size().Height; bottom > smallScreen.Height {
			t.Errorf("%s ends at y=%v, below the %v px screen", name, bottom, smallScreen.Height)
		}
	}

	f.Scroll.ScrollToBottom()
	test.Tap(f.SavedProcs[0].Edit)
	if f.LineDialog == nil || f.LineDialog.Proc.Result.Text != "110" {
		t.Fatal("the procedure dialog does not show the recorded result")
	}
	shot("19-exam-edit-line")
	test.Tap(f.LineDialog.Cancel)
	test.Tap(f.DeleteBtn)
	shot("20-exam-delete-confirm")
	test.Tap(findButton(m.Window.Canvas().Overlays().Top(), "Batal"))

	save(t, st, f)
	if f.Status.Importance != widget.SuccessImportance {
		t.Fatalf("saving unchanged: %q", f.Status.Text)
	}
	sendQueued(t, st)
	if n, _ := pcareWrites(st, reg.CardNo); n["edit-kunjungan"] != 0 {
		t.Fatalf("an unchanged examination was sent as an edit: %v", n)
	}
}
