//! Reviews as wholes: created (blank, from a draft, the sample), listed,
//! loaded, edited, deleted, and started again for next year.

use super::Workbook;
use crate::doc::{PartnerDraft, ReviewDoc, ReviewDraft};
use crate::error::{Error, Refusal, Result};
use crate::model::{Review, ReviewId};
use crate::store;
use crate::store::{NextYear, Opening, ReviewPatch, ReviewSummary, ensure_review, insert_draft};

impl Workbook {
    /// Creates a review, with whatever partners, sections, questions and
    /// responses the draft holds, in one transaction.
    pub fn create_review(&mut self, draft: &ReviewDraft, author: &str) -> Result<ReviewId> {
        let now = self.now();
        self.store
            .write(|tx| insert_draft(tx, draft, author, now, false))
    }

    /// Adds a draft's sections, questions and responses after those of an
    /// existing review, adding any partners it names that the review lacks.
    pub fn add_to_review(
        &mut self,
        review: ReviewId,
        draft: &ReviewDraft,
        author: &str,
    ) -> Result<()> {
        let now = self.now();
        self.store
            .write(|tx| store::reviews::add_draft(tx, review, draft, author, now))
    }

    pub fn reviews(&mut self) -> Result<Vec<ReviewSummary>> {
        self.store.read(|tx| store::reviews::reviews(tx))
    }

    pub fn review(&mut self, id: ReviewId) -> Result<Review> {
        self.store.read(|tx| store::reviews::load_review(tx, id))
    }

    pub fn update_review(&mut self, id: ReviewId, patch: &ReviewPatch) -> Result<()> {
        let now = self.now();
        self.store
            .write(|tx| store::reviews::update_review(tx, id, patch, now))
    }

    /// The whole review, numbered, as `kloe show --json` prints it.
    /// The review's identity across workbooks (a UUID), as packs carry it.
    pub fn review_uid(&mut self, id: ReviewId) -> Result<String> {
        self.store.read(|tx| store::reviews::review_uid(tx, id))
    }

    pub fn load(&mut self, id: ReviewId) -> Result<ReviewDoc> {
        self.store.read(|tx| store::load_doc(tx, id))
    }

    /// Starts next year's review from this one: partners, sections,
    /// questions and assignments are copied; responses start empty and each
    /// assignment is linked to last year's so its answer can be shown.
    pub fn start_next_year(&mut self, from: ReviewId, opts: &NextYear) -> Result<ReviewId> {
        let now = self.now();
        self.store
            .write(|tx| store::reviews::start_next_year(tx, from, opts, now))
    }

    /// Creates a review from a draft; with `reuse_partners`, a draft without
    /// partners starts with every partner the workbook already knows.
    pub fn new_review(
        &mut self,
        mut draft: ReviewDraft,
        reuse_partners: bool,
        author: &str,
    ) -> Result<ReviewId> {
        if reuse_partners && draft.partners.is_empty() {
            draft.partners = self
                .known_partners(None)?
                .iter()
                .map(PartnerDraft::from)
                .collect();
        }
        self.create_review(&draft, author)
    }

    /// Runs an import's writes (a new review from `draft`, or its contents
    /// added to `into`) in a transaction that is then rolled back: the
    /// same checks as the import, and nothing written.
    pub(crate) fn rehearse_import(
        &mut self,
        draft: &ReviewDraft,
        into: Option<ReviewId>,
        author: &str,
    ) -> Result<()> {
        let now = self.now();
        self.store.rehearse(|tx| match into {
            Some(review) => store::reviews::add_draft(tx, review, draft, author, now),
            None => insert_draft(tx, draft, author, now, false).map(|_| ()),
        })
    }

    /// Opens the workbook for the app: on first run (no reviews yet) the
    /// sample review is added so that there is something to open.
    pub fn opening(&mut self) -> Result<Opening> {
        let empty = self.reviews()?.is_empty();
        let open_first = if empty {
            Some(self.ensure_sample()?.0)
        } else {
            None
        };
        Ok(Opening {
            reviews: self.reviews()?,
            open_first,
        })
    }

    /// Adds the bundled sample review, labelled as a sample.
    pub fn create_sample(&mut self) -> Result<ReviewId> {
        let draft = ReviewDraft::sample()?;
        let now = self.now();
        self.store
            .write(|tx| insert_draft(tx, &draft, "KLOE Workbook sample", now, true))
    }

    /// The sample review already in the workbook, or a new one: what the
    /// app opens on first run. Returns its id and whether it was created.
    pub fn ensure_sample(&mut self) -> Result<(ReviewId, bool)> {
        let draft = ReviewDraft::sample()?;
        let now = self.now();
        self.store
            .write(|tx| store::reviews::ensure_sample(tx, &draft, now))
    }

    /// Finds a review from what a user typed: its id.
    pub fn resolve_review(&mut self, text: &str) -> Result<ReviewId> {
        let id: ReviewId = text.parse().map_err(|_| {
            Error::refused(
                Refusal::BadValue,
                format!("\"{text}\" is not a review id; run `kloe reviews` to list them."),
            )
        })?;
        self.store.read(|tx| ensure_review(tx, id).map(|_| id))
    }

    /// Deletes a review and everything in it, after taking a backup that
    /// still holds it; returns its title.
    pub fn delete_review(&mut self, id: ReviewId) -> Result<String> {
        self.store.with_backup_first(
            "before delete",
            |_| true,
            |tx| store::reviews::delete_review(tx, id),
        )
    }
}
