//! The directory of migrant organisations: the organisations themselves
//! (with languages, member counts over time and a dated timeline), their
//! offerings, contacts, cooperation projects and the Arbeitskreis.
//!
//! Every change rewrites the organisation's row in `organisation_search` in
//! the same transaction, so "who offers German classes for women in
//! Troisdorf?" is one search over names, offerings, languages, places and
//! contacts.

pub(crate) mod contacts;
mod offerings;
mod projects;
mod working_groups;

pub use contacts::{
    add_role, contact, contacts_of, create_contact, delete_contact, end_role, update_contact,
    Contact, ContactInput, ContactRole, RoleInput,
};
pub use offerings::{delete_offering, save_offering, Offering, OfferingInput};
pub use projects::{
    create_project, project, projects, update_project, Partner, Project, ProjectFilter,
    ProjectInput, ProjectStatus,
};
pub use working_groups::{
    add_action, add_decision, create_working_group, invitation_addressees, join, leave, meeting,
    save_meeting, set_action_done, set_attendance, working_group, working_groups, ActionItem,
    Attendance, Meeting, MeetingInput, MeetingSummary, Member, WorkingGroup,
};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::pick_lists::{self, Entry, PickList};
use crate::settings::{is_email_address, is_phone_number, is_postal_code};
use crate::time::timestamp;
use crate::Record;
use crate::{languages, limits, search, Db, Error, Result};

/// The 19 municipalities of the Rhein-Sieg-Kreis, then Bonn and "anderer
/// Ort".
pub const MUNICIPALITIES: &[&str] = &[
    "Alfter",
    "Bad Honnef",
    "Bornheim",
    "Eitorf",
    "Hennef (Sieg)",
    "Königswinter",
    "Lohmar",
    "Meckenheim",
    "Much",
    "Neunkirchen-Seelscheid",
    "Niederkassel",
    "Rheinbach",
    "Ruppichteroth",
    "Sankt Augustin",
    "Siegburg",
    "Swisttal",
    "Troisdorf",
    "Wachtberg",
    "Windeck",
    "Bonn",
    "anderer Ort",
];

/// Where the cooperation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CooperationStatus {
    /// In contact.
    #[default]
    Kontakt,
    /// Active cooperation.
    Aktiv,
    /// Dormant.
    Ruhend,
}

impl CooperationStatus {
    pub(crate) fn code(self) -> &'static str {
        match self {
            CooperationStatus::Kontakt => "kontakt",
            CooperationStatus::Aktiv => "aktiv",
            CooperationStatus::Ruhend => "ruhend",
        }
    }

    pub(crate) fn from_code(code: &str) -> Self {
        match code {
            "aktiv" => CooperationStatus::Aktiv,
            "ruhend" => CooperationStatus::Ruhend,
            _ => CooperationStatus::Kontakt,
        }
    }
}

/// What staff enter for an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct OrganisationInput {
    /// Required.
    pub name: String,
    pub short_name: String,
    /// Kind of organisation (Verein, Gemeinschaft, ...).
    pub kind_id: Option<i64>,
    /// Vereinsregister number, if registered.
    pub register_number: String,
    /// Communities and languages (ISO 639-1).
    pub languages: Vec<String>,
    /// One of [`MUNICIPALITIES`], or empty.
    pub municipality: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub has_rooms: bool,
    pub rooms_description: String,
    pub website: String,
    pub email: String,
    pub phone: String,
    pub status: CooperationStatus,
    pub notes: String,
}

/// A member count as stated on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberCount {
    pub stated_on: NaiveDate,
    pub members: i64,
}

/// What a timeline entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    Anruf,
    Besuch,
    Vereinbarung,
    Email,
    #[default]
    Notiz,
}

impl NoteKind {
    fn code(self) -> &'static str {
        match self {
            NoteKind::Anruf => "anruf",
            NoteKind::Besuch => "besuch",
            NoteKind::Vereinbarung => "vereinbarung",
            NoteKind::Email => "email",
            NoteKind::Notiz => "notiz",
        }
    }

    fn from_code(code: &str) -> Self {
        match code {
            "anruf" => NoteKind::Anruf,
            "besuch" => NoteKind::Besuch,
            "vereinbarung" => NoteKind::Vereinbarung,
            "email" => NoteKind::Email,
            _ => NoteKind::Notiz,
        }
    }
}

/// A dated entry of an organisation's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineNote {
    pub id: i64,
    pub noted_on: NaiveDate,
    pub kind: NoteKind,
    pub text: String,
}

/// An organisation with everything its detail page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub short_name: String,
    pub kind: Option<Entry>,
    pub register_number: String,
    pub languages: Vec<String>,
    pub municipality: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub has_rooms: bool,
    pub rooms_description: String,
    pub website: String,
    pub email: String,
    pub phone: String,
    pub status: CooperationStatus,
    pub notes: String,
    /// Archived organisations stay with their history but leave the lists.
    pub archived_on: Option<NaiveDate>,
    /// Oldest first.
    pub member_counts: Vec<MemberCount>,
    /// Newest first.
    pub timeline: Vec<TimelineNote>,
    pub offerings: Vec<Offering>,
}

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
    let o = clean(input)?;
    let id = db.write(|tx| store(tx, None, &o, now))?;
    organisation(db, id)
}

/// Changes an organisation's own fields.
///
/// # Errors
/// As [`create_organisation`], and [`Error::NotFound`].
pub fn update_organisation(
    db: &mut Db,
    id: i64,
    input: &OrganisationInput,
    now: NaiveDateTime,
) -> Result<Organisation> {
    let o = clean(input)?;
    db.write(|tx| {
        exists(tx, id)?;
        store(tx, Some(id), &o, now)
    })?;
    organisation(db, id)
}

fn exists(conn: &Connection, id: i64) -> Result<()> {
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
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::Required { field: "note" });
    }
    limits::check("note", text, limits::TEXT)?;
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
        })
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

fn codes(conn: &Connection, sql: &str, id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One organisation with its languages, counts, timeline and offerings.
///
/// # Errors
/// [`Error::NotFound`].
pub fn organisation(db: &Db, id: i64) -> Result<Organisation> {
    let conn = db.conn();
    let mut o = conn
        .query_row(
            "SELECT o.id, o.name, o.short_name, o.kind_id, k.code, k.name, o.register_number,
                    o.municipality, o.street, o.postal_code, o.city, o.has_rooms,
                    o.rooms_description, o.website, o.email, o.phone, o.status, o.description,
                    o.archived_on
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
    let mut stmt = conn.prepare_cached(
        "SELECT id, noted_on, kind, text FROM organisation_note
         WHERE organisation_id = ?1 ORDER BY noted_on DESC, id DESC",
    )?;
    o.timeline = stmt
        .query_map([id], |r| {
            Ok(TimelineNote {
                id: r.get(0)?,
                noted_on: r.get(1)?,
                kind: NoteKind::from_code(&r.get::<_, String>(2)?),
                text: r.get(3)?,
            })
        })?
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

/// Adds a kind of offering.
///
/// # Errors
/// [`Error::Required`], [`Error::ListEntryExists`].
pub fn add_offering_kind(db: &mut Db, name: &str) -> Result<Entry> {
    pick_lists::add(db, PickList::Offerings, name, Error::ListEntryExists)
}

/// Rewrites the search row of one organisation (inside the caller's
/// transaction): names, offerings, languages (codes and German names),
/// places and the names of current contacts.
pub(crate) fn reindex(tx: &Connection, id: i64) -> Result<()> {
    tx.execute("DELETE FROM organisation_search WHERE rowid = ?1", [id])?;
    let row: Option<(String, String, String, String, String, String)> = tx
        .query_row(
            "SELECT name, short_name, municipality, city, street, description
             FROM organisation WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .optional()?;
    let Some((name, short, municipality, city, street, notes)) = row else {
        return Ok(());
    };
    let offerings: String = tx.query_row(
        "SELECT coalesce(group_concat(k.name || ' ' || o.title || ' ' || o.target_group, ' '), '')
         FROM offering AS o JOIN offering_kind AS k ON k.id = o.kind_id
         WHERE o.organisation_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let places: String = tx.query_row(
        "SELECT coalesce(group_concat(place, ' '), '') FROM offering WHERE organisation_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let language_codes = codes(
        tx,
        "SELECT code FROM organisation_language WHERE organisation_id = ?1
         UNION SELECT l.code FROM offering_language AS l JOIN offering AS o ON o.id = l.offering_id
               WHERE o.organisation_id = ?1",
        id,
    )?;
    let languages: Vec<String> = language_codes
        .iter()
        .map(|c| format!("{c} {}", languages::name(c)))
        .collect();
    let contacts: String = tx.query_row(
        "SELECT coalesce(group_concat(c.name, ' '), '') FROM contact_role AS r
         JOIN contact AS c ON c.id = r.contact_id WHERE r.organisation_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO organisation_search (rowid, names, offerings, languages, places, contacts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            search::fold(&format!("{name} {short} {notes}")),
            search::fold(&offerings),
            search::fold(&languages.join(" ")),
            search::fold(&format!("{municipality} {city} {street} {places}")),
            search::fold(&contacts)
        ],
    )?;
    Ok(())
}

/// Fills the search table for every organisation (after the migration that
/// created it).
pub(crate) fn reindex_all(tx: &Transaction<'_>) -> Result<()> {
    let ids: Vec<i64> = {
        let mut stmt = tx.prepare("SELECT id FROM organisation")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    for id in ids {
        reindex(tx, id)?;
    }
    Ok(())
}

/// Filters of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DirectoryQuery {
    /// Typed words; each must occur (as a prefix) somewhere.
    pub text: String,
    pub municipality: Option<String>,
    pub kind_id: Option<i64>,
    /// A language of the organisation or of one of its offerings.
    pub language: Option<String>,
    /// Has an active offering of this kind.
    pub offering_kind_id: Option<i64>,
    pub status: Option<CooperationStatus>,
    pub include_archived: bool,
    pub limit: u32,
    pub offset: u32,
}

/// One organisation in the directory list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationRow {
    pub id: i64,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub municipality: String,
    pub status: CooperationStatus,
    pub languages: Vec<String>,
    /// Names of the kinds of its active offerings.
    pub offerings: Vec<String>,
    pub archived: bool,
}

/// A page of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirectoryPage {
    pub total: i64,
    pub rows: Vec<OrganisationRow>,
}

/// The ids matching a query, in name order (all of them: the directory has
/// hundreds, not millions). Used by the list, the exports and mailing lists.
pub(crate) fn matching_ids(conn: &Connection, query: &DirectoryQuery) -> Result<Vec<i64>> {
    let mut conditions: Vec<String> = Vec::new();
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut with = String::new();
    if let Some(q) = search::prefix_query(&query.text) {
        args.push(q.into());
        with = format!(
            "WITH hits AS (SELECT rowid AS id FROM organisation_search WHERE organisation_search MATCH ?{}) ",
            args.len()
        );
        conditions.push("o.id IN (SELECT id FROM hits)".into());
    }
    if !query.include_archived {
        conditions.push("o.archived_on IS NULL".into());
    }
    if let Some(m) = query.municipality.as_ref().filter(|m| !m.is_empty()) {
        args.push(m.clone().into());
        conditions.push(format!("o.municipality = ?{}", args.len()));
    }
    if let Some(kind) = query.kind_id {
        args.push(kind.into());
        conditions.push(format!("o.kind_id = ?{}", args.len()));
    }
    if let Some(code) = query.language.as_ref().filter(|c| !c.is_empty()) {
        args.push(code.clone().into());
        let n = args.len();
        conditions.push(format!(
            "(EXISTS (SELECT 1 FROM organisation_language WHERE organisation_id = o.id AND code = ?{n})
              OR EXISTS (SELECT 1 FROM offering_language AS l JOIN offering AS f ON f.id = l.offering_id
                         WHERE f.organisation_id = o.id AND f.active = 1 AND l.code = ?{n}))"
        ));
    }
    if let Some(kind) = query.offering_kind_id {
        args.push(kind.into());
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM offering WHERE organisation_id = o.id AND active = 1 AND kind_id = ?{})",
            args.len()
        ));
    }
    if let Some(status) = query.status {
        args.push(status.code().to_owned().into());
        conditions.push(format!("o.status = ?{}", args.len()));
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let sql = format!(
        "{with}SELECT o.id FROM organisation AS o {filter} ORDER BY o.name COLLATE NOCASE, o.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(args.iter()), |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The directory, filtered and paged, sorted by name.
///
/// # Errors
/// Only SQLite failures.
pub fn search_organisations(db: &Db, query: &DirectoryQuery) -> Result<DirectoryPage> {
    let conn = db.conn();
    let ids = matching_ids(conn, query)?;
    let limit = if query.limit == 0 {
        50
    } else {
        query.limit.min(500)
    } as usize;
    let rows = ids
        .iter()
        .skip(query.offset as usize)
        .take(limit)
        .map(|id| row(conn, *id))
        .collect::<Result<_>>()?;
    Ok(DirectoryPage {
        total: ids.len() as i64,
        rows,
    })
}

fn row(conn: &Connection, id: i64) -> Result<OrganisationRow> {
    let mut r = conn.query_row(
        "SELECT o.id, o.name, o.short_name, coalesce(k.name, ''), o.municipality, o.status,
                o.archived_on IS NOT NULL
         FROM organisation AS o LEFT JOIN organisation_kind AS k ON k.id = o.kind_id
         WHERE o.id = ?1",
        [id],
        |r| {
            Ok(OrganisationRow {
                id: r.get(0)?,
                name: r.get(1)?,
                short_name: r.get(2)?,
                kind: r.get(3)?,
                municipality: r.get(4)?,
                status: CooperationStatus::from_code(&r.get::<_, String>(5)?),
                languages: Vec::new(),
                offerings: Vec::new(),
                archived: r.get(6)?,
            })
        },
    )?;
    r.languages = codes(
        conn,
        "SELECT code FROM organisation_language WHERE organisation_id = ?1 ORDER BY code",
        id,
    )?;
    r.offerings = codes(
        conn,
        "SELECT DISTINCT k.name FROM offering AS o JOIN offering_kind AS k ON k.id = o.kind_id
         WHERE o.organisation_id = ?1 AND o.active = 1 ORDER BY k.id",
        id,
    )?;
    Ok(r)
}

/// One organisation as simple lists show it (borrower form, pick lists).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationSummary {
    pub id: i64,
    pub name: String,
    pub municipality: String,
    pub description: String,
}

/// Every organisation that is not archived, sorted by name.
///
/// # Errors
/// Only SQLite failures.
pub fn list(db: &Db) -> Result<Vec<OrganisationSummary>> {
    let mut stmt = db.conn().prepare_cached(
        "SELECT id, name, municipality, description FROM organisation
         WHERE archived_on IS NULL ORDER BY name COLLATE NOCASE, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(OrganisationSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            municipality: r.get(2)?,
            description: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Number of organisations in the directory (archived ones included).
///
/// # Errors
/// Only SQLite failures.
pub fn count(db: &Db) -> Result<i64> {
    Ok(db
        .conn()
        .query_row("SELECT count(*) FROM organisation", [], |r| r.get(0))?)
}

/// Every organisation matching a query, in full (for the exports).
///
/// # Errors
/// Only SQLite failures.
pub fn matching_organisations(db: &Db, query: &DirectoryQuery) -> Result<Vec<Organisation>> {
    matching_ids(db.conn(), query)?
        .into_iter()
        .map(|id| organisation(db, id))
        .collect()
}

/// A mailing list from a directory query: the current contacts (role not
/// ended before `today`) of every matching organisation, and their e-mail
/// addresses once each, ready for BCC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailingList {
    pub contacts: Vec<(ContactRole, Contact)>,
    /// "a@example.org; b@example.org"
    pub bcc: String,
    /// Contacts without an e-mail address (to reach by phone or letter).
    pub without_email: usize,
}

/// The mailing list of a (saved) filter.
///
/// # Errors
/// Only SQLite failures.
pub fn mailing_list(db: &Db, query: &DirectoryQuery, today: NaiveDate) -> Result<MailingList> {
    let mut contacts = Vec::new();
    for id in matching_ids(db.conn(), query)? {
        for (role, contact) in contacts_of(db, id)? {
            if role.ended_on.is_none_or(|end| end >= today) {
                contacts.push((role, contact));
            }
        }
    }
    let mut addresses: Vec<String> = Vec::new();
    for (_, c) in &contacts {
        let folded = c.email.to_lowercase();
        if !c.email.is_empty() && !addresses.iter().any(|a| a.to_lowercase() == folded) {
            addresses.push(c.email.clone());
        }
    }
    let without_email = contacts.iter().filter(|(_, c)| c.email.is_empty()).count();
    Ok(MailingList {
        contacts,
        bcc: addresses.join("; "),
        without_email,
    })
}

/// A directory filter kept under a name: a mailing list staff come back to
/// ("Frauenangebote Troisdorf").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFilter {
    pub name: String,
    pub query: DirectoryQuery,
}

const SAVED_FILTERS: &str = "directory_saved_filters";

/// The saved filters, by name.
///
/// # Errors
/// Only SQLite failures (a damaged setting reads as no filters).
pub fn saved_filters(db: &Db) -> Result<Vec<SavedFilter>> {
    let text: Option<String> = db
        .conn()
        .query_row(
            "SELECT value FROM app_setting WHERE key = ?1",
            [SAVED_FILTERS],
            |r| r.get(0),
        )
        .optional()?;
    let mut list: Vec<SavedFilter> = text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    list.sort_by_key(|f| search::fold(&f.name));
    Ok(list)
}

/// Saves a filter under a name (the same name replaces it); paging is not
/// kept.
///
/// # Errors
/// [`Error::Required`] (name), [`Error::TooLong`].
pub fn save_filter(db: &mut Db, name: &str, query: &DirectoryQuery) -> Result<Vec<SavedFilter>> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Required {
            field: "filter_name",
        });
    }
    limits::check("filter_name", name, limits::NAME)?;
    let mut list = saved_filters(db)?;
    list.retain(|f| search::fold(&f.name) != search::fold(name));
    list.push(SavedFilter {
        name: name.to_owned(),
        query: DirectoryQuery {
            limit: 0,
            offset: 0,
            ..query.clone()
        },
    });
    store_filters(db, &list)?;
    saved_filters(db)
}

/// Removes a saved filter.
///
/// # Errors
/// Only SQLite failures.
pub fn delete_filter(db: &mut Db, name: &str) -> Result<Vec<SavedFilter>> {
    let mut list = saved_filters(db)?;
    list.retain(|f| f.name != name);
    store_filters(db, &list)?;
    saved_filters(db)
}

fn store_filters(db: &mut Db, list: &[SavedFilter]) -> Result<()> {
    let text = serde_json::to_string(list).map_err(|e| Error::DocumentFailed(e.to_string()))?;
    db.write(|tx| crate::settings::put_setting(tx, SAVED_FILTERS, &text))
}
