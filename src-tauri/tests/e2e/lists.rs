//! Every list sorts by its column headers and comes in pages, and the sort
//! chosen is kept per list: Ausleihende and the directory, sorted by a
//! click (and by the keyboard) on a header, paged, and still sorted so
//! after going elsewhere and after a restart.

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
    let mut cells = Vec::new();
    for row in app
        .client
        .find_all(fantoccini::Locator::Css(&format!(
            "{table} tbody tr td:first-child"
        )))
        .await
        .expect("rows")
    {
        cells.push(row.text().await.unwrap_or_default());
    }
    cells
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
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    sixty_borrowers(&data_dir);
    let app = App::start_in("lists-borrowers", &data_dir, &[]).await;
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
    app.click(&format!("{table} th[data-sort='name'] button"))
        .await;
    sorted_by(&app, table, "name", "descending").await;
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
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    directory(&data_dir);
    let app = App::start_in("lists-directory", &data_dir, &[]).await;
    app.go_to("organisations").await;
    let table = "#organisations-table";
    sorted_by(&app, table, "name", "ascending").await;
    let rows = first_cells(&app, table).await;
    assert_eq!(rows.len(), 50);
    assert_eq!(rows[0], "Ökumenischer Kreis", "Ö sorts with O, before V");

    app.click(&format!("{table} th[data-sort='municipality'] button"))
        .await;
    sorted_by(&app, table, "municipality", "ascending").await;
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
    app.click(&format!("{table} th[data-sort='municipality'] button"))
        .await;
    sorted_by(&app, table, "municipality", "descending").await;
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

/// 55 overdue loans, one per borrower: "Leser 01" … "Leser 55" borrowed
/// "Band 55" … "Band 01" (the title order is the reverse of the name
/// order), all on 2 November 2026; the app's clock stands in December.
fn overdue_library(data_dir: &Path) {
    std::fs::create_dir_all(data_dir).unwrap();
    let mut db = kiz::Db::open(&data_dir.join("kiz-desk.sqlite")).unwrap();
    let kind_id = kiz::catalogue::media_kinds(&db)
        .unwrap()
        .into_iter()
        .find(|k| k.code == "buch")
        .expect("the built-in Mediengruppe buch")
        .id;
    for i in 1..=55 {
        let borrower = kiz::people::create_borrower(
            &mut db,
            &kiz::people::BorrowerInput {
                name: format!("Leser {i:02}"),
                ..Default::default()
            },
            moment(),
        )
        .unwrap();
        let medium = kiz::catalogue::create_medium(
            &mut db,
            &kiz::catalogue::MediumInput {
                kind_id,
                title: format!("Band {:02}", 56 - i),
                ..Default::default()
            },
            moment(),
        )
        .unwrap();
        let barcode = format!("KI-M-{i:06}");
        kiz::catalogue::add_copy(
            &mut db,
            medium.id,
            &kiz::catalogue::CopyInput {
                barcode: barcode.clone(),
                ..Default::default()
            },
            moment(),
        )
        .unwrap();
        kiz::lending::checkout(
            &mut db,
            &kiz::lending::CheckoutRequest {
                borrower_id: borrower.id,
                barcode,
                override_reason: None,
            },
            moment(),
        )
        .unwrap();
    }
}

#[tokio::test]
async fn the_overdue_list_sorts_by_a_header_pages_on_and_keeps_the_sort() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    overdue_library(&data_dir);
    let app = App::start_in(
        "lists-overdue",
        &data_dir,
        &[("KIZ_NOW", "2026-12-15T09:00:00")],
    )
    .await;
    app.go_to("desk").await;
    app.click("#tab-overdue").await;
    let table = "#overdue-table";
    sorted_by(&app, table, "due_on", "ascending").await;
    app.wait_for_text("#overdue-table-info", "1–50 von 55")
        .await;

    // By title: "Band 01" (Leser 55) first; again: "Band 55" (Leser 01).
    app.click(&format!("{table} th[data-sort='title'] button"))
        .await;
    sorted_by(&app, table, "title", "ascending").await;
    assert!(
        first_cells(&app, table).await[0].starts_with("Leser 55"),
        "Band 01 first"
    );
    app.click(&format!("{table} th[data-sort='title'] button"))
        .await;
    sorted_by(&app, table, "title", "descending").await;
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
