//! Chasing a partner: a ready-to-send e-mail listing exactly the answers
//! they still owe, with numbers, questions and due dates, and a `mailto:`
//! link that opens it in the officer's mail program.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Refusal, Result};
use crate::model::{Partner, PartnerId, ReviewId};
use crate::text::long_date;
use crate::workbook::Workbook;
use crate::workbook::tracker::{Owed, RecOwed, Tracker};

/// A chase e-mail to one partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Chase {
    pub partner: PartnerId,
    /// The partner's contact address, when the workbook has one.
    pub to: Option<String>,
    pub subject: String,
    pub body: String,
    /// The same message as a `mailto:` link (RFC 6068).
    pub mailto: String,
    /// How many answers it asks for.
    pub owed: u32,
}

/// One thing a partner still owes: an answer to a question, or a response
/// to one of the committee's recommendations.
struct Item {
    /// "Question 3", "Recommendation CSP (18/19) 01".
    heading: String,
    /// "Q3", "CSP (18/19) 01".
    short: String,
    text: String,
    status: crate::model::Status,
    due: Option<NaiveDate>,
    overdue: bool,
    days_overdue: i64,
    joint_with: Vec<String>,
    answer: bool,
}

impl From<&Owed> for Item {
    fn from(o: &Owed) -> Item {
        Item {
            heading: format!("Question {}", o.number),
            short: format!("Q{}", o.number),
            text: o.question.clone(),
            status: o.status,
            due: o.due,
            overdue: o.overdue,
            days_overdue: o.days_overdue,
            joint_with: o.joint_with.clone(),
            answer: true,
        }
    }
}

impl From<&RecOwed> for Item {
    fn from(o: &RecOwed) -> Item {
        Item {
            heading: format!("Recommendation {}", o.reference),
            short: o.reference.clone(),
            text: o.text.clone(),
            status: o.status,
            due: o.due,
            overdue: o.overdue,
            days_overdue: o.days_overdue,
            joint_with: o.joint_with.clone(),
            answer: false,
        }
    }
}

/// "2 answers and 1 response to a recommendation".
fn what_is_owed(items: &[Item]) -> String {
    let answers = items.iter().filter(|i| i.answer).count();
    let responses = items.len() - answers;
    let mut parts = Vec::new();
    if answers > 0 {
        parts.push(format!(
            "{answers} {}",
            if answers == 1 { "answer" } else { "answers" }
        ));
    }
    if responses > 0 {
        parts.push(format!(
            "{responses} {}",
            if responses == 1 {
                "response to a recommendation"
            } else {
                "responses to recommendations"
            }
        ));
    }
    parts.join(" and ")
}

impl Workbook {
    /// The tracker on `today`, the partner, and what it still owes:
    /// answers, then responses to recommendations.
    fn owed_by(
        &mut self,
        review: ReviewId,
        partner: PartnerId,
        today: NaiveDate,
    ) -> Result<(Tracker, Partner, Vec<Item>)> {
        let tracker = self.tracker(review, today)?;
        let who = crate::model::partner_among(&self.partners(review)?, partner)?.clone();
        let owed = tracker
            .partners
            .iter()
            .find(|p| p.id == partner)
            .map(|p| {
                p.outstanding
                    .iter()
                    .map(Item::from)
                    .chain(p.recommendations_owed.iter().map(Item::from))
                    .collect()
            })
            .unwrap_or_default();
        Ok((tracker, who, owed))
    }

    /// The e-mail chasing `partner` for what it owes in `review` on `today`,
    /// signed by `sender`. A partner that owes nothing gets an error saying
    /// so, not an empty e-mail.
    pub fn chase(
        &mut self,
        review: ReviewId,
        partner: PartnerId,
        today: NaiveDate,
        sender: &str,
    ) -> Result<Chase> {
        let (tracker, who, owed) = self.owed_by(review, partner, today)?;
        if owed.is_empty() {
            return Err(Error::refused(
                Refusal::NothingToDo,
                format!(
                    "{} owes no answers in this review, so there is nothing to chase.",
                    who.name
                ),
            ));
        }
        let committee = self.review(review)?.committee;
        let n = owed.len();
        let subject = format!(
            "{}: {} needed from {}",
            tracker.title,
            what_is_owed(&owed),
            who.name
        );

        let greeting = match who.contact_name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => format!("Dear {name},"),
            _ => format!("Dear colleagues at {},", who.name),
        };
        let meeting = match (tracker.meeting_date, committee.as_deref()) {
            (Some(d), Some(c)) => format!(" for the {c} meeting on {}", long_date(d)),
            (Some(d), None) => format!(" for the meeting on {}", long_date(d)),
            (None, Some(c)) => format!(" for the {c}"),
            (None, None) => String::new(),
        };
        let mut body = format!(
            "{greeting}\n\nWe are collating the partnership's answers to \"{}\"{meeting}. We still need {} from {}:\n",
            tracker.title,
            if n == 1 {
                format!("this {}", what_is_owed(&owed).trim_start_matches("1 "))
            } else {
                format!("these {}", what_is_owed(&owed))
            },
            who.name,
        );
        for o in owed {
            let mut terms = Vec::new();
            match o.due {
                Some(d) if o.overdue => terms.push(format!(
                    "was due {} ({} {} ago)",
                    long_date(d),
                    o.days_overdue,
                    if o.days_overdue == 1 { "day" } else { "days" }
                )),
                Some(d) => terms.push(format!("due {}", long_date(d))),
                None => {}
            }
            if !o.joint_with.is_empty() {
                terms.push(format!(
                    "a joint {} with {}",
                    if o.answer { "answer" } else { "response" },
                    o.joint_with.join(" and ")
                ));
            }
            if o.status == crate::model::Status::Drafting {
                terms.push("we have your draft; please confirm or complete it".into());
            }
            let terms = if terms.is_empty() {
                String::new()
            } else {
                format!(" ({})", terms.join("; "))
            };
            body.push_str(&format!("\n{}{terms}:\n{}\n", o.heading, o.text));
        }
        body.push_str(
            "\nPlease reply to this e-mail with your answers, or return the partner pack if you were sent one. If a question should go to someone else, tell me and I will pass it on.\n\nThank you,\n",
        );
        body.push_str(sender.trim());
        body.push('\n');

        let to = who.contact_email.filter(|e| !e.trim().is_empty());
        let mailto = format!(
            "mailto:{}?subject={}&body={}",
            to.as_deref().map(percent_encode).unwrap_or_default(),
            percent_encode(&subject),
            percent_encode(&body.replace('\n', "\r\n")),
        );
        Ok(Chase {
            partner,
            to,
            subject,
            body,
            mailto,
            owed: n as u32,
        })
    }
}

impl Workbook {
    /// A calendar file (RFC 5545) with one all-day event for each day on
    /// which `partner` owes answers, reminding a day before.
    pub fn reminder_ics(
        &mut self,
        review: ReviewId,
        partner: PartnerId,
        today: NaiveDate,
    ) -> Result<String> {
        let (tracker, who, owed) = self.owed_by(review, partner, today)?;
        let mut by_day: std::collections::BTreeMap<NaiveDate, Vec<&Item>> = Default::default();
        for o in &owed {
            if let Some(d) = o.due {
                by_day.entry(d).or_default().push(o);
            }
        }
        if by_day.is_empty() {
            return Err(Error::refused(
                Refusal::NotReady,
                format!(
                    "Nothing {} owes has a due date yet; set due dates first.",
                    who.name
                ),
            ));
        }
        let stamp = self.now().format("%Y%m%dT%H%M%SZ");
        let mut lines = vec![
            "BEGIN:VCALENDAR".to_string(),
            "VERSION:2.0".into(),
            "PRODID:-//KLOE Workbook//Reminders//EN".into(),
            "CALSCALE:GREGORIAN".into(),
        ];
        for (day, owed) in &by_day {
            let numbers: Vec<&str> = owed.iter().map(|o| o.short.as_str()).collect();
            let summary = format!("Answers due from {}: {}", who.name, numbers.join(", "));
            let mut description = format!("{}\n", tracker.title);
            for o in owed {
                description.push_str(&format!("\n{}: {}", o.heading, o.text));
            }
            lines.extend([
                "BEGIN:VEVENT".to_string(),
                format!(
                    "UID:kloe-{review}-{partner}-{}@kloe-workbook",
                    day.format("%Y%m%d")
                ),
                format!("DTSTAMP:{stamp}"),
                format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")),
                format!(
                    "DTEND;VALUE=DATE:{}",
                    day.succ_opt().unwrap_or(*day).format("%Y%m%d")
                ),
                format!("SUMMARY:{}", ics_text(&summary)),
                format!("DESCRIPTION:{}", ics_text(&description)),
                "BEGIN:VALARM".into(),
                "TRIGGER:-P1D".into(),
                "ACTION:DISPLAY".into(),
                format!("DESCRIPTION:{}", ics_text(&summary)),
                "END:VALARM".into(),
                "END:VEVENT".into(),
            ]);
        }
        lines.push("END:VCALENDAR".into());
        Ok(lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join(""))
    }
}

/// TEXT as RFC 5545 writes it (3.3.11): backslash, semicolon and comma
/// escaped, every line end as `\n`, and no other control character.
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if crate::text::is_control(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (never inside a character) and
/// ended with CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// Percent-encodes everything but RFC 3986's unreserved characters (and `@`,
/// which an address needs as it is).
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{fold, ics_text, percent_encode};

    #[test]
    fn calendar_text_is_escaped_and_long_lines_folded() {
        assert_eq!(ics_text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
        let long = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&long);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75), "{folded:?}");
        assert_eq!(folded.replace("\r\n ", "").trim_end(), long);
    }

    #[test]
    fn a_mailto_part_keeps_only_safe_characters() {
        assert_eq!(
            percent_encode("a b&c=d?é\r\n"),
            "a%20b%26c%3Dd%3F%C3%A9%0D%0A"
        );
        assert_eq!(
            percent_encode("pcc@derbyshire.pnn.police.uk"),
            "pcc@derbyshire.pnn.police.uk"
        );
    }
}
