-- Partner packs carry recommendations as well as questions. On the
-- council's machine: the recommendation responses each pack covers, with
-- the save each was sent at, and the saves a merge wrote. On the partner's
-- machine: for each response in a copy, the council's response it answers
-- and the save (and words) the pack gave it.
CREATE TABLE pack_sent_rec_responses (
    pack_id       INTEGER NOT NULL REFERENCES packs_sent(id) ON DELETE CASCADE,
    response_id   INTEGER NOT NULL REFERENCES rec_responses(id) ON DELETE CASCADE,
    base_revision INTEGER REFERENCES rec_revisions(id) ON DELETE SET NULL,
    PRIMARY KEY (pack_id, response_id)
);

CREATE TABLE rec_revision_merges (
    revision_id INTEGER PRIMARY KEY REFERENCES rec_revisions(id) ON DELETE CASCADE,
    merge_id    INTEGER NOT NULL REFERENCES pack_merges(id) ON DELETE CASCADE
);
CREATE INDEX rec_revision_merges_merge ON rec_revision_merges(merge_id);

CREATE TABLE pack_copy_rec_responses (
    response_id     INTEGER PRIMARY KEY REFERENCES rec_responses(id) ON DELETE CASCADE,
    source_response INTEGER NOT NULL,
    reference       TEXT NOT NULL,
    base_revision   INTEGER,
    -- The response as the pack gave it, whole (decision, words, lead, target).
    base            TEXT NOT NULL
);
