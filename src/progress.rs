//! How long work (import, export) tells a front end how far it has got.

/// One step of a longer piece of work: "2 of 3: Writing the review".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Progress {
    pub step: u32,
    pub steps: u32,
    pub message: String,
}

impl Progress {
    pub fn new(step: u32, steps: u32, message: impl Into<String>) -> Self {
        Progress {
            step,
            steps,
            message: message.into(),
        }
    }
}
