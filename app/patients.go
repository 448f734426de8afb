package app

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
)

// DefaultSearchDelay is how long typing must pause before a search runs:
// long enough that a fast typist does not start a query per letter on an
// old PC, short enough to feel immediate.
const DefaultSearchDelay = 250 * time.Millisecond

// searchLimit bounds one result list; more is a sign to type more.
const searchLimit = 50

// Patient table columns.
const (
	colRecordNo = iota
	colPatientName
	colSex
	colAge
	colNIK
	colCard
)

// PatientsScreen is "Pasien": find the clinic's patients by name, NIK,
// card number or record number, with results as one types.
type PatientsScreen struct {
	Container fyne.CanvasObject
	Search    *Entry
	Table     *widget.Table
	Summary   *widget.Label
	// History shows the chosen patient's visits; CheckBtn checks their
	// eligibility (OnPick).
	History      *widget.List
	HistoryTitle *widget.Label
	CheckBtn     *Button

	// Delay is the typing pause before a search (DefaultSearchDelay).
	Delay time.Duration
	// OnPick is called when a patient row is chosen.
	OnPick func(clinic.Patient)

	d  Deps
	bg *background
	// rows is what the table shows; table callbacks only read it.
	rows   []clinic.Patient
	search debouncer
	// chosen and visits are the history panel's patient and rows.
	chosen *clinic.Patient
	visits []clinic.Registration
}

// NewPatientsScreen builds the screen.
func NewPatientsScreen(d Deps, bg *background) *PatientsScreen {
	p := &PatientsScreen{d: d, bg: bg, Delay: DefaultSearchDelay}
	p.Search = newEntry()
	p.Search.SetPlaceHolder(lang.L("patients.search.placeholder"))
	p.Search.OnChanged = p.searchSoon
	p.Search.OnSubmitted = func(string) {
		if len(p.rows) > 0 && p.OnPick != nil {
			p.OnPick(p.rows[0])
		}
	}
	p.Summary = widget.NewLabel(lang.L("patients.hint"))

	headers := []string{
		lang.L("patients.col.record"), lang.L("patients.col.name"), lang.L("patients.col.sex"),
		lang.L("patients.col.age"), lang.L("patients.col.nik"), lang.L("patients.col.card"),
	}
	p.Table = labelTable(headers, []float32{130, 320, 120, 80, 200, 170},
		func() int { return len(p.rows) },
		func(l *widget.Label, row, col int) { l.SetText(p.cell(row, col)) })
	p.Table.OnSelected = func(id widget.TableCellID) {
		p.Table.UnselectAll()
		if id.Row >= 0 && id.Row < len(p.rows) {
			p.showHistory(p.rows[id.Row])
		}
	}

	top := container.NewVBox(
		widget.NewLabelWithStyle(lang.L("patients.search.label"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		p.Search, p.Summary)
	p.HistoryTitle = widget.NewLabelWithStyle(lang.L("patients.history.none"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.CheckBtn = newButton(lang.L("patients.history.check"), func() {
		if p.chosen != nil && p.OnPick != nil {
			p.OnPick(*p.chosen)
		}
	})
	p.CheckBtn.Disable()
	p.History = widget.NewList(
		func() int { return len(p.visits) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= 0 && i < len(p.visits) {
				o.(*widget.Label).SetText(visitLine(p.visits[i]))
			}
		})
	history := container.NewBorder(container.NewBorder(nil, nil, nil, p.CheckBtn, p.HistoryTitle), nil, nil, nil, p.History)
	split := container.NewVSplit(p.Table, history)
	split.SetOffset(0.6)
	p.Container = container.NewBorder(top, nil, nil, nil, split)
	return p
}

// showHistory loads a patient's visits into the history panel.
func (p *PatientsScreen) showHistory(pt clinic.Patient) {
	p.chosen = &pt
	p.CheckBtn.Enable()
	p.HistoryTitle.SetText(lang.L("patients.history.title", map[string]any{"Name": pt.Name, "Record": pt.RecordNo}))
	svc := p.d.Clinic
	p.bg.run(p.bg.ctx, func(ctx context.Context) {
		visits, err := svc.PatientHistory(ctx, pt.ID)
		p.bg.ui(func() {
			if p.chosen == nil || p.chosen.ID != pt.ID {
				return // another patient was chosen meanwhile
			}
			if err != nil {
				p.HistoryTitle.SetText(errorText(err))
				visits = nil
			} else if len(visits) == 0 {
				p.HistoryTitle.SetText(lang.L("patients.history.empty", map[string]any{"Name": pt.Name, "Record": pt.RecordNo}))
			}
			p.visits = visits
			p.History.Refresh()
		})
	})
}

// Visits is what the history panel shows now.
func (p *PatientsScreen) Visits() []clinic.Registration { return p.visits }

// visitLine is one visit in the history: date, poli, queue number, state.
func visitLine(r clinic.Registration) string {
	no := r.QueueNo
	if no == "" {
		no = "—"
	}
	sync, _ := syncText(r.SyncState)
	return lang.L("patients.history.line", map[string]any{
		"Date": formatDate(r.Date), "Poli": dash(r.PoliName), "No": no,
		"Visit": visitText(r.VisitStatus), "Sync": sync,
	})
}

// Rows is what the table shows now.
func (p *PatientsScreen) Rows() []clinic.Patient { return p.rows }

// searchSoon runs a search once typing pauses; each keystroke cancels the
// search the previous one scheduled.
func (p *PatientsScreen) searchSoon(text string) {
	query := strings.TrimSpace(text)
	if query == "" {
		p.search.stop()
		p.setRows(nil, lang.L("patients.hint"))
		return
	}
	svc := p.d.Clinic
	debounce(&p.search, p.bg, p.Delay, func(ctx context.Context) ([]clinic.Patient, error) {
		return svc.SearchPatients(ctx, query, searchLimit)
	}, func(found []clinic.Patient, err error) {
		if err != nil {
			p.setRows(nil, errorText(err))
			return
		}
		summary := lang.L("patients.found", map[string]any{"N": len(found)})
		if len(found) == 0 {
			summary = lang.L("patients.none")
		} else if len(found) >= searchLimit {
			summary = lang.L("patients.more", map[string]any{"N": len(found)})
		}
		p.setRows(found, summary)
	})
}
func (p *PatientsScreen) setRows(rows []clinic.Patient, summary string) {
	p.rows = rows
	p.Summary.SetText(summary)
	p.Table.Refresh()
}

func (p *PatientsScreen) cell(row, col int) string {
	pt := p.rows[row]
	switch col {
	case colRecordNo:
		return dash(pt.RecordNo)
	case colPatientName:
		return dash(pt.Name)
	case colSex:
		return sexText(pt.Sex)
	case colAge:
		if pt.BirthDate.IsZero() {
			return "—"
		}
		return strconv.Itoa(clinic.AgeYears(pt.BirthDate, p.d.now()))
	case colNIK:
		return dash(pt.NIK)
	case colCard:
		return dash(pt.CardNo)
	}
	return ""
}
