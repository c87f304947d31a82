//! The domain: reviews, partners, sections, questions, assignments,
//! responses and appendices, with the names DESIGN.md uses.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Refusal};
use crate::text::Paragraph;

macro_rules! id_type {
    ($($name:ident),* $(,)?) => {$(
        /// A database key. It crosses to JSON as a string so that scripts
        /// never depend on it being a number.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ts_rs::TS)]
        #[ts(type = "string")]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                s.trim().parse::<i64>().map($name).map_err(|_| {
                    Error::refused(Refusal::BadValue, format!("\"{s}\" is not an id; ids are whole numbers such as 1"))
                })
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.0.into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                i64::column_result(v).map($name)
            }
        }
    )*};
}

id_type!(
    ReviewId,
    PartnerId,
    SectionId,
    QuestionId,
    AssignmentId,
    RevisionId,
    AppendixId,
    RecommendationId,
    RecResponseId,
    RecRevisionId,
    RecUpdateId
);

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal / $label:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stable name used in the database, JSON and the CLI.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            /// The name a person reads.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                let wanted = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                $name::ALL.iter().copied().find(|v| v.as_str() == wanted).ok_or_else(|| {
                    let names: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                    Error::refused(Refusal::BadValue, format!("\"{s}\" is not a {}; use one of: {}", stringify!($name).to_lowercase(), names.join(", ")))
                })
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                s.parse().map_err(|e: Error| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

text_enum!(
    /// Where an assignment stands.
    Status {
        NotStarted = "not_started" / "not started",
        Drafting = "drafting" / "drafting",
        Submitted = "submitted" / "submitted",
        Approved = "approved" / "approved",
        NotRequired = "not_required" / "not required",
        AnsweredElsewhere = "answered_elsewhere" / "answered elsewhere",
    }
);

text_enum!(
    /// What a partner decided about a recommendation addressed to it.
    Decision {
        Accepted = "accepted" / "accepted",
        Partly = "partly" / "partly accepted",
        NotAccepted = "not_accepted" / "not accepted",
    }
);

text_enum!(
    /// How carrying out a recommendation is going, as a progress update
    /// records it (its RAG colour on the monitoring schedule).
    ProgressStatus {
        NotStarted = "not_started" / "not started",
        OnTrack = "on_track" / "on track",
        AtRisk = "at_risk" / "at risk",
        OffTrack = "off_track" / "off track",
        Complete = "complete" / "complete",
        Paused = "paused" / "paused",
    }
);

impl ProgressStatus {
    /// Its colour on a RAG schedule, named: never shown without the label.
    pub fn rag(self) -> &'static str {
        match self {
            ProgressStatus::OnTrack | ProgressStatus::Complete => "green",
            ProgressStatus::AtRisk | ProgressStatus::Paused => "amber",
            ProgressStatus::OffTrack => "red",
            ProgressStatus::NotStarted => "grey",
        }
    }
}

text_enum!(
    /// Where a whole review stands.
    ReviewStatus {
        InProgress = "in_progress" / "in progress",
        Sent = "sent" / "sent to committee",
        Archived = "archived" / "archived",
    }
);

impl Status {
    /// The partner still owes words: nothing has been handed in yet.
    pub fn is_outstanding(self) -> bool {
        matches!(self, Status::NotStarted | Status::Drafting)
    }

    /// Still owed and past its due date on `today`.
    pub fn overdue(self, due: Option<NaiveDate>, today: NaiveDate) -> bool {
        self.is_outstanding() && due.is_some_and(|d| d < today)
    }

    /// Nothing more is needed from anyone.
    pub fn is_settled(self) -> bool {
        matches!(
            self,
            Status::Approved | Status::NotRequired | Status::AnsweredElsewhere
        )
    }

    /// The statuses an officer or partner may move to from this one.
    ///
    /// `not_started → drafting → submitted → approved` is the main line;
    /// a submitted answer can be sent back to drafting, an approved one
    /// reopened, and any open assignment marked not required or answered
    /// elsewhere (and brought back).
    pub fn allowed_next(self) -> &'static [Status] {
        use Status::*;
        match self {
            NotStarted => &[Drafting, Submitted, NotRequired, AnsweredElsewhere],
            Drafting => &[Submitted, Approved, NotRequired, AnsweredElsewhere],
            Submitted => &[Drafting, Approved, NotRequired, AnsweredElsewhere],
            Approved => &[Drafting],
            NotRequired => &[NotStarted, Drafting],
            AnsweredElsewhere => &[NotStarted, Drafting, Approved],
        }
    }

    pub fn can_become(self, next: Status) -> bool {
        self == next || self.allowed_next().contains(&next)
    }

    /// Whether a status needs words in the response to make sense.
    pub fn needs_text(self) -> bool {
        matches!(self, Status::Submitted | Status::Approved)
    }

    /// The status after new words are saved over an answer at this one:
    /// an answer being written is drafting (one approved, not required or
    /// not started is opened again), and a handed-in answer whose words are
    /// all removed is no longer handed in.
    pub fn after_edit(self, blank: bool) -> Status {
        match self {
            Status::NotStarted | Status::NotRequired | Status::Approved => Status::Drafting,
            Status::Submitted if blank => Status::Drafting,
            other => other,
        }
    }

    /// The status an answer created with its words (read from a document,
    /// or opened from a pack) starts at: words with no status are a draft.
    pub fn with_first_words(self, has_text: bool) -> Status {
        match self {
            Status::NotStarted if has_text => Status::Drafting,
            other => other,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Review {
    pub id: ReviewId,
    pub title: String,
    pub subtitle: Option<String>,
    pub committee: Option<String>,
    pub partnership: Option<String>,
    pub meeting_date: Option<NaiveDate>,
    pub financial_year: Option<String>,
    pub intro: Vec<Paragraph>,
    pub status: ReviewStatus,
    pub is_sample: bool,
    pub previous_review: Option<ReviewId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Partner {
    pub id: PartnerId,
    pub name: String,
    pub short_name: String,
    /// e.g. "Derbyshire Police Response"
    pub label: String,
    /// Other names the partner goes by in documents ("Constabulary").
    pub aliases: Vec<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
}

impl Partner {
    /// Whether `text` names this partner: its name, short name or an alias,
    /// by [`name_key`].
    pub fn answers_to(&self, text: &str) -> bool {
        [&self.name, &self.short_name]
            .into_iter()
            .chain(self.aliases.iter())
            .any(|n| same_name(n, text))
    }
}

/// A name as names are compared: its words single-spaced, lower-cased.
/// The one rule for whether two names of partners are the same name,
/// wherever names are matched (finding a partner, checking a new one,
/// reading a document's labels, opening a pack).
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    key
}

/// Two names are the same name, by [`name_key`].
pub fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

/// The partner with this id among `partners`.
pub fn partner_among(partners: &[Partner], id: PartnerId) -> Result<&Partner, Error> {
    partners
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| Error::not_found(format!("Partner {id} is not a partner in this review.")))
}

/// The one rule by which a name finds a partner (in `assign`, in
/// `import --into`, in a document's labels): the partner whose name or
/// short name it is, else the one it is another name of, ignoring case;
/// refused when it could mean more than one.
pub fn pick_partner<'a>(partners: &'a [Partner], name: &str) -> Result<&'a Partner, Error> {
    PartnerIndex::new(partners).pick(name)
}

/// A review's partners indexed by every name they answer to, so that
/// finding one is a look-up, however many there are.
pub struct PartnerIndex<'a> {
    partners: &'a [Partner],
    /// Name or short name, by [`name_key`]: the partners it is.
    exact: std::collections::HashMap<String, Vec<usize>>,
    /// Another name, by [`name_key`]: the partners it is another name of.
    other: std::collections::HashMap<String, Vec<usize>>,
}

impl<'a> PartnerIndex<'a> {
    pub fn new(partners: &'a [Partner]) -> Self {
        let mut exact: std::collections::HashMap<String, Vec<usize>> = Default::default();
        let mut other: std::collections::HashMap<String, Vec<usize>> = Default::default();
        let add = |map: &mut std::collections::HashMap<String, Vec<usize>>, key: &str, i| {
            let list = map.entry(name_key(key)).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        };
        for (i, p) in partners.iter().enumerate() {
            add(&mut exact, &p.name, i);
            add(&mut exact, &p.short_name, i);
            for a in &p.aliases {
                add(&mut other, a, i);
            }
        }
        PartnerIndex {
            partners,
            exact,
            other,
        }
    }

    /// The partner `name` names, by the one rule.
    pub fn pick(&self, name: &str) -> Result<&'a Partner, Error> {
        let key = name_key(name);
        let found: &[usize] = match self.exact.get(&key) {
            Some(list) => list,
            None => self.other.get(&key).map_or(&[], Vec::as_slice),
        };
        let name = crate::text::printable(name.trim());
        match found {
            [one] => Ok(&self.partners[*one]),
            [] => {
                let known: Vec<&str> = self
                    .partners
                    .iter()
                    .take(12)
                    .map(|p| p.short_name.as_str())
                    .collect();
                let more = self.partners.len().saturating_sub(known.len());
                Err(Error::not_found(if known.is_empty() {
                    format!(
                        "This review has no partners yet, so there is no \"{name}\"; add one first."
                    )
                } else if more > 0 {
                    format!(
                        "No partner called \"{name}\" in this review; its partners include {} and {more} more.",
                        known.join(", ")
                    )
                } else {
                    format!(
                        "No partner called \"{name}\" in this review; its partners are: {}.",
                        known.join(", ")
                    )
                }))
            }
            many => {
                let names: Vec<&str> = many
                    .iter()
                    .take(12)
                    .map(|&i| self.partners[i].name.as_str())
                    .collect();
                Err(Error::refused(
                    Refusal::Ambiguous,
                    format!(
                        "\"{name}\" could mean {}; use the short name.",
                        names.join(" or ")
                    ),
                ))
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Appendix {
    pub id: AppendixId,
    pub label: String,
    pub title: Option<String>,
    pub file_name: Option<String>,
}

/// A response revision as saved: every save is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Revision {
    pub id: RevisionId,
    pub assignment: AssignmentId,
    pub paragraphs: Vec<Paragraph>,
    pub author: String,
    pub saved_at: DateTime<Utc>,
    /// Who signed the answer off, when it came back from a partner.
    pub signoff: Option<SignOff>,
}

/// Who at a partner approved its answers for return, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SignOff {
    pub name: String,
    pub role: String,
    pub date: NaiveDate,
}

impl SignOff {
    /// A sign-off with its name and role trimmed, refused if either is empty.
    pub fn new(name: &str, role: &str, date: NaiveDate) -> Result<SignOff, Error> {
        let (name, role) = (name.trim(), role.trim());
        if name.is_empty() || role.is_empty() {
            return Err(Error::refused(
                Refusal::SignoffIncomplete,
                "A sign-off needs the name and the role of the person signing the answers off.",
            ));
        }
        Ok(SignOff {
            name: name.to_string(),
            role: role.to_string(),
            date,
        })
    }
}

impl fmt::Display for SignOff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, {}, on {}",
            self.name,
            self.role,
            self.date.format("%-d %B %Y")
        )
    }
}

/// The label a joint response carries when none is given:
/// "Derbyshire PCC Office/ Derbyshire Police Response".
pub fn joint_label(partners: &[&Partner]) -> String {
    match partners {
        [one] => one.label.clone(),
        many => {
            let names: Vec<&str> = many.iter().map(|p| p.name.as_str()).collect();
            format!("{} Response", names.join("/ "))
        }
    }
}

/// The label a partner gets when none is given: "<name> Response".
pub fn default_label(short_name: &str) -> String {
    format!("{} Response", short_name.trim())
}
