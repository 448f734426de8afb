// Package referral holds the rules and shapes of a referral (rujukan) from
// the FKTP to a hospital: which fields each kind of referral needs, when a
// TACC reason is required, how long a referral is valid, and the letter the
// patient carries. It knows no technology: no SQL, no HTTP, no PDF.
package referral

import "time"

// Diagnosis is a diagnosis as printed: ICD-10 code and name.
type Diagnosis struct {
	Code string
	Name string
}

// Letter is everything printed on a "Surat Rujukan FKTP", laid out like the
// letters hospitals already accept (see the spec's printed-letter section).
type Letter struct {
	// Number is the referral number (= PCare's noKunjungan), printed with a
	// Code 128 barcode. Empty until PCare has accepted the visit: the letter
	// can then only be printed as a watermarked draft.
	Number string

	RegionalOffice string // Kedeputian Wilayah (nmKR)
	BranchOffice   string // Kantor Cabang (nmKC)

	FacilityCode string // FKTP: kdPPK
	FacilityName string // FKTP: nmPPK
	RegencyCode  string // Kabupaten/Kota: kdDati
	RegencyName  string // nmDati

	ToPoli         string // "Kepada Yth. TS Dokter": poli or sub-specialist name
	ToHospitalCode string
	ToHospital     string // "Di": the receiving hospital

	PatientName string
	BirthDate   time.Time
	CardNo      string
	Dependent   bool   // status tanggungan (true) or utama (false)
	Sex         string // "L" or "P"

	Diagnoses []Diagnosis // up to three, the first is the main one
	Notes     string      // catatan
	Given     string      // "telah diberikan": the therapy given at the FKTP
	TACC      string      // e.g. "Time: < 3 Hari"; empty when none

	VisitDate   time.Time // tglKunjungan: the letter's date
	PlannedDate time.Time // tglEstRujuk: "Tgl. Rencana Berkunjung"
	Schedule    string    // jadwal praktek at the hospital
	ValidUntil  time.Time // tglAkhirRujuk
	DoctorName  string
	InfoDenda   string // PCare's note on fines, printed when present
}

// Draft reports whether the letter has no BPJS number yet.
func (l Letter) Draft() bool { return l.Number == "" }
