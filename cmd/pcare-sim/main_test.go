package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"fktpdesk/pcare/pcaresim"
)

func TestFlags(t *testing.T) {
	c, err := parseFlags([]string{"-ppk", "0301U001", "-error-500", "0.2", "-error-503", "0.1", "-latency", "50",
		"-drop-after-commit", "0.3", "-outage-after", "30s", "-outage-for", "10s", "-seed", "9"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	f := c.faults
	if c.creds.PPK != "0301U001" || c.creds.ConsID != "1234" || c.seed != 9 || f.LatencyMS != 50 ||
		f.ErrorRates[500] != 0.2 || f.ErrorRates[503] != 0.1 || len(f.ErrorRates) != 2 ||
		f.DropAfterCommitRate != 0.3 || c.outageAfter != 30*time.Second || c.outageFor != 10*time.Second {
		t.Fatalf("%+v", c)
	}
	if _, err := parseFlags([]string{"-error-408", "1.5"}, io.Discard); err == nil {
		t.Error("a rate above 1 was accepted")
	}
	var help bytes.Buffer
	if _, err := parseFlags([]string{"-help"}, &help); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("help: %v", err)
	}
	for _, want := range []string{"-drop-after-commit", "-outage-after", "-state", "/_sim"} {
		if !strings.Contains(help.String(), want) {
			t.Errorf("help does not mention %s", want)
		}
	}
}

// syncBuffer is a bytes.Buffer safe to read while run writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-participants", "50"}, &out, io.Discard) }()

	re := regexp.MustCompile(`control API\s+(http://\S+/_sim)`)
	var ctl string
	for deadline := time.Now().Add(10 * time.Second); ctl == "" && time.Now().Before(deadline); {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			ctl = m[1]
		} else {
			time.Sleep(5 * time.Millisecond) // waiting for the banner, not for a timing
		}
	}
	if ctl == "" {
		t.Fatalf("no banner: %s", out.String())
	}
	for _, want := range []string{"/pcare-rest", "sim-secret", "0114U163", "arrears", "dependent"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("banner lacks %q", want)
		}
	}
	resp, err := http.Get(ctl + "/participants?kind=active-here&limit=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("control API: %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestSamplesPrintsTheAppsPeopleAndExits(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-samples", "2"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2*len(pcaresim.Kinds) {
		t.Fatalf("%d lines, want 2 per kind:\n%s", len(lines), out.String())
	}
	// The defaults are the app's training simulator's: same people.
	sim, err := pcaresim.New(pcaresim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := sim.Participants(pcaresim.KindInactivePBI, 1)[0]
	line := strings.Join([]string{string(pcaresim.KindInactivePBI), want.NoKartu, want.NoKTP, want.Nama}, "\t")
	if !strings.Contains(out.String(), line+"\n") {
		t.Errorf("no line %q in:\n%s", line, out.String())
	}
}
