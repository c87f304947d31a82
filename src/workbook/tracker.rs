//! Who owes what: per partner, how many assignments stand at each status,
//! and which are outstanding or overdue on a given day.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::model::{AssignmentId, Partner, PartnerId, QuestionId, ReviewId, Status};
use crate::store::Store;

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

/// One assignment, with its partners.
struct Row {
    assignment: AssignmentId,
    number: u32,
    question: String,
    label: String,
    status: Status,
    due: Option<NaiveDate>,
    partners: Vec<PartnerId>,
}

impl Store {
    pub fn tracker(&mut self, review: ReviewId, today: NaiveDate) -> Result<Tracker> {
        let (info, partners, rows) = self.read(|tx| {
            crate::store::ensure_review(tx, review)?;
            let info: (String, Option<NaiveDate>) = tx.query_row(
                "SELECT title, meeting_date FROM reviews WHERE id = ?1",
                [review],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let partners = crate::store::load_partners_for(tx, review)?;
            let mut members = crate::store::assignment_partners(tx, review)?;
            // One pass in reading order; a question's number is its place in it.
            let mut stmt = tx.prepare_cached(
                "SELECT q.id, q.text, a.id, a.label, a.status, a.due_date
                   FROM sections s
                   JOIN questions q ON q.section_id = s.id
                   LEFT JOIN assignments a ON a.question_id = q.id
                  WHERE s.review_id = ?1
                  ORDER BY s.position, s.id, q.position, q.id, a.position, a.id",
            )?;
            let mut rows: Vec<Row> = Vec::new();
            let mut number = 0;
            let mut last_question = None;
            let mut text = String::new();
            let mut query = stmt.query([review])?;
            while let Some(r) = query.next()? {
                let question: QuestionId = r.get(0)?;
                if last_question != Some(question) {
                    last_question = Some(question);
                    number += 1;
                    text = r.get(1)?;
                }
                let Some(assignment) = r.get::<_, Option<AssignmentId>>(2)? else {
                    continue;
                };
                let partners = members.remove(&assignment).unwrap_or_default();
                rows.push(Row {
                    assignment,
                    number,
                    question: text.clone(),
                    label: r.get(3)?,
                    status: r.get(4)?,
                    due: r.get(5)?,
                    partners,
                });
            }
            Ok((info, partners, rows))
        })?;
        let clear_days = self.settings()?.clear_days;
        let papers_due = info.1.and_then(|m| {
            crate::workdays::due_before(m, clear_days.min(crate::store::MAX_CLEAR_DAYS))
        });
        Ok(build(review, info, &partners, &rows, today, papers_due))
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
        let late = r.status.is_outstanding() && r.due.is_some_and(|d| d < today);
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
    }
}

/// How many assignments stood at each status at the end of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct DayCounts {
    pub day: NaiveDate,
    pub counts: StatusCounts,
}

impl Store {
    /// The review's answers by status over time, from its status history:
    /// one entry for each day on which something changed, in order, the
    /// last showing the counts now. Assignments since removed are left out
    /// of every day.
    pub fn progress_history(&mut self, review: ReviewId) -> Result<Vec<DayCounts>> {
        let changes: Vec<(AssignmentId, Status, String)> = self.read(|tx| {
            crate::store::ensure_review(tx, review)?;
            // Every status change, in order; an assignment with no recorded
            // change (as next year's review makes them) has stood at its
            // status since the review began. Timestamps are RFC 3339 in
            // UTC, so they sort as text.
            let mut stmt = tx.prepare_cached(
                "SELECT a.id, a.status, r.created_at, 0 AS seq
                   FROM assignments a
                   JOIN questions q ON q.id = a.question_id
                   JOIN sections s ON s.id = q.section_id
                   JOIN reviews r ON r.id = s.review_id
                  WHERE s.review_id = ?1
                    AND NOT EXISTS (SELECT 1 FROM status_changes c WHERE c.assignment_id = a.id)
                 UNION ALL
                 SELECT c.assignment_id, c.to_status, c.changed_at, c.id
                   FROM status_changes c
                   JOIN assignments a ON a.id = c.assignment_id
                   JOIN questions q ON q.id = a.question_id
                   JOIN sections s ON s.id = q.section_id
                  WHERE s.review_id = ?1
                  ORDER BY 3, 4",
            )?;
            let rows = stmt.query_map([review], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })?;
        let mut now: HashMap<AssignmentId, Status> = HashMap::new();
        let mut counts = StatusCounts::new();
        let mut days: Vec<DayCounts> = Vec::new();
        for (assignment, to, at) in changes {
            let day = crate::store::parse_timestamp(&at)?.date_naive();
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
