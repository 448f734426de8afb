package app

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"fktpdesk/access"
	"fktpdesk/audit"
	"fktpdesk/setup"
)

// installGate is the gate as main builds it, over setup.Install.
func (s *stack) installGate(t *testing.T) (*Gate, *setup.Install) {
	t.Helper()
	in := &setup.Install{DB: s.db, Params: access.Params{MemoryKiB: 1024, Time: 1, Threads: 1}, Now: s.clock.Now}
	t.Cleanup(in.Close)
	s.svc.Guard, s.doctor.Guard = in.Guard(), in.Guard()
	g := &Gate{
		Users: in.Users(),
		Setup: in.Setup,
		Open: func(context.Context, access.Principal) (Deps, error) {
			d := s.deps()
			d.Audit, d.Settings = in, in
			return d, nil
		},
		Facility: func(ctx context.Context) string { f, _ := s.db.Facility(ctx); return f.Name },
		Now:      s.clock.Now,
		UI:       s.ui.do,
	}
	return g, in
}

func TestAuditScreenFiltersAndDetectsTampering(t *testing.T) {
	s := newStack(t)
	g, in := s.installGate(t)
	if _, err := in.Users().Setup(t.Context(), access.NewUser{Username: "admin", Name: "Budi", Roles: []access.Role{access.Admin, access.FrontDesk}, Password: "Kl1nik-Sehat-2026"}); err != nil {
		t.Fatal(err)
	}
	sh := s.shell(t, g)
	s.waitFor(t, "the sign-in", func() bool { return sh.SignIn != nil })
	test := func(u, p string) {
		sh.SignIn.Username.SetText(u)
		sh.SignIn.Password.SetText(p)
		sh.SignIn.Submit()
	}
	test("admin", "wrong-password-1")
	s.waitFor(t, "the refusal", func() bool { return sh.SignIn.Status.Text != "" })
	test("admin", "Kl1nik-Sehat-2026")
	s.waitFor(t, "the screens", func() bool { return sh.Main != nil && sh.Main.Audit != nil })
	// Something patient-related, done from the screen.
	s.check(t, sh.Main, s.participant(t, "active-here").NoKartu)

	a := sh.Main.Audit
	a.Refresh()
	s.waitFor(t, "the trail", func() bool { return len(a.entries) >= 3 })
	var acts []string
	for _, e := range a.entries {
		acts = append(acts, string(e.Action))
	}
	got := strings.Join(acts, " ")
	for _, want := range []string{string(audit.CheckEligibility), string(audit.SignIn), string(audit.SignInFailed)} {
		if !strings.Contains(got, want) {
			t.Errorf("trail %q lacks %s", got, want)
		}
	}
	// Only the failed sign-in, by outcome.
	a.Outcome.SetSelected(audit.Denied.Label())
	a.Refresh()
	s.waitFor(t, "the filtered trail", func() bool { return len(a.entries) == 1 })
	if a.entries[0].Action != audit.SignInFailed || a.entries[0].User != "admin" {
		t.Fatalf("denied entries: %+v", a.entries)
	}

	a.Verify()
	s.waitFor(t, "the check", func() bool {
		return strings.Contains(a.Status.Text, "utuh") || strings.Contains(a.Status.Text, "PERINGATAN")
	})
	if !strings.Contains(a.Status.Text, "utuh") {
		t.Fatalf("untouched trail reported %q", a.Status.Text)
	}

	// Someone edits a row with a SQL tool: the screen says so.
	raw, err := sql.Open("sqlite", "file:"+s.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET username = 'someone' WHERE seq = 2`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	a.Status.SetText("")
	a.Verify()
	s.waitFor(t, "the second check", func() bool { return a.Status.Text != "" && !strings.Contains(a.Status.Text, "Memeriksa") })
	if !strings.Contains(a.Status.Text, "PERINGATAN") || !strings.Contains(a.Status.Text, "#2") {
		t.Fatalf("tampered trail reported %q", a.Status.Text)
	}
}
