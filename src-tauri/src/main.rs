//! The desktop shell: thin commands that take the workbook, call the core
//! and hand back its result or its `{code, message}` error. No SQL and no
//! rules live here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::sync::{Mutex, MutexGuard};

use kloe::doc::ReviewDoc;
use kloe::model::{AssignmentId, QuestionId, ReviewId, Revision, Status};
use kloe::store::{Opening, ReviewSummary, SaveOutcome};
use kloe::text::Paragraph;
use kloe::tracker::Tracker;
use kloe::{Error, Store};
use tauri::{Manager, State};

/// The open workbook and who is using it.
struct Workbook {
    store: Mutex<Store>,
    author: String,
}

type Res<T> = Result<T, Error>;

impl Workbook {
    fn store(&self) -> Res<MutexGuard<'_, Store>> {
        self.store.lock().map_err(|_| {
            Error::Invalid("An earlier fault left the workbook unusable in this window; close and reopen KLOE Workbook. Your saved work is safe.".into())
        })
    }
}

#[tauri::command]
fn open_workbook(wb: State<'_, Workbook>) -> Res<Opening> {
    wb.store()?.opening()
}

#[tauri::command]
fn list_reviews(wb: State<'_, Workbook>) -> Res<Vec<ReviewSummary>> {
    wb.store()?.reviews()
}

#[tauri::command]
fn load_review(wb: State<'_, Workbook>, review: ReviewId) -> Res<ReviewDoc> {
    wb.store()?.load(review)
}

#[tauri::command]
fn save_response(
    wb: State<'_, Workbook>,
    assignment: AssignmentId,
    paragraphs: Vec<Paragraph>,
) -> Res<SaveOutcome> {
    wb.store()?
        .save_response(assignment, &paragraphs, &wb.author)
}

#[tauri::command]
fn set_status(wb: State<'_, Workbook>, assignment: AssignmentId, status: Status) -> Res<Status> {
    wb.store()?.set_status(assignment, status, &wb.author)
}

#[tauri::command]
fn move_question(wb: State<'_, Workbook>, question: QuestionId, number: u32) -> Res<()> {
    wb.store()?.move_question_to_number(question, number)
}

#[tauri::command]
fn tracker(wb: State<'_, Workbook>, review: ReviewId) -> Res<Tracker> {
    let today = chrono::Local::now().date_naive();
    wb.store()?.tracker(review, today)
}

#[tauri::command]
fn history(wb: State<'_, Workbook>, assignment: AssignmentId) -> Res<Vec<Revision>> {
    wb.store()?.history(assignment)
}

#[tauri::command]
fn delete_review(wb: State<'_, Workbook>, review: ReviewId) -> Res<String> {
    wb.store()?.delete_review(review)
}

fn main() {
    let path = match std::env::var_os("KLOE_DB") {
        Some(p) => std::path::PathBuf::from(p),
        None => Store::default_path().unwrap_or_else(|e| fail(&e)),
    };
    let store = Store::open(&path).unwrap_or_else(|e| fail(&e));
    let author = ["KLOE_AUTHOR", "USER", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "Officer".into());

    tauri::Builder::default()
        // One window per workbook: a second launch brings the first forward.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .manage(Workbook {
            store: Mutex::new(store),
            author,
        })
        .invoke_handler(tauri::generate_handler![
            open_workbook,
            list_reviews,
            load_review,
            save_response,
            set_status,
            move_question,
            tracker,
            history,
            delete_review,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("KLOE Workbook could not start its window: {e}");
            std::process::exit(1);
        });
}

/// The workbook cannot be opened: say why, plainly, and stop.
fn fail(e: &Error) -> ! {
    eprintln!("KLOE Workbook cannot open its workbook: {e}");
    std::process::exit(1);
}
