package app

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"fktpdesk/access"
)

// background is the one door between the screens and their work. Service
// calls run in goroutines started by run (never on the UI goroutine, so a
// slow PCare never freezes the window); anything they want to show goes
// back through ui. Widgets are touched only inside ui callbacks and event
// handlers, so they never need locks.
type background struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	do     func(func())
}

// newBackground starts the work context of one signed-in session: every
// service call made through it carries user (when set), whom the services
// check and the audit trail names.
func newBackground(do func(func()), user *access.Principal) *background {
	if do == nil {
		do = fyne.Do
	}
	base := context.Background()
	if user != nil {
		base = access.WithPrincipal(base, *user)
	}
	ctx, cancel := context.WithCancel(base)
	return &background{ctx: ctx, cancel: cancel, do: do}
}

// run calls f in a new goroutine with a context that ends when the window
// closes (or parent ends, when given).
func (b *background) run(parent context.Context, f func(ctx context.Context)) {
	if parent == nil {
		parent = b.ctx
	}
	if b.ctx.Err() != nil {
		return
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		f(parent)
	}()
}

// child returns a context the caller can cancel on its own (a check the
// person cancels, a search overtaken by the next keystroke) that also ends
// with the window.
func (b *background) child() (context.Context, context.CancelFunc) {
	return context.WithCancel(b.ctx)
}

// ui runs f on the UI goroutine, unless the window has closed meanwhile.
func (b *background) ui(f func()) {
	b.do(func() {
		if b.ctx.Err() == nil {
			f()
		}
	})
}

// stop cancels all work and waits for it. Safe to call twice.
func (b *background) stop() {
	b.cancel()
	b.wg.Wait()
}

// every calls f on the UI goroutine each period until the window closes:
// the self-refreshing lists use it.
func (b *background) every(period time.Duration, f func()) {
	b.run(nil, func(ctx context.Context) {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				b.ui(f)
			}
		}
	})
}

// reloader runs a screen's loads one at a time: a reload asked for while
// one runs (a tick, a button, a save elsewhere) runs once more after it, so
// the screen always ends showing fresh data without piling up queries.
type reloader struct {
	loading, again bool
}

// reload runs load off the UI goroutine, then the func it returns on the
// UI goroutine. Call it on the UI goroutine.
func (r *reloader) reload(b *background, load func(ctx context.Context) (apply func())) {
	if r.loading {
		r.again = true
		return
	}
	r.loading = true
	b.run(nil, func(ctx context.Context) {
		apply := load(ctx)
		b.ui(func() {
			r.loading = false
			apply()
			if r.again {
				r.again = false
				r.reload(b, load)
			}
		})
	})
}

// debouncer keeps only the newest of a quick succession of searches: a new
// one, or stop, cancels the one before and makes its late answer stale, so
// a slow answer never overwrites a newer one.
type debouncer struct {
	gen    int
	cancel context.CancelFunc
}

// stop cancels the pending or running search. Call it on the UI goroutine.
func (d *debouncer) stop() {
	if d.cancel != nil {
		d.cancel()
		d.cancel = nil
	}
	d.gen++
}

// debounce replaces any search in progress: it waits for typing to pause
// (delay), runs query off the UI goroutine, and hands the answer to show on
// the UI goroutine unless a newer search or a stop came meanwhile. Call it
// on the UI goroutine.
func debounce[T any](d *debouncer, b *background, delay time.Duration,
	query func(context.Context) (T, error), show func(T, error)) {
	d.stop()
	gen := d.gen
	ctx, cancel := b.child()
	d.cancel = cancel
	b.run(ctx, func(ctx context.Context) {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		found, err := query(ctx)
		if ctx.Err() != nil {
			return
		}
		b.ui(func() {
			if gen == d.gen {
				show(found, err)
			}
		})
	})
}
