package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/claims"
	"fktpdesk/clinic"
	"fktpdesk/referral"
)

// FixRegistration opens the registration of a refused item in a dialog,
// prefilled, to correct and queue again.
func (s *ClaimsScreen) FixRegistration(it claims.Item) {
	store := s.d.Clinic.Store
	s.bg.run(nil, func(ctx context.Context) {
		r, err := store.Registration(ctx, it.EntityID)
		s.bg.ui(func() {
			if err != nil {
				s.setStatus(errorText(err), widget.DangerImportance)
				return
			}
			s.openRegistrationFix(r, it)
		})
	})
}

func (s *ClaimsScreen) openRegistrationFix(r clinic.Registration, it claims.Item) {
	f := NewRegistrationForm(s.d, s.bg)
	f.StartCorrection(r)
	f.LoadPolis()
	f.OnRegistered = func(saved clinic.Registration) {
		s.closeFix()
		s.afterCorrection(lang.L("claims.fixed", map[string]any{"Name": dash(saved.PatientName)}))
	}
	refusal := widget.NewLabel(refusalText(it))
	refusal.Wrapping = fyne.TextWrapWord
	refusal.Importance = widget.DangerImportance
	s.RegFix = f
	s.showFix(lang.L("claims.fix.registration.title"), container.NewVBox(refusal, widget.NewSeparator(), f.Container),
		fyne.NewSize(900, 600))
}

// showFix shows a correction form in a dialog whose only button closes it
// without saving: the form has its own save button and shows its errors.
func (s *ClaimsScreen) showFix(title string, content fyne.CanvasObject, size fyne.Size) {
	d := dialog.NewCustom(title, lang.L("common.cancel"), container.NewVScroll(content), s.w)
	d.SetOnClosed(func() {
		s.RegFix, s.VisitFix, s.fixDialog = nil, nil, nil
	})
	d.Resize(size)
	s.fixDialog = d
	showDialog(s.w, d)
}

func (s *ClaimsScreen) closeFix() {
	if s.fixDialog != nil {
		s.fixDialog.Hide() // SetOnClosed clears the fields
	}
}

// afterCorrection asks the worker to send the corrected record at once.
func (s *ClaimsScreen) afterCorrection(msg string) {
	s.d.Worker.Kick()
	s.setStatus(msg, widget.SuccessImportance)
	s.Refresh()
}

// StartCorrection turns the form into the correction of r, a registration
// PCare refused: prefilled, enabled, saving through CorrectRegistration.
// The participant and the date are not the form's to change.
func (f *RegistrationForm) StartCorrection(r clinic.Registration) {
	f.fix = &r
	f.Who.SetText(lang.L("claims.fix.who", map[string]any{"Name": dash(r.PatientName), "Card": r.CardNo, "Date": formatDate(r.Date)}))
	f.Submit.SetText(lang.L("claims.fix.save"))
	if r.Sick {
		f.Visit.SetSelected(f.sick)
	} else {
		f.Visit.SetSelected(lang.L("reg.visit.healthy"))
	}
	for _, o := range f.tkpOptions {
		if o.code == r.TKP {
			f.TKP.SetSelected(o.label)
		}
	}
	f.Complaint.SetText(r.Complaint)
	for _, v := range f.vitals {
		if n := vitalValue(r.Vitals, v.field); n != 0 {
			v.entry.SetText(strconv.Itoa(n))
		}
	}
	if len(f.polis) > 0 {
		f.setPolis(f.polis)
	}
	f.setEnabled(true)
}

// vitalValue reads the Vitals field the form's entry named field fills.
func vitalValue(v clinic.Vitals, field string) int {
	switch field {
	case "WeightKg":
		return v.WeightKg
	case "HeightCm":
		return v.HeightCm
	case "WaistCm":
		return v.WaistCm
	case "Systolic":
		return v.Systolic
	case "Diastolic":
		return v.Diastolic
	case "RespRate":
		return v.RespRate
	case "HeartRate":
		return v.HeartRate
	}
	return 0
}

func (f *RegistrationForm) saveCorrection() {
	f.clearErrors()
	r, ok := f.record()
	if !ok {
		f.setStatus(lang.L("reg.error.fix"), widget.DangerImportance)
		return
	}
	r.ID = f.fix.ID
	// The desk's form has no temperature; the one measured stays.
	r.Vitals.Temperature = f.fix.Vitals.Temperature
	f.Submit.Disable()
	f.setStatus(lang.L("reg.saving"), widget.MediumImportance)
	svc := f.d.Clinic
	f.bg.run(nil, func(ctx context.Context) {
		saved, err := svc.CorrectRegistration(ctx, r)
		f.bg.ui(func() {
			f.Submit.Enable()
			if err != nil {
				f.showError(err)
				return
			}
			f.setStatus(lang.L("claims.fixed", map[string]any{"Name": dash(saved.PatientName)}), widget.SuccessImportance)
			if f.OnRegistered != nil {
				f.OnRegistered(saved)
			}
		})
	})
}

// VisitFixForm corrects what PCare most often refuses in a visit: the
// doctor, the main diagnosis code, and the TACC reason of a referral. The
// rest of the examination is kept as recorded.
type VisitFixForm struct {
	Container  fyne.CanvasObject
	Who        *widget.Label
	Doctor     *CodeSelect
	Diagnosis  *Entry // the main diagnosis' ICD-10 code
	TACC       *Select
	TACCReason *Select
	// TACCComplication is the complication's ICD-10 code, the reason of
	// TACC "Complication".
	TACCComplication *Entry
	Save             *Button
	Status           *widget.Label

	// OnSaved is called on the UI goroutine after the correction is stored.
	OnSaved func(clinic.Visit)

	d     Deps
	bg    *background
	visit clinic.Visit
}

// FixVisit opens the visit of a refused item in a compact dialog.
func (s *ClaimsScreen) FixVisit(it claims.Item) {
	visits := s.d.Doctor.Visits
	s.bg.run(nil, func(ctx context.Context) {
		v, err := visits.Visit(ctx, it.EntityID)
		s.bg.ui(func() {
			if err != nil {
				s.setStatus(errorText(err), widget.DangerImportance)
				return
			}
			f := NewVisitFixForm(s.d, s.bg, v)
			f.OnSaved = func(saved clinic.Visit) {
				s.closeFix()
				s.afterCorrection(lang.L("claims.fixed", map[string]any{"Name": dash(saved.PatientName)}))
			}
			refusal := widget.NewLabel(refusalText(it))
			refusal.Wrapping = fyne.TextWrapWord
			refusal.Importance = widget.DangerImportance
			s.VisitFix = f
			s.showFix(lang.L("claims.fix.visit.title"), container.NewVBox(refusal, widget.NewSeparator(), f.Container),
				fyne.NewSize(760, 520))
		})
	})
}

// NewVisitFixForm builds the correction of v and loads the doctor list.
func NewVisitFixForm(d Deps, bg *background, v clinic.Visit) *VisitFixForm {
	f := &VisitFixForm{d: d, bg: bg, visit: v}
	f.Who = widget.NewLabelWithStyle(lang.L("claims.fix.who", map[string]any{"Name": dash(v.PatientName), "Card": v.CardNo, "Date": formatDate(v.Date)}),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.Who.Wrapping = fyne.TextWrapWord
	own := []clinic.Code{{Code: v.DoctorCode, Name: orElse(v.DoctorName, v.DoctorCode)}}
	f.Doctor = newCodeSelect(own, lang.L("exam.doctor.choose"))
	f.Doctor.SelectCode(v.DoctorCode)
	f.Diagnosis = newEntry()
	f.Diagnosis.SetPlaceHolder("J06.9")
	f.Diagnosis.SetText(v.MainDiagnosis().Code)

	var taccNames []string
	for _, c := range taccCodes {
		taccNames = append(taccNames, lang.L(fmt.Sprintf("ref.tacc.%d", c)))
	}
	f.TACCReason = newSelect(nil, nil)
	f.TACCReason.PlaceHolder = lang.L("ref.tacc.reason.choose")
	f.TACCComplication = newEntry()
	f.TACCComplication.SetPlaceHolder(lang.L("ref.tacc.complication.placeholder"))
	f.TACC = newSelect(taccNames, func(string) { f.showReason() })
	f.TACC.PlaceHolder = lang.L("ref.tacc.choose")
	if v.Referral != nil {
		for i, c := range taccCodes {
			if c == v.Referral.TACC {
				f.TACC.SetSelectedIndex(i)
			}
		}
		f.showReason()
		if v.Referral.TACC == referral.TACCComplication {
			f.TACCComplication.SetText(v.Referral.TACCReason)
		} else if v.Referral.TACCReason != "" {
			f.TACCReason.SetSelected(v.Referral.TACCReason)
		}
	} else {
		f.showReason()
	}

	f.Save = newButtonWithIcon(lang.L("claims.fix.save"), theme.ConfirmIcon(), f.save)
	f.Save.Importance = widget.HighImportance
	f.Status = widget.NewLabel("")
	f.Status.Wrapping = fyne.TextWrapWord

	key := func(k string) *widget.Label {
		return widget.NewLabelWithStyle(k, fyne.TextAlignTrailing, fyne.TextStyle{})
	}
	rows := []fyne.CanvasObject{
		key(lang.L("claims.fix.doctor")), f.Doctor.Select,
		key(lang.L("claims.fix.diagnosis")), f.Diagnosis,
	}
	if v.Referral != nil {
		rows = append(rows,
			key(lang.L("claims.fix.tacc")), f.TACC,
			key(lang.L("claims.fix.tacc_reason")), container.NewStack(f.TACCReason, f.TACCComplication))
	}
	f.Container = container.NewVBox(f.Who, container.New(layout.NewFormLayout(), rows...),
		container.NewBorder(nil, nil, f.Save, nil, f.Status))

	if d.Doctor != nil && d.Doctor.Refs != nil {
		refs := d.Doctor.Refs
		bg.run(nil, func(ctx context.Context) {
			docs, err := refs.Doctors(ctx)
			bg.ui(func() {
				if err == nil && len(docs) > 0 {
					f.Doctor.SetCodes(docs)
				}
			})
		})
	}
	return f
}

func (f *VisitFixForm) taccCode() int {
	if i := f.TACC.SelectedIndex(); i >= 0 && i < len(taccCodes) {
		return taccCodes[i]
	}
	return referral.TACCNone
}

func (f *VisitFixForm) showReason() {
	code := f.taccCode()
	if code == referral.TACCComplication {
		f.TACCReason.Hide()
		f.TACCComplication.Show()
		return
	}
	f.TACCComplication.Hide()
	f.TACCReason.Show()
	f.TACCReason.SetOptions(referral.TACCReasons[code])
	f.TACCReason.ClearSelected()
}

// Visit is the visit as the form would save it.
func (f *VisitFixForm) record() clinic.Visit {
	v := f.visit
	if c := f.Doctor.Chosen(); c.Code != "" {
		v.DoctorCode, v.DoctorName = c.Code, c.Name
	}
	code := strings.ToUpper(strings.TrimSpace(f.Diagnosis.Text))
	diags := append([]clinic.Diagnosis(nil), v.Diagnoses...)
	if len(diags) == 0 {
		diags = []clinic.Diagnosis{{}}
	}
	if code != diags[0].Code {
		diags[0] = clinic.Diagnosis{Code: code, Name: code, NonSpecialist: clinic.IsNonSpecialist(code)}
	}
	v.Diagnoses = diags
	if v.Referral != nil {
		ref := *v.Referral
		ref.TACC = f.taccCode()
		if ref.TACC == referral.TACCComplication {
			ref.TACCReason = strings.TrimSpace(f.TACCComplication.Text)
		} else {
			ref.TACCReason = f.TACCReason.Selected
		}
		v.Referral = &ref
	}
	return v
}

func (f *VisitFixForm) setStatus(text string, imp widget.Importance) {
	f.Status.Importance = imp
	f.Status.SetText(text)
}

func (f *VisitFixForm) save() {
	v := f.record()
	desk := f.d.Doctor
	f.Save.Disable()
	f.setStatus(lang.L("reg.saving"), widget.MediumImportance)
	f.bg.run(nil, func(ctx context.Context) {
		// A new code takes its name from the diagnosis list, as the exam
		// form would have.
		if main := &v.Diagnoses[0]; main.Name == main.Code && main.Code != "" {
			if found, err := desk.SearchDiagnoses(ctx, main.Code, 5); err == nil {
				for _, dg := range found {
					if strings.EqualFold(dg.Code, main.Code) {
						*main = dg
					}
				}
			}
		}
		saved, err := desk.CorrectVisit(ctx, v)
		f.bg.ui(func() {
			f.Save.Enable()
			if err != nil {
				text := errorText(err)
				var msgs []string
				for _, fe := range clinic.FieldErrors(err) {
					msgs = append(msgs, fe.Message)
				}
				if len(msgs) > 0 {
					text = strings.Join(msgs, "\n")
				}
				f.setStatus(text, widget.DangerImportance)
				return
			}
			f.setStatus(lang.L("claims.fixed", map[string]any{"Name": dash(saved.PatientName)}), widget.SuccessImportance)
			if f.OnSaved != nil {
				f.OnSaved(saved)
			}
		})
	})
}
