-- Packs that prove themselves. On the council's machine every pack (or
-- Word form) sent is recorded with a fresh random secret, its partner and
-- the answers it covers; a response is accepted only if it is
-- authenticated with the secret of a pack sent from here, and only for
-- that pack's partner and answers. On the partner's machine the copy keeps
-- the secret and counts its returns, so returns of one pack are ordered by
-- that count, never by anyone's clock.

CREATE TABLE packs_sent (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The pack's public name, written in the pack and in every response.
    uid        TEXT NOT NULL UNIQUE,
    review_id  INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    partner_id INTEGER NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
    -- 32 bytes from the operating system's random generator.
    secret     BLOB NOT NULL,
    -- 'pack' or 'form'.
    kind       TEXT NOT NULL,
    sent_at    TEXT NOT NULL,
    sent_by    TEXT NOT NULL
);
CREATE INDEX packs_sent_review ON packs_sent(review_id, partner_id);

-- The answers a pack covers, and the revision each was sent at.
CREATE TABLE pack_sent_answers (
    pack_id       INTEGER NOT NULL REFERENCES packs_sent(id) ON DELETE CASCADE,
    assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    base_revision INTEGER,
    PRIMARY KEY (pack_id, assignment_id)
);

-- Which pack a merged response answered, its return number, and a digest
-- of its answers and sign-off (the same answers in a byte-different file
-- are the same return). file_sha256 stays unique per review: a deliberate
-- re-merge of a file merged before records it with a suffix.
ALTER TABLE pack_merges ADD COLUMN pack_id INTEGER REFERENCES packs_sent(id) ON DELETE SET NULL;
ALTER TABLE pack_merges ADD COLUMN sequence INTEGER;
ALTER TABLE pack_merges ADD COLUMN digest TEXT;
CREATE INDEX pack_merges_pack ON pack_merges(pack_id);

-- The partner's side: the pack's name and secret, and how many times
-- answers have been returned from this copy.
ALTER TABLE pack_copies ADD COLUMN pack_uid TEXT;
ALTER TABLE pack_copies ADD COLUMN secret BLOB;
ALTER TABLE pack_copies ADD COLUMN returns INTEGER NOT NULL DEFAULT 0;
