// Package clinic is FKTP Desk's front-desk domain: patients, eligibility,
// registrations (pendaftaran) and the use cases the screens and the CLI call.
// It declares the small interfaces it needs from the outside — a Store (the
// local database), a Central service (PCare), a clock — and knows no
// technology: no SQL, no HTTP, no Fyne.
package clinic

import (
	"context"
	"time"
)

// Patient is the clinic's own record of a person (rekam medis).
type Patient struct {
	ID        int64
	RecordNo  string // nomor rekam medis, e.g. "RM-000123", assigned by the store
	NIK       string
	CardNo    string
	Name      string
	Sex       string
	BirthDate time.Time
	Phone     string
	Address   string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Facility is the clinic itself, as printed on letters and claim forms.
type Facility struct {
	PPK        string // kode PPK at BPJS, e.g. 0114U163
	Name       string
	Address    string
	Regency    string // kabupaten/kota
	BPJSBranch string // kantor cabang BPJS
}

// Poli is a clinic unit (poli) as PCare knows it.
type Poli struct {
	Code string // kdPoli
	Name string
	Sick bool // poliSakit: a unit for sick visits
}

// TKP (tempat kunjungan pertama): where the service is given.
const (
	TKPOutpatient = "10" // rawat jalan (RJTP)
	TKPInpatient  = "20" // rawat inap (RITP)
	TKPPromotive  = "50" // promotif/preventif
)

// Vitals are the signs the desk measures. Zero means "not measured".
type Vitals struct {
	WeightKg    int     `validate:"omitempty,min=1,max=300" label:"Berat badan (kg)"`
	HeightCm    int     `validate:"omitempty,min=30,max=250" label:"Tinggi badan (cm)"`
	Systolic    int     `validate:"omitempty,min=50,max=300" label:"Tekanan darah sistolik (mmHg)"`
	Diastolic   int     `validate:"omitempty,min=20,max=200,ltfield=Systolic" label:"Tekanan darah diastolik (mmHg)"`
	RespRate    int     `validate:"omitempty,min=5,max=80" label:"Frekuensi napas (/menit)"`
	HeartRate   int     `validate:"omitempty,min=20,max=250" label:"Denyut nadi (/menit)"`
	WaistCm     int     `validate:"omitempty,min=20,max=250" label:"Lingkar perut (cm)"`
	Temperature float64 `validate:"omitempty,min=30,max=45" label:"Suhu tubuh (°C)"`
}

// Sync states of a record on its way to PCare (the outbox item's state).
const (
	SyncPending    = "pending"          // waiting to be sent
	SyncSending    = "sending"          // a worker has it
	SyncSent       = "sent"             // PCare has it (Remote is its number)
	SyncCorrection = "needs-correction" // PCare refused it; a person must fix it
	SyncUnknown    = "unknown"          // sent, no answer: to reconcile before any resend
)

// Visit statuses of a registration on the day.
const (
	VisitWaiting  = "waiting"
	VisitExamined = "examined"
	VisitReferred = "referred"
)

// Registration is a visit registered at the desk (PCare's pendaftaran).
type Registration struct {
	ID           int64
	PatientID    int64     `validate:"required" label:"Pasien"`
	CardNo       string    `validate:"required,noka" label:"Nomor kartu BPJS"`
	ProviderCode string    `label:"FKTP peserta"` // kdProviderPeserta
	Date         time.Time `validate:"required,notfuture" label:"Tanggal daftar"`
	PoliCode     string    `validate:"required" label:"Poli"`
	PoliName     string
	Sick         bool   // kunjungan sakit; false = kunjungan sehat
	TKP          string `validate:"required,oneof=10 20 50" label:"Jenis kunjungan (TKP)"`
	Complaint    string `validate:"max=400" label:"Keluhan"`
	Vitals       Vitals
	// Unverified marks a registration made while PCare could not confirm
	// eligibility; it is re-checked when PCare answers again.
	Unverified bool
	QueueNo    string // noUrut from PCare; "" until PCare has it
	// Cancelled is set when the desk cancelled the registration; the
	// outbox deletes it at PCare if PCare had it.
	Cancelled   bool
	SyncState   string
	SyncError   string
	VisitStatus string
	PatientName string // for lists; filled by the store
	CreatedAt   time.Time
}

// Store is the local database as the front desk needs it. Every method is
// atomic. Errors: ENOTFOUND for a missing record, EINTERNAL for storage
// failures (a full disk, a corrupt file).
type Store interface {
	// SaveEligibility stores a PCare answer with its time and creates or
	// updates the patient record from it (so nobody retypes a name). It
	// returns the patient's ID.
	SaveEligibility(ctx context.Context, e Eligibility) (int64, error)
	// LastEligibility returns the newest stored answer for a card number or
	// NIK, with Verified false; ENOTFOUND when there is none.
	LastEligibility(ctx context.Context, kind IDKind, number string) (Eligibility, error)

	// Patient returns one patient record.
	Patient(ctx context.Context, id int64) (Patient, error)
	// SearchPatients finds patients by name (prefix or whole word, case and
	// diacritics ignored), NIK, card number or record number.
	SearchPatients(ctx context.Context, query string, limit int) ([]Patient, error)
	// PatientRegistrations lists a patient's registrations, newest first.
	PatientRegistrations(ctx context.Context, patientID int64) ([]Registration, error)

	// AddRegistration stores r and, in the same transaction, queues its
	// PCare write in the outbox, so a registration can never exist without
	// its way to PCare. It sets r.ID, r.SyncState and r.CreatedAt.
	AddRegistration(ctx context.Context, r *Registration) error
	// Registration returns one registration with its sync state.
	Registration(ctx context.Context, id int64) (Registration, error)
	// Queue lists the registrations of a day that were not cancelled, in
	// order of arrival.
	Queue(ctx context.Context, day time.Time) ([]Registration, error)
	// MarkUnverifiedChecked clears the unverified flag of the patient's
	// registrations once PCare has answered about them.
	MarkUnverifiedChecked(ctx context.Context, cardNo string) error
	// UnverifiedCards lists the card numbers whose registrations are still
	// marked unverified, oldest first.
	UnverifiedCards(ctx context.Context) ([]string, error)
	// CancelRegistration cancels a registration that has no visit: if PCare
	// has (or may have) it, a delete is queued behind the add; if PCare
	// never got it, the add is dropped. ECONFLICT when it has a visit or is
	// cancelled already.
	CancelRegistration(ctx context.Context, id int64) error
	// CorrectRegistration saves a registration PCare refused, corrected,
	// and queues it again in the same transaction. ECONFLICT unless its
	// outbox item is waiting for correction.
	CorrectRegistration(ctx context.Context, r Registration) error

	// Polis returns the cached PCare poli list and when it was fetched.
	Polis(ctx context.Context) ([]Poli, time.Time, error)
	// SavePolis replaces the cached poli list.
	SavePolis(ctx context.Context, polis []Poli, fetchedAt time.Time) error

	// Facility returns the clinic's identity (ENOTFOUND before set-up).
	Facility(ctx context.Context) (Facility, error)
	// SaveFacility sets the clinic's identity.
	SaveFacility(ctx context.Context, f Facility) error
}

// Central is PCare as the front desk needs it. Errors: ENOTFOUND (no such
// participant), EUNAVAILABLE (PCare or the network down: use the local
// store), EUNAUTHORIZED (credentials), EINVALID (PCare refused the input).
type Central interface {
	Participant(ctx context.Context, kind IDKind, number string) (Participant, error)
	Polis(ctx context.Context) ([]Poli, error)
}
