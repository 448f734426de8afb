package app

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
)

// Report periods, in the order the choice offers them.
const (
	ReportThisMonth = iota
	ReportLastMonth
	ReportLast30Days
)

// ReportsScreen is "Laporan": the examinations of a period by poli, the
// referrals, and the ratio of non-specialist referrals (RRNS) with its
// daily trend, the KBK indicator BPJS pays capitation by.
type ReportsScreen struct {
	Container     fyne.CanvasObject
	Period        *Select
	Range         *widget.Label
	Visits        *widget.Label
	Referrals     *widget.Label
	NonSpecialist *widget.Label
	// RRNS is the period's ratio, red above RRNSTarget.
	RRNS  *widget.Label
	Polis *widget.Table
	Chart *RRNSChart
	Error *widget.Label

	d      Deps
	bg     *background
	report clinic.Report
	// polis is what the table shows: poli and visits, most visits first.
	polis   []poliCount
	loading bool
	again   bool
}

type poliCount struct {
	Poli   string
	Visits int
}

// NewReportsScreen builds the screen; Refresh loads the chosen period.
func NewReportsScreen(d Deps, bg *background) *ReportsScreen {
	s := &ReportsScreen{d: d, bg: bg}
	s.Period = newSelect([]string{lang.L("report.period.this_month"), lang.L("report.period.last_month"),
		lang.L("report.period.last_30")}, func(string) { s.Refresh() })
	s.Range = widget.NewLabel("")
	bold := func() *widget.Label {
		return widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	}
	s.Visits, s.Referrals, s.NonSpecialist, s.RRNS = bold(), bold(), bold(), bold()
	s.Error = dangerLabel()
	s.Polis = labelTable([]string{lang.L("report.col.poli"), lang.L("report.col.visits")}, []float32{260, 100},
		func() int { return len(s.polis) },
		func(l *widget.Label, row, col int) {
			if col == 0 {
				l.SetText(s.polis[row].Poli)
				return
			}
			l.Alignment = fyne.TextAlignTrailing
			l.SetText(fmt.Sprint(s.polis[row].Visits))
		})
	s.Chart = NewRRNSChart()

	key := func(k string) *widget.Label { return widget.NewLabel(k) }
	totals := container.New(layout.NewFormLayout(),
		key(lang.L("report.visits")), s.Visits,
		key(lang.L("report.referrals")), s.Referrals,
		key(lang.L("report.non_specialist")), s.NonSpecialist,
		key(lang.L("report.rrns")), s.RRNS,
	)
	target := widget.NewLabel(lang.L("report.rrns.target", map[string]any{"Pct": formatPercent(clinic.RRNSTarget)}))
	target.Wrapping = fyne.TextWrapWord
	target.SizeName = theme.SizeNameCaptionText
	left := container.NewBorder(container.NewVBox(totals, target, widget.NewSeparator()), nil, nil, nil, s.Polis)
	chartTitle := widget.NewLabelWithStyle(lang.L("report.chart.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	right := container.NewBorder(chartTitle, nil, nil, nil, s.Chart)
	split := container.NewHSplit(left, right)
	split.SetOffset(0.33)
	refresh := newButtonWithIcon("", theme.ViewRefreshIcon(), s.Refresh)
	top := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel(lang.L("report.period")), s.Period), refresh, s.Range)
	s.Container = container.NewBorder(container.NewVBox(top, s.Error), nil, nil, nil, split)
	s.Period.Selected = s.Period.Options[ReportThisMonth]
	return s
}

// periodRange is the days of a period choice, from up to (not including)
// to, as calendar dates in UTC like the visits' dates.
func periodRange(choice int, now time.Time) (from, to time.Time) {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	switch choice {
	case ReportLastMonth:
		to = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
		return to.AddDate(0, -1, 0), to
	case ReportLast30Days:
		return today.AddDate(0, 0, -29), today.AddDate(0, 0, 1)
	}
	from = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	return from, from.AddDate(0, 1, 0)
}

// Refresh reads the chosen period's report off the UI goroutine.
func (s *ReportsScreen) Refresh() {
	if s.loading {
		s.again = true
		return
	}
	s.loading = true
	from, to := periodRange(s.Period.SelectedIndex(), s.d.now())
	desk := s.d.Doctor
	s.bg.run(nil, func(ctx context.Context) {
		rep, err := desk.Report(ctx, from, to)
		s.bg.ui(func() {
			s.loading = false
			if s.again {
				s.again = false
				defer s.Refresh()
			}
			if err != nil {
				setLabelError(s.Error, errorTextErr(err))
				return
			}
			setLabelError(s.Error, nil)
			s.set(rep)
		})
	})
}

// Report is the report on screen.
func (s *ReportsScreen) Report() clinic.Report { return s.report }

func (s *ReportsScreen) set(rep clinic.Report) {
	s.report = rep
	s.Range.SetText(formatDate(rep.From) + " – " + formatDate(rep.To.AddDate(0, 0, -1)))
	t := rep.Total
	s.Visits.SetText(fmt.Sprint(t.Visits))
	s.Referrals.SetText(fmt.Sprint(t.Referrals))
	s.NonSpecialist.SetText(fmt.Sprint(t.NonSpecialistReferrals))
	if t.Referrals == 0 {
		s.RRNS.Importance = widget.MediumImportance
		s.RRNS.SetText(lang.L("report.rrns.none"))
	} else {
		s.RRNS.Importance = widget.SuccessImportance
		if t.RRNS() > clinic.RRNSTarget {
			s.RRNS.Importance = widget.DangerImportance
		}
		s.RRNS.SetText(formatPercent(t.RRNS()))
	}
	s.polis = s.polis[:0]
	for p, n := range t.ByPoli {
		s.polis = append(s.polis, poliCount{Poli: dash(p), Visits: n})
	}
	sort.Slice(s.polis, func(i, j int) bool {
		if s.polis[i].Visits != s.polis[j].Visits {
			return s.polis[i].Visits > s.polis[j].Visits
		}
		return s.polis[i].Poli < s.polis[j].Poli
	})
	s.Polis.Refresh()
	s.Chart.SetData(rep.From, rep.To, rep.Days)
}

// PoliRows are the poli table's rows as shown.
func (s *ReportsScreen) PoliRows() []poliCount { return s.polis }

// formatPercent is a ratio as Indonesians write a percentage: "2%",
// "33,3%".
func formatPercent(r float64) string {
	p := r * 100
	if p == float64(int(p)) {
		return fmt.Sprintf("%d%%", int(p))
	}
	return strings.Replace(fmt.Sprintf("%.1f%%", p), ".", ",", 1)
}
