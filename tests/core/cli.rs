//! The `kloe` command line as a script or a person meets it.

use serde_json::Value;

use crate::support::{WorkbookFile, last_word};

#[test]
fn sample_prints_its_id_last_and_status_shows_who_owes_what() {
    let wb = WorkbookFile::new();
    let out = wb.ok(&["sample"]);
    assert!(out.contains("sample review"), "{out}");
    let id = last_word(&out);
    assert_eq!(id, "1");

    let status = wb.ok(&["status", &id, "--today", "2019-03-01"]);
    let lines: Vec<&str> = status.lines().collect();
    assert!(lines[1].contains("18 responses, 18 settled"), "{status}");
    let header = lines.iter().position(|l| l.starts_with("Partner")).unwrap();
    let approved_col = lines[header].find("Approved").unwrap();
    for (row, count) in lines[header + 1..header + 4].iter().zip(["14", "4", "2"]) {
        assert_eq!(
            &row[approved_col..approved_col + count.len()],
            count,
            "aligned: {row}"
        );
    }
    assert!(status.contains("Nothing is owed"), "{status}");

    // The start script reuses the sample instead of adding another.
    let again = wb.ok(&["sample", "--if-missing"]);
    assert!(again.starts_with("Found the sample review"), "{again}");
    assert_eq!(last_word(&again), id);
    assert_eq!(
        wb.ok(&["reviews"]).lines().count(),
        2,
        "header and one review"
    );
}

#[test]
fn status_json_lists_outstanding_and_overdue() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let next = last_word(&wb.ok(&["next-year", &id]));
    wb.ok(&["assign", &next, "1", "BDC", "--due", "2020-02-20"]);
    wb.ok(&[
        "assign",
        &next,
        "11",
        "PCC",
        "Police",
        "--due",
        "2020-03-01",
    ]);
    wb.ok(&[
        "respond",
        &next,
        "2",
        "BDC",
        "--text",
        "Draft",
        "--status",
        "submitted",
    ]);

    let json: Value =
        serde_json::from_str(&wb.ok(&["status", &next, "--json", "--today", "2020-02-25"]))
            .unwrap();
    assert_eq!(json["assignments"], 18);
    assert_eq!(json["outstanding"], 17);
    assert_eq!(json["overdue"], 1);
    assert_eq!(json["totals"]["submitted"], 1);
    assert_eq!(json["totals"]["not_started"], 17);
    let bdc = &json["partners"][0];
    assert_eq!(bdc["short_name"], "BDC");
    assert_eq!(bdc["outstanding"][0]["number"], 1);
    assert_eq!(bdc["outstanding"][0]["overdue"], true);
    assert_eq!(bdc["outstanding"][0]["days_overdue"], 5);
    let police = &json["partners"][1];
    let q11 = police["outstanding"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["number"] == 11)
        .unwrap();
    assert_eq!(q11["joint_with"], serde_json::json!(["PCC"]));
    assert_eq!(q11["due"], "2020-03-01");

    let text = wb.ok(&["status", &next, "--today", "2020-02-25"]);
    assert!(
        text.contains("(meeting 18 March 2020, in 22 days)"),
        "{text}"
    );
    assert!(text.contains("OVERDUE by 5 days"), "{text}");
    assert!(text.contains("(joint with PCC)"), "{text}");
}

#[test]
fn a_review_from_scratch_through_the_command_line() {
    let wb = WorkbookFile::new();
    let id = last_word(&wb.ok(&[
        "new",
        "Annual Scrutiny Review 2026/27",
        "--meeting-date",
        "2026-03-10",
        "--committee",
        "Safer Communities Scrutiny Committee",
    ]));
    wb.ok(&[
        "partner",
        "add",
        &id,
        "Example District Council",
        "--short",
        "EDC",
        "--alias",
        "Council",
    ]);
    wb.ok(&[
        "partner",
        "add",
        &id,
        "Example Police",
        "--short",
        "Police",
        "--label",
        "Example Police Response",
    ]);
    wb.ok(&["section", "add", &id, "Funding", "--partners", "council"]);
    wb.ok(&[
        "section",
        "add",
        &id,
        "Policing",
        "--partners",
        "EDC",
        "Police",
    ]);
    assert_eq!(
        wb.ok(&["question", "add", &id, "What funding?", "--section", "1"])
            .trim(),
        "Added question 1"
    );
    wb.ok(&[
        "question",
        "add",
        &id,
        "What changed?",
        "--context",
        "Members are aware.",
    ]);
    wb.ok(&[
        "question",
        "add",
        &id,
        "Who leads?",
        "--section",
        "2",
        "--at",
        "1",
    ]);

    let show = wb.ok(&["show", &id]);
    assert!(show.contains(" 2. Who leads?"), "{show}");
    assert!(
        show.contains("Example Police Response [not started]"),
        "{show}"
    );

    let moved = wb.ok(&["question", "move", &id, "3", "--to", "1"]);
    assert_eq!(moved.trim(), "Question 3 is now question 1");
    let json: Value = serde_json::from_str(&wb.ok(&["show", &id, "--json"])).unwrap();
    assert_eq!(json["sections"][0]["questions"][0]["text"], "What changed?");
    assert_eq!(json["sections"][0]["title"], "Funding");

    let file = wb.dir().join("answer.txt");
    std::fs::write(&file, "\u{feff}First paragraph.\r\n\r\n• A bullet\r\n").unwrap();
    let saved = wb.ok(&[
        "respond",
        &id,
        "3",
        "police",
        "--text-file",
        file.to_str().unwrap(),
    ]);
    assert!(
        saved.contains("Example Police Response saved as revision"),
        "{saved}"
    );
    wb.ok(&["set-status", &id, "3", "Police", "submitted"]);
    wb.ok(&["set-status", &id, "3", "Police", "approved"]);
    let history = wb.ok(&["history", &id, "3", "Police"]);
    assert!(history.contains("by Test Officer"), "{history}");
    assert!(history.contains("- A bullet"), "{history}");

    let reviews = wb.ok(&["reviews"]);
    assert!(reviews.contains("10 Mar 2026"), "{reviews}");
    assert!(
        reviews.contains("1/5"),
        "one of five answers settled: {reviews}"
    );

    wb.ok(&["edit", &id, "--meeting-date", "none", "--status", "sent"]);
    let json: Value = serde_json::from_str(&wb.ok(&["show", &id, "--json"])).unwrap();
    assert_eq!(json["meeting_date"], Value::Null);
    assert_eq!(json["status"], "sent");

    assert!(wb.ok(&["delete", &id]).contains("Deleted review"));
    assert!(wb.ok(&["reviews"]).contains("No reviews yet"));
}

#[test]
fn errors_are_one_clear_line() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let cases: &[(&[&str], &str, &str)] = &[
        (&["show", "7"], "not_found", "No review with id 7"),
        (&["show", "abc"], "bad_value", "not a review id"),
        (
            &["respond", &id, "99", "BDC", "--text", "x"],
            "not_found",
            "There is no question 99; this review has 16",
        ),
        (
            &["respond", &id, "1", "Fire", "--text", "x"],
            "not_found",
            "its partners are: BDC, Police, PCC",
        ),
        (
            &["respond", &id, "1", "Police", "--text", "x"],
            "not_found",
            "not assigned to that partner",
        ),
        (
            &["set-status", &id, "1", "BDC", "submitted"],
            "invalid_transition",
            "cannot go from approved to submitted",
        ),
    ];
    for (args, code, expected) in cases {
        let message = wb.refused_with(args, code);
        assert!(message.contains(expected), "{args:?}: {message}");
        assert_eq!(wb.fails(args), format!("kloe: {message}"), "one line");
    }
    // Argument mistakes are reported by the parser, also in one line.
    let line = wb.refused_with(&["assign", &id, "1", "BDC", "--due", "18/03/2026"], "usage");
    assert!(line.contains("YYYY-MM-DD"), "{line}");
    let line = wb.refused_with(&["assign", &id], "usage");
    assert!(
        line.contains("required arguments were not provided"),
        "{line}"
    );

    // Saving new text to an approved answer makes it drafting on the way;
    // the refusal still speaks of the status the officer knows.
    let line = wb.refused_with(
        &[
            "respond",
            &id,
            "1",
            "BDC",
            "--text",
            "New",
            "--status",
            "not_started",
        ],
        "invalid_transition",
    );
    assert!(
        line.contains("cannot go from approved to not started"),
        "{line}"
    );
}

#[test]
fn reading_a_workbook_that_is_not_there_creates_nothing() {
    let wb = WorkbookFile::new();
    assert!(wb.fails(&["show", "1"]).contains("There is no workbook at"));
    assert!(
        wb.fails(&["status", "1"])
            .contains("There is no workbook at")
    );
    assert!(wb.ok(&["reviews"]).contains("No reviews yet"));
    assert!(!wb.path.exists(), "no file was left behind");
}

#[test]
fn an_earlier_revision_can_be_restored_and_the_restore_is_itself_a_revision() {
    let wb = WorkbookFile::new();
    let id = last_word(&wb.ok(&["next-year", &wb.sample()]));
    wb.ok(&["respond", &id, "2", "BDC", "--text", "First draft."]);
    wb.ok(&["respond", &id, "2", "BDC", "--text", "Second draft."]);
    let history: Value =
        serde_json::from_str(&wb.ok(&["history", &id, "2", "BDC", "--json"])).unwrap();
    let first = history[0]["id"].as_str().unwrap().to_string();

    let out = wb.ok(&["restore", &id, "2", "BDC", &first]);
    assert!(out.contains(&format!("restored revision {first}")), "{out}");
    let history: Value =
        serde_json::from_str(&wb.ok(&["history", &id, "2", "BDC", "--json"])).unwrap();
    let revisions = history.as_array().unwrap();
    assert_eq!(revisions.len(), 3, "the restore adds a revision");
    assert_eq!(revisions[2]["paragraphs"], revisions[0]["paragraphs"]);
    assert_ne!(revisions[2]["id"], revisions[0]["id"]);

    // Restoring what is already current adds nothing.
    let again = wb.ok(&["restore", &id, "2", "BDC", &first]);
    assert!(again.contains("already reads as"), "{again}");
    // A revision of another response is refused, and nothing changes.
    let other: Value =
        serde_json::from_str(&wb.ok(&["history", &id, "1", "BDC", "--json"])).unwrap();
    assert!(other.as_array().unwrap().is_empty());
    let err = wb.refused_with(&["restore", &id, "1", "BDC", &first], "not_found");
    assert!(err.contains("has no revision"), "{err}");
}

#[test]
fn a_new_review_can_start_with_the_partners_the_workbook_knows() {
    let wb = WorkbookFile::new();
    wb.sample();
    let bare = last_word(&wb.ok(&["new", "Empty"]));
    assert!(wb.ok(&["partner", "list", &bare]).lines().count() <= 1);
    let id = last_word(&wb.ok(&["new", "Review 2026/27", "--reuse-partners"]));
    let partners = wb.ok(&["partner", "list", &id]);
    for short in ["BDC", "Police", "PCC"] {
        assert!(partners.contains(short), "{partners}");
    }
}

#[test]
fn chase_prints_an_email_and_progress_prints_the_days() {
    let wb = WorkbookFile::new();
    let id = last_word(&wb.ok(&["next-year", &wb.sample()]));
    wb.ok(&["assign", &id, "4", "Police", "--due", "2020-02-20"]);
    wb.ok(&[
        "partner",
        "edit",
        &id,
        "Police",
        "--email",
        "scrutiny@police.example",
    ]);
    let mail = wb.ok(&["chase", &id, "Police", "--today", "2020-02-25"]);
    assert!(
        mail.starts_with("To: scrutiny@police.example\nSubject: "),
        "{mail}"
    );
    assert!(
        mail.contains("Question 4 (was due 20 February 2020 (5 days ago))"),
        "{mail}"
    );
    let link = wb.ok(&["chase", &id, "Police", "--mailto", "--today", "2020-02-25"]);
    assert!(
        link.starts_with("mailto:scrutiny@police.example?subject="),
        "{link}"
    );

    let json: Value = serde_json::from_str(&wb.ok(&["progress", &id, "--json"])).unwrap();
    let days = json.as_array().unwrap();
    assert!(!days.is_empty());
    let last = &days[days.len() - 1]["counts"];
    let status: Value = serde_json::from_str(&wb.ok(&["status", &id, "--json"])).unwrap();
    assert_eq!(
        last, &status["totals"],
        "the last day is how things stand now"
    );
    assert!(wb.ok(&["progress", &id]).starts_with("Day "));
}

#[test]
fn due_dates_are_worked_back_from_the_meeting() {
    let wb = WorkbookFile::new();
    let id = last_word(&wb.ok(&["next-year", &wb.sample(), "--meeting-date", "2020-03-16"]));
    let before = wb.dump();
    let shown = wb.ok(&["due", &id]);
    assert!(
        shown.starts_with("Proposed: due 6 March 2020 for 18 answer(s), 5 clear working days"),
        "{shown}"
    );
    assert_eq!(wb.dump(), before, "showing them changes nothing");
    let set = wb.ok(&["due", &id, "--apply", "--clear-days", "3"]);
    assert!(set.starts_with("Set: due 10 March 2020"), "{set}");
    let status: Value =
        serde_json::from_str(&wb.ok(&["status", &id, "--json", "--today", "2020-03-11"])).unwrap();
    assert_eq!(status["overdue"], 18);
}

#[test]
fn chase_saves_a_calendar_reminder_for_the_due_dates() {
    let wb = WorkbookFile::new();
    let id = last_word(&wb.ok(&["next-year", &wb.sample()]));
    let file = wb.dir().join("police.ics");
    wb.refused_with(
        &["chase", &id, "Police", "--ics", file.to_str().unwrap()],
        "not_ready",
    );
    assert!(!file.exists());
    wb.ok(&["assign", &id, "4", "Police", "--due", "2020-02-20"]);
    wb.ok(&["chase", &id, "Police", "--ics", file.to_str().unwrap()]);
    let ics = std::fs::read_to_string(&file).unwrap();
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"),
        "{ics}"
    );
    assert!(ics.contains("DTSTART;VALUE=DATE:20200220\r\n"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "one day, one event");
    assert!(
        ics.lines().all(|l| l.trim_end_matches('\r').len() <= 75),
        "lines are folded"
    );
}

#[test]
fn settings_name_the_author_and_set_the_defaults() {
    let wb = WorkbookFile::new();
    let id = last_word(&wb.ok(&["next-year", &wb.sample(), "--meeting-date", "2020-03-16"]));
    let shown = wb.ok(&["settings"]);
    assert!(
        shown.contains("Response awaited") && shown.contains("5 clear working days"),
        "{shown}"
    );

    wb.ok(&[
        "settings",
        "--name",
        "Alex Officer",
        "--placeholder",
        "To follow",
        "--clear-days",
        "3",
    ]);
    let s: Value = serde_json::from_str(&wb.ok(&["settings", "--json"])).unwrap();
    assert_eq!(s["author"], "Alex Officer");
    assert_eq!(s["clear_days"], 3);

    // Without --author or KLOE_AUTHOR, revisions carry the setting's name.
    let out = crate::support::kloe_cmd(&wb.path)
        .env_remove("KLOE_AUTHOR")
        .args(["respond", &id, "2", "BDC", "--text", "Draft."])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        wb.ok(&["history", &id, "2", "BDC"])
            .contains("by Alex Officer")
    );

    assert!(
        wb.ok(&["due", &id])
            .starts_with("Proposed: due 10 March 2020"),
        "three clear days"
    );
    let md = wb.dir().join("r.md");
    wb.ok(&["export", &id, "-o", md.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&md).unwrap().contains("To follow"));

    wb.refused_with(&["settings", "--placeholder", " "], "required");
    let err = wb.refused_with(&["settings", "--clear-days", "61"], "usage");
    assert!(err.contains("the 60 allowed"), "it gives the limit: {err}");
}

/// Scripts read errors as `{code, message}` with `KLOE_ERRORS=json`, a
/// mistyped command included; people read the same message after `kloe:`.
#[test]
fn errors_for_scripts_carry_a_code() {
    let wb = WorkbookFile::new();
    wb.sample();
    wb.refused_with(&["frobnicate"], "usage");
    let message = wb.refused_with(&["show", "99"], "not_found");
    let plain = wb.fails(&["show", "99"]);
    assert_eq!(plain, format!("kloe: {message}"));
}

#[test]
fn version_completions_and_the_manual_page_come_from_the_command_line_itself() {
    let wb = WorkbookFile::new();
    let run = |args: &[&str]| {
        let out = crate::support::kloe_cmd(&wb.path)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "kloe {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(
        run(&["--version"]).trim(),
        format!(
            "kloe {} (workbook format {}, pack format {})",
            env!("CARGO_PKG_VERSION"),
            kloe::store::LATEST_VERSION,
            kloe::formats::pack::PACK_VERSION
        )
    );
    let bash = run(&["completions", "bash"]);
    assert!(
        bash.contains("_kloe()") && bash.contains("complete -F _kloe"),
        "{bash}"
    );
    for word in ["pack", "recs", "--dry-run"] {
        assert!(bash.contains(word), "bash completes {word}");
    }
    assert!(run(&["completions", "zsh"]).starts_with("#compdef kloe"));
    let fish = run(&["completions", "fish"]);
    assert!(
        fish.contains("complete -c kloe") && fish.contains("respond"),
        "{fish}"
    );
    let man = run(&["man"]);
    assert!(man.contains(".TH kloe 1"), "{man}");
    for word in ["pack", "recs", "export"] {
        assert!(man.contains(word), "the manual names {word}");
    }
    assert!(!wb.path.exists(), "no workbook is made for any of them");
}

#[test]
fn a_file_handed_to_the_app_is_known_by_its_extension_in_any_case() {
    use kloe::files::{FileKind, OpenFile};
    use std::path::{Path, PathBuf};

    assert_eq!(
        FileKind::of(Path::new("police.kloepack")),
        Some(FileKind::Pack)
    );
    assert_eq!(
        FileKind::of(Path::new("A.KLOERESPONSE")),
        Some(FileKind::Response)
    );
    assert_eq!(
        FileKind::of(Path::new("/home/o/workbook.kloe")),
        Some(FileKind::Workbook)
    );
    assert_eq!(FileKind::of(Path::new("notes.docx")), None);
    assert_eq!(FileKind::of(Path::new("kloepack")), None);

    // The first the app opens, made absolute; options and other files pass by.
    let args = ["--flag", "notes.txt", "sub/police.kloepack", "other.kloe"].map(PathBuf::from);
    let cwd = std::env::temp_dir();
    assert_eq!(
        OpenFile::first_of(args, &cwd),
        Some(OpenFile {
            kind: FileKind::Pack,
            path: cwd.join("sub/police.kloepack").display().to_string()
        })
    );
    assert_eq!(
        OpenFile::first_of(Vec::<PathBuf>::new(), Path::new("/")),
        None
    );
}
