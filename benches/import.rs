//! Import speed and memory on a 2,000-question document, as Word (our own
//! export of the review) and as plain text; and how reading grows with the
//! number of labels and joint partners.
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

use kloe::Workbook;
use kloe::doc::ReviewDoc;
use kloe::formats::export::{ExportOptions, Format, render};

const RUNS: usize = 20;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Workbook::open(dir.path().join("bench.kloe")).unwrap();
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
            let reading = kloe::formats::import::read_file(path, &[], &Default::default()).unwrap();
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
    growth();
}

/// Growth: documents with 2,000 and 16,000 distinct response labels (so
/// 2,000 and 16,000 partners), read and checked as `kloe import --dry-run`
/// does, and packs naming 1,000 and 8,000 joint partners opened in partner
/// mode. Near-linear readers take about 8× as long for 8× as much.
fn growth() {
    println!();
    println!("| input | small | large (8×) | ratio |");
    println!("|---|---|---|---|");
    let dry_run = |n: usize| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("labels.txt");
        let mut text = String::from("Review\n\nSection\n\n");
        for i in 1..=n {
            writeln!(text, "{i}. Question {i}?\nOrg{i} Response\nAnswer {i}.").unwrap();
        }
        std::fs::write(&path, text).unwrap();
        best_of(5, || {
            let mut store = Workbook::open_in_memory().unwrap();
            let t = Instant::now();
            let reading = store
                .import_preview(&path, &kloe::formats::import::ImportOptions::default())
                .unwrap();
            assert_eq!(reading.draft.partners.len(), n);
            t.elapsed()
        })
    };
    row(
        "`import --dry-run`, distinct labels (2,000 / 16,000)",
        dry_run(2000),
        dry_run(16000),
    );
    let pack_open = |n: usize| {
        let bytes = joint_pack(n);
        best_of(5, || {
            let mut store = Workbook::open_in_memory().unwrap();
            let t = Instant::now();
            store.open_pack(&bytes, "bench").unwrap();
            t.elapsed()
        })
    };
    row(
        "`pack open`, joint partners (1,000 / 8,000)",
        pack_open(1000),
        pack_open(8000),
    );
}

fn row(name: &str, small: Duration, large: Duration) {
    println!(
        "| {name} | {} | {} | {:.1}× |",
        ms(small),
        ms(large),
        large.as_secs_f64() / small.as_secs_f64()
    );
}

fn best_of(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    (0..runs).map(|_| f()).min().unwrap()
}

/// A pack of one question answered jointly with `n` other partners.
fn joint_pack(n: usize) -> Vec<u8> {
    use std::io::Write as _;
    let content = serde_json::json!({
        "review_uid": "bench", "issued_at": "2026-01-01T00:00:00Z", "title": "Bench",
        "committee": null, "meeting_date": null,
        "partner": {"id": "1", "name": "Derbyshire Police", "short_name": "Police"},
        "questions": [{
            "assignment": "1", "number": 1, "section": "Section", "text": "Question?",
            "context": [], "notes": [], "label": "Joint Response",
            "joint_with": (0..n).map(|i| format!("Partner {i}")).collect::<Vec<_>>(),
            "due": null, "status": "not_started", "response": [], "base_revision": null
        }],
        "pack_id": "00112233445566778899aabbccddeeff", "key": "00".repeat(32)
    });
    let content = serde_json::to_vec(&content).unwrap();
    let manifest = serde_json::json!({
        "format": "kloe-pack", "version": kloe::formats::pack::PACK_VERSION, "kind": "pack",
        "review_uid": "bench", "review_title": "Bench", "partner": "1",
        "partner_name": "Derbyshire Police", "issued_at": "2026-01-01T00:00:00Z",
        "content_sha256": kloe::formats::pack::sha256_hex(&content),
        "pack_id": "00112233445566778899aabbccddeeff"
    });
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in [
        ("manifest.json", serde_json::to_vec(&manifest).unwrap()),
        ("content.json", content),
    ] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(&data).unwrap();
    }
    zip.finish().unwrap().into_inner()
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
