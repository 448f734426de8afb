package claims_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
	"fktpdesk/pcare"
	"fktpdesk/pcare/pcaresim"
	"fktpdesk/referral"
	"fktpdesk/sqlite"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// fill stores registrations (one per participant), a visit for each — one
// in ten a referral — and a procedure for every second visit, straight
// into the store as the desk and the doctor would, with their outbox items.
// It returns how many records it queued.
func fill(t testing.TB, db *sqlite.DB, central pcare.Central, sim *pcaresim.Server, participants int) int {
	t.Helper()
	ctx := context.Background()
	ps := sim.Participants(pcaresim.KindActiveHere, participants)
	if len(ps) < participants {
		t.Fatalf("simulator has %d active participants, want %d", len(ps), participants)
	}
	docs, err := central.Doctors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	procs, err := central.Procedures(ctx, clinic.TKPOutpatient)
	if err != nil {
		t.Fatal(err)
	}
	today := db.Now()
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	ref := referral.Referral{Kind: referral.Special, SpecialCode: "HDL", SpecialName: "Hemodialisa", PlannedDate: day.AddDate(0, 0, 1)}
	hs, err := central.Hospitals(ctx, ref, ps[0].NoKartu)
	if err != nil || len(hs) == 0 {
		t.Fatalf("hospitals %v", err)
	}
	ref.HospitalCode, ref.HospitalName = hs[0].Code, hs[0].Name

	records := 0
	for i, p := range ps {
		id, err := db.SaveEligibility(ctx, clinic.Eligibility{CheckedAt: today, Verified: true,
			Participant: clinic.Participant{CardNo: p.NoKartu, NIK: p.NoKTP, Name: p.Nama, Active: true, ProviderCode: pcaresim.DefaultCredentials().PPK}})
		if err != nil {
			t.Fatal(err)
		}
		reg := clinic.Registration{PatientID: id, CardNo: p.NoKartu, ProviderCode: pcaresim.DefaultCredentials().PPK,
			Date: day, PoliCode: "001", PoliName: "POLI UMUM", Sick: true, TKP: clinic.TKPOutpatient}
		if err := db.AddRegistration(ctx, &reg); err != nil {
			t.Fatal(err)
		}
		v := clinic.Visit{RegistrationID: reg.ID, CardNo: p.NoKartu, PoliCode: "001", Date: day, Anamnesis: "Batuk pilek",
			Consciousness: "01", Prognosis: "02", DoctorCode: docs[i%len(docs)].Code, DischargeStatus: clinic.DischargeOutpatient,
			DischargeDate: day, Diagnoses: []clinic.Diagnosis{{Code: "J06.9"}}, AllergyFood: "00", AllergyAir: "00", AllergyDrug: "00"}
		if i%10 == 0 {
			r := ref
			v.DischargeStatus, v.Diagnoses, v.Referral = clinic.DischargeReferral, []clinic.Diagnosis{{Code: "N18.5"}}, &r
		}
		if i%2 == 0 {
			pr := procs[i%len(procs)]
			v.Procedures = []clinic.Procedure{{Code: pr.Code, Name: pr.Name, Fee: min(pr.MaxFee, 25000)}}
		}
		if err := db.AddVisit(ctx, &v); err != nil {
			t.Fatal(err)
		}
		records += 2 + len(v.Procedures)
	}
	return records
}

// drain runs the worker until every item is sent or the deadline passes.
func drain(t testing.TB, ctx context.Context, db *sqlite.DB, w *claims.Worker, total int) {
	t.Helper()
	for {
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		c, err := db.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c[clinic.SyncSent] == total {
			return
		}
		if c[clinic.SyncCorrection] > 0 {
			items, _ := db.Items(ctx, clinic.SyncCorrection, 5)
			t.Fatalf("items need correction: %+v", items)
		}
		select {
		case <-ctx.Done():
			t.Fatalf("not all sent before the deadline: %v", c)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// checkExactlyOnce compares the simulator's write log with the store: each
// local record reached PCare exactly once, under the number PCare gave.
func checkExactlyOnce(t testing.TB, ctx context.Context, db *sqlite.DB, sim *pcaresim.Server, participants, records int) {
	t.Helper()
	perKind := map[string]map[string]int{}
	for _, w := range sim.Writes() {
		if perKind[w.Kind] == nil {
			perKind[w.Kind] = map[string]int{}
		}
		key := w.Remote
		if w.Kind == "pendaftaran" || w.Kind == "kunjungan" {
			key = w.NoKartu // one registration and one visit per participant
		}
		perKind[w.Kind][key]++
	}
	dupes := 0
	writes := 0
	for kind, m := range perKind {
		for k, n := range m {
			writes += n
			if n != 1 {
				dupes++
				if dupes < 5 {
					t.Errorf("%s %s reached PCare %d times", kind, k, n)
				}
			}
		}
	}
	if writes != records {
		t.Errorf("PCare has %d writes, the clinic queued %d records (%d duplicated keys)", writes, records, dupes)
	}
	if len(perKind["pendaftaran"]) != participants || len(perKind["kunjungan"]) != participants {
		t.Errorf("PCare has %d registrations and %d visits for %d participants", len(perKind["pendaftaran"]), len(perKind["kunjungan"]), participants)
	}
	// Every local number is one PCare handed out.
	items, err := db.Items(ctx, clinic.SyncSent, records+10)
	if err != nil {
		t.Fatal(err)
	}
	remotes := map[string]bool{}
	for _, w := range sim.Writes() {
		remotes[w.Kind+"/"+w.Remote] = true
	}
	for _, it := range items {
		if !remotes[it.Kind+"/"+it.Remote] {
			t.Fatalf("item %d (%s) holds %q, which PCare never gave", it.ID, it.Kind, it.Remote)
		}
	}
}

// TestTenThousandRecordsExactlyOnceUnderFaults is the claims issue's proof:
// 10,000 records sent while PCare fails 10% of requests with 5xx, drops 5%
// of answers after committing the write, answers with latency and jitter,
// and is down for 30 seconds in the middle. PCare's write log must then
// show every record exactly once, and nothing missing.
func TestTenThousandRecordsExactlyOnceUnderFaults(t *testing.T) {
	if testing.Short() {
		t.Log("-short: running 1,000 records instead of 10,000, with a 3-second outage")
	}
	participants, outage := 4000, 30*time.Second
	if testing.Short() {
		participants, outage = 400, 3*time.Second
	}
	sim, err := pcaresim.Start("127.0.0.1:0", pcaresim.Options{Seed: 11, Participants: participants * 2})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	client, err := pcare.New(sim.ClientConfig(), pcare.WithLogger(quiet), pcare.WithReadRetries(2, 20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	central := pcare.Central{C: client}
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "fktp.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	records := fill(t, db, central, sim, participants)
	t.Logf("queued %d records in %v", records, time.Since(start).Round(time.Millisecond))

	sim.SetFaults(pcaresim.Faults{LatencyMS: 2, JitterMS: 4, Seed: 5,
		ErrorRates: map[int]float64{500: 0.05, 503: 0.05}, DropAfterCommitRate: 0.05})
	w := &claims.Worker{Outbox: db, Records: db, Central: central, Visits: db, VisitCentral: central, Log: quiet,
		Concurrency: 4, RatePerSecond: 2000, BaseBackoff: 100 * time.Millisecond, MaxBackoff: 2 * time.Second,
		BreakerThreshold: 5, BreakerCooldown: time.Second}

	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	// The outage begins once a third of the work is done.
	go func() {
		for ctx.Err() == nil {
			c, _ := db.Counts(ctx)
			if c[clinic.SyncSent] >= records/3 {
				f := sim.Faults()
				f.Outage, f.OutageForMS = true, outage.Milliseconds()
				sim.SetFaults(f)
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	start = time.Now()
	drain(t, ctx, db, w, records)
	t.Logf("sent %d records in %v", records, time.Since(start).Round(time.Millisecond))
	checkExactlyOnce(t, ctx, db, sim, participants, records)
	if records < 1000 {
		t.Fatalf("only %d records queued", records)
	}
	if !testing.Short() && records != 10000 {
		t.Fatalf("queued %d records, want 10,000", records)
	}
}
