//! The UI's TypeScript types are the Rust types, generated, never stale.

#[test]
fn the_checked_in_typescript_types_match_the_rust_types() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings.ts");
    let generated = kloe::bindings::typescript();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "{} is stale: run UPDATE_BINDINGS=1 cargo test --test core bindings",
        path.display()
    );
}
