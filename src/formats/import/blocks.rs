//! The paragraphs of a source document, whatever its format, with the
//! little that formatting tells us about them.

use crate::text::{Paragraph, ParagraphKind, Run};

/// One paragraph of the source.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Block {
    pub runs: Vec<Run>,
    /// Word's paragraph style id.
    pub style: Option<String>,
    /// A heading by its style or mark-up: 0 for the top level.
    pub heading: Option<u8>,
    /// Word's Title or Subtitle style.
    pub title_style: bool,
    /// The number Word's automatic numbering shows before it (decimal lists).
    pub auto_number: Option<u32>,
    /// A bullet item (automatic bullets, or "- ", "• " in text).
    pub bullet: bool,
    /// An item of a lettered or nested list whose marker is in its text:
    /// never a question, whatever its number.
    pub list_item: bool,
    /// The table cell it sits in: (table, row, column).
    pub cell: Option<(usize, usize, usize)>,
    /// The tag of the content control it sits in, if any.
    pub control: Option<String>,
    /// Hidden text in it that names a box of this application's Word form
    /// ("[kloe:…]"), if any.
    pub marker: Option<String>,
    /// Where it starts in the source: its line in a text or Markdown file,
    /// its paragraph in a Word document (from 1; 0 when not known).
    pub line: u32,
    /// `text()`, worked out once.
    pub(crate) cached_text: std::cell::OnceCell<String>,
}

/// A Word paragraph holding a question and its label on lines of their
/// own (split by a manual line break) is read as separate paragraphs, one
/// from each line that starts a label or a question.
pub fn split_at_breaks(blocks: Vec<Block>) -> Vec<Block> {
    use super::structure::{parse_label, parse_question_number};
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        if !b.runs.iter().any(|r| r.text.contains('\n')) {
            out.push(b);
            continue;
        }
        // The runs of each line.
        let mut lines: Vec<Vec<Run>> = vec![Vec::new()];
        for r in &b.runs {
            for (k, piece) in r.text.split('\n').enumerate() {
                if k > 0 {
                    lines.push(Vec::new());
                }
                if !piece.is_empty()
                    && let Some(line) = lines.last_mut()
                {
                    line.push(Run {
                        text: piece.to_string(),
                        ..r.clone()
                    });
                }
            }
        }
        let text_of = |runs: &[Run]| -> String {
            runs.iter()
                .map(|r| r.text.as_str())
                .collect::<String>()
                .trim()
                .to_string()
        };
        let starts = |runs: &[Run]| {
            let t = text_of(runs);
            parse_label(&t).is_some() || parse_question_number(&t).is_some()
        };
        if !lines.iter().skip(1).any(|l| starts(l)) {
            out.push(b);
            continue;
        }
        // Lines join the one before unless they start something.
        let mut parts: Vec<Vec<Run>> = Vec::new();
        for (k, line) in lines.into_iter().enumerate() {
            match parts.last_mut() {
                Some(last) if k > 0 && !starts(&line) => {
                    last.push(Run::plain("\n"));
                    last.extend(line);
                }
                _ => parts.push(line),
            }
        }
        for (k, runs) in parts.into_iter().enumerate() {
            let piece = Block {
                runs,
                // What Word showed before the paragraph belongs to its first line.
                auto_number: if k == 0 { b.auto_number } else { None },
                heading: if k == 0 { b.heading } else { None },
                title_style: k == 0 && b.title_style,
                ..b.clone()
            };
            let piece = Block {
                cached_text: std::cell::OnceCell::new(),
                ..piece
            };
            if !piece.is_blank() {
                out.push(piece);
            }
        }
    }
    out
}

impl Block {
    pub fn plain(text: &str) -> Block {
        Block {
            runs: vec![Run::plain(text)],
            ..Block::default()
        }
    }

    /// The words without formatting, trimmed.
    pub fn text(&self) -> &str {
        self.cached_text.get_or_init(|| {
            let s: String = self.runs.iter().map(|r| r.text.as_str()).collect();
            s.trim().to_string()
        })
    }

    pub fn is_blank(&self) -> bool {
        self.runs.iter().all(|r| r.text.trim().is_empty())
    }

    /// The block as a paragraph of the review, trimmed, formatting kept.
    pub fn paragraph(&self) -> Paragraph {
        paragraph_from_runs(&self.runs, self.bullet)
    }

    /// The paragraph that remains after the first `chars` characters of
    /// the plain text (as in `text()`), formatting kept.
    pub fn paragraph_after(&self, chars: usize) -> Paragraph {
        let mut skip = chars + leading_space(&self.runs);
        let mut runs = Vec::new();
        for r in &self.runs {
            let n = r.text.chars().count();
            if skip >= n {
                skip -= n;
                continue;
            }
            let text: String = r.text.chars().skip(skip).collect();
            skip = 0;
            runs.push(Run { text, ..r.clone() });
        }
        paragraph_from_runs(&runs, self.bullet)
    }
}

fn leading_space(runs: &[Run]) -> usize {
    let mut n = 0;
    for r in runs {
        let ws = r.text.chars().take_while(|c| c.is_whitespace()).count();
        n += ws;
        if ws < r.text.chars().count() {
            break;
        }
    }
    n
}

fn paragraph_from_runs(runs: &[Run], bullet: bool) -> Paragraph {
    let mut runs: Vec<Run> = runs
        .iter()
        .filter(|r| !r.text.is_empty())
        .cloned()
        .collect();
    // Trim the paragraph's outer whitespace, keeping inner spacing.
    while let Some(first) = runs.first_mut() {
        let t = first.text.trim_start().to_string();
        if t.is_empty() {
            runs.remove(0);
        } else {
            first.text = t;
            break;
        }
    }
    while let Some(last) = runs.last_mut() {
        let t = last.text.trim_end().to_string();
        if t.is_empty() {
            runs.pop();
        } else {
            last.text = t;
            break;
        }
    }
    let kind = if bullet {
        ParagraphKind::Bullet
    } else {
        ParagraphKind::Normal
    };
    Paragraph::from_runs(kind, runs)
}

/// Plain text: one block per non-blank line; "- ", "• " and "* " start
/// bullet items.
pub fn from_text(text: &str) -> Vec<Block> {
    text.lines()
        .zip(1u32..)
        .filter(|(l, _)| !l.trim().is_empty())
        .map(|(line, number)| {
            let line = crate::text::without_controls(line);
            let t = line.trim();
            let block = match t
                .strip_prefix("• ")
                .or_else(|| t.strip_prefix("- "))
                .or_else(|| t.strip_prefix("* "))
            {
                Some(rest) => Block {
                    runs: vec![Run::plain(rest)],
                    bullet: true,
                    ..Block::default()
                },
                None => Block::plain(t),
            };
            Block {
                line: number,
                ..block
            }
        })
        .collect()
}

/// Markdown: "#" headings, emphasis, bullet items; a paragraph may wrap
/// over several lines and ends at a blank line.
pub fn from_markdown(text: &str) -> Vec<Block> {
    let text = crate::text::without_controls(text);
    let text = text.as_ref();
    let mut blocks: Vec<Block> = Vec::new();
    let mut pending: Vec<&str> = Vec::new();
    // The line each block starts on: the first pending line's, or this one's.
    let mut pending_from = 0u32;
    let flush = |pending: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !pending.is_empty() {
            let joined = pending.join(" ");
            blocks.push(Block {
                runs: Paragraph::parse(&joined).runs,
                ..Block::default()
            });
            pending.clear();
        }
    };
    for (line, number) in text.lines().zip(1u32..) {
        let made = blocks.len();
        if pending.is_empty() {
            pending_from = number;
        }
        let started = pending_from;
        markdown_line(line, &mut pending, &mut blocks, &flush);
        // A flushed paragraph began where its first line did; a heading or
        // bullet pushed by this line begins here.
        for (i, b) in blocks.iter_mut().enumerate().skip(made) {
            b.line = if i == made && b.heading.is_none() && !b.bullet {
                started
            } else {
                number
            };
        }
        // A numbered item began a paragraph of its own on this line.
        if pending.len() == 1 && ordered_item(line.trim()) {
            pending_from = number;
        }
    }
    flush(&mut pending, &mut blocks);
    if let Some(last) = blocks.last_mut().filter(|b| b.line == 0) {
        last.line = pending_from;
    }
    blocks
}

/// One line of Markdown: a heading, a bullet, a line of the paragraph
/// being gathered, or a blank that ends it.
fn markdown_line<'t>(
    line: &'t str,
    pending: &mut Vec<&'t str>,
    blocks: &mut Vec<Block>,
    flush: &impl Fn(&mut Vec<&'t str>, &mut Vec<Block>),
) {
    {
        let t = line.trim();
        if t.is_empty() {
            flush(pending, blocks);
            return;
        }
        let hashes = t.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            flush(pending, blocks);
            blocks.push(Block {
                runs: Paragraph::parse(t[hashes..].trim()).runs,
                heading: Some((hashes - 1) as u8),
                ..Block::default()
            });
            return;
        }
        if let Some(rest) = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .or_else(|| t.strip_prefix("+ "))
        {
            flush(pending, blocks);
            blocks.push(Block {
                runs: Paragraph::parse(rest).runs,
                bullet: true,
                ..Block::default()
            });
            return;
        }
        // A numbered item ("2. ", "3) ") starts a paragraph of its own, as
        // in a list written one item a line; its wrapped lines join it.
        if ordered_item(t) {
            flush(pending, blocks);
        }
        // A hard line break ("\" or two spaces at the end) keeps the line.
        pending.push(t.trim_end_matches('\\'));
        if line.ends_with("  ") || line.ends_with('\\') {
            flush(pending, blocks);
        }
    }
}

/// Whether a line begins a numbered list item: one to nine digits (as
/// Markdown allows), then "." or ")" and a space.
fn ordered_item(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (1..=9).contains(&digits)
        && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_numbered_items_one_a_line_are_paragraphs_of_their_own() {
        let blocks = from_markdown(
            "1. That the police publish a plan.\n2) That the council\nreports each quarter.\n1000. A thousandth.\n2019 was a year.",
        );
        let texts: Vec<&str> = blocks.iter().map(Block::text).collect();
        assert_eq!(
            texts,
            [
                "1. That the police publish a plan.",
                "2) That the council reports each quarter.",
                "1000. A thousandth. 2019 was a year."
            ]
        );
        assert_eq!(blocks[1].line, 2);
    }

    #[test]
    fn text_after_a_prefix_keeps_formatting() {
        let b = Block {
            runs: vec![
                Run {
                    text: "  BDC Response".into(),
                    bold: true,
                    italic: false,
                },
                Run::plain(" £25,000 "),
                Run {
                    text: "only".into(),
                    bold: false,
                    italic: true,
                },
            ],
            ..Block::default()
        };
        assert_eq!(b.text(), "BDC Response £25,000 only");
        assert_eq!(
            b.paragraph_after("BDC Response".len()).to_markdown(),
            "£25,000 *only*"
        );
    }

    #[test]
    fn markdown_headings_bullets_and_wrapped_paragraphs() {
        let blocks = from_markdown("# Title\n\nSome **bold**\ntext here.\n\n- item\n## Funding\n");
        assert_eq!(blocks.len(), 4);
        assert_eq!(blocks[0].heading, Some(0));
        assert_eq!(
            blocks[1].paragraph().to_markdown(),
            "Some **bold** text here."
        );
        assert!(blocks[2].bullet);
        assert_eq!(blocks[3].heading, Some(1));
    }
}
