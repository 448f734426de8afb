-- A visit can be deleted (hapus kunjungan). Its row stays, marked, until the
-- outbox has deleted it at PCare (the worker reads its number from it), and
-- the registration may then be examined again: "one visit per registration"
-- now holds for live visits only. SQLite cannot turn a UNIQUE column into a
-- partial unique index in place, so the table is rebuilt.
--
-- Foreign keys stay on during migrations (they are a connection pragma), and
-- prints reference visits: dropping the table counts the prints as deferred
-- violations, and inserting their visits back into the new table resolves
-- them before the transaction commits.
CREATE TEMP TABLE visits_before AS SELECT * FROM visits;
PRAGMA defer_foreign_keys = ON;
DROP TABLE visits;
CREATE TABLE visits (
	id               INTEGER PRIMARY KEY,
	registration_id  INTEGER NOT NULL REFERENCES registrations (id),
	card_no          TEXT NOT NULL,
	date             TEXT NOT NULL,
	poli_code        TEXT NOT NULL,
	discharge_status TEXT NOT NULL,
	referral         INTEGER NOT NULL DEFAULT 0,
	visit_no         TEXT NOT NULL DEFAULT '', -- PCare's noKunjungan, set by MarkSent
	record           TEXT NOT NULL,
	created_at       TEXT NOT NULL,
	deleted          INTEGER NOT NULL DEFAULT 0
);
INSERT INTO visits (id, registration_id, card_no, date, poli_code, discharge_status, referral, visit_no, record, created_at)
	SELECT id, registration_id, card_no, date, poli_code, discharge_status, referral, visit_no, record, created_at FROM visits_before;
DROP TABLE visits_before;
CREATE UNIQUE INDEX visits_live_registration ON visits (registration_id) WHERE deleted = 0;
-- A registration's deleted visits too: a new visit, or the registration's
-- cancellation, waits for their deletes at PCare.
CREATE INDEX visits_registration ON visits (registration_id);
CREATE INDEX visits_date ON visits (date, referral);
CREATE INDEX visits_no ON visits (visit_no) WHERE visit_no <> '';
