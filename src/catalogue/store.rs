//! The catalogue's storage, one implementation per engine (issue 22's
//! design: a store per area, the rules above it written once): the file
//! ([`Db`], SQLite) and the shared database ([`Server`], PostgreSQL).
//!
//! The store holds the search, the part whose SQL differs most between
//! the engines (FTS5 on the file, a text search table on the server). The
//! catalogue's writes (a medium created, changed, deleted; a copy added
//! or corrected) are written once on `db::engine` and keep each engine's
//! search rows in their transaction (`tests/lending_engines.rs`,
//! `cataloguing_…`). The tests run the same searches on both engines over
//! the same data (`tests/search_engines.rs`).

use super::{MediaPage, MediaQuery};
use crate::db::server::Server;
use crate::{Db, Result};

/// Where the catalogue is stored.
pub trait CatalogueStore {
    /// The media list for `query`: a scanned Inventarnummer or ISBN finds
    /// its medium; typed words are prefixes, diacritics ignored; up to
    /// [`super::SORTED_HITS`] hits sorted by title, more newest first.
    ///
    /// # Errors
    /// A failure of the engine.
    fn search_media(&mut self, query: &MediaQuery) -> Result<MediaPage>;
}

impl CatalogueStore for Db {
    fn search_media(&mut self, query: &MediaQuery) -> Result<MediaPage> {
        super::search::search_media(self, query)
    }
}

impl CatalogueStore for Server {
    fn search_media(&mut self, query: &MediaQuery) -> Result<MediaPage> {
        super::search_server::search_media(self, query)
    }
}
