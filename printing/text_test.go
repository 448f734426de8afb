package printing

import (
	"strings"
	"testing"
	"time"

	"fktpdesk/referral"
)

func TestDates(t *testing.T) {
	for _, tc := range []struct {
		t           time.Time
		long, short string
	}{
		{date(2026, time.November, 22), "22 November 2026", "22-Nov-2026"},
		{date(1974, time.August, 7), "7 Agustus 1974", "07-Agu-1974"},
		{date(2027, time.May, 1), "1 Mei 2027", "01-Mei-2027"},
		{date(2000, time.December, 31), "31 Desember 2000", "31-Des-2000"},
		{date(1999, time.October, 9), "9 Oktober 1999", "09-Okt-1999"},
		{time.Time{}, "-", "-"},
	} {
		if got := dateLong(tc.t); got != tc.long {
			t.Errorf("dateLong(%v) = %q, want %q", tc.t, got, tc.long)
		}
		if got := dateShort(tc.t); got != tc.short {
			t.Errorf("dateShort(%v) = %q, want %q", tc.t, got, tc.short)
		}
	}
}

func TestAge(t *testing.T) {
	visit := date(2026, time.November, 22)
	for _, tc := range []struct {
		birth time.Time
		want  string
	}{
		{date(1974, time.November, 22), "52 tahun"}, // birthday today
		{date(1974, time.November, 23), "51 tahun"}, // tomorrow
		{date(1974, time.December, 1), "51 tahun"},
		{date(2025, time.November, 22), "1 tahun"},
		{date(2026, time.April, 23), "6 bulan"},
		{date(2026, time.November, 1), "0 bulan"},
		{date(2027, time.January, 1), "-"}, // born after the visit: bad data
		{time.Time{}, "-"},
	} {
		if got := age(tc.birth, visit); got != tc.want {
			t.Errorf("age(%s) = %q, want %q", tc.birth.Format(time.DateOnly), got, tc.want)
		}
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"  SITI\tAMINAH \n":      "SITI AMINAH",
		"Nguye\u0302\u0303n":     "Nguyễn", // NFD to NFC
		"zero\u200bwidth":        "zerowidth",
		"emoji 😀 ok":             "emoji \uFFFD ok", // outside the BMP gofpdf can address
		"bad \xff byte":          "bad \uFFFD byte",
		"Ni Luh Putu Ayu Ṣari 林": "Ni Luh Putu Ayu Ṣari 林",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func testWriter(t testing.TB) *writer {
	t.Helper()
	w := newDocument("", time.Time{})
	w.pdf.AddPage()
	w.setFont("", sizeBody)
	return w
}

func TestWrap(t *testing.T) {
	w := testWriter(t)
	text := strings.Repeat("obat diminum tiga kali sehari ", 20)
	lines := w.wrap(text, 60, 100)
	if len(lines) < 5 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		if w.width(l) > 60 {
			t.Errorf("line %q is %.1f mm wide", l, w.width(l))
		}
	}
	if got := strings.Join(lines, " "); got != strings.TrimSpace(text) {
		t.Errorf("wrapping lost text: %q", got)
	}

	cut := w.wrap(text, 60, 3)
	if len(cut) != 3 || !strings.HasSuffix(cut[2], "…") || w.width(cut[2]) > 60 {
		t.Errorf("cut to 3 lines: %q", cut)
	}
	// Exactly enough lines: no ellipsis.
	if got := w.wrap(text, 60, len(lines)); strings.Contains(strings.Join(got, ""), "…") {
		t.Errorf("fitting text was cut: %q", got)
	}
	// Line breaks the doctor typed are kept.
	if got := w.wrap("Amlodipin 10 mg\nCaptopril 25 mg", 100, 5); len(got) != 2 {
		t.Errorf("paragraphs: %q", got)
	}
	// A word longer than the line is broken, not dropped or overflowed.
	long := strings.Repeat("x", 200)
	got := w.wrap(long, 50, 10)
	if strings.Join(got, "") != long {
		t.Errorf("long word: %q", got)
	}
	for _, l := range got {
		if w.width(l) > 50 {
			t.Errorf("long word line %.1f mm wide", w.width(l))
		}
	}
	if got := w.wrap("", 50, 2); len(got) != 0 {
		t.Errorf("empty text: %q", got)
	}
}

func TestFitAndFallbackWidths(t *testing.T) {
	w := testWriter(t)
	if got := w.fit("pendek", 50); got != "pendek" {
		t.Errorf("fit of short text = %q", got)
	}
	got := w.fit(strings.Repeat("panjang ", 30), 50)
	if !strings.HasSuffix(got, "…") || w.width(got) > 50 || strings.HasSuffix(got, " …") {
		t.Errorf("fit = %q (%.1f mm)", got, w.width(got))
	}
	// 林 is not in DejaVu: it is measured (and drawn) with the fallback.
	if w.fallback {
		t.Fatal("fallback font added before it was needed")
	}
	if wd := w.width("林"); wd < 2 || wd > 5 {
		t.Errorf("width of 林 = %.2f mm at %v pt", wd, sizeBody)
	}
	if !w.fallback {
		t.Error("fallback font not used for 林")
	}
	if rs := w.runs("Ayu 林林 Ṣari"); len(rs) != 3 || !rs[1].fallback || rs[1].text != "林林" {
		t.Errorf("runs = %+v", rs)
	}
}

func TestLetterFileName(t *testing.T) {
	l := sampleLetter()
	if got := LetterFileName(l); got != "rujukan-0114U1631126Y000001.pdf" {
		t.Errorf("final: %q", got)
	}
	for name, want := range map[string]string{
		"Ni Luh Putu Ayu Ṣari Nguyễn 林":       "rujukan-draf-ni-luh-putu-ayu-sari-nguyen.pdf",
		"SITI AMINAH":                         "rujukan-draf-siti-aminah.pdf",
		"../../etc/passwd":                    "rujukan-draf-etc-passwd.pdf",
		"林":                                   "rujukan-draf-pasien.pdf",
		"":                                    "rujukan-draf-pasien.pdf",
		strings.Repeat("Bagus Wicaksono ", 9): "rujukan-draf-bagus-wicaksono-bagus-wicaksono-bagus.pdf",
	} {
		l := referral.Letter{PatientName: name}
		if got := LetterFileName(l); got != want {
			t.Errorf("draft %q: %q, want %q", name, got, want)
		}
	}
}
