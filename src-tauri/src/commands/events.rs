//! Veranstaltungen: events, workshops, registration with waitlist,
//! check-in on the day, and the event printouts and exports.

use serde::{Deserialize, Serialize};
use tauri::State;

use super::{now, print_setup as setup, today, with_db, CommandError};
use crate::delivery::{deliver, Delivered, Delivery};
use crate::state::AppState;
use kiz::documents::labels::{self, Badge, LabelSheet};
use kiz::documents::participants::{self, ListColumn};
use kiz::documents::{self, export, programme};
use kiz::events::{
    self, CheckIn, Event, EventFigures, EventInput, EventSummary, FacilitatorChoice, MovedUp,
    ParticipantSummary, Person, RegisterOptions, Registration, Workshop, WorkshopInput,
    WorkshopSummary,
};
use kiz::languages::{self, Language};
use kiz::organisations::{self as orgs, OrganisationSummary, ProjectFilter};
use kiz::{Db, Error};

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
    with_db(&state, move |db| {
        events::register_person(db, workshop_id, &person, &options, now())
    })
    .await
}

#[tauri::command]
pub async fn cancel_registration(
    state: State<'_, AppState>,
    id: i64,
) -> Result<Vec<MovedUp>, CommandError> {
    with_db(&state, move |db| events::cancel(db, id, now())).await
}

#[tauri::command]
pub async fn move_up_registration(
    state: State<'_, AppState>,
    id: i64,
) -> Result<Registration, CommandError> {
    with_db(&state, move |db| events::move_up(db, id, now())).await
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
        let found = events::registration_for_code(db, workshop_id, &code)?;
        events::check_in(db, found.id, over_capacity, now())
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

/// Which lists: one workshop's, or every workshop of an event.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Workshop(i64),
    Event(i64),
}

/// A printout or export of the events.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventDocument {
    /// Teilnehmerliste (PDF) with the chosen columns and empty rows.
    ParticipantList {
        scope: Scope,
        columns: Vec<ListColumn>,
        empty_rows: usize,
    },
    /// The participants as XLSX or CSV with the chosen columns.
    ParticipantSheet {
        scope: Scope,
        columns: Vec<ListColumn>,
        csv: bool,
    },
    /// The programme grid of an event.
    Programme { event_id: i64 },
    /// The Anmeldebestätigung of one registration.
    Confirmation { registration_id: i64 },
    /// Teilnahmebescheinigungen for those present in a workshop.
    Certificates { workshop_id: i64 },
    /// Name badges on a label sheet.
    Badges {
        scope: Scope,
        sheet: LabelSheet,
        start: usize,
    },
}

/// The lists of a scope and the title for file names and sheets.
fn lists_of(db: &Db, scope: Scope) -> kiz::Result<(String, Vec<events::WorkshopList>)> {
    match scope {
        Scope::Workshop(id) => {
            let w = events::workshop(db, id)?;
            let entries = events::participant_list(db, id)?;
            Ok((w.title.clone(), vec![(w, entries)]))
        }
        Scope::Event(id) => Ok((events::event(db, id)?.title, events::event_list(db, id)?)),
    }
}

/// Produces the document: bytes, file name, warnings.
fn produce(db: &Db, document: &EventDocument) -> kiz::Result<(Vec<u8>, String, Vec<String>)> {
    let date = today().format("%Y-%m-%d").to_string();
    let pdf = |pdf: documents::Pdf, parts: &[&str]| {
        let warnings = pdf.warnings();
        (pdf.bytes, documents::file_name(parts, "pdf"), warnings)
    };
    Ok(match document {
        EventDocument::ParticipantList {
            scope,
            columns,
            empty_rows,
        } => {
            let (title, lists) = lists_of(db, *scope)?;
            let setup = setup(db, "Teilnehmerliste")?;
            let doc = match scope {
                Scope::Workshop(_) => {
                    let (w, entries) = &lists[0];
                    participants::participant_list(setup, w, entries, columns, *empty_rows)
                }
                Scope::Event(_) => participants::event_list(setup, &lists, columns, *empty_rows),
            };
            pdf(doc, &["Teilnehmerliste", &title, &date])
        }
        EventDocument::ParticipantSheet {
            scope,
            columns,
            csv,
        } => {
            let (title, lists) = lists_of(db, *scope)?;
            let sheet = match scope {
                Scope::Workshop(_) => {
                    participants::participant_sheet(&lists[0].0, &lists[0].1, columns)
                }
                Scope::Event(_) => participants::event_sheet(&title, &lists, columns),
            };
            let (bytes, extension) = if *csv {
                (export::csv(&sheet)?, "csv")
            } else {
                (export::xlsx(&sheet)?, "xlsx")
            };
            let name = documents::file_name(&["Teilnehmende", &title, &date], extension);
            (bytes, name, Vec::new())
        }
        EventDocument::Programme { event_id } => {
            let event = events::event(db, *event_id)?;
            let workshops = events::workshops(db, *event_id)?;
            let doc = programme::programme(setup(db, "Programm")?, &event, &workshops);
            pdf(doc, &["Programm", &event.title])
        }
        EventDocument::Confirmation { registration_id } => {
            let c = events::confirmation(db, *registration_id)?;
            let doc = programme::confirmation(setup(db, "Anmeldebestätigung")?, &c)?;
            pdf(doc, &["Anmeldebestätigung", &c.name, &c.workshop.title])
        }
        EventDocument::Certificates { workshop_id } => {
            let w = events::workshop(db, *workshop_id)?;
            let names: Vec<String> = events::participant_list(db, *workshop_id)?
                .into_iter()
                .filter(|e| e.status == events::RegistrationStatus::Teilgenommen)
                .map(|e| e.name)
                .collect();
            if names.is_empty() {
                return Err(Error::NobodyPresent);
            }
            let doc = programme::certificates(setup(db, "Teilnahmebescheinigung")?, &w, &names);
            pdf(doc, &["Teilnahmebescheinigungen", &w.title])
        }
        EventDocument::Badges {
            scope,
            sheet,
            start,
        } => {
            let (title, lists) = lists_of(db, *scope)?;
            let event_title = lists
                .first()
                .map_or_else(String::new, |(w, _)| w.event_title.clone());
            let badges: Vec<Badge> = lists
                .iter()
                .flat_map(|(w, entries)| {
                    entries.iter().map(|e| Badge {
                        name: e.name.clone(),
                        line: w.title.clone(),
                    })
                })
                .collect();
            if badges.is_empty() {
                return Err(Error::NobodyRegistered);
            }
            let institution = kiz::settings::institution(db)?;
            let doc =
                labels::name_badges(&event_title, &badges, *sheet, *start, &institution, today())?;
            pdf(doc, &["Namensschilder", &title])
        }
    })
}

#[tauri::command]
pub async fn event_document(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    document: EventDocument,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let (bytes, name, warnings) = with_db(&state, move |db| produce(db, &document)).await?;
    deliver(&app, state.data_dir(), bytes, name, delivery, warnings).await
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
    with_db(&state, move |db| {
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
