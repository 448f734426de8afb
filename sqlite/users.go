package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"fktpdesk/access"
)

// The store of local accounts; see access.Store.

const userCols = `id, username, name, roles, password_hash, disabled, failed, locked_until, created_at, password_changed`

func scanUser(s interface{ Scan(...any) error }) (access.User, error) {
	var (
		u     access.User
		roles string
	)
	err := s.Scan(&u.ID, &u.Username, &u.Name, &roles, &u.PasswordHash, &u.Disabled, &u.Failed,
		(*timeCol)(&u.LockedUntil), (*timeCol)(&u.CreatedAt), (*timeCol)(&u.PasswordChanged))
	if err != nil {
		return u, err
	}
	// A role this build does not know (written by a newer one) is dropped
	// rather than failing every sign-in.
	stored := strings.Split(roles, ",")
	for _, r := range access.Roles {
		if slices.Contains(stored, string(r)) {
			u.Roles = append(u.Roles, r)
		}
	}
	return u, nil
}

// CountUsers returns how many accounts exist.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	})
	return n, err
}

func (db *DB) oneUser(ctx context.Context, where string, arg any, name string) (access.User, error) {
	var u access.User
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE `+where, arg))
		if errors.Is(err, sql.ErrNoRows) {
			return access.ErrNotFound(name)
		}
		return err
	})
	return u, err
}

// UserByName returns the account, case-insensitively.
func (db *DB) UserByName(ctx context.Context, username string) (access.User, error) {
	return db.oneUser(ctx, `username = ?`, username, username)
}

// UserByID returns the account with that id.
func (db *DB) UserByID(ctx context.Context, id int64) (access.User, error) {
	return db.oneUser(ctx, `id = ?`, id, fmt.Sprintf("#%d", id))
}

// Users lists every account by username.
func (db *DB) Users(ctx context.Context) ([]access.User, error) {
	var out []access.User
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY username`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	return out, err
}

// AddUser stores u and sets u.ID. With onlyFirst it refuses unless the
// table is empty, in the same transaction.
func (db *DB) AddUser(ctx context.Context, u *access.User, onlyFirst bool) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		if onlyFirst {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return access.ErrSetupDone()
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO users (username, name, roles, password_hash, disabled, failed, locked_until, created_at, password_changed)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			u.Username, u.Name, access.JoinRoles(u.Roles), u.PasswordHash, u.Disabled, u.Failed,
			optStamp(u.LockedUntil), stamp(u.CreatedAt), stamp(u.PasswordChanged))
		if isUnique(err) {
			return access.ErrTaken(u.Username)
		}
		if err != nil {
			return err
		}
		u.ID, err = res.LastInsertId()
		return err
	})
}

// UpdateUser saves every field of u but its username and creation time.
func (db *DB) UpdateUser(ctx context.Context, u access.User) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET name = ?, roles = ?, password_hash = ?, disabled = ?, failed = ?,
			locked_until = ?, password_changed = ? WHERE id = ?`,
			u.Name, access.JoinRoles(u.Roles), u.PasswordHash, u.Disabled, u.Failed, optStamp(u.LockedUntil),
			stamp(u.PasswordChanged), u.ID)
		return oneRow(res, err, u.Username)
	})
}

// RecordSignIn saves a password check's outcome.
func (db *DB) RecordSignIn(ctx context.Context, id int64, failed int, lockedUntil time.Time) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET failed = ?, locked_until = ? WHERE id = ?`, failed, optStamp(lockedUntil), id)
		return oneRow(res, err, fmt.Sprintf("#%d", id))
	})
}

func oneRow(res sql.Result, err error, name string) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return access.ErrNotFound(name)
	}
	return nil
}

func optStamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return stamp(t)
}
