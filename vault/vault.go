package vault

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Vault is an unlocked vault: it holds the DEK in memory until Close. It is
// safe for concurrent use.
type Vault struct {
	st Store
	id string

	mu  sync.RWMutex
	dek []byte // nil once closed

	keyringErr error // why the keyring slot is not in use here; nil when it is
}

// Create makes a new vault with a fresh DEK and a password slot for the
// first account (slot names it, password unlocks it). When kr is not nil it
// also tries to keep a keyring slot; a keyring that is missing or refuses is
// not an error: the vault is created without it and KeyringStatus says why.
// ErrExists when the store has a vault already.
func Create(ctx context.Context, st Store, kr Keyring, slot, password string) (*Vault, error) {
	if err := checkPasswordSlot(slot, password); err != nil {
		return nil, err
	}
	if _, err := st.LoadVault(ctx); err == nil {
		return nil, ErrExists
	} else if !errors.Is(err, ErrNoVault) {
		return nil, err
	}
	idb := make([]byte, 16)
	if _, err := rand.Read(idb); err != nil {
		return nil, err
	}
	dek, err := randomKey()
	if err != nil {
		return nil, err
	}
	v := &Vault{st: st, id: hex.EncodeToString(idb), dek: dek}
	ps, err := v.passwordSlot(slot, password)
	if err != nil {
		v.Close()
		return nil, err
	}
	slots := []Slot{ps}
	ks, kerr := v.keyringSlot(ctx, kr)
	if kerr == nil {
		slots = append(slots, ks)
	}
	v.keyringErr = kerr
	if err := st.CreateVault(ctx, v.id, slots); err != nil {
		if kerr == nil {
			_ = kr.Delete(ctx, keyringAccount(v.id))
		}
		v.Close()
		return nil, err
	}
	return v, nil
}

// Unlock opens the vault: through the keyring slot when kr is not nil and
// the keyring holds this vault's key, otherwise with the password of the
// password slot named slot. Errors:
//   - ErrNoVault: none was created yet (run set-up);
//   - ErrNeedPassword: the keyring did not open it and slot is empty;
//   - ErrNoSlot: no password slot of that name;
//   - ErrWrongPassword: the password does not open that slot;
//   - ErrBadParams: the slot's stored parameters are out of bounds.
//
// Unlock is not authentication: through the keyring it succeeds whatever
// the password.
func Unlock(ctx context.Context, st Store, kr Keyring, slot, password string) (*Vault, error) {
	rec, err := st.LoadVault(ctx)
	if err != nil {
		return nil, err
	}
	v := &Vault{st: st, id: rec.ID}
	if v.keyringErr = v.openWithKeyring(ctx, kr, rec); v.keyringErr == nil {
		return v, nil
	}
	if slot == "" {
		return nil, fmt.Errorf("%w: %w", ErrNeedPassword, v.keyringErr)
	}
	s, ok := findSlot(rec, slot)
	if !ok || s.Kind != SlotPassword {
		return nil, ErrNoSlot
	}
	kek, err := s.KDF.derive(password)
	if err != nil {
		return nil, err
	}
	defer zero(kek)
	dek, err := open(kek, s.Wrapped, slotAAD(v.id, s))
	if err != nil {
		return nil, ErrWrongPassword
	}
	if len(dek) != keyLen {
		zero(dek)
		return nil, ErrTampered
	}
	v.dek = dek
	return v, nil
}

// openWithKeyring tries the keyring slot and returns why it did not work.
func (v *Vault) openWithKeyring(ctx context.Context, kr Keyring, rec Record) error {
	if kr == nil {
		return ErrNoKeyring
	}
	s, ok := findSlot(rec, KeyringSlot)
	if !ok || s.Kind != SlotKeyring {
		return fmt.Errorf("%w: this vault has no keyring slot", ErrKeyNotFound)
	}
	kek, err := kr.Get(ctx, keyringAccount(v.id))
	if err != nil {
		return err
	}
	defer zero(kek)
	if len(kek) != keyLen {
		return fmt.Errorf("%w: keyring entry has %d bytes", ErrTampered, len(kek))
	}
	dek, err := open(kek, s.Wrapped, slotAAD(v.id, s))
	if err != nil {
		// Another vault's key, or the slot was replaced: use a password.
		return err
	}
	if len(dek) != keyLen {
		zero(dek)
		return ErrTampered
	}
	v.dek = dek
	return nil
}

func findSlot(rec Record, name string) (Slot, bool) {
	for _, s := range rec.Slots {
		if s.Name == name {
			return s, true
		}
	}
	return Slot{}, false
}

func checkPasswordSlot(name, password string) error {
	switch {
	case strings.TrimSpace(name) == "" || name == KeyringSlot:
		return fmt.Errorf("vault: invalid password slot name %q", name)
	case password == "":
		return errors.New("vault: empty password")
	}
	return nil
}

func keyringAccount(vaultID string) string { return "vault-" + vaultID }

// KeyringStatus is nil when the keyring slot is in use on this machine (the
// vault was opened through it, or bound to it), else why not: ErrNoKeyring,
// ErrKeyNotFound (another machine, or never bound), or another failure.
func (v *Vault) KeyringStatus() error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.keyringErr
}

// withDEK runs fn with the DEK, or returns ErrLocked after Close.
func (v *Vault) withDEK(fn func(dek []byte) error) error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.dek == nil {
		return ErrLocked
	}
	return fn(v.dek)
}

// unlocked is ErrLocked after Close, else nil.
func (v *Vault) unlocked() error { return v.withDEK(func([]byte) error { return nil }) }

func (v *Vault) passwordSlot(name, password string) (Slot, error) {
	kdf, err := newKDF()
	if err != nil {
		return Slot{}, err
	}
	kek, err := kdf.derive(password)
	if err != nil {
		return Slot{}, err
	}
	defer zero(kek)
	s := Slot{Name: name, Kind: SlotPassword, KDF: kdf}
	s.Wrapped, err = seal(kek, v.dek, slotAAD(v.id, s))
	return s, err
}

// keyringSlot stores a fresh KEK in the keyring and seals the DEK under it.
func (v *Vault) keyringSlot(ctx context.Context, kr Keyring) (Slot, error) {
	if kr == nil {
		return Slot{}, ErrNoKeyring
	}
	kek, err := randomKey()
	if err != nil {
		return Slot{}, err
	}
	defer zero(kek)
	s := Slot{Name: KeyringSlot, Kind: SlotKeyring}
	if s.Wrapped, err = seal(kek, v.dek, slotAAD(v.id, s)); err != nil {
		return Slot{}, err
	}
	if err := kr.Set(ctx, keyringAccount(v.id), kek); err != nil {
		return Slot{}, err
	}
	return s, nil
}

// SetSlot creates or replaces the password slot named slot, so that
// password opens the vault (a new account, a changed or reset password).
// A replaced slot's old password no longer opens it.
func (v *Vault) SetSlot(ctx context.Context, slot, password string) error {
	if err := checkPasswordSlot(slot, password); err != nil {
		return err
	}
	var s Slot
	if err := v.withDEK(func([]byte) (err error) {
		s, err = v.passwordSlot(slot, password)
		return err
	}); err != nil {
		return err
	}
	return v.st.PutSlot(ctx, s)
}

// RemoveSlot removes a slot (a disabled account, or KeyringSlot to stop
// using the keyring). It refuses to remove the last password slot with
// ErrLastSlot, since a lost keyring would then lose every secret.
//
// A removed account may have copied the database and still know its old
// password: only changing the PCare credentials at BPJS takes away what it
// could read before.
func (v *Vault) RemoveSlot(ctx context.Context, slot string) error {
	if err := v.unlocked(); err != nil {
		return err
	}
	rec, err := v.st.LoadVault(ctx)
	if err != nil {
		return err
	}
	s, ok := findSlot(rec, slot)
	if !ok {
		return ErrNoSlot
	}
	if s.Kind == SlotPassword {
		n := 0
		for _, o := range rec.Slots {
			if o.Kind == SlotPassword {
				n++
			}
		}
		if n <= 1 {
			return ErrLastSlot
		}
	}
	return v.st.DeleteSlot(ctx, slot)
}

// BindKeyring (re)creates the keyring slot on this machine, for instance
// after the database was restored on a new PC and opened with a password.
func (v *Vault) BindKeyring(ctx context.Context, kr Keyring) error {
	var s Slot
	err := v.withDEK(func([]byte) (err error) {
		s, err = v.keyringSlot(ctx, kr)
		return err
	})
	if err == nil {
		err = v.st.PutSlot(ctx, s)
	}
	v.mu.Lock()
	v.keyringErr = err
	v.mu.Unlock()
	return err
}

// SlotNames lists the password slots: the accounts that can open the vault.
func (v *Vault) SlotNames(ctx context.Context) ([]string, error) {
	rec, err := v.st.LoadVault(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range rec.Slots {
		if s.Kind == SlotPassword {
			out = append(out, s.Name)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Put stores value under name, encrypted.
func (v *Vault) Put(ctx context.Context, name string, value []byte) error {
	return v.PutAll(ctx, map[string][]byte{name: value})
}

// PutAll stores several secrets in one transaction: all or none.
func (v *Vault) PutAll(ctx context.Context, values map[string][]byte) error {
	sealed := make([]Sealed, 0, len(values))
	err := v.withDEK(func(dek []byte) error {
		for name, value := range values {
			if name == "" {
				return errors.New("vault: empty secret name")
			}
			b, err := seal(dek, value, secretAAD(v.id, name))
			if err != nil {
				return err
			}
			sealed = append(sealed, Sealed{Name: name, Value: b})
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(sealed, func(i, j int) bool { return sealed[i].Name < sealed[j].Name })
	return v.st.PutSecrets(ctx, sealed)
}

// Get returns the secret stored under name; the caller zeroes it when done.
// ErrNotFound when there is none, ErrTampered when it fails authentication.
func (v *Vault) Get(ctx context.Context, name string) ([]byte, error) {
	if err := v.unlocked(); err != nil {
		return nil, err
	}
	s, err := v.st.Secret(ctx, name)
	if err != nil {
		return nil, err
	}
	var out []byte
	err = v.withDEK(func(dek []byte) (err error) {
		out, err = open(dek, s.Value, secretAAD(v.id, name))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("secret %q: %w", name, err)
	}
	return out, nil
}

// Has reports whether a secret is stored under name (without decrypting it).
func (v *Vault) Has(ctx context.Context, name string) (bool, error) {
	if err := v.unlocked(); err != nil {
		return false, err
	}
	_, err := v.st.Secret(ctx, name)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, ErrNotFound):
		return false, nil
	}
	return false, err
}

// Delete removes the secret stored under name.
func (v *Vault) Delete(ctx context.Context, name string) error {
	if err := v.unlocked(); err != nil {
		return err
	}
	return v.st.DeleteSecret(ctx, name)
}

// Close zeroes the DEK; every later call fails with ErrLocked. The idle lock
// and signing out close the vault unless the keyring reopens it.
func (v *Vault) Close() {
	v.mu.Lock()
	defer v.mu.Unlock()
	zero(v.dek)
	v.dek = nil
}
