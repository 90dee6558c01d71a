//! The live view on the shared database: a thread of its own listens on
//! the server's change channel (see `kiz::db::server::Changes`) and tells
//! the window which tables another PC (or this one) changed, so that the
//! open list shows it without a reload. A lost connection is said to the
//! window and made again every few seconds; the commands' connection is
//! dropped with it, so the next command connects anew.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tauri::Emitter;

use crate::shared::Shared;
use kiz::db::server::Changes;

/// Names the tables changed (a list of table names).
pub const EVENT_CHANGED: &str = "kiz://database-changed";
/// Says whether the listener reaches the server (`{ connected }`).
pub const EVENT_CONNECTION: &str = "kiz://database-connection";

/// How long one wait for a notice lasts before the loop looks again.
const WAIT: Duration = Duration::from_secs(5);
/// How long after losing the server the listener tries again.
const RETRY: Duration = Duration::from_secs(2);

#[derive(Clone, Serialize)]
struct Connection {
    connected: bool,
}

/// Starts the listener for `shared`; it runs as long as the app.
pub fn start(app: &tauri::AppHandle, shared: Arc<Shared>) {
    let Some((settings, password)) = shared.login() else {
        return;
    };
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("kiz-live".into())
        .spawn(move || loop {
            match Changes::listen(&settings, &password) {
                Ok(mut changes) => {
                    log::info!("listening for changes on {}", settings.label());
                    let _ = app.emit(EVENT_CONNECTION, Connection { connected: true });
                    loop {
                        match changes.wait(WAIT) {
                            Ok(tables) if tables.is_empty() => {}
                            Ok(tables) => {
                                let _ = app.emit(EVENT_CHANGED, tables);
                            }
                            Err(error) => {
                                log::warn!("live view lost the server: {error}");
                                break;
                            }
                        }
                    }
                }
                Err(error) => log::warn!("live view cannot listen: {error}"),
            }
            shared.forget_connection();
            let _ = app.emit(EVENT_CONNECTION, Connection { connected: false });
            std::thread::sleep(RETRY);
        });
    if let Err(error) = spawned {
        log::error!("live view not started: {error}");
    }
}
