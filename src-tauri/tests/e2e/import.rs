//! Daten importieren as staff meet it: a deliberately messy inventory
//! (Windows-1252, semicolons, a title block, an empty line, a duplicate
//! row, a date as `1.2.2024` and one as an Excel serial number, an invalid
//! ISBN, an impossible date) taken over from the Medien page through the
//! wizard. The dry run shows exactly the expected message per row, "nur
//! gültige Zeilen" imports the rest, and the catalogue search finds them.

use fantoccini::Locator;

use crate::harness::{self, App};

/// The messy inventory the core's tests check row by row too.
const INVENTORY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/Inventar-Mediathek.csv"
);

/// Per row of the result table: row number, action, note.
async fn result_rows(app: &App, table: &str) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    for row in app
        .client
        .find_all(Locator::Css(&format!("{table} tbody tr")))
        .await
        .unwrap()
    {
        let number = row.attr("data-row").await.unwrap().unwrap_or_default();
        let action = row.attr("data-action").await.unwrap().unwrap_or_default();
        let note = row
            .find(Locator::Css(".row-note"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        rows.push((number, action, note));
    }
    rows
}

#[tokio::test]
async fn a_messy_inventory_is_checked_row_by_row_then_the_valid_rows_are_imported_and_found() {
    let folder = harness::data_folder();
    let file = std::path::Path::new(INVENTORY).canonicalize().unwrap();
    let data_dir = folder.path().join("data");
    let exports = folder.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    let app = App::start_in(
        "import",
        &data_dir,
        &[
            ("KIZ_NOW", "2026-11-12T09:30:00"),
            ("KIZ_TEST_IMPORT_FILE", file.to_str().unwrap()),
            ("KIZ_TEST_SAVE_DIR", exports.to_str().unwrap()),
        ],
    )
    .await;
    app.go_to("catalogue").await;
    app.click("#import-media").await;
    app.wait_for("#import-target").await;
    assert_eq!(app.value("#import-target").await, "media");
    app.click("#import-pick").await;
    app.wait_for("#import-columns").await;
    assert_eq!(
        app.text("#import-file-name").await,
        "Datei: Inventar-Mediathek.csv"
    );
    assert_eq!(
        app.text("#import-header-row").await,
        "Überschriften in Zeile 2; Datenzeilen: 6"
    );
    // Every column guessed from its header.
    let mut mapped = Vec::new();
    for select in app
        .client
        .find_all(Locator::Css("#import-columns select"))
        .await
        .unwrap()
    {
        mapped.push(select.prop("value").await.unwrap().unwrap_or_default());
    }
    assert_eq!(
        mapped,
        [
            "title",
            "publisher",
            "isbn",
            "levels",
            "languages",
            "barcode",
            "acquired_on"
        ]
    );

    app.click("#import-check").await;
    app.wait_for("#import-rows").await;
    let s = |n: &str, a: &str, note: &str| (n.to_owned(), a.to_owned(), note.to_owned());
    assert_eq!(
        result_rows(&app, "#import-rows").await,
        [
            s("3", "create", ""),
            s("5", "create", "weiteres Exemplar zu Zeile 3"),
            s("6", "create", ""),
            s("7", "skip", "doppelt: wie Zeile 6 (gleiche Inventarnummer)"),
            s(
                "8",
                "refuse",
                "Zeile 8, Spalte „ISBN“: Diese ISBN/EAN ist ungültig: Länge oder Prüfziffer \
                 stimmt nicht. Bitte prüfen Sie die Eingabe (10 oder 13 Ziffern)."
            ),
            s(
                "9",
                "refuse",
                "Zeile 9, Spalte „Anschaffung“: „31.02.2024“ ist kein Datum, das sich lesen \
                 lässt (zum Beispiel 1.2.2024, 01.02.24 oder 2024-02-01)."
            ),
        ]
    );
    assert_eq!(
        app.text("#import-summary").await,
        "3 neu, 0 aktualisiert, 1 übersprungen, 2 abgelehnt. Es wurde nichts gespeichert."
    );
    // The preview: the serial number 45323 and 01.02.24 as the same day.
    let preview = app.text("#import-preview").await;
    assert!(preview.contains("9783193010810"), "{preview}");
    assert_eq!(preview.matches("01.02.2024").count(), 4, "{preview}");
    app.screenshot("dry-run").await;
    // "Nothing unless all rows are valid": the dry run says the import
    // would store nothing, since two rows are refused.
    app.click("input[name='mode'][value='all']").await;
    app.click("#import-check").await;
    app.wait_for_text("#import-summary", "würde auch der Import nichts speichern")
        .await;
    app.click("input[name='mode'][value='valid']").await;

    // "nur gültige Zeilen importieren" is the default.
    app.click("#import-run").await;
    app.wait_for("#import-report").await;
    app.wait_for_text("#import-summary", "Der Import ist gespeichert")
        .await;
    app.screenshot("report").await;
    // The report as PDF says what the screen said.
    app.click("#import-report-pdf").await;
    app.wait_for_text("#toasts", "Ausdrucke").await;
    let pdf = harness::pdf_text(&app.printed("Importbericht"));
    for expected in [
        "Bericht des Imports: Inventar-Mediathek.csv",
        "weiteres Exemplar zu Zeile 3",
        "Zeile 8, Spalte",
        "31.02.2024",
    ] {
        assert!(pdf.contains(expected), "{expected:?} in {pdf}");
    }

    app.go_to("catalogue").await;
    app.fill("#media-search", "schritte").await;
    app.wait_for("#media-table[aria-busy='false']").await;
    app.wait_for_text("#media-table", "Schritte plus Neu 1")
        .await;
    assert!(
        app.text("#media-table").await.contains("2 / 2"),
        "both copies on the shelf"
    );
    app.fill("#media-search", "cicek").await;
    app.wait_for("#media-table[aria-busy='false']").await;
    assert!(
        !app.text("#media-table").await.contains("Çiçek"),
        "the refused row was not stored"
    );

    // Alle Daten exportieren: the imported media in the workbook.
    app.go_to("settings").await;
    app.click("#export-all").await;
    app.wait_for_text("#toasts", "Gespeichert unter").await;
    let saved = std::fs::read_dir(&exports)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .expect("the workbook was saved");
    assert!(saved
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("KIZ-Desk_alle-Daten_2026-11-12"));
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&saved).unwrap();
    use calamine::Reader;
    let media = workbook.worksheet_range("Medien").unwrap();
    let header: Vec<String> = media
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    let title = header
        .iter()
        .position(|h| h == "Titel")
        .expect("a column Titel");
    let titles: Vec<String> = media.rows().skip(1).map(|r| r[title].to_string()).collect();
    assert_eq!(titles, ["Schritte plus Neu 1", "Linie 1 A2"]);
    let copies = workbook.worksheet_range("Exemplare").unwrap();
    assert_eq!(copies.rows().count(), 1 + 3, "header and three copies");
    app.stop().await;
}
