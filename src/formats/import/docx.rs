//! Reading a Word document's paragraphs straight from its XML: styles and
//! their inheritance (for headings, bold and italic), automatic numbering
//! as Word would show it, tables, content controls, hyperlinks, fields and
//! tracked changes (deleted text is left out, inserted text kept).

use std::collections::HashMap;
use std::io::Read;

use quick_xml::events::{BytesStart, Event};

use super::blocks::Block;
use super::limits;
use super::structure::Warning;
use crate::error::{Error, Refusal, Result};
use crate::text::Run;

type Zip = zip::ZipArchive<std::io::Cursor<Vec<u8>>>;

/// A Word document's paragraphs, and what the reader left out or changed
/// that the officer should know of (tracked changes, comments).
pub fn read(bytes: Vec<u8>, name: &str) -> Result<(Vec<Block>, Vec<Warning>)> {
    let mut zip = open(bytes, name)?;
    let (blocks, seen) = read_body(&mut zip, name)?;
    // The paragraph (from 1) of the block at an index, as Word counts them.
    let paragraph = |at: Option<usize>| at.map(|i| (i + 1).min(blocks.len().max(1)) as u32);
    let (changed_at, commented_at) = (paragraph(seen.first_change), paragraph(seen.first_comment));
    // A question and its label on one paragraph's lines are read apart
    // (a form's boxes are not: their lines are one answer).
    let blocks = super::blocks::split_at_breaks(blocks);
    let mut doubts = Vec::new();
    if seen.insertions + seen.deletions > 0 {
        doubts.push(Warning {
            line: changed_at,
            question: None,
            message: format!(
                "the document has tracked changes ({} inserted, {} deleted): insertions are imported and deletions left out, as if all were accepted; check them in Word if that is not what is meant",
                seen.insertions, seen.deletions
            ),
        });
    }
    if seen.comments > 0 {
        let n = seen.comments;
        doubts.push(Warning {
            line: commented_at,
            question: None,
            message: format!(
                "the document has {n} comment{} in its margin; comments are not imported",
                if n == 1 { "" } else { "s" }
            ),
        });
    }
    Ok((blocks, doubts))
}

/// The package, refused if it is not a zip or holds too many parts.
fn open(bytes: Vec<u8>, name: &str) -> Result<Zip> {
    let bad = |why: &str| Error::refused(Refusal::TooLarge, format!("{name} {why}"));
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| {
        Error::refused(
            Refusal::DamagedDocument,
            format!(
                "{name} is not a Word (.docx) document: it is not a zip package, or it is damaged."
            ),
        )
    })?;
    if zip.len() > limits::MAX_ZIP_ENTRIES {
        return Err(bad(&format!(
            "holds {} parts, more than the {} a Word document may have here; it may be a zip bomb.",
            zip.len(),
            limits::MAX_ZIP_ENTRIES
        )));
    }
    Ok(zip)
}

/// The document's paragraphs, read with its styles and numbering.
fn read_blocks(zip: &mut Zip, name: &str) -> Result<Vec<Block>> {
    read_body(zip, name).map(|(blocks, _)| blocks)
}

/// What reading a body met besides its paragraphs.
#[derive(Default)]
struct Seen {
    insertions: usize,
    deletions: usize,
    comments: usize,
    /// The first block with a tracked change, and with a comment.
    first_change: Option<usize>,
    first_comment: Option<usize>,
    /// Each footnote or endnote ("f1", "e2") and the block it starts at.
    notes: Vec<(String, usize)>,
}

/// The footnotes or endnotes of a part, each by its key ("f1", "e3").
fn read_notes(
    zip: &mut Zip,
    name: &str,
    styles: &Styles,
    part_name: &str,
) -> Result<HashMap<String, Vec<Block>>> {
    let Some(xml) = part(zip, part_name, name)? else {
        return Ok(HashMap::new());
    };
    let none = HashMap::new();
    let (blocks, seen) = Body::read(&xml, styles, Numbering::default(), &none)
        .map_err(|e| malformed(name, part_name, e))?;
    let mut notes = HashMap::new();
    for (i, (key, start)) in seen.notes.iter().enumerate() {
        let end = seen.notes.get(i + 1).map_or(blocks.len(), |n| n.1);
        let mut own: Vec<Block> = blocks[*start..end.max(*start)].to_vec();
        for b in &mut own {
            b.style = Some("KloeNote".into());
            b.heading = None;
            b.auto_number = None;
        }
        notes.insert(key.clone(), own);
    }
    Ok(notes)
}

/// [`read_blocks`], and what was met besides.
fn read_body(zip: &mut Zip, name: &str) -> Result<(Vec<Block>, Seen)> {
    let document = part(zip, "word/document.xml", name)?.ok_or_else(|| {
        Error::refused(
            Refusal::DamagedDocument,
            format!("{name} is not a Word document: it has no word/document.xml."),
        )
    })?;
    let styles = match part(zip, "word/styles.xml", name)? {
        Some(x) => Styles::parse(&x).map_err(|e| malformed(name, "word/styles.xml", e))?,
        None => Styles::default(),
    };
    let numbering = match part(zip, "word/numbering.xml", name)? {
        Some(x) => Numbering::parse(&x).map_err(|e| malformed(name, "word/numbering.xml", e))?,
        None => Numbering::default(),
    };
    let mut notes = read_notes(zip, name, &styles, "word/footnotes.xml")?;
    notes.extend(read_notes(zip, name, &styles, "word/endnotes.xml")?);
    let (blocks, seen) = Body::read(&document, &styles, numbering, &notes)
        .map_err(|e| malformed(name, "word/document.xml", e))?;
    let mut blocks = blocks;
    // Places are named by paragraph, counted as Word counts them.
    for (b, n) in blocks.iter_mut().zip(1u32..) {
        b.line = n;
    }
    Ok((blocks, seen))
}

/// A Word document as the partner form reads it: its paragraphs, its
/// custom properties, when it was last saved, and how many times it has
/// been saved (Word and LibreOffice count each save in `cp:revision`).
pub(crate) struct FormDocument {
    pub blocks: Vec<Block>,
    pub properties: Vec<(String, String)>,
    pub modified: Option<String>,
    pub revision: Option<u32>,
}

pub(crate) fn read_form(bytes: Vec<u8>, name: &str) -> Result<FormDocument> {
    let mut zip = open(bytes, name)?;
    let custom = part(&mut zip, "docProps/custom.xml", name)?;
    let core = part(&mut zip, "docProps/core.xml", name)?;
    let blocks = read_blocks(&mut zip, name)?;
    let mut properties = Vec::new();
    if let Some(xml) = custom {
        let mut x = Xml::new(&xml);
        let mut current: Option<String> = None;
        loop {
            match x
                .next()
                .map_err(|e| malformed(name, "docProps/custom.xml", e))?
            {
                Event::Start(e) if local(&e).as_ref() == "property" => current = attr(&e, "name"),
                Event::End(e) if e.local_name().as_ref() == "property" => current = None,
                Event::Text(t) => {
                    if let Some(n) = &current {
                        properties.push((n.clone(), t.xml10_content().to_string()));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    let mut modified = None;
    let mut revision = None;
    if let Some(xml) = core {
        let mut x = Xml::new(&xml);
        let mut inside = String::new();
        loop {
            match x
                .next()
                .map_err(|e| malformed(name, "docProps/core.xml", e))?
            {
                Event::Start(e) => {
                    inside = local(&e).as_ref().to_string();
                }
                Event::End(_) => inside.clear(),
                Event::Text(t) => {
                    let text = t.xml10_content().trim().to_string();
                    match inside.as_str() {
                        "modified" => modified = Some(text),
                        "revision" => revision = text.parse().ok(),
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    Ok(FormDocument {
        blocks,
        properties,
        modified,
        revision,
    })
}

/// A part of the package as text, read no further than the limit (the
/// sizes a zip declares are not trusted).
fn part(zip: &mut Zip, part: &str, name: &str) -> Result<Option<String>> {
    let file = match zip.by_name(part) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(zip::result::ZipError::UnsupportedArchive(_)) => {
            return Err(Error::refused(
                Refusal::Unsupported,
                format!(
                    "{name} is encrypted or uses a compression this application does not read; save an unprotected copy from Word and import that."
                ),
            ));
        }
        Err(_) => {
            return Err(Error::refused(
                Refusal::DamagedDocument,
                format!("{name} is damaged: its {part} cannot be read."),
            ));
        }
    };
    let mut data = Vec::new();
    file.take(limits::MAX_PART_BYTES + 1)
        .read_to_end(&mut data)
        .map_err(|_| {
            Error::refused(
                Refusal::DamagedDocument,
                format!("{name} is damaged: its {part} cannot be read."),
            )
        })?;
    if data.len() as u64 > limits::MAX_PART_BYTES {
        return Err(Error::refused(
            Refusal::TooLarge,
            format!(
                "{name} is too large to import: its {part} inflates to more than {} MB (it may be a zip bomb).",
                limits::MAX_PART_BYTES / (1024 * 1024)
            ),
        ));
    }
    String::from_utf8(data).map(Some).map_err(|_| {
        Error::refused(
            Refusal::DamagedDocument,
            format!("{name} is damaged: its {part} is not UTF-8 XML."),
        )
    })
}

#[derive(Debug)]
pub(crate) enum XmlProblem {
    Syntax(String),
    Doctype,
    TooDeep,
    Limit(String),
}

impl XmlProblem {
    /// What is wrong, to follow "its styles part …".
    pub(crate) fn describe(&self) -> String {
        match self {
            XmlProblem::Doctype => {
                "declares a DOCTYPE, which Word never writes and which can be used to attack the reader".into()
            }
            XmlProblem::TooDeep => format!("nests elements more than {} deep", limits::MAX_XML_DEPTH),
            XmlProblem::Limit(what) => format!("has {what}"),
            XmlProblem::Syntax(why) => format!("is not well-formed XML ({why})"),
        }
    }
}

fn malformed(name: &str, part: &str, e: XmlProblem) -> Error {
    match e {
        XmlProblem::Doctype => Error::refused(
            Refusal::HostileDocument,
            format!(
                "{name} cannot be imported: its {part} declares a DOCTYPE, which Word never writes and which can be used to attack the reader."
            ),
        ),
        XmlProblem::TooDeep => Error::refused(
            Refusal::HostileDocument,
            format!(
                "{name} cannot be imported: its {part} nests elements more than {} deep.",
                limits::MAX_XML_DEPTH
            ),
        ),
        XmlProblem::Limit(what) => Error::refused(
            Refusal::TooLarge,
            format!(
                "{name} cannot be imported: its {part} has {what}; it does not look like a committee document."
            ),
        ),
        XmlProblem::Syntax(why) => Error::refused(
            Refusal::DamagedDocument,
            format!(
                "{name} is damaged: its {part} is not well-formed XML ({why}). Open it in Word, save a copy and import that."
            ),
        ),
    }
}

/// `&amp;` and the other four XML defines, or a character reference.
fn known_reference(r: &quick_xml::events::BytesRef<'_>) -> bool {
    matches!(r.as_ref(), "amp" | "lt" | "gt" | "quot" | "apos")
        || r.resolve_char_ref().is_ok_and(|c| c.is_some())
}

/// Where things are in a well-formed XML part, found by a real parser
/// (so nothing in a comment or a string is mistaken for a tag).
#[derive(Debug, Default)]
pub(crate) struct Layout {
    /// Just after the root element's start tag.
    pub root_open_end: usize,
    /// Where the root element's end tag starts (its end when it is empty).
    pub root_close: usize,
    /// The root's children: local name and where each starts.
    pub children: Vec<(String, usize)>,
}

/// Checks a whole XML part the way the importer reads one (no DOCTYPE, no
/// entities, nothing left open, not too deep) and says where its root and
/// top-level children are.
pub(crate) fn layout(text: &str) -> std::result::Result<Layout, XmlProblem> {
    let mut x = Xml::new(text);
    let mut layout = Layout::default();
    loop {
        let before = x.reader.buffer_position() as usize;
        let depth = x.depth;
        let e = x.next()?;
        let after = x.reader.buffer_position() as usize;
        // Attributes are read lazily by the parser: check every one here
        // (well-formed, none twice), so nothing taken from the part is
        // half-parsed.
        if let Event::Start(s) | Event::Empty(s) = &e {
            for a in s.attributes() {
                a.map_err(|e| XmlProblem::Syntax(format!("a malformed attribute: {e}")))?;
            }
        }
        match &e {
            Event::Start(s) | Event::Empty(s) if depth == 1 => {
                layout
                    .children
                    .push((local(s).as_ref().to_string(), before));
            }
            Event::Start(_) if depth == 0 => layout.root_open_end = after,
            Event::Empty(_) if depth == 0 => {
                layout.root_open_end = after;
                layout.root_close = after;
            }
            Event::End(_) if depth == 1 => layout.root_close = before,
            Event::Eof => break,
            _ => {}
        }
    }
    if layout.root_open_end == 0 {
        return Err(XmlProblem::Syntax("it has no root element".into()));
    }
    Ok(layout)
}

/// Reads events (borrowed from the text, not copied), refusing DOCTYPEs
/// and tracking depth.
struct Xml<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    depth: usize,
}

impl<'a> Xml<'a> {
    fn new(text: &'a str) -> Self {
        let mut reader = quick_xml::Reader::from_str(text);
        reader.config_mut().check_end_names = true;
        Xml { reader, depth: 0 }
    }

    fn next(&mut self) -> std::result::Result<Event<'a>, XmlProblem> {
        let e = self
            .reader
            .read_event()
            .map_err(|e| XmlProblem::Syntax(e.to_string()))?;
        match &e {
            Event::DocType(_) => return Err(XmlProblem::Doctype),
            Event::Eof if self.depth > 0 => {
                return Err(XmlProblem::Syntax(
                    "it ends with elements still open, so it was cut short".into(),
                ));
            }
            Event::GeneralRef(r) if !known_reference(r) => {
                return Err(XmlProblem::Syntax(format!(
                    "it uses an entity, &{};, which Word never writes",
                    crate::text::printable(r.as_ref())
                )));
            }
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > limits::MAX_XML_DEPTH {
                    return Err(XmlProblem::TooDeep);
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Ok(e)
    }
}

fn local<'e>(e: &'e BytesStart<'_>) -> quick_xml::name::LocalName<'e> {
    e.local_name()
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

/// `<w:b/>`, `<w:b w:val="true"/>` are on; `w:val="0"`/`"false"` is off.
fn toggle(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

// --- styles ----------------------------------------------------------------------

#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<(String, u8)>,
    bold: Option<bool>,
    italic: Option<bool>,
}

#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    default_paragraph: Option<String>,
    /// Every style with its inheritance worked out, once.
    resolved: HashMap<String, Resolved>,
    default_resolved: Resolved,
}

/// A paragraph style with its inheritance resolved.
#[derive(Debug, Default, Clone)]
struct Resolved {
    heading: Option<u8>,
    title: bool,
    num: Option<(String, u8)>,
    bold: bool,
    italic: bool,
}

impl Styles {
    fn parse(xml: &str) -> std::result::Result<Styles, XmlProblem> {
        let mut x = Xml::new(xml);
        let mut styles = Styles::default();
        let mut current: Option<(String, Style, bool)> = None;
        let mut in_rpr = false;
        let mut num_id: Option<String> = None;
        let mut ilvl = 0u8;
        loop {
            let event = x.next()?;
            match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let name = local(e);
                    let name = name.as_ref();
                    let empty = matches!(event, Event::Empty(_));
                    match name {
                        "style" => {
                            let id = attr(e, "styleId").unwrap_or_default();
                            let is_default =
                                attr(e, "default").is_some_and(|v| v == "1" || v == "true");
                            let paragraph = attr(e, "type")
                                .is_none_or(|t| t == "paragraph" || t == "character");
                            if paragraph {
                                current = Some((id, Style::default(), is_default));
                            }
                        }
                        "rPr" if !empty => in_rpr = true,
                        _ => {}
                    }
                    if let Some((_, s, _)) = current.as_mut() {
                        match name {
                            "name" => s.name = attr(e, "val").unwrap_or_default(),
                            "basedOn" => s.based_on = attr(e, "val"),
                            "outlineLvl" => s.outline = attr(e, "val").and_then(|v| v.parse().ok()),
                            "numId" => num_id = attr(e, "val"),
                            "ilvl" => {
                                ilvl = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0)
                            }
                            "b" if in_rpr => s.bold = Some(toggle(e)),
                            "i" if in_rpr => s.italic = Some(toggle(e)),
                            _ => {}
                        }
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "rPr" => in_rpr = false,
                    "numPr" => {
                        if let (Some((_, s, _)), Some(id)) = (current.as_mut(), num_id.take()) {
                            s.num = Some((id, ilvl));
                        }
                        ilvl = 0;
                    }
                    "style" => {
                        if let Some((id, s, is_default)) = current.take() {
                            if is_default {
                                styles.default_paragraph = Some(id.clone());
                            }
                            styles.by_id.insert(id, s);
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        styles.resolved = styles
            .by_id
            .keys()
            .map(|id| (id.clone(), styles.resolve(Some(id))))
            .collect();
        styles.default_resolved = styles.resolve(None);
        Ok(styles)
    }

    /// A paragraph or character style, resolved; the default for none or an unknown id.
    fn get(&self, id: Option<&str>) -> &Resolved {
        id.and_then(|id| self.resolved.get(id))
            .unwrap_or(&self.default_resolved)
    }

    fn resolve(&self, id: Option<&str>) -> Resolved {
        let mut out = Resolved::default();
        let mut chain = Vec::new();
        let mut next = id
            .map(String::from)
            .or_else(|| self.default_paragraph.clone());
        while let Some(id) = next {
            if chain.len() > 20 || chain.contains(&id) {
                break;
            }
            let Some(s) = self.by_id.get(&id) else { break };
            chain.push(id);
            next = s.based_on.clone();
        }
        // Apply from the root down so nearer styles win.
        for id in chain.iter().rev() {
            let s = &self.by_id[id];
            let lower = s.name.to_lowercase();
            if let Some(level) = lower
                .strip_prefix("heading ")
                .and_then(|n| n.trim().parse::<u8>().ok())
            {
                out.heading = Some(level.saturating_sub(1));
            }
            if let Some(o) = s.outline.filter(|o| *o < 9) {
                out.heading = Some(o);
            }
            if lower == "title" || lower == "subtitle" {
                out.title = true;
                out.heading = None;
            }
            if s.num.is_some() {
                out.num = s.num.clone();
            }
            if let Some(b) = s.bold {
                out.bold = b;
            }
            if let Some(i) = s.italic {
                out.italic = i;
            }
        }
        out
    }
}

// --- numbering -------------------------------------------------------------------

#[derive(Debug, Default, Clone)]
struct Level {
    format: String,
    start: u32,
    /// How the number shows, e.g. "%1." or "(%1)".
    text: String,
}

/// What Word shows before a list item.
enum Marker {
    Bullet,
    /// A decimal list's number.
    Number(u32),
    /// Any other list: the marker as shown, e.g. "a)" or "1.2".
    Shown(String),
}

#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, HashMap<u8, Level>>,
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
    /// Counters by abstract list and level, as Word continues them.
    counters: HashMap<(String, u8), u32>,
    /// Nums whose start overrides have been applied.
    started: std::collections::HashSet<String>,
}

impl Numbering {
    fn parse(xml: &str) -> std::result::Result<Numbering, XmlProblem> {
        let mut x = Xml::new(xml);
        let mut n = Numbering::default();
        let mut abstract_id: Option<String> = None;
        let mut level: Option<(u8, Level)> = None;
        let mut num: Option<(String, String, HashMap<u8, u32>)> = None;
        let mut override_level: Option<u8> = None;
        // A list defined through a list style: the abstract list that only
        // names the style (numStyleLink), and the one that defines it
        // (styleLink).
        let mut uses_style: HashMap<String, String> = HashMap::new();
        let mut defines_style: HashMap<String, String> = HashMap::new();
        loop {
            let event = x.next()?;
            match &event {
                Event::Start(e) | Event::Empty(e) => match local(e).as_ref() {
                    "abstractNum" => abstract_id = attr(e, "abstractNumId"),
                    "numStyleLink" => {
                        if let (Some(a), Some(s)) = (abstract_id.clone(), attr(e, "val")) {
                            uses_style.insert(a, s);
                        }
                    }
                    "styleLink" => {
                        if let (Some(a), Some(s)) = (abstract_id.clone(), attr(e, "val")) {
                            defines_style.insert(s, a);
                        }
                    }
                    "lvl" if num.is_none() => {
                        let ilvl = attr(e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        level = Some((
                            ilvl,
                            Level {
                                format: "decimal".into(),
                                start: 1,
                                text: format!("%{}.", ilvl + 1),
                            },
                        ));
                    }
                    "numFmt" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.format = attr(e, "val").unwrap_or_default();
                        }
                    }
                    "start" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.start = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        }
                    }
                    "lvlText" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.text = attr(e, "val").unwrap_or_default();
                        }
                    }
                    "num" => {
                        num = Some((
                            attr(e, "numId").unwrap_or_default(),
                            String::new(),
                            HashMap::new(),
                        ))
                    }
                    "abstractNumId" => {
                        if let Some(n) = num.as_mut() {
                            n.1 = attr(e, "val").unwrap_or_default();
                        }
                    }
                    "lvlOverride" => override_level = attr(e, "ilvl").and_then(|v| v.parse().ok()),
                    "startOverride" => {
                        if let (Some(n), Some(l)) = (num.as_mut(), override_level) {
                            n.2.insert(l, attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1));
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "lvl" => {
                        if let (Some(a), Some((ilvl, l))) = (abstract_id.as_ref(), level.take()) {
                            n.abstracts.entry(a.clone()).or_default().insert(ilvl, l);
                        }
                    }
                    "abstractNum" => abstract_id = None,
                    "num" => {
                        if let Some((id, a, overrides)) = num.take() {
                            n.nums.insert(id, (a, overrides));
                        }
                    }
                    "lvlOverride" => override_level = None,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        // Lists through a list style count with the list that defines it.
        for (abstract_id, _) in n.nums.values_mut() {
            if let Some(target) = uses_style
                .get(abstract_id.as_str())
                .and_then(|s| defines_style.get(s))
            {
                *abstract_id = target.clone();
            }
        }
        Ok(n)
    }

    /// The next number Word shows for an item of list `num_id` at `ilvl`,
    /// or `None` for bullets (and `Some(0)` for other formats).
    fn next(&mut self, num_id: &str, ilvl: u8) -> Option<Marker> {
        let Numbering {
            abstracts,
            nums,
            counters,
            started,
        } = self;
        let (abstract_id, overrides) = nums.get(num_id)?;
        let levels = abstracts.get(abstract_id)?;
        let level = levels.get(&ilvl)?;
        if level.format == "none" {
            return None;
        }
        if started.insert(num_id.to_string()) {
            for (l, start) in overrides {
                counters.insert((abstract_id.clone(), *l), start.saturating_sub(1));
            }
        }
        // A deeper level restarts whenever a shallower one moves on.
        counters.retain(|(a, l), _| !(a == abstract_id && *l > ilvl));
        let counter = counters
            .entry((abstract_id.clone(), ilvl))
            .or_insert(level.start.saturating_sub(1));
        *counter = counter.saturating_add(1);
        let n = *counter;
        if level.format == "bullet" {
            return Some(Marker::Bullet);
        }
        if level.format == "decimal" && ilvl == 0 {
            return Some(Marker::Number(n));
        }
        // Fill in "%1", "%2", … with each level's current number.
        let mut shown = level.text.clone();
        for l in 0..=ilvl {
            let value = if l == ilvl {
                n
            } else {
                counters
                    .get(&(abstract_id.clone(), l))
                    .copied()
                    .unwrap_or(1)
            };
            let format = levels
                .get(&l)
                .map(|x| x.format.as_str())
                .unwrap_or("decimal");
            shown = shown.replace(&format!("%{}", l + 1), &format_number(value, format));
        }
        Some(Marker::Shown(shown))
    }
}

/// A list number as Word writes it in a given format.
fn format_number(n: u32, format: &str) -> String {
    let letters = |upper: bool| {
        let mut s = String::new();
        let mut k = n.max(1);
        while k > 0 {
            k -= 1;
            let c = (b'a' + (k % 26) as u8) as char;
            s.insert(0, if upper { c.to_ascii_uppercase() } else { c });
            k /= 26;
        }
        s
    };
    let roman = |upper: bool| {
        const TABLE: [(u32, &str); 13] = [
            (1000, "m"),
            (900, "cm"),
            (500, "d"),
            (400, "cd"),
            (100, "c"),
            (90, "xc"),
            (50, "l"),
            (40, "xl"),
            (10, "x"),
            (9, "ix"),
            (5, "v"),
            (4, "iv"),
            (1, "i"),
        ];
        let mut k = n.min(3999);
        let mut s = String::new();
        for (v, r) in TABLE {
            while k >= v {
                s.push_str(r);
                k -= v;
            }
        }
        if upper { s.to_uppercase() } else { s }
    };
    match format {
        "lowerLetter" => letters(false),
        "upperLetter" => letters(true),
        "lowerRoman" => roman(false),
        "upperRoman" => roman(true),
        _ => n.to_string(),
    }
}

// --- the body ----------------------------------------------------------------------

/// The name in hidden text such as " [kloe:answer:12:34:9]".
fn form_marker(text: &str) -> Option<&str> {
    let t = text.trim();
    t.strip_prefix('[')?
        .strip_suffix(']')
        .filter(|n| n.starts_with("kloe:"))
}

struct Body<'a> {
    styles: &'a Styles,
    numbering: Numbering,
    blocks: Vec<Block>,
    /// The footnotes and endnotes, to place after the paragraph that
    /// refers to them.
    notes: &'a HashMap<String, Vec<Block>>,
    seen: Seen,
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    bytes: usize,
    control: Option<String>,
    marker: Option<String>,
    style: Option<String>,
    num: Option<(String, u8)>,
    outline: Option<u8>,
    runs: Vec<Run>,
    /// The footnotes and endnotes it refers to ("f1", "e2").
    note_refs: Vec<String>,
}

#[derive(Default, Clone, Copy)]
struct RunProps {
    bold: Option<bool>,
    italic: Option<bool>,
    /// Hidden text (`w:vanish`): not shown, so not imported.
    vanish: bool,
}

impl<'a> Body<'a> {
    fn read(
        xml: &str,
        styles: &'a Styles,
        numbering: Numbering,
        notes: &'a HashMap<String, Vec<Block>>,
    ) -> std::result::Result<(Vec<Block>, Seen), XmlProblem> {
        let mut body = Body {
            styles,
            numbering,
            blocks: Vec::new(),
            notes,
            seen: Seen::default(),
        };
        let mut x = Xml::new(xml);
        // Paragraphs nest (a text box inside a paragraph), so keep a stack.
        let mut paras: Vec<Para> = Vec::new();
        let mut run = RunProps::default();
        let mut run_style: Option<String> = None;
        let mut in_rpr = false;
        let mut in_ppr = false;
        let mut in_text = false;
        // Depth inside content that is not shown: deletions, field codes,
        // the fallback copy of alternate content, content-control settings.
        let mut hidden = 0usize;
        // Tables: (table index, row, column) stack.
        let mut tables: Vec<(usize, usize, usize)> = Vec::new();
        let mut table_count = 0;
        let mut pending_num: (Option<String>, u8) = (None, 0);
        let mut placeholder_control = false;
        // Open fields, innermost last: true while in a field's code.
        let mut fields: Vec<bool> = Vec::new();
        // Open content controls, innermost last, with their tags.
        let mut controls: Vec<Option<String>> = Vec::new();
        let innermost = |controls: &[Option<String>]| controls.iter().rev().find_map(|c| c.clone());
        loop {
            let event = x.next()?;
            match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let name = local(e);
                    let name = name.as_ref();
                    let empty = matches!(event, Event::Empty(_));
                    if hidden > 0 {
                        // An unfilled content control shows its placeholder
                        // text, which is not an answer.
                        if name == "showingPlcHdr" {
                            placeholder_control = true;
                        }
                        if name == "tag"
                            && let Some(c) = controls.last_mut()
                        {
                            *c = attr(e, "val");
                        }
                        if !empty {
                            hidden += 1;
                        }
                        continue;
                    }
                    match name {
                        "sdtContent" if !empty && std::mem::take(&mut placeholder_control) => {
                            hidden = 1;
                        }
                        // A field's code (between begin and separate) is not
                        // text; its result is.
                        "fldChar" => match attr(e, "fldCharType").as_deref() {
                            Some("begin") => fields.push(true),
                            Some("separate") => {
                                if let Some(code) = fields.last_mut() {
                                    *code = false;
                                }
                            }
                            Some("end") => {
                                fields.pop();
                            }
                            _ => {}
                        },
                        "vanish" | "webHidden" if in_rpr => run.vanish = toggle(e),
                        // A footnote or endnote of the notes part: the
                        // separators Word draws are not notes.
                        "footnote" | "endnote" if !empty => {
                            let kind = if name == "footnote" { "f" } else { "e" };
                            match attr(e, "type").as_deref() {
                                Some(
                                    "separator" | "continuationSeparator" | "continuationNotice",
                                ) => hidden = 1,
                                _ => body.seen.notes.push((
                                    format!("{kind}{}", attr(e, "id").unwrap_or_default()),
                                    body.blocks.len(),
                                )),
                            }
                        }
                        "footnoteReference" | "endnoteReference" => {
                            let kind = if name == "footnoteReference" {
                                "f"
                            } else {
                                "e"
                            };
                            if let (Some(p), Some(id)) = (paras.last_mut(), attr(e, "id")) {
                                p.note_refs.push(format!("{kind}{id}"));
                            }
                        }
                        "ins" | "moveTo" if !empty => {
                            body.seen.insertions += 1;
                            body.seen.first_change.get_or_insert(body.blocks.len());
                        }
                        "commentReference" => {
                            body.seen.comments += 1;
                            body.seen.first_comment.get_or_insert(body.blocks.len());
                        }
                        "del" | "moveFrom" if !empty => {
                            body.seen.deletions += 1;
                            body.seen.first_change.get_or_insert(body.blocks.len());
                            hidden = 1;
                        }
                        "instrText" | "delText" | "Fallback" | "sdtPr" | "rPrChange"
                        | "pPrChange"
                            if !empty =>
                        {
                            hidden = 1;
                        }
                        "tbl" => {
                            table_count += 1;
                            tables.push((table_count, 0, 0));
                        }
                        "tr" => {
                            if let Some(t) = tables.last_mut() {
                                t.1 += 1;
                                t.2 = 0;
                            }
                        }
                        "tc" => {
                            if let Some(t) = tables.last_mut() {
                                t.2 += 1;
                            }
                        }
                        "sdt" if !empty => controls.push(None),
                        "p" if !empty => paras.push(Para {
                            control: innermost(&controls),
                            ..Para::default()
                        }),
                        "p" => {}
                        "pPr" if !empty => in_ppr = true,
                        "pStyle" if in_ppr => {
                            if let Some(p) = paras.last_mut() {
                                p.style = attr(e, "val");
                            }
                        }
                        "outlineLvl" if in_ppr => {
                            if let Some(p) = paras.last_mut() {
                                p.outline = attr(e, "val").and_then(|v| v.parse().ok());
                            }
                        }
                        "numId" if in_ppr => pending_num.0 = attr(e, "val"),
                        "ilvl" if in_ppr => {
                            pending_num.1 = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0)
                        }
                        "r" if !empty => {
                            run = RunProps::default();
                            run_style = None;
                        }
                        "rPr" if !empty && !in_ppr => in_rpr = true,
                        "rStyle" if in_rpr => run_style = attr(e, "val"),
                        "b" if in_rpr => run.bold = Some(toggle(e)),
                        "i" if in_rpr => run.italic = Some(toggle(e)),
                        "t" if !empty => in_text = true,
                        "tab" if !in_ppr => {
                            body.push_text(&mut paras, "\t", run, run_style.as_deref())
                        }
                        "br" | "cr" => body.push_text(&mut paras, "\n", run, run_style.as_deref()),
                        "noBreakHyphen" => {
                            body.push_text(&mut paras, "\u{2011}", run, run_style.as_deref())
                        }
                        _ => {}
                    }
                }
                Event::End(e) => {
                    let name = e.local_name();
                    let name = name.as_ref();
                    if hidden > 0 {
                        hidden -= 1;
                        continue;
                    }
                    match name {
                        "sdt" => {
                            controls.pop();
                        }
                        "p" => {
                            if let Some(p) = paras.pop() {
                                body.finish_paragraph(p, tables.last().copied());
                            }
                        }
                        "pPr" => {
                            in_ppr = false;
                            if let (Some(p), Some(id)) = (paras.last_mut(), pending_num.0.take()) {
                                p.num = Some((id, pending_num.1));
                            }
                            pending_num.1 = 0;
                        }
                        "rPr" => in_rpr = false,
                        "t" => in_text = false,
                        "tbl" => {
                            tables.pop();
                        }
                        _ => {}
                    }
                }
                Event::Text(t)
                    if in_text
                        && hidden == 0
                        && !run.vanish
                        && !fields.iter().any(|code| *code) =>
                {
                    let text = t.xml10_content();
                    if let Some(p) = paras.last_mut()
                        && p.control.is_none()
                    {
                        p.control = innermost(&controls);
                    }
                    body.push_text(&mut paras, &text, run, run_style.as_deref());
                }
                // Hidden text naming a box of the Word form.
                Event::Text(t) if in_text && hidden == 0 && run.vanish => {
                    let text = t.xml10_content();
                    if let (Some(p), Some(name)) = (paras.last_mut(), form_marker(&text)) {
                        p.marker = Some(name.to_string());
                    }
                }
                Event::GeneralRef(r)
                    if in_text
                        && hidden == 0
                        && !run.vanish
                        && !fields.iter().any(|code| *code) =>
                {
                    let text = match r.as_ref() {
                        "amp" => "&".to_string(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => match r.resolve_char_ref() {
                            Ok(Some(c)) => c.to_string(),
                            _ => {
                                return Err(XmlProblem::Syntax(format!(
                                    "unknown entity &{other};"
                                )));
                            }
                        },
                    };
                    body.push_text(&mut paras, &text, run, run_style.as_deref());
                }
                Event::Eof => break,
                _ => {}
            }
            if body.blocks.len() > limits::MAX_PARAGRAPHS {
                return Err(XmlProblem::Limit(format!(
                    "more than {} paragraphs",
                    limits::MAX_PARAGRAPHS
                )));
            }
            if paras
                .last()
                .is_some_and(|p| p.bytes > limits::MAX_PARAGRAPH_BYTES)
            {
                return Err(XmlProblem::Limit(format!(
                    "a paragraph longer than {} characters",
                    limits::MAX_PARAGRAPH_BYTES
                )));
            }
        }
        Ok((body.blocks, body.seen))
    }

    fn push_text(&self, paras: &mut [Para], text: &str, run: RunProps, run_style: Option<&str>) {
        let Some(p) = paras.last_mut() else { return };
        // No control character but a tab or a line break becomes part of a review.
        let text = crate::text::without_controls(text);
        let text = text.as_ref();
        p.bytes += text.len();
        // This application's own styles carry presentation only (a bold
        // question, an italic note): the words' own formatting is in the runs.
        let plain = Resolved::default();
        let para_style = match p.style.as_deref() {
            Some(s) if s.starts_with("Kloe") => &plain,
            s => self.styles.get(s),
        };
        let char_style = run_style.map(|s| self.styles.get(Some(s)));
        let bold = run
            .bold
            .or(char_style.filter(|c| c.bold).map(|_| true))
            .unwrap_or(para_style.bold);
        let italic = run
            .italic
            .or(char_style.filter(|c| c.italic).map(|_| true))
            .unwrap_or(para_style.italic);
        match p.runs.last_mut() {
            Some(last) if last.bold == bold && last.italic == italic => last.text.push_str(text),
            _ => p.runs.push(Run {
                text: text.to_string(),
                bold,
                italic,
            }),
        }
    }

    fn finish_paragraph(&mut self, p: Para, cell: Option<(usize, usize, usize)>) {
        // A table of contents repeats the headings; the headings themselves
        // are imported.
        if p.style
            .as_deref()
            .is_some_and(|s| s.to_ascii_lowercase().starts_with("toc"))
        {
            return;
        }
        let style = self.styles.get(p.style.as_deref());
        let num = p
            .num
            .or_else(|| style.num.clone())
            .filter(|(id, _)| id != "0");
        let mut block = Block {
            runs: p.runs,
            control: p.control,
            marker: p.marker,
            style: p.style.clone(),
            heading: p.outline.filter(|o| *o < 9).or(style.heading),
            title_style: style.title,
            cell,
            ..Block::default()
        };
        if let Some((id, ilvl)) = num {
            match self.numbering.next(&id, ilvl) {
                Some(Marker::Number(n)) => block.auto_number = Some(n),
                Some(Marker::Shown(marker)) => {
                    // A lettered or nested item: its marker is part of its text.
                    block.runs.insert(0, Run::plain(format!("{marker} ")));
                    block.list_item = true;
                }
                Some(Marker::Bullet) => block.bullet = true,
                None => {}
            }
        }
        if !block.is_blank() {
            self.blocks.push(block);
        }
        // Its footnotes and endnotes follow it, as notes.
        for key in &p.note_refs {
            if let Some(note) = self.notes.get(key) {
                self.blocks.extend(note.iter().cloned());
            }
        }
    }
}
