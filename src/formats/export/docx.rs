//! The Word document, written part by part as WordprocessingML that the
//! ISO/IEC 29500 transitional schemas accept, and zipped deterministically.
//!
//! Layout choices: sections are built-in `Heading 1`; questions carry Word
//! numbering (one list continuing through the document, so the numbers
//! match the review's 1..N); response labels are bold on their own line;
//! notes are italic. Formatting that carries meaning (bold labels, italic
//! notes, numbering) is set on the paragraph or run itself as well as in
//! the style, so a council template's styles cannot lose it.

use std::io::{Cursor, Write};

use chrono::{DateTime, Datelike, Timelike, Utc};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use super::template::{BULLET_NUM, QUESTION_NUM, Template};
use super::xml::push_escaped;
use super::{Plan, Shown, long_date};
use crate::error::{Error, Refusal, Result};
use crate::text::{Paragraph, ParagraphKind, Run};

pub(super) const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub(super) const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

pub(super) fn write(plan: &Plan<'_>, template: Option<&Template>) -> Result<Vec<u8>> {
    let mut parts = Parts::default();
    let mut rels: Vec<(String, &str, String)> = vec![
        ("rId1".into(), "styles", "styles.xml".into()),
        ("rId2".into(), "numbering", "numbering.xml".into()),
        ("rId3".into(), "settings", "settings.xml".into()),
        ("rId4".into(), "fontTable", "fontTable.xml".into()),
    ];
    let mut section_refs = String::new();
    let page_setup;

    match template {
        Some(t) => {
            let styles = t
                .styles_with(&styles_xml())
                .unwrap_or_else(|| styles_part(&styles_xml()));
            parts.add("word/styles.xml", styles.into_bytes());
            let numbering = t
                .numbering_with(&numbering_entries())
                .unwrap_or_else(numbering_part);
            parts.add("word/numbering.xml", numbering.into_bytes());
            page_setup = t.page_setup.clone().unwrap_or_else(default_page_setup);
            for (i, part) in t.parts.iter().enumerate() {
                let id = format!("rIdT{}", i + 1);
                let mut xml = part.xml.clone();
                if part.is_header && plan.draft && part.kind == "default" {
                    xml = Template::prepend_paragraph(&xml, &draft_paragraph());
                }
                let ct = if part.is_header { "header" } else { "footer" };
                parts.add_typed(&format!("word/{}", part.name), xml.into_bytes(), ct);
                if let Some(r) = &part.rels {
                    parts.add(
                        &format!("word/_rels/{}.rels", part.name),
                        r.clone().into_bytes(),
                    );
                }
                let kind = if part.is_header { "header" } else { "footer" };
                rels.push((id.clone(), kind, part.name.clone()));
                section_refs.push_str(&format!(
                    "<w:{kind}Reference w:type=\"{}\" r:id=\"{id}\"/>",
                    part.kind
                ));
            }
            for (name, bytes) in &t.media {
                parts.add(&format!("word/{name}"), bytes.clone());
            }
            if let Some(theme) = &t.theme {
                parts.add("word/theme/theme1.xml", theme.clone());
                rels.push(("rIdT0".into(), "theme", "theme/theme1.xml".into()));
            }
            let has = |header: bool| {
                t.parts
                    .iter()
                    .any(|p| p.is_header == header && p.kind == "default")
            };
            if plan.draft && !has(true) {
                add_own_header(&mut parts, &mut rels, &mut section_refs);
            }
            if !has(false) {
                add_own_footer(&mut parts, &mut rels, &mut section_refs);
            }
        }
        None => {
            parts.add("word/styles.xml", styles_part(&styles_xml()).into_bytes());
            parts.add("word/numbering.xml", numbering_part().into_bytes());
            page_setup = default_page_setup();
            if plan.draft {
                add_own_header(&mut parts, &mut rels, &mut section_refs);
            }
            add_own_footer(&mut parts, &mut rels, &mut section_refs);
        }
    }
    // Header references come before footer references in a section.
    let section_refs = order_references(&section_refs);

    let title_page = template.is_some_and(|t| t.title_page);
    let document = if plan.schedule {
        page(
            &super::schedule::docx_body(plan),
            &section_refs,
            super::schedule::LANDSCAPE,
            title_page,
        )
    } else {
        document_xml(plan, &section_refs, &page_setup, title_page)
    };
    parts.add("word/document.xml", document.into_bytes());
    parts.add("word/settings.xml", settings_xml().into_bytes());
    parts.add("word/fontTable.xml", font_table_xml().into_bytes());
    parts.add(
        "word/_rels/document.xml.rels",
        document_rels(&rels).into_bytes(),
    );
    parts.add("docProps/core.xml", core_xml(plan).into_bytes());
    parts.add("docProps/app.xml", app_xml().into_bytes());
    parts.add("_rels/.rels", package_rels(false).into_bytes());
    let media_types = template.map(|t| t.media_types.clone()).unwrap_or_default();
    let content_types = content_types(&parts, &media_types);
    parts.files.insert(
        0,
        ("[Content_Types].xml".into(), content_types.into_bytes()),
    );
    parts.zip(plan.now)
}

#[derive(Default)]
pub(super) struct Parts {
    pub(super) files: Vec<(String, Vec<u8>)>,
    /// Headers and footers by part name: "header" or "footer".
    kinds: Vec<(String, &'static str)>,
}

impl Parts {
    pub(super) fn add(&mut self, name: &str, bytes: Vec<u8>) {
        self.files.push((name.to_string(), bytes));
    }

    fn add_typed(&mut self, name: &str, bytes: Vec<u8>, kind: &'static str) {
        self.kinds.push((name.to_string(), kind));
        self.add(name, bytes);
    }

    pub(super) fn zip(self, now: DateTime<Utc>) -> Result<Vec<u8>> {
        let time = zip::DateTime::from_date_and_time(
            now.year().clamp(1980, 2107) as u16,
            now.month() as u8,
            now.day() as u8,
            now.hour() as u8,
            now.minute() as u8,
            now.second() as u8,
        )
        .unwrap_or_default();
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(time);
        // A council template may name a part as one the document needs
        // for itself: say so, never with the zip library's words.
        let mut names = std::collections::HashSet::new();
        if let Some((twice, _)) = self.files.iter().find(|(n, _)| !names.insert(n.as_str())) {
            return Err(Error::refused(
                Refusal::BadTemplate,
                format!(
                    "The Word document could not be made: the council template holds a part named {} that the document needs for its own; save the template again from Word, or export without it.",
                    crate::text::printable(twice)
                ),
            ));
        }
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let failed = |_: &dyn std::fmt::Display| {
            Error::refused(
                Refusal::Internal,
                "The Word document could not be put together; nothing was saved. Try again, or export without the template.",
            )
        };
        for (name, bytes) in &self.files {
            zip.start_file(name.as_str(), options)
                .map_err(|e| failed(&e))?;
            zip.write_all(bytes).map_err(|e| failed(&e))?;
        }
        Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
    }
}

fn add_own_header(parts: &mut Parts, rels: &mut Vec<(String, &str, String)>, refs: &mut String) {
    let xml = format!(
        "{XML_DECL}<w:hdr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\">{}</w:hdr>",
        draft_paragraph()
    );
    parts.add_typed("word/kloe-header.xml", xml.into_bytes(), "header");
    rels.push(("rId5".into(), "header", "kloe-header.xml".into()));
    refs.push_str("<w:headerReference w:type=\"default\" r:id=\"rId5\"/>");
}

fn add_own_footer(parts: &mut Parts, rels: &mut Vec<(String, &str, String)>, refs: &mut String) {
    let xml = format!(
        "{XML_DECL}<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:jc w:val=\"center\"/></w:pPr>\
         <w:r><w:t xml:space=\"preserve\">Page </w:t></w:r>\
         <w:fldSimple w:instr=\" PAGE \\* MERGEFORMAT \"><w:r><w:t>1</w:t></w:r></w:fldSimple>\
         <w:r><w:t xml:space=\"preserve\"> of </w:t></w:r>\
         <w:fldSimple w:instr=\" NUMPAGES \\* MERGEFORMAT \"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>"
    );
    parts.add_typed("word/kloe-footer.xml", xml.into_bytes(), "footer");
    rels.push(("rId6".into(), "footer", "kloe-footer.xml".into()));
    refs.push_str("<w:footerReference w:type=\"default\" r:id=\"rId6\"/>");
}

fn draft_paragraph() -> String {
    "<w:p><w:pPr><w:pStyle w:val=\"Header\"/><w:jc w:val=\"right\"/></w:pPr>\
     <w:r><w:rPr><w:b/><w:color w:val=\"C00000\"/></w:rPr><w:t>DRAFT</w:t></w:r></w:p>"
        .into()
}

/// Puts header references before footer references, keeping their order.
fn order_references(refs: &str) -> String {
    let items: Vec<&str> = refs.split_inclusive("/>").collect();
    let headers = items.iter().filter(|r| r.contains("headerReference"));
    let footers = items.iter().filter(|r| r.contains("footerReference"));
    headers.chain(footers).copied().collect()
}

fn default_page_setup() -> String {
    // A4, 2.54 cm margins, header and footer 1.25 cm from the edge.
    "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
     <w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/>"
        .into()
}

// --- word/document.xml --------------------------------------------------------

pub(super) struct Body {
    xml: String,
}

#[derive(Default, Clone, Copy)]
pub(super) struct Para<'s> {
    pub(super) style: Option<&'s str>,
    pub(super) num: Option<u32>,
    pub(super) keep_next: bool,
    pub(super) bold: bool,
    pub(super) italic: bool,
}

impl Body {
    pub(super) fn new() -> Body {
        Body {
            xml: String::with_capacity(16 * 1024),
        }
    }

    /// Mark-up written as it is.
    pub(super) fn raw(&mut self, xml: &str) {
        self.xml.push_str(xml);
    }

    /// Text, escaped.
    pub(super) fn escaped(&mut self, text: &str) {
        push_escaped(&mut self.xml, text);
    }

    pub(super) fn into_xml(self) -> String {
        self.xml
    }

    pub(super) fn paragraph(&mut self, p: Para<'_>, runs: &[Run]) {
        self.xml.push_str("<w:p>");
        if p.style.is_some() || p.num.is_some() || p.keep_next {
            self.xml.push_str("<w:pPr>");
            if let Some(s) = p.style {
                self.xml.push_str("<w:pStyle w:val=\"");
                self.xml.push_str(s);
                self.xml.push_str("\"/>");
            }
            if p.keep_next {
                self.xml.push_str("<w:keepNext/>");
            }
            if let Some(n) = p.num {
                self.xml.push_str(&format!(
                    "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{n}\"/></w:numPr>"
                ));
            }
            self.xml.push_str("</w:pPr>");
        }
        for run in runs {
            self.run(run, p.bold, p.italic);
        }
        self.xml.push_str("</w:p>");
    }

    /// A response under its label: its words, or the placeholder in
    /// italics.
    fn response(&mut self, label: &str, shown: &Shown<'_>) {
        self.text(
            Para {
                style: Some("KloeResponseLabel"),
                keep_next: true,
                bold: true,
                ..Para::default()
            },
            label,
        );
        match shown {
            Shown::Text(paragraphs) => {
                for p in paragraphs.iter() {
                    self.rich(Para::default(), p);
                }
            }
            Shown::Placeholder(text) => self.text(
                Para {
                    italic: true,
                    ..Para::default()
                },
                text,
            ),
        }
    }

    pub(super) fn text(&mut self, p: Para<'_>, text: &str) {
        self.paragraph(p, &[Run::plain(text)]);
    }

    pub(super) fn rich(&mut self, p: Para<'_>, para: &Paragraph) {
        let p = match para.kind {
            // A bullet in context or a note keeps its own style, so that it
            // reads (and imports) as context or note.
            ParagraphKind::Bullet => Para {
                style: Some(
                    p.style
                        .filter(|s| s.starts_with("Kloe"))
                        .unwrap_or("ListBullet"),
                ),
                num: Some(BULLET_NUM),
                ..p
            },
            ParagraphKind::Normal => p,
        };
        self.paragraph(p, &para.runs);
    }

    fn run(&mut self, run: &Run, bold: bool, italic: bool) {
        if run.text.is_empty() {
            return;
        }
        let (b, i) = (run.bold || bold, run.italic || italic);
        self.xml.push_str("<w:r>");
        if b || i {
            self.xml.push_str("<w:rPr>");
            if b {
                self.xml.push_str("<w:b/><w:bCs/>");
            }
            if i {
                self.xml.push_str("<w:i/><w:iCs/>");
            }
            self.xml.push_str("</w:rPr>");
        }
        // Line breaks and tabs inside a paragraph become Word's own.
        let mut first = true;
        for line in run.text.split('\n') {
            if !first {
                self.xml.push_str("<w:br/>");
            }
            first = false;
            let mut first_piece = true;
            for piece in line.split('\t') {
                if !first_piece {
                    self.xml.push_str("<w:tab/>");
                }
                first_piece = false;
                if !piece.is_empty() {
                    self.xml.push_str("<w:t xml:space=\"preserve\">");
                    push_escaped(&mut self.xml, piece);
                    self.xml.push_str("</w:t>");
                }
            }
        }
        self.xml.push_str("</w:r>");
    }
}

fn document_xml(plan: &Plan<'_>, section_refs: &str, page_setup: &str, title_page: bool) -> String {
    let doc = plan.doc;
    let mut body = Body {
        xml: String::with_capacity(4096 + doc.sections.len() * 8192),
    };
    body.text(
        Para {
            style: Some("Title"),
            ..Para::default()
        },
        &doc.title,
    );
    for line in doc.subtitle.iter().cloned().chain(plan.meeting_date()) {
        body.text(
            Para {
                style: Some("Subtitle"),
                ..Para::default()
            },
            &line,
        );
    }
    for p in &doc.intro {
        body.rich(Para::default(), p);
    }
    for section in &doc.sections {
        body.text(
            Para {
                style: Some("Heading1"),
                keep_next: true,
                ..Para::default()
            },
            &section.title,
        );
        for p in &section.lead_in {
            body.rich(Para::default(), p);
        }
        for q in &section.questions {
            for p in &q.context {
                body.rich(
                    Para {
                        style: Some("KloeContext"),
                        ..Para::default()
                    },
                    p,
                );
            }
            body.text(
                Para {
                    style: Some("KloeQuestion"),
                    num: Some(QUESTION_NUM),
                    keep_next: true,
                    bold: true,
                    ..Para::default()
                },
                &q.text,
            );
            // Italic by its style, so that the note's own emphasis survives
            // a round trip; our styles are always in the document.
            let note = Para {
                style: Some("KloeNote"),
                ..Para::default()
            };
            for p in &q.notes {
                body.rich(note, p);
            }
            for label in &q.appendices {
                body.text(note, &plan.appendix_reference(label));
            }
            for (a, shown) in plan.responses(q) {
                body.response(&a.label, &shown);
            }
        }
    }
    if !doc.recommendations.is_empty() {
        body.text(
            Para {
                style: Some("Heading1"),
                keep_next: true,
                ..Para::default()
            },
            super::RECOMMENDATIONS_HEADING,
        );
        for rec in &doc.recommendations {
            body.text(
                Para {
                    keep_next: true,
                    bold: true,
                    ..Para::default()
                },
                &rec.reference,
            );
            for p in &rec.text {
                body.rich(Para::default(), p);
            }
            for r in plan.rec_responses(rec) {
                let label = match &r.decision {
                    Some(d) => format!("{}: {d}", r.label),
                    None => r.label.clone(),
                };
                body.response(&label, &r.shown);
                if let Some(terms) = &r.terms {
                    body.text(
                        Para {
                            italic: true,
                            ..Para::default()
                        },
                        terms,
                    );
                }
            }
        }
    }
    if !doc.appendices.is_empty() {
        body.text(
            Para {
                style: Some("Heading1"),
                keep_next: true,
                ..Para::default()
            },
            "Appendices",
        );
        for a in &doc.appendices {
            let text = match &a.title {
                Some(t) => format!("{}: {t}", a.label),
                None => a.label.clone(),
            };
            body.text(Para::default(), &text);
        }
    }
    page(&body.xml, section_refs, page_setup, title_page)
}

/// The document part: a body and its one section's page.
fn page(body: &str, section_refs: &str, page_setup: &str, title_page: bool) -> String {
    format!(
        "{XML_DECL}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>{body}\
         <w:sectPr>{section_refs}{page_setup}<w:cols w:space=\"708\"/>{}<w:docGrid w:linePitch=\"360\"/></w:sectPr>\
         </w:body></w:document>",
        if title_page { "<w:titlePg/>" } else { "" }
    )
}

// --- styles, numbering, settings, fonts ---------------------------------------

/// Our styles, as `(styleId, xml)`, so a template can take the ones it lacks.
pub(super) fn styles_xml() -> Vec<(&'static str, String)> {
    let para = |id: &'static str, name: &str, extra_head: &str, ppr: &str, rpr: &str| {
        (
            id,
            format!(
                "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>{extra_head}\
                 {}{}</w:style>",
                if ppr.is_empty() {
                    String::new()
                } else {
                    format!("<w:pPr>{ppr}</w:pPr>")
                },
                if rpr.is_empty() {
                    String::new()
                } else {
                    format!("<w:rPr>{rpr}</w:rPr>")
                },
            ),
        )
    };
    let based = "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>";
    let custom = "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>";
    vec![
        (
            "Normal",
            "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>\
             <w:pPr><w:spacing w:after=\"160\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:style>"
                .into(),
        ),
        (
            "DefaultParagraphFont",
            "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">\
             <w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"
                .into(),
        ),
        para(
            "Title",
            "Title",
            "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"10\"/><w:qFormat/>",
            "<w:spacing w:after=\"240\"/><w:outlineLvl w:val=\"9\"/>",
            "<w:b/><w:bCs/><w:sz w:val=\"36\"/><w:szCs w:val=\"36\"/>",
        ),
        para(
            "Subtitle",
            "Subtitle",
            "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"11\"/><w:qFormat/>",
            "<w:spacing w:after=\"360\"/>",
            "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>",
        ),
        para(
            "Heading1",
            "heading 1",
            based,
            "<w:keepNext/><w:keepLines/><w:spacing w:before=\"360\" w:after=\"160\"/><w:outlineLvl w:val=\"0\"/>",
            "<w:b/><w:bCs/><w:sz w:val=\"30\"/><w:szCs w:val=\"30\"/>",
        ),
        para(
            "Heading2",
            "heading 2",
            based,
            "<w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"1\"/>",
            "<w:b/><w:bCs/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/>",
        ),
        para(
            "KloeQuestion",
            "KLOE Question",
            custom,
            &format!(
                "<w:keepNext/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{QUESTION_NUM}\"/></w:numPr>\
                 <w:spacing w:before=\"240\" w:after=\"120\"/>"
            ),
            "<w:b/><w:bCs/>",
        ),
        para(
            "KloeContext",
            "KLOE Context",
            custom,
            "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"80\"/><w:ind w:left=\"567\"/>",
            "",
        ),
        para("KloeNote", "KLOE Note", custom, "", "<w:i/><w:iCs/>"),
        para(
            "KloeTableText",
            "KLOE Table Text",
            custom,
            "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
            "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>",
        ),
        para(
            "KloeResponseLabel",
            "KLOE Response Label",
            custom,
            "<w:keepNext/><w:spacing w:before=\"120\" w:after=\"60\"/>",
            "<w:b/><w:bCs/>",
        ),
        para(
            "ListBullet",
            "List Bullet",
            "<w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>",
            &format!("<w:numPr><w:numId w:val=\"{BULLET_NUM}\"/></w:numPr><w:spacing w:after=\"80\"/>"),
            "",
        ),
        para(
            "Header",
            "header",
            "<w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>",
            "<w:tabs><w:tab w:val=\"center\" w:pos=\"4513\"/><w:tab w:val=\"right\" w:pos=\"9026\"/></w:tabs><w:spacing w:after=\"0\"/>",
            "",
        ),
        para(
            "Footer",
            "footer",
            "<w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>",
            "<w:tabs><w:tab w:val=\"center\" w:pos=\"4513\"/><w:tab w:val=\"right\" w:pos=\"9026\"/></w:tabs><w:spacing w:after=\"0\"/>",
            "<w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>",
        ),
    ]
}

pub(super) fn styles_part(styles: &[(&str, String)]) -> String {
    let mut xml = format!(
        "{XML_DECL}<w:styles xmlns:w=\"{W_NS}\"><w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"Arial\" w:eastAsia=\"Arial\" w:hAnsi=\"Arial\" w:cs=\"Arial\"/>\
         <w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/><w:lang w:val=\"en-GB\" w:eastAsia=\"en-GB\" w:bidi=\"ar-SA\"/>\
         </w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"160\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    );
    for (_, s) in styles {
        xml.push_str(s);
    }
    xml.push_str("</w:styles>");
    xml
}

/// The question list and the bullet list, as `(abstractNums, nums)`.
pub(super) fn numbering_entries() -> (String, String) {
    let abstract_nums = format!(
        "<w:abstractNum w:abstractNumId=\"{QUESTION_NUM}\"><w:multiLevelType w:val=\"singleLevel\"/>\
         <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/><w:lvlJc w:val=\"left\"/>\
         <w:pPr><w:ind w:left=\"567\" w:hanging=\"567\"/></w:pPr></w:lvl></w:abstractNum>\
         <w:abstractNum w:abstractNumId=\"{BULLET_NUM}\"><w:multiLevelType w:val=\"singleLevel\"/>\
         <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\u{2022}\"/><w:lvlJc w:val=\"left\"/>\
         <w:pPr><w:ind w:left=\"567\" w:hanging=\"283\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:cs=\"Arial\"/></w:rPr></w:lvl></w:abstractNum>"
    );
    let nums = format!(
        "<w:num w:numId=\"{QUESTION_NUM}\"><w:abstractNumId w:val=\"{QUESTION_NUM}\"/></w:num>\
         <w:num w:numId=\"{BULLET_NUM}\"><w:abstractNumId w:val=\"{BULLET_NUM}\"/></w:num>"
    );
    (abstract_nums, nums)
}

pub(super) fn numbering_part() -> String {
    let (abstract_nums, nums) = numbering_entries();
    format!("{XML_DECL}<w:numbering xmlns:w=\"{W_NS}\">{abstract_nums}{nums}</w:numbering>")
}

pub(super) fn settings_xml() -> String {
    format!(
        "{XML_DECL}<w:settings xmlns:w=\"{W_NS}\"><w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"720\"/>\
         <w:characterSpacingControl w:val=\"doNotCompress\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         <w:themeFontLang w:val=\"en-GB\"/><w:decimalSymbol w:val=\".\"/><w:listSeparator w:val=\",\"/></w:settings>"
    )
}

pub(super) fn font_table_xml() -> String {
    format!(
        "{XML_DECL}<w:fonts xmlns:w=\"{W_NS}\"><w:font w:name=\"Arial\"><w:panose1 w:val=\"020B0604020202020204\"/>\
         <w:charset w:val=\"00\"/><w:family w:val=\"swiss\"/><w:pitch w:val=\"variable\"/></w:font></w:fonts>"
    )
}

// --- package parts -------------------------------------------------------------

pub(super) fn document_rels(rels: &[(String, &str, String)]) -> String {
    let mut xml = format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    );
    for (id, kind, target) in rels {
        xml.push_str(&format!(
            "<Relationship Id=\"{id}\" Type=\"{REL}/{kind}\" Target=\"{}\"/>",
            super::xml::escape(target)
        ));
    }
    xml.push_str("</Relationships>");
    xml
}

/// The package's own relationships; with `custom`, to custom properties too.
pub(super) fn package_rels(custom: bool) -> String {
    format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{REL}/extended-properties\" Target=\"docProps/app.xml\"/>{}\
         </Relationships>",
        if custom {
            format!(
                "<Relationship Id=\"rId4\" Type=\"{REL}/custom-properties\" Target=\"docProps/custom.xml\"/>"
            )
        } else {
            String::new()
        }
    )
}

fn core_xml(plan: &Plan<'_>) -> String {
    let doc = plan.doc;
    let stamp = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut xml = format!(
        "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>"
    );
    push_escaped(&mut xml, &doc.title);
    xml.push_str("</dc:title>");
    let subject = match (&doc.committee, doc.meeting_date) {
        (Some(c), Some(d)) => Some(format!("{c}, {}", long_date(d))),
        (Some(c), None) => Some(c.clone()),
        (None, Some(d)) => Some(format!("Meeting of {}", long_date(d))),
        (None, None) => None,
    };
    if let Some(s) = subject {
        xml.push_str("<dc:subject>");
        push_escaped(&mut xml, &s);
        xml.push_str("</dc:subject>");
    }
    xml.push_str("<dc:creator>");
    push_escaped(
        &mut xml,
        doc.partnership
            .as_deref()
            .unwrap_or("Community Safety Partnership"),
    );
    xml.push_str("</dc:creator><dc:language>en-GB</dc:language>");
    xml.push_str(&format!(
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{}</dcterms:modified></cp:coreProperties>",
        stamp(doc.created_at),
        stamp(plan.now)
    ));
    xml
}

pub(super) fn app_xml() -> String {
    format!(
        "{XML_DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>KLOE Workbook</Application></Properties>"
    )
}

pub(super) fn content_types(parts: &Parts, media: &[(String, String)]) -> String {
    let mut xml = format!(
        "{XML_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    );
    for (ext, ct) in media {
        xml.push_str(&format!(
            "<Default Extension=\"{}\" ContentType=\"{}\"/>",
            super::xml::escape(ext),
            super::xml::escape(ct)
        ));
    }
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    for (name, _) in &parts.files {
        let ct = match name.as_str() {
            "word/document.xml" => format!("{wml}.document.main+xml"),
            "word/styles.xml" => format!("{wml}.styles+xml"),
            "word/numbering.xml" => format!("{wml}.numbering+xml"),
            "word/settings.xml" => format!("{wml}.settings+xml"),
            "word/fontTable.xml" => format!("{wml}.fontTable+xml"),
            "word/theme/theme1.xml" => {
                "application/vnd.openxmlformats-officedocument.theme+xml".into()
            }
            "docProps/core.xml" => {
                "application/vnd.openxmlformats-package.core-properties+xml".into()
            }
            "docProps/app.xml" => {
                "application/vnd.openxmlformats-officedocument.extended-properties+xml".into()
            }
            "docProps/custom.xml" => {
                "application/vnd.openxmlformats-officedocument.custom-properties+xml".into()
            }
            n => match parts.kinds.iter().find(|(k, _)| k == n) {
                Some((_, kind)) => format!("{wml}.{kind}+xml"),
                None => continue,
            },
        };
        xml.push_str(&format!(
            "<Override PartName=\"/{name}\" ContentType=\"{ct}\"/>"
        ));
    }
    xml.push_str("</Types>");
    xml
}
