//! Import speed and memory on a 2,000-question document, as Word (our own
//! export of the review) and as plain text.
//!
//! Run: `cargo bench --bench import` (needs GNU time; figures go in
//! BENCHMARKS.md).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/core/large.rs"]
mod large;
mod support;

use support::{ms, p50, timed_runs};

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use kloe::Store;
use kloe::doc::ReviewDoc;
use kloe::export::{ExportOptions, Format, render};

const RUNS: usize = 20;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("bench.kloe")).unwrap();
    // KLOE_BENCH_DIR keeps the documents there for a closer look.
    let keep = std::env::var_os("KLOE_BENCH_DIR").map(std::path::PathBuf::from);
    let id = store
        .create_review(&large::large_review(2000), "bench")
        .unwrap();
    let doc = store.load(id).unwrap();
    let docx = dir.path().join("review.docx");
    std::fs::write(
        &docx,
        render(
            &doc,
            &ExportOptions::new(Format::Docx),
            None,
            chrono::Utc::now(),
        )
        .unwrap(),
    )
    .unwrap();
    let txt = dir.path().join("review.txt");
    std::fs::write(&txt, as_text(&doc)).unwrap();
    if let Some(keep) = &keep {
        std::fs::copy(&docx, keep.join("review.docx")).unwrap();
        std::fs::copy(&txt, keep.join("review.txt")).unwrap();
    }

    println!(
        "| document | size | read in process (p50) | `kloe import`, whole process (p50) | peak memory |"
    );
    println!("|---|---|---|---|---|");
    for (name, path) in [
        ("2,000 questions, .docx", &docx),
        ("2,000 questions, .txt", &txt),
    ] {
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let t = Instant::now();
            let reading = kloe::import::read_file(path, &[], false).unwrap();
            times.push(t.elapsed());
            assert_eq!(
                (reading.draft.sections.len(), reading.questions()),
                (20, 2000)
            );
        }
        let (whole, peak_kb) = process(dir.path(), path);
        println!(
            "| {name} | {:.0} KB | {} | {} | {:.1} MB |",
            std::fs::metadata(path).unwrap().len() as f64 / 1024.0,
            ms(p50(&mut times)),
            ms(whole),
            peak_kb as f64 / 1024.0
        );
    }
}

/// The review as a plain-text committee document.
fn as_text(doc: &ReviewDoc) -> String {
    let mut s = format!("{}\n\n10 March 2026\n\n", doc.title);
    for p in &doc.intro {
        writeln!(s, "{}\n", p.plain_text()).unwrap();
    }
    for section in &doc.sections {
        writeln!(s, "{}\n", section.title).unwrap();
        for q in &section.questions {
            for c in &q.context {
                writeln!(s, "{}\n", c.plain_text()).unwrap();
            }
            writeln!(s, "{}. {}\n", q.number, q.text).unwrap();
            for a in &q.assignments {
                let mut paragraphs = a.response.iter().map(|p| match p.kind {
                    kloe::text::ParagraphKind::Bullet => format!("• {}", p.plain_text()),
                    kloe::text::ParagraphKind::Normal => p.plain_text(),
                });
                writeln!(s, "{} {}\n", a.label, paragraphs.next().unwrap_or_default()).unwrap();
                for p in paragraphs {
                    writeln!(s, "{p}\n").unwrap();
                }
            }
        }
    }
    s
}

/// `kloe import` into a fresh workbook, 10 times: median time and the
/// largest peak memory (KB).
fn process(dir: &Path, file: &Path) -> (Duration, u64) {
    timed_runs(10, |i| {
        let db = dir.join(format!(
            "import-{i}-{}.kloe",
            file.extension().unwrap().to_string_lossy()
        ));
        let mut c = Command::new(env!("CARGO_BIN_EXE_kloe"));
        c.arg("--db").arg(db).arg("import").arg(file);
        c
    })
}
