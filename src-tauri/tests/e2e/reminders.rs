//! Reminders after the letter went out, as staff meet them on the
//! borrower's page: the letters sent are listed, a postal address is
//! entered (a wrong postcode is refused next to its field), and a letter is
//! printed again as a Zweitschrift, now laid out for a window envelope.
//! Demo data and the clock fixed to Thursday 12 November 2026.

use crate::harness::{self, App};

const NOW: (&str, &str) = ("KIZ_NOW", "2026-11-12T09:30:00");

/// Marks the borrower form so that the next wait finds the page drawn anew.
async fn mark_form_stale(app: &App) {
    app.client
        .execute(
            "document.getElementById('borrower-form').dataset.stale = '1';",
            vec![],
        )
        .await
        .expect("mark the form");
}

#[tokio::test]
async fn the_borrowers_page_lists_the_letters_sent_and_prints_a_zweitschrift_to_the_address() {
    let folder = harness::data_folder();
    let app = App::start_in(
        "reminders",
        &folder.path().join("data"),
        &[("KIZ_DEMO", "1"), NOW],
    )
    .await;
    app.go_to("borrowers").await;
    app.search_and_open("#borrower-search", "#borrower-table", "Jürgen Weiß")
        .await;
    app.wait_for_text("main h1", "Jürgen Weiß").await;
    // The demo's first reminder went out yesterday.
    let letters = app
        .wait_for_text("#borrower-reminders", "Schreiben vom 11.11.2026 · Stufe 1")
        .await;
    assert!(letters.contains("Zweitschrift drucken"), "{letters}");

    // A postal address: a German postcode has five digits.
    app.fill("#field-address_street", "Rheinweg 3").await;
    app.fill("#field-address_postal_code", "5311").await;
    app.fill("#field-address_town", "Bonn").await;
    app.click("#save-borrower").await;
    app.wait_for_text(
        "[data-field='address_postal_code'] .field-error",
        "fünf Ziffern",
    )
    .await;
    app.screenshot("postcode-refused").await;
    app.fill("#field-address_postal_code", "53111").await;
    mark_form_stale(&app).await;
    app.click("#save-borrower").await;
    app.wait_for("#borrower-form:not([data-stale])").await;
    assert_eq!(app.value("#field-address_postal_code").await, "53111");
    assert_eq!(app.value("#field-address_street").await, "Rheinweg 3");
    app.wait_for("button[data-reprint='2026-11-11']").await;
    app.screenshot("borrower-with-address").await;

    // The letter of yesterday, printed again: marked as a Zweitschrift of
    // today, with the letter's own date, to the address now on file.
    app.click("button[data-reprint='2026-11-11']").await;
    app.wait_for_text("#toasts", "Zweitschrift").await;
    let pdf = app.printed("Mahnung_");
    let text = harness::pdf_text(&pdf);
    for expected in [
        "Zweitschrift",
        "Zweitschrift gedruckt am 12.11.2026",
        "11.11.2026",
        "Jürgen Weiß",
        "Rheinweg 3",
        "53111 Bonn",
        "Erinnerung: Leihfrist abgelaufen",
    ] {
        assert!(
            text.contains(expected),
            "the Zweitschrift shows {expected:?}: {text}"
        );
    }

    // The same page in English.
    app.switch_to_english().await;
    app.go_to("borrowers").await;
    app.search_and_open("#borrower-search", "#borrower-table", "Jürgen Weiß")
        .await;
    let english = app
        .wait_for_text("#borrower-reminders", "Letter of 11.11.2026 · level 1")
        .await;
    assert!(english.contains("Print a copy"), "{english}");
    assert!(
        app.text("#address-fields").await.contains("Postal address"),
        "the address fields speak English"
    );
    app.screenshot("borrower-english").await;
    app.stop().await;
}
