//! A file a partner sends back: a response file from partner mode, or a
//! filled-in Word form. Read whole and checked before anything in it is
//! trusted; whether it answers a pack this workbook sent is proven with
//! that pack's secret ([`ReturnedFile::proven_by`]).

use super::{ResponseContent, key, read_response, sha256_hex};
use crate::error::Result;

/// A returned file: a response file from partner mode, or a filled-in
/// Word form.
pub struct ReturnedFile {
    pub content: ResponseContent,
    /// What must show, with the pack's secret, that the file was made from
    /// a pack this workbook sent.
    proof: Proof,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// SHA-256 of its answers, responses to recommendations and sign-off:
    /// the same answers in a byte-different file are the same return.
    pub digest: String,
    /// Merge it even though a later return of the same pack was merged.
    pub allow_older: bool,
}

enum Proof {
    /// HMAC-SHA256 of the content's exact bytes.
    Response { content: Vec<u8>, tag: Vec<u8> },
    /// The token a Word form carries.
    Form { token: Vec<u8> },
}

impl ReturnedFile {
    /// Reads a response file or a Word form, refusing anything damaged,
    /// altered or not a response.
    pub fn read(bytes: &[u8]) -> Result<ReturnedFile> {
        // A fault in a reader becomes an error message, never a dead app.
        let (content, proof) = crate::error::guard(|| {
            if super::form::is_word_document(bytes) {
                super::form::read_form(bytes).map(|f| (f.content, Proof::Form { token: f.token }))
            } else {
                read_response(bytes).map(|r| {
                    (
                        r.content,
                        Proof::Response {
                            content: r.content_bytes,
                            tag: r.tag,
                        },
                    )
                })
            }
        })?;
        // A file without recommendations has the digest it always had.
        let said = if content.recommendations.is_empty() {
            serde_json::to_string(&(&content.answers, &content.signoff))
        } else {
            serde_json::to_string(&(&content.answers, &content.signoff, &content.recommendations))
        };
        let digest = sha256_hex(said.unwrap_or_default().as_bytes());
        Ok(ReturnedFile {
            content,
            proof,
            sha256: sha256_hex(bytes),
            digest,
            allow_older: false,
        })
    }

    /// The same file, to be merged even if a later return of its pack has
    /// been merged already.
    pub fn allowing_older(mut self, allow: bool) -> ReturnedFile {
        self.allow_older = allow;
        self
    }

    /// Whether the file proves, with `secret`, that it was made from the
    /// pack it names (compared in constant time).
    pub fn proven_by(&self, secret: &[u8]) -> bool {
        match &self.proof {
            Proof::Response { content, tag } => key::verify(secret, content, tag),
            Proof::Form { token } => key::verify_form_token(secret, &self.content.pack_id, token),
        }
    }
}
