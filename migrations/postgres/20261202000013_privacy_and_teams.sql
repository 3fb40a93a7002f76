-- Privacy from registration to erasure, and teams.
-- A series' privacy notice, in versions: each version keeps its text per language (JSON
-- {"en": "markdown", ...}) and its date; registrations name the version they agreed to.
CREATE TABLE privacy_notices (
    id BIGSERIAL PRIMARY KEY,
    series_id BIGINT NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    version BIGINT NOT NULL CHECK (version > 0),
    body TEXT NOT NULL,
    published_at TIMESTAMPTZ NOT NULL,
    UNIQUE (series_id, version)
);

-- Optional consents, each with the time it was given and, once withdrawn, the time of that.
CREATE TABLE consents (
    registration_id BIGINT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('photo', 'listed', 'contact')),
    given_at TIMESTAMPTZ NOT NULL,
    withdrawn_at TIMESTAMPTZ,
    PRIMARY KEY (registration_id, kind)
);
INSERT INTO consents (registration_id, kind, given_at)
    SELECT id, 'photo', created_at FROM registrations WHERE photo_consent;

-- Every status a registration has had, written by the database itself so no path can forget.
CREATE TABLE status_history (
    registration_id BIGINT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX status_history_registration ON status_history (registration_id, at);
INSERT INTO status_history (registration_id, status, at)
    SELECT id, status, updated_at FROM registrations;
CREATE FUNCTION record_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO status_history (registration_id, status, at) VALUES (NEW.id, NEW.status, NEW.created_at);
        -- The form's photo consent arrives with the registration row.
        IF NEW.photo_consent THEN
            INSERT INTO consents (registration_id, kind, given_at) VALUES (NEW.id, 'photo', NEW.created_at);
        END IF;
    ELSE
        IF NEW.status <> OLD.status THEN
            INSERT INTO status_history (registration_id, status, at) VALUES (NEW.id, NEW.status, NEW.updated_at);
        END IF;
        -- Every later change of the photo consent (the details form, the consents section).
        IF NEW.photo_consent AND NOT OLD.photo_consent THEN
            INSERT INTO consents (registration_id, kind, given_at) VALUES (NEW.id, 'photo', NEW.updated_at)
                ON CONFLICT (registration_id, kind) DO UPDATE SET given_at = EXCLUDED.given_at, withdrawn_at = NULL;
        ELSIF OLD.photo_consent AND NOT NEW.photo_consent THEN
            UPDATE consents SET withdrawn_at = NEW.updated_at
                WHERE registration_id = NEW.id AND kind = 'photo' AND withdrawn_at IS NULL;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER registrations_status AFTER INSERT OR UPDATE OF status, photo_consent ON registrations
    FOR EACH ROW EXECUTE FUNCTION record_status();

-- An erased registration keeps forum, group, country, gender, age band, status and check-ins.
ALTER TABLE registrations ADD COLUMN erased_at TIMESTAMPTZ;
-- How many days after its last day a forum keeps personal data; when the organisers were told.
ALTER TABLE forums ADD COLUMN retention_days BIGINT NOT NULL DEFAULT 180;
ALTER TABLE forums ADD COLUMN retention_warned_at TIMESTAMPTZ;
ALTER TABLE forums ADD COLUMN personal_data_erased_at TIMESTAMPTZ;
-- Outbox rows know their registration; once delivered, only subject, a keyed hash of the
-- recipient, status and dates stay.
ALTER TABLE outbox ADD COLUMN registration_id BIGINT REFERENCES registrations (id) ON DELETE SET NULL;
ALTER TABLE outbox ADD COLUMN recipient_hash TEXT;
ALTER TABLE outbox ADD COLUMN body_erased_at TIMESTAMPTZ;
CREATE INDEX outbox_registration ON outbox (registration_id);

-- Forum teams: an organiser sees and manages only the forums of their team (read-only where
-- asked). Organisers who existed before teams keep the forums they could see.
CREATE TABLE forum_team (
    forum_id BIGINT NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    read_only BOOLEAN NOT NULL DEFAULT FALSE,
    added_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (forum_id, account_id)
);
CREATE INDEX forum_team_account ON forum_team (account_id);
INSERT INTO forum_team (forum_id, account_id, read_only, added_at)
    SELECT f.id, a.id, FALSE, a.created_at FROM forums f CROSS JOIN accounts a WHERE a.role = 'organiser';
-- Country coordinators: read the registrations of one country across a series.
CREATE TABLE coordinators (
    series_id BIGINT NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    country TEXT NOT NULL,
    added_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (series_id, account_id)
);

-- Who read or changed personal data or access: never the data itself. Kept for a year.
CREATE TABLE access_log (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    account_id BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    forum_id BIGINT REFERENCES forums (id) ON DELETE SET NULL,
    registration_id BIGINT,
    detail TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX access_log_at ON access_log (at);

-- Scanner accounts can end by themselves.
ALTER TABLE accounts ADD COLUMN expires_at TIMESTAMPTZ;
