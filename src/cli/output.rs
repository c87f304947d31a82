//! What `kloe` prints: aligned, readable text for people, stable JSON for
//! scripts. Dates are written the British way ("18 March 2019").

use std::io::Write;

use kloe::doc::{RecommendationDoc, ReviewDoc};
use kloe::formats::import::{Reading, SourceFormat};
use kloe::model::{Partner, Revision, Status};
use kloe::store::backup::BackupInfo;
use kloe::store::{AssignmentInfo, ReviewSummary, SaveOutcome};
use kloe::text::{Paragraph, plain_words, shortened};
use kloe::workbook::due_dates::DueProposal;
use kloe::workbook::tracker::Tracker;
use kloe::{Error, Refusal, Result};

fn io(e: std::io::Error) -> Error {
    Error::Io {
        action: "write to",
        path: "standard output".into(),
        source: e,
    }
}

/// Standard output that never passes a control character to the terminal
/// raw: text from a workbook or a partner's file could otherwise move the
/// cursor, retitle the window or hide what follows. Each one but a line
/// break or a tab is written as `\u{1b}` instead (C0, DEL and C1).
pub struct Printable<W: Write> {
    inner: W,
    /// A UTF-8 lead byte of C1's range seen at the end of the last write.
    pending_c2: bool,
}

impl<W: Write> Printable<W> {
    pub fn new(inner: W) -> Self {
        Printable {
            inner,
            pending_c2: false,
        }
    }
}

impl<W: Write> Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut start = 0;
        for (i, &b) in buf.iter().enumerate() {
            if self.pending_c2 {
                self.pending_c2 = false;
                if (0x80..=0x9F).contains(&b) {
                    // U+0080..U+009F: the lead byte was held back.
                    self.inner.write_all(&buf[start..i])?;
                    write!(self.inner, "\\u{{{b:x}}}")?;
                    start = i + 1;
                    continue;
                }
                self.inner.write_all(&[0xC2])?;
            }
            let control = (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7F;
            if control {
                self.inner.write_all(&buf[start..i])?;
                write!(self.inner, "\\u{{{b:x}}}")?;
                start = i + 1;
            } else if b == 0xC2 {
                self.inner.write_all(&buf[start..i])?;
                self.pending_c2 = true;
                start = i + 1;
            }
        }
        self.inner.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if std::mem::take(&mut self.pending_c2) {
            self.inner.write_all(&[0xC2])?;
        }
        self.inner.flush()
    }
}

pub fn flush(out: &mut impl Write) -> Result<()> {
    out.flush().map_err(io)
}

pub fn line(out: &mut impl Write, text: &str) -> Result<()> {
    writeln!(out, "{text}").map_err(io)
}

pub fn json<T: serde::Serialize>(out: &mut impl Write, value: &T) -> Result<()> {
    let mut text = serde_json::to_vec_pretty(value)
        .map_err(|e| Error::refused(Refusal::Internal, format!("Could not write JSON: {e}")))?;
    text.push(b'\n');
    out.write_all(&text).map_err(io)
}

pub use kloe::text::{long_date as date, short_date};

/// Left-aligned columns, two spaces apart, sized to their widest cell.
fn table(out: &mut impl Write, header: &[&str], rows: &[Vec<String>], indent: &str) -> Result<()> {
    let columns = rows
        .iter()
        .map(Vec::len)
        .chain([header.len()])
        .max()
        .unwrap_or(0);
    let mut widths = vec![0; columns];
    for (i, h) in header.iter().enumerate() {
        widths[i] = h.chars().count();
    }
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let render = |cells: Vec<String>| {
        let last = cells.len().saturating_sub(1);
        let mut s = String::from(indent);
        for (i, cell) in cells.into_iter().enumerate() {
            s.push_str(&cell);
            if i < last {
                let pad = widths[i] - cell.chars().count() + 2;
                s.extend(std::iter::repeat_n(' ', pad));
            }
        }
        s.trim_end().to_string()
    };
    if !header.is_empty() {
        line(out, &render(header.iter().map(|h| h.to_string()).collect()))?;
    }
    for row in rows {
        line(out, &render(row.clone()))?;
    }
    Ok(())
}

pub fn reviews(out: &mut impl Write, reviews: &[ReviewSummary]) -> Result<()> {
    if reviews.is_empty() {
        return line(
            out,
            "No reviews yet. Create one with `kloe new TITLE`, or try `kloe sample`.",
        );
    }
    let rows: Vec<Vec<String>> = reviews
        .iter()
        .map(|r| {
            let mut title = r.title.clone();
            if r.is_sample {
                title.push_str(" (sample)");
            }
            if let Some(partner) = &r.answering_for {
                title.push_str(&format!(" (answering for {partner})"));
            }
            vec![
                r.id.to_string(),
                r.meeting_date.map(short_date).unwrap_or_else(|| "–".into()),
                format!("{}/{}", r.settled, r.assignments),
                r.questions.to_string(),
                r.status.label().to_string(),
                r.updated_at.format("%-d %b %Y %H:%M").to_string(),
                title,
            ]
        })
        .collect();
    table(
        out,
        &[
            "ID",
            "Meeting",
            "Answered",
            "Questions",
            "Status",
            "Last change",
            "Title",
        ],
        &rows,
        "",
    )
}

fn paragraphs(out: &mut impl Write, ps: &[Paragraph], indent: &str) -> Result<()> {
    for p in ps {
        let text = p.to_markdown();
        let mut first = true;
        for l in text.split('\n') {
            let lead = if first {
                indent.to_string()
            } else {
                format!("{indent}  ")
            };
            line(out, &format!("{lead}{l}"))?;
            first = false;
        }
    }
    Ok(())
}

pub fn review(out: &mut impl Write, doc: &ReviewDoc) -> Result<()> {
    line(out, &doc.title)?;
    if let Some(s) = &doc.subtitle {
        line(out, s)?;
    }
    let mut facts = Vec::new();
    if let Some(d) = doc.meeting_date {
        facts.push(format!("Meeting {}", date(d)));
    }
    if let Some(c) = &doc.committee {
        facts.push(c.clone());
    }
    if let Some(fy) = &doc.financial_year {
        facts.push(format!("Year {fy}"));
    }
    facts.push(format!("Review {}", doc.id));
    if doc.is_sample {
        facts.push("Sample review".into());
    }
    line(out, &facts.join(" · "))?;
    if !doc.intro.is_empty() {
        line(out, "")?;
        paragraphs(out, &doc.intro, "")?;
    }
    line(out, "")?;
    let partners: Vec<String> = doc
        .partners
        .iter()
        .map(|p| format!("{} ({})", p.short_name, p.name))
        .collect();
    line(
        out,
        &format!(
            "Partners: {}",
            if partners.is_empty() {
                "none yet".into()
            } else {
                partners.join(", ")
            }
        ),
    )?;
    for s in &doc.sections {
        line(out, "")?;
        line(out, &format!("## {}", s.title))?;
        paragraphs(out, &s.lead_in, "")?;
        for q in &s.questions {
            line(out, "")?;
            paragraphs(out, &q.context, "   ")?;
            line(out, &format!("{:>2}. {}", q.number, q.text))?;
            paragraphs(out, &q.notes, "   Note: ")?;
            if !q.appendices.is_empty() {
                line(out, &format!("   See {}", q.appendices.join(", ")))?;
            }
            if q.assignments.is_empty() {
                line(out, "   (not assigned to any partner)")?;
            }
            for a in &q.assignments {
                let due = a
                    .due
                    .map(|d| format!(", due {}", short_date(d)))
                    .unwrap_or_default();
                line(out, &format!("   {} [{}{due}]", a.label, a.status.label()))?;
                if a.response.is_empty() {
                    line(out, "      (no response yet)")?;
                }
                paragraphs(out, &a.response, "      ")?;
            }
        }
    }
    if !doc.appendices.is_empty() {
        line(out, "")?;
        line(out, "Appendices:")?;
        for a in &doc.appendices {
            let title = a
                .title
                .as_deref()
                .map(|t| format!(": {t}"))
                .unwrap_or_default();
            line(out, &format!("   {}{title}", a.label))?;
        }
    }
    Ok(())
}

pub fn tracker(out: &mut impl Write, t: &Tracker) -> Result<()> {
    let meeting = match t.meeting_date {
        Some(d) => {
            let days = (d - t.today).num_days();
            let when = match days {
                0 => " – today".to_string(),
                1 => " – tomorrow".to_string(),
                2.. => format!(", in {days} days"),
                _ => String::new(),
            };
            format!(" (meeting {}{when})", date(d))
        }
        None => String::new(),
    };
    line(out, &format!("{}{meeting}", t.title))?;
    let settled: u32 = Status::ALL
        .iter()
        .filter(|s| s.is_settled())
        .map(|s| t.totals.get(*s))
        .sum();
    line(
        out,
        &format!(
            "On {}: {} responses, {settled} settled, {} awaiting approval, {} outstanding, {} overdue",
            date(t.today),
            t.assignments,
            t.totals.get(Status::Submitted),
            t.outstanding,
            t.overdue
        ),
    )?;
    line(out, "")?;
    if t.partners.is_empty() {
        return line(
            out,
            "This review has no partners yet; add them with `kloe partner add`.",
        );
    }
    let mut header = vec!["Partner", "Assigned"];
    header.extend([
        "Not started",
        "Drafting",
        "Submitted",
        "Approved",
        "Not required",
        "Elsewhere",
        "Overdue",
    ]);
    let rows: Vec<Vec<String>> = t
        .partners
        .iter()
        .map(|p| {
            let mut row = vec![p.short_name.clone(), p.assignments.to_string()];
            row.extend(Status::ALL.iter().map(|s| p.counts.get(*s).to_string()));
            row.push(p.overdue.to_string());
            row
        })
        .collect();
    table(out, &header, &rows, "")?;
    if t.joint_assignments > 0 {
        line(
            out,
            &format!(
                "A joint response counts once for each of its partners ({} joint).",
                t.joint_assignments
            ),
        )?;
    }
    let r = &t.recommendations;
    if r.responses > 0 {
        line(
            out,
            &format!(
                "Recommendations: {} responses, {} outstanding, {} overdue (`kloe recs` lists them)",
                r.responses, r.outstanding, r.overdue
            ),
        )?;
    }
    let owed: Vec<_> = t
        .partners
        .iter()
        .filter(|p| !p.outstanding.is_empty() || !p.recommendations_owed.is_empty())
        .collect();
    line(out, "")?;
    if owed.is_empty() {
        return line(
            out,
            "Nothing is owed: every partner has handed in their responses.",
        );
    }
    line(out, "Still owed:")?;
    for p in owed {
        line(out, "")?;
        line(
            out,
            &format!(
                "{} ({}): {} owed",
                p.name,
                p.short_name,
                p.outstanding.len() + p.recommendations_owed.len()
            ),
        )?;
        let due_words =
            |due: Option<chrono::NaiveDate>, overdue: bool, days: i64| match (due, overdue) {
                (Some(d), true) => format!(
                    "due {} – OVERDUE by {days} day{}",
                    short_date(d),
                    if days == 1 { "" } else { "s" }
                ),
                (Some(d), false) => format!("due {}", short_date(d)),
                (None, _) => "no due date".into(),
            };
        let joint = |with: &[String]| {
            if with.is_empty() {
                String::new()
            } else {
                format!(" (joint with {})", with.join(", "))
            }
        };
        let rows: Vec<Vec<String>> = p
            .outstanding
            .iter()
            .map(|o| {
                vec![
                    format!("Q{}", o.number),
                    o.status.label().to_string(),
                    due_words(o.due, o.overdue, o.days_overdue),
                    format!("{}{}", shortened(&o.question, 70), joint(&o.joint_with)),
                ]
            })
            .chain(p.recommendations_owed.iter().map(|o| {
                vec![
                    format!("Rec {}", o.reference),
                    o.status.label().to_string(),
                    due_words(o.due, o.overdue, o.days_overdue),
                    format!("{}{}", shortened(&o.text, 70), joint(&o.joint_with)),
                ]
            }))
            .collect();
        table(out, &[], &rows, "  ")?;
    }
    Ok(())
}

pub fn partners(out: &mut impl Write, partners: &[Partner]) -> Result<()> {
    if partners.is_empty() {
        return line(
            out,
            "No partners yet. Add one with `kloe partner add REVIEW NAME --short SHORT`.",
        );
    }
    let rows: Vec<Vec<String>> = partners
        .iter()
        .map(|p| {
            vec![
                p.short_name.clone(),
                p.name.clone(),
                p.label.clone(),
                p.aliases.join(", "),
                p.contact_email.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table(
        out,
        &["Short name", "Name", "Label", "Also known as", "E-mail"],
        &rows,
        "",
    )
}

pub fn history(out: &mut impl Write, revisions: &[Revision]) -> Result<()> {
    if revisions.is_empty() {
        return line(out, "Nothing has been saved for this response yet.");
    }
    for r in revisions {
        line(
            out,
            &format!(
                "Revision {} by {} at {}",
                r.id,
                r.author,
                r.saved_at.format("%-d %b %Y %H:%M:%S UTC")
            ),
        )?;
        if let Some(s) = &r.signoff {
            line(out, &format!("   Signed off by {s}"))?;
        }
        paragraphs(out, &r.paragraphs, "   ")?;
    }
    Ok(())
}

pub fn assigned(info: &AssignmentInfo) -> String {
    let due = info
        .due
        .map(|d| format!(", due {}", date(d)))
        .unwrap_or_default();
    format!(
        "Question {}: {} ({}{due})",
        info.number,
        info.label,
        info.status.label()
    )
}

pub fn saved(info: &AssignmentInfo, saved: &SaveOutcome) -> String {
    let what = if saved.changed {
        match saved.revision {
            Some(r) => format!("saved as revision {r}"),
            None => "saved".into(),
        }
    } else {
        "unchanged".into()
    };
    format!(
        "Question {}: {} {what}; status {}",
        info.number,
        info.label,
        info.status.label()
    )
}

/// Where each paragraph of the document went, a line each, with the
/// doubts about a paragraph beneath it.
pub fn placed(out: &mut impl Write, r: &Reading) -> Result<()> {
    line(out, "")?;
    line(out, "Where each paragraph went:")?;
    let mut told = std::collections::HashSet::new();
    for p in &r.placed {
        let at = match p.place.split_once(' ') {
            Some((unit, n)) => format!("{unit} {n:>5}"),
            None => format!("{:>15}", "(made)"),
        };
        line(out, &format!("  {at}  {}: {}", p.went, p.text))?;
        if p.line > 0 && told.insert(p.line) {
            for w in r.warnings.iter().filter(|w| w.line == Some(p.line)) {
                line(out, &format!("{:>19}doubt: {w}", ""))?;
            }
        }
    }
    Ok(())
}

/// One line on what an import read.
pub fn reading_summary(out: &mut impl Write, file: &std::path::Path, r: &Reading) -> Result<()> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let kind = match r.format {
        SourceFormat::Txt => "plain text",
        SourceFormat::Md => "Markdown",
        SourceFormat::Docx => "Word document",
        SourceFormat::Pdf => "PDF",
    };
    let how = match r.encoding {
        Some(e) => format!("{kind}, {e}"),
        None => kind.to_string(),
    };
    let recommendations = match r.draft.recommendations.len() {
        0 => String::new(),
        n => format!(", {n} recommendation{}", plural(n)),
    };
    line(
        out,
        &format!(
            "Read {name} ({how}): {} section{}, {} question{}, {} response{}, {} partner{}{recommendations}",
            r.draft.sections.len(),
            plural(r.draft.sections.len()),
            r.questions(),
            plural(r.questions()),
            r.responses(),
            plural(r.responses()),
            r.draft.partners.len(),
            plural(r.draft.partners.len()),
        ),
    )?;
    for w in &r.warnings {
        line(out, &format!("Warning: {w}"))?;
    }
    Ok(())
}

/// The outline an import found: sections, numbered questions with their
/// first words, each response's label and state, then the warnings.
pub fn reading(out: &mut impl Write, file: &std::path::Path, r: &Reading) -> Result<()> {
    line(out, &r.draft.title)?;
    if let Some(s) = &r.draft.subtitle {
        line(out, s)?;
    }
    if let Some(d) = r.draft.meeting_date {
        line(out, &format!("Meeting {}", date(d)))?;
    }
    if !r.draft.intro.is_empty() {
        line(
            out,
            &format!(
                "{} introductory paragraph{}",
                r.draft.intro.len(),
                plural(r.draft.intro.len())
            ),
        )?;
    }
    let partners: Vec<String> = r
        .draft
        .partners
        .iter()
        .map(|p| format!("{} ({})", p.short_name, p.name))
        .collect();
    if partners.is_empty() {
        line(out, "Partners: none named yet")?;
    } else {
        line(out, &format!("Partners: {}", partners.join(", ")))?;
    }
    let mut number = 0;
    for s in &r.draft.sections {
        line(out, "")?;
        line(out, &format!("## {}", s.title))?;
        if !s.lead_in.is_empty() {
            line(
                out,
                &format!(
                    "   ({} lead-in paragraph{})",
                    s.lead_in.len(),
                    plural(s.lead_in.len())
                ),
            )?;
        }
        for q in &s.questions {
            number += 1;
            let mut extras = Vec::new();
            if !q.context.is_empty() {
                extras.push(format!("{} context", q.context.len()));
            }
            if !q.notes.is_empty() {
                extras.push(format!("{} note{}", q.notes.len(), plural(q.notes.len())));
            }
            let extras = if extras.is_empty() {
                String::new()
            } else {
                format!(" [{}]", extras.join(", "))
            };
            line(
                out,
                &format!("{number:>3}. {}{extras}", shortened(&q.text, 70)),
            )?;
            for resp in &q.responses {
                let label = match &resp.label {
                    Some(label) => label.clone(),
                    None => format!("{}, no label", resp.partners.join(" and ")),
                };
                let state = if resp.paragraphs.is_empty() {
                    "still owed".to_string()
                } else {
                    format!(
                        "{}, {} paragraph{}",
                        resp.status.label(),
                        resp.paragraphs.len(),
                        plural(resp.paragraphs.len())
                    )
                };
                line(out, &format!("       {label} ({state})"))?;
            }
        }
    }
    if !r.draft.recommendations.is_empty() {
        line(out, "")?;
        line(out, "## Recommendations")?;
        for (n, rec) in r.draft.recommendations.iter().enumerate() {
            let words: Vec<String> = rec.text.iter().map(Paragraph::plain_text).collect();
            line(
                out,
                &format!("{:>3}. {}", n + 1, shortened(&words.join(" "), 70)),
            )?;
            let owed: Vec<String> = rec.owed.iter().map(|g| g.join(" and ")).collect();
            let owed = if owed.is_empty() {
                "addressed to no partner yet".to_string()
            } else {
                format!("owed a response by {}", owed.join(", "))
            };
            line(out, &format!("       {owed}"))?;
        }
    }
    line(out, "")?;
    reading_summary(out, file, r)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// What merging a partner's response would do, answer by answer, with both
/// answers shown where they conflict.
pub fn merge_plan(plan: &kloe::workbook::packs::merge::MergePlan) -> String {
    use kloe::workbook::packs::merge::MergeChange;
    let mut text = format!(
        "Response from {} to \"{}\" (review {}), written {}",
        plan.partner_name,
        plan.review_title,
        plan.review,
        plan.returned_at.format("%-d %b %Y %H:%M UTC")
    );
    match &plan.signoff {
        Some(s) => text.push_str(&format!("\nSigned off by {s}")),
        None => text.push_str("\nNo sign-off recorded"),
    }
    if let Some(at) = plan.already_merged_at {
        text.push_str(&format!(
            "\nAlready merged on {}: merging it again changes nothing.",
            at.format("%-d %b %Y %H:%M UTC")
        ));
        return text;
    }
    if plan.items.is_empty() && plan.recommendations.is_empty() {
        text.push_str("\nIt holds no answers.");
    }
    let show = |text: &mut String, title: &str, ps: &[Paragraph]| {
        text.push_str(&format!("\n    {title}:"));
        if ps.iter().all(|p| p.is_blank()) {
            text.push_str(" (empty)");
        }
        for p in ps {
            text.push_str(&format!("\n      {}", p.to_markdown()));
        }
    };
    let what = |change: MergeChange, thing: &str| match change {
        MergeChange::Update => format!("will take the partner's {thing}, submitted"),
        MergeChange::MarkSubmitted => "same words; will be marked submitted".to_string(),
        MergeChange::Same => format!("unchanged (already this {thing})"),
        MergeChange::KeptOurs => format!(
            "kept as it is here: the partner left the {thing} they were sent, and it has changed here since"
        ),
        MergeChange::Conflict => {
            "CONFLICT: changed here and by the partner since the pack was sent".to_string()
        }
    };
    for i in &plan.items {
        text.push_str(&format!(
            "\nQuestion {}: {}: {}",
            i.number,
            i.label,
            what(i.change, "answer")
        ));
        if i.change == MergeChange::Conflict {
            show(&mut text, "As sent in the pack", &i.base);
            let ours = match &i.ours_author {
                Some(a) => format!("Here now (saved by {a})"),
                None => "Here now".into(),
            };
            show(&mut text, &ours, &i.ours);
            show(&mut text, &format!("From {}", plan.partner_name), &i.theirs);
        }
    }
    for r in &plan.recommendations {
        text.push_str(&format!(
            "\nRecommendation {}: {}: {}",
            r.reference,
            rec_words_line(&r.theirs),
            what(r.change, "response")
        ));
        if r.change == MergeChange::Conflict {
            let ours = match &r.ours_author {
                Some(a) => format!("Here now (saved by {a})"),
                None => "Here now".into(),
            };
            for (title, words) in [
                ("As sent in the pack".to_string(), &r.base),
                (ours, &r.ours),
                (format!("From {}", plan.partner_name), &r.theirs),
            ] {
                show(
                    &mut text,
                    &format!("{title}, {}", rec_words_line(words)),
                    &words.text,
                );
            }
        }
    }
    text
}

/// A response to a recommendation's decision, lead officer and target on
/// one line: "accepted; lead Jo Smith; target 31 March 2027".
fn rec_words_line(words: &kloe::doc::RecWords) -> String {
    let mut parts = vec![
        words
            .decision
            .map_or("no decision".to_string(), |d| d.label().to_string()),
    ];
    if let Some(lead) = &words.lead_officer {
        parts.push(format!("lead {lead}"));
    }
    if let Some(target) = words.target {
        parts.push(format!("target {}", kloe::text::long_date(target)));
    }
    parts.join("; ")
}

/// Question numbers as "Q9, Q10".
pub fn questions(numbers: &[u32]) -> String {
    let words: Vec<String> = numbers.iter().map(|n| format!("Q{n}")).collect();
    words.join(", ")
}

/// What a merge did.
pub fn merge_outcome(
    plan: &kloe::workbook::packs::merge::MergePlan,
    outcome: &kloe::workbook::packs::merge::MergeOutcome,
) -> String {
    if outcome.already_merged {
        return format!(
            "This response from {} was already merged; nothing changed.",
            outcome.partner_name
        );
    }
    let mut said = Vec::new();
    match outcome.updated.len() {
        0 if outcome.updated_recommendations.is_empty() => {
            said.push("no answers submitted".to_string())
        }
        0 => {}
        1 => said.push(format!(
            "1 answer ({}) submitted",
            questions(&outcome.updated)
        )),
        n => said.push(format!(
            "{n} answers ({}) submitted",
            questions(&outcome.updated)
        )),
    }
    if !outcome.kept.is_empty() {
        said.push(format!(
            "kept the answer here for {}",
            questions(&outcome.kept)
        ));
    }
    match outcome.updated_recommendations.as_slice() {
        [] => {}
        [one] => said.push(format!("submitted the response to recommendation {one}")),
        more => said.push(format!(
            "submitted the responses to recommendations {}",
            more.join(", ")
        )),
    }
    if !outcome.kept_recommendations.is_empty() {
        said.push(format!(
            "kept the response here for recommendation {}",
            outcome.kept_recommendations.join(", ")
        ));
    }
    format!(
        "Merged the response from {} into \"{}\": {}",
        outcome.partner_name,
        plan.review_title,
        said.join("; ")
    )
}

/// Due dates proposed (or, with `applied`, set) for what is owed.
pub fn due_dates(
    out: &mut impl Write,
    proposals: &[DueProposal],
    clear_days: u32,
    applied: bool,
) -> Result<()> {
    let Some(first) = proposals.first() else {
        return line(out, "Nothing is owed, so no due dates are needed.");
    };
    let verb = if applied { "Set" } else { "Proposed" };
    line(
        out,
        &format!(
            "{verb}: due {} for {} answer(s), {clear_days} clear working days before the meeting",
            kloe::text::long_date(first.proposed),
            proposals.len()
        ),
    )?;
    for p in proposals {
        let was = p
            .current
            .map(|d| format!(" (was {})", kloe::text::long_date(d)))
            .unwrap_or_default();
        line(out, &format!("  Question {}: {}{was}", p.number, p.label))?;
    }
    if !applied {
        line(out, "Add --apply to set them.")?;
    }
    Ok(())
}

/// The automatic backups, newest first: when, why, how large, where.
pub fn backups(out: &mut impl Write, backups: &[BackupInfo]) -> Result<()> {
    if backups.is_empty() {
        return line(out, "No automatic backups yet.");
    }
    for b in backups {
        line(
            out,
            &format!(
                "{}  {:<17} {:>7} KB  {}",
                b.taken_at.format("%-d %b %Y %H:%M:%S"),
                b.reason,
                b.bytes / 1024,
                b.path
            ),
        )?;
    }
    Ok(())
}

/// The names of the partners who owe a response, joined.
fn owed_by(partners: &[Partner], ids: &[kloe::model::PartnerId]) -> String {
    let names: Vec<&str> = ids
        .iter()
        .filter_map(|id| partners.iter().find(|p| p.id == *id))
        .map(|p| p.short_name.as_str())
        .collect();
    match names.as_slice() {
        [] => "nobody".into(),
        [one] => (*one).to_string(),
        many => format!("{} jointly", many.join(" and ")),
    }
}

/// What `rec add` says before the reference.
pub fn rec_added(partners: &[Partner], rec: &RecommendationDoc) -> String {
    let owed: Vec<String> = rec
        .responses
        .iter()
        .map(|r| owed_by(partners, &r.partners))
        .collect();
    let due = rec
        .due
        .map(|d| format!("; responses due {}", date(d)))
        .unwrap_or_default();
    format!(
        "Added recommendation {}, owed a response by {}{due}. Its reference:",
        rec.number,
        owed.join(", ")
    )
}

/// The recommendation tracker: each recommendation with who owes what and
/// where it stands.
pub fn recommendations(
    out: &mut impl Write,
    partners: &[Partner],
    recs: &[RecommendationDoc],
    today: chrono::NaiveDate,
) -> Result<()> {
    if recs.is_empty() {
        return line(
            out,
            "This review has no recommendations yet; add one with `kloe rec add REVIEW TEXT --to PARTNER`.",
        );
    }
    let responses = || {
        recs.iter()
            .flat_map(|r| r.responses.iter().map(move |x| (r, x)))
    };
    let owed = responses()
        .filter(|(_, x)| x.status.is_outstanding())
        .count();
    let overdue = responses()
        .filter(|(r, x)| x.status.overdue(r.due, today))
        .count();
    line(
        out,
        &format!(
            "On {}: {} recommendation{}, {owed} response{} owed, {overdue} overdue",
            date(today),
            recs.len(),
            if recs.len() == 1 { "" } else { "s" },
            if owed == 1 { "" } else { "s" },
        ),
    )?;
    for r in recs {
        line(out, "")?;
        let progress = match (r.progress, r.updates.last()) {
            (Some(p), Some(u)) => format!("{} ({})", p.label(), short_date(u.date)),
            _ => "no progress recorded".into(),
        };
        line(out, &format!("{}  {}  [{progress}]", r.number, r.reference))?;
        line(out, &format!("   {}", shortened(&plain_words(&r.text), 90)))?;
        for x in &r.responses {
            let decision = x.decision.map(|d| d.label()).unwrap_or("no decision yet");
            let late = x.status.overdue(r.due, today);
            let due = match r.due {
                Some(d) if x.status.is_outstanding() => {
                    format!(
                        ", due {}{}",
                        short_date(d),
                        if late { " (overdue)" } else { "" }
                    )
                }
                _ => String::new(),
            };
            let lead = x
                .lead_officer
                .as_deref()
                .map(|l| format!(", lead {l}"))
                .unwrap_or_default();
            let target = x
                .target
                .map(|t| format!(", target {}", short_date(t)))
                .unwrap_or_default();
            line(
                out,
                &format!(
                    "   {}: {}, {decision}{lead}{target}{due}",
                    owed_by(partners, &x.partners),
                    x.status.label()
                ),
            )?;
        }
    }
    Ok(())
}

/// How many recommendations stood at each status at the end of each month.
pub fn rag_history(
    out: &mut impl Write,
    months: &[kloe::workbook::recommendations::RagMonth],
) -> Result<()> {
    use kloe::model::ProgressStatus;
    if months.is_empty() {
        return line(
            out,
            "No recommendation has been agreed or updated yet, so there is no history to show.",
        );
    }
    let names: Vec<String> = ProgressStatus::ALL
        .iter()
        .map(|s| s.label())
        .chain(["no update"])
        .map(kloe::text::capitalised)
        .collect();
    let mut header = vec!["Month"];
    header.extend(names.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = months
        .iter()
        .map(|m| {
            let mut row = vec![m.month.format("%b %Y").to_string()];
            row.extend(
                ProgressStatus::ALL
                    .iter()
                    .map(|s| s.as_str())
                    .chain(["no_update"])
                    .map(|k| m.counts.get(k).copied().unwrap_or(0).to_string()),
            );
            row
        })
        .collect();
    table(out, &header, &rows, "")
}
