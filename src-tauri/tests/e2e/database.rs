//! Einstellungen → Datenbank in the real window, against the throwaway
//! PostgreSQL cluster that `cargo xtask test` runs every test in
//! (`xtask/src/test_server.rs`: `PGHOST`, `PGPORT`, `PGUSER`,
//! `PGPASSWORD`, and `KIZ_TEST_SERVER_CA` for the CA that signed its
//! certificate): the section says where the data is, and "Verbindung
//! testen" names what is wrong in German or what the database holds.

use std::path::Path;
use std::process::Command;

use crate::harness::{self, App};
use kiz::db::server::{Server, ServerSettings, LATEST_SERVER_VERSION};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!(
            "{name} is not set: this test needs the PostgreSQL test cluster that \
             `cargo xtask test` starts (pg_virtualenv)"
        )
    })
}

/// A new, empty database of this name on the test cluster (dropped first
/// if a run before left it), made with psql as the cluster's superuser.
fn fresh_database(name: &str) {
    for sql in [
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        format!("CREATE DATABASE {name}"),
    ] {
        let out = Command::new("psql")
            .args(["-X", "-q", "-d", "postgres", "-c", &sql])
            .output()
            .expect("psql runs (package postgresql-client)");
        assert!(
            out.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
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
    let password = env("PGPASSWORD");
    for entry in walk(&data_dir) {
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
    // Still this PC's file: switching is not built.
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
