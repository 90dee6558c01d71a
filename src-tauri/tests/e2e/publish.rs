//! The public site from the window (issue 24): an organisation chooses
//! what is shown on its tab "Öffentlich" (with the preview), and
//! Einstellungen → Veröffentlichen writes the site into the chosen folder.

use std::path::Path;

use crate::harness::{self, App};

const NOW: (&str, &str) = ("KIZ_NOW", "2026-11-12T09:30:00");

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[tokio::test]
async fn an_organisation_is_published_with_what_it_chose_and_the_site_written_to_the_folder() {
    let folder = harness::data_folder();
    let portal = tempfile::tempdir().expect("a share");
    let target = portal.path().join("kiz");
    let target_text = target.display().to_string();
    let app = App::start_in(
        "publish",
        &folder.path().join("data"),
        &[
            ("KIZ_DEMO", "1"),
            NOW,
            ("KIZ_TEST_PICK_FOLDER", target_text.as_str()),
            ("KIZ_TEST_NO_BROWSER", "1"),
        ],
    )
    .await;

    // The organisation's tab "Öffentlich": not shown until chosen.
    app.go_to("organisations").await;
    app.wait_for("#organisations-table[aria-busy='false']")
        .await;
    app.search_and_open("#org-search", "#organisations-table", "kurdische")
        .await;
    app.wait_for("#organisation-form").await;

    // Rêzan Xelîl, the chair, agrees to be shown (data protection of her
    // row on the tab Ansprechpersonen); Hêvî Şêxmûs does not.
    let privacy_of = |name: &str| {
        format!(
            "const b = [...document.querySelectorAll('[data-privacy-contact]')]
                 .find((b) => b.closest('tr').textContent.includes('{name}'));
             b.click(); return true;"
        )
    };
    app.click("#org-tab-contacts").await;
    app.wait_for("[data-privacy-contact]").await;
    app.client
        .execute(&privacy_of("Rêzan Xelîl"), vec![])
        .await
        .expect("her row");
    app.wait_for_text("#contact-public-consent", "Keine Einwilligung")
        .await;
    app.click("#toggle-public-consent").await;
    app.wait_for_text(".toast", "zur Veröffentlichung erfasst")
        .await;
    app.wait_for("[data-privacy-contact]").await;
    app.client
        .execute(&privacy_of("Rêzan Xelîl"), vec![])
        .await
        .expect("her row");
    app.wait_for_text("#contact-public-consent", "seit 12.11.2026 (Text 2026-1)")
        .await;

    app.click("#org-tab-public").await;
    app.wait_for_text("#public-preview-none", "erscheint nicht")
        .await;
    app.click("#field-published").await;
    app.click("input[name='public_fields'][value='municipality']")
        .await;
    app.click("input[name='public_fields'][value='offerings']")
        .await;
    app.click("input[name='public_fields'][value='contacts']")
        .await;
    app.fill(
        "#field-public_text_de",
        "Wir unterrichten Kurdisch und Deutsch.",
    )
    .await;
    app.fill("#field-public_text_ar", "نعلّم الكردية والألمانية.")
        .await;
    app.click("#save-publication").await;
    let preview = app
        .wait_for_text("#public-preview", "Kurdische Gemeinschaft")
        .await;
    assert!(preview.contains("öffentlich"), "{preview}");
    assert!(preview.contains("Siegburg"), "{preview}");
    assert!(
        preview.contains("Wir unterrichten Kurdisch und Deutsch."),
        "{preview}"
    );
    assert!(
        preview.contains("Ansprechpersonen erscheinen nur mit ihrer eigenen Einwilligung"),
        "{preview}"
    );
    // The organisation's own e-mail is not chosen; the contact who agreed
    // comes with hers, the other contact not at all.
    assert!(
        !preview.contains("info@") && preview.contains("Rêzan Xelîl (Vorsitz)"),
        "{preview}"
    );
    assert!(!preview.contains("Hêvî"), "{preview}");
    app.screenshot("publish-organisation").await;
    // The other forms of the page save from the version after this save.
    app.click("#org-tab-overview").await;
    app.wait_for("#organisation-form").await;
    assert!(
        app.text(".page-header").await.contains("öffentlich"),
        "the header says so"
    );
    app.click("#save-organisation").await;
    app.wait_for_text(".toast", "gespeichert").await;

    // Einstellungen → Veröffentlichen: publishing without a folder is
    // refused at the field.
    app.go_to("settings").await;
    app.click("#open-publish").await;
    app.wait_for("#publish-form").await;
    app.wait_for_text("#last-published", "Noch nie").await;
    app.click("#publish-now").await;
    app.wait_for_text(
        "#publish-form [data-field='publish_folder'] .field-error",
        "Bitte füllen Sie dieses Feld aus.",
    )
    .await;
    assert!(!target.exists());
    // The folder picked, French left out, then published.
    app.click("#pick-publish-folder").await;
    app.wait_for_value("#field-publish_folder", &target_text)
        .await;
    app.click("input[name='publish_languages'][value='fr']")
        .await;
    app.click("#publish-now").await;
    let result = app
        .wait_for_text("#publish-result", "Die Website liegt jetzt in")
        .await;
    assert!(result.contains("Organisationen: 1;"), "{result}");
    app.wait_for_text("#last-published", "Zuletzt veröffentlicht am 12.11.2026")
        .await;
    app.screenshot("publish-settings").await;
    // The preview: the same site in the data folder (opened in the
    // system's browser; here KIZ_TEST_NO_BROWSER keeps a browser off the
    // test display, and the page names where the preview lies).
    app.click("#preview-site").await;
    let said = app
        .wait_for_text_where("#publish-result", "name the preview", |t| {
            t.contains("Die Vorschau liegt in")
        })
        .await;
    let preview = app.data_dir().join("Website-Vorschau");
    assert!(said.contains("Website-Vorschau"), "{said}");
    assert!(preview.join("index.html").is_file());
    assert!(read(&preview.join("de/verzeichnis.html")).contains("Kurdische Gemeinschaft"));
    assert!(!preview.join("fr").exists(), "as the settings say");

    assert!(target.join("index.html").is_file());
    assert!(!target.join("fr").exists(), "French was left out");
    let directory = read(&target.join("de/verzeichnis.html"));
    assert!(directory.contains("Kurdische Gemeinschaft"), "published");
    assert!(
        directory.contains("1 Organisation"),
        "only the one that chose to be shown"
    );
    let page = std::fs::read_dir(target.join("ar"))
        .expect("the Arabic pages")
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("organisation-"))
        .expect("its page");
    let arabic = read(&page.path());
    assert!(
        arabic.contains("نعلّم الكردية والألمانية."),
        "its Arabic text"
    );
    assert!(arabic.contains("dir=\"rtl\""));
    assert!(arabic.contains("Rêzan Xelîl") && !arabic.contains("Hêvî"));
    assert!(
        read(&target.join("de/katalog.html")).contains("Stand: 12.11.2026"),
        "the site says when"
    );
    // The settings are kept: the page read again shows them.
    app.go_to("settings").await;
    app.click("#open-publish").await;
    app.wait_for_value("#field-publish_folder", &target_text)
        .await;
    let french = app
        .client
        .find(fantoccini::Locator::Css(
            "input[name='publish_languages'][value='fr']",
        ))
        .await
        .expect("the box")
        .prop("checked")
        .await
        .expect("its state");
    assert_eq!(french.as_deref(), Some("false"));
    app.stop().await;
}
