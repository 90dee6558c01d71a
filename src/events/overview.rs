//! Reading events: the list of events, one event (its workshops with their
//! figures come from `figures.rs`), participants to pick from, the
//! event-wide list, the data of a confirmation; and the end of an event's
//! life (archive; delete only while nobody registered).

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::figures::workshops_in;
use super::{participant_list_in, workshop_in, EventKind, Workshop, WorkshopList};
use crate::db::engine::{args, scalar, Dialect, Engine, Sql};
use crate::people::Consent;
use crate::search::fold_plain;
use crate::time::parse as parse_time;
use crate::Record;
use crate::{Db, Error, Result};

impl EventKind {
    fn from_code(code: &str) -> Self {
        match code {
            "workshop_reihe" => EventKind::WorkshopReihe,
            "informationsabend" => EventKind::Informationsabend,
            "sonstige" => EventKind::Sonstige,
            _ => EventKind::Ausbildungsboerse,
        }
    }
}

/// An event in the list of events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventSummary {
    /// The event's number in the database.
    pub id: i64,
    /// What kind of event.
    pub kind: EventKind,
    /// Title.
    pub title: String,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Where it takes place.
    pub venue: String,
    /// How many workshops it has.
    pub workshops: u32,
    /// Seats taken over all its workshops.
    pub registered: u32,
    /// People waiting over all its workshops.
    pub waitlisted: u32,
    /// Archived: kept, but out of the current list.
    pub archived: bool,
}

/// The events, the newest first; archived ones only when asked for.
///
/// # Errors
/// Only SQLite failures.
pub fn events(db: &Db, include_archived: bool) -> Result<Vec<EventSummary>> {
    events_in(db.conn(), include_archived)
}

/// [`events`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn events_in(sql: &dyn Sql, include_archived: bool) -> Result<Vec<EventSummary>> {
    sql.rows(
        "SELECT e.id, e.kind, e.title, e.starts_on, e.ends_on, e.venue,
                (SELECT count(*) FROM workshop AS w WHERE w.event_id = e.id),
                (SELECT count(*) FROM registration AS r JOIN workshop AS w ON w.id = r.workshop_id
                 WHERE w.event_id = e.id AND r.status IN ('angemeldet', 'teilgenommen', 'nicht_erschienen')),
                (SELECT count(*) FROM registration AS r JOIN workshop AS w ON w.id = r.workshop_id
                 WHERE w.event_id = e.id AND r.status = 'warteliste'),
                e.archived_on IS NOT NULL
         FROM event AS e WHERE ?1 = 1 OR e.archived_on IS NULL
         ORDER BY e.starts_on DESC, e.id DESC",
        args![include_archived],
    )?
    .into_iter()
    .map(|r| {
        Ok(EventSummary {
            id: r.get(0)?,
            kind: EventKind::from_code(&r.get::<String>(1)?),
            title: r.get(2)?,
            starts_on: r.get(3)?,
            ends_on: r.get(4)?,
            venue: r.get(5)?,
            workshops: r.get(6)?,
            registered: r.get(7)?,
            waitlisted: r.get(8)?,
            archived: r.get(9)?,
        })
    })
    .collect()
}

/// One event with everything staff entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// The event's number in the database.
    pub id: i64,
    /// What kind of event.
    pub kind: EventKind,
    /// Title.
    pub title: String,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Where it takes place.
    pub venue: String,
    /// The rooms of the venue.
    pub rooms: Vec<String>,
    /// First day registrations are taken.
    pub registration_opens_on: Option<NaiveDate>,
    /// Last day registrations are taken.
    pub registration_closes_on: Option<NaiveDate>,
    /// What it is about.
    pub description: String,
    /// The cooperation project it belongs to, if any.
    pub project_id: Option<i64>,
    /// That project's title.
    pub project_title: Option<String>,
    /// When it was archived; `None` while current.
    pub archived_on: Option<NaiveDate>,
    /// Its version, when and on which workstation it was last saved.
    pub saved: crate::versions::Saved,
}

/// One event.
///
/// # Errors
/// [`Error::NotFound`].
pub fn event(db: &Db, id: i64) -> Result<Event> {
    event_in(db.conn(), id)
}

/// [`event`] inside a read, on either engine.
///
/// # Errors
/// As [`event`]; a failure of the engine.
pub fn event_in(sql: &dyn Sql, id: i64) -> Result<Event> {
    let r = sql
        .row(
            "SELECT e.id, e.kind, e.title, e.starts_on, e.ends_on, e.venue, e.rooms,
                    e.registration_opens_on, e.registration_closes_on, e.description, e.project_id,
                    p.title, e.archived_on
             FROM event AS e LEFT JOIN project AS p ON p.id = e.project_id WHERE e.id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Event,
        })?;
    Ok(Event {
        id: r.get(0)?,
        kind: EventKind::from_code(&r.get::<String>(1)?),
        title: r.get(2)?,
        starts_on: r.get(3)?,
        ends_on: r.get(4)?,
        venue: r.get(5)?,
        rooms: r
            .get::<String>(6)?
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
        registration_opens_on: r.get(7)?,
        registration_closes_on: r.get(8)?,
        description: r.get(9)?,
        project_id: r.get(10)?,
        project_title: r.get(11)?,
        archived_on: r.get(12)?,
        saved: crate::versions::saved(sql, crate::versions::Versioned::Event, id)?,
    })
}

/// Archives an event (or brings it back): it leaves the list of current
/// events, its registrations stay.
///
/// # Errors
/// [`Error::NotFound`].
pub fn archive_event(
    store: &mut impl Engine,
    id: i64,
    archive: bool,
    today: NaiveDate,
) -> Result<()> {
    store.write_sql(|tx| {
        let changed = tx.run(
            "UPDATE event SET archived_on = ?2 WHERE id = ?1",
            args![id, archive.then_some(today)],
        )?;
        if changed == 0 {
            return Err(Error::NotFound {
                what: Record::Event,
            });
        }
        Ok(())
    })
}

/// Deletes an event entered by mistake, with its workshops. An event that
/// anyone registered for is refused: archive it instead.
///
/// # Errors
/// [`Error::NotFound`], [`Error::EventHasRegistrations`].
pub fn delete_event(store: &mut impl Engine, id: i64) -> Result<()> {
    store.write_sql(|tx| {
        let registrations: u32 = scalar(
            tx,
            "SELECT count(*) FROM registration AS r JOIN workshop AS w ON w.id = r.workshop_id
             WHERE w.event_id = ?1",
            args![id],
        )?;
        if registrations > 0 {
            return Err(Error::EventHasRegistrations { registrations });
        }
        tx.run("DELETE FROM workshop WHERE event_id = ?1", args![id])?;
        if tx.run("DELETE FROM event WHERE id = ?1", args![id])? == 0 {
            return Err(Error::NotFound {
                what: Record::Event,
            });
        }
        Ok(())
    })
}

/// A participant to pick when registering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParticipantSummary {
    /// The participant's number in the database.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Year of birth, if given.
    pub birth_year: Option<i32>,
    /// School or organisation.
    pub school: String,
}

/// Participants whose name or school contains every word of `query`
/// (diacritics ignored), by name; at most `limit`.
///
/// # Errors
/// Only SQLite failures.
pub fn find_participants(db: &Db, query: &str, limit: usize) -> Result<Vec<ParticipantSummary>> {
    find_participants_in(db.conn(), query, limit)
}

/// [`find_participants`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn find_participants_in(
    sql: &dyn Sql,
    query: &str,
    limit: usize,
) -> Result<Vec<ParticipantSummary>> {
    let words: Vec<String> = fold_plain(query)
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let mut found: Vec<(String, ParticipantSummary)> = Vec::new();
    for r in sql.rows(
        "SELECT id, name, birth_year, school FROM participant ORDER BY id",
        &[],
    )? {
        let p = ParticipantSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            birth_year: r.get(2)?,
            school: r.get(3)?,
        };
        let key = fold_plain(&format!("{} {}", p.name, p.school));
        if words.iter().all(|w| key.contains(w.as_str())) {
            found.push((fold_plain(&p.name), p));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found.into_iter().take(limit).map(|(_, p)| p).collect())
}

/// A participant with what the confirmation needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participant {
    /// The participant's number in the database.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Year of birth, if given.
    pub birth_year: Option<i32>,
    /// Age group, when the year of birth is not given.
    pub age_group: String,
    /// School or organisation.
    pub school: String,
    /// Language codes.
    pub languages: Vec<String>,
    /// E-mail address.
    pub email: String,
    /// Phone number.
    pub phone: String,
    /// A minor's guardian.
    pub guardian_name: String,
    /// How to reach the guardian.
    pub guardian_contact: String,
    /// The consent to store their data: when, and to which version of the text.
    pub consent: Consent,
    /// Whether photos of them may be taken and used.
    pub photo_consent: bool,
    /// When the photo consent was given and to which version of the text.
    pub photo_consent_given: Option<Consent>,
    /// Anonymised by the retention rule: nothing left to correct.
    pub anonymised: bool,
    /// Its version, when and on which workstation it was last saved.
    pub saved: crate::versions::Saved,
}

/// One participant.
///
/// # Errors
/// [`Error::NotFound`].
pub fn participant(db: &Db, id: i64) -> Result<Participant> {
    participant_in(db.conn(), id)
}

/// [`participant`] inside a read, on either engine.
///
/// # Errors
/// As [`participant`]; a failure of the engine.
pub fn participant_in(sql: &dyn Sql, id: i64) -> Result<Participant> {
    let r = sql
        .row(
            "SELECT id, name, birth_year, age_group, school, email, phone, guardian_name,
                    guardian_contact, consent_on, consent_version, photo_consent,
                    anonymised_on IS NOT NULL, photo_consent_on, photo_consent_version
             FROM participant WHERE id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Participant,
        })?;
    Ok(Participant {
        id: r.get(0)?,
        name: r.get(1)?,
        birth_year: r.get(2)?,
        age_group: r.get(3)?,
        school: r.get(4)?,
        languages: sql
            .rows(
                "SELECT code FROM participant_language WHERE participant_id = ?1 ORDER BY code",
                args![id],
            )?
            .into_iter()
            .map(|c| c.get(0))
            .collect::<Result<_>>()?,
        email: r.get(5)?,
        phone: r.get(6)?,
        guardian_name: r.get(7)?,
        guardian_contact: r.get(8)?,
        consent: Consent {
            given_on: r.get(9)?,
            text_version: r.get(10)?,
        },
        photo_consent: r.get(11)?,
        photo_consent_given: match (r.get(13)?, r.get(14)?) {
            (Some(given_on), Some(text_version)) => Some(Consent {
                given_on,
                text_version,
            }),
            _ => None,
        },
        anonymised: r.get(12)?,
        saved: crate::versions::saved(sql, crate::versions::Versioned::Participant, id)?,
    })
}

/// The participant lists of every workshop of an event, in programme order.
///
/// # Errors
/// Only SQLite failures.
pub fn event_list(db: &Db, event_id: i64) -> Result<Vec<WorkshopList>> {
    event_list_in(db.conn(), event_id)
}

/// [`event_list`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn event_list_in(sql: &dyn Sql, event_id: i64) -> Result<Vec<WorkshopList>> {
    workshops_in(sql, event_id)?
        .into_iter()
        .map(|w| Ok((workshop_in(sql, w.id)?, participant_list_in(sql, w.id)?)))
        .collect()
}

/// What a registration's confirmation states: who is registered for which
/// workshop where, the place on the waitlist, the check-in code and the
/// participant's languages: the data the Anmeldebestätigung prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    /// The participant's name.
    pub name: String,
    /// The workshop registered for.
    pub workshop: Workshop,
    /// The event's venue.
    pub venue: String,
    /// Place on the waitlist; `None` with a seat.
    pub waitlist_position: Option<u32>,
    /// The check-in code (also as QR code).
    pub code: String,
    /// The participant's languages (codes), in their order.
    pub languages: Vec<String>,
}

/// What the Anmeldebestätigung of a registration says.
///
/// # Errors
/// [`Error::NotFound`], [`Error::ParticipantAnonymised`] (no name to
/// confirm to).
pub fn confirmation(db: &Db, registration_id: i64) -> Result<Confirmation> {
    confirmation_in(db.conn(), registration_id)
}

/// [`confirmation`] inside a read, on either engine.
///
/// # Errors
/// As [`confirmation`]; a failure of the engine.
pub fn confirmation_in(sql: &dyn Sql, registration_id: i64) -> Result<Confirmation> {
    let r = super::registration(sql, registration_id)?;
    if r.anonymised {
        return Err(Error::ParticipantAnonymised);
    }
    let w = workshop_in(sql, r.workshop_id)?;
    let venue = event_in(sql, w.event_id)?.venue;
    let p = participant_in(sql, r.participant_id)?;
    Ok(Confirmation {
        name: p.name,
        workshop: w,
        venue,
        waitlist_position: r.waitlist_position,
        code: r.code,
        languages: p.languages,
    })
}

/// A contact who can lead a workshop, with the organisations they work for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacilitatorChoice {
    /// The contact's number in the database.
    pub id: i64,
    /// Name.
    pub name: String,
    /// The organisations they have a current role in, as one line.
    pub organisations: String,
}

/// Every contact of the directory, by name, to pick facilitators from.
///
/// # Errors
/// Only SQLite failures.
pub fn facilitator_choices(db: &Db) -> Result<Vec<FacilitatorChoice>> {
    facilitator_choices_in(db.conn())
}

/// [`facilitator_choices`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn facilitator_choices_in(sql: &dyn Sql) -> Result<Vec<FacilitatorChoice>> {
    let joined = match sql.dialect() {
        Dialect::Sqlite => {
            "(SELECT group_concat(o.name, ', ' ORDER BY r.id) FROM contact_role AS r
              JOIN organisation AS o ON o.id = r.organisation_id
              WHERE r.contact_id = c.id AND r.ended_on IS NULL)"
        }
        Dialect::Postgres => {
            "(SELECT string_agg(o.name, ', ' ORDER BY r.id) FROM contact_role AS r
              JOIN organisation AS o ON o.id = r.organisation_id
              WHERE r.contact_id = c.id AND r.ended_on IS NULL)"
        }
    };
    sql.rows(
        &format!(
            "SELECT c.id, c.name, coalesce({joined}, '') FROM contact AS c ORDER BY {}, c.id",
            sql.dialect().nocase_order("c.name")
        ),
        &[],
    )?
    .into_iter()
    .map(|r| {
        Ok(FacilitatorChoice {
            id: r.get(0)?,
            name: r.get(1)?,
            organisations: r.get(2)?,
        })
    })
    .collect()
}

/// A registration on a participant's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParticipantRegistration {
    /// The registration's number in the database.
    pub registration_id: i64,
    /// The workshop's number in the database.
    pub workshop_id: i64,
    /// The event's title.
    pub event_title: String,
    /// The workshop's title.
    pub workshop_title: String,
    /// When the workshop starts.
    pub starts_at: NaiveDateTime,
    /// Where the registration stands.
    pub status: super::RegistrationStatus,
    /// The place on the waiting list, when waiting.
    pub waitlist_position: Option<u32>,
}

/// A participant's registrations, by time.
///
/// # Errors
/// Only SQLite failures.
pub fn participant_registrations(
    db: &Db,
    participant_id: i64,
) -> Result<Vec<ParticipantRegistration>> {
    participant_registrations_in(db.conn(), participant_id)
}

/// [`participant_registrations`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn participant_registrations_in(
    sql: &dyn Sql,
    participant_id: i64,
) -> Result<Vec<ParticipantRegistration>> {
    sql.rows(
        "SELECT r.id, w.id, e.title, w.title, w.starts_at, r.status,
                CASE WHEN r.status = 'warteliste' THEN
                    (SELECT count(*) FROM registration AS q WHERE q.workshop_id = r.workshop_id
                     AND q.status = 'warteliste'
                     AND (q.queued_at < r.queued_at OR (q.queued_at = r.queued_at AND q.id <= r.id)))
                END
         FROM registration AS r
         JOIN workshop AS w ON w.id = r.workshop_id JOIN event AS e ON e.id = w.event_id
         WHERE r.participant_id = ?1 ORDER BY w.starts_at, r.id",
        args![participant_id],
    )?
    .into_iter()
    .map(|r| {
        Ok(ParticipantRegistration {
            registration_id: r.get(0)?,
            workshop_id: r.get(1)?,
            event_title: r.get(2)?,
            workshop_title: r.get(3)?,
            starts_at: parse_time(&r.get::<String>(4)?)?,
            status: super::RegistrationStatus::from_code(&r.get::<String>(5)?),
            waitlist_position: r.get(6)?,
        })
    })
    .collect()
}
