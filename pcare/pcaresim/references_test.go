package pcaresim

import (
	"context"
	"slices"
	"testing"

	"fktpdesk/pcare"
)

func TestReferenceLists(t *testing.T) {
	srv := startSim(t, Options{})
	c := newClient(t, srv.ClientConfig())
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	t.Run("diagnosa", func(t *testing.T) {
		l, err := c.Diagnosa(ctx, "A09", 0, 10)
		must(err)
		if l.Count != 3 || l.List[0].KdDiag != "A09" || !bool(l.List[0].NonSpesialis) || l.List[0].NmDiag == "" {
			t.Fatalf("A09: %+v", l)
		}
		l, err = c.Diagnosa(ctx, "i21", 0, 10)
		must(err)
		if l.Count == 0 || l.List[0].KdDiag != "I21" || bool(l.List[0].NonSpesialis) {
			t.Fatalf("code prefix, case-insensitive: %+v", l)
		}
		for _, kw := range []string{"typhoid fever", "demam tifoid", "DEMAM TIFOID"} {
			l, err = c.Diagnosa(ctx, kw, 0, 10)
			must(err)
			if !slices.ContainsFunc(l.List, func(d pcare.Diagnosa) bool { return d.KdDiag == "A01.0" }) {
				t.Fatalf("%q does not find A01.0: %+v", kw, l)
			}
		}
		p1, err := c.Diagnosa(ctx, "A0", 0, 5)
		must(err)
		p2, err := c.Diagnosa(ctx, "A0", 5, 5)
		must(err)
		past, err := c.Diagnosa(ctx, "A0", 10000, 5)
		must(err)
		if p1.Count != p2.Count || p1.Count < 10 || len(p1.List) != 5 || len(p2.List) != 5 ||
			p1.List[4].KdDiag == p2.List[0].KdDiag || len(past.List) != 0 {
			t.Fatalf("paging: %+v / %+v / %+v", p1, p2, past)
		}
		none, err := c.Diagnosa(ctx, "qqqqzzz", 0, 5)
		if err != nil || none.Count != 0 {
			t.Fatalf("no match: %+v %v", none, err)
		}
	})
	t.Run("dokter", func(t *testing.T) {
		all, err := c.Dokter(ctx, 0, 100)
		must(err)
		page, err := c.Dokter(ctx, 2, 2)
		must(err)
		if all.Count < 5 || len(page.List) != 2 || page.List[0] != all.List[2] {
			t.Fatalf("%+v / %+v", all, page)
		}
	})
	t.Run("small lists", func(t *testing.T) {
		k, err := c.Kesadaran(ctx)
		must(err)
		p, err := c.Prognosa(ctx)
		must(err)
		if k.Count != 4 || p.Count != 5 || p.List[0].KdPrognosa != "01" {
			t.Fatalf("%+v %+v", k, p)
		}
		for jenis, n := range map[string]int{pcare.AlergiMakanan: 6, pcare.AlergiUdara: 4, pcare.AlergiObat: 8} {
			a, err := c.Alergi(ctx, jenis)
			must(err)
			if int(a.Count) != n || a.List[0].KdAlergi != "00" {
				t.Fatalf("alergi %s: %+v", jenis, a)
			}
		}
		_, err = c.Alergi(ctx, "09")
		wantKind(t, err, pcare.KindBadReference)
	})
	t.Run("statuspulang", func(t *testing.T) {
		codes := func(inap bool) []string {
			l, err := c.StatusPulang(ctx, inap)
			must(err)
			var out []string
			for _, s := range l.List {
				out = append(out, s.KdStatusPulang)
			}
			return out
		}
		if got := codes(false); !slices.Equal(got, []string{"1", "3", "4", "6"}) {
			t.Errorf("rawat jalan %v", got)
		}
		if got := codes(true); !slices.Equal(got, []string{"0", "1", "2", "4", "6", "9"}) {
			t.Errorf("rawat inap %v", got)
		}
	})
	t.Run("poli and provider", func(t *testing.T) {
		poli, err := c.PoliFKTP(ctx, 0, 100)
		must(err)
		if poli.Count < 3 || poli.List[0].KdPoli != "001" || poli.List[1].KdPoli != "002" || poli.List[2].NmPoli != "POLI KIA" {
			t.Fatalf("%+v", poli)
		}
		page, err := c.PoliFKTP(ctx, 1, 1)
		must(err)
		if len(page.List) != 1 || page.List[0].KdPoli != "002" {
			t.Fatalf("start is a 0-based offset: %+v", page)
		}
		prov, err := c.Provider(ctx, 0, 100)
		must(err)
		if prov.Count < 5 || prov.List[0].KdProvider != srv.Credentials().PPK {
			t.Fatalf("%+v", prov)
		}
	})
	t.Run("spesialis", func(t *testing.T) {
		sp, err := c.Spesialis(ctx)
		must(err)
		sub, err := c.SubSpesialis(ctx, "INT")
		must(err)
		sar, err := c.Sarana(ctx)
		must(err)
		kh, err := c.Khusus(ctx)
		must(err)
		if sp.Count < 10 || sub.Count < 2 || sub.List[0].KdPoliRujuk != "INT" || sar.Count < 3 {
			t.Fatalf("%+v %+v %+v", sp, sub, sar)
		}
		for _, kd := range []string{"HDL", "THA", "HEM", "JIW", "KLT", "PAR", "KEM", "RAT", "HIV", "IGD"} {
			if !slices.ContainsFunc(kh.List, func(k pcare.Khusus) bool { return k.KdKhusus == kd }) {
				t.Errorf("khusus %s missing", kd)
			}
		}
		_, err = c.SubSpesialis(ctx, "XXX")
		wantKind(t, err, pcare.KindBadReference)
	})
	t.Run("faskes rujukan", func(t *testing.T) {
		est := today.AddDays(2)
		a, err := c.FaskesRujukanSubSpesialis(ctx, subInternis, "", est)
		must(err)
		again, err := c.FaskesRujukanSubSpesialis(ctx, subInternis, "", est)
		must(err)
		if a.Count < 2 || !slices.Equal(a.List, again.List) {
			t.Fatalf("not deterministic: %+v / %+v", a, again)
		}
		for _, f := range a.List {
			if f.KdPPK == "" || f.NmPPK == "" || f.Kapasitas <= 0 || f.JmlRujuk > f.Kapasitas || f.Jadwal == "" || f.Kelas == "" {
				t.Fatalf("faskes %+v", f)
			}
		}
		varies := false
		for d := 3; d < 10 && !varies; d++ {
			other, err := c.FaskesRujukanSubSpesialis(ctx, subInternis, "", today.AddDays(d))
			must(err)
			varies = !slices.Equal(a.List, other.List)
		}
		if !varies {
			t.Error("capacity does not vary with the date")
		}
		withSarana, err := c.FaskesRujukanSubSpesialis(ctx, subInternis, "8", est)
		must(err)
		if withSarana.Count == 0 || withSarana.Count >= a.Count {
			t.Fatalf("sarana does not narrow the list: %d vs %d", withSarana.Count, a.Count)
		}
		_, err = c.FaskesRujukanSubSpesialis(ctx, "999", "", est)
		wantKind(t, err, pcare.KindBadReference)
		_, err = c.FaskesRujukanSubSpesialis(ctx, subInternis, "", today.AddDays(-1))
		wantKind(t, err, pcare.KindValidation)

		noKartu := one(t, srv.Sim, KindActiveHere).NoKartu
		hdl, err := c.FaskesRujukanKhusus(ctx, "HDL", "", noKartu, est)
		must(err)
		tha, err := c.FaskesRujukanKhusus(ctx, "THA", "6", noKartu, est)
		must(err)
		if hdl.Count == 0 || tha.Count == 0 {
			t.Fatalf("khusus lists %+v %+v", hdl, tha)
		}
		_, err = c.FaskesRujukanKhusus(ctx, "THA", "", noKartu, est)
		wantField(t, err, pcare.KindValidation, "kdSubSpesialis")
		_, err = c.FaskesRujukanKhusus(ctx, "HDL", "6", noKartu, est)
		wantField(t, err, pcare.KindValidation, "kdSubSpesialis")
		_, err = c.FaskesRujukanKhusus(ctx, "ZZZ", "", noKartu, est)
		wantKind(t, err, pcare.KindBadReference)
	})
	t.Run("tindakan and obat", func(t *testing.T) {
		rj, err := c.TindakanRef(ctx, pcare.TkpRawatJalan, 0, 100)
		must(err)
		ri, err := c.TindakanRef(ctx, pcare.TkpRawatInap, 0, 100)
		must(err)
		pr, err := c.TindakanRef(ctx, pcare.TkpPromotif, 0, 2)
		must(err)
		has := func(l pcare.List[pcare.TindakanRef], name string) bool {
			return slices.ContainsFunc(l.List, func(x pcare.TindakanRef) bool { return x.NmTindakan == name && x.MaxTarif > 0 })
		}
		if !has(rj, "ANC") || !has(rj, "PNC") || !has(rj, "Ambulans") || !has(ri, "Paket Persalinan Per Vaginam Normal") {
			t.Fatalf("non-capitation procedures missing: %+v %+v", rj, ri)
		}
		if len(pr.List) != 2 || pr.Count <= 2 {
			t.Fatalf("paging %+v", pr)
		}
		_, err = c.TindakanRef(ctx, "99", 0, 10)
		wantKind(t, err, pcare.KindBadReference)
		o, err := c.ObatDPHO(ctx, "parasetamol", 0, 10)
		must(err)
		if o.Count < 2 || o.List[0].Sedia <= 0 {
			t.Fatalf("%+v", o)
		}
		o, err = c.ObatDPHO(ctx, "1608", 0, 10)
		must(err)
		if o.Count != 2 {
			t.Fatalf("by code prefix %+v", o)
		}
	})
}
