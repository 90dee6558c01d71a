//! The sheets of the full export, in the order of the workbook: the
//! Mediathek, the directory of organisations with the Arbeitskreis, the
//! events, then the consent texts and the deletion log. The lists staff
//! extend come last, in their own sheet ([`super::lists`]).

mod directory;
mod events;
mod mediathek;

use directory::{
    ACTIONS, ATTENDANCE, ATTENDEES, CONTACTS, DECISIONS, GROUPS, GROUP_MEMBERS, MEETINGS, MEMBERS,
    NOTES, OFFERINGS, ORGANISATIONS, PARTNERS, PROJECTS, PUBLIC_TEXTS, ROLES, STATUS_CHANGES,
};
use events::{
    CONSENT_TEXTS, DELETION_LOG, EVENTS, FACILITATORS, HOSTS, MATERIAL, PARTICIPANTS,
    REGISTRATIONS, WORKSHOPS,
};
use mediathek::{
    BORROWERS, COPIES, KIT, LOANS, LOAN_SETS, MEDIA, PACKAGES, PACKAGE_PARTS, REMINDERS, RENEWALS,
    RESERVATIONS,
};

use super::spec::Kind::Stamp;
use super::spec::{col, Column, Sheet};

/// Every sheet that mirrors a table.
pub(super) const SHEETS: &[Sheet] = &[
    MEDIA,
    KIT,
    COPIES,
    BORROWERS,
    PACKAGES,
    PACKAGE_PARTS,
    LOAN_SETS,
    LOANS,
    RENEWALS,
    RESERVATIONS,
    REMINDERS,
    ORGANISATIONS,
    PUBLIC_TEXTS,
    MEMBERS,
    STATUS_CHANGES,
    NOTES,
    OFFERINGS,
    CONTACTS,
    ROLES,
    PROJECTS,
    PARTNERS,
    GROUPS,
    GROUP_MEMBERS,
    MEETINGS,
    ATTENDANCE,
    ATTENDEES,
    DECISIONS,
    ACTIONS,
    EVENTS,
    WORKSHOPS,
    MATERIAL,
    HOSTS,
    FACILITATORS,
    PARTICIPANTS,
    REGISTRATIONS,
    CONSENT_TEXTS,
    DELETION_LOG,
];

/// When a record was created.
const CREATED: Column = col("Angelegt am", "created_at", Stamp);
/// When a record was last changed.
const UPDATED: Column = col("Geändert am", "updated_at", Stamp);
