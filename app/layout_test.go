package app

import (
	"image/png"

	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/pcare/pcaresim"
)

// smallScreen is a 1366×768 laptop with a taskbar and a title bar: what is
// left for the window's content when it is maximised.
var smallScreen = fyne.NewSize(1366, 700)

// The busiest state of the main screen — training banner, an offline
// answer for a participant of another FKTP with arrears, and field errors
// on the form — must fit a small screen: the registration form without
// scrolling, nothing overlapping. With FKTP_SCREENSHOTS=<dir> it also
// writes what it rendered, to look at.
func TestLayoutFitsSmallScreen(t *testing.T) {
	st := newStack(t)
	d := st.deps()
	d.Training = &Training{Kinds: nil, Samples: func(string, int) []Sample { return nil }}
	m := st.window(t, d)
	m.Window.Resize(smallScreen)
	shot := screenshots(t, m)

	shot("1-start")
	p := st.participant(t, pcaresim.KindActiveHere)
	st.check(t, m, p.NoKartu)
	st.waitFor(t, "the poli list", func() bool { return len(m.Eligibility.Form.Polis()) > 0 })
	shot("2-active-here")

	// Worst case: the longest advice texts, the banner and every field error.
	for _, kind := range []pcaresim.Kind{pcaresim.KindArrears, pcaresim.KindActiveElsewhere} {
		st.check(t, m, st.participant(t, kind).NoKartu)
		shot("3-" + string(kind))
	}
	f := st.sim.Faults()
	f.Outage = true
	st.sim.SetFaults(f)
	st.clock.Advance(26 * time.Hour)
	st.check(t, m, st.participant(t, pcaresim.KindActiveElsewhere).NoKartu)
	form := m.Eligibility.Form
	// A bad morning: no poli, a complaint too long, three vitals mistyped.
	for field, msg := range map[string]string{
		"PoliCode":  "Poli wajib diisi.",
		"Complaint": "Keluhan maksimal 400 karakter.",
		"Systolic":  "Tekanan darah sistolik (mmHg) terlalu besar (maksimal 300).",
		"Diastolic": "Tekanan darah diastolik (mmHg) harus lebih kecil dari tekanan sistolik.",
		"WeightKg":  "Isi dengan angka bulat saja, mis. 120.",
	} {
		form.setFieldError(field, msg)
	}
	form.setStatus("Perbaiki isian yang ditandai merah.", widget.DangerImportance)
	relayout(m.Window.Content())
	shot("4-offline-errors")

	content := m.Window.Content().MinSize()
	if content.Width > smallScreen.Width {
		t.Errorf("window content needs %v wide, the screen has %v", content.Width, smallScreen.Width)
	}
	// The form column is not in a scroller: all of it, down to the status
	// under the button, must be on screen.
	drv := fyne.CurrentApp().Driver()
	for name, o := range map[string]fyne.CanvasObject{"Daftarkan": form.Submit, "status": form.Status} {
		bottom := drv.AbsolutePositionForObject(o).Y + o.Size().Height
		if bottom > smallScreen.Height {
			t.Errorf("%s ends at y=%v, below the %v px screen", name, bottom, smallScreen.Height)
		}
	}

	// Two registrations, one made while PCare was down, for the queue.
	for i, kind := range []pcaresim.Kind{pcaresim.KindActiveElsewhere, pcaresim.KindDependent} {
		if i == 1 {
			f.Outage = false
			st.sim.SetFaults(f)
		}
		res, err := st.svc.CheckEligibility(t.Context(), st.participant(t, kind).NoKartu)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.svc.Register(t.Context(), res.Eligibility, regFor(form.Polis()[i].Code)); err != nil {
			t.Fatal(err)
		}
	}
	m.Tabs.SelectIndex(1)
	st.waitFor(t, "the queue", func() bool { return len(m.Queue.Rows()) == 2 })
	shot("5-queue")
	m.Tabs.SelectIndex(2)
	test.Type(m.Patients.Search, strings.Fields(p.Nama)[0])
	st.waitFor(t, "search results", func() bool { return len(m.Patients.Rows()) > 0 })
	shot("6-patients")
}

// screenshots returns a function that writes the window as a PNG into
// $FKTP_SCREENSHOTS, or does nothing when it is not set.
func screenshots(t *testing.T, m *MainWindow) func(name string) {
	dir := os.Getenv("FKTP_SCREENSHOTS")
	return func(name string) {
		if dir == "" {
			return
		}
		relayout(m.Window.Content())
		img := m.Window.Canvas().Capture()
		fh, err := os.Create(filepath.Join(dir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		if err := png.Encode(fh, img); err != nil {
			t.Fatal(err)
		}
	}
}

// relayout lays the whole tree out again, top down. A GL window does this
// every frame for whatever was shown or hidden; the test canvas does not,
// so without it a capture shows stale (or zero) sizes.
func relayout(o fyne.CanvasObject) {
	switch x := o.(type) {
	case *fyne.Container:
		if x.Layout != nil {
			x.Layout.Layout(x.Objects, x.Size())
		}
		for _, c := range x.Objects {
			relayout(c)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(x)
		r.Layout(x.Size())
		for _, c := range r.Objects() {
			relayout(c)
		}
	}
}
