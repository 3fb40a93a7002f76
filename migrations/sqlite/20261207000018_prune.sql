-- Mail that could not be delivered for 7 days is given up: scrubbed like delivered mail and
-- marked failed (the forum's organisers see it on the forum's privacy page).
ALTER TABLE outbox ADD COLUMN failed_at TEXT;
