//! Test builders and helpers that read like the domain.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{NaiveDate, TimeZone, Utc};
use kloe::doc::{PartnerDraft, QuestionDraft, ResponseDraft, ReviewDraft, SectionDraft};
use kloe::model::{ReviewId, Status};
use kloe::text::{Paragraph, paragraphs_from_text};
use kloe::{Clock, Workbook};

pub const AUTHOR: &str = "Test Officer";

/// The sample review's section headings, in order.
pub const SAMPLE_SECTIONS: [&str; 6] = [
    "Funding",
    "Current area profile",
    "Working with partners – SNTs",
    "Working with partners – Police – Questions to both CSP Officers and Derbyshire Police",
    "PCC Support to local CSPs – Question to PCC Office",
    "Working with partners – Cross service working with BDC Legal Services",
];

/// The questions of a review printed by `kloe show --json`, in order.
pub fn json_questions(doc: &serde_json::Value) -> Vec<&serde_json::Value> {
    doc["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .flat_map(|s| s["questions"].as_array().expect("questions"))
        .collect()
}

pub fn fixed_clock() -> Clock {
    Clock::Fixed(
        Utc.with_ymd_and_hms(2026, 2, 1, 9, 0, 0)
            .single()
            .expect("valid time"),
    )
}

/// A store in memory with a fixed clock.
pub fn store() -> Workbook {
    Workbook::open_in_memory()
        .expect("in-memory store")
        .with_clock(fixed_clock())
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date")
}

pub fn paras(text: &str) -> Vec<Paragraph> {
    paragraphs_from_text(text)
}

/// Builds a review the way an officer would describe it:
/// `ReviewBuilder::new("…").partner("BDC", "Bolsover District Council")
///     .section("Funding").question("…").answered_by("BDC", "…")`.
pub struct ReviewBuilder {
    draft: ReviewDraft,
}

impl ReviewBuilder {
    pub fn new(title: &str) -> Self {
        ReviewBuilder {
            draft: ReviewDraft {
                title: title.into(),
                ..ReviewDraft::default()
            },
        }
    }

    pub fn meeting(mut self, date_text: &str) -> Self {
        self.draft.meeting_date = Some(date(date_text));
        self
    }

    pub fn partner(mut self, short_name: &str, name: &str) -> Self {
        self.draft.partners.push(PartnerDraft {
            name: name.into(),
            short_name: short_name.into(),
            ..PartnerDraft::default()
        });
        self
    }

    pub fn section(mut self, title: &str) -> Self {
        self.draft.sections.push(SectionDraft {
            title: title.into(),
            ..SectionDraft::default()
        });
        self
    }

    pub fn question(mut self, text: &str) -> Self {
        self.last_section().questions.push(QuestionDraft {
            text: text.into(),
            ..QuestionDraft::default()
        });
        self
    }

    pub fn context(mut self, text: &str) -> Self {
        self.last_question().context.push(Paragraph::plain(text));
        self
    }

    pub fn note(mut self, text: &str) -> Self {
        self.last_question().notes.push(Paragraph::plain(text));
        self
    }

    /// The partner has answered; the answer is submitted.
    pub fn answered_by(self, partner: &str, text: &str) -> Self {
        self.response(&[partner], Status::Submitted, text, None)
    }

    /// The partner owes an answer, due on the given day.
    pub fn owed_by(self, partner: &str, due: Option<&str>) -> Self {
        self.response(&[partner], Status::NotStarted, "", due)
    }

    /// Several partners owe one answer together.
    pub fn owed_jointly_by(self, partners: &[&str], due: Option<&str>) -> Self {
        self.response(partners, Status::NotStarted, "", due)
    }

    pub fn response(
        mut self,
        partners: &[&str],
        status: Status,
        text: &str,
        due: Option<&str>,
    ) -> Self {
        self.last_question().responses.push(ResponseDraft {
            partners: partners.iter().map(|p| p.to_string()).collect(),
            label: None,
            status,
            due: due.map(date),
            paragraphs: paras(text),
        });
        self
    }

    pub fn create(self, store: &mut Workbook) -> ReviewId {
        store
            .create_review(&self.draft, AUTHOR)
            .expect("review is created")
    }

    fn last_section(&mut self) -> &mut SectionDraft {
        if self.draft.sections.is_empty() {
            self.draft.sections.push(SectionDraft {
                title: "Questions".into(),
                ..SectionDraft::default()
            });
        }
        self.draft.sections.last_mut().expect("a section")
    }

    fn last_question(&mut self) -> &mut QuestionDraft {
        self.last_section()
            .questions
            .last_mut()
            .expect("add a question first")
    }
}

/// A small review with the shapes the tests need: three partners, two
/// sections, a joint assignment and answers at various stages.
pub fn small_review(store: &mut Workbook) -> ReviewId {
    ReviewBuilder::new("Annual Scrutiny Review 2026/27")
        .meeting("2026-03-10")
        .partner("BDC", "Bolsover District Council")
        .partner("Police", "Derbyshire Police")
        .partner("PCC", "Derbyshire PCC Office")
        .section("Funding")
        .question("What funding is expected?")
        .answered_by("BDC", "£25,000 from the grant fund.")
        .question("How is it spent?")
        .owed_by("BDC", Some("2026-02-20"))
        .section("Working with partners")
        .question("What has changed?")
        .owed_by("BDC", Some("2026-02-25"))
        .owed_by("Police", Some("2026-01-15"))
        .question("When will resources arrive?")
        .context("Members are aware of the proposed precept.")
        .note("We note there are no timescales.")
        .owed_jointly_by(&["PCC", "Police"], Some("2026-02-25"))
        .create(store)
}

// --- the command line -------------------------------------------------------

pub struct WorkbookFile {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl WorkbookFile {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("workbook.kloe");
        WorkbookFile { _dir: dir, path }
    }

    pub fn dir(&self) -> &Path {
        self._dir.path()
    }

    /// Runs `kloe --db <this workbook> args...`.
    pub fn kloe(&self, args: &[&str]) -> Output {
        kloe_cmd(&self.path).args(args).output().expect("kloe runs")
    }

    /// Runs a command that must succeed and returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.kloe(args);
        assert!(
            out.status.success(),
            "kloe {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// Runs a command that must fail and returns its one line of stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.kloe(args);
        assert!(!out.status.success(), "kloe {args:?} should have failed");
        let err = String::from_utf8(out.stderr).expect("utf-8 output");
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "one line on stderr: {err:?}"
        );
        err.trim_end().to_string()
    }

    /// Refused with `code`, as scripts read it (`KLOE_ERRORS=json`), in
    /// one line, with the workbook unchanged; returns the message.
    pub fn refused_with(&self, args: &[&str], code: &str) -> String {
        let before = self.dump();
        let out = kloe_cmd(&self.path)
            .args(args)
            .env("KLOE_ERRORS", "json")
            .output()
            .expect("kloe runs");
        assert!(!out.status.success(), "kloe {args:?} should have failed");
        let err = String::from_utf8(out.stderr).expect("utf-8 output");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
        let line: serde_json::Value = serde_json::from_str(err.trim_end()).expect("a JSON line");
        assert_eq!(line["code"], code, "kloe {args:?}: {err}");
        assert_eq!(self.dump(), before, "kloe {args:?} changed the workbook");
        line["message"].as_str().expect("a message").to_string()
    }

    /// Creates the sample and returns its id, the last word printed.
    pub fn sample(&self) -> String {
        last_word(&self.ok(&["sample"]))
    }

    /// A recommendation of `review` addressed to `to` (jointly when
    /// several); its reference, the last line printed.
    pub fn recommend(&self, review: &str, text: &str, to: &[&str]) -> String {
        let mut args = vec!["rec", "add", review, text, "--to"];
        args.extend(to);
        let out = self.ok(&args);
        out.lines().last().expect("a reference").to_string()
    }

    /// `partner`'s response to recommendation `rec`: its decision and
    /// words, then any further options (`--lead`, `--status`, …).
    pub fn rec_respond(
        &self,
        review: &str,
        rec: &str,
        partner: &str,
        decision: &str,
        text: &str,
        more: &[&str],
    ) {
        let mut args = vec![
            "rec",
            "respond",
            review,
            rec,
            partner,
            "--decision",
            decision,
            "--text",
            text,
        ];
        args.extend(more);
        self.ok(&args);
    }

    /// Progress on recommendation `rec` recorded on `date`.
    pub fn rec_update(&self, review: &str, rec: &str, progress: &str, text: &str, date: &str) {
        self.ok(&[
            "rec",
            "update",
            review,
            rec,
            "--progress",
            progress,
            "--text",
            text,
            "--date",
            date,
        ]);
    }

    pub fn store(&self) -> Workbook {
        Workbook::open(&self.path).expect("workbook opens")
    }

    /// Every row of every table, in order: equal dumps mean equal content.
    pub fn dump(&self) -> String {
        dump(&self.path)
    }
}

pub fn kloe_cmd(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kloe"));
    cmd.arg("--db")
        .arg(db)
        .env("KLOE_AUTHOR", AUTHOR)
        .env_remove("KLOE_DB")
        .env("KLOE_NOW", "2026-02-01T09:00:00Z");
    cmd
}

pub fn last_word(s: &str) -> String {
    s.split_whitespace()
        .last()
        .expect("some output")
        .to_string()
}

pub fn dump(path: &Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open read-only");
    let mut out = String::new();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("list tables")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names");
    for table in tables {
        out.push_str(&format!("== {table}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
            .expect("select");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .expect("rows");
        for row in rows {
            out.push_str(&row.expect("row").join(" | "));
            out.push('\n');
        }
    }
    for pragma in ["user_version", "application_id"] {
        let v: i64 = conn
            .pragma_query_value(None, pragma, |r| r.get(0))
            .expect("pragma");
        out.push_str(&format!("{pragma} = {v}\n"));
    }
    out
}

/// The JSON Schema for `kloe show --json`, the promise to users' scripts,
/// as the project keeps it (`tests/fixtures/review.schema.json`).
pub fn review_schema() -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review.schema.json");
    let text = std::fs::read_to_string(&path).expect("schema file");
    serde_json::from_str(&text).expect("schema is JSON")
}

/// Validates a Word file against the ISO/IEC 29500 schemas with the
/// checker kept with the tests (`tests/tools/check-docx`, which needs
/// xmllint and unzip, as the test command installs).
pub fn check_docx(docx: &Path) {
    let checker = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/check-docx");
    let out = Command::new(&checker)
        .arg(docx)
        .output()
        .expect("tests/tools/check-docx runs");
    assert!(
        out.status.success(),
        "check-docx: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(path).expect("fixture")
}

/// The files in a zip (a pack, a response file, a Word document), in order.
pub fn zip_entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("an entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("readable");
            (f.name().expect("a name").to_string(), data)
        })
        .collect()
}

/// A zip holding these files, in order.
pub fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in files {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("an entry");
        zip.write_all(data).expect("written");
    }
    zip.finish().expect("a zip").into_inner()
}

/// A small, fast, seeded generator: random choices a test can repeat.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Police's pack from review `review` of `wb`, answered (question 9) in a
/// partner's own workbook and returned: the pack and the response file.
pub fn police_response(wb: &WorkbookFile, review: &str) -> (PathBuf, PathBuf) {
    let pack = wb.dir().join("police.kloepack");
    wb.ok(&[
        "pack",
        "export",
        review,
        "Police",
        "-o",
        pack.to_str().unwrap(),
    ]);
    let partner = WorkbookFile::new();
    partner.ok(&[
        "pack",
        "answer",
        pack.to_str().unwrap(),
        "9",
        "--text",
        "Nine.",
    ]);
    let response = wb.dir().join("police.kloeresponse");
    partner.ok(&[
        "pack",
        "return",
        pack.to_str().unwrap(),
        "-o",
        response.to_str().unwrap(),
    ]);
    (pack, response)
}
