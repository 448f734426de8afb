package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"fktpdesk/clinic"
	"fktpdesk/pcare/pcaresim"
)

// The Klaim and Laporan tabs in a busy state — a reminder, a stuck
// record, a refusal, a pass log, a month's claim, a referral — fit a
// small screen. With FKTP_SCREENSHOTS=<dir> it writes what it rendered.
func TestClaimsAndReportsFitSmallScreen(t *testing.T) {
	st := newStack(t)
	ctx := context.Background()
	v := referred(t, st, 1)[0]
	ps := st.sim.Participants(pcaresim.KindActiveHere, 3)
	regAt := func(i int, poli string) clinic.Registration {
		res, err := st.svc.CheckEligibility(ctx, ps[i].NoKartu)
		if err != nil {
			t.Fatal(err)
		}
		r := regFor(poli)
		r.Complaint = "Demam 2 hari"
		saved, err := st.svc.Register(ctx, res.Eligibility, r)
		if err != nil {
			t.Fatal(err)
		}
		return saved
	}
	regAt(2, "099")
	reg := regAt(1, "001")
	anc := clinic.Visit{RegistrationID: reg.ID, Anamnesis: "Hamil 12 minggu.", Consciousness: "01", Prognosis: "02",
		DoctorCode: v.DoctorCode, DoctorName: v.DoctorName, DischargeStatus: clinic.DischargeOutpatient,
		Diagnoses:  []clinic.Diagnosis{{Code: "Z34.0", Name: "Kehamilan normal"}},
		Procedures: []clinic.Procedure{{Code: "02001", Name: "ANC", Fee: 90000, MaxFee: 90000}}}
	if _, err := st.doctor.RecordVisit(ctx, anc); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		st.worker.RunOnce(ctx)
	}

	m, c := claimsWindow(t, st, st.deps())
	m.Window.Resize(smallScreen)
	shot := screenshots(t, m)
	st.waitFor(t, "the refusal listed", func() bool { return len(c.CorrectionRows()) == 1 })
	shot("7-claims")
	c.Inner.SelectIndex(1)
	shot("8-claims-log")
	c.Inner.SelectIndex(2)
	c.Monthly.SelectMonth(st.clock.Now())
	st.waitFor(t, "the month's claim", func() bool { return c.Monthly.Loaded() && c.Monthly.Claim().Count == 1 })
	shot("9-claims-monthly")
	c.Inner.SelectIndex(0)
	test.Tap(c.CorrectionRows()[0].Fix)
	st.waitFor(t, "the correction form", func() bool { return c.RegFix != nil && len(c.RegFix.Polis()) > 0 })
	shot("10-claims-fix")
	c.closeFix()

	if w := m.Window.Content().MinSize().Width; w > smallScreen.Width {
		t.Errorf("window content needs %v wide, the screen has %v", w, smallScreen.Width)
	}
	showTab(t, m.Tabs, m.Reports.Container)
	st.waitFor(t, "the report", func() bool { return m.Reports.Report().Total.Visits == 2 })
	shot("11-reports")
	if w := m.Window.Content().MinSize().Width; w > smallScreen.Width {
		t.Errorf("reports need %v wide, the screen has %v", w, smallScreen.Width)
	}
}
