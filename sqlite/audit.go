package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"fktpdesk/audit"
	"fktpdesk/clinic"
)

var _ audit.Log = (*DB)(nil)

const auditCols = `seq, at_ns, user_id, username, action, patient, detail, outcome, prev_hash, hash`

// Append adds e to the end of the audit trail (stamped with db.Now when
// e.At is zero) and returns it as stored. The last seal is read and the new
// row written in one write transaction, which takes SQLite's write lock at
// BEGIN, so appends from goroutines and from other processes (fktpctl
// beside the app) queue and form one chain.
//
// The number continues from the table's counter rather than from the last
// row: if the newest rows were deleted, the gap stays visible to
// VerifyAudit after new rows are added.
func (db *DB) Append(ctx context.Context, e audit.Event) (audit.Entry, error) {
	if err := e.Validate(); err != nil {
		return audit.Entry{}, &clinic.Error{Code: clinic.EINVALID, Err: err,
			Message: "Catatan jejak audit tidak lengkap; laporkan ke dukungan teknis."}
	}
	if e.At.IsZero() {
		e.At = db.Now()
	}
	var en audit.Entry
	err := db.update(ctx, func(tx *sql.Tx) error {
		var counter sql.NullInt64
		var last []byte
		if err := tx.QueryRowContext(ctx, `SELECT
			(SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'),
			(SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1)`).Scan(&counter, &last); err != nil {
			return err
		}
		var prev audit.Hash
		copy(prev[:], last)
		en = audit.Seal(prev, counter.Int64+1, e)
		_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (`+auditCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			en.Seq, en.At.UnixNano(), en.UserID, en.User, string(en.Action), en.Patient, en.Detail, string(en.Outcome),
			en.PrevHash[:], en.Hash[:])
		return err
	})
	if err != nil {
		return audit.Entry{}, err
	}
	return en, nil
}

// List returns the audit entries f selects, newest first.
func (db *DB) List(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	q, args := auditQuery(f)
	var out []audit.Entry
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			en, err := scanAudit(rows)
			if err != nil {
				return err
			}
			out = append(out, en)
		}
		return rows.Err()
	})
	return out, err
}

// auditQuery is List's query for f. Each filter has an index ending in
// at_ns (rowid, hence seq, follows), so a page comes in order from it.
func auditQuery(f audit.Filter) (string, []any) {
	var where []string
	var args []any
	cond := func(c string, v any) {
		where = append(where, c)
		args = append(args, v)
	}
	if !f.From.IsZero() {
		cond("at_ns >= ?", f.From.UnixNano())
	}
	if !f.To.IsZero() {
		cond("at_ns < ?", f.To.UnixNano())
	}
	if f.User != "" {
		cond("username = ?", f.User)
	}
	if f.Action != "" {
		cond("action = ?", string(f.Action))
	}
	if f.Patient != "" {
		cond("patient = ?", f.Patient)
	}
	if f.Outcome != "" {
		cond("outcome = ?", string(f.Outcome))
	}
	q := `SELECT ` + auditCols + ` FROM audit_log`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = audit.DefaultLimit
	}
	q += ` ORDER BY at_ns DESC, seq DESC LIMIT ? OFFSET ?`
	return q, append(args, limit, max(f.Offset, 0))
}

// auditCounter is where SQLite keeps the highest seq ever written.
const auditCounter = `SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0)`

// VerifyAudit checks the whole audit trail in one snapshot, reading it
// row by row (constant memory), against the checkpoints in expect and the
// table's own counter: a counter above the last row means the newest rows
// were deleted. The report names the first bad row; the error is only for
// a store that cannot be read.
func (db *DB) VerifyAudit(ctx context.Context, expect ...audit.Checkpoint) (audit.Report, error) {
	var rep audit.Report
	err := db.view(ctx, func(tx *sql.Tx) error {
		var counter int64
		if err := tx.QueryRowContext(ctx, auditCounter).Scan(&counter); err != nil {
			return err
		}
		all := append([]audit.Checkpoint{}, expect...)
		if counter > 0 {
			all = append(all, audit.Checkpoint{Seq: counter, Source: "the table's counter (sqlite_sequence)"})
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_log ORDER BY seq`)
		if err != nil {
			return err
		}
		defer rows.Close()
		rep, err = audit.Verify(func() (audit.Entry, bool, error) {
			if !rows.Next() {
				return audit.Entry{}, false, rows.Err()
			}
			en, err := scanAudit(rows)
			return en, err == nil, err
		}, all...)
		return err
	})
	return rep, err
}

// AuditHead is the last entry's number and seal (Seq 0 for an empty
// trail): a checkpoint to keep elsewhere, e.g. with a backup, for a later
// VerifyAudit.
func (db *DB) AuditHead(ctx context.Context) (audit.Checkpoint, error) {
	var c audit.Checkpoint
	err := db.view(ctx, func(tx *sql.Tx) error {
		var h []byte
		err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&c.Seq, &h)
		if err == sql.ErrNoRows {
			return nil
		}
		copy(c.Hash[:], h)
		return err
	})
	return c, err
}

// scanAudit reads one row. It tolerates what a tamperer may have left —
// NULLs, a seal of the wrong length — so that VerifyAudit reports the row
// as altered instead of failing to read it.
func scanAudit(rows *sql.Rows) (audit.Entry, error) {
	var en audit.Entry
	var at, userID sql.NullInt64
	var user, action, patient, detail, outcome textCol
	var prev, hash []byte
	if err := rows.Scan(&en.Seq, &at, &userID, &user, &action, &patient, &detail, &outcome, &prev, &hash); err != nil {
		return en, err
	}
	en.At = time.Unix(0, at.Int64).UTC()
	en.UserID = userID.Int64
	en.User, en.Action, en.Patient, en.Detail, en.Outcome = string(user), audit.Action(action), string(patient), string(detail), audit.Outcome(outcome)
	copy(en.PrevHash[:], prev)
	copy(en.Hash[:], hash)
	return en, nil
}

// textCol scans TEXT, reading NULL as "".
type textCol string

func (c *textCol) Scan(src any) error {
	s, err := text(src)
	*c = textCol(s)
	return err
}
