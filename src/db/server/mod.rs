//! The shared database on a PostgreSQL server, for when several PCs work on
//! one database (the desk, the offices, a laptop at the fair). A single PC
//! keeps the SQLite file of [`Db`](crate::Db); nothing here is used unless
//! IT sets a server up.
//!
//! What this module gives so far: the connection (TLS always required, the
//! server's certificate checked against the municipal CA or the system's
//! trusted ones), a check that says in one error what is wrong (server not
//! reachable, login refused, certificate not trusted, no TLS, database
//! missing, database of a newer version), the server's schema and its
//! versions (taken under an advisory lock, so that PCs starting at once
//! upgrade once), and the move of a file's data onto an empty server
//! database in one transaction, checked table by table.
//!
//! The client is the synchronous `postgres` crate: the core is synchronous
//! (like rusqlite), and that crate is the maintained synchronous client of
//! the same authors as the asynchronous `tokio-postgres` it wraps (Tauri
//! already brings tokio, so it adds only the protocol). TLS goes through
//! `native-tls`, which the updater uses already.

mod changes;
mod copy;
mod schema;
mod search_rows;
mod settings;

use std::path::PathBuf;
use std::time::Duration;

use native_tls::{Certificate, TlsConnector};
use postgres::config::SslMode;
use postgres::error::SqlState;
use postgres::Client;
use postgres_native_tls::MakeTlsConnector;
use serde::{Deserialize, Serialize};

use crate::db::engine::Statements;
use crate::{Error, Result};

pub use changes::Changes;
pub use copy::{compare, transfer, TableRows, SHARED_TABLES};
pub use schema::LATEST_SERVER_VERSION;
pub use search_rows::reindex_media;
pub(crate) use search_rows::reindex_medium;
pub use settings::{parse_policy, read_policy, ServerForm};

/// How long a connection attempt waits for the server before it counts as
/// not reachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a connection is quiet before TCP asks whether the server is
/// still there, and how often it asks again.
const KEEPALIVE_IDLE: Duration = Duration::from_secs(30);
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(10);

/// The default port of PostgreSQL.
pub const DEFAULT_PORT: u16 = 5432;

/// Where the shared database is, as IT writes it into the policy file or
/// staff enter it in Einstellungen → Datenbank. The password is not part of
/// it: it lives in the system's credential store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerSettings {
    /// The server's name or address, as its certificate names it.
    pub host: String,
    /// Its port.
    pub port: u16,
    /// The database on it.
    pub database: String,
    /// The login role KIZ Desk uses.
    pub role: String,
    /// The certificate (PEM) of the authority that signed the server's
    /// certificate, usually the municipal CA; without it, the CAs the
    /// system trusts.
    pub ca_file: Option<PathBuf>,
}

impl ServerSettings {
    /// How the server is named to the user: `host:port/database`.
    pub fn label(&self) -> String {
        format!(
            "{}:{}/{}",
            self.host.trim(),
            self.port,
            self.database.trim()
        )
    }

    fn validate(&self) -> Result<()> {
        for (value, field) in [
            (&self.host, "server_host"),
            (&self.database, "server_database"),
            (&self.role, "server_role"),
        ] {
            if value.trim().is_empty() {
                return Err(Error::Required { field });
            }
        }
        if self.port == 0 {
            return Err(Error::Required {
                field: "server_port",
            });
        }
        Ok(())
    }
}

/// What a server database holds, as far as KIZ Desk is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ServerState {
    /// No KIZ Desk schema yet: ready to be set up, or to take the data of
    /// a file.
    Empty,
    /// A KIZ Desk database this version can work with (after upgrading it
    /// if `version` is older).
    Ready {
        /// Its schema version.
        version: i64,
    },
}

/// An open connection to the shared database.
pub struct Server {
    client: Client,
    settings: ServerSettings,
    /// The statements of [`crate::db::engine`] prepared in this session.
    statements: Statements,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("server", &self.settings.label())
            .finish()
    }
}

impl Server {
    /// Connects with TLS required and the server's certificate checked.
    ///
    /// # Errors
    /// [`Error::Required`] for a setting left empty,
    /// [`Error::CaFileUnreadable`], [`Error::ServerUnreachable`],
    /// [`Error::ServerWithoutTls`], [`Error::ServerCertificateNotTrusted`],
    /// [`Error::ServerLoginRefused`], [`Error::ServerLoginNotAllowed`],
    /// [`Error::ServerDatabaseMissing`].
    pub fn connect(settings: &ServerSettings, password: &str) -> Result<Server> {
        settings.validate()?;
        let mut tls = TlsConnector::builder();
        if let Some(path) = &settings.ca_file {
            let unreadable = || Error::CaFileUnreadable { path: path.clone() };
            let pem = std::fs::read(path).map_err(|_| unreadable())?;
            // PEM (every certificate of a bundle), or DER as Windows'
            // certificate export writes `.cer`.
            let authorities = match Certificate::stack_from_pem(&pem) {
                Ok(stack) if !stack.is_empty() => stack,
                _ => vec![Certificate::from_der(&pem).map_err(|_| unreadable())?],
            };
            for ca in authorities {
                tls.add_root_certificate(ca);
            }
            // The CA IT names is the only one trusted for this server: a
            // certificate that another authority of the system signed
            // does not pass.
            tls.disable_built_in_roots(true);
        }
        let tls = tls
            .build()
            .map_err(|_| Error::ServerCertificateNotTrusted {
                server: settings.label(),
            })?;
        let client = postgres::Config::new()
            .host(settings.host.trim())
            .port(settings.port)
            .dbname(settings.database.trim())
            .user(settings.role.trim())
            .password(password)
            .ssl_mode(SslMode::Require)
            .connect_timeout(CONNECT_TIMEOUT)
            // A connection whose network went away without a word (a
            // laptop asleep, a firewall dropping an idle flow) is noticed
            // within about a minute (Windows: about two, its own number of
            // probes), not after the system's two hours.
            .keepalives_idle(KEEPALIVE_IDLE)
            .keepalives_interval(KEEPALIVE_INTERVAL)
            .keepalives_retries(3)
            .application_name("KIZ Desk")
            .connect(MakeTlsConnector::new(tls))
            .map_err(|e| connect_error(e, settings))?;
        let mut client = client;
        client.batch_execute(&format!(
            "SET idle_in_transaction_session_timeout = '{}ms'",
            IDLE_IN_WRITE.as_millis()
        ))?;
        Ok(Server {
            client,
            settings: settings.clone(),
            statements: Statements::new(),
        })
    }

    /// Connects and says what the database holds, changing nothing: what
    /// the "Verbindung testen" button shows.
    ///
    /// # Errors
    /// As [`Server::connect`], [`Error::ServerDatabaseTooNew`], and
    /// [`Error::ServerNotEmpty`] for a database of tables that are not
    /// KIZ Desk's.
    pub fn check(settings: &ServerSettings, password: &str) -> Result<ServerState> {
        Server::connect(settings, password)?.state()
    }

    /// Where this connection goes.
    pub fn settings(&self) -> &ServerSettings {
        &self.settings
    }

    /// What the database holds, changing nothing.
    ///
    /// # Errors
    /// [`Error::ServerDatabaseTooNew`]; a failure of the connection.
    pub fn state(&mut self) -> Result<ServerState> {
        match schema::version(&mut self.client)? {
            None if schema::table_count(&mut self.client)? > 0 => Err(Error::ServerNotEmpty {
                server: self.settings.label(),
            }),
            None => Ok(ServerState::Empty),
            Some(found) if found > LATEST_SERVER_VERSION => Err(self.too_new(found)),
            Some(version) => Ok(ServerState::Ready { version }),
        }
    }

    /// Brings the database to this version's schema: an empty one gets the
    /// schema and the rows a new file starts with, an older one the missing
    /// steps. Each step runs in one transaction under an advisory lock, so
    /// that PCs starting at the same moment apply it once; a database of a
    /// newer version is refused and left as it is.
    ///
    /// # Errors
    /// [`Error::ServerDatabaseTooNew`]; a failure of the server.
    pub fn migrate(&mut self) -> Result<()> {
        let label = self.settings.label();
        // A statement prepared before a schema step may no longer fit it.
        self.statements.clear();
        schema::migrate(&mut self.client).map_err(|e| match e {
            Error::ServerDatabaseTooNew {
                found, supported, ..
            } => Error::ServerDatabaseTooNew {
                server: label,
                found,
                supported,
            },
            Error::ServerNotEmpty { .. } => Error::ServerNotEmpty { server: label },
            other => other,
        })
    }

    /// The client, for the stores and the tests.
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }

    /// Runs `f` in one transaction and commits when it returns `Ok`; on
    /// `Err` nothing of it is stored. What [`crate::Db`]'s `BEGIN
    /// IMMEDIATE` gives the file, for several PCs: the transaction first
    /// takes the database's write lock (a transaction-level advisory lock,
    /// released by the commit or the rollback), so that writes follow one
    /// another and a rule that reads before it writes ("is the copy on the
    /// shelf?", "is the workshop full?") sees every write committed before
    /// it. Readers are not held up. A transaction the server aborts as a
    /// deadlock or a serialisation failure (with someone who does not take
    /// the lock: IT's maintenance, a report tool) is run again, up to
    /// [`WRITE_ATTEMPTS`] times in all; `f` must therefore only act through
    /// the transaction.
    ///
    /// A write waits at most [`WRITE_WAIT`] for the lock (and for any row
    /// another session holds): a desk whose connection died in the middle
    /// of a write holds the lock until the server ends its session, which
    /// it does after [`IDLE_IN_WRITE`] without a word from it.
    ///
    /// # Errors
    /// What `f` returns; [`Error::ServerBusy`] after waiting
    /// [`WRITE_WAIT`]; a failure of the server (after the last attempt for
    /// a deadlock or serialisation failure).
    pub fn write<T>(
        &mut self,
        mut f: impl FnMut(&mut postgres::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_with_statements(|tx, _| f(tx))
    }

    /// [`Server::write`], with the session's prepared statements for
    /// [`crate::db::engine`].
    pub(crate) fn write_with_statements<T>(
        &mut self,
        mut f: impl FnMut(&mut postgres::Transaction<'_>, &mut Statements) -> Result<T>,
    ) -> Result<T> {
        let mut attempt = 1;
        loop {
            match self.write_once(&mut f) {
                Err(error) if is_transient(&error) && attempt < WRITE_ATTEMPTS => attempt += 1,
                Err(Error::Postgres {
                    sqlstate: Some(code),
                    ..
                }) if code == SqlState::LOCK_NOT_AVAILABLE.code() => {
                    return Err(Error::ServerBusy {
                        server: self.settings.label(),
                    })
                }
                done => return done,
            }
        }
    }

    fn write_once<T>(
        &mut self,
        f: &mut impl FnMut(&mut postgres::Transaction<'_>, &mut Statements) -> Result<T>,
    ) -> Result<T> {
        // READ COMMITTED whatever IT set as the default: each statement
        // sees what was committed before it, so the writes before the lock
        // are seen once it is held (a snapshot taken when the transaction
        // began would not show them).
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::ReadCommitted)
            .start()?;
        // Both in one round trip to the server.
        tx.batch_execute(&format!(
            "SET LOCAL lock_timeout = '{}ms'; SELECT pg_advisory_xact_lock({WRITE_LOCK})",
            WRITE_WAIT.as_millis()
        ))?;
        let value = f(&mut tx, &mut self.statements)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs `f` on one snapshot of the database (a read-only REPEATABLE
    /// READ transaction): every read of it sees the same committed state,
    /// as the file's reads inside one transaction do.
    pub(crate) fn read_with_statements<T>(
        &mut self,
        f: impl FnOnce(&mut postgres::Transaction<'_>, &mut Statements) -> Result<T>,
    ) -> Result<T> {
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let value = f(&mut tx, &mut self.statements)?;
        tx.commit()?;
        Ok(value)
    }

    fn too_new(&self, found: i64) -> Error {
        Error::ServerDatabaseTooNew {
            server: self.settings.label(),
            found,
            supported: LATEST_SERVER_VERSION,
        }
    }
}

/// How often [`Server::write`] runs a transaction that the server aborted
/// as a deadlock or a serialisation failure.
pub const WRITE_ATTEMPTS: u32 = 3;

/// The key of the advisory lock every write holds ("KIZ-WRIT"); the
/// schema steps hold another one. IT's own scripts that change KIZ Desk's
/// tables can take it too (`SELECT pg_advisory_xact_lock(…)`).
pub const WRITE_LOCK: i64 = 0x4b49_5a2d_5752_4954;

/// How long a write waits for the lock or a row before it gives up with
/// [`Error::ServerBusy`]: far longer than any desk's write, shorter than
/// staff wait before they think the program hangs.
pub const WRITE_WAIT: Duration = Duration::from_secs(15);

/// After this long inside a transaction without a word from the PC, the
/// server ends that PC's session (`idle_in_transaction_session_timeout`,
/// set for every connection): a laptop whose network went away in the
/// middle of a write does not hold the write lock for hours.
pub const IDLE_IN_WRITE: Duration = Duration::from_secs(60);

/// A failure that goes away when the transaction is run again: a
/// serialisation failure (40001) or a deadlock (40P01).
fn is_transient(error: &Error) -> bool {
    matches!(error, Error::Postgres { sqlstate: Some(code), .. }
        if code == SqlState::T_R_SERIALIZATION_FAILURE.code()
            || code == SqlState::T_R_DEADLOCK_DETECTED.code())
}

/// Names what went wrong when connecting, by what the server said or, when
/// it said nothing, by what failed underneath (TLS or the network).
fn connect_error(error: postgres::Error, settings: &ServerSettings) -> Error {
    let server = settings.label();
    if let Some(code) = error.as_db_error().map(|db| db.code().clone()) {
        let role = || settings.role.trim().to_owned();
        if code == SqlState::INVALID_PASSWORD {
            return Error::ServerLoginRefused {
                server,
                role: role(),
            };
        }
        // 28000: a role without LOGIN, or pg_hba.conf has no line for it
        // (or one that says "reject").
        if code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
            return Error::ServerLoginNotAllowed {
                server,
                role: role(),
            };
        }
        if code == SqlState::INVALID_CATALOG_NAME {
            return Error::ServerDatabaseMissing {
                server,
                database: settings.database.trim().to_owned(),
            };
        }
        return Error::from(error);
    }
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        if cause.downcast_ref::<native_tls::Error>().is_some() {
            return Error::ServerCertificateNotTrusted { server };
        }
        if cause.downcast_ref::<std::io::Error>().is_some() {
            return Error::ServerUnreachable { server };
        }
        // tokio-postgres's cause when the server answers the request for
        // TLS with "no": a plain message.
        if cause.to_string().contains("does not support TLS") {
            return Error::ServerWithoutTls { server };
        }
        source = cause.source();
    }
    // Nothing recognised underneath (tokio-postgres reports a timeout as
    // an io::Error, caught above): counted as not reachable, the one
    // thing staff can check themselves.
    Error::ServerUnreachable { server }
}
