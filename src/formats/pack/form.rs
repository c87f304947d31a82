//! The Word route, for partners without the app: a filled-in Word form
//! (see `export::form` for its layout, written when the pack is sent) read
//! back as a response, which then goes through the same merge and
//! conflict rules.
//!
//! A form cannot vouch for itself the way a pack does, since the partner
//! edits it: what ties it to the workbook is its hidden names (review,
//! partner, and each answer's assignment and base revision), each checked
//! against the workbook by the merge.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::{PackPartner, ResponseAnswer, ResponseContent, ResponseRecommendation};
use crate::doc::RecWords;
use crate::error::{Error, Refusal, Result};
use crate::formats::export::form::{
    ANSWER_PROMPT, DATE_PROMPT, DECISION_PROMPT, FORM_VERSION, SIGNOFF_PROMPT, decision_names,
};
use crate::model::{
    AssignmentId, Decision, PartnerId, RecResponseId, RecRevisionId, RevisionId, SignOff,
};
use crate::text::{Paragraph, printable};

/// A filled-in form: what it says, and the token that must show it was
/// made from a pack this workbook sent.
pub struct FilledForm {
    pub content: ResponseContent,
    pub token: Vec<u8>,
}

/// Whether the bytes are a Word document rather than a pack.
pub fn is_word_document(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .is_ok_and(|z| z.index_for_name("word/document.xml").is_some())
}

/// A filled-in form as a response: the answers typed in its boxes, and the
/// sign-off. Answers left as the form gave them count as not answered.
pub fn read_form(bytes: &[u8]) -> Result<FilledForm> {
    if bytes.len() as u64 > super::MAX_PACK_BYTES {
        return Err(Error::refused(
            Refusal::NotAPack,
            format!(
                "This Word document is larger than a returned form can be ({} MB at most).",
                super::MAX_PACK_BYTES / 1024 / 1024
            ),
        ));
    }
    let form = crate::formats::import::docx::read_form(bytes.to_vec(), "This Word document")?;
    let prop = |name: &str| {
        form.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim().to_string())
    };
    let not_a_form = || {
        Error::refused(
            Refusal::NotAPack,
            "This Word document is not a KLOE Workbook answer form: it does not say which review and partner it is for. Import it as a review with Import, or ask the partner to use the form they were sent.",
        )
    };
    let version: u32 = prop("KloeForm")
        .and_then(|v| v.parse().ok())
        .ok_or_else(not_a_form)?;
    if version > FORM_VERSION {
        return Err(Error::refused(
            Refusal::NewerFormat,
            format!(
                "This answer form was written by a newer version of KLOE Workbook (form version {version}); update KLOE Workbook to import it."
            ),
        ));
    }
    if version < FORM_VERSION {
        return Err(Error::refused(
            Refusal::OldFormat,
            "This answer form was made by an older version of KLOE Workbook and cannot prove which pack it answers, so it is refused; send the partner a new form.",
        ));
    }
    let pack_id = prop("KloePack")
        .filter(|p| !p.is_empty())
        .ok_or_else(not_a_form)?;
    let token = prop("KloeToken")
        .as_deref()
        .and_then(crate::formats::pack::key::unhex)
        .ok_or_else(not_a_form)?;
    let review_uid = prop("KloeReview").ok_or_else(not_a_form)?;
    let partner_id: i64 = prop("KloePartner")
        .and_then(|v| v.parse().ok())
        .ok_or_else(not_a_form)?;
    let issued = prop("KloeIssued")
        .and_then(|v| DateTime::parse_from_rfc3339(&v).ok())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(not_a_form)?;
    let returned_at = form
        .modified
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(Utc::now);

    // The words in each box, by the box's name: the content control's tag
    // where the word processor kept it, else the hidden name in the label
    // above the box, for the paragraphs of the table that follows.
    let mut boxes: BTreeMap<String, Vec<Paragraph>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut current: Option<(String, Option<usize>)> = None;
    for block in &form.blocks {
        if let Some(m) = &block.marker {
            current = Some((m.clone(), None));
            continue;
        }
        let by_marker = match (&mut current, block.cell) {
            (Some((name, table @ None)), Some((t, _, _))) => {
                *table = Some(t);
                Some(name.clone())
            }
            (Some((name, Some(table))), Some((t, _, _))) if *table == t => Some(name.clone()),
            _ => {
                current = None;
                None
            }
        };
        let name = block
            .control
            .clone()
            .filter(|c| c.starts_with("kloe:"))
            .or(by_marker);
        if let Some(name) = name {
            if !boxes.contains_key(&name) {
                order.push(name.clone());
            }
            boxes.entry(name).or_default().push(block.paragraph());
        }
    }
    let text_of = |name: &str| -> Vec<Paragraph> {
        boxes
            .get(name)
            .map(|ps| {
                ps.iter()
                    .filter(|p| {
                        let t = p.plain_text();
                        !PROMPTS.contains(&t.trim())
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    };
    let plain =
        |name: &str| -> String { crate::text::plain_words(&text_of(name)).trim().to_string() };

    let mut answers = Vec::new();
    for name in &order {
        let Some(rest) = name.strip_prefix("kloe:answer:") else {
            continue;
        };
        let ids: Vec<i64> = rest.split(':').filter_map(|n| n.parse().ok()).collect();
        let [assignment, base, number] = ids[..] else {
            return Err(Error::refused(
                Refusal::Altered,
                "This answer form's hidden names have been changed, so its answers cannot be matched to questions. Ask the partner to type their answers into a fresh copy of the form.",
            ));
        };
        let response = text_of(name);
        if response.iter().all(Paragraph::is_blank) {
            continue;
        }
        answers.push(ResponseAnswer {
            assignment: AssignmentId(assignment),
            number: u32::try_from(number).unwrap_or(0),
            label: String::new(),
            base_revision: (base > 0).then_some(RevisionId(base)),
            base: Vec::new(),
            response,
            ready: false,
        });
    }

    let recommendations = recommendations(&order, &text_of, &plain)?;

    let name = plain("kloe:signoff:name");
    let role = plain("kloe:signoff:role");
    let date = parse_day(&plain("kloe:signoff:date")).unwrap_or(returned_at.date_naive());
    let signoff = SignOff::new(&name, &role, date).ok();

    let content = ResponseContent {
        review_uid,
        title: prop("KloeReviewTitle").unwrap_or_default(),
        partner: PackPartner {
            id: PartnerId(partner_id),
            name: prop("KloePartnerName").unwrap_or_default(),
            short_name: prop("KloePartnerShortName").unwrap_or_default(),
        },
        pack_issued_at: issued,
        pack_id,
        // The word processor counts its saves; 0 when it does not say.
        sequence: form.revision.unwrap_or(0),
        returned_at,
        signoff,
        answers,
        recommendations,
    };
    Ok(FilledForm { content, token })
}

/// What the form's boxes show until they are filled in.
const PROMPTS: [&str; 4] = [ANSWER_PROMPT, SIGNOFF_PROMPT, DECISION_PROMPT, DATE_PROMPT];

/// The responses to recommendations typed into the form: for each, its
/// boxes' decision, words, lead officer and target date. A response whose
/// boxes are all empty is not one.
fn recommendations(
    order: &[String],
    text_of: &dyn Fn(&str) -> Vec<Paragraph>,
    plain: &dyn Fn(&str) -> String,
) -> Result<Vec<ResponseRecommendation>> {
    let altered = || {
        Error::refused(
            Refusal::Altered,
            "This answer form's hidden names have been changed, so its responses cannot be matched to recommendations. Ask the partner to type their responses into a fresh copy of the form.",
        )
    };
    let mut out: Vec<ResponseRecommendation> = Vec::new();
    // Where each response's boxes are gathered in `out`, by its id.
    let mut index: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    for name in order {
        let Some(rest) = name.strip_prefix("kloe:rec:") else {
            continue;
        };
        let parts: Vec<&str> = rest.split(':').collect();
        let [response, base, part] = parts[..] else {
            return Err(altered());
        };
        let (Ok(response), Ok(base)) = (response.parse::<i64>(), base.parse::<i64>()) else {
            return Err(altered());
        };
        let at = *index.entry(response).or_insert_with(|| {
            out.push(ResponseRecommendation {
                response: RecResponseId(response),
                reference: String::new(),
                base_revision: (base > 0).then_some(RecRevisionId(base)),
                base: RecWords::default(),
                words: RecWords::default(),
                ready: false,
            });
            out.len() - 1
        });
        let words = &mut out[at].words;
        match part {
            "decision" => words.decision = decision_named(&plain(name))?,
            "text" => words.text = text_of(name),
            "lead" => words.lead_officer = Some(plain(name)).filter(|l| !l.is_empty()),
            "target" => {
                let typed = plain(name);
                words.target = match typed.as_str() {
                    "" => None,
                    day => Some(parse_day(day).ok_or_else(|| {
                        Error::refused(
                            Refusal::BadValue,
                            format!(
                                "A target date in this form reads \"{}\", which is not a date; ask the partner to choose it from the calendar, or type it as 31 March 2027, and send the form again.",
                                printable(day)
                            ),
                        )
                    })?),
                };
            }
            _ => return Err(altered()),
        }
    }
    out.retain(|r| !r.words.is_empty());
    Ok(out)
}

/// The decision a form's box shows: as the list names it, or as the
/// partner may have typed it.
fn decision_named(text: &str) -> Result<Option<Decision>> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let key = |s: &str| s.to_lowercase().replace(['-', '_'], " ");
    let wanted = key(t);
    decision_names()
        .find(|(d, name)| {
            key(name) == wanted || key(d.as_str()) == wanted || key(d.label()) == wanted
        })
        .map(|(d, _)| Some(d))
        .ok_or_else(|| {
            let names: Vec<String> = decision_names().map(|(_, n)| n).collect();
            Error::refused(
                Refusal::BadValue,
                format!(
                    "A decision in this form reads \"{}\", which is not one of {}; ask the partner to choose one from its list and send the form again.",
                    printable(t),
                    names.join(", ")
                ),
            )
        })
}

/// A day as people type it: 2026-03-14, 14/03/2026, 14.3.26, 14 March 2026.
fn parse_day(text: &str) -> Option<NaiveDate> {
    let t = text.trim().trim_end_matches('.');
    [
        "%Y-%m-%d",
        "%d/%m/%Y",
        "%d/%m/%y",
        "%d.%m.%Y",
        "%d.%m.%y",
        "%d %B %Y",
        "%d %b %Y",
        "%B %d, %Y",
        "%A %d %B %Y",
    ]
    .iter()
    .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
}
