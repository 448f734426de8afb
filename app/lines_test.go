package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
)

// addProcedureLine adds a procedure line and chooses code once PCare's
// list is in.
func addProcedureLine(t *testing.T, st *stack, f *ExamForm, code string) *ProcedureLine {
	t.Helper()
	test.Tap(f.AddProcedure)
	l := f.ProcLines[len(f.ProcLines)-1]
	st.waitFor(t, "the procedure list", func() bool { return len(l.Procedure.Codes()) > 0 })
	if !l.Procedure.SelectCode(code) {
		t.Fatalf("procedure %s not offered in %v", code, l.Procedure.Codes())
	}
	return l
}

// pickDrug types query into a new drug line and picks the result named
// name.
func pickDrug(t *testing.T, st *stack, f *ExamForm, query, name string) *DrugLine {
	t.Helper()
	test.Tap(f.AddDrug)
	l := f.DrugLines[len(f.DrugLines)-1]
	if c := f.w.Canvas(); c.Focused() != l.Search {
		t.Fatalf("focus on %T after adding a drug line", c.Focused())
	}
	test.Type(l.Search, query)
	row := -1
	st.waitFor(t, "drug results with "+name, func() bool {
		for i, d := range l.ResultsShown() {
			if d.Name == name {
				row = i
				return true
			}
		}
		return false
	})
	l.Results.Select(row)
	if c := l.ChosenDrug(); c == nil || c.Name != name {
		t.Fatalf("picked %+v", c)
	}
	return l
}

func typeInto(e interface {
	fyne.Focusable
	SetText(string)
}, text string) {
	e.SetText("")
	test.Type(e, text)
}

// A procedure over PCare's maximum fee is refused on that line's fee and
// nothing is stored; corrected, the visit is stored with the procedure and
// the drugs (one picked from the DPHO search, one typed as non-DPHO), and
// the next patient starts without lines.
func TestExamProcedureAndDrugLines(t *testing.T) {
	st := newStack(t)
	regs := register(t, st, 2)
	reg := regs[0]
	m, f := doctorWindow(t, st)
	f.DrugDelay = 5 * time.Millisecond
	pickPatient(t, st, m, reg)
	fillExam(t, st, f)
	diagnose(t, st, f, 0, "J06", "J06.9")

	// ANC has a PCare maximum: it is filled in and shown.
	anc := addProcedureLine(t, st, f, "02001")
	if anc.Fee.Text != "90000" || anc.MaxHint.Text != "maks Rp 90.000" {
		t.Fatalf("fee %q, hint %q", anc.Fee.Text, anc.MaxHint.Text)
	}
	typeInto(anc.Fee, "120000")
	test.Type(anc.Note, "K1")

	para := pickDrug(t, st, f, "para", "Parasetamol tablet 500 mg")
	if !strings.Contains(para.Chosen.Text, "(stok 5000)") {
		t.Fatalf("chosen drug shows %q", para.Chosen.Text)
	}
	test.Type(para.Signa1, "3")
	test.Type(para.Signa2, "1")
	test.Type(para.Quantity, "10")

	// A line added by mistake and left empty is not saved, and does not
	// shift the errors of the lines after it.
	test.Tap(f.AddDrug)
	test.Tap(f.AddDrug)
	herbal := f.DrugLines[2]
	herbal.NonDPHO.SetChecked(true)
	if !herbal.Name.Visible() || herbal.Search.Visible() {
		t.Fatal("non-DPHO does not switch to a name entry")
	}
	test.Type(herbal.Name, "Sirup herbal")
	test.Type(herbal.Signa1, "3")
	test.Type(herbal.Signa2, "0,5")

	save(t, st, f)
	if f.Status.Importance != widget.DangerImportance {
		t.Fatalf("saved a fee over the maximum: %q", f.Status.Text)
	}
	if msg := f.FieldError("Procedures[0].Fee"); !strings.Contains(msg, "melebihi tarif maksimal") || !anc.Errors.Label.Visible() {
		t.Fatalf("fee error %q (status %q)", msg, f.Status.Text)
	}
	if msg := f.FieldError("Drugs[2].Quantity"); msg == "" || f.FieldError("Drugs[0].Quantity") != "" {
		t.Fatalf("quantity errors: line 3 %q, line 1 %q", msg, f.FieldError("Drugs[0].Quantity"))
	}
	if _, err := st.db.VisitByRegistration(t.Context(), reg.ID); clinic.ErrorCode(err) != clinic.ENOTFOUND {
		t.Fatalf("a refused visit was stored: %v", err)
	}

	// The entries check themselves as they are typed.
	typeInto(herbal.Quantity, "1,5x")
	if !strings.Contains(f.FieldError("Drugs[2].Quantity"), "Jumlah") {
		t.Fatalf("quantity check %q", f.FieldError("Drugs[2].Quantity"))
	}
	typeInto(herbal.Quantity, "1,5")
	typeInto(anc.Fee, "90.000") // as printed on the tariff sheet
	test.Tap(f.DrugLines[1].Remove)
	if len(f.DrugLines) != 2 || f.DrugLines[1] != herbal {
		t.Fatalf("removing the empty line left %d lines", len(f.DrugLines))
	}

	save(t, st, f)
	if f.Status.Importance != widget.SuccessImportance {
		t.Fatalf("status %q, fee %q, drugs %q / %q", f.Status.Text, f.FieldError("Procedures[0].Fee"),
			f.DrugLines[0].Errors.Label.Text, herbal.Errors.Label.Text)
	}
	v, err := st.db.VisitByRegistration(t.Context(), reg.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantProc := clinic.Procedure{Code: "02001", Name: "ANC", Fee: 90000, MaxFee: 90000, Note: "K1"}
	if len(v.Procedures) != 1 || v.Procedures[0] != wantProc {
		t.Fatalf("stored procedures %+v", v.Procedures)
	}
	wantDrugs := []clinic.Drug{
		{Code: "160400001", Name: "Parasetamol tablet 500 mg", DPHO: true, Signa1: 3, Signa2: 1, Quantity: 10, Requested: 10},
		{Name: "Sirup herbal", Signa1: 3, Signa2: 0.5, Quantity: 1.5, Requested: 1.5},
	}
	if len(v.Drugs) != 2 || v.Drugs[0] != wantDrugs[0] || v.Drugs[1] != wantDrugs[1] {
		t.Fatalf("stored drugs %+v", v.Drugs)
	}

	// The next patient starts with no lines.
	pickPatient(t, st, m, regs[1])
	if len(f.ProcLines) != 0 || len(f.DrugLines) != 0 || f.procBox.Visible() || f.drugBox.Visible() {
		t.Fatalf("lines kept for the next patient: %d procedures, %d drugs", len(f.ProcLines), len(f.DrugLines))
	}
	if f.AddProcedure.Disabled() || f.AddDrug.Disabled() {
		t.Fatal("add buttons disabled for the next patient")
	}
}

// A procedure that records a value asks for the result; one without a
// PCare maximum leaves the fee to the doctor.
func TestExamProcedureWithResult(t *testing.T) {
	st := newStack(t)
	reg := register(t, st, 1)[0]
	m, f := doctorWindow(t, st)
	pickPatient(t, st, m, reg)
	fillExam(t, st, f)
	diagnose(t, st, f, 0, "J06", "J06.9")
	l := addProcedureLine(t, st, f, "01001") // gula darah sewaktu
	if !l.resultBox.Visible() || l.Fee.Text != "" || l.MaxHint.Text != "" {
		t.Fatalf("result shown %v, fee %q, hint %q", l.resultBox.Visible(), l.Fee.Text, l.MaxHint.Text)
	}
	test.Type(l.Fee, "25000")
	test.Type(l.Result, "110")
	// Choosing another procedure keeps the fee the doctor typed.
	l.Procedure.SelectCode("01003")
	if l.resultBox.Visible() || l.Fee.Text != "25000" {
		t.Fatalf("after changing: result shown %v, fee %q", l.resultBox.Visible(), l.Fee.Text)
	}
	l.Procedure.SelectCode("01001")
	test.Type(l.Result, "110")
	save(t, st, f)
	if f.Status.Importance != widget.SuccessImportance {
		t.Fatalf("status %q", f.Status.Text)
	}
	v, err := st.db.VisitByRegistration(t.Context(), reg.ID)
	if err != nil || len(v.Procedures) != 1 || v.Procedures[0].Result != 110 || v.Procedures[0].Fee != 25000 {
		t.Fatalf("stored %+v, %v", v.Procedures, err)
	}
}

// The doctor's desk with procedure and drug lines still fits a laptop:
// Simpan on screen, nothing wider than the screen.
func TestExamLinesFitSmallScreen(t *testing.T) {
	st := newStack(t)
	reg := register(t, st, 1)[0]
	m, f := doctorWindow(t, st)
	f.DrugDelay = 5 * time.Millisecond
	m.Window.Resize(smallScreen)
	shot := screenshots(t, m)
	pickPatient(t, st, m, reg)
	fillExam(t, st, f)
	shot("15-exam-lines-empty")

	anc := addProcedureLine(t, st, f, "02001")
	typeInto(anc.Fee, "120000")
	addProcedureLine(t, st, f, "01001")
	pickDrug(t, st, f, "amlo", "Amlodipin tablet 10 mg")
	test.Tap(f.AddDrug)
	// The new line is scrolled into view, down to its add button.
	drv := fyne.CurrentApp().Driver()
	if bottom, view := drv.AbsolutePositionForObject(f.AddDrug).Y+f.AddDrug.Size().Height,
		drv.AbsolutePositionForObject(f.Scroll).Y+f.Scroll.Size().Height; bottom > view+1 {
		t.Errorf("the add button ends at y=%v, below the form's view at %v", bottom, view)
	}
	test.Type(f.DrugLines[1].Search, "para")
	st.waitFor(t, "drug results", func() bool { return len(f.DrugLines[1].ResultsShown()) > 0 })
	relayout(m.Window.Content())
	f.Scroll.ScrollToBottom()
	shot("16-exam-lines-search")

	f.DrugLines[1].Search.SetText("")
	f.DrugLines[1].NonDPHO.SetChecked(true)
	save(t, st, f) // the fee is over the maximum; the diagnosis is missing
	relayout(m.Window.Content())
	f.Scroll.ScrollToBottom()
	shot("17-exam-lines-errors")

	relayout(m.Window.Content())
	if w := m.Window.Content().MinSize().Width; w > smallScreen.Width {
		t.Errorf("content needs %v wide, the screen has %v", w, smallScreen.Width)
	}
	if bottom := drv.AbsolutePositionForObject(f.Save).Y + f.Save.Size().Height; bottom > smallScreen.Height {
		t.Errorf("Simpan ends at y=%v", bottom)
	}
	if f.FieldError("Procedures[0].Fee") == "" {
		t.Errorf("no fee error (status %q)", f.Status.Text)
	}
}

func TestLineFieldAndRupiah(t *testing.T) {
	for _, c := range []struct {
		field, list string
		i           int
		sub         string
	}{
		{"Procedures[0].Fee", "Procedures", 0, "Fee"},
		{"Drugs[12].Quantity", "Drugs", 12, "Quantity"},
		{"Drugs[1]", "Drugs", 1, ""},
	} {
		list, i, sub, ok := lineField(c.field)
		if !ok || list != c.list || i != c.i || sub != c.sub {
			t.Errorf("%s: %q %d %q %v", c.field, list, i, sub, ok)
		}
	}
	for _, bad := range []string{"Anamnesis", "Referral.TACC", "Drugs[x].Name", "[1].Fee"} {
		if _, _, _, ok := lineField(bad); ok {
			t.Errorf("%s parsed as a line field", bad)
		}
	}
	for in, want := range map[string]int64{"": 0, "90000": 90000, "90.000": 90000, "1.250.000": 1250000, " Rp 25000 ": 25000} {
		if got, err := parseRupiah(in); err != nil || got != want {
			t.Errorf("parseRupiah(%q) = %d, %v", in, got, err)
		}
	}
	for _, bad := range []string{"90,000", "25.5", "abc", "-5", "9.00"} {
		if _, err := parseRupiah(bad); err == nil {
			t.Errorf("parseRupiah(%q) accepted", bad)
		}
	}
}
