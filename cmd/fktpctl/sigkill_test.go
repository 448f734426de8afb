//go:build unix

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"fktpdesk/clinic"
	"fktpdesk/pcare/pcaresim"
	"fktpdesk/sqlite"
)

// buildCtl builds this command into a temporary folder: the kill must hit a
// real process, as it would when a clinic PC loses power mid-sync.
func buildCtl(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "fktpctl")
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestSyncKilledMidBatchStillExactlyOnce kills `fktpctl sync` with SIGKILL
// twice while it sends, then lets it finish: items left "sending" by the
// kill are reconciled with PCare, so every record reaches PCare exactly once.
func TestSyncKilledMidBatchStillExactlyOnce(t *testing.T) {
	bin := buildCtl(t)
	srv, env := simEnv(t)
	dir := t.TempDir()
	env["FKTP_DATA"] = dir

	// Queue registrations and visits as the desk and the doctor would.
	ctx := context.Background()
	db, err := sqlite.Open(ctx, sqlite.DefaultPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	ps := srv.Participants(pcaresim.KindActiveHere, 80)
	now := time.Now().In(time.FixedZone("WIB", 7*3600))
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	for _, p := range ps {
		id, err := db.SaveEligibility(ctx, clinic.Eligibility{CheckedAt: now, Verified: true,
			Participant: clinic.Participant{CardNo: p.NoKartu, NIK: p.NoKTP, Name: p.Nama, Active: true, ProviderCode: env["FKTP_PPK"]}})
		if err != nil {
			t.Fatal(err)
		}
		reg := clinic.Registration{PatientID: id, CardNo: p.NoKartu, ProviderCode: env["FKTP_PPK"], Date: day,
			PoliCode: "001", Sick: true, TKP: clinic.TKPOutpatient}
		if err := db.AddRegistration(ctx, &reg); err != nil {
			t.Fatal(err)
		}
		if err := db.AddVisit(ctx, &clinic.Visit{RegistrationID: reg.ID, CardNo: p.NoKartu, PoliCode: "001", Date: day,
			Anamnesis: "Demam", Consciousness: "01", Prognosis: "02", DoctorCode: "131489", DischargeStatus: clinic.DischargeOutpatient,
			DischargeDate: day, Diagnoses: []clinic.Diagnosis{{Code: "A09"}}, AllergyFood: "00", AllergyAir: "00", AllergyDrug: "00"}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	records := 2 * len(ps)

	// Slow PCare, so a kill lands mid-batch, between a write's arrival and
	// the answer's.
	srv.SetFaults(pcaresim.Faults{LatencyMS: 15, JitterMS: 10})
	var environ []string
	for k, v := range env {
		environ = append(environ, k+"="+v)
	}
	run := func() *exec.Cmd {
		cmd := exec.Command(bin, "sync")
		cmd.Env = environ
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	writes := func() int { return len(srv.Writes()) }
	inFlight := 0
	// Kill points that are not multiples of the worker's batch (2 ×
	// concurrency = 8) land inside a batch, with writes still in flight.
	for _, after := range []int{records/5 + 3, records/2 + 5} {
		cmd := run()
		deadline := time.Now().Add(30 * time.Second)
		for writes() < after && time.Now().Before(deadline) {
			time.Sleep(2 * time.Millisecond)
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		if writes() >= records {
			t.Fatalf("the sync finished before the kill (%d writes)", writes())
		}
		db, err := sqlite.Open(ctx, sqlite.DefaultPath(dir))
		if err != nil {
			t.Fatalf("the database after a kill: %v", err)
		}
		c, _ := db.Counts(ctx)
		inFlight += c[clinic.SyncSending]
		db.Close()
	}
	if inFlight == 0 {
		t.Fatal("no kill left an item in flight; the test proves nothing")
	}

	// Restart until nothing is left; each run first reconciles what the
	// kills left in flight.
	srv.SetFaults(pcaresim.Faults{})
	for i := 0; ; i++ {
		cmd := exec.Command(bin, "sync")
		cmd.Env = environ
		out, err := cmd.CombinedOutput()
		if err == nil {
			break
		}
		if i == 5 {
			t.Fatalf("sync does not finish: %v\n%s", err, out)
		}
	}
	perCard := map[string]map[string]int{}
	for _, w := range srv.Writes() {
		if perCard[w.Kind] == nil {
			perCard[w.Kind] = map[string]int{}
		}
		perCard[w.Kind][w.NoKartu]++
	}
	for _, kind := range []string{"pendaftaran", "kunjungan"} {
		if len(perCard[kind]) != len(ps) {
			t.Errorf("%d participants have a %s at PCare, want %d", len(perCard[kind]), kind, len(ps))
		}
		for card, n := range perCard[kind] {
			if n != 1 {
				t.Errorf("%s of %s reached PCare %d times", kind, card, n)
			}
		}
	}
	if n := writes(); n != records {
		t.Errorf("PCare has %d writes for %d records", n, records)
	}
}
