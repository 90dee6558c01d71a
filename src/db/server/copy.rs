//! Copying a file's rows onto the server, and comparing the two table by
//! table: how a new server database gets its starting rows, and how
//! "Daten auf den Server übertragen" moves a PC's data and proves that
//! nothing was lost on the way.

use std::io::Write;

use postgres::GenericClient;
use rusqlite::types::ValueRef;
use serde::Serialize;

use super::schema;
use super::Server;
use crate::{Db, Error, Result};

/// The tables both engines hold, each after the tables it refers to. The
/// file's full-text search tables are not among them: they are built from
/// these tables.
pub const SHARED_TABLES: &[&str] = &[
    "institution",
    "app_setting",
    "media_kind",
    "organisation_kind",
    "organisation",
    "medium",
    "medium_language",
    "kit_item",
    "copy",
    "borrower",
    "loan_rule",
    "loan_limit",
    "closing_period",
    "course_term",
    "course_end_limit",
    "course_package",
    "course_package_part",
    "loan_set",
    "loan",
    "reservation",
    "reminder",
    "organisation_language",
    "organisation_public_text",
    "member_count",
    "organisation_note",
    "offering_kind",
    "offering",
    "offering_language",
    "contact",
    "contact_language",
    "contact_role",
    "project",
    "project_partner",
    "working_group",
    "working_group_member",
    "meeting",
    "meeting_attendance",
    "meeting_decision",
    "action_item",
    "event",
    "workshop",
    "workshop_host",
    "workshop_facilitator",
    "workshop_language",
    "participant",
    "participant_language",
    "registration",
    "consent_text",
    "deletion_log",
    "meeting_attendee",
    "loan_renewal",
    "organisation_status_change",
    "workshop_material",
];

/// How many rows a table holds, the same in the file and on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableRows {
    /// The table.
    pub table: &'static str,
    /// Its rows.
    pub rows: usize,
}

/// Moves every row of the file `source` into the empty server database,
/// in one transaction: the schema is created, the rows copied, and every
/// table compared with the file (the rows and their content) before it
/// commits. Anything that fails leaves the server database as empty as
/// it was; the file is only read.
///
/// # Errors
/// [`Error::ServerNotEmpty`] when the database holds any table;
/// [`Error::TransferMismatch`] when a table differs after the copy (nothing
/// is kept); a failure of either engine.
pub fn transfer(source: &Db, server: &mut Server) -> Result<Vec<TableRows>> {
    let label = server.settings().label();
    let mut tx = server.client().transaction()?;
    tx.execute(
        "SELECT pg_advisory_xact_lock($1)",
        &[&schema::MIGRATION_LOCK],
    )?;
    if schema::table_count(&mut tx)? > 0 {
        return Err(Error::ServerNotEmpty { server: label });
    }
    // One read transaction on the file: the rows copied and the rows
    // compared are the same snapshot, whatever the desk does meanwhile.
    let snapshot = source.conn().unchecked_transaction()?;
    schema::create(&mut tx)?;
    copy_rows(source, &mut tx)?;
    // The server's search rows, made from the copied rows (the file's FTS5
    // tables are not copied: the server has none).
    super::reindex_media(&mut tx, None)?;
    // Statistics for the planner right away, as after any bulk load,
    // rather than whenever autovacuum gets to the new tables. The role
    // does not own the database, so PostgreSQL skips the system catalogs
    // with a warning each; those warnings would only fill the app's log.
    tx.batch_execute("SET LOCAL client_min_messages = error; ANALYZE")?;
    let tables = compare_in(source, &mut tx)?;
    drop(snapshot);
    tx.commit()?;
    // Marks the freshly written pages all-visible, as autovacuum would
    // within a minute or so: until then the searches' index-only scans
    // visit every row's page (several times slower in the
    // benchmark). Outside the transaction, as VACUUM must be; the rows are
    // stored already, so a refusal (a role that may not vacuum) changes
    // nothing but that minute.
    // (Three statements: VACUUM runs in no transaction block, not even a
    // batch's implicit one; the warnings are silenced as above.)
    let client = server.client();
    let _ = client.batch_execute("SET client_min_messages = error");
    let _ = client.batch_execute("VACUUM (ANALYZE)");
    let _ = client.batch_execute("RESET client_min_messages");
    Ok(tables)
}

/// Compares every shared table of the file with the server database: the
/// same rows with the same values.
///
/// # Errors
/// [`Error::TransferMismatch`] naming the first table that differs; a
/// failure of either engine.
pub fn compare(source: &Db, server: &mut Server) -> Result<Vec<TableRows>> {
    let mut tx = server.client().transaction()?;
    let tables = compare_in(source, &mut tx)?;
    tx.commit()?;
    Ok(tables)
}

/// Copies the rows of every shared table of `source` into the server's
/// schema (created, empty), then sets each table's next id above the
/// largest one and above the file's AUTOINCREMENT counter, so that no id a
/// deleted person had is handed out again.
pub(super) fn copy_rows(source: &Db, client: &mut impl GenericClient) -> Result<()> {
    let conn = source.conn();
    for &table in SHARED_TABLES {
        let columns = columns(source, table)?;
        let list = columns
            .iter()
            .map(|c| format!("\"{}\"", c.name))
            .collect::<Vec<_>>()
            .join(", ");
        let mut select = conn.prepare(&format!("SELECT {list} FROM \"{table}\""))?;
        let mut rows = select.query([])?;
        let mut writer = client.copy_in(&format!("COPY \"{table}\" ({list}) FROM STDIN"))?;
        let mut line = String::new();
        while let Some(row) = rows.next()? {
            line.clear();
            for i in 0..columns.len() {
                if i > 0 {
                    line.push('\t');
                }
                push_copy_value(&mut line, row.get_ref(i)?);
            }
            line.push('\n');
            writer
                .write_all(line.as_bytes())
                .map_err(|_| Error::TransferMismatch {
                    table: table.to_owned(),
                })?;
        }
        writer.finish()?;
        if columns.iter().any(|c| c.name == "id" && c.integer) {
            let counter: i64 = conn
                .query_row(
                    "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?1), 0)",
                    [table],
                    |r| r.get(0),
                )
                .unwrap_or(0);
            client.execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     greatest(coalesce((SELECT max(id) FROM \"{table}\"), 0), $1) + 1, false)"
                ),
                &[&counter],
            )?;
        }
    }
    Ok(())
}

/// One column of a shared table, as the file declares it.
struct Column {
    name: String,
    integer: bool,
}

fn columns(source: &Db, table: &str) -> Result<Vec<Column>> {
    let mut stmt = source
        .conn()
        .prepare("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid")?;
    let columns = stmt
        .query_map([table], |r| {
            Ok(Column {
                name: r.get(0)?,
                integer: r.get::<_, String>(1)?.eq_ignore_ascii_case("INTEGER"),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(columns)
}

/// Appends a value in the text format of `COPY`: `\N` for NULL, and a
/// backslash before the characters that would end a field or a line.
fn push_copy_value(line: &mut String, value: ValueRef<'_>) {
    match value {
        ValueRef::Null => line.push_str("\\N"),
        ValueRef::Integer(i) => line.push_str(&i.to_string()),
        ValueRef::Real(f) => line.push_str(&f.to_string()),
        ValueRef::Text(bytes) => {
            for ch in String::from_utf8_lossy(bytes).chars() {
                match ch {
                    '\\' => line.push_str("\\\\"),
                    '\n' => line.push_str("\\n"),
                    '\r' => line.push_str("\\r"),
                    '\t' => line.push_str("\\t"),
                    other => line.push(other),
                }
            }
        }
        ValueRef::Blob(bytes) => {
            line.push_str("\\\\x");
            for b in bytes {
                line.push_str(&format!("{b:02x}"));
            }
        }
    }
}

/// Compares each shared table, row by row in the same order on both sides
/// (integers by value, texts byte by byte: the server sorts them with the
/// "C" collation, as SQLite's BINARY does).
fn compare_in(source: &Db, client: &mut impl GenericClient) -> Result<Vec<TableRows>> {
    let mut tables = Vec::with_capacity(SHARED_TABLES.len());
    for &table in SHARED_TABLES {
        let columns = columns(source, table)?;
        let mismatch = || Error::TransferMismatch {
            table: table.to_owned(),
        };
        let names = columns
            .iter()
            .map(|c| format!("\"{}\"", c.name))
            .collect::<Vec<_>>();
        let file_order = names.join(", ");
        // Qualified: an unqualified name in ORDER BY would sort the text
        // that the SELECT list makes of the column, not its value.
        let server_order = columns
            .iter()
            .map(|c| {
                if c.integer {
                    format!("t.\"{}\"", c.name)
                } else {
                    format!("t.\"{}\" COLLATE \"C\"", c.name)
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let mut stmt = source.conn().prepare(&format!(
            "SELECT {file_order} FROM \"{table}\" ORDER BY {file_order}"
        ))?;
        let file_rows = stmt
            .query_map([], |row| {
                (0..names.len())
                    .map(|i| {
                        Ok(match row.get_ref(i)? {
                            ValueRef::Null => None,
                            ValueRef::Integer(n) => Some(n.to_string()),
                            ValueRef::Real(f) => Some(f.to_string()),
                            ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
                            ValueRef::Blob(_) => Some(String::new()),
                        })
                    })
                    .collect::<rusqlite::Result<Vec<Option<String>>>>()
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let as_text = names
            .iter()
            .map(|n| format!("t.{n}::text"))
            .collect::<Vec<_>>()
            .join(", ");
        let server_rows = client
            .query(
                &format!("SELECT {as_text} FROM \"{table}\" AS t ORDER BY {server_order}"),
                &[],
            )?
            .iter()
            .map(|row| {
                (0..names.len())
                    .map(|i| row.try_get::<_, Option<String>>(i))
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        if file_rows != server_rows {
            return Err(mismatch());
        }
        tables.push(TableRows {
            table,
            rows: file_rows.len(),
        });
    }
    Ok(tables)
}
