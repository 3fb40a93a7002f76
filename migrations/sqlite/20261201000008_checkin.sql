-- Tickets and check-in: the ticket's version (re-issuing raises it and retires the old code), the
-- ticket code of a queued email (its QR is attached as a PNG), scanner devices with hashed tokens,
-- stakeholder-group limits per check-in list, and the admissions themselves: one per ticket and
-- list, and one per scan (the client's nonce), enforced by unique keys.
ALTER TABLE registrations ADD COLUMN ticket_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outbox ADD COLUMN ticket_code TEXT;

CREATE TABLE scanner_devices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    forum_id INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    salt TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX scanner_devices_forum ON scanner_devices (forum_id);

CREATE TABLE checkin_list_groups (
    forum_id INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    list_key TEXT NOT NULL,
    group_id INTEGER NOT NULL REFERENCES stakeholder_groups (id) ON DELETE CASCADE,
    PRIMARY KEY (forum_id, list_key, group_id)
);

CREATE TABLE checkins (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    forum_id INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    list_key TEXT NOT NULL,
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    scanner_key TEXT NOT NULL,
    scanner_name TEXT NOT NULL,
    manual INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    UNIQUE (forum_id, list_key, registration_id),
    UNIQUE (forum_id, nonce)
);
CREATE INDEX checkins_scanner ON checkins (scanner_key, created_at);
