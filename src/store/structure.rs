//! Sections and questions: adding, editing, moving and deleting them.
//! Positions are kept dense (1..n inside their parent) so that a question's
//! number, its place across the whole review, always follows its position.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::reviews::{
    NewAssignment, add_default_partner, insert_assignment, insert_question_row, insert_section_row,
};
use super::{ensure_review, to_json, touch_review};
use crate::error::{Error, Refusal, Result};
use crate::model::{PartnerId, QuestionId, ReviewId, SectionId, Status};
use crate::text::Paragraph;

#[derive(Debug, Clone, Default)]
pub struct NewSection {
    pub title: String,
    pub lead_in: Vec<Paragraph>,
    /// Partners each new question in the section is assigned to.
    pub default_partners: Vec<PartnerId>,
    /// 1-based place among the sections; `None` adds it at the end.
    pub position: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct SectionPatch {
    pub title: Option<String>,
    pub lead_in: Option<Vec<Paragraph>>,
    pub default_partners: Option<Vec<PartnerId>>,
}

#[derive(Debug, Clone, Default)]
pub struct NewQuestion {
    pub text: String,
    pub context: Vec<Paragraph>,
    pub notes: Vec<Paragraph>,
    /// 1-based place inside the section; `None` adds it at the end.
    pub position: Option<usize>,
    /// Partners to assign, each separately. `None` uses the section's defaults.
    pub assign_to: Option<Vec<PartnerId>>,
}

#[derive(Debug, Clone, Default)]
pub struct QuestionPatch {
    pub text: Option<String>,
    pub context: Option<Vec<Paragraph>>,
    pub notes: Option<Vec<Paragraph>>,
}

/// Where a question is: its section and its number across the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionPlace {
    pub review: ReviewId,
    pub section: SectionId,
    pub number: u32,
}

/// Moves a question inside one transaction; returns its review.
pub(crate) fn move_question(
    conn: &Connection,
    question: QuestionId,
    section: SectionId,
    position: usize,
) -> Result<ReviewId> {
    let from = question_place(conn, question)?;
    if section_review(conn, section)? != from.review {
        return Err(Error::refused(
            Refusal::WrongReview,
            "A question can only move within its own review.",
        ));
    }
    let mut old = child_ids(conn, "questions", "section_id", from.section.0)?;
    old.retain(|&id| id != question.0);
    let mut new = if section == from.section {
        old
    } else {
        set_order(conn, "questions", &old)?;
        child_ids(conn, "questions", "section_id", section.0)?
    };
    let at = clamp_position(Some(position), new.len())?;
    new.insert(at, question.0);
    conn.execute(
        "UPDATE questions SET section_id = ?2 WHERE id = ?1",
        params![question, section],
    )?;
    set_order(conn, "questions", &new)?;
    Ok(from.review)
}

pub(crate) fn question_by_number(
    conn: &Connection,
    review: ReviewId,
    number: u32,
) -> Result<QuestionId> {
    ensure_review(conn, review)?;
    let found = match number.checked_sub(1) {
        Some(offset) => conn
            .prepare_cached(
                "SELECT q.id FROM questions q JOIN sections s ON s.id = q.section_id
                  WHERE s.review_id = ?1 ORDER BY s.position, s.id, q.position, q.id
                  LIMIT 1 OFFSET ?2",
            )?
            .query_row(params![review, offset], |r| r.get(0))
            .optional()?,
        None => None,
    };
    match found {
        Some(id) => Ok(id),
        None => {
            let total: i64 = conn.query_row(
                "SELECT count(*) FROM questions q JOIN sections s ON s.id = q.section_id WHERE s.review_id = ?1",
                [review],
                |r| r.get(0),
            )?;
            Err(Error::not_found(format!(
                "There is no question {number}; this review has {total} question(s)."
            )))
        }
    }
}

pub(crate) fn question_place(conn: &Connection, question: QuestionId) -> Result<QuestionPlace> {
    let (review, section): (ReviewId, SectionId) = conn
        .prepare_cached(
            "SELECT s.review_id, q.section_id FROM questions q JOIN sections s ON s.id = q.section_id WHERE q.id = ?1",
        )?
        .query_row([question], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("No question with id {question}.")))?;
    let number: u32 = conn
        .prepare_cached(
            "SELECT count(*) FROM questions q JOIN sections s ON s.id = q.section_id
              JOIN questions me ON me.id = ?2 JOIN sections ms ON ms.id = me.section_id
             WHERE s.review_id = ?1
               AND (s.position, s.id, q.position, q.id) <= (ms.position, ms.id, me.position, me.id)",
        )?
        .query_row(params![review, question], |r| r.get(0))?;
    Ok(QuestionPlace {
        review,
        section,
        number,
    })
}

fn section_review(conn: &Connection, section: SectionId) -> Result<ReviewId> {
    conn.prepare_cached("SELECT review_id FROM sections WHERE id = ?1")?
        .query_row([section], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("No section with id {section}.")))
}

/// Checks that a partner belongs to the review and returns its label.
fn ensure_partner_in(conn: &Connection, review: ReviewId, partner: PartnerId) -> Result<String> {
    conn.prepare_cached("SELECT label FROM partners WHERE id = ?1 AND review_id = ?2")?
        .query_row(params![partner, review], |r| r.get(0))
        .optional()?
        .ok_or_else(|| {
            Error::not_found(format!(
                "Partner {partner} is not a partner in this review."
            ))
        })
}

/// The ids of a parent's children in their current order.
fn child_ids(conn: &Connection, table: &str, parent: &str, parent_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id FROM {table} WHERE {parent} = ?1 ORDER BY position, id"
    ))?;
    let rows = stmt.query_map([parent_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes positions 1..n in the given order.
fn set_order(conn: &Connection, table: &str, ids: &[i64]) -> Result<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "UPDATE {table} SET position = ?2 WHERE id = ?1 AND position IS NOT ?2"
    ))?;
    for (i, id) in ids.iter().enumerate() {
        stmt.execute(params![id, i as i64 + 1])?;
    }
    Ok(())
}

/// Turns a 1-based place among `len` items (or the end) into an index,
/// refusing places that do not exist.
fn clamp_position(position: Option<usize>, len: usize) -> Result<usize> {
    match position {
        None => Ok(len),
        Some(p) if (1..=len + 1).contains(&p) => Ok(p - 1),
        Some(p) => Err(Error::refused(
            Refusal::OutOfRange,
            format!(
                "There is no place {p}; choose a place from 1 to {}.",
                len + 1
            ),
        )),
    }
}

pub(crate) fn add_section(
    tx: &Connection,
    review: ReviewId,
    new: &NewSection,
    now: DateTime<Utc>,
) -> Result<SectionId> {
    ensure_review(tx, review)?;
    let mut order = child_ids(tx, "sections", "review_id", review.0)?;
    let at = clamp_position(new.position, order.len())?;
    let id = insert_section_row(tx, review, order.len() + 1, &new.title, &new.lead_in)?;
    for p in &new.default_partners {
        ensure_partner_in(tx, review, *p)?;
        add_default_partner(tx, id, *p)?;
    }
    order.insert(at, id.0);
    set_order(tx, "sections", &order)?;
    touch_review(tx, review, now)?;
    Ok(id)
}

pub(crate) fn update_section(
    tx: &Connection,
    section: SectionId,
    patch: &SectionPatch,
    now: DateTime<Utc>,
) -> Result<()> {
    let review = section_review(tx, section)?;
    if let Some(title) = &patch.title {
        if title.trim().is_empty() {
            return Err(Error::refused(
                Refusal::Required,
                "A section needs a heading.",
            ));
        }
        crate::text::check_controls("A section heading", title, false)?;
        tx.execute(
            "UPDATE sections SET title = ?2 WHERE id = ?1",
            params![section, title.trim()],
        )?;
    }
    if let Some(lead_in) = &patch.lead_in {
        tx.execute(
            "UPDATE sections SET lead_in = ?2 WHERE id = ?1",
            params![section, to_json(lead_in)],
        )?;
    }
    if let Some(partners) = &patch.default_partners {
        tx.execute(
            "DELETE FROM section_partners WHERE section_id = ?1",
            [section],
        )?;
        for p in partners {
            ensure_partner_in(tx, review, *p)?;
            add_default_partner(tx, section, *p)?;
        }
    }
    touch_review(tx, review, now)
}

/// Moves a section to a 1-based place among the review's sections; its
/// questions go with it and every number after it changes.
pub(crate) fn move_section(
    tx: &Connection,
    section: SectionId,
    position: usize,
    now: DateTime<Utc>,
) -> Result<()> {
    let review = section_review(tx, section)?;
    let mut order = child_ids(tx, "sections", "review_id", review.0)?;
    order.retain(|&id| id != section.0);
    let at = clamp_position(Some(position), order.len())?;
    order.insert(at, section.0);
    set_order(tx, "sections", &order)?;
    touch_review(tx, review, now)
}

pub(crate) fn add_question(
    tx: &Connection,
    section: SectionId,
    new: &NewQuestion,
    now: DateTime<Utc>,
) -> Result<QuestionId> {
    let review = section_review(tx, section)?;
    let mut order = child_ids(tx, "questions", "section_id", section.0)?;
    let at = clamp_position(new.position, order.len())?;
    let id = insert_question_row(
        tx,
        section,
        order.len() + 1,
        &new.text,
        &new.context,
        &new.notes,
        None,
    )?;
    order.insert(at, id.0);
    set_order(tx, "questions", &order)?;
    let partners = match &new.assign_to {
        Some(p) => p.clone(),
        None => {
            let mut stmt = tx.prepare_cached(
                "SELECT partner_id FROM section_partners WHERE section_id = ?1 ORDER BY position",
            )?;
            let rows = stmt.query_map([section], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<Vec<PartnerId>>>()?
        }
    };
    for (i, p) in partners.iter().enumerate() {
        let label = ensure_partner_in(tx, review, *p)?;
        let new = NewAssignment {
            question: id,
            position: Some(i + 1),
            label: &label,
            status: Status::NotStarted,
            due: None,
            previous: None,
            partners: &[*p],
        };
        insert_assignment(tx, &new, now)?;
    }
    touch_review(tx, review, now)?;
    Ok(id)
}

pub(crate) fn update_question(
    tx: &Connection,
    question: QuestionId,
    patch: &QuestionPatch,
    now: DateTime<Utc>,
) -> Result<()> {
    let place = question_place(tx, question)?;
    if let Some(text) = &patch.text {
        if text.trim().is_empty() {
            return Err(Error::refused(
                Refusal::Required,
                "A question needs its text.",
            ));
        }
        crate::text::check_controls("A question's text", text, true)?;
        tx.execute(
            "UPDATE questions SET text = ?2 WHERE id = ?1",
            params![question, text.trim()],
        )?;
    }
    if let Some(context) = &patch.context {
        tx.execute(
            "UPDATE questions SET context = ?2 WHERE id = ?1",
            params![question, to_json(context)],
        )?;
    }
    if let Some(notes) = &patch.notes {
        tx.execute(
            "UPDATE questions SET notes = ?2 WHERE id = ?1",
            params![question, to_json(notes)],
        )?;
    }
    touch_review(tx, place.review, now)
}

/// Moves a question so that its number becomes `number`: it joins the
/// section of the question now numbered so, taking that number.
pub(crate) fn move_question_to_number(
    tx: &Connection,
    question: QuestionId,
    number: u32,
    now: DateTime<Utc>,
) -> Result<()> {
    let review = question_place(tx, question)?.review;
    let mut all: Vec<(SectionId, QuestionId)> = tx
        .prepare_cached(
            "SELECT q.section_id, q.id FROM questions q JOIN sections s ON s.id = q.section_id
              WHERE s.review_id = ?1 ORDER BY s.position, s.id, q.position, q.id",
        )?
        .query_map([review], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let index = (number as usize)
        .checked_sub(1)
        .filter(|&i| i < all.len())
        .ok_or_else(|| {
            Error::refused(
                Refusal::OutOfRange,
                format!(
                    "There is no question {number}; choose a number from 1 to {}.",
                    all.len()
                ),
            )
        })?;
    let target_section = all[index].0;
    all.retain(|&(_, q)| q != question);
    let position = all[..index]
        .iter()
        .filter(|&&(s, _)| s == target_section)
        .count()
        + 1;
    move_question(tx, question, target_section, position)?;
    touch_review(tx, review, now)
}

/// The section at a 1-based place in a review.
pub(crate) fn section_by_position(
    tx: &Connection,
    review: ReviewId,
    position: usize,
) -> Result<SectionId> {
    ensure_review(tx, review)?;
    let ids = child_ids(tx, "sections", "review_id", review.0)?;
    position
        .checked_sub(1)
        .and_then(|i| ids.get(i))
        .map(|&id| SectionId(id))
        .ok_or_else(|| {
            Error::not_found(format!(
                "There is no section {position}; this review has {} section(s).",
                ids.len()
            ))
        })
}

/// Deletes a section (refused while it holds questions, unless
/// `with_questions`); returns how many questions went with it.
pub(crate) fn delete_section(
    tx: &Connection,
    section: SectionId,
    with_questions: bool,
    now: DateTime<Utc>,
) -> Result<i64> {
    let review = section_review(tx, section)?;
    let questions: i64 = tx.query_row(
        "SELECT count(*) FROM questions WHERE section_id = ?1",
        [section],
        |r| r.get(0),
    )?;
    if questions > 0 && !with_questions {
        return Err(Error::refused(
            Refusal::StillUsed,
            format!(
                "This section holds {questions} question(s); move them elsewhere first, or delete the section with its questions."
            ),
        ));
    }
    tx.execute("DELETE FROM sections WHERE id = ?1", [section])?;
    let order = child_ids(tx, "sections", "review_id", review.0)?;
    set_order(tx, "sections", &order)?;
    touch_review(tx, review, now)?;
    Ok(questions)
}

/// Deletes a question and its answers; the questions after it move up.
pub(crate) fn delete_question(
    tx: &Connection,
    question: QuestionId,
    now: DateTime<Utc>,
) -> Result<()> {
    let place = question_place(tx, question)?;
    tx.execute("DELETE FROM questions WHERE id = ?1", [question])?;
    let order = child_ids(tx, "questions", "section_id", place.section.0)?;
    set_order(tx, "questions", &order)?;
    touch_review(tx, place.review, now)
}
