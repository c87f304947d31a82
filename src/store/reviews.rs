//! Reviews as a whole: create (empty, from a draft, or from last year's),
//! list, load, edit and delete.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::partners::{insert_partner, insert_partners, load_partners};
use super::{
    ensure_review, from_json, no_review, parse_timestamp, timestamp, to_json, touch_review,
};
use crate::doc::{
    AppendixDoc, AssignmentDoc, LastYearAnswer, PartnerDraft, QuestionDoc, ReviewDoc, ReviewDraft,
    SectionDoc,
};
use crate::error::{Error, Refusal, Result};
use crate::model::{
    AssignmentId, PartnerId, QuestionId, Review, ReviewId, ReviewStatus, SectionId, Status,
    joint_label,
};
use crate::text::Paragraph;

/// One line of the reviews list.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct ReviewSummary {
    pub id: ReviewId,
    pub title: String,
    pub meeting_date: Option<NaiveDate>,
    pub status: ReviewStatus,
    pub is_sample: bool,
    pub questions: u32,
    pub assignments: u32,
    /// Assignments needing nothing more: approved, not required or answered elsewhere.
    pub settled: u32,
    pub updated_at: DateTime<Utc>,
    /// Set on a partner's copy of a pack: the partner answering it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub answering_for: Option<String>,
}

/// What the app shows when it opens a workbook.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct Opening {
    pub reviews: Vec<ReviewSummary>,
    /// On first run (an empty workbook) the bundled sample is added and
    /// opened, labelled as a sample.
    pub open_first: Option<ReviewId>,
}

/// Changes to a review's own fields; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ReviewPatch {
    pub title: Option<String>,
    pub subtitle: Option<Option<String>>,
    pub committee: Option<Option<String>>,
    pub partnership: Option<Option<String>>,
    pub meeting_date: Option<Option<NaiveDate>>,
    pub financial_year: Option<Option<String>>,
    pub intro: Option<Vec<Paragraph>>,
    pub status: Option<ReviewStatus>,
}

impl ReviewPatch {
    /// The details the review's form edits: its title, meeting date and
    /// committee (a blank committee is none).
    pub fn details(
        title: String,
        meeting_date: Option<NaiveDate>,
        committee: Option<String>,
    ) -> ReviewPatch {
        ReviewPatch {
            title: Some(title),
            meeting_date: Some(meeting_date),
            committee: Some(committee.filter(|c| !c.trim().is_empty())),
            ..ReviewPatch::default()
        }
    }
}

/// How to start next year's review.
#[derive(Debug, Clone, Default)]
pub struct NextYear {
    /// Defaults to last year's title with its years moved on by one.
    pub title: Option<String>,
    pub meeting_date: Option<NaiveDate>,
}

impl NextYear {
    /// A blank title is last year's with its years moved on.
    pub fn new(title: Option<String>, meeting_date: Option<NaiveDate>) -> NextYear {
        NextYear {
            title: title.filter(|t| !t.trim().is_empty()),
            meeting_date,
        }
    }
}

/// The bundled sample review (Bolsover CSP, 18 March 2019).
/// Adds a draft's sections, questions and responses after those of an
/// existing review, adding any partners it names that the review lacks.
pub(crate) fn add_draft(
    tx: &Connection,
    review: ReviewId,
    draft: &ReviewDraft,
    author: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    ensure_review(tx, review)?;
    let existing = load_partners(tx, review)?;
    let names: std::collections::HashSet<String> =
        existing.iter().map(|e| e.name.to_lowercase()).collect();
    let shorts: std::collections::HashSet<String> = existing
        .iter()
        .map(|e| e.short_name.to_lowercase())
        .collect();
    let new: Vec<PartnerDraft> = draft
        .partners
        .iter()
        .filter(|p| !names.contains(&p.name.trim().to_lowercase()))
        .map(|p| {
            let mut p = p.clone();
            // A short name the review already uses ("Police") gives way
            // to the partner's full name.
            if shorts.contains(&p.short_name.trim().to_lowercase()) {
                p.short_name = p.name.clone();
            }
            p
        })
        .collect();
    insert_partners(tx, review, &new)?;
    insert_contents(tx, review, draft, author, now)?;
    touch_review(tx, review, now)
}

fn validate_title(title: &str) -> Result<()> {
    if title.trim().is_empty() {
        return Err(Error::refused(
            Refusal::Required,
            "A review needs a title, such as \"Annual Scrutiny Review of the Community Safety Partnership\".",
        ));
    }
    crate::text::check_controls("The review's title", title, false)
}

pub(crate) fn load_review(conn: &Connection, id: ReviewId) -> Result<Review> {
    conn.query_row(
        "SELECT id, title, committee, partnership, meeting_date, financial_year, intro, status,
                is_sample, previous_review, created_at, updated_at, subtitle
           FROM reviews WHERE id = ?1",
        [id],
        |r| {
            Ok(Review {
                id: r.get(0)?,
                title: r.get(1)?,
                committee: r.get(2)?,
                partnership: r.get(3)?,
                meeting_date: r.get(4)?,
                financial_year: r.get(5)?,
                intro: from_json(&r.get::<_, String>(6)?)?,
                status: r.get(7)?,
                is_sample: r.get(8)?,
                previous_review: r.get(9)?,
                created_at: parse_timestamp(&r.get::<_, String>(10)?)?,
                updated_at: parse_timestamp(&r.get::<_, String>(11)?)?,
                subtitle: r.get(12)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| no_review(id))
}

/// Inserts the review's own fields from a draft (not its contents).
fn insert_review_row(
    conn: &Connection,
    d: &ReviewDraft,
    is_sample: bool,
    previous: Option<ReviewId>,
    now: DateTime<Utc>,
) -> Result<ReviewId> {
    validate_title(&d.title)?;
    let stamp = timestamp(now);
    conn.execute(
        "INSERT INTO reviews (uid, title, subtitle, committee, partnership, meeting_date, financial_year,
                              intro, is_sample, previous_review, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![
            uuid::Uuid::new_v4().to_string(),
            d.title.trim(),
            d.subtitle.as_deref().map(str::trim).filter(|s| !s.is_empty()),
            d.committee,
            d.partnership,
            d.meeting_date,
            d.financial_year,
            to_json(&d.intro),
            is_sample,
            previous,
            stamp
        ],
    )?;
    Ok(ReviewId(conn.last_insert_rowid()))
}

pub(crate) fn insert_section_row(
    conn: &Connection,
    review: ReviewId,
    position: usize,
    title: &str,
    lead_in: &[Paragraph],
) -> Result<SectionId> {
    if title.trim().is_empty() {
        return Err(Error::refused(
            Refusal::Required,
            "A section needs a heading.",
        ));
    }
    crate::text::check_controls("A section heading", title, false)?;
    conn.prepare_cached(
        "INSERT INTO sections (review_id, position, title, lead_in) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        review,
        position as i64,
        title.trim(),
        to_json(lead_in)
    ])?;
    Ok(SectionId(conn.last_insert_rowid()))
}

pub(crate) fn add_default_partner(
    conn: &Connection,
    section: SectionId,
    partner: PartnerId,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO section_partners (section_id, partner_id, position)
         VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM section_partners WHERE section_id = ?1))",
    )?
    .execute(params![section, partner])?;
    Ok(())
}

pub(crate) fn insert_question_row(
    conn: &Connection,
    section: SectionId,
    position: usize,
    text: &str,
    context: &[Paragraph],
    notes: &[Paragraph],
    previous: Option<QuestionId>,
) -> Result<QuestionId> {
    if text.trim().is_empty() {
        return Err(Error::refused(
            Refusal::Required,
            "A question needs its text.",
        ));
    }
    crate::text::check_controls("A question's text", text, true)?;
    conn.prepare_cached(
        "INSERT INTO questions (section_id, position, text, context, notes, previous_question)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        section,
        position as i64,
        text.trim(),
        to_json(context),
        to_json(notes),
        previous
    ])?;
    Ok(QuestionId(conn.last_insert_rowid()))
}

/// A new answer owed: where it goes, at what status, and by whom.
pub(crate) struct NewAssignment<'a> {
    pub question: QuestionId,
    /// Its place among the question's answers (from 1); `None` puts it last.
    pub position: Option<usize>,
    pub label: &'a str,
    pub status: Status,
    pub due: Option<NaiveDate>,
    /// Last year's answer it follows on from.
    pub previous: Option<AssignmentId>,
    pub partners: &'a [PartnerId],
}

/// Adds an answer owed, with its partners; the one way an assignment is made.
pub(crate) fn insert_assignment(
    conn: &Connection,
    a: &NewAssignment<'_>,
    now: DateTime<Utc>,
) -> Result<AssignmentId> {
    conn.prepare_cached(
        "INSERT INTO assignments (question_id, position, label, status, due_date, previous_assignment, updated_at)
         VALUES (?1, coalesce(?2, (SELECT coalesce(max(position), 0) + 1 FROM assignments WHERE question_id = ?1)),
                 ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        a.question,
        a.position.map(|p| p as i64),
        a.label,
        a.status,
        a.due,
        a.previous,
        timestamp(now)
    ])?;
    let id = AssignmentId(conn.last_insert_rowid());
    insert_assignment_partners(conn, id, a.question, a.partners)?;
    Ok(id)
}

pub(crate) fn insert_assignment_partners(
    conn: &Connection,
    assignment: AssignmentId,
    question: QuestionId,
    partners: &[PartnerId],
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO assignment_partners (assignment_id, question_id, partner_id, position)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, p) in partners.iter().enumerate() {
        stmt.execute(params![assignment, question, p, i as i64 + 1])
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => Error::refused(Refusal::AlreadyAssigned,
                    "A partner can owe only one response to a question; this one is already assigned it.",
                ),
                _ => Error::from(e),
            })?;
    }
    Ok(())
}

fn copy_appendices(conn: &Connection, from: ReviewId, to: ReviewId) -> Result<()> {
    conn.execute(
        "INSERT INTO appendices (review_id, position, label, title, file_name, file_data)
         SELECT ?2, position, label, title, NULL, NULL FROM appendices WHERE review_id = ?1",
        params![from, to],
    )?;
    conn.execute(
        "INSERT INTO question_appendices (question_id, appendix_id)
         SELECT nq.id, na.id
           FROM question_appendices qa
           JOIN appendices oa ON oa.id = qa.appendix_id AND oa.review_id = ?1
           JOIN appendices na ON na.review_id = ?2 AND na.label = oa.label
           JOIN questions nq ON nq.previous_question = qa.question_id
           JOIN sections ns ON ns.id = nq.section_id AND ns.review_id = ?2",
        params![from, to],
    )?;
    Ok(())
}

pub(crate) fn insert_draft(
    conn: &Connection,
    d: &ReviewDraft,
    author: &str,
    now: DateTime<Utc>,
    is_sample: bool,
) -> Result<ReviewId> {
    let review = insert_review_row(conn, d, is_sample, None, now)?;
    insert_partners(conn, review, &d.partners)?;
    insert_contents(conn, review, d, author, now)?;
    Ok(review)
}

/// Adds a draft's appendices and sections (with their questions and
/// responses) after whatever the review already holds. Its partners must
/// already be in the review.
fn insert_contents(
    conn: &Connection,
    review: ReviewId,
    d: &ReviewDraft,
    author: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let partners = load_partners(conn, review)?;
    let index = crate::model::PartnerIndex::new(&partners);
    let lookup = |name: &str| index.pick(name);

    let mut appendix_ids: HashMap<String, i64> = HashMap::new();
    {
        let mut stmt =
            conn.prepare("SELECT lower(label), id FROM appendices WHERE review_id = ?1")?;
        for row in stmt.query_map([review], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (label, id) = row?;
            appendix_ids.insert(label, id);
        }
    }
    let mut in_draft: Vec<String> = Vec::new();
    for a in &d.appendices {
        let key = a.label.trim().to_lowercase();
        if key.is_empty() {
            return Err(Error::refused(
                Refusal::Required,
                "An appendix needs a label, such as \"Appendix 1\".",
            ));
        }
        if in_draft.contains(&key) {
            return Err(Error::refused(
                Refusal::NameTaken,
                format!(
                    "Two appendices are labelled \"{}\"; give each its own label.",
                    a.label.trim()
                ),
            ));
        }
        in_draft.push(key.clone());
        if appendix_ids.contains_key(&key) {
            // Already in the review; the draft's questions refer to it.
            continue;
        }
        conn.execute(
            "INSERT INTO appendices (review_id, position, label, title)
             VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM appendices WHERE review_id = ?1), ?2, ?3)",
            params![review, a.label.trim(), a.title],
        )?;
        appendix_ids.insert(a.label.trim().to_lowercase(), conn.last_insert_rowid());
    }

    let stamp = timestamp(now);
    let (sections_before, mut number): (u32, u32) = conn.query_row(
        "SELECT (SELECT count(*) FROM sections WHERE review_id = ?1),
                (SELECT count(*) FROM questions q JOIN sections s ON s.id = q.section_id WHERE s.review_id = ?1)",
        [review],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    for (si, s) in d.sections.iter().enumerate() {
        let sid = insert_section_row(
            conn,
            review,
            sections_before as usize + si + 1,
            &s.title,
            &s.lead_in,
        )?;
        for name in &s.default_partners {
            add_default_partner(conn, sid, lookup(name)?.id)?;
        }
        for (qi, q) in s.questions.iter().enumerate() {
            number += 1;
            let qid = insert_question_row(conn, sid, qi + 1, &q.text, &q.context, &q.notes, None)?;
            for label in &q.appendices {
                let aid = appendix_ids.get(&label.trim().to_lowercase()).ok_or_else(|| {
                    Error::refused(Refusal::DamagedDocument, format!(
                        "Question {number} refers to {label}, which is not among the review's appendices."
                    ))
                })?;
                conn.execute(
                    "INSERT OR IGNORE INTO question_appendices (question_id, appendix_id) VALUES (?1, ?2)",
                    params![qid, aid],
                )?;
            }
            for (ai, r) in q.responses.iter().enumerate() {
                if r.partners.is_empty() {
                    return Err(Error::refused(
                        Refusal::DamagedDocument,
                        format!("A response to question {number} names no partner."),
                    ));
                }
                let owners = r
                    .partners
                    .iter()
                    .map(|n| lookup(n))
                    .collect::<Result<Vec<_>>>()?;
                let label = r
                    .label
                    .clone()
                    .filter(|l| !l.trim().is_empty())
                    .unwrap_or_else(|| joint_label(&owners));
                let has_text = r.paragraphs.iter().any(|p| !p.is_blank());
                if r.status.needs_text() && !has_text {
                    return Err(Error::refused(
                        Refusal::DamagedDocument,
                        format!(
                            "The {label} to question {number} is marked {} but has no text.",
                            r.status.label()
                        ),
                    ));
                }
                let status = r.status.with_first_words(has_text);
                let ids: Vec<PartnerId> = owners.iter().map(|p| p.id).collect();
                let new = NewAssignment {
                    question: qid,
                    position: Some(ai + 1),
                    label: label.trim(),
                    status,
                    due: r.due,
                    previous: None,
                    partners: &ids,
                };
                let aid = insert_assignment(conn, &new, now).map_err(|e| match e {
                    Error::Refused(Refusal::AlreadyAssigned, _) => Error::refused(Refusal::RepeatedAnswer, format!(
                        "question {number} has two answers from {} (the second labelled \"{}\"). A partner gives one answer to a question: join the two answers into one, then try again.",
                        owners
                            .iter()
                            .map(|p| p.name.as_str())
                            .collect::<Vec<_>>()
                            .join(" or "),
                        label.trim()
                    )),
                    other => other,
                })?;
                if has_text {
                    conn.prepare_cached(
                        "INSERT INTO revisions (assignment_id, body, author, saved_at) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![aid, to_json(&r.paragraphs), author, stamp])?;
                }
                conn.prepare_cached(
                    "INSERT INTO status_changes (assignment_id, from_status, to_status, author, changed_at)
                     VALUES (?1, NULL, ?2, ?3, ?4)",
                )?
                .execute(params![aid, status, author, stamp])?;
            }
        }
    }
    for rec in &d.recommendations {
        let owed = rec
            .owed
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|name| lookup(name).map(|p| p.id))
                    .collect::<Result<Vec<_>>>()
            })
            .collect::<Result<Vec<_>>>()?;
        super::recommendations::insert(
            conn,
            review,
            &super::recommendations::NewRecommendation {
                reference: rec.reference.as_deref(),
                text: &rec.text,
                agreed: None,
                due: None,
                owed: &owed,
                carried_from: None,
            },
            now,
        )?;
    }
    Ok(())
}

/// Who owes each of a review's assignments, in the order they are named.
pub(crate) fn assignment_partners(
    conn: &Connection,
    review: ReviewId,
) -> Result<HashMap<AssignmentId, Vec<PartnerId>>> {
    let mut owners: HashMap<AssignmentId, Vec<PartnerId>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT ap.assignment_id, ap.partner_id FROM assignment_partners ap
           JOIN partners p ON p.id = ap.partner_id
          WHERE p.review_id = ?1 ORDER BY ap.assignment_id, ap.position",
    )?;
    for row in stmt.query_map([review], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (a, p) = row?;
        owners.entry(a).or_default().push(p);
    }
    Ok(owners)
}

pub(crate) fn load_doc(conn: &Connection, id: ReviewId) -> Result<ReviewDoc> {
    let review = load_review(conn, id)?;
    let partners = load_partners(conn, id)?;

    let mut appendices = Vec::new();
    let mut appendix_labels = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT id, label, title, file_name FROM appendices WHERE review_id = ?1 ORDER BY position, id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(AppendixDoc {
                id: r.get(0)?,
                label: r.get(1)?,
                title: r.get(2)?,
                file_name: r.get(3)?,
            })
        })?;
        for a in rows {
            let a = a?;
            appendix_labels.insert(a.id, a.label.clone());
            appendices.push(a);
        }
    }

    let mut question_appendices: HashMap<QuestionId, Vec<String>> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT qa.question_id, qa.appendix_id FROM question_appendices qa
               JOIN appendices a ON a.id = qa.appendix_id
              WHERE a.review_id = ?1 ORDER BY a.position",
        )?;
        let rows = stmt.query_map([id], |r| Ok((r.get::<_, QuestionId>(0)?, r.get(1)?)))?;
        for row in rows {
            let (q, a) = row?;
            if let Some(label) = appendix_labels.get(&a) {
                question_appendices
                    .entry(q)
                    .or_default()
                    .push(label.clone());
            }
        }
    }

    let mut owners = assignment_partners(conn, id)?;

    let mut assignments: HashMap<QuestionId, Vec<AssignmentDoc>> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT a.question_id, a.id, a.label, a.status, a.due_date, a.updated_at,
                    cur.id, cur.body,
                    prev.label, prev.status, prev_sec.review_id,
                    (SELECT body FROM revisions WHERE assignment_id = prev.id ORDER BY id DESC LIMIT 1)
               FROM assignments a
               JOIN questions q ON q.id = a.question_id
               JOIN sections s ON s.id = q.section_id
               LEFT JOIN revisions cur ON cur.id =
                    (SELECT max(id) FROM revisions WHERE assignment_id = a.id)
               LEFT JOIN assignments prev ON prev.id = a.previous_assignment
               LEFT JOIN questions prev_q ON prev_q.id = prev.question_id
               LEFT JOIN sections prev_sec ON prev_sec.id = prev_q.section_id
              WHERE s.review_id = ?1
              ORDER BY a.question_id, a.position, a.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            let aid: AssignmentId = r.get(1)?;
            let body: Option<String> = r.get(7)?;
            let last_year = match r.get::<_, Option<String>>(8)? {
                Some(label) => Some(LastYearAnswer {
                    review: r.get(10)?,
                    label,
                    status: r.get(9)?,
                    response: match r.get::<_, Option<String>>(11)? {
                        Some(b) => from_json(&b)?,
                        None => Vec::new(),
                    },
                }),
                None => None,
            };
            Ok((
                r.get::<_, QuestionId>(0)?,
                AssignmentDoc {
                    id: aid,
                    partners: Vec::new(),
                    label: r.get(2)?,
                    status: r.get(3)?,
                    due: r.get(4)?,
                    updated_at: parse_timestamp(&r.get::<_, String>(5)?)?,
                    revision: r.get(6)?,
                    response: match body {
                        Some(b) => from_json(&b)?,
                        None => Vec::new(),
                    },
                    last_year,
                },
            ))
        })?;
        for row in rows {
            let (q, mut a) = row?;
            a.partners = owners.remove(&a.id).unwrap_or_default();
            assignments.entry(q).or_default().push(a);
        }
    }

    let mut section_partners: HashMap<SectionId, Vec<PartnerId>> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT sp.section_id, sp.partner_id FROM section_partners sp
               JOIN sections s ON s.id = sp.section_id
              WHERE s.review_id = ?1 ORDER BY sp.section_id, sp.position",
        )?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            let (s, p) = row?;
            section_partners.entry(s).or_default().push(p);
        }
    }

    let mut sections: Vec<SectionDoc> = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT id, title, lead_in FROM sections WHERE review_id = ?1 ORDER BY position, id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(SectionDoc {
                id: r.get(0)?,
                title: r.get(1)?,
                lead_in: from_json(&r.get::<_, String>(2)?)?,
                default_partners: Vec::new(),
                questions: Vec::new(),
            })
        })?;
        for s in rows {
            let mut s = s?;
            s.default_partners = section_partners.remove(&s.id).unwrap_or_default();
            sections.push(s);
        }
    }
    let section_index: HashMap<SectionId, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT q.section_id, q.id, q.text, q.context, q.notes FROM questions q
               JOIN sections s ON s.id = q.section_id
              WHERE s.review_id = ?1 ORDER BY s.position, s.id, q.position, q.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, SectionId>(0)?,
                r.get::<_, QuestionId>(1)?,
                r.get::<_, String>(2)?,
                from_json::<Vec<Paragraph>>(&r.get::<_, String>(3)?)?,
                from_json::<Vec<Paragraph>>(&r.get::<_, String>(4)?)?,
            ))
        })?;
        for (row, number) in rows.zip(1..) {
            let (sid, qid, text, context, notes) = row?;
            if let Some(&i) = section_index.get(&sid) {
                sections[i].questions.push(QuestionDoc {
                    id: qid,
                    number,
                    text,
                    context,
                    notes,
                    appendices: question_appendices.remove(&qid).unwrap_or_default(),
                    assignments: assignments.remove(&qid).unwrap_or_default(),
                });
            }
        }
    }

    let mut pack = None;
    if let Some((copy, numbers)) = super::packs::copy_of(conn, id)? {
        super::packs::renumber_sections(&mut sections, &numbers);
        pack = Some(copy);
    }

    Ok(ReviewDoc {
        id: review.id,
        title: review.title,
        subtitle: review.subtitle,
        committee: review.committee,
        partnership: review.partnership,
        meeting_date: review.meeting_date,
        financial_year: review.financial_year,
        status: review.status,
        is_sample: review.is_sample,
        previous_review: review.previous_review,
        created_at: review.created_at,
        updated_at: review.updated_at,
        intro: review.intro,
        partners,
        sections,
        appendices,
        recommendations: super::recommendations::load(conn, id)?,
        pack,
    })
}

pub(crate) fn reviews(tx: &Connection) -> Result<Vec<ReviewSummary>> {
    // "Settled" is Status::is_settled, written into the query from the rule.
    let settled: Vec<String> = Status::ALL
        .iter()
        .filter(|s| s.is_settled())
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    let sql = format!(
        "SELECT r.id, r.title, r.meeting_date, r.status, r.is_sample, r.updated_at,
                (SELECT count(*) FROM questions q JOIN sections s ON s.id = q.section_id
                  WHERE s.review_id = r.id),
                (SELECT count(*) FROM assignments a JOIN questions q ON q.id = a.question_id
                   JOIN sections s ON s.id = q.section_id WHERE s.review_id = r.id),
                (SELECT count(*) FROM assignments a JOIN questions q ON q.id = a.question_id
                   JOIN sections s ON s.id = q.section_id
                  WHERE s.review_id = r.id
                    AND a.status IN ({})),
                (SELECT partner_name FROM pack_copies WHERE review_id = r.id)
           FROM reviews r ORDER BY r.meeting_date IS NULL, r.meeting_date DESC, r.id DESC",
        settled.join(", ")
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    let rows = stmt.query_map([], |r| {
        Ok(ReviewSummary {
            id: r.get(0)?,
            title: r.get(1)?,
            meeting_date: r.get(2)?,
            status: r.get(3)?,
            is_sample: r.get(4)?,
            updated_at: parse_timestamp(&r.get::<_, String>(5)?)?,
            questions: r.get(6)?,
            assignments: r.get(7)?,
            settled: r.get(8)?,
            answering_for: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn update_review(
    tx: &Connection,
    id: ReviewId,
    patch: &ReviewPatch,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut r = load_review(tx, id)?;
    if let Some(v) = &patch.title {
        r.title = v.trim().to_string();
    }
    if let Some(v) = &patch.subtitle {
        r.subtitle = v.clone();
    }
    if let Some(v) = &patch.committee {
        r.committee = v.clone();
    }
    if let Some(v) = &patch.partnership {
        r.partnership = v.clone();
    }
    if let Some(v) = patch.meeting_date {
        r.meeting_date = v;
    }
    if let Some(v) = &patch.financial_year {
        r.financial_year = v.clone();
    }
    if let Some(v) = &patch.intro {
        r.intro = v.clone();
    }
    if let Some(v) = patch.status {
        r.status = v;
    }
    validate_title(&r.title)?;
    for (what, v) in [
        ("The subtitle", &r.subtitle),
        ("The committee", &r.committee),
        ("The partnership", &r.partnership),
        ("The financial year", &r.financial_year),
    ] {
        crate::text::check_controls(what, v.as_deref().unwrap_or(""), false)?;
    }
    tx.execute(
        "UPDATE reviews SET title = ?2, committee = ?3, partnership = ?4, meeting_date = ?5,
                financial_year = ?6, intro = ?7, status = ?8, updated_at = ?9, subtitle = ?10
          WHERE id = ?1",
        params![
            id,
            r.title,
            r.committee,
            r.partnership,
            r.meeting_date,
            r.financial_year,
            to_json(&r.intro),
            r.status,
            timestamp(now),
            r.subtitle
        ],
    )?;
    Ok(())
}

/// The whole review, numbered, as `kloe show --json` prints it.
/// The review's identity across workbooks (a UUID), as packs carry it.
pub(crate) fn review_uid(tx: &Connection, id: ReviewId) -> Result<String> {
    ensure_review(tx, id)?;
    Ok(tx.query_row("SELECT uid FROM reviews WHERE id = ?1", [id], |r| r.get(0))?)
}

/// Starts next year's review from this one: partners, sections,
/// questions and assignments are copied; responses start empty and each
/// assignment is linked to last year's so its answer can be shown.
pub(crate) fn start_next_year(
    tx: &Connection,
    from: ReviewId,
    opts: &NextYear,
    now: DateTime<Utc>,
) -> Result<ReviewId> {
    let old = load_review(tx, from)?;
    let title = match &opts.title {
        Some(t) => t.trim().to_string(),
        None => crate::text::bump_years(&old.title),
    };
    validate_title(&title)?;
    let meeting_date = opts.meeting_date.or_else(|| {
        old.meeting_date.and_then(|d| {
            // 29 February falls back to the 28th in a common year.
            d.with_year(d.year() + 1)
                .or_else(|| d.with_day(28).and_then(|d| d.with_year(d.year() + 1)))
        })
    });
    let financial_year = old.financial_year.as_deref().map(crate::text::bump_years);
    let fields = ReviewDraft {
        title,
        subtitle: old.subtitle.clone(),
        committee: old.committee.clone(),
        partnership: old.partnership.clone(),
        meeting_date,
        financial_year,
        intro: old.intro.clone(),
        ..ReviewDraft::default()
    };
    let new = insert_review_row(tx, &fields, false, Some(from), now)?;

    let mut partner_map: HashMap<PartnerId, PartnerId> = HashMap::new();
    for p in load_partners(tx, from)? {
        let id = insert_partner(tx, new, &(&p).into())?;
        partner_map.insert(p.id, id);
    }
    let mapped = |p: &PartnerId| {
        partner_map.get(p).copied().ok_or_else(|| {
            Error::refused(
                Refusal::Internal,
                "A partner of last year's review is missing.",
            )
        })
    };

    let doc = load_doc(tx, from)?;
    for (si, section) in doc.sections.iter().enumerate() {
        let sid = insert_section_row(tx, new, si + 1, &section.title, &section.lead_in)?;
        for p in &section.default_partners {
            add_default_partner(tx, sid, mapped(p)?)?;
        }
        for (qi, q) in section.questions.iter().enumerate() {
            let qid =
                insert_question_row(tx, sid, qi + 1, &q.text, &q.context, &q.notes, Some(q.id))?;
            for (ai, a) in q.assignments.iter().enumerate() {
                let partners = a.partners.iter().map(&mapped).collect::<Result<Vec<_>>>()?;
                let new = NewAssignment {
                    question: qid,
                    position: Some(ai + 1),
                    label: &a.label,
                    status: Status::NotStarted,
                    due: None,
                    previous: Some(a.id),
                    partners: &partners,
                };
                insert_assignment(tx, &new, now)?;
            }
        }
    }
    copy_appendices(tx, from, new)?;
    // Last year's recommendations not yet complete come with their
    // history, and the committee is offered a question on each, asked of
    // the partners it was addressed to.
    let carried = super::recommendations::carry(tx, from, new, &mapped, now)?;
    if !carried.is_empty() {
        let all = load_partners(tx, new)?;
        let sid = insert_section_row(
            tx,
            new,
            doc.sections.len() + 1,
            "Last year's recommendations",
            &[],
        )?;
        for (qi, rec) in carried.iter().enumerate() {
            let words = crate::text::shortened(&crate::text::plain_words(&rec.text), 160);
            let text = format!(
                "What progress has been made on recommendation {} (“{words}”)?",
                rec.reference
            );
            let qid = insert_question_row(tx, sid, qi + 1, &text, &[], &[], None)?;
            for (ai, group) in rec.owed.iter().enumerate() {
                let members: Vec<&crate::model::Partner> = group
                    .iter()
                    .filter_map(|id| all.iter().find(|p| p.id == *id))
                    .collect();
                let label = crate::model::joint_label(&members);
                insert_assignment(
                    tx,
                    &NewAssignment {
                        question: qid,
                        position: Some(ai + 1),
                        label: &label,
                        status: Status::NotStarted,
                        due: None,
                        previous: None,
                        partners: group,
                    },
                    now,
                )?;
            }
        }
    }
    Ok(new)
}

/// The sample review already in the workbook, or a new one from `draft`;
/// with whether it was created.
pub(crate) fn ensure_sample(
    tx: &Connection,
    draft: &ReviewDraft,
    now: DateTime<Utc>,
) -> Result<(ReviewId, bool)> {
    let existing: Option<ReviewId> = tx
        .query_row(
            "SELECT id FROM reviews WHERE is_sample = 1 ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    match existing {
        Some(id) => Ok((id, false)),
        None => insert_draft(tx, draft, "KLOE Workbook sample", now, true).map(|id| (id, true)),
    }
}

/// Deletes a review and everything in it; returns its title.
pub(crate) fn delete_review(tx: &Connection, id: ReviewId) -> Result<String> {
    let review = load_review(tx, id)?;
    tx.execute("DELETE FROM reviews WHERE id = ?1", [id])?;
    Ok(review.title)
}
