package app

import (
	"context"
	"flag"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/access"
	"fktpdesk/pcare"
	"fktpdesk/setup"
	"fktpdesk/sqlite"
)

// installState is what a first start leaves behind, secrets included
// (read back through the vault after the admin signs in).
type installState struct {
	Users    []string
	Facility any
	Mode     pcare.Mode
	Config   pcare.Config
}

func readInstall(t *testing.T, in *setup.Install, user, pw string) installState {
	t.Helper()
	ctx := context.Background()
	if _, err := in.Users().SignIn(ctx, user, pw); err != nil {
		t.Fatal(err)
	}
	us, err := in.DB.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var st installState
	for _, u := range us {
		st.Users = append(st.Users, u.Username+"|"+u.Name+"|"+access.JoinRoles(u.Roles))
	}
	if st.Facility, err = in.DB.Facility(ctx); err != nil {
		t.Fatal(err)
	}
	if st.Mode, st.Config, err = in.PCareConfig(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestScriptedSetupEqualsWizard answers the wizard on one installation
// and gives fktpctl setup's flags the same answers on another: the two
// end up the same, down to the decrypted credentials.
func TestScriptedSetupEqualsWizard(t *testing.T) {
	s := newStack(t)
	g, wizIn := s.installGate(t)
	sh := s.shell(t, g)
	s.waitFor(t, "the wizard", func() bool { return sh.Wizard != nil })
	z := sh.Wizard
	test.Type(z.PPK, "0114U163")
	test.Type(z.FacilityName, "Klinik Pratama Sehat")
	test.Type(z.Address, "Jl. Merdeka 1")
	z.Next()
	test.Type(z.Username, "admin")
	test.Type(z.FullName, "Budi Santoso")
	test.Type(z.Password, "Kl1nik-Sehat-2026")
	test.Type(z.Again, "Kl1nik-Sehat-2026")
	z.AlsoRoles[access.Doctor].SetChecked(true)
	z.AlsoRoles[access.Printing].SetChecked(true)
	z.Next()
	z.Mode.SetSelected(z.modeNames[2]) // production
	test.Type(z.ConsID, "12345")
	test.Type(z.Secret, "s3cr3t-Consumer-9X7")
	test.Type(z.UserKey, "uk-7f1e2d3c4b5a69788")
	test.Type(z.PUser, "klinik.sehat")
	test.Type(z.PPass, "PCare-Passw0rd-Klinik")
	z.Next()
	s.waitFor(t, "the set-up", func() bool { return sh.Main != nil })

	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "fktp.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cliIn := &setup.Install{DB: db, Params: access.Params{MemoryKiB: 1024, Time: 1, Threads: 1}}
	t.Cleanup(cliIn.Close)
	fs := flag.NewFlagSet("setup", flag.ContinueOnError)
	answers := setup.Flags(fs, envMap{
		setup.EnvAdminPassword: "Kl1nik-Sehat-2026", pcare.EnvConsSecret: "s3cr3t-Consumer-9X7",
		pcare.EnvUserKey: "uk-7f1e2d3c4b5a69788", pcare.EnvPass: "PCare-Passw0rd-Klinik",
	}.get)
	if err := fs.Parse([]string{"--admin-user", "admin", "--admin-name", "Budi Santoso", "--admin-roles", "doctor,printing", "--ppk", "0114U163",
		"--facility-name", "Klinik Pratama Sehat", "--address", "Jl. Merdeka 1", "--mode", "production",
		"--cons-id", "12345", "--pcare-user", "klinik.sehat"}); err != nil {
		t.Fatal(err)
	}
	a, err := answers()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cliIn.Setup(t.Context(), a); err != nil {
		t.Fatal(err)
	}

	wiz := readInstall(t, wizIn, "admin", "Kl1nik-Sehat-2026")
	cli := readInstall(t, cliIn, "admin", "Kl1nik-Sehat-2026")
	if !reflect.DeepEqual(wiz, cli) {
		t.Fatalf("wizard and fktpctl setup differ:\nwizard %+v\nscript %+v", wiz, cli)
	}
	if wiz.Config.ConsSecret != "s3cr3t-Consumer-9X7" || wiz.Mode != pcare.ModeProduction || wiz.Users[0] != "admin|Budi Santoso|doctor,printing,admin" {
		t.Fatalf("set-up stored %s %v", wiz.Mode, wiz.Config)
	}
}

type envMap map[string]string

func (m envMap) get(k string) string { return m[k] }

// An account made while the credentials were locked (fktpctl without the
// vault) cannot open them: the window says so and leads back to the
// sign-in, where an account with a key slot gets in.
func TestLockedCredentialsExplainedAtSignIn(t *testing.T) {
	s := newStack(t)
	params := access.Params{MemoryKiB: 1024, Time: 1, Threads: 1}
	first := &setup.Install{DB: s.db, Params: params}
	a := setupAnswers()
	a.Mode = pcare.ModeProduction
	a.PCare = pcare.Config{ConsID: "12345", ConsSecret: "s3cr3t-Consumer-9X7", UserKey: "uk-7f1e2d3c4b5a6978", Username: "klinik", Password: "PCare-Passw0rd-Klinik"}
	if _, err := first.Setup(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	first.Close()

	in := &setup.Install{DB: s.db, Params: params, Now: s.clock.Now} // a fresh start: the vault is locked
	t.Cleanup(in.Close)
	sys := access.WithPrincipal(t.Context(), access.System("fktpctl:test"))
	if _, err := in.Users().AddUser(sys, access.NewUser{Username: "rina", Name: "Rina", Roles: []access.Role{access.FrontDesk}, Password: "Pendaftar4n!ok"}); err != nil {
		t.Fatal(err)
	}
	g := &Gate{Users: in.Users(), Setup: in.Setup, Now: s.clock.Now, UI: s.ui.do,
		Open: func(ctx context.Context, _ access.Principal) (Deps, error) {
			if _, _, err := in.PCareConfig(ctx); err != nil {
				return Deps{}, err
			}
			return s.deps(), nil
		}}
	sh := s.shell(t, g)
	s.waitFor(t, "the sign-in", func() bool { return sh.SignIn != nil })
	sh.SignIn.Username.SetText("rina")
	sh.SignIn.Password.SetText("Pendaftar4n!ok")
	sh.SignIn.Submit()
	s.waitFor(t, "the explanation", func() bool { return sh.SignIn == nil && sh.Main == nil && sh.Window.Content() != nil })
	s.waitFor(t, "the explanation text", func() bool {
		return strings.Contains(labelsUnder(sh.Window.Content()), "Kredensial PCare belum terbuka")
	})
	// Back to the sign-in; the admin's password opens the credentials.
	test.Tap(findButton(sh.Window.Content(), "Kembali ke halaman masuk"))
	s.waitFor(t, "the sign-in again", func() bool { return sh.SignIn != nil })
	sh.SignIn.Username.SetText("admin")
	sh.SignIn.Password.SetText("Kl1nik-Sehat-2026")
	sh.SignIn.Submit()
	s.waitFor(t, "the screens", func() bool { return sh.Main != nil })
	// And now rina's own password opens them too: her sign-in gave her a
	// key slot once the vault was open.
	if _, err := in.Users().SignIn(t.Context(), "rina", "Pendaftar4n!ok"); err != nil {
		t.Fatal(err)
	}
	in.Close()
	again := &setup.Install{DB: s.db, Params: params}
	defer again.Close()
	if _, err := again.Users().SignIn(t.Context(), "rina", "Pendaftar4n!ok"); err != nil {
		t.Fatal(err)
	}
	if _, cfg, err := again.PCareConfig(t.Context()); err != nil || cfg.ConsSecret != "s3cr3t-Consumer-9X7" {
		t.Fatalf("rina's slot: %v %v", cfg, err)
	}
}

// labelsUnder joins the text of every label under o.
func labelsUnder(o fyne.CanvasObject) string {
	var b strings.Builder
	walkAll(o, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	})
	return b.String()
}
