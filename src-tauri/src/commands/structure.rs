//! Sections, questions and partners: added, edited, moved, deleted.

use kloe::doc::PartnerDraft;
use kloe::model::{PartnerId, QuestionId, ReviewId, SectionId};
use kloe::store::{NewQuestion, NewSection, PartnerPatch, QuestionPatch, SectionPatch};
use kloe::text::Paragraph;
use tauri::State;

use super::Res;
use crate::state::Session;

#[tauri::command(async)]
pub fn add_partner(
    wb: State<'_, Session>,
    review: ReviewId,
    partner: PartnerDraft,
) -> Res<PartnerId> {
    wb.store()?.add_partner(review, &partner)
}

/// Replaces a partner's details with those given.
#[tauri::command(async)]
pub fn update_partner(
    wb: State<'_, Session>,
    partner: PartnerId,
    details: PartnerDraft,
) -> Res<()> {
    wb.store()?
        .update_partner(partner, &PartnerPatch::from(details))
}

#[tauri::command(async)]
pub fn delete_partner(wb: State<'_, Session>, partner: PartnerId) -> Res<()> {
    wb.store()?.delete_partner(partner)
}

#[tauri::command(async)]
pub fn add_section(wb: State<'_, Session>, review: ReviewId, title: String) -> Res<SectionId> {
    let new = NewSection {
        title,
        ..NewSection::default()
    };
    wb.store()?.add_section(review, &new)
}

#[tauri::command(async)]
pub fn rename_section(wb: State<'_, Session>, section: SectionId, title: String) -> Res<()> {
    let patch = SectionPatch {
        title: Some(title),
        ..SectionPatch::default()
    };
    wb.store()?.update_section(section, &patch)
}

#[tauri::command(async)]
pub fn delete_section(wb: State<'_, Session>, section: SectionId) -> Res<()> {
    wb.store()?.delete_section(section, true)
}

#[tauri::command(async)]
pub fn add_question(
    wb: State<'_, Session>,
    section: SectionId,
    text: String,
    position: Option<usize>,
) -> Res<QuestionId> {
    let new = NewQuestion {
        text,
        position,
        ..NewQuestion::default()
    };
    wb.store()?.add_question(section, &new)
}

#[tauri::command(async)]
pub fn update_question(
    wb: State<'_, Session>,
    question: QuestionId,
    text: Option<String>,
    context: Option<Vec<Paragraph>>,
    notes: Option<Vec<Paragraph>>,
) -> Res<()> {
    let patch = QuestionPatch {
        text,
        context,
        notes,
    };
    wb.store()?.update_question(question, &patch)
}

#[tauri::command(async)]
pub fn delete_question(wb: State<'_, Session>, question: QuestionId) -> Res<()> {
    wb.store()?.delete_question(question)
}

#[tauri::command(async)]
pub fn move_question(wb: State<'_, Session>, question: QuestionId, number: u32) -> Res<()> {
    wb.store()?.move_question_to_number(question, number)
}

#[tauri::command(async)]
pub fn move_question_to_section(
    wb: State<'_, Session>,
    question: QuestionId,
    section: SectionId,
    position: usize,
) -> Res<()> {
    wb.store()?.move_question(question, section, position)
}
