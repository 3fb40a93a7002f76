-- Scanner accounts are assigned to a forum's door by its editors (or an admin) until a day;
-- an unassigned scanner opens no forum. Existing scanners are not assigned anywhere: the
-- forum's editors assign them (the door's devices are unaffected).
CREATE TABLE forum_scanners (
    forum_id INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    until TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (forum_id, account_id)
);
CREATE INDEX forum_scanners_account ON forum_scanners (account_id);
