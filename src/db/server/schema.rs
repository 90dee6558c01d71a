//! The server's schema versions: the same numbers as the file's
//! (`PRAGMA user_version` there, the table `kiz_schema` here), so that a
//! step of the schema is always written for both engines at once.
//!
//! The server starts at version 11 with one step (the baseline) that
//! creates what the file's steps 1 to 11 made; no server database older
//! than that can exist. Each later step gets its SQLite and its PostgreSQL
//! text with the same number.

use postgres::GenericClient;

use super::copy;
use crate::db::LATEST_VERSION;
use crate::{Db, Error, Result};

/// The key of the transaction-level advisory lock that setting up, moving
/// data onto and upgrading a server database hold ("KIZ-MIGR" in ASCII).
pub(super) const MIGRATION_LOCK: i64 = 0x4b49_5a2d_4d49_4752;

/// The version the baseline creates.
const BASELINE_VERSION: i64 = 11;

/// The baseline: every table of the file at [`BASELINE_VERSION`].
const BASELINE: &str = include_str!("v011_baseline.sql");

/// The steps after the baseline: step `i` takes a server database from
/// version `BASELINE_VERSION + i` to the next.
const STEPS: &[&str] = &[
    include_str!("v012_versions.sql"),
    include_str!("v013_event_versions.sql"),
    include_str!("v014_directory_versions.sql"),
    include_str!("v015_meeting_and_copy_versions.sql"),
    include_str!("v016_note_versions.sql"),
    include_str!("v017_search_facets.sql"),
    include_str!("v018_course_packages.sql"),
    include_str!("v019_publication.sql"),
];

/// The schema version this build writes on a server; always the file's.
pub const LATEST_SERVER_VERSION: i64 = BASELINE_VERSION + STEPS.len() as i64;

// A step added for one engine only does not build.
const _: () = assert!(LATEST_SERVER_VERSION == LATEST_VERSION);

/// The schema version of the database, `None` when it has no KIZ Desk
/// schema.
pub(super) fn version(client: &mut impl GenericClient) -> Result<Option<i64>> {
    let exists: bool = client
        .query_one("SELECT to_regclass('kiz_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(None);
    }
    Ok(client
        .query_one("SELECT max(version) FROM kiz_schema", &[])?
        .get(0))
}

/// How many tables the database's schema holds (of any program).
pub(super) fn table_count(client: &mut impl GenericClient) -> Result<i64> {
    Ok(client
        .query_one(
            "SELECT count(*) FROM information_schema.tables \
             WHERE table_schema = current_schema()",
            &[],
        )?
        .get(0))
}

/// Creates the whole schema at [`LATEST_SERVER_VERSION`] in an empty
/// database (inside the caller's transaction).
pub(super) fn create(client: &mut impl GenericClient) -> Result<()> {
    client.batch_execute(BASELINE)?;
    for step in STEPS {
        client.batch_execute(step)?;
    }
    client.execute(
        "INSERT INTO kiz_schema (version) VALUES ($1)",
        &[&LATEST_SERVER_VERSION],
    )?;
    Ok(())
}

/// Brings the database to [`LATEST_SERVER_VERSION`], one step per
/// transaction, each under the advisory lock and re-reading the version
/// inside it, so that a step is never applied twice. An empty database
/// gets the schema and the rows a new file starts with (copied from a new
/// in-memory file, so that they are written in one place).
///
/// The caller puts the server's name into the error.
pub(super) fn migrate(client: &mut postgres::Client) -> Result<()> {
    loop {
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        match version(&mut tx)? {
            None => {
                if table_count(&mut tx)? > 0 {
                    return Err(Error::ServerNotEmpty {
                        server: String::new(),
                    });
                }
                let new_file = Db::open_in_memory()?;
                create(&mut tx)?;
                copy::copy_rows(&new_file, &mut tx)?;
                tx.commit()?;
            }
            Some(found) if found > LATEST_SERVER_VERSION => {
                return Err(Error::ServerDatabaseTooNew {
                    server: String::new(),
                    found,
                    supported: LATEST_SERVER_VERSION,
                });
            }
            Some(found) if found == LATEST_SERVER_VERSION => return Ok(()),
            Some(found) => {
                let step = usize::try_from(found - BASELINE_VERSION)
                    .ok()
                    .and_then(|i| STEPS.get(i))
                    .ok_or(Error::MigrationFailed { version: found + 1 })?;
                tx.batch_execute(step)?;
                tx.execute(
                    "INSERT INTO kiz_schema (version) VALUES ($1)",
                    &[&(found + 1)],
                )?;
                tx.commit()?;
            }
        }
    }
}
