//! What the commands share: the open database (or why it could not be
//! opened), and the outcome of the last automatic backup.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use kiz::Db;

use crate::commands::CommandError;

/// The app's managed state.
pub struct AppState {
    /// Replaced as a whole when a restore brings back a database that could
    /// not be opened at start.
    db: RwLock<Result<Arc<Mutex<Db>>, CommandError>>,
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
        AppState {
            db: RwLock::new(db.map(|d| Arc::new(Mutex::new(d)))),
            data_dir,
            database_file,
            log_dir,
            on_network,
            backup_warning: Mutex::new(None),
            backup_lock: Arc::new(Mutex::new(())),
        }
    }

    /// The database, or the error that kept it closed.
    pub fn db(&self) -> Result<Arc<Mutex<Db>>, CommandError> {
        self.db
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Puts a database opened after start (recovered from a backup) in
    /// place of the error.
    pub fn set_db(&self, db: Db) {
        *self.db.write().unwrap_or_else(PoisonError::into_inner) = Ok(Arc::new(Mutex::new(db)));
    }

    /// Closes the database for good (before an update is installed):
    /// `why` takes its place, so commands from now on get that error; a
    /// command still working ends first. If one keeps it longer than a few
    /// seconds, the database is put back and `Err(())` returned.
    #[allow(clippy::result_unit_err)]
    pub fn close_db(&self, why: CommandError) -> Result<(), ()> {
        let old = std::mem::replace(
            &mut *self.db.write().unwrap_or_else(PoisonError::into_inner),
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
                    *self.db.write().unwrap_or_else(PoisonError::into_inner) = Ok(still_shared);
                    return Err(());
                }
            }
        }
    }

    /// Puts why the database is closed in its place (it could not be
    /// opened again).
    pub fn set_db_error(&self, why: CommandError) {
        *self.db.write().unwrap_or_else(PoisonError::into_inner) = Err(why);
    }

    /// Why the database is not open.
    pub fn open_error(&self) -> Option<CommandError> {
        self.db
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
