//! Who owes what: per partner, how many assignments stand at each status,
//! and which are outstanding or overdue on a given day.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::model::{AssignmentId, Partner, PartnerId, ReviewId, Status};
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    pub partners: Vec<PartnerProgress>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Owed {
    pub assignment: AssignmentId,
    pub number: u32,
    pub question: String,
    pub label: String,
    pub status: Status,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    /// Days past the due date; 0 when not overdue.
    pub days_overdue: i64,
    /// The other partners of a joint response, by short name.
    pub joint_with: Vec<String>,
}

/// Counts by status, serialised as `{"not_started": 2, ...}` with every status present.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusCounts(pub BTreeMap<&'static str, u32>);

impl StatusCounts {
    fn new() -> Self {
        StatusCounts(Status::ALL.iter().map(|s| (s.as_str(), 0)).collect())
    }

    fn add(&mut self, status: Status) {
        *self.0.entry(status.as_str()).or_default() += 1;
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

struct Row {
    partner: PartnerId,
    assignment: AssignmentId,
    number: u32,
    question: String,
    label: String,
    status: Status,
    due: Option<NaiveDate>,
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
            let mut stmt = tx.prepare_cached(
                "WITH numbered AS (
                     SELECT q.id, q.text,
                            row_number() OVER (ORDER BY s.position, s.id, q.position, q.id) AS number
                       FROM questions q JOIN sections s ON s.id = q.section_id
                      WHERE s.review_id = ?1)
                 SELECT ap.partner_id, a.id, n.number, n.text, a.label, a.status, a.due_date
                   FROM assignments a
                   JOIN numbered n ON n.id = a.question_id
                   JOIN assignment_partners ap ON ap.assignment_id = a.id
                  ORDER BY n.number, a.position, a.id, ap.position",
            )?;
            let rows = stmt
                .query_map([review], |r| {
                    Ok(Row {
                        partner: r.get(0)?,
                        assignment: r.get(1)?,
                        number: r.get(2)?,
                        question: r.get(3)?,
                        label: r.get(4)?,
                        status: r.get(5)?,
                        due: r.get(6)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((info, partners, rows))
        })?;
        Ok(build(review, info, &partners, &rows, today))
    }
}

fn build(
    review: ReviewId,
    (title, meeting_date): (String, Option<NaiveDate>),
    partners: &[Partner],
    rows: &[Row],
    today: NaiveDate,
) -> Tracker {
    let short: HashMap<PartnerId, &str> = partners
        .iter()
        .map(|p| (p.id, p.short_name.as_str()))
        .collect();
    let mut members: HashMap<AssignmentId, Vec<PartnerId>> = HashMap::new();
    for r in rows {
        members.entry(r.assignment).or_default().push(r.partner);
    }
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
    let mut seen = HashSet::new();
    let (mut outstanding, mut overdue) = (0, 0);
    for r in rows {
        let late = r.status.is_outstanding() && r.due.is_some_and(|d| d < today);
        if seen.insert(r.assignment) {
            totals.add(r.status);
            outstanding += u32::from(r.status.is_outstanding());
            overdue += u32::from(late);
        }
        let Some(p) = index.get(&r.partner).map(|&i| &mut progress[i]) else {
            continue;
        };
        p.counts.add(r.status);
        p.assignments += 1;
        if r.status.is_outstanding() {
            p.overdue += u32::from(late);
            p.outstanding.push(Owed {
                assignment: r.assignment,
                number: r.number,
                question: r.question.clone(),
                label: r.label.clone(),
                status: r.status,
                due: r.due,
                overdue: late,
                days_overdue: if late {
                    r.due.map_or(0, |d| (today - d).num_days())
                } else {
                    0
                },
                joint_with: members
                    .get(&r.assignment)
                    .into_iter()
                    .flatten()
                    .filter(|m| **m != r.partner)
                    .filter_map(|m| short.get(m).map(|s| s.to_string()))
                    .collect(),
            });
        }
    }
    let joint_assignments = members.values().filter(|m| m.len() > 1).count() as u32;
    Tracker {
        review,
        title,
        meeting_date,
        today,
        totals,
        assignments: seen.len() as u32,
        outstanding,
        overdue,
        joint_assignments,
        partners: progress,
    }
}
