//! Committee papers published as PDF: the characters of each page, with
//! their places, made back into the paragraphs the paper was written in.
//! Lines are rebuilt from the characters' positions (a column at a time,
//! as the page lays them out); running headers and footers and "Page 3 of
//! 12" are left out; hard-wrapped lines are joined into paragraphs, and a
//! word hyphenated at a line's end is made whole. Bold text stays bold,
//! and a change between bold and plain lines ends a paragraph (a question
//! in bold with its answer straight beneath it). A PDF with no text at all
//! is a scan, and is refused.

use pdf_extract::content::Content;
use pdf_extract::{
    ColorSpace, Dictionary, Document, MediaBox, Object, OutputDev, OutputError, Path, PathOp,
    Transform,
};

use super::PDF_PAGE;
use super::blocks::Block;
use super::structure::{Warning, parse_dotted_number, parse_label, parse_question_number};
use crate::error::{Error, Refusal, Result, quietly};
use crate::text::{Run, all_bold};

/// One character as the page places it: `y` grows down the page.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    /// Where the PDF puts it, before the page is turned to be read.
    raw: (f64, f64),
    /// Which way its text runs: 0 across, 1 up, 2 backwards, 3 down (a
    /// page drawn turned a quarter, as landscape pages often are).
    turn: u8,
    size: f64,
    text: String,
    /// The first character of a run of text, where a space may fall.
    word_start: bool,
    bold: bool,
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
    /// The text as bold and plain runs.
    runs: Vec<Run>,
}

/// Text added to runs: to the last run if it has the same weight.
fn push_run(runs: &mut Vec<Run>, text: &str, bold: bool) {
    match runs.last_mut() {
        Some(last) if last.bold == bold => last.text.push_str(text),
        _ => runs.push(Run {
            text: text.to_string(),
            bold,
            italic: false,
        }),
    }
}

/// A ruled line of a page: across (at a height, from one x to another) or
/// down (at an x, from one height to another), `y` growing down the page.
#[derive(Debug, Clone, Copy)]
struct Rule {
    across: bool,
    at: f64,
    from: f64,
    to: f64,
}

#[derive(Default)]
struct Pages {
    pages: Vec<(f64, Vec<Glyph>)>,
    /// Each page's width.
    widths: Vec<f64>,
    /// The ruled lines of each page, from which tables are found.
    rules: Vec<Vec<Rule>>,
    word_start: bool,
    /// Whether each piece of text on each page is bold (`bold_pieces`).
    bold: Vec<Vec<bool>>,
    /// The pieces of text seen on the page being read.
    piece: usize,
    piece_bold: bool,
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
        self.widths.push((media_box.urx - media_box.llx).abs());
        self.rules.push(Vec::new());
        self.piece = 0;
        Ok(())
    }

    fn end_page(&mut self) -> std::result::Result<(), OutputError> {
        // Were the page's pieces not the ones counted, the weights cannot
        // be trusted: the page is read as plain.
        let n = self.pages.len();
        let counted = self.bold.get(n.wrapping_sub(1)).map_or(0, Vec::len);
        if self.piece != counted
            && let Some((_, glyphs)) = self.pages.last_mut()
        {
            glyphs.iter_mut().for_each(|g| g.bold = false);
        }
        self.turn_page();
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
        let turn = if trm.m11.abs() >= trm.m12.abs() {
            if trm.m11 >= 0.0 { 0 } else { 2 }
        } else if trm.m12 > 0.0 {
            1
        } else {
            3
        };
        glyphs.push(Glyph {
            x,
            y,
            end: x + width * size,
            raw: (trm.m31, trm.m32),
            turn,
            size,
            text: char.to_string(),
            word_start: std::mem::take(&mut self.word_start),
            bold: self.piece_bold,
        });
        Ok(())
    }

    fn begin_word(&mut self) -> std::result::Result<(), OutputError> {
        // The library starts a word at each piece of text the page shows.
        self.word_start = true;
        let page = self.pages.len().wrapping_sub(1);
        self.piece_bold = self
            .bold
            .get(page)
            .and_then(|p| p.get(self.piece))
            .copied()
            .unwrap_or(false);
        self.piece += 1;
        Ok(())
    }

    fn end_word(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> std::result::Result<(), OutputError> {
        self.add_rules(ctm, path, false);
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> std::result::Result<(), OutputError> {
        self.add_rules(ctm, path, true);
        Ok(())
    }
}

/// Where a point of a page drawn turned (`turn` quarters) stands on the
/// page as it is read, `y` growing down; `w` and `h` are the page's width
/// and height as drawn.
fn turned(turn: u8, w: f64, h: f64, (px, py): (f64, f64)) -> (f64, f64) {
    match turn {
        1 => (py, px),
        2 => (w - px, py),
        3 => (h - py, w - px),
        _ => (px, h - py),
    }
}

impl Pages {
    /// A page whose text mostly runs up, down or backwards is turned so
    /// that it reads across, its ruled lines with it.
    fn turn_page(&mut self) {
        let (Some((height, glyphs)), Some(&w), Some(rules)) = (
            self.pages.last_mut(),
            self.widths.last(),
            self.rules.last_mut(),
        ) else {
            return;
        };
        let mut count = [0usize; 4];
        for g in glyphs.iter() {
            count[g.turn as usize] += 1;
        }
        let turn = (0..4u8).max_by_key(|&t| count[t as usize]).unwrap_or(0);
        if turn == 0 {
            return;
        }
        let h = *height;
        for g in glyphs.iter_mut() {
            let advance = g.end - g.x;
            (g.x, g.y) = turned(turn, w, h, g.raw);
            g.end = g.x + advance;
        }
        for r in rules.iter_mut() {
            // Back to the page as drawn, then turned.
            let (a, b) = if r.across {
                ((r.from, h - r.at), (r.to, h - r.at))
            } else {
                ((r.at, h - r.from), (r.at, h - r.to))
            };
            let (a, b) = (turned(turn, w, h, a), turned(turn, w, h, b));
            *r = if (a.1 - b.1).abs() < (a.0 - b.0).abs() {
                Rule {
                    across: true,
                    at: a.1,
                    from: a.0.min(b.0),
                    to: a.0.max(b.0),
                }
            } else {
                Rule {
                    across: false,
                    at: a.0,
                    from: a.1.min(b.1),
                    to: a.1.max(b.1),
                }
            };
        }
        if turn % 2 == 1 {
            *height = w;
        }
    }

    /// The ruled lines a path draws: each straight piece of a stroked path
    /// that runs across or down, and each filled shape thin enough to be a
    /// line (Word draws borders both ways).
    fn add_rules(&mut self, ctm: &Transform, path: &Path, filled: bool) {
        let (Some(&(height, _)), Some(rules)) = (self.pages.last(), self.rules.last_mut()) else {
            return;
        };
        let place = |x: f64, y: f64| {
            let px = x * ctm.m11 + y * ctm.m21 + ctm.m31;
            let py = x * ctm.m12 + y * ctm.m22 + ctm.m32;
            (px, height - py)
        };
        // The pieces of each subpath, as page points.
        let mut shapes: Vec<Vec<(f64, f64)>> = Vec::new();
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => shapes.push(vec![place(x, y)]),
                PathOp::LineTo(x, y) => match shapes.last_mut() {
                    Some(shape) => shape.push(place(x, y)),
                    None => shapes.push(vec![place(x, y)]),
                },
                PathOp::Rect(x, y, w, h) => {
                    shapes.push(vec![
                        place(x, y),
                        place(x + w, y),
                        place(x + w, y + h),
                        place(x, y + h),
                        place(x, y),
                    ]);
                }
                PathOp::Close => {
                    if let Some(shape) = shapes.last_mut()
                        && let Some(&start) = shape.first()
                    {
                        shape.push(start);
                    }
                }
                // A curve is no rule: its subpath ends here.
                PathOp::CurveTo(..) => shapes.push(Vec::new()),
            }
        }
        for shape in shapes {
            if shape.iter().any(|(x, y)| !x.is_finite() || !y.is_finite()) {
                continue;
            }
            if filled {
                let (xs, ys) = (shape.iter().map(|p| p.0), shape.iter().map(|p| p.1));
                let (x0, x1) = (
                    xs.clone().fold(f64::MAX, f64::min),
                    xs.fold(f64::MIN, f64::max),
                );
                let (y0, y1) = (
                    ys.clone().fold(f64::MAX, f64::min),
                    ys.fold(f64::MIN, f64::max),
                );
                if y1 - y0 <= 3.0 && x1 - x0 >= 5.0 {
                    rules.push(Rule {
                        across: true,
                        at: (y0 + y1) / 2.0,
                        from: x0,
                        to: x1,
                    });
                } else if x1 - x0 <= 3.0 && y1 - y0 >= 5.0 {
                    rules.push(Rule {
                        across: false,
                        at: (x0 + x1) / 2.0,
                        from: y0,
                        to: y1,
                    });
                }
                continue;
            }
            for pair in shape.windows(2) {
                let ((ax, ay), (bx, by)) = (pair[0], pair[1]);
                if (ay - by).abs() < 1.0 && (ax - bx).abs() >= 5.0 {
                    rules.push(Rule {
                        across: true,
                        at: ay,
                        from: ax.min(bx),
                        to: ax.max(bx),
                    });
                } else if (ax - bx).abs() < 1.0 && (ay - by).abs() >= 5.0 {
                    rules.push(Rule {
                        across: false,
                        at: ax,
                        from: ay.min(by),
                        to: ay.max(by),
                    });
                }
            }
        }
    }
}

/// The paragraphs of a PDF (each block's `line` is its page), and what the
/// reader left out that the officer should know of.
pub fn read(bytes: &[u8], name: &str) -> Result<(Vec<Block>, Vec<Warning>)> {
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
    let read = quietly(|| -> std::result::Result<Option<(Pages, Vec<u32>)>, ()> {
        let mut doc = pdf_extract::Document::load_mem(bytes).map_err(|_| ())?;
        if doc.is_encrypted() && doc.decrypt("").is_err() {
            return Ok(None);
        }
        let (bold, unread) = bold_pieces(&doc).ok_or(())?;
        let mut pages = Pages {
            bold,
            ..Pages::default()
        };
        pdf_extract::output_doc(&doc, &mut pages).map_err(|_| ())?;
        Ok(Some((pages, unread)))
    });
    let (pages, unread) = match read {
        Some(Ok(Some(read))) => read,
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
    let mut tables: Vec<Table> = Vec::new();
    for (n, (height, glyphs)) in pages.pages.iter().enumerate() {
        let page = n as u32 + 1;
        let rules = pages.rules.get(n).map_or(&[][..], Vec::as_slice);
        let (loose, found) = tables_of_page(page, glyphs, rules, tables.len());
        lines.extend(page_lines(page, *height, &loose));
        tables.extend(found);
    }
    let (lines, dropped) = without_running_lines(lines, &pages.pages);
    let mut doubts = Vec::new();
    let doubt = |message: String| Warning {
        line: None,
        question: None,
        message,
    };
    if dropped > 0 {
        doubts.push(doubt(format!(
            "{dropped} line{} repeated at the top or foot of the PDF's pages (running headers, footers, page numbers) {} left out",
            if dropped == 1 { "" } else { "s" },
            if dropped == 1 { "was" } else { "were" },
        )));
    }
    if !unread.is_empty() {
        let shown: Vec<String> = unread.iter().take(10).map(u32::to_string).collect();
        doubts.push(doubt(format!(
            "some text on page{} {} is drawn in a way this reader cannot follow, and may be missing; compare the outline with the PDF, or import the Word document it was made from",
            if unread.len() == 1 { "" } else { "s" },
            shown.join(", ")
        )));
    }
    doubts.push(doubt(
        "this is a PDF: its paragraphs were rebuilt from where its lines stand on the page; check the outline, and use the Word document instead if you have it"
            .into(),
    ));
    let tables = joined_over_pages(tables, &lines);
    // The paragraphs, with each table's cells where the table stands: the
    // lines between two tables are a run of the page's lines, measured
    // against all of them.
    let right = right_edges(&lines);
    let mut blocks = Vec::new();
    let mut from = 0;
    let mut tables = tables.into_iter().peekable();
    for (i, l) in lines.iter().enumerate() {
        while let Some(t) = tables.peek()
            && t.before(l)
        {
            blocks.extend(paragraphs(&lines[from..i], &right[from..i]));
            from = i;
            blocks.extend(tables.next().map(|t| t.blocks).unwrap_or_default());
        }
    }
    blocks.extend(paragraphs(&lines[from..], &right[from..]));
    blocks.extend(tables.flat_map(|t| t.blocks));
    // Each paragraph its own place: its page, and its count on the page.
    let mut on_page = (0, 0);
    for b in &mut blocks {
        let page = b.line;
        on_page = if on_page.0 == page {
            (page, (on_page.1 + 1).min(PDF_PAGE - 1))
        } else {
            (page, 1)
        };
        b.line = page.saturating_mul(PDF_PAGE).saturating_add(on_page.1);
    }
    Ok((blocks, doubts))
}

/// A table found on a page: where it starts, and its cells' paragraphs
/// (each block knowing its table, row and column, as Word's do).
struct Table {
    page: u32,
    top: f64,
    bottom: f64,
    /// Where its columns start and end.
    columns: Vec<f64>,
    left: f64,
    right: f64,
    blocks: Vec<Block>,
}

impl Table {
    /// Whether the table comes before a line: on an earlier page, or above
    /// it in the same column (a table in a page's right column waits for
    /// the lines of that column, not those of the left).
    fn before(&self, l: &Line) -> bool {
        self.page < l.page
            || (self.page == l.page && self.top < l.y && l.x < self.right && l.end > self.left)
    }
}

/// A table that ends its page and goes on at the top of the next with
/// the same columns (Word does not repeat the heading row unless asked) is
/// one table: the rows on the next page are more of its rows.
fn joined_over_pages(tables: Vec<Table>, lines: &[Line]) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::with_capacity(tables.len());
    for mut t in tables {
        if let Some(prev) = out.last_mut() {
            let same_columns = prev.columns.len() == t.columns.len()
                && prev
                    .columns
                    .iter()
                    .zip(&t.columns)
                    .all(|(a, b)| (a - b).abs() <= 2.0);
            let ends_page = !lines
                .iter()
                .any(|l| l.page == prev.page && l.y > prev.bottom);
            let starts_page = !lines.iter().any(|l| l.page == t.page && l.y < t.top);
            let id_and_rows = prev
                .blocks
                .iter()
                .filter_map(|b| b.cell)
                .fold(None, |m, c| {
                    let (id, rows) = m.unwrap_or((c.0, 0));
                    Some((id, rows.max(c.1)))
                });
            if let (true, true, true, true, Some((id, rows))) = (
                t.page == prev.page + 1,
                same_columns,
                ends_page,
                starts_page,
                id_and_rows,
            ) {
                // Its heading row repeated at the top of the page is not
                // a row of its own.
                let first_row = |blocks: &[Block]| -> Vec<String> {
                    let first = blocks.iter().filter_map(|b| b.cell).map(|c| c.1).min();
                    blocks
                        .iter()
                        .filter(|b| b.cell.map(|c| c.1) == first)
                        .map(|b| b.text().to_string())
                        .collect()
                };
                let repeated = first_row(&prev.blocks) == first_row(&t.blocks);
                let heading = t.blocks.iter().filter_map(|b| b.cell).map(|c| c.1).min();
                for mut b in std::mem::take(&mut t.blocks) {
                    if repeated && b.cell.map(|c| c.1) == heading {
                        continue;
                    }
                    b.cell = b.cell.map(|(_, row, column)| (id, rows + row, column));
                    prev.blocks.push(b);
                }
                prev.page = t.page;
                prev.bottom = t.bottom;
                continue;
            }
        }
        out.push(t);
    }
    out
}

/// The most ruled lines a page may have for its tables to be looked for
/// (a chart or a drawing has thousands; a table has tens).
const MAX_RULES: usize = 4_000;

/// The most cells a page's tables may have between them (a paper's table
/// has tens or hundreds; a chart drawn in lines may have millions).
const MAX_CELLS: usize = 10_000;

/// One cell of a table found on a page.
#[derive(Clone, Copy)]
struct Cell {
    table: usize,
    row: usize,
    column: usize,
}

/// One table's ruled grid: the heights of its lines across, and for each
/// row between them, its cells' left and right edges and the cell whose
/// space each is (itself, or the cell above it a merge runs down from).
struct Grid {
    ys: Vec<f64>,
    /// The lines down, where its columns start and end.
    xs: Vec<f64>,
    rows: Vec<Vec<(f64, f64, usize)>>,
}

/// A page's tables, found from its ruled lines: lines across and down
/// that meet make one table; each row is split into cells by the lines
/// down that cross it (a merged cell is one cell). The characters inside
/// a cell are its paragraphs; the others are returned to be read as the
/// page's text. `before` is the number of tables on earlier pages.
fn tables_of_page(
    page: u32,
    glyphs: &[Glyph],
    rules: &[Rule],
    before: usize,
) -> (Vec<Glyph>, Vec<Table>) {
    if rules.len() > MAX_RULES {
        return (glyphs.to_vec(), Vec::new());
    }
    // The size of the page's writing.
    let text_size = match median(glyphs.iter().map(|g| g.size)) {
        s if s > 0.0 => s,
        _ => 10.0,
    };
    let across: Vec<&Rule> = rules
        .iter()
        .filter(|r| r.across && r.to - r.from >= 10.0)
        .collect();
    let mut down: Vec<&Rule> = rules.iter().filter(|r| !r.across).collect();
    // A page ruled more finely than any paper's tables (graph paper, a
    // chart) has none.
    let (heights, lefts) = (
        distinct(across.iter().map(|r| r.at).collect()).len(),
        distinct(down.iter().map(|r| r.at).collect()).len(),
    );
    if heights * lefts > MAX_CELLS * 4 {
        return (glyphs.to_vec(), Vec::new());
    }
    down.sort_by(|a, b| a.at.total_cmp(&b.at));
    // Lines that meet are one table.
    let mut parent: Vec<usize> = (0..across.len() + down.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, a) in across.iter().enumerate() {
        // Only the lines down within its length can meet it.
        let first = down.partition_point(|d| d.at < a.from - 2.0);
        for (j, d) in down.iter().enumerate().skip(first) {
            if d.at > a.to + 2.0 {
                break;
            }
            if a.at >= d.from - 2.0 && a.at <= d.to + 2.0 {
                let (x, y) = (root(&mut parent, i), root(&mut parent, across.len() + j));
                parent[x] = y;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<&Rule>, Vec<&Rule>)> =
        Default::default();
    for i in 0..across.len() + down.len() {
        let g = groups.entry(root(&mut parent, i)).or_default();
        if i < across.len() {
            g.0.push(across[i]);
        } else {
            g.1.push(down[i - across.len()]);
        }
    }
    let mut cells: Vec<Cell> = Vec::new();
    let mut grids: Vec<Grid> = Vec::new();
    for (across, down) in groups.values() {
        if across.len() < 2 || down.len() < 2 {
            continue;
        }
        let ys = distinct(across.iter().map(|r| r.at).collect());
        let xs = distinct(down.iter().map(|r| r.at).collect());
        if cells.len() + ys.len() * xs.len() > MAX_CELLS {
            continue;
        }
        // Each rule under the line (of `ys` or `xs`) it is part of.
        let index = |lines: &[f64], at: f64| lines.iter().position(|&l| (l - at).abs() <= 2.0);
        let mut across_at: Vec<Vec<&Rule>> = vec![Vec::new(); ys.len()];
        for a in across {
            if let Some(k) = index(&ys, a.at) {
                across_at[k].push(a);
            }
        }
        let mut down_at: Vec<Vec<&Rule>> = vec![Vec::new(); xs.len()];
        for d in down {
            if let Some(j) = index(&xs, d.at) {
                down_at[j].push(d);
            }
        }
        let table = before + grids.len() + 1;
        let first_cell = cells.len();
        let mut grid = Grid {
            ys: ys.clone(),
            xs: xs.clone(),
            rows: Vec::with_capacity(ys.len()),
        };
        // The cell whose space runs on down each column, from the row
        // above.
        let mut open: std::collections::HashMap<usize, usize> = Default::default();
        let mut row = 0;
        for k in 0..ys.len().saturating_sub(1) {
            let (top, bottom) = (ys[k], ys[k + 1]);
            let mid = (top + bottom) / 2.0;
            let bounds: Vec<usize> = (0..xs.len())
                .filter(|&j| {
                    down_at[j]
                        .iter()
                        .any(|d| d.from - 2.0 <= mid && mid <= d.to + 2.0)
                })
                .collect();
            if bottom - top < 4.0 || bounds.len() < 2 {
                grid.rows.push(Vec::new());
                open.clear();
                continue;
            }
            row += 1;
            let mut spaces = Vec::with_capacity(bounds.len());
            for b in bounds.windows(2) {
                let (left, right) = (xs[b[0]], xs[b[1]]);
                let column = b[0] + 1;
                // No line across its top: a cell merged down from the one
                // above, which takes its space; it is left empty, as Word
                // leaves the cells a merge covers.
                let centre = (left + right) / 2.0;
                let ruled = across_at[k]
                    .iter()
                    .any(|a| a.from - 2.0 <= centre && centre <= a.to + 2.0);
                let owner = match open.get(&column) {
                    Some(&owner) if !ruled => owner,
                    _ => cells.len(),
                };
                open.insert(column, owner);
                cells.push(Cell { table, row, column });
                spaces.push((left, right, owner));
            }
            grid.rows.push(spaces);
        }
        // A page border or a box round a paragraph is one cell, not a
        // table; squared paper's cells are smaller than its writing.
        let built = &cells[first_cell..];
        let heights = median(
            grid.rows
                .iter()
                .enumerate()
                .filter(|(_, r)| !r.is_empty())
                .map(|(k, _)| grid.ys.get(k + 1).map_or(0.0, |b| b - grid.ys[k])),
        );
        let widths = median(grid.rows.iter().flatten().map(|(l, r, _)| r - l));
        let a_table = built.len() >= 2 && heights >= text_size * 1.2 && widths >= text_size * 2.0;
        if row > 0 && a_table {
            grids.push(grid);
        } else {
            cells.truncate(first_cell);
        }
    }
    if cells.is_empty() {
        return (glyphs.to_vec(), Vec::new());
    }
    let mut loose = Vec::new();
    let mut inside: Vec<Vec<Glyph>> = vec![Vec::new(); cells.len()];
    for g in glyphs {
        let centre = (g.x + g.end) / 2.0;
        let owner = grids.iter().find_map(|grid| {
            // The row whose top is the last line above the character.
            let k = grid.ys.partition_point(|&y| y < g.y).checked_sub(1)?;
            grid.rows
                .get(k)?
                .iter()
                .find(|(left, right, _)| *left <= centre && centre <= *right)
                .map(|&(_, _, owner)| owner)
        });
        match owner {
            Some(c) => inside[c].push(g.clone()),
            None => loose.push(g.clone()),
        }
    }
    let mut tables: Vec<Table> = grids
        .iter()
        .map(|grid| {
            let edges = grid.rows.iter().flatten();
            Table {
                page,
                top: grid.ys.first().copied().unwrap_or(0.0),
                bottom: grid.ys.last().copied().unwrap_or(0.0),
                columns: grid.xs.clone(),
                left: edges.clone().map(|e| e.0).fold(f64::MAX, f64::min),
                right: edges.map(|e| e.1).fold(f64::MIN, f64::max),
                blocks: Vec::new(),
            }
        })
        .collect();
    for (cell, glyphs) in cells.iter().zip(&inside) {
        let lines = page_lines(page, 0.0, glyphs);
        let mut blocks = paragraphs(&lines, &right_edges(&lines));
        if blocks.is_empty() {
            blocks.push(Block {
                line: page,
                ..Block::plain("")
            });
        }
        for b in &mut blocks {
            b.cell = Some((cell.table, cell.row, cell.column));
        }
        if let Some(t) = tables.get_mut(cell.table - before - 1) {
            t.blocks.extend(blocks);
        }
    }
    tables.sort_by(|a, b| a.top.total_cmp(&b.top));
    (loose, tables)
}

/// The middle of some values (0 for none).
fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Values in order, those within two points of the one before left out
/// (the double rule of a table's border is one line).
fn distinct(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for v in values {
        if out.last().is_none_or(|&last| v - last > 2.0) {
            out.push(v);
        }
    }
    out
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
                text: String::new(),
                runs: vec![Run {
                    text: g.text.clone(),
                    bold: g.bold,
                    italic: false,
                }],
            });
            continue;
        }
        if let Some(l) = lines.last_mut() {
            // Where the PDF starts a run of text, a gap wider than a tenth
            // of the size is a space.
            let ends_in_space = l
                .runs
                .last()
                .is_some_and(|r| r.text.ends_with(char::is_whitespace));
            if g.word_start
                && g.x > l.end + size * 0.1
                && !ends_in_space
                && !g.text.starts_with(char::is_whitespace)
            {
                push_run(&mut l.runs, " ", g.bold);
            }
            push_run(&mut l.runs, &g.text, g.bold);
            l.end = l.end.max(g.end);
        }
    }
    for l in &mut lines {
        l.runs = tidy(std::mem::take(&mut l.runs));
        l.text = l.runs.iter().map(|r| r.text.as_str()).collect();
    }
    lines.retain(|l| !l.text.is_empty());
    lines
}

/// Runs with their spaces made single and none at either end; a space
/// between a bold word and a plain one goes with the plain.
fn tidy(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    let (mut space, mut started) = (false, false);
    for r in runs {
        let mut text = String::with_capacity(r.text.len());
        for c in r.text.chars() {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space && started {
                text.push(' ');
            }
            (space, started) = (false, true);
            text.push(c);
        }
        if !text.is_empty() {
            push_run(&mut out, &text, r.bold);
        }
    }
    out
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

/// The right edge each line's column runs to, to tell a short line: the
/// furthest end of the lines on its page that start where it does.
fn right_edges(lines: &[Line]) -> Vec<f64> {
    let mut by_page: std::collections::HashMap<u32, Vec<&Line>> = Default::default();
    for o in lines {
        by_page.entry(o.page).or_default().push(o);
    }
    lines
        .iter()
        .map(|l| {
            by_page
                .get(&l.page)
                .into_iter()
                .flatten()
                .filter(|o| (o.x - l.x).abs() < l.size * 3.0)
                .map(|o| o.end)
                .fold(l.end, f64::max)
        })
        .collect()
}

/// Lines joined into paragraphs: a line runs on into the next unless a
/// gap, a short line ending a sentence, or a new question or label comes
/// between. A word hyphenated at a line's end is made whole. A line is
/// short against `right`, its column's right edge (`right_edges`, over the
/// page's text around any tables, or over the lines of one cell).
fn paragraphs(lines: &[Line], right: &[f64]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut runs: Vec<Run> = Vec::new();
    let mut page = 0;
    let flush = |runs: &mut Vec<Run>, page: u32, out: &mut Vec<Block>| {
        let runs = tidy(std::mem::take(runs));
        if !runs.is_empty() {
            out.push(Block {
                runs,
                line: page,
                ..Block::default()
            });
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
                } else if b.page != l.page || gap <= 0.0 {
                    // A full line that stops mid-sentence goes on over the
                    // page or column.
                    !short && !ended
                } else {
                    // Further down the same column, past a gap: a new
                    // paragraph.
                    false
                };
                // A line all in bold after a plain one, or the other way
                // about (a question in bold with its answer beneath), or a
                // line starting in bold after a plain sentence ended.
                let starts_bold = l.runs.first().is_some_and(|r| r.bold);
                let ended_plain = ended && b.runs.last().is_some_and(|r| !r.bold);
                let weight_changes =
                    all_bold(&b.runs) != all_bold(&l.runs) || (starts_bold && ended_plain);
                starts_question(&l.text)
                    || (l.size - b.size).abs() > 1.5
                    || weight_changes
                    || !runs_on
            }
        };
        if new_paragraph {
            flush(&mut runs, page, &mut out);
            page = l.page;
            runs.extend(l.runs.iter().cloned());
            continue;
        }
        // "commun-" then "ity": one word.
        let last = runs.last_mut().map(|r| &mut r.text);
        let hyphenated = last.as_ref().is_some_and(|t| {
            t.ends_with('-') && t.chars().rev().nth(1).is_some_and(char::is_alphabetic)
        }) && l.text.chars().next().is_some_and(char::is_lowercase);
        if let Some(t) = last {
            if hyphenated {
                t.pop();
            } else {
                t.push(' ');
            }
        }
        for r in &l.runs {
            push_run(&mut runs, &r.text, r.bold);
        }
    }
    flush(&mut runs, page, &mut out);
    out
}

/// For each page, whether each piece of text it shows (each string of a
/// `Tj` or `TJ`, in the order shown, forms included) is set in a bold
/// font. The PDF library gives characters without their font, but starts
/// a word at each such piece, so the two line up.
///
/// `None` when a page's forms draw one another without end, or more often
/// than any paper does (a form that draws itself, or ten that each draw the
/// next ten times): the library would recurse until the stack overflows,
/// so such a file is refused before it is read.
fn bold_pieces(doc: &Document) -> Option<(Vec<Vec<bool>>, Vec<u32>)> {
    let mut all = Vec::new();
    let mut unread = Vec::new();
    for &id in doc.get_pages().values() {
        let mut walk = Walk::default();
        let page = doc.get_object(id).and_then(Object::as_dict).ok();
        if let (Some(resources), Ok(content)) = (
            page.and_then(|p| inherited_resources(doc, p)),
            doc.get_page_content(id),
        ) {
            walk.bold_in(doc, &content, resources, 0);
        }
        if walk.bottomless {
            return None;
        }
        if walk.unread > 0 {
            unread.push(all.len() as u32 + 1);
        }
        all.push(walk.pieces);
    }
    Some((all, unread))
}

/// How deep forms may draw forms.
const MAX_FORM_DEPTH: u8 = 24;
/// How many forms one page may draw, counting each time one is drawn.
const MAX_FORMS_DRAWN: usize = 10_000;

/// One page's pieces of text, read as the PDF library will read them.
#[derive(Default)]
struct Walk {
    pieces: Vec<bool>,
    /// Text shown by the operators that move to the next line first (`'`
    /// and `"`), which the PDF library does not read.
    unread: usize,
    forms_drawn: usize,
    bottomless: bool,
}

/// A page's resources, or the nearest ones above it in the page tree.
fn inherited_resources<'a>(doc: &'a Document, page: &'a Dictionary) -> Option<&'a Dictionary> {
    let mut node = page;
    for _ in 0..32 {
        if let Some(found) = dict_at(doc, node, b"Resources") {
            return Some(found);
        }
        node = dict_at(doc, node, b"Parent")?;
    }
    None
}

/// A dictionary held (directly or by reference) under a key.
fn dict_at<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    let object = dict.get(key).ok()?;
    doc.dereference(object).ok()?.1.as_dict().ok()
}

/// The pieces of text one content stream shows, bold or not, read as the
/// PDF library reads them: `q` and `Q` keep and restore the font, and a
/// form drawn with `Do` is read where it is drawn.
impl Walk {
    fn bold_in(&mut self, doc: &Document, content: &[u8], resources: &Dictionary, depth: u8) {
        let Ok(content) = Content::decode(content) else {
            return;
        };
        let fonts = dict_at(doc, resources, b"Font");
        let mut bold = false;
        let mut kept = Vec::new();
        for op in &content.operations {
            let first = op.operands.first();
            match op.operator.as_str() {
                "q" => kept.push(bold),
                "Q" => bold = kept.pop().unwrap_or(bold),
                "Tf" => {
                    bold = first
                        .and_then(|n| n.as_name().ok())
                        .zip(fonts)
                        .and_then(|(name, fonts)| dict_at(doc, fonts, name))
                        .is_some_and(|font| bold_font(doc, font));
                }
                "Tj" => self.pieces.push(bold),
                "'" | "\"" => self.unread += 1,
                "TJ" => {
                    if let Some(Object::Array(parts)) = first {
                        self.pieces.extend(
                            parts
                                .iter()
                                .filter(|p| matches!(p, Object::String(..)))
                                .map(|_| bold),
                        );
                    }
                }
                "Do" => {
                    let form = first
                        .and_then(|n| n.as_name().ok())
                        .zip(dict_at(doc, resources, b"XObject"))
                        .and_then(|(name, xobjects)| xobjects.get(name).ok())
                        .and_then(|o| doc.dereference(o).ok())
                        .and_then(|(_, o)| o.as_stream().ok());
                    if let Some(form) = form {
                        self.forms_drawn += 1;
                        if depth >= MAX_FORM_DEPTH || self.forms_drawn > MAX_FORMS_DRAWN {
                            self.bottomless = true;
                            return;
                        }
                        let inner = dict_at(doc, &form.dict, b"Resources").unwrap_or(resources);
                        let bytes = form
                            .decompressed_content()
                            .unwrap_or_else(|_| form.content.clone());
                        self.bold_in(doc, &bytes, inner, depth + 1);
                        if self.bottomless {
                            return;
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// A font by its name ("ABCDEF+Arial-BoldMT", "Arial,Bold") or by the
/// weight or force-bold flag its descriptor gives.
fn bold_font(doc: &Document, font: &Dictionary) -> bool {
    let name = font
        .get(b"BaseFont")
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n).to_lowercase())
        .unwrap_or_default();
    let name = name.rsplit('+').next().unwrap_or_default();
    if ["bold", "black", "heavy", "demi"]
        .iter()
        .any(|w| name.contains(w))
    {
        return true;
    }
    // A composite font's descriptor is its descendant's.
    let descendant = font
        .get(b"DescendantFonts")
        .and_then(|o| doc.dereference(o))
        .ok()
        .and_then(|(_, o)| o.as_array().ok())
        .and_then(|a| a.first())
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok());
    let descriptor = dict_at(doc, font, b"FontDescriptor")
        .or_else(|| descendant.and_then(|d| dict_at(doc, d, b"FontDescriptor")));
    descriptor.is_some_and(|d| {
        let number = |key: &[u8]| {
            d.get(key).ok().and_then(|o| {
                o.as_float()
                    .ok()
                    .or_else(|| o.as_i64().ok().map(|i| i as f32))
            })
        };
        number(b"FontWeight").is_some_and(|w| w >= 600.0)
            || number(b"Flags").is_some_and(|f| (f as i64) & (1 << 18) != 0)
    })
}
