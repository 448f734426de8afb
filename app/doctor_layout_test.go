package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/referral"
)

// The doctor's desk on a laptop: the examination form scrolls, but Simpan
// and the outcome beside it are always on screen, and nothing needs more
// width than the screen has — with the referral part, the hospital list
// and the TACC error showing. With FKTP_SCREENSHOTS=<dir> it writes what
// it rendered, to look at.
func TestDoctorDeskFitsSmallScreen(t *testing.T) {
	st := newStack(t)
	regs := register(t, st, 3)
	m, f := doctorWindow(t, st)
	m.Window.Resize(smallScreen)
	shot := screenshots(t, m)
	drv := fyne.CurrentApp().Driver()
	onScreen := func(when string) {
		t.Helper()
		relayout(m.Window.Content())
		if w := m.Window.Content().MinSize().Width; w > smallScreen.Width {
			t.Errorf("%s: content needs %v wide, the screen has %v", when, w, smallScreen.Width)
		}
		for name, o := range map[string]fyne.CanvasObject{"Simpan": f.Save, "status": f.Status} {
			if bottom := drv.AbsolutePositionForObject(o).Y + o.Size().Height; bottom > smallScreen.Height {
				t.Errorf("%s: %s ends at y=%v, below the %v px screen", when, name, bottom, smallScreen.Height)
			}
		}
	}

	st.waitFor(t, "the waiting list", func() bool { return len(m.Doctor.Rows()) == 3 })
	shot("7-doctor-waiting")
	pickPatient(t, st, m, regs[1])
	shot("8-exam")
	onScreen("empty form")

	fillExam(t, st, f)
	test.Type(f.Diagnoses[0].Search, "hiper")
	st.waitFor(t, "diagnosis results", func() bool { return len(f.Diagnoses[0].ResultsShown()) > 0 })
	shot("9-diagnosis-search")
	f.Diagnoses[0].Search.SetText("")
	diagnose(t, st, f, 0, "diare", "A09")
	diagnose(t, st, f, 1, "hiper", "I10")

	referTo(t, st, f, regs[1].CardNo, st.clock.Now().AddDate(0, 0, 2))
	save(t, st, f) // no TACC: refused, with the message on the TACC field
	relayout(m.Window.Content())
	f.Scroll.ScrollToOffset(fyne.NewPos(0, f.Referral.Container.Position().Y))
	shot("10-referral-tacc-error")
	onScreen("referral with errors")

	chooseTACC(t, f, referral.TACCTime)
	test.Tap(f.Save)
	if f.confirm == nil {
		t.Fatal("no KBK warning before saving a non-specialist referral")
	}
	shot("11-kbk-confirm")
	test.Tap(findButton(m.Window.Canvas().Overlays().Top(), "Simpan rujukan"))
	st.waitFor(t, "the save", func() bool { return f.Saved() != nil })
	shot("12-saved")

	m.Tabs.SelectIndex(4)
	p := m.Printing
	st.waitFor(t, "the printing tab", func() bool { return len(p.Rows()) == 1 })
	shot("13-printing")

	sent := sendAll(t, st, f.Saved().ID)
	p.Refresh()
	st.waitFor(t, "the number", func() bool { return p.Rows()[0].Visit.VisitNo == sent.VisitNo })
	p.SelectVisit(sent.ID)
	p.SetChecked(sent.ID, true)
	p.setStatus("1 surat rujukan dikirim ke printer TestPrinter.", widget.SuccessImportance)
	shot("14-printing-numbered")
	if w := m.Window.Content().MinSize().Width; w > smallScreen.Width {
		t.Errorf("printing tab needs %v wide", w)
	}
}
