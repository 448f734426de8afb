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

// requeue moves the record's newest outbox item of kind from
// needs-correction back to pending, inside the caller's transaction, so the
// corrected record and its new attempt are committed together. Only a
// refused item may be requeued: one that PCare already has, or that is on
// its way, must not be sent again.
func requeue(ctx context.Context, tx *sql.Tx, kind string, entity int64, now time.Time) error {
	var id int64
	var state string
	err := tx.QueryRowContext(ctx, `SELECT id, state FROM outbox WHERE kind = ? AND entity_id = ? AND op = 'add'
		ORDER BY id DESC LIMIT 1`, kind, entity).Scan(&id, &state)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("Data ini belum pernah diantrekan untuk PCare.")
	}
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
		return requeue(ctx, tx, claims.KindRegistration, r.ID, now)
	})
}

// CorrectVisit saves a corrected examination that PCare refused, and
// queues it again. Its lines keep their own items.
func (db *DB) CorrectVisit(ctx context.Context, v clinic.Visit) error {
	now := stamped(db.Now())
	return db.update(ctx, func(tx *sql.Tx) error {
		rec := v
		rec.VisitNo, rec.SyncState, rec.SyncError = "", "", ""
		body, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE visits SET discharge_status = ?, referral = ?, record = ? WHERE id = ? AND visit_no = ''`,
			v.DischargeStatus, v.Referral != nil, string(body), v.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return clinic.Errorf(clinic.ECONFLICT, "Kunjungan #%d tidak ada atau sudah diterima PCare.", v.ID)
		}
		status := clinic.VisitExamined
		if v.Referral != nil {
			status = clinic.VisitReferred
		}
		if _, err := tx.ExecContext(ctx, `UPDATE registrations SET visit_status = ? WHERE id = ?`, status, v.RegistrationID); err != nil {
			return err
		}
		return requeue(ctx, tx, claims.KindVisit, v.ID, now)
	})
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
			WHERE v.date >= ? AND v.date < ? ORDER BY v.date, v.id, o.line`, claims.KindProcedure, day(from), day(to))
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
			if line >= len(v.Procedures) || v.Procedures[line].Fee <= 0 {
				continue // capitation procedures carry no fee: nothing to claim
			}
			p := v.Procedures[line]
			out = append(out, claims.ClaimLine{VisitID: id, VisitNo: no, Date: v.Date, CardNo: v.CardNo,
				PatientName: v.PatientName, Code: p.Code, Name: p.Name, Amount: p.Fee, Category: claims.Category(p.Name), PCareID: remote})
		}
		return rows.Err()
	})
	return out, err
}

// recordAddItem returns the id and state of a record's add item.
func recordAddItem(ctx context.Context, tx *sql.Tx, kind string, entity int64) (int64, string, error) {
	var id int64
	var state string
	err := tx.QueryRowContext(ctx, `SELECT id, state FROM outbox WHERE kind = ? AND entity_id = ? AND op = 'add'
		ORDER BY id DESC LIMIT 1`, kind, entity).Scan(&id, &state)
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
		err := tx.QueryRowContext(ctx, `SELECT r.cancelled, r.date, (SELECT count(*) FROM visits v WHERE v.registration_id = r.id)
			FROM registrations r WHERE r.id = ?`, id).Scan(&cancelled, &date, &visits)
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
		item, state, err := recordAddItem(ctx, tx, claims.KindRegistration, id)
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
			if _, err := insertItem(ctx, tx, claims.Item{Kind: claims.KindRegistration, Op: claims.OpDelete, EntityID: id,
				DependsOn: item, State: clinic.SyncPending, NextAttempt: now}, d, now); err != nil {
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
		var no string
		if err := tx.QueryRowContext(ctx, `SELECT visit_no FROM visits WHERE id = ?`, v.ID).Scan(&no); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return notFound("Kunjungan #%d tidak ditemukan.", v.ID)
			}
			return err
		}
		item, state, err := recordAddItem(ctx, tx, claims.KindVisit, v.ID)
		if err != nil {
			return err
		}
		if state == clinic.SyncCorrection {
			return clinic.Errorf(clinic.ECONFLICT, "Kunjungan ini ditolak PCare: perbaiki lewat daftar Perlu perbaikan.")
		}
		rec := v
		rec.VisitNo, rec.SyncState, rec.SyncError = "", "", ""
		body, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE visits SET discharge_status = ?, referral = ?, record = ? WHERE id = ?`,
			v.DischargeStatus, v.Referral != nil, string(body), v.ID); err != nil {
			return err
		}
		if state == clinic.SyncPending {
			return nil // the add has not left: it will carry the new content
		}
		_, err = insertItem(ctx, tx, claims.Item{Kind: claims.KindVisit, Op: claims.OpEdit, EntityID: v.ID,
			DependsOn: item, State: clinic.SyncPending, NextAttempt: now}, v.Date, now)
		return err
	})
}
