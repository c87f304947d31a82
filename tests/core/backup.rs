//! Backups and recovery: automatic rolling backups, `kloe backup` and
//! `kloe restore`, and a damaged workbook recovered from its newest good
//! backup.

use std::path::Path;

use chrono::{Duration, TimeZone, Utc};
use kloe::store::backup::{KEEP_BACKUPS, backups_of};
use kloe::{Clock, Workbook};

use crate::support::{WorkbookFile, fixture_path};

fn import(wb: &WorkbookFile) -> String {
    crate::support::last_word(&wb.ok(&[
        "import",
        fixture_path("bolsover-csp-kloe-2019.txt").to_str().unwrap(),
    ]))
}

fn reasons(wb: &WorkbookFile) -> Vec<String> {
    backups_of(&wb.path)
        .unwrap()
        .into_iter()
        .map(|b| b.reason)
        .collect()
}

#[test]
fn a_backup_restores_the_workbook_as_it_was_and_keeps_what_it_replaces() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let copy = wb.dir().join("copy.kloe");
    wb.ok(&["backup", "-o", copy.to_str().unwrap()]);
    let at_backup = wb.dump();
    wb.ok(&[
        "respond",
        &id,
        "1",
        "BDC",
        "--text",
        "Written after the backup.",
    ]);
    let changed = wb.dump();

    let out = wb.ok(&["restore", copy.to_str().unwrap()]);
    assert!(out.contains("kept as a backup"), "{out}");
    assert_eq!(wb.dump(), at_backup, "the workbook is as it was backed up");
    assert_eq!(reasons(&wb), ["before restore"]);

    // What was replaced can itself be brought back.
    let kept = backups_of(&wb.path).unwrap()[0].path.clone();
    wb.ok(&["restore", &kept]);
    assert_eq!(wb.dump(), changed);
    // The other meaning of restore, a revision, still works.
    wb.ok(&["restore", &id, "1", "BDC", "1"]);
}

#[test]
fn only_a_whole_workbook_of_a_known_version_is_restored() {
    let wb = WorkbookFile::new();
    wb.sample();
    let good = wb.dir().join("good.kloe");
    wb.ok(&["backup", "-o", good.to_str().unwrap()]);
    let refuse = |file: &Path, says: &str| {
        let err = wb.refused_with(&["restore", file.to_str().unwrap()], "not_a_backup");
        assert!(err.contains(says), "{}: {err}", file.display());
        assert!(err.contains("Nothing was changed"), "{err}");
    };

    let junk = wb.dir().join("junk.kloe");
    std::fs::write(&junk, b"not a database at all").unwrap();
    refuse(&junk, "it is not a workbook");
    refuse(&wb.dir().join("missing.kloe"), "there is no such file");

    let other = wb.dir().join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); PRAGMA application_id = 42;")
        .unwrap();
    refuse(&other, "not a KLOE Workbook file");

    let newer = wb.dir().join("newer.kloe");
    std::fs::copy(&good, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    refuse(&newer, "newer version of KLOE Workbook");

    // Damaged inside: pages overwritten, the header left intact.
    let damaged = wb.dir().join("damaged.kloe");
    let mut bytes = std::fs::read(&good).unwrap();
    let page = 4096;
    for b in &mut bytes[page * 2..page * 4] {
        *b = 0xA5;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    refuse(&damaged, "damaged");
}

#[test]
fn imports_merges_and_migrations_are_backed_up_first_and_ten_are_kept() {
    let wb = WorkbookFile::new();
    wb.sample();
    assert!(reasons(&wb).is_empty());
    import(&wb);
    assert_eq!(reasons(&wb), ["before import"]);
    for _ in 0..KEEP_BACKUPS + 2 {
        import(&wb);
    }
    let kept = backups_of(&wb.path).unwrap();
    assert_eq!(
        kept.len(),
        KEEP_BACKUPS,
        "the newest {KEEP_BACKUPS} are kept"
    );
    // Each is a workbook that opens, and the newest holds the most.
    let newest = Workbook::open(&kept[0].path)
        .unwrap()
        .reviews()
        .unwrap()
        .len();
    let oldest = Workbook::open(&kept[KEEP_BACKUPS - 1].path)
        .unwrap()
        .reviews()
        .unwrap()
        .len();
    assert!(
        newest > oldest,
        "{newest} reviews in the newest, {oldest} in the oldest"
    );

    // A merge.
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let (_, response) = crate::support::police_response(&wb, &id);
    wb.ok(&["pack", "import", response.to_str().unwrap(), "--dry-run"]);
    assert!(reasons(&wb).is_empty(), "a preview takes no backup");
    wb.ok(&["pack", "import", response.to_str().unwrap()]);
    assert_eq!(reasons(&wb), ["before merge"]);

    // A migration: a workbook of the format before this one's.
    let wb = WorkbookFile::new();
    wb.sample();
    {
        let conn = rusqlite::Connection::open(&wb.path).unwrap();
        conn.execute_batch(
            "DROP TABLE pack_copy_rec_responses; DROP TABLE rec_revision_merges;
             DROP TABLE pack_sent_rec_responses;
             DELETE FROM kloe_migrations WHERE version = 8; PRAGMA user_version = 7;",
        )
        .unwrap();
    }
    wb.ok(&["reviews"]);
    assert_eq!(reasons(&wb), ["before migration"]);
    let kept = &backups_of(&wb.path).unwrap()[0].path;
    let version: i64 = rusqlite::Connection::open(kept)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(
        version,
        kloe::store::LATEST_VERSION - 1,
        "the backup is the workbook as it was before"
    );
}

#[test]
fn a_daily_backup_is_taken_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.kloe");
    let day = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let mut store = Workbook::open(&path).unwrap().with_clock(Clock::Fixed(day));
    store.ensure_sample().unwrap();
    assert!(
        store.backup_if_due().unwrap().is_some(),
        "none yet: one is due"
    );
    assert!(
        store.backup_if_due().unwrap().is_none(),
        "not again the same day"
    );
    let mut store = store.with_clock(Clock::Fixed(day + Duration::hours(23)));
    assert!(store.backup_if_due().unwrap().is_none());
    let mut store = store.with_clock(Clock::Fixed(day + Duration::hours(24)));
    assert!(
        store.backup_if_due().unwrap().is_some(),
        "a day on, another"
    );
    let reasons: Vec<String> = store
        .backups()
        .unwrap()
        .into_iter()
        .map(|b| b.reason)
        .collect();
    assert_eq!(reasons, ["daily", "daily"]);
}

#[test]
fn a_damaged_workbook_is_recovered_from_its_newest_good_backup() {
    let wb = WorkbookFile::new();
    wb.sample();
    import(&wb);
    let good = wb.dump();
    let backups = backups_of(&wb.path).unwrap();
    // Then the file is damaged: the header survives, the pages do not.
    let mut bytes = std::fs::read(&wb.path).unwrap();
    for b in &mut bytes[100..] {
        *b = 0x5A;
    }
    std::fs::write(&wb.path, &bytes).unwrap();
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", wb.path.display()));
    }
    assert!(Workbook::open(&wb.path).is_err(), "the damage is noticed");

    let mut store = Workbook::recover(&wb.path, Path::new(&backups[0].path)).unwrap();
    assert_eq!(
        store.reviews().map(|r| r.len()).unwrap_or(0),
        1,
        "the sample, as the backup before the import held it"
    );
    drop(store);
    let kept: Vec<_> = std::fs::read_dir(wb.dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(kept.len(), 1, "the damaged file is kept aside, not deleted");
    assert_ne!(wb.dump(), good, "the import after the backup is not in it");
}

#[test]
fn failing_imports_never_push_a_good_backup_out() {
    let wb = WorkbookFile::new();
    wb.sample();
    import(&wb);
    let good = backups_of(&wb.path).unwrap();
    assert_eq!(good.len(), 1);
    let bad = wb.dir().join("twice.txt");
    std::fs::write(&bad, "1. Safe?\nBDC Response\nYes.\nBDC Response\nAgain.\n").unwrap();
    for _ in 0..KEEP_BACKUPS + 1 {
        wb.fails(&["import", bad.to_str().unwrap()]);
    }
    assert_eq!(
        backups_of(&wb.path).unwrap(),
        good,
        "the pre-import backup is still there"
    );
}

#[test]
fn deleting_a_review_a_question_or_a_section_with_questions_is_backed_up_first() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    wb.ok(&["question", "delete", &id, "1"]);
    assert_eq!(reasons(&wb), ["before delete"]);
    wb.ok(&["section", "delete", &id, "1", "--with-questions"]);
    assert_eq!(reasons(&wb).len(), 2);
    // A refused delete takes none.
    wb.refused_with(&["section", "delete", &id, "1"], "still_used");
    wb.refused_with(&["question", "delete", &id, "99"], "not_found");
    assert_eq!(reasons(&wb).len(), 2);
    wb.ok(&["delete", &id]);
    let kept = backups_of(&wb.path).unwrap();
    assert_eq!(kept.len(), 3);
    // The newest holds the review, with what was left of it.
    let reviews = Workbook::open(&kept[0].path).unwrap().reviews().unwrap();
    assert_eq!(reviews.len(), 1);
    let oldest = Workbook::open(&kept[2].path)
        .unwrap()
        .load(reviews[0].id)
        .unwrap();
    assert_eq!(
        oldest.questions().count(),
        16,
        "the first backup holds question 1"
    );
}

#[test]
fn a_backup_killed_half_way_leaves_nothing_behind_for_long() {
    let wb = WorkbookFile::new();
    wb.sample();
    import(&wb);
    let dir = kloe::files::backup_dir_for(&wb.path);
    // A process id no process has (above the kernel's largest).
    let dead = dir.join("2026-01-01 090000 daily.kloe.4194305.partial");
    std::fs::write(&dead, b"half a backup").unwrap();
    let target = wb.dir().join("copy.kloe");
    let dead_beside = wb.dir().join("copy.kloe.4194305.partial");
    std::fs::write(&dead_beside, b"half a backup").unwrap();
    wb.ok(&["reviews"]);
    assert!(
        !dead.exists(),
        "opening the workbook clears abandoned partial backups"
    );
    wb.ok(&["backup", "-o", target.to_str().unwrap()]);
    assert!(
        !dead_beside.exists(),
        "a backup clears its own abandoned partial copies"
    );
    assert!(target.exists());
}

#[test]
fn a_log_left_beside_the_workbook_by_another_file_is_not_applied_unseen() {
    let wb = WorkbookFile::new();
    wb.sample();
    let before = std::fs::read(&wb.path).unwrap();
    // Another workbook's log, still open elsewhere, copied beside this one.
    let other = WorkbookFile::new();
    other.sample();
    let conn = rusqlite::Connection::open(&other.path).unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute("UPDATE reviews SET title = 'From another file'", [])
        .unwrap();
    let name = wb.path.file_name().unwrap().to_str().unwrap();
    let other_name = other.path.file_name().unwrap().to_str().unwrap();
    std::fs::copy(
        other.dir().join(format!("{other_name}-wal")),
        wb.dir().join(format!("{name}-wal")),
    )
    .unwrap();
    drop(conn);
    assert!(!wb.dir().join(format!("{name}-shm")).exists());
    // Whatever SQLite makes of it, the workbook as it was is kept first.
    let _ = wb.kloe(&["reviews"]);
    let kept = backups_of(&wb.path).unwrap();
    assert_eq!(reasons(&wb), ["before log replay"]);
    assert_eq!(std::fs::read(&kept[0].path).unwrap(), before);
    kloe::store::backup::check_backup(Path::new(&kept[0].path)).unwrap();
}

#[test]
fn a_log_no_session_holds_is_kept_from_before_it_is_applied_and_a_live_one_is_not() {
    let wb = WorkbookFile::new();
    wb.sample();
    let name = wb.path.file_name().unwrap().to_str().unwrap().to_string();
    // A session with the workbook open (this process): its log is its own.
    let conn = rusqlite::Connection::open(&wb.path).unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute("UPDATE reviews SET title = 'Changed in a session'", [])
        .unwrap();
    wb.ok(&["reviews"]);
    assert!(
        reasons(&wb).is_empty(),
        "a live session's log is not a stray one"
    );
    // The same files, log and shared memory, copied elsewhere with no
    // session holding them, as a crash or a copy leaves them.
    let other = WorkbookFile::new();
    let other_name = other.path.file_name().unwrap().to_str().unwrap();
    for suffix in ["", "-wal", "-shm"] {
        std::fs::copy(
            wb.dir().join(format!("{name}{suffix}")),
            other.dir().join(format!("{other_name}{suffix}")),
        )
        .unwrap();
    }
    drop(conn);
    let before = std::fs::read(&other.path).unwrap();
    let listed = other.ok(&["reviews"]);
    assert!(
        listed.contains("Changed in a session"),
        "the log is applied: {listed}"
    );
    assert_eq!(reasons(&other), ["before log replay"]);
    let kept = backups_of(&other.path).unwrap();
    assert_eq!(std::fs::read(&kept[0].path).unwrap(), before);
}

/// Runs `kloe` on the workbook at `path`, which must refuse with `code`;
/// returns the message.
fn refused_at(path: &Path, args: &[&str], code: &str) -> String {
    let out = crate::support::kloe_cmd(path)
        .args(args)
        .env("KLOE_ERRORS", "json")
        .output()
        .unwrap();
    assert!(!out.status.success(), "kloe {args:?} should have failed");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err:?}");
    let line: serde_json::Value = serde_json::from_str(err.trim_end()).expect("a JSON line");
    assert_eq!(line["code"], code, "{err}");
    line["message"].as_str().unwrap().to_string()
}

#[test]
fn a_file_holding_what_no_workbook_has_is_never_opened_stamped_or_restored() {
    let wb = WorkbookFile::new();
    wb.sample();
    // A backup with a trigger added.
    let trap = wb.dir().join("trap.kloe");
    wb.ok(&["backup", "-o", trap.to_str().unwrap()]);
    rusqlite::Connection::open(&trap)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER t AFTER INSERT ON revisions BEGIN DELETE FROM reviews; END;
             PRAGMA journal_mode = DELETE;",
        )
        .unwrap();
    let err = wb.refused_with(&["restore", trap.to_str().unwrap()], "not_a_backup");
    assert!(err.contains("holds a trigger named \"t\""), "{err}");
    let err = refused_at(&trap, &["reviews"], "not_a_workbook");
    assert!(err.contains("holds a trigger"), "{err}");

    // A view or an unknown table, the same.
    for extra in ["CREATE VIEW v AS SELECT 1", "CREATE TABLE mine (x)"] {
        let f = wb.dir().join("extra.kloe");
        let _ = std::fs::remove_file(&f);
        wb.ok(&["backup", "-o", f.to_str().unwrap()]);
        rusqlite::Connection::open(&f)
            .unwrap()
            .execute_batch(extra)
            .unwrap();
        let err = wb.refused_with(&["restore", f.to_str().unwrap()], "not_a_backup");
        assert!(err.contains("which a KLOE workbook never has"), "{err}");
    }

    // Another program's SQLite file, empty but with a version of its own.
    let foreign = wb.dir().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("PRAGMA user_version = 3;")
        .unwrap();
    let err = refused_at(&foreign, &["reviews"], "not_a_workbook");
    assert!(err.contains("not one this application made"), "{err}");
    let conn = rusqlite::Connection::open(&foreign).unwrap();
    let (app, version): (i64, i64) = (
        conn.pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap(),
        conn.pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap(),
    );
    assert_eq!((app, version), (0, 3), "never stamped or migrated");
}

#[test]
fn backup_messages_fit_the_fault() {
    let wb = WorkbookFile::new();
    wb.sample();
    let err = wb.refused_with(
        &["backup", "-o", "/no/such/folder/copy.kloe"],
        "no_such_folder",
    );
    assert!(
        err.contains("The folder /no/such/folder does not exist"),
        "{err}"
    );
    assert!(!err.contains("space"), "{err}");
    for e in [kloe::Error::DiskFull, kloe::Error::ReadOnly] {
        assert!(
            !e.to_string().contains("editor"),
            "the command line has no editor: {e}"
        );
    }
}

/// Found by the fuzzer: a file that passed SQLite's integrity check where
/// it lay but not once copied (an answer's status outside its CHECK
/// constraint). A backup is now checked as the restore would put it in place.
#[test]
fn a_file_whose_rows_break_the_schema_is_refused_for_restore() {
    let wb = WorkbookFile::new();
    wb.sample();
    let hostile = crate::support::fixture_path("fuzz/restore/check-constraint.kloe");
    let copy = wb.dir().join("hostile.kloe");
    std::fs::copy(&hostile, &copy).unwrap();
    let err = wb.refused_with(&["restore", copy.to_str().unwrap()], "not_a_backup");
    assert!(err.contains("it is damaged"), "{err}");
}
