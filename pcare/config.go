package pcare

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"
)

// Base URLs of the apijkn gateway (the "v4" era, encrypted responses).
const (
	DevURL        = "https://apijkn-dev.bpjs-kesehatan.go.id/pcare-rest-dev"
	ProductionURL = "https://apijkn.bpjs-kesehatan.go.id/pcare-rest"
)

// DefaultKdAplikasi is PCare's application code in X-authorization.
const DefaultKdAplikasi = "095"

// DefaultTimeout bounds one HTTP exchange. PCare is often slow; a front desk
// waiting longer than this is better served by the offline path.
const DefaultTimeout = 20 * time.Second

// Config is what one FKTP needs to talk to PCare. The secrets (ConsSecret,
// UserKey, Password) are never logged.
type Config struct {
	BaseURL    string        // DevURL, ProductionURL, or a simulator's URL
	ConsID     string        // X-cons-id
	ConsSecret string        // HMAC key and part of the response key
	UserKey    string        // user_key of the PCare service
	Username   string        // the FKTP's PCare web login
	Password   string        // its password
	KdAplikasi string        // "095" when empty
	PPK        string        // the clinic's own provider code, e.g. 0114U163
	Timeout    time.Duration // per HTTP exchange; DefaultTimeout when zero
}

// Preset returns the base URL for "dev" or "production" (and "prod").
func Preset(name string) (string, bool) {
	switch strings.ToLower(name) {
	case "dev", "development":
		return DevURL, true
	case "prod", "production":
		return ProductionURL, true
	}
	return "", false
}

// Validate says which settings are missing or malformed, all at once, so a
// person fixes them in one go. The error's Message is English, for logs and
// fktpctl; its Fields carry one Indonesian sentence per setting for the
// settings screen (Field is the Config field's name). A base URL that would
// send credentials in clear text (http to anything but this machine) is
// KindInsecure, every other problem KindConfig.
func (c Config) Validate() error {
	var missing, bad []string
	var fields []FieldMessage
	insecure := false
	need := func(field, name, label, v string) {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, name)
			fields = append(fields, FieldMessage{Field: field, Message: label + " belum diisi."})
		}
	}
	need("BaseURL", "base URL", "Alamat (URL) PCare", c.BaseURL)
	need("ConsID", "consumer ID", "Consumer ID", c.ConsID)
	need("ConsSecret", "consumer secret", "Consumer secret", c.ConsSecret)
	need("UserKey", "user key", "User key", c.UserKey)
	need("Username", "PCare username", "Username PCare", c.Username)
	need("Password", "PCare password", "Password PCare", c.Password)
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		switch {
		case err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https"):
			bad = append(bad, fmt.Sprintf("base URL %q is not an http(s) URL", c.BaseURL))
			fields = append(fields, FieldMessage{Field: "BaseURL", Message: "Alamat PCare bukan URL https yang sah."})
		case u.Scheme == "http" && !isLoopback(u.Hostname()):
			// Credentials and health data never cross a network in clear text;
			// plain http is for a simulator on this machine only.
			insecure = true
			bad = append(bad, fmt.Sprintf("base URL %q must use https (http is allowed only for a local simulator)", c.BaseURL))
			fields = append(fields, FieldMessage{Field: "BaseURL",
				Message: "Alamat PCare harus memakai https: kredensial dan data pasien tidak boleh dikirim tanpa enkripsi (http hanya untuk simulator di komputer ini)."})
		}
	}
	if c.Timeout < 0 {
		bad = append(bad, "timeout must not be negative")
		fields = append(fields, FieldMessage{Field: "Timeout", Message: "Batas waktu tidak boleh negatif."})
	}
	if len(missing) == 0 && len(bad) == 0 {
		return nil
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "missing "+strings.Join(missing, ", "))
	}
	parts = append(parts, bad...)
	kind := KindConfig
	if insecure {
		kind = KindInsecure
	}
	return &Error{Kind: kind, Message: strings.Join(parts, "; "), Fields: fields, Err: errors.New("invalid configuration")}
}

// isLoopback reports whether host is this machine: "localhost" or a
// loopback address. A name that merely starts with "127." is not.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// String shows c with its secrets masked, so that a Config printed by
// mistake (%v, %+v, %#v) leaks nothing; LogValue does the same for slog.
func (c Config) String() string {
	return fmt.Sprintf("pcare.Config{BaseURL:%s ConsID:%s ConsSecret:%s UserKey:%s Username:%s Password:%s KdAplikasi:%s PPK:%s Timeout:%s}",
		c.BaseURL, c.ConsID, masked(c.ConsSecret), masked(c.UserKey), c.Username, masked(c.Password), c.KdAplikasi, c.PPK, c.Timeout)
}

// GoString is String: %#v must not print the secrets either.
func (c Config) GoString() string { return c.String() }

// LogValue logs the settings and only whether each secret is set.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.BaseURL), slog.String("cons_id", c.ConsID),
		slog.String("username", c.Username), slog.String("kd_aplikasi", c.KdAplikasi), slog.String("ppk", c.PPK),
		slog.String("cons_secret", masked(c.ConsSecret)), slog.String("user_key", masked(c.UserKey)),
		slog.String("password", masked(c.Password)))
}

func masked(secret string) string {
	if secret == "" {
		return "(unset)"
	}
	return "(set)"
}

func (c Config) kdAplikasi() string {
	if c.KdAplikasi == "" {
		return DefaultKdAplikasi
	}
	return c.KdAplikasi
}

func (c Config) timeout() time.Duration {
	if c.Timeout == 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

// Environment variables that configure the PCare connection, shared by the
// desktop app and fktpctl.
const (
	EnvURL        = "FKTP_PCARE_URL"
	EnvConsID     = "FKTP_CONS_ID"
	EnvConsSecret = "FKTP_CONS_SECRET"
	EnvUserKey    = "FKTP_USER_KEY"
	EnvUser       = "FKTP_PCARE_USER"
	EnvPass       = "FKTP_PCARE_PASS"
	EnvKdAplikasi = "FKTP_KD_APLIKASI"
	EnvPPK        = "FKTP_PPK"
)

// ConfigFromEnv reads the FKTP_* variables through getenv (os.Getenv in
// production). A URL of "dev" or "production" selects the preset. The result
// is not validated: call Validate or New.
func ConfigFromEnv(getenv func(string) string) Config {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	cfg := Config{
		BaseURL: get(EnvURL), ConsID: get(EnvConsID), ConsSecret: get(EnvConsSecret), UserKey: get(EnvUserKey),
		Username: get(EnvUser), Password: get(EnvPass), KdAplikasi: get(EnvKdAplikasi), PPK: get(EnvPPK),
	}
	if u, ok := Preset(cfg.BaseURL); ok {
		cfg.BaseURL = u
	}
	return cfg
}
