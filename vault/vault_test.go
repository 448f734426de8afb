package vault_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"

	. "fktpdesk/vault"
	"fktpdesk/vault/vaulttest"
)

func mustCreate(t *testing.T, st Store, kr Keyring) *Vault {
	t.Helper()
	v, err := Create(context.Background(), st, kr, "admin", "Admin#Klinik1")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mustGet(t *testing.T, v *Vault, name string) string {
	t.Helper()
	b, err := v.Get(context.Background(), name)
	if err != nil {
		t.Fatalf("Get(%s): %v", name, err)
	}
	return string(b)
}

func TestPasswordSlots(t *testing.T) {
	ctx := context.Background()
	st := &vaulttest.Store{}
	if _, err := Unlock(ctx, st, nil, "admin", "x"); !errors.Is(err, ErrNoVault) {
		t.Fatalf("before set-up: %v, want ErrNoVault", err)
	}
	v := mustCreate(t, st, nil)
	if err := v.Put(ctx, "pcare.password", []byte("rahasia-pcare")); err != nil {
		t.Fatal(err)
	}
	if _, err := Create(ctx, st, nil, "admin", "other"); !errors.Is(err, ErrExists) {
		t.Fatalf("second Create: %v, want ErrExists", err)
	}
	if err := v.SetSlot(ctx, "dokter1", "Dokter#Pass2"); err != nil {
		t.Fatal(err)
	}
	v.Close()

	if _, err := Unlock(ctx, st, nil, "admin", "admin#klinik1"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := Unlock(ctx, st, nil, "kasir", "Admin#Klinik1"); !errors.Is(err, ErrNoSlot) {
		t.Fatalf("unknown slot: %v", err)
	}
	if _, err := Unlock(ctx, st, nil, "", ""); !errors.Is(err, ErrNeedPassword) {
		t.Fatalf("no keyring, no password: %v", err)
	}
	for _, u := range []struct{ slot, pw string }{{"admin", "Admin#Klinik1"}, {"dokter1", "Dokter#Pass2"}} {
		v, err := Unlock(ctx, st, nil, u.slot, u.pw)
		if err != nil {
			t.Fatalf("%s: %v", u.slot, err)
		}
		if got := mustGet(t, v, "pcare.password"); got != "rahasia-pcare" {
			t.Fatalf("%s reads %q", u.slot, got)
		}
		v.Close()
	}

	// An admin resets the doctor's password: the old one stops working.
	v, _ = Unlock(ctx, st, nil, "admin", "Admin#Klinik1")
	if err := v.SetSlot(ctx, "dokter1", "Baru#Pass3"); err != nil {
		t.Fatal(err)
	}
	if _, err := Unlock(ctx, st, nil, "dokter1", "Dokter#Pass2"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("old password after reset: %v", err)
	}
	if v2, err := Unlock(ctx, st, nil, "dokter1", "Baru#Pass3"); err != nil || mustGet(t, v2, "pcare.password") != "rahasia-pcare" {
		t.Fatalf("new password after reset: %v", err)
	}

	// Disabling the doctor removes the slot; the admin's, the last, stays.
	if err := v.RemoveSlot(ctx, "dokter1"); err != nil {
		t.Fatal(err)
	}
	if _, err := Unlock(ctx, st, nil, "dokter1", "Baru#Pass3"); !errors.Is(err, ErrNoSlot) {
		t.Fatalf("removed slot: %v", err)
	}
	if err := v.RemoveSlot(ctx, "admin"); !errors.Is(err, ErrLastSlot) {
		t.Fatalf("removing the last password slot: %v", err)
	}
	if names, _ := v.SlotNames(ctx); !slices.Equal(names, []string{"admin"}) {
		t.Fatalf("slots %v", names)
	}
}

func TestKeyring(t *testing.T) {
	ctx := context.Background()
	st, kr := &vaulttest.Store{}, vaulttest.NewKeyring()
	v := mustCreate(t, st, kr)
	if err := v.KeyringStatus(); err != nil {
		t.Fatalf("keyring status after create: %v", err)
	}
	if len(kr.Entries) != 1 {
		t.Fatalf("keyring entries %d", len(kr.Entries))
	}
	for _, k := range kr.Entries {
		if bytes.Equal(k, DEK(v)) {
			t.Fatal("the keyring holds the DEK itself, not a key-encryption key")
		}
	}
	_ = v.Put(ctx, "pcare.user_key", []byte("uk-1"))
	v.Close()

	// At start, before anybody signs in: the keyring opens it.
	v, err := Unlock(ctx, st, kr, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, v, "pcare.user_key"); got != "uk-1" || v.KeyringStatus() != nil {
		t.Fatalf("through keyring: %q, %v", got, v.KeyringStatus())
	}

	// The database restored on another PC: its keyring lacks the key, a
	// password opens it, and BindKeyring makes the keyring work there.
	other := vaulttest.NewKeyring()
	if _, err := Unlock(ctx, st, other, "", ""); !errors.Is(err, ErrNeedPassword) || !errors.Is(err, ErrKeyNotFound) {
		t.Fatalf("other machine without password: %v", err)
	}
	v, err = Unlock(ctx, st, other, "admin", "Admin#Klinik1")
	if err != nil || !errors.Is(v.KeyringStatus(), ErrKeyNotFound) {
		t.Fatalf("other machine with password: %v, keyring %v", err, v.KeyringStatus())
	}
	if err := v.BindKeyring(ctx, other); err != nil {
		t.Fatal(err)
	}
	if v, err = Unlock(ctx, st, other, "", ""); err != nil || mustGet(t, v, "pcare.user_key") != "uk-1" {
		t.Fatalf("other machine after BindKeyring: %v", err)
	}
	// The first machine's key no longer matches the replaced slot.
	if _, err := Unlock(ctx, st, kr, "", ""); !errors.Is(err, ErrNeedPassword) {
		t.Fatalf("first machine after rebinding elsewhere: %v", err)
	}
}

func TestNoKeyringFallsBackToPassword(t *testing.T) {
	ctx := context.Background()
	st, kr := &vaulttest.Store{}, vaulttest.NewKeyring()
	kr.Err = ErrNoKeyring // as on a PC with no Secret Service
	v := mustCreate(t, st, kr)
	if !errors.Is(v.KeyringStatus(), ErrNoKeyring) {
		t.Fatalf("status %v", v.KeyringStatus())
	}
	_ = v.Put(ctx, "s", []byte("x"))
	v.Close()
	if _, ok := st.Slots[KeyringSlot]; ok {
		t.Fatal("a keyring slot was stored without a keyring")
	}
	if _, err := Unlock(ctx, st, kr, "", ""); !errors.Is(err, ErrNeedPassword) || !errors.Is(err, ErrKeyNotFound) {
		t.Fatalf("without password: %v", err)
	}
	// Binding later, still without a keyring, fails and changes nothing.
	v, _ = Unlock(ctx, st, kr, "admin", "Admin#Klinik1")
	if err := v.BindKeyring(ctx, kr); !errors.Is(err, ErrNoKeyring) || !errors.Is(v.KeyringStatus(), ErrNoKeyring) {
		t.Fatalf("BindKeyring without a keyring: %v", err)
	}
	v.Close()
	v, err := Unlock(ctx, st, kr, "admin", "Admin#Klinik1")
	if err != nil || mustGet(t, v, "s") != "x" {
		t.Fatalf("with password: %v", err)
	}
}

func TestTamperingIsRefused(t *testing.T) {
	ctx := context.Background()
	st := &vaulttest.Store{}
	v := mustCreate(t, st, nil)
	_ = v.PutAll(ctx, map[string][]byte{"a": []byte("secret-a"), "b": []byte("secret-b")})

	flip := func(b []byte, i int) []byte { b = bytes.Clone(b); b[i] ^= 1; return b }
	sealedA := st.Secrets["a"]
	for i := range sealedA {
		st.Secrets["a"] = flip(sealedA, i)
		if _, err := v.Get(ctx, "a"); !errors.Is(err, ErrTampered) {
			t.Fatalf("byte %d flipped: %v", i, err)
		}
	}
	st.Secrets["a"] = sealedA[:len(sealedA)-1]
	if _, err := v.Get(ctx, "a"); !errors.Is(err, ErrTampered) {
		t.Fatalf("truncated: %v", err)
	}
	// A sealed value moved to another name does not open there.
	st.Secrets["a"] = st.Secrets["b"]
	if _, err := v.Get(ctx, "a"); !errors.Is(err, ErrTampered) {
		t.Fatalf("b's value under a: %v", err)
	}
	if got := mustGet(t, v, "b"); got != "secret-b" {
		t.Fatalf("b: %q", got)
	}

	// Weakened parameters or another slot's blob do not open a slot: the
	// parameters and the name are bound to the sealed DEK.
	_ = v.SetSlot(ctx, "dokter1", "Dokter#Pass2")
	admin := st.Slots["admin"]
	weak := admin
	weak.KDF.Time++
	st.Slots["admin"] = weak
	if _, err := Unlock(ctx, st, nil, "admin", "Admin#Klinik1"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("changed parameters: %v", err)
	}
	moved := st.Slots["dokter1"]
	moved.Name = "admin"
	st.Slots["admin"] = moved
	if _, err := Unlock(ctx, st, nil, "admin", "Dokter#Pass2"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("doctor's slot under admin: %v", err)
	}
	huge := admin
	huge.KDF.MemoryKiB = 1 << 30
	st.Slots["admin"] = huge
	if _, err := Unlock(ctx, st, nil, "admin", "Admin#Klinik1"); !errors.Is(err, ErrBadParams) {
		t.Fatalf("absurd memory parameter: %v", err)
	}
	st.Slots["admin"] = admin
	if _, err := Unlock(ctx, st, nil, "admin", "Admin#Klinik1"); err != nil {
		t.Fatalf("restored slot: %v", err)
	}
}

func TestSealing(t *testing.T) {
	ctx := context.Background()
	st := &vaulttest.Store{}
	v := mustCreate(t, st, nil)
	_ = v.Put(ctx, "x", []byte("same value"))
	first := st.Secrets["x"]
	_ = v.Put(ctx, "x", []byte("same value"))
	if bytes.Equal(first, st.Secrets["x"]) {
		t.Fatal("two writes of one value gave the same ciphertext: the nonce was reused")
	}
	if bytes.Contains(st.Secrets["x"], []byte("same value")) {
		t.Fatal("plain text in the sealed value")
	}
	if ok, _ := v.Has(ctx, "x"); !ok {
		t.Fatal("Has(x) false")
	}
	if ok, _ := v.Has(ctx, "y"); ok {
		t.Fatal("Has(y) true")
	}
	if _, err := v.Get(ctx, "y"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get(y): %v", err)
	}
	if err := v.Delete(ctx, "x"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := v.Has(ctx, "x"); ok {
		t.Fatal("deleted secret still there")
	}

	dek := DEK(v)
	v.Close()
	if !bytes.Equal(dek, make([]byte, 32)) {
		t.Fatal("Close left the DEK in memory")
	}
	if _, err := v.Get(ctx, "x"); !errors.Is(err, ErrLocked) {
		t.Fatalf("Get after Close: %v", err)
	}
	if err := v.Put(ctx, "x", nil); !errors.Is(err, ErrLocked) {
		t.Fatalf("Put after Close: %v", err)
	}
	if err := v.SetSlot(ctx, "u", "p"); !errors.Is(err, ErrLocked) {
		t.Fatalf("SetSlot after Close: %v", err)
	}
}

func TestSlotNamesAreChecked(t *testing.T) {
	ctx := context.Background()
	st := &vaulttest.Store{}
	if _, err := Create(ctx, st, nil, KeyringSlot, "pw"); err == nil {
		t.Fatal("a password slot took the keyring slot's name")
	}
	if _, err := Create(ctx, st, nil, "admin", ""); err == nil {
		t.Fatal("empty password accepted")
	}
	v := mustCreate(t, st, nil)
	if err := v.SetSlot(ctx, " ", "pw"); err == nil {
		t.Fatal("blank slot name accepted")
	}
}

// BenchmarkDeriveKEK measures one unlock's argon2id with the parameters new
// slots get (DefaultTime, DefaultMemoryKiB, DefaultThreads).
func BenchmarkDeriveKEK(b *testing.B) {
	k := KDF{Salt: make([]byte, 16), Time: DefaultTime, MemoryKiB: DefaultMemoryKiB, Threads: DefaultThreads}
	for b.Loop() {
		if _, err := DeriveKEK(k, "Admin#Klinik1"); err != nil {
			b.Fatal(err)
		}
	}
}
