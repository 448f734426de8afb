package keyring

import (
	"context"
	"errors"
	"testing"

	"fktpdesk/vault"
	"fktpdesk/vault/vaulttest"
)

// TestNoSecretServiceHere (Linux only: elsewhere it would reach the
// machine's real keyring) uses the real go-keyring provider with a session
// bus address that nothing listens on: what a Linux PC without a desktop
// keyring gives. The vault must be created without a keyring slot.
func TestNoSecretServiceHere(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+t.TempDir()+"/no-bus")
	ctx := context.Background()
	kr := OS{}
	if _, err := kr.Get(ctx, "vault-x"); !errors.Is(err, vault.ErrNoKeyring) {
		t.Fatalf("Get: %v, want ErrNoKeyring", err)
	}
	st := &vaulttest.Store{}
	v, err := vault.Create(ctx, st, kr, "admin", "Admin#Klinik1")
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(v.KeyringStatus(), vault.ErrNoKeyring) {
		t.Fatalf("keyring status %v", v.KeyringStatus())
	}
	if _, ok := st.Slots[vault.KeyringSlot]; ok {
		t.Fatal("keyring slot stored without a keyring")
	}
	v.Close()
	if _, err := vault.Unlock(ctx, st, kr, "admin", "Admin#Klinik1"); err != nil {
		t.Fatalf("password fallback: %v", err)
	}
}
