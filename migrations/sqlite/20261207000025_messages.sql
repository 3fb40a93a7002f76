-- Messages to registrants: written per language, sent to a filtered audience through the
-- outbox at a steady rate, each recipient recorded with the email made for them. Reminders
-- before a forum go once per participant and threshold (the primary key decides, across
-- servers).
CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    forum_id INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    author_account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    author_name TEXT NOT NULL,
    audience TEXT NOT NULL,
    texts TEXT NOT NULL,
    fallback_locale TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'scheduled', 'sent')),
    send_at TEXT,
    sent_at TEXT,
    recipients INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX messages_forum ON messages (forum_id, id);
CREATE INDEX messages_due ON messages (state, send_at);

CREATE TABLE message_recipients (
    message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    outbox_id INTEGER REFERENCES outbox (id) ON DELETE SET NULL,
    locale TEXT NOT NULL,
    subject TEXT NOT NULL,
    PRIMARY KEY (message_id, registration_id)
);
CREATE INDEX message_recipients_registration ON message_recipients (registration_id);
CREATE INDEX message_recipients_outbox ON message_recipients (outbox_id);

CREATE TABLE forum_reminders (
    forum_id INTEGER PRIMARY KEY REFERENCES forums (id) ON DELETE CASCADE,
    enabled INTEGER NOT NULL,
    hours TEXT NOT NULL
);

CREATE TABLE reminders_sent (
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    hours_before INTEGER NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (registration_id, hours_before)
);
