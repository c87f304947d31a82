//! Partner packs: exactly one partner's questions leave the workbook.

use kloe::formats::pack::{
    Manifest, PACK_FORMAT, PACK_VERSION, PackContent, read_pack, sha256_hex,
};

use crate::support::{WorkbookFile, store, zip_entries, zip_of};

#[test]
fn a_pack_holds_only_the_partners_questions_and_says_what_it_holds() {
    let mut s = store();
    let (id, _) = s.ensure_sample().unwrap();
    let police = s.find_partner(id, "Police").unwrap();
    let bytes = s.export_pack(id, police.id, "Officer").unwrap();
    let files = zip_entries(&bytes);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["manifest.json", "content.json"]);

    let manifest: Manifest = serde_json::from_slice(&files[0].1).unwrap();
    assert_eq!(manifest.format, PACK_FORMAT);
    assert_eq!(manifest.version, PACK_VERSION);
    assert_eq!(manifest.kind, "pack");
    assert_eq!(manifest.partner, police.id);
    assert_eq!(manifest.review_uid, s.review_uid(id).unwrap());
    assert_eq!(
        manifest.content_sha256,
        sha256_hex(&files[1].1),
        "the manifest vouches for the content"
    );

    let content: PackContent = serde_json::from_slice(&files[1].1).unwrap();
    let doc = s.load(id).unwrap();
    let expected: Vec<(u32, kloe::model::AssignmentId)> = doc
        .questions()
        .flat_map(|q| q.assignments.iter().map(move |a| (q.number, a)))
        .filter(|(_, a)| a.partners.contains(&police.id))
        .map(|(n, a)| (n, a.id))
        .collect();
    let got: Vec<_> = content
        .questions
        .iter()
        .map(|q| (q.number, q.assignment))
        .collect();
    assert_eq!(
        got, expected,
        "exactly the questions Police answers, in order"
    );
    assert!(
        content
            .questions
            .iter()
            .any(|q| q.joint_with == ["Derbyshire PCC Office"]),
        "joint questions name the other partner"
    );
    assert!(
        content
            .questions
            .iter()
            .all(|q| q.base_revision.is_some() != q.response.is_empty())
    );

    // No answer of anyone else's goes with it.
    let text = String::from_utf8(files[1].1.clone()).unwrap();
    for q in doc.questions() {
        for a in q
            .assignments
            .iter()
            .filter(|a| !a.partners.contains(&police.id))
        {
            for p in &a.response {
                let json = serde_json::to_string(p).unwrap();
                assert!(
                    !text.contains(&json),
                    "another partner's answer leaked: {json}"
                );
            }
        }
    }
}

#[test]
fn a_partner_with_no_questions_gets_no_pack() {
    let wb = WorkbookFile::new();
    let id = wb.sample();
    wb.ok(&["partner", "add", &id, "Rykneld Homes", "--short", "Homes"]);
    let file = wb.dir().join("homes.kloepack");
    wb.refused_with(
        &["pack", "export", &id, "Homes", "-o", file.to_str().unwrap()],
        "nothing_to_do",
    );
    assert!(!file.exists());

    let file = wb.dir().join("police.kloepack");
    let out = wb.ok(&[
        "pack",
        "export",
        &id,
        "Police",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(out.starts_with("Wrote the pack for Derbyshire"), "{out}");
    assert_eq!(zip_entries(&std::fs::read(&file).unwrap()).len(), 2);
}

/// A real pack for Police in the sample, as its two parts.
fn police_pack() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let mut s = store();
    let (id, _) = s.ensure_sample().unwrap();
    let police = s.find_partner(id, "Police").unwrap();
    let bytes = s.export_pack(id, police.id, "Officer").unwrap();
    let files = zip_entries(&bytes);
    (bytes, files[0].1.clone(), files[1].1.clone())
}

#[test]
fn a_pack_reads_back_as_it_was_written() {
    let (bytes, manifest, content) = police_pack();
    let (m, c) = read_pack(&bytes).unwrap();
    assert_eq!(m, serde_json::from_slice::<Manifest>(&manifest).unwrap());
    assert_eq!(c, serde_json::from_slice::<PackContent>(&content).unwrap());
}

#[test]
fn altered_damaged_foreign_and_newer_packs_are_refused_with_a_reason() {
    let (bytes, manifest, content) = police_pack();
    let refuse = |bytes: &[u8], code: &str, says: &str| {
        let err = read_pack(bytes).unwrap_err();
        assert_eq!(err.code(), code, "{err}");
        assert!(
            err.to_string().contains(says),
            "expected \"{says}\" in: {err}"
        );
    };

    // An answer edited inside the file after it was written.
    let edited = String::from_utf8(content.clone())
        .unwrap()
        .replacen("Members", "Member5", 1);
    assert!(
        edited.as_bytes() != content.as_slice(),
        "the edit changes the content"
    );
    refuse(
        &zip_of(&[
            ("manifest.json", &manifest),
            ("content.json", edited.as_bytes()),
        ]),
        "altered",
        "changed after it was written",
    );

    // From a newer version of the program, vouched for properly.
    let mut m: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    m["version"] = (PACK_VERSION + 1).into();
    let newer = serde_json::to_vec(&m).unwrap();
    refuse(
        &zip_of(&[("manifest.json", &newer), ("content.json", &content)]),
        "newer_format",
        "newer version",
    );

    // Cut short in transit, or not a pack at all.
    refuse(
        &bytes[..bytes.len() / 2],
        "not_a_pack",
        "damaged or incomplete",
    );
    refuse(
        b"PK\x03\x04 not really a zip",
        "not_a_pack",
        "damaged or incomplete",
    );
    refuse(
        &zip_of(&[("word/document.xml", b"<w:document/>")]),
        "not_a_pack",
        "not a KLOE partner pack",
    );

    // A file that would land outside wherever the pack is opened.
    for name in ["../evil.txt", "/etc/evil", "a/../../evil"] {
        refuse(
            &zip_of(&[
                (name, b"x"),
                ("manifest.json", &manifest),
                ("content.json", &content),
            ]),
            "not_a_pack",
            "points outside it",
        );
    }
}
