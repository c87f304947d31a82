//! The workbook's settings: the name recorded in revisions, the text shown
//! where an answer is still owed, and the clear working days before a
//! meeting that answers are due.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::doc::DEFAULT_PLACEHOLDER;
use crate::error::Result;
use crate::workdays::DEFAULT_CLEAR_DAYS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Settings {
    /// Recorded in each revision; `None` uses the computer's user name.
    pub author: Option<String>,
    /// Shown in the committee document where an answer is still owed.
    pub placeholder: String,
    /// Clear working days between answers being due and the meeting.
    pub clear_days: u32,
    /// Days after the meeting that responses to its recommendations are due.
    #[serde(default = "default_rec_days")]
    pub rec_response_days: u32,
}

fn default_rec_days() -> u32 {
    DEFAULT_REC_RESPONSE_DAYS
}

/// Responses to recommendations are due four weeks after the meeting.
pub const DEFAULT_REC_RESPONSE_DAYS: u32 = 28;
/// The most days after the meeting responses may be due by default.
pub const MAX_REC_RESPONSE_DAYS: u32 = 365;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            author: None,
            placeholder: DEFAULT_PLACEHOLDER.into(),
            clear_days: DEFAULT_CLEAR_DAYS,
            rec_response_days: DEFAULT_REC_RESPONSE_DAYS,
        }
    }
}

/// The most clear days a due date may be worked back by.
pub const MAX_CLEAR_DAYS: u32 = 60;

pub(crate) fn settings(tx: &Connection) -> Result<Settings> {
    let get = |key: &str| -> Result<Option<String>> {
        Ok(tx
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    };
    let defaults = Settings::default();
    Ok(Settings {
        author: get("author")?,
        placeholder: get("placeholder")?.unwrap_or(defaults.placeholder),
        clear_days: get("clear_days")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(defaults.clear_days),
        rec_response_days: get("rec_response_days")?
            .and_then(|v| v.parse().ok())
            .filter(|d| *d <= MAX_REC_RESPONSE_DAYS)
            .unwrap_or(defaults.rec_response_days),
    })
}

/// Writes the settings, checked: no author clears it.
pub(crate) fn save_settings(
    tx: &Connection,
    author: Option<&str>,
    placeholder: &str,
    clear_days: u32,
    rec_response_days: u32,
) -> Result<()> {
    let mut set = tx.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?;
    match author {
        Some(a) => {
            set.execute(params!["author", a])?;
        }
        None => {
            tx.execute("DELETE FROM settings WHERE key = 'author'", [])?;
        }
    }
    set.execute(params!["placeholder", placeholder])?;
    set.execute(params!["clear_days", clear_days.to_string()])?;
    set.execute(params!["rec_response_days", rec_response_days.to_string()])?;
    Ok(())
}
