//! Ansprechpersonen: people with a role at one or more organisations. A
//! contact who also borrows from the Mediathek is linked to that borrower
//! rather than kept twice. Deleting a contact removes the personal data;
//! meetings keep the fact that a person from the organisation attended.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{exists, reindex, timestamp};
use crate::db::engine::{args, scalar, Engine, Sql, SqlRow};
use crate::people::Consent;
use crate::settings::{is_email_address, is_phone_number};
use crate::versions::{self, Saved, Versioned};
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
    /// The version the form was filled from ([`Contact::saved`]); saving
    /// is refused when someone saved the contact since
    /// ([`crate::Error::ChangedMeanwhile`]). `None` (an import, a new
    /// contact): no check.
    pub version: Option<i64>,
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

/// A role as corrected on the organisation's page: its name and days, with
/// the version of the contact the page read (a role is part of the
/// contact's record).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoleEdit {
    /// Vorsitz, Kontaktperson, Kursleitung, ...
    pub role: String,
    /// Since when, if known.
    pub started_on: Option<NaiveDate>,
    /// Until when.
    pub ended_on: Option<NaiveDate>,
    /// The contact's version the page shows; `None` when not corrected
    /// from a page (not checked).
    pub version: Option<i64>,
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
    /// Consent to be shown on the centre's public site with name, role,
    /// e-mail and phone (since version 19; [`crate::publish`]).
    pub public_consent: Option<Consent>,
    /// False when there is no e-mail and no phone: allowed, but flagged.
    pub reachable: bool,
    /// Roles at organisations, current and ended.
    pub roles: Vec<ContactRole>,
    /// Its version, and who saved it last when.
    pub saved: Saved,
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

fn store(tx: &dyn Sql, id: Option<i64>, c: &ContactInput, now: NaiveDateTime) -> Result<i64> {
    if let Some(borrower) = c.borrower_id {
        let known: bool = scalar(
            tx,
            "SELECT EXISTS (SELECT 1 FROM borrower WHERE id = ?1)",
            args![borrower],
        )?;
        if !known {
            return Err(Error::NotFound {
                what: Record::Borrower,
            });
        }
        let taken: bool = scalar(
            tx,
            "SELECT EXISTS (SELECT 1 FROM contact WHERE borrower_id = ?1 AND id IS DISTINCT FROM ?2)",
            args![borrower, id],
        )?;
        if taken {
            return Err(Error::BorrowerLinkedElsewhere);
        }
    }
    let fields = args![
        c.name.as_str(),
        c.email.as_str(),
        c.phone.as_str(),
        c.note.as_str(),
        c.borrower_id,
        c.consent.as_ref().map(|x| x.given_on),
        c.consent.as_ref().map(|x| x.text_version.clone()),
        timestamp(now)
    ];
    let id = match id {
        None => scalar(
            tx,
            "INSERT INTO contact (name, email, phone, note, borrower_id, consent_on,
                                  consent_version, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) RETURNING id",
            fields,
        )?,
        Some(id) => {
            let mut values = fields.to_vec();
            values.push(id.into());
            tx.run(
                "UPDATE contact SET name = ?1, email = ?2, phone = ?3, note = ?4,
                        borrower_id = ?5, consent_on = ?6, consent_version = ?7, updated_at = ?8
                 WHERE id = ?9",
                &values,
            )?;
            id
        }
    };
    tx.run(
        "DELETE FROM contact_language WHERE contact_id = ?1",
        args![id],
    )?;
    for code in &c.languages {
        tx.run(
            "INSERT INTO contact_language (contact_id, code) VALUES (?1, ?2)",
            args![id, code],
        )?;
    }
    for organisation in organisations_of(tx, id)? {
        reindex(tx, organisation)?;
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
    store: &mut impl Engine,
    input: &ContactInput,
    role: Option<&RoleInput>,
    now: NaiveDateTime,
) -> Result<Contact> {
    save_contact(store, None, input, role, now, "")
}

/// Changes a contact's own data (roles are kept), saved by workstation
/// `by`.
///
/// # Errors
/// As [`save_contact`].
pub fn update_contact(
    store: &mut impl Engine,
    id: i64,
    input: &ContactInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<Contact> {
    save_contact(store, Some(id), input, None, now, by)
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
/// before its start), the length limits of [`limits`], and
/// [`Error::ChangedMeanwhile`] when someone saved the contact since the
/// form read `input.version`. `by` names the workstation that saves.
pub fn save_contact(
    store: &mut impl Engine,
    id: Option<i64>,
    input: &ContactInput,
    role: Option<&RoleInput>,
    now: NaiveDateTime,
    by: &str,
) -> Result<Contact> {
    store.write_sql(|tx| {
        let id = save_contact_in(tx, id, input, role, now, by)?;
        contact_in(tx, id)
    })
}

/// [`save_contact`] inside the caller's transaction; returns the id.
pub(crate) fn save_contact_in(
    tx: &dyn Sql,
    id: Option<i64>,
    input: &ContactInput,
    role: Option<&RoleInput>,
    now: NaiveDateTime,
    by: &str,
) -> Result<i64> {
    let c = clean(input)?;
    if let Some(role) = role {
        check_role(role)?;
        // Before the contact is stored: the server hands out no number
        // for a contact that is then refused.
        exists(tx, role.organisation_id)?;
    }
    if let Some(id) = id {
        contact_exists(tx, id)?;
        versions::claim(tx, Versioned::Contact, id, input.version, by)?;
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

fn insert_role(tx: &dyn Sql, contact_id: i64, role: &RoleInput) -> Result<()> {
    exists(tx, role.organisation_id)?;
    tx.run(
        "INSERT INTO contact_role (contact_id, organisation_id, role, started_on, ended_on)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        args![
            contact_id,
            role.organisation_id,
            role.role.trim(),
            role.started_on,
            role.ended_on
        ],
    )?;
    reindex(tx, role.organisation_id)
}

/// Claims contact `id` for a change of its roles inside the caller's
/// write (a role is part of the contact's record): checks `version` when
/// given, raises it, names workstation `by` and the moment `now`, so a form
/// of the contact open elsewhere learns of the change when it saves.
fn claim_contact(
    tx: &dyn Sql,
    id: i64,
    version: Option<i64>,
    now: NaiveDateTime,
    by: &str,
) -> Result<()> {
    versions::claim(tx, Versioned::Contact, id, version, by)?;
    tx.run(
        "UPDATE contact SET updated_at = ?2 WHERE id = ?1",
        args![id, timestamp(now)],
    )?;
    Ok(())
}

/// Gives a contact a (further) role at an organisation, at moment `now` on
/// workstation `by` (raising the contact's version).
///
/// # Errors
/// [`Error::NotFound`], [`Error::DateRangeReversed`].
pub fn add_role(
    store: &mut impl Engine,
    contact_id: i64,
    role: &RoleInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<Contact> {
    check_role(role)?;
    store.write_sql(|tx| {
        contact_exists(tx, contact_id)?;
        insert_role(tx, contact_id, role)?;
        claim_contact(tx, contact_id, None, now, by)?;
        contact_in(tx, contact_id)
    })
}

/// Ends a role on a day (the role stays in the history), at moment `now`
/// on workstation `by` (raising the contact's version; one click that says
/// its whole change, so not checked against the page's version).
///
/// # Errors
/// [`Error::NotFound`], [`Error::DateRangeReversed`].
pub fn end_role(
    store: &mut impl Engine,
    role_id: i64,
    ended_on: NaiveDate,
    now: NaiveDateTime,
    by: &str,
) -> Result<()> {
    store.write_sql(|tx| {
        let found = tx.row(
            "SELECT contact_id, started_on FROM contact_role WHERE id = ?1",
            args![role_id],
        )?;
        let Some(found) = found else {
            return Err(Error::NotFound {
                what: Record::Contact,
            });
        };
        if let Some(start) = found.get::<Option<NaiveDate>>(1)? {
            if ended_on < start {
                return Err(Error::DateRangeReversed { field: "ended_on" });
            }
        }
        tx.run(
            "UPDATE contact_role SET ended_on = ?2 WHERE id = ?1",
            args![role_id, ended_on],
        )?;
        claim_contact(tx, found.get(0)?, None, now, by)
    })
}

/// Corrects a role: its name and the days it started and ended (an ended
/// role stays in the history as a former role).
///
/// # Errors
/// [`Error::NotFound`], [`Error::DateRangeReversed`] (the end before the
/// start), [`Error::TooLong`], [`Error::ChangedMeanwhile`] when the
/// contact was saved since the page read the edit's version (a role is
/// part of the contact: correcting it claims the contact's version).
pub fn update_role(
    store: &mut impl Engine,
    role_id: i64,
    edit: &RoleEdit,
    now: NaiveDateTime,
    by: &str,
) -> Result<Contact> {
    let (role, started_on, ended_on) = (edit.role.as_str(), edit.started_on, edit.ended_on);
    store.write_sql(|tx| {
        let Some(found) = tx.row(
            "SELECT contact_id, organisation_id FROM contact_role WHERE id = ?1",
            args![role_id],
        )?
        else {
            return Err(Error::NotFound {
                what: Record::Contact,
            });
        };
        let (contact_id, organisation_id): (i64, i64) = (found.get(0)?, found.get(1)?);
        check_role(&RoleInput {
            organisation_id,
            role: role.to_owned(),
            started_on,
            ended_on,
        })?;
        claim_contact(tx, contact_id, edit.version, now, by)?;
        tx.run(
            "UPDATE contact_role SET role = ?2, started_on = ?3, ended_on = ?4 WHERE id = ?1",
            args![role_id, role.trim(), started_on, ended_on],
        )?;
        reindex(tx, organisation_id)?;
        contact_in(tx, contact_id)
    })
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
    find_contacts_in(db.conn(), text, limit)
}

/// [`find_contacts`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn find_contacts_in(sql: &dyn Sql, text: &str, limit: usize) -> Result<Vec<Contact>> {
    let wanted = text.trim().to_lowercase();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut found: Vec<(bool, String, i64)> = Vec::new();
    for row in sql.rows("SELECT id, name FROM contact", &[])? {
        let (id, name): (i64, String) = (row.get(0)?, row.get(1)?);
        let folded = name.to_lowercase();
        if folded.contains(&wanted) {
            found.push((folded != wanted, folded, id));
        }
    }
    found.sort();
    found
        .into_iter()
        .take(limit)
        .map(|(_, _, id)| contact_in(sql, id))
        .collect()
}

/// Deletes a contact's personal data: the record, its roles and languages.
/// Meeting attendance keeps the organisation and the number of persons,
/// only the link to the person goes.
///
/// # Errors
/// [`Error::NotFound`].
pub fn delete_contact(db: &mut Db, id: i64, now: NaiveDateTime) -> Result<()> {
    delete_contact_on(db, id, now)?;
    crate::deletion_log::scrub(db)
}

/// [`delete_contact`] on either engine, without the file's scrubbing
/// afterwards (as [`crate::privacy::erase_on`]).
///
/// # Errors
/// [`Error::NotFound`]; a failure of the engine.
pub fn delete_contact_on(store: &mut impl Engine, id: i64, now: NaiveDateTime) -> Result<()> {
    store.write_sql(|tx| {
        // In the deletion log by internal id and creation time (no name),
        // so restoring an older backup deletes this contact again and no
        // other; logged first, while the record is there to say when it
        // was created.
        crate::deletion_log::log(tx, now, "contact_deleted", "contact", &[id], ("", ""), true)?;
        delete_contact_in(tx, id)
    })
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

fn role_from_row(r: &SqlRow) -> Result<ContactRole> {
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

/// [`contact`] inside a read or the caller's transaction, on either engine.
///
/// # Errors
/// As [`contact`].
pub fn contact_in(sql: &dyn Sql, id: i64) -> Result<Contact> {
    let r = sql
        .row(
            "SELECT id, name, email, phone, note, borrower_id, consent_on, consent_version,
                    version, coalesce(updated_at, created_at), updated_by,
                    public_consent_on, public_consent_version
             FROM contact WHERE id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Contact,
        })?;
    let consent_on: Option<NaiveDate> = r.get(6)?;
    let version: Option<String> = r.get(7)?;
    let public_on: Option<NaiveDate> = r.get(11)?;
    let public_version: Option<String> = r.get(12)?;
    let email: String = r.get(2)?;
    let phone: String = r.get(3)?;
    let dialect = sql.dialect();
    Ok(Contact {
        id: r.get(0)?,
        name: r.get(1)?,
        reachable: !email.is_empty() || !phone.is_empty(),
        email,
        phone,
        note: r.get(4)?,
        languages: sql
            .rows(
                &format!(
                    "SELECT code FROM contact_language WHERE contact_id = ?1 ORDER BY {}",
                    dialect.byte_order("code")
                ),
                args![id],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect::<Result<_>>()?,
        borrower_id: r.get(5)?,
        consent: match (consent_on, version) {
            (Some(given_on), Some(text_version)) => Some(Consent {
                given_on,
                text_version,
            }),
            _ => None,
        },
        public_consent: match (public_on, public_version) {
            (Some(given_on), Some(text_version)) => Some(Consent {
                given_on,
                text_version,
            }),
            _ => None,
        },
        roles: sql
            .rows(
                &format!(
                    "{ROLE_SELECT} WHERE r.contact_id = ?1
                     ORDER BY CASE WHEN r.ended_on IS NULL THEN 0 ELSE 1 END, {}, r.id",
                    dialect.byte_order("o.name")
                ),
                args![id],
            )?
            .iter()
            .map(role_from_row)
            .collect::<Result<_>>()?,
        saved: Saved {
            version: r.get(8)?,
            at: r.get(9)?,
            by: r.get(10)?,
        },
    })
}

/// The contacts of an organisation, current roles first, each with its role.
///
/// # Errors
/// Only SQLite failures.
pub fn contacts_of(db: &Db, organisation_id: i64) -> Result<Vec<(ContactRole, Contact)>> {
    contacts_of_in(db.conn(), organisation_id)
}

/// [`contacts_of`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn contacts_of_in(sql: &dyn Sql, organisation_id: i64) -> Result<Vec<(ContactRole, Contact)>> {
    let roles: Vec<ContactRole> = sql
        .rows(
            &format!(
                "{ROLE_SELECT} WHERE r.organisation_id = ?1
                 ORDER BY CASE WHEN r.ended_on IS NULL THEN 0 ELSE 1 END, {}, r.id",
                sql.dialect().byte_order("c.name")
            ),
            args![organisation_id],
        )?
        .iter()
        .map(role_from_row)
        .collect::<Result<_>>()?;
    roles
        .into_iter()
        .map(|role| {
            let contact = contact_in(sql, role.contact_id)?;
            Ok((role, contact))
        })
        .collect()
}
