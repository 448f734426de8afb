package access

import (
	"context"
	"log/slog"
	"time"
)

// Action names what was done, in the audit trail. The strings are stored.
type Action string

// Outcome says how an action ended.
type Outcome string

const (
	OutcomeOK     Outcome = "ok"
	OutcomeDenied Outcome = "denied"
	OutcomeFailed Outcome = "failed"
)

// The actions the services record.
const (
	ActSignIn         Action = "sign_in"
	ActSignInFailed   Action = "sign_in_failed"
	ActSignOut        Action = "sign_out"
	ActLock           Action = "lock"
	ActUnlock         Action = "unlock"
	ActViewPatient    Action = "view_patient"
	ActEligibility    Action = "eligibility"
	ActRegister       Action = "register"
	ActCancelReg      Action = "cancel_registration"
	ActCorrectReg     Action = "correct_registration"
	ActExamine        Action = "examine"
	ActEditVisit      Action = "edit_visit"
	ActDeleteVisit    Action = "delete_visit"
	ActReferral       Action = "referral"
	ActPrint          Action = "print"
	ActReprint        Action = "reprint"
	ActClaimSend      Action = "claim_send"
	ActClaimFix       Action = "claim_fix"
	ActClaimExport    Action = "claim_export"
	ActReport         Action = "report"
	ActUserAdd        Action = "user_add"
	ActUserRoles      Action = "user_roles"
	ActUserDisable    Action = "user_disable"
	ActUserEnable     Action = "user_enable"
	ActPasswordReset  Action = "password_reset"
	ActPasswordChange Action = "password_change"
	ActSettings       Action = "settings"
	ActCredentials    Action = "credentials"
	ActBackup         Action = "backup"
	ActRestore        Action = "restore"
	ActAuditView      Action = "audit_view"
	ActAuditVerify    Action = "audit_verify"
)

// Record is one line of the audit trail as the guard hands it over.
type Record struct {
	At      time.Time
	Who     Principal
	Action  Action
	Patient string // whose data: card number, NIK or local id; "" for none
	Detail  string
	Outcome Outcome
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, r Record) error
}

// Guard stands at the door of every service that touches patient data or
// the clinic's settings: it checks that the person in the context holds a
// role that may do the action, and records the action (allowed or not) in
// the audit trail. A nil *Guard allows everything and records nothing:
// only tests that are not about access leave it out; main and fktpctl
// always set one.
type Guard struct {
	Audit Recorder
	Now   func() time.Time
	Log   *slog.Logger
}

// Allow returns nil when ctx's principal holds one of roles, and records
// act for patient (when act is not ""). A refusal is recorded too, and is
// ENOTSIGNEDIN or EFORBIDDEN. When the audit trail cannot be written the
// action is refused (EAUDIT): a view nobody can account for is worse than a
// view that waits.
func (g *Guard) Allow(ctx context.Context, act Action, patient string, roles ...Role) error {
	if g == nil {
		return nil
	}
	p, ok := From(ctx)
	if !ok {
		return errorf(ENOTSIGNEDIN, "Silakan masuk terlebih dahulu.")
	}
	if !p.Has(roles...) {
		if act != "" {
			g.record(ctx, act, patient, "role required: "+JoinRoles(roles), OutcomeDenied)
		}
		return &Error{Code: EFORBIDDEN, Message: "Peran Anda tidak mengizinkan tindakan ini. Diperlukan peran: " + roleLabels(roles) + "."}
	}
	if act == "" {
		return nil
	}
	if err := g.write(ctx, act, patient, "", OutcomeOK); err != nil {
		return &Error{Code: EAUDIT, Message: "Jejak audit tidak dapat ditulis, jadi tindakan ini ditahan. Periksa ruang disk, lalu coba lagi.", Err: err}
	}
	return nil
}

// Note records an action whose rights were checked already, e.g. a failure
// after an allowed start or a detail known only at the end. Errors are
// logged, not returned: the work is done.
func (g *Guard) Note(ctx context.Context, act Action, patient, detail string, o Outcome) {
	g.record(ctx, act, patient, detail, o)
}

func (g *Guard) record(ctx context.Context, act Action, patient, detail string, o Outcome) {
	if g == nil {
		return
	}
	if err := g.write(ctx, act, patient, detail, o); err != nil {
		g.log().Error("audit trail not written", "action", act, "error", err)
	}
}

func (g *Guard) write(ctx context.Context, act Action, patient, detail string, o Outcome) error {
	if g.Audit == nil {
		return nil
	}
	p, _ := From(ctx)
	now := time.Now
	if g.Now != nil {
		now = g.Now
	}
	// The trail is written even when the caller's context is ending: a
	// record of what happened outlives the request that did it.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	return g.Audit.Record(wctx, Record{At: now(), Who: p, Action: act, Patient: patient, Detail: detail, Outcome: o})
}

func (g *Guard) log() *slog.Logger {
	if g.Log != nil {
		return g.Log
	}
	return slog.Default()
}

// roleNames are the roles as the desk says them, for refusal messages.
var roleNames = map[Role]string{
	FrontDesk: "Pendaftaran", Doctor: "Dokter", Printing: "Cetak", Claims: "Klaim", Admin: "Admin",
}

// RoleName is a role in Bahasa Indonesia.
func RoleName(r Role) string { return roleNames[r] }

func roleLabels(rs []Role) string {
	s := ""
	for i, r := range rs {
		if i > 0 {
			s += " atau "
		}
		s += roleNames[r]
	}
	return s
}
