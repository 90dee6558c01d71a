fn main() {
    // Every app command gets an allow-/deny- permission; the window's
    // capability (capabilities/main.json) grants exactly the ones the UI uses.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "app_status",
        "get_settings",
        "save_institution",
        "set_ui_language",
        "list_organisations",
        "load_demo_data",
        "print_test_page",
        "print_labels",
        "print_borrower_card",
        "catalogue_options",
        "search_media",
        "get_medium",
        "save_medium",
        "add_media_kind",
        "add_copy",
        "retire_copy",
        "search_borrowers",
        "get_borrower",
        "save_borrower",
        "set_borrower_blocked",
        "desk_scan",
        "borrower_at_desk",
        "checkout",
        "checkin",
        "renew",
        "mark_lost",
        "reserve",
        "cancel_reservation",
        "list_reservations",
        "overdue_loans",
        "send_reminder",
        "open_mail",
        "print_loan_slip",
        "print_return_receipt",
        "get_lending_settings",
        "save_lending_settings",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build configuration is valid");
}
