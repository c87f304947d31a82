//! A self-contained HTML page: inline CSS, no scripts, no remote
//! resources, print-friendly. The app shows it as the export preview.
//! Every piece of text from the review is escaped.

use super::xml::push_escaped;
use super::{Plan, Shown};
use crate::text::{Paragraph, ParagraphKind};

const STYLE: &str = "\
body{font-family:Arial,Helvetica,sans-serif;font-size:12pt;line-height:1.45;color:#1b1b1b;background:#fff;\
max-width:46em;margin:2em auto;padding:0 1.5em}\
h1{font-size:1.6em;margin:0 0 .3em}h2{font-size:1.25em;margin:1.8em 0 .6em;border-bottom:1px solid #b1b4b6;padding-bottom:.2em}\
.subtitle{font-size:1.15em;margin:0 0 .3em}.date{font-size:1.15em;margin:0 0 1.5em}\
.draft{display:inline-block;border:2px solid #b00020;color:#b00020;font-weight:bold;padding:.1em .5em;margin-bottom:1em}\
.question{font-weight:bold;margin:1.4em 0 .6em;display:flex;gap:.6em}.question .number{min-width:2em}\
.context{margin-left:2.6em}.note{font-style:italic}.reference{font-weight:bold;margin:1.4em 0 .3em}.reference+p{margin-top:.2em}.label{font-weight:bold;margin:.8em 0 .3em}.label+p,.label+ul{margin-top:.2em}.awaited{font-style:italic;color:#505a5f}\
ul{margin:.3em 0 .8em 1.4em;padding:0}\
@media print{body{margin:0;max-width:none}h2,.question,.label{break-after:avoid}}";

pub(super) fn write(plan: &Plan<'_>) -> String {
    let doc = plan.doc;
    let mut h = String::with_capacity(8192);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    push_escaped(&mut h, &doc.title);
    h.push_str("</title>\n<style>");
    h.push_str(STYLE);
    h.push_str("</style>\n</head>\n<body>\n<main>\n");
    if plan.draft {
        h.push_str("<p class=\"draft\">DRAFT</p>\n");
    }
    tag(&mut h, "h1", None, &doc.title);
    if let Some(subtitle) = &doc.subtitle {
        tag(&mut h, "p", Some("subtitle"), subtitle);
    }
    if let Some(date) = plan.meeting_date() {
        tag(&mut h, "p", Some("date"), &date);
    }
    for p in &doc.intro {
        rich(&mut h, p, None);
    }
    for section in &doc.sections {
        h.push_str("<section>\n");
        tag(&mut h, "h2", None, &section.title);
        for p in &section.lead_in {
            rich(&mut h, p, None);
        }
        for q in &section.questions {
            for p in &q.context {
                rich(&mut h, p, Some("context"));
            }
            h.push_str(&format!(
                "<p class=\"question\" id=\"q{n}\"><span class=\"number\">{n}.</span><span>",
                n = q.number
            ));
            push_escaped(&mut h, &q.text);
            h.push_str("</span></p>\n");
            for p in &q.notes {
                rich(&mut h, p, Some("note"));
            }
            for label in &q.appendices {
                tag(&mut h, "p", Some("note"), &plan.appendix_reference(label));
            }
            for (a, shown) in plan.responses(q) {
                tag(&mut h, "p", Some("label"), &a.label);
                match shown {
                    Shown::Text(ps) => paragraphs(&mut h, ps),
                    Shown::Placeholder(t) => tag(&mut h, "p", Some("awaited"), t),
                }
            }
        }
        h.push_str("</section>\n");
    }
    if !doc.recommendations.is_empty() {
        h.push_str("<section>\n");
        tag(&mut h, "h2", None, super::RECOMMENDATIONS_HEADING);
        for rec in &doc.recommendations {
            tag(&mut h, "p", Some("reference"), &rec.reference);
            paragraphs(&mut h, &rec.text);
            for r in plan.rec_responses(rec) {
                let label = match &r.decision {
                    Some(d) => format!("{}: {d}", r.label),
                    None => r.label.clone(),
                };
                tag(&mut h, "p", Some("label"), &label);
                match r.shown {
                    Shown::Text(ps) => paragraphs(&mut h, ps),
                    Shown::Placeholder(t) => tag(&mut h, "p", Some("awaited"), t),
                }
                if let Some(terms) = &r.terms {
                    tag(&mut h, "p", Some("note"), terms);
                }
            }
        }
        h.push_str("</section>\n");
    }
    if !doc.appendices.is_empty() {
        h.push_str("<section>\n");
        tag(&mut h, "h2", None, "Appendices");
        h.push_str("<ul>\n");
        for a in &doc.appendices {
            let text = match &a.title {
                Some(t) => format!("{}: {t}", a.label),
                None => a.label.clone(),
            };
            tag(&mut h, "li", None, &text);
        }
        h.push_str("</ul>\n</section>\n");
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

fn tag(h: &mut String, name: &str, class: Option<&str>, text: &str) {
    h.push('<');
    h.push_str(name);
    if let Some(c) = class {
        h.push_str(" class=\"");
        h.push_str(c);
        h.push('"');
    }
    h.push('>');
    push_escaped(h, text);
    h.push_str("</");
    h.push_str(name);
    h.push_str(">\n");
}

/// Paragraphs, with neighbouring bullet items gathered into one list.
fn paragraphs(h: &mut String, ps: &[Paragraph]) {
    let mut in_list = false;
    for p in ps {
        let bullet = p.kind == ParagraphKind::Bullet;
        if bullet && !in_list {
            h.push_str("<ul>\n");
        } else if !bullet && in_list {
            h.push_str("</ul>\n");
        }
        in_list = bullet;
        if bullet {
            h.push_str("<li>");
            runs(h, p);
            h.push_str("</li>\n");
        } else {
            rich(h, p, None);
        }
    }
    if in_list {
        h.push_str("</ul>\n");
    }
}

fn rich(h: &mut String, p: &Paragraph, class: Option<&str>) {
    match class {
        Some(c) => h.push_str(&format!("<p class=\"{c}\">")),
        None => h.push_str("<p>"),
    }
    if p.kind == ParagraphKind::Bullet {
        h.push_str("\u{2022} ");
    }
    runs(h, p);
    h.push_str("</p>\n");
}

fn runs(h: &mut String, p: &Paragraph) {
    for run in &p.runs {
        let (open, close) = match (run.bold, run.italic) {
            (true, true) => ("<strong><em>", "</em></strong>"),
            (true, false) => ("<strong>", "</strong>"),
            (false, true) => ("<em>", "</em>"),
            (false, false) => ("", ""),
        };
        h.push_str(open);
        for (i, line) in run.text.split('\n').enumerate() {
            if i > 0 {
                h.push_str("<br>");
            }
            push_escaped(h, line);
        }
        h.push_str(close);
    }
}
