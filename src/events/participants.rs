//! Participants: who they are, their languages, consents and guardians.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::db::engine::{args, scalar, Engine, Sql};
use crate::people::Consent;
use crate::settings::{is_email_address, is_phone_number};
use crate::time::timestamp;
use crate::Record;
use crate::{languages, limits, Error, Result};

/// What staff enter for a participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ParticipantInput {
    /// Required.
    pub name: String,
    /// Year of birth (1900 to 2100), if given.
    pub birth_year: Option<i32>,
    /// Age group, when the year of birth is not given.
    pub age_group: String,
    /// School or organisation.
    pub school: String,
    /// Languages (ISO 639-1).
    pub languages: Vec<String>,
    /// E-mail address, if any.
    pub email: String,
    /// Phone number, if any.
    pub phone: String,
    /// For minors.
    pub guardian_name: String,
    /// How to reach the guardian.
    pub guardian_contact: String,
    /// Required: without consent nothing is stored.
    pub consent: Option<Consent>,
    /// Whether photos of them may be taken and used.
    pub photo_consent: bool,
    /// The version of the record this form was filled from (see
    /// [`crate::versions`]); `None` for a new record, or a write that is
    /// not a form (not checked).
    pub version: Option<i64>,
}

/// Stores a participant.
///
/// # Errors
/// [`Error::Required`] (name), [`Error::ConsentRequired`],
/// [`Error::InvalidEmail`], [`Error::InvalidPhone`],
/// [`Error::UnknownLanguageCode`], [`Error::OutOfRange`] (year of birth).
pub fn create_participant(
    store: &mut impl Engine,
    input: &ParticipantInput,
    now: NaiveDateTime,
) -> Result<i64> {
    store.write_sql(|tx| insert_participant(tx, input, now))
}

/// A participant's input, checked and trimmed.
struct CheckedParticipant<'a> {
    name: &'a str,
    email: &'a str,
    phone: &'a str,
    languages: Vec<String>,
}

/// The checks every participant's data passes, new or corrected (the
/// consent is checked only for new ones: it is recorded once).
fn check_participant(input: &ParticipantInput) -> Result<CheckedParticipant<'_>> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(Error::Required { field: "name" });
    }
    limits::check_all(&[
        ("name", name, limits::NAME),
        ("age_group", input.age_group.trim(), limits::CODE),
        ("school", input.school.trim(), limits::NAME),
        ("email", input.email.trim(), limits::EMAIL),
        ("phone", input.phone.trim(), limits::CODE),
        ("guardian_name", input.guardian_name.trim(), limits::NAME),
        (
            "guardian_contact",
            input.guardian_contact.trim(),
            limits::NAME,
        ),
    ])?;
    if let Some(consent) = &input.consent {
        limits::check("consent_version", consent.text_version.trim(), limits::CODE)?;
    }
    let email = input.email.trim();
    if !email.is_empty() && !is_email_address(email) {
        return Err(Error::InvalidEmail { field: "email" });
    }
    let phone = input.phone.trim();
    if !phone.is_empty() && !is_phone_number(phone) {
        return Err(Error::InvalidPhone { field: "phone" });
    }
    if input
        .birth_year
        .is_some_and(|y| !(1900..=2100).contains(&y))
    {
        return Err(Error::OutOfRange {
            field: "year",
            min: 1900,
            max: 2100,
        });
    }
    let mut languages = Vec::new();
    for code in &input.languages {
        let code = languages::check(code, "languages")?;
        if !languages.contains(&code) {
            languages.push(code);
        }
    }
    Ok(CheckedParticipant {
        name,
        email,
        phone,
        languages,
    })
}

fn store_participant_languages(tx: &dyn Sql, id: i64, codes: &[String]) -> Result<()> {
    tx.run(
        "DELETE FROM participant_language WHERE participant_id = ?1",
        args![id],
    )?;
    for code in codes {
        tx.run(
            "INSERT INTO participant_language (participant_id, code) VALUES (?1, ?2)",
            args![id, code],
        )?;
    }
    Ok(())
}

/// Checks a participant's input (see [`create_participant`]) and stores it
/// inside the caller's transaction.
/// The checks of a new participant's data, with the consent, before
/// anything is stored: what [`insert_participant`] refuses.
///
/// # Errors
/// As [`create_participant`].
pub(crate) fn check_new_participant(input: &ParticipantInput) -> Result<()> {
    new_participant(input).map(|_| ())
}

fn new_participant(input: &ParticipantInput) -> Result<(CheckedParticipant<'_>, &Consent)> {
    let Some(consent) = input
        .consent
        .as_ref()
        .filter(|c| !c.text_version.trim().is_empty())
    else {
        // The name is asked for first, as the form shows it first.
        check_participant(input)?;
        return Err(Error::ConsentRequired);
    };
    Ok((check_participant(input)?, consent))
}

pub(crate) fn insert_participant(
    tx: &dyn Sql,
    input: &ParticipantInput,
    now: NaiveDateTime,
) -> Result<i64> {
    let (c, consent) = new_participant(input)?;
    let id: i64 = scalar(
        tx,
        "INSERT INTO participant (name, consent_on, consent_version, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)
         RETURNING id",
        args![
            c.name,
            consent.given_on,
            consent.text_version.trim(),
            timestamp(now)
        ],
    )?;
    // Photo consent given on the registration form counts from the day the
    // form records for the consent itself.
    write_participant(tx, id, &c, input, now, consent.given_on)?;
    Ok(id)
}

/// Writes a participant's checked data over the row `id` (not the consent,
/// which is recorded once); false when there is no such row to correct.
fn write_participant(
    tx: &dyn Sql,
    id: i64,
    c: &CheckedParticipant<'_>,
    input: &ParticipantInput,
    now: NaiveDateTime,
    photo_day: NaiveDate,
) -> Result<bool> {
    // Photo consent is recorded like the other consents: the day it was
    // given and the version of the photo text in force then. It stays as
    // recorded while it stands, and goes when it is withdrawn.
    let photo_version = if input.photo_consent {
        Some(crate::consents::current_version_in(
            tx,
            crate::consents::Purpose::Fotos,
        )?)
    } else {
        None
    };
    let changed = tx.run(
        "UPDATE participant SET name = ?1, birth_year = ?2, age_group = ?3, school = ?4,
                email = ?5, phone = ?6, guardian_name = ?7, guardian_contact = ?8,
                photo_consent = ?9, updated_at = ?10,
                photo_consent_on = CASE WHEN CAST(?9 AS BIGINT) = 0 THEN NULL
                                        WHEN photo_consent = 1 THEN photo_consent_on ELSE ?12 END,
                photo_consent_version = CASE WHEN CAST(?9 AS BIGINT) = 0 THEN NULL
                                             WHEN photo_consent = 1 THEN photo_consent_version
                                             ELSE ?13 END
         WHERE id = ?11 AND anonymised_on IS NULL",
        args![
            c.name,
            input.birth_year,
            input.age_group.trim(),
            input.school.trim(),
            c.email,
            c.phone,
            input.guardian_name.trim(),
            input.guardian_contact.trim(),
            input.photo_consent,
            timestamp(now),
            id,
            photo_day,
            photo_version
        ],
    )?;
    if changed == 0 {
        return Ok(false);
    }
    store_participant_languages(tx, id, &c.languages)?;
    // A corrected year of birth (or group) corrects the age group their
    // registrations keep for the Berichte.
    super::registrations::freeze_age_groups(tx, id)?;
    Ok(true)
}

/// Corrects a participant's data (a misspelt name, a new phone number).
/// The consent recorded at registration stays as it was; the photo consent
/// can be given or withdrawn. An anonymised participant is no longer a
/// person to correct.
///
/// # Errors
/// As [`create_participant`] (without the consent), [`Error::NotFound`]
/// (unknown or anonymised).
pub fn update_participant(
    store: &mut impl Engine,
    id: i64,
    input: &ParticipantInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<()> {
    let c = check_participant(input)?;
    store.write_sql(|tx| {
        crate::versions::claim(
            tx,
            crate::versions::Versioned::Participant,
            id,
            input.version,
            by,
        )?;
        if write_participant(tx, id, &c, input, now, now.date())? {
            Ok(())
        } else {
            Err(Error::NotFound {
                what: Record::Participant,
            })
        }
    })
}

/// The age group kept for statistics when the year of birth goes.
pub(crate) fn age_group(birth_year: Option<i32>, year: i32) -> String {
    match birth_year.map(|b| year - b) {
        None => "unbekannt".into(),
        Some(age) if age < 15 => "unter 15".into(),
        Some(15..=17) => "15–17".into(),
        Some(18..=20) => "18–20".into(),
        Some(21..=26) => "21–26".into(),
        Some(_) => "27 und älter".into(),
    }
}

/// The age groups of [`age_group`], youngest first (the Berichte list
/// them in this order).
pub(crate) const AGE_GROUPS: [&str; 5] = ["unter 15", "15–17", "18–20", "21–26", "27 und älter"];

/// The age group a registration keeps: the group staff entered for the
/// participant, else the group of their age in the workshop's `year`; ""
/// when neither is known. Schema 11 fills older registrations with the
/// same rule in SQL.
pub(crate) fn registration_age_group(entered: &str, birth_year: Option<i32>, year: i32) -> String {
    let entered = entered.trim();
    if !entered.is_empty() && entered != "unbekannt" {
        entered.to_owned()
    } else if birth_year.is_some() {
        age_group(birth_year, year)
    } else {
        String::new()
    }
}
