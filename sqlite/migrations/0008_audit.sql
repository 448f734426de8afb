-- The audit trail (package audit): one row per event, hash-chained.
-- Rows are only ever added. The triggers below refuse UPDATE and DELETE
-- (and an insert that does not extend the chain) to the app, fktpctl and a
-- careless SQL tool; someone who drops them is caught by the chain
-- (fktpctl audit verify). A later migration that must rebuild this table
-- has to drop and recreate the triggers in the same transaction.
--
-- AUTOINCREMENT keeps the highest seq ever written in sqlite_sequence, which
-- a DELETE does not lower: verify compares it with the last row, and the next
-- append continues from it, so deleting the newest rows leaves a gap.
CREATE TABLE audit_log (
	seq       INTEGER PRIMARY KEY AUTOINCREMENT,
	at_ns     INTEGER NOT NULL,  -- Unix nanoseconds, UTC: exactly what is hashed
	user_id   INTEGER NOT NULL,
	username  TEXT NOT NULL,
	action    TEXT NOT NULL,
	patient   TEXT NOT NULL,     -- card number, NIK or record number; '' when none
	detail    TEXT NOT NULL,
	outcome   TEXT NOT NULL,
	prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
	hash      BLOB NOT NULL CHECK (length(hash) = 32)
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted');
END;

-- INSERT OR REPLACE would overwrite a row without firing the DELETE trigger
-- (recursive triggers are off), so an insert must come after the last row
-- and link to it.
CREATE TRIGGER audit_log_only_extends BEFORE INSERT ON audit_log
WHEN NEW.seq IS NULL
  OR NEW.seq <= coalesce((SELECT max(seq) FROM audit_log), 0)
  OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), zeroblob(32))
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only: a row must follow and link to the last one');
END;

-- The admin screen's filters; each ends with the time so that a filtered
-- page comes newest first straight from the index.
CREATE INDEX audit_log_at ON audit_log (at_ns);
CREATE INDEX audit_log_user ON audit_log (username, at_ns);
CREATE INDEX audit_log_patient ON audit_log (patient, at_ns);
CREATE INDEX audit_log_action ON audit_log (action, at_ns);
