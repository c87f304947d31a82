fn main() {
    // The app's own commands get permissions, so the capability file grants
    // exactly the commands the UI uses.
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "open_workbook",
            "list_reviews",
            "load_review",
            "new_review",
            "start_next_year",
            "delete_review",
            "save_response",
            "set_status",
            "history",
            "restore_revision",
            "tracker",
            "progress_history",
            "chase",
            "open_chase_mail",
            "update_review",
            "propose_due_dates",
            "set_due_dates",
            "add_section",
            "rename_section",
            "delete_section",
            "add_question",
            "update_question",
            "delete_question",
            "move_question",
            "move_question_to_section",
            "assign",
            "unassign",
            "set_due",
            "choose_file",
            "import_preview",
            "import_file",
            "export_review",
            "open_exported",
            "show_exported",
        ]),
    ))
    .unwrap_or_else(|e| panic!("tauri build configuration: {e}"));
}
