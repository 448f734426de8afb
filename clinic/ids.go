package clinic

import (
	"fmt"
	"strings"
	"time"

	"fktpdesk/assets/refdata"
)

// IDKind says which number identifies a participant.
type IDKind string

const (
	IDCard IDKind = "noka" // BPJS/KIS card number, 13 digits
	IDNIK  IDKind = "nik"  // Nomor Induk Kependudukan from the KTP, 16 digits
)

// Sex as PCare writes it.
const (
	Male   = "L"
	Female = "P"
)

// NIKInfo is what a NIK encodes.
type NIKInfo struct {
	NIK          string
	ProvinceCode string
	Province     string
	RegencyCode  string
	Regency      string // "" when the code is not in today's list
	DistrictCode string
	Sex          string // Male or Female: women have 40 added to the birth day
	BirthDate    time.Time
	// Warnings are facts worth showing but not worth refusing the patient
	// for: a NIK issued before a region was split keeps its old code.
	Warnings []string
}

// DetectID tells whether s is a card number or a NIK, after removing the
// spaces, dots and dashes people type or scanners add.
func DetectID(s string) (IDKind, string, error) {
	n := NormalizeNumber(s)
	switch {
	case n == "":
		return "", "", &Error{Code: EINVALID, Message: "Masukkan nomor kartu BPJS (13 digit) atau NIK (16 digit).",
			Fields: []FieldError{{Field: "Number", Label: "Nomor", Message: "Nomor kartu BPJS atau NIK wajib diisi"}}}
	case strings.Trim(n, "0123456789") != "":
		return "", "", &Error{Code: EINVALID, Message: "Nomor hanya boleh berisi angka.",
			Fields: []FieldError{{Field: "Number", Label: "Nomor", Message: "Nomor hanya boleh berisi angka"}}}
	case len(n) == 13:
		return IDCard, n, nil
	case len(n) == 16:
		return IDNIK, n, nil
	}
	msg := fmt.Sprintf("Nomor berisi %d digit: nomor kartu BPJS 13 digit, NIK 16 digit.", len(n))
	return "", "", &Error{Code: EINVALID, Message: msg, Fields: []FieldError{{Field: "Number", Label: "Nomor", Message: msg}}}
}

// NormalizeNumber removes spaces, dots and dashes.
func NormalizeNumber(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '-', '\t', '\u00a0':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// ValidCardNo reports whether s is 13 digits.
func ValidCardNo(s string) bool {
	return len(s) == 13 && strings.Trim(s, "0123456789") == ""
}

// ParseNIK checks a NIK against its structure — province (a real code),
// regency, district, birth date (day + 40 for women) and a non-zero
// sequence — and returns what it encodes. now decides the century of the
// two-digit birth year: a NIK cannot encode a birth in the future.
func ParseNIK(nik string, now time.Time) (NIKInfo, error) {
	bad := func(msg string) (NIKInfo, error) {
		return NIKInfo{}, &Error{Code: EINVALID, Message: msg, Fields: []FieldError{{Field: "NIK", Label: "NIK", Message: msg}}}
	}
	if len(nik) != 16 || strings.Trim(nik, "0123456789") != "" {
		return bad("NIK harus 16 digit angka.")
	}
	info := NIKInfo{NIK: nik, ProvinceCode: nik[:2], RegencyCode: nik[:4], DistrictCode: nik[:6]}
	prov, ok := refdata.ProvinceByCode(info.ProvinceCode)
	if !ok {
		return bad(fmt.Sprintf("NIK tidak valid: kode provinsi %s tidak ada.", info.ProvinceCode))
	}
	info.Province = prov.Name
	if r, ok := refdata.RegencyByCode(info.RegencyCode); ok {
		info.Regency = r.Name
	} else {
		info.Warnings = append(info.Warnings, fmt.Sprintf("Kode kabupaten/kota %s tidak ada di daftar wilayah terbaru (mungkin NIK lama sebelum pemekaran wilayah).", info.RegencyCode))
	}
	day := atoi2(nik[6:8])
	month := atoi2(nik[8:10])
	yy := atoi2(nik[10:12])
	info.Sex = Male
	if day > 40 {
		info.Sex = Female
		day -= 40
	}
	year := 2000 + yy
	if year > now.Year() {
		year -= 100
	}
	birth := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || day < 1 || birth.Day() != day || int(birth.Month()) != month {
		return bad(fmt.Sprintf("NIK tidak valid: tanggal lahir %s-%s-%s tidak ada (perempuan: tanggal ditambah 40).", nik[6:8], nik[8:10], nik[10:12]))
	}
	if birth.After(now) {
		return bad("NIK tidak valid: tanggal lahir di masa depan.")
	}
	if nik[12:] == "0000" {
		return bad("NIK tidak valid: nomor urut 0000.")
	}
	info.BirthDate = birth
	return info, nil
}

func atoi2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }
