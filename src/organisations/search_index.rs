//! The directory's search: the texts an organisation is found by (its
//! names, offerings, languages, places and the names of its contacts),
//! read the same way on both engines. The file keeps them in its
//! full-text table `organisation_search`, one row per organisation,
//! rewritten in the transaction of every change; the server, which has no
//! such table, reads them for the list and matches the typed words here
//! (the directory has hundreds of organisations, not the catalogue's
//! hundred thousand media).

use std::collections::BTreeMap;

use crate::db::engine::{args, Dialect, Sql, Value};
use crate::{languages, search, Result};

/// The texts of one organisation, by column of `organisation_search`.
#[derive(Debug, Default)]
pub(crate) struct SearchTexts {
    /// Name, short name and staff's notes.
    pub names: Vec<String>,
    /// Each offering's kind, title and target group.
    pub offerings: Vec<String>,
    /// Language codes with their German names.
    pub languages: Vec<String>,
    /// Municipality, city, street and the offerings' places.
    pub places: Vec<String>,
    /// Names of the contacts with a role there.
    pub contacts: Vec<String>,
}

impl SearchTexts {
    /// Every word the organisation is found by, as the file's full-text
    /// index holds them.
    pub(crate) fn words(&self) -> Vec<String> {
        [
            &self.names,
            &self.offerings,
            &self.languages,
            &self.places,
            &self.contacts,
        ]
        .into_iter()
        .flatten()
        .flat_map(|text| search::index_words(text))
        .collect()
    }
}

/// The search texts of organisation `only`, or of every organisation when
/// `None`: a few statements, whatever the number of organisations.
pub(crate) fn search_texts(sql: &dyn Sql, only: Option<i64>) -> Result<BTreeMap<i64, SearchTexts>> {
    let (filter, values): (&str, Vec<Value>) = match only {
        Some(id) => ("WHERE o.id = ?1", vec![id.into()]),
        None => ("", Vec::new()),
    };
    let mut texts: BTreeMap<i64, SearchTexts> = BTreeMap::new();
    for r in sql.rows(
        &format!(
            "SELECT o.id, o.name, o.short_name, o.description, o.municipality, o.city, o.street
             FROM organisation AS o {filter}"
        ),
        &values,
    )? {
        let t = texts.entry(r.get(0)?).or_default();
        t.names = vec![r.get(1)?, r.get(2)?, r.get(3)?];
        t.places = vec![r.get(4)?, r.get(5)?, r.get(6)?];
    }
    for r in sql.rows(
        &format!(
            "SELECT o.id, k.name, f.title, f.target_group, f.place
             FROM offering AS f JOIN offering_kind AS k ON k.id = f.kind_id
             JOIN organisation AS o ON o.id = f.organisation_id {filter}"
        ),
        &values,
    )? {
        if let Some(t) = texts.get_mut(&r.get(0)?) {
            t.offerings.push(r.get(1)?);
            t.offerings.push(r.get(2)?);
            t.offerings.push(r.get(3)?);
            t.places.push(r.get(4)?);
        }
    }
    for r in sql.rows(
        &format!(
            "SELECT o.id, l.code FROM organisation_language AS l
             JOIN organisation AS o ON o.id = l.organisation_id {filter}
             UNION
             SELECT o.id, l.code FROM offering_language AS l
             JOIN offering AS f ON f.id = l.offering_id
             JOIN organisation AS o ON o.id = f.organisation_id {filter}"
        ),
        &values,
    )? {
        if let Some(t) = texts.get_mut(&r.get(0)?) {
            let code: String = r.get(1)?;
            t.languages
                .push(format!("{code} {}", languages::name(&code)));
        }
    }
    for r in sql.rows(
        &format!(
            "SELECT o.id, c.name FROM contact_role AS r
             JOIN contact AS c ON c.id = r.contact_id
             JOIN organisation AS o ON o.id = r.organisation_id {filter}"
        ),
        &values,
    )? {
        if let Some(t) = texts.get_mut(&r.get(0)?) {
            t.contacts.push(r.get(1)?);
        }
    }
    Ok(texts)
}

/// Rewrites the search row of one organisation (inside the caller's
/// transaction) from [`search_texts`]. Nothing to do on the server, which
/// reads the texts when it searches.
pub(crate) fn reindex(tx: &dyn Sql, id: i64) -> Result<()> {
    if tx.dialect() == Dialect::Postgres {
        return Ok(());
    }
    tx.run(
        "DELETE FROM organisation_search WHERE rowid = ?1",
        args![id],
    )?;
    let Some(t) = search_texts(tx, Some(id))?.remove(&id) else {
        return Ok(());
    };
    let column = |texts: &[String]| search::fold(&texts.join(" "));
    tx.run(
        "INSERT INTO organisation_search (rowid, names, offerings, languages, places, contacts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![
            id,
            column(&t.names),
            column(&t.offerings),
            column(&t.languages),
            column(&t.places),
            column(&t.contacts)
        ],
    )?;
    Ok(())
}
