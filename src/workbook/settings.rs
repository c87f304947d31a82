//! The workbook's settings, and the name recorded with what is saved.

use super::Workbook;
use crate::error::{Error, Refusal, Result};
use crate::store;
use crate::store::{MAX_CLEAR_DAYS, MAX_REC_RESPONSE_DAYS, Settings};

impl Workbook {
    pub fn settings(&mut self) -> Result<Settings> {
        self.store.read(|tx| store::settings::settings(tx))
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
            return Err(Error::refused(
                Refusal::Required,
                "The text for an answer still owed cannot be empty; it could read \"Response awaited\".",
            ));
        }
        if settings.clear_days > MAX_CLEAR_DAYS {
            return Err(Error::refused(
                Refusal::OutOfRange,
                format!(
                    "{} clear working days is more than the {MAX_CLEAR_DAYS} allowed; choose a smaller number.",
                    settings.clear_days
                ),
            ));
        }
        if settings.rec_response_days > MAX_REC_RESPONSE_DAYS {
            return Err(Error::refused(
                Refusal::OutOfRange,
                format!(
                    "Responses to recommendations due {} days after the meeting is more than the {MAX_REC_RESPONSE_DAYS} allowed; choose a smaller number.",
                    settings.rec_response_days
                ),
            ));
        }
        let author = settings
            .author
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        self.store.write(|tx| {
            store::settings::save_settings(
                tx,
                author,
                placeholder,
                settings.clear_days,
                settings.rec_response_days,
            )
        })
    }
}
