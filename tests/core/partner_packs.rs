//! The offline round trip: the council sends packs, partners answer them in
//! their own workbooks, return them, and the council merges the answers.
//! Every refusal leaves the council's workbook exactly as it was.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{WorkbookFile, kloe_cmd, zip_entries, zip_of};

/// One party to the round trip (the council, or a partner on its own
/// machine), with its own workbook and a clock it sets.
pub(crate) struct Party {
    pub(crate) wb: WorkbookFile,
    now: &'static str,
}

impl Party {
    pub(crate) fn council() -> (Party, String) {
        let wb = WorkbookFile::new();
        let id = wb.sample();
        (
            Party {
                wb,
                now: "2026-02-01T09:00:00Z",
            },
            id,
        )
    }

    pub(crate) fn partner() -> Party {
        Party {
            wb: WorkbookFile::new(),
            now: "2026-02-03T09:00:00Z",
        }
    }

    pub(crate) fn at(mut self, now: &'static str) -> Party {
        self.now = now;
        self
    }

    pub(crate) fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = kloe_cmd(&self.wb.path);
        cmd.env("KLOE_NOW", self.now).args(args);
        cmd
    }

    pub(crate) fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().unwrap();
        assert!(
            out.status.success(),
            "kloe {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// A command that must fail in one clear line, changing nothing, with
    /// the refusal's code `code` (read as scripts read it, with
    /// `KLOE_ERRORS=json`); returns the message.
    pub(crate) fn refused_with(&self, args: &[&str], code: &str) -> String {
        let before = self.wb.dump();
        let out = self.cmd(args).env("KLOE_ERRORS", "json").output().unwrap();
        assert!(!out.status.success(), "kloe {args:?} should have failed");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
        let line: serde_json::Value = serde_json::from_str(err.trim_end()).unwrap();
        assert_eq!(line["code"], code, "kloe {args:?}: {err}");
        assert_eq!(self.wb.dump(), before, "kloe {args:?} changed the workbook");
        line["message"].as_str().unwrap().to_string()
    }

    pub(crate) fn file(&self, name: &str) -> PathBuf {
        self.wb.dir().join(name)
    }

    pub(crate) fn pack_for(&self, review: &str, partner: &str, name: &str) -> PathBuf {
        let file = self.file(name);
        self.ok(&["pack", "export", review, partner, "-o", s(&file)]);
        file
    }

    pub(crate) fn answer(&self, pack: &Path, q: u32, text: &str) {
        let out = self.ok(&["pack", "answer", s(pack), &q.to_string(), "--text", text]);
        assert!(out.contains("ready to return"), "{out}");
    }

    /// Returns the answers into the folder the pack came in (so the council
    /// can reach the file after the partner's workbook is gone).
    pub(crate) fn return_to(&self, pack: &Path, name: &str) -> PathBuf {
        let file = pack.with_file_name(name);
        self.ok(&["pack", "return", s(pack), "-o", s(&file)]);
        file
    }

    pub(crate) fn show(&self, review: &str) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["show", review, "--json"])).unwrap()
    }

    pub(crate) fn history(&self, review: &str, q: u32, partner: &str) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["history", review, &q.to_string(), partner, "--json"]))
            .unwrap()
    }
}

pub(crate) fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The id of `partner` (a short name) in `kloe show --json` output, and
/// its assignment on question `q`.
pub(crate) fn assignment_of<'d>(
    doc: &'d serde_json::Value,
    q: u64,
    partner: &str,
) -> (&'d serde_json::Value, &'d serde_json::Value) {
    let partner_id = &doc["partners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["short_name"] == partner)
        .unwrap()["id"];
    let question = crate::support::json_questions(doc)
        .into_iter()
        .find(|x| x["number"] == q)
        .unwrap();
    let a = question["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["partners"].as_array().unwrap().contains(partner_id))
        .unwrap();
    (partner_id, a)
}

/// The answer of `partner` (a short name) to question `q`, as text and status.
pub(crate) fn answer_of(doc: &serde_json::Value, q: u64, partner: &str) -> (String, String) {
    let (_, a) = assignment_of(doc, q, partner);
    let text: Vec<&str> = a["response"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    (text.join("\n"), a["status"].as_str().unwrap().to_string())
}

#[test]
fn the_sample_goes_out_to_police_and_pcc_and_comes_back_submitted() {
    let (council, review) = Party::council();
    let police_pack = council.pack_for(&review, "Police", "police.kloepack");
    let pcc_pack = council.pack_for(&review, "PCC", "pcc.kloepack");

    // Police, on its own machine.
    let police = Party::partner();
    let opened = police.ok(&["pack", "open", s(&police_pack)]);
    assert!(
        opened.contains("Derbyshire Police: 4 questions"),
        "{opened}"
    );
    let copy = crate::support::last_word(&opened);
    let doc = police.show(&copy);
    let numbers: Vec<u64> = crate::support::json_questions(&doc)
        .iter()
        .map(|q| q["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [9, 10, 11, 12], "the council's numbers, not 1..4");
    police.answer(&police_pack, 9, "Police answer to question 9.");
    // Reopened and amended before returning: the last words go back.
    police.answer(&police_pack, 10, "A first go at 10.");
    police.answer(&police_pack, 10, "Police answer to question 10, amended.");
    assert_eq!(
        crate::support::last_word(&police.ok(&["pack", "open", s(&police_pack)])),
        copy,
        "the same pack opens the same copy"
    );
    police.ok(&[
        "pack",
        "signoff",
        s(&police_pack),
        "--name",
        "Jane Smith",
        "--role",
        "Chief Inspector",
        "--date",
        "2026-02-03",
    ]);
    let police_response = police.return_to(&police_pack, "police-response.kloepack");

    // PCC Office writes the joint answer to 12.
    let pcc = Party::partner();
    pcc.answer(&pcc_pack, 12, "PCC answer to question 12.");
    let pcc_response = pcc.return_to(&pcc_pack, "pcc-response.kloepack");

    // The council previews, then merges.
    let council = council.at("2026-02-05T09:00:00Z");
    let before = council.wb.dump();
    let preview = council.ok(&["pack", "import", s(&police_response), "--dry-run"]);
    assert!(
        preview.contains("Signed off by Jane Smith, Chief Inspector"),
        "{preview}"
    );
    assert!(
        preview.contains("Question 9: Derbyshire Police Response: will take the partner's answer"),
        "{preview}"
    );
    assert_eq!(council.wb.dump(), before, "a preview writes nothing");
    let merged = council.ok(&["pack", "import", s(&police_response)]);
    assert!(merged.contains("2 answers (Q9, Q10) submitted"), "{merged}");
    let merged = council.ok(&["pack", "import", s(&pcc_response)]);
    assert!(merged.contains("1 answer (Q12) submitted"), "{merged}");

    let doc = council.show(&review);
    assert_eq!(
        answer_of(&doc, 9, "Police"),
        ("Police answer to question 9.".into(), "submitted".into())
    );
    assert_eq!(
        answer_of(&doc, 10, "Police"),
        (
            "Police answer to question 10, amended.".into(),
            "submitted".into()
        )
    );
    assert_eq!(
        answer_of(&doc, 12, "PCC"),
        ("PCC answer to question 12.".into(), "submitted".into())
    );
    // Nothing else moved: the council's own answers are as they were.
    assert_eq!(answer_of(&doc, 11, "PCC").1, "approved");
    assert_eq!(answer_of(&doc, 1, "BDC").1, "approved");

    let status: serde_json::Value =
        serde_json::from_str(&council.ok(&["status", &review, "--json"])).unwrap();
    assert_eq!(status["totals"]["submitted"], 3);
    let police_row = status["partners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["short_name"] == "Police")
        .unwrap();
    assert_eq!(
        police_row["counts"]["submitted"], 3,
        "Q9, Q10 and the joint Q12"
    );

    // The sign-off is on the revision the merge wrote.
    let history = council.history(&review, 9, "Police");
    let last = history.as_array().unwrap().last().unwrap();
    assert_eq!(last["signoff"]["name"], "Jane Smith");
    assert_eq!(last["signoff"]["role"], "Chief Inspector");
    assert_eq!(last["signoff"]["date"], "2026-02-03");
    assert_eq!(last["author"], "Jane Smith (Derbyshire Police)");
}

#[test]
fn importing_the_same_response_twice_changes_nothing_the_second_time() {
    let (council, review) = Party::council();
    let pack = council.pack_for(&review, "Police", "police.kloepack");
    let police = Party::partner();
    police.answer(&pack, 9, "Once only.");
    let response = police.return_to(&pack, "r.kloepack");
    council.ok(&["pack", "import", s(&response)]);
    let after_first = council.wb.dump();
    let council = council.at("2026-02-09T09:00:00Z");
    let again = council.ok(&["pack", "import", s(&response)]);
    assert!(again.contains("already merged; nothing changed"), "{again}");
    assert_eq!(council.wb.dump(), after_first);
}

#[test]
fn a_joint_answer_either_partner_writes_and_both_returning_is_handled() {
    let (council, review) = Party::council();
    let police_pack = council.pack_for(&review, "Police", "police.kloepack");
    let pcc_pack = council.pack_for(&review, "PCC", "pcc.kloepack");

    // Police writes the joint answer to 11; PCC marks it ready as it was sent.
    let police = Party::partner();
    police.answer(&police_pack, 11, "Joint answer, written by Police.");
    let police_response = police.return_to(&police_pack, "police.response");
    let pcc = Party::partner();
    pcc.answer(
        &pcc_pack,
        11,
        "Please refer to presentation within the meeting.",
    );
    pcc.answer(&pcc_pack, 12, "PCC on 12.");
    let pcc_response = pcc.return_to(&pcc_pack, "pcc.response");

    council.ok(&["pack", "import", s(&police_response)]);
    let preview = council.ok(&["pack", "import", s(&pcc_response), "--dry-run"]);
    assert!(
        preview.contains("Question 11") && preview.contains("kept as it is here"),
        "{preview}"
    );
    let merged = council.ok(&["pack", "import", s(&pcc_response)]);
    assert!(merged.contains("kept the answer here for Q11"), "{merged}");
    let doc = council.show(&review);
    assert_eq!(
        answer_of(&doc, 11, "PCC"),
        (
            "Joint answer, written by Police.".into(),
            "submitted".into()
        ),
        "PCC leaving the joint answer alone does not undo Police's"
    );
    assert_eq!(
        answer_of(&doc, 11, "Police"),
        answer_of(&doc, 11, "PCC"),
        "one shared answer"
    );
    assert_eq!(answer_of(&doc, 12, "PCC").0, "PCC on 12.");
}

/// The council changes Q9 after the pack went out; Police changes it too.
fn conflicting_response() -> (Party, String, PathBuf) {
    let (council, review) = Party::council();
    let pack = council.pack_for(&review, "Police", "police.kloepack");
    council.ok(&[
        "respond",
        &review,
        "9",
        "Police",
        "--text",
        "The officer's own update to 9.",
    ]);
    let police = Party::partner();
    police.answer(&pack, 9, "Police's answer to 9.");
    police.answer(&pack, 10, "Police's answer to 10.");
    let response = police.return_to(&pack, "r.kloepack");
    (council, review, response)
}

#[test]
fn a_conflict_is_refused_until_the_officer_chooses_and_either_choice_works() {
    let (council, review, response) = conflicting_response();
    let err = council.refused_with(&["pack", "import", s(&response)], "conflict");
    assert!(
        err.contains("--prefer partner or --prefer ours"),
        "it says what to do: {err}"
    );
    let preview = council.ok(&["pack", "import", s(&response), "--dry-run"]);
    for shown in [
        "CONFLICT",
        "As sent in the pack:",
        "The North division had 6 CSP Sgts",
        "The officer's own update to 9.",
        "From Derbyshire Police:",
        "Police's answer to 9.",
    ] {
        assert!(preview.contains(shown), "{shown:?} not in {preview}");
    }

    council.ok(&["pack", "import", s(&response), "--prefer", "partner"]);
    let doc = council.show(&review);
    assert_eq!(
        answer_of(&doc, 9, "Police"),
        ("Police's answer to 9.".into(), "submitted".into())
    );
    assert_eq!(answer_of(&doc, 10, "Police").0, "Police's answer to 10.");

    let (council, review, response) = conflicting_response();
    let merged = council.ok(&["pack", "import", s(&response), "--prefer", "ours"]);
    assert!(merged.contains("kept the answer here for Q9"), "{merged}");
    let doc = council.show(&review);
    assert_eq!(
        answer_of(&doc, 9, "Police").0,
        "The officer's own update to 9."
    );
    assert_eq!(answer_of(&doc, 10, "Police").0, "Police's answer to 10.");
    // The partner's words are kept with the merge, not thrown away.
    let conn = rusqlite::Connection::open(&council.wb.path).unwrap();
    let kept: String = conn
        .query_row("SELECT content FROM pack_merges", [], |r| r.get(0))
        .unwrap();
    assert!(kept.contains("Police's answer to 9."));
}

#[test]
fn a_combined_answer_is_written_by_the_officer_with_the_partners_sign_off() {
    let (council, _review, response) = conflicting_response();
    let mut store = council.wb.store();
    let file = kloe::formats::pack::ReturnedFile::read(&std::fs::read(&response).unwrap()).unwrap();
    let plan = store.plan_merge(&file).unwrap();
    let conflict = plan.conflicts().next().unwrap().clone();
    assert_eq!(conflict.number, 9);
    let combined = crate::support::paras("The officer's update, with Police's answer added.");
    let choices: HashMap<_, _> = [(
        conflict.assignment,
        kloe::workbook::packs::merge::Choice::Combined(combined.clone()),
    )]
    .into_iter()
    .collect();
    let outcome = store
        .merge_response(&file, &choices.into(), "Officer")
        .unwrap();
    assert_eq!(outcome.updated, [9, 10]);
    let history = store.history(conflict.assignment).unwrap();
    let last = history.last().unwrap();
    assert_eq!(last.paragraphs, combined);
    assert_eq!(last.author, "Officer");
    let info = store.assignment(conflict.assignment).unwrap();
    assert_eq!(info.status, kloe::model::Status::Submitted);
}

// --- refusals -----------------------------------------------------------------

/// A council with a Police response ready to import (answers to 9 and 10).
fn council_with_response() -> (Party, String, PathBuf, PathBuf) {
    let (council, review) = Party::council();
    let pack = council.pack_for(&review, "Police", "police.kloepack");
    let police = Party::partner();
    police.answer(&pack, 9, "Nine.");
    police.answer(&pack, 10, "Ten.");
    let response = police.return_to(&pack, "r.kloepack");
    (council, review, pack, response)
}

#[test]
fn a_response_for_a_review_not_in_the_workbook_is_refused() {
    let (_council, _review, _pack, response) = council_with_response();
    // Another council workbook: the same sample, but another review (or
    // another year's), so not the one the pack came from.
    let (other, _) = Party::council();
    other.refused_with(&["pack", "import", s(&response)], "foreign_review");

    let (council, review) = Party::council();
    council.ok(&["next-year", &review]);
    council.refused_with(&["pack", "import", s(&response)], "foreign_review");
}

#[test]
fn answers_to_questions_no_longer_the_partners_are_refused() {
    let (council, review, _pack, response) = council_with_response();
    council.ok(&["unassign", &review, "10", "Police", "--discard-response"]);
    council.refused_with(&["pack", "import", s(&response)], "not_partners_answer");
}

#[test]
fn an_altered_newer_damaged_or_escaping_response_is_refused() {
    let (council, _review, pack, response) = council_with_response();
    let bytes = std::fs::read(&response).unwrap();
    let files = zip_entries(&bytes);
    let (manifest, content) = (&files[0].1, &files[1].1);
    let write = |name: &str, bytes: &[u8]| {
        let f = council.file(name);
        std::fs::write(&f, bytes).unwrap();
        f
    };

    // An answer edited after the file was written.
    let edited = String::from_utf8(content.clone())
        .unwrap()
        .replace("Nine.", "Nine, edited.");
    let f = write(
        "edited",
        &zip_of(&[
            ("manifest.json", manifest),
            ("content.json", edited.as_bytes()),
        ]),
    );
    council.refused_with(&["pack", "import", s(&f)], "altered");

    // The manifest edited: another partner, review title, name or time.
    for (field, value) in [
        ("partner", "1"),
        ("review_title", "Another review"),
        ("partner_name", "Bolsover District Council"),
        ("issued_at", "2026-03-01T09:00:00Z"),
    ] {
        let mut m: serde_json::Value = serde_json::from_slice(manifest).unwrap();
        m[field] = value.into();
        let f = write(
            &format!("relabelled-{field}"),
            &zip_of(&[
                ("manifest.json", &serde_json::to_vec(&m).unwrap()),
                ("content.json", content),
            ]),
        );
        council.refused_with(&["pack", "import", s(&f)], "altered");
    }

    // From a newer version of the program.
    let mut m: serde_json::Value = serde_json::from_slice(manifest).unwrap();
    m["version"] = 99.into();
    let f = write(
        "newer",
        &zip_of(&[
            ("manifest.json", &serde_json::to_vec(&m).unwrap()),
            ("content.json", content),
        ]),
    );
    council.refused_with(&["pack", "import", s(&f)], "newer_format");

    // Cut short.
    let f = write("truncated", &bytes[..bytes.len() * 2 / 3]);
    council.refused_with(&["pack", "import", s(&f)], "not_a_pack");

    // Entries that would land outside.
    for (i, name) in ["../x", "/etc/x", "a/../../x"].iter().enumerate() {
        let f = write(
            &format!("slip{i}"),
            &zip_of(&[
                (name, b"x"),
                ("manifest.json", manifest),
                ("content.json", content),
            ]),
        );
        council.refused_with(&["pack", "import", s(&f)], "not_a_pack");
    }

    // A pack is not a response.
    council.refused_with(&["pack", "import", s(&pack)], "wrong_kind");
    let partner = Party::partner();
    partner.ok(&["pack", "open", s(&pack)]);
    partner.refused_with(&["pack", "open", s(&response)], "wrong_kind");
}

#[test]
fn an_older_return_after_a_newer_one_is_refused_unless_asked_for() {
    let (council, review) = Party::council();
    let pack = council.pack_for(&review, "Police", "police.kloepack");
    let police = Party::partner().at("2026-02-03T09:00:00Z");
    police.answer(&pack, 9, "First thoughts.");
    let older = police.return_to(&pack, "older.kloeresponse");
    // The second return says it was written earlier: clocks do not order returns.
    let police = police.at("2026-01-04T09:00:00Z");
    police.answer(&pack, 9, "Second thoughts.");
    let newer = police.return_to(&pack, "newer.kloeresponse");

    council.ok(&["pack", "import", s(&newer)]);
    let err = council.refused_with(&["pack", "import", s(&older)], "older_return");
    assert!(err.contains("--allow-older"), "{err}");
    assert_eq!(
        answer_of(&council.show(&review), 9, "Police").0,
        "Second thoughts."
    );

    // Asked for, the older return is merged, with a warning.
    let out = council
        .cmd(&["pack", "import", s(&older), "--allow-older"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let warning = String::from_utf8_lossy(&out.stderr);
    assert!(
        warning
            .contains("Warning: this is return 1 of Derbyshire Police's pack, older than return 2"),
        "{warning}"
    );
    assert_eq!(
        answer_of(&council.show(&review), 9, "Police").0,
        "First thoughts."
    );
    // And the newer one can be taken back again the same way.
    let out = council.ok(&["pack", "import", s(&newer)]);
    assert!(out.contains("already merged"), "{out}");
}

#[test]
fn nothing_to_return_until_an_answer_is_ready() {
    let (council, review) = Party::council();
    let pack = council.pack_for(&review, "Police", "police.kloepack");
    let police = Party::partner();
    let out = police.ok(&[
        "pack",
        "answer",
        s(&pack),
        "9",
        "--text",
        "Half done",
        "--draft",
    ]);
    assert!(out.contains("drafting"), "{out}");
    let target = police.file("r.kloepack");
    let err = police.refused_with(&["pack", "return", s(&pack), "-o", s(&target)], "not_ready");
    assert!(err.contains("No answer is marked ready yet"), "{err}");
    assert!(!target.exists());
    let err = police.refused_with(
        &["pack", "answer", s(&pack), "3", "--text", "x"],
        "not_found",
    );
    assert!(
        err.contains("no question 3; its questions are 9, 10, 11, 12"),
        "{err}"
    );
}

// --- the Word route -------------------------------------------------------------

/// Types `answers` into a Word form's boxes the way Word saves them: the
/// placeholder gone, the words split into runs with revision ids and a
/// proofing mark, and the document's modified time moved on.
fn fill_form_as_word(
    form: &[u8],
    answers: &[(u32, &str)],
    signoff: [&str; 3],
    modified: &str,
) -> Vec<u8> {
    let files = zip_entries(form);
    let mut out = Vec::new();
    for (name, data) in &files {
        let mut text = String::from_utf8(data.clone()).unwrap();
        if name == "word/document.xml" {
            for (q, words) in answers {
                text = fill_box(&text, &format!(":{q}\"/>"), words);
            }
            for (field, words) in ["name", "role", "date"].iter().zip(signoff) {
                text = fill_box(&text, &format!("kloe:signoff:{field}\"/>"), words);
            }
        }
        if name == "docProps/core.xml" {
            let start = text.find("<dcterms:modified").unwrap();
            let end = text.find("</dcterms:modified>").unwrap();
            text.replace_range(
                start..end,
                &format!("<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{modified}"),
            );
        }
        out.push((name.clone(), text.into_bytes()));
    }
    let refs: Vec<(&str, &[u8])> = out
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    zip_of(&refs)
}

/// Replaces the content of the box whose tag ends with `tag_end`.
pub(crate) fn fill_box(xml: &str, tag_end: &str, words: &str) -> String {
    let at = xml
        .find(tag_end)
        .unwrap_or_else(|| panic!("no box {tag_end}"));
    let start = at + xml[at..].find("<w:sdtContent>").unwrap() + "<w:sdtContent>".len();
    let end = at + xml[at..].find("</w:sdtContent>").unwrap();
    let (first, rest) = words.split_at(words.len() / 2);
    let paragraph = format!(
        "<w:p w14:paraId=\"1A2B3C4D\" w:rsidR=\"00A1B2C3\" w:rsidRDefault=\"00A1B2C3\" xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\">\
         <w:r w:rsidRPr=\"00D4E5F6\"><w:t xml:space=\"preserve\">{first}</w:t></w:r><w:proofErr w:type=\"spellStart\"/>\
         <w:r><w:t>{rest}</w:t></w:r><w:proofErr w:type=\"spellEnd\"/></w:p>"
    );
    let mut out = xml.to_string();
    out.replace_range(start..end, &paragraph);
    // Word drops the placeholder flag once the box is typed in.
    let head_start = xml[..at].rfind("<w:sdtPr>").unwrap();
    let head = &out[head_start..start];
    let cleaned = head.replace("<w:showingPlcHdr/>", "");
    out.replace_range(head_start..start, &cleaned);
    out
}

pub(crate) fn docx_text(bytes: &[u8]) -> String {
    zip_entries(bytes)
        .into_iter()
        .find(|(n, _)| n == "word/document.xml")
        .map(|(_, d)| String::from_utf8(d).unwrap())
        .unwrap()
}

#[test]
fn the_word_form_holds_the_partners_questions_and_passes_the_schema() {
    let (council, review) = Party::council();
    let form = council.pack_for(&review, "Police", "police.docx");
    let bytes = std::fs::read(&form).unwrap();
    let xml = docx_text(&bytes);
    for q in [
        "Question 9.",
        "Question 10.",
        "Question 11.",
        "Question 12.",
    ] {
        assert!(xml.contains(q), "{q} missing");
    }
    assert!(
        !xml.contains("Question 1."),
        "another partner's question is in the form"
    );
    assert_eq!(xml.matches("<w:tag w:val=\"kloe:answer:").count(), 4);
    assert_eq!(
        xml.matches("<w:vanish/>").count(),
        4 + 3,
        "each box named in hidden text"
    );
    assert!(xml.contains("A joint answer with Derbyshire PCC Office"));
    crate::support::check_docx(&form);
}

#[test]
fn a_word_form_filled_in_as_word_saves_it_merges_like_a_response() {
    let (council, review) = Party::council();
    let form = std::fs::read(council.pack_for(&review, "Police", "police.docx")).unwrap();
    let filled = fill_form_as_word(
        &form,
        &[(9, "Typed into Word for nine.")],
        ["Jane Smith", "Chief Inspector", "4 February 2026"],
        "2026-02-04T10:30:00Z",
    );
    let file = council.file("filled.docx");
    std::fs::write(&file, &filled).unwrap();
    let preview = council.ok(&["pack", "import", s(&file), "--dry-run"]);
    assert!(
        preview.contains("Question 9: Derbyshire Police Response: will take"),
        "{preview}"
    );
    assert!(
        !preview.contains("Question 10"),
        "untouched boxes are not answers: {preview}"
    );
    council.ok(&["pack", "import", s(&file)]);
    let doc = council.show(&review);
    assert_eq!(
        answer_of(&doc, 9, "Police"),
        ("Typed into Word for nine.".into(), "submitted".into())
    );
    assert_eq!(answer_of(&doc, 10, "Police").1, "approved", "left alone");
    let history = council.history(&review, 9, "Police");
    let last = history.as_array().unwrap().last().unwrap();
    assert_eq!(last["signoff"]["date"], "2026-02-04");

    // Again: nothing changes. An officer's later change then a conflicting
    // form is refused as any conflict is.
    let before = council.wb.dump();
    let again = council.ok(&["pack", "import", s(&file)]);
    assert!(again.contains("already merged"), "{again}");
    assert_eq!(council.wb.dump(), before);
}

#[test]
fn a_word_form_conflicts_and_refusals_follow_the_same_rules() {
    let (council, review) = Party::council();
    let form = std::fs::read(council.pack_for(&review, "Police", "police.docx")).unwrap();
    council.ok(&[
        "respond",
        &review,
        "9",
        "Police",
        "--text",
        "Officer's change.",
    ]);
    let filled = fill_form_as_word(
        &form,
        &[(9, "Police in Word.")],
        ["", "", ""],
        "2026-02-04T10:30:00Z",
    );
    let file = council.file("filled.docx");
    std::fs::write(&file, &filled).unwrap();
    let err = council.refused_with(&["pack", "import", s(&file)], "conflict");
    assert!(err.contains("Question 9 was changed here"), "{err}");

    // A form whose hidden names were tampered with.
    let files = zip_entries(&filled);
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    for (n, d) in files {
        let d = if n == "docProps/custom.xml" {
            String::from_utf8(d)
                .unwrap()
                .replace("KloeReview\"><vt:lpwstr>", "KloeReview\"><vt:lpwstr>x")
                .into_bytes()
        } else {
            d
        };
        out.push((n, d));
    }
    let refs: Vec<(&str, &[u8])> = out
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    std::fs::write(&file, zip_of(&refs)).unwrap();
    council.refused_with(&["pack", "import", s(&file)], "foreign_review");

    // An ordinary Word document is not a form.
    let export = council.file("review.docx");
    council.ok(&["export", &review, "--format", "docx", "-o", s(&export)]);
    let err = council.refused_with(&["pack", "import", s(&export)], "not_a_pack");
    assert!(err.contains("not a KLOE Workbook answer form"), "{err}");
}

/// The filled-in form `filled` as LibreOffice saves it again, in a folder
/// of `party`'s.
pub(crate) fn saved_again_by_libreoffice(party: &Party, filled: &[u8]) -> PathBuf {
    let dir = party.wb.dir().join("lo");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/filled.docx"), filled).unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let run = Command::new("soffice")
        .args([
            &profile,
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
        ])
        .arg(dir.join("out"))
        .arg(dir.join("in/filled.docx"))
        .output()
        .expect("LibreOffice (soffice) is installed by the test command");
    let saved = dir.join("out/filled.docx");
    assert!(
        saved.exists(),
        "LibreOffice did not save: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    saved
}

/// LibreOffice saves the filled form again: it drops content-control tags
/// and moves things about, and the answers must still come back.
#[test]
fn a_word_form_saved_again_by_libreoffice_still_merges() {
    let (council, review) = Party::council();
    let form = std::fs::read(council.pack_for(&review, "Police", "police.docx")).unwrap();
    let filled = fill_form_as_word(
        &form,
        &[
            (10, "Ten, typed and saved in LibreOffice."),
            (12, "Twelve from LibreOffice."),
        ],
        ["Sam Jones", "Superintendent", "05/02/2026"],
        "2026-02-05T10:30:00Z",
    );
    let saved = saved_again_by_libreoffice(&council, &filled);
    let xml = docx_text(&std::fs::read(&saved).unwrap());
    assert!(
        !xml.contains("kloe:answer:") || xml.contains("<w:vanish/>"),
        "saved by LibreOffice"
    );

    council.ok(&["pack", "import", s(&saved)]);
    let doc = council.show(&review);
    assert_eq!(
        answer_of(&doc, 10, "Police"),
        (
            "Ten, typed and saved in LibreOffice.".into(),
            "submitted".into()
        )
    );
    assert_eq!(answer_of(&doc, 12, "Police").0, "Twelve from LibreOffice.");
    assert_eq!(answer_of(&doc, 9, "Police").1, "approved", "left alone");
    let history = council.history(&review, 10, "Police");
    let last = history.as_array().unwrap().last().unwrap();
    assert_eq!(last["signoff"]["name"], "Sam Jones");
    assert_eq!(last["signoff"]["date"], "2026-02-05");
}
