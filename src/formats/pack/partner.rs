//! Partner mode: on a partner's own machine, a pack opens as that
//! partner's copy of their questions, a review like any other (so the same
//! editor, autosave and history serve it), remembered with the council's
//! numbers and the revision each answer started from. Answers marked ready
//! (status submitted) go back in a response file, with the sign-off.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::{PackContent, ResponseAnswer, ResponseContent, read_pack, write_package};
use crate::doc::{PackCopy, PartnerDraft, QuestionDraft, ResponseDraft, ReviewDraft, SectionDraft};
use crate::error::{Error, Result};
use crate::model::{AssignmentId, PartnerId, ReviewId, SignOff, Status};
use crate::store::{Store, from_json, parse_timestamp, timestamp, to_json};
use crate::text::Paragraph;

/// A pack opened in partner mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct OpenedPack {
    pub review: ReviewId,
    /// False when the pack had been opened before: its answers are kept.
    pub created: bool,
    pub title: String,
    pub partner_name: String,
    pub questions: u32,
}

/// A response file written from a partner's copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Returned {
    #[serde(skip)]
    #[ts(skip)]
    pub bytes: Vec<u8>,
    /// The council's numbers of the questions whose answers go back.
    pub returned: Vec<u32>,
    /// Questions not marked ready, which do not go back.
    pub not_ready: Vec<u32>,
    /// Who signed the returned answers off, if anyone is recorded.
    pub signoff: Option<SignOff>,
}

impl Store {
    /// Opens a pack in partner mode: the first time, its questions become a
    /// review in this workbook; after that, the same pack opens the same
    /// copy with the answers written so far.
    pub fn open_pack(&mut self, bytes: &[u8], author: &str) -> Result<OpenedPack> {
        let (manifest, content) = crate::error::guard(|| read_pack(bytes))?;
        let now = self.now();
        self.write(|tx| {
            let questions = content.questions.len() as u32;
            if let Some(review) = find_copy(tx, &content, manifest.issued_at)? {
                return Ok(OpenedPack {
                    review,
                    created: false,
                    title: content.title.clone(),
                    partner_name: content.partner.name.clone(),
                    questions,
                });
            }
            let draft = copy_draft(&content);
            let author = format!(
                "{} (the pack of {})",
                author_or_council(author),
                manifest.issued_at.format("%-d %B %Y")
            );
            let review = crate::store::insert_draft(tx, &draft, &author, now, false)?;
            tx.execute(
                "INSERT INTO pack_copies (review_id, source_uid, partner_id, partner_name, issued_at, pack_uid, secret)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    review,
                    content.review_uid,
                    content.partner.id,
                    content.partner.name,
                    timestamp(manifest.issued_at),
                    content.pack_id,
                    super::key::unhex(&content.key)
                ],
            )?;
            // The draft holds one answer per question, in the pack's order.
            let doc = crate::store::load_doc(tx, review)?;
            let ids: Vec<AssignmentId> = doc
                .questions()
                .flat_map(|q| q.assignments.iter().map(|a| a.id))
                .collect();
            if ids.len() != content.questions.len() {
                return Err(Error::invalid(
                    "This pack repeats a question, so it cannot be opened; ask for it to be sent again.",
                ));
            }
            for (id, q) in ids.iter().zip(&content.questions) {
                tx.execute(
                    "INSERT INTO pack_copy_answers (assignment_id, source_assignment, number, base_revision, base_body)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, q.assignment, q.number, q.base_revision, to_json(&q.response)],
                )?;
            }
            Ok(OpenedPack {
                review,
                created: true,
                title: content.title.clone(),
                partner_name: content.partner.name.clone(),
                questions,
            })
        })
    }

    /// The copy of this pack in the workbook, if it has been opened here.
    pub fn pack_copy(&mut self, bytes: &[u8]) -> Result<Option<ReviewId>> {
        let (manifest, content) = read_pack(bytes)?;
        self.read(|tx| find_copy(tx, &content, manifest.issued_at))
    }

    /// Records (or clears) who signs a partner copy's answers off.
    pub fn set_signoff(&mut self, review: ReviewId, signoff: Option<&SignOff>) -> Result<()> {
        self.write(|tx| {
            copy_source(tx, review)?;
            tx.execute(
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
        })
    }

    /// Saves the response file of a partner copy at `path`; a path onto the
    /// workbook is refused before the return is counted.
    pub fn return_pack_to(&mut self, review: ReviewId, path: &std::path::Path) -> Result<Returned> {
        crate::files::check_output(path, self.path())?;
        let returned = self.return_pack(review)?;
        crate::files::save(path, &returned.bytes, self.path())?;
        Ok(returned)
    }

    /// The response file for a partner copy: every answer marked ready,
    /// with the revision the council's pack gave it as its base, and the
    /// sign-off. Answers still in draft stay behind.
    pub fn return_pack(&mut self, review: ReviewId) -> Result<Returned> {
        let now = self.now();
        self.write(|tx| {
            let (source_uid, partner) = copy_source(tx, review)?;
            let (pack_uid, secret, returns): (Option<String>, Option<Vec<u8>>, u32) = tx
                .query_row(
                    "SELECT pack_uid, secret, returns FROM pack_copies WHERE review_id = ?1",
                    [review],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )?;
            let (Some(pack_uid), Some(secret)) = (pack_uid, secret) else {
                return Err(Error::invalid(
                    "This copy was opened from a pack made by an older version of KLOE Workbook, whose answers the council can no longer accept; ask the council for a new pack and copy your answers into it.",
                ));
            };
            let sequence = returns.saturating_add(1);
            // Loaded as a copy: the council's numbers, and the copy's details.
            let doc = crate::store::load_doc(tx, review)?;
            let copy = doc.pack.clone().ok_or_else(|| not_a_copy(review))?;
            let mut bases: HashMap<AssignmentId, (AssignmentId, Option<i64>, String)> =
                HashMap::new();
            {
                let mut stmt = tx.prepare(
                    "SELECT pa.assignment_id, pa.source_assignment, pa.base_revision, pa.base_body
                       FROM pack_copy_answers pa
                       JOIN assignments a ON a.id = pa.assignment_id
                       JOIN questions q ON q.id = a.question_id
                       JOIN sections s ON s.id = q.section_id
                      WHERE s.review_id = ?1",
                )?;
                let rows = stmt.query_map([review], |r| {
                    Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
                })?;
                for row in rows {
                    let (id, base) = row?;
                    bases.insert(id, base);
                }
            }
            let mut answers = Vec::new();
            let mut not_ready = Vec::new();
            for q in doc.questions() {
                for a in &q.assignments {
                    let Some((source, base_revision, base_body)) = bases.get(&a.id) else {
                        continue;
                    };
                    if a.status != Status::Submitted {
                        if a.status.is_outstanding() {
                            not_ready.push(q.number);
                        }
                        continue;
                    }
                    answers.push(ResponseAnswer {
                        assignment: *source,
                        number: q.number,
                        label: a.label.clone(),
                        base_revision: base_revision.map(crate::model::RevisionId),
                        base: from_json::<Vec<Paragraph>>(base_body)?,
                        response: a.response.clone(),
                        ready: true,
                    });
                }
            }
            if answers.is_empty() {
                return Err(Error::invalid(
                    "No answer is marked ready yet, so there is nothing to return. Mark the answers that are ready, then return them.",
                ));
            }
            let partner_short = doc
                .partners
                .first()
                .map(|p| p.short_name.clone())
                .unwrap_or_default();
            let content = ResponseContent {
                review_uid: source_uid,
                title: doc.title.clone(),
                partner: super::PackPartner {
                    id: partner,
                    name: copy.partner_name.clone(),
                    short_name: partner_short,
                },
                pack_issued_at: copy.issued_at,
                pack_id: pack_uid,
                sequence,
                returned_at: now,
                signoff: copy.signoff.clone(),
                answers,
            };
            let bytes = write_package("response", &content, Some(&secret))?;
            tx.execute(
                "UPDATE pack_copies SET returned_at = ?2, returns = ?3 WHERE review_id = ?1",
                params![review, timestamp(now), sequence],
            )?;
            Ok(Returned {
                bytes,
                returned: content.answers.iter().map(|a| a.number).collect(),
                not_ready,
                signoff: content.signoff,
            })
        })
    }
}

fn author_or_council(author: &str) -> &str {
    if author.trim().is_empty() {
        "Council"
    } else {
        author
    }
}

fn find_copy(
    conn: &Connection,
    content: &PackContent,
    issued_at: DateTime<Utc>,
) -> Result<Option<ReviewId>> {
    Ok(conn
        .query_row(
            "SELECT review_id FROM pack_copies
              WHERE pack_uid = ?4
                 OR (pack_uid IS NULL AND source_uid = ?1 AND partner_id = ?2 AND issued_at = ?3)",
            params![
                content.review_uid,
                content.partner.id,
                timestamp(issued_at),
                content.pack_id
            ],
            |r| r.get(0),
        )
        .optional()?)
}

/// The council's review and partner a copy answers for; refused for a
/// review that is not a partner's copy.
fn copy_source(conn: &Connection, review: ReviewId) -> Result<(String, PartnerId)> {
    conn.query_row(
        "SELECT source_uid, partner_id FROM pack_copies WHERE review_id = ?1",
        [review],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| not_a_copy(review))
}

fn not_a_copy(review: ReviewId) -> Error {
    Error::invalid(format!(
        "Review {review} was not opened from a partner pack, so it has no answers to return."
    ))
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

/// A pack's questions as a review to create: the partner, and by name the
/// partners it answers jointly with; the sections in the pack's order.
fn copy_draft(content: &PackContent) -> ReviewDraft {
    let me = &content.partner;
    let mut partners = vec![PartnerDraft {
        name: me.name.clone(),
        short_name: me.short_name.clone(),
        ..PartnerDraft::default()
    }];
    let mut sections: Vec<SectionDraft> = Vec::new();
    // Every name and short name so far, lower-cased.
    let mut known: std::collections::HashSet<String> = [&me.name, &me.short_name]
        .iter()
        .map(|n| n.to_lowercase())
        .collect();
    for q in &content.questions {
        let mut names = vec![me.short_name.clone()];
        for other in &q.joint_with {
            if known.insert(other.to_lowercase()) {
                partners.push(PartnerDraft {
                    name: other.clone(),
                    short_name: other.clone(),
                    ..PartnerDraft::default()
                });
            }
            names.push(other.clone());
        }
        // The partner starts from a draft of what the council holds: what
        // the council had already accepted, or answered elsewhere, is for
        // the partner to confirm and mark ready.
        let has_text = q.response.iter().any(|p| !p.is_blank());
        let status = match q.status {
            Status::Submitted | Status::Approved | Status::AnsweredElsewhere if has_text => {
                Status::Drafting
            }
            Status::Submitted | Status::Approved | Status::AnsweredElsewhere => Status::NotStarted,
            other => other,
        };
        let question = QuestionDraft {
            text: q.text.clone(),
            context: q.context.clone(),
            notes: q.notes.clone(),
            appendices: Vec::new(),
            responses: vec![ResponseDraft {
                partners: names,
                label: Some(q.label.clone()),
                status,
                due: q.due,
                paragraphs: q.response.clone(),
            }],
        };
        match sections.last_mut() {
            Some(s) if s.title == q.section => s.questions.push(question),
            _ => sections.push(SectionDraft {
                title: q.section.clone(),
                questions: vec![question],
                ..SectionDraft::default()
            }),
        }
    }
    ReviewDraft {
        title: content.title.clone(),
        committee: content.committee.clone(),
        meeting_date: content.meeting_date,
        partners,
        sections,
        ..ReviewDraft::default()
    }
}

/// Shown with the council's question numbers, not the copy's own 1..N.
pub(crate) fn renumber_sections(
    sections: &mut [crate::doc::SectionDoc],
    numbers: &HashMap<AssignmentId, u32>,
) {
    for s in sections {
        for q in &mut s.questions {
            if let Some(n) = q.assignments.iter().find_map(|a| numbers.get(&a.id)) {
                q.number = *n;
            }
        }
    }
}
