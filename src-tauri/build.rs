fn main() {
    // The app's own commands get permissions, so the capability file grants
    // exactly the commands the UI uses.
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "open_workbook",
            "list_reviews",
            "load_review",
            "save_response",
            "set_status",
            "move_question",
            "tracker",
            "history",
            "delete_review",
        ]),
    ))
    .unwrap_or_else(|e| panic!("tauri build configuration: {e}"));
}
