//! The desktop shell: thin commands that take the workbook, call the core
//! and hand back its result or its `{code, message}` error. No SQL and no
//! rules live here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::sync::{Mutex, MutexGuard};

mod commands;

use kloe::{Error, Workbook};
use tauri::{Emitter, Manager};

/// The open workbook and who is using it in this window.
struct Session {
    store: Mutex<Workbook>,
    /// `KLOE_AUTHOR`, when set: the name in revisions, above the setting.
    author: Option<String>,
    /// Documents exported in this session: the only files the app will open
    /// or show in their folder when the page asks.
    exported: Mutex<Vec<std::path::PathBuf>>,
    /// A pack the app was started with (double-clicking a .kloepack file).
    launch_file: Mutex<Option<std::path::PathBuf>>,
    /// The workbook file.
    path: std::path::PathBuf,
    /// Why the workbook could not be opened at start-up, until it is
    /// recovered from a backup; meanwhile nothing reads or writes `store`.
    problem: Mutex<Option<String>>,
}

impl Session {
    /// The store, with the name to record in what is saved now.
    fn writer(&self) -> Result<(MutexGuard<'_, Workbook>, String), Error> {
        let mut store = self.store()?;
        let author = store.author(self.author.as_deref())?;
        Ok((store, author))
    }

    fn store(&self) -> Result<MutexGuard<'_, Workbook>, Error> {
        if let Some(problem) = self.problem.lock().ok().and_then(|p| p.clone()) {
            return Err(Error::Invalid(format!(
                "{problem} Restore a backup from the start screen first."
            )));
        }
        self.store.lock().map_err(|_| {
            Error::Invalid("An earlier fault left the workbook unusable in this window; close and reopen KLOE Workbook. Your saved work is safe.".into())
        })
    }
}

fn main() {
    without_gpu_compositing();
    let path = match std::env::var_os("KLOE_DB") {
        Some(p) => std::path::PathBuf::from(p),
        None => Workbook::default_path().unwrap_or_else(|e| fail(&e)),
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
        // One window per workbook: a second launch brings the first forward.
        // A pack opened while the app runs is handed to the open window.
        .plugin(tauri_plugin_single_instance::init(|app, args, cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.set_focus();
                if let Some(pack) = pack_argument(args.iter().skip(1).map(|a| {
                    let p = std::path::PathBuf::from(a);
                    if p.is_absolute() {
                        p
                    } else {
                        std::path::Path::new(&cwd).join(p)
                    }
                })) {
                    let _ = w.emit("open-pack", pack.display().to_string());
                }
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(Session {
            store: Mutex::new(store),
            author: std::env::var("KLOE_AUTHOR").ok(),
            exported: Mutex::new(Vec::new()),
            launch_file: Mutex::new(pack_argument(
                std::env::args_os().skip(1).map(std::path::PathBuf::from),
            )),
            path,
            problem: Mutex::new(problem),
        })
        .setup(move |app| {
            if opened_well {
                keep_backups(app.handle().clone());
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::open_workbook,
            commands::list_reviews,
            commands::load_review,
            commands::new_review,
            commands::start_next_year,
            commands::delete_review,
            commands::save_response,
            commands::set_status,
            commands::history,
            commands::restore_revision,
            commands::tracker,
            commands::progress_history,
            commands::chase,
            commands::open_chase_mail,
            commands::save_reminder,
            commands::update_review,
            commands::propose_due_dates,
            commands::set_due_dates,
            commands::add_partner,
            commands::update_partner,
            commands::delete_partner,
            commands::get_settings,
            commands::save_settings,
            commands::add_section,
            commands::rename_section,
            commands::delete_section,
            commands::add_question,
            commands::update_question,
            commands::delete_question,
            commands::move_question,
            commands::move_question_to_section,
            commands::assign,
            commands::unassign,
            commands::set_due,
            commands::choose_file,
            commands::import_preview,
            commands::import_file,
            commands::export_review,
            commands::preview_export,
            commands::open_exported,
            commands::show_exported,
            commands::send_pack,
            commands::open_pack,
            commands::set_signoff,
            commands::return_pack,
            commands::plan_merge,
            commands::merge_response,
            commands::launch_file,
            commands::startup_problem,
            commands::recover,
            commands::list_backups,
            commands::restore_backup,
            commands::backup_now,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("KLOE Workbook could not start its window: {e}");
            std::process::exit(1);
        });
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

/// The first argument that names a partner pack, if any.
fn pack_argument(args: impl Iterator<Item = std::path::PathBuf>) -> Option<std::path::PathBuf> {
    args.into_iter().find(|p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("kloepack"))
    })
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
