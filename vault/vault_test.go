package vault

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"testing"
)

// memStore is a Store in memory with the contract's errors. The sqlite
// implementation is tested against a real file in package sqlite.
type memStore struct {
	mu      sync.Mutex
	id      string
	slots   map[string]Slot
	secrets map[string][]byte
}

func newMemStore() *memStore { return &memStore{} }

func (m *memStore) LoadVault(context.Context) (Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.id == "" {
		return Record{}, ErrNoVault
	}
	rec := Record{ID: m.id}
	for _, k := range slices.Sorted(maps.Keys(m.slots)) {
		rec.Slots = append(rec.Slots, m.slots[k])
	}
	return rec, nil
}

func (m *memStore) CreateVault(_ context.Context, id string, slots []Slot) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.id != "" {
		return ErrExists
	}
	m.id, m.slots, m.secrets = id, map[string]Slot{}, map[string][]byte{}
	for _, s := range slots {
		m.slots[s.Name] = s
	}
	return nil
}

func (m *memStore) PutSlot(_ context.Context, s Slot) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.slots[s.Name] = s
	return nil
}

func (m *memStore) DeleteSlot(_ context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.slots[name]; !ok {
		return ErrNoSlot
	}
	delete(m.slots, name)
	return nil
}

func (m *memStore) PutSecrets(_ context.Context, ss []Sealed) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range ss {
		m.secrets[s.Name] = bytes.Clone(s.Value)
	}
	return nil
}

func (m *memStore) Secret(_ context.Context, name string) (Sealed, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.secrets[name]
	if !ok {
		return Sealed{}, ErrNotFound
	}
	return Sealed{Name: name, Value: bytes.Clone(v)}, nil
}

func (m *memStore) DeleteSecret(_ context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.secrets, name)
	return nil
}

// fakeKeyring is an OS keyring in memory; with err set it behaves like a
// machine without one.
type fakeKeyring struct {
	mu      sync.Mutex
	entries map[string][]byte
	err     error
}

func newFakeKeyring() *fakeKeyring { return &fakeKeyring{entries: map[string][]byte{}} }

func (f *fakeKeyring) Get(_ context.Context, account string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	k, ok := f.entries[account]
	if !ok {
		return nil, ErrKeyNotFound
	}
	return bytes.Clone(k), nil
}

func (f *fakeKeyring) Set(_ context.Context, account string, key []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	f.entries[account] = bytes.Clone(key)
	return nil
}

func (f *fakeKeyring) Delete(_ context.Context, account string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.entries, account)
	return nil
}

// TestMain makes argon2id cheap here; BenchmarkDeriveKEK measures the real
// parameters.
func TestMain(m *testing.M) {
	kdfParams = KDF{Time: 1, MemoryKiB: 64, Threads: 1}
	m.Run()
}

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
	st := newMemStore()
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
	st, kr := newMemStore(), newFakeKeyring()
	v := mustCreate(t, st, kr)
	if err := v.KeyringStatus(); err != nil {
		t.Fatalf("keyring status after create: %v", err)
	}
	if len(kr.entries) != 1 {
		t.Fatalf("keyring entries %d", len(kr.entries))
	}
	for _, k := range kr.entries {
		if bytes.Equal(k, v.dek) {
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
	other := newFakeKeyring()
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
	st, kr := newMemStore(), newFakeKeyring()
	kr.err = ErrNoKeyring // as on a PC with no Secret Service
	v := mustCreate(t, st, kr)
	if !errors.Is(v.KeyringStatus(), ErrNoKeyring) {
		t.Fatalf("status %v", v.KeyringStatus())
	}
	_ = v.Put(ctx, "s", []byte("x"))
	v.Close()
	rec, _ := st.LoadVault(ctx)
	if _, ok := findSlot(rec, KeyringSlot); ok {
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
	st := newMemStore()
	v := mustCreate(t, st, nil)
	_ = v.PutAll(ctx, map[string][]byte{"a": []byte("secret-a"), "b": []byte("secret-b")})

	flip := func(b []byte, i int) []byte { b = bytes.Clone(b); b[i] ^= 1; return b }
	sealedA := st.secrets["a"]
	for i := range sealedA {
		st.secrets["a"] = flip(sealedA, i)
		if _, err := v.Get(ctx, "a"); !errors.Is(err, ErrTampered) {
			t.Fatalf("byte %d flipped: %v", i, err)
		}
	}
	st.secrets["a"] = sealedA[:len(sealedA)-1]
	if _, err := v.Get(ctx, "a"); !errors.Is(err, ErrTampered) {
		t.Fatalf("truncated: %v", err)
	}
	// A sealed value moved to another name does not open there.
	st.secrets["a"] = st.secrets["b"]
	if _, err := v.Get(ctx, "a"); !errors.Is(err, ErrTampered) {
		t.Fatalf("b's value under a: %v", err)
	}
	if got := mustGet(t, v, "b"); got != "secret-b" {
		t.Fatalf("b: %q", got)
	}

	// Weakened parameters or another slot's blob do not open a slot: the
	// parameters and the name are bound to the sealed DEK.
	_ = v.SetSlot(ctx, "dokter1", "Dokter#Pass2")
	admin := st.slots["admin"]
	weak := admin
	weak.KDF.Time++
	st.slots["admin"] = weak
	if _, err := Unlock(ctx, st, nil, "admin", "Admin#Klinik1"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("changed parameters: %v", err)
	}
	moved := st.slots["dokter1"]
	moved.Name = "admin"
	st.slots["admin"] = moved
	if _, err := Unlock(ctx, st, nil, "admin", "Dokter#Pass2"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("doctor's slot under admin: %v", err)
	}
	huge := admin
	huge.KDF.MemoryKiB = 1 << 30
	st.slots["admin"] = huge
	if _, err := Unlock(ctx, st, nil, "admin", "Admin#Klinik1"); !errors.Is(err, ErrBadParams) {
		t.Fatalf("absurd memory parameter: %v", err)
	}
	st.slots["admin"] = admin
	if _, err := Unlock(ctx, st, nil, "admin", "Admin#Klinik1"); err != nil {
		t.Fatalf("restored slot: %v", err)
	}
}

func TestSealing(t *testing.T) {
	ctx := context.Background()
	st := newMemStore()
	v := mustCreate(t, st, nil)
	_ = v.Put(ctx, "x", []byte("same value"))
	first := st.secrets["x"]
	_ = v.Put(ctx, "x", []byte("same value"))
	if bytes.Equal(first, st.secrets["x"]) {
		t.Fatal("two writes of one value gave the same ciphertext: the nonce was reused")
	}
	if bytes.Contains(st.secrets["x"], []byte("same value")) {
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

	dek := v.dek
	v.Close()
	if !bytes.Equal(dek, make([]byte, keyLen)) {
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
	st := newMemStore()
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
	k := KDF{Salt: make([]byte, saltLen), Time: DefaultTime, MemoryKiB: DefaultMemoryKiB, Threads: DefaultThreads}
	for b.Loop() {
		key, err := k.derive("Admin#Klinik1")
		if err != nil {
			b.Fatal(err)
		}
		zero(key)
	}
}
