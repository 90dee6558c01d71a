//! The directory of organisations, the Arbeitskreis and the exports, as
//! staff use them. Demo data, clock fixed by `KIZ_NOW`.

use fantoccini::Locator;

use crate::harness::{self, App};

const NOW: (&str, &str) = ("KIZ_NOW", "2026-11-12T09:30:00");

/// Chooses the option labelled `label` in the select `css`.
pub(crate) async fn select_label(app: &App, css: &str, label: &str) {
    app.wait_for(css)
        .await
        .select_by_label(label)
        .await
        .unwrap_or_else(|e| panic!("{label} in {css}: {e}"));
}

#[tokio::test]
async fn an_organisation_is_created_found_invited_to_the_arbeitskreis_and_exported() {
    let folder = harness::data_folder();
    let app = App::start_in(
        "directory",
        &folder.path().join("data"),
        &[("KIZ_DEMO", "1"), NOW],
    )
    .await;
    app.go_to("organisations").await;
    app.wait_for("#organisations-table[aria-busy='false']")
        .await;
    app.wait_for_text("#organisations-table", "Kurdische Gemeinschaft")
        .await;

    // Create: the name first, then an offering and a contact.
    app.click("#new-organisation").await;
    app.fill("#field-name", "Sudanesischer Frauenverein Troisdorf")
        .await;
    select_label(&app, "#field-municipality", "Troisdorf").await;
    select_label(&app, "#field-kind", "Verein").await;
    app.click("input[name='languages'][value='ar']").await;
    app.click("#save-organisation").await;
    app.wait_for("#offering-form").await;
    select_label(&app, "#field-offering_kind", "Sprachunterricht").await;
    app.fill("#field-offering_title", "Deutsch für Frauen")
        .await;
    app.fill("#field-target_group", "Frauen").await;
    app.click("input[name='offering_languages'][value='de']")
        .await;
    app.click("#add-offering").await;
    app.wait_for_text("#offerings-table", "Deutsch für Frauen")
        .await;
    // Paused and active again.
    app.click("[data-toggle-offering]").await;
    app.wait_for_text("[data-toggle-offering]", "Wieder aktiv")
        .await;
    app.click("[data-toggle-offering]").await;
    app.wait_for_text("[data-toggle-offering]", "Pausieren")
        .await;
    app.click("#org-tab-contacts").await;
    app.fill("#field-contact_name", "Amira Osman").await;
    app.fill("#field-role", "Vorsitz").await;
    app.fill("#field-contact_email", "amira@example.org").await;
    // She also borrows from the Mediathek: an Inventarnummer is not a card.
    app.fill("#field-contact_card", "KI-M-000001").await;
    app.click("#add-contact").await;
    app.wait_for_text("[data-field='contact_card'] .field-error", "Ausweisnummer")
        .await;
    app.fill("#field-contact_card", "KI-A-000012").await;
    app.click("#add-contact").await;
    app.wait_for_text("#contacts-table", "Amira Osman").await;
    app.screenshot("contacts").await;

    // Find it by language and municipality (and not the Kurdish community).
    app.go_to("organisations").await;
    app.wait_for("#organisations-table[aria-busy='false']")
        .await;
    select_label(&app, "#filter-municipality", "Troisdorf").await;
    select_label(&app, "#filter-language", "Arabisch").await;
    app.wait_for("#organisations-table[aria-busy='false']")
        .await;
    let table = app
        .wait_for_text(
            "#organisations-table",
            "Sudanesischer Frauenverein Troisdorf",
        )
        .await;
    assert!(!table.contains("Kurdische"), "filtered: {table}");
    app.screenshot("filtered").await;

    // The filter is saved under a name and applied again later.
    app.fill("#filter-name", "Arabisch in Troisdorf").await;
    app.click("#save-filter").await;
    app.wait_for_text("#toasts", "Arabisch in Troisdorf").await;
    app.wait_for("#organisations-table[aria-busy='false']")
        .await;
    select_label(&app, "#filter-municipality", "alle").await;
    select_label(&app, "#filter-language", "alle").await;
    app.wait_for("#organisations-table[aria-busy='false']")
        .await;
    app.wait_for_text("#organisations-table", "Kurdische").await;
    select_label(&app, "#saved-filter", "Arabisch in Troisdorf").await;
    app.wait_for("#organisations-table[aria-busy='false']")
        .await;
    let again = app
        .wait_for_text(
            "#organisations-table",
            "Sudanesischer Frauenverein Troisdorf",
        )
        .await;
    assert!(
        !again.contains("Kurdische"),
        "the saved filter applies: {again}"
    );
    // Saved again under the same name (any case): asked before it is
    // replaced (it may be another PC's filter saved since).
    app.fill("#filter-name", "arabisch in troisdorf").await;
    app.click("#save-filter").await;
    app.wait_for_text(
        "#app-dialog",
        "Einen gespeicherten Filter „Arabisch in Troisdorf“ gibt es schon.",
    )
    .await;
    app.screenshot("filter-replace-asked").await;
    app.click("#dialog-confirm").await;
    app.wait_for_text("#toasts", "Filter „arabisch in troisdorf“ gespeichert")
        .await;
    let names = app
        .wait_for_text("#saved-filter", "arabisch in troisdorf")
        .await;
    assert!(
        !names.contains("Arabisch in Troisdorf"),
        "replaced, not added: {names}"
    );

    // Which projects ran in 2025?
    app.click("#tab-projects").await;
    select_label(&app, "#project-year", "2025").await;
    // Elterncafés is in the list of every year too: wait for the list of
    // 2025, without the project that began in 2026.
    app.wait_for_text_where(
        "#projects-table",
        "list Elterncafés in Troisdorf and not the Ausbildungsbörse (2026)",
        |projects| {
            projects.contains("Elterncafés in Troisdorf") && !projects.contains("Ausbildungsbörse")
        },
    )
    .await;
    app.go_to("organisations").await;
    app.wait_for("#organisations-table[aria-busy='false']")
        .await;

    // The filtered directory as XLSX: it opens and holds the rows.
    app.click("#export-directory").await;
    app.wait_for_text("#toasts", "Organisationen_").await;
    let xlsx = app.printed("Organisationen_");
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(&xlsx).expect("the XLSX opens");
    let range = book.worksheet_range("Organisationen").expect("the sheet");
    let names: Vec<String> = range.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert!(
        names.contains(&"Sudanesischer Frauenverein Troisdorf".to_string()),
        "{names:?}"
    );
    assert!(
        names.iter().all(|n| !n.contains("Kurdische")),
        "only the filtered rows: {names:?}"
    );
    // Its mailing list: the new contact's address, ready for BCC.
    app.click("#mailing-list").await;
    let bcc = app
        .wait_for("#mailing-bcc")
        .await
        .prop("value")
        .await
        .unwrap();
    assert!(bcc.unwrap_or_default().contains("amira@example.org"));

    // The Arbeitskreis: take the new organisation in, record the upcoming
    // meeting's attendance and an action item, print the invitation.
    app.click("#tab-arbeitskreis").await;
    app.wait_for_text("#group-name", "Arbeitskreis Migrantenorganisationen")
        .await;
    select_label(
        &app,
        "#join-organisation",
        "Sudanesischer Frauenverein Troisdorf",
    )
    .await;
    app.click("#join-group").await;
    app.wait_for_text("#members-table", "Sudanesischer Frauenverein Troisdorf")
        .await;
    app.wait_for_text("#open-actions", "Plakate in fünf Sprachen")
        .await;
    app.screenshot("arbeitskreis").await;
    app.click("#next-meeting a").await;
    app.wait_for("#attendance-table").await;
    for person in ["Amira Osman", "Rêzan Xelîl"] {
        crate::arbeitskreis::tick(&app, person, "anwesend").await;
    }
    app.click("#save-attendance").await;
    app.wait_for_text("#toasts", "Anwesenheit gespeichert")
        .await;
    app.fill("#action-text", "Protokoll verschicken").await;
    app.fill("#action-owner", "Amira Osman").await;
    app.click("#add-action").await;
    app.wait_for_text("#actions", "Protokoll verschicken").await;
    let present = app
        .client
        .find_all(Locator::Css(
            "#attendance-table input[value='anwesend']:checked",
        ))
        .await
        .unwrap();
    assert_eq!(present.len(), 2, "two people present");
    app.screenshot("meeting").await;
    app.click("#print-invitation").await;
    app.wait_for_text("#toasts", "Einladung_").await;
    let pdf = app.printed("Einladung_");
    let text = harness::pdf_text(&pdf);
    for name in [
        "Sudanesischer Frauenverein Troisdorf",
        "Amira Osman",
        "Kurdische Gemeinschaft Rhein-Sieg/Bonn",
        "Arbeitskreis Migrantenorganisationen",
    ] {
        assert!(text.contains(name), "the invitation names {name}: {text}");
    }

    // Deleting the contact's data asks once more (with the staff name for
    // the log), then removes her.
    app.go_to("organisations").await;
    app.search_and_open("#org-search", "#organisations-table", "sudanesisch")
        .await;
    app.click("#org-tab-contacts").await;
    app.click("[data-privacy-contact]").await;
    app.click("#erase-person").await;
    app.fill("#erase-staff", "A. Becker").await;
    app.click("#dialog-confirm").await;
    app.wait_for_text("#contacts-table", "Noch keine Ansprechpersonen")
        .await;
    app.stop().await;
}
