//! What the commands share: the open database (or why it could not be
//! opened), and the outcome of the last automatic backup.
//!
//! The window may show its first screen before the database has passed
//! the start-up check (which reads every page of the file): the screen is
//! drawn from a [`FirstLook`] read without writing, and every use of the
//! database itself waits until the check has run, so the desk never acts
//! on data the check has not passed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock};

use kiz::Db;

use crate::commands::CommandError;
use crate::shared::Shared;

/// What the first screen shows while the start-up check runs, read from
/// the file through a read-only connection.
#[derive(Debug, Clone)]
pub struct FirstLook {
    /// The interface language stored in the file ("de" for a new file).
    pub ui_language: String,
    /// The file holds nothing yet (or does not exist yet).
    pub empty: bool,
}

/// The database once the start-up check has run, or why it cannot be used.
pub struct DbSlot {
    /// Replaced as a whole when a restore brings back a database that could
    /// not be opened at start.
    db: RwLock<Result<Arc<Mutex<Db>>, CommandError>>,
    /// The shared database this PC works on, if it works on one; the
    /// commands then use it instead of the file (see [`crate::shared`]).
    shared: RwLock<Option<Arc<Shared>>>,
    /// Whether the start-up check has run (and `db` holds its outcome).
    checked: Mutex<bool>,
    check_done: Condvar,
}

impl DbSlot {
    /// Waits until the start-up check has run.
    pub fn wait_for_check(&self) {
        let mut checked = self.checked.lock().unwrap_or_else(PoisonError::into_inner);
        while !*checked {
            checked = self
                .check_done
                .wait(checked)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// The database, or the error that keeps it closed; waits for the
    /// start-up check first.
    pub fn get(&self) -> Result<Arc<Mutex<Db>>, CommandError> {
        self.wait_for_check();
        self.db
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The shared database this PC works on, if it works on one.
    pub fn shared(&self) -> Option<Arc<Shared>> {
        self.shared
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// From now on the commands work on `shared`. A command that was
    /// already waiting for the file looks again once it has it (see
    /// `commands::with_store`), so nothing is written to the file after
    /// its data moved.
    pub fn set_shared(&self, shared: Shared) -> Arc<Shared> {
        let shared = Arc::new(shared);
        *self.shared.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&shared));
        shared
    }

    /// Whether `shared` is still the shared database the commands use.
    pub fn is_current(&self, shared: &Arc<Shared>) -> bool {
        self.shared().is_some_and(|now| Arc::ptr_eq(&now, shared))
    }

    fn is_checked(&self) -> bool {
        *self.checked.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Whether the window has painted its first screen.
#[derive(Default)]
struct Painted {
    done: Mutex<bool>,
    changed: Condvar,
}

/// The app's managed state.
pub struct AppState {
    slot: Arc<DbSlot>,
    painted: Painted,
    /// Until the start-up check has run: what the first screen shows.
    first_look: Mutex<Option<FirstLook>>,
    data_dir: PathBuf,
    database_file: PathBuf,
    log_dir: PathBuf,
    on_network: bool,
    /// Why the last automatic backup failed; shown as a banner.
    backup_warning: Mutex<Option<CommandError>>,
    /// Held while a backup or a restore runs, so that they never overlap.
    /// Taken before the database, never while holding it: a backup reads
    /// the file through its own connection and holds the database only for
    /// a moment to read its settings.
    backup_lock: Arc<Mutex<()>>,
    /// Why the data folder's choice of a shared database cannot be read:
    /// every command is refused with it (the app must not work on the
    /// file when a server was chosen).
    shared_error: Mutex<Option<CommandError>>,
}

impl AppState {
    /// Wraps the outcome of opening the database.
    pub fn new(
        db: Result<Db, CommandError>,
        data_dir: PathBuf,
        database_file: PathBuf,
        log_dir: PathBuf,
        on_network: bool,
    ) -> Self {
        let state = Self::checking(
            FirstLook {
                ui_language: "de".into(),
                empty: false,
            },
            data_dir,
            database_file,
            log_dir,
            on_network,
        );
        state.finish_check(db);
        state
    }

    /// A state whose database is still being checked: commands that use
    /// it wait for [`AppState::finish_check`]; the first screen is drawn
    /// from `first_look`.
    pub fn checking(
        first_look: FirstLook,
        data_dir: PathBuf,
        database_file: PathBuf,
        log_dir: PathBuf,
        on_network: bool,
    ) -> Self {
        AppState {
            slot: Arc::new(DbSlot {
                db: RwLock::new(Err(CommandError::internal())),
                shared: RwLock::new(None),
                checked: Mutex::new(false),
                check_done: Condvar::new(),
            }),
            painted: Painted::default(),
            first_look: Mutex::new(Some(first_look)),
            data_dir,
            database_file,
            log_dir,
            on_network,
            backup_warning: Mutex::new(None),
            backup_lock: Arc::new(Mutex::new(())),
            shared_error: Mutex::new(None),
        }
    }

    /// Puts the outcome of the start-up check (the opened database, or why
    /// it could not be opened) in place, and lets the waiting commands go.
    pub fn finish_check(&self, db: Result<Db, CommandError>) {
        *self.slot.db.write().unwrap_or_else(PoisonError::into_inner) =
            db.map(|d| Arc::new(Mutex::new(d)));
        *self
            .first_look
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
        *self
            .slot
            .checked
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = true;
        self.slot.check_done.notify_all();
    }

    /// Notes that the window's first screen is on the screen.
    pub fn first_screen_painted(&self) {
        *self
            .painted
            .done
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = true;
        self.painted.changed.notify_all();
    }

    /// Waits until the window's first screen is painted, at most `limit`.
    pub fn wait_for_first_screen(&self, limit: std::time::Duration) {
        let done = self
            .painted
            .done
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let _ = self
            .painted
            .changed
            .wait_timeout_while(done, limit, |done| !*done);
    }

    /// What the first screen shows, while the start-up check still runs;
    /// `None` once it has run.
    pub fn first_look(&self) -> Option<FirstLook> {
        if self.slot.is_checked() {
            return None;
        }
        self.first_look
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The database (waiting for the start-up check), for use on a
    /// blocking thread.
    pub fn db_slot(&self) -> Arc<DbSlot> {
        Arc::clone(&self.slot)
    }

    /// The database, or the error that kept it closed. Blocks until the
    /// start-up check has run: call it on a blocking thread.
    pub fn db(&self) -> Result<Arc<Mutex<Db>>, CommandError> {
        self.slot.get()
    }

    /// Puts a database opened after start (recovered from a backup) in
    /// place of the error.
    pub fn set_db(&self, db: Db) {
        *self.slot.db.write().unwrap_or_else(PoisonError::into_inner) =
            Ok(Arc::new(Mutex::new(db)));
    }

    /// Closes the database for good (before an update is installed):
    /// `why` takes its place, so commands from now on get that error; a
    /// command still working ends first. If one keeps it longer than a few
    /// seconds, the database is put back and `Err(())` returned.
    #[allow(clippy::result_unit_err)]
    pub fn close_db(&self, why: CommandError) -> Result<(), ()> {
        self.slot.wait_for_check();
        let old = std::mem::replace(
            &mut *self.slot.db.write().unwrap_or_else(PoisonError::into_inner),
            Err(why.clone()),
        );
        let Ok(mut shared) = old else {
            return Ok(());
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            match Arc::try_unwrap(shared) {
                Ok(mutex) => {
                    let db = mutex.into_inner().unwrap_or_else(PoisonError::into_inner);
                    drop(db);
                    log::info!("database closed");
                    return Ok(());
                }
                Err(still_shared) if std::time::Instant::now() < deadline => {
                    shared = still_shared;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(still_shared) => {
                    *self.slot.db.write().unwrap_or_else(PoisonError::into_inner) =
                        Ok(still_shared);
                    return Err(());
                }
            }
        }
    }

    /// Puts why the database is closed in its place (it could not be
    /// opened again).
    pub fn set_db_error(&self, why: CommandError) {
        *self.slot.db.write().unwrap_or_else(PoisonError::into_inner) = Err(why);
    }

    /// Why the database is not open; `None` also while the start-up check
    /// runs (see [`AppState::first_look`]).
    pub fn open_error(&self) -> Option<CommandError> {
        if !self.slot.is_checked() {
            return None;
        }
        self.slot
            .db
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .err()
            .cloned()
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn database_file(&self) -> &Path {
        &self.database_file
    }

    pub fn log_dir(&self) -> &Path {
        &self.log_dir
    }

    pub fn on_network(&self) -> bool {
        self.on_network
    }

    /// The lock that backups and restores take first (see the field).
    pub fn backup_lock(&self) -> Arc<Mutex<()>> {
        Arc::clone(&self.backup_lock)
    }

    /// The shared database this PC works on, if it works on one.
    pub fn shared(&self) -> Option<Arc<Shared>> {
        self.slot.shared()
    }

    /// From now on the commands work on `shared` (see [`DbSlot::set_shared`]).
    pub fn set_shared(&self, shared: Shared) -> Arc<Shared> {
        self.slot.set_shared(shared)
    }

    /// Why the choice of a shared database cannot be read, if it cannot.
    pub fn shared_error(&self) -> Option<CommandError> {
        self.shared_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Refuses every command from now on with `why` (see the field).
    pub fn set_shared_error(&self, why: CommandError) {
        *self
            .shared_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(why);
    }

    /// Why the last backup failed, if it did.
    pub fn backup_warning(&self) -> Option<CommandError> {
        self.backup_warning
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Records the outcome of a backup: `None` after a good one.
    pub fn set_backup_warning(&self, warning: Option<CommandError>) {
        *self
            .backup_warning
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = warning;
    }
}
