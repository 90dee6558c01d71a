//! Consent texts (Einwilligungen): per purpose, in versions that are never
//! changed, in German and translated. Whoever records a consent (a
//! borrower, a participant, a contact) stores the version agreed to, so
//! every part that records consents reads the current version here; the
//! privacy module builds the consent forms and reports on top of it.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::db::engine::{args, scalar, value, Engine, Sql};
use crate::time::timestamp;
use crate::Record;
use crate::{Db, Error, Result};

/// What personal data is processed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Lending in the Mediathek (borrowers).
    Mediathek,
    /// The directory of organisations (contacts).
    Organisationsverzeichnis,
    /// Events and workshops (participants).
    Veranstaltungen,
    /// Photos taken at events.
    Fotos,
    /// A contact person shown on the centre's public site (issue 24).
    Veroeffentlichung,
}

impl Purpose {
    /// Every purpose, in the order the app lists them.
    pub const ALL: [Purpose; 5] = [
        Purpose::Mediathek,
        Purpose::Organisationsverzeichnis,
        Purpose::Veranstaltungen,
        Purpose::Fotos,
        Purpose::Veroeffentlichung,
    ];

    /// The code stored in the database and sent to the UI.
    pub fn code(self) -> &'static str {
        match self {
            Purpose::Mediathek => "mediathek",
            Purpose::Organisationsverzeichnis => "organisationsverzeichnis",
            Purpose::Veranstaltungen => "veranstaltungen",
            Purpose::Fotos => "fotos",
            Purpose::Veroeffentlichung => "veroeffentlichung",
        }
    }

    fn from_code(code: &str) -> Self {
        match code {
            "organisationsverzeichnis" => Purpose::Organisationsverzeichnis,
            "veranstaltungen" => Purpose::Veranstaltungen,
            "fotos" => Purpose::Fotos,
            "veroeffentlichung" => Purpose::Veroeffentlichung,
            _ => Purpose::Mediathek,
        }
    }

    /// The German name, as printed.
    pub fn title(self) -> &'static str {
        match self {
            Purpose::Mediathek => "Mediathek",
            Purpose::Organisationsverzeichnis => "Organisationsverzeichnis",
            Purpose::Veranstaltungen => "Veranstaltungen",
            Purpose::Fotos => "Fotos",
            Purpose::Veroeffentlichung => "Veröffentlichung auf der Website",
        }
    }
}

/// One version of a consent text in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentText {
    /// Its number in the database.
    pub id: i64,
    /// What it asks consent for.
    pub purpose: Purpose,
    /// The version ("2026-1"); consents store the version agreed to.
    pub version: String,
    /// Its language (ISO 639-1); German is the original.
    pub language: String,
    /// The text itself.
    pub body: String,
    /// When it was added.
    pub created_at: NaiveDateTime,
    /// When staff confirmed that a translation says what the German text
    /// says; German texts are the originals and count as checked when
    /// added. `None`: "Übersetzung – noch nicht geprüft".
    pub checked_on: Option<NaiveDateTime>,
    /// Who checked it.
    pub checked_by: String,
}

impl ConsentText {
    /// A translation that staff have not confirmed yet.
    pub fn unchecked(&self) -> bool {
        self.checked_on.is_none()
    }
}

/// Every consent text, by purpose, newest version first.
///
/// # Errors
/// Only SQLite failures.
pub fn consent_texts(db: &Db) -> Result<Vec<ConsentText>> {
    consent_texts_in(db.conn())
}

/// [`consent_texts`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn consent_texts_in(sql: &dyn Sql) -> Result<Vec<ConsentText>> {
    let mut list = Vec::new();
    for r in sql.rows(
        "SELECT id, purpose, version, language, body, created_at, checked_on, checked_by
         FROM consent_text
         ORDER BY purpose, created_at DESC, id DESC, language <> 'de', language",
        &[],
    )? {
        let checked_on: Option<String> = r.get(6)?;
        list.push(ConsentText {
            id: r.get(0)?,
            purpose: Purpose::from_code(&r.get::<String>(1)?),
            version: r.get(2)?,
            language: r.get(3)?,
            body: r.get(4)?,
            created_at: crate::time::parse(&r.get::<String>(5)?)?,
            checked_on: checked_on.as_deref().map(crate::time::parse).transpose()?,
            checked_by: r.get(7)?,
        });
    }
    Ok(list)
}

/// The version of a purpose's text that people agree to now: the newest.
///
/// # Errors
/// [`Error::NotFound`] when the purpose has no text.
pub fn current_version(db: &Db, purpose: Purpose) -> Result<String> {
    current_version_in(db.conn(), purpose)
}

/// The version of each purpose's text that people agree to now
/// ([`current_version`]), by purpose code, for the forms that record a
/// consent.
///
/// # Errors
/// [`Error::NotFound`] when a purpose has no text.
pub fn current_versions(db: &Db) -> Result<std::collections::BTreeMap<&'static str, String>> {
    current_versions_in(db.conn())
}

/// [`current_versions`] inside a read, on either engine (the consent
/// boxes of a form on the shared database).
///
/// # Errors
/// As [`current_versions`].
pub fn current_versions_in(
    sql: &dyn Sql,
) -> Result<std::collections::BTreeMap<&'static str, String>> {
    Purpose::ALL
        .iter()
        .map(|&purpose| Ok((purpose.code(), current_version_in(sql, purpose)?)))
        .collect()
}

/// [`current_version`] inside a read or write, on either engine.
///
/// # Errors
/// As [`current_version`]; a failure of the engine.
pub fn current_version_in(sql: &dyn Sql, purpose: Purpose) -> Result<String> {
    value(
        sql,
        "SELECT version FROM consent_text WHERE purpose = ?1
             ORDER BY created_at DESC, id DESC LIMIT 1",
        args![purpose.code()],
    )?
    .ok_or(Error::NotFound {
        what: Record::ConsentText,
    })
}

/// Adds a version of a consent text (or its translation into another
/// language). Texts are never changed: a new wording is a new version, so
/// every stored consent keeps pointing to the words the person agreed to.
///
/// # Errors
/// [`Error::Required`] (version, body), [`Error::ConsentVersionExists`],
/// [`Error::UnknownLanguageCode`].
pub fn add_consent_text(
    db: &mut Db,
    purpose: Purpose,
    version: &str,
    language: &str,
    body: &str,
    now: NaiveDateTime,
) -> Result<ConsentText> {
    add_consent_text_on(db, purpose, version, language, body, now)
}

/// [`add_consent_text`] on either engine.
///
/// # Errors
/// As [`add_consent_text`]; a failure of the engine.
pub fn add_consent_text_on(
    store: &mut impl Engine,
    purpose: Purpose,
    version: &str,
    language: &str,
    body: &str,
    now: NaiveDateTime,
) -> Result<ConsentText> {
    let version = version.trim();
    if version.is_empty() {
        return Err(Error::Required { field: "version" });
    }
    let body = body.trim();
    if body.is_empty() {
        return Err(Error::Required { field: "body" });
    }
    crate::limits::check_all(&[
        ("version", version, crate::limits::CODE),
        ("body", body, crate::limits::LONG_TEXT),
    ])?;
    let language = crate::languages::check(language, "language")?;
    store.write_sql(|tx| {
        let exists: bool = scalar(
            tx,
            "SELECT EXISTS (SELECT 1 FROM consent_text
                            WHERE purpose = ?1 AND version = ?2 AND language = ?3)",
            args![purpose.code(), version, &language],
        )?;
        if exists {
            return Err(Error::ConsentVersionExists);
        }
        // German is the original; a translation waits for staff to check it.
        let checked_on = (language == "de").then(|| timestamp(now));
        let id: i64 = scalar(
            tx,
            "INSERT INTO consent_text (purpose, version, language, body, created_at, checked_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
            args![
                purpose.code(),
                version,
                &language,
                body,
                timestamp(now),
                checked_on
            ],
        )?;
        text_with_id(tx, id)
    })
}

fn text_with_id(sql: &dyn Sql, id: i64) -> Result<ConsentText> {
    consent_texts_in(sql)?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(Error::NotFound {
            what: Record::ConsentText,
        })
}

/// Marks a translated consent text as checked by `staff`: from then on it
/// is no longer printed as "Übersetzung – noch nicht geprüft". Marking it
/// again changes nothing.
///
/// # Errors
/// [`Error::Required`] (staff), [`Error::NotFound`].
pub fn mark_consent_text_checked(
    db: &mut Db,
    id: i64,
    staff: &str,
    now: NaiveDateTime,
) -> Result<ConsentText> {
    mark_consent_text_checked_on(db, id, staff, now)
}

/// [`mark_consent_text_checked`] on either engine.
///
/// # Errors
/// As [`mark_consent_text_checked`]; a failure of the engine.
pub fn mark_consent_text_checked_on(
    store: &mut impl Engine,
    id: i64,
    staff: &str,
    now: NaiveDateTime,
) -> Result<ConsentText> {
    let staff = staff.trim();
    if staff.is_empty() {
        return Err(Error::Required { field: "staff" });
    }
    crate::limits::check("staff", staff, crate::limits::NAME)?;
    store.write_sql(|tx| {
        let known: bool = scalar(
            tx,
            "SELECT EXISTS (SELECT 1 FROM consent_text WHERE id = ?1)",
            args![id],
        )?;
        if !known {
            return Err(Error::NotFound {
                what: Record::ConsentText,
            });
        }
        tx.run(
            "UPDATE consent_text SET checked_on = ?2, checked_by = ?3
             WHERE id = ?1 AND checked_on IS NULL",
            args![id, timestamp(now), staff],
        )?;
        text_with_id(tx, id)
    })
}

/// The text of a purpose's version in `language`, falling back to German.
///
/// # Errors
/// [`Error::NotFound`].
pub fn consent_text(
    db: &Db,
    purpose: Purpose,
    version: &str,
    language: &str,
) -> Result<ConsentText> {
    consent_text_in(db.conn(), purpose, version, language)
}

/// [`consent_text`] inside a read, on either engine.
///
/// # Errors
/// As [`consent_text`].
pub fn consent_text_in(
    sql: &dyn Sql,
    purpose: Purpose,
    version: &str,
    language: &str,
) -> Result<ConsentText> {
    let all = consent_texts_in(sql)?;
    all.iter()
        .find(|t| t.purpose == purpose && t.version == version && t.language == language)
        .or_else(|| {
            all.iter()
                .find(|t| t.purpose == purpose && t.version == version && t.language == "de")
        })
        .cloned()
        .ok_or(Error::NotFound {
            what: Record::ConsentText,
        })
}
