//! The limits not already met in the import tests: each with an input
//! just over it, a clear message, and nothing changed.

use std::io::Write;

use kloe::formats::import::limits;
use kloe::formats::pack::{MAX_PACK_BYTES, MAX_PACK_ENTRIES, MAX_PACK_PART_BYTES, read_pack};

use crate::support::{WorkbookFile, zip_of};

/// A zip whose one entry inflates to `size` bytes of one repeated byte.
fn deflated(name: &str, size: u64, fill: u8) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(size > u32::MAX as u64);
    zip.start_file(name, options).unwrap();
    let chunk = vec![fill; 1 << 20];
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        zip.write_all(&chunk[..n]).unwrap();
        left -= n as u64;
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_word_file_just_over_the_size_limit_is_refused() {
    let wb = WorkbookFile::new();
    wb.sample();
    let file = wb.dir().join("huge.docx");
    let mut bytes = zip_of(&[("word/document.xml", b"<w:document/>")]);
    bytes.resize(limits::MAX_DOCX_BYTES as usize + 1, 0);
    std::fs::write(&file, bytes).unwrap();
    let err = wb.refused_with(&["import", file.to_str().unwrap()], "too_large");
    assert!(err.contains("50 MB"), "the message gives the limit: {err}");
}

#[test]
fn a_document_with_one_paragraph_too_many_is_refused() {
    let wb = WorkbookFile::new();
    wb.sample();
    let mut xml = String::from(
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>",
    );
    for _ in 0..=limits::MAX_PARAGRAPHS {
        xml.push_str("<w:p><w:r><w:t>a</w:t></w:r></w:p>");
    }
    xml.push_str("</w:body></w:document>");
    let file = wb.dir().join("many-paragraphs.docx");
    std::fs::write(&file, zip_of(&[("word/document.xml", xml.as_bytes())])).unwrap();
    let err = wb.refused_with(&["import", file.to_str().unwrap()], "too_large");
    assert!(err.contains("200000"), "the message gives the limit: {err}");
}

#[test]
fn a_pack_just_over_its_limits_is_refused() {
    // The file itself.
    let mut big = zip_of(&[("manifest.json", b"{}")]);
    big.resize(MAX_PACK_BYTES as usize + 1, 0);
    let err = read_pack(&big).unwrap_err();
    assert_eq!(err.code(), "not_a_pack", "{err}");
    assert!(
        err.to_string().contains("20 MB"),
        "the message gives the limit: {err}"
    );

    // One entry too many.
    let names: Vec<String> = (0..=MAX_PACK_ENTRIES)
        .map(|i| format!("extra-{i}.json"))
        .collect();
    let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"{}"[..])).collect();
    let err = read_pack(&zip_of(&files)).unwrap_err();
    assert_eq!(err.code(), "not_a_pack", "{err}");

    // A part that inflates past its limit (a zip bomb).
    let bomb = deflated("content.json", MAX_PACK_PART_BYTES + 1, b' ');
    assert!((bomb.len() as u64) < MAX_PACK_BYTES, "small on disk");
    let err = read_pack(&bomb).unwrap_err();
    assert_eq!(err.code(), "not_a_pack", "{err}");
    assert!(
        err.to_string().contains("64 MB"),
        "the message gives the limit: {err}"
    );

    // And through the command line: refused, nothing changed.
    let wb = WorkbookFile::new();
    wb.sample();
    let file = wb.dir().join("bomb.kloeresponse");
    std::fs::write(&file, &bomb).unwrap();
    wb.refused_with(&["pack", "import", file.to_str().unwrap()], "not_a_pack");
}

#[test]
fn an_appendix_file_just_over_the_limit_is_refused() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let file = wb.dir().join("huge.pdf");
    let f = std::fs::File::create(&file).unwrap();
    // Sparse: just over the limit on paper, nothing much on disk.
    f.set_len(kloe::store::MAX_APPENDIX_BYTES + 1).unwrap();
    let err = wb.refused_with(
        &[
            "appendix",
            "add",
            &id,
            "Appendix 9",
            "--file",
            file.to_str().unwrap(),
        ],
        "too_large",
    );
    assert!(err.contains("50 MB"), "the message gives the limit: {err}");
}

#[test]
fn a_partner_name_past_its_limit_or_an_empty_answerer_is_refused() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let long = "B".repeat(kloe::store::MAX_NAME_CHARS + 1);
    let err = wb.refused_with(&["partner", "add", &id, &long, "--short", "B"], "too_large");
    assert!(
        err.contains("at most 200"),
        "the message gives the limit: {err}"
    );
    let paper = crate::support::fixture_path("import/officers-answers.txt");
    let paper = paper.to_str().unwrap();
    wb.refused_with(&["import", paper, "--answered-by", &long], "too_large");
    wb.refused_with(&["import", paper, "--answered-by", " "], "required");
}
