-- One settings table: the non-secret PCare settings move into settings
-- under "pcare." keys, beside the other features' settings.
INSERT INTO settings (key, value, updated_at)
	SELECT 'pcare.' || key, value, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM pcare_settings WHERE true
	ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
DROP TABLE pcare_settings;
