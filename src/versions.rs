//! Saving a form over a record that someone else saved meanwhile.
//!
//! On the shared database (issue 22, point 3) two PCs may have the same
//! medium, borrower or organisation (schema step 12), the same event,
//! workshop or participant (step 13), offering, contact or project (step
//! 14), Arbeitskreis meeting or copy's details (step 15), or timeline note
//! (step 16) open in a form. Each such record has
//! a version number and names the workstation that saved it last. A form is filled with the version it read; saving it raises
//! the version in one `UPDATE … WHERE version = <what the form read>`, so
//! of two forms filled from one version only the first is stored, and the
//! second is refused with [`Error::ChangedMeanwhile`] (who saved it, when),
//! before anything of it is written. Both engines run the same statement
//! inside a write that is serialised (the file's single writer, the
//! server's write lock), so the second save reads the version the first
//! committed; were a write ever to bypass that lock, PostgreSQL's row lock
//! on the `UPDATE` would still make the second find the version changed.
//!
//! A write that is not a form (an import, a test) passes no version: it is
//! not checked, but still raises the version, so a form open meanwhile
//! learns of it when it saves. Changes that belong to a record without a
//! form of their own claim its version too (a copy's status, a borrower's
//! block, a workshop's seats, a meeting's attendance list, a contact's
//! roles). The desk's own flows (checkout, return, a reservation set
//! aside, a copy lost at the last reminder) change a copy's status without
//! raising its version: they act on the copy as it stands under the write
//! lock, and a status change from a page refuses what the copy's state no
//! longer allows (on loan, set aside).

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::engine::{args, Sql};
use crate::error::Record;
use crate::{Error, Result};

/// The tables whose records carry a version; each with the kind of record
/// its errors name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Versioned {
    /// `medium`.
    Medium,
    /// `borrower`.
    Borrower,
    /// `organisation`.
    Organisation,
    /// `event` (since schema 13).
    Event,
    /// `workshop` (since schema 13).
    Workshop,
    /// `participant` (since schema 13).
    Participant,
    /// `offering` (since schema 14).
    Offering,
    /// `contact` (since schema 14).
    Contact,
    /// `project` (since schema 14).
    Project,
    /// `meeting` (since schema 15).
    Meeting,
    /// `copy`, its details (since schema 15).
    Copy,
    /// `organisation_note`, a timeline note (since schema 16).
    Note,
}

impl Versioned {
    fn table(self) -> &'static str {
        match self {
            Versioned::Medium => "medium",
            Versioned::Borrower => "borrower",
            Versioned::Organisation => "organisation",
            Versioned::Event => "event",
            Versioned::Workshop => "workshop",
            Versioned::Participant => "participant",
            Versioned::Offering => "offering",
            Versioned::Contact => "contact",
            Versioned::Project => "project",
            Versioned::Meeting => "meeting",
            Versioned::Copy => "copy",
            Versioned::Note => "organisation_note",
        }
    }

    fn record(self) -> Record {
        match self {
            Versioned::Medium => Record::Medium,
            Versioned::Borrower => Record::Borrower,
            Versioned::Organisation => Record::Organisation,
            Versioned::Event => Record::Event,
            Versioned::Workshop => Record::Workshop,
            Versioned::Participant => Record::Participant,
            Versioned::Offering => Record::Offering,
            Versioned::Contact => Record::Contact,
            Versioned::Project => Record::Project,
            Versioned::Meeting => Record::Meeting,
            Versioned::Copy => Record::Copy,
            Versioned::Note => Record::TimelineNote,
        }
    }
}

/// Which version of a record a form shows, and who saved that version
/// when: what the form sends back when it saves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Saved {
    /// Raised by one at every save; 1 for a record never changed since
    /// schema 12.
    pub version: i64,
    /// When it was last saved (created, if never changed).
    pub at: NaiveDateTime,
    /// The workstation (computer name) that saved it last; empty when not
    /// known (saved before schema 12, or by an import).
    pub by: String,
}

/// The version of record `id`, read with the record.
///
/// # Errors
/// [`Error::NotFound`]; a failure of the engine.
pub(crate) fn saved(sql: &dyn Sql, what: Versioned, id: i64) -> Result<Saved> {
    let row = sql
        .row(
            &format!(
                "SELECT version, coalesce(updated_at, created_at), updated_by FROM {} WHERE id = ?1",
                what.table()
            ),
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: what.record(),
        })?;
    Ok(Saved {
        version: row.get(0)?,
        at: row.get(1)?,
        by: row.get(2)?,
    })
}

/// Claims record `id` for a save inside the caller's write: raises its
/// version and names workstation `by`, if it is still at `expected` (any
/// version when `None`). The caller then writes the record's fields (and
/// its `updated_at`) in the same transaction.
///
/// # Errors
/// [`Error::ChangedMeanwhile`] when someone saved it since the form read
/// `expected`; [`Error::NotFound`]; a failure of the engine.
pub(crate) fn claim(
    tx: &dyn Sql,
    what: Versioned,
    id: i64,
    expected: Option<i64>,
    by: &str,
) -> Result<()> {
    let table = what.table();
    let changed = match expected {
        Some(version) => tx.run(
            &format!(
                "UPDATE {table} SET version = version + 1, updated_by = ?2 \
                 WHERE id = ?1 AND version = ?3"
            ),
            args![id, by, version],
        )?,
        None => tx.run(
            &format!("UPDATE {table} SET version = version + 1, updated_by = ?2 WHERE id = ?1"),
            args![id, by],
        )?,
    };
    if changed == 1 {
        return Ok(());
    }
    // Not claimed: gone, or saved by someone else since the form read it.
    let now = saved(tx, what, id)?;
    Err(Error::ChangedMeanwhile {
        what: what.record(),
        at: now.at,
        by: now.by,
    })
}

/// Settings that one form saves together (the lending rules, the
/// institution's details, the numbering patterns) keep their version in
/// `app_setting`: `<prefix>_version` (0 before the first save),
/// `<prefix>_saved_by` and `<prefix>_saved_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SettingsSaved {
    /// Raised by one at every save of the form.
    pub version: i64,
    /// The workstation that saved last; empty when not known.
    pub by: String,
    /// When; `None` before the first save.
    pub at: Option<NaiveDateTime>,
}

fn settings_keys(prefix: &str) -> [String; 3] {
    ["version", "saved_by", "saved_at"].map(|part| format!("{prefix}_{part}"))
}

/// The version of the settings saved under `prefix`.
///
/// # Errors
/// A failure of the engine.
pub(crate) fn settings_saved(sql: &dyn Sql, prefix: &str) -> Result<SettingsSaved> {
    let [version, by, at] = settings_keys(prefix);
    let mut saved = SettingsSaved {
        version: 0,
        by: String::new(),
        at: None,
    };
    for row in sql.rows(
        "SELECT key, value FROM app_setting WHERE key IN (?1, ?2, ?3)",
        args![version.as_str(), by.as_str(), at.as_str()],
    )? {
        let (key, value): (String, String) = (row.get(0)?, row.get(1)?);
        if key == version {
            saved.version = value.parse().unwrap_or(0);
        } else if key == by {
            saved.by = value;
        } else {
            saved.at = crate::time::parse(&value).ok();
        }
    }
    Ok(saved)
}

/// Claims the settings saved under `prefix` for a save inside the caller's
/// write, as [`claim`] does for a record: if they are still at `expected`,
/// raises their version and names workstation `by` and the moment `now`;
/// the caller then writes the settings in the same transaction.
///
/// # Errors
/// [`Error::ChangedMeanwhile`] naming `what` when someone saved them since
/// the form read `expected`; a failure of the engine.
pub(crate) fn claim_settings(
    tx: &dyn Sql,
    prefix: &str,
    what: Record,
    expected: i64,
    by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let stored = settings_saved(tx, prefix)?;
    if stored.version != expected {
        return Err(Error::ChangedMeanwhile {
            what,
            at: stored.at.unwrap_or(now),
            by: stored.by,
        });
    }
    let [version, saved_by, saved_at] = settings_keys(prefix);
    let next = (stored.version + 1).to_string();
    let at = crate::time::timestamp(now);
    for (key, value) in [
        (&version, next.as_str()),
        (&saved_by, by),
        (&saved_at, at.as_str()),
    ] {
        crate::db::engine::put_setting_in(tx, key, value)?;
    }
    Ok(())
}
