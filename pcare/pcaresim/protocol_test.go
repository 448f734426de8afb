package pcaresim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"fktpdesk/assets/refdata"
	"fktpdesk/pcare"
)

func TestAuthFailures(t *testing.T) {
	srv := startSim(t, Options{})
	good := srv.ClientConfig()
	noKartu := one(t, srv.Sim, KindActiveHere).NoKartu
	tests := []struct {
		name  string
		edit  func(*pcare.Config)
		clock time.Duration // offset of the client's clock
		want  string        // in metaData.message
	}{
		{"wrong cons id", func(c *pcare.Config) { c.ConsID = "9999" }, 0, "X-cons-id"},
		{"wrong secret", func(c *pcare.Config) { c.ConsSecret = "not-the-secret" }, 0, "X-signature"},
		{"stale timestamp", nil, -6 * time.Minute, "X-timestamp"},
		{"future timestamp", nil, 6 * time.Minute, "X-timestamp"},
		{"wrong password", func(c *pcare.Config) { c.Password = "bukan-sandi-9" }, 0, "password"},
		{"wrong user", func(c *pcare.Config) { c.Username = "orang-lain" }, 0, "Username"},
		{"wrong kdAplikasi", func(c *pcare.Config) { c.KdAplikasi = "096" }, 0, "aplikasi"},
		{"wrong user key", func(c *pcare.Config) { c.UserKey = "other-key" }, 0, "user_key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			if tt.edit != nil {
				tt.edit(&cfg)
			}
			c := newClient(t, cfg, pcare.WithClock(func() time.Time { return fixedNow.Add(tt.clock) }))
			_, err := c.PesertaByNoKartu(context.Background(), noKartu)
			wantKind(t, err, pcare.KindAuth)
			var e *pcare.Error
			errors.As(err, &e)
			if e.Status != 401 || e.Code != 401 {
				t.Errorf("status %d code %d, want 401/401", e.Status, e.Code)
			}
			if !strings.Contains(e.Message, tt.want) {
				t.Errorf("message %q does not mention %q", e.Message, tt.want)
			}
			for _, secret := range []string{good.ConsSecret, good.Password, good.UserKey, cfg.ConsSecret, cfg.Password} {
				if strings.Contains(e.Message, secret) {
					t.Errorf("message %q leaks a secret", e.Message)
				}
			}
		})
	}

	t.Run("skew within tolerance", func(t *testing.T) {
		c := newClient(t, good, pcare.WithClock(func() time.Time { return fixedNow.Add(-4 * time.Minute) }))
		if _, err := c.PesertaByNoKartu(context.Background(), noKartu); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("missing user_key", func(t *testing.T) {
		res := raw(t, srv, "GET", "peserta/"+noKartu, "", func(h http.Header) { h.Del("user_key") })
		if res.status != 401 || res.code != 401 || !strings.Contains(res.message, "user_key") {
			t.Fatalf("got %d %d %q", res.status, res.code, res.message)
		}
	})
	t.Run("missing Basic prefix", func(t *testing.T) {
		res := raw(t, srv, "GET", "peserta/"+noKartu, "", func(h http.Header) {
			h.Set("X-authorization", strings.TrimPrefix(h.Get("X-authorization"), "Basic "))
		})
		if res.status != 401 || !strings.Contains(res.message, "StartIndex") {
			t.Fatalf("got %d %q", res.status, res.message)
		}
	})
	t.Run("missing cons id", func(t *testing.T) {
		res := raw(t, srv, "GET", "peserta/"+noKartu, "", func(h http.Header) { h.Del("X-cons-id") })
		if res.status != 401 {
			t.Fatalf("got %d %q", res.status, res.message)
		}
	})
}

func TestEnvelopeIsEncryptedWithTheRequestTimestamp(t *testing.T) {
	srv := startSim(t, Options{})
	res := raw(t, srv, "GET", "kesadaran", "", nil)
	if res.status != 200 || res.code != 200 || res.message != "OK" {
		t.Fatalf("got %d %d %q", res.status, res.code, res.message)
	}
	if !bytes.Contains(res.body, []byte(`"code":200}`)) {
		t.Errorf("metaData.code is not the number 200: %s", res.body)
	}
	if !res.encrypted {
		t.Fatal("response was not an encrypted string")
	}
	var l pcare.List[pcare.Kesadaran]
	if err := json.Unmarshal(res.payload, &l); err != nil || l.Count != 4 || l.List[0].KdSadar != "01" {
		t.Fatalf("payload %s (%v)", res.payload, err)
	}
}

func TestUnknownPathsAnswerNotRegistered(t *testing.T) {
	srv := startSim(t, Options{})
	res := raw(t, srv, "POST", "kunjungan", `{"noKartu":"0001000000001"}`, nil)
	if res.status != 404 || res.code != 404 || res.message != msgNotRegistered {
		t.Fatalf("old kunjungan POST: %d %d %q", res.status, res.code, res.message)
	}
	if len(srv.Writes()) != 0 {
		t.Fatal("the old path stored something")
	}
	c := newClient(t, srv.ClientConfig())
	_, err := c.Raw(context.Background(), "kunjungan")
	wantKind(t, err, pcare.KindAuth) // the client reads "not registered" as an auth problem
	_, err = c.Raw(context.Background(), "no/such/service")
	wantKind(t, err, pcare.KindAuth)
}

func TestWriteBodyContentTypes(t *testing.T) {
	srv := startSim(t, Options{})
	for i, ct := range []string{"text/plain", "application/json", "application/json; charset=utf-8"} {
		p := nth(t, srv.Sim, KindActiveHere, i)
		body := `{"kdProviderPeserta":"0114U163","tglDaftar":"` + todayText + `","noKartu":"` + p.NoKartu +
			`","kdPoli":"001","keluhan":"batuk","kunjSakit":true,"sistole":0,"diastole":0,"beratBadan":0,` +
			`"tinggiBadan":0,"respRate":0,"lingkarPerut":0,"heartRate":0,"rujukBalik":0,"kdTkp":"10"}`
		res := raw(t, srv, "POST", "pendaftaran", body, func(h http.Header) { h.Set("Content-Type", ct) })
		if res.status != 201 || res.code != 201 || res.message != "CREATED" || !res.encrypted {
			t.Fatalf("%s: %d %d %q %s", ct, res.status, res.code, res.message, res.body)
		}
		var fm pcare.FieldMessage
		if err := json.Unmarshal(res.payload, &fm); err != nil || fm.Field != "noUrut" || !strings.HasPrefix(fm.Message, "A") {
			t.Fatalf("%s: payload %s", ct, res.payload)
		}
	}
}

func TestPesertaEveryPathAndKind(t *testing.T) {
	srv := startSim(t, Options{})
	c := newClient(t, srv.ClientConfig())
	ctx := context.Background()
	ppk := srv.Credentials().PPK
	for _, k := range Kinds {
		t.Run(string(k), func(t *testing.T) {
			ps := one(t, srv.Sim, k)
			byCard, err := c.PesertaByNoKartu(ctx, ps.NoKartu)
			if err != nil {
				t.Fatal(err)
			}
			rawNoka, err := c.Raw(ctx, "peserta/noka/"+ps.NoKartu)
			if err != nil {
				t.Fatal(err)
			}
			var byNoka pcare.Peserta
			if err := json.Unmarshal(rawNoka, &byNoka); err != nil {
				t.Fatal(err)
			}
			byNIK, err := c.PesertaByNIK(ctx, ps.NoKTP)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []*pcare.Peserta{&byNoka, byNIK} {
				if p.NoKartu != byCard.NoKartu || p.Nama != byCard.Nama || string(p.NoKTP) != ps.NoKTP {
					t.Fatalf("paths disagree: %+v vs %+v", p, byCard)
				}
			}
			p := byCard
			if p.Nama != ps.Nama || p.KdProviderPst == nil || p.TglLahir.IsZero() || p.JnsKelas.Kode == "" {
				t.Fatalf("incomplete peserta %+v", p)
			}
			switch k {
			case KindActiveHere:
				if !p.Aktif || p.KetAktif != "AKTIF" || p.KdProviderPst.KdProvider != ppk || p.HubunganKeluarga != "Peserta" {
					t.Errorf("active-here: %+v", p)
				}
			case KindActiveElsewhere:
				if !p.Aktif || p.KdProviderPst.KdProvider == ppk || p.KdProviderPst.NmProvider == "" {
					t.Errorf("active-elsewhere: %+v", p)
				}
			case KindInactivePBI:
				if p.Aktif || p.KetAktif == "AKTIF" || (p.JnsPeserta.Kode != "21" && p.JnsPeserta.Kode != "22") {
					t.Errorf("inactive-pbi: %+v", p)
				}
			case KindArrears:
				if p.Aktif || p.Tunggakan <= 0 || p.KetAktif == "AKTIF" {
					t.Errorf("arrears: %+v", p)
				}
			case KindDependent:
				if !bool(p.Aktif) || !strings.Contains("Istri Suami Anak", p.HubunganKeluarga) || p.HubunganKeluarga == "" {
					t.Errorf("dependent: %+v", p)
				}
			}
		})
	}

	t.Run("unknown participant", func(t *testing.T) {
		_, err := c.PesertaByNoKartu(ctx, "0009999999999")
		wantKind(t, err, pcare.KindNotFound)
		_, err = c.PesertaByNIK(ctx, "3173010101900001")
		wantKind(t, err, pcare.KindNotFound)
		res := raw(t, srv, "GET", "peserta/0009999999999", "", nil)
		if res.status != 200 || res.code != 204 || string(res.payload) != "null" {
			t.Fatalf("got %d %d %s", res.status, res.code, res.payload)
		}
	})
	t.Run("malformed numbers", func(t *testing.T) {
		_, err := c.PesertaByNoKartu(ctx, "123")
		wantField(t, err, pcare.KindValidation, "noKartu")
		_, err = c.Raw(ctx, "peserta/paspor/123")
		wantKind(t, err, pcare.KindValidation)
	})
}

func TestPopulation(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	all := s.data.list
	if len(all) != 2000 {
		t.Fatalf("%d participants, want 2000", len(all))
	}
	card := regexp.MustCompile(`^0001\d{9}$`)
	kinds := map[Kind]int{}
	kelas := map[string]int{}
	jenis := map[string]int{}
	prol, prb := map[string]int{}, 0
	niks := map[string]bool{}
	for _, p := range all {
		kinds[p.kind]++
		kelas[p.JnsKelas.Kode+" "+p.JnsKelas.Nama]++
		jenis[p.JnsPeserta.Kode]++
		prol[string(p.PstProl)]++
		if p.PstPrb != "" {
			prb++
		}
		if !card.MatchString(p.NoKartu) {
			t.Fatalf("card %q", p.NoKartu)
		}
		checkNIK(t, p)
		if niks[string(p.NoKTP)] {
			t.Fatalf("duplicate NIK %s", p.NoKTP)
		}
		niks[string(p.NoKTP)] = true
		if strings.TrimSpace(p.Nama) == "" || p.Nama != strings.ToUpper(p.Nama) {
			t.Fatalf("name %q", p.Nama)
		}
		if p.NoHP != "" && !regexp.MustCompile(`^08\d{9,10}$`).MatchString(string(p.NoHP)) {
			t.Fatalf("phone %q", p.NoHP)
		}
	}
	if len(s.data.byCard) != len(all) {
		t.Fatal("card numbers are not unique")
	}
	if kinds[KindActiveHere]*2 < len(all) {
		t.Errorf("only %d of %d active here", kinds[KindActiveHere], len(all))
	}
	for _, k := range Kinds {
		if kinds[k] < 100 {
			t.Errorf("kind %s: only %d", k, kinds[k])
		}
	}
	for _, k := range []string{"1 KELAS I", "2 KELAS II", "3 KELAS III"} {
		if kelas[k] == 0 {
			t.Errorf("no %s", k)
		}
	}
	for _, j := range []string{"21", "22", "11", "13", "15"} {
		if jenis[j] == 0 {
			t.Errorf("no jnsPeserta %s", j)
		}
	}
	if prol["DM"] == 0 || prol["HT"] == 0 || prb == 0 {
		t.Errorf("prolanis %v, prb %d", prol, prb)
	}
}

// checkNIK verifies the Dukcapil structure: a real kecamatan code, DDMMYY of
// the birth date with 40 added to the day for women, and a sequence >= 0001.
func checkNIK(t *testing.T, p *participant) {
	t.Helper()
	nik := string(p.NoKTP)
	if !isDigits(nik, 16) {
		t.Fatalf("NIK %q", nik)
	}
	if _, found := refdata.DistrictByCode(nik[:6]); !found {
		t.Fatalf("NIK %s: district %s is not a real kecamatan", nik, nik[:6])
	}
	dd := atoi(nik[6:8])
	if p.Sex == "P" {
		dd -= 40
	}
	b := p.TglLahir.Time()
	if dd != b.Day() || atoi(nik[8:10]) != int(b.Month()) || atoi(nik[10:12]) != b.Year()%100 {
		t.Fatalf("NIK %s does not encode %s/%s", nik, p.TglLahir, p.Sex)
	}
	if atoi(nik[12:]) < 1 {
		t.Fatalf("NIK %s: sequence 0000", nik)
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestSameSeedSameParticipants(t *testing.T) {
	a, err := New(Options{Seed: 42, Participants: 300})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := New(Options{Seed: 42, Participants: 300})
	other, _ := New(Options{Seed: 43, Participants: 300})
	for i := range a.data.list {
		if !bytes.Equal(a.data.list[i].json, b.data.list[i].json) {
			t.Fatalf("participant %d differs between two runs of seed 42", i)
		}
	}
	if bytes.Equal(a.data.list[0].json, other.data.list[0].json) {
		t.Fatal("seeds 42 and 43 give the same first participant")
	}
	if got := len(a.Participants("", 0)); got != 300 {
		t.Fatalf("%d participants", got)
	}
}

func TestDateHeaderIsTheSimulatorsClock(t *testing.T) {
	srv := startSim(t, Options{})
	for _, path := range []string{"kesadaran", "no/such/service"} {
		resp, err := http.Get(srv.URL + "/" + path) // unauthenticated: 401, still dated
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got, err := http.ParseTime(resp.Header.Get("Date"))
		if err != nil || !got.Equal(fixedNow) {
			t.Fatalf("%s: Date %q, want the simulator's now %s", path, resp.Header.Get("Date"), fixedNow.UTC())
		}
	}
}

func TestServiceNotActivated(t *testing.T) {
	srv := startSim(t, Options{NotActivated: true})
	for _, path := range []string{"kesadaran", "peserta/" + one(t, srv.Sim, KindActiveHere).NoKartu} {
		res := raw(t, srv, "GET", path, "", nil)
		if res.status != 404 || res.code != 404 || res.message != msgNotRegistered {
			t.Fatalf("%s: %d %d %q", path, res.status, res.code, res.message)
		}
	}
	// Wrong credentials are still refused as such first.
	res := raw(t, srv, "GET", "kesadaran", "", func(h http.Header) { h.Set("user_key", "other-key") })
	if res.status != 401 {
		t.Fatalf("wrong user key on an inactive service: %d %q", res.status, res.message)
	}
}
