//! Sending a partner its questions and the responses it owes to the
//! committee's recommendations: as a pack file answered in KLOE
//! Workbook, or as a Word form. Each is recorded with a fresh secret, so
//! that only a response made from it is accepted, and only for its
//! questions.

use std::path::Path;

use crate::error::Result;
use crate::formats::export::form;
use crate::formats::pack::{PackContent, Sending, key, pack_content, write_package};
use crate::model::{PartnerId, ReviewId};
use crate::store::packs;
use crate::workbook::Workbook;

impl Workbook {
    /// The questions `partner` answers in `review`, as a pack file's bytes.
    pub fn export_pack(
        &mut self,
        review: ReviewId,
        partner: PartnerId,
        author: &str,
    ) -> Result<Vec<u8>> {
        let content = self.issue_pack(review, partner, Sending::Pack, author)?;
        write_package("pack", &content, None)
    }

    /// The questions `partner` answers in `review`, as a Word form.
    pub fn export_form(
        &mut self,
        review: ReviewId,
        partner: PartnerId,
        author: &str,
    ) -> Result<Vec<u8>> {
        let content = self.issue_pack(review, partner, Sending::Form, author)?;
        let issued_at = content.issued_at.unwrap_or_else(|| self.now());
        form::write(&content, issued_at)
    }

    /// Saves the questions `partner` answers as a pack or a Word form at
    /// `path`; a path onto the workbook is refused before anything is
    /// recorded as sent.
    pub fn send_pack_to(
        &mut self,
        review: ReviewId,
        partner: PartnerId,
        sending: Sending,
        path: &Path,
        author: &str,
    ) -> Result<()> {
        crate::files::check_output(path, self.path())?;
        let bytes = match sending {
            Sending::Pack => self.export_pack(review, partner, author)?,
            Sending::Form => self.export_form(review, partner, author)?,
        };
        crate::files::save(path, &bytes, self.path())
    }

    /// Records a pack (or Word form) going to `partner`: its content, a
    /// fresh name and secret, and the answers it covers with the revision
    /// each is sent at. Returns the content, which holds the name and,
    /// in hex, the secret.
    fn issue_pack(
        &mut self,
        review: ReviewId,
        partner: PartnerId,
        sending: Sending,
        author: &str,
    ) -> Result<PackContent> {
        let issued_at = self.now();
        let secret = key::new_secret()?;
        let uid = key::new_uid()?;
        self.store.write(|tx| {
            let doc = crate::store::load_doc(tx, review)?;
            let content = PackContent {
                issued_at: Some(issued_at),
                pack_id: uid.clone(),
                key: key::hex(&secret),
                ..pack_content(
                    &doc,
                    crate::store::reviews::review_uid(tx, review)?,
                    partner,
                )?
            };
            packs::record_sent(
                tx,
                &packs::NewPack {
                    uid: &uid,
                    review,
                    partner,
                    secret: &secret,
                    kind: sending.kind(),
                    sent_at: issued_at,
                    sent_by: author,
                    answers: content
                        .questions
                        .iter()
                        .map(|q| (q.assignment, q.base_revision))
                        .collect(),
                    rec_responses: content
                        .recommendations
                        .iter()
                        .map(|r| (r.response, r.base_revision))
                        .collect(),
                },
            )?;
            Ok(content)
        })
    }
}
