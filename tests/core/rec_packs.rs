//! Partner packs carry the responses a partner owes to the committee's
//! recommendations as well as its questions: partner mode answers them
//! (decision, words, lead officer, target), returns them with the answers,
//! and the council merges them with the same rules, conflicts and
//! refusals as answers.

use std::path::{Path, PathBuf};

use crate::partner_packs::{Party, docx_text, fill_box, s};
use crate::support::{last_word, zip_entries, zip_of};
use crate::trust::{reseal, secret_of};

/// The council's sample with two recommendations: one to Police, one to
/// BDC and Police jointly; and the pack for Police.
fn council_with_recs() -> (Party, String, String, String, PathBuf) {
    let (council, review) = Party::council();
    let to_police = council.wb.recommend(
        &review,
        "Publish a quarterly ASB hotspot report.",
        &["Police"],
    );
    let joint = council.wb.recommend(
        &review,
        "Agree a joint PSPO enforcement protocol.",
        &["BDC", "Police"],
    );
    let pack = council.pack_for(&review, "Police", "police.kloepack");
    (council, review, to_police, joint, pack)
}

/// The recommendation `reference` in `kloe recs --json`, and its response
/// owed by `short` (a partner's short name).
fn rec_response(
    party: &Party,
    review: &str,
    reference: &str,
    short: &str,
) -> (serde_json::Value, serde_json::Value) {
    let doc = party.show(review);
    let partner = doc["partners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["short_name"] == short)
        .unwrap()["id"]
        .clone();
    let rec = doc["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["reference"] == reference)
        .unwrap()
        .clone();
    let response = rec["responses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["partners"].as_array().unwrap().contains(&partner))
        .unwrap()
        .clone();
    (rec, response)
}

/// Police, on their own machine, respond to `rec` by pack with `more`
/// (decision, words, …) and return it; the response file.
fn police_return(pack: &Path, rec: &str, more: &[&str]) -> PathBuf {
    let police = Party::partner();
    respond_in_pack(&police, pack, rec, more);
    police.return_to(pack, "police.kloeresponse")
}

fn respond_in_pack(partner: &Party, pack: &Path, rec: &str, more: &[&str]) -> String {
    let mut args = vec!["pack", "respond", s(pack), rec];
    args.extend(more);
    partner.ok(&args)
}

#[test]
fn police_respond_to_their_recommendations_by_pack_and_the_council_merges_them() {
    let (council, review, to_police, joint, pack) = council_with_recs();

    let police = Party::partner();
    let opened = police.ok(&["pack", "open", s(&pack)]);
    assert!(
        opened.contains("4 questions and 2 recommendations"),
        "{opened}"
    );
    let copy = last_word(&opened);
    // The copy holds the recommendations under the council's references,
    // the joint one owed jointly with BDC.
    let (rec, response) = rec_response(&police, &copy, &joint, "Police");
    assert_eq!(rec["text"][0], "Agree a joint PSPO enforcement protocol.");
    assert_eq!(response["partners"].as_array().unwrap().len(), 2);
    assert_eq!(response["status"], "not_started");

    let out = respond_in_pack(
        &police,
        &pack,
        &to_police,
        &[
            "--decision",
            "accepted",
            "--text",
            "We will publish it from April.",
            "--lead",
            "Ch Insp Jane Smith",
            "--target",
            "2026-04-30",
        ],
    );
    assert!(out.contains("ready to return"), "{out}");
    // A draft of the joint response stays behind.
    let out = respond_in_pack(
        &police,
        &pack,
        &joint,
        &["--decision", "partly", "--text", "Talks begin.", "--draft"],
    );
    assert!(out.contains("drafting"), "{out}");
    police.answer(&pack, 9, "Police answer to question 9.");
    let returned = police.ok(&[
        "pack",
        "return",
        s(&pack),
        "-o",
        s(&pack.with_file_name("police.kloeresponse")),
    ]);
    assert!(
        returned.contains(&format!(
            "and the response to recommendation {to_police} ready"
        )),
        "{returned}"
    );
    assert!(
        returned.contains(&format!("not returned: recommendation {joint}")),
        "{returned}"
    );
    let response_file = pack.with_file_name("police.kloeresponse");

    let council = council.at("2026-02-05T09:00:00Z");
    let before = council.wb.dump();
    let preview = council.ok(&["pack", "import", s(&response_file), "--dry-run"]);
    assert!(
        preview.contains(&format!(
            "Recommendation {to_police}: accepted; lead Ch Insp Jane Smith; target 30 April 2026: will take the partner's response, submitted"
        )),
        "{preview}"
    );
    assert_eq!(council.wb.dump(), before, "a dry run changes nothing");
    let merged = council.ok(&["pack", "import", s(&response_file)]);
    assert!(
        merged.contains(&format!(
            "submitted the response to recommendation {to_police}"
        )),
        "{merged}"
    );
    let (_, response) = rec_response(&council, &review, &to_police, "Police");
    assert_eq!(response["status"], "submitted");
    assert_eq!(response["decision"], "accepted");
    assert_eq!(response["response"][0], "We will publish it from April.");
    assert_eq!(response["lead_officer"], "Ch Insp Jane Smith");
    assert_eq!(response["target"], "2026-04-30");
    let (_, joint_response) = rec_response(&council, &review, &joint, "Police");
    assert_eq!(joint_response["status"], "not_started", "the draft stayed");

    // The same file again changes nothing.
    let after = council.wb.dump();
    let again = council.ok(&["pack", "import", s(&response_file)]);
    assert!(again.contains("already merged"), "{again}");
    assert_eq!(council.wb.dump(), after);

    // The joint response, marked ready later, comes back in a second return.
    respond_in_pack(
        &police,
        &pack,
        &joint,
        &["--text", "Protocol agreed with BDC."],
    );
    let second = pack.with_file_name("police-2.kloeresponse");
    police.ok(&["pack", "return", s(&pack), "-o", s(&second)]);
    council.ok(&["pack", "import", s(&second)]);
    let (_, joint_response) = rec_response(&council, &review, &joint, "Police");
    assert_eq!(joint_response["status"], "submitted");
    assert_eq!(joint_response["decision"], "partly");
    assert_eq!(joint_response["response"][0], "Protocol agreed with BDC.");
    let (_, response) = rec_response(&council, &review, &to_police, "Police");
    assert_eq!(
        response["response"][0], "We will publish it from April.",
        "the response merged before is as it was"
    );
}

#[test]
fn a_response_changed_on_both_sides_needs_a_choice() {
    let (council, review, to_police, _, pack) = council_with_recs();
    let response = police_return(
        &pack,
        &to_police,
        &["--decision", "accepted", "--text", "Police words."],
    );
    // The officer wrote Police's response meanwhile.
    council.wb.rec_respond(
        &review,
        &to_police,
        "Police",
        "not-accepted",
        "The officer's note of a phone call.",
        &[],
    );
    let err = council.refused_with(&["pack", "import", s(&response)], "conflict");
    assert!(
        err.contains(&format!(
            "The response to recommendation {to_police} was changed here"
        )),
        "{err}"
    );
    let preview = council.ok(&["pack", "import", s(&response), "--dry-run"]);
    assert!(preview.contains("CONFLICT"), "{preview}");
    assert!(
        preview.contains("Here now (saved by") && preview.contains("not accepted"),
        "{preview}"
    );

    let merged = council.ok(&["pack", "import", s(&response), "--prefer", "ours"]);
    assert!(
        merged.contains(&format!(
            "kept the response here for recommendation {to_police}"
        )),
        "{merged}"
    );
    let (_, ours) = rec_response(&council, &review, &to_police, "Police");
    assert_eq!(ours["decision"], "not_accepted");
    assert_eq!(ours["response"][0], "The officer's note of a phone call.");
}

#[test]
fn the_partner_takes_the_response_over_when_the_officer_prefers_it() {
    let (council, review, to_police, _, pack) = council_with_recs();
    let response = police_return(
        &pack,
        &to_police,
        &[
            "--decision",
            "partly",
            "--text",
            "Police words.",
            "--lead",
            "PC Brown",
        ],
    );
    council.wb.rec_respond(
        &review,
        &to_police,
        "Police",
        "accepted",
        "Officer's words.",
        &[],
    );
    council.ok(&["pack", "import", s(&response), "--prefer", "partner"]);
    let (_, theirs) = rec_response(&council, &review, &to_police, "Police");
    assert_eq!(theirs["decision"], "partly");
    assert_eq!(theirs["lead_officer"], "PC Brown");
    assert_eq!(theirs["status"], "submitted");
}

#[test]
fn forged_and_misdirected_responses_to_recommendations_are_refused() {
    let (council, review, to_police, joint, pack) = council_with_recs();
    let response = police_return(
        &pack,
        &to_police,
        &["--decision", "accepted", "--text", "Police words."],
    );
    let f = council.file("forged.kloeresponse");

    // Without the secret, a changed decision is caught.
    std::fs::write(
        &f,
        reseal(&response, None, |_, c| {
            c["recommendations"][0]["words"]["decision"] = "not_accepted".into();
        }),
    )
    .unwrap();
    council.refused_with(&["pack", "import", s(&f)], "not_proven");

    // With the pack's secret: BDC's response is not Police's to give.
    let secret = secret_of(&pack);
    let (_, bdc_joint) = rec_response(&council, &review, &joint, "BDC");
    // (BDC and Police owe the joint one together, so take a response
    // owed by BDC alone.)
    let bdc_only = council
        .wb
        .recommend(&review, "Light the car park.", &["BDC"]);
    let (_, bdc_response) = rec_response(&council, &review, &bdc_only, "BDC");
    assert_ne!(bdc_joint["id"], bdc_response["id"]);
    std::fs::write(
        &f,
        reseal(&response, Some(&secret), |_, c| {
            c["recommendations"][0]["response"] = bdc_response["id"].clone();
        }),
    )
    .unwrap();
    let err = council.refused_with(&["pack", "import", s(&f)], "not_partners_answer");
    assert!(err.contains(&bdc_only) || err.contains(&to_police), "{err}");

    // A response given twice.
    std::fs::write(
        &f,
        reseal(&response, Some(&secret), |_, c| {
            let again = c["recommendations"][0].clone();
            c["recommendations"].as_array_mut().unwrap().push(again);
        }),
    )
    .unwrap();
    council.refused_with(&["pack", "import", s(&f)], "repeated_answer");

    // A recommendation Police was addressed to after the pack went out.
    let later = council
        .wb
        .recommend(&review, "Report on knife crime.", &["Police"]);
    let (_, later_response) = rec_response(&council, &review, &later, "Police");
    std::fs::write(
        &f,
        reseal(&response, Some(&secret), |_, c| {
            c["recommendations"][0]["response"] = later_response["id"].clone();
            c["recommendations"][0]["reference"] = later.clone().into();
        }),
    )
    .unwrap();
    let err = council.refused_with(&["pack", "import", s(&f)], "outside_pack");
    assert!(err.contains(&later), "{err}");

    // The recommendation deleted since the pack went out.
    council.ok(&["rec", "delete", &review, &to_police]);
    let err = council.refused_with(&["pack", "import", s(&response)], "not_partners_answer");
    assert!(err.contains(&to_police), "{err}");
}

#[test]
fn a_partner_with_only_recommendations_gets_a_pack_and_an_unknown_one_is_refused() {
    let (council, review) = Party::council();
    council.wb.ok(&[
        "partner",
        "add",
        &review,
        "Derbyshire Fire and Rescue",
        "--short",
        "Fire",
    ]);
    let none = council.refused_with(
        &[
            "pack",
            "export",
            &review,
            "Fire",
            "-o",
            s(&council.file("f.kloepack")),
        ],
        "nothing_to_do",
    );
    assert!(none.contains("no questions and owes no response"), "{none}");
    let reference = council
        .wb
        .recommend(&review, "Fit smoke alarms in the flats.", &["Fire"]);
    let pack = council.pack_for(&review, "Fire", "fire.kloepack");
    let fire = Party::partner();
    let opened = fire.ok(&["pack", "open", s(&pack)]);
    assert!(
        opened.contains("0 questions and 1 recommendation"),
        "{opened}"
    );
    let before = fire.wb.dump();
    let err = fire.refused_with(
        &[
            "pack",
            "respond",
            s(&pack),
            "CSP (99/00) 99",
            "--decision",
            "accepted",
        ],
        "not_found",
    );
    assert!(err.contains(&reference), "{err}");
    assert_eq!(fire.wb.dump(), before);
    // By the council's number as well as its reference.
    let out = respond_in_pack(
        &fire,
        &pack,
        "1",
        &["--decision", "accepted", "--text", "Done by May."],
    );
    assert!(out.contains(&reference), "{out}");
    let response = fire.return_to(&pack, "fire.kloeresponse");
    council.ok(&["pack", "import", s(&response)]);
    let (_, r) = rec_response(&council, &review, &reference, "Fire");
    assert_eq!(r["status"], "submitted");
}

// --- the Word route -------------------------------------------------------------

/// Chooses `shown` in the inline content control (a drop-down list or a
/// date picker) tagged `tag`, as Word saves a choice: the placeholder flag
/// gone, the chosen words in place of the prompt, and (for a date) the
/// day kept on the picker.
fn choose_inline(xml: &str, tag: &str, shown: &str, full_date: Option<&str>) -> String {
    let at = xml
        .find(&format!("w:val=\"{tag}\""))
        .unwrap_or_else(|| panic!("no box {tag}"));
    let head = xml[..at].rfind("<w:sdtPr>").unwrap();
    let start = at + xml[at..].find("<w:sdtContent>").unwrap();
    let end = at + xml[at..].find("</w:sdtContent>").unwrap();
    let mut props = xml[head..start].replace("<w:showingPlcHdr/>", "");
    if let Some(day) = full_date {
        props = props.replace(
            "<w:date>",
            &format!("<w:date w:fullDate=\"{day}T00:00:00Z\">"),
        );
    }
    format!(
        "{}{props}<w:sdtContent><w:r><w:t xml:space=\"preserve\">{shown}</w:t></w:r>{}",
        &xml[..head],
        &xml[end..]
    )
}

/// The form with its document rewritten by `edit`.
fn edited_form(form: &[u8], edit: impl Fn(String) -> String) -> Vec<u8> {
    let files = zip_entries(form);
    let out: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(n, d)| {
            if n == "word/document.xml" {
                let xml = edit(String::from_utf8(d).unwrap());
                (n, xml.into_bytes())
            } else {
                (n, d)
            }
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = out
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    zip_of(&refs)
}

/// The tag of the box `part` of `reference`'s response in a form.
fn rec_box(xml: &str, reference: &str, part: &str) -> String {
    let alias = match part {
        "decision" => "Decision",
        "text" => "What will be done",
        "lead" => "Lead officer",
        _ => "Target date",
    };
    let at = xml
        .find(&format!("w:alias w:val=\"{alias} ({reference})\""))
        .unwrap_or_else(|| panic!("no {part} box for {reference}"));
    let tag = at + xml[at..].find("<w:tag w:val=\"").unwrap() + "<w:tag w:val=\"".len();
    xml[tag..tag + xml[tag..].find('"').unwrap()].to_string()
}

/// The Police form of `council_with_recs`, filled in as Word saves it:
/// the first recommendation's decision chosen, its words, lead officer and
/// target date typed or picked, and the sign-off.
fn police_form_filled(council: &Party, review: &str, to_police: &str, decision: &str) -> Vec<u8> {
    let form = std::fs::read(council.pack_for(review, "Police", "police.docx")).unwrap();
    edited_form(&form, |xml| {
        let tags: Vec<String> = ["decision", "text", "lead", "target"]
            .iter()
            .map(|p| rec_box(&xml, to_police, p))
            .collect();
        let xml = choose_inline(&xml, &tags[0], decision, None);
        let xml = fill_box(
            &xml,
            &format!("{}\"/>", tags[1]),
            "We will publish it twice a year.",
        );
        let xml = fill_box(&xml, &format!("{}\"/>", tags[2]), "PC Brown");
        let xml = choose_inline(&xml, &tags[3], "30 April 2026", Some("2026-04-30"));
        let xml = fill_box(&xml, "kloe:signoff:name\"/>", "Jane Smith");
        fill_box(&xml, "kloe:signoff:role\"/>", "Chief Inspector")
    })
}

#[test]
fn the_word_form_asks_each_recommendation_with_a_decision_list_and_passes_the_schema() {
    let (council, review, to_police, joint, _) = council_with_recs();
    council.wb.rec_respond(
        &review,
        &joint,
        "Police",
        "partly",
        "Talks with BDC have begun.",
        &["--lead", "Sgt Patel"],
    );
    let form = council.pack_for(&review, "Police", "police.docx");
    crate::support::check_docx(&form);
    let xml = docx_text(&std::fs::read(&form).unwrap());
    for reference in [&to_police, &joint] {
        assert!(
            xml.contains(&format!("Recommendation {reference}")),
            "{reference}"
        );
        for part in ["decision", "text", "lead", "target"] {
            rec_box(&xml, reference, part);
        }
    }
    assert_eq!(xml.matches("<w:dropDownList>").count(), 2);
    assert_eq!(
        xml.matches("<w:listItem w:displayText=\"Partly accepted\" w:value=\"partly\"/>")
            .count(),
        2
    );
    assert_eq!(xml.matches("<w:date>").count(), 2, "a date picker each");
    assert!(xml.contains("A joint response with Bolsover District Council"));
    // The joint response starts as it stands: its decision chosen, its
    // words and lead officer in their boxes.
    let decision = rec_box(&xml, &joint, "decision");
    let box_xml = &xml[xml.find(&decision).unwrap()..];
    let content =
        &box_xml[box_xml.find("<w:sdtContent>").unwrap()..box_xml.find("</w:sdtContent>").unwrap()];
    assert!(content.contains("Partly accepted"), "{content}");
    assert!(xml.contains("Talks with BDC have begun.") && xml.contains("Sgt Patel"));
}

#[test]
fn a_word_form_filled_in_as_word_merges_its_responses() {
    let (council, review, to_police, joint, _) = council_with_recs();
    let filled = police_form_filled(&council, &review, &to_police, "Partly accepted");
    let file = council.file("filled.docx");
    std::fs::write(&file, &filled).unwrap();
    let preview = council.ok(&["pack", "import", s(&file), "--dry-run"]);
    assert!(
        preview.contains(&format!(
            "Recommendation {to_police}: partly accepted; lead PC Brown; target 30 April 2026: will take"
        )),
        "{preview}"
    );
    assert!(
        !preview.contains(&joint),
        "untouched boxes are no response: {preview}"
    );
    council.ok(&["pack", "import", s(&file)]);
    let (_, r) = rec_response(&council, &review, &to_police, "Police");
    assert_eq!(r["decision"], "partly");
    assert_eq!(r["response"][0], "We will publish it twice a year.");
    assert_eq!(r["lead_officer"], "PC Brown");
    assert_eq!(r["target"], "2026-04-30");
    assert_eq!(r["status"], "submitted");
    let (_, untouched) = rec_response(&council, &review, &joint, "Police");
    assert_eq!(untouched["status"], "not_started");
}

#[test]
fn a_word_form_with_a_decision_or_date_not_understood_is_refused() {
    let (council, review, to_police, _, _) = council_with_recs();
    let file = council.file("filled.docx");
    std::fs::write(
        &file,
        police_form_filled(&council, &review, &to_police, "Maybe later"),
    )
    .unwrap();
    let err = council.refused_with(&["pack", "import", s(&file)], "bad_value");
    assert!(
        err.contains("\"Maybe later\"") && err.contains("Accepted, Partly accepted, Not accepted"),
        "{err}"
    );
    // Typed rather than chosen, a decision's words are understood.
    std::fs::write(
        &file,
        police_form_filled(&council, &review, &to_police, "not accepted"),
    )
    .unwrap();
    council.ok(&["pack", "import", s(&file), "--dry-run"]);

    let form = police_form_filled(&council, &review, &to_police, "Accepted");
    let bad_day = edited_form(&form, |xml| {
        xml.replace(">30 April 2026<", ">the end of spring<")
    });
    std::fs::write(&file, bad_day).unwrap();
    let err = council.refused_with(&["pack", "import", s(&file)], "bad_value");
    assert!(err.contains("\"the end of spring\""), "{err}");
}

/// LibreOffice saves the filled form again: it drops the content controls'
/// tags, and the responses must still come back.
#[test]
fn a_word_form_with_responses_saved_again_by_libreoffice_still_merges() {
    let (council, review, to_police, _, _) = council_with_recs();
    let filled = police_form_filled(&council, &review, &to_police, "Not accepted");
    let saved = crate::partner_packs::saved_again_by_libreoffice(&council, &filled);
    council.ok(&["pack", "import", s(&saved)]);
    let (_, r) = rec_response(&council, &review, &to_police, "Police");
    assert_eq!(r["decision"], "not_accepted");
    assert_eq!(r["lead_officer"], "PC Brown");
    assert_eq!(r["target"], "2026-04-30");
    assert_eq!(r["response"][0], "We will publish it twice a year.");
}

// --- the year, end to end ------------------------------------------------------

/// The whole cycle, headless: after the meeting the committee's two
/// recommendations (one to Police, one to BDC and Police jointly); Police
/// respond by pack, the officer writes the joint response; progress is
/// recorded over the months; the monitoring schedule is exported; and next
/// year carries the unfinished one with its question.
#[test]
fn a_year_of_recommendations_from_the_meeting_to_next_years_review() {
    let (council, review) = Party::council();
    let wb = &council.wb;
    let hotspots = wb.recommend(
        &review,
        "Publish a quarterly ASB hotspot report.",
        &["Police"],
    );
    let joint = wb.recommend(
        &review,
        "Agree a joint PSPO enforcement protocol.",
        &["BDC", "Police"],
    );
    let status: serde_json::Value =
        serde_json::from_str(&council.ok(&["status", &review, "--json"])).unwrap();
    assert_eq!(status["recommendations"]["outstanding"], 2, "{status}");

    // Police answer theirs offline, by pack; it is approved once merged.
    let pack = council.pack_for(&review, "Police", "police.kloepack");
    let police = Party::partner();
    respond_in_pack(
        &police,
        &pack,
        &hotspots,
        &[
            "--decision",
            "accepted",
            "--text",
            "A report each quarter from June.",
            "--lead",
            "Ch Insp Jane Smith",
            "--target",
            "2019-06-30",
        ],
    );
    let returned = police.return_to(&pack, "police.kloeresponse");
    council.ok(&["pack", "import", s(&returned)]);
    council.ok(&[
        "rec",
        "set-status",
        &review,
        &hotspots,
        "Police",
        "approved",
    ]);

    // The officer writes the joint response from the partners' meeting.
    wb.rec_respond(
        &review,
        &joint,
        "BDC",
        "partly",
        "A protocol for the town centre first.",
        &[
            "--lead",
            "Jo Bloggs",
            "--target",
            "2019-12-31",
            "--status",
            "submitted",
        ],
    );
    let status: serde_json::Value =
        serde_json::from_str(&council.ok(&["status", &review, "--json"])).unwrap();
    assert_eq!(status["recommendations"]["outstanding"], 0, "{status}");

    // Progress through the year.
    for (rec, progress, text, day) in [
        (&hotspots, "on-track", "First report drafted.", "2019-05-01"),
        (
            &joint,
            "not-started",
            "Waiting for the new PSPO.",
            "2019-05-01",
        ),
        (
            &hotspots,
            "at-risk",
            "Data late from the force.",
            "2019-07-01",
        ),
        (&joint, "on-track", "Protocol drafted.", "2019-08-01"),
        (&hotspots, "complete", "Published quarterly.", "2019-10-01"),
        (
            &joint,
            "off-track",
            "Enforcement officer post vacant.",
            "2019-12-01",
        ),
    ] {
        wb.rec_update(&review, rec, progress, text, day);
    }
    let history: serde_json::Value =
        serde_json::from_str(&council.ok(&["recs", &review, "--history", "--json"])).unwrap();
    let month = |m: &str| {
        history
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["month"] == m)
            .unwrap_or_else(|| panic!("no {m} in {history}"))["counts"]
            .clone()
    };
    assert_eq!(month("2019-07-01")["at_risk"], 1);
    assert_eq!(month("2019-07-01")["not_started"], 1);
    assert_eq!(month("2019-12-01")["complete"], 1);
    assert_eq!(month("2019-12-01")["off_track"], 1);

    // The monitoring schedule, for the committee.
    let md = council.file("schedule.md");
    council.ok(&["export", &review, "--schedule", "-o", s(&md)]);
    let md = std::fs::read_to_string(&md).unwrap();
    assert!(
        md.contains(&format!("| {hotspots} | Publish a quarterly ASB hotspot report. | Derbyshire Police | Accepted | Ch Insp Jane Smith | 30 Jun 2019 | Complete | 1 Oct 2019: Published quarterly. |")),
        "{md}"
    );
    assert!(
        md.contains(&format!("| {joint} | Agree a joint PSPO enforcement protocol. | Bolsover District Council/ Derbyshire Police (jointly) | Partly accepted | Jo Bloggs | 31 Dec 2019 | Off track | 1 Dec 2019: Enforcement officer post vacant. |")),
        "{md}"
    );
    let docx = council.file("schedule.docx");
    council.ok(&["export", &review, "--schedule", "-o", s(&docx)]);
    crate::support::check_docx(&docx);

    // Next year: the unfinished one comes, with its history and a question
    // to the same partners.
    let next = last_word(&council.ok(&["next-year", &review]));
    let doc = council.show(&next);
    let recs = doc["recommendations"].as_array().unwrap();
    assert_eq!(recs.len(), 1, "the complete one stays behind");
    assert_eq!(recs[0]["reference"], joint.as_str());
    assert_eq!(recs[0]["progress"], "off_track");
    assert_eq!(recs[0]["updates"].as_array().unwrap().len(), 3);
    assert_eq!(recs[0]["responses"][0]["decision"], "partly");
    let section = doc["sections"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(section["title"], "Last year's recommendations");
    let question = &section["questions"][0];
    assert!(
        question["text"].as_str().unwrap().starts_with(&format!(
            "What progress has been made on recommendation {joint}"
        )),
        "{question}"
    );
    let owed: Vec<String> = question["assignments"][0]["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| {
            doc["partners"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| &p["id"] == id)
                .unwrap()["short_name"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(owed, ["BDC", "Police"]);

    // And next year's Police pack asks both the question and the carried
    // recommendation's progress.
    let pack = council.pack_for(&next, "Police", "police-next.kloepack");
    let police = Party::partner();
    let opened = police.ok(&["pack", "open", s(&pack)]);
    assert!(opened.contains("and 1 recommendation"), "{opened}");
}

#[test]
fn a_response_with_an_impossible_lead_officer_is_refused_whole() {
    let (council, review, to_police, _, pack) = council_with_recs();
    let police = Party::partner();
    respond_in_pack(
        &police,
        &pack,
        &to_police,
        &["--decision", "accepted", "--text", "Yes."],
    );
    police.answer(&pack, 9, "Nine.");
    let response = police.return_to(&pack, "police.kloeresponse");
    let secret = secret_of(&pack);
    let f = council.file("long-lead.kloeresponse");
    std::fs::write(
        &f,
        reseal(&response, Some(&secret), |_, c| {
            c["recommendations"][0]["words"]["lead_officer"] = "x".repeat(5_000).into();
        }),
    )
    .unwrap();
    let err = council.refused_with(&["pack", "import", s(&f)], "out_of_range");
    assert!(err.contains("at most 200 characters"), "{err}");
    // Not even the answer beside it was merged.
    let doc = council.show(&review);
    assert_ne!(
        crate::partner_packs::answer_of(&doc, 9, "Police").0,
        "Nine."
    );
}

#[test]
fn a_pack_naming_a_recommendation_twice_does_not_open() {
    let (_council, _, _, _, pack) = council_with_recs();
    let files = zip_entries(&std::fs::read(&pack).unwrap());
    let mut manifest: serde_json::Value = serde_json::from_slice(&files[0].1).unwrap();
    let mut content: serde_json::Value = serde_json::from_slice(&files[1].1).unwrap();
    let first = content["recommendations"][0].clone();
    content["recommendations"][1]["reference"] = first["reference"].clone();
    let content = serde_json::to_vec_pretty(&content).unwrap();
    manifest["content_sha256"] = kloe::formats::pack::sha256_hex(&content).into();
    let forged = pack.with_file_name("twice.kloepack");
    std::fs::write(
        &forged,
        zip_of(&[
            (
                "manifest.json",
                &serde_json::to_vec_pretty(&manifest).unwrap(),
            ),
            ("content.json", &content),
        ]),
    )
    .unwrap();
    let police = Party::partner();
    police.ok(&["new", "Police's own review"]);
    let err = police.refused_with(&["pack", "open", s(&forged)], "not_a_pack");
    assert!(err.contains("names a recommendation twice"), "{err}");
}
