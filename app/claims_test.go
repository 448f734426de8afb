package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/claims"
	"fktpdesk/clinic"
	"fktpdesk/pcare/pcaresim"
)

// claimsWindow opens the window on the Klaim tab.
func claimsWindow(t *testing.T, st *stack, d Deps) (*MainWindow, *ClaimsScreen) {
	t.Helper()
	m := st.window(t, d)
	if m.Claims == nil {
		t.Fatal("no Klaim tab with Outbox and Worker set")
	}
	showTab(t, m.Tabs, m.Claims.Container)
	return m, m.Claims
}

// The main path: PCare refuses a registration (a poli it does not
// know), the refusal is listed with PCare's message and raises the alert;
// "Perbaiki" opens it prefilled, the desk picks the right poli, saves, and
// the next pass sends it exactly once.
func TestRefusedRegistrationIsFixedFromClaims(t *testing.T) {
	st := newStack(t)
	ctx := context.Background()
	p := st.participant(t, pcaresim.KindActiveHere)
	res, err := st.svc.CheckEligibility(ctx, p.NoKartu)
	if err != nil {
		t.Fatal(err)
	}
	r := regFor("099")
	r.Complaint = "Batuk pilek"
	r.Vitals = clinic.Vitals{Systolic: 120, Diastolic: 80, WeightKg: 60}
	reg, err := st.svc.Register(ctx, res.Eligibility, r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.worker.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.db.Registration(ctx, reg.ID); got.SyncState != clinic.SyncCorrection {
		t.Fatalf("registration state %q, want needs-correction", got.SyncState)
	}

	_, c := claimsWindow(t, st, st.deps())
	st.waitFor(t, "the refused registration in the correction list", func() bool { return len(c.CorrectionRows()) == 1 })
	row := c.CorrectionRows()[0]
	if row.Item.EntityID != reg.ID || !strings.Contains(row.Message.Text, "Kode poli tidak ditemukan") {
		t.Fatalf("row %+v, message %q", row.Item, row.Message.Text)
	}
	if !strings.Contains(row.Title.Text, "Pendaftaran") || !strings.Contains(row.Title.Text, reg.PatientName) {
		t.Errorf("row title %q", row.Title.Text)
	}
	if !c.AlertBox.Visible() || !strings.Contains(c.Alert.Text, "1 catatan belum sampai ke PCare") {
		t.Errorf("alert hidden or wrong: %v %q", c.AlertBox.Visible(), c.Alert.Text)
	}
	if c.Count(PeriodToday, clinic.SyncCorrection) != 1 || c.CountCells[PeriodMonth][4].Text != "1" {
		t.Errorf("counts %v / %v", c.snap.counts[PeriodToday], c.CountCells[PeriodMonth][4].Text)
	}

	test.Tap(row.Fix)
	st.waitFor(t, "the correction form with its poli list", func() bool { return c.RegFix != nil && len(c.RegFix.Polis()) > 0 })
	f := c.RegFix
	if f.Complaint.Text != "Batuk pilek" || f.Systolic.Text != "120" || f.Weight.Text != "60" || f.Poli.SelectedIndex() >= 0 {
		t.Fatalf("form not prefilled: complaint %q sys %q weight %q poli %d", f.Complaint.Text, f.Systolic.Text, f.Weight.Text, f.Poli.SelectedIndex())
	}
	for i, pl := range f.Polis() {
		if pl.Code == "001" {
			f.Poli.SetSelectedIndex(i)
		}
	}
	test.Tap(f.Submit)
	st.waitFor(t, "the correction saved and the dialog closed", func() bool { return c.RegFix == nil })
	if c.Status.Importance != widget.SuccessImportance {
		t.Fatalf("status %q", c.Status.Text)
	}

	if _, err := st.worker.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	c.Refresh()
	st.waitFor(t, "the list empty and the alert gone", func() bool {
		return len(c.CorrectionRows()) == 0 && !c.AlertBox.Visible() && len(c.BatchRows()) == 2
	})
	got, err := st.db.Registration(ctx, reg.ID)
	if err != nil || got.SyncState != clinic.SyncSent || got.QueueNo == "" || got.PoliCode != "001" {
		t.Fatalf("registration after correction %+v %v", got, err)
	}
	n := 0
	for _, w := range st.sim.Writes() {
		if w.Kind == "pendaftaran" && w.NoKartu == p.NoKartu {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("PCare has %d pendaftaran for the card, want 1", n)
	}
	if c.Count(PeriodToday, clinic.SyncSent) != 1 || c.CountCells[PeriodToday][2].Text != "1" {
		t.Errorf("sent count %v", c.snap.counts[PeriodToday])
	}

	// The log: newest pass first, sent; the first pass refused it.
	if b := c.BatchRows()[0]; b.Sent != 1 || b.Claimed != 1 {
		t.Errorf("newest pass %+v", b)
	}
	if text, imp := c.batchCell(1, colBatchCorrection); text != "1" || imp != widget.DangerImportance {
		t.Errorf("first pass correction cell %q", text)
	}
	if text, _ := c.batchCell(1, colBatchError); !strings.Contains(text, "poli") {
		t.Errorf("first pass error cell %q", text)
	}
}

// PCare down: the breaker opens, the screen says until when, and "Kirim
// sekarang" asks the worker to try.
func TestClaimsShowPausedQueueAndSendNow(t *testing.T) {
	st := newStack(t)
	ctx := context.Background()
	register(t, st, 3)
	f := st.sim.Faults()
	f.Outage = true
	st.sim.SetFaults(f)
	if _, err := st.worker.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if st.worker.PausedUntil().IsZero() {
		t.Fatal("the breaker did not open")
	}
	_, c := claimsWindow(t, st, st.deps())
	want := st.worker.PausedUntil().Format("15:04")
	st.waitFor(t, "the paused line", func() bool { return c.Paused.Visible() })
	if !strings.Contains(c.Paused.Text, "PCare tidak menjawab; pengiriman dijeda sampai "+want) {
		t.Errorf("paused line %q", c.Paused.Text)
	}
	if c.Count(PeriodToday, clinic.SyncPending) != 3 || c.Count(PeriodAll, clinic.SyncPending) != 3 {
		t.Errorf("counts %v", c.snap.counts)
	}
	test.Tap(c.SendNow)
	if c.Status.Text == "" {
		t.Error("Kirim sekarang says nothing")
	}
}

// A visit with an ANC procedure, once PCare has it, is this month's claim:
// one maternity service of Rp 90.000, saved as FPK, SPP and CSV.
func TestMonthlyClaimSummaryAndFiles(t *testing.T) {
	st := newStack(t)
	ctx := context.Background()
	reg := register(t, st, 1)[0]
	docs, err := st.pcare.Doctors(ctx)
	if err != nil || len(docs) == 0 {
		t.Fatalf("doctors %v %v", docs, err)
	}
	v := clinic.Visit{RegistrationID: reg.ID, Anamnesis: "Hamil 12 minggu, kontrol kehamilan pertama.", Consciousness: "01",
		Prognosis: "02", DoctorCode: docs[0].Code, DoctorName: docs[0].Name, DischargeStatus: clinic.DischargeOutpatient,
		Diagnoses:  []clinic.Diagnosis{{Code: "Z34.0", Name: "Pengawasan kehamilan normal pertama"}},
		Procedures: []clinic.Procedure{{Code: "02001", Name: "ANC", Fee: 90000, MaxFee: 90000, Note: "K1"}}}
	saved, err := st.doctor.RecordVisit(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	month := claims.MonthOf(st.clock.Now())
	for i := 0; i < 5; i++ {
		if _, err := st.worker.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if lines, _ := st.db.ClaimLines(ctx, month, month.AddDate(0, 1, 0)); len(lines) == 1 {
			break
		}
	}
	if got, _ := st.doctor.Visits.Visit(ctx, saved.ID); got.SyncState != clinic.SyncSent {
		t.Fatalf("visit not sent: %+v", got)
	}

	_, c := claimsWindow(t, st, st.deps())
	mp := c.Monthly
	if mp.month().Equal(month) {
		t.Error("the picker does not start on the previous month")
	}
	if !mp.SelectMonth(st.clock.Now()) {
		t.Fatal("this month is not offered")
	}
	st.waitFor(t, "this month's claim", func() bool { return mp.Loaded() && mp.Claim().Count == 1 })
	groups := mp.GroupTexts()
	if len(groups) != 1 || groups[0] != [3]string{claims.CatMaternity, "1 layanan", "Rp 90.000"} {
		t.Errorf("groups %q", groups)
	}
	if !strings.Contains(mp.Total.Text, "1 layanan, Rp 90.000") || !strings.Contains(mp.Deadline.Text, "paling lambat 10 April 2025") {
		t.Errorf("total %q, deadline %q", mp.Total.Text, mp.Deadline.Text)
	}
	if mp.SaveFPK.Disabled() || mp.SaveSPP.Disabled() || mp.SaveCSV.Disabled() {
		t.Error("save buttons disabled with a claim on screen")
	}
	if got := FileName(ClaimFPK, month); got != "fpk-2025-03.pdf" {
		t.Errorf("FPK file name %q", got)
	}

	dir := t.TempDir()
	for _, kind := range []string{ClaimFPK, ClaimSPP, ClaimCSV} {
		path := filepath.Join(dir, FileName(kind, month))
		mp.Status.SetText("")
		mp.Save(kind, path)
		st.waitFor(t, kind+" saved", func() bool { return mp.Status.Importance == widget.SuccessImportance && !mp.busy })
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if kind == ClaimCSV {
			if !bytes.Contains(b, []byte("JUMLAH")) || !bytes.Contains(b, []byte("90000")) || !bytes.Contains(b, []byte("02001")) {
				t.Errorf("CSV:\n%s", b)
			}
		} else if !bytes.HasPrefix(b, []byte("%PDF")) {
			t.Errorf("%s is not a PDF: %q", kind, b[:min(len(b), 20)])
		}
	}
	// Saving the FPK marked the month exported, with the claim as it was.
	if got := mp.ExportedShown(); !strings.Contains(got, "Diekspor pada 10 Maret 2025") || !strings.Contains(got, "fpk-2025-03.pdf") ||
		mp.Exported.Importance != widget.SuccessImportance || !mp.Unmark.Visible() {
		t.Errorf("after saving the FPK: %q", got)
	}
	// An export from before PCare accepted the ANC no longer matches.
	if err := st.db.RecordSubmission(ctx, claims.Submission{Month: month, At: st.clock.Now().Add(-time.Hour), Via: claims.ExportedCLI, Path: "/srv/klaim"}); err != nil {
		t.Fatal(err)
	}
	mp.Load()
	st.waitFor(t, "the outdated export", func() bool { return strings.Contains(mp.ExportedShown(), "Sejak itu klaim berubah") })
	if mp.Exported.Importance != widget.WarningImportance || !strings.Contains(mp.ExportedShown(), "fktpctl: /srv/klaim") {
		t.Errorf("outdated export: %q", mp.ExportedShown())
	}
}

// The deadline banner shows from the 1st to the 10th, for the previous
// month's claim, and not later in the month.
func TestClaimReminderBanner(t *testing.T) {
	st := newStack(t)
	wib := time.FixedZone("WIB", 7*3600)
	clock := &testClock{t: time.Date(2026, 11, 5, 8, 0, 0, 0, wib)} // read by the screen's loads too
	d := st.deps()
	d.Now = clock.Now
	_, c := claimsWindow(t, st, d)
	st.waitFor(t, "the reminder on the 5th", c.Monthly.ReminderShown)
	want := "Klaim non kapitasi bulan Oktober 2026 paling lambat 10 November 2026 — 5 hari lagi."
	if c.Reminder.Text != want {
		t.Errorf("reminder %q, want %q", c.Reminder.Text, want)
	}
	if got := c.Monthly.Month.Selected; got != "Oktober 2026" {
		t.Errorf("month picker starts on %q", got)
	}

	clock.Advance(15 * 24 * time.Hour) // the 20th
	c.Refresh()
	st.waitFor(t, "the reminder gone", func() bool { return !c.Monthly.ReminderShown() })
}

// Once the month's FPK is saved the reminder stops (the panel says when it
// was exported); un-marked, it comes back; an export by fktpctl stops it too.
func TestClaimReminderStopsOnceExported(t *testing.T) {
	st := newStack(t)
	wib := time.FixedZone("WIB", 7*3600)
	d := st.deps()
	d.Now = func() time.Time { return time.Date(2026, 11, 5, 8, 0, 0, 0, wib) }
	m, c := claimsWindow(t, st, d)
	mp := c.Monthly
	st.waitFor(t, "the reminder", func() bool { return mp.ReminderShown() && mp.Loaded() })
	october := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	if !mp.month().Equal(october) || !strings.Contains(mp.ExportedShown(), "Belum diekspor") || mp.Unmark.Visible() {
		t.Fatalf("before the export: month %v, %q", mp.month(), mp.ExportedShown())
	}

	mp.Save(ClaimFPK, filepath.Join(t.TempDir(), FileName(ClaimFPK, october)))
	st.waitFor(t, "the FPK saved", func() bool { return mp.Status.Importance == widget.SuccessImportance && !mp.busy })
	if mp.ReminderShown() {
		t.Fatal("still reminded after the FPK was saved")
	}
	if got := mp.ExportedShown(); !strings.Contains(got, "Diekspor pada 5 November 2026 pukul 08:00") || !strings.Contains(got, "aplikasi") {
		t.Fatalf("export shown as %q", got)
	}
	c.Refresh()
	st.waitFor(t, "a refresh", func() bool { return !c.reload.loading })
	if mp.ReminderShown() {
		t.Fatal("a refresh brought the reminder back")
	}

	test.Tap(mp.Unmark)
	test.Tap(findButton(m.Window.Canvas().Overlays().Top(), "Tandai belum diekspor"))
	st.waitFor(t, "the reminder back", mp.ReminderShown)
	if !strings.Contains(mp.ExportedShown(), "Belum diekspor") {
		t.Fatalf("after un-marking: %q", mp.ExportedShown())
	}

	if err := st.db.RecordSubmission(t.Context(), claims.Submission{Month: october, At: time.Now(), Via: claims.ExportedCLI, Path: "/srv/klaim", By: "admin"}); err != nil {
		t.Fatal(err)
	}
	c.Refresh()
	st.waitFor(t, "fktpctl's export seen", func() bool { return !mp.ReminderShown() && strings.Contains(mp.ExportedShown(), "fktpctl") })
}

// A referral PCare refused for want of a TACC reason is fixed in the
// compact dialog and sent on the next pass.
func TestRefusedVisitIsFixedFromClaims(t *testing.T) {
	st := newStack(t)
	ctx := context.Background()
	v := referred(t, st, 1)[0]
	for i := 0; i < 3; i++ {
		st.worker.RunOnce(ctx)
	}
	refused := v
	refused.ID = 0
	refused.Diagnoses = []clinic.Diagnosis{{Code: "A09", Name: "Diare dan gastroenteritis"}}
	other := st.sim.Participants(pcaresim.KindActiveHere, 2)[1]
	res, err := st.svc.CheckEligibility(ctx, other.NoKartu)
	if err != nil {
		t.Fatal(err)
	}
	reg2, err := st.svc.Register(ctx, res.Eligibility, regFor("001"))
	if err != nil {
		t.Fatal(err)
	}
	refused.RegistrationID = reg2.ID
	refused.CardNo, refused.Date, refused.PoliCode = reg2.CardNo, reg2.Date, reg2.PoliCode
	// Stored as an older app would have, past the TACC rule.
	if err := st.db.AddVisit(ctx, &refused); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		st.worker.RunOnce(ctx)
	}
	if got, _ := st.db.Visit(ctx, refused.ID); got.SyncState != clinic.SyncCorrection {
		t.Fatalf("PCare did not refuse it: %+v", got)
	}

	m, c := claimsWindow(t, st, st.deps())
	st.waitFor(t, "the refused visit in the list", func() bool { return len(c.CorrectionRows()) == 1 })
	row := c.CorrectionRows()[0]
	if row.Item.Kind != claims.KindVisit || !strings.Contains(row.Message.Text, "TACC") {
		t.Fatalf("row %+v %q", row.Item, row.Message.Text)
	}
	test.Tap(row.Fix)
	st.waitFor(t, "the visit correction form", func() bool { return c.VisitFix != nil && len(c.VisitFix.Doctor.Codes()) > 1 })
	f := c.VisitFix
	if f.Diagnosis.Text != "A09" || f.Doctor.Code() != v.DoctorCode {
		t.Fatalf("form not prefilled: diag %q doctor %q", f.Diagnosis.Text, f.Doctor.Code())
	}
	f.TACC.SetSelectedIndex(0) // Time
	f.TACCReason.SetSelected("< 3 Hari")
	m.Window.Resize(smallScreen)
	screenshots(t, m)("13-claims-fix-visit")
	test.Tap(f.Save)
	st.waitFor(t, "the correction saved", func() bool { return c.VisitFix == nil || f.Status.Importance == widget.DangerImportance })
	if c.VisitFix != nil {
		t.Fatalf("correction refused: %q", f.Status.Text)
	}
	for i := 0; i < 3; i++ {
		st.worker.RunOnce(ctx)
	}
	got, _ := st.db.Visit(ctx, refused.ID)
	if got.SyncState != clinic.SyncSent || got.Referral == nil || got.Referral.TACCReason != "< 3 Hari" {
		t.Fatalf("visit after correction %+v", got)
	}
	c.Refresh()
	st.waitFor(t, "the list empty", func() bool { return len(c.CorrectionRows()) == 0 })
}

// A visit's delete PCare refuses — someone added a procedure to it in PCare's
// web page — waits in the correction list; once the procedure is gone at
// PCare, "Kirim lagi" sends the delete again, and it goes through, once.
func TestRefusedVisitDeleteIsSentAgain(t *testing.T) {
	st := newStack(t)
	ctx := t.Context()
	reg := register(t, st, 1)[0]
	docs, _ := st.pcare.Doctors(ctx)
	rec, err := st.doctor.RecordVisit(ctx, clinic.Visit{RegistrationID: reg.ID, Anamnesis: "Batuk pilek", Consciousness: "01",
		Prognosis: "01", DoctorCode: docs[0].Code, DischargeStatus: clinic.DischargeOutpatient,
		Diagnoses: []clinic.Diagnosis{{Code: "J06.9", Name: "ISPA"}}})
	if err != nil {
		t.Fatal(err)
	}
	v := sendAll(t, st, rec.ID)
	webLine, err := st.pcare.AddProcedure(ctx, v.VisitNo, clinic.Procedure{Code: "01001", Fee: 10000})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.doctor.DeleteVisit(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	sendQueued(t, st)

	_, c := claimsWindow(t, st, st.deps())
	st.waitFor(t, "the refused delete in the correction list", func() bool { return len(c.CorrectionRows()) == 1 })
	row := c.CorrectionRows()[0]
	if !strings.Contains(row.Title.Text, "Kunjungan (hapus)") || row.Fix == nil || row.Fix.Text != "Kirim lagi" ||
		!strings.Contains(row.Message.Text, "tindakan") {
		t.Fatalf("correction row %q / %q", row.Title.Text, row.Message.Text)
	}
	if err := st.pcare.DeleteProcedure(ctx, v.VisitNo, webLine); err != nil {
		t.Fatal(err)
	}
	test.Tap(row.Fix)
	st.waitFor(t, "the delete queued again", func() bool { return c.Status.Importance == widget.SuccessImportance })
	sendQueued(t, st)
	n, _ := pcareWrites(st, reg.CardNo)
	if n["delete-kunjungan"] != 1 {
		t.Fatalf("PCare's writes %v", n)
	}
	if hist, err := st.pcare.VisitsOf(ctx, reg.CardNo); err != nil || len(hist) != 0 {
		t.Fatalf("PCare still lists %+v %v", hist, err)
	}
}
