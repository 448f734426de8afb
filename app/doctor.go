package app

import (
	"context"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
)

// DoctorScreen is "Pemeriksaan": today's patients waiting for the doctor
// on the left — and, on a second tab, those already examined on a day
// (today unless the doctor steps back), whose visit can be opened again to
// correct it — the examination of the one picked on the right.
type DoctorScreen struct {
	Container fyne.CanvasObject
	Lists     *container.AppTabs // waiting, examined
	Waiting   *widget.List
	Examined  *widget.List
	// Day is the examined list's day; PrevDay and NextDay step it (not
	// past today).
	Day     *widget.Label
	PrevDay *Button
	NextDay *Button
	Summary *widget.Label
	Error   *widget.Label
	Form    *ExamForm

	// RefreshEvery is the pause between automatic refreshes of the waiting
	// list (DefaultQueueRefresh); read by Start.
	RefreshEvery time.Duration

	d  Deps
	bg *background
	// rows and examined are what the lists show; their callbacks only
	// read them.
	rows     []clinic.Registration
	examined []clinic.Registration
	reload   reloader
	// back is how many days before today the examined list shows: set
	// on the UI goroutine, read by the load when it runs.
	back atomic.Int32
}

// NewDoctorScreen builds the screen; Start begins the automatic refresh.
func NewDoctorScreen(w fyne.Window, d Deps, bg *background) *DoctorScreen {
	s := &DoctorScreen{d: d, bg: bg, RefreshEvery: DefaultQueueRefresh}
	s.Summary = widget.NewLabel("")
	s.Summary.Wrapping = fyne.TextWrapWord
	s.Error = dangerLabel()
	s.Waiting = patientList(&s.rows, waitingDetail, s.Pick)
	s.Examined = patientList(&s.examined, examinedDetail, s.Open)
	s.Form = NewExamForm(w, d, bg, newRefCache(bg))
	s.Form.OnSaved = func(clinic.Visit) { s.Refresh() }

	refresh := newButtonWithIcon("", theme.ViewRefreshIcon(), s.Refresh)
	title := widget.NewLabelWithStyle(lang.L("doctor.waiting"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.Day = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	s.PrevDay = newButtonWithIcon("", theme.NavigateBackIcon(), func() { s.stepDay(1) })
	s.NextDay = newButtonWithIcon("", theme.NavigateNextIcon(), func() { s.stepDay(-1) })
	s.showDay()
	s.Lists = container.NewAppTabs(
		container.NewTabItem(lang.L("doctor.tab.waiting"), s.Waiting),
		container.NewTabItem(lang.L("doctor.tab.examined"),
			container.NewBorder(container.NewBorder(nil, nil, s.PrevDay, s.NextDay, s.Day), nil, nil, nil, s.Examined)))
	left := container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, nil, refresh, title), s.Summary, s.Error),
		nil, nil, nil, s.Lists)
	split := container.NewHSplit(left, s.Form.Container)
	// About 270 px of a 1366 px screen: names fit, the form keeps the rest.
	split.SetOffset(0.2)
	s.Container = split
	return s
}

// patientList lists registrations (*rows, read at every update) by name
// and detail; picking one calls pick.
func patientList(rows *[]clinic.Registration, detail func(clinic.Registration) string, pick func(clinic.Registration)) *widget.List {
	l := widget.NewList(
		func() int { return len(*rows) },
		func() fyne.CanvasObject {
			name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			name.Truncation = fyne.TextTruncateEllipsis
			detail := widget.NewLabel("")
			detail.Truncation = fyne.TextTruncateEllipsis
			detail.SizeName = theme.SizeNameCaptionText
			return container.NewVBox(name, detail)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			name, text := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Label)
			if i < 0 || i >= len(*rows) {
				name.SetText("")
				text.SetText("")
				return
			}
			r := (*rows)[i]
			name.SetText(waitingName(r))
			text.SetText(detail(r))
		})
	l.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(*rows) {
			pick((*rows)[i])
		}
	}
	return l
}

// examinedDetail is the second line of an examined patient: poli and how
// the visit ended.
func examinedDetail(r clinic.Registration) string {
	return dash(poliName(r)) + " · " + visitText(r.VisitStatus)
}

// waitingName is the first line of a waiting patient: the queue number,
// once PCare has given it, and the name.
func waitingName(r clinic.Registration) string {
	if r.QueueNo == "" {
		return dash(r.PatientName)
	}
	return r.QueueNo + "  " + dash(r.PatientName)
}

// waitingDetail is the second line of a waiting patient: poli and the
// complaint the front desk wrote down.
func waitingDetail(r clinic.Registration) string {
	text := poliName(r)
	if r.Complaint != "" {
		text += " · " + r.Complaint
	}
	return dash(text)
}

// Pick starts the examination of r.
func (s *DoctorScreen) Pick(r clinic.Registration) {
	if cur := s.Form.Registration(); cur != nil && cur.ID == r.ID && s.Form.Editing() == nil {
		return // the list refreshed under the doctor's selection
	}
	s.Examined.UnselectAll()
	s.Form.SetRegistration(r)
}

// Open loads the recorded visit of r, an examined patient, into the form
// to be changed ("Ubah pemeriksaan").
func (s *DoctorScreen) Open(r clinic.Registration) {
	if e := s.Form.Editing(); e != nil && e.RegistrationID == r.ID {
		return // the list refreshed under the doctor's selection
	}
	s.Waiting.UnselectAll()
	desk := s.d.Doctor
	s.bg.run(nil, func(ctx context.Context) {
		v, err := desk.VisitByRegistration(ctx, r.ID)
		s.bg.ui(func() {
			if err != nil {
				setLabelError(s.Error, errorTextErr(err))
				return
			}
			setLabelError(s.Error, nil)
			s.Form.StartEdit(r, v)
		})
	})
}

// Rows is the waiting list as shown.
func (s *DoctorScreen) Rows() []clinic.Registration { return s.rows }

// ExaminedRows is the examined list as shown (of the day Day says).
func (s *DoctorScreen) ExaminedRows() []clinic.Registration { return s.examined }

// Start refreshes now and then every RefreshEvery until the window closes.
func (s *DoctorScreen) Start() {
	s.Refresh()
	every := s.RefreshEvery
	if every <= 0 {
		every = DefaultQueueRefresh
	}
	s.bg.every(every, s.Refresh)
}

// Refresh re-reads today's registrations, and those of the examined
// list's day when it is another, off the UI goroutine.
func (s *DoctorScreen) Refresh() {
	svc := s.d.Clinic
	s.reload.reload(s.bg, func(ctx context.Context) func() {
		today, back := s.today(), int(s.back.Load())
		regs, err := svc.Queue(ctx, today)
		earlier := regs
		if err == nil && back > 0 {
			earlier, err = svc.Queue(ctx, today.AddDate(0, 0, -back))
		}
		return func() {
			if err != nil {
				setLabelError(s.Error, errorTextErr(err))
				return
			}
			if back != int(s.back.Load()) {
				return // the doctor stepped on meanwhile: the reload that follows shows it
			}
			setLabelError(s.Error, nil)
			s.set(regs, earlier)
		}
	})
}

// today is the clinic's date (registrations are kept by date, in UTC).
func (s *DoctorScreen) today() time.Time {
	now := s.d.now()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}

// stepDay moves the examined list by days back (negative: forward), never
// past today, and loads that day.
func (s *DoctorScreen) stepDay(days int) {
	s.back.Store(max(s.back.Load()+int32(days), 0))
	s.showDay()
	s.examined = nil
	s.Examined.UnselectAll()
	s.Examined.Refresh()
	s.Refresh()
}

func (s *DoctorScreen) showDay() {
	back := int(s.back.Load())
	day := s.today().AddDate(0, 0, -back)
	if back == 0 {
		s.Day.SetText(lang.L("doctor.examined.today", map[string]any{"Date": formatDate(day)}))
		s.NextDay.Disable()
	} else {
		s.Day.SetText(formatDate(day))
		s.NextDay.Enable()
	}
}

// set shows today's waiting patients and the examined ones of earlier, the
// examined list's day (today's registrations again when it is today).
func (s *DoctorScreen) set(today, earlier []clinic.Registration) {
	var waiting, examined []clinic.Registration
	for _, r := range today {
		if r.VisitStatus == "" || r.VisitStatus == clinic.VisitWaiting {
			waiting = append(waiting, r)
		}
	}
	for _, r := range earlier {
		if r.VisitStatus != "" && r.VisitStatus != clinic.VisitWaiting {
			examined = append(examined, r)
		}
	}
	editing := s.Form.Editing() != nil
	s.rows, s.examined = waiting, examined
	if len(waiting) == 0 {
		s.Summary.SetText(lang.L("doctor.waiting.none"))
	} else {
		s.Summary.SetText(lang.L("doctor.waiting.count", map[string]any{"N": len(waiting)}))
	}
	s.Lists.Items[1].Text = lang.L("doctor.tab.examined.count", map[string]any{"N": len(examined)})
	s.Lists.Refresh()
	keepSelection(s.Waiting, waiting, s.Form.Registration(), !editing)
	keepSelection(s.Examined, examined, s.Form.Registration(), editing)
}

// keepSelection refreshes a list and keeps its highlighted row on the
// patient in the form (when the form is this list's), whose index moves
// as others are examined.
func keepSelection(l *widget.List, rows []clinic.Registration, cur *clinic.Registration, ours bool) {
	l.Refresh()
	if cur != nil && ours {
		for i, r := range rows {
			if r.ID == cur.ID {
				l.Select(i)
				return
			}
		}
	}
	l.UnselectAll()
}
