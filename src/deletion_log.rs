//! The deletion log, and wiping what deleted records leave in the file.
//!
//! Every part that deletes or anonymises personal data (the directory's
//! contacts, the retention rules, erasure on request) writes a line here in
//! the same transaction, naming the kind and number of records but never
//! the person's data, and afterwards calls `scrub` so the deleted content
//! is gone from the search indexes and the write-ahead log too. The log is
//! read by the privacy page and, after a restore, to apply erasures again.
//! It depends on nothing but the storage, so every part can call it.

use chrono::NaiveDateTime;
use rusqlite::params;
use serde::Serialize;

use crate::db::engine::{args, scalar, value, Dialect, Sql};
use crate::time::timestamp;
use crate::{Db, Result};

/// One line of the deletion log: what kind and how many records, when, by
/// which rule or staff. Explicit erasures keep the internal record ids (no
/// names), so they can be applied again after a restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    /// Its number in the log.
    pub id: i64,
    /// When the records were deleted or anonymised.
    pub at: NaiveDateTime,
    /// Why: the retention rule's code, or an erasure or deletion by staff.
    pub rule: String,
    /// What kind of records ("borrower", "contact", "participant", "loan").
    pub record_kind: String,
    /// How many records.
    pub records: u32,
    /// Who did it (empty for the automatic rules).
    pub staff: String,
    /// The second name of a deletion that needs two staff.
    pub second_staff: String,
    /// The records' numbers, for explicit erasures (empty otherwise).
    pub record_ids: Vec<i64>,
    /// When each record in `record_ids` was created (same order; empty for
    /// entries written before schema v9): with the number it identifies
    /// the record without naming the person.
    pub record_created: Vec<String>,
}

/// The deletion log, newest first.
///
/// # Errors
/// Only SQLite failures.
pub fn deletion_log(db: &Db) -> Result<Vec<LogEntry>> {
    log_of(db.conn())
}

/// The deletion log of a database file that cannot be opened normally (a
/// damaged one, before it is replaced by a backup), as far as it can be
/// read; empty when it cannot.
pub fn deletion_log_of_file(path: &std::path::Path) -> Vec<LogEntry> {
    rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .ok()
        .and_then(|conn| log_of(&conn).ok())
        .unwrap_or_default()
}

fn log_of(conn: &rusqlite::Connection) -> Result<Vec<LogEntry>> {
    deletion_log_in(conn)
}

/// The deletion log inside a read, on either engine, newest first.
///
/// # Errors
/// A failure of the engine.
pub fn deletion_log_in(sql: &dyn Sql) -> Result<Vec<LogEntry>> {
    // A damaged file being recovered may be older than schema v9 and lack
    // `record_created`; its entries then name records by number alone. A
    // server database has it from its first version.
    let has_created: bool = match sql.dialect() {
        Dialect::Sqlite => scalar(
            sql,
            "SELECT EXISTS (SELECT 1 FROM pragma_table_info('deletion_log') \
             WHERE name = 'record_created')",
            &[],
        )?,
        Dialect::Postgres => true,
    };
    let text = if has_created {
        "SELECT id, at, rule, record_kind, records, staff, second_staff, record_ids, record_created
         FROM deletion_log ORDER BY at DESC, id DESC"
    } else {
        "SELECT id, at, rule, record_kind, records, staff, second_staff, record_ids, ''
         FROM deletion_log ORDER BY at DESC, id DESC"
    };
    let mut list = Vec::new();
    for r in sql.rows(text, &[])? {
        let (ids, created): (String, String) = (r.get(7)?, r.get(8)?);
        list.push(LogEntry {
            id: r.get(0)?,
            at: crate::time::parse(&r.get::<String>(1)?)?,
            rule: r.get(2)?,
            record_kind: r.get(3)?,
            records: r.get(4)?,
            staff: r.get(5)?,
            second_staff: r.get(6)?,
            record_ids: ids.split(',').filter_map(|i| i.parse().ok()).collect(),
            record_created: if created.is_empty() {
                Vec::new()
            } else {
                created.split(',').map(str::to_owned).collect()
            },
        });
    }
    Ok(list)
}

/// The table that holds records of a kind the log names by number.
pub(crate) fn person_table(record_kind: &str) -> Option<&'static str> {
    match record_kind {
        "borrower" => Some("borrower"),
        "contact" => Some("contact"),
        "participant" => Some("participant"),
        _ => None,
    }
}

/// When each record was created ('' for one that does not exist).
fn created_of(tx: &dyn Sql, record_kind: &str, ids: &[i64]) -> Result<Vec<String>> {
    let Some(table) = person_table(record_kind) else {
        return Ok(Vec::new());
    };
    let text = format!("SELECT created_at FROM {table} WHERE id = ?1");
    ids.iter()
        .map(|id| Ok(value::<String>(tx, &text, args![*id])?.unwrap_or_default()))
        .collect()
}

/// Writes a log line inside the caller's transaction. With `keep_ids`,
/// the records' numbers and creation times are kept (never their
/// content): call it before the records are deleted.
pub(crate) fn log(
    tx: &dyn Sql,
    at: NaiveDateTime,
    rule: &str,
    record_kind: &str,
    ids: &[i64],
    staff: (&str, &str),
    keep_ids: bool,
) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let (listed, created) = if keep_ids {
        (listed_ids(ids), created_of(tx, record_kind, ids)?.join(","))
    } else {
        (String::new(), String::new())
    };
    insert(
        tx,
        at,
        (rule, record_kind),
        ids.len(),
        staff,
        (&listed, &created),
    )
}

/// Writes a log line for `count` records of an automatic rule, by number
/// alone (as [`log`] without `keep_ids`), for a run that never holds all
/// their ids at once.
pub(crate) fn log_count(
    tx: &dyn Sql,
    at: NaiveDateTime,
    rule: &str,
    record_kind: &str,
    count: usize,
) -> Result<()> {
    if count == 0 {
        return Ok(());
    }
    insert(tx, at, (rule, record_kind), count, ("", ""), ("", ""))
}

/// The log line itself: `what` is the rule and the record kind, `kept`
/// the listed ids and their creation times (both empty unless kept).
fn insert(
    tx: &dyn Sql,
    at: NaiveDateTime,
    what: (&str, &str),
    count: usize,
    staff: (&str, &str),
    kept: (&str, &str),
) -> Result<()> {
    let (rule, record_kind) = what;
    let (listed, created) = kept;
    tx.run(
        "INSERT INTO deletion_log (at, rule, record_kind, records, staff, second_staff, record_ids,
                                   record_created)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        args![
            timestamp(at),
            rule,
            record_kind,
            i64::try_from(count).unwrap_or(i64::MAX),
            staff.0.trim(),
            staff.1.trim(),
            listed,
            created
        ],
    )?;
    Ok(())
}

/// Whether the log already holds this line (same moment, rule, kind,
/// count and record numbers): a restored file's own log says which
/// erasures took effect there.
///
/// # Errors
/// Only SQLite failures.
pub(crate) fn contains(tx: &rusqlite::Connection, entry: &LogEntry) -> Result<bool> {
    Ok(tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM deletion_log WHERE at = ?1 AND rule = ?2
                        AND record_kind = ?3 AND records = ?4 AND record_ids = ?5)",
        params![
            timestamp(entry.at),
            entry.rule,
            entry.record_kind,
            entry.records,
            listed_ids(&entry.record_ids)
        ],
        |r| r.get(0),
    )?)
}

/// Copies a line of another file's log into this one, as it was.
///
/// # Errors
/// Only SQLite failures.
pub(crate) fn append(tx: &rusqlite::Connection, entry: &LogEntry) -> Result<()> {
    tx.execute(
        "INSERT INTO deletion_log (at, rule, record_kind, records, staff, second_staff,
                                   record_ids, record_created)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            timestamp(entry.at),
            entry.rule,
            entry.record_kind,
            entry.records,
            entry.staff,
            entry.second_staff,
            listed_ids(&entry.record_ids),
            entry.record_created.join(",")
        ],
    )?;
    Ok(())
}

/// Record numbers as the log stores them: `3,17,42`.
fn listed_ids(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// After people were erased or anonymised: their data is also gone from
/// the file. Every connection overwrites deleted content (`secure_delete`,
/// see `Db::open`); here the search indexes that held their names are
/// merged, so no old index piece keeps a name, and the write-ahead log,
/// which still holds the pages as they were before, is emptied
/// ([`empty_log`]).
///
/// # Errors
/// Only SQLite failures.
pub(crate) fn scrub(db: &Db) -> Result<()> {
    let conn = db.conn();
    for table in ["borrower_search", "organisation_search"] {
        conn.execute(
            &format!("INSERT INTO {table} ({table}) VALUES ('optimize')"),
            [],
        )?;
    }
    // When a backup is reading the log just now, the shell empties it as
    // soon as the backup is done.
    empty_log(db)?;
    Ok(())
}

/// Writes the write-ahead log into the database file and empties it, so
/// that no earlier version of a page (with data erased since) stays in it.
/// Returns false when a reader holds the log (a backup being copied from
/// its own connection): it is not waited for, since the desk would wait
/// with it; the shell calls this again when the backup is done.
///
/// # Errors
/// Only SQLite failures.
pub fn empty_log(db: &Db) -> Result<bool> {
    let conn = db.conn();
    conn.busy_timeout(std::time::Duration::ZERO)?;
    let outcome = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        r.get::<_, i64>(0)
    });
    conn.busy_timeout(crate::db::BUSY_TIMEOUT)?;
    match outcome {
        Ok(busy) => Ok(busy == 0),
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ) =>
        {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}
