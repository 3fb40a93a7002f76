-- Accounts can be disabled (their sessions end); sessions expire after idle time.
ALTER TABLE accounts ADD COLUMN disabled_at TIMESTAMPTZ;
ALTER TABLE auth_sessions ADD COLUMN last_seen_at TIMESTAMPTZ;
UPDATE auth_sessions SET last_seen_at = created_at;
