-- A scanner device's link stops working a day after its forum ends (older devices: no expiry).
ALTER TABLE scanner_devices ADD COLUMN expires_at TEXT;
