package printing

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"fktpdesk/referral"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// sampleLetter has every field set, with synthetic but realistic data.
func sampleLetter() referral.Letter {
	return referral.Letter{
		Number:         "0114U1631126Y000001",
		RegionalOffice: "Jawa Barat",
		BranchOffice:   "Kota Simulasi",
		FacilityCode:   "0114U163",
		FacilityName:   "KLINIK PRATAMA SIMULASI",
		RegencyCode:    "0171",
		RegencyName:    "KOTA SIMULASI",
		ToPoli:         "Penyakit Dalam - Ginjal Hipertensi",
		ToHospitalCode: "0114R001",
		ToHospital:     "RSUD KOTA SIMULASI",
		PatientName:    "SITI AMINAH",
		BirthDate:      date(1974, time.August, 7),
		CardNo:         "0001234567890",
		Dependent:      true,
		Sex:            "P",
		Diagnoses: []referral.Diagnosis{
			{Code: "I10", Name: "Hipertensi esensial (primer)"},
			{Code: "E11.9", Name: "Diabetes melitus tipe 2 tanpa komplikasi"},
			{Code: "N18.3", Name: "Penyakit ginjal kronik stadium 3"},
		},
		Notes:       "Tekanan darah 170/100 mmHg meski amlodipin 10 mg; kreatinin 1,8 mg/dL.",
		Given:       "Amlodipin 1x10 mg, Metformin 2x500 mg",
		TACC:        "Time: < 3 Hari",
		VisitDate:   date(2026, time.November, 22),
		PlannedDate: date(2026, time.November, 25),
		Schedule:    "Senin - Jumat 08:00 - 12:00",
		ValidUntil:  date(2027, time.February, 22),
		DoctorName:  "dr. Andi Pratama",
		InfoDenda:   "Peserta tidak memiliki tunggakan iuran.",
	}
}

// needTool fails the test when a poppler or zbar tool is missing: `make
// test` installs them, and a test that skips would hide a broken letter.
func needTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s not found: install poppler-utils and zbar-tools (make test does)", name)
	}
}

// writePDF writes the letters to a file in a temporary directory, or in
// $PRINTING_KEEP when set, to look at the result.
func writePDF(t *testing.T, name string, ls ...referral.Letter) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteLetters(&buf, ls); err != nil {
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

func tool(t testing.TB, name string, args ...string) string {
	t.Helper()
	needTool(t, name)
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("%s %v: %v %s", name, args, err, stderr)
	}
	return string(out)
}

var spaces = regexp.MustCompile(`\s+`)

// pageText is pdftotext's layout text with all whitespace collapsed to one
// space, so assertions read like the letter, do not depend on column widths,
// and see a wrapped value as one (nothing else shares its lines).
func pageText(t *testing.T, path string, page int) string {
	t.Helper()
	p := strconv.Itoa(page)
	return spaces.ReplaceAllString(tool(t, "pdftotext", "-layout", "-f", p, "-l", p, path, "-"), " ")
}

func pages(t *testing.T, path string) (n int, size string) {
	t.Helper()
	info := tool(t, "pdfinfo", path)
	for _, line := range strings.Split(info, "\n") {
		k, v, _ := strings.Cut(line, ":")
		switch k {
		case "Pages":
			n, _ = strconv.Atoi(strings.TrimSpace(v))
		case "Page size":
			size = strings.TrimSpace(v)
		}
	}
	return n, size
}

func onePageA4(t *testing.T, path string) {
	t.Helper()
	n, size := pages(t, path)
	if n != 1 {
		t.Errorf("pages = %d, want 1", n)
	}
	// gofpdf's A4 is 595.28 × 841.89 pt; pdfinfo prints it rounded.
	if !strings.HasPrefix(size, "595.") || !strings.Contains(size, "x 841.89") || !strings.Contains(size, "(A4)") {
		t.Errorf("page size = %q, want A4 (595 x 842 pts)", size)
	}
}

func contains(t *testing.T, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("letter text lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("letter text:\n%s", text)
	}
}

func TestLetterHasEveryField(t *testing.T) {
	path := writePDF(t, "letter.pdf", sampleLetter())
	onePageA4(t, path)
	contains(t, pageText(t, path, 1),
		"BPJS Kesehatan",
		"Kedeputian Wilayah Jawa Barat",
		"Kantor Cabang Kota Simulasi",
		"Surat Rujukan FKTP",
		"No. Rujukan : 0114U1631126Y000001",
		"FKTP : KLINIK PRATAMA SIMULASI (0114U163)",
		"Kabupaten/Kota : KOTA SIMULASI (0171)",
		"Kepada Yth. TS Dokter : Penyakit Dalam - Ginjal Hipertensi",
		"Di : RSUD KOTA SIMULASI",
		"Mohon pemeriksaan dan penanganan lebih lanjut pasien :",
		"Nama : SITI AMINAH",
		"Umur : 52 tahun Tgl. Lahir : 07-Agu-1974",
		"Jenis Kelamin : P Status : Tanggungan",
		"No. Kartu BPJS : 0001234567890",
		"Status : Tanggungan",
		"Diagnosa : Hipertensi esensial (primer) (I10)",
		"Diabetes melitus tipe 2 tanpa komplikasi (E11.9)",
		"Penyakit ginjal kronik stadium 3 (N18.3)",
		"Catatan : Tekanan darah 170/100 mmHg meski amlodipin 10 mg; kreatinin 1,8 mg/dL.",
		"Telah diberikan : Amlodipin 1x10 mg, Metformin 2x500 mg",
		"TACC : Time: < 3 Hari",
		"Atas bantuannya, diucapkan terima kasih",
		"Tgl. Rencana Berkunjung : 25 November 2026",
		"Jadwal Praktek : Senin - Jumat 08:00 - 12:00",
		"Surat rujukan berlaku 1 (satu) kali kunjungan, berlaku sampai dengan : 22 Februari 2027",
		"Salam sejawat, 22 November 2026",
		"dr. Andi Pratama",
		"Info Denda : Peserta tidak memiliki tunggakan iuran.",
	)
}

func TestLetterPrincipalMaleWithoutTACC(t *testing.T) {
	l := sampleLetter()
	l.Dependent, l.Sex, l.TACC, l.InfoDenda = false, "L", "", ""
	l.BirthDate = date(1974, time.November, 23) // birthday the day after the visit
	text := pageText(t, writePDF(t, "utama.pdf", l), 1)
	contains(t, text, "Status : Utama", "Jenis Kelamin : L", "Umur : 51 tahun Tgl. Lahir : 23-Nov-1974")
	for _, absent := range []string{"TACC", "Info Denda", "Tanggungan"} {
		if strings.Contains(text, absent) {
			t.Errorf("letter text has %q", absent)
		}
	}
}

// zbar decodes the barcode from a 300 dpi rendering, as a hospital's
// scanner would read the printed page.
func decodeBarcodes(t *testing.T, pdfPath string) string {
	t.Helper()
	needTool(t, "zbarimg")
	prefix := filepath.Join(t.TempDir(), "page")
	tool(t, "pdftoppm", "-r", "300", "-png", "-f", "1", "-l", "1", "-singlefile", pdfPath, prefix)
	out, err := exec.Command("zbarimg", "--raw", "-q", prefix+".png").Output()
	if err != nil {
		// zbarimg exits 4 when it finds no symbol.
		if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 4 {
			return ""
		}
		t.Fatalf("zbarimg: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func TestLetterBarcodeScans(t *testing.T) {
	l := sampleLetter()
	if got := decodeBarcodes(t, writePDF(t, "barcode.pdf", l)); got != l.Number {
		t.Errorf("barcode = %q, want %q", got, l.Number)
	}
}

func TestLetterUnicodeName(t *testing.T) {
	l := sampleLetter()
	l.PatientName = "Ni Luh Putu Ayu Ṣari Nguyễn 林"
	l.DoctorName = "dr. Siñta Wijaya"
	// Decomposed (NFD) input prints composed: e + circumflex + tilde.
	l.ToPoli = "Nguye\u0302\u0303n"
	text := pageText(t, writePDF(t, "unicode.pdf", l), 1)
	contains(t, text, "Nama : Ni Luh Putu Ayu Ṣari Nguyễn 林", "dr. Siñta Wijaya", "Kepada Yth. TS Dokter : Nguyễn")
}

func TestDraftLetter(t *testing.T) {
	l := sampleLetter()
	l.Number = ""
	path := writePDF(t, "draft.pdf", l)
	onePageA4(t, path)
	// The watermark is diagonal: pdftotext's layout mode scatters its
	// letters, so read it in drawing order and without the blanks.
	raw := tool(t, "pdftotext", "-raw", path, "-")
	if !strings.Contains(strings.Join(strings.Fields(raw), ""), "BELUMTERDAFTARDIBPJS") {
		t.Errorf("draft lacks the watermark; text:\n%s", raw)
	}
	text := pageText(t, path, 1)
	contains(t, text, "No. Rujukan : — (draf)")
	if got := decodeBarcodes(t, path); got != "" {
		t.Errorf("draft has a barcode %q", got)
	}
	if strings.Contains(pageText(t, writePDF(t, "final.pdf", sampleLetter()), 1), "BELUM TERDAFTAR") {
		t.Error("a registered letter carries the draft watermark")
	}
}

func TestLongTextStaysOnOnePage(t *testing.T) {
	l := sampleLetter()
	long := strings.Repeat("Kontrol tekanan darah tiap minggu dan periksa ureum kreatinin. ", 60)
	l.Notes = long
	l.Given = strings.Repeat("Amlodipin 1x10 mg, Captopril 3x25 mg, ", 80) + "Semuanyatanpaspasi" + strings.Repeat("x", 300)
	l.InfoDenda = long
	l.Schedule = long
	l.PatientName = strings.Repeat("Ayu ", 60)
	l.ToPoli = long
	l.ToHospital = long
	l.FacilityName = long
	l.RegencyName = long
	l.RegionalOffice = long
	l.Diagnoses[0].Name = long
	l.DoctorName = long
	path := writePDF(t, "long.pdf", l)
	onePageA4(t, path)
	text := pageText(t, path, 1)
	contains(t, text, "Catatan : Kontrol", "Telah diberikan : Amlodipin", "…",
		"Salam sejawat, 22 November 2026", "(I10)", "Info Denda : Kontrol")
	// The closing and the signature are still there, below the cut text.
	if i, j := strings.Index(text, "Telah diberikan"), strings.Index(text, "Salam sejawat"); i < 0 || j < i {
		t.Error("signature block is not below the therapy")
	}
	// And nothing reaches into the bottom margin, where a printer's
	// unprintable edge would clip it: every word ends above 287 mm.
	words := regexp.MustCompile(`<word [^>]*yMax="([0-9.]+)">([^<]*)<`).FindAllStringSubmatch(tool(t, "pdftotext", "-bbox", path, "-"), -1)
	if len(words) < 100 {
		t.Fatalf("pdftotext -bbox found %d words", len(words))
	}
	for _, m := range words {
		if y, _ := strconv.ParseFloat(m[1], 64); y > 287/25.4*72 {
			t.Errorf("%q ends at %.0f mm", m[2], y*25.4/72)
		}
	}
}

func TestBatch(t *testing.T) {
	var ls []referral.Letter
	for i := 1; i <= 100; i++ {
		l := sampleLetter()
		l.Number = fmt.Sprintf("0114U1631126Y%06d", i)
		l.PatientName = fmt.Sprintf("PASIEN NOMOR %d", i)
		ls = append(ls, l)
	}
	path := writePDF(t, "batch.pdf", ls...)
	if n, _ := pages(t, path); n != 100 {
		t.Fatalf("pages = %d, want 100", n)
	}
	// pdftotext separates pages with a form feed.
	all := strings.Split(tool(t, "pdftotext", "-layout", path, "-"), "\f")
	for i, l := range ls {
		if !strings.Contains(all[i], l.Number) || !strings.Contains(all[i], l.PatientName+"\n") {
			t.Errorf("page %d lacks %s / %s", i+1, l.Number, l.PatientName)
		}
	}
}

func TestWriteLettersNone(t *testing.T) {
	if err := WriteLetters(&bytes.Buffer{}, nil); err == nil {
		t.Error("no letters: want an error")
	}
}

func TestLetterRejectsUnencodableNumber(t *testing.T) {
	l := sampleLetter()
	l.Number = "0114U163Ä" // set B is ASCII only
	if err := WriteLetter(&bytes.Buffer{}, l); err == nil || !strings.Contains(err.Error(), "barcode") {
		t.Errorf("err = %v, want a barcode error", err)
	}
}

func TestLetterSize(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteLetter(&buf, sampleLetter()); err != nil {
		t.Fatal(err)
	}
	// The fonts are subset: a letter is tens of KB, not the 1.5 MB the
	// two DejaVu files weigh.
	if buf.Len() > 60_000 {
		t.Errorf("letter is %d bytes; font subsetting lost?", buf.Len())
	}
	t.Logf("letter: %d bytes", buf.Len())
}

func BenchmarkLetter(b *testing.B) {
	l := sampleLetter()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteLetter(&buf, l); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "pdf-bytes")
}

// BenchmarkLetterFallback is a letter whose name needs the Han fallback
// font, which is parsed only for such letters.
func BenchmarkLetterFallback(b *testing.B) {
	l := sampleLetter()
	l.PatientName = "Tan Mei Ling 陳美玲"
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteLetter(&buf, l); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "pdf-bytes")
}

func BenchmarkBatch100(b *testing.B) {
	ls := make([]referral.Letter, 100)
	for i := range ls {
		ls[i] = sampleLetter()
		ls[i].Number = fmt.Sprintf("0114U1631126Y%06d", i+1)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteLetters(&buf, ls); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "pdf-bytes")
}

// The desk may render a letter while a batch is being written: the shared
// font bytes and coverage tables must stand concurrent use (run with -race).
func TestConcurrentLetters(t *testing.T) {
	done := make(chan error)
	for i := range 4 {
		go func() {
			l := sampleLetter()
			if i%2 == 1 {
				l.PatientName = "Tan 林"
			}
			done <- WriteLetter(&bytes.Buffer{}, l)
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
