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

use crate::doc::RecWords;
use crate::error::{Error, Refusal, Result};
use crate::formats::pack::ReturnedFile;
use crate::model::{AssignmentId, PartnerId, RecResponseId, ReviewId, SignOff, Status};
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

/// What merging would do to one response to a recommendation.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RecMergeItem {
    pub response: RecResponseId,
    pub reference: String,
    pub change: MergeChange,
    /// The response as the pack gave it to the partner.
    pub base: RecWords,
    /// The response in this workbook now.
    pub ours: RecWords,
    pub ours_status: Status,
    /// Who last saved `ours`, when it differs from the base.
    pub ours_author: Option<String>,
    /// The partner's response.
    pub theirs: RecWords,
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
    /// The responses to recommendations.
    pub recommendations: Vec<RecMergeItem>,
}

impl MergePlan {
    pub fn conflicts(&self) -> impl Iterator<Item = &MergeItem> {
        self.items
            .iter()
            .filter(|i| i.change == MergeChange::Conflict)
    }

    pub fn rec_conflicts(&self) -> impl Iterator<Item = &RecMergeItem> {
        self.recommendations
            .iter()
            .filter(|i| i.change == MergeChange::Conflict)
    }
}

/// How the officer settles each conflict: for answers, and for responses
/// to recommendations (where combined words replace the partner's words,
/// with the partner's decision, lead officer and target date).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Choices {
    pub answers: HashMap<AssignmentId, Choice>,
    pub recommendations: HashMap<RecResponseId, Choice>,
}

impl Choices {
    /// The same choice for every conflict of `plan`.
    pub fn all(plan: &MergePlan, choice: &Choice) -> Choices {
        Choices {
            answers: plan
                .conflicts()
                .map(|i| (i.assignment, choice.clone()))
                .collect(),
            recommendations: plan
                .rec_conflicts()
                .map(|i| (i.response, choice.clone()))
                .collect(),
        }
    }
}

impl From<HashMap<AssignmentId, Choice>> for Choices {
    fn from(answers: HashMap<AssignmentId, Choice>) -> Choices {
        Choices {
            answers,
            recommendations: HashMap::new(),
        }
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
    /// Recommendations whose responses are now the partner's and submitted.
    pub updated_recommendations: Vec<String>,
    /// Recommendations where the response here was kept.
    pub kept_recommendations: Vec<String>,
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
        choices: &Choices,
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
                updated_recommendations: Vec::new(),
                kept_recommendations: Vec::new(),
                already_merged: plan.already_merged_at.is_some(),
            };
            if outcome.already_merged {
                return Ok(outcome);
            }
            let unresolved: Vec<u32> = plan
                .conflicts()
                .filter(|i| !choices.answers.contains_key(&i.assignment))
                .map(|i| i.number)
                .collect();
            let unresolved_recs: Vec<&str> = plan
                .rec_conflicts()
                .filter(|i| !choices.recommendations.contains_key(&i.response))
                .map(|i| i.reference.as_str())
                .collect();
            if !unresolved.is_empty() || !unresolved_recs.is_empty() {
                let count = unresolved.len() + unresolved_recs.len();
                return Err(Error::refused(Refusal::Conflict, format!(
                    "{} changed here after the pack was sent to {}, and the partner changed {} too; nothing was merged. Look at both and choose which to keep (kloe pack import --prefer partner or --prefer ours).",
                    things_phrase(&unresolved, &unresolved_recs),
                    plan.partner_name,
                    if count == 1 { "it" } else { "them" }
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
                let words = match (item.change, choices.answers.get(&item.assignment)) {
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
            for item in &plan.recommendations {
                let words = match (item.change, choices.recommendations.get(&item.response)) {
                    (MergeChange::Update | MergeChange::MarkSubmitted, _)
                    | (MergeChange::Conflict, Some(Choice::Partner)) => {
                        Some((item.theirs.clone(), partner_author.as_str()))
                    }
                    (MergeChange::Conflict, Some(Choice::Combined(text))) => Some((
                        RecWords {
                            text: text.clone(),
                            ..item.theirs.clone()
                        },
                        author,
                    )),
                    _ => None,
                };
                match words {
                    Some((words, by)) => {
                        let saved = crate::store::recommendations::replace(
                            tx,
                            item.response,
                            &words,
                            Status::Submitted,
                            by,
                            now,
                        )?;
                        if let Some(revision) = saved {
                            packs::link_rec_revision(tx, revision, merge)?;
                        }
                        outcome.updated_recommendations.push(item.reference.clone());
                    }
                    None if item.change != MergeChange::Same => {
                        outcome.kept_recommendations.push(item.reference.clone());
                    }
                    None => {}
                }
            }
            crate::store::touch_review(tx, plan.review, now)?;
            Ok(outcome)
        })
    }
}

/// "Question 3 was", "Questions 3, 5 and 9 were", "Question 3 and the
/// response to recommendation CSP (26/27) 01 were".
pub(crate) fn things_phrase(numbers: &[u32], references: &[&str]) -> String {
    let mut parts = Vec::new();
    if !numbers.is_empty() {
        parts.push(numbers_phrase(numbers));
    }
    match references {
        [] => {}
        [one] => parts.push(format!("the response to recommendation {}", printable(one))),
        more => parts.push(format!(
            "the responses to recommendations {}",
            joined(&more.iter().map(|r| printable(r)).collect::<Vec<_>>())
        )),
    }
    let many = numbers.len() + references.len() > 1;
    let mut phrase = parts.join(" and ");
    if let Some(first) = phrase.get(..1) {
        phrase = first.to_uppercase() + &phrase[1..];
    }
    format!("{phrase} {}", if many { "were" } else { "was" })
}

/// "a", "a and b", "a, b and c".
fn joined(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
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
        recommendations: Vec::new(),
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
        let change = change_of(
            same(&theirs, &ours),
            a.status,
            same(&ours, &base) || a.revision == base_revision,
            same(&theirs, &base),
        );
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
    plan.recommendations = plan_recommendations(conn, file, &pack, &doc, partner)?;
    Ok((plan, pack.id))
}

/// What merging would do to the partner's responses to recommendations,
/// refusing as for answers one the partner does not owe here, or that the
/// pack did not ask.
fn plan_recommendations(
    conn: &Connection,
    file: &ReturnedFile,
    pack: &packs::SentPack,
    doc: &crate::doc::ReviewDoc,
    partner: &crate::model::Partner,
) -> Result<Vec<RecMergeItem>> {
    let c = &file.content;
    let who = printable(&c.partner.name);
    let mut owned = HashMap::new();
    let mut references = HashMap::new();
    for rec in &doc.recommendations {
        for r in &rec.responses {
            references.insert(r.id, rec.reference.as_str());
            if r.partners.contains(&partner.id) {
                owned.insert(r.id, (rec.reference.as_str(), r));
            }
        }
    }
    // Named as this workbook names it; else as the file does (a Word form
    // names none).
    let name_of = |r: &crate::formats::pack::ResponseRecommendation| -> String {
        match references.get(&r.response) {
            Some(reference) => reference.to_string(),
            None if r.reference.trim().is_empty() => "(one not in this review)".to_string(),
            None => r.reference.clone(),
        }
    };
    let mut seen = std::collections::HashSet::new();
    if let Some(twice) = c.recommendations.iter().find(|r| !seen.insert(r.response)) {
        return Err(Error::refused(
            Refusal::RepeatedAnswer,
            format!(
                "This response from {who} responds to recommendation {} twice, so it is not clear which response stands. Nothing was merged; ask {who} to return their answers again.",
                printable(&name_of(twice))
            ),
        ));
    }
    let strays: Vec<String> = c
        .recommendations
        .iter()
        .filter(|r| !owned.contains_key(&r.response))
        .map(name_of)
        .collect();
    if !strays.is_empty() {
        return Err(Error::refused(
            Refusal::NotPartnersAnswer,
            format!(
                "This response responds to {}, which {} not addressed to {} in this workbook (it may have been changed since the pack was sent). Nothing was merged; send {} a new pack.",
                recs_phrase(&strays),
                if strays.len() == 1 { "is" } else { "are" },
                partner.name,
                partner.name
            ),
        ));
    }
    let outside: Vec<String> = c
        .recommendations
        .iter()
        .filter(|r| !pack.rec_responses.contains_key(&r.response))
        .map(name_of)
        .collect();
    if !outside.is_empty() {
        return Err(Error::refused(
            Refusal::OutsidePack,
            format!(
                "This response responds to {} that the pack sent to {} did not ask about, so it is refused. Nothing was merged.",
                recs_phrase(&outside),
                partner.name
            ),
        ));
    }
    let mut items = Vec::new();
    for returned in &c.recommendations {
        let (reference, r) = owned[&returned.response];
        let theirs = RecWords {
            text: trimmed(&returned.words.text),
            ..returned.words.clone()
        };
        if theirs.is_empty() {
            continue;
        }
        // As for answers: the base is the last merged return of this pack,
        // else the response as the pack was sent, both recorded here.
        let base_revision = match packs::last_merged_rec_revision(conn, pack.id, r.id)? {
            Some(rev) => Some(rev),
            None => pack.rec_responses.get(&r.id).copied().flatten(),
        };
        let base = match base_revision {
            Some(id) => {
                crate::store::recommendations::revision_words(conn, id, r.id)?.unwrap_or_default()
            }
            None => RecWords::default(),
        };
        if !returned.ready && same_words(&theirs, &base) {
            continue;
        }
        let ours = r.words();
        let ours_author = match r.revision {
            Some(id) if Some(id) != base_revision => {
                crate::store::recommendations::revision_author(conn, id)?
            }
            _ => None,
        };
        let change = change_of(
            same_words(&theirs, &ours),
            r.status,
            same_words(&ours, &base) || r.revision == base_revision,
            same_words(&theirs, &base),
        );
        items.push(RecMergeItem {
            response: r.id,
            reference: reference.to_string(),
            change,
            base,
            ours,
            ours_status: r.status,
            ours_author,
            theirs,
        });
    }
    Ok(items)
}

/// What a merge does with a partner's words: the same as ours (`status`
/// says whether handed in already), ours untouched since the base, theirs
/// untouched since the base, or both changed.
fn change_of(
    theirs_is_ours: bool,
    status: Status,
    ours_is_base: bool,
    theirs_is_base: bool,
) -> MergeChange {
    if theirs_is_ours {
        if matches!(status, Status::Submitted | Status::Approved) {
            MergeChange::Same
        } else {
            MergeChange::MarkSubmitted
        }
    } else if ours_is_base {
        MergeChange::Update
    } else if theirs_is_base {
        MergeChange::KeptOurs
    } else {
        MergeChange::Conflict
    }
}

/// "recommendation CSP (26/27) 01" or "recommendations A, B and C".
fn recs_phrase(references: &[String]) -> String {
    let names: Vec<String> = references.iter().map(|r| printable(r)).collect();
    match names.as_slice() {
        [one] => format!("recommendation {one}"),
        more => format!("recommendations {}", joined(more)),
    }
}

/// "question 3" or "questions 3, 5 and 9".
fn numbers_phrase(numbers: &[u32]) -> String {
    let words: Vec<String> = numbers.iter().map(u32::to_string).collect();
    match words.as_slice() {
        [] => "no question".into(),
        [one] => format!("question {one}"),
        more => format!("questions {}", joined(more)),
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

/// The same response to a recommendation, its words compared as [`same`].
fn same_words(a: &RecWords, b: &RecWords) -> bool {
    a.decision == b.decision
        && a.lead_officer == b.lead_officer
        && a.target == b.target
        && same(&a.text, &b.text)
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
