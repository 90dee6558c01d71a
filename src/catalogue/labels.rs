//! What the labels of copies show.

use serde::{Deserialize, Serialize};

use super::CopyStatus;
use crate::db::engine::{args, Sql};
use crate::Record;
use crate::{Db, Error, Result};

/// One label: the code to scan and the text under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// The Inventarnummer (becomes the barcode).
    pub code: String,
    /// The short title printed under it.
    pub caption: String,
}

/// Labels for the given copies (Inventarnummer and title), in the order
/// given; retired copies are left out.
///
/// # Errors
/// [`Error::NotFound`] for an id that is no copy.
pub fn labels_for_copies(db: &Db, copy_ids: &[i64]) -> Result<Vec<Label>> {
    labels_for_copies_in(db.conn(), copy_ids)
}

/// [`labels_for_copies`] inside a read, on either engine.
///
/// # Errors
/// [`Error::NotFound`] for an id that is no copy.
pub fn labels_for_copies_in(sql: &dyn Sql, copy_ids: &[i64]) -> Result<Vec<Label>> {
    let mut labels = Vec::with_capacity(copy_ids.len());
    for id in copy_ids {
        let row = sql
            .row(
                "SELECT c.barcode, m.title, c.status FROM copy c JOIN medium m ON m.id = c.medium_id
                 WHERE c.id = ?1",
                args![*id],
            )?
            .ok_or(Error::NotFound { what: Record::Copy })?;
        if CopyStatus::from_code(&row.get::<String>(2)?) != CopyStatus::Ausgeschieden {
            labels.push(Label {
                code: row.get(0)?,
                caption: row.get(1)?,
            });
        }
    }
    Ok(labels)
}
