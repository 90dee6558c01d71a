//! The Mediathek's figures: loans by month, Mediengruppe, level, language
//! and kind of borrower; stock, acquisitions and withdrawals; the most and
//! the never lent media; overdue loans and long waits for a reservation.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{params, Connection, Row};

use super::{
    compare_one, counts, lines, names, Compared, Counts, LentMedium, Line, Mediathek, Period, Share,
};
use crate::privacy::statistics::LEVELS;
use crate::Result;

/// Renewals of the period: `?1 <= renewed_at < ?2`.
const RENEWALS: &str = "loan_renewal AS n WHERE n.renewed_at >= ?1 AND n.renewed_at < ?2";

/// Hashes a row's number with one multiplication: the maps below hold
/// hundreds of thousands of numbers from the database, where SipHash's
/// protection against chosen keys buys nothing and costs most of the time.
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn write_i64(&mut self, n: i64) {
        self.0 = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type IdMap<V> = HashMap<i64, V, BuildHasherDefault<IdHasher>>;
type IdSet = HashSet<i64, BuildHasherDefault<IdHasher>>;

/// The borrower kinds a loan keeps, in the order the tables list them.
const BORROWER_KINDS: [&str; 4] = ["hauptamtlich", "ehrenamtlich", "organisation", "sonstige"];

/// A text column of `r` without copying it (NULL: none).
fn text<'a>(r: &'a Row<'_>, i: usize) -> Result<Option<&'a str>> {
    Ok(r.get_ref(i)?.as_str_or_null().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })?)
}

/// What the figures group a medium by, read once for both periods.
struct Medium {
    /// Its Mediengruppe, as a position in `Catalogue::kinds` (none for a
    /// dangling kind).
    kind: Option<usize>,
    /// The first and last level it covers, as positions in `LEVELS` (a
    /// medium for A1–B1: A1, A2 and B1); none: without a level.
    levels: Option<(usize, usize)>,
    /// Its target languages (role `ziel`), as positions in
    /// `Catalogue::languages`; empty: none.
    languages: Vec<usize>,
}

/// Counts per Mediengruppe, level and language, by position.
#[derive(Default)]
struct ByMedium {
    kind: Vec<u32>,
    /// One per level, then one for "without".
    level: [u32; LEVELS.len() + 1],
    /// One per language, then one for "without".
    language: Vec<u32>,
}

impl ByMedium {
    fn new(catalogue: &Catalogue) -> ByMedium {
        ByMedium {
            kind: vec![0; catalogue.kinds.len()],
            level: [0; LEVELS.len() + 1],
            language: vec![0; catalogue.languages.len() + 1],
        }
    }

    /// Adds `n` to each group of `medium`.
    fn add(&mut self, medium: &Medium, n: u32) {
        if let Some(kind) = medium.kind {
            self.kind[kind] += n;
        }
        match medium.levels {
            Some((from, to)) => self.level[from..=to].iter_mut().for_each(|l| *l += n),
            None => self.level[LEVELS.len()] += n,
        }
        if medium.languages.is_empty() {
            if let Some(without) = self.language.last_mut() {
                *without += n;
            }
        }
        for l in &medium.languages {
            self.language[*l] += n;
        }
    }

    fn kinds(&self, catalogue: &Catalogue) -> Counts {
        named(&self.kind, &catalogue.kinds)
    }

    fn levels(&self) -> Counts {
        let mut names: Vec<String> = LEVELS.iter().map(|l| (*l).to_owned()).collect();
        names.push(String::new());
        named(&self.level, &names)
    }

    fn languages(&self, catalogue: &Catalogue) -> Counts {
        let mut names = catalogue.languages.clone();
        names.push(String::new());
        named(&self.language, &names)
    }
}

/// The groups with a count, by name.
fn named(counts: &[u32], names: &[String]) -> Counts {
    counts
        .iter()
        .zip(names)
        .filter(|(n, _)| **n > 0)
        .map(|(n, name)| (name.clone(), *n))
        .collect()
}

/// Every medium by its number, and every copy's medium.
struct Catalogue {
    kinds: Vec<String>,
    languages: Vec<String>,
    media: IdMap<Medium>,
    copies: IdMap<i64>,
}

impl Catalogue {
    fn load(conn: &Connection, kinds: &[String]) -> Result<Catalogue> {
        let kind_ids: HashMap<i64, usize> = conn
            .prepare_cached("SELECT id FROM media_kind ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .enumerate()
            .map(|(i, id)| id.map(|id| (id, i)))
            .collect::<Result<_, _>>()?;
        let mut media = IdMap::default();
        let mut stmt =
            conn.prepare_cached("SELECT id, kind_id, level_from, level_to FROM medium")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let from: Option<i64> = r.get(2)?;
            let to: Option<i64> = r.get(3)?;
            // As far as each end is known; a range upside down or outside
            // the scale has no level.
            let top = LEVELS.len() as i64 - 1;
            let levels = match (from.or(to), to.or(from)) {
                (Some(a), Some(b)) if a.max(0) <= b.min(top) => {
                    Some((a.max(0) as usize, b.min(top) as usize))
                }
                _ => None,
            };
            let kind: Option<i64> = r.get(1)?;
            media.insert(
                r.get(0)?,
                Medium {
                    kind: kind.and_then(|k| kind_ids.get(&k).copied()),
                    levels,
                    languages: Vec::new(),
                },
            );
        }
        let mut languages: Vec<String> = Vec::new();
        let mut stmt =
            conn.prepare_cached("SELECT medium_id, code FROM medium_language WHERE role = 'ziel'")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            // A few dozen languages: found faster in a list than hashed.
            let code = text(r, 1)?.unwrap_or_default();
            let i = match languages.iter().position(|l| l == code) {
                Some(i) => i,
                None => {
                    languages.push(code.to_owned());
                    languages.len() - 1
                }
            };
            if let Some(m) = media.get_mut(&r.get::<_, i64>(0)?) {
                m.languages.push(i);
            }
        }
        let mut copies = IdMap::default();
        let mut stmt = conn.prepare_cached("SELECT id, medium_id FROM copy")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            copies.insert(r.get(0)?, r.get(1)?);
        }
        Ok(Catalogue {
            kinds: kinds.to_vec(),
            languages,
            media,
            copies,
        })
    }
}

/// The loans of one period.
struct Loans {
    period: Period,
    first: String,
    after: String,
    /// The 1st of the first month: active borrowers are counted by month.
    month_start: String,
    first_month: String,
    /// The month of `month_start` as a number (`year * 12 + month`).
    base_month: i32,
    total: u32,
    by_month: Vec<u32>,
    by_borrower_kind: [u32; 4],
    active_by_kind: [u32; 4],
    new_by_kind: [u32; 4],
    by_copy: IdMap<u32>,
}

impl Loans {
    fn new(p: &Period) -> Loans {
        let month_start = p.first.with_day(1).unwrap_or(p.first);
        Loans {
            period: *p,
            first: p.first.to_string(),
            after: p.end_exclusive().to_string(),
            month_start: month_start.to_string(),
            first_month: p.first.format("%Y-%m").to_string(),
            base_month: month_start.year() * 12 + month_start.month0() as i32,
            total: 0,
            by_month: Vec::new(),
            by_borrower_kind: [0; 4],
            active_by_kind: [0; 4],
            new_by_kind: [0; 4],
            by_copy: IdMap::default(),
        }
    }

    /// Counts a loan if it falls in the period (or, for the active
    /// borrowers, in the period's first month before it).
    fn add(&mut self, copy: i64, loaned_at: &str, kind: Option<usize>, previous: Option<&str>) {
        if loaned_at < self.month_start.as_str() || loaned_at >= self.after.as_str() {
            return;
        }
        // Each borrower once among the active: their first loan in the
        // period is the one whose previous loan lies before it. The record
        // is by month, so a period that does not start on the 1st counts
        // its active borrowers from the 1st of its month.
        if let (Some(k), Some(m)) = (kind, previous) {
            if m == "-" || m < self.first_month.as_str() {
                self.active_by_kind[k] += 1;
            }
        }
        if loaned_at < self.first.as_str() {
            return;
        }
        self.total += 1;
        if let Some(k) = kind {
            self.by_borrower_kind[k] += 1;
            if previous == Some("-") {
                self.new_by_kind[k] += 1;
            }
        }
        let month = loaned_at
            .get(..4)
            .and_then(|y| y.parse::<i32>().ok())
            .zip(loaned_at.get(5..7).and_then(|m| m.parse::<i32>().ok()))
            .map(|(y, m)| y * 12 + m - 1 - self.base_month);
        if let Some(i) = month.and_then(|m| usize::try_from(m).ok()) {
            if self.by_month.len() <= i {
                self.by_month.resize(i + 1, 0);
            }
            self.by_month[i] += 1;
        }
        *self.by_copy.entry(copy).or_insert(0) += 1;
    }

    /// Per month (`YYYY-MM`).
    fn months(&self) -> Counts {
        let mut counts = Counts::new();
        for (i, n) in self.by_month.iter().enumerate().filter(|(_, n)| **n > 0) {
            let m = self.base_month + i as i32;
            counts.insert(
                format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1),
                *n,
            );
        }
        counts
    }

    /// Per medium, and per Mediengruppe, level and language.
    fn by_medium(&self, catalogue: &Catalogue) -> (IdMap<u32>, ByMedium) {
        let mut per_medium: IdMap<u32> = IdMap::default();
        for (copy, n) in &self.by_copy {
            if let Some(medium) = catalogue.copies.get(copy) {
                *per_medium.entry(*medium).or_insert(0) += n;
            }
        }
        let mut groups = ByMedium::new(catalogue);
        for (medium, n) in &per_medium {
            if let Some(m) = catalogue.media.get(medium) {
                groups.add(m, *n);
            }
        }
        (per_medium, groups)
    }
}

fn kind_counts(counts: &[u32; 4]) -> Counts {
    BORROWER_KINDS
        .iter()
        .zip(counts)
        .map(|(k, n)| ((*k).to_owned(), *n))
        .collect()
}

/// The two years up to a period's last day in which a medium in stock
/// since before them was not lent.
struct Unlent {
    first: String,
    after: String,
    lent: IdSet,
}

impl Unlent {
    fn add(&mut self, copy: i64, loaned_at: &str) {
        if loaned_at >= self.first.as_str() && loaned_at < self.after.as_str() {
            self.lent.insert(copy);
        }
    }

    /// The first day of the two years up to `p`'s last day.
    fn new_first(p: &Period) -> String {
        p.last
            .checked_sub_months(Months::new(24))
            .unwrap_or(p.last)
            .to_string()
    }

    fn new(p: &Period) -> Unlent {
        Unlent {
            first: Unlent::new_first(p),
            after: p.end_exclusive().to_string(),
            lent: IdSet::default(),
        }
    }
}

/// The loans the pass over both periods reads: from the 1st of the
/// earlier first month up to the end of the later period.
fn loan_range(periods: (&Period, &Period)) -> (String, String) {
    let (now, before) = (Loans::new(periods.0), Loans::new(periods.1));
    (
        now.month_start.min(before.month_start),
        now.after.max(before.after),
    )
}

/// One pass over the loans of both periods, in the order they were made
/// (from the index `loan_by_time` alone).
fn count_loans(conn: &Connection, loans: [&mut Loans; 2], unlent: [&mut Unlent; 2]) -> Result<()> {
    let [now, before] = loans;
    let [unlent_now, unlent_before] = unlent;
    let (from, until) = loan_range((&now.period, &before.period));
    let mut stmt = conn.prepare_cached(
        "SELECT l.copy_id, l.loaned_at, l.borrower_kind, l.previous_loan_month
         FROM loan AS l WHERE l.loaned_at >= ?1 AND l.loaned_at < ?2",
    )?;
    let mut rows = stmt.query(params![from, until])?;
    while let Some(r) = rows.next()? {
        let copy: i64 = r.get(0)?;
        let loaned_at = text(r, 1)?.unwrap_or_default();
        let kind = text(r, 2)?.and_then(|k| BORROWER_KINDS.iter().position(|b| *b == k));
        let previous = text(r, 3)?;
        now.add(copy, loaned_at, kind, previous);
        before.add(copy, loaned_at, kind, previous);
        for u in [&mut *unlent_now, &mut *unlent_before] {
            u.add(copy, loaned_at);
        }
    }
    Ok(())
}

/// The copies lent in the two years before each period's end outside the
/// range of [`count_loans`]: those years reach further back (and a period
/// a year back may end after the chosen one began). Only which copies.
fn lent_around(conn: &Connection, periods: (&Period, &Period)) -> Result<[Unlent; 2]> {
    let (mut unlent_now, mut unlent_before) = (Unlent::new(periods.0), Unlent::new(periods.1));
    let (from, until) = loan_range(periods);
    let wide_from = unlent_now
        .first
        .as_str()
        .min(unlent_before.first.as_str())
        .to_owned();
    let wide_until = unlent_now
        .after
        .as_str()
        .max(unlent_before.after.as_str())
        .to_owned();
    let mut stmt = conn.prepare_cached(
        "SELECT l.copy_id, l.loaned_at FROM loan AS l WHERE l.loaned_at >= ?1 AND l.loaned_at < ?2",
    )?;
    for (start, end) in [(&wide_from, &from), (&until, &wide_until)] {
        if start >= end {
            continue;
        }
        let mut rows = stmt.query(params![start, end])?;
        while let Some(r) = rows.next()? {
            let copy: i64 = r.get(0)?;
            let loaned_at = text(r, 1)?.unwrap_or_default();
            for u in [&mut unlent_now, &mut unlent_before] {
                u.add(copy, loaned_at);
            }
        }
    }
    Ok([unlent_now, unlent_before])
}

/// The copies in stock at the end of a period and those acquired and
/// withdrawn in it.
struct Stock {
    period: Period,
    first: String,
    last: String,
    total: u32,
    groups: ByMedium,
    acquired: u32,
    withdrawn: u32,
}

impl Stock {
    fn new(p: &Period, catalogue: &Catalogue) -> Stock {
        Stock {
            period: *p,
            first: p.first.to_string(),
            last: p.last.to_string(),
            total: 0,
            groups: ByMedium::new(catalogue),
            acquired: 0,
            withdrawn: 0,
        }
    }
}

/// One pass over the copies for the stock of both periods; per period
/// also the media with a copy in stock since before the two years up to
/// its end (which [`never_lent`] needs).
fn count_stock(
    conn: &Connection,
    catalogue: &Catalogue,
    stock: [&mut Stock; 2],
) -> Result<[IdSet; 2]> {
    let since = [
        Unlent::new_first(&stock[0].period),
        Unlent::new_first(&stock[1].period),
    ];
    let mut long_in_stock: [IdSet; 2] = Default::default();
    let mut stmt = conn.prepare_cached(
        "SELECT c.medium_id, coalesce(c.acquired_on, substr(c.created_at, 1, 10)), c.retired_on,
                c.status IN ('ausgeschieden', 'verloren')
         FROM copy AS c",
    )?;
    let mut rows = stmt.query([])?;
    let [stock_now, stock_before] = stock;
    while let Some(r) = rows.next()? {
        let medium: i64 = r.get(0)?;
        let acquired = text(r, 1)?.unwrap_or_default();
        let retired = text(r, 2)?;
        let gone: bool = r.get(3)?;
        for (i, s) in [&mut *stock_now, &mut *stock_before]
            .into_iter()
            .enumerate()
        {
            if acquired >= s.first.as_str() && acquired <= s.last.as_str() {
                s.acquired += 1;
            }
            if gone && retired.is_some_and(|d| d >= s.first.as_str() && d <= s.last.as_str()) {
                s.withdrawn += 1;
            }
            // A withdrawn or lost copy without a day counts as gone.
            if acquired > s.last.as_str() || (gone && retired.unwrap_or("") <= s.last.as_str()) {
                continue;
            }
            s.total += 1;
            if let Some(m) = catalogue.media.get(&medium) {
                s.groups.add(m, 1);
            }
            if acquired <= since[i].as_str() {
                long_in_stock[i].insert(medium);
            }
        }
    }
    Ok(long_in_stock)
}

/// Per period, the media per Mediengruppe in stock since before the two
/// years up to its end and not lent in them: a copy lent in the two years
/// (in the loan pass or around it, in stock or no longer) makes its medium
/// lent.
fn never_lent(
    catalogue: &Catalogue,
    long_in_stock: &[IdSet; 2],
    lent: [[&Unlent; 2]; 2],
) -> [Counts; 2] {
    let mut never: [Counts; 2] = Default::default();
    for i in 0..2 {
        let mut media_lent = IdSet::default();
        for copy in lent[i].iter().flat_map(|u| u.lent.iter()) {
            if let Some(medium) = catalogue.copies.get(copy) {
                media_lent.insert(*medium);
            }
        }
        let mut groups = ByMedium::new(catalogue);
        for medium in long_in_stock[i].difference(&media_lent) {
            if let Some(m) = catalogue.media.get(medium) {
                groups.add(m, 1);
            }
        }
        never[i] = groups.kinds(catalogue);
    }
    never
}

/// Per Sprachniveau: every level, then "" for media without one.
fn level_lines(now: &Counts, before: &Counts) -> Vec<Line> {
    let mut fixed: Vec<String> = LEVELS.iter().map(|l| (*l).to_owned()).collect();
    fixed.push(String::new());
    lines(&fixed, now, before)
}

/// Per target language, then "" for media without one.
fn language_lines(now: &Counts, before: &Counts) -> Vec<Line> {
    empty_last(lines(&[], now, before))
}

/// Counts per month (`sql` groups by `YYYY-MM`): a line for every month of
/// the chosen period; `before` is the same month a year earlier.
fn by_month(
    conn: &Connection,
    sql: &str,
    periods: (&Period, &Period),
    today: NaiveDate,
) -> Result<Vec<Line>> {
    let now = counts(conn, sql, periods.0, today)?;
    let before = counts(conn, sql, periods.1, today)?;
    Ok(month_lines(periods.0, &now, &before))
}

/// A line for every month of `period`, with the count of the same month a
/// year earlier from `before`.
fn month_lines(period: &Period, now: &Counts, before: &Counts) -> Vec<Line> {
    let before: Counts = before
        .iter()
        .filter_map(|(month, n)| {
            let day = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
            let next = day.checked_add_months(Months::new(12))?;
            Some((next.format("%Y-%m").to_string(), *n))
        })
        .collect();
    let mut months = Vec::new();
    let mut month = period.first.with_day(1).unwrap_or(period.first);
    while month <= period.last {
        months.push(month.format("%Y-%m").to_string());
        let Some(next) = month.checked_add_months(Months::new(1)) else {
            break;
        };
        month = next;
    }
    lines(&months, now, &before)
}

/// Moves the "" group (ohne Angabe) to the end.
pub(super) fn empty_last(mut lines: Vec<Line>) -> Vec<Line> {
    lines.sort_by_key(|l| l.group.is_empty());
    lines
}

/// The Mediathek's figures on one connection, one part after the other
/// ([`report`](super::report) counts a database file on two connections
/// at once).
pub(super) fn mediathek(
    conn: &Connection,
    periods: (&Period, &Period),
    today: NaiveDate,
) -> Result<Mediathek> {
    let counted = catalogue_figures(conn, periods, today, || loan_pass(conn, periods))?;
    let overdue = overdue_rates(conn, periods, today)?;
    assemble(conn, periods, counted, overdue)
}

/// What the pass over the loans counts: both periods' loans, and the
/// copies lent in the two years before each period's end as far as the
/// pass reads them.
pub(super) struct LoanPass {
    now: Loans,
    before: Loans,
    unlent: [Unlent; 2],
}

/// The pass over the loans of both periods (the longest part of the
/// report; it needs nothing else).
pub(super) fn loan_pass(conn: &Connection, periods: (&Period, &Period)) -> Result<LoanPass> {
    let (mut now, mut before) = (Loans::new(periods.0), Loans::new(periods.1));
    let (mut unlent_now, mut unlent_before) = (Unlent::new(periods.0), Unlent::new(periods.1));
    count_loans(
        conn,
        [&mut now, &mut before],
        [&mut unlent_now, &mut unlent_before],
    )?;
    Ok(LoanPass {
        now,
        before,
        unlent: [unlent_now, unlent_before],
    })
}

/// Everything of the Mediathek but the overdue rate, counted from the
/// catalogue and the loan pass.
pub(super) struct CatalogueFigures {
    kinds: Vec<String>,
    catalogue: Catalogue,
    renewals: Compared<u32>,
    renewals_by_month: Vec<Line>,
    reservations_waited_long: Compared<u32>,
    stock: [Stock; 2],
    never: [Counts; 2],
    loans: [Loans; 2],
    by_medium: [IdMap<u32>; 2],
    groups: [ByMedium; 2],
}

/// Reads on `conn` the catalogue the loans are grouped by, renewals, long
/// waits, the copies (stock, acquisitions, withdrawals) and the loans
/// around the loan pass; then takes the loan pass from `loans` (on one
/// connection it is made there; on two, the other connection has been
/// making it meanwhile) and groups its loans by medium.
pub(super) fn catalogue_figures(
    conn: &Connection,
    periods: (&Period, &Period),
    today: NaiveDate,
    loans: impl FnOnce() -> Result<LoanPass>,
) -> Result<CatalogueFigures> {
    let kinds = names(conn, "SELECT name FROM media_kind ORDER BY id")?;
    let catalogue = Catalogue::load(conn, &kinds)?;
    let renewals = compare_one(
        conn,
        &format!("SELECT count(*) FROM {RENEWALS}"),
        periods,
        today,
    )?;
    let renewals_by_month = by_month(
        conn,
        &format!("SELECT substr(n.renewed_at, 1, 7), count(*) FROM {RENEWALS} GROUP BY 1"),
        periods,
        today,
    )?;
    let reservations_waited_long = compare_one(
        conn,
        "SELECT count(*) FROM reservation AS r
         WHERE r.created_at >= ?1 AND r.created_at < ?2
           AND julianday(coalesce(r.ready_on, substr(r.closed_at, 1, 10), ?4))
               - julianday(substr(r.created_at, 1, 10)) > 14",
        periods,
        today,
    )?;
    let (mut stock_now, mut stock_before) = (
        Stock::new(periods.0, &catalogue),
        Stock::new(periods.1, &catalogue),
    );
    let long_in_stock = count_stock(conn, &catalogue, [&mut stock_now, &mut stock_before])?;
    let [around_now, around_before] = lent_around(conn, periods)?;
    let LoanPass {
        now,
        before,
        unlent: [unlent_now, unlent_before],
    } = loans()?;
    let never = never_lent(
        &catalogue,
        &long_in_stock,
        [[&unlent_now, &around_now], [&unlent_before, &around_before]],
    );
    let (now_by_medium, now_groups) = now.by_medium(&catalogue);
    let (before_by_medium, before_groups) = before.by_medium(&catalogue);
    Ok(CatalogueFigures {
        kinds,
        catalogue,
        renewals,
        renewals_by_month,
        reservations_waited_long,
        stock: [stock_now, stock_before],
        never,
        loans: [now, before],
        by_medium: [now_by_medium, before_by_medium],
        groups: [now_groups, before_groups],
    })
}

/// The share of the loans due in each period that came back late or are
/// overdue today.
pub(super) fn overdue_rates(
    conn: &Connection,
    periods: (&Period, &Period),
    today: NaiveDate,
) -> Result<Compared<Share>> {
    Ok(Compared {
        now: overdue(conn, periods.0, today)?,
        before: overdue(conn, periods.1, today)?,
    })
}

/// The Mediathek's figures put together, with the titles of the most lent
/// media read on `conn`.
pub(super) fn assemble(
    conn: &Connection,
    periods: (&Period, &Period),
    counted: CatalogueFigures,
    overdue: Compared<Share>,
) -> Result<Mediathek> {
    let CatalogueFigures {
        kinds,
        catalogue,
        renewals,
        renewals_by_month,
        reservations_waited_long,
        stock: [stock_now, stock_before],
        never: [never_now, never_before],
        loans: [now, before],
        by_medium: [now_by_medium, before_by_medium],
        groups: [now_groups, before_groups],
    } = counted;
    let borrower_kinds: Vec<String> = BORROWER_KINDS.iter().map(|k| (*k).to_owned()).collect();
    Ok(Mediathek {
        loans: Compared {
            now: now.total,
            before: before.total,
        },
        loans_by_month: month_lines(periods.0, &now.months(), &before.months()),
        loans_by_media_kind: lines(
            &kinds,
            &now_groups.kinds(&catalogue),
            &before_groups.kinds(&catalogue),
        ),
        loans_by_level: level_lines(&now_groups.levels(), &before_groups.levels()),
        loans_by_language: language_lines(
            &now_groups.languages(&catalogue),
            &before_groups.languages(&catalogue),
        ),
        loans_by_borrower_kind: lines(
            &borrower_kinds,
            &kind_counts(&now.by_borrower_kind),
            &kind_counts(&before.by_borrower_kind),
        ),
        renewals,
        renewals_by_month,
        active_borrowers_by_kind: lines(
            &borrower_kinds,
            &kind_counts(&now.active_by_kind),
            &kind_counts(&before.active_by_kind),
        ),
        new_borrowers_by_kind: lines(
            &borrower_kinds,
            &kind_counts(&now.new_by_kind),
            &kind_counts(&before.new_by_kind),
        ),
        stock: Compared {
            now: stock_now.total,
            before: stock_before.total,
        },
        stock_by_media_kind: lines(
            &kinds,
            &stock_now.groups.kinds(&catalogue),
            &stock_before.groups.kinds(&catalogue),
        ),
        stock_by_level: level_lines(&stock_now.groups.levels(), &stock_before.groups.levels()),
        stock_by_language: language_lines(
            &stock_now.groups.languages(&catalogue),
            &stock_before.groups.languages(&catalogue),
        ),
        acquired: Compared {
            now: stock_now.acquired,
            before: stock_before.acquired,
        },
        withdrawn: Compared {
            now: stock_now.withdrawn,
            before: stock_before.withdrawn,
        },
        most_lent: most_lent(conn, &catalogue, &now_by_medium, &before_by_medium)?,
        never_lent_by_media_kind: lines(&kinds, &never_now, &never_before),
        overdue,
        reservations_waited_long,
    })
}

/// The 20 media lent most in the chosen period, most first (ties by title
/// as SQLite's NOCASE orders it, then by number), with their loans a year
/// before. Titles are read only for the media among them.
fn most_lent(
    conn: &Connection,
    catalogue: &Catalogue,
    now: &IdMap<u32>,
    before: &IdMap<u32>,
) -> Result<Vec<LentMedium>> {
    const TOP: usize = 20;
    let mut counts: Vec<(u32, i64)> = now
        .iter()
        .filter(|(id, _)| catalogue.media.get(id).is_some_and(|m| m.kind.is_some()))
        .map(|(id, n)| (*n, *id))
        .collect();
    // The 20th count (or the least): media lent less cannot be among them.
    let least = if counts.len() > TOP {
        counts.select_nth_unstable_by(TOP - 1, |a, b| b.cmp(a)).1 .0
    } else {
        counts.iter().map(|c| c.0).min().unwrap_or(0)
    };
    let (mut candidates, tied): (Vec<_>, Vec<_>) = counts
        .into_iter()
        .filter(|(n, _)| *n >= least)
        .partition(|(n, _)| *n > least);
    // Those lent more than the 20th are in; of those lent as often as it,
    // the first by title fill the rest. Many can be tied (on the benchmark
    // database 24,000 media with 4 loans): they are found by walking the
    // title index from its start rather than by reading all their titles.
    let wanted = TOP.saturating_sub(candidates.len());
    if tied.len() <= wanted {
        candidates.extend(tied);
    } else {
        let tied: IdSet = tied.into_iter().map(|(_, id)| id).collect();
        let mut stmt =
            conn.prepare_cached("SELECT id FROM medium ORDER BY title COLLATE NOCASE, id")?;
        let mut rows = stmt.query([])?;
        while candidates.len() < TOP {
            let Some(r) = rows.next()? else { break };
            let id: i64 = r.get(0)?;
            if tied.contains(&id) {
                candidates.push((least, id));
            }
        }
    }
    let ids = serde_json::to_string(&candidates.iter().map(|c| c.1).collect::<Vec<i64>>())
        .unwrap_or_default();
    let titles: IdMap<String> = conn
        .prepare_cached(
            "SELECT id, title FROM medium WHERE id IN (SELECT value FROM json_each(?1))",
        )?
        .query_map([ids], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut top: Vec<(u32, String, String, i64)> = candidates
        .into_iter()
        .filter_map(|(n, id)| {
            let title = titles.get(&id)?.clone();
            Some((n, title.to_ascii_lowercase(), title, id))
        })
        .collect();
    top.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.cmp(&b.1))
            .then(a.3.cmp(&b.3))
    });
    Ok(top
        .into_iter()
        .take(TOP)
        .map(|(n, _, title, id)| LentMedium {
            medium_id: id,
            title,
            media_kind: catalogue
                .media
                .get(&id)
                .and_then(|m| m.kind)
                .and_then(|k| catalogue.kinds.get(k))
                .cloned()
                .unwrap_or_default(),
            loans: Compared {
                now: n,
                before: before.get(&id).copied().unwrap_or(0),
            },
        })
        .collect())
}

/// Loans due in the period, and of them those returned after the due day
/// or still out after it (on `today`).
fn overdue(conn: &Connection, p: &Period, today: NaiveDate) -> Result<Share> {
    // From the index `loan_by_due` alone.
    let (part, whole): (u32, u32) = conn.query_row(
        "SELECT count(*) FILTER (WHERE substr(l.returned_at, 1, 10) > l.due_on
                                    OR (l.returned_at IS NULL AND l.due_on < ?3)),
                count(*)
         FROM loan AS l WHERE l.due_on BETWEEN ?1 AND ?2",
        params![p.first.to_string(), p.last.to_string(), today.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Share::new(part, whole))
}
