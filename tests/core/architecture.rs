//! The floors hold: formats know nothing of storage, storage nothing of
//! formats, use cases sit above both, and the front ends on top. Read from
//! the source, so a change that breaks a floor fails here, not in review.

use std::path::{Path, PathBuf};

fn files_under(dir: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut stack = vec![root.join(dir)];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path.strip_prefix(root).unwrap().to_path_buf(), text));
            }
        }
    }
    assert!(!out.is_empty(), "no Rust files under {dir}");
    out
}

/// The lines of `text` that are code: comments left out.
fn code(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_start)
        .filter(|l| !l.starts_with("//"))
}

fn refuses(dir: &str, what: &str, forbidden: &[&str]) {
    for (path, text) in files_under(dir) {
        for line in code(&text) {
            for f in forbidden {
                assert!(
                    !line.contains(f),
                    "{} {what}: it names {f} in `{}`",
                    path.display(),
                    line.trim()
                );
            }
        }
    }
}

#[test]
fn formats_know_nothing_of_storage_or_use_cases() {
    refuses(
        "src/formats",
        "is a format",
        &[
            "Store",
            "rusqlite",
            "crate::store",
            "crate::workbook",
            "crate::cli",
        ],
    );
}

#[test]
fn storage_knows_nothing_of_formats_or_use_cases() {
    refuses(
        "src/store",
        "is storage",
        &[
            "crate::formats",
            "crate::workbook",
            "crate::cli",
            "Workbook::",
        ],
    );
}

#[test]
fn use_cases_sit_below_the_front_ends() {
    refuses("src/workbook", "is a use case", &["crate::cli", "tauri"]);
}

#[test]
fn the_vocabulary_stands_on_its_own() {
    for file in ["model.rs", "doc.rs", "text.rs", "error.rs", "workdays.rs"] {
        let text =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(file))
                .unwrap();
        for line in code(&text) {
            for f in [
                "crate::store",
                "crate::formats",
                "crate::workbook",
                "crate::cli",
            ] {
                assert!(
                    !line.contains(f),
                    "src/{file} is vocabulary: it names {f} in `{}`",
                    line.trim()
                );
            }
        }
    }
}

#[test]
fn sql_lives_only_in_the_store() {
    let statements = [
        "SELECT ",
        "INSERT INTO",
        "DELETE FROM",
        "CREATE TABLE",
        "UPDATE ",
        "PRAGMA ",
    ];
    let mut files = files_under("src");
    files.extend(files_under("src-tauri/src"));
    for (path, text) in files {
        if path.starts_with("src/store") {
            continue;
        }
        for line in code(&text) {
            for s in statements {
                // SQL is written in string literals: a quote before the keyword.
                let quoted = line
                    .match_indices(s)
                    .any(|(i, _)| line[..i].trim_end().ends_with('"'));
                assert!(!quoted, "{} holds SQL: `{}`", path.display(), line.trim());
            }
        }
    }
}

#[test]
fn the_core_package_depends_on_no_desktop_framework() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let core = manifest
        .split("[dependencies]")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .expect("the core's dependencies");
    for line in core.lines() {
        assert!(
            !line.trim_start().starts_with("tauri"),
            "the core depends on {line}"
        );
    }
}
