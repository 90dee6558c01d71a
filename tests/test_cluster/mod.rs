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

/// A test's data on one engine, for the rules that must hold on both (the
/// issue's "every core test on both engines"): a new file, or a new
/// database on the test cluster set up as a PC's first connection sets it
/// up (the same starting rows as a new file). Writes take it as the
/// `&mut impl Engine` the core's areas take; reads go through the areas'
/// `…_in` functions with [`TestStore::read`].
pub enum TestStore {
    File(kiz::Db),
    /// The connection and the database's name (dropped with the store).
    Server(Box<Server>, String),
}

impl Drop for TestStore {
    /// A server database goes with its test, so a run does not leave a
    /// hundred databases on the cluster. Never panics (it may run while a
    /// failed test unwinds); a database left behind is dropped by the next
    /// run of the same test.
    fn drop(&mut self) {
        if let TestStore::Server(_, database) = self {
            let cluster = cluster();
            let admin = postgres::Config::new()
                .host(&cluster.host)
                .port(cluster.port)
                .user(&cluster.user)
                .password(&cluster.password)
                .dbname("postgres")
                .connect(postgres::NoTls);
            if let Ok(mut admin) = admin {
                let _ = admin
                    .batch_execute(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"));
            }
        }
    }
}

/// The database of the test named `test` (a hash: a test's path is longer
/// than PostgreSQL's names).
fn database_for(test: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    test.hash(&mut hasher);
    format!("kiz_t_{:016x}", hasher.finish())
}

impl TestStore {
    /// A new file in memory, as `common::test_db` makes it.
    pub fn file() -> Self {
        TestStore::File(kiz::Db::open_in_memory().expect("an in-memory database always opens"))
    }

    /// A new database on the test cluster for the test named `test`
    /// (dropped first if a run before left it), set up by connecting.
    pub fn server(test: &str) -> Self {
        let cluster = cluster();
        let database = database_for(test);
        let settings = cluster.fresh(&database);
        let mut server = Server::connect(&settings, &cluster.password).expect("connects");
        server.migrate().expect("the database is set up");
        TestStore::Server(Box::new(server), database)
    }

    /// Two desks on one new server database (set up): for the races.
    #[allow(dead_code)]
    pub fn two_desks(database: &str) -> (Server, Server) {
        let cluster = cluster();
        let settings = cluster.fresh(database);
        let mut first = Server::connect(&settings, &cluster.password).expect("connects");
        first.migrate().expect("the database is set up");
        let second = Server::connect(&settings, &cluster.password).expect("connects");
        (first, second)
    }

    /// Two desks on one new file (each its own connection), and the folder
    /// that holds it: for the races.
    #[allow(dead_code)]
    pub fn two_desks_on_a_file() -> (tempfile::TempDir, kiz::Db, kiz::Db) {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("kiz.sqlite");
        let first = kiz::Db::open(&path).expect("a new file");
        let second = kiz::Db::open(&path).expect("opened again");
        (dir, first, second)
    }

    /// A new database on the test cluster for the test named `test`
    /// holding `file`'s rows, moved as "Daten auf den Server übertragen"
    /// moves them (the sequences follow the rows): for a scenario whose
    /// fixture is written as SQLite rows (`from = sample` in
    /// [`on_both_engines!`]).
    pub fn moved(file: kiz::Db, test: &str) -> Self {
        let cluster = cluster();
        let database = database_for(test);
        let (server, _) = cluster.moved(&file, &database);
        TestStore::Server(Box::new(server), database)
    }

    /// Runs `sql` (statements separated by `;`, no `;` inside a literal,
    /// written so that both engines read it) in one write: a scenario's
    /// own rows where no area writes them.
    pub fn execute(&mut self, sql: &str) {
        use kiz::db::engine::Engine;
        match self {
            TestStore::File(db) => {
                kiz::db::execute_batch_for_tests(db, sql).expect("the statements run");
            }
            TestStore::Server(..) => {
                self.write_sql(|s| {
                    for statement in sql.split(';').filter(|t| !t.trim().is_empty()) {
                        s.run(statement, &[])?;
                    }
                    Ok(())
                })
                .expect("the statements run");
            }
        }
    }

    /// The file itself, for a test of what only the file has (FTS5's
    /// segments, the file's pages). Panics on the server.
    pub fn as_file(&mut self) -> &mut kiz::Db {
        match self {
            TestStore::File(db) => db,
            TestStore::Server(..) => panic!("a test of the file's own storage"),
        }
    }

    /// The store the core's functions take.
    pub fn store(&mut self) -> kiz::store::Store<'_> {
        match self {
            TestStore::File(db) => kiz::store::Store::File(db),
            TestStore::Server(server, _) => kiz::store::Store::Server(server),
        }
    }

    /// The file's scrubbing after an erasure or a deletion, as the app
    /// runs it after `privacy::erase_on` and the like (nothing on the
    /// server, whose own clean-up removes old row versions).
    pub fn scrub(&mut self) {
        self.store()
            .scrub_after_erasure()
            .expect("the file is scrubbed");
    }

    /// The rows of a query, to look at what is stored where no area reads
    /// it (`common::stored` on the file).
    pub fn rows(
        &mut self,
        sql: &str,
        args: &[kiz::db::engine::Value],
    ) -> Vec<kiz::db::engine::SqlRow> {
        self.read(|s| s.rows(sql, args)).expect("the query runs")
    }

    /// The number of rows in `table` (`kiz::db::count_rows_for_tests` on
    /// the file).
    pub fn count(&mut self, table: &str) -> i64 {
        self.rows(&format!("SELECT count(*) FROM {table}"), &[])[0]
            .get(0)
            .expect("a count")
    }

    /// Reads on one state of the data: `store.read(|sql| people::borrower_in(sql, id))`.
    pub fn read<T>(
        &mut self,
        f: impl FnOnce(&dyn kiz::db::engine::Sql) -> kiz::Result<T>,
    ) -> kiz::Result<T> {
        use kiz::db::engine::Engine;
        self.store().read_sql(f)
    }
}

impl kiz::db::engine::Engine for TestStore {
    fn write_sql<T>(
        &mut self,
        f: impl FnMut(&dyn kiz::db::engine::Sql) -> kiz::Result<T>,
    ) -> kiz::Result<T> {
        self.store().write_sql(f)
    }

    fn read_sql<T>(
        &mut self,
        f: impl FnOnce(&dyn kiz::db::engine::Sql) -> kiz::Result<T>,
    ) -> kiz::Result<T> {
        self.store().read_sql(f)
    }
}

/// So that a helper taking `&mut impl Engine` is called alike from a test
/// on a `Db` (`&mut db`) and from a scenario on a `&mut TestStore`.
impl kiz::db::engine::Engine for &mut TestStore {
    fn write_sql<T>(
        &mut self,
        f: impl FnMut(&dyn kiz::db::engine::Sql) -> kiz::Result<T>,
    ) -> kiz::Result<T> {
        (**self).write_sql(f)
    }

    fn read_sql<T>(
        &mut self,
        f: impl FnOnce(&dyn kiz::db::engine::Sql) -> kiz::Result<T>,
    ) -> kiz::Result<T> {
        (**self).read_sql(f)
    }
}

impl kiz::catalogue::CatalogueStore for TestStore {
    fn search_media(
        &mut self,
        query: &kiz::catalogue::MediaQuery,
    ) -> kiz::Result<kiz::catalogue::MediaPage> {
        self.store().search_media(query)
    }
}

/// Two tests of one scenario, `<name>::on_the_file` and
/// `<name>::on_the_server`, each on a [`TestStore`] of its own. The
/// scenario is an ordinary function (so rustfmt and clippy see it) next to
/// the macro call; a module and a function may share a name:
///
/// ```ignore
/// /// What the rule is.
/// fn a_rule_holds(db: &mut TestStore) { … }
/// on_both_engines!(a_rule_holds);
/// ```
#[allow(unused_macros)]
macro_rules! on_both_engines {
    ($name:ident) => {
        on_both_engines!(@both $name, #[cfg(all())], TestStore::file(), TestStore::server);
    };
    // A scenario that needs a Linux program (poppler, zbar) is ignored on
    // Windows, on both engines.
    ($name:ident, ignore_on_windows = $why:literal) => {
        on_both_engines!(
            @both $name, #[cfg_attr(windows, ignore = $why)], TestStore::file(), TestStore::server
        );
    };
    // A scenario that starts from the rows `$fixture()` writes into a file:
    // the file itself, or the file moved to the server.
    ($name:ident, from = $fixture:ident) => {
        on_both_engines!(
            @both $name, #[cfg(all())], TestStore::File(super::$fixture()),
            |test| TestStore::moved(super::$fixture(), test)
        );
    };
    ($name:ident, from = $fixture:ident, ignore_on_windows = $why:literal) => {
        on_both_engines!(
            @both $name, #[cfg_attr(windows, ignore = $why)], TestStore::File(super::$fixture()),
            |test| TestStore::moved(super::$fixture(), test)
        );
    };
    (@both $name:ident, #[$file:meta], $on_file:expr, $on_server:expr) => {
        mod $name {
            use super::TestStore;

            #[test]
            #[$file]
            fn on_the_file() {
                super::$name(&mut $on_file);
            }

            #[test]
            #[cfg_attr(
                windows,
                ignore = "needs TLS to the test server, which Wine's schannel does not complete (see tests/server.rs)"
            )]
            fn on_the_server() {
                super::$name(&mut ($on_server)(concat!(
                    module_path!(),
                    "::",
                    stringify!($name)
                )));
            }
        }
    };
}
