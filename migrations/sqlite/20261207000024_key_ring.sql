-- The installation's key ring (`server rotate-key`): key 0 is the key file itself; each later
-- key is derived from the key file and its salt, so this table alone reveals no key. The newest
-- key whose signs_from has come signs; what a key signed verifies until its verifies_until.
CREATE TABLE signing_keys (
    id INTEGER PRIMARY KEY,
    salt TEXT NOT NULL,
    signs_from TEXT NOT NULL,
    verifies_until TEXT,
    created_at TEXT NOT NULL
);
