//! Issue 19, organisations: contacts, roles, offerings and timeline notes
//! are corrected in place (no delete and re-enter), one person has roles in
//! two organisations, and the mailing list goes to Outlook as CSV.

mod common;
#[macro_use]
mod test_cluster;

use common::{at_ten, day, now};
use kiz::db::engine::Engine;
use kiz::documents::{self, directory, ExportFormat};
use kiz::organisations::{
    self, ContactInput, DirectoryQuery, NoteKind, OfferingInput, OrganisationInput, RoleInput,
};
use kiz::privacy::{self, Person};
use test_cluster::TestStore;

fn organisation(db: &mut impl Engine, name: &str) -> i64 {
    organisations::create_organisation(
        db,
        &OrganisationInput {
            name: name.into(),
            ..OrganisationInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn person(name: &str, email: &str) -> ContactInput {
    ContactInput {
        name: name.into(),
        email: email.into(),
        ..ContactInput::default()
    }
}

fn role(organisation_id: i64, name: &str) -> RoleInput {
    RoleInput {
        organisation_id,
        role: name.into(),
        started_on: Some(day(2026, 1, 1)),
        ended_on: None,
    }
}

fn contact_ids(db: &mut impl Engine, organisation_id: i64) -> Vec<i64> {
    db.read_sql(|s| organisations::contacts_of_in(s, organisation_id))
        .unwrap()
        .into_iter()
        .map(|(_, c)| c.id)
        .collect()
}

fn a_contact_is_changed_under_the_rules_of_creation_and_keeps_its_roles(db: &mut TestStore) {
    let org = organisation(db, "Kurdische Gemeinschaft");
    let c = organisations::create_contact(
        db,
        &ContactInput {
            phone: "02241 1234".into(),
            ..person("Leyla Aydın", "leyla@example.org")
        },
        Some(&role(org, "Vorsitz")),
        now(),
    )
    .unwrap();
    let changed = organisations::update_contact(
        db,
        c.id,
        &ContactInput {
            phone: "0151 9876543".into(),
            languages: vec!["ku".into()],
            ..person("Leyla Aydın", "leyla@example.org")
        },
        now(),
        "BUERO-1",
    )
    .unwrap();
    assert_eq!(changed.phone, "0151 9876543", "the new number is kept");
    assert_eq!(changed.roles.len(), 1, "changing the person keeps her role");

    for (input, field) in [
        (person(" ", "leyla@example.org"), "name"),
        (person("Leyla Aydın", "leyla(at)example"), "email"),
        (
            ContactInput {
                phone: "call me".into(),
                ..person("Leyla Aydın", "")
            },
            "phone",
        ),
    ] {
        let error = organisations::update_contact(db, c.id, &input, now(), "BUERO-1").unwrap_err();
        assert_eq!(
            error.field(),
            Some(field),
            "{input:?} is refused at {field}"
        );
    }
    assert_eq!(
        db.read(|s| organisations::contact_in(s, c.id)).unwrap(),
        changed,
        "a refused change changes nothing"
    );
}
on_both_engines!(a_contact_is_changed_under_the_rules_of_creation_and_keeps_its_roles);

fn an_existing_person_gets_a_role_at_a_second_organisation_and_stays_one_person(
    mut db: &mut TestStore,
) {
    let first = organisation(db, "Elternverein Siegburg");
    let second = organisation(db, "Deutsch-Syrischer Kulturverein");
    let c = organisations::create_contact(
        db,
        &person("Rana Haddad", "rana@example.org"),
        Some(&role(first, "Kursleitung")),
        now(),
    )
    .unwrap();
    let both =
        organisations::add_role(db, c.id, &role(second, "Vorstand"), saved_at(), "").unwrap();
    assert_eq!(both.roles.len(), 2, "one person, two roles");
    assert_eq!(contact_ids(&mut db, first), [c.id]);
    assert_eq!(
        contact_ids(&mut db, second),
        [c.id],
        "the same person, not a copy"
    );

    // Staff find her by part of her name and see both organisations.
    organisations::create_contact(db, &person("Ranaa Müller", ""), None, now()).unwrap();
    let found = db
        .read(|s| organisations::find_contacts_in(s, "rana", 10))
        .unwrap();
    assert_eq!(found.len(), 2, "both names contain 'rana'");
    let found = db
        .read(|s| organisations::find_contacts_in(s, "RANA HADDAD", 10))
        .unwrap();
    assert_eq!(found[0].id, c.id, "upper and lower case alike");
    let mut orgs: Vec<&str> = found[0]
        .roles
        .iter()
        .map(|r| r.organisation_name.as_str())
        .collect();
    orgs.sort_unstable();
    assert_eq!(
        orgs,
        ["Deutsch-Syrischer Kulturverein", "Elternverein Siegburg"]
    );
    let exact_first = db
        .read(|s| organisations::find_contacts_in(s, "Ranaa Müller", 10))
        .unwrap();
    assert_eq!(exact_first[0].name, "Ranaa Müller", "the exact name first");
    assert!(db
        .read(|s| organisations::find_contacts_in(s, "  ", 10))
        .unwrap()
        .is_empty());

    // A second role for a person who does not exist is refused.
    let error = organisations::add_role(db, 999, &role(second, "x"), saved_at(), "").unwrap_err();
    assert_eq!(error.code(), "not_found");
}
on_both_engines!(an_existing_person_gets_a_role_at_a_second_organisation_and_stays_one_person);

fn a_role_has_its_own_dates_an_end_before_the_start_is_refused_and_an_ended_role_is_former(
    mut db: &mut TestStore,
) {
    let org = organisation(db, "Afrikanischer Frauenverein");
    let c = organisations::create_contact(
        db,
        &person("Awa Diop", "awa@example.org"),
        Some(&RoleInput {
            started_on: Some(day(2024, 3, 1)),
            ..role(org, "Kassenwartin")
        }),
        now(),
    )
    .unwrap();
    let role_id = c.roles[0].id;
    assert_eq!(
        c.roles[0].started_on,
        Some(day(2024, 3, 1)),
        "the start chosen"
    );

    let error = organisations::update_role(
        db,
        role_id,
        &organisations::RoleEdit {
            role: "Kassenwartin".into(),
            started_on: Some(day(2024, 3, 1)),
            ended_on: Some(day(2024, 2, 28)),
            version: None,
        },
        saved_at(),
        "",
    )
    .unwrap_err();
    assert_eq!(
        (error.code(), error.field()),
        ("date_range_reversed", Some("ended_on"))
    );
    assert_eq!(
        db.read(|s| organisations::contact_in(s, c.id))
            .unwrap()
            .roles[0]
            .ended_on,
        None,
        "a refused change changes nothing"
    );
    let error = organisations::create_contact(
        db,
        &person("Fatou Ndiaye", ""),
        Some(&RoleInput {
            started_on: Some(day(2026, 5, 1)),
            ended_on: Some(day(2026, 4, 1)),
            ..role(org, "Vorsitz")
        }),
        now(),
    )
    .unwrap_err();
    assert_eq!(error.code(), "date_range_reversed");
    assert_eq!(contact_ids(&mut db, org), [c.id], "nobody added");

    let all = DirectoryQuery::default();
    let today = day(2026, 11, 12);
    let ended = organisations::update_role(
        db,
        role_id,
        &organisations::RoleEdit {
            role: "Kassenwartin (bis 2025)".into(),
            started_on: Some(day(2023, 9, 1)),
            ended_on: Some(day(2025, 12, 31)),
            version: None,
        },
        saved_at(),
        "",
    )
    .unwrap();
    assert_eq!(
        (
            ended.roles[0].role.as_str(),
            ended.roles[0].started_on,
            ended.roles[0].ended_on
        ),
        (
            "Kassenwartin (bis 2025)",
            Some(day(2023, 9, 1)),
            Some(day(2025, 12, 31))
        )
    );
    let list = db
        .read(|s| organisations::mailing_list_in(s, &all, today))
        .unwrap();
    assert!(list.contacts.is_empty(), "a former role is not on the list");
    organisations::update_role(
        db,
        role_id,
        &organisations::RoleEdit {
            role: "Kassenwartin".into(),
            started_on: None,
            ended_on: Some(day(2026, 12, 31)),
            version: None,
        },
        saved_at(),
        "",
    )
    .unwrap();
    let list = db
        .read(|s| organisations::mailing_list_in(s, &all, today))
        .unwrap();
    assert_eq!(
        list.bcc, "awa@example.org",
        "a role ending later is current"
    );
    let error = organisations::update_role(
        db,
        999,
        &organisations::RoleEdit {
            role: "x".into(),
            started_on: None,
            ended_on: None,
            version: None,
        },
        saved_at(),
        "",
    )
    .unwrap_err();
    assert_eq!(error.code(), "not_found");
}
on_both_engines!(
    a_role_has_its_own_dates_an_end_before_the_start_is_refused_and_an_ended_role_is_former
);

fn erasing_a_person_with_roles_in_two_organisations_erases_the_person_once_and_both_roles(
    mut db: &mut TestStore,
) {
    let first = organisation(db, "Türkischer Elternverein");
    let second = organisation(db, "Moscheegemeinde Troisdorf");
    let c = organisations::create_contact(
        db,
        &person("Zeynep Kaya", "zeynep@example.org"),
        Some(&role(first, "Vorsitz")),
        now(),
    )
    .unwrap();
    organisations::add_role(db, c.id, &role(second, "Frauengruppe"), saved_at(), "").unwrap();
    privacy::erase_on(
        db,
        Person::Contact(c.id),
        &[],
        "A. Becker",
        at_ten(2026, 11, 26),
    )
    .unwrap();
    db.scrub();
    assert!(
        db.read(|s| organisations::contact_in(s, c.id)).is_err(),
        "the person is gone"
    );
    assert!(
        contact_ids(&mut db, first).is_empty(),
        "the first role went"
    );
    assert!(
        contact_ids(&mut db, second).is_empty(),
        "the second role went"
    );
    for org in [first, second] {
        let found = db
            .read(|s| {
                organisations::search_organisations_in(
                    s,
                    &DirectoryQuery {
                        text: "Zeynep".into(),
                        ..DirectoryQuery::default()
                    },
                )
            })
            .unwrap();
        assert!(
            found.rows.iter().all(|r| r.id != org),
            "the search no longer finds the organisation by her name"
        );
    }
}
on_both_engines!(
    erasing_a_person_with_roles_in_two_organisations_erases_the_person_once_and_both_roles
);

fn a_corrected_note_keeps_its_date_and_kind_and_shows_the_day_it_was_changed(db: &mut TestStore) {
    let org = organisation(db, "Russischsprachiger Kulturverein");
    let note = organisations::add_timeline_note(
        db,
        org,
        day(2026, 3, 1),
        NoteKind::Anruf,
        "Treffen am 12.3. vereinbart",
        now(),
    )
    .unwrap();
    assert_eq!(note.changed_on, None, "a new note is not changed");
    let corrected = organisations::correct_timeline_note(
        db,
        note.id,
        "  Treffen am 13.3. vereinbart ",
        at_ten(2026, 11, 20),
        None,
        "",
    )
    .unwrap();
    assert_eq!(corrected.text, "Treffen am 13.3. vereinbart");
    assert_eq!(
        corrected.noted_on,
        day(2026, 3, 1),
        "the original date stays"
    );
    assert_eq!(corrected.kind, NoteKind::Anruf);
    assert_eq!(corrected.changed_on, Some(day(2026, 11, 20)), "geändert am");
    assert_eq!(
        db.read(|s| organisations::organisation_in(s, org))
            .unwrap()
            .timeline,
        std::slice::from_ref(&corrected),
        "the timeline shows the corrected note"
    );

    // Saving the same text again is no correction.
    let same = organisations::correct_timeline_note(
        db,
        note.id,
        "Treffen am 13.3. vereinbart",
        at_ten(2026, 11, 25),
        None,
        "",
    )
    .unwrap();
    assert_eq!(same.changed_on, Some(day(2026, 11, 20)));

    let error =
        organisations::correct_timeline_note(db, note.id, "  ", at_ten(2026, 11, 25), None, "")
            .unwrap_err();
    assert_eq!((error.code(), error.field()), ("required", Some("note")));
    let error = organisations::correct_timeline_note(
        db,
        note.id,
        &"x".repeat(100_000),
        at_ten(2026, 11, 25),
        None,
        "",
    )
    .unwrap_err();
    assert_eq!(error.code(), "too_long");
    let error = organisations::correct_timeline_note(db, 999, "x", at_ten(2026, 11, 25), None, "")
        .unwrap_err();
    assert!(
        matches!(
            error,
            kiz::Error::NotFound {
                what: kiz::Record::TimelineNote
            }
        ),
        "a missing note is reported as a note: {error:?}"
    );
    assert_eq!(
        db.read(|s| organisations::organisation_in(s, org))
            .unwrap()
            .timeline,
        [corrected],
        "refused corrections change nothing"
    );
}
on_both_engines!(a_corrected_note_keeps_its_date_and_kind_and_shows_the_day_it_was_changed);

fn an_offering_is_edited_in_every_field_that_creation_has(db: &mut TestStore) {
    let org = organisation(db, "Polnische Mission");
    let kinds = db.read(|s| organisations::offering_kinds_in(s)).unwrap();
    let first = OfferingInput {
        kind_id: kinds[0].id,
        title: "Deutsch für Frauen".into(),
        target_group: "Frauen".into(),
        languages: vec!["de".into()],
        schedule: "dienstags 18 Uhr".into(),
        place: "Gemeindehaus".into(),
        active: true,
        version: None,
    };
    let id = organisations::save_offering(db, org, None, &first, now(), "BUERO-1").unwrap()[0].id;
    let changed = OfferingInput {
        kind_id: kinds[1].id,
        title: "Nachhilfe Mathe".into(),
        target_group: "Schüler/innen".into(),
        languages: vec!["pl".into(), "de".into()],
        schedule: "samstags 10 Uhr".into(),
        place: "Stadtbibliothek".into(),
        active: false,
        version: Some(1),
    };
    let list = organisations::save_offering(db, org, Some(id), &changed, now(), "BUERO-1").unwrap();
    assert_eq!(list.len(), 1, "changed in place, not added");
    let o = &list[0];
    assert_eq!(
        (
            o.id,
            o.kind.id,
            o.title.as_str(),
            o.target_group.as_str(),
            o.languages.clone(),
            o.schedule.as_str(),
            o.place.as_str(),
            o.active
        ),
        (
            id,
            kinds[1].id,
            "Nachhilfe Mathe",
            "Schüler/innen",
            vec!["de".to_owned(), "pl".to_owned()],
            "samstags 10 Uhr",
            "Stadtbibliothek",
            false
        )
    );
    let error = organisations::save_offering(
        db,
        org,
        Some(id),
        &OfferingInput {
            languages: vec!["xx".into()],
            ..changed.clone()
        },
        now(),
        "BUERO-1",
    )
    .unwrap_err();
    assert_eq!(error.code(), "unknown_language_code");
    let other = organisation(db, "Anderer Verein");
    let error =
        organisations::save_offering(db, other, Some(id), &first, now(), "BUERO-1").unwrap_err();
    assert_eq!(error.code(), "not_found", "another organisation's offering");
    assert_eq!(
        db.read(|s| organisations::organisation_in(s, org))
            .unwrap()
            .offerings[0]
            .title,
        "Nachhilfe Mathe",
        "refused edits change nothing"
    );
}
on_both_engines!(an_offering_is_edited_in_every_field_that_creation_has);

fn the_mailing_list_as_csv_for_outlook_reads_back_with_bom_semicolons_and_every_script(
    db: &mut TestStore,
) {
    let first = organisation(db, "Verein \"Brücke\"; Siegburg");
    let second = organisation(db, "Русский дом");
    let arabic = organisations::create_contact(
        db,
        &person("فاطمة الزهراء", "fatima@example.org"),
        Some(&role(first, "Vorsitz")),
        now(),
    )
    .unwrap();
    organisations::add_role(db, arabic.id, &role(second, "Kursleitung"), saved_at(), "").unwrap();
    organisations::create_contact(
        db,
        &person("Ольга Петрова", "OLGA@example.org"),
        Some(&role(second, "Kontaktperson")),
        now(),
    )
    .unwrap();
    // The same address twice (another spelling) is one recipient.
    organisations::create_contact(
        db,
        &person("Ольга Петрова", "olga@example.org"),
        Some(&role(first, "")),
        now(),
    )
    .unwrap();
    organisations::create_contact(
        db,
        &person("=HYPERLINK(\"x\") Evil", "evil@example.org"),
        Some(&role(first, "")),
        now(),
    )
    .unwrap();
    organisations::create_contact(db, &person("Ohne Mail", ""), Some(&role(first, "")), now())
        .unwrap();

    let today = day(2026, 11, 12);
    let list = db
        .read(|s| organisations::mailing_list_in(s, &DirectoryQuery::default(), today))
        .unwrap();
    assert_eq!(list.recipients.len(), 3, "{:?}", list.recipients);
    assert_eq!(list.without_email, 1);

    let context = common::printing_at(at_ten(2026, 11, 12));
    let (_, file) = db
        .read_sql(|sql| {
            documents::mailing_list(
                sql,
                &DirectoryQuery::default(),
                Some(ExportFormat::Csv),
                &context,
            )
        })
        .unwrap();
    let file = file.expect("a file when a format is asked for");
    assert!(file.file_name.ends_with(".csv"), "{}", file.file_name);
    let bytes = file.bytes;
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 with BOM for Excel and Outlook"
    );
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, directory::OUTLOOK_COLUMNS);
    assert_eq!(
        header,
        ["Vorname", "Nachname", "E-Mail-Adresse", "Firma", "Position"]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let by_mail = |mail: &str| {
        rows.iter()
            .find(|r| r[2].eq_ignore_ascii_case(mail))
            .unwrap_or_else(|| panic!("{mail} in {rows:?}"))
            .clone()
    };
    let fatima = by_mail("fatima@example.org");
    assert_eq!(
        &fatima[..2],
        ["فاطمة", "الزهراء"],
        "Arabic intact, split at the space"
    );
    let mut firms: Vec<&str> = fatima[3].split(", ").collect();
    firms.sort_unstable();
    assert_eq!(
        firms,
        ["Verein \"Brücke\"; Siegburg", "Русский дом"],
        "both organisations of one person; quotes and ';' survive"
    );
    let olga = by_mail("olga@example.org");
    assert_eq!(&olga[..2], ["Ольга", "Петрова"], "Cyrillic intact");
    let evil = by_mail("evil@example.org");
    assert!(evil[0].starts_with("'="), "a formula stays text: {evil:?}");
    assert_eq!(rows.len(), 3, "one row per address, none without one");
}
on_both_engines!(
    the_mailing_list_as_csv_for_outlook_reads_back_with_bom_semicolons_and_every_script
);

/// The moment a list or a role is saved in these tests.
fn saved_at() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a valid moment")
}
