package pcaresim

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fktpdesk/pcare"
)

func TestPendaftaranFlow(t *testing.T) {
	srv := startSim(t, Options{})
	c := newClient(t, srv.ClientConfig())
	ctx := context.Background()
	a := nth(t, srv.Sim, KindActiveHere, 0)
	b := nth(t, srv.Sim, KindDependent, 0)
	e := nth(t, srv.Sim, KindActiveElsewhere, 0)

	if got := register(t, c, srv, a.NoKartu, "001"); got != "A1" {
		t.Fatalf("first noUrut %q, want A1", got)
	}
	// PCare does not refuse a second registration of the same participant,
	// day and poli; neither does the simulator, so duplicates are visible.
	if got := register(t, c, srv, a.NoKartu, "001"); got != "A2" {
		t.Fatalf("duplicate noUrut %q, want A2", got)
	}
	if got := register(t, c, srv, b.NoKartu, "002"); got != "B1" {
		t.Fatalf("gigi noUrut %q, want B1", got)
	}
	if got := register(t, c, srv, e.NoKartu, "003"); got != "C1" {
		t.Fatalf("KIA noUrut %q, want C1 (participants of other FKTPs may register)", got)
	}

	item, err := c.GetPendaftaran(ctx, "B1", today)
	if err != nil {
		t.Fatal(err)
	}
	if item.Peserta.NoKartu != b.NoKartu || item.Poli.KdPoli != "002" || !item.TglDaftar.Equal(today) ||
		item.ProviderPelayanan.KdProvider != srv.Credentials().PPK || item.Tkp.KdTkp != "10" || item.Sistole != 120 {
		t.Fatalf("item %+v", item)
	}
	res := raw(t, srv, "GET", "pendaftaran/noUrut/B1/tglDaftar/"+todayText, "", nil)
	if !strings.Contains(string(res.payload), `"tgldaftar":"22-11-2026"`) {
		t.Fatalf("GET pendaftaran must use lowercase tgldaftar: %s", res.payload)
	}

	page1, err := c.ListPendaftaran(ctx, today, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	page2, err := c.ListPendaftaran(ctx, today, 3, 3)
	if err != nil {
		t.Fatal(err)
	}
	if page1.Count != 4 || len(page1.List) != 3 || page2.Count != 4 || len(page2.List) != 1 || page2.List[0].NoUrut != "C1" {
		t.Fatalf("pages %+v / %+v", page1, page2)
	}
	if empty, err := c.ListPendaftaran(ctx, today.AddDays(-1), 0, 10); err != nil || empty.Count != 0 {
		t.Fatalf("yesterday: %+v %v", empty, err)
	}

	if err := c.DeletePendaftaran(ctx, a.NoKartu, today, "A2", "001"); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetPendaftaran(ctx, "A2", today)
	wantKind(t, err, pcare.KindNotFound)
	// A second delete is "already gone": 304, which the client accepts.
	res = raw(t, srv, "DELETE", "pendaftaran/peserta/"+a.NoKartu+"/tglDaftar/"+todayText+"/noUrut/A2/kdPoli/001", "", nil)
	if res.code != 304 || res.status != 200 {
		t.Fatalf("second delete: %d %d %q", res.status, res.code, res.message)
	}
	if err := c.DeletePendaftaran(ctx, a.NoKartu, today, "A2", "001"); err != nil {
		t.Fatalf("client on 304: %v", err)
	}
	err = c.DeletePendaftaran(ctx, a.NoKartu, today, "A9", "001")
	wantKind(t, err, pcare.KindValidation)
	// Numbers are never reused after a delete.
	if got := register(t, c, srv, a.NoKartu, "001"); got != "A3" {
		t.Fatalf("after delete noUrut %q, want A3", got)
	}

	want := []string{"pendaftaran", "pendaftaran", "pendaftaran", "pendaftaran", "delete-pendaftaran", "pendaftaran"}
	if got := writeKinds(srv.Sim); !slices.Equal(got, want) {
		t.Fatalf("writes %v, want %v", got, want)
	}
	w := srv.Writes()[0]
	if w.NoKartu != a.NoKartu || w.TglDaftar != todayText || w.KdPoli != "001" || w.Remote != "A1" || !w.At.Equal(fixedNow) {
		t.Fatalf("write %+v", w)
	}
}

func TestPendaftaranRules(t *testing.T) {
	srv := startSim(t, Options{})
	c := newClient(t, srv.ClientConfig())
	ctx := context.Background()
	reg := func(noKartu, kdPoli string, tgl pcare.Date) error {
		p := srv.data.byCard[noKartu]
		prov := "0114U163"
		if p != nil {
			prov = p.KdProviderPst.KdProvider
		}
		_, err := c.AddPendaftaran(ctx, pcare.Pendaftaran{KdProviderPeserta: prov, TglDaftar: tgl,
			NoKartu: noKartu, KdPoli: kdPoli, KunjSakit: true, KdTkp: pcare.TkpRawatJalan})
		return err
	}
	active := one(t, srv.Sim, KindActiveHere).NoKartu

	err := reg(one(t, srv.Sim, KindInactivePBI).NoKartu, "001", today)
	wantField(t, err, pcare.KindValidation, "noKartu")
	if !strings.Contains(fields(err)[0].Message, "tidak aktif") {
		t.Errorf("message %q", fields(err)[0].Message)
	}
	wantField(t, reg(one(t, srv.Sim, KindArrears).NoKartu, "001", today), pcare.KindValidation, "noKartu")
	wantField(t, reg("0009999999999", "001", today), pcare.KindValidation, "noKartu")
	wantField(t, reg(active, "999", today), pcare.KindBadReference, "kdPoli")
	wantField(t, reg(active, "001", today.AddDays(1)), pcare.KindValidation, "tglDaftar")

	// yyyy-MM-dd is refused (the client cannot send it: post it raw).
	res := raw(t, srv, "POST", "pendaftaran", `{"kdProviderPeserta":"0114U163","tglDaftar":"2026-11-22","noKartu":"`+
		active+`","kdPoli":"001","kunjSakit":true,"kdTkp":"10"}`, nil)
	if res.status != 412 || res.code != 412 || res.encrypted || !strings.Contains(string(res.payload), `"field":"tglDaftar"`) {
		t.Fatalf("ISO date: %d %d %s", res.status, res.code, res.payload)
	}
	res = raw(t, srv, "POST", "pendaftaran", `{"kdProviderPeserta":"0114U999","tglDaftar":"`+todayText+`","noKartu":"`+
		active+`","kdPoli":"001"}`, nil)
	if res.code != 412 || !strings.Contains(string(res.payload), "kdProviderPeserta") {
		t.Fatalf("wrong kdProviderPeserta: %d %s", res.code, res.payload)
	}
	res = raw(t, srv, "POST", "pendaftaran", `not json`, nil)
	if res.code != 412 {
		t.Fatalf("bad JSON: %d", res.code)
	}
	if n := len(srv.Writes()); n != 0 {
		t.Fatalf("%d writes stored by refused requests", n)
	}
}

var noKunjunganRE = regexp.MustCompile(`^0114U1631126Y\d{6}$`)

func TestKunjunganTindakanObatLifecycle(t *testing.T) {
	srv := startSim(t, Options{})
	c := newClient(t, srv.ClientConfig())
	ctx := context.Background()
	p := one(t, srv.Sim, KindActiveHere)
	noUrut := register(t, c, srv, p.NoKartu, "001")

	no, err := c.AddKunjungan(ctx, baseVisit(p.NoKartu, "001"))
	if err != nil {
		t.Fatal(err)
	}
	if len(no) != 19 || !noKunjunganRE.MatchString(no) || !strings.HasSuffix(no, "000001") {
		t.Fatalf("noKunjungan %q", no)
	}
	// One visit per registration: a second one needs a second registration.
	_, err = c.AddKunjungan(ctx, baseVisit(p.NoKartu, "001"))
	wantField(t, err, pcare.KindValidation, "noKartu")

	hist, err := c.RiwayatKunjungan(ctx, p.NoKartu)
	if err != nil {
		t.Fatal(err)
	}
	if hist.Count != 1 || hist.List[0].NoKunjungan != no || hist.List[0].Diagnosa1 == nil ||
		hist.List[0].Diagnosa1.KdDiag != diagNonSp || !bool(hist.List[0].Diagnosa1.NonSpesialis) ||
		hist.List[0].Peserta.NoKartu != p.NoKartu || hist.List[0].Kesadaran.KdSadar != "01" ||
		hist.List[0].Dokter.KdDokter != dokterUmum || hist.List[0].StatusPulang.KdStatusPulang != "3" ||
		!hist.List[0].TglKunjungan.Equal(today) {
		t.Fatalf("history %+v", hist)
	}
	if item, _ := c.GetPendaftaran(ctx, noUrut, today); item == nil || item.Status == "Belum dilayani" {
		t.Fatalf("registration status after the visit: %+v", item)
	}

	edit := baseVisit(p.NoKartu, "001")
	edit.NoKunjungan = pcare.OptString(no)
	edit.Keluhan = "demam 4 hari, mual"
	edit.KdDiag2 = "R11"
	if err := c.EditKunjungan(ctx, edit); err != nil {
		t.Fatal(err)
	}
	hist, _ = c.RiwayatKunjungan(ctx, p.NoKartu)
	if hist.List[0].Keluhan != "demam 4 hari, mual" || hist.List[0].Diagnosa2 == nil || hist.List[0].NoKunjungan != no {
		t.Fatalf("edit not applied: %+v", hist.List[0])
	}
	edit.NoKunjungan = "0114U1631126Y999999"
	wantField(t, c.EditKunjungan(ctx, edit), pcare.KindValidation, "noKunjungan")

	// A registration with a visit cannot be deleted.
	wantField(t, c.DeletePendaftaran(ctx, p.NoKartu, today, noUrut, "001"), pcare.KindValidation, "noUrut")

	sk, err := c.AddTindakan(ctx, pcare.Tindakan{NoKunjungan: no, KdTindakan: "01001", Biaya: 25000, Keterangan: "GDS", Hasil: 110})
	if err != nil || sk != "1" {
		t.Fatalf("tindakan %q %v", sk, err)
	}
	if err := c.EditTindakan(ctx, pcare.Tindakan{KdTindakanSK: 1, NoKunjungan: no, KdTindakan: "01001", Biaya: 30000, Hasil: 120}); err != nil {
		t.Fatal(err)
	}
	wantField(t, c.EditTindakan(ctx, pcare.Tindakan{KdTindakanSK: 77, NoKunjungan: no, KdTindakan: "01001"}), pcare.KindValidation, "kdTindakanSK")
	_, err = c.AddTindakan(ctx, pcare.Tindakan{NoKunjungan: "0114U1631126Y999999", KdTindakan: "01001"})
	wantField(t, err, pcare.KindValidation, "noKunjungan")
	_, err = c.AddTindakan(ctx, pcare.Tindakan{NoKunjungan: no, KdTindakan: "02001", Biaya: 999999})
	wantField(t, err, pcare.KindValidation, "biaya")
	tl, err := c.ListTindakan(ctx, no)
	if err != nil || tl.Count != 1 || tl.List[0].Biaya != 30000 || tl.List[0].Hasil != 120 || tl.List[0].NmTindakan == "" {
		t.Fatalf("tindakan list %+v %v", tl, err)
	}

	osk, err := c.AddObat(ctx, pcare.Obat{NoKunjungan: no, ObatDPHO: true, KdObat: "160800001", Signa1: 3, Signa2: 1, JmlObat: 10, JmlPermintaan: 10})
	if err != nil || osk != "1" {
		t.Fatalf("obat %q %v", osk, err)
	}
	osk2, err := c.AddObat(ctx, pcare.Obat{NoKunjungan: no, NmObatNonDPHO: "Sirup herbal", Signa1: 3, Signa2: 1, JmlObat: 1})
	if err != nil || osk2 != "2" {
		t.Fatalf("non-DPHO obat %q %v", osk2, err)
	}
	ol, err := c.ListObat(ctx, no)
	if err != nil || ol.Count != 2 || ol.List[0].Obat.KdObat != "160800001" || ol.List[0].Obat.NmObat == "" || ol.List[1].NmObatNonDPHO != "Sirup herbal" {
		t.Fatalf("obat list %+v %v", ol, err)
	}
	_, err = c.AddObat(ctx, pcare.Obat{NoKunjungan: "0114U1631126Y999999", ObatDPHO: true, KdObat: "160800001", JmlObat: 1})
	wantField(t, err, pcare.KindValidation, "noKunjungan")

	// Dependency order: obat and tindakan, then the visit, then the registration.
	wantField(t, c.DeleteKunjungan(ctx, no), pcare.KindValidation, "noKunjungan")
	if err := c.DeleteTindakan(ctx, sk, no); err != nil {
		t.Fatal(err)
	}
	wantField(t, c.DeleteTindakan(ctx, sk, no), pcare.KindValidation, "kdTindakanSK")
	wantField(t, c.DeleteKunjungan(ctx, no), pcare.KindValidation, "noKunjungan") // drugs left
	for _, x := range []string{osk, osk2} {
		if err := c.DeleteObat(ctx, x, no); err != nil {
			t.Fatal(err)
		}
	}
	wantField(t, c.DeleteObat(ctx, osk, no), pcare.KindValidation, "kdObatSK")
	if err := c.DeleteKunjungan(ctx, no); err != nil {
		t.Fatal(err)
	}
	wantField(t, c.DeleteKunjungan(ctx, no), pcare.KindValidation, "noKunjungan")
	if hist, err := c.RiwayatKunjungan(ctx, p.NoKartu); err != nil || hist.Count != 0 {
		t.Fatalf("history after delete %+v %v", hist, err)
	}
	if err := c.DeletePendaftaran(ctx, p.NoKartu, today, noUrut, "001"); err != nil {
		t.Fatal(err)
	}

	want := []string{"pendaftaran", "kunjungan", "edit-kunjungan", "tindakan", "edit-tindakan", "obat", "obat",
		"delete-tindakan", "delete-obat", "delete-obat", "delete-kunjungan", "delete-pendaftaran"}
	if got := writeKinds(srv.Sim); !slices.Equal(got, want) {
		t.Fatalf("writes\n got %v\nwant %v", got, want)
	}
	for _, w := range srv.Writes() {
		if w.NoKartu != p.NoKartu || w.TglDaftar != todayText || w.KdPoli != "001" || w.Remote == "" {
			t.Fatalf("write %+v", w)
		}
	}
}

func TestKunjunganWithoutPendaftaran(t *testing.T) {
	srv := startSim(t, Options{})
	c := newClient(t, srv.ClientConfig())
	p := one(t, srv.Sim, KindActiveHere)
	register(t, c, srv, p.NoKartu, "002") // another poli does not count
	_, err := c.AddKunjungan(context.Background(), baseVisit(p.NoKartu, "001"))
	wantKind(t, err, pcare.KindValidation)
	f := fields(err)
	if len(f) != 1 || f[0].Field != "noKartu" || f[0].Message != "Belum melakukan pendaftaran pada poli tersebut." {
		t.Fatalf("fields %+v", f)
	}
	if got := writeKinds(srv.Sim); !slices.Equal(got, []string{"pendaftaran"}) {
		t.Fatalf("writes %v", got)
	}
}

func TestKunjunganUnknownReferences(t *testing.T) {
	srv := startSim(t, Options{})
	c := newClient(t, srv.ClientConfig())
	ctx := context.Background()
	p := one(t, srv.Sim, KindActiveHere)
	register(t, c, srv, p.NoKartu, "001")
	est := today.AddDays(1)
	tests := []struct {
		field string
		edit  func(*pcare.Kunjungan)
	}{
		{"kdDiag1", func(k *pcare.Kunjungan) { k.KdDiag1 = "ZZZ.9" }},
		{"kdDiag2", func(k *pcare.Kunjungan) { k.KdDiag2 = "ZZZ.9" }},
		{"kdDiag3", func(k *pcare.Kunjungan) { k.KdDiag3 = "ZZZ.9" }},
		{"kdDokter", func(k *pcare.Kunjungan) { k.KdDokter = "000000" }},
		{"kdSadar", func(k *pcare.Kunjungan) { k.KdSadar = "09" }},
		{"kdPrognosa", func(k *pcare.Kunjungan) { k.KdPrognosa = "09" }},
		{"kdPoli", func(k *pcare.Kunjungan) { k.KdPoli = "999" }},
		{"kdStatusPulang", func(k *pcare.Kunjungan) { k.KdStatusPulang = "7" }},
		{"kdPoliRujukInternal", func(k *pcare.Kunjungan) { k.KdPoliRujukInternal = "999" }},
		{"alergiObat", func(k *pcare.Kunjungan) { k.AlergiObat = "99" }},
		{"kdppk", func(k *pcare.Kunjungan) {
			*k = referral(*k, est)
			k.RujukLanjut.KdPPK = "0114R999"
		}},
		{"kdSubSpesialis1", func(k *pcare.Kunjungan) {
			*k = referral(*k, est)
			k.RujukLanjut.SubSpesialis.KdSubSpesialis1 = "999"
		}},
		{"kdSarana", func(k *pcare.Kunjungan) {
			*k = referral(*k, est)
			k.RujukLanjut.SubSpesialis.KdSarana = "99"
		}},
		{"kdKhusus", func(k *pcare.Kunjungan) {
			*k = referral(*k, est)
			k.RujukLanjut = pcare.NewRujukKhusus(hospitalAll, est, "XXX", "", "")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			k := baseVisit(p.NoKartu, "001")
			tt.edit(&k)
			_, err := c.AddKunjungan(ctx, k)
			wantField(t, err, pcare.KindBadReference, tt.field)
		})
	}
	_, err := c.AddTindakan(ctx, pcare.Tindakan{NoKunjungan: "x", KdTindakan: "01001"})
	wantField(t, err, pcare.KindValidation, "noKunjungan")
	no, err := c.AddKunjungan(ctx, baseVisit(p.NoKartu, "001"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.AddTindakan(ctx, pcare.Tindakan{NoKunjungan: no, KdTindakan: "99999"})
	wantField(t, err, pcare.KindBadReference, "kdTindakan")
	_, err = c.AddObat(ctx, pcare.Obat{NoKunjungan: no, ObatDPHO: true, KdObat: "000000000", JmlObat: 1})
	wantField(t, err, pcare.KindBadReference, "kdObat")
	if got := writeKinds(srv.Sim); !slices.Equal(got, []string{"pendaftaran", "kunjungan"}) {
		t.Fatalf("writes %v", got)
	}
}

// The shapes the real client refuses to send go out raw.
func TestReferralWithoutRujukLanjutIsTheJValueError(t *testing.T) {
	srv := startSim(t, Options{})
	c := newClient(t, srv.ClientConfig())
	p := one(t, srv.Sim, KindActiveHere)
	register(t, c, srv, p.NoKartu, "001")
	k := baseVisit(p.NoKartu, "001")
	k.KdStatusPulang = "4"
	k.KdDiag1 = diagSp
	body, _ := json.Marshal(k)
	est := today.AddDays(1).String()
	variants := map[string]string{
		"null rujukLanjut":   string(body),
		"missing":            strings.Replace(string(body), `"rujukLanjut":null,`, ``, 1),
		"scalar rujukLanjut": strings.Replace(string(body), `"rujukLanjut":null`, `"rujukLanjut":"0114R001"`, 1),
		"both nested null": strings.Replace(string(body), `"rujukLanjut":null`,
			`"rujukLanjut":{"kdppk":"0114R001","tglEstRujuk":"`+est+`","subSpesialis":null,"khusus":null}`, 1),
		"scalar subSpesialis": strings.Replace(string(body), `"rujukLanjut":null`,
			`"rujukLanjut":{"kdppk":"0114R001","tglEstRujuk":"`+est+`","subSpesialis":"3","khusus":null}`, 1),
	}
	for name, b := range variants {
		t.Run(name, func(t *testing.T) {
			res := raw(t, srv, "POST", "kunjungan/V1", b, nil)
			if res.status != 500 || res.code != 500 || res.message != "Cannot access child value on Newtonsoft.Json.Linq.JValue." {
				t.Fatalf("got %d %d %q", res.status, res.code, res.message)
			}
		})
	}
	if got := writeKinds(srv.Sim); !slices.Equal(got, []string{"pendaftaran"}) {
		t.Fatalf("writes %v", got)
	}
}

func TestTACCRules(t *testing.T) {
	srv := startSim(t, Options{})
	c := newClient(t, srv.ClientConfig())
	ctx := context.Background()
	est := today.AddDays(1)
	ps := srv.Participants(KindActiveHere, 6)
	for _, p := range ps {
		register(t, c, srv, p.NoKartu, "001")
	}
	nonSp := func(p ParticipantSummary) pcare.Kunjungan {
		k := referral(baseVisit(p.NoKartu, "001"), est)
		k.KdDiag1 = diagNonSp
		return k
	}

	_, err := c.AddKunjungan(ctx, nonSp(ps[0]))
	wantField(t, err, pcare.KindValidation, "kdTacc")

	// kdTacc 0 (old clients) and a missing kdTacc both mean "none".
	body, _ := json.Marshal(nonSp(ps[0]))
	for name, b := range map[string]string{
		"zero":    strings.Replace(string(body), `"kdTacc":-1`, `"kdTacc":0`, 1),
		"missing": strings.Replace(string(body), `"kdTacc":-1,`, ``, 1),
	} {
		res := raw(t, srv, "POST", "kunjungan/V1", b, nil)
		if res.status != 412 || !strings.Contains(string(res.payload), `"field":"kdTacc"`) {
			t.Fatalf("kdTacc %s: %d %s", name, res.status, res.payload)
		}
	}

	k := nonSp(ps[0])
	k.KdTacc, k.AlasanTacc = pcare.TaccTime, "< 3 Hari"
	if _, err := c.AddKunjungan(ctx, k); err != nil {
		t.Fatalf("with TACC: %v", err)
	}
	k = nonSp(ps[1])
	k.KdTacc, k.AlasanTacc = pcare.TaccAge, "tidak ada di daftar"
	_, err = c.AddKunjungan(ctx, k)
	wantField(t, err, pcare.KindValidation, "alasanTacc")
	k.KdTacc, k.AlasanTacc = pcare.TaccComplication, "A09 - Dehidrasi berat"
	if _, err := c.AddKunjungan(ctx, k); err != nil {
		t.Fatalf("complication: %v", err)
	}
	// A specialist diagnosis needs no TACC.
	if _, err := c.AddKunjungan(ctx, referral(baseVisit(ps[2].NoKartu, "001"), est)); err != nil {
		t.Fatalf("specialist referral: %v", err)
	}
	// Nor does a non-specialist diagnosis that is not referred.
	if _, err := c.AddKunjungan(ctx, baseVisit(ps[3].NoKartu, "001")); err != nil {
		t.Fatalf("berobat jalan: %v", err)
	}
	// "kdTacc":0 on a visit that is not a referral is fine, as for old clients.
	body, _ = json.Marshal(baseVisit(ps[4].NoKartu, "001"))
	res := raw(t, srv, "POST", "kunjungan/v1", strings.Replace(string(body), `"kdTacc":-1`, `"kdTacc":0`, 1), nil)
	if res.status != 201 {
		t.Fatalf("lowercase v1 with kdTacc 0: %d %s", res.status, res.payload)
	}
}

// Started for a given clinic (as the app's training mode does), the
// simulator is that clinic's PCare: its participants are registered at its
// PPK and its referrals carry its name.
func TestSimulatesTheGivenClinic(t *testing.T) {
	creds := DefaultCredentials()
	creds.PPK = "0301U001"
	srv := startSim(t, Options{Credentials: creds, ClinicName: "KLINIK PRATAMA MAWAR"})
	c := newClient(t, srv.ClientConfig())
	ctx := context.Background()
	p := srv.Participants(KindActiveHere, 1)[0]
	got, err := c.PesertaByNoKartu(ctx, p.NoKartu)
	if err != nil {
		t.Fatal(err)
	}
	if got.KdProviderPst == nil || got.KdProviderPst.KdProvider != "0301U001" || got.KdProviderPst.NmProvider != "KLINIK PRATAMA MAWAR" {
		t.Fatalf("participant registered at %+v", got.KdProviderPst)
	}
	register(t, c, srv, p.NoKartu, "001")
	v := referral(baseVisit(p.NoKartu, "001"), today.AddDays(3))
	v.RujukLanjut = pcare.NewRujukSubSpesialis("0301R001", today.AddDays(3), subInternis, "") // hospitals take the branch's prefix
	no, err := c.AddKunjungan(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	rj, err := c.Rujukan(ctx, no)
	if err != nil {
		t.Fatal(err)
	}
	if rj.PPK == nil || rj.PPK.KdPPK != "0301U001" || rj.PPK.NmPPK != "KLINIK PRATAMA MAWAR" || !strings.HasPrefix(no, "0301U001") {
		t.Fatalf("referral %s from %+v", no, rj.PPK)
	}
}

func TestRujukan(t *testing.T) {
	srv := startSim(t, Options{})
	c := newClient(t, srv.ClientConfig())
	ctx := context.Background()
	ps := srv.Participants(KindActiveHere, 5)
	for _, p := range ps {
		register(t, c, srv, p.NoKartu, "001")
	}
	est := today.AddDays(3)

	no, err := c.AddKunjungan(ctx, referral(baseVisit(ps[0].NoKartu, "001"), est))
	if err != nil {
		t.Fatal(err)
	}
	rj, err := c.Rujukan(ctx, no)
	if err != nil {
		t.Fatal(err)
	}
	if rj.NoRujukan != no || !rj.TglKunjungan.Equal(today) || !rj.TglEstRujuk.Equal(est) {
		t.Fatalf("rujukan %+v", rj)
	}
	if want := est.AddDays(89); !rj.TglAkhirRujuk.Equal(want) {
		t.Fatalf("tglAkhirRujuk %s, want %s (est + 89)", rj.TglAkhirRujuk, want)
	}
	if rj.PPK == nil || rj.PPK.KdPPK != srv.Credentials().PPK || rj.PPK.KC == nil || rj.PPK.KC.NmKC == "" ||
		rj.PPK.KC.Dati == nil || rj.PPK.KC.Dati.NmDati == "" || rj.PPK.KC.KdKR == nil || rj.PPK.KC.KdKR.NmKR == "" {
		t.Fatalf("ppk %+v", rj.PPK)
	}
	// The branch office and its region name the same city.
	if d := rj.PPK.KC.Dati; !strings.Contains(string(d.NmDati), string(rj.PPK.KC.NmKC)) {
		t.Fatalf("branch %q lies in %s %q", rj.PPK.KC.NmKC, d.KdDati, d.NmDati)
	}
	if rj.PPKRujuk == nil || rj.PPKRujuk.KdPPK != hospitalAll || rj.PPKRujuk.NmPPK == "" || rj.Jadwal == "" {
		t.Fatalf("ppkRujuk %+v jadwal %q", rj.PPKRujuk, rj.Jadwal)
	}
	if rj.Poli == nil || rj.Poli.KdPoli != "INT" || rj.Diag1 == nil || rj.Diag1.KdDiag != diagSp || rj.Diag1.NmDiag == "" ||
		rj.Dokter == nil || rj.Dokter.NmDokter == "" || rj.NokaPst != ps[0].NoKartu || rj.NmPst != ps[0].Nama ||
		rj.TglLahir.IsZero() || rj.Sex == "" || rj.Pisa == "" || rj.Tacc == nil || rj.Tacc.NmTacc != "Tanpa TACC" {
		t.Fatalf("rujukan %+v", rj)
	}
	hist, _ := c.RiwayatKunjungan(ctx, ps[0].NoKartu)
	if h := hist.List[0]; h.ProviderRujukLanjut == nil || h.ProviderRujukLanjut.KdProvider != hospitalAll || h.PoliRujukLanjut == nil {
		t.Fatalf("history of a referral %+v", h)
	}

	// Special-case referrals: HDL without, THA with a sub-specialist.
	k := referral(baseVisit(ps[1].NoKartu, "001"), est)
	k.KdDiag1 = "N18.5"
	k.RujukLanjut = pcare.NewRujukKhusus(hospitalAll, est, "HDL", "", "cuci darah rutin")
	no2, err := c.AddKunjungan(ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	rj2, err := c.Rujukan(ctx, no2)
	if err != nil || rj2.Poli.KdPoli != "HDL" || rj2.Catatan != "cuci darah rutin" {
		t.Fatalf("khusus rujukan %+v %v", rj2, err)
	}
	k = referral(baseVisit(ps[2].NoKartu, "001"), est)
	k.KdDiag1 = "D56.1"
	k.RujukLanjut = pcare.NewRujukKhusus(hospitalAll, est, "THA", "", "")
	_, err = c.AddKunjungan(ctx, k)
	wantField(t, err, pcare.KindValidation, "kdSubSpesialis")
	k.RujukLanjut = pcare.NewRujukKhusus(hospitalAll, est, "THA", "6", "transfusi")
	if _, err := c.AddKunjungan(ctx, k); err != nil {
		t.Fatal(err)
	}
	// A planned date before the visit is refused.
	_, err = c.AddKunjungan(ctx, referral(baseVisit(ps[3].NoKartu, "001"), today.AddDays(-1)))
	wantField(t, err, pcare.KindValidation, "tglEstRujuk")

	// A visit that is not a referral has no rujukan.
	plain, err := c.AddKunjungan(ctx, baseVisit(ps[4].NoKartu, "001"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Rujukan(ctx, plain)
	wantKind(t, err, pcare.KindNotFound)
	_, err = c.Rujukan(ctx, "0114U1631126Y999999")
	wantKind(t, err, pcare.KindNotFound)

	// Visit numbers run on within the month.
	for i, n := range []string{no, no2} {
		if !noKunjunganRE.MatchString(n) || !strings.HasSuffix(n, []string{"000001", "000002"}[i]) {
			t.Fatalf("visit %d number %q", i, n)
		}
	}
}
