//! Backups: taken automatically (on opening, daily, before anything that
//! deletes or replaces), on request to a file of the officer's choosing,
//! listed, restored, and put in place of a workbook that cannot be opened.

use std::path::{Path, PathBuf};

use super::Workbook;
use crate::error::Result;
use crate::store::Store;
use crate::store::backup::{BackupInfo, DAILY};

impl Workbook {
    /// Writes a whole, consistent copy of the workbook to `path` (replacing
    /// it only once the copy is complete); never onto the workbook itself.
    pub fn backup_to(&self, path: &Path) -> Result<()> {
        self.store.backup_to(path)
    }

    /// The folder automatic backups go in; none for a workbook in memory.
    pub fn backup_dir(&self) -> Option<PathBuf> {
        self.store.backup_dir()
    }

    /// Takes an automatic backup and keeps the newest ten. Does nothing for
    /// a workbook in memory.
    pub fn auto_backup(&mut self, reason: &str) -> Result<Option<PathBuf>> {
        self.store.auto_backup(reason)
    }

    /// An automatic backup, if the newest is more than a day old.
    pub fn backup_if_due(&mut self) -> Result<Option<PathBuf>> {
        let newest = self.backups()?.into_iter().map(|b| b.taken_at).max();
        let due = newest.is_none_or(|t| (self.now() - t).to_std().unwrap_or_default() >= DAILY);
        if due {
            self.auto_backup("daily")
        } else {
            Ok(None)
        }
    }

    /// The automatic backups, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        self.store.backups()
    }

    /// Replaces the workbook's contents with a backup's, once the backup is
    /// known to be a sound workbook; what it replaces is backed up first.
    pub fn restore_backup(&mut self, backup: &Path) -> Result<()> {
        self.store.restore_backup(backup)
    }

    /// Puts a backup in place of a workbook that cannot be opened, keeping
    /// the damaged file beside it, and opens the result.
    pub fn recover(path: &Path, backup: &Path) -> Result<Workbook> {
        Store::recover(path, backup).map(Workbook::from)
    }
}
