//! Hostile files, fuzzed on stable Rust: a mutation fuzzer seeded with the
//! fixtures (and the packs, response files and Word forms the app itself
//! writes) feeds the text importer, the Word importer and the partner-pack
//! readers. No input may panic, hang or run away with memory: every one
//! must end in a reading or a clear error.
//!
//! Each target runs for `KLOE_FUZZ_SECONDS` (6 by default; the full run,
//! `scripts/fuzz.sh`, gives each 600), split between its zip-level and
//! its inner-part fuzzing. Mutations reach below the zip: the
//! XML inside a Word file, and the JSON inside a pack with its checksum
//! made good again, so the deep parsers are exercised, not only the
//! outer checks. A finding is saved under `target/fuzz-findings/` and
//! fails the test; each fixed one is kept under `tests/fixtures/fuzz/
//! <target>/` and run first, every time.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kloe::formats::import::{ImportOptions, read_bytes};
use kloe::formats::pack::{read_pack, read_response, sha256_hex};

use crate::support::{Rng, WorkbookFile, fixture_path, police_response, zip_entries, zip_of};

/// Longest any one input may take.
const HANG: Duration = Duration::from_secs(10);

/// A number below `n`, as an index.
fn pick(rng: &mut Rng, n: usize) -> usize {
    rng.below(n as u64) as usize
}

const TEXT_TOKENS: &[&str] = &[
    "1. ",
    "12) ",
    "Q3 ",
    "Question 4",
    "BDC Response",
    "Derbyshire Police Response",
    "Derbyshire PCC Office/ Derbyshire Police Response",
    "Appendix 7.2",
    "\n",
    "\r\n",
    "\t",
    "Members are aware",
    "Note:",
    "- ",
    "• ",
    "**",
    "*",
    "\u{feff}",
    "\u{202e}",
    "\u{0}",
    "9999999999",
    "Date of meeting: 18 March 2019",
    "# ",
    "## ",
];

const XML_TOKENS: &[&str] = &[
    "<w:p>",
    "</w:p>",
    "<w:r>",
    "</w:r>",
    "<w:t>",
    "</w:t>",
    "<w:t xml:space=\"preserve\">",
    "<w:tbl><w:tr><w:tc>",
    "</w:tc></w:tr></w:tbl>",
    "<w:sdt><w:sdtPr><w:tag w:val=\"kloe:answer:1:0:1\"/></w:sdtPr><w:sdtContent>",
    "</w:sdtContent></w:sdt>",
    "<w:numPr><w:ilvl w:val=\"8\"/><w:numId w:val=\"1\"/></w:numPr>",
    "<w:pStyle w:val=\"Heading1\"/>",
    "<w:vanish/>",
    "<w:fldChar w:fldCharType=\"begin\"/>",
    "<w:fldChar w:fldCharType=\"separate\"/>",
    "<w:fldChar w:fldCharType=\"end\"/>",
    "<w:del>",
    "</w:del>",
    "<w:br/>",
    "<w:tab/>",
    "&amp;",
    "&#0;",
    "&#x10FFFF;",
    "&unknown;",
    "<!DOCTYPE x>",
    "<![CDATA[",
    "]]>",
    "<?xml version=\"1.0\"?>",
    "w:val=\"-1\"",
    "w:val=\"4294967296\"",
];

const JSON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "true",
    "-1",
    "1e308",
    "18446744073709551616",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"2026-13-45T99:00:00Z\"",
    "\"9999-12-31\"",
    "[[[[[[[[",
];

/// One mutation of `data`, drawing on `tokens` and the other seeds.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>, tokens: &[&str], seeds: &[Vec<u8>]) {
    let at = |rng: &mut Rng, data: &Vec<u8>| pick(rng, data.len() + 1);
    match pick(rng, 9) {
        0 if !data.is_empty() => {
            let i = pick(rng, data.len());
            data[i] ^= 1 << pick(rng, 8);
        }
        1 if !data.is_empty() => {
            let i = pick(rng, data.len());
            data[i] = [0, 0xFF, b'<', b'>', b'"', b'&', b'0', b'9', b'\n', 0x80][pick(rng, 10)];
        }
        2 => {
            let i = at(rng, data);
            let token = tokens[pick(rng, tokens.len())].as_bytes();
            data.splice(i..i, token.iter().copied());
        }
        3 if !data.is_empty() => {
            let i = pick(rng, data.len());
            let n = 1 + pick(rng, (data.len() - i).min(256));
            data.drain(i..i + n);
        }
        4 if !data.is_empty() => {
            let i = pick(rng, data.len());
            let n = 1 + pick(rng, (data.len() - i).min(512));
            let chunk: Vec<u8> = data[i..i + n].to_vec();
            let j = at(rng, data);
            for _ in 0..1 + pick(rng, 4) {
                data.splice(j..j, chunk.iter().copied());
            }
        }
        5 if !data.is_empty() => {
            let n = pick(rng, data.len());
            data.truncate(n);
        }
        6 => {
            let other = &seeds[pick(rng, seeds.len())];
            if !other.is_empty() {
                let i = pick(rng, other.len());
                let n = 1 + pick(rng, (other.len() - i).min(1024));
                let j = at(rng, data);
                data.splice(j..j, other[i..i + n].iter().copied());
            }
        }
        7 => {
            let i = at(rng, data);
            let n = 1 + pick(rng, 16);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            data.splice(i..i, bytes);
        }
        _ => {
            // Several at once.
            for _ in 0..2 + pick(rng, 6) {
                mutate(rng, data, tokens, seeds);
            }
        }
    }
}

/// Runs `target` on mutated seeds for its share of the target's time
/// (`KLOE_FUZZ_SECONDS` split over `shares` runs), failing on any panic or
/// hang. Returns how many inputs it ran.
fn fuzz(
    name: &str,
    shares: u64,
    seeds: Vec<Vec<u8>>,
    tokens: &[&str],
    target: impl Fn(&[u8]),
) -> u64 {
    let seconds: u64 = std::env::var("KLOE_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(6);
    let budget = Duration::from_secs(seconds) / shares.max(1) as u32;
    let mut rng = Rng((0x5EED_0000 ^ name.len() as u64 ^ (seconds << 20)) | 1);
    let started = Instant::now();
    let mut execs = 0u64;
    let mut slowest = Duration::ZERO;
    let mut findings = Vec::new();
    // The seeds as they are first, and every input that was once a finding
    // (kept under tests/fixtures/fuzz/<target>/ once fixed).
    let mut queue: Vec<Vec<u8>> = seeds.clone();
    if let Ok(kept) = std::fs::read_dir(fixture_path(&format!("fuzz/{name}"))) {
        for entry in kept.flatten() {
            queue.push(std::fs::read(entry.path()).unwrap());
        }
    }
    while started.elapsed() < budget || !queue.is_empty() {
        let input = match queue.pop() {
            Some(seed) => seed,
            None => {
                let mut data = seeds[pick(&mut rng, seeds.len())].clone();
                for _ in 0..1 + pick(&mut rng, 4) {
                    mutate(&mut rng, &mut data, tokens, &seeds);
                }
                data
            }
        };
        let t = Instant::now();
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| target(&input)));
        let took = t.elapsed();
        slowest = slowest.max(took);
        execs += 1;
        if outcome.is_err() || took > HANG {
            let why = if outcome.is_err() { "panic" } else { "hang" };
            findings.push(save_finding(name, why, &input));
        }
    }
    println!(
        "fuzz {name}: {execs} inputs in {:.0} s, slowest {:.0} ms, peak memory {} MB, {} findings",
        started.elapsed().as_secs_f64(),
        slowest.as_secs_f64() * 1000.0,
        peak_memory_mb(),
        findings.len()
    );
    assert!(findings.is_empty(), "fuzz {name} found: {findings:?}");
    execs
}

fn save_finding(name: &str, why: &str, input: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-findings");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}-{why}-{}.bin", &sha256_hex(input)[..12]));
    std::fs::write(&file, input).unwrap();
    file
}

/// The process's peak resident memory, from Linux's own accounting.
fn peak_memory_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

fn fixtures(ext: &str) -> Vec<Vec<u8>> {
    let mut found = Vec::new();
    for dir in [fixture_path("import"), fixture_path("")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == ext) {
                found.push(std::fs::read(path).unwrap());
            }
        }
    }
    found
}

/// Reads fuzzed bytes as a document of kind `ext`, as import would; the
/// outcome does not matter, only that the reader comes back.
fn read_as(bytes: &[u8], ext: &str) {
    let _ = read_bytes(
        bytes.to_vec(),
        &format!("fuzzed.{ext}"),
        ext,
        &[],
        &ImportOptions::default(),
    );
}

#[test]
fn the_text_importer_survives_any_input() {
    let mut seeds = fixtures("txt");
    seeds.extend(fixtures("md"));
    assert!(seeds.len() >= 4, "the text fixtures are the seeds");
    fuzz("text", 1, seeds, TEXT_TOKENS, |bytes| {
        read_as(bytes, "txt");
        read_as(bytes, "md");
    });
}

/// PDFs mutated: cut, bytes flipped, pieces of one spliced into another.
#[test]
fn the_pdf_importer_survives_any_input() {
    let seeds: Vec<Vec<u8>> = [
        "bolsover",
        "label-variants",
        "minutes",
        "two-columns",
        "scan",
        "question-table",
        "bold-questions",
        "odd/turned-page",
        "odd/table-over-pages",
    ]
    .iter()
    .map(|n| std::fs::read(fixture_path(&format!("pdf/{n}.pdf"))).unwrap())
    .collect();
    fuzz(
        "pdf",
        1,
        seeds,
        &[
            "obj",
            "endobj",
            "stream",
            "/Length",
            "Tj",
            "TJ",
            "BT",
            "ET",
            "/Font",
            " re",
            " l S",
            " m",
            "/BaseFont",
            "/Bold",
            " Do",
            "/XObject",
        ],
        |bytes| {
            read_as(bytes, "pdf");
        },
    );
}

/// A Word file with its parts mutated inside the zip, or the zip itself.
fn word_target(bytes: &[u8]) {
    read_as(bytes, "docx");
}

#[test]
fn the_word_importer_survives_any_input() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let export = wb.dir().join("sample.docx");
    wb.ok(&["export", &id, "-o", export.to_str().unwrap()]);
    let mut docs = fixtures("docx");
    docs.push(std::fs::read(&export).unwrap());
    // Seeds are the document parts; each input is zipped back up with the
    // rest of its package, so mutations reach the XML readers.
    let packages: Vec<Vec<(String, Vec<u8>)>> = docs.iter().map(|d| zip_entries(d)).collect();
    let parts: Vec<Vec<u8>> = packages
        .iter()
        .flat_map(|p| {
            p.iter()
                .filter(|(n, _)| {
                    n == "word/document.xml" || n == "word/styles.xml" || n == "word/numbering.xml"
                })
                .map(|(n, d)| [n.as_bytes(), b"\0", d].concat())
        })
        .collect();
    let raw = fuzz("docx-zip", 2, docs.clone(), XML_TOKENS, word_target);
    let deep = fuzz("docx-xml", 2, parts, XML_TOKENS, |input| {
        // "<part name>\0<xml>": put the XML back into the first package.
        let Some(split) = input.iter().position(|b| *b == 0) else {
            return word_target(input);
        };
        let (name, xml) = (
            String::from_utf8_lossy(&input[..split]),
            &input[split + 1..],
        );
        let package = &packages[input.len() % packages.len()];
        let files: Vec<(&str, &[u8])> = package
            .iter()
            .map(|(n, d)| (n.as_str(), if *n == name { xml } else { d.as_slice() }))
            .collect();
        word_target(&zip_of(&files));
    });
    assert!(raw > 0 && deep > 0);
}

/// A pack, response or form: mutated JSON is vouched for again, so the
/// readers past the checksum see it.
#[test]
fn the_partner_pack_readers_survive_any_input() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let (pack, response) = police_response(&wb, &id);
    let form = wb.dir().join("f.docx");
    wb.ok(&[
        "pack",
        "export",
        &id,
        "Police",
        "-o",
        form.to_str().unwrap(),
    ]);

    let files: Vec<Vec<u8>> = [&pack, &response, &form]
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    // The readers themselves, not the guarded entry points (which turn a
    // panic into an error message and so would hide it from the fuzzer).
    let read_all = |bytes: &[u8]| {
        let _ = read_pack(bytes);
        let _ = read_response(bytes);
        let _ = kloe::formats::pack::form::read_form(bytes);
    };
    let raw = fuzz("pack-zip", 2, files.clone(), JSON_TOKENS, read_all);

    // The content JSON of the pack and the response, mutated and vouched for.
    let contents: Vec<Vec<u8>> = files[..2]
        .iter()
        .map(|f| {
            zip_entries(f)
                .into_iter()
                .find(|(n, _)| n == "content.json")
                .unwrap()
                .1
        })
        .collect();
    let manifests: Vec<serde_json::Value> = files[..2]
        .iter()
        .map(|f| serde_json::from_slice(&zip_entries(f)[0].1).unwrap())
        .collect();
    let deep = fuzz("pack-json", 2, contents, JSON_TOKENS, |content| {
        for m in &manifests {
            let mut m = m.clone();
            m["content_sha256"] = sha256_hex(content).into();
            let bytes = zip_of(&[
                ("manifest.json", &serde_json::to_vec(&m).unwrap()),
                ("content.json", content),
            ]);
            read_all(&bytes);
        }
    });
    assert!(raw > 0 && deep > 0);
}

/// Response files a holder of the pack could make: the content JSON
/// mutated, then vouched for again with a good SHA-256 and a good HMAC
/// (the pack's secret is known), and merged. Whatever it says, a response
/// from Police's pack never changes an answer that is not Police's.
#[test]
fn a_forged_response_with_a_good_seal_never_reaches_another_partners_answer() {
    use kloe::Workbook;
    use kloe::formats::pack::ReturnedFile;
    use kloe::formats::pack::key;
    use kloe::model::Status;
    use kloe::workbook::packs::merge::{Choice, Choices};

    let mut council = Workbook::open_in_memory().unwrap();
    let (review, _) = council.ensure_sample().unwrap();
    let police = council.find_partner(review, "Police").unwrap().id;
    let pack = council.export_pack(review, police, "Officer").unwrap();
    let (_, content) = read_pack(&pack).unwrap();
    let secret = key::unhex(&content.key).unwrap();
    let mut partner = Workbook::open_in_memory().unwrap();
    let copy = partner.open_pack(&pack, "Police officer").unwrap().review;
    let doc = partner.load(copy).unwrap();
    for q in doc.questions() {
        for a in &q.assignments {
            let words = kloe::text::paragraphs_from_text(&format!("Police answer {}.", q.number));
            partner
                .respond(a.id, &words, Some(Status::Submitted), "Police officer")
                .unwrap();
        }
    }
    let response = partner.return_pack(copy).unwrap().bytes;
    let entries = zip_entries(&response);
    let manifest: serde_json::Value = serde_json::from_slice(&entries[0].1).unwrap();
    let seed = entries[1].1.clone();

    // What must never change: every answer Police has no part in.
    let others = |store: &mut Workbook| -> Vec<(String, String)> {
        let doc = store.load(review).unwrap();
        doc.questions()
            .flat_map(|q| q.assignments.iter())
            .filter(|a| !a.partners.contains(&police))
            .map(|a| (format!("{:?}", a.response), format!("{:?}", a.status)))
            .collect()
    };
    let before = others(&mut council);
    let council = std::cell::RefCell::new(council);
    fuzz("response-forged", 1, vec![seed], JSON_TOKENS, |content| {
        let mut m = manifest.clone();
        m["content_sha256"] = sha256_hex(content).into();
        m["content_hmac"] = key::hex(&key::tag(&secret, content)).into();
        let bytes = zip_of(&[
            ("manifest.json", &serde_json::to_vec(&m).unwrap()),
            ("content.json", content),
        ]);
        let Ok(file) = ReturnedFile::read(&bytes) else {
            return;
        };
        let mut store = council.borrow_mut();
        let file = file.allowing_older(true);
        if let Ok(plan) = store.plan_merge(&file) {
            let choices = Choices::all(&plan, &Choice::Partner);
            let _ = store.merge_response(&file, &choices, "Officer");
        }
        assert_eq!(
            others(&mut store),
            before,
            "a response from Police's pack changed another partner's answer"
        );
    });
}

/// Council templates with their parts mutated: a template is refused with
/// a reason, or the document made with it is one our own reader takes.
#[test]
fn any_template_is_refused_or_makes_a_whole_document() {
    use kloe::formats::export::{ExportOptions, Format, Template, render};

    let wb = WorkbookFile::new();
    let id = wb.sample();
    let council = wb.dir().join("council.docx");
    crate::export::council_template(&council);
    let export = wb.dir().join("sample.docx");
    wb.ok(&["export", &id, "-o", export.to_str().unwrap()]);
    let mut store = kloe::Workbook::open(&wb.path).unwrap();
    let doc = store
        .load(id.parse::<i64>().map(kloe::model::ReviewId).unwrap())
        .unwrap();
    let packages: Vec<Vec<(String, Vec<u8>)>> = [&council, &export]
        .iter()
        .map(|p| zip_entries(&std::fs::read(p).unwrap()))
        .collect();
    let parts: Vec<Vec<u8>> = packages
        .iter()
        .flat_map(|p| {
            p.iter()
                .filter(|(n, _)| n.ends_with(".xml") || n.ends_with(".rels"))
                .map(|(n, d)| [n.as_bytes(), b"\0", d].concat())
        })
        .collect();
    let scratch = wb.dir().join("template.docx");
    let opts = ExportOptions::new(Format::Docx);
    fuzz("template", 1, parts, XML_TOKENS, |input| {
        let Some(split) = input.iter().position(|b| *b == 0) else {
            return;
        };
        let name = String::from_utf8_lossy(&input[..split]).into_owned();
        let package = &packages[input.len() % packages.len()];
        let files: Vec<(&str, &[u8])> = package
            .iter()
            .map(|(n, d)| {
                let d = if *n == name {
                    &input[split + 1..]
                } else {
                    d.as_slice()
                };
                (n.as_str(), d)
            })
            .collect();
        std::fs::write(&scratch, zip_of(&files)).unwrap();
        let Ok(template) = Template::read(&scratch) else {
            return;
        };
        let Ok(bytes) = render(&doc, &opts, Some(&template), chrono::Utc::now()) else {
            return;
        };
        if let Err(e) = read_bytes(bytes, "made.docx", "docx", &[], &ImportOptions::default()) {
            let e = e.to_string();
            assert!(
                !e.contains("not well-formed"),
                "a template made a broken document: {e}"
            );
        }
    });
}

/// Hostile SQLite files given to restore: refused with a reason, or
/// restored into a workbook that is whole and holds only what a workbook has.
#[test]
fn a_hostile_file_given_to_restore_is_refused_or_restores_whole() {
    let wb = WorkbookFile::new();
    wb.sample();
    let backup = wb.dir().join("seed.kloe");
    wb.ok(&["backup", "-o", backup.to_str().unwrap()]);
    let seed = std::fs::read(&backup).unwrap();
    let scratch = wb.dir().join("hostile.kloe");
    const SQL_TOKENS: &[&str] = &[
        "SQLite format 3\0",
        "CREATE TRIGGER",
        "CREATE VIEW",
        "\u{0}\u{0}\u{0}\u{0}",
        "\u{ff}\u{ff}\u{ff}\u{ff}",
        "KLOE",
    ];
    fuzz("restore", 1, vec![seed], SQL_TOKENS, |bytes| {
        std::fs::write(&scratch, bytes).unwrap();
        for side in ["-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{side}", scratch.display()));
        }
        let mut store = kloe::Workbook::open_in_memory().unwrap();
        if store.restore_backup(&scratch).is_ok() {
            let ok: String = store
                .connection()
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .unwrap();
            assert_eq!(ok, "ok", "a restored workbook failed its integrity check");
            let _ = store.reviews();
        }
    });
}
