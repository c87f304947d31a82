//! The workbook's use cases: what an officer or a partner does, each one
//! reading and writing the store in its transactions and the files in the
//! formats. The command line and the desktop app call these and nothing
//! below them.
//!
//! [`Workbook`] is the open workbook: the store, and the clock its
//! changes are stamped with. One file per group of use cases: reviews,
//! structure, partners, responses, appendices, settings, backups, import,
//! export, packs (send, partner mode, merge), the tracker, chasing and due
//! dates.

pub mod appendices;
pub mod backups;
pub mod chase;
pub mod due_dates;
pub mod export;
pub mod import;
pub mod packs;
pub mod partners;
pub mod recommendations;
pub mod responses;
pub mod reviews;
pub mod settings;
pub mod structure;
pub mod tracker;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::store::{Clock, Store};

/// An open workbook: every use case hangs off it.
pub struct Workbook {
    store: Store,
}

impl Workbook {
    /// Opens the workbook at `path`, creating it if the file does not exist.
    ///
    /// A file that is not a workbook, or was written by a newer version, is
    /// refused before anything is written to it.
    pub fn open(path: impl AsRef<Path>) -> Result<Workbook> {
        Store::open(path).map(Workbook::from)
    }

    /// Opens a workbook that must already exist: for commands that only
    /// read, so that a mistyped path never leaves a new file behind.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Workbook> {
        Store::open_existing(path).map(Workbook::from)
    }

    /// A workbook in memory, gone when it is dropped.
    pub fn open_in_memory() -> Result<Workbook> {
        Store::open_in_memory().map(Workbook::from)
    }

    /// Where the workbook lives when none is named (`KLOE_DB`, else the
    /// user's data folder).
    pub fn default_path() -> Result<PathBuf> {
        Store::default_path()
    }

    /// The same workbook, its changes stamped by `clock`.
    pub fn with_clock(self, clock: Clock) -> Self {
        Workbook {
            store: self.store.with_clock(clock),
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.store.path()
    }

    /// The schema version of the open workbook.
    pub fn schema_version(&self) -> Result<i64> {
        self.store.schema_version()
    }

    /// Direct read access for checks and tools (integrity checks, tests).
    pub fn connection(&self) -> &rusqlite::Connection {
        self.store.connection()
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.store.now()
    }
}

impl From<Store> for Workbook {
    fn from(store: Store) -> Workbook {
        Workbook { store }
    }
}
