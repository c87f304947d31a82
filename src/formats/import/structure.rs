//! Finding a review's structure in a stream of paragraphs, with no
//! knowledge of any particular council: the title, meeting date and
//! introduction; section headings; numbered questions with the context
//! before them and notes after them; and response labels, with the
//! partners they name and the answers that follow.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::blocks::Block;
use super::synonyms;
use crate::doc::{
    AppendixDraft, PartnerDraft, QuestionDraft, ResponseDraft, ReviewDraft, SectionDraft,
};
use crate::model::{Partner, Status, default_label, name_key, same_name};
use crate::text::{Paragraph, Run, all_bold};

/// Something the importer decided that the officer may want to check.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Warning {
    /// The question it concerns, if any.
    pub question: Option<u32>,
    /// The line (text) or paragraph (Word) of the source it is about, if
    /// it is about one.
    pub line: Option<u32>,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.question {
            Some(q) => write!(f, "Q{q}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

pub struct Options<'a> {
    /// Partners already known (last year's, or the review imported into):
    /// labels are matched to them by name, short name or alias.
    pub known_partners: &'a [Partner],
    /// Mark every imported answer approved.
    pub approved: bool,
    /// Who gives the answers the document prints with no label.
    pub answered_by: Option<&'a str>,
    /// What the source is, to name a place in it ("line 7", "page 3").
    pub format: super::SourceFormat,
}

/// What a block is, on its own.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Question {
        number: Option<u32>,
        chars: usize,
    },
    Heading,
    /// A label; `chars` is where the answer's text starts; `covers` the
    /// questions it answers at once, by the document's numbers ("Police
    /// Response to Q1 and Q2"), else empty.
    Label {
        label: String,
        partners: Vec<String>,
        chars: usize,
        covers: Vec<u32>,
    },
    Note,
    /// "See Appendix 7.2: Extract from …"
    AppendixRef {
        label: String,
        title: Option<String>,
    },
    Date(NaiveDate),
    /// This application's own "Response awaited": an answer still owed.
    Placeholder,
    Text,
}

/// The review a document's blocks make, and what the reader was unsure
/// of; or, for a document that cannot become a review as it stands, what
/// is wrong and where.
pub fn build(blocks: &[Block], opts: &Options<'_>) -> Result<Built, String> {
    let blocks: Vec<&Block> = blocks.iter().filter(|b| !b.is_blank()).collect();
    // The committee's recommendations are read first and left out of the
    // questions: a numbered list under "Recommendations" is not questions.
    let mut found = super::recommendations::find(&blocks);
    let blocks: Vec<&Block> = blocks
        .iter()
        .enumerate()
        .filter(|(i, _)| !found.taken[*i])
        .map(|(_, b)| *b)
        .collect();
    let mut b = Builder {
        draft: ReviewDraft::default(),
        warnings: Vec::new(),
        opts,
        seen_labels: Vec::new(),
        seen_squashed: Default::default(),
        number: 0,
        listed_appendices: Vec::new(),
        answered_by: HashMap::new(),
        problem: None,
        unlabelled: false,
        answerer: opts
            .answered_by
            .map(|a| (a.trim().to_string(), Said::Chosen)),
        unlabelled_answers: 0,
        first_unlabelled: None,
        guessed_headings: HashMap::new(),
        written: HashMap::new(),
        last_written: 0,
        renumbered: Vec::new(),
        answer_target: None,
        covered_ahead: HashMap::new(),
        label_lines: HashMap::new(),
    };
    let mut kinds: Vec<Kind> = classify(&blocks);
    inline_labels(&blocks, &mut kinds, opts.known_partners);
    // A paper that numbers no questions (minutes, a letter): its paragraphs
    // that ask, ending in a question mark, are its questions.
    if !kinds.iter().any(|k| matches!(k, Kind::Question { .. })) {
        let mut asked = 0;
        let mut first = None;
        for (i, blk) in blocks.iter().enumerate() {
            let text = blk.text();
            // A paragraph set wholly in bold, a sentence long, with plain
            // text after it, is a question put as a request ("Please set
            // out …", "Give the number of …").
            let bold_request = all_bold(&blk.runs)
                && text.split_whitespace().count() >= 5
                && blocks
                    .get(i + 1)
                    .is_some_and(|next| kinds[i + 1] == Kind::Text && !all_bold(&next.runs));
            if kinds[i] == Kind::Text
                && !blk.bullet
                && blk.cell.is_none()
                && (text.ends_with('?') || bold_request)
                && text.split_whitespace().count() <= 80
            {
                kinds[i] = Kind::Question {
                    number: None,
                    chars: 0,
                };
                asked += 1;
                first.get_or_insert(blk.line);
            }
        }
        if asked > 0 {
            b.warnings.push(Warning {
                line: first,
                question: None,
                message: format!(
                    "the document numbers no questions, so its {asked} paragraph{} ending in a question mark or set in bold {} read as its questions, numbered in order",
                    if asked == 1 { "" } else { "s" },
                    if asked == 1 { "was" } else { "were" },
                ),
            });
        }
    }
    b.guessed_headings = headings_by_what_follows(&blocks, &mut kinds);
    // A document with no labels at all prints each answer straight after
    // its question.
    b.unlabelled = !kinds.iter().any(|k| matches!(k, Kind::Label { .. }));
    b.run(&blocks, &kinds);
    if let Some(problem) = b.problem {
        return Err(problem);
    }
    b.finish();
    let doubts = super::recommendations::address(&mut found.recommendations, &b.draft.partners);
    b.warnings.extend(doubts);
    b.draft.recommendations = found.recommendations.into_iter().map(|(r, _)| r).collect();
    let unlabelled = (b.unlabelled_answers > 0).then(|| {
        let (answered_by, said) = match &b.answerer {
            Some((name, Said::Chosen)) => (name.clone(), SaidBy::Chosen),
            Some((name, Said::Document(_))) => (name.clone(), SaidBy::Document),
            None => (UNATTRIBUTED.to_string(), SaidBy::Nobody),
        };
        let mut suggestions: Vec<String> = Vec::new();
        for name in opts
            .known_partners
            .iter()
            .map(|p| p.name.as_str())
            .chain(b.draft.partners.iter().map(|p| p.name.as_str()))
        {
            if name != UNATTRIBUTED && !suggestions.iter().any(|s| same_name(s, name)) {
                suggestions.push(name.to_string());
            }
        }
        Unlabelled {
            answers: b.unlabelled_answers as u32,
            answered_by,
            said,
            suggestions,
        }
    });
    Ok(Built {
        draft: b.draft,
        warnings: b.warnings,
        unlabelled,
    })
}

/// What a document's blocks make.
pub struct Built {
    pub draft: ReviewDraft,
    pub warnings: Vec<Warning>,
    pub unlabelled: Option<Unlabelled>,
}

/// The answers a document prints with no label, and whose they are taken
/// to be: what the import preview offers to change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Unlabelled {
    pub answers: u32,
    /// The partner they are taken to be from.
    pub answered_by: String,
    pub said: SaidBy,
    /// Partners they could be from: the review's, and the document's own.
    pub suggestions: Vec<String>,
}

/// Who said whose the unlabelled answers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SaidBy {
    /// The officer, for this import.
    Chosen,
    /// The document's introduction.
    Document,
    /// Nobody: they are kept under "Unattributed".
    Nobody,
}

fn classify(blocks: &[&Block]) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = blocks.iter().map(|b| kind_of(b)).collect();
    // "2. Anti-social behaviour" heads the questions numbered 2.1, 2.2, …
    for i in 0..blocks.len() {
        let Kind::Question {
            number: Some(n), ..
        } = kinds[i]
        else {
            continue;
        };
        let text = blocks[i].text();
        if text.ends_with('?') || text.split_whitespace().count() > 10 {
            continue;
        }
        let next = (i + 1..blocks.len()).find(|&j| matches!(kinds[j], Kind::Question { .. }));
        let heads = next
            .and_then(|j| parse_dotted_number(blocks[j].text()))
            .is_some_and(|(dotted, _)| dotted.split('.').next() == Some(n.to_string().as_str()));
        // "3. Road safety" straight before question 80: a title line whose
        // number does not run on into the next question's.
        let runs_on = match kinds.get(i + 1) {
            Some(Kind::Question {
                number: Some(m), ..
            }) => *m == n + 1,
            Some(Kind::Question { number: None, .. }) => true,
            _ => true,
        };
        let title = {
            let (_, chars) = parse_question_number(text).unwrap_or((0, 0));
            let rest: String = text.chars().skip(chars).collect();
            looks_like_heading_line(&rest)
        };
        if heads || (!runs_on && title) {
            kinds[i] = Kind::Heading;
        }
    }
    let question_after = question_after_context(blocks, &kinds);
    let ahead = questions_ahead(&kinds);
    // The level Word headings have when they head questions: deeper
    // headings inside an answer are the answer's own.
    let section_level = (0..blocks.len())
        .filter(|&i| kinds[i] == Kind::Heading && heads_questions(&ahead, i))
        .filter_map(|i| blocks[i].heading)
        .min();
    // Does this document put answers on the label's own line ("BDC Response
    // £25,000 …")? Then a label alone means an answer still owed, and the
    // line after it is not its answer.
    let bare_label: Vec<bool> = (0..blocks.len())
        .map(|i| matches!(&kinds[i], Kind::Label { chars, .. } if *chars >= blocks[i].text().chars().count()))
        .collect();
    let labels = kinds
        .iter()
        .filter(|k| matches!(k, Kind::Label { .. }))
        .count();
    let bare = bare_label.iter().filter(|b| **b).count();
    let answers_below_labels = bare * 2 >= labels;
    for i in 0..blocks.len() {
        let b = blocks[i];
        // Right after a label that stands alone, in a document whose labels
        // stand alone: this line is likely its answer.
        let after_label = answers_below_labels && i > 0 && bare_label[i - 1];
        match kinds[i] {
            // A short line without final punctuation is a heading only when a
            // question (or the context before one) follows it, and it is not
            // the answer a label has just introduced ("Not applicable").
            Kind::Text
                if !b.bullet
                    && b.cell.is_none()
                    && !after_label
                    && looks_like_heading_line(b.text())
                    && question_after.get(i + 1).copied().unwrap_or(false) =>
            {
                kinds[i] = Kind::Heading;
            }
            // "TBC" under a label is an answer, not a heading.
            Kind::Heading if b.heading.is_none() && after_label => kinds[i] = Kind::Text,
            // A partner's own sub-heading inside an answer.
            Kind::Heading
                if b.heading.zip(section_level).is_some_and(|(h, s)| h > s)
                    && !heads_questions(&ahead, i) =>
            {
                kinds[i] = Kind::Text;
            }
            _ => {}
        }
    }
    kinds
}

/// "Police: Officers issued nine warnings." An answer that starts with a
/// partner's name and a colon is that partner's, where the name is one the
/// review knows, one the document's labels use, or a usual name of a
/// partner ("Council", "the OPCC"); other words before a colon
/// ("Background:", "Action:") stay text.
fn inline_labels(blocks: &[&Block], kinds: &mut [Kind], known: &[Partner]) {
    let mut named: std::collections::HashSet<String> = Default::default();
    for k in kinds.iter() {
        if let Kind::Label { partners, .. } = k {
            named.extend(partners.iter().map(|p| name_key(p)));
        }
    }
    let mut after_question = false;
    for (i, b) in blocks.iter().enumerate() {
        match kinds[i] {
            Kind::Question { .. } => after_question = true,
            Kind::Heading => after_question = false,
            Kind::Text if after_question && !b.bullet => {
                let text = b.text();
                let Some(colon) = text.find(':') else {
                    continue;
                };
                let name = text[..colon].trim();
                if name.is_empty() || name.split_whitespace().count() > 6 || !is_name_like(name) {
                    continue;
                }
                let partners = label_partners(name);
                let recognised = |p: &String| {
                    named.contains(&name_key(p))
                        || synonyms::generic(p).is_some()
                        || known.iter().any(|k| k.answers_to(p))
                };
                if partners.iter().all(recognised) {
                    let rest = &text[colon + 1..];
                    let skip = rest.len() - rest.trim_start().len();
                    kinds[i] = Kind::Label {
                        label: name.to_string(),
                        partners,
                        chars: text[..colon + 1 + skip].chars().count(),
                        covers: Vec::new(),
                    };
                }
            }
            _ => {}
        }
    }
}

/// A short title line after a question's answer, followed by a few
/// paragraphs and then the next question, is a section heading with its
/// introduction, not more of the answer ("Domestic Abuse", then what the
/// committee last heard, then question 2). Decided by what follows; each
/// is returned (block, paragraphs between) for a doubt.
fn headings_by_what_follows(blocks: &[&Block], kinds: &mut [Kind]) -> HashMap<usize, usize> {
    let mut guessed = HashMap::new();
    let mut seen_question = false;
    for i in 0..blocks.len() {
        if matches!(kinds[i], Kind::Question { .. }) {
            seen_question = true;
            continue;
        }
        let b = blocks[i];
        let candidate = seen_question
            && kinds[i] == Kind::Text
            && !b.bullet
            && b.cell.is_none()
            && b.heading.is_none()
            && b.text().split_whitespace().count() <= 8
            && looks_like_heading_line(b.text());
        // After answer text or a label that carries its answer; a label
        // standing alone is followed by its answer, whatever it looks like.
        let after_answer = i > 0
            && match &kinds[i - 1] {
                Kind::Text => true,
                Kind::Label { chars, .. } => *chars < blocks[i - 1].text().chars().count(),
                _ => false,
            };
        if !candidate || !after_answer {
            continue;
        }
        let between = (i + 1..blocks.len())
            .take_while(|&j| kinds[j] == Kind::Text && !looks_like_heading_line(blocks[j].text()))
            .count();
        let next = i + 1 + between;
        if (1..=3).contains(&between) && matches!(kinds.get(next), Some(Kind::Question { .. })) {
            kinds[i] = Kind::Heading;
            guessed.insert(i, between);
        }
    }
    guessed
}

fn kind_of(b: &Block) -> Kind {
    let text = b.text();
    if text == crate::doc::DEFAULT_PLACEHOLDER {
        return Kind::Placeholder;
    }
    if b.heading.is_some() && !b.title_style {
        return Kind::Heading;
    }
    // Word's numbering shows the number; the text holds none to strip.
    if let Some(n) = b.auto_number.filter(|_| !b.bullet && b.cell.is_none()) {
        return Kind::Question {
            number: Some(n),
            chars: 0,
        };
    }
    if !b.list_item
        && let Some((number, chars)) = parse_question_number(text)
    {
        let rest: String = text.chars().skip(chars).collect();
        if is_all_caps(&rest) {
            return Kind::Heading;
        }
        return Kind::Question {
            number: Some(number),
            chars,
        };
    }
    // "2.1 How many …", "2.1.1 Of those …": a question numbered within its
    // section; the order numbers it.
    if !b.list_item
        && let Some((_, chars)) = parse_dotted_number(text)
    {
        return Kind::Question {
            number: None,
            chars,
        };
    }
    if let Some((label, partners, chars, covers)) = parse_label_covering(text) {
        return Kind::Label {
            label,
            partners,
            chars,
            covers,
        };
    }
    if let Some((label, title)) = text.strip_prefix("See ").and_then(parse_appendix_line) {
        return Kind::AppendixRef { label, title };
    }
    if is_note(text) || b.style.as_deref() == Some("KloeNote") {
        return Kind::Note;
    }
    if let Some(d) = parse_date_line(text) {
        return Kind::Date(d);
    }
    if !b.bullet
        && b.cell.is_none()
        && text.split_whitespace().take(16).count() <= 15
        && is_all_caps(text)
    {
        return Kind::Heading;
    }
    Kind::Text
}

struct Builder<'a> {
    draft: ReviewDraft,
    warnings: Vec<Warning>,
    opts: &'a Options<'a>,
    /// Labels read so far, to complete a label broken over several lines.
    seen_labels: Vec<String>,
    /// The same, squashed (see [`squash`]), to look up.
    seen_squashed: std::collections::HashSet<String>,
    number: u32,
    /// Appendices listed with their titles (at the end, or in references).
    listed_appendices: Vec<(String, Option<String>)>,
    /// Who has answered the current question so far, by lower-case name,
    /// and where.
    answered_by: HashMap<String, u32>,
    /// The first thing found that stops the document becoming a review.
    problem: Option<String>,
    /// The document has no labels: text after a question is its answer.
    unlabelled: bool,
    /// Who gives the unlabelled answers, and who said so.
    answerer: Option<(String, Said)>,
    /// How many answers were read with no label.
    unlabelled_answers: usize,
    /// Where the first of them is.
    first_unlabelled: Option<u32>,
    /// Lines after an answer read as section headings by what follows
    /// them: the block, and how many paragraphs lie before the question.
    guessed_headings: HashMap<usize, usize>,
    /// Each question read, by the number the document gives it: where it
    /// is (section, question) and its number in order.
    written: HashMap<u32, ((usize, usize), u32)>,
    /// The number the document gave the last question read.
    last_written: u32,
    /// Questions the document numbers otherwise than their order: (order,
    /// the document's number).
    renumbered: Vec<(u32, u32, u32)>,
    /// Where the answer being read goes when it is not the current
    /// question's last (section, question, response).
    answer_target: Option<(usize, usize, usize)>,
    /// Answers pointing elsewhere, for questions not read yet.
    covered_ahead: HashMap<u32, ResponseDraft>,
    /// Where each label was first written, for the doubts about it.
    label_lines: HashMap<String, u32>,
}

/// Who said who gives a document's unlabelled answers.
#[derive(Debug, Clone, PartialEq)]
enum Said {
    /// The officer, for this import (`--answered-by`, the preview's choice).
    Chosen,
    /// The document, in these words.
    Document(String),
}

/// The partner a document gives answers with no label to, when nobody
/// is named.
pub const UNATTRIBUTED: &str = "Unattributed";

/// Where the walk is in the document.
#[derive(PartialEq)]
enum Place {
    Preamble,
    SectionStart,
    Question,
    Response,
    /// The list of appendices at the end of a document.
    Appendices,
}

impl Builder<'_> {
    fn run(&mut self, blocks: &[&Block], kinds: &[Kind]) {
        let ahead = questions_ahead(kinds);
        let question_after = question_after_context(blocks, kinds);
        // The last number of a numbered list inside the current answer.
        let mut answer_list: Option<u32> = None;
        let mut place = Place::Preamble;
        let mut pending_context: Vec<Paragraph> = Vec::new();
        let mut i = 0;
        while i < blocks.len() {
            let block = blocks[i];
            let text = block.text().to_string();
            // A label broken over several short lines (a table cell that
            // wrapped), its last piece ending in "Response".
            if place != Place::Preamble
                && let Some((label_end, label)) = broken_label(blocks, kinds, i)
            {
                self.broken_label(blocks, i, label_end, label, &mut place);
                i = label_end + 1;
                continue;
            }
            match &kinds[i] {
                Kind::Heading if is_appendices_heading(&text) && !heads_questions(&ahead, i) => {
                    self.flush_context(&mut pending_context);
                    place = Place::Appendices;
                }
                _ if place == Place::Appendices => match parse_appendix_line(&text) {
                    Some((label, title)) => self.listed_appendices.push((label, title)),
                    None => {
                        // Not an appendix entry: keep it, as a paragraph of its own section.
                        self.draft.sections.push(SectionDraft {
                            title: "Appendices".into(),
                            lead_in: vec![block.paragraph()],
                            ..SectionDraft::default()
                        });
                        place = Place::SectionStart;
                    }
                },
                Kind::Placeholder if place == Place::Response => {}
                // This application's own marking of a draft export.
                Kind::Heading | Kind::Text if place == Place::Preamble && text == "DRAFT" => {}
                Kind::AppendixRef { label, title }
                    if matches!(place, Place::Question | Place::Response) =>
                {
                    self.listed_appendices.push((label.clone(), title.clone()));
                    if let Some(q) = self.question_mut()
                        && !q.appendices.contains(label)
                    {
                        q.appendices.push(label.clone());
                    }
                }
                Kind::Heading if place == Place::Preamble && !heads_questions(&ahead, i) => {
                    // A heading with no questions under it, before the first
                    // question: part of the title page.
                    self.preamble(block, text);
                }
                Kind::Heading => {
                    self.flush_context(&mut pending_context);
                    if let Some(&between) = self.guessed_headings.get(&i) {
                        let paragraphs = match between {
                            1 => "the paragraph after it".to_string(),
                            n => format!("the {n} paragraphs after it"),
                        };
                        self.warnings.push(Warning {
                            line: Some(block.line),
                            question: Some(self.number),
                            message: format!(
                                "'{}', after this question's answer, is read as a new section heading, with {paragraphs} as the section's introduction, because a question follows; if it is part of the answer, move it back after the import",
                                crate::text::printable(&text)
                            ),
                        });
                    }
                    if place == Place::Preamble && self.draft.title.is_empty() {
                        self.draft.title = text;
                    } else {
                        self.draft.sections.push(SectionDraft {
                            title: strip_heading_number(&text),
                            ..SectionDraft::default()
                        });
                        place = Place::SectionStart;
                    }
                }
                // A numbered list inside an answer ("1. Anti-social
                // behaviour") does not continue the questions' numbers; a
                // question further on ("92) … ?" after 80) does.
                Kind::Question {
                    number: Some(n), ..
                } if place == Place::Response
                    && (answer_list.is_some_and(|last| *n == last + 1)
                        || !(*n == self.last_written + 1
                            || (*n > self.last_written && text.ends_with('?')))) =>
                {
                    answer_list = Some(*n);
                    let mut p = block.paragraph();
                    if block.auto_number.is_some() {
                        p.runs.insert(0, Run::plain(format!("{n}. ")));
                    }
                    if let Some(r) = self.response_mut() {
                        r.paragraphs.push(p);
                    }
                }
                Kind::Question { number, chars } => {
                    answer_list = None;
                    self.question(block, *number, *chars, std::mem::take(&mut pending_context));
                    place = Place::Question;
                }
                Kind::Label {
                    label,
                    partners,
                    chars,
                    covers,
                } if place != Place::Preamble && place != Place::SectionStart => {
                    answer_list = None;
                    self.flush_context(&mut pending_context);
                    let body = block.paragraph_after(*chars);
                    if covers.len() > 1 {
                        self.covering_response(label, partners, body, covers, block.line);
                    } else {
                        self.response(label.clone(), partners.clone(), body, block.line);
                    }
                    place = Place::Response;
                }
                Kind::Label { label, .. } if place == Place::SectionStart => {
                    // An answer with no question to belong to: keep its words
                    // where they stand.
                    self.warnings.push(Warning {
                        line: Some(block.line),
                        question: None,
                        message: format!(
                            "'{label}' comes before any question of its section; its words are kept as the section's introduction"
                        ),
                    });
                    if let Some(s) = self.draft.sections.last_mut() {
                        s.lead_in.push(block.paragraph());
                    }
                }
                Kind::Note if matches!(place, Place::Question | Place::Response) => {
                    self.flush_context(&mut pending_context);
                    let note = note_paragraph(block);
                    if let Some(q) = self.question_mut() {
                        q.notes.push(note);
                    }
                }
                Kind::Date(d) if place == Place::Preamble && self.draft.meeting_date.is_none() => {
                    self.draft.meeting_date = Some(*d);
                }
                _ => match place {
                    Place::Preamble => {
                        self.listen_for_answerer(&text);
                        self.preamble(block, text)
                    }
                    Place::SectionStart
                        if !is_context_block(block) && pending_context.is_empty() =>
                    {
                        self.listen_for_answerer(&text);
                        if let Some(s) = self.draft.sections.last_mut() {
                            s.lead_in.push(block.paragraph());
                        }
                    }
                    Place::Response | Place::Question
                        if !(is_context_block(block) && question_after[i]) =>
                    {
                        if place == Place::Question && is_sub_part(&text) {
                            // "(a) …", "i) …": a part of the question.
                            if let Some(q) = self.question_mut() {
                                q.notes.push(block.paragraph());
                            }
                        } else if place == Place::Question && self.unlabelled {
                            // No labels anywhere: the words after a question
                            // are its answer.
                            self.unlabelled_answer(block.paragraph(), block.line);
                            place = Place::Response;
                        } else if place == Place::Question {
                            // Words between a question and any label: more of
                            // the question's own text, kept as a note.
                            if let Some(q) = self.question_mut() {
                                q.notes.push(block.paragraph());
                            }
                        } else if let Some(r) = self.response_mut() {
                            r.paragraphs.push(block.paragraph());
                        }
                    }
                    _ => pending_context.push(block.paragraph()),
                },
            }
            i += 1;
        }
        self.flush_context(&mut pending_context);
    }

    /// An introduction that says who answers ("… and the response from the
    /// Chief Constable") names the partner the unlabelled answers are from,
    /// unless the officer chose one.
    fn listen_for_answerer(&mut self, text: &str) {
        if matches!(self.answerer, Some((_, Said::Chosen))) {
            return;
        }
        if let Some(name) = named_answerer(text) {
            let words: String = text.chars().take(120).collect();
            self.answerer = Some((name, Said::Document(words)));
        }
    }

    /// An answer printed straight after its question, with no label.
    fn unlabelled_answer(&mut self, body: Paragraph, line: u32) {
        self.unlabelled_answers += 1;
        self.first_unlabelled.get_or_insert(line);
        let who = match &self.answerer {
            Some((name, _)) => name.clone(),
            None => UNATTRIBUTED.to_string(),
        };
        if let Some(q) = self.question_mut() {
            q.responses.push(ResponseDraft {
                partners: vec![who],
                label: None,
                status: Status::NotStarted,
                due: None,
                paragraphs: vec![body],
            });
        }
    }

    /// The title page: title, subtitle (which may carry the date), intro.
    fn preamble(&mut self, block: &Block, text: String) {
        if self.draft.title.is_empty() {
            // "Minutes of the … Committee held on 14 March 2024".
            if self.draft.meeting_date.is_none() {
                self.draft.meeting_date = trailing_date(&text);
            }
            self.draft.title = text;
        } else if self.draft.subtitle.is_none()
            && self.draft.intro.is_empty()
            && (block.title_style || block.heading.is_some() || looks_like_heading_line(&text))
        {
            if self.draft.meeting_date.is_none() {
                self.draft.meeting_date = trailing_date(&text);
            }
            self.draft.subtitle = Some(text);
        } else {
            self.draft.intro.push(block.paragraph());
        }
    }

    /// Context that never reached a question stays where it was read.
    fn flush_context(&mut self, pending: &mut Vec<Paragraph>) {
        if pending.is_empty() {
            return;
        }
        if let Some(r) = self.response_mut() {
            r.paragraphs.append(pending);
        } else if let Some(s) = self.draft.sections.last_mut() {
            s.lead_in.append(pending);
        } else {
            self.draft.intro.append(pending);
        }
    }

    fn question(
        &mut self,
        block: &Block,
        written: Option<u32>,
        chars: usize,
        context: Vec<Paragraph>,
    ) {
        self.number += 1;
        self.answered_by.clear();
        self.answer_target = None;
        if let Some(n) = written
            && n != self.number
        {
            self.renumbered.push((self.number, n, block.line));
        }
        if self.draft.sections.is_empty() {
            self.draft.sections.push(SectionDraft {
                title: "Questions".into(),
                ..SectionDraft::default()
            });
            self.warnings.push(Warning {
                line: (block.line > 0).then_some(block.line),
                question: None,
                message: "no section heading before the first question; the questions start in a section called \"Questions\"".into(),
            });
        }
        let text = block.paragraph_after(chars).plain_text();
        let appendices = appendix_mentions(&text);
        let at = (
            self.draft.sections.len() - 1,
            self.draft.sections.last().map_or(0, |s| s.questions.len()),
        );
        let written = written.unwrap_or(self.number);
        self.written.insert(written, (at, self.number));
        self.last_written = written;
        // An earlier label answered this question with others ("… Response
        // to Q3 and Q4" read before question 4): it points at that answer.
        let responses = self.covered_ahead.remove(&written).into_iter().collect();
        if let Some(s) = self.draft.sections.last_mut() {
            s.questions.push(QuestionDraft {
                text,
                context,
                appendices,
                responses,
                ..QuestionDraft::default()
            });
        }
    }

    fn response(&mut self, label: String, partners: Vec<String>, body: Paragraph, line: u32) {
        let (number, format) = (self.number, self.opts.format);
        self.answer_target = None;
        if line > 0 {
            self.label_lines.entry(label.clone()).or_insert(line);
        }
        if let Some(person) = person_in_label(&label) {
            let whose = match partners.as_slice() {
                [one] if one != person => format!("it is taken to be {one}'s answer"),
                _ => "it is kept under that name; give it to the right partner after the import"
                    .to_string(),
            };
            self.warnings.push(Warning {
                line: (line > 0).then_some(line),
                question: Some(number),
                message: format!("the label '{label}' names a person, not a partner; {whose}"),
            });
        }
        for p in &partners {
            match self.answered_by.get(&name_key(p)) {
                Some(first) if self.problem.is_none() => {
                    self.problem = Some(format!(
                        "question {number} has a second answer from {p} (\"{}\", {}; the first is at {}). A partner gives one answer to a question: join the two answers into one, then import it again.",
                        crate::text::printable(&label),
                        format.place(line),
                        format.place(*first)
                    ));
                }
                Some(_) => {}
                None => {
                    self.answered_by.insert(name_key(p), line);
                }
            }
        }
        let Some(q) = self.question_mut() else {
            return;
        };
        for p in &body.runs {
            for a in appendix_mentions(&p.text) {
                if !q.appendices.contains(&a) {
                    q.appendices.push(a);
                }
            }
        }
        let paragraphs = if body.is_blank() {
            Vec::new()
        } else {
            vec![body]
        };
        q.responses.push(ResponseDraft {
            partners,
            label: Some(label.clone()),
            status: Status::NotStarted,
            due: None,
            paragraphs,
        });
        if self.seen_squashed.insert(squash(&label)) {
            self.seen_labels.push(label);
        }
    }

    /// A label spread over `start..=end`: its first word(s) may sit at the
    /// start of the line before, whose remaining words are its answer.
    fn broken_label(
        &mut self,
        blocks: &[&Block],
        start: usize,
        end: usize,
        joined: String,
        place: &mut Place,
    ) {
        let lines = end - start + 1;
        let mut label = joined.clone();
        let mut answer: Option<Paragraph> = None;
        // The line before, when it was read as this question's answer text
        // (it is the label's other table cell).
        let before = start.checked_sub(1).map(|i| blocks[i]);
        let taken = before.and_then(|b| {
            let words: Vec<String> = b.text().split_whitespace().map(String::from).collect();
            (1..=3.min(words.len().saturating_sub(1))).find_map(|k| {
                let candidate = format!("{} {joined}", words[..k].join(" "));
                self.is_known_label(&candidate).then(|| {
                    let chars: usize =
                        words[..k].iter().map(|w| w.chars().count()).sum::<usize>() + k;
                    (candidate, b.paragraph_after(chars))
                })
            })
        });
        let mut lines_used = lines;
        if let Some((candidate, rest)) = taken {
            // Undo the line before as stray text: it belongs to this label.
            self.take_back_last_paragraph();
            label = candidate;
            answer = Some(rest);
            lines_used += 1;
        }
        let partners = label_partners(label.trim_end_matches("Response").trim());
        self.warnings.push(Warning {
            line: Some(blocks[start].line),
            question: Some(self.number),
            message: format!("response label spread over {lines_used} lines, read as '{label}'"),
        });
        let body = answer.unwrap_or_default();
        self.response(label, partners, body, blocks[start].line);
        *place = Place::Response;
    }

    fn is_known_label(&self, candidate: &str) -> bool {
        self.seen_squashed.contains(&squash(candidate))
            || self
                .opts
                .known_partners
                .iter()
                .any(|p| squash(&p.label) == squash(candidate))
            || {
                let parts = label_partners(candidate.trim_end_matches("Response").trim());
                parts.len() > 1
                    && parts.iter().all(|part| {
                        self.opts.known_partners.iter().any(|p| p.answers_to(part))
                            || self.seen_labels.iter().any(|l| l.contains(part.as_str()))
                    })
            }
    }

    /// Removes the paragraph most recently added to the current question
    /// (as answer text or note) so it can be read again.
    fn take_back_last_paragraph(&mut self) {
        if let Some(q) = self.question_mut() {
            if let Some(r) = q.responses.last_mut()
                && r.paragraphs.pop().is_some()
            {
                return;
            }
            q.notes.pop();
        }
    }

    fn question_mut(&mut self) -> Option<&mut QuestionDraft> {
        self.draft.sections.last_mut()?.questions.last_mut()
    }

    /// The answer being read: the last of the current question, or the one
    /// a label answering several questions gave to the first of them.
    fn response_mut(&mut self) -> Option<&mut ResponseDraft> {
        if let Some((s, q, r)) = self.answer_target {
            return self
                .draft
                .sections
                .get_mut(s)?
                .questions
                .get_mut(q)?
                .responses
                .get_mut(r);
        }
        self.question_mut()?.responses.last_mut()
    }

    /// "Constabulary Response to Q1 and Q2": the answer goes to the first
    /// of them; each other one gets an answer pointing at it, marked
    /// answered elsewhere (one not yet read gets it when it is read).
    fn covering_response(
        &mut self,
        label: &str,
        partners: &[String],
        body: Paragraph,
        covers: &[u32],
        line: u32,
    ) {
        let first = covers.iter().copied().min().unwrap_or(0);
        let Some(&((s, q), first_number)) = self.written.get(&first) else {
            // The first is not a question read so far: an answer to this one.
            self.response(label.to_string(), partners.to_vec(), body, line);
            return;
        };
        if line > 0 {
            self.label_lines.entry(label.to_string()).or_insert(line);
        }
        let paragraphs = if body.is_blank() {
            Vec::new()
        } else {
            vec![body]
        };
        let Some(question) = self
            .draft
            .sections
            .get_mut(s)
            .and_then(|x| x.questions.get_mut(q))
        else {
            return;
        };
        question.responses.push(ResponseDraft {
            partners: partners.to_vec(),
            label: Some(label.to_string()),
            status: Status::NotStarted,
            due: None,
            paragraphs,
        });
        self.answer_target = Some((s, q, question.responses.len() - 1));
        let pointer = ResponseDraft {
            partners: partners.to_vec(),
            label: Some(label.to_string()),
            status: Status::AnsweredElsewhere,
            due: None,
            paragraphs: vec![Paragraph::plain(format!(
                "See the response to question {first_number}."
            ))],
        };
        let mut pointed = Vec::new();
        for &n in covers.iter().filter(|&&n| n != first) {
            match self.written.get(&n) {
                Some(&((s, q), number)) => {
                    if let Some(other) = self
                        .draft
                        .sections
                        .get_mut(s)
                        .and_then(|x| x.questions.get_mut(q))
                    {
                        other.responses.push(pointer.clone());
                        pointed.push(number.to_string());
                    }
                }
                None => {
                    self.covered_ahead.insert(n, pointer.clone());
                    pointed.push(n.to_string());
                }
            }
        }
        if self.seen_squashed.insert(squash(label)) {
            self.seen_labels.push(label.to_string());
        }
        self.warnings.push(Warning {
            line: Some(line),
            question: Some(first_number),
            message: format!(
                "'{label}' answers several questions: its text is kept with question {first_number}, and question{} {} point{} to it, marked answered elsewhere",
                if pointed.len() == 1 { "" } else { "s" },
                pointed.join(", "),
                if pointed.len() == 1 { "s" } else { "" },
            ),
        });
    }

    /// Partners from the labels; statuses; section defaults; appendices.
    fn finish(&mut self) {
        // A few questions out of step are named one by one; a document that
        // numbers all its questions its own way is named once.
        if self.renumbered.len() <= 3 {
            for &(order, n, line) in &self.renumbered {
                self.warnings.push(Warning {
                    line: Some(line),
                    question: Some(order),
                    message: format!(
                        "numbered {n} in the document; it is question {order} in order, and numbers now follow the order"
                    ),
                });
            }
        } else {
            let shown: Vec<String> = self
                .renumbered
                .iter()
                .take(8)
                .map(|(order, n, _)| format!("{n} is {order}"))
                .collect();
            let more = match self.renumbered.len() - shown.len() {
                0 => String::new(),
                k => format!(", and {k} more"),
            };
            self.warnings.push(Warning {
                line: self
                    .renumbered
                    .first()
                    .and_then(|&(_, _, line)| (line > 0).then_some(line)),
                question: None,
                message: format!(
                    "{} questions are numbered otherwise in the document; they are numbered in order now ({}{more})",
                    self.renumbered.len(),
                    shown.join(", ")
                ),
            });
        }
        let mut partners: Vec<PartnerDraft> = Vec::new();
        // Each partner so far by its name and short name, lower-cased.
        let mut so_far: HashMap<String, usize> = HashMap::new();
        let mut names_so_far: std::collections::HashSet<String> = Default::default();
        let known = crate::model::PartnerIndex::new(self.opts.known_partners);
        // Every full name a generic one ("Police") may stand for: the
        // review's partners and every partner the document names.
        let named: Vec<String> = self
            .opts
            .known_partners
            .iter()
            .map(|p| p.name.clone())
            .chain(
                self.draft
                    .sections
                    .iter()
                    .flat_map(|s| &s.questions)
                    .flat_map(|q| &q.responses)
                    .flat_map(|r| r.partners.iter().cloned()),
            )
            .collect();
        let candidates: Vec<&str> = named.iter().map(String::as_str).collect();
        let resolver = synonyms::Resolver::new(&candidates);
        let mut taken_as: HashMap<String, Option<String>> = HashMap::new();
        let mut doubts: Vec<Warning> = Vec::new();
        let mut appendices: Vec<String> = Vec::new();
        let mut appendix_seen: std::collections::HashSet<String> = Default::default();
        for s in &mut self.draft.sections {
            for q in &mut s.questions {
                for label in &q.appendices {
                    if appendix_seen.insert(label.clone()) {
                        appendices.push(label.clone());
                    }
                }
                for r in &mut q.responses {
                    let mut names = Vec::new();
                    for part in &r.partners {
                        let label = r.label.as_deref().unwrap_or_default();
                        let part = match known.pick(part) {
                            Ok(_) => part.as_str(),
                            Err(_) => {
                                let target = taken_as.entry(name_key(part)).or_insert_with(|| {
                                    let (target, several) = resolver.resolve_noting(part);
                                    let line = self.label_lines.get(label).copied();
                                    doubts
                                        .extend(synonym_doubt(part, label, line, target, several));
                                    target.map(str::to_string)
                                });
                                target.as_deref().unwrap_or(part)
                            }
                        };
                        let draft = partner_for(part, &known, &partners, &so_far);
                        let name = draft.name.clone();
                        if names_so_far.insert(draft.name.clone()) {
                            let i = partners.len();
                            so_far.entry(name_key(&draft.name)).or_insert(i);
                            so_far.entry(name_key(&draft.short_name)).or_insert(i);
                            partners.push(draft);
                        }
                        names.push(name);
                    }
                    r.partners = names;
                    r.status = if r.paragraphs.iter().all(|p| p.is_blank()) {
                        Status::NotStarted
                    } else if r.status == Status::AnsweredElsewhere {
                        // A pointer made for a label answering several questions.
                        Status::AnsweredElsewhere
                    } else if self.opts.approved {
                        Status::Approved
                    } else if answered_elsewhere(&r.paragraphs) {
                        Status::AnsweredElsewhere
                    } else {
                        Status::Submitted
                    };
                }
            }
        }
        self.warnings.extend(doubts);
        let answers = self
            .draft
            .sections
            .iter()
            .flat_map(|s| &s.questions)
            .map(|q| q.responses.len())
            .sum::<usize>();
        if answers == 0 {
            self.warnings.push(Warning {
                line: None,
                question: None,
                message: "no answers or response labels were found: the questions are imported with nobody to answer them yet; assign partners to them after the import".into(),
            });
        }
        // One-partner labels the document used become the partners' labels,
        // where they name the partner ("Police Response" taken to be the
        // Constabulary's does not).
        let by_name: HashMap<String, usize> = partners
            .iter()
            .enumerate()
            .rev()
            .map(|(i, p)| (p.name.clone(), i))
            .collect();
        for s in &self.draft.sections {
            for q in &s.questions {
                for r in q.responses.iter().filter(|r| r.partners.len() == 1) {
                    if let (Some(&i), Some(label)) = (by_name.get(&r.partners[0]), &r.label)
                        && partners[i].label.is_none()
                        && parse_label_covering(label).is_none_or(|l| l.3.is_empty())
                        && [&partners[i].name, &partners[i].short_name]
                            .iter()
                            .any(|n| squash(label).contains(&squash(n)))
                    {
                        partners[i].label = Some(label.clone());
                    }
                }
            }
        }
        if self.unlabelled_answers > 0 {
            let n = self.unlabelled_answers;
            let (answers, are, they) = if n == 1 {
                ("1 answer".to_string(), "is", ["names", "it is", "it"])
            } else {
                (format!("{n} answers"), "are", ["name", "they are", "them"])
            };
            // The partner the name was found to be, where it is another name.
            let found = self
                .draft
                .sections
                .iter()
                .flat_map(|s| &s.questions)
                .flat_map(|q| &q.responses)
                .find(|r| r.label.is_none())
                .and_then(|r| r.partners.first());
            let whose = |name: &String| match found {
                Some(f) if !same_name(f, name) => format!("{f}'s (\"{name}\")"),
                _ => format!("{name}'s"),
            };
            let message = match &self.answerer {
                Some((name, Said::Chosen)) => format!(
                    "{answers} printed with no label {are} taken to be {}, as chosen for this import",
                    whose(name)
                ),
                Some((name, Said::Document(words))) => format!(
                    "{answers} printed with no label {are} taken to be {}, as the document says (\"{words}\"); choose another partner if that is wrong",
                    whose(name)
                ),
                None => format!(
                    "{answers} printed with no label {} nobody, so {} kept under a partner called \"{UNATTRIBUTED}\"; choose who gives {} (--answered-by PARTNER, or the choice in the import preview)",
                    they[0], they[1], they[2]
                ),
            };
            self.warnings.insert(
                0,
                Warning {
                    line: self.first_unlabelled,
                    question: None,
                    message,
                },
            );
        }
        unique_short_names(&mut partners);
        for s in &mut self.draft.sections {
            s.default_partners = section_defaults(s);
        }
        if self.draft.title.is_empty() {
            self.draft.title = "Imported review".into();
            self.warnings.push(Warning {
                line: None,
                question: None,
                message: "no title found; the review is called \"Imported review\"".into(),
            });
        }
        self.draft.partners = partners;
        let mut drafts: Vec<AppendixDraft> = Vec::new();
        let listed = self
            .listed_appendices
            .iter()
            .map(|(l, t)| (l.clone(), t.clone()));
        for (label, title) in listed.chain(appendices.into_iter().map(|l| (l, None))) {
            match drafts
                .iter_mut()
                .find(|a| a.label.eq_ignore_ascii_case(&label))
            {
                Some(a) => {
                    if a.title.is_none() {
                        a.title = title;
                    }
                }
                None => drafts.push(AppendixDraft { label, title }),
            }
        }
        self.draft.appendices = drafts;
    }
}

/// The partner an introduction names as answering: "the response from the
/// Chief Constable", "answers provided by Derbyshire Constabulary".
fn named_answerer(text: &str) -> Option<String> {
    const CUES: [&str; 11] = [
        "response from ",
        "responses from ",
        "answers from ",
        "answered by ",
        "provided by ",
        "responded to by ",
        "response of ",
        "responses of ",
        "reply from ",
        "replies from ",
        "on behalf of ",
    ];
    // ASCII lower-casing keeps every byte where it was.
    let lower = text.to_ascii_lowercase();
    let mut best: Option<(usize, String)> = None;
    for cue in CUES {
        let mut from = 0;
        while let Some(at) = lower[from..].find(cue) {
            let start = from + at + cue.len();
            if let Some(name) = name_at(&text[start..])
                && best.as_ref().is_none_or(|(b, _)| start < *b)
            {
                best = Some((start, name));
                break;
            }
            from = start;
        }
    }
    best.map(|(_, name)| name)
}

/// The name an introduction's cue is followed by: capitalised words, with
/// "and", "of", "the" between them, up to a punctuation mark.
fn name_at(rest: &str) -> Option<String> {
    const JOINING: [&str; 5] = ["and", "of", "the", "&", "for"];
    let mut words: Vec<&str> = Vec::new();
    for raw in rest.split_whitespace() {
        let word = raw.trim_end_matches([',', '.', ':', ';', ')', '!', '?']);
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        if !capital && !JOINING.contains(&word.to_lowercase().as_str()) {
            break;
        }
        words.push(word);
        if word.len() < raw.len() || words.len() > 10 {
            break;
        }
    }
    while words
        .first()
        .is_some_and(|w| JOINING.contains(&w.to_lowercase().as_str()))
    {
        words.remove(0);
    }
    while words
        .last()
        .is_some_and(|w| JOINING.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// What the dry run says of a generic partner name ("Police") in a label:
/// which partner it was taken to be, or why it was kept as it stands.
fn synonym_doubt(
    name: &str,
    label: &str,
    line: Option<u32>,
    target: Option<&str>,
    same: Vec<&str>,
) -> Option<Warning> {
    let name = name.trim();
    let message = match target {
        Some(target) => format!("\"{name}\" in the label '{label}' is taken to be {target}"),
        None => {
            if same.len() < 2 {
                return None;
            }
            format!(
                "\"{name}\" in the label '{label}' could be {}; it is kept as a partner of its own, to be put right after the import",
                same.join(" or ")
            )
        }
    };
    Some(Warning {
        line,
        question: None,
        message,
    })
}

/// A label as compared: its words, single-spaced, lower-cased.
pub(super) fn squash(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The partner a label names: one already known if it answers to the name,
/// else a new one with a short name made from it.
fn partner_for(
    name: &str,
    known: &crate::model::PartnerIndex<'_>,
    partners: &[PartnerDraft],
    so_far: &HashMap<String, usize>,
) -> PartnerDraft {
    if let Ok(p) = known.pick(name) {
        return p.into();
    }
    if let Some(&i) = so_far.get(&name_key(name)) {
        return partners[i].clone();
    }
    PartnerDraft {
        name: name.trim().to_string(),
        short_name: short_name_for(name),
        label: None,
        ..PartnerDraft::default()
    }
}

/// "Derbyshire PCC Office" → "PCC"; "Derbyshire Police" → "Police"; "BDC" → "BDC".
fn short_name_for(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() <= 1 {
        return name.trim().to_string();
    }
    if let Some(acronym) = words
        .iter()
        .find(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()))
    {
        return acronym.to_string();
    }
    words.last().map(|w| w.to_string()).unwrap_or_default()
}

fn unique_short_names(partners: &mut [PartnerDraft]) {
    // The names and short names of the partners before this one, by name_key.
    let mut taken: std::collections::HashSet<String> = Default::default();
    for p in partners.iter_mut() {
        if taken.contains(&name_key(&p.short_name)) {
            p.short_name = p.name.clone();
        }
        taken.insert(name_key(&p.short_name));
        taken.insert(name_key(&p.name));
        if p.label.is_none() {
            p.label = Some(default_label(&p.short_name));
        }
    }
}

/// Partners who answer every question of the section on their own.
fn section_defaults(s: &SectionDraft) -> Vec<String> {
    let Some(first) = s.questions.first() else {
        return Vec::new();
    };
    let singles = |q: &QuestionDraft| -> Vec<String> {
        q.responses
            .iter()
            .filter(|r| r.partners.len() == 1)
            .map(|r| r.partners[0].clone())
            .collect()
    };
    singles(first)
        .into_iter()
        .filter(|p| s.questions.iter().all(|q| singles(q).contains(p)))
        .collect()
}

fn answered_elsewhere(paragraphs: &[Paragraph]) -> bool {
    let text = crate::text::plain_words(paragraphs);
    let lower = text.to_lowercase();
    if text.split_whitespace().count() <= 20 && points_elsewhere(&lower) {
        return true;
    }
    text.split_whitespace().count() <= 20
        && [
            "presentation",
            "at the meeting",
            "within the meeting",
            "verbal update",
            "verbally",
        ]
        .iter()
        .any(|m| lower.contains(m))
        && ["refer", "will be", "to follow", "verbal", "see "]
            .iter()
            .any(|m| lower.contains(m))
}

/// "See the response to question 3", "As above", "Please refer to the
/// answer to Q2": an answer given with another question's.
fn points_elsewhere(lower: &str) -> bool {
    let t = lower.trim().trim_end_matches('.').trim();
    if [
        "as above",
        "see above",
        "see previous answer",
        "see previous response",
        "as per the previous answer",
    ]
    .contains(&t)
    {
        return true;
    }
    let t = t
        .trim_start_matches("please ")
        .trim_start_matches("see ")
        .trim_start_matches("refer to ")
        .trim_start_matches("the ");
    let starts = [
        "response to",
        "answer to",
        "reply to",
        "response for",
        "answer for",
        "response at",
        "answer at",
        "answer given at",
        "response given at",
        "answer given to",
        "response given to",
    ];
    starts.iter().any(|s| {
        t.strip_prefix(s).is_some_and(|r| {
            let r = r
                .trim_start()
                .trim_start_matches("question")
                .trim_start_matches('q')
                .trim_start();
            r.starts_with(|c: char| c.is_ascii_digit()) || r.starts_with("above")
        })
    }) || [
        "covered in question",
        "covered under question",
        "covered at question",
        "covered in q",
        "covered under q",
    ]
    .iter()
    .any(|s| t.contains(s))
}

// --- recognising lines ----------------------------------------------------------

/// "1.", "1)", "Q1)", "Q1.", "1,", "Question 1:" → (1, characters up to the text).
pub fn parse_question_number(text: &str) -> Option<(u32, usize)> {
    let first = *text.as_bytes().first()?;
    if !(first.is_ascii_digit() || first == b'Q' || first == b'q') {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let lower: String = text.chars().take(9).collect::<String>().to_lowercase();
    let mut worded = false;
    if lower.starts_with("question") {
        i = 8;
        worded = true;
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
    } else if matches!(chars.first(), Some('Q' | 'q'))
        && chars.get(1).is_some_and(char::is_ascii_digit)
    {
        i = 1;
    }
    let start = i;
    while i < chars.len() && chars[i].is_ascii_digit() && i - start < 4 {
        i += 1;
    }
    if i == start || chars.get(i).is_some_and(char::is_ascii_digit) {
        return None;
    }
    let number: u32 = chars[start..i].iter().collect::<String>().parse().ok()?;
    match chars.get(i) {
        Some('.' | ')' | ':' | ',') => i += 1,
        Some(c) if worded && (c.is_whitespace() || *c == '-' || *c == '–') => {}
        _ => return None,
    }
    // "1.5 million" is not a question number.
    if chars.get(i).is_some_and(|c| !c.is_whitespace()) && !worded {
        return None;
    }
    while i < chars.len()
        && (chars[i].is_whitespace() || (worded && matches!(chars[i], '-' | '–' | ':')))
    {
        i += 1;
    }
    (i < chars.len() && number > 0).then_some((number, i))
}

/// "2.1 How many …", "2.1.1) Of those …" → ("2.1", characters up to the
/// text). The text must start with a capital (or a quotation mark), so
/// "1.5 million people" is not a question.
pub fn parse_dotted_number(text: &str) -> Option<(String, usize)> {
    let mut parts = 0;
    let mut end = 0;
    let bytes = text.as_bytes();
    loop {
        let digits = bytes[end..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 || digits > 3 {
            return None;
        }
        end += digits;
        parts += 1;
        if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
            end += 1;
        } else {
            break;
        }
    }
    if !(2..=4).contains(&parts) {
        return None;
    }
    let number = text[..end].to_string();
    let mut at = end;
    if matches!(bytes.get(at), Some(b'.' | b')')) {
        at += 1;
    }
    let rest = &text[at..];
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len()
        || !trimmed
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“' | '‘' | '\''))
    {
        return None;
    }
    let chars = text[..text.len() - trimmed.len()].chars().count();
    Some((number, chars))
}

/// A part of a question, not a question: "(a) …", "b) …", "i) …", "(iv) …".
fn is_sub_part(text: &str) -> bool {
    let t = text.trim_start();
    let inner = match t.strip_prefix('(') {
        Some(r) => r,
        None => t,
    };
    let Some(close) = inner.find(')') else {
        return false;
    };
    let mark = &inner[..close];
    let roman =
        !mark.is_empty() && mark.len() <= 4 && mark.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
    let letter = mark.len() == 1 && mark.chars().all(|c| c.is_ascii_lowercase());
    (roman || letter) && inner[close + 1..].starts_with(' ')
}

/// A response label at the start of a line: "<Partner> Response" (or
/// "<Partner>’s Response", "<Partner> Comments") with any of " – ", ":" or
/// nothing before the answer, or "Response from <Partner>:" / "Response by
/// <a person>". Returns the label as written, the partner names in it, and
/// where the answer starts.
pub fn parse_label(text: &str) -> Option<(String, Vec<String>, usize)> {
    parse_label_covering(text).map(|(label, partners, chars, _)| (label, partners, chars))
}

/// [`parse_label`], and the questions a label answers at once ("Police
/// Response to Q1 and Q2": 1 and 2), by the document's numbers.
pub fn parse_label_covering(text: &str) -> Option<(String, Vec<String>, usize, Vec<u32>)> {
    // A label sits at the start of its line.
    let head = match text.char_indices().nth(160) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let lower = head.to_lowercase();
    if !lower.contains("response") && !lower.contains("comment") {
        return None;
    }
    if let Some((label, partners, chars)) = leading_label(text) {
        return Some((label, partners, chars, Vec::new()));
    }
    trailing_label(text)
}

/// "to Q1 and Q2", "to questions 3–5", "to Questions 1, 2 & 4" after a
/// label's word: the numbers, and the bytes they take.
fn covered_questions(rest: &str) -> Option<(Vec<u32>, usize)> {
    let lower = rest.to_ascii_lowercase();
    let after_to = lower.strip_prefix(" to ")?;
    let mut at = rest.len() - after_to.len();
    let mut numbers: Vec<u32> = Vec::new();
    let mut range_from: Option<u32> = None;
    let bytes = lower.as_bytes();
    loop {
        // Words between the numbers.
        let skip = lower[at..]
            .find(|c: char| c.is_ascii_digit())
            .filter(|&k| {
                let between = lower[at..at + k].trim();
                let between = between
                    .trim_start_matches("questions")
                    .trim_start_matches("question")
                    .trim_start_matches("qs")
                    .trim_start_matches('q')
                    .trim();
                matches!(between, "" | "," | "and" | "&" | "-" | "–" | "to")
                    || between
                        .strip_prefix(|c: char| matches!(c, ',' | '&' | '-' | '–'))
                        .or_else(|| between.strip_prefix("and"))
                        .or_else(|| between.strip_prefix("to"))
                        .is_some_and(|r| {
                            let r = r.trim();
                            r.is_empty() || r == "q" || r == "question" || r == "questions"
                        })
            })?;
        let between = lower[at..at + skip].trim().to_string();
        let is_range = numbers.last().is_some()
            && (between.starts_with('-') || between.starts_with('–') || between.starts_with("to"));
        at += skip;
        let digits = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let n: u32 = lower[at..at + digits].parse().ok()?;
        at += digits;
        if is_range {
            let from = range_from.take().or(numbers.last().copied())?;
            if n <= from || n - from > 50 {
                return None;
            }
            numbers.extend(from + 1..=n);
        } else {
            numbers.push(n);
        }
        range_from = Some(n);
        // More numbers follow only after a joining word.
        let next = lower[at..].trim_start();
        let joins = [",", "&", "-", "–", "and ", "to "]
            .iter()
            .any(|j| next.starts_with(j))
            && next
                .trim_start_matches([',', '&', '-', '–'])
                .trim_start_matches("and ")
                .trim_start_matches("to ")
                .trim_start()
                .trim_start_matches("questions")
                .trim_start_matches("question")
                .trim_start_matches('q')
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit());
        if !joins {
            break;
        }
    }
    numbers.sort_unstable();
    numbers.dedup();
    (numbers.len() > 1).then_some((numbers, at))
}

/// The words that make a label, and the label's word as it is written
/// back: "Police Response", "Police Comments".
fn label_word(bare: &str) -> Option<&'static str> {
    match bare.to_lowercase().as_str() {
        "response" | "response/s" | "responses" => Some("Response"),
        "comments" | "comment" => Some("Comments"),
        _ => None,
    }
}

/// "Response from Derbyshire Constabulary: …", "Response by Councillor
/// Jane Smith", "Comments from the PCC": the name ends at a separator or
/// at the end of the line.
fn leading_label(text: &str) -> Option<(String, Vec<String>, usize)> {
    let mut words = text.split_whitespace();
    label_word(words.next()?)?;
    let by = words.next()?;
    if !["from", "by"].contains(&by.to_lowercase().as_str()) {
        return None;
    }
    // Where the name ends: a colon, a spaced dash, or the end of the line.
    let ends = [":", " – ", " — ", " - "];
    let cut = ends
        .iter()
        .filter_map(|e| text.find(e).map(|i| (i, e.len())))
        .min();
    let (label, after) = match cut {
        Some((i, len)) => (&text[..i], i + len),
        None => (text, text.len()),
    };
    let label = label.trim();
    let first_two = label
        .split_whitespace()
        .take(2)
        .map(str::len)
        .sum::<usize>()
        + 1;
    let name = label.get(first_two..)?.trim();
    if name.is_empty() || name.split_whitespace().count() > 16 || !is_name_like(name) {
        return None;
    }
    let rest = &text[after..];
    let skip = rest.len() - rest.trim_start().len();
    let chars = text[..after + skip].chars().count();
    Some((label.to_string(), person_or_partners(name), chars))
}

/// "Derbyshire Police Response: …", "Constabulary’s Response", "Police
/// comments – …".
fn trailing_label(text: &str) -> Option<(String, Vec<String>, usize, Vec<u32>)> {
    let mut offset = 0;
    let mut words_seen = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let w = word.trim();
        let bare = w.trim_end_matches([':', '-', '–', '—', '.']);
        if let Some(written) = label_word(bare) {
            let prefix = text[..offset].trim();
            if prefix.is_empty() || !is_name_like(prefix) {
                return None;
            }
            let mut end = offset + word.len();
            // "Police Response to Q1 and Q2": one answer for several.
            let word_end = offset + w.len() + (word.len() - word.trim_start().len());
            if w.len() == bare.len()
                && let Some((covers, used)) = covered_questions(&text[word_end..])
            {
                let label_end = word_end + used;
                let rest = &text[label_end..];
                let trimmed = rest.trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '.')
                });
                let chars = text[..label_end + rest.len() - trimmed.len()]
                    .chars()
                    .count();
                return Some((
                    text[..label_end].trim().to_string(),
                    label_partners(prefix),
                    chars,
                    covers,
                ));
            }
            // Separators between the label and the answer.
            let rest = &text[end..];
            let trimmed = rest.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—')
            });
            let separated =
                w.len() > bare.len() || !rest[..rest.len() - trimmed.len()].trim().is_empty();
            let capital = bare.chars().next().is_some_and(char::is_uppercase);
            // "Police response: 14 officers" needs its separator; with none,
            // what follows must not run on as a sentence ("Police Response
            // times have fallen…", "Partnership Response to Covid-19").
            let runs_on = trimmed.chars().next().is_some_and(char::is_lowercase);
            if (!capital && !separated && !trimmed.is_empty()) || (!separated && runs_on) {
                return None;
            }
            end += rest.len() - trimmed.len();
            let chars = text[..end].chars().count();
            return Some((
                format!("{prefix} {written}"),
                label_partners(prefix),
                chars,
                Vec::new(),
            ));
        }
        words_seen += 1;
        if words_seen > 10 {
            return None;
        }
        offset += word.len();
    }
    None
}

/// The words a label starts with when it names a person, not a partner.
const PERSON_TITLES: [&str; 12] = [
    "councillor",
    "cllr",
    "cllr.",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "inspector",
    "chief inspector",
    "superintendent",
    "chief superintendent",
];

/// Whether a label's name is a person's ("Councillor Jane Smith").
pub(super) fn names_person(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    PERSON_TITLES
        .iter()
        .any(|t| lower.starts_with(&format!("{t} ")))
}

/// The person a label such as "Response by Councillor Jane Smith" names.
fn person_in_label(label: &str) -> Option<&str> {
    let mut words = label.splitn(3, ' ');
    label_word(words.next()?)?;
    words.next()?;
    let name = words.next()?.trim();
    names_person(name).then_some(name)
}

/// A person's label answers for the partner it names beside them
/// ("Councillor Smith (Portfolio Holder, Bolsover District Council)");
/// else it is kept under the name it gives.
fn person_or_partners(name: &str) -> Vec<String> {
    if !names_person(name) {
        return label_partners(name);
    }
    let org = name
        .split(['(', ')', ','])
        .map(str::trim)
        .filter(|part| !part.is_empty() && !names_person(part))
        .rfind(|part| synonyms::kind_of(part).is_some());
    vec![org.unwrap_or(name).to_string()]
}

/// Whether the words before "Response" read as an organisation's name.
fn is_name_like(prefix: &str) -> bool {
    const SMALL: [&str; 8] = ["and", "&", "of", "the", "for", "/", "on", "behalf"];
    if prefix.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    let last = prefix.chars().last();
    if matches!(last, Some('.' | '?' | '!' | ',' | ';')) {
        return false;
    }
    prefix.split_whitespace().all(|w| {
        let w = w.trim_matches(|c: char| c == '/' || c == '(' || c == ')');
        w.is_empty()
            || SMALL.contains(&w.to_lowercase().as_str())
            || w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    })
}

/// "Derbyshire PCC Office/ Derbyshire Police" → both; "Joint A and B" → A, B.
fn label_partners(prefix: &str) -> Vec<String> {
    let prefix = prefix.trim();
    let prefix = prefix
        .strip_prefix("Joint ")
        .or_else(|| prefix.strip_prefix("JOINT "))
        .unwrap_or(prefix);
    // "and" inside one partner's name does not join two partners.
    let mut prefix = prefix.to_string();
    for compound in [
        "police, fire and crime",
        "police and crime",
        "fire and rescue",
        "fire & rescue",
    ] {
        if let Some(at) = prefix.to_lowercase().find(compound)
            && prefix.is_char_boundary(at)
            && prefix.is_char_boundary(at + compound.len())
        {
            let kept = prefix[at..at + compound.len()]
                .replace(" and ", " \u{E000} ")
                .replace(" & ", " \u{E001} ")
                .replace(", ", "\u{E002} ");
            prefix.replace_range(at..at + compound.len(), &kept);
        }
    }
    let mut parts = vec![prefix];
    for sep in ["/", " and ", " & ", ", "] {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
        .into_iter()
        .map(|p| {
            let p = p
                .trim()
                .replace('\u{E000}', "and")
                .replace('\u{E001}', "&")
                .replace('\u{E002}', ",");
            let p = p.as_str();
            // "Constabulary’s Response" is the Constabulary's.
            ["’s", "'s", "s’", "s'"]
                .iter()
                .find_map(|suffix| {
                    p.strip_suffix(suffix).map(|q| match *suffix {
                        "s’" | "s'" => format!("{q}s"),
                        _ => q.to_string(),
                    })
                })
                .unwrap_or_else(|| p.to_string())
        })
        .filter(|p| !p.is_empty())
        .collect()
}

fn is_note(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some('*') => chars.next().is_some_and(|c| !c.is_whitespace()),
        _ => {
            let lower = text.to_lowercase();
            ["note:", "note -", "note –", "n.b.", "nb:", "nb "]
                .iter()
                .any(|p| lower.starts_with(p))
        }
    }
}

fn note_paragraph(block: &Block) -> Paragraph {
    let text = block.text();
    if text.starts_with('*') {
        // "*We note …*" marks a note; the note itself reads in italics.
        let inner = text.trim_start_matches('*').trim_end_matches('*').trim();
        return Paragraph {
            kind: crate::text::ParagraphKind::Normal,
            runs: vec![Run {
                text: inner.to_string(),
                bold: false,
                italic: true,
            }],
        };
    }
    block.paragraph()
}

/// What members say before a question: "Members are aware that …",
/// a quoted concern, "Background: …".
/// Context by its words, or by the style this application's own Word
/// export gives it.
fn is_context_block(b: &Block) -> bool {
    b.style.as_deref() == Some("KloeContext") || is_context(b.text())
}

fn is_context(text: &str) -> bool {
    // Only the opening words matter.
    let lower: String = text.chars().take(40).collect::<String>().to_lowercase();
    let lower = lower
        .strip_prefix("scrutiny ")
        .or_else(|| lower.strip_prefix("committee "))
        .unwrap_or(&lower);
    const SAYING: [&str; 14] = [
        "are ",
        "note",
        "have noted",
        "were ",
        "would ",
        "remain ",
        "welcome",
        "feel ",
        "believe ",
        "understand",
        "recognise",
        "acknowledge",
        "have been ",
        "have asked about",
    ];
    let members = ["members ", "councillors ", "the committee "]
        .iter()
        .find_map(|who| lower.strip_prefix(who))
        .is_some_and(|rest| {
            // "Members were informed that …" reports an answer, in minutes.
            const TOLD: [&str; 5] = [
                "were informed",
                "were told",
                "were advised",
                "were assured",
                "were updated",
            ];
            SAYING.iter().any(|v| rest.starts_with(v)) && !TOLD.iter().any(|t| rest.starts_with(t))
        });
    members
        || ["context:", "background:"]
            .iter()
            .any(|p| lower.starts_with(p))
        || (text.starts_with(['"', '“', '\'', '‘'])
            && text.ends_with(['"', '”', '\'', '’', '.'])
            && text.len() > 20)
}

fn looks_like_heading_line(text: &str) -> bool {
    let words = text.split_whitespace().take(15).count();
    (1..=14).contains(&words)
        && !text.ends_with(['.', '?', '!', ':', ';', ','])
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn is_all_caps(text: &str) -> bool {
    let mut letters = 0;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 3
}

fn strip_heading_number(text: &str) -> String {
    match parse_question_number(text) {
        Some((_, chars)) => text
            .chars()
            .skip(chars)
            .collect::<String>()
            .trim()
            .to_string(),
        None => text.to_string(),
    }
}

/// A run of short lines whose last ends with "Response", starting at `i`:
/// returns the last line's index and the pieces joined.
fn broken_label(blocks: &[&Block], kinds: &[Kind], i: usize) -> Option<(usize, String)> {
    let short = |b: &Block| {
        let t = b.text();
        t.len() <= 60
            && (1..=3).contains(&t.split_whitespace().count())
            && !t.ends_with(['.', '?', '!', ';', ','])
    };
    let mut pieces = Vec::new();
    let mut j = i;
    while j < blocks.len()
        && j - i < 12
        && short(blocks[j])
        && !matches!(kinds[j], Kind::Question { .. } | Kind::Label { .. })
    {
        pieces.push(blocks[j].text().to_string());
        if blocks[j].text().split_whitespace().last() == Some("Response") {
            return (pieces.len() >= 2).then(|| (j, pieces.join(" ")));
        }
        j += 1;
    }
    None
}

/// "Appendix 7.2", "Appendix A" mentioned in a text.
fn appendix_mentions(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    if !text.contains("Appendix") {
        return found;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    for pair in words.windows(2) {
        if pair[0].trim_start_matches(|c: char| !c.is_alphanumeric()) == "Appendix" {
            let id = pair[1].trim_end_matches(|c: char| !c.is_alphanumeric());
            if !id.is_empty()
                && id
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
                && id.len() <= 6
            {
                let label = format!("Appendix {id}");
                if !found.contains(&label) {
                    found.push(label);
                }
            }
        }
    }
    found
}

fn is_appendices_heading(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "appendices" | "appendix" | "list of appendices"
    )
}

/// "Appendix 7.2: Extract from the assessment." → ("Appendix 7.2", title).
fn parse_appendix_line(text: &str) -> Option<(String, Option<String>)> {
    let rest = text.trim().strip_prefix("Appendix ")?;
    let id_end = rest.find([':', ' ', '–', '-']).unwrap_or(rest.len());
    let id = rest[..id_end].trim_end_matches(['.', ',']);
    if id.is_empty()
        || id.len() > 8
        || !id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
    {
        return None;
    }
    let title = rest[id_end..]
        .trim_start_matches([':', ' ', '–', '-'])
        .trim()
        .trim_end_matches('.')
        .trim();
    if title.split_whitespace().count() > 25 {
        return None;
    }
    Some((
        format!("Appendix {id}"),
        (!title.is_empty()).then(|| title.to_string()),
    ))
}

/// For each block, whether the next question or heading after it is a
/// question: one pass from the end.
fn questions_ahead(kinds: &[Kind]) -> Vec<bool> {
    let mut ahead = vec![false; kinds.len() + 1];
    for i in (0..kinds.len()).rev() {
        ahead[i] = match kinds.get(i + 1) {
            Some(Kind::Question { .. }) => true,
            Some(Kind::Heading) => false,
            _ => ahead[i + 1],
        };
    }
    ahead
}

/// Whether the heading at `i` has a question before the next heading.
fn heads_questions(ahead: &[bool], i: usize) -> bool {
    ahead.get(i).copied().unwrap_or(false)
}

/// For each block, whether a question follows once a run of context (and
/// bullets within it) is passed.
fn question_after_context(blocks: &[&Block], kinds: &[Kind]) -> Vec<bool> {
    let mut after = vec![false; blocks.len() + 1];
    for i in (0..blocks.len()).rev() {
        after[i] = match &kinds[i] {
            Kind::Question { .. } => true,
            Kind::Text if is_context_block(blocks[i]) || blocks[i].bullet => after[i + 1],
            _ => false,
        };
    }
    after
}

/// A date at the end of a title line: "Key Lines of Enquiry – 3 March 2020".
fn trailing_date(text: &str) -> Option<NaiveDate> {
    text.char_indices()
        .filter(|(_, c)| matches!(c, '–' | '-' | ',' | ':'))
        .find_map(|(i, c)| parse_date_line(text[i + c.len_utf8()..].trim()))
        .or_else(|| {
            // "… Committee held on 14 March 2024"
            let lower = text.to_ascii_lowercase();
            let at = lower.rfind(" held on ")? + " held on ".len();
            parse_date_line(text[at..].trim())
        })
}

/// A line that is just a date: "18th March 2019", "3 March 2020",
/// "Date of meeting: 14/02/2022", "Tuesday 14 February 2023".
pub fn parse_date_line(text: &str) -> Option<NaiveDate> {
    if text.len() > 80 || !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut t = text.trim().trim_end_matches('.').to_string();
    let lower = t.to_lowercase();
    for prefix in [
        "date of meeting",
        "meeting date",
        "date of the meeting",
        "meeting held on",
        "meeting",
        "date",
    ] {
        if lower.starts_with(prefix) {
            t = t[prefix.len()..]
                .trim_start_matches([':', '-', '–', ' '])
                .trim()
                .to_string();
            break;
        }
    }
    if t.split_whitespace().count() > 5 {
        return None;
    }
    let cleaned: String = t.replace(',', " ");
    let mut words: Vec<String> = cleaned.split_whitespace().map(str::to_string).collect();
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    if words
        .first()
        .is_some_and(|w| DAYS.contains(&w.to_lowercase().as_str()))
    {
        words.remove(0);
    }
    if words.len() == 1 {
        let parts: Vec<&str> = words[0].split(['/', '.', '-']).collect();
        if parts.len() == 3 {
            let (d, m, y) = (
                parts[0].parse().ok()?,
                parts[1].parse().ok()?,
                parts[2].parse::<i32>().ok()?,
            );
            let y = if y < 100 { 2000 + y } else { y };
            // British order: day, month, year; ISO when the year leads.
            return if parts[0].len() == 4 {
                NaiveDate::from_ymd_opt(
                    parts[0].parse().ok()?,
                    parts[1].parse().ok()?,
                    parts[2].parse().ok()?,
                )
            } else {
                NaiveDate::from_ymd_opt(y, m, d)
            };
        }
        return None;
    }
    if words.len() != 3 {
        return None;
    }
    let day: u32 = words[0]
        .trim_end_matches(|c: char| c.is_alphabetic())
        .parse()
        .ok()?;
    let month = month_number(&words[1])?;
    let year: i32 = words[2].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.to_lowercase();
    MONTHS
        .iter()
        .position(|m| {
            *m == w || (w.len() >= 3 && m.starts_with(&w) && (w.len() == 3 || w == "sept"))
        })
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn question_numbers_in_every_style() {
        for (text, n) in [
            ("1. What funding?", 1),
            ("12) What funding?", 12),
            ("Q3) What?", 3),
            ("Q4. What?", 4),
            ("5, What?", 5),
            ("Question 6: What?", 6),
            ("Question 7 – What?", 7),
        ] {
            assert_eq!(parse_question_number(text).map(|q| q.0), Some(n), "{text}");
        }
        for text in [
            "1.5 million was spent",
            "2019 was a year",
            "Questions remain",
            "1.",
        ] {
            assert_eq!(parse_question_number(text), None, "{text}");
        }
    }

    #[test]
    fn labels_in_every_style() {
        let cases = [
            (
                "BDC Response £25,000 from",
                "BDC Response",
                vec!["BDC"],
                "£25,000 from",
            ),
            (
                "Derbyshire Police Response: The North",
                "Derbyshire Police Response",
                vec!["Derbyshire Police"],
                "The North",
            ),
            (
                "Council Response – Yes.",
                "Council Response",
                vec!["Council"],
                "Yes.",
            ),
            (
                "Derbyshire PCC Office/ Derbyshire Police Response Please refer",
                "Derbyshire PCC Office/ Derbyshire Police Response",
                vec!["Derbyshire PCC Office", "Derbyshire Police"],
                "Please refer",
            ),
            (
                "Joint Police and Fire Response",
                "Joint Police and Fire Response",
                vec!["Police", "Fire"],
                "",
            ),
        ];
        for (text, label, partners, rest) in cases {
            let (l, p, chars) = parse_label(text).expect(text);
            assert_eq!(l, label);
            assert_eq!(p, partners);
            assert_eq!(text.chars().skip(chars).collect::<String>(), rest);
        }
        let more = [
            (
                "Constabulary’s Response: Patrols doubled.",
                "Constabulary’s Response",
                vec!["Constabulary"],
                "Patrols doubled.",
            ),
            (
                "Partners' Response",
                "Partners' Response",
                vec!["Partners"],
                "",
            ),
            (
                "Response from Derbyshire Constabulary: 14 officers.",
                "Response from Derbyshire Constabulary",
                vec!["Derbyshire Constabulary"],
                "14 officers.",
            ),
            (
                "Response by the Police and Crime Commissioner",
                "Response by the Police and Crime Commissioner",
                vec!["the Police and Crime Commissioner"],
                "",
            ),
            (
                "Response by Councillor Jane Smith (Portfolio Holder, Bolsover District Council): Agreed.",
                "Response by Councillor Jane Smith (Portfolio Holder, Bolsover District Council)",
                vec!["Bolsover District Council"],
                "Agreed.",
            ),
            (
                "Response by Cllr Smith – Agreed.",
                "Response by Cllr Smith",
                vec!["Cllr Smith"],
                "Agreed.",
            ),
            (
                "Police comments: none.",
                "Police Comments",
                vec!["Police"],
                "none.",
            ),
            (
                "Fire and Rescue Service Comments",
                "Fire and Rescue Service Comments",
                vec!["Fire and Rescue Service"],
                "",
            ),
        ];
        let joint = parse_label("Joint Police and Crime Commissioner and Council Response")
            .expect("a label");
        assert_eq!(joint.1, ["Police and Crime Commissioner", "Council"]);
        let joint = parse_label("Joint Police and Council Response").expect("a label");
        assert_eq!(joint.1, ["Police", "Council"]);
        for (text, label, partners, rest) in more {
            let (l, p, chars) = parse_label(text).expect(text);
            assert_eq!(l, label);
            assert_eq!(p, partners, "{text}");
            assert_eq!(text.chars().skip(chars).collect::<String>(), rest);
        }
        let covering = |t: &str| parse_label_covering(t).map(|l| (l.0, l.3));
        assert_eq!(
            covering("Constabulary Response to Q1 and Q2: Figures follow."),
            Some(("Constabulary Response to Q1 and Q2".into(), vec![1, 2]))
        );
        assert_eq!(
            covering("Council Response to Questions 3–5"),
            Some(("Council Response to Questions 3–5".into(), vec![3, 4, 5]))
        );
        assert_eq!(
            covering("Police Response to questions 1, 2 & 4 – Agreed."),
            Some((
                "Police Response to questions 1, 2 & 4".into(),
                vec![1, 2, 4]
            ))
        );
        assert_eq!(
            covering("Police Response to Q1"),
            None,
            "one question is no label"
        );
        assert_eq!(
            covering("Police Response to Q1 and Q1"),
            None,
            "nor is one twice"
        );
        assert_eq!(covering("Partnership Response to Covid-19"), None);
        assert_eq!(
            covering("Police Response to Questions 1 to 900"),
            None,
            "an absurd range"
        );
        assert_eq!(parse_label("Members comments were noted."), None);
        assert_eq!(parse_label("Response from residents has been good."), None);
        assert_eq!(parse_label("Responses from the survey: 40% agreed"), None);
        assert_eq!(parse_label("In response to the question"), None);
        assert_eq!(
            parse_label("Police Response times have fallen to 9 minutes."),
            None
        );
        assert_eq!(
            parse_label("Community Safety Partnership Response to Covid-19"),
            None
        );
        assert_eq!(
            parse_label("5. Police Response Times – how have they changed?"),
            None
        );
        assert_eq!(
            parse_label("Police response: 14 officers.").map(|l| l.0),
            Some("Police Response".into())
        );
        assert_eq!(
            parse_label("We thank members. Response times have improved"),
            None
        );
    }

    #[test]
    fn numbers_within_sections_and_parts_of_questions() {
        assert_eq!(
            parse_dotted_number("2.1 How many?"),
            Some(("2.1".into(), 4))
        );
        assert_eq!(
            parse_dotted_number("2.1.1) Of those?"),
            Some(("2.1.1".into(), 7))
        );
        assert_eq!(parse_dotted_number("1.5 million people"), None);
        assert_eq!(parse_dotted_number("2.1"), None);
        assert_eq!(parse_dotted_number("12"), None);
        assert_eq!(parse_dotted_number("1.2.3.4.5 Five levels"), None);
        for part in ["(a) Warnings", "b) Orders", "i) town", "(iv) parks"] {
            assert!(is_sub_part(part), "{part}");
        }
        for not in ["(Police) said", "a)b", "Ireland) x", "(abc) x"] {
            assert!(!is_sub_part(not), "{not}");
        }
    }

    #[test]
    fn meeting_dates() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_date_line("18th March 2019"), d(2019, 3, 18));
        assert_eq!(parse_date_line("3 March 2020"), d(2020, 3, 3));
        assert_eq!(
            parse_date_line("Date of meeting: 14/02/2022"),
            d(2022, 2, 14)
        );
        assert_eq!(parse_date_line("Tuesday 7 Feb 2023"), d(2023, 2, 7));
        assert_eq!(
            parse_date_line("Members met in March 2019 to agree this"),
            None
        );
    }

    #[test]
    fn short_names() {
        assert_eq!(short_name_for("Derbyshire PCC Office"), "PCC");
        assert_eq!(short_name_for("Derbyshire Police"), "Police");
        assert_eq!(short_name_for("BDC"), "BDC");
    }
}
