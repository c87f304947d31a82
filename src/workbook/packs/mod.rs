//! Partner packs as the officer and the partner use them: sending a pack
//! or a Word form (`send`), opening, answering and returning it in partner
//! mode (`partner`), and merging what comes back (`merge`).

pub mod merge;
pub mod partner;
pub mod send;
