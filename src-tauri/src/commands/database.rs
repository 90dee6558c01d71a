//! Einstellungen → Datenbank: where this PC's data lives, the shared
//! database IT names in the policy file, "Verbindung testen", and the two
//! ways onto the server: "Daten auf den Server übertragen" (the first PC,
//! whose file holds the data) and "Mit dem Server verbinden" (every
//! further PC).

use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;
use tauri::State;

use super::CommandError;
use crate::shared::{self, Shared};
use crate::state::AppState;
use kiz::db::server::{self, Server, ServerForm, ServerSettings, ServerState, TableRows};
use kiz::Db;

/// Where the data lives, as the section shows it.
#[derive(Debug, Serialize)]
pub struct DatabaseLocation {
    /// The SQLite file this PC works on.
    pub file: String,
    /// The shared database the policy file beside the executable names.
    pub policy: Option<ServerSettings>,
    /// Why the policy file's `[database]` table cannot be read.
    pub policy_error: Option<CommandError>,
    /// The shared database this PC works on (`host:port/database`), if it
    /// works on one.
    pub shared: Option<String>,
    /// Its connection (without the password), for the form.
    pub shared_settings: Option<ServerSettings>,
}

#[tauri::command]
pub async fn database_location(
    state: State<'_, AppState>,
) -> Result<DatabaseLocation, CommandError> {
    let (policy, policy_error) = match crate::update::policy_path() {
        Some(path) => match server::read_policy(&path) {
            Ok(policy) => (policy, None),
            Err(error) => {
                log::warn!("policy file {}: {error}", path.display());
                (None, Some(CommandError::from(error)))
            }
        },
        None => (None, None),
    };
    Ok(DatabaseLocation {
        file: state.database_file().display().to_string(),
        policy,
        policy_error,
        shared: state.shared().map(|s| s.settings().label()),
        shared_settings: state.shared().map(|s| s.settings().clone()),
    })
}

/// What a successful test found.
#[derive(Debug, Serialize)]
pub struct ConnectionChecked {
    /// `host:port/database`.
    pub server: String,
    /// The role that logged in.
    pub role: String,
    /// What the database holds.
    #[serde(flatten)]
    pub state: ServerState,
    /// The newest schema version this build knows.
    pub supported: i64,
}

/// Connects with the settings and password typed (nothing is stored) and
/// says what the database holds; changes nothing on the server. Waits at
/// most the core's connection time-out for a server that does not answer.
#[tauri::command]
pub async fn test_server_connection(
    form: ServerForm,
    password: String,
) -> Result<ConnectionChecked, CommandError> {
    let settings = ServerSettings::from_form(&form)?;
    crate::commands::on_blocking_thread(move || {
        let state = Server::check(&settings, &password)?;
        log::info!("connection test to {}: {state:?}", settings.label());
        Ok(ConnectionChecked {
            server: settings.label(),
            role: settings.role.clone(),
            state,
            supported: server::LATEST_SERVER_VERSION,
        })
    })
    .await?
    .map_err(|e: kiz::Error| CommandError::from(e))
}

/// Whether the live view reaches the shared database: `Some(false)` while
/// it does not (the window shows the banner), `None` on the file or before
/// its first attempt. The window asks once at start, after it listens for
/// the changes of this state, so that none is missed.
#[tauri::command]
pub fn server_connection(state: State<'_, AppState>) -> Option<bool> {
    state.shared().and_then(|shared| shared.listening())
}

/// What moving the data or connecting did.
#[derive(Debug, Serialize)]
pub struct Switched {
    /// `host:port/database`.
    pub server: String,
    /// For a move: every table with the rows it holds on both sides, after
    /// the comparison passed.
    pub tables: Vec<TableRows>,
}

/// "Daten auf den Server übertragen": copies everything from this PC's
/// file into the empty database (one transaction, every table compared
/// before it commits), keeps the password in the credential store, and
/// switches this PC to the server; the file stays where it is as the
/// backup of this moment. The file is held from before the copy until the
/// commands work on the server, so nothing written meanwhile stays behind
/// in the file.
#[tauri::command]
pub async fn move_to_server(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    form: ServerForm,
    password: String,
) -> Result<Switched, CommandError> {
    switch(&app, &state, &form, password, Way::Move).await
}

/// "Mit dem Server verbinden": a PC joins the shared database another PC
/// has filled, or a PC on the server connects again (a password IT
/// changed, or one the credential store lost). Refused for an empty
/// database (its data would be missing: the first PC moves its data
/// there) and for one of a newer version.
#[tauri::command]
pub async fn connect_to_server(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    form: ServerForm,
    password: String,
) -> Result<Switched, CommandError> {
    switch(&app, &state, &form, password, Way::Join).await
}

/// The two ways onto the server.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Way {
    /// This PC's file into the empty database.
    Move,
    /// The database another PC filled.
    Join,
}

/// Switches this PC to the server of `form`: connects, moves the file's
/// data there or checks that the database holds data, keeps the password,
/// writes the choice file, and from then on the commands work on the
/// server and the live view listens.
async fn switch(
    app: &tauri::AppHandle,
    state: &AppState,
    form: &ServerForm,
    password: String,
    way: Way,
) -> Result<Switched, CommandError> {
    let settings = ServerSettings::from_form(form)?;
    let slot = state.db_slot();
    if way == Way::Move && slot.shared().is_some() {
        return Err(CommandError::already_on_server());
    }
    let data_dir = state.data_dir().to_path_buf();
    let app = app.clone();
    crate::commands::on_blocking_thread(move || {
        let file: Option<Arc<Mutex<Db>>> = match way {
            Way::Move => Some(slot.get()?),
            Way::Join => None,
        };
        let held = file
            .as_ref()
            .map(|db| db.lock().unwrap_or_else(PoisonError::into_inner));
        // A second move that waited for the file finds the first done.
        if held.is_some() && slot.shared().is_some() {
            return Err(CommandError::already_on_server());
        }
        let mut server = Server::connect(&settings, &password)?;
        let tables = match &held {
            Some(db) => {
                // The password first: a PC whose credential store refuses
                // it must not leave data on a server it cannot come back to.
                shared::store_password(&settings, &password)?;
                let tables = server::transfer(db, &mut server)?;
                log::info!(
                    "data moved to {}: {} tables",
                    settings.label(),
                    tables.len()
                );
                tables
            }
            None => {
                if server.state()? == ServerState::Empty {
                    return Err(CommandError::server_empty(&settings));
                }
                server.migrate()?;
                shared::store_password(&settings, &password)?;
                Vec::new()
            }
        };
        let joined = switch_to(&data_dir, settings, password, server)?;
        let label = joined.settings().label();
        let joined = slot.set_shared(joined);
        drop(held);
        crate::live::start(&app, slot, joined);
        Ok(Switched {
            server: label,
            tables,
        })
    })
    .await?
}

/// Writes the data folder's choice file and makes the shared database of
/// the connection.
fn switch_to(
    data_dir: &std::path::Path,
    settings: ServerSettings,
    password: String,
    server: Server,
) -> Result<Shared, CommandError> {
    shared::write_choice(data_dir, &settings).map_err(|error| {
        log::error!("choice file not written: {error}");
        CommandError::from(kiz::Error::DataFolderNotWritable {
            path: shared::choice_file(data_dir),
        })
    })?;
    log::info!("this PC works on the shared database {}", settings.label());
    Ok(Shared::new(settings, Some(password), Some(server)))
}

/// Lets IT pick the CA certificate's file; `None` when the dialog is
/// cancelled. The file is read only by the test (and later the
/// connection), which names a file that is no certificate.
///
/// In debug builds `KIZ_TEST_PICK_FILE` stands in for the native dialog,
/// which WebDriver cannot drive.
#[tauri::command]
pub async fn pick_ca_file() -> Option<String> {
    let test_pick = std::env::var("KIZ_TEST_PICK_FILE")
        .ok()
        .filter(|_| cfg!(debug_assertions));
    match test_pick {
        Some(path) => Some(path),
        None => rfd::AsyncFileDialog::new()
            .add_filter("CA (.pem, .crt, .cer)", &["pem", "crt", "cer"])
            .pick_file()
            .await
            .map(|file| file.path().display().to_string()),
    }
}
