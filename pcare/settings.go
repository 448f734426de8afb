package pcare

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
)

// Mode is how FKTP Desk reaches PCare, as the settings screen offers it.
type Mode string

// Modes.
const (
	ModeTraining   Mode = "training"   // the built-in simulator; no real credentials
	ModeDev        Mode = "dev"        // BPJS's development server (DevURL)
	ModeProduction Mode = "production" // the real service (ProductionURL)
	ModeCustom     Mode = "custom"     // another base URL (https, or a simulator on this machine)
)

// Names of the PCare secrets in the vault. The settings screen may ask
// whether one is stored (to show "tersimpan"), never for its value.
const (
	SecretConsSecret = "pcare.cons_secret"
	SecretUserKey    = "pcare.user_key"
	SecretPassword   = "pcare.password"
)

// Settings are the parts of Config that are not secret: stored in plain,
// shown on the settings screen, fine in a log.
type Settings struct {
	Mode       Mode
	BaseURL    string // kept for ModeCustom; dev and production use their preset
	ConsID     string
	Username   string
	KdAplikasi string
	PPK        string
}

// Secrets are the parts of Config kept only in the vault: never logged,
// never shown after entry.
type Secrets struct {
	ConsSecret string
	UserKey    string
	Password   string
}

// String masks the secrets, as Config does.
func (s Secrets) String() string {
	return fmt.Sprintf("pcare.Secrets{ConsSecret:%s UserKey:%s Password:%s}", masked(s.ConsSecret), masked(s.UserKey), masked(s.Password))
}

// GoString is String.
func (s Secrets) GoString() string { return s.String() }

// LogValue logs only whether each secret is set.
func (s Secrets) LogValue() slog.Value { return slog.StringValue(s.String()) }

// SettingsStore keeps the non-secret settings by name (sqlite.DB).
type SettingsStore interface {
	PCareSettings(ctx context.Context) (map[string]string, error) // empty before the first save
	SavePCareSettings(ctx context.Context, settings map[string]string) error
}

// SecretVault is where the secrets go: an unlocked *vault.Vault.
type SecretVault interface {
	Has(ctx context.Context, name string) (bool, error)
	Get(ctx context.Context, name string) ([]byte, error)
	PutAll(ctx context.Context, values map[string][]byte) error
}

// Split separates cfg into what is stored in plain and what goes to the vault.
func Split(mode Mode, cfg Config) (Settings, Secrets) {
	return Settings{Mode: mode, BaseURL: cfg.BaseURL, ConsID: cfg.ConsID, Username: cfg.Username,
			KdAplikasi: cfg.KdAplikasi, PPK: cfg.PPK},
		Secrets{ConsSecret: cfg.ConsSecret, UserKey: cfg.UserKey, Password: cfg.Password}
}

// Config joins s and sec back into a Config. Dev and production take their
// preset URL; training has none (the caller starts the simulator).
func (s Settings) Config(sec Secrets) Config {
	cfg := Config{BaseURL: s.BaseURL, ConsID: s.ConsID, ConsSecret: sec.ConsSecret, UserKey: sec.UserKey,
		Username: s.Username, Password: sec.Password, KdAplikasi: s.KdAplikasi, PPK: s.PPK}
	switch s.Mode {
	case ModeDev:
		cfg.BaseURL = DevURL
	case ModeProduction:
		cfg.BaseURL = ProductionURL
	case ModeTraining:
		cfg.BaseURL = ""
	}
	return cfg
}

// The stored names of the non-secret settings.
const (
	keyMode       = "mode"
	keyBaseURL    = "base_url"
	keyConsID     = "cons_id"
	keyUsername   = "username"
	keyKdAplikasi = "kd_aplikasi"
	keyPPK        = "ppk"
)

func (s Settings) toMap() map[string]string {
	return map[string]string{keyMode: string(s.Mode), keyBaseURL: s.BaseURL, keyConsID: s.ConsID,
		keyUsername: s.Username, keyKdAplikasi: s.KdAplikasi, keyPPK: s.PPK}
}

func settingsFrom(m map[string]string) Settings {
	s := Settings{Mode: Mode(m[keyMode]), BaseURL: m[keyBaseURL], ConsID: m[keyConsID],
		Username: m[keyUsername], KdAplikasi: m[keyKdAplikasi], PPK: m[keyPPK]}
	if s.Mode == "" {
		s.Mode = ModeTraining // nothing saved yet: the simulator
	}
	return s
}

func (m Mode) valid() bool {
	switch m {
	case ModeTraining, ModeDev, ModeProduction, ModeCustom:
		return true
	}
	return false
}

// LoadSettings returns the non-secret settings (ModeTraining before the
// first save). It needs no vault: the settings screen shows these while
// the secrets stay hidden.
func LoadSettings(ctx context.Context, st SettingsStore) (Settings, error) {
	m, err := st.PCareSettings(ctx)
	if err != nil {
		return Settings{}, err
	}
	return settingsFrom(m), nil
}

// SaveConfig stores cfg for mode: the secrets in the vault (all three in one
// transaction), the rest in plain. A blank secret keeps the stored one, so
// the settings screen leaves secret entries empty and never shows them.
// Outside training the resulting Config must pass Validate (KindConfig, or
// KindInsecure for a non-https URL). Training mode stores only the mode
// and leaves everything else as it was, ready for switching back.
func SaveConfig(ctx context.Context, st SettingsStore, sv SecretVault, mode Mode, cfg Config) error {
	if !mode.valid() {
		return &Error{Kind: KindConfig, Message: fmt.Sprintf("unknown PCare mode %q", mode),
			Fields: []FieldMessage{{Field: "Mode", Message: "Pilih mode PCare: latihan, dev atau produksi."}}}
	}
	if mode == ModeTraining {
		m, err := st.PCareSettings(ctx)
		if err != nil {
			return err
		}
		if m == nil {
			m = map[string]string{}
		}
		m[keyMode] = string(mode)
		return st.SavePCareSettings(ctx, m)
	}
	set, sec := Split(mode, cfg)
	set.BaseURL = strings.TrimSpace(set.BaseURL)
	fresh := map[string][]byte{}
	for _, f := range secretFields(&sec) {
		if *f.value != "" {
			fresh[f.name] = []byte(*f.value)
			continue
		}
		stored, err := loadSecret(ctx, sv, f.name)
		if err != nil {
			return err
		}
		*f.value = stored
	}
	defer func() {
		for _, b := range fresh {
			clear(b)
		}
	}()
	if err := set.Config(sec).Validate(); err != nil {
		return err
	}
	if len(fresh) > 0 {
		if err := sv.PutAll(ctx, fresh); err != nil {
			return err
		}
	}
	return st.SavePCareSettings(ctx, set.toMap())
}

// LoadConfig returns the saved mode and Config, secrets included (from the
// unlocked vault). In training mode the Config has no URL and no secrets:
// the caller starts the simulator and uses its ClientConfig. A secret never
// saved comes back empty, which Validate reports.
func LoadConfig(ctx context.Context, st SettingsStore, sv SecretVault) (Mode, Config, error) {
	set, err := LoadSettings(ctx, st)
	if err != nil {
		return "", Config{}, err
	}
	if set.Mode == ModeTraining {
		return ModeTraining, set.Config(Secrets{}), nil
	}
	var sec Secrets
	for _, f := range secretFields(&sec) {
		if *f.value, err = loadSecret(ctx, sv, f.name); err != nil {
			return "", Config{}, err
		}
	}
	return set.Mode, set.Config(sec), nil
}

type secretField struct {
	name  string
	value *string
}

func secretFields(s *Secrets) []secretField {
	return []secretField{{SecretConsSecret, &s.ConsSecret}, {SecretUserKey, &s.UserKey}, {SecretPassword, &s.Password}}
}

// loadSecret reads one secret; "" when it was never stored.
func loadSecret(ctx context.Context, sv SecretVault, name string) (string, error) {
	ok, err := sv.Has(ctx, name)
	if err != nil || !ok {
		return "", err
	}
	b, err := sv.Get(ctx, name)
	if err != nil {
		return "", err
	}
	defer clear(b)
	return string(b), nil
}
