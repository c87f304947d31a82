//! `kloe show --json` keeps the promise of `review.schema.json`.

use serde_json::Value;

use crate::support::{WorkbookFile, review_schema};

fn assert_valid(json: &Value) {
    let schema = review_schema();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema violations: {errors:#?}");
}

#[test]
fn sample_json_conforms_to_the_schema() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let json: Value = serde_json::from_str(&wb.ok(&["show", &id, "--json"])).unwrap();
    assert_valid(&json);

    assert_eq!(json["id"], id.as_str());
    assert_eq!(json["meeting_date"], "2019-03-18");
    assert_eq!(json["sections"].as_array().unwrap().len(), 6);
    let questions = crate::support::json_questions(&json);
    assert_eq!(questions.len(), 16);
    let q11 = questions[10];
    assert_eq!(q11["number"], 11);
    assert_eq!(
        q11["assignments"][0]["partners"].as_array().unwrap().len(),
        2
    );
    assert_eq!(
        q11["assignments"][0]["label"],
        "Derbyshire PCC Office/ Derbyshire Police Response"
    );
    assert_eq!(
        q11["notes"][0],
        "*We note there are no timescales in the report referenced, just a general comment of 'during 2019/20'.*"
    );
}

#[test]
fn a_review_built_from_scratch_conforms_too() {
    let wb = WorkbookFile::new();
    let id = crate::support::last_word(&wb.ok(&["new", "Review 2026/27"]));
    wb.ok(&[
        "partner",
        "add",
        &id,
        "Derbyshire Police",
        "--short",
        "Police",
    ]);
    wb.ok(&[
        "partner",
        "add",
        &id,
        "Bolsover District Council",
        "--short",
        "BDC",
    ]);
    wb.ok(&["section", "add", &id, "Funding", "--partners", "BDC"]);
    wb.ok(&["question", "add", &id, "What funding is expected?"]);
    wb.ok(&["question", "add", &id, "Who pays?", "--assign", "Police"]);
    wb.ok(&["assign", &id, "2", "Police", "--due", "2026-03-01"]);
    wb.ok(&[
        "respond",
        &id,
        "1",
        "BDC",
        "--text",
        "**£25,000** in *total*.\n- one\n- two",
    ]);

    let json: Value = serde_json::from_str(&wb.ok(&["show", &id, "--json"])).unwrap();
    assert_valid(&json);
    assert_eq!(json["meeting_date"], Value::Null);
    let q1 = &json["sections"][0]["questions"][0];
    assert_eq!(q1["assignments"][0]["status"], "drafting");
    assert_eq!(
        q1["assignments"][0]["response"],
        serde_json::json!(["**£25,000** in *total*.", "- one", "- two"])
    );
    let q2 = &json["sections"][0]["questions"][1];
    assert_eq!(q2["assignments"][0]["due"], "2026-03-01");
    assert_eq!(q2["assignments"][0]["response"], serde_json::json!([]));
}

#[test]
fn a_review_with_recommendations_conforms_too() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    wb.recommend(&id, "Publish a plan.", &["BDC", "Police"]);
    wb.rec_respond(
        &id,
        "1",
        "Police",
        "partly",
        "A plan for Shirebrook only.",
        &["--lead", "Inspector Hill", "--target", "2019-09-30"],
    );
    wb.rec_update(&id, "1", "off-track", "No officer free.", "2019-06-01");
    let json: Value = serde_json::from_str(&wb.ok(&["show", &id, "--json"])).unwrap();
    assert_valid(&json);
    let rec = &json["recommendations"][0];
    assert_eq!(rec["progress"], "off_track");
    assert_eq!(rec["responses"][0]["decision"], "partly");
}
