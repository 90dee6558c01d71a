//! Veranstaltungen: events such as the multilingual Ausbildungsbörse, their
//! workshops, participants and registrations with a waitlist.
//!
//! Every registration change is one `BEGIN IMMEDIATE` transaction that
//! counts the seats inside it, so two desks registering for the last seat
//! never overbook. A cancellation (or a larger capacity) moves the first on
//! the waitlist up in the same transaction and reports who moved, so staff
//! can tell them.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

mod checkin;
pub(crate) mod figures;
mod overview;
mod participants;
mod registrations;
mod waitlist;
mod workshops;

pub use checkin::{
    check_in, check_in_by_code, mark_no_shows, registration_code, registration_for_code,
    registration_for_code_in, undo_check_in, walk_in, CheckIn, Person,
};
pub use figures::{
    figures, figures_in, workshops, workshops_in, EventFigures, Figures, HostFigures,
    WorkshopSummary,
};
pub use overview::{
    archive_event, confirmation, confirmation_in, delete_event, event, event_in, event_list,
    event_list_in, events, events_in, facilitator_choices, facilitator_choices_in,
    find_participants, find_participants_in, participant, participant_in,
    participant_registrations, participant_registrations_in, Confirmation, Event, EventSummary,
    FacilitatorChoice, Participant, ParticipantRegistration, ParticipantSummary,
};
pub(crate) use participants::{age_group, insert_participant, registration_age_group, AGE_GROUPS};
pub use participants::{create_participant, update_participant, ParticipantInput};
pub use registrations::{
    participant_list, participant_list_in, register, register_person, registration_page,
    registration_page_in, registrations, registrations_in, ListEntry, MovedUp, RegisterOptions,
    Registration, RegistrationStatus, WorkshopList,
};
pub(crate) use registrations::{register_in, registration, seats_taken, slot};
pub(crate) use waitlist::fill_from_waitlist;
pub use waitlist::{cancel, move_up, set_capacity};
pub use workshops::{
    create_workshop, delete_workshop, update_workshop, workshop, workshop_in, Host, Workshop,
    WorkshopInput,
};

use crate::db::engine::{args, scalar, value, Engine, Sql};
use crate::time::timestamp;
use crate::Record;
use crate::{limits, Error, Result};

/// Kind of event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The multilingual Ausbildungsbörse.
    #[default]
    Ausbildungsboerse,
    /// A series of workshops.
    WorkshopReihe,
    /// An information evening.
    Informationsabend,
    /// Anything else.
    Sonstige,
}

impl EventKind {
    fn code(self) -> &'static str {
        match self {
            EventKind::Ausbildungsboerse => "ausbildungsboerse",
            EventKind::WorkshopReihe => "workshop_reihe",
            EventKind::Informationsabend => "informationsabend",
            EventKind::Sonstige => "sonstige",
        }
    }
}

/// What staff enter for an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct EventInput {
    /// What kind of event.
    pub kind: EventKind,
    /// Required.
    pub title: String,
    /// First day; required.
    pub starts_on: Option<NaiveDate>,
    /// Last day; empty: the first day. Not before it.
    pub ends_on: Option<NaiveDate>,
    /// Where it takes place.
    pub venue: String,
    /// The rooms of the venue.
    pub rooms: Vec<String>,
    /// First day registrations are taken.
    pub registration_opens_on: Option<NaiveDate>,
    /// Last day registrations are taken (later only with an explicit override).
    pub registration_closes_on: Option<NaiveDate>,
    /// What it is about.
    pub description: String,
    /// The cooperation project it belongs to, if any.
    pub project_id: Option<i64>,
    /// The version of the record this form was filled from (see
    /// [`crate::versions`]); `None` for a new record, or a write that is
    /// not a form (not checked).
    pub version: Option<i64>,
}

/// Creates an event.
///
/// # Errors
/// [`Error::Required`] (title, first day), [`Error::DateRangeReversed`],
/// [`Error::NotFound`] (project).
pub fn create_event(
    store: &mut impl Engine,
    input: &EventInput,
    now: NaiveDateTime,
) -> Result<i64> {
    save_event(store, None, input, now, "")
}

/// Changes an event's data; its workshops and registrations stay.
///
/// # Errors
/// As [`create_event`], and [`Error::NotFound`] (event).
pub fn update_event(
    store: &mut impl Engine,
    id: i64,
    input: &EventInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<()> {
    save_event(store, Some(id), input, now, by).map(|_| ())
}

fn save_event(
    store: &mut impl Engine,
    id: Option<i64>,
    input: &EventInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<i64> {
    let title = input.title.trim();
    if title.is_empty() {
        return Err(Error::Required { field: "title" });
    }
    limits::check_all(&[
        ("title", title, limits::TITLE),
        ("venue", input.venue.trim(), limits::TITLE),
        ("description", input.description.trim(), limits::TEXT),
    ])?;
    for room in &input.rooms {
        limits::check("rooms", room.trim(), limits::NAME)?;
    }
    let Some(starts_on) = input.starts_on else {
        return Err(Error::Required { field: "starts_on" });
    };
    let ends_on = input.ends_on.unwrap_or(starts_on);
    if ends_on < starts_on {
        return Err(Error::DateRangeReversed { field: "ends_on" });
    }
    if let (Some(open), Some(close)) = (input.registration_opens_on, input.registration_closes_on) {
        if close < open {
            return Err(Error::DateRangeReversed {
                field: "registration_closes_on",
            });
        }
    }
    let rooms: Vec<&str> = input
        .rooms
        .iter()
        .map(|r| r.trim())
        .filter(|r| !r.is_empty())
        .collect();
    store.write_sql(|tx| {
        project_exists(tx, input.project_id)?;
        if let Some(id) = id {
            crate::versions::claim(tx, crate::versions::Versioned::Event, id, input.version, by)?;
            // New days must still hold every workshop of the event (the
            // day is the first ten characters of the stored moment).
            let outside: Option<String> = value(
                tx,
                "SELECT title FROM workshop WHERE event_id = ?1
                 AND (substr(starts_at, 1, 10) < ?2 OR substr(ends_at, 1, 10) > ?3)
                 ORDER BY starts_at, id LIMIT 1",
                args![id, starts_on, ends_on],
            )?;
            if let Some(workshop) = outside {
                return Err(Error::EventDaysExcludeWorkshop { workshop });
            }
        }
        let values = args![
            input.kind.code(),
            title,
            starts_on,
            ends_on,
            input.venue.trim(),
            rooms.join("\n"),
            input.registration_opens_on,
            input.registration_closes_on,
            input.description.trim(),
            input.project_id,
            timestamp(now),
            id
        ];
        match id {
            None => scalar(
                tx,
                "INSERT INTO event (kind, title, starts_on, ends_on, venue, rooms, registration_opens_on,
                                    registration_closes_on, description, project_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) RETURNING id",
                &values[..11],
            ),
            Some(id) => {
                let changed = tx.run(
                    "UPDATE event SET kind = ?1, title = ?2, starts_on = ?3, ends_on = ?4, venue = ?5,
                            rooms = ?6, registration_opens_on = ?7, registration_closes_on = ?8,
                            description = ?9, project_id = ?10, updated_at = ?11
                     WHERE id = ?12",
                    values,
                )?;
                if changed == 0 {
                    return Err(Error::NotFound { what: Record::Event });
                }
                Ok(id)
            }
        }
    })
}

/// Refuses a link to a project that is not there (`None` links to none).
fn project_exists(sql: &dyn Sql, project: Option<i64>) -> Result<()> {
    let Some(project) = project else {
        return Ok(());
    };
    let known: bool = scalar(
        sql,
        "SELECT EXISTS (SELECT 1 FROM project WHERE id = ?1)",
        args![project],
    )?;
    if known {
        Ok(())
    } else {
        Err(Error::NotFound {
            what: Record::Project,
        })
    }
}
