package clinic

import (
	"strings"
	"testing"
	"time"
)

var today = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

func TestDetectID(t *testing.T) {
	tests := []struct {
		in     string
		kind   IDKind
		number string
		ok     bool
	}{
		{"0001234567890", IDCard, "0001234567890", true},
		{" 0001 2345 67890 ", IDCard, "0001234567890", true},
		{"3201014101900001", IDNIK, "3201014101900001", true},
		{"32.01.01-410190-0001", IDNIK, "3201014101900001", true},
		{"", "", "", false},
		{"12345", "", "", false},
		{"000123456789O", "", "", false}, // a letter O typed for a zero
	}
	for _, tt := range tests {
		kind, n, err := DetectID(tt.in)
		if (err == nil) != tt.ok || kind != tt.kind || n != tt.number {
			t.Errorf("DetectID(%q) = %q, %q, %v", tt.in, kind, n, err)
		}
		if err != nil && (ErrorCode(err) != EINVALID || len(FieldErrors(err)) != 1) {
			t.Errorf("DetectID(%q) error %v is not a field error", tt.in, err)
		}
	}
	_, _, err := DetectID("12345")
	if !strings.Contains(ErrorMessage(err), "5 digit") {
		t.Errorf("length message %q does not say how many digits were typed", ErrorMessage(err))
	}
}

func TestParseNIK(t *testing.T) {
	tests := []struct {
		name     string
		nik      string
		wantErr  string // substring of the message; "" = valid
		sex      string
		birth    string
		warnings int
	}{
		{"man from Kab. Bogor", "3201011708850003", "", Male, "1985-08-17", 0},
		{"woman: day + 40", "3201015708850003", "", Female, "1985-08-17", 0},
		{"born this century", "3273014101100001", "", Female, "2010-01-01", 0},
		{"wrong length", "320101170885000", "16 digit", "", "", 0},
		{"letters", "32010117088500AB", "16 digit", "", "", 0},
		{"no such province", "9901011708850003", "kode provinsi 99", "", "", 0},
		{"impossible date", "3201013102850003", "tanggal lahir", "", "", 0},
		{"impossible woman's date", "3201017102850003", "tanggal lahir", "", "", 0},
		{"month 13", "3201011713850003", "tanggal lahir", "", "", 0},
		{"zero sequence", "3201011708850000", "0000", "", "", 0},
		{"future birth", "3201012311260001", "masa depan", "", "", 0},
		// Papua split in 2022: an old code with a real province but a
		// regency the current list lacks only warns.
		{"unknown regency only warns", "3299011708850003", "", Male, "1985-08-17", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := ParseNIK(tt.nik, today)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(ErrorMessage(err), tt.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tt.wantErr)
				}
				if f := FieldErrors(err); len(f) != 1 || f[0].Label != "NIK" {
					t.Fatalf("field errors %+v", f)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if info.Sex != tt.sex || info.BirthDate.Format("2006-01-02") != tt.birth || len(info.Warnings) != tt.warnings {
				t.Fatalf("info %+v", info)
			}
			if info.Province == "" {
				t.Fatal("province name missing")
			}
		})
	}
}

func TestParseNIKNames(t *testing.T) {
	info, err := ParseNIK("3273014101100001", today)
	if err != nil {
		t.Fatal(err)
	}
	if info.Province != "Jawa Barat" || !strings.Contains(info.Regency, "Bandung") {
		t.Fatalf("names %q / %q", info.Province, info.Regency)
	}
}

func TestAssess(t *testing.T) {
	const own = "0114U163"
	base := Participant{Active: true, ProviderCode: own, TypeCode: "13", TypeName: "PEKERJA MANDIRI"}
	codes := func(a []Advice) string {
		var s []string
		for _, x := range a {
			s = append(s, string(x.Code))
		}
		return strings.Join(s, ",")
	}
	tests := []struct {
		name string
		p    func(p Participant) Participant
		here bool
		want string
	}{
		{"active here", func(p Participant) Participant { return p }, true, "serve"},
		{"active elsewhere", func(p Participant) Participant { p.ProviderCode = "0101G001"; return p }, false, "other-fktp"},
		{"inactive PBI", func(p Participant) Participant {
			p.Active, p.TypeCode, p.TypeName = false, "21", "PBI (APBN)"
			return p
		}, true, "inactive-pbi"},
		{"inactive with arrears", func(p Participant) Participant { p.Active, p.Arrears = false, 1250000; return p }, true, "arrears"},
		{"inactive other reason", func(p Participant) Participant { p.Active, p.StatusText = false, "MENINGGAL"; return p }, true, "inactive"},
		{"prolanis and PRB", func(p Participant) Participant { p.Prolanis, p.PRB = "DM", "DM"; return p }, true, "serve,prolanis,prb"},
	}
	for _, tt := range tests {
		here, adv := Assess(tt.p(base), own)
		if here != tt.here || codes(adv) != tt.want {
			t.Errorf("%s: here=%v advice=%s, want %v %s", tt.name, here, codes(adv), tt.here, tt.want)
		}
	}
	_, adv := Assess(Participant{Active: false, Arrears: 1250000}, own)
	if adv[0].Amount != 1250000 {
		t.Fatalf("arrears amount lost: %+v", adv)
	}
}

func TestValidateRegistration(t *testing.T) {
	ok := Registration{PatientID: 1, CardNo: "0001234567890", Date: today, PoliCode: "001", TKP: TKPOutpatient,
		Vitals: Vitals{WeightKg: 60, HeightCm: 165, Systolic: 120, Diastolic: 80, RespRate: 18, HeartRate: 80}}
	if err := Validate(ok, today); err != nil {
		t.Fatalf("valid registration refused: %v", err)
	}
	bad := ok
	bad.CardNo = "123"
	bad.Date = today.AddDate(0, 0, 2)
	bad.Vitals.Systolic = 400
	bad.Vitals.Diastolic = 90
	bad.Vitals.Systolic = 80
	bad.TKP = "99"
	err := Validate(bad, today)
	if ErrorCode(err) != EINVALID {
		t.Fatalf("err = %v", err)
	}
	got := map[string]string{}
	for _, f := range FieldErrors(err) {
		got[f.Field] = f.Message
	}
	want := map[string]string{
		"CardNo":    "Nomor kartu BPJS harus 13 digit angka.",
		"Date":      "Tanggal daftar tidak boleh di masa depan.",
		"Diastolic": "Tekanan darah diastolik (mmHg) harus lebih kecil dari tekanan sistolik.",
		"TKP":       "Jenis kunjungan (TKP) harus salah satu dari: 10, 20, 50.",
	}
	for f, m := range want {
		if got[f] != m {
			t.Errorf("%s: %q, want %q", f, got[f], m)
		}
	}
	if len(got) != len(want) {
		t.Errorf("fields %v", got)
	}
	huge := ok
	huge.Vitals.HeartRate = 400
	if f := FieldErrors(Validate(huge, today)); len(f) != 1 || f[0].Message != "Denyut nadi (/menit) terlalu besar (maksimal 250)." {
		t.Errorf("heart rate: %+v", f)
	}
}

func TestAgeYears(t *testing.T) {
	b := time.Date(1985, 11, 23, 0, 0, 0, 0, time.UTC)
	if AgeYears(b, today) != 40 || AgeYears(b.AddDate(0, 0, -1), today) != 41 {
		t.Fatalf("ages %d %d", AgeYears(b, today), AgeYears(b.AddDate(0, 0, -1), today))
	}
}
