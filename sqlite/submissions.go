package sqlite

import (
	"context"
	"database/sql"
	"time"

	"fktpdesk/claims"
)

// monthKey is how claim_submissions names a month: 'YYYY-MM'.
func monthKey(t time.Time) string { return claims.MonthOf(t).Format("2006-01") }

// RecordSubmission keeps that a month's claim was exported; a later export
// of the same month replaces the earlier one.
func (db *DB) RecordSubmission(ctx context.Context, s claims.Submission) error {
	if s.At.IsZero() {
		s.At = db.Now()
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO claim_submissions (month, exported_at, via, path, by_user, services, total)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (month) DO UPDATE SET exported_at = excluded.exported_at, via = excluded.via, path = excluded.path,
				by_user = excluded.by_user, services = excluded.services, total = excluded.total`,
			monthKey(s.Month), stamp(stamped(s.At)), s.Via, s.Path, s.By, s.Services, s.Total)
		return err
	})
}

// Submissions lists the exported months, newest month first.
func (db *DB) Submissions(ctx context.Context) ([]claims.Submission, error) {
	var out []claims.Submission
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT month, exported_at, via, path, by_user, services, total
			FROM claim_submissions ORDER BY month DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s claims.Submission
			var month string
			if err := rows.Scan(&month, (*timeCol)(&s.At), &s.Via, &s.Path, &s.By, &s.Services, &s.Total); err != nil {
				return err
			}
			if s.Month, err = time.Parse("2006-01", month); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, err
}

// ClearSubmission forgets month's export.
func (db *DB) ClearSubmission(ctx context.Context, month time.Time) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM claim_submissions WHERE month = ?`, monthKey(month))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("Klaim bulan %s belum ditandai diekspor.", monthKey(month))
		}
		return nil
	})
}
