//! Recommendations, the responses the partners owe to them with every save
//! and status change, and their progress updates.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{from_json, parse_timestamp, timestamp, to_json, touch_review};
use crate::doc::{ProgressUpdate, RecResponseDoc, RecWords, RecommendationDoc};
use crate::error::{Error, Refusal, Result};
use crate::model::{
    Decision, PartnerId, ProgressStatus, RecResponseId, RecRevisionId, RecUpdateId,
    RecommendationId, ReviewId, Status,
};
use crate::text::Paragraph;

/// The longest reference a recommendation may have.
pub const MAX_REFERENCE: usize = 60;

/// A recommendation to add.
pub(crate) struct NewRecommendation<'a> {
    pub reference: Option<&'a str>,
    pub text: &'a [Paragraph],
    pub agreed: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    /// The responses owed: each one partner's, or several partners' jointly.
    pub owed: &'a [Vec<PartnerId>],
    pub carried_from: Option<RecommendationId>,
}

/// Where a recommendation is, and what it is called.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct RecommendationInfo {
    pub id: RecommendationId,
    pub review: ReviewId,
    pub number: u32,
    pub reference: String,
}

/// A recommendation response as the officer names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecResponseInfo {
    pub id: RecResponseId,
    pub recommendation: RecommendationInfo,
    pub status: Status,
    pub partners: Vec<PartnerId>,
}

/// What a save of a response did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct RecSaveOutcome {
    /// False when nothing differed from the response as it stood.
    pub changed: bool,
    pub status: Status,
}

/// A response to a recommendation as a save leaves it: each part given
/// replaces the one before; a part not given is kept.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct RecAnswer {
    pub decision: Option<Decision>,
    pub text: Option<Vec<Paragraph>>,
    /// An empty name clears it.
    pub lead_officer: Option<String>,
    pub target: Option<NaiveDate>,
}

/// Adds a recommendation at the end of the review's, with the responses it
/// is owed; its reference is made from the review's year and its number
/// when none is given.
pub(crate) fn insert(
    conn: &Connection,
    review: ReviewId,
    new: &NewRecommendation<'_>,
    now: DateTime<Utc>,
) -> Result<RecommendationInfo> {
    let (financial_year, meeting): (Option<String>, Option<NaiveDate>) = conn
        .prepare_cached("SELECT financial_year, meeting_date FROM reviews WHERE id = ?1")?
        .query_row([review], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| super::no_review(review))?;
    // Positions are kept 1..N, so the last is the count, read from the
    // index rather than counted.
    let number: u32 = conn
        .prepare_cached(
            "SELECT coalesce(max(position), 0) + 1 FROM recommendations WHERE review_id = ?1",
        )?
        .query_row([review], |r| r.get(0))?;
    let reference = match new.reference {
        Some(r) => free_reference(conn, review, r, None)?,
        None => {
            let year = year_of(financial_year.as_deref(), meeting.or(new.agreed), now);
            let mut n = number;
            loop {
                let candidate = format!("CSP ({year}) {n:02}");
                if !reference_taken(conn, review, &candidate, None)? {
                    break candidate;
                }
                n += 1;
            }
        }
    };
    let days = super::settings::settings(conn)?.rec_response_days;
    let due = new.due.or_else(|| {
        new.agreed
            .or(meeting)
            .map(|d| d + chrono::Duration::days(i64::from(days)))
    });
    conn.prepare_cached(
        "INSERT INTO recommendations
            (review_id, position, reference, body, agreed_on, due_date, previous_recommendation, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        review,
        number,
        reference,
        to_json(new.text),
        new.agreed.or(meeting),
        due,
        new.carried_from,
        timestamp(now)
    ])?;
    let id = RecommendationId(conn.last_insert_rowid());
    let mut seen: Vec<PartnerId> = Vec::new();
    for (position, partners) in new.owed.iter().enumerate() {
        for p in partners {
            if seen.contains(p) {
                return Err(Error::refused(
                    Refusal::AlreadyAssigned,
                    "A partner is named twice for this recommendation; each partner owes it one response.",
                ));
            }
            seen.push(*p);
        }
        add_response(conn, id, position as u32 + 1, partners, now)?;
    }
    touch_review(conn, review, now)?;
    Ok(RecommendationInfo {
        id,
        review,
        number,
        reference,
    })
}

/// Addresses a recommendation to more partners: each group owes one
/// response (jointly when more than one partner).
pub(crate) fn add_owed(
    conn: &Connection,
    rec: &RecommendationInfo,
    owed: &[Vec<PartnerId>],
    now: DateTime<Utc>,
) -> Result<()> {
    let count: u32 = conn
        .prepare_cached("SELECT count(*) FROM rec_responses WHERE recommendation_id = ?1")?
        .query_row([rec.id], |r| r.get(0))?;
    for (i, group) in owed.iter().enumerate() {
        add_response(conn, rec.id, count + i as u32 + 1, group, now)?;
    }
    touch(conn, rec, now)
}

/// A response owed by `partners`, jointly when more than one.
fn add_response(
    conn: &Connection,
    recommendation: RecommendationId,
    position: u32,
    partners: &[PartnerId],
    now: DateTime<Utc>,
) -> Result<RecResponseId> {
    conn.prepare_cached(
        "INSERT INTO rec_responses (recommendation_id, position, updated_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![recommendation, position, timestamp(now)])?;
    let id = RecResponseId(conn.last_insert_rowid());
    let mut add = conn.prepare_cached(
        "INSERT INTO rec_response_partners (response_id, recommendation_id, partner_id, position)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, p) in partners.iter().enumerate() {
        add.execute(params![id, recommendation, p, i as u32 + 1])
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => Error::refused(
                    Refusal::AlreadyAssigned,
                    "A partner already owes a response to this recommendation.",
                ),
                _ => e.into(),
            })?;
    }
    Ok(id)
}

/// A reference given for a recommendation (`except`, when it is one
/// already), trimmed: one a person can type and a document can print, and
/// that no other recommendation of the review has.
fn free_reference(
    conn: &Connection,
    review: ReviewId,
    reference: &str,
    except: Option<RecommendationId>,
) -> Result<String> {
    let r = reference.trim();
    check_reference(r)?;
    if reference_taken(conn, review, r, except)? {
        return Err(Error::refused(
            Refusal::NameTaken,
            format!(
                "This review already has a recommendation {r}; give this one another reference."
            ),
        ));
    }
    Ok(r.to_string())
}

/// A recommendation's words: there must be some.
pub(crate) fn check_words(text: &[Paragraph]) -> Result<()> {
    if text.iter().all(Paragraph::is_blank) {
        return Err(Error::refused(
            Refusal::Required,
            "A recommendation needs its words; give the text the committee agreed.",
        ));
    }
    Ok(())
}

/// A reference a person can type and a document can print.
fn check_reference(r: &str) -> Result<()> {
    if r.is_empty() {
        return Err(Error::refused(
            Refusal::Required,
            "A recommendation's reference cannot be empty; leave it out to have one made.",
        ));
    }
    if r.chars().count() > MAX_REFERENCE {
        return Err(Error::refused(
            Refusal::OutOfRange,
            format!("A recommendation's reference can be at most {MAX_REFERENCE} characters."),
        ));
    }
    crate::text::check_controls("A recommendation's reference", r, false)?;
    Ok(())
}

fn reference_taken(
    conn: &Connection,
    review: ReviewId,
    reference: &str,
    except: Option<RecommendationId>,
) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM recommendations
              WHERE review_id = ?1 AND reference = ?2 COLLATE NOCASE AND id IS NOT ?3",
        )?
        .exists(params![review, reference, except])?)
}

/// "26/27": the financial year the review gives, else the one (April to
/// March) its meeting, or today, falls in.
fn year_of(financial_year: Option<&str>, day: Option<NaiveDate>, now: DateTime<Utc>) -> String {
    if let Some(fy) = financial_year {
        let digits: Vec<String> = fy
            .split(|c: char| !c.is_ascii_digit())
            .filter(|d| d.len() == 2 || d.len() == 4)
            .map(|d| d[d.len() - 2..].to_string())
            .collect();
        if let [a, b] = digits.as_slice() {
            return format!("{a}/{b}");
        }
    }
    let day = day.unwrap_or_else(|| now.date_naive());
    let start = if day.month() >= 4 {
        day.year()
    } else {
        day.year() - 1
    };
    format!(
        "{:02}/{:02}",
        start.rem_euclid(100),
        (start + 1).rem_euclid(100)
    )
}

/// A recommendation of a review by its reference (any case) or number.
pub(crate) fn find(conn: &Connection, review: ReviewId, name: &str) -> Result<RecommendationInfo> {
    super::ensure_review(conn, review)?;
    let name = name.trim();
    let by_reference = conn
        .prepare_cached(
            "SELECT id FROM recommendations WHERE review_id = ?1 AND reference = ?2 COLLATE NOCASE",
        )?
        .query_row(params![review, name], |r| r.get::<_, RecommendationId>(0))
        .optional()?;
    let id = match by_reference {
        Some(id) => Some(id),
        None => match name.parse::<u32>() {
            Ok(n) => conn
                .prepare_cached(
                    "SELECT id FROM recommendations WHERE review_id = ?1 AND position = ?2",
                )?
                .query_row(params![review, n], |r| r.get(0))
                .optional()?,
            Err(_) => None,
        },
    };
    let id = id.ok_or_else(|| {
        Error::not_found(format!(
            "Review {review} has no recommendation {name}; run `kloe recs {review}` to list them."
        ))
    })?;
    info(conn, id)
}

/// A recommendation's place and reference. Its number is its position:
/// adding, moving and deleting keep a review's positions 1..N.
pub(crate) fn info(conn: &Connection, id: RecommendationId) -> Result<RecommendationInfo> {
    let (review, number, reference): (ReviewId, u32, String) = conn
        .prepare_cached("SELECT review_id, position, reference FROM recommendations WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("There is no recommendation with id {id}.")))?;
    Ok(RecommendationInfo {
        id,
        review,
        number,
        reference,
    })
}

/// The response a partner owes to a recommendation.
pub(crate) fn response_of(
    conn: &Connection,
    recommendation: &RecommendationInfo,
    partner: PartnerId,
) -> Result<RecResponseInfo> {
    let id: RecResponseId = conn
        .prepare_cached(
            "SELECT response_id FROM rec_response_partners
              WHERE recommendation_id = ?1 AND partner_id = ?2",
        )?
        .query_row(params![recommendation.id, partner], |r| r.get(0))
        .optional()?
        .ok_or_else(|| {
            let name: String = conn
                .query_row("SELECT name FROM partners WHERE id = ?1", [partner], |r| {
                    r.get(0)
                })
                .unwrap_or_else(|_| format!("partner {partner}"));
            Error::refused(
                Refusal::NotAssigned,
                format!(
                    "Recommendation {} is not addressed to {name}; name a partner it is addressed to.",
                    recommendation.reference
                ),
            )
        })?;
    response_info(conn, id, recommendation.clone())
}

fn response_info(
    conn: &Connection,
    id: RecResponseId,
    recommendation: RecommendationInfo,
) -> Result<RecResponseInfo> {
    let status: Status = conn
        .prepare_cached("SELECT status FROM rec_responses WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    let partners = conn
        .prepare_cached(
            "SELECT partner_id FROM rec_response_partners WHERE response_id = ?1 ORDER BY position",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<PartnerId>>>()?;
    Ok(RecResponseInfo {
        id,
        recommendation,
        status,
        partners,
    })
}

/// A save of a response, from a row of decision, body, lead officer and
/// target date.
fn words_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<RecWords> {
    Ok(RecWords {
        decision: r.get(0)?,
        text: from_json::<Vec<Paragraph>>(&r.get::<_, String>(1)?)?,
        lead_officer: r.get(2)?,
        target: r.get(3)?,
    })
}

/// The response as it stands, if it has been saved.
fn current(conn: &Connection, response: RecResponseId) -> Result<Option<RecWords>> {
    Ok(conn
        .prepare_cached(
            "SELECT decision, body, lead_officer, target_date FROM rec_revisions
              WHERE response_id = ?1 ORDER BY id DESC LIMIT 1",
        )?
        .query_row([response], words_of)
        .optional()?)
}

/// Saves a response: a new revision when anything differs, and the status
/// an edit leaves it at; then the status asked for, if any.
pub(crate) fn respond(
    conn: &Connection,
    response: &RecResponseInfo,
    answer: &RecAnswer,
    status: Option<Status>,
    author: &str,
    now: DateTime<Utc>,
) -> Result<RecSaveOutcome> {
    if let Some(lead) = answer.lead_officer.as_deref() {
        check_lead(lead)?;
    }
    let was = current(conn, response.id)?;
    let before = was.clone().unwrap_or_default();
    let next = RecWords {
        decision: answer.decision.or(before.decision),
        text: answer.text.clone().unwrap_or(before.text),
        lead_officer: match answer.lead_officer.as_deref().map(str::trim) {
            Some("") => None,
            Some(l) => Some(l.to_string()),
            None => before.lead_officer,
        },
        target: answer.target.or(before.target),
    };
    let changed = match &was {
        Some(was) => *was != next,
        None => !next.is_empty(),
    };
    let mut now_status = response.status;
    if changed {
        conn.prepare_cached(
            "INSERT INTO rec_revisions
                (response_id, decision, body, lead_officer, target_date, author, saved_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            response.id,
            next.decision,
            to_json(&next.text),
            next.lead_officer,
            next.target,
            author,
            timestamp(now)
        ])?;
        let blank = next.text.iter().all(Paragraph::is_blank);
        now_status = response.status.after_edit(blank);
        put_status(conn, response.id, response.status, now_status, author, now)?;
    }
    if let Some(to) = status {
        let edited = RecResponseInfo {
            status: now_status,
            ..response.clone()
        };
        now_status = change_status(conn, &edited, to, author, now)
            .map_err(|e| super::reported_from(e, response.status, "Saving the response"))?;
    }
    touch(conn, &response.recommendation, now)?;
    Ok(RecSaveOutcome {
        changed,
        status: now_status,
    })
}

/// A response by its id, with the recommendation it answers.
pub(crate) fn response_by_id(conn: &Connection, id: RecResponseId) -> Result<RecResponseInfo> {
    let rec: RecommendationId = conn
        .prepare_cached("SELECT recommendation_id FROM rec_responses WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("There is no recommendation response {id}.")))?;
    response_info(conn, id, info(conn, rec)?)
}

/// Puts a response's words whole (decision, words, lead officer and target,
/// each as given) and its status, as a pack moves them: a partner's
/// returned response merged (submitted), or the council's words starting a
/// partner's copy. Returns the save written, if the words differed.
pub(crate) fn replace(
    conn: &Connection,
    response: RecResponseId,
    words: &RecWords,
    status: Status,
    author: &str,
    now: DateTime<Utc>,
) -> Result<Option<RecRevisionId>> {
    let info = response_by_id(conn, response)?;
    if let Some(lead) = &words.lead_officer {
        check_lead(lead)?;
    }
    let mut revision = None;
    if current(conn, response)?.unwrap_or_default() != *words {
        conn.prepare_cached(
            "INSERT INTO rec_revisions
                (response_id, decision, body, lead_officer, target_date, author, saved_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            response,
            words.decision,
            to_json(&words.text),
            words.lead_officer,
            words.target,
            author,
            timestamp(now)
        ])?;
        revision = Some(RecRevisionId(conn.last_insert_rowid()));
    }
    put_status(conn, response, info.status, status, author, now)?;
    touch(conn, &info.recommendation, now)?;
    Ok(revision)
}

/// A lead officer's name: printable, and at most 200 characters.
fn check_lead(lead: &str) -> Result<()> {
    crate::text::check_controls("A lead officer's name", lead, false)?;
    if lead.chars().count() > 200 {
        return Err(Error::refused(
            Refusal::OutOfRange,
            "A lead officer's name can be at most 200 characters.",
        ));
    }
    Ok(())
}

/// One save of a response, if it is a save of `response`.
pub(crate) fn revision_words(
    conn: &Connection,
    revision: RecRevisionId,
    response: RecResponseId,
) -> Result<Option<RecWords>> {
    Ok(conn
        .prepare_cached(
            "SELECT decision, body, lead_officer, target_date FROM rec_revisions
              WHERE id = ?1 AND response_id = ?2",
        )?
        .query_row(params![revision, response], words_of)
        .optional()?)
}

/// Who wrote a save of a response.
pub(crate) fn revision_author(
    conn: &Connection,
    revision: RecRevisionId,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT author FROM rec_revisions WHERE id = ?1")?
        .query_row([revision], |r| r.get(0))
        .optional()?)
}

/// Moves a response to another status, as the rules for answers allow;
/// handing one in needs a decision and words.
pub(crate) fn change_status(
    conn: &Connection,
    response: &RecResponseInfo,
    to: Status,
    author: &str,
    now: DateTime<Utc>,
) -> Result<Status> {
    let subject = format!(
        "The response to recommendation {}",
        response.recommendation.reference
    );
    if to == Status::AnsweredElsewhere {
        return Err(Error::Transition {
            subject,
            from: response.status.label(),
            to: to.label(),
            hint: "A recommendation's response is given, not answered elsewhere; mark it not required instead.".into(),
        });
    }
    if !response.status.can_become(to) {
        let allowed: Vec<&str> = response
            .status
            .allowed_next()
            .iter()
            .filter(|s| **s != Status::AnsweredElsewhere)
            .map(|s| s.as_str())
            .collect();
        return Err(Error::Transition {
            subject,
            from: response.status.label(),
            to: to.label(),
            hint: format!(
                "From {} it can become: {}.",
                response.status.label(),
                allowed.join(", ")
            ),
        });
    }
    if to.needs_text() {
        let words = current(conn, response.id)?.unwrap_or_default();
        let missing = match (words.decision, words.text.iter().any(|p| !p.is_blank())) {
            (None, false) => Some("It has neither a decision nor words yet"),
            (None, true) => Some("It has no decision yet (accepted, partly or not accepted)"),
            (Some(_), false) => Some("It has no words yet saying what will be done"),
            (Some(_), true) => None,
        };
        if let Some(missing) = missing {
            return Err(Error::Transition {
                subject,
                from: response.status.label(),
                to: to.label(),
                hint: format!("{missing}; write the response first."),
            });
        }
    }
    put_status(conn, response.id, response.status, to, author, now)?;
    touch(conn, &response.recommendation, now)?;
    Ok(to)
}

fn put_status(
    conn: &Connection,
    response: RecResponseId,
    from: Status,
    to: Status,
    author: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached("UPDATE rec_responses SET status = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![response, to, timestamp(now)])?;
    if from != to {
        conn.prepare_cached(
            "INSERT INTO rec_status_changes (response_id, from_status, to_status, author, changed_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![response, from, to, author, timestamp(now)])?;
    }
    Ok(())
}

fn touch(conn: &Connection, rec: &RecommendationInfo, now: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached("UPDATE recommendations SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![rec.id, timestamp(now)])?;
    touch_review(conn, rec.review, now)
}

/// Records how carrying out a recommendation is going on a day.
pub(crate) fn add_update(
    conn: &Connection,
    rec: &RecommendationInfo,
    date: NaiveDate,
    progress: ProgressStatus,
    text: &str,
    author: &str,
    now: DateTime<Utc>,
) -> Result<RecUpdateId> {
    let text = text.trim();
    crate::text::check_controls("A progress update", text, false)?;
    if progress == ProgressStatus::Paused && text.is_empty() {
        return Err(Error::refused(
            Refusal::Required,
            "A paused recommendation needs the reason it is paused; give it with --text.",
        ));
    }
    if text.chars().count() > 4_000 {
        return Err(Error::refused(
            Refusal::OutOfRange,
            "A progress update can be at most 4,000 characters; keep it short and put the detail in the response.",
        ));
    }
    conn.prepare_cached(
        "INSERT INTO rec_updates (recommendation_id, on_date, progress, body, author, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        rec.id,
        date,
        progress,
        text,
        author,
        timestamp(now)
    ])?;
    let id = RecUpdateId(conn.last_insert_rowid());
    touch(conn, rec, now)?;
    Ok(id)
}

/// Deletes a recommendation with its responses and updates; the others
/// close up.
pub(crate) fn delete(
    conn: &Connection,
    rec: &RecommendationInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached("DELETE FROM recommendations WHERE id = ?1")?
        .execute([rec.id])?;
    let ids = in_order(conn, rec.review)?;
    number(conn, &ids)?;
    touch_review(conn, rec.review, now)
}

/// Moves a recommendation to be number `to` (1..N), the others making room.
pub(crate) fn move_to(
    conn: &Connection,
    rec: &RecommendationInfo,
    to: u32,
    now: DateTime<Utc>,
) -> Result<()> {
    let ids = in_order(conn, rec.review)?;
    if to == 0 || to as usize > ids.len() {
        return Err(Error::refused(
            Refusal::OutOfRange,
            format!(
                "Review {} has {} recommendation{}; move it to a number from 1 to {}.",
                rec.review,
                ids.len(),
                if ids.len() == 1 { "" } else { "s" },
                ids.len()
            ),
        ));
    }
    let mut order: Vec<RecommendationId> = ids.into_iter().filter(|&i| i != rec.id).collect();
    order.insert(to as usize - 1, rec.id);
    number(conn, &order)?;
    touch_review(conn, rec.review, now)
}

/// A review's recommendations, in order.
fn in_order(conn: &Connection, review: ReviewId) -> Result<Vec<RecommendationId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM recommendations WHERE review_id = ?1 ORDER BY position")?
        .query_map([review], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Numbers recommendations 1..N in the order given.
fn number(conn: &Connection, order: &[RecommendationId]) -> Result<()> {
    let mut set = conn.prepare_cached("UPDATE recommendations SET position = ?2 WHERE id = ?1")?;
    for (i, id) in order.iter().enumerate() {
        set.execute(params![id, i as u32 + 1])?;
    }
    Ok(())
}

/// A review's recommendations, whole, in order: four queries however many
/// there are.
pub(crate) fn load(conn: &Connection, review: ReviewId) -> Result<Vec<RecommendationDoc>> {
    let mut partners: HashMap<RecResponseId, Vec<PartnerId>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT p.response_id, p.partner_id FROM rec_response_partners p
           JOIN recommendations r ON r.id = p.recommendation_id
          WHERE r.review_id = ?1 ORDER BY p.response_id, p.position",
    )?;
    for row in stmt.query_map([review], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (response, partner): (RecResponseId, PartnerId) = row?;
        partners.entry(response).or_default().push(partner);
    }
    let mut responses: HashMap<RecommendationId, Vec<RecResponseDoc>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT x.recommendation_id, x.id, x.status, x.updated_at,
                v.decision, v.body, v.lead_officer, v.target_date,
                (SELECT count(*) FROM rec_revisions WHERE response_id = x.id), v.id
           FROM rec_responses x
           JOIN recommendations r ON r.id = x.recommendation_id
           LEFT JOIN rec_revisions v
                  ON v.id = (SELECT max(id) FROM rec_revisions WHERE response_id = x.id)
          WHERE r.review_id = ?1
          ORDER BY x.recommendation_id, x.position",
    )?;
    let rows = stmt.query_map([review], |r| {
        let body: Option<String> = r.get(5)?;
        Ok((
            r.get::<_, RecommendationId>(0)?,
            RecResponseDoc {
                id: r.get(1)?,
                partners: Vec::new(),
                status: r.get(2)?,
                updated_at: parse_timestamp(&r.get::<_, String>(3)?)?,
                decision: r.get(4)?,
                response: match body {
                    Some(b) => from_json(&b)?,
                    None => Vec::new(),
                },
                lead_officer: r.get(6)?,
                target: r.get(7)?,
                revisions: r.get(8)?,
                revision: r.get(9)?,
            },
        ))
    })?;
    for row in rows {
        let (rec, mut response) = row?;
        response.partners = partners.remove(&response.id).unwrap_or_default();
        responses.entry(rec).or_default().push(response);
    }
    let mut updates: HashMap<RecommendationId, Vec<ProgressUpdate>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT u.recommendation_id, u.id, u.on_date, u.progress, u.body, u.author, u.recorded_at
           FROM rec_updates u
           JOIN recommendations r ON r.id = u.recommendation_id
          WHERE r.review_id = ?1
          ORDER BY u.recommendation_id, u.on_date, u.id",
    )?;
    let rows = stmt.query_map([review], |r| {
        Ok((
            r.get::<_, RecommendationId>(0)?,
            ProgressUpdate {
                id: r.get(1)?,
                date: r.get(2)?,
                progress: r.get(3)?,
                text: r.get(4)?,
                author: r.get(5)?,
                recorded_at: parse_timestamp(&r.get::<_, String>(6)?)?,
            },
        ))
    })?;
    for row in rows {
        let (rec, update) = row?;
        updates.entry(rec).or_default().push(update);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, reference, body, agreed_on, due_date, previous_recommendation, updated_at
           FROM recommendations WHERE review_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([review], |r| {
        Ok((
            r.get::<_, RecommendationId>(0)?,
            r.get::<_, String>(1)?,
            from_json::<Vec<Paragraph>>(&r.get::<_, String>(2)?)?,
            r.get::<_, Option<NaiveDate>>(3)?,
            r.get::<_, Option<NaiveDate>>(4)?,
            r.get::<_, Option<RecommendationId>>(5)?,
            parse_timestamp(&r.get::<_, String>(6)?)?,
        ))
    })?;
    let mut out = Vec::new();
    for (row, number) in rows.zip(1..) {
        let (id, reference, text, agreed, due, carried_from, updated_at) = row?;
        let updates = updates.remove(&id).unwrap_or_default();
        out.push(RecommendationDoc {
            id,
            number,
            reference,
            text,
            agreed,
            due,
            responses: responses.remove(&id).unwrap_or_default(),
            progress: updates.last().map(|u| u.progress),
            updates,
            carried_from,
            updated_at,
        });
    }
    Ok(out)
}

/// A recommendation carried into next year's review.
pub(crate) struct Carried {
    pub reference: String,
    pub text: Vec<Paragraph>,
    /// The partner groups that owe it a response, in next year's ids.
    pub owed: Vec<Vec<PartnerId>>,
}

/// Carries every recommendation of `from` not yet complete into `to`, with
/// its history: the responses as they stand with every save and status
/// change, and every progress update. `partner` maps last year's partners
/// to next year's.
pub(crate) fn carry(
    conn: &Connection,
    from: ReviewId,
    to: ReviewId,
    partner: &dyn Fn(&PartnerId) -> Result<PartnerId>,
    now: DateTime<Utc>,
) -> Result<Vec<Carried>> {
    let mut carried = Vec::new();
    for rec in load(conn, from)? {
        if rec.progress == Some(ProgressStatus::Complete) {
            continue;
        }
        let position = carried.len() as u32 + 1;
        conn.prepare_cached(
            "INSERT INTO recommendations
                (review_id, position, reference, body, agreed_on, due_date, previous_recommendation, updated_at)
             SELECT ?2, ?3, reference, body, agreed_on, due_date, id, ?4 FROM recommendations WHERE id = ?1",
        )?
        .execute(params![rec.id, to, position, timestamp(now)])?;
        let id = RecommendationId(conn.last_insert_rowid());
        let mut owed = Vec::new();
        for (i, r) in rec.responses.iter().enumerate() {
            let partners = r.partners.iter().map(partner).collect::<Result<Vec<_>>>()?;
            let response = add_response(conn, id, i as u32 + 1, &partners, now)?;
            conn.prepare_cached("UPDATE rec_responses SET status = ?2 WHERE id = ?1")?
                .execute(params![response, r.status])?;
            conn.prepare_cached(
                "INSERT INTO rec_revisions
                    (response_id, decision, body, lead_officer, target_date, author, saved_at)
                 SELECT ?2, decision, body, lead_officer, target_date, author, saved_at
                   FROM rec_revisions WHERE response_id = ?1 ORDER BY id",
            )?
            .execute(params![r.id, response])?;
            conn.prepare_cached(
                "INSERT INTO rec_status_changes
                    (response_id, from_status, to_status, author, changed_at)
                 SELECT ?2, from_status, to_status, author, changed_at
                   FROM rec_status_changes WHERE response_id = ?1 ORDER BY id",
            )?
            .execute(params![r.id, response])?;
            owed.push(partners);
        }
        conn.prepare_cached(
            "INSERT INTO rec_updates (recommendation_id, on_date, progress, body, author, recorded_at)
             SELECT ?2, on_date, progress, body, author, recorded_at
               FROM rec_updates WHERE recommendation_id = ?1 ORDER BY id",
        )?
        .execute(params![rec.id, id])?;
        carried.push(Carried {
            reference: rec.reference,
            text: rec.text,
            owed,
        });
    }
    Ok(carried)
}

/// What editing a recommendation changes: each part given replaces the
/// one before; `Some(None)` clears a date.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct RecPatch {
    pub reference: Option<String>,
    pub text: Option<Vec<Paragraph>>,
    pub agreed: Option<Option<NaiveDate>>,
    pub due: Option<Option<NaiveDate>>,
}

impl RecPatch {
    /// Every part at once, as the app's form edits them: no date clears one.
    pub fn whole(
        reference: String,
        text: Vec<Paragraph>,
        agreed: Option<NaiveDate>,
        due: Option<NaiveDate>,
    ) -> RecPatch {
        RecPatch {
            reference: Some(reference),
            text: Some(text),
            agreed: Some(agreed),
            due: Some(due),
        }
    }
}

/// Changes a recommendation's reference, words or dates.
pub(crate) fn edit(
    conn: &Connection,
    rec: &RecommendationInfo,
    patch: &RecPatch,
    now: DateTime<Utc>,
) -> Result<()> {
    if let Some(r) = &patch.reference {
        let r = free_reference(conn, rec.review, r, Some(rec.id))?;
        conn.prepare_cached("UPDATE recommendations SET reference = ?2 WHERE id = ?1")?
            .execute(params![rec.id, r])?;
    }
    if let Some(text) = &patch.text {
        check_words(text)?;
        conn.prepare_cached("UPDATE recommendations SET body = ?2 WHERE id = ?1")?
            .execute(params![rec.id, to_json(text)])?;
    }
    if let Some(agreed) = patch.agreed {
        conn.prepare_cached("UPDATE recommendations SET agreed_on = ?2 WHERE id = ?1")?
            .execute(params![rec.id, agreed])?;
    }
    if let Some(due) = patch.due {
        conn.prepare_cached("UPDATE recommendations SET due_date = ?2 WHERE id = ?1")?
            .execute(params![rec.id, due])?;
    }
    touch(conn, rec, now)
}
