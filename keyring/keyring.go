// Package keyring is the vault's adapter to the operating system's
// credential store: Windows Credential Manager, the Secret Service on Linux
// (GNOME Keyring, KWallet), the macOS Keychain, through
// github.com/zalando/go-keyring. It holds one key-encryption key per vault
// and nothing else; the secrets themselves stay in the database, sealed.
//
// A machine without a usable keyring (a Linux PC with no Secret Service, a
// server without a desktop session) answers vault.ErrNoKeyring quickly, and
// the vault falls back to password slots.
package keyring

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	gokeyring "github.com/zalando/go-keyring"

	"fktpdesk/vault"
)

// DefaultService is the name the entries are filed under in the keyring.
const DefaultService = "FKTP Desk"

// DefaultTimeout bounds one keyring call. A keyring that asks the person to
// unlock it (a locked GNOME login keyring) may wait for them; past this the
// vault asks for a password instead.
const DefaultTimeout = 5 * time.Second

// OS is the operating system's keyring. The zero value is ready to use.
type OS struct {
	Service string        // DefaultService when empty
	Timeout time.Duration // DefaultTimeout when zero

	probe   func() error      // nil: the platform's check (see probe_*.go); tests replace it
	backend gokeyring.Keyring // nil: go-keyring's provider for this OS; tests replace it
}

// system is go-keyring's provider for this operating system.
type system struct{}

func (system) Set(service, user, password string) error {
	return gokeyring.Set(service, user, password)
}
func (system) Get(service, user string) (string, error) { return gokeyring.Get(service, user) }
func (system) Delete(service, user string) error        { return gokeyring.Delete(service, user) }
func (system) DeleteAll(service string) error           { return gokeyring.DeleteAll(service) }

func (o OS) keyring() gokeyring.Keyring {
	if o.backend == nil {
		return system{}
	}
	return o.backend
}

var _ vault.Keyring = OS{}

func (o OS) service() string {
	if o.Service == "" {
		return DefaultService
	}
	return o.Service
}

// call runs fn (which cannot be cancelled) under the context and the
// timeout. A call that does not finish in time is left to end by itself.
func (o OS) call(ctx context.Context, fn func() error) error {
	probe := o.probe
	if probe == nil {
		probe = platformProbe
	}
	if err := probe(); err != nil {
		return fmt.Errorf("%w: %v", vault.ErrNoKeyring, err)
	}
	timeout := o.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		switch {
		case err == nil:
			return nil
		case errors.Is(err, gokeyring.ErrNotFound):
			return vault.ErrKeyNotFound
		}
		return fmt.Errorf("%w: %v", vault.ErrNoKeyring, err)
	case <-ctx.Done():
		return fmt.Errorf("%w: no answer: %v", vault.ErrNoKeyring, ctx.Err())
	}
}

// Get returns the key stored for account.
func (o OS) Get(ctx context.Context, account string) ([]byte, error) {
	var text string
	err := o.call(ctx, func() (err error) {
		text, err = o.keyring().Get(o.service(), account)
		return err
	})
	if err != nil {
		return nil, err
	}
	key, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return nil, fmt.Errorf("%w: keyring entry is not a key", vault.ErrTampered)
	}
	return key, nil
}

// Set stores key for account, replacing any previous entry.
func (o OS) Set(ctx context.Context, account string, key []byte) error {
	text := base64.StdEncoding.EncodeToString(key)
	return o.call(ctx, func() error { return o.keyring().Set(o.service(), account, text) })
}

// Delete removes the entry for account; a missing one is not an error.
func (o OS) Delete(ctx context.Context, account string) error {
	err := o.call(ctx, func() error { return o.keyring().Delete(o.service(), account) })
	if errors.Is(err, vault.ErrKeyNotFound) {
		return nil
	}
	return err
}
