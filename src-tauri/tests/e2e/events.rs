//! Veranstaltungen as staff use them: an event and a workshop with two
//! seats, three registrations (the third waits), a cancellation that moves
//! the first on the waitlist up, check-in by name and by code, the printed
//! participant list with the chosen columns, and the export for Excel; in
//! English, a refused room booking that names the room. Clock fixed by
//! `KIZ_NOW`.

use fantoccini::Locator;

use crate::harness::{self, keys, App};

const NOW: (&str, &str) = ("KIZ_NOW", "2026-11-12T09:30:00");

/// Clicks the button `action` in the registrations row of `name`.
async fn row_action(app: &App, table: &str, name: &str, action: &str) {
    app.client
        .find(Locator::XPath(&format!(
            "//*[@id='{table}']//tr[contains(., '{name}')]//button[@data-action='{action}']"
        )))
        .await
        .unwrap_or_else(|e| panic!("{action} for {name}: {e}"))
        .click()
        .await
        .unwrap();
}

/// The status (data-status) of the row of `name`.
async fn row_status(app: &App, table: &str, name: &str) -> String {
    app.client
        .find(Locator::XPath(&format!(
            "//*[@id='{table}']//tr[contains(., '{name}')]"
        )))
        .await
        .unwrap_or_else(|e| panic!("row of {name}: {e}"))
        .attr("data-status")
        .await
        .unwrap()
        .unwrap_or_default()
}

async fn register_new(app: &App, name: &str, consent: bool) {
    app.wait_for("#participant-form").await;
    let open = app
        .wait_for("#new-person")
        .await
        .attr("open")
        .await
        .unwrap();
    if open.is_none() {
        app.click("#new-person summary").await;
    }
    app.fill("#field-name", name).await;
    app.fill("#field-school", "Gesamtschule Siegburg").await;
    app.click("input[name='languages'][value='ar']").await;
    if consent {
        app.click("#field-consent").await;
    }
    app.click("#register-new").await;
}

/// The consent as the participant's page states it (its own entry: the
/// text of the whole list runs the entries together).
async fn consent_fact(app: &App) -> String {
    app.client
        .find(Locator::XPath(
            "//*[@id='participant-facts']/div[dt='Einwilligung']/dd",
        ))
        .await
        .expect("the consent is stated")
        .text()
        .await
        .expect("its text")
}

#[tokio::test]
async fn a_full_workshop_waitlists_moves_up_checks_in_and_prints_its_list() {
    let folder = harness::data_folder();
    let app = App::start_in("events", &folder.path().join("data"), &[NOW]).await;
    app.go_to("events").await;
    app.wait_for_text(".empty-state h2", "Noch keine Veranstaltungen")
        .await;

    // The event, then a workshop with two seats and a waitlist.
    app.click("#new-event").await;
    app.fill("#field-title", "Ausbildungsbörse 2026").await;
    app.set_value("#field-starts_on", "2026-11-20").await;
    app.set_value("#field-registration_closes_on", "2026-11-18")
        .await;
    app.fill("#field-venue", "Kreishaus Siegburg").await;
    app.fill("#field-rooms", "Raum 1").await;
    app.click("#save-event").await;
    app.click("#new-workshop").await;
    app.fill("#field-title", "Bewerbung schreiben").await;
    app.fill("#field-room", "Raum 1").await;
    app.set_value("#field-starts_at", "11:30").await;
    app.set_value("#field-ends_at", "10:00").await;
    app.fill("#field-capacity", "2").await;
    app.click("#save-workshop").await;
    app.wait_for_text("[data-field='ends_at'] .field-error", "Ende")
        .await;
    app.set_value("#field-starts_at", "10:00").await;
    app.set_value("#field-ends_at", "11:30").await;
    app.click("#save-workshop").await;
    app.wait_for_text("h1", "Bewerbung schreiben").await;
    // A typo corrected later: the same form, the same checks.
    app.click("#edit-workshop").await;
    app.wait_for_text("h1", "Workshop bearbeiten").await;
    assert_eq!(app.value("#field-starts_at").await, "10:00");
    // A day outside the event is refused next to the day.
    app.set_value("#field-day", "2026-11-21").await;
    app.click("#save-workshop").await;
    app.wait_for_text("[data-field='day'] .field-error", "am 20.11.2026")
        .await;
    app.set_value("#field-day", "2026-11-20").await;
    app.fill(
        "#field-title",
        "Bewerbung schreiben – auf Deutsch und Arabisch",
    )
    .await;
    app.click("#save-workshop").await;
    app.wait_for_text("h1", "Bewerbung schreiben – auf Deutsch und Arabisch")
        .await;

    // Without consent nothing is stored.
    register_new(&app, "Ohne Einwilligung", false).await;
    app.wait_for_text("[data-field='consent'] .field-error", "Einwilligung")
        .await;
    assert!(!app
        .text("#registrations-table")
        .await
        .contains("Ohne Einwilligung"));

    // Three people for two seats: the third waits.
    for name in ["Şükrü Yılmaz", "محمد الأحمد", "Anna Becker"] {
        register_new(&app, name, true).await;
        app.wait_for_text("#registrations-table", name).await;
    }
    assert_eq!(
        row_status(&app, "registrations-table", "Anna Becker").await,
        "warteliste"
    );
    app.wait_for_text("#registrations-table", "Warteliste (Platz 1)")
        .await;
    app.wait_for_text("#workshop-figures", "2 / 2").await;
    app.screenshot("waitlist").await;

    // A cancellation moves the first on the waitlist up, and staff see it.
    row_action(&app, "registrations-table", "Şükrü Yılmaz", "cancel").await;
    row_action(&app, "registrations-table", "Şükrü Yılmaz", "cancel").await;
    app.wait_for_text("#moved-up", "Anna Becker").await;
    app.wait_for_text("#toasts", "nachgerückt").await;
    assert_eq!(
        row_status(&app, "registrations-table", "Anna Becker").await,
        "angemeldet"
    );
    assert_eq!(
        row_status(&app, "registrations-table", "Şükrü Yılmaz").await,
        "abgesagt"
    );
    let code = app
        .client
        .find(Locator::XPath(
            "//*[@id='registrations-table']//tr[contains(., 'محمد')]/td[contains(@class, 'mono')]",
        ))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(code.starts_with("KIZ-ANM-"), "{code}");

    // Check-in: by typing (diacritics ignored), by the confirmation's code,
    // and a wrong code is named.
    app.click("#open-checkin").await;
    app.fill("#checkin-search", "anna").await;
    app.press(keys::ENTER).await;
    app.wait_for_text("#toasts", "Anna Becker ist anwesend")
        .await;
    app.wait_for("#checkin-search").await;
    app.scan("KIZ-ANM-999999").await;
    app.wait_for_text("#toasts", "kein Code einer Anmeldebestätigung")
        .await;
    // The wrong code stays selected: the next scan replaces it.
    app.scan(&code).await;
    app.wait_for_text("#checkin-count", "2 anwesend von 2")
        .await;
    assert_eq!(
        row_status(&app, "checkin-table", "محمد الأحمد").await,
        "teilgenommen"
    );
    // The same confirmation again (passed on to someone else?): the door is
    // told since when its holder is present, and nothing changes.
    app.wait_for("#checkin-search:focus").await;
    app.scan(&code).await;
    app.wait_for_text("#toasts", "ist bereits anwesend seit 09:30 Uhr")
        .await;
    app.wait_for_text("#checkin-count", "2 anwesend von 2")
        .await;
    app.screenshot("checkin").await;

    // The list with the columns staff chose: no school, no contact.
    app.click("#back-to-workshop").await;
    app.click("input[name='workshop-column'][value='school']")
        .await;
    app.click("#print-list").await;
    app.wait_for_text("#toasts", "Teilnehmerliste_").await;
    let pdf = app.printed("Teilnehmerliste_Bewerbung schreiben");
    let text = harness::pdf_text(&pdf);
    let anna = text.find("Anna Becker").expect("Anna on the list");
    let arabic = text.find("الأحمد").expect("the Arabic name on the list");
    assert!(anna < arabic, "sorted by name: {text}");
    assert!(!text.contains("Şükrü"), "cancelled: not on the list");
    assert!(text.contains("Unterschrift") && text.contains("Sprache(n)"));
    assert!(
        !text.contains("Schule") && !text.contains("Gesamtschule"),
        "only the chosen columns: {text}"
    );
    assert!(text.contains("Seite 1 von 1"));
    let png = harness::screenshot_dir().join("events-list");
    let rendered = std::process::Command::new("pdftoppm")
        .args(["-r", "100", "-png", "-singlefile"])
        .arg(&pdf)
        .arg(&png)
        .status()
        .expect("pdftoppm");
    assert!(rendered.success());

    // The same columns for Excel.
    app.click("#export-xlsx").await;
    app.wait_for_text("#toasts", "Teilnehmende_").await;
    let xlsx = app.printed("Teilnehmende_Bewerbung schreiben");
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(&xlsx).expect("an XLSX file");
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0], ["Nr.", "Name", "Sprache(n)", "Alter"]);
    assert_eq!(rows[1][1], "Anna Becker");
    assert_eq!(rows[2][1], "محمد الأحمد");
    assert_eq!(rows.len(), 3);

    // A misspelt name is corrected on the person's page; the consent stays.
    app.client
        .find(Locator::XPath(
            "//*[@id='registrations-table']//a[contains(., 'Anna Becker')]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_for_text("h1", "Anna Becker").await;
    let consent = consent_fact(&app).await;
    app.click("#edit-participant").await;
    app.wait_for("#participant-edit-form").await;
    assert_eq!(app.value("#field-school").await, "Gesamtschule Siegburg");
    app.fill("#field-name", "Anna Bäcker").await;
    app.fill("#field-email", "anna@").await;
    app.click("#save-participant").await;
    app.wait_for_text("[data-field='email'] .field-error", "E-Mail")
        .await;
    app.screenshot("participant-edit").await;
    app.fill("#field-email", "anna.baecker@example.org").await;
    app.click("#save-participant").await;
    app.wait_for_text("h1", "Anna Bäcker").await;
    app.wait_for_text("#participant-facts", "anna.baecker@example.org")
        .await;
    // The day is the window's own today (todayIso in form.js), which does
    // not follow KIZ_NOW: its form is checked, the text version exactly.
    let given = consent
        .strip_prefix("Erteilt am ")
        .and_then(|rest| rest.strip_suffix(", Textfassung 2026-1"))
        .map(|day| chrono::NaiveDate::parse_from_str(day, "%d.%m.%Y"));
    assert!(
        matches!(given, Some(Ok(_))),
        "a day and the shipped text: {consent}"
    );
    assert_eq!(
        consent_fact(&app).await,
        consent,
        "the consent stays as recorded"
    );
    app.client.back().await.unwrap();
    app.wait_for_text("#registrations-table", "Anna Bäcker")
        .await;
    app.stop().await;
}

#[tokio::test]
async fn the_demo_fair_shows_its_figures_prints_its_programme_and_a_larger_capacity_moves_up() {
    let folder = harness::data_folder();
    let app = App::start_in(
        "events-demo",
        &folder.path().join("data"),
        &[("KIZ_DEMO", "1"), NOW],
    )
    .await;
    app.go_to("events").await;
    app.wait_for_text("#events-table", "Mehrsprachige Ausbildungsbörse 2026")
        .await;
    app.click("#events-table a").await;
    app.wait_for_text("#workshops-table", "Pflegeberufe kennenlernen")
        .await;
    let rows = app
        .client
        .find_all(Locator::Css("#workshops-table tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 8, "eight workshops");
    app.wait_for_text("#hosts-table", "Afghanischer Verein Bonn/Rhein-Sieg")
        .await;
    app.wait_for_text("#event-figures", "Warteliste").await;
    app.screenshot("event").await;

    app.click("#print-programme").await;
    app.wait_for_text("#toasts", "Programm_").await;
    let text = harness::pdf_text(&app.printed("Programm_"));
    for expected in [
        "Raum 1.01",
        "Saal",
        "Vorstellungsgespräch üben",
        "Seite 1 von 1",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }

    // The popular workshop: one more seat moves the first waiting up.
    app.client
        .find(Locator::XPath(
            "//*[@id='workshops-table']//a[contains(., 'Vorstellungsgespräch')]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_for_text("h1", "Vorstellungsgespräch üben").await;
    let before = app.text("#workshop-figures").await;
    assert!(before.contains("14 / 14"), "{before}");
    app.fill("#capacity", "15").await;
    app.click("#save-capacity").await;
    app.wait_for_text("#toasts", "nachgerückt").await;
    app.wait_for_text("#workshop-figures", "15 / 15").await;
    app.wait_for("#moved-up").await;
    app.screenshot("workshop").await;

    // Fewer seats than registered: staff choose who goes to the waitlist.
    app.fill("#capacity", "14").await;
    app.click("#save-capacity").await;
    app.wait_for_text("#app-dialog", "Wer geht auf die Warteliste?")
        .await;
    app.click("#to-waitlist input").await;
    app.click("#dialog-confirm").await;
    app.wait_for_text("#workshop-figures", "14 / 14").await;
    app.stop().await;
}

#[tokio::test]
async fn in_english_a_refused_room_booking_names_the_room_and_the_other_workshop() {
    let folder = harness::data_folder();
    let app = App::start_in(
        "events-english",
        &folder.path().join("data"),
        &[("KIZ_DEMO", "1"), NOW],
    )
    .await;
    app.switch_to_english().await;

    // The demo fair: "Pflegeberufe kennenlernen" is in Raum 1.02 at 10:00,
    // when "Bewerbung schreiben …" has Raum 1.01.
    app.go_to("events").await;
    app.wait_for_text("#events-table", "Mehrsprachige Ausbildungsbörse 2026")
        .await;
    app.click("#events-table a").await;
    // The event's page draws its workshops after the click returns (a CI
    // run looked for the link before it was there).
    app.wait_for_text("#workshops-table", "Pflegeberufe").await;
    app.client
        .find(Locator::XPath(
            "//*[@id='workshops-table']//a[contains(., 'Pflegeberufe')]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_for_text("h1", "Pflegeberufe kennenlernen").await;
    app.click("#edit-workshop").await;
    app.wait_for("#field-room").await;
    app.fill("#field-room", "Raum 1.01").await;
    app.click("#save-workshop").await;
    let refusal = app
        .wait_for_text("[data-field='room'] .field-error", "is already booked")
        .await;
    assert_eq!(
        refusal,
        "Raum 1.01 is already booked at that time: “Bewerbung schreiben – auf Deutsch und \
         Arabisch”. Please choose another room or time.",
        "the English refusal names the room and the workshop that has it"
    );
    app.screenshot("").await;
    app.stop().await;
}
