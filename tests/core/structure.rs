//! Sections and questions: numbers always follow position.

use kloe::Workbook;
use kloe::model::ReviewId;
use kloe::store::{NewQuestion, NewSection, QuestionPatch};

use crate::support::{ReviewBuilder, paras, store};

/// The review's questions as (number, text, section title).
fn outline(s: &mut Workbook, id: ReviewId) -> Vec<(u32, String, String)> {
    let doc = s.load(id).unwrap();
    doc.sections
        .iter()
        .flat_map(|sec| {
            sec.questions
                .iter()
                .map(|q| (q.number, q.text.clone(), sec.title.clone()))
        })
        .collect()
}

fn texts(s: &mut Workbook, id: ReviewId) -> Vec<String> {
    outline(s, id).into_iter().map(|(_, t, _)| t).collect()
}

fn three_by_two(s: &mut Workbook) -> ReviewId {
    ReviewBuilder::new("Review")
        .section("A")
        .question("a1")
        .question("a2")
        .question("a3")
        .section("B")
        .question("b1")
        .question("b2")
        .create(s)
}

#[test]
fn moving_a_question_down_renumbers_everything_between() {
    let mut s = store();
    let id = three_by_two(&mut s);
    let q = s.question_by_number(id, 1).unwrap();
    s.move_question_to_number(q, 3).unwrap();
    assert_eq!(texts(&mut s, id), ["a2", "a3", "a1", "b1", "b2"]);
    let numbers: Vec<u32> = outline(&mut s, id).iter().map(|o| o.0).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5]);
    assert_eq!(s.question_place(q).unwrap().number, 3);
}

#[test]
fn moving_a_question_across_sections_takes_the_target_number_and_section() {
    let mut s = store();
    let id = three_by_two(&mut s);
    let a1 = s.question_by_number(id, 1).unwrap();
    s.move_question_to_number(a1, 5).unwrap();
    let out = outline(&mut s, id);
    assert_eq!(out[4], (5, "a1".into(), "B".into()));
    assert_eq!(texts(&mut s, id), ["a2", "a3", "b1", "b2", "a1"]);

    let b2 = s.question_by_number(id, 4).unwrap();
    s.move_question_to_number(b2, 1).unwrap();
    let out = outline(&mut s, id);
    assert_eq!(out[0], (1, "b2".into(), "A".into()));
    assert_eq!(texts(&mut s, id), ["b2", "a2", "a3", "b1", "a1"]);
}

#[test]
fn moving_into_a_section_at_a_place() {
    let mut s = store();
    let id = three_by_two(&mut s);
    let b = s.section_by_position(id, 2).unwrap();
    let a2 = s.question_by_number(id, 2).unwrap();
    s.move_question(a2, b, 1).unwrap();
    assert_eq!(texts(&mut s, id), ["a1", "a3", "a2", "b1", "b2"]);
    assert_eq!(outline(&mut s, id)[2].2, "B");
    assert!(
        s.move_question(a2, b, 9).is_err(),
        "no place 9 in a section of 3"
    );
}

#[test]
fn moving_a_section_moves_its_questions_and_their_numbers() {
    let mut s = store();
    let id = three_by_two(&mut s);
    let b = s.section_by_position(id, 2).unwrap();
    s.move_section(b, 1).unwrap();
    let out = outline(&mut s, id);
    assert_eq!(out[0], (1, "b1".into(), "B".into()));
    assert_eq!(out[4], (5, "a3".into(), "A".into()));
}

#[test]
fn adding_and_deleting_questions_renumbers() {
    let mut s = store();
    let id = three_by_two(&mut s);
    let a = s.section_by_position(id, 1).unwrap();
    s.add_question(
        a,
        &NewQuestion {
            text: "new first".into(),
            position: Some(1),
            ..NewQuestion::default()
        },
    )
    .unwrap();
    assert_eq!(
        texts(&mut s, id),
        ["new first", "a1", "a2", "a3", "b1", "b2"]
    );
    let q = s.question_by_number(id, 3).unwrap();
    s.delete_question(q).unwrap();
    assert_eq!(texts(&mut s, id), ["new first", "a1", "a3", "b1", "b2"]);
    let numbers: Vec<u32> = outline(&mut s, id).iter().map(|o| o.0).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5]);
    assert!(s.question_by_number(id, 6).is_err());
}

#[test]
fn a_new_question_is_assigned_to_the_sections_default_partners() {
    let mut s = store();
    let id = ReviewBuilder::new("Review")
        .partner("BDC", "Bolsover District Council")
        .partner("Police", "Derbyshire Police")
        .create(&mut s);
    let partners: Vec<_> = s.partners(id).unwrap().iter().map(|p| p.id).collect();
    let sec = s
        .add_section(
            id,
            &NewSection {
                title: "Questions to both".into(),
                default_partners: partners,
                ..NewSection::default()
            },
        )
        .unwrap();
    let q = s
        .add_question(
            sec,
            &NewQuestion {
                text: "What has changed?".into(),
                context: paras("Members are aware that the post has ceased."),
                ..NewQuestion::default()
            },
        )
        .unwrap();
    let doc = s.load(id).unwrap();
    let labels: Vec<&str> = doc.sections[0].questions[0]
        .assignments
        .iter()
        .map(|a| a.label.as_str())
        .collect();
    assert_eq!(
        labels,
        ["BDC Response", "Police Response"],
        "one assignment each"
    );

    s.update_question(
        q,
        &QuestionPatch {
            text: Some("What has changed since 2019?".into()),
            notes: Some(paras("A note.")),
            ..QuestionPatch::default()
        },
    )
    .unwrap();
    let doc = s.load(id).unwrap();
    let q = &doc.sections[0].questions[0];
    assert_eq!(q.text, "What has changed since 2019?");
    assert_eq!(q.context.len(), 1);
    assert_eq!(q.notes[0].plain_text(), "A note.");
}

#[test]
fn a_section_with_questions_is_only_deleted_with_them() {
    let mut s = store();
    let id = three_by_two(&mut s);
    let a = s.section_by_position(id, 1).unwrap();
    let err = s.delete_section(a, false).unwrap_err();
    assert_eq!(err.code(), "still_used");
    assert_eq!(texts(&mut s, id).len(), 5);
    s.delete_section(a, true).unwrap();
    assert_eq!(texts(&mut s, id), ["b1", "b2"]);
    assert_eq!(outline(&mut s, id)[0].0, 1);
}

#[test]
fn empty_titles_and_texts_are_refused() {
    let mut s = store();
    let id = three_by_two(&mut s);
    let a = s.section_by_position(id, 1).unwrap();
    let blank = NewQuestion {
        text: "   ".into(),
        ..NewQuestion::default()
    };
    assert_eq!(s.add_question(a, &blank).unwrap_err().code(), "required");
    let blank = NewSection {
        title: "".into(),
        ..NewSection::default()
    };
    assert_eq!(s.add_section(id, &blank).unwrap_err().code(), "required");
}

#[test]
fn appendices_are_kept_with_their_files_and_references() {
    let wb = crate::support::WorkbookFile::new();
    let id = wb.sample();
    let file = wb.dir().join("spend-profiles.pdf");
    std::fs::write(&file, b"%PDF-1.4 spend profiles").unwrap();
    wb.ok(&[
        "appendix",
        "add",
        &id,
        "Appendix 7.1",
        "--title",
        "Spend profiles 2017/18 and 2018/19",
        "--file",
        file.to_str().unwrap(),
        "--question",
        "2",
    ]);
    let mut s = wb.store();
    let rid: kloe::model::ReviewId = id.parse().unwrap();
    let doc = s.load(rid).unwrap();
    let labels: Vec<&str> = doc.appendices.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["Appendix 7.2", "Appendix 7.1"]);
    assert_eq!(doc.question(2).unwrap().appendices, ["Appendix 7.1"]);
    assert_eq!(
        doc.appendices[1].file_name.as_deref(),
        Some("spend-profiles.pdf")
    );

    let copy = wb.dir().join("copy.pdf");
    wb.ok(&[
        "appendix",
        "save",
        &id,
        "appendix 7.1",
        "-o",
        copy.to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read(&copy).unwrap(), b"%PDF-1.4 spend profiles");

    wb.refused_with(&["appendix", "add", &id, "APPENDIX 7.1"], "name_taken");
    let err = wb.refused_with(
        &["appendix", "add", &id, "Appendix 9", "--question", "99"],
        "not_found",
    );
    assert!(err.contains("no question 99"), "{err}");

    wb.ok(&["appendix", "refer", &id, "2", "Appendix 7.1", "--remove"]);
    wb.ok(&["appendix", "remove", &id, "Appendix 7.2"]);
    let doc = s.load(rid).unwrap();
    assert!(doc.question(2).unwrap().appendices.is_empty());
    assert!(
        doc.question(4).unwrap().appendices.is_empty(),
        "7.2 is gone"
    );
}
