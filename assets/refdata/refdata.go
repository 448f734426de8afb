// Package refdata carries the reference lists FKTP Desk needs offline: ICD-10
// with its Indonesian names, the KMK 1186/2022 non-specialist diagnoses, the
// small PCare code lists (kesadaran, status pulang, prognosa, alergi, poli,
// TACC, jenis peserta) and the Kemendagri region codes (provinsi, kabupaten/
// kota, kecamatan).
//
// The CSV files are embedded copies of /shared/data (see README.md for each
// file's public source). Each list is parsed once, on first use. The package
// is standard library only and knows nothing of PCare's wire format: the app
// uses it for NIK checks and diagnosis search, the simulator for its master
// data. At run time PCare's own answers win over these seeds.
package refdata

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

//go:embed *.csv
var files embed.FS

// rows reads an embedded CSV and returns its records keyed by header name.
// The files are part of the binary, so a malformed one is a build defect:
// it panics rather than making every caller handle an impossible error.
func rows(name string) []map[string]string {
	f, err := files.Open(name)
	if err != nil {
		panic(fmt.Sprintf("refdata: %s: %v", name, err))
	}
	defer f.Close()
	out, err := parse(f)
	if err != nil {
		panic(fmt.Sprintf("refdata: %s: %v", name, err))
	}
	return out
}

// parse reads a CSV with a header line and returns its records keyed by
// header name, values trimmed. Every record must have as many fields as
// the header.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

func parse(r io.Reader) ([]map[string]string, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	for i, h := range header {
		header[i] = lineBreaks.Replace(h)
	}
	var out []map[string]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		m := make(map[string]string, len(header))
		for i, h := range header {
			// Line breaks inside a quoted field read as "\n" whatever the
			// file used ("\r\n", a lone "\r"), so a value reads the same
			// after the file is written out again (found by FuzzParse).
			m[h] = strings.TrimSpace(lineBreaks.Replace(rec[i]))
		}
		out = append(out, m)
	}
}

// CodeName is a code with its display name.
type CodeName struct {
	Code string
	Name string
}

// ICD10Code is one ICD-10 (2010 edition) code. NameID is a community
// translation and is empty for about 8,000 codes; NameEN is always set.
type ICD10Code struct {
	Code   string
	NameID string
	NameEN string
}

// Name is the Indonesian name when there is one, else the English one.
func (c ICD10Code) Name() string {
	if c.NameID != "" {
		return c.NameID
	}
	return c.NameEN
}

// ICD10 returns all 18,549 codes in file order (by code).
var ICD10 = sync.OnceValue(func() []ICD10Code {
	rs := rows("icd10.csv")
	out := make([]ICD10Code, len(rs))
	for i, r := range rs {
		out[i] = ICD10Code{Code: r["code"], NameID: r["name_id"], NameEN: r["name_en"]}
	}
	return out
})

var icd10Index = sync.OnceValue(func() map[string]int {
	m := make(map[string]int, len(ICD10()))
	for i, c := range ICD10() {
		m[c.Code] = i
	}
	return m
})

// ICD10ByCode looks a code up exactly ("A09", "I10", "A01.0").
func ICD10ByCode(code string) (ICD10Code, bool) {
	i, ok := icd10Index()[code]
	if !ok {
		return ICD10Code{}, false
	}
	return ICD10()[i], true
}

// NonSpecialist is one row of the KMK 1186/2022 level-4A list: a diagnosis an
// FKTP doctor must manage completely. Code is blank where the source gave
// something that is not an ICD-10 code.
type NonSpecialist struct {
	Code  string
	Name  string
	Level string // tingkat kemampuan as written, e.g. "4A"
}

// NonSpecialists returns the 159 rows of nonspesialis.csv.
var NonSpecialists = sync.OnceValue(func() []NonSpecialist {
	rs := rows("nonspesialis.csv")
	out := make([]NonSpecialist, len(rs))
	for i, r := range rs {
		out[i] = NonSpecialist{Code: r["code"], Name: r["name"], Level: r["tingkat_kemampuan"]}
	}
	return out
})

// NonSpecialistCodes is the set of non-blank codes of NonSpecialists. Some are
// three-character categories ("A15"); use IsNonSpecialist to test a code.
var NonSpecialistCodes = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool)
	for _, n := range NonSpecialists() {
		if n.Code != "" {
			m[n.Code] = true
		}
	}
	return m
})

// IsNonSpecialist reports whether a diagnosis is on the non-specialist list,
// either itself or through its three-character category: the list names
// "A15" for every A15.x. This stands in for PCare's nonSpesialis flag, whose
// exact BPJS mapping is not public.
func IsNonSpecialist(code string) bool {
	code = strings.ToUpper(strings.TrimSpace(code))
	set := NonSpecialistCodes()
	if set[code] {
		return true
	}
	return len(code) > 3 && set[code[:3]]
}

// Province is a Kemendagri province: two-digit code, e.g. 32 Jawa Barat.
type Province struct {
	Code string
	Name string
}

// Regency is a kabupaten or kota: four-digit code without the dot, e.g. 3273.
type Regency struct {
	Code         string
	ProvinceCode string
	Name         string
}

// District is a kecamatan: six-digit code without dots, e.g. 320101.
type District struct {
	Code        string
	RegencyCode string
	Name        string
}

// Provinces returns the 38 provinces.
var Provinces = sync.OnceValue(func() []Province {
	rs := rows("wilayah_provinsi.csv")
	out := make([]Province, len(rs))
	for i, r := range rs {
		out[i] = Province{Code: r["kode"], Name: r["nama"]}
	}
	return out
})

// Regencies returns the 514 kabupaten/kota.
var Regencies = sync.OnceValue(func() []Regency {
	rs := rows("wilayah_kabkota.csv")
	out := make([]Regency, len(rs))
	for i, r := range rs {
		out[i] = Regency{Code: r["kode"], ProvinceCode: r["kode_provinsi"], Name: r["nama"]}
	}
	return out
})

// Districts returns the 7,285 kecamatan.
var Districts = sync.OnceValue(func() []District {
	rs := rows("wilayah_kecamatan.csv")
	out := make([]District, len(rs))
	for i, r := range rs {
		out[i] = District{Code: r["kode"], RegencyCode: r["kode_kabkota"], Name: r["nama"]}
	}
	return out
})

var provinceIndex = sync.OnceValue(func() map[string]Province {
	m := make(map[string]Province)
	for _, p := range Provinces() {
		m[p.Code] = p
	}
	return m
})

var regencyIndex = sync.OnceValue(func() map[string]Regency {
	m := make(map[string]Regency)
	for _, r := range Regencies() {
		m[r.Code] = r
	}
	return m
})

var districtIndex = sync.OnceValue(func() map[string]District {
	m := make(map[string]District)
	for _, d := range Districts() {
		m[d.Code] = d
	}
	return m
})

// ProvinceByCode looks up a two-digit province code (the first two NIK digits).
func ProvinceByCode(code string) (Province, bool) {
	p, ok := provinceIndex()[code]
	return p, ok
}

// RegencyByCode looks up a four-digit regency code (the first four NIK digits).
func RegencyByCode(code string) (Regency, bool) {
	r, ok := regencyIndex()[code]
	return r, ok
}

// DistrictByCode looks up a six-digit district code (the first six NIK digits).
func DistrictByCode(code string) (District, bool) {
	d, ok := districtIndex()[code]
	return d, ok
}

func codeNames(file, codeCol, nameCol string) func() []CodeName {
	return sync.OnceValue(func() []CodeName {
		rs := rows(file)
		out := make([]CodeName, len(rs))
		for i, r := range rs {
			out[i] = CodeName{Code: r[codeCol], Name: r[nameCol]}
		}
		return out
	})
}

// Kesadaran returns the levels of consciousness (kdSadar 01..04).
var Kesadaran = codeNames("kesadaran.csv", "kdSadar", "nmSadar")

// StatusPulang returns the discharge statuses (kdStatusPulang 0..9). Which of
// them PCare offers for rawat jalan and rawat inap is not in the file.
var StatusPulang = codeNames("statuspulang.csv", "kdStatusPulang", "nmStatusPulang")

// Prognosa returns the prognoses (kdPrognosa 01..05).
var Prognosa = codeNames("prognosa.csv", "kdPrognosa", "nmPrognosa")

// PoliFKTP returns the verified FKTP units only (001, 002, 003).
var PoliFKTP = codeNames("poli_fktp.csv", "kdPoli", "nmPoli")

// JenisPeserta returns the verified participant types only (21, 22).
var JenisPeserta = codeNames("jenis_peserta.csv", "kode", "nama")

// Allergy is one allergy option of a kind (jenis 01 makanan, 02 udara, 03 obat).
type Allergy struct {
	Jenis     string
	JenisName string
	Code      string
	Name      string
}

// Alergi returns every allergy option of every kind.
var Alergi = sync.OnceValue(func() []Allergy {
	rs := rows("alergi.csv")
	out := make([]Allergy, len(rs))
	for i, r := range rs {
		out[i] = Allergy{Jenis: r["jenis"], JenisName: r["jenis_nama"], Code: r["kdAlergi"], Name: r["nmAlergi"]}
	}
	return out
})

// TACCReason is one Ref_TACC option: a code (-1 none, 1 Time, 2 Age,
// 3 Complication, 4 Comorbidity) with one allowed alasanTacc. For
// Complication the reason is free text ("<kdDiag> - <nmDiag>"), so its
// Reason holds a description and FreeText is true.
type TACCReason struct {
	Code     int
	Name     string
	Reason   string
	FreeText bool
}

// TACC returns the Ref_TACC rows.
var TACC = sync.OnceValue(func() []TACCReason {
	rs := rows("tacc.csv")
	out := make([]TACCReason, len(rs))
	for i, r := range rs {
		code, err := strconv.Atoi(r["kdTacc"])
		if err != nil {
			panic(fmt.Sprintf("refdata: tacc.csv: kdTacc %q", r["kdTacc"]))
		}
		out[i] = TACCReason{Code: code, Name: r["nmTacc"], Reason: r["alasanTacc"], FreeText: r["alasan_type"] == "free_text"}
	}
	return out
})
