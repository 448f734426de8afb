package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters of new password slots. 64 MiB and two passes over
// two lanes take about 0.14 s on the development VM (BenchmarkDeriveKEK) and
// should stay near one second on an old dual-core clinic PC with 2 GB of
// memory; RFC 9106's second recommendation (3 passes, 64 MiB) costs half as
// much again for little gain against an attacker with a GPU.
const (
	DefaultTime      = 2
	DefaultMemoryKiB = 64 * 1024
	DefaultThreads   = 2
)

// Bounds on stored parameters: a slot edited in the database must not make
// unlocking allocate gigabytes or spin for minutes.
const (
	maxTime      = 16
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxThreads   = 16
	minSaltLen   = 16
	maxSaltLen   = 64
)

const (
	keyLen     = 32 // AES-256
	saltLen    = 16
	blobV1     = 1 // first byte of every sealed blob: the format
	nonceLen   = 12
	minBlobLen = 1 + nonceLen + 16 // version, nonce, GCM tag
)

// kdfParams are the parameters new slots get; tests of this package lower
// them so that they run in milliseconds.
var kdfParams = KDF{Time: DefaultTime, MemoryKiB: DefaultMemoryKiB, Threads: DefaultThreads}

// newKDF returns fresh parameters with a random salt.
func newKDF() (KDF, error) {
	k := kdfParams
	k.Salt = make([]byte, saltLen)
	if _, err := rand.Read(k.Salt); err != nil {
		return KDF{}, err
	}
	return k, nil
}

// check refuses parameters outside the bounds before any work is done.
func (k KDF) check() error {
	switch {
	case k.Time < 1 || k.Time > maxTime,
		k.Threads < 1 || k.Threads > maxThreads,
		k.MemoryKiB < 8*uint32(k.Threads) || k.MemoryKiB > maxMemoryKiB,
		len(k.Salt) < minSaltLen || len(k.Salt) > maxSaltLen:
		return fmt.Errorf("%w: time %d, memory %d KiB, threads %d, salt %d bytes",
			ErrBadParams, k.Time, k.MemoryKiB, k.Threads, len(k.Salt))
	}
	return nil
}

// derive is argon2id(password, salt). The caller zeroes the result.
func (k KDF) derive(password string) ([]byte, error) {
	if err := k.check(); err != nil {
		return nil, err
	}
	pw := []byte(password)
	defer zero(pw)
	return argon2.IDKey(pw, k.Salt, k.Time, k.MemoryKiB, k.Threads, keyLen), nil
}

// seal encrypts plain under key with a fresh random nonce.
func seal(key, plain, aad []byte) ([]byte, error) {
	g, err := gcm(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 1+nonceLen, 1+nonceLen+len(plain)+g.Overhead())
	out[0] = blobV1
	if _, err := rand.Read(out[1 : 1+nonceLen]); err != nil {
		return nil, err
	}
	return g.Seal(out, out[1:1+nonceLen], plain, aad), nil
}

// open decrypts a blob made by seal. Any change to the blob, the key or the
// additional data fails with ErrTampered.
func open(key, blob, aad []byte) ([]byte, error) {
	if len(blob) < minBlobLen || blob[0] != blobV1 {
		return nil, fmt.Errorf("%w: sealed value of %d bytes, format %d", ErrTampered, len(blob), firstByte(blob))
	}
	g, err := gcm(key)
	if err != nil {
		return nil, err
	}
	plain, err := g.Open(nil, blob[1:1+nonceLen], blob[1+nonceLen:], aad)
	if err != nil {
		return nil, ErrTampered
	}
	return plain, nil
}

func gcm(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

func firstByte(b []byte) int {
	if len(b) == 0 {
		return -1
	}
	return int(b[0])
}

// The additional data binds every seal to its vault and its place: a slot
// to its name, kind and KDF parameters (so they cannot be swapped or
// weakened in the database), a secret to its name.
func slotAAD(vaultID string, s Slot) []byte {
	b := fields(nil, "fktpdesk/vault/slot/v1", vaultID, string(s.Kind), s.Name, string(s.KDF.Salt))
	b = binary.BigEndian.AppendUint32(b, s.KDF.Time)
	b = binary.BigEndian.AppendUint32(b, s.KDF.MemoryKiB)
	return append(b, s.KDF.Threads)
}

func secretAAD(vaultID, name string) []byte {
	return fields(nil, "fktpdesk/vault/secret/v1", vaultID, name)
}

// fields appends each string with its length first, so that no two lists
// of strings encode the same.
func fields(b []byte, ss ...string) []byte {
	for _, s := range ss {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

func randomKey() ([]byte, error) {
	k := make([]byte, keyLen)
	if _, err := rand.Read(k); err != nil {
		return nil, err
	}
	return k, nil
}

// zero overwrites b. Go may have copied the bytes elsewhere (strings, the
// garbage collector); this shortens how long the obvious copy lives.
func zero(b []byte) {
	clear(b)
}
