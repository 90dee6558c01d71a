//! The public site (issue 24): an organisation's choice of what is shown,
//! and Einstellungen → Veröffentlichen.

use std::path::{Path, PathBuf};

use kiz::db::engine::Engine;
use kiz::documents::fonts::FallbackFonts;
use kiz::organisations as orgs;
use kiz::publish::site::{self, SiteContent, SiteOptions, SiteSummary};
use kiz::publish::{self, PublicEntry, Publication, PublicationInput, PublishSettings};
use serde::Serialize;
use tauri::State;

use super::{now, with_store, workstation, CommandError};
use crate::state::AppState;

/// The folder in the data folder that the preview is written to.
const PREVIEW_FOLDER: &str = "Website-Vorschau";

/// What the organisation's tab "Öffentlich" shows after a save.
#[derive(Debug, Serialize)]
pub struct PublicationPage {
    pub publication: Publication,
    /// The entry as the site shows it; `None` while not shown.
    pub preview: Option<PublicEntry>,
    /// The organisation's version after the save (the page's other forms
    /// save from it).
    pub saved: kiz::versions::Saved,
}

#[tauri::command]
pub async fn organisation_publication(
    state: State<'_, AppState>,
    id: i64,
) -> Result<PublicationPage, CommandError> {
    with_store(&state, move |store| store.read_sql(|sql| page(sql, id))).await
}

fn page(sql: &dyn kiz::db::engine::Sql, id: i64) -> kiz::Result<PublicationPage> {
    Ok(PublicationPage {
        publication: publish::publication_in(sql, id)?,
        preview: publish::public_entry_of_in(sql, id)?,
        saved: orgs::organisation_in(sql, id)?.saved,
    })
}

#[tauri::command]
pub async fn save_publication(
    state: State<'_, AppState>,
    id: i64,
    input: PublicationInput,
) -> Result<PublicationPage, CommandError> {
    with_store(&state, move |store| {
        publish::save_publication(store, id, &input, now(), workstation())?;
        store.read_sql(|sql| page(sql, id))
    })
    .await
}

/// Records (with today's date and the current text's version) or
/// withdraws a contact person's consent to be shown on the site.
#[tauri::command]
pub async fn set_contact_public_consent(
    state: State<'_, AppState>,
    id: i64,
    agreed: bool,
    version: i64,
) -> Result<orgs::Contact, CommandError> {
    with_store(&state, move |store| {
        publish::record_public_consent(store, id, agreed, Some(version), now(), workstation())
    })
    .await
}

#[tauri::command]
pub async fn publish_settings(state: State<'_, AppState>) -> Result<PublishSettings, CommandError> {
    with_store(&state, |store| store.read_sql(publish::publish_settings_in)).await
}

#[tauri::command]
pub async fn save_publish_settings(
    state: State<'_, AppState>,
    folder: String,
    options: SiteOptions,
) -> Result<PublishSettings, CommandError> {
    with_store(&state, move |store| {
        publish::save_publish_settings(store, &folder, &options)
    })
    .await
}

/// Lets staff pick the folder the site goes to; `None` when cancelled.
///
/// In debug builds `KIZ_TEST_PICK_FOLDER` stands in for the native dialog,
/// which WebDriver cannot drive.
#[tauri::command]
pub async fn pick_publish_folder() -> Result<Option<String>, CommandError> {
    let test_pick = std::env::var_os("KIZ_TEST_PICK_FOLDER")
        .filter(|_| cfg!(debug_assertions))
        .map(PathBuf::from);
    let picked = match test_pick {
        Some(path) => Some(path),
        None => rfd::AsyncFileDialog::new()
            .pick_folder()
            .await
            .map(|folder| folder.path().to_path_buf()),
    };
    Ok(picked.map(|p| p.display().to_string()))
}

/// Reads what the settings publish, in one read of the data.
async fn content(state: &AppState) -> Result<(PublishSettings, SiteContent), CommandError> {
    with_store(state, |store| {
        store.read_sql(|sql| {
            let settings = publish::publish_settings_in(sql)?;
            let content = site::site_content_in(sql, &settings.options, now())?;
            Ok((settings, content))
        })
    })
    .await
}

/// Writes the site into `folder` (a new folder, then swapped in) on a
/// blocking thread, away from the database.
async fn write(
    content: SiteContent,
    options: SiteOptions,
    folder: PathBuf,
) -> Result<SiteSummary, CommandError> {
    crate::commands::on_blocking_thread(move || {
        site::publish(&content, &options, &FallbackFonts::system(), &folder)
    })
    .await?
    .map_err(CommandError::from)
}

/// "Jetzt veröffentlichen": writes the site into the chosen folder and
/// records when.
#[tauri::command]
pub async fn publish_site(state: State<'_, AppState>) -> Result<SiteSummary, CommandError> {
    let (settings, content) = content(&state).await?;
    let stand = content.stand;
    let summary = write(content, settings.options, PathBuf::from(&settings.folder)).await?;
    log::info!(
        "site published: {} files, {} bytes",
        summary.files,
        summary.bytes
    );
    with_store(&state, move |store| publish::record_published(store, stand)).await?;
    Ok(summary)
}

/// What the preview wrote and whether a browser showed it.
#[derive(Debug, Serialize)]
pub struct Preview {
    pub summary: SiteSummary,
    /// `opened`, or `written` when no program opened it.
    pub outcome: &'static str,
    /// The start page, to open by hand.
    pub path: String,
}

/// "Vorschau im Browser": the site as the settings would publish it, in
/// the data folder, opened in the system's browser (the program Windows
/// opens `.html` files with).
#[tauri::command]
pub async fn preview_site(state: State<'_, AppState>) -> Result<Preview, CommandError> {
    let (settings, content) = content(&state).await?;
    let folder = state.data_dir().join(PREVIEW_FOLDER);
    let summary = write(content, settings.options, folder.clone()).await?;
    let start = Path::new(&folder).join("index.html").display().to_string();
    // In debug builds `KIZ_TEST_NO_BROWSER` keeps the window tests from
    // starting a browser on their display.
    if std::env::var_os("KIZ_TEST_NO_BROWSER").is_some() && cfg!(debug_assertions) {
        return Ok(Preview {
            summary,
            outcome: "written",
            path: start,
        });
    }
    let outcome = match tauri_plugin_opener::open_path(start.clone(), None::<&str>) {
        Ok(()) => "opened",
        Err(error) => {
            log::warn!("no browser opened the preview: {error}");
            "written"
        }
    };
    Ok(Preview {
        summary,
        outcome,
        path: start,
    })
}
