//! The period a report covers: a calendar year, a quarter, a school
//! half-year in North Rhine-Westphalia or any range of days, resolved to
//! its first and last day (both inclusive), and the same period a year
//! before for the comparison column.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The longest period a report covers: ten years.
const MAX_MONTHS: u32 = 120;

/// What staff choose on the Berichte page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PeriodChoice {
    /// 1 January to 31 December.
    Year {
        /// The calendar year.
        year: i32,
    },
    /// Three calendar months.
    Quarter {
        /// The calendar year.
        year: i32,
        /// 1 to 4.
        quarter: u32,
    },
    /// A school half-year in NRW: half 1 runs from 1 August of
    /// `school_year` to 31 January of the next year, half 2 from 1 February
    /// to 31 July of the next year (school year 2025 is 2025/26).
    SchoolHalf {
        /// The year in which the school year begins.
        school_year: i32,
        /// 1 or 2.
        half: u32,
    },
    /// Any range of days, both inclusive.
    Range {
        /// The first day.
        from: NaiveDate,
        /// The last day.
        to: NaiveDate,
    },
}

/// A resolved period: its first and last day, both counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// The first day.
    pub first: NaiveDate,
    /// The last day.
    pub last: NaiveDate,
}

fn invalid(problem: &'static str) -> Error {
    Error::ReportPeriodInvalid { problem }
}

fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| invalid("year"))
}

/// The last day of the month `months` months after the month of `first`
/// (0: the month of `first` itself).
fn month_end(first: NaiveDate, months: u32) -> Result<NaiveDate> {
    first
        .with_day(1)
        .and_then(|d| d.checked_add_months(Months::new(months + 1)))
        .and_then(|d| d.checked_sub_days(Days::new(1)))
        .ok_or_else(|| invalid("year"))
}

impl PeriodChoice {
    /// The first and last day of the chosen period.
    ///
    /// # Errors
    /// [`Error::ReportPeriodInvalid`]: a quarter not 1–4 (`quarter`), a
    /// half not 1–2 (`half`), a year outside 1900–2200 (`year`), a range
    /// whose first day is after its last (`reversed`) or that spans more
    /// than ten years (`too_long`).
    pub fn resolve(&self) -> Result<Period> {
        let year_ok = |y: i32| {
            if (1900..=2200).contains(&y) {
                Ok(())
            } else {
                Err(invalid("year"))
            }
        };
        let period = match *self {
            PeriodChoice::Year { year } => {
                year_ok(year)?;
                Period {
                    first: ymd(year, 1, 1)?,
                    last: ymd(year, 12, 31)?,
                }
            }
            PeriodChoice::Quarter { year, quarter } => {
                year_ok(year)?;
                if !(1..=4).contains(&quarter) {
                    return Err(invalid("quarter"));
                }
                let first = ymd(year, (quarter - 1) * 3 + 1, 1)?;
                Period {
                    first,
                    last: month_end(first, 2)?,
                }
            }
            PeriodChoice::SchoolHalf { school_year, half } => {
                year_ok(school_year)?;
                let first = match half {
                    1 => ymd(school_year, 8, 1)?,
                    2 => ymd(school_year + 1, 2, 1)?,
                    _ => return Err(invalid("half")),
                };
                Period {
                    first,
                    last: month_end(first, 5)?,
                }
            }
            PeriodChoice::Range { from, to } => {
                year_ok(from.year())?;
                year_ok(to.year())?;
                if from > to {
                    return Err(invalid("reversed"));
                }
                let limit = from
                    .checked_add_months(Months::new(MAX_MONTHS))
                    .ok_or_else(|| invalid("year"))?;
                if to >= limit {
                    return Err(invalid("too_long"));
                }
                Period {
                    first: from,
                    last: to,
                }
            }
        };
        Ok(period)
    }
}

fn year_before(day: NaiveDate) -> NaiveDate {
    // chrono keeps the day where it exists and takes the month's last day
    // otherwise: 29 February becomes 28 February.
    day.checked_sub_months(Months::new(12)).unwrap_or(day)
}

fn is_month_end(day: NaiveDate) -> bool {
    day.succ_opt()
        .is_none_or(|next| next.month() != day.month())
}

impl Period {
    /// The same period a year before. Each day goes back twelve months
    /// (29 February becomes 28 February); a last day that ends its month
    /// becomes the end of that month a year before, so 28 February 2025
    /// compares with 29 February 2024 and no day of a month is left out.
    pub fn previous(&self) -> Period {
        let mut last = year_before(self.last);
        if is_month_end(self.last) {
            last = month_end(last, 0).unwrap_or(last);
        }
        Period {
            first: year_before(self.first),
            last,
        }
    }

    /// Whether `day` lies in the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }

    /// The first day after the period, for comparing timestamps
    /// (`at < end_exclusive`).
    pub(crate) fn end_exclusive(&self) -> NaiveDate {
        self.last.succ_opt().unwrap_or(self.last)
    }
}
