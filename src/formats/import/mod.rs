//! Turning a committee's document into a review: `.txt`, `.md` and
//! `.docx`, faithfully, or a clear reason why not. Nothing is written until
//! the whole document has been read; the review is then created in one
//! transaction.

pub(crate) mod blocks;
mod decode;
pub(crate) mod docx;
pub mod explain;
mod pdf;
pub mod recommendations;
pub mod structure;
mod synonyms;
mod tables;

use std::path::Path;

use serde::Serialize;

pub use blocks::Block;
pub use decode::Encoding;
pub use explain::Placed;
pub use structure::{SaidBy, Unlabelled, Warning};

use crate::doc::ReviewDraft;
use crate::error::{Error, Refusal, Result};
use crate::model::{Partner, ReviewId};

/// The limits on what is read, each with a test just over it.
pub mod limits {
    /// Largest `.txt` or `.md` file.
    pub const MAX_TEXT_BYTES: u64 = 20 * 1024 * 1024;
    /// Largest `.docx` file.
    pub const MAX_DOCX_BYTES: u64 = 50 * 1024 * 1024;
    /// Most entries in a `.docx` package.
    pub const MAX_ZIP_ENTRIES: usize = 5_000;
    /// Largest inflated part of a `.docx` (the document itself, styles, ...).
    pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
    /// Deepest nesting of XML elements.
    pub const MAX_XML_DEPTH: usize = 256;
    /// Most paragraphs in a document.
    pub const MAX_PARAGRAPHS: usize = 200_000;
    /// Longest paragraph, in bytes of text.
    pub const MAX_PARAGRAPH_BYTES: usize = 1024 * 1024;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Txt,
    Md,
    Docx,
    Pdf,
}

/// A PDF's paragraphs are numbered page by page: the paragraph `k` of page
/// `p` is `p * PDF_PAGE + k`, so that each has a place of its own while
/// the officer is told its page.
pub const PDF_PAGE: u32 = 10_000;

impl SourceFormat {
    /// How a place in a source of this kind is named: its line in a text,
    /// its paragraph in a Word document, its page in a PDF.
    pub fn unit(self) -> &'static str {
        match self {
            SourceFormat::Docx => "paragraph",
            SourceFormat::Pdf => "page",
            SourceFormat::Txt | SourceFormat::Md => "line",
        }
    }

    /// The number the officer finds a place by: its line or paragraph, or
    /// for a PDF its page.
    pub fn number(self, line: u32) -> u32 {
        match self {
            SourceFormat::Pdf => line / PDF_PAGE,
            _ => line,
        }
    }

    /// A place named as the officer finds it: "line 7", "page 3".
    pub fn place(self, line: u32) -> String {
        format!("{} {}", self.unit(), self.number(line))
    }
}

/// What reading a document found, before anything is written.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Reading {
    pub format: SourceFormat,
    /// For text files: the encoding they were read in.
    #[ts(type = "string | null")]
    pub encoding: Option<&'static str>,
    pub draft: ReviewDraft,
    pub warnings: Vec<Warning>,
    /// Answers printed with no label, when there are any.
    pub unlabelled: Option<Unlabelled>,
    /// Each paragraph of the source and where it went.
    pub placed: Vec<Placed>,
}

impl Reading {
    pub fn questions(&self) -> usize {
        self.draft.sections.iter().map(|s| s.questions.len()).sum()
    }

    pub fn responses(&self) -> usize {
        self.draft
            .sections
            .iter()
            .flat_map(|s| &s.questions)
            .map(|q| q.responses.len())
            .sum()
    }
}

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Mark every imported answer approved (else submitted).
    pub approved: bool,
    /// Add the document's sections to this review instead of making a new one.
    pub into: Option<ReviewId>,
    /// Who gives the answers a document prints with no label: a partner's
    /// name, short name or another name (else the document's own word, or
    /// a partner called "Unattributed").
    pub answered_by: Option<String>,
}

/// Reads a file into a draft review; writes nothing.
pub fn read_file(path: &Path, known_partners: &[Partner], opts: &ImportOptions) -> Result<Reading> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let io = |source| Error::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    };
    let file = crate::files::open_regular(path)?;
    let size = file.metadata().map_err(io)?.len();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let limit = if ext == "docx" || ext == "pdf" {
        limits::MAX_DOCX_BYTES
    } else {
        limits::MAX_TEXT_BYTES
    };
    if size > limit {
        return Err(Error::refused(
            Refusal::TooLarge,
            format!(
                "{name} is {:.0} MB; a {} file can be imported up to {} MB. Split it, or remove pictures and attachments first.",
                size as f64 / 1_048_576.0,
                if ext == "docx" { "Word" } else { "text" },
                limit / 1_048_576
            ),
        ));
    }
    let bytes = crate::files::read_bounded(file, limit, path, "The document")?;
    read_bytes(bytes, &name, &ext, known_partners, opts)
}

/// Reads a document's bytes into a draft review; `ext` is the file's
/// extension, `name` how to speak of it. Never panics on any input.
pub fn read_bytes(
    bytes: Vec<u8>,
    name: &str,
    ext: &str,
    known_partners: &[Partner],
    opts: &ImportOptions,
) -> Result<Reading> {
    if opts
        .answered_by
        .as_deref()
        .is_some_and(|a| a.trim().is_empty())
    {
        return Err(Error::refused(
            Refusal::Required,
            "Say which partner gives the answers printed with no label, such as --answered-by Police.",
        ));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::refused(
            Refusal::NoQuestions,
            format!("{name} is empty; there is nothing to import."),
        ));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        let encrypted = bytes.windows(28).any(|w| {
            w == "EncryptionInfo"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<_>>()
        });
        return Err(Error::refused(
            Refusal::Unsupported,
            if encrypted {
                format!(
                    "{name} is a password-protected Word document; save an unprotected copy and import that."
                )
            } else {
                format!(
                    "{name} is an old-style Word (.doc) document; open it in Word and save it as .docx, then import that."
                )
            },
        ));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(Error::refused(
            Refusal::Unsupported,
            format!(
                "{name} is a Rich Text (.rtf) document; save it from Word as .docx and import that."
            ),
        ));
    }
    let is_zip = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06");
    let mut word_doubts: Vec<Warning> = Vec::new();
    let is_pdf = bytes.starts_with(b"%PDF");
    let (format, encoding, blocks, odd_lines) = match (ext, is_zip) {
        _ if is_pdf => {
            let (blocks, doubts) = pdf::read(&bytes, name)?;
            word_doubts = doubts;
            (SourceFormat::Pdf, None, blocks, vec![])
        }
        (_, true) => {
            let (blocks, doubts) = docx::read(bytes, name)?;
            word_doubts = doubts;
            (SourceFormat::Docx, None, blocks, vec![])
        }
        ("docx", false) => {
            return Err(Error::refused(
                Refusal::DamagedDocument,
                format!(
                    "{name} is not a Word (.docx) document: it is not a zip package. If it is text, rename it to .txt."
                ),
            ));
        }
        ("txt" | "text" | "md" | "markdown" | "", false) => {
            if bytes.contains(&0)
                && !bytes.starts_with(&[0xFF, 0xFE])
                && !bytes.starts_with(&[0xFE, 0xFF])
            {
                return Err(Error::refused(
                    Refusal::Unsupported,
                    format!(
                        "{name} is not a text file; import a Word (.docx), text (.txt) or Markdown (.md) document."
                    ),
                ));
            }
            let (text, enc, odd_lines) = decode::decode(&bytes);
            // Old Mac files end lines with a carriage return alone.
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            let markdown = matches!(ext, "md" | "markdown");
            let blocks = if markdown {
                blocks::from_markdown(&text)
            } else {
                blocks::from_text(&text)
            };
            if blocks.len() > limits::MAX_PARAGRAPHS {
                return Err(Error::refused(
                    Refusal::TooLarge,
                    format!(
                        "{name} has more than {} paragraphs; split it and import the parts.",
                        limits::MAX_PARAGRAPHS
                    ),
                ));
            }
            if blocks
                .iter()
                .any(|b| b.text().len() > limits::MAX_PARAGRAPH_BYTES)
            {
                return Err(Error::refused(
                    Refusal::TooLarge,
                    format!(
                        "{name} has a paragraph longer than {} characters; it does not look like a committee document.",
                        limits::MAX_PARAGRAPH_BYTES
                    ),
                ));
            }
            let format = if markdown {
                SourceFormat::Md
            } else {
                SourceFormat::Txt
            };
            (format, Some(enc.label()), blocks, odd_lines)
        }
        (other, false) => {
            return Err(Error::refused(
                Refusal::Unsupported,
                format!(
                    "{name}: .{other} files cannot be imported; import a Word (.docx), text (.txt) or Markdown (.md) document."
                ),
            ));
        }
    };
    let (blocks, table_doubts) = tables::unfold(blocks, format);
    word_doubts.extend(table_doubts);
    let structure::Built {
        draft,
        mut warnings,
        unlabelled,
    } = structure::build(
        &blocks,
        &structure::Options {
            known_partners,
            approved: opts.approved,
            answered_by: opts.answered_by.as_deref(),
            format,
        },
    )
    .map_err(|problem| {
        Error::refused(
            Refusal::RepeatedAnswer,
            format!("{name} cannot be imported: {problem}"),
        )
    })?;
    if !odd_lines.is_empty() {
        warnings.insert(0, not_utf8(&odd_lines));
    }
    for (i, doubt) in word_doubts.into_iter().enumerate() {
        warnings.insert(i, doubt);
    }
    let placed = explain::explain(&blocks, &draft, format);
    let reading = Reading {
        format,
        encoding,
        draft,
        warnings,
        unlabelled,
        placed,
    };
    if reading.questions() == 0 {
        return Err(Error::refused(
            Refusal::NoQuestions,
            format!(
                "No numbered questions were found in {name}. Questions should be numbered, such as \"1.\", \"Q1)\" or \"Question 1:\", or use Word's numbering."
            ),
        ));
    }
    Ok(reading)
}

/// The doubt on a UTF-8 file's lines that were not UTF-8.
fn not_utf8(lines: &[u32]) -> Warning {
    let shown: Vec<String> = lines.iter().take(10).map(u32::to_string).collect();
    let more = match lines.len().saturating_sub(shown.len()) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let (which, is, was, them) = match lines.len() {
        1 => ("line", "is", "was", "it"),
        _ => ("lines", "are", "were", "them"),
    };
    Warning {
        line: lines.first().copied(),
        question: None,
        message: format!(
            "{which} {}{more} of this UTF-8 file {is} not UTF-8 and {was} read as Windows-1252; check {them} for a wrong character (such as \"£\" or \"’\")",
            shown.join(", ")
        ),
    }
}

/// An import's refusal, saying which file it is about.
pub(crate) fn in_file(path: &Path, e: Error) -> Error {
    let name = path
        .file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy();
    match e {
        Error::Refused(why, m) => Error::Refused(why, format!("{name} cannot be imported: {m}")),
        other => other,
    }
}
