//! The partners of a review: added, renamed, removed, found by name.

use super::Workbook;
use crate::doc::PartnerDraft;
use crate::error::Result;
use crate::model::{Partner, PartnerId, ReviewId};
use crate::store;
use crate::store::PartnerPatch;

impl Workbook {
    pub fn partners(&mut self, review: ReviewId) -> Result<Vec<Partner>> {
        self.store.read(|tx| store::partners::partners(tx, review))
    }

    pub fn add_partner(&mut self, review: ReviewId, draft: &PartnerDraft) -> Result<PartnerId> {
        let now = self.now();
        self.store
            .write(|tx| store::partners::add_partner(tx, review, draft, now))
    }

    pub fn update_partner(&mut self, partner: PartnerId, patch: &PartnerPatch) -> Result<()> {
        let now = self.now();
        self.store
            .write(|tx| store::partners::update_partner(tx, partner, patch, now))
    }

    /// Removes a partner who owes nothing. A partner with assignments is
    /// refused: unassign them first, so no answer disappears by accident.
    pub fn delete_partner(&mut self, partner: PartnerId) -> Result<()> {
        let now = self.now();
        self.store
            .write(|tx| store::partners::delete_partner(tx, partner, now))
    }

    /// Finds a partner of the review by name, short name or alias, ignoring case.
    pub fn find_partner(&mut self, review: ReviewId, name: &str) -> Result<Partner> {
        self.store
            .read(|tx| store::partners::find_partner(tx, review, name))
    }
}
