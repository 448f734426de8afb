package pcaresim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
)

// The control API under /_sim/ is the simulator's own, not PCare's: plain
// JSON, no PCare headers, never subject to faults. Tests and trainers use it
// to find participants, see what was written, and switch faults.
func (s *Sim) controlHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_sim/participants", s.ctlParticipants)
	mux.HandleFunc("GET /_sim/writes", func(w http.ResponseWriter, r *http.Request) {
		ws := s.Writes()
		if ws == nil {
			ws = []Write{}
		}
		writeJSON(w, http.StatusOK, ws)
	})
	mux.HandleFunc("GET /_sim/faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Faults())
	})
	mux.HandleFunc("POST /_sim/faults", s.ctlSetFaults)
	mux.HandleFunc("POST /_sim/reset", func(w http.ResponseWriter, r *http.Request) {
		if err := s.Reset(); err != nil {
			ctlError(w, http.StatusInternalServerError, err.Error())
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "reset"})
	})
	mux.HandleFunc("GET /_sim/info", func(w http.ResponseWriter, r *http.Request) {
		c := s.creds
		writeJSON(w, http.StatusOK, map[string]any{
			"ppk": c.PPK, "clinic": s.refs.clinicName, "consId": c.ConsID, "consSecret": c.ConsSecret,
			"userKey": c.UserKey, "username": c.Username, "password": c.Password, "kdAplikasi": c.KdAplikasi,
			"participants": len(s.data.list), "today": s.today().Format("02-01-2006"),
		})
	})
	return mux
}

func (s *Sim) ctlParticipants(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	kind := Kind(q.Get("kind"))
	if kind != "" && !isKind(kind) {
		ctlError(w, http.StatusBadRequest, "unknown kind "+strconv.Quote(string(kind)))
		return
	}
	limit := 20
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			ctlError(w, http.StatusBadRequest, "limit must be a positive number")
			return
		}
		limit = n
	}
	ps := s.Participants(kind, limit)
	if ps == nil {
		ps = []ParticipantSummary{}
	}
	writeJSON(w, http.StatusOK, ps)
}

func isKind(k Kind) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// ctlSetFaults merges the posted fields into the current faults: omitted
// fields keep their value, and a posted error_rates replaces the whole map.
func (s *Sim) ctlSetFaults(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		ctlError(w, http.StatusBadRequest, err.Error())
		return
	}
	var present map[string]json.RawMessage
	if err := json.Unmarshal(body, &present); err != nil {
		ctlError(w, http.StatusBadRequest, "body must be a JSON object: "+err.Error())
		return
	}
	f := s.Faults()
	if _, found := present["error_rates"]; found {
		f.ErrorRates = nil
	}
	if _, found := present["outage"]; found {
		f.OutageForMS = 0 // a new outage setting starts a new window
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		ctlError(w, http.StatusBadRequest, "faults: "+err.Error())
		return
	}
	if msg := validateFaults(f); msg != "" {
		ctlError(w, http.StatusBadRequest, msg)
		return
	}
	s.SetFaults(f)
	writeJSON(w, http.StatusOK, s.Faults())
}

func validateFaults(f Faults) string {
	rate := func(name string, v float64) string {
		if v < 0 || v > 1 {
			return name + " must be between 0 and 1"
		}
		return ""
	}
	if f.LatencyMS < 0 || f.JitterMS < 0 || f.OutageForMS < 0 {
		return "latency_ms, jitter_ms and outage_for_ms must not be negative"
	}
	for _, m := range []string{rate("html_rate", f.HTMLRate), rate("reset_rate", f.ResetRate),
		rate("drop_after_commit_rate", f.DropAfterCommitRate)} {
		if m != "" {
			return m
		}
	}
	var sum float64
	for status, v := range f.ErrorRates {
		if status < 400 || status > 599 {
			return "error_rates: " + strconv.Itoa(status) + " is not an error status"
		}
		if m := rate("error_rates", v); m != "" {
			return m
		}
		sum += v
	}
	if sum > 1 {
		return "error_rates add up to more than 1"
	}
	return ""
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

func ctlError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
