//! Documents in and out: import, export and its preview, chase e-mails
//! and reminders, and opening what this window exported.

use std::path::PathBuf;

use kloe::formats::export::ExportOptions;
use kloe::formats::import::{ImportOptions, Reading};
use kloe::model::{PartnerId, ReviewId};
use kloe::progress::Progress;
use kloe::workbook::chase::Chase;
use kloe::{Error, Refusal};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use super::{Res, off_main, remember_written};
use crate::state::Session;

#[tauri::command(async)]
pub fn chase(wb: State<'_, Session>, review: ReviewId, partner: PartnerId) -> Res<Chase> {
    let today = chrono::Local::now().date_naive();
    let (mut store, author) = wb.writer()?;
    store.chase(review, partner, today, &author)
}

/// Saves a calendar reminder of the days `partner` owes answers on.
#[tauri::command(async)]
pub fn save_reminder(
    wb: State<'_, Session>,
    review: ReviewId,
    partner: PartnerId,
    path: String,
) -> Res<()> {
    let today = chrono::Local::now().date_naive();
    let mut store = wb.store()?;
    let calendar = store.reminder_ics(review, partner, today)?;
    kloe::files::save(&PathBuf::from(path), calendar.as_bytes(), store.path())
}

/// Opens the chase e-mail in the officer's mail program. The link is made
/// here from the workbook, never taken from the page.
#[tauri::command(async)]
pub fn open_chase_mail(
    app: AppHandle,
    wb: State<'_, Session>,
    review: ReviewId,
    partner: PartnerId,
) -> Res<()> {
    let today = chrono::Local::now().date_naive();
    let mail = {
        let (mut store, author) = wb.writer()?;
        store.chase(review, partner, today, &author)?
    };
    app.opener()
        .open_url(mail.mailto, None::<&str>)
        .map_err(|e| {
            Error::refused(Refusal::NoProgram, format!(
                "No mail program opened ({e}). Use \"Copy e-mail\" and paste it into your mail instead."
            ))
        })
}

/// Reads a document as import would, writing nothing: the outline found and
/// its warnings, for the officer to confirm.
#[tauri::command]
pub async fn import_preview(
    app: AppHandle,
    path: String,
    answered_by: Option<String>,
    progress: Channel<Progress>,
) -> Res<Reading> {
    off_main(app, move |store, _| {
        let name = PathBuf::from(&path);
        let shown = name
            .file_name()
            .unwrap_or(name.as_os_str())
            .to_string_lossy()
            .into_owned();
        let _ = progress.send(Progress::new(1, 1, format!("Reading {shown}")));
        let opts = ImportOptions {
            answered_by,
            ..ImportOptions::default()
        };
        store.import_preview(&name, &opts)
    })
    .await
}

/// Imports a document as a new review.
#[tauri::command]
pub async fn import_file(
    app: AppHandle,
    path: String,
    approved: bool,
    answered_by: Option<String>,
    progress: Channel<Progress>,
) -> Res<ReviewId> {
    off_main(app, move |store, author| {
        let opts = ImportOptions {
            approved,
            into: None,
            answered_by,
        };
        store
            .import_with_progress(PathBuf::from(&path).as_path(), &opts, author, &mut |p| {
                let _ = progress.send(p);
            })
            .map(|(id, _)| id)
    })
    .await
}

/// Writes the committee document to `path`, in a council's house style
/// when a Word template is given.
#[tauri::command]
pub async fn export_review(
    app: AppHandle,
    review: ReviewId,
    options: ExportOptions,
    template: Option<String>,
    path: String,
    progress: Channel<Progress>,
) -> Res<()> {
    let target = PathBuf::from(&path);
    let written = target.clone();
    off_main(app.clone(), move |store, _| {
        store.export_with_progress(
            review,
            &options,
            template.as_deref().map(std::path::Path::new),
            &target,
            &mut |p| {
                let _ = progress.send(p);
            },
        )
    })
    .await?;
    remember_written(&app, written);
    Ok(())
}

/// What the exported document will hold, as a web page, for the preview.
#[tauri::command]
pub async fn preview_export(
    app: AppHandle,
    review: ReviewId,
    options: ExportOptions,
) -> Res<String> {
    off_main(app, move |store, _| store.preview_html(review, &options)).await
}

/// A document exported in this session, or a refusal: the page cannot
/// have any other file opened.
fn exported(wb: &Session, path: &str) -> Res<PathBuf> {
    let path = PathBuf::from(path);
    let known = wb
        .exported
        .lock()
        .map(|l| l.contains(&path))
        .unwrap_or(false);
    if known {
        Ok(path)
    } else {
        Err(Error::refused(
            Refusal::NotExported,
            "Only a document exported in this window can be opened from here; open it from your file manager instead.",
        ))
    }
}

/// Opens an exported document in the program the system uses for it.
#[tauri::command(async)]
pub fn open_exported(app: AppHandle, wb: State<'_, Session>, path: String) -> Res<()> {
    let path = exported(&wb, &path)?;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            Error::refused(
                Refusal::NoProgram,
                format!(
                    "The document could not be opened ({e}); it is saved at {}.",
                    path.display()
                ),
            )
        })
}

/// Shows an exported document in its folder.
#[tauri::command(async)]
pub fn show_exported(app: AppHandle, wb: State<'_, Session>, path: String) -> Res<()> {
    let path = exported(&wb, &path)?;
    app.opener().reveal_item_in_dir(&path).map_err(|e| {
        Error::refused(
            Refusal::NoProgram,
            format!(
                "The folder could not be shown ({e}); the document is saved at {}.",
                path.display()
            ),
        )
    })
}
