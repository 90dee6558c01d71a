//! Where the shared database is, as typed into Einstellungen → Datenbank
//! or written by IT into the policy file's `[database]` table
//! (`kiz::db::server::{ServerSettings::from_form, parse_policy,
//! read_policy}`). No server is needed here.

use std::path::PathBuf;

use kiz::db::server::{parse_policy, read_policy, ServerForm, ServerSettings};
use kiz::Error;

fn form(host: &str, port: &str, database: &str, role: &str, ca_file: &str) -> ServerForm {
    ServerForm {
        host: host.into(),
        port: port.into(),
        database: database.into(),
        role: role.into(),
        ca_file: ca_file.into(),
    }
}

#[test]
fn the_form_is_read_trimmed_with_postgresqls_port_when_none_is_typed() {
    let settings = ServerSettings::from_form(&form(
        " kiz-db.rhein-sieg-kreis.de ",
        "",
        " kiz",
        "kiz_desk ",
        "  ",
    ))
    .expect("a complete form");
    assert_eq!(
        settings,
        ServerSettings {
            host: "kiz-db.rhein-sieg-kreis.de".into(),
            port: 5432,
            database: "kiz".into(),
            role: "kiz_desk".into(),
            ca_file: None,
        }
    );
    assert_eq!(settings.label(), "kiz-db.rhein-sieg-kreis.de:5432/kiz");
    // A full path on the system the test runs on (C:\… on Windows).
    let ca = std::env::temp_dir().join("kreis-ca.pem");
    let with_ca = ServerSettings::from_form(&form(
        "db",
        " 6543 ",
        "kiz",
        "r",
        &format!(" {} ", ca.display()),
    ))
    .expect("a complete form");
    assert_eq!(with_ca.port, 6543);
    assert_eq!(with_ca.ca_file, Some(ca));
}

#[test]
fn a_ca_certificate_typed_without_its_full_path_is_refused() {
    for typed in ["kreis-ca.pem", "certs/kreis-ca.pem", "..\\kreis-ca.pem"] {
        let error =
            ServerSettings::from_form(&form("db", "", "kiz", "r", typed)).expect_err("refused");
        assert!(
            matches!(&error, Error::CaFileNotAbsolute { path } if path.as_path() == std::path::Path::new(typed)),
            "{typed}: {error:?}"
        );
        assert_eq!(error.field(), Some("server_ca_file"));
    }
}

#[test]
fn an_empty_field_or_a_port_that_is_no_port_is_named() {
    for (form, field) in [
        (form(" ", "", "kiz", "r", ""), "server_host"),
        (form("db", "", "", "r", ""), "server_database"),
        (form("db", "", "kiz", "  ", ""), "server_role"),
    ] {
        let error = ServerSettings::from_form(&form).expect_err("refused");
        assert!(
            matches!(error, Error::Required { field: f } if f == field),
            "{error:?}"
        );
        assert_eq!(error.field(), Some(field));
    }
    for port in ["0", "65536", "54 32", "-1", "fünf"] {
        let error =
            ServerSettings::from_form(&form("db", port, "kiz", "r", "")).expect_err("refused");
        assert!(
            matches!(&error, Error::ServerPortInvalid { value } if value == port.trim()),
            "{port}: {error:?}"
        );
        assert_eq!(error.field(), Some("server_port"));
    }
}

#[test]
fn the_policy_files_database_table_names_the_server_and_the_updates_table_may_stand_beside_it() {
    let text = "[updates]\nenabled = false\n\n[database]\nhost = \"kiz-db\"\nport = 6432\ndatabase = \"kiz\"\nrole = \"kiz_desk\"\nca_file = 'C:\\KIZ\\kreis-ca.pem'\n";
    assert_eq!(
        parse_policy(text),
        Ok(Some(ServerSettings {
            host: "kiz-db".into(),
            port: 6432,
            database: "kiz".into(),
            role: "kiz_desk".into(),
            ca_file: Some(PathBuf::from("C:\\KIZ\\kreis-ca.pem")),
        }))
    );
    let default_port =
        parse_policy("[database]\nhost = \"kiz-db\"\ndatabase = \"kiz\"\nrole = \"r\"\n")
            .expect("a policy")
            .expect("with a database");
    assert_eq!((default_port.port, default_port.ca_file), (5432, None));
    // No table, or no file: this PC keeps its own database.
    assert_eq!(parse_policy(""), Ok(None));
    assert_eq!(parse_policy("[updates]\nenabled = true\n"), Ok(None));
}

#[test]
fn a_database_table_with_a_typo_or_a_gap_is_refused_not_taken_as_no_server() {
    for text in [
        "[database\nhost = \"kiz-db\"", // not TOML
        "[database]\nhots = \"kiz-db\"\ndatabase = \"kiz\"\nrole = \"r\"\n", // a typo
        "[database]\nhost = \"kiz-db\"\ndatabase = \"kiz\"\n", // no role
        "[database]\nhost = \"\"\ndatabase = \"kiz\"\nrole = \"r\"\n", // empty host
        "[database]\nhost = \"db\"\nport = \"5432\"\ndatabase = \"k\"\nrole = \"r\"\n", // a port as text
        "[database]\nhost = \"db\"\nport = 0\ndatabase = \"k\"\nrole = \"r\"\n",        // no port
        "[datenbank]\nhost = \"db\"\n", // unknown table
    ] {
        assert_eq!(parse_policy(text), Err(()), "{text:?}");
    }
}

#[test]
fn the_policy_file_is_read_from_its_place_and_a_broken_one_is_named() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("kiz-desk-policy.toml");
    assert!(matches!(read_policy(&path), Ok(None)), "no file: no server");
    std::fs::write(
        &path,
        "[database]\nhost = \"db\"\ndatabase = \"kiz\"\nrole = \"r\"\n",
    )
    .expect("written");
    assert_eq!(
        read_policy(&path).expect("read").map(|s| s.label()),
        Some("db:5432/kiz".to_owned())
    );
    // A CA named without a folder is the one beside the policy file, not
    // one in the folder the app happened to be started from.
    std::fs::write(
        &path,
        "[database]\nhost = \"db\"\ndatabase = \"kiz\"\nrole = \"r\"\nca_file = 'kreis-ca.pem'\n",
    )
    .expect("written");
    assert_eq!(
        read_policy(&path).expect("read").and_then(|s| s.ca_file),
        Some(dir.path().join("kreis-ca.pem"))
    );
    let elsewhere = std::env::temp_dir().join("kreis-ca.pem");
    std::fs::write(
        &path,
        format!(
            "[database]\nhost = \"db\"\ndatabase = \"kiz\"\nrole = \"r\"\nca_file = '{}'\n",
            elsewhere.display()
        ),
    )
    .expect("written");
    assert_eq!(
        read_policy(&path).expect("read").and_then(|s| s.ca_file),
        Some(elsewhere),
        "a full path stays as IT wrote it"
    );
    std::fs::write(&path, "[database]\nhost = \"db\"\n").expect("written");
    let error = read_policy(&path).expect_err("refused");
    assert!(
        matches!(&error, Error::DatabasePolicyInvalid { path: p } if *p == path),
        "{error:?}"
    );
}
