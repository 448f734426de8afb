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
// on the left, the examination of the one picked on the right.
type DoctorScreen struct {
	Container fyne.CanvasObject
	Waiting   *widget.List
	Summary   *widget.Label
	Error     *widget.Label
	Form      *ExamForm

	// RefreshEvery is the pause between automatic refreshes of the waiting
	// list (DefaultQueueRefresh); read by Start.
	RefreshEvery time.Duration

	d  Deps
	bg *background
	// rows is what the list shows; its callbacks only read it.
	rows   []clinic.Registration
	reload reloader
}

// NewDoctorScreen builds the screen; Start begins the automatic refresh.
func NewDoctorScreen(w fyne.Window, d Deps, bg *background) *DoctorScreen {
	s := &DoctorScreen{d: d, bg: bg, RefreshEvery: DefaultQueueRefresh}
	s.Summary = widget.NewLabel("")
	s.Summary.Wrapping = fyne.TextWrapWord
	s.Error = dangerLabel()
	s.Waiting = widget.NewList(
		func() int { return len(s.rows) },
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
			name, detail := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Label)
			if i < 0 || i >= len(s.rows) {
				name.SetText("")
				detail.SetText("")
				return
			}
			r := s.rows[i]
			name.SetText(waitingName(r))
			detail.SetText(waitingDetail(r))
		})
	s.Waiting.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(s.rows) {
			s.Pick(s.rows[i])
		}
	}
	s.Form = NewExamForm(w, d, bg, newRefCache(bg))
	s.Form.OnSaved = func(clinic.Visit) {
		s.Waiting.UnselectAll()
		s.Refresh()
	}

	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.Refresh)
	title := widget.NewLabelWithStyle(lang.L("doctor.waiting"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	left := container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, nil, refresh, title), s.Summary, s.Error),
		nil, nil, nil, s.Waiting)
	split := container.NewHSplit(left, s.Form.Container)
	// About 270 px of a 1366 px screen: names fit, the form keeps the rest.
	split.SetOffset(0.2)
	s.Container = split
	return s
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
	if cur := s.Form.Registration(); cur != nil && cur.ID == r.ID {
		return // the list refreshed under the doctor's selection
	}
	s.Form.SetRegistration(r)
}

// Rows is the waiting list as shown.
func (s *DoctorScreen) Rows() []clinic.Registration { return s.rows }

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
	var waiting []clinic.Registration
	for _, r := range regs {
		if r.VisitStatus == "" || r.VisitStatus == clinic.VisitWaiting {
			waiting = append(waiting, r)
		}
	}
	// Keep the highlighted row on the patient being examined, whose index
	// moves as others are examined.
	selected := -1
	if cur := s.Form.Registration(); cur != nil {
		for i, r := range waiting {
			if r.ID == cur.ID {
				selected = i
			}
		}
	}
	s.rows = waiting
	if len(waiting) == 0 {
		s.Summary.SetText(lang.L("doctor.waiting.none"))
	} else {
		s.Summary.SetText(lang.L("doctor.waiting.count", map[string]any{"N": len(waiting)}))
	}
	s.Waiting.Refresh()
	if selected >= 0 {
		s.Waiting.Select(selected)
	} else {
		s.Waiting.UnselectAll()
	}
}
