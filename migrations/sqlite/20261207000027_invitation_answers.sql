-- Invitations answered: declined (with a colleague the invitee may propose in their place, who
-- waits for the organisers' approval), the forum's answer-by date (until then an open
-- invitation holds its place in its group's reservation; after it, an open invitation has
-- expired) and reminders to those who have not answered (by hand, or automatically some days
-- before the answer-by date, once per invitation).
ALTER TABLE invitations ADD COLUMN state TEXT NOT NULL DEFAULT 'invited'
    CHECK (state IN ('invited', 'declined', 'proposed'));
ALTER TABLE invitations ADD COLUMN answered_at TEXT;
ALTER TABLE invitations ADD COLUMN decline_note TEXT NOT NULL DEFAULT '';
ALTER TABLE invitations ADD COLUMN proposed_by INTEGER REFERENCES invitations (id) ON DELETE SET NULL;
ALTER TABLE invitations ADD COLUMN reminders INTEGER NOT NULL DEFAULT 0;
ALTER TABLE invitations ADD COLUMN reminded_at TEXT;
ALTER TABLE invitations ADD COLUMN auto_reminded_at TEXT;
CREATE INDEX invitations_open ON invitations (forum_id, state, group_id);

ALTER TABLE forums ADD COLUMN invitations_answer_by TEXT;
-- Set once the answer-by date has passed and the places open invitations held went on to the
-- waiting list (cleared when the date changes).
ALTER TABLE forums ADD COLUMN invitations_settled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE forums ADD COLUMN invitation_reminder_days INTEGER;

-- Registrations imported from a partner's list: who imported them.
ALTER TABLE registrations ADD COLUMN imported_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL;
