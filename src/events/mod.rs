//! Veranstaltungen: events such as the multilingual Ausbildungsbörse, their
//! workshops, participants and registrations with a waitlist.
//!
//! Every registration change is one `BEGIN IMMEDIATE` transaction that
//! counts the seats inside it, so two desks registering for the last seat
//! never overbook. A cancellation (or a larger capacity) moves the first on
//! the waitlist up in the same transaction and reports who moved, so staff
//! can tell them.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension};
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
    undo_check_in, walk_in, CheckIn, Person,
};
pub use figures::{figures, workshops, EventFigures, Figures, HostFigures, WorkshopSummary};
pub use overview::{
    archive_event, confirmation, delete_event, event, event_list, events, facilitator_choices,
    find_participants, participant, participant_registrations, Confirmation, Event, EventSummary,
    FacilitatorChoice, Participant, ParticipantRegistration, ParticipantSummary,
};
pub(crate) use participants::{age_group, insert_participant, registration_age_group, AGE_GROUPS};
pub use participants::{create_participant, update_participant, ParticipantInput};
pub use registrations::{
    participant_list, register, register_person, registration_page, registrations, ListEntry,
    MovedUp, RegisterOptions, Registration, RegistrationStatus, WorkshopList,
};
pub(crate) use registrations::{register_in, registration, seats_taken, slot};
pub(crate) use waitlist::fill_from_waitlist;
pub use waitlist::{cancel, move_up, set_capacity};
pub use workshops::{
    create_workshop, delete_workshop, update_workshop, workshop, Host, Workshop, WorkshopInput,
};

use crate::time::timestamp;
use crate::Record;
use crate::{limits, Db, Error, Result};

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
}

/// Creates an event.
///
/// # Errors
/// [`Error::Required`] (title, first day), [`Error::DateRangeReversed`],
/// [`Error::NotFound`] (project).
pub fn create_event(db: &mut Db, input: &EventInput, now: NaiveDateTime) -> Result<i64> {
    save_event(db, None, input, now)
}

/// Changes an event's data; its workshops and registrations stay.
///
/// # Errors
/// As [`create_event`], and [`Error::NotFound`] (event).
pub fn update_event(db: &mut Db, id: i64, input: &EventInput, now: NaiveDateTime) -> Result<()> {
    save_event(db, Some(id), input, now).map(|_| ())
}

fn save_event(db: &mut Db, id: Option<i64>, input: &EventInput, now: NaiveDateTime) -> Result<i64> {
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
    db.write(|tx| {
        project_exists(tx, input.project_id)?;
        if let Some(id) = id {
            // New days must still hold every workshop of the event.
            let outside: Option<String> = tx
                .query_row(
                    "SELECT title FROM workshop WHERE event_id = ?1
                     AND (date(starts_at) < ?2 OR date(ends_at) > ?3) ORDER BY starts_at LIMIT 1",
                    params![id, starts_on, ends_on],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(workshop) = outside {
                return Err(Error::EventDaysExcludeWorkshop { workshop });
            }
        }
        let values = params![
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
            None => {
                tx.execute(
                    "INSERT INTO event (kind, title, starts_on, ends_on, venue, rooms, registration_opens_on,
                                        registration_closes_on, description, project_id, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                    &values[..11],
                )?;
                Ok(tx.last_insert_rowid())
            }
            Some(id) => {
                let changed = tx.execute(
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
fn project_exists(conn: &rusqlite::Connection, project: Option<i64>) -> Result<()> {
    let Some(project) = project else {
        return Ok(());
    };
    let known: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM project WHERE id = ?1)",
        [project],
        |r| r.get(0),
    )?;
    if known {
        Ok(())
    } else {
        Err(Error::NotFound {
            what: Record::Project,
        })
    }
}
