//! The ordered list of schema migrations, applied by `PRAGMA user_version`.
//!
//! Written here rather than taken from a migration crate because the house
//! rules ask for two things those crates do not both give: each step in its
//! own `BEGIN IMMEDIATE` transaction (re-reading the version inside it, so two
//! processes never apply a step twice), and a file from a newer version
//! refused before anything is written. Every version has a frozen fixture in
//! `tests/fixtures/schema_vN.sql` that the tests upgrade.

use rusqlite::{Connection, TransactionBehavior};

use crate::{Error, Result};

/// Step `i` takes a database from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/v001_initial.sql"),
    include_str!("migrations/v002_mediathek.sql"),
    include_str!("migrations/v003_lending.sql"),
    include_str!("migrations/v004_directory.sql"),
    include_str!("migrations/v005_events.sql"),
    include_str!("migrations/v006_privacy.sql"),
    include_str!("migrations/v007_search.sql"),
    include_str!("migrations/v008_search_pairs.sql"),
    include_str!("migrations/v009_trust.sql"),
    include_str!("migrations/v010_corrections.sql"),
    include_str!("migrations/v011_reports.sql"),
    include_str!("migrations/v012_versions.sql"),
    include_str!("migrations/v013_event_versions.sql"),
    include_str!("migrations/v014_directory_versions.sql"),
    include_str!("migrations/v015_meeting_and_copy_versions.sql"),
    include_str!("migrations/v016_note_versions.sql"),
    include_str!("migrations/v017_search_facets.sql"),
    include_str!("migrations/v018_course_packages.sql"),
    include_str!("migrations/v019_publication.sql"),
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// The version whose step created the directory's search table; a file
/// older than it gets the table filled after migrating, by
/// [`FILL_DIRECTORY_SEARCH`].
const DIRECTORY_SEARCH_SINCE: i64 = 4;

/// Fills the directory's search table for the organisations of a file
/// older than [`DIRECTORY_SEARCH_SINCE`], in SQL: a migration never calls
/// the domain code, which may change after the step was written (and the
/// storage would depend on the directory).
const FILL_DIRECTORY_SEARCH: &str = include_str!("migrations/fill_directory_search.sql");

/// Applies every missing step, each in one immediate transaction, then the
/// fix-ups that a step needs (in their own transaction).
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    let start: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    // Foreign keys are off while the steps run, as SQLite asks for when a
    // step rebuilds a table that others refer to (dropping the old table
    // would otherwise cascade into them). Each step checks the keys itself
    // before it commits. The pragma only takes effect outside a
    // transaction, hence here.
    let enforced: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let applied = apply_steps(conn);
    conn.pragma_update(None, "foreign_keys", enforced)?;
    applied?;
    if start < DIRECTORY_SEARCH_SINCE {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(FILL_DIRECTORY_SEARCH)?;
        tx.commit()?;
    }
    Ok(())
}

fn apply_steps(conn: &mut Connection) -> Result<()> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > LATEST_VERSION {
            return Err(Error::DatabaseTooNew {
                found: version,
                supported: LATEST_VERSION,
                path: Default::default(),
            });
        }
        let Some(step) = usize::try_from(version)
            .ok()
            .and_then(|v| MIGRATIONS.get(v))
        else {
            return Ok(());
        };
        let broken_before = broken_references(&tx)?;
        tx.execute_batch(step)?;
        // A step may not leave a reference dangling that was sound before
        // (rolled back, nothing changes).
        if broken_references(&tx)? > broken_before {
            return Err(Error::MigrationFailed {
                version: version + 1,
            });
        }
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

/// How many rows refer to a row that does not exist.
fn broken_references(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })?,
    )
}
