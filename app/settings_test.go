package app

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/access"
	"fktpdesk/clinic"
	"fktpdesk/pcare"
	"fktpdesk/setup"
)

// setupAnswers are a training clinic's first-start answers.
func setupAnswers() setup.Answers {
	return setup.Answers{
		Admin:    access.NewUser{Username: "admin", Name: "Budi Santoso", Roles: []access.Role{access.Admin}, Password: "Kl1nik-Sehat-2026"},
		Facility: clinic.Facility{PPK: "0114U163", Name: "Klinik Pratama Sehat"},
		Mode:     pcare.ModeTraining,
	}
}

func TestSettingsScreen(t *testing.T) {
	s := newStack(t)
	g, in := s.installGate(t)
	if _, err := in.Setup(t.Context(), setupAnswers()); err != nil {
		t.Fatal(err)
	}
	sh := s.shell(t, g)
	s.waitFor(t, "the sign-in", func() bool { return sh.SignIn != nil })
	sh.SignIn.Username.SetText("admin")
	sh.SignIn.Password.SetText("Kl1nik-Sehat-2026")
	sh.SignIn.Submit()
	s.waitFor(t, "the settings", func() bool { return sh.Main != nil && sh.Main.Settings != nil })
	st := sh.Main.Settings
	st.Refresh()
	s.waitFor(t, "the loaded settings", func() bool { return st.PPK.Text == "0114U163" })
	if st.FacilityName.Text != "Klinik Pratama Sehat" || st.mode() != pcare.ModeTraining || !strings.Contains(st.BackupAge.Text, "Belum ada cadangan") {
		t.Fatalf("loaded: name %q mode %s backup %q", st.FacilityName.Text, st.mode(), st.BackupAge.Text)
	}
	done := func(l *widget.Label) func() bool {
		return func() bool { return l.Text != "" && l.Text != "Menyimpan…" }
	}

	// The clinic's identity, checked by the set-up's rules.
	st.PPK.SetText("salah")
	test.Tap(st.SaveFacilityBtn)
	s.waitFor(t, "the refusal", done(st.Status))
	if !strings.Contains(st.Status.Text, "PPK") {
		t.Fatalf("bad PPK: %q", st.Status.Text)
	}
	st.PPK.SetText("0114u163")
	st.Address.SetText("Jl. Merdeka 1")
	st.Status.SetText("")
	test.Tap(st.SaveFacilityBtn)
	s.waitFor(t, "the save", done(st.Status))
	if f, _ := s.db.Facility(t.Context()); f.Address != "Jl. Merdeka 1" || f.PPK != "0114U163" {
		t.Fatalf("facility saved as %+v (%q)", f, st.Status.Text)
	}

	// Idle lock minutes.
	st.IdleMinutes.SetText("12")
	st.Status.SetText("")
	test.Tap(st.SaveIdleBtn)
	s.waitFor(t, "the idle save", done(st.Status))
	if d, _ := in.IdleLock(t.Context()); d != 12*time.Minute {
		t.Fatalf("idle lock %v", d)
	}

	// Backups: a folder of our choosing, then one now.
	folder := filepath.Join(t.TempDir(), "usb")
	st.BackupFolder.SetText(folder)
	st.BackupKeep.SetText("3")
	st.Status.SetText("")
	test.Tap(st.SaveBackupBtn)
	s.waitFor(t, "the backup settings", done(st.Status))
	st.Status.SetText("")
	test.Tap(st.BackupNowBtn)
	s.waitFor(t, "the backup", func() bool {
		return strings.Contains(st.Status.Text, folder) || st.Status.Importance == widget.DangerImportance
	})
	if !strings.Contains(st.BackupAge.Text, "Cadangan terakhir") || !strings.Contains(st.BackupAge.Text, folder) {
		t.Fatalf("after a backup: %q / %q", st.BackupAge.Text, st.Status.Text)
	}
	// Two days later the screen warns.
	s.clock.Advance(50 * time.Hour)
	st.Refresh()
	s.waitFor(t, "the warning", func() bool { return strings.Contains(st.BackupAge.Text, "PERINGATAN") })

	// PCare: a custom (loopback) PCare, tested, then saved; the secrets are
	// never shown again.
	cfg := s.sim.ClientConfig()
	st.Mode.SetSelectedIndex(3) // custom
	st.URL.SetText(cfg.BaseURL)
	st.ConsID.SetText(cfg.ConsID)
	st.Secret.SetText("wrong-secret")
	st.UserKey.SetText(cfg.UserKey)
	st.PUser.SetText(cfg.Username)
	st.PPass.SetText(cfg.Password)
	st.KdAplikasi.SetText("095")
	test.Tap(st.TestBtn)
	s.waitFor(t, "the failed test", func() bool {
		return st.TestBtn.Disabled() == false && !strings.Contains(st.PCareStatus.Text, "Menguji")
	})
	if strings.Contains(st.PCareStatus.Text, "berhasil") || st.PCareStatus.Text == "" {
		t.Fatalf("wrong secret tested as %q", st.PCareStatus.Text)
	}
	st.Secret.SetText(cfg.ConsSecret)
	test.Tap(st.TestBtn)
	s.waitFor(t, "the good test", func() bool { return !st.TestBtn.Disabled() && !strings.Contains(st.PCareStatus.Text, "Menguji") })
	if st.PCareStatus.Importance != widget.SuccessImportance {
		t.Fatalf("right credentials tested as %q", st.PCareStatus.Text)
	}
	test.Tap(st.SaveBtn)
	s.waitFor(t, "the PCare save", func() bool {
		return strings.Contains(st.PCareStatus.Text, "tersimpan") || st.PCareStatus.Importance == widget.DangerImportance
	})
	if st.Secret.Text != "" || !strings.Contains(st.Secret.PlaceHolder, "tersimpan") {
		t.Fatalf("secret after save: text %q placeholder %q (%q)", st.Secret.Text, st.Secret.PlaceHolder, st.PCareStatus.Text)
	}
	mode, got, err := in.PCareConfig(t.Context())
	if err != nil || mode != pcare.ModeCustom || got.ConsSecret != cfg.ConsSecret || got.BaseURL != cfg.BaseURL {
		t.Fatalf("stored %s %v %v", mode, got, err)
	}
}
