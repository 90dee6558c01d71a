//! Veranstaltungen: events, workshops, registration with waitlist,
//! check-in on the day, and the event printouts and exports.

use serde::Serialize;
use tauri::State;

use super::{now, print, today, with_store, CommandError};
use crate::delivery::{Delivered, Delivery};
use crate::state::AppState;
use kiz::db::engine::Engine;
use kiz::documents::{DocumentRequest, EventDocument};
use kiz::events::{
    self, CheckIn, Event, EventFigures, EventInput, EventSummary, FacilitatorChoice, MovedUp,
    ParticipantSummary, Person, RegisterOptions, Registration, Workshop, WorkshopInput,
    WorkshopSummary,
};
use kiz::languages::{self, Language};
use kiz::lists::{Page, Paging};
use kiz::organisations::{self as orgs, OrganisationSummary};

/// Pick lists for the event and workshop forms.
#[derive(Debug, Serialize)]
pub struct EventOptions {
    pub organisations: Vec<OrganisationSummary>,
    pub facilitators: Vec<FacilitatorChoice>,
    /// (id, title) of the cooperation projects.
    pub projects: Vec<(i64, String)>,
    pub languages: Vec<Language>,
}

#[tauri::command]
pub async fn event_options(state: State<'_, AppState>) -> Result<EventOptions, CommandError> {
    with_store(&state, |store| {
        store.read_sql(|sql| {
            Ok(EventOptions {
                organisations: orgs::list_in(sql)?,
                facilitators: events::facilitator_choices_in(sql)?,
                // The form's pick list of projects, newest first as the
                // directory lists them.
                projects: orgs::project_choices_in(sql)?,
                languages: languages::all(),
            })
        })
    })
    .await
}

#[tauri::command]
pub async fn list_events(
    state: State<'_, AppState>,
    include_archived: bool,
) -> Result<Vec<EventSummary>, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| events::events_in(sql, include_archived))
    })
    .await
}

#[tauri::command]
pub async fn create_event(
    state: State<'_, AppState>,
    input: EventInput,
) -> Result<i64, CommandError> {
    with_store(&state, move |store| {
        events::create_event(store, &input, now())
    })
    .await
}

/// An event's page: the event, its workshops with figures, and the figures
/// per host organisation.
#[derive(Debug, Serialize)]
pub struct EventPage {
    pub event: Event,
    pub workshops: Vec<WorkshopSummary>,
    pub figures: EventFigures,
}

#[tauri::command]
pub async fn get_event(state: State<'_, AppState>, id: i64) -> Result<EventPage, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| {
            Ok(EventPage {
                event: events::event_in(sql, id)?,
                workshops: events::workshops_in(sql, id)?,
                figures: events::figures_in(sql, id)?,
            })
        })
    })
    .await
}

#[tauri::command]
pub async fn archive_event(
    state: State<'_, AppState>,
    id: i64,
    archive: bool,
) -> Result<(), CommandError> {
    with_store(&state, move |store| {
        events::archive_event(store, id, archive, today())
    })
    .await
}

#[tauri::command]
pub async fn delete_event(state: State<'_, AppState>, id: i64) -> Result<(), CommandError> {
    with_store(&state, move |store| events::delete_event(store, id)).await
}

#[tauri::command]
pub async fn update_event(
    state: State<'_, AppState>,
    id: i64,
    input: EventInput,
) -> Result<(), CommandError> {
    with_store(&state, move |store| {
        events::update_event(store, id, &input, now(), super::workstation())
    })
    .await
}

#[tauri::command]
pub async fn update_workshop(
    state: State<'_, AppState>,
    id: i64,
    input: WorkshopInput,
) -> Result<(), CommandError> {
    with_store(&state, move |store| {
        events::update_workshop(store, id, &input, now(), super::workstation())
    })
    .await
}

#[tauri::command]
pub async fn delete_workshop(state: State<'_, AppState>, id: i64) -> Result<(), CommandError> {
    with_store(&state, move |store| events::delete_workshop(store, id)).await
}

#[tauri::command]
pub async fn create_workshop(
    state: State<'_, AppState>,
    event_id: i64,
    input: WorkshopInput,
) -> Result<i64, CommandError> {
    with_store(&state, move |store| {
        events::create_workshop(store, event_id, &input, now())
    })
    .await
}

/// A workshop's page: the workshop and every registration.
#[derive(Debug, Serialize)]
pub struct WorkshopPage {
    pub workshop: Workshop,
    pub registrations: Vec<Registration>,
}

/// A page of a workshop's registrations in `sort` (`None`: the sort kept
/// for the list).
#[tauri::command]
pub async fn registration_page(
    state: State<'_, AppState>,
    workshop_id: i64,
    sort: Option<String>,
    paging: Paging,
) -> Result<Page<Registration>, CommandError> {
    with_store(&state, move |store| {
        store
            .read_sql(|sql| events::registration_page_in(sql, workshop_id, sort.as_deref(), paging))
    })
    .await
}

#[tauri::command]
pub async fn get_workshop(
    state: State<'_, AppState>,
    id: i64,
) -> Result<WorkshopPage, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| {
            Ok(WorkshopPage {
                workshop: events::workshop_in(sql, id)?,
                registrations: events::registrations_in(sql, id)?,
            })
        })
    })
    .await
}

#[tauri::command]
pub async fn set_workshop_capacity(
    state: State<'_, AppState>,
    workshop_id: i64,
    capacity: u32,
    to_waitlist: Vec<i64>,
    version: Option<i64>,
) -> Result<Vec<MovedUp>, CommandError> {
    with_store(&state, move |store| {
        events::set_capacity(
            store,
            workshop_id,
            capacity,
            &to_waitlist,
            now(),
            version,
            super::workstation(),
        )
    })
    .await
}

#[tauri::command]
pub async fn find_participants(
    state: State<'_, AppState>,
    query: String,
) -> Result<Vec<ParticipantSummary>, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| events::find_participants_in(sql, &query, 20))
    })
    .await
}

#[tauri::command]
pub async fn register_participant(
    state: State<'_, AppState>,
    workshop_id: i64,
    person: Person,
    options: RegisterOptions,
) -> Result<Registration, CommandError> {
    with_store(&state, move |db| {
        events::register_person(db, workshop_id, &person, &options, now())
    })
    .await
}

#[tauri::command]
pub async fn cancel_registration(
    state: State<'_, AppState>,
    id: i64,
) -> Result<Vec<MovedUp>, CommandError> {
    with_store(&state, move |db| events::cancel(db, id, now())).await
}

#[tauri::command]
pub async fn move_up_registration(
    state: State<'_, AppState>,
    id: i64,
) -> Result<Registration, CommandError> {
    with_store(&state, move |db| events::move_up(db, id, now())).await
}

#[tauri::command]
pub async fn check_in(
    state: State<'_, AppState>,
    id: i64,
    over_capacity: bool,
) -> Result<CheckIn, CommandError> {
    with_store(&state, move |store| {
        events::check_in(store, id, over_capacity, now())
    })
    .await
}

/// Check-in by the code scanned from a confirmation.
#[tauri::command]
pub async fn check_in_code(
    state: State<'_, AppState>,
    workshop_id: i64,
    code: String,
    over_capacity: bool,
) -> Result<CheckIn, CommandError> {
    with_store(&state, move |store| {
        events::check_in_by_code(store, workshop_id, &code, over_capacity, now())
    })
    .await
}

#[tauri::command]
pub async fn undo_check_in(
    state: State<'_, AppState>,
    id: i64,
) -> Result<Registration, CommandError> {
    with_store(&state, move |store| events::undo_check_in(store, id)).await
}

#[tauri::command]
pub async fn walk_in(
    state: State<'_, AppState>,
    workshop_id: i64,
    person: Person,
    over_capacity: bool,
) -> Result<Registration, CommandError> {
    with_store(&state, move |store| {
        events::walk_in(store, workshop_id, &person, over_capacity, now())
    })
    .await
}

#[tauri::command]
pub async fn mark_no_shows(
    state: State<'_, AppState>,
    workshop_id: i64,
) -> Result<usize, CommandError> {
    with_store(&state, move |store| {
        events::mark_no_shows(store, workshop_id)
    })
    .await
}

#[tauri::command]
pub async fn event_document(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    document: EventDocument,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    print(&app, &state, DocumentRequest::Event(document), delivery).await
}

/// A participant's page: the person (with contact data: only here) and
/// their registrations.
#[derive(Debug, Serialize)]
pub struct ParticipantPage {
    pub participant: events::Participant,
    pub registrations: Vec<events::ParticipantRegistration>,
}

#[tauri::command]
pub async fn update_participant(
    state: State<'_, AppState>,
    id: i64,
    input: events::ParticipantInput,
) -> Result<(), CommandError> {
    with_store(&state, move |db| {
        events::update_participant(db, id, &input, now(), super::workstation())
    })
    .await
}

#[tauri::command]
pub async fn get_participant(
    state: State<'_, AppState>,
    id: i64,
) -> Result<ParticipantPage, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| {
            Ok(ParticipantPage {
                participant: events::participant_in(sql, id)?,
                registrations: events::participant_registrations_in(sql, id)?,
            })
        })
    })
    .await
}
