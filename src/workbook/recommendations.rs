//! The committee's recommendations: adding them after the meeting, the
//! responses the partners owe to them (every save a revision, statuses as
//! for answers), progress updates through the year, and the tracker.

use chrono::NaiveDate;

use super::Workbook;
use crate::doc::RecommendationDoc;
use crate::error::{Error, Refusal, Result};
use crate::model::{
    PartnerId, ProgressStatus, RecUpdateId, RecommendationId, ReviewId, Status, partner_among,
};
use crate::store;
use crate::store::recommendations::NewRecommendation;
use crate::store::{RecAnswer, RecPatch, RecSaveOutcome, RecommendationInfo};
use crate::text::Paragraph;

/// A recommendation the officer adds.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct RecommendationInput {
    /// What the council calls it; made from the review's year and its
    /// number when not given.
    pub reference: Option<String>,
    pub text: Vec<Paragraph>,
    /// The day the committee agreed it [default: the meeting's].
    pub agreed: Option<NaiveDate>,
    /// When responses are due [default: 28 days after it was agreed].
    pub due: Option<NaiveDate>,
    /// The responses owed: each one partner's, or several partners'
    /// jointly.
    pub owed: Vec<Vec<PartnerId>>,
}

impl Workbook {
    /// Adds a recommendation after the review's others, owed a response by
    /// each group of partners it is addressed to.
    pub fn add_recommendation(
        &mut self,
        review: ReviewId,
        input: &RecommendationInput,
    ) -> Result<RecommendationInfo> {
        store::recommendations::check_words(&input.text)?;
        if input.owed.iter().all(Vec::is_empty) {
            return Err(Error::refused(
                Refusal::Required,
                "Say which partner the recommendation is addressed to (--to PARTNER).",
            ));
        }
        let now = self.now();
        self.store.write(|tx| {
            store::ensure_review(tx, review)?;
            let all = store::load_partners_for(tx, review)?;
            for p in input.owed.iter().flatten() {
                partner_among(&all, *p)?;
            }
            let owed: Vec<Vec<PartnerId>> = input
                .owed
                .iter()
                .filter(|o| !o.is_empty())
                .cloned()
                .collect();
            store::recommendations::insert(
                tx,
                review,
                &NewRecommendation {
                    reference: input.reference.as_deref(),
                    text: &input.text,
                    agreed: input.agreed,
                    due: input.due,
                    owed: &owed,
                    carried_from: None,
                },
                now,
            )
        })
    }

    /// Addresses a recommendation to more partners: each group owes it one
    /// response (jointly when more than one partner); a partner that owes
    /// it one already is refused.
    pub fn address_recommendation(
        &mut self,
        recommendation: RecommendationId,
        owed: &[Vec<PartnerId>],
    ) -> Result<()> {
        self.revise_recommendation(recommendation, &RecPatch::default(), owed)
    }

    /// Changes a recommendation's words, reference or dates and addresses
    /// it to more partners, all or nothing: as the app's form does both.
    pub fn revise_recommendation(
        &mut self,
        recommendation: RecommendationId,
        patch: &RecPatch,
        owed: &[Vec<PartnerId>],
    ) -> Result<()> {
        let now = self.now();
        self.store.write(|tx| {
            let rec = store::recommendations::info(tx, recommendation)?;
            if *patch != RecPatch::default() {
                store::recommendations::edit(tx, &rec, patch, now)?;
            }
            if !owed.is_empty() {
                let all = store::load_partners_for(tx, rec.review)?;
                for p in owed.iter().flatten() {
                    partner_among(&all, *p)?;
                }
                store::recommendations::add_owed(tx, &rec, owed, now)?;
            }
            Ok(())
        })
    }

    /// A review's recommendation by its reference (any case) or number.
    pub fn find_recommendation(
        &mut self,
        review: ReviewId,
        name: &str,
    ) -> Result<RecommendationInfo> {
        self.store
            .read(|tx| store::recommendations::find(tx, review, name))
    }

    /// A review's recommendations with their responses and updates: the
    /// tracker.
    pub fn recommendations(&mut self, review: ReviewId) -> Result<Vec<RecommendationDoc>> {
        self.store.read(|tx| {
            store::ensure_review(tx, review)?;
            store::recommendations::load(tx, review)
        })
    }

    /// Saves a partner's response to a recommendation and, optionally, sets
    /// its status, as one operation: if the status is refused, nothing is
    /// saved.
    pub fn respond_to_recommendation(
        &mut self,
        recommendation: RecommendationId,
        partner: PartnerId,
        answer: &RecAnswer,
        status: Option<Status>,
        author: &str,
    ) -> Result<RecSaveOutcome> {
        let now = self.now();
        self.store.write(|tx| {
            let rec = store::recommendations::info(tx, recommendation)?;
            let response = store::recommendations::response_of(tx, &rec, partner)?;
            store::recommendations::respond(tx, &response, answer, status, author, now)
        })
    }

    /// Moves a partner's response to a recommendation to another status.
    pub fn set_recommendation_status(
        &mut self,
        recommendation: RecommendationId,
        partner: PartnerId,
        status: Status,
        author: &str,
    ) -> Result<Status> {
        let now = self.now();
        self.store.write(|tx| {
            let rec = store::recommendations::info(tx, recommendation)?;
            let response = store::recommendations::response_of(tx, &rec, partner)?;
            store::recommendations::change_status(tx, &response, status, author, now)
        })
    }

    /// Records how carrying out a recommendation stands on a day.
    pub fn add_progress(
        &mut self,
        recommendation: RecommendationId,
        date: NaiveDate,
        progress: ProgressStatus,
        text: &str,
        author: &str,
    ) -> Result<RecUpdateId> {
        let now = self.now();
        self.store.write(|tx| {
            let rec = store::recommendations::info(tx, recommendation)?;
            store::recommendations::add_update(tx, &rec, date, progress, text, author, now)
        })
    }

    /// Deletes a recommendation with its responses and updates, after a
    /// backup that still holds them.
    pub fn delete_recommendation(&mut self, recommendation: RecommendationId) -> Result<()> {
        let now = self.now();
        self.store.with_backup_first(
            "before delete",
            |_| true,
            |tx| {
                let rec = store::recommendations::info(tx, recommendation)?;
                store::recommendations::delete(tx, &rec, now)
            },
        )
    }

    /// Changes a recommendation's reference, words or dates; a failed
    /// change changes nothing.
    pub fn edit_recommendation(
        &mut self,
        recommendation: RecommendationId,
        patch: &RecPatch,
    ) -> Result<()> {
        self.revise_recommendation(recommendation, patch, &[])
    }

    /// Moves a recommendation to be number `to` (1..N).
    pub fn move_recommendation(&mut self, recommendation: RecommendationId, to: u32) -> Result<()> {
        let now = self.now();
        self.store.write(|tx| {
            let rec = store::recommendations::info(tx, recommendation)?;
            store::recommendations::move_to(tx, &rec, to, now)
        })
    }
}

/// How a review's recommendations stood at the end of one month.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct RagMonth {
    /// The month's first day.
    pub month: NaiveDate,
    /// By progress status, each status present; `no_update` counts those
    /// with nothing recorded by the month's end.
    #[ts(type = "Record<ProgressStatus | \"no_update\", number>")]
    pub counts: std::collections::BTreeMap<String, u32>,
}

/// The months from `first` to `last`, each as its first day.
fn months(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    use chrono::Datelike;
    let mut out = Vec::new();
    let mut m = first.with_day(1).unwrap_or(first);
    while m <= last {
        out.push(m);
        match m.checked_add_months(chrono::Months::new(1)) {
            Some(next) => m = next,
            None => break,
        }
    }
    out
}

impl Workbook {
    /// Where the review's recommendations stood at the end of each month,
    /// from the month of the first agreed or updated to that of the last
    /// update: the RAG summary over time.
    pub fn rec_progress_history(&mut self, review: ReviewId) -> Result<Vec<RagMonth>> {
        let recs = self.recommendations(review)?;
        let dates = recs
            .iter()
            .flat_map(|r| r.agreed.into_iter().chain(r.updates.iter().map(|u| u.date)));
        let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for month in months(first, last) {
            let end = month
                .checked_add_months(chrono::Months::new(1))
                .and_then(|d| d.pred_opt())
                .unwrap_or(month);
            let mut counts: std::collections::BTreeMap<String, u32> = ProgressStatus::ALL
                .iter()
                .map(|s| (s.as_str().to_string(), 0))
                .chain([("no_update".to_string(), 0)])
                .collect();
            for r in &recs {
                // Not agreed yet by the month's end: not counted.
                if r.agreed.is_some_and(|a| a > end) {
                    continue;
                }
                let status = r
                    .updates
                    .iter()
                    .rfind(|u| u.date <= end)
                    .map_or("no_update", |u| u.progress.as_str());
                *counts.entry(status.to_string()).or_default() += 1;
            }
            out.push(RagMonth { month, counts });
        }
        Ok(out)
    }
}
