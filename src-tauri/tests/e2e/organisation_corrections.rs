//! Issue 19 in the directory, as staff use it: a contact, a role, an
//! offering and a timeline note are corrected in place; an existing person
//! gets a role at a second organisation; the mailing list is copied to the
//! clipboard and saved as CSV for Outlook. Demo data, clock fixed by
//! `KIZ_NOW`.

use crate::harness::{self, keys, App};

const NOW: (&str, &str) = ("KIZ_NOW", "2026-11-12T09:30:00");

async fn open_organisation(app: &App, name: &str, tab: &str) {
    app.go_to("organisations").await;
    app.wait_for("#organisations-table[aria-busy='false']")
        .await;
    app.search_and_open("#org-search", "#organisations-table", name)
        .await;
    app.wait_for_text("h1", name).await;
    app.click(&format!("#org-tab-{tab}")).await;
    app.wait_for(&format!("#org-tab-{tab}[aria-current='page']"))
        .await;
}

/// Scrolls `css` to the top of the window, so a screenshot shows it.
async fn scroll_to(app: &App, css: &str) {
    let element = app.wait_for(css).await;
    app.client
        .execute(
            "arguments[0].scrollIntoView({ block: 'start' });",
            vec![serde_json::to_value(&element).unwrap()],
        )
        .await
        .unwrap();
}

/// The text of the contacts table's row of `name`, once it shows
/// `showing` (the change just saved: the notice comes before the table is
/// drawn again, so a row read at once may still be the old one; seen in CI).
async fn row_of(app: &App, name: &str, showing: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut last = String::new();
    loop {
        let rows = app
            .client
            .find_all(fantoccini::Locator::Css("#contacts-table tbody tr"))
            .await
            .unwrap();
        for row in rows {
            let text = row.text().await.unwrap_or_default();
            if text.contains(name) {
                if text.contains(showing) {
                    return text;
                }
                last = text;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{name} in the contacts table showing {showing}: {last}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_contact_is_corrected_and_an_existing_person_gets_a_dated_role_at_a_second_organisation()
{
    let folder = harness::data_folder();
    let app = App::start_in(
        "org-contacts",
        &folder.path().join("data"),
        &[("KIZ_DEMO", "1"), NOW],
    )
    .await;

    // Emre Kaya's phone number changes: edited, not deleted and re-entered;
    // a bad address is refused next to its field.
    open_organisation(&app, "Kultur- und Bildungsverein Siegburg", "contacts").await;
    app.wait_for_text("#contacts-table", "Emre Kaya").await;
    app.click("[data-edit-contact]").await;
    app.wait_for("#contact-edit-form").await;
    assert_eq!(app.value("#field-edit_name").await, "Emre Kaya");
    app.fill("#field-edit_email", "e.kaya(at)kbv").await;
    app.click("#save-contact-edit").await;
    app.wait_for_text(
        "[data-field='edit_email'] .field-error",
        "gültige E-Mail-Adresse",
    )
    .await;
    app.fill("#field-edit_email", "e.kaya@kbv-siegburg.example")
        .await;
    app.fill("#field-edit_phone", "0151 2345678").await;
    app.screenshot("contact-edit").await;
    app.click("#save-contact-edit").await;
    app.wait_for_text("#toasts", "Ansprechperson gespeichert")
        .await;
    let row = row_of(&app, "Emre Kaya", "0151 2345678").await;
    assert!(row.contains("0151 2345678"), "the new number: {row}");
    assert!(
        !row.contains("02241 55501"),
        "the old number is gone: {row}"
    );

    // At a second organisation, staff find him by name and see where he
    // is; he gets a role there from a chosen day.
    open_organisation(&app, "Syrischer Kulturverein Hennef", "contacts").await;
    app.fill("#field-existing_search", "kaya").await;
    app.wait_for_text("#existing-results", "Emre Kaya").await;
    app.wait_for_text(
        "#existing-results",
        "bei Kultur- und Bildungsverein Siegburg",
    )
    .await;
    app.fill("#field-existing_role", "Beirat").await;
    app.set_value("#field-existing_started_on", "2026-11-01")
        .await;
    app.screenshot("existing-search").await;
    app.click("[data-pick-contact]").await;
    app.wait_for_text("#toasts", "Emre Kaya hat jetzt auch hier eine Rolle")
        .await;
    let row = row_of(&app, "Emre Kaya", "seit 01.11.2026").await;
    assert!(row.contains("Beirat"), "{row}");
    assert!(row.contains("seit 01.11.2026"), "the chosen start: {row}");
    assert!(
        row.contains("auch bei: Kultur- und Bildungsverein Siegburg"),
        "one person with two roles: {row}"
    );
    assert!(
        row.contains("0151 2345678"),
        "the same person's data: {row}"
    );

    // Typing a name that exists warns and offers that person instead.
    app.fill("#field-contact_name", "nadia el amrani").await;
    app.fill("#field-role", "Kursleitung").await;
    app.wait_for_text("#duplicate-warning", "ist schon erfasst")
        .await;
    app.wait_for_text("#duplicate-warning", "Marokkanischer Kulturverein")
        .await;
    app.screenshot("duplicate-warning").await;
    app.click("[data-use-existing]").await;
    app.wait_for_text("#toasts", "Nadia El Amrani hat jetzt auch hier eine Rolle")
        .await;
    let row = row_of(&app, "Nadia El Amrani", "Kursleitung").await;
    assert!(row.contains("Kursleitung"), "{row}");
    assert!(
        row.contains("auch bei: Marokkanischer Kulturverein Sankt Augustin"),
        "{row}"
    );

    // The role's dates: an end before the start is refused in German next
    // to the field; an end in the past makes the role a former one.
    let emre_role = app
        .client
        .execute(
            "return [...document.querySelectorAll('#contacts-table tbody tr')]
                .find((tr) => tr.textContent.includes('Emre Kaya'))
                .querySelector('[data-edit-contact]').getAttribute('data-edit-contact');",
            vec![],
        )
        .await
        .unwrap();
    let emre_role = emre_role.as_str().unwrap().to_owned();
    app.click(&format!("[data-edit-contact='{emre_role}']"))
        .await;
    app.wait_for("#role-edit-form").await;
    assert_eq!(app.value("#field-edit_started_on").await, "2026-11-01");
    app.set_value("#field-edit_ended_on", "2026-10-01").await;
    app.click("#save-role-edit").await;
    app.wait_for_text(
        "[data-field='edit_ended_on'] .field-error",
        "Das Ende darf nicht vor dem Beginn liegen.",
    )
    .await;
    app.screenshot("role-dates-refused").await;
    app.set_value("#field-edit_started_on", "2025-01-15").await;
    app.set_value("#field-edit_ended_on", "2025-06-30").await;
    app.click("#save-role-edit").await;
    app.wait_for_text("#toasts", "Rolle gespeichert").await;
    let row = row_of(&app, "Emre Kaya", "15.01.2025 – 30.06.2025").await;
    assert!(row.contains("15.01.2025 – 30.06.2025"), "{row}");
    assert!(row.contains("ehemalig"), "an ended role is former: {row}");
    scroll_to(&app, "#contacts-table").await;
    app.screenshot("former-role").await;

    app.stop().await;
}

#[tokio::test]
async fn an_offering_and_a_timeline_note_are_corrected_in_place() {
    let folder = harness::data_folder();
    let app = App::start_in(
        "org-offerings-notes",
        &folder.path().join("data"),
        &[("KIZ_DEMO", "1"), NOW],
    )
    .await;
    open_organisation(&app, "Kultur- und Bildungsverein Siegburg", "offerings").await;
    let before = app.count("#offerings-table tbody tr").await;
    app.click("[data-edit-offering]").await;
    app.wait_for_text("#offering-form-title", "Angebot bearbeiten")
        .await;
    assert!(
        !app.value("#field-offering_kind").await.is_empty(),
        "the form holds the offering"
    );
    app.fill("#field-offering_title", "Hausaufgabenhilfe Klasse 5–10")
        .await;
    app.fill("#field-target_group", "Schüler/innen").await;
    app.fill("#field-schedule", "freitags 15–17 Uhr").await;
    app.fill("#field-place", "Vereinsheim, Raum 2").await;
    scroll_to(&app, "#offering-form").await;
    app.screenshot("offering-form").await;
    app.click("#add-offering").await;
    app.wait_for_text("#toasts", "Angebot gespeichert").await;
    let table = app
        .wait_for_text("#offerings-table", "Hausaufgabenhilfe Klasse 5–10")
        .await;
    assert!(table.contains("freitags 15–17 Uhr"), "{table}");
    assert!(table.contains("Vereinsheim, Raum 2"), "{table}");
    assert_eq!(
        app.count("#offerings-table tbody tr").await,
        before,
        "changed in place, not added"
    );
    scroll_to(&app, "#offerings-table").await;
    app.screenshot("offering-edited").await;

    // A note with a wrong date in its text is corrected; it keeps its own
    // date and says when it was changed.
    app.click("#org-tab-notes").await;
    app.set_value("#field-noted_on", "2026-10-05").await;
    app.fill("#field-note", "Treffen mit dem Vorstand am 12.10.")
        .await;
    app.click("#add-note").await;
    app.wait_for_text("#timeline", "Treffen mit dem Vorstand am 12.10.")
        .await;
    let note = app
        .client
        .execute(
            "return [...document.querySelectorAll('#timeline li')]
                .find((li) => li.textContent.includes('am 12.10.')).getAttribute('data-note');",
            vec![],
        )
        .await
        .unwrap();
    let note = note.as_str().unwrap().to_owned();
    app.click(&format!("[data-correct-note='{note}']")).await;
    let field = format!("#field-correct_note_{note}");
    app.fill(&field, "  ").await;
    app.click(&format!("[data-save-note='{note}']")).await;
    app.wait_for_text(
        &format!("[data-field='correct_note_{note}'] .field-error"),
        "Bitte füllen Sie dieses Feld aus.",
    )
    .await;
    app.fill(&field, "Treffen mit dem Vorstand am 19.10.").await;
    app.click(&format!("[data-save-note='{note}']")).await;
    app.wait_for_text("#toasts", "Notiz korrigiert").await;
    let entry = app
        .wait_for_text(&format!("[data-note='{note}']"), "am 19.10.")
        .await;
    assert!(entry.contains("05.10.2026"), "the original date: {entry}");
    assert!(entry.contains("geändert am 12.11.2026"), "{entry}");
    assert!(
        !entry.contains("am 12.10."),
        "the wrong text is gone: {entry}"
    );
    scroll_to(&app, "#timeline").await;
    app.screenshot("note-corrected").await;

    // The same in English.
    app.switch_to_english().await;
    open_organisation(&app, "Kultur- und Bildungsverein Siegburg", "notes").await;
    let entry = app
        .wait_for_text(&format!("[data-note='{note}']"), "changed on 12.11.2026")
        .await;
    assert!(entry.contains("Correct"), "{entry}");
    app.click("#org-tab-contacts").await;
    app.wait_for_text("#existing-form", "Add an existing person")
        .await;
    app.wait_for_text("#contact-form", "Role since").await;
    app.click("#org-tab-offerings").await;
    app.click("[data-edit-offering]").await;
    app.wait_for_text("#offering-form-title", "Edit offering")
        .await;
    app.stop().await;
}

#[tokio::test]
async fn the_mailing_list_is_copied_to_the_clipboard_and_saved_as_csv_for_outlook() {
    let folder = harness::data_folder();
    let exports = folder.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    let app = App::start_in(
        "org-mailing",
        &folder.path().join("data"),
        &[
            ("KIZ_DEMO", "1"),
            NOW,
            ("KIZ_TEST_SAVE_DIR", exports.to_str().unwrap()),
        ],
    )
    .await;
    app.go_to("organisations").await;
    app.wait_for("#organisations-table[aria-busy='false']")
        .await;
    app.click("#mailing-list").await;
    let bcc = app.value("#mailing-bcc").await;
    let addresses: Vec<&str> = bcc.split("; ").collect();
    assert!(addresses.len() > 2, "the demo's addresses: {bcc}");
    assert!(bcc.contains("e.kaya@kbv-siegburg.example"), "{bcc}");

    // One click copies; the toast counts the addresses.
    app.click("#copy-bcc").await;
    app.wait_for_text("#toasts", &format!("{} Adressen kopiert.", addresses.len()))
        .await;
    app.screenshot("copied").await;
    // The clipboard holds them: pasted (Strg+V) into an empty field of
    // the window, they arrive as they are.
    app.fill("#filter-name", "").await;
    app.click("#filter-name").await;
    app.press(&format!("{}v{}", keys::CONTROL, keys::RELEASE))
        .await;
    let pasted = app.value("#filter-name").await;
    assert_eq!(pasted, bcc, "the clipboard holds the addresses");

    // The CSV for Outlook, saved where staff choose.
    app.click("#export-mailing-csv").await;
    app.wait_for_text("#toasts", "Verteiler_2026-11-12.csv")
        .await;
    let bytes = std::fs::read(exports.join("Verteiler_2026-11-12.csv")).expect("the CSV saved");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    assert!(
        text.starts_with("Vorname;Nachname;E-Mail-Adresse;Firma;Position\r\n"),
        "Outlook's German column names, ';' between: {text}"
    );
    let sheets = kiz::import::read(text.as_bytes()).expect("the CSV reads back");
    let rows = &sheets[0].rows;
    assert_eq!(rows.len(), addresses.len(), "one row per address");
    let emre = rows
        .iter()
        .find(|r| r.cells[2] == "e.kaya@kbv-siegburg.example")
        .expect("Emre Kaya's row");
    assert_eq!(
        emre.cells,
        [
            "Emre",
            "Kaya",
            "e.kaya@kbv-siegburg.example",
            "Kultur- und Bildungsverein Siegburg",
            "Vorsitz"
        ]
    );
    let kurdish = rows
        .iter()
        .find(|r| r.cells[2] == "rezan.xelil@kurdische-gemeinschaft.example")
        .expect("Rêzan Xelîl's row");
    assert_eq!(&kurdish.cells[..2], ["Rêzan", "Xelîl"], "letters intact");
    app.stop().await;
}
