//! One way to run SQL on either engine: the file (SQLite, [`Db`]) or the
//! shared database (PostgreSQL, [`Server`]).
//!
//! Issue 22's design asks for the rules to be written once, above the
//! storage. Most of the core's SQL is plain (`SELECT … WHERE id = ?1`,
//! `INSERT`, `UPDATE`) and reads the same on both engines; only the
//! placeholders (`?1` on SQLite, `$1` on PostgreSQL) and the client
//! libraries differ. So a rule's helpers take a [`Sql`] (`&dyn Sql`) and
//! run the same text on both: the server's side rewrites the placeholders
//! once per statement and keeps the prepared statement for the session,
//! as rusqlite's statement cache does for the file. What the dialects
//! write differently (FTS5, `strftime`, `INSERT OR IGNORE` …) stays in SQL
//! written per engine, like the catalogue's search (`catalogue::store`).
//!
//! Values are the four kinds both engines store the core's data as
//! (integers, reals, text, NULL; dates are ISO text on both, as rusqlite
//! writes a `NaiveDate`): [`Value`]. A parameter takes the type the server
//! infers for its place (`INT4`, `INT8`, `TEXT` …), so the same `i64` fits
//! a `BIGINT` column and an `integer` expression.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use postgres::types::{to_sql_checked, Format, FromSql, IsNull, ToSql, Type};
use rusqlite::types::{ToSqlOutput, ValueRef};

use super::server::Server;
use super::Db;
use crate::{Error, Result};

/// A value as both engines store it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// An integer (a `BIGINT`, `integer` or boolean on the server).
    Integer(i64),
    /// A floating-point number.
    Real(f64),
    /// Text (also dates and timestamps, as ISO text).
    Text(String),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Integer(v)
    }
}
impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::Integer(i64::from(v))
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Value::Integer(i64::from(v))
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Integer(i64::from(v))
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Real(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl From<NaiveDate> for Value {
    /// ISO text, as rusqlite writes a date.
    fn from(v: NaiveDate) -> Self {
        Value::Text(v.format("%Y-%m-%d").to_string())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// The parameters of a statement, each turned into a [`Value`]:
/// `args![id, name]`.
macro_rules! args {
    ($($value:expr),* $(,)?) => {
        &[$($crate::db::engine::Value::from($value)),*][..]
    };
}
pub(crate) use args;

/// A Rust type a [`Value`] is read as.
pub trait FromValue: Sized {
    /// `None` when the value does not fit the type.
    fn from_value(value: &Value) -> Option<Self>;
}

/// The value as it is stored (the full export writes each as its cell).
impl FromValue for Value {
    fn from_value(value: &Value) -> Option<Self> {
        Some(value.clone())
    }
}

impl FromValue for i64 {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Integer(v) => Some(*v),
            _ => None,
        }
    }
}
impl FromValue for i32 {
    fn from_value(value: &Value) -> Option<Self> {
        i64::from_value(value).and_then(|v| i32::try_from(v).ok())
    }
}
impl FromValue for u8 {
    fn from_value(value: &Value) -> Option<Self> {
        i64::from_value(value).and_then(|v| u8::try_from(v).ok())
    }
}
impl FromValue for u32 {
    fn from_value(value: &Value) -> Option<Self> {
        i64::from_value(value).and_then(|v| u32::try_from(v).ok())
    }
}
impl FromValue for bool {
    fn from_value(value: &Value) -> Option<Self> {
        i64::from_value(value).map(|v| v != 0)
    }
}
impl FromValue for f64 {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Real(v) => Some(*v),
            #[allow(clippy::cast_precision_loss)]
            Value::Integer(v) => Some(*v as f64),
            _ => None,
        }
    }
}
impl FromValue for String {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(v) => Some(v.clone()),
            _ => None,
        }
    }
}
impl FromValue for NaiveDate {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d").ok(),
            _ => None,
        }
    }
}
impl FromValue for NaiveDateTime {
    /// A moment as the core stores it (`crate::time`).
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(v) => NaiveDateTime::parse_from_str(v, crate::time::FORMAT).ok(),
            _ => None,
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// One row of a result.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlRow(Vec<Value>);

impl SqlRow {
    /// Every value of the row, in column order (to copy a row as it is).
    pub(crate) fn into_values(self) -> Vec<Value> {
        self.0
    }

    /// The value of column `index` (from 0) as `T`.
    ///
    /// # Errors
    /// [`Error::StoredValueUnexpected`] when there is no such column or
    /// its value does not fit `T` (a NULL where none may be, text where a
    /// number belongs): the stored data is not what the code expects.
    pub fn get<T: FromValue>(&self, index: usize) -> Result<T> {
        self.0
            .get(index)
            .and_then(T::from_value)
            .ok_or(Error::StoredValueUnexpected {
                column: index,
                expected: std::any::type_name::<T>(),
            })
    }
}

/// Which engine a [`Sql`] runs on, for the few places where the two
/// dialects write a thing differently (`GLOB`, `COLLATE NOCASE`, the
/// file's full-text tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// The file (SQLite).
    Sqlite,
    /// The shared database (PostgreSQL).
    Postgres,
}

impl Dialect {
    /// An `ORDER BY` term for the text `column` as the file's
    /// `COLLATE NOCASE` sorts it (A to Z folded to a to z, then byte
    /// order), on this engine: so that both list names and titles in the
    /// same order whatever the server database's collation. `column` is
    /// the core's own SQL, never typed text.
    pub fn nocase_order(self, column: &str) -> String {
        match self {
            Dialect::Sqlite => format!("{column} COLLATE NOCASE"),
            Dialect::Postgres => format!(
                "translate({column}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', \
                 'abcdefghijklmnopqrstuvwxyz') COLLATE \"C\""
            ),
        }
    }

    /// An `ORDER BY` term for the text `column` in byte order, as the
    /// file compares text (`BINARY`), on this engine whatever the server
    /// database's collation. `column` is the core's own SQL.
    pub fn byte_order(self, column: &str) -> String {
        match self {
            Dialect::Sqlite => column.to_owned(),
            Dialect::Postgres => format!("{column} COLLATE \"C\""),
        }
    }
}

/// SQL run on one of the two engines, inside whatever transaction the
/// caller opened. Placeholders are written `?1`, `?2` … on both.
pub trait Sql {
    /// The engine this runs on.
    fn dialect(&self) -> Dialect;

    /// Every row of the query's result.
    ///
    /// # Errors
    /// A failure of the engine.
    fn rows(&self, sql: &str, params: &[Value]) -> Result<Vec<SqlRow>>;

    /// Runs a statement; the number of rows it changed.
    ///
    /// # Errors
    /// A failure of the engine.
    fn run(&self, sql: &str, params: &[Value]) -> Result<u64>;

    /// The first row of the result, if any.
    ///
    /// # Errors
    /// A failure of the engine.
    fn row(&self, sql: &str, params: &[Value]) -> Result<Option<SqlRow>> {
        Ok(self.rows(sql, params)?.into_iter().next())
    }
}

/// Stores an `app_setting` inside the caller's write, on either engine
/// (both read `ON CONFLICT … excluded` alike).
///
/// # Errors
/// A failure of the engine.
pub(crate) fn put_setting_in(sql: &dyn Sql, key: &str, value: &str) -> Result<()> {
    sql.run(
        "INSERT INTO app_setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        args![key, value],
    )?;
    Ok(())
}

/// The first column of the first row of `sql` as `T`, on a `&dyn Sql`;
/// `None` without a row.
///
/// # Errors
/// A failure of the engine; [`Error::StoredValueUnexpected`].
pub fn value<T: FromValue>(sql: &dyn Sql, text: &str, params: &[Value]) -> Result<Option<T>> {
    sql.row(text, params)?.map(|r| r.get(0)).transpose()
}

/// The first column of the one row `sql` always gives (a `count(*)`, an
/// `EXISTS`).
///
/// # Errors
/// A failure of the engine; [`Error::StoredValueUnexpected`] without a row.
pub fn scalar<T: FromValue>(sql: &dyn Sql, text: &str, params: &[Value]) -> Result<T> {
    value(sql, text, params)?.ok_or(Error::StoredValueUnexpected {
        column: 0,
        expected: std::any::type_name::<T>(),
    })
}

/// A unique index as both engines name it in a violation.
#[derive(Debug, Clone, Copy)]
pub struct UniqueIndex {
    /// Its columns as SQLite names them ("UNIQUE constraint failed:
    /// loan.copy_id").
    pub columns: &'static str,
    /// Its name, as PostgreSQL names it.
    pub name: &'static str,
}

/// Whether `error` is a violation of `index` (and not of another unique
/// index or key of the same table), on either engine.
pub fn violates(error: &Error, index: UniqueIndex) -> bool {
    match error {
        Error::Sqlite(e) => {
            e.sqlite_error()
                .is_some_and(|e| e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
                && e.to_string()
                    .strip_prefix("UNIQUE constraint failed: ")
                    .is_some_and(|columns| columns == index.columns)
        }
        Error::Postgres {
            sqlstate,
            constraint,
            ..
        } => sqlstate.as_deref() == Some("23505") && constraint.as_deref() == Some(index.name),
        _ => false,
    }
}

/// A storage the rules run on: the file or the server.
pub trait Engine {
    /// Runs `f` as one write transaction: committed when it returns `Ok`,
    /// nothing stored on `Err`. On the file, `BEGIN IMMEDIATE`; on the
    /// server, under the write lock, and run again after a deadlock or
    /// serialisation failure ([`Server::write`]), so `f` must act only
    /// through the [`Sql`] it is given. For the core's areas and the
    /// tests; the shell calls the areas' functions.
    ///
    /// # Errors
    /// What `f` returns; a failure of the engine.
    fn write_sql<T>(&mut self, f: impl FnMut(&dyn Sql) -> Result<T>) -> Result<T>;

    /// Runs `f` on one consistent state of the data. Nothing `f` does is
    /// kept: the file's transaction is rolled back, the server's is
    /// read-only.
    ///
    /// # Errors
    /// What `f` returns; a failure of the engine.
    fn read_sql<T>(&mut self, f: impl FnOnce(&dyn Sql) -> Result<T>) -> Result<T>;
}

impl Engine for Db {
    fn write_sql<T>(&mut self, mut f: impl FnMut(&dyn Sql) -> Result<T>) -> Result<T> {
        self.write(|tx| f(&**tx))
    }

    fn read_sql<T>(&mut self, f: impl FnOnce(&dyn Sql) -> Result<T>) -> Result<T> {
        // A deferred transaction: one snapshot of the file for every read.
        let tx = self.conn.transaction()?;
        let value = f(&*tx)?;
        tx.rollback()?;
        Ok(value)
    }
}

impl Engine for Server {
    fn write_sql<T>(&mut self, mut f: impl FnMut(&dyn Sql) -> Result<T>) -> Result<T> {
        self.write_with_statements(|tx, statements| {
            f(&OnServer {
                tx: RefCell::new(tx),
                statements: RefCell::new(statements),
            })
        })
    }

    fn read_sql<T>(&mut self, f: impl FnOnce(&dyn Sql) -> Result<T>) -> Result<T> {
        self.read_with_statements(|tx, statements| {
            f(&OnServer {
                tx: RefCell::new(tx),
                statements: RefCell::new(statements),
            })
        })
    }
}

impl Sql for rusqlite::Connection {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn rows(&self, sql: &str, params: &[Value]) -> Result<Vec<SqlRow>> {
        let mut stmt = self.prepare_cached(sql)?;
        let columns = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(columns);
            for i in 0..columns {
                values.push(match row.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(v) => Value::Integer(v),
                    ValueRef::Real(v) => Value::Real(v),
                    ValueRef::Text(v) => Value::Text(String::from_utf8_lossy(v).into_owned()),
                    // No rule reads a blob through this layer.
                    ValueRef::Blob(_) => {
                        return Err(Error::StoredValueUnexpected {
                            column: i,
                            expected: "no blob",
                        })
                    }
                });
            }
            out.push(SqlRow(values));
        }
        Ok(out)
    }

    fn run(&self, sql: &str, params: &[Value]) -> Result<u64> {
        let mut stmt = self.prepare_cached(sql)?;
        Ok(stmt.execute(rusqlite::params_from_iter(params))? as u64)
    }
}

impl Sql for rusqlite::Transaction<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn rows(&self, sql: &str, params: &[Value]) -> Result<Vec<SqlRow>> {
        (**self).rows(sql, params)
    }

    fn run(&self, sql: &str, params: &[Value]) -> Result<u64> {
        (**self).run(sql, params)
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Integer(v) => ValueRef::Integer(*v),
            Value::Real(v) => ValueRef::Real(*v),
            Value::Text(v) => ValueRef::Text(v.as_bytes()),
        }))
    }
}

/// The server's statements prepared in this session, by their text as the
/// core writes it (with `?1` placeholders).
pub(crate) type Statements = HashMap<String, postgres::Statement>;

/// A transaction on the server, seen as [`Sql`].
struct OnServer<'a, 't> {
    tx: RefCell<&'a mut postgres::Transaction<'t>>,
    statements: RefCell<&'a mut Statements>,
}

/// How many statements a session keeps prepared before it starts afresh:
/// far more than the core's fixed texts, a bound for texts built from
/// input.
const MOST_STATEMENTS: usize = 512;

/// The statement kept under `key`, or `text()` prepared now and kept.
pub(crate) fn prepared(
    tx: &mut postgres::Transaction<'_>,
    statements: &mut Statements,
    key: &str,
    text: impl FnOnce() -> Result<String>,
) -> Result<postgres::Statement> {
    if let Some(statement) = statements.get(key) {
        return Ok(statement.clone());
    }
    let statement = tx.prepare(&text()?)?;
    if statements.len() >= MOST_STATEMENTS {
        statements.clear();
    }
    statements.insert(key.to_owned(), statement.clone());
    Ok(statement)
}

/// Runs a query of the server's own SQL (`$1` placeholders) through the
/// session's prepared statements; a statement that failed is prepared
/// afresh next time (see [`OnServer::forget_on_error`]).
pub(crate) fn query_prepared(
    tx: &mut postgres::Transaction<'_>,
    statements: &mut Statements,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<postgres::Row>> {
    let statement = prepared(tx, statements, sql, || Ok(sql.to_owned()))?;
    let rows = tx.query(&statement, params);
    if rows.is_err() {
        statements.remove(sql);
    }
    Ok(rows?)
}

impl OnServer<'_, '_> {
    fn statement(&self, sql: &str) -> Result<postgres::Statement> {
        prepared(
            &mut self.tx.borrow_mut(),
            &mut self.statements.borrow_mut(),
            sql,
            || dollar_placeholders(sql),
        )
    }

    /// A statement that failed is prepared afresh next time: after another
    /// PC upgraded the schema, the server refuses a statement prepared
    /// before ("cached plan must not change result type").
    fn forget_on_error<T>(&self, sql: &str, result: Result<T>) -> Result<T> {
        if result.is_err() {
            self.statements.borrow_mut().remove(sql);
        }
        result
    }
}

impl Sql for OnServer<'_, '_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn rows(&self, sql: &str, params: &[Value]) -> Result<Vec<SqlRow>> {
        let statement = self.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let rows = self.forget_on_error(
            sql,
            self.tx
                .borrow_mut()
                .query(&statement, &params)
                .map_err(Error::from),
        )?;
        rows.iter()
            .map(|row| {
                (0..row.len())
                    .map(|i| Ok(row.try_get::<_, Value>(i)?))
                    .collect::<Result<Vec<_>>>()
                    .map(SqlRow)
            })
            .collect()
    }

    fn run(&self, sql: &str, params: &[Value]) -> Result<u64> {
        let statement = self.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        self.forget_on_error(
            sql,
            self.tx
                .borrow_mut()
                .execute(&statement, &params)
                .map_err(Error::from),
        )
    }
}

/// The SQL with `?1`, `?2` … written as PostgreSQL's `$1`, `$2` …, leaving
/// quoted text (`'…'`), quoted names (`"…"`) and comments (`--`, `/* */`)
/// as they are. The core's SQL uses neither `E'…'` strings nor `$$`
/// bodies nor the `?` operators of `jsonb`.
///
/// # Errors
/// [`Error::StoredValueUnexpected`] for a `?` without a number (the core
/// always numbers its placeholders), naming the byte where it stands.
pub fn dollar_placeholders(sql: &str) -> Result<String> {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                // Up to the closing quote; a doubled quote stays inside.
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                out.push(c);
                let mut last = ' ';
                for inner in chars.by_ref() {
                    out.push(inner);
                    if last == '*' && inner == '/' {
                        break;
                    }
                    last = inner;
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    return Err(Error::StoredValueUnexpected {
                        column: out.len(),
                        expected: "a numbered placeholder (?1) at this byte of the SQL",
                    });
                }
                out.push('$');
                out.push_str(&digits);
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        if !self.fits_binary(ty) {
            // Text format (see `encode_format`): the value as text.
            let text = match self {
                Value::Integer(v) => v.to_string(),
                Value::Real(v) => v.to_string(),
                Value::Text(v) => v.clone(),
                Value::Null => return Ok(IsNull::Yes),
            };
            out.extend_from_slice(text.as_bytes());
            return Ok(IsNull::No);
        }
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(v) => match *ty {
                Type::INT8 => v.to_sql(ty, out),
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                #[allow(clippy::cast_precision_loss)]
                _ => (*v as f64).to_sql(ty, out),
            },
            Value::Real(v) => match *ty {
                #[allow(clippy::cast_possible_truncation)]
                Type::FLOAT4 => (*v as f32).to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Value::Text(v) => v.as_str().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    /// A value of the place's own kind goes in binary; any other (text
    /// for a number, a number for a `numeric` or a date) goes as text, for
    /// the server to convert as it converts a typed literal, or to refuse
    /// with an error, never to misread the bytes.
    fn encode_format(&self, ty: &Type) -> Format {
        if self.fits_binary(ty) {
            Format::Binary
        } else {
            Format::Text
        }
    }

    to_sql_checked!();
}

impl Value {
    fn fits_binary(&self, ty: &Type) -> bool {
        match self {
            Value::Null => true,
            Value::Integer(_) => matches!(
                *ty,
                Type::INT8 | Type::INT4 | Type::INT2 | Type::BOOL | Type::FLOAT8
            ),
            Value::Real(_) => matches!(*ty, Type::FLOAT4 | Type::FLOAT8),
            Value::Text(_) => is_text(ty),
        }
    }
}

fn is_text(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN
    )
}

impl<'a> FromSql<'a> for Value {
    fn from_sql(
        ty: &Type,
        raw: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(match *ty {
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Integer(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT2 => Value::Integer(i64::from(i16::from_sql(ty, raw)?)),
            Type::BOOL => Value::Integer(i64::from(bool::from_sql(ty, raw)?)),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f64::from(f32::from_sql(ty, raw)?)),
            _ => Value::Text(String::from_sql(ty, raw)?),
        })
    }

    fn from_sql_null(
        _: &Type,
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Value::Null)
    }

    /// The types the core stores; anything else (a `numeric` sum, an
    /// array) is refused by the server's client before a value is read.
    fn accepts(ty: &Type) -> bool {
        matches!(
            *ty,
            Type::INT8 | Type::INT4 | Type::INT2 | Type::BOOL | Type::FLOAT8 | Type::FLOAT4
        ) || is_text(ty)
    }
}
