//! The directory list: filters, paging and the lists other parts use.

use serde::{Deserialize, Serialize};

use std::collections::HashMap;

use super::search_index::{search_texts, SearchTexts};
use super::{organisation_in, CooperationStatus, Organisation};
use crate::db::engine::{scalar, Dialect, Sql, Value};
use crate::folding::sort_key;
use crate::lists::{OrganisationColumn, Page, Paging, Sort};
use crate::{search, Db, Result};

/// Filters of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DirectoryQuery {
    /// Typed words; each must occur (as a prefix) somewhere.
    pub text: String,
    /// Only organisations in this municipality.
    pub municipality: Option<String>,
    /// Only organisations of this kind.
    pub kind_id: Option<i64>,
    /// A language of the organisation or of one of its offerings.
    pub language: Option<String>,
    /// Has an active offering of this kind.
    pub offering_kind_id: Option<i64>,
    /// Only organisations whose cooperation stands so.
    pub status: Option<CooperationStatus>,
    /// Archived organisations too.
    pub include_archived: bool,
    /// Page size.
    pub limit: u32,
    /// Rows of the whole list skipped before this page.
    pub offset: u32,
}

/// One organisation in the directory list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationRow {
    /// The organisation's number in the database.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Kind of organisation, as shown.
    pub kind: String,
    /// Municipality.
    pub municipality: String,
    /// Where the cooperation stands.
    pub status: CooperationStatus,
    /// Language codes.
    pub languages: Vec<String>,
    /// Names of the kinds of its active offerings.
    pub offerings: Vec<String>,
    /// Archived: kept, but out of the current lists.
    pub archived: bool,
}

/// A page of the directory, with its total and the sort it was read in.
pub type DirectoryPage = Page<OrganisationRow>;

/// The `ORDER BY` of the directory for a sort: fixed SQL per column (texts
/// folded: `ä` with `a`, `ß` as `ss`), the name next, the id last, so equal
/// values keep one order and pages never overlap.
fn directory_order(sort: &Sort<OrganisationColumn>) -> String {
    let dir = sort.sql_direction();
    let column = match sort.column {
        OrganisationColumn::Name => "",
        OrganisationColumn::Kind => {
            "sort_key((SELECT k.name FROM organisation_kind AS k WHERE k.id = o.kind_id))"
        }
        OrganisationColumn::Municipality => "sort_key(o.municipality)",
        // In the order of the cooperation: contact, active, dormant.
        OrganisationColumn::Status => {
            "CASE o.status WHEN 'kontakt' THEN 0 WHEN 'aktiv' THEN 1 ELSE 2 END"
        }
    };
    if column.is_empty() {
        format!("sort_key(o.name) {dir}, o.id")
    } else {
        format!("{column} {dir}, sort_key(o.name), o.id")
    }
}

/// The ids matching a query, in name order (all of them: the directory has
/// hundreds, not millions). Used by the exports and mailing lists.
pub(crate) fn matching_ids(sql: &dyn Sql, query: &DirectoryQuery) -> Result<Vec<i64>> {
    matching_ids_sorted(sql, query, &Sort::default_for_list())
}

/// [`matching_ids`] in the order of `sort`. The filters are SQL on both
/// engines; the typed words are looked up in the file's full-text table,
/// or matched here against the same texts on the server
/// ([`search_texts`]), and the server's list is sorted here by the keys the
/// file's `sort_key()` gives.
fn matching_ids_sorted(
    sql: &dyn Sql,
    query: &DirectoryQuery,
    sort: &Sort<OrganisationColumn>,
) -> Result<Vec<i64>> {
    let dialect = sql.dialect();
    let mut conditions: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let mut with = String::new();
    let typed = search::typed_words(&query.text);
    if dialect == Dialect::Sqlite {
        if let Some(q) = search::prefix_query(&query.text) {
            args.push(q.into());
            with = format!(
                "WITH hits AS (SELECT rowid AS id FROM organisation_search WHERE organisation_search MATCH ?{}) ",
                args.len()
            );
            conditions.push("o.id IN (SELECT id FROM hits)".into());
        }
    }
    if !query.include_archived {
        conditions.push("o.archived_on IS NULL".into());
    }
    if let Some(m) = query.municipality.as_ref().filter(|m| !m.is_empty()) {
        args.push(m.clone().into());
        conditions.push(format!("o.municipality = ?{}", args.len()));
    }
    if let Some(kind) = query.kind_id {
        args.push(kind.into());
        conditions.push(format!("o.kind_id = ?{}", args.len()));
    }
    if let Some(code) = query.language.as_ref().filter(|c| !c.is_empty()) {
        args.push(code.clone().into());
        let n = args.len();
        conditions.push(format!(
            "(EXISTS (SELECT 1 FROM organisation_language WHERE organisation_id = o.id AND code = ?{n})
              OR EXISTS (SELECT 1 FROM offering_language AS l JOIN offering AS f ON f.id = l.offering_id
                         WHERE f.organisation_id = o.id AND f.active = 1 AND l.code = ?{n}))"
        ));
    }
    if let Some(kind) = query.offering_kind_id {
        args.push(kind.into());
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM offering WHERE organisation_id = o.id AND active = 1 AND kind_id = ?{})",
            args.len()
        ));
    }
    if let Some(status) = query.status {
        args.push(status.code().to_owned().into());
        conditions.push(format!("o.status = ?{}", args.len()));
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    if dialect == Dialect::Sqlite {
        return sql
            .rows(
                &format!(
                    "{with}SELECT o.id FROM organisation AS o {filter} ORDER BY {}",
                    directory_order(sort)
                ),
                &args,
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
    }
    let texts = if typed.is_empty() {
        None
    } else {
        Some(search_texts(sql, None)?)
    };
    let mut listed = Vec::new();
    for r in sql.rows(
        &format!(
            "SELECT o.id, o.name, (SELECT k.name FROM organisation_kind AS k WHERE k.id = o.kind_id),
                    o.municipality, o.status
             FROM organisation AS o {filter}"
        ),
        &args,
    )? {
        let id: i64 = r.get(0)?;
        if let Some(texts) = &texts {
            let words = texts.get(&id).map(SearchTexts::words).unwrap_or_default();
            // Every typed word begins one of the organisation's words, as
            // the file's `"word"*` terms ask.
            if !typed
                .iter()
                .all(|t| words.iter().any(|w| w.starts_with(t.as_str())))
            {
                continue;
            }
        }
        let status: String = r.get(4)?;
        listed.push(Listed {
            id,
            name: sort_key(&r.get::<String>(1)?),
            kind: r.get::<Option<String>>(2)?.map(|k| sort_key(&k)),
            municipality: sort_key(&r.get::<String>(3)?),
            status: match status.as_str() {
                "kontakt" => 0,
                "aktiv" => 1,
                _ => 2,
            },
        });
    }
    // The order of `directory_order`: the column in the sort's direction
    // (no kind before any kind, as SQLite puts NULL first), then the
    // name's key and the id, both ascending.
    listed.sort_by(|a, b| {
        sort.compare(
            match sort.column {
                OrganisationColumn::Name => a.name.cmp(&b.name),
                OrganisationColumn::Kind => a.kind.cmp(&b.kind),
                OrganisationColumn::Municipality => a.municipality.cmp(&b.municipality),
                OrganisationColumn::Status => a.status.cmp(&b.status),
            },
            || a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)),
        )
    });
    Ok(listed.into_iter().map(|l| l.id).collect())
}

/// One organisation as the server's list sorts it.
struct Listed {
    id: i64,
    name: String,
    kind: Option<String>,
    municipality: String,
    status: u8,
}

/// The directory, filtered and paged, sorted by name.
///
/// # Errors
/// Only SQLite failures.
pub fn search_organisations(db: &Db, query: &DirectoryQuery) -> Result<DirectoryPage> {
    search_organisations_in(db.conn(), query)
}

/// [`search_organisations`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn search_organisations_in(sql: &dyn Sql, query: &DirectoryQuery) -> Result<DirectoryPage> {
    organisation_list_in(sql, query, Some("name:asc"))
}

/// The directory as the list shows it: filtered, sorted by `sort`
/// (`municipality:desc`; `None`: the sort kept for the list) in SQL, and
/// the page of `query.limit` rows from `query.offset`, with the total.
///
/// # Errors
/// [`Error::UnknownSortKey`](crate::Error::UnknownSortKey) for a sort the
/// list does not have; SQLite failures.
pub fn organisation_list(
    db: &Db,
    query: &DirectoryQuery,
    sort: Option<&str>,
) -> Result<DirectoryPage> {
    organisation_list_in(db.conn(), query, sort)
}

/// [`organisation_list`] inside a read, on either engine;
/// `tests/directory_engines.rs` keeps the two alike.
///
/// # Errors
/// As [`organisation_list`].
pub fn organisation_list_in(
    sql: &dyn Sql,
    query: &DirectoryQuery,
    sort: Option<&str>,
) -> Result<DirectoryPage> {
    let sort = Sort::<OrganisationColumn>::chosen_in(sql, sort)?;
    let ids = matching_ids_sorted(sql, query, &sort)?;
    let total = ids.len() as i64;
    let paging = Paging {
        limit: query.limit,
        offset: query.offset,
    };
    let rows = page_rows(sql, &paging.cut(ids))?;
    Ok(Page {
        total,
        rows,
        sort: sort.code(),
    })
}

/// The rows of one page of the directory, in the order of `ids`: three
/// statements for the page, not three per row (each is a round trip to
/// the server).
fn page_rows(sql: &dyn Sql, ids: &[i64]) -> Result<Vec<OrganisationRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let values: Vec<Value> = ids.iter().map(|&id| Value::from(id)).collect();
    let list = (1..=ids.len())
        .map(|n| format!("?{n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut rows: HashMap<i64, OrganisationRow> = HashMap::new();
    for r in sql.rows(
        &format!(
            "SELECT o.id, o.name, o.short_name, coalesce(k.name, ''), o.municipality, o.status,
                    CASE WHEN o.archived_on IS NULL THEN 0 ELSE 1 END
             FROM organisation AS o LEFT JOIN organisation_kind AS k ON k.id = o.kind_id
             WHERE o.id IN ({list})"
        ),
        &values,
    )? {
        let id: i64 = r.get(0)?;
        rows.insert(
            id,
            OrganisationRow {
                id,
                name: r.get(1)?,
                short_name: r.get(2)?,
                kind: r.get(3)?,
                municipality: r.get(4)?,
                status: CooperationStatus::from_code(&r.get::<String>(5)?),
                languages: Vec::new(),
                offerings: Vec::new(),
                archived: r.get(6)?,
            },
        );
    }
    for r in sql.rows(
        &format!(
            "SELECT organisation_id, code FROM organisation_language
             WHERE organisation_id IN ({list}) ORDER BY organisation_id, {}",
            sql.dialect().byte_order("code")
        ),
        &values,
    )? {
        if let Some(row) = rows.get_mut(&r.get(0)?) {
            row.languages.push(r.get(1)?);
        }
    }
    // The kinds of its active offerings, each once, in the kinds' order.
    for r in sql.rows(
        &format!(
            "SELECT DISTINCT o.organisation_id, k.id, k.name
             FROM offering AS o JOIN offering_kind AS k ON k.id = o.kind_id
             WHERE o.active = 1 AND o.organisation_id IN ({list})
             ORDER BY o.organisation_id, k.id"
        ),
        &values,
    )? {
        if let Some(row) = rows.get_mut(&r.get(0)?) {
            row.offerings.push(r.get(2)?);
        }
    }
    ids.iter()
        .map(|id| {
            rows.remove(id).ok_or(crate::Error::NotFound {
                what: crate::Record::Organisation,
            })
        })
        .collect()
}

/// One organisation as simple lists show it (borrower form, pick lists).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationSummary {
    /// The organisation's number in the database.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Municipality.
    pub municipality: String,
    /// Staff's notes on it.
    pub description: String,
}

/// Every organisation that is not archived, sorted by name.
///
/// # Errors
/// Only SQLite failures.
pub fn list(db: &Db) -> Result<Vec<OrganisationSummary>> {
    list_in(db.conn())
}

/// [`list`] inside a read, on either engine (the organisation picker of a
/// borrower's form on the shared database, too).
///
/// # Errors
/// A failure of the engine.
pub fn list_in(sql: &dyn Sql) -> Result<Vec<OrganisationSummary>> {
    sql.rows(
        &format!(
            "SELECT id, name, municipality, description FROM organisation
             WHERE archived_on IS NULL ORDER BY {}, id",
            sql.dialect().nocase_order("name")
        ),
        &[],
    )?
    .iter()
    .map(|r| {
        Ok(OrganisationSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            municipality: r.get(2)?,
            description: r.get(3)?,
        })
    })
    .collect()
}

/// Number of organisations in the directory (archived ones included).
///
/// # Errors
/// Only SQLite failures.
pub fn count(db: &Db) -> Result<i64> {
    count_in(db.conn())
}

/// [`count`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn count_in(sql: &dyn Sql) -> Result<i64> {
    scalar(sql, "SELECT count(*) FROM organisation", &[])
}

/// Every organisation matching a query, in full (for the exports).
///
/// # Errors
/// Only SQLite failures.
pub fn matching_organisations(db: &Db, query: &DirectoryQuery) -> Result<Vec<Organisation>> {
    matching_organisations_in(db.conn(), query)
}

/// [`matching_organisations`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn matching_organisations_in(
    sql: &dyn Sql,
    query: &DirectoryQuery,
) -> Result<Vec<Organisation>> {
    matching_ids(sql, query)?
        .into_iter()
        .map(|id| organisation_in(sql, id))
        .collect()
}
