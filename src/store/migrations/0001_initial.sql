-- KLOE Workbook format 1. Shipped migrations are never edited: add a new file.

CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    uid             TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    committee       TEXT,
    partnership     TEXT,
    meeting_date    TEXT,
    financial_year  TEXT,
    intro           TEXT NOT NULL DEFAULT '[]',
    status          TEXT NOT NULL DEFAULT 'in_progress'
                    CHECK (status IN ('in_progress', 'sent', 'archived')),
    is_sample       INTEGER NOT NULL DEFAULT 0,
    previous_review INTEGER REFERENCES reviews(id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE partners (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id     INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    short_name    TEXT NOT NULL,
    label         TEXT NOT NULL,
    aliases       TEXT NOT NULL DEFAULT '[]',
    contact_name  TEXT,
    contact_email TEXT
);
CREATE UNIQUE INDEX partners_short_name ON partners(review_id, short_name COLLATE NOCASE);
CREATE UNIQUE INDEX partners_name ON partners(review_id, name COLLATE NOCASE);

CREATE TABLE sections (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    title     TEXT NOT NULL,
    lead_in   TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX sections_review ON sections(review_id, position);

-- The partners a new question in the section is assigned to, each separately.
CREATE TABLE section_partners (
    section_id INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    partner_id INTEGER NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (section_id, partner_id)
);
CREATE INDEX section_partners_partner ON section_partners(partner_id);

-- A question's number is its position across the review; it is never stored.
CREATE TABLE questions (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    section_id        INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    text              TEXT NOT NULL,
    context           TEXT NOT NULL DEFAULT '[]',
    notes             TEXT NOT NULL DEFAULT '[]',
    previous_question INTEGER REFERENCES questions(id) ON DELETE SET NULL
);
CREATE INDEX questions_section ON questions(section_id, position);
CREATE INDEX questions_previous ON questions(previous_question);

CREATE TABLE assignments (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    question_id         INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    position            INTEGER NOT NULL,
    label               TEXT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'not_started'
                        CHECK (status IN ('not_started', 'drafting', 'submitted', 'approved',
                                          'not_required', 'answered_elsewhere')),
    due_date            TEXT,
    previous_assignment INTEGER REFERENCES assignments(id) ON DELETE SET NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX assignments_question ON assignments(question_id, position);
CREATE INDEX assignments_previous ON assignments(previous_assignment);

-- More than one partner on an assignment makes it a joint response. A partner
-- owes at most one response per question.
CREATE TABLE assignment_partners (
    assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    question_id   INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    partner_id    INTEGER NOT NULL REFERENCES partners(id) ON DELETE RESTRICT,
    position      INTEGER NOT NULL,
    PRIMARY KEY (assignment_id, partner_id),
    UNIQUE (question_id, partner_id)
);
CREATE INDEX assignment_partners_partner ON assignment_partners(partner_id);

-- Every save of a response; the newest is the current text.
CREATE TABLE revisions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    body          TEXT NOT NULL,
    author        TEXT NOT NULL,
    saved_at      TEXT NOT NULL
);
CREATE INDEX revisions_assignment ON revisions(assignment_id, id);

-- Every status change, for the history of a review's progress.
CREATE TABLE status_changes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    from_status   TEXT,
    to_status     TEXT NOT NULL,
    author        TEXT NOT NULL,
    changed_at    TEXT NOT NULL
);
CREATE INDEX status_changes_assignment ON status_changes(assignment_id, id);

CREATE TABLE appendices (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    label     TEXT NOT NULL,
    title     TEXT,
    file_name TEXT,
    file_data BLOB
);
CREATE UNIQUE INDEX appendices_label ON appendices(review_id, label COLLATE NOCASE);

CREATE TABLE question_appendices (
    question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    appendix_id INTEGER NOT NULL REFERENCES appendices(id) ON DELETE CASCADE,
    PRIMARY KEY (question_id, appendix_id)
);
CREATE INDEX question_appendices_appendix ON question_appendices(appendix_id);
