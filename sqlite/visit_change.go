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

// Changes to recorded visits: deleting a visit, and adding, editing and
// removing its procedure (tindakan) and drug (obat) lines. Each change and
// its PCare writes are one transaction. What never left for PCare is changed
// or dropped in place; what PCare has, or may have, gets an edit or a delete
// queued behind the write it changes (the outbox sends a record's items in
// order). A visit's deletes form one chain, because PCare deletes a visit
// only once its lines are gone.

// liveVisit reads visit id inside tx for a change: ENOTFOUND when unknown,
// ECONFLICT when deleted.
func liveVisit(ctx context.Context, tx *sql.Tx, id int64) (clinic.Visit, error) {
	v, err := scanVisit(tx.QueryRowContext(ctx, visitSelect+`WHERE v.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return v, notFound("Kunjungan #%d tidak ditemukan.", id)
	}
	if err != nil {
		return v, err
	}
	if v.Deleted {
		return v, clinic.Errorf(clinic.ECONFLICT, "Kunjungan ini sudah dihapus.")
	}
	return v, nil
}

// recordJSON is a visit as the record column keeps it: without what the
// store tracks elsewhere (PCare's number, the sync state, deletion).
func recordJSON(v clinic.Visit) ([]byte, error) {
	v.VisitNo, v.SyncState, v.SyncError, v.Deleted = "", "", "", false
	return json.Marshal(v)
}

// writeRecord stores v's record and the columns lists read from it.
func writeRecord(ctx context.Context, tx *sql.Tx, v clinic.Visit) error {
	body, err := recordJSON(v)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE visits SET discharge_status = ?, referral = ?, record = ? WHERE id = ?`,
		v.DischargeStatus, v.Referral != nil, string(body), v.ID)
	return err
}

// unsent reports whether an add never reached PCare: it waits for its first
// attempt (or a retry after nothing was stored), or PCare refused it.
func unsent(state string) bool { return state == clinic.SyncPending || state == clinic.SyncCorrection }

// queueEdit queues an edit of a record PCare has or may have, behind its
// add item. An edit still waiting already carries the change: the worker
// reads the record when it sends.
func queueEdit(ctx context.Context, tx *sql.Tx, kind string, entity int64, line int, add int64, d, now time.Time) error {
	var waiting bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM outbox WHERE kind = ? AND entity_id = ? AND line = ?
		AND op = 'edit' AND state = 'pending')`, kind, entity, line).Scan(&waiting); err != nil || waiting {
		return err
	}
	_, err := insertItem(ctx, tx, claims.Item{Kind: kind, Op: claims.OpEdit, EntityID: entity, Line: line,
		DependsOn: add, State: clinic.SyncPending, NextAttempt: now}, d, now)
	return err
}

// queueDelete queues the delete of a visit or one of its lines, which PCare
// has or may have: behind the visit's last delete (lines go before the
// visit, one after another), or behind the record's add when it is the
// first.
func queueDelete(ctx context.Context, tx *sql.Tx, kind string, visitID int64, line int, add int64, d, now time.Time) (int64, error) {
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM outbox WHERE kind IN (?, ?, ?) AND entity_id = ?
		AND op = 'delete'`, claims.KindVisit, claims.KindProcedure, claims.KindDrug, visitID).Scan(&last); err != nil {
		return 0, err
	}
	if last == 0 {
		last = add
	}
	return insertItem(ctx, tx, claims.Item{Kind: kind, Op: claims.OpDelete, EntityID: visitID, Line: line,
		DependsOn: last, State: clinic.SyncPending, NextAttempt: now}, d, now)
}

// dropEdits removes a record's edits that never reached PCare: the record
// is going away.
func dropEdits(ctx context.Context, tx *sql.Tx, kind string, entity int64, line int) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE kind = ? AND entity_id = ? AND line = ? AND op = 'edit'
		AND state IN ('pending', 'needs-correction')`, kind, entity, line)
	return err
}

// removeLine takes line of kind off visit v at PCare: an add that never
// left is dropped with the line's other items; otherwise the line's delete
// joins the visit's chain of deletes.
func removeLine(ctx context.Context, tx *sql.Tx, kind string, v clinic.Visit, line int, now time.Time) error {
	add, state, err := recordAddItem(ctx, tx, kind, v.ID, line)
	if clinic.ErrorCode(err) == clinic.ENOTFOUND {
		return nil // never queued: nothing at PCare
	}
	if err != nil {
		return err
	}
	if unsent(state) {
		_, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE kind = ? AND entity_id = ? AND line = ?`, kind, v.ID, line)
		return err
	}
	if err := dropEdits(ctx, tx, kind, v.ID, line); err != nil {
		return err
	}
	_, err = queueDelete(ctx, tx, kind, v.ID, line, add, v.Date, now)
	return err
}

// DeleteVisit deletes a visit; see clinic.VisitStore.
func (db *DB) DeleteVisit(ctx context.Context, id int64) error {
	now := stamped(db.Now())
	return db.update(ctx, func(tx *sql.Tx) error {
		v, err := liveVisit(ctx, tx, id)
		if err != nil {
			return err
		}
		add, state, err := recordAddItem(ctx, tx, claims.KindVisit, id, 0)
		if err != nil {
			return err
		}
		if unsent(state) {
			// PCare never had the visit, so none of its lines either (they
			// wait for its number): drop them all, lines before the visit's
			// add they depend on.
			if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE kind IN (?, ?) AND entity_id = ?`,
				claims.KindProcedure, claims.KindDrug, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE kind = ? AND entity_id = ?`, claims.KindVisit, id); err != nil {
				return err
			}
		} else {
			for line, p := range v.Procedures {
				if !p.Removed {
					if err := removeLine(ctx, tx, claims.KindProcedure, v, line, now); err != nil {
						return err
					}
				}
			}
			for line, d := range v.Drugs {
				if !d.Removed {
					if err := removeLine(ctx, tx, claims.KindDrug, v, line, now); err != nil {
						return err
					}
				}
			}
			if err := dropEdits(ctx, tx, claims.KindVisit, id, 0); err != nil {
				return err
			}
			if _, err := queueDelete(ctx, tx, claims.KindVisit, id, 0, add, v.Date, now); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE visits SET deleted = 1 WHERE id = ?`, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE registrations SET visit_status = ? WHERE id = ?`, clinic.VisitWaiting, v.RegistrationID)
		return err
	})
}

// changeVisit runs change on the live visit visitID inside one transaction
// and stores the record as change left it.
func (db *DB) changeVisit(ctx context.Context, visitID int64, change func(tx *sql.Tx, v *clinic.Visit, now time.Time) error) error {
	now := stamped(db.Now())
	return db.update(ctx, func(tx *sql.Tx) error {
		v, err := liveVisit(ctx, tx, visitID)
		if err != nil {
			return err
		}
		if err := change(tx, &v, now); err != nil {
			return err
		}
		return writeRecord(ctx, tx, v)
	})
}

// liveLine checks that line of kind (a procedure or a drug) is on v and
// not removed, and returns its Removed flag for the change to set.
func liveLine(v *clinic.Visit, kind string, line int) (*bool, error) {
	what, n := "Tindakan", len(v.Procedures)
	if kind == claims.KindDrug {
		what, n = "Obat", len(v.Drugs)
	}
	if line < 0 || line >= n {
		return nil, notFound("%s #%d tidak ada pada kunjungan ini.", what, line+1)
	}
	var removed *bool
	if kind == claims.KindDrug {
		removed = &v.Drugs[line].Removed
	} else {
		removed = &v.Procedures[line].Removed
	}
	if *removed {
		return nil, clinic.Errorf(clinic.ECONFLICT, "%s #%d sudah dihapus dari kunjungan ini.", what, line+1)
	}
	return removed, nil
}

// addLine queues the add of the visit's newest line of kind behind the
// visit's add.
func addLine(ctx context.Context, tx *sql.Tx, kind string, v *clinic.Visit, line int, now time.Time) error {
	visitItem, _, err := recordAddItem(ctx, tx, claims.KindVisit, v.ID, 0)
	if err != nil {
		return err
	}
	return addLineItem(ctx, tx, kind, v.ID, line, false, visitItem, v.Date, now)
}

// AddProcedure adds a procedure line; see clinic.VisitStore.
func (db *DB) AddProcedure(ctx context.Context, visitID int64, p clinic.Procedure) error {
	return db.changeVisit(ctx, visitID, func(tx *sql.Tx, v *clinic.Visit, now time.Time) error {
		p.Removed = false
		v.Procedures = append(v.Procedures, p)
		return addLine(ctx, tx, claims.KindProcedure, v, len(v.Procedures)-1, now)
	})
}

// AddDrug adds a drug line; see clinic.VisitStore.
func (db *DB) AddDrug(ctx context.Context, visitID int64, d clinic.Drug) error {
	return db.changeVisit(ctx, visitID, func(tx *sql.Tx, v *clinic.Visit, now time.Time) error {
		d.Removed = false
		v.Drugs = append(v.Drugs, d)
		return addLine(ctx, tx, claims.KindDrug, v, len(v.Drugs)-1, now)
	})
}

// EditProcedure changes a procedure line; see clinic.VisitStore.
func (db *DB) EditProcedure(ctx context.Context, visitID int64, line int, p clinic.Procedure) error {
	return db.changeVisit(ctx, visitID, func(tx *sql.Tx, v *clinic.Visit, now time.Time) error {
		if _, err := liveLine(v, claims.KindProcedure, line); err != nil {
			return err
		}
		p.Removed = false
		v.Procedures[line] = p
		add, state, err := recordAddItem(ctx, tx, claims.KindProcedure, v.ID, line)
		switch {
		case err != nil:
			return err
		case state == clinic.SyncPending:
			return nil // the add has not left: it carries the change
		case state == clinic.SyncCorrection:
			return requeue(ctx, tx, claims.KindProcedure, v.ID, line, now) // the change may be the fix
		}
		return queueEdit(ctx, tx, claims.KindProcedure, v.ID, line, add, v.Date, now)
	})
}

// EditDrug replaces a drug line; see clinic.VisitStore.
func (db *DB) EditDrug(ctx context.Context, visitID int64, line int, d clinic.Drug) error {
	return db.changeVisit(ctx, visitID, func(tx *sql.Tx, v *clinic.Visit, now time.Time) error {
		if _, err := liveLine(v, claims.KindDrug, line); err != nil {
			return err
		}
		d.Removed = false
		add, state, err := recordAddItem(ctx, tx, claims.KindDrug, v.ID, line)
		if err != nil {
			return err
		}
		if unsent(state) {
			v.Drugs[line] = d
			if state == clinic.SyncCorrection {
				return requeue(ctx, tx, claims.KindDrug, v.ID, line, now)
			}
			return nil
		}
		// PCare has (or may have) the old drug and cannot edit it: the old
		// line is deleted there, then the new one added.
		v.Drugs[line].Removed = true
		v.Drugs = append(v.Drugs, d)
		del, err := queueDelete(ctx, tx, claims.KindDrug, v.ID, line, add, v.Date, now)
		if err != nil {
			return err
		}
		return addLineItem(ctx, tx, claims.KindDrug, v.ID, len(v.Drugs)-1, false, del, v.Date, now)
	})
}

// DeleteProcedure removes a procedure line; see clinic.VisitStore.
func (db *DB) DeleteProcedure(ctx context.Context, visitID int64, line int) error {
	return db.deleteLine(ctx, claims.KindProcedure, visitID, line)
}

// DeleteDrug removes a drug line; see clinic.VisitStore.
func (db *DB) DeleteDrug(ctx context.Context, visitID int64, line int) error {
	return db.deleteLine(ctx, claims.KindDrug, visitID, line)
}

func (db *DB) deleteLine(ctx context.Context, kind string, visitID int64, line int) error {
	return db.changeVisit(ctx, visitID, func(tx *sql.Tx, v *clinic.Visit, now time.Time) error {
		removed, err := liveLine(v, kind, line)
		if err != nil {
			return err
		}
		*removed = true
		return removeLine(ctx, tx, kind, *v, line, now)
	})
}
