//! KLOE Workbook's core: the domain model, the offline store, and the
//! operations every front end (the `kloe` command line, the desktop app)
//! calls. Nothing here knows about windows.

pub mod bindings;
pub mod doc;
pub mod error;
pub mod files;
pub mod formats;
pub mod model;
pub mod progress;
pub mod store;
pub mod text;
pub mod workbook;
pub mod workdays;

pub use error::{Error, Refusal, Result};
pub use store::Clock;
pub use workbook::Workbook;
