//! Ausleihende as staff use them: a borrower created with a proposed card
//! number, found by name without special letters, and blocked; the desk
//! knows the card at once.

use crate::harness::{keys, App};

#[tokio::test]
async fn a_borrower_is_created_with_a_proposed_card_found_by_name_and_blocked() {
    let app = App::start("borrowers").await;
    // A new database: the desk welcomes and offers demo data.
    app.wait_for_text("main", "Diese Datenbank ist noch leer")
        .await;
    app.go_to("borrowers").await;
    app.click("#new-borrower").await;
    app.wait_for("#borrower-form").await;
    app.click("#save-borrower").await;
    app.wait_for_text(
        "[data-field='name'] .field-error",
        "Bitte füllen Sie dieses Feld aus",
    )
    .await;
    app.fill("#field-name", "Şükrü Yılmaz").await;
    app.fill("#field-email", "sukru@example").await;
    app.click("#save-borrower").await;
    app.wait_for_text(
        "[data-field='email'] .field-error",
        "gültige E-Mail-Adresse",
    )
    .await;
    app.fill("#field-email", "sukru@example.org").await;
    app.click("#field-history_consent").await;
    app.press(&format!("{}s{}", keys::CONTROL, keys::RELEASE))
        .await;
    app.wait_for_text("main h1", "Şükrü Yılmaz").await;
    let lead = app.text("main .lead").await;
    assert!(
        lead.contains("KI-A-000001"),
        "the proposed card number was given: {lead}"
    );
    assert!(app
        .text("[data-field='history_consent']")
        .await
        .contains("Textfassung 2026-1"));

    app.fill("#field-blocked_reason", "Ausweis verloren").await;
    app.click("#block").await;
    app.wait_for_text("#blocked-banner", "Ausleihe gesperrt: Ausweis verloren")
        .await;
    app.screenshot("detail").await;

    app.press(keys::ESCAPE).await;
    app.wait_for("#borrower-search").await;
    app.fill("#borrower-search", "sukru yil").await;
    app.wait_for("#borrower-table[aria-busy='false']").await;
    let table = app.wait_for_text("#borrower-table", "Şükrü Yılmaz").await;
    assert!(
        table.contains("gesperrt") && table.contains("KI-A-000001"),
        "{table}"
    );
    app.screenshot("list").await;

    // The first borrower saved: the desk is the desk now, without a
    // restart, and knows the card.
    app.go_to("desk").await;
    app.wait_for("#scan:focus").await;
    assert!(
        !app.text("main").await.contains("noch leer"),
        "no welcome page once the database holds a borrower"
    );
    app.scan("KI-A-000001").await;
    app.wait_for_text("#scan-feedback", "Ausleihe gesperrt: Ausweis verloren")
        .await;
    app.screenshot("desk-after-first-borrower").await;
    app.stop().await;
}
