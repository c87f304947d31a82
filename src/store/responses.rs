//! Assignments (who owes which answer), responses and their revisions, and
//! status changes.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::partners::load_partners;
use super::reviews::{NewAssignment, insert_assignment};
use super::structure::question_place;
use super::{from_json, parse_timestamp, timestamp, to_json, touch_review};
use crate::error::{Error, Refusal, Result};
use crate::model::partner_among;
use crate::model::{
    AssignmentId, Partner, PartnerId, QuestionId, ReviewId, Revision, RevisionId, SignOff, Status,
    joint_label,
};
use crate::text::Paragraph;

/// What a save did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct SaveOutcome {
    /// The revision now current; `None` only if nothing has ever been saved.
    pub revision: Option<RevisionId>,
    /// False when the text was the same as the current revision, so no new
    /// revision was needed.
    pub changed: bool,
    pub status: Status,
}

/// An assignment's identity and state, without its text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct AssignmentInfo {
    pub id: AssignmentId,
    pub question: QuestionId,
    pub number: u32,
    pub review: ReviewId,
    pub label: String,
    pub status: Status,
    pub due: Option<NaiveDate>,
    pub partners: Vec<PartnerId>,
}

pub(crate) fn save(
    conn: &Connection,
    assignment: AssignmentId,
    paragraphs: &[Paragraph],
    author: &str,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    let (review, status, current): (ReviewId, Status, Option<(RevisionId, String)>) = conn
        .prepare_cached(
            "SELECT s.review_id, a.status, r.id, r.body
               FROM assignments a
               JOIN questions q ON q.id = a.question_id
               JOIN sections s ON s.id = q.section_id
               LEFT JOIN revisions r ON r.id = (SELECT max(id) FROM revisions WHERE assignment_id = a.id)
              WHERE a.id = ?1",
        )?
        .query_row([assignment], |r| {
            let current = match r.get::<_, Option<RevisionId>>(2)? {
                Some(id) => Some((id, r.get(3)?)),
                None => None,
            };
            Ok((r.get(0)?, r.get(1)?, current))
        })
        .optional()?
        .ok_or_else(|| no_assignment(assignment))?;
    let body = to_json(paragraphs);
    if let Some((id, ref current_body)) = current
        && *current_body == body
    {
        return Ok(SaveOutcome {
            revision: Some(id),
            changed: false,
            status,
        });
    }
    if current.is_none() && paragraphs.iter().all(Paragraph::is_blank) {
        return Ok(SaveOutcome {
            revision: None,
            changed: false,
            status,
        });
    }
    let stamp = timestamp(now);
    conn.prepare_cached(
        "INSERT INTO revisions (assignment_id, body, author, saved_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![assignment, body, author, stamp])?;
    let revision = RevisionId(conn.last_insert_rowid());
    let blank = paragraphs.iter().all(Paragraph::is_blank);
    let next = status.after_edit(blank);
    put_status(conn, assignment, status, next, author, now)?;
    touch_review(conn, review, now)?;
    Ok(SaveOutcome {
        revision: Some(revision),
        changed: true,
        status: next,
    })
}

/// Takes in an answer a partner returned: its words as a new revision (none
/// if they are the words already current) and the status submitted, from
/// whatever status the answer had. Returns the revision now current.
pub(crate) fn take_returned(
    conn: &Connection,
    assignment: AssignmentId,
    paragraphs: &[Paragraph],
    author: &str,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    let mut outcome = save(conn, assignment, paragraphs, author, now)?;
    if outcome.status != Status::Submitted {
        put_status(
            conn,
            assignment,
            outcome.status,
            Status::Submitted,
            author,
            now,
        )?;
        outcome.status = Status::Submitted;
        outcome.changed = true;
    }
    Ok(outcome)
}

pub(crate) fn change_status(
    conn: &Connection,
    assignment: AssignmentId,
    to: Status,
    author: &str,
    now: DateTime<Utc>,
) -> Result<Status> {
    let info = assignment_info(conn, assignment)?;
    if info.status == to {
        return Ok(to);
    }
    if !info.status.can_become(to) {
        let allowed: Vec<&str> = info
            .status
            .allowed_next()
            .iter()
            .map(|s| s.as_str())
            .collect();
        return Err(Error::Transition {
            subject: format!("{} for question {}", info.label, info.number),
            from: info.status.label(),
            to: to.label(),
            hint: format!(
                "From {} it can become: {}.",
                info.status.label(),
                allowed.join(", ")
            ),
        });
    }
    if to.needs_text() {
        let has_text = conn
            .prepare_cached(
                "SELECT body FROM revisions WHERE assignment_id = ?1 ORDER BY id DESC LIMIT 1",
            )?
            .query_row([assignment], |r| r.get::<_, String>(0))
            .optional()?
            .map(|b| from_json::<Vec<Paragraph>>(&b))
            .transpose()?
            .is_some_and(|ps| ps.iter().any(|p| !p.is_blank()));
        if !has_text {
            return Err(Error::Transition {
                subject: format!("{} for question {}", info.label, info.number),
                from: info.status.label(),
                to: to.label(),
                hint: "It has no text yet; write the response first.".into(),
            });
        }
    }
    put_status(conn, assignment, info.status, to, author, now)?;
    touch_review(conn, info.review, now)?;
    Ok(to)
}

/// Sets an assignment's status (and the time it last changed), recording
/// the change in its history when the status moves.
fn put_status(
    conn: &Connection,
    assignment: AssignmentId,
    from: Status,
    to: Status,
    author: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached("UPDATE assignments SET status = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![assignment, to, timestamp(now)])?;
    if from != to {
        record_status(conn, assignment, Some(from), to, author, now)?;
    }
    Ok(())
}

fn record_status(
    conn: &Connection,
    assignment: AssignmentId,
    from: Option<Status>,
    to: Status,
    author: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO status_changes (assignment_id, from_status, to_status, author, changed_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![assignment, from, to, author, timestamp(now)])?;
    Ok(())
}

pub(crate) fn assignment_info(
    conn: &Connection,
    assignment: AssignmentId,
) -> Result<AssignmentInfo> {
    let (question, label, status, due): (QuestionId, String, Status, Option<NaiveDate>) = conn
        .prepare_cached(
            "SELECT question_id, label, status, due_date FROM assignments WHERE id = ?1",
        )?
        .query_row([assignment], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?
        .ok_or_else(|| no_assignment(assignment))?;
    let mut place = question_place(conn, question)?;
    // A partner's copy of a pack goes by the council's question numbers.
    if let Some(n) = conn
        .prepare_cached("SELECT number FROM pack_copy_answers WHERE assignment_id = ?1")?
        .query_row([assignment], |r| r.get(0))
        .optional()?
    {
        place.number = n;
    }
    let partners = conn
        .prepare_cached(
            "SELECT partner_id FROM assignment_partners WHERE assignment_id = ?1 ORDER BY position",
        )?
        .query_map([assignment], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<PartnerId>>>()?;
    Ok(AssignmentInfo {
        id: assignment,
        question,
        number: place.number,
        review: place.review,
        label,
        status,
        due,
        partners,
    })
}

/// The assignments of `question` that involve any of `partners`, with all
/// their members.
fn assignments_of(
    conn: &Connection,
    question: QuestionId,
    partners: &[PartnerId],
) -> Result<Vec<(AssignmentId, Vec<PartnerId>)>> {
    let mut found: Vec<(AssignmentId, Vec<PartnerId>)> = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT ap.assignment_id, ap.partner_id FROM assignment_partners ap
          WHERE ap.question_id = ?1 ORDER BY ap.assignment_id, ap.position",
    )?;
    let rows = stmt.query_map([question], |r| {
        Ok((r.get::<_, AssignmentId>(0)?, r.get(1)?))
    })?;
    for row in rows {
        let (a, p) = row?;
        match found.last_mut() {
            Some((last, members)) if *last == a => members.push(p),
            _ => found.push((a, vec![p])),
        }
    }
    found.retain(|(_, members)| members.iter().any(|m| partners.contains(m)));
    Ok(found)
}

fn same_set(a: &[PartnerId], b: &[PartnerId]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

fn no_assignment(id: AssignmentId) -> Error {
    Error::not_found(format!("No assignment with id {id}."))
}

/// Sets one assignment's due date inside a transaction.
pub(crate) fn set_due_in(
    conn: &Connection,
    assignment: AssignmentId,
    due: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<()> {
    let info = assignment_info(conn, assignment)?;
    conn.execute(
        "UPDATE assignments SET due_date = ?2, updated_at = ?3 WHERE id = ?1",
        params![assignment, due, timestamp(now)],
    )?;
    touch_review(conn, info.review, now)
}

/// Assigns a question to partners. With `joint`, they owe one response
/// together (label: the given one, else "A/ B Response"); otherwise each
/// owes their own. A partner already assigned the question has its due
/// date updated instead (when one is given).
pub(crate) fn assign(
    tx: &Connection,
    question: QuestionId,
    partners: &[PartnerId],
    joint: bool,
    label: Option<&str>,
    due: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<Vec<AssignmentId>> {
    let place = question_place(tx, question)?;
    if partners.is_empty() {
        return Err(Error::refused(
            Refusal::Required,
            "Name at least one partner to assign the question to.",
        ));
    }
    let all = load_partners(tx, place.review)?;
    let mut unique: Vec<PartnerId> = Vec::with_capacity(partners.len());
    for p in partners {
        if !unique.contains(p) {
            unique.push(*p);
        }
    }
    let chosen: Vec<&Partner> = unique
        .iter()
        .map(|id| partner_among(&all, *id))
        .collect::<Result<_>>()?;
    let groups: Vec<Vec<&Partner>> = if joint {
        vec![chosen]
    } else {
        chosen.into_iter().map(|p| vec![p]).collect()
    };
    let mut ids = Vec::new();
    for group in groups {
        let group_ids: Vec<PartnerId> = group.iter().map(|p| p.id).collect();
        let existing = assignments_of(tx, question, &group_ids)?;
        match existing.as_slice() {
            [] => {
                let label = label
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(String::from)
                    .unwrap_or_else(|| joint_label(&group));
                let new = NewAssignment {
                    question,
                    position: None,
                    label: &label,
                    status: Status::NotStarted,
                    due,
                    previous: None,
                    partners: &group_ids,
                };
                let id = insert_assignment(tx, &new, now)?;
                record_status(tx, id, None, Status::NotStarted, "", now)?;
                ids.push(id);
            }
            [(id, members)] if same_set(members, &group_ids) => {
                if due.is_some() {
                    tx.execute(
                        "UPDATE assignments SET due_date = ?2, updated_at = ?3 WHERE id = ?1",
                        params![id, due, timestamp(now)],
                    )?;
                }
                if let Some(l) = label.map(str::trim).filter(|l| !l.is_empty()) {
                    tx.execute(
                        "UPDATE assignments SET label = ?2 WHERE id = ?1",
                        params![id, l],
                    )?;
                }
                ids.push(*id);
            }
            clashes => {
                let names: Vec<&str> = group
                    .iter()
                    .filter(|p| clashes.iter().any(|(_, m)| m.contains(&p.id)))
                    .map(|p| p.short_name.as_str())
                    .collect();
                let owes = if names.len() == 1 { "owes" } else { "owe" };
                return Err(Error::refused(
                    Refusal::AlreadyAssigned,
                    format!(
                        "Question {}: {} already {owes} a response to it on other terms; unassign that first.",
                        place.number,
                        names.join(" and ")
                    ),
                ));
            }
        }
    }
    touch_review(tx, place.review, now)?;
    Ok(ids)
}

/// Removes an assignment. One with saved text is refused unless
/// `discard_response` is set: typed words are never lost silently.
pub(crate) fn unassign(
    tx: &Connection,
    assignment: AssignmentId,
    discard_response: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    let info = assignment_info(tx, assignment)?;
    let revisions: i64 = tx.query_row(
        "SELECT count(*) FROM revisions WHERE assignment_id = ?1",
        [assignment],
        |r| r.get(0),
    )?;
    if revisions > 0 && !discard_response {
        return Err(Error::refused(
            Refusal::WouldDiscard,
            format!(
                "The {} to question {} has saved text; to remove it anyway, confirm that the response is to be discarded.",
                info.label, info.number
            ),
        ));
    }
    tx.execute("DELETE FROM assignments WHERE id = ?1", [assignment])?;
    touch_review(tx, info.review, now)
}

pub(crate) fn set_label(
    tx: &Connection,
    assignment: AssignmentId,
    label: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let info = assignment_info(tx, assignment)?;
    if label.trim().is_empty() {
        return Err(Error::refused(
            Refusal::Required,
            "A response needs a label, such as \"BDC Response\".",
        ));
    }
    crate::text::check_controls("A response label", label, false)?;
    tx.execute(
        "UPDATE assignments SET label = ?2 WHERE id = ?1",
        params![assignment, label.trim()],
    )?;
    touch_review(tx, info.review, now)
}

/// The assignment through which `partner` answers `question`.
pub(crate) fn find_assignment(
    tx: &Connection,
    question: QuestionId,
    partner: PartnerId,
) -> Result<AssignmentId> {
    let place = question_place(tx, question)?;
    let found: Option<AssignmentId> = tx
        .prepare_cached(
            "SELECT assignment_id FROM assignment_partners WHERE question_id = ?1 AND partner_id = ?2",
        )?
        .query_row(params![question, partner], |r| r.get(0))
        .optional()?;
    found.ok_or_else(|| {
        Error::not_found(format!(
            "Question {} is not assigned to that partner; assign it first.",
            place.number
        ))
    })
}

/// Saves a response and, optionally, sets its status, as one operation:
/// if the status change is not allowed, the text is not saved either.
pub(crate) fn respond(
    tx: &Connection,
    assignment: AssignmentId,
    paragraphs: &[Paragraph],
    status: Option<Status>,
    author: &str,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    let before = assignment_info(tx, assignment)?.status;
    let mut outcome = save(tx, assignment, paragraphs, author, now)?;
    if let Some(s) = status {
        outcome.status = change_status(tx, assignment, s, author, now)
            .map_err(|e| super::reported_from(e, before, "Saving new text"))?;
    }
    Ok(outcome)
}

/// Makes an earlier revision's text the current one again, as a new
/// revision (so the restore itself can be undone from the history).
pub(crate) fn restore_revision(
    tx: &Connection,
    assignment: AssignmentId,
    revision: RevisionId,
    author: &str,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    let info = assignment_info(tx, assignment)?;
    let body: Option<String> = tx
        .query_row(
            "SELECT body FROM revisions WHERE id = ?1 AND assignment_id = ?2",
            params![revision, assignment],
            |r| r.get(0),
        )
        .optional()?;
    let body = body.ok_or_else(|| {
        Error::not_found(format!(
            "Question {}: {} has no revision {revision}; list them with `kloe history`.",
            info.number, info.label
        ))
    })?;
    let paragraphs: Vec<Paragraph> = from_json(&body)?;
    save(tx, assignment, &paragraphs, author, now)
}

/// Every saved revision of a response, oldest first.
pub(crate) fn history(tx: &Connection, assignment: AssignmentId) -> Result<Vec<Revision>> {
    assignment_info(tx, assignment)?;
    let mut stmt = tx.prepare_cached(
        "SELECT r.id, r.assignment_id, r.body, r.author, r.saved_at,
                m.signed_off_by, m.signoff_role, m.signoff_date
           FROM revisions r
           LEFT JOIN revision_merges rm ON rm.revision_id = r.id
           LEFT JOIN pack_merges m ON m.id = rm.merge_id
          WHERE r.assignment_id = ?1 ORDER BY r.id",
    )?;
    let rows = stmt.query_map([assignment], |r| {
        let signoff = match (r.get(5)?, r.get(6)?, r.get(7)?) {
            (Some(name), Some(role), Some(date)) => Some(SignOff { name, role, date }),
            _ => None,
        };
        Ok(Revision {
            id: r.get(0)?,
            assignment: r.get(1)?,
            paragraphs: from_json(&r.get::<_, String>(2)?)?,
            author: r.get(3)?,
            saved_at: parse_timestamp(&r.get::<_, String>(4)?)?,
            signoff,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Takes one partner out of a joint answer; the label follows if it was
/// the partners' joint label.
pub(crate) fn unassign_partner(
    tx: &Connection,
    info: &AssignmentInfo,
    assignment: AssignmentId,
    partner: PartnerId,
    now: DateTime<Utc>,
) -> Result<()> {
    let all = load_partners(tx, info.review)?;
    let members = |ids: &[PartnerId]| -> Vec<&Partner> {
        ids.iter()
            .filter_map(|id| all.iter().find(|p| p.id == *id))
            .collect()
    };
    let remaining: Vec<PartnerId> = info
        .partners
        .iter()
        .copied()
        .filter(|p| *p != partner)
        .collect();
    tx.execute(
        "DELETE FROM assignment_partners WHERE assignment_id = ?1 AND partner_id = ?2",
        params![assignment, partner],
    )?;
    if info.label == joint_label(&members(&info.partners)) {
        tx.execute(
            "UPDATE assignments SET label = ?2 WHERE id = ?1",
            params![assignment, joint_label(&members(&remaining))],
        )?;
    }
    tx.execute(
        "UPDATE assignments SET updated_at = ?2 WHERE id = ?1",
        params![assignment, timestamp(now)],
    )?;
    touch_review(tx, info.review, now)
}
