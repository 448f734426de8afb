package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fktpdesk/access"
	"fktpdesk/audit"
	"fktpdesk/pcare"
	"fktpdesk/setup"
	"fktpdesk/sqlite"
)

// The secrets of a production set-up, and where they must not end up.
var setupSecrets = map[string]string{
	"FKTP_ADMIN_PASSWORD": "Kl1nik-Sehat-2026",
	"FKTP_CONS_SECRET":    "s3cr3t-Consumer-9X7",
	"FKTP_USER_KEY":       "uk-7f1e2d3c4b5a69788",
	"FKTP_PCARE_PASS":     "PCare-Passw0rd-Klinik",
}

func setupEnv(dir string) map[string]string {
	vars := map[string]string{"FKTP_DATA": dir, "FKTP_KEYRING": "off",
		"FKTP_CONS_ID": "12345", "FKTP_PCARE_USER": "klinik.sehat"}
	for k, v := range setupSecrets {
		vars[k] = v
	}
	return vars
}

func TestSetupThenUsers(t *testing.T) {
	dir := t.TempDir()
	vars := setupEnv(dir)
	code, out, errs := ctl(t, vars, "setup", "--admin-user", "budi", "--admin-name", "Budi Santoso", "--admin-roles", "doctor",
		"--ppk", "0114u163", "--facility-name", "Klinik Pratama Sehat", "--mode", "production")
	if code != exitOK {
		t.Fatalf("setup: exit %d, %s", code, errs)
	}
	if !strings.Contains(out, "admin \"budi\"") || !strings.Contains(out, "production") {
		t.Fatalf("setup said %q", out)
	}
	// Once only.
	if code, _, errs := ctl(t, vars, "setup", "--admin-user", "other", "--admin-name", "O", "--ppk", "0114U163", "--facility-name", "X"); code != exitAuthConfig {
		t.Fatalf("second setup: exit %d (%s), want %d", code, errs, exitAuthConfig)
	}

	// The secrets are nowhere in the database files, in plain or base64.
	for _, f := range []string{"fktp.db", "fktp.db-wal"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for k, v := range setupSecrets {
			if bytes.Contains(b, []byte(v)) || bytes.Contains(b, []byte(base64.StdEncoding.EncodeToString([]byte(v)))) {
				t.Errorf("%s holds %s in plain", f, k)
			}
		}
	}
	for k, v := range setupSecrets {
		if strings.Contains(out+errs, v) {
			t.Errorf("fktpctl printed %s", k)
		}
	}

	// Accounts from the command line.
	vars["FKTP_USER_PASSWORD"] = "Pendaftar4n!ok"
	if code, _, errs := ctl(t, vars, "user", "add", "--username", "rina", "--name", "Rina", "--roles", "front-desk"); code != exitOK {
		t.Fatalf("user add: %d %s", code, errs)
	}
	vars["FKTP_USER_PASSWORD"] = "lemah"
	if code, _, errs := ctl(t, vars, "user", "add", "--username", "tono", "--name", "Tono", "--roles", "doctor"); code != exitUsage || !strings.Contains(errs, "kurang kuat") {
		t.Fatalf("weak password: %d %s", code, errs)
	}
	if code, _, _ := ctl(t, vars, "user", "disable", "nobody"); code != exitNotFound {
		t.Fatalf("disable unknown: %d", code)
	}
	if code, _, errs := ctl(t, vars, "user", "disable", "rina"); code != exitOK {
		t.Fatalf("disable: %d %s", code, errs)
	}
	code, out, _ = ctl(t, vars, "user", "list")
	if code != exitOK || !strings.Contains(out, "budi") || !regexpMatch(`rina\s+Rina\s+front-desk\s+disabled`, out) ||
		!regexpMatch(`budi\s+Budi Santoso\s+doctor,admin`, out) {
		t.Fatalf("user list:\n%s", out)
	}
	vars["FKTP_USER_PASSWORD"] = "Baru-Sekali-2026"
	if code, _, errs := ctl(t, vars, "user", "enable", "rina"); code != exitOK {
		t.Fatalf("enable: %d %s", code, errs)
	}
	if code, _, errs := ctl(t, vars, "user", "reset-password", "rina"); code != exitOK {
		t.Fatalf("reset: %d %s", code, errs)
	}

	// What the app sees: the admin signs in, which opens the credentials;
	// rina's new password works; the CLI's work is in the audit trail.
	db, err := sqlite.Open(context.Background(), sqlite.DefaultPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	in := &setup.Install{DB: db}
	defer in.Close()
	if _, err := in.Users().SignIn(context.Background(), "rina", "Baru-Sekali-2026"); err != nil {
		t.Fatalf("rina after reset: %v", err)
	}
	if _, _, err := in.PCareConfig(context.Background()); err == nil {
		t.Fatal("credentials opened by an account that never had a key slot")
	}
	if _, err := in.Users().SignIn(context.Background(), "budi", setupSecrets["FKTP_ADMIN_PASSWORD"]); err != nil {
		t.Fatal(err)
	}
	mode, cfg, err := in.PCareConfig(context.Background())
	if err != nil || mode != pcare.ModeProduction || cfg.ConsSecret != setupSecrets["FKTP_CONS_SECRET"] ||
		cfg.UserKey != setupSecrets["FKTP_USER_KEY"] || cfg.Password != setupSecrets["FKTP_PCARE_PASS"] ||
		cfg.BaseURL != pcare.ProductionURL || cfg.PPK != "0114U163" || cfg.ConsID != "12345" {
		t.Fatalf("stored config %v %v %v", mode, cfg, err)
	}
	rep, err := db.VerifyAudit(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("audit trail %v %v", rep, err)
	}
	es, err := db.List(context.Background(), auditFilter(access.ActPasswordReset))
	if err != nil || len(es) != 1 || !strings.HasPrefix(es[0].User, "fktpctl:") {
		t.Fatalf("reset not audited as fktpctl: %+v %v", es, err)
	}
}

func regexpMatch(re, s string) bool { return regexp.MustCompile(re).MatchString(s) }

func auditFilter(a access.Action) audit.Filter { return audit.Filter{Action: a} }
