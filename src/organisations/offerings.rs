//! Angebote: what an organisation offers (Sprachunterricht in a language,
//! Nachhilfe, Beratung, ...), for whom, when and where.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{exists, reindex, timestamp};
use crate::db::engine::{args, scalar, value, Engine, Sql};
use crate::pick_lists::{self, Entry, PickList};
use crate::versions::{self, Saved, Versioned};
use crate::Record;
use crate::{languages, limits, Error, Result};

/// What staff enter for an offering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct OfferingInput {
    /// Kind of offering (required).
    pub kind_id: i64,
    /// A name of its own ("Deutsch für Frauen"), optional.
    pub title: String,
    /// Who it is for ("Frauen", "Schüler/innen").
    pub target_group: String,
    /// For Sprachunterricht the language taught; else the languages spoken.
    pub languages: Vec<String>,
    /// In words ("dienstags 18–20 Uhr").
    pub schedule: String,
    /// Where it takes place.
    pub place: String,
    /// Offered now; past offerings are kept but not searched for.
    pub active: bool,
    /// The version the form was filled from ([`Offering::saved`]); saving
    /// is refused when someone saved the offering since
    /// ([`crate::Error::ChangedMeanwhile`]). `None` (an import, a new
    /// offering): no check.
    pub version: Option<i64>,
}

/// An offering as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offering {
    /// The offering's number in the database.
    pub id: i64,
    /// The organisation that offers it.
    pub organisation_id: i64,
    /// Kind of offering.
    pub kind: Entry,
    /// A name of its own, if any.
    pub title: String,
    /// Who it is for.
    pub target_group: String,
    /// For Sprachunterricht the language taught; else the languages spoken.
    pub languages: Vec<String>,
    /// When, in words.
    pub schedule: String,
    /// Where it takes place.
    pub place: String,
    /// Offered now.
    pub active: bool,
    /// Its version, and who saved it last when.
    pub saved: Saved,
}

pub(super) fn of_organisation(sql: &dyn Sql, organisation_id: i64) -> Result<Vec<Offering>> {
    let mut list: Vec<Offering> = sql
        .rows(
            &format!(
                "SELECT o.id, o.organisation_id, k.id, k.code, k.name, o.title, o.target_group,
                        o.schedule, o.place, o.active, o.version,
                        coalesce(o.updated_at, o.created_at), o.updated_by
                 FROM offering AS o JOIN offering_kind AS k ON k.id = o.kind_id
                 WHERE o.organisation_id = ?1 ORDER BY o.active DESC, k.id, {}, o.id",
                sql.dialect().byte_order("o.title")
            ),
            args![organisation_id],
        )?
        .iter()
        .map(|r| {
            Ok(Offering {
                id: r.get(0)?,
                organisation_id: r.get(1)?,
                kind: Entry {
                    id: r.get(2)?,
                    code: r.get(3)?,
                    name: r.get(4)?,
                },
                title: r.get(5)?,
                target_group: r.get(6)?,
                languages: Vec::new(),
                schedule: r.get(7)?,
                place: r.get(8)?,
                active: r.get(9)?,
                saved: Saved {
                    version: r.get(10)?,
                    at: r.get(11)?,
                    by: r.get(12)?,
                },
            })
        })
        .collect::<Result<_>>()?;
    let order = sql.dialect().byte_order("code");
    for offering in &mut list {
        offering.languages = sql
            .rows(
                &format!(
                    "SELECT code FROM offering_language WHERE offering_id = ?1 ORDER BY {order}"
                ),
                args![offering.id],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect::<Result<_>>()?;
    }
    Ok(list)
}

/// Adds (`id` None) or changes an offering of an organisation, saved by
/// workstation `by`; returns the organisation's offerings.
///
/// # Errors
/// [`Error::NotFound`] (organisation or offering),
/// [`Error::UnknownOfferingKind`], [`Error::UnknownLanguageCode`],
/// [`Error::TooLong`], [`Error::ChangedMeanwhile`] when someone saved the
/// offering since the form read `input.version`.
pub fn save_offering(
    store: &mut impl Engine,
    organisation_id: i64,
    id: Option<i64>,
    input: &OfferingInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<Vec<Offering>> {
    store.write_sql(|tx| {
        save_offering_in(tx, organisation_id, id, input, now, by)?;
        of_organisation(tx, organisation_id)
    })
}

/// [`save_offering`] inside the caller's transaction; returns the id.
pub(crate) fn save_offering_in(
    tx: &dyn Sql,
    organisation_id: i64,
    id: Option<i64>,
    input: &OfferingInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<i64> {
    limits::check_all(&[
        ("title", input.title.trim(), limits::TITLE),
        ("target_group", input.target_group.trim(), limits::NAME),
        ("schedule", input.schedule.trim(), limits::NAME),
        ("place", input.place.trim(), limits::NAME),
    ])?;
    let mut codes = Vec::new();
    for code in &input.languages {
        let code = languages::check(code, "languages")?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    exists(tx, organisation_id)?;
    if !pick_lists::exists(tx, PickList::Offerings, input.kind_id)? {
        return Err(Error::UnknownOfferingKind);
    }
    let fields = args![
        organisation_id,
        input.kind_id,
        input.title.trim(),
        input.target_group.trim(),
        input.schedule.trim(),
        input.place.trim(),
        input.active,
        timestamp(now)
    ];
    let id = match id {
        Some(id) => {
            if owner(tx, id)? != Some(organisation_id) {
                return Err(Error::NotFound {
                    what: Record::Offering,
                });
            }
            versions::claim(tx, Versioned::Offering, id, input.version, by)?;
            let mut values = fields[1..].to_vec();
            values.push(id.into());
            tx.run(
                "UPDATE offering SET kind_id = ?1, title = ?2, target_group = ?3, schedule = ?4,
                        place = ?5, active = ?6, updated_at = ?7 WHERE id = ?8",
                &values,
            )?;
            id
        }
        None => scalar(
            tx,
            "INSERT INTO offering (organisation_id, kind_id, title, target_group, schedule,
                                   place, active, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) RETURNING id",
            fields,
        )?,
    };
    tx.run(
        "DELETE FROM offering_language WHERE offering_id = ?1",
        args![id],
    )?;
    for code in &codes {
        tx.run(
            "INSERT INTO offering_language (offering_id, code) VALUES (?1, ?2)",
            args![id, code],
        )?;
    }
    reindex(tx, organisation_id)?;
    Ok(id)
}

/// The organisation an offering belongs to; `None` when there is no such
/// offering.
fn owner(sql: &dyn Sql, id: i64) -> Result<Option<i64>> {
    value(
        sql,
        "SELECT organisation_id FROM offering WHERE id = ?1",
        args![id],
    )
}

/// Removes an offering.
///
/// # Errors
/// [`Error::NotFound`].
pub fn delete_offering(store: &mut impl Engine, id: i64) -> Result<()> {
    store.write_sql(|tx| {
        let Some(organisation_id) = owner(tx, id)? else {
            return Err(Error::NotFound {
                what: Record::Offering,
            });
        };
        tx.run("DELETE FROM offering WHERE id = ?1", args![id])?;
        reindex(tx, organisation_id)
    })
}
