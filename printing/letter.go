// Package printing turns referral letters and the monthly non-capitation
// claim (the FPK with its detail list, and the SPP) into PDF, and hands PDF
// files to the operating system's printer. It is the only package that
// knows gofpdf (so moving to its maintained fork touches nothing else) and
// the printing commands of each OS. It decides nothing about referrals or
// claims: what goes on the paper is referral.Letter or claims.MonthlyClaim,
// filled in by the domain.
package printing

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jung-kurt/gofpdf"

	"fktpdesk/referral"
)

// WriteLetter writes one referral letter as a one-page A4 PDF.
func WriteLetter(w io.Writer, l referral.Letter) error {
	return WriteLetters(w, []referral.Letter{l})
}

// WriteLetters writes the letters as one PDF, one A4 page per letter, so a
// day's referrals print as one job. The fonts are parsed once per document,
// which is most of the cost of a single letter.
func WriteLetters(w io.Writer, ls []referral.Letter) error {
	if len(ls) == 0 {
		return errors.New("printing: no letters to write")
	}
	title := "Surat Rujukan FKTP"
	if len(ls) == 1 && !ls[0].Draft() {
		title += " " + clean(ls[0].Number)
	}
	// The letter's own date instead of the clock, so the same letter gives
	// the same bytes (and golden tests stay possible).
	tw := newDocument(title, ls[0].VisitDate)
	tw.pdf.SetMargins(marginLeft, marginTop, pageWidth-marginRight)
	for i, l := range ls {
		if err := drawLetter(tw, l); err != nil {
			return fmt.Errorf("printing: letter %d (%s): %w", i+1, l.Number, err)
		}
	}
	return tw.output(w)
}

// Page geometry in mm (A4 portrait).
const (
	pageWidth    = 210.0
	pageHeight   = 297.0
	marginLeft   = 20.0
	marginRight  = 190.0 // x of the right edge of the text
	marginTop    = 14.0
	marginBottom = 284.0 // nothing is drawn below this baseline
	contentWidth = marginRight - marginLeft
)

// Type sizes (pt) and the line advance (mm) that goes with the body size.
const (
	sizeBody  = 10.5
	sizeSmall = 8.5
	sizeTitle = 15.0
	lineBody  = 5.6
	lineSmall = 4.0
)

// Colours: a BPJS-like green and blue for the text logo, grey for small print.
var (
	colGreen = [3]int{0, 150, 70}
	colBlue  = [3]int{0, 90, 160}
	colBlack = [3]int{0, 0, 0}
	colGrey  = [3]int{90, 90, 90}
)

func setText(p *gofpdf.Fpdf, c [3]int) { p.SetTextColor(c[0], c[1], c[2]) }
func setFill(p *gofpdf.Fpdf, c [3]int) { p.SetFillColor(c[0], c[1], c[2]) }

// Column positions of the label/value rows outside the box: one colon
// column for the addressee, the patient and the closing, as a typed letter
// would have.
const (
	colonX   = marginLeft + 50
	colonGap = 3.0 // colon to value
	indent   = 5.0 // the patient's rows, under "Mohon pemeriksaan…"
)

func drawLetter(w *writer, l referral.Letter) error {
	p := w.pdf
	p.AddPage()
	if l.Draft() {
		watermark(w)
	}
	setText(p, colBlack)
	p.SetDrawColor(0, 0, 0)

	y := header(w, l)
	y, err := numberBox(w, l, y)
	if err != nil {
		return err
	}

	// Addressee.
	w.setFont("", sizeBody)
	y += 8
	y = row(w, marginLeft, y, colonX-marginLeft, "Kepada Yth. TS Dokter", l.ToPoli, marginRight, 2, "B")
	y = row(w, marginLeft, y, colonX-marginLeft, "Di", l.ToHospital, marginRight, 2, "B")

	y += 4
	w.setFont("", sizeBody)
	w.text(marginLeft, y, "Mohon pemeriksaan dan penanganan lebih lanjut pasien :")
	y += lineBody + 1.5

	// The closing part is measured first: whatever room is left goes to
	// the two free-text fields, cut with "…" if the doctor wrote more.
	steps, height := closing(w, l)
	y = patient(w, l, y, height)
	// row() returns the next baseline; the closing's first step is
	// measured from the last one.
	y -= lineBody
	for _, s := range steps {
		y += s.dy
		s.draw(y)
	}
	return p.Error()
}

// header draws the text logo, the BPJS offices and the title, and returns
// the y below them.
func header(w *writer, l referral.Letter) float64 {
	p := w.pdf
	// A drawn mark instead of the BPJS logo, which is not ours to embed:
	// a green disc with a white cross.
	cx, cy, r := marginLeft+6, marginTop+6, 6.0
	setFill(p, colGreen)
	p.Circle(cx, cy, r, "F")
	p.SetFillColor(255, 255, 255)
	p.Rect(cx-1.1, cy-3.6, 2.2, 7.2, "F")
	p.Rect(cx-3.6, cy-1.1, 7.2, 2.2, "F")

	x := marginLeft + 15
	w.setFont("B", 17)
	setText(p, colBlue)
	x += w.text(x, marginTop+6.5, "BPJS ")
	setText(p, colGreen)
	w.text(x, marginTop+6.5, "Kesehatan")
	setText(p, colGrey)
	w.setFont("", 7)
	w.text(marginLeft+15, marginTop+10.5, "Badan Penyelenggara Jaminan Sosial")
	setText(p, colBlack)

	w.setFont("", sizeBody)
	maxW := 95.0
	w.textRight(marginRight, marginTop+4, w.fit(titled("Kedeputian Wilayah", clean(l.RegionalOffice), "Divisi Regional"), maxW))
	w.textRight(marginRight, marginTop+9, w.fit(titled("Kantor Cabang", clean(l.BranchOffice)), maxW))

	y := marginTop + 15
	p.SetLineWidth(0.6)
	p.Line(marginLeft, y, marginRight, y)
	p.SetLineWidth(0.2)
	p.Line(marginLeft, y+1, marginRight, y+1)

	y += 9
	w.setFont("B", sizeTitle)
	w.textCenter(pageWidth/2, y, "Surat Rujukan FKTP")
	return y + 4
}

// Barcode geometry: at most 60 × 12 mm. A PCare number with its digit runs
// in set C is 200 modules, so 0.3 mm each: wide enough for an office laser
// printer to reproduce and a cheap hand scanner to read.
const (
	barcodeMaxWidth = 60.0
	barcodeModule   = 0.3
	barcodeHeight   = 12.0
)

// numberBox draws the boxed block starting at top: the number with its
// barcode beside it, then the FKTP and its regency below the barcode, where
// long clinic names have the full width. It returns the box's bottom.
func numberBox(w *writer, l referral.Letter, top float64) (float64, error) {
	p := w.pdf
	const pad = 3.5
	const boxLabel = 31.0
	x := marginLeft + pad
	right := marginRight - pad

	number := clean(l.Number)
	numberBaseline := top + pad + 4 // draft: no barcode to line up with
	numberRight := right            // the number stops short of the bars' quiet zone
	if l.Draft() {
		number = "— (draf)"
	} else {
		widths, err := code128Widths(number)
		if err != nil {
			return 0, fmt.Errorf("barcode of the referral number: %w", err)
		}
		modules := 0
		for _, m := range widths {
			modules += m
		}
		// Longer numbers get narrower modules rather than a wider code.
		// The quiet zones are the box padding (right) and the room kept
		// clear of text (left).
		module := min(barcodeModule, barcodeMaxWidth/float64(modules))
		bx := right - float64(modules)*module
		numberRight = bx - c128QuietModules*module
		by := top + pad
		p.SetFillColor(0, 0, 0)
		for i, m := range widths {
			if i%2 == 0 { // bars are the even elements; spaces stay blank
				p.Rect(bx, by, float64(m)*module, barcodeHeight, "F")
			}
			bx += float64(m) * module
		}
		numberBaseline = by + barcodeHeight/2 + 1.5 // centred on the bars
	}

	w.setFont("", sizeBody)
	row(w, x, numberBaseline, boxLabel, "No. Rujukan", number, numberRight, 1, "B")
	y := numberBaseline + lineBody
	if !l.Draft() {
		y = top + pad + barcodeHeight + lineBody
	}
	y = row(w, x, y, boxLabel, "FKTP", join(l.FacilityName, l.FacilityCode), right, 2, "")
	y = row(w, x, y, boxLabel, "Kabupaten/Kota", join(l.RegencyName, l.RegencyCode), right, 2, "")
	bottom := y - lineBody + pad // the last baseline, its descent and the padding

	p.SetLineWidth(0.3)
	p.Rect(marginLeft, top, contentWidth, bottom-top, "D")
	return bottom, nil
}

// join prints "name (code)", or whichever of the two is known.
func join(name, code string) string {
	name, code = clean(name), clean(code)
	switch {
	case name == "":
		return code
	case code == "":
		return name
	}
	return name + " (" + code + ")"
}

// row draws "label : value" with the value wrapped to at most maxLines
// between the colon and right, and returns the baseline of the next row.
func row(w *writer, x, y, labelW float64, label, value string, right float64, maxLines int, valueStyle string) float64 {
	style, size := w.style, w.size
	w.text(x, y, label)
	w.text(x+labelW, y, ":")
	vx := x + labelW + colonGap
	w.setFont(valueStyle, size)
	for _, line := range w.wrap(orDash(value), right-vx, maxLines) {
		w.text(vx, y, line)
		y += lineBody
	}
	w.setFont(style, size)
	return y
}

// Patient block: the right-hand column beside Umur and Jenis Kelamin.
const (
	rightColX      = 125.0
	rightColLabelW = 20.0
)

// patient draws the patient block down to the free-text fields, giving
// those the room left above reserve mm from the bottom, and returns the y
// after it.
func patient(w *writer, l referral.Letter, y, reserve float64) float64 {
	x := marginLeft + indent
	labelWidth := colonX - x
	valueX := colonX + colonGap
	valueW := marginRight - valueX
	leftRight := rightColX - 3 // right edge of the left column's values
	w.setFont("", sizeBody)

	y = row(w, x, y, labelWidth, "Nama", l.PatientName, marginRight, 2, "B")
	row(w, rightColX, y, rightColLabelW, "Tgl. Lahir", dateShort(l.BirthDate), marginRight, 1, "")
	y = row(w, x, y, labelWidth, "Umur", age(l.BirthDate, l.VisitDate), leftRight, 1, "")
	status := "Utama"
	if l.Dependent {
		status = "Tanggungan"
	}
	row(w, rightColX, y, rightColLabelW, "Status", status, marginRight, 1, "")
	y = row(w, x, y, labelWidth, "Jenis Kelamin", l.Sex, leftRight, 1, "B")
	y = row(w, x, y, labelWidth, "No. Kartu BPJS", l.CardNo, marginRight, 1, "")

	// Diagnoses: one line each, the name cut before the code is.
	w.text(x, y, "Diagnosa")
	w.text(x+labelWidth, y, ":")
	diags := l.Diagnoses
	if len(diags) > 3 {
		diags = diags[:3] // PCare takes three; the type says so too
	}
	if len(diags) == 0 {
		w.text(valueX, y, "-")
		y += lineBody
	}
	for _, d := range diags {
		code := clean(d.Code)
		suffix := ""
		if code != "" {
			suffix = " (" + code + ")"
		}
		name := w.fit(clean(d.Name), valueW-w.width(suffix))
		w.text(valueX, y, strings.TrimSpace(name+suffix))
		y += lineBody
	}

	// Catatan and Telah diberikan share what is left; each gets what it
	// needs if both fit, otherwise the shorter keeps its lines and the
	// longer is cut.
	// n rows from baseline y leave the last at y+(n-1)·lineBody, and the
	// closing needs reserve below that.
	free := int((marginBottom - reserve - y + lineBody) / lineBody)
	if l.TACC != "" {
		free-- // the TACC line comes out of the same room
	}
	notes := w.wrap(orDash(l.Notes), valueW, free)
	given := w.wrap(orDash(l.Given), valueW, free)
	nNotes, nGiven := share(len(notes), len(given), free)
	y = row(w, x, y, labelWidth, "Catatan", l.Notes, marginRight, nNotes, "")
	y = row(w, x, y, labelWidth, "Telah diberikan", l.Given, marginRight, nGiven, "")
	if l.TACC != "" {
		y = row(w, x, y, labelWidth, "TACC", l.TACC, marginRight, 1, "")
	}
	return y
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// share splits free lines between two texts needing a and b lines, at
// least one line each.
func share(a, b, free int) (int, int) {
	if a+b <= free {
		return a, b
	}
	half := max(1, free/2)
	switch {
	case a <= half:
		return a, max(1, free-a)
	case b <= half:
		return max(1, free-b), b
	}
	return half, max(1, free-half)
}

// step is one line of the closing: the advance from the previous baseline,
// and what to draw on the new one. The closing is a list of steps so that
// the room it needs is measured from the very steps that draw it.
type step struct {
	dy   float64
	draw func(y float64)
}

// Signature block: room for a signature and a stamp.
const signatureSpace = 22.0

// closing lays out everything below the patient block and returns its
// steps and the height they take from the first step's start to the last
// baseline.
func closing(w *writer, l referral.Letter) ([]step, float64) {
	p := w.pdf
	var steps []step
	add := func(dy float64, draw func(y float64)) { steps = append(steps, step{dy, draw}) }
	body := func() { w.setFont("", sizeBody) }
	lw := colonX - marginLeft

	body()
	add(lineBody+3, func(y float64) { w.text(marginLeft, y, "Atas bantuannya, diucapkan terima kasih") })
	add(lineBody+2, func(y float64) {
		row(w, marginLeft, y, lw, "Tgl. Rencana Berkunjung", dateLong(l.PlannedDate), marginRight, 1, "B")
	})
	for i, line := range w.wrap(orDash(l.Schedule), marginRight-colonX-colonGap, 2) {
		add(lineBody, func(y float64) {
			if i == 0 {
				w.text(marginLeft, y, "Jadwal Praktek")
				w.text(colonX, y, ":")
			}
			w.text(colonX+colonGap, y, line)
		})
	}
	validity := "Surat rujukan berlaku 1 (satu) kali kunjungan, berlaku sampai dengan : " + dateLong(l.ValidUntil)
	for _, line := range w.wrap(validity, contentWidth, 2) {
		add(lineBody, func(y float64) { w.text(marginLeft, y, line) })
	}

	// Signature block, centred in the right-hand column.
	const cx = 155.0
	add(lineBody+5, func(y float64) { w.textCenter(cx, y, "Salam sejawat, "+dateLong(l.VisitDate)) })
	add(signatureSpace, func(y float64) {
		w.setFont("B", sizeBody)
		name := w.fit(orDash(clean(l.DoctorName)), 2*(marginRight-cx))
		w.textCenter(cx, y, name)
		nw := w.width(name)
		p.SetLineWidth(0.2)
		p.Line(cx-nw/2, y+1, cx+nw/2, y+1)
		body()
	})

	if strings.TrimSpace(l.InfoDenda) != "" {
		w.setFont("", sizeSmall)
		for i, line := range w.wrap("Info Denda : "+l.InfoDenda, contentWidth, 3) {
			dy := lineSmall
			if i == 0 {
				dy = lineBody + 4
			}
			add(dy, func(y float64) {
				w.setFont("", sizeSmall)
				setText(p, colGrey)
				w.text(marginLeft, y, line)
				setText(p, colBlack)
				body()
			})
		}
		body()
	}

	height := 0.0
	for _, s := range steps {
		height += s.dy
	}
	return steps, height
}

// watermark marks a letter PCare has not accepted yet, diagonally across
// the page, drawn first so the letter's text stays legible on top of it.
// A solid light colour rather than transparency: some office printers
// render PDF transparency badly.
func watermark(w *writer) {
	p := w.pdf
	const text = "BELUM TERDAFTAR DI BPJS"
	w.setFont("B", 48)
	p.SetTextColor(245, 200, 200)
	// Centred a little above the page's middle, where the letter's text
	// is, and along the page's diagonal.
	cx, cy := pageWidth/2, pageHeight/2-10
	p.TransformBegin()
	p.TransformRotate(54.7, cx, cy)
	w.text(cx-w.width(text)/2, cy+6, text)
	p.TransformEnd()
	setText(p, colBlack)
}

// titled prefixes an office's name with its title, unless PCare's name
// already carries it (or an older title such as "Divisi Regional"), so the
// letter never reads "Kedeputian Wilayah KEDEPUTIAN WILAYAH DKI JAKARTA".
func titled(title, name string, alsoTitles ...string) string {
	upper := strings.ToUpper(name)
	for _, t := range append([]string{title}, alsoTitles...) {
		if strings.HasPrefix(upper, strings.ToUpper(t)) {
			return name
		}
	}
	return strings.TrimSpace(title + " " + name)
}
