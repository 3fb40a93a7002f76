-- Calendars: a SEQUENCE and modification time for each forum's own event, the modification time
-- of sessions, and the participant's personal agenda with its revocable feed token.
ALTER TABLE forums ADD COLUMN ics_sequence BIGINT NOT NULL DEFAULT 0;
ALTER TABLE forums ADD COLUMN ics_modified_at TIMESTAMPTZ;
ALTER TABLE agenda_sessions ADD COLUMN updated_at TIMESTAMPTZ;
ALTER TABLE registrations ADD COLUMN calendar_salt TEXT;
ALTER TABLE registrations ADD COLUMN calendar_token_hash TEXT;
CREATE UNIQUE INDEX registrations_calendar_token ON registrations (calendar_token_hash);

CREATE TABLE personal_sessions (
    registration_id BIGINT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    session_id BIGINT NOT NULL REFERENCES agenda_sessions (id) ON DELETE CASCADE,
    PRIMARY KEY (registration_id, session_id)
);
CREATE INDEX personal_sessions_session ON personal_sessions (session_id);

ALTER TABLE outbox ADD COLUMN calendar TEXT;
