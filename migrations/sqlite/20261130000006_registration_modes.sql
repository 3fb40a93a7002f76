-- Registration modes (open, with approval, by invitation), pending and rejected registrations,
-- personal invitations, the forum's own questions and their answers, and the rate limiter's log.
ALTER TABLE forums ADD COLUMN registration_mode TEXT NOT NULL DEFAULT 'open'
    CHECK (registration_mode IN ('open', 'approval', 'invitation'));

-- SQLite cannot change a CHECK constraint in place: the table is rebuilt with the same rows.
CREATE TABLE registrations_next (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    forum_id INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES stakeholder_groups (id),
    status TEXT NOT NULL
        CHECK (status IN ('pending', 'confirmed', 'waiting', 'cancelled', 'rejected')),
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
INSERT INTO registrations_next SELECT id, forum_id, group_id, status, full_name, email,
    organisation, position, country, gender, age_band, accessibility, dietary, privacy_version,
    photo_consent, locale, manage_salt, manage_token_hash, created_at, updated_at
    FROM registrations;
DROP TABLE registrations;
ALTER TABLE registrations_next RENAME TO registrations;
CREATE INDEX registrations_forum_status ON registrations (forum_id, status, group_id, created_at);

CREATE TABLE invitations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    forum_id INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    -- The code is derived from the server's key and this salt; only its SHA-256 is looked up.
    salt TEXT NOT NULL,
    code_hash TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    group_id INTEGER REFERENCES stakeholder_groups (id) ON DELETE SET NULL,
    registration_id INTEGER UNIQUE REFERENCES registrations (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX invitations_forum ON invitations (forum_id, id);

CREATE TABLE questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    forum_id INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('short', 'long', 'single', 'multiple', 'checkbox')),
    required INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    -- JSON: {"en": "...", "sq": "..."} and [{"en": "...", ...}, ...] for the choices.
    label TEXT NOT NULL,
    options TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX questions_forum ON questions (forum_id, position, id);

CREATE TABLE answers (
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    -- Text as typed, or the chosen options' numbers separated by commas.
    value TEXT NOT NULL,
    PRIMARY KEY (registration_id, question_id)
);

CREATE TABLE rate_events (
    key TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX rate_events_key ON rate_events (key, at);
