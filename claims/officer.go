package claims

import (
	"context"
	"fmt"
	"time"

	"fktpdesk/access"
)

// Officer is the claims officer's actions on the outbox and the monthly
// claim: each checks the role and is recorded in the audit trail. The
// screens call these, never the store's writes directly.
type Officer struct {
	Store  Store
	Worker *Worker
	// Guard checks the claims role (nil: unguarded, for tests that are
	// not about access).
	Guard *access.Guard
}

var officerRoles = []access.Role{access.Claims}

// SendNow asks the worker to send what is due at once ("Kirim sekarang").
func (o *Officer) SendNow(ctx context.Context) error {
	if err := o.Guard.Allow(ctx, access.ActClaimSend, "", officerRoles...); err != nil {
		return err
	}
	o.Worker.Kick()
	return nil
}

// Retry moves a refused edit or delete back to pending and wakes the
// worker.
func (o *Officer) Retry(ctx context.Context, id int64, now time.Time) error {
	if err := o.Guard.Allow(ctx, access.ActClaimFix, fmt.Sprintf("outbox #%d", id), officerRoles...); err != nil {
		return err
	}
	if err := o.Store.RetryItem(ctx, id, now); err != nil {
		return err
	}
	o.Worker.Kick()
	return nil
}

// RecordExport keeps that a month's claim was exported (the FPK written).
func (o *Officer) RecordExport(ctx context.Context, s Submission) error {
	if err := o.Guard.Allow(ctx, access.ActClaimExport, "", officerRoles...); err != nil {
		return err
	}
	if p, ok := access.From(ctx); ok && p.Username != "" {
		s.By = p.Username
	}
	return o.Store.RecordSubmission(ctx, s)
}

// ClearExport forgets a month's export, so the reminder comes back.
func (o *Officer) ClearExport(ctx context.Context, month time.Time) error {
	if err := o.Guard.Allow(ctx, access.ActClaimExport, "", officerRoles...); err != nil {
		return err
	}
	if err := o.Store.ClearSubmission(ctx, month); err != nil {
		return err
	}
	o.Guard.Note(ctx, access.ActClaimExport, "", "unmarked "+month.Format("2006-01"), access.OutcomeOK)
	return nil
}

// The claims screen reads the outbox through these, so only the claims
// officer sees what waits, what was refused and the monthly claim.

// Counts returns the number of outbox items per state.
func (o *Officer) Counts(ctx context.Context) (map[string]int, error) {
	if err := o.Guard.Allow(ctx, "", "", officerRoles...); err != nil {
		return nil, err
	}
	return o.Store.Counts(ctx)
}

// Items lists items in a state ("" for all), newest first.
func (o *Officer) Items(ctx context.Context, state string, limit int) ([]Item, error) {
	if err := o.Guard.Allow(ctx, "", "", officerRoles...); err != nil {
		return nil, err
	}
	return o.Store.Items(ctx, state, limit)
}

// Stuck lists the items that should raise an alert (see Worker.Stuck).
func (o *Officer) Stuck(ctx context.Context) ([]Item, error) {
	if err := o.Guard.Allow(ctx, "", "", officerRoles...); err != nil {
		return nil, err
	}
	return o.Worker.Stuck(ctx)
}

// Batches lists the worker's newest passes first.
func (o *Officer) Batches(ctx context.Context, limit int) ([]Batch, error) {
	if err := o.Guard.Allow(ctx, "", "", officerRoles...); err != nil {
		return nil, err
	}
	return o.Store.Batches(ctx, limit)
}

// Submissions lists the exported months, newest first.
func (o *Officer) Submissions(ctx context.Context) ([]Submission, error) {
	if err := o.Guard.Allow(ctx, "", "", officerRoles...); err != nil {
		return nil, err
	}
	return o.Store.Submissions(ctx)
}

// ClaimLines lists the fee-bearing procedures PCare accepted for visits
// dated from from up to, not including, to.
func (o *Officer) ClaimLines(ctx context.Context, from, to time.Time) ([]ClaimLine, error) {
	if err := o.Guard.Allow(ctx, "", "", officerRoles...); err != nil {
		return nil, err
	}
	return o.Store.ClaimLines(ctx, from, to)
}
