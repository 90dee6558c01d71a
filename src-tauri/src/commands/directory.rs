//! Organisationen: the directory, offerings, contacts, projects, the
//! Arbeitskreis, and the directory's printouts and exports.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tauri::State;

use super::{now, print, print_context, today, with_store, workstation, CommandError};
use crate::delivery::{deliver, Delivered, Delivery};
use crate::state::AppState;
use kiz::db::engine::{Engine, Sql};
use kiz::documents::{self, DocumentRequest, ExportFormat, MeetingDocument};
use kiz::languages::{self, Language};
use kiz::organisations::{
    self as orgs, Contact, ContactInput, ContactRole, DirectoryPage, DirectoryQuery, Meeting,
    MeetingInput, MemberCount, NoteKind, Offering, OfferingInput, Organisation, OrganisationInput,
    Project, ProjectFilter, ProjectInput, RoleInput, TimelineNote,
};
use kiz::pick_lists::Entry;

/// Pick lists for the directory's forms and filters.
#[derive(Debug, Serialize)]
pub struct DirectoryOptions {
    pub kinds: Vec<Entry>,
    pub offering_kinds: Vec<Entry>,
    pub municipalities: Vec<&'static str>,
    pub languages: Vec<Language>,
}

#[tauri::command]
pub async fn directory_options(
    state: State<'_, AppState>,
) -> Result<DirectoryOptions, CommandError> {
    with_store(&state, |store| {
        store.read_sql(|sql| {
            Ok(DirectoryOptions {
                kinds: orgs::organisation_kinds_in(sql)?,
                offering_kinds: orgs::offering_kinds_in(sql)?,
                municipalities: orgs::MUNICIPALITIES.to_vec(),
                languages: languages::all(),
            })
        })
    })
    .await
}

/// A page of the directory in `sort` (`None`: the sort kept for the list).
#[tauri::command]
pub async fn search_organisations(
    state: State<'_, AppState>,
    query: DirectoryQuery,
    sort: Option<String>,
) -> Result<DirectoryPage, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| orgs::organisation_list_in(sql, &query, sort.as_deref()))
    })
    .await
}

/// An organisation's detail page.
#[derive(Debug, Serialize)]
pub struct OrganisationPage {
    pub organisation: Organisation,
    pub contacts: Vec<(ContactRole, Contact)>,
    pub projects: Vec<Project>,
    /// Shown on the public site (the header says "öffentlich").
    pub published: bool,
}

fn page(sql: &dyn Sql, id: i64) -> kiz::Result<OrganisationPage> {
    Ok(OrganisationPage {
        organisation: orgs::organisation_in(sql, id)?,
        contacts: orgs::contacts_of_in(sql, id)?,
        projects: orgs::projects_in(
            sql,
            &ProjectFilter {
                organisation_id: Some(id),
                ..ProjectFilter::default()
            },
        )?,
        published: kiz::publish::publication_in(sql, id)?.published,
    })
}

#[tauri::command]
pub async fn get_organisation(
    state: State<'_, AppState>,
    id: i64,
) -> Result<OrganisationPage, CommandError> {
    with_store(&state, move |store| store.read_sql(|sql| page(sql, id))).await
}

#[tauri::command]
pub async fn save_organisation(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: OrganisationInput,
) -> Result<Organisation, CommandError> {
    with_store(&state, move |store| match id {
        Some(id) => orgs::update_organisation(store, id, &input, now(), workstation()),
        None => orgs::create_organisation(store, &input, now()),
    })
    .await
}

#[tauri::command]
pub async fn set_organisation_archived(
    state: State<'_, AppState>,
    id: i64,
    archived: bool,
) -> Result<(), CommandError> {
    with_store(&state, move |store| {
        orgs::set_archived(store, id, archived, today())
    })
    .await
}

#[tauri::command]
pub async fn delete_organisation(state: State<'_, AppState>, id: i64) -> Result<(), CommandError> {
    with_store(&state, move |store| orgs::delete_organisation(store, id)).await
}

#[tauri::command]
pub async fn add_member_count(
    state: State<'_, AppState>,
    id: i64,
    count: MemberCount,
) -> Result<Vec<MemberCount>, CommandError> {
    with_store(&state, move |store| {
        orgs::add_member_count(store, id, &count)
    })
    .await
}

#[tauri::command]
pub async fn add_timeline_note(
    state: State<'_, AppState>,
    id: i64,
    noted_on: NaiveDate,
    kind: NoteKind,
    text: String,
) -> Result<TimelineNote, CommandError> {
    with_store(&state, move |store| {
        orgs::add_timeline_note(store, id, noted_on, kind, &text, now())
    })
    .await
}

#[tauri::command]
pub async fn correct_timeline_note(
    state: State<'_, AppState>,
    note_id: i64,
    text: String,
    version: Option<i64>,
) -> Result<TimelineNote, CommandError> {
    with_store(&state, move |store| {
        orgs::correct_timeline_note(store, note_id, &text, now(), version, workstation())
    })
    .await
}

#[tauri::command]
pub async fn save_offering(
    state: State<'_, AppState>,
    organisation_id: i64,
    id: Option<i64>,
    input: OfferingInput,
) -> Result<Vec<Offering>, CommandError> {
    with_store(&state, move |store| {
        orgs::save_offering(store, organisation_id, id, &input, now(), workstation())
    })
    .await
}

#[tauri::command]
pub async fn delete_offering(state: State<'_, AppState>, id: i64) -> Result<(), CommandError> {
    with_store(&state, move |store| orgs::delete_offering(store, id)).await
}

/// Which extendable list.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindList {
    Organisation,
    Offering,
}

#[tauri::command]
pub async fn add_directory_kind(
    state: State<'_, AppState>,
    list: KindList,
    name: String,
) -> Result<Entry, CommandError> {
    with_store(&state, move |store| match list {
        KindList::Organisation => orgs::add_organisation_kind(store, &name),
        KindList::Offering => orgs::add_offering_kind(store, &name),
    })
    .await
}

#[tauri::command]
pub async fn save_contact(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: ContactInput,
    role: Option<RoleInput>,
) -> Result<Contact, CommandError> {
    with_store(&state, move |store| {
        orgs::save_contact(store, id, &input, role.as_ref(), now(), workstation())
    })
    .await
}

#[tauri::command]
pub async fn end_contact_role(
    state: State<'_, AppState>,
    role_id: i64,
    ended_on: NaiveDate,
) -> Result<(), CommandError> {
    with_store(&state, move |store| {
        orgs::end_role(store, role_id, ended_on, now(), workstation())
    })
    .await
}

#[tauri::command]
pub async fn find_contacts(
    state: State<'_, AppState>,
    text: String,
) -> Result<Vec<Contact>, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| orgs::find_contacts_in(sql, &text, 20))
    })
    .await
}

#[tauri::command]
pub async fn add_contact_role(
    state: State<'_, AppState>,
    contact_id: i64,
    role: RoleInput,
) -> Result<Contact, CommandError> {
    with_store(&state, move |store| {
        orgs::add_role(store, contact_id, &role, now(), workstation())
    })
    .await
}

#[tauri::command]
pub async fn update_contact_role(
    state: State<'_, AppState>,
    role_id: i64,
    role: String,
    started_on: Option<NaiveDate>,
    ended_on: Option<NaiveDate>,
    version: Option<i64>,
) -> Result<Contact, CommandError> {
    with_store(&state, move |store| {
        orgs::update_role(
            store,
            role_id,
            &orgs::RoleEdit {
                role,
                started_on,
                ended_on,
                version,
            },
            now(),
            workstation(),
        )
    })
    .await
}

#[tauri::command]
pub async fn list_projects(
    state: State<'_, AppState>,
    filter: ProjectFilter,
) -> Result<Vec<Project>, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| orgs::projects_in(sql, &filter))
    })
    .await
}

#[tauri::command]
pub async fn get_project(state: State<'_, AppState>, id: i64) -> Result<Project, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| orgs::project_in(sql, id))
    })
    .await
}

#[tauri::command]
pub async fn save_project(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: ProjectInput,
) -> Result<Project, CommandError> {
    with_store(&state, move |store| match id {
        Some(id) => orgs::update_project(store, id, &input, now(), workstation()),
        None => orgs::create_project(store, &input, now()),
    })
    .await
}

/// The Arbeitskreis screen: the chosen working group, else the first.
#[tauri::command]
pub async fn get_working_group(
    state: State<'_, AppState>,
    id: Option<i64>,
) -> Result<orgs::WorkingGroupPage, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| orgs::working_group_page_in(sql, id, today()))
    })
    .await
}

#[tauri::command]
pub async fn create_working_group(
    state: State<'_, AppState>,
    name: String,
    description: String,
) -> Result<i64, CommandError> {
    with_store(&state, move |store| {
        orgs::create_working_group(store, &name, &description, now())
    })
    .await
}

#[tauri::command]
pub async fn join_working_group(
    state: State<'_, AppState>,
    group_id: i64,
    organisation_id: i64,
    joined_on: Option<NaiveDate>,
) -> Result<(), CommandError> {
    let joined_on = joined_on.unwrap_or_else(today);
    with_store(&state, move |store| {
        orgs::join(store, group_id, organisation_id, joined_on)
    })
    .await
}

#[tauri::command]
pub async fn leave_working_group(
    state: State<'_, AppState>,
    group_id: i64,
    organisation_id: i64,
    left_on: Option<NaiveDate>,
) -> Result<(), CommandError> {
    let left_on = left_on.unwrap_or_else(today);
    with_store(&state, move |store| {
        orgs::leave(store, group_id, organisation_id, left_on)
    })
    .await
}

#[tauri::command]
pub async fn get_meeting(state: State<'_, AppState>, id: i64) -> Result<Meeting, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| orgs::meeting_in(sql, id))
    })
    .await
}

#[tauri::command]
pub async fn save_meeting(
    state: State<'_, AppState>,
    group_id: i64,
    id: Option<i64>,
    input: MeetingInput,
) -> Result<Meeting, CommandError> {
    with_store(&state, move |store| {
        let id = orgs::save_meeting(store, group_id, id, &input, now(), workstation())?;
        store.read_sql(|sql| orgs::meeting_in(sql, id))
    })
    .await
}

#[tauri::command]
pub async fn add_decision(
    state: State<'_, AppState>,
    meeting_id: i64,
    text: String,
) -> Result<Meeting, CommandError> {
    with_store(&state, move |store| {
        orgs::add_decision(store, meeting_id, &text)?;
        store.read_sql(|sql| orgs::meeting_in(sql, meeting_id))
    })
    .await
}

#[tauri::command]
pub async fn add_action(
    state: State<'_, AppState>,
    meeting_id: i64,
    text: String,
    owner: String,
    due_on: Option<NaiveDate>,
) -> Result<Meeting, CommandError> {
    with_store(&state, move |store| {
        orgs::add_action(store, meeting_id, &text, &owner, due_on)?;
        store.read_sql(|sql| orgs::meeting_in(sql, meeting_id))
    })
    .await
}

#[tauri::command]
pub async fn set_action_done(
    state: State<'_, AppState>,
    action_id: i64,
    done: bool,
) -> Result<(), CommandError> {
    with_store(&state, move |store| {
        orgs::set_action_done(store, action_id, done.then(today))
    })
    .await
}

#[tauri::command]
pub async fn print_meeting(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    meeting_id: i64,
    document: MeetingDocument,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let request = DocumentRequest::Meeting {
        meeting_id,
        document,
    };
    print(&app, &state, request, delivery).await
}

#[tauri::command]
pub async fn export_directory(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    query: DirectoryQuery,
    format: ExportFormat,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let request = DocumentRequest::Directory { query, format };
    print(&app, &state, request, delivery).await
}

/// The mailing list of a filter: the BCC line, and the file when asked for.
#[derive(Debug, Serialize)]
pub struct MailingExport {
    pub bcc: String,
    pub addresses: usize,
    pub contacts: usize,
    pub without_email: usize,
    pub delivered: Option<Delivered>,
}

#[tauri::command]
pub async fn mailing_list(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    query: DirectoryQuery,
    format: Option<ExportFormat>,
    delivery: Delivery,
) -> Result<MailingExport, CommandError> {
    let (list, file) = with_store(&state, move |store| {
        store.read_sql(|sql| documents::mailing_list(sql, &query, format, &print_context()))
    })
    .await?;
    let delivered = match file {
        Some(file) => Some(deliver(&app, state.data_dir(), file, delivery).await?),
        None => None,
    };
    Ok(MailingExport {
        bcc: list.bcc,
        addresses: list.recipients.len(),
        contacts: list.contacts.len(),
        without_email: list.without_email,
        delivered,
    })
}

#[tauri::command]
pub async fn saved_filters(
    state: State<'_, AppState>,
) -> Result<Vec<orgs::SavedFilter>, CommandError> {
    with_store(&state, |store| store.read_sql(orgs::saved_filters_in)).await
}

#[tauri::command]
pub async fn save_directory_filter(
    state: State<'_, AppState>,
    name: String,
    query: DirectoryQuery,
    replace: bool,
) -> Result<Vec<orgs::SavedFilter>, CommandError> {
    with_store(&state, move |store| {
        orgs::save_filter(store, &name, &query, replace)
    })
    .await
}

#[tauri::command]
pub async fn delete_directory_filter(
    state: State<'_, AppState>,
    name: String,
) -> Result<Vec<orgs::SavedFilter>, CommandError> {
    with_store(&state, move |store| orgs::delete_filter(store, &name)).await
}

#[tauri::command]
pub async fn set_attendees(
    state: State<'_, AppState>,
    meeting_id: i64,
    people: Vec<orgs::AttendeeInput>,
    version: Option<i64>,
) -> Result<Meeting, CommandError> {
    with_store(&state, move |store| {
        orgs::set_attendees(store, meeting_id, &people, now(), version, workstation())?;
        store.read_sql(|sql| orgs::meeting_in(sql, meeting_id))
    })
    .await
}

#[tauri::command]
pub async fn attendance_year(
    state: State<'_, AppState>,
    group_id: i64,
    year: Option<i32>,
) -> Result<orgs::AttendanceYear, CommandError> {
    let today = today();
    let year = year.unwrap_or_else(|| chrono::Datelike::year(&today));
    with_store(&state, move |store| {
        store.read_sql(|sql| orgs::attendance_year_in(sql, group_id, year, today))
    })
    .await
}
