//! Datenschutz (DSGVO): consent texts per purpose (kept in
//! [`crate::consents`], which the parts that record consents read too, and
//! re-exported here), the consent forms, the retention rules and
//! the deletion calendar they make, anonymisation that keeps the
//! statistics, the access report (Art. 15/20), erasure (Art. 17), and the
//! deletion log, which records kinds and numbers of records but never the
//! person's data (kept in [`crate::deletion_log`], which the other parts
//! call too, and re-exported here).

mod reapply;
mod related;
mod report;
mod retention;
pub(crate) mod statistics;

pub(crate) use reapply::raise_sequences;
pub use reapply::reapply;
pub use related::{
    access_report_candidates, access_report_candidates_in, linked_records, linked_records_in,
    name_relation, RelatedRecord, Relation,
};
pub use report::{
    access_report, access_report_in, AccessReport, ReportLoan, ReportRegistration, ReportRole,
};
pub use retention::{
    calendar, calendar_in, delete_proposed, delete_proposed_on, erase, erase_on, run_automatic,
    run_automatic_on, DueItem, Person, Rule,
};
pub use statistics::{
    loan_statistics, loan_statistics_in, participant_statistics, participant_statistics_in,
    statistics, statistics_in, CountRow, LoanKey, ParticipantKey, Statistics,
};

use serde::{Deserialize, Serialize};

pub use crate::consents::{
    add_consent_text, add_consent_text_on, consent_text, consent_text_in, consent_texts,
    consent_texts_in, current_version, current_version_in, current_versions, current_versions_in,
    mark_consent_text_checked, mark_consent_text_checked_on, ConsentText, Purpose,
};
use crate::db::engine::{args, Engine, Sql};
pub use crate::deletion_log::{
    deletion_log, deletion_log_in, deletion_log_of_file, empty_log, LogEntry,
};
pub use crate::lending::unlink_at_return;
use crate::settings::{put_setting_in, text_setting_in};
use crate::{Db, Error, Result};

/// How long data is kept, per purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RetentionRules {
    /// Days after a return until the loan no longer names the borrower; 0
    /// at the return itself. Kept when the borrower agreed to a history, or
    /// when damage or loss was recorded.
    pub loan_link_days: u32,
    /// Months without a loan after which a borrower is proposed for deletion.
    pub inactive_borrower_months: u32,
    /// Days after the event until participants are anonymised.
    pub participant_days: u32,
}

impl Default for RetentionRules {
    fn default() -> Self {
        RetentionRules {
            loan_link_days: 0,
            inactive_borrower_months: 24,
            participant_days: 90,
        }
    }
}

/// The retention rules in effect.
///
/// # Errors
/// Only SQLite failures.
pub fn retention_rules(db: &Db) -> Result<RetentionRules> {
    retention_rules_in(db.conn())
}

/// [`retention_rules`] inside a read or write, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn retention_rules_in(sql: &dyn Sql) -> Result<RetentionRules> {
    let d = RetentionRules::default();
    let number = |key: &str, default: u32| -> Result<u32> {
        Ok(text_setting_in(sql, key)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(default))
    };
    Ok(RetentionRules {
        loan_link_days: number("privacy.loan_link_days", d.loan_link_days)?,
        inactive_borrower_months: number(
            "privacy.inactive_borrower_months",
            d.inactive_borrower_months,
        )?,
        participant_days: number("privacy.participant_days", d.participant_days)?,
    })
}

/// Stores the retention rules.
///
/// # Errors
/// [`Error::OutOfRange`] (loan link 0–3650 days, inactive borrowers 1–120
/// months, participants 0–3650 days).
pub fn save_retention_rules(db: &mut Db, rules: &RetentionRules) -> Result<RetentionRules> {
    save_retention_rules_on(db, rules)
}

/// [`save_retention_rules`] on either engine: on the shared database the
/// rules hold for every PC (each applies them at its next start).
///
/// # Errors
/// As [`save_retention_rules`]; a failure of the engine.
pub fn save_retention_rules_on(
    store: &mut impl Engine,
    rules: &RetentionRules,
) -> Result<RetentionRules> {
    check_rules(rules)?;
    store.write_sql(|tx| store_rules(tx, rules))
}

fn check_rules(rules: &RetentionRules) -> Result<()> {
    for (field, value, min, max) in [
        ("loan_link_days", rules.loan_link_days, 0, 3650),
        (
            "inactive_borrower_months",
            rules.inactive_borrower_months,
            1,
            120,
        ),
        ("participant_days", rules.participant_days, 0, 3650),
    ] {
        if !(min..=max).contains(&value) {
            return Err(Error::OutOfRange { field, min, max });
        }
    }
    Ok(())
}

/// The prefix of the settings keys of the retention rules' version.
const RULES_VERSIONS: &str = "privacy_rules";

/// [`save_retention_rules_on`] from the Datenschutz page: as saved on
/// workstation `by` at `now`, and only if nobody saved the rules since the
/// page read `version` ([`Overview::rules_version`]).
///
/// # Errors
/// As [`save_retention_rules`]; [`Error::ChangedMeanwhile`] (nothing
/// stored).
pub fn save_retention_rules_form(
    store: &mut impl Engine,
    rules: &RetentionRules,
    version: i64,
    by: &str,
    now: chrono::NaiveDateTime,
) -> Result<RetentionRules> {
    check_rules(rules)?;
    store.write_sql(|tx| {
        crate::versions::claim_settings(
            tx,
            RULES_VERSIONS,
            crate::Record::RetentionRules,
            version,
            by,
            now,
        )?;
        store_rules(tx, rules)
    })
}

fn store_rules(tx: &dyn Sql, rules: &RetentionRules) -> Result<RetentionRules> {
    for (key, value) in [
        ("privacy.loan_link_days", rules.loan_link_days),
        (
            "privacy.inactive_borrower_months",
            rules.inactive_borrower_months,
        ),
        ("privacy.participant_days", rules.participant_days),
    ] {
        put_setting_in(tx, key, &value.to_string())?;
    }
    retention_rules_in(tx)
}

/// A consent text in German and its translation, if there is one.
pub type ConsentPair = (ConsentText, Option<ConsentText>);

/// What a person's consent form holds: their name, and for each purpose
/// that concerns them (Mediathek for a borrower, Veranstaltungen and Fotos
/// for a participant, the directory for a contact) the current text in
/// German with its translation into the person's language, if there is one.
///
/// # Errors
/// [`Error::NotFound`].
pub fn consent_form_texts(db: &Db, person: Person) -> Result<(String, Vec<ConsentPair>)> {
    consent_form_texts_in(db.conn(), person)
}

/// [`consent_form_texts`] inside a read, on either engine.
///
/// # Errors
/// As [`consent_form_texts`]; a failure of the engine.
pub fn consent_form_texts_in(sql: &dyn Sql, person: Person) -> Result<(String, Vec<ConsentPair>)> {
    // The person's languages (a borrower's language of the printouts, a
    // participant's or contact's languages by code); the first one with a
    // translation of a text is printed beside it.
    let codes = |table: &str, owner: &str, id: i64| -> Result<Vec<String>> {
        sql.rows(
            &format!("SELECT code FROM {table} WHERE {owner} = ?1 ORDER BY code"),
            args![id],
        )?
        .into_iter()
        .map(|r| r.get(0))
        .collect()
    };
    let (name, languages, purposes) = match person {
        Person::Borrower(id) => {
            let b = crate::people::borrower_in(sql, id)?;
            (b.name, vec![b.print_language], vec![Purpose::Mediathek])
        }
        Person::Participant(id) => (
            related::name_of(sql, person)?,
            codes("participant_language", "participant_id", id)?,
            vec![Purpose::Veranstaltungen, Purpose::Fotos],
        ),
        Person::Contact(id) => (
            related::name_of(sql, person)?,
            codes("contact_language", "contact_id", id)?,
            // Both texts to sign: the second is signed only by a person
            // who wants to be shown on the public site.
            vec![
                Purpose::Organisationsverzeichnis,
                Purpose::Veroeffentlichung,
            ],
        ),
    };
    let all = crate::consents::consent_texts_in(sql)?;
    let text = |purpose: Purpose, version: &str, language: &str| {
        all.iter()
            .find(|t| t.purpose == purpose && t.version == version && t.language == language)
    };
    let mut texts = Vec::new();
    for purpose in purposes {
        let version = crate::consents::current_version_in(sql, purpose)?;
        let german = text(purpose, &version, "de")
            .cloned()
            .ok_or(Error::NotFound {
                what: crate::Record::ConsentText,
            })?;
        let translation = languages
            .iter()
            .filter(|l| l.as_str() != "de")
            .find_map(|l| text(purpose, &version, l))
            .cloned();
        texts.push((german, translation));
    }
    Ok((name, texts))
}

/// How many days ahead the Datenschutz page's deletion calendar looks.
pub const CALENDAR_DAYS: u32 = 30;

/// The Datenschutz page: the retention rules, the deletion calendar of the
/// next [`CALENDAR_DAYS`] days, the deletion log and the consent texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overview {
    /// The retention rules in effect.
    pub rules: RetentionRules,
    /// Their version (0 before the first save from the page): what the
    /// page sends back when it saves the rules.
    pub rules_version: i64,
    /// What is due by today and the next [`CALENDAR_DAYS`] days.
    pub calendar: Vec<DueItem>,
    /// The deletion log, newest first.
    pub log: Vec<LogEntry>,
    /// Every consent text, every version and language.
    pub consent_texts: Vec<ConsentText>,
}

/// What the Datenschutz page shows on `today`.
///
/// # Errors
/// Only SQLite failures.
pub fn overview(db: &Db, today: chrono::NaiveDate) -> Result<Overview> {
    overview_in(db.conn(), today)
}

/// [`overview`] inside a read, on either engine (the Datenschutz page on
/// the shared database).
///
/// # Errors
/// A failure of the engine.
pub fn overview_in(sql: &dyn Sql, today: chrono::NaiveDate) -> Result<Overview> {
    Ok(Overview {
        rules: retention_rules_in(sql)?,
        rules_version: crate::versions::settings_saved(sql, RULES_VERSIONS)?.version,
        calendar: retention::calendar_in(sql, today, CALENDAR_DAYS)?,
        log: crate::deletion_log::deletion_log_in(sql)?,
        consent_texts: crate::consents::consent_texts_in(sql)?,
    })
}
