package pcaresim

import (
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Faults make the simulator misbehave the ways PCare and its gateway do.
// They apply to the PCare paths only, never to /_sim/. Rates are fractions
// from 0 to 1 and are drawn from one RNG seeded with Seed, so a run with the
// same faults, seed and request sequence fails the same way.
//
// Per request the order is: outage, latency, reset, HTML page, error
// status, then authentication and the handler, then (writes only)
// drop-after-commit. Everything before the handler happens before any state
// is touched, so nothing is stored.
type Faults struct {
	LatencyMS           int             `json:"latency_ms"`             // added before handling
	JitterMS            int             `json:"jitter_ms"`              // plus 0..JitterMS at random
	ErrorRates          map[int]float64 `json:"error_rates"`            // HTTP status -> fraction (e.g. 500, 408, 503)
	HTMLRate            float64         `json:"html_rate"`              // nginx-style 502 HTML page
	ResetRate           float64         `json:"reset_rate"`             // TCP reset, no answer
	DropAfterCommitRate float64         `json:"drop_after_commit_rate"` // write stored, then the connection is dropped
	Outage              bool            `json:"outage"`                 // every PCare path answers an HTML 503 maintenance page
	// OutageForMS, with Outage, ends the outage by itself that many
	// milliseconds after the faults were set. Reading the faults back gives
	// the time left (and Outage false once it is over).
	OutageForMS int64 `json:"outage_for_ms,omitempty"`
	Seed        int64 `json:"seed"`
}

// clone returns f with its own ErrorRates map.
func (f Faults) clone() Faults {
	f.ErrorRates = maps.Clone(f.ErrorRates)
	return f
}

type faultState struct {
	mu          sync.Mutex
	f           Faults
	rng         *rand.Rand
	outageUntil time.Time        // zero: no end
	wall        func() time.Time // real time: outage windows must end even under a frozen Options.Now
}

func newFaultState(f Faults) *faultState {
	fs := &faultState{wall: time.Now}
	fs.set(f)
	return fs
}

func (fs *faultState) set(f Faults) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f = f.clone()
	fs.f = f
	// A new setting restarts the random sequence: what a test sets is what
	// it gets, whatever ran before.
	fs.rng = rand.New(rand.NewPCG(uint64(f.Seed), 0xfa017))
	fs.outageUntil = time.Time{}
	if f.Outage && f.OutageForMS > 0 {
		fs.outageUntil = fs.wall().Add(time.Duration(f.OutageForMS) * time.Millisecond)
	}
}

// current returns the faults in force, with an expired outage window cleared.
func (fs *faultState) current() Faults {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.currentLocked()
}

func (fs *faultState) currentLocked() Faults {
	f := fs.f.clone()
	if !fs.outageUntil.IsZero() {
		left := fs.outageUntil.Sub(fs.wall())
		if left <= 0 {
			f.Outage, f.OutageForMS = false, 0
		} else {
			f.OutageForMS = max(1, left.Milliseconds())
		}
	}
	return f
}

// Faults returns the faults in force.
func (s *Sim) Faults() Faults { return s.faults.current() }

// SetFaults replaces all faults (and restarts their random sequence).
func (s *Sim) SetFaults(f Faults) {
	s.faults.set(f)
	s.log.Info("faults set", "faults", f)
}

// decision is what the fault layer does to one request before handling.
type decision struct {
	delay  time.Duration
	outage bool
	reset  bool
	html   bool
	status int // an injected error status, 0 for none
}

// decide draws the faults for one request. Only rates that are set consume
// random numbers, so enabling one fault does not shift another's sequence
// more than necessary.
func (fs *faultState) decide() decision {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f := fs.currentLocked()
	var d decision
	if f.Outage {
		d.outage = true
		return d
	}
	d.delay = time.Duration(f.LatencyMS) * time.Millisecond
	if f.JitterMS > 0 {
		d.delay += time.Duration(fs.rng.IntN(f.JitterMS+1)) * time.Millisecond
	}
	if f.ResetRate > 0 && fs.rng.Float64() < f.ResetRate {
		d.reset = true
		return d
	}
	if f.HTMLRate > 0 && fs.rng.Float64() < f.HTMLRate {
		d.html = true
		return d
	}
	if len(f.ErrorRates) > 0 {
		u := fs.rng.Float64()
		var cum float64
		for _, status := range slices.Sorted(maps.Keys(f.ErrorRates)) {
			cum += f.ErrorRates[status]
			if u < cum {
				d.status = status
				break
			}
		}
	}
	return d
}

// dropAfterCommit draws whether a stored write loses its answer.
func (fs *faultState) dropAfterCommit() bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	r := fs.f.DropAfterCommitRate
	return r > 0 && fs.rng.Float64() < r
}

// abortConnection closes the client's connection without an answer. On a
// TCP connection it sets SO_LINGER to 0 first, so the client gets an RST
// ("connection reset by peer"), as when a gateway or load balancer dies.
// Without a hijackable connection (httptest.ResponseRecorder) it aborts the
// handler, which net/http turns into a dropped connection too.
func abortConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// The HTML pages a gateway in front of PCare serves instead of JSON.
const (
	htmlBadGateway = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`
	htmlUnavailable = `<html>
<head><title>503 Service Temporarily Unavailable</title></head>
<body>
<center><h1>503 Service Temporarily Unavailable</h1></center>
<hr><center>nginx</center>
</body>
</html>
`
	htmlMaintenance = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Pemeliharaan Sistem</title></head>
<body>
<h1>503 - Layanan Sedang Dalam Pemeliharaan</h1>
<p>Mohon maaf, layanan sedang dalam pemeliharaan. Silakan coba beberapa saat lagi.</p>
</body>
</html>
`
)

func writeHTML(w http.ResponseWriter, status int, page string) {
	w.Header().Set("Content-Type", "text/html")
	w.Header().Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(page))
}

// injectedError answers an error status the way PCare or its gateway does:
// 503 as the gateway's HTML page, anything else as a PCare JSON envelope
// with a null response.
func injectedError(w http.ResponseWriter, status int) {
	if status == http.StatusServiceUnavailable {
		writeHTML(w, status, htmlUnavailable)
		return
	}
	msg := http.StatusText(status)
	switch status {
	case http.StatusRequestTimeout:
		msg = "Request Timeout"
	case http.StatusInternalServerError:
		msg = "Terjadi kesalahan pada server. Silakan coba beberapa saat lagi."
	}
	writeEnvelope(w, status, status, msg, []byte("null"))
}
