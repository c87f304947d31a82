//! Merging a partner's response into the council's workbook. A plan comes
//! first (what each answer would become, and which answers the officer
//! changed after the pack went out); the merge itself is one transaction
//! that works the plan out again, so a plan seen earlier can never
//! overwrite something changed since. Nothing is accepted from a partner
//! for a question that partner does not answer, nothing is overwritten
//! unseen, and the same file merged twice changes nothing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Refusal, Result};
use crate::formats::pack::ReturnedFile;
use crate::model::{AssignmentId, PartnerId, ReviewId, SignOff, Status};
use crate::store::packs;
use crate::text::{Paragraph, printable};
use crate::workbook::Workbook;

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
    /// When the partner's computer says the file was written: shown, never
    /// used to order returns.
    pub returned_at: DateTime<Utc>,
    /// Which return of its pack this is (counted in the partner's copy; for
    /// a Word form, the word processor's count of saves, 0 if unknown).
    pub sequence: u32,
    /// When the pack was sent from here.
    pub pack_sent_at: DateTime<Utc>,
    /// Set when a later return of the same pack has been merged and this one
    /// is merged anyway, as asked: the newest return number merged.
    pub older_than: Option<u32>,
    pub signoff: Option<SignOff>,
    /// Set when these answers have been merged before: then nothing changes.
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

impl Workbook {
    /// What merging this response would change. Refuses (and so changes
    /// nothing) a response for a review not in this workbook, from a partner
    /// not in the review, answering a question that partner does not
    /// answer, or older than one from the same partner already merged.
    pub fn plan_merge(&mut self, file: &ReturnedFile) -> Result<MergePlan> {
        self.store.read(|tx| plan(tx, file).map(|(plan, _)| plan))
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
        self.store.write(|tx| {
            let (plan, pack_row) = plan(tx, file)?;
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
                return Err(Error::refused(Refusal::Conflict, format!(
                    "{} changed here after the pack was sent to {}, and the partner changed {} too; nothing was merged. Look at both answers and choose which to keep (kloe pack import --prefer partner or --prefer ours).",
                    questions_phrase(&unresolved),
                    plan.partner_name,
                    if unresolved.len() == 1 { "it" } else { "them" }
                )));
            }
            let signoff = plan.signoff.as_ref();
            let merge = packs::record_merge(
                tx,
                &packs::NewMerge {
                    review: plan.review,
                    partner: plan.partner,
                    file_sha256: &file.sha256,
                    returned_at: plan.returned_at,
                    signoff,
                    content: serde_json::to_string(&file.content).unwrap_or_default(),
                    merged_by: author,
                    merged_at: now,
                    pack: pack_row,
                    sequence: plan.sequence,
                    digest: &file.digest,
                },
            )?;
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
                            packs::link_revision(tx, revision, merge)?;
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

/// What merging `file` would do, and the row of the pack it answers.
fn plan(conn: &Connection, file: &ReturnedFile) -> Result<(MergePlan, i64)> {
    let c = &file.content;
    let Some((review, review_title)) = packs::review_by_uid(conn, &c.review_uid)? else {
        return Err(Error::refused(
            Refusal::ForeignReview,
            format!(
                "This response answers \"{}\", which is not in this workbook: it is for another review or another year. Nothing was merged; import it into the workbook that sent the pack.",
                printable(&c.title)
            ),
        ));
    };
    let who = printable(&c.partner.name);
    // It must answer a pack sent from here, and prove it with the pack's secret.
    let Some(pack) = packs::sent_pack(conn, &c.pack_id)? else {
        return Err(Error::refused(
            Refusal::PackNotSentHere,
            format!(
                "This response from {who} answers a pack that was not sent from this workbook (perhaps from another copy of it), so it cannot be trusted. Nothing was merged; send {who} a new pack from this workbook."
            ),
        ));
    };
    let proven = file.proven_by(&pack.secret);
    let partners = crate::store::load_partners_for(conn, review)?;
    let sent_to = partners
        .iter()
        .find(|p| p.id == pack.partner)
        .map_or_else(|| who.clone(), |p| p.name.clone());
    if !proven {
        return Err(Error::refused(
            Refusal::NotProven,
            format!(
                "This file does not prove it was made from the pack sent to {sent_to}: it was altered after it was written, or made up. Nothing was merged; ask {sent_to} to return their answers again."
            ),
        ));
    }
    if pack.review != review || c.partner.id != pack.partner {
        return Err(Error::refused(
            Refusal::WrongPartner,
            format!(
                "This response speaks for {who} in \"{}\", but the pack it answers was sent to {sent_to} for another review or partner, so it is refused. Nothing was merged.",
                printable(&c.title)
            ),
        ));
    }
    let partner = crate::model::partner_among(&partners, pack.partner).map_err(|_| {
        Error::refused(Refusal::NotAPartner, format!(
            "This response is from {who}, who is not a partner in \"{review_title}\" any more. Nothing was merged."
        ))
    })?;
    if c.signoff
        .as_ref()
        .is_some_and(|s| s.name.trim().is_empty() || s.role.trim().is_empty())
    {
        return Err(Error::refused(
            Refusal::SignoffIncomplete,
            format!(
                "The sign-off in this response from {who} has no name or no role, so no one vouches for its answers. Nothing was merged; ask {who} to sign the answers off and return them again."
            ),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(twice) = c.answers.iter().find(|a| !seen.insert(a.assignment)) {
        return Err(Error::refused(
            Refusal::RepeatedAnswer,
            format!(
                "This response from {who} answers question {} twice, so it is not clear which answer stands. Nothing was merged; ask {who} to return their answers again.",
                twice.number
            ),
        ));
    }

    let mut plan = MergePlan {
        review,
        review_title,
        partner: partner.id,
        partner_name: partner.name.clone(),
        returned_at: c.returned_at,
        sequence: c.sequence,
        pack_sent_at: pack.sent_at,
        older_than: None,
        signoff: c.signoff.clone(),
        already_merged_at: None,
        items: Vec::new(),
    };
    // Returns of one pack are ordered by the partner copy's count, never by
    // a clock; the same answers again are the same return.
    let merged = packs::merged_returns(conn, pack.id)?;
    if let Some((_, _, at)) = merged
        .iter()
        .rev()
        .find(|(_, digest, _)| *digest == file.digest)
    {
        let latest = merged.last().is_some_and(|(_, d, _)| *d == file.digest);
        if latest || !file.allow_older {
            plan.already_merged_at = Some(*at);
            return Ok((plan, pack.id));
        }
    }
    let newest = merged.iter().map(|(n, _, _)| *n).max().unwrap_or(0);
    if c.sequence > 0 && newest > c.sequence {
        if !file.allow_older {
            let when = merged
                .iter()
                .find(|(n, _, _)| *n == newest)
                .map(|(_, _, at)| at.format("%-d %B %Y").to_string())
                .unwrap_or_default();
            return Err(Error::OlderReturn(format!(
                "This is return {} of the pack sent to {} on {}, but return {newest} was merged on {when}. Merging it would take answers back to older words, so nothing was merged; to merge it anyway, import it again allowing an older return (kloe pack import --allow-older).",
                c.sequence,
                partner.name,
                pack.sent_at.format("%-d %B %Y"),
            )));
        }
        plan.older_than = Some(newest);
    }

    // Each answer must be one the pack covered, to a question of this
    // review that this partner answers now.
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
        return Err(Error::refused(
            Refusal::NotPartnersAnswer,
            format!(
                "This response answers {}, which {} not {}'s to answer in this workbook (it may have been reassigned since the pack was sent). Nothing was merged; send {} a new pack.",
                numbers_phrase(&strays),
                if strays.len() == 1 { "is" } else { "are" },
                partner.name,
                partner.name
            ),
        ));
    }

    let outside: Vec<u32> = c
        .answers
        .iter()
        .filter(|a| !pack.answers.contains_key(&a.assignment))
        .map(|a| a.number)
        .collect();
    if !outside.is_empty() {
        return Err(Error::refused(
            Refusal::OutsidePack,
            format!(
                "This response answers {} that the pack sent to {} did not ask, so it is refused. Nothing was merged.",
                numbers_phrase(&outside),
                partner.name
            ),
        ));
    }
    for answer in &c.answers {
        let (number, a) = owned[&answer.assignment];
        let theirs = trimmed(&answer.response);
        if theirs.is_empty() {
            continue;
        }
        // What the partner's copy builds on: the answer as the last merged
        // return of this pack left it, else as the pack was sent (recorded
        // here, not taken from the file).
        let base_revision = match packs::last_merged_revision(conn, pack.id, a.id)? {
            Some(rev) => Some(rev),
            None => pack.answers.get(&a.id).copied().flatten(),
        };
        let base = match base_revision {
            Some(id) => packs::revision_body(conn, id, a.id)?.unwrap_or_default(),
            None => Vec::new(),
        };
        if !answer.ready && same(&theirs, &base) {
            continue;
        }
        let ours = a.response.clone();
        let ours_author = match a.revision {
            Some(id) if Some(id) != base_revision => packs::revision_author(conn, id)?,
            _ => None,
        };
        let change = if same(&theirs, &ours) {
            if matches!(a.status, Status::Submitted | Status::Approved) {
                MergeChange::Same
            } else {
                MergeChange::MarkSubmitted
            }
        } else if same(&ours, &base) || a.revision == base_revision {
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
    Ok((plan, pack.id))
}

/// "question 3" or "questions 3, 5 and 9".
fn numbers_phrase(numbers: &[u32]) -> String {
    let words: Vec<String> = numbers.iter().map(u32::to_string).collect();
    match words.as_slice() {
        [one] => format!("question {one}"),
        [rest @ .., last] => format!("questions {} and {last}", rest.join(", ")),
        [] => "no question".into(),
    }
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
    serde_json::to_string(&normal(a)).ok() == serde_json::to_string(&normal(b)).ok()
}

fn normal(ps: &[Paragraph]) -> Vec<Paragraph> {
    trimmed(ps)
        .into_iter()
        .map(|p| Paragraph::from_runs(p.kind, p.runs))
        .collect()
}
