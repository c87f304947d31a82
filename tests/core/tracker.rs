//! Who owes what, on a given day.

use kloe::model::Status;
use kloe::text::Paragraph;

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

#[test]
fn a_chase_lists_exactly_what_the_partner_owes() {
    let mut s = store();
    let id = small_review(&mut s);
    let police = s.find_partner(id, "Police").unwrap();
    let c = s
        .chase(id, police.id, date("2026-02-22"), "Alex Officer")
        .unwrap();

    assert_eq!(c.owed, 2);
    assert_eq!(
        c.subject,
        "Annual Scrutiny Review 2026/27: 2 answers needed from Derbyshire Police"
    );
    assert!(
        c.body.starts_with("Dear colleagues at Derbyshire Police,"),
        "{}",
        c.body
    );
    assert!(
        c.body.contains("for the meeting on 10 March 2026"),
        "{}",
        c.body
    );
    assert!(
        c.body
            .contains("Question 3 (was due 15 January 2026 (38 days ago)):\nWhat has changed?"),
        "{}",
        c.body
    );
    assert!(
        c.body.contains("Question 4 (due 25 February 2026; a joint answer with PCC):\nWhen will resources arrive?"),
        "{}",
        c.body
    );
    assert!(
        !c.body.contains("Question 1"),
        "BDC's answered question is not Police's"
    );
    assert!(!c.body.contains("Question 2"), "nor BDC's owed one");
    assert!(c.body.trim_end().ends_with("Alex Officer"));
    assert_eq!(c.to, None);
    assert!(
        c.mailto
            .starts_with("mailto:?subject=Annual%20Scrutiny%20Review%202026%2F27"),
        "{}",
        c.mailto
    );
    assert!(
        c.mailto.contains("%0D%0A"),
        "lines end CRLF in a mailto body"
    );
}

#[test]
fn a_partner_owing_nothing_is_not_chased() {
    let mut s = store();
    let id = small_review(&mut s);
    let pcc = s.find_partner(id, "PCC").unwrap();
    let police = s.find_partner(id, "Police").unwrap();
    // The joint answer is not required after all: PCC owes nothing now.
    let t = s.tracker(id, date("2026-02-22")).unwrap();
    let joint = t
        .partners
        .iter()
        .find(|p| p.id == pcc.id)
        .unwrap()
        .outstanding[0]
        .assignment;
    s.set_status(joint, Status::NotRequired, AUTHOR).unwrap();
    let err = s.chase(id, pcc.id, date("2026-02-22"), AUTHOR).unwrap_err();
    assert_eq!(err.code(), "nothing_to_do");
    assert!(err.to_string().contains("owes no answers"), "{err}");
    assert_eq!(
        s.chase(id, police.id, date("2026-02-22"), AUTHOR)
            .unwrap()
            .owed,
        1
    );
}

#[test]
fn progress_over_time_follows_the_status_history() {
    use chrono::TimeZone;
    use kloe::Clock;
    let mut s = store();
    let id = small_review(&mut s);
    let first = s.progress_history(id).unwrap();
    assert_eq!(first.len(), 1, "everything so far happened on one day");
    let t = s.tracker(id, date("2026-02-22")).unwrap();
    assert_eq!(first[0].counts, t.totals);

    let owed = t.partners[0].outstanding[0].assignment;
    let later = chrono::Utc.with_ymd_and_hms(2026, 2, 23, 10, 0, 0).unwrap();
    let mut s = s.with_clock(Clock::Fixed(later));
    s.save_response(
        owed,
        &[Paragraph::plain("Spend is reported quarterly.")],
        AUTHOR,
    )
    .unwrap();
    s.set_status(owed, Status::Submitted, AUTHOR).unwrap();
    let days = s.progress_history(id).unwrap();
    assert_eq!(days.len(), 2);
    assert_eq!(days[1].day, date("2026-02-23"));
    assert_eq!(
        days[1].counts.get(Status::Submitted),
        first[0].counts.get(Status::Submitted) + 1
    );
    assert_eq!(
        days[1].counts.get(Status::NotStarted),
        first[0].counts.get(Status::NotStarted) - 1
    );
    assert_eq!(
        days[1].counts.get(Status::Drafting),
        0,
        "the day ends submitted"
    );
    assert_eq!(days[0], first[0], "earlier days keep their counts");
}

#[test]
fn answers_due_after_the_papers_go_out_are_late_for_the_meeting() {
    let mut s = store();
    let id = small_review(&mut s);
    let t = s.tracker(id, date("2026-02-22")).unwrap();
    // Meeting Tuesday 10 March 2026, five clear working days: papers 2 March.
    assert_eq!(t.papers_due, Some(date("2026-03-02")));
    assert_eq!(
        t.late_for_meeting, 0,
        "every owed answer is due before then"
    );

    let bdc = &t
        .partners
        .iter()
        .find(|p| p.short_name == "BDC")
        .unwrap()
        .outstanding;
    s.set_due(bdc[0].assignment, Some(date("2026-03-05")))
        .unwrap();
    s.set_due(bdc[1].assignment, None).unwrap();
    let t = s.tracker(id, date("2026-02-22")).unwrap();
    assert_eq!(
        t.late_for_meeting, 2,
        "one due too late, one with no due date"
    );
    let bdc = &t
        .partners
        .iter()
        .find(|p| p.short_name == "BDC")
        .unwrap()
        .outstanding;
    assert!(bdc.iter().all(|o| o.late_for_meeting));
}
