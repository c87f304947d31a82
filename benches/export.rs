//! Word export speed and memory, side by side with pandoc.
//!
//! For the 16-question sample and a 2,000-question review: our `.docx`
//! rendered in process; `kloe export` as a whole process with its peak
//! memory; pandoc making the same document from our Markdown export (its
//! own whole process and peak memory); and the floor, deflating the same
//! XML parts alone at the same compression level.
//!
//! Run: `cargo bench --bench export` (needs `pandoc` and GNU `time`; figures
//! go in BENCHMARKS.md).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/core/large.rs"]
mod large;
mod support;

use support::{ms, p50, timed_runs};

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use kloe::Workbook;
use kloe::formats::export::{ExportOptions, Format, render};
use kloe::model::ReviewId;

const RUNS: usize = 30;
const PROCESS_RUNS: usize = 10;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.kloe");
    let mut store = Workbook::open(&db).unwrap();
    let sample = store.create_sample().unwrap();
    let big = store
        .create_review(&large::large_review(2000), "bench")
        .unwrap();
    drop(store);

    println!("| review | measure | p50 | peak memory |");
    println!("|---|---|---|---|");
    for (name, id) in [("16 questions (sample)", sample), ("2,000 questions", big)] {
        measure(name, id, &db, dir.path());
    }
}

fn measure(name: &str, id: ReviewId, db: &Path, dir: &Path) {
    let mut store = Workbook::open(db).unwrap();
    let doc = store.load(id).unwrap();
    let opts = ExportOptions::new(Format::Docx);
    let now = chrono::Utc::now();

    let mut ours = Vec::new();
    let mut bytes = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        bytes = render(&doc, &opts, None, now).unwrap();
        ours.push(t.elapsed());
    }

    // The floor: the same XML, deflated alone at the zip writer's level.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let parts: Vec<Vec<u8>> = (0..zip.len())
        .map(|i| {
            let mut v = Vec::new();
            zip.by_index(i).unwrap().read_to_end(&mut v).unwrap();
            v
        })
        .collect();
    let xml_bytes: usize = parts.iter().map(Vec::len).sum();
    let mut floor = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        for p in &parts {
            let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(6));
            e.write_all(p).unwrap();
            std::hint::black_box(e.finish().unwrap());
        }
        floor.push(t.elapsed());
    }

    let out = dir.join("out.docx");
    let (cli, cli_kb) = timed_runs(PROCESS_RUNS, |_| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_kloe"));
        c.arg("--db")
            .arg(db)
            .args(["export", &id.to_string(), "-o"])
            .arg(&out);
        c
    });
    let md = dir.join("in.md");
    std::fs::write(
        &md,
        render(&doc, &ExportOptions::new(Format::Md), None, now).unwrap(),
    )
    .unwrap();
    let pandoc_out = dir.join("pandoc.docx");
    let (pandoc, pandoc_kb) = timed_runs(PROCESS_RUNS, |_| {
        let mut c = Command::new("pandoc");
        c.args(["-f", "markdown", "-t", "docx", "-o"])
            .arg(&pandoc_out)
            .arg(&md);
        c
    });

    let (o, f) = (p50(&mut ours), p50(&mut floor));
    println!("| {name} | our .docx, rendered in process | {} | |", ms(o));
    println!(
        "| {name} | deflating the same XML alone (the floor) | {} | |",
        ms(f)
    );
    println!(
        "| {name} | `kloe export`, whole process | {} | {:.1} MB |",
        ms(cli),
        cli_kb as f64 / 1024.0
    );
    println!(
        "| {name} | `pandoc -f markdown -t docx`, whole process | {} | {:.1} MB |",
        ms(pandoc),
        pandoc_kb as f64 / 1024.0
    );
    println!(
        "| {name} | ratios | in process {:.2}× the floor; pandoc takes {:.0}× as long as `kloe export` | ours {:.0} KB ({:.1} MB of XML), pandoc's {:.0} KB |",
        o.as_secs_f64() / f.as_secs_f64(),
        pandoc.as_secs_f64() / cli.as_secs_f64(),
        bytes.len() as f64 / 1024.0,
        xml_bytes as f64 / 1e6,
        std::fs::metadata(&pandoc_out).unwrap().len() as f64 / 1024.0,
    );
}
