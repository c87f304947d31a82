//! Partners: the organisations answering a review's questions.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{ensure_review, from_json, touch_review};
use crate::doc::PartnerDraft;
use crate::error::{Error, Refusal, Result};
use crate::model::{Partner, PartnerId, ReviewId, default_label, name_key as key};
use crate::text::check_controls;

/// Changes to a partner; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct PartnerPatch {
    pub name: Option<String>,
    pub short_name: Option<String>,
    pub label: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub contact_name: Option<Option<String>>,
    pub contact_email: Option<Option<String>>,
}

/// Every detail replaced by the draft's (the label only when it has one).
impl From<crate::doc::PartnerDraft> for PartnerPatch {
    fn from(d: crate::doc::PartnerDraft) -> PartnerPatch {
        PartnerPatch {
            name: Some(d.name),
            short_name: Some(d.short_name),
            label: d.label,
            aliases: Some(d.aliases),
            contact_name: Some(d.contact_name),
            contact_email: Some(d.contact_email),
        }
    }
}

pub(crate) use crate::model::pick_partner;

pub(crate) fn load_partners(conn: &Connection, review: ReviewId) -> Result<Vec<Partner>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, short_name, label, aliases, contact_name, contact_email
           FROM partners WHERE review_id = ?1 ORDER BY position, id",
    )?;
    let rows = stmt.query_map([review], partner_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn partner_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Partner> {
    Ok(Partner {
        id: r.get(0)?,
        name: r.get(1)?,
        short_name: r.get(2)?,
        label: r.get(3)?,
        aliases: from_json(&r.get::<_, String>(4)?)?,
        contact_name: r.get(5)?,
        contact_email: r.get(6)?,
    })
}

fn partner_by_id(conn: &Connection, id: PartnerId) -> Result<(ReviewId, Partner)> {
    conn.query_row(
        "SELECT id, name, short_name, label, aliases, contact_name, contact_email, review_id
           FROM partners WHERE id = ?1",
        [id],
        |r| Ok((r.get(7)?, partner_from_row(r)?)),
    )
    .optional()?
    .ok_or_else(|| Error::not_found(format!("No partner with id {id}.")))
}

pub(crate) fn insert_partner(
    conn: &Connection,
    review: ReviewId,
    d: &PartnerDraft,
) -> Result<PartnerId> {
    let ids = insert_partners(conn, review, std::slice::from_ref(d))?;
    ids.first()
        .copied()
        .ok_or_else(|| Error::refused(Refusal::Internal, "The partner could not be added."))
}

/// Adds partners to a review, each checked against the review's partners
/// and those added before it; the review's names are read once, so adding
/// many costs no more per partner than adding one.
pub(crate) fn insert_partners(
    conn: &Connection,
    review: ReviewId,
    drafts: &[PartnerDraft],
) -> Result<Vec<PartnerId>> {
    let mut names = Names::of(conn, review, None)?;
    let mut position: i64 = conn.query_row(
        "SELECT coalesce(max(position), 0) FROM partners WHERE review_id = ?1",
        [review],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO partners (review_id, position, name, short_name, label, aliases, contact_name, contact_email)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut ids = Vec::with_capacity(drafts.len());
    for d in drafts {
        let label = d
            .label
            .clone()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or_else(|| default_label(&d.short_name));
        validate(&d.name, &d.short_name, &label, d.contact_email.as_deref())?;
        check_controls_in(&d.aliases, d.contact_name.as_deref())?;
        names.check(&d.name, &d.short_name, &d.aliases)?;
        position += 1;
        stmt.execute(params![
            review,
            position,
            d.name.trim(),
            d.short_name.trim(),
            label.trim(),
            aliases_json(&d.aliases),
            d.contact_name,
            d.contact_email
        ])?;
        names.add(&d.name, &d.short_name, &d.aliases);
        ids.push(PartnerId(conn.last_insert_rowid()));
    }
    Ok(ids)
}

fn validate(name: &str, short_name: &str, label: &str, email: Option<&str>) -> Result<()> {
    if name.trim().is_empty() {
        return Err(Error::refused(
            Refusal::Required,
            "A partner needs a name, such as \"Derbyshire Police\".",
        ));
    }
    if short_name.trim().is_empty() {
        return Err(Error::refused(
            Refusal::Required,
            "A partner needs a short name, such as \"Police\".",
        ));
    }
    if label.trim().is_empty() {
        return Err(Error::refused(
            Refusal::Required,
            "A partner needs a response label, such as \"Derbyshire Police Response\".",
        ));
    }
    check_controls("A partner's name", name, false)?;
    check_controls("A partner's short name", short_name, false)?;
    check_controls("A partner's response label", label, false)?;
    for (what, text) in [
        ("A partner's name", name),
        ("A partner's short name", short_name),
        ("A partner's response label", label),
    ] {
        check_length(what, text)?;
    }
    check_controls("A partner's e-mail address", email.unwrap_or(""), false)?;
    if let Some(email) = email.filter(|e| !e.is_empty()) {
        let ok = email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !email.contains(' ')
        });
        if !ok {
            return Err(Error::refused(
                Refusal::BadValue,
                format!("\"{email}\" does not look like an e-mail address."),
            ));
        }
    }
    Ok(())
}

/// The longest name, short name, other name or label a partner may have.
pub const MAX_NAME_CHARS: usize = 200;

fn check_length(what: &str, text: &str) -> Result<()> {
    let chars = text.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(Error::refused(
            Refusal::TooLarge,
            format!(
                "{what} is {chars} characters long; it can be at most {MAX_NAME_CHARS}. Shorten it and try again."
            ),
        ));
    }
    Ok(())
}

fn check_controls_in(aliases: &[String], contact: Option<&str>) -> Result<()> {
    for a in aliases {
        check_controls("Another name of a partner", a, false)?;
        check_length("Another name of a partner", a)?;
    }
    check_controls("A partner's contact", contact.unwrap_or(""), false)
}

/// Every name a review's partners answer to, lower-cased, with whose it
/// is: names and short names, and other names. Names cannot be confused:
/// no two partners share a name or short name, no other name of one
/// partner is another's name or short name, and the other way round.
struct Names {
    names: HashMap<String, String>,
    others: HashMap<String, String>,
}

impl Names {
    /// The names of a review's partners, but `except`'s.
    fn of(conn: &Connection, review: ReviewId, except: Option<PartnerId>) -> Result<Names> {
        let mut names = Names {
            names: HashMap::new(),
            others: HashMap::new(),
        };
        for p in load_partners(conn, review)?
            .iter()
            .filter(|p| Some(p.id) != except)
        {
            names.add(&p.name, &p.short_name, &p.aliases);
        }
        Ok(names)
    }

    fn add(&mut self, name: &str, short_name: &str, aliases: &[String]) {
        let owner = name.trim().to_string();
        for n in [name, short_name] {
            self.names.entry(key(n)).or_insert_with(|| owner.clone());
        }
        for a in aliases.iter().filter(|a| !a.trim().is_empty()) {
            self.others.entry(key(a)).or_insert_with(|| owner.clone());
        }
    }

    fn check(&self, name: &str, short_name: &str, aliases: &[String]) -> Result<()> {
        for n in [name, short_name] {
            if let Some(other) = self.names.get(&key(n)) {
                return Err(Error::refused(
                    Refusal::NameTaken,
                    format!(
                        "This review already has a partner called \"{other}\" with that name or short name; choose another."
                    ),
                ));
            }
            if let Some(other) = self.others.get(&key(n)) {
                return Err(Error::refused(
                    Refusal::NameTaken,
                    format!(
                        "\"{}\" is already another name of {other}; give this partner a name and short name of its own.",
                        n.trim()
                    ),
                ));
            }
        }
        for a in aliases {
            if let Some(other) = self.names.get(&key(a)) {
                return Err(Error::refused(
                    Refusal::NameTaken,
                    format!(
                        "\"{}\" is already the name of {other}, so it cannot be another name of this partner too; remove it.",
                        a.trim()
                    ),
                ));
            }
        }
        Ok(())
    }
}

fn renumber_partners(conn: &Connection, review: ReviewId) -> Result<()> {
    conn.execute(
        "UPDATE partners SET position = (
             SELECT n FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS n
                              FROM partners WHERE review_id = ?1) AS o
              WHERE o.id = partners.id)
          WHERE review_id = ?1",
        [review],
    )?;
    Ok(())
}

fn aliases_json(aliases: &[String]) -> String {
    let cleaned: Vec<&str> = aliases
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .collect();
    serde_json::to_string(&cleaned).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn partners(tx: &Connection, review: ReviewId) -> Result<Vec<Partner>> {
    ensure_review(tx, review)?;
    load_partners(tx, review)
}

pub(crate) fn add_partner(
    tx: &Connection,
    review: ReviewId,
    draft: &PartnerDraft,
    now: DateTime<Utc>,
) -> Result<PartnerId> {
    ensure_review(tx, review)?;
    let id = insert_partner(tx, review, draft)?;
    touch_review(tx, review, now)?;
    Ok(id)
}

pub(crate) fn update_partner(
    tx: &Connection,
    partner: PartnerId,
    patch: &PartnerPatch,
    now: DateTime<Utc>,
) -> Result<()> {
    let (review, mut p) = partner_by_id(tx, partner)?;
    if let Some(v) = &patch.name {
        p.name = v.clone();
    }
    if let Some(v) = &patch.short_name {
        p.short_name = v.clone();
    }
    if let Some(v) = &patch.label {
        p.label = v.clone();
    }
    if let Some(v) = &patch.aliases {
        p.aliases = v.clone();
    }
    if let Some(v) = &patch.contact_name {
        p.contact_name = v.clone();
    }
    if let Some(v) = &patch.contact_email {
        p.contact_email = v.clone();
    }
    validate(&p.name, &p.short_name, &p.label, p.contact_email.as_deref())?;
    check_controls_in(&p.aliases, p.contact_name.as_deref())?;
    Names::of(tx, review, Some(partner))?.check(&p.name, &p.short_name, &p.aliases)?;
    tx.execute(
        "UPDATE partners SET name = ?2, short_name = ?3, label = ?4, aliases = ?5,
                contact_name = ?6, contact_email = ?7 WHERE id = ?1",
        params![
            partner,
            p.name.trim(),
            p.short_name.trim(),
            p.label.trim(),
            aliases_json(&p.aliases),
            p.contact_name,
            p.contact_email
        ],
    )?;
    touch_review(tx, review, now)
}

/// Removes a partner who owes nothing. A partner with assignments is
/// refused: unassign them first, so no answer disappears by accident.
pub(crate) fn delete_partner(
    tx: &Connection,
    partner: PartnerId,
    now: DateTime<Utc>,
) -> Result<()> {
    let (review, p) = partner_by_id(tx, partner)?;
    let owed: i64 = tx.query_row(
        "SELECT count(*) FROM assignment_partners WHERE partner_id = ?1",
        [partner],
        |r| r.get(0),
    )?;
    if owed > 0 {
        return Err(Error::refused(
            Refusal::StillUsed,
            format!(
                "{} is assigned to {owed} question(s); unassign them before removing the partner.",
                p.name
            ),
        ));
    }
    tx.execute("DELETE FROM partners WHERE id = ?1", [partner])?;
    renumber_partners(tx, review)?;
    touch_review(tx, review, now)
}

/// Finds a partner of the review by name, short name or alias, ignoring case.
pub(crate) fn find_partner(tx: &Connection, review: ReviewId, name: &str) -> Result<Partner> {
    ensure_review(tx, review)?;
    let partners = load_partners(tx, review)?;
    pick_partner(&partners, name).cloned()
}
