package keyring

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	gokeyring "github.com/zalando/go-keyring"

	"fktpdesk/vault"
	"fktpdesk/vault/vaulttest"
)

// available skips the platform probe.
func available() error { return nil }

// memBackend stands in for go-keyring's provider; with err set it fails
// the way a missing Secret Service does.
type memBackend struct {
	entries map[string]string
	err     error
}

func newBackend() *memBackend { return &memBackend{entries: map[string]string{}} }

func (m *memBackend) Set(service, user, password string) error {
	if m.err != nil {
		return m.err
	}
	m.entries[service+"/"+user] = password
	return nil
}

func (m *memBackend) Get(service, user string) (string, error) {
	if m.err != nil {
		return "", m.err
	}
	p, ok := m.entries[service+"/"+user]
	if !ok {
		return "", gokeyring.ErrNotFound
	}
	return p, nil
}

func (m *memBackend) Delete(service, user string) error {
	if m.err != nil {
		return m.err
	}
	if _, ok := m.entries[service+"/"+user]; !ok {
		return gokeyring.ErrNotFound
	}
	delete(m.entries, service+"/"+user)
	return nil
}

func (m *memBackend) DeleteAll(string) error { return m.err }

func TestRoundTripThroughGoKeyring(t *testing.T) {
	ctx := context.Background()
	be := newBackend()
	kr := OS{probe: available, backend: be}
	key := bytes.Repeat([]byte{0xa5}, 32)
	if _, err := kr.Get(ctx, "vault-1"); !errors.Is(err, vault.ErrKeyNotFound) {
		t.Fatalf("Get before Set: %v, want ErrKeyNotFound", err)
	}
	if err := kr.Set(ctx, "vault-1", key); err != nil {
		t.Fatal(err)
	}
	stored := be.entries[DefaultService+"/vault-1"]
	if stored == string(key) || stored == "" {
		t.Fatalf("stored as %q, want base64 text", stored)
	}
	got, err := kr.Get(ctx, "vault-1")
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("Get: %x, %v", got, err)
	}
	if err := kr.Delete(ctx, "vault-1"); err != nil {
		t.Fatal(err)
	}
	if err := kr.Delete(ctx, "vault-1"); err != nil {
		t.Fatalf("deleting a missing entry: %v", err)
	}
	if _, err := kr.Get(ctx, "vault-1"); !errors.Is(err, vault.ErrKeyNotFound) {
		t.Fatalf("Get after Delete: %v", err)
	}

	// The vault through this adapter: created with a keyring slot, opened
	// without a password.
	st := &vaulttest.Store{}
	v, err := vault.Create(ctx, st, kr, "admin", "Admin#Klinik1")
	if err != nil || v.KeyringStatus() != nil {
		t.Fatalf("Create: %v, keyring %v", err, v.KeyringStatus())
	}
	_ = v.Put(ctx, "s", []byte("x"))
	v.Close()
	if v, err = vault.Unlock(ctx, st, kr, "", ""); err != nil {
		t.Fatalf("Unlock through the keyring: %v", err)
	}
	if b, _ := v.Get(ctx, "s"); string(b) != "x" {
		t.Fatalf("secret %q", b)
	}
}

func TestKeyringFailuresMeanNoKeyring(t *testing.T) {
	ctx := context.Background()
	be := newBackend()
	be.err = errors.New("org.freedesktop.secrets was not provided by any .service files")
	kr := OS{probe: available, backend: be}
	if _, err := kr.Get(ctx, "a"); !errors.Is(err, vault.ErrNoKeyring) {
		t.Fatalf("Get: %v", err)
	}
	if err := kr.Set(ctx, "a", []byte{1}); !errors.Is(err, vault.ErrNoKeyring) {
		t.Fatalf("Set: %v", err)
	}

	// A probe that fails stops before go-keyring is asked at all.
	be = newBackend()
	none := OS{probe: func() error { return errors.New("no session bus") }, backend: be}
	if err := none.Set(ctx, "a", []byte{1}); !errors.Is(err, vault.ErrNoKeyring) {
		t.Fatalf("Set without a bus: %v", err)
	}
	if len(be.entries) != 0 {
		t.Fatal("the keyring was written although the probe failed")
	}

	// A keyring that never answers (waiting for someone to unlock it).
	hang := make(chan struct{})
	defer close(hang)
	slow := OS{probe: available, Timeout: time.Millisecond}
	if err := slow.call(ctx, func() error { <-hang; return nil }); !errors.Is(err, vault.ErrNoKeyring) {
		t.Fatalf("hanging keyring: %v", err)
	}
}
