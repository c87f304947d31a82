//! The secret each pack carries, and the proofs made with it.
//!
//! Every pack the council sends gets a fresh 256-bit secret from the
//! operating system's generator, kept in the council's workbook with the
//! pack's record. The partner's copy keeps it too, and authenticates each
//! response it returns with HMAC-SHA256 over the response's exact content
//! bytes. A Word form cannot compute anything, so it carries a token made
//! from the secret instead (see [`form_token`]). Tags are compared in
//! constant time.

use hmac::{KeyInit, Mac};
use sha2::Sha256;

use crate::error::{Error, Refusal, Result};

type HmacSha256 = hmac::Hmac<Sha256>;

/// Length of a pack's secret, in bytes.
pub const SECRET_BYTES: usize = 32;

/// A fresh random secret.
pub fn new_secret() -> Result<Vec<u8>> {
    let mut secret = vec![0u8; SECRET_BYTES];
    getrandom::fill(&mut secret).map_err(|e| {
        Error::refused(Refusal::Internal, format!(
            "The computer's random number generator could not be read ({e}), so no pack was made; try again."
        ))
    })?;
    Ok(secret)
}

/// A fresh random name for a pack: 128 bits, in hex.
pub fn new_uid() -> Result<String> {
    new_secret().map(|s| hex(&s[..16]))
}

fn mac(secret: &[u8]) -> HmacSha256 {
    // HMAC takes a key of any length.
    <HmacSha256 as KeyInit>::new_from_slice(secret).unwrap_or_else(|_| unreachable_key())
}

#[allow(clippy::panic)]
fn unreachable_key() -> HmacSha256 {
    panic!("HMAC accepts keys of every length")
}

/// HMAC-SHA256 of `message` under `secret`.
pub fn tag(secret: &[u8], message: &[u8]) -> Vec<u8> {
    let mut m = mac(secret);
    m.update(message);
    m.finalize().into_bytes().to_vec()
}

/// Whether `tag` is the HMAC-SHA256 of `message` under `secret`, compared
/// in constant time.
pub fn verify(secret: &[u8], message: &[u8], tag: &[u8]) -> bool {
    let mut m = mac(secret);
    m.update(message);
    m.verify_slice(tag).is_ok()
}

/// What a Word form carries to show it was made from the pack `uid`: a
/// holder of the form may answer it, as a holder of a pack may.
pub fn form_token(secret: &[u8], uid: &str) -> Vec<u8> {
    tag(secret, format!("kloe-form:{uid}").as_bytes())
}

pub fn verify_form_token(secret: &[u8], uid: &str, token: &[u8]) -> bool {
    verify(secret, format!("kloe-form:{uid}").as_bytes(), token)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes from hex; `None` for anything else.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_verifies_only_for_its_secret_and_message() {
        let secret = new_secret().unwrap_or_default();
        let other = new_secret().unwrap_or_default();
        assert_eq!(secret.len(), SECRET_BYTES);
        assert_ne!(secret, other);
        let t = tag(&secret, b"content");
        assert!(verify(&secret, b"content", &t));
        assert!(!verify(&other, b"content", &t));
        assert!(!verify(&secret, b"content!", &t));
        assert!(!verify(&secret, b"content", &t[..31]));
        assert_eq!(unhex(&hex(&t)), Some(t));
        assert_eq!(unhex("zz"), None);
        assert!(verify_form_token(&secret, "ab", &form_token(&secret, "ab")));
        assert!(!verify_form_token(
            &secret,
            "ac",
            &form_token(&secret, "ab")
        ));
    }
}
