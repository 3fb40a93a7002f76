-- Per-field translations of what participants read (forum, series, stakeholder group texts).
-- The base columns hold the text in the record's default language.
ALTER TABLE series ADD COLUMN default_locale TEXT NOT NULL DEFAULT 'en';

CREATE TABLE translations (
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    field TEXT NOT NULL,
    locale TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field, locale)
);
