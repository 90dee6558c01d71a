//! The directory of organisations on both engines: the list with its
//! search, filters, sorts and pages, and what staff do on an
//! organisation's page (its details with the version check, member
//! counts, the timeline, offerings, contacts with roles, projects, new
//! kinds, archiving and deleting). Written once above `kiz::db::engine`,
//! run on the demo data in the file and on a server database the same
//! file was moved onto: every answer must be the same, and afterwards
//! everything both hold (the full export).

mod common;
mod test_cluster;

use chrono::NaiveDate;
use common::{now, sheets, test_db, Sheets};
use kiz::db::engine::{value, Engine};
use kiz::documents::{self, DocumentRequest, ExportFormat, MeetingDocument};
use kiz::export;
use kiz::organisations::{
    self as orgs, AttendanceStatus, AttendeeInput, ContactInput, CooperationStatus, DirectoryQuery,
    MeetingInput, MemberCount, NoteKind, OfferingInput, OrganisationInput, ProjectFilter,
    ProjectInput, ProjectStatus, RoleInput,
};
use kiz::{Db, Error};
use test_cluster::cluster;

fn demo() -> Db {
    let mut db = test_db();
    kiz::demo::load(&mut db, now()).expect("the demo loads");
    db
}

fn everything(store: &mut impl Engine) -> Sheets {
    let bytes = store
        .read_sql(export::workbook_in)
        .expect("the full export");
    sheets(&bytes)
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn id_of(store: &mut impl Engine, text: &str) -> i64 {
    store
        .read_sql(|sql| value(sql, text, &[]))
        .expect("read")
        .unwrap_or_else(|| panic!("the demo has a row for {text}"))
}

fn query(text: &str) -> DirectoryQuery {
    DirectoryQuery {
        text: text.into(),
        limit: 50,
        ..DirectoryQuery::default()
    }
}

/// The list as staff search and sort it: each answer as the names in
/// order, with the total and the sort.
fn searches(store: &mut impl Engine) -> Vec<String> {
    let kurdish = id_of(
        store,
        "SELECT id FROM offering_kind WHERE code = 'sprachunterricht'",
    );
    let verein = id_of(
        store,
        "SELECT id FROM organisation_kind WHERE code = 'verein'",
    );
    let mut asked: Vec<(DirectoryQuery, Option<&str>)> = vec![
        (query(""), None),
        (query("kurd"), None),
        // A municipality, a language by its German name, a contact's name
        // typed without its diacritics, an offering's word, Turkish
        // letters typed plainly.
        (query("troisdorf"), None),
        (query("arabisch"), None),
        (query("rezan"), None),
        (query("Hêvî"), None),
        (query("nachhilfe deutsch"), None),
        (query("turk"), None),
        (query("ku"), None),
        (query("zz-nichts"), None),
        (
            DirectoryQuery {
                municipality: Some("Siegburg".into()),
                ..query("")
            },
            None,
        ),
        (
            DirectoryQuery {
                language: Some("ar".into()),
                ..query("")
            },
            None,
        ),
        (
            DirectoryQuery {
                offering_kind_id: Some(kurdish),
                ..query("")
            },
            None,
        ),
        (
            DirectoryQuery {
                kind_id: Some(verein),
                status: Some(CooperationStatus::Aktiv),
                ..query("")
            },
            None,
        ),
        (
            DirectoryQuery {
                include_archived: true,
                ..query("")
            },
            None,
        ),
    ];
    for sort in [
        "name:desc",
        "kind:asc",
        "kind:desc",
        "municipality:asc",
        "municipality:desc",
        "status:asc",
        "status:desc",
    ] {
        asked.push((query(""), Some(sort)));
    }
    // Pages that together hold the list once.
    for offset in [0, 4, 8, 12, 16] {
        asked.push((
            DirectoryQuery {
                limit: 4,
                offset,
                ..query("")
            },
            Some("municipality:asc"),
        ));
    }
    asked
        .into_iter()
        .map(|(q, sort)| {
            let page = store
                .read_sql(|sql| orgs::organisation_list_in(sql, &q, sort))
                .expect("the list");
            format!(
                "{:?} {sort:?} → {} {} {:?}",
                q.text,
                page.total,
                page.sort,
                page.rows
                    .iter()
                    .map(|r| format!(
                        "{} [{}] {:?} {:?} {}",
                        r.name, r.kind, r.languages, r.offerings, r.archived
                    ))
                    .collect::<Vec<_>>()
            )
        })
        .collect()
}

fn new_organisation() -> OrganisationInput {
    OrganisationInput {
        name: "Eritreische Gemeinde Bornheim".into(),
        short_name: "EGB".into(),
        languages: vec!["ti".into(), "ar".into(), "de".into()],
        municipality: "Bornheim".into(),
        postal_code: "53332".into(),
        city: "Bornheim".into(),
        email: "info@egb.example".into(),
        status: CooperationStatus::Kontakt,
        notes: "Treffen im Gemeindesaal".into(),
        ..OrganisationInput::default()
    }
}

/// What staff do on organisations' pages, on either engine. Returns what
/// each step answered.
#[allow(clippy::too_many_lines)]
fn the_office_keeps_the_directory(store: &mut impl Engine) -> Vec<String> {
    let mut told = Vec::new();

    // Refused entries store nothing.
    let empty = orgs::create_organisation(store, &OrganisationInput::default(), now());
    assert!(
        matches!(empty, Err(Error::Required { field: "name" })),
        "{empty:?}"
    );
    let nowhere = orgs::create_organisation(
        store,
        &OrganisationInput {
            municipality: "Köln".into(),
            ..new_organisation()
        },
        now(),
    );
    assert!(
        matches!(nowhere, Err(Error::UnknownMunicipality)),
        "{nowhere:?}"
    );
    let unknown_kind = orgs::create_organisation(
        store,
        &OrganisationInput {
            kind_id: Some(999),
            ..new_organisation()
        },
        now(),
    );
    assert!(matches!(unknown_kind, Err(Error::UnknownOrganisationKind)));

    // A new kind of organisation, once.
    let kind = orgs::add_organisation_kind(store, "Kirchengemeinde").expect("a new kind");
    let again = orgs::add_organisation_kind(store, " kirchengemeinde ");
    assert!(matches!(again, Err(Error::ListEntryExists)), "{again:?}");
    let offering_kind = orgs::add_offering_kind(store, "Näh-Café").expect("a kind of offering");
    told.push(format!("{kind:?} {offering_kind:?}"));

    // Entered, then saved on two PCs from the same version.
    let created = orgs::create_organisation(
        store,
        &OrganisationInput {
            kind_id: Some(kind.id),
            ..new_organisation()
        },
        now(),
    )
    .expect("entered");
    let id = created.id;
    let form = OrganisationInput {
        kind_id: Some(kind.id),
        version: Some(created.saved.version),
        ..new_organisation()
    };
    let saved = orgs::update_organisation(
        store,
        id,
        &OrganisationInput {
            status: CooperationStatus::Aktiv,
            ..form.clone()
        },
        now(),
        "BUERO-1",
    )
    .expect("saved");
    assert_eq!(saved.status, CooperationStatus::Aktiv);
    let late = orgs::update_organisation(
        store,
        id,
        &OrganisationInput {
            phone: "02241 12345".into(),
            ..form
        },
        now(),
        "BUERO-2",
    );
    match late {
        Err(Error::ChangedMeanwhile { by, .. }) => assert_eq!(by, "BUERO-1"),
        other => panic!("the second save from the same version is refused: {other:?}"),
    }
    let read = store
        .read_sql(|sql| orgs::organisation_in(sql, id))
        .expect("read");
    assert_eq!(read.phone, "", "the refused save stored nothing");
    assert_eq!(read.status, CooperationStatus::Aktiv);
    told.push(format!(
        "{:?}",
        (read.name, read.languages, read.saved.version, read.saved.by)
    ));

    // Member counts: negative refused, the same day replaces.
    let negative = orgs::add_member_count(
        store,
        id,
        &MemberCount {
            stated_on: day(2),
            members: -1,
        },
    );
    assert!(matches!(negative, Err(Error::NegativeMemberCount)));
    orgs::add_member_count(
        store,
        id,
        &MemberCount {
            stated_on: day(2),
            members: 40,
        },
    )
    .expect("counted");
    let counts = orgs::add_member_count(
        store,
        id,
        &MemberCount {
            stated_on: day(2),
            members: 42,
        },
    )
    .expect("corrected");
    assert_eq!(counts.len(), 1);
    assert_eq!(counts[0].members, 42);

    // The timeline.
    let blank = orgs::add_timeline_note(store, id, day(3), NoteKind::Anruf, "  ", now());
    assert!(matches!(blank, Err(Error::Required { field: "note" })));
    let note = orgs::add_timeline_note(
        store,
        id,
        day(3),
        NoteKind::Anruf,
        "Vorstand erreicht",
        now(),
    )
    .expect("noted");
    let corrected = orgs::correct_timeline_note(
        store,
        note.id,
        "Vorstand am Telefon erreicht",
        now(),
        Some(note.saved.version),
        "BUERO-1",
    )
    .expect("corrected");
    assert_eq!(corrected.changed_on, Some(now().date()));
    assert_eq!(
        (corrected.saved.version, corrected.saved.by.as_str()),
        (note.saved.version + 1, "BUERO-1")
    );
    // The same note corrected on another PC from the page read before:
    // refused naming the first PC, the first correction stays.
    match orgs::correct_timeline_note(
        store,
        note.id,
        "Vorsitzende am Telefon erreicht",
        now(),
        Some(note.saved.version),
        "BUERO-2",
    ) {
        Err(Error::ChangedMeanwhile { by, what, at }) => assert_eq!(
            (by.as_str(), what, at),
            ("BUERO-1", kiz::Record::TimelineNote, now())
        ),
        other => panic!("a note corrected meanwhile is not overwritten: {other:?}"),
    }
    // Also when it would write the same text: that page did not show it.
    assert!(matches!(
        orgs::correct_timeline_note(
            store,
            note.id,
            "Vorstand am Telefon erreicht",
            now(),
            Some(note.saved.version),
            "BUERO-2",
        ),
        Err(Error::ChangedMeanwhile { .. })
    ));
    let timeline = store
        .read_sql(|sql| orgs::organisation_in(sql, id))
        .expect("the organisation")
        .timeline;
    let stored = timeline.iter().find(|n| n.id == note.id).expect("the note");
    assert_eq!(stored, &corrected, "the refused corrections stored nothing");
    let missing = orgs::correct_timeline_note(store, 999_999, "x", now(), None, "");
    assert!(matches!(missing, Err(Error::NotFound { .. })));
    told.push(format!("{:?}", (note.kind, corrected.text)));

    // Offerings: unknown kind refused, added, changed, another's refused,
    // deleted.
    let bad = orgs::save_offering(
        store,
        id,
        None,
        &OfferingInput {
            kind_id: 999,
            ..OfferingInput::default()
        },
        now(),
        "BUERO-1",
    );
    assert!(matches!(bad, Err(Error::UnknownOfferingKind)));
    let offerings = orgs::save_offering(
        store,
        id,
        None,
        &OfferingInput {
            kind_id: offering_kind.id,
            title: "Nähen und Deutsch sprechen".into(),
            target_group: "Frauen".into(),
            languages: vec!["ti".into(), "de".into()],
            schedule: "mittwochs 10–12 Uhr".into(),
            place: "Gemeindesaal Roisdorf".into(),
            active: true,
            version: None,
        },
        now(),
        "BUERO-1",
    )
    .expect("offered");
    let offering = offerings[0].id;
    let form = OfferingInput {
        kind_id: offering_kind.id,
        title: "Nähen und Deutsch sprechen".into(),
        target_group: "Frauen und Mädchen".into(),
        languages: vec!["ti".into(), "de".into()],
        schedule: "mittwochs 10–12 Uhr".into(),
        place: "Gemeindesaal Roisdorf".into(),
        active: true,
        version: Some(offerings[0].saved.version),
    };
    let offerings =
        orgs::save_offering(store, id, Some(offering), &form, now(), "BUERO-1").expect("changed");
    assert_eq!(offerings[0].saved.by, "BUERO-1");
    // The same form saved on a second PC is refused and stores nothing.
    let late = orgs::save_offering(
        store,
        id,
        Some(offering),
        &OfferingInput {
            schedule: "donnerstags".into(),
            ..form.clone()
        },
        now(),
        "BUERO-2",
    );
    match late {
        Err(Error::ChangedMeanwhile { by, .. }) => assert_eq!(by, "BUERO-1"),
        other => panic!("the offering saved meanwhile is not overwritten: {other:?}"),
    }
    let stored = store
        .read_sql(|sql| orgs::organisation_in(sql, id))
        .expect("read")
        .offerings;
    assert_eq!(
        stored[0].schedule, "mittwochs 10–12 Uhr",
        "the refused save stored nothing"
    );
    told.push(format!("{offerings:?}"));
    let other = id_of(
        store,
        "SELECT id FROM organisation WHERE name = 'Kurdische Gemeinschaft Rhein-Sieg/Bonn'",
    );
    let foreign = orgs::save_offering(
        store,
        other,
        Some(offering),
        &OfferingInput {
            kind_id: offering_kind.id,
            ..OfferingInput::default()
        },
        now(),
        "BUERO-1",
    );
    assert!(
        matches!(foreign, Err(Error::NotFound { .. })),
        "{foreign:?}"
    );
    let second = orgs::save_offering(
        store,
        id,
        None,
        &OfferingInput {
            kind_id: offering_kind.id,
            title: "Kinderbetreuung".into(),
            active: false,
            ..OfferingInput::default()
        },
        now(),
        "BUERO-1",
    )
    .expect("a second offering");
    let gone = second
        .iter()
        .find(|o| o.title == "Kinderbetreuung")
        .unwrap()
        .id;
    orgs::delete_offering(store, gone).expect("deleted");
    assert!(matches!(
        orgs::delete_offering(store, gone),
        Err(Error::NotFound { .. })
    ));

    // Contacts: a role ending before it starts refuses the contact too.
    let person = ContactInput {
        name: "Senait Tesfay".into(),
        email: "senait@egb.example".into(),
        languages: vec!["ti".into(), "de".into()],
        ..ContactInput::default()
    };
    let reversed = orgs::save_contact(
        store,
        None,
        &person,
        Some(&RoleInput {
            organisation_id: id,
            role: "Vorsitz".into(),
            started_on: Some(day(10)),
            ended_on: Some(day(1)),
        }),
        now(),
        "BUERO-1",
    );
    assert!(matches!(reversed, Err(Error::DateRangeReversed { .. })));
    let nowhere = orgs::save_contact(
        store,
        None,
        &person,
        Some(&RoleInput {
            organisation_id: 999_999,
            role: "Vorsitz".into(),
            ..RoleInput::default()
        }),
        now(),
        "BUERO-1",
    );
    assert!(
        matches!(nowhere, Err(Error::NotFound { .. })),
        "{nowhere:?}"
    );
    let found = store
        .read_sql(|sql| orgs::find_contacts_in(sql, "senait", 20))
        .expect("found");
    assert!(found.is_empty(), "the refused contact was not stored");
    let senait = orgs::save_contact(
        store,
        None,
        &person,
        Some(&RoleInput {
            organisation_id: id,
            role: "Vorsitz".into(),
            started_on: Some(day(1)),
            ended_on: None,
        }),
        now(),
        "BUERO-1",
    )
    .expect("a contact");
    let senait = orgs::add_role(
        store,
        senait.id,
        &RoleInput {
            organisation_id: other,
            role: "Sprachmittlung".into(),
            ..RoleInput::default()
        },
        saved_at(),
        "",
    )
    .expect("a second role");
    let role = senait
        .roles
        .iter()
        .find(|r| r.organisation_id == id)
        .unwrap()
        .id;
    let before = senait.saved.version;
    let senait = orgs::update_role(
        store,
        role,
        &orgs::RoleEdit {
            role: "Vorsitzende".into(),
            started_on: Some(day(1)),
            ended_on: None,
            version: Some(before),
        },
        saved_at(),
        "BUERO-2",
    )
    .expect("corrected role");
    assert_eq!(senait.saved.version, before + 1);
    // The role corrected again from the page read before: refused naming
    // the PC that corrected it (a role is part of the contact's record).
    match orgs::update_role(
        store,
        role,
        &orgs::RoleEdit {
            role: "Kassiererin".into(),
            started_on: Some(day(1)),
            ended_on: None,
            version: Some(before),
        },
        saved_at(),
        "BUERO-1",
    ) {
        Err(Error::ChangedMeanwhile { by, what, at }) => assert_eq!(
            (by.as_str(), what, at),
            ("BUERO-2", kiz::Record::Contact, saved_at())
        ),
        other => panic!("a role corrected meanwhile is not overwritten: {other:?}"),
    }
    let stored = store
        .read_sql(|sql| orgs::contact_in(sql, senait.id))
        .expect("the contact");
    assert_eq!(stored, senait, "the refused correction stored nothing");
    assert!(
        stored
            .roles
            .iter()
            .any(|r| r.id == role && r.role == "Vorsitzende"),
        "{stored:?}"
    );
    assert!(matches!(
        orgs::end_role(
            store,
            role,
            NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            saved_at(),
            ""
        ),
        Err(Error::DateRangeReversed { .. })
    ));
    let other_role = senait
        .roles
        .iter()
        .find(|r| r.organisation_id == other)
        .unwrap()
        .id;
    orgs::end_role(store, other_role, day(20), saved_at(), "THEKE-1").expect("ended");
    // Ending a role raises the contact's version: a form of her read
    // before learns of it when it saves.
    let ended = store
        .read_sql(|sql| orgs::contact_in(sql, senait.id))
        .expect("the contact");
    assert_eq!(
        (ended.saved.version, ended.saved.by.as_str()),
        (senait.saved.version + 1, "THEKE-1")
    );
    let senait = ended;
    let changed = orgs::update_contact(
        store,
        senait.id,
        &ContactInput {
            phone: "0176 1234567".into(),
            version: Some(senait.saved.version),
            ..person.clone()
        },
        now(),
        "BUERO-1",
    )
    .expect("changed");
    let late = orgs::update_contact(
        store,
        senait.id,
        &ContactInput {
            note: "spricht Tigrinya".into(),
            version: Some(senait.saved.version),
            ..person.clone()
        },
        now(),
        "BUERO-2",
    );
    match late {
        Err(Error::ChangedMeanwhile { by, .. }) => assert_eq!(by, "BUERO-1"),
        other => panic!("the contact saved meanwhile is not overwritten: {other:?}"),
    }
    assert_eq!(
        store
            .read_sql(|sql| orgs::contact_in(sql, senait.id))
            .expect("read")
            .note,
        "",
        "the refused save stored nothing"
    );
    told.push(format!("{changed:?}"));
    told.push(format!(
        "{:?}",
        store
            .read_sql(|sql| orgs::find_contacts_in(sql, "e", 20))
            .expect("found")
    ));
    told.push(format!(
        "{:?}",
        store
            .read_sql(|sql| orgs::contacts_of_in(sql, other))
            .expect("contacts")
    ));

    // A project with two partners.
    let project = orgs::create_project(
        store,
        &ProjectInput {
            title: "Nähcafé International".into(),
            starts_on: Some(day(1)),
            ends_on: Some(NaiveDate::from_ymd_opt(2027, 6, 30).unwrap()),
            status: ProjectStatus::Laufend,
            funding_cents: Some(250_000),
            partners: vec![
                orgs::Partner {
                    organisation_id: id,
                    role: "Gastgeber".into(),
                    ..orgs::Partner::default()
                },
                orgs::Partner {
                    organisation_id: other,
                    role: "Sprachmittlung".into(),
                    ..orgs::Partner::default()
                },
            ],
            ..ProjectInput::default()
        },
        now(),
    )
    .expect("a project");
    let renamed = orgs::update_project(
        store,
        project.id,
        &ProjectInput {
            title: "Nähcafé International 2027".into(),
            starts_on: project.starts_on,
            ends_on: project.ends_on,
            status: project.status,
            funding_cents: project.funding_cents,
            partners: project.partners.clone(),
            version: Some(project.saved.version),
            ..ProjectInput::default()
        },
        now(),
        "BUERO-1",
    )
    .expect("renamed");
    assert_eq!(renamed.saved.by, "BUERO-1");
    let late = orgs::update_project(
        store,
        project.id,
        &ProjectInput {
            title: "Nähcafé".into(),
            version: Some(project.saved.version),
            ..ProjectInput::default()
        },
        now(),
        "BUERO-2",
    );
    match late {
        Err(Error::ChangedMeanwhile { by, .. }) => assert_eq!(by, "BUERO-1"),
        other => panic!("the project saved meanwhile is not overwritten: {other:?}"),
    }
    assert_eq!(
        store
            .read_sql(|sql| orgs::project_in(sql, project.id))
            .expect("read")
            .title,
        "Nähcafé International 2027",
        "the refused save stored nothing"
    );
    let reversed = orgs::update_project(
        store,
        project.id,
        &ProjectInput {
            title: "Nähcafé International".into(),
            starts_on: Some(day(10)),
            ends_on: Some(day(1)),
            ..ProjectInput::default()
        },
        now(),
        "BUERO-1",
    );
    assert!(matches!(reversed, Err(Error::DateRangeReversed { .. })));
    for filter in [
        ProjectFilter::default(),
        ProjectFilter {
            organisation_id: Some(id),
            ..ProjectFilter::default()
        },
        ProjectFilter {
            status: Some(ProjectStatus::Laufend),
            year: Some(2027),
            ..ProjectFilter::default()
        },
    ] {
        told.push(format!(
            "{:?}",
            store
                .read_sql(|sql| orgs::projects_in(sql, &filter))
                .expect("projects")
        ));
    }

    // Found by its offering, its contact, its language, its place.
    for text in ["nah", "senait", "tigrinya", "roisdorf", "egb"] {
        let page = store
            .read_sql(|sql| orgs::organisation_list_in(sql, &query(text), None))
            .expect("the list");
        assert!(
            page.rows.iter().any(|r| r.id == id),
            "{text} finds the new organisation"
        );
    }

    // In use: not deleted, archived instead; out of the list, back in.
    let in_use = orgs::delete_organisation(store, id);
    assert!(
        matches!(in_use, Err(Error::OrganisationInUse)),
        "{in_use:?}"
    );
    orgs::set_archived(store, id, true, day(25)).expect("archived");
    let page = store
        .read_sql(|sql| orgs::organisation_list_in(sql, &query("eritreische"), None))
        .expect("the list");
    assert!(
        page.rows.iter().all(|r| r.id != id),
        "an archived organisation leaves the list"
    );
    told.push(format!(
        "{:?}",
        store
            .read_sql(|sql| orgs::organisation_in(sql, id))
            .expect("read")
    ));

    // A mistaken entry is deleted, and no search finds it.
    let mistaken = orgs::create_organisation(
        store,
        &OrganisationInput {
            name: "Testeintrag Zzyzx".into(),
            ..OrganisationInput::default()
        },
        now(),
    )
    .expect("entered");
    orgs::delete_organisation(store, mistaken.id).expect("deleted");
    let page = store
        .read_sql(|sql| orgs::organisation_list_in(sql, &query("zzyzx"), None))
        .expect("the list");
    assert_eq!(page.total, 0);
    assert!(matches!(
        orgs::delete_organisation(store, mistaken.id),
        Err(Error::NotFound { .. })
    ));

    // Filters kept under a name (shared by every PC), the mailing list of
    // a filter and the directory's CSV export.
    let blank = orgs::save_filter(store, "  ", &query("frauen"), false);
    assert!(matches!(blank, Err(Error::Required { .. })));
    orgs::save_filter(store, "Frauen", &query("frauen"), false).expect("kept");
    // Another PC saving under the same name does not overwrite it unasked.
    let taken = orgs::save_filter(store, "FRAUEN", &query("troisdorf"), false);
    assert!(
        matches!(&taken, Err(Error::FilterNameTaken { name }) if name == "Frauen"),
        "{taken:?}"
    );
    let kept = store.read_sql(orgs::saved_filters_in).expect("the filters");
    assert_eq!(kept[0].query.text, "frauen", "nothing replaced");
    let replaced = orgs::save_filter(store, "FRAUEN", &query("frauen"), true).expect("replaced");
    assert_eq!(
        replaced.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["FRAUEN"]
    );
    let filters = orgs::save_filter(
        store,
        "Troisdorf",
        &DirectoryQuery {
            municipality: Some("Troisdorf".into()),
            ..query("")
        },
        false,
    )
    .expect("kept");
    assert_eq!(filters.len(), 2);
    let filters = orgs::delete_filter(store, "FRAUEN").expect("removed");
    assert_eq!(filters.len(), 1);
    told.push(format!("{filters:?}"));
    let list = store
        .read_sql(|sql| orgs::mailing_list_in(sql, &query(""), day(25)))
        .expect("the mailing list");
    assert!(
        !list.recipients.is_empty(),
        "the demo's contacts with e-mail"
    );
    assert!(
        !list.bcc.contains("senait@egb.example"),
        "her role elsewhere ended, her organisation is archived: {}",
        list.bcc
    );
    told.push(format!(
        "{} {:?} {}",
        list.bcc, list.recipients, list.without_email
    ));
    let context = common::printing_at(common::at_ten(2026, 11, 25));
    let csv = store
        .read_sql(|sql| {
            documents::render_in(
                sql,
                &DocumentRequest::Directory {
                    query: DirectoryQuery {
                        include_archived: true,
                        ..query("")
                    },
                    format: ExportFormat::Csv,
                },
                &context,
            )
        })
        .expect("the directory as CSV");
    let text = String::from_utf8(csv.bytes).expect("UTF-8");
    assert!(text.contains("Eritreische Gemeinde Bornheim"), "{text}");
    told.push(text);

    told.extend(searches(store));
    told
}

/// The Arbeitskreis on either engine: groups, members joining and
/// leaving, meetings with attendance person by person and per
/// organisation, decisions and actions, the invitation and the year's
/// attendance. Returns what each step answered.
#[allow(clippy::too_many_lines)]
fn the_arbeitskreis_meets(store: &mut impl Engine) -> Vec<String> {
    let mut told = Vec::new();
    let today = day(12);
    let page = store
        .read_sql(|sql| orgs::working_group_page_in(sql, None, today))
        .expect("the Arbeitskreis");
    let group = page.group.clone().expect("the demo's working group");
    told.push(format!("{page:?}"));

    let blank = orgs::create_working_group(store, " ", "", now());
    assert!(matches!(blank, Err(Error::Required { field: "name" })));
    let taken = orgs::create_working_group(store, &group.name.to_uppercase(), "", now());
    assert!(matches!(taken, Err(Error::ListEntryExists)), "{taken:?}");
    let youth = orgs::create_working_group(store, "AK Jugend", "Jugendarbeit der Vereine", now())
        .expect("a second group");
    // A name that differs only in the case of a letter beyond ASCII is
    // taken on both engines alike (SQLite's lower() would not fold "Ç").
    let tea = orgs::create_working_group(store, "Çay-Runde Öffentlichkeit", "", now())
        .expect("a third group");
    let again = orgs::create_working_group(store, "çay-runde öffentlichkeit", "", now());
    assert!(matches!(again, Err(Error::ListEntryExists)), "{again:?}");
    told.push(format!("{tea:?} {again:?}"));

    let kurds = id_of(
        store,
        "SELECT id FROM organisation WHERE name = 'Kurdische Gemeinschaft Rhein-Sieg/Bonn'",
    );
    let greeks = id_of(
        store,
        "SELECT id FROM organisation WHERE name = 'Griechische Gemeinde Bornheim'",
    );
    orgs::join(store, youth, kurds, day(1)).expect("joined");
    orgs::join(store, youth, greeks, day(1)).expect("joined");
    assert!(matches!(
        orgs::join(store, youth, kurds, day(2)),
        Err(Error::AlreadyMember)
    ));
    assert!(matches!(
        orgs::join(store, 999_999, kurds, day(2)),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        orgs::leave(
            store,
            youth,
            greeks,
            NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
        ),
        Err(Error::DateRangeReversed { .. })
    ));

    let no_time = orgs::save_meeting(
        store,
        youth,
        None,
        &MeetingInput::default(),
        now(),
        "BUERO-1",
    );
    assert!(matches!(
        no_time,
        Err(Error::Required { field: "starts_at" })
    ));
    let meeting = orgs::save_meeting(
        store,
        youth,
        None,
        &MeetingInput {
            starts_at: Some(common::at(day(5), 18, 0)),
            place: "Rathaus Siegburg".into(),
            agenda: "Begrüßung\nJugendfreizeit".into(),
            ..MeetingInput::default()
        },
        now(),
        "BUERO-1",
    )
    .expect("a meeting");
    orgs::save_meeting(
        store,
        youth,
        Some(meeting),
        &MeetingInput {
            starts_at: Some(common::at(day(5), 18, 30)),
            place: "Rathaus Siegburg, Raum 2".into(),
            agenda: "Begrüßung\nJugendfreizeit".into(),
            minutes: "Die Freizeit findet im Juli statt.".into(),
            version: None,
        },
        now(),
        "BUERO-1",
    )
    .expect("changed");
    // Two PCs have the minutes open from the same version: the first save
    // is stored, the second is refused naming the first PC, and stores
    // nothing.
    let read = store
        .read_sql(|sql| orgs::meeting_in(sql, meeting))
        .expect("the meeting");
    assert_eq!(read.saved.by, "BUERO-1");
    let minutes = |text: &str| MeetingInput {
        starts_at: Some(read.starts_at),
        place: read.place.clone(),
        agenda: read.agenda.clone(),
        minutes: text.into(),
        version: Some(read.saved.version),
    };
    orgs::save_meeting(
        store,
        youth,
        Some(meeting),
        &minutes("Die Freizeit findet im Juli statt, Anmeldung bis Mai."),
        now(),
        "BUERO-2",
    )
    .expect("the first save");
    let late = orgs::save_meeting(
        store,
        youth,
        Some(meeting),
        &minutes("Die Freizeit fällt aus."),
        now(),
        "BUERO-1",
    );
    match late {
        Err(Error::ChangedMeanwhile { by, what, at }) => {
            assert_eq!(
                (by.as_str(), what, at),
                ("BUERO-2", kiz::Record::Meeting, now())
            );
        }
        other => panic!("minutes saved meanwhile are not overwritten: {other:?}"),
    }
    // The same form sent for another group's meeting: not found, whatever
    // its version.
    let other_group =
        orgs::create_working_group(store, "AK Sport", "", now()).expect("another group");
    let elsewhere = orgs::save_meeting(
        store,
        other_group,
        Some(meeting),
        &minutes("Anderer Arbeitskreis"),
        now(),
        "BUERO-1",
    );
    assert!(
        matches!(
            elsewhere,
            Err(Error::NotFound {
                what: kiz::Record::Meeting
            })
        ),
        "{elsewhere:?}"
    );
    let stored = store
        .read_sql(|sql| orgs::meeting_in(sql, meeting))
        .expect("the meeting");
    assert_eq!(
        (stored.minutes.as_str(), stored.saved.version),
        (
            "Die Freizeit findet im Juli statt, Anmeldung bis Mai.",
            read.saved.version + 1
        ),
        "the refused save stored nothing"
    );
    assert!(matches!(
        orgs::save_meeting(
            store,
            youth,
            Some(999_999),
            &MeetingInput {
                starts_at: Some(common::at(day(5), 18, 30)),
                ..MeetingInput::default()
            },
            now(),
            "BUERO-1"
        ),
        Err(Error::NotFound { .. })
    ));
    // A later meeting the Greek community has left before.
    orgs::leave(store, youth, greeks, day(20)).expect("left");
    let later = orgs::save_meeting(
        store,
        youth,
        None,
        &MeetingInput {
            starts_at: Some(common::at(day(26), 18, 0)),
            place: "Troisdorf".into(),
            ..MeetingInput::default()
        },
        now(),
        "BUERO-1",
    )
    .expect("a later meeting");

    // Person by person: someone of the Kurdish community present, a
    // guest from elsewhere excused; a contact at the wrong organisation
    // is refused.
    let list = store
        .read_sql(|sql| orgs::attendees_in(sql, meeting))
        .expect("the list");
    let kurd = list
        .iter()
        .find(|a| a.organisation_id == kurds && a.contact_id.is_some())
        .expect("a contact of the Kurdish community")
        .clone();
    let guests = store
        .read_sql(|sql| orgs::guest_choices_in(sql, meeting))
        .expect("guests");
    let guest = guests.first().expect("contacts of non-members").clone();
    let wrong = orgs::set_attendees(
        store,
        meeting,
        &[AttendeeInput {
            contact_id: guest.contact_id,
            organisation_id: kurds,
            status: AttendanceStatus::Anwesend,
        }],
        saved_at(),
        None,
        "",
    );
    assert!(
        matches!(wrong, Err(Error::ContactNotAtOrganisation)),
        "{wrong:?}"
    );
    let shown = store
        .read_sql(|sql| orgs::meeting_in(sql, meeting))
        .expect("the meeting")
        .saved
        .version;
    let recorded = orgs::set_attendees(
        store,
        meeting,
        &[
            AttendeeInput {
                contact_id: kurd.contact_id.unwrap(),
                organisation_id: kurds,
                status: AttendanceStatus::Anwesend,
            },
            AttendeeInput {
                contact_id: guest.contact_id,
                organisation_id: guest.organisation_id,
                status: AttendanceStatus::Entschuldigt,
            },
        ],
        saved_at(),
        Some(shown),
        "THEKE-1",
    )
    .expect("recorded");
    told.push(format!("{recorded:?} {guests:?}"));
    // The list saved again from a page read before it: the second save
    // (which would untick everybody) is refused naming the first PC.
    match orgs::set_attendees(store, meeting, &[], saved_at(), Some(shown), "BUERO-1") {
        Err(Error::ChangedMeanwhile { by, what, at }) => assert_eq!(
            (by.as_str(), what, at),
            ("THEKE-1", kiz::Record::Meeting, saved_at())
        ),
        other => panic!("a list saved meanwhile is not replaced unseen: {other:?}"),
    }
    let kept = store
        .read_sql(|sql| orgs::meeting_in(sql, meeting))
        .expect("the meeting");
    assert_eq!(kept.people, recorded, "the refused list stored nothing");
    assert_eq!(kept.saved.version, shown + 1);
    // Per organisation, as older records were kept: three persons of the
    // Kurdish community, one of them by name.
    orgs::set_attendance(
        store,
        later,
        &[orgs::Attendance {
            organisation_id: kurds,
            present: true,
            contact_id: kurd.contact_id,
            persons: 3,
            ..orgs::Attendance::default()
        }],
    )
    .expect("recorded per organisation");
    orgs::add_decision(store, meeting, "Jugendfreizeit im Juli").expect("decided");
    assert!(matches!(
        orgs::add_decision(store, meeting, "  "),
        Err(Error::Required { .. })
    ));
    let action = orgs::add_action(
        store,
        meeting,
        "Jugendherberge anfragen",
        "EGB",
        Some(day(30)),
    )
    .expect("an action");
    orgs::set_action_done(store, action.id, Some(day(25))).expect("done");
    assert!(matches!(
        orgs::set_action_done(store, 999_999, None),
        Err(Error::NotFound { .. })
    ));
    for id in [meeting, later] {
        told.push(format!(
            "{:?}",
            store
                .read_sql(|sql| orgs::meeting_in(sql, id))
                .expect("the meeting")
        ));
        told.push(format!(
            "{:?}",
            store
                .read_sql(|sql| orgs::invitation_addressees_in(sql, id))
                .expect("invited")
        ));
    }
    let context = common::printing_at(common::at_ten(2026, 11, 25));
    for document in [MeetingDocument::Invitation, MeetingDocument::Minutes] {
        let printed = store
            .read_sql(|sql| {
                documents::render_in(
                    sql,
                    &DocumentRequest::Meeting {
                        meeting_id: meeting,
                        document,
                    },
                    &context,
                )
            })
            .expect("printed");
        assert!(printed.bytes.starts_with(b"%PDF"));
        told.push(printed.file_name);
    }
    for group in [youth, group.id] {
        told.push(format!(
            "{:?}",
            store
                .read_sql(|sql| orgs::working_group_in(sql, group, day(28)))
                .expect("the group")
        ));
        told.push(format!(
            "{:?}",
            store
                .read_sql(|sql| orgs::attendance_year_in(sql, group, 2026, day(28)))
                .expect("the year")
        ));
    }
    told
}

#[test]
fn the_directory_goes_its_way_on_the_file() {
    let mut file = demo();
    let found = searches(&mut file);
    assert!(
        found[1].contains("Kurdische Gemeinschaft"),
        "\"kurd\" finds the Kurdish community: {}",
        found[1]
    );
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("\"rezan\"") && f.contains("Kurdische")),
        "a contact's name typed without diacritics finds the organisation"
    );
    let told = the_office_keeps_the_directory(&mut file);
    assert!(!told.is_empty());
    let told = the_arbeitskreis_meets(&mut file);
    assert!(told.iter().any(|t| t.contains("Jugendherberge anfragen")));
}

/// The same from the same data on the server: every search and every
/// answer the same, and afterwards everything both hold.
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_directory_goes_the_same_on_the_server() {
    let mut file = demo();
    let (mut server, _) = cluster().moved(&file, "kiz_t_directory_engines");
    let on_file = searches(&mut file);
    let on_server = searches(&mut server);
    for (f, s) in on_file.iter().zip(&on_server) {
        assert_eq!(s, f, "the server finds and sorts as the file does");
    }
    assert_eq!(on_server.len(), on_file.len());

    let on_file = the_office_keeps_the_directory(&mut file);
    let on_server = the_office_keeps_the_directory(&mut server);
    for (f, s) in on_file.iter().zip(&on_server) {
        assert_eq!(s, f);
    }
    assert_eq!(on_server.len(), on_file.len());
    let on_file = the_arbeitskreis_meets(&mut file);
    let on_server = the_arbeitskreis_meets(&mut server);
    for (f, s) in on_file.iter().zip(&on_server) {
        assert_eq!(s, f, "the Arbeitskreis reads the same on the server");
    }
    assert_eq!(on_server.len(), on_file.len());
    assert_eq!(
        everything(&mut server),
        everything(&mut file),
        "both hold the same"
    );
}

/// The moment a list or a role is saved in these tests.
fn saved_at() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a valid moment")
}
