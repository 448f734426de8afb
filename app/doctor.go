package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
)

// DoctorScreen is "Pemeriksaan": today's patients waiting for the doctor
// on the left — and, on a second tab, those already examined, whose visit
// can be opened again — the examination of the one picked on the right.
type DoctorScreen struct {
	Container fyne.CanvasObject
	Lists     *container.AppTabs // waiting, examined
	Waiting   *widget.List
	Examined  *widget.List
	Summary   *widget.Label
	Error     *widget.Label
	Form      *ExamForm

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

	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.Refresh)
	title := widget.NewLabelWithStyle(lang.L("doctor.waiting"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.Lists = container.NewAppTabs(
		container.NewTabItem(lang.L("doctor.tab.waiting"), s.Waiting),
		container.NewTabItem(lang.L("doctor.tab.examined"), s.Examined))
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
	visits := s.d.Doctor.Visits
	s.bg.run(nil, func(ctx context.Context) {
		v, err := visits.VisitByRegistration(ctx, r.ID)
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

// ExaminedRows is the list of today's examined patients as shown.
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

// Refresh re-reads today's waiting registrations off the UI goroutine.
func (s *DoctorScreen) Refresh() {
	svc, d := s.d.Clinic, s.d
	s.reload.reload(s.bg, func(ctx context.Context) func() {
		now := d.now()
		regs, err := svc.Queue(ctx, time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC))
		return func() {
			if err != nil {
				setLabelError(s.Error, errorTextErr(err))
				return
			}
			setLabelError(s.Error, nil)
			s.set(regs)
		}
	})
}

func (s *DoctorScreen) set(regs []clinic.Registration) {
	var waiting, examined []clinic.Registration
	for _, r := range regs {
		if r.VisitStatus == "" || r.VisitStatus == clinic.VisitWaiting {
			waiting = append(waiting, r)
		} else {
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
