//! Working days in England and Wales, and due dates worked back from a
//! committee meeting: papers are published a number of clear working days
//! before the meeting, so answers are due the working day before those.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Clear working days between the answers being due and the meeting, when
/// the officer has not said otherwise (the papers go out five clear working
/// days before the meeting).
pub const DEFAULT_CLEAR_DAYS: u32 = 5;

/// Bank holidays proclaimed for one year only, beyond the usual pattern.
const ONE_OFF: &[(i32, u32, u32)] = &[
    (2011, 4, 29), // royal wedding
    (2012, 6, 5),  // diamond jubilee
    (2022, 6, 3),  // platinum jubilee
    (2022, 9, 19), // state funeral of Queen Elizabeth II
    (2023, 5, 8),  // coronation of King Charles III
];

/// A month and day.
type MonthDay = (u32, u32);

/// Years in which a usual bank holiday was moved: (year, usual, moved to).
const MOVED: &[(i32, MonthDay, MonthDay)] = &[
    (1995, (5, 1), (5, 8)),  // early May, for VE Day's 50th anniversary
    (2002, (5, 27), (6, 4)), // spring, for the golden jubilee
    (2012, (5, 28), (6, 4)), // spring, for the diamond jubilee
    (2020, (5, 4), (5, 8)),  // early May, for VE Day's 75th anniversary
    (2022, (5, 30), (6, 2)), // spring, for the platinum jubilee
];

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    // Every date built here is a real one (fixed days, or computed within
    // the month), so the fallback is never taken.
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// Easter Sunday (the Gregorian computus).
pub fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as u32, day as u32)
}

fn first_monday(year: i32, month: u32) -> NaiveDate {
    let mut d = ymd(year, month, 1);
    while d.weekday() != Weekday::Mon {
        d += Duration::days(1);
    }
    d
}

fn last_monday(year: i32, month: u32) -> NaiveDate {
    let mut d = if month == 12 {
        ymd(year, 12, 31)
    } else {
        ymd(year, month + 1, 1) - Duration::days(1)
    };
    while d.weekday() != Weekday::Mon {
        d -= Duration::days(1);
    }
    d
}

/// The bank holidays of England and Wales in a year, in order.
pub fn bank_holidays(year: i32) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    // New Year's Day, or the Monday after it falls at a weekend.
    let new_year = ymd(year, 1, 1);
    days.push(match new_year.weekday() {
        Weekday::Sat => new_year + Duration::days(2),
        Weekday::Sun => new_year + Duration::days(1),
        _ => new_year,
    });
    let e = easter(year);
    days.push(e - Duration::days(2));
    days.push(e + Duration::days(1));
    days.push(first_monday(year, 5));
    days.push(last_monday(year, 5));
    days.push(last_monday(year, 8));
    // Christmas and Boxing Day, each moved to the next free weekday.
    let christmas = ymd(year, 12, 25);
    let (c, b) = match christmas.weekday() {
        Weekday::Fri => (christmas, ymd(year, 12, 28)),
        Weekday::Sat => (ymd(year, 12, 27), ymd(year, 12, 28)),
        Weekday::Sun => (ymd(year, 12, 27), ymd(year, 12, 26)),
        _ => (christmas, ymd(year, 12, 26)),
    };
    days.push(c);
    days.push(b);
    for &(y, (um, ud), (mm, md)) in MOVED {
        if y == year {
            days.retain(|&d| d != ymd(y, um, ud));
            days.push(ymd(y, mm, md));
        }
    }
    for &(y, m, d) in ONE_OFF {
        if y == year {
            days.push(ymd(y, m, d));
        }
    }
    days.sort();
    days
}

/// Whether a day is a working day: a weekday that is not a bank holiday.
pub fn is_working_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !bank_holidays(d.year()).contains(&d)
}

/// The day answers are due for a meeting, leaving `clear_days` whole
/// working days between that day and the meeting; `None` past the start
/// of the calendar.
pub fn due_before(meeting: NaiveDate, clear_days: u32) -> Option<NaiveDate> {
    let mut d = meeting;
    let mut counted = 0;
    loop {
        d = d.pred_opt()?;
        if is_working_day(d) {
            if counted == clear_days {
                return Some(d);
            }
            counted += 1;
        }
    }
}
