//! Backups and recovery: automatic rolling backups, `kloe backup` and
//! `kloe restore`, and a damaged workbook recovered from its newest good
//! backup.

use std::path::Path;

use chrono::{Duration, TimeZone, Utc};
use kloe::store::backup::{KEEP_BACKUPS, backups_of};
use kloe::{Clock, Store};

use crate::support::{Workbook, fixture_path};

fn import(wb: &Workbook) -> String {
    crate::support::last_word(&wb.ok(&[
        "import",
        fixture_path("bolsover-csp-kloe-2019.txt").to_str().unwrap(),
    ]))
}

fn reasons(wb: &Workbook) -> Vec<String> {
    backups_of(&wb.path)
        .unwrap()
        .into_iter()
        .map(|b| b.reason)
        .collect()
}

#[test]
fn a_backup_restores_the_workbook_as_it_was_and_keeps_what_it_replaces() {
    let wb = Workbook::new();
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
    let wb = Workbook::new();
    wb.sample();
    let good = wb.dir().join("good.kloe");
    wb.ok(&["backup", "-o", good.to_str().unwrap()]);
    let before = wb.dump();
    let refuse = |file: &Path, says: &str| {
        let err = wb.fails(&["restore", file.to_str().unwrap()]);
        assert!(err.contains(says), "{}: {err}", file.display());
        assert!(err.contains("Nothing was changed"), "{err}");
        assert_eq!(wb.dump(), before, "{} changed the workbook", file.display());
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
    let wb = Workbook::new();
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
    let newest = Store::open(&kept[0].path).unwrap().reviews().unwrap().len();
    let oldest = Store::open(&kept[KEEP_BACKUPS - 1].path)
        .unwrap()
        .reviews()
        .unwrap()
        .len();
    assert!(
        newest > oldest,
        "{newest} reviews in the newest, {oldest} in the oldest"
    );

    // A merge.
    let wb = Workbook::new();
    let id = wb.sample();
    let (_, response) = crate::support::police_response(&wb, &id);
    wb.ok(&["pack", "import", response.to_str().unwrap(), "--dry-run"]);
    assert!(reasons(&wb).is_empty(), "a preview takes no backup");
    wb.ok(&["pack", "import", response.to_str().unwrap()]);
    assert_eq!(reasons(&wb), ["before merge"]);

    // A migration: a workbook of the format before this one's.
    let wb = Workbook::new();
    wb.sample();
    {
        let conn = rusqlite::Connection::open(&wb.path).unwrap();
        conn.execute_batch(
            "DROP INDEX pack_merges_pack; ALTER TABLE pack_merges DROP COLUMN pack_id;
             ALTER TABLE pack_merges DROP COLUMN sequence; ALTER TABLE pack_merges DROP COLUMN digest;
             ALTER TABLE pack_copies DROP COLUMN pack_uid; ALTER TABLE pack_copies DROP COLUMN secret;
             ALTER TABLE pack_copies DROP COLUMN returns;
             DROP TABLE pack_sent_answers; DROP TABLE packs_sent;
             DELETE FROM kloe_migrations WHERE version = 5; PRAGMA user_version = 4;",
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
    assert_eq!(version, 4, "the backup is the workbook as it was before");
}

#[test]
fn a_daily_backup_is_taken_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.kloe");
    let day = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let mut store = Store::open(&path).unwrap().with_clock(Clock::Fixed(day));
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
    let wb = Workbook::new();
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
    assert!(Store::open(&wb.path).is_err(), "the damage is noticed");

    let mut store = Store::recover(&wb.path, Path::new(&backups[0].path)).unwrap();
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
