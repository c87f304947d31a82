//! The store: migrations, refusal of files it must not touch, one
//! transaction per operation, and two processes at once.

use std::collections::HashSet;

use kloe::Workbook;
use kloe::store::{APPLICATION_ID, LATEST_VERSION, MIGRATIONS};

use crate::support::{WorkbookFile, kloe_cmd, last_word};

/// Checksums of the shipped migrations. A shipped migration is never
/// edited: change the schema by appending a new one (and a line here).
const SHIPPED: &[(&str, &str)] = &[
    (
        "0001_initial",
        "8dcd09b27bfc5c4eae45f674e8d3726410c669da9d9e5d372e1753e8a4b5726c",
    ),
    (
        "0002_review_subtitle",
        "c509e8da7008fb88faec8cce0c131ea1857dc98e290eed19ea34ebebcba6dc26",
    ),
];

#[test]
fn migrations_are_append_only() {
    assert!(
        MIGRATIONS.len() >= SHIPPED.len(),
        "a shipped migration was removed"
    );
    for (m, (name, sum)) in MIGRATIONS.iter().zip(SHIPPED) {
        assert_eq!(m.name, *name, "migrations keep their order");
        assert_eq!(
            m.checksum(),
            *sum,
            "migration {name} was edited after release"
        );
    }
}

#[test]
fn migrations_build_a_sound_schema() {
    let s = Workbook::open_in_memory().unwrap();
    let conn = s.connection();
    assert_eq!(s.schema_version().unwrap(), LATEST_VERSION);
    let app: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app, APPLICATION_ID);
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let ok: String = conn
        .pragma_query_value(None, "integrity_check", |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let problems: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(problems, 0);
    let recorded: Vec<(i64, String)> = conn
        .prepare("SELECT version, checksum FROM kloe_migrations ORDER BY version")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let expected: Vec<(i64, String)> = MIGRATIONS
        .iter()
        .enumerate()
        .map(|(i, m)| (i as i64 + 1, m.checksum()))
        .collect();
    assert_eq!(recorded, expected);
    // Every foreign key points at a table that exists.
    let tables: HashSet<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in &tables {
        let targets: Vec<String> = conn
            .prepare(&format!(
                "SELECT \"table\" FROM pragma_foreign_key_list('{t}')"
            ))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for target in targets {
            assert!(
                tables.contains(&target),
                "{t} refers to missing table {target}"
            );
        }
    }
}

#[test]
fn a_workbook_from_an_older_version_is_upgraded_in_place() {
    let wb = WorkbookFile::new();
    // A workbook as the first version left it: format 1, one review.
    {
        let conn = rusqlite::Connection::open(&wb.path).unwrap();
        conn.execute_batch(MIGRATIONS[0].sql).unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE kloe_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
                                           checksum TEXT NOT NULL, applied_at TEXT NOT NULL);
             INSERT INTO kloe_migrations VALUES (1, '0001_initial', '{}', '2026-01-01T00:00:00.000Z');
             INSERT INTO reviews (uid, title, created_at, updated_at)
             VALUES ('u1', 'Review 2025/26', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
             PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 1;",
            MIGRATIONS[0].checksum()
        ))
        .unwrap();
    }
    let mut s = wb.store();
    assert_eq!(s.schema_version().unwrap(), LATEST_VERSION);
    let review = s.review(kloe::model::ReviewId(1)).unwrap();
    assert_eq!(review.title, "Review 2025/26");
    assert_eq!(review.subtitle, None);
}

#[test]
fn a_file_workbook_uses_wal_and_full_sync() {
    let wb = WorkbookFile::new();
    let s = wb.store();
    let conn = s.connection();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "FULL");
}

#[test]
fn an_edited_migration_is_noticed() {
    let wb = WorkbookFile::new();
    drop(wb.store());
    {
        let conn = rusqlite::Connection::open(&wb.path).unwrap();
        conn.execute(
            "UPDATE kloe_migrations SET checksum = 'edited' WHERE version = 1",
            [],
        )
        .unwrap();
    }
    let err = Workbook::open(&wb.path).err().expect("refused");
    assert_eq!(err.code(), "migration_changed");
}

#[test]
fn a_newer_workbook_is_refused_and_left_untouched() {
    let wb = WorkbookFile::new();
    wb.sample();
    {
        let conn = rusqlite::Connection::open(&wb.path).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let bytes = std::fs::read(&wb.path).unwrap();

    let err = Workbook::open(&wb.path).err().expect("refused");
    assert_eq!(err.code(), "newer_database");
    let line = wb.fails(&["reviews"]);
    assert!(line.contains("newer version of KLOE Workbook"), "{line}");
    assert!(line.contains("has not been changed"), "{line}");
    assert_eq!(wb.fails(&["sample"]), line);

    assert_eq!(
        std::fs::read(&wb.path).unwrap(),
        bytes,
        "not a byte changed"
    );
    let wal = wb.path.with_extension("kloe-wal");
    assert!(!wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0);
}

#[test]
fn files_that_are_not_workbooks_are_refused_and_left_untouched() {
    let wb = WorkbookFile::new();
    let text = wb.dir().join("notes.txt");
    std::fs::write(&text, "Key Lines of Enquiry\n").unwrap();
    let err = Workbook::open(&text).err().expect("refused");
    assert_eq!(err.code(), "not_a_workbook");
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        "Key Lines of Enquiry\n"
    );

    let other = wb.dir().join("other.sqlite");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    let err = Workbook::open(&other).err().expect("refused");
    assert_eq!(err.code(), "not_a_workbook");
    assert_eq!(std::fs::read(&other).unwrap(), before);
}

#[test]
fn a_failing_command_changes_nothing() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let before = wb.dump();
    let failing: &[(&[&str], &str)] = &[
        (
            &[
                "respond",
                &id,
                "1",
                "BDC",
                "--text",
                "Changed",
                "--status",
                "not_started",
            ],
            "invalid_transition",
        ),
        (
            &["set-status", &id, "3", "BDC", "submitted"],
            "invalid_transition",
        ),
        (&["assign", &id, "1", "Police", "BDC"], "already_assigned"),
        (&["assign", &id, "17", "BDC"], "not_found"),
        (
            &["respond", &id, "1", "Fire Service", "--text", "x"],
            "not_found",
        ),
        (&["section", "delete", &id, "1"], "still_used"),
        (&["partner", "remove", &id, "BDC"], "still_used"),
        (
            &["partner", "add", &id, "Bolsover", "--short", "bdc"],
            "name_taken",
        ),
        (
            &[
                "partner",
                "edit",
                &id,
                "Police",
                "--email",
                "not-an-address",
            ],
            "bad_value",
        ),
        (
            &["question", "move", &id, "2", "--to", "40"],
            "out_of_range",
        ),
        (&["unassign", &id, "1", "BDC"], "would_discard"),
        (&["edit", &id, "--title", " "], "required"),
        (&["show", "99"], "not_found"),
        (&["next-year", "99"], "not_found"),
    ];
    for (args, code) in failing {
        let message = wb.refused_with(args, code);
        assert_eq!(wb.fails(args), format!("kloe: {message}"));
    }
    assert_eq!(wb.dump(), before);
}

#[test]
fn two_processes_writing_at_once_lose_nothing() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    const WRITERS: usize = 4;
    const SAVES: usize = 15;
    // Each writer saves to its own question, and all of them to question 16.
    let children: Vec<_> = (0..WRITERS)
        .map(|w| {
            let script: String = (0..SAVES)
                .map(|i| {
                    format!(
                        "'{bin}' --db '{db}' respond {id} {q} BDC --text 'Writer {w} save {i}' >/dev/null || exit 1\n\
                         '{bin}' --db '{db}' respond {id} 16 BDC --text 'Shared {w}.{i}' >/dev/null || exit 1\n",
                        bin = env!("CARGO_BIN_EXE_kloe"),
                        db = wb.path.display(),
                        q = w + 1,
                    )
                })
                .collect();
            std::process::Command::new("sh")
                .arg("-c")
                .arg(script)
                .env("KLOE_AUTHOR", format!("writer {w}"))
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success(), "every save was acknowledged");
    }

    let s = wb.store();
    let conn = s.connection();
    let ok: String = conn
        .pragma_query_value(None, "integrity_check", |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    // 18 sample answers + every acknowledged save.
    assert_eq!(
        count("SELECT count(*) FROM revisions"),
        18 + (WRITERS * SAVES * 2) as i64
    );
    for w in 0..WRITERS {
        let last: String = conn
            .query_row(
                "SELECT body FROM revisions WHERE author = ?1 AND body LIKE '%Writer%' ORDER BY id DESC LIMIT 1",
                [format!("writer {w}")],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(last, format!("[\"Writer {w} save {}\"]", SAVES - 1));
    }
}

#[test]
fn kloe_db_chooses_the_workbook() {
    let wb = WorkbookFile::new();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kloe"))
        .arg("sample")
        .env("KLOE_DB", &wb.path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let id = last_word(&String::from_utf8(out.stdout).unwrap());
    let listed =
        String::from_utf8(kloe_cmd(&wb.path).arg("reviews").output().unwrap().stdout).unwrap();
    assert!(listed.lines().nth(1).unwrap().starts_with(&id), "{listed}");
}
