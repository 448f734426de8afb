package printing

// A ruled table for the claim documents: every cell boxed, text wrapped to
// its column and cut with "…" past a column's line limit, so a row's height
// is known before it is drawn and pages can be planned ahead of drawing
// (the footer says "Halaman x dari y").

// column is one column of a table.
type column struct {
	title string
	width float64 // mm
	align string  // "L", "C" or "R"
	lines int     // at most this many lines of text per cell; 0 means 1
}

// cell is one cell of a row; a cell can span several columns (a TOTAL
// label, the "no services" message).
type cell struct {
	text  string
	span  int    // columns covered; 0 means 1
	align string // "" means the first spanned column's
	lines int    // at most this many lines; 0 means the first column's
}

// table draws rows of cells at x with one font size.
type table struct {
	w     *writer
	x     float64
	cols  []column
	size  float64 // pt
	lineH float64 // mm between baselines inside a cell
	padX  float64 // mm each side of the text
	padY  float64 // mm above and below the text
}

// layout is a row measured and wrapped, ready to draw.
type layout struct {
	cells  []placed
	height float64
	style  string
	fill   *[3]int
}

type placed struct {
	x, width float64
	align    string
	lines    []string
}

// row measures a row of cells in the given style ("" or "B"); fill, when
// set, shades its cells.
func (t *table) row(style string, fill *[3]int, cells ...cell) layout {
	t.w.setFont(style, t.size)
	l := layout{style: style, fill: fill}
	x, col, maxLines := t.x, 0, 1
	for _, c := range cells {
		span := max(1, c.span)
		if col+span > len(t.cols) {
			span = len(t.cols) - col
		}
		if span <= 0 {
			break
		}
		first := t.cols[col]
		width := 0.0
		for _, cc := range t.cols[col : col+span] {
			width += cc.width
		}
		align := c.align
		if align == "" {
			align = first.align
		}
		limit := c.lines
		if limit == 0 {
			limit = first.lines
		}
		lines := t.w.wrap(c.text, width-2*t.padX, max(1, limit))
		maxLines = max(maxLines, len(lines))
		l.cells = append(l.cells, placed{x: x, width: width, align: align, lines: lines})
		x += width
		col += span
	}
	l.height = float64(maxLines)*t.lineH + 2*t.padY
	return l
}

// header measures the heading row: bold, shaded, centred, up to two lines.
func (t *table) header() layout {
	cells := make([]cell, len(t.cols))
	for i, c := range t.cols {
		cells[i] = cell{text: c.title, align: "C", lines: 2}
	}
	return t.row("B", &colHeading, cells...)
}

// draw draws a measured row with its top at y and returns its bottom.
func (t *table) draw(y float64, l layout) float64 {
	p := t.w.pdf
	t.w.setFont(l.style, t.size)
	p.SetLineWidth(0.2)
	p.SetDrawColor(0, 0, 0)
	mode := "D"
	if l.fill != nil {
		setFill(p, *l.fill)
		mode = "FD"
	}
	// The font's ascent sits about 0.72 of the line above the baseline.
	ascent := t.size * 25.4 / 72 * 0.74
	for _, c := range l.cells {
		p.Rect(c.x, y, c.width, l.height, mode)
		// Fewer lines than the row's tallest cell: centred vertically.
		top := y + (l.height-float64(max(1, len(c.lines)))*t.lineH)/2 + (t.lineH-ascent)/2
		for i, line := range c.lines {
			by := top + float64(i)*t.lineH + ascent
			switch c.align {
			case "R":
				t.w.textRight(c.x+c.width-t.padX, by, line)
			case "C":
				t.w.textCenter(c.x+c.width/2, by, line)
			default:
				t.w.text(c.x+t.padX, by, line)
			}
		}
	}
	return y + l.height
}

// colHeading shades table headings and totals.
var colHeading = [3]int{225, 232, 225}
