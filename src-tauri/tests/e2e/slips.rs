//! Slips as a desk prints them: the format chosen in Einstellungen →
//! Drucken (A4, A5, receipt rolls of 80 and 58 mm), and the slip printed
//! automatically once per checkout session when the setting is on. Demo
//! data, the clock fixed to Thursday 12 November 2026.

use std::path::{Path, PathBuf};

use crate::harness::{self, keys, App};

const NOW: (&str, &str) = ("KIZ_NOW", "2026-11-12T09:30:00");

async fn app_with_demo(test: &str, folder: &tempfile::TempDir) -> App {
    App::start_in(test, &folder.path().join("data"), &[("KIZ_DEMO", "1"), NOW]).await
}

/// The loan slips in the print folder (none when nothing was printed).
fn slips_printed(data_dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(data_dir.join("Ausdrucke"))
        .map(|dir| {
            dir.flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().contains("Ausleihbeleg_"))
                .collect()
        })
        .unwrap_or_default()
}

/// The first page's width and height in millimetres, as pdfinfo reads them.
fn page_mm(pdf: &Path) -> (f64, f64) {
    let info = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let size = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .unwrap_or_else(|| panic!("pdfinfo names the page size: {info}"));
    let points: Vec<f64> = size
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (points[0] / 72.0 * 25.4, points[1] / 72.0 * 25.4)
}

/// Lends two items to Fatima Al-Zahra at the desk and ends her session
/// with Esc, as staff do before the next person steps up.
async fn lend_two_and_finish(app: &App) {
    app.go_to("desk").await;
    app.wait_for("#scan:focus").await;
    app.scan("KI-A-000008").await;
    app.wait_for_text("#panel-name", "Fatima Al-Zahra").await;
    for code in ["KI-M-000001", "KI-M-000013"] {
        app.scan(code).await;
        app.wait_for_text(
            &format!("#session-table tr.session-ok[data-barcode='{code}']"),
            "bis",
        )
        .await;
    }
    app.press(keys::ESCAPE).await;
    // The slip (if any) is delivered before the desk says the session ended.
    app.wait_for_text("#scan-feedback", "Sitzung beendet").await;
}

#[tokio::test]
async fn a_checkout_ends_with_one_slip_on_the_receipt_roll_chosen_in_the_settings() {
    let folder = harness::data_folder();
    let app = app_with_demo("slip-roll", &folder).await;
    app.go_to("settings").await;
    assert_eq!(
        app.value("#slip-format").await,
        "a4",
        "a desk that never chose prints on A4"
    );
    app.set_value("#slip-format", "roll_80").await;
    app.wait_for_text("#toasts", "Bonrolle 80 mm").await;
    app.click("#auto-print-slip").await;
    app.click("#save-lending").await;
    app.wait_for_text("#toasts", "Ausleihe-Einstellungen gespeichert")
        .await;
    app.client
        .execute(
            "document.getElementById('print-title').scrollIntoView();",
            vec![],
        )
        .await
        .expect("scroll to Drucken");
    app.screenshot("settings").await;

    lend_two_and_finish(&app).await;
    app.wait_for_text("#toasts", "Ausleihbeleg_KI-A-000008")
        .await;
    app.screenshot("desk").await;
    let slips = slips_printed(app.data_dir());
    assert_eq!(
        slips.len(),
        1,
        "one slip for the session with both loans, not one per item: {slips:?}"
    );
    let (width, height) = page_mm(&slips[0]);
    assert!(
        (width - 80.0).abs() < 0.5,
        "the slip is as wide as the roll: {width} mm"
    );
    // Cut after its content: longer than the shortest roll piece, shorter
    // than the longest (two items in German and Arabic, with the calendar
    // code and its words, come to about 350 mm).
    assert!(
        (80.0..500.0).contains(&height),
        "and as long as its content: {height} mm"
    );
    let text = harness::pdf_text(&slips[0]);
    for expected in ["Fatima Al-Zahra", "KI-M-000001", "KI-M-000013"] {
        assert!(text.contains(expected), "the slip shows {expected}: {text}");
    }
    let png = harness::screenshot_dir().join("slips-roll-80.png");
    let rendered = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "100", "-singlefile"])
        .arg(&slips[0])
        .arg(png.with_extension(""))
        .status()
        .expect("pdftoppm");
    assert!(rendered.success());
    app.stop().await;
}

#[tokio::test]
async fn with_automatic_printing_off_ending_a_checkout_prints_nothing() {
    let folder = harness::data_folder();
    let app = app_with_demo("slip-off", &folder).await;
    app.go_to("settings").await;
    let auto = app
        .wait_for("#auto-print-slip")
        .await
        .prop("checked")
        .await
        .unwrap();
    assert_ne!(auto.as_deref(), Some("true"), "off unless staff turn it on");

    lend_two_and_finish(&app).await;
    assert_eq!(
        slips_printed(app.data_dir()),
        Vec::<PathBuf>::new(),
        "no slip without the setting"
    );
    app.screenshot("desk").await;

    // The same choice in English.
    app.switch_to_english().await;
    app.go_to("settings").await;
    app.wait_for_text("label[for='slip-format']", "Format of loan slips")
        .await;
    app.set_value("#slip-format", "roll_58").await;
    app.wait_for_text("#toasts", "Slips are now printed as Receipt roll 58 mm")
        .await;
    app.screenshot("english").await;
    app.stop().await;
}
