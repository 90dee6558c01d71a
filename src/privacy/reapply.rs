//! After an older backup was restored: the erasures and deletions the
//! restored file does not know are applied again, to exactly the records
//! they named.

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension};

use super::retention::{erase_in, remove_borrower, run_automatic, Person};
use crate::deletion_log::{self, scrub, LogEntry};
use crate::{Db, Result};

/// After an older backup was restored: the deletion log of the state before
/// (`log_before`) comes along. An entry that the restored file's own log
/// already holds took effect there and is left alone. An entry it does not
/// know is added to its log and applied again, to exactly the records it
/// named: a record is erased only if it has the logged number and was
/// created at the logged moment (entries from before schema v9 carry no
/// moment and go by number). Then the automatic rules run. Returns how
/// many records were erased again.
///
/// # Errors
/// Only SQLite failures.
pub fn reapply(db: &mut Db, log_before: &[LogEntry], now: NaiveDateTime) -> Result<usize> {
    let again = db.write(|tx| {
        let mut again = 0;
        for entry in log_before {
            if deletion_log::contains(tx, entry)? {
                continue;
            }
            deletion_log::append(tx, entry)?;
            for (n, id) in entry.record_ids.iter().enumerate() {
                let person = match entry.record_kind.as_str() {
                    "borrower" => Person::Borrower(*id),
                    "contact" => Person::Contact(*id),
                    "participant" => Person::Participant(*id),
                    _ => continue,
                };
                let created = entry
                    .record_created
                    .get(n)
                    .map(String::as_str)
                    .filter(|c| !c.is_empty());
                if !same_record_there(tx, person, created)? {
                    continue;
                }
                // Erased means erased, also when the older state still had
                // an item on loan to the person (returned before the
                // erasure): the loan stays, without the name.
                match person {
                    Person::Borrower(id) => remove_borrower(tx, id, now)?,
                    _ => erase_in(tx, person, now)?,
                }
                again += 1;
            }
        }
        raise_sequences(tx)?;
        Ok(again)
    })?;
    run_automatic(db, now)?;
    if again > 0 {
        scrub(db)?;
    }
    Ok(again)
}

/// New people are numbered above every number in the file and in its
/// deletion log: a restored older state may not know the numbers given out
/// since, and must not give one of them out again.
pub(crate) fn raise_sequences(tx: &Connection) -> Result<()> {
    tx.execute(
        "UPDATE sqlite_sequence SET seq = max(seq,
             coalesce((SELECT max(CAST(j.value AS INTEGER))
                       FROM deletion_log AS d, json_each('[' || d.record_ids || ']') AS j
                       WHERE d.record_ids <> '' AND d.record_kind = sqlite_sequence.name), 0))
         WHERE name IN ('borrower', 'contact', 'participant')",
        [],
    )?;
    Ok(())
}

/// Whether the record a log entry named is in this file and not yet
/// erased: same number and, when the entry knows it, the same moment of
/// creation.
fn same_record_there(tx: &Connection, person: Person, created: Option<&str>) -> Result<bool> {
    let sql = match person {
        Person::Borrower(_) => "SELECT created_at FROM borrower WHERE id = ?1",
        Person::Contact(_) => "SELECT created_at FROM contact WHERE id = ?1",
        Person::Participant(_) => {
            "SELECT created_at FROM participant WHERE id = ?1 AND anonymised_on IS NULL"
        }
    };
    let found: Option<String> = tx.query_row(sql, [person.id()], |r| r.get(0)).optional()?;
    Ok(match (found, created) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(there), Some(logged)) => there == logged,
    })
}
