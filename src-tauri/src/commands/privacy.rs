//! Datenschutz: the deletion calendar and log, retention rules and consent
//! texts, and for one person the access report (PDF/JSON), the consent
//! form and erasure.

use serde::{Deserialize, Serialize};
use tauri::State;

use super::{now, print, today, with_db, CommandError};
use crate::delivery::{Delivered, Delivery};
use crate::state::AppState;
use kiz::documents::DocumentRequest;
use kiz::privacy::{
    self, ConsentText, DueItem, LogEntry, Person, Purpose, RelatedRecord, RetentionRules, Rule,
};
use kiz::Db;

/// How far ahead the calendar looks.
const CALENDAR_DAYS: u32 = 30;

/// The data-protection page.
#[derive(Debug, Serialize)]
pub struct PrivacyOverview {
    pub rules: RetentionRules,
    pub calendar: Vec<DueItem>,
    pub log: Vec<LogEntry>,
    pub consent_texts: Vec<ConsentText>,
}

fn overview(db: &Db) -> kiz::Result<PrivacyOverview> {
    Ok(PrivacyOverview {
        rules: privacy::retention_rules(db)?,
        calendar: privacy::calendar(db, today(), CALENDAR_DAYS)?,
        log: privacy::deletion_log(db)?,
        consent_texts: privacy::consent_texts(db)?,
    })
}

#[tauri::command]
pub async fn privacy_overview(state: State<'_, AppState>) -> Result<PrivacyOverview, CommandError> {
    with_db(&state, |db| overview(db)).await
}

#[tauri::command]
pub async fn save_retention_rules(
    state: State<'_, AppState>,
    rules: RetentionRules,
) -> Result<PrivacyOverview, CommandError> {
    with_db(&state, move |db| {
        privacy::save_retention_rules(db, &rules)?;
        overview(db)
    })
    .await
}

/// A new version (or translation) of a consent text.
#[derive(Debug, Deserialize)]
pub struct ConsentTextInput {
    pub purpose: Purpose,
    pub version: String,
    pub language: String,
    pub body: String,
}

#[tauri::command]
pub async fn add_consent_text(
    state: State<'_, AppState>,
    input: ConsentTextInput,
) -> Result<PrivacyOverview, CommandError> {
    with_db(&state, move |db| {
        privacy::add_consent_text(
            db,
            input.purpose,
            &input.version,
            &input.language,
            &input.body,
            now(),
        )?;
        overview(db)
    })
    .await
}

/// Staff confirm that a translated consent text says what the German one
/// says.
#[tauri::command]
pub async fn mark_consent_text_checked(
    state: State<'_, AppState>,
    id: i64,
    staff: String,
) -> Result<PrivacyOverview, CommandError> {
    with_db(&state, move |db| {
        privacy::mark_consent_text_checked(db, id, &staff, now())?;
        overview(db)
    })
    .await
}

#[tauri::command]
pub async fn delete_proposed(
    state: State<'_, AppState>,
    rule: Rule,
    ids: Vec<i64>,
    staff: String,
    second_staff: String,
) -> Result<usize, CommandError> {
    with_db(&state, move |db| {
        privacy::delete_proposed(db, rule, &ids, &staff, &second_staff, now())
    })
    .await
}

/// The records linked to a person, which "Person löschen" offers to erase too.
#[tauri::command]
pub async fn linked_records(
    state: State<'_, AppState>,
    person: Person,
) -> Result<Vec<RelatedRecord>, CommandError> {
    with_db(&state, move |db| privacy::linked_records(db, person)).await
}

#[tauri::command]
pub async fn erase_person(
    state: State<'_, AppState>,
    person: Person,
    also: Vec<Person>,
    staff: String,
) -> Result<(), CommandError> {
    with_db(&state, move |db| {
        privacy::erase(db, person, &also, &staff, now())
    })
    .await
}

/// Records of the same or a similar name: possibly the same person, for
/// staff to tick before the access report is made.
#[tauri::command]
pub async fn access_report_candidates(
    state: State<'_, AppState>,
    person: Person,
) -> Result<Vec<RelatedRecord>, CommandError> {
    with_db(&state, move |db| {
        privacy::access_report_candidates(db, person)
    })
    .await
}

/// The access report as PDF (to hand over) or JSON (to take along).
#[tauri::command]
pub async fn access_report(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    person: Person,
    extra: Vec<Person>,
    json: bool,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let request = DocumentRequest::AccessReport {
        person,
        extra,
        json,
    };
    print(&app, &state, request, delivery).await
}

/// The consent form for a person: the purposes that concern them, in
/// German and their language.
#[tauri::command]
pub async fn consent_form(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    person: Person,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    print(
        &app,
        &state,
        DocumentRequest::ConsentForm { person },
        delivery,
    )
    .await
}

/// The statistics of the Berichte page, from what anonymisation keeps.
#[tauri::command]
pub async fn statistics(state: State<'_, AppState>) -> Result<privacy::Statistics, CommandError> {
    with_db(&state, |db| {
        super::injected_panic("statistics");
        privacy::statistics(db)
    })
    .await
}

/// The version of each purpose's consent text that people agree to now.
#[tauri::command]
pub async fn consent_versions(
    state: State<'_, AppState>,
) -> Result<std::collections::BTreeMap<&'static str, String>, CommandError> {
    with_db(&state, |db| {
        let mut versions = std::collections::BTreeMap::new();
        for purpose in [
            Purpose::Mediathek,
            Purpose::Organisationsverzeichnis,
            Purpose::Veranstaltungen,
            Purpose::Fotos,
        ] {
            versions.insert(purpose.code(), privacy::current_version(db, purpose)?);
        }
        Ok(versions)
    })
    .await
}
