//! The institution's own data (printed on every document) and app settings.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::db::engine::{args, value, Engine, Sql};
use crate::{Db, Error, Record, Result};

/// The integration centre as it appears in the header of every printout.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Institution {
    /// Required, e.g. "Kommunales Integrationszentrum Rhein-Sieg-Kreis".
    pub name: String,
    /// Second line, e.g. "Mediathek".
    pub department: String,
    /// Street and number.
    pub street: String,
    /// Five-digit German postal code, or empty.
    pub postal_code: String,
    /// Town.
    pub city: String,
    /// Phone number as printed.
    pub phone: String,
    /// Contact e-mail address.
    pub email: String,
    /// Web address as printed.
    pub website: String,
    /// The Mediathek's opening hours as staff write them ("Mo–Do 9–16 Uhr,
    /// Fr 9–12 Uhr"), or empty: in the due date's calendar entry on the
    /// loan slip. Kept among the settings, not in the `institution` table.
    pub opening_hours: String,
}

/// The settings key of [`Institution::opening_hours`].
const OPENING_HOURS: &str = "opening_hours";

/// Reads the institution's data.
///
/// # Errors
/// Only SQLite failures.
pub fn institution(db: &Db) -> Result<Institution> {
    institution_in(db.conn())
}

/// [`institution`] on either engine; empty fields without the row (every
/// database is made with it).
///
/// # Errors
/// A failure of the engine.
pub fn institution_in(sql: &dyn Sql) -> Result<Institution> {
    let Some(r) = sql.row(
        "SELECT name, department, street, postal_code, city, phone, email, website
         FROM institution WHERE id = 1",
        &[],
    )?
    else {
        return Ok(Institution::default());
    };
    Ok(Institution {
        name: r.get(0)?,
        department: r.get(1)?,
        street: r.get(2)?,
        postal_code: r.get(3)?,
        city: r.get(4)?,
        phone: r.get(5)?,
        email: r.get(6)?,
        website: r.get(7)?,
        opening_hours: text_setting_in(sql, OPENING_HOURS)?.unwrap_or_default(),
    })
}

/// Checks and stores the institution's data; returns what was stored
/// (trimmed).
///
/// # Errors
/// [`Error::InstitutionNameEmpty`], [`Error::InvalidEmail`],
/// [`Error::InvalidPhone`], [`Error::InvalidPostalCode`], [`Error::TooLong`].
/// Nothing is stored when any field is refused.
pub fn save_institution(store: &mut impl Engine, input: &Institution) -> Result<Institution> {
    let clean = validate_institution(input)?;
    store.write_sql(|tx| write_institution(tx, &clean))?;
    Ok(clean)
}

/// The prefix of the settings keys of the institution's version.
const INSTITUTION_VERSIONS: &str = "institution";

/// The version of the institution's details (0 before the first save
/// from the settings page): what the form sends back when it saves.
///
/// # Errors
/// A failure of the engine.
pub fn institution_version_in(sql: &dyn Sql) -> Result<i64> {
    Ok(crate::versions::settings_saved(sql, INSTITUTION_VERSIONS)?.version)
}

/// [`save_institution`] from the settings page: as saved on workstation
/// `by` at `now`, and only if nobody saved the details since the form
/// read `version` ([`institution_version_in`]). Returns what was stored
/// and the new version.
///
/// # Errors
/// As [`save_institution`]; [`Error::ChangedMeanwhile`] (nothing stored).
pub fn save_institution_form(
    store: &mut impl Engine,
    input: &Institution,
    version: i64,
    by: &str,
    now: NaiveDateTime,
) -> Result<(Institution, i64)> {
    let clean = validate_institution(input)?;
    let version = store.write_sql(|tx| {
        crate::versions::claim_settings(
            tx,
            INSTITUTION_VERSIONS,
            Record::Institution,
            version,
            by,
            now,
        )?;
        write_institution(tx, &clean)?;
        institution_version_in(tx)
    })?;
    Ok((clean, version))
}

/// Stores already validated institution data inside the caller's transaction.
fn write_institution(tx: &dyn Sql, clean: &Institution) -> Result<()> {
    tx.run(
        "UPDATE institution SET name = ?1, department = ?2, street = ?3, postal_code = ?4,
                    city = ?5, phone = ?6, email = ?7, website = ?8
             WHERE id = 1",
        args![
            &clean.name,
            &clean.department,
            &clean.street,
            &clean.postal_code,
            &clean.city,
            &clean.phone,
            &clean.email,
            &clean.website
        ],
    )?;
    put_setting_in(tx, OPENING_HOURS, &clean.opening_hours)?;
    Ok(())
}

fn validate_institution(input: &Institution) -> Result<Institution> {
    let clean = Institution {
        name: input.name.trim().to_owned(),
        department: input.department.trim().to_owned(),
        street: input.street.trim().to_owned(),
        postal_code: input.postal_code.trim().to_owned(),
        city: input.city.trim().to_owned(),
        phone: input.phone.trim().to_owned(),
        email: input.email.trim().to_owned(),
        website: input.website.trim().to_owned(),
        opening_hours: input.opening_hours.trim().to_owned(),
    };
    if clean.name.is_empty() {
        return Err(Error::InstitutionNameEmpty);
    }
    for (field, value) in [
        ("name", &clean.name),
        ("department", &clean.department),
        ("street", &clean.street),
        ("postal_code", &clean.postal_code),
        ("city", &clean.city),
        ("phone", &clean.phone),
        ("email", &clean.email),
        ("website", &clean.website),
        ("opening_hours", &clean.opening_hours),
    ] {
        crate::limits::check(field, value, crate::limits::INSTITUTION)?;
    }
    if !clean.postal_code.is_empty() && !is_postal_code(&clean.postal_code) {
        return Err(Error::InvalidPostalCode {
            field: "postal_code",
        });
    }
    if !clean.phone.is_empty() && !is_phone_number(&clean.phone) {
        return Err(Error::InvalidPhone { field: "phone" });
    }
    if !clean.email.is_empty() && !is_email_address(&clean.email) {
        return Err(Error::InvalidEmail { field: "email" });
    }
    Ok(clean)
}

/// A German postal code: exactly five digits.
pub(crate) fn is_postal_code(text: &str) -> bool {
    text.len() == 5 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Digits with the separators people write in German numbers
/// ("02241 13-0", "+49 (0)2241 / 130").
pub(crate) fn is_phone_number(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '/' | '-' | '(' | ')'))
}

/// `local@domain.tld` with no spaces: enough to catch typing mistakes; the
/// mail server is the judge of the rest.
pub(crate) fn is_email_address(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !text.chars().any(char::is_whitespace)
        && domain
            .split_once('.')
            .is_some_and(|(host, tld)| !host.is_empty() && tld.len() >= 2 && !tld.ends_with('.'))
}

/// Stores one app setting inside the caller's transaction.
pub(crate) fn put_setting(conn: &rusqlite::Connection, key: &str, value: &str) -> Result<()> {
    put_setting_in(conn, key, value)
}

/// [`put_setting`] inside the caller's write, on either engine (kept with
/// the engine, so that `versions` can write its settings too).
pub(crate) use crate::db::engine::put_setting_in;

/// A stored text setting (number patterns and the like), if set, inside
/// the caller's transaction, on either engine.
pub(crate) fn text_setting_in(sql: &dyn Sql, key: &str) -> Result<Option<String>> {
    value(
        sql,
        "SELECT value FROM app_setting WHERE key = ?1",
        args![key],
    )
}

/// The languages the UI is translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UiLanguage {
    /// Deutsch, the default.
    De,
    /// English, the second UI language.
    En,
}

impl UiLanguage {
    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            UiLanguage::De => "de",
            UiLanguage::En => "en",
        }
    }

    /// Parses an ISO 639-1 code.
    ///
    /// # Errors
    /// [`Error::UnknownLanguage`] for any code the UI is not translated into.
    pub fn from_code(code: &str) -> Result<Self> {
        match code {
            "de" => Ok(UiLanguage::De),
            "en" => Ok(UiLanguage::En),
            other => Err(Error::UnknownLanguage(other.to_owned())),
        }
    }
}

/// The language the UI is shown in.
///
/// # Errors
/// Only SQLite failures. An unknown stored value falls back to German.
pub fn ui_language(db: &Db) -> Result<UiLanguage> {
    ui_language_in(db.conn())
}

/// [`ui_language`] on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn ui_language_in(sql: &dyn Sql) -> Result<UiLanguage> {
    let stored: Option<String> = crate::db::engine::value(
        sql,
        "SELECT value FROM app_setting WHERE key = 'ui_language'",
        &[],
    )?;
    Ok(stored
        .and_then(|code| UiLanguage::from_code(&code).ok())
        .unwrap_or(UiLanguage::De))
}

/// Stores the UI language.
///
/// # Errors
/// [`Error::UnknownLanguage`]; nothing is stored then.
pub fn set_ui_language(db: &mut Db, code: &str) -> Result<UiLanguage> {
    let language = UiLanguage::from_code(code)?;
    db.write(|tx| {
        put_setting(tx, "ui_language", language.code())?;
        Ok(())
    })?;
    Ok(language)
}

/// The paper slips and receipts (Ausleihbeleg, Rückgabequittung) are
/// printed on: a sheet of A4 or A5, or the roll of a receipt printer, whose
/// slip is as long as its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlipFormat {
    /// A4 portrait, as every office printer takes it (the default, so the
    /// desk prints as it always did until someone chooses otherwise).
    A4,
    /// A5 portrait.
    A5,
    /// A receipt roll 80 mm wide (72 mm printable).
    Roll80,
    /// A receipt roll 58 mm wide (48 mm printable).
    Roll58,
}

impl SlipFormat {
    /// Every format, in the order the settings offer them.
    pub const ALL: [SlipFormat; 4] = [
        SlipFormat::A4,
        SlipFormat::A5,
        SlipFormat::Roll80,
        SlipFormat::Roll58,
    ];

    /// The stored code: `a4`, `a5`, `roll_80`, `roll_58`.
    pub fn code(self) -> &'static str {
        match self {
            SlipFormat::A4 => "a4",
            SlipFormat::A5 => "a5",
            SlipFormat::Roll80 => "roll_80",
            SlipFormat::Roll58 => "roll_58",
        }
    }

    /// Parses a stored or chosen code.
    ///
    /// # Errors
    /// [`Error::UnknownSlipFormat`] for anything but the four codes.
    pub fn from_code(code: &str) -> Result<Self> {
        SlipFormat::ALL
            .into_iter()
            .find(|f| f.code() == code)
            .ok_or(Error::UnknownSlipFormat)
    }
}

/// The format slips and receipts are printed in.
///
/// # Errors
/// Only SQLite failures. A missing or unknown stored value is A4.
pub fn slip_format(db: &Db) -> Result<SlipFormat> {
    slip_format_in(db.conn())
}

/// [`slip_format`] on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn slip_format_in(sql: &dyn Sql) -> Result<SlipFormat> {
    Ok(text_setting_in(sql, "slip_format")?
        .and_then(|code| SlipFormat::from_code(&code).ok())
        .unwrap_or(SlipFormat::A4))
}

/// Stores the format of slips and receipts.
///
/// # Errors
/// [`Error::UnknownSlipFormat`]; nothing is stored then.
pub fn set_slip_format(store: &mut impl Engine, code: &str) -> Result<SlipFormat> {
    let format = SlipFormat::from_code(code)?;
    store.write_sql(|tx| put_setting_in(tx, "slip_format", format.code()))?;
    Ok(format)
}

impl Institution {
    /// Street, postal code and city on one line ("Kaiser-Wilhelm-Platz 1,
    /// 53721 Siegburg"), leaving out what is empty.
    pub fn address(&self) -> String {
        [
            self.street.clone(),
            format!("{} {}", self.postal_code, self.city)
                .trim()
                .to_owned(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// The smallest count a printed or exported report shows as it is, unless
/// changed: counts of people from 1 to 2 read "< 3".
pub const REPORT_MIN_COUNT_DEFAULT: u32 = 3;
/// The largest minimum staff may choose: beyond it most figures of a
/// small centre would vanish.
pub const REPORT_MIN_COUNT_MAX: u32 = 10;

/// The smallest count of people a printed or exported report shows as it
/// is (see [`crate::reports::small`]); 1 shows every count.
///
/// # Errors
/// Only SQLite failures. A missing or unreadable stored value is the
/// default, 3.
pub fn report_min_count(db: &Db) -> Result<u32> {
    report_min_count_in(db.conn())
}

/// [`report_min_count`] on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn report_min_count_in(sql: &dyn Sql) -> Result<u32> {
    Ok(text_setting_in(sql, "report_min_count")?
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|n| (1..=REPORT_MIN_COUNT_MAX).contains(n))
        .unwrap_or(REPORT_MIN_COUNT_DEFAULT))
}

/// Stores the smallest count a report shows as it is.
///
/// # Errors
/// [`Error::ReportMinCountInvalid`] for a value outside 1–10; nothing is
/// stored then.
pub fn set_report_min_count(store: &mut impl Engine, value: i64) -> Result<u32> {
    let min = u32::try_from(value)
        .ok()
        .filter(|n| (1..=REPORT_MIN_COUNT_MAX).contains(n))
        .ok_or(Error::ReportMinCountInvalid {
            value,
            max: REPORT_MIN_COUNT_MAX,
        })?;
    store.write_sql(|tx| put_setting_in(tx, "report_min_count", &min.to_string()))?;
    Ok(min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_people_type_are_told_apart_from_typos() {
        for ok in ["kiz@rhein-sieg-kreis.de", "a.b@c.de", "x@sub.domain.org"] {
            assert!(is_email_address(ok), "{ok} is a usable address");
        }
        for bad in [
            "", "kiz", "kiz@", "@x.de", "kiz@de", "a b@c.de", "a@b@c.de", "a@.de", "a@b.d",
            "a@b.de.",
        ] {
            assert!(!is_email_address(bad), "{bad:?} cannot be delivered");
        }
    }

    #[test]
    fn phone_numbers_allow_german_separators_only() {
        assert!(is_phone_number("02241 13-0"));
        assert!(is_phone_number("+49 (0)2241 / 130"));
        assert!(!is_phone_number("0224x"), "letters are a typo");
        assert!(!is_phone_number("- /"), "a number needs digits");
    }
}
