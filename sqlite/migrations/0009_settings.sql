-- Settings the clinic changes at run time (the backup folder, how many
-- backups to keep, ...), one row per key. Values are text; each feature owns
-- its keys (prefixed with its name, e.g. "backup.keep") and parses them.
CREATE TABLE settings (
	key        TEXT PRIMARY KEY,
	value      TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
