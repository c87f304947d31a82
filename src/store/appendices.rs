//! Appendices ("Appendix 7.2"): a label, a title, optionally the attached
//! file itself, and the questions that refer to them.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::structure::question_place;
use super::{ensure_review, touch_review};
use crate::error::{Error, Refusal, Result};
use crate::model::{AppendixId, QuestionId, ReviewId};

/// The largest file kept inside a workbook as an appendix.
pub const MAX_APPENDIX_BYTES: u64 = 50 * 1024 * 1024;

fn appendix_by_label(
    conn: &Connection,
    review: ReviewId,
    label: &str,
) -> Result<Option<AppendixId>> {
    Ok(conn
        .query_row(
            "SELECT id FROM appendices WHERE review_id = ?1 AND label = ?2 COLLATE NOCASE",
            params![review, label.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

fn find_appendix(conn: &Connection, review: ReviewId, label: &str) -> Result<AppendixId> {
    ensure_review(conn, review)?;
    appendix_by_label(conn, review, label)?.ok_or_else(|| {
        Error::not_found(format!(
            "This review has no appendix labelled \"{}\".",
            label.trim()
        ))
    })
}

/// Removes an appendix; questions that referred to it no longer do.
pub(crate) fn delete_appendix(
    tx: &Connection,
    review: ReviewId,
    label: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let id = find_appendix(tx, review, label)?;
    tx.execute("DELETE FROM appendices WHERE id = ?1", [id])?;
    touch_review(tx, review, now)
}

/// Records that a question refers to an appendix (or no longer does).
pub(crate) fn refer_to_appendix(
    tx: &Connection,
    question: QuestionId,
    label: &str,
    refers: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    let review = question_place(tx, question)?.review;
    let id = find_appendix(tx, review, label)?;
    if refers {
        tx.execute(
            "INSERT OR IGNORE INTO question_appendices (question_id, appendix_id) VALUES (?1, ?2)",
            params![question, id],
        )?;
    } else {
        tx.execute(
            "DELETE FROM question_appendices WHERE question_id = ?1 AND appendix_id = ?2",
            params![question, id],
        )?;
    }
    touch_review(tx, review, now)
}

/// The attached file of an appendix: its name and bytes.
pub(crate) fn appendix_file(
    tx: &Connection,
    review: ReviewId,
    label: &str,
) -> Result<(String, Vec<u8>)> {
    let id = find_appendix(tx, review, label)?;
    let found: (Option<String>, Option<Vec<u8>>) = tx.query_row(
        "SELECT file_name, file_data FROM appendices WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    match found {
        (Some(name), Some(data)) => Ok((name, data)),
        _ => Err(Error::not_found(format!(
            "{} has no attached file.",
            label.trim()
        ))),
    }
}

/// Adds an appendix, with its file's name and bytes if it has one, and
/// the questions that refer to it.
pub(crate) fn add_appendix(
    tx: &Connection,
    review: ReviewId,
    label: &str,
    title: Option<&str>,
    attached: Option<(String, Vec<u8>)>,
    questions: &[QuestionId],
    now: DateTime<Utc>,
) -> Result<AppendixId> {
    ensure_review(tx, review)?;
    let label = label.trim();
    if label.is_empty() {
        return Err(Error::refused(
            Refusal::Required,
            "An appendix needs a label, such as \"Appendix 1\".",
        ));
    }
    crate::text::check_controls("An appendix label", label, false)?;
    crate::text::check_controls("An appendix title", title.unwrap_or(""), false)?;
    if appendix_by_label(tx, review, label)?.is_some() {
        return Err(Error::refused(
            Refusal::NameTaken,
            format!(
                "This review already has an appendix labelled \"{label}\"; choose another label."
            ),
        ));
    }
    let (file_name, data) = attached.unzip();
    tx.execute(
        "INSERT INTO appendices (review_id, position, label, title, file_name, file_data)
         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM appendices WHERE review_id = ?1),
                 ?2, ?3, ?4, ?5)",
        params![
            review,
            label,
            title.map(str::trim).filter(|t| !t.is_empty()),
            file_name,
            data
        ],
    )?;
    let id = AppendixId(tx.last_insert_rowid());
    for q in questions {
        if question_place(tx, *q)?.review != review {
            return Err(Error::refused(
                Refusal::WrongReview,
                "An appendix can only be referred to by its own review's questions.",
            ));
        }
        tx.execute(
            "INSERT OR IGNORE INTO question_appendices (question_id, appendix_id) VALUES (?1, ?2)",
            params![q, id],
        )?;
    }
    touch_review(tx, review, now)?;
    Ok(id)
}
