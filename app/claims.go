package app

import (
	"context"
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/claims"
	"fktpdesk/clinic"
)

// DefaultClaimsRefresh is how often the claims screen re-reads the outbox:
// local queries only, and the worker changes states behind our back.
const DefaultClaimsRefresh = 10 * time.Second

// kickRefreshDelay is how long after "Kirim sekarang" the screen looks
// again: the worker runs on its own goroutine and does not report back.
const kickRefreshDelay = 2 * time.Second

// alertColor is a light red behind the stuck-records alert, read with dark
// text in light and dark themes alike.
var alertColor = color.NRGBA{R: 0xff, G: 0xcd, B: 0xd2, A: 0xff}

// The outbox states the counts show, in the order a record goes through
// them (needs-correction last: it waits for a person).
var countStates = []string{clinic.SyncPending, clinic.SyncSending, clinic.SyncSent, clinic.SyncUnknown, clinic.SyncCorrection}

// Count periods, the rows of the counts grid.
const (
	PeriodToday = iota
	PeriodMonth
	PeriodAll
	periods
)

// maxAlertLines is how many stuck records the alert names one by one.
const maxAlertLines = 5

// ClaimsScreen is "Klaim": how far today's and this month's records are on
// their way to PCare, the records that are stuck (an alert, never silent),
// the ones PCare refused with its reasons and a way to fix each, the
// worker's pass log, and the monthly non-capitation claim.
type ClaimsScreen struct {
	Container fyne.CanvasObject
	// Reminder is the monthly-claim deadline banner, hidden when not due.
	Reminder *widget.Label
	// Alert names the stuck records; AlertBox (its coloured box) is hidden
	// when there are none.
	Alert    *widget.Label
	AlertBox *fyne.Container
	// CountCells[period][i] shows the count of countStates[i].
	CountCells [periods][]*widget.Label
	SendNow    *Button
	// Paused says when the worker's breaker holds the queue; hidden when not.
	Paused *widget.Label
	Status *widget.Label
	Error  *widget.Label
	// Corrections holds one row per record PCare refused (see CorrectionRows).
	Corrections     *fyne.Container
	CorrectionsNone *widget.Label
	Batches         *widget.Table
	Monthly         *MonthlyClaimPanel
	Inner           *container.AppTabs

	// RegFix and VisitFix are the correction form open in a dialog, nil
	// when none is.
	RegFix   *RegistrationForm
	VisitFix *VisitFixForm

	// OnAlert is called on the UI goroutine with the number of stuck
	// records after every refresh.
	OnAlert func(n int)
	// RefreshEvery is the pause between automatic refreshes
	// (DefaultClaimsRefresh); read by Start.
	RefreshEvery time.Duration

	w       fyne.Window
	d       Deps
	bg      *background
	snap    claimsSnapshot
	rows    []CorrectionRow
	rowsSig string
	// batches is what the log table shows; its callbacks only read it.
	batches   []claims.Batch
	fixDialog dialog.Dialog
	corrTab   *container.TabItem
	reload    reloader
}

// CorrectionRow is one refused record in the correction list.
type CorrectionRow struct {
	Item    claims.Item
	Title   *widget.Label
	Message *widget.Label
	// Fix opens the record for correction; nil for kinds fixed elsewhere
	// (procedure and drug lines of a visit PCare already has).
	Fix *Button
}

// claimsSnapshot is everything one refresh reads, off the UI goroutine.
type claimsSnapshot struct {
	counts      [periods]map[string]int
	stuck       []claims.Item
	corrections []correctionItem
	batches     []claims.Batch
	pausedUntil time.Time
	// exported are the months whose claim was exported (the reminder
	// skips them): fktpctl may have exported one meanwhile.
	exported []claims.Submission
}

// correctionItem is a refused item with the record it stands for.
type correctionItem struct {
	item claims.Item
	who  string // patient
	what string // date and poli
}

// NewClaimsScreen builds the screen; Start begins the automatic refresh.
func NewClaimsScreen(w fyne.Window, d Deps, bg *background) *ClaimsScreen {
	s := &ClaimsScreen{w: w, d: d, bg: bg, RefreshEvery: DefaultClaimsRefresh}

	s.Reminder = widget.NewLabel("")
	s.Reminder.Wrapping = fyne.TextWrapWord
	s.Reminder.TextStyle = fyne.TextStyle{Bold: true}
	reminderBox := container.NewStack(canvas.NewRectangle(offlineColor),
		onAmber(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, s.Reminder)))

	s.Alert = widget.NewLabel("")
	s.Alert.Wrapping = fyne.TextWrapWord
	s.AlertBox = container.NewStack(canvas.NewRectangle(alertColor),
		onAmber(container.NewBorder(nil, nil, widget.NewIcon(theme.ErrorIcon()), nil, s.Alert)))
	s.AlertBox.Hide()

	s.SendNow = newButtonWithIcon(lang.L("claims.send_now"), theme.MailSendIcon(), s.Kick)
	s.SendNow.Importance = widget.HighImportance
	s.Paused = widget.NewLabel("")
	s.Paused.Importance = widget.WarningImportance
	s.Paused.Wrapping = fyne.TextWrapWord
	s.Paused.Hide()
	s.Status = widget.NewLabel("")
	s.Status.Wrapping = fyne.TextWrapWord
	s.Status.Hide()
	s.Error = dangerLabel()

	s.Corrections = container.NewVBox()
	s.CorrectionsNone = widget.NewLabel(lang.L("claims.corrections.none"))
	s.Batches = s.newBatchTable()
	s.Monthly = NewMonthlyClaimPanel(w, d, bg)
	// The reminder banner follows the monthly panel's clock and choice.
	s.Monthly.reminder = s.Reminder
	s.Monthly.reminderBox = reminderBox
	s.Monthly.updateReminder()

	corrIntro := widget.NewLabel(lang.L("claims.corrections.intro"))
	corrIntro.Wrapping = fyne.TextWrapWord
	s.corrTab = container.NewTabItemWithIcon(lang.L("claims.tab.corrections"), theme.WarningIcon(),
		container.NewBorder(corrIntro, nil, nil, nil,
			container.NewVScroll(container.NewVBox(s.CorrectionsNone, s.Corrections))))
	s.Inner = container.NewAppTabs(
		s.corrTab,
		container.NewTabItemWithIcon(lang.L("claims.tab.log"), theme.HistoryIcon(), s.Batches),
		container.NewTabItemWithIcon(lang.L("claims.tab.monthly"), theme.DocumentIcon(), s.Monthly.Container),
	)

	refresh := newButtonWithIcon("", theme.ViewRefreshIcon(), s.Refresh)
	sendBox := container.NewVBox(container.NewHBox(s.SendNow, refresh), s.Paused)
	counts := container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(340, 0), sendBox), s.countsGrid())
	top := container.NewVBox(reminderBox, s.AlertBox, counts, s.Status, s.Error)
	s.Container = container.NewBorder(top, nil, nil, nil, s.Inner)
	return s
}

// countsGrid is a small table of labels: a row per period, a column per
// state. Five numbers a row need no widget.Table.
func (s *ClaimsScreen) countsGrid() fyne.CanvasObject {
	heads := []fyne.CanvasObject{widget.NewLabel("")}
	for _, st := range countStates {
		heads = append(heads, widget.NewLabelWithStyle(stateName(st), fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	}
	cells := heads
	names := [periods]string{lang.L("claims.period.today"), lang.L("claims.period.month"), lang.L("claims.period.all")}
	for p := range periods {
		cells = append(cells, widget.NewLabelWithStyle(names[p], fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for range countStates {
			l := widget.NewLabelWithStyle("0", fyne.TextAlignCenter, fyne.TextStyle{})
			s.CountCells[p] = append(s.CountCells[p], l)
			cells = append(cells, l)
		}
	}
	return container.NewGridWithColumns(len(countStates)+1, cells...)
}

// stateName is the claims screen's word for an outbox state.
func stateName(state string) string {
	switch state {
	case clinic.SyncPending:
		return lang.L("claims.state.pending")
	case clinic.SyncSending:
		return lang.L("claims.state.sending")
	case clinic.SyncSent:
		return lang.L("claims.state.sent")
	case clinic.SyncUnknown:
		return lang.L("claims.state.unknown")
	case clinic.SyncCorrection:
		return lang.L("claims.state.correction")
	}
	return dash(state)
}

// kindName names an outbox item's kind for the desk.
func kindName(kind string) string {
	switch kind {
	case claims.KindRegistration:
		return lang.L("claims.kind.registration")
	case claims.KindVisit:
		return lang.L("claims.kind.visit")
	case claims.KindProcedure:
		return lang.L("claims.kind.procedure")
	case claims.KindDrug:
		return lang.L("claims.kind.drug")
	}
	return dash(kind)
}

// Start refreshes now and then every RefreshEvery until the window closes.
func (s *ClaimsScreen) Start() {
	s.Refresh()
	every := s.RefreshEvery
	if every <= 0 {
		every = DefaultClaimsRefresh
	}
	s.bg.every(every, s.Refresh)
}

// Kick asks the worker to send now ("Kirim sekarang") and looks again a
// moment later.
func (s *ClaimsScreen) Kick() {
	s.setStatus(lang.L("claims.kicked"), widget.MediumImportance)
	s.bg.run(nil, func(ctx context.Context) {
		if err := s.d.officer().SendNow(ctx); err != nil {
			s.bg.ui(func() { s.setStatus(errorText(err), widget.DangerImportance) })
			return
		}
		select {
		case <-ctx.Done():
		case <-time.After(kickRefreshDelay):
			s.bg.ui(s.Refresh)
		}
	})
}

func (s *ClaimsScreen) setStatus(text string, imp widget.Importance) {
	s.Status.Importance = imp
	s.Status.SetText(text)
	setVisible(text != "", s.Status)
}

// Refresh re-reads the outbox off the UI goroutine; asked for while one
// runs, it runs once more after it.
func (s *ClaimsScreen) Refresh() {
	d := s.d
	s.reload.reload(s.bg, func(ctx context.Context) func() {
		snap, err := loadClaims(ctx, d, d.now())
		return func() {
			if err != nil {
				s.Monthly.updateReminder()
				setLabelError(s.Error, errorTextErr(err))
				return
			}
			setLabelError(s.Error, nil)
			s.Monthly.setExported(snap.exported)
			s.set(snap)
		}
	})
}

// loadClaims reads what the screen shows. Counts by period filter the
// newest items by creation time: a clinic makes a few hundred a day.
func loadClaims(ctx context.Context, d Deps, now time.Time) (claimsSnapshot, error) {
	var snap claimsSnapshot
	o := d.officer()
	all, err := o.Counts(ctx)
	if err != nil {
		return snap, err
	}
	snap.counts[PeriodAll] = all
	items, err := o.Items(ctx, "", 20000)
	if err != nil {
		return snap, err
	}
	loc := now.Location()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
	snap.counts[PeriodToday], snap.counts[PeriodMonth] = map[string]int{}, map[string]int{}
	for _, it := range items {
		created := it.CreatedAt.In(loc)
		if created.Before(month) {
			break // newest first: the rest are older still
		}
		snap.counts[PeriodMonth][it.State]++
		if !created.Before(today) {
			snap.counts[PeriodToday][it.State]++
		}
	}
	if snap.stuck, err = o.Stuck(ctx); err != nil {
		return snap, err
	}
	refused, err := o.Items(ctx, clinic.SyncCorrection, 500)
	if err != nil {
		return snap, err
	}
	for _, it := range refused {
		snap.corrections = append(snap.corrections, describeItem(ctx, d, it))
	}
	if snap.batches, err = o.Batches(ctx, 50); err != nil {
		return snap, err
	}
	snap.pausedUntil = d.Worker.PausedUntil()
	snap.exported, err = o.Submissions(ctx)
	return snap, err
}

// describeItem finds whom and what a refused item is about; a record that
// cannot be read still lists, by its number.
func describeItem(ctx context.Context, d Deps, it claims.Item) correctionItem {
	c := correctionItem{item: it}
	switch it.Kind {
	case claims.KindRegistration:
		if r, err := d.Clinic.Registration(ctx, it.EntityID); err == nil {
			c.who = r.PatientName
			c.what = formatDate(r.Date) + " · " + lang.L("claims.poli", map[string]any{"Poli": poliName(r)})
		}
	default:
		if d.Doctor == nil {
			break
		}
		if v, err := d.Doctor.Visit(ctx, it.EntityID); err == nil {
			c.who = v.PatientName
			c.what = formatDate(v.Date) + " · " + orElse(v.PoliName, v.PoliCode)
			if it.Kind == claims.KindProcedure && it.Line < len(v.Procedures) {
				c.what += " · " + orElse(v.Procedures[it.Line].Name, v.Procedures[it.Line].Code)
			}
			if it.Kind == claims.KindDrug && it.Line < len(v.Drugs) {
				c.what += " · " + v.Drugs[it.Line].Name
			}
		}
	}
	return c
}

func (s *ClaimsScreen) set(snap claimsSnapshot) {
	s.snap = snap
	for p := range periods {
		for i, st := range countStates {
			n := snap.counts[p][st]
			l := s.CountCells[p][i]
			// Colour only what is there: a red zero would alarm for nothing.
			l.Importance = widget.MediumImportance
			if n > 0 {
				_, l.Importance = syncText(st) // the colours the queue uses
			}
			l.SetText(fmt.Sprint(n))
		}
	}
	if snap.pausedUntil.IsZero() {
		s.Paused.Hide()
	} else {
		s.Paused.SetText(lang.L("claims.paused", map[string]any{"Until": snap.pausedUntil.In(s.d.now().Location()).Format("15:04")}))
		s.Paused.Show()
	}
	s.setAlert(snap.stuck)
	s.setCorrections(snap.corrections)
	s.batches = snap.batches
	s.Batches.Refresh()
	if s.OnAlert != nil {
		s.OnAlert(len(snap.stuck))
	}
}

// Count is a number the counts grid shows.
func (s *ClaimsScreen) Count(period int, state string) int { return s.snap.counts[period][state] }

// Stuck is the worker's alert list as last read.
func (s *ClaimsScreen) Stuck() []claims.Item { return s.snap.stuck }

func (s *ClaimsScreen) setAlert(stuck []claims.Item) {
	if len(stuck) == 0 {
		s.AlertBox.Hide()
		s.Alert.SetText("")
		return
	}
	lines := []string{lang.L("claims.alert.title", map[string]any{"N": len(stuck)})}
	now := s.d.now()
	for i, it := range stuck {
		if i == maxAlertLines {
			lines = append(lines, lang.L("claims.alert.more", map[string]any{"N": len(stuck) - maxAlertLines}))
			break
		}
		lines = append(lines, "• "+alertLine(it, now))
	}
	s.Alert.SetText(strings.Join(lines, "\n"))
	s.AlertBox.Show()
}

// alertLine says what is wrong with one stuck record and who must act.
func alertLine(it claims.Item, now time.Time) string {
	what := kindName(it.Kind) + " #" + fmt.Sprint(it.EntityID)
	var why string
	switch {
	case it.State == clinic.SyncCorrection:
		why = lang.L("claims.alert.correction")
	case it.State == clinic.SyncUnknown:
		why = lang.L("claims.alert.unknown", map[string]any{"N": it.Attempts})
	default:
		why = lang.L("claims.alert.retrying", map[string]any{"N": it.Attempts, "Ago": formatAgo(it.CreatedAt, now)})
	}
	line := what + ": " + why
	if msg := strings.TrimSpace(it.LastError); msg != "" {
		line += " — " + msg
	}
	return line
}

// CorrectionRows are the refused records as listed.
func (s *ClaimsScreen) CorrectionRows() []CorrectionRow { return s.rows }

// setCorrections rebuilds the list only when it changed, so a refresh
// does not move the list under the person reading it.
func (s *ClaimsScreen) setCorrections(items []correctionItem) {
	var sig strings.Builder
	for _, c := range items {
		fmt.Fprintf(&sig, "%d/%d/%s/%s/%s;", c.item.ID, c.item.UpdatedAt.UnixNano(), c.item.LastError, c.who, c.what)
	}
	s.corrTab.Text = lang.L("claims.tab.corrections")
	if len(items) > 0 {
		s.corrTab.Text = lang.L("claims.tab.corrections.n", map[string]any{"N": len(items)})
	}
	s.Inner.Refresh()
	if sig.String() == s.rowsSig {
		return
	}
	s.rowsSig = sig.String()
	s.rows = nil
	s.Corrections.RemoveAll()
	for _, c := range items {
		row := s.correctionRow(c)
		s.rows = append(s.rows, row)
		var right fyne.CanvasObject
		if row.Fix != nil {
			right = container.NewVBox(row.Fix)
		}
		s.Corrections.Add(container.NewBorder(nil, nil, nil, right, container.NewVBox(row.Title, row.Message)))
		s.Corrections.Add(widget.NewSeparator())
	}
	setVisible(len(items) == 0, s.CorrectionsNone)
	s.Corrections.Refresh()
}

func (s *ClaimsScreen) correctionRow(c correctionItem) CorrectionRow {
	it := c.item
	title := kindName(it.Kind)
	if it.Op != claims.OpAdd {
		title += " (" + lang.L("claims.op."+it.Op) + ")"
	}
	if c.who != "" {
		title += " — " + c.who
	} else {
		title += " #" + fmt.Sprint(it.EntityID)
	}
	if c.what != "" {
		title += " · " + c.what
	}
	row := CorrectionRow{Item: it,
		Title:   widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		Message: widget.NewLabel(refusalText(it))}
	row.Title.Truncation = fyne.TextTruncateEllipsis
	row.Message.Wrapping = fyne.TextWrapWord
	row.Message.Importance = widget.DangerImportance
	switch {
	case it.Op != claims.OpAdd:
		// Nothing in the record to fix: the cause is at PCare (a line added
		// in its web page keeps the visit from being deleted).
		row.Fix = newButtonWithIcon(lang.L("claims.retry"), theme.ViewRefreshIcon(), func() { s.Retry(it) })
		row.Message.SetText(row.Message.Text + "\n" + lang.L("claims.retry.hint"))
	case it.Kind == claims.KindRegistration:
		row.Fix = newButtonWithIcon(lang.L("claims.fix"), theme.DocumentCreateIcon(), func() { s.FixRegistration(it) })
	case it.Kind == claims.KindVisit && s.d.Doctor != nil:
		row.Fix = newButtonWithIcon(lang.L("claims.fix"), theme.DocumentCreateIcon(), func() { s.FixVisit(it) })
	default:
		row.Message.SetText(row.Message.Text + "\n" + lang.L("claims.fix.elsewhere"))
	}
	return row
}

// Retry sends a refused edit or delete again, in the background, once the
// person has dealt with its cause at PCare.
func (s *ClaimsScreen) Retry(it claims.Item) {
	officer, now := s.d.officer(), s.d.now()
	s.bg.run(nil, func(ctx context.Context) {
		err := officer.Retry(ctx, it.ID, now)
		s.bg.ui(func() {
			if err != nil {
				s.setStatus(errorText(err), widget.DangerImportance)
				return
			}
			s.afterCorrection(lang.L("claims.retried"))
		})
	})
}

// refusalText is PCare's refusal as the desk reads it: its message, then
// each field it named, by the form's name for it.
func refusalText(it claims.Item) string {
	msg := strings.TrimSpace(it.LastError)
	var parts []string
	switch {
	case strings.HasPrefix(msg, "PCare"):
		parts = append(parts, msg) // the adapter's message names PCare already
	case msg != "":
		parts = append(parts, lang.L("claims.refused", map[string]any{"Msg": msg}))
	}
	for _, f := range it.Fields {
		m := strings.TrimSpace(f.Message)
		if m == "" || strings.Contains(msg, m) {
			continue
		}
		parts = append(parts, pcareFieldName(orElse(f.Field, f.Label))+": "+m)
	}
	if len(parts) == 0 {
		return lang.L("claims.refused.nomsg")
	}
	return strings.Join(parts, "\n")
}

// pcareFieldName names a PCare wire field the way the forms do; a field we
// do not know keeps PCare's name, which the help desk can look up.
func pcareFieldName(field string) string {
	switch field {
	case "kdPoli":
		return lang.L("claims.field.poli")
	case "noKartu":
		return lang.L("claims.field.card")
	case "kdTkp":
		return lang.L("claims.field.tkp")
	case "kunjSakit":
		return lang.L("claims.field.sick")
	case "keluhan":
		return lang.L("claims.field.complaint")
	case "kdDokter":
		return lang.L("claims.field.doctor")
	case "kdDiag1", "kdDiag2", "kdDiag3":
		return lang.L("claims.field.diagnosis")
	case "kdTacc", "alasanTacc":
		return lang.L("claims.field.tacc")
	case "kdSadar":
		return lang.L("claims.field.consciousness")
	case "kdStatusPulang":
		return lang.L("claims.field.discharge")
	case "kdTindakan":
		return lang.L("claims.field.procedure")
	case "kdObat":
		return lang.L("claims.field.drug")
	}
	return field
}

// Batch log columns.
const (
	colBatchTime = iota
	colBatchDuration
	colBatchClaimed
	colBatchSent
	colBatchReconciled
	colBatchRetrying
	colBatchUnknown
	colBatchCorrection
	colBatchError
)

func (s *ClaimsScreen) newBatchTable() *widget.Table {
	headers := []string{
		lang.L("claims.log.time"), lang.L("claims.log.duration"), lang.L("claims.log.claimed"),
		lang.L("claims.log.sent"), lang.L("claims.log.reconciled"), lang.L("claims.log.retrying"),
		lang.L("claims.log.unknown"), lang.L("claims.log.correction"), lang.L("claims.log.error"),
	}
	return labelTable(headers, []float32{150, 90, 80, 90, 100, 100, 110, 130, 440},
		func() int { return len(s.batches) },
		func(l *widget.Label, row, col int) {
			text, imp := s.batchCell(row, col)
			l.Importance = imp
			l.SetText(text)
		})
}

// BatchRows are the passes the log shows, newest first.
func (s *ClaimsScreen) BatchRows() []claims.Batch { return s.batches }

// batchCell is the text of one log cell, from the in-memory slice only.
func (s *ClaimsScreen) batchCell(row, col int) (string, widget.Importance) {
	b := s.batches[row]
	num := func(n int, imp widget.Importance) (string, widget.Importance) {
		if n == 0 {
			return "0", widget.MediumImportance
		}
		return fmt.Sprint(n), imp
	}
	switch col {
	case colBatchTime:
		return b.Started.In(s.d.now().Location()).Format("02-01 15:04:05"), widget.MediumImportance
	case colBatchDuration:
		return formatDuration(b.Duration), widget.MediumImportance
	case colBatchClaimed:
		return num(b.Claimed, widget.MediumImportance)
	case colBatchSent:
		return num(b.Sent, widget.SuccessImportance)
	case colBatchReconciled:
		return num(b.Reconciled, widget.SuccessImportance)
	case colBatchRetrying:
		return num(b.Retrying, widget.WarningImportance)
	case colBatchUnknown:
		return num(b.Unknown, widget.WarningImportance)
	case colBatchCorrection:
		return num(b.NeedsCorrection, widget.DangerImportance)
	case colBatchError:
		if len(b.Errors) > 0 {
			return b.Errors[0], widget.DangerImportance
		}
		if b.Paused {
			return lang.L("claims.log.paused"), widget.WarningImportance
		}
		return "", widget.MediumImportance
	}
	return "", widget.MediumImportance
}

// formatDuration is a pass's length the way a person reads it: "350 ms",
// "2,4 dtk", "2 mnt 5 dtk".
func formatDuration(d time.Duration) string {
	if d < time.Second {
		return lang.L("claims.duration.ms", map[string]any{"MS": int(d / time.Millisecond)})
	}
	if d < time.Minute {
		secs := float64(d) / float64(time.Second)
		return lang.L("claims.duration.seconds", map[string]any{"S": strings.Replace(fmt.Sprintf("%.1f", secs), ".", ",", 1)})
	}
	return lang.L("claims.duration.minutes", map[string]any{"M": int(d / time.Minute), "S": int(d%time.Minute) / int(time.Second)})
}
