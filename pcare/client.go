// Package pcare is the BPJS Kesehatan PCare bridging client: the one place in
// FKTP Desk that knows the wire protocol (headers, signature, encrypted and
// LZ-compressed answers, PCare's status codes and field names).
//
// It returns typed results and *Error values whose Kind says what the caller
// must do. It never resends a write: a POST, PUT or DELETE that left the
// machine without a usable answer comes back as KindOutcomeUnknown, and the
// caller reconciles with a GET. Reads are retried on transient failures.
// It must not know about the clinic's storage, screens or outbox.
package pcare

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"fktpdesk/clinic"
)

// maxBody bounds what we read of one answer; a 1,000-row reference list is
// well under 1 MB even before compression.
const maxBody = 32 << 20

// Client talks to one PCare service as one FKTP. It is safe for concurrent use.
type Client struct {
	cfg        Config
	base       string
	hc         *http.Client
	log        *slog.Logger
	now        func() time.Time
	getRetries int
	retryWait  time.Duration
}

// Option adjusts a Client.
type Option func(*Client)

// WithHTTPClient replaces the HTTP client (its Timeout should be zero: the
// client bounds each exchange with Config.Timeout through the context).
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.hc = hc } }

// WithLogger sets the structured logger (slog.Default() otherwise).
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.log = l } }

// WithClock sets the clock that makes X-timestamp (time.Now otherwise).
func WithClock(now func() time.Time) Option { return func(c *Client) { c.now = now } }

// WithReadRetries sets how many times a failed GET is tried again (default
// 2) and the first backoff wait (default 300 ms, doubling, with jitter).
func WithReadRetries(n int, wait time.Duration) Option {
	return func(c *Client) { c.getRetries, c.retryWait = n, wait }
}

// New checks cfg and returns a client. Certificates are always verified:
// New refuses an HTTP client whose transport skips verification.
func New(cfg Config, opts ...Option) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 16
	tr.ResponseHeaderTimeout = 0 // the per-request context governs
	tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	c := &Client{
		cfg:  cfg,
		base: strings.TrimRight(cfg.BaseURL, "/"),
		hc: &http.Client{Transport: tr,
			// PCare never redirects, and net/http would carry our own
			// X-authorization (the PCare password, barely encoded) and
			// user_key headers to wherever a redirect points, http included.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		log:        slog.Default(),
		now:        time.Now,
		getRetries: 2,
		retryWait:  300 * time.Millisecond,
	}
	for _, o := range opts {
		o(c)
	}
	if skipsVerification(c.hc) {
		return nil, &Error{Kind: KindInsecure, Message: "the HTTP client skips TLS certificate verification",
			Fields: []FieldMessage{{Field: "BaseURL", Message: "Sertifikat server PCare wajib diperiksa; sambungan tanpa pemeriksaan sertifikat ditolak."}}}
	}
	return c, nil
}

// skipsVerification reports whether hc's transport (as far as it can be
// seen) would accept any certificate.
func skipsVerification(hc *http.Client) bool {
	rt := hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	t, ok := rt.(*http.Transport)
	return ok && t.TLSClientConfig != nil && t.TLSClientConfig.InsecureSkipVerify
}

// Config returns the client's configuration (for the PPK code and the like).
func (c *Client) Config() Config { return c.cfg }

// envelope is PCare's answer. metaData is matched case-insensitively by
// encoding/json, which covers the "metadata" spelling of other BPJS services.
type envelope struct {
	MetaData *struct {
		Code    Int       `json:"code"`
		Message OptString `json:"message"`
	} `json:"metaData"`
	Response json.RawMessage `json:"response"`
}

// call sends one request (retrying reads) and decodes the answer's payload
// into out when out is not nil. It returns the raw payload JSON as well.
func (c *Client) call(ctx context.Context, method, path string, body, out any) (json.RawMessage, error) {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return nil, &Error{Kind: KindInternal, Method: method, Path: maskPath(path), Message: "cannot encode request", Err: err}
		}
	}
	write := method != http.MethodGet
	wait := c.retryWait
	for attempt := 0; ; attempt++ {
		raw, err := c.once(ctx, method, path, payload, attempt)
		if err == nil {
			if out != nil && len(raw) > 0 && !bytes.Equal(raw, []byte("null")) {
				if derr := json.Unmarshal(raw, out); derr != nil {
					kind := KindProtocol
					if write {
						// Stored, but we cannot tell what PCare answered.
						kind = KindOutcomeUnknown
					}
					return raw, &Error{Kind: kind, Method: method, Path: maskPath(path),
						Message: "answer does not have the expected shape", Err: derr}
				}
			}
			return raw, nil
		}
		var pe *Error
		if write || attempt >= c.getRetries || !errors.As(err, &pe) || !pe.Retryable() || ctx.Err() != nil {
			return nil, err
		}
		// Full jitter keeps a room of desks from retrying in lockstep.
		d := wait/2 + time.Duration(rand.Int64N(int64(wait/2)+1))
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(d):
		}
		wait *= 2
	}
}

// once is a single HTTP exchange with its own timestamp.
func (c *Client) once(ctx context.Context, method, path string, payload []byte, attempt int) (json.RawMessage, error) {
	start := time.Now()
	masked := maskPath(path)
	write := method != http.MethodGet
	fail := func(status int, e *Error) (json.RawMessage, error) {
		e.Method, e.Path, e.Status = method, masked, status
		c.log.LogAttrs(ctx, slog.LevelWarn, "pcare request failed",
			slog.String("method", method), slog.String("path", masked), slog.Int("status", status),
			slog.Duration("duration", time.Since(start)), slog.Int("attempt", attempt+1),
			slog.String("kind", e.Kind.String()), slog.String("error", e.Error()))
		return nil, e
	}

	ts := strconv.FormatInt(c.now().UTC().Unix(), 10)
	actx, cancel := context.WithTimeout(ctx, c.cfg.timeout())
	defer cancel()

	var wrote atomic.Bool
	actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				wrote.Store(true)
			}
		},
	})
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(actx, method, c.base+"/"+path, rd)
	if err != nil {
		return fail(0, &Error{Kind: KindInternal, Message: "cannot build request", Err: err})
	}
	c.setHeaders(req.Header, ts, payload != nil)

	resp, err := c.hc.Do(req)
	if err != nil {
		return fail(0, c.transportError(ctx, err, write && wrote.Load()))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		e := c.transportError(ctx, err, write)
		return fail(resp.StatusCode, e)
	}
	raw, perr := c.interpret(resp.StatusCode, body, ts, write)
	if perr != nil {
		return fail(resp.StatusCode, perr)
	}
	c.log.LogAttrs(ctx, slog.LevelInfo, "pcare request",
		slog.String("method", method), slog.String("path", masked), slog.Int("status", resp.StatusCode),
		slog.Duration("duration", time.Since(start)), slog.Int("attempt", attempt+1))
	return raw, nil
}

func (c *Client) setHeaders(h http.Header, ts string, hasBody bool) {
	h.Set("X-cons-id", c.cfg.ConsID)
	h.Set("X-timestamp", ts)
	h.Set("X-signature", Signature(c.cfg.ConsID, c.cfg.ConsSecret, ts))
	h.Set("X-authorization", Authorization(c.cfg.Username, c.cfg.Password, c.cfg.kdAplikasi()))
	h.Set("user_key", c.cfg.UserKey)
	h.Set("Accept", "application/json")
	if hasBody {
		// The catalog's content type for POST/PUT, although the body is JSON.
		h.Set("Content-Type", "text/plain")
	} else {
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
}

// transportError classifies a failure with no readable answer. sent says
// whether a write had fully left this machine: then PCare may have acted.
func (c *Client) transportError(ctx context.Context, err error, sent bool) *Error {
	if tlsProblem(err) {
		// The handshake failed before any request was written.
		return &Error{Kind: KindInsecure, Err: err, Message: "TLS certificate or handshake refused: " + err.Error()}
	}
	timeout := errors.Is(err, context.DeadlineExceeded)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		timeout = true
	}
	what := "connection failed"
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		what = "cancelled"
	case timeout:
		what = fmt.Sprintf("no answer within %s", c.cfg.timeout())
	}
	if sent {
		return &Error{Kind: KindOutcomeUnknown, Err: err,
			Message: what + " after the request was sent; PCare may have stored it"}
	}
	return &Error{Kind: KindUnavailable, Err: err, Message: what}
}

// tlsProblem reports whether err is a refused certificate or a failed TLS
// handshake (which includes an http server behind an https URL).
func tlsProblem(err error) bool {
	var (
		verify  *tls.CertificateVerificationError
		record  tls.RecordHeaderError
		alert   tls.AlertError
		unknown x509.UnknownAuthorityError
		host    x509.HostnameError
		invalid x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &record) || errors.As(err, &alert) ||
		errors.As(err, &unknown) || errors.As(err, &host) || errors.As(err, &invalid)
}

var bom = []byte("\xef\xbb\xbf")

// interpret reads an answer: HTML pages, the envelope, the status and the
// encrypted payload. It returns the payload as JSON text.
func (c *Client) interpret(status int, body []byte, ts string, write bool) (json.RawMessage, *Error) {
	body = bytes.TrimSpace(bytes.TrimPrefix(body, bom))
	switch status {
	case http.StatusNoContent:
		return nil, &Error{Kind: KindNotFound, Message: "no data (204)"}
	case http.StatusNotModified:
		// HTTP allows no body here; PCare's 304 means "cannot be changed",
		// which on a delete means it is already gone.
		return nil, &Error{Kind: KindNotModified, Code: status, Message: "not modified (304)"}
	}
	if status >= 300 && status < 400 {
		return nil, &Error{Kind: KindProtocol, Message: "PCare answered with a redirect; redirects are not followed"}
	}
	if len(body) > 0 && body[0] == '<' {
		e := &Error{Kind: kindFor(status, "", write), Message: "PCare answered with an HTML page instead of JSON (gateway or proxy error)"}
		if status >= 200 && status < 300 {
			e.Kind = KindProtocol
			if write {
				e.Kind = KindOutcomeUnknown
			}
		}
		return nil, e
	}
	var env envelope
	if len(body) == 0 || json.Unmarshal(body, &env) != nil || env.MetaData == nil {
		if status >= 400 {
			return nil, &Error{Kind: kindFor(status, "", write), Message: "answer is not PCare JSON: " + snippet(body)}
		}
		kind := KindProtocol
		if write {
			kind = KindOutcomeUnknown
		}
		return nil, &Error{Kind: kind, Message: "answer is not PCare JSON: " + snippet(body)}
	}
	code := int(env.MetaData.Code)
	if code == 0 {
		code = status
	}
	msg := string(env.MetaData.Message)
	payload, derr := c.decodePayload(env.Response, ts)
	if code >= 200 && code < 300 && code != http.StatusNoContent {
		if derr != nil {
			kind := KindProtocol
			if write {
				kind = KindOutcomeUnknown
			}
			return nil, &Error{Kind: kind, Code: code, Message: "cannot read the encrypted answer", Err: derr}
		}
		return payload, nil
	}
	e := &Error{Kind: kindFor(code, msg, write), Code: code, Message: msg}
	if derr == nil {
		e.Fields = fieldMessages(payload)
	}
	return nil, e
}

// decodePayload decrypts a non-empty string response; anything else (null,
// [], an object, an array of field messages) is plain JSON already.
func (c *Client) decodePayload(resp json.RawMessage, ts string) (json.RawMessage, error) {
	resp = bytes.TrimSpace(resp)
	if len(resp) == 0 || resp[0] != '"' {
		return resp, nil
	}
	var s string
	if err := json.Unmarshal(resp, &s); err != nil {
		return nil, err
	}
	if s == "" {
		return json.RawMessage("null"), nil
	}
	js, err := DecryptResponse(c.cfg.ConsID, c.cfg.ConsSecret, ts, s)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(js), nil
}

// kindFor maps a PCare code or HTTP status to a Kind.
func kindFor(code int, msg string, write bool) Kind {
	switch {
	case code == 401 || code == 403:
		return KindAuth
	case code == 404:
		if strings.Contains(strings.ToLower(msg), "not registered for this service") {
			return KindAuth
		}
		return KindNotFound
	case code == 204:
		return KindNotFound
	case code == 304:
		return KindNotModified
	case code == 412 || code == 400 || code == 422:
		return KindValidation
	case code == 424:
		return KindBadReference
	case code == 408 || code == 502 || code == 504:
		// A gateway gave up waiting; the service behind it may still commit.
		if write {
			return KindOutcomeUnknown
		}
		return KindServer
	case code == 429 || code >= 500:
		return KindServer
	case code >= 400:
		return KindValidation
	}
	return KindProtocol
}

// fieldMessages reads 412/424 details: an array of {field,message}, a single
// one, or nothing.
func fieldMessages(raw json.RawMessage) []FieldMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	var list []FieldMessage
	if raw[0] == '[' {
		if json.Unmarshal(raw, &list) == nil {
			return list
		}
		return nil
	}
	var one FieldMessage
	if raw[0] == '{' && json.Unmarshal(raw, &one) == nil && (one.Field != "" || one.Message != "") {
		return []FieldMessage{one}
	}
	return nil
}

func snippet(b []byte) string {
	const n = 120
	if len(b) > n {
		return strconv.Quote(string(b[:n])) + "…"
	}
	return strconv.Quote(string(b))
}

// MaskNumber hides the middle of a card number or NIK for logs:
// 0001234567890 → 0001******890 (clinic.MaskNumber, the one rule).
func MaskNumber(s string) string { return clinic.MaskNumber(s) }

// maskPath masks every all-digit path segment of ten or more digits: card
// numbers and NIKs must not reach the log.
func maskPath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if len(s) >= 10 && strings.Trim(s, "0123456789") == "" {
			segs[i] = MaskNumber(s)
		}
	}
	return strings.Join(segs, "/")
}
