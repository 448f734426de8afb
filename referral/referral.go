package referral

import (
	"fmt"
	"strings"
	"time"
)

// Kind is the shape of a referral (rujuk lanjut).
type Kind string

const (
	// SubSpecialist: to a specialist's sub-speciality at a hospital, with an
	// optional facility (sarana) the patient needs.
	SubSpecialist Kind = "subspesialis"
	// Special: a special case (khusus) such as haemodialysis or
	// thalassaemia, referred outside the usual specialist route.
	Special Kind = "khusus"
)

// TACC codes: why a diagnosis the FKTP must handle itself is referred
// anyway (Time, Age, Complication, Comorbidity). None is -1, as PCare wants.
const (
	TACCNone         = -1
	TACCTime         = 1
	TACCAge          = 2
	TACCComplication = 3
	TACCComorbidity  = 4
)

// TACCReasons are the reasons PCare accepts per TACC code (Ref_TACC);
// Complication takes free text "KODE - Nama diagnosa" instead.
var TACCReasons = map[int][]string{
	TACCTime:        {"< 3 Hari", ">= 3 - 7 Hari", ">= 7 Hari"},
	TACCAge:         {"< 1 Bulan", ">= 1 Bulan s/d < 12 Bulan", ">= 1 Tahun s/d < 5 Tahun", ">= 5 Tahun s/d < 12 Tahun", ">= 12 Tahun s/d < 55 Tahun", ">= 55 Tahun"},
	TACCComorbidity: {"< 3 Hari", ">= 3 - 7 Hari", ">= 7 Hari"},
}

// TACCNames names the codes as PCare prints them.
var TACCNames = map[int]string{TACCTime: "Time", TACCAge: "Age", TACCComplication: "Complication", TACCComorbidity: "Comorbidity"}

// Special cases that need a sub-speciality too (thalassaemia, haemophilia).
var specialNeedsSub = map[string]bool{"THA": true, "HEM": true}

// ValidDays is how long a referral letter is valid, counted inclusively
// from the planned visit date, when PCare does not say (tglAkhirRujuk).
const ValidDays = 90

// Referral is a referral to a hospital, as the doctor fills it in.
type Referral struct {
	Kind         Kind
	HospitalCode string // kdppk of the receiving hospital
	HospitalName string
	PlannedDate  time.Time // tglEstRujuk: when the patient plans to go
	Schedule     string    // jadwal praktek offered by PCare

	// Sub-specialist shape.
	SpecialistCode    string
	SubSpecialistCode string // kdSubSpesialis1
	SubSpecialistName string
	FacilityCode      string // kdSarana, optional

	// Special-case shape.
	SpecialCode string // kdKhusus: HDL, THA, HEM, JIW…
	SpecialName string
	Note        string // catatan

	TACC       int // TACCNone or 1..4
	TACCReason string

	// ValidUntil is PCare's tglAkhirRujuk once known.
	ValidUntil time.Time
}

// Problem is one thing wrong with a referral, worded for the doctor.
type Problem struct {
	Field   string // the Referral field name
	Message string
}

// NeedsTACC reports whether a referral must carry a TACC reason: when the
// main diagnosis is one the FKTP must handle completely (non-specialist).
func NeedsTACC(mainDiagnosisNonSpecialist bool) bool { return mainDiagnosisNonSpecialist }

// Check returns what is missing or wrong in r for a visit on visitDate
// whose main diagnosis is (or is not) non-specialist. No problems: nil.
func (r Referral) Check(visitDate time.Time, mainNonSpecialist bool) []Problem {
	var ps []Problem
	add := func(f, m string) { ps = append(ps, Problem{f, m}) }
	switch r.Kind {
	case SubSpecialist:
		if r.SubSpecialistCode == "" {
			add("SubSpecialistCode", "Pilih subspesialis tujuan rujukan.")
		}
	case Special:
		if r.SpecialCode == "" {
			add("SpecialCode", "Pilih kasus khusus.")
		} else if specialNeedsSub[r.SpecialCode] && r.SubSpecialistCode == "" {
			add("SubSpecialistCode", "Kasus khusus "+r.SpecialCode+" memerlukan subspesialis.")
		} else if !specialNeedsSub[r.SpecialCode] && r.SubSpecialistCode != "" {
			add("SubSpecialistCode", "Subspesialis hanya untuk kasus khusus THA dan HEM.")
		}
	default:
		add("Kind", "Pilih jenis rujukan: spesialis/subspesialis atau kasus khusus.")
	}
	if r.HospitalCode == "" {
		add("HospitalCode", "Pilih rumah sakit tujuan.")
	}
	if r.PlannedDate.IsZero() {
		add("PlannedDate", "Isi tanggal rencana berkunjung.")
	} else if day(r.PlannedDate).Before(day(visitDate)) {
		add("PlannedDate", "Tanggal rencana berkunjung tidak boleh sebelum tanggal kunjungan.")
	}
	switch {
	case r.TACC == TACCNone || r.TACC == 0:
		if NeedsTACC(mainNonSpecialist) {
			add("TACC", "Diagnosa utama termasuk diagnosa non-spesialistik: rujukan wajib disertai alasan TACC (Time, Age, Complication, Comorbidity).")
		}
	case r.TACC < TACCTime || r.TACC > TACCComorbidity:
		add("TACC", "Kode TACC tidak dikenal.")
	case r.TACC == TACCComplication:
		if !strings.Contains(r.TACCReason, " - ") {
			add("TACCReason", `Alasan komplikasi ditulis "KODE - Nama diagnosa", mis. "E11.5 - Diabetes dengan komplikasi sirkulasi perifer".`)
		}
	default:
		ok := false
		for _, s := range TACCReasons[r.TACC] {
			ok = ok || s == r.TACCReason
		}
		if !ok {
			add("TACCReason", fmt.Sprintf("Pilih alasan TACC %s dari daftar.", TACCNames[r.TACC]))
		}
	}
	return ps
}

// Until is the last day the referral is valid: PCare's tglAkhirRujuk when
// known, otherwise 90 days counted inclusively from the planned date.
func (r Referral) Until() time.Time {
	if !r.ValidUntil.IsZero() {
		return day(r.ValidUntil)
	}
	if r.PlannedDate.IsZero() {
		return time.Time{}
	}
	return day(r.PlannedDate).AddDate(0, 0, ValidDays-1)
}

// Validity is where a referral stands on a given day.
type Validity string

const (
	Valid        Validity = "valid"
	ExpiringSoon Validity = "expiring" // within SoonDays of its last day
	Expired      Validity = "expired"
)

// SoonDays is how close to its last day a referral is "soon to expire".
const SoonDays = 7

// ValidityOn says whether the referral is still valid on now's day.
func (r Referral) ValidityOn(now time.Time) Validity {
	until := r.Until()
	today := day(now)
	switch {
	case until.IsZero():
		return Valid
	case today.After(until):
		return Expired
	case !today.Before(until.AddDate(0, 0, -SoonDays)):
		return ExpiringSoon
	}
	return Valid
}

// TACCText is the TACC as printed, e.g. "Time: < 3 Hari"; "" for none.
func (r Referral) TACCText() string {
	if r.TACC == TACCNone || r.TACC == 0 {
		return ""
	}
	return TACCNames[r.TACC] + ": " + r.TACCReason
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
