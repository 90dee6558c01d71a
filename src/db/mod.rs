//! Opening the database file, its connection settings and its migrations.
//!
//! Connection settings, on every connection:
//! - `journal_mode=WAL`: readers never block the one writer; the file must
//!   therefore stay on a local disk (the shell warns about network folders).
//! - `synchronous=FULL`: in WAL mode, NORMAL may lose the last committed
//!   transactions on a power cut (they are durable only against a crash of the
//!   app). A loan or a registration that the desk showed as done must survive
//!   a power cut, and the desk writes a few transactions a minute, so the
//!   extra fsync per commit costs nothing anyone can notice.
//! - `foreign_keys=ON`, and a busy timeout of five seconds.
//! - `cache_size` of [`PAGE_CACHE_KIB`] instead of SQLite's 2 MB: a search
//!   reads a page of the medium or copy tables per hit, and with 100,000
//!   media (an 80 MB file) the default cache kept only a fortieth of them, so
//!   hits went to the operating system for their pages (measured on one
//!   filtered search of 1,001 hits: 3.4 ms median with the default cache,
//!   1.2 ms with this one). The cache is filled only with pages read, so a
//!   small file takes no more memory than before.
//!
//! Writes go through [`Db::write`], which opens `BEGIN IMMEDIATE`: a deferred
//! transaction that reads first and writes later can fail with SQLITE_BUSY
//! whatever the busy timeout is.

pub mod engine;
mod migrations;
pub mod server;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use crate::{Error, Result};

pub use migrations::LATEST_VERSION;

/// How long a connection waits for another writer before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The most memory a connection keeps database pages in, in KiB (64 MiB).
pub const PAGE_CACHE_KIB: i64 = 64 * 1024;

/// How many prepared statements a connection keeps.
const STATEMENT_CACHE: usize = 64;

/// The one handle to the database that the core works on.
pub struct Db {
    conn: Connection,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("path", &self.path).finish()
    }
}

impl Db {
    /// Opens (or creates) the database file at `path` and brings its schema
    /// up to [`LATEST_VERSION`].
    ///
    /// A file that is not a database, is damaged, or was written by a newer
    /// version is refused and left exactly as it was: it is neither changed
    /// nor deleted, and no new empty database takes its place.
    ///
    /// # Errors
    /// [`Error::DatabaseTooNew`], [`Error::NotADatabase`],
    /// [`Error::DatabaseCorrupt`], [`Error::DatabaseLocked`],
    /// [`Error::DataFolderNotWritable`].
    pub fn open(path: &Path) -> Result<Db> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|_| Error::DataFolderNotWritable {
                path: folder.to_path_buf(),
            })?;
        }
        let exists = std::fs::metadata(path)
            .map(|m| m.len() > 0)
            .unwrap_or(false);
        if exists {
            // Look before touching: a read-only connection cannot change the
            // file, so a refused file stays byte-for-byte as it was.
            check_existing(path)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|e| open_error(e, path))?;
        let mut db = Db {
            conn,
            path: Some(path.to_path_buf()),
        };
        db.configure().map_err(|e| open_error_from(e, path))?;
        migrations::migrate(&mut db.conn).map_err(|e| open_error_from(e, path))?;
        Ok(db)
    }

    /// Looks at the file at `path` before the start-up check, without
    /// changing it: whether it exists and is of this version. A file of this
    /// version comes back opened read-only and unchecked, for what the first
    /// screen shows (the interface language, whether it holds anything)
    /// while [`Db::open`] checks it; nothing can be written through it, and
    /// nothing the desk does may rest on it.
    ///
    /// # Errors
    /// As [`Db::open`] for a file it cannot read or that a newer version
    /// wrote; the caller then opens with [`Db::open`], which says why.
    pub fn look_before_check(path: &Path) -> Result<Look> {
        let exists = std::fs::metadata(path)
            .map(|m| m.len() > 0)
            .unwrap_or(false);
        if !exists {
            return Ok(Look::NoFile);
        }
        let (conn, version) = open_read_only(path)?;
        if version < LATEST_VERSION {
            return Ok(Look::Older);
        }
        register_sort_key(&conn).map_err(|e| open_error_from(e, path))?;
        Ok(Look::Current(Db {
            conn,
            path: Some(path.to_path_buf()),
        }))
    }

    /// Opens a private in-memory database with every migration applied (tests,
    /// benchmarks).
    ///
    /// # Errors
    /// Only SQLite failures.
    pub fn open_in_memory() -> Result<Db> {
        let conn = Connection::open_in_memory()?;
        let mut db = Db { conn, path: None };
        db.configure()?;
        migrations::migrate(&mut db.conn)?;
        Ok(db)
    }

    /// The file this database lives in; `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Writes a consistent, compacted copy of the whole database to a new
    /// file at `target` (`VACUUM INTO`): a read transaction, so writers are
    /// never blocked for long and the copy never holds half a write.
    ///
    /// # Errors
    /// SQLite failures, for example when `target` exists already.
    pub fn vacuum_into(&self, target: &Path) -> Result<()> {
        self.conn
            .execute("VACUUM INTO ?1", [target.to_string_lossy().as_ref()])?;
        Ok(())
    }

    /// The schema version of the open file (`PRAGMA user_version`).
    ///
    /// # Errors
    /// Only SQLite failures.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    fn configure(&mut self) -> Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        if self.path.is_some() {
            let mode: String =
                self.conn
                    .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            debug_assert_eq!(mode.to_ascii_lowercase(), "wal");
        }
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        // Erased and anonymised people must be gone from the file, not
        // only from its tables: SQLite otherwise leaves deleted content in
        // free pages and free space within pages until it is reused.
        self.conn.pragma_update(None, "secure_delete", true)?;
        // A negative size is in KiB rather than pages.
        self.conn
            .pragma_update(None, "cache_size", -PAGE_CACHE_KIB)?;
        register_sort_key(&self.conn)?;
        // A checkout runs some twenty statements through `engine::Sql`,
        // each kept prepared; rusqlite's default of 16 would prepare most
        // of them again on every scan.
        self.conn
            .set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(())
    }

    /// Read access for queries. Reads need no explicit transaction.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction and commits when it
    /// returns `Ok`; on `Err` nothing of it is stored.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

/// What [`Db::look_before_check`] found.
#[derive(Debug)]
pub enum Look {
    /// No database file yet: [`Db::open`] makes one.
    NoFile,
    /// A file of an older version: [`Db::open`] checks and upgrades it.
    Older,
    /// A file of this version, open for reading only and not yet checked.
    Current(Db),
}

/// The settings SQLite reports for a connection, for tests and the
/// diagnostics page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConnectionSettings {
    /// `PRAGMA journal_mode`.
    pub journal_mode: String,
    /// `PRAGMA synchronous`: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
    pub synchronous: i64,
    /// `PRAGMA foreign_keys`.
    pub foreign_keys: bool,
    /// `PRAGMA busy_timeout` in milliseconds.
    pub busy_timeout_ms: i64,
    /// The page cache in KiB (`PRAGMA cache_size`, which reports a size in
    /// KiB as a negative number).
    pub page_cache_kib: i64,
    /// `PRAGMA secure_delete`: deleted content is overwritten with zeros.
    pub secure_delete: bool,
}

/// Switches secure deletion off or on for this connection, so that the
/// benchmarks can show what it costs. Not for the app: `Db::open` turns
/// it on for every connection.
#[doc(hidden)]
pub fn set_secure_delete_for_benchmarks(db: &Db, on: bool) -> Result<()> {
    db.conn().pragma_update(None, "secure_delete", on)?;
    Ok(())
}

/// Reads back the connection settings of `db`.
///
/// # Errors
/// Only SQLite failures.
pub fn connection_settings(db: &Db) -> Result<ConnectionSettings> {
    let conn = db.conn();
    let get_i =
        |name: &str| -> Result<i64> { Ok(conn.pragma_query_value(None, name, |r| r.get(0))?) };
    Ok(ConnectionSettings {
        journal_mode: conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?,
        synchronous: get_i("synchronous")?,
        foreign_keys: get_i("foreign_keys")? == 1,
        busy_timeout_ms: get_i("busy_timeout")?,
        page_cache_kib: -get_i("cache_size")?,
        secure_delete: get_i("secure_delete")? == 1,
    })
}

/// Sets a copy's status directly, for tests of rules that depend on a
/// status set by a later workflow (the desk). Not for the app.
#[doc(hidden)]
pub fn set_copy_status_for_tests(
    store: &mut impl engine::Engine,
    copy_id: i64,
    status: &str,
) -> Result<()> {
    store.write_sql(|tx| {
        tx.run(
            "UPDATE copy SET status = ?2 WHERE id = ?1",
            &[copy_id.into(), status.into()],
        )?;
        Ok(())
    })
}

/// Runs SQL statements directly, for tests that build a small database
/// with known answers row by row (the reports' figures). Not for the app.
#[doc(hidden)]
pub fn execute_batch_for_tests(db: &mut Db, sql: &str) -> Result<()> {
    db.write(|tx| {
        tx.execute_batch(sql)?;
        Ok(())
    })
}

/// Caps the database at `pages` pages (`PRAGMA max_page_count`), so a test
/// can make the "disk" full without filling a real disk. Not for the app.
#[doc(hidden)]
pub fn set_max_page_count_for_tests(db: &Db, pages: i64) -> Result<i64> {
    Ok(db
        .conn()
        .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| {
            r.get(0)
        })?)
}

/// Makes the connection refuse writes (`PRAGMA query_only`), as a
/// read-only medium would. Not for the app.
#[doc(hidden)]
pub fn set_read_only_for_tests(db: &Db, read_only: bool) -> Result<()> {
    db.conn().pragma_update(None, "query_only", read_only)?;
    Ok(())
}

/// The number of pages the database uses now.
#[doc(hidden)]
pub fn page_count_for_tests(db: &Db) -> Result<i64> {
    Ok(db
        .conn()
        .pragma_query_value(None, "page_count", |r| r.get(0))?)
}

/// Counts the rows of a table, for tests that check bookkeeping tables.
#[doc(hidden)]
pub fn count_rows_for_tests(db: &Db, table: &str) -> Result<i64> {
    Ok(db
        .conn()
        .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
            r.get(0)
        })?)
}

/// Every row of a query as SQLite holds it (column name and value), for
/// tests that recount figures from the stored rows themselves.
#[doc(hidden)]
pub fn rows_for_tests(
    db: &Db,
    sql: &str,
) -> Result<Vec<std::collections::BTreeMap<String, rusqlite::types::Value>>> {
    let mut stmt = db.conn().prepare(sql)?;
    let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    let rows = stmt.query_map([], |r| {
        names
            .iter()
            .enumerate()
            .map(|(i, name)| Ok((name.clone(), r.get(i)?)))
            .collect()
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A read-only connection to an existing file and its schema version; a
/// file from a newer version is refused.
fn open_read_only(path: &Path) -> Result<(Connection, i64)> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| open_error(e, path))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| open_error(e, path))?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| open_error(e, path))?;
    if version > LATEST_VERSION {
        return Err(Error::DatabaseTooNew {
            found: version,
            supported: LATEST_VERSION,
            path: path.to_path_buf(),
        });
    }
    Ok((conn, version))
}

/// Refuses an existing file that is no database, is damaged (`PRAGMA
/// quick_check`) or is too new, without writing to it.
fn check_existing(path: &Path) -> Result<()> {
    let (conn, _) = open_read_only(path)?;
    // Reading the schema touches every page of sqlite_master: a header that
    // looks right in front of garbage is caught here.
    let _: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(|e| open_error(e, path))?;
    // The start-up check: every page and index, without the slower
    // cross-checks of integrity_check.
    let verdict: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| open_error(e, path))?;
    if verdict != "ok" {
        return Err(Error::DatabaseCorrupt {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// The SQL function `sort_key(text)`: [`crate::folding::sort_key`], so the
/// lists sort names in SQL (`ORDER BY sort_key(name), id`) as German readers
/// expect (`ä` with `a`, `ß` as `ss`), which `COLLATE NOCASE` does not: it
/// folds only ASCII and puts `Ärger` after `Zoe`. NULL stays NULL.
fn register_sort_key(conn: &Connection) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "sort_key",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(ctx
                .get::<Option<String>>(0)?
                .map(|text| crate::folding::sort_key(&text)))
        },
    )?;
    Ok(())
}

fn open_error_from(error: Error, path: &Path) -> Error {
    match error {
        Error::Sqlite(e) => open_error(e, path),
        Error::DatabaseTooNew {
            found, supported, ..
        } => Error::DatabaseTooNew {
            found,
            supported,
            path: path.to_path_buf(),
        },
        other => other,
    }
}

/// Names what went wrong when a file is opened, by SQLite's result code.
fn open_error(error: rusqlite::Error, path: &Path) -> Error {
    let path = path.to_path_buf();
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Error::NotADatabase { path },
        Some(ErrorCode::DatabaseCorrupt) => Error::DatabaseCorrupt { path },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::DatabaseLocked { path },
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => {
            Error::DataFolderNotWritable { path }
        }
        _ => Error::Sqlite(error),
    }
}
