//! Einstellungen → Datenbank in the real window, against the throwaway
//! PostgreSQL cluster that `cargo xtask test` runs every test in
//! (`xtask/src/test_server.rs`: `PGHOST`, `PGPORT`, `PGUSER`,
//! `PGPASSWORD`, and `KIZ_TEST_SERVER_CA` for the CA that signed its
//! certificate): the section says where the data is, and "Verbindung
//! testen" names what is wrong in German or what the database holds.

use std::path::Path;
use std::process::Command;

use crate::harness::{self, keys, App};
use kiz::db::server::{Server, ServerSettings, LATEST_SERVER_VERSION};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!(
            "{name} is not set: this test needs the PostgreSQL test cluster that \
             `cargo xtask test` starts (pg_virtualenv)"
        )
    })
}

/// Runs `sql` with psql as the cluster's superuser in `database`; what it
/// printed, unaligned and without headers.
fn psql(database: &str, sql: &str) -> String {
    let out = Command::new("psql")
        .args(["-X", "-q", "-t", "-A", "-d", database, "-c", sql])
        .output()
        .expect("psql runs (package postgresql-client)");
    assert!(
        out.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// A new, empty database of this name on the test cluster (dropped first
/// if a run before left it), made with psql as the cluster's superuser.
fn fresh_database(name: &str) {
    psql(
        "postgres",
        &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    );
    psql("postgres", &format!("CREATE DATABASE {name}"));
}

/// Types the cluster's connection into the form, with `password`.
async fn fill_connection(app: &App, database: &str, password: &str) {
    app.fill("#field-server_host", &env("PGHOST")).await;
    app.fill("#field-server_port", &env("PGPORT")).await;
    app.fill("#field-server_database", database).await;
    app.fill("#field-server_role", &env("PGUSER")).await;
    app.fill("#field-server_password", password).await;
}

/// Clicks "Verbindung testen" and waits for its answer.
async fn test_connection(app: &App, expected: &str) -> String {
    app.click("#test-connection").await;
    app.wait_for("#server-form:not([aria-busy])").await;
    app.wait_for_text("#connection-result", expected).await
}

#[tokio::test]
async fn the_database_section_says_the_data_is_here_and_the_connection_test_names_what_is_wrong() {
    fresh_database("kiz_e2e_connection");
    let ca = env("KIZ_TEST_SERVER_CA");
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    let app = App::start_in(
        "database-connection",
        &data_dir,
        &[("KIZ_TEST_PICK_FILE", ca.as_str())],
    )
    .await;
    app.go_to("settings").await;
    app.wait_for_text("#database-where", "Diese Datenbank liegt auf diesem PC.")
        .await;
    let file = app.text("#database-file").await;
    assert!(
        Path::new(&file).starts_with(&data_dir),
        "the file in the data folder: {file}"
    );

    // Nothing typed: the server is named as missing, next to its field.
    test_connection(&app, "Bitte füllen Sie dieses Feld aus.").await;
    app.wait_for("#connection-result.failed").await;
    app.wait_for("[data-field='server_host'].has-error").await;

    // A port that is no port.
    fill_connection(&app, "kiz_e2e_connection", &env("PGPASSWORD")).await;
    app.fill("#field-server_port", "54 32").await;
    let text = test_connection(&app, "ist keine Portnummer").await;
    assert!(text.contains("„54 32“"), "{text}");
    app.wait_for("#field-server_port[aria-invalid='true']")
        .await;
    app.fill("#field-server_port", &env("PGPORT")).await;

    // Without the CA, the test cluster's certificate is not trusted.
    test_connection(&app, "wird nicht vertraut").await;
    app.wait_for("#connection-result.failed").await;

    // The CA picked with "Datei wählen …"; a wrong password.
    app.click("#pick-ca-file").await;
    let picked = async {
        for _ in 0..100 {
            if app.value("#field-server_ca_file").await == ca {
                return true;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        false
    };
    assert!(picked.await, "the picked CA file fills the field");
    app.fill("#field-server_password", "falsch").await;
    let text = test_connection(&app, "hat die Anmeldung als").await;
    assert!(
        text.contains(&format!("„{}“ abgelehnt", env("PGUSER"))),
        "{text}"
    );
    app.wait_for("#field-server_password[aria-invalid='true']")
        .await;

    // A database that is not there.
    app.fill("#field-server_password", &env("PGPASSWORD")).await;
    app.fill("#field-server_database", "kiz_e2e_nicht_da").await;
    test_connection(&app, "keine Datenbank „kiz_e2e_nicht_da“").await;

    // Everything right: an empty database, ready for the data.
    app.fill("#field-server_database", "kiz_e2e_connection")
        .await;
    let text = test_connection(&app, "Verbindung in Ordnung").await;
    assert!(
        text.contains("die Datenbank ist leer"),
        "an empty database: {text}"
    );
    // The last answer replaces the earlier one, marks included.
    app.wait_for("#connection-result.ok").await;
    assert_eq!(app.count("#connection-result.failed").await, 0);
    assert_eq!(app.count("#server-form .has-error").await, 0);
    show_section(&app).await;
    app.screenshot("ok").await;
    app.stop().await;

    // The password was only used for the test: it is in no file of the
    // data folder, nor in the log.
    assert_password_in_no_file(&data_dir);
}

/// The cluster's password is in no file under `dir` (the log included).
fn assert_password_in_no_file(dir: &Path) {
    let password = env("PGPASSWORD");
    for entry in walk(dir) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert!(
            !bytes
                .windows(password.len())
                .any(|w| w == password.as_bytes()),
            "the password is in {}",
            entry.display()
        );
    }
}

/// Starts the app with `policy` as the policy file beside the executable.
async fn start_with_policy(test: &str, data_dir: &Path, policy: &Path) -> App {
    let policy = policy.to_str().expect("a UTF-8 path");
    App::start_in(test, data_dir, &[("KIZ_TEST_UPDATE_POLICY", policy)]).await
}

/// Scrolls the section's heading to the top (for the screenshots).
async fn show_section(app: &App) {
    app.client
        .execute(
            "document.getElementById('database-title').scrollIntoView({ block: 'start' })",
            vec![],
        )
        .await
        .expect("scrolled");
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test]
async fn the_server_it_names_in_the_policy_file_is_shown_fixed_and_tested_as_it_stands() {
    fresh_database("kiz_e2e_policy");
    let ca = env("KIZ_TEST_SERVER_CA");
    let port: u16 = env("PGPORT").parse().expect("a port");
    // A database a KIZ Desk already set up (at this build's version).
    let settings = ServerSettings {
        host: env("PGHOST"),
        port,
        database: "kiz_e2e_policy".into(),
        role: env("PGUSER"),
        ca_file: Some(ca.clone().into()),
    };
    // The synchronous client runs its own runtime: not on this test's.
    let password = env("PGPASSWORD");
    std::thread::spawn(move || {
        Server::connect(&settings, &password)
            .expect("the test cluster")
            .migrate()
            .expect("set up");
    })
    .join()
    .expect("the database set up");

    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    let policy = folder.path().join("kiz-desk-policy.toml");
    std::fs::write(
        &policy,
        format!(
            "[database]\nhost = \"{}\"\nport = {port}\ndatabase = \"kiz_e2e_policy\"\nrole = \"{}\"\nca_file = '{ca}'\n",
            env("PGHOST"),
            env("PGUSER"),
        ),
    )
    .expect("policy written");
    let app = start_with_policy("database-policy", &data_dir, &policy).await;
    app.go_to("settings").await;
    let text = app
        .wait_for_text("#database-policy", "kiz_e2e_policy")
        .await;
    assert!(
        text.contains(&format!(
            "{}:{port}/kiz_e2e_policy mit der Anmelderolle „{}“",
            env("PGHOST"),
            env("PGUSER")
        )),
        "{text}"
    );
    // Still this PC's file: the policy names a server, it does not switch.
    app.wait_for_text("#database-where", "auf diesem PC").await;
    assert_eq!(app.value("#field-server_ca_file").await, ca);
    assert_eq!(app.value("#field-server_port").await, port.to_string());
    for field in ["host", "port", "database", "role", "ca_file"] {
        app.wait_for(&format!("#field-server_{field}[readonly]"))
            .await;
    }
    app.wait_for("#pick-ca-file[disabled]").await;
    app.fill("#field-server_password", &env("PGPASSWORD")).await;
    let text = test_connection(&app, "Verbindung in Ordnung").await;
    assert!(
        text.contains(&format!(
            "eine Datenbank von KIZ Desk (Version {LATEST_SERVER_VERSION})"
        )),
        "{text}"
    );
    show_section(&app).await;
    app.screenshot("policy").await;
    app.stop().await;

    // A [database] table IT mistyped is named, not taken as "no server".
    std::fs::write(&policy, "[database]\nhots = \"kiz-db\"\n").expect("policy written");
    let app = start_with_policy("database-policy-broken", &data_dir, &policy).await;
    app.go_to("settings").await;
    let text = app
        .wait_for_text("#database-policy-error", "Richtlinien-Datei der IT")
        .await;
    assert!(text.contains("kiz-desk-policy.toml"), "{text}");
    assert_eq!(app.value("#field-server_host").await, "");
    app.stop().await;
}

/// A Secret Service of the test's own, as a PC's session has one: a D-Bus
/// session bus and gnome-keyring's secrets component, unlocked, keeping
/// its keyring under `home`. The app finds it through
/// `DBUS_SESSION_BUS_ADDRESS`; both end when this is dropped.
struct SecretService {
    address: String,
    bus_pid: String,
    _home: tempfile::TempDir,
}

impl SecretService {
    fn start() -> SecretService {
        let home = tempfile::tempdir().expect("a home for the keyring");
        let out = Command::new("dbus-daemon")
            .args(["--session", "--fork", "--print-address=1", "--print-pid=1"])
            .output()
            .expect("dbus-daemon runs (package dbus)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut lines = text.lines();
        let address = lines.next().expect("the bus address").to_owned();
        let bus_pid = lines.next().expect("the bus's pid").trim().to_owned();
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--unlock", "--components=secrets"])
            .env("HOME", home.path())
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon runs (package gnome-keyring)");
        {
            use std::io::Write;
            let mut stdin = keyring.stdin.take().expect("its input");
            stdin.write_all(b"kiz-test").expect("unlocked");
        }
        assert!(keyring.wait().expect("started").success());
        SecretService {
            address,
            bus_pid,
            _home: home,
        }
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        // gnome-keyring-daemon ends with its bus.
        let _ = Command::new("kill").arg(&self.bus_pid).status();
    }
}

/// The throwaway cluster the tests run in (`pg_virtualenv`), to stop and
/// start in the middle of a test; started again when dropped, so a failed
/// test leaves it running for the next.
struct TestCluster {
    version: String,
    name: String,
}

impl TestCluster {
    /// The cluster on `PGPORT`, as `pg_lsclusters` lists it.
    fn find() -> TestCluster {
        let out = Command::new("pg_lsclusters")
            .arg("-h")
            .output()
            .expect("pg_lsclusters runs (package postgresql-common)");
        let port = env("PGPORT");
        let list = String::from_utf8_lossy(&out.stdout).into_owned();
        let line = list
            .lines()
            .find(|l| l.split_whitespace().nth(2) == Some(port.as_str()))
            .unwrap_or_else(|| panic!("no cluster on port {port}: {list}"));
        let mut fields = line.split_whitespace();
        TestCluster {
            version: fields.next().expect("version").to_owned(),
            name: fields.next().expect("name").to_owned(),
        }
    }

    /// `pg_ctlcluster <action>`; a stop ends the sessions at once, as a
    /// server shutting down for an update does.
    fn control(&self, action: &str) -> bool {
        let mut cmd = Command::new("pg_ctlcluster");
        cmd.args([&self.version, &self.name, action]);
        if action == "stop" {
            cmd.args(["-m", "fast"]);
        }
        cmd.status().is_ok_and(|s| s.success())
    }

    fn stop(&self) {
        assert!(self.control("stop"), "pg_ctlcluster stop");
    }

    fn start(&self) {
        assert!(self.control("start"), "pg_ctlcluster start");
    }
}

impl Drop for TestCluster {
    fn drop(&mut self) {
        // Already running after `start`: the second start only fails.
        let _ = self.control("start");
    }
}

/// Waits until nothing matches `css` any more.
async fn gone(app: &App, css: &str) {
    for _ in 0..200 {
        if app.count(css).await == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{css} is still there after 20 s");
}

/// Fills the connection form with the test cluster and its CA.
async fn fill_cluster(app: &App, database: &str) {
    fill_connection(app, database, &env("PGPASSWORD")).await;
    app.fill("#field-server_ca_file", &env("KIZ_TEST_SERVER_CA"))
        .await;
}

/// Opens the check-in page of the demo fair's workshop titled `workshop`.
async fn open_checkin(app: &App, workshop: &str) {
    open_workshop(app, workshop).await;
    app.click("#open-checkin").await;
    app.wait_for("#checkin-table tbody tr").await;
}

/// Opens the page of the demo fair's workshop titled `workshop`.
async fn open_workshop(app: &App, workshop: &str) {
    app.go_to("events").await;
    app.wait_for_text("#events-table", "Mehrsprachige Ausbildungsbörse 2026")
        .await;
    app.click("#events-table a").await;
    app.wait_for_text("#workshops-table", workshop).await;
    app.client
        .find(fantoccini::Locator::XPath(&format!(
            "//*[@id='workshops-table']//a[contains(., '{workshop}')]"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_for_text("h1", workshop).await;
    app.wait_for("#registrations-table tbody tr").await;
}

/// Clicks `button` (move or connect), confirms, and waits for the answer.
async fn switch(app: &App, button: &str, expected: &str) -> String {
    app.click(button).await;
    app.click("#dialog-confirm").await;
    app.wait_for("#server-form:not([aria-busy])").await;
    app.wait_for_text("#connection-result", expected).await
}

/// The availability ("im Regal / Exemplare") of the catalogue's first row,
/// once that row is the medium titled `title`.
async fn shelf(app: &App, title: &str) -> String {
    // The row and its figures are read in one script: the list may draw
    // the row again between two reads (the search runs as words are typed).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let read = app
            .client
            .execute(
                "const row = document.querySelector('#media-table tbody tr:first-child');
                 const cell = row && row.querySelector('td.number');
                 return row && cell ? [row.textContent, cell.textContent] : ['', ''];",
                vec![],
            )
            .await
            .expect("the first row");
        let (row, cell) = (
            read[0].as_str().unwrap_or_default(),
            read[1].as_str().unwrap_or_default().trim(),
        );
        if row.contains(title) && cell.contains(" / ") {
            return cell.to_owned();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the first row should be {title:?} with its copies, shows {row:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn two_pcs_share_one_server_the_first_moves_its_data_the_second_sees_its_checkout() {
    fresh_database("kiz_e2e_shared");
    let secrets = SecretService::start();
    let bus = ("DBUS_SESSION_BUS_ADDRESS", secrets.address.as_str());
    let now = ("KIZ_NOW", "2026-11-12T09:30:00");
    let server = format!("{}:{}/kiz_e2e_shared", env("PGHOST"), env("PGPORT"));

    // The desk's PC holds the data (the demo) and moves it to the server.
    let desk_folder = harness::data_folder();
    let desk_dir = desk_folder.path().join("data");
    // Each PC saves under its own name (Windows' COMPUTERNAME, which the
    // app reads first on Linux too).
    let desk_pc = ("COMPUTERNAME", "THEKE");
    let office_pc = ("COMPUTERNAME", "BUERO-2");
    let desk = App::start_in(
        "shared-desk",
        &desk_dir,
        &[("KIZ_DEMO", "1"), now, bus, desk_pc],
    )
    .await;
    desk.go_to("settings").await;
    desk.wait_for_text("#database-where", "auf diesem PC").await;
    fill_cluster(&desk, "kiz_e2e_shared").await;
    // Connecting to a database that holds nothing yet is refused: the
    // data would be missing.
    switch(&desk, "#connect-to-server", "ist noch leer").await;
    desk.wait_for("#connection-result.failed").await;
    let moved = switch(&desk, "#move-to-server", "Übertragen und geprüft").await;
    assert!(moved.contains(&server), "{moved}");
    desk.wait_for_text(
        "#database-where",
        &format!("Gemeinsame Datenbank auf {server}"),
    )
    .await;
    show_section(&desk).await;
    desk.screenshot("moved").await;
    // Moving again is not offered; the file stays as the backup.
    assert_eq!(desk.count("#move-to-server").await, 0);
    assert!(desk_dir.join("kiz-desk.sqlite").exists());
    assert!(desk_dir.join("datenbank.toml").exists());

    // The office PC starts empty and joins; a second move is refused.
    let office_folder = harness::data_folder();
    let office_dir = office_folder.path().join("data");
    let office = App::start_in("shared-office", &office_dir, &[now, bus, office_pc]).await;
    office.go_to("settings").await;
    fill_cluster(&office, "kiz_e2e_shared").await;
    switch(&office, "#move-to-server", "enthält schon Tabellen").await;
    let joined = switch(&office, "#connect-to-server", "arbeitet jetzt mit").await;
    assert!(joined.contains(&server), "{joined}");

    // The office sees the desk's catalogue: "Schritte plus Neu 1" (found
    // by the Inventarnummer of one of its copies) with copies on the shelf.
    office.go_to("catalogue").await;
    office.fill("#media-search", "KI-M-000001").await;
    let before = shelf(&office, "Schritte plus Neu 1").await;
    let (on_shelf, copies) = before
        .split_once(" / ")
        .map(|(a, b)| {
            (
                a.trim().parse::<u32>().expect("a count"),
                b.trim().to_owned(),
            )
        })
        .expect("available / copies");
    assert!(on_shelf > 0, "{before}");

    // A checkout at the desk ...
    // (The office's window has the focus of the screen now: the desk's
    // scan field is the page's focused element, which `:focus` does not
    // match in a window in the background.)
    // The desk finds the borrower by a typed name, on the server.
    desk.go_to("desk").await;
    desk.click("#scan").await;
    desk.press("fatima").await;
    desk.wait_for_text("#scan-suggestions", "Fatima Al-Zahra")
        .await;
    desk.press(keys::ARROW_DOWN).await;
    desk.press(keys::ENTER).await;
    desk.wait_for_text("#panel-name", "Fatima Al-Zahra").await;
    desk.click("#scan").await;
    let lent_at = std::time::Instant::now();
    desk.scan("KI-M-000001").await;
    desk.wait_for_text(
        "#session-table tr[data-barcode='KI-M-000001']",
        "Schritte plus Neu 1",
    )
    .await;
    // ... reaches the office's open list without a reload.
    office.wait_for("html[data-changes-told]").await;
    let after = format!("{} / {copies}", on_shelf - 1);
    office
        .wait_for_text("#media-table tbody tr:first-child td.number", &after)
        .await;
    eprintln!(
        "the checkout reached the other window's catalogue {} ms after the scan",
        lent_at.elapsed().as_millis()
    );
    office.screenshot("live").await;

    // The server stops (an update of the server, a lost network) and
    // starts again: both windows show the banner; the desk books no scan
    // meanwhile and says so; once the server is back, the banner goes,
    // the desk lends again, and nothing stored before the stop is lost.
    let cluster = TestCluster::find();
    cluster.stop();
    office.wait_for("#server-lost").await;
    desk.wait_for("#server-lost").await;
    desk.click("#scan").await;
    desk.scan("KI-M-000013").await;
    desk.wait_for_text(
        "#scan-feedback.feedback-error",
        "„KI-M-000013“ wurde nicht gebucht",
    )
    .await;
    desk.screenshot("server-lost").await;
    cluster.start();
    gone(&office, "#server-lost").await;
    gone(&desk, "#server-lost").await;
    desk.click("#scan").await;
    desk.scan("KI-M-000013").await;
    desk.wait_for_text(
        "#session-table tr[data-barcode='KI-M-000013']",
        "Linie 1 A1",
    )
    .await;
    // The loan slip prints from the server: both items of the session.
    desk.click("#print-slip").await;
    let slip = harness::pdf_text(&desk.wait_for_printed("Ausleihbeleg_KI-A-000008").await);
    for shown in ["Fatima Al-Zahra", "Schritte plus Neu 1", "Linie 1 A1"] {
        assert!(slip.contains(shown), "the slip shows {shown}: {slip}");
    }
    office.fill("#media-search", "").await;
    office.fill("#media-search", "KI-M-000001").await;
    shelf(&office, "Schritte plus Neu 1").await;
    office
        .wait_for_text("#media-table tbody tr:first-child td.number", &after)
        .await;

    // Pages that follow the other PC: the desk has Fatima's panel open
    // while the office corrects her name; the office has the page of
    // "Linie 1 A1" open while the desk takes its copy back.
    office.go_to("borrowers").await;
    office
        .search_and_open("#borrower-search", "#borrower-table", "fatima")
        .await;
    office.wait_for("#borrower-form #field-name").await;
    office.fill("#field-name", "Fatima Al-Zahra Nour").await;
    office.click("#save-borrower").await;
    office
        .wait_for_text("#toasts", "Fatima Al-Zahra Nour")
        .await;
    desk.wait_for_text("#panel-name", "Fatima Al-Zahra Nour")
        .await;
    office.go_to("catalogue").await;
    office
        .search_and_open("#media-search", "#media-table", "KI-M-000013")
        .await;
    let copy = "#copies-table tr[data-barcode='KI-M-000013'] .status";
    office.wait_for_text(copy, "ausgeliehen").await;
    desk.press(keys::F3).await;
    desk.wait_for("#mode-return[aria-pressed='true']").await;
    desk.click("#scan").await;
    desk.scan("KI-M-000013").await;
    desk.wait_for_text("#session-table", "Linie 1 A1").await;
    office.wait_for_text(copy, "verfügbar").await;
    office.go_to("catalogue").await;

    // Both PCs open the form of "Schritte plus Neu 1". The desk saves
    // first; the office's save is refused and says who saved when, and
    // stores nothing; "Neu laden" shows the desk's title, and the office
    // saves over that.
    office
        .search_and_open("#media-search", "#media-table", "KI-M-000001")
        .await;
    office.wait_for("#medium-form #field-title").await;
    desk.go_to("catalogue").await;
    desk.search_and_open("#media-search", "#media-table", "KI-M-000001")
        .await;
    desk.wait_for("#medium-form #field-title").await;
    desk.fill("#field-title", "Schritte plus Neu 1 (Kursbuch)")
        .await;
    desk.click("#save-medium").await;
    desk.wait_for_text(
        "#toasts",
        "„Schritte plus Neu 1 (Kursbuch)“ wurde gespeichert",
    )
    .await;
    office
        .fill("#field-title", "Schritte plus Neu 1 – Büro")
        .await;
    office.click("#save-medium").await;
    office
        .wait_for_text(
            "#medium-form .save-conflict",
            "an einem anderen Arbeitsplatz gespeichert (THEKE, 12.11.2026, 09:30)",
        )
        .await;
    office.screenshot("saved-meanwhile").await;
    assert_eq!(
        office.value("#field-title").await,
        "Schritte plus Neu 1 – Büro",
        "what the office typed stays until it reloads"
    );
    office
        .click("#medium-form [data-action='reload-record']")
        .await;
    gone(&office, "#medium-form .save-conflict").await;
    assert_eq!(
        office.value("#field-title").await,
        "Schritte plus Neu 1 (Kursbuch)",
        "the reload shows what the desk stored"
    );
    office.fill("#field-title", "Schritte plus Neu 1").await;
    office.click("#save-medium").await;
    office
        .wait_for_text("#toasts", "„Schritte plus Neu 1“ wurde gespeichert")
        .await;
    assert_eq!(office.count("#medium-form .save-conflict").await, 0);

    // Ausleihende on the server: found without the diacritics.
    office.go_to("borrowers").await;
    office.fill("#borrower-search", "sukru").await;
    office
        .wait_for_text("#borrower-table tbody", "Şükrü Yılmaz")
        .await;
    assert_eq!(office.count("#borrower-table tbody tr").await, 1);
    // A click on a header sorts and keeps the sort, on the server too.
    // (By name, Aïssatou Diallo comes first of those with an e-mail at
    // example.org; by Ausweisnummer, Anna Schmidt.)
    office.fill("#borrower-search", "example").await;
    office
        .wait_for_text("#borrower-table tbody tr:first-child", "Aïssatou Diallo")
        .await;
    office
        .click("#borrower-table th[data-sort='card_number'] button")
        .await;
    office
        .wait_for("#borrower-table th[data-sort='card_number'][aria-sort='ascending']")
        .await;
    office
        .wait_for_text("#borrower-table tbody tr:first-child", "KI-A-000001")
        .await;
    assert_eq!(office.count("#toasts .toast-error").await, 0);
    // The desk renames Anna in her form; the office's open list shows the
    // new name by itself.
    desk.go_to("borrowers").await;
    desk.search_and_open("#borrower-search", "#borrower-table", "anna schmidt")
        .await;
    desk.wait_for("#borrower-form #field-name").await;
    desk.wait_for_text("#borrower-reminders", "").await;
    desk.fill("#field-name", "Anna Schmidt-Berg").await;
    desk.click("#save-borrower").await;
    desk.wait_for_text("#toasts", "Anna Schmidt-Berg").await;
    office
        .wait_for_text("#borrower-table tbody tr:first-child", "Anna Schmidt-Berg")
        .await;
    assert_eq!(
        desk.count("#borrower-reminders .field-error").await,
        0,
        "the borrower's page reads its letters from the server"
    );

    // Data protection for one person, on the server: the access report
    // says that IT backs the shared database up; erasure takes her out of
    // the list on both PCs.
    office
        .search_and_open("#borrower-search", "#borrower-table", "Schmidt-Berg")
        .await;
    office.wait_for("#person-actions").await;
    office
        .wait_for("#report-candidates[aria-busy='false']")
        .await;
    office.click("#access-report").await;
    let report = harness::pdf_text(&office.wait_for_printed("Auskunft_").await);
    for shown in ["Anna Schmidt-Berg", "KI-A-000001", "den die IT"] {
        assert!(report.contains(shown), "the report shows {shown}: {report}");
    }
    office.click("#toasts .toast-close").await;
    office.click("#erase-person").await;
    office
        .fill("#app-dialog[open] #erase-staff", "A. Becker")
        .await;
    office.click("#dialog-confirm").await;
    office
        .wait_for_text("#toasts", "Die Person ist gelöscht")
        .await;
    desk.go_to("borrowers").await;
    desk.fill("#borrower-search", "schmidt").await;
    desk.wait_for("#borrower-table[aria-busy='false']").await;
    assert!(
        !desk.text("#borrower-table").await.contains("Anna Schmidt"),
        "erased on the server, gone at the desk too"
    );

    // Datenschutz on the server names where the data lives and that IT
    // backs it up; its calendar, rules and log are the server's, and
    // saving the rules stores them there.
    office.go_to("settings").await;
    office.click("#open-privacy").await;
    office
        .wait_for_text(
            "#privacy-where",
            &format!("in der gemeinsamen Datenbank {server} auf dem Server"),
        )
        .await;
    office
        .wait_for_text("#privacy-backups", "sichert die IT des Servers")
        .await;
    office.wait_for_text("#deletion-log", "A. Becker").await;
    office.fill("#field-participant_days", "60").await;
    office.click("#save-retention").await;
    office
        .wait_for_text("#toasts", "Die Aufbewahrungsregeln sind gespeichert")
        .await;
    office.screenshot("privacy-on-server").await;
    desk.go_to("settings").await;
    desk.click("#open-privacy").await;
    desk.wait_for("#field-participant_days").await;
    assert_eq!(
        desk.value("#field-participant_days").await,
        "60",
        "the other PC reads the rule from the server"
    );
    // Both have the page open; the office's next save of the rules shows
    // on the desk's page by itself (nothing typed there).
    office.fill("#field-participant_days", "75").await;
    office.click("#save-retention").await;
    desk.wait_for_value("#field-participant_days", "75").await;

    // The fair on the server: two laptops at the door of the busiest
    // workshop (the office's and the desk's). The office ticks someone
    // present; the desk's open list shows it without a reload. Then the
    // office prints the participant list from the server.
    open_checkin(&office, "Vorstellungsgespräch üben").await;
    open_checkin(&desk, "Vorstellungsgespräch üben").await;
    let door = "#checkin-table tbody tr[data-status='angemeldet']";
    let name = office.text(&format!("{door} td.strong")).await;
    let present = |text: &str| -> u32 {
        text.split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a count: {text}"))
    };
    let before = present(&office.text("#checkin-count").await);
    office
        .click(&format!("{door} button[data-action='present']"))
        .await;
    office
        .wait_for_text("#toasts", &format!("{name} ist anwesend"))
        .await;
    office
        .wait_for_text_where("#checkin-count", "one more present", |text| {
            present(text) == before + 1
        })
        .await;
    desk.wait_for_text_where("#checkin-table tbody", "the office's tick", |text| {
        // The person's row: name, school, status, and its button:
        // "Zurücknehmen" once present, "Anwesend" or "Aufnehmen" before.
        let rest = text.split_once(name.as_str()).map_or("", |(_, rest)| rest);
        let button = ["Anwesend", "Aufnehmen"]
            .iter()
            .filter_map(|b| rest.find(b))
            .min();
        rest.find("Zurücknehmen")
            .is_some_and(|undo| button.is_none_or(|tick| undo < tick))
    })
    .await;
    desk.wait_for_text_where("#checkin-count", "the same count", |text| {
        present(text) == before + 1
    })
    .await;
    office.screenshot("checkin-on-server").await;
    office.click("#back-to-workshop").await;
    // The office's workshop page follows the door: the desk ticks the
    // next person present, and the office's figure counts them by itself.
    let present_figure = "#workshop-figures .figure:nth-child(3) .figure-value";
    office
        .wait_for_text_where(present_figure, "the office's tick", |text| {
            text.trim().parse::<u32>().ok() == Some(before + 1)
        })
        .await;
    let next = desk.text(&format!("{door} td.strong")).await;
    desk.click(&format!("{door} button[data-action='present']"))
        .await;
    desk.wait_for_text("#toasts", &format!("{next} ist anwesend"))
        .await;
    office
        .wait_for_text_where(present_figure, "the desk's tick", |text| {
            text.trim().parse::<u32>().ok() == Some(before + 2)
        })
        .await;
    office.screenshot("workshop-live").await;
    office.click("#print-list").await;
    let list = harness::pdf_text(
        &office
            .wait_for_printed("Teilnehmerliste_Vorstellungsgespräch")
            .await,
    );
    assert!(list.contains(&name), "{name} is on the list: {list}");

    // Both PCs open the workshop's form; the desk saves first, the
    // office's save is refused naming the desk, and "Neu laden" shows
    // what the desk stored.
    office.click("#edit-workshop").await;
    desk.click("#back-to-workshop").await;
    desk.click("#edit-workshop").await;
    desk.wait_for("#field-target_group").await;
    office.wait_for("#field-target_group").await;
    desk.fill("#field-target_group", "Klasse 9 und 10").await;
    desk.click("#save-workshop").await;
    desk.wait_for_text("h1", "Vorstellungsgespräch üben").await;
    office.fill("#field-target_group", "Klasse 10").await;
    office.click("#save-workshop").await;
    office
        .wait_for_text(
            ".save-conflict",
            "an einem anderen Arbeitsplatz gespeichert (THEKE",
        )
        .await;
    office
        .click(".save-conflict [data-action='reload-record']")
        .await;
    gone(&office, ".save-conflict").await;
    office.wait_for("#field-target_group").await;
    assert_eq!(
        office.value("#field-target_group").await,
        "Klasse 9 und 10",
        "the reload shows what the desk stored"
    );

    // A participant's page follows too: both open the page of someone
    // registered for the workshop; the desk corrects the school, and the
    // office's page (nothing typed on it) shows the correction by itself.
    let person = "#registrations-table tbody tr:is([data-status='angemeldet'], [data-status='teilgenommen']) a";
    desk.wait_for(person).await;
    let href = desk
        .wait_for(person)
        .await
        .attr("href")
        .await
        .unwrap()
        .expect("a link to the person's page");
    // The driver gives the link as a full address: its hash is the href.
    let href = href[href.find('#').expect("a hash route")..].to_owned();
    open_workshop(&office, "Vorstellungsgespräch üben").await;
    for app in [&office, &desk] {
        app.click(&format!("#registrations-table a[href='{href}']"))
            .await;
        app.wait_for("#participant-facts").await;
    }
    desk.click("#edit-participant").await;
    desk.wait_for("#participant-edit-form").await;
    desk.fill("#field-school", "Berufskolleg Siegburg").await;
    desk.click("#save-participant").await;
    desk.wait_for_text("#participant-facts", "Berufskolleg Siegburg")
        .await;
    office
        .wait_for_text("#participant-facts", "Berufskolleg Siegburg")
        .await;

    // The directory on the server. The office finds the Kurdish
    // community by a contact's name typed without diacritics and keeps
    // the list open; the desk renames the organisation, and the office's
    // list shows the new name by itself.
    office.go_to("organisations").await;
    office.fill("#org-search", "rezan").await;
    office
        .wait_for_text("#organisations-table tbody", "Kurdische Gemeinschaft")
        .await;
    desk.go_to("organisations").await;
    desk.search_and_open("#org-search", "#organisations-table", "kurdische")
        .await;
    desk.wait_for("#organisation-form #field-name").await;
    desk.fill("#field-name", "Kurdische Gemeinschaft Rhein-Sieg/Bonn e.V.")
        .await;
    desk.click("#save-organisation").await;
    desk.wait_for_text("#toasts", "e.V.").await;
    office
        .wait_for_text("#organisations-table tbody", "Rhein-Sieg/Bonn e.V.")
        .await;
    office.screenshot("directory-live").await;
    // Both have its page open; the desk adds a timeline note, and the
    // office's page (nothing typed on it) shows the note by itself.
    office
        .search_and_open("#org-search", "#organisations-table", "rezan")
        .await;
    office.wait_for("#organisation-form #field-name").await;
    office.click("#org-tab-notes").await;
    office.wait_for("#field-note").await;
    desk.click("#org-tab-notes").await;
    desk.fill("#field-note", "Vorstand lädt zum Newroz-Fest ein")
        .await;
    desk.click("#add-note").await;
    office.wait_for_text("#timeline", "Newroz-Fest").await;
    // Both correct that note: the office types first, the desk saves;
    // the office's correction from the page it read before is refused
    // naming the desk, and "Neu laden" shows the desk's text.
    let note = psql_count(
        "kiz_e2e_shared",
        "SELECT id FROM organisation_note WHERE text LIKE '%Newroz-Fest%'",
    );
    let field = format!("#field-correct_note_{note}");
    office.click(&format!("[data-correct-note='{note}']")).await;
    office
        .fill(&field, "Vorstand lädt zum Newroz-Fest ein (Büro)")
        .await;
    desk.wait_for_text("#timeline", "Newroz-Fest").await;
    desk.click(&format!("[data-correct-note='{note}']")).await;
    desk.fill(&field, "Vorstand lädt zum Newroz-Fest am 21. März ein")
        .await;
    desk.click(&format!("[data-save-note='{note}']")).await;
    desk.wait_for_text("#toasts", "Notiz korrigiert").await;
    // The office is told, above its page, that the organisation changed
    // elsewhere; its typed text stays. (Waited for before the office
    // saves: the notice moves the page down, and a click while it comes
    // can land beside the button, as in a CI run.)
    office
        .wait_for_text(".changed-elsewhere", "anderen Arbeitsplatz")
        .await;
    office.click(&format!("[data-save-note='{note}']")).await;
    office
        .wait_for_text(
            "form.correct-note .save-conflict",
            "Die Notiz wurde inzwischen an einem anderen Arbeitsplatz gespeichert (THEKE",
        )
        .await;
    office.screenshot("note-saved-meanwhile").await;
    assert_eq!(
        psql_count(
            "kiz_e2e_shared",
            "SELECT count(*) FROM organisation_note WHERE text LIKE '%(Büro)'"
        ),
        0,
        "the refused correction is not stored"
    );
    office
        .click("form.correct-note [data-action='reload-record']")
        .await;
    office
        .wait_for_text(&format!("[data-note='{note}']"), "am 21. März")
        .await;
    // The office types into the organisation's form while the desk
    // saves it: the office's input stays, a notice says that it changed
    // elsewhere, and the office's save from the old version is refused
    // naming the desk, storing nothing; "Neu laden" shows the desk's
    // phone number.
    office.click("#org-tab-overview").await;
    office.wait_for("#organisation-form #field-phone").await;
    office.fill("#field-short_name", "KGRS").await;
    desk.click("#org-tab-overview").await;
    desk.wait_for("#organisation-form #field-phone").await;
    desk.fill("#field-phone", "02241 123456").await;
    desk.click("#save-organisation").await;
    office
        .wait_for_text(".changed-elsewhere", "anderen Arbeitsplatz")
        .await;
    assert_eq!(office.value("#field-short_name").await, "KGRS");
    office.click("#save-organisation").await;
    office
        .wait_for_text(
            ".save-conflict",
            "an einem anderen Arbeitsplatz gespeichert (THEKE",
        )
        .await;
    office.screenshot("organisation-saved-meanwhile").await;
    office
        .click(".save-conflict [data-action='reload-record']")
        .await;
    gone(&office, ".save-conflict").await;
    office.wait_for("#organisation-form #field-phone").await;
    assert_eq!(office.value("#field-phone").await, "02241 123456");
    // The same for an offering: both edit the first one; the desk saves,
    // the office's save is refused naming the desk.
    office.click("#org-tab-offerings").await;
    office.click("[data-edit-offering]").await;
    office.fill("#field-schedule", "montags 17 Uhr").await;
    desk.click("#org-tab-offerings").await;
    desk.click("[data-edit-offering]").await;
    desk.fill("#field-schedule", "dienstags 18 Uhr").await;
    desk.click("#add-offering").await;
    desk.wait_for_text("#offerings-table", "dienstags 18 Uhr")
        .await;
    office
        .wait_for_text(".changed-elsewhere", "anderen Arbeitsplatz")
        .await;
    office.click("#add-offering").await;
    office
        .wait_for_text(
            "#offering-form .save-conflict",
            "an einem anderen Arbeitsplatz gespeichert (THEKE",
        )
        .await;

    // The Arbeitskreis on the server: the office has it open; the desk
    // takes the Greek community in, and the office's member list shows
    // it by itself.
    office.go_to("organisations").await;
    office.click("#tab-arbeitskreis").await;
    office
        .wait_for_text("#group-name", "Arbeitskreis Migrantenorganisationen")
        .await;
    desk.go_to("organisations").await;
    desk.click("#tab-arbeitskreis").await;
    desk.wait_for("#join-organisation").await;
    crate::directory::select_label(&desk, "#join-organisation", "Griechische Gemeinde Bornheim")
        .await;
    desk.click("#join-group").await;
    desk.wait_for_text("#members-table", "Griechische Gemeinde Bornheim")
        .await;
    office
        .wait_for_text("#members-table", "Griechische Gemeinde Bornheim")
        .await;
    // Both open the same meeting and type minutes; the desk saves, the
    // office's save from the old version is refused naming the desk and
    // stores nothing; "Neu laden" shows the desk's minutes.
    for pc in [&office, &desk] {
        pc.click("a[href^='#/organisations/meeting/']").await;
        pc.wait_for("#minutes-form #field-minutes").await;
    }
    office.fill("#field-minutes", "Protokoll vom Büro").await;
    desk.fill("#field-minutes", "Protokoll von der Theke").await;
    desk.click("#save-minutes").await;
    desk.wait_for_text("#toasts", "Gespeichert.").await;
    office.click("#save-minutes").await;
    office
        .wait_for_text(
            "#minutes-form .save-conflict",
            "Das Treffen wurde inzwischen an einem anderen Arbeitsplatz gespeichert (THEKE",
        )
        .await;
    office.screenshot("minutes-saved-meanwhile").await;
    assert_eq!(
        psql_count(
            "kiz_e2e_shared",
            "SELECT count(*) FROM meeting WHERE minutes = 'Protokoll vom Büro'"
        ),
        0,
        "the refused minutes are not stored"
    );
    office
        .click("#minutes-form [data-action='reload-record']")
        .await;
    gone(&office, "#minutes-form .save-conflict").await;
    office
        .wait_for_value("#field-minutes", "Protokoll von der Theke")
        .await;
    // The same for a copy's details.
    let copy_id = psql_count(
        "kiz_e2e_shared",
        "SELECT id FROM copy WHERE barcode = 'KI-M-000002'",
    );
    for pc in [&office, &desk] {
        pc.open(&format!("#/catalogue/copy/{copy_id}")).await;
        pc.wait_for("#copy-edit-form #field-condition").await;
    }
    office.fill("#field-condition", "Seite 12 fehlt").await;
    desk.fill("#field-condition", "Umschlag geklebt").await;
    desk.click("#save-copy").await;
    desk.wait_for_text("#toasts", "Exemplar KI-M-000002 wurde gespeichert")
        .await;
    office.click("#save-copy").await;
    office
        .wait_for_text(
            "#copy-edit-form .save-conflict",
            "Das Exemplar wurde inzwischen an einem anderen Arbeitsplatz gespeichert (THEKE",
        )
        .await;
    office.screenshot("copy-saved-meanwhile").await;
    assert_eq!(
        psql_count(
            "kiz_e2e_shared",
            "SELECT count(*) FROM copy WHERE condition = 'Seite 12 fehlt'"
        ),
        0,
        "the refused details are not stored"
    );
    office
        .click("#copy-edit-form [data-action='reload-record']")
        .await;
    office
        .wait_for_value("#field-condition", "Umschlag geklebt")
        .await;
    // Its status likewise: the office types a reason to withdraw it (so
    // its page is not redrawn), the desk sets it in repair; the office's
    // withdrawal from the page it read before is refused naming the desk.
    office
        .fill("#withdraw-form #field-reason", "Wasserschaden")
        .await;
    desk.click("#set-in-repair").await;
    desk.wait_for_text("#copy-status", "in Reparatur").await;
    office.click("#withdraw-copy").await;
    office
        .wait_for_text(
            "#withdraw-form .save-conflict",
            "Das Exemplar wurde inzwischen an einem anderen Arbeitsplatz gespeichert (THEKE",
        )
        .await;
    office.screenshot("copy-status-saved-meanwhile").await;
    assert_eq!(
        psql_count(
            "kiz_e2e_shared",
            "SELECT count(*) FROM copy WHERE barcode = 'KI-M-000002' AND status = 'in_reparatur'"
        ),
        1,
        "the refused withdrawal changed nothing"
    );
    office
        .click("#withdraw-form [data-action='reload-record']")
        .await;
    office.wait_for_text("#copy-status", "in Reparatur").await;
    office.click("#set-available").await;
    office.wait_for_text("#copy-status", "verfügbar").await;

    // A borrower's block: the office types a reason, the desk blocks the
    // person with its own; the office's block is refused naming the desk,
    // "Neu laden" shows the desk's reason, and the office lifts it.
    let borrower_id = psql_count(
        "kiz_e2e_shared",
        "SELECT min(id) FROM borrower WHERE blocked_reason IS NULL",
    );
    for pc in [&office, &desk] {
        pc.open(&format!("#/borrowers/{borrower_id}")).await;
        pc.wait_for("#block-form #field-blocked_reason").await;
    }
    office
        .fill("#field-blocked_reason", "Ausweis abgelaufen")
        .await;
    desk.fill("#field-blocked_reason", "Karte verloren").await;
    desk.click("#block").await;
    desk.wait_for_text("#blocked-banner", "Karte verloren")
        .await;
    office.click("#block").await;
    office
        .wait_for_text(
            "#block-form .save-conflict",
            "wurde inzwischen an einem anderen Arbeitsplatz gespeichert (THEKE",
        )
        .await;
    office.screenshot("block-saved-meanwhile").await;
    assert_eq!(
        psql_count(
            "kiz_e2e_shared",
            &format!("SELECT count(*) FROM borrower WHERE id = {borrower_id} AND blocked_reason = 'Karte verloren'")
        ),
        1,
        "the desk's block stays"
    );
    office
        .click("#block-form [data-action='reload-record']")
        .await;
    office
        .wait_for_text("#blocked-banner", "Karte verloren")
        .await;
    office.click("#unblock").await;
    gone(&office, "#blocked-banner").await;
    assert_eq!(
        psql_count(
            "kiz_e2e_shared",
            &format!(
                "SELECT count(*) FROM borrower WHERE id = {borrower_id} AND blocked_reason IS NULL"
            )
        ),
        1,
        "lifted from the page read again"
    );

    // The lending rules are the server's: both PCs open them, and the
    // desk starts typing a pickup time. The office changes a loan period;
    // the desk's section keeps what it typed and says that the rules
    // changed elsewhere; its save is refused naming the office, and "Neu
    // laden" shows the office's period. Then, with nothing typed, the
    // desk's section follows the office's next save by itself.
    office.go_to("settings").await;
    office
        .wait_for("#lending-settings #rule-1-ehrenamtlich-days")
        .await;
    desk.go_to("settings").await;
    desk.wait_for("#lending-settings #rule-1-ehrenamtlich-days")
        .await;
    desk.fill("#pickup_days", "9").await;
    office.fill("#rule-1-ehrenamtlich-days", "35").await;
    office.click("#save-lending").await;
    office
        .wait_for_text("#toasts", "Ausleihe-Einstellungen gespeichert")
        .await;
    desk.wait_for("#lending-settings .changed-elsewhere").await;
    desk.click("#save-lending").await;
    desk.wait_for_text(
        "#lending-card .save-conflict",
        "Die Ausleihregelung wurde inzwischen an einem anderen Arbeitsplatz gespeichert (BUERO-2",
    )
    .await;
    assert_eq!(
        desk.value("#pickup_days").await,
        "9",
        "what the desk typed stays until it reloads"
    );
    desk.screenshot("lending-saved-meanwhile").await;
    desk.click("#lending-card [data-action='reload-record']")
        .await;
    gone(&desk, "#lending-card .save-conflict").await;
    gone(&desk, "#lending-settings .changed-elsewhere").await;
    assert_eq!(desk.value("#rule-1-ehrenamtlich-days").await, "35");
    office.fill("#rule-1-ehrenamtlich-days", "36").await;
    office.click("#save-lending").await;
    office
        .wait_for_text("#toasts", "Ausleihe-Einstellungen gespeichert")
        .await;
    desk.wait_for_value("#rule-1-ehrenamtlich-days", "36").await;
    // The institution's details likewise: both have the page open; the
    // desk saves a phone number, the office's save from the page it read
    // before is refused naming the desk and stores nothing.
    office
        .fill("#institution-form #field-phone", "0228 1234")
        .await;
    desk.fill("#institution-form #field-phone", "02241 13-2222")
        .await;
    desk.click("#save-institution").await;
    desk.wait_for_text("#toasts", "Die Angaben der Einrichtung wurden gespeichert")
        .await;
    office.click("#save-institution").await;
    office
        .wait_for_text(
            "#institution-form .save-conflict",
            "Der Briefkopf der Einrichtung wurde inzwischen an einem anderen Arbeitsplatz gespeichert (THEKE",
        )
        .await;
    assert_eq!(
        psql_count(
            "kiz_e2e_shared",
            "SELECT count(*) FROM institution WHERE phone = '0228 1234'"
        ),
        0,
        "the refused details are not stored"
    );
    office.screenshot("institution-saved-meanwhile").await;
    office
        .click("#institution-form [data-action='reload-record']")
        .await;
    office
        .wait_for_value("#institution-form #field-phone", "02241 13-2222")
        .await;
    gone(&office, "#institution-form .save-conflict").await;

    // The Mahnliste on the server: Jürgen Weiß's overdue loan is on it;
    // his letter of yesterday prints again as a Zweitschrift.
    office.go_to("desk").await;
    office.click("#tab-overdue").await;
    office.wait_for_text("#overdue-table", "Jürgen Weiß").await;
    office.go_to("borrowers").await;
    office
        .search_and_open("#borrower-search", "#borrower-table", "Jürgen Weiß")
        .await;
    office.wait_for("button[data-reprint='2026-11-11']").await;
    office.click("button[data-reprint='2026-11-11']").await;
    let letter = harness::pdf_text(&office.wait_for_printed("Mahnung_").await);
    assert!(
        letter.contains("Zweitschrift") && letter.contains("Jürgen Weiß"),
        "{letter}"
    );

    // The Berichte page counts the server's data, not the office's own
    // (empty) file: the year's figures with the desk's loans, the
    // Jahresbericht, and the breakdown of all years.
    reports_of_2026_on_the_server(&office, "kiz_e2e_shared").await;
    office.click("#report-all-years > summary").await;
    office
        .wait_for("#report-all-years #loan-statistics tbody tr")
        .await;

    // The language of the window is each PC's own: the office switches
    // to English on the shared database, the desk stays German, also
    // after a reload of its window.
    office.switch_to_english().await;
    assert_eq!(office.text("#nav-desk .nav-label").await, "Desk");
    desk.go_to("settings").await;
    desk.wait_for("#ui-language").await;
    assert_eq!(desk.value("#ui-language").await, "de");
    assert_eq!(desk.text("#nav-desk .nav-label").await, "Theke");

    // The password is in no file of either data folder: it is in the
    // credential store, from which the desk's next start takes it.
    desk.stop().await;
    for dir in [&desk_dir, &office_dir] {
        assert_password_in_no_file(dir);
    }
    // The desk starts again while the server is down: the window opens
    // with the banner (not an error page), and once the server is up it
    // reads the catalogue from it with the password from the store.
    cluster.stop();
    let exports = tempfile::tempdir().unwrap();
    let desk = App::start_in(
        "shared-desk-again",
        &desk_dir,
        &[
            now,
            bus,
            ("KIZ_TEST_SAVE_DIR", exports.path().to_str().unwrap()),
        ],
    )
    .await;
    desk.wait_for("#server-lost").await;
    desk.wait_for("nav").await;
    assert_eq!(desk.count("#error-page").await, 0);
    cluster.start();
    gone(&desk, "#server-lost").await;
    // Once the server is reached, what a start does on the file is done
    // on the server: reservations passed on, the retention rules applied.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !desk
        .log_of_this_start()
        .contains("start jobs on the shared database done")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the start jobs ran on the server: {}",
            desk.log_of_this_start()
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    desk.go_to("catalogue").await;
    desk.fill("#media-search", "KI-M-000001").await;
    desk.wait_for_text("#media-table tbody tr:first-child td.number", &after)
        .await;
    // Einstellungen on the server: where the data is, and that IT backs
    // the server up (the app makes no backup of it).
    desk.go_to("settings").await;
    desk.wait_for_text(
        "#database-where",
        &format!("Gemeinsame Datenbank auf {server}"),
    )
    .await;
    desk.wait_for_text("#backups-by-it", "sichert die IT des Servers")
        .await;
    // A copy of everything for this PC: the full export, read from the
    // server, saved in a folder here.
    desk.click("#backup-export-all").await;
    desk.wait_for_text("#toasts", "Gespeichert unter").await;
    desk.screenshot("export-on-server").await;
    let workbook = std::fs::read_dir(&exports)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .expect("the workbook was saved");
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&workbook).unwrap();
    let titles = {
        use calamine::Reader;
        workbook.worksheet_range("Medien").unwrap()
    };
    assert!(
        titles.rows().any(|r| r
            .iter()
            .any(|c| matches!(c, calamine::Data::String(s) if s == "Schritte plus Neu 1"))),
        "the media of the server are in the workbook"
    );
    assert_eq!(desk.value("#field-server_database").await, "kiz_e2e_shared");
    desk.wait_for("#institution-form").await;
    // The institution's data is saved on the server, for every PC.
    desk.fill("#field-phone", "02241 13-2000").await;
    desk.click("#save-institution").await;
    desk.wait_for_text("#toasts", "Die Angaben der Einrichtung wurden gespeichert")
        .await;
    desk.wait_for("#main[aria-busy='false'] #database-title")
        .await;
    show_section(&desk).await;
    desk.screenshot("settings-on-server").await;
    // On the server the data is not moved twice; connecting again (a new
    // password) is offered and works.
    assert_eq!(desk.count("#move-to-server").await, 0);
    desk.fill("#field-server_password", &env("PGPASSWORD"))
        .await;
    desk.fill("#field-server_ca_file", &env("KIZ_TEST_SERVER_CA"))
        .await;
    switch(&desk, "#connect-to-server", "arbeitet jetzt mit").await;
    desk.stop().await;
    office.stop().await;
}

/// One number from the test cluster's database `database`.
fn psql_count(database: &str, sql: &str) -> i64 {
    psql(database, sql).parse().expect("a count")
}

/// The Berichte page on the shared database: the figures of the year 2026
/// are the server's (its loans of the year, as `psql` counts them), and
/// the Jahresbericht of that year prints from them.
async fn reports_of_2026_on_the_server(app: &App, database: &str) {
    app.go_to("reports").await;
    app.wait_for("#report-figures[data-period]").await;
    app.fill("#period-year", "2026").await;
    app.click("#period-show").await;
    app.wait_for("#report-figures[data-period='2026-01-01/2026-12-31'][aria-busy='false']")
        .await;
    let loans = psql_count(
        database,
        "SELECT count(*) FROM loan WHERE loaned_at >= '2026-01-01' AND loaned_at < '2027-01-01'",
    );
    assert!(loans > 0, "the server has loans in 2026");
    assert_eq!(
        app.text("#report-figures [data-key='mediathek.loans'] .now")
            .await,
        loans.to_string()
    );
    app.click("#annual-report-pdf").await;
    app.wait_for_text("#toasts", "Jahresbericht").await;
    let text = harness::pdf_text(&app.printed("Jahresbericht"));
    assert!(text.contains("Jahresbericht 2026"), "{text}");
}

/// A shared database for training: a new PC moves its empty file onto an
/// empty server database, the desk offers the demo data there and loads it
/// into the server, the import wizard takes an inventory over into it, and
/// the Berichte page counts the server's data: the figures of a year, the
/// Jahresbericht and the breakdown of all years.
#[tokio::test]
async fn an_empty_training_database_on_the_server_gets_the_demo_an_import_and_the_reports() {
    fresh_database("kiz_e2e_training");
    let secrets = SecretService::start();
    let bus = ("DBUS_SESSION_BUS_ADDRESS", secrets.address.as_str());
    let folder = harness::data_folder();
    let dir = folder.path().join("data");
    let inventory = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/Inventar-Mediathek.csv"
    ))
    .canonicalize()
    .unwrap();
    let app = App::start_in(
        "training",
        &dir,
        &[
            ("KIZ_NOW", "2026-12-10T09:00:00"),
            bus,
            ("KIZ_TEST_IMPORT_FILE", inventory.to_str().unwrap()),
        ],
    )
    .await;
    app.wait_for_text("main", "Willkommen bei KIZ Desk").await;
    app.go_to("settings").await;
    app.wait_for_text("#database-where", "auf diesem PC").await;
    fill_cluster(&app, "kiz_e2e_training").await;
    switch(&app, "#move-to-server", "Übertragen und geprüft").await;
    assert_eq!(
        psql_count("kiz_e2e_training", "SELECT count(*) FROM medium"),
        0
    );

    app.go_to("desk").await;
    app.wait_for_text("main", "Willkommen bei KIZ Desk").await;
    app.click("#load-demo").await;
    app.wait_for_text("#toasts", "Demodaten geladen").await;
    assert!(
        psql_count("kiz_e2e_training", "SELECT count(*) FROM medium") >= 55,
        "the demo's media are on the server"
    );
    assert!(psql_count("kiz_e2e_training", "SELECT count(*) FROM loan") > 0);
    app.go_to("organisations").await;
    app.wait_for_text(
        "#organisations-table",
        "Kurdische Gemeinschaft Rhein-Sieg/Bonn",
    )
    .await;

    // The import wizard on the server: the messy inventory's dry run
    // stores nothing there, "nur gültige Zeilen" stores the valid rows,
    // and the report prints.
    let copies = "SELECT count(*) FROM copy WHERE barcode IN ('M-1', 'M-2', 'M-3')";
    app.go_to("catalogue").await;
    app.click("#import-media").await;
    app.wait_for("#import-target").await;
    app.click("#import-pick").await;
    app.wait_for("#import-columns").await;
    app.click("#import-check").await;
    app.wait_for_text("#import-summary", "Es wurde nichts gespeichert")
        .await;
    assert_eq!(psql_count("kiz_e2e_training", copies), 0);
    app.click("#import-run").await;
    app.wait_for_text("#import-summary", "Der Import ist gespeichert")
        .await;
    assert_eq!(psql_count("kiz_e2e_training", copies), 3);
    app.click("#import-report-pdf").await;
    app.wait_for_text("#toasts", "Ausdrucke").await;
    let pdf = harness::pdf_text(&app.printed("Importbericht"));
    assert!(pdf.contains("weiteres Exemplar zu Zeile 3"), "{pdf}");

    reports_of_2026_on_the_server(&app, "kiz_e2e_training").await;
    app.click("#report-all-years > summary").await;
    app.wait_for("#report-all-years #loan-statistics tbody tr")
        .await;
    let loans = app.text("#loan-statistics").await;
    assert!(
        loans.contains("ehrenamtlich") || loans.contains("hauptamtlich"),
        "{loans}"
    );
    let participants = app.text("#participant-statistics").await;
    assert!(
        participants.contains("Bewerbung schreiben – auf Deutsch und Arabisch"),
        "{participants}"
    );
    app.screenshot("training-reports").await;
    app.stop().await;
}
