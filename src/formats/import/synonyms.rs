//! The usual English names of a community safety partnership's partners.
//! A paper may call the same partner "Derbyshire Constabulary" in one
//! label and "Police" in the next, or answer jointly as "Police and
//! Council": a generic name is taken to be the one partner of its kind the
//! document (or the review imported into) names in full, and the import
//! says so. Where it could be more than one, nothing is guessed.

use crate::model::name_key;

/// The kinds of partner a generic name can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Police,
    Commissioner,
    Fire,
    Council,
}

/// Names that say only what kind of partner is meant, by [`name_key`].
const GENERIC: &[(&str, Kind)] = &[
    ("police", Kind::Police),
    ("the police", Kind::Police),
    ("constabulary", Kind::Police),
    ("the constabulary", Kind::Police),
    ("police force", Kind::Police),
    ("police service", Kind::Police),
    ("chief constable", Kind::Police),
    ("the chief constable", Kind::Police),
    ("pcc", Kind::Commissioner),
    ("the pcc", Kind::Commissioner),
    ("opcc", Kind::Commissioner),
    ("the opcc", Kind::Commissioner),
    ("pcc office", Kind::Commissioner),
    ("pcc's office", Kind::Commissioner),
    ("office of the pcc", Kind::Commissioner),
    ("commissioner", Kind::Commissioner),
    ("the commissioner", Kind::Commissioner),
    ("police and crime commissioner", Kind::Commissioner),
    ("the police and crime commissioner", Kind::Commissioner),
    (
        "office of the police and crime commissioner",
        Kind::Commissioner,
    ),
    ("pfcc", Kind::Commissioner),
    ("police, fire and crime commissioner", Kind::Commissioner),
    ("fire", Kind::Fire),
    ("fire service", Kind::Fire),
    ("fire and rescue", Kind::Fire),
    ("fire and rescue service", Kind::Fire),
    ("fire & rescue", Kind::Fire),
    ("fire & rescue service", Kind::Fire),
    ("frs", Kind::Fire),
    ("council", Kind::Council),
    ("the council", Kind::Council),
    ("local authority", Kind::Council),
    ("the local authority", Kind::Council),
    ("district council", Kind::Council),
    ("borough council", Kind::Council),
    ("city council", Kind::Council),
    ("county council", Kind::Council),
];

/// A key with curly apostrophes made straight, as the table is written.
fn key(name: &str) -> String {
    name_key(name).replace('’', "'")
}

/// The kind a name says it is and nothing more ("Police", "the OPCC").
pub fn generic(name: &str) -> Option<Kind> {
    let key = key(name);
    GENERIC.iter().find(|(g, _)| *g == key).map(|(_, k)| *k)
}

/// The kind of partner a full name names: "Derbyshire Constabulary" is the
/// police, "Office of the Derbyshire PCC" the commissioner.
pub fn kind_of(name: &str) -> Option<Kind> {
    let key = key(name);
    let words: Vec<&str> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    if key.contains("crime commissioner") || has("pcc") || has("opcc") || has("pfcc") {
        Some(Kind::Commissioner)
    } else if has("police") || has("constabulary") {
        Some(Kind::Police)
    } else if has("fire") || has("frs") {
        Some(Kind::Fire)
    } else if has("council") || has("authority") {
        Some(Kind::Council)
    } else {
        None
    }
}

/// The one partner among `candidates` (full names: the review's partners
/// and those the document names) that `name` stands for: a generic name's
/// one partner of its kind, or a council by its district's own name
/// ("Bolsover" for "Bolsover District Council"). `None` when there is no
/// such partner or more than one.
pub fn resolve<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let wanted = key(name);
    let mut found: Vec<&'a str> = Vec::new();
    let mut add = |c: &'a str| {
        if !found.iter().any(|f| key(f) == key(c)) {
            found.push(c);
        }
    };
    if let Some(kind) = generic(name) {
        for c in candidates {
            if generic(c).is_none() && kind_of(c) == Some(kind) {
                add(c);
            }
        }
        // Only usual names of the kind ("OPCC" beside "Office of the Police
        // and Crime Commissioner"): the fullest of them stands for them all.
        if found.is_empty() {
            let fullest = candidates
                .iter()
                .filter(|c| generic(c) == Some(kind))
                .max_by_key(|c| key(c).len())?;
            return (key(fullest).len() > wanted.len()).then_some(*fullest);
        }
    } else if kind_of(name).is_none() && !wanted.is_empty() {
        let prefix = format!("{wanted} ");
        for c in candidates {
            if kind_of(c) == Some(Kind::Council) && key(c).starts_with(&prefix) {
                add(c);
            }
        }
    }
    match found.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generic_name_is_the_one_partner_of_its_kind() {
        let all = [
            "Derbyshire Constabulary",
            "Bolsover District Council",
            "Office of the Derbyshire Police and Crime Commissioner",
            "Derbyshire Fire & Rescue Service",
        ];
        assert_eq!(resolve("Police", &all), Some(all[0]));
        assert_eq!(resolve("the Constabulary", &all), Some(all[0]));
        assert_eq!(resolve("Council", &all), Some(all[1]));
        assert_eq!(resolve("Bolsover", &all), Some(all[1]));
        assert_eq!(resolve("OPCC", &all), Some(all[2]));
        assert_eq!(resolve("PCC’s Office", &all), Some(all[2]));
        assert_eq!(resolve("Fire and Rescue Service", &all), Some(all[3]));
        assert_eq!(resolve("Housing", &all), None);
        assert_eq!(
            resolve("Derbyshire", &all),
            None,
            "not a council's own name"
        );
    }

    #[test]
    fn nothing_is_guessed_between_two_of_a_kind() {
        let two = ["Derbyshire Police", "British Transport Police", "Police"];
        assert_eq!(resolve("Police", &two), None);
        assert_eq!(resolve("Police", &[]), None);
        assert_eq!(
            resolve("Police", &["Police"]),
            None,
            "itself is not a match"
        );
    }
}
