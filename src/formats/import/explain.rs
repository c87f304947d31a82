//! Where each paragraph of a source document went in the review read from
//! it: the title, a section's heading, a question, its context or notes, a
//! partner's answer. `kloe import --dry-run --explain` prints it, so an
//! officer can check a doubtful paper line by line, and the tests use it
//! to prove that nothing was left out.

use std::collections::{HashMap, VecDeque};

use super::SourceFormat;
use super::blocks::Block;
use super::structure::{
    parse_date_line, parse_dotted_number, parse_label_covering, parse_question_number, squash,
};
use crate::doc::ReviewDraft;
use crate::text::Paragraph;

/// One paragraph of the source and where it went.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Placed {
    /// Its line (text) or paragraph (Word) in the source, or its page and
    /// paragraph in a PDF (see `PDF_PAGE`): what a doubt's `line` names;
    /// 0 for one the reader made (a table's label).
    pub line: u32,
    /// Where the officer finds it: "line 7", "paragraph 12", "page 3";
    /// empty for one the reader made.
    pub place: String,
    /// Its words, shortened.
    pub text: String,
    /// Where it went, as an officer would say it.
    pub went: String,
}

/// What a paragraph that went nowhere is called: no paragraph of the
/// corpus may ever be.
pub const NOWHERE: &str = "not placed";

/// Every non-blank block, in order, with where it went in `draft`.
pub fn explain(blocks: &[Block], draft: &ReviewDraft, format: SourceFormat) -> Vec<Placed> {
    let mut index = Index::default();
    index.add(&draft.title, "the title".into());
    if let Some(s) = &draft.subtitle {
        index.add(s, "the subtitle".into());
    }
    for p in &draft.intro {
        index.add_paragraph(p, "the introduction".into());
    }
    let mut number = 0;
    for (s, section) in draft.sections.iter().enumerate() {
        let n = s + 1;
        index.add(&section.title, format!("the heading of section {n}"));
        for p in &section.lead_in {
            index.add_paragraph(p, format!("the introduction of section {n}"));
        }
        for q in &section.questions {
            number += 1;
            for p in &q.context {
                index.add_paragraph(p, format!("the context of question {number}"));
            }
            index.add(&q.text, format!("question {number}"));
            for p in &q.notes {
                index.add_paragraph(p, format!("a note of question {number}"));
            }
            for r in &q.responses {
                let who = r.partners.join(" and ");
                if let Some(label) = &r.label {
                    index.add(
                        label,
                        format!("the label of {who}'s answer to question {number}"),
                    );
                }
                for p in &r.paragraphs {
                    index.add_paragraph(p, format!("{who}'s answer to question {number}"));
                }
            }
        }
    }
    for (n, r) in draft.recommendations.iter().enumerate() {
        for p in &r.text {
            index.add_paragraph(p, format!("recommendation {}", n + 1));
        }
    }
    for a in &draft.appendices {
        index.add(&a.label, format!("appendix {}", a.label));
        if let Some(t) = &a.title {
            index.add(t, format!("the title of appendix {}", a.label));
        }
    }
    blocks
        .iter()
        .filter(|b| !b.is_blank())
        .map(|b| {
            let text = b.text();
            Placed {
                line: b.line,
                place: match b.line {
                    0 => String::new(),
                    n => format.place(n),
                },
                text: excerpt(text),
                went: index.place(text),
            }
        })
        .collect()
}

#[derive(Default)]
struct Index {
    /// Each text of the review, by its words, with where it is, in order.
    by_text: HashMap<String, VecDeque<String>>,
    /// The last place found for a text, for a second paragraph with the
    /// same words (an answer repeated).
    last: HashMap<String, String>,
    labels: Vec<(String, String)>,
}

impl Index {
    fn add(&mut self, text: &str, went: String) {
        let key = squash(text);
        if key.is_empty() {
            return;
        }
        if went.starts_with("the label") {
            self.labels.push((key.clone(), went.clone()));
        }
        self.by_text.entry(key).or_default().push_back(went);
    }

    fn add_paragraph(&mut self, p: &Paragraph, went: String) {
        self.add(&p.plain_text(), went);
    }

    /// Takes the next place for these words.
    fn take(&mut self, text: &str) -> Option<String> {
        let key = squash(text);
        if key.is_empty() {
            return None;
        }
        match self.by_text.get_mut(&key).and_then(VecDeque::pop_front) {
            Some(went) => {
                self.last.insert(key, went.clone());
                Some(went)
            }
            None => self.last.get(&key).cloned(),
        }
    }

    fn place(&mut self, text: &str) -> String {
        if let Some(went) = self.take(text) {
            return went;
        }
        // "Recommendations", "RESOLVED that: …", "(1) That the …".
        match super::recommendations::lead(text) {
            Some("") => return "the heading of the recommendations".into(),
            Some(rest) => {
                if let Some(went) = self.take(rest) {
                    return went;
                }
            }
            None => {}
        }
        if let Some(words) = super::recommendations::item_words(text)
            && let Some(went) = self.take(&words)
        {
            return went;
        }
        // "1. How many …?", "2.1 How …": the number is the question's.
        let numbered =
            parse_question_number(text).or_else(|| parse_dotted_number(text).map(|(_, c)| (0, c)));
        if let Some((_, chars)) = numbered
            && let Some(went) = self.take(&skip(text, chars))
        {
            return went;
        }
        // "Council Response: 412 adults …": a label with its answer.
        if let Some((label, _, chars, _)) = parse_label_covering(text) {
            let rest = skip(text, chars);
            let _ = self.take(&label);
            if let Some(went) = self.take(&rest) {
                return format!("{went}, after its label");
            }
            if rest.trim().is_empty()
                && let Some(went) = self.labels.iter().find(|(l, _)| *l == squash(&label))
            {
                return went.1.clone();
            }
        }
        // "OPCC: A report will come …": a partner's name and its answer.
        if let Some((_, rest)) = text.split_once(':')
            && let Some(went) = self.take(rest)
        {
            return format!("{went}, after the partner's name");
        }
        // "*We note …*": a note, in italics.
        let unstarred = text.trim_matches('*');
        if unstarred.len() < text.len()
            && let Some(went) = self.take(unstarred)
        {
            return went;
        }
        if parse_date_line(text).is_some() {
            return "the meeting date".into();
        }
        if text == crate::doc::DEFAULT_PLACEHOLDER {
            return "an answer still owed".into();
        }
        if text.starts_with("See ") || text.to_lowercase().starts_with("appendix") {
            return "the list of appendices".into();
        }
        // A label's first words at the start of the line before the rest
        // of it (a table cell that wrapped), then its answer.
        let words: Vec<&str> = text.split_whitespace().collect();
        for k in 1..=3.min(words.len().saturating_sub(1)) {
            if let Some(went) = self.take(&words[k..].join(" ")) {
                return format!("{went}, after the first words of its label");
            }
        }
        // A piece of a label spread over several lines.
        let key = squash(text);
        if let Some((_, went)) = self.labels.iter().find(|(l, _)| l.contains(&key)) {
            return format!("part of {went}");
        }
        NOWHERE.into()
    }
}

fn skip(text: &str, chars: usize) -> String {
    text.chars().skip(chars).collect()
}

fn excerpt(text: &str) -> String {
    const MOST: usize = 70;
    let text = crate::text::printable(text);
    match text.char_indices().nth(MOST) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{QuestionDraft, SectionDraft};

    #[test]
    fn a_paragraph_the_review_does_not_hold_is_not_placed() {
        let draft = ReviewDraft {
            title: "Review".into(),
            sections: vec![SectionDraft {
                title: "Section".into(),
                questions: vec![QuestionDraft {
                    text: "Is it safe?".into(),
                    ..QuestionDraft::default()
                }],
                ..SectionDraft::default()
            }],
            ..ReviewDraft::default()
        };
        let blocks: Vec<Block> = ["Review", "Section", "1. Is it safe?", "A stray paragraph."]
            .into_iter()
            .map(Block::plain)
            .collect();
        let went: Vec<String> = explain(&blocks, &draft, SourceFormat::Txt)
            .into_iter()
            .map(|p| p.went)
            .collect();
        assert_eq!(
            went,
            [
                "the title",
                "the heading of section 1",
                "question 1",
                NOWHERE
            ]
        );
    }
}
