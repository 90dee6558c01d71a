//! Where updates come from, and when to look: the rules behind "Nach
//! Updates suchen" that do not need the network.
//!
//! The app looks for updates only on the centre's own server. Two things
//! decide whether it looks at all:
//!
//! - the **public key** that update files must be signed with, built into
//!   the app by `cargo xtask dist` (a build without one never updates);
//! - the **address of the manifest**, built in by `cargo xtask dist` or set
//!   by IT in the policy file beside the executable ([`POLICY_FILE`]),
//!   which can also switch updates off.
//!
//! The policy file is TOML:
//!
//! ```toml
//! [updates]
//! enabled = true
//! endpoint = "https://kiz-updates.intranet.example/kiz-desk/latest.json"
//! ```
//!
//! The same file may hold a `[database]` table naming the shared database
//! (`kiz::db::server::parse_policy`); a mistake there does not touch
//! updates, and one here does not touch the database.
//!
//! A file that cannot be read as such switches updates off (IT may have
//! meant to switch them off; looking anyway would be the wrong guess).
//! Fetching, verifying and installing are the shell's (tauri-plugin-updater).

use std::path::Path;

use chrono::NaiveDateTime;
use serde::Deserialize;

/// The policy file's name, beside `kiz-desk.exe`.
pub const POLICY_FILE: &str = "kiz-desk-policy.toml";

/// What IT set in the policy file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Policy {
    /// `false` switches updates off.
    pub enabled: bool,
    /// The manifest's address, in place of the built-in one.
    pub endpoint: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    updates: Option<UpdatesTable>,
    /// The shared database's table, read by
    /// [`crate::db::server::parse_policy`]; its mistakes do not switch
    /// updates off.
    #[allow(dead_code)]
    database: Option<toml::Table>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdatesTable {
    enabled: Option<bool>,
    endpoint: Option<String>,
}

/// Why the app does not look for updates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OffReason {
    /// This build has no public key (built without `cargo xtask dist`'s key).
    NoKey,
    /// Neither the build nor the policy file names a server.
    NoServer,
    /// The policy file says `enabled = false`.
    SwitchedOff,
    /// The policy file is there but cannot be read as a policy, or names an
    /// address that is not `https://`.
    PolicyInvalid,
}

/// Whether and where the app looks for updates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Look at `endpoint`; files must be signed with `pubkey` (Tauri's
    /// format: base64 of a minisign public key).
    On {
        /// The manifest's address.
        endpoint: String,
        /// The key the files must be signed with.
        pubkey: String,
    },
    /// Do not look, and why.
    Off(OffReason),
}

/// Reads the policy text. `None` when it is not a policy: TOML that does
/// not parse, an unknown key (a typo must not pass unnoticed), a value of
/// the wrong type, or an address that [`endpoint_allowed`] refuses.
pub fn parse_policy(text: &str, allow_loopback_http: bool) -> Option<Policy> {
    let file: PolicyFile = toml::from_str(text).ok()?;
    let table = file.updates.unwrap_or(UpdatesTable {
        enabled: None,
        endpoint: None,
    });
    let endpoint = table
        .endpoint
        .map(|e| e.trim().to_owned())
        .filter(|e| !e.is_empty());
    if let Some(endpoint) = &endpoint {
        if !endpoint_allowed(endpoint, allow_loopback_http) {
            return None;
        }
    }
    Some(Policy {
        enabled: table.enabled.unwrap_or(true),
        endpoint,
    })
}

/// Reads the policy file at `path`: `Ok(None)` when there is none,
/// `Err(())` when it is there but is no policy ([`parse_policy`]) or cannot
/// be read.
#[allow(clippy::result_unit_err)]
pub fn read_policy(path: &Path, allow_loopback_http: bool) -> Result<Option<Policy>, ()> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_policy(&text, allow_loopback_http).map(Some).ok_or(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(_) => Err(()),
    }
}

/// An address the app may fetch the manifest from: `https://` with a
/// host; `http://` only to this computer and only when the caller allows
/// it (the end-to-end tests' local server, in debug builds).
pub fn endpoint_allowed(endpoint: &str, allow_loopback_http: bool) -> bool {
    let has_host = |rest: &str| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !host.contains(char::is_whitespace)
    };
    if let Some(rest) = endpoint.strip_prefix("https://") {
        return has_host(rest);
    }
    if let Some(rest) = endpoint.strip_prefix("http://") {
        let host = rest.split(['/', ':']).next().unwrap_or("");
        return allow_loopback_http && matches!(host, "127.0.0.1" | "localhost");
    }
    false
}

/// Decides whether and where to look: the built-in key and address, and
/// what the policy file says (`Err(())`: a file that is no policy).
pub fn source(
    built_in_key: Option<&str>,
    built_in_endpoint: Option<&str>,
    policy: Result<Option<Policy>, ()>,
) -> Source {
    let Some(pubkey) = built_in_key.map(str::trim).filter(|k| !k.is_empty()) else {
        return Source::Off(OffReason::NoKey);
    };
    let policy = match policy {
        Ok(policy) => policy,
        Err(()) => return Source::Off(OffReason::PolicyInvalid),
    };
    if policy.as_ref().is_some_and(|p| !p.enabled) {
        return Source::Off(OffReason::SwitchedOff);
    }
    let endpoint = policy.and_then(|p| p.endpoint).or_else(|| {
        built_in_endpoint
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_owned)
    });
    match endpoint {
        Some(endpoint) => Source::On {
            endpoint,
            pubkey: pubkey.to_owned(),
        },
        None => Source::Off(OffReason::NoServer),
    }
}

/// Whether the check at start is due: at most once a calendar day. Never
/// looked yet, or last on another day (also a day "in the future": the
/// clock was set back), means yes.
pub fn check_due(last_check: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    last_check.is_none_or(|last| last.date() != now.date())
}

/// The file in the data folder that remembers when the app last looked (per
/// computer: on a shared database each PC looks for itself).
pub const LAST_CHECK_FILE: &str = "update-check.txt";

const LAST_CHECK_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// When the app last looked, from the data folder; `None` when never or
/// unreadable (then it looks again, which is harmless).
pub fn last_check(data_dir: &Path) -> Option<NaiveDateTime> {
    let text = std::fs::read_to_string(data_dir.join(LAST_CHECK_FILE)).ok()?;
    NaiveDateTime::parse_from_str(text.trim(), LAST_CHECK_FORMAT).ok()
}

/// Remembers that the app looked at `now`.
///
/// # Errors
/// The file could not be written.
pub fn record_check(data_dir: &Path, now: NaiveDateTime) -> std::io::Result<()> {
    std::fs::write(
        data_dir.join(LAST_CHECK_FILE),
        format!("{}\n", now.format(LAST_CHECK_FORMAT)),
    )
}
