-- Publishing: series status, announcements, documents, and the agenda's rooms, tracks and people.
ALTER TABLE series ADD COLUMN status TEXT NOT NULL DEFAULT 'published'
    CHECK (status IN ('draft', 'published'));

CREATE TABLE rooms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    forum_id INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    capacity INTEGER,
    accessibility TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (forum_id, name)
);

CREATE TABLE tracks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    forum_id INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    colour TEXT NOT NULL,
    UNIQUE (forum_id, name)
);

ALTER TABLE agenda_sessions ADD COLUMN room_id INTEGER REFERENCES rooms (id) ON DELETE SET NULL;
ALTER TABLE agenda_sessions ADD COLUMN track_id INTEGER REFERENCES tracks (id) ON DELETE SET NULL;
ALTER TABLE agenda_sessions ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE agenda_sessions ADD COLUMN interpretation TEXT NOT NULL DEFAULT '';
ALTER TABLE agenda_sessions ADD COLUMN status TEXT NOT NULL DEFAULT 'scheduled'
    CHECK (status IN ('scheduled', 'cancelled'));
ALTER TABLE agenda_sessions ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
CREATE INDEX agenda_sessions_room ON agenda_sessions (room_id, starts_at);

CREATE TABLE people (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    forum_id INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    affiliation TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    group_id INTEGER REFERENCES stakeholder_groups (id) ON DELETE SET NULL,
    country TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT ''
);
CREATE INDEX people_forum ON people (forum_id, name);

CREATE TABLE session_people (
    session_id INTEGER NOT NULL REFERENCES agenda_sessions (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('speaker', 'moderator', 'chair')),
    PRIMARY KEY (session_id, person_id)
);
CREATE INDEX session_people_person ON session_people (person_id);

CREATE TABLE announcements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    forum_id INTEGER REFERENCES forums (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    locale TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    published_at TEXT NOT NULL,
    pinned INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX announcements_published ON announcements (status, published_at);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    forum_id INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    locale TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('report', 'recommendations', 'presentation', 'other')),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX documents_forum ON documents (forum_id);
