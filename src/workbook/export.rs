//! Exporting a review: read it, render it in the format asked for (with
//! the council's template for Word), and save it, never onto the workbook.

use std::path::Path;

use crate::error::{Error, Refusal, Result};
use crate::formats::export::{self, ExportOptions, Format, Template};
use crate::model::ReviewId;
use crate::progress::Progress;
use crate::workbook::Workbook;

impl Workbook {
    /// Exports a review to `path`. A template (`.docx`) only applies to Word.
    pub fn export(
        &mut self,
        review: ReviewId,
        opts: &ExportOptions,
        template: Option<&Path>,
        path: &Path,
    ) -> Result<()> {
        self.export_with_progress(review, opts, template, path, &mut |_| {})
    }

    /// [`Store::export`], saying as it goes which of its steps it is on.
    pub fn export_with_progress(
        &mut self,
        review: ReviewId,
        opts: &ExportOptions,
        template: Option<&Path>,
        path: &Path,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<()> {
        crate::files::check_output(path, self.path())?;
        progress(Progress::new(1, 3, "Reading the review"));
        let template = match template {
            Some(t) if opts.format == Format::Docx => Some(Template::read(t)?),
            Some(_) => {
                return Err(Error::refused(
                    Refusal::Usage,
                    "A council template applies to Word exports only; choose --format docx, or leave out the template.",
                ));
            }
            None => None,
        };
        let doc = self.load(review)?;
        let what = match opts.format {
            Format::Docx => "Writing the Word document",
            Format::Md => "Writing the Markdown",
            Format::Html => "Writing the web page",
        };
        progress(Progress::new(2, 3, what));
        let bytes = export::render(&doc, opts, template.as_ref(), self.now())?;
        progress(Progress::new(3, 3, format!("Saving {}", path.display())));
        crate::files::save(path, &bytes, self.path())
    }
}

impl Workbook {
    /// The review as the self-contained web page export, for showing what a
    /// document will hold before it is saved.
    pub fn preview_html(&mut self, review: ReviewId, opts: &ExportOptions) -> Result<String> {
        let doc = self.load(review)?;
        Ok(export::preview_html(&doc, opts, self.now()))
    }
}
