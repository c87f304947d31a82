-- The committee's recommendations to the partnership, agreed at its
-- meeting: the response each partner they are addressed to owes (one
-- partner's, or a joint one), every save of it, and the progress updates
-- recorded through the year.

-- A recommendation's number is its position in the review; its reference
-- is what the council calls it ("CSP (26/27) 01").
CREATE TABLE recommendations (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id               INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    position                INTEGER NOT NULL,
    reference               TEXT NOT NULL,
    body                    TEXT NOT NULL DEFAULT '[]',
    agreed_on               TEXT,
    due_date                TEXT,
    previous_recommendation INTEGER REFERENCES recommendations(id) ON DELETE SET NULL,
    updated_at              TEXT NOT NULL
);
CREATE UNIQUE INDEX recommendations_reference ON recommendations(review_id, reference COLLATE NOCASE);
CREATE INDEX recommendations_review ON recommendations(review_id, position);
CREATE INDEX recommendations_previous ON recommendations(previous_recommendation);

-- A response owed by the partners on it: one partner, or several jointly.
CREATE TABLE rec_responses (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    status            TEXT NOT NULL DEFAULT 'not_started'
                      CHECK (status IN ('not_started', 'drafting', 'submitted', 'approved',
                                        'not_required', 'answered_elsewhere')),
    updated_at        TEXT NOT NULL
);
CREATE INDEX rec_responses_recommendation ON rec_responses(recommendation_id, position);

-- A partner owes at most one response to a recommendation.
CREATE TABLE rec_response_partners (
    response_id       INTEGER NOT NULL REFERENCES rec_responses(id) ON DELETE CASCADE,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    partner_id        INTEGER NOT NULL REFERENCES partners(id) ON DELETE RESTRICT,
    position          INTEGER NOT NULL,
    PRIMARY KEY (response_id, partner_id),
    UNIQUE (recommendation_id, partner_id)
);
CREATE INDEX rec_response_partners_partner ON rec_response_partners(partner_id);

-- Every save of a response, whole: the decision, the words, the lead
-- officer and the target date. The newest is the response as it stands.
CREATE TABLE rec_revisions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    response_id  INTEGER NOT NULL REFERENCES rec_responses(id) ON DELETE CASCADE,
    decision     TEXT CHECK (decision IN ('accepted', 'partly', 'not_accepted')),
    body         TEXT NOT NULL,
    lead_officer TEXT,
    target_date  TEXT,
    author       TEXT NOT NULL,
    saved_at     TEXT NOT NULL
);
CREATE INDEX rec_revisions_response ON rec_revisions(response_id, id);

-- Every status change of a response.
CREATE TABLE rec_status_changes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    response_id INTEGER NOT NULL REFERENCES rec_responses(id) ON DELETE CASCADE,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    author      TEXT NOT NULL,
    changed_at  TEXT NOT NULL
);
CREATE INDEX rec_status_changes_response ON rec_status_changes(response_id, id);

-- Progress on carrying a recommendation out, dated; the latest is where it
-- stands, and all are kept.
CREATE TABLE rec_updates (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    on_date           TEXT NOT NULL,
    progress          TEXT NOT NULL
                      CHECK (progress IN ('not_started', 'on_track', 'at_risk', 'off_track',
                                          'complete', 'paused')),
    body              TEXT NOT NULL,
    author            TEXT NOT NULL,
    recorded_at       TEXT NOT NULL
);
CREATE INDEX rec_updates_recommendation ON rec_updates(recommendation_id, on_date, id);
