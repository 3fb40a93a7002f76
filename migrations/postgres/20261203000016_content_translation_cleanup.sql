-- Translations of the programme and the news (sessions, rooms, tracks, people, announcements,
-- documents) go with their record, whether it is deleted alone or with its forum.
CREATE FUNCTION drop_translations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM translations WHERE entity = TG_ARGV[0] AND entity_id = OLD.id;
    RETURN OLD;
END;
$$;
CREATE TRIGGER agenda_sessions_translations AFTER DELETE ON agenda_sessions
    FOR EACH ROW EXECUTE FUNCTION drop_translations('session');
CREATE TRIGGER rooms_translations AFTER DELETE ON rooms
    FOR EACH ROW EXECUTE FUNCTION drop_translations('room');
CREATE TRIGGER tracks_translations AFTER DELETE ON tracks
    FOR EACH ROW EXECUTE FUNCTION drop_translations('track');
CREATE TRIGGER people_translations AFTER DELETE ON people
    FOR EACH ROW EXECUTE FUNCTION drop_translations('person');
CREATE TRIGGER announcements_translations AFTER DELETE ON announcements
    FOR EACH ROW EXECUTE FUNCTION drop_translations('announcement');
CREATE TRIGGER documents_translations AFTER DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION drop_translations('document');
