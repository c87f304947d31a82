//! The core's one error type. Every message is written for a council officer:
//! it says what happened and what to do next. Consumers match on
//! [`Error::code`], never on the message text.

use std::path::PathBuf;

use serde::ser::SerializeStruct;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    NotFound(String),

    #[error("{0}")]
    Invalid(String),

    /// A return of a pack older than one already merged: refused unless
    /// the officer asks for it explicitly.
    #[error("{0}")]
    OlderReturn(String),

    /// A refusal a script, a screen or a test tells apart by its code.
    #[error("{1}")]
    Refused(Refusal, String),

    /// A status change the rules do not allow; `from` and `to` are the
    /// statuses' labels, as a person reads them.
    #[error("{label} for question {number} cannot go from {from} to {to}. {hint}")]
    Transition {
        number: u32,
        label: String,
        from: &'static str,
        to: &'static str,
        hint: String,
    },

    #[error(
        "{} was saved by a newer version of KLOE Workbook (workbook format {found}; this version understands up to {supported}). Install the latest version to open it; the file has not been changed.",
        path.display()
    )]
    NewerDatabase {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error(
        "{} is not a KLOE Workbook file ({reason}). Choose a workbook file, or a new file name to start one.",
        path.display()
    )]
    NotAWorkbook { path: PathBuf, reason: String },

    #[error(
        "The workbook is busy: another KLOE Workbook window or command is saving to it. Try again in a moment."
    )]
    InUse,

    #[error(
        "There is no space left on the drive that holds the workbook, so this was not saved; nothing was changed. Free some space and try again."
    )]
    DiskFull,

    #[error(
        "The workbook file is damaged: its contents no longer read as a whole database. Nothing was changed; restore the newest good backup (Backups…, or kloe backups and kloe restore FILE)."
    )]
    Damaged,

    #[error(
        "The workbook cannot be written: its file or drive is read-only, so this was not saved; nothing was changed. Make the file writable (or copy it somewhere you can write) and try again."
    )]
    ReadOnly,

    #[error(
        "A migration of the workbook format has been changed after release ({0}). This build is faulty; use an official release."
    )]
    MigrationChanged(String),

    #[error("Could not {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "The workbook could not be read or written ({0}). Nothing was changed; if this keeps happening, restore a backup."
    )]
    Database(#[source] rusqlite::Error),
}

impl Error {
    /// A stable, machine-readable code for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound(_) => "not_found",
            Error::Invalid(_) => "invalid",
            Error::OlderReturn(_) => "older_return",
            Error::Refused(r, _) => r.code(),
            Error::Transition { .. } => "invalid_transition",
            Error::NewerDatabase { .. } => "newer_database",
            Error::NotAWorkbook { .. } => "not_a_workbook",
            Error::InUse => "in_use",
            Error::DiskFull => "disk_full",
            Error::Damaged => "damaged",
            Error::ReadOnly => "read_only",
            Error::MigrationChanged(_) => "migration_changed",
            Error::Io { .. } => "io",
            Error::Database(_) => "database",
        }
    }

    /// Every code [`Error::code`] can give: the screens' `ErrorCode`.
    pub fn codes() -> Vec<&'static str> {
        let own = [
            "not_found",
            "invalid",
            "older_return",
            "invalid_transition",
            "newer_database",
            "not_a_workbook",
            "in_use",
            "disk_full",
            "damaged",
            "read_only",
            "migration_changed",
            "io",
            "database",
        ];
        own.into_iter()
            .chain(Refusal::ALL.iter().map(|r| r.code()))
            .collect()
    }

    pub(crate) fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }

    pub(crate) fn not_found(msg: impl Into<String>) -> Self {
        Error::NotFound(msg.into())
    }

    pub(crate) fn refused(why: Refusal, msg: impl Into<String>) -> Self {
        Error::Refused(why, msg.into())
    }
}

/// Why a file or a command was refused, where the reason matters to whoever
/// reads it: each has a stable code, what scripts (`KLOE_ERRORS=json`), the
/// screens and the tests match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a pack or response file, or one cut short or damaged.
    NotAPack,
    /// A file of the other kind: a pack where a response was wanted, or
    /// the other way round.
    WrongKind,
    /// Made by an older version, whose answers cannot prove their pack.
    OldFormat,
    /// Made by a newer version of KLOE Workbook.
    NewerFormat,
    /// Changed after it was written, or its label does not match it.
    Altered,
    /// A response for a review this workbook does not hold.
    ForeignReview,
    /// A response to a pack this workbook never sent.
    PackNotSentHere,
    /// A response whose seal (or a form whose token) does not verify.
    NotProven,
    /// A response speaking for another partner or review than its pack's.
    WrongPartner,
    /// A response from a partner no longer in the review.
    NotAPartner,
    /// A sign-off without a name or a role.
    SignoffIncomplete,
    /// One partner's answer twice to one question, in a response file or
    /// in a document being imported.
    RepeatedAnswer,
    /// An answer to a question that is not the partner's.
    NotPartnersAnswer,
    /// An answer the pack did not ask for.
    OutsidePack,
    /// Answers changed on both sides, with no choice made between them.
    Conflict,
    /// An output path onto the workbook, its journals or its backups folder.
    OntoWorkbook,
    /// A folder, a device or a pipe where a file was wanted.
    NotAFile,
    /// A file, or standard input, larger than the most it may be.
    TooLarge,
    /// A document that is damaged, cut short, or not the kind it claims.
    DamagedDocument,
    /// A document built to attack its reader (a DOCTYPE, absurd nesting).
    HostileDocument,
    /// A Word file that cannot serve as the council's template.
    BadTemplate,
}

impl Refusal {
    pub const ALL: &'static [Refusal] = &[
        Refusal::NotAPack,
        Refusal::WrongKind,
        Refusal::OldFormat,
        Refusal::NewerFormat,
        Refusal::Altered,
        Refusal::ForeignReview,
        Refusal::PackNotSentHere,
        Refusal::NotProven,
        Refusal::WrongPartner,
        Refusal::NotAPartner,
        Refusal::SignoffIncomplete,
        Refusal::RepeatedAnswer,
        Refusal::NotPartnersAnswer,
        Refusal::OutsidePack,
        Refusal::Conflict,
        Refusal::OntoWorkbook,
        Refusal::NotAFile,
        Refusal::TooLarge,
        Refusal::DamagedDocument,
        Refusal::HostileDocument,
        Refusal::BadTemplate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Refusal::NotAPack => "not_a_pack",
            Refusal::WrongKind => "wrong_kind",
            Refusal::OldFormat => "old_format",
            Refusal::NewerFormat => "newer_format",
            Refusal::Altered => "altered",
            Refusal::ForeignReview => "foreign_review",
            Refusal::PackNotSentHere => "pack_not_sent_here",
            Refusal::NotProven => "not_proven",
            Refusal::WrongPartner => "wrong_partner",
            Refusal::NotAPartner => "not_a_partner",
            Refusal::SignoffIncomplete => "signoff_incomplete",
            Refusal::RepeatedAnswer => "repeated_answer",
            Refusal::NotPartnersAnswer => "not_partners_answer",
            Refusal::OutsidePack => "outside_pack",
            Refusal::Conflict => "conflict",
            Refusal::OntoWorkbook => "onto_workbook",
            Refusal::NotAFile => "not_a_file",
            Refusal::TooLarge => "too_large",
            Refusal::DamagedDocument => "damaged_document",
            Refusal::HostileDocument => "hostile_document",
            Refusal::BadTemplate => "bad_template",
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                Error::InUse
            }
            Some(rusqlite::ErrorCode::DiskFull) => Error::DiskFull,
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                Error::Damaged
            }
            Some(rusqlite::ErrorCode::ReadOnly) => Error::ReadOnly,
            _ => Error::Database(e),
        }
    }
}

/// Serialised to the UI as `{code, message}`.
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 2)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

/// Runs a reader so that a bug in it becomes an error message, never a
/// dead application.
pub(crate) fn guard<T>(f: impl FnOnce() -> Result<T> + std::panic::UnwindSafe) -> Result<T> {
    std::panic::catch_unwind(f).unwrap_or_else(|_| {
        Err(Error::invalid(
            "The file could not be read because of a fault in KLOE Workbook's reader; nothing was changed. Please report it, with the file if you can.",
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One error of every kind: each one's code is among `Error::codes()`,
    /// and no two kinds share a code.
    #[test]
    fn every_code_is_listed_once() {
        let io = || std::io::Error::other("x");
        let mut errors = vec![
            Error::NotFound(String::new()),
            Error::Invalid(String::new()),
            Error::OlderReturn(String::new()),
            Error::Transition {
                number: 1,
                label: String::new(),
                from: "",
                to: "",
                hint: String::new(),
            },
            Error::NewerDatabase {
                path: PathBuf::new(),
                found: 2,
                supported: 1,
            },
            Error::NotAWorkbook {
                path: PathBuf::new(),
                reason: String::new(),
            },
            Error::InUse,
            Error::DiskFull,
            Error::Damaged,
            Error::ReadOnly,
            Error::MigrationChanged(String::new()),
            Error::Io {
                action: "read",
                path: PathBuf::new(),
                source: io(),
            },
            Error::Database(rusqlite::Error::InvalidQuery),
        ];
        errors.extend(
            Refusal::ALL
                .iter()
                .map(|r| Error::Refused(*r, String::new())),
        );
        let codes = Error::codes();
        let mut seen = std::collections::HashSet::new();
        for e in &errors {
            assert!(codes.contains(&e.code()), "{} is not listed", e.code());
            assert!(seen.insert(e.code()), "{} is used twice", e.code());
        }
        assert_eq!(seen.len(), codes.len(), "a listed code no error gives");
    }
}
