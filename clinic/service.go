package clinic

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"fktpdesk/access"
	"fktpdesk/assets/refdata"
)

// Service holds the front-desk use cases the screens and the CLI call.
type Service struct {
	Store   Store
	Central Central
	// PPK is this clinic's provider code at BPJS, for "registered here".
	PPK string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// CheckTimeout bounds one eligibility question to PCare (default 15 s):
	// past it the desk gets the last known answer instead of a frozen screen.
	CheckTimeout time.Duration
	// PoliMaxAge is how long the cached poli list is used before asking
	// PCare again (default 24 h).
	PoliMaxAge time.Duration
	// Queued is called after a registration is stored, to wake the outbox
	// worker; nil to rely on its own schedule.
	Queued func()
	Log    *slog.Logger
	// Guard checks the signed-in person's role before each use case and
	// records it in the audit trail (nil: unguarded, for tests that are
	// not about access).
	Guard *access.Guard
}

// Who may do what at the front desk. The doctor checks eligibility and
// reads histories too; the claims officer fixes refused registrations.
var (
	deskRoles    = []access.Role{access.FrontDesk}
	lookupRoles  = []access.Role{access.FrontDesk, access.Doctor}
	correctRoles = []access.Role{access.FrontDesk, access.Claims}
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// CheckResult is an eligibility answer plus what the NIK itself told.
type CheckResult struct {
	Eligibility
	Kind   IDKind
	Number string
	// NIKInfo is set when the input was a NIK.
	NIKInfo *NIKInfo
	// Offline is set when PCare did not answer; Eligibility is then the
	// last stored answer (Verified false).
	Offline bool
	// OfflineReason is why PCare could not be asked (for the log and banner).
	OfflineReason error
}

// CheckEligibility asks PCare about a card number or NIK typed at the desk.
// On success the answer is stored and the patient record created or
// updated. When PCare does not answer it returns the last stored answer
// with Offline set; EUNAVAILABLE only when there is none. Errors: EINVALID
// for a malformed number, ENOTFOUND when PCare does not know it,
// EUNAUTHORIZED for a credentials problem.
func (s *Service) CheckEligibility(ctx context.Context, input string) (CheckResult, error) {
	if err := s.Guard.Allow(ctx, access.ActEligibility, NormalizeNumber(input), lookupRoles...); err != nil {
		return CheckResult{}, err
	}
	kind, number, err := DetectID(input)
	if err != nil {
		return CheckResult{}, err
	}
	res := CheckResult{Kind: kind, Number: number}
	if kind == IDNIK {
		info, err := ParseNIK(number, s.now())
		if err != nil {
			return CheckResult{}, err
		}
		res.NIKInfo = &info
	}

	p, err := s.askPCare(ctx, kind, number)
	switch {
	case err == nil:
	case ctx.Err() != nil:
		// The person pressed cancel: no fallback, no message.
		return CheckResult{}, ctx.Err()
	case ErrorCode(err) == ENOTFOUND:
		return CheckResult{}, &Error{Code: ENOTFOUND, Err: err,
			Message: fmt.Sprintf("%s %s tidak terdaftar sebagai peserta BPJS Kesehatan.", idLabel(kind), number)}
	case pcareDown(err):
		return s.offline(ctx, res, err)
	default:
		return CheckResult{}, err
	}

	res.Participant = p
	res.CheckedAt = s.now()
	res.Verified = true
	res.RegisteredHere, res.Advice = Assess(p, s.PPK)
	id, err := s.Store.SaveEligibility(ctx, res.Eligibility)
	if err != nil {
		return CheckResult{}, err
	}
	res.PatientID = id
	if err := s.Store.MarkUnverifiedChecked(ctx, p.CardNo); err != nil {
		s.log().Warn("clearing unverified flags failed", "error", err)
	}
	return res, nil
}

func (s *Service) offline(ctx context.Context, res CheckResult, cause error) (CheckResult, error) {
	s.log().Warn("PCare did not answer an eligibility check; using the local store", "error", cause)
	last, err := s.Store.LastEligibility(ctx, res.Kind, res.Number)
	if ErrorCode(err) == ENOTFOUND {
		return CheckResult{}, &Error{Code: EUNAVAILABLE, Err: cause,
			Message: "PCare tidak dapat dihubungi dan belum ada data tersimpan untuk nomor ini. Coba lagi nanti, atau layani sebagai pasien umum."}
	}
	if err != nil {
		return CheckResult{}, err
	}
	res.Eligibility = last
	res.Verified = false
	res.Offline = true
	res.OfflineReason = cause
	res.RegisteredHere, res.Advice = Assess(last.Participant, s.PPK)
	res.Advice = append([]Advice{{Code: AdviceUnverified}}, res.Advice...)
	return res, nil
}

func idLabel(k IDKind) string {
	if k == IDNIK {
		return "NIK"
	}
	return "Nomor kartu"
}

// Polis returns the clinic's poli list: the cached PCare list while fresh,
// PCare's when stale, the stale cache when PCare is down, and the verified
// built-in list before PCare ever answered.
func (s *Service) Polis(ctx context.Context) ([]Poli, error) {
	cached, fetched, err := s.Store.Polis(ctx)
	if err != nil {
		return nil, err
	}
	maxAge := s.PoliMaxAge
	if maxAge == 0 {
		maxAge = 24 * time.Hour
	}
	if len(cached) > 0 && s.now().Sub(fetched) < maxAge {
		return cached, nil
	}
	fresh, err := s.Central.Polis(ctx)
	if err == nil && len(fresh) > 0 {
		if err := s.Store.SavePolis(ctx, fresh, s.now()); err != nil {
			s.log().Warn("caching the poli list failed", "error", err)
		}
		return fresh, nil
	}
	if len(cached) > 0 {
		return cached, nil
	}
	var builtin []Poli
	for _, p := range refdata.PoliFKTP() {
		builtin = append(builtin, Poli{Code: p.Code, Name: p.Name, Sick: true})
	}
	return builtin, nil
}

// Register records a visit for a checked participant, locally first: it is
// stored with its PCare write queued in the same transaction, and the
// outbox worker sends it. It works with PCare down. Errors: EINVALID for a
// form error or an inactive participant, ECONFLICT when the patient is
// already registered today at that poli.
func (s *Service) Register(ctx context.Context, e Eligibility, r Registration) (Registration, error) {
	if err := s.Guard.Allow(ctx, access.ActRegister, e.Participant.CardNo, deskRoles...); err != nil {
		return Registration{}, err
	}
	now := s.now()
	if e.Verified && !e.Participant.Active {
		return Registration{}, &Error{Code: EINVALID,
			Message: "Peserta tidak aktif: tidak dapat didaftarkan sebagai pasien BPJS. Layani sebagai pasien umum."}
	}
	r.PatientID = e.PatientID
	r.CardNo = e.Participant.CardNo
	r.ProviderCode = e.Participant.ProviderCode
	r.Unverified = !e.Verified
	if r.Date.IsZero() {
		r.Date = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	}
	if r.TKP == "" {
		r.TKP = TKPOutpatient
	}
	r.Complaint = strings.TrimSpace(r.Complaint)
	if err := Validate(r, now); err != nil {
		return Registration{}, err
	}
	if r.PoliName == "" {
		r.PoliName = s.poliName(ctx, r.PoliCode)
	}
	today, err := s.Store.Queue(ctx, r.Date)
	if err != nil {
		return Registration{}, err
	}
	for _, q := range today {
		if q.CardNo == r.CardNo && q.PoliCode == r.PoliCode {
			no := q.QueueNo
			if no == "" {
				no = "belum ada nomor antrean"
			}
			return Registration{}, &Error{Code: ECONFLICT,
				Message: fmt.Sprintf("Pasien sudah didaftarkan hari ini di %s (%s).", q.PoliName, no)}
		}
	}
	if err := s.Store.AddRegistration(ctx, &r); err != nil {
		return Registration{}, err
	}
	if s.Queued != nil {
		s.Queued()
	}
	return r, nil
}

// Queue lists a day's registrations.
func (s *Service) Queue(ctx context.Context, day time.Time) ([]Registration, error) {
	if err := s.Guard.Allow(ctx, "", "", lookupRoles...); err != nil {
		return nil, err
	}
	return s.Store.Queue(ctx, day)
}

// SearchPatients finds patients by name, NIK, card or record number.
func (s *Service) SearchPatients(ctx context.Context, query string, limit int) ([]Patient, error) {
	if err := s.Guard.Allow(ctx, "", "", lookupRoles...); err != nil {
		return nil, err
	}
	query = strings.TrimSpace(query)
	if query == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = 50
	}
	return s.Store.SearchPatients(ctx, query, limit)
}

// poliName looks a poli code up the way the screen's list is built (cache,
// PCare, built-in list), for lists and letters; the code itself stands in
// when no list has it. A registration never waits long for a name.
func (s *Service) poliName(ctx context.Context, code string) string {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	polis, err := s.Polis(ctx)
	if err == nil {
		for _, p := range polis {
			if p.Code == code {
				return p.Name
			}
		}
	}
	return code
}

// PatientHistory lists a patient's registrations, newest first.
func (s *Service) PatientHistory(ctx context.Context, patientID int64) ([]Registration, error) {
	if err := s.Guard.Allow(ctx, access.ActViewPatient, fmt.Sprintf("pasien #%d", patientID), lookupRoles...); err != nil {
		return nil, err
	}
	return s.Store.PatientRegistrations(ctx, patientID)
}

// RecheckUnverified asks PCare again about every participant registered
// while PCare could not confirm eligibility. Each answer is stored and
// clears the unverified flag. It stops at the first sign that PCare is
// still down and returns how many participants were confirmed. Run it in
// the background; the desk need not remember whom to re-check.
func (s *Service) RecheckUnverified(ctx context.Context) (int, error) {
	cards, err := s.Store.UnverifiedCards(ctx)
	if err != nil {
		return 0, err
	}
	done := 0
	for _, card := range cards {
		p, err := s.askPCare(ctx, IDCard, card)
		switch {
		case err == nil:
		case ctx.Err() != nil:
			return done, ctx.Err()
		case pcareDown(err):
			return done, nil // still down: try again on the next round
		default:
			// Not found or refused: leave the flag for a person to see.
			s.log().Warn("re-check of an unverified registration failed", "card", MaskNumber(card), "error", err)
			continue
		}
		e := Eligibility{Participant: p, CheckedAt: s.now(), Verified: true}
		e.RegisteredHere, e.Advice = Assess(p, s.PPK)
		if _, err := s.Store.SaveEligibility(ctx, e); err != nil {
			return done, err
		}
		if err := s.Store.MarkUnverifiedChecked(ctx, card); err != nil {
			return done, err
		}
		done++
	}
	return done, nil
}

// askPCare asks PCare about one participant within CheckTimeout (15 s when
// unset): past it, the desk is better served by the stored answer.
func (s *Service) askPCare(ctx context.Context, kind IDKind, number string) (Participant, error) {
	timeout := s.CheckTimeout
	if timeout == 0 {
		timeout = 15 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return s.Central.Participant(ctx, kind, number)
}

// pcareDown reports whether err means PCare did not answer (down, timed
// out, or an answer lost), as opposed to an answer that says no.
func pcareDown(err error) bool {
	return ErrorCode(err) == EUNAVAILABLE || ErrorCode(err) == EUNKNOWN || errors.Is(err, context.DeadlineExceeded)
}

// MaskNumber hides the middle of a card number or NIK for logs:
// 0001234567890 → 0001******890. Health data stays out of log files.
func MaskNumber(s string) string {
	if len(s) < 8 {
		return s
	}
	return s[:4] + strings.Repeat("*", len(s)-7) + s[len(s)-3:]
}

// CorrectRegistration saves a registration PCare refused (its outbox item
// needs correction) after a person fixed it, and queues it again: it is sent
// once more, exactly once. The participant and date cannot change.
func (s *Service) CorrectRegistration(ctx context.Context, r Registration) (Registration, error) {
	old, err := s.Store.Registration(ctx, r.ID)
	if err != nil {
		return Registration{}, err
	}
	if err := s.Guard.Allow(ctx, access.ActCorrectReg, old.CardNo, correctRoles...); err != nil {
		return Registration{}, err
	}
	r.PatientID, r.CardNo, r.ProviderCode, r.Date, r.Unverified = old.PatientID, old.CardNo, old.ProviderCode, old.Date, old.Unverified
	r.Complaint = strings.TrimSpace(r.Complaint)
	if r.PoliCode != old.PoliCode || r.PoliName == "" {
		r.PoliName = s.poliName(ctx, r.PoliCode)
	}
	if err := Validate(r, s.now()); err != nil {
		return Registration{}, err
	}
	if err := s.Store.CorrectRegistration(ctx, r); err != nil {
		return Registration{}, err
	}
	if s.Queued != nil {
		s.Queued()
	}
	return s.Store.Registration(ctx, r.ID)
}

// CancelRegistration cancels a registration the desk made in error or the
// patient left before examination; the outbox deletes it at PCare when PCare
// has it. ECONFLICT once the patient was examined.
func (s *Service) CancelRegistration(ctx context.Context, id int64) error {
	if err := s.Guard.Allow(ctx, access.ActCancelReg, fmt.Sprintf("pendaftaran #%d", id), deskRoles...); err != nil {
		return err
	}
	if err := s.Store.CancelRegistration(ctx, id); err != nil {
		return err
	}
	if s.Queued != nil {
		s.Queued()
	}
	return nil
}
