-- Procedure (tindakan) and drug (obat) items point at one line of a visit.
ALTER TABLE outbox ADD COLUMN line INTEGER NOT NULL DEFAULT 0;
