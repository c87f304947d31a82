//! What the shell holds for its window: the open workbook (behind a lock,
//! taken by one command at a time, never on the main thread), who is
//! using it, and what this window may open.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use kloe::files::OpenFile;
use kloe::{Error, Refusal, Workbook};

/// The open workbook and who is using it in this window.
pub struct Session {
    pub(crate) store: Mutex<Workbook>,
    /// `KLOE_AUTHOR`, when set: the name in revisions, above the setting.
    pub(crate) author: Option<String>,
    /// Documents exported in this session: the only files the app will open
    /// or show in their folder when the page asks.
    pub(crate) exported: Mutex<Vec<std::path::PathBuf>>,
    /// A file the app was asked to open before its page could be told.
    pub(crate) launch: Mutex<Handover>,
    /// The workbook file.
    pub(crate) path: Mutex<PathBuf>,
    /// A workbook file double-clicked while the app runs, for the page to
    /// switch to once it has saved what is typed.
    pub(crate) pending_workbook: Mutex<Option<PathBuf>>,
    /// Why the workbook could not be opened at start-up, until it is
    /// recovered from a backup; meanwhile nothing reads or writes `store`.
    pub(crate) problem: Mutex<Option<String>>,
}

/// A file opened from the desktop before the page had loaded (the one the
/// app was started with, or on macOS one the system sends just after),
/// kept until the page asks; after that, files go to the page at once.
#[derive(Default)]
pub(crate) struct Handover {
    pub(crate) ready: bool,
    pub(crate) file: Option<OpenFile>,
}

impl Session {
    /// The store, with the name to record in what is saved now.
    pub(crate) fn writer(&self) -> Result<(MutexGuard<'_, Workbook>, String), Error> {
        let mut store = self.store()?;
        let author = store.author(self.author.as_deref())?;
        Ok((store, author))
    }

    /// The store whether or not the workbook opened (to put another in its
    /// place), and the problem cleared once it is.
    pub(crate) fn store_to_replace(&self) -> Result<MutexGuard<'_, Workbook>, Error> {
        self.store.lock().map_err(|_| {
            Error::refused(
                Refusal::Internal,
                "An earlier fault left the workbook unusable in this window; close and reopen KLOE Workbook. Your saved work is safe.",
            )
        })
    }

    /// The workbook opened well after all (recovered, or another opened).
    pub(crate) fn clear_problem(&self) {
        if let Ok(mut problem) = self.problem.lock() {
            *problem = None;
        }
    }

    /// The workbook file this window works in.
    pub(crate) fn path(&self) -> PathBuf {
        self.path.lock().map(|p| p.clone()).unwrap_or_default()
    }

    pub(crate) fn store(&self) -> Result<MutexGuard<'_, Workbook>, Error> {
        if let Some(problem) = self.problem.lock().ok().and_then(|p| p.clone()) {
            return Err(Error::refused(
                Refusal::NeedsRecovery,
                format!("{problem} Restore a backup from the start screen first."),
            ));
        }
        self.store_to_replace()
    }
}
