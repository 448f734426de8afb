package setup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"fktpdesk/access"
	"fktpdesk/audit"
	"fktpdesk/pcare"
	"fktpdesk/sqlite"
	"fktpdesk/vault"
)

// Install is one clinic's installation as the desktop app and fktpctl both
// see it: the accounts, the audit guard, the credential vault and the
// PCare settings over one database. It keeps the vault unlocked once
// someone has opened it (through the OS keyring, or a person's password at
// sign-in) and keeps every account's key slot in step with its password.
type Install struct {
	DB *sqlite.DB
	// Keyring is the OS credential store (nil: none, password slots only).
	Keyring vault.Keyring
	// Params hash passwords (access.DefaultParams when zero; tests lower).
	Params access.Params
	Now    func() time.Time
	Log    *slog.Logger

	once  sync.Once
	guard *access.Guard
	users *access.Service

	mu    sync.Mutex
	vault *vault.Vault
}

func (in *Install) init() {
	in.once.Do(func() {
		in.guard = &access.Guard{Audit: in.DB, Now: in.Now, Log: in.Log}
		in.users = &access.Service{Store: in.DB, Guard: in.guard, Params: in.Params, Now: in.Now,
			OnPassword: in.onPassword, OnDisabled: in.onDisabled}
	})
}

func (in *Install) log() *slog.Logger {
	if in.Log != nil {
		return in.Log
	}
	return slog.Default()
}

// Guard is the one guard every service of this installation shares.
func (in *Install) Guard() *access.Guard { in.init(); return in.guard }

// Users is the account service, wired to the vault.
func (in *Install) Users() *access.Service { in.init(); return in.users }

func slotOf(userID int64) string { return fmt.Sprintf("user:%d", userID) }

// OpenWithKeyring tries to open the vault without a password, through the
// OS keyring, as the app starts. vault.ErrNeedPassword (or ErrNoVault)
// just means the first sign-in will open it.
func (in *Install) OpenWithKeyring(ctx context.Context) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.vault != nil {
		return nil
	}
	if in.Keyring == nil {
		return vault.ErrNeedPassword
	}
	v, err := vault.Unlock(ctx, in.DB, in.Keyring, "", "")
	if err != nil {
		return err
	}
	in.vault = v
	return nil
}

// onPassword keeps the vault open and the person's key slot current: a
// proved password opens the vault (creating it on the very first one) and
// gives the person a slot if they lack one; a newly set password replaces
// their slot. A person with no slot while the vault is locked (an account
// made by fktpctl without the vault) simply gets one at a later sign-in
// once the vault is open.
func (in *Install) onPassword(ctx context.Context, userID int64, password string, set bool) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	slot := slotOf(userID)
	if in.vault == nil {
		v, err := vault.Unlock(ctx, in.DB, in.Keyring, slot, password)
		switch {
		case err == nil:
			in.vault = v
			in.bindKeyring(ctx)
			if !set {
				return nil
			}
		case errors.Is(err, vault.ErrNoVault):
			v, err := vault.Create(ctx, in.DB, in.Keyring, slot, password)
			if err != nil {
				return fmt.Errorf("creating the credential vault: %w", err)
			}
			in.vault = v
			return nil
		case errors.Is(err, vault.ErrNoSlot), errors.Is(err, vault.ErrWrongPassword):
			// The account exists but has no (current) slot, and nobody has
			// opened the vault yet: nothing to do until someone does.
			in.log().Info("credential vault stays locked: this account has no key slot yet", "user", userID)
			return nil
		default:
			return err
		}
	}
	if !set {
		names, err := in.vault.SlotNames(ctx)
		if err != nil || slices.Contains(names, slot) {
			return err
		}
	}
	return in.vault.SetSlot(ctx, slot, password)
}

// bindKeyring puts the vault's key in this PC's keyring when it is not
// there yet (a fresh install, a database restored on another PC), so the
// next start opens it without a password. Failure is fine: passwords work.
func (in *Install) bindKeyring(ctx context.Context) {
	if in.Keyring == nil || in.vault.KeyringStatus() == nil {
		return
	}
	if err := in.vault.BindKeyring(ctx, in.Keyring); err != nil {
		in.log().Info("OS keyring not used for the credential vault", "reason", err)
	}
}

func (in *Install) onDisabled(ctx context.Context, userID int64) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.vault == nil {
		return nil // the slot goes when someone opens the vault and the account stays disabled
	}
	err := in.vault.RemoveSlot(ctx, slotOf(userID))
	if errors.Is(err, vault.ErrNoSlot) {
		return nil
	}
	return err
}

// vaultOpen returns the open vault or ErrNeedPassword.
func (in *Install) vaultOpen() (*vault.Vault, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.vault == nil {
		return nil, vault.ErrNeedPassword
	}
	return in.vault, nil
}

// PCareConfig returns the saved PCare mode and configuration, secrets
// included when not training (then the vault must be open).
func (in *Install) PCareConfig(ctx context.Context) (pcare.Mode, pcare.Config, error) {
	set, err := pcare.LoadSettings(ctx, in.DB)
	if err != nil {
		return "", pcare.Config{}, err
	}
	if set.Mode == pcare.ModeTraining {
		return pcare.ModeTraining, set.Config(pcare.Secrets{}), nil
	}
	v, err := in.vaultOpen()
	if err != nil {
		return "", pcare.Config{}, err
	}
	return pcare.LoadConfig(ctx, in.DB, v)
}

// SavePCare stores the PCare mode and configuration (admin only); blank
// secrets keep the stored ones.
func (in *Install) SavePCare(ctx context.Context, mode pcare.Mode, cfg pcare.Config) error {
	if err := in.Guard().Allow(ctx, access.ActCredentials, "", access.Admin); err != nil {
		return err
	}
	var sv pcare.SecretVault
	if mode != pcare.ModeTraining {
		v, err := in.vaultOpen()
		if err != nil {
			return err
		}
		sv = v
	}
	err := pcare.SaveConfig(ctx, in.DB, sv, mode, cfg)
	if err != nil {
		in.guard.Note(ctx, access.ActCredentials, "", "mode "+string(mode), access.OutcomeFailed)
	}
	return err
}

// Setup does the first start with a's answers (the wizard and fktpctl
// setup both call it).
func (in *Install) Setup(ctx context.Context, a Answers) (access.Principal, error) {
	return Run(ctx, Deps{Users: in.Users(), SaveFacility: in.DB.SaveFacility, SavePCare: in.SavePCare}, a)
}

// Close locks the vault (its key is wiped from memory).
func (in *Install) Close() {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.vault != nil {
		in.vault.Close()
		in.vault = nil
	}
}

// AuditEntries lists the audit trail (admin only).
func (in *Install) AuditEntries(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	if err := in.Guard().Allow(ctx, "", "", access.Admin); err != nil {
		return nil, err
	}
	return in.DB.List(ctx, f)
}

// VerifyAudit checks the audit trail's hash chain (admin only) and records
// that it was checked, with the outcome.
func (in *Install) VerifyAudit(ctx context.Context) (audit.Report, error) {
	if err := in.Guard().Allow(ctx, "", "", access.Admin); err != nil {
		return audit.Report{}, err
	}
	rep, err := in.DB.VerifyAudit(ctx)
	outcome := access.OutcomeOK
	if err != nil || !rep.OK() {
		outcome = access.OutcomeFailed
	}
	in.guard.Note(ctx, access.ActAuditVerify, "", fmt.Sprintf("%d rows", rep.Rows), outcome)
	return rep, err
}
