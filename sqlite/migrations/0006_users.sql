-- Local accounts (issue #7). The password hash is argon2id in PHC form;
-- roles are a comma-separated list of access.Role strings.
CREATE TABLE users (
	id               INTEGER PRIMARY KEY,
	username         TEXT NOT NULL UNIQUE COLLATE NOCASE,
	name             TEXT NOT NULL,
	roles            TEXT NOT NULL,
	password_hash    TEXT NOT NULL,
	disabled         INTEGER NOT NULL DEFAULT 0,
	failed           INTEGER NOT NULL DEFAULT 0,
	locked_until     TEXT NOT NULL DEFAULT '',
	created_at       TEXT NOT NULL,
	password_changed TEXT NOT NULL
);
