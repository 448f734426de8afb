package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
)

// requeue moves the record's add item (of kind, for line) from
// needs-correction back to pending, inside the caller's transaction, so the
// corrected record and its new attempt are committed together. Only a
// refused item may be requeued: one that PCare already has, or that is on
// its way, must not be sent again.
func requeue(ctx context.Context, tx *sql.Tx, kind string, entity int64, line int, now time.Time) error {
	id, state, err := recordAddItem(ctx, tx, kind, entity, line)
	if err != nil {
		return err
	}
	if state != clinic.SyncCorrection {
		return clinic.Errorf(clinic.ECONFLICT, "Data ini tidak sedang menunggu perbaikan (status %s): tidak dikirim ulang.", state)
	}
	_, err = tx.ExecContext(ctx, `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt = ?, last_error = '',
		fields = '[]', updated_at = ? WHERE id = ?`, stamp(now), stamp(now), id)
	return err
}

// CorrectRegistration saves a corrected registration (poli, visit kind,
// TKP, complaint, vitals) that PCare refused, and queues it again.
func (db *DB) CorrectRegistration(ctx context.Context, r clinic.Registration) error {
	now := stamped(db.Now())
	return db.update(ctx, func(tx *sql.Tx) error {
		v := r.Vitals
		res, err := tx.ExecContext(ctx, `UPDATE registrations SET poli_code = ?, poli_name = ?, sick = ?, tkp = ?, complaint = ?,
			weight_kg = ?, height_cm = ?, systolic = ?, diastolic = ?, resp_rate = ?, heart_rate = ?, waist_cm = ?, temperature = ?
			WHERE id = ?`, r.PoliCode, r.PoliName, r.Sick, r.TKP, r.Complaint,
			v.WeightKg, v.HeightCm, v.Systolic, v.Diastolic, v.RespRate, v.HeartRate, v.WaistCm, v.Temperature, r.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Pendaftaran #%d tidak ditemukan.", r.ID)
		}
		return requeue(ctx, tx, claims.KindRegistration, r.ID, 0, now)
	})
}

// CorrectVisit saves a corrected examination that PCare refused, and
// queues it again. Its lines keep their own items, and stay as stored.
func (db *DB) CorrectVisit(ctx context.Context, v clinic.Visit) error {
	now := stamped(db.Now())
	return db.update(ctx, func(tx *sql.Tx) error {
		old, err := liveVisit(ctx, tx, v.ID)
		if err != nil {
			return err
		}
		if old.VisitNo != "" {
			return clinic.Errorf(clinic.ECONFLICT, "Kunjungan #%d sudah diterima PCare.", v.ID)
		}
		if err := writeVisit(ctx, tx, old, v); err != nil {
			return err
		}
		return requeue(ctx, tx, claims.KindVisit, v.ID, 0, now)
	})
}

// writeVisit stores v over old, keeping old's lines (they change through
// their own methods), and follows a referral onto the registration.
func writeVisit(ctx context.Context, tx *sql.Tx, old, v clinic.Visit) error {
	v.Procedures, v.Drugs = old.Procedures, old.Drugs
	if err := writeRecord(ctx, tx, v); err != nil {
		return err
	}
	status := clinic.VisitExamined
	if v.Referral != nil {
		status = clinic.VisitReferred
	}
	_, err := tx.ExecContext(ctx, `UPDATE registrations SET visit_status = ? WHERE id = ?`, status, old.RegistrationID)
	return err
}

// ClaimLines lists accepted procedures with a fee, for the monthly claim:
// the visit's record gives the procedure, its sent outbox item proves PCare
// has it. CROSS JOIN keeps the month's visits the outer loop: left to
// itself, SQLite walked every procedure item ever queued and looked its
// visit up (18 s for a month at a million visits, against milliseconds).
func (db *DB) ClaimLines(ctx context.Context, from, to time.Time) ([]claims.ClaimLine, error) {
	var out []claims.ClaimLine
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT v.id, v.visit_no, v.record, o.line, o.remote
			FROM visits v CROSS JOIN outbox o ON o.kind = ? AND o.entity_id = v.id AND o.state = 'sent' AND o.op = 'add'
			WHERE v.date >= ? AND v.date < ? AND v.deleted = 0 ORDER BY v.date, v.id, o.line`, claims.KindProcedure, day(from), day(to))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var no, rec, remote string
			var line int
			if err := rows.Scan(&id, &no, &rec, &line, &remote); err != nil {
				return err
			}
			var v clinic.Visit
			if err := json.Unmarshal([]byte(rec), &v); err != nil {
				return err
			}
			if line >= len(v.Procedures) || v.Procedures[line].Fee <= 0 || v.Procedures[line].Removed {
				continue // capitation procedures carry no fee, removed ones are no service
			}
			p := v.Procedures[line]
			out = append(out, claims.ClaimLine{VisitID: id, VisitNo: no, Date: v.Date, CardNo: v.CardNo,
				PatientName: v.PatientName, Code: p.Code, Name: p.Name, Amount: p.Fee, Category: claims.Category(p.Name), PCareID: remote})
		}
		return rows.Err()
	})
	return out, err
}

// recordAddItem returns the id and state of a record's add item: of kind,
// for entity, and line of a visit's procedures or drugs (0 otherwise).
func recordAddItem(ctx context.Context, tx *sql.Tx, kind string, entity int64, line int) (int64, string, error) {
	var id int64
	var state string
	err := tx.QueryRowContext(ctx, `SELECT id, state FROM outbox WHERE kind = ? AND entity_id = ? AND line = ? AND op = 'add'
		ORDER BY id DESC LIMIT 1`, kind, entity, line).Scan(&id, &state)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", notFound("Data ini belum pernah diantrekan untuk PCare.")
	}
	return id, state, err
}

// CancelRegistration cancels a registration without a visit. What PCare
// never got is simply not sent; what it has, or may have, is deleted there
// after the add has settled (the delete waits for it).
func (db *DB) CancelRegistration(ctx context.Context, id int64) error {
	now := stamped(db.Now())
	return db.update(ctx, func(tx *sql.Tx) error {
		var cancelled bool
		var date string
		var visits int
		var visitDelete int64
		err := tx.QueryRowContext(ctx, `SELECT r.cancelled, r.date,
				(SELECT count(*) FROM visits v WHERE v.registration_id = r.id AND v.deleted = 0),
				coalesce((SELECT max(o.id) FROM visits v JOIN outbox o ON o.kind = ? AND o.entity_id = v.id AND o.op = 'delete'
					WHERE v.registration_id = r.id), 0)
			FROM registrations r WHERE r.id = ?`, claims.KindVisit, id).Scan(&cancelled, &date, &visits, &visitDelete)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Pendaftaran #%d tidak ditemukan.", id)
		}
		if err != nil {
			return err
		}
		switch {
		case cancelled:
			return clinic.Errorf(clinic.ECONFLICT, "Pendaftaran ini sudah dibatalkan.")
		case visits > 0:
			return clinic.Errorf(clinic.ECONFLICT, "Pasien sudah diperiksa: pendaftaran tidak dapat dibatalkan.")
		}
		item, state, err := recordAddItem(ctx, tx, claims.KindRegistration, id, 0)
		if err != nil {
			return err
		}
		if state == clinic.SyncPending || state == clinic.SyncCorrection {
			// Never reached PCare: nothing to delete there.
			if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE id = ?`, item); err != nil {
				return err
			}
		} else {
			d, err := time.Parse(dateLayout, date)
			if err != nil {
				return err
			}
			// PCare deletes a registration only once its visit is gone.
			after := max(item, visitDelete)
			if _, err := insertItem(ctx, tx, claims.Item{Kind: claims.KindRegistration, Op: claims.OpDelete, EntityID: id,
				DependsOn: after, State: clinic.SyncPending, NextAttempt: now}, d, now); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE registrations SET cancelled = 1 WHERE id = ?`, id)
		return err
	})
}

// EditVisit saves a changed visit; see clinic.VisitStore.
func (db *DB) EditVisit(ctx context.Context, v clinic.Visit) error {
	now := stamped(db.Now())
	return db.update(ctx, func(tx *sql.Tx) error {
		old, err := liveVisit(ctx, tx, v.ID)
		if err != nil {
			return err
		}
		item, state, err := recordAddItem(ctx, tx, claims.KindVisit, v.ID, 0)
		if err != nil {
			return err
		}
		if state == clinic.SyncCorrection {
			return clinic.Errorf(clinic.ECONFLICT, "Kunjungan ini ditolak PCare: perbaiki lewat daftar Perlu perbaikan.")
		}
		v.Procedures, v.Drugs = old.Procedures, old.Drugs
		was, err := recordJSON(old)
		if err != nil {
			return err
		}
		if is, err := recordJSON(v); err != nil || bytes.Equal(is, was) {
			return err // saved without a change: nothing for PCare either
		}
		if err := writeVisit(ctx, tx, old, v); err != nil {
			return err
		}
		if state == clinic.SyncPending {
			return nil // the add has not left: it will carry the new content
		}
		return queueEdit(ctx, tx, claims.KindVisit, v.ID, 0, item, old.Date, now)
	})
}
