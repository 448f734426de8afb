package main

import (
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"fktpdesk/pcare"
)

// pcareFlags are the PCare connection settings every online command takes.
// Each falls back to an environment variable, so secrets need not appear on
// a command line (where other users of the machine could read them).
type pcareFlags struct {
	url, consID, secret, userKey, user, pass, kdAplikasi, ppk string
	timeout                                                   time.Duration
	verbose                                                   bool
}

var pcareEnv = []struct{ flag, env, help string }{
	{"url", pcare.EnvURL, "PCare base URL, or 'dev' / 'production'"},
	{"cons-id", pcare.EnvConsID, "consumer ID (X-cons-id)"},
	{"cons-secret", pcare.EnvConsSecret, "consumer secret"},
	{"user-key", pcare.EnvUserKey, "PCare user_key"},
	{"user", pcare.EnvUser, "the clinic's PCare username"},
	{"pass", pcare.EnvPass, "the clinic's PCare password"},
	{"kd-aplikasi", pcare.EnvKdAplikasi, "application code (default 095)"},
	{"ppk", pcare.EnvPPK, "the clinic's PPK code"},
}

func (p *pcareFlags) register(fs *flag.FlagSet) {
	targets := []*string{&p.url, &p.consID, &p.secret, &p.userKey, &p.user, &p.pass, &p.kdAplikasi, &p.ppk}
	for i, d := range pcareEnv {
		fs.StringVar(targets[i], d.flag, "", d.help+" [$"+d.env+"]")
	}
	fs.DurationVar(&p.timeout, "timeout", pcare.DefaultTimeout, "how long to wait for PCare")
	fs.BoolVar(&p.verbose, "v", false, "log each PCare request to stderr")
}

// config merges flags over the environment and checks the result.
func (p *pcareFlags) config(e *env) (pcare.Config, error) {
	cfg := pcare.ConfigFromEnv(e.getenv)
	over := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	over(&cfg.BaseURL, p.url)
	over(&cfg.ConsID, p.consID)
	over(&cfg.ConsSecret, p.secret)
	over(&cfg.UserKey, p.userKey)
	over(&cfg.Username, p.user)
	over(&cfg.Password, p.pass)
	over(&cfg.KdAplikasi, p.kdAplikasi)
	over(&cfg.PPK, p.ppk)
	cfg.Timeout = p.timeout
	if u, ok := pcare.Preset(cfg.BaseURL); ok {
		cfg.BaseURL = u
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("%v\nSet them with flags or the environment: %s", err, envList())
	}
	return cfg, nil
}

func (p *pcareFlags) client(e *env) (*pcare.Client, error) {
	cfg, err := p.config(e)
	if err != nil {
		return nil, err
	}
	level := slog.LevelError + 1 // quiet: the command reports failures itself
	if p.verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
	return pcare.New(cfg, pcare.WithLogger(log))
}

func envList() string {
	var names []string
	for _, d := range pcareEnv {
		names = append(names, d.env)
	}
	return strings.Join(names, ", ")
}

// exitFor maps a PCare failure to the exit status and a sentence that says
// what to do about it.
func exitFor(err error) (int, string) {
	switch pcare.KindOf(err) {
	case pcare.KindNotFound:
		return exitNotFound, "not found at PCare: check the number"
	case pcare.KindAuth:
		return exitAuthConfig, "PCare refused the credentials: check consumer ID/secret, user key, PCare username/password, and that this computer's clock is right"
	case pcare.KindConfig:
		return exitAuthConfig, "fix the configuration"
	case pcare.KindUnavailable, pcare.KindServer, pcare.KindOutcomeUnknown, pcare.KindProtocol:
		return exitUnreachable, "PCare is unreachable or failing: check the network and try again later"
	}
	return exitFailure, ""
}
