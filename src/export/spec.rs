//! What a sheet of the full export is: its name, the table it comes from,
//! and for each column the German header, the stored column and what kind
//! of value it holds. One description drives both directions, so what
//! [`super::workbook`] writes is exactly what [`super::restore`] reads.

use crate::db::engine::Dialect;
use crate::pick_lists::PickList;

/// A sheet that mirrors one table, row for row.
pub(super) struct Sheet {
    /// The sheet's name in the workbook (at most 31 characters).
    pub name: &'static str,
    /// The table it mirrors.
    pub table: &'static str,
    /// `ORDER BY` of the export (the table is aliased `t`).
    pub order: &'static str,
    /// The columns, in the order of the sheet.
    pub columns: &'static [Column],
    /// How its rows go back into a database.
    pub mode: Mode,
    /// Which search index its rows are rewritten into after a restore.
    pub reindex: Option<Reindex>,
}

/// How the rows of a sheet are restored.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Records: the table must be empty before a restore, rows keep their
    /// exported ids.
    Records,
    /// Appended to what the table holds (the deletion log: a new file may
    /// have logged runs of the automatic rules that removed nothing).
    Append,
    /// Merged into rows the migrations ship (the consent texts): the
    /// `ON CONFLICT` clause of the insert.
    Merge(&'static str),
}

/// The search indexes the core keeps, rebuilt for restored rows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Reindex {
    /// `medium_search`.
    Media,
    /// `borrower_search`.
    Borrowers,
    /// `organisation_search`.
    Organisations,
}

/// One column of a sheet.
pub(super) struct Column {
    /// The German header in row 1.
    pub header: &'static str,
    /// The stored column of the sheet's table (unused for [`Kind::Languages`]).
    pub source: &'static str,
    /// What the column holds.
    pub kind: Kind,
}

/// What a column holds, which fixes how it is written and read back.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    /// The row's own number (`id`), unique in the sheet.
    Id,
    /// The number of a row of the named sheet.
    Ref(&'static str),
    /// The number of a row of the named sheet, or empty.
    OptRef(&'static str),
    /// A whole number.
    Int,
    /// A whole number, or empty.
    OptInt,
    /// Text; empty is the empty text.
    Text,
    /// Text; empty is no value (NULL).
    OptText,
    /// A yes/no cell (Excel's WAHR/FALSCH).
    Bool,
    /// A day, as an Excel date.
    Date,
    /// A day, or empty.
    OptDate,
    /// A moment to the second, as an Excel date with time.
    Moment,
    /// A moment, or empty.
    OptMoment,
    /// When a record was created or changed: a moment; an empty cell (a
    /// row typed into the workbook by hand) takes the moment of the restore.
    Stamp,
    /// An amount in cents, shown in euros with two decimals; or empty.
    OptCents,
    /// A Sprachniveau stored as its rank, shown as "Alpha", "A1" … "C2"; or
    /// empty.
    OptLevel,
    /// An entry of an extendable list, by its name.
    PickList(PickList),
    /// An entry of an extendable list by its name, or empty.
    OptPickList(PickList),
    /// Language codes kept in their own table, one cell: the codes in
    /// alphabetical order, separated by ", ".
    Languages(Languages),
}

/// Where the languages of a record are stored.
#[derive(Clone, Copy)]
pub(super) struct Languages {
    /// The table (`medium_language`).
    pub table: &'static str,
    /// Its column naming the record (`medium_id`).
    pub owner: &'static str,
    /// The `role` for tables that have one (`ziel`, `hilfe`).
    pub role: Option<&'static str>,
}

impl Column {
    /// The SQL expression that reads the column for the export, on the
    /// engine of `dialect`.
    pub fn select(&self, dialect: Dialect) -> String {
        match self.kind {
            Kind::PickList(list) | Kind::OptPickList(list) => format!(
                "(SELECT name FROM {} WHERE id = t.{})",
                list.table(),
                self.source
            ),
            Kind::Languages(l) => {
                let role = l
                    .role
                    .map_or(String::new(), |r| format!(" AND role = '{r}'"));
                let joined = match dialect {
                    Dialect::Sqlite => "group_concat(code, ', ' ORDER BY code)",
                    Dialect::Postgres => "string_agg(code, ', ' ORDER BY code COLLATE \"C\")",
                };
                format!(
                    "(SELECT {joined} FROM {} WHERE {} = t.id{role})",
                    l.table, l.owner
                )
            }
            _ => format!("t.{}", self.source),
        }
    }
}

impl Sheet {
    /// The export's query: every column of every row, in the sheet's order.
    pub fn select(&self, dialect: Dialect) -> String {
        let columns: Vec<String> = self.columns.iter().map(|c| c.select(dialect)).collect();
        format!(
            "SELECT {} FROM {} AS t ORDER BY {}",
            columns.join(", "),
            self.table,
            self.order
        )
    }

    /// The restore's insert: the stored columns (not the languages), with
    /// the merge clause where the sheet has one.
    pub fn insert(&self) -> String {
        let stored: Vec<&str> = self
            .columns
            .iter()
            .filter(|c| !matches!(c.kind, Kind::Languages(_)))
            .map(|c| c.source)
            .collect();
        let marks: Vec<String> = (1..=stored.len()).map(|i| format!("?{i}")).collect();
        let merge = match self.mode {
            Mode::Merge(clause) => format!(" {clause}"),
            Mode::Records | Mode::Append => String::new(),
        };
        format!(
            "INSERT INTO {} ({}) VALUES ({}){merge}",
            self.table,
            stored.join(", "),
            marks.join(", ")
        )
    }

    /// The position of the row's own number among the columns, if the
    /// sheet has one.
    pub fn id_column(&self) -> Option<usize> {
        self.columns.iter().position(|c| matches!(c.kind, Kind::Id))
    }
}

/// A column in the sheet descriptions: header, stored column, kind.
pub(super) const fn col(header: &'static str, source: &'static str, kind: Kind) -> Column {
    Column {
        header,
        source,
        kind,
    }
}

/// A column of language codes kept in `table`, whose `owner` column names
/// the sheet's row.
pub(super) const fn languages(
    header: &'static str,
    table: &'static str,
    owner: &'static str,
    role: Option<&'static str>,
) -> Column {
    Column {
        header,
        source: "",
        kind: Kind::Languages(Languages { table, owner, role }),
    }
}
