//! Demo data for a first look and for training: the institution and the
//! three migrant organisations named in the Rhein-Sieg-Kreis article of
//! December 2017. Later domains add their own demo records here.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::settings::{self, Institution};
use crate::{organisations, Db, Error, Result};

/// What [`load`] put into the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    /// Organisations added.
    pub organisations: usize,
}

/// The organisations of the source article: name, municipality, description.
const ORGANISATIONS: &[(&str, &str, &str)] = &[
    (
        "Kultur- und Bildungsverein Siegburg",
        "Siegburg",
        "Nachhilfe in eigenen Räumen, Gesprächskreise und Diskussionsrunden.",
    ),
    (
        "Marokkanischer Kulturverein Sankt Augustin",
        "Sankt Augustin",
        "Rund 200 Mitglieder; unterstützt und berät neu zugewanderte Menschen nach ihrer Ankunft im Rhein-Sieg-Kreis.",
    ),
    (
        "Kurdische Gemeinschaft Rhein-Sieg/Bonn",
        "Siegburg",
        "Sprachunterricht in Deutsch und Kurdisch, Integrationsagentur, Flüchtlings- und Migrationsberatung.",
    ),
];

/// Whether the database holds no data of its own yet (a fresh file).
///
/// # Errors
/// Only SQLite failures.
pub fn is_empty(db: &Db) -> Result<bool> {
    Ok(organisations::count(db)? == 0)
}

/// Loads the demo data in one transaction.
///
/// # Errors
/// [`Error::DemoNeedsEmptyDatabase`] when the directory already holds
/// organisations: demo records never mix with real ones.
pub fn load(db: &mut Db, now: NaiveDateTime) -> Result<DemoSummary> {
    if !is_empty(db)? {
        return Err(Error::DemoNeedsEmptyDatabase);
    }
    db.write(|tx| {
        settings::save_institution_in(
            tx,
            &Institution {
                name: "Kommunales Integrationszentrum Rhein-Sieg-Kreis".into(),
                department: "Mediathek und Migrantenorganisationen".into(),
                street: "Kaiser-Wilhelm-Platz 1".into(),
                postal_code: "53721".into(),
                city: "Siegburg".into(),
                phone: "02241 13-0".into(),
                email: "integration@rhein-sieg-kreis.example".into(),
                website: "www.rhein-sieg-kreis.de".into(),
            },
        )?;
        for (name, municipality, description) in ORGANISATIONS {
            organisations::insert(tx, name, municipality, description, now)?;
        }
        Ok(DemoSummary {
            organisations: ORGANISATIONS.len(),
        })
    })
}
