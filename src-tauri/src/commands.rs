//! The commands the screens call. Each one takes the workbook, calls the
//! core and hands back its result or its `{code, message}` error. Reading and
//! writing documents runs off the main thread and reports its steps through
//! a channel.

use std::path::PathBuf;

use chrono::NaiveDate;
use kloe::doc::{PartnerDraft, ReviewDoc, ReviewDraft};
use kloe::formats::export::{ExportOptions, Format};
use kloe::formats::import::{ImportOptions, Reading};
use kloe::formats::pack::ReturnedFile;
use kloe::formats::pack::Sending;
use kloe::model::{
    AssignmentId, PartnerId, QuestionId, ReviewId, Revision, RevisionId, SectionId, SignOff, Status,
};
use kloe::progress::Progress;
use kloe::store::backup::{BackupInfo, StartupProblem};
use kloe::store::{
    NewQuestion, NewSection, NextYear, Opening, PartnerPatch, QuestionPatch, ReviewPatch,
    ReviewSummary, SaveOutcome, SectionPatch, Settings,
};
use kloe::text::Paragraph;
use kloe::workbook::chase::Chase;
use kloe::workbook::due_dates::DueProposal;
use kloe::workbook::packs::merge::{Choice, MergeOutcome, MergePlan};
use kloe::workbook::packs::partner::{OpenedPack, Returned};
use kloe::workbook::tracker::{DayCounts, Tracker};
use kloe::{Error, Workbook};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::Session;

type Res<T> = Result<T, Error>;

#[tauri::command]
pub fn open_workbook(wb: State<'_, Session>) -> Res<Opening> {
    wb.store()?.opening()
}

#[tauri::command]
pub fn list_reviews(wb: State<'_, Session>) -> Res<Vec<ReviewSummary>> {
    wb.store()?.reviews()
}

#[tauri::command]
pub fn load_review(wb: State<'_, Session>, review: ReviewId) -> Res<ReviewDoc> {
    wb.store()?.load(review)
}

#[tauri::command]
pub fn new_review(
    wb: State<'_, Session>,
    title: String,
    meeting_date: Option<NaiveDate>,
    reuse_partners: bool,
) -> Res<ReviewId> {
    let draft = ReviewDraft {
        title,
        meeting_date,
        ..ReviewDraft::default()
    };
    let (mut store, author) = wb.writer()?;
    store.new_review(draft, reuse_partners, &author)
}

#[tauri::command]
pub fn start_next_year(
    wb: State<'_, Session>,
    review: ReviewId,
    title: Option<String>,
    meeting_date: Option<NaiveDate>,
) -> Res<ReviewId> {
    let opts = NextYear {
        title: title.filter(|t| !t.trim().is_empty()),
        meeting_date,
    };
    wb.store()?.start_next_year(review, &opts)
}

#[tauri::command]
pub fn delete_review(wb: State<'_, Session>, review: ReviewId) -> Res<String> {
    wb.store()?.delete_review(review)
}

#[tauri::command]
pub fn save_response(
    wb: State<'_, Session>,
    assignment: AssignmentId,
    paragraphs: Vec<Paragraph>,
) -> Res<SaveOutcome> {
    let (mut store, author) = wb.writer()?;
    store.save_response(assignment, &paragraphs, &author)
}

#[tauri::command]
pub fn set_status(wb: State<'_, Session>, assignment: AssignmentId, status: Status) -> Res<Status> {
    let (mut store, author) = wb.writer()?;
    store.set_status(assignment, status, &author)
}

#[tauri::command]
pub fn history(wb: State<'_, Session>, assignment: AssignmentId) -> Res<Vec<Revision>> {
    wb.store()?.history(assignment)
}

#[tauri::command]
pub fn restore_revision(
    wb: State<'_, Session>,
    assignment: AssignmentId,
    revision: RevisionId,
) -> Res<SaveOutcome> {
    let (mut store, author) = wb.writer()?;
    store.restore_revision(assignment, revision, &author)
}

#[tauri::command]
pub fn tracker(wb: State<'_, Session>, review: ReviewId) -> Res<Tracker> {
    let today = chrono::Local::now().date_naive();
    wb.store()?.tracker(review, today)
}

#[tauri::command]
pub fn progress_history(wb: State<'_, Session>, review: ReviewId) -> Res<Vec<DayCounts>> {
    wb.store()?.progress_history(review)
}

#[tauri::command]
pub fn chase(wb: State<'_, Session>, review: ReviewId, partner: PartnerId) -> Res<Chase> {
    let today = chrono::Local::now().date_naive();
    let (mut store, author) = wb.writer()?;
    store.chase(review, partner, today, &author)
}

/// Saves a calendar reminder of the days `partner` owes answers on.
#[tauri::command]
pub fn save_reminder(
    wb: State<'_, Session>,
    review: ReviewId,
    partner: PartnerId,
    path: String,
) -> Res<()> {
    let today = chrono::Local::now().date_naive();
    let mut store = wb.store()?;
    let calendar = store.reminder_ics(review, partner, today)?;
    kloe::files::save(&PathBuf::from(path), calendar.as_bytes(), store.path())
}

/// Opens the chase e-mail in the officer's mail program. The link is made
/// here from the workbook, never taken from the page.
#[tauri::command]
pub fn open_chase_mail(
    app: AppHandle,
    wb: State<'_, Session>,
    review: ReviewId,
    partner: PartnerId,
) -> Res<()> {
    let today = chrono::Local::now().date_naive();
    let mail = {
        let (mut store, author) = wb.writer()?;
        store.chase(review, partner, today, &author)?
    };
    app.opener()
        .open_url(mail.mailto, None::<&str>)
        .map_err(|e| {
            Error::Invalid(format!(
                "No mail program opened ({e}). Use \"Copy e-mail\" and paste it into your mail instead."
            ))
        })
}

#[tauri::command]
pub fn update_review(
    wb: State<'_, Session>,
    review: ReviewId,
    title: String,
    meeting_date: Option<NaiveDate>,
    committee: Option<String>,
) -> Res<()> {
    let patch = ReviewPatch {
        title: Some(title),
        meeting_date: Some(meeting_date),
        committee: Some(committee.filter(|c| !c.trim().is_empty())),
        ..ReviewPatch::default()
    };
    wb.store()?.update_review(review, &patch)
}

#[tauri::command]
pub fn propose_due_dates(
    wb: State<'_, Session>,
    review: ReviewId,
    clear_days: u32,
) -> Res<Vec<DueProposal>> {
    wb.store()?.propose_due_dates(review, clear_days)
}

#[tauri::command]
pub fn set_due_dates(
    wb: State<'_, Session>,
    dates: Vec<(AssignmentId, Option<NaiveDate>)>,
) -> Res<()> {
    wb.store()?.set_due_dates(&dates)
}

#[tauri::command]
pub fn add_partner(
    wb: State<'_, Session>,
    review: ReviewId,
    partner: PartnerDraft,
) -> Res<PartnerId> {
    wb.store()?.add_partner(review, &partner)
}

/// Replaces a partner's details with those given.
#[tauri::command]
pub fn update_partner(
    wb: State<'_, Session>,
    partner: PartnerId,
    details: PartnerDraft,
) -> Res<()> {
    let patch = PartnerPatch {
        name: Some(details.name),
        short_name: Some(details.short_name),
        label: details.label,
        aliases: Some(details.aliases),
        contact_name: Some(details.contact_name),
        contact_email: Some(details.contact_email),
    };
    wb.store()?.update_partner(partner, &patch)
}

#[tauri::command]
pub fn delete_partner(wb: State<'_, Session>, partner: PartnerId) -> Res<()> {
    wb.store()?.delete_partner(partner)
}

#[tauri::command]
pub fn get_settings(wb: State<'_, Session>) -> Res<Settings> {
    wb.store()?.settings()
}

#[tauri::command]
pub fn save_settings(wb: State<'_, Session>, settings: Settings) -> Res<Settings> {
    let mut store = wb.store()?;
    store.save_settings(&settings)?;
    store.settings()
}

#[tauri::command]
pub fn add_section(wb: State<'_, Session>, review: ReviewId, title: String) -> Res<SectionId> {
    let new = NewSection {
        title,
        ..NewSection::default()
    };
    wb.store()?.add_section(review, &new)
}

#[tauri::command]
pub fn rename_section(wb: State<'_, Session>, section: SectionId, title: String) -> Res<()> {
    let patch = SectionPatch {
        title: Some(title),
        ..SectionPatch::default()
    };
    wb.store()?.update_section(section, &patch)
}

#[tauri::command]
pub fn delete_section(wb: State<'_, Session>, section: SectionId) -> Res<()> {
    wb.store()?.delete_section(section, true)
}

#[tauri::command]
pub fn add_question(
    wb: State<'_, Session>,
    section: SectionId,
    text: String,
    position: Option<usize>,
) -> Res<QuestionId> {
    let new = NewQuestion {
        text,
        position,
        ..NewQuestion::default()
    };
    wb.store()?.add_question(section, &new)
}

#[tauri::command]
pub fn update_question(
    wb: State<'_, Session>,
    question: QuestionId,
    text: Option<String>,
    context: Option<Vec<Paragraph>>,
    notes: Option<Vec<Paragraph>>,
) -> Res<()> {
    let patch = QuestionPatch {
        text,
        context,
        notes,
    };
    wb.store()?.update_question(question, &patch)
}

#[tauri::command]
pub fn delete_question(wb: State<'_, Session>, question: QuestionId) -> Res<()> {
    wb.store()?.delete_question(question)
}

#[tauri::command]
pub fn move_question(wb: State<'_, Session>, question: QuestionId, number: u32) -> Res<()> {
    wb.store()?.move_question_to_number(question, number)
}

#[tauri::command]
pub fn move_question_to_section(
    wb: State<'_, Session>,
    question: QuestionId,
    section: SectionId,
    position: usize,
) -> Res<()> {
    wb.store()?.move_question(question, section, position)
}

#[tauri::command]
pub fn assign(
    wb: State<'_, Session>,
    question: QuestionId,
    partners: Vec<PartnerId>,
    joint: bool,
    label: Option<String>,
    due: Option<NaiveDate>,
) -> Res<Vec<AssignmentId>> {
    wb.store()?
        .assign(question, &partners, joint, label.as_deref(), due)
}

#[tauri::command]
pub fn unassign(
    wb: State<'_, Session>,
    assignment: AssignmentId,
    discard_response: bool,
) -> Res<()> {
    wb.store()?.unassign(assignment, discard_response)
}

#[tauri::command]
pub fn set_due(
    wb: State<'_, Session>,
    assignment: AssignmentId,
    due: Option<NaiveDate>,
) -> Res<()> {
    wb.store()?.set_due(assignment, due)
}

/// What a file is being chosen for.
#[derive(Debug, Clone, Copy, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    Import,
    Export,
    Template,
    Calendar,
    /// Saving a partner pack, or a Word form (format docx) for a partner.
    Pack,
    /// Opening a pack a council sent (partner mode).
    OpenPack,
    /// Saving a partner's response file for the council.
    Response,
    /// Choosing a partner's response file, or a filled-in Word form.
    PartnerResponse,
    /// Saving a copy of the workbook.
    Backup,
    /// Choosing a backup to restore.
    OpenBackup,
}

/// Asks the officer for a file with the system's file dialog; `None` when
/// they cancel. For unattended runs, `KLOE_CHOOSE_IMPORT` names the file to
/// import, `KLOE_CHOOSE_TEMPLATE` the Word template, and
/// `KLOE_CHOOSE_EXPORT_DIR` the folder to export into.
#[tauri::command]
pub async fn choose_file(
    app: AppHandle,
    purpose: Purpose,
    suggested_name: Option<String>,
    format: Option<Format>,
) -> Res<Option<String>> {
    let name = suggested_name.unwrap_or_else(|| "review".into());
    match purpose {
        Purpose::Import => {
            if let Some(p) = std::env::var_os("KLOE_CHOOSE_IMPORT") {
                return Ok(Some(PathBuf::from(p).display().to_string()));
            }
        }
        Purpose::OpenPack => {
            if let Some(p) = std::env::var_os("KLOE_CHOOSE_PACK") {
                return Ok(Some(PathBuf::from(p).display().to_string()));
            }
        }
        Purpose::PartnerResponse => {
            if let Some(p) = std::env::var_os("KLOE_CHOOSE_RESPONSE") {
                return Ok(Some(PathBuf::from(p).display().to_string()));
            }
        }
        Purpose::Export
        | Purpose::Calendar
        | Purpose::Pack
        | Purpose::Response
        | Purpose::Backup => {
            if let Some(dir) = std::env::var_os("KLOE_CHOOSE_EXPORT_DIR") {
                return Ok(Some(PathBuf::from(dir).join(&name).display().to_string()));
            }
        }
        Purpose::Template => {
            if let Some(p) = std::env::var_os("KLOE_CHOOSE_TEMPLATE") {
                return Ok(Some(PathBuf::from(p).display().to_string()));
            }
        }
        Purpose::OpenBackup => {
            if let Some(p) = std::env::var_os("KLOE_CHOOSE_BACKUP") {
                return Ok(Some(PathBuf::from(p).display().to_string()));
            }
        }
    }
    let dialog = app.dialog().file();
    let picked = match purpose {
        Purpose::Import => dialog
            .set_title("Import a committee document")
            .add_filter("Committee documents", &["docx", "txt", "md"])
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
            p.into_path()
                .map(|p| p.display().to_string())
                .map_err(|e| Error::Invalid(format!("That file cannot be used: {e}")))
        })
        .transpose()
}

/// Reads a document as import would, writing nothing: the outline found and
/// its warnings, for the officer to confirm.
#[tauri::command]
pub async fn import_preview(
    app: AppHandle,
    path: String,
    progress: Channel<Progress>,
) -> Res<Reading> {
    off_main(app, move |store, _| {
        let name = PathBuf::from(&path);
        let shown = name
            .file_name()
            .unwrap_or(name.as_os_str())
            .to_string_lossy()
            .into_owned();
        let _ = progress.send(Progress::new(1, 1, format!("Reading {shown}")));
        store.import_preview(&name, &ImportOptions::default())
    })
    .await
}

/// Imports a document as a new review.
#[tauri::command]
pub async fn import_file(
    app: AppHandle,
    path: String,
    approved: bool,
    progress: Channel<Progress>,
) -> Res<ReviewId> {
    off_main(app, move |store, author| {
        let opts = ImportOptions {
            approved,
            into: None,
        };
        store
            .import_with_progress(PathBuf::from(&path).as_path(), &opts, author, &mut |p| {
                let _ = progress.send(p);
            })
            .map(|(id, _)| id)
    })
    .await
}

/// Writes the questions `partner` answers to `path`: a partner pack, or
/// with `word` a Word form for a partner without the app.
#[tauri::command]
pub async fn send_pack(
    app: AppHandle,
    review: ReviewId,
    partner: PartnerId,
    word: bool,
    path: String,
) -> Res<()> {
    let target = PathBuf::from(&path);
    let written = target.clone();
    let sending = if word { Sending::Form } else { Sending::Pack };
    off_main(app.clone(), move |store, author| {
        store.send_pack_to(review, partner, sending, &target, author)
    })
    .await?;
    remember_written(&app, written);
    Ok(())
}

/// Opens a pack in partner mode: its questions as this workbook's copy.
#[tauri::command]
pub async fn open_pack(app: AppHandle, path: String) -> Res<OpenedPack> {
    off_main(app, move |store, author| {
        store.open_pack(&read_file(&path)?, author)
    })
    .await
}

/// Records who signs a partner copy's answers off.
#[tauri::command]
pub fn set_signoff(wb: State<'_, Session>, review: ReviewId, signoff: Option<SignOff>) -> Res<()> {
    let signoff = signoff
        .map(|s| SignOff::new(&s.name, &s.role, s.date))
        .transpose()?;
    wb.store()?.set_signoff(review, signoff.as_ref())
}

/// Writes the response file of a partner copy: every answer marked ready.
#[tauri::command]
pub async fn return_pack(app: AppHandle, review: ReviewId, path: String) -> Res<Returned> {
    let target = PathBuf::from(&path);
    let written = target.clone();
    let returned = off_main(app.clone(), move |store, _| {
        store.return_pack_to(review, &target)
    })
    .await?;
    remember_written(&app, written);
    Ok(returned)
}

/// What merging a partner's response (or Word form) would change. With
/// `allow_older`, a return older than one already merged is planned too.
#[tauri::command]
pub async fn plan_merge(app: AppHandle, path: String, allow_older: bool) -> Res<MergePlan> {
    off_main(app, move |store, _| {
        store.plan_merge(&ReturnedFile::read(&read_file(&path)?)?.allowing_older(allow_older))
    })
    .await
}

/// Merges a partner's response, with the officer's choice for each conflict.
#[tauri::command]
pub async fn merge_response(
    app: AppHandle,
    path: String,
    allow_older: bool,
    choices: Vec<(AssignmentId, Choice)>,
) -> Res<MergeOutcome> {
    off_main(app, move |store, author| {
        let file = ReturnedFile::read(&read_file(&path)?)?.allowing_older(allow_older);
        store.merge_response(&file, &choices.into_iter().collect(), author)
    })
    .await
}

/// Why the workbook could not be opened at start-up, with the backups
/// that could take its place; none when it opened well.
#[tauri::command]
pub fn startup_problem(wb: State<'_, Session>) -> Res<Option<StartupProblem>> {
    let Some(message) = wb.problem.lock().ok().and_then(|p| p.clone()) else {
        return Ok(None);
    };
    StartupProblem::new(&wb.path, message).map(Some)
}

/// Puts a backup in place of the workbook that could not be opened (the
/// damaged file is kept beside it) and opens it.
#[tauri::command]
pub async fn recover(app: AppHandle, backup: String) -> Res<Opening> {
    let handle = app.clone();
    let opening = tauri::async_runtime::spawn_blocking(move || {
        let wb = app.state::<Session>();
        let mut store = wb.store.lock().map_err(|_| {
            Error::Invalid(
                "An earlier fault left this window unusable; close and reopen KLOE Workbook."
                    .into(),
            )
        })?;
        *store = Workbook::recover(&wb.path, std::path::Path::new(&backup))?;
        if let Ok(mut problem) = wb.problem.lock() {
            *problem = None;
        }
        store.opening()
    })
    .await
    .map_err(|_| {
        Error::Invalid("The recovery stopped because of a fault; nothing was changed.".into())
    })??;
    // Recovered: from now on the workbook is backed up as usual.
    crate::keep_backups(handle);
    Ok(opening)
}

/// The automatic backups, newest first.
#[tauri::command]
pub fn list_backups(wb: State<'_, Session>) -> Res<Vec<BackupInfo>> {
    // By the workbook's path: they are there whether or not it opened.
    kloe::store::backup::backups_of(&wb.path)
}

/// Replaces the workbook's contents with a backup's (after checking it);
/// what it replaces is kept as a backup.
#[tauri::command]
pub async fn restore_backup(app: AppHandle, backup: String) -> Res<Opening> {
    off_main(app, move |store, _| {
        store.restore_backup(std::path::Path::new(&backup))?;
        store.opening()
    })
    .await
}

/// Writes a copy of the workbook where the officer chooses.
#[tauri::command]
pub async fn backup_now(app: AppHandle, path: String) -> Res<()> {
    let target = PathBuf::from(&path);
    let written = target.clone();
    off_main(app.clone(), move |store, _| store.backup_to(&target)).await?;
    remember_written(&app, written);
    Ok(())
}

/// A pack named on the command line (opening a .kloepack file starts the
/// app with it), handed over once.
#[tauri::command]
pub fn launch_file(wb: State<'_, Session>) -> Option<String> {
    wb.launch_file
        .lock()
        .ok()
        .and_then(|mut f| f.take())
        .map(|p| p.display().to_string())
}

/// A partner pack, response file or filled-in Word form chosen in a dialog.
fn read_file(path: &str) -> Res<Vec<u8>> {
    kloe::files::read_limited(
        std::path::Path::new(path),
        kloe::formats::pack::MAX_PACK_BYTES,
        "The file",
    )
}

fn remember_written(app: &AppHandle, path: PathBuf) {
    if let Ok(mut list) = app.state::<Session>().exported.lock() {
        list.push(path);
    }
}

/// Writes the committee document to `path`, in a council's house style
/// when a Word template is given.
#[tauri::command]
pub async fn export_review(
    app: AppHandle,
    review: ReviewId,
    options: ExportOptions,
    template: Option<String>,
    path: String,
    progress: Channel<Progress>,
) -> Res<()> {
    let target = PathBuf::from(&path);
    let written = target.clone();
    off_main(app.clone(), move |store, _| {
        store.export_with_progress(
            review,
            &options,
            template.as_deref().map(std::path::Path::new),
            &target,
            &mut |p| {
                let _ = progress.send(p);
            },
        )
    })
    .await?;
    remember_written(&app, written);
    Ok(())
}

/// What the exported document will hold, as a web page, for the preview.
#[tauri::command]
pub async fn preview_export(
    app: AppHandle,
    review: ReviewId,
    options: ExportOptions,
) -> Res<String> {
    off_main(app, move |store, _| store.preview_html(review, &options)).await
}

/// A document exported in this session, or a refusal: the page cannot
/// have any other file opened.
fn exported(wb: &Session, path: &str) -> Res<PathBuf> {
    let path = PathBuf::from(path);
    let known = wb
        .exported
        .lock()
        .map(|l| l.contains(&path))
        .unwrap_or(false);
    if known {
        Ok(path)
    } else {
        Err(Error::Invalid(
            "Only a document exported in this window can be opened from here; open it from your file manager instead.".into(),
        ))
    }
}

/// Opens an exported document in the program the system uses for it.
#[tauri::command]
pub fn open_exported(app: AppHandle, wb: State<'_, Session>, path: String) -> Res<()> {
    let path = exported(&wb, &path)?;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            Error::Invalid(format!(
                "The document could not be opened ({e}); it is saved at {}.",
                path.display()
            ))
        })
}

/// Shows an exported document in its folder.
#[tauri::command]
pub fn show_exported(app: AppHandle, wb: State<'_, Session>, path: String) -> Res<()> {
    let path = exported(&wb, &path)?;
    app.opener().reveal_item_in_dir(&path).map_err(|e| {
        Error::Invalid(format!(
            "The folder could not be shown ({e}); the document is saved at {}.",
            path.display()
        ))
    })
}

/// Runs long work on a blocking thread, so the window stays responsive.
async fn off_main<T: Send + 'static>(
    app: AppHandle,
    work: impl FnOnce(&mut Workbook, &str) -> Res<T> + Send + 'static,
) -> Res<T> {
    tauri::async_runtime::spawn_blocking(move || {
        let wb = app.state::<Session>();
        let (mut store, author) = wb.writer()?;
        work(&mut store, &author)
    })
    .await
    .map_err(|_| {
        Error::Invalid(
            "The work stopped because of a fault; nothing was changed. Please try again.".into(),
        )
    })?
}
