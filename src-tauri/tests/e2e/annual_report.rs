//! The Jahresbericht's small-numbers rule in Einstellungen → Drucken: the
//! smallest count the printed report shows as it is, changed and kept, a
//! bad value refused with a German message next to the field.

use crate::harness::App;

const FIELD: &str = "#field-report_min_count";
const ERROR: &str = "[data-field='report_min_count'] .field-error";

#[tokio::test]
async fn the_smallest_printed_count_is_changed_in_the_print_settings_and_bad_values_are_refused() {
    let app = App::start("report-min-count").await;
    app.go_to("settings").await;
    assert_eq!(app.value(FIELD).await, "3", "the default is 3");
    let hint = app.text("#field-report_min_count-hint").await;
    assert!(hint.contains("„< 3“"), "the hint explains the rule: {hint}");

    app.fill(FIELD, "5").await;
    app.click("#save-report-min-count").await;
    let toast = app.wait_for_text("#toasts", "< 5").await;
    assert!(toast.contains("unter 5"), "{toast}");
    app.screenshot("saved").await;

    for bad in ["0", "11", "drei"] {
        app.fill(FIELD, bad).await;
        app.click("#save-report-min-count").await;
        let message = app.wait_for_text(ERROR, "von 1 bis 10").await;
        assert!(
            message.contains("ganze Zahl von 1 bis 10"),
            "{bad}: a German message next to the field: {message}"
        );
        let invalid = app
            .wait_for(FIELD)
            .await
            .attr("aria-invalid")
            .await
            .expect("attribute");
        assert_eq!(invalid.as_deref(), Some("true"), "{bad}: marked invalid");
    }
    app.screenshot("refused").await;

    // Back again: the view reloads from the core, which kept 5.
    app.go_to("desk").await;
    app.go_to("settings").await;
    assert_eq!(
        app.value(FIELD).await,
        "5",
        "the refused values changed nothing"
    );

    app.fill(FIELD, "1").await;
    app.click("#save-report-min-count").await;
    app.wait_for_text("#toasts", "alle Zahlen genau").await;
    app.go_to("desk").await;
    app.go_to("settings").await;
    assert_eq!(
        app.value(FIELD).await,
        "1",
        "1 switches the rule off and is kept"
    );
    app.stop().await;
}
