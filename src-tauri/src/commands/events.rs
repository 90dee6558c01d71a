//! Veranstaltungen: events, workshops, registration with waitlist,
//! check-in on the day, and the event printouts and exports.

use serde::Serialize;
use tauri::State;

use super::{now, print, today, with_db, with_store, CommandError};
use crate::delivery::{Delivered, Delivery};
use crate::state::AppState;
use kiz::documents::{DocumentRequest, EventDocument};
use kiz::events::{
    self, CheckIn, Event, EventFigures, EventInput, EventSummary, FacilitatorChoice, MovedUp,
    ParticipantSummary, Person, RegisterOptions, Registration, Workshop, WorkshopInput,
    WorkshopSummary,
};
use kiz::languages::{self, Language};
use kiz::lists::{Page, Paging};
use kiz::organisations::{self as orgs, OrganisationSummary, ProjectFilter};

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
    with_db(&state, |db| {
        Ok(EventOptions {
            organisations: orgs::list(db)?,
            facilitators: events::facilitator_choices(db)?,
            projects: orgs::projects(db, &ProjectFilter::default())?
                .into_iter()
                .map(|p| (p.id, p.title))
                .collect(),
            languages: languages::all(),
        })
    })
    .await
}

#[tauri::command]
pub async fn list_events(
    state: State<'_, AppState>,
    include_archived: bool,
) -> Result<Vec<EventSummary>, CommandError> {
    with_db(&state, move |db| events::events(db, include_archived)).await
}

#[tauri::command]
pub async fn create_event(
    state: State<'_, AppState>,
    input: EventInput,
) -> Result<i64, CommandError> {
    with_db(&state, move |db| events::create_event(db, &input, now())).await
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
    with_db(&state, move |db| {
        Ok(EventPage {
            event: events::event(db, id)?,
            workshops: events::workshops(db, id)?,
            figures: events::figures(db, id)?,
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
    with_db(&state, move |db| {
        events::archive_event(db, id, archive, today())
    })
    .await
}

#[tauri::command]
pub async fn delete_event(state: State<'_, AppState>, id: i64) -> Result<(), CommandError> {
    with_db(&state, move |db| events::delete_event(db, id)).await
}

#[tauri::command]
pub async fn update_event(
    state: State<'_, AppState>,
    id: i64,
    input: EventInput,
) -> Result<(), CommandError> {
    with_db(&state, move |db| {
        events::update_event(db, id, &input, now())
    })
    .await
}

#[tauri::command]
pub async fn update_workshop(
    state: State<'_, AppState>,
    id: i64,
    input: WorkshopInput,
) -> Result<(), CommandError> {
    with_db(&state, move |db| {
        events::update_workshop(db, id, &input, now())
    })
    .await
}

#[tauri::command]
pub async fn delete_workshop(state: State<'_, AppState>, id: i64) -> Result<(), CommandError> {
    with_db(&state, move |db| events::delete_workshop(db, id)).await
}

#[tauri::command]
pub async fn create_workshop(
    state: State<'_, AppState>,
    event_id: i64,
    input: WorkshopInput,
) -> Result<i64, CommandError> {
    with_db(&state, move |db| {
        events::create_workshop(db, event_id, &input, now())
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
    with_db(&state, move |db| {
        events::registration_page(db, workshop_id, sort.as_deref(), paging)
    })
    .await
}

#[tauri::command]
pub async fn get_workshop(
    state: State<'_, AppState>,
    id: i64,
) -> Result<WorkshopPage, CommandError> {
    with_db(&state, move |db| {
        Ok(WorkshopPage {
            workshop: events::workshop(db, id)?,
            registrations: events::registrations(db, id)?,
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
) -> Result<Vec<MovedUp>, CommandError> {
    with_db(&state, move |db| {
        events::set_capacity(db, workshop_id, capacity, &to_waitlist, now())
    })
    .await
}

#[tauri::command]
pub async fn find_participants(
    state: State<'_, AppState>,
    query: String,
) -> Result<Vec<ParticipantSummary>, CommandError> {
    with_db(&state, move |db| events::find_participants(db, &query, 20)).await
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
    with_db(&state, move |db| {
        events::check_in(db, id, over_capacity, now())
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
    with_db(&state, move |db| {
        events::check_in_by_code(db, workshop_id, &code, over_capacity, now())
    })
    .await
}

#[tauri::command]
pub async fn undo_check_in(
    state: State<'_, AppState>,
    id: i64,
) -> Result<Registration, CommandError> {
    with_db(&state, move |db| events::undo_check_in(db, id)).await
}

#[tauri::command]
pub async fn walk_in(
    state: State<'_, AppState>,
    workshop_id: i64,
    person: Person,
    over_capacity: bool,
) -> Result<Registration, CommandError> {
    with_db(&state, move |db| {
        events::walk_in(db, workshop_id, &person, over_capacity, now())
    })
    .await
}

#[tauri::command]
pub async fn mark_no_shows(
    state: State<'_, AppState>,
    workshop_id: i64,
) -> Result<usize, CommandError> {
    with_db(&state, move |db| events::mark_no_shows(db, workshop_id)).await
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
        events::update_participant(db, id, &input, now())
    })
    .await
}

#[tauri::command]
pub async fn get_participant(
    state: State<'_, AppState>,
    id: i64,
) -> Result<ParticipantPage, CommandError> {
    with_db(&state, move |db| {
        Ok(ParticipantPage {
            participant: events::participant(db, id)?,
            registrations: events::participant_registrations(db, id)?,
        })
    })
    .await
}
