-- A partner's copy is the copy of one pack, named by the pack's uid. Two
-- packs for the same partner issued in the same second are two packs, so
-- the (review, partner, issued at) key of 0004 holds only for the copies
-- of older packs, which carry no uid.

CREATE TABLE pack_copies_by_uid (
    review_id     INTEGER PRIMARY KEY REFERENCES reviews(id) ON DELETE CASCADE,
    source_uid    TEXT NOT NULL,
    partner_id    INTEGER NOT NULL,
    partner_name  TEXT NOT NULL,
    issued_at     TEXT NOT NULL,
    signed_off_by TEXT,
    signoff_role  TEXT,
    signoff_date  TEXT,
    returned_at   TEXT,
    pack_uid      TEXT UNIQUE,
    secret        BLOB,
    returns       INTEGER NOT NULL DEFAULT 0
);
INSERT INTO pack_copies_by_uid
    (review_id, source_uid, partner_id, partner_name, issued_at, signed_off_by,
     signoff_role, signoff_date, returned_at, pack_uid, secret, returns)
SELECT review_id, source_uid, partner_id, partner_name, issued_at, signed_off_by,
       signoff_role, signoff_date, returned_at, pack_uid, secret, returns
  FROM pack_copies;
DROP TABLE pack_copies;
ALTER TABLE pack_copies_by_uid RENAME TO pack_copies;
CREATE UNIQUE INDEX pack_copies_older ON pack_copies(source_uid, partner_id, issued_at)
    WHERE pack_uid IS NULL;
