package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
)

// RecordBatch keeps one worker pass; the log keeps its last 5,000 passes.
func (db *DB) RecordBatch(ctx context.Context, b claims.Batch) error {
	errs := b.Errors
	if len(errs) > 20 {
		errs = errs[:20] // the first few say what went wrong; a storm adds nothing
	}
	body, err := json.Marshal(errs)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO batches (started_at, duration_ms, claimed, sent, reconciled, retrying,
			unknown, correction, paused, errors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			stamp(stamped(b.Started)), b.Duration.Milliseconds(), b.Claimed, b.Sent, b.Reconciled, b.Retrying,
			b.Unknown, b.NeedsCorrection, b.Paused, string(body)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM batches WHERE id <= (SELECT max(id) - 5000 FROM batches)`)
		return err
	})
}

// Batches lists the newest passes first.
func (db *DB) Batches(ctx context.Context, limit int) ([]claims.Batch, error) {
	var out []claims.Batch
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT started_at, duration_ms, claimed, sent, reconciled, retrying, unknown,
			correction, paused, errors FROM batches ORDER BY id DESC LIMIT ?`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b claims.Batch
			var ms int64
			var errs string
			if err := rows.Scan((*timeCol)(&b.Started), &ms, &b.Claimed, &b.Sent, &b.Reconciled, &b.Retrying,
				&b.Unknown, &b.NeedsCorrection, &b.Paused, &errs); err != nil {
				return err
			}
			b.Duration = time.Duration(ms) * time.Millisecond
			if err := json.Unmarshal([]byte(errs), &b.Errors); err != nil {
				return err
			}
			out = append(out, b)
		}
		return rows.Err()
	})
	return out, err
}

// VisitsBetween lists the visits dated from from up to, not including, to,
// for reports; deleted visits are left out.
func (db *DB) VisitsBetween(ctx context.Context, from, to time.Time) ([]clinic.Visit, error) {
	var out []clinic.Visit
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, visitSelect+`WHERE v.date >= ? AND v.date < ? AND v.deleted = 0 ORDER BY v.date, v.id`, day(from), day(to))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scanVisit(rows)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	return out, err
}
