//! Mappings staff saved, reused for the next file of the same shape: a
//! file has the same shape when its headers are the same (compared
//! folded, so `Inventar-Nr.` and `inventar nr` are one).

use serde::{Deserialize, Serialize};

use super::mapping::plain;
use super::Target;
use crate::db::engine::{Engine, Sql};
use crate::settings::{put_setting_in, text_setting_in};
use crate::Result;

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

fn all(sql: &dyn Sql) -> Result<Vec<Saved>> {
    match text_setting_in(sql, KEY)? {
        // A list that cannot be read (edited by hand) counts as none.
        Some(json) => Ok(serde_json::from_str(&json).unwrap_or_default()),
        None => Ok(Vec::new()),
    }
}

/// The mapping saved for files of `target` with these headers, if any
/// (inside a read, on either engine: the mappings are shared by the PCs
/// of a shared database).
///
/// # Errors
/// A failure of the engine.
pub fn saved_mapping(
    sql: &dyn Sql,
    target: Target,
    headers: &[String],
) -> Result<Option<Vec<Option<String>>>> {
    let shape = shape(headers);
    Ok(all(sql)?
        .into_iter()
        .find(|s| s.target == target && s.headers == shape)
        .map(|s| s.mapping))
}

/// Saves `mapping` for files of `target` with these headers, replacing
/// the one saved for the same shape; read and written in one write, so two
/// PCs saving at once both keep theirs.
///
/// # Errors
/// A failure of the engine.
pub fn save_mapping(
    store: &mut impl Engine,
    target: Target,
    headers: &[String],
    mapping: &[Option<String>],
) -> Result<()> {
    let shape = shape(headers);
    store.write_sql(|tx| {
        let mut list = all(tx)?;
        list.retain(|s| !(s.target == target && s.headers == shape));
        list.push(Saved {
            target,
            headers: shape.clone(),
            mapping: mapping.to_vec(),
        });
        if list.len() > KEPT {
            list.drain(..list.len() - KEPT);
        }
        // Texts and lists only: serialising cannot fail.
        let Ok(json) = serde_json::to_string(&list) else {
            return Ok(());
        };
        put_setting_in(tx, KEY, &json)
    })
}
