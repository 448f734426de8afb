package pcaresim

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"fktpdesk/pcare"
)

// addOne tries one pendaftaran through the client.
func addOne(t *testing.T, c *pcare.Client, srv *Server, noKartu string) error {
	t.Helper()
	_, err := c.AddPendaftaran(context.Background(), pcare.Pendaftaran{KdProviderPeserta: srv.Credentials().PPK,
		TglDaftar: today, NoKartu: noKartu, KdPoli: "001", KunjSakit: true, KdTkp: pcare.TkpRawatJalan})
	return err
}

func TestLatency(t *testing.T) {
	srv := startSim(t, Options{Faults: Faults{LatencyMS: 120, JitterMS: 30}})
	c := newClient(t, srv.ClientConfig())
	start := time.Now()
	if _, err := c.Kesadaran(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 120*time.Millisecond {
		t.Fatalf("answered in %v, want at least 120ms", d)
	}
}

func TestErrorRates(t *testing.T) {
	srv := startSim(t, Options{})
	c := newClient(t, srv.ClientConfig())
	ctx := context.Background()
	noKartu := one(t, srv.Sim, KindActiveHere).NoKartu
	tests := []struct {
		status    int
		readKind  pcare.Kind
		writeKind pcare.Kind
	}{
		{500, pcare.KindServer, pcare.KindServer},
		// A gateway timeout on a write: the client cannot know it was not stored.
		{408, pcare.KindServer, pcare.KindOutcomeUnknown},
		{503, pcare.KindServer, pcare.KindServer},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			srv.SetFaults(Faults{ErrorRates: map[int]float64{tt.status: 1}})
			_, err := c.PesertaByNoKartu(ctx, noKartu)
			wantKind(t, err, tt.readKind)
			wantKind(t, addOne(t, c, srv, noKartu), tt.writeKind)
			if pcare.KindOf(err) == pcare.KindServer {
				var e *pcare.Error
				if !asError(err, &e) || e.Status != tt.status {
					t.Fatalf("status %v", err)
				}
			}
			if n := len(srv.Writes()); n != 0 {
				t.Fatalf("%d writes stored under an injected %d", n, tt.status)
			}
		})
	}
	srv.SetFaults(Faults{})
	if err := addOne(t, c, srv, noKartu); err != nil {
		t.Fatalf("after clearing faults: %v", err)
	}
	res := raw(t, srv, "GET", "kesadaran", "", nil)
	if res.status != 200 {
		t.Fatalf("faults not cleared: %d", res.status)
	}
}

func TestHTMLPages(t *testing.T) {
	srv := startSim(t, Options{Faults: Faults{HTMLRate: 1}})
	c := newClient(t, srv.ClientConfig())
	noKartu := one(t, srv.Sim, KindActiveHere).NoKartu
	_, err := c.PesertaByNoKartu(context.Background(), noKartu)
	wantKind(t, err, pcare.KindServer)
	if !strings.Contains(err.Error(), "HTML") {
		t.Fatalf("error %v does not say HTML", err)
	}
	err = addOne(t, c, srv, noKartu)
	if err == nil {
		t.Fatal("write succeeded through an HTML page")
	}
	res := raw(t, srv, "GET", "kesadaran", "", nil)
	if res.status != 502 || !strings.HasPrefix(string(res.body), "<html>") {
		t.Fatalf("got %d %q", res.status, res.body)
	}
	if n := len(srv.Writes()); n != 0 {
		t.Fatalf("%d writes stored", n)
	}
}

func TestConnectionReset(t *testing.T) {
	srv := startSim(t, Options{Faults: Faults{ResetRate: 1}})
	c := newClient(t, srv.ClientConfig())
	noKartu := one(t, srv.Sim, KindActiveHere).NoKartu
	_, err := c.PesertaByNoKartu(context.Background(), noKartu)
	wantKind(t, err, pcare.KindUnavailable)
	err = addOne(t, c, srv, noKartu)
	if k := pcare.KindOf(err); k != pcare.KindUnavailable && k != pcare.KindOutcomeUnknown {
		t.Fatalf("write: %v (kind %v)", err, k)
	}
	if n := len(srv.Writes()); n != 0 {
		t.Fatalf("%d writes stored", n)
	}
}

func TestDropAfterCommit(t *testing.T) {
	srv := startSim(t, Options{Faults: Faults{DropAfterCommitRate: 1}})
	c := newClient(t, srv.ClientConfig())
	ctx := context.Background()
	noKartu := one(t, srv.Sim, KindActiveHere).NoKartu
	// Reads are not affected.
	if _, err := c.PesertaByNoKartu(ctx, noKartu); err != nil {
		t.Fatal(err)
	}
	wantKind(t, addOne(t, c, srv, noKartu), pcare.KindOutcomeUnknown)
	ws := srv.Writes()
	if len(ws) != 1 || ws[0].Kind != "pendaftaran" || ws[0].Remote != "A1" {
		t.Fatalf("writes %+v, want the one pendaftaran stored", ws)
	}
	// Refused writes store nothing and are answered normally.
	err := addOne(t, c, srv, one(t, srv.Sim, KindInactivePBI).NoKartu)
	wantKind(t, err, pcare.KindValidation)
	// Reconciling with a read finds it.
	l, err := c.ListPendaftaran(ctx, today, 0, 10)
	if err != nil || l.Count != 1 || l.List[0].NoUrut != "A1" {
		t.Fatalf("reconcile %+v %v", l, err)
	}
	// The control API shows it too, exactly once.
	cc := &http.Client{}
	var got []Write
	getJSON(t, cc, srv.ControlURL()+"/writes", &got)
	if len(got) != 1 || got[0].NoKartu != noKartu {
		t.Fatalf("/_sim/writes %+v", got)
	}
}

func TestOutage(t *testing.T) {
	srv := startSim(t, Options{})
	c := newClient(t, srv.ClientConfig())
	noKartu := one(t, srv.Sim, KindActiveHere).NoKartu
	wall := fixedNow
	srv.faults.mu.Lock()
	srv.faults.wall = func() time.Time { return wall }
	srv.faults.mu.Unlock()

	srv.SetFaults(Faults{Outage: true, OutageForMS: 30_000})
	_, err := c.PesertaByNoKartu(context.Background(), noKartu)
	wantKind(t, err, pcare.KindServer)
	wantKind(t, addOne(t, c, srv, noKartu), pcare.KindServer)
	res := raw(t, srv, "GET", "kesadaran", "", nil)
	if res.status != 503 || !strings.Contains(string(res.body), "Pemeliharaan") {
		t.Fatalf("got %d %q", res.status, res.body)
	}
	// Even unauthenticated requests get the maintenance page.
	res = raw(t, srv, "GET", "kesadaran", "", func(h http.Header) { h.Del("X-cons-id") })
	if res.status != 503 {
		t.Fatalf("got %d", res.status)
	}
	if f := srv.Faults(); !f.Outage || f.OutageForMS != 30_000 {
		t.Fatalf("faults %+v", f)
	}
	// The control API is never affected.
	var ws []Write
	getJSON(t, &http.Client{}, srv.ControlURL()+"/writes", &ws)

	wall = wall.Add(20 * time.Second)
	if f := srv.Faults(); !f.Outage || f.OutageForMS != 10_000 {
		t.Fatalf("after 20s: %+v", f)
	}
	wall = wall.Add(11 * time.Second)
	if f := srv.Faults(); f.Outage {
		t.Fatalf("outage did not end: %+v", f)
	}
	if err := addOne(t, c, srv, noKartu); err != nil {
		t.Fatalf("after the outage: %v", err)
	}
	if n := len(srv.Writes()); n != 1 {
		t.Fatalf("%d writes", n)
	}
}

func TestFaultsAreReproducible(t *testing.T) {
	srv := startSim(t, Options{})
	c := newClient(t, srv.ClientConfig())
	run := func() []bool {
		srv.SetFaults(Faults{ErrorRates: map[int]float64{500: 0.3, 503: 0.2}, Seed: 7})
		var out []bool
		for range 40 {
			_, err := c.Kesadaran(context.Background())
			out = append(out, err == nil)
		}
		return out
	}
	a, b := run(), run()
	if !slices.Equal(a, b) {
		t.Fatalf("same seed, different failures:\n%v\n%v", a, b)
	}
	fails := 0
	for _, okay := range a {
		if !okay {
			fails++
		}
	}
	if fails < 8 || fails > 32 {
		t.Fatalf("%d of 40 failed at a 50%% error rate", fails)
	}
}

func TestFaultsDoNotTouchTheControlAPI(t *testing.T) {
	srv := startSim(t, Options{Faults: Faults{ResetRate: 1, LatencyMS: 5000}})
	cc := &http.Client{Timeout: 2 * time.Second}
	var f Faults
	getJSON(t, cc, srv.ControlURL()+"/faults", &f)
	if f.ResetRate != 1 {
		t.Fatalf("%+v", f)
	}
}
