//! Directory filters kept under a name.

use serde::{Deserialize, Serialize};

use super::DirectoryQuery;
use crate::db::engine::{Engine, Sql};
use crate::settings::{put_setting_in, text_setting_in};
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
    saved_filters_in(db.conn())
}

/// [`saved_filters`] inside a read, on either engine (the filters are
/// shared by every PC of the database).
///
/// # Errors
/// A failure of the engine.
pub fn saved_filters_in(sql: &dyn Sql) -> Result<Vec<SavedFilter>> {
    let mut list: Vec<SavedFilter> = text_setting_in(sql, SAVED_FILTERS)?
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    list.sort_by_key(|f| search::fold(&f.name));
    Ok(list)
}

/// Saves a filter under a name; paging is not kept. A filter of the same
/// name (upper and lower case, accents alike) is replaced only when
/// `replace` is set: staff confirm it, and a filter another PC saved under
/// that name since this one read the list is not overwritten unseen.
///
/// # Errors
/// [`Error::Required`] (name), [`Error::TooLong`],
/// [`Error::FilterNameTaken`] (the name is saved and `replace` is not set).
pub fn save_filter(
    store: &mut impl Engine,
    name: &str,
    query: &DirectoryQuery,
    replace: bool,
) -> Result<Vec<SavedFilter>> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Required {
            field: "filter_name",
        });
    }
    limits::check("filter_name", name, limits::NAME)?;
    change_filters(store, |list| {
        let same = |f: &SavedFilter| search::fold(&f.name) == search::fold(name);
        if let Some(taken) = list.iter().find(|f| same(f)) {
            if !replace {
                return Err(Error::FilterNameTaken {
                    name: taken.name.clone(),
                });
            }
        }
        list.retain(|f| !same(f));
        list.push(SavedFilter {
            name: name.to_owned(),
            query: DirectoryQuery {
                limit: 0,
                offset: 0,
                ..query.clone()
            },
        });
        Ok(())
    })
}

/// Removes a saved filter.
///
/// # Errors
/// Only SQLite failures.
pub fn delete_filter(store: &mut impl Engine, name: &str) -> Result<Vec<SavedFilter>> {
    change_filters(store, |list| {
        list.retain(|f| f.name != name);
        Ok(())
    })
}

/// Reads the filters, changes them and stores them in one write, so that
/// two PCs saving a filter at once keep both.
fn change_filters(
    store: &mut impl Engine,
    change: impl Fn(&mut Vec<SavedFilter>) -> Result<()>,
) -> Result<Vec<SavedFilter>> {
    store.write_sql(|tx| {
        let mut list = saved_filters_in(tx)?;
        change(&mut list)?;
        let text =
            serde_json::to_string(&list).map_err(|e| Error::DocumentFailed(e.to_string()))?;
        put_setting_in(tx, SAVED_FILTERS, &text)?;
        saved_filters_in(tx)
    })
}
