//! Einstellungen as staff use them: the institution's details kept over a
//! restart and refused without a name, the language of the window, the
//! test page, and the Mediengruppen and directory kinds.

use crate::harness::{self, App};
use crate::SECTIONS;

#[tokio::test]
async fn institution_settings_survive_closing_and_restarting_the_app() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");

    let app = App::start_in("settings-roundtrip", &data_dir, &[]).await;
    app.go_to("settings").await;
    app.fill("#field-name", "KI Rhein-Sieg – Mediathek Siegburg")
        .await;
    app.fill("#field-city", "Siegburg").await;
    app.fill("#field-postal_code", "53721").await;
    app.fill("#field-email", "mediathek@example.org").await;
    // The opening hours go into the loan slip's calendar entry; the field
    // says so.
    assert!(
        app.text("#field-opening_hours-hint")
            .await
            .contains("Kalendereintrag"),
        "the field says where the hours are printed"
    );
    app.fill("#field-opening_hours", "Mo–Do 9–16 Uhr, Fr 9–12 Uhr")
        .await;
    app.click("#save-institution").await;
    app.wait_for_text("#toasts", "gespeichert").await;
    app.screenshot("saved").await;
    app.stop().await;

    let app = App::start_in("settings-roundtrip", &data_dir, &[]).await;
    app.go_to("settings").await;
    app.wait_for("#field-name").await;
    assert_eq!(
        app.value("#field-name").await,
        "KI Rhein-Sieg – Mediathek Siegburg"
    );
    assert_eq!(app.value("#field-city").await, "Siegburg");
    assert_eq!(app.value("#field-postal_code").await, "53721");
    assert_eq!(app.value("#field-email").await, "mediathek@example.org");
    assert_eq!(
        app.value("#field-opening_hours").await,
        "Mo–Do 9–16 Uhr, Fr 9–12 Uhr"
    );
    app.stop().await;

    // The log in the data folder records the starts, and none of what was typed.
    let log = std::fs::read_to_string(data_dir.join("logs").join("kiz-desk.log"))
        .expect("a log file in the data folder");
    assert!(
        log.matches("started; data folder").count() >= 2,
        "both starts logged: {log}"
    );
    assert!(
        !log.contains("mediathek@example.org") && !log.contains("Rhein-Sieg – Mediathek"),
        "no entered data in the log"
    );
}

#[tokio::test]
async fn an_empty_institution_name_shows_the_german_error_next_to_the_field_and_stores_nothing() {
    let app = App::start("empty-name").await;
    app.go_to("settings").await;
    let before = app.value("#field-name").await;
    assert_eq!(
        before, "Kommunales Integrationszentrum Rhein-Sieg-Kreis",
        "a fresh database names the institution"
    );
    app.fill("#field-name", "").await;
    app.fill("#field-city", "Troisdorf").await;
    app.click("#save-institution").await;
    let message = app
        .wait_for_text("[data-field='name'] .field-error", "Namen der Einrichtung")
        .await;
    assert!(
        message.contains("Bitte geben Sie den Namen der Einrichtung ein"),
        "{message}"
    );
    let invalid = app
        .wait_for("#field-name")
        .await
        .attr("aria-invalid")
        .await
        .expect("attribute");
    assert_eq!(
        invalid.as_deref(),
        Some("true"),
        "the field is marked for screen readers"
    );
    app.screenshot("").await;

    // Leave and come back: the view reloads from the core.
    app.go_to("desk").await;
    app.go_to("settings").await;
    app.wait_for("#field-name").await;
    assert_eq!(
        app.value("#field-name").await,
        before,
        "the name was not changed"
    );
    assert_ne!(
        app.value("#field-city").await,
        "Troisdorf",
        "nothing of the form was stored"
    );
    app.stop().await;
}

#[tokio::test]
async fn switching_the_language_to_english_changes_the_navigation_and_is_kept() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    let app = App::start_in("language", &data_dir, &[]).await;
    app.switch_to_english().await;
    for (n, (route, _, english)) in SECTIONS.iter().enumerate() {
        assert_eq!(
            app.text(&format!("#nav-{route} .nav-label")).await,
            *english
        );
        assert_eq!(
            app.text(&format!("#nav-{route} .nav-key")).await,
            format!("Ctrl+{}", n + 1),
            "English names the key as English keyboards print it"
        );
    }
    app.wait_for_text("main h1", "Settings").await;
    app.screenshot("").await;
    app.stop().await;

    let app = App::start_in("language", &data_dir, &[]).await;
    app.wait_for_text("#nav-desk", "Desk").await;
    assert_eq!(app.text("main h1").await, "Desk", "the choice was stored");
    app.stop().await;
}

#[tokio::test]
async fn the_test_page_is_printed_from_the_settings_as_a_pdf_in_the_print_folder() {
    let app = App::start("test-page").await;
    app.go_to("settings").await;
    app.click("#print-test-page").await;
    let message = app.wait_for_text("#toasts", "Ausdrucke").await;
    app.screenshot("").await;
    let folder = app.data_dir().join("Ausdrucke");
    let files: Vec<_> = std::fs::read_dir(&folder)
        .expect("the print folder was made")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1, "one printout: {files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("Testseite_") && name.ends_with(".pdf"),
        "{name}"
    );
    assert!(
        message.contains(&name),
        "the message names the file: {message}"
    );
    let bytes = std::fs::read(&files[0]).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    let text = std::process::Command::new("pdftotext")
        .arg(&files[0])
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Kommunales Integrationszentrum Rhein-Sieg-Kreis"),
        "the institution heads it"
    );
    assert!(text.contains("Şükrü Yılmaz"), "names in every script");
    app.stop().await;
}

#[tokio::test]
async fn staff_add_a_mediengruppe_in_the_settings_and_a_duplicate_is_refused() {
    let app = App::start("media-kinds").await;
    app.go_to("settings").await;
    app.wait_for_text("#kind-list", "Medienkoffer").await;
    app.fill("#kind-form #field-kind", "Landkarte").await;
    app.click("#add-kind").await;
    app.wait_for_text("#kind-list", "Landkarte").await;
    app.fill("#kind-form #field-kind", "landkarte").await;
    app.click("#add-kind").await;
    app.wait_for_text("#kind-form .field-error", "gibt es schon")
        .await;
    app.go_to("catalogue").await;
    let kinds = app.text("#field-filter_kind").await;
    assert!(
        kinds.contains("Landkarte"),
        "the new group is a filter: {kinds}"
    );
    // The directory's kinds are extended the same way.
    app.go_to("settings").await;
    app.fill("#field-organisation_kind", "Studierendengruppe")
        .await;
    app.click("#add-organisation_kind").await;
    app.wait_for_text("#organisation_kind-list", "Studierendengruppe")
        .await;
    app.fill("#field-offering_kind", "nachhilfe").await;
    app.click("#add-offering_kind").await;
    app.wait_for_text("#offering_kind-form .field-error", "schon")
        .await;
    app.stop().await;
}
