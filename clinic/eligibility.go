package clinic

import (
	"strings"
	"time"
)

// Participant is a BPJS participant (peserta) as PCare describes them.
type Participant struct {
	CardNo       string
	NIK          string
	Name         string
	Sex          string // Male or Female
	BirthDate    time.Time
	Relationship string // hubungan keluarga: Peserta, Istri, Suami, Anak…
	Phone        string
	Active       bool
	StatusText   string // PCare's ketAktif, e.g. "AKTIF" or the reason it is not
	TypeCode     string // jnsPeserta.kode
	TypeName     string // jnsPeserta.nama, e.g. "PBI (APBN)"
	ClassCode    string // jnsKelas.kode
	ClassName    string // jnsKelas.nama, e.g. "KELAS III"
	ProviderCode string // the FKTP the participant is registered at
	ProviderName string
	Arrears      int64 // tunggakan, rupiah
	Prolanis     string
	PRB          string
	ValidUntil   time.Time
}

// PBI reports whether the government pays the premium (Penerima Bantuan
// Iuran, the KIS card): reactivation then goes through Dinas Sosial, not
// through paying.
func (p Participant) PBI() bool {
	return strings.HasPrefix(strings.ToUpper(strings.TrimSpace(p.TypeName)), "PBI") ||
		p.TypeCode == "21" || p.TypeCode == "22"
}

// Dependent reports whether the participant is a family member of the
// principal (status tanggungan) rather than the principal (utama).
func (p Participant) Dependent() bool {
	r := strings.ToLower(strings.TrimSpace(p.Relationship))
	return r != "" && r != "peserta"
}

// Eligibility is the answer to "may this patient be served under BPJS here?"
type Eligibility struct {
	Participant Participant
	CheckedAt   time.Time // when PCare gave this answer
	// Verified is false when PCare could not be asked and this is the last
	// known answer from the local store.
	Verified       bool
	RegisteredHere bool
	PatientID      int64 // the local patient record, once stored
	Advice         []Advice
}

// Age returns how old the answer is at now.
func (e Eligibility) Age(now time.Time) time.Duration { return now.Sub(e.CheckedAt) }

// AdviceCode names a next step for the front desk. The screens and the CLI
// turn codes into sentences in their own language.
type AdviceCode string

const (
	// AdviceServe: active and registered here; serve and register the visit.
	AdviceServe AdviceCode = "serve"
	// AdviceOtherFKTP: active but registered at another FKTP: only emergency
	// care, or a visit under the rules for patients away from home.
	AdviceOtherFKTP AdviceCode = "other-fktp"
	// AdviceInactivePBI: a PBI/KIS card is not active: reactivation through
	// Dinas Sosial with KK and KTP.
	AdviceInactivePBI AdviceCode = "inactive-pbi"
	// AdviceArrears: paying participant with arrears: settle them (Amount)
	// first; meanwhile the patient may be served as a general (umum) patient.
	AdviceArrears AdviceCode = "arrears"
	// AdviceInactive: not active for another reason: the patient should
	// contact BPJS (Care Center 165 or the branch office); serve as umum.
	AdviceInactive AdviceCode = "inactive"
	// AdviceUnverified: the answer is from the local store because PCare
	// did not answer; register as unverified and re-check later.
	AdviceUnverified AdviceCode = "unverified"
	// AdviceProlanis: member of Prolanis (chronic disease programme).
	AdviceProlanis AdviceCode = "prolanis"
	// AdvicePRB: in Program Rujuk Balik: drugs from the referral-back scheme.
	AdvicePRB AdviceCode = "prb"
)

// Advice is one next step, with the amount or text it needs.
type Advice struct {
	Code   AdviceCode
	Amount int64  // rupiah, for AdviceArrears
	Detail string // e.g. the other FKTP's name, or the programme code
}

// Assess computes the desk's guidance for a participant at a clinic whose
// PPK code is ownPPK.
func Assess(p Participant, ownPPK string) (registeredHere bool, advice []Advice) {
	registeredHere = ownPPK != "" && strings.EqualFold(strings.TrimSpace(p.ProviderCode), strings.TrimSpace(ownPPK))
	switch {
	case !p.Active && p.PBI():
		advice = append(advice, Advice{Code: AdviceInactivePBI})
	case !p.Active && p.Arrears > 0:
		advice = append(advice, Advice{Code: AdviceArrears, Amount: p.Arrears})
	case !p.Active:
		advice = append(advice, Advice{Code: AdviceInactive, Detail: p.StatusText})
	case !registeredHere:
		advice = append(advice, Advice{Code: AdviceOtherFKTP, Detail: strings.TrimSpace(p.ProviderCode + " " + p.ProviderName)})
	default:
		advice = append(advice, Advice{Code: AdviceServe})
	}
	if p.Active && p.Arrears > 0 {
		// Active with arrears happens (grace period); say it, don't block.
		advice = append(advice, Advice{Code: AdviceArrears, Amount: p.Arrears})
	}
	if p.Prolanis != "" {
		advice = append(advice, Advice{Code: AdviceProlanis, Detail: p.Prolanis})
	}
	if p.PRB != "" {
		advice = append(advice, Advice{Code: AdvicePRB, Detail: p.PRB})
	}
	return registeredHere, advice
}

// AgeYears is a person's age in whole years on the day of now.
func AgeYears(birth, now time.Time) int {
	if birth.IsZero() {
		return 0
	}
	y := now.Year() - birth.Year()
	if now.Month() < birth.Month() || (now.Month() == birth.Month() && now.Day() < birth.Day()) {
		y--
	}
	return y
}
