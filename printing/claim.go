package printing

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
)

// The monthly non-capitation claim on paper (spec §9): the FPK (Formulir
// Pengajuan Klaim) with its detail list, which the clinic submits to its
// BPJS branch by the 10th of the following month, and the SPP (Surat
// Pernyataan Pelayanan) each patient or family member signs for the
// services of a visit.

// Page geometry of the claim documents in mm (A4 portrait): narrower
// margins than the letter's, so the detail list's seven columns fit.
const (
	claimLeft   = 15.0
	claimRight  = 195.0
	claimWidth  = claimRight - claimLeft
	claimTop    = 14.0
	claimBottom = 279.0 // the last table row ends above this
	footerRule  = 283.0
	footerBase  = 287.5
)

// Type sizes (pt) of the claim documents.
const (
	sizeClaimBody   = 9.5
	sizeClaimTable  = 9.0
	sizeDetailTable = 7.5
	lineClaimBody   = 5.0 // mm between body lines
)

// noServices is what an empty month's FPK (and SPP) says.
const noServices = "Tidak ada pelayanan non kapitasi pada bulan ini."

// WriteClaim writes the FPK Non Kapitasi of a month as an A4 PDF: a summary
// page (the groups with their counts and amounts, the total in figures and
// words, the submission deadline and the signature blocks of the FKTP and
// the BPJS verifier), then the "Rincian Pelayanan" pages listing every
// service, their table heading repeated on each page and the total at the
// end. Every page's footer says "Halaman x dari y". A month without
// services gives the summary page alone, saying so.
func WriteClaim(w io.Writer, c claims.MonthlyClaim) error {
	d := newDocument("FPK Non Kapitasi "+monthYear(c.Month)+" "+clean(c.Facility.PPK), documentDate(c))
	pages, tbl := planDetail(d, c)
	total := 1 + len(pages)
	footer := footerLabel("FPK Non Kapitasi", c)

	d.pdf.AddPage()
	summaryPage(d, c, len(pages))
	pageFooter(d, footer, 1, total)
	for i, rows := range pages {
		d.pdf.AddPage()
		detailPage(d, c, tbl, rows, i == len(pages)-1)
		pageFooter(d, footer, i+2, total)
	}
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("printing: claim %s: %w", monthYear(c.Month), err)
	}
	return d.output(w)
}

// documentDate dates a claim document on the first day after its month,
// the earliest it can be made, rather than by the clock: the same claim
// gives the same bytes.
func documentDate(c claims.MonthlyClaim) time.Time {
	if c.Month.IsZero() {
		return time.Time{}
	}
	return claims.MonthOf(c.Month).AddDate(0, 1, 0)
}

// letterhead draws the clinic's letterhead (kop surat) and returns the y
// below its rule: the facility's name, address and regency on the left,
// its PPK code and BPJS branch on the right.
func letterhead(w *writer, f clinic.Facility) float64 {
	p := w.pdf
	setText(p, colBlack)
	const rightW = 62.0 // the PPK box
	leftW := claimWidth - rightW - 6

	y := claimTop + 5
	w.setFont("B", 14)
	w.text(claimLeft, y, w.fit(orDash(clean(f.Name)), leftW))
	w.setFont("", 9)
	y += 5.5
	for _, line := range w.wrap(f.Address, leftW, 2) {
		w.text(claimLeft, y, line)
		y += 4.2
	}
	if r := clean(f.Regency); r != "" {
		w.text(claimLeft, y, w.fit(r, leftW))
		y += 4.2
	}

	// The PPK code boxed on the right, the branch office below it.
	bx, by := claimRight-rightW, claimTop
	p.SetLineWidth(0.3)
	setFill(p, colHeading)
	p.Rect(bx, by, rightW, 11, "FD")
	w.setFont("", 7.5)
	setText(p, colGrey)
	w.textCenter(bx+rightW/2, by+4, "Kode PPK")
	setText(p, colBlack)
	w.setFont("B", 11)
	w.textCenter(bx+rightW/2, by+9, w.fit(orDash(clean(f.PPK)), rightW-4))
	w.setFont("", 8.5)
	branch := "Kantor Cabang -"
	if b := clean(f.BPJSBranch); b != "" {
		branch = titled("Kantor Cabang", b)
	}
	rows := w.wrap(branch, rightW, 2)
	for i, line := range rows {
		w.textCenter(bx+rightW/2, by+15+float64(i)*3.8, line)
	}
	y = max(y, by+15+float64(len(rows)-1)*3.8+2.5)

	p.SetLineWidth(0.6)
	p.Line(claimLeft, y, claimRight, y)
	p.SetLineWidth(0.2)
	p.Line(claimLeft, y+1, claimRight, y+1)
	return y + 1
}

// footerLabel says on every page which document of which clinic and month
// it is, so loose pages find their bundle again.
func footerLabel(doc string, c claims.MonthlyClaim) string {
	parts := []string{doc}
	if f := join(c.Facility.Name, c.Facility.PPK); f != "" {
		parts = append(parts, f)
	}
	if !c.Month.IsZero() {
		parts = append(parts, monthYear(c.Month))
	}
	return strings.Join(parts, " · ")
}

// pageFooter draws the footer rule, what the document is on the left and
// "Halaman x dari y" on the right.
func pageFooter(w *writer, what string, page, pages int) {
	p := w.pdf
	p.SetDrawColor(150, 150, 150)
	p.SetLineWidth(0.2)
	p.Line(claimLeft, footerRule, claimRight, footerRule)
	p.SetDrawColor(0, 0, 0)
	w.setFont("", 7.5)
	setText(p, colGrey)
	right := fmt.Sprintf("Halaman %d dari %d", page, pages)
	w.text(claimLeft, footerBase, w.fit(what, claimWidth-w.width(right)-8))
	w.textRight(claimRight, footerBase, right)
	setText(p, colBlack)
}

// docTitle draws a document's centred title and the line under it, and
// returns the y below them.
func docTitle(w *writer, y float64, text, sub string) float64 {
	y += 9
	w.setFont("B", 13)
	w.textCenter(pageWidth/2, y, text)
	if sub != "" {
		y += 6
		w.setFont("", 10.5)
		w.textCenter(pageWidth/2, y, sub)
	}
	return y + 6
}

// summaryPage draws the FPK's first page; detailPages is how many pages
// the detail list that follows takes.
func summaryPage(w *writer, c claims.MonthlyClaim, detailPages int) {
	p := w.pdf
	y := letterhead(w, c.Facility)
	y = docTitle(w, y, "FORMULIR PENGAJUAN KLAIM (FPK) NON KAPITASI", "Bulan Pelayanan: "+monthYear(c.Month))

	w.setFont("", sizeClaimBody)
	intro := "Dengan ini kami mengajukan klaim pelayanan kesehatan non kapitasi kepada BPJS Kesehatan dengan rincian sebagai berikut:"
	for _, line := range w.wrap(intro, claimWidth, 2) {
		y += lineClaimBody
		w.text(claimLeft, y, line)
	}
	y += 4

	t := &table{w: w, x: claimLeft, size: sizeClaimTable, lineH: 4.2, padX: 2, padY: 1.8, cols: []column{
		{title: "No", width: 12, align: "C"},
		{title: "Jenis Pelayanan", width: 98, align: "L", lines: 3},
		{title: "Jumlah Kasus", width: 28, align: "R"},
		{title: "Jumlah Biaya (Rp)", width: 42, align: "R"},
	}}
	y = t.draw(y, t.header())
	if len(c.Groups) == 0 {
		y = t.draw(y, t.row("", nil, cell{text: noServices, span: 4, align: "C"}))
	}
	for i, g := range c.Groups {
		y = t.draw(y, t.row("", nil, cell{text: strconv.Itoa(i + 1)}, cell{text: g.Category},
			cell{text: strconv.Itoa(g.Count)}, cell{text: thousands(g.Amount)}))
	}
	y = t.draw(y, t.row("B", &colHeading, cell{text: "TOTAL", span: 2, align: "C"},
		cell{text: strconv.Itoa(c.Count)}, cell{text: thousands(c.Total)}))

	// The total in words, boxed, as forms spell amounts out.
	y += 4
	w.setFont("", sizeClaimBody)
	words := w.wrap("Terbilang: "+terbilang(c.Total)+" rupiah", claimWidth-6, 3)
	boxH := float64(len(words))*lineClaimBody + 3
	p.SetLineWidth(0.2)
	p.Rect(claimLeft, y, claimWidth, boxH, "D")
	for i, line := range words {
		w.text(claimLeft+3, y+5.2+float64(i)*lineClaimBody, line)
	}
	y += boxH + 2

	y += lineClaimBody + 1
	x := claimLeft + w.text(claimLeft, y, "Batas pengajuan: ")
	w.setFont("B", sizeClaimBody)
	w.text(x, y, dateLong(c.Deadline))
	w.setFont("", sizeClaimBody)
	if len(c.Lines) > 0 {
		y += lineClaimBody + 1
		w.text(claimLeft, y, "Lampiran:")
		visits := len(visitsOf(c.Lines))
		for i, s := range []string{
			fmt.Sprintf("Rincian Pelayanan (%d halaman, %d pelayanan)", detailPages, len(c.Lines)),
			fmt.Sprintf("Surat Pernyataan Pelayanan (SPP) yang ditandatangani peserta/keluarga (%d lembar)", visits),
		} {
			y += lineClaimBody
			w.text(claimLeft+4, y, strconv.Itoa(i+1)+".")
			w.text(claimLeft+9, y, w.fit(s, claimWidth-9))
		}
	}
	w.setFont("", sizeClaimBody)

	// Signature blocks: the FKTP's two on the left, the verifier's on the
	// right.
	y += 12
	cols := [3]float64{claimLeft + 30, claimLeft + 90, claimRight - 30}
	w.textCenter((cols[0]+cols[1])/2, y, w.fit(placeDots(c.Facility.Regency), 110))
	y += lineClaimBody + 1
	w.textCenter((cols[0]+cols[1])/2, y, "Diajukan oleh,")
	w.textCenter(cols[2], y, "Diverifikasi oleh,")
	y += lineClaimBody
	signature(w, cols[0], y, "Kepala FKTP", "NIP")
	signature(w, cols[1], y, "Petugas Klaim", "NIP")
	signature(w, cols[2], y, "Verifikator BPJS Kesehatan", "NPP")
}

// placeDots is the place and an undated line for the date of signing.
func placeDots(regency string) string {
	if r := clean(regency); r != "" {
		return r + ", ...................................."
	}
	return "...................., ...................................."
}

// signature draws a signature block centred on cx from baseline y: the
// role in bold, room to sign and stamp, a dotted name line and the staff
// number line (NIP for civil servants, NPP for BPJS staff).
func signature(w *writer, cx, y float64, role, idLabel string) {
	w.setFont("B", sizeClaimBody)
	w.textCenter(cx, y, role)
	w.setFont("", sizeClaimBody)
	y += 24
	w.textCenter(cx, y, "(....................................)")
	if idLabel != "" {
		y += lineClaimBody
		w.text(cx-25, y, idLabel+". ........................................")
	}
}

// detailTable sizes the columns of the detail list to what they hold: the
// fixed-form columns (dates, numbers, amounts) as wide as their longest
// value, the names sharing the rest.
func detailTable(w *writer, c claims.MonthlyClaim) *table {
	const pad = 1.2
	widest := func(limit float64, heading string, values ...string) float64 {
		w.setFont("B", sizeDetailTable)
		m := w.width(heading)
		w.setFont("", sizeDetailTable)
		for _, v := range values {
			m = max(m, w.width(clean(v)))
		}
		return min(limit, m+2*pad+0.5)
	}
	var visitNos, cards []string
	for _, l := range c.Lines {
		visitNos = append(visitNos, l.VisitNo)
		cards = append(cards, l.CardNo)
	}
	w.setFont("B", sizeDetailTable)
	biaya := max(w.width(thousands(c.Total)), w.width("Biaya (Rp)")) + 2*pad + 0.5
	cols := []column{
		{title: "No", width: widest(12, "No", strconv.Itoa(len(c.Lines))), align: "R"},
		{title: "Tanggal", width: widest(20, "Tanggal", "30-12-2026"), align: "C"},
		{title: "No. Kunjungan", width: widest(40, "No. Kunjungan", visitNos...), align: "L"},
		{title: "No. Kartu", width: widest(28, "No. Kartu", cards...), align: "L"},
		{title: "Nama Peserta", align: "L", lines: 2},
		{title: "Tindakan", align: "L", lines: 2},
		{title: "Biaya (Rp)", width: min(biaya, 26), align: "R"},
	}
	rest := claimWidth
	for _, col := range cols {
		rest -= col.width
	}
	cols[4].width = rest * 0.38
	cols[5].width = rest - cols[4].width
	return &table{w: w, x: claimLeft, cols: cols, size: sizeDetailTable, lineH: 3.4, padX: pad, padY: 1.1}
}

// detailRow is one service of the detail list, measured.
func detailRow(t *table, i int, l claims.ClaimLine) layout {
	what := clean(l.Name)
	if code := clean(l.Code); code != "" {
		what = code + " — " + what
	}
	return t.row("", nil, cell{text: strconv.Itoa(i + 1)}, cell{text: dateNumeric(l.Date)},
		cell{text: l.VisitNo}, cell{text: l.CardNo}, cell{text: l.PatientName}, cell{text: what},
		cell{text: thousands(l.Amount)})
}

// detailTotal is the detail list's closing row.
func detailTotal(t *table, c claims.MonthlyClaim) layout {
	return t.row("B", &colHeading, cell{text: fmt.Sprintf("JUMLAH (%d pelayanan)", len(c.Lines)), span: 6, align: "R"},
		cell{text: thousands(c.Total)})
}

// detailTop is where the detail list's table starts on its pages.
const detailTop = claimTop + 24

// planDetail measures every row of the detail list and splits the rows
// into pages, so the footer can count the pages before they are drawn.
// Room for the total row is kept on every page: with rows of one height a
// month of n lines takes ceil(n/rows per page) pages, whichever page the
// total falls on.
func planDetail(w *writer, c claims.MonthlyClaim) ([][]layout, *table) {
	if len(c.Lines) == 0 {
		return nil, nil
	}
	t := detailTable(w, c)
	room := claimBottom - detailTop - t.header().height - detailTotal(t, c).height
	var pages [][]layout
	var page []layout
	used := 0.0
	for i, l := range c.Lines {
		r := detailRow(t, i, l)
		if used+r.height > room && len(page) > 0 {
			pages, page, used = append(pages, page), nil, 0
		}
		page = append(page, r)
		used += r.height
	}
	return append(pages, page), t
}

// detailPage draws one page of the detail list.
func detailPage(w *writer, c claims.MonthlyClaim, t *table, rows []layout, last bool) {
	p := w.pdf
	setText(p, colBlack)
	y := claimTop + 4
	w.setFont("B", 9.5)
	w.text(claimLeft, y, w.fit(orDash(clean(c.Facility.Name)), claimWidth-60))
	w.setFont("", 8.5)
	w.textRight(claimRight, y, "Kode PPK "+orDash(clean(c.Facility.PPK)))
	y += 8
	w.setFont("B", 12)
	w.textCenter(pageWidth/2, y, "RINCIAN PELAYANAN NON KAPITASI")
	y += 5.5
	w.setFont("", 9.5)
	w.textCenter(pageWidth/2, y, "Lampiran FPK Non Kapitasi · Bulan Pelayanan: "+monthYear(c.Month))

	y = t.draw(detailTop, t.header())
	for _, r := range rows {
		y = t.draw(y, r)
	}
	if last {
		t.draw(y, detailTotal(t, c))
	}
}

// dateNumeric is "02-11-2026", as PCare lists dates of service.
func dateNumeric(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("02-01-2006")
}

// visit is the services of one visit, for its SPP.
type visit struct {
	lines    []claims.ClaimLine
	from, to time.Time
	total    int64
}

// visitsOf groups the lines by VisitID, in the order visits first appear.
func visitsOf(lines []claims.ClaimLine) []*visit {
	var out []*visit
	byID := map[int64]*visit{}
	for _, l := range lines {
		v := byID[l.VisitID]
		if v == nil {
			v = &visit{from: l.Date, to: l.Date}
			byID[l.VisitID] = v
			out = append(out, v)
		}
		v.lines = append(v.lines, l)
		v.total += l.Amount
		if l.Date.Before(v.from) {
			v.from = l.Date
		}
		if l.Date.After(v.to) {
			v.to = l.Date
		}
	}
	return out
}
