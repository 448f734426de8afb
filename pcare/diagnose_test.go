package pcare_test

import (
	"bytes"
	"context"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fktpdesk/pcare"
	"fktpdesk/pcare/pcaresim"
)

// simNow is the simulator's clock in these tests; the client's clock is
// set relative to it, so nothing depends on the real time.
var simNow = time.Date(2026, time.November, 22, 1, 0, 0, 0, time.UTC)

func startSim(t *testing.T, opts pcaresim.Options) *pcaresim.Server {
	t.Helper()
	opts.Now = func() time.Time { return simNow }
	srv, err := pcaresim.Start("127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// diagnose runs Diagnose with the client's clock offset from the
// simulator's by skew, and checks that nothing it logged holds a secret.
func diagnose(t *testing.T, cfg pcare.Config, skew time.Duration, opts ...pcare.Option) pcare.Diagnosis {
	t.Helper()
	var logs bytes.Buffer
	opts = append([]pcare.Option{
		pcare.WithClock(func() time.Time { return simNow.Add(skew) }),
		pcare.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
	}, opts...)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d := pcare.Diagnose(ctx, cfg, opts...)
	for _, s := range []string{cfg.ConsSecret, cfg.UserKey, cfg.Password} {
		if s == "" {
			continue
		}
		for where, text := range map[string]string{"log": logs.String(), "message": d.Message, "detail": d.Detail} {
			if strings.Contains(text, s) {
				t.Fatalf("the %s contains the secret %q: %s", where, s, text)
			}
		}
	}
	return d
}

// simCredsAt is the simulator's default credentials pointed at base.
func simCredsAt(base string) pcare.Config {
	c := pcaresim.DefaultCredentials()
	return pcare.Config{BaseURL: base, ConsID: c.ConsID, ConsSecret: c.ConsSecret, UserKey: c.UserKey,
		Username: c.Username, Password: c.Password}
}

func wantCause(t *testing.T, d pcare.Diagnosis, cause pcare.Cause, words ...string) {
	t.Helper()
	if d.Cause != cause {
		t.Fatalf("cause %v, want %v (message %q, detail %q)", d.Cause, cause, d.Message, d.Detail)
	}
	for _, w := range words {
		if !strings.Contains(d.Message, w) {
			t.Fatalf("message %q does not say %q", d.Message, w)
		}
	}
}

func TestDiagnoseAgainstTheSimulator(t *testing.T) {
	srv := startSim(t, pcaresim.Options{})
	good := srv.ClientConfig()
	tests := []struct {
		name  string
		edit  func(*pcare.Config)
		skew  time.Duration // client clock minus simulator clock
		cause pcare.Cause
		words []string
	}{
		{"ok", nil, 0, pcare.CauseOK, []string{"Tersambung", "0 detik"}},
		{"ok, clock 30 s ahead", nil, 30 * time.Second, pcare.CauseOK, []string{"30 detik"}},
		{"ok, clock 3 min behind", nil, -3 * time.Minute, pcare.CauseOK, []string{"Catatan", "terlambat 3 menit"}},
		{"wrong consumer secret", func(c *pcare.Config) { c.ConsSecret = "salah-secret" }, 0, pcare.CauseConsumer, []string{"consumer secret"}},
		{"wrong consumer ID", func(c *pcare.Config) { c.ConsID = "9999" }, 0, pcare.CauseConsumer, []string{"Consumer ID"}},
		{"wrong user key", func(c *pcare.Config) { c.UserKey = "salah-user-key" }, 0, pcare.CauseUserKey, []string{"User key"}},
		{"wrong PCare password", func(c *pcare.Config) { c.Password = "salah-sandi" }, 0, pcare.CauseLogin, []string{"password PCare"}},
		{"wrong PCare username", func(c *pcare.Config) { c.Username = "orang-lain" }, 0, pcare.CauseLogin, []string{"Username"}},
		{"wrong password, clock 3 min ahead", func(c *pcare.Config) { c.Password = "salah-sandi" }, 3 * time.Minute, pcare.CauseLogin,
			[]string{"password PCare", "lebih cepat 3 menit"}},
		{"clock 10 min ahead", nil, 10 * time.Minute, pcare.CauseClock, []string{"lebih cepat 10 menit"}},
		{"clock 7 h behind (time zone)", nil, -7 * time.Hour, pcare.CauseClock, []string{"terlambat 7 jam", "zona waktu"}},
		{"clock 10 min behind and a wrong secret", func(c *pcare.Config) { c.ConsSecret = "keliru-9f2c" }, -10 * time.Minute, pcare.CauseClock,
			[]string{"terlambat 10 menit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			if tt.edit != nil {
				tt.edit(&cfg)
			}
			d := diagnose(t, cfg, tt.skew)
			wantCause(t, d, tt.cause, tt.words...)
			if d.OK() != (tt.cause == pcare.CauseOK) {
				t.Fatalf("OK() = %v", d.OK())
			}
			if !d.ServerTime.Equal(simNow) || d.ClockOffset != -tt.skew {
				t.Fatalf("server time %v offset %v, want %v and %v", d.ServerTime, d.ClockOffset, simNow, -tt.skew)
			}
		})
	}
}

// A PCare that tolerated more skew would name another header; a clock this
// far off is still named first, since fixing it comes before anything else.
func TestDiagnoseNamesAFarOffClockFirst(t *testing.T) {
	srv := startSim(t, pcaresim.Options{MaxSkew: time.Hour})
	cfg := srv.ClientConfig()
	cfg.ConsSecret = "keliru-9f2c"
	wantCause(t, diagnose(t, cfg, -10*time.Minute), pcare.CauseClock, "terlambat 10 menit")
	wantCause(t, diagnose(t, cfg, -4*time.Minute), pcare.CauseConsumer, "consumer secret", "terlambat 4 menit")
}

func TestDiagnoseServiceNotActivated(t *testing.T) {
	srv := startSim(t, pcaresim.Options{NotActivated: true})
	wantCause(t, diagnose(t, srv.ClientConfig(), 0), pcare.CauseNotActivated, "belum aktif", "BPJS")
}

func TestDiagnoseServerDown(t *testing.T) {
	srv := startSim(t, pcaresim.Options{Faults: pcaresim.Faults{Outage: true}})
	d := diagnose(t, srv.ClientConfig(), 0)
	wantCause(t, d, pcare.CauseServer, "pemeliharaan", "HTTP 503")
	if !d.ServerTime.Equal(simNow) {
		t.Fatalf("the maintenance page's Date was not read: %v", d.ServerTime)
	}
}

func TestDiagnoseUnreachable(t *testing.T) {
	t.Run("connection refused", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // nothing listens there now
		d := diagnose(t, simCredsAt("http://"+addr+"/pcare-rest"), 0)
		wantCause(t, d, pcare.CauseUnreachable, "menolak sambungan", addr)
		if !d.ServerTime.IsZero() {
			t.Fatal("a server time without an answer")
		}
	})
	t.Run("no answer in time", func(t *testing.T) {
		srv := startSim(t, pcaresim.Options{Faults: pcaresim.Faults{LatencyMS: 30_000}})
		cfg := srv.ClientConfig()
		cfg.Timeout = 300 * time.Millisecond
		wantCause(t, diagnose(t, cfg, 0), pcare.CauseUnreachable, "tidak menjawab dalam 0,3 detik")
	})
	t.Run("name not found", func(t *testing.T) {
		// The dialer answers as a resolver does for an unknown name, so no
		// query leaves this machine.
		var dialed atomic.Int32
		hc := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dialed.Add(1)
			host, _, _ := net.SplitHostPort(addr)
			return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
		}}}
		d := diagnose(t, simCredsAt(pcare.ProductionURL), 0, pcare.WithHTTPClient(hc))
		wantCause(t, d, pcare.CauseUnreachable, "DNS", "apijkn.bpjs-kesehatan.go.id")
		if dialed.Load() != 1 {
			t.Fatalf("dialed %d times, want once (no retries in a diagnosis)", dialed.Load())
		}
	})
}

func TestDiagnoseRefusesAnUntrustedCertificate(t *testing.T) {
	var reached atomic.Int32
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached.Add(1) }))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	d := diagnose(t, simCredsAt(tlsSrv.URL+"/pcare-rest"), 0)
	wantCause(t, d, pcare.CauseTLS, "Sertifikat", "tidak dapat diverifikasi")
	if reached.Load() != 0 {
		t.Fatal("a request reached the server behind an untrusted certificate: the credentials left the machine")
	}
}

func TestDiagnoseSendsNothingWithBadSettings(t *testing.T) {
	var reached atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached.Add(1) }))
	defer plain.Close()
	full := simCredsAt(plain.URL)

	missing := full
	missing.ConsSecret, missing.UserKey = "", ""
	wantCause(t, diagnose(t, missing, 0), pcare.CauseConfig, "Consumer secret belum diisi.", "User key belum diisi.")

	// http to another machine: refused before any connection.
	insecure := full
	insecure.BaseURL = strings.Replace(plain.URL, "127.0.0.1", "127.0.0.1.nip.io", 1)
	wantCause(t, diagnose(t, insecure, 0), pcare.CauseInsecureURL, "https")
	if reached.Load() != 0 {
		t.Fatal("a request was sent with settings that Validate refuses")
	}
}
