//! What the labels of copies show.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use super::CopyStatus;
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
    let mut stmt = db.conn().prepare_cached(
        "SELECT c.barcode, m.title, c.status FROM copy c JOIN medium m ON m.id = c.medium_id
         WHERE c.id = ?1",
    )?;
    let mut labels = Vec::with_capacity(copy_ids.len());
    for id in copy_ids {
        let (code, caption, status): (String, String, String) = stmt
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
            .ok_or(Error::NotFound { what: Record::Copy })?;
        if CopyStatus::from_code(&status) != CopyStatus::Ausgeschieden {
            labels.push(Label { code, caption });
        }
    }
    Ok(labels)
}
