//! Consents as staff meet them: a reminder for a borrower who gave an
//! address but no consent to e-mail reminders offers no e-mail; a photo
//! consent shows its day and text version on the participant's page; the
//! shipped translations of the consent texts are marked unchecked until a
//! staff member checks them.

use fantoccini::Locator;

use crate::harness::{self, App};

const NOW: (&str, &str) = ("KIZ_NOW", "2026-11-12T09:30:00");

/// Changes the data behind the running app's back, as another desk would.
fn execute(app: &App, sql: &str, id: i64) {
    let conn = rusqlite::Connection::open(app.data_dir().join("kiz-desk.sqlite")).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .unwrap();
    assert_eq!(conn.execute(sql, [id]).unwrap(), 1, "{sql}");
}

#[tokio::test]
async fn consents_decide_what_is_offered_and_translations_wait_for_a_check() {
    let folder = harness::data_folder();
    let app = App::start_in(
        "consents",
        &folder.path().join("data"),
        &[("KIZ_DEMO", "1"), NOW],
    )
    .await;

    // The demo borrower whose reminder is due withdrew her consent to
    // e-mail reminders; her address stays.
    app.go_to("desk").await;
    app.click("#tab-overdue").await;
    app.wait_for("#overdue-table[aria-busy='false']").await;
    let borrower: i64 = app
        .wait_for("button[data-remind]")
        .await
        .attr("data-remind")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    execute(
        &app,
        "UPDATE borrower SET email_consent_on = NULL, email_consent_version = NULL
         WHERE id = ?1 AND email <> ''",
        borrower,
    );
    app.click("button[data-remind]").await;
    app.wait_for_text("#reminder-done", "Stufe 1").await;
    app.wait_for_text("#no-mail", "Keine Einwilligung in Erinnerungen per E-Mail")
        .await;
    assert!(
        app.client.find(Locator::Css("#open-mail")).await.is_err(),
        "no e-mail draft without consent"
    );
    app.screenshot("reminder-without-email-consent").await;

    // A new participant agrees to photos: the page says when, and to which
    // version of the text.
    app.go_to("events").await;
    app.click("#events-table a").await;
    app.click("#workshops-table a").await;
    app.click("#new-person summary").await;
    app.fill("#field-name", "Foto Einverstanden").await;
    app.click("#field-consent").await;
    app.click("#field-photo_consent").await;
    app.click("#register-new").await;
    app.wait_for_text("#registrations-table", "Foto Einverstanden")
        .await;
    app.client
        .find(Locator::XPath(
            "//*[@id='registrations-table']//a[contains(., 'Foto Einverstanden')]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_for("#participant-facts").await;
    let page = &app;
    let fact = |label: &'static str| async move {
        page.client
            .find(Locator::XPath(&format!(
                "//*[@id='participant-facts']//div[dt[contains(., '{label}')]]/dd"
            )))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let photo = fact("Fotos").await;
    assert!(
        photo.starts_with("Erteilt am ") && photo.ends_with(", Textfassung 2026-1"),
        "{photo}"
    );
    assert_eq!(
        photo,
        fact("Einwilligung").await,
        "the photo consent has the day and version recorded like the other consent"
    );
    app.screenshot("photo-consent").await;

    // The shipped translations wait for a check.
    app.go_to("settings").await;
    app.click("#open-privacy").await;
    app.wait_for_text("#consent-texts", "Übersetzung – noch nicht geprüft")
        .await;
    let unchecked = app
        .client
        .find_all(Locator::Css("#consent-texts button[data-check-text]"))
        .await
        .unwrap()
        .len();
    assert_eq!(unchecked, 25, "five texts in five languages");
    app.click("#consent-texts button[data-check-text]").await;
    app.fill("#check-staff", "O. Petrenko").await;
    app.click("#dialog-confirm").await;
    app.wait_for_text("#toasts", "als geprüft markiert").await;
    app.wait_for_text("#consent-texts", "geprüft von O. Petrenko")
        .await;
    let left = app
        .client
        .find_all(Locator::Css("#consent-texts button[data-check-text]"))
        .await
        .unwrap()
        .len();
    assert_eq!(left, 24, "one translation checked");
    app.screenshot("consent-texts").await;
    app.stop().await;
}
