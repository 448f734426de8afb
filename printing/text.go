package printing

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/text/unicode/norm"
)

// writer draws text with the main font and falls back, rune by rune, to the
// fallback font for what the main font lacks. gofpdf knows one font at a
// time, so every measurement and every drawing goes through here: the line
// breaking and the truncation must measure exactly what will be drawn.
type writer struct {
	pdf      *gofpdf.Fpdf
	style    string  // "" or "B"
	size     float64 // points
	fallback bool    // the fallback font was added to this document
}

// setFont selects the main font. Colour is left alone.
func (w *writer) setFont(style string, size float64) {
	w.style, w.size = style, size
	w.pdf.SetFont(familyMain, style, size)
}

// run is a stretch of text drawn with one font.
type run struct {
	text     string
	fallback bool
}

func (w *writer) runs(s string) []run {
	var out []run
	start, cur := 0, false
	for i, r := range s {
		fb := r > ' ' && !mainHas(w.style, r)
		if i > 0 && fb != cur {
			out = append(out, run{s[start:i], cur})
			start = i
		}
		cur = fb
	}
	if start < len(s) {
		out = append(out, run{s[start:], cur})
	}
	return out
}

// withFallback runs fn with the fallback font selected. The font is added
// to the document on first use only: parsing a 4 MB font costs ~20 ms, and
// almost no letter needs it.
func (w *writer) withFallback(fn func()) {
	if !w.fallback {
		w.pdf.AddUTF8FontFromBytes(familyFallback, "", fontBytes(droidFallback))
		w.fallback = true
	}
	w.pdf.SetFont(familyFallback, "", w.size)
	fn()
	w.pdf.SetFont(familyMain, w.style, w.size)
}

// width is the width of s in mm, as text() would draw it.
func (w *writer) width(s string) float64 {
	total := 0.0
	for _, r := range w.runs(s) {
		if r.fallback {
			w.withFallback(func() { total += w.pdf.GetStringWidth(r.text) })
		} else {
			total += w.pdf.GetStringWidth(r.text)
		}
	}
	return total
}

// text draws s with its baseline at y and returns the width drawn.
func (w *writer) text(x, y float64, s string) float64 {
	start := x
	for _, r := range w.runs(s) {
		if r.fallback {
			w.withFallback(func() {
				w.pdf.Text(x, y, r.text)
				x += w.pdf.GetStringWidth(r.text)
			})
		} else {
			w.pdf.Text(x, y, r.text)
			x += w.pdf.GetStringWidth(r.text)
		}
	}
	return x - start
}

// textRight draws s ending at x.
func (w *writer) textRight(x, y float64, s string) {
	w.text(x-w.width(s), y, s)
}

// textCenter draws s centred on x.
func (w *writer) textCenter(x, y float64, s string) {
	w.text(x-w.width(s)/2, y, s)
}

const ellipsis = "…"

// fit returns s, or its longest prefix that fits maxW with "…" appended.
func (w *writer) fit(s string, maxW float64) string {
	if w.width(s) <= maxW {
		return s
	}
	return w.cut(s, maxW)
}

// cut truncates s to fit maxW together with a trailing "…", whether or not
// s itself would fit: it marks text that was left out after s.
func (w *writer) cut(s string, maxW float64) string {
	rs := []rune(s)
	// Binary search on the rune count: notes can be thousands of runes.
	n := sort.Search(len(rs)+1, func(n int) bool {
		return w.width(strings.TrimRight(string(rs[:n]), " ")+ellipsis) > maxW
	}) - 1
	if n < 0 {
		n = 0
	}
	// "kreatinin.…" reads as a typo; "kreatinin…" does not.
	return strings.TrimRight(string(rs[:n]), " .,;:") + ellipsis
}

// wrap breaks s into lines no wider than maxW, keeping the line breaks
// typed into s, and cuts the last line with "…" when more than maxLines would be
// needed: the letter is one page, whatever the doctor typed.
func (w *writer) wrap(s string, maxW float64, maxLines int) []string {
	if maxLines < 1 {
		return nil
	}
	var lines []string
	line, overflow := "", false
paragraphs:
	for _, para := range strings.Split(cleanMultiline(s), "\n") {
		for _, word := range strings.Fields(para) {
			cand := word
			if line != "" {
				cand = line + " " + word
			}
			if w.width(cand) <= maxW {
				line = cand
				continue
			}
			if line != "" {
				lines, line = append(lines, line), ""
			}
			// A word wider than the line (a URL, a drug list without
			// spaces) is broken anywhere.
			for len(lines) < maxLines && w.width(word) > maxW {
				head := w.prefix(word, maxW)
				lines, word = append(lines, head), word[len(head):]
			}
			if len(lines) == maxLines {
				overflow = true
				break paragraphs
			}
			line = word
		}
		if line != "" {
			if len(lines) == maxLines {
				overflow = true
				break
			}
			lines, line = append(lines, line), ""
		}
	}
	if overflow {
		lines[maxLines-1] = w.cut(lines[maxLines-1], maxW)
	}
	return lines
}

// prefix is the longest non-empty prefix of word that fits maxW.
func (w *writer) prefix(word string, maxW float64) string {
	rs := []rune(word)
	n := sort.Search(len(rs)+1, func(n int) bool { return w.width(string(rs[:n])) > maxW }) - 1
	if n < 1 {
		n = 1
	}
	return string(rs[:n])
}

// clean makes s printable on one line: NFC (so "e" + combining marks prints
// as the precomposed letter gofpdf can draw without shaping), whitespace
// collapsed, control and format characters dropped, and runes outside the
// Basic Multilingual Plane replaced, since gofpdf cannot address them.
func clean(s string) string {
	return strings.Join(strings.Fields(cleanMultiline(s)), " ")
}

// cleanMultiline is clean but keeps line breaks.
func cleanMultiline(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = norm.NFC.String(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return -1
		case r > 0xFFFF:
			return '\uFFFD'
		}
		return r
	}, s)
}

// Indonesian month names: the letter is read by Indonesian staff, and
// Go's time formatting only knows English.
var (
	monthLong  = [12]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
	monthShort = [12]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}
)

// dateLong is "22 November 2026"; "-" when the date is unknown.
func dateLong(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return fmt.Sprintf("%d %s %d", t.Day(), monthLong[t.Month()-1], t.Year())
}

// dateShort is "07-Agu-1974", as PCare prints dates of birth.
func dateShort(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return fmt.Sprintf("%02d-%s-%d", t.Day(), monthShort[t.Month()-1], t.Year())
}

// age is the age on the given day, as "52 tahun"; babies under a year get
// months ("7 bulan"), since "0 tahun" tells the receiving doctor nothing.
func age(birth, on time.Time) string {
	if birth.IsZero() || on.IsZero() {
		return "-"
	}
	by, bm, bd := birth.Date()
	oy, om, od := on.Date()
	months := (oy-by)*12 + int(om-bm)
	if od < bd {
		months--
	}
	switch {
	case months < 0:
		return "-"
	case months < 12:
		return strconv.Itoa(months) + " bulan"
	}
	return strconv.Itoa(months/12) + " tahun"
}

// monthYear is "November 2026", the claim's month of service; "-" when
// the month is unknown.
func monthYear(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return fmt.Sprintf("%s %d", monthLong[t.Month()-1], t.Year())
}

// thousands writes whole rupiah with dots grouping thousands, as amounts
// stand in Indonesian forms' columns: "1.250.000" (the column heading says
// "Rp"; rupiah has no cents in practice).
func thousands(n int64) string {
	digits := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, digits = "-", digits[1:]
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(d)
	}
	return b.String()
}
