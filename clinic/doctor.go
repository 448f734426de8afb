package clinic

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"fktpdesk/access"
	"fktpdesk/assets/refdata"
	"fktpdesk/referral"
)

// DoctorDesk holds the examination and referral use cases.
type DoctorDesk struct {
	Store  Store
	Visits VisitStore
	Refs   References
	Now    func() time.Time
	// RemoteBudget bounds how long a diagnosis search waits for PCare
	// before answering from the embedded list alone (default 800 ms): the
	// doctor is typing and the local list already has every ICD-10 code.
	RemoteBudget time.Duration
	// Queued wakes the outbox worker after a visit is stored.
	Queued func()
	Log    *slog.Logger
	// Guard checks roles and writes the audit trail (nil: unguarded).
	Guard *access.Guard
}

// Who may do what at the doctor's desk: only doctors examine; the claims
// officer may fix a visit PCare refused; printing staff read referrals.
var (
	doctorRoles = []access.Role{access.Doctor}
	fixRoles    = []access.Role{access.Doctor, access.Claims}
	letterRoles = []access.Role{access.Doctor, access.Printing}
	reportRoles = []access.Role{access.Doctor, access.Claims, access.Admin}
)

func (d *DoctorDesk) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// SearchDiagnoses answers from the embedded ICD-10 list at once, merged
// with PCare's answer when it comes within RemoteBudget (PCare's
// non-specialist flag wins).
func (d *DoctorDesk) SearchDiagnoses(ctx context.Context, query string, limit int) ([]Diagnosis, error) {
	if limit <= 0 {
		limit = 30
	}
	local := SearchDiagnosesLocal(query, limit)
	if d.Refs == nil || strings.TrimSpace(query) == "" {
		return local, nil
	}
	budget := d.RemoteBudget
	if budget == 0 {
		budget = 800 * time.Millisecond
	}
	rctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	remote, err := d.Refs.Diagnoses(rctx, strings.TrimSpace(query), limit)
	if err != nil {
		return local, nil // PCare slow or down: the embedded list suffices
	}
	return mergeDiagnoses(local, remote, limit), nil
}

// IsNonSpecialist tells, from the embedded list, whether a diagnosis is
// one an FKTP must handle completely (PCare's answer, when the form has it,
// takes precedence through Diagnosis.NonSpecialist).
func IsNonSpecialist(code string) bool { return refdata.IsNonSpecialist(code) }

// Consciousness levels (kesadaran), prognoses and discharge statuses are
// short fixed lists: the embedded copies serve when PCare cannot.
func Consciousness() []Code { return codes(refdata.Kesadaran()) }

// Prognoses lists the prognosis codes.
func Prognoses() []Code { return codes(refdata.Prognosa()) }

// DischargeStatuses lists the statuses for outpatient (rawat jalan) or
// inpatient (rawat inap) care, as the spec's code lists give them.
func DischargeStatuses(inpatient bool) []Code {
	want := map[string]bool{"1": true, "3": true, "4": true, "6": true}
	if inpatient {
		want = map[string]bool{"0": true, "1": true, "2": true, "4": true, "6": true, "9": true}
	}
	var out []Code
	for _, c := range refdata.StatusPulang() {
		if want[c.Code] {
			out = append(out, Code{c.Code, c.Name})
		}
	}
	return out
}

// Allergies lists allergy codes of one kind: "01" food, "02" air, "03" drugs.
func Allergies(kind string) []Code {
	var out []Code
	for _, a := range refdata.Alergi() {
		if a.Jenis == kind {
			out = append(out, Code{a.Code, a.Name})
		}
	}
	return out
}

func codes(in []refdata.CodeName) []Code {
	out := make([]Code, len(in))
	for i, c := range in {
		out[i] = Code{c.Code, c.Name}
	}
	return out
}

// RecordVisit stores an examination for a registration, locally first; the
// outbox sends it to PCare after the registration. A referral status needs a
// complete referral, and a referral of a non-specialist main diagnosis needs
// a TACC reason. Errors: EINVALID with per-field messages, ENOTFOUND for an
// unknown registration, ECONFLICT when the registration has a visit already.
func (d *DoctorDesk) RecordVisit(ctx context.Context, v Visit) (Visit, error) {
	if err := d.Guard.Allow(ctx, visitAction(v, access.ActExamine), v.CardNo, doctorRoles...); err != nil {
		return Visit{}, err
	}
	if err := d.check(ctx, &v); err != nil {
		return Visit{}, err
	}
	if err := d.Visits.AddVisit(ctx, &v); err != nil {
		return Visit{}, err
	}
	if d.Queued != nil {
		d.Queued()
	}
	return v, nil
}

// EditVisit saves a change to a recorded visit (the same rules as
// RecordVisit); when PCare has it, the change is sent to PCare as an edit.
func (d *DoctorDesk) EditVisit(ctx context.Context, v Visit) (Visit, error) {
	return d.resave(ctx, v, d.Visits.EditVisit, access.ActEditVisit, doctorRoles)
}

// CorrectVisit saves a visit PCare refused after the doctor fixed it (a
// TACC reason, an unknown code) and queues it again; the same rules as
// RecordVisit apply. ECONFLICT when the visit does not wait for correction.
func (d *DoctorDesk) CorrectVisit(ctx context.Context, v Visit) (Visit, error) {
	return d.resave(ctx, v, d.Visits.CorrectVisit, access.ActClaimFix, fixRoles)
}

// resave applies the examination rules to a changed visit (keeping what
// belongs to the original: its registration and creation time), stores it
// with save, wakes the outbox and returns the visit as stored.
func (d *DoctorDesk) resave(ctx context.Context, v Visit, save func(context.Context, Visit) error, act access.Action, roles []access.Role) (Visit, error) {
	old, err := d.Visits.Visit(ctx, v.ID)
	if err != nil {
		return Visit{}, err
	}
	if err := d.Guard.Allow(ctx, act, old.CardNo, roles...); err != nil {
		return Visit{}, err
	}
	v.RegistrationID, v.CreatedAt = old.RegistrationID, old.CreatedAt
	if err := d.check(ctx, &v); err != nil {
		return Visit{}, err
	}
	if err := save(ctx, v); err != nil {
		return Visit{}, err
	}
	if d.Queued != nil {
		d.Queued()
	}
	return d.Visits.Visit(ctx, v.ID)
}

// check fills v from its registration and applies the examination rules;
// it returns EINVALID with every field's problem.
func (d *DoctorDesk) check(ctx context.Context, v *Visit) error {
	reg, err := d.Store.Registration(ctx, v.RegistrationID)
	if err != nil {
		return err
	}
	now := d.now()
	v.CardNo, v.PoliCode, v.PoliName, v.Date, v.PatientName = reg.CardNo, reg.PoliCode, reg.PoliName, reg.Date, reg.PatientName
	if v.Complaint == "" {
		v.Complaint = reg.Complaint
	}
	if v.DischargeDate.IsZero() {
		v.DischargeDate = reg.Date
	}
	for _, a := range []*string{&v.AllergyFood, &v.AllergyAir, &v.AllergyDrug} {
		if *a == "" {
			*a = "00" // tidak ada
		}
	}
	var fields []FieldError
	if err := Validate(v, now); err != nil {
		fields = append(fields, FieldErrors(err)...)
	}
	for i, pr := range v.Procedures {
		if err := Validate(pr, now); err != nil {
			for _, f := range FieldErrors(err) {
				f.Field = fmt.Sprintf("Procedures[%d].%s", i, f.Field)
				fields = append(fields, f)
			}
		}
		if pr.MaxFee > 0 && pr.Fee > pr.MaxFee {
			fields = append(fields, FieldError{Field: fmt.Sprintf("Procedures[%d].Fee", i), Label: "Biaya tindakan",
				Message: fmt.Sprintf("Biaya %s melebihi tarif maksimal PCare Rp %d.", pr.Name, pr.MaxFee)})
		}
	}
	for i, dr := range v.Drugs {
		if err := Validate(dr, now); err != nil {
			for _, f := range FieldErrors(err) {
				f.Field = fmt.Sprintf("Drugs[%d].%s", i, f.Field)
				fields = append(fields, f)
			}
		}
	}
	for i, dg := range v.Diagnoses {
		if strings.TrimSpace(dg.Code) == "" {
			fields = append(fields, FieldError{Field: "Diagnoses", Label: "Diagnosa", Message: fmt.Sprintf("Diagnosa %d belum dipilih.", i+1)})
		}
	}
	switch {
	case IsReferralStatus(v.DischargeStatus) && v.Referral == nil:
		fields = append(fields, FieldError{Field: "Referral", Label: "Rujukan", Message: "Status pulang rujukan: isi data rujukan (tujuan, rumah sakit, tanggal)."})
	case !IsReferralStatus(v.DischargeStatus) && v.Referral != nil:
		v.Referral = nil // the doctor changed their mind: the status decides
	case v.Referral != nil:
		// The form's flag comes from PCare's answer when it had one; the
		// embedded list backs it up, so a stale or missing flag cannot
		// let a non-specialist referral through without TACC.
		main := v.MainDiagnosis()
		nonSpecialist := main.NonSpecialist || IsNonSpecialist(main.Code)
		for _, p := range v.Referral.Check(v.Date, nonSpecialist) {
			fields = append(fields, FieldError{Field: "Referral." + p.Field, Label: "Rujukan", Message: p.Message})
		}
	}
	if len(fields) > 0 {
		e := &Error{Code: EINVALID, Fields: fields, Message: fields[0].Message}
		if len(fields) > 1 {
			e.Message = fmt.Sprintf("Ada %d isian yang perlu diperbaiki.", len(fields))
		}
		return e
	}
	return nil
}

// Letter builds the referral letter of a visit from the local record and
// the clinic's identity. PCare's own referral detail, when fetched, fills
// what the local record lacks (see LetterFromPCare in the adapter).
func (d *DoctorDesk) Letter(ctx context.Context, v Visit, f Facility) (referral.Letter, error) {
	if err := d.Guard.Allow(ctx, "", "", letterRoles...); err != nil {
		return referral.Letter{}, err
	}
	if v.Referral == nil {
		return referral.Letter{}, &Error{Code: EINVALID, Message: "Kunjungan ini bukan rujukan."}
	}
	p, err := d.Store.SearchPatients(ctx, v.CardNo, 1)
	if err != nil {
		return referral.Letter{}, err
	}
	l := referral.Letter{
		Number: v.VisitNo, BranchOffice: f.BPJSBranch,
		FacilityCode: f.PPK, FacilityName: f.Name, RegencyName: f.Regency,
		ToPoli: v.Referral.SubSpecialistName, ToHospitalCode: v.Referral.HospitalCode, ToHospital: v.Referral.HospitalName,
		CardNo: v.CardNo, Notes: v.Referral.Note, Given: strings.TrimSpace(strings.Join(nonEmpty(v.TherapyDrugs, v.TherapyOther), "; ")),
		TACC: v.Referral.TACCText(), VisitDate: v.Date, PlannedDate: v.Referral.PlannedDate,
		Schedule: v.Referral.Schedule, ValidUntil: v.Referral.Until(), DoctorName: v.DoctorName,
	}
	if v.Referral.Kind == referral.Special {
		l.ToPoli = v.Referral.SpecialName
	}
	if len(p) == 1 {
		l.PatientName, l.BirthDate, l.Sex = p[0].Name, p[0].BirthDate, p[0].Sex
	}
	if last, err := d.Store.LastEligibility(ctx, IDCard, v.CardNo); err == nil {
		l.Dependent = last.Participant.Dependent()
	}
	for _, dg := range v.Diagnoses {
		l.Diagnoses = append(l.Diagnoses, referral.Diagnosis{Code: dg.Code, Name: dg.Name})
	}
	return l, nil
}

// visitAction names a visit in the audit trail: a referral is worth its
// own line, since it sends the patient onward at BPJS's cost.
func visitAction(v Visit, act access.Action) access.Action {
	if v.Referral != nil {
		return access.ActReferral
	}
	return act
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, strings.TrimSpace(s))
		}
	}
	return out
}

// RecordPrint notes that a referral letter was printed or saved, by the
// signed-in person (or pr.By when nobody is, e.g. fktpctl), and records
// the print, or reprint, in the audit trail.
func (d *DoctorDesk) RecordPrint(ctx context.Context, pr Print) error {
	act := access.ActPrint
	if prior, err := d.Visits.Prints(ctx, pr.VisitID); err == nil && len(prior) > 0 {
		act = access.ActReprint
	}
	if err := d.Guard.Allow(ctx, act, pr.Number, letterRoles...); err != nil {
		return err
	}
	if p, ok := access.From(ctx); ok && p.Username != "" {
		pr.By = p.Username
	}
	return d.Visits.RecordPrint(ctx, pr)
}
