//! Partner mode: on a partner's own machine, a pack opens as that
//! partner's copy of their questions, a review like any other (so the same
//! editor, autosave and history serve it), remembered with the council's
//! numbers and the revision each answer started from. Answers marked ready
//! (status submitted) go back in a response file, with the sign-off.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::doc::ReviewDoc;
use crate::error::{Error, Refusal, Result};
use crate::formats::pack::copy::{copy_draft, starting_status};
use crate::formats::pack::{
    Manifest, PackContent, PackPartner, ResponseAnswer, ResponseContent, ResponseRecommendation,
    key, read_pack, write_package,
};
use crate::model::{AssignmentId, Partner, PartnerId, ReviewId, SignOff, Status, pick_partner};
use crate::store::{self, RecAnswer, packs};
use crate::text::{Paragraph, printable};
use crate::workbook::Workbook;

/// A pack opened in partner mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct OpenedPack {
    pub review: ReviewId,
    /// False when the pack had been opened before: its answers are kept.
    pub created: bool,
    pub title: String,
    pub partner_name: String,
    pub questions: u32,
    /// The recommendations it asks a response to.
    pub recommendations: u32,
}

/// An answer written in partner mode: the copy it is in, its label, and
/// where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackAnswer {
    pub review: ReviewId,
    pub label: String,
    pub status: Status,
}

/// A response to a recommendation written in partner mode: the copy it is
/// in, the recommendation's reference, and where the response stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackRecAnswer {
    pub review: ReviewId,
    pub reference: String,
    pub status: Status,
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
    /// The references of the recommendations whose responses go back.
    pub returned_recommendations: Vec<String>,
    /// Recommendations whose responses are not marked ready.
    pub not_ready_recommendations: Vec<String>,
    /// Who signed the returned answers off, if anyone is recorded.
    pub signoff: Option<SignOff>,
}

impl Workbook {
    /// Opens a pack in partner mode: the first time, its questions become a
    /// review in this workbook; after that, the same pack opens the same
    /// copy with the answers written so far.
    pub fn open_pack(&mut self, bytes: &[u8], author: &str) -> Result<OpenedPack> {
        let (manifest, content) = crate::error::guard(|| read_pack(bytes))?;
        self.open_read_pack(&manifest, &content, author)
    }

    /// [`Workbook::open_pack`] for a pack already read and checked.
    fn open_read_pack(
        &mut self,
        manifest: &Manifest,
        content: &PackContent,
        author: &str,
    ) -> Result<OpenedPack> {
        let now = self.now();
        self.store.write(|tx| {
            let opened = |review, created| OpenedPack {
                review,
                created,
                title: content.title.clone(),
                partner_name: content.partner.name.clone(),
                questions: content.questions.len() as u32,
                recommendations: content.recommendations.len() as u32,
            };
            if let Some(review) = find_copy_of(tx, content, manifest.issued_at)? {
                return Ok(opened(review, false));
            }
            let draft = copy_draft(content);
            let author = format!(
                "{} (the pack of {})",
                author_or_council(author),
                manifest.issued_at.format("%-d %B %Y")
            );
            let review = crate::store::insert_draft(tx, &draft, &author, now, false)?;
            packs::insert_copy(
                tx,
                &packs::NewCopy {
                    review,
                    source_uid: &content.review_uid,
                    partner: content.partner.id,
                    partner_name: &content.partner.name,
                    issued_at: manifest.issued_at,
                    pack_uid: &content.pack_id,
                    secret: key::unhex(&content.key),
                },
            )?;
            // The draft holds one answer per question, in the pack's order.
            let doc = crate::store::load_doc(tx, review)?;
            let ids: Vec<AssignmentId> = doc
                .questions()
                .flat_map(|q| q.assignments.iter().map(|a| a.id))
                .collect();
            if ids.len() != content.questions.len() {
                return Err(Error::refused(Refusal::NotAPack,
                    "This pack repeats a question, so it cannot be opened; ask for it to be sent again.",
                ));
            }
            for (id, q) in ids.iter().zip(&content.questions) {
                packs::insert_copy_answer(
                    tx,
                    *id,
                    q.assignment,
                    q.number,
                    q.base_revision,
                    &q.response,
                )?;
            }
            copy_recommendations(tx, review, &doc, content, &author, now)?;
            Ok(opened(review, true))
        })
    }

    /// Responds to the pack's recommendation `name` (its reference, or the
    /// council's number) in partner mode, opening the pack first if it has
    /// not been: each part given is saved, and the response marked ready
    /// to return unless `ready` is false.
    pub fn respond_in_pack(
        &mut self,
        bytes: &[u8],
        name: &str,
        answer: &RecAnswer,
        ready: bool,
        author: &str,
    ) -> Result<PackRecAnswer> {
        let (manifest, content) = crate::error::guard(|| read_pack(bytes))?;
        let wanted = name.trim();
        let rec = content
            .recommendations
            .iter()
            .find(|r| r.reference.eq_ignore_ascii_case(wanted))
            .or_else(|| {
                let n: u32 = wanted.parse().ok()?;
                content.recommendations.iter().find(|r| r.number == n)
            })
            .ok_or_else(|| {
                let names: Vec<&str> = content
                    .recommendations
                    .iter()
                    .map(|r| r.reference.as_str())
                    .collect();
                let listed = match names.len() {
                    0..=10 => names.join(", "),
                    n => format!("{} and {} more", names[..8].join(", "), n - 8),
                };
                Error::NotFound(if names.is_empty() {
                    format!(
                        "This pack asks no response to a recommendation, so there is no recommendation {}.",
                        printable(wanted)
                    )
                } else {
                    format!(
                        "This pack has no recommendation {}; its recommendations are {listed}.",
                        printable(wanted),
                    )
                })
            })?;
        let review = self.open_read_pack(&manifest, &content, author)?.review;
        let now = self.now();
        self.store.write(|tx| {
            let info = store::recommendations::find(tx, review, &rec.reference)?;
            let me = copy_partner(&store::load_partners_for(tx, review)?, review)?;
            let response = store::recommendations::response_of(tx, &info, me)?;
            let status = ready.then_some(Status::Submitted);
            let saved =
                store::recommendations::respond(tx, &response, answer, status, author, now)?;
            Ok(PackRecAnswer {
                review,
                reference: info.reference,
                status: saved.status,
            })
        })
    }

    /// Answers the pack's question `number` (the council's number) in
    /// partner mode, opening the pack first if it has not been: the words
    /// are saved, and marked ready to return unless `ready` is false. A
    /// partner's copy holds one answer a question, the partner's own.
    pub fn answer_pack(
        &mut self,
        bytes: &[u8],
        number: u32,
        paragraphs: &[Paragraph],
        ready: bool,
        author: &str,
    ) -> Result<PackAnswer> {
        let review = self.open_pack(bytes, author)?.review;
        let doc = self.load(review)?;
        let question = doc.question(number).ok_or_else(|| {
            let numbers: Vec<String> = doc.questions().map(|q| q.number.to_string()).collect();
            Error::NotFound(format!(
                "This pack has no question {number}; its questions are {}.",
                numbers.join(", ")
            ))
        })?;
        let answer = question
            .assignments
            .first()
            .ok_or_else(|| Error::NotFound(format!("Question {number} has no answer to write.")))?;
        let status = ready.then_some(Status::Submitted);
        let saved = self.respond(answer.id, paragraphs, status, author)?;
        Ok(PackAnswer {
            review,
            label: answer.label.clone(),
            status: saved.status,
        })
    }

    /// The copy of this pack in the workbook, if it has been opened here.
    pub fn pack_copy(&mut self, bytes: &[u8]) -> Result<Option<ReviewId>> {
        let (manifest, content) = read_pack(bytes)?;
        self.store
            .read(|tx| find_copy_of(tx, &content, manifest.issued_at))
    }

    /// Records (or clears) who signs a partner copy's answers off.
    pub fn set_signoff(&mut self, review: ReviewId, signoff: Option<&SignOff>) -> Result<()> {
        self.store
            .write(|tx| packs::set_copy_signoff(tx, review, signoff))
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
        self.store.write(|tx| {
            let (source_uid, partner) = packs::copy_source(tx, review)?;
            let (pack_uid, secret, returns) = packs::copy_key(tx, review)?;
            let (Some(pack_uid), Some(secret)) = (pack_uid, secret) else {
                return Err(Error::refused(Refusal::OldFormat,
                    "This copy was opened from a pack made by an older version of KLOE Workbook, whose answers the council can no longer accept; ask the council for a new pack and copy your answers into it.",
                ));
            };
            let sequence = returns.saturating_add(1);
            // Loaded as a copy: the council's numbers, and the copy's details.
            let doc = crate::store::load_doc(tx, review)?;
            let copy = doc.pack.clone().ok_or_else(|| packs::not_a_copy(review))?;
            let bases = packs::copy_bases(tx, review)?;
            let mut answers = Vec::new();
            let mut not_ready = Vec::new();
            for q in doc.questions() {
                for a in &q.assignments {
                    let Some(base) = bases.get(&a.id) else {
                        continue;
                    };
                    if a.status != Status::Submitted {
                        if a.status.is_outstanding() {
                            not_ready.push(q.number);
                        }
                        continue;
                    }
                    answers.push(ResponseAnswer {
                        assignment: base.source,
                        number: q.number,
                        label: a.label.clone(),
                        base_revision: base.revision,
                        base: base.body.clone(),
                        response: a.response.clone(),
                        ready: true,
                    });
                }
            }
            let rec_bases = packs::copy_rec_bases(tx, review)?;
            let mut recommendations = Vec::new();
            let mut not_ready_recommendations = Vec::new();
            for rec in &doc.recommendations {
                for r in &rec.responses {
                    let Some(base) = rec_bases.get(&r.id) else {
                        continue;
                    };
                    if r.status != Status::Submitted {
                        if r.status.is_outstanding() {
                            not_ready_recommendations.push(rec.reference.clone());
                        }
                        continue;
                    }
                    recommendations.push(ResponseRecommendation {
                        response: base.source,
                        reference: base.reference.clone(),
                        base_revision: base.revision,
                        base: base.words.clone(),
                        words: r.words(),
                        ready: true,
                    });
                }
            }
            if answers.is_empty() && recommendations.is_empty() {
                return Err(Error::refused(Refusal::NotReady,
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
                partner: PackPartner {
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
                recommendations,
            };
            let bytes = write_package("response", &content, Some(&secret))?;
            packs::mark_returned(tx, review, now, sequence)?;
            Ok(Returned {
                bytes,
                returned: content.answers.iter().map(|a| a.number).collect(),
                not_ready,
                returned_recommendations: content
                    .recommendations
                    .iter()
                    .map(|r| r.reference.clone())
                    .collect(),
                not_ready_recommendations,
                signoff: content.signoff,
            })
        })
    }
}

/// The pack's recommendations in a copy just made from it: each with its
/// reference and dates, owed by the partner (jointly as the council has
/// it), starting from the response as the council holds it; and, for each,
/// the council's response and save it answers.
fn copy_recommendations(
    tx: &rusqlite::Connection,
    review: ReviewId,
    doc: &ReviewDoc,
    content: &PackContent,
    author: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let me = copy_partner(&doc.partners, review)?;
    for r in &content.recommendations {
        let mut owed = vec![me];
        owed.extend(
            r.joint_with
                .iter()
                .filter_map(|n| pick_partner(&doc.partners, n).ok().map(|p| p.id)),
        );
        let info = store::recommendations::insert(
            tx,
            review,
            &store::recommendations::NewRecommendation {
                reference: Some(&r.reference),
                text: &r.text,
                agreed: r.agreed,
                due: r.due,
                owed: &[owed],
                carried_from: None,
            },
            now,
        )
        .map_err(|_| {
            Error::refused(
                Refusal::NotAPack,
                "This pack names a recommendation twice, or one it cannot hold, so it cannot be opened; ask for it to be sent again.",
            )
        })?;
        let response = store::recommendations::response_of(tx, &info, me)?;
        let has_words = r.words.text.iter().any(|p| !p.is_blank());
        let status = starting_status(r.status, has_words);
        store::recommendations::replace(tx, response.id, &r.words, status, author, now)?;
        packs::insert_copy_rec(
            tx,
            response.id,
            &packs::CopyRecBase {
                source: r.response,
                reference: info.reference,
                revision: r.base_revision,
                words: r.words.clone(),
            },
        )?;
    }
    Ok(())
}

/// The partner a copy is for: the first of its partners.
fn copy_partner(partners: &[Partner], review: ReviewId) -> Result<PartnerId> {
    partners
        .first()
        .map(|p| p.id)
        .ok_or_else(|| packs::not_a_copy(review))
}

fn author_or_council(author: &str) -> &str {
    if author.trim().is_empty() {
        "Council"
    } else {
        author
    }
}

/// The copy of the pack with `content` in this workbook, if it was opened here.
fn find_copy_of(
    conn: &rusqlite::Connection,
    content: &PackContent,
    issued_at: DateTime<Utc>,
) -> Result<Option<ReviewId>> {
    packs::find_copy(
        conn,
        &content.pack_id,
        &content.review_uid,
        content.partner.id,
        issued_at,
    )
}
