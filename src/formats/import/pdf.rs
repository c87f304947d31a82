//! Committee papers published as PDF: the characters of each page, with
//! their places, made back into the paragraphs the paper was written in.
//! Lines are rebuilt from the characters' positions (a column at a time,
//! as the page lays them out); running headers and footers and "Page 3 of
//! 12" are left out; hard-wrapped lines are joined into paragraphs, and a
//! word hyphenated at a line's end is made whole. A PDF with no text at all
//! is a scan, and is refused.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::blocks::Block;
use super::structure::{parse_dotted_number, parse_label, parse_question_number};
use crate::error::{Error, Refusal, Result, quietly};

/// One character as the page places it: `y` grows down the page.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    text: String,
    /// The first character of a run of text, where a space may fall.
    word_start: bool,
}

/// A line of a page: its characters joined, where it starts and ends.
#[derive(Debug, Clone)]
struct Line {
    page: u32,
    x: f64,
    end: f64,
    y: f64,
    size: f64,
    text: String,
}

#[derive(Default)]
struct Pages {
    pages: Vec<(f64, Vec<Glyph>)>,
    word_start: bool,
}

impl OutputDev for Pages {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> std::result::Result<(), OutputError> {
        self.pages
            .push(((media_box.ury - media_box.lly).abs(), Vec::new()));
        Ok(())
    }

    fn end_page(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> std::result::Result<(), OutputError> {
        let Some((height, glyphs)) = self.pages.last_mut() else {
            return Ok(());
        };
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = font_size * scale;
        let (x, y) = (trm.m31, *height - trm.m32);
        if !x.is_finite() || !y.is_finite() || !size.is_finite() {
            return Ok(());
        }
        glyphs.push(Glyph {
            x,
            y,
            end: x + width * size,
            size,
            text: char.to_string(),
            word_start: std::mem::take(&mut self.word_start),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> std::result::Result<(), OutputError> {
        self.word_start = true;
        Ok(())
    }

    fn end_word(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }
}

/// The paragraphs of a PDF (each block's `line` is its page), and what the
/// reader left out that the officer should know of.
pub fn read(bytes: &[u8], name: &str) -> Result<(Vec<Block>, Vec<String>)> {
    let damaged = || {
        Error::refused(
            Refusal::DamagedDocument,
            format!(
                "{name} is a PDF that cannot be read: it is damaged or cut short. Save it again from the program that made it, or open it and save it as a Word document."
            ),
        )
    };
    // The PDF library panics on some damaged files: a panic there is a
    // damaged document, said in one line, and nothing is printed for it.
    let read = quietly(|| -> std::result::Result<Option<Pages>, ()> {
        let mut doc = pdf_extract::Document::load_mem(bytes).map_err(|_| ())?;
        if doc.is_encrypted() && doc.decrypt("").is_err() {
            return Ok(None);
        }
        let mut pages = Pages::default();
        pdf_extract::output_doc(&doc, &mut pages).map_err(|_| ())?;
        Ok(Some(pages))
    });
    let pages = match read {
        Some(Ok(Some(pages))) => pages,
        Some(Ok(None)) => {
            return Err(Error::refused(
                Refusal::Unsupported,
                format!(
                    "{name} is a password-protected PDF; save an unprotected copy and import that."
                ),
            ));
        }
        Some(Err(())) | None => return Err(damaged()),
    };
    if pages
        .pages
        .iter()
        .all(|(_, g)| g.iter().all(|c| c.text.trim().is_empty()))
    {
        return Err(Error::refused(
            Refusal::Unsupported,
            format!(
                "{name}: this PDF is a scan; there is no text to read. Import the Word document it was made from, or a copy with its text recognised."
            ),
        ));
    }
    let mut lines: Vec<Line> = Vec::new();
    for (n, (height, glyphs)) in pages.pages.iter().enumerate() {
        lines.extend(page_lines(n as u32 + 1, *height, glyphs));
    }
    let (lines, dropped) = without_running_lines(lines, &pages.pages);
    let mut doubts = Vec::new();
    if dropped > 0 {
        doubts.push(format!(
            "{dropped} line{} repeated at the top or foot of the PDF's pages (running headers, footers, page numbers) {} left out",
            if dropped == 1 { "" } else { "s" },
            if dropped == 1 { "was" } else { "were" },
        ));
    }
    doubts.push(
        "this is a PDF: its paragraphs were rebuilt from where its lines stand on the page; check the outline, and use the Word document instead if you have it"
            .into(),
    );
    Ok((paragraphs(&lines), doubts))
}

/// A page's characters made into lines, in the order the page gives them:
/// a new line where the text moves down, or back to the left.
fn page_lines(page: u32, _height: f64, glyphs: &[Glyph]) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for g in glyphs {
        let size = g.size.max(1.0);
        let new_line = match lines.last() {
            None => true,
            Some(l) => {
                (g.y - l.y).abs() > size * 0.5 && (g.x < l.end || (g.y - l.y).abs() > size * 1.5)
            }
        };
        if new_line {
            lines.push(Line {
                page,
                x: g.x,
                end: g.end,
                y: g.y,
                size,
                text: g.text.clone(),
            });
            continue;
        }
        if let Some(l) = lines.last_mut() {
            // Where the PDF starts a run of text, a gap wider than a tenth
            // of the size is a space.
            if g.word_start
                && g.x > l.end + size * 0.1
                && !l.text.ends_with(' ')
                && !g.text.starts_with(' ')
            {
                l.text.push(' ');
            }
            l.text.push_str(&g.text);
            l.end = l.end.max(g.end);
        }
    }
    for l in &mut lines {
        l.text = l.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    lines.retain(|l| !l.text.is_empty());
    lines
}

/// Lines in the top or bottom tenth of a page that recur (digits aside)
/// at the same height on at least half the pages, or that are a page
/// number alone, are headers and footers: left out, and counted. Words
/// that merely happen to fall at the top of two pages are kept.
fn without_running_lines(lines: Vec<Line>, pages: &[(f64, Vec<Glyph>)]) -> (Vec<Line>, usize) {
    let height = |page: u32| pages.get(page as usize - 1).map_or(842.0, |p| p.0);
    let margin = |l: &Line| {
        let h = height(l.page);
        l.y < h * 0.1 || l.y > h * 0.9
    };
    let shape = |t: &str| -> String {
        t.chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    '#'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    };
    // By shape and height (to the nearest two points): the pages it is on.
    let place = |l: &Line| (shape(&l.text), (l.y / 2.0).round() as i64);
    let mut seen: std::collections::HashMap<(String, i64), std::collections::HashSet<u32>> =
        Default::default();
    for l in lines.iter().filter(|l| margin(l)) {
        seen.entry(place(l)).or_default().insert(l.page);
    }
    let enough = (pages.len() / 2).max(2);
    let page_number = |t: &str| {
        let lower = t.to_lowercase();
        let bare = lower
            .trim_start_matches("page")
            .trim()
            .replace(" of ", " ")
            .replace(['-', '–', '/'], " ");
        !bare.is_empty()
            && bare.split_whitespace().count() <= 2
            && bare
                .split_whitespace()
                .all(|w| w.chars().all(|c| c.is_ascii_digit()))
    };
    let many_pages = pages.len() > 1;
    let mut kept = Vec::with_capacity(lines.len());
    let mut dropped = 0;
    for l in lines {
        let running = margin(&l)
            && (page_number(&l.text)
                || (many_pages && seen.get(&place(&l)).is_some_and(|p| p.len() >= enough)));
        if running {
            dropped += 1;
        } else {
            kept.push(l);
        }
    }
    (kept, dropped)
}

/// Whether a line starts a question or a bullet, which no wrapped line
/// does.
fn starts_question(text: &str) -> bool {
    parse_question_number(text).is_some()
        || parse_dotted_number(text).is_some()
        || text.starts_with(['•', '*'])
}

/// Lines joined into paragraphs: a line runs on into the next unless a
/// gap, a short line ending a sentence, or a new question or label comes
/// between. A word hyphenated at a line's end is made whole.
fn paragraphs(lines: &[Line]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut text = String::new();
    let mut page = 0;
    // The right edge each line's column runs to, to tell a short line:
    // the furthest end of the lines on its page that start where it does.
    let right: Vec<f64> = lines
        .iter()
        .map(|l| {
            lines
                .iter()
                .filter(|o| o.page == l.page && (o.x - l.x).abs() < l.size * 3.0)
                .map(|o| o.end)
                .fold(l.end, f64::max)
        })
        .collect();
    let flush = |text: &mut String, page: u32, out: &mut Vec<Block>| {
        let t = std::mem::take(text);
        if !t.trim().is_empty() {
            let mut b = Block::plain(t.trim());
            b.line = page;
            out.push(b);
        }
    };
    for (i, l) in lines.iter().enumerate() {
        let before = i.checked_sub(1).map(|k| &lines[k]);
        let new_paragraph = match before {
            None => true,
            Some(b) => {
                let gap = l.y - b.y;
                // The line before ended early on purpose when the next
                // line's first word would have fitted after it.
                let chars = b.text.chars().count().max(1) as f64;
                let per_char = (b.end - b.x).max(0.0) / chars;
                let first_word = l.text.split_whitespace().next().unwrap_or("");
                let needed = (first_word.chars().count() as f64 + 1.0) * per_char;
                let short = b.end + needed < right[i - 1] - per_char;
                let ended = b.text.ends_with(['.', '?', '!', ':', ';']);
                // The next line down in the same column, or a jump (to the
                // next column or page).
                let flows = b.page == l.page && gap > 0.0 && gap <= b.size.max(l.size) * 1.9;
                let runs_on = if flows {
                    // A question ends its paragraph, however long; a label
                    // starts one after a line that ended.
                    !(short || b.text.ends_with('?') || (ended && parse_label(&l.text).is_some()))
                } else {
                    // A full line that stops mid-sentence goes on over the
                    // page or column.
                    !short && !ended
                };
                starts_question(&l.text) || (l.size - b.size).abs() > 1.5 || !runs_on
            }
        };
        if new_paragraph {
            flush(&mut text, page, &mut out);
            page = l.page;
            text.push_str(&l.text);
            continue;
        }
        // "commun-" then "ity": one word.
        let hyphenated = text.ends_with('-')
            && text.chars().rev().nth(1).is_some_and(char::is_alphabetic)
            && l.text.chars().next().is_some_and(char::is_lowercase);
        if hyphenated {
            text.pop();
        } else {
            text.push(' ');
        }
        text.push_str(&l.text);
    }
    flush(&mut text, page, &mut out);
    out
}
