package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/claims"
	"fktpdesk/clinic"
	"fktpdesk/printing"
)

// The documents of a monthly claim the panel saves.
const (
	ClaimFPK = "fpk" // Formulir Pengajuan Klaim (PDF)
	ClaimSPP = "spp" // Surat Pernyataan Pelayanan, one per service (PDF)
	ClaimCSV = "csv" // the detail list for spreadsheets
)

// claimMonths is how many months back the picker offers.
const claimMonths = 12

// MonthlyClaimPanel is "Klaim bulanan": the non-capitation claim of a
// month, summed by service group, with its deadline, saved as the FPK, the
// service statements and a CSV.
type MonthlyClaimPanel struct {
	Container fyne.CanvasObject
	Month     *Select
	// Groups lists one row per service group: name, count, amount.
	Groups   *fyne.Container
	Total    *widget.Label
	Deadline *widget.Label
	// Exported says when the month's FPK was saved (by the app or
	// fktpctl), which stops the reminder; Unmark forgets it.
	Exported *widget.Label
	Unmark   *Button
	Lines    *widget.Table
	SaveFPK  *Button
	SaveSPP  *Button
	SaveCSV  *Button
	Status   *widget.Label

	w      fyne.Window
	d      Deps
	bg     *background
	months []time.Time
	claim  claims.MonthlyClaim
	loaded bool
	// lines is what the table shows; its callbacks only read it.
	lines []claims.ClaimLine
	busy  bool
	// reminder is the screen's deadline banner, kept by updateReminder.
	reminder    *widget.Label
	reminderBox fyne.CanvasObject
	loading     bool
	again       bool
	// exported are the months exported; known says they were read once
	// (until then the banner stays down rather than flash).
	exported []claims.Submission
	known    bool
}

// NewMonthlyClaimPanel builds the panel on the previous month (the one
// to claim in the first ten days of this one) and loads it.
func NewMonthlyClaimPanel(w fyne.Window, d Deps, bg *background) *MonthlyClaimPanel {
	m := &MonthlyClaimPanel{w: w, d: d, bg: bg}
	this := claims.MonthOf(d.now())
	var names []string
	for i := range claimMonths + 1 {
		mo := this.AddDate(0, -i, 0)
		m.months = append(m.months, mo)
		names = append(names, monthYear(mo))
	}
	m.Month = newSelect(names, func(string) { m.Load() })
	m.Groups = container.NewVBox()
	m.Total = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	m.Deadline = widget.NewLabel("")
	m.Deadline.Wrapping = fyne.TextWrapWord
	m.Status = widget.NewLabel("")
	m.Status.Wrapping = fyne.TextWrapWord
	m.Exported = widget.NewLabel("")
	m.Exported.Wrapping = fyne.TextWrapWord
	m.Unmark = newButtonWithIcon(lang.L("claims.monthly.unmark"), theme.ContentUndoIcon(), m.confirmUnmark)
	m.Unmark.Hide()
	m.SaveFPK = newButtonWithIcon(lang.L("claims.monthly.save_fpk"), theme.DocumentSaveIcon(), func() { m.ask(ClaimFPK) })
	m.SaveFPK.Importance = widget.HighImportance
	m.SaveSPP = newButtonWithIcon(lang.L("claims.monthly.save_spp"), theme.DocumentSaveIcon(), func() { m.ask(ClaimSPP) })
	m.SaveCSV = newButtonWithIcon(lang.L("claims.monthly.save_csv"), theme.DocumentSaveIcon(), func() { m.ask(ClaimCSV) })
	m.Lines = m.newLinesTable()
	m.updateButtons()

	left := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel(lang.L("claims.monthly.month")), nil, m.Month),
		m.Groups,
		widget.NewSeparator(),
		m.Total,
		m.Deadline,
		container.NewBorder(nil, nil, nil, m.Unmark, m.Exported),
		container.NewHBox(m.SaveFPK, m.SaveSPP, m.SaveCSV),
		m.Status,
	)
	split := container.NewHSplit(container.NewVScroll(left), m.Lines)
	split.SetOffset(0.45)
	m.Container = split
	m.Month.SetSelectedIndex(1) // loads
	return m
}

// monthYear is "Oktober 2026".
func monthYear(t time.Time) string { return monthName(t.Month()) + " " + fmt.Sprint(t.Year()) }

// formatLongDate is "10 Desember 2026", as on letters and claim forms.
func formatLongDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), monthName(t.Month()), t.Year())
}

func monthName(m time.Month) string {
	names := [12]string{lang.L("month.1"), lang.L("month.2"), lang.L("month.3"), lang.L("month.4"),
		lang.L("month.5"), lang.L("month.6"), lang.L("month.7"), lang.L("month.8"), lang.L("month.9"),
		lang.L("month.10"), lang.L("month.11"), lang.L("month.12")}
	if m < 1 || m > 12 {
		return ""
	}
	return names[m-1]
}

// SelectMonth picks the month of t (if offered) and loads its claim.
func (m *MonthlyClaimPanel) SelectMonth(t time.Time) bool {
	want := claims.MonthOf(t)
	for i, mo := range m.months {
		if mo.Equal(want) {
			m.Month.SetSelectedIndex(i)
			return true
		}
	}
	return false
}

func (m *MonthlyClaimPanel) month() time.Time {
	if i := m.Month.SelectedIndex(); i >= 0 && i < len(m.months) {
		return m.months[i]
	}
	return m.months[0]
}

// Claim is the claim on screen; Loaded says whether it is the chosen
// month's.
func (m *MonthlyClaimPanel) Claim() claims.MonthlyClaim { return m.claim }

// Loaded reports whether the claim of the chosen month is on screen.
func (m *MonthlyClaimPanel) Loaded() bool { return m.loaded && !m.loading }

// Load reads the chosen month's accepted services off the UI goroutine.
func (m *MonthlyClaimPanel) Load() {
	if m.loading {
		m.again = true
		return
	}
	m.loading = true
	m.loaded = false
	m.updateButtons()
	month := m.month()
	d := m.d
	m.bg.run(nil, func(ctx context.Context) {
		c, facErr, err := loadMonthlyClaim(ctx, d, month)
		exported, expErr := d.officer().Submissions(ctx)
		m.bg.ui(func() {
			if expErr == nil {
				m.setExported(exported)
			}
			m.loading = false
			if m.again {
				m.again = false
				defer m.Load()
			}
			if err != nil {
				m.setStatus(errorText(err), widget.DangerImportance)
				m.updateButtons()
				return
			}
			m.set(c)
			switch {
			case clinic.ErrorCode(facErr) == clinic.ENOTFOUND:
				m.setStatus(lang.L("claims.monthly.no_facility"), widget.WarningImportance)
			case facErr != nil:
				m.setStatus(errorText(facErr), widget.WarningImportance)
			default:
				m.setStatus("", widget.MediumImportance)
			}
		})
	})
}

// loadMonthlyClaim builds the claim of month; the clinic's identity is
// the letterhead, and a claim still builds without it (facErr says why).
func loadMonthlyClaim(ctx context.Context, d Deps, month time.Time) (c claims.MonthlyClaim, facErr, err error) {
	fac, facErr := d.Clinic.Facility(ctx)
	lines, err := d.officer().ClaimLines(ctx, month, month.AddDate(0, 1, 0))
	if err != nil {
		return c, facErr, err
	}
	return claims.BuildMonthly(month, fac, lines), facErr, nil
}

func (m *MonthlyClaimPanel) set(c claims.MonthlyClaim) {
	m.claim = c
	m.loaded = true
	m.lines = c.Lines
	m.Groups.RemoveAll()
	if len(c.Groups) == 0 {
		m.Groups.Add(widget.NewLabel(lang.L("claims.monthly.empty", map[string]any{"Month": monthYear(c.Month)})))
	}
	for _, g := range c.Groups {
		name := widget.NewLabel(g.Category)
		name.Wrapping = fyne.TextWrapWord
		count := widget.NewLabelWithStyle(lang.L("claims.monthly.services", map[string]any{"N": g.Count}), fyne.TextAlignTrailing, fyne.TextStyle{})
		amount := widget.NewLabelWithStyle(formatRupiah(g.Amount), fyne.TextAlignTrailing, fyne.TextStyle{})
		h := count.MinSize().Height
		nums := container.NewHBox(container.NewGridWrap(fyne.NewSize(100, h), count), container.NewGridWrap(fyne.NewSize(130, h), amount))
		m.Groups.Add(container.NewBorder(nil, nil, nil, nums, name))
	}
	m.Groups.Refresh()
	m.Total.SetText(lang.L("claims.monthly.total", map[string]any{"N": c.Count, "Amount": formatRupiah(c.Total)}))
	m.Deadline.SetText(lang.L("claims.monthly.deadline", map[string]any{"Date": formatLongDate(c.Deadline)}))
	m.Deadline.Importance = widget.MediumImportance
	if !m.d.now().Before(c.Deadline.AddDate(0, 0, 1)) {
		m.Deadline.Importance = widget.DangerImportance
	}
	m.Deadline.Refresh()
	m.Lines.Refresh()
	m.updateButtons()
	m.showExported()
}

// setExported takes the exported months as the store has them now.
func (m *MonthlyClaimPanel) setExported(subs []claims.Submission) {
	m.exported, m.known = subs, true
	m.showExported()
	m.updateReminder()
}

// showExported says whether the chosen month's claim was exported, and
// warns when the claim changed since (the FPK handed in no longer matches).
func (m *MonthlyClaimPanel) showExported() {
	sub, ok := claims.SubmissionFor(m.exported, m.month())
	if !ok {
		m.Exported.Importance = widget.LowImportance
		m.Exported.SetText(lang.L("claims.monthly.not_exported", map[string]any{"Month": monthYear(m.month())}))
		m.Unmark.Hide()
		return
	}
	at := sub.At.In(m.d.now().Location())
	via := lang.L("claims.monthly.via.app")
	if sub.Via == claims.ExportedCLI {
		via = lang.L("claims.monthly.via.cli")
	}
	text := lang.L("claims.monthly.exported", map[string]any{"Date": formatLongDate(at), "Time": at.Format("15:04"),
		"By": dash(sub.By), "Via": via, "Path": dash(sub.Path)})
	m.Exported.Importance = widget.SuccessImportance
	if m.loaded && sub.Outdated(m.claim) {
		text += " " + lang.L("claims.monthly.exported.outdated", map[string]any{"N": sub.Services, "Amount": formatRupiah(sub.Total)})
		m.Exported.Importance = widget.WarningImportance
	}
	m.Exported.SetText(text)
	m.Unmark.Show()
}

// ExportedShown is what the panel says about the month's export.
func (m *MonthlyClaimPanel) ExportedShown() string { return m.Exported.Text }

// confirmUnmark asks before the chosen month's export is forgotten.
func (m *MonthlyClaimPanel) confirmUnmark() {
	month := m.month()
	msg := widget.NewLabel(lang.L("claims.monthly.unmark.confirm", map[string]any{"Month": monthYear(month)}))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(lang.L("claims.monthly.unmark.title"), lang.L("claims.monthly.unmark"), lang.L("common.cancel"),
		container.New(minWidth{420}, msg), func(ok bool) {
			if ok {
				m.UnmarkExport(month)
			}
		}, m.w)
	showDialog(m.w, d)
}

// UnmarkExport forgets that month's claim was exported, in the background:
// the reminder comes back if it is due.
func (m *MonthlyClaimPanel) UnmarkExport(month time.Time) {
	store, officer := m.d.Outbox, m.d.officer()
	m.bg.run(nil, func(ctx context.Context) {
		err := officer.ClearExport(ctx, month)
		exported, listErr := store.Submissions(ctx)
		m.bg.ui(func() {
			if listErr == nil {
				m.setExported(exported)
			}
			if err != nil {
				m.setStatus(errorText(err), widget.DangerImportance)
				return
			}
			m.setStatus(lang.L("claims.monthly.unmarked", map[string]any{"Month": monthYear(month)}), widget.SuccessImportance)
		})
	})
}

// GroupTexts are the group rows as shown: category, count, amount.
func (m *MonthlyClaimPanel) GroupTexts() [][3]string {
	var out [][3]string
	for _, o := range m.Groups.Objects {
		row, ok := o.(*fyne.Container)
		if !ok || len(row.Objects) < 2 {
			continue
		}
		name := row.Objects[0].(*widget.Label)
		nums := row.Objects[1].(*fyne.Container)
		cell := func(i int) string { return nums.Objects[i].(*fyne.Container).Objects[0].(*widget.Label).Text }
		out = append(out, [3]string{name.Text, cell(0), cell(1)})
	}
	return out
}

func (m *MonthlyClaimPanel) updateButtons() {
	on := m.loaded && !m.busy && m.claim.Count > 0
	setEnabled(on, m.SaveFPK, m.SaveSPP)
	// An empty CSV still says "nothing to claim", which the office may want.
	setEnabled(m.loaded && !m.busy, m.SaveCSV)
}

func (m *MonthlyClaimPanel) setStatus(text string, imp widget.Importance) {
	m.Status.Importance = imp
	m.Status.SetText(text)
}

// updateReminder shows the deadline banner from the 1st to the 10th, for
// the previous month's claim, until it is exported.
func (m *MonthlyClaimPanel) updateReminder() {
	if m.reminder == nil {
		return
	}
	due, month, days := claims.ReminderDue(m.d.now(), m.exported)
	if !due || !m.known {
		m.reminderBox.Hide()
		return
	}
	args := map[string]any{"Month": monthYear(month), "Deadline": formatLongDate(claims.Deadline(month)), "N": days}
	if days == 0 {
		m.reminder.SetText(lang.L("claims.reminder.today", args))
	} else {
		m.reminder.SetText(lang.L("claims.reminder", args))
	}
	m.reminderBox.Show()
}

// ReminderShown reports whether the deadline banner is up.
func (m *MonthlyClaimPanel) ReminderShown() bool {
	return m.reminderBox != nil && m.reminderBox.Visible()
}

// FileName is the name proposed for a document of the claim:
// fpk-2026-11.pdf, spp-2026-11.pdf, klaim-2026-11.csv.
func FileName(kind string, month time.Time) string {
	ym := month.Format("2006-01")
	switch kind {
	case ClaimSPP:
		return "spp-" + ym + ".pdf"
	case ClaimCSV:
		return "klaim-" + ym + ".csv"
	}
	return "fpk-" + ym + ".pdf"
}

// WriteClaimFile writes one document of c at path. It is what the save
// buttons run, off the UI goroutine.
func WriteClaimFile(kind, path string, c claims.MonthlyClaim) error {
	var buf bytes.Buffer
	var err error
	switch kind {
	case ClaimSPP:
		err = printing.WriteServiceStatements(&buf, c)
	case ClaimCSV:
		err = claims.WriteCSV(&buf, c)
	default:
		err = printing.WriteClaim(&buf, c)
	}
	if err != nil {
		return &clinic.Error{Code: clinic.EINTERNAL, Err: err}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		return &clinic.Error{Code: clinic.EINTERNAL, Message: lang.L("print.error.write", map[string]any{"Path": path}), Err: err}
	}
	return nil
}

// Save writes a document of the claim on screen at path in the
// background and says how it went in Status.
func (m *MonthlyClaimPanel) Save(kind, path string) {
	if !m.loaded || m.busy {
		return
	}
	m.busy = true
	m.updateButtons()
	c, store, officer, now := m.claim, m.d.Outbox, m.d.officer(), m.d.now()
	m.setStatus(lang.L("claims.monthly.saving"), widget.MediumImportance)
	m.bg.run(nil, func(ctx context.Context) {
		err := WriteClaimFile(kind, path, c)
		// The FPK is what goes to the branch office: once it is written the
		// month counts as exported.
		var markErr error
		var exported []claims.Submission
		if err == nil && kind == ClaimFPK {
			if markErr = officer.RecordExport(ctx, claims.SubmissionOf(c, now, claims.ExportedApp, path, osUser())); markErr == nil {
				exported, markErr = store.Submissions(ctx)
			}
		}
		m.bg.ui(func() {
			m.busy = false
			m.updateButtons()
			if err != nil {
				m.setStatus(errorText(err), widget.DangerImportance)
				return
			}
			saved := lang.L("claims.monthly.saved", map[string]any{"File": filepath.Base(path)})
			if markErr != nil {
				m.setStatus(saved+" "+lang.L("claims.monthly.mark_failed", map[string]any{"Error": errorText(markErr)}), widget.WarningImportance)
				return
			}
			if exported != nil {
				m.setExported(exported)
			}
			m.setStatus(saved, widget.SuccessImportance)
		})
	})
}

// ask proposes the document's own name in a save dialog.
func (m *MonthlyClaimPanel) ask(kind string) {
	d := dialog.NewFileSave(func(uc fyne.URIWriteCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		// The dialog creates the file; our own code writes it off the UI
		// goroutine.
		path := uc.URI().Path()
		uc.Close()
		m.Save(kind, path)
	}, m.w)
	d.SetFileName(FileName(kind, m.claim.Month))
	ext := ".pdf"
	if kind == ClaimCSV {
		ext = ".csv"
	}
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	if home, err := os.UserHomeDir(); err == nil {
		if l, err := storage.ListerForURI(storage.NewFileURI(home)); err == nil {
			d.SetLocation(l)
		}
	}
	showDialog(m.w, d)
}

// Claim line columns.
const (
	colLineDate = iota
	colLinePatient
	colLineService
	colLineAmount
)

func (m *MonthlyClaimPanel) newLinesTable() *widget.Table {
	headers := []string{lang.L("claims.lines.date"), lang.L("claims.lines.patient"), lang.L("claims.lines.service"), lang.L("claims.lines.amount")}
	return labelTable(headers, []float32{110, 220, 200, 120},
		func() int { return len(m.lines) },
		func(l *widget.Label, row, col int) {
			ln := m.lines[row]
			switch col {
			case colLineDate:
				l.SetText(formatDate(ln.Date))
			case colLinePatient:
				l.SetText(dash(ln.PatientName))
			case colLineService:
				l.SetText(dash(orElse(ln.Name, ln.Code)))
			case colLineAmount:
				l.Alignment = fyne.TextAlignTrailing
				l.SetText(formatRupiah(ln.Amount))
			}
		})
}
