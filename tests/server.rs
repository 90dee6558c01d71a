//! The shared database on a PostgreSQL server (`kiz::db::server`): the
//! connection check names what is wrong, the schema is set up once when
//! several PCs start together, a newer database is refused untouched, and a
//! file's data moves onto an empty server database row for row or not at
//! all.
//!
//! These tests need a running PostgreSQL server: `cargo xtask test` runs
//! every test inside a throwaway cluster that Debian's `pg_virtualenv`
//! makes and removes (its `PGHOST`, `PGPORT`, `PGUSER` and `PGPASSWORD`
//! name it; its certificate for `localhost` is signed by a test CA whose
//! certificate `KIZ_TEST_SERVER_CA` names: `xtask/src/test_server.rs`).
//! Each test works in a database of its own, created new.
//!
//! Under Wine (the Windows build of these tests, `cargo xtask test`'s
//! step "core tests under Wine") the tests that need a TLS session are
//! ignored: with the test CA added at run time, Wine's schannel refuses
//! the test server's certificate, and without it, it does not report an
//! untrusted one (both seen in CI). The tests that fail before TLS
//! (settings left empty, no server, no TLS offered, a CA file that is no
//! certificate) run there too. The TLS path on Windows is compiled but
//! only tested on Linux (OpenSSL through the same `native-tls`).

mod common;
mod test_cluster;

use std::io::{Read, Write};
use std::net::TcpListener;

use kiz::catalogue::{CatalogueStore, Level, MediaQuery};
use kiz::db::server::{
    compare, transfer, Server, ServerSettings, ServerState, LATEST_SERVER_VERSION, SHARED_TABLES,
    WRITE_LOCK,
};
use kiz::db::{execute_batch_for_tests, LATEST_VERSION};
use kiz::{Db, Error};
use test_cluster::cluster;

/// The rows of a query on the file as texts, columns in the order of their
/// names (`rows_for_tests` gives them by name).
fn file_rows(file: &Db, sql: &str) -> Vec<Vec<String>> {
    kiz::db::rows_for_tests(file, sql)
        .expect("the query runs")
        .into_iter()
        .map(|row| {
            row.into_values()
                .map(|value| match value {
                    rusqlite::types::Value::Integer(n) => n.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect()
}

const TABLES_IN_SCHEMA: &str =
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'";

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn a_trusted_server_with_an_empty_database_answers_empty() {
    let cluster = cluster();
    let settings = cluster.fresh("kiz_t_empty");
    assert_eq!(
        Server::check(&settings, &cluster.password).expect("the server answers"),
        ServerState::Empty
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn a_ca_certificate_in_der_or_in_a_bundle_of_several_is_trusted_too() {
    let cluster = cluster();
    let mut settings = cluster.fresh("kiz_t_der");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let der = dir.path().join("kreis-ca.cer");
    let pem = settings.ca_file.clone().expect("the test CA");
    let converted = std::process::Command::new("openssl")
        .args(["x509", "-outform", "der", "-in"])
        .arg(&pem)
        .arg("-out")
        .arg(&der)
        .status()
        .expect("openssl runs");
    assert!(converted.success());
    assert_ne!(
        std::fs::read(&der).expect("written").first(),
        Some(&b'-'),
        "binary, not PEM"
    );
    let mut as_der = settings.clone();
    as_der.ca_file = Some(der);
    assert_eq!(
        Server::check(&as_der, &cluster.password).expect("the server answers"),
        ServerState::Empty
    );
    // A PEM bundle whose first certificate is another authority's: every
    // certificate of the file counts.
    let other = test_cluster::another_ca(dir.path());
    let bundle = dir.path().join("bundle.pem");
    let mut text = std::fs::read(&other).expect("written");
    text.extend(std::fs::read(&pem).expect("the test CA"));
    std::fs::write(&bundle, text).expect("written");
    settings.ca_file = Some(bundle);
    assert_eq!(
        Server::check(&settings, &cluster.password).expect("the server answers"),
        ServerState::Empty
    );
    // The other authority alone does not vouch for the server.
    settings.ca_file = Some(other);
    assert!(matches!(
        Server::check(&settings, &cluster.password),
        Err(Error::ServerCertificateNotTrusted { .. })
    ));
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn a_wrong_password_is_named_as_a_refused_login() {
    let cluster = cluster();
    let settings = cluster.fresh("kiz_t_password");
    match Server::check(&settings, "not the password") {
        Err(Error::ServerLoginRefused { server, role }) => {
            assert_eq!(role, cluster.user);
            assert_eq!(
                server,
                format!("{}:{}/kiz_t_password", cluster.host, cluster.port)
            );
        }
        other => panic!("expected a refused login, got {other:?}"),
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn a_role_the_server_does_not_let_in_is_named_apart_from_a_wrong_password() {
    let cluster = cluster();
    let mut settings = cluster.fresh("kiz_t_nologin");
    let mut admin = cluster.admin("postgres");
    admin
        .batch_execute(
            "DROP ROLE IF EXISTS kiz_t_nologin;
             CREATE ROLE kiz_t_nologin NOLOGIN PASSWORD 'the right one'",
        )
        .expect("the test cluster makes a role");
    settings.role = "kiz_t_nologin".into();
    // The right password, but a role that may not log in: a matter for IT,
    // which the message says, instead of sending staff to retype it.
    let error = Server::check(&settings, "the right one").expect_err("not let in");
    assert!(
        matches!(&error, Error::ServerLoginNotAllowed { role, .. } if role == "kiz_t_nologin"),
        "{error:?}"
    );
    assert_eq!(error.field(), Some("server_role"));
    // A wrong password for the same role is still a wrong password.
    assert!(matches!(
        Server::check(&settings, "a wrong one"),
        Err(Error::ServerLoginRefused { .. })
    ));
    admin
        .batch_execute("DROP ROLE kiz_t_nologin")
        .expect("the role is dropped");
}

#[test]
fn a_server_that_does_not_answer_is_named() {
    let cluster = cluster();
    let mut settings = cluster.fresh("kiz_t_unreachable");
    // A port that was free a moment ago: nothing listens there.
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    settings.port = listener.local_addr().expect("its address").port();
    settings.host = "127.0.0.1".into();
    drop(listener);
    assert!(matches!(
        Server::check(&settings, &cluster.password),
        Err(Error::ServerUnreachable { .. })
    ));
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn a_certificate_that_no_given_authority_signed_is_not_trusted() {
    let cluster = cluster();
    let mut settings = cluster.fresh("kiz_t_untrusted");
    // Without the test CA only the system's authorities count, and none of
    // them signed the cluster's certificate.
    settings.ca_file = None;
    assert!(matches!(
        Server::check(&settings, &cluster.password),
        Err(Error::ServerCertificateNotTrusted { .. })
    ));
    // The right authority but another name for the server: the name in
    // the certificate must match.
    let mut renamed = cluster.fresh("kiz_t_untrusted");
    renamed.host = "127.0.0.1".into();
    assert!(matches!(
        Server::check(&renamed, &cluster.password),
        Err(Error::ServerCertificateNotTrusted { .. })
    ));
}

#[test]
fn a_ca_file_that_is_not_a_certificate_is_named() {
    let cluster = cluster();
    let mut settings = cluster.fresh("kiz_t_ca_file");
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("kreis-ca.pem");
    std::fs::write(&file, "no certificate").expect("written");
    settings.ca_file = Some(file.clone());
    match Server::check(&settings, &cluster.password) {
        Err(Error::CaFileUnreadable { path }) => assert_eq!(path, file),
        other => panic!("expected an unreadable CA file, got {other:?}"),
    }
    settings.ca_file = Some(dir.path().join("missing.pem"));
    assert!(matches!(
        Server::check(&settings, &cluster.password),
        Err(Error::CaFileUnreadable { .. })
    ));
}

#[test]
fn a_server_that_turns_tls_down_is_refused() {
    // A server with TLS switched off answers the client's request for TLS
    // with the single byte 'N' (the protocol's SSLRequest); this one does
    // just that, so the cluster the other tests share keeps its TLS.
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its address").port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("the client connects");
        let mut request = [0u8; 8];
        stream.read_exact(&mut request).expect("the SSLRequest");
        stream.write_all(b"N").expect("the answer");
        request
    });
    let settings = ServerSettings {
        host: "127.0.0.1".into(),
        port,
        database: "kiz".into(),
        role: "kiz".into(),
        ca_file: None,
    };
    let outcome = Server::check(&settings, "secret");
    assert!(
        matches!(outcome, Err(Error::ServerWithoutTls { .. })),
        "{outcome:?}"
    );
    let request = server.join().expect("the fake server ends");
    // Length 8, then the SSLRequest code 80877103: the client asked for TLS
    // before anything else.
    assert_eq!(request, [0, 0, 0, 8, 4, 210, 22, 47]);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn a_missing_database_is_named() {
    let cluster = cluster();
    let mut settings = cluster.fresh("kiz_t_missing_base");
    settings.database = "kiz_t_does_not_exist".into();
    match Server::check(&settings, &cluster.password) {
        Err(Error::ServerDatabaseMissing { database, .. }) => {
            assert_eq!(database, "kiz_t_does_not_exist")
        }
        other => panic!("expected a missing database, got {other:?}"),
    }
}

#[test]
fn settings_left_empty_are_named_before_connecting() {
    let complete = ServerSettings {
        host: "db.example".into(),
        port: 5432,
        database: "kiz".into(),
        role: "kiz".into(),
        ca_file: None,
    };
    for (settings, field) in [
        (
            ServerSettings {
                host: "  ".into(),
                ..complete.clone()
            },
            "server_host",
        ),
        (
            ServerSettings {
                database: String::new(),
                ..complete.clone()
            },
            "server_database",
        ),
        (
            ServerSettings {
                role: String::new(),
                ..complete.clone()
            },
            "server_role",
        ),
        (
            ServerSettings {
                port: 0,
                ..complete.clone()
            },
            "server_port",
        ),
    ] {
        match Server::check(&settings, "secret") {
            Err(Error::Required { field: named }) => assert_eq!(named, field),
            other => panic!("expected {field} to be required, got {other:?}"),
        }
    }
}

#[test]
fn both_engines_are_at_the_same_schema_version() {
    assert_eq!(LATEST_SERVER_VERSION, LATEST_VERSION);
}

/// Three PCs connect, then set up or upgrade the database at the same
/// moment (as after a power cut in the morning); each must then work on it.
fn three_pcs_start_at_once(settings: &ServerSettings, password: &str) {
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(3));
    let pcs: Vec<_> = (0..3)
        .map(|_| {
            let settings = settings.clone();
            let password = password.to_owned();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut server = Server::connect(&settings, &password)?;
                barrier.wait();
                server.migrate()?;
                server.state()
            })
        })
        .collect();
    for pc in pcs {
        assert_eq!(
            pc.join().expect("no panic").expect("every PC starts"),
            ServerState::Ready {
                version: LATEST_SERVER_VERSION
            },
            "each PC works on the database at the newest version"
        );
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn three_pcs_starting_at_once_set_the_database_up_once() {
    let cluster = cluster();
    let settings = cluster.fresh("kiz_t_three_pcs");
    let password = cluster.password.clone();
    three_pcs_start_at_once(&settings, &password);
    assert_eq!(
        cluster.count("kiz_t_three_pcs", "SELECT count(*) FROM kiz_schema"),
        1
    );
    // The starting rows are there once, as in a new file.
    let file = Db::open_in_memory().expect("a new file");
    let mut server = Server::connect(&settings, &password).expect("connects");
    compare(&file, &mut server).expect("the same rows as a new file");
    assert_eq!(
        cluster.count("kiz_t_three_pcs", "SELECT count(*) FROM media_kind"),
        7
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn three_pcs_starting_at_once_on_an_older_database_upgrade_it_once() {
    // A version-11 database with a medium, as the first release of the
    // shared database left it; three PCs with this version start at once.
    let cluster = cluster();
    let database = "kiz_t_three_pcs_upgrade";
    let settings = cluster.fresh(database);
    cluster
        .admin(database)
        .batch_execute(concat!(
            include_str!("../src/db/server/v011_baseline.sql"),
            "
            INSERT INTO kiz_schema (version) VALUES (11);
            INSERT INTO media_kind (code, name, builtin) VALUES ('buch', 'Buch', 1);
            INSERT INTO medium (kind_id, title, level_from, level_to, created_at, updated_at)
                SELECT id, 'Schritte plus Neu 2', 1, 1, '2026-11-12T09:30:00', '2026-11-12T09:30:00'
                FROM media_kind;
            INSERT INTO medium_search (medium_id, words)
                SELECT id, array_to_tsvector(ARRAY['2', 'neu', 'plus', 'schritte']) FROM medium;
            "
        ))
        .expect("a version-11 database");
    three_pcs_start_at_once(&settings, &cluster.password);
    let count = |sql: &str| cluster.count(database, sql);
    assert_eq!(
        count("SELECT count(*) FROM kiz_schema"),
        LATEST_SERVER_VERSION - 10,
        "version 11 and each later step once"
    );
    assert_eq!(
        count("SELECT count(DISTINCT version) FROM kiz_schema"),
        LATEST_SERVER_VERSION - 10,
        "no step twice"
    );
    let mut server = Server::connect(&settings, &cluster.password).expect("connects");
    let a1 = MediaQuery {
        text: "schritte".into(),
        level: Some(Level::A1),
        ..MediaQuery::default()
    };
    assert_eq!(
        server.search_media(&a1).expect("searched").total,
        1,
        "the medium's row was completed by the upgrade"
    );
}

/// Whether a transaction of `database` waits for an advisory lock.
fn someone_waits_for_an_advisory_lock(admin: &mut postgres::Client, database: &str) -> bool {
    admin
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_locks AS l JOIN pg_database AS d ON d.oid = l.database
                            WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = $1)",
            &[&database],
        )
        .expect("the server's locks")
        .get(0)
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn a_write_that_reads_before_it_writes_waits_for_the_write_before_it() {
    // Two desks run the same rule at once: "if nobody holds the last
    // place, take it". Desk A has read "free" and not yet written when
    // desk B starts; B must wait for A and then read "taken", as two
    // writers of the file do (BEGIN IMMEDIATE).
    let cluster = cluster();
    let database = "kiz_t_write_lock";
    let settings = cluster.fresh(database);
    let mut admin = cluster.admin(database);
    admin
        .batch_execute("CREATE TABLE place (holder TEXT NOT NULL)")
        .expect("a table");
    let take_the_last_place =
        |tx: &mut postgres::Transaction<'_>, who: &str| -> kiz::Result<bool> {
            let taken: i64 = tx.query_one("SELECT count(*) FROM place", &[])?.get(0);
            if taken == 0 {
                tx.execute("INSERT INTO place (holder) VALUES ($1)", &[&who])?;
            }
            Ok(taken == 0)
        };
    let (a_has_read, a_read) = std::sync::mpsc::channel();
    let (go_on, a_may_write) = std::sync::mpsc::channel::<()>();
    let desk_a = {
        let settings = settings.clone();
        let password = cluster.password.clone();
        std::thread::spawn(move || {
            let mut server = Server::connect(&settings, &password).expect("connects");
            server.write(|tx| {
                let taken: i64 = tx.query_one("SELECT count(*) FROM place", &[])?.get(0);
                a_has_read.send(()).expect("the test waits");
                a_may_write.recv().expect("the test goes on");
                if taken == 0 {
                    tx.execute("INSERT INTO place (holder) VALUES ('A')", &[])?;
                }
                Ok(taken == 0)
            })
        })
    };
    a_read.recv().expect("desk A has read");
    let b_done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let desk_b = {
        let settings = settings.clone();
        let password = cluster.password.clone();
        let b_done = b_done.clone();
        std::thread::spawn(move || {
            let mut server = Server::connect(&settings, &password).expect("connects");
            let took = server.write(|tx| take_the_last_place(tx, "B"));
            b_done.store(true, std::sync::atomic::Ordering::SeqCst);
            took
        })
    };
    // Desk B either waits for the lock (the rule holds) or, without the
    // lock, has already run to its end; only then does A write.
    while !b_done.load(std::sync::atomic::Ordering::SeqCst)
        && !someone_waits_for_an_advisory_lock(&mut admin, database)
    {
        std::thread::yield_now();
    }
    go_on.send(()).expect("desk A waits");
    assert!(desk_a.join().expect("no panic").expect("A wrote"));
    assert!(
        !desk_b.join().expect("no panic").expect("B ran"),
        "desk B read the place as free although desk A had taken it"
    );
    assert_eq!(
        cluster.count(database, "SELECT count(*) FROM place"),
        1,
        "the last place is taken once"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn a_write_the_server_aborts_as_a_deadlock_is_run_again() {
    // Someone who does not take the write lock (IT's maintenance, a report
    // tool) holds row 2 and then waits for row 1, which the desk's write
    // holds while it waits for row 2. The server aborts the desk's
    // transaction (it looks for deadlocks after 1 s, the other session
    // only after 10 s); the write runs again and succeeds.
    let cluster = cluster();
    let database = "kiz_t_write_deadlock";
    let settings = cluster.fresh(database);
    let mut other = cluster.admin(database);
    other
        .batch_execute(
            "CREATE TABLE counter (id BIGINT PRIMARY KEY, value BIGINT NOT NULL);
             INSERT INTO counter VALUES (1, 0), (2, 0);",
        )
        .expect("a table");
    other
        .batch_execute(
            "SET deadlock_timeout = '10s';
             BEGIN;
             UPDATE counter SET value = value + 10 WHERE id = 2;",
        )
        .expect("the other session holds row 2");
    let (holds_row_1, desk_holds_row_1) = std::sync::mpsc::channel();
    let desk = {
        let password = cluster.password.clone();
        std::thread::spawn(move || {
            let mut server = Server::connect(&settings, &password).expect("connects");
            server
                .client()
                .batch_execute("SET deadlock_timeout = '1s'")
                .expect("set");
            let mut attempts = 0;
            server
                .write(|tx| {
                    attempts += 1;
                    tx.execute("UPDATE counter SET value = value + 1 WHERE id = 1", &[])?;
                    if attempts == 1 {
                        holds_row_1.send(()).expect("the test waits");
                    }
                    tx.execute("UPDATE counter SET value = value + 1 WHERE id = 2", &[])?;
                    Ok(())
                })
                .map(|()| attempts)
        })
    };
    desk_holds_row_1.recv().expect("the desk holds row 1");
    // Waits for row 1 until the server aborts the desk's transaction.
    other
        .batch_execute("UPDATE counter SET value = value + 10 WHERE id = 1; COMMIT;")
        .expect("the other session is not the one aborted");
    assert_eq!(
        desk.join().expect("no panic").expect("the write succeeds"),
        2,
        "the first attempt was aborted, the second succeeded"
    );
    assert_eq!(
        cluster.count(database, "SELECT sum(value)::bigint FROM counter"),
        22,
        "both rows changed by both, once each"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn a_write_the_server_aborts_as_a_serialisation_failure_is_run_again_at_most_three_times() {
    // The server says "could not serialize access" (SQLSTATE 40001) the way
    // it does for a transaction that a concurrent one made impossible; here
    // the write raises it itself, so the attempts are counted exactly.
    let cluster = cluster();
    let database = "kiz_t_write_serialisation";
    let settings = cluster.fresh(database);
    cluster
        .admin(database)
        .batch_execute(
            "CREATE TABLE counter (value BIGINT NOT NULL); INSERT INTO counter VALUES (0);",
        )
        .expect("a table");
    let mut server = Server::connect(&settings, &cluster.password).expect("connects");
    let fail = "DO $$ BEGIN RAISE EXCEPTION 'serialisation' USING ERRCODE = '40001'; END $$";
    let mut attempts: u32 = 0;
    let stored = server.write(|tx| {
        attempts += 1;
        tx.execute("UPDATE counter SET value = value + 1", &[])?;
        if attempts < kiz::db::server::WRITE_ATTEMPTS {
            tx.batch_execute(fail)?;
        }
        Ok(())
    });
    assert!(stored.is_ok(), "the third attempt succeeds: {stored:?}");
    assert_eq!(
        attempts,
        kiz::db::server::WRITE_ATTEMPTS,
        "two attempts aborted, the third stored"
    );
    assert_eq!(
        cluster.count(database, "SELECT value FROM counter"),
        1,
        "stored once: the aborted attempts left nothing"
    );
    let mut attempts: u32 = 0;
    let refused = server.write(|tx| {
        attempts += 1;
        tx.execute("UPDATE counter SET value = value + 1", &[])?;
        tx.batch_execute(fail)?;
        Ok(())
    });
    assert_eq!(
        attempts,
        kiz::db::server::WRITE_ATTEMPTS,
        "not run again after the last attempt"
    );
    assert!(
        matches!(&refused, Err(Error::Postgres { sqlstate: Some(code), .. }) if code == "40001"),
        "the failure is said: {refused:?}"
    );
    assert_eq!(
        cluster.count(database, "SELECT value FROM counter"),
        1,
        "nothing of the refused write is stored"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn a_write_that_waits_too_long_for_another_says_the_database_is_busy_and_stores_nothing() {
    let cluster = cluster();
    let database = "kiz_t_write_busy";
    let settings = cluster.fresh(database);
    let mut other = cluster.admin(database);
    other
        .batch_execute("CREATE TABLE note (text TEXT NOT NULL)")
        .expect("a table");
    // Another PC's write that does not end.
    other
        .execute("SELECT pg_advisory_lock($1)", &[&WRITE_LOCK])
        .expect("the other PC holds the write lock");
    let mut server = Server::connect(&settings, &cluster.password).expect("connects");
    // A PC that goes silent inside a transaction is ended by the server
    // after a minute, which frees the lock.
    let idle: String = server
        .client()
        .query_one("SHOW idle_in_transaction_session_timeout", &[])
        .expect("shown")
        .get(0);
    assert_eq!(idle, "1min");
    let note = |server: &mut Server| {
        server.write(|tx| {
            tx.execute("INSERT INTO note (text) VALUES ('gespeichert')", &[])?;
            Ok(())
        })
    };
    let error = note(&mut server).expect_err("the lock is held");
    assert!(
        matches!(&error, Error::ServerBusy { server } if *server == settings.label()),
        "{error:?}"
    );
    assert_eq!(cluster.count(database, "SELECT count(*) FROM note"), 0);
    other
        .execute("SELECT pg_advisory_unlock($1)", &[&WRITE_LOCK])
        .expect("released");
    note(&mut server).expect("stored once the lock is free");
    assert_eq!(cluster.count(database, "SELECT count(*) FROM note"), 1);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn the_server_has_every_table_and_column_of_the_file() {
    let cluster = cluster();
    let settings = cluster.fresh("kiz_t_columns");
    let mut server = Server::connect(&settings, &cluster.password).expect("connects");
    server.migrate().expect("set up");
    let file = Db::open_in_memory().expect("a new file");
    let file_tables = file_rows(
        &file,
        "SELECT name FROM sqlite_schema WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%search%' ORDER BY name",
    );
    let mut server_tables: Vec<Vec<String>> = server
        .client()
        .query(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_name <> 'kiz_schema' \
             AND table_name NOT LIKE '%search%' ORDER BY 1",
            &[],
        )
        .expect("the server's tables")
        .iter()
        .map(|r| vec![r.get::<_, String>(0)])
        .collect();
    server_tables.sort();
    assert_eq!(file_tables, server_tables);
    let mut shared: Vec<&str> = SHARED_TABLES.to_vec();
    shared.sort_unstable();
    let listed: Vec<String> = file_tables.iter().map(|t| t[0].clone()).collect();
    assert_eq!(listed, shared, "every table is copied by a move");
    for table in SHARED_TABLES {
        let file_columns = file_rows(
            &file,
            &format!(
                "SELECT name AS a, CASE WHEN \"notnull\" OR pk THEN 'NO' ELSE 'YES' END AS b \
                 FROM pragma_table_info('{table}') ORDER BY cid"
            ),
        );
        let server_columns: Vec<Vec<String>> = server
            .client()
            .query(
                "SELECT column_name::text, is_nullable::text FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
                &[table],
            )
            .expect("the server's columns")
            .iter()
            .map(|r| vec![r.get::<_, String>(0), r.get::<_, String>(1)])
            .collect();
        assert_eq!(file_columns, server_columns, "columns of {table}");
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn a_newer_server_database_is_refused_and_left_as_it_was() {
    let cluster = cluster();
    let settings = cluster.fresh("kiz_t_newer");
    let mut server = Server::connect(&settings, &cluster.password).expect("connects");
    server.migrate().expect("set up");
    let newer = LATEST_SERVER_VERSION + 1;
    cluster
        .admin("kiz_t_newer")
        .execute("INSERT INTO kiz_schema (version) VALUES ($1)", &[&newer])
        .expect("a newer version recorded");
    let expected = |result: kiz::Result<()>| match result {
        Err(Error::ServerDatabaseTooNew {
            found, supported, ..
        }) => {
            assert_eq!((found, supported), (newer, LATEST_SERVER_VERSION));
        }
        other => panic!("expected a newer database, got {other:?}"),
    };
    expected(Server::check(&settings, &cluster.password).map(|_| ()));
    expected(server.migrate());
    assert_eq!(
        cluster.count("kiz_t_newer", "SELECT count(*) FROM kiz_schema"),
        2
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn the_demo_data_moves_onto_the_server_row_for_row() {
    let cluster = cluster();
    let settings = cluster.fresh("kiz_t_move");
    let mut file = Db::open_in_memory().expect("a new file");
    kiz::demo::load(&mut file, common::now()).expect("the demo data");
    // Texts the copy must carry exactly: every script, and the characters
    // that end a field or a line in PostgreSQL's COPY format.
    execute_batch_for_tests(
        &mut file,
        "UPDATE organisation SET description = 'Tab\there, backslash \\ and' || char(10) || \
         'a new line; Ğ ş Ê ё ع' WHERE id = (SELECT min(id) FROM organisation);
         DELETE FROM borrower WHERE id = (SELECT max(id) FROM borrower)
           AND id NOT IN (SELECT borrower_id FROM loan WHERE borrower_id IS NOT NULL)
           AND id NOT IN (SELECT borrower_id FROM reservation WHERE borrower_id IS NOT NULL)
           AND id NOT IN (SELECT borrower_id FROM reminder WHERE borrower_id IS NOT NULL)
           AND id NOT IN (SELECT borrower_id FROM contact WHERE borrower_id IS NOT NULL);",
    )
    .expect("changed");
    let counter: i64 = file_rows(
        &file,
        "SELECT seq FROM sqlite_sequence WHERE name = 'borrower'",
    )[0][0]
        .parse()
        .expect("a number");
    let largest: i64 = file_rows(&file, "SELECT max(id) FROM borrower")[0][0]
        .parse()
        .expect("a number");
    assert!(counter > largest, "the test removed the newest borrower");

    let mut server = Server::connect(&settings, &cluster.password).expect("connects");
    let moved = transfer(&file, &mut server).expect("moved");
    assert_eq!(moved.len(), SHARED_TABLES.len());
    for table in &moved {
        let rows: i64 = kiz::db::count_rows_for_tests(&file, table.table).expect("counted");
        assert_eq!(table.rows as i64, rows, "rows of {}", table.table);
        // Counted on the server itself, not only as the move reports it.
        let on_server: i64 = server
            .client()
            .query_one(&format!("SELECT count(*) FROM {}", table.table), &[])
            .expect("counted on the server")
            .get(0);
        assert_eq!(on_server, rows, "rows of {} on the server", table.table);
    }
    assert!(moved.iter().any(|t| t.table == "loan" && t.rows > 0));
    assert!(moved.iter().any(|t| t.table == "participant" && t.rows > 0));
    compare(&file, &mut server).expect("the same rows after the move");
    assert_eq!(
        server.state().expect("a state"),
        ServerState::Ready {
            version: LATEST_SERVER_VERSION
        }
    );
    // The next borrower gets a number no removed borrower had.
    let next: i64 = server
        .client()
        .query_one(
            "SELECT nextval(pg_get_serial_sequence('borrower', 'id'))",
            &[],
        )
        .expect("the next id")
        .get(0);
    assert_eq!(next, counter + 1);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn a_changed_value_on_the_server_is_found_by_the_comparison() {
    let cluster = cluster();
    let settings = cluster.fresh("kiz_t_compare");
    let mut file = Db::open_in_memory().expect("a new file");
    kiz::demo::load(&mut file, common::now()).expect("the demo data");
    let mut server = Server::connect(&settings, &cluster.password).expect("connects");
    transfer(&file, &mut server).expect("moved");
    // The same number of rows, one letter different.
    cluster
        .admin("kiz_t_compare")
        .execute(
            "UPDATE medium SET title = title || '.' WHERE id = (SELECT max(id) FROM medium)",
            &[],
        )
        .expect("changed");
    match compare(&file, &mut server) {
        Err(Error::TransferMismatch { table }) => assert_eq!(table, "medium"),
        other => panic!("expected the medium table to differ, got {other:?}"),
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn moving_onto_a_database_that_is_not_empty_is_refused_and_changes_nothing() {
    let cluster = cluster();
    let file = Db::open_in_memory().expect("a new file");
    // A database of another program.
    let settings = cluster.fresh("kiz_t_not_empty");
    cluster
        .admin("kiz_t_not_empty")
        .batch_execute("CREATE TABLE other (x integer); INSERT INTO other VALUES (1)")
        .expect("another program's table");
    let mut server = Server::connect(&settings, &cluster.password).expect("connects");
    assert!(matches!(
        transfer(&file, &mut server),
        Err(Error::ServerNotEmpty { .. })
    ));
    assert!(matches!(
        server.migrate(),
        Err(Error::ServerNotEmpty { .. })
    ));
    assert!(matches!(server.state(), Err(Error::ServerNotEmpty { .. })));
    assert_eq!(cluster.count("kiz_t_not_empty", TABLES_IN_SCHEMA), 1);
    // A KIZ Desk database already in use.
    let settings = cluster.fresh("kiz_t_in_use");
    let mut server = Server::connect(&settings, &cluster.password).expect("connects");
    server.migrate().expect("set up");
    let tables = cluster.count("kiz_t_in_use", TABLES_IN_SCHEMA);
    assert!(matches!(
        transfer(&file, &mut server),
        Err(Error::ServerNotEmpty { .. })
    ));
    assert_eq!(cluster.count("kiz_t_in_use", TABLES_IN_SCHEMA), tables);
    compare(&file, &mut server).expect("still the rows of a new file");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn a_move_that_fails_on_the_way_leaves_the_server_database_empty() {
    let cluster = cluster();
    let settings = cluster.fresh("kiz_t_failed_move");
    let mut file = Db::open_in_memory().expect("a new file");
    kiz::demo::load(&mut file, common::now()).expect("the demo data");
    // A text with a NUL character: SQLite keeps it, PostgreSQL refuses it,
    // so the copy fails after many tables went over.
    execute_batch_for_tests(
        &mut file,
        "UPDATE registration SET override_reason = 'a' || char(0) || 'b' \
         WHERE id = (SELECT min(id) FROM registration)",
    )
    .expect("changed");
    let mut server = Server::connect(&settings, &cluster.password).expect("connects");
    assert!(transfer(&file, &mut server).is_err());
    assert_eq!(cluster.count("kiz_t_failed_move", TABLES_IN_SCHEMA), 0);
    assert_eq!(
        Server::check(&settings, &cluster.password).expect("answers"),
        ServerState::Empty
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn the_role_of_the_it_guide_sets_up_and_takes_a_move_without_further_rights() {
    // docs/server-setup.sql exactly as IT runs it with psql (its `\connect`
    // switches the database), with a password of the test's own.
    let cluster = cluster();
    let mut admin = cluster.admin("postgres");
    admin
        .batch_execute("DROP DATABASE IF EXISTS kiz WITH (FORCE)")
        .expect("an earlier run's database dropped");
    admin
        .batch_execute("DROP ROLE IF EXISTS kiz_desk")
        .expect("an earlier run's role dropped");
    let script = include_str!("../docs/server-setup.sql").replace("bitte-aendern", "test-secret");
    let mut statement = String::new();
    for line in script.lines() {
        if let Some(database) = line.strip_prefix("\\connect ") {
            admin = cluster.admin(database.trim());
            continue;
        }
        if line.trim_start().starts_with("--") {
            continue;
        }
        statement.push_str(line);
        statement.push('\n');
        if line.trim_end().ends_with(';') {
            admin
                .batch_execute(&statement)
                .unwrap_or_else(|e| panic!("{statement}: {e}"));
            statement.clear();
        }
    }
    assert!(
        statement.trim().is_empty(),
        "the script ends with a statement"
    );

    let mut settings = cluster.fresh("kiz_t_role_unused");
    settings.database = "kiz".into();
    settings.role = "kiz_desk".into();
    let mut file = Db::open_in_memory().expect("a new file");
    kiz::demo::load(&mut file, common::now()).expect("the demo data");
    let mut server = Server::connect(&settings, "test-secret").expect("the role logs in");
    transfer(&file, &mut server).expect("the role takes the move");
    server.migrate().expect("and is up to date");
    let row = server
        .client()
        .query_one(
            "SELECT rolsuper, rolcreatedb, rolcreaterole, \
                    has_schema_privilege(current_user, 'pg_catalog', 'CREATE') \
             FROM pg_roles WHERE rolname = current_user",
            &[],
        )
        .expect("the role's rights");
    let rights: Vec<bool> = (0..4).map(|i| row.get(i)).collect();
    assert_eq!(
        rights, [false; 4],
        "superuser, create databases, roles, in pg_catalog"
    );
    let rights = server
        .client()
        .query_one(
            "SELECT has_database_privilege(current_user, current_database(), 'CREATE'), \
                    has_database_privilege(current_user, current_database(), 'TEMPORARY'), \
                    has_schema_privilege(current_user, 'public', 'CREATE'), \
                    (SELECT datdba = (SELECT oid FROM pg_roles WHERE rolname = current_user) \
                     FROM pg_database WHERE datname = current_database())",
            &[],
        )
        .expect("the role's rights in its database");
    let rights: Vec<bool> = (0..4).map(|i| rights.get(i)).collect();
    assert_eq!(
        rights,
        [false, false, true, false],
        "no schemas, no temporary tables, its tables in public, not the database's owner"
    );
    let refused = server
        .client()
        .batch_execute("CREATE SCHEMA elsewhere")
        .expect_err("the role creates no schema");
    assert_eq!(
        refused.code(),
        Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
        "{refused}"
    );
    // With only these rights the desk works: a checkout (the write lock,
    // the triggers), the catalogue's search, and the notice to another PC.
    let mut changes =
        kiz::db::server::Changes::listen(&settings, "test-secret").expect("the role listens");
    common::medium_with_copy(&mut server, "Rollen und Rechte", "ROLLE-1");
    let reader = common::borrower(
        &mut server,
        "Rezan Xelil",
        kiz::people::BorrowerKind::Ehrenamtlich,
    );
    common::lend(&mut server, reader, "ROLLE-1", common::at_ten(2026, 11, 2)).expect("lent");
    let found = server
        .search_media(&MediaQuery {
            text: "rollen rechte".into(),
            ..MediaQuery::default()
        })
        .expect("the role searches");
    assert_eq!(found.total, 1, "{found:?}");
    let mut told = std::collections::BTreeSet::new();
    while !told.contains("loan") {
        let more = changes
            .wait(std::time::Duration::from_secs(10))
            .expect("the notice arrives");
        assert!(!more.is_empty(), "the checkout is told within 10 s");
        told.extend(more);
    }
}

/// A server database at version 11 (the baseline, as the first release of
/// the shared mode created it) that holds rows is upgraded in place, one
/// step per transaction: every row kept, the new columns of step 12 with
/// their defaults, one version row per step, and nothing more on a second
/// run.
#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see the module's docs)"
)]
fn a_version_11_server_database_with_rows_is_upgraded_in_place() {
    let cluster = cluster();
    let settings = cluster.fresh("kiz_t_upgrade");
    cluster
        .admin("kiz_t_upgrade")
        .batch_execute(concat!(
            include_str!("../src/db/server/v011_baseline.sql"),
            "
            INSERT INTO kiz_schema (version) VALUES (11);
            INSERT INTO media_kind (code, name, builtin) VALUES ('buch', 'Buch', 1);
            INSERT INTO medium (kind_id, title, level_from, level_to, created_at, updated_at)
                SELECT id, 'Linie 1 A2', 2, 3, '2026-11-12T09:30:00', '2026-11-12T09:30:00'
                FROM media_kind WHERE code = 'buch';
            INSERT INTO medium_language (medium_id, code, role)
                SELECT id, 'ar', 'hilfe' FROM medium;
            -- Its search row as versions 11 to 16 wrote it: the words only.
            INSERT INTO medium_search (medium_id, words)
                SELECT id, array_to_tsvector(ARRAY['1', 'a2', 'ki', 'linie', 'm', '000001'])
                FROM medium;
            INSERT INTO organisation (name, created_at)
                VALUES ('Kurdische Gemeinschaft', '2026-11-12T09:30:00');
            INSERT INTO copy (medium_id, barcode, created_at)
                SELECT id, 'KI-M-000001', '2026-11-12T09:30:00' FROM medium;
            INSERT INTO organisation_note (organisation_id, noted_on, kind, text, created_at)
                SELECT id, '2026-11-12', 'anruf', 'Vorstand erreicht', '2026-11-12T09:30:00'
                FROM organisation;
            INSERT INTO working_group (name, created_at)
                VALUES ('Arbeitskreis Migrantenorganisationen', '2026-11-12T09:30:00');
            INSERT INTO meeting (working_group_id, starts_at, minutes, created_at, updated_at)
                SELECT id, '2026-11-20T18:00:00', 'Raumplan', '2026-11-12T09:30:00',
                       '2026-11-12T09:30:00'
                FROM working_group;
            "
        ))
        .expect("a version-11 database with rows");
    let mut server = Server::connect(&settings, &cluster.password).expect("connects");
    server.migrate().expect("upgraded");
    let count = |sql: &str| cluster.count("kiz_t_upgrade", sql);
    assert_eq!(
        count("SELECT max(version) FROM kiz_schema"),
        LATEST_SERVER_VERSION
    );
    assert_eq!(
        count("SELECT count(*) FROM kiz_schema"),
        LATEST_SERVER_VERSION - 10,
        "one row for the baseline and one per step"
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM medium WHERE title = 'Linie 1 A2' AND version = 1 \
             AND updated_by = ''"
        ),
        1,
        "the medium is kept and has the new columns' defaults"
    );
    assert_eq!(
        count("SELECT count(*) FROM organisation WHERE version = 1 AND updated_by = ''"),
        1
    );
    // The rows that steps 15 and 16 give a version: kept, at version 1,
    // saved by an unknown workstation, never corrected since.
    for sql in [
        "SELECT count(*) FROM copy WHERE barcode = 'KI-M-000001' AND version = 1 \
         AND updated_by = '' AND updated_at IS NULL",
        "SELECT count(*) FROM meeting WHERE minutes = 'Raumplan' AND version = 1 \
         AND updated_by = ''",
        "SELECT count(*) FROM organisation_note WHERE text = 'Vorstand erreicht' \
         AND version = 1 AND updated_by = '' AND updated_at IS NULL",
    ] {
        assert_eq!(count(sql), 1, "{sql}");
    }
    // Step 17 gave the search row the medium's filter tokens: the filters
    // find it, alone and with typed words, and only where they fit.
    let found = |server: &mut Server, text: &str, level: Level, language: &str| {
        let query = MediaQuery {
            text: text.into(),
            level: Some(level),
            language: Some(language.into()),
            ..MediaQuery::default()
        };
        let page = server.search_media(&query).expect("search");
        page.rows
            .iter()
            .map(|r| r.title.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(found(&mut server, "", Level::B1, "ar"), ["Linie 1 A2"]);
    assert_eq!(found(&mut server, "lin", Level::A2, "ar"), ["Linie 1 A2"]);
    assert!(
        found(&mut server, "lin", Level::B2, "ar").is_empty(),
        "B2 is beyond its levels"
    );
    assert!(
        found(&mut server, "", Level::B1, "tr").is_empty(),
        "not in Turkish"
    );
    // Step 17 also counted the media, and the count follows what is added
    // and removed (the Medien page with nothing typed shows it).
    let total = |server: &mut Server| {
        server
            .search_media(&MediaQuery::default())
            .expect("search")
            .total
    };
    assert_eq!(total(&mut server), 1);
    let mut admin = cluster.admin("kiz_t_upgrade");
    admin
        .batch_execute(
            "INSERT INTO medium (kind_id, title, created_at, updated_at)
                 SELECT kind_id, t, created_at, updated_at FROM medium,
                        (VALUES ('Schritte plus Neu 2'), ('Menschen A1')) AS n (t);",
        )
        .expect("two media added");
    assert_eq!(total(&mut server), 3, "two added in one statement");
    // A PC still running the version before step 17 (it checks the
    // version when it connects) writes a search row with the words only:
    // the server completes it, so the filters and the sorting find it.
    admin
        .batch_execute(
            "INSERT INTO medium_search (medium_id, words)
                 SELECT id, array_to_tsvector(ARRAY['2', 'neu', 'plus', 'schritte'])
                 FROM medium WHERE title = 'Schritte plus Neu 2'",
        )
        .expect("a search row as version 16 writes it");
    let page = server
        .search_media(&MediaQuery {
            text: "schritte".into(),
            kind_id: Some(cluster.count(
                "kiz_t_upgrade",
                "SELECT id FROM media_kind WHERE code = 'buch'",
            )),
            ..MediaQuery::default()
        })
        .expect("search");
    assert_eq!(
        page.rows
            .iter()
            .map(|r| r.title.as_str())
            .collect::<Vec<_>>(),
        ["Schritte plus Neu 2"]
    );
    admin
        .batch_execute("DELETE FROM medium WHERE title = 'Menschen A1'")
        .expect("one removed");
    assert_eq!(total(&mut server), 2, "one removed");
    server.migrate().expect("nothing to do");
    assert_eq!(
        count("SELECT count(*) FROM kiz_schema"),
        LATEST_SERVER_VERSION - 10
    );
}

/// Einstellungen on the shared database: the institution, the slip format
/// and the smallest count a report shows are saved on the server (for
/// every PC), as on the file; what a rule refuses is refused there too and
/// changes nothing.
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_settings_all_pcs_share_are_saved_on_the_server() {
    use kiz::db::engine::Engine;
    use kiz::settings::{self, Institution, SlipFormat};

    let mut file = common::test_db();
    let (mut server, _) = cluster().moved(&file, "kiz_t_server_settings");
    let institution = Institution {
        name: "Kommunales Integrationszentrum Rhein-Sieg-Kreis".into(),
        street: "Kaiser-Wilhelm-Platz 1".into(),
        postal_code: "53721".into(),
        city: "Siegburg".into(),
        email: "ki@rhein-sieg-kreis.de".into(),
        ..Institution::default()
    };
    let on_file = settings::save_institution(&mut file, &institution).expect("saved");
    let on_server = settings::save_institution(&mut server, &institution).expect("saved");
    assert_eq!(on_server, on_file);
    let read = server
        .read_sql(settings::institution_in)
        .expect("read from the server");
    assert_eq!(read.name, institution.name);
    assert_eq!(read.city, "Siegburg");
    let nameless = settings::save_institution(&mut server, &Institution::default());
    assert!(
        matches!(nameless, Err(Error::InstitutionNameEmpty)),
        "{nameless:?}"
    );
    assert_eq!(
        server
            .read_sql(settings::institution_in)
            .expect("read")
            .name,
        institution.name,
        "nothing changed"
    );

    assert_eq!(
        settings::set_slip_format(&mut server, "roll_80").expect("set"),
        SlipFormat::Roll80
    );
    assert_eq!(
        server.read_sql(settings::slip_format_in).expect("read"),
        SlipFormat::Roll80
    );
    assert!(matches!(
        settings::set_slip_format(&mut server, "a3"),
        Err(Error::UnknownSlipFormat)
    ));
    assert_eq!(
        server.read_sql(settings::slip_format_in).expect("read"),
        SlipFormat::Roll80
    );

    assert_eq!(
        settings::set_report_min_count(&mut server, 5).expect("set"),
        5
    );
    assert!(matches!(
        settings::set_report_min_count(&mut server, 0),
        Err(Error::ReportMinCountInvalid { .. })
    ));
    assert_eq!(
        server
            .read_sql(settings::report_min_count_in)
            .expect("read"),
        5
    );
}
