//! The app as a whole: every section by click and by keyboard, the
//! start-up cases (the demo offer on an empty database, a database from a
//! newer version, a data folder on a network drive, a second start on the
//! same folder), a panic in a command, and the first screen's font budget.

use std::time::Duration;

use crate::harness::{self, keys, App};
use crate::SECTIONS;

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
async fn a_panic_in_a_command_shows_a_german_message_lands_in_the_log_and_the_app_goes_on() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    // Debug builds only: the statistics command panics inside the database worker.
    let app = App::start_in("panic", &data_dir, &[("KIZ_TEST_PANIC", "statistics")]).await;
    app.go_to("reports").await;
    // The all-time tables ask for the statistics when they are opened.
    app.click("#report-all-years > summary").await;
    let toasts = app
        .wait_for_text("#toasts", "Im Programm ist ein Fehler aufgetreten")
        .await;
    assert!(
        toasts.contains("Details stehen im Protokoll"),
        "the German message points to the log: {toasts}"
    );
    // The page says where staff are, not what was shown before.
    app.wait_for_text("h1", "Berichte").await;
    // Said once: the panic's own notice gives way to the command's message.
    // The window decides that FATAL_NOTICE_DELAY_MS (app.js) after the panic
    // event and then counts the event on the notification area.
    let decided = app
        .wait_for("#toasts[data-fatal-decided]")
        .await
        .attr("data-fatal-decided")
        .await
        .expect("attribute");
    assert_eq!(decided.as_deref(), Some("1"), "one panic, one event");
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

/// How long the test holds back the start-up check (debug builds only).
const CHECK_DELAY: (&str, &str) = ("KIZ_TEST_CHECK_DELAY_MS", "8000");
const NOW: (&str, &str) = ("KIZ_NOW", "2026-11-12T09:30:00");

/// A data folder with the demo data, its write-ahead log folded in.
async fn demo_folder(test: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    let app = App::start_in(test, &data_dir, &[("KIZ_DEMO", "1"), NOW]).await;
    app.wait_for("#scan").await;
    app.wait_for_start_work().await;
    app.stop().await;
    let conn = rusqlite::Connection::open(data_dir.join("kiz-desk.sqlite")).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    (folder, data_dir)
}

#[tokio::test]
async fn the_desk_is_drawn_before_the_start_up_check_and_a_scan_waits_for_it() {
    let (_folder, data_dir) = demo_folder("check-later").await;
    let app = App::start_in("check-later", &data_dir, &[NOW, CHECK_DELAY]).await;
    app.wait_for("#scan:focus").await;
    app.wait_for("#app[aria-busy='false']").await;
    assert_eq!(app.text("main h1").await, "Theke");
    let log = app.log_of_this_start();
    assert!(
        log.contains("checked in the background") && !log.contains("database checked and opened"),
        "the desk is drawn while the check still runs: {log}"
    );
    // A card scanned now is answered only once the file has passed.
    app.scan("KI-A-000008").await;
    app.wait_for_text("#panel-name", "Fatima Al-Zahra").await;
    let log = app.log_of_this_start();
    assert!(
        log.contains("database checked and opened"),
        "the scan waited for the check: {log}"
    );
    app.screenshot("").await;
    app.stop().await;
}

#[tokio::test]
async fn a_file_that_fails_the_start_up_check_after_the_first_screen_shows_the_error_page_unchanged(
) {
    let (_folder, data_dir) = demo_folder("check-fails").await;
    // An index of the loans is damaged: the first screen reads nothing of
    // it, the start-up check reads every page.
    let file = data_dir.join("kiz-desk.sqlite");
    let (page_size, root): (i64, i64) = {
        let conn = rusqlite::Connection::open(&file).unwrap();
        let page_size = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        let root = conn
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'loan' \
                 AND rootpage > 0 ORDER BY name LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (page_size, root)
    };
    let mut bytes = std::fs::read(&file).unwrap();
    let start = usize::try_from((root - 1) * page_size).unwrap();
    for b in &mut bytes[start..start + usize::try_from(page_size).unwrap()] {
        *b = 0x5A;
    }
    std::fs::write(&file, &bytes).unwrap();

    let app = App::start_in("check-fails", &data_dir, &[NOW, CHECK_DELAY]).await;
    app.wait_for("#scan").await;
    assert!(
        !app.log_of_this_start().contains("database not opened"),
        "the desk came before the check"
    );
    // A copy on loan scanned meanwhile (nobody selected: a return) is never
    // carried out on the damaged file: the bytes below stay the same.
    app.scan("KI-M-000118").await;
    app.wait_for("#error-page[data-code='database_corrupt']")
        .await;
    assert!(
        app.client
            .find(fantoccini::Locator::Css("#scan"))
            .await
            .is_err(),
        "no desk over a refused file"
    );
    app.screenshot("").await;
    app.stop().await;
    assert_eq!(
        std::fs::read(&file).unwrap(),
        bytes,
        "the damaged file is left as it was"
    );
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

/// Linux: where OpenGL could only be Mesa's software renderer the app asks
/// WebKitGTK to paint on the CPU and without accelerated compositing
/// (`src-tauri/src/painter.rs`, whose unit tests cover the render-node
/// cases), never against the user's own setting of either: what it
/// decides reaches every process that paints. (The harness starts the app
/// without the test's own setting of these variables.)
#[tokio::test]
async fn the_software_painting_choice_and_a_users_own_reach_the_web_process() {
    // (painting, compositing) as each web process got them.
    let painting = |app: &App| -> Vec<(Option<String>, Option<String>)> {
        let value = |env: &[String], name: &str| {
            env.iter()
                .find_map(|entry| entry.strip_prefix(&format!("{name}=")))
                .map(str::to_owned)
        };
        app.web_process_environments()
            .iter()
            .map(|env| {
                (
                    value(env, "WEBKIT_SKIA_ENABLE_CPU_RENDERING"),
                    value(env, "WEBKIT_DISABLE_COMPOSITING_MODE"),
                )
            })
            .collect()
    };
    let folder = harness::data_folder();
    let app = App::start_in(
        "painter-software",
        &folder.path().join("software"),
        &[("LIBGL_ALWAYS_SOFTWARE", "1")],
    )
    .await;
    let given = painting(&app);
    assert!(!given.is_empty(), "a web process");
    let on = (Some("1".to_owned()), Some("1".to_owned()));
    assert!(given.iter().all(|each| *each == on), "{given:?}");
    app.stop().await;
    // The user's own painting setting stands; compositing is still chosen.
    let app = App::start_in(
        "painter-own-choice",
        &folder.path().join("own-choice"),
        &[
            ("LIBGL_ALWAYS_SOFTWARE", "1"),
            ("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "0"),
        ],
    )
    .await;
    let given = painting(&app);
    assert!(!given.is_empty(), "a web process");
    let own = (Some("0".to_owned()), Some("1".to_owned()));
    assert!(given.iter().all(|each| *each == own), "{given:?}");
    app.stop().await;
}

/// The desk's first screen keeps to the 7 font size/weight pairs that
/// `styles.css` names: on Linux WebKit's first layout pays about 3 ms
/// for each new font size, so an eighth pair on the first screen should be
/// a decision (raise the budget here and in `styles.css`), not an accident.
#[tokio::test]
async fn the_desks_first_screen_keeps_to_seven_font_sizes_and_weights() {
    let (app, _folder, _) =
        harness::start_for_timing("first-screen-fonts", "2026-11-12T09:30:00").await;
    app.wait_for("#app[aria-busy='false']").await;
    app.wait_for("#scan").await;
    let pairs = app
        .client
        .execute(
            r#"const pairs = new Set();
               const add = (element) => {
                 const style = getComputedStyle(element);
                 pairs.add(`${style.fontSize}/${style.fontWeight}`);
               };
               const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
               for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                 const parent = node.parentElement;
                 if (node.textContent.trim() && parent && parent.getClientRects().length) add(parent);
               }
               for (const control of document.querySelectorAll('input, button, select, textarea')) {
                 if (control.getClientRects().length) add(control);
               }
               return [...pairs].sort();"#,
            vec![],
        )
        .await
        .expect("read the fonts of the first screen");
    let pairs: Vec<String> = serde_json::from_value(pairs).expect("a list of pairs");
    println!("font size/weight pairs on the desk's first screen: {pairs:?}");
    assert!(
        pairs.len() <= 7,
        "the desk's first screen uses {} font size/weight pairs, at most 7 are budgeted: {pairs:?}",
        pairs.len()
    );
    // The pairs the budget was measured with are among them.
    for pair in ["13px/400", "15px/400", "15px/600", "26px/600"] {
        assert!(pairs.iter().any(|p| p == pair), "{pair} in {pairs:?}");
    }
}

/// English, once chosen, is kept: the next start draws its first screen in
/// English from the start (the English dictionary is loaded only then, not
/// with every German start), and the page says so to screen readers.
#[tokio::test]
async fn a_start_after_choosing_english_draws_the_first_screen_in_english() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    let app = App::start_in("english-start", &data_dir, &[("KIZ_DEMO", "1"), NOW]).await;
    app.wait_for("#scan").await;
    app.switch_to_english().await;
    app.stop().await;

    let app = App::start_in("english-start", &data_dir, &[NOW]).await;
    app.wait_for("#app[aria-busy='false']").await;
    assert_eq!(app.text("main h1").await, "Desk");
    assert_eq!(app.text("#nav-settings .nav-label").await, "Settings");
    let lang = app
        .client
        .execute("return document.documentElement.lang;", vec![])
        .await
        .expect("read the page's language");
    assert_eq!(lang, serde_json::json!("en"));
    app.screenshot("").await;
    app.stop().await;
}
