-- 0001: the front desk's first schema. Times are UTC text in the fixed-width
-- form 2006-01-02T15:04:05.000Z, so text order is time order; calendar dates
-- (birth dates, registration days) are 'YYYY-MM-DD'. Empty strings, not
-- NULLs, stand for "not known" in text columns the domain treats as strings.

-- The clinic itself: one row, id 1.
CREATE TABLE facility (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	ppk         TEXT NOT NULL,
	name        TEXT NOT NULL,
	address     TEXT NOT NULL DEFAULT '',
	regency     TEXT NOT NULL DEFAULT '',
	bpjs_branch TEXT NOT NULL DEFAULT '',
	updated_at  TEXT NOT NULL
);

-- AUTOINCREMENT so an id, and with it a record number, is never reused.
CREATE TABLE patients (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	record_no  TEXT UNIQUE, -- NULL only inside the insert; see patients_record_no
	nik        TEXT NOT NULL DEFAULT '',
	card_no    TEXT NOT NULL DEFAULT '',
	name       TEXT NOT NULL,
	sex        TEXT NOT NULL DEFAULT '',
	birth_date TEXT NOT NULL DEFAULT '',
	phone      TEXT NOT NULL DEFAULT '',
	address    TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
-- One person, one record: a NIK or card number belongs to at most one
-- patient. Patients without one (a newborn, a general patient) are many.
CREATE UNIQUE INDEX patients_nik ON patients (nik) WHERE nik <> '';
CREATE UNIQUE INDEX patients_card_no ON patients (card_no) WHERE card_no <> '';

-- A record number is assigned by the database, whatever code inserts the
-- patient, unless the insert brings one (numbers carried over from paper).
CREATE TRIGGER patients_record_no AFTER INSERT ON patients
WHEN NEW.record_no IS NULL
BEGIN
	UPDATE patients SET record_no = printf('RM-%06d', NEW.id) WHERE id = NEW.id;
END;

-- Names for search. External content: the text lives once, in patients.
-- remove_diacritics 2 folds every Latin diacritic, so "sinta" finds "Siñta";
-- the prefix indexes make the two- and three-letter prefixes people type
-- first as cheap as whole words.
CREATE VIRTUAL TABLE patients_fts USING fts5 (
	name,
	content = 'patients',
	content_rowid = 'id',
	tokenize = "unicode61 remove_diacritics 2",
	prefix = '2 3'
);
CREATE TRIGGER patients_fts_insert AFTER INSERT ON patients BEGIN
	INSERT INTO patients_fts (rowid, name) VALUES (NEW.id, NEW.name);
END;
CREATE TRIGGER patients_fts_delete AFTER DELETE ON patients BEGIN
	INSERT INTO patients_fts (patients_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
END;
CREATE TRIGGER patients_fts_update AFTER UPDATE OF name ON patients BEGIN
	INSERT INTO patients_fts (patients_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
	INSERT INTO patients_fts (rowid, name) VALUES (NEW.id, NEW.name);
END;

-- Every PCare answer about a participant, kept: the last one is what the desk
-- shows when PCare is down, and the history explains a refused claim.
CREATE TABLE eligibility (
	id              INTEGER PRIMARY KEY,
	patient_id      INTEGER NOT NULL REFERENCES patients (id),
	card_no         TEXT NOT NULL,
	nik             TEXT NOT NULL DEFAULT '',
	fetched_at      TEXT NOT NULL,
	active          INTEGER NOT NULL,
	provider_code   TEXT NOT NULL DEFAULT '',
	registered_here INTEGER NOT NULL DEFAULT 0,
	participant     TEXT NOT NULL -- clinic.Participant as JSON
);
CREATE INDEX eligibility_card_no ON eligibility (card_no, fetched_at);
CREATE INDEX eligibility_nik ON eligibility (nik, fetched_at) WHERE nik <> '';
CREATE INDEX eligibility_patient ON eligibility (patient_id);

-- PCare's poli list, cached for when PCare is down; pos keeps PCare's order.
CREATE TABLE polis (
	code       TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	sick       INTEGER NOT NULL,
	pos        INTEGER NOT NULL,
	fetched_at TEXT NOT NULL
);

-- Registrations (pendaftaran). The sync state is not here: it is the state
-- of the registration's outbox item, read by join, so it has one source.
CREATE TABLE registrations (
	id            INTEGER PRIMARY KEY,
	patient_id    INTEGER NOT NULL REFERENCES patients (id),
	card_no       TEXT NOT NULL,
	provider_code TEXT NOT NULL DEFAULT '',
	date          TEXT NOT NULL,
	poli_code     TEXT NOT NULL,
	poli_name     TEXT NOT NULL DEFAULT '',
	sick          INTEGER NOT NULL,
	tkp           TEXT NOT NULL,
	complaint     TEXT NOT NULL DEFAULT '',
	weight_kg     INTEGER NOT NULL DEFAULT 0,
	height_cm     INTEGER NOT NULL DEFAULT 0,
	systolic      INTEGER NOT NULL DEFAULT 0,
	diastolic     INTEGER NOT NULL DEFAULT 0,
	resp_rate     INTEGER NOT NULL DEFAULT 0,
	heart_rate    INTEGER NOT NULL DEFAULT 0,
	waist_cm      INTEGER NOT NULL DEFAULT 0,
	temperature   REAL NOT NULL DEFAULT 0,
	unverified    INTEGER NOT NULL DEFAULT 0,
	queue_no      TEXT NOT NULL DEFAULT '', -- PCare's noUrut, set by MarkSent
	visit_status  TEXT NOT NULL CHECK (visit_status IN ('waiting', 'examined', 'referred')),
	created_at    TEXT NOT NULL
);
CREATE INDEX registrations_date ON registrations (date, created_at);
CREATE INDEX registrations_patient ON registrations (patient_id, date);
CREATE INDEX registrations_unverified ON registrations (card_no) WHERE unverified = 1;

-- The outbox: every PCare write, durable before it is attempted. depends_on
-- is NULL when the item waits for nothing (the domain's 0).
CREATE TABLE outbox (
	id           INTEGER PRIMARY KEY,
	kind         TEXT NOT NULL,
	op           TEXT NOT NULL CHECK (op IN ('add', 'edit', 'delete')),
	entity_id    INTEGER NOT NULL,
	depends_on   INTEGER REFERENCES outbox (id),
	state        TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'needs-correction', 'unknown')),
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_attempt TEXT NOT NULL,
	last_error   TEXT NOT NULL DEFAULT '',
	fields       TEXT NOT NULL DEFAULT '[]', -- []clinic.FieldError as JSON
	remote       TEXT NOT NULL DEFAULT '',
	day          TEXT NOT NULL, -- the record's date: PCare numbers are per day
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);
-- ClaimDue seeks the pending and unknown items — a handful, however many
-- sent items accumulate — in id order; Items and Counts read by state too.
CREATE INDEX outbox_state ON outbox (state, id);
CREATE INDEX outbox_entity ON outbox (kind, entity_id);
CREATE INDEX outbox_remote ON outbox (kind, day, remote) WHERE remote <> '';
CREATE INDEX outbox_depends_on ON outbox (depends_on) WHERE depends_on IS NOT NULL;
