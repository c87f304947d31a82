//! Working days in England and Wales, and due dates worked back from a meeting.

use kloe::store::ReviewPatch;
use kloe::workdays::{DEFAULT_CLEAR_DAYS, bank_holidays, due_before, easter, is_working_day};

use crate::support::{date, small_review, store};

fn days(list: &[&str]) -> Vec<chrono::NaiveDate> {
    list.iter().map(|d| date(d)).collect()
}

#[test]
fn bank_holidays_follow_the_published_lists() {
    assert_eq!(
        bank_holidays(2019),
        days(&[
            "2019-01-01",
            "2019-04-19",
            "2019-04-22",
            "2019-05-06",
            "2019-05-27",
            "2019-08-26",
            "2019-12-25",
            "2019-12-26"
        ])
    );
    // Early May moved for VE Day; Boxing Day on a Saturday.
    assert_eq!(
        bank_holidays(2020),
        days(&[
            "2020-01-01",
            "2020-04-10",
            "2020-04-13",
            "2020-05-08",
            "2020-05-25",
            "2020-08-31",
            "2020-12-25",
            "2020-12-28"
        ])
    );
    // Christmas on a Saturday, Boxing Day on a Sunday.
    assert_eq!(
        bank_holidays(2021),
        days(&[
            "2021-01-01",
            "2021-04-02",
            "2021-04-05",
            "2021-05-03",
            "2021-05-31",
            "2021-08-30",
            "2021-12-27",
            "2021-12-28"
        ])
    );
    // New Year on a Saturday; the jubilee and the state funeral; Christmas on a Sunday.
    assert_eq!(
        bank_holidays(2022),
        days(&[
            "2022-01-03",
            "2022-04-15",
            "2022-04-18",
            "2022-05-02",
            "2022-06-02",
            "2022-06-03",
            "2022-08-29",
            "2022-09-19",
            "2022-12-26",
            "2022-12-27"
        ])
    );
    assert_eq!(
        bank_holidays(2026),
        days(&[
            "2026-01-01",
            "2026-04-03",
            "2026-04-06",
            "2026-05-04",
            "2026-05-25",
            "2026-08-31",
            "2026-12-25",
            "2026-12-28"
        ])
    );
    assert_eq!(easter(2027), date("2027-03-28"));
}

#[test]
fn working_days_skip_weekends_and_bank_holidays() {
    assert!(is_working_day(date("2026-11-26")));
    assert!(!is_working_day(date("2026-11-28")), "Saturday");
    assert!(!is_working_day(date("2026-04-06")), "Easter Monday");
}

#[test]
fn answers_are_due_before_the_clear_days() {
    // Monday 18 March 2019: Mon 11 – Fri 15 are the five clear days.
    assert_eq!(
        due_before(date("2019-03-18"), DEFAULT_CLEAR_DAYS),
        Some(date("2019-03-08"))
    );
    // Never past the start of the calendar.
    assert_eq!(due_before(chrono::NaiveDate::MIN, 0), None);
    // Over Easter 2020: Good Friday and Easter Monday are not working days.
    assert_eq!(due_before(date("2020-04-14"), 5), Some(date("2020-04-02")));
    assert_eq!(due_before(date("2026-11-26"), 0), Some(date("2026-11-25")));
}

#[test]
fn due_dates_are_proposed_for_what_is_owed_and_set_together() {
    let mut s = store();
    let id = small_review(&mut s);
    // Meeting Tuesday 10 March 2026: due Monday 2 March.
    let proposals = s.propose_due_dates(id, DEFAULT_CLEAR_DAYS).unwrap();
    let t = s.tracker(id, date("2026-02-22")).unwrap();
    assert_eq!(
        proposals.len() as u32,
        t.outstanding,
        "one for each answer still owed"
    );
    assert!(proposals.iter().all(|p| p.proposed == date("2026-03-02")));
    assert!(
        proposals.iter().all(|p| p.number != 1),
        "question 1 is answered"
    );

    let dates: Vec<_> = proposals
        .iter()
        .map(|p| (p.assignment, Some(p.proposed)))
        .collect();
    s.set_due_dates(&dates).unwrap();
    let t = s.tracker(id, date("2026-02-22")).unwrap();
    assert_eq!(t.overdue, 0, "nothing is overdue before 2 March");
    assert_eq!(
        s.tracker(id, date("2026-03-03")).unwrap().overdue,
        t.outstanding
    );

    // One unknown assignment and nothing is set.
    let before = s.tracker(id, date("2026-02-22")).unwrap();
    let mut bad = vec![(proposals[0].assignment, None)];
    bad.push((kloe::model::AssignmentId(999_999), None));
    assert_eq!(s.set_due_dates(&bad).unwrap_err().code(), "not_found");
    assert_eq!(s.tracker(id, date("2026-02-22")).unwrap(), before);

    // More clear days than the settings allow is refused, as the app meets it.
    let err = s
        .propose_due_dates(id, kloe::store::MAX_CLEAR_DAYS + 1)
        .unwrap_err();
    assert_eq!(err.code(), "out_of_range");
    let mut settings = s.settings().unwrap();
    settings.clear_days = kloe::store::MAX_CLEAR_DAYS + 1;
    assert_eq!(
        s.save_settings(&settings).unwrap_err().code(),
        "out_of_range"
    );

    // Without a meeting date there is nothing to work back from.
    s.update_review(
        id,
        &ReviewPatch {
            meeting_date: Some(None),
            ..ReviewPatch::default()
        },
    )
    .unwrap();
    let err = s.propose_due_dates(id, 5).unwrap_err();
    assert_eq!(err.code(), "not_ready");
    assert!(err.to_string().contains("no meeting date"), "{err}");
}
