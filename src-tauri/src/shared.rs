//! This PC on the shared database: which server it works on (the file
//! [`CHOICE_FILE`] in the data folder, written when staff move the data
//! there or connect to it), the password in the system's credential store
//! (Windows: the Credential Manager; Linux: the Secret Service), and the
//! one connection the commands share, made again when it was lost.
//!
//! The local file stays where it was, as the backup of the moment the
//! data moved; while the choice file names a server, the commands never
//! fall back to the file (two databases would split the data).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use kiz::db::server::{self, Server, ServerSettings};

use crate::commands::CommandError;

/// The file in the data folder that names the server this PC works on,
/// in the `[database]` format of IT's policy file (no password).
pub const CHOICE_FILE: &str = "datenbank.toml";

/// The name the password is kept under in the credential store.
const CREDENTIAL_SERVICE: &str = "KIZ Desk";

/// The shared database this PC works on, with its connection.
pub struct Shared {
    settings: ServerSettings,
    /// `None` when the credential store holds no password for it.
    password: Option<String>,
    /// The connection, made at the first use and again after it was lost.
    connection: Mutex<Option<Server>>,
    /// Whether the live view's listener reaches the server; `None` until
    /// its first attempt (the window asks at start, see `live`).
    listening: Mutex<Option<bool>>,
}

impl Shared {
    /// The server named, with its password (or without, when the
    /// credential store had none) and a connection already made, if any.
    pub fn new(
        settings: ServerSettings,
        password: Option<String>,
        connection: Option<Server>,
    ) -> Self {
        Shared {
            settings,
            password,
            connection: Mutex::new(connection),
            listening: Mutex::new(None),
        }
    }

    /// Whether the listener reaches the server (`None`: not tried yet).
    pub fn listening(&self) -> Option<bool> {
        *self
            .listening
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Notes whether the listener reaches the server.
    pub fn set_listening(&self, connected: bool) {
        *self
            .listening
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(connected);
    }

    pub fn settings(&self) -> &ServerSettings {
        &self.settings
    }

    /// The settings and password, for a second connection (the listener
    /// of the live view).
    pub fn login(&self) -> Option<(ServerSettings, String)> {
        self.password
            .clone()
            .map(|password| (self.settings.clone(), password))
    }

    /// Drops the connection (the listener lost the server, so this one is
    /// most likely gone too): the next command connects anew instead of
    /// failing once on a dead connection.
    pub fn forget_connection(&self) {
        *self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// Runs `f` on the connection: connects (and brings the schema up to
    /// date) first when there is none or the server closed it. After a
    /// failure the connection is checked and dropped if it is gone, so the
    /// next command connects anew: the app reconnects by itself once the
    /// server is back. One command at a time, as on the file.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Server) -> kiz::Result<T>,
    ) -> Result<T, CommandError> {
        let Some(password) = &self.password else {
            return Err(CommandError::server_password_missing(&self.settings));
        };
        let mut guard = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if guard.as_mut().is_some_and(|s| s.client().is_closed()) {
            log::warn!("connection to {} was lost", self.settings.label());
            *guard = None;
        }
        let server = match &mut *guard {
            Some(server) => server,
            empty => {
                let mut server = Server::connect(&self.settings, password)?;
                server.migrate()?;
                log::info!("connected to {}", self.settings.label());
                empty.insert(server)
            }
        };
        let outcome = f(server);
        if outcome.is_err() && server.client().is_closed() {
            // Said as "not reachable". The step is not run again: almost
            // always its transaction did not commit, but a connection lost
            // after the server took the commit and before its answer came
            // leaves it committed, and it must not happen twice.
            log::warn!("connection to {} was lost", self.settings.label());
            *guard = None;
            return Err(kiz::Error::ServerUnreachable {
                server: self.settings.label(),
            }
            .into());
        }
        Ok(outcome?)
    }
}

/// The choice file of a data folder.
pub fn choice_file(data_dir: &Path) -> PathBuf {
    data_dir.join(CHOICE_FILE)
}

/// The server the data folder's choice file names; `Ok(None)` without
/// a file.
///
/// # Errors
/// A file that is there but cannot be read as a `[database]` table.
pub fn read_choice(data_dir: &Path) -> kiz::Result<Option<ServerSettings>> {
    server::read_policy(&choice_file(data_dir))
}

/// Writes the choice file: from the next start on (and from now on) this
/// PC works on `settings`. Written to a new file and renamed, so that a
/// crash leaves the old choice or the new one.
///
/// # Errors
/// The file could not be written.
pub fn write_choice(data_dir: &Path, settings: &ServerSettings) -> std::io::Result<()> {
    let quoted = |text: &str| toml_string(text);
    let mut text = String::from(
        "# Written by KIZ Desk (Einstellungen → Datenbank): this PC works on\n\
         # the shared database below. The password is in the credential store.\n\
         [database]\n",
    );
    text.push_str(&format!("host = {}\n", quoted(&settings.host)));
    text.push_str(&format!("port = {}\n", settings.port));
    text.push_str(&format!("database = {}\n", quoted(&settings.database)));
    text.push_str(&format!("role = {}\n", quoted(&settings.role)));
    if let Some(ca) = &settings.ca_file {
        text.push_str(&format!(
            "ca_file = {}\n",
            quoted(&ca.display().to_string())
        ));
    }
    let file = choice_file(data_dir);
    let new = file.with_extension("toml.neu");
    std::fs::write(&new, text)?;
    std::fs::rename(&new, &file)
}

/// A TOML basic string of `text`.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The credential store's entry for a server's role.
fn credential(settings: &ServerSettings) -> keyring::Result<keyring::Entry> {
    keyring::Entry::new(
        CREDENTIAL_SERVICE,
        &format!("{}@{}", settings.role, settings.label()),
    )
}

/// Keeps the password in the system's credential store.
///
/// # Errors
/// The store is not there or refused it.
pub fn store_password(settings: &ServerSettings, password: &str) -> Result<(), CommandError> {
    credential(settings)
        .and_then(|entry| entry.set_password(password))
        .map_err(|error| {
            log::warn!("credential store: {error}");
            CommandError::credential_store_unavailable()
        })
}

/// The password the credential store keeps for the server; `None` when it
/// keeps none (or the store is not there: the log says which).
pub fn stored_password(settings: &ServerSettings) -> Option<String> {
    match credential(settings).and_then(|entry| entry.get_password()) {
        Ok(password) => Some(password),
        Err(error) => {
            log::warn!("no password from the credential store: {error}");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_file_is_read_back_as_written() {
        let dir = tempfile::tempdir().expect("temporary folder");
        assert_eq!(read_choice(dir.path()).expect("no file"), None);
        let settings = ServerSettings {
            host: "kiz-db.rhein-sieg-kreis.de".into(),
            port: 5433,
            database: "kiz \"neu\"".into(),
            role: "kiz_desk".into(),
            ca_file: Some(std::env::temp_dir().join("kreis-ca.pem")),
        };
        write_choice(dir.path(), &settings).expect("written");
        assert_eq!(
            read_choice(dir.path()).expect("read"),
            Some(settings.clone())
        );
        let without_ca = ServerSettings {
            ca_file: None,
            ..settings
        };
        write_choice(dir.path(), &without_ca).expect("written again");
        assert_eq!(read_choice(dir.path()).expect("read"), Some(without_ca));
        assert!(!dir.path().join("datenbank.toml.neu").exists());
    }

    /// Windows' Credential Manager keeps the password per role and server
    /// (run under Wine in `cargo xtask test`; the Secret Service on Linux
    /// is used by the end-to-end test of the shared database).
    #[cfg(windows)]
    #[test]
    fn the_credential_manager_keeps_the_password_per_role_and_server() {
        // Names of this run's own (two runs may share a Wine prefix).
        let role = format!("kiz_unit_test_{}", std::process::id());
        let settings = |host: &str, role: &str| ServerSettings {
            host: host.into(),
            port: 5432,
            database: "kiz".into(),
            role: role.into(),
            ca_file: None,
        };
        let desk = settings("kiz-db.test", &role);
        let other_role = settings("kiz-db.test", &format!("{role}_other"));
        let other_server = settings("kiz-db-2.test", &role);
        let forget = |settings: &ServerSettings| {
            credential(settings).and_then(|entry| entry.delete_credential())
        };
        /// Removes the test's entry also when an assertion fails (the
        /// Wine prefix stays from run to run).
        struct Forget<'a>(&'a ServerSettings);
        impl Drop for Forget<'_> {
            fn drop(&mut self) {
                let _ = credential(self.0).and_then(|entry| entry.delete_credential());
            }
        }
        let _forget = Forget(&desk);
        assert_eq!(stored_password(&desk), None, "nothing kept before");
        store_password(&desk, "Geheimnis-ß-1").expect("kept");
        assert_eq!(
            stored_password(&desk).as_deref(),
            Some("Geheimnis-ß-1"),
            "read back as stored"
        );
        assert_eq!(
            stored_password(&other_role),
            None,
            "another role has its own"
        );
        assert_eq!(
            stored_password(&other_server),
            None,
            "another server has its own"
        );
        store_password(&desk, "zweites").expect("kept again");
        assert_eq!(
            stored_password(&desk).as_deref(),
            Some("zweites"),
            "a new password replaces the old one"
        );
        // The test's own entry goes (the app keeps a password until a new one replaces it).
        forget(&desk).expect("removed after the test");
        assert_eq!(stored_password(&desk), None, "removed");
    }
}
