-- Facts every server of one installation must agree on, first written by the first server
-- to start: the fingerprint of the secret key (an HMAC of a fixed label, never the key).
CREATE TABLE installation (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
