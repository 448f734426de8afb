-- Examinations (PCare's kunjungan) and the prints of their referral letters.
-- The whole clinic.Visit is kept as JSON in record; the columns beside it
-- are what lists and look-ups need.
CREATE TABLE visits (
	id               INTEGER PRIMARY KEY,
	registration_id  INTEGER NOT NULL UNIQUE REFERENCES registrations (id),
	card_no          TEXT NOT NULL,
	date             TEXT NOT NULL,
	poli_code        TEXT NOT NULL,
	discharge_status TEXT NOT NULL,
	referral         INTEGER NOT NULL DEFAULT 0,
	visit_no         TEXT NOT NULL DEFAULT '', -- PCare's noKunjungan, set by MarkSent
	record           TEXT NOT NULL,
	created_at       TEXT NOT NULL
);
CREATE INDEX visits_date ON visits (date, referral);
CREATE INDEX visits_no ON visits (visit_no) WHERE visit_no <> '';

CREATE TABLE prints (
	id       INTEGER PRIMARY KEY,
	visit_id INTEGER NOT NULL REFERENCES visits (id),
	number   TEXT NOT NULL DEFAULT '',
	by_user  TEXT NOT NULL,
	how      TEXT NOT NULL,
	draft    INTEGER NOT NULL,
	at       TEXT NOT NULL
);
CREATE INDEX prints_visit ON prints (visit_id, at);
