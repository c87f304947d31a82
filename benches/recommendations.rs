//! The recommendation tracker on a large review.
//!
//! Builds the sample review with 500 recommendations (a third to one
//! partner, a third jointly to two, a third to each of three separately),
//! each response written and each recommendation given 10 progress
//! updates, then times reading them all, as `kloe recs --json` does: in
//! process (load and serialise) and as the whole command.
//!
//! Run: `cargo bench --bench recommendations` (figures go in BENCHMARKS.md).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Command;
use std::time::Instant;

use chrono::NaiveDate;
use kloe::Workbook;
use kloe::model::{Decision, ProgressStatus, Status};
use kloe::store::RecAnswer;
use kloe::text::Paragraph;
use kloe::workbook::recommendations::RecommendationInput;

const RECOMMENDATIONS: usize = 500;
const UPDATES: usize = 10;
const RUNS: usize = 30;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.kloe");
    let started = Instant::now();
    let mut store = Workbook::open(&db).unwrap();
    let (review, _) = store.ensure_sample().unwrap();
    let partners: Vec<_> = store
        .partners(review)
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    let statuses = [
        ProgressStatus::OnTrack,
        ProgressStatus::AtRisk,
        ProgressStatus::OffTrack,
        ProgressStatus::NotStarted,
        ProgressStatus::Paused,
    ];
    for i in 0..RECOMMENDATIONS {
        let owed = match i % 3 {
            0 => vec![vec![partners[i % partners.len()]]],
            1 => vec![vec![partners[0], partners[1]]],
            _ => partners.iter().map(|p| vec![*p]).collect(),
        };
        let rec = store
            .add_recommendation(
                review,
                &RecommendationInput {
                    text: vec![Paragraph::plain(format!(
                        "Recommendation {i}: the partnership should report on anti-social behaviour in each ward every quarter, with the figures for the year before beside them."
                    ))],
                    owed: owed.clone(),
                    ..RecommendationInput::default()
                },
            )
            .unwrap();
        for group in &owed {
            store
                .respond_to_recommendation(
                    rec.id,
                    group[0],
                    &RecAnswer {
                        decision: Some(Decision::Accepted),
                        text: Some(vec![Paragraph::plain(
                            "Accepted: the first report will come to the committee in July, and each quarter after.",
                        )]),
                        lead_officer: Some("Community Safety Manager".into()),
                        target: NaiveDate::from_ymd_opt(2019, 12, 31),
                    },
                    Some(Status::Submitted),
                    "bench",
                )
                .unwrap();
        }
        for u in 0..UPDATES {
            store
                .add_progress(
                    rec.id,
                    NaiveDate::from_ymd_opt(2019, 4, 1).unwrap()
                        + chrono::Duration::days(30 * u as i64),
                    statuses[(i + u) % statuses.len()],
                    "The report for the quarter was given to the partnership board.",
                    "bench",
                )
                .unwrap();
        }
    }
    let build = started.elapsed();

    let mut in_process = Vec::new();
    let mut bytes = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let recs = store.recommendations(review).unwrap();
        let json = serde_json::to_string(&recs).unwrap();
        in_process.push(t.elapsed());
        bytes = json.len();
    }
    drop(store);
    let (whole, peak) = support::timed_runs(10, |_| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kloe"));
        cmd.arg("--db")
            .arg(&db)
            .args(["recs", &review.to_string(), "--json"]);
        cmd
    });
    println!(
        "built in {:.1} s: {RECOMMENDATIONS} recommendations, {UPDATES} updates each",
        build.as_secs_f64()
    );
    println!();
    println!("| reading | p50 | peak memory |");
    println!("|---|---|---|");
    println!(
        "| in process: load and serialise ({} KB of JSON), {RUNS} runs | {} | |",
        bytes / 1024,
        support::ms(support::p50(&mut in_process))
    );
    println!(
        "| `kloe recs --json`, whole process, 10 runs | {} | {:.1} MB |",
        support::ms(whole),
        peak as f64 / 1024.0
    );
}
