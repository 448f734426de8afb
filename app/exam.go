package app

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
	"fktpdesk/referral"
)

// noAllergy is the allergy code for "Tidak Ada", the usual answer.
const noAllergy = "00"

// ExamForm is the examination (pemeriksaan) of one registered patient: it
// edits a copy of a clinic.Visit, lets DoctorDesk.RecordVisit validate it
// on save and shows each field error under its input. A recorded visit is
// opened again with StartEdit ("Ubah pemeriksaan") and saved through
// DoctorDesk.EditVisit; its lines then change one at a time.
type ExamForm struct {
	Container fyne.CanvasObject
	Who       *widget.Label
	Complaint *widget.Label
	// Locked says, while a recorded visit is changed, what PCare does not
	// let change and how lines are changed.
	Locked *widget.Label

	Anamnesis     *TextArea
	Consciousness *CodeSelect
	Systolic      *Entry
	Diastolic     *Entry
	Weight        *Entry
	Height        *Entry
	RespRate      *Entry
	HeartRate     *Entry
	Waist         *Entry
	Temperature   *Entry
	VitalsError   *widget.Label
	Diagnoses     [3]*DiagnosisPicker
	TherapyDrugs  *TextArea
	TherapyOther  *TextArea
	BMHP          *TextArea
	AllergyFood   *CodeSelect
	AllergyAir    *CodeSelect
	AllergyDrug   *CodeSelect
	Prognosis     *CodeSelect
	Doctor        *CodeSelect
	Discharge     *CodeSelect
	Referral      *ReferralSection

	// The visit's procedure (tindakan) and drug (obat) lines, in the
	// order shown; a line the doctor added and left empty is not saved.
	ProcLines []*ProcedureLine
	DrugLines []*DrugLine
	// SavedProcs and SavedDrugs are a recorded visit's lines while it is
	// changed, each with its own Ubah and Hapus; LineDialog is the line
	// being added or changed.
	SavedProcs      []*SavedLine
	SavedDrugs      []*SavedLine
	LineDialog      *LineDialog
	AddProcedure    *Button
	AddDrug         *Button
	ProceduresError *widget.Label // PCare's procedure list did not load
	// DrugDelay is the typing pause before a drug search
	// (DefaultSearchDelay), for the lines added from then on.
	DrugDelay time.Duration

	// KBKWarning sits beside the save button while a non-specialist
	// diagnosis is being referred: the last thing read before saving.
	KBKWarning *widget.Label
	Save       *Button
	Status     *widget.Label
	PrintBtn   *Button // "Cetak surat rujukan", after a referral is saved
	// EditBtn opens the visit just saved again ("Ubah pemeriksaan");
	// DeleteBtn deletes the visit being changed, here and at PCare.
	EditBtn   *Button
	DeleteBtn *Button
	Scroll    *container.Scroll

	// OnSaved is called on the UI goroutine after a visit is stored.
	OnSaved func(clinic.Visit)
	// OnPrint prints the letter of a saved referral.
	OnPrint func(clinic.Visit)

	w     fyne.Window
	d     Deps
	bg    *background
	refs  *refCache
	reg   *clinic.Registration
	saved *clinic.Visit
	// savedReg is the registration of saved, for EditBtn.
	savedReg clinic.Registration
	// editing is the recorded visit being changed, nil for a new one.
	editing *clinic.Visit
	// confirm is the KBK warning dialog while it is open (tests tap it).
	confirm *dialog.ConfirmDialog

	errs   map[string]*widget.Label // Visit field name → error label
	vitals []examVital
	// vitalErrs is each vital sign's current error: its own validator's or
	// the service's, whichever came last.
	vitalErrs map[string]string

	procBox, drugBox *fyne.Container
	// procRefs is PCare's procedure list for procTKP, the patient's place
	// of service; procState says where its loading is.
	procRefs  []clinic.ProcedureRef
	procTKP   string
	procState int
	// doctorsFailed is set while the doctor field shows why the list
	// did not load.
	doctorsFailed bool
}

// The loading of the procedure list.
const (
	procNone = iota
	procLoading
	procLoaded
	procFailed
)

// visitLines maps the lines of a visit being saved back to the form's
// lines: blank lines are left out, so the service's "Drugs[1]" need not
// be the second line on screen.
type visitLines struct {
	procs []*ProcedureLine
	drugs []*DrugLine
}

type examVital struct {
	field string
	label string
	entry *Entry
}

// NewExamForm builds the form, disabled until SetRegistration.
func NewExamForm(w fyne.Window, d Deps, bg *background, refs *refCache) *ExamForm {
	f := &ExamForm{w: w, d: d, bg: bg, refs: refs, errs: map[string]*widget.Label{}, vitalErrs: map[string]string{},
		DrugDelay: DefaultSearchDelay}

	f.Who = widget.NewLabelWithStyle(lang.L("exam.who.none"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.Who.Wrapping = fyne.TextWrapWord
	f.Complaint = widget.NewLabel("")
	f.Complaint.Wrapping = fyne.TextWrapWord
	f.Complaint.Hide()

	f.Anamnesis = newTextArea(3, lang.L("exam.anamnesis.placeholder"))
	f.Consciousness = newCodeSelect(clinic.Consciousness(), lang.L("exam.choose"))

	vital := func(field, label string, validate func(string) error) *Entry {
		e := newEntry()
		e.Validator = func(s string) error {
			if err := validate(s); err != nil {
				return errors.New(label + ": " + err.Error())
			}
			return nil
		}
		e.AlwaysShowValidationError = true
		e.SetOnValidationChanged(func(err error) {
			f.vitalErrs[field] = ""
			if err != nil {
				f.vitalErrs[field] = err.Error()
			}
			f.showVitalsErrors()
		})
		f.vitals = append(f.vitals, examVital{field: field, label: label, entry: e})
		return e
	}
	f.Systolic = vital("Systolic", lang.L("reg.systolic"), validateWholeNumber)
	f.Diastolic = vital("Diastolic", lang.L("reg.diastolic"), validateWholeNumber)
	f.HeartRate = vital("HeartRate", lang.L("reg.heart"), validateWholeNumber)
	f.RespRate = vital("RespRate", lang.L("reg.resp"), validateWholeNumber)
	f.Temperature = vital("Temperature", lang.L("exam.temperature"), validateDecimal)
	f.Weight = vital("WeightKg", lang.L("reg.weight"), validateWholeNumber)
	f.Height = vital("HeightCm", lang.L("reg.height"), validateWholeNumber)
	f.Waist = vital("WaistCm", lang.L("reg.waist"), validateWholeNumber)
	f.Temperature.SetPlaceHolder("36,5")
	f.VitalsError = dangerLabel()

	for i := range f.Diagnoses {
		ph := lang.L("diag.placeholder.main")
		if i > 0 {
			ph = lang.L("diag.placeholder.extra")
		}
		p := newDiagnosisPicker(d, bg, ph)
		p.OnChanged = f.diagnosesChanged
		f.Diagnoses[i] = p
	}

	f.TherapyDrugs = newTextArea(2, lang.L("exam.drugs.placeholder"))
	f.TherapyOther = newTextArea(2, lang.L("exam.other.placeholder"))
	f.BMHP = newTextArea(2, lang.L("exam.bmhp.placeholder"))
	f.AllergyFood = newCodeSelect(clinic.Allergies("01"), lang.L("exam.choose"))
	f.AllergyAir = newCodeSelect(clinic.Allergies("02"), lang.L("exam.choose"))
	f.AllergyDrug = newCodeSelect(clinic.Allergies("03"), lang.L("exam.choose"))
	f.Prognosis = newCodeSelect(clinic.Prognoses(), lang.L("exam.choose"))
	f.Doctor = newCodeSelect(nil, lang.L("exam.doctor.loading"))
	f.Discharge = newCodeSelect(clinic.DischargeStatuses(false), lang.L("exam.choose"))
	f.Discharge.OnChanged = func(string) { f.showReferral(true) }

	f.Referral = newReferralSection(d, bg, refs)
	f.Referral.OnChanged = f.updateWarning
	f.Referral.Container.Hide()

	f.AddProcedure = newButtonWithIcon(lang.L("exam.proc.add"), theme.ContentAddIcon(), func() {
		if f.editing != nil {
			f.openLineDialog(lineProcedure, -1)
			return
		}
		f.addProcedure()
	})
	f.AddDrug = newButtonWithIcon(lang.L("exam.drug.add"), theme.ContentAddIcon(), func() {
		if f.editing != nil {
			f.openLineDialog(lineDrug, -1)
			return
		}
		f.addDrug()
	})
	f.ProceduresError = dangerLabel()
	f.procBox = container.NewVBox()
	f.procBox.Hide()
	f.drugBox = container.NewVBox()
	f.drugBox.Hide()

	f.KBKWarning = widget.NewLabel(lang.L("exam.kbk.warning"))
	f.KBKWarning.Importance = widget.WarningImportance
	f.KBKWarning.Wrapping = fyne.TextWrapWord
	f.KBKWarning.Hide()
	f.Save = newButtonWithIcon(lang.L("exam.save"), theme.DocumentSaveIcon(), f.save)
	f.Save.Importance = widget.HighImportance
	f.Status = widget.NewLabel("")
	f.Status.Wrapping = fyne.TextWrapWord
	f.PrintBtn = newButtonWithIcon(lang.L("exam.print"), theme.DocumentPrintIcon(), func() {
		if f.saved != nil && f.OnPrint != nil {
			f.OnPrint(*f.saved)
		}
	})
	f.PrintBtn.Hide()
	f.EditBtn = newButtonWithIcon(lang.L("exam.edit"), theme.DocumentCreateIcon(), f.editSaved)
	f.EditBtn.Hide()
	f.DeleteBtn = newButtonWithIcon(lang.L("exam.delete"), theme.DeleteIcon(), f.confirmDeleteVisit)
	f.DeleteBtn.Importance = widget.DangerImportance
	f.DeleteBtn.Hide()
	f.Locked = widget.NewLabel("")
	f.Locked.Wrapping = fyne.TextWrapWord
	f.Locked.Importance = widget.WarningImportance
	f.Locked.Hide()

	key := func(k string) *widget.Label {
		return widget.NewLabelWithStyle(k, fyne.TextAlignTrailing, fyne.TextStyle{})
	}
	withError := func(field string, input fyne.CanvasObject) fyne.CanvasObject {
		l := dangerLabel()
		f.errs[field] = l
		return container.NewVBox(input, l)
	}
	pairs := func(es ...*Entry) fyne.CanvasObject {
		var objs []fyne.CanvasObject
		for _, e := range es {
			for _, v := range f.vitals {
				if v.entry == e {
					objs = append(objs, key(v.label), e)
				}
			}
		}
		return container.New(layout.NewFormLayout(), objs...)
	}
	// The vitals in two columns, in the order they are read off the
	// nurse's sheet: pressure and pulse, then the body.
	vitals := container.NewGridWithColumns(2,
		pairs(f.Systolic, f.Diastolic, f.HeartRate, f.RespRate),
		pairs(f.Temperature, f.Weight, f.Height, f.Waist),
	)
	diagnoses := container.NewVBox(f.Diagnoses[0].Container, f.Diagnoses[1].Container, f.Diagnoses[2].Container)
	left := container.New(layout.NewFormLayout(),
		key(lang.L("exam.anamnesis")), withError("Anamnesis", f.Anamnesis),
		key(lang.L("exam.consciousness")), withError("Consciousness", f.Consciousness.Select),
		key(lang.L("exam.vitals")), container.NewVBox(vitals, f.VitalsError),
		key(lang.L("exam.diagnoses")), withError("Diagnoses", diagnoses),
	)
	allergies := container.NewGridWithColumns(3,
		labelled(lang.L("exam.allergy.food"), f.AllergyFood.Select),
		labelled(lang.L("exam.allergy.air"), f.AllergyAir.Select),
		labelled(lang.L("exam.allergy.drug"), f.AllergyDrug.Select),
	)
	right := container.New(layout.NewFormLayout(),
		key(lang.L("exam.drugs")), withError("TherapyDrugs", f.TherapyDrugs),
		key(lang.L("exam.other")), withError("TherapyOther", f.TherapyOther),
		key(lang.L("exam.bmhp")), withError("BMHP", f.BMHP),
		key(lang.L("exam.allergy")), allergies,
		key(lang.L("exam.prognosis")), withError("Prognosis", f.Prognosis.Select),
		key(lang.L("exam.doctor")), withError("DoctorCode", f.Doctor.Select),
		key(lang.L("exam.discharge")), withError("DischargeStatus", f.Discharge.Select),
	)
	// Procedures and drugs across the whole width: a line needs the room.
	lines := container.New(layout.NewFormLayout(),
		key(lang.L("exam.procedures")), container.NewVBox(f.procBox, f.ProceduresError, container.NewHBox(f.AddProcedure)),
		key(lang.L("exam.druglines")), container.NewVBox(f.drugBox, container.NewHBox(f.AddDrug)),
	)
	f.errs["Complaint"] = dangerLabel()
	body := container.NewVBox(
		container.NewGridWithColumns(2, left, right),
		widget.NewSeparator(),
		lines,
		f.Referral.Container,
	)
	f.Scroll = container.NewVScroll(container.NewPadded(body))
	// The save bar stays under the scrolled form, so Simpan is always on
	// screen however long the referral part grows.
	buttons := container.NewHBox(f.Save, f.PrintBtn, f.EditBtn)
	bar := container.NewVBox(
		widget.NewSeparator(),
		f.KBKWarning,
		container.NewBorder(nil, nil, buttons, f.DeleteBtn, f.Status),
	)
	header := container.NewVBox(f.Who, f.Complaint, f.errs["Complaint"], f.Locked)
	f.Container = container.NewBorder(header, bar, nil, nil, f.Scroll)
	f.setEnabled(false)
	return f
}

// labelled puts a small caption above an input.
func labelled(caption string, input fyne.CanvasObject) fyne.CanvasObject {
	l := widget.NewLabel(caption)
	l.SizeName = theme.SizeNameCaptionText
	return container.NewVBox(l, input)
}

// LoadDoctors fills the doctor list (cached for the window); the choice is
// kept from one patient to the next, since one doctor sees the session.
func (f *ExamForm) LoadDoctors() {
	f.refs.codes("doctors", f.d.Doctor.Refs.Doctors, func(l []clinic.Code, err error) {
		if err != nil {
			f.Doctor.PlaceHolder = lang.L("exam.doctor.failed")
			f.Doctor.Refresh()
			f.setError("DoctorCode", errorText(err))
			f.doctorsFailed = true
			return
		}
		// Only the loading's own error goes: a save refused meanwhile for
		// want of a doctor keeps its message.
		if f.doctorsFailed {
			f.setError("DoctorCode", "")
			f.doctorsFailed = false
		}
		f.Doctor.PlaceHolder = lang.L("exam.doctor.choose")
		f.Doctor.SetCodes(l)
		if f.Doctor.Code() == "" && len(l) == 1 {
			f.Doctor.SetSelectedIndex(0)
		}
	})
}

// SetRegistration starts the examination of r: the form is emptied, the
// nurse's vital signs are copied in, and it is enabled.
func (f *ExamForm) SetRegistration(r clinic.Registration) {
	f.reg = &r
	f.saved = nil
	f.setEditing(nil)
	who := map[string]any{"Name": dash(r.PatientName), "Card": r.CardNo, "Poli": dash(poliName(r)), "No": r.QueueNo}
	if r.QueueNo == "" {
		f.Who.SetText(lang.L("exam.who", who))
	} else {
		f.Who.SetText(lang.L("exam.who.queue", who))
	}
	if strings.TrimSpace(r.Complaint) != "" {
		f.Complaint.SetText(lang.L("exam.complaint", map[string]any{"Text": r.Complaint}))
		f.Complaint.Show()
	} else {
		f.Complaint.Hide()
	}
	f.clear()
	num := func(e *Entry, n int) {
		if n > 0 {
			e.SetText(strconv.Itoa(n))
		}
	}
	v := r.Vitals
	num(f.Systolic, v.Systolic)
	num(f.Diastolic, v.Diastolic)
	num(f.HeartRate, v.HeartRate)
	num(f.RespRate, v.RespRate)
	num(f.Weight, v.WeightKg)
	num(f.Height, v.HeightCm)
	num(f.Waist, v.WaistCm)
	f.Temperature.SetText(formatDecimal(v.Temperature))
	// Inpatient care ends differently (sembuh, pulang paksa…).
	f.Discharge.SetCodes(clinic.DischargeStatuses(r.TKP == clinic.TKPInpatient))
	f.Discharge.SelectCode(clinic.DischargeOutpatient)
	f.Referral.Reset(r.CardNo, r.Date)
	f.setStatus("", widget.MediumImportance)
	setVisible(false, f.PrintBtn, f.EditBtn)
	f.setEnabled(true)
	f.LoadDoctors()
	f.loadProcedures()
	f.Scroll.ScrollToTop()
	if c := fyne.CurrentApp().Driver().CanvasForObject(f.Anamnesis); c != nil {
		c.Focus(f.Anamnesis)
	}
}

// Registration is the patient being examined, nil when none.
func (f *ExamForm) Registration() *clinic.Registration { return f.reg }

// Close empties and disables the form (the patient left the list).
func (f *ExamForm) Close() {
	f.reg = nil
	f.saved = nil
	f.setEditing(nil)
	f.Who.SetText(lang.L("exam.who.none"))
	f.Complaint.Hide()
	f.clear()
	f.setStatus("", widget.MediumImportance)
	setVisible(false, f.PrintBtn, f.EditBtn)
	f.setEnabled(false)
}

func (f *ExamForm) clear() {
	f.Anamnesis.SetText("")
	f.Consciousness.SelectCode("01") // compos mentis: most patients who walk in
	for _, v := range f.vitals {
		v.entry.SetText("")
	}
	for _, p := range f.Diagnoses {
		p.Set(nil)
	}
	f.TherapyDrugs.SetText("")
	f.TherapyOther.SetText("")
	f.BMHP.SetText("")
	for _, a := range []*CodeSelect{f.AllergyFood, f.AllergyAir, f.AllergyDrug} {
		a.SelectCode(noAllergy)
	}
	f.Prognosis.ClearSelected()
	f.Discharge.SelectCode(clinic.DischargeOutpatient)
	f.clearLines()
	f.clearErrors()
}

func (f *ExamForm) setEnabled(on bool) {
	ws := []enabler{f.Anamnesis, f.Consciousness.Select, f.TherapyDrugs, f.TherapyOther, f.BMHP,
		f.AllergyFood.Select, f.AllergyAir.Select, f.AllergyDrug.Select, f.Prognosis.Select, f.Doctor.Select,
		f.Discharge.Select, f.Save}
	for _, v := range f.vitals {
		ws = append(ws, v.entry)
	}
	for _, p := range f.Diagnoses {
		ws = append(ws, p)
	}
	ws = append(ws, f.AddProcedure, f.AddDrug, f.DeleteBtn)
	for _, l := range append(f.SavedProcs, f.SavedDrugs...) {
		ws = append(ws, l.Edit, l.Delete)
	}
	setEnabled(on, ws...)
	for _, l := range f.ProcLines {
		l.setEnabled(on)
	}
	for _, l := range f.DrugLines {
		l.setEnabled(on)
	}
	f.Referral.setEnabled(on)
}

// diagnosesChanged follows the main diagnosis into the referral's TACC
// part.
func (f *ExamForm) diagnosesChanged() {
	f.Referral.SetMainDiagnosis(f.Diagnoses[0].Chosen())
	f.updateWarning()
}

// isReferral reports whether the chosen discharge status refers.
func (f *ExamForm) isReferral() bool { return clinic.IsReferralStatus(f.Discharge.Code()) }

// showReferral shows the referral section when the discharge status
// refers, and brings it into view when the doctor has just chosen it.
func (f *ExamForm) showReferral(scroll bool) {
	if f.isReferral() {
		f.Referral.Load()
		f.Referral.Container.Show()
		if scroll && f.reg != nil {
			f.Scroll.Refresh()
			f.Scroll.ScrollToOffset(fyne.NewPos(0, f.Referral.Container.Position().Y))
		}
	} else {
		f.Referral.Container.Hide()
	}
	f.updateWarning()
}

func (f *ExamForm) updateWarning() {
	setVisible(f.reg != nil && f.isReferral() && f.Referral.NeedsTACC(), f.KBKWarning)
}

// visit reads the inputs into a copy of a visit. It reports false when an
// entry holds something that is not a number or a date; those carry their
// error.
func (f *ExamForm) visit() (clinic.Visit, visitLines, bool) {
	r := f.reg
	v := clinic.Visit{
		RegistrationID: r.ID, CardNo: r.CardNo, Date: r.Date, PoliCode: r.PoliCode,
		Complaint: r.Complaint, Anamnesis: strings.TrimSpace(f.Anamnesis.Text),
		Consciousness: f.Consciousness.Code(),
		TherapyDrugs:  strings.TrimSpace(f.TherapyDrugs.Text), TherapyOther: strings.TrimSpace(f.TherapyOther.Text),
		BMHP:        strings.TrimSpace(f.BMHP.Text),
		AllergyFood: f.AllergyFood.Code(), AllergyAir: f.AllergyAir.Code(), AllergyDrug: f.AllergyDrug.Code(),
		Prognosis: f.Prognosis.Code(), DischargeStatus: f.Discharge.Code(),
	}
	doc := f.Doctor.Chosen()
	v.DoctorCode, v.DoctorName = doc.Code, doc.Name
	ok := true
	for _, e := range f.vitals {
		if err := e.entry.Validate(); err != nil {
			ok = false
			continue
		}
		text := strings.TrimSpace(e.entry.Text)
		if e.field == "Temperature" {
			v.Vitals.Temperature, _ = parseDecimal(text)
			continue
		}
		n, _ := strconv.Atoi(text)
		switch e.field {
		case "Systolic":
			v.Vitals.Systolic = n
		case "Diastolic":
			v.Vitals.Diastolic = n
		case "HeartRate":
			v.Vitals.HeartRate = n
		case "RespRate":
			v.Vitals.RespRate = n
		case "WeightKg":
			v.Vitals.WeightKg = n
		case "HeightCm":
			v.Vitals.HeightCm = n
		case "WaistCm":
			v.Vitals.WaistCm = n
		}
	}
	// Diagnoses in order, skipping empty extra slots; an empty main slot
	// stays so the service names it.
	for i, p := range f.Diagnoses {
		if dg := p.Chosen(); dg != nil {
			v.Diagnoses = append(v.Diagnoses, *dg)
		} else if i == 0 {
			v.Diagnoses = append(v.Diagnoses, clinic.Diagnosis{})
		}
	}
	if len(v.Diagnoses) == 1 && v.Diagnoses[0].Code == "" {
		v.Diagnoses = nil // "Diagnosa wajib diisi" reads better than "Diagnosa 1 belum dipilih"
	}
	var lines visitLines
	for _, l := range f.ProcLines {
		if l.blank() {
			continue
		}
		p, lineOK := l.procedure()
		ok = ok && lineOK
		v.Procedures = append(v.Procedures, p)
		lines.procs = append(lines.procs, l)
	}
	for _, l := range f.DrugLines {
		if l.blank() {
			continue
		}
		dr, lineOK := l.drug()
		ok = ok && lineOK
		v.Drugs = append(v.Drugs, dr)
		lines.drugs = append(lines.drugs, l)
	}
	if f.isReferral() {
		ref, refOK := f.Referral.Referral()
		if !refOK {
			ok = false
		} else {
			v.Referral = &ref
		}
	}
	return v, lines, ok
}

func (f *ExamForm) save() {
	if f.reg == nil {
		return
	}
	f.clearErrors()
	v, lines, ok := f.visit()
	if !ok {
		f.setStatus(lang.L("reg.error.fix"), widget.DangerImportance)
		return
	}
	// A complete non-specialist referral is confirmed first: it counts
	// against the clinic's KBK ratio, which costs capitation. An
	// incomplete one goes to the service, which says what is missing.
	if v.Referral != nil && f.Referral.NeedsTACC() && v.Referral.TACC != referral.TACCNone {
		msg := widget.NewLabel(lang.L("exam.kbk.warning") + "\n\n" + lang.L("exam.kbk.question"))
		msg.Wrapping = fyne.TextWrapWord
		f.confirm = dialog.NewCustomConfirm(lang.L("exam.kbk.title"), lang.L("exam.kbk.confirm"), lang.L("common.cancel"),
			container.New(minWidth{460}, msg),
			func(yes bool) {
				f.confirm = nil
				if yes {
					f.record(v, lines)
				}
			}, f.w)
		showDialog(f.w, f.confirm)
		return
	}
	f.record(v, lines)
}

// record stores the visit in the background: a new one, or the change of
// the one being edited.
func (f *ExamForm) record(v clinic.Visit, lines visitLines) {
	f.Save.Disable()
	f.setStatus(lang.L("reg.saving"), widget.MediumImportance)
	save := f.d.Doctor.RecordVisit
	editing := f.editing
	if editing != nil {
		v.ID, save = editing.ID, f.d.Doctor.EditVisit
		if editing.SyncState == clinic.SyncCorrection && editing.VisitNo == "" {
			save = f.d.Doctor.CorrectVisit // PCare refused it: the change is its correction
		}
	}
	f.bg.run(nil, func(ctx context.Context) {
		saved, err := save(ctx, v)
		f.bg.ui(func() {
			current := f.reg != nil && f.reg.ID == v.RegistrationID && f.editing == editing
			if err != nil {
				if current {
					f.Save.Enable()
					f.showError(err, lines)
				}
				return
			}
			switch {
			case current && editing != nil:
				f.Save.Enable()
				f.setEditing(&saved)
				f.setStatus(lang.L("exam.edit.saved"), widget.SuccessImportance)
			case current:
				f.savedReg = *f.reg
				f.reg = nil
				f.saved = &saved
				f.setEnabled(false)
				f.KBKWarning.Hide()
				f.setStatus(lang.L("exam.saved"), widget.SuccessImportance)
				setVisible(saved.Referral != nil, f.PrintBtn)
				f.EditBtn.Show()
			}
			if f.OnSaved != nil {
				f.OnSaved(saved)
			}
		})
	})
}

// Saved is the visit stored last, nil until then.
func (f *ExamForm) Saved() *clinic.Visit { return f.saved }

func (f *ExamForm) showError(err error, lines visitLines) {
	var rest []string
	fields := clinic.FieldErrors(err)
	for _, fe := range fields {
		if !f.setLineError(lines, fe.Field, fe.Message) && !f.setFieldError(fe.Field, fe.Message) {
			rest = append(rest, fe.Message)
		}
	}
	text := errorText(err)
	if len(fields) > 0 && len(rest) == 0 {
		text = lang.L("reg.error.fix")
	} else if len(rest) > 0 {
		text = strings.Join(rest, " ")
	}
	f.setStatus(text, widget.DangerImportance)
	f.scrollToFirstError()
}

// setFieldError puts a service field error on its input: the visit's own
// fields, a vital sign, or "Referral.<Field>" in the referral section.
func (f *ExamForm) setFieldError(field, msg string) bool {
	if rest, ok := strings.CutPrefix(field, "Referral."); ok {
		return f.Referral.setError(rest, msg)
	}
	if field == "Referral" {
		return f.Referral.setError("", msg)
	}
	for _, v := range f.vitals {
		if v.field == field {
			v.entry.SetValidationError(errors.New(v.label + ": " + msg))
			return true
		}
	}
	return f.setError(field, msg)
}

func (f *ExamForm) setError(field, msg string) bool { return setFieldError(f.errs, field, msg) }

// setLineError puts a service error on a procedure or drug line
// ("Procedures[0].Fee", "Drugs[1].Quantity"); lines maps the visit's
// indices to the lines on screen.
func (f *ExamForm) setLineError(lines visitLines, field, msg string) bool {
	list, i, sub, ok := lineField(field)
	if !ok {
		return false
	}
	switch {
	case list == "Procedures" && i < len(lines.procs):
		lines.procs[i].setError(sub, msg)
	case list == "Drugs" && i < len(lines.drugs):
		lines.drugs[i].setError(sub, msg)
	default:
		return false
	}
	return true
}

// FieldError is the error shown for a field ("" when none): a Visit field
// name such as "Anamnesis", "Referral.TACC", or a line's field such as
// "Procedures[0].Fee" (the index counts the lines on screen).
func (f *ExamForm) FieldError(field string) string {
	if rest, ok := strings.CutPrefix(field, "Referral."); ok {
		return f.Referral.FieldError(rest)
	}
	if list, i, sub, ok := lineField(field); ok {
		switch {
		case list == "Procedures" && i < len(f.ProcLines):
			return f.ProcLines[i].Errors.get(sub)
		case list == "Drugs" && i < len(f.DrugLines):
			return f.DrugLines[i].Errors.get(sub)
		}
		return ""
	}
	if msg, ok := f.vitalErrs[field]; ok {
		return msg
	}
	if l, ok := f.errs[field]; ok && l.Visible() {
		return l.Text
	}
	return ""
}

func (f *ExamForm) clearErrors() {
	for field := range f.errs {
		f.setError(field, "")
	}
	for _, v := range f.vitals {
		v.entry.SetValidationError(nil)
		f.vitalErrs[v.field] = ""
	}
	for _, l := range f.ProcLines {
		l.clearErrors()
	}
	for _, l := range f.DrugLines {
		l.clearErrors()
	}
	f.Referral.ClearErrors()
	f.showVitalsErrors()
}

// showVitalsErrors lists the vital signs' problems under their grid, as
// the registration form does: under each narrow entry they would wrap.
func (f *ExamForm) showVitalsErrors() {
	var msgs []string
	for _, v := range f.vitals {
		if m := f.vitalErrs[v.field]; m != "" {
			msgs = append(msgs, m)
		}
	}
	if len(msgs) == 0 {
		setLabelError(f.VitalsError, nil)
		return
	}
	setLabelError(f.VitalsError, textError(strings.Join(msgs, "\n")))
}

// scrollToFirstError brings the first visible error into view: on a
// laptop most of the form is below the fold.
func (f *ExamForm) scrollToFirstError() {
	drv := fyne.CurrentApp().Driver()
	content := f.Scroll.Content
	top := float32(-1)
	check := func(l *widget.Label) {
		if !l.Visible() {
			return
		}
		y := drv.AbsolutePositionForObject(l).Y - drv.AbsolutePositionForObject(content).Y
		if top < 0 || y < top {
			top = y
		}
	}
	for _, l := range f.errs {
		check(l)
	}
	for _, l := range f.Referral.errs {
		check(l)
	}
	for _, l := range f.ProcLines {
		check(l.Errors.Label)
	}
	for _, l := range f.DrugLines {
		check(l.Errors.Label)
	}
	check(f.VitalsError)
	if top >= 0 {
		f.Scroll.ScrollToOffset(fyne.NewPos(0, max(0, top-80)))
	}
}

func (f *ExamForm) setStatus(text string, imp widget.Importance) {
	f.Status.Importance = imp
	f.Status.SetText(text)
}
