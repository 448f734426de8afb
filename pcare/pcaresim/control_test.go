package pcaresim

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"fktpdesk/pcare"
)

func asError(err error, target **pcare.Error) bool { return errors.As(err, target) }

func getJSON(t *testing.T, c *http.Client, url string, out any) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}

func postJSON(t *testing.T, url, body string) (int, []byte) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func TestControlAPI(t *testing.T) {
	srv := startSim(t, Options{})
	ctl := srv.ControlURL()
	cc := &http.Client{}

	t.Run("participants", func(t *testing.T) {
		var ps []ParticipantSummary
		getJSON(t, cc, ctl+"/participants?kind=arrears&limit=3", &ps)
		if len(ps) != 3 {
			t.Fatalf("%d participants", len(ps))
		}
		for _, p := range ps {
			if p.Kind != KindArrears || len(p.NoKartu) != 13 || len(p.NoKTP) != 16 || p.Nama == "" {
				t.Fatalf("%+v", p)
			}
		}
		getJSON(t, cc, ctl+"/participants", &ps)
		kinds := map[Kind]bool{}
		for _, p := range ps {
			kinds[p.Kind] = true
		}
		if len(ps) != 20 || len(kinds) != len(Kinds) {
			t.Fatalf("default: %d participants of %d kinds", len(ps), len(kinds))
		}
		resp, err := cc.Get(ctl + "/participants?kind=nobody")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Fatalf("unknown kind: %d", resp.StatusCode)
		}
	})

	t.Run("writes and reset", func(t *testing.T) {
		var ws []Write
		getJSON(t, cc, ctl+"/writes", &ws)
		if ws == nil || len(ws) != 0 {
			t.Fatalf("want an empty array, got %#v", ws)
		}
		c := newClient(t, srv.ClientConfig())
		p := one(t, srv.Sim, KindActiveHere)
		register(t, c, srv, p.NoKartu, "002")
		getJSON(t, cc, ctl+"/writes", &ws)
		if len(ws) != 1 || ws[0].Kind != "pendaftaran" || ws[0].Remote != "B1" || ws[0].TglDaftar != todayText ||
			ws[0].KdPoli != "002" || ws[0].NoKartu != p.NoKartu || !ws[0].At.Equal(fixedNow) {
			t.Fatalf("%+v", ws)
		}
		if code, _ := postJSON(t, ctl+"/reset", ""); code != 200 {
			t.Fatalf("reset: %d", code)
		}
		getJSON(t, cc, ctl+"/writes", &ws)
		if len(ws) != 0 {
			t.Fatalf("after reset: %+v", ws)
		}
		if got := register(t, c, srv, p.NoKartu, "002"); got != "B1" {
			t.Fatalf("numbering after reset: %s", got)
		}
	})

	t.Run("faults merge", func(t *testing.T) {
		code, b := postJSON(t, ctl+"/faults", `{"latency_ms": 5, "error_rates": {"500": 0.25, "408": 0.1}, "seed": 3}`)
		if code != 200 {
			t.Fatalf("%d %s", code, b)
		}
		code, b = postJSON(t, ctl+"/faults", `{"html_rate": 0.5}`)
		if code != 200 {
			t.Fatalf("%d %s", code, b)
		}
		var f Faults
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatal(err)
		}
		if f.LatencyMS != 5 || f.HTMLRate != 0.5 || f.ErrorRates[500] != 0.25 || f.ErrorRates[408] != 0.1 || f.Seed != 3 {
			t.Fatalf("merge lost fields: %+v", f)
		}
		// A posted error_rates replaces the map.
		postJSON(t, ctl+"/faults", `{"error_rates": {"503": 1}}`)
		f = Faults{} // decoding into a filled map would merge
		getJSON(t, cc, ctl+"/faults", &f)
		if len(f.ErrorRates) != 1 || f.ErrorRates[503] != 1 || f.LatencyMS != 5 {
			t.Fatalf("%+v", f)
		}
		if got := srv.Faults(); got.ErrorRates[503] != 1 {
			t.Fatalf("Sim.Faults %+v", got)
		}
		for _, bad := range []string{`{"html_rate": 2}`, `{"nonsense": 1}`, `{"error_rates": {"200": 0.5}}`,
			`{"error_rates": {"500": 0.7, "503": 0.7}}`, `[1]`, `{"latency_ms": -1}`} {
			if code, b := postJSON(t, ctl+"/faults", bad); code != 400 {
				t.Errorf("%s: %d %s", bad, code, b)
			}
		}
		postJSON(t, ctl+"/faults", `{"outage": true, "outage_for_ms": 60000}`)
		getJSON(t, cc, ctl+"/faults", &f)
		if !f.Outage || f.OutageForMS <= 0 || f.OutageForMS > 60000 {
			t.Fatalf("outage window %+v", f)
		}
		srv.SetFaults(Faults{})
	})

	t.Run("info", func(t *testing.T) {
		var info map[string]any
		getJSON(t, cc, ctl+"/info", &info)
		if info["ppk"] != "0114U163" || info["today"] != todayText || info["consId"] != "1234" {
			t.Fatalf("%+v", info)
		}
	})
}
