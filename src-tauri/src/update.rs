//! Updates from the centre's own server: look (at start at most once a day,
//! and when staff click "Nach Updates suchen"), download with progress,
//! verify the signature (tauri-plugin-updater), and install only when staff
//! click "Jetzt aktualisieren", after a backup and with the database closed.
//!
//! Where to look and with which key is the core's decision
//! ([`kiz::update::source`]): the key and address built in by
//! `cargo xtask dist` (`KIZ_UPDATE_PUBKEY`, `KIZ_UPDATE_ENDPOINT` at compile
//! time) and IT's policy file beside the executable.
//!
//! A server that cannot be reached is no error: the settings show a quiet
//! line, and nothing interrupts the start. A download whose signature does
//! not match is refused with a message and nothing is installed.
//!
//! Installing runs on Windows only: tauri-plugin-updater writes the
//! verified installer to a temporary folder, starts it (`/P /UPDATE /R`:
//! progress only, same folder and mode as installed, start the app again
//! afterwards) and ends this process. Elsewhere the app is updated with its
//! package (`.deb`).
//!
//! Debug builds read stand-ins for the end-to-end tests:
//! `KIZ_TEST_UPDATE_PUBKEY` (the key a test made), `KIZ_TEST_UPDATE_POLICY`
//! (a policy file in place of the one beside the executable) and
//! `KIZ_TEST_UPDATE_INSTALL_DIR` (off Windows: "installing" writes the
//! verified file there and ends the process, as the Windows path does).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use kiz::update::{OffReason, Source};
use serde::Serialize;
use tauri::Manager;
use tauri_plugin_updater::UpdaterExt;

use crate::commands::CommandError;
use crate::state::AppState;

/// Built into release builds by `cargo xtask dist`.
const BUILT_IN_KEY: Option<&str> = option_env!("KIZ_UPDATE_PUBKEY");
const BUILT_IN_ENDPOINT: Option<&str> = option_env!("KIZ_UPDATE_ENDPOINT");

/// How long connecting to the update server may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);
/// How long the server may stay silent in the middle of an answer. There
/// is no limit on a whole download: on a slow line it takes as long as it
/// takes, with its progress on screen.
const READ_TIMEOUT: Duration = Duration::from_secs(60);

/// A release the server offers.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Release {
    /// Its version, e.g. "0.2.0".
    pub version: String,
    /// The release notes (German, as IT wrote them in the manifest).
    pub notes: String,
    /// When it was published, as the manifest says (RFC 3339), if it does.
    pub date: Option<String>,
}

/// What the settings show about updates.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Status {
    /// The app does not look, and why.
    Off { reason: OffReason },
    /// Not looked yet while the app runs.
    Idle { last_check: Option<String> },
    /// Asking the server.
    Checking,
    /// The server offers nothing newer.
    UpToDate { checked_at: String },
    /// The server could not be reached or sent no usable answer (the quiet
    /// line; the log says why).
    Unreachable { checked_at: String },
    /// Downloading `release`.
    Downloading {
        release: Release,
        received: u64,
        total: Option<u64>,
    },
    /// Downloaded and verified: "Jetzt aktualisieren" may install it.
    Ready { release: Release },
    /// The download failed or was refused; nothing was installed.
    Failed {
        release: Release,
        error: CommandError,
    },
    /// Backing up, closing the database and starting the installer.
    Installing { release: Release },
}

impl Status {
    fn busy(&self) -> bool {
        matches!(
            self,
            Status::Checking | Status::Downloading { .. } | Status::Installing { .. }
        )
    }
}

/// The updates' state, managed by the app.
pub struct Updates {
    source: Source,
    status: Mutex<Status>,
    /// The verified download, kept until it is installed.
    pending: Mutex<Option<(tauri_plugin_updater::Update, Vec<u8>)>>,
}

impl Updates {
    fn set(&self, status: Status) {
        *self.status.lock().unwrap_or_else(PoisonError::into_inner) = status;
    }

    /// What the settings show now.
    pub fn status(&self) -> Status {
        self.status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

fn debug_env(name: &str) -> Option<String> {
    if cfg!(debug_assertions) {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    } else {
        None
    }
}

/// The policy file beside the executable (or the tests' stand-in,
/// `KIZ_TEST_UPDATE_POLICY`, in debug builds). It also names the shared
/// database (`commands::database`).
pub fn policy_path() -> Option<PathBuf> {
    if let Some(path) = debug_env("KIZ_TEST_UPDATE_POLICY") {
        return Some(PathBuf::from(path));
    }
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.join(kiz::update::POLICY_FILE))
}

/// Decides where to look, puts the state in place, and starts the check at
/// start when one is due today.
pub fn setup(app: &tauri::AppHandle, data_dir: &Path) {
    let key = debug_env("KIZ_TEST_UPDATE_PUBKEY").or(BUILT_IN_KEY.map(str::to_owned));
    let allow_loopback_http = cfg!(debug_assertions);
    let policy = match policy_path() {
        Some(path) => {
            let policy = kiz::update::read_policy(&path, allow_loopback_http);
            if policy.is_err() {
                log::warn!(
                    "update policy {} is not readable: updates off",
                    path.display()
                );
            }
            policy
        }
        None => Ok(None),
    };
    let source = kiz::update::source(key.as_deref(), BUILT_IN_ENDPOINT, policy);
    let last_check = kiz::update::last_check(data_dir);
    let status = match &source {
        Source::Off(reason) => {
            log::info!("updates off: {reason:?}");
            Status::Off { reason: *reason }
        }
        Source::On { .. } => Status::Idle {
            last_check: last_check.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
        },
    };
    let due = matches!(source, Source::On { .. })
        && kiz::update::check_due(last_check, crate::commands::now());
    app.manage(Updates {
        source,
        status: Mutex::new(status),
        pending: Mutex::new(None),
    });
    if due {
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            look(&app, true).await;
        });
    }
}

/// Looks for an update and, when there is one, downloads and verifies it.
/// Does nothing while a look or a download is already under way.
pub async fn look(app: &tauri::AppHandle, at_start: bool) {
    let updates = app.state::<Updates>();
    let Source::On { endpoint, pubkey } = updates.source.clone() else {
        return;
    };
    let ready_release = {
        let mut status = updates
            .status
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if status.busy() {
            return;
        }
        let ready = match &*status {
            Status::Ready { release } => Some(release.clone()),
            _ => None,
        };
        *status = Status::Checking;
        ready
    };
    let now = crate::commands::now();
    let checked_at = now.format("%Y-%m-%dT%H:%M:%S").to_string();
    let data_dir = app.state::<AppState>().data_dir().to_path_buf();
    if let Err(error) = kiz::update::record_check(&data_dir, now) {
        log::warn!("time of the update check not recorded: {error}");
    }
    let update = match check(app, &endpoint, &pubkey).await {
        Ok(Some(update)) => update,
        Ok(None) => {
            log::info!("update check: up to date");
            // The server no longer offers what was downloaded: it goes.
            *updates
                .pending
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = None;
            updates.set(Status::UpToDate { checked_at });
            return;
        }
        Err(error) => {
            // No dialog, no banner: a line in the settings. A verified
            // download already waiting stays ready to install.
            log::warn!("update server not reached or answer not usable: {error}");
            let waiting = updates
                .pending
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .as_ref()
                .map(|(update, _)| update.version.clone());
            updates.set(match (waiting, ready_release) {
                (Some(_), Some(release)) => Status::Ready { release },
                _ => Status::Unreachable { checked_at },
            });
            return;
        }
    };
    let release = Release {
        version: update.version.clone(),
        notes: update.body.clone().unwrap_or_default(),
        date: update
            .raw_json
            .get("pub_date")
            .and_then(|d| d.as_str())
            .map(str::to_owned),
    };
    log::info!("update {} offered; downloading", release.version);
    updates.set(Status::Downloading {
        release: release.clone(),
        received: 0,
        total: None,
    });
    let mut received: u64 = 0;
    let downloaded = update
        .download(
            |chunk, total| {
                received += chunk as u64;
                updates.set(Status::Downloading {
                    release: release.clone(),
                    received,
                    total,
                });
            },
            || {},
        )
        .await;
    match downloaded {
        Ok(bytes) => {
            log::info!("update {} downloaded and verified", release.version);
            *updates
                .pending
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = Some((update, bytes));
            updates.set(Status::Ready {
                release: release.clone(),
            });
            if at_start {
                crate::shell_events::tell(app, crate::shell_events::UPDATE_READY, &release.version);
            }
        }
        Err(error) => {
            let refused = refusal(&error);
            log::warn!(
                "update {} refused: {} ({error})",
                release.version,
                refused.code
            );
            updates.set(Status::Failed {
                release,
                error: refused,
            });
        }
    }
}

async fn check(
    app: &tauri::AppHandle,
    endpoint: &str,
    pubkey: &str,
) -> Result<Option<tauri_plugin_updater::Update>, String> {
    let url = tauri::Url::parse(endpoint).map_err(|e| e.to_string())?;
    app.updater_builder()
        .pubkey(pubkey)
        .endpoints(vec![url])
        .map_err(|e| e.to_string())?
        .configure_client(|client| {
            client
                .connect_timeout(CONNECT_TIMEOUT)
                .read_timeout(READ_TIMEOUT)
        })
        .build()
        .map_err(|e| e.to_string())?
        .check()
        .await
        .map_err(|e| e.to_string())
}

/// The message for a download that failed: a signature that does not
/// match (a changed file or a false signature) or a broken transfer.
fn refusal(error: &tauri_plugin_updater::Error) -> CommandError {
    use tauri_plugin_updater::Error as E;
    match error {
        E::Minisign(_)
        | E::Base64(_)
        | E::SignatureUtf8(_)
        | E::SignedVersionMismatch { .. }
        | E::MissingSignedVersion => CommandError::update_signature_invalid(),
        _ => CommandError::update_download_failed(),
    }
}

/// Installs the verified download: a backup first, then the database
/// closed, then the installer (Windows). Refused when nothing verified is
/// waiting. If the installer cannot be started, the database is opened
/// again and the app goes on as it was.
pub async fn install(app: &tauri::AppHandle) -> Result<(), CommandError> {
    let updates = app.state::<Updates>();
    if !cfg!(windows) && debug_env("KIZ_TEST_UPDATE_INSTALL_DIR").is_none() {
        return Err(CommandError::update_install_unsupported());
    }
    // Checked and taken in one step: a second click finds it installing.
    let release = {
        let mut status = updates
            .status
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let Status::Ready { release } = &*status else {
            return Err(CommandError::update_not_ready());
        };
        let release = release.clone();
        *status = Status::Installing {
            release: release.clone(),
        };
        release
    };
    let handle = app.clone();
    let prepared = crate::commands::on_blocking_thread(move || prepare(&handle))
        .await
        .and_then(|r| r);
    if let Err(error) = prepared {
        updates.set(Status::Ready { release });
        return Err(error);
    }
    let pending = updates
        .pending
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    let Some((update, bytes)) = pending else {
        reopen(app);
        updates.set(Status::Ready { release });
        return Err(CommandError::update_not_ready());
    };
    log::info!("installing update {}", release.version);
    // On Windows this starts the installer and ends the process.
    match run_installer(&update, &bytes) {
        Ok(()) => Ok(()),
        Err(error) => {
            log::error!("installer not started: {error}");
            *updates
                .pending
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = Some((update, bytes));
            reopen(app);
            updates.set(Status::Ready { release });
            Err(CommandError::update_install_failed())
        }
    }
}

/// The backup, then the database closed (any command still running ends
/// first). Runs on a blocking thread.
fn prepare(app: &tauri::AppHandle) -> Result<(), CommandError> {
    let state = app.state::<AppState>();
    {
        let lock = state.backup_lock();
        let _running = lock.lock().unwrap_or_else(PoisonError::into_inner);
        let made = crate::commands::backup::make_backup(&state, &mut |_, _| {})
            .map_err(CommandError::from)?;
        log::info!("backup before the update: {}", made.file_name);
    }
    state
        .close_db(CommandError::update_installing())
        .map_err(|()| CommandError::update_database_busy())
}

fn reopen(app: &tauri::AppHandle) {
    let state = app.state::<AppState>();
    match kiz::Db::open(state.database_file()) {
        Ok(db) => state.set_db(db),
        Err(error) => {
            log::error!("database not opened again: {}", error.code());
            // Commands say why (the error page's words), not "updating".
            state.set_db_error(CommandError::from(error));
        }
    }
}

#[cfg(windows)]
fn run_installer(update: &tauri_plugin_updater::Update, bytes: &[u8]) -> Result<(), String> {
    update.install(bytes).map_err(|e| e.to_string())
}

/// Off Windows only the end-to-end tests get here (debug builds with
/// `KIZ_TEST_UPDATE_INSTALL_DIR`): the verified file is written where the
/// installer would be started from, and the process ends as on Windows.
#[cfg(not(windows))]
fn run_installer(update: &tauri_plugin_updater::Update, bytes: &[u8]) -> Result<(), String> {
    let dir = debug_env("KIZ_TEST_UPDATE_INSTALL_DIR").ok_or("no installer on this system")?;
    update.verify(bytes).map_err(|e| e.to_string())?;
    std::fs::write(Path::new(&dir).join("installer.exe"), bytes).map_err(|e| e.to_string())?;
    log::info!("test stand-in: installer written, the app ends");
    std::process::exit(0);
}
