//! The commands the screens call, one file per part of the product. Each
//! one takes the workbook, calls the core and hands back its result or its
//! `{code, message}` error. None runs on the main thread: every command is
//! `async` (Tauri runs it on a worker), and long work goes to a blocking
//! thread that reports its steps through a channel, so the window is never
//! held up by the workbook.

pub mod backups;
pub mod files;
pub mod packs;
pub mod recommendations;
pub mod responses;
pub mod reviews;
pub mod structure;

use std::path::PathBuf;

use kloe::{Error, Refusal, Workbook};
use tauri::{AppHandle, Manager};

use crate::state::Session;

pub(crate) type Res<T> = Result<T, Error>;

/// Runs long work on a blocking thread, so the window stays responsive.
pub(crate) async fn off_main<T: Send + 'static>(
    app: AppHandle,
    work: impl FnOnce(&mut Workbook, &str) -> Res<T> + Send + 'static,
) -> Res<T> {
    tauri::async_runtime::spawn_blocking(move || {
        let wb = app.state::<Session>();
        let (mut store, author) = wb.writer()?;
        work(&mut store, &author)
    })
    .await
    .map_err(|_| {
        Error::refused(
            Refusal::Internal,
            "The work stopped because of a fault; nothing was changed. Please try again.",
        )
    })?
}

/// A partner pack, response file or filled-in Word form chosen in a dialog.
pub(crate) fn read_file(path: &str) -> Res<Vec<u8>> {
    kloe::files::read_limited(
        std::path::Path::new(path),
        kloe::formats::pack::MAX_PACK_BYTES,
        "The file",
    )
}

pub(crate) fn remember_written(app: &AppHandle, path: PathBuf) {
    if let Ok(mut list) = app.state::<Session>().exported.lock() {
        list.push(path);
    }
}
