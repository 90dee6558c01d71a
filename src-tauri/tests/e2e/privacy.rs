//! Datenschutz as staff use it: the access report of a teacher who also
//! came to a workshop (his registration is offered by name and goes into
//! the PDF only when ticked), erasure refused while items are on loan,
//! erasure of another person (gone from the list and its search, the loans
//! untouched), the deletion calendar and a log without names; a contact who
//! is also a borrower: report, consent form and "Person löschen" with the
//! staff name, the linked borrower erased along when ticked.

use crate::harness::{self, App};

const NOW: (&str, &str) = ("KIZ_NOW", "2026-11-12T09:30:00");

fn count(app: &App, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open_with_flags(
        app.data_dir().join("kiz-desk.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[tokio::test]
async fn the_access_report_lists_loans_and_registrations_and_an_erased_person_is_gone() {
    let folder = harness::data_folder();
    let app = App::start_in(
        "privacy",
        &folder.path().join("data"),
        &[("KIZ_DEMO", "1"), NOW],
    )
    .await;
    app.go_to("borrowers").await;
    app.search_and_open("#borrower-search", "#borrower-table", "Şükrü")
        .await;
    app.wait_for("#person-actions").await;
    // The participant of the same name is offered, with the workshop, but
    // not in the report until staff tick it.
    app.wait_for("#report-candidates[aria-busy='false']").await;
    let offered = app.text("#report-candidates").await;
    assert!(
        offered.contains("Teilnehmende(r)")
            && offered.contains("Şükrü Yılmaz")
            && offered.contains("Elternabend"),
        "the registration under his name is offered with its workshop: {offered}"
    );
    app.click("#access-report").await;
    let first = app.wait_for_printed("Auskunft_").await;
    app.wait_for_text("#toasts", "Auskunft_").await;
    let text = harness::pdf_text(&first);
    assert!(
        text.contains("Şükrü Yılmaz") && text.contains("offen"),
        "{text}"
    );
    for other in ["Elternabend", "Teilnehmende(r) Nr."] {
        assert!(
            !text.contains(other),
            "nothing of a record of the same name before staff tick it ({other}): {text}"
        );
    }
    std::fs::remove_file(&first).unwrap();
    // Its notice goes, so that the notices of what follows do not pile up
    // over the buttons.
    app.click("#toasts .toast-close").await;
    app.click("#report-candidates input[data-person^='participant-']")
        .await;
    app.screenshot("candidates").await;
    app.click("#access-report").await;
    let text = harness::pdf_text(&app.wait_for_printed("Auskunft_").await);
    for expected in [
        "Auskunft über gespeicherte Daten",
        "Şükrü Yılmaz",
        "Ausleihen",
        "offen",
        "Anmeldungen zu Veranstaltungen",
        "Elternabend",
        "Teilnehmende(r) Nr.",
        "Zugeordnet nach Namen",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }

    // Items on loan: erasure refused, naming them.
    app.click("#erase-person").await;
    app.fill("#app-dialog[open] #erase-staff", "A. Becker")
        .await;
    app.click("#dialog-confirm").await;
    app.wait_for_text("#toasts", "noch Medien ausgeliehen")
        .await;

    // The reports before.
    app.go_to("reports").await;
    open_all_years(&app).await;
    let loans_report = app.text("#loan-statistics").await;
    let participants_report = app.text("#participant-statistics").await;
    assert!(loans_report.contains("ehrenamtlich"), "{loans_report}");

    // Someone without loans is erased: gone from the list, its search and
    // the desk.
    let loans_before = count(&app, "SELECT count(*) FROM loan");
    let card: String = rusqlite::Connection::open_with_flags(
        app.data_dir().join("kiz-desk.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap()
    .query_row(
        "SELECT card_number FROM borrower WHERE name = 'Anna Schmidt'",
        [],
        |r| r.get(0),
    )
    .unwrap();
    app.go_to("borrowers").await;
    app.search_and_open("#borrower-search", "#borrower-table", "Anna Schmidt")
        .await;
    app.wait_for("#person-actions").await;
    // The page has drawn what it loads after opening (as for Şükrü above):
    // a click before that can land on a button that is then replaced.
    app.wait_for("#report-candidates[aria-busy='false']").await;
    app.click("#erase-person").await;
    app.fill("#app-dialog[open] #erase-staff", "A. Becker")
        .await;
    app.click("#dialog-confirm").await;
    app.wait_for_text("#toasts", "Die Person ist gelöscht")
        .await;
    app.fill("#borrower-search", "Anna Schmidt").await;
    app.wait_for("#borrower-table[aria-busy='false']").await;
    assert!(!app.text("#borrower-table").await.contains("Anna Schmidt"));
    assert_eq!(count(&app, "SELECT count(*) FROM loan"), loans_before);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM borrower WHERE name = 'Anna Schmidt'"
        ),
        0
    );
    app.go_to("desk").await;
    app.click("#scan").await;
    app.scan(&card).await;
    app.wait_for_text("#scan-feedback", "weder eine Ausweisnummer")
        .await;
    app.go_to("reports").await;
    open_all_years(&app).await;
    assert_eq!(
        app.text("#loan-statistics").await,
        loans_report,
        "statistics unchanged"
    );
    assert_eq!(
        app.text("#participant-statistics").await,
        participants_report
    );

    // The officer's page: the calendar, and a log with kinds and numbers only.
    app.go_to("settings").await;
    app.click("#open-privacy").await;
    app.wait_for_text("#deletion-log", "Löschung auf Wunsch")
        .await;
    let log = app.text("#deletion-log").await;
    assert!(
        log.contains("A. Becker") && log.contains("Ausleihende"),
        "{log}"
    );
    assert!(
        !log.contains("Anna") && !log.contains("Schmidt"),
        "no names: {log}"
    );
    app.wait_for("#calendar-table").await;
    app.wait_for_text("#privacy-backups", "erneut an").await;
    app.screenshot("page").await;

    // A new version of the events' consent text: new consents record it.
    app.fill("#field-version", "2027-1").await;
    app.fill("#field-body", "Neue Fassung der Einwilligung.")
        .await;
    app.click("#add-consent-text").await;
    app.wait_for_text("#consent-texts", "2027-1").await;
    app.go_to("events").await;
    app.click("#events-table a").await;
    app.click("#workshops-table a").await;
    app.click("#new-person summary").await;
    app.fill("#field-name", "Neu Angemeldet").await;
    app.click("#field-consent").await;
    app.click("#register-new").await;
    app.wait_for_text("#registrations-table", "Neu Angemeldet")
        .await;
    app.client
        .find(fantoccini::Locator::XPath(
            "//*[@id='registrations-table']//a[contains(., 'Neu Angemeldet')]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_for_text("#participant-facts", "Textfassung 2027-1")
        .await;

    // She asks to be erased: her registration stays, anonymised, and offers
    // neither a confirmation nor a cancellation any more.
    app.click("#erase-person").await;
    app.fill("#app-dialog[open] #erase-staff", "A. Becker")
        .await;
    app.click("#dialog-confirm").await;
    app.wait_for_text("#toasts", "Die Person ist gelöscht")
        .await;
    let row = app
        .client
        .wait()
        .for_element(fantoccini::Locator::XPath(
            "//*[@id='registrations-table']//tr[contains(., 'Anonymisiert')]",
        ))
        .await
        .expect("the anonymised registration is listed");
    let buttons = row
        .find_all(fantoccini::Locator::Css(
            "button[data-action='confirmation'], button[data-action='cancel']",
        ))
        .await
        .unwrap();
    assert!(
        buttons.is_empty(),
        "no Bestätigung and no Absagen for an anonymised person"
    );
    let named = app
        .client
        .find_all(fantoccini::Locator::XPath(
            "//*[@id='registrations-table']//tr[not(contains(., 'Anonymisiert'))]//button[@data-action='confirmation']",
        ))
        .await
        .unwrap();
    assert!(
        !named.is_empty(),
        "named people still get their confirmation"
    );
    app.client
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' })",
            vec![serde_json::to_value(&row).unwrap()],
        )
        .await
        .unwrap();
    app.screenshot("anonymised-registration").await;
    row.find(fantoccini::Locator::Css("a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_for_text("main h1", "Anonymisiert").await;
    app.wait_for("#participant-facts").await;
    let page = app.text("main").await;
    assert!(
        !page.contains("null"),
        "no stray null on the page of an anonymised person: {page}"
    );
    assert!(
        app.client
            .find(fantoccini::Locator::Css("#edit-participant"))
            .await
            .is_err(),
        "an anonymised person is not edited"
    );
    app.wait_for_text("#anonymised-note", "anonymisiert").await;
    for action in ["#access-report", "#erase-person"] {
        assert!(
            app.client
                .find(fantoccini::Locator::Css(action))
                .await
                .is_err(),
            "nothing is left to report or erase: {action}"
        );
    }
    app.screenshot("anonymised-participant").await;
    app.stop().await;
}

#[tokio::test]
async fn a_contact_is_erased_with_the_staff_name_and_the_linked_borrower_when_ticked() {
    let folder = harness::data_folder();
    let app = App::start_in(
        "privacy-contact",
        &folder.path().join("data"),
        &[("KIZ_DEMO", "1"), NOW],
    )
    .await;
    let card: String = rusqlite::Connection::open_with_flags(
        app.data_dir().join("kiz-desk.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap()
    .query_row(
        "SELECT card_number FROM borrower WHERE name = 'Anna Schmidt'",
        [],
        |r| r.get(0),
    )
    .unwrap();

    // Anna Schmidt, a borrower, becomes a contact of an organisation: one
    // person, two linked records.
    app.go_to("organisations").await;
    app.search_and_open("#org-search", "#organisations-table", "afrikanisch")
        .await;
    app.click("#org-tab-contacts").await;
    app.fill("#field-contact_name", "Anna Schmidt").await;
    app.fill("#field-role", "Beratung").await;
    app.fill("#field-contact_card", &card).await;
    app.click("#field-contact_consent").await;
    app.click("#add-contact").await;
    app.wait_for_text("#contacts-table", "Anna Schmidt").await;
    app.client
        .find(fantoccini::Locator::XPath(
            "//*[@id='contacts-table']//tr[contains(., 'Anna Schmidt')]//button[@data-privacy-contact]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_for_text("#contact-privacy", "Datenschutz: Anna Schmidt")
        .await;
    app.wait_for("#report-candidates[aria-busy='false']").await;

    // The report holds the linked borrower without asking; the contact
    // gets the consent form (and the JSON) like everyone else.
    app.click("#access-report").await;
    let text = harness::pdf_text(&app.wait_for_printed("Auskunft_").await);
    assert!(
        text.contains("Ansprechperson Nr.") && text.contains("Ausleihende(r) Nr."),
        "both records of the person: {text}"
    );
    assert!(text.contains("Afrikanischer Frauenverein"), "{text}");
    app.click("#consent-form").await;
    let text = harness::pdf_text(&app.wait_for_printed("Einwilligung_").await);
    assert!(
        text.contains("Organisationsverzeichnis") && text.contains("Anna Schmidt"),
        "{text}"
    );
    app.wait_for("#access-report-json").await;

    // "Person löschen" asks for the staff name; without it nothing goes.
    app.click("#erase-person").await;
    app.wait_for("#erase-staff").await;
    app.wait_for_text("#erase-linked", "Anna Schmidt").await;
    let linked = app.text("#erase-linked").await;
    assert!(linked.contains("Ausleihende(r)"), "{linked}");
    app.screenshot("erase-dialog").await;
    app.click("#dialog-confirm").await;
    app.wait_for_text("#toasts", "Bitte füllen Sie dieses Feld aus")
        .await;
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM contact WHERE name = 'Anna Schmidt'"
        ),
        1
    );

    app.click("#erase-person").await;
    app.fill("#app-dialog[open] #erase-staff", "A. Becker")
        .await;
    app.click("#erase-linked input[data-person^='borrower-']")
        .await;
    app.click("#dialog-confirm").await;
    app.wait_for_text("#toasts", "verknüpfte").await;
    app.wait_for("#contacts-table").await;
    assert!(!app.text("#contacts-table").await.contains("Anna Schmidt"));
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM contact WHERE name = 'Anna Schmidt'"
        ),
        0,
        "the contact is gone"
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM borrower WHERE name = 'Anna Schmidt'"
        ),
        0,
        "the linked borrower is gone too"
    );

    // The log: one line per kind, the staff name, no name of the person.
    app.go_to("settings").await;
    app.click("#open-privacy").await;
    app.wait_for_text("#deletion-log", "Löschung auf Wunsch")
        .await;
    let log = app.text("#deletion-log").await;
    assert!(
        log.contains("Ansprechpersonen")
            && log.contains("Ausleihende")
            && log.contains("A. Becker"),
        "{log}"
    );
    assert!(
        !log.contains("Anna") && !log.contains("Schmidt"),
        "no names: {log}"
    );
    app.stop().await;
}

/// Creates a borrower through the form and waits for her page.
async fn new_borrower(app: &App, name: &str) {
    app.go_to("borrowers").await;
    app.click("#new-borrower").await;
    app.wait_for("#borrower-form").await;
    app.fill("#field-name", name).await;
    app.click("#save-borrower").await;
    app.wait_for_text("main h1", name).await;
    app.wait_for("#person-actions").await;
}

#[tokio::test]
async fn restoring_a_backup_keeps_the_person_added_after_an_erasure() {
    let folder = harness::data_folder();
    let app = App::start_in(
        "privacy-restore",
        &folder.path().join("data"),
        &[("KIZ_DEMO", "1"), NOW],
    )
    .await;
    // The newest borrower is erased at her request; then someone new comes.
    new_borrower(&app, "Erst Gelöscht").await;
    app.click("#erase-person").await;
    app.fill("#app-dialog[open] #erase-staff", "A. Becker")
        .await;
    app.click("#dialog-confirm").await;
    app.wait_for_text("#toasts", "Die Person ist gelöscht")
        .await;
    new_borrower(&app, "Danach Angelegt").await;

    // A backup now, restored at once: the newcomer stays, the erased
    // person stays erased.
    app.go_to("settings").await;
    app.wait_for("#backups-table tbody tr[data-file]").await;
    app.click("#backup-now").await;
    app.wait_for_text("#toasts", "angelegt und geprüft").await;
    app.wait_for("#backups-table tbody tr[data-file]:nth-child(2)")
        .await;
    app.click("#backups-table tbody tr[data-file]:first-child button[data-action='restore']")
        .await;
    app.wait_for("#app-dialog[open]").await;
    app.click("#dialog-confirm").await;
    app.wait_for_text("#toasts", "Wiederhergestellt").await;

    app.go_to("borrowers").await;
    app.fill("#borrower-search", "Danach Angelegt").await;
    app.wait_for("#borrower-table[aria-busy='false']").await;
    app.wait_for_text("#borrower-table", "Danach Angelegt")
        .await;
    app.fill("#borrower-search", "Gelöscht").await;
    app.wait_for("#borrower-table[aria-busy='false']").await;
    assert!(
        !app.text("#borrower-table").await.contains("Erst Gelöscht"),
        "the erased person stays erased"
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM borrower WHERE name = 'Danach Angelegt'"
        ),
        1,
        "the person added after the erasure survives the restore"
    );
    app.screenshot("kept").await;
    app.stop().await;
}

/// Opens the folded all-time statistics on the Berichte page and waits
/// for both tables (they are asked for when opened).
async fn open_all_years(app: &App) {
    app.click("#report-all-years > summary").await;
    app.wait_for("#loan-statistics").await;
    app.wait_for("#participant-statistics").await;
}
