//! The committee document: Word (`.docx`), Markdown and HTML.
//!
//! Every format is rendered from a [`ReviewDoc`] by the same plan
//! ([`Plan`]): which responses appear, with what text, and whether the
//! document is still a draft. Files are written safely: to a temporary file
//! beside the target, synced, then renamed over it, so a failed export
//! leaves no partial file and an existing one untouched.

mod docx;
pub(crate) mod form;
mod html;
mod markdown;
mod schedule;
mod template;
mod xml;

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::doc::{AssignmentDoc, QuestionDoc, RecommendationDoc, ReviewDoc};
use crate::error::{Error, Refusal, Result};
use crate::model::{Partner, Status, joint_label};
use crate::text::Paragraph;

pub use template::Template;

pub use crate::doc::DEFAULT_PLACEHOLDER;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Docx,
    Md,
    Html,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Md => "md",
            Format::Html => "html",
        }
    }

    /// The format a file name asks for, from its extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "docx" => Some(Format::Docx),
            "md" | "markdown" => Some(Format::Md),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

impl std::str::FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "docx" | "word" => Ok(Format::Docx),
            "md" | "markdown" => Ok(Format::Md),
            "html" | "htm" => Ok(Format::Html),
            _ => Err(Error::refused(
                Refusal::BadValue,
                format!("\"{s}\" is not an export format; use docx, md or html."),
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct ExportOptions {
    pub format: Format,
    /// Show only approved answers (and those answered elsewhere); others are
    /// treated as still owed.
    pub only_approved: bool,
    /// Text shown for a response still owed; `None` leaves such responses
    /// out altogether.
    pub placeholder: Option<String>,
    /// Leave off the "DRAFT" marking even if some answers are not approved.
    pub final_copy: bool,
    /// The monitoring schedule of the review's recommendations instead of
    /// the committee document.
    #[serde(default)]
    pub schedule: bool,
}

impl ExportOptions {
    pub fn new(format: Format) -> Self {
        ExportOptions {
            format,
            only_approved: false,
            placeholder: Some(DEFAULT_PLACEHOLDER.into()),
            final_copy: false,
            schedule: false,
        }
    }
}

/// What one response shows in the document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shown<'a> {
    Text(&'a [Paragraph]),
    Placeholder(&'a str),
}

/// A response to a recommendation as the committee document shows it.
pub(crate) struct RecShown<'a> {
    /// "Derbyshire Police Response", or a joint label.
    pub label: String,
    /// "Accepted", "Partly accepted", "Not accepted".
    pub decision: Option<String>,
    pub shown: Shown<'a>,
    /// "Lead officer: …. Target date: …."
    pub terms: Option<String>,
}

/// The heading of the committee document's recommendations.
pub(crate) const RECOMMENDATIONS_HEADING: &str = "Recommendations and responses";

/// The decisions every format shares.
pub(crate) struct Plan<'a> {
    pub doc: &'a ReviewDoc,
    pub draft: bool,
    /// The monitoring schedule, not the committee document.
    pub schedule: bool,
    pub now: DateTime<Utc>,
    opts: &'a ExportOptions,
}

impl<'a> Plan<'a> {
    pub fn new(doc: &'a ReviewDoc, opts: &'a ExportOptions, now: DateTime<Utc>) -> Self {
        let mut plan = Plan {
            doc,
            draft: false,
            schedule: opts.schedule,
            now,
            opts,
        };
        plan.draft = !opts.final_copy
            && !opts.schedule
            && (doc
                .questions()
                .flat_map(|q| plan.responses(q))
                .any(|(a, _)| !matches!(a.status, Status::Approved | Status::AnsweredElsewhere))
                || doc
                    .recommendations
                    .iter()
                    .flat_map(|r| &r.responses)
                    .any(|r| !matches!(r.status, Status::Approved | Status::NotRequired)));
        plan
    }

    /// The responses a recommendation shows, in order: each one's label,
    /// what it shows, and (with its words) the decision and "Lead officer:
    /// …. Target date: …." as one line.
    pub fn rec_responses(&self, rec: &'a RecommendationDoc) -> Vec<RecShown<'a>> {
        rec.responses
            .iter()
            .filter(|r| r.status != Status::NotRequired)
            .filter_map(|r| {
                let members: Vec<&Partner> = r
                    .partners
                    .iter()
                    .filter_map(|p| self.doc.partner(*p))
                    .collect();
                let label = joint_label(&members);
                let has_text = r.response.iter().any(|p| !p.is_blank());
                let allowed = !self.opts.only_approved || r.status == Status::Approved;
                if has_text && allowed {
                    let mut terms = Vec::new();
                    if let Some(lead) = &r.lead_officer {
                        terms.push(format!("Lead officer: {lead}."));
                    }
                    if let Some(t) = r.target {
                        terms.push(format!("Target date: {}.", long_date(t)));
                    }
                    Some(RecShown {
                        label,
                        decision: r.decision.map(|d| crate::text::capitalised(d.label())),
                        shown: Shown::Text(&r.response),
                        terms: (!terms.is_empty()).then(|| terms.join(" ")),
                    })
                } else {
                    self.opts.placeholder.as_deref().map(|p| RecShown {
                        label,
                        decision: None,
                        shown: Shown::Placeholder(p),
                        terms: None,
                    })
                }
            })
            .collect()
    }

    /// The responses a question shows, in order, with what each shows.
    pub fn responses(
        &self,
        q: &'a QuestionDoc,
    ) -> impl Iterator<Item = (&'a AssignmentDoc, Shown<'a>)> + '_ {
        q.assignments.iter().filter_map(move |a| {
            if a.status == Status::NotRequired {
                return None;
            }
            let has_text = a.response.iter().any(|p| !p.is_blank());
            let allowed = !self.opts.only_approved
                || matches!(a.status, Status::Approved | Status::AnsweredElsewhere);
            if has_text && allowed {
                Some((a, Shown::Text(&a.response)))
            } else {
                self.opts
                    .placeholder
                    .as_deref()
                    .map(|p| (a, Shown::Placeholder(p)))
            }
        })
    }

    /// "See Appendix 7.2: Extract from the CSP Strategic Assessment."
    pub fn appendix_reference(&self, label: &str) -> String {
        let title = self
            .doc
            .appendices
            .iter()
            .find(|a| a.label == label)
            .and_then(|a| a.title.as_deref());
        match title {
            Some(t) => format!("See {label}: {t}."),
            None => format!("See {label}."),
        }
    }

    /// "18 March 2019"
    pub fn meeting_date(&self) -> Option<String> {
        self.doc.meeting_date.map(long_date)
    }
}

pub use crate::text::long_date;

/// Renders a review in a format; the same review and clock give the same bytes.
pub fn render(
    doc: &ReviewDoc,
    opts: &ExportOptions,
    template: Option<&Template>,
    now: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let plan = Plan::new(doc, opts, now);
    match (opts.format, opts.schedule) {
        (Format::Docx, _) => docx::write(&plan, template),
        (Format::Md, false) => Ok(markdown::write(&plan).into_bytes()),
        (Format::Html, false) => Ok(html::write(&plan).into_bytes()),
        (Format::Md, true) => Ok(schedule::markdown(&plan).into_bytes()),
        (Format::Html, true) => Ok(schedule::html(&plan).into_bytes()),
    }
}

/// The review as the self-contained web page export, whatever format
/// `opts` names: what a document will hold, shown before it is saved.
pub fn preview_html(doc: &ReviewDoc, opts: &ExportOptions, now: DateTime<Utc>) -> String {
    let opts = ExportOptions {
        format: Format::Html,
        ..opts.clone()
    };
    let plan = Plan::new(doc, &opts, now);
    if opts.schedule {
        schedule::html(&plan)
    } else {
        html::write(&plan)
    }
}
