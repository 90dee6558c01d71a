//! The centre's public face (issue 24): what each organisation lets the
//! portal show of it, and the static website written from that and the
//! catalogue ([`site`]).
//!
//! Nothing personal leaves through here unless its person agreed. An
//! organisation appears only when staff switched `published` on, and then
//! with its name and only the fields ticked for it ([`PublicField`]); a
//! contact person only with her own consent to be shown (purpose
//! `veroeffentlichung`, day and text version, [`set_public_consent`]) and
//! while her role lasts. The catalogue carries what describes a medium and
//! whether a copy stands on the shelf, never a loan, a reservation or who
//! borrowed.

mod booklet;
mod settings;
pub mod site;
mod words;

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::db::engine::{args, Engine, Sql};
use crate::organisations::{contacts_of_in, organisation_in, Contact, ContactRole, Organisation};
use crate::people::Consent;
use crate::time::timestamp;
use crate::versions::{self, Versioned};
use crate::{limits, Db, Error, Result};

pub use settings::{publish_settings_in, record_published, save_publish_settings, PublishSettings};
pub use words::{site_words, SiteWords};

/// The languages of the centre's portal, in the order of its language
/// switch: the site is written in these (or some of them).
pub const SITE_LANGUAGES: [&str; 6] = ["de", "en", "fr", "ru", "tr", "ar"];

/// A field of an organisation's entry that is shown only when ticked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PublicField {
    /// The municipality (Ort).
    Municipality,
    /// Its communities' languages.
    Languages,
    /// Its active offerings, with times, places and who they are for.
    Offerings,
    /// Its website.
    Website,
    /// Its e-mail address (one meant for the public).
    Email,
    /// Its phone number (one meant for the public).
    Phone,
    /// Its current contact persons who agreed to be shown (name, role,
    /// e-mail, phone); nobody without that consent.
    Contacts,
}

impl PublicField {
    /// Every field, in the order of the form.
    pub const ALL: [PublicField; 7] = [
        PublicField::Municipality,
        PublicField::Languages,
        PublicField::Offerings,
        PublicField::Website,
        PublicField::Email,
        PublicField::Phone,
        PublicField::Contacts,
    ];

    /// The code stored in `organisation.public_fields`.
    pub fn code(self) -> &'static str {
        match self {
            PublicField::Municipality => "municipality",
            PublicField::Languages => "languages",
            PublicField::Offerings => "offerings",
            PublicField::Website => "website",
            PublicField::Email => "email",
            PublicField::Phone => "phone",
            PublicField::Contacts => "contacts",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// The organisation's own description for the public, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicText {
    /// One of [`SITE_LANGUAGES`].
    pub language: String,
    /// The text as entered.
    pub body: String,
}

/// What an organisation lets the public site show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Publication {
    /// Shown on the site at all.
    pub published: bool,
    /// The fields shown besides the name, in the order of
    /// [`PublicField::ALL`].
    pub fields: Vec<PublicField>,
    /// Its descriptions, German first, then in the order of
    /// [`SITE_LANGUAGES`].
    pub texts: Vec<PublicText>,
}

/// What staff enter on the organisation's page, section "Öffentlich".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PublicationInput {
    /// Shown on the site at all.
    pub published: bool,
    /// The fields shown besides the name.
    pub fields: Vec<PublicField>,
    /// Descriptions; an empty one is removed.
    pub texts: Vec<PublicText>,
    /// The organisation's version the page showed; saving is refused when
    /// it was saved since ([`Error::ChangedMeanwhile`]).
    pub version: Option<i64>,
}

/// An active offering as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicOffering {
    /// The kind's code (for the directory's filter).
    pub kind_code: String,
    /// The kind's name, as in the pick list.
    pub kind: String,
    /// Its own name, if any.
    pub title: String,
    /// Who it is for.
    pub target_group: String,
    /// When, in words.
    pub schedule: String,
    /// Where.
    pub place: String,
    /// Its languages.
    pub languages: Vec<String>,
}

/// A contact person who agreed to be shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicContact {
    /// Name.
    pub name: String,
    /// The role at the organisation ("Vorsitz").
    pub role: String,
    /// E-mail address, or empty.
    pub email: String,
    /// Phone number, or empty.
    pub phone: String,
}

/// An organisation's public entry: its name and what it chose to show;
/// every field it did not choose is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicEntry {
    /// The organisation's number (its page's file name).
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Municipality, or empty.
    pub municipality: String,
    /// Languages, or none.
    pub languages: Vec<String>,
    /// Active offerings, or none.
    pub offerings: Vec<PublicOffering>,
    /// Website, or empty.
    pub website: String,
    /// E-mail address, or empty.
    pub email: String,
    /// Phone number, or empty.
    pub phone: String,
    /// Contact persons who agreed to be shown, or none.
    pub contacts: Vec<PublicContact>,
    /// Its descriptions.
    pub texts: Vec<PublicText>,
}

impl PublicEntry {
    /// The description in `language`, else the German one (with `false`:
    /// not in that language), else none.
    pub fn text_in(&self, language: &str) -> Option<(&str, bool)> {
        if let Some(t) = self.texts.iter().find(|t| t.language == language) {
            return Some((&t.body, true));
        }
        self.texts
            .iter()
            .find(|t| t.language == "de")
            .map(|t| (t.body.as_str(), language == "de"))
    }
}

/// What the organisation `id` lets the site show.
///
/// # Errors
/// [`Error::NotFound`].
pub fn publication(db: &Db, id: i64) -> Result<Publication> {
    publication_in(db.conn(), id)
}

/// [`publication`] on either engine.
///
/// # Errors
/// [`Error::NotFound`].
pub fn publication_in(sql: &dyn Sql, id: i64) -> Result<Publication> {
    let row = sql
        .row(
            "SELECT published, public_fields FROM organisation WHERE id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: crate::Record::Organisation,
        })?;
    let published: i64 = row.get(0)?;
    let fields: String = row.get(1)?;
    let mut fields: Vec<PublicField> = fields
        .split(',')
        .filter_map(|c| PublicField::from_code(c.trim()))
        .collect();
    fields.sort();
    fields.dedup();
    let mut texts: Vec<PublicText> = sql
        .rows(
            "SELECT language, body FROM organisation_public_text WHERE organisation_id = ?1",
            args![id],
        )?
        .iter()
        .map(|r| {
            Ok(PublicText {
                language: r.get(0)?,
                body: r.get(1)?,
            })
        })
        .collect::<Result<_>>()?;
    texts.sort_by_key(|t| language_rank(&t.language));
    Ok(Publication {
        published: published == 1,
        fields,
        texts,
    })
}

fn language_rank(code: &str) -> usize {
    SITE_LANGUAGES
        .iter()
        .position(|l| *l == code)
        .unwrap_or(SITE_LANGUAGES.len())
}

/// Stores what the organisation `id` lets the site show, and raises its
/// version.
///
/// # Errors
/// [`Error::UnknownLanguageCode`] (field `public_text`) for a description in
/// a language the site is not written in; [`Error::TooLong`] for a
/// description over [`limits::TEXT`]; [`Error::NotFound`];
/// [`Error::ChangedMeanwhile`]. Nothing is stored then.
pub fn save_publication(
    store: &mut impl Engine,
    id: i64,
    input: &PublicationInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<Publication> {
    let mut texts: Vec<PublicText> = Vec::new();
    for t in &input.texts {
        let language = t.language.trim().to_lowercase();
        if !SITE_LANGUAGES.contains(&language.as_str()) {
            return Err(Error::UnknownLanguageCode {
                code: t.language.trim().to_owned(),
                field: "public_text",
            });
        }
        let body = t.body.trim();
        limits::check("public_text", body, limits::TEXT)?;
        texts.retain(|k| k.language != language);
        if !body.is_empty() {
            texts.push(PublicText {
                language,
                body: body.to_owned(),
            });
        }
    }
    let mut fields = input.fields.clone();
    fields.sort();
    fields.dedup();
    let codes = fields
        .iter()
        .map(|f| f.code())
        .collect::<Vec<_>>()
        .join(",");
    store.write_sql(|tx| {
        versions::claim(tx, Versioned::Organisation, id, input.version, by)?;
        tx.run(
            "UPDATE organisation SET published = ?2, public_fields = ?3, updated_at = ?4
             WHERE id = ?1",
            args![
                id,
                i64::from(input.published),
                codes.as_str(),
                timestamp(now)
            ],
        )?;
        tx.run(
            "DELETE FROM organisation_public_text WHERE organisation_id = ?1",
            args![id],
        )?;
        for t in &texts {
            tx.run(
                "INSERT INTO organisation_public_text (organisation_id, language, body)
                 VALUES (?1, ?2, ?3)",
                args![id, t.language.as_str(), t.body.as_str()],
            )?;
        }
        publication_in(tx, id)
    })
}

/// Records (`Some`) or withdraws (`None`) the contact's consent to be
/// shown on the site, and raises the contact's version.
///
/// # Errors
/// [`Error::Required`] (field `public_consent_version`) for an empty text
/// version; [`Error::NotFound`]; [`Error::ChangedMeanwhile`].
pub fn set_public_consent(
    store: &mut impl Engine,
    contact_id: i64,
    consent: Option<&Consent>,
    version: Option<i64>,
    now: NaiveDateTime,
    by: &str,
) -> Result<Contact> {
    let consent = match consent {
        Some(c) => {
            let text_version = c.text_version.trim().to_owned();
            if text_version.is_empty() {
                return Err(Error::Required {
                    field: "public_consent_version",
                });
            }
            limits::check("public_consent_version", &text_version, limits::CODE)?;
            Some((c.given_on, text_version))
        }
        None => None,
    };
    store.write_sql(|tx| {
        versions::claim(tx, Versioned::Contact, contact_id, version, by)?;
        tx.run(
            "UPDATE contact SET public_consent_on = ?2, public_consent_version = ?3,
                    updated_at = ?4
             WHERE id = ?1",
            args![
                contact_id,
                consent.as_ref().map(|c| c.0),
                consent.as_ref().map(|c| c.1.clone()),
                timestamp(now)
            ],
        )?;
        crate::organisations::contact_in(tx, contact_id)
    })
}

/// Records (`agreed`: on `now`'s day, to the current text of the purpose
/// `veroeffentlichung`) or withdraws the contact's consent to be shown on
/// the site: what the contact's data-protection actions do.
///
/// # Errors
/// As [`set_public_consent`].
pub fn record_public_consent(
    store: &mut impl Engine,
    contact_id: i64,
    agreed: bool,
    version: Option<i64>,
    now: NaiveDateTime,
    by: &str,
) -> Result<Contact> {
    let consent = if agreed {
        let text_version = store.read_sql(|sql| {
            crate::consents::current_version_in(sql, crate::consents::Purpose::Veroeffentlichung)
        })?;
        Some(Consent {
            given_on: now.date(),
            text_version,
        })
    } else {
        None
    };
    set_public_consent(store, contact_id, consent.as_ref(), version, now, by)
}

/// The entry the site shows for `organisation`, `None` when it is not
/// published or archived. The organisation page's preview shows the same.
pub fn public_entry(
    organisation: &Organisation,
    publication: &Publication,
    contacts: &[(ContactRole, Contact)],
) -> Option<PublicEntry> {
    if !publication.published || organisation.archived_on.is_some() {
        return None;
    }
    let shows = |f: PublicField| publication.fields.contains(&f);
    let text = |f: PublicField, value: &str| {
        if shows(f) {
            value.trim().to_owned()
        } else {
            String::new()
        }
    };
    let offerings = if shows(PublicField::Offerings) {
        organisation
            .offerings
            .iter()
            .filter(|o| o.active)
            .map(|o| PublicOffering {
                kind_code: o.kind.code.clone(),
                kind: o.kind.name.clone(),
                title: o.title.clone(),
                target_group: o.target_group.clone(),
                schedule: o.schedule.clone(),
                place: o.place.clone(),
                languages: o.languages.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    Some(PublicEntry {
        id: organisation.id,
        name: organisation.name.clone(),
        municipality: text(PublicField::Municipality, &organisation.municipality),
        languages: if shows(PublicField::Languages) {
            organisation.languages.clone()
        } else {
            Vec::new()
        },
        offerings,
        website: text(PublicField::Website, &organisation.website),
        email: text(PublicField::Email, &organisation.email),
        phone: text(PublicField::Phone, &organisation.phone),
        contacts: if shows(PublicField::Contacts) {
            contacts
                .iter()
                .filter(|(role, contact)| {
                    role.ended_on.is_none() && contact.public_consent.is_some()
                })
                .map(|(role, contact)| PublicContact {
                    name: contact.name.clone(),
                    role: role.role.clone(),
                    email: contact.email.clone(),
                    phone: contact.phone.clone(),
                })
                .collect()
        } else {
            Vec::new()
        },
        texts: publication.texts.clone(),
    })
}

/// The preview of the organisation `id`'s public entry, `None` when the
/// site does not show it.
///
/// # Errors
/// [`Error::NotFound`].
pub fn public_entry_of_in(sql: &dyn Sql, id: i64) -> Result<Option<PublicEntry>> {
    let organisation = organisation_in(sql, id)?;
    let publication = publication_in(sql, id)?;
    let contacts = contacts_of_in(sql, id)?;
    Ok(public_entry(&organisation, &publication, &contacts))
}

/// Every published organisation's entry, by name.
///
/// # Errors
/// Storage failures.
pub fn public_entries_in(sql: &dyn Sql) -> Result<Vec<PublicEntry>> {
    let ids: Vec<i64> = sql
        .rows(
            "SELECT id FROM organisation WHERE published = 1 AND archived_on IS NULL",
            &[],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect::<Result<_>>()?;
    let mut entries = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(entry) = public_entry_of_in(sql, id)? {
            entries.push(entry);
        }
    }
    entries.sort_by(|a, b| {
        crate::folding::sort_key(&a.name)
            .cmp(&crate::folding::sort_key(&b.name))
            .then(a.id.cmp(&b.id))
    });
    Ok(entries)
}

/// A medium as the public catalogue shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicMedium {
    /// Title.
    pub title: String,
    /// Subtitle, or empty.
    pub subtitle: String,
    /// Authors, or empty.
    pub authors: String,
    /// The Mediengruppe's number (for the filter).
    pub group_id: i64,
    /// The Mediengruppe's name.
    pub group: String,
    /// Lowest level (0 = Alpha … 6 = C2), if set.
    pub level_from: Option<i64>,
    /// Highest level, if set.
    pub level_to: Option<i64>,
    /// Languages, target languages first.
    pub languages: Vec<String>,
    /// kinder, jugendliche, erwachsene or alle.
    pub audience: String,
    /// Description, or empty.
    pub description: String,
    /// A copy stood on the shelf when the site was written.
    pub on_shelf: bool,
}

/// Every medium with a copy that is neither lost nor withdrawn, in the
/// order they were catalogued.
///
/// # Errors
/// Storage failures.
pub fn public_media_in(sql: &dyn Sql) -> Result<Vec<PublicMedium>> {
    let mut languages: HashMap<i64, Vec<String>> = HashMap::new();
    for r in sql.rows(
        "SELECT medium_id, code FROM medium_language ORDER BY medium_id, role DESC, code",
        &[],
    )? {
        let list = languages.entry(r.get(0)?).or_default();
        let code: String = r.get(1)?;
        if !list.contains(&code) {
            list.push(code);
        }
    }
    sql.rows(
        "SELECT m.id, m.title, m.subtitle, m.authors, m.kind_id, k.name, m.level_from,
                m.level_to, m.audience, m.description,
                CASE WHEN EXISTS (SELECT 1 FROM copy AS c
                                  WHERE c.medium_id = m.id AND c.status = 'verfuegbar')
                     THEN 1 ELSE 0 END
         FROM medium AS m JOIN media_kind AS k ON k.id = m.kind_id
         WHERE EXISTS (SELECT 1 FROM copy AS c WHERE c.medium_id = m.id
                       AND c.status NOT IN ('verloren', 'ausgeschieden'))
         ORDER BY m.id",
        &[],
    )?
    .iter()
    .map(|r| {
        let id: i64 = r.get(0)?;
        let on_shelf: i64 = r.get(10)?;
        Ok(PublicMedium {
            title: r.get(1)?,
            subtitle: r.get(2)?,
            authors: r.get(3)?,
            group_id: r.get(4)?,
            group: r.get(5)?,
            level_from: r.get(6)?,
            level_to: r.get(7)?,
            languages: languages.remove(&id).unwrap_or_default(),
            audience: r.get(8)?,
            description: r.get(9)?,
            on_shelf: on_shelf == 1,
        })
    })
    .collect()
}
