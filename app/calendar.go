package app

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Calendar is a month of day buttons for picking a date. Fyne's own
// calendar names the month with Go's English names ("January 2027") on
// an Indonesian screen; this one says "Januari 2027". Weeks start on
// Monday (Senin), as on PCare's date pickers.
type Calendar struct {
	Container *fyne.Container
	Month     *widget.Label
	Prev      *Button
	Next      *Button
	days      *fyne.Container

	shown  time.Time // the first of the month on show
	chosen time.Time // the date in the field, zero when none
	today  time.Time
	pick   func(time.Time)
}

// newCalendar shows the month of chosen (or of today when chosen is
// zero); pick gets the tapped day at midnight in today's location.
func newCalendar(chosen, today time.Time, pick func(time.Time)) *Calendar {
	c := &Calendar{chosen: chosen, today: today, pick: pick, Month: widget.NewLabel("")}
	c.Month.Alignment = fyne.TextAlignCenter
	c.Month.TextStyle.Bold = true
	start := chosen
	if start.IsZero() {
		start = today
	}
	c.shown = firstOfMonth(start)
	c.Prev = newButtonWithIcon("", theme.NavigateBackIcon(), func() { c.show(c.shown.AddDate(0, -1, 0)) })
	c.Next = newButtonWithIcon("", theme.NavigateNextIcon(), func() { c.show(c.shown.AddDate(0, 1, 0)) })
	c.Prev.Importance, c.Next.Importance = widget.LowImportance, widget.LowImportance
	c.days = container.NewGridWithColumns(7)
	c.Container = container.NewBorder(container.NewBorder(nil, nil, c.Prev, c.Next, c.Month), nil, nil, nil, c.days)
	c.show(c.shown)
	return c
}

// weekdays are the column heads, Monday first.
var weekdays = [7]string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// show lays out the month that holds first.
func (c *Calendar) show(first time.Time) {
	c.shown = firstOfMonth(first)
	c.Month.SetText(monthYear(c.shown))
	objs := make([]fyne.CanvasObject, 0, 7*7)
	for _, d := range weekdays {
		h := widget.NewLabel(strings.ToUpper(lang.L(d + ".short")))
		h.Alignment = fyne.TextAlignCenter
		objs = append(objs, h)
	}
	// Blank cells up to the month's first weekday (Monday = 0).
	for i := 0; i < (int(c.shown.Weekday())+6)%7; i++ {
		objs = append(objs, widget.NewLabel(""))
	}
	for d := c.shown; d.Month() == c.shown.Month(); d = d.AddDate(0, 0, 1) {
		objs = append(objs, c.dayButton(d))
	}
	c.days.Objects = objs
	c.days.Refresh()
}

func (c *Calendar) dayButton(d time.Time) *Button {
	b := newButton(strconv.Itoa(d.Day()), func() { c.pick(d) })
	switch {
	case sameDay(d, c.chosen):
		b.Importance = widget.HighImportance
	case sameDay(d, c.today):
		b.Importance = widget.MediumImportance
	default:
		b.Importance = widget.LowImportance
	}
	return b
}

// Shown is the first of the month on show.
func (c *Calendar) Shown() time.Time { return c.shown }

// Day is the button of day n of the month on show, nil when there is none.
func (c *Calendar) Day(n int) *Button {
	for _, o := range c.days.Objects {
		if b, ok := o.(*Button); ok && b.Text == strconv.Itoa(n) {
			return b
		}
	}
	return nil
}

func firstOfMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
}

// sameDay reports whether a and b fall on the same calendar day (never
// for a zero time).
func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return !a.IsZero() && !b.IsZero() && ay == by && am == bm && ad == bd
}
