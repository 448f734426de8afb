package clinic

import (
	"context"
	"time"

	"fktpdesk/referral"
)

// Diagnosis is an ICD-10 diagnosis. NonSpecialist marks the diagnoses an
// FKTP must handle completely (PCare's nonSpesialis flag): referring one
// needs a TACC reason, and too many such referrals cost capitation.
type Diagnosis struct {
	Code          string
	Name          string
	NonSpecialist bool
}

// Discharge statuses (kdStatusPulang) that matter to the rules; the full
// list comes from PCare.
const (
	DischargeOutpatient = "3" // berobat jalan
	DischargeReferral   = "4" // rujuk vertikal (rujuk lanjut)
	DischargeHorizontal = "6" // rujuk horizontal
)

// IsReferralStatus reports whether a discharge status sends the patient to
// a hospital, which makes the referral part of the visit mandatory.
func IsReferralStatus(code string) bool {
	return code == DischargeReferral || code == DischargeHorizontal
}

// Visit is the examination of a registered patient (PCare's kunjungan).
type Visit struct {
	ID             int64
	RegistrationID int64 `validate:"required" label:"Pendaftaran"`
	// From the registration.
	CardNo      string
	PoliCode    string
	PoliName    string
	Date        time.Time
	PatientName string

	Complaint     string      `validate:"max=400" label:"Keluhan"`
	Anamnesis     string      `validate:"required,max=4000" label:"Anamnesa"`
	Consciousness string      `validate:"required" label:"Kesadaran"` // kdSadar
	Vitals        Vitals      //
	Diagnoses     []Diagnosis `validate:"min=1,max=3" label:"Diagnosa"`
	TherapyDrugs  string      `validate:"max=2000" label:"Terapi obat"`
	TherapyOther  string      `validate:"max=2000" label:"Terapi non-obat"`
	BMHP          string      `validate:"max=2000" label:"BMHP"`
	AllergyFood   string      // alergi codes, "00" = none
	AllergyAir    string
	AllergyDrug   string
	Prognosis     string `validate:"required" label:"Prognosa"`
	DoctorCode    string `validate:"required" label:"Dokter"`
	DoctorName    string
	// DischargeStatus is kdStatusPulang; a referral status needs Referral.
	DischargeStatus string `validate:"required" label:"Status pulang"`
	DischargeDate   time.Time
	Referral        *referral.Referral

	// Procedures and Drugs are the optional lines of the visit (PCare's
	// tindakan and obat); the outbox sends them once the visit has its
	// number. A procedure's fee is what a non-capitation claim pays.
	Procedures []Procedure
	Drugs      []Drug

	// VisitNo is PCare's noKunjungan, which is also the referral number;
	// "" until PCare has accepted the visit.
	VisitNo   string
	SyncState string
	SyncError string
	CreatedAt time.Time
	// Deleted marks a visit the doctor deleted (hapus kunjungan): it is
	// kept so the outbox can delete it at PCare, and lists leave it out.
	Deleted bool
}

// Procedure is a procedure done in a visit (PCare's tindakan).
type Procedure struct {
	Code   string `validate:"required" label:"Kode tindakan"`
	Name   string
	Fee    int64  `validate:"min=0,max=100000000" label:"Biaya tindakan"` // rupiah
	MaxFee int64  // PCare's maxTarif for the procedure, 0 when none
	Note   string `validate:"max=200" label:"Keterangan tindakan"`
	Result int    // hasil, for procedures that carry a value
	// Removed marks a line taken off the visit. It keeps its place, and
	// its content, because outbox items name lines by their index.
	Removed bool
}

// Drug is a drug given in a visit (PCare's obat).
type Drug struct {
	Code      string // kdObat from the DPHO list; empty for a non-DPHO drug
	Name      string `validate:"required" label:"Nama obat"`
	DPHO      bool
	Compound  bool    // racikan
	Signa1    float64 `validate:"min=0,max=24" label:"Signa (kali sehari)"`
	Signa2    float64 `validate:"min=0,max=100" label:"Signa (jumlah per kali)"`
	Quantity  float64 `validate:"gt=0,max=10000" label:"Jumlah obat"`
	Requested float64 `validate:"min=0,max=10000" label:"Jumlah permintaan"`
	// Removed marks a line taken off the visit (see Procedure.Removed).
	Removed bool
}

// ProcedureRef is a procedure PCare lists for a place of service (TKP).
type ProcedureRef struct {
	Code      string
	Name      string
	MaxFee    int64
	WithValue bool // the procedure records a result value
}

// DrugRef is a drug from the DPHO list with the stock PCare shows.
type DrugRef struct {
	Code  string
	Name  string
	Stock int
}

// MainDiagnosis is the first diagnosis, or the zero value.
func (v Visit) MainDiagnosis() Diagnosis {
	if len(v.Diagnoses) == 0 {
		return Diagnosis{}
	}
	return v.Diagnoses[0]
}

// Code is a reference entry: a code and its name.
type Code struct {
	Code string
	Name string
}

// SubSpecialist is a sub-speciality a hospital can receive referrals for.
type SubSpecialist struct {
	Code       string
	Name       string
	PoliCode   string // kdPoliRujuk: the hospital poli it maps to
	Specialist string
}

// Hospital is a hospital that can take a referral on the planned date.
type Hospital struct {
	Code      string
	Name      string
	Address   string
	Phone     string
	Class     string
	Branch    string
	Distance  float64 // km
	Schedule  string
	Referred  int // referrals already made for that day
	Capacity  int
	LoadPct   float64
	Available bool
}

// VisitStore is the local database as the doctor's desk needs it. Every
// method is atomic.
type VisitStore interface {
	// AddVisit stores v and, in the same transaction, queues its PCare
	// write behind the registration's (a visit cannot reach PCare before
	// its registration) and marks the registration examined or referred.
	// It sets v.ID, v.SyncState and v.CreatedAt. ECONFLICT when the
	// registration already has a visit.
	AddVisit(ctx context.Context, v *Visit) error
	// Visit returns one visit with its sync state and PCare number.
	Visit(ctx context.Context, id int64) (Visit, error)
	// VisitByRegistration returns a registration's visit (ENOTFOUND if none).
	VisitByRegistration(ctx context.Context, registrationID int64) (Visit, error)
	// VisitByNumber returns the visit PCare numbered no (ENOTFOUND if none).
	VisitByNumber(ctx context.Context, no string) (Visit, error)
	// VisitsBetween lists the visits dated from from up to, not including,
	// to, for reports.
	VisitsBetween(ctx context.Context, from, to time.Time) ([]Visit, error)
	// Referrals lists the visits of a day that refer the patient onward.
	Referrals(ctx context.Context, day time.Time) ([]Visit, error)
	// EditVisit saves a change to a visit. When PCare has (or may have) it,
	// an edit is queued behind the add; while the add has not left, the add
	// simply carries the new content. ECONFLICT for a refused visit (use
	// CorrectVisit).
	EditVisit(ctx context.Context, v Visit) error
	// CorrectVisit saves a visit PCare refused, corrected, and queues it
	// again in the same transaction. ECONFLICT unless it waits for
	// correction.
	CorrectVisit(ctx context.Context, v Visit) error
	// EditVisit and CorrectVisit keep the stored procedure and drug lines:
	// lines change one at a time through the methods below, each with its
	// own PCare write. Every one of them, like DeleteVisit, returns
	// ENOTFOUND for an unknown visit or line and ECONFLICT for a deleted
	// visit or a removed line. What never left for PCare is changed or
	// dropped locally and nothing is sent for it; what PCare has (or may
	// have) gets its edit or delete queued behind the write it changes.

	// DeleteVisit marks a visit deleted and its registration waiting
	// again. PCare refuses to delete a visit that still has lines, so each
	// line's delete is queued first and the visit's last, chained one after
	// the other.
	DeleteVisit(ctx context.Context, id int64) error
	// AddProcedure adds a procedure line to a recorded visit; it is sent
	// once the visit has its number.
	AddProcedure(ctx context.Context, visitID int64, p Procedure) error
	// EditProcedure changes a procedure line in place (PCare's PUT
	// tindakan).
	EditProcedure(ctx context.Context, visitID int64, line int, p Procedure) error
	// DeleteProcedure removes a procedure line.
	DeleteProcedure(ctx context.Context, visitID int64, line int) error
	// AddDrug adds a drug line to a recorded visit.
	AddDrug(ctx context.Context, visitID int64, d Drug) error
	// EditDrug replaces a drug line. PCare cannot edit a drug: when it has
	// the old one, the line is removed and the new drug appended, and
	// PCare gets a delete and then an add, chained.
	EditDrug(ctx context.Context, visitID int64, line int, d Drug) error
	// DeleteDrug removes a drug line.
	DeleteDrug(ctx context.Context, visitID int64, line int) error
	// RecordPrint notes that a referral letter was printed or saved.
	RecordPrint(ctx context.Context, p Print) error
	// Prints lists the prints of a visit, oldest first.
	Prints(ctx context.Context, visitID int64) ([]Print, error)
}

// Print is one printing (or saving) of a referral letter.
type Print struct {
	VisitID int64
	Number  string // the referral number printed, "" for a draft
	By      string // the signed-in user (fktpctl: the OS user)
	How     string // "printer:<name>", "pdf:<path>", "batch"
	Draft   bool
	At      time.Time
}

// References are PCare's lists the examination form picks from.
// Errors: EUNAVAILABLE when PCare is down (the caller may fall back).
type References interface {
	Doctors(ctx context.Context) ([]Code, error)
	Diagnoses(ctx context.Context, query string, limit int) ([]Diagnosis, error)
	Specialists(ctx context.Context) ([]Code, error)
	SubSpecialists(ctx context.Context, specialist string) ([]SubSpecialist, error)
	Facilities(ctx context.Context) ([]Code, error) // sarana
	SpecialCases(ctx context.Context) ([]Code, error)
	// Hospitals lists hospitals that take the referral r on r.PlannedDate.
	Hospitals(ctx context.Context, r referral.Referral, cardNo string) ([]Hospital, error)
	// Procedures lists the procedures of a place of service (TKP code).
	Procedures(ctx context.Context, tkp string) ([]ProcedureRef, error)
	// Drugs searches the DPHO drug list by code or name.
	Drugs(ctx context.Context, query string, limit int) ([]DrugRef, error)
}
