//! KIZ Desk core: the rules, the storage and the documents of the
//! desk application of the Kommunales Integrationszentrum Rhein-Sieg-Kreis.
//!
//! Nothing in this crate knows about windows or Tauri. Every rule a user can
//! break is an [`Error`] variant with a stable [`Error::code`], the field it
//! concerns and typed [`Error::params`]; the sentences for the user live in
//! the UI (see [`error`]). Time is always passed in (`today`, `now`), never
//! read.

#![warn(missing_docs)]

pub mod backup;
pub mod catalogue;
pub mod consents;
pub mod db;
pub mod deletion_log;
pub mod demo;
pub mod documents;
pub mod error;
pub mod events;
pub mod export;
pub mod file_names;
pub mod folding;
pub mod import;
pub mod languages;
pub mod lending;
pub mod limits;
pub mod lists;
pub mod organisations;
pub mod people;
pub mod pick_lists;
pub mod privacy;
pub mod publish;
pub mod reports;
pub mod search;
pub mod settings;
pub mod store;
mod time;
pub mod update;
pub mod versions;

pub use db::Db;
pub use error::{Error, Record, Result};
