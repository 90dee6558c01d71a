//! The throwaway PostgreSQL cluster of `cargo xtask test`
//! (`xtask/src/test_server.rs`), shared by the server test files: its
//! `PGHOST`, `PGPORT`, `PGUSER` and `PGPASSWORD`, and a new database per
//! test reached with TLS through the test CA (`KIZ_TEST_SERVER_CA`).
//! Not every test file uses every helper.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use kiz::db::server::{transfer, Server, ServerSettings};

/// The test cluster, as `pg_virtualenv` describes it.
pub struct Cluster {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: String,
}

pub fn cluster() -> Cluster {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!(
                "{name} is not set: these tests need the PostgreSQL test server that \
                 `cargo xtask test` starts (pg_virtualenv)"
            )
        })
    };
    Cluster {
        host: var("PGHOST"),
        port: var("PGPORT").parse().expect("PGPORT is a port number"),
        user: var("PGUSER"),
        password: var("PGPASSWORD"),
    }
}

impl Cluster {
    /// A connection as the cluster's superuser (without TLS: it only
    /// creates and looks into the test databases).
    pub fn admin(&self, database: &str) -> postgres::Client {
        postgres::Config::new()
            .host(&self.host)
            .port(self.port)
            .user(&self.user)
            .password(&self.password)
            .dbname(database)
            .connect(postgres::NoTls)
            .expect("the test cluster accepts its superuser")
    }

    /// A new database of this name holding `file`'s data (moved as the
    /// app moves a PC's file), connected as the app connects: a server test
    /// that starts from the same fixture as its file twin.
    pub fn moved(&self, file: &kiz::Db, database: &str) -> (Server, ServerSettings) {
        let settings = self.fresh(database);
        let mut server = Server::connect(&settings, &self.password).expect("connects");
        transfer(file, &mut server).expect("moved");
        (server, settings)
    }

    /// A new, empty database of this name (dropped first if a run before
    /// left it), and the settings that reach it with TLS.
    pub fn fresh(&self, database: &str) -> ServerSettings {
        self.fresh_with(database, "")
    }

    /// [`Cluster::fresh`] with options of `CREATE DATABASE` (a collation).
    pub fn fresh_with(&self, database: &str, options: &str) -> ServerSettings {
        let mut admin = self.admin("postgres");
        // Two statements: neither may run inside a transaction block.
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
            .expect("a database of an earlier run is dropped");
        admin
            .batch_execute(&format!("CREATE DATABASE {database} {options}"))
            .expect("the test cluster creates a database");
        let authority = std::env::var_os("KIZ_TEST_SERVER_CA").unwrap_or_else(|| {
            panic!(
                "KIZ_TEST_SERVER_CA is not set: it names the CA that signed the test \
                 cluster's certificate (`cargo xtask test` makes both)"
            )
        });
        ServerSettings {
            host: self.host.clone(),
            port: self.port,
            database: database.to_owned(),
            role: self.user.clone(),
            ca_file: Some(PathBuf::from(authority)),
        }
    }

    #[allow(dead_code)] // not every test file counts
    pub fn count(&self, database: &str, sql: &str) -> i64 {
        self.admin(database)
            .query_one(sql, &[])
            .expect("the query runs")
            .get(0)
    }
}

/// A CA certificate (PEM) of an authority that signed nothing the test
/// cluster shows, made with openssl in `dir`.
pub fn another_ca(dir: &Path) -> PathBuf {
    let certificate = dir.join("other-ca.pem");
    let made = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", "/CN=another CA", "-keyout"])
        .arg(dir.join("other-ca.key"))
        .arg("-out")
        .arg(&certificate)
        .output()
        .expect("openssl runs");
    assert!(made.status.success(), "openssl made a CA");
    certificate
}
