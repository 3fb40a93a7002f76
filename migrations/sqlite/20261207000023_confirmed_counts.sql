-- Confirmed seats per forum and stakeholder group, kept by the database in the transaction
-- that changes a registration, so a seat decision reads a few rows instead of counting the
-- forum's registrations (its cost no longer grows with the forum).
CREATE TABLE confirmed_counts (
    forum_id INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL,
    confirmed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (forum_id, group_id)
);
INSERT INTO confirmed_counts (forum_id, group_id, confirmed)
    SELECT forum_id, group_id, COUNT(*) FROM registrations WHERE status = 'confirmed'
    GROUP BY forum_id, group_id;

CREATE TRIGGER registrations_confirmed_inserted AFTER INSERT ON registrations
    WHEN NEW.status = 'confirmed'
BEGIN
    INSERT OR IGNORE INTO confirmed_counts (forum_id, group_id, confirmed)
        VALUES (NEW.forum_id, NEW.group_id, 0);
    UPDATE confirmed_counts SET confirmed = confirmed + 1
        WHERE forum_id = NEW.forum_id AND group_id = NEW.group_id;
END;

CREATE TRIGGER registrations_confirmed_changed AFTER UPDATE OF status, group_id, forum_id
    ON registrations
BEGIN
    UPDATE confirmed_counts SET confirmed = confirmed - 1
        WHERE OLD.status = 'confirmed' AND forum_id = OLD.forum_id AND group_id = OLD.group_id;
    INSERT OR IGNORE INTO confirmed_counts (forum_id, group_id, confirmed)
        SELECT NEW.forum_id, NEW.group_id, 0 WHERE NEW.status = 'confirmed';
    UPDATE confirmed_counts SET confirmed = confirmed + 1
        WHERE NEW.status = 'confirmed' AND forum_id = NEW.forum_id AND group_id = NEW.group_id;
END;

CREATE TRIGGER registrations_confirmed_deleted AFTER DELETE ON registrations
    WHEN OLD.status = 'confirmed'
BEGIN
    UPDATE confirmed_counts SET confirmed = confirmed - 1
        WHERE forum_id = OLD.forum_id AND group_id = OLD.group_id;
END;
