-- The outbox worker's passes, for the claims screen's log.
CREATE TABLE batches (
	id          INTEGER PRIMARY KEY,
	started_at  TEXT NOT NULL,
	duration_ms INTEGER NOT NULL,
	claimed     INTEGER NOT NULL,
	sent        INTEGER NOT NULL,
	reconciled  INTEGER NOT NULL,
	retrying    INTEGER NOT NULL,
	unknown     INTEGER NOT NULL,
	correction  INTEGER NOT NULL,
	paused      INTEGER NOT NULL,
	errors      TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX batches_started ON batches (started_at);
