//! Importing committee documents: the real Bolsover document, fixtures in
//! other councils' styles, bad input, and the round trip through Word.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::support::{WorkbookFile, fixture_path, last_word};

fn fixtures() -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(fixture_path("import"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    all.sort();
    all.push(fixture_path("bolsover-csp-kloe-2019.txt"));
    // PDFs LibreOffice made from some of them (scripts/pdf-readers).
    for pdf in [
        "bolsover",
        "bold-questions",
        "label-variants",
        "minutes",
        "question-table",
        "answer-table",
        "table-labels",
        "two-columns",
        "long-paper",
    ] {
        all.push(fixture_path(&format!("pdf/{pdf}.pdf")));
    }
    all
}

/// Every question of a review's JSON, to change.
fn questions_mut(doc: &mut Value) -> impl Iterator<Item = &mut Value> {
    doc["sections"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .flat_map(|s| s["questions"].as_array_mut().unwrap())
}

/// Every assignment of a review's JSON, to change.
fn assignments_mut(doc: &mut Value) -> impl Iterator<Item = &mut Value> {
    questions_mut(doc).flat_map(|q| q["assignments"].as_array_mut().unwrap())
}

/// What reading a document finds, with no partners known and no options.
fn read_doc(path: &Path) -> kloe::formats::import::Reading {
    kloe::formats::import::read_file(path, &[], &Default::default()).unwrap()
}

/// The doubt of a reading whose message has these words.
fn doubt_saying<'a>(
    reading: &'a kloe::formats::import::Reading,
    words: &str,
) -> &'a kloe::formats::import::structure::Warning {
    reading
        .warnings
        .iter()
        .find(|w| w.message.contains(words))
        .unwrap_or_else(|| panic!("no doubt saying {words:?}: {:?}", reading.warnings))
}

/// A review as the schema promises it, with ids replaced by names so that
/// two reviews can be compared.
fn comparable(json: &Value) -> Value {
    let names: HashMap<&str, &str> = json["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    let sections: Vec<Value> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let questions: Vec<Value> = s["questions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|q| {
                    let assignments: Vec<Value> = q["assignments"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|a| {
                            let partners: Vec<&str> = a["partners"]
                                .as_array()
                                .unwrap()
                                .iter()
                                .map(|p| names[p.as_str().unwrap()])
                                .collect();
                            json!({"partners": partners, "label": a["label"], "status": a["status"],
                                   "due": a["due"], "response": a["response"]})
                        })
                        .collect();
                    json!({"number": q["number"], "text": q["text"], "context": q["context"],
                           "notes": q["notes"], "appendices": q["appendices"], "assignments": assignments})
                })
                .collect();
            json!({"title": s["title"], "lead_in": s["lead_in"], "questions": questions})
        })
        .collect();
    // In order of name: a document lists partners as it first meets them.
    let mut partners: Vec<Value> = json["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| json!({"name": p["name"], "short_name": p["short_name"], "label": p["label"]}))
        .collect();
    partners.sort_by_key(|p| p["name"].as_str().unwrap_or_default().to_string());
    json!({"title": json["title"], "subtitle": json["subtitle"], "meeting_date": json["meeting_date"],
           "intro": json["intro"], "partners": partners, "sections": sections})
}

/// Equal, or the first line where the two differ.
fn assert_same(a: &Value, b: &Value, what: &str) {
    let (a, b) = (
        serde_json::to_string_pretty(a).unwrap(),
        serde_json::to_string_pretty(b).unwrap(),
    );
    if let Some((i, (x, y))) = a
        .lines()
        .zip(b.lines())
        .enumerate()
        .find(|(_, (x, y))| x != y)
    {
        let context: Vec<&str> = a.lines().skip(i.saturating_sub(6)).take(6).collect();
        panic!(
            "{what}: differ at line {i}:\n{}\n- {x}\n+ {y}",
            context.join("\n")
        );
    }
    assert_eq!(
        a.lines().count(),
        b.lines().count(),
        "{what}: one is longer"
    );
}

/// `kloe import FILE --dry-run`: the outline and doubts, nothing written.
fn dry_run(wb: &WorkbookFile, file: &Path) -> String {
    wb.ok(&["import", file.to_str().unwrap(), "--dry-run"])
}

/// The dry run, which must say each of `said`.
fn dry_run_says(wb: &WorkbookFile, file: &Path, said: &[&str]) -> String {
    let out = dry_run(wb, file);
    for said in said {
        assert!(out.contains(said), "{said}\n{out}");
    }
    out
}

/// The review's section headings, in order.
fn section_titles(doc: &Value) -> Vec<String> {
    doc["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_string())
        .collect()
}

/// The review's question texts, in order.
fn question_texts(doc: &Value) -> Vec<String> {
    crate::support::json_questions(doc)
        .iter()
        .map(|q| q["text"].as_str().unwrap().to_string())
        .collect()
}

fn show(wb: &WorkbookFile, id: &str) -> Value {
    serde_json::from_str(&wb.ok(&["show", id, "--json"])).unwrap()
}

fn import(wb: &WorkbookFile, file: &Path, extra: &[&str]) -> String {
    let mut args = vec!["import", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    last_word(&wb.ok(&args))
}

#[test]
fn the_bolsover_document_imports_as_the_sample_review() {
    for source in [
        fixture_path("bolsover-csp-kloe-2019.txt"),
        fixture_path("import/bolsover.docx"),
    ] {
        let wb = WorkbookFile::new();
        let sample = wb.sample();
        // Last year's partners are known, so the labels find them.
        let id = import(&wb, &source, &["--approved"]);
        assert_same(
            &comparable(&show(&wb, &sample)),
            &comparable(&show(&wb, &id)),
            &source.display().to_string(),
        );
    }

    // In an empty workbook: the same structure, with partners from the labels.
    let wb = WorkbookFile::new();
    let out = wb.ok(&[
        "import",
        fixture_path("bolsover-csp-kloe-2019.txt").to_str().unwrap(),
    ]);
    assert!(
        out.contains("6 sections, 16 questions, 18 responses, 3 partners"),
        "{out}"
    );
    assert!(out.contains(
        "Warning: Q12: response label spread over 6 lines, read as 'Derbyshire PCC Office/ Derbyshire Police Response'"
    ));
    let doc = show(&wb, &last_word(&out));
    let questions = crate::support::json_questions(&doc);
    assert_eq!(questions.len(), 16);
    for n in [10, 11] {
        let a = &questions[n]["assignments"][0];
        assert_eq!(
            a["label"],
            "Derbyshire PCC Office/ Derbyshire Police Response"
        );
        assert_eq!(a["partners"].as_array().unwrap().len(), 2);
        assert_eq!(
            a["status"], "answered_elsewhere",
            "'Please refer to presentation within the meeting.'"
        );
    }
    assert_eq!(questions[0]["assignments"][0]["status"], "submitted");
    let shorts: Vec<&str> = doc["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["short_name"].as_str().unwrap())
        .collect();
    assert_eq!(shorts, ["BDC", "Police", "PCC"]);
}

/// Words, lower-cased, without punctuation.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '£')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The words of a source document, as another reader sees them.
fn source_words(path: &Path) -> Option<Vec<String>> {
    let text = if path.extension().is_some_and(|e| e == "pdf") {
        // poppler's reader, as the reference.
        if !crate::export::have("pdftotext") {
            return None;
        }
        let out = Command::new("pdftotext")
            .arg(path)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    } else if path.extension().is_some_and(|e| e == "docx") {
        if !crate::export::have("pandoc") {
            return None;
        }
        let out = Command::new("pandoc")
            .args(["-f", "docx", "-t", "plain", "--wrap=none"])
            .arg(path)
            .output()
            .unwrap();
        // pandoc marks footnotes and endnotes "[1]", in the text and before
        // the note: its marks, not the document's words.
        let text = String::from_utf8(out.stdout).unwrap();
        let mut plain = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find('[') {
            plain.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let digits = after.chars().take_while(char::is_ascii_digit).count();
            if digits > 0 && after[digits..].starts_with(']') {
                rest = &after[digits + 1..];
            } else {
                plain.push('[');
                rest = after;
            }
        }
        plain.push_str(rest);
        plain
    } else {
        let bytes = std::fs::read(path).unwrap();
        if bytes.starts_with(&[0xFF, 0xFE]) {
            let units: Vec<u16> = bytes[2..]
                .chunks(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        } else {
            // Line by line: UTF-8 where it is, else the few Windows-1252
            // characters the fixtures use.
            let lines: Vec<String> = bytes
                .split(|&b| b == b'\n')
                .map(|line| {
                    String::from_utf8(line.to_vec()).unwrap_or_else(|_| {
                        line.iter()
                            .map(|&b| match b {
                                0x93 => '“',
                                0x94 => '”',
                                0x96 => '–',
                                0xA3 => '£',
                                0x92 => '’',
                                b => b as char,
                            })
                            .collect()
                    })
                })
                .collect();
            lines.join("\n")
        }
    };
    // Numbers and the words that only carry structure are the review's
    // numbering, not text: "1.", "Q1)", "Question 1:".
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            let t = l.trim().trim_start_matches('#').trim();
            use kloe::formats::import::structure::{parse_dotted_number, parse_question_number};
            match parse_question_number(t).or_else(|| parse_dotted_number(t).map(|(_, c)| (0, c))) {
                Some((_, chars)) => t.chars().skip(chars).collect(),
                None => t.to_string(),
            }
        })
        .filter(|l| kloe::formats::import::structure::parse_date_line(l).is_none())
        .collect();
    // "RESOLVED that:" leads recommendations as "1." leads a question, and
    // the markers of its list ("(1)") are their numbering.
    let mut in_list = false;
    let lines: Vec<String> = lines
        .into_iter()
        .map(|l| {
            use kloe::formats::import::recommendations::{item_words, lead};
            if let Some(rest) = lead(&l) {
                in_list = rest.is_empty();
                return rest.to_string();
            }
            if l.trim().is_empty() {
                return l;
            }
            match item_words(&l) {
                Some(words) if in_list => words,
                _ => {
                    in_list = false;
                    l
                }
            }
        })
        .collect();
    Some(lines.iter().flat_map(|l| words(l)).collect())
}

/// Every word of the review: title page, sections, questions, labels, answers.
fn review_words(doc: &Value) -> Vec<String> {
    let mut all = Vec::new();
    let mut add = |v: &Value| match v {
        Value::String(s) => all.extend(words(s)),
        Value::Array(items) => items
            .iter()
            .for_each(|i| all.extend(words(i.as_str().unwrap_or_default()))),
        _ => {}
    };
    add(&doc["title"]);
    add(&doc["subtitle"]);
    add(&doc["intro"]);
    for r in doc["recommendations"].as_array().into_iter().flatten() {
        add(&r["text"]);
    }
    for s in doc["sections"].as_array().unwrap() {
        add(&s["title"]);
        add(&s["lead_in"]);
        for q in s["questions"].as_array().unwrap() {
            add(&q["context"]);
            add(&q["text"]);
            add(&q["notes"]);
            for a in q["assignments"].as_array().unwrap() {
                add(&a["label"]);
                add(&a["response"]);
            }
        }
    }
    // Appendices found by their mention in the text add no words of their own.
    for a in doc["appendices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| !a["title"].is_null())
    {
        add(&a["label"]);
        add(&a["title"]);
    }
    all
}

/// The fixtures that print each answer straight after its question.
const UNLABELLED: [&str; 8] = [
    "pdf/answer-table.pdf",
    "import/minutes-unnumbered.txt",
    "import/bold-questions.docx",
    "pdf/bold-questions.pdf",
    "import/chief-constable.txt",
    "import/officers-answers.txt",
    "import/minutes.txt",
    "pdf/minutes.pdf",
];

#[test]
fn every_fixture_imports_with_no_text_lost() {
    let fixtures = fixtures();
    assert!(
        fixtures.len() >= 9,
        "the Bolsover document and at least eight of our own"
    );
    for path in fixtures {
        let Some(mut source) = source_words(&path) else {
            continue;
        };
        // What Word does not show (an unfilled form field's placeholder,
        // hidden text), and a question table's column headings (its
        // structure, as "1." is a question's), are rightly not text.
        let not_text = [
            (
                "word-features.docx",
                "Click or tap here to enter text. Hidden drafting note.",
            ),
            ("question-table.docx", "No. Question 1 2 3"),
            ("question-table.pdf", "No. Question 1 2 3"),
            ("answer-table.docx", "Theme Key line of enquiry Response"),
            ("answer-table.pdf", "Theme Key line of enquiry Response"),
            // The running header and "Page X of Y" on both pages.
            (
                "two-columns.pdf",
                "Greendale CSP Key Lines of Enquiry 2024 Greendale CSP Key Lines of Enquiry 2024 Page 1 of 2 Page 2 of 2",
            ),
        ];
        for (file, text) in not_text {
            if path.ends_with(file) {
                for w in words(text) {
                    if let Some(i) = source.iter().position(|s| *s == w) {
                        source.remove(i);
                    }
                }
            }
        }
        let wb = WorkbookFile::new();
        let id = import(&wb, &path, &[]);
        let mut doc = show(&wb, &id);
        // Answers printed with no label get their partner's label, words
        // the document never wrote.
        if UNLABELLED.iter().any(|f| path.ends_with(f)) {
            for a in assignments_mut(&mut doc) {
                a["label"] = Value::Null;
            }
        }
        // A label answering several questions leaves, on each but the
        // first, a pointer to the answer: words of the import's own.
        for a in assignments_mut(&mut doc) {
            let pointer = a["response"].as_array().is_some_and(|r| {
                r.len() == 1
                    && r[0]
                        .as_str()
                        .is_some_and(|t| t.starts_with("See the response to question "))
            });
            let covering = a["label"].as_str().is_some_and(|l| l.contains(" to Q"));
            if pointer && covering {
                a["label"] = Value::Null;
                a["response"] = json!([]);
            }
        }
        // A table's column heading is the label of every answer in its
        // column: words the document wrote once.
        let stem = path.file_stem().unwrap().to_string_lossy();
        if ["question-table", "answer-table"].contains(&stem.as_ref()) {
            let mut labels = std::collections::HashSet::new();
            for a in assignments_mut(&mut doc) {
                if !labels.insert(a["label"].to_string()) {
                    a["label"] = Value::Null;
                }
            }
            // Another column's heading begins each of its notes.
            for note in questions_mut(&mut doc).flat_map(|q| q["notes"].as_array_mut().unwrap()) {
                let text = note.as_str().unwrap().to_string();
                if let Some((heading, rest)) = text.split_once(": ")
                    && !labels.insert(heading.to_string())
                {
                    *note = json!(rest);
                }
            }
        }
        let review = review_words(&doc);
        let mut have: HashMap<&str, i64> = HashMap::new();
        for w in &review {
            *have.entry(w.as_str()).or_default() += 1;
        }
        let mut missing = Vec::new();
        for w in &source {
            let n = have.entry(w.as_str()).or_default();
            *n -= 1;
            if *n < 0 {
                missing.push(w.clone());
            }
        }
        assert!(
            missing.is_empty(),
            "{}: words lost: {missing:?}",
            path.display()
        );
        // pandoc shows neither text boxes nor field results, so only text
        // sources are checked for words the import made up.
        if path.extension().is_some_and(|e| e != "docx") {
            let invented: Vec<_> = have
                .iter()
                .filter(|(w, n)| **n > 0 && !["questions"].contains(*w))
                .collect();
            assert!(
                invented.is_empty(),
                "{}: words not in the source: {invented:?}",
                path.display()
            );
        }
    }
}

/// `--explain` places every paragraph of every fixture somewhere in the
/// review: nothing is left out, said paragraph by paragraph.
#[test]
fn every_paragraph_of_every_fixture_is_placed() {
    for path in fixtures() {
        let reading = read_doc(&path);
        let lost: Vec<_> = reading
            .placed
            .iter()
            .filter(|p| p.went == kloe::formats::import::explain::NOWHERE)
            .collect();
        assert!(lost.is_empty(), "{}: {lost:#?}", path.display());
        assert!(!reading.placed.is_empty(), "{}", path.display());
    }
    let wb = WorkbookFile::new();
    let file = fixture_path("import/heading-after-answer.txt");
    let out = wb.ok(&["import", file.to_str().unwrap(), "--dry-run", "--explain"]);
    for said in [
        "line     9  the heading of section 2: Domestic Abuse",
        "line    10  the introduction of section 2: The Committee last looked at",
        "line    13  Council's answer to question 2, after its label: Council Response: Eight more places",
    ] {
        assert!(out.contains(said), "{said}\n{out}");
    }
    wb.sample();
    wb.refused_with(&["import", file.to_str().unwrap(), "--explain"], "usage");
}

#[test]
fn each_fixture_has_the_structure_a_reader_sees() {
    // (file, (sections, questions, responses, still owed), partners)
    type Counts = (usize, usize, usize, usize);
    let expected: &[(&str, Counts, &[&str])] = &[
        (
            "import/auto-numbered.docx",
            (2, 4, 5, 1),
            &["Riverside Council", "Riverside Police"],
        ),
        (
            "import/table-labels.docx",
            (2, 3, 4, 0),
            &["Hillborough Borough Council", "Constabulary"],
        ),
        (
            "import/word-features.docx",
            (2, 4, 4, 1),
            &["Greendale Council", "Greendale Police"],
        ),
        (
            "import/date-of-meeting.txt",
            (2, 4, 5, 1),
            &["Council", "Police"],
        ),
        (
            "import/numbered-headings-1252.txt",
            (2, 4, 5, 1),
            &["Council", "Northam Police"],
        ),
        (
            "import/label-variants.txt",
            (2, 5, 7, 0),
            &[
                "Greendale Constabulary",
                "Greendale Borough Council",
                "Office of the Police and Crime Commissioner",
            ],
        ),
        (
            "import/chief-constable.txt",
            (2, 3, 3, 0),
            &["Chief Constable"],
        ),
        (
            "import/officers-answers.txt",
            (1, 3, 3, 0),
            &["Unattributed"],
        ),
        (
            "import/minutes.txt",
            (1, 3, 3, 0),
            &["Westshire District Council"],
        ),
        (
            "import/heading-after-answer.txt",
            (3, 3, 4, 0),
            &["Council", "Police", "PCC"],
        ),
        (
            "import/several-questions.txt",
            (1, 6, 9, 0),
            &["Constabulary", "Council"],
        ),
        ("import/numbering.txt", (2, 5, 5, 0), &["Council", "Police"]),
        (
            "import/word-constructs.docx",
            (2, 4, 4, 0),
            &["Hillside Council", "Hillside Police"],
        ),
        (
            "import/question-table.docx",
            (2, 3, 6, 1),
            &["Eastmoor Council", "Eastmoor Police"],
        ),
        (
            "import/answer-table.docx",
            (2, 3, 3, 0),
            &["Westshire District Council"],
        ),
        ("import/question-paper.txt", (2, 5, 0, 0), &[]),
        (
            "import/minutes-recommendations.txt",
            (1, 2, 2, 0),
            &["Northvale District Council", "Northvale Police"],
        ),
        (
            "import/bold-questions.docx",
            (1, 4, 4, 0),
            &["Hillmoor District Council"],
        ),
        (
            "import/minutes-unnumbered.txt",
            (1, 2, 2, 0),
            &["Northvale District Council"],
        ),
        (
            "import/mixed-encoding.txt",
            (2, 3, 3, 0),
            &["Council", "PCC", "Police"],
        ),
        (
            "import/paren-numbers-utf16.txt",
            (1, 4, 5, 0),
            &["EDC", "Eastford Police", "PCC Office"],
        ),
        (
            "import/question-word.md",
            (2, 4, 5, 1),
            &["Westshire Council", "Westshire Police", "Fire"],
        ),
    ];
    for (file, (sections, questions, responses, owed), partners) in expected {
        let wb = WorkbookFile::new();
        let id = import(&wb, &fixture_path(file), &[]);
        let doc = show(&wb, &id);
        let secs = doc["sections"].as_array().unwrap();
        let qs = crate::support::json_questions(&doc);
        let rs: Vec<&Value> = qs
            .iter()
            .flat_map(|q| q["assignments"].as_array().unwrap())
            .collect();
        assert_eq!(
            (secs.len(), qs.len(), rs.len()),
            (*sections, *questions, *responses),
            "{file}"
        );
        assert_eq!(
            rs.iter().filter(|a| a["status"] == "not_started").count(),
            *owed,
            "{file}"
        );
        let names: Vec<&str> = doc["partners"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, *partners, "{file}");
    }

    let wb = WorkbookFile::new();
    let doc = show(
        &wb,
        &import(&wb, &fixture_path("import/word-features.docx"), &[]),
    );
    let q1 = &doc["sections"][0]["questions"][0];
    assert_eq!(
        q1["assignments"][0]["response"][0],
        "Recorded crime fell by six per cent, as the county dashboard shows.",
        "the tracked deletion is left out, the insertion kept, the hyperlink's words kept"
    );
    let q3 = &doc["sections"][1]["questions"][0];
    assert_eq!(
        q3["assignments"][0]["response"],
        json!([
            "Every six weeks; the dates are on page 4.",
            "Meeting dates are set each April."
        ]),
        "field results, not field codes; the text box once"
    );
    assert_eq!(doc["subtitle"], "Key Lines of Enquiry");
    assert_eq!(doc["meeting_date"], "2025-10-09");

    let wb = WorkbookFile::new();
    let doc = show(
        &wb,
        &import(&wb, &fixture_path("import/question-word.md"), &[]),
    );
    assert_eq!(
        doc["meeting_date"], "2020-03-03",
        "from 'Key Lines of Enquiry – 3 March 2020'"
    );
    let q1 = &doc["sections"][0]["questions"][0]["assignments"][0];
    assert_eq!(
        q1["response"],
        json!([
            "The budget is **£48,500**, made up of:",
            "- £25,000 from the PCC grant",
            "- £23,500 from the council's own funds"
        ])
    );
    let q3 = &doc["sections"][1]["questions"][0];
    assert_eq!(
        q3["assignments"][0]["label"],
        "Joint Westshire Police and Fire Response"
    );
    assert_eq!(q3["notes"], json!(["Note: figures are for March 2020."]));

    let wb = WorkbookFile::new();
    let doc = show(
        &wb,
        &import(&wb, &fixture_path("import/numbered-headings-1252.txt"), &[]),
    );
    let titles = section_titles(&doc);
    assert_eq!(
        titles,
        ["FUNDING AND RESOURCES", "WORKING WITH THE POLICE"],
        "numbered headings are not questions"
    );
    assert_eq!(
        doc["sections"][0]["questions"][0]["assignments"][0]["response"][0],
        "£31,000 from the Police and Crime Commissioner’s grant, the same as last year."
    );
    assert_eq!(
        doc["sections"][1]["questions"][0]["context"][0],
        "“We are concerned that neighbourhood teams are often taken away for other duties.”"
    );
}

/// Papers that print each answer straight after its question: the answers
/// are answers, not notes, owed by the partner the paper names for them,
/// or the one chosen for the import, or else "Unattributed" with a doubt.
#[test]
fn answers_printed_with_no_label_are_answers_from_the_partner_named() {
    let wb = WorkbookFile::new();
    let file = |name: &str| fixture_path(&format!("import/{name}"));
    let answers = |doc: &Value| -> Vec<(String, String)> {
        crate::support::json_questions(doc)
            .iter()
            .flat_map(|q| q["assignments"].as_array().unwrap().clone())
            .map(|a| {
                let id = a["partners"][0].as_str().unwrap().to_string();
                let partner = doc["partners"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|p| p["id"] == id.as_str())
                    .unwrap()["name"]
                    .as_str()
                    .unwrap()
                    .to_string();
                (partner, a["status"].as_str().unwrap().to_string())
            })
            .collect()
    };

    // The paper says whose answers they are.
    let doc = show(&wb, &import(&wb, &file("chief-constable.txt"), &[]));
    assert_eq!(
        answers(&doc),
        vec![("Chief Constable".into(), "submitted".into()); 3]
    );
    let q2 = &crate::support::json_questions(&doc)[1];
    assert_eq!(
        q2["assignments"][0]["response"],
        json!([
            "The average wait in October was four minutes, down from eleven minutes a year ago.",
            "Calls are now answered in Northam rather than at headquarters."
        ])
    );
    assert_eq!(q2["notes"], json!([]), "the answer is not a note");
    // The doubt names the first such answer's line, for the preview.
    let reading = read_doc(&file("chief-constable.txt"));
    let doubt = doubt_saying(&reading, "printed with no label");
    assert_eq!(doubt.line, Some(9));

    // Minutes: "Members were informed that …" is the answer, and the
    // meeting's date is the one the minutes were held on.
    let doc = show(&wb, &import(&wb, &file("minutes.txt"), &[]));
    assert_eq!(doc["meeting_date"], "2024-03-14");
    assert_eq!(
        answers(&doc),
        vec![("Westshire District Council".into(), "submitted".into()); 3]
    );
    let q1 = &crate::support::json_questions(&doc)[0];
    assert!(
        q1["assignments"][0]["response"][0]
            .as_str()
            .unwrap()
            .starts_with("Members were informed that the funding"),
        "{q1}"
    );

    // Minutes that number no questions: what they ask is what they ask.
    let unnumbered = file("minutes-unnumbered.txt");
    let out = dry_run(&wb, &unnumbered);
    assert!(
        out.contains("Warning: the document numbers no questions, so its 2 paragraphs ending in a question mark or set in bold were read as its questions"),
        "{out}"
    );
    let doc = show(&wb, &import(&wb, &unnumbered, &[]));
    assert_eq!(
        question_texts(&doc),
        [
            "How many fixed penalty notices were issued for fly-tipping last year?",
            "Has the new CCTV van been used outside the town centre?"
        ]
    );
    assert_eq!(
        answers(&doc),
        vec![("Northvale District Council".into(), "submitted".into()); 2]
    );

    // Nobody named: "Unattributed", and the dry run says how to choose.
    let officers = file("officers-answers.txt");
    let out = dry_run(&wb, &officers);
    assert!(
        out.contains("Warning: 3 answers printed with no label name nobody, so they are kept under a partner called \"Unattributed\"; choose who gives them (--answered-by PARTNER"),
        "{out}"
    );
    assert!(
        out.contains("Unattributed, no label (submitted, 1 paragraph)"),
        "{out}"
    );

    // Chosen for the import: a partner of the review imported into, by any
    // of its names.
    let sample = wb.sample();
    let out = wb.ok(&[
        "import",
        officers.to_str().unwrap(),
        "--into",
        &sample,
        "--answered-by",
        "bolsover district council",
        "--dry-run",
    ]);
    assert!(
        out.contains("3 answers printed with no label are taken to be bolsover district council's, as chosen for this import"),
        "{out}"
    );
    assert!(!out.contains("Unattributed"), "{out}");
    wb.ok(&[
        "import",
        officers.to_str().unwrap(),
        "--into",
        &sample,
        "--answered-by",
        "BDC",
    ]);
    let doc = show(&wb, &sample);
    let added = crate::support::json_questions(&doc);
    let last = added.last().unwrap();
    assert_eq!(
        last["text"],
        "Are there plans to extend the Public Space Protection Order?"
    );
    let bdc = doc["partners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["short_name"] == "BDC")
        .unwrap()["id"]
        .clone();
    assert_eq!(last["assignments"][0]["partners"], json!([bdc]));
    assert_eq!(
        doc["partners"].as_array().unwrap().len(),
        3,
        "no new partner"
    );
}

/// A short title line after an answer, with a paragraph and then the next
/// question after it, starts a section: the committee's context is not
/// appended to the council's answer. It is a guess, so it is a doubt.
#[test]
fn a_heading_after_an_answer_is_known_by_what_follows_it() {
    let wb = WorkbookFile::new();
    let file = fixture_path("import/heading-after-answer.txt");
    dry_run_says(
        &wb,
        &file,
        &[
            "Warning: Q1: 'Domestic Abuse', after this question's answer, is read as a new section heading, with the paragraph after it as the section's introduction",
        ],
    );
    let doc = show(&wb, &import(&wb, &file, &[]));
    let sections = doc["sections"].as_array().unwrap();
    assert_eq!(sections[1]["title"], "Domestic Abuse");
    assert_eq!(
        sections[1]["lead_in"],
        json!([
            "The Committee last looked at domestic abuse services in 2022, when the refuge was full for most of the year."
        ])
    );
    assert_eq!(
        sections[0]["questions"][0]["assignments"][0]["response"],
        json!(["412 adults and 38 young people started treatment."]),
        "the council's answer is its own words only"
    );
}

/// One answer for several questions ("Constabulary Response to Q1 and
/// Q2", "See the response to question 3", "As above"): the text is kept
/// once, with the first, and the others are answered elsewhere, pointing
/// at it.
#[test]
fn one_answer_for_several_questions_is_kept_once_and_pointed_at() {
    let wb = WorkbookFile::new();
    let file = fixture_path("import/several-questions.txt");
    let doc = show(&wb, &import(&wb, &file, &[]));
    let qs = crate::support::json_questions(&doc);
    let owed: Vec<Vec<(String, String)>> = qs
        .iter()
        .map(|q| {
            q["assignments"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| {
                    (
                        a["status"].as_str().unwrap().to_string(),
                        a["response"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|p| p.as_str().unwrap())
                            .collect::<Vec<_>>()
                            .join(" "),
                    )
                })
                .collect()
        })
        .collect();
    let pair = |s: &str, t: &str| (s.to_string(), t.to_string());
    assert_eq!(
        owed,
        vec![
            vec![pair(
                "submitted",
                "214 offences were recorded, 12 fewer than the year before. Most were in the town centre on Friday and Saturday nights."
            )],
            vec![
                pair("answered_elsewhere", "See the response to question 1."),
                pair(
                    "submitted",
                    "The council shares the figures with schools each term."
                ),
            ],
            vec![pair(
                "submitted",
                "Every secondary school has had a session this year."
            )],
            vec![pair(
                "answered_elsewhere",
                "See the response to question 3."
            )],
            vec![
                pair("submitted", "The same again."),
                pair("submitted", "Schools will be visited again."),
            ],
            vec![
                pair("answered_elsewhere", "See the response to question 5."),
                pair("answered_elsewhere", "As above."),
            ],
        ]
    );
    // The label naming the questions is not the partner's own label.
    let constabulary = doc["partners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Constabulary")
        .unwrap();
    assert_eq!(constabulary["label"], "Constabulary Response");
}

/// Numbering as councils write it: "2. Anti-social behaviour" heading
/// questions 2.1 and 2.1.1; sub-parts "(a)" and "i)" kept in their
/// question; "80)" and "92)" imported in order, with the document's own
/// numbers named.
#[test]
fn questions_numbered_within_sections_with_parts_or_with_gaps_keep_their_order() {
    let wb = WorkbookFile::new();
    let file = fixture_path("import/numbering.txt");
    dry_run_says(
        &wb,
        &file,
        &[
            "Warning: Q4: numbered 80 in the document; it is question 4 in order",
            "Warning: Q5: numbered 92 in the document; it is question 5 in order",
        ],
    );
    let doc = show(&wb, &import(&wb, &file, &[]));
    let titles = section_titles(&doc);
    assert_eq!(titles, ["Anti-social behaviour", "Road safety"]);
    let qs = crate::support::json_questions(&doc);
    let texts = question_texts(&doc);
    assert_eq!(
        texts,
        [
            "How many reports of anti-social behaviour were made?",
            "How many of those were in the town centre?",
            "What powers were used?",
            "Which roads had the most collisions?",
            "What is being done about them?",
        ]
    );
    assert_eq!(
        qs[2]["notes"],
        json!([
            "(a) Community Protection Warnings",
            "(b) Dispersal orders",
            "i) in the town centre",
            "ii) in the parks"
        ])
    );
    assert_eq!(
        qs[4]["assignments"][0]["response"],
        json!(["Average-speed cameras will be installed on the A61."])
    );
}

/// Word constructs councils' papers use: questions numbered through a list
/// style, a label after a manual line break, footnotes and endnotes (notes
/// where they are referred to), tracked changes and a comment (each a
/// doubt), an answer in a text box.
#[test]
fn word_lists_notes_breaks_changes_and_comments_are_read_as_word_shows_them() {
    let wb = WorkbookFile::new();
    let file = fixture_path("import/word-constructs.docx");
    dry_run_says(
        &wb,
        &file,
        &[
            "Warning: the document has tracked changes (1 inserted, 1 deleted): insertions are imported and deletions left out",
            "Warning: the document has 1 comment in its margin; comments are not imported",
        ],
    );
    let doc = show(&wb, &import(&wb, &file, &[]));
    let qs = crate::support::json_questions(&doc);
    let texts = question_texts(&doc);
    assert_eq!(
        texts,
        [
            "How many streets now have better lighting?",
            "Has anti-social behaviour fallen in the parks?",
            "What does the youth bus offer?",
            "Who pays for it?",
        ],
        "numbered through the list style, and the label after the line break is not the question's"
    );
    assert_eq!(
        qs[0]["notes"],
        json!(["Figures from the street lighting contract, March 2024."])
    );
    assert_eq!(
        qs[2]["notes"],
        json!(["The nurse joined the bus in January 2025."])
    );
    let answer = |i: usize| {
        qs[i]["assignments"][0]["response"][0]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(answer(1), "Reports fell by a fifth in the summer.");
    assert_eq!(
        answer(2),
        "The bus visits five estates a week, with youth workers and a nurse."
    );
    assert_eq!(
        answer(3),
        "The Police and Crime Commissioner funds it until March 2026."
    );
}

/// Questions sent as a table: a row per question, a column per partner,
/// sections as merged rows or as a column whose cells are merged down; an
/// empty cell is an answer still owed, an extra column a note.
#[test]
fn a_table_of_questions_is_read_row_by_row() {
    let wb = WorkbookFile::new();
    let file = fixture_path("import/question-table.docx");
    dry_run_says(
        &wb,
        &file,
        &[
            "Warning: the table at paragraph 4 was read as 3 questions, a row each, its columns being: number, question, 'Eastmoor Council Response', 'Eastmoor Police Response'",
        ],
    );
    let doc = show(&wb, &import(&wb, &file, &[]));
    let titles = section_titles(&doc);
    assert_eq!(titles, ["Anti-social behaviour", "Road safety"]);
    let qs = crate::support::json_questions(&doc);
    let q2 = &qs[1];
    assert_eq!(q2["text"], "Which wards saw the most?");
    assert_eq!(
        q2["assignments"][0]["response"],
        json!(["The town centre and Moorside."])
    );
    assert_eq!(
        q2["assignments"][1]["status"], "not_started",
        "an empty cell is owed"
    );
    assert_eq!(
        qs[2]["assignments"][1]["response"],
        json!(["Speed checks on the A614 have been doubled."])
    );

    let file = fixture_path("import/answer-table.docx");
    let doc = show(&wb, &import(&wb, &file, &[]));
    let titles = section_titles(&doc);
    assert_eq!(
        titles,
        ["Domestic abuse", "Hate crime"],
        "a merged theme heads both its rows"
    );
    let qs = crate::support::json_questions(&doc);
    assert_eq!(qs[1]["text"], "Is the helpline open at weekends?");
    assert_eq!(
        qs[1]["assignments"][0]["response"],
        json!(["Yes, from 9am to 5pm."])
    );
    assert_eq!(
        qs[1]["notes"],
        json!(["Lead officer: Community Safety Manager"])
    );
}

/// Committee papers as PDF: the paragraphs are rebuilt from the page (two
/// columns, a running header and "Page X of Y" left out, wrapped lines
/// joined), and the review is the one its Word or text source gives; a
/// scan is refused.
#[test]
fn a_pdf_paper_imports_as_its_source_does() {
    let wb = WorkbookFile::new();
    let from_pdf = show(&wb, &import(&wb, &fixture_path("pdf/bolsover.pdf"), &[]));
    let from_text = show(
        &wb,
        &import(&wb, &fixture_path("bolsover-csp-kloe-2019.txt"), &[]),
    );
    assert_eq!(question_texts(&from_pdf), question_texts(&from_text));
    assert_eq!(from_pdf["meeting_date"], from_text["meeting_date"]);
    let answers = |doc: &Value| -> Vec<String> {
        crate::support::json_questions(doc)
            .iter()
            .flat_map(|q| q["assignments"].as_array().unwrap().clone())
            .map(|a| a["response"][0].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(
        answers(&from_pdf),
        answers(&from_text),
        "each answer's first paragraph, joined from its lines"
    );

    // The text papers printed to PDF read as the text does.
    for (pdf, text) in [
        ("pdf/label-variants.pdf", "import/label-variants.txt"),
        ("pdf/minutes.pdf", "import/minutes.txt"),
    ] {
        let from_pdf = show(&wb, &import(&wb, &fixture_path(pdf), &[]));
        let from_text = show(&wb, &import(&wb, &fixture_path(text), &[]));
        assert_eq!(
            section_titles(&from_pdf),
            section_titles(&from_text),
            "{pdf}"
        );
        assert_eq!(
            question_texts(&from_pdf),
            question_texts(&from_text),
            "{pdf}"
        );
        assert_eq!(answers(&from_pdf), answers(&from_text), "{pdf}");
    }
    dry_run_says(
        &wb,
        &fixture_path("pdf/long-paper.pdf"),
        &["(PDF): 96 sections, 256 questions, 288 responses, 3 partners"],
    );

    let wb = WorkbookFile::new();
    let columns = fixture_path("pdf/two-columns.pdf");
    let out = dry_run(&wb, &columns);
    assert!(
        out.contains("(PDF): 2 sections, 15 questions, 17 responses, 3 partners"),
        "{out}"
    );
    assert!(
        out.contains("Warning: 4 lines repeated at the top or foot of the PDF's pages (running headers, footers, page numbers) were left out"),
        "{out}"
    );
    let doc = show(&wb, &import(&wb, &columns, &[]));
    let qs = question_texts(&doc);
    assert_eq!(
        qs[3], "Who runs the summer programme?",
        "a question wrapped over two lines"
    );
    assert!(
        !serde_json::to_string(&doc).unwrap().contains("Page 1 of 2"),
        "no page numbers in the review"
    );

    let err = wb.refused_with(
        &["import", fixture_path("pdf/scan.pdf").to_str().unwrap()],
        "unsupported",
    );
    assert!(
        err.contains("this PDF is a scan; there is no text to read"),
        "{err}"
    );
    let cut = wb.dir().join("cut.pdf");
    let bytes = std::fs::read(fixture_path("pdf/bolsover.pdf")).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    wb.refused_with(&["import", cut.to_str().unwrap()], "damaged_document");
}

/// Question tables in a PDF: found from the table's ruled lines, its cells
/// read as Word's are (a merged row a section, a theme merged down, an
/// empty cell an answer owed), so the review is the one the Word table
/// gives.
#[test]
fn tables_in_a_pdf_import_as_the_word_tables_they_were_made_from() {
    let wb = WorkbookFile::new();
    for name in ["question-table", "answer-table", "table-labels"] {
        let word = show(
            &wb,
            &import(&wb, &fixture_path(&format!("import/{name}.docx")), &[]),
        );
        let pdf = show(
            &wb,
            &import(&wb, &fixture_path(&format!("pdf/{name}.pdf")), &[]),
        );
        assert_eq!(comparable(&pdf), comparable(&word), "{name}");
    }
    dry_run_says(
        &wb,
        &fixture_path("pdf/question-table.pdf"),
        &[
            "Warning: the table at page 1 was read as 3 questions, a row each, its columns being: number, question, 'Eastmoor Council Response', 'Eastmoor Police Response'",
        ],
    );
}

/// PDFs drawn the ways other programs draw them read as the plain paper
/// does: a page drawn turned (landscape), a border round the page, squared
/// paper behind the text. A question table over two pages is one table,
/// its heading row repeated or not; a table in a page's right column
/// belongs to the question above it there. A form that draws itself is
/// refused in one line rather than followed for ever.
#[test]
fn pdfs_drawn_in_odd_ways_read_as_the_plain_paper_does() {
    let wb = WorkbookFile::new();
    let odd = |name: &str| fixture_path(&format!("pdf/odd/{name}.pdf"));
    let plain = comparable(&show(&wb, &import(&wb, &odd("plain-paper"), &[])));
    for name in ["turned-page", "page-border", "squared-paper"] {
        let doc = show(&wb, &import(&wb, &odd(name), &[]));
        assert_eq!(comparable(&doc), plain, "{name}");
    }
    let five: Vec<String> = (1..=5)
        .map(|i| format!("Question number {i} about the refuge?"))
        .collect();
    for name in ["table-over-pages", "table-over-pages-heading-repeated"] {
        let doc = show(&wb, &import(&wb, &odd(name), &[]));
        assert_eq!(question_texts(&doc), five, "{name}");
        let answers: Vec<Value> = crate::support::json_questions(&doc)
            .iter()
            .map(|q| q["assignments"][0]["response"].clone())
            .collect();
        assert_eq!(answers[3], json!(["Answer 4 from the police."]), "{name}");
    }
    let doc = show(&wb, &import(&wb, &odd("table-in-right-column"), &[]));
    let qs = crate::support::json_questions(&doc);
    assert_eq!(
        qs[3]["assignments"][0]["response"][0], "The calls by quarter were:",
        "question 4 keeps its table"
    );
    assert!(
        qs[3]["assignments"][0]["response"]
            .as_array()
            .unwrap()
            .contains(&json!("388")),
        "{}",
        qs[3]
    );
    assert_eq!(
        qs[0]["assignments"][0]["response"],
        json!(["Fourteen, after eight were added."]),
        "question 1 does not"
    );
    dry_run_says(
        &wb,
        &odd("next-line-operator"),
        &[
            "Warning: some text on page 1 is drawn in a way this reader cannot follow, and may be missing",
        ],
    );
    let err = wb.refused_with(
        &["import", odd("self-drawing-form").to_str().unwrap()],
        "damaged_document",
    );
    assert!(err.contains("cannot be read"), "{err}");
}

/// Recommendations in a committee's minutes ("RESOLVED that:" and its
/// list, "RECOMMENDED that …") or under a "Recommendations" heading are
/// read as the review's recommendations, not its questions, each
/// addressed to the partners its words name; the dry run lists them.
#[test]
fn recommendations_in_minutes_and_reports_are_read_as_recommendations() {
    let wb = WorkbookFile::new();
    let file = fixture_path("import/minutes-recommendations.txt");
    let out = dry_run_says(
        &wb,
        &file,
        &[
            "(plain text, UTF-8): 1 section, 2 questions, 2 responses, 2 partners, 4 recommendations",
            "Warning: recommendation 3 names no partner of the review, so it is owed no response yet",
        ],
    );
    assert!(
        out.contains("## Recommendations\n  1. Northvale District Council reports the fly-tipping figures by ward to…\n       owed a response by Northvale District Council"),
        "{out}"
    );
    let id = import(&wb, &file, &[]);
    let recs: Value = serde_json::from_str(&wb.ok(&["recs", &id, "--json"])).unwrap();
    let recs = recs.as_array().unwrap();
    assert_eq!(recs.len(), 4);
    assert_eq!(
        recs[0]["reference"], "CSP (23/24) 01",
        "the year of the meeting"
    );
    assert_eq!(
        recs[1]["text"],
        json!(["the Police and the Council publish a joint plan for the CCTV van by June; and"])
    );
    let owed = |r: &Value| r["responses"].as_array().unwrap().len();
    assert_eq!(
        recs.iter().map(owed).collect::<Vec<_>>(),
        [1, 2, 0, 0],
        "the Council; the Police and the Council each; nobody; the Commissioner is no partner"
    );
    assert_eq!(
        recs[3]["text"],
        json!(["the Police and Crime Commissioner funds a second CCTV van."])
    );
    // Addressed afterwards.
    wb.ok(&[
        "rec",
        "assign",
        &id,
        "3",
        "Council",
        "Police",
        "--separately",
    ]);
    let recs: Value = serde_json::from_str(&wb.ok(&["recs", &id, "--json"])).unwrap();
    assert_eq!(recs[2]["responses"].as_array().unwrap().len(), 2);
    wb.refused_with(&["rec", "assign", &id, "3", "Council"], "already_assigned");

    // A report's numbered list under "Recommendations" is not questions.
    let report = wb.dir().join("report.txt");
    std::fs::write(
        &report,
        "Scrutiny review of anti-social behaviour\n\nFindings\n\n1. How many reports were made?\nNorthvale Police Response: 1,310.\n\nRecommendations\n\n1. That the Police publish the figures by ward.\n2. That the Council funds two more wardens.\n\n2. Who funds the wardens now?\nNorthvale Police Response: The council.\n",
    )
    .unwrap();
    let doc = show(&wb, &import(&wb, &report, &[]));
    assert_eq!(
        question_texts(&doc),
        ["How many reports were made?", "Who funds the wardens now?"],
        "a question after the list is a question, not a recommendation"
    );
    let texts: Vec<&Value> = doc["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["text"][0])
        .collect();
    assert_eq!(
        texts,
        [
            "That the Police publish the figures by ward.",
            "That the Council funds two more wardens."
        ]
    );
}

/// A paper that numbers nothing but sets its questions in bold, some put
/// as requests with no question mark, each answer straight beneath: the
/// bold paragraphs are its questions, from Word and from the PDF made of
/// it, where the change from bold to plain ends a paragraph even with no
/// space between them.
#[test]
fn questions_set_in_bold_are_read_from_word_and_pdf() {
    let wb = WorkbookFile::new();
    let word = fixture_path("import/bold-questions.docx");
    let pdf = fixture_path("pdf/bold-questions.pdf");
    dry_run_says(
        &wb,
        &pdf,
        &[
            "Warning: the document numbers no questions, so its 4 paragraphs ending in a question mark or set in bold were read as its questions",
        ],
    );
    let from_word = show(&wb, &import(&wb, &word, &[]));
    let from_pdf = show(&wb, &import(&wb, &pdf, &[]));
    let asked = [
        "Please set out what the partnership has spent on its CCTV network this year and what it plans for the coming three years of the scheme.",
        "Give the number of Community Protection Notices issued, by ward.",
        "How does the partnership hear from young people about feeling safe in the parks?",
        "Describe the support offered to victims of hate crime in the district.",
    ];
    let answers = |doc: &Value| -> Vec<Value> {
        crate::support::json_questions(doc)
            .iter()
            .map(|q| q["assignments"][0]["response"].clone())
            .collect()
    };
    for doc in [&from_word, &from_pdf] {
        assert_eq!(question_texts(doc), asked);
        assert_eq!(
            answers(doc)[1],
            serde_json::json!([
                "Eighty-one notices were issued: 32 in Hillmoor Central, 27 in Eastgate and 22 across the rural wards."
            ]),
            "the answer straight beneath a bold question, with no space between"
        );
    }
    assert_eq!(answers(&from_pdf), answers(&from_word));
}

/// Labels as councils write them: possessive, "Response from …",
/// "… comments", a councillor answering for the council, an inline "OPCC:",
/// and usual names ("Police", "Council") that mean partners the paper
/// names in full. The dry run says each match it made.
#[test]
fn labels_in_the_forms_councils_write_find_the_partners_they_mean() {
    let wb = WorkbookFile::new();
    let file = fixture_path("import/label-variants.txt");
    dry_run_says(
        &wb,
        &file,
        &[
            "Warning: Q3: the label 'Response by Councillor Jane Smith (Portfolio Holder, Greendale Borough Council)' names a person, not a partner; it is taken to be Greendale Borough Council's answer",
            "Warning: \"Police\" in the label 'Joint Police and Council Response' is taken to be Greendale Constabulary",
            "Warning: \"Council\" in the label 'Joint Police and Council Response' is taken to be Greendale Borough Council",
            "Warning: \"OPCC\" in the label 'OPCC' is taken to be Office of the Police and Crime Commissioner",
        ],
    );
    let doc = show(&wb, &import(&wb, &file, &[]));
    let names = |q: &Value| -> Vec<Vec<String>> {
        q["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                a["partners"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| {
                        let id = p.as_str().unwrap();
                        doc["partners"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .find(|x| x["id"] == id)
                            .unwrap()["short_name"]
                            .as_str()
                            .unwrap()
                            .to_string()
                    })
                    .collect()
            })
            .collect()
    };
    let qs = crate::support::json_questions(&doc);
    let owed: Vec<Vec<Vec<String>>> = qs.iter().map(|q| names(q)).collect();
    assert_eq!(
        owed,
        [
            vec![vec!["Constabulary"]],
            vec![vec!["Council"], vec!["Constabulary"]],
            vec![vec!["Council"], vec!["Commissioner"]],
            vec![vec!["Constabulary", "Council"]],
            vec![vec!["Commissioner"]],
        ]
    );
    assert_eq!(
        qs[0]["assignments"][0]["response"][0],
        "Every team has a sergeant and six constables, with two PCSOs in the town centre."
    );
}

/// A UTF-8 paper with one line pasted from a Windows program: that line
/// is read as Windows-1252 and named in a doubt; every other "£" and "’"
/// stays as it was written.
#[test]
fn a_utf8_file_with_a_stray_windows_line_keeps_its_pounds_and_names_the_line() {
    let wb = WorkbookFile::new();
    let file = fixture_path("import/mixed-encoding.txt");
    let out = dry_run(&wb, &file);
    assert!(
        out.contains("(plain text, UTF-8, with some lines in Windows-1252)"),
        "{out}"
    );
    assert!(
        out.contains(
            "Warning: line 12 of this UTF-8 file is not UTF-8 and was read as Windows-1252"
        ),
        "{out}"
    );
    let doc = show(&wb, &import(&wb, &file, &[]));
    let qs = crate::support::json_questions(&doc);
    let answer = |i: usize| {
        qs[i]["assignments"][0]["response"][0]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        answer(0),
        "£30,000 went on lighting and CCTV in the town’s parks; the rest paid for two youth workers."
    );
    assert_eq!(
        answer(1),
        "The Commissioner’s grant of £25,000 is confirmed for 2023/24."
    );
    assert!(answer(2).contains("café"), "{}", answer(2));
}

#[test]
fn a_dry_run_writes_nothing_and_an_import_can_join_an_existing_review() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let before = wb.dump();
    let out = wb.ok(&[
        "import",
        fixture_path("import/date-of-meeting.txt").to_str().unwrap(),
        "--dry-run",
    ]);
    assert!(
        out.contains("  1. How many ASB incidents were reported"),
        "{out}"
    );
    assert!(out.contains("Council Response (still owed)"), "{out}");
    assert!(
        out.trim_end()
            .ends_with("Nothing was written: this was a dry run.")
    );
    assert_eq!(wb.dump(), before);

    let out = wb.ok(&[
        "import",
        fixture_path("import/paren-numbers-utf16.txt")
            .to_str()
            .unwrap(),
        "--into",
        &id,
    ]);
    assert!(out.trim_end().ends_with(&format!("review {id}")), "{out}");
    let doc = show(&wb, &id);
    let questions = crate::support::json_questions(&doc);
    assert_eq!(questions.len(), 20, "16 and 4 more");
    assert_eq!(questions[16]["number"], 17);
    assert_eq!(doc["sections"].as_array().unwrap().len(), 7);
    assert_eq!(
        doc["title"],
        "Annual Scrutiny Review of Bolsover Community Safety Partnership – Key Lines of Enquiry"
    );
}

#[test]
fn bad_input_gets_its_own_clear_message_and_changes_nothing() {
    let wb = WorkbookFile::new();
    wb.sample();
    let dir = wb.dir();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let zip_of = |name: &str, parts: &[(&str, &[u8])]| {
        let p = dir.join(name);
        let mut z = zip::ZipWriter::new(std::fs::File::create(&p).unwrap());
        for (n, data) in parts {
            z.start_file(*n, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut z, data).unwrap();
        }
        z.finish().unwrap();
        p
    };
    let doc = |body: &str| {
        format!(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        )
    };
    let mut encrypted = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    encrypted.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
    let bomb: Vec<u8> = vec![b' '; 65 * 1024 * 1024];
    let deep = doc(&format!("{}{}", "<w:p>".repeat(300), "</w:p>".repeat(300)));
    let many: Vec<(String, Vec<u8>)> = (0..5_001).map(|i| (format!("x/{i}"), Vec::new())).collect();
    let many_refs: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    let mut big_text = b"1. Question?\nBDC Response ".to_vec();
    big_text.extend(std::iter::repeat_n(b'a', 21 * 1024 * 1024));
    let mut long_paragraph = b"1. Question?\nBDC Response ".to_vec();
    long_paragraph.extend(std::iter::repeat_n(b'a', 1024 * 1024 + 1));

    let cases: Vec<(PathBuf, &str, &str)> = vec![
        (write("empty.txt", b"  \n\n"), "no_questions", "is empty"),
        (
            write(
                "no-questions.txt",
                b"Minutes of the meeting\n\nMembers discussed the budget.\n",
            ),
            "no_questions",
            "No numbered questions were found",
        ),
        (
            write(
                "old.doc",
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
            ),
            "unsupported",
            "old-style Word (.doc)",
        ),
        (
            write("locked.docx", &encrypted),
            "unsupported",
            "password-protected",
        ),
        (
            write("not-zip.docx", b"Key Lines of Enquiry"),
            "damaged_document",
            "not a zip package",
        ),
        (
            zip_of("no-document.docx", &[("word/styles.xml", b"<w:styles/>")]),
            "damaged_document",
            "has no word/document.xml",
        ),
        (
            zip_of(
                "malformed.docx",
                &[("word/document.xml", b"<w:document><w:body><w:p></w:body>")],
            ),
            "damaged_document",
            "not well-formed XML",
        ),
        (
            zip_of(
                "doctype.docx",
                &[(
                    "word/document.xml",
                    b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><w:document/>",
                )],
            ),
            "hostile_document",
            "declares a DOCTYPE",
        ),
        (
            zip_of("bomb.docx", &[("word/document.xml", &bomb)]),
            "too_large",
            "zip bomb",
        ),
        (
            zip_of("many.docx", &many_refs),
            "too_large",
            "more than the 5000",
        ),
        (
            zip_of("deep.docx", &[("word/document.xml", deep.as_bytes())]),
            "hostile_document",
            "nests elements more than 256 deep",
        ),
        (
            write("big.txt", &big_text),
            "too_large",
            "can be imported up to 20 MB",
        ),
        (
            write("long.txt", &long_paragraph),
            "too_large",
            "a paragraph longer than",
        ),
        (
            write("broken.pdf", b"%PDF-1.7\n%..."),
            "damaged_document",
            "is a PDF that cannot be read",
        ),
        (
            write("sheet.xlsx.csv", b"a,b,c"),
            "unsupported",
            ".csv files cannot be imported",
        ),
    ];
    let mut messages = Vec::new();
    for (path, code, expected) in &cases {
        let line = wb.refused_with(&["import", path.to_str().unwrap()], code);
        assert!(line.contains(expected), "{}: {line}", path.display());
        assert!(
            !messages.contains(&line),
            "each bad input has its own message: {line}"
        );
        messages.push(line);
    }
}

#[test]
fn word_export_then_import_gives_the_same_review() {
    let wb = WorkbookFile::new();
    let sample = wb.sample();
    let docx = wb.dir().join("sample.docx");
    wb.ok(&["export", &sample, "-o", docx.to_str().unwrap()]);
    let back = import(&wb, &docx, &["--approved"]);
    let (a, b) = (show(&wb, &sample), show(&wb, &back));
    assert_same(&comparable(&a), &comparable(&b), "the sample through Word");
    assert_eq!(a["appendices"][0]["title"], b["appendices"][0]["title"]);

    // A review in progress: rich text, owed answers (exported as "Response
    // awaited"), a joint answer, context that is not "Members are …".
    let next = last_word(&wb.ok(&["next-year", &sample]));
    wb.ok(&[
        "respond",
        &next,
        "1",
        "BDC",
        "--text",
        "**£26,000** in *total*:\n- grant\n- council funds",
    ]);
    wb.ok(&["respond", &next, "11", "PCC", "--text", "A joint answer."]);
    wb.ok(&[
        "question",
        "edit",
        &next,
        "2",
        "--context",
        "The spend profile was late last year.",
        "--note",
        "Figures to follow.",
    ]);
    let docx = wb.dir().join("next.docx");
    wb.ok(&["export", &next, "-o", docx.to_str().unwrap()]);
    let back = import(&wb, &docx, &[]);
    let (mut a, mut b) = (comparable(&show(&wb, &next)), comparable(&show(&wb, &back)));
    // Statuses come from the import rules (drafts arrive as submitted).
    for v in [&mut a, &mut b] {
        for s in v["sections"].as_array_mut().unwrap() {
            for q in s["questions"].as_array_mut().unwrap() {
                for x in q["assignments"].as_array_mut().unwrap() {
                    let owed = x["response"].as_array().unwrap().is_empty();
                    x["status"] = json!(if owed { "owed" } else { "answered" });
                }
            }
        }
    }
    assert_same(&a, &b, "a review in progress through Word");
}

#[test]
fn a_two_thousand_question_review_survives_the_round_trip_through_word() {
    let wb = WorkbookFile::new();
    let id = wb
        .store()
        .create_review(&crate::large::large_review(2000), crate::support::AUTHOR)
        .unwrap()
        .to_string();
    let docx = wb.dir().join("large.docx");
    wb.ok(&["export", &id, "-o", docx.to_str().unwrap()]);
    let back = import(&wb, &docx, &[]);
    let (mut a, mut b) = (comparable(&show(&wb, &id)), comparable(&show(&wb, &back)));
    for v in [&mut a, &mut b] {
        for s in v["sections"].as_array_mut().unwrap() {
            for q in s["questions"].as_array_mut().unwrap() {
                for x in q["assignments"].as_array_mut().unwrap() {
                    x["status"] = json!(x["response"].as_array().unwrap().is_empty());
                }
            }
        }
    }
    assert_same(&a, &b, "2,000 questions through Word");
}

/// Imports text and returns the review as JSON, with the import's output.
fn import_text(name: &str, text: &str) -> (Value, String) {
    let wb = WorkbookFile::new();
    let path = wb.dir().join(name);
    std::fs::write(&path, text).unwrap();
    let out = wb.ok(&["import", path.to_str().unwrap()]);
    (show(&wb, &last_word(&out)), out)
}

#[test]
fn answers_that_look_like_headings_lists_or_labels_stay_answers() {
    let (doc, _) = import_text(
        "tricky.txt",
        "Review of the partnership\n\nFUNDING\n\n\
         1. What funding is there?\nBDC Response\nNot applicable\n\n\
         2. Who decides?\nBDC Response\nTBC\n\n\
         3. What are the priorities?\nBDC Response The priorities are:\n1. Anti-social behaviour\n2. Domestic abuse\n\
         Police Response times have fallen to 9 minutes.\n\n\
         4. Is the partnership working?\nPolice response: 14 officers now work with the CSP.\n",
    );
    let titles = section_titles(&doc);
    assert_eq!(titles, ["FUNDING"], "no answer became a heading");
    let qs = crate::support::json_questions(&doc);
    assert_eq!(qs.len(), 4, "the answer's numbered list is not questions");
    assert_eq!(
        qs[0]["assignments"][0]["response"],
        json!(["Not applicable"])
    );
    assert_eq!(qs[1]["assignments"][0]["response"], json!(["TBC"]));
    assert_eq!(
        qs[2]["assignments"][0]["response"],
        json!([
            "The priorities are:",
            "1. Anti-social behaviour",
            "2. Domestic abuse",
            "Police Response times have fallen to 9 minutes."
        ]),
        "a sentence starting 'Police Response times' is not a label"
    );
    assert_eq!(qs[2]["assignments"].as_array().unwrap().len(), 1);
    assert_eq!(qs[3]["assignments"][0]["label"], "Police Response");
    assert_eq!(
        qs[3]["assignments"][0]["response"],
        json!(["14 officers now work with the CSP."])
    );
}

#[test]
fn a_question_that_mentions_a_response_is_a_question_and_nothing_is_dropped() {
    let (doc, out) = import_text(
        "mentions.txt",
        "Review of the partnership\n\nPOLICING\n\nCouncil Response: the council's overview is in the annual report.\n\n\
         5. Police Response Times – how have they changed?\nPolice Response: They are faster.\n",
    );
    let qs = crate::support::json_questions(&doc);
    assert_eq!(qs.len(), 1);
    assert_eq!(
        qs[0]["text"],
        "Police Response Times – how have they changed?"
    );
    assert_eq!(qs[0]["assignments"][0]["label"], "Police Response");
    assert_eq!(
        doc["sections"][0]["lead_in"],
        json!(["Council Response: the council's overview is in the annual report."]),
        "a label before any question keeps its words"
    );
    assert!(
        out.contains("comes before any question of its section"),
        "{out}"
    );
}

#[test]
fn a_long_run_of_context_paragraphs_all_reach_their_question() {
    let mut text = String::from("Review\n\nSECTION\n\n");
    for _ in 0..40_000 {
        text.push_str("Members are aware that resources changed.\n");
    }
    text.push_str("1. What changed?\nBDC Response It did.\n");
    let (doc, _) = import_text("context.txt", &text);
    assert_eq!(
        crate::support::json_questions(&doc)[0]["context"]
            .as_array()
            .unwrap()
            .len(),
        40_000
    );
}

#[test]
fn lines_ending_in_a_carriage_return_alone_are_lines() {
    let (doc, _) = import_text(
        "mac.txt",
        "Review\r\rFUNDING\r\r1. What funding?\rBDC Response £25,000.\r",
    );
    let qs = crate::support::json_questions(&doc);
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0]["assignments"][0]["response"], json!(["£25,000."]));
}

#[test]
fn a_heading_after_an_answer_still_owed_is_a_heading() {
    // Answers share their label's line here, so a label alone is owed.
    let (doc, _) = import_text(
        "owed.txt",
        "Review\n\nFunding\n\n1. What funding?\nBDC Response £25,000.\n\n2. Who decides?\nBDC Response\n\n\
         Policing\n\n3. How many officers?\nPolice Response Fourteen.\n",
    );
    let titles = section_titles(&doc);
    assert_eq!(titles, ["Funding", "Policing"]);
    let qs = crate::support::json_questions(&doc);
    assert_eq!(qs[1]["assignments"][0]["status"], "not_started");
    assert_eq!(qs[1]["assignments"][0]["response"], json!([]));
}

/// Every doubt about a part of the document names the paragraph it is
/// about (a line, a Word paragraph, a PDF's page), which the dry run's
/// `--explain` and the app's preview show with it; only doubts about the
/// whole document name none.
#[test]
fn every_doubt_about_a_paragraph_names_it() {
    const WHOLE: [&str; 4] = [
        "this is a PDF",
        "repeated at the top or foot of the PDF's pages",
        "no title found",
        "no answers or response labels were found",
    ];
    let mut named = 0;
    for path in fixtures() {
        let reading = read_doc(&path);
        for w in &reading.warnings {
            match w.line {
                Some(line) => {
                    assert!(
                        reading.placed.iter().any(|p| p.line == line),
                        "{}: {} names {} {line}, where no paragraph starts",
                        path.display(),
                        w.message,
                        reading.format.unit()
                    );
                    named += 1;
                }
                None => assert!(
                    WHOLE.iter().any(|m| w.message.contains(m)),
                    "{}: no paragraph named for: {}",
                    path.display(),
                    w.message
                ),
            }
        }
    }
    assert!(named > 20, "{named} doubts named their paragraph");

    // In a PDF each paragraph has a place of its own, shown as its page.
    let reading = read_doc(&fixture_path("pdf/two-columns.pdf"));
    let doubt = doubt_saying(&reading, "names a person");
    let about = reading
        .placed
        .iter()
        .find(|p| Some(p.line) == doubt.line)
        .unwrap();
    assert!(
        about.text.starts_with("Response by Councillor Jane Smith"),
        "{about:?}"
    );
    assert_eq!(about.place, "page 1");

    // The dry run's explanation prints each such doubt under its paragraph.
    let wb = WorkbookFile::new();
    let file = fixture_path("import/word-constructs.docx");
    let out = wb.ok(&["import", file.to_str().unwrap(), "--dry-run", "--explain"]);
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| {
            l.trim_start()
                .starts_with("doubt: the document has tracked changes")
        })
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        lines[at - 1].contains("The bus visits five estates a week"),
        "the changed paragraph, then its doubt:\n{out}"
    );
}
