package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"

	"fktpdesk/clinic"
)

// Setting returns the stored value of key and whether it is set. Keys
// belong to the feature that names them ("backup.keep"); a missing key is
// not an error, so a feature reads its default when nothing was saved.
func (db *DB) Setting(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := db.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	})
	if clinic.ErrorCode(err) == clinic.ENOTFOUND {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return v, true, nil
}

// SetSetting stores value under key, replacing what was there.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	if key == "" {
		return clinic.Errorf(clinic.EINVALID, "Nama pengaturan kosong.")
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		return setSetting(ctx, tx, key, value, stamp(db.Now()))
	})
}

func setSetting(ctx context.Context, tx *sql.Tx, key, value, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, value, now)
	return err
}

// Backup settings: their keys and their defaults.
const (
	keyBackupFolder  = "backup.folder"
	keyBackupKeep    = "backup.keep"
	keyBackupEnabled = "backup.enabled"

	// DefaultBackupKeep is two weeks of daily backups.
	DefaultBackupKeep = 14
	// BackupFolderName is the default backup folder inside the data folder.
	BackupFolderName = "backups"
)

// BackupSettings say where the daily backup goes and how many are kept.
type BackupSettings struct {
	// Folder is an absolute path: a USB disk or a network share is safer
	// than the default, a folder beside the database on the same disk.
	Folder string
	// Keep is how many of our backups stay in Folder; older ones are
	// removed after each new backup.
	Keep int
	// Enabled turns the automatic daily backup on (fktpctl backup and a
	// backup started by hand work either way).
	Enabled bool
}

// Validate checks the settings as the settings form would save them.
func (s BackupSettings) Validate() error {
	var fields []clinic.FieldError
	if s.Folder == "" || !filepath.IsAbs(s.Folder) {
		fields = append(fields, clinic.FieldError{Field: "Folder", Label: "Folder cadangan",
			Message: "Folder cadangan harus berupa lokasi lengkap, misalnya D:\\Cadangan FKTP atau /media/usb/cadangan."})
	}
	if s.Keep < 1 {
		fields = append(fields, clinic.FieldError{Field: "Keep", Label: "Jumlah cadangan",
			Message: "Jumlah cadangan yang disimpan minimal 1."})
	}
	if len(fields) == 0 {
		return nil
	}
	return &clinic.Error{Code: clinic.EINVALID, Message: fields[0].Message, Fields: fields}
}

// BackupSettings returns the backup settings, with the defaults for what
// was never saved: <data folder>/backups, keep 14, enabled.
func (db *DB) BackupSettings(ctx context.Context) (BackupSettings, error) {
	s := BackupSettings{Folder: filepath.Join(filepath.Dir(db.path), BackupFolderName), Keep: DefaultBackupKeep, Enabled: true}
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT key, value FROM settings WHERE key IN (?, ?, ?)`,
			keyBackupFolder, keyBackupKeep, keyBackupEnabled)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				return err
			}
			if err := s.set(k, v); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	return s, err
}

// set applies one stored value. A value that does not parse was written by
// hand or by a broken build; it is reported rather than silently replaced
// by the default, which could turn backups off unnoticed.
func (s *BackupSettings) set(key, v string) error {
	var err error
	switch key {
	case keyBackupFolder:
		s.Folder = v
	case keyBackupKeep:
		s.Keep, err = strconv.Atoi(v)
	case keyBackupEnabled:
		s.Enabled, err = strconv.ParseBool(v)
	}
	if err != nil {
		return &clinic.Error{Code: clinic.EINTERNAL, Err: errors.Join(fmt.Errorf("setting %s = %q", key, v), err),
			Message: "Pengaturan cadangan tersimpan rusak. Simpan ulang pengaturan cadangan di layar Pengaturan."}
	}
	return nil
}

// SaveBackupSettings validates and stores s in one transaction.
func (db *DB) SaveBackupSettings(ctx context.Context, s BackupSettings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	now := stamp(db.Now())
	return db.update(ctx, func(tx *sql.Tx) error {
		for k, v := range map[string]string{
			keyBackupFolder:  filepath.Clean(s.Folder),
			keyBackupKeep:    strconv.Itoa(s.Keep),
			keyBackupEnabled: strconv.FormatBool(s.Enabled),
		} {
			if err := setSetting(ctx, tx, k, v, now); err != nil {
				return err
			}
		}
		return nil
	})
}
