//! Sicherungen as staff meet them: the backup made at start and "Jetzt
//! sichern", restoring an earlier state (with a safety copy), a backup
//! folder that cannot be reached, and a damaged database recovered from
//! the newest good backup on the error page.

use fantoccini::Locator;

use crate::harness::{self, App};

const NOW: (&str, &str) = ("KIZ_NOW", "2026-11-12T09:30:00");

async fn backup_rows(app: &App) -> usize {
    app.client
        .find_all(Locator::Css("#backups-table tbody tr[data-file]"))
        .await
        .unwrap()
        .len()
}

/// The cells of each row in the list of backups, newest first: made at,
/// size, media, loans, participants, actions.
async fn backup_cells(app: &App) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for row in app
        .client
        .find_all(Locator::Css("#backups-table tbody tr[data-file]"))
        .await
        .unwrap()
    {
        let mut cells = Vec::new();
        for cell in row.find_all(Locator::Css("td")).await.unwrap() {
            cells.push(cell.text().await.unwrap());
        }
        rows.push(cells);
    }
    rows
}

/// What the demo data holds at `NOW`, as the list of backups and the
/// question before a restore count it (see `tests/backup.rs` in the core).
const DEMO_HOLDS: [&str; 3] = ["60", "6", "151"];

#[tokio::test]
async fn backups_are_made_at_start_and_on_demand_and_an_earlier_state_is_restored() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    let app = App::start_in("backup", &data_dir, &[("KIZ_DEMO", "1"), NOW]).await;
    app.go_to("settings").await;
    // The backup of the day, made in the background at start.
    app.wait_for("#backups-table tbody tr[data-file]").await;
    assert_eq!(backup_rows(&app).await, 1);
    let original = app.value("#field-name").await;

    // A change after the backup, then "Jetzt sichern".
    app.fill("#field-name", "Geänderter Name").await;
    app.click("#save-institution").await;
    app.wait_for_text("#toasts", "gespeichert").await;
    app.click("#backup-now").await;
    app.wait_for_text("#toasts", "angelegt und geprüft").await;
    app.wait_for("#backups-table tbody tr[data-file]:nth-child(2)")
        .await;
    // Both made at the fixed moment; the demo's media, loans and
    // participants counted in their columns.
    let rows = backup_cells(&app).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    for row in &rows {
        assert_eq!(row[0], "12.11.2026, 09:30", "{rows:?}");
        assert_eq!(row[2..5], DEMO_HOLDS, "{rows:?}");
    }
    let _ = app
        .client
        .execute(
            "document.getElementById('backups').scrollIntoView();",
            vec![],
        )
        .await;
    app.screenshot("list").await;

    // Restore the backup made at start: the name from before comes back.
    let oldest = app
        .client
        .find_all(Locator::Css("#backups-table button[data-action='restore']"))
        .await
        .unwrap();
    let last = oldest.last().unwrap();
    let _ = app
        .client
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' });",
            vec![serde_json::to_value(last).unwrap()],
        )
        .await;
    last.click().await.unwrap();
    app.wait_for_text("#app-dialog", "ersetzt alle jetzigen Daten")
        .await;
    app.click("#dialog-confirm").await;
    app.wait_for_text("#toasts", "Wiederhergestellt").await;
    app.wait_for_text("#backups-table", "vor einer Wiederherstellung")
        .await;
    assert_eq!(app.value("#field-name").await, original);

    // A backup folder that cannot be reached: said clearly, nothing deleted.
    let blocked = folder.path().join("kein-ordner");
    std::fs::write(&blocked, b"x").unwrap();
    app.fill(
        "#field-backup_folder",
        &blocked.join("Sicherungen").display().to_string(),
    )
    .await;
    app.click("#save-backup-settings").await;
    app.wait_for_text("#toasts", "Einstellungen der Sicherung")
        .await;
    app.click("#backup-now").await;
    app.wait_for_text("#backup-warning", "nicht erreichbar")
        .await;
    let kept = std::fs::read_dir(data_dir.join("Sicherungen"))
        .unwrap()
        .count();
    assert_eq!(kept, 3, "start, on demand, before the restore");
    app.stop().await;

    // After the backup of the day, and only then, the search indexes were
    // merged (`kiz::search::tidy_indexes`).
    let log = std::fs::read_to_string(data_dir.join("logs").join("kiz-desk.log"))
        .expect("a log file in the data folder");
    let backup = log
        .find("daily backup made")
        .expect("the daily backup is logged");
    let tidied = log
        .find("search indexes tidied")
        .unwrap_or_else(|| panic!("{log}"));
    assert!(tidied > backup, "tidied after the backup: {log}");
}

#[tokio::test]
async fn a_damaged_database_is_recovered_from_the_newest_backup_and_kept_beside_it() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    let app = App::start_in("recover", &data_dir, &[("KIZ_DEMO", "1"), NOW]).await;
    app.go_to("settings").await;
    app.wait_for("#backups-table tbody tr[data-file]").await;
    app.stop().await;

    let file = data_dir.join("kiz-desk.sqlite");
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 8192] {
        *b = 0x5A;
    }
    std::fs::write(&file, &bytes).unwrap();

    let app = App::start_in("recover", &data_dir, &[NOW]).await;
    app.wait_for("#error-page[data-code='database_corrupt']")
        .await;
    app.screenshot("error-page").await;
    app.click("#recover-database").await;
    app.wait_for_text("#toasts", "wiederhergestellt").await;
    app.go_to("borrowers").await;
    app.wait_for_text("#borrower-table", "Şükrü").await;
    let damaged: Vec<_> = std::fs::read_dir(&data_dir)
        .unwrap()
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.contains("beschaedigt") && name.ends_with(".sqlite")
        })
        .collect();
    assert_eq!(damaged.len(), 1, "the damaged file is kept");
    assert_eq!(std::fs::read(damaged[0].path()).unwrap(), bytes);
    app.stop().await;
}

/// Waits until `path` exists, or with `present` false until it is gone (the
/// app writes and removes files in the background).
async fn wait_for_file(path: &std::path::Path, present: bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while path.exists() != present {
        assert!(
            std::time::Instant::now() < deadline,
            "{} did not {}",
            path.display(),
            if present { "appear" } else { "go" }
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn restoring_from_a_file_asks_first_naming_its_moment_and_what_it_holds() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    // The native file dialog cannot be driven: the test hook names the
    // file it "picks", a backup carried over on a stick.
    let stick = folder.path().join("stick");
    std::fs::create_dir_all(&stick).unwrap();
    let picked = stick.join("KIZ-Desk_2026-11-12_093000.sqlite");
    let app = App::start_in(
        "restore-file",
        &data_dir,
        &[
            ("KIZ_DEMO", "1"),
            NOW,
            ("KIZ_TEST_PICK_FILE", picked.to_str().unwrap()),
        ],
    )
    .await;
    app.go_to("settings").await;
    app.wait_for("#backups-table tbody tr[data-file]").await;
    let original = app.value("#field-name").await;
    let made = data_dir
        .join("Sicherungen")
        .join("KIZ-Desk_2026-11-12_093000.sqlite");
    std::fs::copy(&made, &picked).unwrap();
    app.fill("#field-name", "Geänderter Name").await;
    app.click("#save-institution").await;
    app.wait_for_text("#toasts", "gespeichert").await;

    // Asked first, with the moment and what the file holds; "Abbrechen"
    // changes nothing.
    app.click("#restore-from-file").await;
    let question = app
        .wait_for_text("#app-dialog", "ersetzt alle jetzigen Daten")
        .await;
    assert!(
        question.contains(
            "Der Stand vom 12.11.2026, 09:30 (KIZ-Desk_2026-11-12_093000.sqlite: \
             60 Medien, 6 Ausleihen, 151 Teilnehmende) ersetzt alle jetzigen Daten."
        ),
        "the moment, the file and what it holds: {question}"
    );
    app.screenshot("question").await;
    app.click("#dialog-cancel").await;
    assert_eq!(app.value("#field-name").await, "Geänderter Name");
    assert_eq!(
        backup_rows(&app).await,
        1,
        "no safety copy: nothing was done"
    );

    // Confirmed: restored after a safety copy.
    app.click("#restore-from-file").await;
    app.wait_for_text("#app-dialog", "ersetzt alle jetzigen Daten")
        .await;
    app.click("#dialog-confirm").await;
    app.wait_for_text("#toasts", "Wiederhergestellt").await;
    app.wait_for_text("#backups-table", "vor einer Wiederherstellung")
        .await;
    assert_eq!(app.value("#field-name").await, original);

    // The list's "Wiederherstellen" names the same.
    let buttons = app
        .client
        .find_all(Locator::Css("#backups-table button[data-action='restore']"))
        .await
        .unwrap();
    let _ = app
        .client
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' });",
            vec![serde_json::to_value(&buttons[0]).unwrap()],
        )
        .await;
    buttons[0].click().await.unwrap();
    let question = app
        .wait_for_text("#app-dialog", "ersetzt alle jetzigen Daten")
        .await;
    assert!(
        question.contains("60 Medien, 6 Ausleihen, 151 Teilnehmende)"),
        "the listed backup names what it holds: {question}"
    );
    app.click("#dialog-cancel").await;
    app.stop().await;
}

#[tokio::test]
async fn the_datenschutz_page_states_the_figures_set_and_when_safety_copies_go() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    let backups = data_dir.join("Sicherungen");
    std::fs::create_dir_all(&backups).unwrap();
    // A safety copy long past its 90 days: removed at start.
    let expired = backups.join("KIZ-Desk-vor-Wiederherstellung_2026-01-05_080000.sqlite");
    std::fs::write(&expired, b"alt").unwrap();
    let app = App::start_in("privacy-backups", &data_dir, &[("KIZ_DEMO", "1"), NOW]).await;
    app.go_to("settings").await;
    app.wait_for("#backups-table tbody tr[data-file]").await;
    assert!(!expired.exists(), "removed after its 90 days");

    // Staff set other figures.
    app.fill("#field-monthly", "24").await;
    app.fill("#field-safety_days", "30").await;
    app.click("#save-backup-settings").await;
    app.wait_for_text("#toasts", "Einstellungen der Sicherung")
        .await;
    // A safety copy and a damaged file, set aside earlier.
    std::fs::copy(
        backups.join("KIZ-Desk_2026-11-12_093000.sqlite"),
        backups.join("KIZ-Desk-vor-Wiederherstellung_2026-11-01_080000.sqlite"),
    )
    .unwrap();
    std::fs::write(
        data_dir.join("kiz-desk.beschaedigt-2026-10-20_101500.sqlite"),
        b"kaputt",
    )
    .unwrap();

    app.click("#open-privacy").await;
    // Where the data lives: this PC's file and backup folder, by name.
    let place = app.wait_for_text("#privacy-where", "kiz-desk.sqlite").await;
    for path in [data_dir.join("kiz-desk.sqlite"), backups.clone()] {
        assert!(
            place.contains(&path.display().to_string()),
            "{} named: {place}",
            path.display()
        );
    }
    app.screenshot("where").await;
    let text = app.wait_for_text("#privacy-backups", "24 Monaten").await;
    assert!(
        text.contains("älter als 24 Monate"),
        "the longest time as set: {text}"
    );
    assert!(
        text.contains("30 Tage alt"),
        "the safety copies' days: {text}"
    );
    assert!(
        !text.contains("zwölf"),
        "no promise that is not set: {text}"
    );
    let table = app
        .wait_for_text("#safety-copies", "Beschädigte Datenbank")
        .await;
    assert!(
        table.contains("19.11.2026"),
        "damaged 20.10. + 30 days: {table}"
    );
    assert!(
        table.contains("01.12.2026"),
        "copy of 01.11. + 30 days: {table}"
    );
    assert!(
        table.contains("Kopie vor einer Wiederherstellung"),
        "{table}"
    );

    // Kept on purpose: no date any more, and the file is renamed.
    app.click("#safety-copies tr[data-kind='damaged'] button[data-action='keep']")
        .await;
    app.wait_for("#safety-copies tr[data-kind='damaged'] button[data-action='release']")
        .await;
    let row = app.text("#safety-copies tr[data-kind='damaged']").await;
    assert!(
        row.contains("behalten") && !row.contains("19.11.2026"),
        "{row}"
    );
    assert!(data_dir
        .join("kiz-desk.beschaedigt-2026-10-20_101500_behalten.sqlite")
        .exists());
    let _ = app
        .client
        .execute(
            "document.getElementById('safety-copies').scrollIntoView();",
            vec![],
        )
        .await;
    app.screenshot("safety-copies").await;
    let _ = app
        .client
        .execute(
            "document.getElementById('privacy-backups').scrollIntoView();",
            vec![],
        )
        .await;
    app.screenshot("figures").await;
    app.stop().await;
}

#[tokio::test]
async fn an_app_left_open_past_midnight_makes_the_next_days_backup() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    // The clock the app reads, moved by the test; checked every second.
    let clock = folder.path().join("uhr.txt");
    std::fs::write(&clock, "2026-11-12T23:58:00").unwrap();
    let app = App::start_in(
        "midnight",
        &data_dir,
        &[
            ("KIZ_NOW_FILE", clock.to_str().unwrap()),
            ("KIZ_BACKUP_CHECK_SECONDS", "1"),
        ],
    )
    .await;
    let backups = data_dir.join("Sicherungen");
    wait_for_file(&backups.join("KIZ-Desk_2026-11-12_235800.sqlite"), true).await;
    std::fs::write(&clock, "2026-11-13T00:03:00").unwrap();
    wait_for_file(&backups.join("KIZ-Desk_2026-11-13_000300.sqlite"), true).await;
    // Let two more checks begin: each first removes expired safety files,
    // so an expired damaged file set beside the database is gone once the
    // next check has begun. After the second is gone, at least one whole
    // check ran on the 13th after its backup.
    for stamp in ["080000", "090000"] {
        let expired = data_dir.join(format!("kiz-desk.beschaedigt-2026-01-05_{stamp}.sqlite"));
        std::fs::write(&expired, b"kaputt").unwrap();
        wait_for_file(&expired, false).await;
    }
    let count = std::fs::read_dir(&backups)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".sqlite"))
        .count();
    assert_eq!(count, 2, "one a day, not one a check");
    app.stop().await;
}
