//! Who owes which answer: single and joint assignments, responses and
//! their revisions, and status changes.

use kloe::Workbook;
use kloe::model::{AssignmentId, ReviewId, Status};

use crate::support::{AUTHOR, paras, small_review, store};

fn assignment_of(s: &mut Workbook, id: ReviewId, number: u32, partner: &str) -> AssignmentId {
    let q = s.question_by_number(id, number).unwrap();
    let p = s.find_partner(id, partner).unwrap();
    s.find_assignment(q, p.id).unwrap()
}

#[test]
fn a_joint_assignment_is_one_response_with_a_combined_label() {
    let mut s = store();
    let id = small_review(&mut s);
    let doc = s.load(id).unwrap();
    let q4 = doc.question(4).unwrap();
    assert_eq!(q4.assignments.len(), 1);
    assert_eq!(q4.assignments[0].partners.len(), 2);
    assert_eq!(
        q4.assignments[0].label,
        "Derbyshire PCC Office/ Derbyshire Police Response"
    );
    // Either partner reaches the same response.
    let by_pcc = assignment_of(&mut s, id, 4, "pcc");
    let by_police = assignment_of(&mut s, id, 4, "Derbyshire Police");
    assert_eq!(by_pcc, by_police);
}

#[test]
fn assigning_several_partners_jointly_or_separately() {
    let mut s = store();
    let id = small_review(&mut s);
    let q = s.question_by_number(id, 1).unwrap();
    let police = s.find_partner(id, "Police").unwrap().id;
    let pcc = s.find_partner(id, "PCC").unwrap().id;

    let joint = s.assign(q, &[police, pcc], true, None, None).unwrap();
    assert_eq!(joint.len(), 1);
    let info = s.assignment(joint[0]).unwrap();
    assert_eq!(
        info.label,
        "Derbyshire Police/ Derbyshire PCC Office Response"
    );
    assert_eq!(info.partners, [police, pcc]);

    // Assigning the same group again only updates the due date.
    let again = s
        .assign(
            q,
            &[pcc, police],
            true,
            None,
            Some(crate::support::date("2026-02-27")),
        )
        .unwrap();
    assert_eq!(again, joint);
    assert_eq!(
        s.assignment(joint[0]).unwrap().due.unwrap().to_string(),
        "2026-02-27"
    );

    // A partner owes one response per question: a separate one is refused.
    let err = s.assign(q, &[police], false, None, None).unwrap_err();
    assert_eq!(err.code(), "already_assigned");

    let q2 = s.question_by_number(id, 2).unwrap();
    let separate = s.assign(q2, &[police, pcc], false, None, None).unwrap();
    assert_eq!(separate.len(), 2);
    let labels: Vec<String> = separate
        .iter()
        .map(|a| s.assignment(*a).unwrap().label)
        .collect();
    assert_eq!(labels, ["Police Response", "PCC Response"]);
}

#[test]
fn the_main_line_of_statuses() {
    let mut s = store();
    let id = small_review(&mut s);
    let a = assignment_of(&mut s, id, 2, "BDC");
    assert_eq!(s.assignment(a).unwrap().status, Status::NotStarted);

    let saved = s.save_response(a, &paras("First draft."), AUTHOR).unwrap();
    assert_eq!(
        saved.status,
        Status::Drafting,
        "first words start the draft"
    );
    assert_eq!(
        s.set_status(a, Status::Submitted, AUTHOR).unwrap(),
        Status::Submitted
    );
    assert_eq!(
        s.set_status(a, Status::Approved, AUTHOR).unwrap(),
        Status::Approved
    );

    let edited = s
        .save_response(a, &paras("Approved, then changed."), AUTHOR)
        .unwrap();
    assert_eq!(
        edited.status,
        Status::Drafting,
        "editing an approved answer reopens it"
    );
}

#[test]
fn every_transition_follows_the_rules() {
    use Status::*;
    let allowed = [
        (NotStarted, Drafting),
        (NotStarted, Submitted),
        (NotStarted, NotRequired),
        (NotStarted, AnsweredElsewhere),
        (Drafting, Submitted),
        (Drafting, Approved),
        (Drafting, NotRequired),
        (Drafting, AnsweredElsewhere),
        (Submitted, Drafting),
        (Submitted, Approved),
        (Submitted, NotRequired),
        (Submitted, AnsweredElsewhere),
        (Approved, Drafting),
        (NotRequired, NotStarted),
        (NotRequired, Drafting),
        (AnsweredElsewhere, NotStarted),
        (AnsweredElsewhere, Drafting),
        (AnsweredElsewhere, Approved),
    ];
    for from in Status::ALL {
        for to in Status::ALL {
            let expected = from == to || allowed.contains(&(*from, *to));
            assert_eq!(from.can_become(*to), expected, "{from} -> {to}");
        }
    }
}

#[test]
fn a_refused_transition_says_why_and_changes_nothing() {
    let mut s = store();
    let id = small_review(&mut s);
    let a = assignment_of(&mut s, id, 1, "BDC");
    assert_eq!(s.assignment(a).unwrap().status, Status::Submitted);
    let before = s.load(id).unwrap();

    // Text and status together: a refused status means the text is not saved.
    let err = s
        .respond(a, &paras("New words."), Some(Status::NotStarted), AUTHOR)
        .unwrap_err();
    assert_eq!(err.code(), "invalid_transition");
    assert!(
        err.to_string()
            .contains("cannot go from submitted to not started"),
        "{err}"
    );
    assert_eq!(s.load(id).unwrap(), before);
    assert_eq!(s.history(a).unwrap().len(), 1);

    s.set_status(a, Status::Approved, AUTHOR).unwrap();
    let err = s.set_status(a, Status::Submitted, AUTHOR).unwrap_err();
    assert_eq!(err.code(), "invalid_transition");
    assert!(err.to_string().contains("it can become: drafting"), "{err}");
}

#[test]
fn nothing_to_approve_without_text() {
    let mut s = store();
    let id = small_review(&mut s);
    let a = assignment_of(&mut s, id, 2, "BDC");
    let err = s.set_status(a, Status::Submitted, AUTHOR).unwrap_err();
    assert_eq!(err.code(), "invalid_transition");
    assert!(err.to_string().contains("no text"), "{err}");
    s.set_status(a, Status::AnsweredElsewhere, AUTHOR).unwrap();
    s.set_status(a, Status::NotStarted, AUTHOR).unwrap();
    s.set_status(a, Status::NotRequired, AUTHOR).unwrap();
    assert_eq!(s.assignment(a).unwrap().status, Status::NotRequired);
}

#[test]
fn every_save_is_kept_with_author_and_time() {
    let mut s = store();
    let id = small_review(&mut s);
    let a = assignment_of(&mut s, id, 3, "Police");
    s.save_response(a, &paras("One."), "Sgt Smith").unwrap();
    s.save_response(a, &paras("One.\nTwo."), "Sgt Smith")
        .unwrap();
    let same = s
        .save_response(a, &paras("One.\nTwo."), "Sgt Smith")
        .unwrap();
    assert!(!same.changed, "saving the same text adds no revision");
    s.save_response(a, &paras("- **Bold** bullet"), "Inspector Jones")
        .unwrap();

    let history = s.history(a).unwrap();
    let authors: Vec<&str> = history.iter().map(|r| r.author.as_str()).collect();
    assert_eq!(authors, ["Sgt Smith", "Sgt Smith", "Inspector Jones"]);
    assert_eq!(history[1].paragraphs.len(), 2);
    assert!(
        history
            .iter()
            .all(|r| r.saved_at.to_rfc3339().starts_with("2026-02-01"))
    );

    let doc = s.load(id).unwrap();
    let current = &doc.question(3).unwrap().assignments[1];
    assert_eq!(current.revision, Some(history[2].id));
    assert_eq!(current.response[0].to_markdown(), "- **Bold** bullet");
}

#[test]
fn an_answer_with_words_cannot_be_unassigned_by_accident() {
    let mut s = store();
    let id = small_review(&mut s);
    let a = assignment_of(&mut s, id, 1, "BDC");
    assert_eq!(s.unassign(a, false).unwrap_err().code(), "would_discard");
    assert!(s.assignment(a).is_ok());
    s.unassign(a, true).unwrap();
    assert_eq!(s.assignment(a).unwrap_err().code(), "not_found");

    let empty = assignment_of(&mut s, id, 2, "BDC");
    s.unassign(empty, false).unwrap();
}

#[test]
fn partners_are_found_by_name_short_name_or_alias_in_any_case() {
    let mut s = store();
    let id = small_review(&mut s);
    let p = s.find_partner(id, "BDC").unwrap();
    s.update_partner(
        p.id,
        &kloe::store::PartnerPatch {
            aliases: Some(vec!["Bolsover DC".into(), "CSP Officers".into()]),
            contact_email: Some(Some("csp@bolsover.gov.uk".into())),
            ..Default::default()
        },
    )
    .unwrap();
    for name in [
        "bdc",
        "BOLSOVER DISTRICT COUNCIL",
        "csp officers",
        " Bolsover DC ",
    ] {
        assert_eq!(s.find_partner(id, name).unwrap().id, p.id, "{name}");
    }
    let err = s.find_partner(id, "Fire Service").unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert!(err.to_string().contains("BDC, Police, PCC"), "{err}");

    let clash = kloe::doc::PartnerDraft {
        name: "Another".into(),
        short_name: "bdc".into(),
        ..Default::default()
    };
    assert_eq!(s.add_partner(id, &clash).unwrap_err().code(), "name_taken");
    let bad_email = kloe::store::PartnerPatch {
        contact_email: Some(Some("not an address".into())),
        ..Default::default()
    };
    assert_eq!(
        s.update_partner(p.id, &bad_email).unwrap_err().code(),
        "bad_value"
    );
    assert_eq!(
        s.delete_partner(p.id).unwrap_err().code(),
        "still_used",
        "BDC owes answers"
    );
}

#[test]
fn taking_one_partner_off_a_joint_response_keeps_it_for_the_others() {
    let mut s = store();
    let id = small_review(&mut s);
    let a = assignment_of(&mut s, id, 4, "PCC");
    s.save_response(a, &paras("Joint draft."), AUTHOR).unwrap();
    let police = s.find_partner(id, "Police").unwrap().id;
    s.unassign_partner(a, police, false).unwrap();

    let info = s.assignment(a).unwrap();
    assert_eq!(info.partners.len(), 1, "PCC still owes it");
    assert_eq!(
        info.label, "PCC Response",
        "the default joint label follows"
    );
    assert_eq!(s.history(a).unwrap().len(), 1, "the text stays");
    let q4 = s.question_by_number(id, 4).unwrap();
    assert_eq!(
        s.find_assignment(q4, police).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn clearing_a_handed_in_answer_takes_it_back_to_drafting() {
    let mut s = store();
    let id = small_review(&mut s);
    let a = assignment_of(&mut s, id, 1, "BDC");
    assert_eq!(s.assignment(a).unwrap().status, Status::Submitted);
    let saved = s.save_response(a, &[], AUTHOR).unwrap();
    assert_eq!(saved.status, Status::Drafting);
}

#[test]
fn naming_a_partner_twice_is_one_assignment() {
    let mut s = store();
    let id = small_review(&mut s);
    let q = s.question_by_number(id, 2).unwrap();
    let police = s.find_partner(id, "Police").unwrap().id;
    let ids = s.assign(q, &[police, police], true, None, None).unwrap();
    assert_eq!(s.assignment(ids[0]).unwrap().label, "Police Response");

    // Joint with one partner who already answers separately: only that
    // partner is named in the refusal.
    let pcc = s.find_partner(id, "PCC").unwrap().id;
    let err = s.assign(q, &[police, pcc], true, None, None).unwrap_err();
    assert_eq!(err.code(), "already_assigned");
    assert!(err.to_string().contains("Police already owes"), "{err}");
}
