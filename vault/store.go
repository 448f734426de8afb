// Package vault keeps FKTP Desk's credentials (the PCare consumer secret,
// user key and password) encrypted at rest.
//
// One random 256-bit data key (the DEK) encrypts every secret with
// AES-256-GCM, a fresh nonce per write and the secret's name as additional
// data, so a sealed value cannot be moved to another name. The DEK itself is
// never stored in plain: it is kept in key slots, each the DEK sealed under a
// key-encryption key (KEK):
//   - the keyring slot, whose KEK is a random key held by the operating
//     system's keyring (Windows Credential Manager, Secret Service, macOS
//     Keychain): the vault opens at start without anybody's password, on this
//     machine only;
//   - one password slot per user account, whose KEK is argon2id(password,
//     salt) with the slot's own stored parameters: any signed-in user opens
//     the vault with their own password, also on a machine without a keyring
//     or after the database was restored elsewhere.
//
// It is pure cryptography over two small interfaces, Store (where slots and
// sealed secrets live) and Keyring (where the keyring slot's KEK lives). It
// must not know SQL, the UI or PCare, and it never logs.
//
// Unlocking is not signing in: through the keyring the vault opens without
// any password, so the caller checks who is signing in separately.
package vault

import (
	"context"
	"errors"
)

// Store keeps the vault's slots and sealed secrets. Slots and secrets are
// opaque bytes to it. Implementations return the errors named below (or
// errors wrapping them) so that callers can tell the cases apart.
type Store interface {
	// LoadVault returns the vault's identity and every slot. ErrNoVault
	// when no vault was created.
	LoadVault(ctx context.Context) (Record, error)
	// CreateVault stores a new vault with its first slots in one
	// transaction. ErrExists when a vault exists already.
	CreateVault(ctx context.Context, id string, slots []Slot) error
	// PutSlot creates or replaces the slot of the same name.
	PutSlot(ctx context.Context, s Slot) error
	// DeleteSlot removes a slot. ErrNoSlot when there is none of that name.
	DeleteSlot(ctx context.Context, name string) error
	// PutSecrets creates or replaces sealed secrets, all in one transaction.
	PutSecrets(ctx context.Context, secrets []Sealed) error
	// Secret returns one sealed secret. ErrNotFound when absent.
	Secret(ctx context.Context, name string) (Sealed, error)
	// DeleteSecret removes a secret; removing an absent one is not an error.
	DeleteSecret(ctx context.Context, name string) error
}

// Keyring holds the keyring slot's key-encryption key in the operating
// system's credential store. Account names the entry (one per vault).
type Keyring interface {
	// Get returns the key stored for account. ErrKeyNotFound when the
	// keyring has no such entry; ErrNoKeyring when there is no usable
	// keyring on this machine.
	Get(ctx context.Context, account string) ([]byte, error)
	// Set stores key for account, replacing any previous one. ErrNoKeyring
	// when there is no usable keyring.
	Set(ctx context.Context, account string, key []byte) error
	// Delete removes the entry; a missing one is not an error.
	Delete(ctx context.Context, account string) error
}

// Record is a stored vault: its random identity and its slots.
type Record struct {
	ID    string // random, hex; names the keyring entry and binds every seal to this vault
	Slots []Slot
}

// SlotKind says what unlocks a slot.
type SlotKind string

// Slot kinds.
const (
	SlotPassword SlotKind = "password" // KEK = argon2id(password, KDF.Salt)
	SlotKeyring  SlotKind = "keyring"  // KEK held by the OS keyring
)

// KeyringSlot is the name of the keyring slot; password slots may not use it.
const KeyringSlot = "os-keyring"

// Slot is the DEK sealed under one key-encryption key.
type Slot struct {
	Name    string // a user's stable identity for password slots (the caller's choice), KeyringSlot for the keyring
	Kind    SlotKind
	KDF     KDF    // password slots only
	Wrapped []byte // version || nonce || AES-GCM(KEK, DEK)
}

// KDF is a password slot's argon2id salt and parameters, stored with it so
// that they can be raised for new slots without breaking old ones.
type KDF struct {
	Salt      []byte
	Time      uint32 // passes
	MemoryKiB uint32
	Threads   uint8
}

// Sealed is one secret as stored: version || nonce || AES-GCM(DEK, value).
type Sealed struct {
	Name  string
	Value []byte
}

// Errors. Their text is Indonesian because the sign-in and settings screens
// show it as is; wrapped causes are for the log.
var (
	ErrNoVault       = errors.New("penyimpanan kredensial belum dibuat")
	ErrExists        = errors.New("penyimpanan kredensial sudah ada")
	ErrWrongPassword = errors.New("password salah: kredensial PCare tidak dapat dibuka")
	ErrNoSlot        = errors.New("akun ini belum punya akses ke kredensial PCare; minta admin mengatur ulang password akun ini")
	ErrNeedPassword  = errors.New("kredensial PCare terkunci: masuk dengan password untuk membukanya")
	ErrLastSlot      = errors.New("akses password terakhir tidak boleh dihapus: kredensial PCare tidak akan dapat dibuka lagi")
	ErrLocked        = errors.New("kredensial PCare sudah dikunci")
	ErrNotFound      = errors.New("kredensial tidak ditemukan")
	ErrTampered      = errors.New("data kredensial rusak atau diubah di luar aplikasi")
	ErrBadParams     = errors.New("parameter kunci password tidak wajar (data kredensial rusak atau diubah)")
	ErrNoKeyring     = errors.New("keyring sistem operasi tidak tersedia")
	ErrKeyNotFound   = errors.New("kunci tidak ada di keyring sistem operasi")
)
