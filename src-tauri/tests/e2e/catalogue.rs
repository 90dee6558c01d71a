//! Medien as staff use them: a medium with two copies created, found
//! without umlauts, filtered and edited; a search with more than a thousand
//! hits; labels printed from a chosen position.

use crate::harness::{self, keys, App};

/// Adds "Deutsch im Alltag <n>" for each `n` to the data folder's file.
fn add_media(data_dir: &std::path::Path, numbers: std::ops::Range<usize>) {
    let mut db = kiz::Db::open(&data_dir.join("kiz-desk.sqlite")).unwrap();
    let kind = kiz::catalogue::media_kinds(&db).unwrap()[0].id;
    let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 2)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .unwrap();
    for i in numbers {
        let input = kiz::catalogue::MediumInput {
            kind_id: kind,
            title: format!("Deutsch im Alltag {i:04}"),
            ..Default::default()
        };
        kiz::catalogue::create_medium(&mut db, &input, at).unwrap();
    }
}

/// More than 1,000 hits are not counted or sorted: the window says so in
/// German and pages on without a last page number (after the last row
/// shown, `MediaQuery::before`) and back.
#[tokio::test]
async fn a_search_with_more_than_a_thousand_hits_says_so_and_pages_on() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    std::fs::create_dir_all(&data_dir).unwrap();
    add_media(&data_dir, 0..1_060);
    let app = App::start_in("many-hits", &data_dir, &[]).await;
    app.go_to("catalogue").await;
    app.fill("#media-search", "alltag").await;
    app.wait_for("#media-table[aria-busy='false']").await;
    let count = app
        .wait_for_text("#media-count", "mehr als 1.000 Medien")
        .await;
    assert!(count.contains("die neuesten zuerst"), "{count}");
    assert_eq!(app.text(".page-info").await, "1–50 von mehr als 1.000");
    // Newest first: the last one added leads the list.
    app.wait_for_text(
        "#media-table tbody tr:first-child",
        "Deutsch im Alltag 1059",
    )
    .await;
    app.screenshot("").await;
    // Paged on after the last row shown, and back to where a page began.
    // Five media added meanwhile (by the test itself, straight into the
    // file, before the first step back) do not move a page further on: page 2 starts where
    // it did. Counting rows from the newest would start it five rows
    // earlier ("Deutsch im Alltag 1014"). The first page shows them.
    for (button, range, first) in [
        ("#page-next", "51–100", "1009"),
        ("#page-next", "101–150", "0959"),
        ("#page-back", "51–100", "1009"),
        ("#page-back", "1–50", "1064"),
    ] {
        if range == "51–100" && button == "#page-back" {
            add_media(&data_dir, 1_060..1_065);
        }
        app.click(button).await;
        app.wait_for_text(".page-info", &format!("{range} von mehr als 1.000"))
            .await;
        app.wait_for_text(
            "#media-table tbody tr:first-child",
            &format!("Deutsch im Alltag {first}"),
        )
        .await;
    }
    // More words: few hits, counted and sorted by title.
    app.fill("#media-search", "alltag 100").await;
    // 1000 … 1009
    let count = app.wait_for_text("#media-count", "10 Medien").await;
    assert!(!count.contains("mehr als"), "{count}");
    app.wait_for_text(
        "#media-table tbody tr:first-child",
        "Deutsch im Alltag 1000",
    )
    .await;
    app.stop().await;
}

#[tokio::test]
async fn a_medium_with_two_copies_is_created_found_without_umlauts_filtered_and_edited() {
    let app = App::start("catalogue").await;
    app.go_to("catalogue").await;
    app.wait_for_text("#media-count", "0 Medien").await;
    app.press(&format!("{}n{}", keys::CONTROL, keys::RELEASE))
        .await;
    app.wait_for("#medium-form").await;
    app.fill("#field-title", "Deutsch für Mütter – Elternkurs")
        .await;
    app.fill("#field-authors", "Özdemir, Ayşe").await;
    app.fill("#field-isbn", "978-3-19-301080-4").await;
    app.client
        .find(fantoccini::Locator::Css("#field-level_from"))
        .await
        .unwrap()
        .select_by_value("a1")
        .await
        .unwrap();
    app.client
        .find(fantoccini::Locator::Css("#field-level_to"))
        .await
        .unwrap()
        .select_by_value("a2")
        .await
        .unwrap();
    app.click("#save-medium").await;
    let message = app
        .wait_for_text("[data-field='isbn'] .field-error", "ISBN")
        .await;
    assert!(
        message.contains("Prüfziffer"),
        "a wrong check digit is named: {message}"
    );
    app.fill("#field-isbn", "978-3-19-301080-3").await;
    app.click("#save-medium").await;
    app.wait_for_text("#toasts", "wurde gespeichert").await;
    app.wait_for("#copy-form").await;

    // Two copies: one with the proposed number, one scanned.
    app.click("#add-copy").await;
    app.wait_for_text("#copies-table", "KI-M-000001").await;
    app.fill("#field-barcode", "KI-M-000777").await;
    app.press(keys::ENTER).await;
    app.wait_for_text("#copies-table", "KI-M-000777").await;
    // The same number again is refused next to the field.
    app.fill("#field-barcode", "KI-M-000777").await;
    app.press(keys::ENTER).await;
    let duplicate = app
        .wait_for_text("[data-field='barcode'] .field-error", "KI-M-000777")
        .await;
    assert!(
        duplicate.contains("schon an einem anderen Exemplar"),
        "{duplicate}"
    );
    app.client
        .execute(
            "document.getElementById('copy-form').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    app.screenshot("detail").await;

    // Back to the list; typing without umlauts finds it.
    app.press(keys::ESCAPE).await;
    app.wait_for("#media-search").await;
    app.fill("#media-search", "mutter elte").await;
    app.wait_for("#media-table[aria-busy='false']").await;
    app.wait_for_text("#media-table", "Deutsch für Mütter")
        .await;
    assert_eq!(app.text("#media-count").await, "1 Medium");
    assert!(
        app.text("#media-table").await.contains("2 / 2"),
        "both copies available"
    );
    // A level outside its range hides it, one inside shows it.
    let level = app
        .client
        .find(fantoccini::Locator::Css("#field-filter_level"))
        .await
        .unwrap();
    level.select_by_value("b1").await.unwrap();
    app.wait_for("#media-table[aria-busy='false']").await;
    app.wait_for_text("#media-table", "Keine Medien gefunden")
        .await;
    level.select_by_value("a2").await.unwrap();
    app.wait_for("#media-table[aria-busy='false']").await;
    app.wait_for_text("#media-table", "Deutsch für Mütter")
        .await;
    // Level and language together (one search token for the pair): its
    // language shows it, another language hides it.
    let language = app
        .client
        .find(fantoccini::Locator::Css("#field-filter_language"))
        .await
        .unwrap();
    language.select_by_value("ar").await.unwrap();
    app.wait_for("#media-table[aria-busy='false']").await;
    app.wait_for_text("#media-table", "Keine Medien gefunden")
        .await;
    language.select_by_value("de").await.unwrap();
    app.wait_for("#media-table[aria-busy='false']").await;
    app.wait_for_text("#media-table", "Deutsch für Mütter")
        .await;
    app.screenshot("list").await;

    // Open with the keyboard (arrow down from the search box, Enter) and edit.
    app.click("#media-search").await;
    app.press(keys::ARROW_DOWN).await;
    app.press(keys::ENTER).await;
    app.wait_for("#medium-form").await;
    app.fill("#field-title", "Deutsch für Mütter und Väter")
        .await;
    app.press(&format!("{}s{}", keys::CONTROL, keys::RELEASE))
        .await;
    app.wait_for_text("main h1", "Deutsch für Mütter und Väter")
        .await;

    // The app started on an empty database; with the first medium saved the
    // desk is the desk, without a restart.
    app.go_to("desk").await;
    app.wait_for("#scan:focus").await;
    assert!(
        !app.text("main").await.contains("noch leer"),
        "no welcome page once the database holds a medium"
    );
    app.stop().await;
}

#[tokio::test]
async fn labels_for_a_mediums_copies_are_printed_as_a_pdf_from_a_chosen_position() {
    let folder = harness::data_folder();
    let app = App::start_in("labels", &folder.path().join("data"), &[("KIZ_DEMO", "1")]).await;
    app.go_to("catalogue").await;
    app.search_and_open("#media-search", "#media-table", "schritte plus neu 1")
        .await;
    // Few hits are sorted by title: the audio CDs (three copies) come first.
    app.wait_for_text("main h1", "Schritte plus Neu 1 – Audio-CDs zum Kursbuch")
        .await;
    app.wait_for("#label-form").await;
    app.fill("#field-start", "30").await;
    app.click("#print-labels").await;
    app.wait_for_text("[data-field='start'] .field-error", "von 1 bis 24")
        .await;
    app.fill("#field-start", "23").await;
    app.click("#print-labels").await;
    app.wait_for_text("#toasts", "Etiketten_").await;
    app.client
        .execute(
            "document.getElementById('label-form').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    app.screenshot("").await;
    let folder = app.data_dir().join("Ausdrucke");
    let file = std::fs::read_dir(&folder)
        .expect("print folder")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("Etiketten_"))
        .expect("the label PDF");
    let info = std::process::Command::new("pdfinfo")
        .arg(&file)
        .output()
        .expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(str::trim)
        .unwrap_or_default();
    assert_eq!(pages, "2", "3 copies from position 23 need two sheets");
    let text = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let mut codes = Vec::new();
    for row in app
        .client
        .find_all(fantoccini::Locator::Css("#copies-table tr[data-barcode]"))
        .await
        .unwrap()
    {
        codes.push(row.attr("data-barcode").await.unwrap().unwrap_or_default());
    }
    assert_eq!(codes.len(), 3, "the demo medium's copies: {codes:?}");
    for code in &codes {
        assert!(text.contains(code), "label for {code} printed: {text}");
    }
    assert!(
        text.contains("Schritte plus Neu 1"),
        "the title under the code"
    );
    app.stop().await;
}

/// Issue 23, point 2: a course book's page names the next level of its
/// series ("passt dazu"), and the link opens it.
#[tokio::test]
async fn a_course_books_page_names_the_next_level_of_its_series() {
    let folder = harness::data_folder();
    let app = App::start_in(
        "next-in-series",
        &folder.path().join("data"),
        &[("KIZ_DEMO", "1")],
    )
    .await;
    // The demo's first medium: Schritte plus Neu 1 (A1).
    app.open("#/catalogue/1").await;
    app.wait_for_text("#main h1", "Schritte plus Neu 1").await;
    let next = app
        .wait_for_text("#next-in-series", "Passt dazu: die nächste Stufe der Reihe")
        .await;
    assert!(next.contains("Schritte plus Neu 3"), "{next}");
    assert!(
        !next.contains("Schritte plus Neu 2") && !next.contains("Schritte plus Neu 5"),
        "only the next level (A2), not A1 again or B1: {next}"
    );
    app.screenshot("shown").await;
    app.click("#next-in-series a").await;
    app.wait_for_text("#main h1", "Schritte plus Neu 3").await;
    app.stop().await;
}
