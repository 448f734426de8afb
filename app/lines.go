package app

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
)

// drugLimit bounds one drug search: the DPHO list is searched by name,
// and the doctor types more rather than scrolls.
const drugLimit = 20

// drugRows is how many results show at once, each drugRowHeight high.
const (
	drugRows      = 5
	drugRowHeight = 38
)

// lineErrors is the error text under one procedure or drug line: each
// sub-field's message (the entry's own check or the service's), shown
// together in the order of the line's inputs.
type lineErrors struct {
	Label *widget.Label
	order []string
	msgs  map[string]string
}

func newLineErrors(order ...string) *lineErrors {
	return &lineErrors{Label: dangerLabel(), order: order, msgs: map[string]string{}}
}

func (e *lineErrors) set(field, msg string) {
	e.msgs[field] = msg
	var out []string
	for _, k := range e.order {
		if m := e.msgs[k]; m != "" {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		setLabelError(e.Label, nil)
		return
	}
	setLabelError(e.Label, textError(strings.Join(out, " ")))
}

func (e *lineErrors) get(field string) string { return e.msgs[field] }

// lineEntry is a small entry of a line that checks itself as it is typed
// and reports to the line's error text; the service's messages for it come
// through SetValidationError.
func lineEntry(errs *lineErrors, field, label, placeholder string, validate func(string) error) *Entry {
	e := newEntry()
	e.SetPlaceHolder(placeholder)
	e.Validator = func(s string) error {
		if err := validate(s); err != nil {
			return errors.New(label + ": " + err.Error())
		}
		return nil
	}
	e.AlwaysShowValidationError = true
	e.SetOnValidationChanged(func(err error) {
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		errs.set(field, msg)
	})
	return e
}

// fixedWidth gives an input a set width in a row of inputs.
func fixedWidth(w float32, o fyne.CanvasObject) *fyne.Container {
	return container.New(minWidth{w}, o)
}

// rupiahGrouped is an amount typed with thousands dots, "1.250.000".
var rupiahGrouped = regexp.MustCompile(`^[0-9]{1,3}(\.[0-9]{3})+$`)

// parseRupiah reads a fee in whole rupiah: digits, optionally grouped
// with dots as it is printed ("90.000"); "" is zero.
func parseRupiah(s string) (int64, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, "Rp"), "."))
	if s == "" {
		return 0, nil
	}
	if rupiahGrouped.MatchString(s) {
		s = strings.ReplaceAll(s, ".", "")
	}
	if strings.Trim(s, "0123456789") != "" || len(s) > 12 {
		return 0, errors.New("not an amount")
	}
	return strconv.ParseInt(s, 10, 64)
}

func validateRupiah(s string) error {
	if _, err := parseRupiah(s); err != nil {
		return errors.New(lang.L("exam.error.rupiah"))
	}
	return nil
}

// ProcedureLine is one procedure (tindakan) of the visit: what was done,
// from PCare's list for the registration's place of service, its fee and
// a note. Procedures that record a value also ask for the result.
type ProcedureLine struct {
	Container fyne.CanvasObject
	Procedure *CodeSelect
	Fee       *Entry
	MaxHint   *widget.Label // "maks Rp 90.000" when PCare caps the fee
	Note      *Entry
	Result    *Entry
	Remove    *Button
	Errors    *lineErrors

	refs      map[string]clinic.ProcedureRef
	resultBox fyne.CanvasObject
	// autoFee is the fee the line filled in from PCare's maximum: it
	// follows the procedure until the doctor types their own.
	autoFee string
}

func newProcedureLine(placeholder string, onRemove func(*ProcedureLine)) *ProcedureLine {
	l := &ProcedureLine{Errors: newLineErrors("Code", "Fee", "Result", "Note")}
	l.Procedure = newCodeSelect(nil, placeholder)
	l.Procedure.OnChanged = func(string) { l.procedureChanged() }
	l.Fee = lineEntry(l.Errors, "Fee", lang.L("exam.proc.fee"), lang.L("exam.proc.fee"), validateRupiah)
	l.MaxHint = widget.NewLabel("")
	l.MaxHint.SizeName = theme.SizeNameCaptionText
	l.MaxHint.Importance = widget.LowImportance
	l.Note = newEntry()
	l.Note.SetPlaceHolder(lang.L("exam.proc.note"))
	l.Note.OnChanged = func(string) { l.Errors.set("Note", "") }
	l.Result = lineEntry(l.Errors, "Result", lang.L("exam.proc.result"), lang.L("exam.proc.result"), validateWholeNumber)
	l.Remove = newButtonWithIcon("", theme.DeleteIcon(), func() { onRemove(l) })
	l.Remove.Importance = widget.LowImportance

	l.resultBox = fixedWidth(90, l.Result)
	l.resultBox.Hide()
	// The note makes room for a result, so the fees stay in one column.
	note := fixedWidth(260, container.NewBorder(nil, nil, nil, l.resultBox, l.Note))
	hint := fixedWidth(120, container.NewVBox(layout.NewSpacer(), l.MaxHint, layout.NewSpacer()))
	right := container.NewHBox(fixedWidth(130, l.Fee), hint, note, l.Remove)
	l.Container = container.NewVBox(container.NewBorder(nil, nil, nil, right, l.Procedure.Select), l.Errors.Label)
	return l
}

// setRefs offers PCare's procedures (nil while they load).
func (l *ProcedureLine) setRefs(list []clinic.ProcedureRef, placeholder string) {
	l.refs = map[string]clinic.ProcedureRef{}
	codes := make([]clinic.Code, len(list))
	for i, r := range list {
		l.refs[r.Code] = r
		codes[i] = clinic.Code{Code: r.Code, Name: r.Name}
	}
	l.Procedure.PlaceHolder = placeholder
	l.Procedure.SetCodes(codes)
}

// chosen is PCare's entry for the chosen procedure.
func (l *ProcedureLine) chosen() (clinic.ProcedureRef, bool) {
	r, ok := l.refs[l.Procedure.Code()]
	return r, ok
}

// procedureChanged fills the fee with PCare's maximum (unless the doctor
// typed one), says what the maximum is, and asks for a result when the
// procedure records one.
func (l *ProcedureLine) procedureChanged() {
	l.Errors.set("Code", "")
	ref, ok := l.chosen()
	if l.Fee.Text == "" || l.Fee.Text == l.autoFee {
		fee := ""
		if ok && ref.MaxFee > 0 {
			fee = strconv.FormatInt(ref.MaxFee, 10)
		}
		l.autoFee = fee
		l.Fee.SetText(fee)
	}
	if ok && ref.MaxFee > 0 {
		l.MaxHint.SetText(lang.L("exam.proc.max", map[string]any{"Amount": formatRupiah(ref.MaxFee)}))
	} else {
		l.MaxHint.SetText("")
	}
	if ok && ref.WithValue {
		l.resultBox.Show()
	} else {
		l.Result.SetText("")
		l.resultBox.Hide()
	}
}

// blank reports a line the doctor added but did not fill in.
func (l *ProcedureLine) blank() bool {
	return l.Procedure.Code() == "" && strings.TrimSpace(l.Fee.Text) == "" && strings.TrimSpace(l.Note.Text) == ""
}

// procedure reads the line; false when an entry fails its own check.
func (l *ProcedureLine) procedure() (clinic.Procedure, bool) {
	ok := l.Fee.Validate() == nil
	ok = l.Result.Validate() == nil && ok
	ref, _ := l.chosen()
	fee, _ := parseRupiah(l.Fee.Text)
	res, _ := strconv.Atoi(strings.TrimSpace(l.Result.Text))
	return clinic.Procedure{Code: ref.Code, Name: ref.Name, MaxFee: ref.MaxFee, Fee: fee,
		Note: strings.TrimSpace(l.Note.Text), Result: res}, ok
}

// setError shows the service's message for a sub-field of the line.
func (l *ProcedureLine) setError(field, msg string) {
	switch field {
	case "Fee":
		l.Fee.SetValidationError(errors.New(msg))
	case "Result":
		l.Result.SetValidationError(errors.New(msg))
	case "Note":
		l.Errors.set("Note", msg)
	default:
		l.Errors.set("Code", msg)
	}
}

func (l *ProcedureLine) clearErrors() {
	l.Fee.SetValidationError(nil)
	l.Result.SetValidationError(nil)
	for _, k := range l.Errors.order {
		l.Errors.set(k, "")
	}
}

func (l *ProcedureLine) setEnabled(on bool) {
	setEnabled(on, l.Procedure.Select, l.Fee, l.Note, l.Result, l.Remove)
}

// DrugLine is one drug (obat) of the visit: picked from PCare's DPHO list
// by searching as the doctor types, or, ticked non-DPHO, a name typed in;
// with its signa ("3 × 1") and quantity.
type DrugLine struct {
	Container fyne.CanvasObject
	NonDPHO   *Check
	Search    *Entry
	Results   *widget.List
	Hint      *widget.Label // "searching", "nothing found", PCare's error
	Chosen    *widget.Label
	Change    *Button
	Name      *Entry // the non-DPHO drug's name
	Signa1    *Entry
	Signa2    *Entry
	Quantity  *Entry
	Remove    *Button
	Errors    *lineErrors

	// Delay is the typing pause before a search.
	Delay time.Duration

	refs    clinic.References
	bg      *background
	results []clinic.DrugRef
	chosen  *clinic.DrugRef
	search  debouncer

	listBox   fyne.CanvasObject
	chosenBox fyne.CanvasObject
}

func newDrugLine(refs clinic.References, bg *background, delay time.Duration, onRemove func(*DrugLine)) *DrugLine {
	l := &DrugLine{refs: refs, bg: bg, Delay: delay, Errors: newLineErrors("Name", "Signa1", "Signa2", "Quantity")}
	l.NonDPHO = newCheck(lang.L("exam.drug.nondpho"), func(bool) { l.modeChanged() })
	l.Search = newEntry()
	l.Search.SetPlaceHolder(lang.L("exam.drug.search"))
	l.Search.OnChanged = l.searchSoon
	l.Search.OnSubmitted = func(string) {
		if len(l.results) > 0 {
			l.Pick(l.results[0])
		}
	}
	l.Hint = widget.NewLabel("")
	l.Hint.Importance = widget.LowImportance
	l.Hint.Hide()
	l.Results = widget.NewList(
		func() int { return len(l.results) },
		func() fyne.CanvasObject {
			t := widget.NewLabel("")
			t.Truncation = fyne.TextTruncateEllipsis
			return t
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			t := o.(*widget.Label)
			if i < 0 || i >= len(l.results) {
				t.SetText("")
				return
			}
			t.SetText(drugText(l.results[i]))
		})
	l.Results.OnSelected = func(i widget.ListItemID) {
		l.Results.UnselectAll()
		if i >= 0 && i < len(l.results) {
			l.Pick(l.results[i])
		}
	}
	l.Chosen = widget.NewLabel("")
	l.Chosen.TextStyle = fyne.TextStyle{Bold: true}
	l.Chosen.Truncation = fyne.TextTruncateEllipsis
	l.Change = newButtonWithIcon("", theme.ContentClearIcon(), l.Clear)
	l.Name = newEntry()
	l.Name.SetPlaceHolder(lang.L("exam.drug.name"))
	l.Name.OnChanged = func(string) { l.Errors.set("Name", "") }
	l.Name.Hide()

	l.Signa1 = lineEntry(l.Errors, "Signa1", lang.L("exam.drug.signa"), "", validateDecimal)
	l.Signa2 = lineEntry(l.Errors, "Signa2", lang.L("exam.drug.signa"), "", validateDecimal)
	l.Quantity = lineEntry(l.Errors, "Quantity", lang.L("exam.drug.quantity"), lang.L("exam.drug.quantity"), validateDecimal)
	l.Remove = newButtonWithIcon("", theme.DeleteIcon(), func() { onRemove(l) })
	l.Remove.Importance = widget.LowImportance

	l.chosenBox = container.NewBorder(nil, nil, nil, l.Change, l.Chosen)
	l.chosenBox.Hide()
	l.listBox = container.New(minHeight{drugRows * drugRowHeight}, l.Results)
	l.listBox.Hide()
	signa := widget.NewLabel(lang.L("exam.drug.signa"))
	times := widget.NewLabel("×")
	right := container.NewHBox(signa, fixedWidth(70, l.Signa1), times, fixedWidth(70, l.Signa2),
		fixedWidth(110, l.Quantity), l.Remove)
	row := container.NewBorder(nil, nil, l.NonDPHO, right, container.NewStack(l.Search, l.chosenBox, l.Name))
	l.Container = container.NewVBox(row, l.Hint, l.listBox, l.Errors.Label)
	return l
}

// drugText is a DPHO drug as the doctor picks it: the name and the stock
// PCare shows.
func drugText(d clinic.DrugRef) string {
	return lang.L("exam.drug.stock", map[string]any{"Name": d.Name, "Stock": d.Stock})
}

// ResultsShown is the search result the doctor sees now.
func (l *DrugLine) ResultsShown() []clinic.DrugRef { return l.results }

// ChosenDrug is the picked DPHO drug, nil when none.
func (l *DrugLine) ChosenDrug() *clinic.DrugRef { return l.chosen }

// Pick chooses a DPHO drug, as tapping its row does, and moves on to the
// signa.
func (l *DrugLine) Pick(d clinic.DrugRef) {
	l.stopSearch()
	l.chosen = &d
	l.Chosen.SetText(drugText(d))
	l.results = nil
	l.Results.Refresh()
	setVisible(false, l.Search, l.listBox, l.Hint)
	l.chosenBox.Show()
	l.Errors.set("Name", "")
	if c := fyne.CurrentApp().Driver().CanvasForObject(l.Signa1); c != nil {
		c.Focus(l.Signa1)
	}
}

// Clear removes the picked drug and puts the search back, focused.
func (l *DrugLine) Clear() {
	l.stopSearch()
	l.chosen = nil
	l.results = nil
	l.Results.Refresh()
	l.Search.SetText("")
	setVisible(false, l.chosenBox, l.listBox, l.Hint)
	l.Search.Show()
	if c := fyne.CurrentApp().Driver().CanvasForObject(l.Search); c != nil {
		c.Focus(l.Search)
	}
}

// modeChanged switches between the DPHO search and a typed name.
func (l *DrugLine) modeChanged() {
	l.Errors.set("Name", "")
	if l.NonDPHO.Checked {
		l.stopSearch()
		setVisible(false, l.Search, l.chosenBox, l.listBox, l.Hint)
		l.Name.Show()
		return
	}
	l.Name.Hide()
	if l.chosen != nil {
		l.chosenBox.Show()
	} else {
		l.Search.Show()
		l.searchSoon(l.Search.Text)
	}
}

func (l *DrugLine) stopSearch() { l.search.stop() }

// searchSoon searches the DPHO list once typing pauses; each keystroke
// cancels the search before it.
func (l *DrugLine) searchSoon(text string) {
	query := strings.TrimSpace(text)
	if len([]rune(query)) < 2 || l.refs == nil {
		l.stopSearch()
		l.results = nil
		l.Results.Refresh()
		setVisible(false, l.listBox, l.Hint)
		return
	}
	refs := l.refs
	debounce(&l.search, l.bg, l.Delay, func(ctx context.Context) ([]clinic.DrugRef, error) {
		return refs.Drugs(ctx, query, drugLimit)
	}, l.showResults)
}

func (l *DrugLine) showResults(found []clinic.DrugRef, err error) {
	l.results = found
	l.Results.Refresh()
	l.Results.ScrollToTop()
	switch {
	case err != nil && clinic.ErrorCode(err) != clinic.ENOTFOUND:
		l.Hint.SetText(errorText(err))
		l.Hint.Show()
	case len(found) == 0:
		l.Hint.SetText(lang.L("exam.drug.none"))
		l.Hint.Show()
	default:
		l.Hint.Hide()
	}
	// Up to five rows, as for a diagnosis: the right strength among its
	// neighbours, without pushing the form far down.
	l.listBox.(*fyne.Container).Layout = minHeight{float32(min(len(found), drugRows)) * drugRowHeight}
	setVisible(len(found) > 0, l.listBox)
	l.listBox.Refresh()
}

// blank reports a line the doctor added but did not fill in.
func (l *DrugLine) blank() bool {
	typed := strings.TrimSpace(l.Search.Text)
	if l.NonDPHO.Checked {
		typed = strings.TrimSpace(l.Name.Text)
	}
	return l.chosen == nil && typed == "" && strings.TrimSpace(l.Signa1.Text) == "" &&
		strings.TrimSpace(l.Signa2.Text) == "" && strings.TrimSpace(l.Quantity.Text) == ""
}

// drug reads the line; false when an entry fails its own check or a DPHO
// drug was searched for but not picked.
func (l *DrugLine) drug() (clinic.Drug, bool) {
	ok := true
	for _, e := range []*Entry{l.Signa1, l.Signa2, l.Quantity} {
		if e.Validate() != nil {
			ok = false
		}
	}
	d := clinic.Drug{}
	if l.NonDPHO.Checked {
		d.Name = strings.TrimSpace(l.Name.Text)
	} else if l.chosen != nil {
		d.Code, d.Name, d.DPHO = l.chosen.Code, l.chosen.Name, true
	} else if strings.TrimSpace(l.Search.Text) != "" {
		l.Errors.set("Name", lang.L("exam.drug.pick"))
		ok = false
	}
	d.Signa1, _ = parseDecimal(l.Signa1.Text)
	d.Signa2, _ = parseDecimal(l.Signa2.Text)
	d.Quantity, _ = parseDecimal(l.Quantity.Text)
	// What is prescribed is what is asked of the pharmacy.
	d.Requested = d.Quantity
	return d, ok
}

// setError shows the service's message for a sub-field of the line.
func (l *DrugLine) setError(field, msg string) {
	switch field {
	case "Signa1":
		l.Signa1.SetValidationError(errors.New(msg))
	case "Signa2":
		l.Signa2.SetValidationError(errors.New(msg))
	case "Quantity", "Requested":
		l.Quantity.SetValidationError(errors.New(msg))
	default:
		l.Errors.set("Name", msg)
	}
}

func (l *DrugLine) clearErrors() {
	for _, e := range []*Entry{l.Signa1, l.Signa2, l.Quantity} {
		e.SetValidationError(nil)
	}
	for _, k := range l.Errors.order {
		l.Errors.set(k, "")
	}
}

func (l *DrugLine) setEnabled(on bool) {
	setEnabled(on, l.NonDPHO, l.Search, l.Change, l.Name, l.Signa1, l.Signa2, l.Quantity, l.Remove)
}

// lineField splits a service field name such as "Procedures[2].Fee" into
// the list, the index and the sub-field.
func lineField(field string) (list string, i int, sub string, ok bool) {
	open := strings.IndexByte(field, '[')
	end := strings.IndexByte(field, ']')
	if open <= 0 || end < open {
		return "", 0, "", false
	}
	i, err := strconv.Atoi(field[open+1 : end])
	if err != nil || i < 0 {
		return "", 0, "", false
	}
	return field[:open], i, strings.TrimPrefix(field[end+1:], "."), true
}

// tkp is the patient's place of service, for PCare's procedure list.
func (f *ExamForm) tkp() string {
	if f.reg != nil && f.reg.TKP != "" {
		return f.reg.TKP
	}
	return clinic.TKPOutpatient
}

// loadProcedures fetches PCare's procedures for the patient's place of
// service in the background (once per window: refCache keeps them) and
// offers them on every procedure line.
func (f *ExamForm) loadProcedures() {
	tkp := f.tkp()
	if f.procTKP == tkp && (f.procState == procLoading || f.procState == procLoaded) {
		return
	}
	if f.d.Doctor == nil || f.d.Doctor.Refs == nil {
		return
	}
	f.procTKP, f.procState, f.procRefs = tkp, procLoading, nil
	setLabelError(f.ProceduresError, nil)
	f.offerProcedures()
	f.refs.procedures(f.d.Doctor.Refs, tkp, func(l []clinic.ProcedureRef, err error) {
		if f.procTKP != tkp {
			return // a patient of another place of service meanwhile
		}
		if err != nil {
			f.procState = procFailed
			setLabelError(f.ProceduresError, textError(lang.L("exam.proc.failed")+" "+errorText(err)))
		} else {
			f.procState, f.procRefs = procLoaded, l
		}
		f.offerProcedures()
	})
}

// offerProcedures gives every procedure line the current list.
func (f *ExamForm) offerProcedures() {
	for _, l := range f.ProcLines {
		l.setRefs(f.procRefs, f.procPlaceholder())
	}
	if d := f.LineDialog; d != nil && d.Proc != nil && f.procState == procLoaded {
		d.Proc.setRefs(f.procRefs, f.procPlaceholder())
	}
}

func (f *ExamForm) procPlaceholder() string {
	switch f.procState {
	case procLoading:
		return lang.L("exam.proc.loading")
	case procFailed:
		return lang.L("exam.proc.unavailable")
	}
	return lang.L("exam.proc.choose")
}

// addProcedure adds an empty procedure line and focuses it. A list that
// failed to load is asked for again.
func (f *ExamForm) addProcedure() {
	l := newProcedureLine(f.procPlaceholder(), f.removeProcedure)
	l.setRefs(f.procRefs, f.procPlaceholder())
	f.ProcLines = append(f.ProcLines, l)
	f.showLines()
	if f.procState == procFailed || f.procState == procNone {
		f.loadProcedures()
	}
	f.bringIntoView(f.AddProcedure, l.Procedure.Select)
}

// addDrug adds an empty drug line with the cursor in its search.
func (f *ExamForm) addDrug() {
	var refs clinic.References
	if f.d.Doctor != nil {
		refs = f.d.Doctor.Refs
	}
	l := newDrugLine(refs, f.bg, f.DrugDelay, f.removeDrug)
	f.DrugLines = append(f.DrugLines, l)
	f.showLines()
	f.bringIntoView(f.AddDrug, l.Search)
}

func (f *ExamForm) removeProcedure(l *ProcedureLine) {
	for i, x := range f.ProcLines {
		if x == l {
			f.ProcLines = append(f.ProcLines[:i:i], f.ProcLines[i+1:]...)
		}
	}
	f.showLines()
}

func (f *ExamForm) removeDrug(l *DrugLine) {
	for i, x := range f.DrugLines {
		if x == l {
			l.stopSearch()
			f.DrugLines = append(f.DrugLines[:i:i], f.DrugLines[i+1:]...)
		}
	}
	f.showLines()
}

// clearLines removes every line, for the next patient.
func (f *ExamForm) clearLines() {
	for _, l := range f.DrugLines {
		l.stopSearch()
	}
	f.ProcLines, f.DrugLines = nil, nil
	f.SavedProcs, f.SavedDrugs = nil, nil
	f.showLines()
}

// showLines puts the lines on screen: a recorded visit's saved lines,
// then the lines being typed.
func (f *ExamForm) showLines() {
	f.procBox.Objects = f.procBox.Objects[:0]
	for _, l := range f.SavedProcs {
		f.procBox.Objects = append(f.procBox.Objects, l.Container)
	}
	for _, l := range f.ProcLines {
		f.procBox.Objects = append(f.procBox.Objects, l.Container)
	}
	f.drugBox.Objects = f.drugBox.Objects[:0]
	for _, l := range f.SavedDrugs {
		f.drugBox.Objects = append(f.drugBox.Objects, l.Container)
	}
	for _, l := range f.DrugLines {
		f.drugBox.Objects = append(f.drugBox.Objects, l.Container)
	}
	setVisible(len(f.procBox.Objects) > 0, f.procBox)
	setVisible(len(f.drugBox.Objects) > 0, f.drugBox)
	f.procBox.Refresh()
	f.drugBox.Refresh()
}

// bringIntoView scrolls the form so that below (the add button under a new
// line) is on screen, and focuses focus.
func (f *ExamForm) bringIntoView(below fyne.CanvasObject, focus fyne.Focusable) {
	drv := fyne.CurrentApp().Driver()
	f.Scroll.Refresh()
	content := f.Scroll.Content
	bottom := drv.AbsolutePositionForObject(below).Y - drv.AbsolutePositionForObject(content).Y + below.MinSize().Height
	if view := f.Scroll.Size().Height; bottom > f.Scroll.Offset.Y+view {
		f.Scroll.ScrollToOffset(fyne.NewPos(0, bottom-view+theme.Padding()))
	}
	if c := drv.CanvasForObject(f.Scroll); c != nil {
		c.Focus(focus)
	}
}
