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
	patientCols
)

// PatientsScreen is "Pasien": find the clinic's patients by name, NIK,
// card number or record number, with results as one types.
type PatientsScreen struct {
	Container fyne.CanvasObject
	Search    *widget.Entry
	Table     *widget.Table
	Summary   *widget.Label

	// Delay is the typing pause before a search (DefaultSearchDelay).
	Delay time.Duration
	// OnPick is called when a patient row is chosen.
	OnPick func(clinic.Patient)

	d  Deps
	bg *background
	// rows is what the table shows; table callbacks only read it.
	rows   []clinic.Patient
	gen    int
	cancel context.CancelFunc
}

// NewPatientsScreen builds the screen.
func NewPatientsScreen(d Deps, bg *background) *PatientsScreen {
	p := &PatientsScreen{d: d, bg: bg, Delay: DefaultSearchDelay}
	p.Search = widget.NewEntry()
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
	p.Table = widget.NewTableWithHeaders(
		func() (int, int) { return len(p.rows), patientCols },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row < 0 || id.Row >= len(p.rows) {
				o.(*widget.Label).SetText("")
				return
			}
			o.(*widget.Label).SetText(p.cell(id.Row, id.Col))
		},
	)
	p.Table.ShowHeaderColumn = false
	p.Table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	p.Table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(headers) {
			o.(*widget.Label).SetText(headers[id.Col])
		}
	}
	p.Table.OnSelected = func(id widget.TableCellID) {
		p.Table.UnselectAll()
		if id.Row >= 0 && id.Row < len(p.rows) && p.OnPick != nil {
			p.OnPick(p.rows[id.Row])
		}
	}
	for col, w := range []float32{130, 320, 120, 80, 200, 170} {
		p.Table.SetColumnWidth(col, w)
	}

	top := container.NewVBox(
		widget.NewLabelWithStyle(lang.L("patients.search.label"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		p.Search, p.Summary)
	p.Container = container.NewBorder(top, nil, nil, nil, p.Table)
	return p
}

// Rows is what the table shows now.
func (p *PatientsScreen) Rows() []clinic.Patient { return p.rows }

// searchSoon runs a search once typing pauses; each keystroke cancels the
// search the previous one scheduled.
func (p *PatientsScreen) searchSoon(text string) {
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.gen++
	query := strings.TrimSpace(text)
	if query == "" {
		p.setRows(nil, lang.L("patients.hint"))
		return
	}
	gen, delay := p.gen, p.Delay
	ctx, cancel := p.bg.child()
	p.cancel = cancel
	svc := p.d.Clinic
	p.bg.run(ctx, func(ctx context.Context) {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		found, err := svc.SearchPatients(ctx, query, searchLimit)
		if ctx.Err() != nil {
			return
		}
		p.bg.ui(func() {
			if gen != p.gen {
				return
			}
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
