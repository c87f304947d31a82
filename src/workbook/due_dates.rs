//! Due dates: proposed by working back from the review's meeting, and set
//! together.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Refusal, Result};
use crate::model::{AssignmentId, PartnerId, ReviewId};
use crate::workbook::Workbook;
use crate::workdays::due_before;

/// A due date proposed for one assignment still owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct DueProposal {
    pub assignment: AssignmentId,
    pub number: u32,
    pub label: String,
    pub partners: Vec<PartnerId>,
    pub current: Option<NaiveDate>,
    pub proposed: NaiveDate,
}

impl Workbook {
    /// Due dates worked back from the review's meeting for every assignment
    /// still owed (not started or drafting); writes nothing.
    pub fn propose_due_dates(
        &mut self,
        review: ReviewId,
        clear_days: u32,
    ) -> Result<Vec<DueProposal>> {
        let doc = self.load(review)?;
        let meeting = doc.meeting_date.ok_or_else(|| {
            Error::refused(Refusal::NotReady, "This review has no meeting date yet; set one first, and due dates can be worked back from it.")
        })?;
        if clear_days > crate::store::MAX_CLEAR_DAYS {
            return Err(Error::refused(
                Refusal::OutOfRange,
                format!(
                    "{clear_days} clear working days is more than the {} allowed; choose a smaller number.",
                    crate::store::MAX_CLEAR_DAYS
                ),
            ));
        }
        let proposed = due_before(meeting, clear_days).ok_or_else(|| {
            Error::refused(
                Refusal::OutOfRange,
                "The meeting date is too early to work due dates back from; check it.",
            )
        })?;
        Ok(doc
            .questions()
            .flat_map(|q| q.assignments.iter().map(move |a| (q.number, a)))
            .filter(|(_, a)| a.status.is_outstanding())
            .map(|(number, a)| DueProposal {
                assignment: a.id,
                number,
                label: a.label.clone(),
                partners: a.partners.clone(),
                current: a.due,
                proposed,
            })
            .collect())
    }

    /// Sets several due dates at once: all of them, or none if any fails.
    pub fn set_due_dates(&mut self, dates: &[(AssignmentId, Option<NaiveDate>)]) -> Result<()> {
        let now = self.now();
        self.store.write(|tx| {
            for &(assignment, due) in dates {
                crate::store::set_due_in(tx, assignment, due, now)?;
            }
            Ok(())
        })
    }
}
