-- Accounts can be disabled (their sessions end); sessions expire after idle time.
ALTER TABLE accounts ADD COLUMN disabled_at TEXT;
ALTER TABLE auth_sessions ADD COLUMN last_seen_at TEXT;
UPDATE auth_sessions SET last_seen_at = created_at;
