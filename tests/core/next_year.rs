//! Starting next year's review from this year's.

use kloe::model::Status;
use kloe::store::NextYear;

use crate::support::{AUTHOR, date, paras, small_review, store};

#[test]
fn next_year_copies_the_shape_and_links_last_years_answers() {
    let mut s = store();
    let old = s.create_sample().unwrap();
    let new = s.start_next_year(old, &NextYear::default()).unwrap();
    let (a, b) = (s.load(old).unwrap(), s.load(new).unwrap());

    assert_eq!(b.title, a.title, "no year in the title to move on");
    assert_eq!(b.meeting_date, Some(date("2020-03-18")));
    assert_eq!(b.financial_year.as_deref(), Some("2019/20"));
    assert_eq!(b.previous_review, Some(old));
    assert!(!b.is_sample);
    assert_eq!(b.intro, a.intro);
    assert_eq!(b.appendices.len(), 1);

    let names = |d: &kloe::doc::ReviewDoc| {
        d.partners
            .iter()
            .map(|p| p.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&a), names(&b));
    assert!(
        a.partners
            .iter()
            .zip(&b.partners)
            .all(|(x, y)| x.id != y.id),
        "new partners"
    );

    let old_qs: Vec<_> = a.questions().collect();
    let new_qs: Vec<_> = b.questions().collect();
    assert_eq!(new_qs.len(), 16);
    for (o, n) in old_qs.iter().zip(&new_qs) {
        assert_eq!(
            (o.number, &o.text, &o.context, &o.notes),
            (n.number, &n.text, &n.context, &n.notes)
        );
        assert_eq!(o.appendices, n.appendices);
        assert_eq!(o.assignments.len(), n.assignments.len());
        for (oa, na) in o.assignments.iter().zip(&n.assignments) {
            assert_eq!(oa.label, na.label);
            assert_eq!(oa.partners.len(), na.partners.len());
            assert_eq!(na.status, Status::NotStarted);
            assert!(na.response.is_empty(), "responses start empty");
            let last = na.last_year.as_ref().expect("linked to last year's answer");
            assert_eq!(last.review, old);
            assert_eq!(last.response, oa.response);
        }
    }
    let sections = |d: &kloe::doc::ReviewDoc| {
        d.sections
            .iter()
            .map(|s| s.title.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(sections(&a), sections(&b));
}

#[test]
fn this_years_work_leaves_last_year_alone() {
    let mut s = store();
    let old = small_review(&mut s);
    let new = s
        .start_next_year(
            old,
            &NextYear {
                meeting_date: Some(date("2027-03-09")),
                ..NextYear::default()
            },
        )
        .unwrap();
    let doc = s.load(new).unwrap();
    assert_eq!(doc.title, "Annual Scrutiny Review 2027/28");
    assert_eq!(doc.meeting_date, Some(date("2027-03-09")));

    let before = s.load(old).unwrap();
    let q = s.question_by_number(new, 1).unwrap();
    let bdc = s.find_partner(new, "BDC").unwrap();
    let a = s.find_assignment(q, bdc.id).unwrap();
    s.save_response(a, &paras("£26,000 this year."), AUTHOR)
        .unwrap();
    let q3 = s.question_by_number(new, 3).unwrap();
    s.delete_question(q3).unwrap();
    assert_eq!(s.load(old).unwrap(), before);

    // Deleting last year's review keeps this year's, without the link.
    s.delete_review(old).unwrap();
    let doc = s.load(new).unwrap();
    assert_eq!(doc.previous_review, None);
    assert!(
        doc.questions()
            .all(|q| q.assignments.iter().all(|a| a.last_year.is_none()))
    );
    assert_eq!(
        doc.question(1).unwrap().assignments[0].response[0].plain_text(),
        "£26,000 this year."
    );
}
