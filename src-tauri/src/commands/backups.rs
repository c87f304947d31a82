//! Backups: listing, restoring, saving a copy, and recovering a workbook
//! that could not be opened.

use std::path::PathBuf;

use kloe::store::Opening;
use kloe::store::backup::{BackupInfo, StartupProblem};
use kloe::{Error, Refusal, Workbook};
use tauri::{AppHandle, Manager, State};

use super::{Res, off_main, remember_written};
use crate::state::Session;

/// Why the workbook could not be opened at start-up, with the backups
/// that could take its place; none when it opened well.
#[tauri::command(async)]
pub fn startup_problem(wb: State<'_, Session>) -> Res<Option<StartupProblem>> {
    let Some(message) = wb.problem.lock().ok().and_then(|p| p.clone()) else {
        return Ok(None);
    };
    StartupProblem::new(&wb.path(), message).map(Some)
}

/// Puts a backup in place of the workbook that could not be opened (the
/// damaged file is kept beside it) and opens it.
#[tauri::command]
pub async fn recover(app: AppHandle, backup: String) -> Res<Opening> {
    let handle = app.clone();
    let opening = tauri::async_runtime::spawn_blocking(move || {
        let wb = app.state::<Session>();
        let mut store = wb.store_to_replace()?;
        *store = Workbook::recover(&wb.path(), std::path::Path::new(&backup))?;
        wb.clear_problem();
        store.opening()
    })
    .await
    .map_err(|_| {
        Error::refused(
            Refusal::Internal,
            "The recovery stopped because of a fault; nothing was changed.",
        )
    })??;
    // Recovered: from now on the workbook is backed up as usual.
    crate::keep_backups(handle);
    Ok(opening)
}

/// Switches this window to the workbook double-clicked while it ran (the
/// page has saved what was typed first). A workbook that cannot be opened
/// is refused and the open one stays.
#[tauri::command]
pub async fn switch_workbook(app: AppHandle) -> Res<Opening> {
    tauri::async_runtime::spawn_blocking(move || {
        let wb = app.state::<Session>();
        let Some(next) = wb.pending_workbook.lock().ok().and_then(|mut p| p.take()) else {
            return Err(Error::refused(
                Refusal::NothingToDo,
                "No other workbook was asked for, so this one stays open.",
            ));
        };
        let mut store = wb.store_to_replace()?;
        if next != wb.path() {
            *store = Workbook::open(&next)?;
            if let Ok(mut path) = wb.path.lock() {
                *path = next;
            }
            wb.clear_problem();
        }
        store.opening()
    })
    .await
    .map_err(|_| {
        Error::refused(
            Refusal::Internal,
            "Opening the other workbook stopped because of a fault; this one stays open.",
        )
    })?
}

/// The automatic backups, newest first.
#[tauri::command(async)]
pub fn list_backups(wb: State<'_, Session>) -> Res<Vec<BackupInfo>> {
    // By the workbook's path: they are there whether or not it opened.
    kloe::store::backup::backups_of(&wb.path())
}

/// Replaces the workbook's contents with a backup's (after checking it);
/// what it replaces is kept as a backup.
#[tauri::command]
pub async fn restore_backup(app: AppHandle, backup: String) -> Res<Opening> {
    off_main(app, move |store, _| {
        store.restore_backup(std::path::Path::new(&backup))?;
        store.opening()
    })
    .await
}

/// Writes a copy of the workbook where the officer chooses.
#[tauri::command]
pub async fn backup_now(app: AppHandle, path: String) -> Res<()> {
    let target = PathBuf::from(&path);
    let written = target.clone();
    off_main(app.clone(), move |store, _| store.backup_to(&target)).await?;
    remember_written(&app, written);
    Ok(())
}
