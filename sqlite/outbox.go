package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
)

// insertItem queues a PCare write inside the caller's transaction: the
// record and its way to PCare are committed together or not at all. d is
// the record's date, which RemoteTaken compares (PCare numbers are per day).
func insertItem(ctx context.Context, tx *sql.Tx, it claims.Item, d time.Time, now time.Time) (int64, error) {
	fields, err := fieldsJSON(it.Fields)
	if err != nil {
		return 0, err
	}
	var dependsOn any // NULL, not 0, so the foreign key holds
	if it.DependsOn != 0 {
		dependsOn = it.DependsOn
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO outbox
		(kind, op, entity_id, line, depends_on, state, attempts, next_attempt, last_error, fields, remote, day, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		it.Kind, it.Op, it.EntityID, it.Line, dependsOn, it.State, it.Attempts, stamp(it.NextAttempt), it.LastError, fields,
		it.Remote, day(d), stamp(now), stamp(now))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

func fieldsJSON(fs []clinic.FieldError) (string, error) {
	if len(fs) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(fs)
	return string(b), err
}

const itemCols = `o.id, o.kind, o.op, o.entity_id, o.line, coalesce(o.depends_on, 0), o.state, o.attempts, o.next_attempt,
	o.last_error, o.fields, o.remote, o.created_at, o.updated_at`

func scanItems(rows *sql.Rows) ([]claims.Item, error) {
	defer rows.Close()
	var out []claims.Item
	for rows.Next() {
		var it claims.Item
		var fields string
		if err := rows.Scan(&it.ID, &it.Kind, &it.Op, &it.EntityID, &it.Line, &it.DependsOn, &it.State, &it.Attempts,
			(*timeCol)(&it.NextAttempt), &it.LastError, &fields, &it.Remote,
			(*timeCol)(&it.CreatedAt), (*timeCol)(&it.UpdatedAt)); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(fields), &it.Fields); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// claimDueQuery finds due items whose dependency is sent and that no
// earlier item of the same record still holds back: a record's add, edits
// and delete go in the order they were queued.
const claimDueQuery = `SELECT ` + itemCols + ` FROM outbox o
	WHERE o.state IN ('pending', 'unknown') AND o.next_attempt <= ?
	  AND (o.depends_on IS NULL OR EXISTS (SELECT 1 FROM outbox d WHERE d.id = o.depends_on AND d.state = 'sent'))
	  AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.kind = o.kind AND e.entity_id = o.entity_id AND e.line = o.line
	      AND e.id < o.id AND e.state IN ('pending', 'sending', 'unknown'))
	ORDER BY o.id LIMIT ?`

// ClaimDue moves up to n due items to sending and returns them as they were
// before, oldest first. The select and the move share one write transaction
// (BEGIN IMMEDIATE), so two workers — goroutines or processes — can never
// claim the same item.
func (db *DB) ClaimDue(ctx context.Context, now time.Time, n int) ([]claims.Item, error) {
	if n <= 0 {
		return nil, nil
	}
	var out []claims.Item
	err := db.update(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, claimDueQuery, stamp(now), n)
		if err != nil {
			return err
		}
		if out, err = scanItems(rows); err != nil {
			return err
		}
		for _, it := range out {
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'sending', updated_at = ? WHERE id = ?`,
				stamp(now), it.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MarkSent records that PCare has the item under remote and, in the same
// transaction, writes remote onto the record it stands for: a
// registration's queue number (noUrut), a visit's number (noKunjungan).
func (db *DB) MarkSent(ctx context.Context, id int64, remote string, now time.Time) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		var kind, op string
		var entity int64
		err := tx.QueryRowContext(ctx, `UPDATE outbox SET state = 'sent', remote = ?, last_error = '', fields = '[]', updated_at = ?
			WHERE id = ? RETURNING kind, op, entity_id`, remote, stamp(now), id).Scan(&kind, &op, &entity)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Item antrean kirim #%d tidak ditemukan.", id)
		}
		if err != nil {
			return err
		}
		// A delete leaves PCare with no number to keep; an empty remote
		// would erase the one the registration has.
		if op == claims.OpDelete || remote == "" {
			return nil
		}
		switch kind {
		case claims.KindRegistration:
			_, err = tx.ExecContext(ctx, `UPDATE registrations SET queue_no = ? WHERE id = ?`, remote, entity)
		case claims.KindVisit:
			_, err = tx.ExecContext(ctx, `UPDATE visits SET visit_no = ? WHERE id = ?`, remote, entity)
		}
		return err
	})
}

// failStates are where a failed attempt may leave an item.
var failStates = map[string]bool{clinic.SyncPending: true, clinic.SyncUnknown: true, clinic.SyncCorrection: true}

// MarkFailed records a failed attempt: the new state, when to try again and
// PCare's messages, counting the attempt.
func (db *DB) MarkFailed(ctx context.Context, id int64, state string, next time.Time, msg string, fields []clinic.FieldError, now time.Time) error {
	if !failStates[state] {
		return clinic.Errorf(clinic.EINVALID, "Status %q tidak berlaku untuk pengiriman yang gagal.", state)
	}
	fs, err := fieldsJSON(fields)
	if err != nil {
		return storeErr(err)
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, state = ?, next_attempt = ?,
			last_error = ?, fields = ?, updated_at = ? WHERE id = ?`,
			state, stamp(next), msg, fs, stamp(now), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("Item antrean kirim #%d tidak ditemukan.", id)
		}
		return nil
	})
}

// RetryItem moves a refused edit or delete back to pending.
func (db *DB) RetryItem(ctx context.Context, id int64, now time.Time) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt = ?, last_error = '',
			fields = '[]', updated_at = ? WHERE id = ? AND state = 'needs-correction' AND op <> 'add'`, stamp(now), stamp(now), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return clinic.Errorf(clinic.ECONFLICT, "Item antrean kirim #%d bukan ubah/hapus yang ditolak PCare: tidak dikirim ulang.", id)
		}
		return nil
	})
}

// RecoverInterrupted turns items left in sending into unknown. Their next
// attempt is already past (they were due when claimed), so the worker
// reconciles them at once.
func (db *DB) RecoverInterrupted(ctx context.Context, now time.Time) (int, error) {
	var n int64
	err := db.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'unknown', updated_at = ? WHERE state = 'sending'`, stamp(now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// LineRemote returns the number PCare gave a visit's procedure or drug
// line: the remote of the line's sent add, "" when there is none.
func (db *DB) LineRemote(ctx context.Context, kind string, visitID int64, line int) (string, error) {
	var remote string
	err := db.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT coalesce((SELECT remote FROM outbox WHERE kind = ? AND entity_id = ? AND line = ?
			AND op = 'add' AND state = 'sent' ORDER BY id DESC LIMIT 1), '')`, kind, visitID, line).Scan(&remote)
	})
	return remote, err
}

// The non-empty remote term lets SQLite use the partial index outbox_remote.
const remoteTakenQuery = `SELECT EXISTS (SELECT 1 FROM outbox
	WHERE kind = ? AND day = ? AND remote = ? AND remote <> '' AND state = 'sent' AND id <> ?)`

// RemoteTaken reports whether an item other than exceptID, of the same kind
// and record date, was sent and got remote.
func (db *DB) RemoteTaken(ctx context.Context, kind, remote string, d time.Time, exceptID int64) (bool, error) {
	if remote == "" {
		return false, nil
	}
	var taken bool
	err := db.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, remoteTakenQuery, kind, day(d), remote, exceptID).Scan(&taken)
	})
	return taken, err
}

// allStates are the keys Counts always returns, so a screen can show "0".
var allStates = []string{clinic.SyncPending, clinic.SyncSending, clinic.SyncSent, clinic.SyncCorrection, clinic.SyncUnknown}

// Counts returns the number of items in each state, every state present.
func (db *DB) Counts(ctx context.Context) (map[string]int, error) {
	out := make(map[string]int, len(allStates))
	for _, s := range allStates {
		out[s] = 0
	}
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT state, count(*) FROM outbox GROUP BY state`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			var n int
			if err := rows.Scan(&s, &n); err != nil {
				return err
			}
			out[s] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// defaultItemsLimit applies when the caller asks for no limit.
const defaultItemsLimit = 200

// Items lists items in state ("" for all), newest first.
func (db *DB) Items(ctx context.Context, state string, limit int) ([]claims.Item, error) {
	if limit <= 0 {
		limit = defaultItemsLimit
	}
	var out []claims.Item
	err := db.view(ctx, func(tx *sql.Tx) error {
		q := `SELECT ` + itemCols + ` FROM outbox o ORDER BY o.id DESC LIMIT ?`
		args := []any{limit}
		if state != "" {
			q = `SELECT ` + itemCols + ` FROM outbox o WHERE o.state = ? ORDER BY o.id DESC LIMIT ?`
			args = []any{state, limit}
		}
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		out, err = scanItems(rows)
		return err
	})
	return out, err
}
