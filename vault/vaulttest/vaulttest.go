// Package vaulttest has in-memory stand-ins for the vault's Store and
// Keyring, for tests of the vault and of the code that opens it (set-up,
// sign-in). A test of the real store uses package sqlite on a file.
package vaulttest

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"sync"

	"fktpdesk/vault"
)

// Store is a vault.Store in memory. Tests may read and change Slots and
// Secrets directly (to tamper with them) while no vault call is running.
type Store struct {
	mu      sync.Mutex
	ID      string
	Slots   map[string]vault.Slot
	Secrets map[string][]byte
}

var _ vault.Store = (*Store)(nil)

// LoadVault implements vault.Store.
func (m *Store) LoadVault(context.Context) (vault.Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ID == "" {
		return vault.Record{}, vault.ErrNoVault
	}
	rec := vault.Record{ID: m.ID}
	for _, k := range slices.Sorted(maps.Keys(m.Slots)) {
		rec.Slots = append(rec.Slots, m.Slots[k])
	}
	return rec, nil
}

// CreateVault implements vault.Store.
func (m *Store) CreateVault(_ context.Context, id string, slots []vault.Slot) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ID != "" {
		return vault.ErrExists
	}
	m.ID, m.Slots, m.Secrets = id, map[string]vault.Slot{}, map[string][]byte{}
	for _, s := range slots {
		m.Slots[s.Name] = s
	}
	return nil
}

// PutSlot implements vault.Store.
func (m *Store) PutSlot(_ context.Context, s vault.Slot) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Slots[s.Name] = s
	return nil
}

// DeleteSlot implements vault.Store.
func (m *Store) DeleteSlot(_ context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.Slots[name]; !ok {
		return vault.ErrNoSlot
	}
	delete(m.Slots, name)
	return nil
}

// PutSecrets implements vault.Store.
func (m *Store) PutSecrets(_ context.Context, ss []vault.Sealed) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range ss {
		m.Secrets[s.Name] = bytes.Clone(s.Value)
	}
	return nil
}

// Secret implements vault.Store.
func (m *Store) Secret(_ context.Context, name string) (vault.Sealed, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.Secrets[name]
	if !ok {
		return vault.Sealed{}, vault.ErrNotFound
	}
	return vault.Sealed{Name: name, Value: bytes.Clone(v)}, nil
}

// DeleteSecret implements vault.Store.
func (m *Store) DeleteSecret(_ context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.Secrets, name)
	return nil
}

// Keyring is an OS keyring in memory. With Err set every call fails with
// it, as on a PC without one (set it to vault.ErrNoKeyring).
type Keyring struct {
	mu      sync.Mutex
	Entries map[string][]byte
	Err     error
}

var _ vault.Keyring = (*Keyring)(nil)

// NewKeyring returns an empty keyring.
func NewKeyring() *Keyring { return &Keyring{Entries: map[string][]byte{}} }

// Get implements vault.Keyring.
func (f *Keyring) Get(_ context.Context, account string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.Err != nil {
		return nil, f.Err
	}
	k, ok := f.Entries[account]
	if !ok {
		return nil, vault.ErrKeyNotFound
	}
	return bytes.Clone(k), nil
}

// Set implements vault.Keyring.
func (f *Keyring) Set(_ context.Context, account string, key []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.Err != nil {
		return f.Err
	}
	f.Entries[account] = bytes.Clone(key)
	return nil
}

// Delete implements vault.Keyring.
func (f *Keyring) Delete(_ context.Context, account string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.Entries, account)
	return nil
}
