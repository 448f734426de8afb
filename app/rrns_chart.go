package app

import (
	"fmt"
	"image/color"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
)

// ChartPoint is one day of the RRNS chart: a day with referrals.
type ChartPoint struct {
	Day       time.Time
	RRNS      float64
	Referrals int
}

// RRNSChart draws the daily non-specialist referral ratio as bars over the
// period's days, with the 2% target as a dashed line: what the KBK
// indicator is judged on, at a glance. Days without referrals have no
// ratio and no bar. Drawn with canvas primitives only.
type RRNSChart struct {
	widget.BaseWidget
	from, to time.Time
	points   []ChartPoint
}

// NewRRNSChart returns an empty chart.
func NewRRNSChart() *RRNSChart {
	c := &RRNSChart{}
	c.ExtendBaseWidget(c)
	return c
}

// SetData shows the days from up to (not including) to; days are the
// report's, only those with referrals become bars.
func (c *RRNSChart) SetData(from, to time.Time, days []clinic.DayReport) {
	c.from, c.to = from, to
	c.points = c.points[:0]
	for _, d := range days {
		if d.Referrals > 0 {
			c.points = append(c.points, ChartPoint{Day: d.Day, RRNS: d.RRNS(), Referrals: d.Referrals})
		}
	}
	c.Refresh()
}

// Points are the bars drawn, in day order.
func (c *RRNSChart) Points() []ChartPoint { return c.points }

// CreateRenderer implements fyne.Widget.
func (c *RRNSChart) CreateRenderer() fyne.WidgetRenderer { return &rrnsRenderer{c: c} }

type rrnsRenderer struct {
	c    *RRNSChart
	objs []fyne.CanvasObject
	size fyne.Size
}

func (r *rrnsRenderer) Destroy()                     {}
func (r *rrnsRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *rrnsRenderer) MinSize() fyne.Size           { return fyne.NewSize(360, 220) }
func (r *rrnsRenderer) Refresh()                     { r.Layout(r.size) }

// Layout redraws the chart for size: a few dozen primitives, cheap enough
// to rebuild on every resize or new data.
func (r *rrnsRenderer) Layout(size fyne.Size) {
	r.size = size
	r.objs = r.objs[:0]
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	fg := theme.Color(theme.ColorNameForeground)
	grid := theme.Color(theme.ColorNameSeparator)
	bad := theme.Color(theme.ColorNameError)
	good := theme.Color(theme.ColorNameSuccess)
	small := theme.Size(theme.SizeNameCaptionText)

	const left, right, top, bottom = 52, 16, 12, 34
	w, h := size.Width-left-right, size.Height-top-bottom
	if w < 20 || h < 20 {
		return
	}
	x0, y0 := float32(left), float32(top)+h // origin, bottom left

	yMax, ticks := chartScale(r.c.points)
	y := func(v float64) float32 { return y0 - float32(v/yMax)*h }

	text := func(s string, c color.Color, pos fyne.Position, align fyne.TextAlign) {
		t := canvas.NewText(s, c)
		t.TextSize = small
		ts := t.MinSize()
		switch align {
		case fyne.TextAlignTrailing:
			pos.X -= ts.Width
		case fyne.TextAlignCenter:
			pos.X -= ts.Width / 2
		}
		t.Move(fyne.NewPos(pos.X, pos.Y-ts.Height/2))
		t.Resize(ts)
		r.objs = append(r.objs, t)
	}
	line := func(c color.Color, width float32, a, b fyne.Position) {
		l := canvas.NewLine(c)
		l.StrokeWidth = width
		l.Position1, l.Position2 = a, b
		r.objs = append(r.objs, l)
	}

	// Horizontal grid and the percentage scale.
	for i := 0; i <= ticks; i++ {
		v := yMax * float64(i) / float64(ticks)
		yy := y(v)
		if i > 0 {
			line(grid, 1, fyne.NewPos(x0, yy), fyne.NewPos(x0+w, yy))
		}
		text(formatPercent(v), fg, fyne.NewPos(x0-6, yy), fyne.TextAlignTrailing)
	}

	// The days: one slot each, labelled as often as the width allows.
	n := int(math.Round(r.c.to.Sub(r.c.from).Hours() / 24))
	if n < 1 {
		n = 1
	}
	slot := w / float32(n)
	every := int(math.Ceil(float64(28 / slot)))
	if every < 1 {
		every = 1
	}
	for i := 0; i < n; i++ {
		day := r.c.from.AddDate(0, 0, i)
		if i%every == 0 {
			cx := x0 + slot*(float32(i)+0.5)
			line(fg, 1, fyne.NewPos(cx, y0), fyne.NewPos(cx, y0+4))
			text(fmt.Sprint(day.Day()), fg, fyne.NewPos(cx, y0+12), fyne.TextAlignCenter)
		}
	}
	if !r.c.from.IsZero() {
		text(monthYear(r.c.from), fg, fyne.NewPos(x0+w, y0+26), fyne.TextAlignTrailing)
	}

	// The bars: red above target, green at or below it; a ratio of 0 still
	// shows as a sliver, so a day with referrals is never invisible.
	for _, p := range r.c.points {
		i := int(math.Round(p.Day.Sub(r.c.from).Hours() / 24))
		if i < 0 || i >= n {
			continue
		}
		col := good
		if p.RRNS > clinic.RRNSTarget {
			col = bad
		}
		bw := max(slot*0.6, 2)
		top := min(y(p.RRNS), y0-3)
		bar := canvas.NewRectangle(col)
		bar.Move(fyne.NewPos(x0+slot*float32(i)+(slot-bw)/2, top))
		bar.Resize(fyne.NewSize(bw, y0-top))
		r.objs = append(r.objs, bar)
		if slot >= 24 {
			text(formatPercent(p.RRNS), fg, fyne.NewPos(x0+slot*(float32(i)+0.5), top-8), fyne.TextAlignCenter)
		}
	}

	// The target, dashed, over the bars so it stays visible.
	ty := y(clinic.RRNSTarget)
	for x := x0; x < x0+w; x += 10 {
		line(bad, 2, fyne.NewPos(x, ty), fyne.NewPos(min(x+6, x0+w), ty))
	}
	text(lang.L("report.chart.target", map[string]any{"Pct": formatPercent(clinic.RRNSTarget)}), bad,
		fyne.NewPos(x0+w, ty-9), fyne.TextAlignTrailing)

	// Axes last, on top.
	line(fg, 1.5, fyne.NewPos(x0, y0), fyne.NewPos(x0+w, y0))
	line(fg, 1.5, fyne.NewPos(x0, float32(top)), fyne.NewPos(x0, y0))

	if len(r.c.points) == 0 {
		text(lang.L("report.chart.empty"), fg, fyne.NewPos(x0+w/2, float32(top)+h/2), fyne.TextAlignCenter)
	}
	for _, o := range r.objs {
		o.Refresh()
	}
}

// chartScale is the top of the scale and its number of round ticks: a
// step above the highest day, never so low that the target line sits at
// the top.
func chartScale(points []ChartPoint) (float64, int) {
	hi := clinic.RRNSTarget * 2.5
	for _, p := range points {
		hi = max(hi, p.RRNS)
	}
	for _, s := range []struct {
		top   float64
		ticks int
	}{{0.05, 5}, {0.1, 5}, {0.2, 4}, {0.25, 5}, {0.5, 5}, {1, 4}} {
		if hi <= s.top+1e-9 {
			return s.top, s.ticks
		}
	}
	return 1, 4
}
