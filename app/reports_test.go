package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
	"fktpdesk/referral"
)

// Two visits today, one a referral of a non-specialist diagnosis with a
// TACC reason: RRNS is 100%, red, and the chart has its bar.
func TestReportShowsRRNSAndChart(t *testing.T) {
	st := newStack(t)
	ctx := context.Background()
	docs, err := st.pcare.Doctors(ctx)
	if err != nil || len(docs) == 0 {
		t.Fatalf("doctors %v %v", docs, err)
	}
	regs := register(t, st, 2)
	base := func(reg clinic.Registration, diag string) clinic.Visit {
		return clinic.Visit{RegistrationID: reg.ID, Anamnesis: "Pusing, tengkuk tegang.", Consciousness: "01", Prognosis: "02",
			DoctorCode: docs[0].Code, DoctorName: docs[0].Name, DischargeStatus: clinic.DischargeOutpatient,
			Diagnoses: []clinic.Diagnosis{{Code: diag, Name: diag}}}
	}
	if _, err := st.doctor.RecordVisit(ctx, base(regs[0], "J06.9")); err != nil {
		t.Fatal(err)
	}
	planned := st.clock.Now().AddDate(0, 0, 1)
	sp, sub := reachableSub(t, st, regs[1].CardNo, planned)
	r := referral.Referral{Kind: referral.SubSpecialist, SpecialistCode: sp.Code, SubSpecialistCode: sub.Code,
		SubSpecialistName: sub.Name, PlannedDate: planned, TACC: referral.TACCComorbidity, TACCReason: ">= 7 Hari"}
	hs, err := st.pcare.Hospitals(ctx, r, regs[1].CardNo)
	if err != nil || len(hs) == 0 {
		t.Fatalf("hospitals %v %v", hs, err)
	}
	r.HospitalCode, r.HospitalName, r.Schedule = hs[0].Code, hs[0].Name, hs[0].Schedule
	v := base(regs[1], "I10")
	v.DischargeStatus, v.Referral = clinic.DischargeReferral, &r
	if _, err := st.doctor.RecordVisit(ctx, v); err != nil {
		t.Fatal(err)
	}

	m := st.window(t, st.deps())
	s := m.Reports
	showTab(t, m.Tabs, s.Container)
	st.waitFor(t, "the report", func() bool { return s.Report().Total.Visits == 2 })
	m.Window.Resize(smallScreen)
	screenshots(t, m)("12-reports-rrns")
	if s.Referrals.Text != "1" || s.NonSpecialist.Text != "1" || s.Visits.Text != "2" {
		t.Errorf("totals %q %q %q", s.Visits.Text, s.Referrals.Text, s.NonSpecialist.Text)
	}
	if s.RRNS.Text != "100%" || s.RRNS.Importance != widget.DangerImportance {
		t.Errorf("RRNS %q importance %v", s.RRNS.Text, s.RRNS.Importance)
	}
	if rows := s.PoliRows(); len(rows) != 1 || rows[0].Visits != 2 {
		t.Errorf("poli rows %+v", rows)
	}
	pts := s.Chart.Points()
	if len(pts) != 1 || pts[0].RRNS != 1 {
		t.Fatalf("chart points %+v", pts)
	}
	bars := 0
	for _, o := range test.WidgetRenderer(s.Chart).Objects() {
		if r, ok := o.(*canvas.Rectangle); ok && r.FillColor == theme.Color(theme.ColorNameError) && r.Size().Height > 10 {
			bars++
		}
	}
	if bars != 1 {
		t.Errorf("chart draws %d red bars, want 1", bars)
	}

	// Last month had nothing.
	s.Period.SetSelectedIndex(ReportLastMonth)
	st.waitFor(t, "last month's report", func() bool { return s.Report().Total.Visits == 0 && len(s.Chart.Points()) == 0 })
	if s.RRNS.Importance == widget.DangerImportance {
		t.Error("an empty month is red")
	}
}
