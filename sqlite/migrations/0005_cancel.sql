-- A registration cancelled at the desk (and deleted at PCare by the outbox).
ALTER TABLE registrations ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;
