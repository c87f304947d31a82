//! Rich paragraphs: runs of bold and italic text, and bullet items.
//!
//! A paragraph crosses every boundary (database, JSON, CLI) as one string in
//! a small, lossless subset of Markdown: `**bold**`, `*italic*`, `***both***`,
//! a leading `- ` for a bullet item, and a backslash before any ASCII
//! punctuation to make it literal (`\*`, `\\`, `\-`). A backslash before
//! anything else is an ordinary character, so `C:\Users` survives as typed.
//! Line breaks inside a paragraph are kept as `\n`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParagraphKind {
    #[default]
    Normal,
    Bullet,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Self {
        Run {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }
}

/// Crosses to JSON (and TypeScript) as one string of the Markdown subset.
#[derive(Debug, Clone, PartialEq, Eq, Default, ts_rs::TS)]
#[ts(type = "string")]
pub struct Paragraph {
    pub kind: ParagraphKind,
    pub runs: Vec<Run>,
}

impl Paragraph {
    pub fn plain(text: impl Into<String>) -> Self {
        Paragraph {
            kind: ParagraphKind::Normal,
            runs: vec![Run::plain(text)],
        }
        .normalised()
    }

    /// The paragraph's words without formatting.
    pub fn plain_text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    pub fn is_blank(&self) -> bool {
        self.runs.iter().all(|r| r.text.trim().is_empty())
    }

    /// Parses one paragraph of the Markdown subset described in the module docs.
    pub fn parse(source: &str) -> Self {
        let (kind, body) = match source.strip_prefix("- ") {
            Some(rest) => (ParagraphKind::Bullet, rest),
            None => (ParagraphKind::Normal, source),
        };
        let mut runs = Vec::new();
        let mut bold = false;
        let mut italic = false;
        let mut text = String::new();
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.peek() {
                    Some(&next) if next.is_ascii_punctuation() => {
                        text.push(next);
                        chars.next();
                    }
                    _ => text.push('\\'),
                },
                '*' => {
                    let mut stars = 1;
                    while chars.peek() == Some(&'*') {
                        stars += 1;
                        chars.next();
                    }
                    push_run(&mut runs, &mut text, bold, italic);
                    // `***` toggles both; runs of more stars toggle bold and
                    // italic as many times as they can be read.
                    let (b, i) = match stars % 4 {
                        1 => (false, true),
                        2 => (true, false),
                        3 => (true, true),
                        _ => (false, false),
                    };
                    bold ^= b;
                    italic ^= i;
                }
                _ => text.push(c),
            }
        }
        push_run(&mut runs, &mut text, bold, italic);
        Paragraph { kind, runs }.normalised()
    }

    /// Writes the paragraph in the Markdown subset; `parse` reads it back unchanged.
    pub fn to_markdown(&self) -> String {
        let mut body = String::new();
        let mut bold = false;
        let mut italic = false;
        for run in self.runs.iter().filter(|r| !r.text.is_empty()) {
            // Close before open: the marks between two runs then read back
            // as the right toggles (e.g. "**" + "*" = "***" toggles both).
            if italic && !run.italic {
                body.push('*');
                italic = false;
            }
            if bold && !run.bold {
                body.push_str("**");
                bold = false;
            }
            if run.bold && !bold {
                body.push_str("**");
                bold = true;
            }
            if run.italic && !italic {
                body.push('*');
                italic = true;
            }
            for c in run.text.chars() {
                if c == '\\' || c == '*' {
                    body.push('\\');
                }
                body.push(c);
            }
        }
        if italic {
            body.push('*');
        }
        if bold {
            body.push_str("**");
        }
        match self.kind {
            ParagraphKind::Bullet => format!("- {body}"),
            ParagraphKind::Normal if body.starts_with("- ") => format!("\\{body}"),
            ParagraphKind::Normal => body,
        }
    }

    /// A paragraph from runs as a reader found them: neighbouring runs with
    /// the same formatting merged, empty ones dropped.
    pub fn from_runs(kind: ParagraphKind, runs: Vec<Run>) -> Self {
        Paragraph { kind, runs }.normalised()
    }

    /// Merges neighbouring runs with the same formatting and drops empty ones.
    fn normalised(mut self) -> Self {
        let mut runs: Vec<Run> = Vec::with_capacity(self.runs.len());
        for run in self.runs.drain(..) {
            if run.text.is_empty() {
                continue;
            }
            match runs.last_mut() {
                Some(last) if last.bold == run.bold && last.italic == run.italic => {
                    last.text.push_str(&run.text)
                }
                _ => runs.push(run),
            }
        }
        self.runs = runs;
        self
    }
}

/// Whether every word in some runs is bold (and there is a word).
pub fn all_bold(runs: &[Run]) -> bool {
    let mut words = runs.iter().filter(|r| !r.text.trim().is_empty());
    words.clone().next().is_some() && words.all(|r| r.bold)
}

/// The words of some paragraphs, plain, one after another.
pub fn plain_words(paragraphs: &[Paragraph]) -> String {
    paragraphs
        .iter()
        .map(Paragraph::plain_text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A text cut to `max` characters at most, an ellipsis marking the cut.
pub fn shortened(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// "partly accepted" → "Partly accepted".
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn push_run(runs: &mut Vec<Run>, text: &mut String, bold: bool, italic: bool) {
    if !text.is_empty() {
        runs.push(Run {
            text: std::mem::take(text),
            bold,
            italic,
        });
    }
}

impl fmt::Display for Paragraph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_markdown())
    }
}

impl Serialize for Paragraph {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_markdown())
    }
}

impl<'de> Deserialize<'de> for Paragraph {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Ok(Paragraph::parse(&s))
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "18 March 2019", the British way.
pub fn long_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// "18 Mar 2019"
pub fn short_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "{} {} {}",
        d.day(),
        &MONTHS[d.month0() as usize][..3],
        d.year()
    )
}

/// Splits typed or pasted text into paragraphs: each non-blank line is one
/// paragraph (that is how text copied from Word arrives); `• ` and `* `
/// bullets are read as `- `. Windows line endings and trailing spaces go.
pub fn paragraphs_from_text(text: &str) -> Vec<Paragraph> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let line = line.trim_start();
            match line.strip_prefix("• ").or_else(|| line.strip_prefix("* ")) {
                Some(rest) => Paragraph::parse(&format!("- {rest}")),
                None => Paragraph::parse(line),
            }
        })
        .collect()
}

/// The inverse of [`paragraphs_from_text`] for display: one paragraph a line.
pub fn paragraphs_to_text(paragraphs: &[Paragraph]) -> String {
    paragraphs
        .iter()
        .map(Paragraph::to_markdown)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether `c` is a control character that has no place in a name or a
/// title: C0 (including ESC, which drives a terminal), DEL and C1.
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// Text with every control character but tabs and line breaks (a form
/// feed, an escape) turned into a space: none has a place in a review, and
/// none reaches a terminal. Documents reach it with line ends made `\n`.
pub fn without_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let stray = |c: char| !matches!(c, '\t' | '\n') && is_control(c);
    if text.chars().any(stray) {
        text.chars()
            .map(|c| if stray(c) { ' ' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// Refuses a control character in a title or a name (`what`, as in "The
/// title"); `lines` allows line breaks and tabs, where the text may have them.
pub fn check_controls(what: &str, value: &str, lines: bool) -> Result<(), crate::error::Error> {
    let bad = value
        .chars()
        .find(|&c| is_control(c) && !(lines && matches!(c, '\n' | '\t' | '\r')));
    match bad {
        Some(c) => Err(crate::error::Error::refused(
            crate::error::Refusal::ControlCharacter,
            format!(
                "{what} holds a control character ({}), which cannot be shown or printed; remove it and try again.",
                c.escape_unicode()
            ),
        )),
        None => Ok(()),
    }
}

/// `s` safe to print to a terminal or put in a message: each control
/// character is shown as `\u{..}` instead of being sent raw.
pub fn printable(s: &str) -> String {
    if !s.chars().any(is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if is_control(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Moves every year in a title on by one: "2019" → "2020", "2019/20" →
/// "2020/21", "2019-2020" → "2020-2021".
pub fn bump_years(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let digits: String = chars[start..i].iter().collect();
        let bounded = (start == 0 || !chars[start - 1].is_alphanumeric())
            && (i == chars.len() || !chars[i].is_alphanumeric());
        // "2019/20": a two-digit year right after the four-digit year it follows.
        let year_before = (start >= 5
            && matches!(chars[start - 1], '/' | '-' | '–')
            && (start < 6 || !chars[start - 6].is_ascii_digit()))
        .then(|| {
            chars[start - 5..start - 1]
                .iter()
                .collect::<String>()
                .parse::<u32>()
                .ok()
        })
        .flatten();
        match (digits.len(), digits.parse::<u32>()) {
            (4, Ok(y)) if bounded && (1900..2200).contains(&y) => {
                out.push_str(&(y + 1).to_string())
            }
            (2, Ok(y)) if bounded && year_before.is_some_and(|p| (p + 1) % 100 == y) => {
                out.push_str(&format!("{:02}", (y + 1) % 100))
            }
            _ => out.push_str(&digits),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, bold: bool, italic: bool) -> Run {
        Run {
            text: text.into(),
            bold,
            italic,
        }
    }

    #[test]
    fn parses_emphasis_and_bullets() {
        let p = Paragraph::parse("- a **b** *c* ***d*** e");
        assert_eq!(p.kind, ParagraphKind::Bullet);
        assert_eq!(
            p.runs,
            vec![
                run("a ", false, false),
                run("b", true, false),
                run(" ", false, false),
                run("c", false, true),
                run(" ", false, false),
                run("d", true, true),
                run(" e", false, false),
            ]
        );
    }

    #[test]
    fn escapes_are_literal_and_other_backslashes_stay() {
        let p = Paragraph::parse(r"5\* of C:\Users \\ \- x");
        assert_eq!(p.plain_text(), r"5* of C:\Users \ - x");
        assert_eq!(
            Paragraph::parse(r"\- not a bullet").kind,
            ParagraphKind::Normal
        );
    }

    #[test]
    fn markdown_round_trips() {
        let cases = [
            Paragraph {
                kind: ParagraphKind::Normal,
                runs: vec![run("- starts with dash * and \\", false, false)],
            },
            Paragraph {
                kind: ParagraphKind::Bullet,
                runs: vec![
                    run("x", true, false),
                    run("y", true, true),
                    run("z", false, true),
                    run(" w\\", false, false),
                    run("*", true, false),
                ],
            },
            Paragraph::plain("Line one\nline two £25,000 “quoted”"),
            Paragraph::plain(""),
        ];
        // Runs as an importer or editor might build them: empty, or split
        // just after a leading dash.
        let unnormalised = [
            vec![run("", false, false), run("- item", false, false)],
            vec![run("-", false, false), run(" x", false, false)],
            vec![run("-", true, false), run(" x", false, false)],
        ];
        for runs in unnormalised {
            let p = Paragraph {
                kind: ParagraphKind::Normal,
                runs,
            };
            let back = Paragraph::parse(&p.to_markdown());
            assert_eq!(back.kind, ParagraphKind::Normal, "{:?}", p.to_markdown());
            assert_eq!(back.plain_text(), p.plain_text());
        }
        for p in cases {
            let md = p.to_markdown();
            assert_eq!(Paragraph::parse(&md), p, "through {md:?}");
        }
    }

    #[test]
    fn text_splits_into_paragraph_per_line() {
        let ps = paragraphs_from_text("First.\r\n\r\n• one\n* two\n  Second.  \n");
        let md: Vec<String> = ps.iter().map(Paragraph::to_markdown).collect();
        assert_eq!(md, ["First.", "- one", "- two", "Second."]);
    }

    #[test]
    fn years_move_on() {
        assert_eq!(bump_years("Review 2019/20"), "Review 2020/21");
        assert_eq!(bump_years("2019-2020 and 1999/00"), "2020-2021 and 2000/01");
        assert_eq!(
            bump_years("Room 101, 12345, A2019"),
            "Room 101, 12345, A2019"
        );
    }
}
