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
    let text = app.text("#backups-table").await;
    assert!(text.contains("12.11.2026, 09:30"), "{text}");
    assert!(text.contains("60"), "the demo's media counted: {text}");
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
