package pcare

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var testCfg = Config{
	ConsID: "7925", ConsSecret: "s3cr3t-key", UserKey: "uk-123",
	Username: "klinik01", Password: "rahasia", PPK: "0114U163",
}

// fake is a PCare stand-in whose answers each test scripts. It checks the
// headers of every request the way PCare does.
type fake struct {
	t        *testing.T
	srv      *httptest.Server
	mu       sync.Mutex
	requests []*recorded
	handle   func(w http.ResponseWriter, r *http.Request, ts string)
}

type recorded struct {
	method, path, contentType, ts string
	header                        http.Header
	body                          []byte
}

func newFake(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, ts string)) (*fake, *Client, *bytes.Buffer) {
	t.Helper()
	f := &fake{t: t, handle: handle}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ts := r.Header.Get("X-timestamp")
		f.mu.Lock()
		f.requests = append(f.requests, &recorded{r.Method, r.URL.Path, r.Header.Get("Content-Type"), ts, r.Header.Clone(), body})
		f.mu.Unlock()
		if r.Header.Get("X-signature") != Signature(testCfg.ConsID, testCfg.ConsSecret, ts) ||
			r.Header.Get("X-authorization") != Authorization(testCfg.Username, testCfg.Password, "095") ||
			r.Header.Get("user_key") != testCfg.UserKey || r.Header.Get("X-cons-id") != testCfg.ConsID {
			writeEnv(w, 401, "Unauthorized", nil)
			return
		}
		f.handle(w, r, ts)
	}))
	t.Cleanup(f.srv.Close)
	cfg := testCfg
	cfg.BaseURL = f.srv.URL + "/pcare-rest"
	cfg.Timeout = 2 * time.Second
	var logs bytes.Buffer
	var tick atomic.Int64
	tick.Store(1763778000)
	c, err := New(cfg,
		WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		// Every call sees a later second, so a client that reused one
		// timestamp across requests would fail to decrypt.
		WithClock(func() time.Time { return time.Unix(tick.Add(1), 0) }),
		WithReadRetries(2, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return f, c, &logs
}

func (f *fake) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

func (f *fake) last() *recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[len(f.requests)-1]
}

// writeEnv writes a plain (unencrypted) envelope.
func writeEnv(w http.ResponseWriter, code int, msg string, resp any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"response": resp, "metaData": map[string]any{"code": code, "message": msg}})
}

// writeEnc writes a success envelope with the payload encrypted for ts.
func writeEnc(w http.ResponseWriter, code int, ts string, payload any) {
	js, _ := json.Marshal(payload)
	writeEnv(w, code, "OK", EncryptResponse(testCfg.ConsID, testCfg.ConsSecret, ts, string(js)))
}

var samplePeserta = map[string]any{
	"noKartu": "0001234567890", "nama": "Ni Wayan Sukarsih", "hubunganKeluarga": "Peserta", "sex": "P",
	"tglLahir": "17-08-1985", "tglMulaiAktif": "01-01-2014", "tglAkhirBerlaku": "01-01-2030",
	"kdProviderPst":  map[string]any{"kdProvider": "0114U163", "nmProvider": "Klinik Cempaka Putih"},
	"kdProviderGigi": map[string]any{"kdProvider": nil, "nmProvider": nil},
	"jnsKelas":       map[string]any{"nama": "KELAS III", "kode": "3"},
	"jnsPeserta":     map[string]any{"nama": "PBI (APBN)", "kode": "21"},
	"golDarah":       "0", "noHP": "081234567890", "noKTP": "5171015708850001",
	"pstProl": "", "pstPrb": "", "aktif": true, "ketAktif": "AKTIF",
	"asuransi":  map[string]any{"kdAsuransi": nil, "nmAsuransi": nil, "noAsuransi": nil, "cob": false},
	"tunggakan": 0,
}

func TestHeadersAndPerRequestTimestamp(t *testing.T) {
	f, c, _ := newFake(t, func(w http.ResponseWriter, r *http.Request, ts string) {
		writeEnc(w, 200, ts, samplePeserta)
	})
	ctx := context.Background()
	p1, err := c.PesertaByNoKartu(ctx, "0001234567890")
	if err != nil {
		t.Fatal(err)
	}
	first := f.last()
	if _, err := c.PesertaByNIK(ctx, "5171015708850001"); err != nil {
		t.Fatal(err)
	}
	second := f.last()
	if first.ts == second.ts {
		t.Fatal("two requests shared one X-timestamp")
	}
	if first.path != "/pcare-rest/peserta/0001234567890" || second.path != "/pcare-rest/peserta/nik/5171015708850001" {
		t.Fatalf("paths %s, %s", first.path, second.path)
	}
	if first.method != "GET" || !strings.HasPrefix(first.contentType, "application/json") {
		t.Fatalf("GET content type %q", first.contentType)
	}
	if first.header.Get("Accept") != "application/json" {
		t.Fatalf("Accept %q", first.header.Get("Accept"))
	}
	if p1.Nama != "Ni Wayan Sukarsih" || p1.KdProviderPst.KdProvider != "0114U163" || !bool(p1.Aktif) ||
		p1.JnsPeserta.Kode != "21" || p1.TglLahir.String() != "17-08-1985" || p1.NoKTP != "5171015708850001" {
		t.Fatalf("peserta decoded wrong: %+v", p1)
	}
}

func TestWriteSendsTextPlainJSON(t *testing.T) {
	f, c, _ := newFake(t, func(w http.ResponseWriter, r *http.Request, ts string) {
		writeEnc(w, 201, ts, map[string]string{"field": "noUrut", "message": "A12"})
	})
	no, err := c.AddPendaftaran(context.Background(), Pendaftaran{
		KdProviderPeserta: "0114U163", TglDaftar: D(2026, 11, 22), NoKartu: "0001234567890",
		KdPoli: "001", Keluhan: "demam", KunjSakit: true, Sistole: 120, Diastole: 80, KdTkp: TkpRawatJalan,
	})
	if err != nil || no != "A12" {
		t.Fatalf("AddPendaftaran = %q, %v", no, err)
	}
	r := f.last()
	if r.method != "POST" || r.contentType != "text/plain" || r.path != "/pcare-rest/pendaftaran" {
		t.Fatalf("request %s %s %q", r.method, r.path, r.contentType)
	}
	var body map[string]any
	if err := json.Unmarshal(r.body, &body); err != nil {
		t.Fatalf("body is not JSON: %s", r.body)
	}
	if body["tglDaftar"] != "22-11-2026" || body["kunjSakit"] != true || body["kdTkp"] != "10" || body["sistole"] != float64(120) {
		t.Fatalf("body %s", r.body)
	}
}

func TestEnvelopeTolerance(t *testing.T) {
	cases := map[string]func(w http.ResponseWriter, ts string){
		"string code": func(w http.ResponseWriter, ts string) {
			js, _ := json.Marshal(samplePeserta)
			fmt.Fprintf(w, `{"response":%q,"metaData":{"code":"200","message":"OK"}}`, EncryptResponse(testCfg.ConsID, testCfg.ConsSecret, ts, string(js)))
		},
		"lowercase metadata": func(w http.ResponseWriter, ts string) {
			js, _ := json.Marshal(samplePeserta)
			fmt.Fprintf(w, `{"metadata":{"code":200,"message":"OK"},"response":%q}`, EncryptResponse(testCfg.ConsID, testCfg.ConsSecret, ts, string(js)))
		},
		"byte order mark": func(w http.ResponseWriter, ts string) {
			js, _ := json.Marshal(samplePeserta)
			fmt.Fprintf(w, "\xef\xbb\xbf"+`{"metaData":{"code":200,"message":"OK"},"response":%q}`, EncryptResponse(testCfg.ConsID, testCfg.ConsSecret, ts, string(js)))
		},
		"plain object response": func(w http.ResponseWriter, ts string) {
			writeEnv(w, 200, "OK", samplePeserta)
		},
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			_, c, _ := newFake(t, func(w http.ResponseWriter, r *http.Request, ts string) { h(w, ts) })
			p, err := c.PesertaByNoKartu(context.Background(), "0001234567890")
			if err != nil {
				t.Fatal(err)
			}
			if p.NoKartu != "0001234567890" {
				t.Fatalf("got %+v", p)
			}
		})
	}
}

func TestErrorClasses(t *testing.T) {
	html := "<html><body><h1>502 Bad Gateway</h1></body></html>"
	tests := []struct {
		name    string
		write   bool
		handle  func(w http.ResponseWriter, ts string)
		kind    Kind
		tries   int // requests the server saw
		message string
	}{
		{"401 auth", false, func(w http.ResponseWriter, ts string) {
			writeEnv(w, 401, "Unauthorized! Username atau password salah", nil)
		}, KindAuth, 1, "password salah"},
		{"404 service not activated", false, func(w http.ResponseWriter, ts string) {
			writeEnv(w, 404, "Unauthorized! You are not registered for this service!", nil)
		}, KindAuth, 1, "not registered"},
		{"204 metaData in a 200", false, func(w http.ResponseWriter, ts string) {
			fmt.Fprint(w, `{"metaData":{"code":204,"message":"NO_CONTENT"},"response":null}`)
		}, KindNotFound, 1, "NO_CONTENT"},
		{"204 status", false, func(w http.ResponseWriter, ts string) { w.WriteHeader(204) }, KindNotFound, 1, ""},
		{"404 not found", false, func(w http.ResponseWriter, ts string) { writeEnv(w, 404, "Data tidak ditemukan", nil) }, KindNotFound, 1, ""},
		{"200 null response", false, func(w http.ResponseWriter, ts string) { writeEnv(w, 200, "OK", nil) }, KindNotFound, 1, ""},
		{"424 bad reference", true, func(w http.ResponseWriter, ts string) {
			writeEnv(w, 424, "Failed Dependency", []FieldMessage{{"kdPoli", "ambil data masternya yang bener"}})
		}, KindBadReference, 1, ""},
		{"500 read is retried", false, func(w http.ResponseWriter, ts string) { writeEnv(w, 500, "Internal Server Error", nil) }, KindServer, 3, ""},
		{"500 write is not retried", true, func(w http.ResponseWriter, ts string) { writeEnv(w, 500, "Internal Server Error", nil) }, KindServer, 1, ""},
		{"408 read", false, func(w http.ResponseWriter, ts string) { writeEnv(w, 408, "Request Timeout", nil) }, KindServer, 3, ""},
		{"408 write is outcome unknown", true, func(w http.ResponseWriter, ts string) { writeEnv(w, 408, "Request Timeout", nil) }, KindOutcomeUnknown, 1, ""},
		{"HTML 502 read", false, func(w http.ResponseWriter, ts string) { w.WriteHeader(502); io.WriteString(w, html) }, KindServer, 3, "HTML"},
		{"HTML 502 write", true, func(w http.ResponseWriter, ts string) { w.WriteHeader(502); io.WriteString(w, html) }, KindOutcomeUnknown, 1, "HTML"},
		{"HTML 200 read", false, func(w http.ResponseWriter, ts string) { io.WriteString(w, html) }, KindProtocol, 1, "HTML"},
		{"HTML 503 write was refused", true, func(w http.ResponseWriter, ts string) { w.WriteHeader(503); io.WriteString(w, html) }, KindServer, 1, "HTML"},
		{"wrong padding (encrypted with another timestamp)", false, func(w http.ResponseWriter, ts string) {
			writeEnc(w, 200, "1", samplePeserta)
		}, KindProtocol, 1, "encrypted"},
		{"wrong key (another secret)", false, func(w http.ResponseWriter, ts string) {
			js, _ := json.Marshal(samplePeserta)
			writeEnv(w, 200, "OK", EncryptResponse(testCfg.ConsID, "not-the-secret", ts, string(js)))
		}, KindProtocol, 1, "encrypted"},
		{"garbage 200 on a write", true, func(w http.ResponseWriter, ts string) { io.WriteString(w, "{trunc") }, KindOutcomeUnknown, 1, ""},
		{"garbage 200 on a read", false, func(w http.ResponseWriter, ts string) { io.WriteString(w, "{trunc") }, KindProtocol, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, c, _ := newFake(t, func(w http.ResponseWriter, r *http.Request, ts string) { tt.handle(w, ts) })
			var err error
			if tt.write {
				_, err = c.AddPendaftaran(context.Background(), Pendaftaran{NoKartu: "0001234567890", TglDaftar: D(2026, 11, 22), KdPoli: "001"})
			} else {
				_, err = c.PesertaByNoKartu(context.Background(), "0001234567890")
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *Error", err, err)
			}
			if pe.Kind != tt.kind {
				t.Fatalf("kind = %v, want %v (%v)", pe.Kind, tt.kind, err)
			}
			if got := f.count(); got != tt.tries {
				t.Fatalf("server saw %d requests, want %d", got, tt.tries)
			}
			if tt.message != "" && !strings.Contains(err.Error(), tt.message) {
				t.Fatalf("error %q does not mention %q", err, tt.message)
			}
		})
	}
}

func TestValidation412WithSeveralFields(t *testing.T) {
	_, c, _ := newFake(t, func(w http.ResponseWriter, r *http.Request, ts string) {
		writeEnv(w, 412, "PRECONDITION_FAILED", []FieldMessage{
			{"noKartu", "Belum melakukan pendaftaran pada poli tersebut."},
			{"kdDiag1", "Diagnosa tidak boleh kosong"},
			{"kdDokter", "Dokter tidak valid"},
		})
	})
	_, err := c.AddKunjungan(context.Background(), Kunjungan{NoKartu: "0001234567890", TglDaftar: D(2026, 11, 22), KdPoli: "001", KdStatusPulang: "3", KdTacc: TaccNone})
	var pe *Error
	if !errors.As(err, &pe) || pe.Kind != KindValidation {
		t.Fatalf("err = %v", err)
	}
	if len(pe.Fields) != 3 || pe.Fields[0].Field != "noKartu" || pe.Fields[2].Message != "Dokter tidak valid" || pe.Code != 412 {
		t.Fatalf("fields = %+v", pe.Fields)
	}
	if !strings.Contains(err.Error(), "Belum melakukan pendaftaran") {
		t.Fatalf("message lost: %v", err)
	}
}

// blockingDialer never connects, so the request cannot leave the machine.
func blockingDialer(ctx context.Context, network, addr string) (net.Conn, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestTimeoutBeforeSendIsUnavailable(t *testing.T) {
	cfg := testCfg
	cfg.BaseURL = "http://127.0.0.1:9/pcare-rest"
	cfg.Timeout = 50 * time.Millisecond
	c, err := New(cfg, WithHTTPClient(&http.Client{Transport: &http.Transport{DialContext: blockingDialer}}), WithReadRetries(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.AddPendaftaran(context.Background(), Pendaftaran{NoKartu: "0001234567890"})
	if KindOf(err) != KindUnavailable {
		t.Fatalf("write that never left: kind %v (%v), want unavailable", KindOf(err), err)
	}
	var pe *Error
	if !errors.As(err, &pe) || !pe.Retryable() {
		t.Fatal("a write that never left must be retryable")
	}
}

func TestConnectionRefusedIsUnavailable(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	cfg := testCfg
	cfg.BaseURL = "http://" + addr + "/pcare-rest"
	c, _ := New(cfg, WithReadRetries(1, time.Millisecond))
	if _, err := c.PesertaByNoKartu(context.Background(), "0001234567890"); KindOf(err) != KindUnavailable {
		t.Fatalf("kind %v (%v)", KindOf(err), err)
	}
	if _, err := c.AddKunjungan(context.Background(), Kunjungan{KdStatusPulang: "3", KdTacc: -1}); KindOf(err) != KindUnavailable {
		t.Fatalf("write kind %v (%v)", KindOf(err), err)
	}
}

func TestTimeoutAfterSend(t *testing.T) {
	release := make(chan struct{})
	f, c, _ := newFake(t, func(w http.ResponseWriter, r *http.Request, ts string) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	c.cfg.Timeout = 100 * time.Millisecond

	_, err := c.AddPendaftaran(context.Background(), Pendaftaran{NoKartu: "0001234567890"})
	if KindOf(err) != KindOutcomeUnknown {
		t.Fatalf("timed-out write: kind %v (%v), want outcome unknown", KindOf(err), err)
	}
	if f.count() != 1 {
		t.Fatalf("write sent %d times", f.count())
	}
	var pe *Error
	if errors.As(err, &pe) && pe.Retryable() {
		t.Fatal("outcome-unknown must not be retryable")
	}
	_, err = c.PesertaByNoKartu(context.Background(), "0001234567890")
	if KindOf(err) != KindUnavailable {
		t.Fatalf("timed-out read: kind %v (%v)", KindOf(err), err)
	}
	if f.count() != 4 {
		t.Fatalf("read tried %d times, want 3", f.count()-1)
	}
}

func TestConnectionDroppedAfterSend(t *testing.T) {
	f, c, _ := newFake(t, func(w http.ResponseWriter, r *http.Request, ts string) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	})
	_, err := c.AddObat(context.Background(), Obat{NoKunjungan: "0114U1631126Y000001", KdObat: "160100143"})
	if KindOf(err) != KindOutcomeUnknown {
		t.Fatalf("kind %v (%v)", KindOf(err), err)
	}
	if f.count() != 1 {
		t.Fatalf("sent %d times", f.count())
	}
}

func TestCancelledRead(t *testing.T) {
	_, c, _ := newFake(t, func(w http.ResponseWriter, r *http.Request, ts string) { <-r.Context().Done() })
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	_, err := c.PesertaByNoKartu(ctx, "0001234567890")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled inside", err)
	}
}

func TestCreatedAnswers(t *testing.T) {
	answers := map[string]any{
		"/pcare-rest/kunjungan/V1":    map[string]string{"field": "noKunjungan", "message": "0114U1631126Y000001"},
		"/pcare-rest/obat/kunjungan":  []FieldMessage{{"kdObatSK", "77"}, {"kdRacikan", ""}},
		"/pcare-rest/tindakan":        []FieldMessage{{"kdTindakanSK", "9"}},
		"/pcare-rest/pendaftaran":     map[string]string{"field": "noUrut", "message": "B3"},
		"/pcare-rest/pendaftaran/bad": nil,
	}
	f, c, _ := newFake(t, func(w http.ResponseWriter, r *http.Request, ts string) {
		writeEnc(w, 201, ts, answers[r.URL.Path])
	})
	ctx := context.Background()
	if no, err := c.AddKunjungan(ctx, Kunjungan{KdStatusPulang: "3", KdTacc: TaccNone}); err != nil || no != "0114U1631126Y000001" {
		t.Fatalf("kunjungan %q %v", no, err)
	}
	if f.last().path != "/pcare-rest/kunjungan/V1" {
		t.Fatalf("kunjungan went to %s", f.last().path)
	}
	if sk, err := c.AddObat(ctx, Obat{}); err != nil || sk != "77" {
		t.Fatalf("obat %q %v", sk, err)
	}
	if sk, err := c.AddTindakan(ctx, Tindakan{}); err != nil || sk != "9" {
		t.Fatalf("tindakan %q %v", sk, err)
	}
	if no, err := c.AddPendaftaran(ctx, Pendaftaran{}); err != nil || no != "B3" {
		t.Fatalf("pendaftaran %q %v", no, err)
	}
}

func TestCreatedWithoutNumberIsOutcomeUnknown(t *testing.T) {
	_, c, _ := newFake(t, func(w http.ResponseWriter, r *http.Request, ts string) { writeEnv(w, 201, "CREATED", nil) })
	if _, err := c.AddPendaftaran(context.Background(), Pendaftaran{}); KindOf(err) != KindOutcomeUnknown {
		t.Fatalf("kind %v (%v)", KindOf(err), err)
	}
}

func TestKunjunganShapes(t *testing.T) {
	var bodies [][]byte
	f, c, _ := newFake(t, func(w http.ResponseWriter, r *http.Request, ts string) {
		writeEnc(w, 201, ts, map[string]string{"field": "noKunjungan", "message": "0114U1631126Y000002"})
	})
	ctx := context.Background()
	base := Kunjungan{NoKartu: "0001234567890", TglDaftar: D(2026, 11, 22), KdPoli: "001", KdSadar: "01",
		KdDokter: "131491", KdDiag1: "I10", KdStatusPulang: StatusPulangRujuk, TglPulang: D(2026, 11, 22),
		KdTacc: TaccNone, KdPrognosa: "02", AlergiMakan: "00", AlergiUdara: "00", AlergiObat: "00", Suhu: "36.8"}

	sub := base
	sub.RujukLanjut = NewRujukSubSpesialis("0112R015", D(2026, 11, 24), "26", "")
	if _, err := c.AddKunjungan(ctx, sub); err != nil {
		t.Fatal(err)
	}
	bodies = append(bodies, f.last().body)

	kh := base
	kh.KdDiag1 = "N18.5"
	kh.RujukLanjut = NewRujukKhusus("0112R015", D(2026, 11, 24), "HDL", "", "hemodialisa rutin")
	kh.KdTacc, kh.AlasanTacc = TaccComorbidity, ">= 7 Hari"
	if _, err := c.AddKunjungan(ctx, kh); err != nil {
		t.Fatal(err)
	}
	bodies = append(bodies, f.last().body)

	var a, b map[string]any
	json.Unmarshal(bodies[0], &a)
	json.Unmarshal(bodies[1], &b)
	rl := a["rujukLanjut"].(map[string]any)
	ss := rl["subSpesialis"].(map[string]any)
	if rl["kdppk"] != "0112R015" || rl["tglEstRujuk"] != "24-11-2026" || ss["kdSubSpesialis1"] != "26" || ss["kdSarana"] != nil || rl["khusus"] != nil {
		t.Fatalf("sub-specialist shape: %s", bodies[0])
	}
	if _, has := ss["kdSubSpesialis"]; has {
		t.Fatal("sent kdSubSpesialis instead of kdSubSpesialis1")
	}
	if a["kdTacc"] != float64(-1) || a["alasanTacc"] != nil || a["noKunjungan"] != nil || a["kdDiag2"] != nil {
		t.Fatalf("tacc/nulls: %s", bodies[0])
	}
	rk := b["rujukLanjut"].(map[string]any)
	k := rk["khusus"].(map[string]any)
	if rk["subSpesialis"] != nil || k["kdKhusus"] != "HDL" || k["kdSubSpesialis"] != nil || k["catatan"] != "hemodialisa rutin" {
		t.Fatalf("special-case shape: %s", bodies[1])
	}
	if b["kdTacc"] != float64(4) || b["alasanTacc"] != ">= 7 Hari" {
		t.Fatalf("tacc: %s", bodies[1])
	}
}

func TestKunjunganValidatedBeforeSending(t *testing.T) {
	f, c, _ := newFake(t, func(w http.ResponseWriter, r *http.Request, ts string) { writeEnv(w, 500, "should not be called", nil) })
	bad := []Kunjungan{
		{KdStatusPulang: StatusPulangRujuk, KdTacc: TaccNone},                                                   // null rujukLanjut: PCare's 500 JValue
		{KdStatusPulang: StatusPulangRujuk, KdTacc: TaccNone, RujukLanjut: &RujukLanjut{KdPPK: "X"}},            // neither shape
		{KdStatusPulang: "3", KdTacc: 0},                                                                        // 0 is not a TACC code
		{KdStatusPulang: "3", KdTacc: TaccTime},                                                                 // reason missing
		{KdStatusPulang: "3", KdTacc: TaccNone, RujukLanjut: NewRujukKhusus("X", D(2026, 1, 1), "HDL", "", "")}, // referral without referral status
	}
	for i, k := range bad {
		if _, err := c.AddKunjungan(context.Background(), k); KindOf(err) != KindValidation {
			t.Errorf("case %d: kind %v (%v)", i, KindOf(err), err)
		}
	}
	if f.count() != 0 {
		t.Fatalf("%d invalid visits reached the server", f.count())
	}
}

func TestListsAndPaging(t *testing.T) {
	f, c, _ := newFake(t, func(w http.ResponseWriter, r *http.Request, ts string) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/pcare-rest/kunjungan/peserta/"):
			writeEnv(w, 204, "NO_CONTENT", nil)
		default:
			writeEnc(w, 200, ts, map[string]any{"count": 2, "list": []map[string]any{
				{"kdDiag": "A09", "nmDiag": "Diare dan gastroenteritis", "nonSpesialis": true},
				{"kdDiag": "A09.0", "nmDiag": "Gastroenteritis", "nonSpesialis": "false"},
			}})
		}
	})
	l, err := c.Diagnosa(context.Background(), "diare akut", 0, 25)
	if err != nil {
		t.Fatal(err)
	}
	if f.last().path != "/pcare-rest/diagnosa/diare%20akut/0/25" && f.last().path != "/pcare-rest/diagnosa/diare akut/0/25" {
		t.Fatalf("path %s", f.last().path)
	}
	if l.Count != 2 || !bool(l.List[0].NonSpesialis) || bool(l.List[1].NonSpesialis) {
		t.Fatalf("list %+v", l)
	}
	h, err := c.RiwayatKunjungan(context.Background(), "0001234567890")
	if err != nil || len(h.List) != 0 {
		t.Fatalf("empty history: %+v %v", h, err)
	}
}

func TestLogsHaveNoSecretsOrFullNumbers(t *testing.T) {
	_, c, logs := newFake(t, func(w http.ResponseWriter, r *http.Request, ts string) {
		if strings.Contains(r.URL.Path, "nik") {
			writeEnv(w, 500, "boom", nil)
			return
		}
		writeEnc(w, 200, ts, samplePeserta)
	})
	c.PesertaByNoKartu(context.Background(), "0001234567890")
	c.PesertaByNIK(context.Background(), "5171015708850001")
	out := logs.String()
	for _, secret := range []string{testCfg.ConsSecret, testCfg.UserKey, testCfg.Password, "0001234567890", "5171015708850001",
		Authorization(testCfg.Username, testCfg.Password, "095")} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{"path=peserta/0001******890", "status=200", "duration=", "method=GET", "status=500"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	if err := (Config{}).Validate(); KindOf(err) != KindConfig || !strings.Contains(err.Error(), "consumer secret") {
		t.Fatalf("empty config: %v", err)
	}
	cfg := testCfg
	cfg.BaseURL = "http://apijkn.bpjs-kesehatan.go.id/pcare-rest"
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "https") {
		t.Fatalf("plain http to a remote host accepted: %v", err)
	}
	cfg.BaseURL = "http://127.0.0.1:8089/pcare-rest"
	if err := cfg.Validate(); err != nil {
		t.Fatalf("local simulator refused: %v", err)
	}
	cfg.BaseURL = ProductionURL
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if u, ok := Preset("dev"); !ok || u != DevURL {
		t.Fatal("dev preset")
	}
}

func TestDate(t *testing.T) {
	d, err := ParseDate("05-03-2026")
	if err != nil || d.String() != "05-03-2026" {
		t.Fatalf("%v %v", d, err)
	}
	if d2, _ := ParseDate("2026-03-05"); !d2.Equal(d) {
		t.Fatal("ISO form not accepted")
	}
	if _, err := ParseDate("31-02-2026"); err == nil {
		t.Fatal("impossible date accepted")
	}
	var v struct{ A, B Date }
	if err := json.Unmarshal([]byte(`{"A":"","B":null}`), &v); err != nil || !v.A.IsZero() || !v.B.IsZero() {
		t.Fatalf("empty dates: %+v %v", v, err)
	}
	if d.AddDays(89).String() != "02-06-2026" {
		t.Fatalf("AddDays: %s", d.AddDays(89))
	}
}

func TestMaskNumber(t *testing.T) {
	for in, want := range map[string]string{"0001234567890": "0001******890", "5171015708850001": "5171*********001", "A1": "A1"} {
		if got := MaskNumber(in); got != want {
			t.Errorf("MaskNumber(%s) = %s, want %s", in, got, want)
		}
	}
	if got := maskPath("pendaftaran/peserta/0001234567890/tglDaftar/22-11-2026/noUrut/A1/kdPoli/001"); got != "pendaftaran/peserta/0001******890/tglDaftar/22-11-2026/noUrut/A1/kdPoli/001" {
		t.Fatalf("maskPath: %s", got)
	}
}

func TestBodiless304IsNotModified(t *testing.T) {
	_, c, _ := newFake(t, func(w http.ResponseWriter, r *http.Request, ts string) { w.WriteHeader(http.StatusNotModified) })
	if err := c.DeletePendaftaran(context.Background(), "0001234567890", D(2026, 11, 22), "A1", "001"); err != nil {
		t.Fatalf("a 304 on delete means already gone: %v", err)
	}
	if _, err := c.PesertaByNoKartu(context.Background(), "0001234567890"); KindOf(err) != KindNotModified {
		t.Fatalf("kind %v", KindOf(err))
	}
}
