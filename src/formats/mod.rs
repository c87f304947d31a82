//! Bytes to documents and back: committee papers read into drafts
//! (`import`), reviews written out as Word, Markdown and HTML (`export`),
//! and the partner pack and response files (`pack`). Pure: nothing here
//! opens the workbook or reads its tables.

pub mod export;
pub mod import;
pub mod pack;
