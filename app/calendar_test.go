package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// The date field's calendar names the month in Indonesian, starts weeks on
// Monday, marks the typed day, and a tapped day lands in the field as
// dd-mm-yyyy with the calendar closed.
func TestDateFieldCalendar(t *testing.T) {
	test.NewTempApp(t)
	jakarta := time.FixedZone("WIB", 7*3600)
	today := time.Date(2026, 11, 22, 15, 4, 0, 0, jakarta)
	f := newDateField(func() time.Time { return today })
	w := test.NewWindow(f)
	defer w.Close()
	w.Resize(fyne.NewSize(400, 500))

	f.SetText("15-01-2027")
	f.showCalendar()
	cal := f.Calendar
	if cal.Month.Text != "Januari 2027" {
		t.Fatalf("month %q", cal.Month.Text)
	}
	if b := cal.Day(15); b == nil || b.Importance != widget.HighImportance {
		t.Fatal("the typed day is not marked")
	}
	// 1 January 2027 is a Friday: four blanks after the heads SEN..JUM.
	heads := cal.days.Objects[:7]
	if heads[0].(*widget.Label).Text != "SEN" || heads[6].(*widget.Label).Text != "MIN" {
		t.Fatalf("week starts %q, ends %q", heads[0].(*widget.Label).Text, heads[6].(*widget.Label).Text)
	}
	if first := cal.days.Objects[7+4]; first != cal.Day(1) {
		t.Fatal("1 January 2027 is not under Jumat")
	}
	if n := len(cal.days.Objects) - 7 - 4; n != 31 {
		t.Fatalf("January has %d days", n)
	}

	test.Tap(cal.Next)
	if cal.Month.Text != "Februari 2027" || cal.Day(29) != nil || cal.Day(28) == nil {
		t.Fatalf("next month %q", cal.Month.Text)
	}
	test.Tap(cal.Day(3))
	if f.Text != "03-02-2027" || !f.Date().Equal(time.Date(2027, 2, 3, 0, 0, 0, 0, jakarta)) {
		t.Fatalf("picked %q = %v", f.Text, f.Date())
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("the calendar stayed open after a pick")
	}

	// An empty field opens on today's month with today marked.
	f.SetText("")
	f.showCalendar()
	if f.Calendar.Month.Text != "November 2026" || f.Calendar.Day(22).Importance != widget.MediumImportance {
		t.Fatalf("empty field opens on %q", f.Calendar.Month.Text)
	}
}
