//! Appendices ("Appendix 7.2"): a label, a title, optionally the attached
//! file itself, and the questions that refer to them.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use super::Store;
use super::structure::question_place;
use super::{ensure_review, touch_review};
use crate::error::{Error, Result};
use crate::model::{AppendixId, QuestionId, ReviewId};

/// The largest file kept inside a workbook as an appendix.
pub const MAX_APPENDIX_BYTES: u64 = 50 * 1024 * 1024;

impl Store {
    /// Adds an appendix, reading `file` (if given) into the workbook so that
    /// it travels with the review, and records the questions that refer to it.
    pub fn add_appendix(
        &mut self,
        review: ReviewId,
        label: &str,
        title: Option<&str>,
        file: Option<&Path>,
        questions: &[QuestionId],
    ) -> Result<AppendixId> {
        let attached = file.map(read_attachment).transpose()?;
        let now = self.now();
        self.write(|tx| {
            ensure_review(tx, review)?;
            let label = label.trim();
            if label.is_empty() {
                return Err(Error::invalid("An appendix needs a label, such as \"Appendix 1\"."));
            }
            crate::text::check_controls("An appendix label", label, false)?;
            crate::text::check_controls("An appendix title", title.unwrap_or(""), false)?;
            if appendix_by_label(tx, review, label)?.is_some() {
                return Err(Error::invalid(format!(
                    "This review already has an appendix labelled \"{label}\"; choose another label."
                )));
            }
            let (file_name, data) = attached.unzip();
            tx.execute(
                "INSERT INTO appendices (review_id, position, label, title, file_name, file_data)
                 VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM appendices WHERE review_id = ?1),
                         ?2, ?3, ?4, ?5)",
                params![review, label, title.map(str::trim).filter(|t| !t.is_empty()), file_name, data],
            )?;
            let id = AppendixId(tx.last_insert_rowid());
            for q in questions {
                if question_place(tx, *q)?.review != review {
                    return Err(Error::invalid("An appendix can only be referred to by its own review's questions."));
                }
                tx.execute(
                    "INSERT OR IGNORE INTO question_appendices (question_id, appendix_id) VALUES (?1, ?2)",
                    params![q, id],
                )?;
            }
            touch_review(tx, review, now)?;
            Ok(id)
        })
    }

    /// Removes an appendix; questions that referred to it no longer do.
    pub fn delete_appendix(&mut self, review: ReviewId, label: &str) -> Result<()> {
        let now = self.now();
        self.write(|tx| {
            let id = find_appendix(tx, review, label)?;
            tx.execute("DELETE FROM appendices WHERE id = ?1", [id])?;
            touch_review(tx, review, now)
        })
    }

    /// Records that a question refers to an appendix (or no longer does).
    pub fn refer_to_appendix(
        &mut self,
        question: QuestionId,
        label: &str,
        refers: bool,
    ) -> Result<()> {
        let now = self.now();
        self.write(|tx| {
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
        })
    }

    /// The attached file of an appendix: its name and bytes.
    pub fn appendix_file(&mut self, review: ReviewId, label: &str) -> Result<(String, Vec<u8>)> {
        self.read(|tx| {
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
        })
    }
}

fn read_attachment(path: &Path) -> Result<(String, Vec<u8>)> {
    let io = |action, source| Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    };
    let file = crate::files::open_regular(path)?;
    let size = file.metadata().map_err(|e| io("read", e))?.len();
    if size > MAX_APPENDIX_BYTES {
        return Err(Error::invalid(format!(
            "{} is {:.0} MB; appendices kept in the workbook can be up to {} MB. Attach a smaller copy, or refer to the file without attaching it.",
            path.display(),
            size as f64 / 1_048_576.0,
            MAX_APPENDIX_BYTES / 1_048_576
        )));
    }
    let data = crate::files::read_bounded(file, MAX_APPENDIX_BYTES, path, "The appendix file")?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "appendix".into());
    Ok((name, data))
}

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
