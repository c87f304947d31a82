//! Answers owed and written: assigning partners, saving words (every save a
//! revision), statuses, due dates, labels and the history of each answer.

use chrono::NaiveDate;

use super::Workbook;
use crate::error::{Error, Refusal, Result};
use crate::model::{AssignmentId, PartnerId, QuestionId, Revision, RevisionId, Status};
use crate::store;
use crate::store::{AssignmentInfo, SaveOutcome};
use crate::text::Paragraph;

impl Workbook {
    /// Assigns a question to partners. With `joint`, they owe one response
    /// together (label: the given one, else "A/ B Response"); otherwise each
    /// owes their own. A partner already assigned the question has its due
    /// date updated instead (when one is given).
    pub fn assign(
        &mut self,
        question: QuestionId,
        partners: &[PartnerId],
        joint: bool,
        label: Option<&str>,
        due: Option<NaiveDate>,
    ) -> Result<Vec<AssignmentId>> {
        let now = self.now();
        self.store
            .write(|tx| store::responses::assign(tx, question, partners, joint, label, due, now))
    }

    /// Removes an assignment. One with saved text is refused unless
    /// `discard_response` is set: typed words are never lost silently.
    pub fn unassign(&mut self, assignment: AssignmentId, discard_response: bool) -> Result<()> {
        let now = self.now();
        self.store
            .write(|tx| store::responses::unassign(tx, assignment, discard_response, now))
    }

    pub fn set_due(&mut self, assignment: AssignmentId, due: Option<NaiveDate>) -> Result<()> {
        let now = self.now();
        self.store
            .write(|tx| store::responses::set_due_in(tx, assignment, due, now))
    }

    pub fn set_label(&mut self, assignment: AssignmentId, label: &str) -> Result<()> {
        let now = self.now();
        self.store
            .write(|tx| store::responses::set_label(tx, assignment, label, now))
    }

    /// The assignment through which `partner` answers `question`.
    pub fn find_assignment(
        &mut self,
        question: QuestionId,
        partner: PartnerId,
    ) -> Result<AssignmentId> {
        self.store
            .read(|tx| store::responses::find_assignment(tx, question, partner))
    }

    pub fn assignment(&mut self, assignment: AssignmentId) -> Result<AssignmentInfo> {
        self.store
            .read(|tx| store::responses::assignment_info(tx, assignment))
    }

    /// Saves a response as a new revision, as autosave does. Saving the text
    /// that is already current adds nothing. The first words move a
    /// not-started (or not-required) assignment to drafting; editing an
    /// approved answer takes it back to drafting.
    pub fn save_response(
        &mut self,
        assignment: AssignmentId,
        paragraphs: &[Paragraph],
        author: &str,
    ) -> Result<SaveOutcome> {
        let now = self.now();
        self.store
            .write(|tx| store::responses::save(tx, assignment, paragraphs, author, now))
    }

    /// Moves an assignment to another status, if the move is allowed.
    pub fn set_status(
        &mut self,
        assignment: AssignmentId,
        status: Status,
        author: &str,
    ) -> Result<Status> {
        let now = self.now();
        self.store
            .write(|tx| store::responses::change_status(tx, assignment, status, author, now))
    }

    /// Saves a response and, optionally, sets its status, as one operation:
    /// if the status change is not allowed, the text is not saved either.
    pub fn respond(
        &mut self,
        assignment: AssignmentId,
        paragraphs: &[Paragraph],
        status: Option<Status>,
        author: &str,
    ) -> Result<SaveOutcome> {
        let now = self.now();
        self.store
            .write(|tx| store::responses::respond(tx, assignment, paragraphs, status, author, now))
    }

    /// Makes an earlier revision's text the current one again, as a new
    /// revision (so the restore itself can be undone from the history).
    pub fn restore_revision(
        &mut self,
        assignment: AssignmentId,
        revision: RevisionId,
        author: &str,
    ) -> Result<SaveOutcome> {
        let now = self.now();
        self.store
            .write(|tx| store::responses::restore_revision(tx, assignment, revision, author, now))
    }

    /// Every saved revision of a response, oldest first.
    pub fn history(&mut self, assignment: AssignmentId) -> Result<Vec<Revision>> {
        self.store
            .read(|tx| store::responses::history(tx, assignment))
    }

    /// Takes one partner off a question. From a joint response only that
    /// partner is removed (the others keep the response and its text, and a
    /// default joint label follows); a partner's own response is removed as
    /// [`Store::unassign`] does.
    pub fn unassign_partner(
        &mut self,
        assignment: AssignmentId,
        partner: PartnerId,
        discard_response: bool,
    ) -> Result<()> {
        let info = self.assignment(assignment)?;
        if !info.partners.contains(&partner) {
            return Err(Error::refused(
                Refusal::NotAssigned,
                "That partner is not part of this response.",
            ));
        }
        if info.partners.len() == 1 {
            return self.unassign(assignment, discard_response);
        }
        let now = self.now();
        self.store
            .write(|tx| store::responses::unassign_partner(tx, &info, assignment, partner, now))
    }
}
