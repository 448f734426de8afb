package access

import (
	"context"

	"fktpdesk/audit"
	"log/slog"
	"time"
)

// Action and Outcome are the audit trail's: the guard writes what the
// services do straight into it.
type (
	Action  = audit.Action
	Outcome = audit.Outcome
)

const (
	OutcomeOK     = audit.OK
	OutcomeDenied = audit.Denied
	OutcomeFailed = audit.Failed
)

// The actions the services record, by the names the services use.
const (
	ActSignIn         = audit.SignIn
	ActSignInFailed   = audit.SignInFailed
	ActSignOut        = audit.SignOut
	ActLock           = audit.Lock
	ActUnlock         = audit.Unlock
	ActViewPatient    = audit.ViewPatient
	ActEligibility    = audit.CheckEligibility
	ActRegister       = audit.Register
	ActCancelReg      = audit.CancelRegistration
	ActCorrectReg     = audit.CorrectRegistration
	ActExamine        = audit.RecordVisit
	ActEditVisit      = audit.EditVisit
	ActDeleteVisit    = audit.DeleteVisit
	ActReferral       = audit.Refer
	ActPrint          = audit.PrintLetter
	ActReprint        = audit.Reprint
	ActClaimSend      = audit.ClaimSendNow
	ActClaimFix       = audit.ClaimRequeue
	ActClaimExport    = audit.ClaimExport
	ActUserAdd        = audit.UserAdd
	ActUserRoles      = audit.UserRoleChange
	ActUserDisable    = audit.UserDisable
	ActUserEnable     = audit.UserEnable
	ActPasswordReset  = audit.UserPasswordReset
	ActPasswordChange = audit.UserPasswordChange
	ActSettings       = audit.SettingsChange
	ActCredentials    = audit.CredentialsChange
	ActBackup         = audit.Backup
	ActRestore        = audit.Restore
	ActAuditVerify    = audit.AuditVerify
)

// Guard stands at the door of every service that touches patient data or
// the clinic's settings: it checks that the person in the context holds a
// role that may do the action, and records the action (allowed or not) in
// the audit trail. A nil *Guard allows everything and records nothing:
// only tests that are not about access leave it out; main and fktpctl
// always set one.
type Guard struct {
	Audit audit.Log
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
	user := p.Username
	if user == "" {
		user = audit.System
	}
	_, err := g.Audit.Append(wctx, audit.Event{At: now(), UserID: p.UserID, User: user, Action: act, Patient: patient, Detail: detail, Outcome: o})
	return err
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
