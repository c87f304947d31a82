-- Partner packs. On a partner's machine, a review opened from a pack is
-- that partner's copy of their questions; on the council's, each response
-- file merged is remembered, so the same file is never merged twice and an
-- older one never rolls answers back.

CREATE TABLE pack_copies (
    review_id     INTEGER PRIMARY KEY REFERENCES reviews(id) ON DELETE CASCADE,
    -- The council's review and partner this copy answers for.
    source_uid    TEXT NOT NULL,
    partner_id    INTEGER NOT NULL,
    partner_name  TEXT NOT NULL,
    issued_at     TEXT NOT NULL,
    signed_off_by TEXT,
    signoff_role  TEXT,
    signoff_date  TEXT,
    returned_at   TEXT,
    UNIQUE (source_uid, partner_id, issued_at)
);

CREATE TABLE pack_copy_answers (
    assignment_id     INTEGER PRIMARY KEY REFERENCES assignments(id) ON DELETE CASCADE,
    -- The council's assignment, question number and the revision the
    -- pack's answer came from.
    source_assignment INTEGER NOT NULL,
    number            INTEGER NOT NULL,
    base_revision     INTEGER,
    base_body         TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE pack_merges (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id      INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    partner_id     INTEGER NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
    file_sha256    TEXT NOT NULL,
    returned_at    TEXT NOT NULL,
    signed_off_by  TEXT,
    signoff_role   TEXT,
    signoff_date   TEXT,
    -- The response as the partner sent it, kept whatever was chosen.
    content        TEXT NOT NULL,
    merged_by      TEXT NOT NULL,
    merged_at      TEXT NOT NULL,
    UNIQUE (review_id, file_sha256)
);
CREATE INDEX pack_merges_partner ON pack_merges(review_id, partner_id, returned_at);

-- The revisions a merge wrote, and so whose sign-off they carry.
CREATE TABLE revision_merges (
    revision_id INTEGER PRIMARY KEY REFERENCES revisions(id) ON DELETE CASCADE,
    merge_id    INTEGER NOT NULL REFERENCES pack_merges(id) ON DELETE CASCADE
);
CREATE INDEX revision_merges_merge ON revision_merges(merge_id);
