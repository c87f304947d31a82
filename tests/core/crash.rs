//! Crash safety, proven by killing. A writer process does what an officer's
//! session does (autosaves, imports, partner merges, reorderings, status
//! changes), reporting each operation only once the store has returned from
//! it. It is killed with SIGKILL at a random moment, again and again; after
//! every kill the workbook must open, pass SQLite's integrity and foreign
//! key checks, hold every save the writer reported as done, and show no
//! half-done operation.
//!
//! `KLOE_KILL_CYCLES` sets how many kills (25 by default; 200 for the full
//! run, `scripts/kill-test.sh`). The writer is this test binary started
//! again, running `crash::writer` with `KLOE_CRASH_WRITER` set.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kloe::Workbook;
use kloe::formats::import::ImportOptions;
use kloe::formats::pack::ReturnedFile;
use kloe::model::{AssignmentId, QuestionId, Status};
use kloe::text::paragraphs_from_text;
use kloe::workbook::packs::merge::{Choice, Choices};

use crate::support::{Rng, fixture_path};

const WRITER: &str = "KLOE_CRASH_WRITER";
const IMPORTED_TITLE: &str = "Annual Scrutiny Review of Bolsover Community Safety Partnership";

/// The writer: runs until killed. Not a test of its own.
#[test]
#[ignore = "the writer process of killed_writers_lose_nothing, started by it"]
fn writer() {
    let (Ok(db), Ok(seed)) = (std::env::var(WRITER), std::env::var("KLOE_CRASH_SEED")) else {
        return;
    };
    let mut rng = Rng(seed.parse::<u64>().unwrap_or(1) | 1);
    let mut store = Workbook::open(&db).expect("the workbook opens");
    let (sample, _) = store.ensure_sample().expect("the sample");
    let police = store.find_partner(sample, "Police").expect("Police").id;
    let out = std::io::stdout();
    let report = |line: String| {
        let mut o = out.lock();
        writeln!(o, "KLOE {line}").expect("report");
        o.flush().expect("flush");
    };
    let author = "Crash Writer";
    for n in 0u64.. {
        let doc = store.load(sample).expect("the sample loads");
        let assignments: Vec<AssignmentId> = doc
            .questions()
            .flat_map(|q| q.assignments.iter().map(|a| a.id))
            .collect();
        let questions: Vec<QuestionId> = doc.questions().map(|q| q.id).collect();
        match rng.below(20) {
            // Autosaves, most of all.
            0..=11 => {
                let a = assignments[rng.below(assignments.len() as u64) as usize];
                let text = format!("Autosave {seed}-{n}: words typed before the crash.");
                store
                    .save_response(a, &paragraphs_from_text(&text), author)
                    .expect("saved");
                report(format!("saved {} {text}", a.0));
            }
            12 | 13 => {
                let q = questions[rng.below(questions.len() as u64) as usize];
                let to = 1 + rng.below(questions.len() as u64) as u32;
                store.move_question_to_number(q, to).expect("moved");
                report(format!("moved {} {to}", q.0));
            }
            14 => {
                let a = assignments[rng.below(assignments.len() as u64) as usize];
                let to = [Status::Drafting, Status::Approved, Status::NotRequired]
                    [rng.below(3) as usize];
                if store.set_status(a, to, author).is_ok() {
                    report(format!("status {} {to}", a.0));
                }
            }
            15 | 16 => {
                let (id, _) = store
                    .import(
                        &fixture_path("bolsover-csp-kloe-2019.txt"),
                        &ImportOptions::default(),
                        author,
                    )
                    .expect("imported");
                report(format!("imported {}", id.0));
            }
            _ => {
                // A partner's answer, merged: pack, partner copy, return, merge.
                let pack = store
                    .export_pack(sample, police, "Officer")
                    .expect("a pack");
                let copy = store.open_pack(&pack, author).expect("opened").review;
                let copy_doc = store.load(copy).expect("the copy loads");
                let a = copy_doc
                    .questions()
                    .flat_map(|q| q.assignments.iter())
                    .next()
                    .expect("a question")
                    .id;
                let text = format!("Merged {seed}-{n}: the partner's answer.");
                store
                    .respond(
                        a,
                        &paragraphs_from_text(&text),
                        Some(Status::Submitted),
                        author,
                    )
                    .expect("answered");
                let returned = store.return_pack(copy).expect("returned");
                let file = ReturnedFile::read(&returned.bytes).expect("a response");
                let plan = store.plan_merge(&file).expect("a plan");
                let choices = Choices::all(&plan, &Choice::Partner);
                match store.merge_response(&file, &choices, author) {
                    Ok(_) => report(format!("merged {} {text}", file.sha256)),
                    // Another session changed the answer between the plan
                    // and the merge, or merged a newer response: refused,
                    // as it must be, and nothing overwritten.
                    Err(e) if e.code() == "conflict" || e.code() == "older_return" => {
                        report("refused a merge that another session overtook".into())
                    }
                    Err(e) => panic!("merge: {e}"),
                }
            }
        }
    }
}

/// What the writers reported as done, over every cycle.
#[derive(Default)]
struct Reported {
    saves: Vec<(i64, String)>,
    imports: Vec<i64>,
    merges: Vec<(String, String)>,
    other: usize,
}

impl Reported {
    fn take(&mut self, line: &str) {
        let Some(rest) = line.strip_prefix("KLOE ") else {
            return;
        };
        let mut words = rest.splitn(3, ' ');
        match (words.next(), words.next(), words.next()) {
            (Some("saved"), Some(a), Some(text)) => self
                .saves
                .push((a.parse().expect("an id"), text.to_string())),
            (Some("imported"), Some(id), _) => self.imports.push(id.parse().expect("an id")),
            (Some("merged"), Some(sha), Some(text)) => {
                self.merges.push((sha.to_string(), text.to_string()))
            }
            _ => self.other += 1,
        }
    }
}

fn check_workbook(db: &Path, reported: &Reported, cycle: usize) {
    let conn = rusqlite::Connection::open(db).expect("the workbook opens after the kill");
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check");
    assert_eq!(integrity, "ok", "cycle {cycle}: integrity");
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("foreign key check");
    assert_eq!(broken, 0, "cycle {cycle}: foreign keys");

    // Every save reported as done is in the history.
    let mut stmt = conn
        .prepare("SELECT count(*) FROM revisions WHERE assignment_id = ?1 AND body LIKE ?2")
        .unwrap();
    for (a, text) in &reported.saves {
        let n: i64 = stmt
            .query_row(rusqlite::params![a, format!("%{text}%")], |r| r.get(0))
            .unwrap();
        assert!(n >= 1, "cycle {cycle}: the reported save {text:?} is lost");
    }
    // Every reported merge is recorded, with the partner's words.
    for (sha, text) in &reported.merges {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM pack_merges WHERE file_sha256 = ?1",
                [sha],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "cycle {cycle}: the reported merge {sha} is lost");
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM revisions r JOIN revision_merges m ON m.revision_id = r.id
                  WHERE r.body LIKE ?1",
                [format!("%{text}%")],
                |r| r.get(0),
            )
            .unwrap();
        assert!(n >= 1, "cycle {cycle}: the merged words {text:?} are lost");
    }
    // Every reported import is whole; and so is every import there is,
    // reported or not: an import is all there or not at all.
    let imports: Vec<(i64, i64, i64)> = conn
        .prepare(
            "SELECT r.id,
                    (SELECT count(*) FROM questions q JOIN sections s ON s.id = q.section_id WHERE s.review_id = r.id),
                    (SELECT count(*) FROM assignments a JOIN questions q ON q.id = a.question_id
                       JOIN sections s ON s.id = q.section_id WHERE s.review_id = r.id)
               FROM reviews r
              WHERE r.title LIKE ?1 AND r.is_sample = 0
                AND r.id NOT IN (SELECT review_id FROM pack_copies)",
        )
        .unwrap()
        .query_map([format!("{IMPORTED_TITLE}%")], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for id in &reported.imports {
        assert!(
            imports.iter().any(|(r, _, _)| r == id),
            "cycle {cycle}: the reported import {id} is lost"
        );
    }
    for (id, questions, assignments) in &imports {
        assert_eq!(
            (*questions, *assignments),
            (16, 18),
            "cycle {cycle}: import {id} is half there"
        );
    }
    // Questions keep one place each: a reorder is whole or not at all.
    let clashes: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT section_id, position FROM questions
              GROUP BY section_id, position HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(clashes, 0, "cycle {cycle}: two questions share a place");
}

/// Starts a writer on `db`; its reports go into `lines`.
fn start_writer(
    db: &Path,
    seed: usize,
    lines: &Arc<Mutex<Vec<String>>>,
) -> (std::process::Child, std::thread::JoinHandle<()>) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "crash::writer",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(WRITER, db)
        .env("KLOE_CRASH_SEED", seed.to_string())
        .stdout(Stdio::piped())
        .stderr(if std::env::var_os("KLOE_CRASH_DEBUG").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        })
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let lines = lines.clone();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            lines.lock().unwrap().push(line);
        }
    });
    (child, reader)
}

/// Two sessions on one workbook at once (two windows, or the app and the
/// command line): each waits its turn to write, nothing is lost, and the
/// workbook stays whole, even when both are killed mid-work.
#[test]
fn two_writers_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("workbook.kloe");
    Workbook::open(&db).unwrap().ensure_sample().unwrap();
    let mut reported = Reported::default();
    for round in 0..3 {
        let lines = Arc::new(Mutex::new(Vec::new()));
        let writers: Vec<_> = (0..2)
            .map(|w| start_writer(&db, 1000 + round * 2 + w, &lines))
            .collect();
        std::thread::sleep(Duration::from_millis(1500));
        let mut stopped = Vec::new();
        for (mut child, reader) in writers {
            // Still writing: neither gave up on a busy workbook. Both are
            // stopped before anything is asserted, so a failure never
            // leaves a writer running on a folder being removed.
            if let Some(status) = child.try_wait().unwrap() {
                stopped.push(status);
            }
            let _ = child.kill();
            child.wait().unwrap();
            reader.join().unwrap();
        }
        assert!(
            stopped.is_empty(),
            "a writer stopped ({stopped:?}); KLOE_CRASH_DEBUG=1 shows why"
        );
        let lines = lines.lock().unwrap();
        for line in lines.iter() {
            reported.take(line);
        }
        check_workbook(&db, &reported, round);
    }
    assert!(reported.saves.len() > 10, "both writers wrote");
}

/// A command that cannot get its turn says so plainly and changes nothing.
#[test]
fn a_busy_workbook_is_a_clear_message_and_nothing_changes() {
    let wb = crate::support::WorkbookFile::new();
    let id = wb.sample();
    let before = wb.dump();
    let holder = rusqlite::Connection::open(&wb.path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = wb.refused_with(
        &["respond", &id, "1", "BDC", "--text", "Waiting for my turn."],
        "in_use",
    );
    assert!(
        err.contains("Try again in a moment"),
        "it says what to do: {err}"
    );
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(wb.dump(), before, "nothing changed");
    wb.ok(&["respond", &id, "1", "BDC", "--text", "Waiting for my turn."]);
}

#[test]
fn killed_writers_lose_nothing() {
    let cycles: usize = std::env::var("KLOE_KILL_CYCLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(25);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("workbook.kloe");
    let mut reported = Reported::default();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let started = Instant::now();
    for cycle in 0..cycles {
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (mut child, reader) = start_writer(&db, cycle + 1, &lines);
        // Let it start (the first time it also makes the sample), then kill
        // it somewhere in its work.
        let wait = Duration::from_millis(if cycle == 0 { 1500 } else { 150 } + rng.below(600));
        std::thread::sleep(wait);
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        for line in lines.lock().unwrap().iter() {
            reported.take(line);
        }
        check_workbook(&db, &reported, cycle);
    }
    assert!(
        !reported.saves.is_empty(),
        "the writers were killed before reporting any save"
    );
    println!(
        "kill harness: {cycles} SIGKILL cycles survived in {:.0} s; checked {} saves, {} imports, {} merges, {} moves and status changes; integrity ok after every kill",
        started.elapsed().as_secs_f64(),
        reported.saves.len(),
        reported.imports.len(),
        reported.merges.len(),
        reported.other,
    );
}
