package claims_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"fktpdesk/claims"
	"fktpdesk/pcare"
	"fktpdesk/pcare/pcaresim"
	"fktpdesk/sqlite"
)

// BenchmarkOutboxThroughput sends registrations and visits to a PCare that
// takes 200 ms per request, with 4 requests in flight: the ideal is 20
// items/s. It reports items/s and the share of that ideal (goal ≥ 90%).
func BenchmarkOutboxThroughput(b *testing.B) {
	const latency = 200 * time.Millisecond
	const concurrency = 4
	sim, err := pcaresim.Start("127.0.0.1:0", pcaresim.Options{Seed: 3, Participants: 1000})
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	client, _ := pcare.New(sim.ClientConfig(), pcare.WithLogger(quiet))
	central := pcare.Central{C: client}
	var items, dur float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		sim.SetFaults(pcaresim.Faults{})
		db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "fktp.db"))
		if err != nil {
			b.Fatal(err)
		}
		n := fill(b, db, central, sim, 120) // 120 registrations, 120 visits, 60 procedures
		sim.SetFaults(pcaresim.Faults{LatencyMS: int(latency / time.Millisecond)})
		w := &claims.Worker{Outbox: db, Records: db, Central: central, Visits: db, VisitCentral: central,
			Log: quiet, Concurrency: concurrency, RatePerSecond: 1000}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		b.StartTimer()
		start := time.Now()
		drain(b, ctx, db, w, n)
		d := time.Since(start)
		b.StopTimer()
		cancel()
		db.Close()
		sim.Reset()
		items += float64(n)
		dur += d.Seconds()
	}
	rate := items / dur
	ideal := float64(concurrency) / latency.Seconds()
	b.ReportMetric(rate, "items/s")
	b.ReportMetric(100*rate/ideal, "%ideal")
}
