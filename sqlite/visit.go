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

var _ clinic.VisitStore = (*DB)(nil)

// AddVisit stores v with its outbox item, which waits for the
// registration's item: PCare refuses a kunjungan before its pendaftaran.
func (db *DB) AddVisit(ctx context.Context, v *clinic.Visit) error {
	now := stamped(db.Now())
	rec := *v
	rec.ID, rec.VisitNo, rec.SyncState, rec.SyncError, rec.CreatedAt = 0, "", "", "", now
	var id int64
	err := db.update(ctx, func(tx *sql.Tx) error {
		// After the registration; and after the delete of a visit it had
		// before (PCare takes one visit per registration).
		var regItem sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT max(coalesce((SELECT max(id) FROM outbox WHERE kind = ? AND entity_id = r.id), 0),
				coalesce((SELECT max(o.id) FROM visits v JOIN outbox o ON o.kind = ? AND o.entity_id = v.id AND o.op = 'delete'
					WHERE v.registration_id = r.id), 0))
			FROM registrations r WHERE r.id = ?`, claims.KindRegistration, claims.KindVisit, v.RegistrationID).Scan(&regItem)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Pendaftaran #%d tidak ditemukan.", v.RegistrationID)
		}
		if err != nil {
			return err
		}
		body, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO visits
			(registration_id, card_no, date, poli_code, discharge_status, referral, record, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			v.RegistrationID, v.CardNo, day(v.Date), v.PoliCode, v.DischargeStatus, v.Referral != nil, string(body), stamp(now))
		if err != nil {
			if isUnique(err) {
				return clinic.Errorf(clinic.ECONFLICT, "Pasien ini sudah diperiksa untuk pendaftaran tersebut.")
			}
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		status := clinic.VisitExamined
		if v.Referral != nil {
			status = clinic.VisitReferred
		}
		if _, err := tx.ExecContext(ctx, `UPDATE registrations SET visit_status = ? WHERE id = ?`, status, v.RegistrationID); err != nil {
			return err
		}
		visitItem, err := insertItem(ctx, tx, claims.Item{Kind: claims.KindVisit, Op: claims.OpAdd, EntityID: id,
			DependsOn: regItem.Int64, State: clinic.SyncPending, NextAttempt: now}, v.Date, now)
		if err != nil {
			return err
		}
		// Each procedure and drug waits for the visit: PCare files them
		// under its number.
		for line, p := range v.Procedures {
			if err := addLineItem(ctx, tx, claims.KindProcedure, id, line, p.Removed, visitItem, v.Date, now); err != nil {
				return err
			}
		}
		for line, d := range v.Drugs {
			if err := addLineItem(ctx, tx, claims.KindDrug, id, line, d.Removed, visitItem, v.Date, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	v.ID, v.VisitNo, v.SyncState, v.SyncError, v.CreatedAt = id, "", clinic.SyncPending, "", now
	return nil
}

// addLineItem queues the add of a visit's procedure or drug line behind the
// visit's own add; a line removed before it was stored needs none.
func addLineItem(ctx context.Context, tx *sql.Tx, kind string, visitID int64, line int, removed bool, visitItem int64, d, now time.Time) error {
	if removed {
		return nil
	}
	_, err := insertItem(ctx, tx, claims.Item{Kind: kind, Op: claims.OpAdd, EntityID: visitID, Line: line,
		DependsOn: visitItem, State: clinic.SyncPending, NextAttempt: now}, d, now)
	return err
}

// visitSelect reads visits with their PCare number and the sync state of
// their newest outbox item.
const visitSelect = `SELECT v.id, v.visit_no, v.record, coalesce(o.state, ''), coalesce(o.last_error, ''), v.deleted
FROM visits v
LEFT JOIN outbox o ON o.id = (SELECT max(x.id) FROM outbox x WHERE x.kind = '` + claims.KindVisit + `' AND x.entity_id = v.id)
`

func scanVisit(s interface{ Scan(...any) error }) (clinic.Visit, error) {
	var id int64
	var no, rec, state, lastErr string
	var deleted bool
	if err := s.Scan(&id, &no, &rec, &state, &lastErr, &deleted); err != nil {
		return clinic.Visit{}, err
	}
	var v clinic.Visit
	if err := json.Unmarshal([]byte(rec), &v); err != nil {
		return clinic.Visit{}, err
	}
	v.ID, v.VisitNo, v.SyncState, v.SyncError, v.Deleted = id, no, state, lastErr, deleted
	return v, nil
}

func (db *DB) oneVisit(ctx context.Context, where string, arg any) (clinic.Visit, error) {
	var v clinic.Visit
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		v, err = scanVisit(tx.QueryRowContext(ctx, visitSelect+where, arg))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Kunjungan tidak ditemukan.")
		}
		return err
	})
	return v, err
}

// Visit returns one visit, also a deleted one (the outbox still needs it).
func (db *DB) Visit(ctx context.Context, id int64) (clinic.Visit, error) {
	return db.oneVisit(ctx, `WHERE v.id = ?`, id)
}

// VisitByRegistration returns a registration's visit (not a deleted one).
func (db *DB) VisitByRegistration(ctx context.Context, registrationID int64) (clinic.Visit, error) {
	return db.oneVisit(ctx, `WHERE v.registration_id = ? AND v.deleted = 0`, registrationID)
}

// VisitByNumber returns the visit PCare numbered no (not a deleted one).
func (db *DB) VisitByNumber(ctx context.Context, no string) (clinic.Visit, error) {
	return db.oneVisit(ctx, `WHERE v.visit_no = ? AND v.visit_no <> '' AND v.deleted = 0`, no)
}

// Referrals lists a day's referring visits in the order they were made.
func (db *DB) Referrals(ctx context.Context, d time.Time) ([]clinic.Visit, error) {
	var out []clinic.Visit
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, visitSelect+`WHERE v.date = ? AND v.referral = 1 AND v.deleted = 0 ORDER BY v.id`, day(d))
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

// RecordPrint notes one print of a referral letter.
func (db *DB) RecordPrint(ctx context.Context, p clinic.Print) error {
	if p.At.IsZero() {
		p.At = db.Now()
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO prints (visit_id, number, by_user, how, draft, at) VALUES (?, ?, ?, ?, ?, ?)`,
			p.VisitID, p.Number, p.By, p.How, p.Draft, stamp(stamped(p.At)))
		return err
	})
}

// Prints lists a visit's prints, oldest first.
func (db *DB) Prints(ctx context.Context, visitID int64) ([]clinic.Print, error) {
	var out []clinic.Print
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT visit_id, number, by_user, how, draft, at FROM prints WHERE visit_id = ? ORDER BY at, id`, visitID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p clinic.Print
			if err := rows.Scan(&p.VisitID, &p.Number, &p.By, &p.How, &p.Draft, (*timeCol)(&p.At)); err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}
