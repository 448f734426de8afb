package app

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
	"fktpdesk/printing"
	"fktpdesk/referral"
)

// Printing table columns.
const (
	colPrintPick = iota
	colPrintPatient
	colPrintHospital
	colPrintNumber
	colPrintSync
	colPrintValidity
	colPrintPrinted
	printCols
)

// spoolAge is how long a PDF handed to the printer is kept: on Windows the
// PDF reader opens it after the hand-over returns, so it cannot be removed
// at once; an hour later nobody needs it.
const spoolAge = time.Hour

// PrintingScreen is "Cetak rujukan": a day's referrals with their BPJS
// numbers, validity and print history; letters print to the chosen
// printer or save as PDF, one at a time or the selected ones as one job.
type PrintingScreen struct {
	Container fyne.CanvasObject
	Day       *DateField
	TodayBtn  *Button
	Table     *widget.Table
	Summary   *widget.Label
	Error     *widget.Label
	// Current names the referral the single-letter buttons act on: a table
	// highlights only the cell clicked, not the row.
	Current *widget.Label

	Printer          *Select
	PrintBtn         *Button // "Cetak", or "Cetak ulang" once printed
	SaveBtn          *Button
	PrintSelectedBtn *Button
	SaveSelectedBtn  *Button

	// Number prints any referral by its number, also one made in PCare web.
	Number         *Entry
	NumberPrintBtn *Button
	NumberSaveBtn  *Button

	Status *widget.Label
	// OpenBtn shows after a print the printing system refused (no PDF
	// reader that prints on Windows, no CUPS): it opens the letter in the
	// PC's PDF viewer, to be printed from there.
	OpenBtn *Button
	// Open shows a PDF in the system's viewer (openInViewer when nil).
	Open func(path string) error

	// RefreshEvery is the pause between automatic refreshes: the outbox
	// fills in BPJS numbers behind the screen's back.
	RefreshEvery time.Duration
	// SpoolDir is where PDFs for the printer are written
	// (<temp>/fktpdesk-print when empty).
	SpoolDir string

	w  fyne.Window
	d  Deps
	bg *background
	// rows is what the table shows; its callbacks only read it.
	rows      []printRow
	currentID int64
	checked   map[int64]bool
	day       time.Time
	loading   bool
	again     bool
	busy      bool
	printers  bool // the printer list has been asked for
	// refused is what the last refused print would have printed, for
	// OpenBtn.
	refused refusedPrint
}

// refusedPrint is a letter PDF the printer refused and the visits it is
// for (none for a referral made in PCare web).
type refusedPrint struct {
	file    string
	visits  []clinic.Visit
	letters []referral.Letter
}

// printRow is one referral and its print history.
type printRow struct {
	Visit  clinic.Visit
	Prints []clinic.Print
}

// NewPrintingScreen builds the screen; Start loads it.
func NewPrintingScreen(w fyne.Window, d Deps, bg *background) *PrintingScreen {
	p := &PrintingScreen{w: w, d: d, bg: bg, RefreshEvery: DefaultQueueRefresh, checked: map[int64]bool{}}
	p.day = dayOf(d.now())

	p.Day = newDateField(d.now)
	p.Day.SetDate(p.day)
	p.Day.OnChanged = func(t time.Time) {
		if !t.IsZero() && !t.Equal(p.day) {
			p.day = dayOf(t)
			p.currentID = 0
			p.Refresh()
		}
	}
	p.TodayBtn = newButton(lang.L("print.today"), func() { p.Day.SetDate(dayOf(p.d.now())) })
	p.Summary = widget.NewLabel("")
	p.Error = dangerLabel()
	p.Current = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.Current.Truncation = fyne.TextTruncateEllipsis

	p.Table = p.newTable()

	p.Printer = newSelect(nil, nil)
	p.Printer.PlaceHolder = lang.L("print.printer.loading")
	p.PrintBtn = newButtonWithIcon(lang.L("print.print"), theme.DocumentPrintIcon(), func() {
		if v, ok := p.current(); ok {
			p.PrintVisit(v.ID, p.setStatus)
		}
	})
	p.PrintBtn.Importance = widget.HighImportance
	p.SaveBtn = newButtonWithIcon(lang.L("print.save"), theme.DocumentSaveIcon(), func() {
		if v, ok := p.current(); ok {
			p.askSave([]int64{v.ID})
		}
	})
	p.PrintSelectedBtn = newButtonWithIcon(lang.L("print.selected"), theme.DocumentPrintIcon(), func() {
		p.PrintVisits(p.Selected(), p.setStatus)
	})
	p.SaveSelectedBtn = newButtonWithIcon(lang.L("print.selected.save"), theme.DocumentSaveIcon(), func() {
		p.askSave(p.Selected())
	})

	p.Number = newEntry()
	p.Number.SetPlaceHolder(lang.L("print.number.placeholder"))
	p.Number.OnSubmitted = func(string) { p.PrintNumber(p.Number.Text) }
	p.NumberPrintBtn = newButtonWithIcon(lang.L("print.print"), theme.DocumentPrintIcon(), func() { p.PrintNumber(p.Number.Text) })
	p.NumberSaveBtn = newButtonWithIcon(lang.L("print.save"), theme.DocumentSaveIcon(), func() { p.askSaveNumber(p.Number.Text) })

	p.Status = widget.NewLabel("")
	p.Status.Wrapping = fyne.TextWrapWord
	p.OpenBtn = newButtonWithIcon(lang.L("print.open"), theme.FileApplicationIcon(), p.openRefused)
	p.OpenBtn.Hide()

	dayRow := container.NewHBox(widget.NewLabel(lang.L("print.day")), container.New(minWidth{170}, p.Day.Entry), p.TodayBtn)
	top := container.NewVBox(
		container.NewBorder(nil, nil, dayRow, nil, p.Summary),
		p.Error,
	)
	// Actions first in reading order (Tab reaches them before the printer
	// choice, which is set once a day); the printer at the right.
	actions := container.NewHBox(p.PrintBtn, p.SaveBtn, widget.NewSeparator(), p.PrintSelectedBtn, p.SaveSelectedBtn)
	printerRow := container.NewBorder(nil, nil, widget.NewLabel(lang.L("print.printer")), nil, p.Printer)
	number := container.NewBorder(nil, nil, widget.NewLabel(lang.L("print.number")),
		container.NewHBox(p.NumberPrintBtn, p.NumberSaveBtn), p.Number)
	bottom := container.NewVBox(
		widget.NewSeparator(),
		p.Current,
		container.NewBorder(nil, nil, actions, nil, printerRow),
		number,
		container.NewBorder(nil, nil, nil, p.OpenBtn, p.Status),
	)
	p.Container = container.NewBorder(top, bottom, nil, nil, p.Table)
	p.updateButtons()
	return p
}

// minWidth asks for at least w across: a date entry in an HBox would
// otherwise be cut to its placeholder.
type minWidth struct{ w float32 }

func (m minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := minHeight{}.MinSize(objs)
	s.Width = max(s.Width, m.w)
	return s
}

func (m minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) { minHeight{}.Layout(objs, size) }

func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func (p *PrintingScreen) newTable() *widget.Table {
	headers := []string{
		"", lang.L("print.col.patient"), lang.L("print.col.hospital"), lang.L("print.col.number"),
		lang.L("print.col.sync"), lang.L("print.col.validity"), lang.L("print.col.printed"),
	}
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(p.rows), printCols },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewStack(newCheck("", nil), l)
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			c, l := box.Objects[0].(*Check), box.Objects[1].(*widget.Label)
			if id.Row < 0 || id.Row >= len(p.rows) {
				c.Hide()
				l.SetText("")
				return
			}
			if id.Col == colPrintPick {
				visitID := p.rows[id.Row].Visit.ID
				l.Hide()
				c.Show()
				c.OnChanged = nil // setting the state must not count as a click
				c.SetChecked(p.checked[visitID])
				c.OnChanged = func(on bool) { p.setChecked(visitID, on) }
				return
			}
			c.Hide()
			l.Show()
			text, imp := p.cell(id.Row, id.Col)
			l.Importance = imp
			l.SetText(text)
		})
	tableHeaders(t, headers, []float32{40, 230, 250, 200, 130, 230, 150})
	t.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(p.rows) {
			p.currentID = p.rows[id.Row].Visit.ID
		}
		p.updateButtons()
	}
	return t
}

// cell is the text of one table cell, from the in-memory rows only.
func (p *PrintingScreen) cell(row, col int) (string, widget.Importance) {
	r := p.rows[row]
	v := r.Visit
	switch col {
	case colPrintPatient:
		return dash(v.PatientName), widget.MediumImportance
	case colPrintHospital:
		if v.Referral == nil {
			return "—", widget.MediumImportance
		}
		return dash(v.Referral.HospitalName), widget.MediumImportance
	case colPrintNumber:
		if v.VisitNo == "" {
			return lang.L("print.number.waiting"), widget.WarningImportance
		}
		return v.VisitNo, widget.MediumImportance
	case colPrintSync:
		return syncWithReason(v.SyncState, v.SyncError)
	case colPrintValidity:
		return validityText(v.Referral, p.d.now())
	case colPrintPrinted:
		if len(r.Prints) == 0 {
			return lang.L("print.never"), widget.MediumImportance
		}
		return lang.L("print.printed", map[string]any{"N": len(r.Prints)}), widget.SuccessImportance
	}
	return "", widget.MediumImportance
}

// validityText says whether the referral can still be used, and until when.
func validityText(r *referral.Referral, now time.Time) (string, widget.Importance) {
	if r == nil {
		return "—", widget.MediumImportance
	}
	until := formatDate(r.Until())
	switch r.ValidityOn(now) {
	case referral.Expired:
		return lang.L("print.validity.expired", map[string]any{"Until": until}), widget.DangerImportance
	case referral.ExpiringSoon:
		return lang.L("print.validity.soon", map[string]any{"Until": until}), widget.WarningImportance
	}
	// Plain text: the usual case needs no colour, so the others stand out.
	return lang.L("print.validity.valid", map[string]any{"Until": until}), widget.MediumImportance
}

// Rows is what the table shows now.
func (p *PrintingScreen) Rows() []printRow { return p.rows }

func (p *PrintingScreen) current() (clinic.Visit, bool) {
	for _, r := range p.rows {
		if r.Visit.ID == p.currentID {
			return r.Visit, true
		}
	}
	return clinic.Visit{}, false
}

// SelectVisit makes the row of a visit the current one, as clicking it does.
func (p *PrintingScreen) SelectVisit(id int64) bool {
	for i, r := range p.rows {
		if r.Visit.ID == id {
			p.Table.Select(widget.TableCellID{Row: i, Col: colPrintPatient})
			return true
		}
	}
	return false
}

// Selected lists the ticked referrals in table order.
func (p *PrintingScreen) Selected() []int64 {
	var ids []int64
	for _, r := range p.rows {
		if p.checked[r.Visit.ID] {
			ids = append(ids, r.Visit.ID)
		}
	}
	return ids
}

func (p *PrintingScreen) setChecked(id int64, on bool) {
	if on {
		p.checked[id] = true
	} else {
		delete(p.checked, id)
	}
	p.updateButtons()
}

// SetChecked ticks or unticks a referral, as its check box does.
func (p *PrintingScreen) SetChecked(id int64, on bool) {
	p.setChecked(id, on)
	p.Table.Refresh()
}

func (p *PrintingScreen) updateButtons() {
	v, ok := p.current()
	if ok {
		p.Current.SetText(lang.L("print.current", map[string]any{"Name": dash(v.PatientName), "No": orElse(v.VisitNo, lang.L("print.number.waiting"))}))
	} else {
		p.Current.SetText(lang.L("print.current.none"))
	}
	p.PrintBtn.SetText(lang.L("print.print"))
	if ok {
		for _, r := range p.rows {
			if r.Visit.ID == v.ID && len(r.Prints) > 0 {
				p.PrintBtn.SetText(lang.L("print.reprint"))
			}
		}
	}
	n := len(p.Selected())
	p.PrintSelectedBtn.SetText(lang.L("print.selected", map[string]any{"N": n}))
	p.SaveSelectedBtn.SetText(lang.L("print.selected.save", map[string]any{"N": n}))
	setEnabled(ok && !p.busy, p.PrintBtn, p.SaveBtn)
	setEnabled(n > 0 && !p.busy, p.PrintSelectedBtn, p.SaveSelectedBtn)
	setEnabled(!p.busy, p.NumberPrintBtn, p.NumberSaveBtn)
}

// Start loads the day and the printers, then refreshes every RefreshEvery
// until the window closes.
func (p *PrintingScreen) Start() {
	p.Refresh()
	every := p.RefreshEvery
	if every <= 0 {
		every = DefaultQueueRefresh
	}
	p.bg.run(nil, func(ctx context.Context) {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				p.bg.ui(p.Refresh)
			}
		}
	})
}

// Enter is called when the tab is shown: the list is re-read and the
// printers are asked for the first time (lpstat can take a moment).
func (p *PrintingScreen) Enter() {
	p.Refresh()
	if !p.printers {
		p.LoadPrinters()
	}
}

// LoadPrinters fills the printer choice, the system's default chosen.
func (p *PrintingScreen) LoadPrinters() {
	p.printers = true
	p.bg.run(nil, func(ctx context.Context) {
		names, def, err := printing.Printers(ctx)
		p.bg.ui(func() {
			if err != nil || len(names) == 0 {
				// Printing still goes to the system default, if any; the
				// error then says what to do.
				p.Printer.PlaceHolder = lang.L("print.printer.none")
				p.Printer.SetOptions(nil)
				p.Printer.Disable() // nothing to choose; an empty pop-up would puzzle
				return
			}
			sort.Strings(names)
			p.Printer.Enable()
			p.Printer.PlaceHolder = lang.L("print.printer.choose")
			p.Printer.SetOptions(names)
			if p.Printer.Selected == "" {
				if def == "" {
					def = names[0]
				}
				p.Printer.SetSelected(def)
			}
		})
	})
}

// Refresh re-reads the day's referrals and their prints.
func (p *PrintingScreen) Refresh() {
	if p.loading {
		p.again = true
		return
	}
	p.loading = true
	desk, day := p.d.Doctor, p.day
	p.bg.run(nil, func(ctx context.Context) {
		rows, err := loadPrintRows(ctx, desk, day)
		p.bg.ui(func() {
			p.loading = false
			if p.again {
				p.again = false
				defer p.Refresh()
			}
			if err != nil {
				setLabelError(p.Error, errorTextErr(err))
				return
			}
			setLabelError(p.Error, nil)
			if !day.Equal(p.day) {
				return // another day was chosen meanwhile; its refresh follows
			}
			p.setRows(rows)
		})
	})
}

func loadPrintRows(ctx context.Context, visits *clinic.DoctorDesk, day time.Time) ([]printRow, error) {
	vs, err := visits.Referrals(ctx, day)
	if err != nil {
		return nil, err
	}
	rows := make([]printRow, len(vs))
	for i, v := range vs {
		prints, err := visits.Prints(ctx, v.ID)
		if err != nil {
			return nil, err
		}
		rows[i] = printRow{Visit: v, Prints: prints}
	}
	return rows, nil
}

func (p *PrintingScreen) setRows(rows []printRow) {
	p.rows = rows
	if len(rows) == 0 {
		p.Summary.SetText(lang.L("print.none", map[string]any{"Day": formatDate(p.day)}))
	} else {
		p.Summary.SetText(lang.L("print.count", map[string]any{"N": len(rows), "Day": formatDate(p.day)}))
	}
	p.Table.Refresh()
	p.updateButtons()
}

// PrintVisit prints the letter of one referral to the chosen printer;
// report tells the outcome (on the UI goroutine).
func (p *PrintingScreen) PrintVisit(id int64, report func(string, widget.Importance)) {
	p.output([]int64{id}, "", report)
}

// PrintVisits prints the letters of several referrals as one PDF, one
// print job: a pile in the order of the list, not ten jobs to interleave
// with another desk's.
func (p *PrintingScreen) PrintVisits(ids []int64, report func(string, widget.Importance)) {
	if len(ids) == 0 {
		return
	}
	p.output(ids, "", report)
}

// SavePDF writes the letters of the referrals to path as one PDF.
func (p *PrintingScreen) SavePDF(ids []int64, path string) {
	if len(ids) == 0 {
		return
	}
	p.output(ids, path, p.setStatus)
}

// askSave asks where to save, proposing the letter's own file name.
func (p *PrintingScreen) askSave(ids []int64) {
	if len(ids) == 0 {
		return
	}
	name := "rujukan-" + p.day.Format("2006-01-02") + ".pdf"
	if len(ids) == 1 {
		for _, r := range p.rows {
			if r.Visit.ID == ids[0] {
				name = printing.LetterFileName(referral.Letter{Number: r.Visit.VisitNo, PatientName: r.Visit.PatientName})
			}
		}
	}
	p.showSave(name, func(path string) { p.SavePDF(ids, path) })
}

func (p *PrintingScreen) showSave(name string, save func(path string)) {
	d := dialog.NewFileSave(func(uc fyne.URIWriteCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		// The dialog creates the file; the letter is written by our own
		// code off the UI goroutine, so close it here.
		path := uc.URI().Path()
		uc.Close()
		save(path)
	}, p.w)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	if home, err := os.UserHomeDir(); err == nil {
		if l, err := storage.ListerForURI(storage.NewFileURI(home)); err == nil {
			d.SetLocation(l)
		}
	}
	showDialog(p.w, d)
}

// output renders the letters of ids and sends them to the printer (path
// "") or to a PDF file, recording each print. Letters are built from the
// store's current record, so a number that came meanwhile is printed.
func (p *PrintingScreen) output(ids []int64, path string, report func(string, widget.Importance)) {
	if p.busy {
		return
	}
	p.busy = true
	p.updateButtons()
	printer := p.Printer.Selected
	report(lang.L("print.working"), widget.MediumImportance)
	p.OpenBtn.Hide()
	p.bg.run(nil, func(ctx context.Context) {
		var letters []referral.Letter
		var visits []clinic.Visit
		var err error
		offline := false
		for _, id := range ids {
			var v clinic.Visit
			v, err = p.d.Doctor.Visit(ctx, id)
			if err != nil {
				break
			}
			var l referral.Letter
			var local bool
			l, local, err = p.letterFor(ctx, v)
			if err != nil {
				break
			}
			offline = offline || local
			letters = append(letters, l)
			visits = append(visits, v)
		}
		var how, spooled string
		if err == nil {
			how, spooled, err = p.deliver(ctx, letters, printer, path)
		}
		if err == nil {
			err = p.record(ctx, visits, letters, how)
		}
		p.bg.ui(func() {
			p.busy = false
			p.updateButtons()
			p.Refresh()
			if err != nil {
				report(p.refusedText(err, refusedPrint{spooled, visits, letters}), widget.DangerImportance)
				return
			}
			report(doneText(letters, printer, path, offline), widget.SuccessImportance)
		})
	})
}

// deliver writes the letters as one PDF and prints it or saves it at
// path, returning how, for the print record, and the PDF handed to the
// printer (kept for a while in the spool folder).
func (p *PrintingScreen) deliver(ctx context.Context, letters []referral.Letter, printer, path string) (how, spooled string, err error) {
	var buf bytes.Buffer
	if err := printing.WriteLetters(&buf, letters); err != nil {
		return "", "", &clinic.Error{Code: clinic.EINTERNAL, Err: err}
	}
	if path != "" {
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			return "", "", &clinic.Error{Code: clinic.EINTERNAL, Message: lang.L("print.error.write", map[string]any{"Path": path}), Err: err}
		}
		return "pdf:" + path, "", nil
	}
	file, err := p.spool(letters, buf.Bytes())
	if err != nil {
		return "", "", err
	}
	if err := printing.SystemPrinter(printer).Print(ctx, file); err != nil {
		return "", file, err
	}
	if len(letters) > 1 {
		return "batch", file, nil
	}
	return "printer:" + orElse(printer, "default"), file, nil
}

// refusedText words a failed print. When the printing system refused or
// is missing and the PDF was made, OpenBtn offers it to the PDF viewer.
func (p *PrintingScreen) refusedText(err error, r refusedPrint) string {
	text := errorText(err)
	if r.file == "" || clinic.ErrorCode(err) != clinic.EUNAVAILABLE {
		return text
	}
	p.refused = r
	p.OpenBtn.Show()
	return text + " " + lang.L("print.open.offer")
}

// openRefused shows the refused letters in the PDF viewer, to be printed
// from there, and records the print: the desk has the letter in hand.
func (p *PrintingScreen) openRefused() {
	r := p.refused
	if r.file == "" {
		return
	}
	open := p.Open
	if open == nil {
		open = openInViewer
	}
	if err := open(r.file); err != nil {
		p.setStatus(lang.L("print.open.error", map[string]any{"Error": err.Error()}), widget.DangerImportance)
		return
	}
	p.OpenBtn.Hide()
	p.refused = refusedPrint{}
	p.setStatus(lang.L("print.open.done"), widget.SuccessImportance)
	if len(r.visits) == 0 {
		return
	}
	p.bg.run(nil, func(ctx context.Context) {
		err := p.record(ctx, r.visits, r.letters, "viewer")
		p.bg.ui(func() {
			if err != nil {
				p.setStatus(errorText(err), widget.DangerImportance)
			}
			p.Refresh()
		})
	})
}

// openInViewer hands a file to the desktop (xdg-open, or Windows' file
// association: Edge for PDFs on a plain Windows).
func openInViewer(path string) error {
	return fyne.CurrentApp().OpenURL(fileURL(path))
}

// fileURL is the file: URL of an absolute path, in the three-slash form
// both xdg-open and Windows' FileProtocolHandler take: file:///tmp/a.pdf,
// file:///C:/Users/A%20B/a.pdf.
func fileURL(path string) *url.URL {
	p := strings.ReplaceAll(path, `\`, "/")
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter
	}
	return &url.URL{Scheme: "file", Path: p}
}

// spool writes a PDF for the printer into the spool folder, clearing out
// what earlier prints left there.
func (p *PrintingScreen) spool(letters []referral.Letter, pdf []byte) (string, error) {
	dir := p.SpoolDir
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "fktpdesk-print")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", &clinic.Error{Code: clinic.EINTERNAL, Err: err}
	}
	if old, err := os.ReadDir(dir); err == nil {
		for _, e := range old {
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > spoolAge {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
	pattern := "rujukan-*.pdf"
	if len(letters) == 1 {
		pattern = strings.TrimSuffix(printing.LetterFileName(letters[0]), ".pdf") + "-*.pdf"
	}
	fh, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", &clinic.Error{Code: clinic.EINTERNAL, Err: err}
	}
	_, err = fh.Write(pdf)
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(fh.Name())
		return "", &clinic.Error{Code: clinic.EINTERNAL, Err: err}
	}
	return fh.Name(), nil
}

// record notes each letter's print for its visit, by the signed-in
// person (clinic PCs often share one system account).
func (p *PrintingScreen) record(ctx context.Context, visits []clinic.Visit, letters []referral.Letter, how string) error {
	by := osUser()
	if p.d.User != nil {
		by = p.d.User.Username
	}
	for i, v := range visits {
		pr := clinic.Print{VisitID: v.ID, Number: letters[i].Number, By: by, How: how, Draft: letters[i].Draft(), At: p.d.now()}
		if err := p.d.Doctor.RecordPrint(ctx, pr); err != nil {
			return err
		}
	}
	return nil
}

// letterFor builds a visit's letter from the local record and, once PCare
// has numbered it, PCare's referral detail. It reports local=true when
// PCare could not be asked and the letter comes from the local record only
// (it is the same referral; PCare's extras such as the branch are missing).
func (p *PrintingScreen) letterFor(ctx context.Context, v clinic.Visit) (referral.Letter, bool, error) {
	base, err := p.d.Doctor.Letter(ctx, v, p.facility(ctx))
	if err != nil {
		return referral.Letter{}, false, err
	}
	if v.VisitNo == "" || p.d.ReferralLetter == nil {
		return base, false, nil
	}
	l, err := p.d.ReferralLetter(ctx, v.VisitNo, base)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return referral.Letter{}, false, err
		}
		return base, true, nil
	}
	return l, false, nil
}

// facility is the clinic's identity for the letter head; an empty one
// before set-up, so a letter still prints (PCare's detail names the
// clinic too).
func (p *PrintingScreen) facility(ctx context.Context) clinic.Facility {
	if p.d.Clinic == nil {
		return clinic.Facility{}
	}
	f, err := p.d.Clinic.Facility(ctx)
	if err != nil {
		return clinic.Facility{}
	}
	return f
}

// PrintNumber prints the letter of any referral number.
func (p *PrintingScreen) PrintNumber(no string) { p.outputNumber(no, "") }

// SaveNumberPDF saves the letter of any referral number as a PDF at path.
func (p *PrintingScreen) SaveNumberPDF(no, path string) { p.outputNumber(no, path) }

func (p *PrintingScreen) askSaveNumber(no string) {
	no = strings.TrimSpace(no)
	if no == "" {
		return
	}
	p.showSave(printing.LetterFileName(referral.Letter{Number: no}), func(path string) { p.SaveNumberPDF(no, path) })
}

// outputNumber fetches a referral by number from PCare over what the
// local store knows of it, and prints or saves it. The print is recorded
// only for a referral made here: one from PCare web has no visit to
// attach it to.
func (p *PrintingScreen) outputNumber(no, path string) {
	no = strings.TrimSpace(no)
	if no == "" || p.busy {
		return
	}
	if p.d.ReferralLetter == nil {
		p.setStatus(lang.L("print.number.unsupported"), widget.DangerImportance)
		return
	}
	p.busy = true
	p.updateButtons()
	printer := p.Printer.Selected
	p.setStatus(lang.L("print.number.fetching"), widget.MediumImportance)
	p.OpenBtn.Hide()
	p.bg.run(nil, func(ctx context.Context) {
		var base referral.Letter
		local, err := p.d.Doctor.VisitByNumber(ctx, no)
		found := err == nil
		if found {
			base, err = p.d.Doctor.Letter(ctx, local, p.facility(ctx))
		} else if clinic.ErrorCode(err) == clinic.ENOTFOUND {
			f := p.facility(ctx)
			base, err = referral.Letter{FacilityCode: f.PPK, FacilityName: f.Name, RegencyName: f.Regency, BranchOffice: f.BPJSBranch}, nil
		}
		var l referral.Letter
		if err == nil {
			l, err = p.d.ReferralLetter(ctx, no, base)
		}
		var how, spooled string
		if err == nil {
			how, spooled, err = p.deliver(ctx, []referral.Letter{l}, printer, path)
		}
		var visits []clinic.Visit
		if found {
			visits = []clinic.Visit{local}
		}
		if err == nil && found {
			err = p.record(ctx, visits, []referral.Letter{l}, how)
		}
		p.bg.ui(func() {
			p.busy = false
			p.updateButtons()
			if err != nil {
				p.setStatus(p.refusedText(err, refusedPrint{spooled, visits, []referral.Letter{l}}), widget.DangerImportance)
				return
			}
			p.Refresh()
			p.setStatus(doneText([]referral.Letter{l}, printer, path, false), widget.SuccessImportance)
		})
	})
}

// doneText says where the letters went, and warns about drafts.
func doneText(letters []referral.Letter, printer, path string, offline bool) string {
	var text string
	switch {
	case path != "":
		text = lang.L("print.done.saved", map[string]any{"Path": path})
	case printer != "":
		text = lang.L("print.done.printer", map[string]any{"N": len(letters), "Printer": printer})
	default:
		text = lang.L("print.done.default", map[string]any{"N": len(letters)})
	}
	drafts := 0
	for _, l := range letters {
		if l.Draft() {
			drafts++
		}
	}
	if drafts > 0 {
		text += " " + lang.L("print.done.drafts", map[string]any{"N": drafts})
	}
	if offline {
		text += " " + lang.L("print.done.offline")
	}
	return text
}

func (p *PrintingScreen) setStatus(text string, imp widget.Importance) {
	p.Status.Importance = imp
	p.Status.SetText(text)
}

// osUser names who printed when nobody is signed in (tests of the screen
// alone).
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return orElse(os.Getenv("USER"), os.Getenv("USERNAME"))
}
