//! An organisation's own details: entering, changing, archiving and
//! deleting it, its member counts and timeline, reading it in full, and the
//! kinds of organisation and offering.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::{
    offerings, reindex, CooperationStatus, MemberCount, NoteKind, Organisation, OrganisationInput,
    TimelineNote, MUNICIPALITIES,
};
use crate::db::engine::{args, Sql};
use crate::pick_lists::{self, Entry, PickList};
use crate::settings::{is_email_address, is_phone_number, is_postal_code};
use crate::time::timestamp;
use crate::versions::{self, Saved, Versioned};
use crate::Record;
use crate::{languages, limits, Db, Error, Result};

/// Trims every text and checks the rules; returns the clean input.
fn clean(input: &OrganisationInput) -> Result<OrganisationInput> {
    let mut o = input.clone();
    for text in [
        &mut o.name,
        &mut o.short_name,
        &mut o.register_number,
        &mut o.municipality,
        &mut o.street,
        &mut o.postal_code,
        &mut o.city,
        &mut o.rooms_description,
        &mut o.website,
        &mut o.email,
        &mut o.phone,
        &mut o.notes,
    ] {
        *text = text.trim().to_owned();
    }
    if o.name.is_empty() {
        return Err(Error::Required { field: "name" });
    }
    limits::check_all(&[
        ("name", &o.name, limits::NAME),
        ("short_name", &o.short_name, limits::NAME),
        ("register_number", &o.register_number, limits::CODE),
        ("street", &o.street, limits::NAME),
        ("postal_code", &o.postal_code, limits::CODE),
        ("city", &o.city, limits::NAME),
        ("rooms_description", &o.rooms_description, limits::TEXT),
        ("website", &o.website, limits::TITLE),
        ("email", &o.email, limits::EMAIL),
        ("phone", &o.phone, limits::CODE),
        ("notes", &o.notes, limits::TEXT),
    ])?;
    if !o.municipality.is_empty() && !MUNICIPALITIES.contains(&o.municipality.as_str()) {
        return Err(Error::UnknownMunicipality);
    }
    if !o.postal_code.is_empty() && !is_postal_code(&o.postal_code) {
        return Err(Error::InvalidPostalCode {
            field: "postal_code",
        });
    }
    if !o.email.is_empty() && !is_email_address(&o.email) {
        return Err(Error::InvalidEmail { field: "email" });
    }
    if !o.phone.is_empty() && !is_phone_number(&o.phone) {
        return Err(Error::InvalidPhone { field: "phone" });
    }
    let mut codes = Vec::new();
    for code in &o.languages {
        let code = languages::check(code, "languages")?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    o.languages = codes;
    if !o.has_rooms {
        o.rooms_description.clear();
    }
    Ok(o)
}

/// Inserts (`id` None) or overwrites an organisation's own fields and
/// languages; returns its id. Timeline, counts and offerings are kept.
fn store(
    tx: &Transaction<'_>,
    id: Option<i64>,
    o: &OrganisationInput,
    now: NaiveDateTime,
) -> Result<i64> {
    if let Some(kind) = o.kind_id {
        if !pick_lists::exists(tx, PickList::Organisations, kind)? {
            return Err(Error::UnknownOrganisationKind);
        }
    }
    tx.execute(
        "INSERT INTO organisation (id, name, short_name, kind_id, register_number, municipality,
                                   street, postal_code, city, has_rooms, rooms_description,
                                   website, email, phone, status, description, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)
         ON CONFLICT (id) DO UPDATE SET
             name = excluded.name, short_name = excluded.short_name, kind_id = excluded.kind_id,
             register_number = excluded.register_number, municipality = excluded.municipality,
             street = excluded.street, postal_code = excluded.postal_code, city = excluded.city,
             has_rooms = excluded.has_rooms, rooms_description = excluded.rooms_description,
             website = excluded.website, email = excluded.email, phone = excluded.phone,
             status = excluded.status, description = excluded.description,
             updated_at = excluded.updated_at",
        params![
            id,
            o.name,
            o.short_name,
            o.kind_id,
            o.register_number,
            o.municipality,
            o.street,
            o.postal_code,
            o.city,
            o.has_rooms,
            o.rooms_description,
            o.website,
            o.email,
            o.phone,
            o.status.code(),
            o.notes,
            timestamp(now)
        ],
    )?;
    let id = id.unwrap_or_else(|| tx.last_insert_rowid());
    // The cooperation status over time, for the Berichte: a row when the
    // organisation is entered and whenever its status changes.
    tx.execute(
        "INSERT INTO organisation_status_change (organisation_id, status, changed_on)
         SELECT ?1, ?2, ?3
         WHERE coalesce((SELECT status FROM organisation_status_change WHERE organisation_id = ?1
                         ORDER BY changed_on DESC, id DESC LIMIT 1), '') <> ?2",
        params![id, o.status.code(), now.date()],
    )?;
    tx.execute(
        "DELETE FROM organisation_language WHERE organisation_id = ?1",
        [id],
    )?;
    for code in &o.languages {
        tx.execute(
            "INSERT INTO organisation_language (organisation_id, code) VALUES (?1, ?2)",
            params![id, code],
        )?;
    }
    reindex(tx, id)?;
    Ok(id)
}

/// Adds an organisation.
///
/// # Errors
/// [`Error::Required`] (name), [`Error::TooLong`],
/// [`Error::UnknownMunicipality`], [`Error::InvalidPostalCode`],
/// [`Error::InvalidEmail`], [`Error::InvalidPhone`],
/// [`Error::UnknownLanguageCode`], [`Error::UnknownOrganisationKind`].
pub fn create_organisation(
    db: &mut Db,
    input: &OrganisationInput,
    now: NaiveDateTime,
) -> Result<Organisation> {
    let id = db.write(|tx| create_organisation_in(tx, input, now))?;
    organisation(db, id)
}

/// [`create_organisation`] inside the caller's transaction; returns the id.
pub(crate) fn create_organisation_in(
    tx: &Transaction<'_>,
    input: &OrganisationInput,
    now: NaiveDateTime,
) -> Result<i64> {
    let o = clean(input)?;
    store(tx, None, &o, now)
}

/// Changes an organisation's own fields, saved by workstation `by`.
///
/// # Errors
/// As [`create_organisation`], [`Error::NotFound`], and
/// [`Error::ChangedMeanwhile`] when someone saved it since the form read
/// `input.version`.
pub fn update_organisation(
    db: &mut Db,
    id: i64,
    input: &OrganisationInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<Organisation> {
    db.write(|tx| update_organisation_in(tx, id, input, now, by))?;
    organisation(db, id)
}

/// [`update_organisation`] inside the caller's transaction; `by` names the
/// workstation that saves.
///
/// # Errors
/// As [`update_organisation`].
pub(crate) fn update_organisation_in(
    tx: &Transaction<'_>,
    id: i64,
    input: &OrganisationInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<()> {
    versions::claim(tx, Versioned::Organisation, id, input.version, by)?;
    let o = clean(input)?;
    store(tx, Some(id), &o, now)?;
    Ok(())
}

pub(super) fn exists(conn: &Connection, id: i64) -> Result<()> {
    let found: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM organisation WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if found {
        Ok(())
    } else {
        Err(Error::NotFound {
            what: Record::Organisation,
        })
    }
}

/// Archives an organisation (`archived` true) or brings it back. Archived
/// organisations keep everything but leave the lists and searches (unless
/// asked for).
///
/// # Errors
/// [`Error::NotFound`].
pub fn set_archived(db: &mut Db, id: i64, archived: bool, today: NaiveDate) -> Result<()> {
    db.write(|tx| {
        exists(tx, id)?;
        tx.execute(
            "UPDATE organisation SET archived_on = ?2 WHERE id = ?1",
            params![id, archived.then_some(today)],
        )?;
        Ok(())
    })
}

/// Deletes an organisation that nothing else refers to (a mistaken entry).
///
/// # Errors
/// [`Error::NotFound`]; [`Error::OrganisationInUse`] while projects,
/// borrowers (and so loans), contacts, working groups, meetings or
/// workshops refer to it: archive it instead.
pub fn delete_organisation(db: &mut Db, id: i64) -> Result<()> {
    db.write(|tx| {
        exists(tx, id)?;
        let used: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM project_partner WHERE organisation_id = ?1)
                 OR EXISTS (SELECT 1 FROM borrower WHERE organisation_id = ?1)
                 OR EXISTS (SELECT 1 FROM contact_role WHERE organisation_id = ?1)
                 OR EXISTS (SELECT 1 FROM working_group_member WHERE organisation_id = ?1)
                 OR EXISTS (SELECT 1 FROM meeting_attendance WHERE organisation_id = ?1)
                 OR EXISTS (SELECT 1 FROM workshop_host WHERE organisation_id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if used {
            return Err(Error::OrganisationInUse);
        }
        tx.execute("DELETE FROM organisation_search WHERE rowid = ?1", [id])?;
        tx.execute("DELETE FROM organisation WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// Records a member count as stated on a day (a second count on the same
/// day replaces the first).
///
/// # Errors
/// [`Error::NotFound`], [`Error::NegativeMemberCount`].
pub fn add_member_count(db: &mut Db, id: i64, count: &MemberCount) -> Result<Vec<MemberCount>> {
    if count.members < 0 {
        return Err(Error::NegativeMemberCount);
    }
    db.write(|tx| {
        exists(tx, id)?;
        tx.execute(
            "INSERT INTO member_count (organisation_id, stated_on, members) VALUES (?1, ?2, ?3)
             ON CONFLICT (organisation_id, stated_on) DO UPDATE SET members = excluded.members",
            params![id, count.stated_on, count.members],
        )?;
        Ok(())
    })?;
    member_counts(db.conn(), id)
}

/// Adds a dated entry to the timeline.
///
/// # Errors
/// [`Error::NotFound`], [`Error::Required`] (text), [`Error::TooLong`].
pub fn add_timeline_note(
    db: &mut Db,
    id: i64,
    noted_on: NaiveDate,
    kind: NoteKind,
    text: &str,
    now: NaiveDateTime,
) -> Result<TimelineNote> {
    let text = note_text(text)?;
    db.write(|tx| {
        exists(tx, id)?;
        tx.execute(
            "INSERT INTO organisation_note (organisation_id, noted_on, kind, text, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, noted_on, kind.code(), text, timestamp(now)],
        )?;
        Ok(TimelineNote {
            id: tx.last_insert_rowid(),
            noted_on,
            kind,
            text: text.to_owned(),
            changed_on: None,
        })
    })
}

/// The text of a timeline note, trimmed and checked as staff enter it.
fn note_text(text: &str) -> Result<&str> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::Required { field: "note" });
    }
    limits::check("note", text, limits::TEXT)?;
    Ok(text)
}

/// Corrects the text of a timeline note. The note keeps its date and kind
/// and is marked "geändert am" the day of `now`; the text before is not
/// kept (a wrong text is replaced, not archived). Saving the same text
/// again changes nothing.
///
/// # Errors
/// [`Error::NotFound`] (the note), [`Error::Required`] (text),
/// [`Error::TooLong`].
pub fn correct_timeline_note(
    db: &mut Db,
    note_id: i64,
    text: &str,
    now: NaiveDateTime,
) -> Result<TimelineNote> {
    let text = note_text(text)?;
    db.write(|tx| {
        let before = note_in(tx, note_id)?;
        if before.text == text {
            return Ok(before);
        }
        tx.execute(
            "UPDATE organisation_note SET text = ?2, changed_on = ?3 WHERE id = ?1",
            params![note_id, text, now.date()],
        )?;
        note_in(tx, note_id)
    })
}

const NOTE_SELECT: &str = "SELECT id, noted_on, kind, text, changed_on FROM organisation_note";

fn note_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TimelineNote> {
    Ok(TimelineNote {
        id: r.get(0)?,
        noted_on: r.get(1)?,
        kind: NoteKind::from_code(&r.get::<_, String>(2)?),
        text: r.get(3)?,
        changed_on: r.get(4)?,
    })
}

fn note_in(conn: &Connection, note_id: i64) -> Result<TimelineNote> {
    conn.query_row(
        &format!("{NOTE_SELECT} WHERE id = ?1"),
        [note_id],
        note_from_row,
    )
    .optional()?
    .ok_or(Error::NotFound {
        what: Record::TimelineNote,
    })
}

fn member_counts(conn: &Connection, id: i64) -> Result<Vec<MemberCount>> {
    let mut stmt = conn.prepare_cached(
        "SELECT stated_on, members FROM member_count WHERE organisation_id = ?1 ORDER BY stated_on",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(MemberCount {
            stated_on: r.get(0)?,
            members: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn codes(sql: &dyn Sql, text: &str, id: i64) -> Result<Vec<String>> {
    sql.rows(text, args![id])?
        .into_iter()
        .map(|r| r.get(0))
        .collect()
}

/// One organisation with its languages, counts, timeline and offerings.
///
/// # Errors
/// [`Error::NotFound`].
pub fn organisation(db: &Db, id: i64) -> Result<Organisation> {
    organisation_in(db.conn(), id)
}

/// [`organisation`] inside the caller's transaction.
pub(crate) fn organisation_in(conn: &Connection, id: i64) -> Result<Organisation> {
    let mut o = conn
        .query_row(
            "SELECT o.id, o.name, o.short_name, o.kind_id, k.code, k.name, o.register_number,
                    o.municipality, o.street, o.postal_code, o.city, o.has_rooms,
                    o.rooms_description, o.website, o.email, o.phone, o.status, o.description,
                    o.archived_on, o.version, coalesce(o.updated_at, o.created_at), o.updated_by
             FROM organisation AS o LEFT JOIN organisation_kind AS k ON k.id = o.kind_id
             WHERE o.id = ?1",
            [id],
            |r| {
                let kind_id: Option<i64> = r.get(3)?;
                Ok(Organisation {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    short_name: r.get(2)?,
                    kind: match kind_id {
                        Some(id) => Some(Entry {
                            id,
                            code: r.get(4)?,
                            name: r.get(5)?,
                        }),
                        None => None,
                    },
                    register_number: r.get(6)?,
                    languages: Vec::new(),
                    municipality: r.get(7)?,
                    street: r.get(8)?,
                    postal_code: r.get(9)?,
                    city: r.get(10)?,
                    has_rooms: r.get(11)?,
                    rooms_description: r.get(12)?,
                    website: r.get(13)?,
                    email: r.get(14)?,
                    phone: r.get(15)?,
                    status: CooperationStatus::from_code(&r.get::<_, String>(16)?),
                    notes: r.get(17)?,
                    archived_on: r.get(18)?,
                    member_counts: Vec::new(),
                    timeline: Vec::new(),
                    offerings: Vec::new(),
                    saved: Saved {
                        version: r.get(19)?,
                        at: r.get(20)?,
                        by: r.get(21)?,
                    },
                })
            },
        )
        .optional()?
        .ok_or(Error::NotFound {
            what: Record::Organisation,
        })?;
    o.languages = codes(
        conn,
        "SELECT code FROM organisation_language WHERE organisation_id = ?1 ORDER BY code",
        id,
    )?;
    o.member_counts = member_counts(conn, id)?;
    let mut stmt = conn.prepare_cached(&format!(
        "{NOTE_SELECT} WHERE organisation_id = ?1 ORDER BY noted_on DESC, id DESC"
    ))?;
    o.timeline = stmt
        .query_map([id], note_from_row)?
        .collect::<Result<_, _>>()?;
    o.offerings = offerings::of_organisation(conn, id)?;
    Ok(o)
}

/// Kinds of organisation.
///
/// # Errors
/// Only SQLite failures.
pub fn organisation_kinds(db: &Db) -> Result<Vec<Entry>> {
    pick_lists::entries(db, PickList::Organisations)
}

/// [`organisation_kinds`] on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn organisation_kinds_in(sql: &dyn Sql) -> Result<Vec<Entry>> {
    pick_lists::entries_in(sql, PickList::Organisations)
}

/// Adds a kind of organisation.
///
/// # Errors
/// [`Error::Required`], [`Error::ListEntryExists`].
pub fn add_organisation_kind(db: &mut Db, name: &str) -> Result<Entry> {
    pick_lists::add(db, PickList::Organisations, name, Error::ListEntryExists)
}

/// Kinds of offering.
///
/// # Errors
/// Only SQLite failures.
pub fn offering_kinds(db: &Db) -> Result<Vec<Entry>> {
    pick_lists::entries(db, PickList::Offerings)
}

/// [`offering_kinds`] on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn offering_kinds_in(sql: &dyn crate::db::engine::Sql) -> Result<Vec<Entry>> {
    pick_lists::entries_in(sql, PickList::Offerings)
}

/// Adds a kind of offering.
///
/// # Errors
/// [`Error::Required`], [`Error::ListEntryExists`].
pub fn add_offering_kind(db: &mut Db, name: &str) -> Result<Entry> {
    pick_lists::add(db, PickList::Offerings, name, Error::ListEntryExists)
}
