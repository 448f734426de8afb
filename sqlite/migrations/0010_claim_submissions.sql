-- A month's non-capitation claim exported for submission (its FPK written),
-- so the app stops reminding of it. One row per month, the last export's;
-- un-marking the month deletes it. services and total are the claim as it
-- was exported, so a screen can tell when PCare accepted more since.
CREATE TABLE claim_submissions (
	month       TEXT PRIMARY KEY, -- 'YYYY-MM'
	exported_at TEXT NOT NULL,
	via         TEXT NOT NULL,            -- 'app' or 'fktpctl'
	path        TEXT NOT NULL DEFAULT '', -- the FPK file (app) or folder (fktpctl)
	by_user     TEXT NOT NULL DEFAULT '',
	services    INTEGER NOT NULL,
	total       INTEGER NOT NULL          -- rupiah
);
