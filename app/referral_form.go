package app

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
	"fktpdesk/referral"
)

// Hospital table columns.
const (
	colHospName = iota
	colHospClass
	colHospDistance
	colHospSchedule
	colHospLoad
	colHospPct
)

// taccCodes are the TACC choices in the order the select offers them.
var taccCodes = []int{referral.TACCTime, referral.TACCAge, referral.TACCComplication, referral.TACCComorbidity}

// ReferralSection is the referral (rujukan) part of the examination: where
// to, when, which hospital, and — for a diagnosis the FKTP must handle
// itself — the TACC reason. It edits a copy; the service's Check decides.
type ReferralSection struct {
	Container fyne.CanvasObject

	Kind          *widget.RadioGroup
	Specialist    *CodeSelect
	SubSpecialist *Select
	Facility      *CodeSelect // sarana, optional: its first entry is "none"
	Special       *CodeSelect
	Note          *Entry
	PlannedDate   *DateField

	FindBtn       *Button
	HospitalsHint *widget.Label
	Hospitals     *widget.Table
	Chosen        *widget.Label // the picked hospital

	// Kept shows the stored destination of a visit being changed, with
	// ChangeDest to pick another one instead (see Keep).
	Kept       *widget.Label
	ChangeDest *Button

	TACCBox          *fyne.Container
	TACCWarning      *widget.Label
	TACC             *Select
	TACCReason       *Select
	TACCComplication *Entry // free text for Complication

	// OnChanged is called when anything the save bar depends on changes.
	OnChanged func()

	d    Deps
	bg   *background
	refs *refCache

	kindSub, kindSpecial string
	noFacility           string
	subs                 []clinic.SubSpecialist
	hospitals            []clinic.Hospital
	hospital             *clinic.Hospital
	nonSpecialist        bool
	mainDiagnosis        string
	cardNo               string
	searchGen            int
	loaded               bool

	errs map[string]*widget.Label // Referral field name → its error label
	rows map[string]formRow       // rows shown or hidden by the kind

	// kept is the recorded referral while its destination stays as it is;
	// where holds the inputs that pick a destination, hidden meanwhile.
	kept    *referral.Referral
	keptBox fyne.CanvasObject
	where   []fyne.CanvasObject
}

// formRow is a label and its input in a form layout; hiding both removes
// the row.
type formRow struct {
	label   *widget.Label
	content fyne.CanvasObject
}

func (r formRow) show(on bool) { setVisible(on, r.label, r.content) }

func newReferralSection(d Deps, bg *background, refs *refCache) *ReferralSection {
	s := &ReferralSection{d: d, bg: bg, refs: refs, errs: map[string]*widget.Label{}, rows: map[string]formRow{}}
	s.kindSub, s.kindSpecial = lang.L("ref.kind.sub"), lang.L("ref.kind.special")
	s.noFacility = lang.L("ref.facility.none")

	s.Kind = widget.NewRadioGroup([]string{s.kindSub, s.kindSpecial}, func(string) {
		s.showKind()
		s.clearHospitals()
	})
	s.Kind.Horizontal = true
	s.Kind.Required = true

	s.Specialist = newCodeSelect(nil, lang.L("ref.loading"))
	s.Specialist.OnChanged = func(string) { s.loadSubs() }
	s.SubSpecialist = newSelect(nil, func(string) { s.clearHospitals() })
	s.SubSpecialist.PlaceHolder = lang.L("ref.sub.first")
	s.Facility = newCodeSelect(nil, lang.L("ref.loading"))
	s.Facility.OnChanged = func(string) { s.clearHospitals() }
	s.Special = newCodeSelect(nil, lang.L("ref.loading"))
	s.Special.OnChanged = func(string) {
		s.showKind()
		s.clearHospitals()
	}
	s.Note = newEntry()
	s.Note.SetPlaceHolder(lang.L("ref.note.placeholder"))
	s.PlannedDate = newDateField(d.now)
	s.PlannedDate.OnChanged = func(time.Time) { s.clearHospitals() }

	s.FindBtn = newButtonWithIcon(lang.L("ref.find"), theme.SearchIcon(), s.FindHospitals)
	s.HospitalsHint = widget.NewLabel("")
	s.HospitalsHint.Wrapping = fyne.TextWrapWord
	s.HospitalsHint.Hide()
	s.Hospitals = s.newHospitalTable()
	s.Chosen = widget.NewLabel(lang.L("ref.hospital.none"))
	s.Chosen.Wrapping = fyne.TextWrapWord
	s.Chosen.TextStyle = fyne.TextStyle{Bold: true}

	s.TACCWarning = widget.NewLabel("")
	s.TACCWarning.Wrapping = fyne.TextWrapWord
	s.TACCWarning.TextStyle = fyne.TextStyle{Bold: true}
	var taccNames []string
	for _, c := range taccCodes {
		taccNames = append(taccNames, lang.L(fmt.Sprintf("ref.tacc.%d", c)))
	}
	s.TACC = newSelect(taccNames, func(string) { s.showTACCReason() })
	s.TACC.PlaceHolder = lang.L("ref.tacc.choose")
	s.TACCReason = newSelect(nil, nil)
	s.TACCReason.PlaceHolder = lang.L("ref.tacc.reason.choose")
	s.TACCComplication = newEntry()
	s.TACCComplication.SetPlaceHolder(lang.L("ref.tacc.complication.placeholder"))
	s.TACCComplication.Hide()

	key := func(k string) *widget.Label {
		return widget.NewLabelWithStyle(k, fyne.TextAlignTrailing, fyne.TextStyle{})
	}
	withError := func(field string, input fyne.CanvasObject) fyne.CanvasObject {
		l := dangerLabel()
		s.errs[field] = l
		return container.NewVBox(input, l)
	}
	row := func(name, label string, content fyne.CanvasObject) []fyne.CanvasObject {
		r := formRow{key(label), content}
		s.rows[name] = r
		return []fyne.CanvasObject{r.label, r.content}
	}
	findRow := container.NewBorder(nil, nil, s.FindBtn, nil, s.HospitalsHint)
	where := container.New(layout.NewFormLayout(), concat(
		row("kind", lang.L("ref.kind"), withError("Kind", s.Kind)),
		row("specialist", lang.L("ref.specialist"), withError("SpecialistCode", s.Specialist.Select)),
		row("sub", lang.L("ref.sub"), withError("SubSpecialistCode", s.SubSpecialist)),
		row("facility", lang.L("ref.facility"), s.Facility.Select),
		row("special", lang.L("ref.special"), withError("SpecialCode", s.Special.Select)),
		row("note", lang.L("ref.note"), withError("Note", s.Note)),
		row("date", lang.L("ref.date"), withError("PlannedDate", s.PlannedDate.Entry)),
		row("find", "", findRow),
	)...)

	s.TACCBox = container.NewVBox(
		container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, s.TACCWarning),
		container.New(layout.NewFormLayout(),
			key(lang.L("ref.tacc")), withError("TACC", s.TACC),
			key(lang.L("ref.tacc.reason")), withError("TACCReason", container.NewStack(s.TACCReason, s.TACCComplication)),
		),
	)
	s.TACCBox.Hide()

	s.Kept = widget.NewLabel("")
	s.Kept.Wrapping = fyne.TextWrapWord
	s.Kept.TextStyle = fyne.TextStyle{Bold: true}
	s.ChangeDest = newButtonWithIcon(lang.L("ref.kept.change"), theme.DocumentCreateIcon(), s.Release)
	keptHint := widget.NewLabel(lang.L("ref.kept.hint"))
	keptHint.Wrapping = fyne.TextWrapWord
	keptHint.Importance = widget.LowImportance
	s.keptBox = container.NewVBox(s.Kept, keptHint, container.NewHBox(s.ChangeDest))
	s.keptBox.Hide()

	top := dangerLabel()
	s.errs[""] = top // "Referral" as a whole
	// Where-to beside the TACC part (both short forms), then the hospital
	// list across the whole width: names and schedules are long, and a
	// truncated schedule is what the patient asks about.
	hospitals := container.New(minHeight{6 * 38}, s.Hospitals)
	chosen := withError("HospitalCode", container.NewBorder(nil, nil, widget.NewLabel(lang.L("ref.hospital")), nil, s.Chosen))
	s.where = []fyne.CanvasObject{where, hospitals, chosen}
	s.Container = container.NewVBox(
		widget.NewLabelWithStyle(lang.L("ref.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		top,
		container.NewGridWithColumns(2, container.NewStack(where, s.keptBox), s.TACCBox),
		hospitals,
		chosen,
	)
	s.showKind()
	return s
}

func (s *ReferralSection) newHospitalTable() *widget.Table {
	headers := []string{
		lang.L("ref.col.name"), lang.L("ref.col.class"), lang.L("ref.col.distance"),
		lang.L("ref.col.schedule"), lang.L("ref.col.load"), lang.L("ref.col.pct"),
	}
	t := labelTable(headers, []float32{320, 60, 80, 340, 110, 70},
		func() int { return len(s.hospitals) },
		func(l *widget.Label, row, col int) {
			text, imp := hospitalCell(s.hospitals[row], col, s.hospital)
			l.Importance = imp
			l.SetText(text)
		})
	t.OnSelected = func(id widget.TableCellID) {
		t.UnselectAll()
		s.PickHospital(id.Row)
	}
	return t
}

// hospitalCell is one cell of the hospital list, from the in-memory row.
func hospitalCell(h clinic.Hospital, col int, chosen *clinic.Hospital) (string, widget.Importance) {
	imp := widget.MediumImportance
	if chosen != nil && chosen.Code == h.Code {
		imp = widget.HighImportance
	}
	switch col {
	case colHospName:
		return h.Name, imp
	case colHospClass:
		return dash(h.Class), imp
	case colHospDistance:
		return fmt.Sprintf("%.1f km", h.Distance), imp
	case colHospSchedule:
		return dash(h.Schedule), imp
	case colHospLoad:
		if !h.Available {
			return lang.L("ref.full", map[string]any{"N": h.Referred, "Cap": h.Capacity}), widget.DangerImportance
		}
		if h.Capacity == 0 {
			return fmt.Sprintf("%d/—", h.Referred), imp
		}
		return fmt.Sprintf("%d/%d", h.Referred, h.Capacity), imp
	case colHospPct:
		return fmt.Sprintf("%.0f%%", h.LoadPct), imp
	}
	return "", imp
}

// Load fetches the reference lists the section picks from (once per
// window; later calls answer from the cache).
func (s *ReferralSection) Load() {
	if s.loaded {
		return
	}
	s.loaded = true
	refs := s.d.Doctor.Refs
	fill := func(sel *CodeSelect, choose string, extra []clinic.Code) func([]clinic.Code, error) {
		return func(l []clinic.Code, err error) {
			if err != nil {
				s.loaded = false // try again next time the section opens
				sel.PlaceHolder = lang.L("ref.load.failed")
				sel.Refresh()
				s.setError("", errorText(err))
				return
			}
			sel.PlaceHolder = choose
			sel.SetCodes(append(extra, l...))
		}
	}
	s.refs.codes("specialists", refs.Specialists, fill(s.Specialist, lang.L("ref.specialist.choose"), nil))
	s.refs.codes("facilities", refs.Facilities, fill(s.Facility, s.noFacility, []clinic.Code{{Code: "", Name: s.noFacility}}))
	s.refs.codes("specials", refs.SpecialCases, fill(s.Special, lang.L("ref.special.choose"), nil))
}

func (s *ReferralSection) loadSubs() {
	s.subs = nil
	s.SubSpecialist.Options = nil
	s.SubSpecialist.ClearSelected()
	s.clearHospitals()
	code := s.Specialist.Code()
	if code == "" {
		s.SubSpecialist.PlaceHolder = lang.L("ref.sub.first")
		s.SubSpecialist.Refresh()
		return
	}
	s.SubSpecialist.PlaceHolder = lang.L("ref.loading")
	s.SubSpecialist.Refresh()
	s.refs.subSpecialists(s.d.Doctor.Refs, code, func(l []clinic.SubSpecialist, err error) {
		if s.Specialist.Code() != code {
			return // another speciality was chosen meanwhile
		}
		if err != nil {
			s.SubSpecialist.PlaceHolder = lang.L("ref.load.failed")
			s.SubSpecialist.Refresh()
			s.setError("SubSpecialistCode", errorText(err))
			return
		}
		s.subs = l
		var names []string
		for _, sub := range l {
			names = append(names, sub.Name)
		}
		s.SubSpecialist.PlaceHolder = lang.L("ref.sub.choose")
		s.SubSpecialist.SetOptions(names)
	})
}

// Subs is what the sub-speciality select offers.
func (s *ReferralSection) Subs() []clinic.SubSpecialist { return s.subs }

// HospitalList is what the hospital table shows.
func (s *ReferralSection) HospitalList() []clinic.Hospital { return s.hospitals }

// ChosenHospital is the picked hospital, nil when none.
func (s *ReferralSection) ChosenHospital() *clinic.Hospital { return s.hospital }

func (s *ReferralSection) kind() referral.Kind {
	switch s.Kind.Selected {
	case s.kindSub:
		return referral.SubSpecialist
	case s.kindSpecial:
		return referral.Special
	}
	return ""
}

// needsSub mirrors the rule in referral.Check: a special case of
// thalassaemia or haemophilia goes to a sub-speciality too.
func needsSub(specialCode string) bool { return specialCode == "THA" || specialCode == "HEM" }

// showKind shows the rows the chosen kind of referral needs.
func (s *ReferralSection) showKind() {
	k := s.kind()
	sub := k == referral.SubSpecialist || (k == referral.Special && needsSub(s.Special.Code()))
	s.rows["specialist"].show(sub)
	s.rows["sub"].show(sub)
	s.rows["facility"].show(k == referral.SubSpecialist)
	s.rows["special"].show(k == referral.Special)
	s.rows["note"].show(k == referral.Special)
	if s.Container != nil {
		s.Container.Refresh()
	}
}

// SetMainDiagnosis tells the section the main diagnosis, which decides
// whether a TACC reason is needed ("" for none chosen).
func (s *ReferralSection) SetMainDiagnosis(dg *clinic.Diagnosis) {
	s.nonSpecialist = dg != nil && isNonSpecialist(*dg)
	s.mainDiagnosis = ""
	if dg != nil {
		s.mainDiagnosis = dg.Code
	}
	if s.nonSpecialist {
		s.TACCWarning.SetText(lang.L("ref.tacc.warning", map[string]any{"Code": s.mainDiagnosis}))
		s.TACCBox.Show()
	} else {
		s.TACCBox.Hide()
		s.setError("TACC", "")
		s.setError("TACCReason", "")
	}
}

// NeedsTACC reports whether the main diagnosis is non-specialist.
func (s *ReferralSection) NeedsTACC() bool { return s.nonSpecialist }

func (s *ReferralSection) taccCode() int {
	if i := s.TACC.SelectedIndex(); i >= 0 && i < len(taccCodes) {
		return taccCodes[i]
	}
	return referral.TACCNone
}

func (s *ReferralSection) showTACCReason() {
	code := s.taccCode()
	if code == referral.TACCComplication {
		s.TACCReason.Hide()
		s.TACCComplication.Show()
	} else {
		s.TACCComplication.Hide()
		s.TACCReason.Show()
		s.TACCReason.SetOptions(referral.TACCReasons[code])
		s.TACCReason.ClearSelected()
	}
	s.changed()
}

func (s *ReferralSection) changed() {
	if s.OnChanged != nil {
		s.OnChanged()
	}
}

// Reset empties the section for a new patient on visitDate; the planned
// date starts at the visit day, the usual case.
func (s *ReferralSection) Reset(cardNo string, visitDate time.Time) {
	s.cardNo = cardNo
	s.Kind.SetSelected(s.kindSub)
	s.Specialist.ClearSelected()
	s.Facility.ClearSelected()
	s.Special.ClearSelected()
	s.Note.SetText("")
	s.PlannedDate.SetDate(visitDate)
	s.TACC.ClearSelected()
	s.TACCReason.ClearSelected()
	s.TACCComplication.SetText("")
	s.showTACCReason()
	s.clearHospitals()
	s.ClearErrors()
	s.kept = nil
	s.showKept()
}

// Keep shows r, the referral of a visit being changed, as recorded: its
// destination stays unless the doctor asks to change it (Release), since
// the patient may already hold a letter for it; its TACC is filled in to
// be changed with the diagnosis.
func (s *ReferralSection) Keep(r referral.Referral) {
	s.kept = &r
	dest := r.SubSpecialistName
	if r.Kind == referral.Special {
		dest = orElse(r.SpecialName, r.SpecialCode)
	}
	s.Kept.SetText(lang.L("ref.kept", map[string]any{"Hospital": dash(orElse(r.HospitalName, r.HospitalCode)),
		"Poli": dash(dest), "Date": formatDate(r.PlannedDate)}))
	for i, c := range taccCodes {
		if c == r.TACC {
			s.TACC.SetSelectedIndex(i) // sets the reasons offered
		}
	}
	if r.TACC == referral.TACCComplication {
		s.TACCComplication.SetText(r.TACCReason)
	} else if r.TACCReason != "" {
		s.TACCReason.SetSelected(r.TACCReason)
	}
	s.showKept()
}

// Release drops the kept destination: the inputs pick a new one.
func (s *ReferralSection) Release() {
	s.kept = nil
	s.showKept()
	s.changed()
}

// Keeping reports whether the recorded destination is kept.
func (s *ReferralSection) Keeping() bool { return s.kept != nil }

func (s *ReferralSection) showKept() {
	setVisible(s.kept != nil, s.keptBox)
	setVisible(s.kept == nil, s.where...)
	if s.Container != nil {
		s.Container.Refresh()
	}
}

func (s *ReferralSection) clearHospitals() {
	s.searchGen++
	s.hospitals = nil
	s.hospital = nil
	s.Hospitals.Refresh()
	s.Chosen.SetText(lang.L("ref.hospital.none"))
	s.HospitalsHint.Hide()
	s.changed()
}

// criteria is the referral as far as the hospital search needs it.
func (s *ReferralSection) criteria() referral.Referral {
	r := referral.Referral{Kind: s.kind(), TACC: referral.TACCNone, PlannedDate: s.PlannedDate.Date()}
	sub := r.Kind == referral.SubSpecialist || (r.Kind == referral.Special && needsSub(s.Special.Code()))
	if sub {
		r.SpecialistCode = s.Specialist.Code()
		if i := s.SubSpecialist.SelectedIndex(); i >= 0 && i < len(s.subs) {
			r.SubSpecialistCode, r.SubSpecialistName = s.subs[i].Code, s.subs[i].Name
		}
	}
	switch r.Kind {
	case referral.SubSpecialist:
		r.FacilityCode = s.Facility.Code()
	case referral.Special:
		c := s.Special.Chosen()
		r.SpecialCode, r.SpecialName = c.Code, c.Name
		r.Note = s.Note.Text
	}
	return r
}

// FindHospitals asks PCare which hospitals take the referral on the
// planned date. What is missing for the question is said first, on its
// field, by the same rules the save applies.
func (s *ReferralSection) FindHospitals() {
	s.ClearErrors()
	if err := s.PlannedDate.Validate(); err != nil {
		s.setError("PlannedDate", err.Error())
		return
	}
	r := s.criteria()
	missing := false
	for _, p := range r.Check(s.d.now(), false) {
		if p.Field == "HospitalCode" || p.Field == "TACC" || p.Field == "TACCReason" {
			continue
		}
		s.setError(p.Field, p.Message)
		missing = true
	}
	if missing {
		return
	}
	s.clearHospitals()
	s.searchGen++
	gen := s.searchGen
	s.HospitalsHint.SetText(lang.L("ref.finding"))
	s.HospitalsHint.Importance = widget.MediumImportance
	s.HospitalsHint.Show()
	s.FindBtn.Disable()
	refs, card := s.d.Doctor.Refs, s.cardNo
	s.bg.run(nil, func(ctx context.Context) {
		hs, err := refs.Hospitals(ctx, r, card)
		s.bg.ui(func() {
			s.FindBtn.Enable()
			if gen != s.searchGen {
				return // the criteria changed meanwhile
			}
			s.showHospitals(hs, err)
		})
	})
}

func (s *ReferralSection) showHospitals(hs []clinic.Hospital, err error) {
	s.hospitals = hs
	s.Hospitals.Refresh()
	s.Hospitals.ScrollToTop()
	switch {
	case err != nil:
		s.HospitalsHint.Importance = widget.DangerImportance
		s.HospitalsHint.SetText(errorText(err))
	case len(hs) == 0:
		s.HospitalsHint.Importance = widget.WarningImportance
		s.HospitalsHint.SetText(lang.L("ref.hospitals.none"))
	default:
		s.HospitalsHint.Importance = widget.MediumImportance
		s.HospitalsHint.SetText(lang.L("ref.hospitals.found", map[string]any{"N": len(hs)}))
		// A button pressed with Space drops the keyboard focus (Fyne's
		// Button.Tapped): hand it to the list, the next step, so the
		// doctor picks with the arrows and Space instead of tabbing
		// from the top of the window.
		if c := fyne.CurrentApp().Driver().CanvasForObject(s.Hospitals); c != nil && c.Focused() == nil {
			c.Focus(s.Hospitals)
		}
	}
	s.HospitalsHint.Show()
}

// PickHospital chooses the hospital in row i of the list. A full hospital
// is refused here: PCare would refuse the referral later, after the
// patient has left with a letter.
func (s *ReferralSection) PickHospital(i int) {
	if i < 0 || i >= len(s.hospitals) {
		return
	}
	h := s.hospitals[i]
	if !h.Available {
		s.setError("HospitalCode", lang.L("ref.hospital.full", map[string]any{"Name": h.Name}))
		return
	}
	s.setError("HospitalCode", "")
	s.hospital = &h
	text := h.Name
	if h.Schedule != "" {
		text += " · " + h.Schedule
	}
	s.Chosen.SetText(text)
	s.Hospitals.Refresh()
	s.changed()
}

// Referral reads the section into a referral (the kept one, with the TACC
// as now chosen, while it is kept). It reports false when the planned date
// is not a date (that entry then carries the error).
func (s *ReferralSection) Referral() (referral.Referral, bool) {
	var r referral.Referral
	if s.kept != nil {
		r = *s.kept
		r.TACC, r.TACCReason = referral.TACCNone, ""
	} else {
		if err := s.PlannedDate.Validate(); err != nil {
			s.setError("PlannedDate", err.Error())
			return referral.Referral{}, false
		}
		r = s.criteria()
		if h := s.hospital; h != nil {
			r.HospitalCode, r.HospitalName, r.Schedule = h.Code, h.Name, h.Schedule
		}
	}
	if s.nonSpecialist {
		r.TACC = s.taccCode()
		if r.TACC == referral.TACCComplication {
			r.TACCReason = s.TACCComplication.Text
		} else {
			r.TACCReason = s.TACCReason.Selected
		}
	}
	return r, true
}

// setError shows msg under the field's input ("" clears); field is a
// referral.Referral field name, "" the referral as a whole. It reports
// whether the section has such a field.
func (s *ReferralSection) setError(field, msg string) bool { return setFieldError(s.errs, field, msg) }

// FieldError is the error shown for a referral field ("" when none).
func (s *ReferralSection) FieldError(field string) string {
	if l, ok := s.errs[field]; ok && l.Visible() {
		return l.Text
	}
	return ""
}

// ClearErrors hides every field error.
func (s *ReferralSection) ClearErrors() {
	for f := range s.errs {
		s.setError(f, "")
	}
}

func (s *ReferralSection) setEnabled(on bool) {
	setEnabled(on, s.Kind, s.Specialist.Select, s.SubSpecialist, s.Facility.Select, s.Special.Select,
		s.Note, s.PlannedDate.Entry, s.FindBtn, s.TACC, s.TACCReason, s.TACCComplication, s.ChangeDest)
}
