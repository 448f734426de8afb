package pcaresim

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"fktpdesk/pcare"
)

// fixedNow is the simulated "now" of every test: Sunday 22 November 2026,
// 08:00 WIB. Nothing in the tests depends on the real date.
var fixedNow = time.Date(2026, time.November, 22, 8, 0, 0, 0, wib)

var today = pcare.D(2026, time.November, 22)

const todayText = "22-11-2026"

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// startSim starts a simulator on a free loopback port with a fixed clock.
func startSim(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return fixedNow }
	}
	srv, err := Start("127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// newClient is the real PCare client, pointed at srv, on the fixed clock,
// without read retries (so fault tests see each request once).
func newClient(t testing.TB, cfg pcare.Config, opts ...pcare.Option) *pcare.Client {
	t.Helper()
	cfg.Timeout = 10 * time.Second
	all := append([]pcare.Option{
		pcare.WithClock(func() time.Time { return fixedNow }),
		pcare.WithLogger(discard),
		pcare.WithReadRetries(0, time.Millisecond),
	}, opts...)
	c, err := pcare.New(cfg, all...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// rawResult is an answer read without the client: the HTTP status, the
// envelope's metaData, and the response decrypted when it was a string.
type rawResult struct {
	status    int
	code      int
	message   string
	encrypted bool
	payload   json.RawMessage
	body      []byte
}

// raw sends a request signed exactly as a PCare client would (the sim's
// credentials, the fixed clock), for the shapes the real client refuses to
// send. edit may change the headers before sending.
func raw(t testing.TB, srv *Server, method, path, body string, edit func(http.Header)) rawResult {
	t.Helper()
	c := srv.Credentials()
	ts := strconv.FormatInt(fixedNow.Unix(), 10)
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+"/"+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	h := req.Header
	h.Set("X-cons-id", c.ConsID)
	h.Set("X-timestamp", ts)
	h.Set("X-signature", pcare.Signature(c.ConsID, c.ConsSecret, ts))
	h.Set("X-authorization", pcare.Authorization(c.Username, c.Password, c.KdAplikasi))
	h.Set("user_key", c.UserKey)
	if body != "" {
		h.Set("Content-Type", "text/plain")
	}
	if edit != nil {
		edit(h)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	res := rawResult{status: resp.StatusCode, body: b}
	var env struct {
		Response json.RawMessage `json:"response"`
		MetaData struct {
			Message string          `json:"message"`
			Code    json.RawMessage `json:"code"`
		} `json:"metaData"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		return res // HTML and the like
	}
	res.message = env.MetaData.Message
	// PCare's code is a JSON number; a string here would be a bug.
	if res.code, err = strconv.Atoi(string(env.MetaData.Code)); err != nil {
		t.Fatalf("metaData.code %s is not a JSON number", env.MetaData.Code)
	}
	res.payload = env.Response
	if len(env.Response) > 0 && env.Response[0] == '"' {
		var s string
		_ = json.Unmarshal(env.Response, &s)
		js, err := pcare.DecryptResponse(c.ConsID, c.ConsSecret, ts, s)
		if err != nil {
			t.Fatalf("cannot decrypt response: %v", err)
		}
		res.encrypted, res.payload = true, json.RawMessage(js)
	}
	return res
}

// fields returns the {field,message} pairs of a 412/424 client error.
func fields(err error) []pcare.FieldMessage {
	var e *pcare.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

func wantKind(t testing.TB, err error, k pcare.Kind) {
	t.Helper()
	if !pcare.IsKind(err, k) {
		t.Fatalf("got %v (kind %v), want kind %v", err, pcare.KindOf(err), k)
	}
}

func wantField(t testing.TB, err error, k pcare.Kind, field string) {
	t.Helper()
	wantKind(t, err, k)
	for _, f := range fields(err) {
		if f.Field == field {
			return
		}
	}
	t.Fatalf("error %v has no field %q", err, field)
}

func one(t testing.TB, s *Sim, k Kind) ParticipantSummary {
	t.Helper()
	return s.Participants(k, 1)[0]
}

// nth returns the n-th participant of a kind, so tests in one simulator do
// not trip over each other's registrations.
func nth(t testing.TB, s *Sim, k Kind, n int) ParticipantSummary {
	t.Helper()
	ps := s.Participants(k, n+1)
	if len(ps) <= n {
		t.Fatalf("only %d participants of kind %s", len(ps), k)
	}
	return ps[n]
}

func register(t testing.TB, c *pcare.Client, srv *Server, noKartu, kdPoli string) string {
	t.Helper()
	p := srv.data.byCard[noKartu]
	noUrut, err := c.AddPendaftaran(context.Background(), pcare.Pendaftaran{
		KdProviderPeserta: p.KdProviderPst.KdProvider, TglDaftar: today, NoKartu: noKartu, KdPoli: kdPoli,
		Keluhan: "demam 3 hari", KunjSakit: true, Sistole: 120, Diastole: 80, BeratBadan: 60,
		TinggiBadan: 165, RespRate: 20, HeartRate: 88, LingkarPerut: 80, KdTkp: pcare.TkpRawatJalan,
	})
	if err != nil {
		t.Fatalf("pendaftaran %s: %v", noKartu, err)
	}
	return noUrut
}

// Codes that the simulator's synthetic master data has.
const (
	hospitalAll = "0114R001" // RSUD SIMULASI KOTA: every sub-specialist, most khusus
	dokterUmum  = "131489"
	diagNonSp   = "A09"   // on the non-specialist list
	diagSp      = "I21.9" // acute myocardial infarction: for a specialist
	subInternis = "3"
)

// baseVisit is a complete, valid rawat-jalan visit for noKartu today.
func baseVisit(noKartu, kdPoli string) pcare.Kunjungan {
	return pcare.Kunjungan{
		NoKartu: noKartu, TglDaftar: today, KdPoli: kdPoli, Keluhan: "demam 3 hari", KdSadar: "01",
		Sistole: 120, Diastole: 80, BeratBadan: 60, TinggiBadan: 165, RespRate: 20, HeartRate: 88, LingkarPerut: 80,
		KdStatusPulang: "3", TglPulang: today, KdDokter: dokterUmum, KdDiag1: diagNonSp, KdTacc: pcare.TaccNone,
		Anamnesa: "demam naik turun", AlergiMakan: "00", AlergiUdara: "00", AlergiObat: "00", KdPrognosa: "02",
		TerapiObat: "Oralit, Zinc", TerapiNonObat: "Banyak minum", Bmhp: "-", Suhu: "37,8",
	}
}

// referral turns v into a referral to the internist at the big hospital.
func referral(v pcare.Kunjungan, est pcare.Date) pcare.Kunjungan {
	v.KdStatusPulang = pcare.StatusPulangRujuk
	v.KdDiag1 = diagSp
	v.RujukLanjut = pcare.NewRujukSubSpesialis(hospitalAll, est, subInternis, "")
	return v
}

func writeKinds(s *Sim) []string {
	var out []string
	for _, w := range s.Writes() {
		out = append(out, w.Kind)
	}
	return out
}
