//! Sorting and paging of the window's lists (Ausleihende, directory,
//! a workshop's participants, the overdue list): which columns each list
//! sorts by, the sort staff chose, kept per list, and pages with their total.
//!
//! A sort travels as text, `column:asc` or `column:desc` (`name:desc`). It
//! is parsed here into the list's column enum, so an unknown column is
//! refused with [`Error::UnknownSortKey`] and text from the window never
//! reaches SQL: each list's module maps its columns to fixed `ORDER BY`
//! expressions (names through the SQL function `sort_key`, see
//! [`crate::folding::sort_key`]), always followed by the id, so rows with
//! equal values keep one order and pages never overlap.
//!
//! The chosen sort is an app setting (`list_sort.<list>`): it survives a
//! restart, goes with the database into backups, and is checked like every
//! other setting before it is stored.

use serde::{Deserialize, Serialize};

use crate::db::engine::{Engine, Sql};
use crate::settings::{put_setting_in, text_setting_in};
use crate::{Db, Error, Result};

/// The lists staff sort by their columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum List {
    /// Ausleihende (`people::borrower_list`).
    Borrowers,
    /// The directory of organisations (`organisations::search_organisations`).
    Organisations,
    /// A workshop's registrations (`events::registration_page`).
    Participants,
    /// Overdue loans (`lending::overdue_page`).
    Overdue,
}

impl List {
    /// Every list.
    pub const ALL: [List; 4] = [
        List::Borrowers,
        List::Organisations,
        List::Participants,
        List::Overdue,
    ];

    /// The list's code, as the window names it.
    pub fn code(self) -> &'static str {
        match self {
            List::Borrowers => "borrowers",
            List::Organisations => "organisations",
            List::Participants => "participants",
            List::Overdue => "overdue",
        }
    }

    /// The list with this code.
    ///
    /// # Errors
    /// [`Error::UnknownSortKey`] for a list that does not exist.
    pub fn from_code(code: &str) -> Result<List> {
        List::ALL
            .into_iter()
            .find(|l| l.code() == code)
            .ok_or_else(|| Error::UnknownSortKey {
                key: code.to_owned(),
            })
    }

    /// The codes of the columns it sorts by.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            List::Borrowers => BorrowerColumn::CODES,
            List::Organisations => OrganisationColumn::CODES,
            List::Participants => ParticipantColumn::CODES,
            List::Overdue => OverdueColumn::CODES,
        }
    }

    /// The sort a list has until staff choose another.
    pub fn default_sort(self) -> &'static str {
        match self {
            List::Borrowers | List::Organisations => "name:asc",
            // Seats, then the waitlist in its order, then cancellations.
            List::Participants => "status:asc",
            // The longest overdue first.
            List::Overdue => "due_on:asc",
        }
    }

    fn setting_key(self) -> String {
        format!("list_sort.{}", self.code())
    }
}

/// The columns of one list.
pub trait Column: Copy + Sized + 'static {
    /// The list they belong to.
    const LIST: List;
    /// Every column, in the order of [`Column::CODES`].
    const ALL: &'static [Self];
    /// The columns' codes.
    const CODES: &'static [&'static str];

    /// The column's code.
    fn code(self) -> &'static str;
}

/// A list's order: a column and its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort<C> {
    /// The column sorted by.
    pub column: C,
    /// Largest first (Z–A, latest date first).
    pub descending: bool,
}

impl<C> Sort<C> {
    /// How two rows compare in a list sorted in Rust (the server's lists):
    /// `column`, the chosen column's ascending order, in the sort's
    /// direction, then `rest` (the name's key and the id) always
    /// ascending, as the file's `ORDER BY` puts them.
    pub(crate) fn compare(
        &self,
        column: std::cmp::Ordering,
        rest: impl FnOnce() -> std::cmp::Ordering,
    ) -> std::cmp::Ordering {
        if self.descending {
            column.reverse().then_with(rest)
        } else {
            column.then_with(rest)
        }
    }
}

impl<C: Column> Sort<C> {
    /// Parses `column:asc`, `column:desc` or a bare `column` (ascending).
    ///
    /// # Errors
    /// [`Error::UnknownSortKey`] for a column the list does not have or a
    /// direction other than `asc` and `desc`.
    pub fn parse(text: &str) -> Result<Self> {
        let unknown = || Error::UnknownSortKey {
            key: text.to_owned(),
        };
        let (column, direction) = text.trim().split_once(':').unwrap_or((text.trim(), "asc"));
        let descending = match direction {
            "asc" => false,
            "desc" => true,
            _ => return Err(unknown()),
        };
        let i = C::CODES
            .iter()
            .position(|c| *c == column)
            .ok_or_else(unknown)?;
        Ok(Sort {
            column: C::ALL[i],
            descending,
        })
    }

    /// The list's sort until staff choose another.
    pub fn default_for_list() -> Self {
        // The defaults are columns of their lists (tested).
        Self::parse(C::LIST.default_sort()).unwrap_or(Sort {
            column: C::ALL[0],
            descending: false,
        })
    }

    /// `column:asc` or `column:desc`.
    pub fn code(&self) -> String {
        format!(
            "{}:{}",
            self.column.code(),
            if self.descending { "desc" } else { "asc" }
        )
    }

    /// `ASC` or `DESC`, for the list's fixed `ORDER BY`.
    pub(crate) fn sql_direction(&self) -> &'static str {
        if self.descending {
            "DESC"
        } else {
            "ASC"
        }
    }

    /// The sort asked for, else the one kept for the list, else its default.
    ///
    /// # Errors
    /// [`Error::UnknownSortKey`] when `requested` is no sort of the list;
    /// SQLite failures. A stored sort that no longer fits gives the default.
    pub fn chosen(db: &Db, requested: Option<&str>) -> Result<Self> {
        Self::chosen_in(db.conn(), requested)
    }

    /// [`Self::chosen`] inside a read, on either engine.
    ///
    /// # Errors
    /// As [`Self::chosen`].
    pub fn chosen_in(sql: &dyn Sql, requested: Option<&str>) -> Result<Self> {
        match requested.map(str::trim).filter(|r| !r.is_empty()) {
            Some(text) => Self::parse(text),
            None => Ok(text_setting_in(sql, &C::LIST.setting_key())?
                .and_then(|stored| Self::parse(&stored).ok())
                .unwrap_or_else(Self::default_for_list)),
        }
    }
}

/// Which part of a list to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Paging {
    /// Page size: 0 means 50, at most 500.
    pub limit: u32,
    /// Rows of the whole list skipped before this page.
    pub offset: u32,
}

/// The page size when the window asks for none.
pub const USUAL_PAGE: u32 = 50;

/// The largest page the window may ask for: staff may show up to 1,000
/// rows at once in the long lists (the page-size choice under each list);
/// a larger page is cut to it.
pub const LARGEST_PAGE: u32 = 1000;

/// The page size to read for the `asked` one: [`USUAL_PAGE`] when none was
/// asked (0), at most [`LARGEST_PAGE`].
pub fn page_size(asked: u32) -> u32 {
    if asked == 0 {
        USUAL_PAGE
    } else {
        asked.min(LARGEST_PAGE)
    }
}

impl Paging {
    /// The page size: see [`page_size`].
    pub fn limit(self) -> u32 {
        page_size(self.limit)
    }

    /// The rows of this page out of the whole sorted list (lists sorted in
    /// memory).
    pub(crate) fn cut<T>(self, all: Vec<T>) -> Vec<T> {
        all.into_iter()
            .skip(self.offset as usize)
            .take(self.limit() as usize)
            .collect()
    }
}

/// One page of a sorted list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page<T> {
    /// How many rows the whole list has (with the filters), not only this page.
    pub total: i64,
    /// The rows of this page.
    pub rows: Vec<T>,
    /// The sort the page was read in (`name:asc`), for the column headers.
    pub sort: String,
}

/// The sort kept for the list of this code (`borrowers`, `organisations`,
/// `participants`, `overdue`), or the list's default until staff choose.
///
/// # Errors
/// [`Error::UnknownSortKey`] for a code that names no list; SQLite failures.
pub fn saved_sort(db: &Db, list: &str) -> Result<String> {
    saved_sort_in(db.conn(), list)
}

/// [`saved_sort`] inside a read, on either engine.
///
/// # Errors
/// As [`saved_sort`]; a failure of the engine.
pub fn saved_sort_in(sql: &dyn Sql, list: &str) -> Result<String> {
    let list = List::from_code(list)?;
    Ok(match list {
        List::Borrowers => Sort::<BorrowerColumn>::chosen_in(sql, None)?.code(),
        List::Organisations => Sort::<OrganisationColumn>::chosen_in(sql, None)?.code(),
        List::Participants => Sort::<ParticipantColumn>::chosen_in(sql, None)?.code(),
        List::Overdue => Sort::<OverdueColumn>::chosen_in(sql, None)?.code(),
    })
}

/// Keeps `sort` as the order of `list` (across navigation and restarts)
/// and returns it as stored (`name` becomes `name:asc`).
///
/// # Errors
/// [`Error::UnknownSortKey`] for an unknown list or a sort the list does
/// not have; nothing is stored then. SQLite failures.
pub fn save_sort(store: &mut impl Engine, list: &str, sort: &str) -> Result<String> {
    let list = List::from_code(list)?;
    let code = match list {
        List::Borrowers => Sort::<BorrowerColumn>::parse(sort)?.code(),
        List::Organisations => Sort::<OrganisationColumn>::parse(sort)?.code(),
        List::Participants => Sort::<ParticipantColumn>::parse(sort)?.code(),
        List::Overdue => Sort::<OverdueColumn>::parse(sort)?.code(),
    };
    store.write_sql(|sql| put_setting_in(sql, &list.setting_key(), &code))?;
    Ok(code)
}

macro_rules! columns {
    ($(#[$doc:meta])* $name:ident, $list:expr, { $($(#[$cdoc:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($(#[$cdoc])* $variant),+
        }

        impl Column for $name {
            const LIST: List = $list;
            const ALL: &'static [Self] = &[$($name::$variant),+];
            const CODES: &'static [&'static str] = &[$($code),+];

            fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }
        }
    };
}

columns!(
    /// The columns of Ausleihende.
    BorrowerColumn, List::Borrowers, {
        /// Name.
        Name = "name",
        /// Kind of borrower.
        Kind = "kind",
        /// Ausweisnummer.
        CardNumber = "card_number",
        /// Blocked or not.
        State = "state",
    }
);

columns!(
    /// The columns of the directory.
    OrganisationColumn, List::Organisations, {
        /// Name.
        Name = "name",
        /// Kind of organisation.
        Kind = "kind",
        /// Municipality.
        Municipality = "municipality",
        /// Where the cooperation stands.
        Status = "status",
    }
);

columns!(
    /// The columns of a workshop's participants.
    ParticipantColumn, List::Participants, {
        /// The participant's name.
        Name = "name",
        /// School or organisation.
        School = "school",
        /// Seat, waitlist (in its order) or cancelled.
        Status = "status",
        /// The check-in code (the registration's number).
        Code = "code",
    }
);

columns!(
    /// The columns of the overdue list.
    OverdueColumn, List::Overdue, {
        /// The borrower's name.
        Borrower = "borrower",
        /// The medium's title.
        Title = "title",
        /// The due date (ascending: the longest overdue first).
        DueOn = "due_on",
        /// Days overdue (ascending: the most recently due first).
        Days = "days",
        /// The highest reminder level sent.
        Level = "level",
    }
);
