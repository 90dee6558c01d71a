//! End-to-end tests: the real app in its real window, driven over WebDriver.
//! Run by `cargo xtask test` under Xvfb; screenshots land in
//! `target/e2e-screenshots/`.

mod annual_report;
mod app;
mod arbeitskreis;
mod backup;
mod borrowers;
mod catalogue;
mod consents;
mod copies;
mod database;
mod desk;
mod directory;
mod events;
mod harness;
mod import;
mod limits;
mod lists;
mod organisation_corrections;
mod privacy;
/// A process tree's memory and its web processes' environments from
/// `/proc`, shared with the start-up benchmark.
#[path = "../../../xtask/src/process_tree.rs"]
mod process_tree;
mod publish;
mod reminders;
mod reports;
mod settings;
mod slips;
mod update;

/// The sections of the navigation, in its order (Strg+1 … Strg+7):
/// (route, German heading, English navigation label).
const SECTIONS: &[(&str, &str, &str)] = &[
    ("desk", "Theke", "Desk"),
    ("catalogue", "Medien", "Media"),
    ("borrowers", "Ausleihende", "Borrowers"),
    ("organisations", "Organisationen", "Organisations"),
    ("events", "Veranstaltungen", "Events"),
    ("reports", "Berichte", "Reports"),
    ("settings", "Einstellungen", "Settings"),
];
