//! The Theke, driven as staff drive it: a scanner types codes and Enter into
//! the focused scan field. Demo data, and the clock fixed by `KIZ_NOW` to
//! Thursday 12 November 2026, so due dates do not depend on the test day.

use crate::harness::{self, keys, App};

const NOW: (&str, &str) = ("KIZ_NOW", "2026-11-12T09:30:00");

async fn desk_with_demo(test: &str, folder: &tempfile::TempDir) -> App {
    let app = App::start_in(test, &folder.path().join("data"), &[("KIZ_DEMO", "1"), NOW]).await;
    app.go_to("desk").await;
    app.wait_for("#scan:focus").await;
    app
}

/// The number on the feedback line's beep counter.
async fn beeps(app: &App) -> u32 {
    app.wait_for("#scan-feedback")
        .await
        .attr("data-beeps")
        .await
        .unwrap()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The scan-to-screen time of the newest row, which is `code`'s: set once
/// the frame showing it has been painted.
async fn last_ms(app: &App, code: &str) -> f64 {
    app.wait_for(&format!(
        "#session-table tbody tr:first-child[data-barcode='{code}'][data-ms]"
    ))
    .await
    .attr("data-ms")
    .await
    .unwrap()
    .and_then(|v| v.parse().ok())
    .unwrap_or(f64::NAN)
}

#[tokio::test]
async fn a_stack_is_lent_refused_reserved_returned_renewed_and_the_slip_printed_by_scanner() {
    let folder = harness::data_folder();
    let app = desk_with_demo("desk", &folder).await;
    let mut timings = Vec::new();

    // A typed name offers matching borrowers; arrow down and Enter picks one.
    app.press("sukru").await;
    app.wait_for_text("#scan-suggestions", "Şükrü Yılmaz").await;
    app.press(keys::ARROW_DOWN).await;
    app.press(keys::ENTER).await;
    app.wait_for_text("#panel-name", "Şükrü Yılmaz").await;
    app.wait_for("#scan:focus").await;

    // The card selects the borrower.
    app.scan("KI-A-000008").await;
    app.wait_for_text("#panel-name", "Fatima Al-Zahra").await;
    app.wait_for("#scan:focus").await;

    // Three items, each listed with its due date, the field focused after each.
    for (code, title) in [
        ("KI-M-000001", "Schritte plus Neu 1"),
        ("KI-M-000013", "Linie 1 A1"),
        ("KI-M-000020", "Alpha plus"),
    ] {
        app.scan(code).await;
        let row = app
            .wait_for_text(&format!("#session-table tr[data-barcode='{code}']"), title)
            .await;
        assert!(
            row.contains("bis 10.12.2026"),
            "28 days for a Lehrwerk: {row}"
        );
        timings.push(last_ms(&app, code).await);
        app.wait_for("#scan:focus").await;
    }
    app.wait_for_text("#panel-loans", "KI-M-000020").await;
    app.screenshot("lent").await;

    // A Medienkoffer: its contents are named at checkout and ticked at return.
    app.scan("KI-M-000105").await;
    app.wait_for_text("#scan-feedback.feedback-ok", "Spielgeld-Set")
        .await;
    app.press(keys::F3).await;
    app.scan("KI-M-000105").await;
    app.wait_for("#kit-1").await;
    app.screenshot("kit").await;
    app.click("#kit-1").await;
    app.click("#kit-confirm").await;
    app.wait_for_text(
        "#session-table tr[data-barcode='KI-M-000105']",
        "fehlt: Spielgeld-Set",
    )
    .await;
    app.press(keys::F2).await;
    app.wait_for("#mode-checkout[aria-pressed='true']").await;

    // A copy on loan to someone else: error, beep, and the offer to reserve.
    // Its two siblings are out as well, and the desk says so.
    let before = beeps(&app).await;
    app.scan("KI-M-000118").await;
    let refusal = app
        .wait_for_text(
            "#scan-feedback.feedback-error",
            "Exemplar KI-M-000118 ist ausgeliehen (fällig am 30.11.2026). \
             Kein anderes Exemplar steht im Regal.",
        )
        .await;
    assert!(
        !refusal.contains("Rückgabe"),
        "Fatima cannot book the return of someone else's loan: {refusal}"
    );
    assert_eq!(beeps(&app).await, before + 1, "an error asks for a beep");
    app.screenshot("refused").await;
    app.click("#reserve-medium").await;
    app.wait_for_text("#scan-feedback.feedback-ok", "vorgemerkt")
        .await;
    app.wait_for_text("#waiting-list", "Platz 1").await;

    // F3: the reserved copy comes back and the desk says so loudly.
    app.press(keys::F3).await;
    app.wait_for("#mode-return[aria-pressed='true']").await;
    app.scan("KI-M-000118").await;
    let announcement = app
        .wait_for_text("#reserved-announcement", "Fatima Al-Zahra")
        .await;
    assert!(announcement.contains("KI-A-000008"), "{announcement}");
    app.screenshot("announced").await;
    app.click("#announce-ok").await;
    app.wait_for("#scan:focus").await;

    // Return one of the three.
    app.scan("KI-M-000013").await;
    app.wait_for_text(
        "#session-table tr[data-barcode='KI-M-000013']",
        "pünktlich zurück",
    )
    .await;
    timings.push(last_ms(&app, "KI-M-000013").await);

    // F4: renew another teacher's loan (due 1 December, lent 9 days ago).
    app.press(keys::F4).await;
    app.wait_for("#mode-renew[aria-pressed='true']").await;
    app.scan("KI-M-000119").await;
    app.wait_for_text("#scan-feedback.feedback-ok", "verlängert bis 10.12.2026")
        .await;
    timings.push(last_ms(&app, "KI-M-000119").await);

    // F2: Fatima picks up the copy set aside for her.
    app.press(keys::F2).await;
    app.wait_for("#mode-checkout[aria-pressed='true']").await;
    app.scan("KI-M-000118").await;
    app.wait_for_text(
        "#session-table tr.session-ok[data-barcode='KI-M-000118']",
        "DTZ-Prüfungstraining",
    )
    .await;
    timings.push(last_ms(&app, "KI-M-000118").await);
    app.screenshot("session").await;
    // "Diese Sitzung" stays one line beside (or above) its print buttons:
    // when they do not fit beside it, they move below it.
    let heading_lines = app
        .client
        .execute(
            "const h = document.querySelector('.session-head h2');
             return Math.round(h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight));",
            vec![],
        )
        .await
        .expect("measure the session heading");
    assert_eq!(
        heading_lines,
        serde_json::json!(1),
        "the session heading on one line"
    );

    // The slip: the borrower's name and the three items still lent today.
    app.click("#print-slip").await;
    app.wait_for_text("#toasts", "Ausleihbeleg_").await;
    let folder = app.data_dir().join("Ausdrucke");
    let file = std::fs::read_dir(&folder)
        .expect("print folder")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("Ausleihbeleg_KI-A-000008"))
        .expect("the slip PDF");
    let text = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Fatima Al-Zahra"), "{text}");
    for title in [
        "Schritte plus Neu 1",
        "Alpha plus",
        "DTZ-Prüfungstraining A2–B1",
    ] {
        assert!(text.contains(title), "the slip lists {title}: {text}");
    }
    assert!(
        !text.contains("Linie 1 A1"),
        "the item given back is not on the slip: {text}"
    );
    let png = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-singlefile"])
        .arg(&file)
        .arg(harness::screenshot_dir().join("desk-slip"))
        .status()
        .expect("pdftoppm");
    assert!(png.success());
    // Its calendar code (issue 23): read as a receipt printer prints it
    // (203 dpi) by zbar, as a phone's camera would read the paper.
    let page = harness::screenshot_dir().join("desk-slip-203");
    let status = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "203", "-gray", "-singlefile"])
        .arg(&file)
        .arg(&page)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    let zbar = std::process::Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"])
        .arg(page.with_extension("png"))
        .output()
        .expect("zbarimg (zbar-tools)");
    let entry = String::from_utf8_lossy(&zbar.stdout).replace("\r\n ", "");
    assert!(
        entry.starts_with("BEGIN:VCALENDAR")
            && entry.contains("Medien zur Mediathek zurückbringen"),
        "the slip carries the calendar entry: {entry}"
    );
    assert!(
        entry.contains("Schritte plus Neu 1") && entry.contains("Mo–Do 9–16 Uhr"),
        "with the titles and the demo's opening hours: {entry}"
    );
    assert!(!entry.contains("Fatima"), "and no name: {entry}");
    let start = entry
        .lines()
        .find_map(|l| l.strip_prefix("DTSTART;VALUE=DATE:"))
        .expect("a start day")
        .trim();
    let shown = format!("{}.{}.{}", &start[6..8], &start[4..6], &start[..4]);
    assert!(
        text.contains(&shown),
        "the entry is on a due date the slip shows ({shown}): {text}"
    );

    // Esc ends the session.
    app.press(keys::ESCAPE).await;
    app.wait_for_text("#borrower-panel", "Keine Person ausgewählt")
        .await;

    // Anna Schmidt borrows one of the two Bildkarten sets.
    app.scan("KI-A-000001").await;
    app.wait_for_text("#panel-name", "Anna Schmidt").await;
    app.scan("KI-M-000110").await;
    app.wait_for("#session-table tr.session-ok[data-barcode='KI-M-000110']")
        .await;
    // Fatima scans the same set: the refusal names the one on the shelf
    // and asks her for no return.
    app.scan("KI-A-000008").await;
    app.wait_for_text("#panel-name", "Fatima Al-Zahra").await;
    app.scan("KI-M-000110").await;
    let refusal = app
        .wait_for_text(
            "#scan-feedback.feedback-error",
            "Im Regal steht Exemplar KI-M-000111.",
        )
        .await;
    assert!(
        refusal.starts_with("Exemplar KI-M-000110 ist ausgeliehen (fällig am ")
            && !refusal.contains("Rückgabe"),
        "{refusal}"
    );
    app.screenshot("refused-other-on-shelf").await;
    // Reserving sets the shelf copy aside at once, and the desk says so.
    app.click("#reserve-medium").await;
    let reserved = app
        .wait_for_text(
            "#scan-feedback.feedback-ok",
            "Zurückgelegt zur Abholung: Exemplar KI-M-000111 liegt bereit (bis 19.11.2026).",
        )
        .await;
    assert!(
        !reserved.contains("Warteschlange"),
        "nobody waits in a queue: {reserved}"
    );
    app.wait_for_text("#ready-list", "KI-M-000111").await;
    app.screenshot("reserved-from-shelf").await;
    // Anna scans her own set again: renew it, or book the return first.
    app.scan("KI-A-000001").await;
    app.wait_for_text("#panel-name", "Anna Schmidt").await;
    app.scan("KI-M-000110").await;
    let own = app
        .wait_for_text(
            "#scan-feedback.feedback-error",
            "bereits an diese Person ausgeliehen",
        )
        .await;
    assert!(
        own.contains("Exemplar KI-M-000110") && own.contains("bitte zuerst die Rückgabe buchen"),
        "{own}"
    );
    eprintln!(
        "scan Enter to row on screen (ms): {}",
        timings
            .iter()
            .map(|t| format!("{t:.1}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    app.stop().await;
}

#[tokio::test]
async fn the_overdue_list_filters_and_a_reminder_is_recorded_once_with_letter_and_mail() {
    let folder = harness::data_folder();
    let app = desk_with_demo("overdue", &folder).await;
    app.click("#tab-overdue").await;
    app.wait_for("#overdue-table[aria-busy='false']").await;
    let table = app.text("#overdue-table").await;
    assert!(
        table.contains("Jürgen Weiß") && table.contains("Ayşe Demir"),
        "{table}"
    );
    assert!(
        table.contains("1. am 11.11.2026"),
        "the demo reminder is shown: {table}"
    );

    // Only Ayşe's first reminder is due (Jürgen's second comes on 25 November).
    let buttons = app
        .client
        .find_all(fantoccini::Locator::Css("button[data-remind]"))
        .await
        .unwrap();
    assert_eq!(buttons.len(), 1, "one reminder is due");
    buttons[0].click().await.unwrap();
    app.wait_for_text("#reminder-done", "Stufe 1").await;
    app.wait_for("#open-mail").await;
    app.wait_for("#overdue-table[aria-busy='false']").await;
    app.screenshot("reminded").await;
    let left = app
        .client
        .find_all(fantoccini::Locator::Css("button[data-remind]"))
        .await
        .unwrap();
    assert!(left.is_empty(), "the same reminder is not offered twice");
    let letter = std::fs::read_dir(app.data_dir().join("Ausdrucke"))
        .expect("print folder")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("Mahnung_KI-A-000004"))
        .expect("the reminder letter PDF");
    let text = std::process::Command::new("pdftotext")
        .arg(&letter)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Ayşe Demir") && text.contains("Hatırlatma"),
        "German and Turkish: {text}"
    );

    // The text filter ignores diacritics.
    app.fill("#overdue-search", "weiss").await;
    app.wait_for("#overdue-table[aria-busy='false']").await;
    let filtered = app.text("#overdue-table").await;
    assert!(
        filtered.contains("Jürgen Weiß") && !filtered.contains("Ayşe"),
        "{filtered}"
    );
    app.stop().await;
}

#[tokio::test]
async fn the_reservation_list_shows_the_queue_and_a_cancellation_empties_it() {
    let folder = harness::data_folder();
    let app = desk_with_demo("reservations", &folder).await;
    app.click("#tab-reservations").await;
    app.wait_for("#reservations-table[aria-busy='false']").await;
    let table = app.text("#reservations-table").await;
    assert!(
        table.contains("Hêvî Şêxmûs") && table.contains("wartet"),
        "{table}"
    );
    assert!(table.contains("Platz 1"), "{table}");
    app.screenshot("list").await;
    app.click("button[data-cancel]").await;
    app.wait_for_text("#reservations-table", "Keine offenen Vormerkungen")
        .await;
    app.stop().await;
}

#[tokio::test]
async fn loan_rules_are_saved_in_the_settings_and_a_week_without_open_days_is_refused() {
    let app = App::start("lending-settings").await;
    app.go_to("settings").await;
    app.wait_for("#lending-settings #rule-1-ehrenamtlich-days")
        .await;
    app.fill("#rule-1-ehrenamtlich-days", "35").await;
    app.click("#closed-3").await;
    app.click("#save-lending").await;
    app.wait_for_text("#toasts", "Ausleihe-Einstellungen gespeichert")
        .await;

    // Closing every day is refused with the reason, and nothing is stored.
    for day in [1, 2, 4, 5] {
        app.click(&format!("#closed-{day}")).await;
    }
    app.fill("#rule-1-ehrenamtlich-days", "50").await;
    app.click("#save-lending").await;
    app.wait_for_text("#lending-error", "Mindestens ein Wochentag")
        .await;
    app.screenshot("refused").await;

    app.go_to("desk").await;
    app.go_to("settings").await;
    app.wait_for("#lending-settings #rule-1-ehrenamtlich-days")
        .await;
    assert_eq!(app.value("#rule-1-ehrenamtlich-days").await, "35");
    for (day, closed) in [(1, false), (3, true), (5, false), (6, true), (7, true)] {
        let checked = app
            .wait_for(&format!("#closed-{day}"))
            .await
            .prop("checked")
            .await
            .unwrap();
        assert_eq!(checked.as_deref() == Some("true"), closed, "weekday {day}");
    }
    app.stop().await;
}

/// The time from a scan's Enter to its row on screen, printed (never
/// asserted). On the demo data by default; `cargo xtask bench` points
/// `KIZ_E2E_LARGE_DATABASE` at the 100,000-media benchmark database.
#[tokio::test]
async fn scanning_a_stack_shows_each_row_with_its_due_date() {
    let (app, _folder, large) = harness::start_for_timing("scan-timing", NOW.1).await;
    app.go_to("desk").await;
    app.wait_for("#scan:focus").await;
    app.scan("KI-A-000001").await;
    app.wait_for("#borrower-panel[data-borrower]").await;
    let mut times = Vec::new();
    // The demo borrower may have 10 items; the benchmark's 500.
    let scans = if large { 30 } else { 8 };
    for i in 1..=scans {
        let code = format!("KI-M-{i:06}");
        app.scan(&code).await;
        let row = app
            .wait_for_text(&format!("#session-table tr[data-barcode='{code}']"), "bis")
            .await;
        assert!(
            row.contains(".2026") || row.contains(".2027"),
            "a due date: {row}"
        );
        times.push(last_ms(&app, &code).await);
    }
    let first = times[0];
    let (median, p95, max) = harness::spread(&times);
    let database = if large { "100,000-media" } else { "demo" };
    eprintln!(
        "scan Enter to row on screen, {database} database, {} scans: first {first:.1} ms, \
         median {median:.1} ms, p95 {p95:.1} ms, max {max:.1} ms (target: 20 ms at p95)",
        times.len()
    );
    app.stop().await;
}

#[tokio::test]
async fn a_medium_is_reserved_from_its_page_and_the_borrower_page_lists_loans() {
    let folder = harness::data_folder();
    let app = desk_with_demo("medium-reservation", &folder).await;
    app.go_to("catalogue").await;
    app.search_and_open("#media-search", "#media-table", "schritte plus neu 2")
        .await;
    app.wait_for("#reserve-card").await;
    app.fill("#reserve-card", "KI-M-000001").await;
    app.click("#reserve-submit").await;
    app.wait_for_text("#reserve-message.field-error", "Ausweisnummer")
        .await;
    app.fill("#reserve-card", "KI-A-000001").await;
    app.click("#reserve-submit").await;
    app.wait_for_text("#reserve-message", "zurückgelegt").await;
    app.wait_for_text("#queue-list", "Anna Schmidt").await;
    app.client
        .execute(
            "document.getElementById('medium-reservations').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    app.screenshot("medium").await;

    // The borrower with an overdue loan: the page lists it, highlighted.
    app.go_to("borrowers").await;
    app.search_and_open("#borrower-search", "#borrower-table", "jurgen")
        .await;
    let loans = app
        .wait_for_text("#borrower-loans", "überfällig seit 12.10.2026")
        .await;
    assert!(loans.contains("KI-M-000119"), "both loans: {loans}");
    app.stop().await;
}

#[tokio::test]
async fn lending_to_a_borrower_with_overdue_items_needs_a_reason_and_a_return_receipt_is_printed() {
    let folder = harness::data_folder();
    let app = desk_with_demo("override", &folder).await;
    // Jürgen Weiß has an item 31 days overdue.
    app.scan("KI-A-000002").await;
    app.wait_for_text("#scan-feedback.feedback-warn", "überfällige")
        .await;
    app.wait_for("#panel-loans tr.overdue").await;
    app.scan("KI-M-000002").await;
    app.wait_for("#override-reason").await;
    app.click("#override-confirm").await;
    app.wait_for_text("#override-error", "Begründung").await;
    app.screenshot("dialog").await;
    app.fill("#override-reason", "Bringt den Film morgen zurück")
        .await;
    app.click("#override-confirm").await;
    app.wait_for_text(
        "#session-table tr.session-ok[data-barcode='KI-M-000002']",
        "bis 10.12.2026",
    )
    .await;
    app.wait_for("#scan:focus").await;

    // He brings the overdue one back: 31 days late, and a receipt for him.
    app.press(keys::F3).await;
    app.scan("KI-M-000120").await;
    app.wait_for_text(
        "#session-table tr[data-barcode='KI-M-000120']",
        "31 Tage überfällig",
    )
    .await;
    app.click("#print-receipt").await;
    app.wait_for_text("#toasts", "Rückgabequittung_").await;
    let receipt = std::fs::read_dir(app.data_dir().join("Ausdrucke"))
        .expect("print folder")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("Rückgabequittung_KI-A-000002"))
        .expect("the receipt PDF");
    let text = std::process::Command::new("pdftotext")
        .arg(&receipt)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Jürgen Weiß") && text.contains("KI-M-000120"),
        "{text}"
    );
    assert!(
        text.contains("Noch ausgeliehen"),
        "what he still has: {text}"
    );
    app.stop().await;
}

/// Issue 23, point 2: a teacher's card shows, beside her loans, media of
/// her level and target language that are on the shelf and that she never
/// borrowed; one of them, lent to her, drops out of the list.
#[tokio::test]
async fn a_teachers_card_shows_media_that_fit_her_teaching_and_one_lent_drops_out() {
    let folder = harness::data_folder();
    let app = desk_with_demo("desk-suggestions", &folder).await;
    app.scan("KI-A-000008").await;
    app.wait_for_text("#panel-name", "Fatima").await;
    // Nothing borrowed in the demo: nothing to go by.
    app.wait_for("#panel-suggestions[aria-busy='false']").await;
    assert_eq!(app.count("#panel-suggestions h3").await, 0);
    // Schritte plus Neu 1, a German course book for A1: she teaches A1.
    app.scan("KI-M-000001").await;
    app.wait_for("#session-table tr.session-ok[data-barcode='KI-M-000001']")
        .await;
    let shown = app
        .wait_for_text(
            "#panel-suggestions[aria-busy='false']",
            "Passend zum Unterricht (A1, Deutsch)",
        )
        .await;
    let suggested = app.count("#panel-suggestions li").await;
    assert!((1..=5).contains(&suggested), "one to five media: {shown}");
    let loans = app.text("#panel-loans").await;
    let titles = app
        .client
        .execute(
            "return [...document.querySelectorAll('#panel-suggestions li a')].map((a) => a.textContent);",
            vec![],
        )
        .await
        .expect("the suggested titles");
    let titles: Vec<String> = serde_json::from_value(titles).expect("a list of titles");
    for title in &titles {
        assert!(
            !title.is_empty() && !loans.contains(title.as_str()),
            "{title:?} is not among her loans: {loans}"
        );
    }
    let first = titles[0].clone();
    app.screenshot("shown").await;

    // The suggestion leads to the medium's page, where a copy on the shelf
    // is found.
    app.click("#panel-suggestions li a").await;
    app.wait_for_text("#main h1", &first).await;
    let barcode = app
        .client
        .execute(
            "const row = [...document.querySelectorAll('#copies-table tr[data-barcode]')]
               .find((r) => r.textContent.includes('verfügbar'));
             return row ? row.dataset.barcode : '';",
            vec![],
        )
        .await
        .expect("the copies")
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(!barcode.is_empty(), "a copy of {first:?} on the shelf");

    // Lent to her at the desk: no longer suggested.
    app.go_to("desk").await;
    app.wait_for("#scan:focus").await;
    app.scan("KI-A-000008").await;
    app.wait_for_text("#panel-name", "Fatima").await;
    app.scan(&barcode).await;
    app.wait_for(&format!(
        "#session-table tr.session-ok[data-barcode='{barcode}']"
    ))
    .await;
    app.wait_for_text_where(
        "#panel-suggestions[aria-busy='false']",
        &format!("no longer list {first:?}"),
        |text| !text.contains(&first),
    )
    .await;
    app.stop().await;
}

/// Issue 21, point 2: a scan is one round trip (the command that
/// recognises the code and acts) until its row is painted, and it draws
/// only its own rows: the session's and the panel's rows already shown
/// stay the same elements. The suggestions are read once after the scans
/// pause, not within a scan.
#[tokio::test]
async fn a_scan_is_one_round_trip_and_draws_only_its_own_rows() {
    let folder = harness::data_folder();
    let app = desk_with_demo("desk-one-trip", &folder).await;
    app.scan("KI-A-000008").await;
    app.wait_for_text("#panel-name", "Fatima").await;
    for code in ["KI-M-000001", "KI-M-000013"] {
        app.scan(code).await;
        last_ms(&app, code).await;
    }
    app.wait_for_text("#panel-loans", "KI-M-000013").await;
    app.wait_for_text(
        "#panel-suggestions[aria-busy='false']",
        "Passend zum Unterricht",
    )
    .await;
    // Every command the page sends from here on is noted; the list as it
    // was when the next row was painted is kept apart. The rows shown so
    // far are marked.
    app.client
        .execute(
            "// The bridge's own object is frozen: the page's API finds it
             // under window.__TAURI__.core, which is replaced by a copy.
             const core = window.__TAURI__.core;
             window.kizCalls = [];
             window.__TAURI__.core = { ...core, invoke: (command, args) => {
               window.kizCalls.push(command);
               return core.invoke(command, args);
             } };
             window.kizAtPaint = null;
             new MutationObserver((changes, observer) => {
               if (changes.some((c) => c.target.matches('#session-table tbody tr:first-child[data-ms]'))) {
                 window.kizAtPaint = [...window.kizCalls];
                 observer.disconnect();
               }
             }).observe(document.getElementById('session-table'), { subtree: true, attributeFilter: ['data-ms'] });
             document.querySelectorAll('#session-table tbody tr, #panel-loans tr').forEach((tr) => { tr.dataset.seen = '1'; });
             // Rows put into or taken out of the panel's table (a row moved
             // counts as both).
             window.kizRows = { added: 0, removed: 0 };
             new MutationObserver((changes) => {
               for (const c of changes) {
                 window.kizRows.added += c.addedNodes.length;
                 window.kizRows.removed += c.removedNodes.length;
               }
             }).observe(document.querySelector('#panel-loans tbody'), { childList: true });",
            vec![],
        )
        .await
        .expect("the page's commands noted");
    app.scan("KI-M-000020").await;
    last_ms(&app, "KI-M-000020").await;
    let calls = |script: &'static str| {
        let client = app.client.clone();
        async move {
            let value = client.execute(script, vec![]).await.expect("the list");
            serde_json::from_value::<Vec<String>>(value).expect("a list of commands")
        }
    };
    assert_eq!(
        calls("return window.kizAtPaint;").await,
        ["desk_act"],
        "from Enter to the painted row, one round trip"
    );
    let fresh = |table: &str| format!("{table} tr:not([data-seen])");
    assert_eq!(app.count(&fresh("#session-table tbody")).await, 1);
    assert_eq!(app.count("#session-table tbody tr[data-seen]").await, 2);
    assert_eq!(
        app.count(&fresh("#panel-loans")).await,
        1,
        "one new row in the panel"
    );
    assert_eq!(app.count("#panel-loans tr[data-seen]").await, 2);
    assert!(app
        .text("#panel-loans tr:not([data-seen])")
        .await
        .contains("KI-M-000020"));
    let rows = |app: &App| {
        let client = app.client.clone();
        async move {
            let value = client
                .execute(
                    "const rows = { ...window.kizRows };
                     window.kizRows = { added: 0, removed: 0 };
                     return [rows.added, rows.removed];",
                    vec![],
                )
                .await
                .expect("the rows");
            serde_json::from_value::<(u32, u32)>(value).expect("two counts")
        }
    };
    assert_eq!(rows(&app).await, (1, 0), "a loan adds its row, moves none");

    // The suggestions are read again once, after the scan.
    app.wait_for("#panel-suggestions[aria-busy='false']").await;
    assert_eq!(
        calls("return window.kizCalls;").await,
        ["desk_act", "borrower_suggestions"]
    );

    // A return removes its row from the panel and keeps the others.
    app.press(keys::F3).await;
    app.wait_for("#mode-return[aria-pressed='true']").await;
    app.scan("KI-M-000013").await;
    last_ms(&app, "KI-M-000013").await;
    app.wait_for_text_where("#panel-loans", "no longer list KI-M-000013", |text| {
        !text.contains("KI-M-000013")
    })
    .await;
    assert_eq!(app.count("#panel-loans tr[data-seen]").await, 1);
    assert_eq!(app.count(&fresh("#panel-loans")).await, 1);
    assert_eq!(
        rows(&app).await,
        (0, 1),
        "a return removes its row, moves none"
    );
    app.stop().await;
}

/// A course package (issue 23, point 1): its card scanned after the
/// teacher's card lends every part in one step; with a part out, the desk
/// names it and staff lend the rest and reserve what is missing; the slip
/// prints the parts under the package's name; a package chosen from the
/// panel's list is lent the same way.
#[tokio::test]
async fn a_course_package_is_lent_by_its_card_with_a_missing_part_reserved() {
    let folder = harness::data_folder();
    let app = desk_with_demo("desk-package", &folder).await;

    // Both copies of the package's game go to Anna Schmidt first.
    app.scan("KI-A-000001").await;
    app.wait_for_text("#panel-name", "Anna Schmidt").await;
    for code in ["KI-M-000073", "KI-M-000074"] {
        app.scan(code).await;
        app.wait_for(&format!(
            "#session-table tr.session-ok[data-barcode='{code}']"
        ))
        .await;
    }

    // Fatima's card, then the package card: the game is missing, and
    // nothing is lent until staff choose.
    app.scan("KI-A-000008").await;
    app.wait_for_text("#panel-name", "Fatima Al-Zahra").await;
    app.wait_for("#scan:focus").await;
    app.scan("KP-0001").await;
    let missing = app
        .wait_for_text(
            "#package-missing",
            "Wortschatz-Memo Alltag: 0 von 1 im Regal",
        )
        .await;
    assert!(
        !missing.contains("Audio"),
        "only the game is missing: {missing}"
    );
    app.screenshot("package-missing").await;
    assert_eq!(
        app.count("#panel-loans tr").await,
        0,
        "nothing lent while the desk asks"
    );
    app.click("#package-lend-reserve").await;
    for (code, title) in [
        (
            "KI-M-000001",
            "Schritte plus Neu 1 – Kursbuch und Arbeitsbuch",
        ),
        (
            "KI-M-000093",
            "Schritte plus Neu 1 – Audio-CDs zum Kursbuch",
        ),
        ("KI-M-000044", "Leichte Lektüre A1 – Ein Tag in Siegburg"),
    ] {
        let row = app
            .wait_for_text(
                &format!("#session-table tr.session-ok[data-barcode='{code}']"),
                title,
            )
            .await;
        // The action's label is set in capitals by the style sheet.
        assert!(
            row.to_lowercase()
                .contains("kurspaket schritte plus neu 1 – kurspaket a1"),
            "{row}"
        );
    }
    app.wait_for_text(
        "#scan-feedback.feedback-warn",
        "Es fehlt: Wortschatz-Memo Alltag (vorgemerkt)",
    )
    .await;
    app.wait_for_text("#waiting-list", "Wortschatz-Memo Alltag")
        .await;
    app.wait_for("#scan:focus").await;

    // The second demo package, chosen from the panel's list.
    app.click("#panel-more summary").await;
    app.wait_for("#package-choice option[value='2']").await;
    app.set_value("#package-choice", "2").await;
    app.click("#lend-package").await;
    app.wait_for_text(
        "#scan-feedback.feedback-ok",
        "Kurspaket „Alphabetisierung – Einstieg“ ausgeliehen (Medien: 2).",
    )
    .await;
    app.wait_for("#session-table tr[data-barcode='KI-M-000020']")
        .await;
    app.wait_for_text("#panel-loans", "KI-M-000082").await;
    app.screenshot("package-lent").await;

    // The slip: each package's parts under its name.
    app.click("#print-slip").await;
    let slip = app.wait_for_printed("Ausleihbeleg_KI-A-000008").await;
    let text = harness::pdf_text(&slip);
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let png = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-singlefile"])
        .arg(&slip)
        .arg(harness::screenshot_dir().join("desk-package-slip"))
        .status()
        .expect("pdftoppm");
    assert!(png.success());
    // In German and Fatima's Arabic: "Kurspaket / حزمة الدورة: …", then
    // each part marked as one of it.
    let at = |expected: &str| {
        flat.find(expected)
            .unwrap_or_else(|| panic!("the slip shows {expected:?}: {text}"))
    };
    assert!(flat.contains("Kurspaket /"), "{text}");
    let first = at("Schritte plus Neu 1 – Kurspaket A1");
    assert!(first < at("– Schritte plus Neu 1 – Audio-CDs zum Kursbuch"));
    assert!(first < at("– Leichte Lektüre A1 – Ein Tag in Siegburg"));
    // (The rows' order is read line by line in tests/packages.rs.)
    at("Alphabetisierung – Einstieg");
    at("– Buchstaben-Puzzle Alpha");

    // Without a borrower the card lends nothing and says how it is lent.
    app.press(keys::ESCAPE).await;
    app.wait_for_text("#borrower-panel", "Keine Person ausgewählt")
        .await;
    app.scan("KP-0002").await;
    app.wait_for_text("#scan-feedback.feedback-error", "Das ist ein Kurspaket.")
        .await;
    app.stop().await;
}

/// Kurspakete are defined on their own page: parts added by scanning an
/// Inventarnummer or by title, a name required, the card printed.
#[tokio::test]
async fn course_packages_are_defined_with_their_parts_and_their_card_printed() {
    let folder = harness::data_folder();
    let app = desk_with_demo("desk-packages-page", &folder).await;
    app.click("#tab-packages").await;
    app.wait_for_text("#packages-table[aria-busy='false']", "KP-0001")
        .await;
    app.click("#package-new").await;
    app.wait_for("#field-name:focus").await;
    // A part by a copy's Inventarnummer, one by its title.
    app.fill("#package-part-find", "KI-M-000013").await;
    app.press(keys::ENTER).await;
    app.wait_for_text("#package-parts", "Linie 1 A1").await;
    app.fill("#package-part-find", "Bingo").await;
    app.press(keys::ENTER).await;
    app.wait_for_text("#package-part-find-found", "Bingo der Berufe")
        .await;
    app.click("#package-part-find-found button").await;
    app.wait_for_text("#package-parts", "Bingo der Berufe")
        .await;
    // Without a name nothing is stored.
    app.click("#package-save").await;
    app.wait_for_text(
        "[data-field='name'] .field-error",
        "Bitte füllen Sie dieses Feld aus.",
    )
    .await;
    app.fill("#field-name", "Linie 1 A1 – Berufskurs").await;
    app.set_value("#package-parts li[data-medium] input", "2")
        .await;
    app.screenshot("package-form").await;
    app.click("#package-save").await;
    app.wait_for_text("#toasts", "(KP-0003) wurde gespeichert")
        .await;
    let row = app
        .wait_for_text(
            "#packages-table tr[data-package='3']",
            "Linie 1 A1 – Berufskurs",
        )
        .await;
    assert!(
        row.contains("2 × Linie 1 A1") && row.contains("1 × Bingo der Berufe"),
        "{row}"
    );
    // The same name again is refused at the field.
    app.click("#package-new").await;
    app.fill("#field-name", "linie 1 a1 – berufskurs").await;
    app.fill("#package-part-find", "KI-M-000013").await;
    app.press(keys::ENTER).await;
    app.wait_for_text("#package-parts", "Linie 1 A1").await;
    app.click("#package-save").await;
    app.wait_for_text("[data-field='name'] .field-error", "gibt es schon")
        .await;
    app.click("#package-cancel-edit").await;
    // The card: its code as a barcode.
    app.click("#packages-table tr[data-package='3'] [data-action='card']")
        .await;
    let card = app.wait_for_printed("Etiketten_").await;
    assert!(
        harness::pdf_text(&card).contains("Kurspaket: Linie 1 A1 – Berufskurs"),
        "the card names the package"
    );
    app.screenshot("packages").await;
    app.stop().await;
}

/// A class set (issue 23, point 3): "4*" before the scan lends four copies
/// at once, the desk naming the copies to hand out; they come back in two
/// visits, the first leaving the missing copies named by Inventarnummer,
/// the second completing the set. The panel's form lends another set.
#[tokio::test]
async fn a_class_set_is_lent_at_once_and_returned_in_two_visits() {
    let folder = harness::data_folder();
    let app = desk_with_demo("desk-class-set", &folder).await;
    app.scan("KI-A-000008").await;
    app.wait_for_text("#panel-name", "Fatima Al-Zahra").await;
    app.wait_for("#scan:focus").await;
    app.scan("4*KI-M-000058").await;
    app.wait_for_text(
        "#scan-feedback.feedback-ok",
        "Bitte diese Exemplare mitgeben: KI-M-000058, KI-M-000057, KI-M-000059, KI-M-000060.",
    )
    .await;
    for code in ["KI-M-000057", "KI-M-000058", "KI-M-000059", "KI-M-000060"] {
        let row = app
            .wait_for_text(
                &format!("#session-table tr.session-ok[data-barcode='{code}']"),
                "Ausbildung in Deutschland",
            )
            .await;
        assert!(row.to_lowercase().contains("klassensatz 4 ×"), "{row}");
    }
    // Another set from the panel's form: three of Schritte plus Neu 1.
    app.click("#panel-more summary").await;
    app.set_value("#class-set-count", "3").await;
    app.set_value("#class-set-code", "KI-M-000002").await;
    app.click("#lend-class-set").await;
    app.wait_for_text("#scan-feedback.feedback-ok", "3 × Schritte plus Neu 1")
        .await;
    // Seven copies, two items against the limit.
    app.wait_for_text("#borrower-panel", "2 von 10 ausgeliehen (Exemplare: 7)")
        .await;
    app.screenshot("lent").await;

    // The first visit brings two of the four back.
    app.press(keys::ESCAPE).await;
    app.wait_for_text("#borrower-panel", "Keine Person ausgewählt")
        .await;
    app.press(keys::F3).await;
    app.wait_for("#mode-return[aria-pressed='true']").await;
    app.scan("KI-M-000057").await;
    app.wait_for_text(
        "#session-table tr[data-barcode='KI-M-000057']",
        "Klassensatz: 1 von 4 zurück",
    )
    .await;
    app.scan("KI-M-000060").await;
    app.wait_for_text(
        "#scan-feedback",
        "2 von 4 zurück. Es fehlen noch: KI-M-000058, KI-M-000059.",
    )
    .await;
    app.screenshot("first-visit").await;
    // The second visit, the rest: complete.
    app.scan("KI-M-000059").await;
    app.wait_for_text("#scan-feedback", "Es fehlen noch: KI-M-000058.")
        .await;
    app.scan("KI-M-000058").await;
    app.wait_for_text(
        "#scan-feedback.feedback-ok",
        "Klassensatz „4 × Ausbildung in Deutschland – Infos für Eltern“ ist vollständig zurück.",
    )
    .await;
    app.screenshot("complete").await;
    app.stop().await;
}

/// A due date tied to the course (issue 23, point 4): a term kept in the
/// lending settings, picked at the desk, makes what is lent due when it
/// ends; a game's shorter limit refuses it with the latest day allowed; a
/// date of staff's own choosing works within it.
#[tokio::test]
async fn loans_are_due_at_the_course_end_picked_at_the_desk() {
    let folder = harness::data_folder();
    let app = desk_with_demo("desk-course-end", &folder).await;
    app.go_to("settings").await;
    app.wait_for("#lending-settings #add-term").await;
    app.click("#add-term").await;
    app.fill("#term-name-0", "Schulhalbjahr 1").await;
    app.set_value("#term-end-0", "2027-01-29").await;
    app.set_value("#course-limits input[aria-label^='Spiel:']", "30")
        .await;
    app.screenshot("settings").await;
    app.click("#save-lending").await;
    app.wait_for_text("#toasts", "Ausleihe-Einstellungen gespeichert")
        .await;

    app.go_to("desk").await;
    app.wait_for("#scan:focus").await;
    app.scan("KI-A-000008").await;
    app.wait_for_text("#panel-name", "Fatima Al-Zahra").await;
    app.wait_for("#course-end[data-ready]").await;
    app.set_value("#course-end", "2027-01-29").await;
    app.wait_for_text("#course-end-chosen", "am 29.01.2027 fällig")
        .await;
    app.click("#scan").await;
    app.scan("KI-M-000013").await;
    app.wait_for_text(
        "#session-table tr.session-ok[data-barcode='KI-M-000013']",
        "bis 29.01.2027",
    )
    .await;
    // The choice stays for the next scan; a game may go 30 days at most.
    app.wait_for("#course-end[data-ready]").await;
    assert_eq!(app.value("#course-end").await, "2027-01-29");
    app.click("#scan").await;
    app.scan("KI-M-000073").await;
    app.wait_for_text("#scan-feedback.feedback-error", "spätestens am 12.12.2026")
        .await;
    app.screenshot("refused").await;
    // Another date, within the game's limit.
    app.wait_for("#course-end[data-ready]").await;
    app.set_value("#course-end", "date").await;
    app.set_value("#course-end-date", "2026-12-04").await;
    app.wait_for_text("#course-end-chosen", "am 04.12.2026 fällig")
        .await;
    app.click("#scan").await;
    app.scan("KI-M-000073").await;
    app.wait_for_text(
        "#session-table tr.session-ok[data-barcode='KI-M-000073']",
        "bis 04.12.2026",
    )
    .await;
    app.screenshot("lent").await;
    app.stop().await;
}

/// The teacher's profile (issue 23, point 2): the level and language
/// recorded on Fatima's form, before she ever borrowed, make the desk
/// suggest media for them.
#[tokio::test]
async fn the_teaching_recorded_on_the_form_brings_suggestions_before_any_loan() {
    let folder = harness::data_folder();
    let app = desk_with_demo("desk-teacher-profile", &folder).await;
    app.scan("KI-A-000008").await;
    app.wait_for_text("#panel-name", "Fatima Al-Zahra").await;
    app.wait_for("#panel-suggestions[aria-busy='false']").await;
    assert!(
        !app.text("#panel-suggestions").await.contains("Passend"),
        "nothing known before the profile"
    );
    app.press(keys::ESCAPE).await;
    app.open("#/borrowers/8").await;
    app.wait_for("#teaching-fields #field-teaching_language")
        .await;
    app.set_value("#field-teaching_language", "de").await;
    app.set_value("#field-teaching_level", "b1").await;
    app.screenshot("form").await;
    app.click("#save-borrower").await;
    app.wait_for_text("#toasts", "gespeichert").await;
    app.go_to("desk").await;
    app.wait_for("#scan:focus").await;
    app.scan("KI-A-000008").await;
    let suggested = app
        .wait_for_text("#panel-suggestions", "Passend zum Unterricht (B1, Deutsch)")
        .await;
    assert!(
        app.count("#panel-suggestions li[data-medium]").await >= 1,
        "{suggested}"
    );
    app.screenshot("suggested").await;
    app.stop().await;
}

/// Material for a workshop (issue 23, point 5): reserved on the workshop's
/// page by a scanned Inventarnummer, what competes on the day named, lent
/// to the host organisation, shown on the medium's page, and counted back
/// at the desk.
#[tokio::test]
async fn material_is_reserved_for_a_workshop_lent_to_its_host_and_returned() {
    let folder = harness::data_folder();
    let app = desk_with_demo("desk-material", &folder).await;
    app.open("#/events/workshop/2").await;
    app.wait_for("#material-table[aria-busy='false']").await;
    app.fill("#material-find", "KI-M-000055").await;
    app.press(keys::ENTER).await;
    app.wait_for_text("#material-table", "Bewerbung schreiben – leicht erklärt")
        .await;

    app.open("#/events/workshop/1").await;
    app.wait_for("#material-table[aria-busy='false']").await;
    app.set_value("#material-quantity", "2").await;
    app.fill("#material-find", "KI-M-000055").await;
    app.press(keys::ENTER).await;
    let row = app
        .wait_for_text("#material-table", "Nicht genug Exemplare: 1 zu wenig")
        .await;
    assert!(
        row.contains("am selben Tag: 1 ×"),
        "the other workshop is named: {row}"
    );
    app.set_value("#material-quantity", "4").await;
    app.fill("#material-find", "Ausbildung in Deutschland")
        .await;
    app.press(keys::ENTER).await;
    app.wait_for_text("#material-find-found", "Infos für Eltern")
        .await;
    app.click("#material-find-found button").await;
    app.wait_for_text("#material-table", "Ausbildung in Deutschland")
        .await;
    app.screenshot("reserved").await;
    // Ausbildung in Deutschland is medium 27 of the demo.
    app.click("#material-table tr[data-medium='27'] [data-action='lend']")
        .await;
    app.wait_for_text("#toasts", "Bitte diese Exemplare mitgeben: KI-M-000057")
        .await;
    app.wait_for_text("#material-table", "Ausgeliehen: 0 von 4 zurück")
        .await;
    app.screenshot("lent").await;
    // The medium's page names the workshop.
    app.click("#material-table tr[data-medium='27'] a").await;
    app.wait_for_text("#medium-material", "4 × am").await;
    app.screenshot("medium").await;
    // Back at the desk after the workshop: counted back copy by copy.
    app.go_to("desk").await;
    app.wait_for("#scan:focus").await;
    app.press(keys::F3).await;
    app.wait_for("#mode-return[aria-pressed='true']").await;
    app.scan("KI-M-000057").await;
    app.wait_for_text("#scan-feedback", "1 von 4 zurück").await;
    app.stop().await;
}
