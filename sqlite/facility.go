package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"fktpdesk/clinic"
)

// Polis returns the cached poli list in PCare's order and when it was
// fetched; an empty list and the zero time when it never was.
func (db *DB) Polis(ctx context.Context) ([]clinic.Poli, time.Time, error) {
	var (
		out     []clinic.Poli
		fetched time.Time
	)
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT code, name, sick, fetched_at FROM polis ORDER BY pos`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p clinic.Poli
			if err := rows.Scan(&p.Code, &p.Name, &p.Sick, (*timeCol)(&fetched)); err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, time.Time{}, err
	}
	return out, fetched, nil
}

// SavePolis replaces the cached poli list in one transaction, so a reader
// sees the old list or the new one, never a mix.
func (db *DB) SavePolis(ctx context.Context, polis []clinic.Poli, fetchedAt time.Time) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM polis`); err != nil {
			return err
		}
		st, err := tx.PrepareContext(ctx, `INSERT INTO polis (code, name, sick, pos, fetched_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, sick = excluded.sick`)
		if err != nil {
			return err
		}
		defer st.Close()
		for i, p := range polis {
			// A code PCare lists twice is kept once, at its first place,
			// rather than failing the whole refresh.
			if _, err := st.ExecContext(ctx, p.Code, p.Name, p.Sick, i, stamp(fetchedAt)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Facility returns the clinic's identity; ENOTFOUND before set-up.
func (db *DB) Facility(ctx context.Context) (clinic.Facility, error) {
	var f clinic.Facility
	err := db.view(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT ppk, name, address, regency, bpjs_branch FROM facility WHERE id = 1`).
			Scan(&f.PPK, &f.Name, &f.Address, &f.Regency, &f.BPJSBranch)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Identitas klinik belum diisi.")
		}
		return err
	})
	return f, err
}

// SaveFacility sets the clinic's identity.
func (db *DB) SaveFacility(ctx context.Context, f clinic.Facility) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO facility (id, ppk, name, address, regency, bpjs_branch, updated_at)
			VALUES (1, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET ppk = excluded.ppk, name = excluded.name, address = excluded.address,
				regency = excluded.regency, bpjs_branch = excluded.bpjs_branch, updated_at = excluded.updated_at`,
			f.PPK, f.Name, f.Address, f.Regency, f.BPJSBranch, stamp(db.Now()))
		return err
	})
}
