//! Reads each PDF given with both candidate readers and with poppler's
//! `pdftotext` (the reference), and prints a Markdown table: time (best of
//! five, in process), and how many of the reference's words each reader
//! found in the same order (the longest common subsequence of words, as a
//! share of the reference's).

use std::process::Command;
use std::time::{Duration, Instant};

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Length of the longest common subsequence, in words.
fn lcs(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut prev = 0;
        for (j, y) in b.iter().enumerate() {
            let keep = row[j + 1];
            row[j + 1] = if x == y { prev + 1 } else { row[j + 1].max(row[j]) };
            prev = keep;
        }
    }
    row[b.len()]
}

fn best_of(f: &dyn Fn() -> String) -> (Duration, String) {
    let mut best = Duration::MAX;
    let mut text = String::new();
    for _ in 0..5 {
        let t = Instant::now();
        text = f();
        best = best.min(t.elapsed());
    }
    (best, text)
}

fn oxide(bytes: &[u8]) -> String {
    match pdf_oxide::PdfDocument::from_bytes(bytes.to_vec()) {
        Ok(doc) => {
            let pages = doc.page_count().unwrap_or(0);
            (0..pages)
                .map(|p| doc.extract_text(p).unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n")
        }
        Err(e) => format!("(error: {e})"),
    }
}

fn extract(bytes: &[u8]) -> String {
    match std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes)) {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => format!("(error: {e})"),
        Err(_) => "(panicked)".into(),
    }
}

fn main() {
    println!("| PDF | pages | reader | time (best of 5) | reference words found in order |");
    println!("|---|---|---|---|---|");
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("the PDF reads");
        let reference = String::from_utf8_lossy(
            &Command::new("pdftotext")
                .args([&path, "-"])
                .output()
                .expect("pdftotext runs")
                .stdout,
        )
        .into_owned();
        let want = words(&reference);
        let pages = pdf_oxide::PdfDocument::from_bytes(bytes.clone())
            .and_then(|d| d.page_count())
            .unwrap_or(0);
        let name = std::path::Path::new(&path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let readers: [(&str, &dyn Fn() -> String); 2] = [
            ("pdf_oxide 0.3.78", &|| oxide(&bytes)),
            ("pdf-extract 0.12.1", &|| extract(&bytes)),
        ];
        for (reader, f) in readers {
            let (time, text) = best_of(f);
            let got = words(&text);
            let found = lcs(&want, &got);
            println!(
                "| {name} | {pages} | {reader} | {:.1} ms | {:.1}% ({found} of {}) |",
                time.as_secs_f64() * 1000.0,
                100.0 * found as f64 / want.len().max(1) as f64,
                want.len()
            );
        }
    }
}
