//! Bad input has limits and messages stay usable: a pasted 5,000-character
//! name is refused next to its field, and a notification never grows
//! beyond the window.

use serde_json::json;

use crate::harness::App;

/// The rectangles of the newest notification and its close button, the
/// window's size, and whether the button's centre is really the button
/// (nothing lies over it and it is inside the window).
const MEASURE_TOAST: &str = "
    const toasts = document.querySelectorAll('#toasts .toast');
    const toast = toasts[toasts.length - 1];
    if (!toast) return null;
    const close = toast.querySelector('.toast-close');
    const t = toast.getBoundingClientRect();
    const c = close.getBoundingClientRect();
    const cx = c.left + c.width / 2, cy = c.top + c.height / 2;
    return {
      top: t.top, left: t.left, right: t.right, bottom: t.bottom, height: t.height, width: t.width,
      closeTop: c.top, closeLeft: c.left, closeRight: c.right, closeBottom: c.bottom,
      closeHit: document.elementFromPoint(cx, cy) === close,
      windowWidth: window.innerWidth, windowHeight: window.innerHeight,
    };";

/// Asserts that the newest notification lies inside the window and its
/// close button can be clicked.
async fn assert_toast_within_window(app: &App, what: &str) {
    let m = app
        .client
        .execute(MEASURE_TOAST, vec![])
        .await
        .expect("measure the notification");
    assert!(!m.is_null(), "{what}: a notification is shown");
    let f = |k: &str| m[k].as_f64().unwrap_or(f64::NAN);
    let (w, h) = (f("windowWidth"), f("windowHeight"));
    assert!(
        f("top") >= 0.0 && f("left") >= 0.0 && f("right") <= w && f("bottom") <= h,
        "{what}: the notification lies inside the {w}x{h} window: {m}"
    );
    assert!(
        f("height") <= h / 2.0,
        "{what}: a long message is shortened, not grown to the window's height: {m}"
    );
    assert!(
        f("closeTop") >= 0.0
            && f("closeLeft") >= 0.0
            && f("closeRight") <= w
            && f("closeBottom") <= h
            && m["closeHit"] == json!(true),
        "{what}: the close button is inside the window and nothing covers it: {m}"
    );
}

#[tokio::test]
async fn a_pasted_5000_character_name_is_refused_next_to_the_field_and_nothing_is_stored() {
    let app = App::start("limits-borrower").await;
    app.go_to("borrowers").await;
    app.click("#new-borrower").await;
    app.wait_for("#field-name").await;
    let pasted = "Ä".repeat(5_000);
    app.set_value("#field-name", &pasted).await;
    app.click("#save-borrower").await;
    let error = app
        .wait_for_text("[data-field='name'] .field-error", "zu lang")
        .await;
    assert_eq!(
        error, "Das Feld „Name“ ist zu lang (höchstens 200 Zeichen).",
        "the German message names the field and the maximum"
    );
    let invalid = app
        .client
        .execute(
            "return document.getElementById('field-name').getAttribute('aria-invalid')",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        invalid,
        json!("true"),
        "the field is marked for screen readers"
    );
    let toasts = app
        .client
        .execute(
            "return document.querySelectorAll('#toasts .toast').length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        toasts,
        json!(0),
        "no 'saved' notification for a refused name"
    );
    app.screenshot("refused").await;

    // Nothing was stored: the list is still empty.
    app.go_to("borrowers").await;
    app.wait_for("#borrower-table[aria-busy='false']").await;
    let rows = app
        .client
        .execute(
            "return document.querySelectorAll('#borrower-table tbody tr:not(:has(.empty-row))').length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(rows, json!(0), "no borrower was stored");
    app.stop().await;
}

#[tokio::test]
async fn a_notification_with_5000_characters_stays_in_the_window_and_can_be_closed() {
    let app = App::start("limits-toast").await;
    // Through the app's own notification module, as any message quoting
    // a pasted text would show it (before the limits, "„…“ wurde
    // gespeichert" with a 5,000-character name grew to 2,700 px).
    let long = format!("„{}“ wurde gespeichert.", "Ä".repeat(5_000));
    app.client
        .execute_async(
            "const [text, done] = arguments;
             import('./components/toast.js')
               .then((m) => { m.notify(text, 'error'); done(true); })
               .catch((e) => done(String(e)));",
            vec![json!(long)],
        )
        .await
        .expect("notify");
    app.wait_for("#toasts .toast").await;
    assert_toast_within_window(&app, "5,000 characters").await;
    // Words too: a long sentence of short words is shortened as well.
    let words = "Sehr langer Hinweis ".repeat(250);
    app.client
        .execute_async(
            "const [text, done] = arguments;
             import('./components/toast.js').then((m) => { m.notify(text, 'error'); done(true); });",
            vec![json!(words)],
        )
        .await
        .expect("notify");
    assert_toast_within_window(&app, "5,000 characters in words").await;
    app.screenshot("long").await;
    // The smallest window the app allows keeps both inside.
    app.client.set_window_size(1024, 700).await.expect("resize");
    assert_toast_within_window(&app, "1024x700").await;
    app.screenshot("long-1024x700").await;
    // The close button works: both notifications can be closed.
    for _ in 0..2 {
        app.click("#toasts .toast:last-child .toast-close").await;
    }
    let left = app
        .client
        .execute(
            "return document.querySelectorAll('#toasts .toast').length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(left, json!(0), "every notification closed");
    app.stop().await;
}
