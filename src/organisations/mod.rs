//! The directory of migrant organisations: the organisations themselves
//! (with languages, member counts over time and a dated timeline), their
//! offerings, contacts, cooperation projects and the Arbeitskreis.
//!
//! Every change rewrites the organisation's row in `organisation_search` in
//! the same transaction, so "who offers German classes for women in
//! Troisdorf?" is one search over names, offerings, languages, places and
//! contacts.

mod attendance;
pub(crate) mod contacts;
mod details;
mod mailing_list;
mod meetings;
mod offerings;
mod projects;
mod queries;
mod saved_filters;
mod search_index;
mod working_groups;

pub use attendance::{
    attendance_year, attendance_year_in, attendees, attendees_in, guest_choices, guest_choices_in,
    set_attendees, unnamed_presence, unnamed_presence_in, AttendanceStatus, AttendanceYear,
    Attendee, AttendeeInput, GuestChoice, OrganisationYear, UnnamedPresence,
};
pub(crate) use contacts::save_contact_in;
pub use contacts::{
    add_role, contact, contact_in, contacts_of, contacts_of_in, create_contact, delete_contact,
    delete_contact_on, end_role, find_contacts, find_contacts_in, save_contact, update_contact,
    update_role, Contact, ContactInput, ContactRole, RoleEdit, RoleInput,
};
use details::exists;
pub use details::{
    add_member_count, add_offering_kind, add_organisation_kind, add_timeline_note,
    correct_timeline_note, create_organisation, delete_organisation, offering_kinds,
    offering_kinds_in, organisation, organisation_in, organisation_kinds, organisation_kinds_in,
    set_archived, update_organisation,
};
pub(crate) use details::{create_organisation_in, update_organisation_in};
pub use mailing_list::{mailing_list, mailing_list_in, MailingList, Recipient};
pub use meetings::{
    add_action, add_decision, invitation_addressees, invitation_addressees_in, meeting, meeting_in,
    save_meeting, set_action_done, set_attendance,
};
pub(crate) use offerings::save_offering_in;
pub use offerings::{delete_offering, save_offering, Offering, OfferingInput};
pub use projects::{
    create_project, project, project_choices_in, project_in, projects, projects_in, update_project,
    Partner, Project, ProjectEvent, ProjectFilter, ProjectInput, ProjectStatus, ProjectWorkshop,
};
pub(crate) use queries::matching_ids;
pub use queries::{
    count, count_in, list, list_in, matching_organisations, matching_organisations_in,
    organisation_list, organisation_list_in, search_organisations, search_organisations_in,
    DirectoryPage, DirectoryQuery, OrganisationRow, OrganisationSummary,
};
pub use saved_filters::{delete_filter, save_filter, saved_filters, saved_filters_in, SavedFilter};
pub(crate) use search_index::reindex;
pub use working_groups::{
    create_working_group, join, leave, working_group, working_group_in, working_group_page,
    working_group_page_in, working_groups, working_groups_in, ActionItem, Attendance, Meeting,
    MeetingInput, MeetingSummary, Member, WorkingGroup, WorkingGroupPage,
};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::pick_lists::Entry;
use crate::time::timestamp;

/// The 19 municipalities of the Rhein-Sieg-Kreis, then Bonn and "anderer
/// Ort".
pub const MUNICIPALITIES: &[&str] = &[
    "Alfter",
    "Bad Honnef",
    "Bornheim",
    "Eitorf",
    "Hennef (Sieg)",
    "Königswinter",
    "Lohmar",
    "Meckenheim",
    "Much",
    "Neunkirchen-Seelscheid",
    "Niederkassel",
    "Rheinbach",
    "Ruppichteroth",
    "Sankt Augustin",
    "Siegburg",
    "Swisttal",
    "Troisdorf",
    "Wachtberg",
    "Windeck",
    "Bonn",
    "anderer Ort",
];

/// Where the cooperation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CooperationStatus {
    /// In contact.
    #[default]
    Kontakt,
    /// Active cooperation.
    Aktiv,
    /// Dormant.
    Ruhend,
}

impl CooperationStatus {
    pub(crate) fn code(self) -> &'static str {
        match self {
            CooperationStatus::Kontakt => "kontakt",
            CooperationStatus::Aktiv => "aktiv",
            CooperationStatus::Ruhend => "ruhend",
        }
    }

    pub(crate) fn from_code(code: &str) -> Self {
        match code {
            "aktiv" => CooperationStatus::Aktiv,
            "ruhend" => CooperationStatus::Ruhend,
            _ => CooperationStatus::Kontakt,
        }
    }
}

/// What staff enter for an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct OrganisationInput {
    /// Required.
    pub name: String,
    /// Short name ("KBV Siegburg").
    pub short_name: String,
    /// Kind of organisation (Verein, Gemeinschaft, ...).
    pub kind_id: Option<i64>,
    /// Vereinsregister number, if registered.
    pub register_number: String,
    /// Communities and languages (ISO 639-1).
    pub languages: Vec<String>,
    /// One of [`MUNICIPALITIES`], or empty.
    pub municipality: String,
    /// Street and number.
    pub street: String,
    /// Postal code (five digits), or empty.
    pub postal_code: String,
    /// City.
    pub city: String,
    /// Whether it has rooms of its own.
    pub has_rooms: bool,
    /// What rooms it has.
    pub rooms_description: String,
    /// Website.
    pub website: String,
    /// E-mail address.
    pub email: String,
    /// Phone number.
    pub phone: String,
    /// Where the cooperation stands.
    pub status: CooperationStatus,
    /// Staff's notes.
    pub notes: String,
    /// The version the form was filled from ([`Organisation::saved`]);
    /// saving is refused when someone saved the organisation since
    /// ([`crate::Error::ChangedMeanwhile`]). `None` (an import): no check.
    pub version: Option<i64>,
}

/// A member count as stated on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberCount {
    /// The day the count was stated.
    pub stated_on: NaiveDate,
    /// How many members; not negative.
    pub members: i64,
}

/// What a timeline entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// A phone call.
    Anruf,
    /// A visit.
    Besuch,
    /// An agreement.
    Vereinbarung,
    /// An e-mail.
    Email,
    /// Any other note.
    #[default]
    Notiz,
}

impl NoteKind {
    fn code(self) -> &'static str {
        match self {
            NoteKind::Anruf => "anruf",
            NoteKind::Besuch => "besuch",
            NoteKind::Vereinbarung => "vereinbarung",
            NoteKind::Email => "email",
            NoteKind::Notiz => "notiz",
        }
    }

    fn from_code(code: &str) -> Self {
        match code {
            "anruf" => NoteKind::Anruf,
            "besuch" => NoteKind::Besuch,
            "vereinbarung" => NoteKind::Vereinbarung,
            "email" => NoteKind::Email,
            _ => NoteKind::Notiz,
        }
    }
}

/// A dated entry of an organisation's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineNote {
    /// The entry's number in the database.
    pub id: i64,
    /// The day it is about.
    pub noted_on: NaiveDate,
    /// What it records.
    pub kind: NoteKind,
    /// The text.
    pub text: String,
    /// The day the text was last corrected ("geändert am"), if ever.
    pub changed_on: Option<NaiveDate>,
    /// Its version, when and on which workstation it was last saved.
    pub saved: crate::versions::Saved,
}

/// An organisation with everything its detail page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    /// The organisation's number in the database.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Kind of organisation.
    pub kind: Option<Entry>,
    /// Vereinsregister number, if registered.
    pub register_number: String,
    /// Communities and languages (ISO 639-1).
    pub languages: Vec<String>,
    /// Municipality.
    pub municipality: String,
    /// Street and number.
    pub street: String,
    /// Postal code.
    pub postal_code: String,
    /// City.
    pub city: String,
    /// Whether it has rooms of its own.
    pub has_rooms: bool,
    /// What rooms it has.
    pub rooms_description: String,
    /// Website.
    pub website: String,
    /// E-mail address.
    pub email: String,
    /// Phone number.
    pub phone: String,
    /// Where the cooperation stands.
    pub status: CooperationStatus,
    /// Staff's notes.
    pub notes: String,
    /// Archived organisations stay with their history but leave the lists.
    pub archived_on: Option<NaiveDate>,
    /// Oldest first.
    pub member_counts: Vec<MemberCount>,
    /// Newest first.
    pub timeline: Vec<TimelineNote>,
    /// Its offerings, active and past.
    pub offerings: Vec<Offering>,
    /// Its version, and who saved it last when.
    pub saved: crate::versions::Saved,
}
