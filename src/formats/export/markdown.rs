//! Markdown, for e-mail and version control. Text from the review is
//! escaped so that it reads back as the same words, never as markup.

use super::{Plan, Shown};
use crate::text::{Paragraph, ParagraphKind, Run};

pub(super) fn write(plan: &Plan<'_>) -> String {
    let doc = plan.doc;
    let mut out = String::with_capacity(4096);
    if plan.draft {
        out.push_str("**DRAFT**\n\n");
    }
    out.push_str("# ");
    out.push_str(&inline(&doc.title));
    out.push_str("\n\n");
    for line in doc.subtitle.iter().cloned().chain(plan.meeting_date()) {
        out.push_str(&inline(&line));
        out.push_str("\n\n");
    }
    for p in &doc.intro {
        paragraph(&mut out, p, None);
    }
    for section in &doc.sections {
        out.push_str("## ");
        out.push_str(&inline(&section.title));
        out.push_str("\n\n");
        for p in &section.lead_in {
            paragraph(&mut out, p, None);
        }
        for q in &section.questions {
            for p in &q.context {
                paragraph(&mut out, p, None);
            }
            // An ordered-list item keeps the review's own number.
            out.push_str(&format!("{}. **{}**\n\n", q.number, inline(&q.text)));
            for p in &q.notes {
                paragraph(&mut out, p, Some('*'));
            }
            for label in &q.appendices {
                out.push_str(&format!(
                    "*{}*\n\n",
                    inline(&plan.appendix_reference(label))
                ));
            }
            for (a, shown) in plan.responses(q) {
                out.push_str(&format!("**{}**\n\n", inline(&a.label)));
                match shown {
                    Shown::Text(ps) => {
                        for p in ps {
                            paragraph(&mut out, p, None);
                        }
                    }
                    Shown::Placeholder(t) => out.push_str(&format!("*{}*\n\n", inline(t))),
                }
            }
        }
    }
    if !doc.recommendations.is_empty() {
        out.push_str(&format!("## {}\n\n", super::RECOMMENDATIONS_HEADING));
        for rec in &doc.recommendations {
            let mut first = true;
            for p in &rec.text {
                if first {
                    out.push_str(&format!("**{}** ", inline(&rec.reference)));
                    first = false;
                }
                paragraph(&mut out, p, None);
            }
            for r in plan.rec_responses(rec) {
                match &r.decision {
                    Some(d) => {
                        out.push_str(&format!("**{}: {}**\n\n", inline(&r.label), inline(d)))
                    }
                    None => out.push_str(&format!("**{}**\n\n", inline(&r.label))),
                }
                match r.shown {
                    Shown::Text(ps) => {
                        for p in ps {
                            paragraph(&mut out, p, None);
                        }
                    }
                    Shown::Placeholder(t) => out.push_str(&format!("*{}*\n\n", inline(t))),
                }
                if let Some(terms) = &r.terms {
                    out.push_str(&format!("*{}*\n\n", inline(terms)));
                }
            }
        }
    }
    if !doc.appendices.is_empty() {
        out.push_str("## Appendices\n\n");
        for a in &doc.appendices {
            out.push_str("- ");
            out.push_str(&inline(&a.label));
            if let Some(t) = &a.title {
                out.push_str(": ");
                out.push_str(&inline(t));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Writes one paragraph; bullets as list items, line breaks as hard breaks.
fn paragraph(out: &mut String, p: &Paragraph, wrap: Option<char>) {
    if p.kind == ParagraphKind::Bullet {
        out.push_str("- ");
    }
    let mut body = String::new();
    for run in &p.runs {
        // A wrapped paragraph (a note, already italic) must not be marked twice.
        let run = match wrap {
            Some(_) => Run {
                italic: false,
                ..run.clone()
            },
            None => run.clone(),
        };
        body.push_str(&run_text(&run));
    }
    if let Some(c) = wrap.filter(|_| !body.is_empty()) {
        body = format!("{c}{body}{c}");
    }
    out.push_str(&body.replace('\n', "\\\n"));
    out.push_str("\n\n");
}

fn run_text(run: &Run) -> String {
    let text = inline(&run.text);
    // Emphasis must hug the words: keep surrounding spaces outside it.
    let trimmed = text.trim();
    if trimmed.is_empty() || !(run.bold || run.italic) {
        return text;
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let tail = &text[text.trim_end().len()..];
    let mark = match (run.bold, run.italic) {
        (true, true) => "***",
        (true, false) => "**",
        _ => "*",
    };
    format!("{lead}{mark}{trimmed}{mark}{tail}")
}

/// Escapes the characters Markdown would read as markup, and line starts
/// that would become headings, lists or quotes.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // A carriage return ends a line in Markdown too.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        out.push_str(indent);
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        let ordered = digits > 0 && matches!(trimmed[digits..].chars().next(), Some('.' | ')'));
        for (j, c) in trimmed.char_indices() {
            let at_start = j == 0;
            // `&` would start an entity, `~` strike-through, `!` before `[`
            // an image; the rest are emphasis, code, links, tables and HTML.
            let escape = matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '!'
            ) || (at_start && matches!(c, '#' | '-' | '+' | '='))
                || (ordered && j == digits);
            if escape {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::inline;

    #[test]
    fn markup_in_text_stays_text() {
        assert_eq!(inline("5 * 3 = [15] <b>"), r"5 \* 3 = \[15\] \<b\>");
        assert_eq!(inline("# not a heading"), r"\# not a heading");
        assert_eq!(inline("1. not a list"), r"1\. not a list");
        assert_eq!(inline("- not a bullet"), r"\- not a bullet");
        assert_eq!(
            inline("~~kept~~ &amp; &#60;"),
            r"\~\~kept\~\~ \&amp; \&#60;"
        );
        assert_eq!(inline("![x](y)"), r"\!\[x\](y)");
    }
}
