-- Translations of the programme and the news (sessions, rooms, tracks, people, announcements,
-- documents) go with their record, whether it is deleted alone or with its forum; a new record
-- that is given a deleted one's id never inherits its texts.
CREATE TRIGGER agenda_sessions_translations AFTER DELETE ON agenda_sessions BEGIN
    DELETE FROM translations WHERE entity = 'session' AND entity_id = OLD.id;
END;
CREATE TRIGGER rooms_translations AFTER DELETE ON rooms BEGIN
    DELETE FROM translations WHERE entity = 'room' AND entity_id = OLD.id;
END;
CREATE TRIGGER tracks_translations AFTER DELETE ON tracks BEGIN
    DELETE FROM translations WHERE entity = 'track' AND entity_id = OLD.id;
END;
CREATE TRIGGER people_translations AFTER DELETE ON people BEGIN
    DELETE FROM translations WHERE entity = 'person' AND entity_id = OLD.id;
END;
CREATE TRIGGER announcements_translations AFTER DELETE ON announcements BEGIN
    DELETE FROM translations WHERE entity = 'announcement' AND entity_id = OLD.id;
END;
CREATE TRIGGER documents_translations AFTER DELETE ON documents BEGIN
    DELETE FROM translations WHERE entity = 'document' AND entity_id = OLD.id;
END;
