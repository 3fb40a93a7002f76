-- A participant's page remembers a device by a random id of its own (the cookie holds it, never
-- the manage link): each device can be forgotten alone, and a new manage link forgets them all.
CREATE TABLE participant_devices (
    id BIGSERIAL PRIMARY KEY,
    registration_id BIGINT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX participant_devices_registration ON participant_devices (registration_id);

-- Confirm address first: how many minutes a new registration holds its place before the
-- participant confirms their address (NULL: the forum does not ask).
ALTER TABLE forums ADD COLUMN confirm_within_minutes INTEGER;

-- Until when an unconfirmed registration holds its place (NULL: nothing to confirm).
ALTER TABLE registrations ADD COLUMN hold_until TIMESTAMPTZ;
CREATE INDEX registrations_hold ON registrations (hold_until) WHERE hold_until IS NOT NULL;
