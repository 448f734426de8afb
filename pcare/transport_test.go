package pcare

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestURLMustBeHTTPSUnlessLoopback(t *testing.T) {
	for _, tt := range []struct {
		url  string
		kind Kind // KindInternal: valid
	}{
		{"https://apijkn.bpjs-kesehatan.go.id/pcare-rest", KindInternal},
		{"https://127.0.0.1:8443/pcare-rest", KindInternal},
		{"http://127.0.0.1:8089/pcare-rest", KindInternal},
		{"http://127.8.9.10:8089/pcare-rest", KindInternal},
		{"http://localhost:8089/pcare-rest", KindInternal},
		{"http://[::1]:8089/pcare-rest", KindInternal},
		{"http://apijkn.bpjs-kesehatan.go.id/pcare-rest", KindInsecure},
		{"http://192.168.1.10:8089/pcare-rest", KindInsecure},
		{"http://127.0.0.1.nip.io/pcare-rest", KindInsecure}, // a name, not the loopback address
		{"http://localhost.example.com/pcare-rest", KindInsecure},
		{"ftp://apijkn.bpjs-kesehatan.go.id/pcare-rest", KindConfig},
	} {
		cfg := testCfg
		cfg.BaseURL = tt.url
		err := cfg.Validate()
		if tt.kind == KindInternal {
			if err != nil {
				t.Errorf("%s: %v", tt.url, err)
			}
			continue
		}
		if KindOf(err) != tt.kind {
			t.Errorf("%s: %v, want kind %v", tt.url, err, tt.kind)
			continue
		}
		if _, nerr := New(cfg); KindOf(nerr) != tt.kind {
			t.Errorf("New accepted %s: %v", tt.url, nerr)
		}
		if e := err.(*Error); len(e.Fields) == 0 || e.Fields[0].Field != "BaseURL" || e.Fields[0].Message == "" {
			t.Errorf("%s: no Indonesian message for the URL field: %+v", tt.url, e.Fields)
		}
	}
}

func TestCertificatesAreAlwaysVerified(t *testing.T) {
	cfg := testCfg
	cfg.BaseURL = DevURL
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tr, ok := c.hc.Transport.(*http.Transport)
	if !ok || tr.TLSClientConfig == nil || tr.TLSClientConfig.InsecureSkipVerify || tr.TLSClientConfig.MinVersion < tls.VersionTLS12 {
		t.Fatalf("transport TLS config %+v", tr.TLSClientConfig)
	}
	insecure := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	if _, err := New(cfg, WithHTTPClient(insecure)); KindOf(err) != KindInsecure {
		t.Fatalf("a client that skips verification was accepted: %v", err)
	}

	// A self-signed server (httptest's certificate, not trusted here).
	var reached atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached.Add(1) }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	cfg.BaseURL = srv.URL + "/pcare-rest"
	cfg.Timeout = 5 * time.Second
	c, _ = New(cfg, WithReadRetries(2, time.Millisecond), WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	_, err = c.Kesadaran(context.Background())
	if KindOf(err) != KindInsecure {
		t.Fatalf("self-signed server: %v, want KindInsecure", err)
	}
	if reached.Load() != 0 {
		t.Fatal("a request reached a server whose certificate is not trusted")
	}
	// A write is refused the same way and is not "outcome unknown": nothing left.
	if _, err := c.AddPendaftaran(context.Background(), Pendaftaran{NoKartu: "0001234567890"}); KindOf(err) != KindInsecure {
		t.Fatalf("write to a self-signed server: %v", err)
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	var leaked atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-authorization") != "" || r.Header.Get("user_key") != "" {
			leaked.Add(1)
		}
	}))
	defer elsewhere.Close()
	f, c, _ := newFake(t, func(w http.ResponseWriter, r *http.Request, ts string) {
		http.Redirect(w, r, elsewhere.URL+"/collect", http.StatusFound)
	})
	_ = f
	if _, err := c.Kesadaran(context.Background()); KindOf(err) != KindProtocol {
		t.Fatalf("redirect: %v, want KindProtocol", err)
	}
	if leaked.Load() != 0 {
		t.Fatal("the credentials headers followed a redirect to another server")
	}
}

func TestDiagnosisWording(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0 detik", 29*time.Second + 600*time.Millisecond: "30 detik", time.Minute: "1 menit",
		10*time.Minute + 20*time.Second: "10 menit", 7 * time.Hour: "7 jam", 65 * time.Minute: "1 jam 5 menit",
	} {
		if got := duration(d); got != want {
			t.Errorf("duration(%v) = %q, want %q", d, got, want)
		}
	}
	if got := seconds(300 * time.Millisecond); got != "0,3 detik" {
		t.Errorf("seconds = %q", got)
	}
	// A PC whose date fell back years sees every certificate as expired.
	expired := &tls.CertificateVerificationError{Err: x509.CertificateInvalidError{Reason: x509.Expired}}
	if !tlsProblem(fmt.Errorf("get: %w", expired)) {
		t.Fatal("an expired certificate is not a TLS problem")
	}
	if msg := tlsMessage(expired, "apijkn.bpjs-kesehatan.go.id"); !strings.Contains(msg, "tanggal dan jam komputer") {
		t.Fatalf("expired certificate: %q", msg)
	}
	if msg := tlsMessage(x509.HostnameError{Host: "x"}, "apijkn.bpjs-kesehatan.go.id"); !strings.Contains(msg, "salah ketik") {
		t.Fatalf("wrong host: %q", msg)
	}
}

func TestConfigNeverPrintsItsSecrets(t *testing.T) {
	cfg := testCfg
	cfg.BaseURL = DevURL
	_, sec := Split(ModeDev, cfg)
	var logs strings.Builder
	slog.New(slog.NewTextHandler(&logs, nil)).Info("settings", "cfg", cfg, "secrets", sec)
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("settings", "cfg", cfg, "secrets", sec)
	out := fmt.Sprintf("%v %+v %#v %s %v %+v %#v", cfg, cfg, cfg, cfg, sec, sec, sec) + logs.String()
	for _, secret := range []string{cfg.ConsSecret, cfg.UserKey, cfg.Password} {
		if strings.Contains(out, secret) {
			t.Fatalf("secret %q printed: %s", secret, out)
		}
	}
	if !strings.Contains(out, cfg.Username) || !strings.Contains(out, "(set)") {
		t.Fatalf("the non-secret settings should show: %s", out)
	}
}
