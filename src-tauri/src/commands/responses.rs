//! Answers: saving words (the autosave), statuses, history, who owes them.

use chrono::NaiveDate;
use kloe::model::{AssignmentId, PartnerId, QuestionId, Revision, RevisionId, Status};
use kloe::store::SaveOutcome;
use kloe::text::Paragraph;
use tauri::State;

use super::Res;
use crate::state::Session;

#[tauri::command(async)]
pub fn save_response(
    wb: State<'_, Session>,
    assignment: AssignmentId,
    paragraphs: Vec<Paragraph>,
) -> Res<SaveOutcome> {
    let (mut store, author) = wb.writer()?;
    store.save_response(assignment, &paragraphs, &author)
}

#[tauri::command(async)]
pub fn set_status(wb: State<'_, Session>, assignment: AssignmentId, status: Status) -> Res<Status> {
    let (mut store, author) = wb.writer()?;
    store.set_status(assignment, status, &author)
}

#[tauri::command(async)]
pub fn history(wb: State<'_, Session>, assignment: AssignmentId) -> Res<Vec<Revision>> {
    wb.store()?.history(assignment)
}

#[tauri::command(async)]
pub fn restore_revision(
    wb: State<'_, Session>,
    assignment: AssignmentId,
    revision: RevisionId,
) -> Res<SaveOutcome> {
    let (mut store, author) = wb.writer()?;
    store.restore_revision(assignment, revision, &author)
}

#[tauri::command(async)]
pub fn assign(
    wb: State<'_, Session>,
    question: QuestionId,
    partners: Vec<PartnerId>,
    joint: bool,
    label: Option<String>,
    due: Option<NaiveDate>,
) -> Res<Vec<AssignmentId>> {
    wb.store()?
        .assign(question, &partners, joint, label.as_deref(), due)
}

#[tauri::command(async)]
pub fn unassign(
    wb: State<'_, Session>,
    assignment: AssignmentId,
    discard_response: bool,
) -> Res<()> {
    wb.store()?.unassign(assignment, discard_response)
}

#[tauri::command(async)]
pub fn set_due(
    wb: State<'_, Session>,
    assignment: AssignmentId,
    due: Option<NaiveDate>,
) -> Res<()> {
    wb.store()?.set_due(assignment, due)
}
