//! Backups: whole, consistent copies of the workbook made with SQLite's
//! online backup API while it is in use. Automatic ones go in a folder
//! beside the workbook (`<name> backups/`), the newest [`KEEP_BACKUPS`]
//! kept: when the app opens it, once a day while it is open, and before
//! every import, merge, migration and restore. A backup is checked before
//! anything is replaced with it, and what it replaces is backed up first.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, MAIN_DB, OpenFlags};
use serde::Serialize;

use super::migrations::{LATEST_VERSION, migrate};
use super::{APPLICATION_ID, Store};
use crate::error::{Error, Refusal, Result};
use crate::files::backup_dir_for;

/// How many automatic backups are kept.
pub const KEEP_BACKUPS: usize = 10;
/// How old the newest backup may be before a daily one is due.
pub const DAILY: Duration = Duration::from_secs(24 * 60 * 60);

/// One automatic backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct BackupInfo {
    pub path: String,
    pub taken_at: DateTime<Utc>,
    /// Why it was taken: "opened", "daily", "before import", …
    pub reason: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// Why a workbook could not be opened, with the backups that could take
/// its place, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct StartupProblem {
    pub message: String,
    pub path: String,
    pub backups: Vec<BackupInfo>,
}

impl StartupProblem {
    pub fn new(workbook: &Path, message: String) -> Result<StartupProblem> {
        Ok(StartupProblem {
            message,
            path: workbook.display().to_string(),
            backups: backups_of(workbook)?,
        })
    }
}

impl Store {
    /// Writes a whole, consistent copy of the workbook to `path` (replacing
    /// it only once the copy is complete).
    pub fn backup_to(&self, path: &Path) -> Result<()> {
        crate::files::check_output(path, self.path.as_deref())?;
        copy_out(&self.conn, path)
    }

    /// The folder automatic backups go in; none for a workbook in memory.
    pub fn backup_dir(&self) -> Option<PathBuf> {
        self.path.as_deref().map(backup_dir_for)
    }

    /// Takes an automatic backup and keeps the newest [`KEEP_BACKUPS`].
    /// Does nothing for a workbook in memory.
    pub fn auto_backup(&mut self, reason: &str) -> Result<Option<PathBuf>> {
        let Some(path) = self.path.clone() else {
            return Ok(None);
        };
        let target = take_backup(&self.conn, &path, reason, self.now())?;
        Ok(Some(target))
    }

    /// The automatic backups, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        match &self.path {
            Some(p) => backups_of(p),
            None => Ok(Vec::new()),
        }
    }

    /// Replaces the workbook's contents with a backup's. The backup must be
    /// a workbook of a version this program knows that passes SQLite's
    /// integrity check; the contents it replaces are backed up first.
    pub fn restore_backup(&mut self, backup: &Path) -> Result<()> {
        check_backup(backup)?;
        self.auto_backup("before restore")?;
        self.conn
            .restore(MAIN_DB, backup, None::<fn(rusqlite::backup::Progress)>)
            .map_err(|e| match Error::from(e) {
                Error::InUse => Error::InUse,
                other => Error::refused(
                    Refusal::WriteFailed,
                    format!(
                        "The backup could not be restored ({other}); your workbook is as it was."
                    ),
                ),
            })?;
        let now = self.now();
        migrate(&mut self.conn, now)
    }

    /// Puts a backup in place of a workbook that cannot be opened, keeping
    /// the damaged file beside it, and opens the result.
    pub fn recover(path: &Path, backup: &Path) -> Result<Store> {
        check_backup(backup)?;
        let stamp = Utc::now().format("%Y%m%d-%H%M%S");
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let kept = path.with_file_name(format!("{name}.damaged-{stamp}"));
        let io = |action: &'static str, p: &Path| {
            let p = p.to_path_buf();
            move |source| Error::Io {
                action,
                path: p,
                source,
            }
        };
        if path.exists() {
            std::fs::rename(path, &kept).map_err(io("set aside", path))?;
        }
        for suffix in ["-wal", "-shm"] {
            let side = path.with_file_name(format!("{name}{suffix}"));
            if side.exists() {
                let aside = kept.with_file_name(format!(
                    "{}{suffix}",
                    kept.file_name().unwrap_or_default().to_string_lossy()
                ));
                std::fs::rename(&side, &aside).map_err(io("set aside", &side))?;
            }
        }
        let source = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        copy_out(&source, path)?;
        drop(source);
        Store::open(path)
    }
}
/// Checks that a file is a whole workbook of a version this program knows.
pub fn check_backup(path: &Path) -> Result<()> {
    let bad = |why: &str| {
        Error::refused(
            Refusal::NotABackup,
            format!(
                "{} cannot be restored: {why}. Nothing was changed.",
                path.display()
            ),
        )
    };
    if !path.exists() {
        return Err(bad("there is no such file"));
    }
    // A folder, a device or a pipe is refused before SQLite opens it.
    crate::files::open_regular(path).map_err(|e| match e {
        Error::Refused(why, m) => Error::Refused(why, format!("{m} Nothing was changed.")),
        other => Error::refused(Refusal::NotABackup, format!("{other} Nothing was changed.")),
    })?;
    // Checked as it would be once restored: copied whole into memory, so
    // what is checked is exactly what a restore would put in place.
    let mut conn = Connection::open_in_memory()?;
    conn.restore(MAIN_DB, path, None::<fn(rusqlite::backup::Progress)>)
        .map_err(|_| bad("it is not a workbook, or it is damaged"))?;
    let read = || -> rusqlite::Result<(i64, i64, String, bool)> {
        Ok((
            conn.pragma_query_value(None, "application_id", |r| r.get(0))?,
            conn.pragma_query_value(None, "user_version", |r| r.get(0))?,
            conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?,
            conn.prepare("PRAGMA foreign_key_check")?.exists([])?,
        ))
    };
    let (app, version, integrity, broken_links) =
        read().map_err(|_| bad("it is not a workbook, or it is damaged"))?;
    if app != APPLICATION_ID {
        return Err(bad("it is not a KLOE Workbook file"));
    }
    if version > LATEST_VERSION {
        return Err(bad(&format!(
            "it was saved by a newer version of KLOE Workbook (format {version}); install the latest version first"
        )));
    }
    if integrity != "ok" || broken_links {
        return Err(bad("it is damaged (it fails SQLite's integrity check)"));
    }
    if let Some(reason) = super::migrations::unexpected_schema(&conn, version)? {
        return Err(bad(&reason));
    }
    Ok(())
}

/// The workbook's backups folder, made if it is not there yet.
fn ensure_backup_dir(workbook: &Path) -> Result<PathBuf> {
    let dir = backup_dir_for(workbook);
    std::fs::create_dir_all(&dir).map_err(|source| match source.kind() {
        std::io::ErrorKind::StorageFull => Error::DiskFull,
        std::io::ErrorKind::ReadOnlyFilesystem => Error::ReadOnly,
        _ => Error::Io {
            action: "create the backup folder",
            path: dir.clone(),
            source,
        },
    })?;
    Ok(dir)
}

/// The automatic backups of the workbook at `workbook`, newest first
/// (damaged ones left out).
pub fn backups_of(workbook: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backup_dir_for(workbook);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut found: Vec<BackupInfo> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "kloe"))
        .filter_map(|p| {
            let (taken_at, reason) = parse_name(&p)?;
            let bytes = std::fs::metadata(&p).ok()?.len();
            Some(BackupInfo {
                path: p.display().to_string(),
                taken_at,
                reason,
                bytes,
            })
        })
        .collect();
    found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.path.cmp(&a.path)));
    Ok(found)
}

fn take_backup(
    conn: &Connection,
    workbook: &Path,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<PathBuf> {
    let dir = ensure_backup_dir(workbook)?;
    let slug: String = reason
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    // Names sort in the order taken: "2026-11-26 163800 before-import",
    // then "2026-11-26 163800-02 before-import" within the same second.
    let stamp = now.format("%Y-%m-%d %H%M%S");
    let mut target = dir.join(format!("{stamp} {slug}.kloe"));
    for n in 2..100 {
        if !target.exists() {
            break;
        }
        target = dir.join(format!("{stamp}-{n:02} {slug}.kloe"));
    }
    copy_out(conn, &target)?;
    prune(&dir)?;
    Ok(target)
}

/// Keeps the newest [`KEEP_BACKUPS`], and clears copies a crash left half-made.
fn prune(dir: &Path) -> Result<()> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|e| e.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    for p in names.iter().filter(|p| abandoned(p)) {
        let _ = std::fs::remove_file(p);
    }
    names.retain(|p| p.extension().is_some_and(|e| e == "kloe") && parse_name(p).is_some());
    names.sort();
    let extra = names.len().saturating_sub(KEEP_BACKUPS);
    for old in &names[..extra] {
        let _ = std::fs::remove_file(old);
    }
    Ok(())
}

/// Whether `p` is a partial copy ("<name>.<process id>.partial") that no
/// running process is still writing: its process has gone (a backup killed
/// half-way), or, where that cannot be told, it is an hour old.
fn abandoned(p: &Path) -> bool {
    let Some(stem) = p
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".partial"))
    else {
        return false;
    };
    let pid = stem.rsplit('.').next().and_then(|n| n.parse::<u32>().ok());
    let proc_root = Path::new("/proc/self");
    match pid {
        Some(pid) if proc_root.exists() => {
            pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
        }
        _ => std::fs::metadata(p)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > Duration::from_secs(3600))),
    }
}

/// Removes the partial copies of `name` in `dir` that were abandoned.
fn remove_stale_partials(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for p in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
        let ours = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(&format!("{name}.")));
        if ours && abandoned(&p) {
            let _ = std::fs::remove_file(&p);
        }
    }
}

/// A log (`-wal`) beside a workbook that no session has open is left over
/// (by a crash, or copied there with another file) and SQLite applies it on
/// opening, whichever file it came from. Before that, a copy of the
/// workbook file as it is goes into the backups folder; returns where.
pub(crate) fn keep_before_stray_log(workbook: &Path) -> Result<Option<PathBuf>> {
    let name = workbook.file_name().unwrap_or_default().to_string_lossy();
    let wal = workbook.with_file_name(format!("{name}-wal"));
    let shm = workbook.with_file_name(format!("{name}-shm"));
    let has_log = std::fs::metadata(&wal).is_ok_and(|m| m.is_file() && m.len() > 0);
    if !has_log || !workbook.is_file() || session_open(&shm) {
        return Ok(None);
    }
    let dir = ensure_backup_dir(workbook)?;
    let stamp = Utc::now().format("%Y-%m-%d %H%M%S");
    let target = dir.join(format!("{stamp} before-log-replay.kloe"));
    // Not opened without the copy: a failure leaves no half copy behind and
    // says what stopped it, and the workbook is left as it was.
    std::fs::copy(workbook, &target).map_err(|source| {
        let _ = std::fs::remove_file(&target);
        match source.kind() {
            std::io::ErrorKind::StorageFull => Error::DiskFull,
            std::io::ErrorKind::ReadOnlyFilesystem => Error::ReadOnly,
            _ => Error::Io {
                action: "keep a copy of",
                path: workbook.to_path_buf(),
                source,
            },
        }
    })?;
    Ok(Some(target))
}

/// Whether a session has the workbook open: SQLite holds a lock on its
/// shared-memory file (`-shm`) while it does. Where the locks cannot be
/// read, a shared-memory file is taken to mean a session.
fn session_open(shm: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(shm) else {
        return false;
    };
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(locks) = std::fs::read_to_string("/proc/locks") {
            let inode = meta.ino().to_string();
            // "1: POSIX  ADVISORY  READ 1234 fe:00:10322005 128 128"
            return locks.lines().any(|l| {
                l.split_whitespace()
                    .nth(5)
                    .and_then(|f| f.rsplit(':').next())
                    .is_some_and(|i| i == inode)
            });
        }
    }
    let _ = meta;
    true
}

/// Clears the partial copies that backups killed half-way left in the
/// workbook's backups folder.
pub(crate) fn clear_abandoned(workbook: &Path) {
    let Ok(entries) = std::fs::read_dir(backup_dir_for(workbook)) else {
        return;
    };
    for p in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
        if abandoned(&p) {
            let _ = std::fs::remove_file(&p);
        }
    }
}

/// The time and reason in a backup's name: "2026-11-26 163800 before-import.kloe"
/// (or "2026-11-26 163800-02 before-import.kloe", the second that second).
fn parse_name(path: &Path) -> Option<(DateTime<Utc>, String)> {
    let stem = path.file_stem()?.to_str()?;
    let (day, rest) = stem.split_once(' ')?;
    let (time, reason) = rest.split_once(' ')?;
    let time = time.split('-').next()?;
    let at = NaiveDateTime::parse_from_str(&format!("{day} {time}"), "%Y-%m-%d %H%M%S").ok()?;
    Some((at.and_utc(), reason.replace('-', " ")))
}

/// Copies the database behind `conn` to `path` with the online backup API,
/// through a temporary file renamed into place once it is complete.
fn copy_out(conn: &Connection, path: &Path) -> Result<()> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let dir = crate::files::folder_for(path)?;
    remove_stale_partials(&dir, &name);
    // Each process writes its own partial copy: two windows may back up at once.
    let partial = path.with_file_name(format!("{name}.{}.partial", std::process::id()));
    let _ = std::fs::remove_file(&partial);
    let failed = |e: rusqlite::Error| {
        let _ = std::fs::remove_file(&partial);
        match Error::from(e) {
            Error::InUse => Error::InUse,
            Error::DiskFull => Error::refused(
                Refusal::NoSpace,
                format!(
                    "There is no space left on the drive to write the backup {}; nothing else was changed. Free some space and try again.",
                    path.display()
                ),
            ),
            Error::ReadOnly => Error::refused(
                Refusal::PermissionDenied,
                format!(
                    "The backup {} cannot be written: its folder or drive is read-only. Choose another folder.",
                    path.display()
                ),
            ),
            other => Error::refused(
                Refusal::WriteFailed,
                format!(
                    "The backup to {} could not be written ({other}).",
                    path.display()
                ),
            ),
        }
    };
    conn.backup(MAIN_DB, &partial, None::<fn(rusqlite::backup::Progress)>)
        .map_err(failed)?;
    std::fs::rename(&partial, path).map_err(|source| Error::Io {
        action: "save the backup as",
        path: path.to_path_buf(),
        source,
    })
}
