//! The system's file dialogs, and the files chosen in them.

use kloe::files::Purpose;
use kloe::formats::export::Format;
use kloe::{Error, Refusal};
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

use crate::commands::Res;

/// Asks the officer for a file with the system's file dialog; `None` when
/// they cancel. Unattended runs name the file instead (`Purpose::unattended`).
#[tauri::command]
pub async fn choose_file(
    app: AppHandle,
    purpose: Purpose,
    suggested_name: Option<String>,
    format: Option<Format>,
) -> Res<Option<String>> {
    let name = suggested_name.unwrap_or_else(|| "review".into());
    if let Some(path) = purpose.unattended(&name) {
        return Ok(Some(path.display().to_string()));
    }
    let dialog = app.dialog().file();
    let picked = match purpose {
        Purpose::Import => dialog
            .set_title("Import a committee document")
            .add_filter("Committee documents", &["docx", "pdf", "txt", "md"])
            .blocking_pick_file(),
        Purpose::Calendar => dialog
            .set_title("Save a reminder for your calendar")
            .set_file_name(&name)
            .add_filter("Calendar reminder", &["ics"])
            .blocking_save_file(),
        Purpose::Template => dialog
            .set_title("Choose the council's Word template")
            .add_filter("Word documents", &["docx"])
            .blocking_pick_file(),
        Purpose::Pack => {
            let (label, ext) = match format {
                Some(Format::Docx) => ("Word form", "docx"),
                _ => ("Partner pack", "kloepack"),
            };
            dialog
                .set_title("Save the partner's questions")
                .set_file_name(&name)
                .add_filter(label, &[ext])
                .blocking_save_file()
        }
        Purpose::OpenPack => dialog
            .set_title("Open a partner pack from the council")
            .add_filter("Partner pack", &["kloepack"])
            .blocking_pick_file(),
        Purpose::Response => dialog
            .set_title("Save your answers for the council")
            .set_file_name(&name)
            .add_filter("Response file", &["kloeresponse"])
            .blocking_save_file(),
        Purpose::Backup => dialog
            .set_title("Save a copy of the workbook")
            .set_file_name(&name)
            .add_filter("KLOE workbook", &["kloe"])
            .blocking_save_file(),
        Purpose::OpenBackup => dialog
            .set_title("Choose a backup to restore")
            .add_filter("KLOE workbook", &["kloe"])
            .blocking_pick_file(),
        Purpose::PartnerResponse => dialog
            .set_title("Import a partner's answers")
            .add_filter("Response file or Word form", &["kloeresponse", "docx"])
            .blocking_pick_file(),
        Purpose::Export => {
            let (label, ext) = match format.unwrap_or(Format::Docx) {
                Format::Docx => ("Word document", "docx"),
                Format::Md => ("Markdown", "md"),
                Format::Html => ("Web page", "html"),
            };
            dialog
                .set_title("Export the committee document")
                .set_file_name(&name)
                .add_filter(label, &[ext])
                .blocking_save_file()
        }
    };
    picked
        .map(|p| {
            p.into_path().map(|p| p.display().to_string()).map_err(|e| {
                Error::refused(Refusal::BadValue, format!("That file cannot be used: {e}"))
            })
        })
        .transpose()
}
