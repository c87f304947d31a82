//! Sections and questions: added, edited, moved, deleted and found.

use super::Workbook;
use crate::error::Result;
use crate::model::{QuestionId, ReviewId, SectionId};
use crate::store;
use crate::store::{NewQuestion, NewSection, QuestionPatch, QuestionPlace, SectionPatch};

impl Workbook {
    pub fn add_section(&mut self, review: ReviewId, new: &NewSection) -> Result<SectionId> {
        let now = self.now();
        self.store
            .write(|tx| store::structure::add_section(tx, review, new, now))
    }

    pub fn update_section(&mut self, section: SectionId, patch: &SectionPatch) -> Result<()> {
        let now = self.now();
        self.store
            .write(|tx| store::structure::update_section(tx, section, patch, now))
    }

    /// Moves a section to a 1-based place among the review's sections; its
    /// questions go with it and every number after it changes.
    pub fn move_section(&mut self, section: SectionId, position: usize) -> Result<()> {
        let now = self.now();
        self.store
            .write(|tx| store::structure::move_section(tx, section, position, now))
    }

    pub fn add_question(&mut self, section: SectionId, new: &NewQuestion) -> Result<QuestionId> {
        let now = self.now();
        self.store
            .write(|tx| store::structure::add_question(tx, section, new, now))
    }

    pub fn update_question(&mut self, question: QuestionId, patch: &QuestionPatch) -> Result<()> {
        let now = self.now();
        self.store
            .write(|tx| store::structure::update_question(tx, question, patch, now))
    }

    /// Moves a question so that its number becomes `number`: it joins the
    /// section of the question now numbered so, taking that number.
    pub fn move_question_to_number(&mut self, question: QuestionId, number: u32) -> Result<()> {
        let now = self.now();
        self.store
            .write(|tx| store::structure::move_question_to_number(tx, question, number, now))
    }

    /// The section at a 1-based place in a review.
    pub fn section_by_position(&mut self, review: ReviewId, position: usize) -> Result<SectionId> {
        self.store
            .read(|tx| store::structure::section_by_position(tx, review, position))
    }

    /// Deletes a section. One that still holds questions is refused unless
    /// `with_questions` is set, so answers are never removed by accident,
    /// and then only after a backup that still holds them.
    pub fn delete_section(&mut self, section: SectionId, with_questions: bool) -> Result<()> {
        let now = self.now();
        self.store
            .with_backup_first(
                "before delete",
                |questions| *questions > 0,
                |tx| store::structure::delete_section(tx, section, with_questions, now),
            )
            .map(|_| ())
    }

    /// Moves a question into `section` at a 1-based `position` there.
    pub fn move_question(
        &mut self,
        question: QuestionId,
        section: SectionId,
        position: usize,
    ) -> Result<()> {
        let now = self.now();
        self.store.write(|tx| {
            let review = store::structure::move_question(tx, question, section, position)?;
            store::touch_review(tx, review, now)
        })
    }

    /// Deletes a question and its answers, after a backup that still holds them.
    pub fn delete_question(&mut self, question: QuestionId) -> Result<()> {
        let now = self.now();
        self.store.with_backup_first(
            "before delete",
            |_| true,
            |tx| store::structure::delete_question(tx, question, now),
        )
    }

    /// The question with the given number (1..N) in a review.
    pub fn question_by_number(&mut self, review: ReviewId, number: u32) -> Result<QuestionId> {
        self.store
            .read(|tx| store::structure::question_by_number(tx, review, number))
    }

    pub fn question_place(&mut self, question: QuestionId) -> Result<QuestionPlace> {
        self.store
            .read(|tx| store::structure::question_place(tx, question))
    }
}
