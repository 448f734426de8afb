package setup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"time"

	"fktpdesk/access"
	"fktpdesk/audit"
	"fktpdesk/clinic"
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
		return "", pcare.Config{}, &clinic.Error{Code: clinic.ECONFLICT, Err: err, Message: "Kredensial PCare belum terbuka: " +
			"akun ini belum punya akses ke kredensial. Minta admin masuk sekali di komputer ini, atau mengatur ulang kata sandi akun ini."}
	}
	mode, cfg, err := pcare.LoadConfig(ctx, in.DB, v)
	if err != nil && errors.Is(err, vault.ErrTampered) {
		return "", pcare.Config{}, &clinic.Error{Code: clinic.EINTERNAL, Err: err, Message: err.Error()}
	}
	return mode, cfg, err
}

// SavePCare stores the PCare mode and configuration (admin only); blank
// secrets keep the stored ones.
func (in *Install) SavePCare(ctx context.Context, mode pcare.Mode, cfg pcare.Config) error {
	if err := in.admin(ctx); err != nil {
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
	return in.changed(ctx, access.ActCredentials, "mode "+string(mode), pcare.SaveConfig(ctx, in.DB, sv, mode, cfg))
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

// The admin's settings (app.Settings). Each checks the admin role and
// records the change in the audit trail.

func (in *Install) admin(ctx context.Context) error {
	return in.Guard().Allow(ctx, "", "", access.Admin)
}

func (in *Install) changed(ctx context.Context, act access.Action, detail string, err error) error {
	o := access.OutcomeOK
	if err != nil {
		o = access.OutcomeFailed
	}
	in.guard.Note(ctx, act, "", detail, o)
	return err
}

// Facility returns the clinic's identity.
func (in *Install) Facility(ctx context.Context) (clinic.Facility, error) {
	if err := in.admin(ctx); err != nil {
		return clinic.Facility{}, err
	}
	return in.DB.Facility(ctx)
}

// SaveFacility checks and stores the clinic's identity, by the set-up's
// rules.
func (in *Install) SaveFacility(ctx context.Context, f clinic.Facility) error {
	if err := in.admin(ctx); err != nil {
		return err
	}
	if problems := CheckFacility(&f); len(problems) > 0 {
		return &clinic.Error{Code: clinic.EINVALID, Message: problems[0].Message}
	}
	return in.changed(ctx, access.ActSettings, "facility "+f.PPK, in.DB.SaveFacility(ctx, f))
}

// PCare returns the non-secret PCare settings and which secrets are
// stored (all false while the vault is locked).
func (in *Install) PCare(ctx context.Context) (pcare.Settings, map[string]bool, error) {
	if err := in.admin(ctx); err != nil {
		return pcare.Settings{}, nil, err
	}
	set, err := pcare.LoadSettings(ctx, in.DB)
	if err != nil {
		return set, nil, err
	}
	stored := map[string]bool{}
	if v, err := in.vaultOpen(); err == nil {
		for _, name := range []string{pcare.SecretConsSecret, pcare.SecretUserKey, pcare.SecretPassword} {
			stored[name], _ = v.Has(ctx, name)
		}
	}
	return set, stored, nil
}

// TestPCare tries cfg against PCare, blank secrets taken from the vault,
// and explains the outcome in plain words.
func (in *Install) TestPCare(ctx context.Context, mode pcare.Mode, cfg pcare.Config) pcare.Diagnosis {
	if err := in.admin(ctx); err != nil {
		return pcare.Diagnosis{Cause: pcare.CauseConfig, Message: err.(*access.Error).Message}
	}
	if u, ok := pcare.Preset(string(mode)); ok {
		cfg.BaseURL = u
	}
	if v, err := in.vaultOpen(); err == nil {
		for name, dst := range map[string]*string{pcare.SecretConsSecret: &cfg.ConsSecret, pcare.SecretUserKey: &cfg.UserKey, pcare.SecretPassword: &cfg.Password} {
			if *dst == "" {
				if b, err := v.Get(ctx, name); err == nil {
					*dst = string(b)
					clear(b)
				}
			}
		}
	}
	var opts []pcare.Option
	if in.Now != nil {
		opts = append(opts, pcare.WithClock(in.Now))
	}
	return pcare.Diagnose(ctx, cfg, opts...)
}

// idleKey is the idle-lock setting, in minutes.
const idleKey = "app.idle_lock_minutes"

// IdleLock returns the idle-lock time (the default when never set). Any
// signed-in person's window reads it, so it needs no role.
func (in *Install) IdleLock(ctx context.Context) (time.Duration, error) {
	v, ok, err := in.DB.Setting(ctx, idleKey)
	if err != nil || !ok {
		return DefaultIdleLock, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return DefaultIdleLock, nil
	}
	return time.Duration(n) * time.Minute, nil
}

// DefaultIdleLock is issue #7's five minutes.
const DefaultIdleLock = 5 * time.Minute

// SaveIdleLock stores the idle-lock time (1 to 240 minutes).
func (in *Install) SaveIdleLock(ctx context.Context, d time.Duration) error {
	if err := in.admin(ctx); err != nil {
		return err
	}
	n := int(d / time.Minute)
	if n < 1 || n > 240 {
		return clinic.Errorf(clinic.EINVALID, "Kunci layar otomatis: isi menit antara 1 dan 240.")
	}
	return in.changed(ctx, access.ActSettings, fmt.Sprintf("idle lock %d min", n), in.DB.SetSetting(ctx, idleKey, strconv.Itoa(n)))
}

// BackupState is the backup settings and the newest backup found.
type BackupState struct {
	Folder  string
	Keep    int
	Enabled bool
	// Last is when the newest backup in Folder was taken (zero: none),
	// LastPath and LastSize what it is.
	Last     time.Time
	LastPath string
	LastSize int64
}

// Backups returns the backup settings and the newest backup found.
func (in *Install) Backups(ctx context.Context) (BackupState, error) {
	if err := in.admin(ctx); err != nil {
		return BackupState{}, err
	}
	return in.backupState(ctx)
}

func (in *Install) backupState(ctx context.Context) (BackupState, error) {
	s, err := in.DB.BackupSettings(ctx)
	if err != nil {
		return BackupState{}, err
	}
	st := BackupState{Folder: s.Folder, Keep: s.Keep, Enabled: s.Enabled}
	if last, ok, err := sqlite.LastBackup(s.Folder); err == nil && ok {
		st.Last, st.LastPath, st.LastSize = last.At, last.Path, last.Size
	}
	return st, nil
}

// SaveBackups stores the backup settings.
func (in *Install) SaveBackups(ctx context.Context, b BackupState) error {
	if err := in.admin(ctx); err != nil {
		return err
	}
	err := in.DB.SaveBackupSettings(ctx, sqlite.BackupSettings{Folder: b.Folder, Keep: b.Keep, Enabled: b.Enabled})
	return in.changed(ctx, access.ActSettings, fmt.Sprintf("backup folder %s keep %d enabled %v", b.Folder, b.Keep, b.Enabled), err)
}

// BackupNow makes a backup into the configured folder.
func (in *Install) BackupNow(ctx context.Context) (BackupState, error) {
	if err := in.Guard().Allow(ctx, "", "", access.Admin); err != nil {
		return BackupState{}, err
	}
	s, err := in.DB.BackupSettings(ctx)
	if err != nil {
		return BackupState{}, err
	}
	info, err := in.DB.Backup(ctx, s.Folder, s.Keep)
	if err := in.changed(ctx, access.ActBackup, info.Path, err); err != nil {
		return BackupState{}, err
	}
	return in.backupState(ctx)
}
