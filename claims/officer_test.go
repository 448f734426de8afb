package claims_test

import (
	"context"
	"testing"
	"time"

	"fktpdesk/access"
	"fktpdesk/audit"
	"fktpdesk/claims"
)

// The claims officer's actions are refused to other roles in the domain,
// and every attempt is in the audit trail.
func TestOfficerActionsNeedTheClaimsRole(t *testing.T) {
	st := newStack(t, 5)
	o := &claims.Officer{Store: st.db, Worker: st.w, Guard: &access.Guard{Audit: st.db}}
	month := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	as := func(r access.Role) context.Context {
		return access.WithPrincipal(t.Context(), access.Principal{UserID: 3, Username: "u-" + string(r), Roles: []access.Role{r}})
	}
	for _, r := range access.Roles {
		ctx := as(r)
		errs := []error{
			o.SendNow(ctx),
			o.Retry(ctx, 12345, time.Now()),
			o.RecordExport(ctx, claims.Submission{Month: month, At: time.Now(), Via: claims.ExportedApp, Path: "/tmp/fpk.pdf"}),
		}
		for i, err := range errs {
			refused := access.ErrorCode(err) == access.EFORBIDDEN
			if refused != (r != access.Claims) {
				t.Errorf("as %s, action %d: %v", r, i, err)
			}
		}
	}
	subs, err := st.db.Submissions(t.Context())
	if err != nil || len(subs) != 1 || subs[0].By != "u-claims" {
		t.Fatalf("exports %+v %v: want one, by the claims officer", subs, err)
	}
	denied, err := st.db.List(t.Context(), audit.Filter{Outcome: audit.Denied, Limit: 100})
	if err != nil || len(denied) != 3*(len(access.Roles)-1) {
		t.Fatalf("%d denials in the trail (%v), want %d", len(denied), err, 3*(len(access.Roles)-1))
	}
	if err := o.ClearExport(as(access.Claims), month); err != nil {
		t.Fatal(err)
	}
	if subs, _ := st.db.Submissions(t.Context()); len(subs) != 0 {
		t.Fatalf("export not cleared: %+v", subs)
	}
}

// The claims screen's reads are the claims officer's too: refused to the
// other roles in the domain (and not audited one by one: lists refresh
// by themselves).
func TestOfficerReadsNeedTheClaimsRole(t *testing.T) {
	st := newStack(t, 5)
	o := &claims.Officer{Store: st.db, Worker: st.w, Guard: &access.Guard{Audit: st.db}}
	month := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	reads := func(ctx context.Context) []error {
		_, e1 := o.Counts(ctx)
		_, e2 := o.Items(ctx, "", 10)
		_, e3 := o.Batches(ctx, 10)
		_, e4 := o.Submissions(ctx)
		_, e5 := o.ClaimLines(ctx, month, month.AddDate(0, 1, 0))
		_, e6 := o.Stuck(ctx)
		return []error{e1, e2, e3, e4, e5, e6}
	}
	for i, err := range reads(t.Context()) {
		if access.ErrorCode(err) != access.ENOTSIGNEDIN {
			t.Errorf("read %d with nobody signed in: %v", i, err)
		}
	}
	for _, r := range access.Roles {
		ctx := access.WithPrincipal(t.Context(), access.Principal{UserID: 3, Username: "u-" + string(r), Roles: []access.Role{r}})
		for i, err := range reads(ctx) {
			refused := access.ErrorCode(err) == access.EFORBIDDEN
			if refused != (r != access.Claims) || (!refused && err != nil) {
				t.Errorf("as %s, read %d: %v", r, i, err)
			}
		}
	}
	if es, err := st.db.List(t.Context(), audit.Filter{Limit: 10}); err != nil || len(es) != 0 {
		t.Fatalf("reads wrote %d audit rows (%v)", len(es), err)
	}
}
