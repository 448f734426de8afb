package printing

import (
	"fmt"
	"io"
	"strconv"

	"fktpdesk/claims"
)

// SPP layout. What is above the services table is the same height for
// every visit of a clinic, except a patient's name; the pages are planned
// with the table starting at sppTableTop, as low as the letterhead and the
// statement can push it (a two-line address, a three-line clinic name in
// the statement and the "(lanjutan)" of a continued visit).
const (
	sppTableTop = 104.0
	// sppClosing is the room below the last service row: the total row,
	// the amount in words, the closing sentence, the place and date and
	// the signature blocks.
	sppClosing = 84.0
	sppLabelW  = 42.0 // label column of the patient's rows
)

// WriteServiceStatements writes the SPP (Surat Pernyataan Pelayanan) of
// every visit in the claim as one A4 PDF, one page per visit (the claim's
// lines grouped by VisitID, in the order visits first appear), for the
// patient or family member to sign: the clinic's letterhead, the
// statement, the patient, the services with their amounts and the total,
// and the signature blocks of the patient/family and the FKTP officer.
//
// A visit with more services than one page holds (some twenty) continues
// on a second page, marked "(lanjutan)", with the total and signatures on
// its last page. A month without services gives a single page saying so
// rather than an error, so the month's paperwork prints the same way
// whatever it holds.
func WriteServiceStatements(w io.Writer, c claims.MonthlyClaim) error {
	d := newDocument("SPP Non Kapitasi "+monthYear(c.Month)+" "+clean(c.Facility.PPK), documentDate(c))
	footer := footerLabel("SPP Non Kapitasi", c)
	pages := planStatements(d, c)
	if len(pages) == 0 {
		d.pdf.AddPage()
		y := letterhead(d, c.Facility)
		y = docTitle(d, y, "SURAT PERNYATAAN PELAYANAN", "Bulan Pelayanan: "+monthYear(c.Month))
		d.setFont("", sizeClaimBody)
		d.textCenter(pageWidth/2, y+12, noServices)
		pageFooter(d, footer, 1, 1)
	}
	for i, pg := range pages {
		d.pdf.AddPage()
		statementPage(d, c, pg)
		pageFooter(d, footer, i+1, len(pages))
	}
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("printing: SPP %s: %w", monthYear(c.Month), err)
	}
	return d.output(w)
}

// statementPageRows is one page of a visit's SPP.
type statementPageRows struct {
	v           *visit
	t           *table
	rows        []layout
	first, last bool
}

// serviceTable is the SPP's table of a visit's services.
func serviceTable(w *writer) *table {
	return &table{w: w, x: claimLeft, size: sizeClaimTable, lineH: 4.2, padX: 2, padY: 1.6, cols: []column{
		{title: "No", width: 12, align: "C"},
		{title: "Kode", width: 28, align: "L"},
		{title: "Tindakan / Pelayanan", width: 100, align: "L", lines: 3},
		{title: "Biaya (Rp)", width: 40, align: "R"},
	}}
}

// planStatements splits each visit's service rows into pages.
func planStatements(w *writer, c claims.MonthlyClaim) []statementPageRows {
	t := serviceTable(w)
	room := claimBottom - sppTableTop - t.header().height
	var out []statementPageRows
	for _, v := range visitsOf(c.Lines) {
		var rows []layout
		for i, l := range v.lines {
			rows = append(rows, t.row("", nil, cell{text: strconv.Itoa(i + 1)}, cell{text: l.Code},
				cell{text: l.Name}, cell{text: thousands(l.Amount)}))
		}
		first := true
		for {
			// All the rest fits above the closing: the visit's last page.
			n, used := 0, 0.0
			for n < len(rows) && used+rows[n].height <= room-sppClosing {
				used += rows[n].height
				n++
			}
			if n == len(rows) {
				out = append(out, statementPageRows{v: v, t: t, rows: rows, first: first, last: true})
				break
			}
			// Otherwise fill the page and carry on (one row at least).
			n, used = 0, 0
			for n < len(rows) && (n == 0 || used+rows[n].height <= room) {
				used += rows[n].height
				n++
			}
			out = append(out, statementPageRows{v: v, t: t, rows: rows[:n], first: first})
			rows, first = rows[n:], false
		}
	}
	return out
}

// statementPage draws one page of a visit's SPP.
func statementPage(w *writer, c claims.MonthlyClaim, pg statementPageRows) {
	p := w.pdf
	v, first := pg.v, pg.v.lines[0]
	y := letterhead(w, c.Facility)
	sub := ""
	if !pg.first {
		sub = "(lanjutan)"
	}
	y = docTitle(w, y, "SURAT PERNYATAAN PELAYANAN", sub)

	w.setFont("", sizeClaimBody)
	facility := orDash(clean(c.Facility.Name))
	for _, line := range w.wrap("Yang bertanda tangan di bawah ini menyatakan telah menerima pelayanan kesehatan di "+
		facility+" sebagai berikut:", claimWidth, 3) {
		y += lineClaimBody
		w.text(claimLeft, y, line)
	}
	y += 2
	served := dateLong(v.from)
	if !v.to.Equal(v.from) {
		served += " s.d. " + dateLong(v.to)
	}
	for _, r := range []struct{ label, value, style string }{
		{"Nama Peserta", first.PatientName, "B"},
		{"No. Kartu BPJS", first.CardNo, ""},
		{"Tanggal Pelayanan", served, ""},
		{"No. Kunjungan", first.VisitNo, ""},
	} {
		y += lineClaimBody + 0.6
		w.setFont("", sizeClaimBody)
		w.text(claimLeft+4, y, r.label)
		w.text(claimLeft+sppLabelW, y, ":")
		w.setFont(r.style, sizeClaimBody)
		w.text(claimLeft+sppLabelW+colonGap, y, w.fit(orDash(clean(r.value)), claimRight-claimLeft-sppLabelW-colonGap))
	}

	t := pg.t
	y = t.draw(y+5, t.header())
	for _, r := range pg.rows {
		y = t.draw(y, r)
	}
	if !pg.last {
		w.setFont("", 8.5)
		setText(p, colGrey)
		w.textRight(claimRight, y+5, "bersambung ke halaman berikutnya")
		setText(p, colBlack)
		return
	}
	y = t.draw(y, t.row("B", &colHeading, cell{text: "JUMLAH", span: 3, align: "R"}, cell{text: thousands(v.total)}))

	w.setFont("", sizeClaimBody)
	y += 1.5
	for _, line := range w.wrap("Terbilang: "+terbilang(v.total)+" rupiah", claimWidth, 2) {
		y += lineClaimBody
		w.text(claimLeft, y, line)
	}
	y += lineClaimBody + 3
	w.text(claimLeft, y, "Demikian pernyataan ini dibuat dengan sebenar-benarnya.")

	const left, right = claimLeft + 40, claimRight - 40
	y += 11
	place := clean(c.Facility.Regency)
	if place != "" {
		place += ", "
	}
	w.textCenter(right, y, w.fit(place+dateLong(v.to), 80))
	y += lineClaimBody + 1
	signature(w, left, y, "Peserta/Keluarga", "")
	signature(w, right, y, "Petugas FKTP", "")
}
