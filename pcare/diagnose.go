package pcare

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Cause is what a connection test found.
type Cause int

// Causes, in the words of the settings screen's "Uji sambungan".
const (
	CauseOK           Cause = iota // PCare answered an authenticated call
	CauseConfig                    // settings missing or malformed; nothing was sent
	CauseInsecureURL               // a URL that is not https (and not this machine); nothing was sent
	CauseUnreachable               // DNS, refused connection, network down, no answer in time
	CauseTLS                       // the server's certificate was refused
	CauseClock                     // this PC's clock is too far from PCare's
	CauseConsumer                  // consumer ID or consumer secret (the signature) refused
	CauseUserKey                   // user_key refused
	CauseLogin                     // PCare username, password (or kdAplikasi) refused
	CauseNotActivated              // the PCare service is not activated for this consumer / user key
	CauseServer                    // PCare answered but failed (5xx, maintenance page, unreadable answer)
	CauseRefused                   // credentials refused for a reason PCare did not name
)

var causeNames = [...]string{"ok", "config", "insecure url", "unreachable", "tls", "clock", "consumer",
	"user key", "login", "not activated", "server", "refused"}

func (c Cause) String() string {
	if int(c) < len(causeNames) {
		return causeNames[c]
	}
	return fmt.Sprintf("cause(%d)", int(c))
}

// Diagnosis is the result of Diagnose.
type Diagnosis struct {
	Cause Cause
	// Message says what happened and what to do, in Bahasa Indonesia, for
	// the settings screen. It never contains a secret.
	Message string
	// Detail is the technical side (status, PCare's own message, the Go
	// error), for a log or a "detail" line. It never contains a secret.
	Detail string
	// ServerTime is the time in PCare's Date header (second resolution);
	// zero when no answer carried one.
	ServerTime time.Time
	// ClockOffset is ServerTime minus this PC's clock: positive when this
	// PC is behind. Meaningful only when ServerTime is not zero.
	ClockOffset time.Duration
	Elapsed     time.Duration // how long the test took
}

// OK reports whether PCare accepted the credentials.
func (d Diagnosis) OK() bool { return d.Cause == CauseOK }

// Clock limits. PCare's tolerance for X-timestamp is not public (spec §1);
// the simulator allows 5 minutes. A smaller offset is reported alongside
// any result; a larger one is the cause of any refusal.
const (
	ClockWarn  = time.Minute
	ClockLimit = 5 * time.Minute
)

// Diagnose makes one cheap authenticated call (the kesadaran reference
// list, whose encrypted answer also proves the consumer secret) and
// explains the outcome. It validates cfg first and sends nothing when the
// settings are incomplete or insecure. It does not retry. opts are the
// Client's (WithClock, WithHTTPClient, WithLogger); the call is bounded by
// ctx and cfg.Timeout.
func Diagnose(ctx context.Context, cfg Config, opts ...Option) Diagnosis {
	start := time.Now()
	c, err := New(cfg, append(opts, WithReadRetries(0, 0))...)
	if err != nil {
		return configDiagnosis(err)
	}
	probe := &clockProbe{next: c.hc.Transport, now: c.now}
	if probe.next == nil {
		probe.next = http.DefaultTransport
	}
	hc := *c.hc
	hc.Transport = probe
	c.hc = &hc

	_, err = c.Kesadaran(ctx)
	d := explain(err, c.cfg)
	d.ServerTime, d.ClockOffset = probe.offset()
	d.Elapsed = time.Since(start)
	refineForClock(&d)
	return d
}

func configDiagnosis(err error) Diagnosis {
	var e *Error
	d := Diagnosis{Cause: CauseConfig, Detail: err.Error()}
	if errors.As(err, &e) {
		if e.Kind == KindInsecure {
			d.Cause = CauseInsecureURL
		}
		var msgs []string
		for _, f := range e.Fields {
			msgs = append(msgs, f.Message)
		}
		d.Message = strings.Join(msgs, " ")
	}
	if d.Message == "" {
		d.Message = "Pengaturan PCare belum lengkap."
	}
	return d
}

// explain turns the call's outcome into a cause and a sentence, before the
// clock is taken into account.
func explain(err error, cfg Config) Diagnosis {
	if err == nil {
		return Diagnosis{Cause: CauseOK, Message: "Tersambung: PCare menerima kredensial ini."}
	}
	d := Diagnosis{Detail: err.Error()}
	var e *Error
	if !errors.As(err, &e) {
		d.Cause, d.Message = CauseServer, "Uji sambungan gagal karena kesalahan yang tidak dikenal."
		return d
	}
	host := hostOf(cfg.BaseURL)
	switch e.Kind {
	case KindInsecure:
		d.Cause, d.Message = CauseTLS, tlsMessage(e.Err, host)
	case KindUnavailable, KindOutcomeUnknown:
		d.Cause, d.Message = CauseUnreachable, unreachableMessage(e.Err, host, cfg.timeout())
	case KindAuth:
		d.Cause, d.Message = authCause(e.Message)
	case KindServer, KindProtocol:
		d.Cause = CauseServer
		d.Message = "PCare dapat dihubungi tetapi sedang bermasalah atau dalam pemeliharaan"
		if e.Status != 0 {
			d.Message += fmt.Sprintf(" (HTTP %d)", e.Status)
		}
		d.Message += ". Kredensial belum dapat diuji; coba lagi beberapa saat lagi."
	default:
		d.Cause = CauseServer
		d.Message = "PCare menjawab dengan cara yang tidak terduga untuk uji sambungan: " + e.Kind.String() + "."
	}
	return d
}

// authCause reads PCare's refusal. PCare names the failing header in its
// message only loosely (the real wording is not public; the simulator's
// follows spec §3), so unknown wording falls back to the list of suspects.
func authCause(msg string) (Cause, string) {
	m := strings.ToLower(msg)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(m, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("timestamp"):
		return CauseClock, "PCare menolak karena jam komputer ini tidak sinkron dengan jam server PCare. Atur tanggal, jam dan zona waktu komputer (sebaiknya sinkron otomatis dengan internet)."
	case has("not registered"):
		return CauseNotActivated, "Layanan PCare belum aktif untuk consumer ID ini, atau user key yang dipakai bukan untuk layanan PCare. Minta aktivasi atau user key PCare ke BPJS Kesehatan (kantor cabang)."
	case has("user_key", "user key", "userkey"):
		return CauseUserKey, "User key ditolak PCare. Periksa user key layanan PCare dari BPJS Kesehatan (bukan user key VClaim atau layanan lain)."
	case has("signature", "cons-id", "consid", "consumer"):
		return CauseConsumer, "Consumer ID atau consumer secret salah: tanda tangan (signature) ditolak PCare. Salin ulang keduanya dari surat/portal BPJS Kesehatan."
	case has("password", "username", "authorization", "kode aplikasi", "kdaplikasi", "startindex"):
		return CauseLogin, "Username atau password PCare salah (akun login PCare web milik faskes, bukan consumer secret). Periksa juga kode aplikasi (095)."
	}
	return CauseRefused, "PCare menolak kredensial tanpa menyebut sebabnya. Periksa consumer ID dan secret, user key, username dan password PCare, serta jam komputer."
}

func tlsMessage(err error, host string) string {
	var invalid x509.CertificateInvalidError
	if errors.As(err, &invalid) && invalid.Reason == x509.Expired {
		// A dead CMOS battery puts the date years back; every certificate
		// then looks expired or not yet valid.
		return fmt.Sprintf("Sertifikat server %s dianggap kedaluwarsa atau belum berlaku. Periksa dulu tanggal dan jam komputer ini (sekarang %s).",
			host, time.Now().Format("02-01-2006 15:04"))
	}
	var hostErr x509.HostnameError
	if errors.As(err, &hostErr) {
		return fmt.Sprintf("Sertifikat server tidak untuk alamat %s: alamat PCare mungkin salah ketik, atau jaringan mengalihkan sambungan. Sambungan dihentikan demi keamanan.", host)
	}
	return fmt.Sprintf("Sertifikat server %s tidak dapat diverifikasi, jadi sambungan dihentikan demi keamanan (kredensial tidak dikirim). Periksa alamat PCare, jam komputer, dan proxy atau antivirus yang memeriksa HTTPS.", host)
}

func unreachableMessage(err error, host string, timeout time.Duration) string {
	var dns *net.DNSError
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return "Uji sambungan dibatalkan."
	case errors.As(err, &dns):
		return fmt.Sprintf("Nama server %s tidak ditemukan (DNS). Periksa sambungan internet, alamat PCare, dan pengaturan DNS.", host)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("Server %s menolak sambungan. Periksa alamat dan port PCare; bila memakai simulator, pastikan simulator berjalan.", host)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return fmt.Sprintf("PCare (%s) tidak menjawab dalam %s. Periksa sambungan internet; bila jaringan lancar, PCare mungkin sedang lambat.", host, seconds(timeout))
	}
	return fmt.Sprintf("Tidak dapat tersambung ke %s. Periksa sambungan internet dan firewall.", host)
}

// refineForClock puts the clock first when it is far off, and adds a note
// when it is off enough to matter later.
func refineForClock(d *Diagnosis) {
	if d.ServerTime.IsZero() {
		return
	}
	off := d.ClockOffset.Abs()
	if d.Cause == CauseClock || (off >= ClockLimit && refusal(d.Cause)) {
		d.Cause = CauseClock
		d.Message = fmt.Sprintf("Jam komputer ini %s %s dibanding jam server PCare, sehingga permintaan ditolak. Atur tanggal, jam dan zona waktu komputer (sebaiknya sinkron otomatis dengan internet), lalu uji lagi.",
			aheadBehind(d.ClockOffset), duration(off))
		return
	}
	if off >= ClockWarn {
		d.Message += fmt.Sprintf(" Catatan: jam komputer ini %s %s dibanding jam server PCare; perbaiki agar PCare tidak menolak permintaan.",
			aheadBehind(d.ClockOffset), duration(off))
	} else if d.Cause == CauseOK {
		d.Message += fmt.Sprintf(" Jam komputer selisih %s dengan server PCare.", duration(off))
	}
}

// refusal reports whether PCare refused the request (where a clock far off
// is the likelier reason than what its message names).
func refusal(c Cause) bool {
	switch c {
	case CauseConsumer, CauseUserKey, CauseLogin, CauseRefused:
		return true
	}
	return false
}

func aheadBehind(offset time.Duration) string {
	if offset > 0 {
		return "terlambat"
	}
	return "lebih cepat"
}

// duration says d in Indonesian: "7 jam 5 menit", "10 menit", "30 detik".
func duration(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d detik", int(math.Round(d.Seconds())))
	}
	mins := int(math.Round(d.Minutes()))
	h, m := mins/60, mins%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d menit", m)
	case m == 0:
		return fmt.Sprintf("%d jam", h)
	}
	return fmt.Sprintf("%d jam %d menit", h, m)
}

func seconds(d time.Duration) string {
	return strings.Replace(fmt.Sprintf("%g detik", d.Seconds()), ".", ",", 1)
}

func hostOf(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return base
	}
	return u.Host
}

// clockProbe records the Date header of the last answer and this PC's
// clock at that moment (the middle of the exchange).
type clockProbe struct {
	next http.RoundTripper
	now  func() time.Time

	mu     sync.Mutex
	server time.Time
	local  time.Time
}

func (p *clockProbe) RoundTrip(r *http.Request) (*http.Response, error) {
	sent := p.now()
	resp, err := p.next.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	if t, perr := http.ParseTime(resp.Header.Get("Date")); perr == nil {
		recv := p.now()
		p.mu.Lock()
		p.server, p.local = t, sent.Add(recv.Sub(sent)/2)
		p.mu.Unlock()
	}
	return resp, nil
}

// offset returns the server's time and how far ahead of this PC it is.
func (p *clockProbe) offset() (time.Time, time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.server.IsZero() {
		return time.Time{}, 0
	}
	return p.server, p.server.Sub(p.local).Round(time.Second)
}
