package pcaresim

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fktpdesk/pcare"
)

func TestStateSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sim-state.jsonl")
	ctx := context.Background()

	srv := startSim(t, Options{StatePath: path})
	c := newClient(t, srv.ClientConfig())
	ps := srv.Participants(KindActiveHere, 4)
	register(t, c, srv, ps[0].NoKartu, "001") // A1
	register(t, c, srv, ps[1].NoKartu, "001") // A2
	register(t, c, srv, ps[2].NoKartu, "001") // A3, deleted below
	no, err := c.AddKunjungan(ctx, baseVisit(ps[0].NoKartu, "001"))
	if err != nil {
		t.Fatal(err)
	}
	sk, err := c.AddTindakan(ctx, pcare.Tindakan{NoKunjungan: no, KdTindakan: "01003"})
	if err != nil {
		t.Fatal(err)
	}
	osk, err := c.AddObat(ctx, pcare.Obat{NoKunjungan: no, ObatDPHO: true, KdObat: "160400001", JmlObat: 10})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeletePendaftaran(ctx, ps[2].NoKartu, today, "A3", "001"); err != nil {
		t.Fatal(err)
	}
	before := srv.Writes()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}

	srv = startSim(t, Options{StatePath: path})
	c = newClient(t, srv.ClientConfig())
	after := srv.Writes()
	if !slices.EqualFunc(before, after, func(a, b Write) bool {
		return a.Kind == b.Kind && a.NoKartu == b.NoKartu && a.TglDaftar == b.TglDaftar &&
			a.KdPoli == b.KdPoli && a.Remote == b.Remote && a.At.Equal(b.At)
	}) {
		t.Fatalf("write log changed across the restart:\n%+v\n%+v", before, after)
	}
	l, err := c.ListPendaftaran(ctx, today, 0, 10)
	if err != nil || l.Count != 2 || l.List[0].NoUrut != "A1" || l.List[1].NoUrut != "A2" {
		t.Fatalf("registrations after restart %+v %v", l, err)
	}
	hist, err := c.RiwayatKunjungan(ctx, ps[0].NoKartu)
	if err != nil || hist.Count != 1 || hist.List[0].NoKunjungan != no {
		t.Fatalf("visits after restart %+v %v", hist, err)
	}
	if tl, _ := c.ListTindakan(ctx, no); tl.Count != 1 || strconv.Itoa(int(tl.List[0].KdTindakanSK)) != sk {
		t.Fatalf("tindakan after restart %+v", tl)
	}
	if ol, _ := c.ListObat(ctx, no); ol.Count != 1 {
		t.Fatalf("obat after restart %+v", ol)
	}
	// The visit still holds its registration, and the deleted one stays deleted.
	wantField(t, c.DeletePendaftaran(ctx, ps[0].NoKartu, today, "A1", "001"), pcare.KindValidation, "noUrut")
	res := raw(t, srv, "DELETE", "pendaftaran/peserta/"+ps[2].NoKartu+"/tglDaftar/"+todayText+"/noUrut/A3/kdPoli/001", "", nil)
	if res.code != 304 {
		t.Fatalf("deleted registration after restart: %d", res.code)
	}

	// Numbering continues; nothing is handed out twice.
	if got := register(t, c, srv, ps[3].NoKartu, "001"); got != "A4" {
		t.Fatalf("noUrut after restart %q, want A4", got)
	}
	no2, err := c.AddKunjungan(ctx, baseVisit(ps[3].NoKartu, "001"))
	if err != nil || !strings.HasSuffix(no2, "000002") {
		t.Fatalf("noKunjungan after restart %q %v", no2, err)
	}
	sk2, _ := c.AddTindakan(ctx, pcare.Tindakan{NoKunjungan: no2, KdTindakan: "01003"})
	osk2, _ := c.AddObat(ctx, pcare.Obat{NoKunjungan: no2, ObatDPHO: true, KdObat: "160400001", JmlObat: 10})
	if sk2 == sk || osk2 == osk || sk2 != "2" || osk2 != "2" {
		t.Fatalf("SK numbers reused: %s/%s, %s/%s", sk, sk2, osk, osk2)
	}
}

func TestJournalToleratesATornLastLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.jsonl")
	srv := startSim(t, Options{StatePath: path})
	c := newClient(t, srv.ClientConfig())
	register(t, c, srv, one(t, srv.Sim, KindActiveHere).NoKartu, "001")
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	// What a kill -9 in the middle of an append leaves behind.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"op":"reg","reg":{"noUrut":"A2","se`)
	f.Close()

	srv = startSim(t, Options{StatePath: path})
	c = newClient(t, srv.ClientConfig())
	if n := len(srv.Writes()); n != 1 {
		t.Fatalf("%d writes after replay, want 1", n)
	}
	if got := register(t, c, srv, nth(t, srv.Sim, KindActiveHere, 1).NoKartu, "001"); got != "A2" {
		t.Fatalf("noUrut %q", got)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	// The torn line was cut, so the file is whole again.
	srv = startSim(t, Options{StatePath: path})
	if n := len(srv.Writes()); n != 2 {
		t.Fatalf("%d writes after the second replay, want 2", n)
	}
	srv.Close()

	// Damage before the end is not silently skipped.
	b, _ := os.ReadFile(path)
	os.WriteFile(path, append([]byte("garbage\n"), b...), 0o644)
	if _, err := New(Options{StatePath: path}); err == nil {
		t.Fatal("a corrupt journal was accepted")
	}
}

func TestResetEmptiesTheJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.jsonl")
	srv := startSim(t, Options{StatePath: path})
	c := newClient(t, srv.ClientConfig())
	register(t, c, srv, one(t, srv.Sim, KindActiveHere).NoKartu, "001")
	if err := srv.Reset(); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	srv = startSim(t, Options{StatePath: path})
	if n := len(srv.Writes()); n != 0 {
		t.Fatalf("%d writes after reset and restart", n)
	}
}

// BenchmarkJournalledWrite measures a pendaftaran with the journal on
// (one append and fsync each), server side only.
func BenchmarkJournalledWrite(b *testing.B) {
	s, err := New(Options{StatePath: filepath.Join(b.TempDir(), "state.jsonl"), Now: func() time.Time { return fixedNow }})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	noKartu := s.Participants(KindActiveHere, 1)[0].NoKartu
	body := []byte(`{"kdProviderPeserta":"0114U163","tglDaftar":"` + todayText + `","noKartu":"` + noKartu + `","kdPoli":"001","kdTkp":"10"}`)
	b.ResetTimer()
	for b.Loop() {
		if rep := s.addPendaftaran(nil, body); rep.code != 201 {
			b.Fatalf("%+v", rep)
		}
	}
}
