package clinic_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
	"fktpdesk/pcare"
	"fktpdesk/pcare/pcaresim"
	"fktpdesk/sqlite"
)

// clock is a settable clock shared by the simulator, the client and the
// services, so dates and the signature's timestamp agree.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type rig struct {
	sim    *pcaresim.Server
	db     *sqlite.DB
	svc    *clinic.Service
	worker *claims.Worker
	clock  *clock
}

func newRig(t *testing.T) *rig {
	t.Helper()
	clk := &clock{t: time.Date(2026, 11, 22, 1, 30, 0, 0, time.UTC)} // 08:30 WIB
	sim, err := pcaresim.Start("127.0.0.1:0", pcaresim.Options{Seed: 3, Participants: 400, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	cfg := sim.ClientConfig()
	cfg.Timeout = 2 * time.Second
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	c, err := pcare.New(cfg, pcare.WithClock(clk.Now), pcare.WithReadRetries(1, time.Millisecond), pcare.WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "fktp.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Now = clk.Now
	t.Cleanup(func() { db.Close() })
	central := pcare.Central{C: c}
	return &rig{
		sim: sim, db: db, clock: clk,
		svc: &clinic.Service{Store: db, Central: central, PPK: cfg.PPK, Now: clk.Now, CheckTimeout: 3 * time.Second, Log: quiet},
		worker: &claims.Worker{Outbox: db, Records: db, Central: central, Now: clk.Now, Log: quiet,
			BaseBackoff: time.Second, RatePerSecond: 1000, BreakerThreshold: 3, BreakerCooldown: 10 * time.Second},
	}
}

func (r *rig) participant(t *testing.T, k pcaresim.Kind) pcaresim.ParticipantSummary {
	t.Helper()
	ps := r.sim.Participants(k, 1)
	if len(ps) == 0 {
		t.Fatalf("no %s participant", k)
	}
	return ps[0]
}

func (r *rig) setOutage(on bool) {
	f := r.sim.Faults()
	f.Outage = on
	r.sim.SetFaults(f)
}

func (r *rig) pendaftaranWrites(noKartu string) int {
	n := 0
	for _, w := range r.sim.Writes() {
		if w.Kind == "pendaftaran" && w.NoKartu == noKartu {
			n++
		}
	}
	return n
}

func hasAdvice(a []clinic.Advice, c clinic.AdviceCode) bool {
	for _, x := range a {
		if x.Code == c {
			return true
		}
	}
	return false
}

func TestCheckEachKind(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	tests := []struct {
		kind   pcaresim.Kind
		active bool
		here   bool
		advice clinic.AdviceCode
	}{
		{pcaresim.KindActiveHere, true, true, clinic.AdviceServe},
		{pcaresim.KindActiveElsewhere, true, false, clinic.AdviceOtherFKTP},
		{pcaresim.KindInactivePBI, false, true, clinic.AdviceInactivePBI},
		{pcaresim.KindArrears, false, true, clinic.AdviceArrears},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			p := r.participant(t, tt.kind)
			res, err := r.svc.CheckEligibility(ctx, p.NoKartu)
			if err != nil {
				t.Fatal(err)
			}
			e := res.Eligibility
			if !e.Verified || res.Offline || e.Participant.Name != p.Nama || e.Participant.Active != tt.active {
				t.Fatalf("result %+v", res)
			}
			if tt.kind != pcaresim.KindInactivePBI && tt.kind != pcaresim.KindArrears && e.RegisteredHere != tt.here {
				t.Fatalf("registered here = %v", e.RegisteredHere)
			}
			if !hasAdvice(e.Advice, tt.advice) {
				t.Fatalf("advice %+v lacks %s", e.Advice, tt.advice)
			}
			if tt.kind == pcaresim.KindArrears && e.Advice[0].Amount <= 0 {
				t.Fatalf("arrears without amount: %+v", e.Advice)
			}
			if tt.kind == pcaresim.KindInactivePBI && !e.Participant.PBI() {
				t.Fatal("inactive PBI not recognised as PBI")
			}
			// The patient record was created from PCare's answer.
			found, err := r.svc.SearchPatients(ctx, p.NoKartu, 5)
			if err != nil || len(found) != 1 || found[0].Name != p.Nama || found[0].ID != e.PatientID {
				t.Fatalf("patient record %+v, %v", found, err)
			}
		})
	}
	dep := r.participant(t, pcaresim.KindDependent)
	res, err := r.svc.CheckEligibility(ctx, dep.NoKTP)
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != clinic.IDNIK || res.NIKInfo == nil || !res.Participant.Dependent() || res.Participant.CardNo != dep.NoKartu {
		t.Fatalf("dependant by NIK: %+v", res)
	}
	if res.NIKInfo.Sex != res.Participant.Sex {
		t.Errorf("NIK says %s, PCare says %s", res.NIKInfo.Sex, res.Participant.Sex)
	}
}

func TestCheckRejectsBadInputAndUnknown(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	for _, in := range []string{"", "12345", "000123456789X", "9901011708850003", "3201013102850003"} {
		if _, err := r.svc.CheckEligibility(ctx, in); clinic.ErrorCode(err) != clinic.EINVALID || len(clinic.FieldErrors(err)) == 0 {
			t.Errorf("%q: %v", in, err)
		}
	}
	_, err := r.svc.CheckEligibility(ctx, "0009999999999")
	if clinic.ErrorCode(err) != clinic.ENOTFOUND || !strings.Contains(clinic.ErrorMessage(err), "tidak terdaftar") {
		t.Fatalf("unknown card: %v", err)
	}
}

func TestOfflineFallbackWithCacheAge(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	p := r.participant(t, pcaresim.KindActiveHere)
	first, err := r.svc.CheckEligibility(ctx, p.NoKartu)
	if err != nil {
		t.Fatal(err)
	}
	r.clock.Add(72 * time.Hour)
	r.setOutage(true)

	res, err := r.svc.CheckEligibility(ctx, p.NoKartu)
	if err != nil {
		t.Fatalf("offline check failed instead of falling back: %v", err)
	}
	if !res.Offline || res.Verified || res.Participant.Name != p.Nama || res.PatientID != first.PatientID {
		t.Fatalf("offline result %+v", res)
	}
	if res.Advice[0].Code != clinic.AdviceUnverified {
		t.Fatalf("advice %+v", res.Advice)
	}
	if age := res.Age(r.clock.Now()); age != 72*time.Hour {
		t.Fatalf("cache age %v, want 72h", age)
	}
	// By NIK too, the same stored answer.
	if res, err := r.svc.CheckEligibility(ctx, p.NoKTP); err != nil || !res.Offline || res.Participant.CardNo != p.NoKartu {
		t.Fatalf("offline by NIK: %+v %v", res, err)
	}
	// Never seen and PCare down: say so, do not invent.
	other := r.sim.Participants(pcaresim.KindActiveHere, 2)[1]
	if _, err := r.svc.CheckEligibility(ctx, other.NoKartu); clinic.ErrorCode(err) != clinic.EUNAVAILABLE {
		t.Fatalf("no cache: %v", err)
	}
}

func TestCheckCancelled(t *testing.T) {
	r := newRig(t)
	f := r.sim.Faults()
	f.LatencyMS = 3000
	r.sim.SetFaults(f)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	start := time.Now()
	_, err := r.svc.CheckEligibility(ctx, r.participant(t, pcaresim.KindActiveHere).NoKartu)
	if err == nil || time.Since(start) > 2*time.Second {
		t.Fatalf("cancel ignored: %v after %v", err, time.Since(start))
	}
}

func register(t *testing.T, r *rig, p pcaresim.ParticipantSummary) clinic.Registration {
	t.Helper()
	ctx := context.Background()
	res, err := r.svc.CheckEligibility(ctx, p.NoKartu)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := r.svc.Register(ctx, res.Eligibility, clinic.Registration{PoliCode: "001", Sick: true,
		Complaint: "demam 3 hari", Vitals: clinic.Vitals{WeightKg: 58, HeightCm: 160, Systolic: 120, Diastolic: 80, RespRate: 20, HeartRate: 88}})
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func TestRegistrationSentOnce(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	p := r.participant(t, pcaresim.KindActiveHere)
	reg := register(t, r, p)
	if reg.ID == 0 || reg.SyncState != clinic.SyncPending || reg.Unverified {
		t.Fatalf("stored %+v", reg)
	}
	s, err := r.worker.RunOnce(ctx)
	if err != nil || s.Sent != 1 {
		t.Fatalf("pass %+v %v", s, err)
	}
	got, _ := r.svc.Store.Registration(ctx, reg.ID)
	if got.SyncState != clinic.SyncSent || got.QueueNo == "" {
		t.Fatalf("after send %+v", got)
	}
	if s, _ := r.worker.RunOnce(ctx); s.Claimed != 0 {
		t.Fatalf("a sent item was claimed again: %+v", s)
	}
	if n := r.pendaftaranWrites(p.NoKartu); n != 1 {
		t.Fatalf("PCare has %d registrations, want 1", n)
	}
	// The same patient at the same poli the same day is refused locally.
	res, _ := r.svc.CheckEligibility(ctx, p.NoKartu)
	if _, err := r.svc.Register(ctx, res.Eligibility, clinic.Registration{PoliCode: "001"}); clinic.ErrorCode(err) != clinic.ECONFLICT {
		t.Fatalf("second registration: %v", err)
	}
}

func TestRegistrationWhilePCareDown(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	p := r.participant(t, pcaresim.KindActiveHere)
	res, err := r.svc.CheckEligibility(ctx, p.NoKartu)
	if err != nil {
		t.Fatal(err)
	}
	r.setOutage(true)
	reg, err := r.svc.Register(ctx, res.Eligibility, clinic.Registration{PoliCode: "001", Sick: true})
	if err != nil {
		t.Fatalf("registration refused while PCare is down: %v", err)
	}
	for i := 0; i < 5; i++ {
		s, _ := r.worker.RunOnce(ctx)
		if s.Sent != 0 {
			t.Fatal("sent during an outage")
		}
		r.clock.Add(time.Minute)
	}
	if got, _ := r.svc.Store.Registration(ctx, reg.ID); got.SyncState == clinic.SyncSent || got.QueueNo != "" {
		t.Fatalf("state during outage %+v", got)
	}
	r.setOutage(false)
	r.clock.Add(30 * time.Minute) // past the backoff and the breaker's pause
	if s, err := r.worker.RunOnce(ctx); err != nil || s.Sent != 1 {
		t.Fatalf("after the outage: %+v %v", s, err)
	}
	if got, _ := r.svc.Store.Registration(ctx, reg.ID); got.SyncState != clinic.SyncSent || got.QueueNo == "" {
		t.Fatalf("after outage %+v", got)
	}
	if n := r.pendaftaranWrites(p.NoKartu); n != 1 {
		t.Fatalf("PCare has %d registrations, want exactly 1", n)
	}
}

func TestCommitThenDropDoesNotDuplicate(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	p := r.participant(t, pcaresim.KindActiveHere)
	reg := register(t, r, p)
	f := r.sim.Faults()
	f.DropAfterCommitRate = 1
	r.sim.SetFaults(f)

	s, err := r.worker.RunOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Unknown != 1 || s.Reconciled != 1 || s.Sent != 0 {
		t.Fatalf("pass %+v: want the dropped answer reconciled, not resent", s)
	}
	got, _ := r.svc.Store.Registration(ctx, reg.ID)
	if got.SyncState != clinic.SyncSent || got.QueueNo == "" {
		t.Fatalf("after reconcile %+v", got)
	}
	if n := r.pendaftaranWrites(p.NoKartu); n != 1 {
		t.Fatalf("PCare has %d registrations after a dropped answer, want 1", n)
	}
	var remote string
	for _, w := range r.sim.Writes() {
		if w.NoKartu == p.NoKartu {
			remote = w.Remote
		}
	}
	if remote != got.QueueNo {
		t.Fatalf("local queue number %q, PCare's %q", got.QueueNo, remote)
	}
}

func TestRegistrationRules(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	inactive, err := r.svc.CheckEligibility(ctx, r.participant(t, pcaresim.KindInactivePBI).NoKartu)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.svc.Register(ctx, inactive.Eligibility, clinic.Registration{PoliCode: "001"}); clinic.ErrorCode(err) != clinic.EINVALID {
		t.Fatalf("inactive participant registered: %v", err)
	}
	ok, _ := r.svc.CheckEligibility(ctx, r.participant(t, pcaresim.KindActiveHere).NoKartu)
	_, err = r.svc.Register(ctx, ok.Eligibility, clinic.Registration{PoliCode: "001", Vitals: clinic.Vitals{Systolic: 400}})
	if f := clinic.FieldErrors(err); len(f) != 1 || f[0].Field != "Systolic" {
		t.Fatalf("vitals: %v", err)
	}
	if q, _ := r.svc.Queue(ctx, r.clock.Now()); len(q) != 0 {
		t.Fatalf("refused registrations were stored: %+v", q)
	}
}

func TestUnverifiedRegistrationThenRecheck(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	p := r.participant(t, pcaresim.KindActiveHere)
	if _, err := r.svc.CheckEligibility(ctx, p.NoKartu); err != nil {
		t.Fatal(err)
	}
	r.setOutage(true)
	res, err := r.svc.CheckEligibility(ctx, p.NoKartu)
	if err != nil || !res.Offline {
		t.Fatalf("%+v %v", res, err)
	}
	reg, err := r.svc.Register(ctx, res.Eligibility, clinic.Registration{PoliCode: "001"})
	if err != nil || !reg.Unverified {
		t.Fatalf("unverified registration: %+v %v", reg, err)
	}
	r.setOutage(false)
	if _, err := r.svc.CheckEligibility(ctx, p.NoKartu); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.svc.Store.Registration(ctx, reg.ID); got.Unverified {
		t.Fatal("unverified flag kept after PCare answered")
	}
}

func TestPolisFromPCareThenCache(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	polis, err := r.svc.Polis(ctx)
	if err != nil || len(polis) < 3 || polis[0].Code != "001" {
		t.Fatalf("polis %+v %v", polis, err)
	}
	r.setOutage(true)
	r.clock.Add(48 * time.Hour) // stale, and PCare down: the cache still serves
	cached, err := r.svc.Polis(ctx)
	if err != nil || len(cached) != len(polis) {
		t.Fatalf("cached polis %+v %v", cached, err)
	}
}

func TestRecheckUnverifiedInTheBackground(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	p := r.participant(t, pcaresim.KindActiveHere)
	if _, err := r.svc.CheckEligibility(ctx, p.NoKartu); err != nil {
		t.Fatal(err)
	}
	r.setOutage(true)
	res, _ := r.svc.CheckEligibility(ctx, p.NoKartu)
	reg, err := r.svc.Register(ctx, res.Eligibility, clinic.Registration{PoliCode: "001"})
	if err != nil || !reg.Unverified {
		t.Fatalf("%+v %v", reg, err)
	}
	// The desk has moved on; nobody checks this patient again by hand.
	if n, err := r.svc.RecheckUnverified(ctx); err != nil || n != 0 {
		t.Fatalf("while down: %d %v", n, err)
	}
	if got, _ := r.svc.Store.Registration(ctx, reg.ID); !got.Unverified {
		t.Fatal("flag cleared while PCare was down")
	}
	r.setOutage(false)
	if n, err := r.svc.RecheckUnverified(ctx); err != nil || n != 1 {
		t.Fatalf("after the outage: %d %v", n, err)
	}
	if got, _ := r.svc.Store.Registration(ctx, reg.ID); got.Unverified {
		t.Fatal("flag kept after PCare confirmed the participant")
	}
	if n, _ := r.svc.RecheckUnverified(ctx); n != 0 {
		t.Fatalf("re-checked %d again", n)
	}
}

func TestRegistrationCarriesPoliNameAndHistory(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	if _, err := r.svc.Polis(ctx); err != nil { // fills the cache, as the screen does
		t.Fatal(err)
	}
	reg := register(t, r, r.participant(t, pcaresim.KindActiveHere))
	if reg.PoliName != "POLI UMUM" {
		t.Fatalf("poli name %q", reg.PoliName)
	}
	hist, err := r.svc.PatientHistory(ctx, reg.PatientID)
	if err != nil || len(hist) != 1 || hist[0].ID != reg.ID || hist[0].PoliName != "POLI UMUM" {
		t.Fatalf("history %+v %v", hist, err)
	}
}
