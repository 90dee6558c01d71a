//! The access report (Art. 15 DSGVO) and its machine-readable twin (Art.
//! 20): everything stored about one person. Their own record and the
//! records the app links to it by id go in by themselves; records elsewhere
//! with the same or a similar name (a teacher who also came to a workshop)
//! only when staff confirmed them, and they are marked as such.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::related::{candidates_in, linked_in, name_of, Relation};
use super::Person;
use crate::db::engine::{args, Sql};
use crate::Record;
use crate::{Db, Error, Result};

/// A loan in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportLoan {
    /// The medium's title.
    pub title: String,
    /// The copy's Inventarnummer.
    pub barcode: String,
    /// When it was lent, as printed.
    pub loaned_at: String,
    /// When it was due, as printed.
    pub due_on: String,
    /// When it came back, as printed; `None` while on loan.
    pub returned_at: Option<String>,
}

/// A registration in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportRegistration {
    /// The event's title.
    pub event: String,
    /// The workshop's title.
    pub workshop: String,
    /// When the workshop starts, as printed.
    pub starts_at: String,
    /// Where the registration stands, as printed.
    pub status: String,
}

/// A role at an organisation in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportRole {
    /// The organisation's name.
    pub organisation: String,
    /// The role.
    pub role: String,
    /// Since when, as printed, if known.
    pub started_on: Option<String>,
    /// Until when, as printed, if it ended.
    pub ended_on: Option<String>,
}

/// Everything stored about a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessReport {
    /// The person's name.
    pub name: String,
    /// Where the person is recorded: "Ausleihende", "Ansprechperson",
    /// "Teilnehmende", with the internal number.
    pub records: Vec<String>,
    /// Those of `records` that staff added from the records with the same
    /// or a similar name, with the name found there, so whoever hands the
    /// report over can check them.
    pub added_records: Vec<String>,
    /// Field and value, for every record.
    pub master_data: Vec<(String, String)>,
    /// Purpose, date and text version.
    pub consents: Vec<(String, String, String)>,
    /// Loans, open and returned, that still name the person.
    pub loans: Vec<ReportLoan>,
    /// Medium, since, status.
    pub reservations: Vec<(String, String, String)>,
    /// Registrations for workshops.
    pub registrations: Vec<ReportRegistration>,
    /// Roles at organisations.
    pub roles: Vec<ReportRole>,
    /// Workshops a contact leads (status "Leitung").
    pub workshops_led: Vec<ReportRegistration>,
    /// Arbeitskreis meetings a contact attended or sent apologies for
    /// ("(entschuldigt)" after the group): working group, date.
    pub meetings: Vec<(String, String)>,
    /// Staff's notes on the person's records.
    pub notes: Vec<String>,
    /// When the report was made.
    pub generated_at: NaiveDateTime,
}

fn push(data: &mut Vec<(String, String)>, label: &str, value: Option<String>) {
    if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
        data.push((label.to_owned(), v));
    }
}

/// The first column of each row, as text.
fn texts(sql: &dyn Sql, text: &str, id: i64) -> Result<Vec<String>> {
    sql.rows(text, args![id])?
        .into_iter()
        .map(|r| r.get(0))
        .collect()
}

fn add_borrower(sql: &dyn Sql, id: i64, r: &mut AccessReport) -> Result<()> {
    let x = sql
        .row(
            "SELECT kind, email, phone, card_number, print_language, note, blocked_reason,
                    history_consent_on, history_consent_version, email_consent_on, email_consent_version,
                    teaching_language, teaching_level
             FROM borrower WHERE id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Borrower,
        })?;
    let note: String = x.get(5)?;
    let consents: (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = (x.get(7)?, x.get(8)?, x.get(9)?, x.get(10)?);
    r.records.push(format!("Ausleihende(r) Nr. {id}"));
    let d = &mut r.master_data;
    push(d, "Art (Mediathek)", Some(x.get(0)?));
    push(d, "Ausweisnummer", Some(x.get(3)?));
    push(d, "E-Mail", Some(x.get(1)?));
    push(d, "Telefon", Some(x.get(2)?));
    push(d, "Sprache der Ausdrucke", Some(x.get(4)?));
    push(d, "Sperre", x.get(6)?);
    // What staff recorded as taught (the desk's suggestions use it).
    let taught: Vec<String> = [
        x.get::<Option<String>>(11)?
            .map(|code| crate::languages::name(&code).to_owned()),
        x.get::<Option<i64>>(12)?
            .and_then(crate::catalogue::Level::from_rank)
            .map(|level| level.label().to_owned()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !taught.is_empty() {
        push(d, "Unterrichtet", Some(taught.join(", ")));
    }
    let address = crate::people::borrower_in(sql, id)?.address;
    if !address.is_empty() {
        let mut lines = address.lines();
        lines.retain(|l| !l.is_empty());
        push(d, "Postanschrift", Some(lines.join(", ")));
    }
    for letter in crate::lending::sent_reminders_in(sql, id)? {
        let value = format!(
            "{}, Stufe {}: {}",
            letter.sent_on.format("%d.%m.%Y"),
            letter.level,
            letter.titles.join("; ")
        );
        push(d, "Mahnung", Some(value));
    }
    if !note.trim().is_empty() {
        r.notes.push(note);
    }
    if let (Some(on), Some(version)) = (consents.0, consents.1) {
        r.consents
            .push(("Ausleihen aufbewahren".into(), on, version));
    }
    if let (Some(on), Some(version)) = (consents.2, consents.3) {
        r.consents
            .push(("Erinnerungen per E-Mail".into(), on, version));
    }
    for x in sql.rows(
        "SELECT m.title, c.barcode, l.loaned_at, l.due_on, l.returned_at FROM loan AS l
         JOIN copy AS c ON c.id = l.copy_id JOIN medium AS m ON m.id = c.medium_id
         WHERE l.borrower_id = ?1 ORDER BY l.loaned_at, l.id",
        args![id],
    )? {
        r.loans.push(ReportLoan {
            title: x.get(0)?,
            barcode: x.get(1)?,
            loaned_at: x.get(2)?,
            due_on: x.get(3)?,
            returned_at: x.get(4)?,
        });
    }
    for x in sql.rows(
        "SELECT m.title, r.created_at, r.status FROM reservation AS r JOIN medium AS m ON m.id = r.medium_id
         WHERE r.borrower_id = ?1 ORDER BY r.created_at, r.id",
        args![id],
    )? {
        r.reservations.push((x.get(0)?, x.get(1)?, x.get(2)?));
    }
    Ok(())
}

fn add_contact(sql: &dyn Sql, id: i64, r: &mut AccessReport) -> Result<()> {
    let x = sql
        .row(
            "SELECT email, phone, note, consent_on, consent_version, public_consent_on,
                    public_consent_version
             FROM contact WHERE id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Contact,
        })?;
    let note: String = x.get(2)?;
    let (consent_on, consent_version): (Option<String>, Option<String>) = (x.get(3)?, x.get(4)?);
    let (public_on, public_version): (Option<String>, Option<String>) = (x.get(5)?, x.get(6)?);
    r.records.push(format!("Ansprechperson Nr. {id}"));
    push(&mut r.master_data, "E-Mail (Verzeichnis)", Some(x.get(0)?));
    push(&mut r.master_data, "Telefon (Verzeichnis)", Some(x.get(1)?));
    let codes = texts(
        sql,
        "SELECT code FROM contact_language WHERE contact_id = ?1 ORDER BY code",
        id,
    )?;
    if !codes.is_empty() {
        let names: Vec<&str> = codes.iter().map(|c| crate::languages::name(c)).collect();
        r.master_data
            .push(("Sprachen (Verzeichnis)".into(), names.join(", ")));
    }
    for x in sql.rows(
        "SELECT e.title, w.title, w.starts_at FROM workshop_facilitator AS f
         JOIN workshop AS w ON w.id = f.workshop_id JOIN event AS e ON e.id = w.event_id
         WHERE f.contact_id = ?1 ORDER BY w.starts_at, w.id",
        args![id],
    )? {
        r.workshops_led.push(ReportRegistration {
            event: x.get(0)?,
            workshop: x.get(1)?,
            starts_at: x.get(2)?,
            status: "Leitung".into(),
        });
    }
    for x in sql.rows(
        "SELECT g.name || CASE WHEN EXISTS (SELECT 1 FROM meeting_attendee AS x
                                            WHERE x.meeting_id = m.id AND x.contact_id = ?1
                                              AND x.status = 'entschuldigt')
                          THEN ' (entschuldigt)' ELSE '' END,
                m.starts_at
         FROM meeting AS m JOIN working_group AS g ON g.id = m.working_group_id
         WHERE m.id IN (SELECT meeting_id FROM meeting_attendance WHERE contact_id = ?1
                        UNION SELECT meeting_id FROM meeting_attendee WHERE contact_id = ?1)
         ORDER BY m.starts_at, m.id",
        args![id],
    )? {
        r.meetings.push((x.get(0)?, x.get(1)?));
    }
    if !note.trim().is_empty() {
        r.notes.push(note);
    }
    if let (Some(on), Some(version)) = (consent_on, consent_version) {
        r.consents
            .push(("Organisationsverzeichnis".into(), on, version));
    }
    // Shown on the centre's public site with name, role, e-mail and phone.
    if let (Some(on), Some(version)) = (public_on, public_version) {
        r.consents.push((
            crate::consents::Purpose::Veroeffentlichung.title().into(),
            on,
            version,
        ));
    }
    for x in sql.rows(
        "SELECT o.name, r.role, r.started_on, r.ended_on FROM contact_role AS r
         JOIN organisation AS o ON o.id = r.organisation_id WHERE r.contact_id = ?1
         ORDER BY coalesce(r.started_on, ''), r.id",
        args![id],
    )? {
        r.roles.push(ReportRole {
            organisation: x.get(0)?,
            role: x.get(1)?,
            started_on: x.get(2)?,
            ended_on: x.get(3)?,
        });
    }
    Ok(())
}

fn add_participant(sql: &dyn Sql, id: i64, r: &mut AccessReport) -> Result<()> {
    let x = sql
        .row(
            "SELECT birth_year, age_group, school, email, phone, guardian_name, guardian_contact,
                    consent_on, consent_version, photo_consent_on, photo_consent_version
             FROM participant WHERE id = ?1 AND anonymised_on IS NULL",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Participant,
        })?;
    let year: Option<i32> = x.get(0)?;
    let consent: (String, String, Option<String>, Option<String>) =
        (x.get(7)?, x.get(8)?, x.get(9)?, x.get(10)?);
    r.records.push(format!("Teilnehmende(r) Nr. {id}"));
    let d = &mut r.master_data;
    push(d, "Geburtsjahr", year.map(|y| y.to_string()));
    push(d, "Altersgruppe", Some(x.get(1)?));
    push(d, "Schule/Organisation", Some(x.get(2)?));
    push(d, "E-Mail (Veranstaltungen)", Some(x.get(3)?));
    push(d, "Telefon (Veranstaltungen)", Some(x.get(4)?));
    push(d, "Erziehungsberechtigte Person", Some(x.get(5)?));
    push(
        d,
        "Kontakt der erziehungsberechtigten Person",
        Some(x.get(6)?),
    );
    let codes = texts(
        sql,
        "SELECT code FROM participant_language WHERE participant_id = ?1 ORDER BY code",
        id,
    )?;
    if !codes.is_empty() {
        let names: Vec<&str> = codes.iter().map(|c| crate::languages::name(c)).collect();
        d.push(("Sprachen".into(), names.join(", ")));
    }
    r.consents
        .push(("Veranstaltungen".into(), consent.0, consent.1));
    // The photo consent with its day and text version, like the others.
    r.consents.push(match (consent.2, consent.3) {
        (Some(on), Some(version)) => ("Fotos: ja".into(), on, version),
        _ => ("Fotos: nein".into(), String::new(), String::new()),
    });
    for x in sql.rows(
        "SELECT e.title, w.title, w.starts_at, r.status FROM registration AS r
         JOIN workshop AS w ON w.id = r.workshop_id JOIN event AS e ON e.id = w.event_id
         WHERE r.participant_id = ?1 ORDER BY w.starts_at, r.id",
        args![id],
    )? {
        r.registrations.push(ReportRegistration {
            event: x.get(0)?,
            workshop: x.get(1)?,
            starts_at: x.get(2)?,
            status: x.get(3)?,
        });
    }
    Ok(())
}

/// Everything stored about `person`: their record, the records the app
/// links to it (a contact who is also a borrower), and the records in
/// `extra` that staff confirmed from [`super::access_report_candidates`]
/// (listed in `added_records`). Nothing else, whatever its name.
///
/// # Errors
/// [`Error::NotFound`] (also for an `extra` record that is not, or no
/// longer, a record of the same or a similar name).
pub fn access_report(
    db: &Db,
    person: Person,
    extra: &[Person],
    now: NaiveDateTime,
) -> Result<AccessReport> {
    access_report_in(db.conn(), person, extra, now)
}

/// [`access_report`] inside a read, on either engine.
///
/// # Errors
/// As [`access_report`]; a failure of the engine.
pub fn access_report_in(
    sql: &dyn Sql,
    person: Person,
    extra: &[Person],
    now: NaiveDateTime,
) -> Result<AccessReport> {
    let name = name_of(sql, person)?;
    let mut report = AccessReport {
        name: name.clone(),
        records: Vec::new(),
        added_records: Vec::new(),
        master_data: vec![("Name".into(), name)],
        consents: Vec::new(),
        loans: Vec::new(),
        reservations: Vec::new(),
        registrations: Vec::new(),
        roles: Vec::new(),
        workshops_led: Vec::new(),
        meetings: Vec::new(),
        notes: Vec::new(),
        generated_at: now,
    };
    // The record asked about first, then the linked ones, then those
    // staff confirmed.
    let mut own = vec![person];
    own.extend(linked_in(sql, person)?.into_iter().map(|r| r.person));
    let candidates = if extra.iter().any(|e| !own.contains(e)) {
        candidates_in(sql, person)?
    } else {
        Vec::new()
    };
    let mut added = Vec::new();
    for e in extra {
        if own.contains(e) || added.iter().any(|(p, _)| p == e) {
            continue;
        }
        let found = candidates
            .iter()
            .find(|c| c.person == *e)
            .ok_or(Error::NotFound {
                what: e.record_kind(),
            })?;
        added.push((*e, found));
    }
    for p in own {
        add(sql, p, &mut report)?;
    }
    for (p, found) in added {
        let before = report.records.len();
        add(sql, p, &mut report)?;
        for label in &report.records[before..] {
            let why = match found.relation {
                Relation::SimilarName => "ähnlicher Name",
                _ => "gleicher Name",
            };
            report
                .added_records
                .push(format!("{label} ({why}: {})", found.name));
        }
    }
    Ok(report)
}

fn add(sql: &dyn Sql, person: Person, report: &mut AccessReport) -> Result<()> {
    let added = match person {
        Person::Borrower(id) => add_borrower(sql, id, report).map(|()| true),
        Person::Contact(id) => add_contact(sql, id, report).map(|()| true),
        // An anonymised participant holds nothing about the person any more.
        Person::Participant(id) => match add_participant(sql, id, report) {
            Ok(()) => Ok(true),
            Err(Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e),
        },
    }?;
    // A linked or confirmed record may spell the name otherwise: that
    // spelling is stored data about the person too.
    if added {
        let name = name_of(sql, person)?;
        if name != report.name {
            let label = match person {
                Person::Borrower(_) => "Name (Mediathek)",
                Person::Contact(_) => "Name (Verzeichnis)",
                Person::Participant(_) => "Name (Veranstaltungen)",
            };
            report.master_data.push((label.into(), name));
        }
    }
    Ok(())
}
