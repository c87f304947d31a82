//! The committee document, checked by real readers: the ISO/IEC 29500
//! schemas, pandoc and LibreOffice.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{AUTHOR, SAMPLE_SECTIONS, WorkbookFile, fixture_path};

/// Whether an outside program is installed. CI installs them all, so there
/// a missing one is a failure; elsewhere the check is skipped, saying so.
pub fn have(tool: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var_os("CI").is_none(), "{tool} is missing on CI");
        eprintln!("skipped: {tool} is not installed");
    }
    found
}

fn export(wb: &WorkbookFile, id: &str, name: &str, extra: &[&str]) -> PathBuf {
    let path = wb.dir().join(name);
    let mut args = vec!["export", id, "-o", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    wb.ok(&args);
    path
}

fn part(docx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
    s
}

fn part_names(docx: &Path) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    zip.file_names().map(|n| n.unwrap().to_string()).collect()
}

/// Validates against the ISO/IEC 29500 schemas.
fn assert_schema_valid(docx: &Path) {
    crate::support::check_docx(docx);
}

/// Converts with LibreOffice; returns the PDF's text and its outline
/// (the headings LibreOffice found).
fn libreoffice(docx: &Path) -> Option<(String, Vec<String>)> {
    if !have("soffice") || !have("pdftotext") || !have("pdftohtml") {
        return None;
    }
    let dir = docx.parent().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx)
        .output()
        .unwrap();
    let pdf = docx.with_extension("pdf");
    assert!(
        pdf.exists(),
        "LibreOffice made no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap()
        .stdout;
    let xml = Command::new("pdftohtml")
        .args(["-xml", "-stdout", "-i"])
        .arg(&pdf)
        .output()
        .unwrap()
        .stdout;
    let xml = String::from_utf8_lossy(&xml);
    let outline = xml
        .split("<item ")
        .skip(1)
        .filter_map(|s| s.split_once('>').map(|(_, rest)| rest))
        .filter_map(|s| {
            s.split_once("</item>")
                .map(|(t, _)| t.replace("&amp;", "&"))
        })
        .collect();
    Some((String::from_utf8_lossy(&text).into_owned(), outline))
}

/// Asserts that `needles` occur in `hay` in this order.
fn assert_in_order(hay: &str, needles: &[String]) {
    let mut from = 0;
    for n in needles {
        match hay[from..].find(n.as_str()) {
            Some(i) => from += i + n.len(),
            None => panic!("{n:?} is missing or out of order"),
        }
    }
}

/// Words only, so that line wrapping does not matter.
fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_sample_in_word_is_valid_and_reads_back_in_order() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let docx = export(&wb, &id, "sample.docx", &[]);
    assert_schema_valid(&docx);

    let mut store = wb.store();
    let doc = store.load(id.parse().unwrap()).unwrap();
    let mut expected = vec![words(&doc.intro[0].plain_text())];
    for s in &doc.sections {
        expected.push(s.title.clone());
        for q in &s.questions {
            for c in &q.context {
                expected.push(words(&c.plain_text()));
            }
            expected.push(format!("{}. {}", q.number, words(&q.text)));
            for a in &q.assignments {
                expected.push(a.label.clone());
                expected.extend(a.response.iter().map(|p| words(&p.plain_text())));
            }
        }
    }
    if have("pandoc") {
        let out = Command::new("pandoc")
            .args(["-f", "docx", "-t", "plain", "--wrap=none"])
            .arg(&docx)
            .output()
            .unwrap();
        let text = words(&String::from_utf8_lossy(&out.stdout));
        assert_in_order(&text, &expected);
    }

    let styles = part(&docx, "word/styles.xml");
    assert!(
        styles.contains("<w:name w:val=\"heading 1\"/>"),
        "a real built-in heading"
    );
    assert!(styles.contains("<w:outlineLvl w:val=\"0\"/>"));
    assert!(styles.contains("w:ascii=\"Arial\"") && styles.contains("<w:sz w:val=\"24\"/>"));
    assert!(styles.contains("<w:lang w:val=\"en-GB\""));
    let settings = part(&docx, "word/settings.xml");
    assert!(settings.contains("w:name=\"compatibilityMode\"") && settings.contains("w:val=\"15\""));
    let core = part(&docx, "docProps/core.xml");
    assert!(core.contains(&format!("<dc:title>{}</dc:title>", doc.title)));
    assert!(core.contains("<dc:language>en-GB</dc:language>"));
    assert!(core.contains("<dc:creator>Bolsover Community Safety Partnership</dc:creator>"));
    assert!(core.contains("dcterms:created") && core.contains("dcterms:modified"));
    let names = part_names(&docx);
    for p in [
        "word/numbering.xml",
        "word/fontTable.xml",
        "word/settings.xml",
    ] {
        assert!(names.iter().any(|n| n == p), "{p} is in the package");
    }
    let document = part(&docx, "word/document.xml");
    assert!(
        document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"),
        "A4"
    );
    assert!(
        document.contains("w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\""),
        "2.54 cm"
    );
    assert!(
        !names.iter().any(|n| n.contains("header")),
        "all approved: no DRAFT header"
    );
}

#[test]
fn the_sample_in_libreoffice_has_its_headings_numbers_and_page_numbers() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let docx = export(&wb, &id, "sample.docx", &[]);
    let Some((text, outline)) = libreoffice(&docx) else {
        return;
    };
    let mut headings: Vec<String> = SAMPLE_SECTIONS.iter().map(|s| s.to_string()).collect();
    headings.push("Appendices".into());
    assert_eq!(outline, headings);
    let text = words(&text);
    let numbers: Vec<String> = (1..=16).map(|n| format!("{n}. ")).collect();
    assert_in_order(&text, &numbers);
    assert_in_order(
        &text,
        &[
            "1. What funding is expected".into(),
            "16. Is there anything that the Scrutiny Committee".into(),
        ],
    );
    assert!(
        text.contains("Page 1 of "),
        "footer page numbers: {}",
        &text[..200.min(text.len())]
    );
}

#[test]
fn word_output_is_the_same_for_the_same_review_and_clock() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let a = std::fs::read(export(&wb, &id, "a.docx", &[])).unwrap();
    let b = std::fs::read(export(&wb, &id, "b.docx", &[])).unwrap();
    assert_eq!(a, b);

    // The snapshot of the sample's document part: update it deliberately
    // with UPDATE_SNAPSHOTS=1 after a change to the layout.
    let xml = part(&wb.dir().join("a.docx"), "word/document.xml");
    let snapshot = fixture_path("snapshots/sample-document.xml");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
        std::fs::write(&snapshot, &xml).unwrap();
    }
    let expected =
        std::fs::read_to_string(&snapshot).expect("snapshot exists (UPDATE_SNAPSHOTS=1 writes it)");
    assert!(
        xml == expected,
        "word/document.xml differs from {}",
        snapshot.display()
    );
}

#[test]
fn options_choose_what_the_committee_sees() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let next = crate::support::last_word(&wb.ok(&["next-year", &id]));
    wb.ok(&[
        "respond",
        &next,
        "1",
        "BDC",
        "--text",
        "£26,000 this year.",
        "--status",
        "approved",
    ]);
    wb.ok(&[
        "respond",
        &next,
        "2",
        "BDC",
        "--text",
        "Spend profile <draft> & notes",
        "--status",
        "submitted",
    ]);
    wb.ok(&["set-status", &next, "3", "BDC", "not_required"]);

    let draft = export(&wb, &next, "draft.docx", &[]);
    assert_schema_valid(&draft);
    let names = part_names(&draft);
    let header = names
        .iter()
        .find(|n| n.contains("header"))
        .expect("a DRAFT header");
    assert!(part(&draft, header).contains(">DRAFT<"));
    let body = part(&draft, "word/document.xml");
    assert!(body.contains("£26,000 this year."));
    assert!(
        body.contains("Spend profile &lt;draft&gt; &amp; notes"),
        "text is escaped"
    );
    assert!(body.contains(">Response awaited<"));
    assert_eq!(
        body.matches("BDC Response").count(),
        13,
        "the sample's 14, less Q3, which is not required"
    );

    let only = export(
        &wb,
        &next,
        "only.docx",
        &["--only-approved", "--placeholder", "To follow"],
    );
    let body = part(&only, "word/document.xml");
    assert!(
        !body.contains("Spend profile"),
        "not approved, so not shown"
    );
    assert!(body.contains(">To follow<"));

    let omit = export(
        &wb,
        &next,
        "omit.docx",
        &["--only-approved", "--omit-missing", "--final"],
    );
    let body = part(&omit, "word/document.xml");
    assert_eq!(
        body.matches("Response</w:t>").count(),
        1,
        "only the approved answer's label"
    );
    assert!(
        !part_names(&omit).iter().any(|n| n.contains("header")),
        "--final: no DRAFT"
    );
}

#[test]
fn markdown_and_html_escape_the_reviews_text() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let next = crate::support::last_word(&wb.ok(&["next-year", &id]));
    let hostile = "<script>alert(1)</script> *not emphasis* [link](http://example.com) # hash";
    wb.ok(&[
        "respond",
        &next,
        "1",
        "BDC",
        "--text",
        &format!("**Bold** and {}", hostile.replace('*', "\\*")),
    ]);

    let html = std::fs::read_to_string(export(&wb, &next, "r.html", &[])).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script"), "no scripts");
    assert!(
        !html.contains("src=") && !html.contains("<link"),
        "no remote resources"
    );
    assert!(html.contains("<strong>Bold</strong>"));
    assert!(html.contains("<p class=\"draft\">DRAFT</p>"));
    assert!(html.contains("lang=\"en-GB\""));

    let md = std::fs::read_to_string(export(&wb, &next, "r.md", &[])).unwrap();
    assert!(md.contains("**Bold** and \\<script\\>alert(1)\\</script\\> \\*not emphasis\\* \\[link\\](http://example.com) # hash"));
    assert!(md.contains("1. **What funding is expected"));
    assert!(md.contains("16. **Is there anything"));
    assert!(md.contains("*Response awaited*"));

    if have("pandoc") {
        // A real Markdown reader sees the same words and no markup from the text.
        let out = Command::new("pandoc")
            .args(["-f", "markdown", "-t", "plain", "--wrap=none"])
            .arg(wb.dir().join("r.md"))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(
                "<script>alert(1)</script> *not emphasis* [link](http://example.com) # hash"
            ),
            "{text}"
        );
    }
}

#[test]
fn a_failed_export_leaves_no_partial_file_and_the_old_one_untouched() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let target = wb.dir().join("committee.docx");
    std::fs::write(&target, b"last week's document").unwrap();
    let bad_template = wb.dir().join("template.docx");
    std::fs::write(&bad_template, b"not a word document").unwrap();

    let line = wb.refused_with(
        &[
            "export",
            &id,
            "-o",
            target.to_str().unwrap(),
            "--template",
            bad_template.to_str().unwrap(),
        ],
        "bad_template",
    );
    assert!(line.contains("is not a Word (.docx) document"), "{line}");
    assert_eq!(std::fs::read(&target).unwrap(), b"last week's document");

    let missing = wb.dir().join("no such folder/out.docx");
    wb.refused_with(
        &["export", &id, "-o", missing.to_str().unwrap()],
        "no_such_folder",
    );
    let folder = wb.dir().to_str().unwrap();
    wb.refused_with(
        &["export", &id, "-o", folder, "--format", "docx"],
        "not_a_file",
    );
    let pdf = wb.dir().join("out.pdf");
    let line = wb.refused_with(&["export", &id, "-o", pdf.to_str().unwrap()], "usage");
    assert!(line.contains("--format"), "it says what to give: {line}");

    wb.ok(&["export", &id, "-o", target.to_str().unwrap()]);
    assert!(
        std::fs::read(&target).unwrap().starts_with(b"PK"),
        "replaced whole"
    );
    let leftovers: Vec<_> = std::fs::read_dir(wb.dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary files left: {leftovers:?}"
    );
}

/// A council template made the way Word lays one out: its own heading
/// style and font, a header with the council's logo, a footer, a theme.
pub(crate) fn council_template(path: &Path) {
    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R', 0,
        0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 0x0D, b'I', b'D',
        b'A', b'T', 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0, 0x05, 0x00, 0x01, 0xFF,
        0x89, 0x99, 0x3D, 0x1D, 0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82,
    ];
    let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
    let drawing = "<w:drawing><wp:inline xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"><wp:extent cx=\"914400\" cy=\"914400\"/><wp:docPr id=\"1\" name=\"Council logo\" descr=\"Council logo\"/><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:nvPicPr><pic:cNvPr id=\"1\" name=\"logo.png\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rIdLogo\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"914400\" cy=\"914400\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>";
    let files: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".into()),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".into()),
        ("word/_rels/document.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/><Relationship Id=\"rId8\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/><Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/></Relationships>".into()),
        ("word/document.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document {w}><w:body><w:p><w:r><w:t>Template</w:t></w:r></w:p><w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId7\"/><w:footerReference w:type=\"default\" r:id=\"rId8\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>")),
        ("word/styles.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles {w}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Verdana\" w:hAnsi=\"Verdana\" w:cs=\"Verdana\"/><w:sz w:val=\"22\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:numPr><w:numId w:val=\"1\"/></w:numPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:color w:val=\"00703C\"/><w:sz w:val=\"32\"/></w:rPr></w:style></w:styles>")),
        ("word/numbering.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:numbering {w}><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperLetter\"/><w:lvlText w:val=\"%1.\"/><w:lvlJc w:val=\"left\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>")),
        ("word/header1.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:hdr {w}><w:p><w:r>{drawing}</w:r><w:r><w:t xml:space=\"preserve\"> Example District Council</w:t></w:r></w:p></w:hdr>")),
        ("word/_rels/header1.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdLogo\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/logo.png\"/></Relationships>".into()),
        ("word/footer1.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:ftr {w}><w:p><w:r><w:t>OFFICIAL – Example District Council</w:t></w:r></w:p></w:ftr>")),
    ];
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    for (name, text) in files {
        zip.start_file(name, opts).unwrap();
        std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
    }
    zip.start_file("word/media/logo.png", opts).unwrap();
    std::io::Write::write_all(&mut zip, PNG).unwrap();
    zip.finish().unwrap();
}

#[test]
fn a_council_template_lends_its_styles_header_footer_and_logo() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let next = crate::support::last_word(&wb.ok(&["next-year", &id]));
    let template = wb.dir().join("council.docx");
    council_template(&template);
    let docx = export(
        &wb,
        &next,
        "templated.docx",
        &["--template", template.to_str().unwrap()],
    );
    assert_schema_valid(&docx);

    let styles = part(&docx, "word/styles.xml");
    assert!(
        styles.contains("Verdana") && styles.contains("00703C"),
        "the council's look"
    );
    assert_eq!(
        styles.matches("w:styleId=\"Heading1\"").count(),
        1,
        "theirs, not ours as well"
    );
    assert!(
        styles.contains("w:styleId=\"KloeQuestion\""),
        "our styles fill the gaps"
    );
    let numbering = part(&docx, "word/numbering.xml");
    assert!(
        numbering.contains("upperLetter") && numbering.contains("w:numId=\"9101\""),
        "both lists kept"
    );
    let first_num = numbering.find("<w:num ").unwrap();
    assert!(
        numbering.rfind("<w:abstractNum ").unwrap() < first_num,
        "schema order kept"
    );

    let names = part_names(&docx);
    assert!(names.contains(&"word/media/logo.png".to_string()));
    let header = part(&docx, "word/header1.xml");
    assert!(
        header.contains("Example District Council") && header.contains(">DRAFT<"),
        "logo header, marked draft"
    );
    assert!(part(&docx, "word/_rels/header1.xml.rels").contains("media/logo.png"));
    assert!(part(&docx, "[Content_Types].xml").contains("Extension=\"png\""));
    let document = part(&docx, "word/document.xml");
    assert!(document.contains("w:top=\"1134\""), "the council's margins");
    assert!(document.contains("<w:headerReference w:type=\"default\""));
    assert!(document.contains("What funding is expected"), "our content");

    if let Some((text, outline)) = libreoffice(&docx) {
        assert!(
            text.contains("OFFICIAL – Example District Council"),
            "their footer"
        );
        assert_eq!(outline.len(), 7);
    }
}

#[test]
fn a_two_thousand_question_review_exports_valid_and_numbered() {
    let wb = WorkbookFile::new();
    let id = wb
        .store()
        .create_review(&crate::large::large_review(2000), AUTHOR)
        .unwrap()
        .to_string();
    let docx = export(&wb, &id, "large.docx", &[]);
    assert_schema_valid(&docx);
    let document = part(&docx, "word/document.xml");
    assert_eq!(document.matches("<w:numId w:val=\"9101\"/>").count(), 2000);
    if let Some((text, outline)) = libreoffice(&docx) {
        assert_eq!(outline.len(), 20);
        let text = words(&text);
        assert!(text.contains("Page 1 of "));
        assert_in_order(
            &text,
            &[
                "1. Question 1 about".into(),
                "1000. Question 1000 about".into(),
                "2000. Question 2000 about".into(),
            ],
        );
    }
}

#[test]
fn line_breaks_become_word_breaks_and_forbidden_characters_go() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    let mut store = wb.store();
    let rid = id.parse().unwrap();
    let q = store.question_by_number(rid, 1).unwrap();
    let bdc = store.find_partner(rid, "BDC").unwrap();
    let a = store.find_assignment(q, bdc.id).unwrap();
    let pasted = kloe::text::Paragraph::plain(
        "First line\nsecond line\u{b} after a vertical tab\u{0}\ttabbed",
    );
    store.save_response(a, &[pasted], AUTHOR).unwrap();
    drop(store);

    let docx = export(&wb, &id, "breaks.docx", &[]);
    assert_schema_valid(&docx);
    let body = part(&docx, "word/document.xml");
    assert!(body.contains(
        "First line</w:t><w:br/><w:t xml:space=\"preserve\">second line after a vertical tab</w:t><w:tab/><w:t xml:space=\"preserve\">tabbed"
    ));
    assert!(!body.contains('\u{b}') && !body.contains('\u{0}'));
}

#[test]
fn the_preview_is_the_web_page_export_whatever_format_is_chosen() {
    let mut s = crate::support::store();
    let id = crate::support::small_review(&mut s);
    let mut opts = kloe::formats::export::ExportOptions::new(kloe::formats::export::Format::Docx);
    let html = s.preview_html(id, &opts).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"),
        "{}",
        &html[..40]
    );
    assert!(html.contains("Annual Scrutiny Review 2026/27"));
    assert!(html.contains("Response awaited"));
    opts.placeholder = None;
    assert!(
        !s.preview_html(id, &opts)
            .unwrap()
            .contains("Response awaited")
    );
}

/// The committee document gains the recommendations with the partners'
/// responses; the monitoring schedule lists each response with its
/// decision, lead, target and status, its colour never without its words.
#[test]
fn recommendations_go_in_the_committee_document_and_the_monitoring_schedule() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    wb.recommend(&id, "Publish a plan for Shirebrook.", &["Police"]);
    wb.recommend(
        &id,
        "Report joint patrols | each quarter.",
        &["BDC", "Police"],
    );
    wb.rec_respond(
        &id,
        "1",
        "Police",
        "accepted",
        "A plan will be published in June.",
        &[
            "--lead",
            "Chief Inspector Jones",
            "--target",
            "2019-06-30",
            "--status",
            "approved",
        ],
    );
    wb.rec_update(&id, "1", "at-risk", "Consultation delayed.", "2019-05-01");
    let dir = wb.dir();
    let md = dir.join("committee.md");
    wb.ok(&["export", &id, "-o", md.to_str().unwrap()]);
    let md = std::fs::read_to_string(md).unwrap();
    let recs = &md[md
        .find("## Recommendations and responses")
        .expect("the section")..];
    assert_in_order(
        recs,
        &[
            "**CSP (18/19) 01** Publish a plan for Shirebrook.".into(),
            "**Derbyshire Police Response: Accepted**".into(),
            "A plan will be published in June.".into(),
            "*Lead officer: Chief Inspector Jones. Target date: 30 June 2019.*".into(),
            "**CSP (18/19) 02**".into(),
            "**Bolsover District Council/ Derbyshire Police Response**".into(),
            "*Response awaited*".into(),
        ],
    );
    assert!(
        md.starts_with("**DRAFT**"),
        "a response still owed makes a draft"
    );

    let docx = dir.join("committee.docx");
    wb.ok(&["export", &id, "-o", docx.to_str().unwrap()]);
    assert_schema_valid(&docx);
    if let Some((text, outline)) = libreoffice(&docx) {
        assert!(
            outline.contains(&"Recommendations and responses".to_string()),
            "{outline:?}"
        );
        assert_in_order(
            &words(&text),
            &[
                words("CSP (18/19) 01 Publish a plan for Shirebrook."),
                words("Derbyshire Police Response: Accepted"),
            ],
        );
    }

    // The schedule, in each format.
    let md = dir.join("schedule.md");
    wb.ok(&["export", &id, "--schedule", "-o", md.to_str().unwrap()]);
    let md = std::fs::read_to_string(md).unwrap();
    assert!(md.contains("| Ref | Recommendation | Response from | Decision | Lead officer | Target date | Status | Latest update |"), "{md}");
    assert!(md.contains("| CSP (18/19) 01 | Publish a plan for Shirebrook. | Derbyshire Police | Accepted | Chief Inspector Jones | 30 Jun 2019 | At risk | 1 May 2019: Consultation delayed. |"), "{md}");
    assert!(md.contains("| CSP (18/19) 02 | Report joint patrols \\| each quarter. | Bolsover District Council/ Derbyshire Police (jointly) | Response awaited |  |  | No update yet |  |"), "{md}");
    assert!(!md.contains("DRAFT"));

    let html = dir.join("schedule.html");
    wb.ok(&["export", &id, "--schedule", "-o", html.to_str().unwrap()]);
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.contains("<td class=\"amber\">At risk</td>"), "{html}");
    assert!(
        html.contains("<td class=\"grey\">No update yet</td>"),
        "{html}"
    );

    let docx = dir.join("schedule.docx");
    wb.ok(&["export", &id, "--schedule", "-o", docx.to_str().unwrap()]);
    assert_schema_valid(&docx);
    let xml = part(&docx, "word/document.xml");
    assert!(xml.contains("w:orient=\"landscape\""), "landscape");
    assert!(
        xml.contains("<w:tblHeader/>"),
        "its heading row repeats on each page"
    );
    assert!(xml.contains("w:fill=\"FFEB9C\""), "amber for at risk");
    if let Some((text, _)) = libreoffice(&docx) {
        assert_in_order(
            &words(&text),
            &[
                words("CSP (18/19) 01"),
                words("Chief Inspector Jones"),
                words("At risk"),
            ],
        );
    }
}
