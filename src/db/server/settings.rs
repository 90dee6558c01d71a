//! Where the shared database is: read from what staff or IT type into
//! Einstellungen → Datenbank, or from the `[database]` table of IT's policy
//! file beside the executable (the file that also holds `[updates]`,
//! [`crate::update::POLICY_FILE`]):
//!
//! ```toml
//! [database]
//! host = "kiz-db.rhein-sieg-kreis.de"
//! port = 5432            # may be left out
//! database = "kiz"
//! role = "kiz_desk"
//! ca_file = 'C:\KIZ\kreis-ca.pem'   # may be left out: the system's CAs
//! ```
//!
//! A relative `ca_file` in the policy is read from the policy file's
//! folder (`ca_file = 'kreis-ca.pem'` beside the executable); one typed
//! into the form must be a full path, as the folder the app was started
//! from is nothing staff can see.
//!
//! The password is in neither: IT types it on the PC.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{ServerSettings, DEFAULT_PORT};
use crate::{Error, Result};

/// The connection as typed into the form: text as it stands in the fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ServerForm {
    /// The server's name or address.
    pub host: String,
    /// The port; empty for PostgreSQL's default.
    pub port: String,
    /// The database.
    pub database: String,
    /// The login role.
    pub role: String,
    /// The CA certificate's file; empty for the CAs the system trusts.
    pub ca_file: String,
}

impl ServerSettings {
    /// Reads the form: text trimmed, an empty port is PostgreSQL's 5432.
    ///
    /// # Errors
    /// [`Error::Required`] for an empty server, database or role;
    /// [`Error::ServerPortInvalid`] for a port that is no number from 1 to
    /// 65535; [`Error::CaFileNotAbsolute`] for a CA certificate that is not
    /// given with its full path.
    pub fn from_form(form: &ServerForm) -> Result<ServerSettings> {
        let port_text = form.port.trim();
        let port = if port_text.is_empty() {
            DEFAULT_PORT
        } else {
            port_text
                .parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| Error::ServerPortInvalid {
                    value: port_text.to_owned(),
                })?
        };
        let ca_file = form.ca_file.trim();
        if !ca_file.is_empty() && !Path::new(ca_file).is_absolute() {
            return Err(Error::CaFileNotAbsolute {
                path: PathBuf::from(ca_file),
            });
        }
        let settings = ServerSettings {
            host: form.host.trim().to_owned(),
            port,
            database: form.database.trim().to_owned(),
            role: form.role.trim().to_owned(),
            ca_file: (!ca_file.is_empty()).then(|| PathBuf::from(ca_file)),
        };
        settings.validate()?;
        Ok(settings)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    database: Option<DatabaseTable>,
    /// The updater's table, read by [`crate::update::parse_policy`].
    #[allow(dead_code)]
    updates: Option<toml::Table>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DatabaseTable {
    host: String,
    port: Option<u16>,
    database: String,
    role: String,
    ca_file: Option<PathBuf>,
}

/// The shared database that the policy text names: `None` when it has no
/// `[database]` table, `Err(())` when the text is no policy (TOML that
/// does not parse, an unknown key, a value of the wrong type or an empty
/// server, database or role).
#[allow(clippy::result_unit_err)]
pub fn parse_policy(text: &str) -> std::result::Result<Option<ServerSettings>, ()> {
    let file: PolicyFile = toml::from_str(text).map_err(|_| ())?;
    let Some(table) = file.database else {
        return Ok(None);
    };
    let settings = ServerSettings {
        host: table.host.trim().to_owned(),
        port: table.port.unwrap_or(DEFAULT_PORT),
        database: table.database.trim().to_owned(),
        role: table.role.trim().to_owned(),
        ca_file: table.ca_file.filter(|p| !p.as_os_str().is_empty()),
    };
    settings.validate().map_err(|_| ())?;
    Ok(Some(settings))
}

/// The shared database that the policy file at `path` names: `Ok(None)`
/// when there is no file or it has no `[database]` table. A relative
/// `ca_file` is taken from the policy file's folder.
///
/// # Errors
/// [`Error::DatabasePolicyInvalid`] when the file is there but cannot be
/// read or is no policy ([`parse_policy`]): a typo of IT's must not pass
/// as "no server".
pub fn read_policy(path: &Path) -> Result<Option<ServerSettings>> {
    let invalid = || Error::DatabasePolicyInvalid {
        path: path.to_path_buf(),
    };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let mut settings = parse_policy(&text).map_err(|()| invalid())?;
            if let Some(settings) = &mut settings {
                if let (Some(ca), Some(folder)) = (&settings.ca_file, path.parent()) {
                    settings.ca_file = Some(folder.join(ca));
                }
            }
            Ok(settings)
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(_) => Err(invalid()),
    }
}
