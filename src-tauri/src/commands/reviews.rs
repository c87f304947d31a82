//! Reviews as wholes, the tracker, due dates and settings.

use chrono::NaiveDate;
use kloe::doc::{ReviewDoc, ReviewDraft};
use kloe::model::{AssignmentId, ReviewId};
use kloe::store::{NextYear, Opening, ReviewPatch, ReviewSummary, Settings};
use kloe::workbook::due_dates::DueProposal;
use kloe::workbook::tracker::{DayCounts, Tracker};
use tauri::State;

use super::Res;
use crate::state::Session;

#[tauri::command(async)]
pub fn open_workbook(wb: State<'_, Session>) -> Res<Opening> {
    wb.store()?.opening()
}

#[tauri::command(async)]
pub fn list_reviews(wb: State<'_, Session>) -> Res<Vec<ReviewSummary>> {
    wb.store()?.reviews()
}

#[tauri::command(async)]
pub fn load_review(wb: State<'_, Session>, review: ReviewId) -> Res<ReviewDoc> {
    wb.store()?.load(review)
}

#[tauri::command(async)]
pub fn new_review(
    wb: State<'_, Session>,
    title: String,
    meeting_date: Option<NaiveDate>,
    reuse_partners: bool,
) -> Res<ReviewId> {
    let draft = ReviewDraft {
        title,
        meeting_date,
        ..ReviewDraft::default()
    };
    let (mut store, author) = wb.writer()?;
    store.new_review(draft, reuse_partners, &author)
}

#[tauri::command(async)]
pub fn start_next_year(
    wb: State<'_, Session>,
    review: ReviewId,
    title: Option<String>,
    meeting_date: Option<NaiveDate>,
) -> Res<ReviewId> {
    wb.store()?
        .start_next_year(review, &NextYear::new(title, meeting_date))
}

#[tauri::command(async)]
pub fn delete_review(wb: State<'_, Session>, review: ReviewId) -> Res<String> {
    wb.store()?.delete_review(review)
}

#[tauri::command(async)]
pub fn tracker(wb: State<'_, Session>, review: ReviewId) -> Res<Tracker> {
    let today = chrono::Local::now().date_naive();
    wb.store()?.tracker(review, today)
}

#[tauri::command(async)]
pub fn progress_history(wb: State<'_, Session>, review: ReviewId) -> Res<Vec<DayCounts>> {
    wb.store()?.progress_history(review)
}

#[tauri::command(async)]
pub fn update_review(
    wb: State<'_, Session>,
    review: ReviewId,
    title: String,
    meeting_date: Option<NaiveDate>,
    committee: Option<String>,
) -> Res<()> {
    wb.store()?.update_review(
        review,
        &ReviewPatch::details(title, meeting_date, committee),
    )
}

#[tauri::command(async)]
pub fn propose_due_dates(
    wb: State<'_, Session>,
    review: ReviewId,
    clear_days: u32,
) -> Res<Vec<DueProposal>> {
    wb.store()?.propose_due_dates(review, clear_days)
}

#[tauri::command(async)]
pub fn set_due_dates(
    wb: State<'_, Session>,
    dates: Vec<(AssignmentId, Option<NaiveDate>)>,
) -> Res<()> {
    wb.store()?.set_due_dates(&dates)
}

#[tauri::command(async)]
pub fn get_settings(wb: State<'_, Session>) -> Res<Settings> {
    wb.store()?.settings()
}

#[tauri::command(async)]
pub fn save_settings(wb: State<'_, Session>, settings: Settings) -> Res<Settings> {
    let mut store = wb.store()?;
    store.save_settings(&settings)?;
    store.settings()
}
