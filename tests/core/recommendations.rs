//! The committee's recommendations: added after the meeting, owed a
//! response by each partner they are addressed to (or jointly), answered
//! with a decision, words, a lead officer and a target, and followed
//! through the year with progress updates.

use serde_json::Value;

use crate::support::WorkbookFile;

/// The sample review with two recommendations agreed at its meeting: one
/// to the Police, one to the council and the Police jointly.
fn sample_with_recommendations() -> (WorkbookFile, String) {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    wb.recommend(
        &id,
        "The partnership should publish a plan to reduce anti-social behaviour in Shirebrook.",
        &["Police"],
    );
    wb.recommend(
        &id,
        "Joint patrols should report to this committee each quarter.",
        &["BDC", "Police"],
    );
    (wb, id)
}

fn recs(wb: &WorkbookFile, id: &str) -> Vec<Value> {
    let json: Value = serde_json::from_str(&wb.ok(&["recs", id, "--json"])).unwrap();
    json.as_array().unwrap().clone()
}

/// The short names of the partners owing each response of a recommendation.
fn owed(wb: &WorkbookFile, id: &str, rec: &Value) -> Vec<Vec<String>> {
    let doc: Value = serde_json::from_str(&wb.ok(&["show", id, "--json"])).unwrap();
    let name = |pid: &Value| -> String {
        doc["partners"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == *pid)
            .map(|p| p["short_name"].as_str().unwrap().to_string())
            .unwrap()
    };
    rec["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["partners"].as_array().unwrap().iter().map(name).collect())
        .collect()
}

#[test]
fn a_recommendation_is_owed_a_response_by_the_partners_it_is_addressed_to() {
    let (wb, id) = sample_with_recommendations();
    let list = recs(&wb, &id);
    assert_eq!(list.len(), 2);
    // References from the review's year (the meeting of 18 March 2019 is
    // in 2018/19) and the recommendation's number; due 28 days after.
    assert_eq!(list[0]["reference"], "CSP (18/19) 01");
    assert_eq!(list[1]["reference"], "CSP (18/19) 02");
    assert_eq!(list[0]["agreed"], "2019-03-18");
    assert_eq!(list[0]["due"], "2019-04-15");
    assert_eq!(owed(&wb, &id, &list[0]), [["Police"]]);
    assert_eq!(
        owed(&wb, &id, &list[1]),
        [["BDC", "Police"]],
        "one joint response"
    );
    assert_eq!(list[1]["responses"][0]["status"], "not_started");
    assert_eq!(list[1]["progress"], Value::Null);

    // The reference is printed last, for scripts.
    let out = wb.ok(&[
        "rec",
        "add",
        &id,
        "Each partner should name a lead for hate crime.",
        "--to",
        "BDC",
        "Police",
        "PCC",
        "--separately",
        "--ref",
        "CSP 2019/3",
        "--due",
        "2019-05-01",
    ]);
    assert_eq!(out.lines().last(), Some("CSP 2019/3"));
    let third = &recs(&wb, &id)[2];
    assert_eq!(
        owed(&wb, &id, third),
        [["BDC"], ["Police"], ["PCC"]],
        "--separately: one response each"
    );
    assert_eq!(third["due"], "2019-05-01");

    // The same reference twice, no partner, no words: refused, nothing changed.
    wb.refused_with(
        &[
            "rec",
            "add",
            &id,
            "Again.",
            "--to",
            "BDC",
            "--ref",
            "csp 2019/3",
        ],
        "name_taken",
    );
    wb.refused_with(&["rec", "add", &id, "  ", "--to", "BDC"], "required");
    wb.refused_with(
        &["rec", "add", &id, "Words.", "--to", "Nobody Council"],
        "not_found",
    );
    wb.refused_with(
        &[
            "rec",
            "add",
            &id,
            "Words.",
            "--to",
            "BDC",
            "BDC",
            "--separately",
        ],
        "already_assigned",
    );
}

#[test]
fn a_response_needs_a_decision_and_words_before_it_is_handed_in() {
    let (wb, id) = sample_with_recommendations();
    // Nothing written yet: it cannot be submitted, and nothing is saved.
    let msg = wb.refused_with(
        &[
            "rec",
            "respond",
            &id,
            "1",
            "Police",
            "--status",
            "submitted",
        ],
        "invalid_transition",
    );
    assert!(
        msg.contains("It has neither a decision nor words yet"),
        "{msg}"
    );
    let msg = wb.refused_with(
        &[
            "rec",
            "respond",
            &id,
            "1",
            "Police",
            "--text",
            "A plan will be published in June.",
            "--status",
            "submitted",
        ],
        "invalid_transition",
    );
    assert!(msg.contains("It has no decision yet"), "{msg}");

    let out = wb.ok(&[
        "rec",
        "respond",
        &id,
        "CSP (18/19) 01",
        "Police",
        "--decision",
        "accepted",
        "--text",
        "A plan will be published in June.\nIt will be shared with the committee.",
        "--lead",
        "Chief Inspector Jones",
        "--target",
        "2019-06-30",
        "--status",
        "submitted",
    ]);
    assert!(out.contains("status submitted"), "{out}");
    let r = &recs(&wb, &id)[0]["responses"][0];
    assert_eq!(r["decision"], "accepted");
    assert_eq!(
        r["response"],
        serde_json::json!([
            "A plan will be published in June.",
            "It will be shared with the committee."
        ])
    );
    assert_eq!(r["lead_officer"], "Chief Inspector Jones");
    assert_eq!(r["target"], "2019-06-30");
    assert_eq!(r["status"], "submitted");

    // A later save changes only what it gives; editing reopens it.
    wb.ok(&["rec", "respond", &id, "1", "Police", "--decision", "partly"]);
    let r = &recs(&wb, &id)[0]["responses"][0];
    assert_eq!(r["decision"], "partly");
    assert_eq!(r["lead_officer"], "Chief Inspector Jones");
    assert_eq!(r["revisions"], 2);
    assert_eq!(r["status"], "submitted", "still handed in: it has words");
    wb.ok(&["rec", "set-status", &id, "1", "police", "approved"]);
    assert_eq!(recs(&wb, &id)[0]["responses"][0]["status"], "approved");

    // Either partner answers a joint response; a partner it is not
    // addressed to cannot.
    wb.ok(&[
        "rec",
        "respond",
        &id,
        "2",
        "BDC",
        "--decision",
        "not-accepted",
        "--text",
        "Patrol figures already go to the partnership board.",
    ]);
    assert_eq!(recs(&wb, &id)[1]["responses"][0]["status"], "drafting");
    wb.refused_with(
        &["rec", "respond", &id, "2", "PCC", "--decision", "accepted"],
        "not_assigned",
    );
    wb.refused_with(&["rec", "respond", &id, "2", "BDC"], "usage");
    wb.refused_with(
        &["rec", "respond", &id, "9", "BDC", "--decision", "accepted"],
        "not_found",
    );
    wb.refused_with(
        &["rec", "set-status", &id, "2", "BDC", "answered_elsewhere"],
        "invalid_transition",
    );
}

#[test]
fn progress_is_recorded_through_the_year_and_the_latest_is_where_it_stands() {
    let (wb, id) = sample_with_recommendations();
    for (date, progress, text) in [
        ("2019-06-01", "on-track", "Draft plan written."),
        (
            "2019-09-01",
            "at-risk",
            "Consultation delayed by the elections.",
        ),
        ("2019-07-15", "on-track", "Consultation opened."),
    ] {
        wb.rec_update(&id, "1", progress, text, date);
    }
    let rec = &recs(&wb, &id)[0];
    let dates: Vec<&str> = rec["updates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        ["2019-06-01", "2019-07-15", "2019-09-01"],
        "in date order"
    );
    assert_eq!(rec["progress"], "at_risk", "the latest by date");
    assert_eq!(rec["updates"][0]["author"], crate::support::AUTHOR);

    wb.refused_with(
        &["rec", "update", &id, "1", "--progress", "paused"],
        "required",
    );
    wb.refused_with(
        &["rec", "update", &id, "1", "--progress", "half-done"],
        "usage",
    );
    let text = wb.ok(&["recs", &id, "--today", "2019-09-02"]);
    assert!(
        text.contains("1  CSP (18/19) 01  [at risk (1 Sep 2019)]"),
        "{text}"
    );
    assert!(
        text.contains("On 2 September 2019: 2 recommendations, 2 responses owed, 2 overdue"),
        "{text}"
    );
}

#[test]
fn recommendations_move_and_delete_with_their_numbers_following() {
    let (wb, id) = sample_with_recommendations();
    wb.ok(&["rec", "move", &id, "CSP (18/19) 02", "--to", "1"]);
    let refs: Vec<String> = recs(&wb, &id)
        .iter()
        .map(|r| r["reference"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(refs, ["CSP (18/19) 02", "CSP (18/19) 01"]);
    wb.refused_with(&["rec", "move", &id, "1", "--to", "3"], "out_of_range");
    wb.refused_with(&["rec", "move", &id, "1", "--to", "0"], "out_of_range");

    wb.ok(&["rec", "delete", &id, "1"]);
    let left = recs(&wb, &id);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["reference"], "CSP (18/19) 01");
    assert_eq!(left[0]["number"], 1);
    // A new one takes the next free reference.
    let out = wb.ok(&["rec", "add", &id, "Another.", "--to", "PCC"]);
    assert_eq!(out.lines().last(), Some("CSP (18/19) 02"));
}

/// `status` counts the responses owed to recommendations beside the
/// answers, and `chase` and its calendar reminder ask for them.
#[test]
fn responses_owed_to_recommendations_are_tracked_and_chased() {
    let (wb, id) = sample_with_recommendations();
    let status: Value =
        serde_json::from_str(&wb.ok(&["status", &id, "--json", "--today", "2019-04-20"])).unwrap();
    assert_eq!(
        status["recommendations"],
        serde_json::json!({"responses": 2, "outstanding": 2, "overdue": 2})
    );
    let police = status["partners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["short_name"] == "Police")
        .unwrap();
    let owed: Vec<&str> = police["recommendations_owed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["reference"].as_str().unwrap())
        .collect();
    assert_eq!(owed, ["CSP (18/19) 01", "CSP (18/19) 02"]);
    assert_eq!(
        police["recommendations_owed"][1]["joint_with"],
        serde_json::json!(["BDC"])
    );
    assert_eq!(police["recommendations_owed"][0]["days_overdue"], 5);

    let text = wb.ok(&["status", &id, "--today", "2019-04-20"]);
    assert!(
        text.contains("Recommendations: 2 responses, 2 outstanding, 2 overdue"),
        "{text}"
    );
    assert!(
        text.contains("Rec CSP (18/19) 02  not started  due 15 Apr 2019 – OVERDUE by 5 days"),
        "{text}"
    );

    let mail = wb.ok(&["chase", &id, "Police", "--today", "2019-04-20"]);
    assert!(
        mail.contains("2 responses to recommendations needed from Derbyshire Police"),
        "{mail}"
    );
    assert!(
        mail.contains("Recommendation CSP (18/19) 02 (was due 15 April 2019 (5 days ago); a joint response with BDC):\nJoint patrols should report to this committee each quarter."),
        "{mail}"
    );
    // Once the Police hand in the first, only the joint one is chased.
    wb.ok(&[
        "rec",
        "respond",
        &id,
        "1",
        "Police",
        "--decision",
        "accepted",
        "--text",
        "A plan will be published in June.",
        "--status",
        "submitted",
    ]);
    let mail = wb.ok(&["chase", &id, "Police", "--today", "2019-04-20"]);
    assert!(
        mail.contains("We still need this response to a recommendation from Derbyshire Police"),
        "{mail}"
    );
    assert!(!mail.contains("CSP (18/19) 01"), "{mail}");

    let ics = wb.dir().join("bdc.ics");
    wb.ok(&[
        "chase",
        &id,
        "BDC",
        "--ics",
        ics.to_str().unwrap(),
        "--today",
        "2019-04-01",
    ]);
    let calendar = std::fs::read_to_string(&ics).unwrap();
    assert!(
        calendar.contains("DTSTART;VALUE=DATE:20190415"),
        "{calendar}"
    );
    assert!(
        calendar.contains("SUMMARY:Answers due from Bolsover District Council: CSP (18/19) 02"),
        "{calendar}"
    );
}

/// Next year's review carries every recommendation not complete, with its
/// responses and progress history, and asks what became of each of them
/// of the partners it was addressed to.
#[test]
fn next_year_carries_the_unfinished_recommendations_with_a_question_on_each() {
    let (wb, id) = sample_with_recommendations();
    let approved = ["--status", "approved"];
    wb.rec_respond(&id, "1", "Police", "accepted", "A plan in June.", &approved);
    wb.rec_update(&id, "1", "complete", "Published.", "2019-07-01");
    wb.rec_respond(
        &id,
        "2",
        "BDC",
        "partly",
        "Quarterly reports.",
        &["--lead", "Jo Bloggs", "--status", "submitted"],
    );
    wb.rec_update(&id, "2", "on-track", "First report given.", "2019-07-01");
    wb.rec_update(&id, "2", "at-risk", "Second report late.", "2019-10-01");
    let next = crate::support::last_word(&wb.ok(&["next-year", &id]));
    let carried = recs(&wb, &next);
    assert_eq!(carried.len(), 1, "the complete one stays behind");
    let rec = &carried[0];
    assert_eq!(rec["reference"], "CSP (18/19) 02");
    assert_eq!(rec["progress"], "at_risk");
    assert_eq!(rec["updates"].as_array().unwrap().len(), 2, "its history");
    assert_eq!(rec["responses"][0]["decision"], "partly");
    assert_eq!(rec["responses"][0]["lead_officer"], "Jo Bloggs");
    assert_eq!(rec["responses"][0]["status"], "submitted");
    assert_eq!(owed(&wb, &next, rec), [["BDC", "Police"]]);
    assert_ne!(rec["carried_from"], Value::Null);

    let doc: Value = serde_json::from_str(&wb.ok(&["show", &next, "--json"])).unwrap();
    let last = doc["sections"].as_array().unwrap().last().unwrap();
    assert_eq!(last["title"], "Last year's recommendations");
    let q = &last["questions"][0];
    assert_eq!(
        q["text"],
        "What progress has been made on recommendation CSP (18/19) 02 (“Joint patrols should report to this committee each quarter.”)?"
    );
    assert_eq!(
        q["assignments"][0]["label"],
        "Bolsover District Council/ Derbyshire Police Response"
    );
    assert_eq!(q["assignments"][0]["partners"].as_array().unwrap().len(), 2);
    // Last year's review keeps its own.
    assert_eq!(recs(&wb, &id).len(), 2);
}

/// Responses are due the workbook's number of days after the meeting (28
/// unless the officer changes it); an absurd number is refused.
#[test]
fn responses_are_due_the_settings_days_after_the_meeting() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let settings: Value = serde_json::from_str(&wb.ok(&["settings", "--json"])).unwrap();
    assert_eq!(settings["rec_response_days"], 28);
    wb.ok(&["settings", "--rec-days", "14"]);
    wb.ok(&["rec", "add", &id, "Publish a plan.", "--to", "Police"]);
    assert_eq!(recs(&wb, &id)[0]["due"], "2019-04-01");
    wb.ok(&[
        "rec",
        "add",
        &id,
        "Another.",
        "--to",
        "Police",
        "--agreed",
        "2019-05-01",
    ]);
    assert_eq!(
        recs(&wb, &id)[1]["due"],
        "2019-05-15",
        "from the day it was agreed"
    );
    wb.refused_with(&["settings", "--rec-days", "366"], "out_of_range");
}

/// The RAG summary over time: how many recommendations stood at each
/// status at the end of each month, from the meeting to the last update.
#[test]
fn the_history_counts_each_status_month_by_month() {
    let (wb, id) = sample_with_recommendations();
    wb.rec_update(&id, "1", "on-track", "Plan drafted.", "2019-05-10");
    wb.rec_update(&id, "2", "at-risk", "First report late.", "2019-06-20");
    wb.rec_update(&id, "1", "complete", "Plan published.", "2019-07-01");
    let months: Value =
        serde_json::from_str(&wb.ok(&["recs", &id, "--history", "--json"])).unwrap();
    let months = months.as_array().unwrap();
    let at = |m: usize, k: &str| months[m]["counts"][k].as_u64().unwrap();
    assert_eq!(months.len(), 5, "March to July 2019");
    assert_eq!(months[0]["month"], "2019-03-01");
    assert_eq!((at(0, "no_update"), at(0, "on_track")), (2, 0));
    assert_eq!((at(2, "on_track"), at(2, "no_update")), (1, 1), "May");
    assert_eq!((at(3, "on_track"), at(3, "at_risk")), (1, 1), "June");
    assert_eq!((at(4, "complete"), at(4, "at_risk")), (1, 1), "July");
    let text = wb.ok(&["recs", &id, "--history"]);
    assert!(text.contains("Month     Not started  On track"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("Jul 2019")), "{text}");
}

/// A recommendation's words, reference and dates can be changed after it
/// is added; a reference another has, empty words or nothing to change are
/// refused and change nothing.
#[test]
fn a_recommendation_is_edited_in_place() {
    let (wb, id) = sample_with_recommendations();
    wb.ok(&[
        "rec",
        "edit",
        &id,
        "1",
        "--text",
        "Publish the plan for Shirebrook by June.",
        "--ref",
        "CSP 2019/1",
        "--due",
        "2019-05-01",
    ]);
    let rec = &recs(&wb, &id)[0];
    assert_eq!(rec["reference"], "CSP 2019/1");
    assert_eq!(
        rec["text"],
        serde_json::json!(["Publish the plan for Shirebrook by June."])
    );
    assert_eq!(rec["due"], "2019-05-01");
    assert_eq!(owed(&wb, &id, rec), [["Police"]], "its responses stay");
    wb.ok(&["rec", "edit", &id, "CSP 2019/1", "--due", "none"]);
    assert_eq!(recs(&wb, &id)[0]["due"], Value::Null);

    wb.refused_with(
        &["rec", "edit", &id, "1", "--ref", "csp (18/19) 02"],
        "name_taken",
    );
    wb.refused_with(&["rec", "edit", &id, "1", "--text", "  "], "required");
    wb.refused_with(&["rec", "edit", &id, "1"], "usage");
    wb.refused_with(
        &["rec", "edit", &id, "1", "--ref", "x", "--due", "2019-13-01"],
        "usage",
    );
}

/// The app's edit form changes the words, reference and dates and
/// addresses the recommendation to more partners in one go: all of it, or
/// (when any part is refused) none of it.
#[test]
fn an_edit_with_more_partners_is_all_or_nothing() {
    use kloe::store::RecPatch;
    use kloe::text::Paragraph;

    let (wb, id) = sample_with_recommendations();
    let mut store = kloe::Workbook::open(&wb.path).unwrap();
    let review: kloe::model::ReviewId = id.parse().unwrap();
    let doc = store.load(review).unwrap();
    let pcc = doc
        .partners
        .iter()
        .find(|p| p.short_name == "PCC")
        .unwrap()
        .id;
    let first = doc.recommendations[0].id;
    let words = vec![Paragraph::plain("Publish the Shirebrook plan by June.")];
    let due = chrono::NaiveDate::from_ymd_opt(2019, 5, 31);

    // The second's reference is taken: refused, and PCC is not added.
    let before = wb.dump();
    let taken = RecPatch::whole("CSP (18/19) 02".into(), words.clone(), None, due);
    let err = store
        .revise_recommendation(first, &taken, &[vec![pcc]])
        .unwrap_err();
    assert!(err.to_string().contains("CSP (18/19) 02"), "{err}");
    assert_eq!(wb.dump(), before, "nothing changed");

    let patch = RecPatch::whole("CSP (18/19) 01a".into(), words, None, due);
    store
        .revise_recommendation(first, &patch, &[vec![pcc]])
        .unwrap();
    let rec = &recs(&wb, &id)[0];
    assert_eq!(rec["reference"], "CSP (18/19) 01a");
    assert_eq!(rec["text"][0], "Publish the Shirebrook plan by June.");
    assert_eq!(rec["due"], "2019-05-31");
    assert_eq!(rec["agreed"], Value::Null, "no date clears it");
    let owed: Vec<&Value> = rec["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["partners"])
        .collect();
    assert_eq!(owed.len(), 2, "Police's, and now PCC's: {owed:?}");
}
