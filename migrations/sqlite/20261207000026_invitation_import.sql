-- Invitation lists imported from spreadsheets: what each invitee's row said, and the files kept
-- between their check and their import (a day at most: they hold people's addresses).
ALTER TABLE invitations ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
ALTER TABLE invitations ADD COLUMN locale TEXT NOT NULL DEFAULT '';
ALTER TABLE invitations ADD COLUMN note TEXT NOT NULL DEFAULT '';

CREATE TABLE import_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    forum_id INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('invitations', 'registrations')),
    file_name TEXT NOT NULL,
    bytes BLOB NOT NULL,
    created_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX import_files_created ON import_files (created_at);
