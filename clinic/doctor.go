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
// belongs to the original: its registration, creation time and lines, which
// change through their own methods), stores it with save, wakes the outbox
// and returns the visit as stored.
func (d *DoctorDesk) resave(ctx context.Context, v Visit, save func(context.Context, Visit) error, act access.Action, roles []access.Role) (Visit, error) {
	old, err := d.Visits.Visit(ctx, v.ID)
	if err != nil {
		return Visit{}, err
	}
	if err := d.Guard.Allow(ctx, act, old.CardNo, roles...); err != nil {
		return Visit{}, err
	}
	if old.Deleted {
		return Visit{}, Errorf(ECONFLICT, "Kunjungan ini sudah dihapus.")
	}
	v.RegistrationID, v.CreatedAt = old.RegistrationID, old.CreatedAt
	v.Procedures, v.Drugs = old.Procedures, old.Drugs
	if err := d.check(ctx, &v); err != nil {
		return Visit{}, err
	}
	return d.stored(ctx, v.ID, save(ctx, v))
}

// stored wakes the outbox after a change to visit id was stored (err nil)
// and returns the visit as it is now.
func (d *DoctorDesk) stored(ctx context.Context, id int64, err error) (Visit, error) {
	if err != nil {
		return Visit{}, err
	}
	if d.Queued != nil {
		d.Queued()
	}
	return d.Visits.Visit(ctx, id)
}

// DeleteVisit deletes a recorded visit (hapus kunjungan) with its procedure
// and drug lines; PCare is told by the outbox, lines first, when it has
// them. The registration waits for the doctor again.
func (d *DoctorDesk) DeleteVisit(ctx context.Context, id int64) error {
	if err := d.allowVisit(ctx, access.ActDeleteVisit, id); err != nil {
		return err
	}
	_, err := d.stored(ctx, id, d.Visits.DeleteVisit(ctx, id))
	return err
}

// AddProcedure adds a procedure to a recorded visit. Errors: EINVALID with
// the line's fields ("Procedures[i].Fee", i the line it will have), and
// those of VisitStore.AddProcedure.
func (d *DoctorDesk) AddProcedure(ctx context.Context, visitID int64, p Procedure) (Visit, error) {
	if err := d.allowVisit(ctx, access.ActEditVisit, visitID); err != nil {
		return Visit{}, err
	}
	return d.addLine(ctx, visitID, func(v Visit) []FieldError { return procedureProblems(len(v.Procedures), p, d.now()) },
		func() error { return d.Visits.AddProcedure(ctx, visitID, p) })
}

// addLine checks a new line against the visit it joins (problems), then
// stores it with add.
func (d *DoctorDesk) addLine(ctx context.Context, visitID int64, problems func(Visit) []FieldError, add func() error) (Visit, error) {
	v, err := d.Visits.Visit(ctx, visitID)
	if err != nil {
		return Visit{}, err
	}
	if err := invalid(problems(v)); err != nil {
		return Visit{}, err
	}
	return d.stored(ctx, visitID, add())
}

// EditProcedure changes procedure line of a recorded visit; PCare gets the
// change as an edit when it has the line.
func (d *DoctorDesk) EditProcedure(ctx context.Context, visitID int64, line int, p Procedure) (Visit, error) {
	if err := d.allowVisit(ctx, access.ActEditVisit, visitID); err != nil {
		return Visit{}, err
	}
	if err := invalid(procedureProblems(line, p, d.now())); err != nil {
		return Visit{}, err
	}
	return d.stored(ctx, visitID, d.Visits.EditProcedure(ctx, visitID, line, p))
}

// DeleteProcedure removes procedure line from a recorded visit.
func (d *DoctorDesk) DeleteProcedure(ctx context.Context, visitID int64, line int) (Visit, error) {
	if err := d.allowVisit(ctx, access.ActEditVisit, visitID); err != nil {
		return Visit{}, err
	}
	return d.stored(ctx, visitID, d.Visits.DeleteProcedure(ctx, visitID, line))
}

// AddDrug adds a drug to a recorded visit (fields "Drugs[i].Quantity").
func (d *DoctorDesk) AddDrug(ctx context.Context, visitID int64, dr Drug) (Visit, error) {
	if err := d.allowVisit(ctx, access.ActEditVisit, visitID); err != nil {
		return Visit{}, err
	}
	return d.addLine(ctx, visitID, func(v Visit) []FieldError { return drugProblems(len(v.Drugs), dr, d.now()) },
		func() error { return d.Visits.AddDrug(ctx, visitID, dr) })
}

// EditDrug changes drug line of a recorded visit. PCare has no drug edit:
// when it has the old drug, it is deleted there and the new one added, and
// the new drug becomes the visit's last line.
func (d *DoctorDesk) EditDrug(ctx context.Context, visitID int64, line int, dr Drug) (Visit, error) {
	if err := d.allowVisit(ctx, access.ActEditVisit, visitID); err != nil {
		return Visit{}, err
	}
	if err := invalid(drugProblems(line, dr, d.now())); err != nil {
		return Visit{}, err
	}
	return d.stored(ctx, visitID, d.Visits.EditDrug(ctx, visitID, line, dr))
}

// DeleteDrug removes drug line from a recorded visit.
func (d *DoctorDesk) DeleteDrug(ctx context.Context, visitID int64, line int) (Visit, error) {
	if err := d.allowVisit(ctx, access.ActEditVisit, visitID); err != nil {
		return Visit{}, err
	}
	return d.stored(ctx, visitID, d.Visits.DeleteDrug(ctx, visitID, line))
}

// allowVisit checks the doctor's role for a change to visit id and records
// it against the visit's patient.
func (d *DoctorDesk) allowVisit(ctx context.Context, act access.Action, id int64) error {
	if d.Guard == nil {
		return nil
	}
	v, err := d.Visits.Visit(ctx, id)
	if err != nil {
		return err
	}
	return d.Guard.Allow(ctx, act, v.CardNo, doctorRoles...)
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
		if !pr.Removed {
			fields = append(fields, procedureProblems(i, pr, now)...)
		}
	}
	for i, dr := range v.Drugs {
		if !dr.Removed {
			fields = append(fields, drugProblems(i, dr, now)...)
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
	return invalid(fields)
}

// invalid is EINVALID with every field's problem, or nil when none.
func invalid(fields []FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	e := &Error{Code: EINVALID, Fields: fields, Message: fields[0].Message}
	if len(fields) > 1 {
		e.Message = fmt.Sprintf("Ada %d isian yang perlu diperbaiki.", len(fields))
	}
	return e
}

// procedureProblems checks procedure line i: its own rules and PCare's
// maximum fee. Fields are named "Procedures[i].Fee".
func procedureProblems(i int, p Procedure, now time.Time) []FieldError {
	fields := lineProblems("Procedures", i, p, now)
	if p.MaxFee > 0 && p.Fee > p.MaxFee {
		fields = append(fields, FieldError{Field: fmt.Sprintf("Procedures[%d].Fee", i), Label: "Biaya tindakan",
			Message: fmt.Sprintf("Biaya %s melebihi tarif maksimal PCare Rp %d.", p.Name, p.MaxFee)})
	}
	return fields
}

// drugProblems checks drug line i; fields are named "Drugs[i].Quantity".
func drugProblems(i int, d Drug, now time.Time) []FieldError {
	return lineProblems("Drugs", i, d, now)
}

// lineProblems is line i of list validated, its fields named list[i].Field.
func lineProblems(list string, i int, line any, now time.Time) []FieldError {
	var fields []FieldError
	for _, f := range FieldErrors(Validate(line, now)) {
		f.Field = fmt.Sprintf("%s[%d].%s", list, i, f.Field)
		fields = append(fields, f)
	}
	return fields
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
