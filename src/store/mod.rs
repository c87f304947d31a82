//! The offline store: one SQLite file per workbook, holding any number of
//! reviews.
//!
//! Settings that protect the officer's work: WAL, `synchronous=FULL` (a save
//! that has been acknowledged survives a killed process or a power cut),
//! foreign keys on, and every user operation in one `BEGIN IMMEDIATE`
//! transaction, so that a failed operation changes nothing and a second
//! writer waits briefly, then gets a clear "in use" error.

pub(crate) mod appendices;
pub mod backup;
mod migrations;
pub(crate) mod packs;
pub(crate) mod partners;
pub(crate) mod recommendations;
pub(crate) mod responses;
pub(crate) mod reviews;
pub(crate) mod settings;
pub(crate) mod structure;
pub(crate) mod tracking;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};

use crate::error::{Error, Refusal, Result};
use crate::model::{ReviewId, Status};
use crate::text::Paragraph;

pub use appendices::MAX_APPENDIX_BYTES;
pub use migrations::{LATEST_VERSION, MIGRATIONS, Migration};
pub use partners::MAX_NAME_CHARS;
pub use partners::PartnerPatch;
pub(crate) use partners::load_partners as load_partners_for;
pub use recommendations::{RecAnswer, RecPatch, RecSaveOutcome, RecommendationInfo};
pub use responses::{AssignmentInfo, SaveOutcome};
pub(crate) use responses::{set_due_in, take_returned};
pub use reviews::{NextYear, Opening, ReviewPatch, ReviewSummary};
pub(crate) use reviews::{assignment_partners, insert_draft, load_doc};
pub use settings::{MAX_CLEAR_DAYS, MAX_REC_RESPONSE_DAYS, Settings};
pub use structure::{NewQuestion, NewSection, QuestionPatch, QuestionPlace, SectionPatch};

/// `PRAGMA application_id` of a workbook: "KLOE" in ASCII.
pub const APPLICATION_ID: i64 = 0x4B4C_4F45;

/// How long a writer waits for another process to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Where the current time comes from. Fixed in tests and when `KLOE_NOW` is
/// set, so that output can be reproduced exactly.
#[derive(Debug, Clone, Copy, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => t,
        }
    }
}

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    clock: Clock,
}

impl Store {
    /// Opens the workbook at `path`, creating it if the file does not exist.
    ///
    /// A file that is not a workbook, or was written by a newer version, is
    /// refused before anything is written to it.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        check_header(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                action: "create the folder",
                path: dir.to_path_buf(),
                source,
            })?;
        }
        // SQLite applies any log it finds beside a database, even one left
        // by another file: keep the workbook as it was first.
        let kept = backup::keep_before_stray_log(path)?;
        let replayed = |e: Error| match (&kept, e) {
            (Some(copy), Error::Damaged | Error::NotAWorkbook { .. }) => Error::refused(
                Refusal::ForeignLog,
                format!(
                    "{} could not be opened once SQLite had applied the log file found beside it ({}-wal), which may belong to another copy of the workbook. The workbook as it was before is kept as {}; restore it with Backups… or kloe restore.",
                    path.display(),
                    path.display(),
                    copy.display()
                ),
            ),
            (_, e) => e,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| replayed(not_a_workbook(path, e)))?;
        Store::init(conn, Some(path.to_path_buf()))
            .map_err(replayed)
            .map_err(|e| match e {
                // SQLite only says it cannot open the file; say why when it is
                // because the file or its drive cannot be written.
                Error::Database(ref inner)
                    if inner.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen)
                        && !writable(path) =>
                {
                    Error::ReadOnly
                }
                other => other,
            })
    }

    /// Opens a workbook that must already exist: for commands that only
    /// read, so that a mistyped path never leaves a new file behind.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(Error::not_found(format!(
                "There is no workbook at {}. Check the path, or start one with `kloe new TITLE` or `kloe sample`.",
                path.display()
            )));
        }
        Store::open(path)
    }

    /// A workbook that lives only in memory, for tests and previews.
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?, None)
    }

    /// The default workbook: `KLOE_DB` is handled by the caller; this is the
    /// platform data directory (e.g. `~/.local/share/kloe-workbook/`).
    pub fn default_path() -> Result<PathBuf> {
        directories::ProjectDirs::from("uk", "KLOE Workbook", "kloe-workbook")
            .map(|d| d.data_dir().join("workbook.kloe"))
            .ok_or_else(|| {
                Error::refused(Refusal::NoHomeFolder,
                    "Could not find your home folder to keep the workbook in; give a file with --db or KLOE_DB.",
                )
            })
    }

    fn init(conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let shown = path.clone().unwrap_or_else(|| PathBuf::from(":memory:"));
        // Read-only checks first: a refused file must be left exactly as it was.
        let (version, app_id, tables) = (|| -> rusqlite::Result<(i64, i64, i64)> {
            Ok((
                conn.pragma_query_value(None, "user_version", |r| r.get(0))?,
                conn.pragma_query_value(None, "application_id", |r| r.get(0))?,
                conn.query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                    [],
                    |r| r.get(0),
                )?,
            ))
        })()
        .map_err(|e| not_a_workbook(&shown, e))?;
        if app_id != 0 && app_id != APPLICATION_ID {
            return Err(Error::NotAWorkbook {
                path: shown,
                reason: "it is a database belonging to another program".into(),
            });
        }
        // A database this application did not make is never stamped or
        // migrated, whatever its version says.
        if app_id == 0 && (tables > 0 || version != 0) {
            return Err(Error::NotAWorkbook {
                path: shown,
                reason: "it is a database, but not one this application made".into(),
            });
        }
        if app_id == APPLICATION_ID
            && version <= LATEST_VERSION
            && let Some(reason) = migrations::unexpected_schema(&conn, version)?
        {
            return Err(Error::NotAWorkbook {
                path: shown,
                reason,
            });
        }
        if version > LATEST_VERSION {
            return Err(Error::NewerDatabase {
                path: shown,
                found: version,
                supported: LATEST_VERSION,
            });
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        if path.is_some() {
            let mode: String =
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(Error::refused(
                    Refusal::UnsuitableDrive,
                    format!(
                        "{} is on a drive that cannot keep a write-ahead log (journal mode {mode}); keep the workbook on a local drive.",
                        shown.display()
                    ),
                ));
            }
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        let mut store = Store {
            conn,
            path,
            clock: Clock::System,
        };
        if let Some(p) = &store.path {
            backup::clear_abandoned(p);
        }
        // A workbook about to be migrated is backed up first, as it was.
        if version > 0 && version < LATEST_VERSION && store.path.is_some() {
            store.auto_backup("before migration")?;
        }
        migrations::migrate(&mut store.conn, store.clock.now())?;
        Ok(store)
    }

    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open workbook.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Direct read access for checks and tools (integrity checks, tests).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Runs `f` as one write transaction: all of it happens, or none of it.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` as a write transaction and rolls it back: what it would do,
    /// with every check the write makes, and nothing written.
    pub(crate) fn rehearse<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        // Immediate, as a real write: it waits its turn instead of failing
        // when another writer commits in the middle of it.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx);
        tx.rollback()?;
        out
    }

    /// A change that deletes what someone wrote: its checks are rehearsed
    /// first, then (if they pass, and `backup` says the change loses
    /// anything) a backup is taken, then the change is made.
    pub(crate) fn with_backup_first<T>(
        &mut self,
        reason: &str,
        backup: impl Fn(&T) -> bool,
        f: impl Fn(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let rehearsed = self.rehearse(&f)?;
        if backup(&rehearsed) {
            self.auto_backup(reason)?;
        }
        self.write(f)
    }

    /// Runs `f` on one consistent snapshot of the workbook.
    pub(crate) fn read<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)?;
        let out = f(&tx)?;
        tx.finish()?;
        Ok(out)
    }
}

/// Whether the workbook file (and so its drive) can be written.
fn writable(path: &Path) -> bool {
    std::fs::OpenOptions::new().append(true).open(path).is_ok()
}

/// Refuses a file that exists but is not an SQLite database at all, before
/// SQLite is let near it.
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(Error::Io {
                action: "open",
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let mut header = [0u8; 16];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(source) => {
                return Err(Error::Io {
                    action: "read",
                    path: path.to_path_buf(),
                    source,
                });
            }
        }
    }
    if read == 0 || &header[..read] == b"SQLite format 3\0" {
        return Ok(());
    }
    Err(Error::NotAWorkbook {
        path: path.to_path_buf(),
        reason: "it is not a database file".into(),
    })
}

fn not_a_workbook(path: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::NotAWorkbook {
            path: path.to_path_buf(),
            reason: "it is not a database file, or it is damaged".into(),
        },
        _ => Error::from(e),
    }
}

pub(crate) fn ensure_review(conn: &Connection, id: ReviewId) -> Result<()> {
    let found: Option<i64> = conn
        .query_row("SELECT 1 FROM reviews WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    found.map(|_| ()).ok_or_else(|| no_review(id))
}

pub(crate) fn no_review(id: ReviewId) -> Error {
    Error::not_found(format!(
        "No review with id {id} in this workbook; run `kloe reviews` to list them."
    ))
}

/// A status change refused after a save moved the answer on the way (to
/// drafting), reported against the status the user knew, `before`, and
/// saying what `saving` did.
pub(crate) fn reported_from(e: Error, before: Status, saving: &str) -> Error {
    match e {
        Error::Transition {
            subject,
            from,
            to,
            hint,
        } if from != before.label() => Error::Transition {
            subject,
            from: before.label(),
            to,
            hint: format!("{saving} makes it drafting. {hint}"),
        },
        other => other,
    }
}

pub(crate) fn touch_review(conn: &Connection, id: ReviewId, now: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached("UPDATE reviews SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![id, timestamp(now)])?;
    Ok(())
}

pub(crate) fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn parse_timestamp(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

pub(crate) fn to_json(paragraphs: &[Paragraph]) -> String {
    // Serialising strings cannot fail.
    serde_json::to_string(paragraphs).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}
