//! The desktop shell: thin commands that take the workbook, call the core
//! and hand back its result or its `{code, message}` error. No SQL and no
//! rules live here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::sync::Mutex;

mod commands;
mod dialogs;
mod state;

use kloe::files::{FileKind, OpenFile};
use kloe::{Error, Workbook};
use state::Session;
use tauri::{Emitter, Manager};

fn main() {
    without_gpu_compositing();
    // A double-clicked file: a workbook opens as the workbook; a pack or a
    // response is handed to the page.
    let cwd = std::env::current_dir().unwrap_or_default();
    let launched = OpenFile::first_of(std::env::args_os().skip(1).map(PathBuf::from), &cwd);
    let path = match (&launched, std::env::var_os("KLOE_DB")) {
        (Some(f), _) if f.kind == FileKind::Workbook => PathBuf::from(&f.path),
        (_, Some(p)) => PathBuf::from(p),
        (_, None) => Workbook::default_path().unwrap_or_else(|e| fail(&e)),
    };
    // A workbook that cannot be opened (damaged, say) does not stop the
    // app: it starts on a screen offering the newest good backup, and
    // nothing touches the file until one is chosen.
    let (store, problem) = match Workbook::open(&path) {
        Ok(store) => (store, None),
        Err(e) => match Workbook::open_in_memory() {
            Ok(stand_in) => (stand_in, Some(e.to_string())),
            Err(_) => fail(&e),
        },
    };
    let opened_well = problem.is_none();

    tauri::Builder::default()
        // One window: a second launch brings the first forward, and a file
        // opened while the app runs is handed to it (a workbook to switch
        // to once the page has saved what is typed).
        .plugin(tauri_plugin_single_instance::init(|app, args, cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.set_focus();
            }
            let file = OpenFile::first_of(
                args.iter().skip(1).map(PathBuf::from),
                std::path::Path::new(&cwd),
            );
            if let Some(file) = file {
                hand_over(app, file);
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(Session {
            store: Mutex::new(store),
            author: std::env::var("KLOE_AUTHOR").ok(),
            exported: Mutex::new(Vec::new()),
            launch: Mutex::new(state::Handover {
                ready: false,
                file: launched.filter(|f| f.kind != FileKind::Workbook),
            }),
            path: Mutex::new(path),
            pending_workbook: Mutex::new(None),
            problem: Mutex::new(problem),
        })
        .setup(move |app| {
            if opened_well {
                keep_backups(app.handle().clone());
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::reviews::open_workbook,
            commands::reviews::list_reviews,
            commands::reviews::load_review,
            commands::reviews::new_review,
            commands::reviews::start_next_year,
            commands::reviews::delete_review,
            commands::responses::save_response,
            commands::responses::set_status,
            commands::responses::history,
            commands::responses::restore_revision,
            commands::reviews::tracker,
            commands::reviews::progress_history,
            commands::files::chase,
            commands::files::open_chase_mail,
            commands::files::save_reminder,
            commands::reviews::update_review,
            commands::reviews::propose_due_dates,
            commands::reviews::set_due_dates,
            commands::structure::add_partner,
            commands::structure::update_partner,
            commands::structure::delete_partner,
            commands::reviews::get_settings,
            commands::reviews::save_settings,
            commands::structure::add_section,
            commands::structure::rename_section,
            commands::structure::delete_section,
            commands::structure::add_question,
            commands::structure::update_question,
            commands::structure::delete_question,
            commands::structure::move_question,
            commands::structure::move_question_to_section,
            commands::responses::assign,
            commands::responses::unassign,
            commands::responses::set_due,
            dialogs::choose_file,
            commands::files::import_preview,
            commands::files::import_file,
            commands::files::export_review,
            commands::files::preview_export,
            commands::files::open_exported,
            commands::files::show_exported,
            commands::packs::send_pack,
            commands::packs::open_pack,
            commands::packs::set_signoff,
            commands::packs::return_pack,
            commands::packs::plan_merge,
            commands::packs::merge_response,
            commands::packs::launch_file,
            commands::backups::startup_problem,
            commands::backups::recover,
            commands::backups::switch_workbook,
            commands::backups::list_backups,
            commands::backups::restore_backup,
            commands::backups::backup_now,
            commands::recommendations::recommendations,
            commands::recommendations::rec_history,
            commands::recommendations::add_recommendation,
            commands::recommendations::address_recommendation,
            commands::recommendations::respond_to_recommendation,
            commands::recommendations::set_recommendation_status,
            commands::recommendations::add_progress,
            commands::recommendations::delete_recommendation,
            commands::recommendations::edit_recommendation,
            commands::recommendations::move_recommendation,
        ])
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("KLOE Workbook could not start its window: {e}");
            std::process::exit(1);
        })
        .run(|app, event| {
            // macOS hands a double-clicked file to the running app as an
            // event, not as an argument.
            #[cfg(any(target_os = "macos", target_os = "ios"))]
            if let tauri::RunEvent::Opened { urls } = event {
                let files = urls.into_iter().filter_map(|u| u.to_file_path().ok());
                if let Some(file) = OpenFile::first_of(files, std::path::Path::new("/")) {
                    hand_over(app, file);
                }
            }
            #[cfg(not(any(target_os = "macos", target_os = "ios")))]
            let _ = (app, event);
        });
}

/// A file the desktop opened while the app runs: a workbook is kept to be
/// switched to once the page has saved what is typed; the page is told at
/// once, or when it has loaded.
fn hand_over(app: &tauri::AppHandle, file: OpenFile) {
    let session = app.state::<Session>();
    if file.kind == FileKind::Workbook
        && let Ok(mut pending) = session.pending_workbook.lock()
    {
        *pending = Some(PathBuf::from(&file.path));
    }
    let ready = match session.launch.lock() {
        Ok(mut launch) => {
            if !launch.ready {
                launch.file = Some(file.clone());
            }
            launch.ready
        }
        Err(_) => false,
    };
    if ready && let Some(w) = app.get_webview_window("main") {
        let _ = w.emit("open-file", file);
    }
}

/// A backup when the app opens the workbook, then one a day while it stays
/// open, on a thread of their own so the window never waits for them.
pub(crate) fn keep_backups(app: tauri::AppHandle) {
    std::thread::spawn(move || {
        let wb = app.state::<Session>();
        let report =
            |e: kloe::Error| eprintln!("KLOE Workbook could not back up the workbook: {e}");
        if let Err(e) = wb.store().and_then(|mut s| s.auto_backup("opened")) {
            report(e);
        }
        loop {
            std::thread::sleep(std::time::Duration::from_secs(60 * 60));
            if let Err(e) = wb.store().and_then(|mut s| s.backup_if_due()) {
                report(e);
            }
        }
    });
}

/// The workbook cannot be opened: say why, plainly, and stop.
fn fail(e: &Error) -> ! {
    eprintln!("KLOE Workbook cannot open its workbook: {e}");
    std::process::exit(1);
}

/// A forms application gains nothing from WebKitGTK's GPU compositing, and
/// without it the web process holds about 90 MB less, scrolling is smooth
/// where there is no GPU (a remote desktop, a virtual machine), and windows
/// draw reliably with graphics drivers where compositing fails. The
/// setting must be in the environment before WebKit starts, so the app
/// starts itself again with it (same process, same arguments). Set
/// `WEBKIT_DISABLE_COMPOSITING_MODE=0` to keep WebKit's own choice.
#[cfg(target_os = "linux")]
fn without_gpu_compositing() {
    use std::os::unix::process::CommandExt;
    const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(VAR).is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let err = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env(VAR, "1")
        .exec();
    // Only reached if the exec failed: carry on with WebKit's defaults.
    eprintln!(
        "KLOE Workbook: starting without GPU compositing failed ({err}); carrying on with it."
    );
}

#[cfg(not(target_os = "linux"))]
fn without_gpu_compositing() {}
