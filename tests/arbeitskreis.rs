//! Contacts, cooperation projects and the Arbeitskreis, with the
//! invitation, the minutes, the directory export and the mailing list.

mod common;
#[macro_use]
mod test_cluster;

use chrono::NaiveDateTime;
use common::{at, day, letters, now, poppler, setup};
use kiz::db::engine::Engine;
use kiz::documents::{directory, export};
use kiz::organisations::{
    self, Attendance, ContactInput, DirectoryQuery, MeetingInput, OrganisationInput, Partner,
    ProjectFilter, ProjectInput, ProjectStatus, RoleInput,
};
use kiz::people::{self, BorrowerInput, Consent};
use test_cluster::TestStore;

fn organisation(db: &mut impl Engine, name: &str, municipality: &str) -> i64 {
    organisations::create_organisation(
        db,
        &OrganisationInput {
            name: name.into(),
            municipality: municipality.into(),
            ..OrganisationInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn role(organisation_id: i64, role: &str) -> RoleInput {
    RoleInput {
        organisation_id,
        role: role.into(),
        started_on: Some(day(2024, 1, 1)),
        ended_on: None,
    }
}

fn a_contact_has_roles_at_several_organisations_and_is_found_by_name(db: &mut TestStore) {
    let kurds = organisation(db, "Kurdische Gemeinschaft Rhein-Sieg/Bonn", "Siegburg");
    let ak = organisation(db, "Kultur- und Bildungsverein Siegburg", "Siegburg");
    let c = organisations::create_contact(
        db,
        &ContactInput {
            name: "Rêzan Xelîl".into(),
            email: "rezan@example.org".into(),
            languages: vec!["ku".into(), "de".into()],
            consent: Some(Consent {
                given_on: day(2026, 1, 5),
                text_version: "2026-1".into(),
            }),
            ..ContactInput::default()
        },
        Some(&role(kurds, "Vorsitz")),
        now(),
    )
    .unwrap();
    let c = organisations::add_role(db, c.id, &role(ak, "Kursleitung"), saved_at(), "").unwrap();
    assert_eq!(c.roles.len(), 2, "one person, two organisations");
    assert!(c.reachable);
    let found = db
        .read(|s| {
            organisations::search_organisations_in(
                s,
                &DirectoryQuery {
                    text: "rezan".into(),
                    ..DirectoryQuery::default()
                },
            )
        })
        .unwrap();
    assert_eq!(
        found.total, 2,
        "both organisations are found by their contact"
    );
    let error =
        organisations::end_role(db, c.roles[0].id, day(2023, 1, 1), saved_at(), "").unwrap_err();
    assert_eq!(error.code(), "date_range_reversed");
}
on_both_engines!(a_contact_has_roles_at_several_organisations_and_is_found_by_name);

fn a_contact_and_a_new_role_are_saved_together_and_a_refused_role_changes_nothing(
    db: &mut TestStore,
) {
    let club = organisation(db, "Kultur- und Bildungsverein Siegburg", "Siegburg");
    let kurds = organisation(db, "Kurdische Gemeinschaft", "Siegburg");
    let before = organisations::save_contact(
        db,
        None,
        &ContactInput {
            name: "Rêzan Xelîl".into(),
            email: "rezan@example.org".into(),
            ..ContactInput::default()
        },
        Some(&role(club, "Vorsitz")),
        now(),
        "BUERO-1",
    )
    .unwrap();
    let changed = ContactInput {
        name: "Rêzan Xelîl-Aydın".into(),
        email: "rezan.xelil@example.org".into(),
        ..ContactInput::default()
    };

    // The role's organisation is gone: refused inside the transaction,
    // after the contact's row was written.
    let unknown = organisations::save_contact(
        db,
        Some(before.id),
        &changed,
        Some(&role(club + kurds + 100, "Kursleitung")),
        at(day(2026, 11, 13), 9, 0),
        "BUERO-1",
    )
    .unwrap_err();
    assert_eq!(unknown.code(), "not_found");
    assert_eq!(
        db.read(|s| organisations::contact_in(s, before.id))
            .unwrap(),
        before,
        "one transaction: the contact's new name and address are not kept without the role"
    );
    // A role that ends before it starts: refused before anything is written.
    let reversed = organisations::save_contact(
        db,
        Some(before.id),
        &changed,
        Some(&RoleInput {
            started_on: Some(day(2026, 5, 1)),
            ended_on: Some(day(2026, 1, 1)),
            ..role(kurds, "Kursleitung")
        }),
        at(day(2026, 11, 13), 9, 0),
        "BUERO-1",
    )
    .unwrap_err();
    assert_eq!(
        (reversed.code(), reversed.field()),
        ("date_range_reversed", Some("ended_on"))
    );
    assert_eq!(
        db.read(|s| organisations::contact_in(s, before.id))
            .unwrap(),
        before
    );

    let after = organisations::save_contact(
        db,
        Some(before.id),
        &changed,
        Some(&role(kurds, "Kursleitung")),
        at(day(2026, 11, 13), 9, 0),
        "BUERO-1",
    )
    .unwrap();
    assert_eq!(after.name, "Rêzan Xelîl-Aydın");
    let roles: Vec<&str> = after.roles.iter().map(|r| r.role.as_str()).collect();
    assert_eq!(roles.len(), 2, "the new role beside the first: {roles:?}");
    assert!(roles.contains(&"Vorsitz") && roles.contains(&"Kursleitung"));
}
on_both_engines!(a_contact_and_a_new_role_are_saved_together_and_a_refused_role_changes_nothing);

fn a_contact_without_a_way_to_reach_them_is_flagged_and_bad_contacts_are_refused(
    db: &mut TestStore,
) {
    let id = organisation(db, "Verein", "Siegburg");
    let silent = organisations::create_contact(
        db,
        &ContactInput {
            name: "Ohne Kontakt".into(),
            ..ContactInput::default()
        },
        Some(&role(id, "Kontaktperson")),
        now(),
    )
    .unwrap();
    assert!(!silent.reachable, "allowed, but flagged");
    let empty = organisations::create_contact(db, &ContactInput::default(), None, now());
    assert_eq!(empty.unwrap_err().code(), "required");
    let bad = organisations::create_contact(
        db,
        &ContactInput {
            name: "X".into(),
            email: "kein-at".into(),
            ..ContactInput::default()
        },
        None,
        now(),
    );
    assert_eq!(bad.unwrap_err().code(), "invalid_email");
    let reversed = organisations::create_contact(
        db,
        &ContactInput {
            name: "Y".into(),
            ..ContactInput::default()
        },
        Some(&RoleInput {
            started_on: Some(day(2026, 5, 1)),
            ended_on: Some(day(2026, 1, 1)),
            ..role(id, "Vorsitz")
        }),
        now(),
    );
    assert_eq!(reversed.unwrap_err().code(), "date_range_reversed");
    assert_eq!(
        db.read(|s| organisations::contacts_of_in(s, id))
            .unwrap()
            .len(),
        1,
        "nothing else stored"
    );
}
on_both_engines!(a_contact_without_a_way_to_reach_them_is_flagged_and_bad_contacts_are_refused);

fn a_contact_who_borrows_is_linked_to_the_borrower_once(db: &mut TestStore) {
    let id = organisation(db, "Verein", "Siegburg");
    let borrower = people::create_borrower(
        db,
        &BorrowerInput {
            name: "Amal Haddad".into(),
            ..BorrowerInput::default()
        },
        now(),
    )
    .unwrap();
    let linked = ContactInput {
        name: "Amal Haddad".into(),
        borrower_id: Some(borrower.id),
        ..ContactInput::default()
    };
    organisations::create_contact(db, &linked, Some(&role(id, "Kursleitung")), now()).unwrap();
    let twice = organisations::create_contact(db, &linked, None, now()).unwrap_err();
    assert_eq!(twice.code(), "borrower_linked_elsewhere");
}
on_both_engines!(a_contact_who_borrows_is_linked_to_the_borrower_once);

fn deleting_a_contact_keeps_that_a_person_from_the_organisation_attended(db: &mut TestStore) {
    let org = organisation(db, "Kurdische Gemeinschaft Rhein-Sieg/Bonn", "Siegburg");
    let person = organisations::create_contact(
        db,
        &ContactInput {
            name: "Rêzan Xelîl".into(),
            phone: "02241 1".into(),
            ..ContactInput::default()
        },
        Some(&role(org, "Vorsitz")),
        now(),
    )
    .unwrap();
    let group =
        organisations::create_working_group(db, "Arbeitskreis Migrantenorganisationen", "", now())
            .unwrap();
    organisations::join(db, group, org, day(2026, 1, 1)).unwrap();
    let meeting = organisations::save_meeting(
        db,
        group,
        None,
        &MeetingInput {
            starts_at: Some(at(day(2026, 2, 10), 18, 0)),
            place: "Kreishaus".into(),
            ..MeetingInput::default()
        },
        now(),
        "BUERO-1",
    )
    .unwrap();
    organisations::set_attendance(
        db,
        meeting,
        &[Attendance {
            organisation_id: org,
            present: true,
            contact_id: Some(person.id),
            persons: 2,
            ..Attendance::default()
        }],
    )
    .unwrap();
    organisations::delete_contact_on(db, person.id, now()).unwrap();
    let log = db.read(|s| kiz::privacy::deletion_log_in(s)).unwrap();
    assert_eq!(
        (log[0].rule.as_str(), log[0].record_ids.as_slice()),
        ("contact_deleted", &[person.id][..]),
        "logged by id, so a restore deletes it again"
    );
    let m = db.read(|s| organisations::meeting_in(s, meeting)).unwrap();
    assert!(m.attendance[0].present, "the organisation still attended");
    assert_eq!(m.attendance[0].persons, 2);
    assert_eq!(
        m.attendance[0].contact_name, None,
        "the person's data is gone"
    );
    assert_eq!(
        db.read(|s| organisations::contact_in(s, person.id))
            .unwrap_err()
            .code(),
        "not_found"
    );
}
on_both_engines!(deleting_a_contact_keeps_that_a_person_from_the_organisation_attended);

fn projects_check_their_dates_and_funding_and_list_by_partner_and_year(db: &mut TestStore) {
    let a = organisation(db, "Kultur- und Bildungsverein Siegburg", "Siegburg");
    let b = organisation(
        db,
        "Marokkanischer Kulturverein Sankt Augustin",
        "Sankt Augustin",
    );
    let input = ProjectInput {
        title: "Ausbildungsbörse 2026".into(),
        starts_on: Some(day(2026, 3, 1)),
        ends_on: Some(day(2026, 11, 30)),
        status: ProjectStatus::Laufend,
        staff: "Frau Becker".into(),
        funding_source: "KOMM-AN NRW".into(),
        funding_cents: Some(500_000),
        partners: vec![
            Partner {
                organisation_id: a,
                role: "Workshop".into(),
                ..Partner::default()
            },
            Partner {
                organisation_id: b,
                role: "Dolmetschen".into(),
                ..Partner::default()
            },
        ],
        ..ProjectInput::default()
    };
    let p = organisations::create_project(db, &input, now()).unwrap();
    assert_eq!(p.partners.len(), 2);
    let reversed = ProjectInput {
        ends_on: Some(day(2026, 1, 1)),
        ..input.clone()
    };
    assert_eq!(
        organisations::create_project(db, &reversed, now())
            .unwrap_err()
            .code(),
        "date_range_reversed"
    );
    let negative = ProjectInput {
        funding_cents: Some(-1),
        ..input.clone()
    };
    assert_eq!(
        organisations::create_project(db, &negative, now())
            .unwrap_err()
            .code(),
        "negative_amount"
    );
    let untitled = ProjectInput {
        title: " ".into(),
        ..input
    };
    assert_eq!(
        organisations::create_project(db, &untitled, now())
            .unwrap_err()
            .code(),
        "required"
    );
    let of_b = db
        .read(|s| {
            organisations::projects_in(
                s,
                &ProjectFilter {
                    organisation_id: Some(b),
                    ..ProjectFilter::default()
                },
            )
        })
        .unwrap();
    assert_eq!(of_b.len(), 1, "which projects with this organisation");
    assert_eq!(
        db.read(|s| organisations::projects_in(
            s,
            &ProjectFilter {
                year: Some(2025),
                ..ProjectFilter::default()
            }
        ))
        .unwrap()
        .len(),
        0
    );
    assert_eq!(
        db.read(|s| organisations::projects_in(
            s,
            &ProjectFilter {
                year: Some(2026),
                ..ProjectFilter::default()
            }
        ))
        .unwrap()
        .len(),
        1
    );
    assert_eq!(
        organisations::delete_organisation(db, a)
            .unwrap_err()
            .code(),
        "organisation_in_use",
        "a project partner is archived, not deleted"
    );
}
on_both_engines!(projects_check_their_dates_and_funding_and_list_by_partner_and_year);

fn the_arbeitskreis_knows_its_members_next_meeting_open_actions_and_attendance(db: &mut TestStore) {
    let a = organisation(db, "Kultur- und Bildungsverein Siegburg", "Siegburg");
    let b = organisation(db, "Kurdische Gemeinschaft Rhein-Sieg/Bonn", "Siegburg");
    let late = organisation(db, "Afrikanischer Frauenverein Rhein-Sieg", "Troisdorf");
    let group =
        organisations::create_working_group(db, "Arbeitskreis Migrantenorganisationen", "", now())
            .unwrap();
    organisations::join(db, group, a, day(2026, 1, 1)).unwrap();
    organisations::join(db, group, b, day(2026, 1, 1)).unwrap();
    organisations::join(db, group, late, day(2026, 6, 1)).unwrap();
    assert_eq!(
        organisations::join(db, group, a, day(2026, 2, 1))
            .unwrap_err()
            .code(),
        "already_member"
    );
    let meeting = |db: &mut TestStore, when: NaiveDateTime| {
        organisations::save_meeting(
            db,
            group,
            None,
            &MeetingInput {
                starts_at: Some(when),
                place: "Kreishaus Siegburg".into(),
                agenda: "Ausbildungsbörse".into(),
                ..MeetingInput::default()
            },
            now(),
            "BUERO-1",
        )
        .unwrap()
    };
    let first = meeting(db, at(day(2026, 2, 10), 18, 0));
    let second = meeting(db, at(day(2026, 9, 8), 18, 0));
    let upcoming = meeting(db, at(day(2026, 12, 1), 18, 0));
    let m = db.read(|s| organisations::meeting_in(s, first)).unwrap();
    assert_eq!(m.attendance.len(), 2, "only members of that day are listed");
    organisations::set_attendance(
        db,
        first,
        &[Attendance {
            organisation_id: a,
            present: true,
            persons: 1,
            ..Attendance::default()
        }],
    )
    .unwrap();
    organisations::set_attendance(
        db,
        second,
        &[
            Attendance {
                organisation_id: a,
                present: true,
                persons: 1,
                ..Attendance::default()
            },
            Attendance {
                organisation_id: late,
                present: true,
                persons: 3,
                ..Attendance::default()
            },
        ],
    )
    .unwrap();
    organisations::add_decision(db, second, "Workshops bis Oktober planen").unwrap();
    let action =
        organisations::add_action(db, second, "Räume anfragen", "KI", Some(day(2026, 10, 1)))
            .unwrap();
    organisations::add_action(db, second, "Plakat", "Kurdische Gemeinschaft", None).unwrap();
    assert_eq!(
        organisations::add_action(db, second, " ", "", None)
            .unwrap_err()
            .code(),
        "required"
    );
    let today = day(2026, 11, 12);
    let wg = db
        .read(|s| organisations::working_group_in(s, group, today))
        .unwrap();
    assert_eq!(wg.next_meeting.as_ref().map(|m| m.id), Some(upcoming));
    assert_eq!(wg.open_actions.len(), 2);
    let attended: Vec<(String, u32, u32)> = wg
        .members
        .iter()
        .map(|m| {
            (
                m.organisation_name.clone(),
                m.attended,
                m.meetings_as_member,
            )
        })
        .collect();
    assert_eq!(
        attended,
        [
            ("Afrikanischer Frauenverein Rhein-Sieg".to_string(), 1, 1),
            ("Kultur- und Bildungsverein Siegburg".to_string(), 2, 2),
            ("Kurdische Gemeinschaft Rhein-Sieg/Bonn".to_string(), 0, 2),
        ],
        "attendance history per member"
    );
    organisations::set_action_done(db, action.id, Some(today)).unwrap();
    assert_eq!(
        db.read(|s| organisations::working_group_in(s, group, today))
            .unwrap()
            .open_actions
            .len(),
        1
    );
    organisations::leave(db, group, b, day(2026, 10, 1)).unwrap();
    let invited = db
        .read(|s| organisations::invitation_addressees_in(s, upcoming))
        .unwrap();
    assert_eq!(invited.len(), 2, "who left is not invited");
}
on_both_engines!(the_arbeitskreis_knows_its_members_next_meeting_open_actions_and_attendance);

fn the_invitation_and_the_minutes_print_the_names(db: &mut TestStore) {
    let a = organisation(db, "Kurdische Gemeinschaft Rhein-Sieg/Bonn", "Siegburg");
    let b = organisation(db, "Türkisch-Deutscher Elternverein Şahin", "Troisdorf");
    organisations::create_contact(
        db,
        &ContactInput {
            name: "Rêzan Xelîl".into(),
            ..ContactInput::default()
        },
        Some(&role(a, "Vorsitz")),
        now(),
    )
    .unwrap();
    let group =
        organisations::create_working_group(db, "Arbeitskreis Migrantenorganisationen", "", now())
            .unwrap();
    organisations::join(db, group, a, day(2026, 1, 1)).unwrap();
    organisations::join(db, group, b, day(2026, 1, 1)).unwrap();
    let meeting = organisations::save_meeting(
        db,
        group,
        None,
        &MeetingInput {
            starts_at: Some(at(day(2026, 12, 1), 18, 0)),
            place: "Kreishaus Siegburg, Raum 1.12".into(),
            agenda: "Rückblick Ausbildungsbörse\nPlanung 2027".into(),
            minutes: "Alle Workshops waren voll.".into(),
            version: None,
        },
        now(),
        "BUERO-1",
    )
    .unwrap();
    organisations::add_action(
        db,
        meeting,
        "Termine 2027 abstimmen",
        "KI",
        Some(day(2027, 1, 15)),
    )
    .unwrap();
    let addressees = db
        .read(|s| organisations::invitation_addressees_in(s, meeting))
        .unwrap();
    let m = db.read(|s| organisations::meeting_in(s, meeting)).unwrap();
    let pdf = directory::invitations(setup(db, "Test"), &m, &addressees);
    assert_eq!(pdf.pages, 2, "a letter per member organisation");
    let text = poppler("pdftotext", &[], &pdf.bytes);
    for expected in [
        "Kurdische Gemeinschaft Rhein-Sieg/Bonn",
        "Guten Tag Rêzan Xelîl",
        "Şahin",
        "01.12.2026 um 18:00 Uhr",
        "Planung 2027",
    ] {
        assert!(
            letters(&text).contains(&letters(expected)),
            "{expected}: {text}"
        );
    }
    let pdf = directory::minutes(setup(db, "Test"), &m);
    let text = poppler("pdftotext", &[], &pdf.bytes);
    for expected in [
        "Protokoll",
        "Alle Workshops waren voll.",
        "Termine 2027 abstimmen",
        "15.01.2027",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
}
on_both_engines!(
    the_invitation_and_the_minutes_print_the_names,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

fn the_filtered_directory_exports_to_xlsx_and_a_booklet_and_its_contacts_to_a_mailing_list(
    db: &mut TestStore,
) {
    let a = organisation(db, "Kurdische Gemeinschaft Rhein-Sieg/Bonn", "Siegburg");
    let b = organisation(db, "Afrikanischer Frauenverein Rhein-Sieg", "Troisdorf");
    for (name, email, org) in [
        ("Rêzan Xelîl", "rezan@example.org", a),
        ("Awa Diop", "awa@example.org", b),
        ("Dilan Aydın", "", a),
    ] {
        organisations::create_contact(
            db,
            &ContactInput {
                name: name.into(),
                email: email.into(),
                ..ContactInput::default()
            },
            Some(&role(org, "Kontaktperson")),
            now(),
        )
        .unwrap();
    }
    let siegburg = DirectoryQuery {
        municipality: Some("Siegburg".into()),
        ..DirectoryQuery::default()
    };
    let rows = db
        .read(|s| organisations::matching_organisations_in(s, &siegburg))
        .unwrap();
    let bytes = export::xlsx(&directory::directory_sheet(&rows)).unwrap();
    let file = tempfile::NamedTempFile::with_suffix(".xlsx").unwrap();
    std::fs::write(file.path(), &bytes).unwrap();
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(file.path()).unwrap();
    let range = book.worksheet_range("Organisationen").unwrap();
    assert_eq!(
        range.height(),
        2,
        "header and the one Siegburg organisation"
    );
    assert_eq!(
        range.get((1, 0)).map(|c| c.to_string()),
        Some("Kurdische Gemeinschaft Rhein-Sieg/Bonn".into())
    );
    let booklet = directory::directory_booklet(setup(db, "Test"), &rows);
    assert!(poppler("pdftotext", &[], &booklet.bytes).contains("Kurdische Gemeinschaft"));
    let list = db
        .read(|s| organisations::mailing_list_in(s, &siegburg, day(2026, 11, 12)))
        .unwrap();
    assert_eq!(list.contacts.len(), 2);
    assert_eq!(
        list.bcc, "rezan@example.org",
        "once each, only those with an address"
    );
    assert_eq!(list.without_email, 1);
    let csv =
        String::from_utf8(export::csv(&directory::mailing_sheet(&list.contacts)).unwrap()).unwrap();
    assert!(csv.contains("Dilan Aydın"), "{csv}");
}
on_both_engines!(
    the_filtered_directory_exports_to_xlsx_and_a_booklet_and_its_contacts_to_a_mailing_list,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

fn the_arbeitskreis_screen_shows_the_chosen_group_else_the_first_by_name(db: &mut TestStore) {
    let today = day(2026, 11, 12);
    let empty = db
        .read(|s| organisations::working_group_page_in(s, None, today))
        .unwrap();
    assert!(
        empty.groups.is_empty() && empty.group.is_none(),
        "nothing to show yet"
    );
    let later = organisations::create_working_group(db, "Zukunftswerkstatt", "", now()).unwrap();
    let first =
        organisations::create_working_group(db, "Arbeitskreis Migrantenorganisationen", "", now())
            .unwrap();
    let page = db
        .read(|s| organisations::working_group_page_in(s, None, today))
        .unwrap();
    assert_eq!(page.groups.len(), 2);
    assert_eq!(
        page.group.map(|g| g.id),
        Some(first),
        "none chosen: the first by name"
    );
    let page = db
        .read(|s| organisations::working_group_page_in(s, Some(later), today))
        .unwrap();
    assert_eq!(page.group.map(|g| g.name), Some("Zukunftswerkstatt".into()));
    assert_eq!(
        db.read(|s| organisations::working_group_page_in(s, Some(later + first + 100), today))
            .unwrap_err()
            .code(),
        "not_found"
    );
}
on_both_engines!(the_arbeitskreis_screen_shows_the_chosen_group_else_the_first_by_name);

/// The moment a role is given or ended in these tests.
fn saved_at() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a valid moment")
}
