//! The packs' tables. On the council's side: each pack (or Word form) sent,
//! with its secret and the answers it covers (`packs_sent`,
//! `pack_sent_answers`), and each response merged (`pack_merges`,
//! `revision_merges`). On the partner's side: the copy a pack opened as
//! (`pack_copies`, `pack_copy_answers`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{from_json, parse_timestamp, timestamp, to_json};
use crate::doc::{PackCopy, RecWords, SectionDoc};
use crate::error::{Error, Refusal, Result};
use crate::model::{
    AssignmentId, PartnerId, RecResponseId, RecRevisionId, ReviewId, RevisionId, SignOff,
};
use crate::text::Paragraph;

// ---- The council's side: packs sent ----

/// The review a pack's uid names, with its title, if it is in this workbook.
pub(crate) fn review_by_uid(conn: &Connection, uid: &str) -> Result<Option<(ReviewId, String)>> {
    Ok(conn
        .query_row("SELECT id, title FROM reviews WHERE uid = ?1", [uid], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// A pack (or Word form) going out, as it is recorded.
pub(crate) struct NewPack<'a> {
    pub uid: &'a str,
    pub review: ReviewId,
    pub partner: PartnerId,
    pub secret: &'a [u8],
    /// "pack" or "form".
    pub kind: &'a str,
    pub sent_at: DateTime<Utc>,
    pub sent_by: &'a str,
    /// The answers it covers, and the revision each is sent at.
    pub answers: Vec<(AssignmentId, Option<RevisionId>)>,
    /// The recommendation responses it covers, and the save each is sent at.
    pub rec_responses: Vec<(RecResponseId, Option<RecRevisionId>)>,
}

pub(crate) fn record_sent(conn: &Connection, pack: &NewPack<'_>) -> Result<()> {
    conn.execute(
        "INSERT INTO packs_sent (uid, review_id, partner_id, secret, kind, sent_at, sent_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            pack.uid,
            pack.review,
            pack.partner,
            pack.secret,
            pack.kind,
            timestamp(pack.sent_at),
            pack.sent_by
        ],
    )?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO pack_sent_answers (pack_id, assignment_id, base_revision) VALUES (?1, ?2, ?3)",
    )?;
    for (assignment, base) in &pack.answers {
        stmt.execute(params![id, assignment, base])?;
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO pack_sent_rec_responses (pack_id, response_id, base_revision) VALUES (?1, ?2, ?3)",
    )?;
    for (response, base) in &pack.rec_responses {
        stmt.execute(params![id, response, base])?;
    }
    Ok(())
}

/// A pack sent from this workbook, as recorded when it went.
pub(crate) struct SentPack {
    pub id: i64,
    pub review: ReviewId,
    pub partner: PartnerId,
    pub secret: Vec<u8>,
    pub sent_at: DateTime<Utc>,
    /// The answers it covers, and the revision each was sent at.
    pub answers: HashMap<AssignmentId, Option<RevisionId>>,
    /// The recommendation responses it covers, and the save each was sent at.
    pub rec_responses: HashMap<RecResponseId, Option<RecRevisionId>>,
}

pub(crate) fn sent_pack(conn: &Connection, uid: &str) -> Result<Option<SentPack>> {
    let row = conn
        .query_row(
            "SELECT id, review_id, partner_id, secret, sent_at FROM packs_sent WHERE uid = ?1",
            [uid],
            |r| {
                Ok(SentPack {
                    id: r.get(0)?,
                    review: r.get(1)?,
                    partner: r.get(2)?,
                    secret: r.get(3)?,
                    sent_at: parse_timestamp(&r.get::<_, String>(4)?)?,
                    answers: HashMap::new(),
                    rec_responses: HashMap::new(),
                })
            },
        )
        .optional()?;
    let Some(mut pack) = row else { return Ok(None) };
    let mut stmt = conn.prepare_cached(
        "SELECT assignment_id, base_revision FROM pack_sent_answers WHERE pack_id = ?1",
    )?;
    for row in stmt.query_map([pack.id], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (a, base) = row?;
        pack.answers.insert(a, base);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT response_id, base_revision FROM pack_sent_rec_responses WHERE pack_id = ?1",
    )?;
    for row in stmt.query_map([pack.id], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (response, base) = row?;
        pack.rec_responses.insert(response, base);
    }
    Ok(Some(pack))
}

// ---- The council's side: responses merged ----

/// The returns of a pack merged so far, in the order merged: each one's
/// return number, the digest of its answers, and when it was merged.
pub(crate) fn merged_returns(
    conn: &Connection,
    pack: i64,
) -> Result<Vec<(u32, String, DateTime<Utc>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(sequence, 0), coalesce(digest, ''), merged_at FROM pack_merges
          WHERE pack_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([pack], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, String>(1)?,
            parse_timestamp(&r.get::<_, String>(2)?)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A merge as it is recorded: the file (its SHA-256 and content), the
/// return it is, and who merged it when.
pub(crate) struct NewMerge<'a> {
    pub review: ReviewId,
    pub partner: PartnerId,
    pub file_sha256: &'a str,
    pub returned_at: DateTime<Utc>,
    pub signoff: Option<&'a SignOff>,
    pub content: String,
    pub merged_by: &'a str,
    pub merged_at: DateTime<Utc>,
    pub pack: i64,
    pub sequence: u32,
    pub digest: &'a str,
}

/// Records a merge; returns its id. A file merged before and deliberately
/// merged again is recorded again, under a name of its own.
pub(crate) fn record_merge(conn: &Connection, m: &NewMerge<'_>) -> Result<i64> {
    let before: i64 = conn.query_row(
        "SELECT count(*) FROM pack_merges
          WHERE review_id = ?1 AND (file_sha256 = ?2 OR file_sha256 LIKE ?2 || '+%')",
        params![m.review, m.file_sha256],
        |r| r.get(0),
    )?;
    let file_key = if before == 0 {
        m.file_sha256.to_string()
    } else {
        format!("{}+{before}", m.file_sha256)
    };
    conn.execute(
        "INSERT INTO pack_merges (review_id, partner_id, file_sha256, returned_at,
             signed_off_by, signoff_role, signoff_date, content, merged_by, merged_at,
             pack_id, sequence, digest)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            m.review,
            m.partner,
            file_key,
            timestamp(m.returned_at),
            m.signoff.map(|s| &s.name),
            m.signoff.map(|s| &s.role),
            m.signoff.map(|s| s.date),
            m.content,
            m.merged_by,
            timestamp(m.merged_at),
            m.pack,
            m.sequence,
            m.digest
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Marks `revision` as written by merge `merge` (and so carrying its sign-off).
pub(crate) fn link_revision(conn: &Connection, revision: RevisionId, merge: i64) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO revision_merges (revision_id, merge_id) VALUES (?1, ?2)",
        params![revision, merge],
    )?;
    Ok(())
}

/// The words of `revision`, if it is a revision of `assignment`.
pub(crate) fn revision_body(
    conn: &Connection,
    revision: RevisionId,
    assignment: AssignmentId,
) -> Result<Option<Vec<Paragraph>>> {
    let body: Option<String> = conn
        .query_row(
            "SELECT body FROM revisions WHERE id = ?1 AND assignment_id = ?2",
            params![revision, assignment],
            |r| r.get(0),
        )
        .optional()?;
    Ok(body.map(|b| from_json(&b)).transpose()?)
}

/// The newest revision of `assignment` that a merge of `pack` wrote.
pub(crate) fn last_merged_revision(
    conn: &Connection,
    pack: i64,
    assignment: AssignmentId,
) -> Result<Option<RevisionId>> {
    Ok(conn
        .prepare_cached(
            "SELECT max(rm.revision_id) FROM revision_merges rm
               JOIN pack_merges m ON m.id = rm.merge_id
               JOIN revisions r ON r.id = rm.revision_id
              WHERE m.pack_id = ?1 AND r.assignment_id = ?2",
        )?
        .query_row(params![pack, assignment], |r| r.get(0))?)
}

/// Marks a save of a recommendation response as written by merge `merge`.
pub(crate) fn link_rec_revision(
    conn: &Connection,
    revision: RecRevisionId,
    merge: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO rec_revision_merges (revision_id, merge_id) VALUES (?1, ?2)",
    )?
    .execute(params![revision, merge])?;
    Ok(())
}

/// The newest save of recommendation response `response` that a merge of
/// `pack` wrote.
pub(crate) fn last_merged_rec_revision(
    conn: &Connection,
    pack: i64,
    response: RecResponseId,
) -> Result<Option<RecRevisionId>> {
    Ok(conn
        .prepare_cached(
            "SELECT max(rm.revision_id) FROM rec_revision_merges rm
               JOIN pack_merges m ON m.id = rm.merge_id
               JOIN rec_revisions r ON r.id = rm.revision_id
              WHERE m.pack_id = ?1 AND r.response_id = ?2",
        )?
        .query_row(params![pack, response], |r| r.get(0))?)
}

pub(crate) fn revision_author(conn: &Connection, revision: RevisionId) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT author FROM revisions WHERE id = ?1",
            [revision],
            |r| r.get(0),
        )
        .optional()?)
}

// ---- The partner's side: the copy a pack opened as ----

/// A partner's copy as it is recorded when its pack is first opened.
pub(crate) struct NewCopy<'a> {
    pub review: ReviewId,
    pub source_uid: &'a str,
    pub partner: PartnerId,
    pub partner_name: &'a str,
    pub issued_at: DateTime<Utc>,
    pub pack_uid: &'a str,
    pub secret: Option<Vec<u8>>,
}

pub(crate) fn insert_copy(conn: &Connection, copy: &NewCopy<'_>) -> Result<()> {
    conn.execute(
        "INSERT INTO pack_copies (review_id, source_uid, partner_id, partner_name, issued_at, pack_uid, secret)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            copy.review,
            copy.source_uid,
            copy.partner,
            copy.partner_name,
            timestamp(copy.issued_at),
            copy.pack_uid,
            copy.secret
        ],
    )?;
    Ok(())
}

/// One answer of a copy: the council's assignment and number, and the
/// revision (and words) the pack gave it.
pub(crate) fn insert_copy_answer(
    conn: &Connection,
    assignment: AssignmentId,
    source_assignment: AssignmentId,
    number: u32,
    base_revision: Option<RevisionId>,
    base_body: &[Paragraph],
) -> Result<()> {
    conn.execute(
        "INSERT INTO pack_copy_answers (assignment_id, source_assignment, number, base_revision, base_body)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![assignment, source_assignment, number, base_revision, to_json(base_body)],
    )?;
    Ok(())
}

/// One recommendation response of a copy: the council's response, its
/// reference, and the save (and words) the pack gave it.
pub(crate) fn insert_copy_rec(
    conn: &Connection,
    response: RecResponseId,
    base: &CopyRecBase,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO pack_copy_rec_responses (response_id, source_response, reference, base_revision, base)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        response,
        base.source,
        base.reference,
        base.revision,
        serde_json::to_string(&base.words).unwrap_or_default()
    ])?;
    Ok(())
}

/// The base of a copy's recommendation response.
pub(crate) struct CopyRecBase {
    pub source: RecResponseId,
    pub reference: String,
    pub revision: Option<RecRevisionId>,
    pub words: RecWords,
}

pub(crate) fn copy_rec_bases(
    conn: &Connection,
    review: ReviewId,
) -> Result<HashMap<RecResponseId, CopyRecBase>> {
    let mut stmt = conn.prepare_cached(
        "SELECT pr.response_id, pr.source_response, pr.reference, pr.base_revision, pr.base
           FROM pack_copy_rec_responses pr
           JOIN rec_responses x ON x.id = pr.response_id
           JOIN recommendations r ON r.id = x.recommendation_id
          WHERE r.review_id = ?1",
    )?;
    let rows = stmt.query_map([review], |r| {
        Ok((
            r.get::<_, RecResponseId>(0)?,
            CopyRecBase {
                source: r.get(1)?,
                reference: r.get(2)?,
                revision: r.get(3)?,
                words: from_json(&r.get::<_, String>(4)?)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The copy of a pack in this workbook: the one with the pack's uid, or
/// for an older pack without one, its review, partner and time of issue.
pub(crate) fn find_copy(
    conn: &Connection,
    pack_uid: &str,
    source_uid: &str,
    partner: PartnerId,
    issued_at: DateTime<Utc>,
) -> Result<Option<ReviewId>> {
    Ok(conn
        .query_row(
            "SELECT review_id FROM pack_copies
              WHERE pack_uid = ?4
                 OR (pack_uid IS NULL AND source_uid = ?1 AND partner_id = ?2 AND issued_at = ?3)",
            params![source_uid, partner, timestamp(issued_at), pack_uid],
            |r| r.get(0),
        )
        .optional()?)
}

/// The council's review and partner a copy answers for; refused for a
/// review that is not a partner's copy.
pub(crate) fn copy_source(conn: &Connection, review: ReviewId) -> Result<(String, PartnerId)> {
    conn.query_row(
        "SELECT source_uid, partner_id FROM pack_copies WHERE review_id = ?1",
        [review],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| not_a_copy(review))
}

pub(crate) fn not_a_copy(review: ReviewId) -> Error {
    Error::refused(
        Refusal::NotAPartnerCopy,
        format!(
            "Review {review} was not opened from a partner pack, so it has no answers to return."
        ),
    )
}

pub(crate) fn set_copy_signoff(
    conn: &Connection,
    review: ReviewId,
    signoff: Option<&SignOff>,
) -> Result<()> {
    copy_source(conn, review)?;
    conn.execute(
        "UPDATE pack_copies SET signed_off_by = ?2, signoff_role = ?3, signoff_date = ?4
          WHERE review_id = ?1",
        params![
            review,
            signoff.map(|s| &s.name),
            signoff.map(|s| &s.role),
            signoff.map(|s| s.date)
        ],
    )?;
    Ok(())
}

/// A copy's pack uid and secret (absent for a copy of an older pack), and
/// how many returns have been written from it.
pub(crate) fn copy_key(
    conn: &Connection,
    review: ReviewId,
) -> Result<(Option<String>, Option<Vec<u8>>, u32)> {
    Ok(conn.query_row(
        "SELECT pack_uid, secret, returns FROM pack_copies WHERE review_id = ?1",
        [review],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

/// The base of each answer of a copy: the council's assignment, and the
/// revision and words the pack gave it.
pub(crate) struct CopyBase {
    pub source: AssignmentId,
    pub revision: Option<RevisionId>,
    pub body: Vec<Paragraph>,
}

pub(crate) fn copy_bases(
    conn: &Connection,
    review: ReviewId,
) -> Result<HashMap<AssignmentId, CopyBase>> {
    let mut stmt = conn.prepare_cached(
        "SELECT pa.assignment_id, pa.source_assignment, pa.base_revision, pa.base_body
           FROM pack_copy_answers pa
           JOIN assignments a ON a.id = pa.assignment_id
           JOIN questions q ON q.id = a.question_id
           JOIN sections s ON s.id = q.section_id
          WHERE s.review_id = ?1",
    )?;
    let rows = stmt.query_map([review], |r| {
        Ok((
            r.get::<_, AssignmentId>(0)?,
            CopyBase {
                source: r.get(1)?,
                revision: r.get(2)?,
                body: from_json(&r.get::<_, String>(3)?)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Counts a return written from a copy.
pub(crate) fn mark_returned(
    conn: &Connection,
    review: ReviewId,
    at: DateTime<Utc>,
    sequence: u32,
) -> Result<()> {
    conn.execute(
        "UPDATE pack_copies SET returned_at = ?2, returns = ?3 WHERE review_id = ?1",
        params![review, timestamp(at), sequence],
    )?;
    Ok(())
}

/// The partner copy a review is, if it is one, with the council's number of
/// each of its answers.
pub(crate) fn copy_of(
    conn: &Connection,
    review: ReviewId,
) -> Result<Option<(PackCopy, HashMap<AssignmentId, u32>)>> {
    let copy = conn
        .prepare_cached(
            "SELECT partner_name, issued_at, signed_off_by, signoff_role, signoff_date, returned_at
               FROM pack_copies WHERE review_id = ?1",
        )?
        .query_row([review], |r| {
            let signoff = match (r.get(2)?, r.get(3)?, r.get(4)?) {
                (Some(name), Some(role), Some(date)) => Some(SignOff { name, role, date }),
                _ => None,
            };
            Ok(PackCopy {
                partner_name: r.get(0)?,
                issued_at: parse_timestamp(&r.get::<_, String>(1)?)?,
                signoff,
                returned_at: r
                    .get::<_, Option<String>>(5)?
                    .map(|t| parse_timestamp(&t))
                    .transpose()?,
            })
        })
        .optional()?;
    let Some(copy) = copy else { return Ok(None) };
    let mut numbers = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT pa.assignment_id, pa.number FROM pack_copy_answers pa
           JOIN assignments a ON a.id = pa.assignment_id
           JOIN questions q ON q.id = a.question_id
           JOIN sections s ON s.id = q.section_id
          WHERE s.review_id = ?1",
    )?;
    for row in stmt.query_map([review], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (a, n) = row?;
        numbers.insert(a, n);
    }
    Ok(Some((copy, numbers)))
}

/// Shown with the council's question numbers, not the copy's own 1..N.
pub(crate) fn renumber_sections(sections: &mut [SectionDoc], numbers: &HashMap<AssignmentId, u32>) {
    for s in sections {
        for q in &mut s.questions {
            if let Some(n) = q.assignments.iter().find_map(|a| numbers.get(&a.id)) {
                q.number = *n;
            }
        }
    }
}
