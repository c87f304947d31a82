//! Importing a committee's document: previewed with every check the
//! import makes, then saved as a new review (or into one) after a backup.

use std::path::Path;

use crate::error::{Result, guard};
use crate::formats::import::{ImportOptions, Reading, in_file, read_file};
use crate::model::{Partner, ReviewId, same_name};
use crate::progress::Progress;
use crate::workbook::Workbook;

impl Workbook {
    /// Every partner known to the workbook, newest review first, for
    /// matching the labels of an imported document.
    pub fn known_partners(&mut self, into: Option<ReviewId>) -> Result<Vec<Partner>> {
        if let Some(r) = into {
            return self.partners(r);
        }
        let mut all: Vec<Partner> = Vec::new();
        for r in self.reviews()? {
            for p in self.partners(r.id)? {
                if !all.iter().any(|k| same_name(&k.name, &p.name)) {
                    all.push(p);
                }
            }
        }
        Ok(all)
    }

    /// Reads a document as `import` would and makes every check the import
    /// makes (its writes, rolled back), so a clean preview means the import
    /// succeeds; writes nothing.
    pub fn import_preview(&mut self, path: &Path, opts: &ImportOptions) -> Result<Reading> {
        let known = self.known_partners(opts.into)?;
        let reading = guard(|| read_file(path, &known, opts))?;
        self.rehearse_import(&reading.draft, opts.into, "")
            .map_err(|e| in_file(path, e))?;
        Ok(reading)
    }

    /// Imports a document as a new review (or into `opts.into`), in one
    /// transaction.
    pub fn import(
        &mut self,
        path: &Path,
        opts: &ImportOptions,
        author: &str,
    ) -> Result<(ReviewId, Reading)> {
        self.import_with_progress(path, opts, author, &mut |_| {})
    }

    /// [`Store::import`], saying as it goes which of its steps it is on.
    pub fn import_with_progress(
        &mut self,
        path: &Path,
        opts: &ImportOptions,
        author: &str,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(ReviewId, Reading)> {
        let name = path
            .file_name()
            .unwrap_or(path.as_os_str())
            .to_string_lossy();
        progress(Progress::new(1, 2, format!("Reading {name}")));
        let reading = self.import_preview(path, opts)?;
        self.auto_backup("before import")?;
        progress(Progress::new(
            2,
            2,
            format!("Saving {} questions", reading.questions()),
        ));
        let id = match opts.into {
            Some(review) => {
                self.add_to_review(review, &reading.draft, author)
                    .map_err(|e| in_file(path, e))?;
                review
            }
            None => self
                .create_review(&reading.draft, author)
                .map_err(|e| in_file(path, e))?,
        };
        Ok((id, reading))
    }
}
