//! Who owes what, on a given day.

use kloe::model::Status;

use crate::support::{AUTHOR, date, small_review, store};

#[test]
fn outstanding_and_overdue_per_partner() {
    let mut s = store();
    let id = small_review(&mut s);
    let t = s.tracker(id, date("2026-02-22")).unwrap();

    assert_eq!(t.assignments, 5, "the joint response counts once overall");
    assert_eq!(t.joint_assignments, 1);
    assert_eq!(t.totals.get(Status::Submitted), 1);
    assert_eq!(t.totals.get(Status::NotStarted), 4);
    assert_eq!(t.outstanding, 4);
    assert_eq!(t.overdue, 2, "Q2 BDC (20 Feb) and Q3 Police (15 Jan)");

    let by = |short: &str| t.partners.iter().find(|p| p.short_name == short).unwrap();
    let bdc = by("BDC");
    assert_eq!(bdc.assignments, 3);
    assert_eq!(bdc.counts.get(Status::Submitted), 1);
    let owed: Vec<(u32, bool)> = bdc
        .outstanding
        .iter()
        .map(|o| (o.number, o.overdue))
        .collect();
    assert_eq!(owed, [(2, true), (3, false)]);
    assert_eq!(bdc.outstanding[0].days_overdue, 2);

    let police = by("Police");
    assert_eq!(police.assignments, 2, "its own and the joint one");
    assert_eq!(police.overdue, 1);
    assert_eq!(police.outstanding[0].days_overdue, 38);
    assert_eq!(police.outstanding[1].joint_with, ["PCC"]);
    let pcc = by("PCC");
    assert_eq!(pcc.assignments, 1);
    assert_eq!(pcc.outstanding[0].joint_with, ["Police"]);
}

#[test]
fn handing_in_clears_what_is_owed() {
    let mut s = store();
    let id = small_review(&mut s);
    let q = s.question_by_number(id, 4).unwrap();
    let pcc = s.find_partner(id, "PCC").unwrap();
    let a = s.find_assignment(q, pcc.id).unwrap();
    s.respond(
        a,
        &crate::support::paras("Please refer to the presentation."),
        Some(Status::Submitted),
        AUTHOR,
    )
    .unwrap();

    let t = s.tracker(id, date("2026-03-01")).unwrap();
    let by = |short: &str| t.partners.iter().find(|p| p.short_name == short).unwrap();
    assert!(by("PCC").outstanding.is_empty());
    assert_eq!(
        by("Police").outstanding.len(),
        1,
        "the joint answer is handed in for both"
    );
    assert_eq!(by("Police").counts.get(Status::Submitted), 1);
    assert_eq!(t.totals.get(Status::Submitted), 2);
}

#[test]
fn an_unknown_review_is_a_clear_error() {
    let mut s = store();
    let err = s
        .tracker(kloe::model::ReviewId(42), date("2026-03-01"))
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert!(err.to_string().contains("kloe reviews"), "{err}");
}
