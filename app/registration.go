package app

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
)

// RegistrationForm is the visit registration (pendaftaran) for the
// participant on screen. It edits a copy of a clinic.Registration and lets
// the service validate it on save; each field error lands under its entry.
type RegistrationForm struct {
	Container fyne.CanvasObject

	Who       *widget.Label // whom the visit is for
	Poli      *Select
	Visit     *widget.RadioGroup // kunjungan sakit / sehat
	TKP       *widget.RadioGroup
	Complaint *TextArea // Tab moves on to the vitals, as everywhere on the desk
	Weight    *Entry
	Height    *Entry
	Systolic  *Entry
	Diastolic *Entry
	RespRate  *Entry
	HeartRate *Entry
	Waist     *Entry
	Submit    *Button
	Status    *widget.Label
	// VitalsError lists the vital signs' problems under their grid: under
	// each narrow entry a sentence would wrap to three lines and push the
	// button off a small screen. The entries themselves turn red.
	VitalsError *widget.Label

	// OnRegistered is called on the UI goroutine after a registration is stored.
	OnRegistered func(clinic.Registration)

	d     Deps
	bg    *background
	elig  *clinic.Eligibility
	polis []clinic.Poli
	// slots maps a clinic.Registration field name (as clinic.FieldError.Field
	// gives it) to its input and current error.
	slots map[string]*fieldSlot
	// vitals lists the numeric entries with the Vitals field each fills.
	vitals []vitalField
	sick   string
	// tkpOptions maps the radio's words to PCare's TKP codes.
	tkpOptions []tkpOption
	// fix is the refused registration the form corrects (see
	// StartCorrection in claims_fix.go); nil for a new registration.
	fix *clinic.Registration
}

// fieldSlot is one input's error: shown in its own label, or (vitals) in
// the shared VitalsError.
type fieldSlot struct {
	label *widget.Label // nil for vitals
	entry *Entry        // set when the entry has a validator (and so an error icon)
	msg   string
}

type vitalField struct {
	field string
	label string
	entry *Entry
	set   func(*clinic.Vitals, int)
}

type tkpOption struct {
	label string
	code  string
}

// NewRegistrationForm builds the form, disabled until SetEligibility.
func NewRegistrationForm(d Deps, bg *background) *RegistrationForm {
	f := &RegistrationForm{d: d, bg: bg, slots: map[string]*fieldSlot{}}

	f.Who = widget.NewLabel(lang.L("reg.who.none"))
	f.Who.Wrapping = fyne.TextWrapWord
	f.Who.TextStyle = fyne.TextStyle{Bold: true}

	f.Poli = newSelect(nil, nil)
	f.Poli.PlaceHolder = lang.L("reg.poli.loading")

	f.sick = lang.L("reg.visit.sick")
	f.Visit = widget.NewRadioGroup([]string{f.sick, lang.L("reg.visit.healthy")}, nil)
	f.Visit.Horizontal = true
	f.Visit.Required = true

	f.tkpOptions = []tkpOption{
		{lang.L("reg.tkp.outpatient"), clinic.TKPOutpatient},
		{lang.L("reg.tkp.inpatient"), clinic.TKPInpatient},
		{lang.L("reg.tkp.promotive"), clinic.TKPPromotive},
	}
	var tkpLabels []string
	for _, o := range f.tkpOptions {
		tkpLabels = append(tkpLabels, o.label)
	}
	f.TKP = widget.NewRadioGroup(tkpLabels, nil)
	f.TKP.Horizontal = true
	f.TKP.Required = true

	f.Complaint = newTextArea(2, lang.L("reg.complaint.placeholder"))

	num := func(field, label string, set func(*clinic.Vitals, int)) *Entry {
		e := newEntry()
		// The vitals' errors are listed together, so each names its entry.
		e.Validator = func(s string) error {
			if err := validateWholeNumber(s); err != nil {
				return errors.New(label + ": " + err.Error())
			}
			return nil
		}
		f.vitals = append(f.vitals, vitalField{field: field, label: label, entry: e, set: set})
		return e
	}
	f.Weight = num("WeightKg", lang.L("reg.weight"), func(v *clinic.Vitals, n int) { v.WeightKg = n })
	f.Height = num("HeightCm", lang.L("reg.height"), func(v *clinic.Vitals, n int) { v.HeightCm = n })
	f.Waist = num("WaistCm", lang.L("reg.waist"), func(v *clinic.Vitals, n int) { v.WaistCm = n })
	f.Systolic = num("Systolic", lang.L("reg.systolic"), func(v *clinic.Vitals, n int) { v.Systolic = n })
	f.Diastolic = num("Diastolic", lang.L("reg.diastolic"), func(v *clinic.Vitals, n int) { v.Diastolic = n })
	f.RespRate = num("RespRate", lang.L("reg.resp"), func(v *clinic.Vitals, n int) { v.RespRate = n })
	f.HeartRate = num("HeartRate", lang.L("reg.heart"), func(v *clinic.Vitals, n int) { v.HeartRate = n })

	f.Submit = newButtonWithIcon(lang.L("reg.submit"), theme.ConfirmIcon(), f.save)
	f.Submit.Importance = widget.HighImportance
	f.Status = widget.NewLabel("")
	f.Status.Wrapping = fyne.TextWrapWord

	f.VitalsError = dangerLabel()

	// An entry's own validator (numbers only) and the service's field
	// errors both land in the same slot.
	slot := func(field string, input fyne.CanvasObject, label *widget.Label) *fieldSlot {
		sl := &fieldSlot{label: label}
		f.slots[field] = sl
		if e, ok := input.(*Entry); ok && e.Validator != nil {
			// Only entries with a validator lay out an error icon; the
			// complaint shows its error in the label alone.
			sl.entry = e
			e.AlwaysShowValidationError = true
			e.SetOnValidationChanged(func(err error) {
				sl.msg = ""
				if err != nil {
					sl.msg = err.Error()
				}
				f.showSlot(sl)
			})
		}
		return sl
	}
	withError := func(field string, input fyne.CanvasObject) fyne.CanvasObject {
		l := dangerLabel()
		slot(field, input, l)
		return container.NewVBox(input, l)
	}
	key := func(k string) *widget.Label {
		return widget.NewLabelWithStyle(k, fyne.TextAlignTrailing, fyne.TextStyle{})
	}
	vital := func(e *Entry) []fyne.CanvasObject {
		for _, v := range f.vitals {
			if v.entry == e {
				slot(v.field, e, nil)
				return []fyne.CanvasObject{key(v.label), e}
			}
		}
		panic("vital entry not registered")
	}
	// Three short columns grouped as nurses measure: body, blood pressure,
	// breathing and pulse. Three rows at most keep the button on screen.
	vitals := container.NewGridWithColumns(3,
		container.New(layout.NewFormLayout(), concat(vital(f.Weight), vital(f.Height), vital(f.Waist))...),
		container.New(layout.NewFormLayout(), concat(vital(f.Systolic), vital(f.Diastolic))...),
		container.New(layout.NewFormLayout(), concat(vital(f.RespRate), vital(f.HeartRate))...),
	)
	top := container.New(layout.NewFormLayout(),
		key(lang.L("reg.poli")), withError("PoliCode", f.Poli),
		key(lang.L("reg.visit")), withError("Sick", f.Visit),
		key(lang.L("reg.tkp")), withError("TKP", f.TKP),
		key(lang.L("reg.complaint")), withError("Complaint", f.Complaint),
	)
	f.Container = container.NewVBox(
		f.Who,
		top,
		widget.NewLabelWithStyle(lang.L("reg.vitals"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		vitals,
		f.VitalsError,
		// The outcome sits beside the button that caused it.
		container.NewBorder(nil, nil, f.Submit, nil, f.Status),
	)
	f.Reset()
	return f
}

func concat(parts ...[]fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// validateWholeNumber accepts an empty entry (not measured) or digits only:
// vital signs are whole numbers in PCare, and "65,5" or "12O" must be
// caught before they become a silent zero.
func validateWholeNumber(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if strings.Trim(s, "0123456789") != "" || len(s) > 6 {
		return errors.New(lang.L("reg.error.number"))
	}
	return nil
}

func setLabelError(l *widget.Label, err error) {
	if err == nil {
		l.SetText("")
		l.Hide()
		return
	}
	l.SetText(err.Error())
	l.Show()
}

// setFieldError shows msg under field's input, from a form's field → label
// map ("" clears); it reports whether the form has such a field.
func setFieldError(errs map[string]*widget.Label, field, msg string) bool {
	l, ok := errs[field]
	if !ok {
		return false
	}
	if msg == "" {
		setLabelError(l, nil)
	} else {
		setLabelError(l, textError(msg))
	}
	return true
}

// showSlot shows a slot's error where it belongs.
func (f *RegistrationForm) showSlot(sl *fieldSlot) {
	if sl.label != nil {
		if sl.msg == "" {
			setLabelError(sl.label, nil)
		} else {
			setLabelError(sl.label, textError(sl.msg))
		}
		return
	}
	var msgs []string
	for _, v := range f.vitals {
		if m := f.slots[v.field].msg; m != "" {
			msgs = append(msgs, m)
		}
	}
	if len(msgs) == 0 {
		setLabelError(f.VitalsError, nil)
		return
	}
	setLabelError(f.VitalsError, textError(strings.Join(msgs, "\n")))
}

// LoadPolis fetches the poli list off the UI goroutine (it may ask PCare).
func (f *RegistrationForm) LoadPolis() {
	svc := f.d.Clinic
	f.bg.run(nil, func(ctx context.Context) {
		polis, err := svc.Polis(ctx)
		f.bg.ui(func() {
			if err != nil {
				f.Poli.PlaceHolder = lang.L("reg.poli.failed")
				f.Poli.Refresh()
				f.setStatus(errorText(err), widget.DangerImportance)
				return
			}
			f.setPolis(polis)
		})
	})
}

func (f *RegistrationForm) setPolis(polis []clinic.Poli) {
	f.polis = polis
	var names []string
	for _, p := range polis {
		names = append(names, p.Name)
	}
	f.Poli.PlaceHolder = lang.L("reg.poli.choose")
	f.Poli.SetOptions(names)
	if f.fix != nil {
		// A correction starts from the refused poli when the list has it;
		// a code PCare does not know leaves the choice to the person.
		for i, p := range polis {
			if p.Code == f.fix.PoliCode {
				f.Poli.SetSelectedIndex(i)
			}
		}
	}
}

// Polis is the list the poli choice offers.
func (f *RegistrationForm) Polis() []clinic.Poli { return f.polis }

// SetEligibility says whom the form registers and enables it; nil disables
// it. The typed values stay: a background re-check replacing an offline
// answer must not wipe what the nurse typed.
func (f *RegistrationForm) SetEligibility(e *clinic.Eligibility) {
	f.elig = e
	if e == nil {
		f.Who.SetText(lang.L("reg.who.none"))
		f.setEnabled(false)
		return
	}
	if e.Verified && !e.Participant.Active {
		// PCare says the card is not active: the service would refuse, so
		// say why now instead of after the nurse has typed the vitals.
		f.Who.SetText(lang.L("reg.who.inactive", map[string]any{"Name": e.Participant.Name}))
		f.setEnabled(false)
		return
	}
	f.Who.SetText(lang.L("reg.who", map[string]any{"Name": e.Participant.Name, "Card": e.Participant.CardNo}))
	f.setEnabled(true)
}

// Reset clears the form and disables it until the next participant.
func (f *RegistrationForm) Reset() {
	f.clear()
	f.setStatus("", widget.MediumImportance)
	f.SetEligibility(nil)
}

func (f *RegistrationForm) clear() {
	f.Poli.ClearSelected()
	f.Visit.SetSelected(f.sick)
	f.TKP.SetSelected(f.tkpOptions[0].label)
	f.Complaint.SetText("")
	for _, v := range f.vitals {
		v.entry.SetText("")
	}
	f.clearErrors()
}

func (f *RegistrationForm) clearErrors() {
	for _, sl := range f.slots {
		if sl.entry != nil {
			sl.entry.SetValidationError(nil)
		}
		sl.msg = ""
		f.showSlot(sl)
	}
}

func (f *RegistrationForm) setEnabled(on bool) {
	type enabler interface {
		Enable()
		Disable()
	}
	all := []enabler{f.Poli, f.Visit, f.TKP, f.Complaint, f.Submit}
	for _, v := range f.vitals {
		all = append(all, v.entry)
	}
	for _, w := range all {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
}

func (f *RegistrationForm) setStatus(text string, imp widget.Importance) {
	f.Status.Importance = imp
	f.Status.SetText(text)
}

// FieldError is the error shown for a field's input ("" when none); field
// is the clinic.Registration field name, e.g. "Systolic" or "PoliCode".
func (f *RegistrationForm) FieldError(field string) string {
	if sl, ok := f.slots[field]; ok {
		return sl.msg
	}
	return ""
}

func (f *RegistrationForm) setFieldError(field, msg string) bool {
	sl, ok := f.slots[field]
	if !ok {
		return false
	}
	if sl.entry != nil {
		// Shows the entry's error icon; its hook fills the slot.
		sl.entry.SetValidationError(errors.New(msg))
		return true
	}
	sl.msg = msg
	f.showSlot(sl)
	return true
}

// record reads the inputs into a copy of a registration. It reports false
// when an entry holds something that is not a number; those entries then
// carry their error.
func (f *RegistrationForm) record() (clinic.Registration, bool) {
	var r clinic.Registration
	ok := true
	for _, v := range f.vitals {
		text := strings.TrimSpace(v.entry.Text)
		if err := validateWholeNumber(text); err != nil {
			f.setFieldError(v.field, err.Error())
			ok = false
			continue
		}
		if text != "" {
			n, _ := strconv.Atoi(text)
			v.set(&r.Vitals, n)
		}
	}
	if i := f.Poli.SelectedIndex(); i >= 0 && i < len(f.polis) {
		r.PoliCode, r.PoliName = f.polis[i].Code, f.polis[i].Name
	}
	r.Sick = f.Visit.Selected == f.sick
	for _, o := range f.tkpOptions {
		if o.label == f.TKP.Selected {
			r.TKP = o.code
		}
	}
	r.Complaint = f.Complaint.Text
	return r, ok
}

func (f *RegistrationForm) save() {
	if f.fix != nil {
		f.saveCorrection()
		return
	}
	if f.elig == nil {
		return
	}
	f.clearErrors()
	r, ok := f.record()
	if !ok {
		f.setStatus(lang.L("reg.error.fix"), widget.DangerImportance)
		return
	}
	elig := *f.elig
	f.Submit.Disable()
	f.setStatus(lang.L("reg.saving"), widget.MediumImportance)
	svc := f.d.Clinic
	f.bg.run(nil, func(ctx context.Context) {
		saved, err := svc.Register(ctx, elig, r)
		f.bg.ui(func() {
			if f.elig != nil {
				f.Submit.Enable()
			}
			if err != nil {
				f.showError(err)
				return
			}
			f.clear()
			f.setStatus(registeredText(saved), widget.SuccessImportance)
			if f.OnRegistered != nil {
				f.OnRegistered(saved)
			}
		})
	})
}

func (f *RegistrationForm) showError(err error) {
	var rest []string
	for _, fe := range clinic.FieldErrors(err) {
		if !f.setFieldError(fe.Field, fe.Message) {
			rest = append(rest, fe.Message) // not a form field (card, date): say it below
		}
	}
	text := errorText(err)
	if len(clinic.FieldErrors(err)) > 0 && len(rest) == 0 {
		text = lang.L("reg.error.fix")
	} else if len(rest) > 0 {
		text = strings.Join(rest, " ")
	}
	f.setStatus(text, widget.DangerImportance)
}

func registeredText(r clinic.Registration) string {
	text := lang.L("reg.done.waiting")
	if r.QueueNo != "" {
		text = lang.L("reg.done.queue", map[string]any{"No": r.QueueNo})
	}
	if r.Unverified {
		text += " " + lang.L("reg.done.unverified")
	}
	return text
}
