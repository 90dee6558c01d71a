//! End-to-end tests: the real app in its real window, driven over WebDriver.
//! Run by `cargo xtask test` under Xvfb; screenshots land in
//! `target/e2e-screenshots/`.

mod backup;
mod consents;
mod desk;
mod directory;
mod events;
mod harness;
mod limits;
mod privacy;

use std::time::Duration;

use harness::{keys, App};

/// (route, German heading, English navigation label)
const SECTIONS: &[(&str, &str, &str)] = &[
    ("desk", "Theke", "Desk"),
    ("catalogue", "Medien", "Media"),
    ("borrowers", "Ausleihende", "Borrowers"),
    ("organisations", "Organisationen", "Organisations"),
    ("events", "Veranstaltungen", "Events"),
    ("reports", "Berichte", "Reports"),
    ("settings", "Einstellungen", "Settings"),
];

#[tokio::test]
async fn every_section_opens_by_click_and_shows_its_german_heading() {
    let app = App::start("sections").await;
    assert_eq!(
        app.text("main h1").await,
        "Theke",
        "the app opens at the desk"
    );
    for (route, heading, _) in SECTIONS {
        app.go_to(route).await;
        app.wait_for_text("main h1", heading).await;
        assert_eq!(app.text("main h1").await, *heading);
        app.screenshot(route).await;
    }
    // The smallest window the app allows still shows everything without
    // sideways scrolling.
    app.client.set_window_size(1024, 700).await.expect("resize");
    let overflow = app
        .client
        .execute(
            "return document.documentElement.scrollWidth - window.innerWidth",
            vec![],
        )
        .await
        .expect("measure");
    assert!(
        overflow.as_i64().unwrap_or(1) <= 0,
        "no horizontal scrolling at 1024x700 (overflow {overflow})"
    );
    app.screenshot("settings-1024x700").await;

    // The content security policy forbids evaluating strings as code.
    let eval = app
        .client
        .execute(
            "try { new Function('return 1')(); return 'allowed'; } catch (e) { return 'blocked'; }",
            vec![],
        )
        .await
        .expect("script runs");
    assert_eq!(
        eval.as_str(),
        Some("blocked"),
        "the CSP blocks eval in the window"
    );
    app.stop().await;
}

#[tokio::test]
async fn keyboard_shortcuts_open_sections_and_f1_lists_them() {
    let app = App::start("shortcuts").await;
    for (i, (route, heading, _)) in SECTIONS.iter().enumerate().rev() {
        app.press(&format!("{}{}{}", keys::CONTROL, i + 1, keys::RELEASE))
            .await;
        app.wait_for(&format!("#nav-{route}[aria-current='page']"))
            .await;
        app.wait_for_text("main h1", heading).await;
    }
    app.press(keys::F1).await;
    let overlay = app.wait_for_text("#shortcuts[open]", "Tastenkürzel").await;
    for (_, heading, _) in SECTIONS {
        assert!(
            overlay.contains(heading),
            "the overlay lists {heading}: {overlay}"
        );
    }
    assert!(overlay.contains("Strg+4"), "it names the keys: {overlay}");
    app.screenshot("overlay").await;
    app.press(keys::ESCAPE).await;
    let still_open = app
        .client
        .find(fantoccini::Locator::Css("#shortcuts[open]"))
        .await
        .is_ok();
    assert!(!still_open, "Esc closes the overlay");
    app.stop().await;
}

#[tokio::test]
async fn institution_settings_survive_closing_and_restarting_the_app() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");

    let app = App::start_in("settings-roundtrip", &data_dir, &[]).await;
    app.go_to("settings").await;
    app.fill("#field-name", "KI Rhein-Sieg – Mediathek Siegburg")
        .await;
    app.fill("#field-city", "Siegburg").await;
    app.fill("#field-postal_code", "53721").await;
    app.fill("#field-email", "mediathek@example.org").await;
    app.click("#save-institution").await;
    app.wait_for_text("#toasts", "gespeichert").await;
    app.screenshot("saved").await;
    app.stop().await;

    let app = App::start_in("settings-roundtrip", &data_dir, &[]).await;
    app.go_to("settings").await;
    app.wait_for("#field-name").await;
    assert_eq!(
        app.value("#field-name").await,
        "KI Rhein-Sieg – Mediathek Siegburg"
    );
    assert_eq!(app.value("#field-city").await, "Siegburg");
    assert_eq!(app.value("#field-postal_code").await, "53721");
    assert_eq!(app.value("#field-email").await, "mediathek@example.org");
    app.stop().await;

    // The log in the data folder records the starts, and none of what was typed.
    let log = std::fs::read_to_string(data_dir.join("logs").join("kiz-desk.log"))
        .expect("a log file in the data folder");
    assert!(
        log.matches("started; data folder").count() >= 2,
        "both starts logged: {log}"
    );
    assert!(
        !log.contains("mediathek@example.org") && !log.contains("Rhein-Sieg – Mediathek"),
        "no entered data in the log"
    );
}

#[tokio::test]
async fn an_empty_institution_name_shows_the_german_error_next_to_the_field_and_stores_nothing() {
    let app = App::start("empty-name").await;
    app.go_to("settings").await;
    let before = app.value("#field-name").await;
    assert!(!before.is_empty(), "a fresh database names the institution");
    app.fill("#field-name", "").await;
    app.fill("#field-city", "Troisdorf").await;
    app.click("#save-institution").await;
    let message = app
        .wait_for_text("[data-field='name'] .field-error", "Namen der Einrichtung")
        .await;
    assert!(
        message.contains("Bitte geben Sie den Namen der Einrichtung ein"),
        "{message}"
    );
    let invalid = app
        .wait_for("#field-name")
        .await
        .attr("aria-invalid")
        .await
        .expect("attribute");
    assert_eq!(
        invalid.as_deref(),
        Some("true"),
        "the field is marked for screen readers"
    );
    app.screenshot("").await;

    // Leave and come back: the view reloads from the core.
    app.go_to("desk").await;
    app.go_to("settings").await;
    app.wait_for("#field-name").await;
    assert_eq!(
        app.value("#field-name").await,
        before,
        "the name was not changed"
    );
    assert_ne!(
        app.value("#field-city").await,
        "Troisdorf",
        "nothing of the form was stored"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_panic_in_a_command_shows_a_german_message_lands_in_the_log_and_the_app_goes_on() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    // Debug builds only: the statistics command panics inside the database worker.
    let app = App::start_in("panic", &data_dir, &[("KIZ_TEST_PANIC", "statistics")]).await;
    app.go_to("reports").await;
    let toasts = app
        .wait_for_text("#toasts", "Im Programm ist ein Fehler aufgetreten")
        .await;
    assert!(
        toasts.contains("Details stehen im Protokoll"),
        "the German message points to the log: {toasts}"
    );
    // The page says where staff are, not what was shown before.
    app.wait_for_text("h1", "Berichte").await;
    // Said once: the panic's own notice gives way to the command's message
    // (it would appear 1 s after the panic, FATAL_NOTICE_DELAY_MS in app.js).
    tokio::time::sleep(Duration::from_millis(1800)).await;
    let notices = app
        .client
        .find_all(fantoccini::Locator::Css("#toasts .toast-error"))
        .await
        .unwrap();
    assert_eq!(notices.len(), 1, "{}", app.text("#toasts").await);
    app.screenshot("").await;

    // The database is still usable after the panic: a save goes through.
    app.go_to("settings").await;
    app.fill("#field-city", "Hennef (Sieg)").await;
    app.click("#save-institution").await;
    app.wait_for_text("#toasts", "gespeichert").await;
    app.go_to("desk").await;
    app.go_to("settings").await;
    app.wait_for("#field-city").await;
    assert_eq!(app.value("#field-city").await, "Hennef (Sieg)");
    app.stop().await;

    let log = std::fs::read_to_string(data_dir.join("logs").join("kiz-desk.log"))
        .expect("a log file in the data folder");
    assert!(
        log.contains("panic at") && log.contains("injected panic in statistics"),
        "the panic is in the log: {log}"
    );
}

#[tokio::test]
async fn a_data_folder_on_a_network_drive_is_warned_about_on_every_screen() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    // Debug builds only: the detection is told the folder's file system is SMB.
    let app = App::start_in("network-drive", &data_dir, &[("KIZ_TEST_FS_TYPE", "cifs")]).await;
    let banner = app.wait_for_text("#network-warning", "Netzlaufwerk").await;
    assert!(
        banner.contains(&data_dir.display().to_string()),
        "the warning names the folder: {banner}"
    );
    app.go_to("catalogue").await;
    app.wait_for_text("#network-warning", "lokalen Festplatte")
        .await;
    app.screenshot("").await;
    app.stop().await;

    // A local folder gets no warning.
    let app = App::start_in(
        "network-drive-local",
        &data_dir,
        &[("KIZ_TEST_FS_TYPE", "ext4")],
    )
    .await;
    app.go_to("catalogue").await;
    app.wait_for("#media-search").await;
    let banners = app
        .client
        .find_all(fantoccini::Locator::Css("#network-warning"))
        .await
        .unwrap();
    assert!(banners.is_empty(), "no warning on a local disk");
    app.stop().await;
}

#[tokio::test]
async fn a_database_from_a_newer_version_shows_the_error_page_and_stays_unchanged() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    std::fs::create_dir_all(&data_dir).unwrap();
    let file = data_dir.join("kiz-desk.sqlite");
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute_batch(
            "CREATE TABLE from_the_future (x TEXT); INSERT INTO from_the_future VALUES ('keep');",
        )
        .unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let before = std::fs::read(&file).unwrap();

    let app = App::start_in("newer-database", &data_dir, &[]).await;
    let page = app
        .wait_for_text("#error-page", "Die Datenbank kann nicht geöffnet werden")
        .await;
    assert!(
        page.contains("neueren Version von KIZ Desk"),
        "says why: {page}"
    );
    assert!(page.contains("kiz-desk.sqlite"), "names the file: {page}");
    let navigation = app.client.find(fantoccini::Locator::Css("nav")).await;
    assert!(
        navigation.is_err(),
        "no working frame over a refused database"
    );
    app.screenshot("").await;
    app.stop().await;

    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the newer file is untouched"
    );
}

#[tokio::test]
async fn switching_the_language_to_english_changes_the_navigation_and_is_kept() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    let app = App::start_in("language", &data_dir, &[]).await;
    app.go_to("settings").await;
    app.click("#ui-language").await;
    app.client
        .find(fantoccini::Locator::Css("#ui-language"))
        .await
        .unwrap()
        .select_by_value("en")
        .await
        .expect("choose English");
    app.wait_for_text("#nav-settings", "Settings").await;
    for (route, _, english) in SECTIONS {
        assert_eq!(
            app.text(&format!("#nav-{route} .nav-label")).await,
            *english
        );
    }
    app.wait_for_text("main h1", "Settings").await;
    app.screenshot("").await;
    app.stop().await;

    let app = App::start_in("language", &data_dir, &[]).await;
    app.wait_for_text("#nav-desk", "Desk").await;
    assert_eq!(app.text("main h1").await, "Desk", "the choice was stored");
    app.stop().await;
}

#[tokio::test]
async fn demo_data_can_be_loaded_on_an_empty_database_and_shows_the_organisations() {
    let app = App::start("demo").await;
    app.wait_for_text("main", "Willkommen bei KIZ Desk").await;
    app.screenshot("welcome").await;
    app.click("#load-demo").await;
    app.wait_for_text("#toasts", "Demodaten geladen").await;
    app.go_to("organisations").await;
    let table = app
        .wait_for_text(
            "#organisations-table",
            "Kurdische Gemeinschaft Rhein-Sieg/Bonn",
        )
        .await;
    assert!(
        table.contains("Kultur- und Bildungsverein Siegburg"),
        "{table}"
    );
    assert!(
        table.contains("Marokkanischer Kulturverein Sankt Augustin"),
        "{table}"
    );
    app.screenshot("organisations").await;
    app.go_to("desk").await;
    assert!(
        app.client
            .find(fantoccini::Locator::Css("#load-demo"))
            .await
            .is_err(),
        "no demo offer once the database holds data"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_second_start_on_the_same_folder_brings_the_first_window_forward() {
    let app = App::start("second-start").await;
    let mut second = std::process::Command::new(harness::app_binary())
        .env("KIZ_DATA_DIR", app.data_dir())
        .spawn()
        .expect("second start");
    let code = wait_for_exit(&mut second, Duration::from_secs(20));
    assert_eq!(code, Some(0), "the second start hands over and ends");
    app.wait_for_text("#toasts", "bereits geöffnet").await;
    app.screenshot("").await;

    // A start on another folder is an instance of its own.
    let other = harness::data_folder();
    let other_dir = other.path().join("data");
    let mut third = std::process::Command::new(harness::app_binary())
        .env("KIZ_DATA_DIR", &other_dir)
        .spawn()
        .expect("start on another folder");
    let owns_its_folder = wait_until(Duration::from_secs(20), || {
        other_dir.join("kiz-desk.instance").exists()
    });
    assert!(owns_its_folder, "the other folder gets its own instance");
    assert_eq!(third.try_wait().unwrap(), None, "and it keeps running");
    let _ = third.kill();
    let _ = third.wait();
    harness::stop_processes_using(&other_dir);
    app.stop().await;
}

fn wait_for_exit(child: &mut std::process::Child, limit: Duration) -> Option<i32> {
    let deadline = std::time::Instant::now() + limit;
    while std::time::Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    None
}

fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + limit;
    while std::time::Instant::now() < deadline {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[tokio::test]
async fn the_test_page_is_printed_from_the_settings_as_a_pdf_in_the_print_folder() {
    let app = App::start("test-page").await;
    app.go_to("settings").await;
    app.click("#print-test-page").await;
    let message = app.wait_for_text("#toasts", "Ausdrucke").await;
    app.screenshot("").await;
    let folder = app.data_dir().join("Ausdrucke");
    let files: Vec<_> = std::fs::read_dir(&folder)
        .expect("the print folder was made")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1, "one printout: {files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("Testseite_") && name.ends_with(".pdf"),
        "{name}"
    );
    assert!(
        message.contains(&name),
        "the message names the file: {message}"
    );
    let bytes = std::fs::read(&files[0]).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    let text = std::process::Command::new("pdftotext")
        .arg(&files[0])
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Kommunales Integrationszentrum Rhein-Sieg-Kreis"),
        "the institution heads it"
    );
    assert!(text.contains("Şükrü Yılmaz"), "names in every script");
    app.stop().await;
}

/// More than 1,000 hits are not counted or sorted: the window says so in
/// German and pages on without a last page number.
#[tokio::test]
async fn a_search_with_more_than_a_thousand_hits_says_so_and_pages_on() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    std::fs::create_dir_all(&data_dir).unwrap();
    {
        let mut db = kiz::Db::open(&data_dir.join("kiz-desk.sqlite")).unwrap();
        let kind = kiz::catalogue::media_kinds(&db).unwrap()[0].id;
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 2)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap();
        for i in 0..1_060 {
            let input = kiz::catalogue::MediumInput {
                kind_id: kind,
                title: format!("Deutsch im Alltag {i:04}"),
                ..Default::default()
            };
            kiz::catalogue::create_medium(&mut db, &input, at).unwrap();
        }
    }
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
    app.click("#page-next").await;
    app.wait_for_text(".page-info", "51–100 von mehr als 1.000")
        .await;
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
async fn a_borrower_is_created_with_a_proposed_card_found_by_name_and_blocked() {
    let app = App::start("borrowers").await;
    // A new database: the desk welcomes and offers demo data.
    app.wait_for_text("main", "Diese Datenbank ist noch leer")
        .await;
    app.go_to("borrowers").await;
    app.click("#new-borrower").await;
    app.wait_for("#borrower-form").await;
    app.click("#save-borrower").await;
    app.wait_for_text(
        "[data-field='name'] .field-error",
        "Bitte füllen Sie dieses Feld aus",
    )
    .await;
    app.fill("#field-name", "Şükrü Yılmaz").await;
    app.fill("#field-email", "sukru@example").await;
    app.click("#save-borrower").await;
    app.wait_for_text(
        "[data-field='email'] .field-error",
        "gültige E-Mail-Adresse",
    )
    .await;
    app.fill("#field-email", "sukru@example.org").await;
    app.click("#field-history_consent").await;
    app.press(&format!("{}s{}", keys::CONTROL, keys::RELEASE))
        .await;
    app.wait_for_text("main h1", "Şükrü Yılmaz").await;
    let lead = app.text("main .lead").await;
    assert!(
        lead.contains("KI-A-000001"),
        "the proposed card number was given: {lead}"
    );
    assert!(app
        .text("[data-field='history_consent']")
        .await
        .contains("Textfassung 2026-1"));

    app.fill("#field-blocked_reason", "Ausweis verloren").await;
    app.click("#block").await;
    app.wait_for_text("#blocked-banner", "Ausleihe gesperrt: Ausweis verloren")
        .await;
    app.screenshot("detail").await;

    app.press(keys::ESCAPE).await;
    app.wait_for("#borrower-search").await;
    app.fill("#borrower-search", "sukru yil").await;
    app.wait_for("#borrower-table[aria-busy='false']").await;
    let table = app.wait_for_text("#borrower-table", "Şükrü Yılmaz").await;
    assert!(
        table.contains("gesperrt") && table.contains("KI-A-000001"),
        "{table}"
    );
    app.screenshot("list").await;

    // The first borrower saved: the desk is the desk now, without a
    // restart, and knows the card.
    app.go_to("desk").await;
    app.wait_for("#scan:focus").await;
    assert!(
        !app.text("main").await.contains("noch leer"),
        "no welcome page once the database holds a borrower"
    );
    app.scan("KI-A-000001").await;
    app.wait_for_text("#scan-feedback", "Ausleihe gesperrt: Ausweis verloren")
        .await;
    app.screenshot("desk-after-first-borrower").await;
    app.stop().await;
}

#[tokio::test]
async fn labels_for_a_mediums_copies_are_printed_as_a_pdf_from_a_chosen_position() {
    let folder = harness::data_folder();
    let app = App::start_in("labels", &folder.path().join("data"), &[("KIZ_DEMO", "1")]).await;
    app.go_to("catalogue").await;
    app.search_and_open("#media-search", "#media-table", "schritte plus neu 1")
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
    assert_eq!(pages, "2", "4 copies from position 23 need two sheets");
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
    assert!(codes.len() >= 3, "the demo medium has copies: {codes:?}");
    for code in &codes {
        assert!(text.contains(code), "label for {code} printed: {text}");
    }
    assert!(
        text.contains("Schritte plus Neu 1"),
        "the title under the code"
    );
    app.stop().await;
}

#[tokio::test]
async fn staff_add_a_mediengruppe_in_the_settings_and_a_duplicate_is_refused() {
    let app = App::start("media-kinds").await;
    app.go_to("settings").await;
    app.wait_for_text("#kind-list", "Medienkoffer").await;
    app.fill("#kind-form #field-kind", "Landkarte").await;
    app.click("#add-kind").await;
    app.wait_for_text("#kind-list", "Landkarte").await;
    app.fill("#kind-form #field-kind", "landkarte").await;
    app.click("#add-kind").await;
    app.wait_for_text("#kind-form .field-error", "gibt es schon")
        .await;
    app.go_to("catalogue").await;
    let kinds = app.text("#field-filter_kind").await;
    assert!(
        kinds.contains("Landkarte"),
        "the new group is a filter: {kinds}"
    );
    // The directory's kinds are extended the same way.
    app.go_to("settings").await;
    app.fill("#field-organisation_kind", "Studierendengruppe")
        .await;
    app.click("#add-organisation_kind").await;
    app.wait_for_text("#organisation_kind-list", "Studierendengruppe")
        .await;
    app.fill("#field-offering_kind", "nachhilfe").await;
    app.click("#add-offering_kind").await;
    app.wait_for_text("#offering_kind-form .field-error", "schon")
        .await;
    app.stop().await;
}
