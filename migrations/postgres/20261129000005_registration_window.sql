-- When a forum's registration opens and closes (both optional).
ALTER TABLE forums ADD COLUMN registration_opens_at TIMESTAMPTZ;
ALTER TABLE forums ADD COLUMN registration_closes_at TIMESTAMPTZ;
