//! Merging a partner's response into the council's workbook. A plan comes
//! first (what each answer would become, and which answers the officer
//! changed after the pack went out); the merge itself is one transaction
//! that works the plan out again, so a plan seen earlier can never
//! overwrite something changed since. Nothing is accepted from a partner
//! for a question that partner does not answer, nothing is overwritten
//! unseen, and the same file merged twice changes nothing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{ResponseContent, read_response, sha256_hex};
use crate::error::{Error, Result};
use crate::model::{AssignmentId, PartnerId, ReviewId, RevisionId, SignOff, Status};
use crate::store::{Store, from_json, parse_timestamp, timestamp, to_json};
use crate::text::Paragraph;

/// What merging would do to one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum MergeChange {
    /// The partner's words replace the answer, which becomes submitted.
    Update,
    /// The words are already the same; the answer becomes submitted.
    MarkSubmitted,
    /// Nothing to do: the answer already says this and is handed in.
    Same,
    /// The partner left the answer as the pack gave it, and it has been
    /// changed here since (by the officer, or by a joint partner's
    /// response): the newer words stay.
    KeptOurs,
    /// Both changed it since the pack went out: the officer chooses.
    Conflict,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct MergeItem {
    pub assignment: AssignmentId,
    pub number: u32,
    pub label: String,
    pub change: MergeChange,
    /// The answer as the pack gave it to the partner.
    pub base: Vec<Paragraph>,
    /// The answer in this workbook now.
    pub ours: Vec<Paragraph>,
    pub ours_status: Status,
    /// Who last saved `ours`, when it differs from the base.
    pub ours_author: Option<String>,
    /// The partner's answer.
    pub theirs: Vec<Paragraph>,
}

/// What a response file would change, shown before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct MergePlan {
    pub review: ReviewId,
    pub review_title: String,
    pub partner: PartnerId,
    pub partner_name: String,
    pub returned_at: DateTime<Utc>,
    pub signoff: Option<SignOff>,
    /// Set when this very file has been merged before: then nothing changes.
    pub already_merged_at: Option<DateTime<Utc>>,
    pub items: Vec<MergeItem>,
}

impl MergePlan {
    pub fn conflicts(&self) -> impl Iterator<Item = &MergeItem> {
        self.items
            .iter()
            .filter(|i| i.change == MergeChange::Conflict)
    }
}

/// How the officer settles a conflict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "take", content = "paragraphs", rename_all = "snake_case")]
pub enum Choice {
    /// The partner's answer.
    Partner,
    /// The answer as it is here; the partner's is kept with the merge.
    Ours,
    /// Words the officer put together from both.
    Combined(Vec<Paragraph>),
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct MergeOutcome {
    pub review: ReviewId,
    pub partner_name: String,
    /// Questions whose answers are now the partner's (or combined) and submitted.
    pub updated: Vec<u32>,
    /// Questions where the answer here was kept.
    pub kept: Vec<u32>,
    /// True when the file had been merged before and nothing changed.
    pub already_merged: bool,
}

/// A returned file: a response file from partner mode, or a filled-in
/// Word form.
pub struct ReturnedFile {
    pub content: ResponseContent,
    pub sha256: String,
}

impl ReturnedFile {
    /// Reads a response file or a Word form, refusing anything damaged,
    /// altered or not a response.
    pub fn read(bytes: &[u8]) -> Result<ReturnedFile> {
        // A fault in a reader becomes an error message, never a dead app.
        let content = crate::import::guard(|| {
            if super::form::is_word_document(bytes) {
                super::form::read_form(bytes)
            } else {
                read_response(bytes).map(|(_, c)| c)
            }
        })?;
        Ok(ReturnedFile {
            content,
            sha256: sha256_hex(bytes),
        })
    }
}

impl Store {
    /// What merging this response would change. Refuses (and so changes
    /// nothing) a response for a review not in this workbook, from a partner
    /// not in the review, answering a question that partner does not
    /// answer, or older than one from the same partner already merged.
    pub fn plan_merge(&mut self, file: &ReturnedFile) -> Result<MergePlan> {
        self.read(|tx| plan(tx, file))
    }

    /// Merges a response: the partner's answers become new revisions with
    /// status submitted and the sign-off recorded. Every conflict needs a
    /// choice; without one for each, nothing is merged.
    pub fn merge_response(
        &mut self,
        file: &ReturnedFile,
        choices: &HashMap<AssignmentId, Choice>,
        author: &str,
    ) -> Result<MergeOutcome> {
        // Refusals come before the backup, so they leave no trace at all.
        let first = self.plan_merge(file)?;
        if first.already_merged_at.is_none() {
            self.auto_backup("before merge")?;
        }
        let now = self.now();
        self.write(|tx| {
            let plan = plan(tx, file)?;
            let mut outcome = MergeOutcome {
                review: plan.review,
                partner_name: plan.partner_name.clone(),
                updated: Vec::new(),
                kept: Vec::new(),
                already_merged: plan.already_merged_at.is_some(),
            };
            if outcome.already_merged {
                return Ok(outcome);
            }
            let unresolved: Vec<u32> = plan
                .conflicts()
                .filter(|i| !choices.contains_key(&i.assignment))
                .map(|i| i.number)
                .collect();
            if !unresolved.is_empty() {
                return Err(Error::invalid(format!(
                    "{} changed here after the pack was sent to {}, and the partner changed {} too; nothing was merged. Look at both answers and choose which to keep (kloe pack import --prefer partner or --prefer ours).",
                    questions_phrase(&unresolved),
                    plan.partner_name,
                    if unresolved.len() == 1 { "it" } else { "them" }
                )));
            }
            let signoff = plan.signoff.as_ref();
            tx.execute(
                "INSERT INTO pack_merges (review_id, partner_id, file_sha256, returned_at,
                     signed_off_by, signoff_role, signoff_date, content, merged_by, merged_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    plan.review,
                    plan.partner,
                    file.sha256,
                    timestamp(plan.returned_at),
                    signoff.map(|s| &s.name),
                    signoff.map(|s| &s.role),
                    signoff.map(|s| s.date),
                    serde_json::to_string(&file.content).unwrap_or_default(),
                    author,
                    timestamp(now)
                ],
            )?;
            let merge = tx.last_insert_rowid();
            let partner_author = match signoff {
                Some(s) => format!("{} ({})", s.name, plan.partner_name),
                None => plan.partner_name.clone(),
            };
            for item in &plan.items {
                let words = match (item.change, choices.get(&item.assignment)) {
                    (MergeChange::Update | MergeChange::MarkSubmitted, _)
                    | (MergeChange::Conflict, Some(Choice::Partner)) => {
                        Some((&item.theirs, partner_author.as_str()))
                    }
                    (MergeChange::Conflict, Some(Choice::Combined(words))) => {
                        Some((words, author))
                    }
                    _ => None,
                };
                match words {
                    Some((words, by)) => {
                        let saved = crate::store::take_returned(tx, item.assignment, words, by, now)?;
                        if let Some(revision) = saved.revision {
                            tx.execute(
                                "INSERT OR IGNORE INTO revision_merges (revision_id, merge_id) VALUES (?1, ?2)",
                                params![revision, merge],
                            )?;
                        }
                        outcome.updated.push(item.number);
                    }
                    None if item.change != MergeChange::Same => outcome.kept.push(item.number),
                    None => {}
                }
            }
            crate::store::touch_review(tx, plan.review, now)?;
            Ok(outcome)
        })
    }
}

/// "Question 3" or "Questions 3, 5 and 9".
pub(crate) fn questions_phrase(numbers: &[u32]) -> String {
    let words: Vec<String> = numbers.iter().map(u32::to_string).collect();
    match words.as_slice() {
        [] => "No question".into(),
        [one] => format!("Question {one} was"),
        [rest @ .., last] => format!("Questions {} and {last} were", rest.join(", ")),
    }
}

fn plan(conn: &Connection, file: &ReturnedFile) -> Result<MergePlan> {
    let c = &file.content;
    let review: Option<(ReviewId, String)> = conn
        .query_row(
            "SELECT id, title FROM reviews WHERE uid = ?1",
            [&c.review_uid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((review, review_title)) = review else {
        return Err(Error::invalid(format!(
            "This response answers \"{}\", which is not in this workbook: it is for another review or another year. Nothing was merged; import it into the workbook that sent the pack.",
            c.title
        )));
    };
    let partners = crate::store::load_partners_for(conn, review)?;
    let partner = crate::store::partner_among(&partners, c.partner.id).map_err(|_| {
        Error::invalid(format!(
            "This response is from {}, who is not a partner in \"{review_title}\" any more. Nothing was merged.",
            c.partner.name
        ))
    })?;

    let mut already_merged_at = None;
    let mut newest: Option<DateTime<Utc>> = None;
    {
        let mut stmt = conn.prepare_cached(
            "SELECT file_sha256, returned_at, merged_at FROM pack_merges
              WHERE review_id = ?1 AND partner_id = ?2",
        )?;
        let rows = stmt.query_map(params![review, partner.id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                parse_timestamp(&r.get::<_, String>(1)?)?,
                parse_timestamp(&r.get::<_, String>(2)?)?,
            ))
        })?;
        for row in rows {
            let (sha, returned, merged) = row?;
            if sha == file.sha256 {
                already_merged_at = Some(merged);
            }
            newest = newest.max(Some(returned));
        }
    }
    let mut plan = MergePlan {
        review,
        review_title,
        partner: partner.id,
        partner_name: partner.name.clone(),
        returned_at: c.returned_at,
        signoff: c.signoff.clone(),
        already_merged_at,
        items: Vec::new(),
    };
    if already_merged_at.is_some() {
        return Ok(plan);
    }
    if let Some(newest) = newest.filter(|n| *n > c.returned_at) {
        return Err(Error::invalid(format!(
            "This response from {} was written on {}, before one already merged (written on {}). Merging it would take answers back to older words, so nothing was merged.",
            partner.name,
            c.returned_at.format("%-d %B %Y at %H:%M"),
            newest.format("%-d %B %Y at %H:%M")
        )));
    }

    // Each answer must be to a question of this review that this partner
    // answers now.
    let doc = crate::store::load_doc(conn, review)?;
    let mut owned = HashMap::new();
    for q in doc.questions() {
        for a in &q.assignments {
            if a.partners.contains(&partner.id) {
                owned.insert(a.id, (q.number, a));
            }
        }
    }
    let strays: Vec<u32> = c
        .answers
        .iter()
        .filter(|a| !owned.contains_key(&a.assignment))
        .map(|a| a.number)
        .collect();
    if !strays.is_empty() {
        let list: Vec<String> = strays.iter().map(u32::to_string).collect();
        return Err(Error::invalid(format!(
            "This response answers {} {}, which {} not {}'s to answer in this workbook (it may have been reassigned since the pack was sent). Nothing was merged; send {} a new pack.",
            if strays.len() == 1 {
                "question"
            } else {
                "questions"
            },
            list.join(", "),
            if strays.len() == 1 { "is" } else { "are" },
            partner.name,
            partner.name
        )));
    }

    for answer in &c.answers {
        let (number, a) = owned[&answer.assignment];
        let theirs = trimmed(&answer.response);
        if theirs.is_empty() {
            continue;
        }
        let base = match answer.base_revision {
            Some(id) => revision_body(conn, id, a.id)?.unwrap_or_else(|| answer.base.clone()),
            None => Vec::new(),
        };
        if !answer.ready && same(&theirs, &base) {
            continue;
        }
        let ours = a.response.clone();
        let ours_author = match a.revision {
            Some(id) if Some(id) != answer.base_revision => revision_author(conn, id)?,
            _ => None,
        };
        let change = if same(&theirs, &ours) {
            if matches!(a.status, Status::Submitted | Status::Approved) {
                MergeChange::Same
            } else {
                MergeChange::MarkSubmitted
            }
        } else if same(&ours, &base) || a.revision == answer.base_revision {
            MergeChange::Update
        } else if same(&theirs, &base) {
            MergeChange::KeptOurs
        } else {
            MergeChange::Conflict
        };
        plan.items.push(MergeItem {
            assignment: a.id,
            number,
            label: a.label.clone(),
            change,
            base,
            ours,
            ours_status: a.status,
            ours_author,
            theirs,
        });
    }
    Ok(plan)
}

/// The paragraphs with blank ones at either end left off.
fn trimmed(paragraphs: &[Paragraph]) -> Vec<Paragraph> {
    let start = paragraphs
        .iter()
        .position(|p| !p.is_blank())
        .unwrap_or(paragraphs.len());
    let end = paragraphs
        .iter()
        .rposition(|p| !p.is_blank())
        .map_or(start, |i| i + 1);
    paragraphs[start..end].to_vec()
}

/// The same words, ignoring blank paragraphs at the ends and how runs are split.
fn same(a: &[Paragraph], b: &[Paragraph]) -> bool {
    to_json(&normal(a)) == to_json(&normal(b))
}

fn normal(ps: &[Paragraph]) -> Vec<Paragraph> {
    trimmed(ps)
        .into_iter()
        .map(|p| Paragraph::from_runs(p.kind, p.runs))
        .collect()
}

fn revision_body(
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

fn revision_author(conn: &Connection, revision: RevisionId) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT author FROM revisions WHERE id = ?1",
            [revision],
            |r| r.get(0),
        )
        .optional()?)
}
