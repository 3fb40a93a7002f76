-- Series-wide messages: the series' lead writes once to several forums; each forum's part is an
-- ordinary message of that forum, tied to the series-wide one.
CREATE TABLE series_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    author_account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    author_name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX series_messages_series ON series_messages (series_id, id);
ALTER TABLE messages ADD COLUMN series_message_id INTEGER REFERENCES series_messages (id) ON DELETE SET NULL;
CREATE INDEX messages_series_message ON messages (series_message_id);
