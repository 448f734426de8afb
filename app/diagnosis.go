package app

import (
	"context"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
)

// diagnosisLimit bounds one result list: the doctor types more rather than
// scrolls through more.
const diagnosisLimit = 50

// DiagnosisPicker chooses one ICD-10 diagnosis: results appear as the
// doctor types (the embedded list at once, PCare's flags when it answers
// in time), and a chosen diagnosis replaces the entry with its code, name
// and whether it is non-specialist.
type DiagnosisPicker struct {
	Container fyne.CanvasObject
	Search    *Entry
	Results   *widget.List
	Hint      *widget.Label // "searching", "nothing found", PCare's error
	// Chosen shows the picked diagnosis; Change puts the search back.
	ChosenLabel *widget.Label
	Badge       fyne.CanvasObject
	Change      *Button

	// Delay is the typing pause before a search (DefaultSearchDelay).
	Delay time.Duration
	// OnChanged is called after a diagnosis is picked or removed.
	OnChanged func()

	d       Deps
	bg      *background
	results []clinic.Diagnosis
	chosen  *clinic.Diagnosis
	search  debouncer

	searchBox fyne.CanvasObject
	listBox   fyne.CanvasObject
	chosenBox fyne.CanvasObject
}

func newDiagnosisPicker(d Deps, bg *background, placeholder string) *DiagnosisPicker {
	p := &DiagnosisPicker{d: d, bg: bg, Delay: DefaultSearchDelay}
	p.Search = newEntry()
	p.Search.SetPlaceHolder(placeholder)
	p.Search.OnChanged = p.searchSoon
	// Enter takes the first result: "i10⏎" is the fastest way to code.
	p.Search.OnSubmitted = func(string) {
		if len(p.results) > 0 {
			p.Pick(p.results[0])
		}
	}
	p.Hint = widget.NewLabel("")
	p.Hint.Importance = widget.LowImportance
	p.Hint.Hide()

	p.Results = widget.NewList(
		func() int { return len(p.results) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, nil, newBadge(lang.L("diag.nonspecialist")), l)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			l, badge := row.Objects[0].(*widget.Label), row.Objects[1]
			if i < 0 || i >= len(p.results) {
				l.SetText("")
				badge.Hide()
				return
			}
			dg := p.results[i]
			l.SetText(diagnosisText(dg))
			setVisible(isNonSpecialist(dg), badge)
		})
	p.Results.OnSelected = func(i widget.ListItemID) {
		p.Results.UnselectAll()
		if i >= 0 && i < len(p.results) {
			p.Pick(p.results[i])
		}
	}

	p.ChosenLabel = widget.NewLabel("")
	p.ChosenLabel.Wrapping = fyne.TextWrapWord
	p.ChosenLabel.TextStyle = fyne.TextStyle{Bold: true}
	p.Badge = newBadge(lang.L("diag.nonspecialist"))
	p.Change = newButtonWithIcon(lang.L("diag.change"), theme.ContentClearIcon(), p.Clear)

	p.searchBox = p.Search
	// Five rows: enough to see the right code among its neighbours without
	// pushing the rest of the form far down.
	p.listBox = container.New(minHeight{5 * 38}, p.Results)
	p.listBox.Hide()
	p.chosenBox = container.NewBorder(nil, nil, nil, container.NewHBox(container.NewCenter(p.Badge), p.Change), p.ChosenLabel)
	p.chosenBox.Hide()
	p.Container = container.NewVBox(p.searchBox, p.Hint, p.listBox, p.chosenBox)
	return p
}

// newBadge is a small amber tag, for "non-spesialistik": a word the doctor
// must notice without it reading as an error.
func newBadge(text string) fyne.CanvasObject {
	bg := canvas.NewRectangle(offlineColor)
	bg.CornerRadius = 4
	t := canvas.NewText(text, color.Black)
	t.TextSize = theme.CaptionTextSize()
	t.TextStyle = fyne.TextStyle{Bold: true}
	return container.NewStack(bg, container.New(&padLayout{h: 6, v: 2}, t))
}

// padLayout pads its objects by fixed amounts, smaller than theme padding.
type padLayout struct{ h, v float32 }

func (p *padLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s.Add(fyne.NewSize(2*p.h, 2*p.v))
}

func (p *padLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(p.h, p.v))
		o.Resize(size.Subtract(fyne.NewSize(2*p.h, 2*p.v)))
	}
}

// isNonSpecialist trusts PCare's flag and backs it with the embedded list,
// as the service does: a missing flag must not hide a TACC obligation.
func isNonSpecialist(dg clinic.Diagnosis) bool {
	return dg.NonSpecialist || clinic.IsNonSpecialist(dg.Code)
}

func diagnosisText(dg clinic.Diagnosis) string {
	return dg.Code + " — " + dg.Name
}

// Chosen is the picked diagnosis, nil when none.
func (p *DiagnosisPicker) Chosen() *clinic.Diagnosis { return p.chosen }

// ResultsShown is the list the doctor sees now.
func (p *DiagnosisPicker) ResultsShown() []clinic.Diagnosis { return p.results }

// Pick chooses dg, as tapping its row does.
func (p *DiagnosisPicker) Pick(dg clinic.Diagnosis) {
	p.stopSearch()
	dg.NonSpecialist = isNonSpecialist(dg)
	p.chosen = &dg
	p.ChosenLabel.SetText(diagnosisText(dg))
	setVisible(dg.NonSpecialist, p.Badge)
	p.results = nil
	p.Results.Refresh()
	setVisible(false, p.searchBox, p.listBox, p.Hint)
	p.chosenBox.Show()
	p.Change.Enable()
	p.changed()
	// Focus moves on to the Change button so Tab continues through the
	// form; the hidden entry cannot keep it. The first time, only the
	// entry has been painted.
	if c := canvasOf(p.Change, p.Search); c != nil {
		c.Focus(p.Change)
	}
}

// Set shows dg as chosen without searching (nil clears), for a form that
// is filled from a record.
func (p *DiagnosisPicker) Set(dg *clinic.Diagnosis) {
	if dg == nil {
		p.reset()
		return
	}
	p.Pick(*dg)
}

// Clear removes the choice and puts the search back, focused.
func (p *DiagnosisPicker) Clear() {
	p.reset()
	p.changed()
	if c := fyne.CurrentApp().Driver().CanvasForObject(p.Search); c != nil {
		c.Focus(p.Search)
	}
}

func (p *DiagnosisPicker) reset() {
	p.stopSearch()
	p.chosen = nil
	p.results = nil
	p.Results.Refresh()
	p.Search.SetText("") // its OnChanged hides the list and hint
	setVisible(false, p.chosenBox, p.listBox, p.Hint)
	p.searchBox.Show()
}

func (p *DiagnosisPicker) changed() {
	if p.OnChanged != nil {
		p.OnChanged()
	}
}

// Enable and Disable make the picker follow the form.
func (p *DiagnosisPicker) Enable() {
	p.Search.Enable()
	p.Change.Enable()
}

func (p *DiagnosisPicker) Disable() {
	p.Search.Disable()
	p.Change.Disable()
}

func (p *DiagnosisPicker) stopSearch() { p.search.stop() }

// searchSoon searches once typing pauses; each keystroke cancels the
// search before it, so a slow PCare answer never overwrites a newer one.
func (p *DiagnosisPicker) searchSoon(text string) {
	query := strings.TrimSpace(text)
	if len([]rune(query)) < 2 {
		// One letter matches thousands of names: wait for the second.
		p.stopSearch()
		p.results = nil
		p.Results.Refresh()
		setVisible(false, p.listBox, p.Hint)
		return
	}
	desk := p.d.Doctor
	debounce(&p.search, p.bg, p.Delay, func(ctx context.Context) ([]clinic.Diagnosis, error) {
		return desk.SearchDiagnoses(ctx, query, diagnosisLimit)
	}, p.showResults)
}

func (p *DiagnosisPicker) showResults(found []clinic.Diagnosis, err error) {
	p.results = found
	p.Results.Refresh()
	p.Results.ScrollToTop()
	switch {
	case err != nil:
		p.Hint.SetText(errorText(err))
		p.Hint.Show()
	case len(found) == 0:
		p.Hint.SetText(lang.L("diag.none"))
		p.Hint.Show()
	default:
		p.Hint.Hide()
	}
	setVisible(len(found) > 0, p.listBox)
}
