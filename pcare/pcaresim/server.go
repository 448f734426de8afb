package pcaresim

import (
	"crypto/hmac"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"fktpdesk/pcare"
)

// pcarePrefix is where PCare lives on the simulator, as on the apijkn gateway.
const pcarePrefix = "/pcare-rest"

// msgNotRegistered is PCare's answer to a path it does not serve, the old
// kunjungan POST included.
const msgNotRegistered = "Unauthorized! You are not registered for this service!"

// maxBody bounds a request body; a kunjungan is about 1 kB.
const maxBody = 1 << 20

// reply is what a PCare handler answers, before encoding and encryption.
type reply struct {
	code      int    // metaData.code; the HTTP status mirrors it (see send)
	msg       string // metaData.message
	payload   any    // the response: encrypted on 200/201, plain otherwise
	committed bool   // a write was stored: the answer may be dropped
}

func ok(payload any) reply { return reply{code: 200, msg: "OK", payload: payload} }

func created(payload any) reply {
	return reply{code: 201, msg: "CREATED", payload: payload, committed: true}
}

func fieldErr(code int, msg, field, message string) reply {
	return reply{code: code, msg: msg, payload: []pcare.FieldMessage{{Field: field, Message: message}}}
}

// precondition is PCare's 412: a business rule refused the data.
func precondition(field, message string) reply {
	return fieldErr(http.StatusPreconditionFailed, "PRECONDITION_FAILED", field, message)
}

// badRef is PCare's 424: a code that is not in the master data.
func badRef(field, message string) reply {
	return fieldErr(http.StatusFailedDependency, "FAILED_DEPENDENCY", field, message)
}

// noContent is PCare's "no data" (metaData.code 204).
func noContent() reply { return reply{code: http.StatusNoContent, msg: "NO_CONTENT"} }

// jvalueError is the .NET error PCare answers when a nested object it
// expects (rujukLanjut, subSpesialis, khusus) is null or a scalar.
func jvalueError() reply {
	return reply{code: 500, msg: "Cannot access child value on Newtonsoft.Json.Linq.JValue."}
}

// list is PCare's {count, list} wrapper; count is the number of matches
// before paging.
type list[T any] struct {
	Count int `json:"count"`
	List  []T `json:"list"`
}

func newList[T any](all []T, start, limit int) list[T] {
	page := []T{}
	if start < len(all) {
		end := len(all)
		if limit >= 0 && start+limit < end {
			end = start + limit
		}
		page = all[start:end]
	}
	return list[T]{Count: len(all), List: page}
}

// writeEnvelope writes {"response": <response>, "metaData": {"message", "code"}}.
func writeEnvelope(w http.ResponseWriter, status, code int, msg string, response []byte) {
	m, _ := json.Marshal(msg)
	var b strings.Builder
	b.Grow(len(response) + len(m) + 64)
	b.WriteString(`{"response":`)
	b.Write(response)
	b.WriteString(`,"metaData":{"message":`)
	b.Write(m)
	b.WriteString(`,"code":`)
	b.WriteString(strconv.Itoa(code))
	b.WriteString("}}")
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, b.String())
}

// send encodes a reply. Success payloads are encrypted and LZ-compressed
// with the request's own X-timestamp, as PCare does; error payloads stay
// plain JSON. 204 and 304 go out as HTTP 200 because HTTP forbids a body
// with those statuses, and the client reads the code from metaData.
func (s *Sim) send(w http.ResponseWriter, r *http.Request, rep reply) {
	resp := []byte("null")
	if raw, isRaw := rep.payload.(json.RawMessage); isRaw {
		resp = raw // pre-encoded (peserta)
	} else if rep.payload != nil {
		js, err := json.Marshal(rep.payload)
		if err != nil {
			s.log.Error("cannot encode answer", "err", err)
			writeEnvelope(w, 500, 500, "Internal Server Error", resp)
			return
		}
		resp = js
	}
	if (rep.code == 200 || rep.code == 201) && rep.payload != nil {
		ts := r.Header.Get("X-timestamp")
		enc := pcare.EncryptResponse(s.creds.ConsID, s.creds.ConsSecret, ts, string(resp))
		resp = []byte(`"` + enc + `"`) // base64 needs no JSON escaping
	}
	status := rep.code
	if status == http.StatusNoContent || status == http.StatusNotModified {
		status = http.StatusOK
	}
	writeEnvelope(w, status, rep.code, rep.msg, resp)
}

// authenticate checks the five PCare headers. Its messages say which one is
// wrong, in PCare-like words, without ever echoing a secret.
func (s *Sim) authenticate(r *http.Request) (bool, string) {
	h := r.Header
	consID := h.Get("X-cons-id")
	if consID == "" {
		return false, "Unauthorized! X-cons-id tidak ada."
	}
	if consID != s.creds.ConsID {
		return false, "Unauthorized! X-cons-id tidak terdaftar."
	}
	tsText := h.Get("X-timestamp")
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return false, "Unauthorized! X-timestamp tidak valid (harus detik Unix UTC)."
	}
	if skew := s.now().Sub(time.Unix(ts, 0)); skew > s.maxSkew || skew < -s.maxSkew {
		return false, "Unauthorized! X-timestamp kedaluwarsa atau jam tidak sinkron."
	}
	want := pcare.Signature(s.creds.ConsID, s.creds.ConsSecret, tsText)
	if !hmac.Equal([]byte(h.Get("X-signature")), []byte(want)) {
		return false, "Unauthorized! X-signature tidak valid."
	}
	key := h.Get("user_key")
	if key == "" {
		return false, "Unauthorized! user_key tidak ada."
	}
	if !hmac.Equal([]byte(key), []byte(s.creds.UserKey)) {
		return false, "Unauthorized! user_key tidak valid untuk layanan ini."
	}
	auth := h.Get("X-authorization")
	enc, found := strings.CutPrefix(auth, "Basic ")
	if !found {
		// What PCare's .NET code says when "Basic " is missing.
		return false, "StartIndex cannot be less than zero."
	}
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		return false, "Unauthorized! X-authorization tidak valid."
	}
	parts := strings.Split(string(raw), ":")
	if len(parts) < 3 {
		return false, "Unauthorized! X-authorization harus berisi username:password:kdAplikasi."
	}
	user, app := parts[0], parts[len(parts)-1]
	pass := strings.Join(parts[1:len(parts)-1], ":")
	if user != s.creds.Username || !hmac.Equal([]byte(pass), []byte(s.creds.Password)) {
		return false, "Unauthorized! Username atau password PCare salah."
	}
	if app != s.creds.KdAplikasi {
		return false, "Unauthorized! Kode aplikasi tidak terdaftar."
	}
	return true, ""
}

// pcareFunc handles one PCare call; body is the request body (POST/PUT).
type pcareFunc func(r *http.Request, body []byte) reply

// routes builds the handler: PCare behind the fault and auth layers, the
// control API beside it.
func (s *Sim) routes() http.Handler {
	api := http.NewServeMux()
	s.registerPCare(func(pattern string, write bool, fn pcareFunc) {
		method, path, _ := strings.Cut(pattern, " ")
		api.Handle(method+" "+pcarePrefix+"/"+path, s.pcareHandler(write, fn))
	})
	top := http.NewServeMux()
	top.Handle("/_sim/", s.controlHandler())
	top.HandleFunc(pcarePrefix+"/", func(w http.ResponseWriter, r *http.Request) {
		s.servePCare(api, w, r)
	})
	return top
}

// servePCare runs one PCare request through faults, authentication and routing.
func (s *Sim) servePCare(api *http.ServeMux, w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	// The server's clock, as every HTTP server sends it: a client compares
	// it with its own to see why its X-timestamp was refused.
	w.Header().Set("Date", s.now().UTC().Format(http.TimeFormat))
	d := s.faults.decide()
	logf := func(outcome string, code int) {
		s.log.LogAttrs(r.Context(), slog.LevelDebug, "pcare-sim request",
			slog.String("method", r.Method), slog.String("path", maskPath(r.URL.Path)),
			slog.String("outcome", outcome), slog.Int("code", code), slog.Duration("duration", time.Since(start)))
	}
	if d.outage {
		writeHTML(w, http.StatusServiceUnavailable, htmlMaintenance)
		logf("outage", 503)
		return
	}
	if d.delay > 0 {
		t := time.NewTimer(d.delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	switch {
	case d.reset:
		logf("reset", 0)
		abortConnection(w)
		return
	case d.html:
		writeHTML(w, http.StatusBadGateway, htmlBadGateway)
		logf("html", 502)
		return
	case d.status != 0:
		injectedError(w, d.status)
		logf("injected", d.status)
		return
	}
	if okAuth, msg := s.authenticate(r); !okAuth {
		writeEnvelope(w, http.StatusUnauthorized, http.StatusUnauthorized, msg, []byte("null"))
		logf("unauthorized", 401)
		return
	}
	if _, pattern := api.Handler(r); pattern == "" || s.notActivated {
		writeEnvelope(w, http.StatusNotFound, http.StatusNotFound, msgNotRegistered, []byte("null"))
		logf("not registered", 404)
		return
	}
	api.ServeHTTP(w, r)
	logf("handled", 0)
}

// pcareHandler adapts a pcareFunc: reads the body, runs it, and for a
// stored write may drop the connection instead of answering.
func (s *Sim) pcareHandler(write bool, fn pcareFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		if r.Body != nil && (r.Method == http.MethodPost || r.Method == http.MethodPut) {
			b, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
			if err != nil {
				return // the client is gone
			}
			body = b
		}
		rep := fn(r, body)
		if write && rep.committed && s.faults.dropAfterCommit() {
			s.log.Info("fault: write stored, answer dropped", "method", r.Method, "path", r.URL.Path)
			abortConnection(w)
			return
		}
		s.send(w, r, rep)
	})
}

// maskPath hides card numbers and NIKs (all-digit segments of ten or more
// digits) from the log, as the client does.
func maskPath(p string) string {
	segs := strings.Split(p, "/")
	for i, sg := range segs {
		if len(sg) >= 10 && strings.Trim(sg, "0123456789") == "" {
			segs[i] = pcare.MaskNumber(sg)
		}
	}
	return strings.Join(segs, "/")
}

// Server is a Sim listening on a TCP address.
type Server struct {
	*Sim
	URL string // base URL including /pcare-rest, e.g. http://127.0.0.1:41234/pcare-rest

	hs       *http.Server
	ln       net.Listener
	done     chan struct{}
	inFlight atomic.Int64 // requests being handled, for a quick graceful Close
}

// Start listens on addr ("127.0.0.1:0" for a free port) and serves in the
// background until Close.
func Start(addr string, opts Options) (*Server, error) {
	sim, err := New(opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		_ = sim.Close()
		return nil, fmt.Errorf("pcaresim: listen %s: %w", addr, err)
	}
	srv := &Server{
		Sim:  sim,
		URL:  "http://" + ln.Addr().String() + pcarePrefix,
		ln:   ln,
		done: make(chan struct{}),
		hs: &http.Server{
			ReadHeaderTimeout: 10 * time.Second,
			ErrorLog:          slog.NewLogLogger(sim.log.Handler(), slog.LevelDebug),
		},
	}
	h := sim.Handler()
	srv.hs.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv.inFlight.Add(1)
		defer srv.inFlight.Add(-1)
		h.ServeHTTP(w, r)
	})
	go func() {
		defer close(srv.done)
		// Close closes the listener first, so net.ErrClosed is the normal end.
		if err := srv.hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			sim.log.Error("pcare-sim serve", "err", err)
		}
	}()
	return srv, nil
}

// ControlURL is the base of the control API, e.g. http://127.0.0.1:41234/_sim.
func (s *Server) ControlURL() string {
	return strings.TrimSuffix(s.URL, pcarePrefix) + "/_sim"
}

// ClientConfig is a pcare.Config that reaches this server with its credentials.
func (s *Server) ClientConfig() pcare.Config {
	c := s.creds
	return pcare.Config{BaseURL: s.URL, ConsID: c.ConsID, ConsSecret: c.ConsSecret, UserKey: c.UserKey,
		Username: c.Username, Password: c.Password, KdAplikasi: c.KdAplikasi, PPK: c.PPK}
}

// Close stops accepting connections, lets requests in flight finish (for
// up to five seconds), closes every connection and flushes the state file.
//
// It does not use http.Server.Shutdown, which waits up to five seconds for
// connections that were opened but never sent a request (HTTP clients dial
// spare ones), and would make every test's cleanup slow at random.
func (s *Server) Close() error {
	err := s.ln.Close()
	if errors.Is(err, net.ErrClosed) {
		err = nil // closed before
	}
	deadline := time.Now().Add(5 * time.Second)
	for s.inFlight.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	err = errors.Join(err, s.hs.Close())
	<-s.done
	return errors.Join(err, s.Sim.Close())
}
