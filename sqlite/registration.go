package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
)

// AddRegistration stores r and its outbox item in one transaction, so a
// registration never exists without its way to PCare, nor an item without
// its registration. r's fields are set only once both are committed.
func (db *DB) AddRegistration(ctx context.Context, r *clinic.Registration) error {
	now := stamped(db.Now())
	var id int64
	err := db.update(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = insertRegistration(ctx, tx, r, now); err != nil {
			return err
		}
		_, err = insertItem(ctx, tx, claims.Item{
			Kind:        claims.KindRegistration,
			Op:          claims.OpAdd,
			EntityID:    id,
			State:       clinic.SyncPending,
			NextAttempt: now,
		}, r.Date, now)
		return err
	})
	if err != nil {
		return err
	}
	r.ID = id
	r.SyncState = clinic.SyncPending
	r.SyncError = ""
	r.QueueNo = ""
	r.VisitStatus = clinic.VisitWaiting
	r.CreatedAt = now
	return nil
}

func insertRegistration(ctx context.Context, tx *sql.Tx, r *clinic.Registration, now time.Time) (int64, error) {
	v := r.Vitals
	res, err := tx.ExecContext(ctx, `INSERT INTO registrations
		(patient_id, card_no, provider_code, date, poli_code, poli_name, sick, tkp, complaint,
		 weight_kg, height_cm, systolic, diastolic, resp_rate, heart_rate, waist_cm, temperature,
		 unverified, visit_status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.PatientID, clinic.NormalizeNumber(r.CardNo), r.ProviderCode, day(r.Date), r.PoliCode, r.PoliName, r.Sick, r.TKP, r.Complaint,
		v.WeightKg, v.HeightCm, v.Systolic, v.Diastolic, v.RespRate, v.HeartRate, v.WaistCm, v.Temperature,
		r.Unverified, clinic.VisitWaiting, stamp(now))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// registrationSelect reads registrations with what lists need beside them:
// the patient's name, and the sync state and error of the registration's
// newest outbox item — the outbox is the one place sync state is kept.
const registrationSelect = `SELECT r.id, r.patient_id, r.card_no, r.provider_code, r.date, r.poli_code, r.poli_name,
	r.sick, r.tkp, r.complaint, r.weight_kg, r.height_cm, r.systolic, r.diastolic, r.resp_rate,
	r.heart_rate, r.waist_cm, r.temperature, r.unverified, r.queue_no, r.visit_status, r.created_at,
	p.name, coalesce(o.state, ''), coalesce(o.last_error, ''), r.cancelled
FROM registrations r
JOIN patients p ON p.id = r.patient_id
LEFT JOIN outbox o ON o.id = (SELECT max(x.id) FROM outbox x WHERE x.kind = '` + claims.KindRegistration + `' AND x.entity_id = r.id)
`

func scanRegistration(s interface{ Scan(...any) error }) (clinic.Registration, error) {
	var r clinic.Registration
	v := &r.Vitals
	err := s.Scan(&r.ID, &r.PatientID, &r.CardNo, &r.ProviderCode, (*dateCol)(&r.Date), &r.PoliCode, &r.PoliName,
		&r.Sick, &r.TKP, &r.Complaint, &v.WeightKg, &v.HeightCm, &v.Systolic, &v.Diastolic, &v.RespRate,
		&v.HeartRate, &v.WaistCm, &v.Temperature, &r.Unverified, &r.QueueNo, &r.VisitStatus, (*timeCol)(&r.CreatedAt),
		&r.PatientName, &r.SyncState, &r.SyncError, &r.Cancelled)
	return r, err
}

func queryRegistrations(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]clinic.Registration, error) {
	rows, err := tx.QueryContext(ctx, registrationSelect+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []clinic.Registration
	for rows.Next() {
		r, err := scanRegistration(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Registration returns one registration with its sync state.
func (db *DB) Registration(ctx context.Context, id int64) (clinic.Registration, error) {
	var r clinic.Registration
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = scanRegistration(tx.QueryRowContext(ctx, registrationSelect+`WHERE r.id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Pendaftaran #%d tidak ditemukan.", id)
		}
		return err
	})
	return r, err
}

// Queue lists the registrations of day (its date in day's location), in
// order of arrival.
func (db *DB) Queue(ctx context.Context, d time.Time) ([]clinic.Registration, error) {
	var out []clinic.Registration
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryRegistrations(ctx, tx, `WHERE r.date = ? AND r.cancelled = 0 ORDER BY r.created_at, r.id`, day(d))
		return err
	})
	return out, err
}

// PatientRegistrations lists a patient's registrations, newest first.
func (db *DB) PatientRegistrations(ctx context.Context, patientID int64) ([]clinic.Registration, error) {
	var out []clinic.Registration
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryRegistrations(ctx, tx, `WHERE r.patient_id = ? ORDER BY r.date DESC, r.created_at DESC, r.id DESC`, patientID)
		return err
	})
	return out, err
}

// MarkUnverifiedChecked clears the unverified flag on the registrations
// made under cardNo. A card with none is not an error.
func (db *DB) MarkUnverifiedChecked(ctx context.Context, cardNo string) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE registrations SET unverified = 0 WHERE card_no = ? AND unverified = 1`,
			clinic.NormalizeNumber(cardNo))
		return err
	})
}

// UnverifiedCards lists the card numbers that have registrations still
// marked unverified, oldest registration first.
func (db *DB) UnverifiedCards(ctx context.Context) ([]string, error) {
	var cards []string
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT card_no FROM registrations WHERE unverified = 1
			GROUP BY card_no ORDER BY MIN(id)`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				return err
			}
			cards = append(cards, c)
		}
		return rows.Err()
	})
	return cards, err
}
