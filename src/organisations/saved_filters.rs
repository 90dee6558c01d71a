//! Directory filters kept under a name.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use super::DirectoryQuery;
use crate::{limits, search, Db, Error, Result};

/// A directory filter kept under a name: a mailing list staff come back to
/// ("Frauenangebote Troisdorf").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFilter {
    /// The name staff gave it; unique.
    pub name: String,
    /// The filter, without paging.
    pub query: DirectoryQuery,
}

const SAVED_FILTERS: &str = "directory_saved_filters";

/// The saved filters, by name.
///
/// # Errors
/// Only SQLite failures (a damaged setting reads as no filters).
pub fn saved_filters(db: &Db) -> Result<Vec<SavedFilter>> {
    let text: Option<String> = db
        .conn()
        .query_row(
            "SELECT value FROM app_setting WHERE key = ?1",
            [SAVED_FILTERS],
            |r| r.get(0),
        )
        .optional()?;
    let mut list: Vec<SavedFilter> = text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    list.sort_by_key(|f| search::fold(&f.name));
    Ok(list)
}

/// Saves a filter under a name (the same name replaces it); paging is not
/// kept.
///
/// # Errors
/// [`Error::Required`] (name), [`Error::TooLong`].
pub fn save_filter(db: &mut Db, name: &str, query: &DirectoryQuery) -> Result<Vec<SavedFilter>> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Required {
            field: "filter_name",
        });
    }
    limits::check("filter_name", name, limits::NAME)?;
    let mut list = saved_filters(db)?;
    list.retain(|f| search::fold(&f.name) != search::fold(name));
    list.push(SavedFilter {
        name: name.to_owned(),
        query: DirectoryQuery {
            limit: 0,
            offset: 0,
            ..query.clone()
        },
    });
    store_filters(db, &list)?;
    saved_filters(db)
}

/// Removes a saved filter.
///
/// # Errors
/// Only SQLite failures.
pub fn delete_filter(db: &mut Db, name: &str) -> Result<Vec<SavedFilter>> {
    let mut list = saved_filters(db)?;
    list.retain(|f| f.name != name);
    store_filters(db, &list)?;
    saved_filters(db)
}

fn store_filters(db: &mut Db, list: &[SavedFilter]) -> Result<()> {
    let text = serde_json::to_string(list).map_err(|e| Error::DocumentFailed(e.to_string()))?;
    db.write(|tx| crate::settings::put_setting(tx, SAVED_FILTERS, &text))
}
