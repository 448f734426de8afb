package app

import (
	"context"
	"math"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/access"
	"fktpdesk/pcare"
	"fktpdesk/pcare/pcaresim"
	"fktpdesk/setup"
)

// gate is the stack behind the shell, as main wires it (installGate),
// with the account service to arrange accounts directly.
func (s *stack) gate(t *testing.T) (*Gate, *access.Service) {
	t.Helper()
	g, in := s.installGate(t)
	return g, in.Users()
}

func (s *stack) shell(t *testing.T, g *Gate) *Shell {
	t.Helper()
	a := test.NewTempApp(t)
	sh := NewShell(a, g)
	t.Cleanup(func() { sh.Window.Close() })
	sh.Window.Resize(fyne.NewSize(1366, 768))
	sh.Window.Show()
	return sh
}

func TestWizardThenScreensByRole(t *testing.T) {
	s := newStack(t)
	g, users := s.gate(t)
	sh := s.shell(t, g)
	s.waitFor(t, "the wizard", func() bool { return sh.Wizard != nil })
	z := sh.Wizard

	// Step 1: a wrong PPK code is caught before going on.
	test.Type(z.PPK, "12345")
	test.Type(z.FacilityName, "Klinik Pratama Sehat")
	z.Next()
	if z.Step != 0 || !strings.Contains(z.Status.Text, "PPK") {
		t.Fatalf("bad PPK: step %d, status %q", z.Step, z.Status.Text)
	}
	z.PPK.SetText("0114U163")
	z.Next()
	// Step 2: a weak password stops here.
	test.Type(z.Username, "admin")
	test.Type(z.FullName, "dr. Sari Wulandari")
	test.Type(z.Password, "rahasia123")
	test.Type(z.Again, "rahasia123")
	z.Next()
	if z.Step != 1 || !strings.Contains(z.Status.Text, "kurang kuat") {
		t.Fatalf("weak password: step %d, status %q", z.Step, z.Status.Text)
	}
	z.Password.SetText("Kl1nik-Sehat-2026")
	z.Again.SetText("Kl1nik-Sehat-2026")
	z.Next()
	if z.Step != 2 || z.credentials.Visible() {
		t.Fatalf("step %d, credentials shown %v: want PCare step in training mode", z.Step, z.credentials.Visible())
	}
	z.Next()
	s.waitFor(t, "the admin's screens", func() bool { return sh.Main != nil })
	if sh.User.Username != "admin" || !sh.User.Has(access.Admin) {
		t.Fatalf("signed in as %+v", sh.User)
	}
	if f, err := s.db.Facility(t.Context()); err != nil || f.PPK != "0114U163" || f.Name != "Klinik Pratama Sehat" {
		t.Fatalf("facility %+v %v", f, err)
	}
	// The admin alone has no desk role: no patient screens.
	if sh.Main.Eligibility != nil || sh.Main.Doctor != nil {
		t.Fatal("an admin-only account sees patient screens")
	}

	// A front-desk account sees the desk's screens only.
	admin := access.WithPrincipal(t.Context(), *sh.User)
	if _, err := users.AddUser(admin, access.NewUser{Username: "rina", Name: "Rina", Roles: []access.Role{access.FrontDesk}, Password: "Pendaftar4n!ok"}); err != nil {
		t.Fatal(err)
	}
	sh.SignOut()
	s.waitFor(t, "the sign-in", func() bool { return sh.SignIn != nil })
	in := sh.SignIn
	test.Type(in.Username, "rina")
	test.Type(in.Password, "salah-sekali")
	in.Submit()
	s.waitFor(t, "the refusal", func() bool { return in.Status.Text != "" })
	if !strings.Contains(in.Status.Text, "salah") || in.Password.Text != "" {
		t.Fatalf("wrong password: status %q, password left %q", in.Status.Text, in.Password.Text)
	}
	test.Type(in.Password, "Pendaftar4n!ok")
	in.Password.TypedKey(enterKey())
	s.waitFor(t, "the desk's screens", func() bool { return sh.Main != nil })
	m := sh.Main
	if m.Eligibility == nil || m.Doctor != nil || m.Printing != nil || m.Claims != nil {
		t.Fatalf("front desk screens: elig %v doctor %v printing %v claims %v", m.Eligibility != nil, m.Doctor != nil, m.Printing != nil, m.Claims != nil)
	}
	// Work done from the screens is done in rina's name.
	s.check(t, m, s.participant(t, pcaresim.KindActiveHere).NoKartu)
	if !m.Eligibility.Result.Container.Visible() {
		t.Fatalf("check as front desk failed: %q", m.Eligibility.Message.Text)
	}
}

func TestIdleLockKeepsInput(t *testing.T) {
	s := newStack(t)
	sh, _ := signedInShell(t, s, access.NewUser{Username: "sari", Name: "Sari", Roles: []access.Role{access.FrontDesk}, Password: "Kl1nik-Sehat-2026"})
	content := sh.Window.Content()

	// Half a number typed, the About dialog open, then the person walks
	// away.
	test.Type(sh.Main.Eligibility.Number, "000170")
	sh.Main.showAbout()
	about := sh.Window.Canvas().Overlays().Top()
	sh.CheckIdle()
	s.clock.Advance(4 * time.Minute)
	sh.CheckIdle()
	if sh.Lock != nil {
		t.Fatal("locked before the idle time")
	}
	s.clock.Advance(90 * time.Second)
	sh.CheckIdle()
	if sh.Lock == nil || sh.Window.Content() != sh.Lock.Container {
		t.Fatal("not locked after 5.5 idle minutes")
	}
	if sh.Window.Canvas().Overlays().Top() != nil {
		t.Fatal("a dialog stays over the lock screen")
	}

	test.Type(sh.Lock.Password, "wrong-password")
	sh.Lock.Submit()
	s.waitFor(t, "the refusal", func() bool { return sh.Lock.Status.Text != "" })
	if sh.Window.Content() == content {
		t.Fatal("a wrong password unlocked the window")
	}
	test.Type(sh.Lock.Password, "Kl1nik-Sehat-2026")
	sh.Lock.Submit()
	s.waitFor(t, "the unlock", func() bool { return sh.Lock == nil })
	if sh.Window.Content() != content {
		t.Fatal("the screens were rebuilt: input lost")
	}
	if got := sh.Main.Eligibility.Number.Text; got != "000170" {
		t.Fatalf("typed number after unlock = %q, want 000170", got)
	}
	if sh.Window.Canvas().Overlays().Top() != about {
		t.Fatal("the dialog open before the lock did not come back")
	}
	about.Hide()
	sh.Window.Canvas().Overlays().Remove(about)

	// Typing keeps the window open: the focused field's cursor moves.
	sh.Window.Canvas().Focus(sh.Main.Eligibility.Number)
	for range 4 {
		s.clock.Advance(2 * time.Minute)
		test.Type(sh.Main.Eligibility.Number, "1")
		sh.CheckIdle()
	}
	if sh.Lock != nil {
		t.Fatal("locked while the person was typing")
	}
}

// signedInShell makes u the clinic's first (admin) account, signs it in on
// the sign-in screen and waits for its screens.
func signedInShell(t *testing.T, s *stack, u access.NewUser) (*Shell, *access.Service) {
	t.Helper()
	g, users := s.gate(t)
	if _, err := users.Setup(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	sh := s.shell(t, g)
	s.waitFor(t, "the sign-in", func() bool { return sh.SignIn != nil })
	test.Type(sh.SignIn.Username, u.Username)
	test.Type(sh.SignIn.Password, u.Password)
	sh.SignIn.Submit()
	s.waitFor(t, "the screens", func() bool { return sh.Main != nil })
	return sh, users
}

// adminShell signs in the clinic's only account, an admin without desk
// roles, and waits for the admin's screens.
func adminShell(t *testing.T, s *stack) (*Shell, *access.Service) {
	t.Helper()
	sh, users := signedInShell(t, s, access.NewUser{Username: "admin", Name: "Budi", Roles: []access.Role{access.Admin}, Password: "Kl1nik-Sehat-2026"})
	s.waitFor(t, "the admin screens", func() bool { return sh.Main.Users != nil })
	return sh, users
}

func TestAdminManagesUsersOnScreen(t *testing.T) {
	s := newStack(t)
	sh, users := adminShell(t, s)
	u := sh.Main.Users
	s.waitFor(t, "the account list", func() bool { return len(u.users) == 1 })

	test.Tap(u.AddBtn)
	f := u.Form
	test.Type(f.Username, "dr.sari")
	test.Type(f.Name, "dr. Sari")
	test.Type(f.Password, "Dokter-Sari-2026")
	test.Type(f.Again, "Dokter-Sari-2026")
	f.Submit()
	s.waitFor(t, "the refusal without a role", func() bool { return len(u.users) == 1 && u.Form != nil })
	f.Roles[access.Doctor].SetChecked(true)
	f.Roles[access.Printing].SetChecked(true)
	f.Submit()
	s.waitFor(t, "the new account", func() bool { return len(u.users) == 2 })
	p, err := users.SignIn(t.Context(), "dr.sari", "Dokter-Sari-2026")
	if err != nil || !p.Has(access.Doctor) || !p.Has(access.Printing) || p.Has(access.FrontDesk) {
		t.Fatalf("new account signs in as %+v, %v", p, err)
	}

	// Disable it from the screen: it can no longer sign in.
	u.Table.Select(widget.TableCellID{Row: 1, Col: 0})
	test.Tap(u.DisableBtn)
	s.waitFor(t, "the disabled state", func() bool { return len(u.users) == 2 && u.users[1].Disabled })
	if _, err := users.SignIn(t.Context(), "dr.sari", "Dokter-Sari-2026"); access.ErrorCode(err) != access.EDISABLED {
		t.Fatalf("disabled account signs in: %v", err)
	}
}

func TestWindowSizeRemembered(t *testing.T) {
	s := newStack(t)
	g, _ := s.gate(t)
	a := test.NewTempApp(t)
	sh := NewShell(a, g)
	sh.Window.Resize(fyne.NewSize(1100, 700))
	// The test driver's window has no native window: the size alone is
	// kept, and a place kept by a real one is ignored without harm.
	sh.rememberWindow()
	if p := a.Preferences().String(placePref); p != "" {
		t.Fatalf("a place kept without a native window: %q", p)
	}
	sh.Window.Close()
	a.Preferences().SetString(placePref, "120,80,max")
	again := NewShell(a, g)
	defer again.Window.Close()
	again.RestorePlace()
	if got := again.Window.Canvas().Size(); got != fyne.NewSize(1100, 700) {
		t.Fatalf("second start at %v, want 1100x700", got)
	}
}

func TestZoomScalesAndIsRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	base := theme.DefaultTheme().Size(theme.SizeNameText)
	for range 3 {
		zoomBy(a, zoomStep)
	}
	if got := a.Settings().Theme().Size(theme.SizeNameText); math.Abs(float64(got-base*1.3)) > 0.01 {
		t.Fatalf("text at 130%%: %v, want %v", got, base*1.3)
	}
	for range 30 {
		zoomBy(a, zoomStep)
	}
	if z := a.Preferences().Float(zoomPref); z != zoomMax {
		t.Fatalf("zoom grew to %v, want the %v cap", z, zoomMax)
	}
	// The next start comes back at the same zoom.
	a.Settings().SetTheme(theme.DefaultTheme())
	applyZoom(a)
	if got := a.Settings().Theme().Size(theme.SizeNameText); math.Abs(float64(got-base*zoomMax)) > 0.01 {
		t.Fatalf("restored text size %v", got)
	}
	zoomBy(a, 0)
	if got := a.Settings().Theme().Size(theme.SizeNameText); got != base {
		t.Fatalf("reset text size %v, want %v", got, base)
	}
}

func TestEscapeClosesTheTopDialog(t *testing.T) {
	s := newStack(t)
	m := s.window(t, s.deps())
	m.showAbout()
	if m.Window.Canvas().Overlays().Top() == nil {
		t.Fatal("About did not open")
	}
	m.Window.Canvas().Unfocus()
	pressEsc(m.Window.Canvas())
	if m.Window.Canvas().Overlays().Top() != nil {
		t.Fatal("Esc left the dialog open")
	}
}

func TestSignInSaysTrainingAfterTheWizard(t *testing.T) {
	s := newStack(t)
	g, _ := s.gate(t)
	var training atomic.Bool
	setupFn := g.Setup
	g.Setup = func(ctx context.Context, a setup.Answers) (access.Principal, error) {
		p, err := setupFn(ctx, a)
		training.Store(err == nil && a.Mode == pcare.ModeTraining)
		return p, err
	}
	g.Training = training.Load
	sh := s.shell(t, g)
	s.waitFor(t, "the wizard", func() bool { return sh.Wizard != nil })
	if strings.Contains(labelsUnder(sh.Window.Content()), "MODE LATIHAN") {
		t.Fatal("the wizard warns of training before it was chosen")
	}
	z := sh.Wizard
	z.PPK.SetText("0114U163")
	z.FacilityName.SetText("Klinik Pratama Sehat")
	z.Next()
	z.Username.SetText("admin")
	z.FullName.SetText("Budi Santoso")
	z.Password.SetText("Kl1nik-Sehat-2026")
	z.Again.SetText("Kl1nik-Sehat-2026")
	z.Next()
	// Training needs nothing typed: the keyboard waits on "Selesai".
	if sh.Window.Canvas().Focused() != z.NextBtn {
		t.Fatalf("focus on %T, want the finish button", sh.Window.Canvas().Focused())
	}
	z.Next()
	s.waitFor(t, "the screens", func() bool { return sh.Main != nil })
	sh.SignOut()
	s.waitFor(t, "the sign-in", func() bool { return sh.SignIn != nil })
	if !strings.Contains(labelsUnder(sh.Window.Content()), "MODE LATIHAN") {
		t.Fatal("the sign-in after a training set-up does not say so")
	}
}
