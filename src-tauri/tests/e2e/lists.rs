//! Every list sorts by its column headers and comes in pages, and the sort
//! chosen is kept per list: Ausleihende, the directory, the overdue list
//! and a workshop's participants, sorted by a click (and by the keyboard)
//! on a header, paged, and still sorted so after going elsewhere and after
//! a restart. Ausleihende's kind sorts by the label shown, in German and in
//! English; the overdue list offers one reminder per borrower, also when the
//! borrower's loans fall on two pages.

use std::path::Path;

use crate::harness::{self, keys, App};

fn moment() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 2)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .unwrap()
}

/// 60 borrowers: "Zoe Wagner" first (card KI-A-000001), then "Nutzer 01" …
/// "Nutzer 57", then "Ärger, Anna" and "Apfel, Paul" (card KI-A-000060).
fn sixty_borrowers(data_dir: &Path) {
    std::fs::create_dir_all(data_dir).unwrap();
    let mut db = kiz::Db::open(&data_dir.join("kiz-desk.sqlite")).unwrap();
    let mut names = vec!["Zoe Wagner".to_owned()];
    names.extend((1..=57).map(|i| format!("Nutzer {i:02}")));
    names.extend(["Ärger, Anna".to_owned(), "Apfel, Paul".to_owned()]);
    for name in names {
        let input = kiz::people::BorrowerInput {
            name,
            ..Default::default()
        };
        kiz::people::create_borrower(&mut db, &input, moment()).unwrap();
    }
}

/// The first cells of the rows of a table, top to bottom.
async fn first_cells(app: &App, table: &str) -> Vec<String> {
    cells(app, table, 1).await
}

/// The `n`th cells (1: the first) of the rows of a table, top to bottom.
async fn cells(app: &App, table: &str, n: usize) -> Vec<String> {
    let mut cells = Vec::new();
    for row in app
        .client
        .find_all(fantoccini::Locator::Css(&format!(
            "{table} tbody tr td:nth-child({n})"
        )))
        .await
        .expect("rows")
    {
        cells.push(row.text().await.unwrap_or_default());
    }
    cells
}

/// Clicks the header of `column` and waits until `table` shows its page
/// sorted by it in `direction`.
async fn sort_by_header(app: &App, table: &str, column: &str, direction: &str) {
    app.click(&format!("{table} th[data-sort='{column}'] button"))
        .await;
    sorted_by(app, table, column, direction).await;
}

/// Starts the app in a new data folder that `seed` filled first; the
/// folder lives as long as it is held. Also returns what `seed` returned.
async fn seeded_app<T>(
    test: &str,
    env: &[(&str, &str)],
    seed: impl FnOnce(&Path) -> T,
) -> (App, tempfile::TempDir, T) {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    let seeded = seed(&data_dir);
    let app = App::start_in(test, &data_dir, env).await;
    (app, folder, seeded)
}

/// Scrolls `css` to the middle of the window, for the screenshot.
async fn bring_into_view(app: &App, css: &str) {
    let element = app.wait_for(css).await;
    app.client
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' });",
            vec![serde_json::to_value(&element).expect("element reference")],
        )
        .await
        .expect("scroll");
}

/// Waits until `table` shows its page sorted by `column` in `direction`
/// (`ascending` / `descending`) and has finished loading.
async fn sorted_by(app: &App, table: &str, column: &str, direction: &str) {
    app.wait_for(&format!(
        "{table} th[data-sort='{column}'][aria-sort='{direction}']"
    ))
    .await;
    app.wait_for(&format!("{table}[aria-busy='false']")).await;
    assert_eq!(
        app.count(&format!("{table} th[aria-sort]")).await,
        1,
        "one column at a time is marked as the sort"
    );
}

#[tokio::test]
async fn borrowers_sort_by_a_header_page_on_and_keep_the_sort_after_a_restart() {
    let (app, folder, _) = seeded_app("lists-borrowers", &[], sixty_borrowers).await;
    app.go_to("borrowers").await;
    let table = "#borrower-table";
    sorted_by(&app, table, "name", "ascending").await;
    let rows = first_cells(&app, table).await;
    assert_eq!(rows.len(), 50, "a page holds 50 borrowers");
    assert_eq!(
        rows[..3],
        ["Apfel, Paul", "Ärger, Anna", "Nutzer 01"],
        "Ä sorts with A, as in a German dictionary"
    );
    assert_eq!(app.text("#borrower-table-info").await, "1–50 von 60");
    app.wait_for_text("#borrower-count", "60").await;

    // A click on the header reverses the order.
    sort_by_header(&app, table, "name", "descending").await;
    let rows = first_cells(&app, table).await;
    assert_eq!(rows[..3], ["Zoe Wagner", "Nutzer 57", "Nutzer 56"]);
    app.screenshot("name-descending").await;

    // The next page shows the next rows, in the same order.
    app.click("#borrower-table-next").await;
    app.wait_for_text("#borrower-table-info", "51–60 von 60")
        .await;
    app.wait_for(&format!("{table}[aria-busy='false']")).await;
    let rows = first_cells(&app, table).await;
    assert_eq!(
        rows,
        [
            "Nutzer 08",
            "Nutzer 07",
            "Nutzer 06",
            "Nutzer 05",
            "Nutzer 04",
            "Nutzer 03",
            "Nutzer 02",
            "Nutzer 01",
            "Ärger, Anna",
            "Apfel, Paul"
        ],
        "page two continues where page one ended"
    );
    app.screenshot("page-two").await;

    // Elsewhere and back: the list is still sorted by name, Z first.
    app.go_to("desk").await;
    app.go_to("borrowers").await;
    sorted_by(&app, table, "name", "descending").await;
    assert_eq!(first_cells(&app, table).await[0], "Zoe Wagner");

    // By the keyboard: the header of the card number, Enter.
    app.wait_for(&format!("{table} th[data-sort='card_number'] button"))
        .await
        .send_keys(keys::ENTER)
        .await
        .expect("Enter on the header");
    sorted_by(&app, table, "card_number", "ascending").await;
    let rows = first_cells(&app, table).await;
    assert_eq!(rows[..2], ["Zoe Wagner", "Nutzer 01"], "card order");
    app.stop().await;

    // After a restart the list opens sorted by card number.
    let data_dir = folder.path().join("data");
    let app = App::start_in("lists-borrowers-restarted", &data_dir, &[]).await;
    app.go_to("borrowers").await;
    sorted_by(&app, table, "card_number", "ascending").await;
    assert_eq!(
        first_cells(&app, table).await[..2],
        ["Zoe Wagner", "Nutzer 01"]
    );
    app.screenshot("").await;

    // In English: the same sort, the pager and the headers' hints in English.
    app.switch_to_english().await;
    app.go_to("borrowers").await;
    sorted_by(&app, table, "card_number", "ascending").await;
    assert_eq!(app.text("#borrower-table-info").await, "1–50 of 60");
    let hint = app
        .wait_for(&format!("{table} th[data-sort='name'] button"))
        .await
        .attr("title")
        .await
        .expect("the header's hint")
        .unwrap_or_default();
    assert!(hint.starts_with("Sort by"), "{hint}");
    app.screenshot("english").await;
    app.stop().await;
}

/// 55 organisations in two municipalities, named so that the name order
/// and the municipality order differ.
fn directory(data_dir: &Path) {
    std::fs::create_dir_all(data_dir).unwrap();
    let mut db = kiz::Db::open(&data_dir.join("kiz-desk.sqlite")).unwrap();
    for i in 1..=55 {
        let input = kiz::organisations::OrganisationInput {
            name: format!("Verein {i:02}"),
            municipality: if i % 5 == 0 {
                "Königswinter"
            } else {
                "Siegburg"
            }
            .into(),
            ..Default::default()
        };
        kiz::organisations::create_organisation(&mut db, &input, moment()).unwrap();
    }
    let input = kiz::organisations::OrganisationInput {
        name: "Ökumenischer Kreis".into(),
        municipality: "Troisdorf".into(),
        ..Default::default()
    };
    kiz::organisations::create_organisation(&mut db, &input, moment()).unwrap();
}

#[tokio::test]
async fn the_directory_sorts_by_a_header_pages_on_and_keeps_the_sort() {
    let (app, _folder, _) = seeded_app("lists-directory", &[], directory).await;
    app.go_to("organisations").await;
    let table = "#organisations-table";
    sorted_by(&app, table, "name", "ascending").await;
    let rows = first_cells(&app, table).await;
    assert_eq!(rows.len(), 50);
    assert_eq!(rows[0], "Ökumenischer Kreis", "Ö sorts with O, before V");

    sort_by_header(&app, table, "municipality", "ascending").await;
    let rows = first_cells(&app, table).await;
    assert_eq!(
        rows[..3],
        ["Verein 05", "Verein 10", "Verein 15"],
        "Königswinter before Siegburg, then by name"
    );
    app.screenshot("municipality").await;
    app.click("#organisations-table-next").await;
    app.wait_for_text("#organisations-table-info", "51–56 von 56")
        .await;
    app.wait_for(&format!("{table}[aria-busy='false']")).await;
    let rows = first_cells(&app, table).await;
    assert_eq!(
        rows,
        [
            "Verein 49",
            "Verein 51",
            "Verein 52",
            "Verein 53",
            "Verein 54",
            "Ökumenischer Kreis"
        ],
        "Siegburg's last five, then Troisdorf"
    );

    // A second click reverses; the sort is kept when the page comes back.
    sort_by_header(&app, table, "municipality", "descending").await;
    app.wait_for_text("#organisations-table-info", "1–50 von 56")
        .await;
    assert_eq!(first_cells(&app, table).await[0], "Ökumenischer Kreis");
    app.go_to("borrowers").await;
    app.go_to("organisations").await;
    sorted_by(&app, table, "municipality", "descending").await;
    assert_eq!(first_cells(&app, table).await[0], "Ökumenischer Kreis");
    app.screenshot("kept").await;

    // In English: the same sort kept, the headers, their hints and the
    // pager in English, and sorting and paging work as in German.
    app.switch_to_english().await;
    app.go_to("organisations").await;
    sorted_by(&app, table, "municipality", "descending").await;
    app.wait_for_text("#organisations-table-info", "1–50 of 56")
        .await;
    assert_eq!(first_cells(&app, table).await[0], "Ökumenischer Kreis");
    let header = app
        .wait_for(&format!("{table} th[data-sort='municipality'] button"))
        .await;
    // The headers are set in capitals by the style sheet.
    let label = header.text().await.unwrap_or_default();
    assert!(label.to_lowercase().starts_with("town"), "{label}");
    let hint = header
        .attr("title")
        .await
        .expect("the header's hint")
        .unwrap_or_default();
    assert!(hint.starts_with("Sort by “Town”"), "{hint}");
    app.click(&format!("{table} th[data-sort='municipality'] button"))
        .await;
    sorted_by(&app, table, "municipality", "ascending").await;
    assert_eq!(
        first_cells(&app, table).await[..3],
        ["Verein 05", "Verein 10", "Verein 15"]
    );
    app.click("#organisations-table-next").await;
    app.wait_for_text("#organisations-table-info", "51–56 of 56")
        .await;
    app.wait_for(&format!("{table}[aria-busy='false']")).await;
    assert_eq!(
        first_cells(&app, table).await.last().map(String::as_str),
        Some("Ökumenischer Kreis")
    );
    assert_eq!(app.text("#organisations-table-back").await, "Previous");
    app.screenshot("english").await;
    app.stop().await;
}

/// A borrower named `name`, entered on `on`; the borrower's id.
fn reader(db: &mut kiz::Db, name: &str, on: chrono::NaiveDateTime) -> i64 {
    let input = kiz::people::BorrowerInput {
        name: name.into(),
        ..Default::default()
    };
    kiz::people::create_borrower(db, &input, on).unwrap().id
}

/// A book `title` with one copy `barcode`, lent on `on` to `borrower_id`
/// (staff going on past overdue items, as the desk allows with a reason).
fn lend_book(
    db: &mut kiz::Db,
    borrower_id: i64,
    title: &str,
    barcode: &str,
    on: chrono::NaiveDateTime,
) {
    let kind_id = kiz::catalogue::media_kinds(db)
        .unwrap()
        .into_iter()
        .find(|k| k.code == "buch")
        .expect("the built-in Mediengruppe buch")
        .id;
    let medium = kiz::catalogue::create_medium(
        db,
        &kiz::catalogue::MediumInput {
            kind_id,
            title: title.into(),
            ..Default::default()
        },
        on,
    )
    .unwrap();
    kiz::catalogue::add_copy(
        db,
        medium.id,
        &kiz::catalogue::CopyInput {
            barcode: barcode.into(),
            ..Default::default()
        },
        on,
    )
    .unwrap();
    kiz::lending::checkout(
        db,
        &kiz::lending::CheckoutRequest {
            borrower_id,
            barcode: barcode.into(),
            override_reason: Some("Kurs läuft weiter".into()),
            course_end: None,
        },
        on,
    )
    .unwrap();
}

/// 55 overdue loans, one per borrower: "Leser 01" … "Leser 55" borrowed
/// "Band 55" … "Band 01" (the title order is the reverse of the name
/// order), all on 2 November 2026; the app's clock stands in December.
fn overdue_library(data_dir: &Path) {
    std::fs::create_dir_all(data_dir).unwrap();
    let mut db = kiz::Db::open(&data_dir.join("kiz-desk.sqlite")).unwrap();
    for i in 1..=55 {
        let borrower = reader(&mut db, &format!("Leser {i:02}"), moment());
        let title = format!("Band {:02}", 56 - i);
        lend_book(&mut db, borrower, &title, &format!("KI-M-{i:06}"), moment());
    }
}

#[tokio::test]
async fn the_overdue_list_sorts_by_a_header_pages_on_and_keeps_the_sort() {
    let (app, _folder, _) = seeded_app(
        "lists-overdue",
        &[("KIZ_NOW", "2026-12-15T09:00:00")],
        overdue_library,
    )
    .await;
    app.go_to("desk").await;
    app.click("#tab-overdue").await;
    let table = "#overdue-table";
    sorted_by(&app, table, "due_on", "ascending").await;
    app.wait_for_text("#overdue-table-info", "1–50 von 55")
        .await;

    // By title: "Band 01" (Leser 55) first; again: "Band 55" (Leser 01).
    sort_by_header(&app, table, "title", "ascending").await;
    assert!(
        first_cells(&app, table).await[0].starts_with("Leser 55"),
        "Band 01 first"
    );
    sort_by_header(&app, table, "title", "descending").await;
    let rows = first_cells(&app, table).await;
    assert_eq!(rows.len(), 50, "a page holds 50 loans");
    assert!(rows[0].starts_with("Leser 01"), "Band 55 first: {rows:?}");

    // The next page: Band 05 … Band 01, lent to Leser 51 … Leser 55.
    app.click("#overdue-table-next").await;
    app.wait_for_text("#overdue-table-info", "51–55 von 55")
        .await;
    app.wait_for(&format!("{table}[aria-busy='false']")).await;
    let rows = first_cells(&app, table).await;
    let names: Vec<&str> = rows.iter().map(|r| &r[..8]).collect();
    assert_eq!(
        names,
        ["Leser 51", "Leser 52", "Leser 53", "Leser 54", "Leser 55"]
    );
    app.screenshot("page-two").await;

    // Elsewhere and back: still by title, Z first.
    app.go_to("catalogue").await;
    app.go_to("desk").await;
    app.click("#tab-overdue").await;
    sorted_by(&app, table, "title", "descending").await;
    assert!(first_cells(&app, table).await[0].starts_with("Leser 01"));
    app.stop().await;
}

/// One borrower of each kind, named so that the name order says nothing
/// about the kind.
fn four_kinds(data_dir: &Path) {
    std::fs::create_dir_all(data_dir).unwrap();
    let mut db = kiz::Db::open(&data_dir.join("kiz-desk.sqlite")).unwrap();
    for (name, kind) in [
        ("Anna Sonstig", kiz::people::BorrowerKind::Sonstige),
        ("Berta Ehrenamt", kiz::people::BorrowerKind::Ehrenamtlich),
        ("Carl Hauptamt", kiz::people::BorrowerKind::Hauptamtlich),
        ("Dora Verein", kiz::people::BorrowerKind::Organisation),
    ] {
        let input = kiz::people::BorrowerInput {
            name: name.into(),
            kind,
            ..Default::default()
        };
        kiz::people::create_borrower(&mut db, &input, moment()).unwrap();
    }
}

#[tokio::test]
async fn borrowers_sort_by_the_kind_shown_in_german_and_in_english() {
    let (app, _folder, _) = seeded_app("lists-borrower-kinds", &[], four_kinds).await;
    app.go_to("borrowers").await;
    let table = "#borrower-table";
    sorted_by(&app, table, "name", "ascending").await;
    sort_by_header(&app, table, "kind", "ascending").await;
    assert_eq!(
        cells(&app, table, 2).await,
        [
            "ehrenamtliche Lehrkraft",
            "hauptamtliche Lehrkraft",
            "Organisation",
            "Sonstige"
        ],
        "German: the kinds in the order of their German names"
    );
    sort_by_header(&app, table, "kind", "descending").await;
    assert_eq!(
        first_cells(&app, table).await,
        [
            "Anna Sonstig",
            "Dora Verein",
            "Carl Hauptamt",
            "Berta Ehrenamt"
        ]
    );
    sort_by_header(&app, table, "kind", "ascending").await;
    app.screenshot("kind-german").await;

    // In English the same sort follows the English names.
    app.switch_to_english().await;
    app.go_to("borrowers").await;
    sorted_by(&app, table, "kind", "ascending").await;
    assert_eq!(
        cells(&app, table, 2).await,
        ["Organisation", "Other", "paid teacher", "volunteer teacher"],
        "English: the kinds in the order of their English names"
    );
    sort_by_header(&app, table, "kind", "descending").await;
    assert_eq!(
        first_cells(&app, table).await,
        [
            "Berta Ehrenamt",
            "Carl Hauptamt",
            "Anna Sonstig",
            "Dora Verein"
        ]
    );
    app.screenshot("kind-english").await;
    app.stop().await;
}

/// A workshop of the Ausbildungsbörse with 55 registrations: "Teilnehmer
/// 01" … "Teilnehmer 55" from "Schule 55" … "Schule 01" (the school order
/// is the reverse of the name order). Returns the workshop's id.
fn workshop_with_55(data_dir: &Path) -> i64 {
    std::fs::create_dir_all(data_dir).unwrap();
    let mut db = kiz::Db::open(&data_dir.join("kiz-desk.sqlite")).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let event = kiz::events::create_event(
        &mut db,
        &kiz::events::EventInput {
            title: "Ausbildungsbörse 2026".into(),
            starts_on: Some(day),
            venue: "Kreishaus Siegburg".into(),
            rooms: vec!["Raum A".into()],
            ..Default::default()
        },
        moment(),
    )
    .unwrap();
    let workshop = kiz::events::create_workshop(
        &mut db,
        event,
        &kiz::events::WorkshopInput {
            title: "Bewerbung schreiben".into(),
            room: "Raum A".into(),
            starts_at: day.and_hms_opt(10, 0, 0),
            ends_at: day.and_hms_opt(11, 30, 0),
            capacity: 60,
            languages: vec!["de".into()],
            ..Default::default()
        },
        moment(),
    )
    .unwrap();
    for i in 1..=55 {
        let person = kiz::events::create_participant(
            &mut db,
            &kiz::events::ParticipantInput {
                name: format!("Teilnehmer {i:02}"),
                school: format!("Schule {:02}", 56 - i),
                consent: Some(kiz::people::Consent {
                    given_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                    text_version: "2026-1".into(),
                }),
                ..Default::default()
            },
            moment(),
        )
        .unwrap();
        kiz::events::register(&mut db, workshop, person, &Default::default(), moment()).unwrap();
    }
    workshop
}

/// Opens the workshop's page by its address, as the event's page links it,
/// and waits for its participant list.
async fn open_workshop(app: &App, id: i64) {
    app.open(&format!("#/events/workshop/{id}")).await;
    app.wait_for("#registrations-table[aria-busy='false']")
        .await;
}

#[tokio::test]
async fn a_workshops_participants_sort_by_a_header_page_on_and_keep_the_sort() {
    let (app, _folder, workshop) = seeded_app("lists-participants", &[], workshop_with_55).await;
    app.go_to("events").await;
    open_workshop(&app, workshop).await;
    let table = "#registrations-table";
    // The workshop's own order first: seats (here all 55), by name.
    sorted_by(&app, table, "status", "ascending").await;
    app.wait_for_text("#registrations-table-info", "1–50 von 55")
        .await;
    let rows = first_cells(&app, table).await;
    assert_eq!(rows.len(), 50, "a page holds 50 registrations");
    assert_eq!(rows[0], "Teilnehmer 01");

    // By school: "Schule 01" (Teilnehmer 55) first; again: "Schule 55".
    sort_by_header(&app, table, "school", "ascending").await;
    assert_eq!(cells(&app, table, 2).await[..2], ["Schule 01", "Schule 02"]);
    assert_eq!(first_cells(&app, table).await[0], "Teilnehmer 55");
    sort_by_header(&app, table, "school", "descending").await;
    let rows = first_cells(&app, table).await;
    assert_eq!(rows.len(), 50);
    assert_eq!(rows[..2], ["Teilnehmer 01", "Teilnehmer 02"]);
    app.screenshot("school-descending").await;

    // The next page: Schule 05 … Schule 01, Teilnehmer 51 … 55.
    app.click("#registrations-table-next").await;
    app.wait_for_text("#registrations-table-info", "51–55 von 55")
        .await;
    app.wait_for(&format!("{table}[aria-busy='false']")).await;
    assert_eq!(
        first_cells(&app, table).await,
        [
            "Teilnehmer 51",
            "Teilnehmer 52",
            "Teilnehmer 53",
            "Teilnehmer 54",
            "Teilnehmer 55"
        ],
        "page two continues where page one ended"
    );
    bring_into_view(&app, table).await;
    app.screenshot("page-two").await;

    // Elsewhere and back: still by school, descending, from the first page.
    app.go_to("borrowers").await;
    app.go_to("events").await;
    open_workshop(&app, workshop).await;
    sorted_by(&app, table, "school", "descending").await;
    assert_eq!(first_cells(&app, table).await[0], "Teilnehmer 01");
    app.wait_for_text("#registrations-table-info", "1–50 von 55")
        .await;

    // In English: the same sort, the pager in English.
    app.switch_to_english().await;
    app.go_to("events").await;
    open_workshop(&app, workshop).await;
    sorted_by(&app, table, "school", "descending").await;
    assert_eq!(app.text("#registrations-table-info").await, "1–50 of 55");
    app.click("#registrations-table-next").await;
    app.wait_for_text("#registrations-table-info", "51–55 of 55")
        .await;
    app.wait_for(&format!("{table}[aria-busy='false']")).await;
    assert_eq!(first_cells(&app, table).await[0], "Teilnehmer 51");
    bring_into_view(&app, table).await;
    app.screenshot("english").await;
    app.stop().await;
}

/// 48 readers with one overdue loan each ("Leser 01" … "Leser 48", due 30
/// November, the first reminder due from 7 December) and "Mia Mahn" with
/// three: two from September whose three reminders were all sent, and one
/// lent on 2 November whose first reminder is due. Sorted by borrower, Mia's
/// rows are the 49th, 50th and 51st: her due loan is on page two. Returns
/// Mia's id.
fn overdue_across_pages(data_dir: &Path) -> i64 {
    std::fs::create_dir_all(data_dir).unwrap();
    let mut db = kiz::Db::open(&data_dir.join("kiz-desk.sqlite")).unwrap();
    let mut settings = kiz::lending::lending_settings(&db).unwrap();
    settings.closed_weekdays.clear();
    kiz::lending::save_lending_settings(
        &mut db,
        &settings,
        "BUERO-1",
        chrono::NaiveDate::from_ymd_opt(2026, 11, 12)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
    )
    .unwrap();
    let at = |m: u32, d: u32| {
        chrono::NaiveDate::from_ymd_opt(2026, m, d)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap()
    };
    let lend = |db: &mut kiz::Db, borrower: i64, n: u32, on| {
        lend_book(
            db,
            borrower,
            &format!("Band {n:02}"),
            &format!("KI-M-{n:06}"),
            on,
        );
    };
    let mia = reader(&mut db, "Mia Mahn", at(9, 1));
    lend(&mut db, mia, 49, at(9, 1));
    lend(&mut db, mia, 50, at(9, 1));
    for day in [at(10, 10), at(10, 24), at(11, 7)] {
        kiz::lending::record_reminders(&mut db, mia, day.date()).unwrap();
    }
    lend(&mut db, mia, 51, at(11, 2));
    for i in 1..=48 {
        let borrower = reader(&mut db, &format!("Leser {i:02}"), at(9, 1));
        lend(&mut db, borrower, i, at(11, 2));
    }
    mia
}

#[tokio::test]
async fn a_borrower_whose_overdue_loans_span_two_pages_is_offered_one_reminder() {
    let (app, _folder, mia) = seeded_app(
        "lists-overdue-reminder",
        &[("KIZ_NOW", "2026-12-15T09:00:00")],
        overdue_across_pages,
    )
    .await;
    app.go_to("desk").await;
    app.click("#tab-overdue").await;
    let table = "#overdue-table";
    sorted_by(&app, table, "due_on", "ascending").await;
    sort_by_header(&app, table, "borrower", "ascending").await;
    app.wait_for_text("#overdue-table-info", "1–50 von 51")
        .await;
    let mine = format!("{table} button[data-remind='{mia}']");
    assert_eq!(
        app.count(&mine).await,
        1,
        "page one offers Mia's reminder on her first row, though the loan that is due is on page two"
    );
    let rows = first_cells(&app, table).await;
    assert!(rows[48].starts_with("Mia Mahn") && rows[49].starts_with("Mia Mahn"));
    assert_eq!(
        app.count(&format!(
            "{table} tbody tr:nth-child(49) button[data-remind='{mia}']"
        ))
        .await,
        1,
        "the button is on Mia's first row"
    );
    assert_eq!(
        app.count(&format!("{table} tbody tr.reminder-due")).await,
        48,
        "none of Mia's loans on this page is due itself"
    );
    bring_into_view(&app, &format!("{table} tbody tr:nth-child(49)")).await;
    app.screenshot("page-one").await;

    app.click("#overdue-table-next").await;
    app.wait_for_text("#overdue-table-info", "51–51 von 51")
        .await;
    app.wait_for(&format!("{table}[aria-busy='false']")).await;
    assert!(first_cells(&app, table).await[0].starts_with("Mia Mahn"));
    assert_eq!(
        app.count(&format!("{table} tr.reminder-due")).await,
        1,
        "her loan that is due is marked"
    );
    assert_eq!(
        app.count(&format!("{table} button[data-remind]")).await,
        0,
        "no second reminder for Mia on page two"
    );
    app.screenshot("page-two").await;

    // The reminder offered on page one names the loan on page two.
    app.click("#overdue-table-back").await;
    app.wait_for_text("#overdue-table-info", "1–50 von 51")
        .await;
    app.click(&mine).await;
    app.wait_for_text("#reminder-done", "Stufe 1 für 1 Medium")
        .await;
    app.wait_for(&format!("{table}[aria-busy='false']")).await;
    assert_eq!(
        app.count(&mine).await,
        0,
        "once sent, Mia is not offered it again"
    );
    app.stop().await;
}

/// Search as you type, timed in the page from each keystroke to the
/// updated list (`data-last-ms` of the table), printed (never asserted),
/// in Medien, Ausleihende and Organisationen: every letter of a few words
/// is typed and its list awaited (each keystroke marks the table busy at
/// once and its answer clears the mark: no typing pause); asserted is that
/// every keystroke's answer came and the field holds the word. On the demo
/// data by default; `cargo xtask bench` points
/// `KIZ_E2E_LARGE_DATABASE` at the 100,000-media benchmark database.
#[tokio::test]
async fn every_keystroke_updates_the_hits_and_is_timed_in_media_borrowers_and_organisations() {
    let (app, _folder, large) =
        harness::start_for_timing("search-timing", "2026-11-12T09:30:00").await;
    let lists: [(&str, &str, &str, &[&str]); 3] = [
        (
            "catalogue",
            "#media-search",
            "#media-table",
            &["deutsch", "grammatik", "marchen"],
        ),
        (
            "borrowers",
            "#borrower-search",
            "#borrower-table",
            &["yilmaz", "schmidt", "ayse"],
        ),
        (
            "organisations",
            "#org-search",
            "#organisations-table",
            &["verein", "kultur", "afrika"],
        ),
    ];
    for (route, field, table, words) in lists {
        app.go_to(route).await;
        app.wait_for(&format!("{field}:focus")).await;
        let mut times = Vec::new();
        for word in words {
            for letter in word.chars() {
                app.press(&letter.to_string()).await;
                let ms = app
                    .wait_for(&format!("{table}[aria-busy='false']"))
                    .await
                    .attr("data-last-ms")
                    .await
                    .expect("the table's attribute")
                    .and_then(|v| v.parse::<f64>().ok())
                    .expect("each keystroke's time");
                times.push(ms);
            }
            assert_eq!(app.value(field).await, *word, "typed into {field}");
            // Cleared for the next word (that asks once more).
            app.set_value(field, "").await;
            app.wait_for(&format!("{table}[aria-busy='false']")).await;
        }
        print_keystroke_times(route, database(large), &times);
    }

    // The desk's name search asks at every keystroke too, from the second
    // letter (one letter, or digits, are a code being scanned). Names that
    // both the demo data and the benchmark database hold.
    app.go_to("desk").await;
    app.wait_for("#scan:focus").await;
    let mut times = Vec::new();
    for word in ["yilmaz", "diallo", "ayse"] {
        for (typed, letter) in word.chars().enumerate() {
            app.press(&letter.to_string()).await;
            let list = app.wait_for("#scan-suggestions[aria-busy='false']").await;
            if typed > 0 {
                let ms = list
                    .attr("data-last-ms")
                    .await
                    .expect("the list's attribute");
                times.push(
                    ms.and_then(|v| v.parse::<f64>().ok())
                        .expect("each keystroke's time"),
                );
            }
        }
        assert_offers(&app, "#scan-suggestions li", word).await;
        app.set_value("#scan", "").await;
    }
    print_keystroke_times("the desk's name search", database(large), &times);
    app.stop().await;
}

fn database(large: bool) -> &'static str {
    if large {
        "100,000-media"
    } else {
        "demo"
    }
}

fn print_keystroke_times(list: &str, database: &str, times: &[f64]) {
    let (median, p95, max) = harness::spread(times);
    eprintln!(
        "search as you type in {list}, {database} database, {} keystrokes: median \
         {median:.1} ms, p95 {p95:.1} ms, max {max:.1} ms (target: 30 ms at p95)",
        times.len()
    );
}

/// The typed word, lower case and without the Turkish and German marks,
/// is in the first name offered (the core folds them the same way).
async fn assert_offers(app: &App, items: &str, word: &str) {
    let first = app.wait_for(items).await.text().await.unwrap_or_default();
    let folded: String = first
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'ı' => 'i',
            'ş' => 's',
            'ç' => 'c',
            'ğ' => 'g',
            'ö' => 'o',
            'ü' => 'u',
            'ä' => 'a',
            other => other,
        })
        .collect();
    assert!(folded.contains(word), "{word} offers {first}");
}

/// The app on the demo data, its start's work done, on the fixed day.
async fn with_demo(test: &str, folder: &tempfile::TempDir) -> App {
    let app = App::start_in(
        test,
        &folder.path().join("data"),
        &[("KIZ_DEMO", "1"), ("KIZ_NOW", "2026-11-12T09:30:00")],
    )
    .await;
    app.wait_for_start_work().await;
    app
}

/// The first workshop of the demo fair, opened from the events list.
async fn open_the_demo_workshop(app: &App) {
    app.go_to("events").await;
    app.click("#events-table a").await;
    app.wait_for_text("#workshops-table", "Pflegeberufe kennenlernen")
        .await;
    app.click("#workshops-table tbody a").await;
}

/// The participants' search on a workshop's page: every keystroke asks,
/// the list holds the typed name's participants at the end. On the demo
/// fair (about 150 participants; the 100,000-media database has none).
#[tokio::test]
async fn every_keystroke_updates_the_participants_found_and_is_timed() {
    let folder = harness::data_folder();
    let app = with_demo("search-timing-participants", &folder).await;
    open_the_demo_workshop(&app).await;
    app.click("#participant-search").await;
    app.wait_for("#participant-search:focus").await;
    let mut times = Vec::new();
    for word in ["yilmaz", "diallo", "celik"] {
        for letter in word.chars() {
            app.press(&letter.to_string()).await;
            let ms = app
                .wait_for("#participant-results[aria-busy='false']")
                .await
                .attr("data-last-ms")
                .await
                .expect("the list's attribute")
                .and_then(|v| v.parse::<f64>().ok())
                .expect("each keystroke's time");
            times.push(ms);
        }
        assert_offers(&app, "#participant-results li", word).await;
        app.set_value("#participant-search", "").await;
        app.wait_for("#participant-results[aria-busy='false']")
            .await;
    }
    print_keystroke_times("the participants' search", "demo", &times);
    app.stop().await;
}

/// Typing faster than the answers come: the answer to the first letter
/// is held back in the page (the bridge slowed down for it) and arrives
/// after the answers to the whole word; the list keeps the word's hits.
#[tokio::test]
async fn a_late_answer_to_an_older_keystroke_does_not_replace_the_newer_hits() {
    let folder = harness::data_folder();
    let app = with_demo("search-late-answer", &folder).await;
    app.go_to("catalogue").await;
    app.wait_for("#media-search:focus").await;
    app.wait_for("#media-table[aria-busy='false']").await;
    // What "s" alone finds, to tell its answer from the word's.
    app.press("s").await;
    app.wait_for("#media-table[aria-busy='false']").await;
    let counted_s = app.text("#media-count").await;
    app.set_value("#media-search", "").await;
    app.wait_for("#media-table[aria-busy='false']").await;
    app.hold_back_first("search_media", "args?.query?.text === 's'")
        .await;
    app.press("schritte plus").await;
    let shown = app
        .wait_for_text("#media-table tbody", "Schritte plus")
        .await;
    let counted = app.text("#media-count").await;
    assert_ne!(counted, counted_s, "\"s\" finds other media than the word");
    // The slow answer to "s" arrives …
    app.wait_for_held_back_answer().await;
    // … and changes nothing: the hits and their count are the word's.
    assert_eq!(app.text("#media-table tbody").await, shown);
    assert_eq!(app.text("#media-count").await, counted);
    assert_eq!(app.value("#media-search").await, "schritte plus");
    app.stop().await;
}

/// Issue 21, point 6, in the other searches: Ausleihende, Organisationen
/// and a workshop's participants. As in Medien, the answer to the first
/// letter is held back in the page and arrives after the word's; the list
/// keeps the word's hits. (The desk's name search: tests/ui/desk.test.mjs.)
#[tokio::test]
async fn a_late_answer_to_an_older_keystroke_is_dropped_in_the_other_searches() {
    let folder = harness::data_folder();
    let app = with_demo("search-late-answer-others", &folder).await;
    // (route, field, list, busy mark, command, word, what the word finds)
    let searches = [
        (
            "borrowers",
            "#borrower-search",
            "#borrower-table tbody",
            "#borrower-table",
            "search_borrowers",
            "schmidt",
            "Anna Schmidt",
        ),
        (
            "organisations",
            "#org-search",
            "#organisations-table tbody",
            "#organisations-table",
            "search_organisations",
            "afrika",
            "Afrikanischer Frauenverein",
        ),
        (
            "participants",
            "#participant-search",
            "#participant-results",
            "#participant-results",
            "find_participants",
            "diallo",
            "Diallo",
        ),
    ];
    for (route, field, list, busy, command, word, found) in searches {
        if route == "participants" {
            open_the_demo_workshop(&app).await;
            app.click(field).await;
        } else {
            app.go_to(route).await;
        }
        app.wait_for(&format!("{field}:focus")).await;
        let idle = format!("{busy}[aria-busy='false']");
        // What the first letter alone finds, to tell its answer from the word's.
        let first = &word[..1];
        app.press(first).await;
        app.wait_for(&idle).await;
        let first_shows = app.text(list).await;
        app.set_value(field, "").await;
        app.wait_for(&idle).await;
        app.hold_back_first(command, "true").await;
        app.press(word).await;
        app.wait_for_text(&idle, found).await;
        let shown = app.text(list).await;
        assert_ne!(
            shown, first_shows,
            "{route}: {first:?} finds more than {word:?}"
        );
        app.wait_for_held_back_answer().await;
        assert_eq!(app.text(list).await, shown, "{route}: the word's hits stay");
        assert_eq!(app.value(field).await, word);
    }
    app.stop().await;
}

/// Issue 21, point 5 (first half): the time from the click on Medien,
/// Ausleihende and Organisationen in the navigation to their first rows on
/// the screen (two animation frames after the rows are in place and the
/// page is no longer busy), ten times each after a first opening. Printed,
/// never asserted; asserted is that the timed page shows the list's first
/// rows. On the demo data by default; `cargo xtask bench` points
/// `KIZ_E2E_LARGE_DATABASE` at the 100,000-media benchmark database.
#[tokio::test]
async fn opening_the_long_lists_is_timed_from_the_click_to_the_first_rows() {
    let (app, _folder, large) =
        harness::start_for_timing("open-timing", "2026-11-12T09:30:00").await;
    for (route, table) in [
        ("catalogue", "#media-table"),
        ("borrowers", "#borrower-table"),
        ("organisations", "#organisations-table"),
    ] {
        let rows = format!("{table}[aria-busy='false'] tbody tr");
        let mut times = Vec::new();
        for round in 0..=10 {
            app.go_to("desk").await;
            app.wait_for("#scan").await;
            let ms = app
                .client
                .execute_async(
                    "const [route, rows, done] = arguments;
                     const t0 = performance.now();
                     const ready = () => document.querySelector(rows)
                       && document.getElementById('main').getAttribute('aria-busy') === 'false';
                     const watch = new MutationObserver(() => {
                       if (!ready()) return;
                       watch.disconnect();
                       requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
                     });
                     watch.observe(document.body, { subtree: true, childList: true, attributes: true });
                     document.getElementById('nav-' + route).click();",
                    vec![serde_json::json!(route), serde_json::json!(rows)],
                )
                .await
                .expect("the list opened")
                .as_f64()
                .expect("a time in ms");
            // The first opening loads the view's module: not counted.
            if round > 0 {
                times.push(ms);
            }
        }
        let shown = app.text(&rows).await;
        assert!(!shown.trim().is_empty(), "{route}: the first row has text");
        let (median, p95, max) = harness::spread(&times);
        eprintln!(
            "opening {route} to its first rows ({}, {} opens): median {median:.0} ms, p95 \
             {p95:.0} ms, max {max:.0} ms (target: 100 ms)",
            if large {
                "100,000-media database"
            } else {
                "demo data"
            },
            times.len()
        );
    }
    app.screenshot("organisations").await;
    app.stop().await;
}

/// 1,050 media, borrowers and organisations, for a page of 1,000 rows.
fn a_thousand_and_fifty_of_each(data_dir: &Path) {
    std::fs::create_dir_all(data_dir).unwrap();
    let mut db = kiz::Db::open(&data_dir.join("kiz-desk.sqlite")).unwrap();
    let kind = kiz::catalogue::media_kinds(&db).unwrap()[0].id;
    for i in 1..=1050 {
        let medium = kiz::catalogue::MediumInput {
            kind_id: kind,
            title: format!("Lehrwerk {i:04}"),
            ..Default::default()
        };
        kiz::catalogue::create_medium(&mut db, &medium, moment()).unwrap();
        let borrower = kiz::people::BorrowerInput {
            name: format!("Nutzer {i:04}"),
            ..Default::default()
        };
        kiz::people::create_borrower(&mut db, &borrower, moment()).unwrap();
        let organisation = kiz::organisations::OrganisationInput {
            name: format!("Verein {i:04}"),
            municipality: "Siegburg".into(),
            ..Default::default()
        };
        kiz::organisations::create_organisation(&mut db, &organisation, moment()).unwrap();
    }
}

/// Scrolls the box around `table` from its top to the table's end, about
/// one wheel notch (120 px) per frame, and answers the rows, how far it
/// scrolled, how far the table's end was, and the time between frames.
const SCROLL_THROUGH: &str = "
    const done = arguments[arguments.length - 1];
    const table = document.querySelector(arguments[0]);
    let box = table.parentElement;
    while (box && !(box.scrollHeight > box.clientHeight + 1
        && /(auto|scroll)/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
    box = box || document.scrollingElement;
    box.scrollTop = 0;
    const end = Math.min(box.scrollHeight - box.clientHeight,
        table.getBoundingClientRect().bottom - box.getBoundingClientRect().top
        + box.scrollTop - box.clientHeight);
    const idle = [];
    const gaps = [];
    let last = 0;
    const frame = (now) => {
        if (last) gaps.push(now - last);
        last = now;
        if (box.scrollTop >= end - 1) {
            done({ rows: table.tBodies[0].rows.length, scrolled: box.scrollTop, end, gaps, idle });
            return;
        }
        box.scrollTop = Math.min(end, box.scrollTop + 120);
        requestAnimationFrame(frame);
    };
    // First 30 frames without scrolling: the window's own pace here.
    const still = (now) => {
        if (last) idle.push(now - last);
        last = now;
        if (idle.length < 30) requestAnimationFrame(still);
        else { last = 0; requestAnimationFrame(frame); }
    };
    requestAnimationFrame(still);";

/// "Zeilen pro Seite" under Medien, Ausleihende and Organisationen: 1,000
/// rows on one page, the choice kept when the list is opened again, and
/// scrolling through the 1,000 rows timed frame by frame (printed: the
/// time between frames, and how many frames took longer than one refresh
/// of the screen, 1/60 s).
#[tokio::test]
async fn a_page_of_a_thousand_rows_is_chosen_kept_and_scrolled_frame_by_frame() {
    let (app, _folder, _) = seeded_app("lists-thousand", &[], a_thousand_and_fifty_of_each).await;
    let lists = [
        ("catalogue", "#media-table", "#media-page-size", "Lehrwerk"),
        (
            "borrowers",
            "#borrower-table",
            "#borrower-table-page-size",
            "Nutzer",
        ),
        (
            "organisations",
            "#organisations-table",
            "#organisations-table-page-size",
            "Verein",
        ),
    ];
    for (route, table, choice, name) in lists {
        app.go_to(route).await;
        app.wait_for(&format!("{table}[aria-busy='false']")).await;
        let rows = format!("{table} tbody tr");
        assert_eq!(app.count(&rows).await, 50, "{route}: the usual page");
        assert_eq!(app.value(choice).await, "50");
        app.set_value(choice, "1000").await;
        app.wait_for(&format!("{rows}:nth-child(1000)")).await;
        app.wait_for(&format!("{table}[aria-busy='false']")).await;
        assert_eq!(app.count(&rows).await, 1000, "{route}: one page of 1,000");
        assert!(
            app.text(&rows).await.contains(name),
            "{route}: the rows are the seeded ones"
        );
        let scrolled = app
            .client
            .execute_async(SCROLL_THROUGH, vec![serde_json::json!(table)])
            .await
            .expect("scrolled through the page");
        assert_eq!(scrolled["rows"], 1000);
        let end = scrolled["end"].as_f64().expect("the table's end");
        let reached = scrolled["scrolled"].as_f64().expect("how far it scrolled");
        assert!(
            end > 10_000.0,
            "{route}: 1,000 rows are taller than {end} px"
        );
        assert!(
            reached >= end - 1.0,
            "{route}: scrolled to {reached} of {end} px"
        );
        let gaps: Vec<f64> = scrolled["gaps"]
            .as_array()
            .expect("the frames")
            .iter()
            .filter_map(serde_json::Value::as_f64)
            .collect();
        assert!(gaps.len() > 50, "{route}: {} frames", gaps.len());
        // The end of the page: the last rows, the pager, the rows per page.
        bring_into_view(&app, choice).await;
        app.screenshot(&format!("thousand-{route}")).await;
        let (median, p95, max) = harness::spread(&gaps);
        let late = gaps.iter().filter(|&&g| g > 1000.0 / 60.0 * 1.5).count();
        let idle: Vec<f64> = scrolled["idle"]
            .as_array()
            .expect("the frames before")
            .iter()
            .filter_map(serde_json::Value::as_f64)
            .collect();
        let (idle_median, _, _) = harness::spread(&idle);
        eprintln!(
            "scrolling 1,000 rows in {route}: {} frames, time between frames median \
             {median:.1} ms, p95 {p95:.1} ms, max {max:.1} ms; {late} frames came more \
             than 1.5 refreshes (25 ms) after the one before (target: every frame within \
             16 ms, so one a refresh, 16.7 ms, none late); before scrolling: median \
             {idle_median:.1} ms",
            gaps.len()
        );
    }

    // Opened again, each list keeps its 1,000 rows.
    for (route, table, choice, _) in lists {
        app.go_to(route).await;
        app.wait_for(&format!("{table}[aria-busy='false']")).await;
        assert_eq!(app.value(choice).await, "1000", "{route} keeps the choice");
        assert_eq!(app.count(&format!("{table} tbody tr")).await, 1000);
    }
    app.stop().await;
}

/// Point 3 of the speed work: the app's memory (PSS and RSS of its process
/// tree, and of each process) after the catalogue was searched and scrolled
/// for about a minute, printed next to the memory before; then the same
/// work once more, to show whether the memory keeps growing or levels off.
/// A fixed amount of work, not a time: eight words typed letter by letter,
/// each word's first two pages of 250 rows scrolled through. On the
/// 100,000-media database in `cargo xtask bench`, on the demo data
/// otherwise.
#[tokio::test]
async fn the_memory_after_a_minute_of_searching_and_scrolling_the_catalogue_is_printed() {
    let (app, _folder, large) =
        harness::start_for_timing("memory-minute", "2026-11-12T09:30:00").await;
    app.go_to("catalogue").await;
    app.wait_for("#media-table[aria-busy='false']").await;
    let (pss_before, rss_before, each_before) = app.memory_kib();
    assert!(
        pss_before > 0 && rss_before >= pss_before,
        "{pss_before} / {rss_before} KiB"
    );
    app.set_value("#media-page-size", "250").await;
    app.wait_for("#media-table[aria-busy='false']").await;
    let started = std::time::Instant::now();
    let words = [
        "deutsch",
        "grammatik",
        "marchen",
        "lesen",
        "spiel",
        "kurs",
        "arabisch",
        "wort",
    ];
    let mib = |kib: u64| kib as f64 / 1024.0;
    eprintln!(
        "memory of the app's process tree, {} database, catalogue open: PSS {:.1} MiB, \
         RSS {:.1} MiB ({each_before})",
        database(large),
        mib(pss_before),
        mib(rss_before),
    );
    for round in 1..=2 {
        let mut frames = 0;
        for word in words {
            app.click("#media-search").await;
            for letter in word.chars() {
                app.press(&letter.to_string()).await;
                app.wait_for("#media-table[aria-busy='false']").await;
            }
            assert_eq!(app.value("#media-search").await, word);
            for page in 0..2 {
                let scrolled = app
                    .client
                    .execute_async(SCROLL_THROUGH, vec![serde_json::json!("#media-table")])
                    .await
                    .expect("scrolled through the page");
                frames += scrolled["gaps"].as_array().map_or(0, Vec::len);
                let next = app
                    .client
                    .find(fantoccini::Locator::Css("#page-next"))
                    .await;
                let Ok(next) = next else { break };
                if page == 1 || next.attr("disabled").await.ok().flatten().is_some() {
                    break;
                }
                next.click().await.expect("the next page");
                app.wait_for("#media-table[aria-busy='false']").await;
            }
            app.set_value("#media-search", "").await;
            app.wait_for("#media-table[aria-busy='false']").await;
        }
        let (pss, rss, each) = app.memory_kib();
        assert!(pss > 0, "the app still runs");
        eprintln!(
            "  after round {round} (8 words searched, {frames} frames scrolled, {:.0} s since \
             the first): PSS {:.1} MiB, RSS {:.1} MiB ({each})",
            started.elapsed().as_secs_f64(),
            mib(pss),
            mib(rss),
        );
    }
    app.stop().await;
}
