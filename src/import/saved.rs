//! Mappings staff saved, reused for the next file of the same shape: a
//! file has the same shape when its headers are the same (compared
//! folded, so `Inventar-Nr.` and `inventar nr` are one).

use serde::{Deserialize, Serialize};

use super::mapping::plain;
use super::Target;
use crate::settings::{put_setting, text_setting};
use crate::{Db, Result};

const KEY: &str = "import_mappings";

/// How many shapes are kept; the oldest is forgotten first.
const KEPT: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Saved {
    target: Target,
    headers: Vec<String>,
    mapping: Vec<Option<String>>,
}

fn shape(headers: &[String]) -> Vec<String> {
    headers.iter().map(|h| plain(h)).collect()
}

fn all(db: &Db) -> Result<Vec<Saved>> {
    match text_setting(db, KEY)? {
        // A list that cannot be read (edited by hand) counts as none.
        Some(json) => Ok(serde_json::from_str(&json).unwrap_or_default()),
        None => Ok(Vec::new()),
    }
}

/// The mapping saved for files of `target` with these headers, if any.
///
/// # Errors
/// Only SQLite failures.
pub fn saved_mapping(
    db: &Db,
    target: Target,
    headers: &[String],
) -> Result<Option<Vec<Option<String>>>> {
    let shape = shape(headers);
    Ok(all(db)?
        .into_iter()
        .find(|s| s.target == target && s.headers == shape)
        .map(|s| s.mapping))
}

/// Saves `mapping` for files of `target` with these headers, replacing
/// the one saved for the same shape.
///
/// # Errors
/// Only SQLite failures.
pub fn save_mapping(
    db: &mut Db,
    target: Target,
    headers: &[String],
    mapping: &[Option<String>],
) -> Result<()> {
    let shape = shape(headers);
    let mut list = all(db)?;
    list.retain(|s| !(s.target == target && s.headers == shape));
    list.push(Saved {
        target,
        headers: shape,
        mapping: mapping.to_vec(),
    });
    if list.len() > KEPT {
        list.drain(..list.len() - KEPT);
    }
    // Texts and lists only: serialising cannot fail.
    let Ok(json) = serde_json::to_string(&list) else {
        return Ok(());
    };
    db.write(|tx| put_setting(tx, KEY, &json))
}
