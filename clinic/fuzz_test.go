package clinic

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// What the desk types or a card reader sends: card numbers and NIKs as
// printed (with spaces, dots and dashes), and the usual mistakes.
var idSeeds = []string{
	"0001234567890", " 0001 2345 67890 ", "0000039043765",
	"3201014101900001", "32.01.01-410190-0001", "5171015708850001", "3273015204850001",
	"3201011708850003", "3201015708850003", "3273014101100001", "3299011708850003",
	"3201013102850003", "3201017102850003", "3201011713850003", "3201011708850000",
	"3201012311260001", "3273012902000001", "3273012902010001",
	"", "12345", "000123456789O", "0001234567890\u00a0", "\t3201014101900001\n",
	"３２０１０１４１０１９０００１",  // full-width digits from a phone keyboard
	"٣٢٠١٠١٤١٠١٩٠٠٠٠١", // Arabic-Indic digits
	"32010141019000011", "-", "..--  ",
}

// FuzzDetectID: whatever is typed, DetectID either refuses it with a field
// error or returns the digits it kept, of a length that says their kind,
// and gives the same answer for what it returned; its mask hides the middle.
func FuzzDetectID(f *testing.F) {
	for _, s := range idSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		kind, n, err := DetectID(in)
		if err != nil {
			if ErrorCode(err) != EINVALID || len(FieldErrors(err)) != 1 || ErrorMessage(err) == "" {
				t.Fatalf("DetectID(%q) error %v is not one field error", in, err)
			}
			return
		}
		if n != NormalizeNumber(in) || strings.Trim(n, "0123456789") != "" {
			t.Fatalf("DetectID(%q) kept %q", in, n)
		}
		switch {
		case kind == IDCard && len(n) == 13 && ValidCardNo(n):
		case kind == IDNIK && len(n) == 16:
		default:
			t.Fatalf("DetectID(%q) = %q, %q", in, kind, n)
		}
		if k2, n2, err := DetectID(n); k2 != kind || n2 != n || err != nil {
			t.Fatalf("DetectID(%q) = %q, %q, %v; DetectID(%q) gave %q, %q", n, k2, n2, err, in, kind, n)
		}
		// What reaches a log shows the first four and last three digits only.
		if m := MaskNumber(n); len(m) != len(n) || m[:4] != n[:4] || m[len(m)-3:] != n[len(n)-3:] ||
			strings.Trim(m[4:len(m)-3], "*") != "" {
			t.Fatalf("MaskNumber(%q) = %q", n, m)
		}
	})
}

// FuzzParseNIK: a NIK ParseNIK accepts round-trips, rebuilt from what it
// says the NIK encodes, with a birth date within the century before now;
// one it refuses is a NIK field error. The validator's "nik" rule agrees.
func FuzzParseNIK(f *testing.F) {
	for i, s := range idSeeds {
		f.Add(s, int16(i*37))
	}
	f.Add("3273014101100001", int16(-6000)) // "now" before the birth
	f.Fuzz(func(t *testing.T, nik string, days int16) {
		now := today.AddDate(0, 0, int(days))
		info, err := ParseNIK(nik, now)
		type form struct {
			NIK string `validate:"nik" label:"NIK"`
		}
		if verr := Validate(form{nik}, now); (verr == nil) != (err == nil) {
			t.Fatalf("ParseNIK(%q) = %v but Validate = %v", nik, err, verr)
		}
		if err != nil {
			if ErrorCode(err) != EINVALID || len(FieldErrors(err)) != 1 || FieldErrors(err)[0].Field != "NIK" {
				t.Fatalf("ParseNIK(%q) error %v is not a NIK field error", nik, err)
			}
			if !utf8.ValidString(ErrorMessage(err)) {
				t.Fatalf("ParseNIK(%q) message is not text: %q", nik, ErrorMessage(err))
			}
			return
		}
		b := info.BirthDate
		day := b.Day()
		switch info.Sex {
		case Female:
			day += 40
		case Male:
		default:
			t.Fatalf("ParseNIK(%q) sex %q", nik, info.Sex)
		}
		rebuilt := info.DistrictCode + fmt.Sprintf("%02d%02d%02d", day, int(b.Month()), b.Year()%100) + nik[12:]
		if rebuilt != nik || info.NIK != nik || info.RegencyCode != nik[:4] || info.ProvinceCode != nik[:2] {
			t.Fatalf("ParseNIK(%q) = %+v, which rebuilds as %q", nik, info, rebuilt)
		}
		if b.After(now) || !b.After(time.Date(now.Year()-100, 12, 31, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("ParseNIK(%q) at %v: birth %v outside the century before now", nik, now, b)
		}
		if info.Province == "" || nik[12:] == "0000" {
			t.Fatalf("ParseNIK(%q) accepted %+v", nik, info)
		}
	})
}
