package app

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/claims"
	"fktpdesk/clinic"
	"fktpdesk/pcare"
	"fktpdesk/pcare/pcaresim"
	"fktpdesk/referral"
	"fktpdesk/sqlite"
)

// testClock is one clock for the simulator, the PCare client (whose
// signature timestamps the simulator checks), the store and the screens,
// so a test can move time forward without sleeping.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// uiQueue stands in for fyne.Do. The test driver's fyne.Do would run the
// callback on the service goroutine, racing with the test reading widgets;
// queued here, callbacks run on the test goroutine when it waits.
type uiQueue struct {
	mu  sync.Mutex
	fns []func()
}

func (q *uiQueue) do(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
}

func (q *uiQueue) drain() {
	for {
		q.mu.Lock()
		fns := q.fns
		q.fns = nil
		q.mu.Unlock()
		if len(fns) == 0 {
			return
		}
		for _, f := range fns {
			f()
		}
	}
}

// countingCentral is the real PCare adapter, counting the questions asked.
type countingCentral struct {
	clinic.Central
	participants atomic.Int64
}

func (c *countingCentral) Participant(ctx context.Context, kind clinic.IDKind, number string) (clinic.Participant, error) {
	c.participants.Add(1)
	return c.Central.Participant(ctx, kind, number)
}

// stack is the real thing: simulator, PCare client, SQLite file, service,
// the doctor's desk and the outbox worker (run by the tests, RunOnce).
type stack struct {
	clock   *testClock
	sim     *pcaresim.Server
	db      *sqlite.DB
	central *countingCentral
	pcare   pcare.Central
	svc     *clinic.Service
	doctor  *clinic.DoctorDesk
	worker  *claims.Worker
	ui      *uiQueue
}

func newStack(t *testing.T) *stack {
	t.Helper()
	clk := &testClock{t: time.Date(2025, 3, 10, 9, 0, 0, 0, time.FixedZone("WIB", 7*3600))}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	sim, err := pcaresim.Start("127.0.0.1:0", pcaresim.Options{Now: clk.Now, Participants: 300})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	// No read retries: an outage must turn into the offline answer at once.
	client, err := pcare.New(sim.ClientConfig(), pcare.WithClock(clk.Now), pcare.WithReadRetries(0, 0), pcare.WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "fktp.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Now = clk.Now
	t.Cleanup(func() { db.Close() })
	pc := pcare.Central{C: client}
	central := &countingCentral{Central: pc}
	svc := &clinic.Service{Store: db, Central: central, PPK: pcaresim.DefaultCredentials().PPK, Now: clk.Now, Log: quiet}
	// As main wires it, with Queued left out: tests send with RunOnce.
	doctor := &clinic.DoctorDesk{Store: db, Visits: db, Refs: pc, Now: clk.Now, Log: quiet}
	worker := &claims.Worker{Outbox: db, Records: db, Central: pc, Visits: db, VisitCentral: pc, Now: clk.Now, Log: quiet,
		BaseBackoff: time.Second, RatePerSecond: 1000, BreakerThreshold: 3, BreakerCooldown: 10 * time.Second}
	return &stack{clock: clk, sim: sim, db: db, central: central, pcare: pc, svc: svc, doctor: doctor, worker: worker, ui: &uiQueue{}}
}

func (s *stack) deps() Deps {
	return Deps{Clinic: s.svc, Doctor: s.doctor, Outbox: s.db, Worker: s.worker, Now: s.clock.Now, UI: s.ui.do,
		// The wiring main does.
		ReferralLetter: func(ctx context.Context, no string, base referral.Letter) (referral.Letter, error) {
			r, err := s.pcare.ReferralDetail(ctx, no)
			if err != nil {
				return referral.Letter{}, err
			}
			return pcare.LetterFrom(r, base), nil
		},
	}
}

// window opens the main window on a test app; it is closed (and its
// background work stopped) before the store and simulator are.
func (s *stack) window(t *testing.T, d Deps) *MainWindow {
	t.Helper()
	a := test.NewTempApp(t)
	m := NewMainWindow(a, d)
	if m.Eligibility != nil { // a signed-in person without the front desk has none
		m.Eligibility.RetryEvery = 20 * time.Millisecond
	}
	t.Cleanup(m.Close)
	m.Window.Resize(fyne.NewSize(1366, 768))
	m.Window.Show()
	return m
}

func (s *stack) participant(t *testing.T, kind pcaresim.Kind) pcaresim.ParticipantSummary {
	t.Helper()
	ps := s.sim.Participants(kind, 1)
	if len(ps) == 0 {
		t.Fatalf("simulator has no %s participant", kind)
	}
	return ps[0]
}

// waitFor drains the UI queue until cond holds, for up to 5 s.
func (s *stack) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.ui.drain()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// check types a number into the eligibility entry, presses Enter and waits
// for the answer (a result or a message).
func (s *stack) check(t *testing.T, m *MainWindow, number string) {
	t.Helper()
	e := m.Eligibility
	e.Number.SetText("")
	test.Type(e.Number, number)
	e.Number.TypedKey(enterKey())
	s.waitFor(t, "the eligibility answer", func() bool {
		return !e.Busy.Visible() && (e.Result.Container.Visible() || e.Message.Visible() || e.NumberError.Visible())
	})
}

func adviceTexts(e *EligibilityScreen) string {
	var out []string
	for _, o := range e.Advice.Objects {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return strings.Join(out, "\n")
}

func enterKey() *fyne.KeyEvent { return &fyne.KeyEvent{Name: fyne.KeyReturn} }
