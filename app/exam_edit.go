package app

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
)

// Changing a recorded visit ("Ubah pemeriksaan"). The examination's own
// fields are filled from the record and saved together through
// DoctorDesk.EditVisit, which sends PCare one edit. Its procedure and drug
// lines are listed as saved, each changed or deleted on its own, at once:
// PCare takes them one write at a time. The participant, the date and the
// poli belong to the registration and cannot change; the referral's
// destination is kept unless the doctor asks to change it.

// The kinds of line of a visit.
const (
	lineProcedure = "tindakan"
	lineDrug      = "obat"
)

// StartEdit opens v, the recorded visit of registration r, in the form.
func (f *ExamForm) StartEdit(r clinic.Registration, v clinic.Visit) {
	f.SetRegistration(r)
	f.fill(v)
	f.setEditing(&v)
	f.Scroll.ScrollToTop()
}

// editSaved opens the visit just saved again, as it is stored now (the
// outbox may have sent it meanwhile).
func (f *ExamForm) editSaved() {
	if f.saved == nil {
		return
	}
	id, r, visits := f.saved.ID, f.savedReg, f.d.Doctor.Visits
	f.bg.run(nil, func(ctx context.Context) {
		v, err := visits.Visit(ctx, id)
		f.bg.ui(func() {
			if err != nil {
				f.setStatus(errorText(err), widget.DangerImportance)
				return
			}
			f.StartEdit(r, v)
		})
	})
}

// Editing is the recorded visit being changed, nil when none.
func (f *ExamForm) Editing() *clinic.Visit { return f.editing }

// fill puts a recorded visit's examination into the inputs.
func (f *ExamForm) fill(v clinic.Visit) {
	f.Anamnesis.SetText(v.Anamnesis)
	f.Consciousness.SelectCode(v.Consciousness)
	for _, e := range f.vitals {
		text := ""
		if e.field == "Temperature" {
			text = formatDecimal(v.Vitals.Temperature)
		} else if n := vitalValue(v.Vitals, e.field); n > 0 {
			text = strconv.Itoa(n)
		}
		e.entry.SetText(text)
	}
	for i, p := range f.Diagnoses {
		if i < len(v.Diagnoses) {
			dg := v.Diagnoses[i]
			p.Set(&dg)
		}
	}
	f.TherapyDrugs.SetText(v.TherapyDrugs)
	f.TherapyOther.SetText(v.TherapyOther)
	f.BMHP.SetText(v.BMHP)
	for _, a := range []struct {
		sel  *CodeSelect
		code string
	}{{f.AllergyFood, v.AllergyFood}, {f.AllergyAir, v.AllergyAir}, {f.AllergyDrug, v.AllergyDrug}} {
		a.sel.SelectCode(orElse(a.code, noAllergy))
	}
	f.Prognosis.SelectCode(v.Prognosis)
	// The doctor who examined stays chosen, also before PCare's list is in
	// (or when they left it).
	if !f.Doctor.SelectCode(v.DoctorCode) && v.DoctorCode != "" {
		f.Doctor.SetCodes(append(slices.Clip(f.Doctor.Codes()), clinic.Code{Code: v.DoctorCode, Name: orElse(v.DoctorName, v.DoctorCode)}))
		f.Doctor.SelectCode(v.DoctorCode)
	}
	f.Discharge.SelectCode(v.DischargeStatus)
	if v.Referral != nil {
		f.Referral.Keep(*v.Referral)
	}
}

// setEditing switches the form to changing v (nil: back to recording).
func (f *ExamForm) setEditing(v *clinic.Visit) {
	f.editing = v
	if v == nil {
		f.Save.SetText(lang.L("exam.save"))
		setVisible(false, f.Locked, f.DeleteBtn)
		return
	}
	state, _ := syncText(v.SyncState)
	f.Save.SetText(lang.L("exam.edit.save"))
	f.Locked.SetText(lang.L("exam.edit.locked", map[string]any{"State": state, "No": dash(v.VisitNo)}))
	setVisible(true, f.Locked, f.DeleteBtn)
	f.SavedProcs, f.SavedDrugs = nil, nil
	for i, p := range v.Procedures {
		if !p.Removed {
			f.SavedProcs = append(f.SavedProcs, f.newSavedLine(lineProcedure, i, procedureText(p)))
		}
	}
	for i, d := range v.Drugs {
		if !d.Removed {
			f.SavedDrugs = append(f.SavedDrugs, f.newSavedLine(lineDrug, i, drugLineText(d)))
		}
	}
	f.showLines()
}

// procedureText is a saved procedure as its row shows it.
func procedureText(p clinic.Procedure) string {
	parts := []string{orElse(p.Name, p.Code), formatRupiah(p.Fee)}
	if p.Note != "" {
		parts = append(parts, p.Note)
	}
	if p.Result != 0 {
		parts = append(parts, lang.L("exam.line.result", map[string]any{"N": p.Result}))
	}
	return strings.Join(parts, " · ")
}

// drugLineText is a saved drug as its row shows it: "Parasetamol · 3 × 1 ·
// jumlah 10".
func drugLineText(d clinic.Drug) string {
	return strings.Join([]string{d.Name, orElse(formatDecimal(d.Signa1), "0") + " × " + orElse(formatDecimal(d.Signa2), "0"),
		lang.L("exam.line.qty", map[string]any{"N": formatDecimal(d.Quantity)})}, " · ")
}

// SavedLine is one procedure or drug of a recorded visit being changed:
// what it is, with Ubah and Hapus, which act on it at once.
type SavedLine struct {
	Container fyne.CanvasObject
	Text      *widget.Label
	Edit      *Button
	Delete    *Button
	Kind      string // lineProcedure or lineDrug
	Index     int    // its place in the visit's Procedures or Drugs
}

func (f *ExamForm) newSavedLine(kind string, i int, text string) *SavedLine {
	l := &SavedLine{Kind: kind, Index: i}
	l.Text = widget.NewLabel(text)
	l.Text.Wrapping = fyne.TextWrapWord
	l.Edit = newButtonWithIcon(lang.L("exam.line.edit"), theme.DocumentCreateIcon(), func() { f.openLineDialog(kind, i) })
	l.Delete = newButtonWithIcon(lang.L("exam.line.delete"), theme.DeleteIcon(), func() { f.confirmDeleteLine(kind, i, text) })
	l.Delete.Importance = widget.LowImportance
	l.Container = container.NewBorder(nil, nil, nil, container.NewHBox(l.Edit, l.Delete), l.Text)
	return l
}

// confirmDeleteLine asks before a saved line is deleted, here and at PCare.
func (f *ExamForm) confirmDeleteLine(kind string, i int, text string) {
	if f.editing == nil {
		return
	}
	id, desk := f.editing.ID, f.d.Doctor
	title, msg := lang.L("exam.line.delete.proc"), lang.L("exam.line.delete.proc.confirm", map[string]any{"Line": text})
	del := desk.DeleteProcedure
	if kind == lineDrug {
		title, msg = lang.L("exam.line.delete.drug"), lang.L("exam.line.delete.drug.confirm", map[string]any{"Line": text})
		del = desk.DeleteDrug
	}
	f.confirmAction(title, msg, lang.L("exam.line.delete"), func() {
		f.changeVisit(func(ctx context.Context) (clinic.Visit, error) { return del(ctx, id, i) }, "exam.line.deleted",
			func(err error) {
				if err != nil {
					f.setStatus(errorText(err), widget.DangerImportance)
				}
			})
	})
}

// confirmAction asks msg under title, and runs do when the doctor taps
// the button named confirm.
func (f *ExamForm) confirmAction(title, msg, confirm string, do func()) {
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(title, confirm, lang.L("common.cancel"), container.New(minWidth{460}, text), func(ok bool) {
		if ok {
			do()
		}
	}, f.w)
	showDialog(f.w, d)
}

// changeVisit runs a change of the visit being edited in the background
// and gives its outcome to after, on the UI goroutine. When it is stored
// the saved lines show the visit as it is now and the status says done.
func (f *ExamForm) changeVisit(do func(context.Context) (clinic.Visit, error), done string, after func(error)) {
	id := f.editing.ID
	f.bg.run(nil, func(ctx context.Context) {
		saved, err := do(ctx)
		f.bg.ui(func() {
			after(err)
			if err != nil {
				return
			}
			if f.editing != nil && f.editing.ID == id {
				f.setEditing(&saved)
				f.setStatus(lang.L(done), widget.SuccessImportance)
			}
			if f.OnSaved != nil {
				f.OnSaved(saved)
			}
		})
	})
}

// LineDialog adds a line to a recorded visit or changes one: the form's own
// line inputs in a dialog, stored (and so sent to PCare) by Save.
type LineDialog struct {
	Proc   *ProcedureLine // the procedure, or nil
	Drug   *DrugLine      // the drug, or nil
	Note   *widget.Label  // what PCare will be told
	Save   *Button
	Cancel *Button
	Status *widget.Label

	dlg *dialog.CustomDialog
}

func (d *LineDialog) setStatus(text string, imp widget.Importance) {
	d.Status.Importance = imp
	d.Status.SetText(text)
}

// openLineDialog opens the dialog for line index of kind (-1: a new line).
func (f *ExamForm) openLineDialog(kind string, index int) {
	v := f.editing
	if v == nil {
		return
	}
	ld := &LineDialog{}
	var content fyne.CanvasObject
	title, note := "exam.line.add.proc", "exam.line.add.note"
	if kind == lineProcedure {
		ld.Proc = newProcedureLine(f.procPlaceholder(), func(*ProcedureLine) {})
		ld.Proc.Remove.Hide()
		refs := f.procRefs
		if index >= 0 {
			title, note = "exam.line.edit.proc", "exam.line.edit.proc.note"
			p := v.Procedures[index]
			if !slices.ContainsFunc(refs, func(r clinic.ProcedureRef) bool { return r.Code == p.Code }) {
				refs = append(slices.Clip(refs), clinic.ProcedureRef{Code: p.Code, Name: p.Name, MaxFee: p.MaxFee})
			}
			ld.Proc.setRefs(refs, f.procPlaceholder())
			ld.Proc.Procedure.SelectCode(p.Code)
			ld.Proc.Fee.SetText(strconv.FormatInt(p.Fee, 10))
			ld.Proc.Note.SetText(p.Note)
			if p.Result != 0 {
				ld.Proc.Result.SetText(strconv.Itoa(p.Result))
			}
		} else {
			ld.Proc.setRefs(refs, f.procPlaceholder())
		}
		content = ld.Proc.Container
	} else {
		title = "exam.line.add.drug"
		ld.Drug = newDrugLine(f.d.Doctor.Refs, f.bg, f.DrugDelay, func(*DrugLine) {})
		ld.Drug.Remove.Hide()
		if index >= 0 {
			title, note = "exam.line.edit.drug", "exam.line.edit.drug.note"
			d := v.Drugs[index]
			if d.DPHO {
				ld.Drug.Pick(clinic.DrugRef{Code: d.Code, Name: d.Name})
				ld.Drug.Chosen.SetText(d.Name) // the stock is not known here
			} else {
				ld.Drug.NonDPHO.SetChecked(true)
				ld.Drug.Name.SetText(d.Name)
			}
			ld.Drug.Signa1.SetText(formatDecimal(d.Signa1))
			ld.Drug.Signa2.SetText(formatDecimal(d.Signa2))
			ld.Drug.Quantity.SetText(formatDecimal(d.Quantity))
		}
		content = ld.Drug.Container
	}
	ld.Note = widget.NewLabel(lang.L(note))
	ld.Note.Wrapping = fyne.TextWrapWord
	ld.Status = widget.NewLabel("")
	ld.Status.Wrapping = fyne.TextWrapWord
	ld.Save = newButtonWithIcon(lang.L("exam.line.save"), theme.DocumentSaveIcon(), func() { f.saveLine(ld, index) })
	ld.Save.Importance = widget.HighImportance
	ld.Cancel = newButton(lang.L("common.cancel"), func() { ld.dlg.Hide() })
	body := container.NewVBox(ld.Note, content, container.NewBorder(nil, nil, nil, container.NewHBox(ld.Cancel, ld.Save), ld.Status))
	ld.dlg = dialog.NewCustomWithoutButtons(lang.L(title), container.New(minWidth{760}, body), f.w)
	ld.dlg.SetOnClosed(func() {
		if ld.Drug != nil {
			ld.Drug.stopSearch()
		}
		if f.LineDialog == ld {
			f.LineDialog = nil
		}
	})
	f.LineDialog = ld
	showDialog(f.w, ld.dlg)
	if kind == lineProcedure && (f.procState == procFailed || f.procState == procNone) {
		f.loadProcedures()
	}
}

// saveLine stores the dialog's line through the doctor's desk; PCare's
// rules (a fee over its maximum) come back on the line's inputs.
func (f *ExamForm) saveLine(ld *LineDialog, index int) {
	if f.editing == nil {
		return
	}
	id, desk := f.editing.ID, f.d.Doctor
	var line interface {
		clearErrors()
		blank() bool
		setError(field, msg string)
	}
	var add, edit func(context.Context) (clinic.Visit, error)
	var ok bool
	if l := ld.Proc; l != nil {
		line = l
		l.clearErrors()
		p, lineOK := l.procedure()
		ok = lineOK
		add = func(ctx context.Context) (clinic.Visit, error) { return desk.AddProcedure(ctx, id, p) }
		edit = func(ctx context.Context) (clinic.Visit, error) { return desk.EditProcedure(ctx, id, index, p) }
	} else {
		line = ld.Drug
		ld.Drug.clearErrors()
		d, lineOK := ld.Drug.drug()
		ok = lineOK
		add = func(ctx context.Context) (clinic.Visit, error) { return desk.AddDrug(ctx, id, d) }
		edit = func(ctx context.Context) (clinic.Visit, error) { return desk.EditDrug(ctx, id, index, d) }
	}
	do := add
	if index >= 0 {
		do = edit
	}
	ok = ok && !line.blank()
	if !ok {
		ld.setStatus(lang.L("reg.error.fix"), widget.DangerImportance)
		return
	}
	ld.Save.Disable()
	ld.setStatus(lang.L("reg.saving"), widget.MediumImportance)
	f.changeVisit(do, "exam.line.saved", func(err error) {
		ld.Save.Enable()
		if err == nil {
			ld.dlg.Hide()
			return
		}
		text := errorText(err)
		fields := clinic.FieldErrors(err)
		for _, fe := range fields {
			if _, _, sub, isLine := lineField(fe.Field); isLine {
				line.setError(sub, fe.Message)
			}
		}
		if len(fields) > 0 {
			text = lang.L("reg.error.fix")
		}
		ld.setStatus(text, widget.DangerImportance)
	})
}

// confirmDeleteVisit asks before the visit being changed is deleted, here
// and at PCare, with its lines.
func (f *ExamForm) confirmDeleteVisit() {
	v := f.editing
	if v == nil {
		return
	}
	msg := lang.L("exam.delete.confirm", map[string]any{"Name": dash(v.PatientName),
		"Procs": len(f.SavedProcs), "Drugs": len(f.SavedDrugs)})
	f.confirmAction(lang.L("exam.delete.title"), msg, lang.L("exam.delete"), func() { f.deleteVisit(*v) })
}

// deleteVisit deletes v in the background; the form closes and the
// patient waits for the doctor again. OnSaved gets v, marked deleted.
func (f *ExamForm) deleteVisit(v clinic.Visit) {
	f.DeleteBtn.Disable()
	desk := f.d.Doctor
	f.bg.run(nil, func(ctx context.Context) {
		err := desk.DeleteVisit(ctx, v.ID)
		f.bg.ui(func() {
			current := f.editing != nil && f.editing.ID == v.ID
			if err != nil {
				if current {
					f.DeleteBtn.Enable()
					f.setStatus(errorText(err), widget.DangerImportance)
				}
				return
			}
			if current {
				f.Close()
				f.setStatus(lang.L("exam.deleted", map[string]any{"Name": dash(v.PatientName)}), widget.SuccessImportance)
			}
			v.Deleted = true
			if f.OnSaved != nil {
				f.OnSaved(v)
			}
		})
	})
}
