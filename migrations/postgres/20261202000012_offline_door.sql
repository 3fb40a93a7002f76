-- The offline door: admissions a scanner decided itself while the network was down arrive later
-- with the time they were scanned (`created_at`) and the time the server learned of them
-- (`recorded_at`); one that arrives after its ticket was cancelled or re-issued is recorded and
-- flagged. A second admission of the same ticket on the same list (two doors offline) is kept as
-- a double entry beside the admission that counts, until an organiser marks it resolved.
ALTER TABLE checkins ADD COLUMN offline BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE checkins ADD COLUMN recorded_at TIMESTAMPTZ;
ALTER TABLE checkins ADD COLUMN flag TEXT;
CREATE INDEX checkins_recorded ON checkins (forum_id, list_key, recorded_at);
CREATE INDEX registrations_forum_updated ON registrations (forum_id, updated_at);

CREATE TABLE double_entries (
    id BIGSERIAL PRIMARY KEY,
    forum_id BIGINT NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    list_key TEXT NOT NULL,
    registration_id BIGINT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    checkin_id BIGINT NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    scanner_key TEXT NOT NULL,
    scanner_name TEXT NOT NULL,
    scanned_at TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    resolved_at TIMESTAMPTZ,
    resolved_by TEXT,
    UNIQUE (forum_id, nonce)
);
CREATE INDEX double_entries_forum ON double_entries (forum_id, list_key);
