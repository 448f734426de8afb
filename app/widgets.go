package app

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
)

// CodeSelect is a Select over reference codes: the doctor picks a name,
// PCare wants its code. It works by index, so two entries with the same
// name (PCare's lists have some) still map to their own codes.
type CodeSelect struct {
	*Select
	codes []clinic.Code
}

func newCodeSelect(codes []clinic.Code, placeholder string) *CodeSelect {
	c := &CodeSelect{Select: newSelect(nil, nil)}
	c.PlaceHolder = placeholder
	c.SetCodes(codes)
	return c
}

// SetCodes replaces the options; the choice is kept when its code is
// still offered.
func (c *CodeSelect) SetCodes(codes []clinic.Code) {
	keep := c.Code()
	c.codes = codes
	names := make([]string, len(codes))
	for i, k := range codes {
		names[i] = orElse(k.Name, k.Code)
	}
	c.Select.Options = names
	c.Select.ClearSelected()
	if keep != "" {
		c.SelectCode(keep)
	}
	c.Select.Refresh()
}

// Codes is what the select offers.
func (c *CodeSelect) Codes() []clinic.Code { return c.codes }

// Code is the chosen code, "" when none.
func (c *CodeSelect) Code() string { return c.Chosen().Code }

// Chosen is the chosen entry, the zero Code when none.
func (c *CodeSelect) Chosen() clinic.Code {
	if i := c.SelectedIndex(); i >= 0 && i < len(c.codes) {
		return c.codes[i]
	}
	return clinic.Code{}
}

// SelectCode chooses the entry with code; it reports false (and clears the
// choice) when the code is not offered.
func (c *CodeSelect) SelectCode(code string) bool {
	for i, k := range c.codes {
		if k.Code == code {
			c.SetSelectedIndex(i)
			return true
		}
	}
	c.ClearSelected()
	return false
}

// minHeight stacks its objects and asks for at least h: a list or table
// inside a scrolled form would otherwise shrink to a single row.
type minHeight struct{ h float32 }

func (m minHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	s.Height = max(s.Height, m.h)
	return s
}

func (m minHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// dateLayout is how the desk types dates: dd-mm-yyyy, as on the KTP and in
// PCare. Slashes and dots are accepted too, since people type what they
// see on paper.
const dateLayout = "02-01-2006"

// parseDate reads a dd-mm-yyyy date in loc; "" gives the zero time.
func parseDate(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	s = strings.NewReplacer("/", "-", ".", "-").Replace(s)
	t, err := time.ParseInLocation(dateLayout, s, loc)
	if err != nil {
		// "1-3-2025": people drop leading zeros.
		t, err = time.ParseInLocation("2-1-2006", s, loc)
	}
	if err != nil {
		return time.Time{}, errors.New(lang.L("date.error"))
	}
	return t, nil
}

// DateField is a dd-mm-yyyy entry with a calendar button. Fyne's own
// DateEntry follows the machine's locale (mm/dd on an en-US PC), which
// would let 03-04 mean April on one desk and March on the next.
type DateField struct {
	*Entry
	loc *time.Location
	now func() time.Time
	pop *widget.PopUp
	// Calendar is the month picker last opened by the field's button.
	Calendar *Calendar
	// OnChanged is called with the parsed date (zero when empty or invalid).
	OnChanged func(time.Time)
}

func newDateField(now func() time.Time) *DateField {
	f := &DateField{Entry: newEntry(), now: now, loc: now().Location()}
	f.SetPlaceHolder(lang.L("date.placeholder"))
	f.Validator = func(s string) error {
		_, err := parseDate(s, f.loc)
		return err
	}
	f.Entry.OnChanged = func(string) {
		if f.OnChanged != nil {
			f.OnChanged(f.Date())
		}
	}
	f.ActionItem = newButtonWithIcon("", theme.CalendarIcon(), f.showCalendar)
	return f
}

// Date is the typed date, zero when empty or not a date.
func (f *DateField) Date() time.Time {
	t, err := parseDate(f.Text, f.loc)
	if err != nil {
		return time.Time{}
	}
	return t
}

// SetDate shows t (nothing for the zero time).
func (f *DateField) SetDate(t time.Time) {
	if t.IsZero() {
		f.SetText("")
		return
	}
	f.SetText(t.In(f.loc).Format(dateLayout))
}

func (f *DateField) showCalendar() {
	c := fyne.CurrentApp().Driver().CanvasForObject(f.Entry)
	if c == nil {
		return
	}
	now := f.now().In(f.loc)
	f.Calendar = newCalendar(f.Date(), time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, f.loc), func(t time.Time) {
		f.SetDate(t)
		if f.pop != nil {
			f.pop.Hide()
		}
		c.Focus(f.Entry)
	})
	f.pop = widget.NewPopUp(f.Calendar.Container, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.Entry)
	f.pop.ShowAtPosition(pos.Add(fyne.NewPos(0, f.Entry.Size().Height)))
}

// validateDecimal accepts an empty entry or a number with one decimal
// separator, comma (as Indonesians write 37,5) or dot.
func validateDecimal(s string) error {
	if _, err := parseDecimal(s); err != nil {
		return errors.New(lang.L("exam.error.decimal"))
	}
	return nil
}

func parseDecimal(s string) (float64, error) {
	s = strings.TrimSpace(strings.Replace(s, ",", ".", 1))
	if s == "" {
		return 0, nil
	}
	if strings.Trim(s, "0123456789.") != "" || strings.Count(s, ".") > 1 || len(s) > 6 {
		return 0, errors.New("not a number")
	}
	return strconv.ParseFloat(s, 64)
}

// formatDecimal writes a number the Indonesian way, 37,5.
func formatDecimal(f float64) string {
	if f == 0 {
		return ""
	}
	return strings.Replace(strconv.FormatFloat(f, 'f', -1, 64), ".", ",", 1)
}

// refCache keeps PCare's short reference lists (doctors, specialities,
// facilities, special cases, sub-specialities) for the window's life: they
// change a few times a year, and a slow PCare must not be asked again for
// every patient. Failures are not cached, so the next patient retries.
// Only the UI goroutine touches it.
type refCache struct {
	bg    *background
	lists map[string][]clinic.Code
	subs  map[string][]clinic.SubSpecialist
	procs map[string][]clinic.ProcedureRef // by TKP
}

func newRefCache(bg *background) *refCache {
	return &refCache{bg: bg, lists: map[string][]clinic.Code{}, subs: map[string][]clinic.SubSpecialist{},
		procs: map[string][]clinic.ProcedureRef{}}
}

// codes calls done on the UI goroutine with the list under key, fetching it
// in the background the first time. The last list PCare gave is also kept
// in the app's preferences: when PCare is down in the morning, the doctor
// list from yesterday still lets the doctor record visits (the outbox
// sends them later).
func (r *refCache) codes(key string, fetch func(context.Context) ([]clinic.Code, error), done func([]clinic.Code, error)) {
	if l, ok := r.lists[key]; ok {
		done(l, nil)
		return
	}
	r.bg.run(nil, func(ctx context.Context) {
		l, err := fetch(ctx)
		r.bg.ui(func() {
			prefs := fyne.CurrentApp().Preferences()
			if err == nil {
				r.lists[key] = l
				if b, jerr := json.Marshal(l); jerr == nil {
					prefs.SetString("refs."+key, string(b))
				}
			} else if s := prefs.String("refs." + key); s != "" {
				var saved []clinic.Code
				if json.Unmarshal([]byte(s), &saved) == nil && len(saved) > 0 {
					l, err = saved, nil // not cached: PCare is asked again next time
				}
			}
			done(l, err)
		})
	})
}

// subSpecialists is codes for a speciality's sub-specialities.
func (r *refCache) subSpecialists(refs clinic.References, specialist string, done func([]clinic.SubSpecialist, error)) {
	if l, ok := r.subs[specialist]; ok {
		done(l, nil)
		return
	}
	r.bg.run(nil, func(ctx context.Context) {
		l, err := refs.SubSpecialists(ctx, specialist)
		r.bg.ui(func() {
			if err == nil {
				r.subs[specialist] = l
			}
			done(l, err)
		})
	})
}

// procedures calls done on the UI goroutine with PCare's procedures for a
// place of service (TKP), fetched in the background the first time. Like
// the doctor list, the last list PCare gave is kept in the preferences
// for a morning when PCare is down.
func (r *refCache) procedures(refs clinic.References, tkp string, done func([]clinic.ProcedureRef, error)) {
	if l, ok := r.procs[tkp]; ok {
		done(l, nil)
		return
	}
	r.bg.run(nil, func(ctx context.Context) {
		l, err := refs.Procedures(ctx, tkp)
		r.bg.ui(func() {
			prefs := fyne.CurrentApp().Preferences()
			key := "refs.procedures." + tkp
			if err == nil {
				r.procs[tkp] = l
				if b, jerr := json.Marshal(l); jerr == nil {
					prefs.SetString(key, string(b))
				}
			} else if s := prefs.String(key); s != "" {
				var saved []clinic.ProcedureRef
				if json.Unmarshal([]byte(s), &saved) == nil && len(saved) > 0 {
					l, err = saved, nil // not cached: PCare is asked again next time
				}
			}
			done(l, err)
		})
	})
}

// enabler is what Enable/Disable-able widgets share.
type enabler interface {
	Enable()
	Disable()
}

func setEnabled(on bool, ws ...enabler) {
	for _, w := range ws {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
}

// canvasOf is the canvas of the first of objs the driver knows one for.
// A desktop window knows an object's canvas only once it has painted it,
// so an object that was hidden until now (the button that replaces a
// search entry) has none yet: ask for it with one that was on screen.
func canvasOf(objs ...fyne.CanvasObject) fyne.Canvas {
	for _, o := range objs {
		if c := fyne.CurrentApp().Driver().CanvasForObject(o); c != nil {
			return c
		}
	}
	return nil
}

func setVisible(on bool, os ...fyne.CanvasObject) {
	for _, o := range os {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
}

// TextArea is a multi-line entry that Tab leaves, as in a web form: a tab
// character has no place in PCare's text fields, and a doctor keying
// through the examination must not be trapped in the anamnesis.
type TextArea struct {
	widget.Entry
}

func newTextArea(rows int, placeholder string) *TextArea {
	e := &TextArea{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	e.SetMinRowsVisible(rows)
	e.SetPlaceHolder(placeholder)
	return e
}

// AcceptsTab is false so Tab moves the focus on.
func (e *TextArea) AcceptsTab() bool { return false }

// TypedKey passes Esc to the window, as Entry does.
func (e *TextArea) TypedKey(k *fyne.KeyEvent) { keyOrEsc(e, k, e.Entry.TypedKey) }

// tableHeaders gives a table the house look: a bold header row with these
// titles, no header column, and the given column widths.
func tableHeaders(t *widget.Table, headers []string, widths []float32) {
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(headers) {
			o.(*widget.Label).SetText(headers[id.Col])
		}
	}
	for col, w := range widths {
		t.SetColumnWidth(col, w)
	}
}

// labelTable is a read-only table of truncating labels. rows says how many
// rows there are now; fill sets one cell's label from the screen's
// in-memory rows only (never the store: it runs on every scroll). Labels are
// reused between cells, so each arrives reset to plain, left-aligned text.
func labelTable(headers []string, widths []float32, rows func() int, fill func(l *widget.Label, row, col int)) *widget.Table {
	t := widget.NewTableWithHeaders(
		func() (int, int) { return rows(), len(headers) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.Importance, l.Alignment = widget.MediumImportance, fyne.TextAlignLeading
			if id.Row < 0 || id.Row >= rows() {
				l.SetText("")
				return
			}
			fill(l, id.Row, id.Col)
		})
	tableHeaders(t, headers, widths)
	return t
}
