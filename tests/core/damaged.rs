//! Damaged documents are refused whole, never half-read; templates are
//! read by a real parser; no option value reaches a panic or a debug dump.

use std::io::{Read, Write};
use std::path::Path;

use crate::support::{WorkbookFile, fixture_path};

/// The entries of a zip, in order.
fn entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

/// The zip at `from` written to `to` with entry `name` changed by `edit`,
/// every entry stored uncompressed.
fn rezip(from: &Path, to: &Path, name: &str, edit: impl Fn(Vec<u8>) -> Vec<u8>) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (n, data) in entries(from) {
        zip.start_file(n.as_str(), opts).unwrap();
        let data = if n == name { edit(data) } else { data };
        zip.write_all(&data).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn a_word_file_cut_short_inside_its_document_is_refused_whole() {
    let wb = WorkbookFile::new();
    wb.sample();
    let cut = wb.dir().join("cut.docx");
    rezip(
        &fixture_path("import/bolsover.docx"),
        &cut,
        "word/document.xml",
        |xml| {
            // Cut after a whole paragraph half-way through the body: every
            // tag complete, the body and the document still open.
            let text = String::from_utf8(xml).unwrap();
            let at = text[..text.len() / 2].rfind("</w:p>").unwrap() + 6;
            text.as_bytes()[..at].to_vec()
        },
    );
    for args in [
        vec!["import", cut.to_str().unwrap(), "--dry-run"],
        vec!["import", cut.to_str().unwrap()],
    ] {
        let err = wb.refused_with(&args, "damaged_document");
        assert!(err.contains("cut short"), "it says what is wrong: {err}");
    }
}

#[test]
fn a_zip_entry_whose_checksum_fails_is_refused() {
    let wb = WorkbookFile::new();
    wb.sample();
    let stored = wb.dir().join("stored.docx");
    rezip(&fixture_path("import/bolsover.docx"), &stored, "", |d| d);
    // Change one letter of the stored document text, leaving its checksum.
    let mut bytes = std::fs::read(&stored).unwrap();
    let at = bytes.windows(8).position(|w| w == b"Response").unwrap();
    bytes[at] = b'r';
    let flipped = wb.dir().join("flipped.docx");
    std::fs::write(&flipped, &bytes).unwrap();
    wb.refused_with(&["import", flipped.to_str().unwrap()], "damaged_document");
}

#[test]
fn a_template_is_read_by_a_parser_and_its_collisions_are_named() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let template = wb.dir().join("council.dotx.docx");
    crate::export::council_template(&template);
    let variant = wb.dir().join("variant.docx");
    let out = wb.dir().join("out.docx");
    let export = |t: &Path| {
        vec![
            "export".to_string(),
            id.clone(),
            "--template".into(),
            t.display().to_string(),
            "-o".into(),
            out.display().to_string(),
        ]
    };
    let run = |args: &[String]| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        wb.refused_with(&args, "bad_template")
    };

    // A DOCTYPE (the way to entity attacks) is refused.
    rezip(&template, &variant, "word/styles.xml", |xml| {
        let text = String::from_utf8(xml).unwrap();
        text.replacen("?>", "?><!DOCTYPE w:styles [<!ENTITY x \"y\">]>", 1)
            .into_bytes()
    });
    let err = run(&export(&variant));
    assert!(err.contains("DOCTYPE"), "{err}");

    // A styles part cut short is refused.
    rezip(&template, &variant, "word/styles.xml", |xml| {
        xml[..xml.len() - 20].to_vec()
    });
    run(&export(&variant));

    // A closing tag inside a comment does not swallow our styles.
    rezip(&template, &variant, "word/styles.xml", |xml| {
        let text = String::from_utf8(xml).unwrap();
        text.replacen(
            "<w:docDefaults>",
            "<!-- old </w:styles> here --><w:docDefaults>",
            1,
        )
        .into_bytes()
    });
    let args = export(&variant);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    wb.ok(&args);
    let styles = String::from_utf8(
        entries(&out)
            .into_iter()
            .find(|(n, _)| n == "word/styles.xml")
            .unwrap()
            .1,
    )
    .unwrap();
    let outside_comment = styles.replace("<!-- old </w:styles> here -->", "");
    assert!(
        outside_comment.contains("w:styleId=\"KloeResponseLabel\""),
        "our styles were lost: {styles}"
    );

    // A footer named as one of the document's own parts.
    rezip(&template, &variant, "word/_rels/document.xml.rels", |xml| {
        String::from_utf8(xml)
            .unwrap()
            .replace("Target=\"footer1.xml\"", "Target=\"settings.xml\"")
            .into_bytes()
    });
    let with_settings = wb.dir().join("with-settings.docx");
    {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&with_settings).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        for (n, data) in entries(&variant) {
            zip.start_file(n.as_str(), opts).unwrap();
            zip.write_all(&data).unwrap();
            if n == "word/footer1.xml" {
                zip.start_file("word/settings.xml", opts).unwrap();
                zip.write_all(&data).unwrap();
            }
        }
        zip.finish().unwrap();
    }
    let err = run(&export(&with_settings));
    assert!(
        err.contains("holds a part named word/settings.xml") && !err.contains("{ .. }"),
        "{err}"
    );
}

#[test]
fn option_values_out_of_range_are_one_line_refusals() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    wb.ok(&["assign", &id, "1", "Police"]);
    for (args, code, expect) in [
        (
            vec!["due", &id, "--clear-days", "10000000"],
            "usage",
            "more than the 60 allowed",
        ),
        (
            vec!["due", &id, "--clear-days", "61"],
            "usage",
            "more than the 60 allowed",
        ),
        (
            vec!["settings", "--clear-days", "100000"],
            "usage",
            "more than the 60 allowed",
        ),
        (
            vec!["assign", &id, "1", "PCC", "--due", "99999-01-01"],
            "usage",
            "is not a date",
        ),
        (
            vec!["assign", &id, "1", "PCC", "--due", "0001-01-01"],
            "usage",
            "between the years 1900 and 2200",
        ),
        (
            vec!["question", "move", &id, "3", "--to", "4294967295"],
            "out_of_range",
            "There is no question 4294967295",
        ),
    ] {
        let err = wb.refused_with(&args, code);
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(!err.contains("panicked") && !err.contains("{ .."), "{err}");
    }
    // The most the settings allow works, from the earliest meeting a review can have.
    wb.ok(&["edit", &id, "--meeting-date", "1900-01-02"]);
    wb.ok(&["due", &id, "--clear-days", "60"]);
}
