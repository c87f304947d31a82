//! What the tracker reads: every assignment in reading order with its
//! partners, and the history of status changes.

use chrono::{DateTime, NaiveDate, Utc};

use super::parse_timestamp;
use crate::error::Result;
use crate::model::{AssignmentId, PartnerId, QuestionId, ReviewId, Status};
use rusqlite::Connection;

/// One assignment, with its question's number and its partners.
pub(crate) struct OwedRow {
    pub assignment: AssignmentId,
    pub number: u32,
    pub question: String,
    pub label: String,
    pub status: Status,
    pub due: Option<NaiveDate>,
    pub partners: Vec<PartnerId>,
}

/// The review's title and meeting date.
pub(crate) fn review_head(
    conn: &Connection,
    review: ReviewId,
) -> Result<(String, Option<NaiveDate>)> {
    Ok(conn.query_row(
        "SELECT title, meeting_date FROM reviews WHERE id = ?1",
        [review],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Every assignment of the review, in reading order.
pub(crate) fn owed_rows(conn: &Connection, review: ReviewId) -> Result<Vec<OwedRow>> {
    let mut members = super::assignment_partners(conn, review)?;
    // One pass in reading order; a question's number is its place in it.
    let mut stmt = conn.prepare_cached(
        "SELECT q.id, q.text, a.id, a.label, a.status, a.due_date
           FROM sections s
           JOIN questions q ON q.section_id = s.id
           LEFT JOIN assignments a ON a.question_id = q.id
          WHERE s.review_id = ?1
          ORDER BY s.position, s.id, q.position, q.id, a.position, a.id",
    )?;
    let mut rows: Vec<OwedRow> = Vec::new();
    let mut number = 0;
    let mut last_question = None;
    let mut text = String::new();
    let mut query = stmt.query([review])?;
    while let Some(r) = query.next()? {
        let question: QuestionId = r.get(0)?;
        if last_question != Some(question) {
            last_question = Some(question);
            number += 1;
            text = r.get(1)?;
        }
        let Some(assignment) = r.get::<_, Option<AssignmentId>>(2)? else {
            continue;
        };
        let partners = members.remove(&assignment).unwrap_or_default();
        rows.push(OwedRow {
            assignment,
            number,
            question: text.clone(),
            label: r.get(3)?,
            status: r.get(4)?,
            due: r.get(5)?,
            partners,
        });
    }
    Ok(rows)
}

/// Every status change of the review's assignments, in order; an
/// assignment with no recorded change (as next year's review makes them)
/// has stood at its status since the review began. Assignments since
/// removed are left out.
pub(crate) fn status_history(
    conn: &Connection,
    review: ReviewId,
) -> Result<Vec<(AssignmentId, Status, DateTime<Utc>)>> {
    // Timestamps are RFC 3339 in UTC, so they sort as text.
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.status, r.created_at, 0 AS seq
           FROM assignments a
           JOIN questions q ON q.id = a.question_id
           JOIN sections s ON s.id = q.section_id
           JOIN reviews r ON r.id = s.review_id
          WHERE s.review_id = ?1
            AND NOT EXISTS (SELECT 1 FROM status_changes c WHERE c.assignment_id = a.id)
         UNION ALL
         SELECT c.assignment_id, c.to_status, c.changed_at, c.id
           FROM status_changes c
           JOIN assignments a ON a.id = c.assignment_id
           JOIN questions q ON q.id = a.question_id
           JOIN sections s ON s.id = q.section_id
          WHERE s.review_id = ?1
          ORDER BY 3, 4",
    )?;
    let rows = stmt.query_map([review], |r| {
        let at: String = r.get(2)?;
        Ok((r.get(0)?, r.get(1)?, parse_timestamp(&at)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
