-- The credential vault (package vault): its identity, the key slots that
-- each hold the data key sealed under one key-encryption key (a user's
-- password through argon2id, or the OS keyring), and the secrets sealed
-- under that data key. Nothing here is readable without a password or the
-- keyring of the PC that set it up.
CREATE TABLE vault (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	vault_id   TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE TABLE vault_slots (
	name           TEXT PRIMARY KEY,
	kind           TEXT NOT NULL CHECK (kind IN ('password', 'keyring')),
	kdf_salt       BLOB,
	kdf_time       INTEGER NOT NULL DEFAULT 0,
	kdf_memory_kib INTEGER NOT NULL DEFAULT 0,
	kdf_threads    INTEGER NOT NULL DEFAULT 0,
	wrapped        BLOB NOT NULL,
	updated_at     TEXT NOT NULL
);
CREATE TABLE vault_secrets (
	name       TEXT PRIMARY KEY,
	sealed     BLOB NOT NULL,
	updated_at TEXT NOT NULL
);
-- PCare connection settings that are not secret (mode, URL, consumer ID,
-- username, kdAplikasi, PPK), by name; the secrets are in vault_secrets.
CREATE TABLE pcare_settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
