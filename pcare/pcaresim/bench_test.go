package pcaresim

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"fktpdesk/pcare"
)

// BenchmarkPesertaRoundTrip is the simulator's throughput over loopback
// through the real client: headers, signature, encryption and LZ
// compression on both sides. Goal: at least 2,000 requests/s on two cores.
//
//	go test -run XXX -bench PesertaRoundTrip -benchtime 5s ./pcare/pcaresim/
func BenchmarkPesertaRoundTrip(b *testing.B) {
	srv, err := Start("127.0.0.1:0", Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	c, err := pcare.New(srv.ClientConfig(), pcare.WithLogger(discard))
	if err != nil {
		b.Fatal(err)
	}
	cards := srv.Participants("", 500)
	b.SetParallelism(4) // 8 client goroutines on two cores, like a busy clinic LAN
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := c.PesertaByNoKartu(context.Background(), cards[i%len(cards)].NoKartu); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}

// BenchmarkSimHandlerPeserta is the server side alone: auth check, lookup,
// encryption and compression, into a recorder.
func BenchmarkSimHandlerPeserta(b *testing.B) {
	now := time.Now()
	s, err := New(Options{Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	c := s.Credentials()
	ts := strconv.FormatInt(now.Unix(), 10)
	req := httptest.NewRequest(http.MethodGet, "/pcare-rest/peserta/"+s.Participants(KindActiveHere, 1)[0].NoKartu, nil)
	req.Header.Set("X-cons-id", c.ConsID)
	req.Header.Set("X-timestamp", ts)
	req.Header.Set("X-signature", pcare.Signature(c.ConsID, c.ConsSecret, ts))
	req.Header.Set("X-authorization", pcare.Authorization(c.Username, c.Password, c.KdAplikasi))
	req.Header.Set("user_key", c.UserKey)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}
