//! The figures on the shared database: the tables the Berichte read are
//! copied, inside one consistent read of the server, into a database in
//! this PC's memory, and counted there by the same code as the file's.
//!
//! The reports' some sixty queries lean on SQLite (its date functions,
//! `json_each`, two connections counting at once on a file); written a
//! second time for PostgreSQL they would be the place where the two
//! engines' figures drift apart unnoticed, and funders get these figures.
//! Copying costs a pass over the loans, measured by `cargo xtask bench`
//! (`report_on_server`); the copy lives in memory only, is dropped as soon
//! as the figures are counted, and holds no table of people: the reports
//! never read borrowers, participants or contacts (see [`super`]).

use crate::db::engine::{Sql, Value};
use crate::{Db, Result};

/// The tables the figures and the Jahresbericht read, and nothing else:
/// the settings and the institution (the report's language, the smallest
/// count shown, the letterhead), the catalogue with its loans,
/// reservations and renewals, the directory's organisations with their
/// projects, working groups and meetings, and the events with their
/// registrations and the participants' languages.
pub(crate) const TABLES: &[&str] = &[
    "institution",
    "app_setting",
    "media_kind",
    "organisation_kind",
    "organisation",
    "organisation_language",
    "organisation_status_change",
    "medium",
    "medium_language",
    "copy",
    "loan",
    "loan_renewal",
    "reservation",
    "project",
    "project_partner",
    "working_group",
    "meeting",
    "meeting_attendance",
    "event",
    "workshop",
    "workshop_host",
    "registration",
    "participant_language",
];

/// Rows fetched from the server at a time (by id), so that a million
/// loans never sit in memory twice.
const PAGE: i64 = 20_000;

/// A database in memory holding [`TABLES`] as `sql` reads them, every
/// other table as a new file has it.
///
/// # Errors
/// A failure of either engine; [`crate::Error::StoredValueUnexpected`] for
/// a value neither engine stores (a blob).
pub fn snapshot_in(sql: &dyn Sql) -> Result<Db> {
    snapshot_paged(sql, PAGE)
}

/// [`snapshot_in`] fetching `page` rows at a time.
fn snapshot_paged(sql: &dyn Sql, page: i64) -> Result<Db> {
    let copy = Db::open_in_memory()?;
    // The rows come as they are, their references checked on the source;
    // some point into tables the figures do not read (a loan's borrower).
    // Sorting for the indexes stays in memory too: nothing of the copy
    // is written to a temporary file.
    copy.conn()
        .execute_batch("PRAGMA foreign_keys = OFF; PRAGMA temp_store = MEMORY")?;
    let tx = copy.conn().unchecked_transaction()?;
    for &table in TABLES.iter().rev() {
        tx.execute(&format!("DELETE FROM \"{table}\""), [])?;
    }
    // The indexes are built once the rows are in (sorting them once is
    // far quicker than keeping them sorted row by row), and the counting
    // then has them all.
    let indexes: Vec<(String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND sql IS NOT NULL
               AND tbl_name IN (SELECT value FROM json_each(?1))",
        )?;
        let tables = serde_json::to_string(TABLES).unwrap_or_default();
        let rows = stmt.query_map([tables], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (name, _) in &indexes {
        tx.execute(&format!("DROP INDEX \"{name}\""), [])?;
    }
    for &table in TABLES {
        let (columns, by_id) = {
            let mut stmt = tx.prepare("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid")?;
            let mut columns = Vec::new();
            let mut by_id = None;
            let mut rows = stmt.query([table])?;
            while let Some(row) = rows.next()? {
                let name: String = row.get(0)?;
                if name == "id" && row.get::<_, i64>(1)? == 1 {
                    by_id = Some(columns.len());
                }
                columns.push(format!("\"{name}\""));
            }
            (columns, by_id)
        };
        let list = columns.join(", ");
        let marks = (1..=columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut insert = tx.prepare(&format!(
            "INSERT INTO \"{table}\" ({list}) VALUES ({marks})"
        ))?;
        if let Some(id) = by_id {
            let next =
                format!("SELECT {list} FROM \"{table}\" WHERE id > ?1 ORDER BY id LIMIT {page}");
            let mut after = i64::MIN;
            loop {
                let rows = sql.rows(&next, &[Value::Integer(after)])?;
                let Some(last) = rows.last() else { break };
                after = last.get(id)?;
                let full = rows.len() as i64 == page;
                for row in rows {
                    insert.execute(rusqlite::params_from_iter(row.into_values()))?;
                }
                if !full {
                    break;
                }
            }
        } else {
            for row in sql.rows(&format!("SELECT {list} FROM \"{table}\""), &[])? {
                insert.execute(rusqlite::params_from_iter(row.into_values()))?;
            }
        }
    }
    for (_, create) in &indexes {
        tx.execute(create, [])?;
    }
    tx.commit()?;
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::{snapshot_paged, TABLES};
    use crate::db::server::SHARED_TABLES;
    use crate::reports::{report, PeriodChoice};

    #[test]
    fn a_copy_fetched_a_few_rows_at_a_time_counts_what_the_original_counts() {
        // 30 media with a copy each and 64 loans over two years, fetched
        // seven rows at a time: every table takes several pages, and the
        // last page of each is short or empty.
        let original = crate::Db::open_in_memory().unwrap();
        original
            .conn()
            .execute_batch(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
                 INSERT INTO medium (id, kind_id, title, created_at, updated_at)
                 SELECT i, 1 + i % 3, 'Titel ' || i, '2024-01-01T10:00:00', '2024-01-01T10:00:00'
                 FROM n;
                 INSERT INTO copy (id, medium_id, barcode, acquired_on, created_at)
                 SELECT id, id, printf('KI-M-%06d', id), '2024-02-01', '2024-02-01T10:00:00'
                 FROM medium;
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 64)
                 INSERT INTO loan (copy_id, borrower_kind, loaned_at, due_on, returned_at, outcome)
                 SELECT 1 + i % 30, CASE i % 2 WHEN 0 THEN 'hauptamtlich' ELSE 'ehrenamtlich' END,
                        printf('%d-%02d-10T10:00:00', 2024 + i % 2, 1 + i % 12),
                        printf('%d-%02d-28', 2024 + i % 2, 1 + i % 12),
                        printf('%d-%02d-20T10:00:00', 2024 + i % 2, 1 + i % 12), 'zurueckgegeben'
                 FROM n;",
            )
            .unwrap();
        let copy = snapshot_paged(original.conn(), 7).unwrap();
        for table in TABLES {
            let count = |db: &crate::Db| -> i64 {
                db.conn()
                    .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
                        r.get(0)
                    })
                    .unwrap()
            };
            assert_eq!(count(&copy), count(&original), "{table}");
        }
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        let choice = PeriodChoice::Year { year: 2025 };
        let counted = report(&copy, &choice, today).unwrap();
        assert_eq!(counted.mediathek.loans.now, 32);
        assert_eq!(counted, report(&original, &choice, today).unwrap());
    }

    #[test]
    fn the_copy_holds_shared_tables_and_no_table_of_people() {
        for table in TABLES {
            assert!(SHARED_TABLES.contains(table), "{table} is on the server");
        }
        for people in ["borrower", "participant", "contact", "contact_role"] {
            assert!(!TABLES.contains(&people), "{people}");
        }
    }
}
