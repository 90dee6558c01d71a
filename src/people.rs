//! Ausleihende: the teachers and organisations who borrow from the
//! Mediathek. Only the name is required; contact data is optional and
//! consents (history kept after return, e-mail reminders) are recorded with
//! their date and the version of the text agreed.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::catalogue::{self, next_number};
use crate::db::engine::{args, scalar, value, Dialect, Engine, Sql, SqlRow, Value};
use crate::lists::{BorrowerColumn, Page, Paging, Sort};
use crate::settings::{is_email_address, is_phone_number, is_postal_code};
use crate::time::timestamp;
use crate::versions::{self, Saved, Versioned};
use crate::Record;
use crate::{limits, search, Db, Error, Result};

/// What kind of borrower.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum BorrowerKind {
    /// Hauptamtliche Lehrkraft (paid teacher).
    Hauptamtlich,
    /// Ehrenamtliche Lehrkraft (volunteer teacher).
    #[default]
    Ehrenamtlich,
    /// An organisation.
    Organisation,
    /// Anyone else.
    Sonstige,
}

impl BorrowerKind {
    pub(crate) fn code(self) -> &'static str {
        match self {
            BorrowerKind::Hauptamtlich => "hauptamtlich",
            BorrowerKind::Ehrenamtlich => "ehrenamtlich",
            BorrowerKind::Organisation => "organisation",
            BorrowerKind::Sonstige => "sonstige",
        }
    }

    pub(crate) fn from_code(code: &str) -> Self {
        match code {
            "hauptamtlich" => BorrowerKind::Hauptamtlich,
            "organisation" => BorrowerKind::Organisation,
            "sonstige" => BorrowerKind::Sonstige,
            _ => BorrowerKind::Ehrenamtlich,
        }
    }
}

/// The languages a printout can carry beside German.
pub const PRINT_LANGUAGES: &[&str] = &["de", "en", "fr", "ru", "tr", "ar"];

/// A dated consent to one purpose, with the version of the text agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    /// When it was given.
    pub given_on: NaiveDate,
    /// Version of the consent text ("2026-1").
    pub text_version: String,
}

/// A postal address, for a reminder that goes by post. Every field is
/// optional; an address is complete (and letters are laid out for a window
/// envelope) once street, postcode and town are filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PostalAddress {
    /// Street and house number ("Hauptstraße 12").
    pub street: String,
    /// An addition above the street ("c/o Yılmaz", "Hinterhaus").
    pub extra: String,
    /// Postleitzahl: five digits in Germany, free for other countries.
    pub postal_code: String,
    /// Town.
    pub town: String,
    /// Country; empty for Germany.
    pub country: String,
}

impl PostalAddress {
    /// Nothing filled in.
    pub fn is_empty(&self) -> bool {
        [
            &self.street,
            &self.extra,
            &self.postal_code,
            &self.town,
            &self.country,
        ]
        .iter()
        .all(|f| f.trim().is_empty())
    }

    /// Whether a letter can go to this address: street, postcode and town.
    pub fn is_complete(&self) -> bool {
        !self.street.is_empty() && !self.postal_code.is_empty() && !self.town.is_empty()
    }

    /// Whether the address is in Germany (no country given, or Germany named).
    pub fn in_germany(&self) -> bool {
        let country = self.country.trim().to_lowercase();
        matches!(
            country.as_str(),
            "" | "de" | "deutschland" | "germany" | "bundesrepublik deutschland"
        )
    }

    /// The lines of the address as they go on an envelope (DIN 5008):
    /// addition, street, postcode and town, and the country in capitals
    /// when it is not Germany. The name comes before them.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = [&self.extra, &self.street]
            .into_iter()
            .filter(|l| !l.is_empty())
            .cloned()
            .collect();
        lines.push(
            format!("{} {}", self.postal_code, self.town)
                .trim()
                .to_owned(),
        );
        if !self.in_germany() {
            lines.push(self.country.to_uppercase());
        }
        lines
    }

    /// Trims every field and checks the address lightly: street, postcode
    /// and town all or none (a letter needs all three), a German postcode
    /// of five digits. A foreign postcode is not checked beyond its length:
    /// formats differ too much from country to country.
    fn cleaned(&self) -> Result<PostalAddress> {
        let mut a = self.clone();
        for text in [
            &mut a.street,
            &mut a.extra,
            &mut a.postal_code,
            &mut a.town,
            &mut a.country,
        ] {
            *text = text.trim().to_owned();
        }
        limits::check_all(&[
            ("address_street", &a.street, limits::NAME),
            ("address_extra", &a.extra, limits::NAME),
            ("address_postal_code", &a.postal_code, limits::CODE),
            ("address_town", &a.town, limits::NAME),
            ("address_country", &a.country, limits::NAME),
        ])?;
        if a.is_empty() {
            return Ok(PostalAddress::default());
        }
        for (field, value) in [
            ("address_street", &a.street),
            ("address_postal_code", &a.postal_code),
            ("address_town", &a.town),
        ] {
            if value.is_empty() {
                return Err(Error::Required { field });
            }
        }
        if a.in_germany() && !is_postal_code(&a.postal_code) {
            return Err(Error::InvalidPostalCode {
                field: "address_postal_code",
            });
        }
        Ok(a)
    }
}

/// What staff enter for a borrower.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct BorrowerInput {
    /// What kind of borrower (decides the loan rules and limits).
    pub kind: BorrowerKind,
    /// Required.
    pub name: String,
    /// The organisation in the directory, for kind Organisation.
    pub organisation_id: Option<i64>,
    /// E-mail address, if any.
    pub email: String,
    /// Phone number, if any.
    pub phone: String,
    /// "de" (German only) or German plus one of en, fr, ru, tr, ar.
    pub print_language: String,
    /// A scanned card number; empty: the next free number.
    pub card_number: String,
    /// Staff's note.
    pub note: String,
    /// Postal address, for reminders by post.
    pub address: PostalAddress,
    /// Keep the loan history after return.
    pub history_consent: Option<Consent>,
    /// Reminders by e-mail.
    pub email_consent: Option<Consent>,
    /// For a teacher: the target language taught (a code of the app's
    /// list), as staff record it; the desk's suggestions use it.
    pub teaching_language: Option<String>,
    /// The level taught.
    pub teaching_level: Option<catalogue::Level>,
    /// The version the form was filled from ([`Borrower::saved`]); saving
    /// is refused when someone saved the borrower since
    /// ([`Error::ChangedMeanwhile`]). `None` (an import): no check.
    pub version: Option<i64>,
}

/// A borrower as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Borrower {
    /// The borrower's number in the database.
    pub id: i64,
    /// What kind of borrower.
    pub kind: BorrowerKind,
    /// Name.
    pub name: String,
    /// The organisation in the directory, for kind Organisation.
    pub organisation_id: Option<i64>,
    /// E-mail address, if any.
    pub email: String,
    /// Phone number, if any.
    pub phone: String,
    /// The language of printouts besides German.
    pub print_language: String,
    /// The Ausweisnummer.
    pub card_number: String,
    /// Staff's note.
    pub note: String,
    /// Postal address, for reminders by post (empty when none is known).
    pub address: PostalAddress,
    /// Why lending is blocked; `None` when it is not.
    pub blocked_reason: Option<String>,
    /// Keep the loan history after return: when agreed, to which text.
    pub history_consent: Option<Consent>,
    /// Reminders by e-mail: when agreed, to which text.
    pub email_consent: Option<Consent>,
    /// The target language taught, if staff recorded it.
    pub teaching_language: Option<String>,
    /// The level taught, if staff recorded it.
    pub teaching_level: Option<catalogue::Level>,
    /// Its version, and who saved it last when.
    pub saved: Saved,
}

/// Whether a reminder may also go out by e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailReminders {
    /// An address and the borrower's consent to e-mail reminders.
    Allowed,
    /// No address on file.
    NoAddress,
    /// An address, but no consent to reminders by e-mail: the letter only.
    NoConsent,
}

impl Borrower {
    /// E-mail reminders only for a borrower who agreed to them (the
    /// consent "Erinnerungen per E-Mail", dated and versioned); everyone
    /// else gets the letter.
    pub fn email_reminders(&self) -> EmailReminders {
        if self.email.trim().is_empty() {
            EmailReminders::NoAddress
        } else if self.email_consent.is_none() {
            EmailReminders::NoConsent
        } else {
            EmailReminders::Allowed
        }
    }
}

fn clean(input: &BorrowerInput) -> Result<BorrowerInput> {
    let mut b = input.clone();
    for text in [
        &mut b.name,
        &mut b.email,
        &mut b.phone,
        &mut b.card_number,
        &mut b.note,
    ] {
        *text = text.trim().to_owned();
    }
    b.print_language = b.print_language.trim().to_lowercase();
    if b.print_language.is_empty() {
        b.print_language = "de".into();
    }
    if b.name.is_empty() {
        return Err(Error::Required { field: "name" });
    }
    limits::check_all(&[
        ("name", &b.name, limits::NAME),
        ("email", &b.email, limits::EMAIL),
        ("phone", &b.phone, limits::CODE),
        ("card_number", &b.card_number, limits::CODE),
        ("note", &b.note, limits::TEXT),
    ])?;
    if !b.email.is_empty() && !is_email_address(&b.email) {
        return Err(Error::InvalidEmail { field: "email" });
    }
    if !b.phone.is_empty() && !is_phone_number(&b.phone) {
        return Err(Error::InvalidPhone { field: "phone" });
    }
    if !PRINT_LANGUAGES.contains(&b.print_language.as_str()) {
        return Err(Error::UnknownLanguageCode {
            code: b.print_language,
            field: "print_language",
        });
    }
    for consent in [&mut b.history_consent, &mut b.email_consent]
        .into_iter()
        .flatten()
    {
        consent.text_version = consent.text_version.trim().to_owned();
        if consent.text_version.is_empty() {
            return Err(Error::Required {
                field: "consent_version",
            });
        }
        limits::check("consent_version", &consent.text_version, limits::CODE)?;
    }
    if b.kind != BorrowerKind::Organisation {
        b.organisation_id = None;
    }
    b.teaching_language = match b.teaching_language.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(code) => Some(crate::languages::check(code, "teaching_language")?),
    };
    b.address = b.address.cleaned()?;
    Ok(b)
}

fn check_organisation(sql: &dyn Sql, id: Option<i64>) -> Result<()> {
    if let Some(id) = id {
        let exists: bool = scalar(
            sql,
            "SELECT EXISTS (SELECT 1 FROM organisation WHERE id = ?1)",
            args![id],
        )?;
        if !exists {
            return Err(Error::NotFound {
                what: Record::Organisation,
            });
        }
    }
    Ok(())
}

fn card_taken(sql: &dyn Sql, card: &str, except: i64) -> Result<bool> {
    scalar(
        sql,
        "SELECT EXISTS (SELECT 1 FROM borrower WHERE card_number = ?1 AND id <> ?2)",
        args![card, except],
    )
}

/// Rewrites the search row of borrower `id` (name, card number, e-mail),
/// inside the caller's transaction. The file's full-text table only: the
/// shared database searches Ausleihende from the table itself
/// ([`borrower_list_in`]), so there is no row to keep there.
pub(crate) fn reindex(sql: &dyn Sql, id: i64) -> Result<()> {
    if sql.dialect() == Dialect::Postgres {
        return Ok(());
    }
    sql.run("DELETE FROM borrower_search WHERE rowid = ?1", args![id])?;
    let row = sql
        .row(
            "SELECT name, card_number, email FROM borrower WHERE id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Borrower,
        })?;
    let folded = |i: usize| -> Result<String> { Ok(search::fold(&row.get::<String>(i)?)) };
    sql.run(
        "INSERT INTO borrower_search (rowid, name, card_number, email) VALUES (?1, ?2, ?3, ?4)",
        args![id, folded(0)?, folded(1)?, folded(2)?],
    )?;
    Ok(())
}

fn consent_parts(c: &Option<Consent>) -> (Option<NaiveDate>, Option<String>) {
    match c {
        Some(c) => (Some(c.given_on), Some(c.text_version.clone())),
        None => (None, None),
    }
}

/// Inserts (`id` None) or overwrites a borrower's row; returns its id.
/// The block reason is kept: it changes only through [`set_blocked`].
fn store(
    sql: &dyn Sql,
    id: Option<i64>,
    b: &BorrowerInput,
    card: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    let (h_on, h_version) = consent_parts(&b.history_consent);
    let (e_on, e_version) = consent_parts(&b.email_consent);
    let mut values = args![
        b.kind.code(),
        &b.name,
        b.organisation_id,
        &b.email,
        &b.phone,
        &b.print_language,
        card,
        &b.note,
        h_on,
        h_version,
        e_on,
        e_version,
        timestamp(now),
        &b.address.street,
        &b.address.extra,
        &b.address.postal_code,
        &b.address.town,
        &b.address.country,
        b.teaching_language.as_deref(),
        b.teaching_level.map(catalogue::Level::rank)
    ]
    .to_vec();
    let Some(id) = id else {
        return scalar(
            sql,
            "INSERT INTO borrower (kind, name, organisation_id, email, phone, print_language,
                                   card_number, note, history_consent_on, history_consent_version,
                                   email_consent_on, email_consent_version, created_at, updated_at,
                                   address_street, address_extra, address_postal_code,
                                   address_town, address_country, teaching_language,
                                   teaching_level)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13,
                     ?14, ?15, ?16, ?17, ?18, ?19, ?20)
             RETURNING id",
            &values,
        );
    };
    values.push(id.into());
    sql.run(
        "UPDATE borrower SET
             kind = ?1, name = ?2, organisation_id = ?3, email = ?4, phone = ?5,
             print_language = ?6, card_number = ?7, note = ?8,
             history_consent_on = ?9, history_consent_version = ?10,
             email_consent_on = ?11, email_consent_version = ?12, updated_at = ?13,
             address_street = ?14, address_extra = ?15, address_postal_code = ?16,
             address_town = ?17, address_country = ?18,
             teaching_language = ?19, teaching_level = ?20
         WHERE id = ?21",
        &values,
    )?;
    Ok(id)
}

/// The Ausweisnummer the app proposes for the next card.
///
/// # Errors
/// Only SQLite failures.
pub fn next_card_number(db: &Db) -> Result<String> {
    next_card_number_in(db.conn())
}

/// [`next_card_number`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn next_card_number_in(sql: &dyn Sql) -> Result<String> {
    let pattern = catalogue::numbering_patterns_in(sql)?.card_number;
    next_number(sql, &pattern, "borrower", "card_number")
}

/// Records a borrower.
///
/// # Errors
/// [`Error::Required`] (name), [`Error::InvalidEmail`], [`Error::InvalidPhone`],
/// [`Error::UnknownLanguageCode`], [`Error::DuplicateCardNumber`],
/// [`Error::NotFound`] (organisation).
pub fn create_borrower(
    store: &mut impl Engine,
    input: &BorrowerInput,
    now: NaiveDateTime,
) -> Result<Borrower> {
    store.write_sql(|sql| {
        let id = create_borrower_in(sql, input, now)?;
        borrower_in(sql, id)
    })
}

/// [`create_borrower`] inside the caller's transaction; returns the new id.
pub(crate) fn create_borrower_in(
    tx: &dyn Sql,
    input: &BorrowerInput,
    now: NaiveDateTime,
) -> Result<i64> {
    let b = clean(input)?;
    check_organisation(tx, b.organisation_id)?;
    let card = if b.card_number.is_empty() {
        let pattern = catalogue::numbering_patterns_in(tx)?.card_number;
        next_number(tx, &pattern, "borrower", "card_number")?
    } else {
        catalogue::check_scannable(tx, &b.card_number, Record::Borrower)?;
        b.card_number.clone()
    };
    if card_taken(tx, &card, 0)? {
        return Err(Error::DuplicateCardNumber { card_number: card });
    }
    let id = store(tx, None, &b, &card, now)?;
    reindex(tx, id)?;
    Ok(id)
}

/// Changes a borrower, saved by workstation `by`. An empty card number
/// keeps the current one.
///
/// # Errors
/// As [`create_borrower`], [`Error::NotFound`], and
/// [`Error::ChangedMeanwhile`] when someone saved the borrower since the
/// form read `input.version`.
pub fn update_borrower(
    store: &mut impl Engine,
    id: i64,
    input: &BorrowerInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<Borrower> {
    store.write_sql(|sql| {
        update_borrower_in(sql, id, input, now, by)?;
        borrower_in(sql, id)
    })
}

/// [`update_borrower`] inside the caller's transaction; `by` names the
/// workstation that saves.
///
/// # Errors
/// As [`update_borrower`].
pub(crate) fn update_borrower_in(
    tx: &dyn Sql,
    id: i64,
    input: &BorrowerInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<()> {
    versions::claim(tx, Versioned::Borrower, id, input.version, by)?;
    let b = clean(input)?;
    check_organisation(tx, b.organisation_id)?;
    let current: Option<String> = value(
        tx,
        "SELECT card_number FROM borrower WHERE id = ?1",
        args![id],
    )?;
    let Some(current) = current else {
        return Err(Error::NotFound {
            what: Record::Borrower,
        });
    };
    let card = if b.card_number.is_empty() || b.card_number == current {
        current
    } else {
        catalogue::check_scannable(tx, &b.card_number, Record::Borrower)?;
        b.card_number.clone()
    };
    if card_taken(tx, &card, id)? {
        return Err(Error::DuplicateCardNumber { card_number: card });
    }
    store(tx, Some(id), &b, &card, now)?;
    reindex(tx, id)
}

/// Blocks lending to a borrower, with the reason staff will see at the desk;
/// `None` lifts the block.
///
/// # Errors
/// [`Error::NotFound`], [`Error::Required`] for an empty reason,
/// [`Error::TooLong`], [`Error::ChangedMeanwhile`] when the borrower was
/// saved since the page read `version` (the block claims the borrower's
/// version like the form does; `None` when not made from a page).
pub fn set_blocked(
    store: &mut impl Engine,
    id: i64,
    reason: Option<&str>,
    now: NaiveDateTime,
    version: Option<i64>,
    by: &str,
) -> Result<Borrower> {
    let reason = match reason.map(str::trim) {
        Some("") => {
            return Err(Error::Required {
                field: "blocked_reason",
            })
        }
        other => other.map(str::to_owned),
    };
    if let Some(reason) = &reason {
        limits::check("blocked_reason", reason, limits::TEXT)?;
    }
    store.write_sql(|sql| {
        versions::claim(sql, Versioned::Borrower, id, version, by)?;
        sql.run(
            "UPDATE borrower SET blocked_reason = ?2, updated_at = ?3 WHERE id = ?1",
            args![id, reason.as_deref(), timestamp(now)],
        )?;
        borrower_in(sql, id)
    })
}

const COLUMNS: &str = "id, kind, name, organisation_id, email, phone, print_language, card_number,
    note, blocked_reason, history_consent_on, history_consent_version, email_consent_on,
    email_consent_version, address_street, address_extra, address_postal_code, address_town,
    address_country, version, updated_at, updated_by, teaching_language, teaching_level";

fn from_row(r: &SqlRow) -> Result<Borrower> {
    let consent = |on: Option<NaiveDate>, version: Option<String>| match (on, version) {
        (Some(given_on), Some(text_version)) => Some(Consent {
            given_on,
            text_version,
        }),
        _ => None,
    };
    Ok(Borrower {
        id: r.get(0)?,
        kind: BorrowerKind::from_code(&r.get::<String>(1)?),
        name: r.get(2)?,
        organisation_id: r.get(3)?,
        email: r.get(4)?,
        phone: r.get(5)?,
        print_language: r.get(6)?,
        card_number: r.get(7)?,
        note: r.get(8)?,
        address: PostalAddress {
            street: r.get(14)?,
            extra: r.get(15)?,
            postal_code: r.get(16)?,
            town: r.get(17)?,
            country: r.get(18)?,
        },
        blocked_reason: r.get(9)?,
        history_consent: consent(r.get(10)?, r.get(11)?),
        email_consent: consent(r.get(12)?, r.get(13)?),
        saved: Saved {
            version: r.get(19)?,
            at: r.get(20)?,
            by: r.get(21)?,
        },
        teaching_language: r.get(22)?,
        teaching_level: r
            .get::<Option<i64>>(23)?
            .and_then(catalogue::Level::from_rank),
    })
}

/// One borrower.
///
/// # Errors
/// [`Error::NotFound`].
pub fn borrower(db: &Db, id: i64) -> Result<Borrower> {
    borrower_in(db.conn(), id)
}

/// [`borrower`] inside the caller's transaction or read, on either engine.
///
/// # Errors
/// [`Error::NotFound`].
pub fn borrower_in(sql: &dyn Sql, id: i64) -> Result<Borrower> {
    sql.row(
        &format!("SELECT {COLUMNS} FROM borrower WHERE id = ?1"),
        args![id],
    )?
    .as_ref()
    .map(from_row)
    .transpose()?
    .ok_or(Error::NotFound {
        what: Record::Borrower,
    })
}

/// The borrower whose card was scanned.
///
/// # Errors
/// [`Error::NotFound`].
pub fn borrower_by_card(db: &Db, card_number: &str) -> Result<Borrower> {
    borrower_by_card_in(db.conn(), card_number)
}

/// [`borrower_by_card`] inside the caller's transaction or read, on either
/// engine.
///
/// # Errors
/// [`Error::NotFound`].
pub fn borrower_by_card_in(sql: &dyn Sql, card_number: &str) -> Result<Borrower> {
    sql.row(
        &format!("SELECT {COLUMNS} FROM borrower WHERE card_number = ?1"),
        args![card_number.trim()],
    )?
    .as_ref()
    .map(from_row)
    .transpose()?
    .ok_or(Error::NotFound {
        what: Record::Borrower,
    })
}

/// Borrowers matching what was typed (name, Ausweisnummer, e-mail; prefix,
/// diacritics ignored), sorted by name; all when nothing was typed.
/// `(total, page)`: the page of [`borrower_list`] sorted by name.
///
/// # Errors
/// Only SQLite failures.
pub fn search_borrowers(
    db: &Db,
    text: &str,
    limit: u32,
    offset: u32,
) -> Result<(i64, Vec<Borrower>)> {
    search_borrowers_in(db.conn(), text, limit, offset)
}

/// [`search_borrowers`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn search_borrowers_in(
    sql: &dyn Sql,
    text: &str,
    limit: u32,
    offset: u32,
) -> Result<(i64, Vec<Borrower>)> {
    let page = borrower_list_in(sql, text, Some("name:asc"), &[], Paging { limit, offset })?;
    Ok((page.total, page.rows))
}

/// The `ORDER BY` of Ausleihende for a sort: fixed SQL per column, the name
/// (folded: `ä` with `a`, `ß` as `ss`) next, the id last, so equal values
/// keep one order and pages never overlap. The kind sorts in `kind_order`
/// (the order of the labels the window shows), kinds it leaves out after
/// them by their codes.
fn borrower_order(sort: &Sort<BorrowerColumn>, kind_order: &[BorrowerKind]) -> String {
    let dir = sort.sql_direction();
    let column = match sort.column {
        BorrowerColumn::Name => return format!("sort_key(name) {dir}, id"),
        BorrowerColumn::Kind if !kind_order.is_empty() => {
            // The codes are the enum's own, never text from the window.
            let ranks: String = kind_order
                .iter()
                .enumerate()
                .map(|(i, k)| format!("WHEN '{}' THEN {i} ", k.code()))
                .collect();
            format!("CASE kind {ranks}ELSE {} END {dir}, kind", kind_order.len())
        }
        BorrowerColumn::Kind => "kind".to_owned(),
        BorrowerColumn::CardNumber => "card_number".to_owned(),
        BorrowerColumn::State => "blocked_reason IS NOT NULL".to_owned(),
    };
    format!("{column} {dir}, sort_key(name), id")
}

/// Ausleihende as the list shows them: matching what was typed (name,
/// Ausweisnummer, e-mail; prefix, diacritics ignored; all when nothing was
/// typed), sorted by `sort` (`name:asc`; `None`: the sort kept for the
/// list), one page with the total. Sorting and paging happen in SQL, so
/// the page costs little with ten thousand borrowers. The kind column sorts
/// in `kind_order`: the kinds in the order of their labels in the window's
/// language (the labels are the window's, `ui/i18n/`; the core knows no
/// words); empty, or for kinds left out, by their codes.
///
/// # Errors
/// [`Error::UnknownSortKey`] for a sort the list does not have; SQLite
/// failures.
pub fn borrower_list(
    db: &Db,
    text: &str,
    sort: Option<&str>,
    kind_order: &[BorrowerKind],
    paging: Paging,
) -> Result<Page<Borrower>> {
    borrower_list_in(db.conn(), text, sort, kind_order, paging)
}

/// [`borrower_list`] inside a read, on either engine. The file finds the
/// matching borrowers in its full-text table and sorts in SQL; the server,
/// which has neither that table nor the `sort_key` function, reads the
/// borrowers' names, cards and e-mails and matches and sorts them here, by
/// the same words ([`search::index_words`], what FTS5 makes of them) and
/// the same keys ([`crate::folding::sort_key`]): a Mediathek has hundreds
/// of borrowers, not the catalogue's hundred thousand media.
/// `tests/search_engines.rs` keeps the two alike.
///
/// # Errors
/// As [`borrower_list`].
pub fn borrower_list_in(
    sql: &dyn Sql,
    text: &str,
    sort: Option<&str>,
    kind_order: &[BorrowerKind],
    paging: Paging,
) -> Result<Page<Borrower>> {
    let sort = Sort::<BorrowerColumn>::chosen_in(sql, sort)?;
    let (total, rows) = match sql.dialect() {
        Dialect::Sqlite => borrower_page_on_file(sql, text, &sort, kind_order, paging)?,
        Dialect::Postgres => borrower_page_on_server(sql, text, &sort, kind_order, paging)?,
    };
    Ok(Page {
        total,
        rows,
        sort: sort.code(),
    })
}

fn borrower_page_on_file(
    sql: &dyn Sql,
    text: &str,
    sort: &Sort<BorrowerColumn>,
    kind_order: &[BorrowerKind],
    paging: Paging,
) -> Result<(i64, Vec<Borrower>)> {
    let (matching, args): (String, Vec<Value>) = match search::prefix_query(text) {
        Some(q) => (
            "SELECT rowid AS id FROM borrower_search WHERE borrower_search MATCH ?1".into(),
            vec![q.into()],
        ),
        None => ("SELECT id FROM borrower".into(), vec![]),
    };
    let total: i64 = scalar(sql, &format!("SELECT count(*) FROM ({matching})"), &args)?;
    let n = args.len();
    let mut all = args;
    all.push(i64::from(paging.limit()).into());
    all.push(i64::from(paging.offset).into());
    let text = format!(
        "WITH matching AS ({matching})
         SELECT {COLUMNS} FROM borrower WHERE id IN (SELECT id FROM matching)
         ORDER BY {} LIMIT ?{} OFFSET ?{}",
        borrower_order(sort, kind_order),
        n + 1,
        n + 2
    );
    let rows = sql
        .rows(&text, &all)?
        .iter()
        .map(from_row)
        .collect::<Result<_>>()?;
    Ok((total, rows))
}

/// One borrower as the server's list matches and sorts it.
struct Listed {
    id: i64,
    kind: String,
    name_key: String,
    card_number: String,
    blocked: bool,
}

fn borrower_page_on_server(
    sql: &dyn Sql,
    text: &str,
    sort: &Sort<BorrowerColumn>,
    kind_order: &[BorrowerKind],
    paging: Paging,
) -> Result<(i64, Vec<Borrower>)> {
    let typed = search::typed_words(text);
    let mut listed = Vec::new();
    for row in sql.rows(
        "SELECT id, kind, name, card_number, email, blocked_reason IS NOT NULL FROM borrower",
        &[],
    )? {
        let (name, card_number, email): (String, String, String) =
            (row.get(2)?, row.get(3)?, row.get(4)?);
        if !typed.is_empty() {
            let words: Vec<String> = [&name, &card_number, &email]
                .iter()
                .flat_map(|t| search::index_words(t))
                .collect();
            // Every typed word begins one of the borrower's words, as the
            // file's `"word"*` terms ask.
            if !typed
                .iter()
                .all(|t| words.iter().any(|w| w.starts_with(t.as_str())))
            {
                continue;
            }
        }
        listed.push(Listed {
            id: row.get(0)?,
            kind: row.get(1)?,
            name_key: crate::folding::sort_key(&name),
            card_number,
            blocked: row.get(5)?,
        });
    }
    // The order of `borrower_order`: the column in the sort's direction,
    // then the name's key and the id, both ascending (SQLite compares text
    // byte by byte, as `str` does).
    let rank = |kind: &str| {
        kind_order
            .iter()
            .position(|k| k.code() == kind)
            .unwrap_or(kind_order.len())
    };
    listed.sort_by(|a, b| {
        sort.compare(
            match sort.column {
                BorrowerColumn::Name => a.name_key.cmp(&b.name_key),
                BorrowerColumn::Kind => rank(&a.kind)
                    .cmp(&rank(&b.kind))
                    .then_with(|| a.kind.cmp(&b.kind)),
                BorrowerColumn::CardNumber => a.card_number.cmp(&b.card_number),
                BorrowerColumn::State => a.blocked.cmp(&b.blocked),
            },
            || a.name_key.cmp(&b.name_key).then_with(|| a.id.cmp(&b.id)),
        )
    });
    let total = i64::try_from(listed.len()).unwrap_or(i64::MAX);
    let page: Vec<i64> = listed
        .iter()
        .skip(usize::try_from(paging.offset).unwrap_or(usize::MAX))
        .take(usize::try_from(paging.limit()).unwrap_or(usize::MAX))
        .map(|l| l.id)
        .collect();
    let rows = page
        .iter()
        .map(|id| borrower_in(sql, *id))
        .collect::<Result<_>>()?;
    Ok((total, rows))
}
