//! The workbook's use cases: what an officer or a partner does, each
//! reading and writing the store in its transactions and the files in the
//! formats above it.

pub mod chase;
pub mod due_dates;
pub mod export;
pub mod import;
pub mod packs;
pub mod tracker;
