package app

import (
	"context"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
)

// DefaultQueueRefresh is how often the queue re-reads the local store: it is
// a local query, cheap, and the outbox changes sync states behind our back.
const DefaultQueueRefresh = 5 * time.Second

// Queue table columns.
const (
	colQueueNo = iota
	colName
	colPoli
	colVisit
	colSync
	colUnverified
	queueCols
)

// QueueScreen is "Antrean hari ini": today's registrations with their
// queue numbers and how far each is on its way to PCare.
type QueueScreen struct {
	Container fyne.CanvasObject
	Filter    *Select // "Semua poli" or one poli
	Table     *widget.Table
	Summary   *widget.Label
	Error     *widget.Label
	// CancelBtn cancels the chosen registration (a patient who left, or a
	// desk mistake) after a confirmation; only before examination.
	CancelBtn *Button
	// Window hosts the confirmation; set by the main window.
	Window fyne.Window

	// RefreshEvery is the pause between automatic refreshes
	// (DefaultQueueRefresh); read by Start.
	RefreshEvery time.Duration

	d   Deps
	bg  *background
	all []clinic.Registration
	// rows is what the table shows: all, filtered by poli. Table callbacks
	// only read it.
	rows    []clinic.Registration
	chosen  *clinic.Registration
	allPoli string
	reload  reloader
}

// NewQueueScreen builds the screen; Start begins the automatic refresh.
func NewQueueScreen(d Deps, bg *background) *QueueScreen {
	q := &QueueScreen{d: d, bg: bg, RefreshEvery: DefaultQueueRefresh, allPoli: lang.L("queue.all_poli")}
	q.Filter = newSelect([]string{q.allPoli}, nil)
	q.Filter.Selected = q.allPoli
	q.Summary = widget.NewLabel("")
	q.Error = dangerLabel()

	headers := []string{
		lang.L("queue.col.no"), lang.L("queue.col.name"), lang.L("queue.col.poli"),
		lang.L("queue.col.visit"), lang.L("queue.col.sync"), lang.L("queue.col.unverified"),
	}
	q.Table = labelTable(headers, []float32{110, 300, 200, 140, 170, 180},
		func() int { return len(q.rows) },
		func(l *widget.Label, row, col int) {
			text, imp := q.cell(row, col)
			l.Importance = imp
			l.SetText(text)
		})

	q.Filter.OnChanged = func(string) { q.applyFilter() }

	q.CancelBtn = newButton(lang.L("queue.cancel"), func() {
		r := q.chosen
		if r == nil || q.Window == nil {
			return
		}
		showDialog(q.Window, dialog.NewConfirm(lang.L("queue.cancel.title"),
			lang.L("queue.cancel.confirm", map[string]any{"Name": r.PatientName, "No": dash(r.QueueNo)}),
			func(ok bool) {
				if ok {
					q.Cancel(*r)
				}
			}, q.Window))
	})
	q.CancelBtn.Importance = widget.DangerImportance
	q.CancelBtn.Disable()
	q.Table.OnSelected = func(id widget.TableCellID) {
		q.chosen = nil
		if id.Row >= 0 && id.Row < len(q.rows) {
			r := q.rows[id.Row]
			q.chosen = &r
		}
		if q.chosen != nil && q.chosen.VisitStatus == clinic.VisitWaiting {
			q.CancelBtn.Enable()
		} else {
			q.CancelBtn.Disable()
		}
	}

	refresh := newButton(lang.L("queue.refresh"), q.Refresh)
	top := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel(lang.L("queue.filter")), q.Filter), container.NewHBox(q.CancelBtn, refresh), q.Summary)
	q.Container = container.NewBorder(container.NewVBox(top, q.Error), nil, nil, nil, q.Table)
	return q
}

// Start refreshes now and then every RefreshEvery until the window closes.
func (q *QueueScreen) Start() {
	q.Refresh()
	every := q.RefreshEvery
	if every <= 0 {
		every = DefaultQueueRefresh
	}
	q.bg.every(every, q.Refresh)
}

// Refresh re-reads today's registrations off the UI goroutine; asked for
// while one runs, it runs once more after it.
func (q *QueueScreen) Refresh() {
	svc, d := q.d.Clinic, q.d
	q.reload.reload(q.bg, func(ctx context.Context) func() {
		now := d.now()
		regs, err := svc.Queue(ctx, time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC))
		return func() {
			if err != nil {
				setLabelError(q.Error, errorTextErr(err))
				return
			}
			setLabelError(q.Error, nil)
			q.set(regs)
		}
	})
}

// Rows is what the table shows now.
func (q *QueueScreen) Rows() []clinic.Registration { return q.rows }

func (q *QueueScreen) set(regs []clinic.Registration) {
	q.all = regs
	seen := map[string]bool{}
	var polis []string
	for _, r := range regs {
		if name := poliName(r); name != "" && !seen[name] {
			seen[name] = true
			polis = append(polis, name)
		}
	}
	sort.Strings(polis)
	q.Filter.SetOptions(append([]string{q.allPoli}, polis...))
	if q.Filter.Selected != q.allPoli && !seen[q.Filter.Selected] {
		q.Filter.SetSelected(q.allPoli) // calls applyFilter
		return
	}
	q.applyFilter()
}

func (q *QueueScreen) applyFilter() {
	sel := q.Filter.Selected
	q.rows = q.rows[:0:0]
	for _, r := range q.all {
		if sel == "" || sel == q.allPoli || poliName(r) == sel {
			q.rows = append(q.rows, r)
		}
	}
	q.Summary.SetText(lang.L("queue.summary", map[string]any{"N": len(q.rows)}))
	q.Table.Refresh()
}

// cell is the text of one table cell, from the in-memory rows only.
func (q *QueueScreen) cell(row, col int) (string, widget.Importance) {
	r := q.rows[row]
	switch col {
	case colQueueNo:
		return dash(r.QueueNo), widget.MediumImportance
	case colName:
		return dash(r.PatientName), widget.MediumImportance
	case colPoli:
		return dash(poliName(r)), widget.MediumImportance
	case colVisit:
		return visitText(r.VisitStatus), widget.MediumImportance
	case colSync:
		return syncWithReason(r.SyncState, r.SyncError)
	case colUnverified:
		if r.Unverified {
			return lang.L("queue.unverified"), widget.WarningImportance
		}
		return "", widget.MediumImportance
	}
	return "", widget.MediumImportance
}

// poliName is the poli as the desk knows it; the code when a registration
// came without its name (from the CLI, or an older record).
func poliName(r clinic.Registration) string {
	return orElse(r.PoliName, r.PoliCode)
}

// errorTextErr is errorText as an error, for setLabelError.
func errorTextErr(err error) error {
	if t := errorText(err); t != "" {
		return textError(t)
	}
	return nil
}

type textError string

func (e textError) Error() string { return string(e) }

// visitText names a registration's visit status.
func visitText(status string) string {
	switch status {
	case clinic.VisitExamined:
		return lang.L("visit.examined")
	case clinic.VisitReferred:
		return lang.L("visit.referred")
	}
	return lang.L("visit.waiting")
}

// syncText names a record's state on its way to PCare, with the importance
// that colours it.
func syncText(state string) (string, widget.Importance) {
	switch state {
	case clinic.SyncPending:
		return lang.L("sync.pending"), widget.MediumImportance
	case clinic.SyncSending:
		return lang.L("sync.sending"), widget.MediumImportance
	case clinic.SyncSent:
		return lang.L("sync.sent"), widget.SuccessImportance
	case clinic.SyncCorrection:
		return lang.L("sync.correction"), widget.DangerImportance
	case clinic.SyncUnknown:
		return lang.L("sync.unknown"), widget.WarningImportance
	}
	return dash(state), widget.MediumImportance
}

// syncWithReason adds PCare's refusal to the state when a person must act
// on it ("perlu perbaikan: Diagnosa … wajib mengisi TACC"), so the reason is
// on screen where the record is listed, not only in a log.
func syncWithReason(state, reason string) (string, widget.Importance) {
	text, imp := syncText(state)
	if state == clinic.SyncCorrection && strings.TrimSpace(reason) != "" {
		text += ": " + strings.TrimSpace(reason)
	}
	return text, imp
}

// Cancel cancels a registration in the background and refreshes the list;
// PCare is told by the outbox if it had the registration.
func (q *QueueScreen) Cancel(r clinic.Registration) {
	svc := q.d.Clinic
	q.CancelBtn.Disable()
	q.bg.run(q.bg.ctx, func(ctx context.Context) {
		err := svc.CancelRegistration(ctx, r.ID)
		q.bg.ui(func() {
			if err != nil {
				q.Error.SetText(errorText(err))
				q.Error.Show()
				return
			}
			q.chosen = nil
			q.Table.UnselectAll()
			q.Summary.SetText(lang.L("queue.cancel.done", map[string]any{"Name": r.PatientName}))
			q.Refresh()
		})
	})
}
