//! Partner packs: sending, partner mode, returning, and merging what comes back.

use std::path::PathBuf;

use kloe::files::OpenFile;
use kloe::formats::pack::ReturnedFile;
use kloe::formats::pack::Sending;
use kloe::model::{AssignmentId, PartnerId, RecResponseId, ReviewId, SignOff};
use kloe::workbook::packs::merge::{Choice, Choices, MergeOutcome, MergePlan};
use kloe::workbook::packs::partner::{OpenedPack, Returned};
use tauri::{AppHandle, State};

use super::{Res, off_main, read_file, remember_written};
use crate::state::Session;

/// Writes the questions `partner` answers to `path`: a partner pack, or
/// with `word` a Word form for a partner without the app.
#[tauri::command]
pub async fn send_pack(
    app: AppHandle,
    review: ReviewId,
    partner: PartnerId,
    word: bool,
    path: String,
) -> Res<()> {
    let target = PathBuf::from(&path);
    let written = target.clone();
    let sending = if word { Sending::Form } else { Sending::Pack };
    off_main(app.clone(), move |store, author| {
        store.send_pack_to(review, partner, sending, &target, author)
    })
    .await?;
    remember_written(&app, written);
    Ok(())
}

/// Opens a pack in partner mode: its questions as this workbook's copy.
#[tauri::command]
pub async fn open_pack(app: AppHandle, path: String) -> Res<OpenedPack> {
    off_main(app, move |store, author| {
        store.open_pack(&read_file(&path)?, author)
    })
    .await
}

/// Records who signs a partner copy's answers off.
#[tauri::command(async)]
pub fn set_signoff(wb: State<'_, Session>, review: ReviewId, signoff: Option<SignOff>) -> Res<()> {
    let signoff = signoff
        .map(|s| SignOff::new(&s.name, &s.role, s.date))
        .transpose()?;
    wb.store()?.set_signoff(review, signoff.as_ref())
}

/// Writes the response file of a partner copy: every answer marked ready.
#[tauri::command]
pub async fn return_pack(app: AppHandle, review: ReviewId, path: String) -> Res<Returned> {
    let target = PathBuf::from(&path);
    let written = target.clone();
    let returned = off_main(app.clone(), move |store, _| {
        store.return_pack_to(review, &target)
    })
    .await?;
    remember_written(&app, written);
    Ok(returned)
}

/// What merging a partner's response (or Word form) would change. With
/// `allow_older`, a return older than one already merged is planned too.
#[tauri::command]
pub async fn plan_merge(app: AppHandle, path: String, allow_older: bool) -> Res<MergePlan> {
    off_main(app, move |store, _| {
        store.plan_merge(&ReturnedFile::read(&read_file(&path)?)?.allowing_older(allow_older))
    })
    .await
}

/// Merges a partner's response, with the officer's choice for each conflict.
#[tauri::command]
pub async fn merge_response(
    app: AppHandle,
    path: String,
    allow_older: bool,
    choices: Vec<(AssignmentId, Choice)>,
    rec_choices: Option<Vec<(RecResponseId, Choice)>>,
) -> Res<MergeOutcome> {
    off_main(app, move |store, author| {
        let file = ReturnedFile::read(&read_file(&path)?)?.allowing_older(allow_older);
        let choices = Choices {
            answers: choices.into_iter().collect(),
            recommendations: rec_choices.unwrap_or_default().into_iter().collect(),
        };
        store.merge_response(&file, &choices, author)
    })
    .await
}

/// The file the app was started with (a double-clicked pack or response),
/// handed over once; from now on the page is sent files as they come.
#[tauri::command(async)]
pub fn launch_file(wb: State<'_, Session>) -> Option<OpenFile> {
    let mut launch = wb.launch.lock().ok()?;
    launch.ready = true;
    launch.file.take()
}
