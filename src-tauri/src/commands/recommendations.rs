//! The committee's recommendations: adding them, the partners' responses,
//! progress updates, and the tracker and its history.

use chrono::NaiveDate;
use kloe::doc::RecommendationDoc;
use kloe::model::{PartnerId, ProgressStatus, RecUpdateId, RecommendationId, ReviewId, Status};
use kloe::store::{RecAnswer, RecPatch, RecSaveOutcome, RecommendationInfo};
use kloe::text::Paragraph;
use kloe::workbook::recommendations::{RagMonth, RecommendationInput};
use tauri::State;

use super::Res;
use crate::state::Session;

#[tauri::command(async)]
pub fn recommendations(wb: State<'_, Session>, review: ReviewId) -> Res<Vec<RecommendationDoc>> {
    wb.store()?.recommendations(review)
}

#[tauri::command(async)]
pub fn rec_history(wb: State<'_, Session>, review: ReviewId) -> Res<Vec<RagMonth>> {
    wb.store()?.rec_progress_history(review)
}

#[tauri::command(async)]
pub fn add_recommendation(
    wb: State<'_, Session>,
    review: ReviewId,
    input: RecommendationInput,
) -> Res<RecommendationInfo> {
    wb.store()?.add_recommendation(review, &input)
}

#[tauri::command(async)]
pub fn address_recommendation(
    wb: State<'_, Session>,
    recommendation: RecommendationId,
    owed: Vec<Vec<PartnerId>>,
) -> Res<()> {
    wb.store()?.address_recommendation(recommendation, &owed)
}

#[tauri::command(async)]
pub fn respond_to_recommendation(
    wb: State<'_, Session>,
    recommendation: RecommendationId,
    partner: PartnerId,
    answer: RecAnswer,
    status: Option<Status>,
) -> Res<RecSaveOutcome> {
    let (mut store, author) = wb.writer()?;
    store.respond_to_recommendation(recommendation, partner, &answer, status, &author)
}

#[tauri::command(async)]
pub fn set_recommendation_status(
    wb: State<'_, Session>,
    recommendation: RecommendationId,
    partner: PartnerId,
    status: Status,
) -> Res<Status> {
    let (mut store, author) = wb.writer()?;
    store.set_recommendation_status(recommendation, partner, status, &author)
}

#[tauri::command(async)]
pub fn add_progress(
    wb: State<'_, Session>,
    recommendation: RecommendationId,
    date: NaiveDate,
    progress: ProgressStatus,
    text: String,
) -> Res<RecUpdateId> {
    let (mut store, author) = wb.writer()?;
    store.add_progress(recommendation, date, progress, &text, &author)
}

#[tauri::command(async)]
pub fn delete_recommendation(wb: State<'_, Session>, recommendation: RecommendationId) -> Res<()> {
    wb.store()?.delete_recommendation(recommendation)
}

/// Changes a recommendation's reference, words and dates (no date clears
/// one), and addresses it to more partners (`more`), all or nothing.
#[tauri::command(async)]
pub fn edit_recommendation(
    wb: State<'_, Session>,
    recommendation: RecommendationId,
    reference: String,
    text: Vec<Paragraph>,
    agreed: Option<NaiveDate>,
    due: Option<NaiveDate>,
    more: Vec<Vec<PartnerId>>,
) -> Res<()> {
    wb.store()?.revise_recommendation(
        recommendation,
        &RecPatch::whole(reference, text, agreed, due),
        &more,
    )
}

#[tauri::command(async)]
pub fn move_recommendation(
    wb: State<'_, Session>,
    recommendation: RecommendationId,
    to: u32,
) -> Res<()> {
    wb.store()?.move_recommendation(recommendation, to)
}
