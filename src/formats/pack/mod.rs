//! Partner packs: one file holding just one partner's questions, to be
//! answered offline and sent back. A pack is a zip of `manifest.json`
//! (what it is, for whom, and the SHA-256 of the content) and
//! `content.json` (the questions, their current answers and the revision
//! each answer starts from, so a later merge knows what changed since).
//! Nothing else from the workbook goes in it.
//!
//! The partner answers it in partner mode (a pack opens as a review to
//! answer, [`copy`]) and sends back a response file of the same shape
//! (kind "response"), which the council reads as a [`ReturnedFile`] and
//! merges. Partners without the app get a Word form instead ([`form`]),
//! read back as a returned file too.

pub mod copy;
pub mod form;
pub mod key;
mod returned;

pub use returned::ReturnedFile;

use std::io::{Cursor, Read, Write};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use crate::doc::{RecWords, ReviewDoc};
use crate::error::{Error, Refusal, Result};
use crate::model::{
    AssignmentId, PartnerId, RecResponseId, RecRevisionId, RevisionId, SignOff, Status,
};
use crate::text::Paragraph;

/// The pack format this version writes and reads. Version 2 packs carry a
/// secret, and responses prove with it which pack they answer; version 1
/// files are refused.
pub const PACK_VERSION: u32 = 2;
/// What a pack's manifest says it is.
pub const PACK_FORMAT: &str = "kloe-pack";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// "pack" (sent to a partner) or "response" (sent back).
    pub kind: String,
    pub review_uid: String,
    pub review_title: String,
    pub partner: PartnerId,
    pub partner_name: String,
    pub issued_at: DateTime<Utc>,
    /// SHA-256 of `content.json`, in hex.
    pub content_sha256: String,
    /// The pack's name (a response names the pack it answers).
    #[serde(default)]
    pub pack_id: String,
    /// A response's HMAC-SHA256 of `content.json` under the pack's secret, in hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hmac: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackContent {
    pub review_uid: String,
    /// When the pack was made; the manifest says the same.
    #[serde(default)]
    pub issued_at: Option<DateTime<Utc>>,
    pub title: String,
    pub committee: Option<String>,
    pub meeting_date: Option<NaiveDate>,
    pub partner: PackPartner,
    pub questions: Vec<PackQuestion>,
    /// The committee's recommendations the partner owes a response to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<PackRecommendation>,
    /// The pack's name, and its secret in hex: whoever holds the pack can
    /// answer it, and no one else can.
    #[serde(default)]
    pub pack_id: String,
    #[serde(default)]
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackPartner {
    pub id: PartnerId,
    pub name: String,
    pub short_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackQuestion {
    pub assignment: AssignmentId,
    pub number: u32,
    pub section: String,
    pub text: String,
    pub context: Vec<Paragraph>,
    pub notes: Vec<Paragraph>,
    /// The response's label ("Derbyshire Police Response").
    pub label: String,
    /// The other partners who answer this question jointly, by name.
    pub joint_with: Vec<String>,
    pub due: Option<NaiveDate>,
    pub status: Status,
    /// The answer as it stands when the pack is made.
    pub response: Vec<Paragraph>,
    /// The revision `response` comes from; a merge compares against it.
    pub base_revision: Option<RevisionId>,
}

/// A recommendation the partner owes a response to, with the response as
/// it stands when the pack is made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackRecommendation {
    /// The council's response this answers.
    pub response: RecResponseId,
    pub number: u32,
    pub reference: String,
    pub text: Vec<Paragraph>,
    pub agreed: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    /// The other partners who respond to it jointly, by name.
    pub joint_with: Vec<String>,
    pub status: Status,
    pub words: RecWords,
    /// The save `words` comes from; a merge compares against it.
    pub base_revision: Option<RecRevisionId>,
}

/// What a partner sends back: the answers it marked ready, each with the
/// revision it started from, and who signed them off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseContent {
    pub review_uid: String,
    pub title: String,
    pub partner: PackPartner,
    /// When the pack these answers are for was issued.
    pub pack_issued_at: DateTime<Utc>,
    /// The pack these answers are for.
    #[serde(default)]
    pub pack_id: String,
    /// Which return of the pack this is: 1 for the first, counted in the
    /// partner's copy. Returns are ordered by it, never by a clock.
    #[serde(default)]
    pub sequence: u32,
    /// When the partner's computer says it was written; shown, never trusted.
    pub returned_at: DateTime<Utc>,
    pub signoff: Option<SignOff>,
    pub answers: Vec<ResponseAnswer>,
    /// The responses to recommendations marked ready.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<ResponseRecommendation>,
}

/// A partner's response to a recommendation, with the save it started from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseRecommendation {
    /// The council's response.
    pub response: RecResponseId,
    pub reference: String,
    pub base_revision: Option<RecRevisionId>,
    pub base: RecWords,
    pub words: RecWords,
    /// Marked ready by the partner; see [`ResponseAnswer::ready`].
    #[serde(default = "ready")]
    pub ready: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseAnswer {
    /// The council's assignment.
    pub assignment: AssignmentId,
    pub number: u32,
    pub label: String,
    /// The council's revision the partner started from, and its words.
    pub base_revision: Option<RevisionId>,
    pub base: Vec<Paragraph>,
    pub response: Vec<Paragraph>,
    /// Marked ready by the partner. A Word form's answers are not: one left
    /// as the form gave it counts as not answered.
    #[serde(default = "ready")]
    pub ready: bool,
}

fn ready() -> bool {
    true
}

/// How a pack goes to a partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sending {
    /// A `.kloepack` file, answered in KLOE Workbook.
    Pack,
    /// A Word form, for a partner without the app.
    Form,
}

impl Sending {
    /// How the sending is recorded: "pack" or "form".
    pub fn kind(self) -> &'static str {
        match self {
            Sending::Pack => "pack",
            Sending::Form => "form",
        }
    }
}

/// What a pack for `partner` holds: its questions in `review`, and
/// nothing of anyone else's.
/// The pack's name and secret are left empty, for the sender to fill in.
pub fn pack_content(
    doc: &ReviewDoc,
    review_uid: String,
    partner: PartnerId,
) -> Result<PackContent> {
    let who = crate::model::partner_among(&doc.partners, partner)?;
    let names: std::collections::HashMap<PartnerId, &str> = doc
        .partners
        .iter()
        .map(|p| (p.id, p.name.as_str()))
        .collect();
    let mut questions = Vec::new();
    for section in &doc.sections {
        for q in &section.questions {
            for a in q
                .assignments
                .iter()
                .filter(|a| a.partners.contains(&partner))
            {
                questions.push(PackQuestion {
                    assignment: a.id,
                    number: q.number,
                    section: section.title.clone(),
                    text: q.text.clone(),
                    context: q.context.clone(),
                    notes: q.notes.clone(),
                    label: a.label.clone(),
                    joint_with: a
                        .partners
                        .iter()
                        .filter(|p| **p != partner)
                        .map(|p| names.get(p).copied().unwrap_or_default().to_string())
                        .collect(),
                    due: a.due,
                    status: a.status,
                    response: a.response.clone(),
                    base_revision: a.revision,
                });
            }
        }
    }
    let mut recommendations = Vec::new();
    for rec in &doc.recommendations {
        for r in rec
            .responses
            .iter()
            .filter(|r| r.partners.contains(&partner))
        {
            recommendations.push(PackRecommendation {
                response: r.id,
                number: rec.number,
                reference: rec.reference.clone(),
                text: rec.text.clone(),
                agreed: rec.agreed,
                due: rec.due,
                joint_with: r
                    .partners
                    .iter()
                    .filter(|p| **p != partner)
                    .map(|p| names.get(p).copied().unwrap_or_default().to_string())
                    .collect(),
                status: r.status,
                words: r.words(),
                base_revision: r.revision,
            });
        }
    }
    if questions.is_empty() && recommendations.is_empty() {
        return Err(Error::refused(
            Refusal::NothingToDo,
            format!(
                "{} has no questions and owes no response to a recommendation in this review, so there is no pack to send.",
                who.name
            ),
        ));
    }
    Ok(PackContent {
        review_uid,
        issued_at: None,
        title: doc.title.clone(),
        committee: doc.committee.clone(),
        meeting_date: doc.meeting_date,
        partner: PackPartner {
            id: who.id,
            name: who.name.clone(),
            short_name: who.short_name.clone(),
        },
        questions,
        recommendations,
        pack_id: String::new(),
        key: String::new(),
    })
}

/// What a pack or response file vouches for: whose, for which review.
pub(crate) trait Labelled: Serialize {
    fn review_uid(&self) -> &str;
    fn title(&self) -> &str;
    fn partner(&self) -> &PackPartner;
    fn pack_id(&self) -> &str;
    /// When it was written, if the content records it.
    fn written_at(&self) -> Option<DateTime<Utc>>;
}

macro_rules! labelled {
    ($type:ty, |$c:ident| $written:expr) => {
        impl Labelled for $type {
            fn review_uid(&self) -> &str {
                &self.review_uid
            }
            fn title(&self) -> &str {
                &self.title
            }
            fn partner(&self) -> &PackPartner {
                &self.partner
            }
            fn pack_id(&self) -> &str {
                &self.pack_id
            }
            fn written_at(&self) -> Option<DateTime<Utc>> {
                let $c = self;
                $written
            }
        }
    };
}

labelled!(PackContent, |c| c.issued_at);
labelled!(ResponseContent, |c| Some(c.returned_at));

/// A pack or response file: the content, and a manifest vouching for it.
/// A response is authenticated with its pack's secret.
pub(crate) fn write_package(
    kind: &str,
    content: &impl Labelled,
    secret: Option<&[u8]>,
) -> Result<Vec<u8>> {
    let failed = |e: &dyn std::fmt::Display| {
        Error::refused(
            Refusal::Internal,
            format!("The {kind} could not be written: {e}"),
        )
    };
    let content_json = serde_json::to_vec_pretty(content).map_err(|e| failed(&e))?;
    let manifest = Manifest {
        format: PACK_FORMAT.into(),
        version: PACK_VERSION,
        kind: kind.into(),
        review_uid: content.review_uid().to_string(),
        review_title: content.title().to_string(),
        partner: content.partner().id,
        partner_name: content.partner().name.clone(),
        issued_at: content.written_at().unwrap_or_default(),
        content_sha256: sha256_hex(&content_json),
        pack_id: content.pack_id().to_string(),
        content_hmac: secret.map(|s| key::hex(&key::tag(s, &content_json))),
    };
    let manifest_json = serde_json::to_vec_pretty(&manifest).map_err(|e| failed(&e))?;
    zip_files(&[
        ("manifest.json", &manifest_json),
        ("content.json", &content_json),
    ])
}

/// The largest pack or response file read, and the largest part in one.
pub const MAX_PACK_BYTES: u64 = 20 * 1024 * 1024;
pub const MAX_PACK_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Most entries in a pack or response file (they hold two).
pub const MAX_PACK_ENTRIES: usize = 16;

/// Reads a partner pack, checking before anything is trusted that it is
/// one, of a version this program knows, whole, and unaltered since it was
/// written. Every refusal says what is wrong and changes nothing.
pub fn read_pack(bytes: &[u8]) -> Result<(Manifest, PackContent)> {
    let (manifest, content, _) = read_package::<PackContent>(bytes, "pack").map_err(|e| match e {
        Error::Refused(Refusal::WrongKind, _) => Error::refused(
            Refusal::WrongKind,
            "This is a partner's response file, not a pack: import it into the council's workbook with Import partner responses (kloe pack import).",
        ),
        Error::Refused(Refusal::OldFormat, _) => Error::refused(
            Refusal::OldFormat,
            "This pack was made by an older version of KLOE Workbook, whose answers the council can no longer accept; ask the council to send a new pack.",
        ),
        other => other,
    })?;
    if content.pack_id.is_empty() || key::unhex(&content.key).is_none_or(|k| k.len() < 16) {
        return Err(damaged());
    }
    Ok((manifest, content))
}

/// A partner's response file: what it says, and the exact content bytes
/// with the tag that must prove them.
pub struct ResponseFile {
    pub manifest: Manifest,
    pub content: ResponseContent,
    pub content_bytes: Vec<u8>,
    pub tag: Vec<u8>,
}

/// Reads a partner's response file, with the same checks as [`read_pack`].
/// Whether it answers a pack this workbook sent, and proves it, is for the
/// merge to check against the pack's secret.
pub fn read_response(bytes: &[u8]) -> Result<ResponseFile> {
    let (manifest, content, content_bytes) = read_package::<ResponseContent>(bytes, "response")
        .map_err(|e| match e {
            Error::Refused(Refusal::WrongKind, _) => Error::refused(
                Refusal::WrongKind,
                "This is a partner pack, not a response: it holds the questions sent to the partner, not their answers. Open it in partner mode to answer it (kloe pack answer).",
            ),
            Error::Refused(Refusal::OldFormat, _) => Error::refused(
                Refusal::OldFormat,
                "This file was made by an older version of KLOE Workbook and cannot prove which pack it answers, so it is refused; send the partner a new pack.",
            ),
            other => other,
        })?;
    let tag = manifest
        .content_hmac
        .as_deref()
        .and_then(key::unhex)
        .ok_or_else(damaged)?;
    if content.pack_id.is_empty() || content.sequence == 0 {
        return Err(damaged());
    }
    Ok(ResponseFile {
        manifest,
        content,
        content_bytes,
        tag,
    })
}

fn damaged() -> Error {
    Error::refused(
        Refusal::NotAPack,
        "This file is not a KLOE partner pack, or it is damaged or incomplete; ask for it to be sent again.",
    )
}

fn read_package<T: Labelled + serde::de::DeserializeOwned>(
    bytes: &[u8],
    kind: &str,
) -> Result<(Manifest, T, Vec<u8>)> {
    let not_a_pack = damaged;
    if bytes.len() as u64 > MAX_PACK_BYTES {
        return Err(Error::refused(
            Refusal::NotAPack,
            format!(
                "This file is larger than any partner pack ({} MB at most); it is not one.",
                MAX_PACK_BYTES / 1024 / 1024
            ),
        ));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_a_pack())?;
    if zip.len() > MAX_PACK_ENTRIES {
        return Err(Error::refused(
            Refusal::NotAPack,
            format!(
                "This file holds {} entries; a partner pack holds two, so it is not one and is refused.",
                zip.len()
            ),
        ));
    }
    let mut manifest: Option<Vec<u8>> = None;
    let mut content: Option<Vec<u8>> = None;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|_| not_a_pack())?;
        let name = entry.name().map_err(|_| not_a_pack())?.to_string();
        if name.starts_with('/')
            || name.starts_with('\\')
            || name.contains(':')
            || name.split(['/', '\\']).any(|p| p == "..")
        {
            return Err(Error::refused(
                Refusal::NotAPack,
                format!(
                    "This pack holds a file named \"{}\" that points outside it; it was not made by KLOE Workbook and is refused.",
                    crate::text::printable(&name)
                ),
            ));
        }
        let slot = match name.as_str() {
            "manifest.json" => &mut manifest,
            "content.json" => &mut content,
            _ => continue,
        };
        if slot.is_some() {
            return Err(Error::refused(
                Refusal::NotAPack,
                format!(
                    "This file holds {name} twice, which no partner pack does; it is damaged or was made up, and is refused."
                ),
            ));
        }
        let mut data = Vec::new();
        // A checksum that fails shows as a read error at the end of the entry.
        entry
            .by_ref()
            .take(MAX_PACK_PART_BYTES + 1)
            .read_to_end(&mut data)
            .map_err(|_| not_a_pack())?;
        if data.len() as u64 > MAX_PACK_PART_BYTES {
            return Err(Error::refused(
                Refusal::NotAPack,
                format!(
                    "This file's {name} inflates to more than {} MB, far more than any pack holds (it may be a zip bomb); it is refused.",
                    MAX_PACK_PART_BYTES / 1024 / 1024
                ),
            ));
        }
        *slot = Some(data);
    }
    let (Some(manifest), Some(content)) = (manifest, content) else {
        return Err(not_a_pack());
    };
    let manifest: Manifest = serde_json::from_slice(&manifest).map_err(|_| not_a_pack())?;
    if manifest.format != PACK_FORMAT {
        return Err(not_a_pack());
    }
    if manifest.version > PACK_VERSION {
        return Err(Error::refused(
            Refusal::NewerFormat,
            format!(
                "This pack was written by a newer version of KLOE Workbook (pack version {}); update KLOE Workbook to open it.",
                manifest.version
            ),
        ));
    }
    if manifest.kind != kind {
        return Err(Error::refused(Refusal::WrongKind, "of the other kind"));
    }
    if manifest.version < PACK_VERSION {
        return Err(Error::refused(Refusal::OldFormat, "of an older version"));
    }
    if sha256_hex(&content) != manifest.content_sha256 {
        return Err(Error::refused(
            Refusal::Altered,
            "This file was changed after it was written, so its contents cannot be trusted; ask for it to be sent again.",
        ));
    }
    let parsed: T = serde_json::from_slice(&content).map_err(|_| not_a_pack())?;
    // Everything the manifest says must be what the vouched-for content says.
    if parsed.review_uid() != manifest.review_uid
        || parsed.title() != manifest.review_title
        || parsed.partner().id != manifest.partner
        || parsed.partner().name != manifest.partner_name
        || parsed.pack_id() != manifest.pack_id
        || parsed.written_at().is_some_and(|t| t != manifest.issued_at)
    {
        return Err(Error::refused(
            Refusal::Altered,
            "This file's contents do not match its label, so it cannot be trusted; ask for it to be sent again.",
        ));
    }
    Ok((manifest, parsed, content))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn zip_files(files: &[(&str, &[u8])]) -> Result<Vec<u8>> {
    let failed = |e: &dyn std::fmt::Display| {
        Error::refused(
            Refusal::Internal,
            format!("The pack could not be written: {e}"),
        )
    };
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zip.start_file(*name, options).map_err(|e| failed(&e))?;
        zip.write_all(bytes).map_err(|e| failed(&e))?;
    }
    Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
}
