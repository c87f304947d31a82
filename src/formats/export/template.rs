//! A council's own Word template: its styles (fonts, colours, heading
//! looks), headers and footers with their pictures (the logo), theme and
//! page setup are taken from a `.docx` the council supplies; the review's
//! content and structure stay ours.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;

use crate::error::{Error, Refusal, Result};

/// Numbering ids: high, so that they never clash with a template's own.
pub(super) const QUESTION_NUM: u32 = 9101;
pub(super) const BULLET_NUM: u32 = 9102;

/// The largest template file read, and the largest part inside it.
const MAX_TEMPLATE_BYTES: u64 = 50 * 1024 * 1024;
const MAX_PART_BYTES: u64 = 20 * 1024 * 1024;
const MAX_ENTRIES: usize = 2_000;

/// A header or footer of the template.
#[derive(Debug, Clone)]
pub struct HeaderFooter {
    pub is_header: bool,
    /// "default", "first" or "even"
    pub kind: String,
    /// Part name under `word/`, e.g. "header1.xml".
    pub name: String,
    pub xml: String,
    pub rels: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Template {
    styles: Option<String>,
    numbering: Option<String>,
    pub(super) theme: Option<Vec<u8>>,
    pub(super) parts: Vec<HeaderFooter>,
    /// Pictures the headers and footers use, by name under `word/`.
    pub(super) media: Vec<(String, Vec<u8>)>,
    /// `(extension, content type)` for those pictures.
    pub(super) media_types: Vec<(String, String)>,
    /// `<w:pgSz/>` and `<w:pgMar/>` of the template's last section.
    pub(super) page_setup: Option<String>,
    /// The template has a different first page (its own header or footer).
    pub(super) title_page: bool,
}

impl Template {
    pub fn read(path: &Path) -> Result<Template> {
        let bad = |why: &str| {
            Error::refused(
                Refusal::BadTemplate,
                format!("{} cannot be used as a template: {why}", path.display()),
            )
        };
        let file = crate::files::open_regular(path)?;
        let meta = file.metadata().map_err(|source| Error::Io {
            action: "open the template",
            path: path.to_path_buf(),
            source,
        })?;
        if meta.len() > MAX_TEMPLATE_BYTES {
            return Err(bad("it is larger than 50 MB."));
        }
        let bytes = crate::files::read_bounded(file, MAX_TEMPLATE_BYTES, path, "The template")?;
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(bad(
                "it is an old-style Word (.doc) file or a password-protected document; save it as an unprotected .docx and try again.",
            ));
        }
        if !bytes.starts_with(b"PK") {
            return Err(bad("it is not a Word (.docx) document."));
        }
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|_| bad("it is not a Word (.docx) document, or it is damaged."))?;
        if zip.len() > MAX_ENTRIES {
            return Err(bad("it holds too many parts to be a Word document."));
        }
        let mut read = |name: &str| -> Result<Option<Vec<u8>>> {
            let file = match zip.by_name(name) {
                Ok(f) => f,
                Err(zip::result::ZipError::FileNotFound) => return Ok(None),
                Err(_) => return Err(bad("a part of it cannot be read.")),
            };
            let mut data = Vec::new();
            file.take(MAX_PART_BYTES + 1)
                .read_to_end(&mut data)
                .map_err(|_| bad("a part of it cannot be read."))?;
            if data.len() as u64 > MAX_PART_BYTES {
                return Err(bad("a part of it is too large."));
            }
            Ok(Some(data))
        };
        // Every XML part kept is read whole by a real parser first: no
        // DOCTYPE or entity, nothing cut short, nothing left open.
        let text = |data: Vec<u8>| {
            let xml = String::from_utf8(data).map_err(|_| bad("a part is not UTF-8 XML."))?;
            crate::formats::import::docx::layout(&xml)
                .map_err(|e| bad(&format!("a part of it {}.", e.describe())))?;
            Ok::<String, Error>(xml)
        };

        let document = read("word/document.xml")?
            .ok_or_else(|| bad("it has no document part, so it is not a Word document."))?;
        let document = text(document)?;
        let rels = match read("word/_rels/document.xml.rels")? {
            Some(r) => {
                relationships(&text(r)?).map_err(|_| bad("its relationships are malformed."))?
            }
            None => HashMap::new(),
        };
        let mut template = Template {
            styles: read("word/styles.xml")?.map(text).transpose()?,
            numbering: read("word/numbering.xml")?.map(text).transpose()?,
            ..Template::default()
        };
        for (_, target, _) in rels.values().filter(|(k, _, _)| k.ends_with("/theme")) {
            template.theme = read(&format!("word/{target}"))?;
        }

        let section =
            last_section(&document).map_err(|_| bad("its document part is malformed."))?;
        template.page_setup = (!section.page_setup.is_empty()).then_some(section.page_setup);
        template.title_page = section.title_page;
        let mut media_exts = Vec::new();
        for (is_header, kind, rid) in section.references {
            let Some((_, target, external)) = rels.get(&rid) else {
                continue;
            };
            if *external {
                return Err(bad(
                    "its header or footer is kept in an outside file; embed it in the template and try again.",
                ));
            }
            let name = target
                .trim_start_matches('/')
                .trim_start_matches("word/")
                .to_string();
            // A header this application wrote (the DRAFT marking) is its own, not the council's.
            if name.starts_with("kloe-")
                || template
                    .parts
                    .iter()
                    .any(|p| p.name == name && p.kind == kind)
            {
                continue;
            }
            let Some(xml) = read(&format!("word/{name}"))? else {
                continue;
            };
            let xml = text(xml)?;
            let rels_name = format!("word/_rels/{name}.rels");
            let part_rels = read(&rels_name)?.map(text).transpose()?;
            if let Some(r) = &part_rels {
                let map =
                    relationships(r).map_err(|_| bad("a header's relationships are malformed."))?;
                for (kind, target, external) in map.values() {
                    let image = kind.ends_with("/image");
                    if kind.ends_with("/hyperlink") {
                        // A link to the council's website: nothing to copy.
                        continue;
                    }
                    if !image {
                        return Err(bad(
                            "its header or footer holds something other than text, pictures and links (a chart or an embedded object); simplify it and try again.",
                        ));
                    }
                    if *external {
                        return Err(bad(
                            "its header or footer links to a picture outside the document; embed the picture and try again.",
                        ));
                    }
                    let media = target
                        .trim_start_matches('/')
                        .trim_start_matches("word/")
                        .to_string();
                    if template.media.iter().any(|(n, _)| *n == media) {
                        continue;
                    }
                    if let Some(bytes) = read(&format!("word/{media}"))? {
                        if let Some(ext) = Path::new(&media).extension().and_then(|e| e.to_str()) {
                            let ext = ext.to_ascii_lowercase();
                            if ext != "xml" && ext != "rels" {
                                media_exts.push(ext);
                            }
                        }
                        template.media.push((media, bytes));
                    }
                }
            }
            // The same part used twice (say, first page and every page) is kept once.
            if !template.parts.iter().any(|p| p.name == name) {
                template.parts.push(HeaderFooter {
                    is_header,
                    kind,
                    name,
                    xml,
                    rels: part_rels,
                });
            }
        }
        if !media_exts.is_empty() {
            let declared = read("[Content_Types].xml")?
                .map(text)
                .transpose()?
                .unwrap_or_default();
            let defaults = content_type_defaults(&declared).unwrap_or_default();
            media_exts.sort();
            media_exts.dedup();
            for ext in media_exts {
                let ct = defaults
                    .get(&ext)
                    .cloned()
                    .unwrap_or_else(|| guess_media_type(&ext).to_string());
                template.media_types.push((ext, ct));
            }
        }
        Ok(template)
    }

    /// The template's styles with ours added where it has no style of that
    /// id; `None` if the template has no styles of its own.
    pub(super) fn styles_with(&self, ours: &[(&str, String)]) -> Option<String> {
        let styles = self.styles.as_deref()?;
        let layout = crate::formats::import::docx::layout(styles).ok()?;
        // An empty root (`<w:styles/>`) has no end tag to put ours before.
        if layout.root_close == layout.root_open_end && styles[..layout.root_close].ends_with("/>")
        {
            return None;
        }
        let ids = style_ids(styles);
        let missing: String = ours
            .iter()
            .filter(|(id, _)| !ids.iter().any(|i| i == id))
            .map(|(_, xml)| xml.as_str())
            .collect();
        let at = layout.root_close;
        Some(format!("{}{missing}{}", &styles[..at], &styles[at..]))
    }

    /// The template's numbering with our question and bullet lists added;
    /// `None` if the template has no numbering of its own.
    pub(super) fn numbering_with(
        &self,
        (abstract_nums, nums): &(String, String),
    ) -> Option<String> {
        let numbering = self.numbering.as_deref()?;
        let layout = crate::formats::import::docx::layout(numbering).ok()?;
        if layout.root_close == layout.root_open_end
            && numbering[..layout.root_close].ends_with("/>")
        {
            return None;
        }
        // A template that is itself one of our exports already has our lists.
        if numbering.contains(&format!("w:abstractNumId=\"{}\"", QUESTION_NUM)) {
            return Some(numbering.to_string());
        }
        // Schema order: abstractNum*, num*, numIdMacAtCleanup?
        let child = |name: &str| {
            layout
                .children
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, at)| *at)
        };
        let end_of_nums = child("numIdMacAtCleanup").unwrap_or(layout.root_close);
        let first_num = child("num").unwrap_or(end_of_nums).min(end_of_nums);
        let mut out = String::with_capacity(numbering.len() + abstract_nums.len() + nums.len());
        out.push_str(&numbering[..first_num]);
        out.push_str(abstract_nums);
        out.push_str(&numbering[first_num..end_of_nums]);
        out.push_str(nums);
        out.push_str(&numbering[end_of_nums..]);
        Some(out)
    }

    /// Inserts a paragraph at the top of a header part.
    pub(super) fn prepend_paragraph(xml: &str, paragraph: &str) -> String {
        match crate::formats::import::docx::layout(xml) {
            Ok(l) if l.root_close > l.root_open_end || !xml[..l.root_open_end].ends_with("/>") => {
                let at = l.root_open_end;
                format!("{}{paragraph}{}", &xml[..at], &xml[at..])
            }
            _ => xml.to_string(),
        }
    }
}

/// `rId → (type, target, external)` from a relationships part.
fn relationships(
    xml: &str,
) -> std::result::Result<HashMap<String, (String, String, bool)>, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut map = HashMap::new();
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let id = attr(&e, "Id").unwrap_or_default();
                let kind = attr(&e, "Type").unwrap_or_default();
                let target = attr(&e, "Target").unwrap_or_default();
                let external =
                    attr(&e, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("External"));
                map.insert(id, (kind, target, external));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(map)
}

struct Section {
    /// `(is_header, type, rId)`
    references: Vec<(bool, String, String)>,
    page_setup: String,
    title_page: bool,
}

/// The body's last `w:sectPr`: the document's final section settings.
fn last_section(xml: &str) -> std::result::Result<Section, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth = 0usize;
    let mut body_depth = None;
    let mut in_sect = false;
    let mut section = Section {
        references: Vec::new(),
        page_setup: String::new(),
        title_page: false,
    };
    loop {
        let event = reader.read_event()?;
        match &event {
            Event::Start(e) => {
                depth += 1;
                let name = e.local_name();
                if name.as_ref() == "body" {
                    body_depth = Some(depth);
                } else if name.as_ref() == "sectPr" && body_depth == Some(depth - 1) {
                    in_sect = true;
                    section.references.clear();
                    section.page_setup.clear();
                    section.title_page = false;
                }
            }
            Event::End(e) => {
                if e.local_name().as_ref() == "sectPr" {
                    in_sect = false;
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        if let (true, Event::Empty(e)) = (in_sect, &event) {
            let local = e.local_name();
            match local.as_ref() {
                "titlePg" => {
                    section.title_page = !matches!(attr(e, "val").as_deref(), Some("0" | "false"))
                }
                "headerReference" | "footerReference" => {
                    // Only the kinds Word has; the value is written back as it is.
                    if let (Some(kind), Some(id)) = (
                        attr(e, "type")
                            .filter(|k| matches!(k.as_str(), "default" | "first" | "even")),
                        attr(e, "id"),
                    ) {
                        section
                            .references
                            .push((local.as_ref() == "headerReference", kind, id));
                    }
                }
                "pgSz" | "pgMar"
                    if !section
                        .page_setup
                        .contains(&format!("<w:{} ", local.as_ref())) =>
                {
                    // Only the page attributes, re-written with the w: prefix.
                    let mut tag = format!("<w:{}", local.as_ref());
                    // Only the page's own attributes, each once, with plain values.
                    let known: &[&str] = if local.as_ref() == "pgSz" {
                        &["w", "h", "orient", "code"]
                    } else {
                        &[
                            "top", "right", "bottom", "left", "header", "footer", "gutter",
                        ]
                    };
                    let mut seen = Vec::new();
                    for a in e.attributes().flatten() {
                        let key = a.key.local_name().as_ref().to_string();
                        if !known.contains(&key.as_str()) || seen.contains(&key) {
                            continue;
                        }
                        seen.push(key.clone());
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map(|v| v.into_owned())
                            .unwrap_or_default();
                        if value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                            tag.push_str(&format!(" w:{key}=\"{value}\""));
                        }
                    }
                    tag.push_str("/>");
                    section.page_setup.push_str(&tag);
                }
                _ => {}
            }
        }
        if matches!(event, Event::Eof) {
            break;
        }
    }
    Ok(section)
}

fn style_ids(styles: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(styles);
    let mut ids = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "style" => {
                if let Some(id) = attr(&e, "styleId") {
                    ids.push(id);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    ids
}

fn content_type_defaults(
    xml: &str,
) -> std::result::Result<HashMap<String, String>, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut map = HashMap::new();
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Default" => {
                if let (Some(ext), Some(ct)) = (attr(&e, "Extension"), attr(&e, "ContentType")) {
                    map.insert(ext.to_ascii_lowercase(), ct);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(map)
}

/// The value of an element's attribute, by local name.
fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

fn guess_media_type(ext: &str) -> &'static str {
    match ext {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "svg" => "image/svg+xml",
        "emf" => "image/x-emf",
        "wmf" => "image/x-wmf",
        _ => "application/octet-stream",
    }
}
