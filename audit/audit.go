// Package audit is the audit trail (jejak audit): who did what, when, to
// whose data. Every view of a patient's record, eligibility check,
// registration, examination, referral, print, claim action and
// administrative change is one Event, appended to a Log whose entries are
// hash-chained so that an edited, deleted or reordered row is detectable by
// Verify.
//
// The package holds the event's vocabulary, the chain's canonical encoding
// and the verification. It knows no storage (sqlite implements Log), no
// screen and no network, and imports no other package of FKTP Desk, so that
// every service (clinic, claims, users) can record into it. It must never
// be handed a secret: Detail is shown to administrators and kept forever.
//
// What the chain proves, and what it does not. Anyone who edits, deletes or
// reorders rows with a SQL tool breaks the chain, and Verify names the first
// bad row. Two things a chain cannot show by itself: the newest rows deleted
// (what remains is a valid chain), and the whole trail rewritten and
// re-sealed by someone who knows this encoding (it is no secret, and any key
// the app could use sits on the same PC). The sqlite store closes the first
// gap against a naive deletion with SQLite's own counter of the highest row
// written. Both are closed only by a Checkpoint kept off the PC — the head
// printed by `fktpctl audit verify`, kept with a backup on another disk or on
// paper, and given to a later verify: the trail must still contain it.
// A file beside the database, rewritten on every append, was weighed and
// left out: whoever can edit the database can edit it too, and a restore
// from backup would make it cry wolf.
package audit

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Event is one thing a person (or the system) did.
type Event struct {
	// At is when it happened. Zero means "now": the store stamps it with
	// its own clock when appending.
	At time.Time
	// UserID is the local account's id, 0 when there is none (fktpctl, the
	// system, a failed sign-in of an unknown name).
	UserID int64
	// User is who: the account's username, CLIUser(os user) for fktpctl,
	// or System for the app's own work (automatic backup, outbox).
	User    string
	Action  Action
	Patient string // whose data: card number, NIK or record number; "" when none
	Detail  string // what exactly, in a few words; never a password or a secret
	Outcome Outcome
}

// System is the User of what the app does on its own.
const System = "system"

// CLIUser is the User of an fktpctl command run by the operating-system
// account osUser.
func CLIUser(osUser string) string { return "fktpctl:" + osUser }

// Outcome is how an action ended.
type Outcome string

const (
	OK     Outcome = "ok"     // done
	Denied Outcome = "denied" // refused: wrong password, role without the right, locked account
	Failed Outcome = "failed" // tried and failed: PCare down, disk full, invalid input
)

// Outcomes lists every outcome, for a filter's choices.
func Outcomes() []Outcome { return []Outcome{OK, Denied, Failed} }

// Label is the outcome in Bahasa Indonesia, for the screen.
func (o Outcome) Label() string {
	switch o {
	case OK:
		return "Berhasil"
	case Denied:
		return "Ditolak"
	case Failed:
		return "Gagal"
	}
	return string(o)
}

// Valid reports whether o is one of the outcomes above.
func (o Outcome) Valid() bool { return o == OK || o == Denied || o == Failed }

// Validate reports what is missing or unknown in e, in English: each case
// is a programming mistake in the caller, caught by its tests, never a
// person's input. Stores refuse an invalid event (sqlite with
// clinic.EINVALID).
func (e Event) Validate() error {
	var errs []error
	if e.User == "" {
		errs = append(errs, errors.New("audit event without a user"))
	}
	if !e.Action.Valid() {
		errs = append(errs, fmt.Errorf("audit event with unknown action %q", e.Action))
	}
	if !e.Outcome.Valid() {
		errs = append(errs, fmt.Errorf("audit event with unknown outcome %q", e.Outcome))
	}
	if !e.At.IsZero() && (e.At.Before(minTime) || e.At.After(maxTime)) {
		errs = append(errs, fmt.Errorf("audit event time %s out of range", e.At))
	}
	return errors.Join(errs...)
}

// The instants a UnixNano can hold (years 1678 to 2262), with a margin.
var (
	minTime = time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(2250, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Entry is an Event as stored: numbered and sealed into the chain.
type Entry struct {
	Seq int64 // 1, 2, 3, ... without gaps
	Event
	PrevHash Hash // the previous entry's Hash; Genesis for Seq 1
	Hash     Hash // Seal(PrevHash, Seq, Event)
}

// Filter selects entries for the admin screen and `fktpctl audit list`.
// Zero fields select everything.
type Filter struct {
	From, To time.Time // From <= At < To
	User     string    // exactly this User
	Action   Action
	Patient  string // exactly this Patient
	Outcome  Outcome
	Limit    int // at most this many; <= 0 means DefaultLimit
	Offset   int // skip this many first (paging)
}

// DefaultLimit is how many entries List returns when Filter.Limit is unset.
const DefaultLimit = 100

// Log is where events are kept.
type Log interface {
	// Append stores e at the end of the chain and returns it as stored
	// (At stamped if it was zero, strings as they will read back).
	// Appends from any number of goroutines and processes form one chain.
	// Errors (sqlite): clinic.EINVALID for an event failing Validate;
	// clinic.EINTERNAL when the store cannot write.
	Append(ctx context.Context, e Event) (Entry, error)
	// List returns the entries f selects, newest first (by At, then Seq).
	// Errors (sqlite): clinic.EINTERNAL when the store cannot read.
	List(ctx context.Context, f Filter) ([]Entry, error)
}
