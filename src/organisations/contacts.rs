//! Ansprechpersonen: people with a role at one or more organisations. A
//! contact who also borrows from the Mediathek is linked to that borrower
//! rather than kept twice. Deleting a contact removes the personal data;
//! meetings keep the fact that a person from the organisation attended.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{exists, reindex, timestamp};
use crate::db::engine::{args, scalar, Sql};
use crate::people::Consent;
use crate::settings::{is_email_address, is_phone_number};
use crate::Record;
use crate::{languages, limits, Db, Error, Result};

/// What staff enter for a contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ContactInput {
    /// Required.
    pub name: String,
    /// E-mail address, if any.
    pub email: String,
    /// Phone number, if any.
    pub phone: String,
    /// Staff's note.
    pub note: String,
    /// Languages (ISO 639-1).
    pub languages: Vec<String>,
    /// The same person as a Mediathek borrower.
    pub borrower_id: Option<i64>,
    /// Consent to keep the contact data, with the text version agreed.
    pub consent: Option<Consent>,
}

/// A role at an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RoleInput {
    /// The organisation.
    pub organisation_id: i64,
    /// Vorsitz, Kontaktperson, Kursleitung, ...
    pub role: String,
    /// Since when, if known.
    pub started_on: Option<NaiveDate>,
    /// Until when; a role ended before today is no longer current.
    pub ended_on: Option<NaiveDate>,
}

/// A role as stored, with the organisation's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactRole {
    /// The role's number in the database.
    pub id: i64,
    /// The contact who has it.
    pub contact_id: i64,
    /// The contact's name.
    pub contact_name: String,
    /// The organisation.
    pub organisation_id: i64,
    /// The organisation's name.
    pub organisation_name: String,
    /// Vorsitz, Kontaktperson, Kursleitung, ...
    pub role: String,
    /// Since when, if known.
    pub started_on: Option<NaiveDate>,
    /// Until when, if it ended.
    pub ended_on: Option<NaiveDate>,
}

/// A contact with roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// The contact's number in the database.
    pub id: i64,
    /// Name.
    pub name: String,
    /// E-mail address, if any.
    pub email: String,
    /// Phone number, if any.
    pub phone: String,
    /// Staff's note.
    pub note: String,
    /// Languages (ISO 639-1).
    pub languages: Vec<String>,
    /// The same person as a Mediathek borrower.
    pub borrower_id: Option<i64>,
    /// Consent to keep the contact data, with the text version agreed.
    pub consent: Option<Consent>,
    /// False when there is no e-mail and no phone: allowed, but flagged.
    pub reachable: bool,
    /// Roles at organisations, current and ended.
    pub roles: Vec<ContactRole>,
}

fn clean(input: &ContactInput) -> Result<ContactInput> {
    let mut c = input.clone();
    for text in [&mut c.name, &mut c.email, &mut c.phone, &mut c.note] {
        *text = text.trim().to_owned();
    }
    if c.name.is_empty() {
        return Err(Error::Required { field: "name" });
    }
    limits::check_all(&[
        ("name", &c.name, limits::NAME),
        ("email", &c.email, limits::EMAIL),
        ("phone", &c.phone, limits::CODE),
        ("note", &c.note, limits::TEXT),
    ])?;
    if !c.email.is_empty() && !is_email_address(&c.email) {
        return Err(Error::InvalidEmail { field: "email" });
    }
    if !c.phone.is_empty() && !is_phone_number(&c.phone) {
        return Err(Error::InvalidPhone { field: "phone" });
    }
    let mut codes = Vec::new();
    for code in &c.languages {
        let code = languages::check(code, "languages")?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    c.languages = codes;
    if let Some(consent) = &mut c.consent {
        consent.text_version = consent.text_version.trim().to_owned();
        if consent.text_version.is_empty() {
            return Err(Error::Required {
                field: "consent_version",
            });
        }
        limits::check("consent_version", &consent.text_version, limits::CODE)?;
    }
    Ok(c)
}

fn store(conn: &Connection, id: Option<i64>, c: &ContactInput, now: NaiveDateTime) -> Result<i64> {
    if let Some(borrower) = c.borrower_id {
        let known: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM borrower WHERE id = ?1)",
            [borrower],
            |r| r.get(0),
        )?;
        if !known {
            return Err(Error::NotFound {
                what: Record::Borrower,
            });
        }
        let taken: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM contact WHERE borrower_id = ?1 AND id IS NOT ?2)",
            params![borrower, id],
            |r| r.get(0),
        )?;
        if taken {
            return Err(Error::BorrowerLinkedElsewhere);
        }
    }
    conn.execute(
        "INSERT INTO contact (id, name, email, phone, note, borrower_id, consent_on, consent_version,
                              created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
         ON CONFLICT (id) DO UPDATE SET
             name = excluded.name, email = excluded.email, phone = excluded.phone,
             note = excluded.note, borrower_id = excluded.borrower_id,
             consent_on = excluded.consent_on, consent_version = excluded.consent_version,
             updated_at = excluded.updated_at",
        params![
            id,
            c.name,
            c.email,
            c.phone,
            c.note,
            c.borrower_id,
            c.consent.as_ref().map(|x| x.given_on),
            c.consent.as_ref().map(|x| x.text_version.clone()),
            timestamp(now)
        ],
    )?;
    let id = id.unwrap_or_else(|| conn.last_insert_rowid());
    conn.execute("DELETE FROM contact_language WHERE contact_id = ?1", [id])?;
    for code in &c.languages {
        conn.execute(
            "INSERT INTO contact_language (contact_id, code) VALUES (?1, ?2)",
            params![id, code],
        )?;
    }
    for organisation in organisations_of(conn, id)? {
        reindex(conn, organisation)?;
    }
    Ok(id)
}

fn organisations_of(sql: &dyn Sql, contact_id: i64) -> Result<Vec<i64>> {
    sql.rows(
        "SELECT DISTINCT organisation_id FROM contact_role WHERE contact_id = ?1
         ORDER BY organisation_id",
        args![contact_id],
    )?
    .into_iter()
    .map(|r| r.get(0))
    .collect()
}

fn check_role(role: &RoleInput) -> Result<()> {
    limits::check("role", role.role.trim(), limits::NAME)?;
    if let (Some(start), Some(end)) = (role.started_on, role.ended_on) {
        if end < start {
            return Err(Error::DateRangeReversed { field: "ended_on" });
        }
    }
    Ok(())
}

/// Adds a contact, with a first role when given.
///
/// # Errors
/// As [`save_contact`].
pub fn create_contact(
    db: &mut Db,
    input: &ContactInput,
    role: Option<&RoleInput>,
    now: NaiveDateTime,
) -> Result<Contact> {
    save_contact(db, None, input, role, now)
}

/// Changes a contact's own data (roles are kept).
///
/// # Errors
/// As [`save_contact`].
pub fn update_contact(
    db: &mut Db,
    id: i64,
    input: &ContactInput,
    now: NaiveDateTime,
) -> Result<Contact> {
    save_contact(db, Some(id), input, None, now)
}

/// Saves a contact, new (`id` is `None`) or changed, and gives it `role`
/// when one is given, all in one transaction: when the role is refused,
/// the contact is neither added nor changed.
///
/// # Errors
/// [`Error::Required`] (name), [`Error::InvalidEmail`],
/// [`Error::InvalidPhone`], [`Error::UnknownLanguageCode`],
/// [`Error::BorrowerLinkedElsewhere`], [`Error::NotFound`] (contact,
/// organisation, borrower), [`Error::DateRangeReversed`] (the role's end
/// before its start), and the length limits of [`limits`].
pub fn save_contact(
    db: &mut Db,
    id: Option<i64>,
    input: &ContactInput,
    role: Option<&RoleInput>,
    now: NaiveDateTime,
) -> Result<Contact> {
    let id = db.write(|tx| save_contact_in(tx, id, input, role, now))?;
    contact(db, id)
}

/// [`save_contact`] inside the caller's transaction; returns the id.
pub(crate) fn save_contact_in(
    tx: &Connection,
    id: Option<i64>,
    input: &ContactInput,
    role: Option<&RoleInput>,
    now: NaiveDateTime,
) -> Result<i64> {
    let c = clean(input)?;
    if let Some(role) = role {
        check_role(role)?;
    }
    if let Some(id) = id {
        contact_exists(tx, id)?;
    }
    let id = store(tx, id, &c, now)?;
    if let Some(role) = role {
        insert_role(tx, id, role)?;
    }
    Ok(id)
}

fn contact_exists(sql: &dyn Sql, id: i64) -> Result<()> {
    let found: bool = scalar(
        sql,
        "SELECT EXISTS (SELECT 1 FROM contact WHERE id = ?1)",
        args![id],
    )?;
    if found {
        Ok(())
    } else {
        Err(Error::NotFound {
            what: Record::Contact,
        })
    }
}

fn insert_role(conn: &Connection, contact_id: i64, role: &RoleInput) -> Result<()> {
    exists(conn, role.organisation_id)?;
    conn.execute(
        "INSERT INTO contact_role (contact_id, organisation_id, role, started_on, ended_on)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            contact_id,
            role.organisation_id,
            role.role.trim(),
            role.started_on,
            role.ended_on
        ],
    )?;
    reindex(conn, role.organisation_id)
}

/// Gives a contact a (further) role at an organisation.
///
/// # Errors
/// [`Error::NotFound`], [`Error::DateRangeReversed`].
pub fn add_role(db: &mut Db, contact_id: i64, role: &RoleInput) -> Result<Contact> {
    check_role(role)?;
    db.write(|tx| {
        contact_exists(tx, contact_id)?;
        insert_role(tx, contact_id, role)
    })?;
    contact(db, contact_id)
}

/// Ends a role on a day (the role stays in the history).
///
/// # Errors
/// [`Error::NotFound`], [`Error::DateRangeReversed`].
pub fn end_role(db: &mut Db, role_id: i64, ended_on: NaiveDate) -> Result<()> {
    db.write(|tx| {
        let started: Option<Option<NaiveDate>> = tx
            .query_row(
                "SELECT started_on FROM contact_role WHERE id = ?1",
                [role_id],
                |r| r.get(0),
            )
            .optional()?;
        match started {
            None => Err(Error::NotFound {
                what: Record::Contact,
            }),
            Some(Some(start)) if ended_on < start => {
                Err(Error::DateRangeReversed { field: "ended_on" })
            }
            Some(_) => {
                tx.execute(
                    "UPDATE contact_role SET ended_on = ?2 WHERE id = ?1",
                    params![role_id, ended_on],
                )?;
                Ok(())
            }
        }
    })
}

/// Corrects a role: its name and the days it started and ended (an ended
/// role stays in the history as a former role).
///
/// # Errors
/// [`Error::NotFound`], [`Error::DateRangeReversed`] (the end before the
/// start), [`Error::TooLong`].
pub fn update_role(
    db: &mut Db,
    role_id: i64,
    role: &str,
    started_on: Option<NaiveDate>,
    ended_on: Option<NaiveDate>,
) -> Result<Contact> {
    let contact_id = db.write(|tx| {
        let found: Option<(i64, i64)> = tx
            .query_row(
                "SELECT contact_id, organisation_id FROM contact_role WHERE id = ?1",
                [role_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((contact_id, organisation_id)) = found else {
            return Err(Error::NotFound {
                what: Record::Contact,
            });
        };
        check_role(&RoleInput {
            organisation_id,
            role: role.to_owned(),
            started_on,
            ended_on,
        })?;
        tx.execute(
            "UPDATE contact_role SET role = ?2, started_on = ?3, ended_on = ?4 WHERE id = ?1",
            params![role_id, role.trim(), started_on, ended_on],
        )?;
        reindex(tx, organisation_id)?;
        Ok(contact_id)
    })?;
    contact(db, contact_id)
}

/// The contacts whose name contains `text` (upper and lower case alike),
/// those of exactly that name first, then by name;
/// at most `limit`. Each comes with its roles, so staff see at which
/// organisations a person already is before adding a second role instead
/// of a second person.
///
/// # Errors
/// Only SQLite failures.
pub fn find_contacts(db: &Db, text: &str, limit: usize) -> Result<Vec<Contact>> {
    let wanted = text.trim().to_lowercase();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let conn = db.conn();
    let mut stmt = conn.prepare_cached("SELECT id, name FROM contact")?;
    let mut found: Vec<(bool, String, i64)> = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .filter_map(|row| match row {
            Ok((id, name)) => {
                let folded = name.to_lowercase();
                folded
                    .contains(&wanted)
                    .then(|| Ok((folded != wanted, folded, id)))
            }
            Err(e) => Some(Err(e)),
        })
        .collect::<Result<_, _>>()?;
    found.sort();
    found
        .into_iter()
        .take(limit)
        .map(|(_, _, id)| contact_in(conn, id))
        .collect()
}

/// Deletes a contact's personal data: the record, its roles and languages.
/// Meeting attendance keeps the organisation and the number of persons,
/// only the link to the person goes.
///
/// # Errors
/// [`Error::NotFound`].
pub fn delete_contact(db: &mut Db, id: i64, now: NaiveDateTime) -> Result<()> {
    db.write(|tx| {
        // In the deletion log by internal id and creation time (no name),
        // so restoring an older backup deletes this contact again and no
        // other; logged first, while the record is there to say when it
        // was created.
        crate::deletion_log::log(tx, now, "contact_deleted", "contact", &[id], ("", ""), true)?;
        delete_contact_in(tx, id)
    })?;
    crate::deletion_log::scrub(db)
}

/// Deletes a contact inside the caller's transaction (also for erasure).
pub(crate) fn delete_contact_in(tx: &dyn Sql, id: i64) -> Result<()> {
    contact_exists(tx, id)?;
    let organisations = organisations_of(tx, id)?;
    tx.run("DELETE FROM contact WHERE id = ?1", args![id])?;
    for organisation in organisations {
        reindex(tx, organisation)?;
    }
    Ok(())
}

const ROLE_SELECT: &str = "SELECT r.id, r.contact_id, c.name, r.organisation_id, o.name, r.role,
        r.started_on, r.ended_on
    FROM contact_role AS r JOIN contact AS c ON c.id = r.contact_id
    JOIN organisation AS o ON o.id = r.organisation_id";

fn role_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ContactRole> {
    Ok(ContactRole {
        id: r.get(0)?,
        contact_id: r.get(1)?,
        contact_name: r.get(2)?,
        organisation_id: r.get(3)?,
        organisation_name: r.get(4)?,
        role: r.get(5)?,
        started_on: r.get(6)?,
        ended_on: r.get(7)?,
    })
}

/// One contact with roles.
///
/// # Errors
/// [`Error::NotFound`].
pub fn contact(db: &Db, id: i64) -> Result<Contact> {
    contact_in(db.conn(), id)
}

pub(crate) fn contact_in(conn: &Connection, id: i64) -> Result<Contact> {
    let mut c = conn
        .query_row(
            "SELECT id, name, email, phone, note, borrower_id, consent_on, consent_version
             FROM contact WHERE id = ?1",
            [id],
            |r| {
                let consent_on: Option<NaiveDate> = r.get(6)?;
                let version: Option<String> = r.get(7)?;
                let email: String = r.get(2)?;
                let phone: String = r.get(3)?;
                Ok(Contact {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    reachable: !email.is_empty() || !phone.is_empty(),
                    email,
                    phone,
                    note: r.get(4)?,
                    languages: Vec::new(),
                    borrower_id: r.get(5)?,
                    consent: match (consent_on, version) {
                        (Some(given_on), Some(text_version)) => Some(Consent {
                            given_on,
                            text_version,
                        }),
                        _ => None,
                    },
                    roles: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(Error::NotFound {
            what: Record::Contact,
        })?;
    let mut stmt = conn
        .prepare_cached("SELECT code FROM contact_language WHERE contact_id = ?1 ORDER BY code")?;
    c.languages = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare_cached(&format!(
        "{ROLE_SELECT} WHERE r.contact_id = ?1 ORDER BY r.ended_on IS NOT NULL, o.name"
    ))?;
    c.roles = stmt
        .query_map([id], role_from_row)?
        .collect::<Result<_, _>>()?;
    Ok(c)
}

/// The contacts of an organisation, current roles first, each with its role.
///
/// # Errors
/// Only SQLite failures.
pub fn contacts_of(db: &Db, organisation_id: i64) -> Result<Vec<(ContactRole, Contact)>> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "{ROLE_SELECT} WHERE r.organisation_id = ?1 ORDER BY r.ended_on IS NOT NULL, c.name"
    ))?;
    let roles: Vec<ContactRole> = stmt
        .query_map([organisation_id], role_from_row)?
        .collect::<Result<_, _>>()?;
    roles
        .into_iter()
        .map(|role| {
            let contact = contact_in(conn, role.contact_id)?;
            Ok((role, contact))
        })
        .collect()
}
