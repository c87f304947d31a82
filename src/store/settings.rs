//! The workbook's settings: the name recorded in revisions, the text shown
//! where an answer is still owed, and the clear working days before a
//! meeting that answers are due.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::Store;
use crate::doc::DEFAULT_PLACEHOLDER;
use crate::error::{Error, Result};
use crate::workdays::DEFAULT_CLEAR_DAYS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Settings {
    /// Recorded in each revision; `None` uses the computer's user name.
    pub author: Option<String>,
    /// Shown in the committee document where an answer is still owed.
    pub placeholder: String,
    /// Clear working days between answers being due and the meeting.
    pub clear_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            author: None,
            placeholder: DEFAULT_PLACEHOLDER.into(),
            clear_days: DEFAULT_CLEAR_DAYS,
        }
    }
}

/// The most clear days a due date may be worked back by.
pub const MAX_CLEAR_DAYS: u32 = 60;

impl Store {
    pub fn settings(&mut self) -> Result<Settings> {
        self.read(|tx| {
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
            })
        })
    }

    /// The name to record in revisions: the one given (a command-line flag
    /// or `KLOE_AUTHOR`), else the workbook's setting, else the computer's
    /// user name.
    pub fn author(&mut self, given: Option<&str>) -> Result<String> {
        if let Some(a) = given.map(str::trim).filter(|a| !a.is_empty()) {
            return Ok(a.to_string());
        }
        if let Some(a) = self.settings()?.author {
            return Ok(a);
        }
        Ok(["USER", "USERNAME", "LOGNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
            .unwrap_or_else(|| "Unknown".into()))
    }

    /// Saves all the settings at once, after checking them.
    pub fn save_settings(&mut self, settings: &Settings) -> Result<()> {
        let placeholder = settings.placeholder.trim();
        if placeholder.is_empty() {
            return Err(Error::invalid(
                "The text for an answer still owed cannot be empty; it could read \"Response awaited\".",
            ));
        }
        if settings.clear_days > MAX_CLEAR_DAYS {
            return Err(Error::invalid(format!(
                "{} clear working days is more than the {MAX_CLEAR_DAYS} allowed; choose a smaller number.",
                settings.clear_days
            )));
        }
        let author = settings
            .author
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        self.write(|tx| {
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
            set.execute(params!["clear_days", settings.clear_days.to_string()])?;
            Ok(())
        })
    }
}
