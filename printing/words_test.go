package printing

import (
	"math"
	"testing"
	"time"
)

func TestTerbilang(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "nol"},
		{1, "satu"},
		{9, "sembilan"},
		{10, "sepuluh"},
		{11, "sebelas"},
		{12, "dua belas"},
		{19, "sembilan belas"},
		{20, "dua puluh"},
		{21, "dua puluh satu"},
		{99, "sembilan puluh sembilan"},
		{100, "seratus"},
		{101, "seratus satu"},
		{110, "seratus sepuluh"},
		{111, "seratus sebelas"},
		{115, "seratus lima belas"},
		{200, "dua ratus"},
		{999, "sembilan ratus sembilan puluh sembilan"},
		{1000, "seribu"},
		{1001, "seribu satu"},
		{1100, "seribu seratus"},
		{1999, "seribu sembilan ratus sembilan puluh sembilan"},
		{2000, "dua ribu"},
		{2500, "dua ribu lima ratus"},
		{11000, "sebelas ribu"},
		{100000, "seratus ribu"},
		{101000, "seratus satu ribu"},
		{15000, "lima belas ribu"},
		{1000000, "satu juta"},
		{1001000, "satu juta seribu"},
		{1250000, "satu juta dua ratus lima puluh ribu"},
		{6210000, "enam juta dua ratus sepuluh ribu"},
		{10000000, "sepuluh juta"},
		{1000000000, "satu miliar"},
		{1000000001, "satu miliar satu"},
		{123456789, "seratus dua puluh tiga juta empat ratus lima puluh enam ribu tujuh ratus delapan puluh sembilan"},
		{2000000000000, "dua triliun"},
		{-5000, "minus lima ribu"},
		{math.MaxInt64, "sembilan kuintiliun dua ratus dua puluh tiga kuadriliun tiga ratus tujuh puluh dua triliun " +
			"tiga puluh enam miliar delapan ratus lima puluh empat juta tujuh ratus tujuh puluh lima ribu " +
			"delapan ratus tujuh"},
		{math.MinInt64, "minus sembilan kuintiliun dua ratus dua puluh tiga kuadriliun tiga ratus tujuh puluh dua triliun " +
			"tiga puluh enam miliar delapan ratus lima puluh empat juta tujuh ratus tujuh puluh lima ribu " +
			"delapan ratus delapan"},
	} {
		if got := terbilang(tc.n); got != tc.want {
			t.Errorf("terbilang(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0", 5: "5", 999: "999", 1000: "1.000", 15000: "15.000", 1250000: "1.250.000",
		123456789: "123.456.789", -1250000: "-1.250.000", -999: "-999",
		math.MinInt64: "-9.223.372.036.854.775.808",
	} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestMonthYear(t *testing.T) {
	for in, want := range map[time.Time]string{
		date(2026, time.November, 1): "November 2026",
		date(2027, time.May, 31):     "Mei 2027",
		date(2026, time.August, 15):  "Agustus 2026",
		{}:                           "-",
	} {
		if got := monthYear(in); got != want {
			t.Errorf("monthYear(%v) = %q, want %q", in, got, want)
		}
	}
}
