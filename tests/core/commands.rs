//! The screens and the shell name each command, and its arguments, once:
//! the shell's handler list, the commands' parameters and the calls in
//! `ui/src/lib/api.ts` must agree, or a screen would call a command that
//! is not there, or pass an argument under a name the shell never reads.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn read(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `save_response` → `saveResponse`: how Tauri names arguments to the page.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in name.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The commands the shell registers, by name.
fn registered() -> BTreeSet<String> {
    let main = read("src-tauri/src/main.rs");
    let list = main
        .split("generate_handler![")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("the shell's handler list");
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.rsplit("::").next().unwrap_or(s).to_string())
        .collect()
}

/// Each command's arguments as the page passes them (camelCase), leaving
/// out what Tauri supplies itself (the app, the window's state).
fn command_arguments() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = vec!["src-tauri/src/dialogs.rs".to_string()];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/src/commands");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        files.push(format!("src-tauri/src/commands/{name}"));
    }
    let mut out = BTreeMap::new();
    for file in files {
        let text = read(&file);
        for chunk in text.split("#[tauri::command").skip(1) {
            let sig = chunk
                .split_once("fn ")
                .map(|(_, s)| s)
                .expect("a command function");
            let (name, rest) = sig.split_once('(').expect("its parameters");
            let params = rest.split(") ->").next().unwrap_or(rest);
            let mut args = BTreeSet::new();
            for p in params.split(',') {
                let Some((arg, ty)) = p.split_once(':') else {
                    continue;
                };
                let (arg, ty) = (arg.trim(), ty.trim());
                if ty.starts_with("AppHandle") || ty.starts_with("State<") {
                    continue;
                }
                args.insert(camel(arg));
            }
            out.insert(name.trim().to_string(), args);
        }
    }
    out
}

/// Each `invoke('name', { a, b: …, c })` in the page's one module that
/// talks to the shell, with the argument names it passes.
fn invoked() -> BTreeMap<String, BTreeSet<String>> {
    let api = read("ui/src/lib/api.ts");
    let mut out = BTreeMap::new();
    for call in api.split("invoke(").skip(1) {
        let Some(name) = call.strip_prefix('\'').and_then(|c| c.split('\'').next()) else {
            continue;
        };
        let after = &call[name.len() + 2..];
        let mut args = BTreeSet::new();
        if let Some(obj) = after
            .trim_start()
            .strip_prefix(", {")
            .and_then(|o| o.split('}').next())
        {
            for item in obj.split(',') {
                let key = item.split(':').next().unwrap_or("").trim();
                if !key.is_empty() {
                    args.insert(key.to_string());
                }
            }
        }
        out.insert(name.to_string(), args);
    }
    out
}

#[test]
fn the_screens_call_exactly_the_commands_the_shell_registers() {
    let registered = registered();
    let defined: BTreeSet<String> = command_arguments().into_keys().collect();
    let called: BTreeSet<String> = invoked().into_keys().collect();
    assert!(
        registered.len() > 40,
        "the handler list was read: {registered:?}"
    );
    assert_eq!(
        registered, defined,
        "registered and defined commands differ"
    );
    assert_eq!(
        registered, called,
        "registered commands and the page's calls differ"
    );
}

#[test]
fn each_call_passes_the_arguments_its_command_reads() {
    let defined = command_arguments();
    for (name, passed) in invoked() {
        let wanted = defined
            .get(&name)
            .unwrap_or_else(|| panic!("no command {name}"));
        assert_eq!(&passed, wanted, "the arguments of {name}");
    }
}

/// The commands the browser tests' server answers: every one the shell
/// registers, so the screens meet the real core whichever way they run.
#[test]
fn the_test_server_answers_every_command() {
    let server = read("src/bin/kloe-test-server.rs");
    let body = server
        .split("match command {")
        .nth(1)
        .and_then(|rest| rest.split("fn arg<").next())
        .expect("the server's dispatch");
    let mut answered = BTreeSet::new();
    for line in body.lines() {
        let line = line.trim();
        let Some((names, _)) = line.split_once("=>") else {
            continue;
        };
        for name in names.split('|') {
            if let Some(name) = name
                .trim()
                .strip_prefix('"')
                .and_then(|n| n.strip_suffix('"'))
            {
                answered.insert(name.to_string());
            }
        }
    }
    assert_eq!(answered, registered());
}

/// Every command the shell registers is in the app's manifest
/// (`src-tauri/build.rs`) and allowed to the window
/// (`src-tauri/capabilities/default.json`), and nothing else is: a command
/// missing from either is refused in the real app as "not allowed".
#[test]
fn every_command_is_allowed_to_the_window() {
    let build = read("src-tauri/build.rs");
    let manifest: BTreeSet<String> = build
        .split(".commands(&[")
        .nth(1)
        .and_then(|rest| rest.split("])").next())
        .expect("the app manifest's commands")
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_string())
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(manifest, registered(), "src-tauri/build.rs");
    let capability: serde_json::Value =
        serde_json::from_str(&read("src-tauri/capabilities/default.json")).unwrap();
    let allowed: BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    assert_eq!(allowed, registered(), "capabilities/default.json");
}
