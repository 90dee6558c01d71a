//! Einstellungen → Datenbank: where this PC's data lives, the shared
//! database IT names in the policy file, and "Verbindung testen".
//!
//! This PC always works on its own file so far: switching to the server
//! is not built yet (issue 22). The test tells IT before that whether the
//! server, the role, the password and the CA are right.

use serde::Serialize;
use tauri::State;

use super::CommandError;
use crate::state::AppState;
use kiz::db::server::{self, Server, ServerForm, ServerSettings, ServerState};

/// Where the data lives, as the section shows it.
#[derive(Debug, Serialize)]
pub struct DatabaseLocation {
    /// The SQLite file this PC works on.
    pub file: String,
    /// The shared database the policy file beside the executable names.
    pub policy: Option<ServerSettings>,
    /// Why the policy file's `[database]` table cannot be read.
    pub policy_error: Option<CommandError>,
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
    tauri::async_runtime::spawn_blocking(move || {
        let state = Server::check(&settings, &password)?;
        log::info!("connection test to {}: {state:?}", settings.label());
        Ok(ConnectionChecked {
            server: settings.label(),
            role: settings.role.clone(),
            state,
            supported: server::LATEST_SERVER_VERSION,
        })
    })
    .await
    .map_err(|_| CommandError::internal())?
    .map_err(|e: kiz::Error| CommandError::from(e))
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
