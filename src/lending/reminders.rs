//! Overdue loans and reminders (Mahnungen). Three levels: the first when a
//! loan is overdue by the first interval, each further one an interval after
//! the previous. A reminder, once recorded for a loan and level, is never
//! recorded again (primary key), so no letter goes out twice. No fees.

use std::collections::HashSet;

use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::rules::{self, LendingSettings};
use super::{loan_by_id, loan_from_row, timestamp, Loan, LOAN_COLUMN_COUNT};
use crate::db::engine::{args, Engine, Sql};
use crate::folding::sort_key;
use crate::lists::{OverdueColumn, Page, Paging, Sort};
use crate::people::{self, Borrower, BorrowerKind};
use crate::Record;
use crate::{search, Db, Error, Result};

/// An overdue loan as the overdue list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverdueLoan {
    /// The loan.
    pub loan: Loan,
    /// The borrower's name ("" once unlinked).
    pub borrower_name: String,
    /// The borrower's Ausweisnummer.
    pub card_number: String,
    /// The borrower's e-mail address, if any.
    pub email: String,
    /// Days past the due date.
    pub days_overdue: i64,
    /// Highest reminder level sent (0: none yet).
    pub last_level: u8,
    /// When that reminder was sent.
    pub last_sent_on: Option<NaiveDate>,
    /// The next level, unless all three were sent.
    pub next_level: Option<u8>,
    /// From when the next level may be sent.
    pub next_due_on: Option<NaiveDate>,
    /// The next reminder may be sent today.
    pub reminder_due: bool,
    /// A reminder is due today for at least one of the borrower's overdue
    /// loans, whether the list's filters show that loan or not: what
    /// [`record_reminders`] would send (false without a borrower).
    pub borrower_reminder_due: bool,
    /// This row is the borrower's first in the whole list as sorted, not
    /// only on its page: the one row that offers the borrower's reminder
    /// (false without a borrower).
    pub first_of_borrower: bool,
}

/// Filters of the overdue list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct OverdueFilter {
    /// Part of a name, Ausweisnummer, title or Inventarnummer.
    pub text: String,
    /// Overdue by at least this many days.
    pub min_days: u32,
    /// Only loans whose next reminder is due.
    pub reminder_due_only: bool,
    /// Only borrowers of this kind.
    pub borrower_kind: Option<BorrowerKind>,
    /// One borrower only.
    pub borrower_id: Option<i64>,
}

fn next_step(
    settings: &LendingSettings,
    due_on: NaiveDate,
    last_level: u8,
    last_sent_on: Option<NaiveDate>,
) -> Option<(u8, NaiveDate)> {
    let days = |i: usize| Days::new(u64::from(settings.reminder_days[i]));
    match (last_level, last_sent_on) {
        (0, _) => Some((1, due_on + days(0))),
        (1, Some(sent)) => Some((2, sent + days(1))),
        (2, Some(sent)) => Some((3, sent + days(2))),
        _ => None,
    }
}

fn overdue_in(
    conn: &dyn Sql,
    today: NaiveDate,
    filter: &OverdueFilter,
) -> Result<Vec<OverdueLoan>> {
    let settings = rules::lending_settings_in(conn)?;
    const OVERDUE: &str = concat!(
        "SELECT ",
        loan_columns!(),
        ", coalesce(b.name, ''), coalesce(b.card_number, ''), coalesce(b.email, ''),
           (SELECT level FROM reminder WHERE loan_id = l.id ORDER BY level DESC LIMIT 1),
           (SELECT sent_on FROM reminder WHERE loan_id = l.id ORDER BY level DESC LIMIT 1),
           (CAST(?3 AS TEXT) IS NULL OR l.borrower_kind = ?3) ",
        loan_from!(),
        " LEFT JOIN borrower AS b ON b.id = l.borrower_id
         WHERE l.returned_at IS NULL AND l.due_on < ?1
           AND (CAST(?2 AS BIGINT) IS NULL OR l.borrower_id = ?2)
         ORDER BY l.due_on, l.id"
    );
    let needle = search::fold_plain(filter.text.trim());
    let kind = filter.borrower_kind.map(|k| k.code());
    // Every open overdue loan (of the one borrower asked for) is read, so
    // that "a reminder is due for the borrower" counts the loans the other
    // filters hide; the filters apply afterwards.
    let rows = conn.rows(OVERDUE, args![today, filter.borrower_id, kind])?;
    let rows = rows.iter().map(|row| {
        let loan = loan_from_row(row)?;
        let last_level: Option<u8> = row.get(LOAN_COLUMN_COUNT + 3)?;
        let last_sent_on: Option<NaiveDate> = row.get(LOAN_COLUMN_COUNT + 4)?;
        let last_level = last_level.unwrap_or(0);
        let next = next_step(&settings, loan.due_on, last_level, last_sent_on);
        let kind_matches: bool = row.get(LOAN_COLUMN_COUNT + 5)?;
        Ok((
            kind_matches,
            OverdueLoan {
                days_overdue: loan.days_overdue(today),
                reminder_due: next.is_some_and(|(_, from)| from <= today),
                loan,
                borrower_name: row.get(LOAN_COLUMN_COUNT)?,
                card_number: row.get(LOAN_COLUMN_COUNT + 1)?,
                email: row.get(LOAN_COLUMN_COUNT + 2)?,
                last_level,
                last_sent_on,
                next_level: next.map(|(level, _)| level),
                next_due_on: next.map(|(_, from)| from),
                borrower_reminder_due: false,
                first_of_borrower: false,
            },
        ))
    });
    let read = rows.collect::<Result<Vec<_>>>()?;
    let borrowers_due: HashSet<i64> = read
        .iter()
        .filter(|(_, o)| o.reminder_due)
        .filter_map(|(_, o)| o.loan.borrower_id)
        .collect();
    let shown = |o: &OverdueLoan| {
        if o.days_overdue < i64::from(filter.min_days)
            || (filter.reminder_due_only && !o.reminder_due)
        {
            return false;
        }
        needle.is_empty()
            || search::fold_plain(&format!(
                "{} {} {} {}",
                o.borrower_name, o.card_number, o.loan.title, o.loan.barcode
            ))
            .contains(&needle)
    };
    let mut list: Vec<OverdueLoan> = read
        .into_iter()
        .filter(|(kind_matches, o)| *kind_matches && shown(o))
        .map(|(_, mut o)| {
            o.borrower_reminder_due = o
                .loan
                .borrower_id
                .is_some_and(|id| borrowers_due.contains(&id));
            o
        })
        .collect();
    mark_first_of_borrower(&mut list);
    Ok(list)
}

/// Marks each borrower's first row in `list` as it is ordered now.
fn mark_first_of_borrower(list: &mut [OverdueLoan]) {
    let mut seen = HashSet::new();
    for row in list {
        row.first_of_borrower = row.loan.borrower_id.is_some_and(|id| seen.insert(id));
    }
}

/// Loans overdue on `today`, the longest overdue first, each borrower's
/// first loan in that order marked.
///
/// # Errors
/// Only SQLite failures.
pub fn overdue_loans(
    db: &Db,
    today: NaiveDate,
    filter: &OverdueFilter,
) -> Result<Vec<OverdueLoan>> {
    overdue_in(db.conn(), today, filter)
}

/// [`overdue_loans`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn overdue_loans_in(
    sql: &dyn Sql,
    today: NaiveDate,
    filter: &OverdueFilter,
) -> Result<Vec<OverdueLoan>> {
    overdue_in(sql, today, filter)
}

/// The overdue list as the window shows it: [`overdue_loans`] sorted by
/// `sort` (`borrower:asc`; `None`: the sort kept for the list), the
/// borrower's name next and the loan's id last, one page with the total.
/// Sorted in memory, not in SQL: the text filter and "reminder due" are
/// decided per row after reading, and the list holds only open overdue
/// loans. Names and titles sort folded (`ä` with `a`, `ß` as `ss`).
/// Each borrower's first row is marked in the order of the whole list,
/// before it is cut into pages, so a borrower whose loans fall on two
/// pages is offered one reminder, on the page of the first.
///
/// # Errors
/// [`Error::UnknownSortKey`] for a sort the list does not have; SQLite
/// failures.
pub fn overdue_page(
    db: &Db,
    today: NaiveDate,
    filter: &OverdueFilter,
    sort: Option<&str>,
    paging: Paging,
) -> Result<Page<OverdueLoan>> {
    overdue_page_in(db.conn(), today, filter, sort, paging)
}

/// [`overdue_page`] inside a read, on either engine.
///
/// # Errors
/// As [`overdue_page`].
pub fn overdue_page_in(
    sql: &dyn Sql,
    today: NaiveDate,
    filter: &OverdueFilter,
    sort: Option<&str>,
    paging: Paging,
) -> Result<Page<OverdueLoan>> {
    let sort = Sort::<OverdueColumn>::chosen_in(sql, sort)?;
    let mut list: Vec<(String, String, OverdueLoan)> = overdue_in(sql, today, filter)?
        .into_iter()
        .map(|o| (sort_key(&o.borrower_name), sort_key(&o.loan.title), o))
        .collect();
    list.sort_by(|(name_a, title_a, a), (name_b, title_b, b)| {
        sort.compare(
            match sort.column {
                OverdueColumn::Borrower => name_a.cmp(name_b),
                OverdueColumn::Title => title_a.cmp(title_b),
                OverdueColumn::DueOn => a.loan.due_on.cmp(&b.loan.due_on),
                OverdueColumn::Days => a.days_overdue.cmp(&b.days_overdue),
                OverdueColumn::Level => a.last_level.cmp(&b.last_level),
            },
            || name_a.cmp(name_b).then(a.loan.id.cmp(&b.loan.id)),
        )
    });
    let mut list: Vec<OverdueLoan> = list.into_iter().map(|(_, _, o)| o).collect();
    mark_first_of_borrower(&mut list);
    Ok(Page {
        total: list.len() as i64,
        rows: paging.cut(list),
        sort: sort.code(),
    })
}

/// One line of a reminder letter, as the letter said it: title,
/// Inventarnummer and due date are those of the day it was sent, whatever
/// became of the loan since (renewed, returned, its title corrected).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReminderItem {
    /// The loan reminded of, as it is now.
    pub loan: Loan,
    /// The level recorded for this loan.
    pub level: u8,
    /// The title the letter named.
    pub title: String,
    /// The Inventarnummer the letter named.
    pub barcode: String,
    /// The due date the letter named.
    pub due_on: NaiveDate,
    /// Days past that due date on the day of the letter.
    pub days_overdue: i64,
}

impl ReminderItem {
    /// A line of a letter sent today about `loan` as it stands.
    fn of(loan: Loan, level: u8, sent_on: NaiveDate) -> Self {
        ReminderItem {
            level,
            title: loan.title.clone(),
            barcode: loan.barcode.clone(),
            due_on: loan.due_on,
            days_overdue: loan.days_overdue(sent_on),
            loan,
        }
    }
}

/// A reminder letter sent to a borrower: the day, its level and what it
/// named, for the borrower's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentReminder {
    /// The day of the letter (with the borrower, it names the letter).
    pub sent_on: NaiveDate,
    /// The highest level among its loans.
    pub level: u8,
    /// The titles the letter named, in the letter's order.
    pub titles: Vec<String>,
}

/// A reminder letter to one borrower: the loans reminded of, each with its
/// level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReminderLetter {
    /// To whom.
    pub borrower: Borrower,
    /// The loans reminded of.
    pub items: Vec<ReminderItem>,
    /// The highest level among the items (the letter's tone).
    pub level: u8,
    /// The day of the letter.
    pub sent_on: NaiveDate,
}

/// Records the reminders due today for one borrower's overdue loans and
/// returns the letter. A loan whose next reminder is not due yet (or that
/// had all three) is left out; recorded levels are never recorded again.
///
/// # Errors
/// [`Error::NotFound`] (borrower), [`Error::NoReminderDue`].
pub fn record_reminders(
    store: &mut impl Engine,
    borrower_id: i64,
    today: NaiveDate,
) -> Result<ReminderLetter> {
    let (borrower, items) = store.write_sql(|tx| {
        let borrower = people::borrower_in(tx, borrower_id)?;
        let due: Vec<OverdueLoan> = overdue_in(
            tx,
            today,
            &OverdueFilter {
                borrower_id: Some(borrower_id),
                reminder_due_only: true,
                ..OverdueFilter::default()
            },
        )?;
        if due.is_empty() {
            return Err(Error::NoReminderDue);
        }
        let mut items = Vec::new();
        for overdue in due {
            let Some(level) = overdue.next_level else {
                continue;
            };
            let item = ReminderItem::of(overdue.loan, level, today);
            tx.run(
                "INSERT INTO reminder (loan_id, level, sent_on, title, barcode, due_on, borrower_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                args![
                    item.loan.id,
                    u32::from(level),
                    today,
                    &item.title,
                    &item.barcode,
                    item.due_on,
                    borrower_id
                ],
            )?;
            items.push(item);
        }
        Ok((borrower, items))
    })?;
    Ok(ReminderLetter {
        level: items.iter().map(|i| i.level).max().unwrap_or(1),
        borrower,
        items,
        sent_on: today,
    })
}

/// What a reminder row stored of its letter: loan, level, and the title,
/// Inventarnummer and due date printed (NULL before schema version 10).
type StoredItem = (i64, u8, Option<String>, Option<String>, Option<NaiveDate>);

/// The letter of reminders recorded for a borrower on one day, to print it
/// again: the same loans, levels, titles, Inventarnummern, due dates and
/// day as the letter that was sent, even when a loan was renewed, returned
/// or its title corrected since. (Reminders recorded before the app stored
/// what a letter said show the loan as it is now.) The borrower's name and
/// address are the current ones, so the copy reaches them.
///
/// # Errors
/// [`Error::NotFound`] (borrower, or no reminder on that day).
pub fn reminder_letter(db: &Db, borrower_id: i64, sent_on: NaiveDate) -> Result<ReminderLetter> {
    reminder_letter_in(db.conn(), borrower_id, sent_on)
}

/// [`reminder_letter`] inside a read, on either engine.
///
/// # Errors
/// As [`reminder_letter`].
pub fn reminder_letter_in(
    sql: &dyn Sql,
    borrower_id: i64,
    sent_on: NaiveDate,
) -> Result<ReminderLetter> {
    let borrower = people::borrower_in(sql, borrower_id)?;
    let rows: Vec<StoredItem> = sql
        .rows(
            "SELECT r.loan_id, r.level, r.title, r.barcode, r.due_on
             FROM reminder AS r JOIN loan AS l ON l.id = r.loan_id
             WHERE coalesce(r.borrower_id, l.borrower_id) = ?1 AND r.sent_on = ?2
             ORDER BY coalesce(r.due_on, l.due_on), l.id",
            args![borrower_id, sent_on],
        )?
        .iter()
        .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .collect::<Result<_>>()?;
    if rows.is_empty() {
        return Err(Error::NotFound {
            what: Record::Reminder,
        });
    }
    let mut items = Vec::new();
    for (loan_id, level, title, barcode, due_on) in rows {
        let mut item = ReminderItem::of(loan_by_id(sql, loan_id)?, level, sent_on);
        if let (Some(title), Some(barcode), Some(due_on)) = (title, barcode, due_on) {
            item.title = title;
            item.barcode = barcode;
            item.due_on = due_on;
            item.days_overdue = (sent_on - due_on).num_days().max(0);
        }
        items.push(item);
    }
    Ok(ReminderLetter {
        level: items.iter().map(|i| i.level).max().unwrap_or(1),
        borrower,
        items,
        sent_on,
    })
}

/// The reminder letters sent to a borrower, the latest first: one per day
/// on which reminders were recorded for their loans.
///
/// # Errors
/// [`Error::NotFound`] (borrower).
pub fn sent_reminders(db: &Db, borrower_id: i64) -> Result<Vec<SentReminder>> {
    sent_reminders_of(db.conn(), borrower_id)
}

/// [`sent_reminders`] inside a read, on either engine (the borrower's page
/// on the shared database).
///
/// # Errors
/// [`Error::NotFound`] when there is no such borrower.
pub fn sent_reminders_of(sql: &dyn Sql, borrower_id: i64) -> Result<Vec<SentReminder>> {
    people::borrower_in(sql, borrower_id)?;
    sent_reminders_in(sql, borrower_id)
}

/// The letters sent to a borrower, on the caller's connection (the access
/// report), without checking that the borrower exists.
pub(crate) fn sent_reminders_in(sql: &dyn Sql, borrower_id: i64) -> Result<Vec<SentReminder>> {
    let mut letters: Vec<SentReminder> = Vec::new();
    for row in sql.rows(
        "SELECT r.sent_on, r.level, coalesce(r.title, m.title)
         FROM reminder AS r JOIN loan AS l ON l.id = r.loan_id
         JOIN copy AS c ON c.id = l.copy_id JOIN medium AS m ON m.id = c.medium_id
         WHERE coalesce(r.borrower_id, l.borrower_id) = ?1
         ORDER BY r.sent_on DESC, coalesce(r.due_on, l.due_on), l.id",
        args![borrower_id],
    )? {
        let (sent_on, level, title): (NaiveDate, u8, String) =
            (row.get(0)?, row.get(1)?, row.get(2)?);
        match letters.last_mut() {
            Some(letter) if letter.sent_on == sent_on => {
                letter.level = letter.level.max(level);
                letter.titles.push(title);
            }
            _ => letters.push(SentReminder {
                sent_on,
                level,
                titles: vec![title],
            }),
        }
    }
    Ok(letters)
}

/// Closes an open loan as lost: the copy is marked verloren (and so leaves
/// the shelf for good, keeping its history). No fee is charged.
///
/// # Errors
/// [`Error::NotFound`], [`Error::LoanClosed`].
pub fn mark_lost(store: &mut impl Engine, loan_id: i64, now: NaiveDateTime) -> Result<Loan> {
    store.write_sql(|tx| {
        let state = tx.row(
            "SELECT copy_id, returned_at FROM loan WHERE id = ?1",
            args![loan_id],
        )?;
        let Some(state) = state else {
            return Err(Error::NotFound { what: Record::Loan });
        };
        let (copy_id, returned): (i64, Option<String>) = (state.get(0)?, state.get(1)?);
        if returned.is_some() {
            return Err(Error::LoanClosed);
        }
        tx.run(
            "UPDATE loan SET returned_at = ?2, outcome = 'verloren' WHERE id = ?1",
            args![loan_id, timestamp(now)],
        )?;
        tx.run(
            "UPDATE copy SET status = 'verloren', retired_on = ?2 WHERE id = ?1",
            args![copy_id, now.date()],
        )?;
        loan_by_id(tx, loan_id)
    })
}
