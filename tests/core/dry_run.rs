//! A clean dry run means the import succeeds: the dry run makes every
//! check the import makes, and a refusal names the question and the line,
//! leaves no backup behind and changes nothing.

use kloe::store::backup::backups_of;

use crate::support::WorkbookFile;

#[test]
fn a_second_answer_from_one_partner_is_refused_by_the_dry_run_and_the_import_alike() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let twice = wb.dir().join("twice.txt");
    std::fs::write(
        &twice,
        "1. Is it safe?\nBDC Response\nYes.\nBDC Response\nAgain.\n2. Second?\nBDC Response\nNo.\n",
    )
    .unwrap();
    // Named differently, but the same partner once matched to the workbook's.
    let alias = wb.dir().join("alias.md");
    std::fs::write(
        &alias,
        "# Funding\n\n1. Is it safe?\n\nBDC Response\n\nYes.\n\nBolsover District Council Response\n\nAgain.\n",
    )
    .unwrap();
    let before = wb.dump();
    let t = twice.to_str().unwrap();
    let a = alias.to_str().unwrap();
    for args in [
        vec!["import", t, "--dry-run"],
        vec!["import", t],
        vec!["import", t, "--into", &id, "--dry-run"],
        vec!["import", t, "--into", &id],
    ] {
        let err = wb.refused_with(&args, "repeated_answer");
        assert!(
            err.contains("question 1 has a second answer from BDC")
                && err.contains("line 4; the first is at line 2"),
            "it names the question, the partner and both lines: {err}"
        );
    }
    for args in [vec!["import", a, "--dry-run"], vec!["import", a]] {
        let err = wb.refused_with(&args, "repeated_answer");
        assert!(
            err.contains("alias.md cannot be imported: question 1 has two answers from Bolsover District Council"),
            "it names the file, the question and the partner: {err}"
        );
    }
    assert_eq!(wb.dump(), before);
    assert!(
        backups_of(&wb.path).unwrap().is_empty(),
        "a refused import leaves no backup"
    );

    // Without a workbook the dry run still checks everything.
    let none = WorkbookFile::new();
    let err = none.fails(&["import", t, "--dry-run"]);
    assert!(
        err.contains("question 1 has a second answer from BDC"),
        "{err}"
    );
    assert!(!none.path.exists(), "a dry run leaves no workbook behind");
}
