//! Whole-review documents.
//!
//! [`ReviewDoc`] is a review as it stands, with ids and numbers: what
//! `kloe show --json` prints (see `review.schema.json`) and what the UI and
//! the exporters read. [`ReviewDraft`] is a review still to be created, with
//! partners named instead of identified: what the bundled sample and the
//! importers produce, inserted in one transaction.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{
    AppendixId, AssignmentId, Decision, Partner, PartnerId, ProgressStatus, QuestionId,
    RecResponseId, RecRevisionId, RecUpdateId, RecommendationId, ReviewId, ReviewStatus,
    RevisionId, SectionId, SignOff, Status,
};
use crate::text::Paragraph;

/// The default text shown where a response is still owed.
pub const DEFAULT_PLACEHOLDER: &str = "Response awaited";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReviewDoc {
    pub id: ReviewId,
    pub title: String,
    pub subtitle: Option<String>,
    pub committee: Option<String>,
    pub partnership: Option<String>,
    pub meeting_date: Option<NaiveDate>,
    pub financial_year: Option<String>,
    pub status: ReviewStatus,
    pub is_sample: bool,
    pub previous_review: Option<ReviewId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub intro: Vec<Paragraph>,
    pub partners: Vec<Partner>,
    pub sections: Vec<SectionDoc>,
    pub appendices: Vec<AppendixDoc>,
    /// The committee's recommendations, in order.
    #[serde(default)]
    pub recommendations: Vec<RecommendationDoc>,
    /// Set when the review is a partner's copy of a pack (partner mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub pack: Option<PackCopy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SectionDoc {
    pub id: SectionId,
    pub title: String,
    pub lead_in: Vec<Paragraph>,
    pub default_partners: Vec<PartnerId>,
    pub questions: Vec<QuestionDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct QuestionDoc {
    pub id: QuestionId,
    /// Position across the whole review, 1..N.
    pub number: u32,
    pub text: String,
    pub context: Vec<Paragraph>,
    pub notes: Vec<Paragraph>,
    /// Labels of the appendices the question refers to.
    pub appendices: Vec<String>,
    pub assignments: Vec<AssignmentDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct AssignmentDoc {
    pub id: AssignmentId,
    pub partners: Vec<PartnerId>,
    pub label: String,
    pub status: Status,
    pub due: Option<NaiveDate>,
    pub response: Vec<Paragraph>,
    /// The revision `response` comes from, if any has been saved.
    pub revision: Option<RevisionId>,
    pub updated_at: DateTime<Utc>,
    /// Last year's answer to the same question by the same partners, when
    /// the review was started from last year's.
    pub last_year: Option<LastYearAnswer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct LastYearAnswer {
    pub review: ReviewId,
    pub label: String,
    pub status: Status,
    pub response: Vec<Paragraph>,
}

/// A recommendation the committee agreed, with the responses owed to it
/// and its progress through the year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RecommendationDoc {
    pub id: RecommendationId,
    /// Position in the review, 1..N.
    pub number: u32,
    /// What the council calls it: "CSP (26/27) 01".
    pub reference: String,
    pub text: Vec<Paragraph>,
    /// The day the committee agreed it.
    pub agreed: Option<NaiveDate>,
    /// When the partners' responses are due.
    pub due: Option<NaiveDate>,
    pub responses: Vec<RecResponseDoc>,
    /// Every progress update, oldest first.
    pub updates: Vec<ProgressUpdate>,
    /// Where it stands: the latest update's, if any.
    pub progress: Option<ProgressStatus>,
    /// Last year's recommendation it was carried on from.
    pub carried_from: Option<RecommendationId>,
    pub updated_at: DateTime<Utc>,
}

/// A response to a recommendation, owed by one partner or several jointly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RecResponseDoc {
    pub id: RecResponseId,
    pub partners: Vec<PartnerId>,
    pub status: Status,
    pub decision: Option<Decision>,
    pub response: Vec<Paragraph>,
    pub lead_officer: Option<String>,
    pub target: Option<NaiveDate>,
    /// How many times it has been saved.
    pub revisions: u32,
    /// The save it stands at, if it has been saved.
    #[serde(default)]
    pub revision: Option<RecRevisionId>,
    pub updated_at: DateTime<Utc>,
}

/// A response to a recommendation as one save leaves it: the decision,
/// the words, the lead officer and the target date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct RecWords {
    pub decision: Option<Decision>,
    pub text: Vec<Paragraph>,
    pub lead_officer: Option<String>,
    pub target: Option<NaiveDate>,
}

impl RecWords {
    /// Nothing decided and nothing written.
    pub fn is_empty(&self) -> bool {
        self.decision.is_none()
            && self.text.iter().all(Paragraph::is_blank)
            && self.lead_officer.is_none()
            && self.target.is_none()
    }
}

impl RecResponseDoc {
    /// The response as it stands.
    pub fn words(&self) -> RecWords {
        RecWords {
            decision: self.decision,
            text: self.response.clone(),
            lead_officer: self.lead_officer.clone(),
            target: self.target,
        }
    }
}

/// A dated note of how carrying out a recommendation is going.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ProgressUpdate {
    pub id: RecUpdateId,
    /// The day it describes.
    pub date: NaiveDate,
    pub progress: ProgressStatus,
    pub text: String,
    /// Who recorded it.
    pub author: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct AppendixDoc {
    pub id: AppendixId,
    pub label: String,
    pub title: Option<String>,
    pub file_name: Option<String>,
}

impl ReviewDoc {
    pub fn questions(&self) -> impl Iterator<Item = &QuestionDoc> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    pub fn question(&self, number: u32) -> Option<&QuestionDoc> {
        self.questions().find(|q| q.number == number)
    }

    pub fn partner(&self, id: PartnerId) -> Option<&Partner> {
        self.partners.iter().find(|p| p.id == id)
    }
}

// ---------------------------------------------------------------------------

/// A review to be created in one go. Partners are referred to by name, short
/// name or alias, case-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewDraft {
    pub title: String,
    pub subtitle: Option<String>,
    pub committee: Option<String>,
    pub partnership: Option<String>,
    pub meeting_date: Option<NaiveDate>,
    pub financial_year: Option<String>,
    pub intro: Vec<Paragraph>,
    pub partners: Vec<PartnerDraft>,
    pub appendices: Vec<AppendixDraft>,
    pub sections: Vec<SectionDraft>,
    /// The committee's recommendations, in order.
    pub recommendations: Vec<RecommendationDraft>,
}

/// A recommendation to be created with its review: partners by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
pub struct RecommendationDraft {
    /// Made from the review's year and the recommendation's number when
    /// not given.
    pub reference: Option<String>,
    pub text: Vec<Paragraph>,
    /// The responses owed: each one partner's, or several partners'
    /// jointly, by name.
    pub owed: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
pub struct PartnerDraft {
    pub name: String,
    pub short_name: String,
    /// Defaults to "<short name> Response".
    pub label: Option<String>,
    pub aliases: Vec<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
}

impl From<&Partner> for PartnerDraft {
    /// A partner as a draft for another review: every detail but its id.
    fn from(p: &Partner) -> Self {
        PartnerDraft {
            name: p.name.clone(),
            short_name: p.short_name.clone(),
            label: Some(p.label.clone()),
            aliases: p.aliases.clone(),
            contact_name: p.contact_name.clone(),
            contact_email: p.contact_email.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
pub struct AppendixDraft {
    pub label: String,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
pub struct SectionDraft {
    pub title: String,
    pub lead_in: Vec<Paragraph>,
    pub default_partners: Vec<String>,
    pub questions: Vec<QuestionDraft>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
pub struct QuestionDraft {
    pub text: String,
    pub context: Vec<Paragraph>,
    pub notes: Vec<Paragraph>,
    pub appendices: Vec<String>,
    pub responses: Vec<ResponseDraft>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ResponseDraft {
    /// One partner, or several for a joint response.
    pub partners: Vec<String>,
    /// Defaults to the partner's label, or the joint label.
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default = "ResponseDraft::default_status")]
    pub status: Status,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub paragraphs: Vec<Paragraph>,
}

impl ResponseDraft {
    fn default_status() -> Status {
        Status::NotStarted
    }
}

/// What marks a review as a partner's copy of a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PackCopy {
    /// The partner answering, as the council named it.
    pub partner_name: String,
    pub issued_at: DateTime<Utc>,
    pub signoff: Option<SignOff>,
    /// When a response file was last written from this copy.
    pub returned_at: Option<DateTime<Utc>>,
}

/// The bundled sample review, as the JSON it is kept in.
pub const SAMPLE_JSON: &str = include_str!("../assets/sample-review.json");

impl ReviewDraft {
    /// The bundled sample review, to create.
    pub fn sample() -> Result<ReviewDraft, crate::error::Error> {
        serde_json::from_str(SAMPLE_JSON).map_err(|e| {
            crate::error::Error::refused(
                crate::error::Refusal::Internal,
                format!("The bundled sample review is damaged: {e}"),
            )
        })
    }
}
