package printing

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
)

func sampleFacility() clinic.Facility {
	return clinic.Facility{
		PPK:        "0114U163",
		Name:       "KLINIK PRATAMA SIMULASI",
		Address:    "Jl. Merdeka No. 17, Kel. Sukamaju, Kec. Cibeunying",
		Regency:    "KOTA SIMULASI",
		BPJSBranch: "Kota Simulasi",
	}
}

var (
	firstNames = []string{"SITI", "DEWI", "RINA", "AYU", "NUR", "SRI", "LINA", "MAYA", "INDAH", "FITRI", "PUTRI", "YULI"}
	lastNames  = []string{"AMINAH", "LESTARI", "WULANDARI", "RAHAYU", "HANDAYANI", "PERTIWI", "SAFITRI", "KURNIASIH"}
)

// sampleClaim is November 2026 with 60 services in three groups:
//
//	maternity: 20 ANC × 50.000 + 6 deliveries × 700.000 + 4 PNC × 25.000 = 30 lines, 5.300.000
//	KB:        14 injections × 15.000 + 4 IUD × 100.000                  = 18 lines,   610.000
//	screening: 12 IVA × 25.000                                           = 12 lines,   300.000
//
// 60 services, 6.210.000. Each IVA screening is done at an ANC visit, so
// there are 48 visits.
func sampleClaim() claims.MonthlyClaim {
	type proc struct {
		code, name string
		amount     int64
		n          int
	}
	procs := []proc{
		{"ANC01", "Pemeriksaan ANC", 50000, 20},
		{"PSL01", "Paket Persalinan Per Vaginam Normal", 700000, 6},
		{"PNC01", "Pelayanan PNC (nifas)", 25000, 4},
		{"KB01", "Pelayanan KB suntik", 15000, 14},
		{"KB03", "Pemasangan IUD", 100000, 4},
	}
	var lines []claims.ClaimLine
	visit := 0
	add := func(id int, code, name string, amount int64) {
		lines = append(lines, claims.ClaimLine{
			VisitID:     int64(1000 + id),
			VisitNo:     fmt.Sprintf("0114U1631126Y%06d", id),
			Date:        date(2026, time.November, 1+id%30),
			CardNo:      fmt.Sprintf("0001%09d", 234567+id*7919),
			PatientName: firstNames[id%len(firstNames)] + " " + lastNames[id/len(firstNames)%len(lastNames)],
			Code:        code,
			Name:        name,
			Amount:      amount,
			PCareID:     strconv.Itoa(90000 + len(lines)),
		})
	}
	for _, p := range procs {
		for range p.n {
			visit++
			add(visit, p.code, p.name, p.amount)
			if p.code == "ANC01" && visit <= 12 {
				add(visit, "SKR02", "Skrining IVA", 25000)
			}
		}
	}
	return claims.BuildMonthly(date(2026, time.November, 1), sampleFacility(), lines)
}

// writeDoc writes a claim document to a temporary file, or to
// $PRINTING_KEEP when set, to look at the result.
func writeDoc(t *testing.T, name string, write func(io.Writer, claims.MonthlyClaim) error, c claims.MonthlyClaim) string {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, c); err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("PRINTING_KEEP")
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// pageTexts is every page's text, whitespace collapsed (see pageText).
func pageTexts(t *testing.T, path string) []string {
	t.Helper()
	all := strings.Split(tool(t, "pdftotext", "-layout", path, "-"), "\f")
	all = all[:len(all)-1] // after the last form feed: nothing
	for i := range all {
		all[i] = spaces.ReplaceAllString(all[i], " ")
	}
	return all
}

// rowsPerDetailPage is how many one-line rows a detail page holds, from
// the layout's own measurements.
func rowsPerDetailPage(t *testing.T, c claims.MonthlyClaim) int {
	t.Helper()
	w := newDocument("", time.Time{})
	w.pdf.AddPage()
	tbl := detailTable(w, c)
	room := claimBottom - detailTop - tbl.header().height - detailTotal(tbl, c).height
	row := detailRow(tbl, 0, c.Lines[0])
	if row.height > 6 {
		t.Fatalf("a one-line detail row is %.1f mm high", row.height)
	}
	return int(room / row.height)
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

func TestSampleClaim(t *testing.T) {
	c := sampleClaim()
	if len(c.Lines) != 60 || c.Count != 60 || c.Total != 6210000 || len(c.Groups) != 3 || len(visitsOf(c.Lines)) != 48 {
		t.Fatalf("sample: %d lines, count %d, total %d, %d groups, %d visits", len(c.Lines), c.Count, c.Total, len(c.Groups), len(visitsOf(c.Lines)))
	}
}

func TestClaimFPK(t *testing.T) {
	c := sampleClaim()
	path := writeDoc(t, "fpk.pdf", WriteClaim, c)
	// The deliveries' rows wrap to two lines, but they fall on the last
	// page (22-27 November), which has room to spare: the count is that of
	// one-line rows.
	perPage := rowsPerDetailPage(t, c)
	want := 1 + ceilDiv(len(c.Lines), perPage)
	n, size := pages(t, path)
	if n != want || want < 3 {
		t.Errorf("pages = %d, want %d (%d rows per detail page); the sample should take two detail pages", n, want, perPage)
	}
	if !strings.Contains(size, "(A4)") {
		t.Errorf("page size %q, want A4", size)
	}
	texts := pageTexts(t, path)
	if len(texts) != n {
		t.Fatalf("pdftotext found %d pages, pdfinfo %d", len(texts), n)
	}
	contains(t, texts[0],
		"KLINIK PRATAMA SIMULASI",
		"Jl. Merdeka No. 17, Kel. Sukamaju, Kec. Cibeunying",
		"KOTA SIMULASI",
		"Kode PPK", "0114U163",
		"Kantor Cabang Kota Simulasi",
		"FORMULIR PENGAJUAN KLAIM (FPK) NON KAPITASI",
		"Bulan Pelayanan: November 2026",
		"No Jenis Pelayanan Jumlah Kasus Jumlah Biaya (Rp)",
		"1 Pelayanan kebidanan dan neonatal",
		"30 5.300.000",
		"2 Pelayanan Keluarga Berencana (KB) 18 610.000",
		"3 Skrining dan pemeriksaan penunjang 12 300.000",
		"TOTAL 60 6.210.000",
		"Terbilang: enam juta dua ratus sepuluh ribu rupiah",
		"Batas pengajuan: 10 Desember 2026",
		fmt.Sprintf("Rincian Pelayanan (%d halaman, 60 pelayanan)", n-1),
		"(SPP) yang ditandatangani peserta/keluarga (48 lembar)",
		"KOTA SIMULASI, ....",
		"Diajukan oleh, Diverifikasi oleh,",
		"Kepala FKTP Petugas Klaim Verifikator BPJS Kesehatan",
		"(....................................)",
		"NIP. ....", "NPP. ....",
		fmt.Sprintf("Halaman 1 dari %d", n),
	)
	if strings.Contains(texts[0], "Tidak ada pelayanan") {
		t.Error("a claim with services says there are none")
	}

	// The detail list: every visit number and patient, in order, with the
	// heading and the footer on every page and the total on the last.
	// In drawing order (-raw), a row reads cell after cell even where a
	// cell wraps and the others are centred beside it.
	detail := spaces.ReplaceAllString(tool(t, "pdftotext", "-raw", "-f", "2", path, "-"), " ")
	for i, l := range c.Lines {
		row := fmt.Sprintf("%d %s %s %s %s %s — %s %s", i+1, l.Date.Format("02-01-2006"), l.VisitNo, l.CardNo,
			l.PatientName, l.Code, l.Name, thousands(l.Amount))
		if !strings.Contains(detail, row) {
			t.Errorf("detail list lacks row %q", row)
		}
	}
	for p := 2; p <= n; p++ {
		contains(t, texts[p-1],
			"RINCIAN PELAYANAN NON KAPITASI",
			"Bulan Pelayanan: November 2026",
			"No Tanggal No. Kunjungan No. Kartu Nama Peserta Tindakan Biaya (Rp)",
			fmt.Sprintf("Halaman %d dari %d", p, n),
		)
		if (p == n) != strings.Contains(texts[p-1], "JUMLAH (60 pelayanan) 6.210.000") {
			t.Errorf("page %d of %d: total present = %v", p, n, p != n)
		}
	}
	withinPage(t, path)
}

// withinPage checks that nothing but the footer reaches below the last
// table row's limit, on any page.
func withinPage(t *testing.T, path string) {
	t.Helper()
	words := regexp.MustCompile(`<word [^>]*yMax="([0-9.]+)">([^<]*)<`).FindAllStringSubmatch(tool(t, "pdftotext", "-bbox", path, "-"), -1)
	if len(words) < 50 {
		t.Fatalf("pdftotext -bbox found %d words", len(words))
	}
	for _, m := range words {
		y, _ := strconv.ParseFloat(m[1], 64)
		mm := y * 25.4 / 72
		if mm > claimBottom && mm < footerRule || mm > 290 {
			t.Errorf("%q ends at %.1f mm", m[2], mm)
		}
	}
}

// Hundreds of services paginate into full pages, each with its heading and
// footer; long names wrap to two lines and the pages still hold.
func TestClaimManyLines(t *testing.T) {
	var lines []claims.ClaimLine
	for i := range 500 {
		name := fmt.Sprintf("%s %s", firstNames[i%len(firstNames)], lastNames[i%len(lastNames)])
		proc := "Pemeriksaan ANC"
		if i%7 == 0 {
			name += " BINTI ABDULLAH SURYANINGRAT WIRAATMADJA"
			proc = "Paket Persalinan Per Vaginam Normal dengan Pelayanan Neonatal Esensial dan Inisiasi Menyusu Dini"
		}
		lines = append(lines, claims.ClaimLine{
			VisitID: int64(i), VisitNo: fmt.Sprintf("0114U1631126Y%06d", i+1), Date: date(2026, time.November, 1+i%30),
			CardNo: fmt.Sprintf("%013d", 1000000+i), PatientName: name, Code: "ANC01", Name: proc, Amount: 50000,
		})
	}
	c := claims.BuildMonthly(date(2026, time.November, 1), sampleFacility(), lines)
	path := writeDoc(t, "fpk-500.pdf", WriteClaim, c)
	n, _ := pages(t, path)
	texts := pageTexts(t, path)
	if len(texts) != n || n < 12 {
		t.Fatalf("%d pages (%d by pdftotext)", n, len(texts))
	}
	all := strings.Join(texts, " ")
	for _, l := range c.Lines {
		if !strings.Contains(all, l.VisitNo) {
			t.Errorf("lacks %s", l.VisitNo)
		}
	}
	for p, text := range texts {
		contains(t, text, fmt.Sprintf("Halaman %d dari %d", p+1, n))
		if p > 0 {
			contains(t, text, "No Tanggal No. Kunjungan No. Kartu Nama Peserta Tindakan Biaya (Rp)")
		}
	}
	contains(t, texts[n-1], "JUMLAH (500 pelayanan) 25.000.000")
	contains(t, texts[0], "Terbilang: dua puluh lima juta rupiah", "TOTAL 500 25.000.000")
	withinPage(t, path)

	// The same count of one-line rows takes exactly ceil(n/rows) pages.
	for i := range c.Lines {
		c.Lines[i].PatientName, c.Lines[i].Name = "SITI AMINAH", "Pemeriksaan ANC"
	}
	perPage := rowsPerDetailPage(t, c)
	if n, _ := pages(t, writeDoc(t, "fpk-500-short.pdf", WriteClaim, c)); n != 1+ceilDiv(500, perPage) {
		t.Errorf("pages = %d, want 1 + ceil(500/%d)", n, perPage)
	}
}

func TestClaimEmpty(t *testing.T) {
	c := claims.BuildMonthly(date(2026, time.November, 1), sampleFacility(), nil)
	path := writeDoc(t, "fpk-empty.pdf", WriteClaim, c)
	onePageA4(t, path)
	contains(t, pageText(t, path, 1),
		"FORMULIR PENGAJUAN KLAIM (FPK) NON KAPITASI",
		"Bulan Pelayanan: November 2026",
		noServices,
		"TOTAL 0 0",
		"Terbilang: nol rupiah",
		"Batas pengajuan: 10 Desember 2026",
		"Verifikator BPJS Kesehatan",
		"Halaman 1 dari 1",
	)

	path = writeDoc(t, "spp-empty.pdf", WriteServiceStatements, c)
	onePageA4(t, path)
	contains(t, pageText(t, path, 1), "SURAT PERNYATAAN PELAYANAN", "Bulan Pelayanan: November 2026", noServices, "Halaman 1 dari 1")
}

func TestServiceStatements(t *testing.T) {
	c := sampleClaim()
	path := writeDoc(t, "spp.pdf", WriteServiceStatements, c)
	visits := map[int64][]claims.ClaimLine{}
	var order []int64
	for _, l := range c.Lines {
		if visits[l.VisitID] == nil {
			order = append(order, l.VisitID)
		}
		visits[l.VisitID] = append(visits[l.VisitID], l)
	}
	n, size := pages(t, path)
	if n != len(visits) || !strings.Contains(size, "(A4)") {
		t.Fatalf("pages = %d (%s), want %d A4", n, size, len(visits))
	}
	texts := pageTexts(t, path)
	for i, id := range order {
		ls := visits[id]
		var total int64
		want := []string{
			"KLINIK PRATAMA SIMULASI",
			"SURAT PERNYATAAN PELAYANAN",
			"Yang bertanda tangan di bawah ini menyatakan telah menerima pelayanan kesehatan di KLINIK PRATAMA SIMULASI sebagai berikut:",
			"Nama Peserta : " + ls[0].PatientName,
			"No. Kartu BPJS : " + ls[0].CardNo,
			"Tanggal Pelayanan : " + dateLong(ls[0].Date),
			"No. Kunjungan : " + ls[0].VisitNo,
			"Peserta/Keluarga Petugas FKTP",
			"KOTA SIMULASI, " + dateLong(ls[0].Date),
			fmt.Sprintf("Halaman %d dari %d", i+1, n),
		}
		for j, l := range ls {
			want = append(want, fmt.Sprintf("%d %s %s %s", j+1, l.Code, l.Name, thousands(l.Amount)))
			total += l.Amount
		}
		want = append(want, "JUMLAH "+thousands(total), "Terbilang: "+terbilang(total)+" rupiah")
		contains(t, texts[i], want...)
	}
	// An ANC visit with an IVA screening: two services on one SPP.
	anc := slices.Index(order, 1001)
	contains(t, texts[anc], "1 ANC01 Pemeriksaan ANC 50.000", "2 SKR02 Skrining IVA 25.000", "JUMLAH 75.000",
		"Terbilang: tujuh puluh lima ribu rupiah")
	withinPage(t, path)
}

// A visit with more services than a page holds continues on the next
// page; the total and the signatures come once, at its end.
func TestServiceStatementContinues(t *testing.T) {
	var lines []claims.ClaimLine
	for i := range 30 {
		lines = append(lines, claims.ClaimLine{VisitID: 1, VisitNo: "0114U1631126Y000001", Date: date(2026, time.November, 3+i/10),
			CardNo: "0001234567890", PatientName: "SITI AMINAH", Code: fmt.Sprintf("RI%02d", i), Name: "Rawat inap tingkat pertama hari ke-" + strconv.Itoa(i+1), Amount: 120000})
	}
	lines = append(lines, claims.ClaimLine{VisitID: 2, VisitNo: "0114U1631126Y000002", Date: date(2026, time.November, 20),
		CardNo: "0001234567891", PatientName: "DEWI LESTARI", Code: "KB01", Name: "Pelayanan KB suntik", Amount: 15000})
	c := claims.BuildMonthly(date(2026, time.November, 1), sampleFacility(), lines)
	path := writeDoc(t, "spp-long.pdf", WriteServiceStatements, c)
	texts := pageTexts(t, path)
	n, _ := pages(t, path)
	if n != 3 || len(texts) != 3 {
		t.Fatalf("pages = %d, want 3 (two for the long stay, one for the KB visit)", n)
	}
	contains(t, texts[0], "SITI AMINAH", "bersambung ke halaman berikutnya", "Tanggal Pelayanan : 3 November 2026 s.d. 5 November 2026")
	contains(t, texts[1], "SITI AMINAH", "(lanjutan)", "30 RI29", "JUMLAH 3.600.000", "Peserta/Keluarga Petugas FKTP")
	contains(t, texts[2], "DEWI LESTARI", "JUMLAH 15.000")
	for _, absent := range []string{"JUMLAH", "Peserta/Keluarga"} {
		if strings.Contains(texts[0], absent) {
			t.Errorf("first page of a continued SPP has %q", absent)
		}
	}
	withinPage(t, path)
}

func TestClaimUnicodeAndMissingFields(t *testing.T) {
	c := sampleClaim()
	c.Lines[0].PatientName = "Tan Mei Ling 陳美玲"
	c.Facility.Address, c.Facility.BPJSBranch = "", "KANTOR CABANG KOTA SIMULASI"
	path := writeDoc(t, "fpk-unicode.pdf", WriteClaim, c)
	texts := pageTexts(t, path)
	contains(t, texts[0], "KANTOR CABANG KOTA SIMULASI")
	if strings.Contains(texts[0], "Kantor Cabang KANTOR CABANG") {
		t.Error("doubled office title")
	}
	contains(t, strings.Join(texts[1:], " "), "Tan Mei Ling 陳美玲")
	contains(t, pageText(t, writeDoc(t, "spp-unicode.pdf", WriteServiceStatements, c), 1), "Nama Peserta : Tan Mei Ling 陳美玲")

	var zero claims.MonthlyClaim
	path = writeDoc(t, "fpk-zero.pdf", WriteClaim, zero)
	contains(t, pageText(t, path, 1), "Bulan Pelayanan: -", "Batas pengajuan: -", noServices, "Kantor Cabang -",
		"FPK Non Kapitasi Halaman 1 dari 1")
}

func BenchmarkClaim500(b *testing.B) {
	var lines []claims.ClaimLine
	for i := range 500 {
		lines = append(lines, claims.ClaimLine{VisitID: int64(i), VisitNo: fmt.Sprintf("0114U1631126Y%06d", i+1),
			Date: date(2026, time.November, 1+i%30), CardNo: "0001234567890", PatientName: "SITI AMINAH",
			Code: "ANC01", Name: "Pemeriksaan ANC", Amount: 50000})
	}
	c := claims.BuildMonthly(date(2026, time.November, 1), sampleFacility(), lines)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteClaim(&buf, c); err != nil {
			b.Fatal(err)
		}
		if err := WriteServiceStatements(&buf, c); err != nil {
			b.Fatal(err)
		}
	}
}
