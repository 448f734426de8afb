package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"fktpdesk/pcare"
	"fktpdesk/pcare/pcaresim"
)

// An input is one PCare answer as it arrives: the HTTP body (envelope with
// the encrypted, LZ-compressed payload) and what the key is made of.
type input struct {
	Name      string `json:"name"`
	File      string `json:"file"`
	ConsID    string `json:"consId"`
	Secret    string `json:"secret"`
	Timestamp string `json:"timestamp"`
	Rows      int    `json:"rows"`     // list rows; 0 for peserta
	Plain     int    `json:"plain"`    // bytes of the decrypted JSON
	Envelope  int    `json:"envelope"` // bytes of the HTTP body
}

// protocolInputs are the answers both decoders read: a participant and a
// diagnosis search of 100 and 1,000 rows, made by the simulator's handler.
var protocolInputs = []struct {
	name, path string
	rows       int
}{
	{"peserta", "peserta/%s", 0},
	{"list100", "diagnosa/a/0/100", 100},
	{"list1000", "diagnosa/a/0/1000", 1000},
}

func runProtocolGen(_ context.Context, args []string) ([]result, error) {
	fs := newFlags("protocol-gen")
	dir := fs.String("dir", "", "folder to write the inputs to")
	fs.Parse(args)
	now := time.Now()
	sim, err := pcaresim.New(pcaresim.Options{Seed: 1, Now: func() time.Time { return now }})
	if err != nil {
		return nil, err
	}
	c := sim.Credentials()
	ts := strconv.FormatInt(now.Unix(), 10)
	card := sim.Participants(pcaresim.KindActiveHere, 1)[0].NoKartu
	var ins []input
	for _, p := range protocolInputs {
		path := p.path
		if p.rows == 0 {
			path = fmt.Sprintf(path, card)
		}
		req := httptest.NewRequest(http.MethodGet, "/pcare-rest/"+path, nil)
		req.Header.Set("X-cons-id", c.ConsID)
		req.Header.Set("X-timestamp", ts)
		req.Header.Set("X-signature", pcare.Signature(c.ConsID, c.ConsSecret, ts))
		req.Header.Set("X-authorization", pcare.Authorization(c.Username, c.Password, c.KdAplikasi))
		req.Header.Set("user_key", c.UserKey)
		w := httptest.NewRecorder()
		sim.Handler().ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			return nil, fmt.Errorf("%s: status %d", path, w.Code)
		}
		in := input{Name: p.name, File: p.name + ".json", ConsID: c.ConsID, Secret: c.ConsSecret, Timestamp: ts,
			Rows: p.rows, Envelope: w.Body.Len()}
		plain, err := envelopePlain(w.Body.Bytes(), in)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		in.Plain = len(plain)
		if err := os.WriteFile(filepath.Join(*dir, in.File), w.Body.Bytes(), 0o644); err != nil {
			return nil, err
		}
		ins = append(ins, in)
	}
	b, err := json.MarshalIndent(ins, "", "  ")
	if err != nil {
		return nil, err
	}
	return nil, os.WriteFile(filepath.Join(*dir, "inputs.json"), b, 0o644)
}

// envelopePlain is the decrypted JSON text of a body, as the client gets it:
// the envelope, base64, AES-256-CBC, PKCS#7, LZ-string.
func envelopePlain(body []byte, in input) (string, error) {
	var env struct {
		Response string `json:"response"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return "", err
	}
	return pcare.DecryptResponse(in.ConsID, in.Secret, in.Timestamp, env.Response)
}

// decodeInput is the whole read of one answer into the client's types.
func decodeInput(body []byte, in input) error {
	js, err := envelopePlain(body, in)
	if err != nil {
		return err
	}
	if in.Rows == 0 {
		var p pcare.Peserta
		if err := json.Unmarshal([]byte(js), &p); err != nil {
			return err
		}
		if p.NoKartu == "" {
			return fmt.Errorf("peserta without a card number")
		}
		return nil
	}
	var l pcare.List[pcare.Diagnosa]
	if err := json.Unmarshal([]byte(js), &l); err != nil {
		return err
	}
	if len(l.List) != in.Rows {
		return fmt.Errorf("%s: %d rows, want %d", in.Name, len(l.List), in.Rows)
	}
	return nil
}

func loadInputs(dir string) ([]input, map[string][]byte, error) {
	b, err := os.ReadFile(filepath.Join(dir, "inputs.json"))
	if err != nil {
		return nil, nil, err
	}
	var ins []input
	if err := json.Unmarshal(b, &ins); err != nil {
		return nil, nil, err
	}
	bodies := map[string][]byte{}
	for _, in := range ins {
		if bodies[in.Name], err = os.ReadFile(filepath.Join(dir, in.File)); err != nil {
			return nil, nil, err
		}
	}
	return ins, bodies, nil
}

// runProtocol times the Go decoder the same way bench/js/protocol.js times
// the reference: a warm-up, then 7 runs of as many calls as fill 0.2 s;
// the figure is the median run's CPU time per call. CPU time, on both
// sides, because the comparison must not depend on what else the shared
// machine was doing during one side's runs; on an idle machine the two
// clocks agree for this single-threaded work.
func runProtocol(_ context.Context, args []string) ([]result, error) {
	fs := newFlags("protocol")
	dir := fs.String("dir", "", "folder written by protocol-gen")
	fs.Parse(args)
	ins, bodies, err := loadInputs(*dir)
	if err != nil {
		return nil, err
	}
	var out []result
	for _, in := range ins {
		body := bodies[in.Name]
		// The whole read, then the same without the final JSON decode:
		// the part the project wrote itself (envelope, AES, LZ).
		for _, step := range []struct {
			suffix string
			fn     func() error
		}{
			{".go", func() error { return decodeInput(body, in) }},
			{".nojson.go", func() error { _, err := envelopePlain(body, in); return err }},
		} {
			n, err := calibrate(200*time.Millisecond, step.fn)
			if err != nil {
				return nil, err
			}
			runs, err := perOpBy(cpuClock, 7, n, 500*time.Millisecond, step.fn)
			if err != nil {
				return nil, err
			}
			out = append(out, timed("protocol."+in.Name+step.suffix, "ms", runs,
				fmt.Sprintf("%d B JSON, %d B body; CPU time", in.Plain, in.Envelope)))
		}
	}
	return out, nil
}
