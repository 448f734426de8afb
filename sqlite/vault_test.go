package sqlite

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"fktpdesk/pcare"
	"fktpdesk/vault"
	"fktpdesk/vault/vaulttest"
)

// realCfg has secrets distinctive enough to find in raw file bytes.
var realCfg = pcare.Config{
	BaseURL: pcare.DevURL, ConsID: "7925", ConsSecret: "KONSUMEN-rahasia-7f3a9c41", UserKey: "userkey-5b1e77d0aa",
	Username: "klinik0114", Password: "PassPCare!9921zz", KdAplikasi: "095", PPK: "0114U163",
}

// wantNoSecrets fails when any secret, or its base64, is in a file.
func wantNoSecrets(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{realCfg.ConsSecret, realCfg.UserKey, realCfg.Password} {
			for _, form := range []string{s, base64.StdEncoding.EncodeToString([]byte(s))} {
				if bytes.Contains(raw, []byte(form)) {
					t.Fatalf("%s contains the secret %q in plain text", filepath.Base(p), form)
				}
			}
		}
	}
}

func TestPCareSecretsAreNotInTheDatabaseFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	db, _ := openAt(t, path)
	v, err := vault.Create(ctx, db, nil, "user:1", "Admin#Klinik1")
	if err != nil {
		t.Fatal(err)
	}
	if err := pcare.SaveConfig(ctx, db, v, pcare.ModeDev, realCfg); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Fatalf("expected a WAL file while open: %v", err)
	}
	wantNoSecrets(t, path, path+"-wal")
	// The non-secret settings are there in plain (proof that we looked at
	// the right bytes).
	if raw, _ := os.ReadFile(path + "-wal"); !bytes.Contains(raw, []byte("klinik0114")) {
		t.Fatal("the PCare username is not in the WAL: the check reads the wrong file")
	}

	mode, got, err := pcare.LoadConfig(ctx, db, v)
	if err != nil || mode != pcare.ModeDev || got != realCfg {
		t.Fatalf("LoadConfig: %v %+v, %v", mode, got, err)
	}
	v.Close()
	db.Close()
	wantNoSecrets(t, path, path+"-wal")

	// Reopened: the admin's password opens the same secrets.
	db, _ = openAt(t, path)
	v, err = vault.Unlock(ctx, db, nil, "user:1", "Admin#Klinik1")
	if err != nil {
		t.Fatal(err)
	}
	if _, got, _ := pcare.LoadConfig(ctx, db, v); got != realCfg {
		t.Fatalf("after reopen: %+v", got)
	}
}

func TestVaultSlotsOnSQLite(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	if _, err := vault.Unlock(ctx, db, nil, "user:1", "x"); !errors.Is(err, vault.ErrNoVault) {
		t.Fatalf("before set-up: %v", err)
	}
	kr := vaulttest.NewKeyring()
	v, err := vault.Create(ctx, db, kr, "user:1", "Admin#Klinik1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := vault.Create(ctx, db, nil, "user:1", "x"); !errors.Is(err, vault.ErrExists) {
		t.Fatalf("second Create: %v", err)
	}
	if err := pcare.SaveConfig(ctx, db, v, pcare.ModeProduction, realCfg); err != nil {
		t.Fatal(err)
	}
	if err := v.SetSlot(ctx, "user:2", "Dokter#Pass2"); err != nil {
		t.Fatal(err)
	}
	v.Close()

	want := realCfg
	want.BaseURL = pcare.ProductionURL
	load := func(slot, pw string, kr vault.Keyring) (pcare.Config, error) {
		v, err := vault.Unlock(ctx, db, kr, slot, pw)
		if err != nil {
			return pcare.Config{}, err
		}
		defer v.Close()
		_, cfg, err := pcare.LoadConfig(ctx, db, v)
		return cfg, err
	}
	// The keyring opens it with no password; a second user's slot and the
	// admin's open the same secrets; a wrong password does not.
	for _, c := range []struct {
		slot, pw string
		kr       vault.Keyring
	}{{"", "", kr}, {"user:2", "Dokter#Pass2", nil}, {"user:1", "Admin#Klinik1", nil}} {
		if got, err := load(c.slot, c.pw, c.kr); err != nil || got != want {
			t.Fatalf("slot %q: %+v, %v", c.slot, got, err)
		}
	}
	if _, err := load("user:2", "dokter#pass2", nil); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("wrong password: %v", err)
	}
	noKeyring := vaulttest.NewKeyring()
	noKeyring.Err = vault.ErrNoKeyring
	if _, err := load("", "", noKeyring); !errors.Is(err, vault.ErrNeedPassword) {
		t.Fatalf("no keyring, no password: %v", err)
	}
	if got, err := load("user:2", "Dokter#Pass2", noKeyring); err != nil || got != want {
		t.Fatalf("no keyring, password: %v", err)
	}

	// A reset replaces the slot: the old password stops working.
	v, _ = vault.Unlock(ctx, db, nil, "user:1", "Admin#Klinik1")
	if err := v.SetSlot(ctx, "user:2", "Baru#Pass3"); err != nil {
		t.Fatal(err)
	}
	if _, err := load("user:2", "Dokter#Pass2", nil); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("old password after reset: %v", err)
	}
	if _, err := load("user:2", "Baru#Pass3", nil); err != nil {
		t.Fatalf("new password after reset: %v", err)
	}
	if err := v.RemoveSlot(ctx, "user:2"); err != nil {
		t.Fatal(err)
	}
	if _, err := load("user:2", "Baru#Pass3", nil); !errors.Is(err, vault.ErrNoSlot) {
		t.Fatalf("removed slot: %v", err)
	}
	if err := v.RemoveSlot(ctx, "user:2"); !errors.Is(err, vault.ErrNoSlot) {
		t.Fatalf("removing twice: %v", err)
	}

	// A sealed secret changed in the file is refused, not misread.
	if _, err := db.write.ExecContext(ctx, `UPDATE vault_secrets SET sealed = substr(sealed, 1, 20) || X'00' || substr(sealed, 22) WHERE name = ?`,
		pcare.SecretPassword); err != nil {
		t.Fatal(err)
	}
	if _, _, err := pcare.LoadConfig(ctx, db, v); !errors.Is(err, vault.ErrTampered) {
		t.Fatalf("tampered secret: %v", err)
	}
}

func TestSavePCareConfig(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	if set, err := pcare.LoadSettings(ctx, db); err != nil || set.Mode != pcare.ModeTraining {
		t.Fatalf("before any save: %+v, %v", set, err)
	}
	v, err := vault.Create(ctx, db, nil, "user:1", "Admin#Klinik1")
	if err != nil {
		t.Fatal(err)
	}
	if mode, cfg, err := pcare.LoadConfig(ctx, db, v); err != nil || mode != pcare.ModeTraining || cfg != (pcare.Config{}) {
		t.Fatalf("before any save: %v %+v %v", mode, cfg, err)
	}

	// Missing secrets are refused, with a sentence per field, and nothing is stored.
	partial := realCfg
	partial.UserKey = ""
	err = pcare.SaveConfig(ctx, db, v, pcare.ModeDev, partial)
	if pcare.KindOf(err) != pcare.KindConfig || !hasField(err, "UserKey") {
		t.Fatalf("missing user key: %v", err)
	}
	if ok, _ := v.Has(ctx, pcare.SecretConsSecret); ok {
		t.Fatal("a refused save stored a secret")
	}
	// A plain-http URL to another machine is refused as insecure.
	insecure := realCfg
	insecure.BaseURL = "http://apijkn.bpjs-kesehatan.go.id/pcare-rest"
	if err := pcare.SaveConfig(ctx, db, v, pcare.ModeCustom, insecure); pcare.KindOf(err) != pcare.KindInsecure {
		t.Fatalf("http URL: %v", err)
	}

	if err := pcare.SaveConfig(ctx, db, v, pcare.ModeDev, realCfg); err != nil {
		t.Fatal(err)
	}
	// The screen never shows secrets: blank entries keep the stored ones.
	edit := realCfg
	edit.ConsSecret, edit.UserKey, edit.Password = "", "", "PasswordBaru#2"
	edit.Username = "klinik0115"
	if err := pcare.SaveConfig(ctx, db, v, pcare.ModeDev, edit); err != nil {
		t.Fatal(err)
	}
	want := realCfg
	want.Username, want.Password = "klinik0115", "PasswordBaru#2"
	if _, got, _ := pcare.LoadConfig(ctx, db, v); got != want {
		t.Fatalf("after editing: %+v", got)
	}

	// Training keeps what was set up, for switching back.
	if err := pcare.SaveConfig(ctx, db, v, pcare.ModeTraining, pcare.Config{}); err != nil {
		t.Fatal(err)
	}
	if mode, cfg, _ := pcare.LoadConfig(ctx, db, v); mode != pcare.ModeTraining || cfg.ConsSecret != "" || cfg.BaseURL != "" {
		t.Fatalf("training: %v %+v", mode, cfg)
	}
	if err := pcare.SaveConfig(ctx, db, v, pcare.ModeDev, pcare.Config{ConsID: "7925", Username: "klinik0115", KdAplikasi: "095", PPK: "0114U163"}); err != nil {
		t.Fatal(err)
	}
	if _, got, _ := pcare.LoadConfig(ctx, db, v); got != want {
		t.Fatalf("back from training: %+v", got)
	}
	if err := pcare.SaveConfig(ctx, db, v, "besok", realCfg); pcare.KindOf(err) != pcare.KindConfig {
		t.Fatalf("unknown mode: %v", err)
	}
	// A locked vault cannot load the secrets.
	v.Close()
	if _, _, err := pcare.LoadConfig(ctx, db, v); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("locked: %v", err)
	}
}

func hasField(err error, field string) bool {
	var pe *pcare.Error
	if !errors.As(err, &pe) {
		return false
	}
	for _, f := range pe.Fields {
		if f.Field == field && f.Message != "" {
			return true
		}
	}
	return false
}
