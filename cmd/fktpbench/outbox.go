package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
	"fktpdesk/pcare"
	"fktpdesk/pcare/pcaresim"
	"fktpdesk/sqlite"
)

// Outbox settings: PCare's latency and the worker's requests in flight set
// the ideal rate, concurrency / latency = 20 items/s.
const (
	outboxLatency     = 200 * time.Millisecond
	outboxConcurrency = 4
	outboxPatients    = 120 // 120 registrations, 120 visits, 60 procedures
	outboxRuns        = 3
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// runOutbox queues registrations, visits and procedures (each waiting for
// the one before it) in a fresh database, then lets the worker send them to
// the simulator at 200 ms a request and 4 in flight. The simulator's write
// log must hold each record exactly once.
func runOutbox(ctx context.Context, _ []string) ([]result, error) {
	sim, err := pcaresim.Start("127.0.0.1:0", pcaresim.Options{Seed: 3, Participants: 1000, Logger: quiet})
	if err != nil {
		return nil, err
	}
	defer sim.Close()
	client, err := pcare.New(sim.ClientConfig(), pcare.WithLogger(quiet))
	if err != nil {
		return nil, err
	}
	central := pcare.Central{C: client}
	dir, err := os.MkdirTemp("", "fktpbench-outbox-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)

	var rates []float64
	var items, dupes, missing int
	for run := range outboxRuns {
		sim.SetFaults(pcaresim.Faults{})
		if err := sim.Reset(); err != nil {
			return nil, err
		}
		db, err := sqlite.Open(ctx, filepath.Join(dir, fmt.Sprintf("run%d.db", run)))
		if err != nil {
			return nil, err
		}
		n, err := fillOutbox(ctx, db, central, sim)
		if err != nil {
			db.Close()
			return nil, err
		}
		sim.SetFaults(pcaresim.Faults{LatencyMS: int(outboxLatency / time.Millisecond)})
		w := &claims.Worker{Outbox: db, Records: db, Central: central, Visits: db, VisitCentral: central,
			Log: quiet, Concurrency: outboxConcurrency, RatePerSecond: 1000}
		start := time.Now()
		err = drainOutbox(ctx, db, w, n)
		d := time.Since(start)
		db.Close()
		if err != nil {
			return nil, err
		}
		rates = append(rates, float64(n)/d.Seconds())
		items = n
		dup, miss := duplicates(sim.Writes(), n)
		dupes += dup
		missing += miss
	}
	ideal := float64(outboxConcurrency) / outboxLatency.Seconds()
	pct := make([]float64, len(rates))
	for i, r := range rates {
		pct[i] = 100 * r / ideal
	}
	detail := fmt.Sprintf("%d items a run, %.1f items/s (ideal %.0f)", items, median(append([]float64(nil), rates...)), ideal)
	return []result{
		timed("outbox.ideal_pct", "%", pct, detail),
		{ID: "outbox.duplicates", Value: float64(dupes), Unit: "", Detail: fmt.Sprintf("over %d runs; %d records missing at PCare", outboxRuns, missing)},
	}, nil
}

// fillOutbox registers and examines one participant after another, a
// procedure on every other visit, as the desk and the doctor would.
func fillOutbox(ctx context.Context, db *sqlite.DB, central pcare.Central, sim *pcaresim.Server) (int, error) {
	ps := sim.Participants(pcaresim.KindActiveHere, outboxPatients)
	if len(ps) < outboxPatients {
		return 0, fmt.Errorf("simulator has %d active participants, want %d", len(ps), outboxPatients)
	}
	docs, err := central.Doctors(ctx)
	if err != nil {
		return 0, err
	}
	procs, err := central.Procedures(ctx, clinic.TKPOutpatient)
	if err != nil {
		return 0, err
	}
	now := time.Now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	ppk := sim.ClientConfig().PPK
	records := 0
	for i, p := range ps {
		id, err := db.SaveEligibility(ctx, clinic.Eligibility{CheckedAt: now, Verified: true,
			Participant: clinic.Participant{CardNo: p.NoKartu, NIK: p.NoKTP, Name: p.Nama, Active: true, ProviderCode: ppk}})
		if err != nil {
			return 0, err
		}
		reg := clinic.Registration{PatientID: id, CardNo: p.NoKartu, ProviderCode: ppk, Date: today, PoliCode: "001",
			PoliName: "POLI UMUM", Sick: true, TKP: clinic.TKPOutpatient}
		if err := db.AddRegistration(ctx, &reg); err != nil {
			return 0, err
		}
		v := clinic.Visit{RegistrationID: reg.ID, CardNo: p.NoKartu, PoliCode: "001", Date: today, Anamnesis: "Batuk pilek",
			Consciousness: "01", Prognosis: "02", DoctorCode: docs[i%len(docs)].Code, DischargeStatus: clinic.DischargeOutpatient,
			DischargeDate: today, Diagnoses: []clinic.Diagnosis{{Code: "J06.9"}}, AllergyFood: "00", AllergyAir: "00", AllergyDrug: "00"}
		if i%2 == 0 {
			pr := procs[i%len(procs)]
			v.Procedures = []clinic.Procedure{{Code: pr.Code, Name: pr.Name, Fee: min(pr.MaxFee, 25000)}}
		}
		if err := db.AddVisit(ctx, &v); err != nil {
			return 0, err
		}
		records += 2 + len(v.Procedures)
	}
	return records, nil
}

// drainOutbox runs worker passes until every item is sent.
func drainOutbox(ctx context.Context, db *sqlite.DB, w *claims.Worker, total int) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	for {
		if _, err := w.RunOnce(ctx); err != nil {
			return err
		}
		c, err := db.Counts(ctx)
		if err != nil {
			return err
		}
		if c[clinic.SyncSent] == total {
			return nil
		}
		if c[clinic.SyncCorrection] > 0 {
			return fmt.Errorf("items need correction: %v", c)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("not all sent in time: %v", c)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// duplicates counts the records PCare's write log holds more than once,
// and how many of the expected writes are missing from it.
func duplicates(ws []pcaresim.Write, records int) (dupes, missing int) {
	seen := map[string]int{}
	for _, w := range ws {
		key := w.Kind + " " + w.Remote
		if w.Kind == "pendaftaran" || w.Kind == "kunjungan" {
			key = w.Kind + " " + w.NoKartu // one of each per participant
		}
		seen[key]++
	}
	for _, n := range seen {
		if n > 1 {
			dupes += n - 1
		}
	}
	return dupes, max(0, records-len(seen))
}
