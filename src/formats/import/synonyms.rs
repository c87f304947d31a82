//! The usual English names of a community safety partnership's partners.
//! A paper may call the same partner "Derbyshire Constabulary" in one
//! label and "Police" in the next, or answer jointly as "Police and
//! Council": a generic name is taken to be the one partner of its kind the
//! document (or the review imported into) names in full, and the import
//! says so. Where it could be more than one, nothing is guessed.

use std::collections::{HashMap, HashSet};

use crate::model::name_key;

/// The kinds of partner a generic name can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    generic_key(&key(name))
}

fn generic_key(key: &str) -> Option<Kind> {
    GENERIC.iter().find(|(g, _)| *g == key).map(|(_, k)| *k)
}

/// The kind of partner a full name names: "Derbyshire Constabulary" is the
/// police, "Office of the Derbyshire PCC" the commissioner.
pub fn kind_of(name: &str) -> Option<Kind> {
    kind_of_key(&key(name))
}

fn kind_of_key(key: &str) -> Option<Kind> {
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

/// The candidates indexed once, so that each name is resolved by look-up
/// however many partners a document names.
pub struct Resolver<'a> {
    /// Full names of each kind, one per name.
    by_kind: HashMap<Kind, Vec<&'a str>>,
    /// The fullest generic name of each kind ("Office of the Police and
    /// Crime Commissioner" beside "OPCC").
    fullest: HashMap<Kind, &'a str>,
    /// Councils by every run of their leading words ("bolsover",
    /// "bolsover district").
    councils: HashMap<String, Vec<&'a str>>,
}

impl<'a> Resolver<'a> {
    pub fn new(candidates: &[&'a str]) -> Self {
        let mut by_kind: HashMap<Kind, Vec<&'a str>> = HashMap::new();
        let mut fullest: HashMap<Kind, &'a str> = HashMap::new();
        let mut councils: HashMap<String, Vec<&'a str>> = HashMap::new();
        let mut seen: HashSet<String> = HashSet::new();
        for &c in candidates {
            let k = key(c);
            if !seen.insert(k.clone()) {
                continue;
            }
            match generic(c) {
                Some(kind) => {
                    let longer = fullest.get(&kind).is_none_or(|f| key(f).len() < k.len());
                    if longer {
                        fullest.insert(kind, c);
                    }
                }
                None => {
                    let Some(kind) = kind_of(c) else { continue };
                    by_kind.entry(kind).or_default().push(c);
                    if kind == Kind::Council {
                        let words: Vec<&str> = k.split(' ').collect();
                        for n in 1..words.len() {
                            councils.entry(words[..n].join(" ")).or_default().push(c);
                        }
                    }
                }
            }
        }
        Resolver {
            by_kind,
            fullest,
            councils,
        }
    }

    /// The one partner among the candidates (full names: the review's
    /// partners and those the document names) that `name` stands for: a
    /// generic name's one partner of its kind, or a council by its
    /// district's own name ("Bolsover" for "Bolsover District Council").
    /// `None` when there is no such partner or more than one.
    #[cfg(test)]
    pub fn resolve(&self, name: &str) -> Option<&'a str> {
        self.resolve_noting(name).0
    }

    /// [`Resolver::resolve`], and when a generic name stays as it is
    /// because it could be several partners, which they are.
    pub fn resolve_noting(&self, name: &str) -> (Option<&'a str>, Vec<&'a str>) {
        let wanted = key(name);
        let one = |list: Option<&Vec<&'a str>>| match list.map(Vec::as_slice) {
            Some([only]) => Some(*only),
            _ => None,
        };
        let kind = generic_key(&wanted);
        if let Some(kind) = kind
            && let Some(list) = self.by_kind.get(&kind)
            && list.len() > 1
        {
            return (None, list.clone());
        }
        let found = match kind {
            Some(kind) => match self.by_kind.get(&kind) {
                Some(list) if !list.is_empty() => one(Some(list)),
                // Only usual names of the kind: the fullest stands for them all.
                _ => self
                    .fullest
                    .get(&kind)
                    .copied()
                    .filter(|f| key(f).len() > wanted.len()),
            },
            None if !self.councils.is_empty()
                && !wanted.is_empty()
                && kind_of_key(&wanted).is_none() =>
            {
                one(self.councils.get(&wanted))
            }
            None => None,
        };
        (found, Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
        Resolver::new(candidates).resolve(name)
    }

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
