package app

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/access"
	"fktpdesk/clinic"
	"fktpdesk/pcare/pcaresim"
	"fktpdesk/referral"
)

// referred stores n sub-specialist referrals for fresh registrations,
// through the doctor's desk service (the form has its own tests).
func referred(t *testing.T, st *stack, n int) []clinic.Visit {
	t.Helper()
	ctx := context.Background()
	docs, err := st.pcare.Doctors(ctx)
	if err != nil || len(docs) == 0 {
		t.Fatalf("doctors %v %v", docs, err)
	}
	var out []clinic.Visit
	for _, reg := range register(t, st, n) {
		planned := st.clock.Now().AddDate(0, 0, 1)
		sp, sub := reachableSub(t, st, reg.CardNo, planned)
		r := referral.Referral{Kind: referral.SubSpecialist, SpecialistCode: sp.Code, SubSpecialistCode: sub.Code,
			SubSpecialistName: sub.Name, PlannedDate: planned, TACC: referral.TACCNone}
		hs, err := st.pcare.Hospitals(ctx, r, reg.CardNo)
		if err != nil || len(hs) == 0 {
			t.Fatalf("hospitals %v %v", hs, err)
		}
		r.HospitalCode, r.HospitalName, r.Schedule = hs[0].Code, hs[0].Name, hs[0].Schedule
		v, err := st.doctor.RecordVisit(ctx, clinic.Visit{RegistrationID: reg.ID, Anamnesis: "Nyeri dada kiri menjalar.",
			Consciousness: "01", Prognosis: "02", DoctorCode: docs[0].Code, DoctorName: docs[0].Name,
			Diagnoses:       []clinic.Diagnosis{{Code: "I20.9", Name: "Angina pectoris, unspecified"}},
			DischargeStatus: clinic.DischargeReferral, Referral: &r, TherapyDrugs: "ISDN 5 mg SL"})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// printingTab opens the window on the printing tab with the referrals listed.
func printingTab(t *testing.T, st *stack, n int) (*MainWindow, *PrintingScreen) {
	t.Helper()
	m := st.window(t, st.deps())
	p := m.Printing
	p.SpoolDir = t.TempDir()
	m.Tabs.SelectIndex(4)
	st.waitFor(t, "the referrals on the printing tab", func() bool { return len(p.Rows()) == n })
	return m, p
}

func waitPrinted(t *testing.T, st *stack, p *PrintingScreen) {
	t.Helper()
	st.waitFor(t, "the print outcome", func() bool {
		return !p.busy && (p.Status.Importance == widget.SuccessImportance || p.Status.Importance == widget.DangerImportance)
	})
	if p.Status.Importance != widget.SuccessImportance {
		t.Fatalf("print failed: %q", p.Status.Text)
	}
}

func pdfText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("%s is not a PDF: %q", path, b[:min(len(b), 20)])
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func prints(t *testing.T, st *stack, visitID int64) []clinic.Print {
	t.Helper()
	ps, err := st.db.Prints(context.Background(), visitID)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// Saving as PDF before PCare's number gives a draft, recorded as such;
// after it, the real letter with the number, and the list counts both.
func TestPrintingSavePDFDraftThenNumbered(t *testing.T) {
	st := newStack(t)
	v := referred(t, st, 1)[0]
	_, p := printingTab(t, st, 1)
	dir := t.TempDir()

	draft := filepath.Join(dir, "draf.pdf")
	p.SavePDF([]int64{v.ID}, draft)
	waitPrinted(t, st, p)
	if text := pdfText(t, draft); !strings.Contains(text, v.PatientName) {
		t.Fatalf("draft lacks the patient %q:\n%s", v.PatientName, text)
	}
	if !strings.Contains(p.Status.Text, "DRAF") {
		t.Errorf("status does not say draft: %q", p.Status.Text)
	}
	ps := prints(t, st, v.ID)
	if len(ps) != 1 || !ps[0].Draft || ps[0].Number != "" || ps[0].How != "pdf:"+draft || ps[0].By == "" {
		t.Fatalf("draft print record %+v", ps)
	}

	sent := sendAll(t, st, v.ID)
	final := filepath.Join(dir, "final.pdf")
	p.SavePDF([]int64{v.ID}, final)
	waitPrinted(t, st, p)
	text := pdfText(t, final)
	if !strings.Contains(text, v.PatientName) || !strings.Contains(text, sent.VisitNo) {
		t.Fatalf("letter lacks the patient or number %s:\n%s", sent.VisitNo, text)
	}
	ps = prints(t, st, v.ID)
	if len(ps) != 2 || ps[1].Draft || ps[1].Number != sent.VisitNo || ps[1].How != "pdf:"+final {
		t.Fatalf("print records %+v", ps)
	}
	st.waitFor(t, "the print count", func() bool {
		got, _ := p.cell(0, colPrintPrinted)
		return got == "dicetak 2×"
	})
	if !p.SelectVisit(v.ID) || p.PrintBtn.Text != "Cetak ulang" {
		t.Errorf("print button %q for a printed letter", p.PrintBtn.Text)
	}
}

// fakeCUPS puts lp and lpstat scripts first on PATH: lpstat offers two
// printers, TestPrinter the default; lp logs its arguments and keeps a
// copy of each file it is given.
func fakeCUPS(t *testing.T) (logPath, copies string) {
	t.Helper()
	dir := t.TempDir()
	logPath = filepath.Join(dir, "lp.log")
	copies = filepath.Join(dir, "copies")
	if err := os.Mkdir(copies, 0o700); err != nil {
		t.Fatal(err)
	}
	lp := `#!/bin/sh
echo "$@" >> "` + logPath + `"
for last; do :; done
n=$(ls "` + copies + `" | wc -l)
cp "$last" "` + copies + `/job$n.pdf"
echo "request id is TestPrinter-$n (1 file(s))"
`
	lpstat := `#!/bin/sh
case "$1" in
-a) echo "Gudang accepting requests since Mon 10 Mar 2025"; echo "TestPrinter accepting requests since Mon 10 Mar 2025";;
-d) echo "system default destination: TestPrinter";;
esac
`
	for name, script := range map[string]string{"lp": lp, "lpstat": lpstat} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return logPath, copies
}

func lpCalls(t *testing.T, logPath string) []string {
	t.Helper()
	b, err := os.ReadFile(logPath)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// One letter to the default printer, then two ticked letters as one job
// of two pages; every print is recorded.
func TestPrintingToPrinterAndBatch(t *testing.T) {
	logPath, copies := fakeCUPS(t)
	st := newStack(t)
	vs := referred(t, st, 2)
	for _, v := range vs {
		sendAll(t, st, v.ID)
	}
	_, p := printingTab(t, st, 2)
	st.waitFor(t, "the printer list", func() bool { return p.Printer.Selected != "" })
	if p.Printer.Selected != "TestPrinter" || len(p.Printer.Options) != 2 {
		t.Fatalf("printers %v, chosen %q", p.Printer.Options, p.Printer.Selected)
	}

	if !p.SelectVisit(vs[0].ID) {
		t.Fatal("referral not in the list")
	}
	test.Tap(p.PrintBtn)
	waitPrinted(t, st, p)
	calls := lpCalls(t, logPath)
	if len(calls) != 1 || !strings.HasPrefix(calls[0], "-d TestPrinter -t Surat Rujukan "+p.SpoolDir) || !strings.HasSuffix(calls[0], ".pdf") {
		t.Fatalf("lp calls %q", calls)
	}
	if text := pdfText(t, filepath.Join(copies, "job0.pdf")); !strings.Contains(text, vs[0].PatientName) {
		t.Fatalf("printed letter lacks the patient:\n%s", text)
	}
	if ps := prints(t, st, vs[0].ID); len(ps) != 1 || ps[0].How != "printer:TestPrinter" || ps[0].Draft {
		t.Fatalf("print record %+v", ps)
	}

	p.SetChecked(vs[0].ID, true)
	p.SetChecked(vs[1].ID, true)
	if p.PrintSelectedBtn.Disabled() || p.PrintSelectedBtn.Text != "Cetak semua terpilih (2)" {
		t.Fatalf("batch button %q disabled=%v", p.PrintSelectedBtn.Text, p.PrintSelectedBtn.Disabled())
	}
	test.Tap(p.PrintSelectedBtn)
	waitPrinted(t, st, p)
	if calls := lpCalls(t, logPath); len(calls) != 2 {
		t.Fatalf("a batch of two is not one job: %q", calls)
	}
	info, err := exec.Command("pdfinfo", filepath.Join(copies, "job1.pdf")).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^Pages:\s+2$`).Match(info) {
		t.Fatalf("batch PDF:\n%s", info)
	}
	for _, v := range vs {
		ps := prints(t, st, v.ID)
		if last := ps[len(ps)-1]; last.How != "batch" || last.Number == "" {
			t.Errorf("batch print record of %d: %+v", v.ID, last)
		}
	}
}

// Any referral number prints, fetched from PCare; one made here gets its
// print recorded, an unknown one says so.
func TestPrintingByNumber(t *testing.T) {
	st := newStack(t)
	v := referred(t, st, 1)[0]
	sent := sendAll(t, st, v.ID)
	_, p := printingTab(t, st, 1)
	path := filepath.Join(t.TempDir(), "nomor.pdf")

	p.SaveNumberPDF(" "+sent.VisitNo+" ", path)
	waitPrinted(t, st, p)
	if text := pdfText(t, path); !strings.Contains(text, sent.VisitNo) || !strings.Contains(text, v.PatientName) {
		t.Fatalf("letter by number:\n%s", text)
	}
	if ps := prints(t, st, v.ID); len(ps) != 1 || ps[0].Number != sent.VisitNo {
		t.Fatalf("print by number not recorded: %+v", ps)
	}

	p.SaveNumberPDF("0114U1630325Y999999", filepath.Join(t.TempDir(), "x.pdf"))
	st.waitFor(t, "the answer for an unknown number", func() bool {
		return !p.busy && p.Status.Importance == widget.DangerImportance
	})
}

// A referral PCare refuses after it was saved (here: stored around the
// form's TACC guard, as another client or an old flag could) shows PCare's
// reason, in Indonesian, where the referral is listed.
func TestRefusedReferralShowsPCareReason(t *testing.T) {
	st := newStack(t)
	ctx := context.Background()
	v := referred(t, st, 1)[0]
	// Make it one PCare must refuse: a non-specialist main diagnosis, no TACC.
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
	if err := st.db.AddVisit(ctx, &refused); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		st.worker.RunOnce(ctx)
	}
	got, _ := st.db.Visit(ctx, refused.ID)
	if got.SyncState != clinic.SyncCorrection || !strings.Contains(got.SyncError, "TACC") {
		t.Fatalf("PCare did not refuse it: %+v", got)
	}
	_, p := printingTab(t, st, 2)
	found := false
	for i, r := range p.Rows() {
		if r.Visit.ID != refused.ID {
			continue
		}
		found = true
		text, imp := p.cell(i, colPrintSync)
		if imp != widget.DangerImportance || !strings.Contains(text, "perlu perbaikan") || !strings.Contains(text, "TACC") {
			t.Errorf("sync cell %q (importance %v) does not give PCare's reason", text, imp)
		}
	}
	if !found {
		t.Fatal("the refused referral is not listed")
	}
}

// A printing system that refuses (here lp fails as it does with no such
// printer; on Windows, with no PDF reader that prints) leaves the letter one
// click from the PDF viewer: "Buka PDF untuk dicetak" hands it the very PDF,
// and the print is recorded, by the signed-in person.
func TestRefusedPrintOpensInViewer(t *testing.T) {
	logPath, _ := fakeCUPS(t)
	lp := "#!/bin/sh\necho \"lp: Error - The printer or class does not exist.\" >&2\nexit 1\n"
	if err := os.WriteFile(filepath.Join(filepath.Dir(logPath), "lp"), []byte(lp), 0o755); err != nil {
		t.Fatal(err)
	}
	st := newStack(t)
	v := referred(t, st, 1)[0]
	sendAll(t, st, v.ID)
	d := st.deps()
	d.User = &access.Principal{Username: "rina", Name: "Rina", Roles: []access.Role{access.Printing}}
	m := st.window(t, d)
	p := m.Printing
	p.SpoolDir = t.TempDir()
	var opened []string
	p.Open = func(path string) error { opened = append(opened, path); return nil }
	showTab(t, m.Tabs, p.Container)
	st.waitFor(t, "the referral on the printing tab", func() bool { return len(p.Rows()) == 1 })

	p.SelectVisit(v.ID)
	test.Tap(p.PrintBtn)
	st.waitFor(t, "the refusal", func() bool { return !p.busy && p.Status.Importance == widget.DangerImportance })
	if !strings.Contains(p.Status.Text, "printer or class does not exist") || !p.OpenBtn.Visible() {
		t.Fatalf("after a refused print: %q, open button shown %v", p.Status.Text, p.OpenBtn.Visible())
	}
	if ps := prints(t, st, v.ID); len(ps) != 0 {
		t.Fatalf("a refused print was recorded: %+v", ps)
	}

	test.Tap(p.OpenBtn)
	if len(opened) != 1 || !strings.Contains(pdfText(t, opened[0]), v.PatientName) {
		t.Fatalf("opened %q", opened)
	}
	st.waitFor(t, "the print record", func() bool { return len(prints(t, st, v.ID)) == 1 })
	if ps := prints(t, st, v.ID); ps[0].How != "viewer" || ps[0].By != "rina" || ps[0].Number == "" {
		t.Fatalf("print record %+v", ps[0])
	}
	if p.OpenBtn.Visible() || p.Status.Importance != widget.SuccessImportance {
		t.Fatalf("after opening: %q, open button shown %v", p.Status.Text, p.OpenBtn.Visible())
	}
}

// The viewer gets a three-slash file: URL, on Linux and for a Windows path.
func TestFileURL(t *testing.T) {
	for path, want := range map[string]string{
		"/tmp/fktpdesk-print/rujukan A1.pdf":                     "file:///tmp/fktpdesk-print/rujukan%20A1.pdf",
		`C:\Users\Klinik Sehat\AppData\Local\Temp\rujukan-1.pdf`: "file:///C:/Users/Klinik%20Sehat/AppData/Local/Temp/rujukan-1.pdf",
	} {
		if got := fileURL(path).String(); got != want {
			t.Errorf("fileURL(%q) = %s, want %s", path, got, want)
		}
	}
}
