-- How long a phone keeps the offline door's copy of a forum's lists, when its organisers want it
-- shorter than the defaults (12 hours after the forum's last day, 24 hours without contact with
-- the server). No row: the defaults.
CREATE TABLE door_expiry (
    forum_id BIGINT PRIMARY KEY REFERENCES forums (id) ON DELETE CASCADE,
    after_end_hours INTEGER NOT NULL CHECK (after_end_hours BETWEEN 0 AND 12),
    offline_hours INTEGER NOT NULL CHECK (offline_hours BETWEEN 1 AND 24)
);
