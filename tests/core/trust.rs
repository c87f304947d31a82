//! A partner's file speaks only for that partner: a response is accepted
//! only from a pack this workbook sent, proven with that pack's secret,
//! for that pack's partner and answers. Every forgery below is made by
//! someone holding a real response (and, where it says so, the pack and so
//! its secret); each is refused in one line with the workbook unchanged.

use std::path::{Path, PathBuf};

use kloe::formats::pack::key;

use crate::partner_packs::{Party, answer_of, assignment_of, s};
use crate::support::{zip_entries, zip_of};

/// The council's sample, with BDC's answer to question 9 approved, and
/// Police's returned response answering 9 and 10 (not yet merged).
fn council_and_police() -> (Party, String, PathBuf, PathBuf) {
    let (council, review) = Party::council();
    council.ok(&[
        "respond",
        &review,
        "9",
        "BDC",
        "--text",
        "BDC's approved words.",
        "--status",
        "approved",
    ]);
    let pack = council.pack_for(&review, "Police", "police.kloepack");
    let police = Party::partner();
    police.answer(&pack, 9, "Nine from Police.");
    police.answer(&pack, 10, "Ten from Police.");
    let response = police.return_to(&pack, "police.kloeresponse");
    (council, review, pack, response)
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap()
}

/// The response with its content edited, then vouched for again: the
/// SHA-256 recomputed, and the HMAC made with `secret` (or left as it
/// was when `None`, as someone without the secret must).
pub(crate) fn reseal(
    response: &Path,
    secret: Option<&[u8]>,
    edit: impl FnOnce(&mut serde_json::Value, &mut serde_json::Value),
) -> Vec<u8> {
    let files = zip_entries(&std::fs::read(response).unwrap());
    let (mut manifest, mut content) = (json(&files[0].1), json(&files[1].1));
    edit(&mut manifest, &mut content);
    let content = serde_json::to_vec_pretty(&content).unwrap();
    manifest["content_sha256"] = kloe::formats::pack::sha256_hex(&content).into();
    if let Some(secret) = secret {
        manifest["content_hmac"] = key::hex(&key::tag(secret, &content)).into();
    }
    zip_of(&[
        (
            "manifest.json",
            &serde_json::to_vec_pretty(&manifest).unwrap(),
        ),
        ("content.json", &content),
    ])
}

/// The secret a pack carries (whoever holds the pack holds it).
pub(crate) fn secret_of(pack: &Path) -> Vec<u8> {
    let files = zip_entries(&std::fs::read(pack).unwrap());
    key::unhex(json(&files[1].1)["key"].as_str().unwrap()).unwrap()
}

/// The council's ids of partner `short` and of its assignment on question
/// `q`, and the assignment's revision.
fn ids(
    council: &Party,
    review: &str,
    q: u64,
    short: &str,
) -> (serde_json::Value, serde_json::Value, serde_json::Value) {
    let doc = council.show(review);
    let (partner, a) = assignment_of(&doc, q, short);
    (partner.clone(), a["id"].clone(), a["revision"].clone())
}

#[test]
fn a_response_rewritten_to_speak_for_another_partner_is_refused() {
    let (council, review, pack, response) = council_and_police();
    let (bdc, bdc_q9, bdc_rev) = ids(&council, &review, 9, "BDC");
    let to_bdc = |m: &mut serde_json::Value, c: &mut serde_json::Value| {
        m["partner"] = bdc.clone();
        c["partner"]["id"] = bdc.clone();
        m["partner_name"] = "Bolsover District Council".into();
        c["partner"]["name"] = "Bolsover District Council".into();
        c["partner"]["short_name"] = "BDC".into();
        c["answers"][0]["assignment"] = bdc_q9.clone();
        c["answers"][0]["base_revision"] = bdc_rev.clone();
    };

    // By someone with only the response: the tag no longer verifies.
    let f = council.file("forged.kloeresponse");
    std::fs::write(&f, reseal(&response, None, to_bdc)).unwrap();
    let err = council.refused_with(&["pack", "import", s(&f)], "not_proven");
    assert!(err.contains("Derbyshire Police"), "{err}");

    // By someone holding Police's pack and so its secret: the pack was
    // Police's, so it cannot speak for BDC or answer BDC's question.
    let secret = secret_of(&pack);
    std::fs::write(&f, reseal(&response, Some(&secret), to_bdc)).unwrap();
    let err = council.refused_with(&["pack", "import", s(&f)], "wrong_partner");
    assert!(err.contains("Derbyshire Police"), "{err}");
    let only_the_answer = |_: &mut serde_json::Value, c: &mut serde_json::Value| {
        c["answers"][0]["assignment"] = bdc_q9.clone();
        c["answers"][0]["base_revision"] = bdc_rev.clone();
    };
    std::fs::write(&f, reseal(&response, Some(&secret), only_the_answer)).unwrap();
    let err = council.refused_with(&["pack", "import", s(&f)], "not_partners_answer");
    assert!(err.contains("Derbyshire Police"), "{err}");

    // BDC's approved answer stands.
    let (text, status) = answer_of(&council.show(&review), 9, "BDC");
    assert_eq!(
        (text.as_str(), status.as_str()),
        ("BDC's approved words.", "approved")
    );
    // And the real response still merges.
    council.ok(&["pack", "import", s(&response)]);
}

#[test]
fn a_response_to_a_pack_not_sent_from_here_or_not_proven_is_refused() {
    let (council, _review, pack, response) = council_and_police();
    let secret = secret_of(&pack);
    let f = council.file("x.kloeresponse");

    // Another pack name, even sealed with a real secret.
    std::fs::write(
        &f,
        reseal(&response, Some(&secret), |m, c| {
            m["pack_id"] = "00112233445566778899aabbccddeeff".into();
            c["pack_id"] = "00112233445566778899aabbccddeeff".into();
        }),
    )
    .unwrap();
    council.refused_with(&["pack", "import", s(&f)], "pack_not_sent_here");

    // A guessed secret.
    std::fs::write(&f, reseal(&response, Some(&[7u8; 32]), |_, _| {})).unwrap();
    council.refused_with(&["pack", "import", s(&f)], "not_proven");

    // No tag at all.
    std::fs::write(
        &f,
        reseal(&response, None, |m, _| {
            m.as_object_mut().unwrap().remove("content_hmac");
        }),
    )
    .unwrap();
    council.refused_with(&["pack", "import", s(&f)], "not_a_pack");

    // A file from the version before packs had secrets.
    std::fs::write(
        &f,
        reseal(&response, Some(&secret), |m, _| m["version"] = 1.into()),
    )
    .unwrap();
    council.refused_with(&["pack", "import", s(&f)], "old_format");
}

#[test]
fn a_holder_of_the_pack_cannot_repeat_answers_drop_the_signoff_name_or_reach_outside_it() {
    let (council, review, pack, response) = council_and_police();
    let secret = secret_of(&pack);
    let f = council.file("x.kloeresponse");

    std::fs::write(
        &f,
        reseal(&response, Some(&secret), |_, c| {
            let first = c["answers"][0].clone();
            c["answers"].as_array_mut().unwrap().push(first);
        }),
    )
    .unwrap();
    council.refused_with(&["pack", "import", s(&f)], "repeated_answer");

    std::fs::write(
        &f,
        reseal(&response, Some(&secret), |_, c| {
            c["signoff"] =
                serde_json::json!({"name": "  ", "role": "Inspector", "date": "2026-02-03"});
        }),
    )
    .unwrap();
    council.refused_with(&["pack", "import", s(&f)], "signoff_incomplete");

    // An answer to a question Police was given after the pack went out.
    council.ok(&["assign", &review, "1", "Police"]);
    let (_, q1, _) = ids(&council, &review, 1, "Police");
    std::fs::write(
        &f,
        reseal(&response, Some(&secret), |_, c| {
            c["answers"][1]["assignment"] = q1;
            c["answers"][1]["number"] = 1.into();
        }),
    )
    .unwrap();
    let err = council.refused_with(&["pack", "import", s(&f)], "outside_pack");
    assert!(err.contains("Derbyshire Police"), "{err}");
}

#[test]
fn a_fast_clock_never_blocks_later_returns_and_a_copy_of_a_merged_file_changes_nothing() {
    let (council, review) = Party::council();
    let pack = council.pack_for(&review, "Police", "police.kloepack");
    // The partner's clock is a year fast for the first return.
    let police = Party::partner().at("2027-02-03T09:00:00Z");
    police.answer(&pack, 9, "From a fast clock.");
    let first = police.return_to(&pack, "first.kloeresponse");
    council.ok(&["pack", "import", s(&first)]);
    let police = police.at("2026-02-05T09:00:00Z");
    police.answer(&pack, 9, "Corrected.");
    let second = police.return_to(&pack, "second.kloeresponse");
    let plan: serde_json::Value =
        serde_json::from_str(&council.ok(&["pack", "import", s(&second), "--dry-run", "--json"]))
            .unwrap();
    assert_eq!(plan["sequence"], 2);
    assert_eq!(plan["returned_at"], "2026-02-05T09:00:00Z");
    council.ok(&["pack", "import", s(&second)]);
    assert_eq!(
        answer_of(&council.show(&review), 9, "Police").0,
        "Corrected."
    );

    // The same return in a byte-different file (zipped again, stored).
    let files = zip_entries(&std::fs::read(&second).unwrap());
    let copy = council.file("copy.kloeresponse");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in files.iter().rev() {
        use std::io::Write;
        zip.start_file(
            name.as_str(),
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored),
        )
        .unwrap();
        zip.write_all(data).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert_ne!(bytes, std::fs::read(&second).unwrap());
    std::fs::write(&copy, bytes).unwrap();
    let before = council.wb.dump();
    let out = council.ok(&["pack", "import", s(&copy)]);
    assert!(out.contains("already merged"), "{out}");
    assert_eq!(council.wb.dump(), before);
}

#[test]
fn a_word_form_must_carry_its_packs_token() {
    let (council, review) = Party::council();
    let form = council.file("pcc.docx");
    council.ok(&["pack", "export", &review, "PCC", "-o", s(&form)]);
    let files = zip_entries(&std::fs::read(&form).unwrap());
    let custom = &files
        .iter()
        .find(|(n, _)| n == "docProps/custom.xml")
        .unwrap()
        .1;
    let custom = String::from_utf8(custom.clone()).unwrap();
    assert!(custom.contains("name=\"KloeToken\""), "{custom}");
    // The pack's secret itself is never in the form.
    let rewrite = |from: &str, to: &str| {
        let entries: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|(n, d)| {
                let d = if n == "docProps/custom.xml" {
                    custom.replacen(from, to, 1).into_bytes()
                } else {
                    d.clone()
                };
                (n.clone(), d)
            })
            .collect();
        let refs: Vec<(&str, &[u8])> = entries
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect();
        let f = council.file("forged.docx");
        std::fs::write(&f, zip_of(&refs)).unwrap();
        f
    };
    let marker = "name=\"KloeToken\"><vt:lpwstr>";
    let token_at = custom.find(marker).unwrap() + marker.len();
    let token = &custom[token_at..token_at + 64];
    assert!(key::unhex(token).is_some(), "{token}");
    let forged = rewrite(token, &"0".repeat(64));
    council.refused_with(&["pack", "import", s(&forged)], "not_proven");
    let old = rewrite(
        "name=\"KloeForm\"><vt:lpwstr>2",
        "name=\"KloeForm\"><vt:lpwstr>1",
    );
    council.refused_with(&["pack", "import", s(&old)], "old_format");
}

/// Two packs sent to one partner in the same instant are two packs: each
/// opens as its own copy, and opening either again finds its copy.
#[test]
fn two_packs_sent_in_the_same_instant_open_as_two_copies() {
    let mut council = crate::support::store();
    let (review, _) = council.ensure_sample().unwrap();
    let police = council.find_partner(review, "Police").unwrap().id;
    let first = council.export_pack(review, police, "Officer").unwrap();
    let second = council.export_pack(review, police, "Officer").unwrap();
    let mut partner = crate::support::store();
    let a = partner.open_pack(&first, "Police officer").unwrap();
    let b = partner.open_pack(&second, "Police officer").unwrap();
    assert!(a.created && b.created);
    assert_ne!(a.review, b.review);
    let again = partner.open_pack(&first, "Police officer").unwrap();
    assert!(!again.created);
    assert_eq!(again.review, a.review);
    assert_eq!(partner.pack_copy(&second).unwrap(), Some(b.review));
}
