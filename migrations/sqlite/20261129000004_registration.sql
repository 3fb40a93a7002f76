-- Registration: per-forum settings, seat reservations and caps per stakeholder group,
-- registrations, and the transactional outbox for the emails they trigger.
ALTER TABLE forums ADD COLUMN waiting_list INTEGER NOT NULL DEFAULT 1;
ALTER TABLE forums ADD COLUMN reservations_release_at TEXT;

CREATE TABLE group_quotas (
    forum_id INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES stakeholder_groups (id) ON DELETE CASCADE,
    reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    cap INTEGER CHECK (cap IS NULL OR cap >= reserved),
    PRIMARY KEY (forum_id, group_id)
);

CREATE TABLE registrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    forum_id INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES stakeholder_groups (id),
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
    full_name TEXT NOT NULL,
    email TEXT NOT NULL,
    organisation TEXT NOT NULL,
    position TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL,
    gender TEXT NOT NULL DEFAULT '',
    age_band TEXT NOT NULL DEFAULT '',
    accessibility TEXT NOT NULL DEFAULT '',
    dietary TEXT NOT NULL DEFAULT '',
    privacy_version TEXT NOT NULL,
    photo_consent INTEGER NOT NULL DEFAULT 0,
    locale TEXT NOT NULL,
    manage_salt TEXT NOT NULL,
    manage_token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (forum_id, email)
);
CREATE INDEX registrations_forum_status ON registrations (forum_id, status, group_id, created_at);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    sent_at TEXT,
    last_error TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
