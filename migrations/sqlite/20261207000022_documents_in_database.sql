-- Documents live in the database, content-addressed, in chunks of at most 256 KiB so that no
-- file is ever read or written whole: every server sees every document. A content is
-- `complete` once all its chunks are written (in the transaction that adds its first document).
-- Files under the data directory's documents/ are moved in by the server at start-up.
CREATE TABLE document_contents (
    sha256 TEXT PRIMARY KEY,
    size_bytes INTEGER NOT NULL,
    complete BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE document_chunks (
    sha256 TEXT NOT NULL REFERENCES document_contents (sha256) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (sha256, seq)
);
