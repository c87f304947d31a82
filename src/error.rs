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

    /// A return of a pack older than one already merged: refused unless
    /// the officer asks for it explicitly.
    #[error("{0}")]
    OlderReturn(String),

    /// A refusal a script, a screen or a test tells apart by its code.
    #[error("{1}")]
    Refused(Refusal, String),

    /// A status change the rules do not allow: `subject` names the answer
    /// ("Police Response for question 3"); `from` and `to` are the
    /// statuses' labels, as a person reads them.
    #[error("{subject} cannot go from {from} to {to}. {hint}")]
    Transition {
        subject: String,
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

    /// Every code [`Error::code`] can give, with what it means: the
    /// screens' `ErrorCode` and the list of codes for scripts.
    pub fn catalogue() -> Vec<(&'static str, &'static str)> {
        let own = [
            (
                "not_found",
                "No review, question, partner, answer or file by that name or number.",
            ),
            (
                "older_return",
                "A return of a pack older than one already merged; taken only when asked for (--allow-older).",
            ),
            (
                "invalid_transition",
                "A status change the rules do not allow, such as approving an answer with no text.",
            ),
            (
                "newer_database",
                "A workbook saved by a newer version of KLOE Workbook.",
            ),
            (
                "not_a_workbook",
                "A file that is not a KLOE workbook, or holds what no workbook has.",
            ),
            (
                "in_use",
                "The workbook is busy: another window or command is saving to it. Try again in a moment.",
            ),
            (
                "disk_full",
                "No space left on the drive that holds the workbook.",
            ),
            ("damaged", "The workbook file is damaged; restore a backup."),
            ("read_only", "The workbook's file or drive is read-only."),
            (
                "migration_changed",
                "A faulty build whose workbook format history differs from the released one.",
            ),
            ("io", "A file could not be read or written."),
            (
                "database",
                "The workbook could not be read or written for another reason.",
            ),
        ];
        own.into_iter()
            .chain(Refusal::ALL.iter().map(|r| (r.code(), r.meaning())))
            .collect()
    }

    /// Every code [`Error::code`] can give.
    pub fn codes() -> Vec<&'static str> {
        Self::catalogue()
            .into_iter()
            .map(|(code, _)| code)
            .collect()
    }

    pub(crate) fn not_found(msg: impl Into<String>) -> Self {
        Error::NotFound(msg.into())
    }

    pub fn refused(why: Refusal, msg: impl Into<String>) -> Self {
        Error::Refused(why, msg.into())
    }
}

/// Defines [`Refusal`] with each variant's code and meaning written once
/// beside it.
macro_rules! refusals {
    ($($name:ident => $code:literal, $what:literal;)*) => {
        /// Why a file or a command was refused, where the reason matters to
        /// whoever reads it: each has a stable code, what scripts
        /// (`KLOE_ERRORS=json`), the screens and the tests match on.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Refusal {
            $(#[doc = $what] $name,)*
        }

        impl Refusal {
            pub const ALL: &'static [Refusal] = &[$(Refusal::$name),*];

            pub fn code(self) -> &'static str {
                match self {
                    $(Refusal::$name => $code,)*
                }
            }

            /// What the refusal means, for the list of codes scripts read.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Refusal::$name => $what,)*
                }
            }
        }
    };
}

refusals! {
    NotAPack => "not_a_pack",
        "Not a pack or response file, or one cut short or damaged.";
    WrongKind => "wrong_kind",
        "A file of the other kind: a pack where a response was wanted, or the other way round.";
    OldFormat => "old_format",
        "Made by an older version, whose answers cannot prove their pack.";
    NewerFormat => "newer_format",
        "Made by a newer version of KLOE Workbook.";
    Altered => "altered",
        "Changed after it was written, or its label does not match it.";
    ForeignReview => "foreign_review",
        "A response for a review this workbook does not hold.";
    PackNotSentHere => "pack_not_sent_here",
        "A response to a pack this workbook never sent.";
    NotProven => "not_proven",
        "A response whose seal (or a form whose token) does not verify.";
    WrongPartner => "wrong_partner",
        "A response speaking for another partner or review than its pack's.";
    NotAPartner => "not_a_partner",
        "A response from a partner no longer in the review.";
    SignoffIncomplete => "signoff_incomplete",
        "A sign-off without a name or a role.";
    RepeatedAnswer => "repeated_answer",
        "One partner's answer twice to one question, in a response file or in a document being imported.";
    NotPartnersAnswer => "not_partners_answer",
        "An answer to a question that is not the partner's.";
    OutsidePack => "outside_pack",
        "An answer the pack did not ask for.";
    Conflict => "conflict",
        "Answers changed on both sides, with no choice made between them.";
    OntoWorkbook => "onto_workbook",
        "An output path onto the workbook, its journals or its backups folder.";
    NotAFile => "not_a_file",
        "A folder, a device or a pipe where a file was wanted.";
    TooLarge => "too_large",
        "A file, or standard input, larger than the most it may be.";
    DamagedDocument => "damaged_document",
        "A document that is damaged, cut short, or not the kind it claims.";
    HostileDocument => "hostile_document",
        "A document built to attack its reader (a DOCTYPE, absurd nesting).";
    BadTemplate => "bad_template",
        "A Word file that cannot serve as the council's template.";
    Usage => "usage",
        "A command given the wrong arguments, or arguments that do not go together.";
    BadValue => "bad_value",
        "A value that is not what it should be: an id, a number, a date, a status, an e-mail address, a format's name.";
    Required => "required",
        "Something that must be given was left empty: a title, a heading, a question's text, a partner's names, a label.";
    ControlCharacter => "control_character",
        "Text holding a control character, which cannot be shown or printed.";
    Ambiguous => "ambiguous",
        "A name that could mean more than one partner.";
    NameTaken => "name_taken",
        "A name or label already used by another partner or appendix.";
    OutOfRange => "out_of_range",
        "A place, a question number or a count outside what the review allows.";
    WrongReview => "wrong_review",
        "Something of one review used in another.";
    StillUsed => "still_used",
        "A partner or section still in use: unassign or move its questions first.";
    WouldDiscard => "would_discard",
        "Removing an assignment would throw away saved text: confirm it first.";
    AlreadyAssigned => "already_assigned",
        "A partner who already owes a response to the question.";
    NotAssigned => "not_assigned",
        "A partner who is not part of the response named.";
    NotReady => "not_ready",
        "Something must be done first: a section added, a meeting date set, due dates set, a pack answered, answers marked ready.";
    NothingToDo => "nothing_to_do",
        "Nothing to send, chase or recover.";
    NotAPartnerCopy => "not_a_partner_copy",
        "A review that was not opened from a partner pack, asked for a return.";
    NoQuestions => "no_questions",
        "A document with no numbered questions, or nothing in it at all.";
    Unsupported => "unsupported",
        "A kind of document that cannot be imported (PDF, RTF, encrypted Word, binary files): the message says what to save it as.";
    NotABackup => "not_a_backup",
        "A file offered as a backup that is not a good workbook this application made.";
    PermissionDenied => "permission_denied",
        "A file or folder this user may not read or write.";
    NoSuchFolder => "no_such_folder",
        "A file to be saved into a folder that does not exist.";
    NoSpace => "no_space",
        "No space left on the drive a file or backup is saved to.";
    WriteFailed => "write_failed",
        "A file or a restore that could not be written for another reason.";
    ForeignLog => "foreign_log",
        "A write-ahead log beside the workbook that did not belong to it.";
    UnsuitableDrive => "unsuitable_drive",
        "A drive that cannot hold a workbook (no write-ahead log).";
    NoHomeFolder => "no_home_folder",
        "No home folder to keep the default workbook in.";
    NeedsRecovery => "needs_recovery",
        "A workbook that did not open in this window: restore a backup first.";
    NotExported => "not_exported",
        "A file the window did not export, asked to be opened from it.";
    NoProgram => "no_program",
        "No program opened a document, a folder or an e-mail.";
    Internal => "internal",
        "A fault in KLOE Workbook itself: nothing was changed; please report it.";
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
/// dead application, and the one line the officer reads is that message.
pub(crate) fn guard<T>(f: impl FnOnce() -> Result<T> + std::panic::UnwindSafe) -> Result<T> {
    quietly(f).unwrap_or_else(|| {
        Err(Error::refused(Refusal::Internal,
            "The file could not be read because of a fault in KLOE Workbook's reader; nothing was changed. Please report it, with the file if you can.",
        ))
    })
}

thread_local! {
    /// Set while [`quietly`] runs, so that a panic in it prints nothing.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic into `None` without printing it. The panic
/// hook is wrapped once: it stays silent only on a thread inside `f`, so
/// a panic anywhere else is reported as before.
pub(crate) fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    outcome.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader's panic is an `internal` refusal; the panic inside is
    /// caught, and a panic after it is caught as before.
    #[test]
    fn a_panicking_reader_is_a_refusal() {
        let outcome = guard::<()>(|| panic!("a reader's fault"));
        assert_eq!(outcome.map_err(|e| e.code()), Err("internal"));
        assert_eq!(quietly(|| 7), Some(7));
        assert!(std::panic::catch_unwind(|| panic!("elsewhere")).is_err());
    }

    /// One error of every kind: each one's code is among `Error::codes()`,
    /// and no two kinds share a code.
    #[test]
    fn every_code_is_listed_once() {
        let io = || std::io::Error::other("x");
        let mut errors = vec![
            Error::NotFound(String::new()),
            Error::OlderReturn(String::new()),
            Error::Transition {
                subject: String::new(),
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
