//! Names that cannot be confused: a partner's other names are nobody
//! else's names, one rule finds a partner by name everywhere, control
//! characters never get into titles and names nor out to a terminal, and
//! calendar and Markdown text is escaped as their formats say.

use crate::support::WorkbookFile;

#[test]
fn another_name_of_one_partner_cannot_be_a_name_of_another() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    for (args, expect) in [
        (
            vec!["partner", "edit", &id, "Police", "--alias", "bdc"],
            "\"bdc\" is already the name of Bolsover District Council",
        ),
        (
            vec![
                "partner",
                "edit",
                &id,
                "Police",
                "--alias",
                "BOLSOVER DISTRICT COUNCIL",
            ],
            "is already the name of Bolsover District Council",
        ),
        (
            // BDC already answers to "Council": no new partner may be called it.
            vec!["partner", "add", &id, "Council", "--short", "Cncl"],
            "\"Council\" is already another name of Bolsover District Council",
        ),
    ] {
        let err = wb.refused_with(&args, "name_taken");
        assert!(err.contains(expect), "{args:?}: {err}");
    }
    // The same rule finds a partner for assign and for import --into.
    wb.ok(&["assign", &id, "1", "bolsover dc"]);
    let doc = wb.ok(&["show", &id]);
    assert!(doc.contains("BDC Response"), "{doc}");
}

/// One rule says when two names are one name (case and spacing aside), and
/// every place a name is matched uses it: finding a partner, refusing a
/// clashing one, and reading a document's labels.
#[test]
fn names_differing_only_in_case_and_spacing_are_one_name_everywhere() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    wb.ok(&["assign", &id, "1", "  derbyshire   POLICE "]);
    let doc = wb.ok(&["show", &id]);
    assert!(doc.contains("Police Response"), "{doc}");
    wb.refused_with(
        &[
            "partner",
            "add",
            &id,
            "Bolsover  District   council",
            "--short",
            "B2",
        ],
        "name_taken",
    );
    // A label spelt with other spacing and case is the known partner.
    let text = wb.dir().join("spaced.txt");
    std::fs::write(
        &text,
        "1. Is it safe?\nDERBYSHIRE  police Response\nYes.\n2. And now?\nDerbyshire Police Response\nStill.\n",
    )
    .unwrap();
    let out = wb.ok(&["import", text.to_str().unwrap()]);
    let new_id = out.split_whitespace().last().unwrap().to_string();
    let shown: serde_json::Value =
        serde_json::from_str(&wb.ok(&["show", &new_id, "--json"])).unwrap();
    let partners = shown["partners"].as_array().unwrap();
    assert_eq!(partners.len(), 1, "one partner, not two: {partners:?}");
}

#[test]
fn control_characters_are_refused_in_titles_and_names_and_never_printed_raw() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let before = wb.dump();
    let esc = "Title \u{1b}]0;owned\u{7}";
    for args in [
        vec!["new", esc],
        vec!["edit", &id, "--title", esc],
        vec![
            "partner",
            "add",
            &id,
            "Fire \u{1b}[2J Service",
            "--short",
            "Fire",
        ],
        vec!["partner", "edit", &id, "Police", "--alias", "Cops\u{9b}"],
        vec!["section", "add", &id, "Heading\u{8}\u{8}"],
    ] {
        let err = wb.refused_with(&args, "control_character");
        assert!(err.contains("holds a control character"), "{args:?}: {err}");
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{9b}'),
            "{err:?}"
        );
    }
    assert_eq!(wb.dump(), before);

    // A document carrying them imports with them gone.
    let doc = wb.dir().join("controls.txt");
    std::fs::write(
        &doc,
        "Review of \u{1b}[31mthe year\u{c}\n\nFunding\n\n1. Is it\u{7} safe?\nBDC Response\nYes\u{1b}[0m.\n",
    )
    .unwrap();
    let out = wb.ok(&["import", doc.to_str().unwrap()]);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    let review = crate::support::last_word(&out);
    let shown = wb.ok(&["show", &review]);
    assert!(
        !shown.chars().any(|c| c.is_control() && c != '\n'),
        "{shown:?}"
    );

    // Text that got into a workbook another way is still never printed raw.
    let conn = rusqlite::Connection::open(&wb.path).unwrap();
    conn.execute(
        "UPDATE reviews SET title = 'Smuggled \u{1b}]0;owned\u{7} \u{9b}31m title' WHERE id = ?1",
        [review.parse::<i64>().unwrap()],
    )
    .unwrap();
    drop(conn);
    let listed = wb.ok(&["reviews"]);
    assert!(
        listed.contains("Smuggled \\u{1b}]0;owned\\u{7} \\u{9b}31m title"),
        "{listed:?}"
    );
    assert!(
        !listed
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{listed:?}"
    );
}

#[test]
fn calendar_text_is_escaped_and_folded_and_markdown_keeps_its_characters() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    wb.ok(&[
        "partner",
        "edit",
        &id,
        "Police",
        "--name",
        "Police; Crime, and \\ Justice — a very long partner name that runs well past one line",
    ]);
    wb.ok(&["assign", &id, "1", "Police", "--due", "2026-03-01"]);
    let ics = wb.dir().join("police.ics");
    wb.ok(&["chase", &id, "Police", "--ics", ics.to_str().unwrap()]);
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(
        text.contains("Police\\; Crime\\, and \\\\ Justice"),
        "{text}"
    );
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line longer than 75 octets: {line:?}");
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
    }

    wb.ok(&[
        "respond",
        &id,
        "1",
        "BDC",
        "--text",
        "~~struck~~ &amp; ![img](x)",
    ]);
    let md = wb.dir().join("r.md");
    wb.ok(&["export", &id, "--format", "md", "-o", md.to_str().unwrap()]);
    let out = std::fs::read_to_string(&md).unwrap();
    assert!(out.contains(r"\~\~struck\~\~ \&amp; \!\[img\](x)"), "{out}");
}
