//! What the commands share: the open database, or why it could not be opened.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use kiz::Db;

use crate::commands::CommandError;

/// The app's managed state.
pub struct AppState {
    db: Result<Arc<Mutex<Db>>, CommandError>,
    data_dir: PathBuf,
    database_file: PathBuf,
    log_dir: PathBuf,
    on_network: bool,
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
            db: db.map(|d| Arc::new(Mutex::new(d))),
            data_dir,
            database_file,
            log_dir,
            on_network,
        }
    }

    /// The database, or the error that kept it closed.
    pub fn db(&self) -> Result<Arc<Mutex<Db>>, CommandError> {
        self.db.clone()
    }

    /// Why the database is not open.
    pub fn open_error(&self) -> Option<&CommandError> {
        self.db.as_ref().err()
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
}
