//! Start-up status and demo data.

use serde::Serialize;
use tauri::State;

use super::{with_store, with_this_pcs_file, CommandError};
use crate::state::AppState;
use kiz::db::engine::Engine;

/// Everything the window needs to decide what to show on start.
#[derive(Debug, Serialize)]
pub struct AppStatus {
    /// Why the database could not be opened; the window shows the error page.
    pub error: Option<CommandError>,
    /// The data folder in use.
    pub data_dir: String,
    /// The database file.
    pub database_file: String,
    /// The folder of the log files.
    pub log_dir: String,
    /// The data folder is on a network drive (warn: WAL needs a local disk).
    pub data_dir_on_network: bool,
    /// "de" or "en".
    pub ui_language: String,
    /// The schema version of the open file.
    pub schema_version: Option<i64>,
    /// The app's version.
    pub app_version: String,
    /// The database holds nothing yet: offer demo data.
    pub empty: bool,
    /// Why the last backup failed (a banner until the next good one).
    pub backup_warning: Option<CommandError>,
    /// The start-up check of the database still runs: the window draws its
    /// first screen and asks [`start_check`] for the outcome.
    pub checking: bool,
    /// This PC works on the shared database and could not read it now
    /// (the server is down, the password missing): the window opens with
    /// the banner and asks again until the server answers.
    pub server_error: Option<CommandError>,
}

#[tauri::command]
pub async fn app_status(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
) -> Result<AppStatus, CommandError> {
    // The first look before the error: a check that ends between the two
    // reads then leaves its error in `open_error`.
    let first_look = state.first_look();
    let mut status = AppStatus {
        error: state.open_error(),
        data_dir: state.data_dir().display().to_string(),
        database_file: state.database_file().display().to_string(),
        log_dir: state.log_dir().display().to_string(),
        data_dir_on_network: state.on_network(),
        ui_language: "de".into(),
        schema_version: None,
        app_version: app.package_info().version.to_string(),
        empty: false,
        backup_warning: state.backup_warning(),
        checking: false,
        server_error: None,
    };
    if let Some(look) = first_look {
        // Drawn before the check: nothing here acts on the data.
        status.checking = true;
        status.ui_language = look.ui_language;
        status.schema_version = Some(kiz::db::LATEST_VERSION);
        status.empty = look.empty;
    } else if status.error.is_none() {
        let read = with_store(&state, |store| {
            let version = store.schema_version()?;
            let empty = store.read_sql(kiz::demo::is_empty_in)?;
            Ok((version, empty))
        })
        .await;
        // The window's language is this PC's own (see `set_ui_language`),
        // from its file also on the shared database and while the server
        // is not reached.
        if let Ok(language) = with_this_pcs_file(&state, |db| kiz::settings::ui_language(db)).await
        {
            status.ui_language = language.code().into();
        }
        match read {
            Ok((version, empty)) => {
                status.schema_version = Some(version);
                status.empty = empty;
            }
            // On the server: the window opens and says the server is not
            // reached, rather than showing the error page of a damaged
            // database.
            Err(error) if state.shared().is_some() => status.server_error = Some(error),
            Err(error) => return Err(error),
        }
    }
    Ok(status)
}

/// Waits until the start-up check of the database has run and says why the
/// database cannot be used, if it cannot (the window then shows the error
/// page instead of its first screen).
#[tauri::command]
pub async fn start_check(state: State<'_, AppState>) -> Result<Option<CommandError>, CommandError> {
    let slot = state.db_slot();
    crate::commands::on_blocking_thread(move || slot.wait_for_check()).await?;
    Ok(state.open_error())
}

/// Set `KIZ_PAINT_SIGNAL=1` to have the app print `painted <ms since 1970>`
/// on standard output when the window's first screen is on the screen (the
/// start-up benchmark of `cargo xtask bench` reads it).
pub const ENV_PAINT_SIGNAL: &str = "KIZ_PAINT_SIGNAL";

/// The page says its first screen is painted: `at` is the moment (ms since
/// 1970), `page_ms` the time since the page began to load. The start-up time
/// goes into the log (no personal data), for the benchmark also to stdout.
#[tauri::command]
pub fn first_screen_painted(state: State<'_, AppState>, at: f64, page_ms: f64, marks: String) {
    state.first_screen_painted();
    log::info!(
        "first screen painted {} ms after the start ({page_ms:.0} ms of it in the page: {})",
        crate::since_start(),
        marks.chars().take(200).collect::<String>()
    );
    if std::env::var(ENV_PAINT_SIGNAL).is_ok_and(|v| v == "1") {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "painted {at:.0}");
        let _ = out.flush();
    }
}

/// The window opens its channel for what the shell tells it on its own
/// (`crate::shell_events`): after its first screen is painted (or when the
/// settings page, drawn first, needs it); a reloaded page opens a new one.
#[tauri::command]
pub fn shell_events(
    events: State<'_, crate::shell_events::ShellEvents>,
    channel: tauri::ipc::Channel<crate::shell_events::ShellMessage>,
) {
    events.open(channel);
}

#[tauri::command]
pub async fn load_demo_data(
    state: State<'_, AppState>,
) -> Result<kiz::demo::DemoSummary, CommandError> {
    let now = super::now();
    with_store(&state, move |store| kiz::demo::load(store, now)).await
}
