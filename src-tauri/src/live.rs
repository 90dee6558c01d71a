//! The live view on the shared database: a thread of its own listens on
//! the server's change channel (see `kiz::db::server::Changes`) and tells
//! the window which tables another PC (or this one) changed, so that the
//! open list shows it without a reload. A lost connection is said to the
//! window and made again every few seconds; the commands' connection is
//! dropped with it, so the next command connects anew.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::shared::Shared;
use crate::shell_events::{tell, DATABASE_CHANGED, DATABASE_CONNECTION};
use crate::state::DbSlot;
use kiz::db::server::Changes;

/// How long one wait for a notice lasts before the loop looks again.
const WAIT: Duration = Duration::from_secs(5);
/// How long after losing the server the listener tries again.
const RETRY: Duration = Duration::from_secs(2);

#[derive(Clone, Serialize)]
struct Connection {
    connected: bool,
}

/// Starts the listener for `shared`; it runs as long as `shared` is the
/// database the commands use (`slot`), which is as long as the app unless
/// staff connect again.
pub fn start(app: &tauri::AppHandle, slot: Arc<DbSlot>, shared: Arc<Shared>) {
    let Some((settings, password)) = shared.login() else {
        return;
    };
    let app = app.clone();
    let mut jobs_done = false;
    let spawned = std::thread::Builder::new()
        .name("kiz-live".into())
        .spawn(move || loop {
            if !slot.is_current(&shared) {
                return;
            }
            match Changes::listen(&settings, &password) {
                Ok(mut changes) => {
                    log::info!("listening for changes on {}", settings.label());
                    shared.set_listening(true);
                    tell(&app, DATABASE_CONNECTION, Connection { connected: true });
                    if !jobs_done {
                        jobs_done = start_jobs(&shared);
                    }
                    while slot.is_current(&shared) {
                        match changes.wait(WAIT) {
                            Ok(tables) if tables.is_empty() => {}
                            Ok(tables) => {
                                tell(&app, DATABASE_CHANGED, tables);
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
            if !slot.is_current(&shared) {
                return;
            }
            // Said first: dropping the commands' connection waits for a
            // command that may itself be waiting for the lost server.
            shared.set_listening(false);
            tell(&app, DATABASE_CONNECTION, Connection { connected: false });
            shared.forget_connection();
            std::thread::sleep(RETRY);
        });
    if let Err(error) = spawned {
        log::error!("live view not started: {error}");
    }
}

/// What a PC does on its file at every start, done on the shared database
/// once the server is first reached: copies whose pickup deadline passed go
/// to the next in line, and the automatic retention rules apply (returned
/// loans stop naming their borrower, participants are anonymised after the
/// event). Several PCs starting at once do it in turn under the server's
/// write lock; what one did is no longer due for the next. Returns whether
/// it ran; if not, it is tried again at the next connection.
fn start_jobs(shared: &Shared) -> bool {
    let now = crate::commands::now();
    let began = std::time::Instant::now();
    let done = shared.with(|server| {
        let moved = kiz::lending::expire_reservations(server, now)?;
        let rules = kiz::privacy::run_automatic_on(server, now)?;
        Ok((moved.len(), rules))
    });
    match done {
        Ok((moved, rules)) => {
            log::info!(
                "start jobs on the shared database done in {} ms: {moved} reservations \
                 passed on; retention rules applied: {rules:?}",
                began.elapsed().as_millis()
            );
            true
        }
        Err(error) => {
            log::error!("start jobs on the shared database not done: {}", error.code);
            false
        }
    }
}
