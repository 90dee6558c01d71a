//! Veranstaltungen: events such as the multilingual Ausbildungsbörse, their
//! workshops, participants and registrations with a waitlist.
//!
//! Every registration change is one `BEGIN IMMEDIATE` transaction that
//! counts the seats inside it, so two desks registering for the last seat
//! never overbook. A cancellation (or a larger capacity) moves the first on
//! the waitlist up in the same transaction and reports who moved, so staff
//! can tell them.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

mod checkin;
mod overview;

pub use checkin::{
    check_in, mark_no_shows, registration_code, registration_for_code, undo_check_in, walk_in,
    CheckIn, Person,
};
pub use overview::{
    archive_event, confirmation, delete_event, event, event_list, events, facilitator_choices,
    figures, find_participants, participant, participant_registrations, workshops, Event,
    EventFigures, EventSummary, FacilitatorChoice, Figures, HostFigures, Participant,
    ParticipantRegistration, ParticipantSummary, WorkshopSummary,
};

use crate::people::Consent;
use crate::settings::{is_email_address, is_phone_number};
use crate::time::{parse as parse_time, timestamp};
use crate::Record;
use crate::{languages, limits, Db, Error, Result};

/// Kind of event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    #[default]
    Ausbildungsboerse,
    WorkshopReihe,
    Informationsabend,
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
    pub kind: EventKind,
    /// Required.
    pub title: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub venue: String,
    /// The rooms of the venue.
    pub rooms: Vec<String>,
    pub registration_opens_on: Option<NaiveDate>,
    pub registration_closes_on: Option<NaiveDate>,
    pub description: String,
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
        if let Some(project) = input.project_id {
            let known: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM project WHERE id = ?1)",
                [project],
                |r| r.get(0),
            )?;
            if !known {
                return Err(Error::NotFound { what: Record::Project });
            }
        }
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

/// A host organisation and its role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Host {
    pub organisation_id: i64,
    pub role: String,
}

/// What staff enter for a workshop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct WorkshopInput {
    /// Required.
    pub title: String,
    pub description: String,
    pub target_group: String,
    pub room: String,
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub capacity: u32,
    pub waitlist: bool,
    pub hosts: Vec<Host>,
    /// Contacts who lead the workshop.
    pub facilitators: Vec<i64>,
    pub languages: Vec<String>,
}

/// Adds a workshop to an event. A room or a facilitator already booked in
/// an overlapping slot (of any event) is refused with the conflict named.
///
/// # Errors
/// [`Error::Required`] (title, times), [`Error::DateRangeReversed`] (ends
/// before it starts), [`Error::RoomTaken`], [`Error::FacilitatorTaken`],
/// [`Error::NotFound`] (event, organisation, contact),
/// [`Error::UnknownLanguageCode`].
pub fn create_workshop(
    db: &mut Db,
    event_id: i64,
    input: &WorkshopInput,
    now: NaiveDateTime,
) -> Result<i64> {
    save_workshop(db, event_id, None, input, now)
}

/// Changes a workshop: the same checks as [`create_workshop`] (the
/// workshop does not conflict with itself). Its capacity changes through
/// [`set_capacity`], which decides who waits; here it must stay as it is.
///
/// # Errors
/// As [`create_workshop`], and [`Error::NotFound`] (workshop).
pub fn update_workshop(
    db: &mut Db,
    id: i64,
    input: &WorkshopInput,
    now: NaiveDateTime,
) -> Result<()> {
    let event_id = slot(db.conn(), id)?.event_id;
    save_workshop(db, event_id, Some(id), input, now).map(|_| ())
}

/// Deletes a workshop entered by mistake; one with registrations is
/// refused (cancel the workshop's registrations instead, so people can be
/// told).
///
/// # Errors
/// [`Error::NotFound`], [`Error::WorkshopHasRegistrations`].
pub fn delete_workshop(db: &mut Db, id: i64) -> Result<()> {
    db.write(|tx| {
        let registrations: u32 = tx.query_row(
            "SELECT count(*) FROM registration WHERE workshop_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if registrations > 0 {
            return Err(Error::WorkshopHasRegistrations { registrations });
        }
        if tx.execute("DELETE FROM workshop WHERE id = ?1", [id])? == 0 {
            return Err(Error::NotFound {
                what: Record::Workshop,
            });
        }
        Ok(())
    })
}

fn save_workshop(
    db: &mut Db,
    event_id: i64,
    id: Option<i64>,
    input: &WorkshopInput,
    now: NaiveDateTime,
) -> Result<i64> {
    let title = input.title.trim();
    if title.is_empty() {
        return Err(Error::Required { field: "title" });
    }
    limits::check_all(&[
        ("title", title, limits::TITLE),
        ("description", input.description.trim(), limits::TEXT),
        ("target_group", input.target_group.trim(), limits::NAME),
        ("room", input.room.trim(), limits::NAME),
    ])?;
    for host in &input.hosts {
        limits::check("hosts", host.role.trim(), limits::NAME)?;
    }
    let (Some(starts_at), Some(ends_at)) = (input.starts_at, input.ends_at) else {
        return Err(Error::Required { field: "starts_at" });
    };
    if ends_at <= starts_at {
        return Err(Error::DateRangeReversed { field: "ends_at" });
    }
    let mut codes = Vec::new();
    for code in &input.languages {
        let code = languages::check(code, "languages")?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    let room = input.room.trim();
    db.write(|tx| {
        let days: Option<(NaiveDate, NaiveDate)> = tx
            .query_row(
                "SELECT starts_on, ends_on FROM event WHERE id = ?1",
                [event_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((first, last)) = days else {
            return Err(Error::NotFound { what: Record::Event });
        };
        if starts_at.date() < first || ends_at.date() > last {
            return Err(Error::OutsideEventDays { first, last });
        }
        let (from, to) = (timestamp(starts_at), timestamp(ends_at));
        let this = id.unwrap_or(0);
        if id.is_some() {
            // Moving a workshop must not give anyone registered for it a
            // second workshop of the event at the same time.
            let (people, other): (u32, Option<String>) = tx.query_row(
                "SELECT count(DISTINCT r.participant_id), min(w.title)
                 FROM registration AS r
                 JOIN registration AS o ON o.participant_id = r.participant_id
                      AND o.workshop_id <> r.workshop_id
                 JOIN workshop AS w ON w.id = o.workshop_id
                 WHERE r.workshop_id = ?1 AND w.event_id = ?2
                   AND r.status IN ('angemeldet', 'warteliste', 'teilgenommen')
                   AND o.status IN ('angemeldet', 'warteliste', 'teilgenommen')
                   AND w.starts_at < ?4 AND w.ends_at > ?3",
                params![this, event_id, from, to],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if let Some(workshop) = other.filter(|_| people > 0) {
                return Err(Error::NewTimeOverlapsRegistrations { people, workshop });
            }
        }
        if !room.is_empty() {
            let taken: Option<String> = tx
                .query_row(
                    "SELECT title FROM workshop WHERE room = ?1 AND starts_at < ?3 AND ends_at > ?2
                     AND id <> ?4 LIMIT 1",
                    params![room, from, to, this],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(other) = taken {
                return Err(Error::RoomTaken {
                    room: room.to_owned(),
                    workshop: other,
                });
            }
        }
        for contact in &input.facilitators {
            let busy: Option<(String, String)> = tx
                .query_row(
                    "SELECT c.name, w.title FROM workshop_facilitator AS f
                     JOIN workshop AS w ON w.id = f.workshop_id JOIN contact AS c ON c.id = f.contact_id
                     WHERE f.contact_id = ?1 AND w.starts_at < ?3 AND w.ends_at > ?2 AND w.id <> ?4
                     LIMIT 1",
                    params![contact, from, to, this],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((person, other)) = busy {
                return Err(Error::FacilitatorTaken {
                    person,
                    workshop: other,
                });
            }
        }
        let values = params![
            title,
            input.description.trim(),
            input.target_group.trim(),
            room,
            from,
            to,
            input.waitlist,
            timestamp(now),
            input.capacity,
            event_id,
            id
        ];
        let id = match id {
            None => {
                tx.execute(
                    "INSERT INTO workshop (title, description, target_group, room, starts_at, ends_at,
                                           waitlist, created_at, updated_at, capacity, event_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
                    &values[..10],
                )?;
                tx.last_insert_rowid()
            }
            Some(id) => {
                // The capacity stays: it changes through `set_capacity`.
                tx.execute(
                    "UPDATE workshop SET title = ?1, description = ?2, target_group = ?3, room = ?4,
                            starts_at = ?5, ends_at = ?6, waitlist = ?7, updated_at = ?8
                     WHERE id = ?11",
                    values,
                )?;
                for table in ["workshop_host", "workshop_facilitator", "workshop_language"] {
                    tx.execute(&format!("DELETE FROM {table} WHERE workshop_id = ?1"), [id])?;
                }
                id
            }
        };
        for host in &input.hosts {
            tx.execute(
                "INSERT INTO workshop_host (workshop_id, organisation_id, role) VALUES (?1, ?2, ?3)",
                params![id, host.organisation_id, host.role.trim()],
            )
            .map_err(|_| Error::NotFound {
                what: Record::Organisation,
            })?;
        }
        for contact in &input.facilitators {
            tx.execute(
                "INSERT INTO workshop_facilitator (workshop_id, contact_id) VALUES (?1, ?2)",
                params![id, contact],
            )
            .map_err(|_| Error::NotFound { what: Record::Contact })?;
        }
        for code in &codes {
            tx.execute(
                "INSERT INTO workshop_language (workshop_id, code) VALUES (?1, ?2)",
                params![id, code],
            )?;
        }
        Ok(id)
    })
}

/// What staff enter for a participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ParticipantInput {
    /// Required.
    pub name: String,
    pub birth_year: Option<i32>,
    pub age_group: String,
    pub school: String,
    pub languages: Vec<String>,
    pub email: String,
    pub phone: String,
    /// For minors.
    pub guardian_name: String,
    pub guardian_contact: String,
    /// Required: without consent nothing is stored.
    pub consent: Option<Consent>,
    pub photo_consent: bool,
}

/// Stores a participant.
///
/// # Errors
/// [`Error::Required`] (name), [`Error::ConsentRequired`],
/// [`Error::InvalidEmail`], [`Error::InvalidPhone`],
/// [`Error::UnknownLanguageCode`], [`Error::OutOfRange`] (year of birth).
pub fn create_participant(
    db: &mut Db,
    input: &ParticipantInput,
    now: NaiveDateTime,
) -> Result<i64> {
    db.write(|tx| insert_participant(tx, input, now))
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

fn store_participant_languages(tx: &Connection, id: i64, codes: &[String]) -> Result<()> {
    tx.execute(
        "DELETE FROM participant_language WHERE participant_id = ?1",
        [id],
    )?;
    for code in codes {
        tx.execute(
            "INSERT INTO participant_language (participant_id, code) VALUES (?1, ?2)",
            params![id, code],
        )?;
    }
    Ok(())
}

/// Checks a participant's input (see [`create_participant`]) and stores it
/// inside the caller's transaction.
pub(crate) fn insert_participant(
    tx: &Connection,
    input: &ParticipantInput,
    now: NaiveDateTime,
) -> Result<i64> {
    let Some(consent) = input
        .consent
        .as_ref()
        .filter(|c| !c.text_version.trim().is_empty())
    else {
        // The name is asked for first, as the form shows it first.
        check_participant(input)?;
        return Err(Error::ConsentRequired);
    };
    let c = check_participant(input)?;
    tx.execute(
        "INSERT INTO participant (name, consent_on, consent_version, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![
            c.name,
            consent.given_on,
            consent.text_version.trim(),
            timestamp(now)
        ],
    )?;
    let id = tx.last_insert_rowid();
    // Photo consent given on the registration form counts from the day the
    // form records for the consent itself.
    write_participant(tx, id, &c, input, now, consent.given_on)?;
    Ok(id)
}

/// Writes a participant's checked data over the row `id` (not the consent,
/// which is recorded once); false when there is no such row to correct.
fn write_participant(
    tx: &Connection,
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
        Some(crate::privacy::current_version_in(
            tx,
            crate::privacy::Purpose::Fotos,
        )?)
    } else {
        None
    };
    let changed = tx.execute(
        "UPDATE participant SET name = ?1, birth_year = ?2, age_group = ?3, school = ?4,
                email = ?5, phone = ?6, guardian_name = ?7, guardian_contact = ?8,
                photo_consent = ?9, updated_at = ?10,
                photo_consent_on = CASE WHEN ?9 = 0 THEN NULL
                                        WHEN photo_consent = 1 THEN photo_consent_on ELSE ?12 END,
                photo_consent_version = CASE WHEN ?9 = 0 THEN NULL
                                             WHEN photo_consent = 1 THEN photo_consent_version
                                             ELSE ?13 END
         WHERE id = ?11 AND anonymised_on IS NULL",
        params![
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
    db: &mut Db,
    id: i64,
    input: &ParticipantInput,
    now: NaiveDateTime,
) -> Result<()> {
    let c = check_participant(input)?;
    db.write(|tx| {
        if write_participant(tx, id, &c, input, now, now.date())? {
            Ok(())
        } else {
            Err(Error::NotFound {
                what: Record::Participant,
            })
        }
    })
}

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Angemeldet,
    Warteliste,
    Abgesagt,
    Teilgenommen,
    NichtErschienen,
}

impl RegistrationStatus {
    pub(crate) fn from_code(code: &str) -> Self {
        match code {
            "warteliste" => RegistrationStatus::Warteliste,
            "abgesagt" => RegistrationStatus::Abgesagt,
            "teilgenommen" => RegistrationStatus::Teilgenommen,
            "nicht_erschienen" => RegistrationStatus::NichtErschienen,
            _ => RegistrationStatus::Angemeldet,
        }
    }
}

/// A registration as a workshop's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Registration {
    pub id: i64,
    pub workshop_id: i64,
    pub participant_id: i64,
    pub participant_name: String,
    pub status: RegistrationStatus,
    /// Place on the waitlist (1 = next), while waiting.
    pub waitlist_position: Option<u32>,
    pub moved_up_at: Option<NaiveDateTime>,
    pub checked_in_at: Option<NaiveDateTime>,
    /// Came without registration.
    pub walk_in: bool,
    /// The check-in code on the confirmation (`KIZ-ANM-000042`).
    pub code: String,
    /// School or organisation, to tell two people of the same name apart.
    pub school: String,
    /// The person was anonymised: nobody to confirm to or to cancel for.
    pub anonymised: bool,
}

/// Someone who moved up from the waitlist: staff tell them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MovedUp {
    pub registration_id: i64,
    pub participant_name: String,
    pub workshop_title: String,
}

/// What a registration may override.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RegisterOptions {
    /// Register although registration has closed (staff decided).
    pub after_closing: bool,
}

pub(crate) struct WorkshopSlot {
    pub(crate) capacity: u32,
    waitlist: bool,
    starts_at: String,
    ends_at: String,
    pub(crate) event_id: i64,
    closes_on: Option<NaiveDate>,
}

pub(crate) fn slot(conn: &Connection, workshop_id: i64) -> Result<WorkshopSlot> {
    conn.query_row(
        "SELECT w.capacity, w.waitlist, w.starts_at, w.ends_at, w.event_id, e.registration_closes_on
         FROM workshop AS w JOIN event AS e ON e.id = w.event_id WHERE w.id = ?1",
        [workshop_id],
        |r| {
            Ok(WorkshopSlot {
                capacity: r.get(0)?,
                waitlist: r.get(1)?,
                starts_at: r.get(2)?,
                ends_at: r.get(3)?,
                event_id: r.get(4)?,
                closes_on: r.get(5)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound { what: Record::Workshop })
}

pub(crate) fn seats_taken(conn: &Connection, workshop_id: i64) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT count(*) FROM registration WHERE workshop_id = ?1
         AND status IN ('angemeldet', 'teilgenommen')",
        [workshop_id],
        |r| r.get(0),
    )?)
}

/// Registers a participant for a workshop: a seat while there is one, else
/// the waitlist (in order of registration).
///
/// # Errors
/// [`Error::NotFound`], [`Error::AlreadyRegistered`],
/// [`Error::RegistrationClosed`] (unless `options.after_closing`),
/// [`Error::SlotOverlaps`] (the person has an overlapping workshop),
/// [`Error::WorkshopFull`] (full and no waitlist).
pub fn register(
    db: &mut Db,
    workshop_id: i64,
    participant_id: i64,
    options: &RegisterOptions,
    now: NaiveDateTime,
) -> Result<Registration> {
    let id = db.write(|tx| register_in(tx, workshop_id, participant_id, options, now))?;
    registration(db.conn(), id)
}

/// Registers someone already known or a new person (stored in the same
/// transaction, so a refused registration stores nobody).
///
/// # Errors
/// Those of [`register`] and of [`create_participant`].
pub fn register_person(
    db: &mut Db,
    workshop_id: i64,
    person: &Person,
    options: &RegisterOptions,
    now: NaiveDateTime,
) -> Result<Registration> {
    let id = db.write(|tx| {
        let participant = checkin::participant_id(tx, person, now)?;
        register_in(tx, workshop_id, participant, options, now)
    })?;
    registration(db.conn(), id)
}

fn register_in(
    tx: &Connection,
    workshop_id: i64,
    participant_id: i64,
    options: &RegisterOptions,
    now: NaiveDateTime,
) -> Result<i64> {
    {
        let s = slot(tx, workshop_id)?;
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM participant WHERE id = ?1)",
            [participant_id],
            |r| r.get(0),
        )?;
        if !known {
            return Err(Error::NotFound {
                what: Record::Participant,
            });
        }
        let existing: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, status FROM registration WHERE workshop_id = ?1 AND participant_id = ?2",
                params![workshop_id, participant_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if existing
            .as_ref()
            .is_some_and(|(_, status)| status != "abgesagt")
        {
            return Err(Error::AlreadyRegistered);
        }
        if s.closes_on.is_some_and(|close| now.date() > close) && !options.after_closing {
            return Err(Error::RegistrationClosed);
        }
        let overlap: Option<String> = tx
            .query_row(
                "SELECT w.title FROM registration AS r JOIN workshop AS w ON w.id = r.workshop_id
                 WHERE r.participant_id = ?1 AND r.workshop_id <> ?2 AND w.event_id = ?3
                   AND r.status IN ('angemeldet', 'warteliste', 'teilgenommen')
                   AND w.starts_at < ?5 AND w.ends_at > ?4 LIMIT 1",
                params![
                    participant_id,
                    workshop_id,
                    s.event_id,
                    s.starts_at,
                    s.ends_at
                ],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = overlap {
            return Err(Error::SlotOverlaps { workshop: other });
        }
        let status = if seats_taken(tx, workshop_id)? < s.capacity {
            "angemeldet"
        } else if s.waitlist {
            "warteliste"
        } else {
            return Err(Error::WorkshopFull);
        };
        let at = timestamp(now);
        match existing {
            Some((id, _)) => {
                tx.execute(
                    "UPDATE registration SET status = ?2, registered_at = ?3, queued_at = ?3,
                            moved_up_at = NULL, cancelled_at = NULL, checked_in_at = NULL
                     WHERE id = ?1",
                    params![id, status, at],
                )?;
                Ok(id)
            }
            None => {
                tx.execute(
                    "INSERT INTO registration (workshop_id, participant_id, status, registered_at, queued_at)
                     VALUES (?1, ?2, ?3, ?4, ?4)",
                    params![workshop_id, participant_id, status, at],
                )?;
                Ok(tx.last_insert_rowid())
            }
        }
    }
}

pub(crate) fn registration(conn: &Connection, id: i64) -> Result<Registration> {
    conn.query_row(
        "SELECT r.id, r.workshop_id, r.participant_id, p.name, r.status,
                CASE WHEN r.status = 'warteliste' THEN
                    (SELECT count(*) FROM registration AS q WHERE q.workshop_id = r.workshop_id
                     AND q.status = 'warteliste'
                     AND (q.queued_at < r.queued_at OR (q.queued_at = r.queued_at AND q.id <= r.id)))
                END,
                r.moved_up_at, r.checked_in_at, r.walk_in, p.school, p.anonymised_on IS NOT NULL
         FROM registration AS r JOIN participant AS p ON p.id = r.participant_id WHERE r.id = ?1",
        [id],
        |r| {
            let moved: Option<String> = r.get(6)?;
            let checked_in: Option<String> = r.get(7)?;
            Ok(Registration {
                checked_in_at: checked_in.as_deref().map(parse_time).transpose()?,
                walk_in: r.get(8)?,
                code: checkin::registration_code(r.get(0)?),
                school: r.get(9)?,
                anonymised: r.get(10)?,
                id: r.get(0)?,
                workshop_id: r.get(1)?,
                participant_id: r.get(2)?,
                participant_name: r.get(3)?,
                status: RegistrationStatus::from_code(&r.get::<_, String>(4)?),
                waitlist_position: r.get(5)?,
                moved_up_at: moved.as_deref().map(parse_time).transpose()?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound {
        what: Record::Registration,
    })
}

/// Fills free seats from the waitlist, first come first served.
pub(crate) fn fill_from_waitlist(
    conn: &Connection,
    workshop_id: i64,
    now: NaiveDateTime,
) -> Result<Vec<MovedUp>> {
    let s = slot(conn, workshop_id)?;
    let mut moved = Vec::new();
    while seats_taken(conn, workshop_id)? < s.capacity {
        let next: Option<(i64, String, String)> = conn
            .query_row(
                "SELECT r.id, p.name, w.title FROM registration AS r
                 JOIN participant AS p ON p.id = r.participant_id JOIN workshop AS w ON w.id = r.workshop_id
                 WHERE r.workshop_id = ?1 AND r.status = 'warteliste'
                 ORDER BY r.queued_at, r.id LIMIT 1",
                [workshop_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((id, name, title)) = next else {
            break;
        };
        conn.execute(
            "UPDATE registration SET status = 'angemeldet', moved_up_at = ?2 WHERE id = ?1",
            params![id, timestamp(now)],
        )?;
        moved.push(MovedUp {
            registration_id: id,
            participant_name: name,
            workshop_title: title,
        });
    }
    Ok(moved)
}

/// Cancels a registration; a seat it freed goes to the first on the
/// waitlist, who is returned so staff can tell them.
///
/// # Errors
/// [`Error::NotFound`], [`Error::ParticipantAnonymised`] (nobody asked for
/// it and nobody could be told).
pub fn cancel(db: &mut Db, registration_id: i64, now: NaiveDateTime) -> Result<Vec<MovedUp>> {
    db.write(|tx| {
        let (workshop, anonymised): (i64, bool) = tx
            .query_row(
                "SELECT r.workshop_id, p.anonymised_on IS NOT NULL
                 FROM registration AS r JOIN participant AS p ON p.id = r.participant_id
                 WHERE r.id = ?1",
                [registration_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(Error::NotFound {
                what: Record::Registration,
            })?;
        if anonymised {
            return Err(Error::ParticipantAnonymised);
        }
        tx.execute(
            "UPDATE registration SET status = 'abgesagt', cancelled_at = ?2 WHERE id = ?1",
            params![registration_id, timestamp(now)],
        )?;
        fill_from_waitlist(tx, workshop, now)
    })
}

/// Moves someone from the waitlist up by hand (even past others, and even
/// when it takes the workshop over its capacity: staff decide).
///
/// # Errors
/// [`Error::NotFound`], [`Error::NotOnWaitlist`].
pub fn move_up(db: &mut Db, registration_id: i64, now: NaiveDateTime) -> Result<Registration> {
    db.write(|tx| {
        let changed = tx.execute(
            "UPDATE registration SET status = 'angemeldet', moved_up_at = ?2
             WHERE id = ?1 AND status = 'warteliste'",
            params![registration_id, timestamp(now)],
        )?;
        if changed == 0 {
            registration(tx, registration_id)?;
            return Err(Error::NotOnWaitlist);
        }
        Ok(())
    })?;
    registration(db.conn(), registration_id)
}

/// Changes a workshop's capacity. A larger capacity moves people up from
/// the waitlist; a capacity below the number registered needs the explicit
/// list of registrations that go to the waitlist (they keep their
/// registration time, so they are served first).
///
/// # Errors
/// [`Error::NotFound`], [`Error::CapacityBelowRegistered`] (too few chosen
/// for the waitlist).
pub fn set_capacity(
    db: &mut Db,
    workshop_id: i64,
    capacity: u32,
    to_waitlist: &[i64],
    now: NaiveDateTime,
) -> Result<Vec<MovedUp>> {
    db.write(|tx| {
        slot(tx, workshop_id)?;
        let taken = seats_taken(tx, workshop_id)?;
        if taken > capacity {
            let excess = (taken - capacity) as usize;
            if to_waitlist.len() < excess {
                return Err(Error::CapacityBelowRegistered {
                    registered: taken,
                    capacity,
                });
            }
            for id in to_waitlist {
                let changed = tx.execute(
                    "UPDATE registration SET status = 'warteliste'
                     WHERE id = ?1 AND workshop_id = ?2 AND status = 'angemeldet'",
                    params![id, workshop_id],
                )?;
                if changed == 0 {
                    return Err(Error::NotFound {
                        what: Record::Registration,
                    });
                }
            }
        }
        tx.execute(
            "UPDATE workshop SET capacity = ?2, updated_at = ?3 WHERE id = ?1",
            params![workshop_id, capacity, timestamp(now)],
        )?;
        fill_from_waitlist(tx, workshop_id, now)
    })
}

/// A workshop's registrations: seats first (by name), then the waitlist in
/// order, then cancellations.
///
/// # Errors
/// Only SQLite failures.
pub fn registrations(db: &Db, workshop_id: i64) -> Result<Vec<Registration>> {
    let ids: Vec<i64> = {
        let mut stmt = db.conn().prepare_cached(
            "SELECT r.id FROM registration AS r JOIN participant AS p ON p.id = r.participant_id
             WHERE r.workshop_id = ?1
             ORDER BY CASE r.status WHEN 'warteliste' THEN 1 WHEN 'abgesagt' THEN 2 ELSE 0 END,
                      CASE WHEN r.status = 'warteliste' THEN r.queued_at END,
                      CASE WHEN r.status = 'warteliste' THEN r.id END,
                      p.name COLLATE NOCASE, r.id",
        )?;
        let rows = stmt.query_map([workshop_id], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    ids.into_iter()
        .map(|id| registration(db.conn(), id))
        .collect()
}

/// A workshop as its pages and printouts show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Workshop {
    pub id: i64,
    pub event_id: i64,
    pub event_title: String,
    pub title: String,
    pub description: String,
    pub target_group: String,
    pub room: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub capacity: u32,
    pub waitlist: bool,
    /// Host organisations with their role.
    pub hosts: Vec<(String, String)>,
    /// The same as stored (organisation and role), for the edit form.
    pub host_links: Vec<Host>,
    /// Contacts who lead the workshop.
    pub facilitator_ids: Vec<i64>,
    /// Language codes.
    pub languages: Vec<String>,
}

/// One workshop.
///
/// # Errors
/// [`Error::NotFound`].
pub fn workshop(db: &Db, id: i64) -> Result<Workshop> {
    let conn = db.conn();
    let mut w = conn
        .query_row(
            "SELECT w.id, w.event_id, e.title, w.title, w.description, w.target_group, w.room,
                    w.starts_at, w.ends_at, w.capacity, w.waitlist
             FROM workshop AS w JOIN event AS e ON e.id = w.event_id WHERE w.id = ?1",
            [id],
            |r| {
                Ok(Workshop {
                    id: r.get(0)?,
                    event_id: r.get(1)?,
                    event_title: r.get(2)?,
                    title: r.get(3)?,
                    description: r.get(4)?,
                    target_group: r.get(5)?,
                    room: r.get(6)?,
                    starts_at: parse_time(&r.get::<_, String>(7)?)?,
                    ends_at: parse_time(&r.get::<_, String>(8)?)?,
                    capacity: r.get(9)?,
                    waitlist: r.get(10)?,
                    hosts: Vec::new(),
                    host_links: Vec::new(),
                    facilitator_ids: Vec::new(),
                    languages: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(Error::NotFound {
            what: Record::Workshop,
        })?;
    let mut stmt = conn.prepare_cached(
        "SELECT o.name, h.role, o.id FROM workshop_host AS h
         JOIN organisation AS o ON o.id = h.organisation_id
         WHERE h.workshop_id = ?1 ORDER BY o.name COLLATE NOCASE",
    )?;
    let rows: Vec<(String, String, i64)> = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (name, role, organisation_id) in rows {
        w.host_links.push(Host {
            organisation_id,
            role: role.clone(),
        });
        w.hosts.push((name, role));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT contact_id FROM workshop_facilitator WHERE workshop_id = ?1 ORDER BY contact_id",
    )?;
    w.facilitator_ids = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT code FROM workshop_language WHERE workshop_id = ?1 ORDER BY code",
    )?;
    w.languages = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(w)
}

/// A workshop with its participant list.
pub type WorkshopList = (Workshop, Vec<ListEntry>);

/// A person on a participant list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListEntry {
    pub registration_id: i64,
    pub name: String,
    pub school: String,
    /// German names of the languages.
    pub languages: Vec<String>,
    /// Age in the event's year (from the year of birth), else the age group.
    pub age: String,
    /// E-mail and phone, or the guardian's contact for minors.
    pub contact: String,
    pub status: RegistrationStatus,
}

/// Everyone with a seat (registered or present), sorted by name as German
/// readers expect (diacritics ignored).
///
/// # Errors
/// [`Error::NotFound`].
pub fn participant_list(db: &Db, workshop_id: i64) -> Result<Vec<ListEntry>> {
    let w = workshop(db, workshop_id)?;
    let year = chrono::Datelike::year(&w.starts_at.date());
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, p.id, p.name, p.school, p.birth_year, p.age_group, p.email, p.phone,
                p.guardian_contact, r.status
         FROM registration AS r JOIN participant AS p ON p.id = r.participant_id
         WHERE r.workshop_id = ?1 AND r.status IN ('angemeldet', 'teilgenommen', 'nicht_erschienen')",
    )?;
    /// A participant's row before languages and age are filled in.
    struct Row {
        id: i64,
        participant: i64,
        name: String,
        school: String,
        birth_year: Option<i32>,
        age_group: String,
        email: String,
        phone: String,
        guardian: String,
        status: String,
    }
    let rows: Vec<Row> = stmt
        .query_map([workshop_id], |r| {
            Ok(Row {
                id: r.get(0)?,
                participant: r.get(1)?,
                name: r.get(2)?,
                school: r.get(3)?,
                birth_year: r.get(4)?,
                age_group: r.get(5)?,
                email: r.get(6)?,
                phone: r.get(7)?,
                guardian: r.get(8)?,
                status: r.get(9)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut languages_of = conn.prepare_cached(
        "SELECT code FROM participant_language WHERE participant_id = ?1 ORDER BY code",
    )?;
    let mut list = Vec::new();
    for row in rows {
        let codes: Vec<String> = languages_of
            .query_map([row.participant], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let contact = [row.email.as_str(), row.phone.as_str()]
            .iter()
            .filter(|c| !c.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        list.push(ListEntry {
            registration_id: row.id,
            name: row.name,
            school: row.school,
            languages: codes
                .iter()
                .map(|c| languages::name(c).to_owned())
                .collect(),
            age: row
                .birth_year
                .map_or(row.age_group, |y| (year - y).to_string()),
            contact: if contact.is_empty() {
                row.guardian
            } else {
                contact
            },
            status: RegistrationStatus::from_code(&row.status),
        });
    }
    list.sort_by_cached_key(|e| crate::search::fold_plain(&e.name));
    Ok(list)
}
