//! What is generated from the Rust source is checked in, never stale: the
//! UI's TypeScript types and the list of error codes for scripts.

/// Compares a checked-in file with what the code generates now, or writes
/// it with `UPDATE_BINDINGS=1`.
fn checked_in(relative: &str, generated: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, generated).unwrap();
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        found == generated,
        "{} is stale: run UPDATE_BINDINGS=1 cargo test --test core bindings",
        path.display()
    );
}

#[test]
fn the_checked_in_typescript_types_match_the_rust_types() {
    checked_in("ui/src/lib/bindings.ts", &kloe::bindings::typescript());
}

#[test]
fn the_list_of_error_codes_matches_the_errors() {
    checked_in(
        "docs/error-codes.md",
        &kloe::bindings::error_codes_markdown(),
    );
}
