//! Einstellungen → Veröffentlichen: where the site goes, in which
//! languages, with what; and when it was last published. Kept in
//! `app_setting`, shared by every PC of a shared database (the target is
//! a folder on the portal's share that every PC reaches by one path).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::site::SiteOptions;
use super::SITE_LANGUAGES;
use crate::db::engine::{Engine, Sql};
use crate::settings::{put_setting_in, text_setting_in};
use crate::time::timestamp;
use crate::{limits, Error, Result};

/// What the page Veröffentlichen shows and saves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PublishSettings {
    /// The folder the site is written to; empty until chosen.
    pub folder: String,
    /// Languages and parts.
    pub options: SiteOptions,
    /// When the site was last published from any PC.
    pub last_published_at: Option<NaiveDateTime>,
}

/// The settings as stored (defaults: all six languages, both parts, no
/// folder, never published).
///
/// # Errors
/// Storage failures.
pub fn publish_settings_in(sql: &dyn Sql) -> Result<PublishSettings> {
    let mut options = SiteOptions::default();
    if let Some(languages) = text_setting_in(sql, "publish_languages")? {
        options.languages = languages
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
    }
    if let Some(flag) = text_setting_in(sql, "publish_catalogue")? {
        options.catalogue = flag == "1";
    }
    if let Some(flag) = text_setting_in(sql, "publish_directory")? {
        options.directory = flag == "1";
    }
    let last_published_at = text_setting_in(sql, "publish_last_at")?
        .and_then(|at| NaiveDateTime::parse_from_str(&at, "%Y-%m-%dT%H:%M:%S").ok());
    Ok(PublishSettings {
        folder: text_setting_in(sql, "publish_folder")?.unwrap_or_default(),
        options,
        last_published_at,
    })
}

/// Stores the folder, the languages and the parts.
///
/// # Errors
/// [`Error::TooLong`] (field `publish_folder`) for a path over
/// [`limits::TEXT`]; [`Error::UnknownLanguageCode`] (field
/// `publish_languages`) for a language the site is not written in;
/// [`Error::Required`] (field `publish_content`) when neither the
/// catalogue nor the directory is chosen. Nothing is stored then.
pub fn save_publish_settings(
    store: &mut impl Engine,
    folder: &str,
    options: &SiteOptions,
) -> Result<PublishSettings> {
    let folder = folder.trim();
    limits::check("publish_folder", folder, limits::TEXT)?;
    for language in &options.languages {
        if !SITE_LANGUAGES.contains(&language.as_str()) {
            return Err(Error::UnknownLanguageCode {
                code: language.clone(),
                field: "publish_languages",
            });
        }
    }
    if !options.catalogue && !options.directory {
        return Err(Error::Required {
            field: "publish_content",
        });
    }
    // In the order of the language switch, German always.
    let clean = SiteOptions {
        languages: options.languages().into_iter().map(str::to_owned).collect(),
        ..options.clone()
    };
    store.write_sql(|tx| {
        put_setting_in(tx, "publish_folder", folder)?;
        put_setting_in(tx, "publish_languages", &clean.languages.join(","))?;
        put_setting_in(
            tx,
            "publish_catalogue",
            if clean.catalogue { "1" } else { "0" },
        )?;
        put_setting_in(
            tx,
            "publish_directory",
            if clean.directory { "1" } else { "0" },
        )?;
        publish_settings_in(tx)
    })
}

/// Records that the site was published at `at`.
///
/// # Errors
/// Storage failures.
pub fn record_published(store: &mut impl Engine, at: NaiveDateTime) -> Result<()> {
    store.write_sql(|tx| put_setting_in(tx, "publish_last_at", &timestamp(at)))
}
