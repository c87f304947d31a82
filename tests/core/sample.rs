//! The bundled sample review is exactly the Bolsover CSP document of
//! 18 March 2019.

use kloe::model::Status;
use kloe::text::Paragraph;

use crate::support::{SAMPLE_SECTIONS, fixture, store};

const JOINT_LABEL: &str = "Derbyshire PCC Office/ Derbyshire Police Response";

#[test]
fn sample_has_the_documents_exact_structure() {
    let mut s = store();
    let id = s.create_sample().unwrap();
    let doc = s.load(id).unwrap();

    assert_eq!(
        doc.title,
        "Annual Scrutiny Review of Bolsover Community Safety Partnership – Key Lines of Enquiry"
    );
    assert_eq!(doc.meeting_date.unwrap().to_string(), "2019-03-18");
    assert!(doc.is_sample, "the sample is labelled as one");
    assert_eq!(doc.intro.len(), 3);

    let titles: Vec<&str> = doc.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, SAMPLE_SECTIONS);
    let per_section: Vec<usize> = doc.sections.iter().map(|s| s.questions.len()).collect();
    assert_eq!(per_section, [3, 2, 3, 2, 2, 4]);

    let numbers: Vec<u32> = doc.questions().map(|q| q.number).collect();
    assert_eq!(numbers, (1..=16).collect::<Vec<_>>());

    let names: Vec<(&str, &str)> = doc
        .partners
        .iter()
        .map(|p| (p.short_name.as_str(), p.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("BDC", "Bolsover District Council"),
            ("Police", "Derbyshire Police"),
            ("PCC", "Derbyshire PCC Office")
        ]
    );
    let short = |id| doc.partner(id).unwrap().short_name.as_str();

    let mut responses = 0;
    for q in doc.questions() {
        let owners: Vec<Vec<&str>> = q
            .assignments
            .iter()
            .map(|a| a.partners.iter().map(|p| short(*p)).collect())
            .collect();
        let expected: Vec<Vec<&str>> = match q.number {
            9 | 10 => vec![vec!["BDC"], vec!["Police"]],
            11 | 12 => vec![vec!["PCC", "Police"]],
            _ => vec![vec!["BDC"]],
        };
        assert_eq!(owners, expected, "who answers Q{}", q.number);
        for a in &q.assignments {
            responses += 1;
            assert_eq!(a.status, Status::Approved, "Q{} {}", q.number, a.label);
            assert!(!a.response.is_empty(), "Q{} {} has text", q.number, a.label);
            let expected_label = match owners[0].as_slice() {
                ["PCC", "Police"] => JOINT_LABEL,
                _ if a.partners.len() == 1 && short(a.partners[0]) == "Police" => {
                    "Derbyshire Police Response"
                }
                _ => "BDC Response",
            };
            assert_eq!(a.label, expected_label);
        }
        let context = match q.number {
            5 | 9 => 1,
            11 => 3,
            _ => 0,
        };
        assert_eq!(q.context.len(), context, "context before Q{}", q.number);
        assert_eq!(
            q.notes.len(),
            usize::from(q.number == 11),
            "notes after Q{}",
            q.number
        );
    }
    assert_eq!(responses, 18);

    let q11 = doc.question(11).unwrap();
    assert!(
        q11.notes[0]
            .plain_text()
            .starts_with("We note there are no timescales")
    );
    assert!(
        q11.notes[0].runs.iter().all(|r| r.italic),
        "the note is in italics"
    );
    assert!(
        q11.text
            .starts_with("When will the proposed additional resources")
    );
    let q9 = doc.question(9).unwrap();
    assert_eq!(
        q9.assignments[0].response.len(),
        3,
        "BDC's answer to Q9 has three paragraphs"
    );
}

/// Every sentence of the source document appears somewhere in the sample:
/// as a title, paragraph, question, label or response.
#[test]
fn every_sentence_of_the_source_is_in_the_sample() {
    let mut s = store();
    let id = s.create_sample().unwrap();
    let doc = s.load(id).unwrap();

    let mut all = vec![doc.title.clone()];
    let text = |ps: &[Paragraph]| ps.iter().map(Paragraph::plain_text).collect::<Vec<_>>();
    all.extend(text(&doc.intro));
    for section in &doc.sections {
        all.push(section.title.clone());
        all.extend(text(&section.lead_in));
        for q in &section.questions {
            all.push(format!("{}. {}", q.number, q.text));
            all.extend(text(&q.context));
            all.extend(text(&q.notes));
            for a in &q.assignments {
                all.push(a.label.clone());
                all.extend(text(&a.response));
            }
        }
    }
    let haystack = all.join("\n");
    let date = doc.meeting_date.unwrap().format("%-dth %B %Y").to_string();

    let mut checked = 0;
    for line in fixture("bolsover-csp-kloe-2019.txt").lines().map(str::trim) {
        if line.is_empty() || line == date {
            continue;
        }
        let line = line.trim_start_matches('*').trim_end_matches('*');
        let label = doc
            .partners
            .iter()
            .map(|p| format!("{} ", p.label))
            .chain([format!("{JOINT_LABEL} ")])
            .find(|l| line.starts_with(l.as_str()));
        let body = match label {
            Some(l) => line[l.len()..].to_string(),
            None => line.to_string(),
        };
        // The Q12 label is broken across lines by a table: its pieces are
        // words of the joint label, and its text follows the first piece.
        let body = body.strip_prefix("Derbyshire ").unwrap_or(&body);
        for sentence in body.split_inclusive(". ").map(str::trim) {
            assert!(
                haystack.contains(sentence) || JOINT_LABEL.contains(sentence),
                "missing from the sample: {sentence:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 80, "checked {checked} sentences");
}
