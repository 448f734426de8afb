package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fktpdesk/clinic"
)

func TestFormatRupiah(t *testing.T) {
	for _, c := range []struct {
		in   int64
		want string
	}{
		{0, "Rp 0"}, {5, "Rp 5"}, {999, "Rp 999"}, {1000, "Rp 1.000"}, {35000, "Rp 35.000"},
		{1250000, "Rp 1.250.000"}, {123456789, "Rp 123.456.789"}, {-42000, "-Rp 42.000"},
	} {
		if got := formatRupiah(c.in); got != c.want {
			t.Errorf("formatRupiah(%d) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFormatAgo(t *testing.T) {
	now := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		ago  time.Duration
		want string
	}{
		{0, "baru saja"}, {59 * time.Second, "baru saja"}, {15 * time.Minute, "15 menit lalu"},
		{3*time.Hour + 59*time.Minute, "3 jam lalu"}, {26 * time.Hour, "1 hari lalu"}, {72 * time.Hour, "3 hari lalu"},
	} {
		if got := formatAgo(now.Add(-c.ago), now); got != c.want {
			t.Errorf("formatAgo(%v) = %q, want %q", c.ago, got, c.want)
		}
	}
}

func TestErrorText(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string // a part of the text
	}{
		{nil, ""},
		{context.Canceled, ""},
		{fmt.Errorf("check: %w", context.Canceled), ""},
		{&clinic.Error{Code: clinic.ENOTFOUND, Message: "Nomor kartu 1 tidak terdaftar."}, "tidak terdaftar"},
		{&clinic.Error{Code: clinic.ENOTFOUND}, "Data tidak ditemukan."},
		{&clinic.Error{Code: clinic.EUNAVAILABLE}, "PCare tidak dapat dihubungi"},
		{&clinic.Error{Code: clinic.EUNAUTHORIZED, Message: "periksa consumer ID"}, "Hubungi admin klinik"},
		{&clinic.Error{Code: clinic.ECONFLICT, Message: "Pasien sudah didaftarkan hari ini"}, "sudah didaftarkan"},
		{errors.New("disk I/O error"), "kesalahan pada aplikasi"},
	} {
		got := errorText(c.err)
		if (c.want == "" && got != "") || !strings.Contains(got, c.want) {
			t.Errorf("errorText(%v) = %q, want it to contain %q", c.err, got, c.want)
		}
	}
}

func TestFormatDate(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 11, 22, 9, 5, 0, 0, time.UTC), "22 Nov 2026"},
		{time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), "01 Mei 2026"},
		{time.Date(2026, 8, 17, 0, 0, 0, 0, time.UTC), "17 Agu 2026"},
		{time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), "31 Des 2025"},
		{time.Time{}, "—"},
	} {
		if got := formatDate(c.t); got != c.want {
			t.Errorf("formatDate(%v) = %q, want %q", c.t, got, c.want)
		}
	}
	if got := formatDateTime(time.Date(2026, 10, 3, 14, 5, 0, 0, time.UTC)); got != "03 Okt 2026 14:05" {
		t.Errorf("formatDateTime = %q", got)
	}
}
