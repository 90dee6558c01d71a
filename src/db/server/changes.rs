//! What the other PCs changed: the server tells every listening connection
//! which table a committed transaction changed (the `kiz_change` channel,
//! filled by the statement triggers of `v011_baseline.sql`), so that a
//! screen showing that table reads it again (issue 22, point 3: a checkout
//! at the desk shows "ausgeliehen" on the office PC without reloading).
//!
//! A connection of its own listens: the app's connection runs transactions
//! and cannot wait for notices between them.

use std::collections::BTreeSet;
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;

use super::{Server, ServerSettings};
use crate::{Error, Result};

/// The channel the triggers notify on.
const CHANNEL: &str = "kiz_change";

/// A connection that listens for the tables other connections change.
pub struct Changes {
    server: Server,
}

impl std::fmt::Debug for Changes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Changes")
            .field("server", &self.server)
            .finish()
    }
}

impl Changes {
    /// Connects as [`Server::connect`] does and starts listening; changes
    /// committed from then on are told.
    ///
    /// # Errors
    /// As [`Server::connect`].
    pub fn listen(settings: &ServerSettings, password: &str) -> Result<Changes> {
        let mut server = Server::connect(settings, password)?;
        server
            .client()
            .batch_execute(&format!("LISTEN {CHANNEL}"))?;
        Ok(Changes { server })
    }

    /// The tables changed since the last call, waiting up to `wait` for
    /// the first when none is pending; empty when nothing changed in that
    /// time. Whatever else has arrived by then comes with it, each table
    /// once.
    ///
    /// # Errors
    /// [`Error::ServerUnreachable`] when the connection was lost: the
    /// caller connects again and reads its screens afresh, since changes
    /// may have been missed meanwhile.
    pub fn wait(&mut self, wait: Duration) -> Result<BTreeSet<String>> {
        let mut tables = BTreeSet::new();
        let told = self.read(wait, &mut tables);
        // A connection the server closed ends the wait as if nothing came,
        // or with the server's farewell as an error: either way it is lost.
        if self.server.client().is_closed() && (told.is_err() || tables.is_empty()) {
            return Err(Error::ServerUnreachable {
                server: self.server.settings().label(),
            });
        }
        told?;
        Ok(tables)
    }

    fn read(&mut self, wait: Duration, tables: &mut BTreeSet<String>) -> Result<()> {
        let mut notices = self.server.client().notifications();
        let first = notices.timeout_iter(wait).next()?;
        if let Some(first) = first {
            tables.insert(first.payload().to_owned());
            let mut pending = notices.iter();
            while let Some(next) = pending.next()? {
                tables.insert(next.payload().to_owned());
            }
        }
        Ok(())
    }
}
