//! Datenschutz: the deletion calendar and log, retention rules and consent
//! texts, and for one person the access report (PDF/JSON), the consent
//! form and erasure.

use serde::Deserialize;
use tauri::State;

use super::{now, print, today, with_store, workstation, CommandError};
use crate::delivery::{Delivered, Delivery};
use crate::state::AppState;
use kiz::db::engine::Engine;
use kiz::documents::DocumentRequest;
use kiz::privacy::{self, Person, Purpose, RelatedRecord, RetentionRules, Rule};

#[tauri::command]
pub async fn privacy_overview(
    state: State<'_, AppState>,
) -> Result<privacy::Overview, CommandError> {
    with_store(&state, |store| {
        store.read_sql(|sql| privacy::overview_in(sql, today()))
    })
    .await
}

/// Saves the retention rules from the Datenschutz page, if nobody saved
/// them since the page read `version`.
#[tauri::command]
pub async fn save_retention_rules(
    state: State<'_, AppState>,
    rules: RetentionRules,
    version: i64,
) -> Result<privacy::Overview, CommandError> {
    with_store(&state, move |store| {
        privacy::save_retention_rules_form(store, &rules, version, workstation(), now())?;
        store.read_sql(|sql| privacy::overview_in(sql, today()))
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
) -> Result<privacy::Overview, CommandError> {
    with_store(&state, move |store| {
        privacy::add_consent_text_on(
            store,
            input.purpose,
            &input.version,
            &input.language,
            &input.body,
            now(),
        )?;
        store.read_sql(|sql| privacy::overview_in(sql, today()))
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
) -> Result<privacy::Overview, CommandError> {
    with_store(&state, move |store| {
        privacy::mark_consent_text_checked_on(store, id, &staff, now())?;
        store.read_sql(|sql| privacy::overview_in(sql, today()))
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
    with_store(&state, move |store| {
        let deleted = privacy::delete_proposed_on(store, rule, &ids, &staff, &second_staff, now())?;
        store.scrub_after_erasure()?;
        Ok(deleted)
    })
    .await
}

/// The records linked to a person, which "Person löschen" offers to erase too.
#[tauri::command]
pub async fn linked_records(
    state: State<'_, AppState>,
    person: Person,
) -> Result<Vec<RelatedRecord>, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| privacy::linked_records_in(sql, person))
    })
    .await
}

#[tauri::command]
pub async fn erase_person(
    state: State<'_, AppState>,
    person: Person,
    also: Vec<Person>,
    staff: String,
) -> Result<(), CommandError> {
    with_store(&state, move |store| {
        privacy::erase_on(store, person, &also, &staff, now())?;
        store.scrub_after_erasure()
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
    with_store(&state, move |store| {
        store.read_sql(|sql| privacy::access_report_candidates_in(sql, person))
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
    with_store(&state, |store| {
        super::injected_panic("statistics");
        store.read_sql(privacy::statistics_in)
    })
    .await
}

/// The version of each purpose's consent text that people agree to now.
#[tauri::command]
pub async fn consent_versions(
    state: State<'_, AppState>,
) -> Result<std::collections::BTreeMap<&'static str, String>, CommandError> {
    with_store(&state, |store| store.read_sql(privacy::current_versions_in)).await
}
