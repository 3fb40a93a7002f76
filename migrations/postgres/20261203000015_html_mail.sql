-- The HTML part of an email, beside its text part (`body`); erased with the body once delivered.
ALTER TABLE outbox ADD COLUMN html TEXT;
