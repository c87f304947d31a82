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
    /// `text()`, worked out once.
    pub(crate) cached_text: std::cell::OnceCell<String>,
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
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let t = line.trim();
            match t
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
            }
        })
        .collect()
}

/// Markdown: "#" headings, emphasis, bullet items; a paragraph may wrap
/// over several lines and ends at a blank line.
pub fn from_markdown(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut pending: Vec<&str> = Vec::new();
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
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            flush(&mut pending, &mut blocks);
            continue;
        }
        let hashes = t.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            flush(&mut pending, &mut blocks);
            blocks.push(Block {
                runs: Paragraph::parse(t[hashes..].trim()).runs,
                heading: Some((hashes - 1) as u8),
                ..Block::default()
            });
            continue;
        }
        if let Some(rest) = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .or_else(|| t.strip_prefix("+ "))
        {
            flush(&mut pending, &mut blocks);
            blocks.push(Block {
                runs: Paragraph::parse(rest).runs,
                bullet: true,
                ..Block::default()
            });
            continue;
        }
        // A hard line break ("\" or two spaces at the end) keeps the line.
        pending.push(t.trim_end_matches('\\'));
        if line.ends_with("  ") || line.ends_with('\\') {
            flush(&mut pending, &mut blocks);
        }
    }
    flush(&mut pending, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

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
