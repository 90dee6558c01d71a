//! The database the app works on at a moment: this PC's file, or the
//! shared database on the server. The shell holds one of the two and
//! hands the core a [`Store`]; the areas already written on
//! [`crate::db::engine`] run on either, the others ask for the file with
//! [`Store::file`] and are refused on the server with a German message
//! (rather than quietly using the file, which would split the data).

use crate::catalogue::{CatalogueStore, MediaPage, MediaQuery};
use crate::db::engine::{Engine, Sql};
use crate::db::server::{Server, ServerState};
use crate::Db;
use crate::{Error, Result};

/// This PC's file or the shared server, borrowed for one command.
pub enum Store<'a> {
    /// The SQLite file in the data folder.
    File(&'a mut Db),
    /// The shared PostgreSQL database.
    Server(&'a mut Server),
}

impl Store<'_> {
    /// The file, for the areas that work on it only.
    ///
    /// # Errors
    /// [`Error::FileOnly`] while this PC works on the server.
    pub fn file(&mut self) -> Result<&mut Db> {
        match self {
            Store::File(db) => Ok(db),
            Store::Server(_) => Err(Error::FileOnly),
        }
    }

    /// After an erasure or a deletion on either engine: the file rewrites
    /// its search indexes and empties its write-ahead log, so no copy of
    /// the erased data stays in it (as [`crate::privacy::erase`] does).
    /// The server needs nothing here: its own clean-up (`VACUUM`) removes
    /// old row versions, and its backups are IT's.
    ///
    /// # Errors
    /// A failure of the file.
    pub fn scrub_after_erasure(&mut self) -> Result<()> {
        match self {
            Store::File(db) => crate::deletion_log::scrub(db),
            Store::Server(_) => Ok(()),
        }
    }

    /// The database's schema version.
    ///
    /// # Errors
    /// A failure of the engine.
    pub fn schema_version(&mut self) -> Result<i64> {
        match self {
            Store::File(db) => db.schema_version(),
            Store::Server(server) => match server.state()? {
                ServerState::Ready { version } => Ok(version),
                ServerState::Empty => Ok(0),
            },
        }
    }
}

impl Engine for Store<'_> {
    fn write_sql<T>(&mut self, f: impl FnMut(&dyn Sql) -> Result<T>) -> Result<T> {
        match self {
            Store::File(db) => db.write_sql(f),
            Store::Server(server) => server.write_sql(f),
        }
    }

    fn read_sql<T>(&mut self, f: impl FnOnce(&dyn Sql) -> Result<T>) -> Result<T> {
        match self {
            Store::File(db) => db.read_sql(f),
            Store::Server(server) => server.read_sql(f),
        }
    }
}

impl CatalogueStore for Store<'_> {
    fn search_media(&mut self, query: &MediaQuery) -> Result<MediaPage> {
        match self {
            Store::File(db) => db.search_media(query),
            Store::Server(server) => server.search_media(query),
        }
    }
}
