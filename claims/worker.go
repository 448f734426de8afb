package claims

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"fktpdesk/clinic"
)

// Central is PCare as the outbox needs it. Errors carry clinic codes:
// EUNKNOWN when a write left without an answer, EUNAVAILABLE for transient
// failures (nothing stored), EINVALID when PCare refused the data.
type Central interface {
	// Register sends a registration (pendaftaran) and returns its noUrut.
	Register(ctx context.Context, r clinic.Registration) (string, error)
	// RegistrationsOn lists the clinic's registrations of a day at PCare.
	RegistrationsOn(ctx context.Context, day time.Time) ([]RemoteRegistration, error)
	// CancelRegistration deletes a registration at PCare; one already gone
	// counts as done.
	CancelRegistration(ctx context.Context, r clinic.Registration) error
}

// VisitCentral is PCare as the outbox needs it for visits (kunjungan) and
// their procedure (tindakan) and drug (obat) lines.
type VisitCentral interface {
	// AddVisit sends an examination and returns noKunjungan.
	AddVisit(ctx context.Context, v clinic.Visit) (string, error)
	// EditVisit sends a changed examination (v.VisitNo set).
	EditVisit(ctx context.Context, v clinic.Visit) error
	// VisitsOf lists a participant's visits at PCare.
	VisitsOf(ctx context.Context, cardNo string) ([]RemoteVisit, error)
	// AddProcedure files a procedure under a visit; returns kdTindakanSK.
	AddProcedure(ctx context.Context, visitNo string, p clinic.Procedure) (string, error)
	// ProceduresOf lists a visit's procedures at PCare.
	ProceduresOf(ctx context.Context, visitNo string) ([]RemoteLine, error)
	// AddDrug files a drug under a visit; returns kdObatSK.
	AddDrug(ctx context.Context, visitNo string, d clinic.Drug) (string, error)
	// DrugsOf lists a visit's drugs at PCare.
	DrugsOf(ctx context.Context, visitNo string) ([]RemoteLine, error)
	// DeleteVisit deletes a visit at PCare (its lines must be gone first).
	DeleteVisit(ctx context.Context, visitNo string) error
	// EditProcedure changes procedure id (kdTindakanSK) of a visit.
	EditProcedure(ctx context.Context, visitNo, id string, p clinic.Procedure) error
	// DeleteProcedure deletes procedure id of a visit.
	DeleteProcedure(ctx context.Context, visitNo, id string) error
	// DeleteDrug deletes drug id (kdObatSK) of a visit.
	DeleteDrug(ctx context.Context, visitNo, id string) error
}

// RemoteLine is a procedure or drug as PCare lists it under a visit.
type RemoteLine struct {
	ID     string  // kdTindakanSK / kdObatSK
	Code   string  // kdTindakan / kdObat (or the non-DPHO name)
	Amount float64 // biaya for a procedure, jmlObat for a drug
	Note   string  // a procedure's keterangan
	Result int     // a procedure's hasil
}

// RemoteVisit is a visit as PCare's history lists it.
type RemoteVisit struct {
	VisitNo  string
	PoliCode string
	Date     time.Time
}

// RemoteRegistration is a registration as PCare lists it.
type RemoteRegistration struct {
	QueueNo  string
	CardNo   string
	PoliCode string
}

// Worker sends the outbox to PCare. Zero values of the tuning fields take
// the defaults given in their comments. Run it with Run; RunOnce is one pass.
type Worker struct {
	Outbox  Store
	Records clinic.Store
	Central Central
	// Visits and VisitCentral handle kunjungan items; nil leaves them queued.
	Visits       clinic.VisitStore
	VisitCentral VisitCentral
	Now          func() time.Time

	Concurrency      int           // requests in flight at once (4)
	RatePerSecond    float64       // global request rate limit (20/s)
	MaxAttempts      int           // attempts before an item raises an alert (8)
	MaxAge           time.Duration // age before an unsent item raises an alert (24 h)
	BaseBackoff      time.Duration // first retry wait, doubled per attempt (5 s)
	MaxBackoff       time.Duration // longest retry wait (15 min)
	BreakerThreshold int           // consecutive outage failures that pause the queue (5)
	BreakerCooldown  time.Duration // how long the queue pauses then (30 s)
	PollInterval     time.Duration // how often Run looks for due items (15 s)
	Log              *slog.Logger

	initOnce sync.Once
	kick     chan struct{}

	mu          sync.Mutex
	failures    int       // consecutive outage failures
	pausedUntil time.Time // circuit breaker open until then
	nextStart   time.Time // rate limiter: earliest next request
}

// Summary describes one pass.
type Summary struct {
	Claimed         int
	Sent            int // accepted by PCare now
	Reconciled      int // found already stored at PCare after an unknown outcome
	Retrying        int // transient failure, will retry
	Unknown         int // outcome unknown, will reconcile
	NeedsCorrection int // refused by PCare, waits for a person
	Paused          bool
	Duration        time.Duration
	Errors          []string
}

func (w *Worker) init() {
	w.initOnce.Do(func() {
		w.kick = make(chan struct{}, 1)
		def := func(v *int, d int) {
			if *v <= 0 {
				*v = d
			}
		}
		defD := func(v *time.Duration, d time.Duration) {
			if *v <= 0 {
				*v = d
			}
		}
		def(&w.Concurrency, 4)
		def(&w.MaxAttempts, 8)
		def(&w.BreakerThreshold, 5)
		defD(&w.MaxAge, 24*time.Hour)
		defD(&w.BaseBackoff, 5*time.Second)
		defD(&w.MaxBackoff, 15*time.Minute)
		defD(&w.BreakerCooldown, 30*time.Second)
		defD(&w.PollInterval, 15*time.Second)
		if w.RatePerSecond <= 0 {
			w.RatePerSecond = 20
		}
		if w.Now == nil {
			w.Now = time.Now
		}
		if w.Log == nil {
			w.Log = slog.Default()
		}
	})
}

// Kick asks a running worker to look for due items now ("Kirim sekarang").
func (w *Worker) Kick() {
	w.init()
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// Run recovers items a crash left in flight, then sends due items until ctx
// ends: at every PollInterval, and at once when kicked.
func (w *Worker) Run(ctx context.Context) error {
	w.init()
	if n, err := w.Outbox.RecoverInterrupted(ctx, w.Now()); err != nil {
		return fmt.Errorf("outbox recovery: %w", err)
	} else if n > 0 {
		w.Log.Warn("outbox items were in flight at the last stop; they will be reconciled with PCare", "count", n)
	}
	for {
		s, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.Log.Error("outbox pass failed", "error", err)
		} else if s.Claimed > 0 {
			w.Log.Info("outbox pass", "sent", s.Sent, "reconciled", s.Reconciled, "retrying", s.Retrying,
				"unknown", s.Unknown, "needs_correction", s.NeedsCorrection, "paused", s.Paused, "duration", s.Duration)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-w.kick:
		case <-time.After(w.PollInterval):
		}
	}
}

// RunOnce sends every item that is due now, then returns. It keeps
// Concurrency requests in flight, claiming the next due item as soon as a
// slot frees (a visit becomes due the moment its registration is sent), and
// stops early when the circuit breaker opens (PCare is down) or ctx ends.
func (w *Worker) RunOnce(ctx context.Context) (Summary, error) {
	w.init()
	start := time.Now()
	var sum Summary
	var smu sync.Mutex
	done := make(chan struct{}, w.Concurrency)
	inflight := 0
	var claimErr error
	for ctx.Err() == nil {
		if w.paused() {
			sum.Paused = true
			break
		}
		if free := w.Concurrency - inflight; free > 0 {
			items, err := w.Outbox.ClaimDue(ctx, w.Now(), free)
			if err != nil {
				claimErr = err
				break
			}
			for _, it := range items {
				inflight++
				go func(it Item) {
					defer func() { done <- struct{}{} }()
					res, msg := w.process(ctx, it)
					smu.Lock()
					defer smu.Unlock()
					sum.Claimed++
					switch res {
					case resSent:
						sum.Sent++
					case resReconciled:
						sum.Reconciled++
					case resRetry:
						sum.Retrying++
					case resUnknown:
						sum.Unknown++
					case resCorrection:
						sum.NeedsCorrection++
					}
					if msg != "" {
						sum.Errors = append(sum.Errors, msg)
					}
				}(it)
			}
			if len(items) > 0 {
				continue
			}
		}
		if inflight == 0 {
			break // nothing due, nothing in flight: this pass is over
		}
		<-done // a slot frees; what it sent may make others due
		inflight--
	}
	for ; inflight > 0; inflight-- {
		<-done
	}
	sum.Duration = time.Since(start)
	if sum.Claimed > 0 || sum.Paused {
		// The log is for people: a failure to write it must not fail a pass
		// whose sending succeeded.
		if err := w.Outbox.RecordBatch(context.WithoutCancel(ctx), Batch{Started: w.Now().Add(-sum.Duration), Summary: sum}); err != nil {
			w.Log.Warn("recording the outbox pass failed", "error", err)
		}
	}
	if claimErr != nil {
		return sum, claimErr
	}
	return sum, ctx.Err()
}

type result int

const (
	resSent result = iota
	resReconciled
	resRetry
	resUnknown
	resCorrection
)

// process handles one claimed item: reconcile first if its last send had
// an unknown outcome, then send.
func (w *Worker) process(ctx context.Context, it Item) (result, string) {
	// Bookkeeping must survive the caller's cancellation: an item left in
	// "sending" is safe (recovered as unknown), but a lost "sent" costs a
	// reconciliation round trip.
	book := context.WithoutCancel(ctx)
	visits := w.Visits != nil && w.VisitCentral != nil
	switch {
	case it.Kind == KindRegistration:
		return w.registration(ctx, book, it)
	case it.Kind == KindVisit && visits:
		return w.visit(ctx, book, it)
	case (it.Kind == KindProcedure || it.Kind == KindDrug) && visits:
		return w.line(ctx, book, it)
	case it.Kind == KindVisit || it.Kind == KindProcedure || it.Kind == KindDrug:
		// A worker built without visit support must not condemn the item.
		msg := "this outbox worker does not send visits"
		w.markFailed(book, it, it.State, w.Now().Add(w.MaxBackoff), msg, nil)
		return resRetry, msg
	}
	msg := fmt.Sprintf("unknown outbox kind %q", it.Kind)
	w.markFailed(book, it, clinic.SyncCorrection, time.Time{}, msg, nil)
	return resCorrection, msg
}

// sendOnce is the exactly-once step every kind shares. After an unknown
// outcome PCare is asked first (find); only when it does not have the record
// is it sent again. A record PCare accepted but we failed to mark stays in
// "sending", and is reconciled — never resent — after recovery.
func (w *Worker) sendOnce(ctx, book context.Context, it Item,
	find func(context.Context) (string, bool, error), send func(context.Context) (string, error)) (result, string) {
	if it.State == clinic.SyncUnknown {
		w.wait(ctx)
		remote, found, err := find(ctx)
		if err != nil {
			return w.failed(book, it, err)
		}
		w.succeeded()
		if found {
			if err := w.Outbox.MarkSent(book, it.ID, remote, w.Now()); err != nil {
				return resRetry, err.Error()
			}
			w.Log.Info("found at PCare after an unknown outcome; not resent", "item", it.ID, "kind", it.Kind, "remote", remote)
			return resReconciled, ""
		}
	}
	w.wait(ctx)
	remote, err := send(ctx)
	if err != nil {
		return w.failed(book, it, err)
	}
	w.succeeded()
	if err := w.Outbox.MarkSent(book, it.ID, remote, w.Now()); err != nil {
		return resRetry, err.Error()
	}
	return resSent, ""
}

// deleteOnce is sendOnce for a delete, whose reconciliation asks whether
// PCare still has the record (gone reports true when it does not). A delete
// PCare refuses is checked the same way: a record already gone (deleted in
// PCare's web, or by an earlier attempt whose answer was lost) is done.
func (w *Worker) deleteOnce(ctx, book context.Context, it Item,
	gone func(context.Context) (string, bool, error), send func(context.Context) (string, error)) (result, string) {
	return w.sendOnce(ctx, book, it, gone, func(ctx context.Context) (string, error) {
		remote, err := send(ctx)
		switch clinic.ErrorCode(err) {
		case clinic.EINVALID, clinic.ENOTFOUND, clinic.ECONFLICT:
			if r, isGone, gerr := gone(ctx); gerr == nil && isGone {
				w.Log.Info("PCare refused a delete of a record it no longer has; done", "item", it.ID, "kind", it.Kind)
				return r, nil
			}
		}
		return remote, err
	})
}

// settled marks an edit or delete done without a request: PCare never had
// the record it changes (its add was refused, or never left).
func (w *Worker) settled(book context.Context, it Item) (result, string) {
	if err := w.Outbox.MarkSent(book, it.ID, "", w.Now()); err != nil {
		return resRetry, err.Error()
	}
	w.Log.Info("nothing at PCare to change; not sent", "item", it.ID, "kind", it.Kind, "op", it.Op)
	return resReconciled, ""
}

// untaken returns the first candidate number no other local item of the
// same kind and day holds, so one PCare record is never pinned on two
// local ones.
func (w *Worker) untaken(ctx context.Context, it Item, day time.Time, candidates []string) (string, bool, error) {
	for _, c := range candidates {
		taken, err := w.Outbox.RemoteTaken(ctx, it.Kind, c, day, it.ID)
		if err != nil {
			return "", false, err
		}
		if !taken {
			return c, true, nil
		}
	}
	return "", false, nil
}

func (w *Worker) registration(ctx, book context.Context, it Item) (result, string) {
	reg, err := w.Records.Registration(ctx, it.EntityID)
	if err != nil {
		return w.failed(book, it, err)
	}
	if it.Op == OpDelete {
		// Found (done) when PCare no longer lists its queue number.
		gone := func(ctx context.Context) (string, bool, error) {
			remotes, err := w.Central.RegistrationsOn(ctx, reg.Date)
			if err != nil {
				return "", false, err
			}
			for _, r := range remotes {
				if r.QueueNo == reg.QueueNo && r.CardNo == reg.CardNo {
					return "", false, nil
				}
			}
			return reg.QueueNo, true, nil
		}
		return w.deleteOnce(ctx, book, it, gone, func(ctx context.Context) (string, error) {
			return reg.QueueNo, w.Central.CancelRegistration(ctx, reg)
		})
	}
	// Found: same card, same poli, same day.
	find := func(ctx context.Context) (string, bool, error) {
		remotes, err := w.Central.RegistrationsOn(ctx, reg.Date)
		if err != nil {
			return "", false, err
		}
		var cands []string
		for _, r := range remotes {
			if r.CardNo == reg.CardNo && r.PoliCode == reg.PoliCode {
				cands = append(cands, r.QueueNo)
			}
		}
		return w.untaken(ctx, it, reg.Date, cands)
	}
	return w.sendOnce(ctx, book, it, find, func(ctx context.Context) (string, error) { return w.Central.Register(ctx, reg) })
}

func (w *Worker) visit(ctx, book context.Context, it Item) (result, string) {
	v, err := w.Visits.Visit(ctx, it.EntityID)
	if err != nil {
		return w.failed(book, it, err)
	}
	switch {
	case it.Op != OpAdd && v.VisitNo == "":
		return w.settled(book, it)
	case it.Op == OpEdit:
		// A PUT of the whole visit is idempotent: after an unknown outcome it
		// is simply sent again.
		return w.sendOnce(ctx, book, it, notAsked, func(ctx context.Context) (string, error) {
			return v.VisitNo, w.VisitCentral.EditVisit(ctx, v)
		})
	case it.Op == OpDelete:
		// Done when the participant's history no longer lists the number.
		gone := func(ctx context.Context) (string, bool, error) {
			remotes, err := w.VisitCentral.VisitsOf(ctx, v.CardNo)
			if err != nil {
				return "", false, err
			}
			for _, r := range remotes {
				if r.VisitNo == v.VisitNo {
					return "", false, nil
				}
			}
			return v.VisitNo, true, nil
		}
		return w.deleteOnce(ctx, book, it, gone, func(ctx context.Context) (string, error) {
			return v.VisitNo, w.VisitCentral.DeleteVisit(ctx, v.VisitNo)
		})
	}
	return w.sendOnce(ctx, book, it, func(ctx context.Context) (string, bool, error) { return w.reconcileVisit(ctx, it, v) },
		func(ctx context.Context) (string, error) { return w.VisitCentral.AddVisit(ctx, v) })
}

// notAsked is the reconciliation of an idempotent write: nothing to ask,
// send again.
func notAsked(context.Context) (string, bool, error) { return "", false, nil }

// line sends one procedure or drug of a visit that PCare already has: its
// add, a procedure's edit, or its delete.
func (w *Worker) line(ctx, book context.Context, it Item) (result, string) {
	v, err := w.Visits.Visit(ctx, it.EntityID)
	if err != nil {
		return w.failed(book, it, err)
	}
	if v.VisitNo == "" {
		// The dependency says the visit was sent; without its number the
		// line cannot be filed. A person must look at it.
		msg := "kunjungan belum punya nomor PCare"
		w.markFailed(book, it, clinic.SyncCorrection, time.Time{}, msg, nil)
		return resCorrection, msg
	}
	var code string
	var amount float64
	var p clinic.Procedure
	var d clinic.Drug
	var list func(context.Context, string) ([]RemoteLine, error)
	switch it.Kind {
	case KindProcedure:
		if it.Line >= len(v.Procedures) {
			return w.failed(book, it, clinic.Errorf(clinic.ENOTFOUND, "Tindakan #%d tidak ada pada kunjungan.", it.Line+1))
		}
		p = v.Procedures[it.Line]
		code, amount, list = p.Code, float64(p.Fee), w.VisitCentral.ProceduresOf
	default:
		if it.Line >= len(v.Drugs) {
			return w.failed(book, it, clinic.Errorf(clinic.ENOTFOUND, "Obat #%d tidak ada pada kunjungan.", it.Line+1))
		}
		d = v.Drugs[it.Line]
		code, amount, list = d.Code, d.Quantity, w.VisitCentral.DrugsOf
		if !d.DPHO {
			code = d.Name
		}
	}
	if it.Op != OpAdd {
		return w.changeLine(ctx, book, it, v.VisitNo, p, list)
	}
	send := func(ctx context.Context) (string, error) { return w.VisitCentral.AddDrug(ctx, v.VisitNo, d) }
	if it.Kind == KindProcedure {
		send = func(ctx context.Context) (string, error) { return w.VisitCentral.AddProcedure(ctx, v.VisitNo, p) }
	}
	// Found: same code and amount under the visit's number.
	find := func(ctx context.Context) (string, bool, error) {
		remotes, err := list(ctx, v.VisitNo)
		if err != nil {
			return "", false, err
		}
		var cands []string
		for _, r := range remotes {
			if r.Code == code && r.Amount == amount {
				cands = append(cands, r.ID)
			}
		}
		return w.untaken(ctx, it, v.Date, cands)
	}
	return w.sendOnce(ctx, book, it, find, send)
}

// changeLine sends the edit (procedures only: PCare has no drug edit) or
// the delete of a line PCare filed under the number its add got.
func (w *Worker) changeLine(ctx, book context.Context, it Item, visitNo string, p clinic.Procedure,
	list func(context.Context, string) ([]RemoteLine, error)) (result, string) {
	id, err := w.Outbox.LineRemote(ctx, it.Kind, it.EntityID, it.Line)
	if err != nil {
		return w.failed(book, it, err)
	}
	if id == "" {
		return w.settled(book, it)
	}
	if it.Op == OpEdit && it.Kind == KindProcedure {
		// Found when PCare's line already reads as the edit would make it;
		// otherwise the PUT, which carries the whole line, goes (again).
		edited := func(ctx context.Context) (string, bool, error) {
			remotes, err := list(ctx, visitNo)
			if err != nil {
				return "", false, err
			}
			for _, r := range remotes {
				if r.ID == id && r.Code == p.Code && r.Amount == float64(p.Fee) && r.Note == p.Note && r.Result == p.Result {
					return id, true, nil
				}
			}
			return "", false, nil
		}
		return w.sendOnce(ctx, book, it, edited, func(ctx context.Context) (string, error) {
			return id, w.VisitCentral.EditProcedure(ctx, visitNo, id, p)
		})
	}
	if it.Op != OpDelete {
		msg := fmt.Sprintf("PCare cannot %s a %s line", it.Op, it.Kind)
		w.markFailed(book, it, clinic.SyncCorrection, time.Time{}, msg, nil)
		return resCorrection, msg
	}
	del := w.VisitCentral.DeleteDrug
	if it.Kind == KindProcedure {
		del = w.VisitCentral.DeleteProcedure
	}
	// Done when the visit's list no longer has the line's number.
	gone := func(ctx context.Context) (string, bool, error) {
		remotes, err := list(ctx, visitNo)
		if err != nil {
			return "", false, err
		}
		for _, r := range remotes {
			if r.ID == id {
				return "", false, nil
			}
		}
		return id, true, nil
	}
	return w.deleteOnce(ctx, book, it, gone, func(ctx context.Context) (string, error) { return id, del(ctx, visitNo, id) })
}

// reconcileVisit looks for the visit in the participant's PCare history:
// same day, same poli, a number no other local item holds.
func (w *Worker) reconcileVisit(ctx context.Context, it Item, v clinic.Visit) (string, bool, error) {
	remotes, err := w.VisitCentral.VisitsOf(ctx, v.CardNo)
	if err != nil {
		return "", false, err
	}
	y, m, d := v.Date.Date()
	var cands []string
	for _, r := range remotes {
		if ry, rm, rd := r.Date.Date(); ry == y && rm == m && rd == d && r.PoliCode == v.PoliCode {
			cands = append(cands, r.VisitNo)
		}
	}
	return w.untaken(ctx, it, v.Date, cands)
}

// failed records a failure by its kind and says what happens next.
func (w *Worker) failed(book context.Context, it Item, err error) (result, string) {
	now := w.Now()
	msg := clinic.ErrorMessage(err)
	// A transient failure keeps the item's need to reconcile: an item
	// whose last send had an unknown outcome stays unknown until PCare
	// has been asked.
	retryState := clinic.SyncPending
	if it.State == clinic.SyncUnknown {
		retryState = clinic.SyncUnknown
	}
	switch clinic.ErrorCode(err) {
	case clinic.EINVALID, clinic.ECONFLICT, clinic.ENOTFOUND:
		w.markFailed(book, it, clinic.SyncCorrection, time.Time{}, msg, clinic.FieldErrors(err))
		return resCorrection, msg
	case clinic.EUNKNOWN:
		// Never resend blindly: ask PCare whether it stored it — at once the
		// first time, after a backoff when a resend that followed a
		// reconciliation ended unknown again (no spinning within a pass).
		next := now
		if it.Attempts > 0 {
			next = now.Add(w.backoff(it.Attempts + 1))
		}
		w.markFailed(book, it, clinic.SyncUnknown, next, msg, nil)
		return resUnknown, msg
	case clinic.EUNAVAILABLE:
		w.outage()
	case clinic.EUNAUTHORIZED:
		// Credentials will not fix themselves: pause the whole queue.
		w.pause(w.MaxBackoff)
	}
	w.markFailed(book, it, retryState, now.Add(w.backoff(it.Attempts+1)), msg, nil)
	if retryState == clinic.SyncUnknown {
		return resUnknown, msg
	}
	return resRetry, msg
}

func (w *Worker) markFailed(ctx context.Context, it Item, state string, next time.Time, msg string, fields []clinic.FieldError) {
	if err := w.Outbox.MarkFailed(ctx, it.ID, state, next, msg, fields, w.Now()); err != nil {
		w.Log.Error("recording an outbox failure failed; the item will be reconciled after restart", "item", it.ID, "error", err)
	}
}

// backoff is the wait before attempt n: exponential with full jitter
// (half to all of the step), capped.
func (w *Worker) backoff(n int) time.Duration {
	d := w.BaseBackoff
	for i := 1; i < n && d < w.MaxBackoff; i++ {
		d *= 2
	}
	if d > w.MaxBackoff {
		d = w.MaxBackoff
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

// wait holds a request back to keep the global request rate.
func (w *Worker) wait(ctx context.Context) {
	gap := time.Duration(float64(time.Second) / w.RatePerSecond)
	w.mu.Lock()
	now := time.Now()
	at := w.nextStart
	if at.Before(now) {
		at = now
	}
	w.nextStart = at.Add(gap)
	w.mu.Unlock()
	if d := time.Until(at); d > 0 {
		select {
		case <-ctx.Done():
		case <-time.After(d):
		}
	}
}

func (w *Worker) succeeded() {
	w.mu.Lock()
	w.failures = 0
	w.mu.Unlock()
}

// outage counts a transient failure; enough in a row open the breaker, so
// an outage costs PCare a handful of requests instead of the whole queue.
func (w *Worker) outage() {
	w.mu.Lock()
	w.failures++
	open := w.failures >= w.BreakerThreshold
	w.mu.Unlock()
	if open {
		w.pause(w.BreakerCooldown)
	}
}

func (w *Worker) pause(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	until := w.Now().Add(d)
	if until.After(w.pausedUntil) {
		w.pausedUntil = until
		w.Log.Warn("PCare looks down; pausing the outbox", "until", until)
	}
	w.failures = 0
}

func (w *Worker) paused() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.Now().Before(w.pausedUntil)
}

// PausedUntil reports until when the breaker holds the queue (zero if not).
func (w *Worker) PausedUntil() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.Now().Before(w.pausedUntil) {
		return w.pausedUntil
	}
	return time.Time{}
}

// Stuck returns the items that should raise an alert: not sent after
// MaxAttempts attempts or MaxAge, or waiting for a person's correction.
func (w *Worker) Stuck(ctx context.Context) ([]Item, error) {
	w.init()
	all, err := w.Outbox.Items(ctx, "", 10000)
	if err != nil {
		return nil, err
	}
	now := w.Now()
	var out []Item
	for _, it := range all {
		if it.State == clinic.SyncSent {
			continue
		}
		if it.State == clinic.SyncCorrection || it.Attempts >= w.MaxAttempts || now.Sub(it.CreatedAt) > w.MaxAge {
			out = append(out, it)
		}
	}
	return out, nil
}
