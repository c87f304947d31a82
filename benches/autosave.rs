//! Autosave and tracker speed on a large review.
//!
//! Builds a 2,000-question review with 3 partners in a workbook file, then
//! saves 10,000 response revisions one by one, as the editor's autosave
//! would. Interleaved with those saves, the same text is inserted and
//! committed into a bare SQLite table with the same pragmas: the floor no
//! store can beat. Then times `kloe status` on the review, as a user runs it.
//!
//! Run: `cargo bench --bench autosave` (figures go in BENCHMARKS.md).
//! With `KLOE_BENCH_DB=/tmp/big.kloe` the workbook is kept (the file must not exist).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kloe::Workbook;
use kloe::doc::{PartnerDraft, QuestionDraft, ResponseDraft, ReviewDraft, SectionDraft};
use kloe::model::{AssignmentId, Status};
use kloe::text::Paragraph;

const QUESTIONS: usize = 2_000;
const SAVES: usize = 10_000;
const STATUS_RUNS: usize = 50;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    // KLOE_BENCH_DB keeps the workbook for a closer look afterwards.
    let db = std::env::var_os("KLOE_BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("bench.kloe"));
    let floor_db = dir.path().join("floor.sqlite");

    let started = Instant::now();
    let mut store = Workbook::open(&db).unwrap();
    let review = store.create_review(&large_review(), "bench").unwrap();
    let assignments: Vec<AssignmentId> = store
        .load(review)
        .unwrap()
        .questions()
        .flat_map(|q| q.assignments.iter().map(|a| a.id))
        .collect();
    let build = started.elapsed();

    let floor = rusqlite::Connection::open(&floor_db).unwrap();
    floor
        .execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
             CREATE TABLE revisions (id INTEGER PRIMARY KEY, assignment_id INTEGER NOT NULL,
                                     body TEXT NOT NULL, author TEXT NOT NULL, saved_at TEXT NOT NULL);",
        )
        .unwrap();

    let mut ours = Vec::with_capacity(SAVES);
    let mut bare = Vec::with_capacity(SAVES);
    for i in 0..SAVES {
        let assignment = assignments[i % assignments.len()];
        let paragraphs = draft_text(i);

        let t = Instant::now();
        let saved = store
            .save_response(assignment, &paragraphs, "Officer")
            .unwrap();
        ours.push(t.elapsed());
        assert!(saved.changed);

        let body = serde_json::to_string(&paragraphs).unwrap();
        let t = Instant::now();
        floor.execute_batch("BEGIN IMMEDIATE").unwrap();
        floor
            .prepare_cached("INSERT INTO revisions (assignment_id, body, author, saved_at) VALUES (?1, ?2, ?3, ?4)")
            .unwrap()
            .execute(rusqlite::params![assignment.0, body, "Officer", "2026-11-26T10:00:00.000Z"])
            .unwrap();
        floor.execute_batch("COMMIT").unwrap();
        bare.push(t.elapsed());
    }

    let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let mut in_process = Vec::new();
    for _ in 0..STATUS_RUNS {
        let t = Instant::now();
        let tracker = store.tracker(review, today).unwrap();
        in_process.push(t.elapsed());
        assert_eq!(tracker.assignments as usize, assignments.len());
    }
    drop(store);
    checkpoint(&db);
    let size = std::fs::metadata(&db).unwrap().len();

    let mut cli = Vec::new();
    for _ in 0..STATUS_RUNS {
        let t = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_kloe"))
            .arg("--db")
            .arg(&db)
            .args(["status", &review.to_string(), "--today", "2026-03-01"])
            .output()
            .unwrap();
        cli.push(t.elapsed());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    let (o50, o99) = (percentile(&mut ours, 50.0), percentile(&mut ours, 99.0));
    let (f50, f99) = (percentile(&mut bare, 50.0), percentile(&mut bare, 99.0));
    println!(
        "Review: {QUESTIONS} questions, 3 partners, {} assignments (built in {})",
        assignments.len(),
        ms(build)
    );
    println!();
    println!("| measure | p50 | p99 |");
    println!("|---|---|---|");
    println!(
        "| save a response revision ({SAVES} saves) | {} | {} |",
        ms(o50),
        ms(o99)
    );
    println!(
        "| bare SQLite insert + commit, same text and pragmas | {} | {} |",
        ms(f50),
        ms(f99)
    );
    println!(
        "| `kloe status` on the review, whole process ({STATUS_RUNS} runs) | {} | {} |",
        ms(percentile(&mut cli, 50.0)),
        ms(percentile(&mut cli, 99.0))
    );
    println!(
        "| tracker query in process ({STATUS_RUNS} runs) | {} | {} |",
        ms(percentile(&mut in_process, 50.0)),
        ms(percentile(&mut in_process, 99.0))
    );
    println!();
    println!(
        "Save p99 / floor p99: {:.2}x. Workbook size after {SAVES} saves: {:.1} MB.",
        o99.as_secs_f64() / f99.as_secs_f64(),
        size as f64 / 1e6
    );
}

fn large_review() -> ReviewDraft {
    let partners = [
        ("Example District Council", "EDC"),
        ("Example Police", "Police"),
        ("Example PCC Office", "PCC"),
    ];
    let sections = (0..20)
        .map(|s| SectionDraft {
            title: format!("Section {}", s + 1),
            questions: (0..QUESTIONS / 20)
                .map(|q| {
                    let n = s * (QUESTIONS / 20) + q;
                    let owners: Vec<String> = match n % 10 {
                        0 => vec!["Police".into(), "PCC".into()],
                        1..=3 => vec!["Police".into()],
                        4 => vec!["PCC".into()],
                        _ => vec!["EDC".into()],
                    };
                    QuestionDraft {
                        text: format!(
                            "Question {} about community safety funding and partnership working?",
                            n + 1
                        ),
                        context: vec![Paragraph::plain(
                            "Members are aware that resources have changed.",
                        )],
                        responses: vec![ResponseDraft {
                            partners: owners,
                            label: None,
                            status: Status::NotStarted,
                            due: NaiveDate::from_ymd_opt(2026, 2, 20),
                            paragraphs: Vec::new(),
                        }],
                        ..QuestionDraft::default()
                    }
                })
                .collect(),
            ..SectionDraft::default()
        })
        .collect();
    ReviewDraft {
        title: "Benchmark review".into(),
        partners: partners
            .iter()
            .map(|(name, short)| PartnerDraft {
                name: name.to_string(),
                short_name: short.to_string(),
                ..PartnerDraft::default()
            })
            .collect(),
        sections,
        ..ReviewDraft::default()
    }
}

/// A realistic answer of about 120 words that differs on every save.
fn draft_text(i: usize) -> Vec<Paragraph> {
    vec![
        Paragraph::plain(format!(
            "Draft {i}: CSP funding is spent in line with the CSP priorities which link to the county wide \
             Risk and Threat Priorities and the PCC's priorities. The CSP is required to submit a spend \
             profile to the PCC prior to the new financial year for approval."
        )),
        Paragraph::plain(
            "Copies of the spend profiles are attached together with respective balance of spend. It is \
             not possible to provide a spend profile broken down by geographic area; the CSP Action Groups \
             and the Performance Management Group monitor all spend.",
        ),
    ]
}

fn checkpoint(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let rank = ((p / 100.0) * samples.len() as f64).ceil() as usize;
    samples[rank.clamp(1, samples.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}
