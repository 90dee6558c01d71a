//! An organisation's own details: entering, changing, archiving and
//! deleting it, its member counts and timeline, reading it in full, and the
//! kinds of organisation and offering.

use chrono::{NaiveDate, NaiveDateTime};

use super::{
    offerings, reindex, CooperationStatus, MemberCount, NoteKind, Organisation, OrganisationInput,
    TimelineNote, MUNICIPALITIES,
};
use crate::db::engine::{args, scalar, value, Engine, Sql, SqlRow};
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
fn store(tx: &dyn Sql, id: Option<i64>, o: &OrganisationInput, now: NaiveDateTime) -> Result<i64> {
    if let Some(kind) = o.kind_id {
        if !pick_lists::exists(tx, PickList::Organisations, kind)? {
            return Err(Error::UnknownOrganisationKind);
        }
    }
    let fields = args![
        o.name.as_str(),
        o.short_name.as_str(),
        o.kind_id,
        o.register_number.as_str(),
        o.municipality.as_str(),
        o.street.as_str(),
        o.postal_code.as_str(),
        o.city.as_str(),
        o.has_rooms,
        o.rooms_description.as_str(),
        o.website.as_str(),
        o.email.as_str(),
        o.phone.as_str(),
        o.status.code(),
        o.notes.as_str(),
        timestamp(now)
    ];
    let id = match id {
        None => scalar(
            tx,
            "INSERT INTO organisation (name, short_name, kind_id, register_number, municipality,
                                       street, postal_code, city, has_rooms, rooms_description,
                                       website, email, phone, status, description, created_at,
                                       updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)
             RETURNING id",
            fields,
        )?,
        Some(id) => {
            let mut values = fields.to_vec();
            values.push(id.into());
            tx.run(
                "UPDATE organisation SET name = ?1, short_name = ?2, kind_id = ?3,
                        register_number = ?4, municipality = ?5, street = ?6, postal_code = ?7,
                        city = ?8, has_rooms = ?9, rooms_description = ?10, website = ?11,
                        email = ?12, phone = ?13, status = ?14, description = ?15,
                        updated_at = ?16
                 WHERE id = ?17",
                &values,
            )?;
            id
        }
    };
    // The cooperation status over time, for the Berichte: a row when the
    // organisation is entered and whenever its status changes.
    let last: Option<String> = value(
        tx,
        "SELECT status FROM organisation_status_change WHERE organisation_id = ?1
         ORDER BY changed_on DESC, id DESC LIMIT 1",
        args![id],
    )?;
    if last.as_deref() != Some(o.status.code()) {
        tx.run(
            "INSERT INTO organisation_status_change (organisation_id, status, changed_on)
             VALUES (?1, ?2, ?3)",
            args![id, o.status.code(), now.date()],
        )?;
    }
    tx.run(
        "DELETE FROM organisation_language WHERE organisation_id = ?1",
        args![id],
    )?;
    for code in &o.languages {
        tx.run(
            "INSERT INTO organisation_language (organisation_id, code) VALUES (?1, ?2)",
            args![id, code],
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
    store: &mut impl Engine,
    input: &OrganisationInput,
    now: NaiveDateTime,
) -> Result<Organisation> {
    let id = store.write_sql(|tx| create_organisation_in(tx, input, now))?;
    store.read_sql(|sql| organisation_in(sql, id))
}

/// [`create_organisation`] inside the caller's transaction; returns the id.
pub(crate) fn create_organisation_in(
    tx: &dyn Sql,
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
    store: &mut impl Engine,
    id: i64,
    input: &OrganisationInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<Organisation> {
    store.write_sql(|tx| update_organisation_in(tx, id, input, now, by))?;
    store.read_sql(|sql| organisation_in(sql, id))
}

/// [`update_organisation`] inside the caller's transaction; `by` names the
/// workstation that saves.
///
/// # Errors
/// As [`update_organisation`].
pub(crate) fn update_organisation_in(
    tx: &dyn Sql,
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

pub(super) fn exists(sql: &dyn Sql, id: i64) -> Result<()> {
    let found: bool = scalar(
        sql,
        "SELECT EXISTS (SELECT 1 FROM organisation WHERE id = ?1)",
        args![id],
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
pub fn set_archived(
    store: &mut impl Engine,
    id: i64,
    archived: bool,
    today: NaiveDate,
) -> Result<()> {
    store.write_sql(|tx| {
        exists(tx, id)?;
        tx.run(
            "UPDATE organisation SET archived_on = ?2 WHERE id = ?1",
            args![id, archived.then_some(today)],
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
pub fn delete_organisation(store: &mut impl Engine, id: i64) -> Result<()> {
    store.write_sql(|tx| {
        exists(tx, id)?;
        let used: bool = scalar(
            tx,
            "SELECT EXISTS (SELECT 1 FROM project_partner WHERE organisation_id = ?1)
                 OR EXISTS (SELECT 1 FROM borrower WHERE organisation_id = ?1)
                 OR EXISTS (SELECT 1 FROM contact_role WHERE organisation_id = ?1)
                 OR EXISTS (SELECT 1 FROM working_group_member WHERE organisation_id = ?1)
                 OR EXISTS (SELECT 1 FROM meeting_attendance WHERE organisation_id = ?1)
                 OR EXISTS (SELECT 1 FROM workshop_host WHERE organisation_id = ?1)",
            args![id],
        )?;
        if used {
            return Err(Error::OrganisationInUse);
        }
        tx.run("DELETE FROM organisation WHERE id = ?1", args![id])?;
        // The search row goes with it (the file's; the server has none).
        reindex(tx, id)
    })
}

/// Records a member count as stated on a day (a second count on the same
/// day replaces the first).
///
/// # Errors
/// [`Error::NotFound`], [`Error::NegativeMemberCount`].
pub fn add_member_count(
    store: &mut impl Engine,
    id: i64,
    count: &MemberCount,
) -> Result<Vec<MemberCount>> {
    if count.members < 0 {
        return Err(Error::NegativeMemberCount);
    }
    store.write_sql(|tx| {
        exists(tx, id)?;
        tx.run(
            "INSERT INTO member_count (organisation_id, stated_on, members) VALUES (?1, ?2, ?3)
             ON CONFLICT (organisation_id, stated_on) DO UPDATE SET members = excluded.members",
            args![id, count.stated_on, count.members],
        )?;
        member_counts(tx, id)
    })
}

/// Adds a dated entry to the timeline.
///
/// # Errors
/// [`Error::NotFound`], [`Error::Required`] (text), [`Error::TooLong`].
pub fn add_timeline_note(
    store: &mut impl Engine,
    id: i64,
    noted_on: NaiveDate,
    kind: NoteKind,
    text: &str,
    now: NaiveDateTime,
) -> Result<TimelineNote> {
    let text = note_text(text)?;
    store.write_sql(|tx| {
        exists(tx, id)?;
        let note_id: i64 = scalar(
            tx,
            "INSERT INTO organisation_note (organisation_id, noted_on, kind, text, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
            args![id, noted_on, kind.code(), text, timestamp(now)],
        )?;
        note_in(tx, note_id)
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
/// again changes nothing. `version` is the note's version the page read
/// (`None` when not corrected from a page: not checked), `by` the
/// workstation.
///
/// # Errors
/// [`Error::NotFound`] (the note), [`Error::Required`] (text),
/// [`Error::TooLong`], [`Error::ChangedMeanwhile`] when someone corrected
/// the note since the page read `version` (also when it was to the same
/// text: the page did not show it).
pub fn correct_timeline_note(
    store: &mut impl Engine,
    note_id: i64,
    text: &str,
    now: NaiveDateTime,
    version: Option<i64>,
    by: &str,
) -> Result<TimelineNote> {
    let text = note_text(text)?;
    store.write_sql(|tx| {
        let before = note_in(tx, note_id)?;
        if before.text == text && version.is_none_or(|v| v == before.saved.version) {
            return Ok(before);
        }
        versions::claim(tx, Versioned::Note, note_id, version, by)?;
        tx.run(
            "UPDATE organisation_note SET text = ?2, changed_on = ?3, updated_at = ?4
             WHERE id = ?1",
            args![note_id, text, now.date(), timestamp(now)],
        )?;
        note_in(tx, note_id)
    })
}

const NOTE_SELECT: &str = "SELECT id, noted_on, kind, text, changed_on, version,
    coalesce(updated_at, created_at), updated_by FROM organisation_note";

fn note_from_row(r: &SqlRow) -> Result<TimelineNote> {
    Ok(TimelineNote {
        id: r.get(0)?,
        noted_on: r.get(1)?,
        kind: NoteKind::from_code(&r.get::<String>(2)?),
        text: r.get(3)?,
        changed_on: r.get(4)?,
        saved: Saved {
            version: r.get(5)?,
            at: r.get(6)?,
            by: r.get(7)?,
        },
    })
}

fn note_in(sql: &dyn Sql, note_id: i64) -> Result<TimelineNote> {
    sql.row(&format!("{NOTE_SELECT} WHERE id = ?1"), args![note_id])?
        .ok_or(Error::NotFound {
            what: Record::TimelineNote,
        })
        .and_then(|r| note_from_row(&r))
}

fn member_counts(sql: &dyn Sql, id: i64) -> Result<Vec<MemberCount>> {
    sql.rows(
        "SELECT stated_on, members FROM member_count WHERE organisation_id = ?1 ORDER BY stated_on",
        args![id],
    )?
    .iter()
    .map(|r| {
        Ok(MemberCount {
            stated_on: r.get(0)?,
            members: r.get(1)?,
        })
    })
    .collect()
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

/// [`organisation`] inside a read or the caller's transaction, on either
/// engine.
///
/// # Errors
/// As [`organisation`].
pub fn organisation_in(sql: &dyn Sql, id: i64) -> Result<Organisation> {
    let r = sql
        .row(
            "SELECT o.id, o.name, o.short_name, o.kind_id, k.code, k.name, o.register_number,
                    o.municipality, o.street, o.postal_code, o.city, o.has_rooms,
                    o.rooms_description, o.website, o.email, o.phone, o.status, o.description,
                    o.archived_on, o.version, coalesce(o.updated_at, o.created_at), o.updated_by
             FROM organisation AS o LEFT JOIN organisation_kind AS k ON k.id = o.kind_id
             WHERE o.id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Organisation,
        })?;
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
        languages: codes(
            sql,
            &format!(
                "SELECT code FROM organisation_language WHERE organisation_id = ?1 ORDER BY {}",
                sql.dialect().byte_order("code")
            ),
            id,
        )?,
        municipality: r.get(7)?,
        street: r.get(8)?,
        postal_code: r.get(9)?,
        city: r.get(10)?,
        has_rooms: r.get(11)?,
        rooms_description: r.get(12)?,
        website: r.get(13)?,
        email: r.get(14)?,
        phone: r.get(15)?,
        status: CooperationStatus::from_code(&r.get::<String>(16)?),
        notes: r.get(17)?,
        archived_on: r.get(18)?,
        member_counts: member_counts(sql, id)?,
        timeline: sql
            .rows(
                &format!(
                    "{NOTE_SELECT} WHERE organisation_id = ?1 ORDER BY noted_on DESC, id DESC"
                ),
                args![id],
            )?
            .iter()
            .map(note_from_row)
            .collect::<Result<_>>()?,
        offerings: offerings::of_organisation(sql, id)?,
        saved: Saved {
            version: r.get(19)?,
            at: r.get(20)?,
            by: r.get(21)?,
        },
    })
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
pub fn add_organisation_kind(store: &mut impl Engine, name: &str) -> Result<Entry> {
    pick_lists::add(store, PickList::Organisations, name, Error::ListEntryExists)
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
pub fn offering_kinds_in(sql: &dyn Sql) -> Result<Vec<Entry>> {
    pick_lists::entries_in(sql, PickList::Offerings)
}

/// Adds a kind of offering.
///
/// # Errors
/// [`Error::Required`], [`Error::ListEntryExists`].
pub fn add_offering_kind(store: &mut impl Engine, name: &str) -> Result<Entry> {
    pick_lists::add(store, PickList::Offerings, name, Error::ListEntryExists)
}
