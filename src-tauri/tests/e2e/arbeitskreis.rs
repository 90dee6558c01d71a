//! Issue 19, points 5 and 6: attendance at an Arbeitskreis meeting person
//! by person (with apologies and guests) and per organisation over a
//! year; workshops linked to projects, the project page and the project
//! list's filters. Demo data, clock fixed by `KIZ_NOW`.

use fantoccini::Locator;

use crate::directory::select_label;
use crate::harness::{self, App};

const NOW: (&str, &str) = ("KIZ_NOW", "2026-11-12T09:30:00");

async fn demo(test: &str) -> (App, tempfile::TempDir) {
    let folder = harness::data_folder();
    let app = App::start_in(test, &folder.path().join("data"), &[("KIZ_DEMO", "1"), NOW]).await;
    (app, folder)
}

/// Ticks `status` (anwesend, entschuldigt, nicht_erschienen) for the person
/// named `person` on the meeting's attendance list.
pub(crate) async fn tick(app: &App, person: &str, status: &str) {
    click_xpath(
        app,
        &format!(
            "//*[@id='attendance-table']//tr[th[contains(., '{person}')]]//input[@value='{status}']"
        ),
    )
    .await;
}

/// The status ticked for `person` ("" when the person is not listed).
async fn ticked(app: &App, person: &str) -> String {
    let found = app
        .client
        .find(Locator::XPath(&format!(
            "//*[@id='attendance-table']//tr[th[contains(., '{person}')]]//input[@type='radio' and @checked]"
        )))
        .await;
    match found {
        Ok(radio) => radio.attr("value").await.unwrap().unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// The row of the year's table for the organisation named `name`.
async fn year_row(app: &App, name: &str) -> String {
    app.client
        .find(Locator::XPath(&format!(
            "//*[@id='attendance-year-table']//tr[td[contains(., '{name}')]]"
        )))
        .await
        .unwrap_or_else(|e| panic!("{name} in the year's attendance: {e}"))
        .text()
        .await
        .unwrap()
}

/// Saves the attendance and waits for the page redrawn from the core (a
/// notice of an earlier save may still be shown, so the notice alone does
/// not say that this save is done).
async fn save_attendance(app: &App) {
    save_attendance_saying(app, "Anwesenheit gespeichert").await;
}

async fn save_attendance_saying(app: &App, notice: &str) {
    app.client
        .execute(
            "document.querySelector('#attendance-table').dataset.before = 'save';",
            vec![],
        )
        .await
        .expect("mark the table");
    app.click("#save-attendance").await;
    app.wait_for("#attendance-table:not([data-before])").await;
    app.wait_for_text("#toasts", notice).await;
    app.wait_for("#main[aria-busy='false']").await;
}

async fn click_xpath(app: &App, xpath: &str) {
    let element = app
        .client
        .find(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("{xpath}: {e}"));
    let _ = app
        .client
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' });",
            vec![serde_json::to_value(&element).expect("element reference")],
        )
        .await;
    element
        .click()
        .await
        .unwrap_or_else(|e| panic!("click on {xpath}: {e}"));
}

/// Scrolls `css` to the top of the window, for the screenshot.
async fn show(app: &App, css: &str) {
    app.client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });",
            vec![serde_json::json!(css)],
        )
        .await
        .expect("scroll");
}

#[tokio::test]
async fn staff_record_who_came_with_apologies_and_guests_and_see_the_year_per_organisation() {
    let (app, _folder) = demo("arbeitskreis-attendance").await;
    app.go_to("organisations").await;
    app.click("#tab-arbeitskreis").await;
    app.wait_for_text("#group-name", "Arbeitskreis Migrantenorganisationen")
        .await;
    // The demo: two meetings held in 2026; the first recorded person by
    // person (the chairs), the second per organisation.
    app.wait_for_text("#meetings-held", "2 Treffen").await;
    assert!(
        year_row(&app, "Kultur- und Bildungsverein")
            .await
            .contains("2 von 2 Treffen"),
        "present at both meetings"
    );
    assert!(year_row(&app, "Kurdische Gemeinschaft")
        .await
        .contains("1 von 2 Treffen"));

    // The first meeting: Hêvî came too, Nadia did not after all, Awa sent
    // apologies, and a guest from the Turkish parents' association came.
    click_xpath(
        &app,
        "//*[@id='meetings-list']//a[contains(., '14.08.2026')]",
    )
    .await;
    app.wait_for("#attendance-table").await;
    assert_eq!(ticked(&app, "Emre Kaya").await, "anwesend");
    assert_eq!(ticked(&app, "Hêvî Şêxmûs").await, "nicht_erschienen");
    tick(&app, "Hêvî Şêxmûs", "anwesend").await;
    tick(&app, "Nadia El Amrani", "nicht_erschienen").await;
    tick(&app, "Awa Diop", "entschuldigt").await;
    select_label(
        &app,
        "#guest-choice",
        "Ayten Yıldız · Türkisch-Deutscher Elternverein Troisdorf",
    )
    .await;
    app.click("#add-guest").await;
    assert_eq!(
        ticked(&app, "Ayten Yıldız").await,
        "anwesend",
        "a guest added is present"
    );
    // The minutes saved first on the same page: the list (which claims the
    // same meeting's version) is then saved from the version the minutes
    // left, not refused as changed meanwhile.
    app.fill(
        "#field-minutes",
        "Workshops der Ausbildungsbörse besprochen.",
    )
    .await;
    app.click("#save-minutes").await;
    app.wait_for_text("#toasts", "Gespeichert.").await;
    save_attendance(&app).await;
    let summary = app
        .wait_for_text(
            "#attendance-summary",
            "Kurdische Gemeinschaft Rhein-Sieg/Bonn (2)",
        )
        .await;
    assert!(
        summary.contains("Türkisch-Deutscher Elternverein Troisdorf (1)"),
        "{summary}"
    );
    assert!(!summary.contains("Marokkanischer"), "{summary}");
    assert!(
        !summary.contains("Afrikanischer"),
        "apologies are no presence: {summary}"
    );
    assert_eq!(ticked(&app, "Awa Diop").await, "entschuldigt");
    assert_eq!(ticked(&app, "Nadia El Amrani").await, "nicht_erschienen");
    assert!(
        app.text("#attendance-table").await.contains("(Gast)"),
        "the guest is marked"
    );
    app.screenshot("meeting").await;

    // Corrected later: Hêvî had sent apologies after all.
    tick(&app, "Hêvî Şêxmûs", "entschuldigt").await;
    save_attendance(&app).await;
    app.wait_for_text(
        "#attendance-summary",
        "Kurdische Gemeinschaft Rhein-Sieg/Bonn (1)",
    )
    .await;
    assert_eq!(ticked(&app, "Hêvî Şêxmûs").await, "entschuldigt");

    // The second meeting was recorded per organisation only (2 persons
    // each, no names): the page shows them, and an apology recorded now
    // keeps the women's association present with 2 persons.
    app.click("a[href^='#/organisations/arbeitskreis/']").await;
    app.wait_for_text("#meetings-list", "13.10.2026").await;
    let older = "//*[@id='meetings-list']//a[contains(., '13.10.2026')]";
    let older_page = app
        .client
        .find(Locator::XPath(older))
        .await
        .expect("the meeting of 13.10.2026")
        .attr("href")
        .await
        .unwrap()
        .expect("a link");
    // The address as a hash, whether the link gives it resolved or not.
    let older_page = older_page[older_page.find('#').unwrap_or(0)..].to_string();
    click_xpath(&app, older).await;
    let table = app
        .wait_for_text("#attendance-table", "2 Personen (ohne Namen erfasst)")
        .await;
    assert!(
        table.contains("frühere Erfassung je Organisation"),
        "{table}"
    );
    tick(&app, "Awa Diop", "entschuldigt").await;
    save_attendance(&app).await;
    let summary = app
        .wait_for_text("#attendance-summary", "Afrikanischer Frauenverein")
        .await;
    let women = summary
        .split("Afrikanischer Frauenverein")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap_or_default();
    assert!(women.ends_with("(2"), "the older presence stays: {summary}");
    assert_eq!(ticked(&app, "Awa Diop").await, "entschuldigt");
    assert!(app
        .text("#attendance-table")
        .await
        .contains("2 Personen (ohne Namen erfasst)"));
    app.screenshot("meeting-older").await;

    // The year on the working group's page follows.
    app.click("a[href^='#/organisations/arbeitskreis/']").await;
    app.wait_for("#attendance-year-table").await;
    let guest = year_row(&app, "Türkisch-Deutscher Elternverein").await;
    assert!(
        guest.contains("1 von 2 Treffen") && guest.contains("Gast"),
        "{guest}"
    );
    assert!(year_row(&app, "Marokkanischer Kulturverein")
        .await
        .contains("0 von 2 Treffen"));
    let women = year_row(&app, "Afrikanischer Frauenverein").await;
    assert!(
        women.contains("1 von 2 Treffen") && women.ends_with('1'),
        "present once, excused once: {women}"
    );
    show(&app, "#attendance-year").await;
    app.screenshot("year").await;

    // A meeting of last year, and the year picker.
    app.set_value("#field-meeting_date", "2025-11-20").await;
    app.fill("#field-meeting_place", "Rathaus Troisdorf").await;
    app.click("#add-meeting").await;
    app.wait_for("#attendance-table").await;
    tick(&app, "Emre Kaya", "anwesend").await;
    save_attendance(&app).await;
    app.click("a[href^='#/organisations/arbeitskreis/']").await;
    select_label(&app, "#attendance-year-picker", "2025").await;
    app.wait_for_text("#meetings-held", "1 Treffen bis heute in 2025")
        .await;
    assert!(year_row(&app, "Kultur- und Bildungsverein")
        .await
        .contains("1 von 1 Treffen"));
    assert!(year_row(&app, "Kurdische Gemeinschaft")
        .await
        .contains("0 von 1 Treffen"));
    show(&app, "#attendance-year").await;
    app.screenshot("year-2025").await;

    // The same screens in English.
    app.switch_to_english().await;
    app.go_to("organisations").await;
    app.click("#tab-arbeitskreis").await;
    app.wait_for_text("#meetings-held", "meetings held so far in")
        .await;
    select_label(&app, "#attendance-year-picker", "2026").await;
    app.wait_for_text("#meetings-held", "2 meetings held so far in 2026")
        .await;
    assert!(year_row(&app, "Kultur- und Bildungsverein")
        .await
        .contains("2 of 2 meetings"));
    assert!(app
        .text("#attendance-year")
        .await
        .contains("Attendance over the year"));
    show(&app, "#attendance-year").await;
    app.screenshot("year-en").await;
    app.open(&older_page).await;
    let table = app
        .wait_for_text("#attendance-table", "2 persons (recorded without names)")
        .await;
    assert!(
        table.contains("present (earlier record per organisation)") && table.contains("excused"),
        "{table}"
    );
    assert_eq!(ticked(&app, "Awa Diop").await, "entschuldigt");
    assert!(app
        .text("#attendance-summary")
        .await
        .contains("Organisations present (persons)"));
    save_attendance_saying(&app, "Attendance saved").await;
    show(&app, "#attendance-table").await;
    app.screenshot("meeting-en").await;
    app.stop().await;
}

#[tokio::test]
async fn a_workshop_is_linked_to_a_project_whose_page_lists_it_and_the_list_keeps_its_filter() {
    let (app, _folder) = demo("projects").await;
    app.go_to("organisations").await;
    app.click("#tab-projects").await;
    app.wait_for_text("#projects-table", "Elterncafés in Troisdorf")
        .await;
    select_label(&app, "#project-year", "2025").await;
    app.wait_for_text("#projects-table", "Elterncafés").await;
    select_label(&app, "#project-status", "abgeschlossen").await;
    app.wait_for("#main[aria-busy='false']").await;
    let list = app.wait_for_text("#projects-table", "Elterncafés").await;
    assert!(!list.contains("Ausbildungsbörse"), "{list}");

    // Open it and come back: the filter stays.
    click_xpath(
        &app,
        "//*[@id='projects-table']//a[contains(., 'Elterncafés')]",
    )
    .await;
    app.wait_for_text(
        "#project-partners",
        "Türkisch-Deutscher Elternverein Troisdorf",
    )
    .await;
    app.wait_for_text("#project-workshops", "Noch keine Workshops")
        .await;
    app.click("#back-to-projects").await;
    app.wait_for("#projects-table").await;
    assert_eq!(app.value("#project-year").await, "2025");
    assert_eq!(app.value("#project-status").await, "abgeschlossen");
    let list = app.wait_for_text("#projects-table", "Elterncafés").await;
    assert!(!list.contains("Ausbildungsbörse"), "still filtered: {list}");
    app.screenshot("list-filtered").await;
    select_label(&app, "#project-status", "laufend").await;
    app.wait_for_text("#projects-table", "Noch keine Projekte")
        .await;
    select_label(&app, "#project-year", "2026").await;
    let list = app
        .wait_for_text("#projects-table", "Mehrsprachige Ausbildungsbörse")
        .await;
    assert!(!list.contains("Elterncafés"), "{list}");

    // Link a workshop of the fair to the parents' cafés on its form.
    app.open("#/events/workshop/1/edit").await;
    app.wait_for("#workshop-form").await;
    let title = app.value("#field-title").await;
    select_label(&app, "#field-project_id", "Elterncafés in Troisdorf").await;
    app.click("#save-workshop").await;
    let link = app
        .wait_for_text("#workshop-project", "Elterncafés in Troisdorf")
        .await;
    assert!(link.contains("Kooperationsprojekt"), "{link}");
    app.click("#workshop-project a").await;
    let workshops = app.wait_for_text("#project-workshops", &title).await;
    assert!(
        workshops.contains("Mehrsprachige Ausbildungsbörse 2026")
            && workshops.contains("28.11.2026"),
        "the workshop with its fair and day: {workshops}"
    );
    let events = app
        .wait_for_text("#project-events", "Mehrsprachige Ausbildungsbörse 2026")
        .await;
    assert!(events.contains("Workshops im Projekt: 1"), "{events}");
    app.screenshot("project").await;

    // The same project page in English, then back to German.
    let page = app
        .client
        .execute("return location.hash;", vec![])
        .await
        .expect("the page's address");
    let page = page.as_str().expect("a hash").to_owned();
    app.switch_to_english().await;
    app.open(&page).await;
    let workshops = app.wait_for_text("#project-workshops", &title).await;
    assert!(
        workshops.contains("Workshops in the project"),
        "{workshops}"
    );
    let events = app
        .wait_for_text("#project-events", "workshops in the project: 1")
        .await;
    assert!(events.contains("Events"), "{events}");
    app.wait_for_text("#back-to-projects", "Back to the projects")
        .await;
    app.client
        .execute(
            "document.getElementById('project-workshops').scrollIntoView({ block: 'center' });",
            vec![],
        )
        .await
        .expect("scroll to the workshops");
    app.screenshot("project-english").await;
    app.go_to("settings").await;
    app.wait_for("#ui-language")
        .await
        .select_by_value("de")
        .await
        .expect("choose German");
    app.wait_for_text("#nav-settings", "Einstellungen").await;

    // Unlinked again.
    app.open("#/events/workshop/1/edit").await;
    select_label(&app, "#field-project_id", "kein Projekt").await;
    app.click("#save-workshop").await;
    app.wait_for("#registrations-table").await;
    assert_eq!(
        app.count("#workshop-project").await,
        0,
        "no project any more"
    );
    app.go_to("organisations").await;
    app.click("#tab-projects").await;
    click_xpath(
        &app,
        "//*[@id='projects-table']//a[contains(., 'Mehrsprachige Ausbildungsbörse')]",
    )
    .await;
    let events = app
        .wait_for_text("#project-events", "mit dem Projekt verknüpft")
        .await;
    assert!(
        events.contains("Mehrsprachige Ausbildungsbörse 2026"),
        "{events}"
    );
    assert!(app
        .text("#project-workshops")
        .await
        .contains("Noch keine Workshops"));
    app.stop().await;
}

/// The Moroccan association, member of an Arbeitskreis, with Amina El
/// Idrissi and Youssef Benali as contacts, and a meeting on 6 October 2026
/// recorded as before schema 10: one person of the association came,
/// Amina. Returns the meeting's id.
fn older_named_record(data_dir: &std::path::Path) -> i64 {
    use kiz::organisations::{
        self, Attendance, ContactInput, MeetingInput, OrganisationInput, RoleInput,
    };
    let when = chrono::NaiveDate::from_ymd_opt(2026, 1, 5)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .unwrap();
    std::fs::create_dir_all(data_dir).unwrap();
    let mut db = kiz::Db::open(&data_dir.join("kiz-desk.sqlite")).unwrap();
    let moroccans = organisations::create_organisation(
        &mut db,
        &OrganisationInput {
            name: "Marokkanischer Kulturverein Sankt Augustin".into(),
            municipality: "Sankt Augustin".into(),
            ..OrganisationInput::default()
        },
        when,
    )
    .unwrap()
    .id;
    let mut contact = |name: &str| {
        organisations::create_contact(
            &mut db,
            &ContactInput {
                name: name.into(),
                ..ContactInput::default()
            },
            Some(&RoleInput {
                organisation_id: moroccans,
                role: "Vorstand".into(),
                started_on: when.date().checked_sub_days(chrono::Days::new(400)),
                ended_on: None,
            }),
            when,
        )
        .unwrap()
        .id
    };
    let amina = contact("Amina El Idrissi");
    contact("Youssef Benali");
    let group = organisations::create_working_group(&mut db, "Arbeitskreis MSO", "", when).unwrap();
    organisations::join(&mut db, group, moroccans, when.date()).unwrap();
    let meeting = organisations::save_meeting(
        &mut db,
        group,
        None,
        &MeetingInput {
            starts_at: chrono::NaiveDate::from_ymd_opt(2026, 10, 6)
                .and_then(|d| d.and_hms_opt(18, 0, 0)),
            place: "Kreishaus".into(),
            ..MeetingInput::default()
        },
        when,
        "BUERO-1",
    )
    .unwrap();
    organisations::set_attendance(
        &mut db,
        meeting,
        &[Attendance {
            organisation_id: moroccans,
            present: true,
            persons: 1,
            contact_id: Some(amina),
            ..Attendance::default()
        }],
    )
    .unwrap();
    meeting
}

#[tokio::test]
async fn ticking_a_second_person_keeps_the_one_an_older_record_named() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    let meeting = older_named_record(&data_dir);
    let app = App::start_in("arbeitskreis-older-named", &data_dir, &[NOW]).await;
    let page = format!("#/organisations/meeting/{meeting}");
    app.open(&page).await;
    app.wait_for("#attendance-table").await;
    assert_eq!(
        ticked(&app, "Amina El Idrissi").await,
        "anwesend",
        "the older record says Amina came"
    );
    assert!(
        !app.text("#attendance-table").await.contains("ohne Namen"),
        "Amina is named, nobody is counted without a name"
    );
    // Youssef came too.
    tick(&app, "Youssef Benali", "anwesend").await;
    save_attendance(&app).await;
    assert_eq!(ticked(&app, "Amina El Idrissi").await, "anwesend");
    assert_eq!(ticked(&app, "Youssef Benali").await, "anwesend");
    app.wait_for_text(
        "#attendance-summary",
        "Marokkanischer Kulturverein Sankt Augustin (2)",
    )
    .await;
    show(&app, "#attendance-table").await;
    app.screenshot("both").await;
    // Unticking Youssef keeps Amina.
    tick(&app, "Youssef Benali", "nicht_erschienen").await;
    save_attendance(&app).await;
    assert_eq!(ticked(&app, "Amina El Idrissi").await, "anwesend");
    app.wait_for_text(
        "#attendance-summary",
        "Marokkanischer Kulturverein Sankt Augustin (1)",
    )
    .await;

    // In English: ticking Youssef again keeps Amina; unticking her keeps him.
    app.switch_to_english().await;
    app.open(&page).await;
    app.wait_for_text("#attendance-table", "did not come").await;
    tick(&app, "Youssef Benali", "anwesend").await;
    save_attendance_saying(&app, "Attendance saved").await;
    assert_eq!(ticked(&app, "Amina El Idrissi").await, "anwesend");
    app.wait_for_text(
        "#attendance-summary",
        "Organisations present (persons): Marokkanischer Kulturverein Sankt Augustin (2)",
    )
    .await;
    tick(&app, "Amina El Idrissi", "nicht_erschienen").await;
    save_attendance_saying(&app, "Attendance saved").await;
    assert_eq!(ticked(&app, "Youssef Benali").await, "anwesend");
    assert_eq!(ticked(&app, "Amina El Idrissi").await, "nicht_erschienen");
    app.wait_for_text(
        "#attendance-summary",
        "Organisations present (persons): Marokkanischer Kulturverein Sankt Augustin (1)",
    )
    .await;
    show(&app, "#attendance-table").await;
    app.screenshot("english").await;
    app.stop().await;
}
