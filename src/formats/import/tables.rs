//! Questions sent as a table: a row per question with the answers beside
//! it, a column per partner, a section per table or per merged row. Such
//! a table is unfolded into the paragraphs a paper would have printed (a
//! numbered question, then each partner's label and answer), so the rest
//! of the reader treats it like any other paper. Tables that are not
//! question tables (a label beside its answer, a table inside an answer)
//! are left as they are.

use std::collections::BTreeMap;

use super::SourceFormat;
use super::blocks::Block;
use super::structure::{Warning, parse_dotted_number, parse_label, parse_question_number};
use super::synonyms;
use crate::text::Run;

/// What a column of a question table holds.
#[derive(Debug, Clone, PartialEq)]
enum Column {
    /// "No.", "Ref": the question's number.
    Number,
    /// The question itself.
    Question,
    /// "Theme", "Section": the section the question belongs to.
    Section,
    /// One partner's answers, under this label.
    Partner(String),
    /// Answers with no partner named ("Response", "Answer").
    Answer,
    /// Anything else ("Lead officer", "RAG"): kept as a note of the question.
    Other(String),
}

/// The document's blocks with every question table unfolded, and a doubt
/// for each table so read.
/// `format` names a place in the source ("paragraph 4", "page 2").
pub fn unfold(blocks: Vec<Block>, format: SourceFormat) -> (Vec<Block>, Vec<Warning>) {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut doubts = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let Some((table, _, _)) = blocks[i].cell else {
            out.push(blocks[i].clone());
            i += 1;
            continue;
        };
        let end = (i..blocks.len())
            .find(|&j| blocks[j].cell.is_none_or(|c| c.0 != table))
            .unwrap_or(blocks.len());
        match unfold_table(&blocks[i..end], format) {
            Some((unfolded, message)) => {
                // About the table's first row read (its headings are not
                // paragraphs of the review).
                let line = unfolded
                    .iter()
                    .map(|b| b.line)
                    .find(|&l| l > 0)
                    .unwrap_or(0);
                out.extend(unfolded);
                doubts.push(Warning {
                    line: (line > 0).then_some(line),
                    question: None,
                    message,
                });
            }
            None => out.extend(blocks[i..end].iter().cloned()),
        }
        i = end;
    }
    (out, doubts)
}

/// The cells of one table: row → column → its blocks.
type Cells<'a> = BTreeMap<usize, BTreeMap<usize, Vec<&'a Block>>>;

fn unfold_table(blocks: &[Block], format: SourceFormat) -> Option<(Vec<Block>, String)> {
    let mut cells: Cells = BTreeMap::new();
    for b in blocks {
        let (_, row, col) = b.cell?;
        cells
            .entry(row)
            .or_default()
            .entry(col)
            .or_default()
            .push(b);
    }
    let (&first_row, header) = cells.iter().next()?;
    let width = header.keys().copied().max()?;
    let mut columns: BTreeMap<usize, Column> = header
        .keys()
        .map(|&c| (c, column_of(&cell_text(header, c))))
        .collect();
    let mut body_from = first_row + 1;
    if !columns.values().any(|c| *c == Column::Question) {
        // No header: a row per question, the question ending in "?" in the
        // first column (or the second, after a number).
        columns = headerless(&cells, width)?;
        body_from = first_row;
    }
    if !columns
        .values()
        .any(|c| matches!(c, Column::Partner(_) | Column::Answer))
        && width < 2
    {
        return None;
    }
    let mut out = Vec::new();
    let mut questions = 0;
    let mut section = String::new();
    for (_, row) in cells.range(body_from..) {
        let filled: Vec<usize> = row
            .keys()
            .copied()
            .filter(|&c| !cell_text(row, c).is_empty())
            .collect();
        // A row of one cell across the table (merged) heads a section.
        if row.len() == 1 && width > 1 && filled.len() == 1 {
            let title = cell_text(row, filled[0]);
            out.push(heading(&title));
            continue;
        }
        let question_col = columns.iter().find(|(_, c)| **c == Column::Question)?.0;
        let Some(question) = row.get(question_col).filter(|bs| !bs.is_empty()) else {
            // A row with no question: its words stay, as paragraphs.
            for bs in row.values() {
                out.extend(bs.iter().map(|b| uncelled(b)));
            }
            continue;
        };
        for (col, kind) in &columns {
            if *kind == Column::Section {
                let title = cell_text(row, *col);
                if !title.is_empty() && title != section {
                    out.push(heading(&title));
                    section = title;
                }
            }
        }
        questions += 1;
        let number = columns
            .iter()
            .find(|(_, c)| **c == Column::Number)
            .and_then(|(col, _)| {
                let t = cell_text(row, *col);
                let digits: String = t
                    .trim_start_matches(['Q', 'q'])
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse::<u32>().ok()
            })
            .unwrap_or(questions);
        for (k, b) in question.iter().enumerate() {
            let mut q = uncelled(b);
            if k == 0 {
                // The question's own number, if its text carries one, is
                // the number; the table's number column otherwise.
                if parse_question_number(q.text()).is_none()
                    && parse_dotted_number(q.text()).is_none()
                {
                    q.auto_number = Some(number);
                }
            }
            out.push(q);
        }
        for (col, kind) in &columns {
            let answer = row.get(col).map(Vec::as_slice).unwrap_or_default();
            match kind {
                Column::Partner(label) => {
                    out.push(Block::plain(label));
                    out.extend(answer.iter().map(|b| uncelled(b)));
                }
                Column::Answer => out.extend(answer.iter().map(|b| uncelled(b))),
                Column::Other(name) => {
                    let text = cell_text(row, *col);
                    if !text.is_empty() {
                        let mut note = Block::plain(&format!("{name}: {text}"));
                        note.style = Some("KloeNote".into());
                        note.line = answer.first().map_or(0, |b| b.line);
                        out.push(note);
                    }
                }
                Column::Number | Column::Question | Column::Section => {}
            }
        }
    }
    if questions == 0 {
        return None;
    }
    let names: Vec<String> = columns
        .values()
        .map(|c| match c {
            Column::Number => "number".to_string(),
            Column::Question => "question".to_string(),
            Column::Section => "section".to_string(),
            Column::Partner(label) => format!("'{label}'"),
            Column::Answer => "answer".to_string(),
            Column::Other(name) => format!("'{name}' (kept as a note)"),
        })
        .collect();
    let line = blocks.first().map_or(0, |b| b.line);
    Some((
        out,
        format!(
            "the table at {} was read as {questions} question{}, a row each, its columns being: {}",
            format.place(line),
            if questions == 1 { "" } else { "s" },
            names.join(", ")
        ),
    ))
}

/// A table with no header row whose rows are questions and answers: the
/// question in the first column (or the second, after numbers), answers
/// beside it.
fn headerless(cells: &Cells<'_>, width: usize) -> Option<BTreeMap<usize, Column>> {
    if width < 1 {
        return None;
    }
    let numbered = cells.values().all(|row| {
        let t = cell_text(row, 0);
        !t.is_empty()
            && t.trim_start_matches(['Q', 'q'])
                .trim_end_matches(['.', ')'])
                .parse::<u32>()
                .is_ok()
    });
    let question = if numbered { 1 } else { 0 };
    if question >= width {
        return None;
    }
    let asks = cells
        .values()
        .filter(|row| cell_text(row, question).trim_end().ends_with('?'))
        .count();
    if asks * 2 < cells.len() || asks == 0 {
        return None;
    }
    let mut columns = BTreeMap::new();
    if numbered {
        columns.insert(0, Column::Number);
    }
    columns.insert(question, Column::Question);
    for c in question + 1..=width {
        columns.insert(c, Column::Answer);
    }
    Some(columns)
}

/// A cell's words, its paragraphs joined by spaces ("" for none).
fn cell_text(row: &BTreeMap<usize, Vec<&Block>>, col: usize) -> String {
    row.get(&col)
        .map(|bs| bs.iter().map(|b| b.text()).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// What a header cell says its column holds.
fn column_of(header: &str) -> Column {
    let h = header.trim().trim_end_matches(':').trim();
    let lower = h.to_lowercase();
    let bare = lower.trim_end_matches('.');
    if [
        "no",
        "number",
        "ref",
        "reference",
        "#",
        "q",
        "item",
        "qno",
        "q no",
    ]
    .contains(&bare)
    {
        return Column::Number;
    }
    if ["theme", "section", "topic", "area", "priority", "heading"].contains(&bare) {
        return Column::Section;
    }
    if lower.contains("question") || lower.contains("enquiry") || lower == "kloe" {
        return Column::Question;
    }
    if [
        "response",
        "responses",
        "answer",
        "answers",
        "reply",
        "comments",
        "comment",
    ]
    .contains(&bare)
    {
        return Column::Answer;
    }
    if parse_label(h).is_some() {
        return Column::Partner(h.to_string());
    }
    if synonyms::kind_of(h).is_some() || synonyms::generic(h).is_some() {
        return Column::Partner(format!("{h} Response"));
    }
    Column::Other(h.to_string())
}

/// A cell's paragraph as a paragraph of the paper.
fn uncelled(b: &Block) -> Block {
    Block {
        cell: None,
        cached_text: std::cell::OnceCell::new(),
        ..b.clone()
    }
}

/// A section heading made from a table's merged row or section column.
fn heading(title: &str) -> Block {
    Block {
        runs: vec![Run::plain(title)],
        heading: Some(0),
        ..Block::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_say_what_their_columns_hold() {
        assert_eq!(column_of("No."), Column::Number);
        assert_eq!(column_of("Key line of enquiry"), Column::Question);
        assert_eq!(column_of("Theme"), Column::Section);
        assert_eq!(column_of("Response"), Column::Answer);
        assert_eq!(
            column_of("Council Response"),
            Column::Partner("Council Response".into())
        );
        assert_eq!(
            column_of("Derbyshire Constabulary"),
            Column::Partner("Derbyshire Constabulary Response".into())
        );
        assert_eq!(column_of("RAG"), Column::Other("RAG".into()));
    }

    #[test]
    fn a_table_that_is_not_of_questions_is_left_as_it_is() {
        let cell = |row, col, text: &str| Block {
            cell: Some((1, row, col)),
            ..Block::plain(text)
        };
        // A label beside its answer.
        let labels = vec![
            cell(1, 1, "Council Response"),
            cell(1, 2, "Yes."),
            cell(2, 1, "Police Response"),
            cell(2, 2, "No."),
        ];
        let seen = |bs: &[Block]| -> Vec<String> {
            bs.iter()
                .map(|b| format!("{} {:?}", b.text(), b.cell))
                .collect()
        };
        let (out, doubts) = unfold(labels.clone(), SourceFormat::Docx);
        assert_eq!(seen(&out), seen(&labels));
        assert!(doubts.is_empty());
        // A header and no rows.
        let empty = vec![cell(1, 1, "Question"), cell(1, 2, "Response")];
        assert_eq!(
            seen(&unfold(empty.clone(), SourceFormat::Docx).0),
            seen(&empty)
        );
    }
}
