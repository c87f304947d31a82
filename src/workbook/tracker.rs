//! Who owes what: per partner, how many assignments stand at each status,
//! and which are outstanding or overdue on a given day.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::doc::RecommendationDoc;
use crate::error::Result;
use crate::model::{AssignmentId, Partner, PartnerId, RecommendationId, ReviewId, Status};
use crate::store::tracking::{self, OwedRow as Row};
use crate::workbook::Workbook;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Tracker {
    pub review: ReviewId,
    pub title: String,
    pub meeting_date: Option<NaiveDate>,
    /// The day "overdue" is measured against.
    pub today: NaiveDate,
    /// Every assignment counted once, joint ones included.
    pub totals: StatusCounts,
    pub assignments: u32,
    pub outstanding: u32,
    pub overdue: u32,
    /// Joint assignments count once for each partner in `partners`.
    pub joint_assignments: u32,
    /// The last day answers can arrive for the meeting's papers: the
    /// workbook's clear working days before the meeting.
    pub papers_due: Option<NaiveDate>,
    /// Answers still owed that are due after `papers_due`, or have no due
    /// date, so they would miss the papers.
    pub late_for_meeting: u32,
    pub partners: Vec<PartnerProgress>,
    /// Responses owed to the committee's recommendations, joint ones once.
    pub recommendations: RecCounts,
}

/// The responses to a review's recommendations: how many, how many still
/// owed, and how many of those are past their due date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RecCounts {
    pub responses: u32,
    pub outstanding: u32,
    pub overdue: u32,
}

/// A response to a recommendation a partner still owes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RecOwed {
    pub recommendation: RecommendationId,
    pub number: u32,
    pub reference: String,
    /// The recommendation's words, as plain text.
    pub text: String,
    pub status: Status,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    #[ts(type = "number")]
    pub days_overdue: i64,
    /// The other partners of a joint response, by short name.
    pub joint_with: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PartnerProgress {
    pub id: PartnerId,
    pub name: String,
    pub short_name: String,
    pub counts: StatusCounts,
    pub assignments: u32,
    /// Not started or drafting: the partner still owes these.
    pub outstanding: Vec<Owed>,
    pub overdue: u32,
    /// Responses to recommendations the partner still owes.
    pub recommendations_owed: Vec<RecOwed>,
    pub recommendations_overdue: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Owed {
    pub assignment: AssignmentId,
    pub number: u32,
    pub question: String,
    pub label: String,
    pub status: Status,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    /// Days past the due date; 0 when not overdue.
    #[ts(type = "number")]
    pub days_overdue: i64,
    /// The other partners of a joint response, by short name.
    pub joint_with: Vec<String>,
    /// Due after the papers go out, or not given a due date at all.
    pub late_for_meeting: bool,
}

/// Counts by status, serialised as `{"not_started": 2, ...}` with every status present.
#[derive(Debug, Clone, Default, PartialEq, Eq, ts_rs::TS)]
#[ts(type = "Record<Status, number>")]
pub struct StatusCounts(pub BTreeMap<&'static str, u32>);

impl StatusCounts {
    fn new() -> Self {
        StatusCounts(Status::ALL.iter().map(|s| (s.as_str(), 0)).collect())
    }

    fn add(&mut self, status: Status) {
        *self.0.entry(status.as_str()).or_default() += 1;
    }

    fn remove(&mut self, status: Status) {
        if let Some(n) = self.0.get_mut(status.as_str()) {
            *n = n.saturating_sub(1);
        }
    }

    pub fn get(&self, status: Status) -> u32 {
        self.0.get(status.as_str()).copied().unwrap_or(0)
    }
}

impl Serialize for StatusCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(Status::ALL.len()))?;
        for status in Status::ALL {
            map.serialize_entry(status.as_str(), &self.get(*status))?;
        }
        map.end()
    }
}

impl Workbook {
    pub fn tracker(&mut self, review: ReviewId, today: NaiveDate) -> Result<Tracker> {
        let (head, partners, rows, recs) = self.store.read(|tx| {
            crate::store::ensure_review(tx, review)?;
            Ok((
                tracking::review_head(tx, review)?,
                crate::store::load_partners_for(tx, review)?,
                tracking::owed_rows(tx, review)?,
                crate::store::recommendations::load(tx, review)?,
            ))
        })?;
        let clear_days = self.settings()?.clear_days;
        let papers_due = head.1.and_then(|m| {
            crate::workdays::due_before(m, clear_days.min(crate::store::MAX_CLEAR_DAYS))
        });
        let mut tracker = build(review, head, &partners, &rows, today, papers_due);
        add_recommendations(&mut tracker, &recs);
        Ok(tracker)
    }
}

/// The responses owed to recommendations, counted and listed under the
/// partners who owe them.
fn add_recommendations(t: &mut Tracker, recs: &[RecommendationDoc]) {
    let short: HashMap<PartnerId, String> = t
        .partners
        .iter()
        .map(|p| (p.id, p.short_name.clone()))
        .collect();
    for rec in recs {
        for r in &rec.responses {
            let owed = r.status.is_outstanding();
            let late = r.status.overdue(rec.due, t.today);
            t.recommendations.responses += 1;
            t.recommendations.outstanding += u32::from(owed);
            t.recommendations.overdue += u32::from(late);
            if !owed {
                continue;
            }
            for partner in &r.partners {
                let Some(p) = t.partners.iter_mut().find(|p| p.id == *partner) else {
                    continue;
                };
                p.recommendations_overdue += u32::from(late);
                p.recommendations_owed.push(RecOwed {
                    recommendation: rec.id,
                    number: rec.number,
                    reference: rec.reference.clone(),
                    text: crate::text::plain_words(&rec.text),
                    status: r.status,
                    due: rec.due,
                    overdue: late,
                    days_overdue: match rec.due {
                        Some(d) if late => (t.today - d).num_days(),
                        _ => 0,
                    },
                    joint_with: r
                        .partners
                        .iter()
                        .filter(|m| *m != partner)
                        .filter_map(|m| short.get(m).cloned())
                        .collect(),
                });
            }
        }
    }
}

fn build(
    review: ReviewId,
    (title, meeting_date): (String, Option<NaiveDate>),
    partners: &[Partner],
    rows: &[Row],
    today: NaiveDate,
    papers_due: Option<NaiveDate>,
) -> Tracker {
    let misses = |due: Option<NaiveDate>| match (papers_due, due) {
        (Some(p), Some(d)) => d > p,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let mut late_for_meeting = 0;
    let short: HashMap<PartnerId, &str> = partners
        .iter()
        .map(|p| (p.id, p.short_name.as_str()))
        .collect();
    let mut progress: Vec<PartnerProgress> = partners
        .iter()
        .map(|p| PartnerProgress {
            id: p.id,
            name: p.name.clone(),
            short_name: p.short_name.clone(),
            counts: StatusCounts::new(),
            assignments: 0,
            outstanding: Vec::new(),
            overdue: 0,
            recommendations_owed: Vec::new(),
            recommendations_overdue: 0,
        })
        .collect();
    let index: HashMap<PartnerId, usize> = partners
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();
    let mut totals = StatusCounts::new();
    let (mut outstanding, mut overdue, mut joint) = (0, 0, 0);
    for r in rows {
        let late = r.status.overdue(r.due, today);
        late_for_meeting += u32::from(r.status.is_outstanding() && misses(r.due));
        totals.add(r.status);
        outstanding += u32::from(r.status.is_outstanding());
        overdue += u32::from(late);
        joint += u32::from(r.partners.len() > 1);
        for partner in &r.partners {
            let Some(p) = index.get(partner).map(|&i| &mut progress[i]) else {
                continue;
            };
            p.counts.add(r.status);
            p.assignments += 1;
            if !r.status.is_outstanding() {
                continue;
            }
            p.overdue += u32::from(late);
            p.outstanding.push(Owed {
                assignment: r.assignment,
                number: r.number,
                question: r.question.clone(),
                label: r.label.clone(),
                status: r.status,
                due: r.due,
                overdue: late,
                days_overdue: match r.due {
                    Some(d) if late => (today - d).num_days(),
                    _ => 0,
                },
                joint_with: r
                    .partners
                    .iter()
                    .filter(|m| *m != partner)
                    .filter_map(|m| short.get(m).map(|s| s.to_string()))
                    .collect(),
                late_for_meeting: misses(r.due),
            });
        }
    }
    Tracker {
        review,
        title,
        meeting_date,
        today,
        totals,
        assignments: rows.len() as u32,
        outstanding,
        overdue,
        joint_assignments: joint,
        papers_due,
        late_for_meeting,
        partners: progress,
        recommendations: RecCounts::default(),
    }
}

/// How many assignments stood at each status at the end of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct DayCounts {
    pub day: NaiveDate,
    pub counts: StatusCounts,
}

impl Workbook {
    /// The review's answers by status over time, from its status history:
    /// one entry for each day on which something changed, in order, the
    /// last showing the counts now. Assignments since removed are left out
    /// of every day.
    pub fn progress_history(&mut self, review: ReviewId) -> Result<Vec<DayCounts>> {
        let changes = self.store.read(|tx| {
            crate::store::ensure_review(tx, review)?;
            tracking::status_history(tx, review)
        })?;
        let mut now: HashMap<AssignmentId, Status> = HashMap::new();
        let mut counts = StatusCounts::new();
        let mut days: Vec<DayCounts> = Vec::new();
        for (assignment, to, at) in changes {
            let day = at.date_naive();
            if let Some(before) = now.insert(assignment, to) {
                counts.remove(before);
            }
            counts.add(to);
            match days.last_mut() {
                Some(last) if last.day == day => last.counts = counts.clone(),
                _ => days.push(DayCounts {
                    day,
                    counts: counts.clone(),
                }),
            }
        }
        Ok(days)
    }
}
