package access_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fktpdesk/access"
	"fktpdesk/audit"
	"fktpdesk/sqlite"
)

// trail reads the audit trail the guard writes to (the real store).
type trail struct{ db *sqlite.DB }

func (t *trail) last() audit.Entry {
	es, err := t.db.List(context.Background(), audit.Filter{Limit: 1})
	if err != nil || len(es) == 0 {
		panic(fmt.Sprint("audit trail empty: ", err))
	}
	return es[0]
}

type fixture struct {
	svc   *access.Service
	trail *trail
	now   time.Time
	pws   map[int64]string
	ctx   context.Context
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "fktp.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{trail: &trail{db}, now: time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC), pws: map[int64]string{}, ctx: t.Context()}
	clock := func() time.Time { return f.now }
	f.svc = &access.Service{
		Store:  db,
		Guard:  &access.Guard{Audit: db, Now: clock},
		Params: access.Params{MemoryKiB: 1024, Time: 1, Threads: 1},
		Now:    clock,
		OnPassword: func(_ context.Context, id int64, pw string, _ bool) error {
			f.pws[id] = pw
			return nil
		},
	}
	return f
}

const adminPW = "Kl1nik-Sehat-2026"

func (f *fixture) setup(t *testing.T) context.Context {
	t.Helper()
	p, err := f.svc.Setup(f.ctx, access.NewUser{Username: "Admin", Name: "Budi Santoso", Password: adminPW})
	if err != nil {
		t.Fatal(err)
	}
	return access.WithPrincipal(f.ctx, p)
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := access.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func TestSetupOnlyOnce(t *testing.T) {
	f := newFixture(t)
	if need, err := f.svc.NeedsSetup(f.ctx); err != nil || !need {
		t.Fatalf("fresh database: NeedsSetup = %v, %v", need, err)
	}
	admin := f.setup(t)
	p, _ := access.From(admin)
	if p.Username != "admin" || !p.Has(access.Admin) {
		t.Fatalf("set-up principal %+v: want lower-cased admin", p)
	}
	if f.pws[p.UserID] != adminPW {
		t.Fatal("the vault was not told the admin's password")
	}
	if need, _ := f.svc.NeedsSetup(f.ctx); need {
		t.Fatal("NeedsSetup still true after set-up")
	}
	_, err := f.svc.Setup(f.ctx, access.NewUser{Username: "other", Name: "Other", Password: adminPW + "x"})
	wantCode(t, err, access.ECONFLICT)
}

func TestSignInAndLockout(t *testing.T) {
	f := newFixture(t)
	f.setup(t)

	if _, err := f.svc.SignIn(f.ctx, " ADMIN ", adminPW); err != nil {
		t.Fatalf("right password: %v", err)
	}
	_, err := f.svc.SignIn(f.ctx, "nobody", adminPW)
	wantCode(t, err, access.EBADLOGIN)
	if r := f.trail.last(); r.Action != access.ActSignInFailed || r.Outcome != access.OutcomeDenied {
		t.Fatalf("unknown user not audited as a failed sign-in: %+v", r)
	}

	for i := 1; i < access.LockAfter; i++ {
		_, err := f.svc.SignIn(f.ctx, "admin", "salah-"+adminPW)
		wantCode(t, err, access.EBADLOGIN)
	}
	_, err = f.svc.SignIn(f.ctx, "admin", "salah-"+adminPW)
	wantCode(t, err, access.ELOCKED)
	if !strings.Contains(err.(*access.Error).Message, "30 detik") {
		t.Fatalf("lock message %q: want the wait in seconds", err.(*access.Error).Message)
	}
	// Locked: even the right password waits, so guessing cannot go on.
	_, err = f.svc.SignIn(f.ctx, "admin", adminPW)
	wantCode(t, err, access.ELOCKED)

	f.now = f.now.Add(31 * time.Second)
	// One more failure after the lock doubles it.
	_, err = f.svc.SignIn(f.ctx, "admin", "salah")
	wantCode(t, err, access.ELOCKED)
	if !strings.Contains(err.(*access.Error).Message, "60 detik") {
		t.Fatalf("second lock: %q, want 60 detik", err.(*access.Error).Message)
	}
	f.now = f.now.Add(61 * time.Second)
	if _, err := f.svc.SignIn(f.ctx, "admin", adminPW); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
	// The success cleared the count: one failure is just a failure again.
	_, err = f.svc.SignIn(f.ctx, "admin", "salah")
	wantCode(t, err, access.EBADLOGIN)
}

func TestLockFor(t *testing.T) {
	for failed, want := range map[int]time.Duration{
		1: 0, 4: 0, 5: 30 * time.Second, 6: time.Minute, 7: 2 * time.Minute, 9: 8 * time.Minute, 10: 15 * time.Minute, 50: 15 * time.Minute,
	} {
		if got := access.LockFor(failed); got != want {
			t.Errorf("LockFor(%d) = %v, want %v", failed, got, want)
		}
	}
}

func TestAdminOnlyAccountWork(t *testing.T) {
	f := newFixture(t)
	admin := f.setup(t)
	desk, err := f.svc.AddUser(admin, access.NewUser{Username: "sari", Name: "Sari", Roles: []access.Role{access.FrontDesk}, Password: "Pendaftar4n!ok"})
	if err != nil {
		t.Fatal(err)
	}
	if f.pws[desk.ID] != "Pendaftar4n!ok" {
		t.Fatal("the vault was not told the new user's password")
	}
	deskCtx := access.WithPrincipal(f.ctx, desk.Principal())

	_, err = f.svc.AddUser(deskCtx, access.NewUser{Username: "mallory", Name: "M", Roles: []access.Role{access.Admin}, Password: "Sup3r-Secret-99"})
	wantCode(t, err, access.EFORBIDDEN)
	if r := f.trail.last(); r.Action != access.ActUserAdd || r.Outcome != access.OutcomeDenied || r.User != "sari" {
		t.Fatalf("refusal not audited: %+v", r)
	}
	wantCode(t, f.svc.ResetPassword(deskCtx, desk.ID, "Another-Pass-77"), access.EFORBIDDEN)
	_, err = f.svc.Users(f.ctx)
	wantCode(t, err, access.ENOTSIGNEDIN)

	_, err = f.svc.AddUser(admin, access.NewUser{Username: "SARI", Name: "Sari Dua", Roles: []access.Role{access.Doctor}, Password: "Pendaftar4n!ok"})
	wantCode(t, err, access.ECONFLICT)
	_, err = f.svc.AddUser(admin, access.NewUser{Username: "dodi", Name: "Dodi", Roles: []access.Role{access.Doctor}, Password: "dodi12345678"})
	wantCode(t, err, access.EWEAK)
	_, err = f.svc.AddUser(admin, access.NewUser{Username: "x", Name: "X", Roles: []access.Role{access.Doctor}, Password: "Pendaftar4n!ok"})
	wantCode(t, err, access.EINVALID)

	// Disabled: refused at sign-in, with its own message.
	if err := f.svc.SetDisabled(admin, desk.ID, true); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.SignIn(f.ctx, "sari", "Pendaftar4n!ok")
	wantCode(t, err, access.EDISABLED)
	if err := f.svc.SetDisabled(admin, desk.ID, false); err != nil {
		t.Fatal(err)
	}

	// Reset: the old password stops working, the new one works and the
	// vault hears it.
	if err := f.svc.ResetPassword(admin, desk.ID, "Baru-Sekali-2026"); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.SignIn(f.ctx, "sari", "Pendaftar4n!ok")
	wantCode(t, err, access.EBADLOGIN)
	if _, err := f.svc.SignIn(f.ctx, "sari", "Baru-Sekali-2026"); err != nil {
		t.Fatal(err)
	}
	if f.pws[desk.ID] != "Baru-Sekali-2026" {
		t.Fatal("reset not passed to the vault")
	}

	// The last admin keeps the role and cannot be disabled.
	p, _ := access.From(admin)
	wantCode(t, f.svc.SetRoles(admin, p.UserID, "Budi", []access.Role{access.Doctor}), access.EINVALID)
	wantCode(t, f.svc.SetDisabled(admin, p.UserID, true), access.EINVALID)
	// With a second admin, the first may drop the role.
	if err := f.svc.SetRoles(admin, desk.ID, "Sari", []access.Role{access.FrontDesk, access.Admin}); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SetRoles(admin, p.UserID, "Budi", []access.Role{access.Doctor}); err != nil {
		t.Fatal(err)
	}
	us, err := f.svc.Users(access.WithPrincipal(f.ctx, access.Principal{UserID: desk.ID, Roles: []access.Role{access.Admin}}))
	if err != nil || len(us) != 2 || us[0].Username != "admin" || us[0].Roles[0] != access.Doctor || us[0].PasswordHash != "" {
		t.Fatalf("users = %+v, %v", us, err)
	}
}

func TestChangePasswordAndUnlock(t *testing.T) {
	f := newFixture(t)
	admin := f.setup(t)
	wantCode(t, f.svc.ChangePassword(admin, "wrong", "Kata-Sandi-Baru-1"), access.EBADLOGIN)
	wantCode(t, f.svc.ChangePassword(admin, adminPW, "short"), access.EWEAK)
	if err := f.svc.ChangePassword(admin, adminPW, "Kata-Sandi-Baru-1"); err != nil {
		t.Fatal(err)
	}
	p, _ := access.From(admin)
	wantCode(t, f.svc.Unlock(f.ctx, p, adminPW), access.EBADLOGIN)
	if err := f.svc.Unlock(f.ctx, p, "Kata-Sandi-Baru-1"); err != nil {
		t.Fatal(err)
	}
	if r := f.trail.last(); r.Action != access.ActUnlock || r.UserID != p.UserID {
		t.Fatalf("unlock not audited: %+v", r)
	}
}

func TestStrength(t *testing.T) {
	for _, c := range []struct {
		pw   string
		weak bool
	}{
		{"Kl1nik-Sehat-2026", false},
		{"kuda makan rumput di sawah", false}, // long passphrase
		{"Bismillah123!", true},               // common word
		{"Puskesmas2026", true},               // common word with digits
		{"Ab1!", true},                        // short
		{"abcdefghijk", true},                 // one class
		{"aaaaaaaaaaaaaaaaaaaa", true},        // repeated
		{"budi-Santoso-1", true},              // contains the name
		{"Sangat.Rahasia9", false},
	} {
		err := access.CheckStrength(c.pw, "budi", "Budi Santoso")
		if (err != nil) != c.weak {
			t.Errorf("CheckStrength(%q) = %v, weak want %v", c.pw, err, c.weak)
		}
	}
}

func TestHashFormat(t *testing.T) {
	h, err := access.HashPassword("Kl1nik-Sehat-2026", access.Params{MemoryKiB: 1024, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash %q not in PHC form", h)
	}
	if ok, err := access.CheckPassword(h, "Kl1nik-Sehat-2026"); !ok || err != nil {
		t.Fatalf("own password: %v %v", ok, err)
	}
	if ok, _ := access.CheckPassword(h, "Kl1nik-Sehat-2027"); ok {
		t.Fatal("other password accepted")
	}
	for _, bad := range []string{"", "plain", strings.Replace(h, "argon2id", "argon2i", 1), strings.Replace(h, "m=1024", "m=0", 1)} {
		if _, err := access.CheckPassword(bad, "x"); err == nil {
			t.Errorf("CheckPassword(%q) accepted a malformed hash", bad)
		}
	}
}

func BenchmarkDefaultHash(b *testing.B) {
	for b.Loop() {
		if _, err := access.HashPassword("Kl1nik-Sehat-2026", access.DefaultParams); err != nil {
			b.Fatal(err)
		}
	}
}
