//! Nothing from a document or a partner is ever run: hostile text stays
//! text in every export, and the app's configuration keeps the window shut
//! to anything but its own pages.

use std::path::Path;

use crate::support::{WorkbookFile, zip_entries};

const HOSTILE: &[&str] = &[
    "<script>window.owned = 1</script>",
    "<img src=x onerror=\"window.owned = 2\">",
    "[click me](javascript:alert(1))",
    "</w:t></w:r></w:p><w:p><w:r><w:t>injected paragraph",
    "]]><!-- & \" ' \u{202E}txt.exe \u{05E9}\u{05DC}\u{05D5}\u{05DD} right-to-left",
];

fn hostile_review(wb: &WorkbookFile) -> String {
    let id = wb.sample();
    for (i, text) in HOSTILE.iter().enumerate() {
        wb.ok(&["respond", &id, &(i + 1).to_string(), "BDC", "--text", text]);
    }
    let long = "A very long answer. ".repeat(5000);
    wb.ok(&["respond", &id, "6", "BDC", "--text", &long]);
    id
}

#[test]
fn hostile_text_is_escaped_in_the_web_page_export() {
    let wb = WorkbookFile::new();
    let id = hostile_review(&wb);
    let file = wb.dir().join("review.html");
    wb.ok(&["export", &id, "-o", file.to_str().unwrap()]);
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(
        !html.contains("<script>window.owned"),
        "a script tag got through"
    );
    assert!(!html.contains("<img src=x"), "an image tag got through");
    assert!(
        !html.contains("href=\"javascript:"),
        "a javascript: link got through"
    );
    assert!(html.contains("&lt;script&gt;window.owned = 1&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror="));
    // The page allows no script at all, whatever it holds.
    assert!(
        html.contains("Content-Security-Policy"),
        "the page sets its own CSP"
    );
}

#[test]
fn hostile_text_stays_text_in_the_word_document() {
    let wb = WorkbookFile::new();
    let id = hostile_review(&wb);
    let file = wb.dir().join("review.docx");
    wb.ok(&["export", &id, "-o", file.to_str().unwrap()]);
    let bytes = std::fs::read(&file).unwrap();
    let document = zip_entries(&bytes)
        .into_iter()
        .find(|(n, _)| n == "word/document.xml")
        .map(|(_, d)| String::from_utf8(d).unwrap())
        .unwrap();
    assert!(document.contains("&lt;/w:t&gt;&lt;/w:r&gt;&lt;/w:p&gt;&lt;w:p&gt;"));
    assert!(
        !document.contains("<w:t>injected paragraph"),
        "mark-up was injected"
    );
    // Read back, every hostile answer is the same words.
    let again = WorkbookFile::new();
    let imported = crate::support::last_word(&again.ok(&["import", file.to_str().unwrap()]));
    let shown = again.ok(&["show", &imported]);
    for text in HOSTILE.iter().filter(|t| !t.contains('[')) {
        assert!(
            shown.contains(text.trim()),
            "{text:?} did not come back as text"
        );
    }
    crate::support::check_docx(&file);
}

/// The window's configuration: a strict content security policy, no
/// global Tauri object, no remote pages, and no shell, file-system or
/// network permission for the page.
#[test]
fn the_app_configuration_keeps_the_window_shut() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri");
    let conf: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("tauri.conf.json")).unwrap())
            .unwrap();
    let app = &conf["app"];
    assert_eq!(app["withGlobalTauri"], false);
    let csp = app["security"]["csp"].as_str().expect("a CSP is set");
    let directive = |name: &str| {
        csp.split(';')
            .map(str::trim)
            .find(|d| d.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("the CSP sets {name}"))
            .to_string()
    };
    assert_eq!(directive("default-src"), "default-src 'self'");
    assert_eq!(directive("script-src"), "script-src 'self'");
    assert_eq!(directive("object-src"), "object-src 'none'");
    assert_eq!(directive("frame-ancestors"), "frame-ancestors 'none'");
    for d in ["default-src", "script-src", "connect-src", "img-src"] {
        let value = directive(d);
        assert!(!value.contains("unsafe-eval"), "{value}");
        assert!(
            !value.contains("https:") && !value.contains("http://*") && !value.contains(" *"),
            "{value}"
        );
    }
    assert!(!directive("script-src").contains("unsafe-inline"));
    for w in app["windows"].as_array().unwrap() {
        assert!(
            w.get("url")
                .is_none_or(|u| !u.as_str().unwrap_or("").contains("://")),
            "a window loads a remote page: {w}"
        );
    }
    assert!(
        conf["build"]["frontendDist"]
            .as_str()
            .unwrap()
            .starts_with(".."),
        "the pages ship with the app"
    );

    for entry in std::fs::read_dir(root.join("capabilities")).unwrap() {
        let path = entry.unwrap().path();
        let cap: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(
            cap.get("remote").is_none(),
            "{} lets remote pages in",
            path.display()
        );
        for p in cap["permissions"].as_array().unwrap() {
            let p = p
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| p["identifier"].to_string());
            for banned in ["shell:", "fs:", "http:", "process:", "opener:", "dialog:"] {
                assert!(!p.contains(banned), "{} grants {p}", path.display());
            }
        }
    }
}
