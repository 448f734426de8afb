package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/audit"
)

// AuditTrail is the admin's view of the audit trail (setup.Install).
type AuditTrail interface {
	AuditEntries(ctx context.Context, f audit.Filter) ([]audit.Entry, error)
	VerifyAudit(ctx context.Context) (audit.Report, error)
}

// auditPage is how many rows the screen shows at once; the filters narrow.
const auditPage = 500

// AuditScreen filters the audit trail and checks its chain.
type AuditScreen struct {
	Container *fyne.Container
	From, To  *DateField
	User      *Entry
	Patient   *Entry
	Action    *Select
	Outcome   *Select
	SearchBtn *Button
	VerifyBtn *Button
	Table     *widget.Table
	Status    *widget.Label

	entries []audit.Entry
	actions []audit.Action
	d       Deps
	bg      *background
}

// NewAuditScreen builds the screen; Refresh loads it.
func NewAuditScreen(d Deps, bg *background) *AuditScreen {
	s := &AuditScreen{d: d, bg: bg}
	s.From, s.To = newDateField(d.now), newDateField(d.now)
	today := d.now()
	s.From.SetDate(today.AddDate(0, 0, -6))
	s.To.SetDate(today)
	s.User, s.Patient = newEntry(), newEntry()
	s.User.SetPlaceHolder(lang.L("audit.user"))
	s.Patient.SetPlaceHolder(lang.L("audit.patient"))
	all := lang.L("audit.all")
	names := []string{all}
	s.actions = audit.Actions()
	for _, a := range s.actions {
		names = append(names, audit.Label(a))
	}
	s.Action = newSelect(names, nil)
	s.Action.SetSelectedIndex(0)
	outcomes := []string{all}
	for _, o := range audit.Outcomes() {
		outcomes = append(outcomes, o.Label())
	}
	s.Outcome = newSelect(outcomes, nil)
	s.Outcome.SetSelectedIndex(0)
	s.SearchBtn = newButtonWithIcon(lang.L("audit.search"), theme.SearchIcon(), s.Refresh)
	s.VerifyBtn = newButtonWithIcon(lang.L("audit.verify"), theme.ConfirmIcon(), s.Verify)
	for _, e := range []*Entry{s.User, s.Patient, s.From.Entry, s.To.Entry} {
		e.OnSubmitted = func(string) { s.Refresh() }
	}
	s.Table = labelTable([]string{lang.L("audit.col.time"), lang.L("audit.col.user"), lang.L("audit.col.action"),
		lang.L("audit.col.patient"), lang.L("audit.col.detail"), lang.L("audit.col.outcome")},
		[]float32{190, 140, 220, 170, 310, 90}, func() int { return len(s.entries) }, s.fill)
	s.Status = wrapLabel("")
	filters := container.NewGridWithColumns(6,
		labelled(lang.L("audit.from"), s.From.Entry), labelled(lang.L("audit.to"), s.To.Entry),
		labelled(lang.L("audit.user"), s.User), labelled(lang.L("audit.patient"), s.Patient),
		labelled(lang.L("audit.action"), s.Action), labelled(lang.L("audit.outcome"), s.Outcome))
	top := container.NewVBox(filters, container.NewHBox(s.SearchBtn, s.VerifyBtn))
	s.Container = container.NewBorder(top, s.Status, nil, nil, s.Table)
	return s
}

func (s *AuditScreen) fill(l *widget.Label, row, col int) {
	e := s.entries[row]
	switch col {
	case 0:
		at := e.At.In(s.d.now().Location())
		l.SetText(formatDateTime(at) + at.Format(":05"))
	case 1:
		l.SetText(e.User)
	case 2:
		l.SetText(audit.Label(e.Action))
	case 3:
		l.SetText(dash(e.Patient))
	case 4:
		l.SetText(dash(e.Detail))
	case 5:
		if e.Outcome != audit.OK {
			l.Importance = widget.DangerImportance
		}
		l.SetText(e.Outcome.Label())
	}
}

// Filter is the filter the fields describe; To includes its whole day.
func (s *AuditScreen) Filter() audit.Filter {
	f := audit.Filter{User: strings.TrimSpace(s.User.Text), Patient: strings.TrimSpace(s.Patient.Text), Limit: auditPage}
	if d := s.From.Date(); !d.IsZero() {
		f.From = d
	}
	if d := s.To.Date(); !d.IsZero() {
		f.To = d.AddDate(0, 0, 1)
	}
	if i := s.Action.SelectedIndex(); i > 0 {
		f.Action = s.actions[i-1]
	}
	if i := s.Outcome.SelectedIndex(); i > 0 {
		f.Outcome = audit.Outcomes()[i-1]
	}
	return f
}

// Refresh lists the entries the filter picks, newest first.
func (s *AuditScreen) Refresh() {
	f := s.Filter()
	s.bg.run(nil, func(ctx context.Context) {
		es, err := s.d.Audit.AuditEntries(ctx, f)
		s.bg.ui(func() {
			if err != nil {
				s.Status.SetText(errorText(err))
				return
			}
			s.entries = es
			s.Table.Refresh()
			key := "audit.count"
			if len(es) >= auditPage {
				key = "audit.count.more"
			}
			s.Status.Importance = widget.MediumImportance
			s.Status.SetText(lang.L(key, map[string]any{"N": len(es)}))
		})
	})
}

// Verify checks the whole chain and says whether it is intact.
func (s *AuditScreen) Verify() {
	s.VerifyBtn.Disable()
	s.Status.SetText(lang.L("audit.verifying"))
	s.bg.run(nil, func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		defer cancel()
		rep, err := s.d.Audit.VerifyAudit(ctx)
		s.bg.ui(func() {
			s.VerifyBtn.Enable()
			switch {
			case err != nil:
				s.Status.Importance = widget.DangerImportance
				s.Status.SetText(errorText(err))
			case rep.OK():
				s.Status.Importance = widget.SuccessImportance
				s.Status.SetText(lang.L("audit.intact", map[string]any{"N": rep.Rows}))
			default:
				s.Status.Importance = widget.DangerImportance
				s.Status.SetText(lang.L("audit.broken", map[string]any{"Seq": rep.FirstBad(), "N": len(rep.Problems) + rep.Omitted,
					"What": rep.Problems[0].What}))
			}
		})
	})
}
