-- The series' lead organiser (assigns organisers to its forums' teams), the small-number
-- threshold of its donor reports, and frozen report figures: one row per cell of a forum's
-- aggregates, so that erasing personal data later does not change a report already sent.
ALTER TABLE series ADD COLUMN lead_account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL;
ALTER TABLE series ADD COLUMN small_cell_threshold INTEGER NOT NULL DEFAULT 5
    CHECK (small_cell_threshold BETWEEN 1 AND 100);

CREATE TABLE report_snapshots (
    forum_id INTEGER PRIMARY KEY REFERENCES forums (id) ON DELETE CASCADE,
    taken_at TEXT NOT NULL
);
CREATE TABLE report_cells (
    forum_id INTEGER NOT NULL REFERENCES report_snapshots (forum_id) ON DELETE CASCADE,
    table_key TEXT NOT NULL,
    row_key TEXT NOT NULL,
    col_key TEXT NOT NULL,
    value INTEGER NOT NULL CHECK (value >= 0),
    PRIMARY KEY (forum_id, table_key, row_key, col_key)
);
