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
)

// pcareWrites counts the simulator's writes for one participant by kind,
// and lists them in order.
func pcareWrites(st *stack, card string) (map[string]int, []string) {
	n := map[string]int{}
	var order []string
	for _, w := range st.sim.Writes() {
		if w.NoKartu == card {
			n[w.Kind]++
			order = append(order, w.Kind)
		}
	}
	return n, order
}

// sendQueued runs the outbox worker a few passes, as the app does in the
// background.
func sendQueued(t *testing.T, st *stack) {
	t.Helper()
	for range 4 {
		if _, err := st.worker.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

// A saved examination PCare already has is opened again with "Ubah
// pemeriksaan", shows what was recorded and what cannot change, and its
// change reaches PCare as one visit edit.
func TestEditVisitReachesPCareAsOneEdit(t *testing.T) {
	st := newStack(t)
	reg := register(t, st, 1)[0]
	m, f := doctorWindow(t, st)
	pickPatient(t, st, m, reg)
	fillExam(t, st, f)
	diagnose(t, st, f, 0, "J06", "J06.9")
	save(t, st, f)
	if f.Saved() == nil || !f.EditBtn.Visible() {
		t.Fatalf("after saving: status %q, edit button shown %v", f.Status.Text, f.EditBtn.Visible())
	}
	first := sendAll(t, st, f.Saved().ID)

	test.Tap(f.EditBtn)
	st.waitFor(t, "the saved visit in the form", func() bool { return f.Editing() != nil })
	if f.Editing() == nil || f.Editing().ID != first.ID || f.Save.Text != "Simpan perubahan" || f.Save.Disabled() {
		t.Fatalf("not changing the saved visit: %+v, save %q", f.Editing(), f.Save.Text)
	}
	if !f.Locked.Visible() || !strings.Contains(f.Locked.Text, "tidak dapat diubah") || !strings.Contains(f.Locked.Text, first.VisitNo) {
		t.Fatalf("what cannot change is not said: %q", f.Locked.Text)
	}
	if f.Anamnesis.Text != first.Anamnesis || f.Diagnoses[0].Chosen() == nil || f.Diagnoses[0].Chosen().Code != "J06.9" ||
		f.Doctor.Code() != first.DoctorCode || f.Prognosis.Code() != "02" || f.Temperature.Text != "37,2" {
		t.Fatalf("the form does not show the record: anamnesis %q, doctor %q, temperature %q", f.Anamnesis.Text, f.Doctor.Code(), f.Temperature.Text)
	}
	typeInto(&f.Anamnesis.Entry, "Pusing berkurang, tekanan darah masih tinggi.")
	diagnose(t, st, f, 1, "hiper", "I10")
	save(t, st, f)
	if f.Status.Importance != widget.SuccessImportance || f.Editing() == nil {
		t.Fatalf("saving the change: %q", f.Status.Text)
	}
	sendQueued(t, st)

	n, _ := pcareWrites(st, reg.CardNo)
	if n["pendaftaran"] != 1 || n["kunjungan"] != 1 || n["edit-kunjungan"] != 1 || len(n) != 3 {
		t.Fatalf("PCare's writes %v, want the visit and one edit", n)
	}
	hist, err := st.pcare.C.RiwayatKunjungan(t.Context(), reg.CardNo)
	if err != nil || len(hist.List) != 1 {
		t.Fatalf("PCare's history %+v %v", hist, err)
	}
	if h := hist.List[0]; h.NoKunjungan != first.VisitNo || h.Diagnosa2 == nil || h.Diagnosa2.KdDiag != "I10" {
		t.Fatalf("PCare's visit after the edit: %+v", h)
	}
	got, _ := st.db.Visit(t.Context(), first.ID)
	if got.Anamnesis != "Pusing berkurang, tekanan darah masih tinggi." || got.VisitNo != first.VisitNo {
		t.Fatalf("stored after the edit: %+v", got)
	}
}

// From the list of examined patients a visit is opened, its procedure and
// drug lines changed, deleted and added one at a time with their buttons,
// and finally the visit deleted after a confirmation: PCare gets each
// change once, the lines' deletes before the visit's.
func TestEditVisitLinesAndDelete(t *testing.T) {
	st := newStack(t)
	reg := register(t, st, 1)[0]
	docs, err := st.pcare.Doctors(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	rec, err := st.doctor.RecordVisit(t.Context(), clinic.Visit{RegistrationID: reg.ID, Anamnesis: "Hamil 12 minggu, kontrol.",
		Consciousness: "01", Prognosis: "01", DoctorCode: docs[0].Code, DoctorName: docs[0].Name,
		DischargeStatus: clinic.DischargeOutpatient, Diagnoses: []clinic.Diagnosis{{Code: "Z34.9", Name: "Kehamilan normal"}},
		Procedures: []clinic.Procedure{{Code: "02001", Name: "ANC", Fee: 90000, MaxFee: 90000, Note: "K1"}},
		Drugs:      []clinic.Drug{{Code: "160400001", Name: "Parasetamol tablet 500 mg", DPHO: true, Signa1: 3, Signa2: 1, Quantity: 10, Requested: 10}}})
	if err != nil {
		t.Fatal(err)
	}
	sendAll(t, st, rec.ID)

	m, f := doctorWindow(t, st)
	f.DrugDelay = 5 * time.Millisecond
	s := m.Doctor
	s.Lists.SelectIndex(1)
	st.waitFor(t, "the patient among the examined", func() bool {
		return len(s.ExaminedRows()) == 1 && len(s.Rows()) == 0 && strings.Contains(s.Lists.Items[1].Text, "(1)")
	})
	s.Examined.Select(0)
	st.waitFor(t, "the visit in the form", func() bool { return f.Editing() != nil })
	if len(f.SavedProcs) != 1 || len(f.SavedDrugs) != 1 || !strings.Contains(f.SavedProcs[0].Text.Text, "Rp 90.000") {
		t.Fatalf("saved lines: %d procedures, %d drugs", len(f.SavedProcs), len(f.SavedDrugs))
	}
	lineSaved := func(what string) {
		t.Helper()
		test.Tap(f.LineDialog.Save)
		st.waitFor(t, what, func() bool { return f.LineDialog == nil || f.LineDialog.Status.Importance == widget.DangerImportance })
	}

	// The procedure's fee: over PCare's maximum it is refused on the fee.
	test.Tap(f.SavedProcs[0].Edit)
	ld := f.LineDialog
	if ld == nil || ld.Proc == nil || ld.Proc.Procedure.Code() != "02001" || ld.Proc.Fee.Text != "90000" {
		t.Fatalf("the procedure dialog shows %+v", ld)
	}
	typeInto(ld.Proc.Fee, "120000")
	lineSaved("the refusal")
	if f.LineDialog == nil || !strings.Contains(ld.Proc.Errors.Label.Text, "melebihi") {
		t.Fatalf("a fee over the maximum was not refused on the line: %q", ld.Status.Text)
	}
	typeInto(ld.Proc.Fee, "80000")
	lineSaved("the procedure change")
	if f.LineDialog != nil || !strings.Contains(f.SavedProcs[0].Text.Text, "Rp 80.000") {
		t.Fatalf("after the change: %q", f.SavedProcs[0].Text.Text)
	}

	// The drug's quantity: PCare cannot edit a drug, the dialog says so.
	test.Tap(f.SavedDrugs[0].Edit)
	ld = f.LineDialog
	if !strings.Contains(ld.Note.Text, "dihapus di PCare") || ld.Drug.ChosenDrug() == nil || ld.Drug.Quantity.Text != "10" {
		t.Fatalf("the drug dialog: note %q, quantity %q", ld.Note.Text, ld.Drug.Quantity.Text)
	}
	typeInto(ld.Drug.Quantity, "20")
	lineSaved("the drug change")
	if len(f.SavedDrugs) != 1 || !strings.Contains(f.SavedDrugs[0].Text.Text, "jumlah 20") {
		t.Fatalf("drugs after the change: %d", len(f.SavedDrugs))
	}

	sendQueued(t, st)
	n, _ := pcareWrites(st, reg.CardNo)
	if want := map[string]int{"pendaftaran": 1, "kunjungan": 1, "tindakan": 1, "obat": 2, "edit-tindakan": 1,
		"delete-obat": 1}; !equalCounts(n, want) {
		t.Fatalf("PCare's writes after the changes %v, want %v", n, want)
	}

	// A drug added to the recorded visit.
	test.Tap(f.AddDrug)
	ld = f.LineDialog
	ld.Drug.NonDPHO.SetChecked(true)
	test.Type(ld.Drug.Name, "Sirup herbal")
	test.Type(ld.Drug.Signa1, "3")
	test.Type(ld.Drug.Signa2, "1")
	test.Type(ld.Drug.Quantity, "1")
	lineSaved("the added drug")
	if len(f.SavedDrugs) != 2 {
		t.Fatalf("drugs after adding one: %d (%q)", len(f.SavedDrugs), f.Status.Text)
	}

	// The procedure deleted, after a confirmation.
	test.Tap(f.SavedProcs[0].Delete)
	confirm := f.w.Canvas().Overlays().Top()
	if b := findButton(confirm, "Hapus"); b == nil {
		t.Fatal("no confirmation before deleting a line")
	} else {
		test.Tap(b)
	}
	st.waitFor(t, "the procedure gone", func() bool { return len(f.SavedProcs) == 0 })
	sendQueued(t, st)
	n, _ = pcareWrites(st, reg.CardNo)
	if want := map[string]int{"pendaftaran": 1, "kunjungan": 1, "tindakan": 1, "obat": 3, "edit-tindakan": 1,
		"delete-obat": 1, "delete-tindakan": 1}; !equalCounts(n, want) {
		t.Fatalf("PCare's writes %v, want %v", n, want)
	}

	// The visit deleted: the confirmation says PCare loses it too.
	test.Tap(f.DeleteBtn)
	confirm = f.w.Canvas().Overlays().Top()
	var said []string
	walkAll(confirm, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			said = append(said, l.Text)
		}
	})
	if !strings.Contains(strings.Join(said, "\n"), "dihapus di PCare") {
		t.Fatalf("the confirmation does not mention PCare: %q", said)
	}
	test.Tap(findButton(confirm, "Hapus kunjungan"))
	st.waitFor(t, "the patient back in the waiting list", func() bool {
		return f.Editing() == nil && len(s.Rows()) == 1 && len(s.ExaminedRows()) == 0
	})
	if f.Status.Importance != widget.SuccessImportance {
		t.Fatalf("after deleting: %q", f.Status.Text)
	}
	sendQueued(t, st)
	n, order := pcareWrites(st, reg.CardNo)
	if n["delete-obat"] != 3 || n["delete-kunjungan"] != 1 || order[len(order)-1] != "delete-kunjungan" {
		t.Fatalf("PCare's writes %v", order)
	}
	if _, err := st.db.VisitByRegistration(t.Context(), reg.ID); clinic.ErrorCode(err) != clinic.ENOTFOUND {
		t.Fatalf("the registration still has a visit: %v", err)
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
