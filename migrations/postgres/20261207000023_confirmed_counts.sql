-- Confirmed seats per forum and stakeholder group, kept by the database in the transaction
-- that changes a registration, so a seat decision reads a few rows instead of counting the
-- forum's registrations (its cost no longer grows with the forum).
CREATE TABLE confirmed_counts (
    forum_id BIGINT NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    group_id BIGINT NOT NULL,
    confirmed BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (forum_id, group_id)
);
INSERT INTO confirmed_counts (forum_id, group_id, confirmed)
    SELECT forum_id, group_id, COUNT(*) FROM registrations WHERE status = 'confirmed'
    GROUP BY forum_id, group_id;

CREATE FUNCTION count_confirmed() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'confirmed' THEN
        UPDATE confirmed_counts SET confirmed = confirmed - 1
            WHERE forum_id = OLD.forum_id AND group_id = OLD.group_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'confirmed' THEN
        INSERT INTO confirmed_counts (forum_id, group_id, confirmed)
            VALUES (NEW.forum_id, NEW.group_id, 1)
            ON CONFLICT (forum_id, group_id)
            DO UPDATE SET confirmed = confirmed_counts.confirmed + 1;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER registrations_confirmed_count
    AFTER INSERT OR UPDATE OF status, group_id, forum_id OR DELETE ON registrations
    FOR EACH ROW EXECUTE FUNCTION count_confirmed();
