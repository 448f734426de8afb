// Package claims gets every record to PCare exactly once: the durable
// outbox, the worker that sends it in dependency order with retries and
// reconciliation, and (later) the monthly non-capitation claim. It is
// domain code: it knows PCare only through the Central interface and the
// database only through Store.
package claims

import (
	"context"
	"time"

	"fktpdesk/clinic"
)

// Kinds of outbox items: which PCare write an item stands for.
const (
	KindRegistration = "pendaftaran"
	KindVisit        = "kunjungan"
	KindProcedure    = "tindakan"
	KindDrug         = "obat"
)

// Operations on a record.
const (
	OpAdd    = "add"
	OpEdit   = "edit"
	OpDelete = "delete"
)

// Item is one PCare write waiting, in flight, or done. Its state is one of
// clinic.SyncPending, SyncSending, SyncSent, SyncCorrection, SyncUnknown.
type Item struct {
	ID       int64
	Kind     string
	Op       string
	EntityID int64 // the local record, e.g. the registration's ID
	// Line is the index of a procedure or drug within its visit
	// (EntityID is then the visit's ID).
	Line int
	// DependsOn is the item that must be sent first (a visit waits for its
	// registration's queue number); 0 when none.
	DependsOn   int64
	State       string
	Attempts    int
	NextAttempt time.Time
	LastError   string
	Fields      []clinic.FieldError // PCare's per-field messages (412/424)
	Remote      string              // the number PCare gave (noUrut, noKunjungan…)
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Store is the outbox's durable state. Every method is one transaction.
type Store interface {
	// ClaimDue atomically moves up to n items that are due — pending or
	// unknown, NextAttempt not after now, dependency sent, and no earlier
	// item of the same record (kind, entity, line) still pending, sending
	// or unknown, so a record's add, edits and delete reach PCare in order —
	// to sending and returns them as they were before the move (State tells
	// whether an item must be reconciled first), oldest first.
	ClaimDue(ctx context.Context, now time.Time, n int) ([]Item, error)
	// MarkSent records that PCare has the item under remote and writes
	// remote onto the item's record (e.g. the registration's queue number).
	MarkSent(ctx context.Context, id int64, remote string, now time.Time) error
	// MarkFailed moves an item to state (pending to retry, unknown to
	// reconcile, needs-correction for a person) with the next attempt time
	// and PCare's messages, counting the attempt.
	MarkFailed(ctx context.Context, id int64, state string, next time.Time, msg string, fields []clinic.FieldError, now time.Time) error
	// RetryItem moves a refused edit or delete back to pending, once its
	// cause was dealt with at PCare (e.g. a drug added in PCare's web page
	// that kept a visit from being deleted). A refused add is corrected
	// through its record instead. ECONFLICT unless the item is an edit or
	// delete waiting for correction.
	RetryItem(ctx context.Context, id int64, now time.Time) error
	// RecoverInterrupted turns items left in sending by a crash or a kill
	// into unknown: they may have reached PCare. It returns how many.
	RecoverInterrupted(ctx context.Context, now time.Time) (int, error)
	// LineRemote returns the number PCare gave line of a visit's
	// procedures or drugs (kind KindProcedure or KindDrug): the remote of
	// its sent add item (kdTindakanSK, kdObatSK), or "" when PCare never
	// took it.
	LineRemote(ctx context.Context, kind string, visitID int64, line int) (string, error)
	// RemoteTaken reports whether another item of the same kind already
	// holds remote for the same day, so reconciliation never pins one PCare
	// record on two local ones.
	RemoteTaken(ctx context.Context, kind, remote string, day time.Time, exceptID int64) (bool, error)
	// Counts returns the number of items per state.
	Counts(ctx context.Context) (map[string]int, error)
	// Items lists items in a state ("" for all), newest first.
	Items(ctx context.Context, state string, limit int) ([]Item, error)
	// RecordBatch keeps one worker pass for the claims screen's log.
	RecordBatch(ctx context.Context, b Batch) error
	// Batches lists the newest passes first.
	Batches(ctx context.Context, limit int) ([]Batch, error)
	// ClaimLines lists the procedures with a fee that PCare accepted (their
	// item is sent) for visits dated from from up to, not including, to.
	ClaimLines(ctx context.Context, from, to time.Time) ([]ClaimLine, error)
	// RecordSubmission keeps that a month's claim was exported, in place of
	// an earlier export of the same month.
	RecordSubmission(ctx context.Context, s Submission) error
	// Submissions lists the exported months, newest month first.
	Submissions(ctx context.Context) ([]Submission, error)
	// ClearSubmission forgets month's export. ENOTFOUND when it has none.
	ClearSubmission(ctx context.Context, month time.Time) error
}

// Batch is one pass of the worker as the claims screen lists it: when, how
// many, how long, what failed.
type Batch struct {
	Started time.Time
	Summary
}
