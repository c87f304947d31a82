//! Appendices: files kept with a review, and the questions that refer to them.

use std::path::Path;

use super::Workbook;
use crate::error::{Error, Refusal, Result};
use crate::model::{AppendixId, QuestionId, ReviewId};
use crate::store;

impl Workbook {
    /// Removes an appendix; questions that referred to it no longer do.
    pub fn delete_appendix(&mut self, review: ReviewId, label: &str) -> Result<()> {
        let now = self.now();
        self.store
            .write(|tx| store::appendices::delete_appendix(tx, review, label, now))
    }

    /// Records that a question refers to an appendix (or no longer does).
    pub fn refer_to_appendix(
        &mut self,
        question: QuestionId,
        label: &str,
        refers: bool,
    ) -> Result<()> {
        let now = self.now();
        self.store
            .write(|tx| store::appendices::refer_to_appendix(tx, question, label, refers, now))
    }

    /// The attached file of an appendix: its name and bytes.
    pub fn appendix_file(&mut self, review: ReviewId, label: &str) -> Result<(String, Vec<u8>)> {
        self.store
            .read(|tx| store::appendices::appendix_file(tx, review, label))
    }

    /// Adds an appendix, reading `file` (if given) into the workbook so that
    /// it travels with the review, and records the questions that refer to it.
    pub fn add_appendix(
        &mut self,
        review: ReviewId,
        label: &str,
        title: Option<&str>,
        file: Option<&Path>,
        questions: &[QuestionId],
    ) -> Result<AppendixId> {
        let attached = file.map(read_attachment).transpose()?;
        let now = self.now();
        self.store.write(|tx| {
            store::appendices::add_appendix(tx, review, label, title, attached, questions, now)
        })
    }
}

fn read_attachment(path: &Path) -> Result<(String, Vec<u8>)> {
    let io = |action, source| Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    };
    let file = crate::files::open_regular(path)?;
    let size = file.metadata().map_err(|e| io("read", e))?.len();
    if size > store::MAX_APPENDIX_BYTES {
        return Err(Error::refused(
            Refusal::TooLarge,
            format!(
                "{} is {:.0} MB; appendices kept in the workbook can be up to {} MB. Attach a smaller copy, or refer to the file without attaching it.",
                path.display(),
                size as f64 / 1_048_576.0,
                store::MAX_APPENDIX_BYTES / 1_048_576
            ),
        ));
    }
    let data =
        crate::files::read_bounded(file, store::MAX_APPENDIX_BYTES, path, "The appendix file")?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "appendix".into());
    Ok((name, data))
}
