//! The monitoring schedule: every recommendation with, for each partner's
//! response, the decision, lead officer, target date, where carrying it
//! out stands (a RAG colour always with its words, so it never relies on
//! colour alone) and the latest update. Word (a landscape table), Markdown
//! and HTML.

use super::docx::{Body, Para};
use super::xml::push_escaped;
use super::{Plan, long_date};
use crate::model::{Partner, ProgressStatus, joint_label};
use crate::text::{capitalised, plain_words, short_date};

/// The schedule's column headings.
const HEADINGS: [&str; 8] = [
    "Ref",
    "Recommendation",
    "Response from",
    "Decision",
    "Lead officer",
    "Target date",
    "Status",
    "Latest update",
];

/// One line of the schedule: one response to one recommendation.
pub(super) struct Row {
    pub reference: String,
    pub recommendation: String,
    pub partner: String,
    pub decision: String,
    pub lead: String,
    pub target: String,
    pub progress: Option<ProgressStatus>,
    pub latest: String,
}

impl Row {
    /// "On track", or that nothing has been recorded.
    pub fn status(&self) -> String {
        match self.progress {
            Some(p) => capitalised(p.label()),
            None => "No update yet".into(),
        }
    }

    /// Its cells, in the order of `HEADINGS`.
    fn cells(&self) -> [String; 8] {
        [
            self.reference.clone(),
            self.recommendation.clone(),
            self.partner.clone(),
            self.decision.clone(),
            self.lead.clone(),
            self.target.clone(),
            self.status(),
            self.latest.clone(),
        ]
    }
}

/// The heading and the day the schedule stands at.
fn heading(plan: &Plan<'_>) -> (String, String) {
    (
        format!("Monitoring of recommendations: {}", plan.doc.title),
        format!("As at {}", long_date(plan.now.date_naive())),
    )
}

/// The schedule's rows: each recommendation once for each response it is
/// owed (once with no partner when it is owed none).
pub(super) fn rows(plan: &Plan<'_>) -> Vec<Row> {
    let doc = plan.doc;
    let mut out = Vec::new();
    for rec in &doc.recommendations {
        let words = plain_words(&rec.text);
        let latest = rec
            .updates
            .last()
            .map(|u| {
                if u.text.is_empty() {
                    short_date(u.date)
                } else {
                    format!("{}: {}", short_date(u.date), u.text)
                }
            })
            .unwrap_or_default();
        let row = |partner: String| Row {
            reference: rec.reference.clone(),
            recommendation: words.clone(),
            partner,
            decision: String::new(),
            lead: String::new(),
            target: String::new(),
            progress: rec.progress,
            latest: latest.clone(),
        };
        if rec.responses.is_empty() {
            out.push(row("–".into()));
        }
        for r in &rec.responses {
            let members: Vec<&Partner> =
                r.partners.iter().filter_map(|p| doc.partner(*p)).collect();
            let names: Vec<&str> = members.iter().map(|p| p.name.as_str()).collect();
            let partner = match names.as_slice() {
                [one] => (*one).to_string(),
                _ => {
                    joint_label(&members)
                        .trim_end_matches(" Response")
                        .to_string()
                        + " (jointly)"
                }
            };
            out.push(Row {
                decision: match r.decision {
                    Some(d) => capitalised(d.label()),
                    None if r.status.is_outstanding() => "Response awaited".into(),
                    None => String::new(),
                },
                lead: r.lead_officer.clone().unwrap_or_default(),
                target: r.target.map(short_date).unwrap_or_default(),
                ..row(partner)
            });
        }
    }
    out
}

/// Word's fill for a status: light, so its words stay readable.
fn fill(progress: Option<ProgressStatus>) -> &'static str {
    match progress.map(ProgressStatus::rag) {
        Some("green") => "C6EFCE",
        Some("amber") => "FFEB9C",
        Some("red") => "FFC7CE",
        _ => "E7E6E6",
    }
}

pub(super) fn markdown(plan: &Plan<'_>) -> String {
    let (title, when) = heading(plan);
    let cell = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('|', "\\|")
            .replace(['\n', '\r'], " ")
    };
    let mut out = format!("# {}\n\n{}\n\n", cell(&title), cell(&when));
    if plan.doc.recommendations.is_empty() {
        out.push_str("No recommendations have been recorded for this review.\n");
        return out;
    }
    out.push_str(&format!("| {} |\n", HEADINGS.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(HEADINGS.len())));
    for row in rows(plan) {
        let cells: Vec<String> = row.cells().iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

pub(super) fn html(plan: &Plan<'_>) -> String {
    let (title, when) = heading(plan);
    let mut h = String::with_capacity(8192);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>");
    push_escaped(&mut h, &title);
    h.push_str("</title>\n<style>\
body{font-family:Arial,Helvetica,sans-serif;font-size:11pt;color:#1b1b1b;background:#fff;margin:2em}\
h1{font-size:1.4em;margin:0 0 .3em}table{border-collapse:collapse;width:100%}\
th,td{border:1px solid #8a8a8a;padding:.35em .5em;vertical-align:top;text-align:left}th{background:#f0f0f0}\
td:first-child,td:nth-child(6){white-space:nowrap}\
.green{background:#c6efce}.amber{background:#ffeb9c}.red{background:#ffc7ce}.grey{background:#e7e6e6}\
@page{size:A4 landscape}</style>\n</head>\n<body>\n<main>\n<h1>");
    push_escaped(&mut h, &title);
    h.push_str("</h1>\n<p>");
    push_escaped(&mut h, &when);
    h.push_str("</p>\n");
    if plan.doc.recommendations.is_empty() {
        h.push_str("<p>No recommendations have been recorded for this review.</p>\n");
    } else {
        h.push_str("<table>\n<thead><tr>");
        for head in HEADINGS {
            h.push_str("<th scope=\"col\">");
            h.push_str(head);
            h.push_str("</th>");
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for row in rows(plan) {
            h.push_str("<tr>");
            for (i, c) in row.cells().iter().enumerate() {
                if i == 6 {
                    h.push_str(&format!(
                        "<td class=\"{}\">",
                        row.progress.map(ProgressStatus::rag).unwrap_or("grey")
                    ));
                } else {
                    h.push_str("<td>");
                }
                push_escaped(&mut h, c);
                h.push_str("</td>");
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

/// The schedule as Word's body: a heading, the day, and a table whose
/// heading row repeats on every page.
pub(super) fn docx_body(plan: &Plan<'_>) -> String {
    let (title, when) = heading(plan);
    let mut body = Body::new();
    body.text(
        Para {
            style: Some("Title"),
            ..Para::default()
        },
        &title,
    );
    body.text(
        Para {
            style: Some("Subtitle"),
            ..Para::default()
        },
        &when,
    );
    if plan.doc.recommendations.is_empty() {
        body.text(
            Para::default(),
            "No recommendations have been recorded for this review.",
        );
        return body.into_xml();
    }
    // Column widths in twentieths of a point, across a landscape A4 page
    // inside 1.27 cm margins (15,398 in all).
    const WIDTHS: [u32; 8] = [1650, 3400, 1900, 1400, 1500, 1250, 1300, 2998];
    let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"";
    body.raw(&format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>\
         <w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/>\
         <w:insideH {border}/><w:insideV {border}/></w:tblBorders>\
         <w:tblCellMar><w:top w:w=\"60\" w:type=\"dxa\"/><w:left w:w=\"80\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"60\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar>\
         <w:tblLook w:val=\"0020\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
    ));
    for w in WIDTHS {
        body.raw(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    body.raw("</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (head, w) in HEADINGS.iter().zip(WIDTHS) {
        cell(&mut body, w, Some("D9D9D9"), head, true);
    }
    body.raw("</w:tr>");
    for row in rows(plan) {
        body.raw("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (i, (text, w)) in row.cells().iter().zip(WIDTHS).enumerate() {
            let shade = (i == 6).then(|| fill(row.progress));
            cell(&mut body, w, shade, text, i == 0);
        }
        body.raw("</w:tr>");
    }
    body.raw("</w:tbl><w:p/>");
    body.into_xml()
}

fn cell(body: &mut Body, width: u32, shade: Option<&str>, text: &str, bold: bool) {
    body.raw(&format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"
    ));
    if let Some(fill) = shade {
        body.raw(&format!(
            "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>"
        ));
    }
    body.raw("</w:tcPr>");
    body.text(
        Para {
            style: Some("KloeTableText"),
            bold,
            ..Para::default()
        },
        text,
    );
    body.raw("</w:tc>");
}

/// A landscape A4 page with narrow margins.
pub(super) const LANDSCAPE: &str = "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>\
     <w:pgMar w:top=\"720\" w:right=\"720\" w:bottom=\"720\" w:left=\"720\" w:header=\"425\" w:footer=\"425\" w:gutter=\"0\"/>";
