//! Recommendations written in a committee's minutes or report: a list
//! under a "Recommendations" heading, or after "RESOLVED that:", or one
//! resolution on its own ("RESOLVED that the Partnership publishes …").
//! Each becomes a recommendation of the review, addressed to the partners
//! its words name.

use super::blocks::Block;
use super::structure::{Warning, parse_question_number};
use super::synonyms::{self, Kind};
use crate::doc::{PartnerDraft, RecommendationDraft};
use crate::model::name_key;
use crate::text::Paragraph;

/// What a line leading recommendations leaves after its own words: `""`
/// for a heading or "RESOLVED that:", the recommendation itself for a
/// resolution written on one line.
pub fn lead(text: &str) -> Option<&str> {
    let t = text.trim();
    let bare = t.trim_end_matches([':', '.', '-', '–']).trim();
    let lower = bare.to_lowercase();
    let heading = lower.split_whitespace().count() <= 7
        && (lower.starts_with("recommendation")
            || lower.ends_with("recommendations")
            || lower == "resolutions");
    if heading && !t.ends_with('?') {
        return Some("");
    }
    // "RESOLVED that …", "The Committee RECOMMENDS that …": the verb in
    // capitals, as minutes write it, or "Resolved:" opening the line.
    let mut rest = t;
    for opening in ["The Committee ", "The Panel ", "Members "] {
        if let Some(r) = rest.strip_prefix(opening) {
            rest = r;
        }
    }
    for verb in [
        "RESOLVED",
        "RECOMMENDED",
        "RECOMMENDS",
        "Resolved:",
        "Recommended:",
    ] {
        if let Some(after) = rest.strip_prefix(verb) {
            if after.starts_with(char::is_alphanumeric) {
                return None;
            }
            let after = after.trim_start_matches([':', ' ', '-', '–']);
            let after = after
                .strip_prefix("that ")
                .or_else(|| after.strip_prefix("That "))
                .or_else(|| after.strip_prefix("that:"))
                .unwrap_or(after)
                .trim_start_matches([':', ' ']);
            return Some(if after.ends_with(':') {
                ""
            } else {
                after.trim()
            });
        }
    }
    None
}

/// A recommendation in a list: numbered "1." "(1)" "1)" "(a)" "i)", a
/// bullet, or a paragraph that starts "That …"; its words without the
/// marker.
fn item(block: &Block) -> Option<String> {
    let text = block.text().trim();
    if block.bullet || block.list_item {
        return Some(text.trim_start_matches(['•', '-', '*', ' ']).to_string());
    }
    if let Some(auto) = block.auto_number
        && auto > 0
    {
        return Some(text.to_string());
    }
    item_words(text)
}

/// The words of a list item written with its marker ("1.", "(a)", "ii)")
/// or starting "That …", without the marker.
pub fn item_words(text: &str) -> Option<String> {
    let text = text.trim();
    if let Some((_, chars)) = parse_question_number(text) {
        return Some(
            text.chars()
                .skip(chars)
                .collect::<String>()
                .trim()
                .to_string(),
        );
    }
    // "(1) …", "(a) …", "ii) …".
    let marker = text
        .strip_prefix('(')
        .unwrap_or(text)
        .split_once(')')
        .filter(|(m, _)| m.len() <= 4 && m.chars().all(|c| c.is_ascii_alphanumeric()));
    if let Some((_, rest)) = marker {
        return Some(rest.trim().to_string());
    }
    if text.starts_with("That ") || text.starts_with("that ") {
        return Some(text.to_string());
    }
    None
}

/// The recommendations in a document, and the blocks they were read from
/// (the leading line and each item), to be left out of its questions:
/// `taken[i]` for each block.
pub struct Found {
    pub recommendations: Vec<(RecommendationDraft, u32)>,
    pub taken: Vec<bool>,
}

pub fn find(blocks: &[&Block]) -> Found {
    let mut found = Found {
        recommendations: Vec::new(),
        taken: vec![false; blocks.len()],
    };
    let mut i = 0;
    while i < blocks.len() {
        let Some(rest) = lead(blocks[i].text()) else {
            i += 1;
            continue;
        };
        if !rest.is_empty() {
            found.taken[i] = true;
            found.recommendations.push((draft(rest), blocks[i].line));
            i += 1;
            continue;
        }
        // A lead with its list after it.
        let mut items = Vec::new();
        let mut j = i + 1;
        while let Some(b) = blocks.get(j) {
            // A heading, or a question, ends the list: a recommendation asks
            // nothing.
            if b.heading.is_some() || b.text().trim_end().ends_with('?') {
                break;
            }
            match item(b) {
                Some(words) if !words.is_empty() => items.push((j, words)),
                _ => break,
            }
            j += 1;
        }
        if items.is_empty() {
            i += 1;
            continue;
        }
        found.taken[i] = true;
        for (j, words) in items {
            found.taken[j] = true;
            found.recommendations.push((draft(&words), blocks[j].line));
        }
        i = j;
    }
    found
}

fn draft(words: &str) -> RecommendationDraft {
    let words = words.trim();
    RecommendationDraft {
        reference: None,
        text: vec![Paragraph::plain(words)],
        owed: Vec::new(),
    }
}

/// Addresses each recommendation to the partners its words name, each
/// owing its own response: by full name, short name or other name, or by
/// a usual name ("the Police", "the Council") when the document has one
/// partner of that kind. One naming nobody is kept with a doubt.
pub fn address(recs: &mut [(RecommendationDraft, u32)], partners: &[PartnerDraft]) -> Vec<Warning> {
    let mut doubts = Vec::new();
    for (n, (rec, line)) in recs.iter_mut().enumerate() {
        let text = name_key(&crate::text::plain_words(&rec.text));
        let words = format!(
            " {} ",
            text.replace(|c: char| !c.is_alphanumeric() && c != '\'', " ")
        );
        // "The Police and Crime Commissioner" does not name the police.
        let masked = words
            .replace(" police and crime commissioner ", " commissioner ")
            .replace(" police fire and crime commissioner ", " commissioner ");
        let says = |name: &str, within: &str| {
            let key = name_key(name).replace(|c: char| !c.is_alphanumeric() && c != '\'', " ");
            let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
            !key.is_empty() && within.contains(&format!(" {key} "))
        };
        let mut named: Vec<String> = Vec::new();
        for p in partners {
            let within = if synonyms::kind_of(&p.name) == Some(Kind::Commissioner) {
                &words
            } else {
                &masked
            };
            let names = [&p.name, &p.short_name].into_iter().chain(&p.aliases);
            if names.into_iter().any(|n| says(n, within)) {
                named.push(p.name.clone());
            }
        }
        // The usual names, "the police and crime commissioner" before
        // "police".
        let mut rest = words.clone();
        for kind in [Kind::Commissioner, Kind::Fire, Kind::Police, Kind::Council] {
            let terms: &[&str] = match kind {
                Kind::Commissioner => &[
                    "police and crime commissioner",
                    "opcc",
                    "pcc",
                    "commissioner",
                ],
                Kind::Fire => &["fire and rescue service", "fire service"],
                Kind::Police => &["police", "constabulary"],
                Kind::Council => &["council", "local authority"],
            };
            let mut seen = false;
            for t in terms {
                let t = format!(" {t} ");
                if rest.contains(&t) {
                    seen = true;
                    rest = rest.replace(&t, " ");
                }
            }
            let of_kind: Vec<&PartnerDraft> = partners
                .iter()
                .filter(|p| synonyms::kind_of(&p.name) == Some(kind))
                .collect();
            if let (true, [one]) = (seen, of_kind.as_slice())
                && !named.contains(&one.name)
            {
                named.push(one.name.clone());
            }
        }
        // In the document's order of partners.
        let order = |name: &String| partners.iter().position(|p| &p.name == name);
        named.sort_by_key(order);
        if named.is_empty() {
            doubts.push(Warning {
                line: (*line > 0).then_some(*line),
                question: None,
                message: format!(
                    "recommendation {} names no partner of the review, so it is owed no response yet; address it after the import (kloe rec assign)",
                    n + 1
                ),
            });
        }
        rec.owed = named.into_iter().map(|n| vec![n]).collect();
    }
    doubts
}
