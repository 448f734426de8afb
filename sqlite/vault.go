package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"fktpdesk/vault"
)

var _ vault.Store = (*DB)(nil)

// LoadVault implements vault.Store: the vault's identity and its slots,
// vault.ErrNoVault before set-up.
func (db *DB) LoadVault(ctx context.Context) (vault.Record, error) {
	var rec vault.Record
	none := false
	err := db.view(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT vault_id FROM vault WHERE id = 1`).Scan(&rec.ID)
		if errors.Is(err, sql.ErrNoRows) {
			none = true
			return nil
		}
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT name, kind, kdf_salt, kdf_time, kdf_memory_kib, kdf_threads, wrapped
			FROM vault_slots ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s vault.Slot
			if err := rows.Scan(&s.Name, &s.Kind, &s.KDF.Salt, &s.KDF.Time, &s.KDF.MemoryKiB, &s.KDF.Threads, &s.Wrapped); err != nil {
				return err
			}
			rec.Slots = append(rec.Slots, s)
		}
		return rows.Err()
	})
	switch {
	case err != nil:
		return vault.Record{}, err
	case none:
		return vault.Record{}, vault.ErrNoVault
	}
	return rec, nil
}

// CreateVault implements vault.Store: the vault and its first slots in one
// transaction, vault.ErrExists when there is one already.
func (db *DB) CreateVault(ctx context.Context, id string, slots []vault.Slot) error {
	exists := false
	err := db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO vault (id, vault_id, created_at) VALUES (1, ?, ?)`, id, stamp(db.Now()))
		if isUnique(err) {
			exists = true
			return nil
		}
		if err != nil {
			return err
		}
		for _, s := range slots {
			if err := db.putSlot(ctx, tx, s); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && exists {
		return vault.ErrExists
	}
	return err
}

// PutSlot implements vault.Store.
func (db *DB) PutSlot(ctx context.Context, s vault.Slot) error {
	return db.update(ctx, func(tx *sql.Tx) error { return db.putSlot(ctx, tx, s) })
}

func (db *DB) putSlot(ctx context.Context, tx *sql.Tx, s vault.Slot) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO vault_slots
		(name, kind, kdf_salt, kdf_time, kdf_memory_kib, kdf_threads, wrapped, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, kdf_salt = excluded.kdf_salt,
			kdf_time = excluded.kdf_time, kdf_memory_kib = excluded.kdf_memory_kib,
			kdf_threads = excluded.kdf_threads, wrapped = excluded.wrapped, updated_at = excluded.updated_at`,
		s.Name, string(s.Kind), s.KDF.Salt, s.KDF.Time, s.KDF.MemoryKiB, s.KDF.Threads, s.Wrapped, stamp(db.Now()))
	return err
}

// DeleteSlot implements vault.Store: vault.ErrNoSlot when there is none.
func (db *DB) DeleteSlot(ctx context.Context, name string) error {
	var n int64
	err := db.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM vault_slots WHERE name = ?`, name)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err == nil && n == 0 {
		return vault.ErrNoSlot
	}
	return err
}

// PutSecrets implements vault.Store: all the sealed secrets in one
// transaction.
func (db *DB) PutSecrets(ctx context.Context, secrets []vault.Sealed) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		for _, s := range secrets {
			if _, err := tx.ExecContext(ctx, `INSERT INTO vault_secrets (name, sealed, updated_at) VALUES (?, ?, ?)
				ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
				s.Name, s.Value, stamp(db.Now())); err != nil {
				return err
			}
		}
		return nil
	})
}

// Secret implements vault.Store: vault.ErrNotFound when absent.
func (db *DB) Secret(ctx context.Context, name string) (vault.Sealed, error) {
	s := vault.Sealed{Name: name}
	none := false
	err := db.view(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT sealed FROM vault_secrets WHERE name = ?`, name).Scan(&s.Value)
		if errors.Is(err, sql.ErrNoRows) {
			none = true
			return nil
		}
		return err
	})
	switch {
	case err != nil:
		return vault.Sealed{}, err
	case none:
		return vault.Sealed{}, vault.ErrNotFound
	}
	return s, nil
}

// DeleteSecret implements vault.Store.
func (db *DB) DeleteSecret(ctx context.Context, name string) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM vault_secrets WHERE name = ?`, name)
		return err
	})
}

// pcarePrefix is the PCare settings' part of the settings table.
const pcarePrefix = "pcare."

// PCareSettings returns the non-secret PCare settings by name (pcare owns
// the names; they are stored as "pcare.<name>"); an empty map before they
// were first saved.
func (db *DB) PCareSettings(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT substr(key, ?), value FROM settings WHERE substr(key, 1, ?) = ?`,
			len(pcarePrefix)+1, len(pcarePrefix), pcarePrefix)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				return err
			}
			out[k] = v
		}
		return rows.Err()
	})
	return out, err
}

// SavePCareSettings replaces the non-secret PCare settings in one
// transaction.
func (db *DB) SavePCareSettings(ctx context.Context, settings map[string]string) error {
	now := stamp(db.Now())
	return db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE substr(key, 1, ?) = ?`, len(pcarePrefix), pcarePrefix); err != nil {
			return err
		}
		for k, v := range settings {
			if err := setSetting(ctx, tx, pcarePrefix+k, v, now); err != nil {
				return err
			}
		}
		return nil
	})
}
