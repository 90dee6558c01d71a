//! "Alle Daten exportieren" and the way back: a database exported,
//! restored into an empty database and exported again gives a workbook
//! with the same sheets, headers and rows, for the demo data and for the
//! hard cases (scripts, eight languages, a kit, a block, a waitlist, open
//! and returned loans). A broken workbook and a database that is not empty
//! are refused and nothing is stored.

mod common;
#[macro_use]
mod test_cluster;

use calamine::Data;
use chrono::NaiveDateTime;
use common::{
    at, consent_given, day, give_back, lend, media_kind_on, november, now, sheets, test_db, Sheets,
};
use kiz::catalogue::{self, Audience, CopyInput, KitItem, Level, MediaQuery, MediumInput};
use kiz::events::{self, Host, ParticipantInput, RegisterOptions, RegistrationStatus};
use kiz::lending;
use kiz::organisations::{
    self, Attendance, ContactInput, DirectoryQuery, MeetingInput, OfferingInput, OrganisationInput,
    Partner, ProjectInput, RoleInput,
};
use kiz::people::{self, BorrowerInput, BorrowerKind, PostalAddress};
use kiz::privacy::{self, Person};
use kiz::{export, Db, Error};
use test_cluster::TestStore;

fn sheet<'a>(all: &'a Sheets, name: &str) -> &'a [Vec<Data>] {
    &all.iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("the export has a sheet {name}"))
        .1
}

/// The cell of `row` (0 is the header) under `header`.
fn cell<'a>(rows: &'a [Vec<Data>], row: usize, header: &str) -> &'a Data {
    let col = rows[0]
        .iter()
        .position(|h| *h == Data::String(header.into()))
        .unwrap_or_else(|| panic!("a column {header}"));
    &rows[row][col]
}

/// The row whose column `header` holds `value`.
fn row_with(rows: &[Vec<Data>], header: &str, value: &str) -> usize {
    (1..rows.len())
        .find(|r| *cell(rows, *r, header) == Data::String(value.into()))
        .unwrap_or_else(|| panic!("a row with {header} = {value}"))
}

/// Exports `db`, restores the workbook into an empty database, exports
/// that, and checks the two workbooks hold the same sheets, headers and
/// rows. Returns the restored database and the first workbook.
fn round_trip(db: &mut TestStore) -> (Db, Sheets) {
    let first = db.read(export::workbook_in).expect("the export");
    let mut restored = test_db();
    let summary = export::restore(&mut restored, &first, restore_moment()).expect("the restore");
    let second = export::workbook(&restored).expect("the second export");
    let (a, b) = (sheets(&first), sheets(&second));
    assert_eq!(
        a.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        b.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        "the same sheets in the same order"
    );
    for ((name, rows_a), (_, rows_b)) in a.iter().zip(&b) {
        assert_eq!(rows_a[0], rows_b[0], "{name}: the same headers");
        assert_eq!(
            rows_a.len(),
            rows_b.len(),
            "{name}: the same number of rows"
        );
        for (i, (row_a, row_b)) in rows_a.iter().zip(rows_b).enumerate() {
            assert_eq!(
                row_a,
                row_b,
                "{name}, row {}: ids, references and stored moments are restored as they were",
                i + 1
            );
        }
        if name != "Auswahllisten" {
            assert_eq!(
                summary.rows(name),
                rows_a.len() - 1,
                "{name}: the summary counts every row restored"
            );
        }
    }
    every_date_is_an_excel_date(&a);
    (restored, a)
}

/// Every cell of a date or moment column (by its header) is a real Excel
/// date or empty: no stored value fell back to text.
fn every_date_is_an_excel_date(workbook: &Sheets) {
    const DATES: &[&str] = &[
        "Beginn",
        "Ende",
        "Seit",
        "Bis",
        "Datum",
        "Zeitpunkt",
        "Erster Tag",
        "Letzter Tag",
        "Anmeldung ab",
        "Anmeldung bis",
        "Abholen bis",
    ];
    for (name, rows) in workbook {
        for (col, header) in rows[0].iter().enumerate() {
            let Data::String(header) = header else {
                panic!("{name}: a header is text")
            };
            if !(header.ends_with(" am") || DATES.contains(&header.as_str())) {
                continue;
            }
            for (r, row) in rows.iter().enumerate().skip(1) {
                assert!(
                    matches!(row.get(col), None | Some(Data::Empty | Data::DateTime(_))),
                    "{name}, row {}, {header}: a real Excel date, not {:?}",
                    r + 1,
                    row.get(col)
                );
            }
        }
    }
}

/// A moment after everything the tests store, so a row that took it
/// instead of its own stored moment would show in the comparison.
fn restore_moment() -> NaiveDateTime {
    at(day(2027, 3, 1), 8, 15)
}

fn the_demo_database_survives_export_and_restore_unchanged(db: &mut TestStore) {
    kiz::demo::load(db, now()).expect("the demo data");
    let (restored, workbook) = round_trip(db);
    for name in [
        "Medien",
        "Exemplare",
        "Ausleihende",
        "Ausleihen",
        "Organisationen",
    ] {
        assert!(
            sheet(&workbook, name).len() > 5,
            "the demo data fills {name}"
        );
    }
    for name in ["Teilnehmende", "Anmeldungen", "Workshops", "Treffen"] {
        assert!(
            sheet(&workbook, name).len() > 1,
            "the demo data fills {name}"
        );
    }
    let media = catalogue::search_media(&restored, &MediaQuery::default()).unwrap();
    let before = kiz::catalogue::CatalogueStore::search_media(db, &MediaQuery::default()).unwrap();
    assert_eq!(
        media.total, before.total,
        "every restored medium is in the search index"
    );
}
on_both_engines!(the_demo_database_survives_export_and_restore_unchanged);

/// Şükrü's postal address: abroad, in Turkish letters.
fn address_abroad() -> PostalAddress {
    PostalAddress {
        street: "Büyükdere Caddesi 7".into(),
        extra: "Kat 3, Daire 12".into(),
        postal_code: "34394".into(),
        town: "Şişli/İstanbul".into(),
        country: "Türkiye".into(),
    }
}

/// The hard cases, with the ids the checks need.
struct HardCases<'a> {
    db: &'a mut TestStore,
    kit_id: i64,
    fatima_id: i64,
    blocked_id: i64,
    erased_id: i64,
    workshop_id: i64,
}

fn hard_cases(mut db: &mut TestStore) -> HardCases<'_> {
    let when = at(day(2026, 10, 1), 9, 0);
    let vinyl = catalogue::add_media_kind(&mut db, "Schallplatte")
        .unwrap()
        .id;
    let religious = organisations::add_organisation_kind(&mut db, "Kulturverein (ehemals)")
        .unwrap()
        .id;
    let mosque = organisations::create_organisation(
        &mut db,
        &OrganisationInput {
            name: "جمعية الجالية العربية في بون".into(),
            short_name: "Türkisch-Islamische Gemeinde Şişli".into(),
            kind_id: Some(religious),
            languages: vec!["ar".into(), "tr".into(), "de".into()],
            municipality: "Troisdorf".into(),
            has_rooms: true,
            ..OrganisationInput::default()
        },
        when,
    )
    .unwrap();
    let russian = organisations::create_organisation(
        &mut db,
        &OrganisationInput {
            name: "Русский культурный центр «Мост»".into(),
            languages: vec!["ru".into(), "uk".into()],
            municipality: "Siegburg".into(),
            ..OrganisationInput::default()
        },
        when,
    )
    .unwrap();
    // Shown on the public site with two fields and two descriptions
    // (since version 19).
    kiz::publish::save_publication(
        &mut db,
        russian.id,
        &kiz::publish::PublicationInput {
            published: true,
            fields: vec![
                kiz::publish::PublicField::Municipality,
                kiz::publish::PublicField::Languages,
            ],
            texts: vec![
                kiz::publish::PublicText {
                    language: "ru".into(),
                    body: "Культурный центр для всей семьи".into(),
                },
                kiz::publish::PublicText {
                    language: "de".into(),
                    body: "Kulturzentrum für die ganze Familie".into(),
                },
            ],
            version: None,
        },
        when,
        "BUERO-1",
    )
    .unwrap();
    let teaching = db.read(organisations::offering_kinds_in).unwrap()[0].id;
    organisations::save_offering(
        &mut db,
        mosque.id,
        None,
        &OfferingInput {
            kind_id: teaching,
            title: "Arabisch für Kinder".into(),
            languages: vec!["ar".into()],
            schedule: "samstags 10–12 Uhr".into(),
            active: true,
            ..OfferingInput::default()
        },
        when,
        "BUERO-1",
    )
    .unwrap();

    let (textbooks, kits) = (
        media_kind_on(&mut db, "lehrwerk"),
        media_kind_on(&mut db, "medienkoffer"),
    );
    let medium = catalogue::create_medium(
        &mut db,
        &MediumInput {
            kind_id: textbooks,
            title: "Willkommen! Deutsch für alle".into(),
            isbn: "978-3-19-601000-8".into(),
            level_from: Some(Level::A1),
            level_to: Some(Level::B1),
            audience: Audience::Erwachsene,
            target_language: Some("de".into()),
            support_languages: ["ar", "tr", "ru", "uk", "fa", "ku", "en"]
                .map(String::from)
                .to_vec(),
            topics: vec!["Alltag".into(), "Beruf".into()],
            ..MediumInput::default()
        },
        when,
    )
    .unwrap();
    let kit = catalogue::create_medium(
        &mut db,
        &MediumInput {
            kind_id: kits,
            title: "Sprachkoffer Willkommen".into(),
            kit_items: vec![
                KitItem {
                    name: "Bildkarten Obst".into(),
                    quantity: 40,
                },
                KitItem {
                    name: "Würfel".into(),
                    quantity: 2,
                },
            ],
            ..MediumInput::default()
        },
        when,
    )
    .unwrap();
    let record = catalogue::create_medium(
        &mut db,
        &MediumInput {
            kind_id: vinyl,
            title: "Lieder aus Anatolien".into(),
            ..MediumInput::default()
        },
        when,
    )
    .unwrap();
    for (medium_id, barcode, price) in [
        (medium.id, "KI-M-000001", Some(2_490)),
        (medium.id, "KI-M-000002", None),
        (kit.id, "KI-M-000003", Some(12_000)),
        (record.id, "KI-M-000004", None),
    ] {
        catalogue::add_copy(
            &mut db,
            medium_id,
            &CopyInput {
                barcode: barcode.into(),
                acquired_on: Some(day(2026, 9, 1)),
                price_cents: price,
                shelf: if price.is_some() {
                    "Regal Ç-3".into()
                } else {
                    String::new()
                },
                ..CopyInput::default()
            },
            when,
        )
        .unwrap();
    }

    let borrower = |db: &mut TestStore,
                    name: &str,
                    card: &str,
                    organisation: Option<i64>,
                    address: PostalAddress| {
        people::create_borrower(
            db,
            &BorrowerInput {
                kind: if organisation.is_some() {
                    BorrowerKind::Organisation
                } else {
                    BorrowerKind::Ehrenamtlich
                },
                name: name.into(),
                organisation_id: organisation,
                print_language: "de".into(),
                card_number: card.into(),
                address,
                // Only Olga agreed to keep her loans: the others' returned
                // loans lose the link to them at return.
                history_consent: organisation.and_then(|_| consent_given(2026, 9, 1)),
                // A teacher records what she teaches (since version 18).
                teaching_language: organisation.is_none().then(|| "de".to_string()),
                teaching_level: organisation.is_none().then_some(kiz::catalogue::Level::A2),
                ..BorrowerInput::default()
            },
            when,
        )
        .unwrap()
        .id
    };
    let fatima = borrower(
        db,
        "فاطمة الزهراء",
        "KI-A-000001",
        None,
        PostalAddress {
            street: "Kaiserstraße 12".into(),
            extra: "c/o عائلة الزهراء".into(),
            postal_code: "53721".into(),
            town: "Siegburg".into(),
            country: String::new(),
        },
    );
    let olga = borrower(
        db,
        "Ольга Иванова",
        "KI-A-000002",
        Some(russian.id),
        PostalAddress::default(),
    );
    let sukru = borrower(db, "Şükrü Yılmaz", "KI-A-000003", None, address_abroad());
    let erased = borrower(
        db,
        "Zu Löschende Person",
        "KI-A-000004",
        None,
        PostalAddress::default(),
    );
    people::set_blocked(&mut db, sukru, Some("Ausweis verloren"), when, None, "").unwrap();
    privacy::erase_on(&mut db, Person::Borrower(erased), &[], "Frau Schmitz", when).unwrap();
    db.scrub();

    lend(&mut db, fatima, "KI-M-000001", november(2)).unwrap();
    lend(&mut db, fatima, "KI-M-000002", november(2)).unwrap();
    give_back(&mut db, "KI-M-000002", &[], november(5));
    lend(&mut db, olga, "KI-M-000003", november(3)).unwrap();
    give_back(&mut db, "KI-M-000003", &["Würfel"], november(10));
    lend(&mut db, olga, "KI-M-000004", november(10)).unwrap();
    // A reminder as sent in version 10: with the title, Inventarnummer and
    // due date the letter named, and to whom it went.
    lending::record_reminders(&mut db, fatima, day(2027, 1, 15)).unwrap();

    let contact = organisations::save_contact(
        &mut db,
        None,
        &ContactInput {
            name: "Ольга Иванова".into(),
            email: "olga@example.org".into(),
            languages: vec!["ru".into(), "de".into()],
            borrower_id: Some(olga),
            consent: consent_given(2026, 9, 1),
            ..ContactInput::default()
        },
        Some(&RoleInput {
            organisation_id: russian.id,
            role: "Vorsitz".into(),
            started_on: Some(day(2020, 1, 1)),
            ended_on: None,
        }),
        when,
        "BUERO-1",
    )
    .unwrap();
    let imam = organisations::save_contact(
        &mut db,
        None,
        &ContactInput {
            name: "Mehmet Öztürk".into(),
            languages: vec!["tr".into()],
            ..ContactInput::default()
        },
        Some(&RoleInput {
            organisation_id: mosque.id,
            role: "Kontaktperson".into(),
            ..RoleInput::default()
        }),
        when,
        "BUERO-1",
    )
    .unwrap();

    let project = organisations::create_project(
        &mut db,
        &ProjectInput {
            title: "Mehrsprachige Ausbildungsbörse".into(),
            starts_on: Some(day(2026, 1, 1)),
            ends_on: Some(day(2026, 12, 31)),
            funding_source: "KOMM-AN NRW".into(),
            funding_cents: Some(1_250_050),
            partners: vec![Partner {
                organisation_id: mosque.id,
                role: "Räume".into(),
                ..Partner::default()
            }],
            ..ProjectInput::default()
        },
        when,
    )
    .unwrap();
    let group = organisations::create_working_group(&mut db, "Arbeitskreis MSO", "", when).unwrap();
    organisations::join(&mut db, group, mosque.id, day(2025, 1, 1)).unwrap();
    organisations::join(&mut db, group, russian.id, day(2025, 3, 1)).unwrap();
    let meeting = organisations::save_meeting(
        &mut db,
        group,
        None,
        &MeetingInput {
            starts_at: Some(at(day(2026, 10, 7), 18, 0)),
            place: "Kreishaus".into(),
            ..MeetingInput::default()
        },
        when,
        "BUERO-1",
    )
    .unwrap();
    organisations::set_attendance(
        &mut db,
        meeting,
        &[Attendance {
            organisation_id: russian.id,
            present: true,
            contact_id: Some(contact.id),
            persons: 2,
            ..Attendance::default()
        }],
    )
    .unwrap();
    organisations::set_attendees(
        &mut db,
        meeting,
        &[organisations::AttendeeInput {
            contact_id: imam.id,
            organisation_id: mosque.id,
            status: organisations::AttendanceStatus::Entschuldigt,
        }],
        saved_at(),
        None,
        "",
    )
    .unwrap();
    organisations::add_decision(&mut db, meeting, "Nächstes Treffen im Januar").unwrap();
    let note = organisations::add_timeline_note(
        &mut db,
        mosque.id,
        day(2026, 10, 2),
        organisations::NoteKind::Anruf,
        "Gespräch mit Herrn Öztürk über Räume",
        when,
    )
    .unwrap();
    organisations::correct_timeline_note(
        &mut db,
        note.id,
        "Gespräch mit Herrn Öztürk über Räume für den Sprachkurs",
        at(day(2026, 10, 9), 14, 0),
        None,
        "",
    )
    .unwrap();

    let event = events::create_event(
        &mut db,
        &events::EventInput {
            title: "Mehrsprachige Ausbildungsbörse 2026".into(),
            starts_on: Some(november(20)),
            venue: "Kreishaus Siegburg".into(),
            rooms: vec!["Raum 1".into(), "Raum 2".into()],
            registration_closes_on: Some(november(18)),
            project_id: Some(project.id),
            ..events::EventInput::default()
        },
        now(),
    )
    .unwrap();
    let workshop = events::create_workshop(
        &mut db,
        event,
        &events::WorkshopInput {
            title: "Pflegeberufe kennenlernen".into(),
            room: "Raum 1".into(),
            starts_at: Some(at(november(20), 10, 0)),
            ends_at: Some(at(november(20), 11, 30)),
            capacity: 1,
            waitlist: true,
            hosts: vec![Host {
                organisation_id: mosque.id,
                role: "Veranstalter".into(),
            }],
            facilitators: vec![imam.id],
            languages: vec!["de".into(), "ar".into(), "tr".into()],
            project_id: Some(project.id),
            ..events::WorkshopInput::default()
        },
        now(),
    )
    .unwrap();
    for (name, languages, birth_year) in [
        ("Yusuf Al-Hassan يوسف", vec!["ar", "de"], Some(2008)),
        ("Дарья Ковальчук", vec!["uk", "ru"], Some(2009)),
        ("İpek Çelik", vec!["tr"], None),
    ] {
        let participant = events::create_participant(
            &mut db,
            &ParticipantInput {
                name: name.into(),
                birth_year,
                languages: languages.into_iter().map(String::from).collect(),
                consent: consent_given(2026, 11, 1),
                photo_consent: birth_year.is_some(),
                ..ParticipantInput::default()
            },
            now(),
        )
        .unwrap();
        events::register(
            &mut db,
            workshop,
            participant,
            &RegisterOptions::default(),
            now(),
        )
        .unwrap();
    }
    HardCases {
        db,
        kit_id: kit.id,
        fatima_id: fatima,
        blocked_id: sukru,
        erased_id: erased,
        workshop_id: workshop,
    }
}

fn the_hard_cases_survive_export_and_restore_unchanged(db: &mut TestStore) {
    let case = hard_cases(db);
    let (mut restored, workbook) = round_trip(case.db);

    let media = sheet(&workbook, "Medien");
    let row = row_with(media, "Titel", "Willkommen! Deutsch für alle");
    assert_eq!(
        *cell(media, row, "Hilfssprachen"),
        Data::String("ar, en, fa, ku, ru, tr, uk".into()),
        "support languages in one cell, in alphabetical order"
    );
    assert_eq!(*cell(media, row, "Zielsprache"), Data::String("de".into()));
    assert_eq!(*cell(media, row, "Niveau von"), Data::String("A1".into()));
    let record = row_with(media, "Titel", "Lieder aus Anatolien");
    assert_eq!(
        *cell(media, record, "Mediengruppe"),
        Data::String("Schallplatte".into()),
        "a Mediengruppe staff added, by name"
    );

    let kit = catalogue::medium(&restored, case.kit_id).unwrap();
    assert_eq!(
        kit.kit_items
            .iter()
            .map(|i| (i.name.as_str(), i.quantity))
            .collect::<Vec<_>>(),
        [("Bildkarten Obst", 40), ("Würfel", 2)],
        "the kit's contents come back in their order"
    );
    assert_eq!(
        people::borrower(&restored, case.blocked_id)
            .unwrap()
            .blocked_reason
            .as_deref(),
        Some("Ausweis verloren"),
        "the block comes back"
    );
    let loans = sheet(&workbook, "Ausleihen");
    assert_eq!(loans.len(), 5, "four loans: two open, two returned");
    let returned: Vec<usize> = (1..loans.len())
        .filter(|r| *cell(loans, *r, "Zurück am") != Data::Empty)
        .collect();
    assert_eq!(returned.len(), 2);
    assert!(
        returned
            .iter()
            .any(|r| *cell(loans, *r, "Ausleihende-ID") == Data::Empty),
        "a returned loan no longer names its borrower (retention rule: at return) \
         and is exported without the borrower's id"
    );
    let kit_loan = row_with(loans, "Fehlende Teile", "Würfel");
    assert_ne!(
        *cell(loans, kit_loan, "Ausleihende-ID"),
        Data::Empty,
        "a kit returned with parts missing keeps its borrower"
    );

    // The columns version 10 added come back with their values.
    let restored_sukru = people::borrower(&restored, case.blocked_id).unwrap();
    assert_eq!(
        restored_sukru.address,
        address_abroad(),
        "a postal address abroad, in Turkish letters"
    );
    assert_eq!(
        people::borrower(&restored, case.fatima_id)
            .unwrap()
            .address
            .extra,
        "c/o عائلة الزهراء",
        "an addition in Arabic script"
    );
    let reminders = sheet(&workbook, "Mahnungen");
    assert_eq!(reminders.len(), 2, "one reminder sent");
    assert_eq!(
        *cell(reminders, 1, "Titel"),
        Data::String("Willkommen! Deutsch für alle".into()),
        "the title the letter named"
    );
    assert_eq!(
        *cell(reminders, 1, "Inventarnummer"),
        Data::String("KI-M-000001".into())
    );
    assert!(
        matches!(cell(reminders, 1, "Fällig am"), Data::DateTime(_)),
        "the due date the letter named, as an Excel date"
    );
    assert_eq!(
        *cell(reminders, 1, "Ausleihende-ID"),
        Data::Float(case.fatima_id as f64),
        "to whom the letter went"
    );
    let sent = lending::sent_reminders(&restored, case.fatima_id).unwrap();
    assert_eq!(
        sent.iter().map(|r| r.titles.clone()).collect::<Vec<_>>(),
        [vec!["Willkommen! Deutsch für alle".to_owned()]],
        "the restored file knows the reminder sent to her, with its title"
    );
    let letter = lending::reminder_letter(&restored, case.fatima_id, day(2027, 1, 15)).unwrap();
    let before = case
        .db
        .read(|s| lending::reminder_letter_in(s, case.fatima_id, day(2027, 1, 15)))
        .unwrap();
    assert_eq!(
        letter
            .items
            .iter()
            .map(|i| (&i.title, &i.barcode, i.due_on))
            .collect::<Vec<_>>(),
        before
            .items
            .iter()
            .map(|i| (&i.title, &i.barcode, i.due_on))
            .collect::<Vec<_>>(),
        "a Zweitschrift from the restored file names what the letter named"
    );
    let notes = sheet(&workbook, "Verlauf Organisationen");
    let corrected = row_with(
        notes,
        "Text",
        "Gespräch mit Herrn Öztürk über Räume für den Sprachkurs",
    );
    match cell(notes, corrected, "Korrigiert am") {
        Data::DateTime(d) => assert_eq!(d.to_ymd_hms_milli(), (2026, 10, 9, 0, 0, 0, 0)),
        other => panic!("the day of the correction as an Excel date, not {other:?}"),
    }
    let copies = sheet(&workbook, "Exemplare");
    assert_eq!(
        *cell(
            copies,
            row_with(copies, "Inventarnummer", "KI-M-000001"),
            "Standort"
        ),
        Data::String("Regal Ç-3".into()),
        "the copy's own shelf"
    );

    let statuses: Vec<RegistrationStatus> = events::registrations(&restored, case.workshop_id)
        .unwrap()
        .into_iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == RegistrationStatus::Warteliste)
            .count(),
        2,
        "one seat, two on the waitlist: {statuses:?}"
    );

    // The search indexes are rebuilt: names in every script are found.
    let (found, _) = people::search_borrowers(&restored, "Sukru", 0, 0).unwrap();
    assert_eq!(found, 1, "a Turkish name, typed without its letters");
    let (found, _) = people::search_borrowers(&restored, "Ольга", 0, 0).unwrap();
    assert_eq!(found, 1, "a Cyrillic name");
    let (found, _) = people::search_borrowers(&restored, "فاطمة", 0, 0).unwrap();
    assert_eq!(found, 1, "an Arabic name");
    let media = catalogue::search_media(
        &restored,
        &MediaQuery {
            text: "KI-M-000003".into(),
            ..MediaQuery::default()
        },
    )
    .unwrap();
    assert_eq!(media.total, 1, "a copy's Inventarnummer finds its medium");
    let media = catalogue::search_media(
        &restored,
        &MediaQuery {
            language: Some("fa".into()),
            level: Some(Level::A2),
            ..MediaQuery::default()
        },
    )
    .unwrap();
    assert_eq!(media.total, 1, "the language and level filters find it");
    let directory = organisations::search_organisations(
        &restored,
        &DirectoryQuery {
            text: "Мост".into(),
            ..DirectoryQuery::default()
        },
    )
    .unwrap();
    assert_eq!(directory.total, 1, "an organisation by its Cyrillic name");
    let directory = organisations::search_organisations(
        &restored,
        &DirectoryQuery {
            text: "Ozturk".into(),
            ..DirectoryQuery::default()
        },
    )
    .unwrap();
    assert_eq!(directory.total, 1, "an organisation by its contact's name");

    // A number once given out is not given again, also not the erased one's.
    let next = people::create_borrower(
        &mut restored,
        &BorrowerInput {
            name: "Neue Person".into(),
            print_language: "de".into(),
            card_number: "KI-A-000099".into(),
            ..BorrowerInput::default()
        },
        now(),
    )
    .unwrap();
    assert!(
        next.id > case.erased_id,
        "the erased borrower's number {} stays unused (got {})",
        case.erased_id,
        next.id
    );
}
on_both_engines!(the_hard_cases_survive_export_and_restore_unchanged);

fn the_export_has_german_headers_and_real_excel_dates(db: &mut TestStore) {
    let case = hard_cases(db);
    let workbook = sheets(&case.db.read(export::workbook_in).unwrap());
    let names: Vec<&str> = workbook.iter().map(|(n, _)| n.as_str()).collect();
    for expected in [
        "Medien",
        "Exemplare",
        "Ausleihende",
        "Ausleihen",
        "Organisationen",
        "Ansprechpersonen",
        "Rollen",
        "Angebote",
        "Projekte",
        "Projektpartner",
        "Treffen",
        "Teilnahme Treffen",
        "Veranstaltungen",
        "Workshops",
        "Teilnehmende",
        "Anmeldungen",
    ] {
        assert!(names.contains(&expected), "a sheet {expected}: {names:?}");
    }
    let copies = sheet(&workbook, "Exemplare");
    assert_eq!(
        copies[0][..3],
        [
            Data::String("ID".into()),
            Data::String("Medium-ID".into()),
            Data::String("Inventarnummer".into())
        ],
        "German headers, the reference to the medium by its id"
    );
    let first = row_with(copies, "Inventarnummer", "KI-M-000001");
    match cell(copies, first, "Erworben am") {
        Data::DateTime(d) => {
            assert!(d.is_datetime(), "a date, not a duration");
            assert_eq!(d.to_ymd_hms_milli(), (2026, 9, 1, 0, 0, 0, 0));
        }
        other => panic!("a real Excel date, not {other:?}"),
    }
    assert_eq!(
        *cell(copies, first, "Preis (€)"),
        Data::Float(24.9),
        "prices in euros"
    );
    let loans = sheet(&workbook, "Ausleihen");
    match cell(loans, 1, "Ausgeliehen am") {
        Data::DateTime(d) => assert_eq!(d.to_ymd_hms_milli(), (2026, 11, 2, 10, 0, 0, 0)),
        other => panic!("a moment as a real Excel date, not {other:?}"),
    }
    let workshops = sheet(&workbook, "Workshops");
    assert_eq!(*cell(workshops, 1, "Warteliste"), Data::Bool(true));
}
on_both_engines!(the_export_has_german_headers_and_real_excel_dates);

/// Whole tables the export leaves out on purpose (see "Left out" in the
/// documentation of `kiz::export`).
const TABLES_LEFT_OUT: &[&str] = &[
    // Settings: they configure the installation, not records; a backup
    // carries them. `app_setting` holds every key (saved filters, retention
    // rules, the paper of slips and receipts, ...).
    "institution",
    "app_setting",
    "loan_rule",
    "loan_limit",
    "closing_period",
    "course_term",
    "course_end_limit",
    // SQLite's own numbering; the restore sets it as a backup does.
    "sqlite_sequence",
];

/// The full-text indexes: made from the records and rebuilt by the
/// restore. Each is a virtual table with shadow tables named after it
/// (`medium_search_content`, `_data`, `_idx`, `_docsize`, `_config`).
const SEARCH_INDEXES: &[&str] = &["medium_search", "borrower_search", "organisation_search"];

/// Single columns the export leaves out on purpose.
const COLUMNS_LEFT_OUT: &[(&str, &str)] = &[
    // List entries are named by their name in records and found by name
    // on restore; their numbers differ between databases, and the built-in
    // entries come with every database.
    ("media_kind", "id"),
    ("media_kind", "builtin"),
    ("organisation_kind", "id"),
    ("organisation_kind", "builtin"),
    ("offering_kind", "id"),
    ("offering_kind", "builtin"),
    // Consent texts are merged by purpose, version and language into the
    // texts every database ships.
    ("consent_text", "id"),
    // The deletion log is appended to the new file's own log and numbered
    // anew there.
    ("deletion_log", "id"),
    // A record's version and the workstation that saved it last guard
    // forms open on several PCs at one moment (issue 22); a restore fills
    // one PC's empty file, where no other PC has a form open, and its
    // records start again at version 1.
    ("medium", "version"),
    ("medium", "updated_by"),
    ("borrower", "version"),
    ("borrower", "updated_by"),
    ("organisation", "version"),
    ("organisation", "updated_by"),
    ("event", "version"),
    ("event", "updated_by"),
    ("workshop", "version"),
    ("workshop", "updated_by"),
    ("participant", "version"),
    ("participant", "updated_by"),
    ("offering", "version"),
    ("offering", "updated_by"),
    ("contact", "version"),
    ("contact", "updated_by"),
    ("project", "version"),
    ("project", "updated_by"),
    ("meeting", "version"),
    ("meeting", "updated_by"),
    ("copy", "version"),
    ("copy", "updated_by"),
    ("copy", "updated_at"),
    ("organisation_note", "version"),
    ("organisation_note", "updated_by"),
    ("organisation_note", "updated_at"),
];

/// Every stored column of the schema (tables only: views store nothing).
fn schema_columns() -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema.sqlite");
    drop(Db::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT m.name, c.name FROM sqlite_master AS m, pragma_table_info(m.name) AS c
             WHERE m.type = 'table' ORDER BY m.name, c.cid",
        )
        .unwrap();
    let columns = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert!(columns.len() > 100, "the schema was read: {columns:?}");
    columns
}

/// A column added to the schema (by a migration) reaches the export, or
/// is left out on purpose in the lists above: a round trip cannot notice a
/// column missing from both workbooks.
#[test]
fn every_column_of_the_schema_is_exported_or_left_out_on_purpose() {
    let exported = export::exported_columns();
    let schema = schema_columns();
    let left_out = |table: &str, column: &str| {
        TABLES_LEFT_OUT.contains(&table)
            || SEARCH_INDEXES
                .iter()
                .any(|index| table == *index || table.starts_with(&format!("{index}_")))
            || COLUMNS_LEFT_OUT.contains(&(table, column))
    };
    let missing: Vec<String> = schema
        .iter()
        .filter(|(t, c)| !left_out(t, c) && !exported.contains(&(t.as_str(), c.as_str())))
        .map(|(t, c)| format!("{t}.{c}"))
        .collect();
    assert!(
        missing.is_empty(),
        "columns the full export drops (add them to a sheet in src/export/sheets/, \
         or to the deliberate exclusions of this test): {missing:?}"
    );
    let unknown: Vec<String> = exported
        .iter()
        .chain(COLUMNS_LEFT_OUT)
        .filter(|(t, c)| !schema.iter().any(|(st, sc)| st == t && sc == c))
        .map(|(t, c)| format!("{t}.{c}"))
        .collect();
    assert!(
        unknown.is_empty(),
        "exported or excluded columns the schema lacks: {unknown:?}"
    );
    let tables: Vec<&str> = schema.iter().map(|(t, _)| t.as_str()).collect();
    for table in TABLES_LEFT_OUT.iter().chain(SEARCH_INDEXES) {
        assert!(tables.contains(table), "{table} is in the schema");
    }
}

/// The rows of a sheet in a fresh export of `db`.
fn count(db: &Db, name: &str) -> usize {
    let bytes = export::workbook(db).unwrap();
    sheet(&sheets(&bytes), name).len() - 1
}

#[test]
fn restoring_into_a_database_with_records_is_refused_and_changes_nothing() {
    let mut store = TestStore::file();
    let case = hard_cases(&mut store);
    let bytes = case.db.read(export::workbook_in).unwrap();
    let mut target = test_db();
    common::medium_with_copy(&mut target, "Schon da", "X-1");
    let before = export::workbook(&target).unwrap();
    let error = export::restore(&mut target, &bytes, restore_moment()).unwrap_err();
    assert!(
        matches!(error, Error::RestoreNeedsEmptyDatabase),
        "its numbers would meet the records there: {error:?}"
    );
    assert_eq!(
        sheets(&export::workbook(&target).unwrap()),
        sheets(&before),
        "nothing was stored"
    );
}

/// The workbook `bytes` with the sheet `drop` left out, and the cell under
/// `header` in data row `row` of sheet `change` replaced by `value`.
fn edited(bytes: &[u8], drop: Option<&str>, change: Option<(&str, usize, &str, Data)>) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets(bytes) {
        if Some(name.as_str()) == drop {
            continue;
        }
        let ws = book.add_worksheet();
        ws.set_name(&name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, data) in row.iter().enumerate() {
                let data = match &change {
                    Some((sheet, at, header, value))
                        if *sheet == name
                            && *at == r
                            && rows[0][c] == Data::String((*header).into()) =>
                    {
                        value.clone()
                    }
                    _ => data.clone(),
                };
                let (r, c) = (r as u32, c as u16);
                match data {
                    Data::String(s) => ws.write_string(r, c, s).map(|_| ()),
                    Data::Float(x) => ws.write_number(r, c, x).map(|_| ()),
                    Data::Int(n) => ws.write_number(r, c, n as f64).map(|_| ()),
                    Data::Bool(b) => ws.write_boolean(r, c, b).map(|_| ()),
                    Data::DateTime(d) => ws
                        .write_datetime_with_format(
                            r,
                            c,
                            rust_xlsxwriter::ExcelDateTime::from_serial_datetime(d.as_f64())
                                .unwrap(),
                            &rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy hh:mm:ss"),
                        )
                        .map(|_| ()),
                    _ => Ok(()),
                }
                .unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn an_edited_copy_of_the_export_restores_the_same() {
    let mut store = TestStore::file();
    let case = hard_cases(&mut store);
    let bytes = case.db.read(export::workbook_in).unwrap();
    let copy = edited(&bytes, None, None);
    let mut restored = test_db();
    export::restore(&mut restored, &copy, restore_moment()).expect("a faithful copy restores");
    assert_eq!(
        sheets(&export::workbook(&restored).unwrap()),
        sheets(&bytes),
        "a workbook written by another program reads back the same"
    );
}

#[test]
fn a_workbook_missing_a_sheet_is_refused_and_stores_nothing() {
    let mut store = TestStore::file();
    let case = hard_cases(&mut store);
    let bytes = edited(
        &case.db.read(export::workbook_in).unwrap(),
        Some("Exemplare"),
        None,
    );
    let mut target = test_db();
    let error = export::restore(&mut target, &bytes, restore_moment()).unwrap_err();
    assert!(
        matches!(&error, Error::WorkbookSheetMissing { sheet } if sheet == "Exemplare"),
        "the missing sheet is named: {error:?}"
    );
    assert_eq!(count(&target, "Medien"), 0, "nothing was stored");
    assert_eq!(count(&target, "Organisationen"), 0, "nothing was stored");
}

#[test]
fn a_bad_cell_or_a_dangling_reference_is_refused_naming_the_place_and_stores_nothing() {
    let mut store = TestStore::file();
    let case = hard_cases(&mut store);
    let bytes = case.db.read(export::workbook_in).unwrap();

    let bad_date = edited(
        &bytes,
        None,
        Some(("Ausleihen", 1, "Fällig am", Data::String("bald".into()))),
    );
    let mut target = test_db();
    let error = export::restore(&mut target, &bad_date, restore_moment()).unwrap_err();
    assert!(
        matches!(
            &error,
            Error::WorkbookCellInvalid { sheet, row: 2, column } if sheet == "Ausleihen" && column == "Fällig am"
        ),
        "sheet, row as Excel counts it, and column: {error:?}"
    );

    let dangling = edited(
        &bytes,
        None,
        Some(("Exemplare", 2, "Medium-ID", Data::Float(999.0))),
    );
    let error = export::restore(&mut target, &dangling, restore_moment()).unwrap_err();
    assert!(
        matches!(
            &error,
            Error::WorkbookReferenceMissing { sheet, row: 3, column, target }
                if sheet == "Exemplare" && column == "Medium-ID" && target == "Medien"
        ),
        "the reference and the sheet it names: {error:?}"
    );

    let twice = edited(
        &bytes,
        None,
        Some((
            "Exemplare",
            2,
            "Inventarnummer",
            Data::String("KI-M-000001".into()),
        )),
    );
    let error = export::restore(&mut target, &twice, restore_moment()).unwrap_err();
    assert!(
        matches!(&error, Error::WorkbookRowRefused { sheet, row: 3 } if sheet == "Exemplare"),
        "an Inventarnummer used twice: {error:?}"
    );

    let renamed = edited(
        &bytes,
        None,
        Some(("Medien", 0, "Titel", Data::String("Name".into()))),
    );
    let error = export::restore(&mut target, &renamed, restore_moment()).unwrap_err();
    assert!(
        matches!(&error, Error::WorkbookColumnMissing { sheet, column } if sheet == "Medien" && column == "Titel"),
        "a header that is not the export's: {error:?}"
    );

    let error =
        export::restore(&mut target, b"%PDF-1.7 not a workbook", restore_moment()).unwrap_err();
    assert!(matches!(error, Error::ImportNotATable), "{error:?}");

    for name in ["Medien", "Exemplare", "Ausleihende", "Organisationen"] {
        assert_eq!(count(&target, name), 0, "nothing of {name} was stored");
    }
    export::restore(&mut target, &bytes, restore_moment())
        .expect("after the refusals the database is still empty and takes the good workbook");
}

/// The moment a list or a role is saved in these tests.
fn saved_at() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a valid moment")
}
