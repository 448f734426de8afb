package refdata

import (
	"testing"
)

func TestRowCounts(t *testing.T) {
	// The counts are those of /shared/data/README.md; a change means the
	// files were replaced and the README must be checked again.
	tests := []struct {
		name string
		got  int
		want int
	}{
		{"icd10", len(ICD10()), 18549},
		{"nonspesialis", len(NonSpecialists()), 159},
		{"kesadaran", len(Kesadaran()), 4},
		{"statuspulang", len(StatusPulang()), 8},
		{"prognosa", len(Prognosa()), 5},
		{"alergi", len(Alergi()), 18},
		{"poli_fktp", len(PoliFKTP()), 3},
		{"tacc", len(TACC()), 14},
		{"jenis_peserta", len(JenisPeserta()), 2},
		{"provinsi", len(Provinces()), 38},
		{"kabkota", len(Regencies()), 514},
		{"kecamatan", len(Districts()), 7285},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %d rows, want %d", tt.name, tt.got, tt.want)
		}
	}
}

func TestKnownRows(t *testing.T) {
	c, ok := ICD10ByCode("A01.0")
	if !ok || c.NameID != "Demam tifoid" || c.NameEN != "Typhoid fever" {
		t.Errorf("A01.0 = %+v, %v", c, ok)
	}
	if c, _ := ICD10ByCode("A00"); c.Name() != "Cholera" {
		t.Errorf("A00 falls back to English, got %q", c.Name())
	}
	if _, ok := ICD10ByCode("ZZZ"); ok {
		t.Error("ZZZ found")
	}
	if p, ok := ProvinceByCode("32"); !ok || p.Name != "Jawa Barat" {
		t.Errorf("province 32 = %+v", p)
	}
	if r, ok := RegencyByCode("1171"); !ok || r.Name != "Kota Banda Aceh" || r.ProvinceCode != "11" {
		t.Errorf("regency 1171 = %+v", r)
	}
	if d, ok := DistrictByCode("110101"); !ok || d.Name != "Bakongan" || d.RegencyCode != "1101" {
		t.Errorf("district 110101 = %+v", d)
	}
	if k := Kesadaran()[0]; k != (CodeName{"01", "Compos mentis"}) {
		t.Errorf("kesadaran[0] = %+v", k)
	}
	if p := PoliFKTP()[2]; p != (CodeName{"003", "POLI KIA"}) {
		t.Errorf("poli[2] = %+v", p)
	}
	if j := JenisPeserta()[0]; j != (CodeName{"21", "PBI (APBN)"}) {
		t.Errorf("jenis[0] = %+v", j)
	}
	if s := StatusPulang()[4]; s != (CodeName{"4", "Rujuk Vertikal"}) {
		t.Errorf("statuspulang[4] = %+v", s)
	}
	if a := Alergi()[1]; a.Jenis != "01" || a.Code != "01" || a.Name != "Seafood" {
		t.Errorf("alergi[1] = %+v", a)
	}
	tacc := TACC()
	if tacc[0].Code != -1 || tacc[0].Name != "Tanpa TACC" {
		t.Errorf("tacc[0] = %+v", tacc[0])
	}
	var free int
	for _, r := range tacc {
		if r.FreeText {
			free++
			if r.Code != 3 {
				t.Errorf("free-text TACC with code %d", r.Code)
			}
		}
	}
	if free != 1 {
		t.Errorf("%d free-text TACC rows, want 1", free)
	}
}

func TestEveryDistrictHasItsParents(t *testing.T) {
	for _, d := range Districts() {
		r, ok := RegencyByCode(d.RegencyCode)
		if !ok || d.Code[:4] != r.Code {
			t.Fatalf("district %s: regency %q missing", d.Code, d.RegencyCode)
		}
		if _, ok := ProvinceByCode(r.ProvinceCode); !ok || r.Code[:2] != r.ProvinceCode {
			t.Fatalf("regency %s: province %q missing", r.Code, r.ProvinceCode)
		}
	}
}

func TestIsNonSpecialist(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"A15", true},    // listed category
		{"A15.0", true},  // through its category
		{"a15.3", true},  // case-insensitive
		{"B05.9", true},  // listed exactly
		{"B05.0", false}, // only B05.9 is listed, not the category
		{"I21.9", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsNonSpecialist(tt.code); got != tt.want {
			t.Errorf("IsNonSpecialist(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
	if NonSpecialistCodes()[""] {
		t.Error("blank code in the set")
	}
}
