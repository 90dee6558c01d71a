//! The retention rules at work: the deletion calendar, the automatic run,
//! deletions that need two staff names, and erasure of one person
//! (re-applying all of it after an older backup was restored is in
//! `reapply.rs`).

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{retention_rules_in, Purpose, RetentionRules};
use crate::db::engine::{args, scalar, Dialect, Engine, Sql};
use crate::deletion_log::{log, log_count, scrub};
use crate::events::age_group;
use crate::time::timestamp;
use crate::Record;
use crate::{Db, Error, Result};

/// A retention rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A returned loan stops naming its borrower (automatic).
    LoanLink,
    /// Participants are anonymised after the event (automatic).
    Participant,
    /// A borrower without loans for long is deleted (two staff names).
    InactiveBorrower,
    /// A contact without an active organisation is deleted (two staff names).
    Contact,
}

impl Rule {
    fn code(self) -> &'static str {
        match self {
            Rule::LoanLink => "loan_link_after_return",
            Rule::Participant => "participant_after_event",
            Rule::InactiveBorrower => "inactive_borrower",
            Rule::Contact => "contact_without_organisation",
        }
    }

    fn record_kind(self) -> &'static str {
        match self {
            Rule::LoanLink => "loan",
            Rule::Participant => "participant",
            Rule::InactiveBorrower => "borrower",
            Rule::Contact => "contact",
        }
    }

    fn purpose(self) -> Purpose {
        match self {
            Rule::LoanLink | Rule::InactiveBorrower => Purpose::Mediathek,
            Rule::Participant => Purpose::Veranstaltungen,
            Rule::Contact => Purpose::Organisationsverzeichnis,
        }
    }

    /// Runs without anyone confirming it.
    pub fn automatic(self) -> bool {
        matches!(self, Rule::LoanLink | Rule::Participant)
    }
}

/// Something a rule will delete or anonymise, with the date it is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueItem {
    /// The rule that applies.
    pub rule: Rule,
    /// The purpose the data was kept for.
    pub purpose: Purpose,
    /// What kind of record ("loan", "borrower", "participant", "contact").
    pub record_kind: &'static str,
    /// The record's number in the database.
    pub record_id: i64,
    /// The person, for the data-protection officer's screen (never logged).
    pub name: String,
    /// What it is about: the title of a loan, the last event.
    pub detail: String,
    /// The day the rule applies.
    pub due_on: NaiveDate,
    /// Applied by the automatic run; otherwise it needs two staff names.
    pub automatic: bool,
}

fn add_days(day: NaiveDate, days: u32) -> NaiveDate {
    day.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

fn date_of(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// The returned loans still linked to a borrower without consent to keep
/// the history. On SQLite the loans are reached through the borrowers (the
/// index `loan_by_borrower`), never by reading the loan table: after years
/// of lending nearly every loan is unlinked already, and the app runs this
/// at every start (on a million old loans a scan read the whole table into
/// the 64 MiB page cache, in 0.25 s, to find nothing).
const LOAN_LINK_CANDIDATES: &str = "SELECT l.id, b.name, m.title, l.returned_at FROM loan AS l
     JOIN borrower AS b ON b.id = l.borrower_id
     JOIN copy AS c ON c.id = l.copy_id JOIN medium AS m ON m.id = c.medium_id
     WHERE l.borrower_id IN (SELECT id FROM borrower WHERE history_consent_on IS NULL)
       AND l.returned_at IS NOT NULL AND l.outcome = 'zurueckgegeben'
       AND l.missing_parts = ''";

/// The loans of [`LOAN_LINK_CANDIDATES`] returned on or before `?1` (the
/// day their period ends is today or earlier), by number only, at most
/// `?2` of them: what the automatic run unlinks, one batch at a time.
/// Text without a date's shape (10 characters or more, '-' in places 5
/// and 8) is never due, as the calendar's `date_of` skips it; the shape
/// is not a check of the day (the app writes only ISO dates).
const LOAN_LINK_DUE: &str = "SELECT l.id FROM loan AS l
     WHERE l.borrower_id IN (SELECT id FROM borrower WHERE history_consent_on IS NULL)
       AND l.returned_at IS NOT NULL AND l.outcome = 'zurueckgegeben'
       AND l.missing_parts = '' AND l.returned_at LIKE '____-__-__%'
       AND substr(l.returned_at, 1, 10) <= ?1
     LIMIT ?2";

/// The participants not yet anonymised whose last event ended (or who
/// were entered, without an event) on or before `?1`, at most `?2`; text
/// without a date's shape is never due (as in [`LOAN_LINK_DUE`]).
const PARTICIPANT_DUE: &str = "SELECT d.id FROM
       (SELECT p.id,
               coalesce((SELECT max(e.ends_on) FROM registration AS r
                         JOIN workshop AS w ON w.id = r.workshop_id
                         JOIN event AS e ON e.id = w.event_id WHERE r.participant_id = p.id),
                        p.created_at) AS since
        FROM participant AS p WHERE p.anonymised_on IS NULL) AS d
     WHERE d.since LIKE '____-__-__%' AND substr(d.since, 1, 10) <= ?1
     LIMIT ?2";

/// How many records the automatic run reads and changes at a time.
const BATCH: u32 = 1_000;

/// Every item of `rule` with its due date, whenever that is.
fn due_items(sql: &dyn Sql, rule: Rule, rules: &RetentionRules) -> Result<Vec<DueItem>> {
    let item = |id: i64, name: String, detail: String, due_on: NaiveDate| DueItem {
        rule,
        purpose: rule.purpose(),
        record_kind: rule.record_kind(),
        record_id: id,
        name,
        detail,
        due_on,
        automatic: rule.automatic(),
    };
    // The names of a contact's organisations, joined as the file does.
    // (in the order of the roles, on both engines).
    let joined = match sql.dialect() {
        Dialect::Sqlite => {
            "(SELECT group_concat(o.name, ', ' ORDER BY r.id) FROM contact_role AS r
              JOIN organisation AS o ON o.id = r.organisation_id WHERE r.contact_id = c.id)"
        }
        Dialect::Postgres => {
            "(SELECT string_agg(o.name, ', ' ORDER BY r.id) FROM contact_role AS r
              JOIN organisation AS o ON o.id = r.organisation_id WHERE r.contact_id = c.id)"
        }
    };
    let contact_rule = format!(
        "SELECT c.id, c.name,
                coalesce({joined}, ''),
                coalesce((SELECT max(coalesce(r.ended_on, o.archived_on)) FROM contact_role AS r
                          JOIN organisation AS o ON o.id = r.organisation_id WHERE r.contact_id = c.id),
                         c.created_at)
         FROM contact AS c
         WHERE NOT EXISTS (SELECT 1 FROM contact_role AS r JOIN organisation AS o ON o.id = r.organisation_id
                           WHERE r.contact_id = c.id AND r.ended_on IS NULL AND o.archived_on IS NULL)"
    );
    let text = match rule {
        Rule::LoanLink => LOAN_LINK_CANDIDATES,
        Rule::Participant => {
            "SELECT p.id, p.name,
                    coalesce((SELECT e.title FROM registration AS r JOIN workshop AS w ON w.id = r.workshop_id
                              JOIN event AS e ON e.id = w.event_id WHERE r.participant_id = p.id
                              ORDER BY e.ends_on DESC, e.id DESC LIMIT 1), ''),
                    coalesce((SELECT max(e.ends_on) FROM registration AS r JOIN workshop AS w ON w.id = r.workshop_id
                              JOIN event AS e ON e.id = w.event_id WHERE r.participant_id = p.id),
                             p.created_at)
             FROM participant AS p WHERE p.anonymised_on IS NULL"
        }
        Rule::InactiveBorrower => {
            "SELECT b.id, b.name, b.card_number, coalesce(b.last_loan_on, b.created_at)
             FROM borrower AS b
             WHERE NOT EXISTS (SELECT 1 FROM loan AS l WHERE l.borrower_id = b.id AND l.returned_at IS NULL)"
        }
        Rule::Contact => &contact_rule,
    };
    let mut list = Vec::new();
    for row in sql.rows(text, &[])? {
        let (id, name, detail, from): (i64, String, String, String) =
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
        let Some(from) = date_of(&from) else {
            continue;
        };
        let due_on = match rule {
            Rule::LoanLink => add_days(from, rules.loan_link_days),
            Rule::Participant => add_days(from, rules.participant_days),
            Rule::InactiveBorrower => from
                .checked_add_months(Months::new(rules.inactive_borrower_months))
                .unwrap_or(NaiveDate::MAX),
            Rule::Contact => from,
        };
        list.push(item(id, name, detail, due_on));
    }
    Ok(list)
}

const RULES: [Rule; 4] = [
    Rule::LoanLink,
    Rule::Participant,
    Rule::InactiveBorrower,
    Rule::Contact,
];

/// The deletion calendar: everything due by `today + days` (overdue
/// items included), by date, rule and name.
///
/// # Errors
/// Only SQLite failures.
pub fn calendar(db: &Db, today: NaiveDate, days: u32) -> Result<Vec<DueItem>> {
    calendar_in(db.conn(), today, days)
}

/// [`calendar`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn calendar_in(sql: &dyn Sql, today: NaiveDate, days: u32) -> Result<Vec<DueItem>> {
    let rules = retention_rules_in(sql)?;
    let until = add_days(today, days);
    let mut all = Vec::new();
    for rule in RULES {
        all.extend(
            due_items(sql, rule, &rules)?
                .into_iter()
                .filter(|i| i.due_on <= until),
        );
    }
    // The record's number last: equal keys keep one order on both engines
    // (the server returns rows in no fixed order).
    all.sort_by(|a, b| {
        (
            a.due_on,
            a.rule,
            crate::search::fold_plain(&a.name),
            a.record_id,
        )
            .cmp(&(
                b.due_on,
                b.rule,
                crate::search::fold_plain(&b.name),
                b.record_id,
            ))
    });
    Ok(all)
}

/// Removes name and contact data of a participant; keeps age group,
/// languages and attendance (the registrations) for the statistics.
fn anonymise_participant(tx: &dyn Sql, id: i64, today: NaiveDate) -> Result<()> {
    let row = tx
        .row(
            "SELECT p.birth_year, p.age_group,
                    (SELECT max(w.starts_at) FROM registration AS r JOIN workshop AS w ON w.id = r.workshop_id
                     WHERE r.participant_id = p.id)
             FROM participant AS p WHERE p.id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Participant,
        })?;
    let (birth_year, group, event_year): (Option<i32>, String, Option<String>) =
        (row.get(0)?, row.get(1)?, row.get(2)?);
    let year = event_year
        .as_deref()
        .and_then(date_of)
        .map_or(today.year(), |d| d.year());
    let group = if group.trim().is_empty() {
        age_group(birth_year, year)
    } else {
        group
    };
    tx.run(
        "UPDATE participant SET name = 'Anonymisiert', birth_year = NULL, age_group = ?2, school = '',
                email = '', phone = '', guardian_name = '', guardian_contact = '', photo_consent = 0,
                photo_consent_on = NULL, photo_consent_version = NULL,
                anonymised_on = ?3, updated_at = ?4
         WHERE id = ?1",
        args![id, group, today, timestamp(today.and_time(chrono::NaiveTime::MIN))],
    )?;
    Ok(())
}

/// Runs the automatic rules for everything due by `today`: loans stop
/// naming their borrower, participants are anonymised. One log line per
/// rule with the number of records. Returns how many per rule.
///
/// # Errors
/// Only SQLite failures.
pub fn run_automatic(db: &mut Db, now: NaiveDateTime) -> Result<Vec<(Rule, usize)>> {
    let done = run_automatic_on(db, now)?;
    if done.iter().any(|(_, n)| *n > 0) {
        scrub(db)?;
    }
    Ok(done)
}

/// The automatic rules of [`run_automatic`] on either engine, in one write,
/// without the file's scrubbing afterwards (on the shared database the
/// server's own clean-up, `VACUUM`, removes the old row versions; its
/// backups are IT's). Several PCs starting at once run them one after the
/// other under the server's write lock; what the first did is no longer
/// due for the next.
///
/// # Errors
/// A failure of the engine.
pub fn run_automatic_on(store: &mut impl Engine, now: NaiveDateTime) -> Result<Vec<(Rule, usize)>> {
    store.write_sql(|tx| run_automatic_in(tx, now, BATCH))
}

/// The automatic rules inside a write, `batch` records at a time: only
/// the numbers of due records are read (never names or titles), so a file
/// where a million loans fall due at once needs no more memory than one
/// batch. A changed record no longer matches its rule's query, so the
/// next batch starts where this one ended and the run ends with the first
/// batch that is not full.
fn run_automatic_in(tx: &dyn Sql, now: NaiveDateTime, batch: u32) -> Result<Vec<(Rule, usize)>> {
    let today = now.date();
    let rules = retention_rules_in(tx)?;
    let mut done = Vec::new();
    for (rule, days, text) in [
        (Rule::LoanLink, rules.loan_link_days, LOAN_LINK_DUE),
        (Rule::Participant, rules.participant_days, PARTICIPANT_DUE),
    ] {
        // Due when the start day plus the period is today or earlier.
        let Some(last_start) = today.checked_sub_days(Days::new(u64::from(days))) else {
            done.push((rule, 0));
            continue;
        };
        let mut count = 0;
        loop {
            let ids = tx
                .rows(text, args![last_start, batch])?
                .iter()
                .map(|row| row.get::<i64>(0))
                .collect::<Result<Vec<_>>>()?;
            for id in &ids {
                match rule {
                    Rule::LoanLink => {
                        tx.run(
                            "UPDATE loan SET borrower_id = NULL WHERE id = ?1",
                            args![*id],
                        )?;
                        crate::lending::unlink_reminders(tx, *id)?;
                    }
                    _ => anonymise_participant(tx, *id, today)?,
                }
            }
            count += ids.len();
            if ids.is_empty() || ids.len() < batch as usize {
                break;
            }
        }
        log_count(tx, now, rule.code(), rule.record_kind(), count)?;
        done.push((rule, count));
    }
    Ok(done)
}

/// Whose data an erasure is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Person {
    /// A borrower of the Mediathek, by number.
    Borrower(i64),
    /// A contact of the directory, by number.
    Contact(i64),
    /// A participant of events, by number.
    Participant(i64),
}

impl Person {
    pub(crate) fn record_kind(self) -> Record {
        match self {
            Person::Borrower(_) => Record::Borrower,
            Person::Contact(_) => Record::Contact,
            Person::Participant(_) => Record::Participant,
        }
    }

    pub(crate) fn id(self) -> i64 {
        match self {
            Person::Borrower(id) | Person::Contact(id) | Person::Participant(id) => id,
        }
    }
}

/// Refuses to erase a borrower who has items on loan, naming them.
fn refuse_while_lending(tx: &dyn Sql, id: i64) -> Result<()> {
    let mut titles = tx
        .rows(
            "SELECT m.title FROM loan AS l JOIN copy AS c ON c.id = l.copy_id
             JOIN medium AS m ON m.id = c.medium_id
             WHERE l.borrower_id = ?1 AND l.returned_at IS NULL",
            args![id],
        )?
        .into_iter()
        .map(|r| r.get::<String>(0))
        .collect::<Result<Vec<_>>>()?;
    if titles.is_empty() {
        return Ok(());
    }
    // In byte order on both engines (as the file's ORDER BY had it).
    titles.sort();
    Err(Error::PersonHasLoans { titles })
}

/// Deletes a borrower inside the caller's transaction: loans keep the kind
/// of borrower for statistics but no longer name them, open reservations
/// are cancelled, a linked contact loses the link. Refused while items are
/// on loan.
fn erase_borrower(tx: &dyn Sql, id: i64, now: NaiveDateTime) -> Result<()> {
    refuse_while_lending(tx, id)?;
    remove_borrower(tx, id, now)
}

/// The deletion itself, without the check for items on loan: also for an
/// erasure applied again to a restored older state, in which the person
/// may still have had an item that was returned before the erasure. Open
/// loans then stay open without a name (the copy is still lent out in that
/// state, and its return is booked by scanning the copy).
pub(super) fn remove_borrower(tx: &dyn Sql, id: i64, now: NaiveDateTime) -> Result<()> {
    tx.run(
        "UPDATE loan SET borrower_id = NULL WHERE borrower_id = ?1",
        args![id],
    )?;
    // A copy set aside for this person goes to the next in line.
    crate::lending::give_up_reservations(tx, id, now)?;
    for table in ["reservation", "contact", "reminder"] {
        tx.run(
            &format!("UPDATE {table} SET borrower_id = NULL WHERE borrower_id = ?1"),
            args![id],
        )?;
    }
    // The file's full-text row (the server has none).
    if tx.dialect() == Dialect::Sqlite {
        tx.run("DELETE FROM borrower_search WHERE rowid = ?1", args![id])?;
    }
    tx.run("DELETE FROM borrower WHERE id = ?1", args![id])?;
    Ok(())
}

/// An erased participant will not come: their seats and waiting-list
/// places in workshops that have not begun are cancelled, and the seats go
/// to the next on the waiting list (an anonymised registration can no
/// longer be cancelled by staff, so it must not keep a seat).
fn give_up_places_ahead(tx: &dyn Sql, id: i64, now: NaiveDateTime) -> Result<()> {
    let workshops = tx
        .rows(
            "SELECT r.workshop_id FROM registration AS r JOIN workshop AS w ON w.id = r.workshop_id
             WHERE r.participant_id = ?1 AND r.status IN ('angemeldet', 'warteliste')
               AND w.starts_at > ?2 ORDER BY r.workshop_id",
            args![id, timestamp(now)],
        )?
        .into_iter()
        .map(|r| r.get::<i64>(0))
        .collect::<Result<Vec<_>>>()?;
    for workshop in workshops {
        tx.run(
            "UPDATE registration SET status = 'abgesagt', cancelled_at = ?3
             WHERE participant_id = ?1 AND workshop_id = ?2",
            args![id, workshop, timestamp(now)],
        )?;
        crate::events::fill_from_waitlist(tx, workshop, now)?;
    }
    Ok(())
}

pub(super) fn erase_in(tx: &dyn Sql, person: Person, now: NaiveDateTime) -> Result<()> {
    match person {
        Person::Borrower(id) => erase_borrower(tx, id, now),
        Person::Contact(id) => crate::organisations::contacts::delete_contact_in(tx, id),
        Person::Participant(id) => {
            let known: bool = scalar(
                tx,
                "SELECT EXISTS (SELECT 1 FROM participant WHERE id = ?1)",
                args![id],
            )?;
            if !known {
                return Err(Error::NotFound {
                    what: Record::Participant,
                });
            }
            give_up_places_ahead(tx, id, now)?;
            anonymise_participant(tx, id, now.date())
        }
    }
}

/// "Person löschen" (Art. 17): removes or anonymises everything about one
/// person, and the records linked to them that staff confirmed in `also`
/// (see [`super::linked_records`]), in one transaction. A borrower with
/// items on loan is refused (the items are named) and nothing is erased.
/// The log has one line per kind of record with the internal ids, never a
/// name.
///
/// # Errors
/// [`Error::Required`] (staff), [`Error::PersonHasLoans`],
/// [`Error::NotFound`] (also for a record in `also` that is not linked to
/// the person).
pub fn erase(
    db: &mut Db,
    person: Person,
    also: &[Person],
    staff: &str,
    now: NaiveDateTime,
) -> Result<()> {
    erase_on(db, person, also, staff, now)?;
    scrub(db)
}

/// [`erase`] on either engine, without the file's scrubbing afterwards (on
/// the shared database the server's own clean-up removes the old row
/// versions; its backups are IT's).
///
/// # Errors
/// As [`erase`]; a failure of the engine.
pub fn erase_on(
    store: &mut impl Engine,
    person: Person,
    also: &[Person],
    staff: &str,
    now: NaiveDateTime,
) -> Result<()> {
    if staff.trim().is_empty() {
        return Err(Error::Required { field: "staff" });
    }
    crate::limits::check("staff", staff, crate::limits::NAME)?;
    store.write_sql(|tx| {
        let linked = super::related::linked_in(tx, person)?;
        let mut all = vec![person];
        for other in also {
            if all.contains(other) {
                continue;
            }
            if !linked.iter().any(|l| l.person == *other) {
                return Err(Error::NotFound {
                    what: other.record_kind(),
                });
            }
            all.push(*other);
        }
        // Refused before anything is written (on the server a refused
        // write still uses up the log's next number).
        for p in &all {
            if let Person::Borrower(id) = p {
                refuse_while_lending(tx, *id)?;
            }
        }
        // Logged first: each entry keeps when its records were created,
        // which is gone once they are erased.
        let mut kinds: Vec<Record> = Vec::new();
        for p in &all {
            if !kinds.contains(&p.record_kind()) {
                kinds.push(p.record_kind());
            }
        }
        for kind in kinds {
            let ids: Vec<i64> = all
                .iter()
                .filter(|p| p.record_kind() == kind)
                .map(|p| p.id())
                .collect();
            log(tx, now, "erasure", kind.code(), &ids, (staff, ""), true)?;
        }
        for p in &all {
            erase_in(tx, *p, now)?;
        }
        Ok(())
    })
}

/// Deletes records a rule proposes (inactive borrowers, contacts without an
/// active organisation), confirmed by two different staff members. Only
/// records still due today are deleted. Returns how many.
///
/// # Errors
/// [`Error::FourEyesRequired`], [`Error::PersonHasLoans`] (a borrower
/// borrowed again in between).
pub fn delete_proposed(
    db: &mut Db,
    rule: Rule,
    ids: &[i64],
    staff: &str,
    second_staff: &str,
    now: NaiveDateTime,
) -> Result<usize> {
    let deleted = delete_proposed_on(db, rule, ids, staff, second_staff, now)?;
    scrub(db)?;
    Ok(deleted)
}

/// [`delete_proposed`] on either engine, without the file's scrubbing
/// afterwards.
///
/// # Errors
/// As [`delete_proposed`]; a failure of the engine.
pub fn delete_proposed_on(
    store: &mut impl Engine,
    rule: Rule,
    ids: &[i64],
    staff: &str,
    second_staff: &str,
    now: NaiveDateTime,
) -> Result<usize> {
    let (first, second) = (staff.trim(), second_staff.trim());
    if first.is_empty()
        || second.is_empty()
        || crate::search::fold_plain(first) == crate::search::fold_plain(second)
    {
        return Err(Error::FourEyesRequired);
    }
    crate::limits::check_all(&[
        ("staff", first, crate::limits::NAME),
        ("second_staff", second, crate::limits::NAME),
    ])?;
    if rule.automatic() {
        return Err(Error::NotFound {
            what: Record::RetentionRule,
        });
    }
    let today = now.date();
    store.write_sql(|tx| {
        // The rules as they stand in this transaction (another PC may
        // have changed them a moment ago).
        let rules = retention_rules_in(tx)?;
        let due: Vec<i64> = due_items(tx, rule, &rules)?
            .into_iter()
            .filter(|i| i.due_on <= today && ids.contains(&i.record_id))
            .map(|i| i.record_id)
            .collect();
        log(
            tx,
            now,
            rule.code(),
            rule.record_kind(),
            &due,
            (first, second),
            true,
        )?;
        for id in &due {
            let person = match rule {
                Rule::InactiveBorrower => Person::Borrower(*id),
                _ => Person::Contact(*id),
            };
            erase_in(tx, person, now)?;
        }
        Ok(due.len())
    })
}

#[cfg(test)]
mod tests {
    use super::{run_automatic_in, Rule, LOAN_LINK_CANDIDATES, LOAN_LINK_DUE};
    use crate::db::engine::{scalar, Engine};
    use crate::db::Db;
    use chrono::{NaiveDate, NaiveDateTime};

    /// What SQLite plans for `query` on the app's schema.
    fn plan(query: &str) -> Vec<String> {
        let db = Db::open_in_memory().expect("a new database");
        let mut statement = db
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {query}"))
            .expect("the query plans");
        // Parameters left unbound plan as NULL.
        let unbound = vec![rusqlite::types::Null; statement.parameter_count()];
        statement
            .query_map(rusqlite::params_from_iter(unbound), |row| {
                row.get::<_, String>(3)
            })
            .expect("the plan")
            .collect::<rusqlite::Result<_>>()
            .expect("the plan's rows")
    }

    #[test]
    fn the_loan_link_rule_reaches_the_loans_through_their_borrowers_and_never_reads_every_loan() {
        // The calendar's query and the automatic run's.
        for query in [LOAN_LINK_CANDIDATES, LOAN_LINK_DUE] {
            let plan = plan(query);
            assert!(
                plan.iter()
                    .any(|step| step.contains("SEARCH l USING INDEX loan_by_borrower")),
                "{plan:?}"
            );
            assert!(
                !plan.iter().any(|step| step.starts_with("SCAN l")),
                "{plan:?}"
            );
        }
    }

    fn at_ten(y: i32, m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|day| day.and_hms_opt(10, 0, 0))
            .expect("a real day")
    }

    /// A borrower without consent to keep the history, who borrowed one
    /// copy on 1 April 2026 and brought it back on 2 April; the loan link
    /// is kept 14 days. Returns the database and the loan's number.
    fn one_returned_loan() -> (Db, i64) {
        let mut db = Db::open_in_memory().expect("a new database");
        let when = at_ten(2025, 1, 1);
        crate::privacy::save_retention_rules_on(
            &mut db,
            &crate::privacy::RetentionRules {
                loan_link_days: 14,
                ..crate::privacy::RetentionRules::default()
            },
        )
        .expect("the rules");
        let kind = db
            .read_sql(crate::catalogue::media_kinds_in)
            .expect("Mediengruppen")[0]
            .id;
        let medium = crate::catalogue::create_medium(
            &mut db,
            &crate::catalogue::MediumInput {
                kind_id: kind,
                title: "Schritte plus 1".into(),
                ..Default::default()
            },
            when,
        )
        .expect("a medium");
        crate::catalogue::add_copy(
            &mut db,
            medium.id,
            &crate::catalogue::CopyInput {
                barcode: "A1".into(),
                ..Default::default()
            },
            when,
        )
        .expect("a copy");
        let borrower = crate::people::create_borrower(
            &mut db,
            &crate::people::BorrowerInput {
                name: "Amal Haddad".into(),
                email: "amal@example.org".into(),
                ..Default::default()
            },
            when,
        )
        .expect("a borrower");
        let loan = crate::lending::checkout(
            &mut db,
            &crate::lending::CheckoutRequest {
                borrower_id: borrower.id,
                barcode: "A1".into(),
                override_reason: None,
                course_end: None,
            },
            at_ten(2026, 4, 1),
        )
        .expect("the loan");
        crate::lending::checkin(
            &mut db,
            &crate::lending::ReturnRequest {
                barcode: "A1".into(),
                missing_parts: Vec::new(),
            },
            at_ten(2026, 4, 2),
        )
        .expect("the return");
        (db, loan.id)
    }

    /// `n` more loans like `loan` (same copy, borrower and days).
    fn copies_of(db: &Db, loan: i64, n: usize) {
        let columns: String = scalar(
            db.conn(),
            "SELECT group_concat(name, ', ') FROM pragma_table_info('loan') WHERE name <> 'id'",
            &[],
        )
        .expect("the loan's columns");
        for _ in 0..n {
            db.conn()
                .execute(
                    &format!(
                        "INSERT INTO loan ({columns}) SELECT {columns} FROM loan WHERE id = ?1"
                    ),
                    [loan],
                )
                .expect("a copied loan");
        }
    }

    fn linked(db: &Db) -> i64 {
        scalar(
            db.conn(),
            "SELECT count(*) FROM loan WHERE borrower_id IS NOT NULL",
            &[],
        )
        .expect("a count")
    }

    #[test]
    fn the_automatic_run_unlinks_every_due_loan_batch_by_batch_and_logs_them_in_one_line() {
        let (db, loan) = one_returned_loan();
        // Seven loans fall due on 16 April (2 + 14 days): more than three
        // batches of two, the last one not full. An eighth was returned a
        // day later and is due on the 17th.
        copies_of(&db, loan, 7);
        db.conn()
            .execute(
                "UPDATE loan SET returned_at = '2026-04-03 10:00:00' WHERE id = (SELECT max(id) FROM loan)",
                [],
            )
            .expect("a later return");
        assert_eq!(linked(&db), 8);

        let done = run_automatic_in(db.conn(), at_ten(2026, 4, 15), 2).expect("the run");
        assert_eq!(done, vec![(Rule::LoanLink, 0), (Rule::Participant, 0)]);
        assert_eq!(linked(&db), 8, "nothing is due on the 15th");

        let done = run_automatic_in(db.conn(), at_ten(2026, 4, 16), 2).expect("the run");
        assert_eq!(done, vec![(Rule::LoanLink, 7), (Rule::Participant, 0)]);
        assert_eq!(
            linked(&db),
            1,
            "the loan returned on the 3rd keeps its link"
        );
        let log = crate::deletion_log::deletion_log_in(db.conn()).expect("the log");
        let lines: Vec<_> = log
            .iter()
            .map(|e| (e.rule.as_str(), e.record_kind.as_str(), e.records))
            .collect();
        assert_eq!(lines, vec![("loan_link_after_return", "loan", 7)]);
        // An automatic line counts; it names no record and no staff.
        assert!(log[0].record_ids.is_empty() && log[0].record_created.is_empty());
        assert_eq!(
            (log[0].staff.as_str(), log[0].second_staff.as_str()),
            ("", "")
        );

        // A full batch is followed by another query, which finds the run's
        // end: a batch of one (the last loan), then an empty one.
        let done = run_automatic_in(db.conn(), at_ten(2026, 4, 17), 1).expect("the run");
        assert_eq!(done[0], (Rule::LoanLink, 1));
        assert_eq!(linked(&db), 0);
    }

    #[test]
    fn a_return_date_without_a_dates_shape_is_due_neither_in_the_calendar_nor_in_the_run() {
        let (db, loan) = one_returned_loan();
        copies_of(&db, loan, 2);
        // Two copies' dates damaged (a hand-edited or half-restored file):
        // text sorts before any day, yet neither is a day.
        db.conn()
            .execute(
                "UPDATE loan SET returned_at = CASE id WHEN ?1 THEN '' ELSE '2026' END WHERE id > ?1",
                [loan - 1],
            )
            .expect("damaged dates");
        db.conn()
            .execute(
                "UPDATE loan SET returned_at = '2026-04-02 10:00:00' WHERE id = ?1",
                [loan],
            )
            .expect("the good one");
        let calendar =
            super::calendar_in(db.conn(), at_ten(2026, 5, 1).date(), 0).expect("the calendar");
        assert_eq!(calendar.len(), 1, "{calendar:?}");
        let done = run_automatic_in(db.conn(), at_ten(2026, 5, 1), 2).expect("the run");
        assert_eq!(done[0], (Rule::LoanLink, 1), "only the readable date");
        assert_eq!(linked(&db), 2);
    }
}
