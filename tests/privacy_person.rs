//! One person's data and nobody else's: the access report holds the
//! person's own record and the records linked to it by id, records of the
//! same or a similar name only when staff tick them (and marked as such);
//! erasure takes the linked records staff confirm along, in one
//! transaction, with a log line per kind and no name.

mod common;
#[macro_use]
mod test_cluster;

use chrono::{Duration, NaiveDate};
use common::{at_ten, consent_given, lend, medium_with_copy};
use kiz::db::engine::Engine;
use kiz::events::{self, EventInput, ParticipantInput, RegisterOptions, WorkshopInput};
use kiz::lending;
use kiz::organisations::{self, ContactInput, OrganisationInput, RoleInput};
use kiz::people::{self, BorrowerInput};
use kiz::privacy::{self, Person, Relation};
use test_cluster::TestStore;

fn borrower(db: &mut impl Engine, name: &str, email: &str) -> i64 {
    people::create_borrower(
        db,
        &BorrowerInput {
            name: name.into(),
            email: email.into(),
            // Loans stay linked after the return: there is a history.
            history_consent: consent_given(2026, 1, 2),
            ..BorrowerInput::default()
        },
        at_ten(2025, 1, 1),
    )
    .unwrap()
    .id
}

fn organisation(db: &mut impl Engine, name: &str) -> i64 {
    organisations::create_organisation(
        db,
        &OrganisationInput {
            name: name.into(),
            ..OrganisationInput::default()
        },
        at_ten(2025, 1, 1),
    )
    .unwrap()
    .id
}

fn contact(
    db: &mut impl Engine,
    name: &str,
    organisation_id: i64,
    borrower_id: Option<i64>,
) -> i64 {
    organisations::create_contact(
        db,
        &ContactInput {
            name: name.into(),
            email: "kontakt@example.org".into(),
            borrower_id,
            consent: consent_given(2026, 1, 2),
            ..ContactInput::default()
        },
        Some(&RoleInput {
            organisation_id,
            role: "Vorsitz".into(),
            started_on: None,
            ended_on: None,
        }),
        at_ten(2025, 2, 1),
    )
    .unwrap()
    .id
}

/// A participant registered for the workshop "Bewerbungstraining" of the
/// "Ausbildungsbörse".
fn participant(db: &mut impl Engine, name: &str) -> i64 {
    let event = events::create_event(
        db,
        &EventInput {
            title: "Ausbildungsbörse".into(),
            starts_on: NaiveDate::from_ymd_opt(2026, 11, 20),
            ..EventInput::default()
        },
        at_ten(2026, 9, 1),
    )
    .unwrap();
    let w = events::create_workshop(
        db,
        event,
        &WorkshopInput {
            title: "Bewerbungstraining".into(),
            starts_at: Some(at_ten(2026, 11, 20)),
            ends_at: Some(at_ten(2026, 11, 20) + Duration::hours(1)),
            capacity: 10,
            ..WorkshopInput::default()
        },
        at_ten(2026, 9, 1),
    )
    .unwrap();
    let p = events::create_participant(
        db,
        &ParticipantInput {
            name: name.into(),
            consent: consent_given(2026, 1, 2),
            ..ParticipantInput::default()
        },
        at_ten(2026, 10, 1),
    )
    .unwrap();
    events::register(db, w, p, &RegisterOptions::default(), at_ten(2026, 10, 1)).unwrap();
    p
}

fn titles(report: &privacy::AccessReport) -> Vec<&str> {
    report.loans.iter().map(|l| l.title.as_str()).collect()
}

fn two_borrowers_with_the_same_name_each_get_only_their_own_loans_in_the_report(
    db: &mut TestStore,
) {
    medium_with_copy(db, "Linie 1 A1", "L1");
    medium_with_copy(db, "Das Bilderwörterbuch", "B1");
    let first = borrower(db, "Mohammed Ali", "erster@example.org");
    let second = borrower(db, "Mohammed Ali", "zweiter@example.org");
    lend(db, first, "L1", at_ten(2026, 3, 1)).unwrap();
    lend(db, second, "B1", at_ten(2026, 3, 2)).unwrap();
    let now = at_ten(2026, 3, 5);

    let one = db
        .read(|s| privacy::access_report_in(s, Person::Borrower(first), &[], now))
        .unwrap();
    let two = db
        .read(|s| privacy::access_report_in(s, Person::Borrower(second), &[], now))
        .unwrap();
    assert_eq!(titles(&one), ["Linie 1 A1"], "only the first one's loan");
    assert_eq!(
        titles(&two),
        ["Das Bilderwörterbuch"],
        "only the second one's loan"
    );
    assert_eq!(one.records.len(), 1, "one record: {:?}", one.records);
    assert!(
        one.added_records.is_empty(),
        "nothing added without staff ticking it"
    );
    let json = serde_json::to_string(&one).unwrap();
    assert!(
        !json.contains("Bilderwörterbuch") && !json.contains("zweiter@example.org"),
        "the JSON holds nothing of the other person: {json}"
    );

    // The other one is offered to staff, with what they need to decide.
    let offered = db
        .read(|s| privacy::access_report_candidates_in(s, Person::Borrower(first)))
        .unwrap();
    assert_eq!(offered.len(), 1, "{offered:?}");
    assert_eq!(offered[0].person, Person::Borrower(second));
    assert_eq!(offered[0].relation, Relation::SameName);
    assert_eq!(offered[0].created_on, "2025-01-01");
    let card = db
        .read(|s| people::borrower_in(s, second))
        .unwrap()
        .card_number;
    assert_eq!(
        offered[0].context,
        [card],
        "the card number tells them apart"
    );
}
on_both_engines!(two_borrowers_with_the_same_name_each_get_only_their_own_loans_in_the_report);

fn a_ticked_record_of_the_same_name_goes_in_and_is_marked_as_added_by_staff(db: &mut TestStore) {
    medium_with_copy(db, "Linie 1 A1", "L1");
    let b = borrower(db, "Şükrü Yılmaz", "sukru@example.org");
    lend(db, b, "L1", at_ten(2026, 3, 1)).unwrap();
    let p = participant(db, "Sukru Yilmaz");
    let now = at_ten(2026, 11, 26);

    let alone = db
        .read(|s| privacy::access_report_in(s, Person::Borrower(b), &[], now))
        .unwrap();
    assert!(
        alone.registrations.is_empty(),
        "a registration under the same name is not his until staff say so"
    );
    let offered = db
        .read(|s| privacy::access_report_candidates_in(s, Person::Borrower(b)))
        .unwrap();
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0].person, Person::Participant(p));
    assert_eq!(
        offered[0].relation,
        Relation::SameName,
        "same after folding"
    );
    assert_eq!(
        offered[0].context,
        ["Ausbildungsbörse: Bewerbungstraining"],
        "the workshop tells staff who it is"
    );

    let report = db
        .read(|s| privacy::access_report_in(s, Person::Borrower(b), &[Person::Participant(p)], now))
        .unwrap();
    assert_eq!(report.loans.len(), 1);
    assert_eq!(report.registrations.len(), 1);
    assert_eq!(report.registrations[0].workshop, "Bewerbungstraining");
    assert_eq!(
        report.added_records,
        [format!(
            "Teilnehmende(r) Nr. {p} (gleicher Name: Sukru Yilmaz)"
        )],
        "marked so staff can check it before handing it over"
    );

    // The printout lists it as added by name (printed as the app prints
    // it: with this PC's backup plan on the file, IT's on the server).
    let pdf = kiz::documents::render_on(
        &mut db.store(),
        &kiz::documents::DocumentRequest::AccessReport {
            person: Person::Borrower(b),
            extra: vec![Person::Participant(p)],
            json: false,
        },
        &common::printing_at(now),
    )
    .unwrap();
    let text = common::poppler("pdftotext", &["-layout"], &pdf.bytes);
    assert!(
        text.contains("Zugeordnet nach Namen") && text.contains("gleicher Name: Sukru Yilmaz"),
        "{text}"
    );
    assert!(text.contains("Bewerbungstraining"), "{text}");
    let backups = match db {
        TestStore::File(_) => {
            "spätestens nach 12 Monaten; Kopien vor einer Wiederherstellung und beschädigte \
             Dateien nach 90 Tagen"
        }
        TestStore::Server(..) => "auf einem Server, den die IT sichert",
    };
    assert!(
        common::letters(&text).contains(&common::letters(backups)),
        "the report states where the backups are: {text}"
    );
}
on_both_engines!(
    a_ticked_record_of_the_same_name_goes_in_and_is_marked_as_added_by_staff,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

fn a_contact_who_is_a_borrower_has_both_records_in_the_report_without_asking(db: &mut TestStore) {
    medium_with_copy(db, "Linie 1 A1", "L1");
    let org = organisation(db, "Afrikanischer Frauenverein");
    let b = borrower(db, "Fatou Ndiaye", "fatou@example.org");
    lend(db, b, "L1", at_ten(2026, 3, 1)).unwrap();
    let c = contact(db, "Fatou Ndiaye", org, Some(b));
    // Another Fatou Ndiaye, a participant: not linked, only offered.
    let p = participant(db, "Fatou Ndiaye");
    let now = at_ten(2026, 11, 26);

    let linked = db
        .read(|s| privacy::linked_records_in(s, Person::Contact(c)))
        .unwrap();
    assert_eq!(linked.len(), 1);
    assert_eq!(linked[0].person, Person::Borrower(b));
    assert_eq!(linked[0].relation, Relation::Linked);
    let linked = db
        .read(|s| privacy::linked_records_in(s, Person::Borrower(b)))
        .unwrap();
    assert_eq!(linked[0].person, Person::Contact(c));
    assert_eq!(linked[0].context, ["Afrikanischer Frauenverein (Vorsitz)"]);
    assert!(db
        .read(|s| privacy::linked_records_in(s, Person::Participant(p)))
        .unwrap()
        .is_empty());

    let report = db
        .read(|s| privacy::access_report_in(s, Person::Contact(c), &[], now))
        .unwrap();
    assert_eq!(
        titles(&report),
        ["Linie 1 A1"],
        "the linked borrower's loans"
    );
    assert_eq!(report.roles.len(), 1);
    assert_eq!(
        report.records,
        [
            format!("Ansprechperson Nr. {c}"),
            format!("Ausleihende(r) Nr. {b}")
        ]
    );
    assert!(
        report.registrations.is_empty(),
        "the participant is not linked"
    );
    let offered = db
        .read(|s| privacy::access_report_candidates_in(s, Person::Contact(c)))
        .unwrap();
    assert_eq!(
        offered.iter().map(|o| o.person).collect::<Vec<_>>(),
        [Person::Participant(p)],
        "the linked borrower is not offered again"
    );
}
on_both_engines!(a_contact_who_is_a_borrower_has_both_records_in_the_report_without_asking);

fn a_record_that_is_not_offered_cannot_be_put_into_the_report(db: &mut TestStore) {
    let b = borrower(db, "Amal Haddad", "amal@example.org");
    let other = borrower(db, "Awa Diop", "awa@example.org");
    let err = db
        .read(|s| {
            privacy::access_report_in(
                s,
                Person::Borrower(b),
                &[Person::Borrower(other)],
                at_ten(2026, 11, 26),
            )
        })
        .unwrap_err();
    assert_eq!(
        err.code(),
        "not_found",
        "another person's data never goes in"
    );
}
on_both_engines!(a_record_that_is_not_offered_cannot_be_put_into_the_report);

#[test]
fn names_in_another_order_or_one_letter_apart_are_similar_and_others_are_not() {
    use privacy::name_relation;
    assert_eq!(
        name_relation("Mohammed Ali", "mohammed  ALI"),
        Some(Relation::SameName)
    );
    assert_eq!(
        name_relation("Şükrü Yılmaz", "Sukru Yilmaz"),
        Some(Relation::SameName)
    );
    for (a, b) in [
        ("Mohammed Ali", "Ali Mohammed"),
        ("Şükrü Yılmaz", "Yılmaz, Şükrü"),
        ("Mohammed Ali", "Mohamed Ali"),
        ("Mohammed Ali", "Mohammad Ali"),
        ("Olena Kovalenko", "Olena Kowalenko"),
        ("Ali Mohammed", "Mohamed Ali"),
    ] {
        assert_eq!(
            name_relation(a, b),
            Some(Relation::SimilarName),
            "{a} ~ {b}"
        );
    }
    for (a, b) in [
        ("Mohammed Ali", "Mohammed Ali Hassan"),
        ("Mohammed Ali", "Ahmed Ali"),
        ("Li", "Lu"),
        ("Anna Schmidt", "Anne Schmitz"),
        ("Amal Haddad", "Awa Diop"),
    ] {
        assert_eq!(name_relation(a, b), None, "{a} is not {b}");
    }
}

/// The names above as stored records: the access report offers the one of
/// a similar name, with where it belongs.
fn a_record_of_a_similar_name_is_offered_for_the_access_report(db: &mut TestStore) {
    let b = borrower(db, "Mohammed Ali", "m@example.org");
    let org = organisation(db, "Marokkanischer Kulturverein");
    let c = contact(db, "Ali Mohammed", org, None);
    borrower(db, "Ahmed Ali", "a@example.org");
    let offered = db
        .read(|s| privacy::access_report_candidates_in(s, Person::Borrower(b)))
        .unwrap();
    assert_eq!(offered.len(), 1, "{offered:?}");
    assert_eq!(offered[0].person, Person::Contact(c));
    assert_eq!(offered[0].relation, Relation::SimilarName);
    assert_eq!(
        offered[0].context,
        ["Marokkanischer Kulturverein (Vorsitz)"]
    );
}
on_both_engines!(a_record_of_a_similar_name_is_offered_for_the_access_report);

fn erasing_a_person_erases_the_linked_records_staff_confirm_in_one_transaction(db: &mut TestStore) {
    medium_with_copy(db, "Linie 1 A1", "L1");
    let org = organisation(db, "Afrikanischer Frauenverein");
    let b = borrower(db, "Fatou Ndiaye", "fatou@example.org");
    let c = contact(db, "Fatou Ndiaye", org, Some(b));
    let now = at_ten(2026, 11, 26);

    // Only linked records can go along.
    let stranger = borrower(db, "Awa Diop", "awa@example.org");
    let err = privacy::erase_on(
        db,
        Person::Contact(c),
        &[Person::Borrower(stranger)],
        "A. Becker",
        now,
    )
    .unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert_eq!(
        db.read(|s| organisations::contact_in(s, c)).unwrap().name,
        "Fatou Ndiaye",
        "nothing erased when one record is refused"
    );

    // The linked borrower has an item on loan: nothing at all is erased.
    lend(db, b, "L1", at_ten(2026, 11, 20)).unwrap();
    let err = privacy::erase_on(
        db,
        Person::Contact(c),
        &[Person::Borrower(b)],
        "A. Becker",
        now,
    )
    .unwrap_err();
    assert_eq!(err.code(), "person_has_loans");
    assert_eq!(
        db.read(|s| organisations::contact_in(s, c)).unwrap().name,
        "Fatou Ndiaye",
        "one transaction: the contact stays too"
    );
    lending::checkin(
        db,
        &lending::ReturnRequest {
            barcode: "L1".into(),
            missing_parts: Vec::new(),
        },
        at_ten(2026, 11, 21),
    )
    .unwrap();

    privacy::erase_on(
        db,
        Person::Contact(c),
        &[Person::Borrower(b)],
        "A. Becker",
        now,
    )
    .unwrap();
    db.scrub();
    assert_eq!(
        db.read(|s| organisations::contact_in(s, c))
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(
        db.read(|s| people::borrower_in(s, b)).unwrap_err().code(),
        "not_found"
    );
    assert_eq!(
        db.read(|s| people::borrower_in(s, stranger)).unwrap().name,
        "Awa Diop"
    );
    let log = db.read(|s| privacy::deletion_log_in(s)).unwrap();
    let mut lines: Vec<(&str, &str, Vec<i64>, &str)> = log
        .iter()
        .map(|e| {
            (
                e.rule.as_str(),
                e.record_kind.as_str(),
                e.record_ids.clone(),
                e.staff.as_str(),
            )
        })
        .collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            ("erasure", "borrower", vec![b], "A. Becker"),
            ("erasure", "contact", vec![c], "A. Becker"),
        ],
        "one line per kind, with the ids for a restore"
    );
    let text = format!("{log:?}");
    assert!(
        !text.contains("Fatou") && !text.contains("Ndiaye"),
        "no name in the log: {text}"
    );
}
on_both_engines!(erasing_a_person_erases_the_linked_records_staff_confirm_in_one_transaction);

fn a_person_erased_alone_leaves_the_linked_record_unlinked(db: &mut TestStore) {
    let org = organisation(db, "Afrikanischer Frauenverein");
    let b = borrower(db, "Fatou Ndiaye", "fatou@example.org");
    let c = contact(db, "Fatou Ndiaye", org, Some(b));
    assert_eq!(
        privacy::erase_on(db, Person::Contact(c), &[], " ", at_ten(2026, 11, 26))
            .unwrap_err()
            .code(),
        "required",
        "a contact's erasure asks for the staff name, like any other"
    );
    privacy::erase_on(
        db,
        Person::Borrower(b),
        &[],
        "A. Becker",
        at_ten(2026, 11, 26),
    )
    .unwrap();
    db.scrub();
    let kept = db.read(|s| organisations::contact_in(s, c)).unwrap();
    assert_eq!(
        kept.borrower_id, None,
        "the contact stays, without the link"
    );
    let log = db.read(|s| privacy::deletion_log_in(s)).unwrap();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].record_kind, "borrower");
}
on_both_engines!(a_person_erased_alone_leaves_the_linked_record_unlinked);

fn erasing_a_participant_before_the_workshop_gives_their_seat_to_the_waiting_list(
    db: &mut TestStore,
) {
    let event = events::create_event(
        db,
        &EventInput {
            title: "Ausbildungsbörse".into(),
            starts_on: NaiveDate::from_ymd_opt(2026, 11, 20),
            ..EventInput::default()
        },
        at_ten(2026, 9, 1),
    )
    .unwrap();
    let workshop = events::create_workshop(
        db,
        event,
        &WorkshopInput {
            title: "Pflegeberufe".into(),
            starts_at: Some(at_ten(2026, 11, 20)),
            ends_at: Some(at_ten(2026, 11, 20) + Duration::hours(1)),
            capacity: 1,
            waitlist: true,
            ..WorkshopInput::default()
        },
        at_ten(2026, 9, 1),
    )
    .unwrap();
    let mut people = Vec::new();
    for name in ["Amal Haddad", "Awa Diop"] {
        let p = events::create_participant(
            db,
            &ParticipantInput {
                name: name.into(),
                consent: consent_given(2026, 1, 2),
                ..ParticipantInput::default()
            },
            at_ten(2026, 10, 1),
        )
        .unwrap();
        events::register(
            db,
            workshop,
            p,
            &RegisterOptions::default(),
            at_ten(2026, 10, 1),
        )
        .unwrap();
        people.push(p);
    }
    privacy::erase_on(
        db,
        Person::Participant(people[0]),
        &[],
        "A. Becker",
        at_ten(2026, 11, 2),
    )
    .unwrap();
    db.scrub();
    let rows = db.read(|s| events::registrations_in(s, workshop)).unwrap();
    let status = |p: i64| {
        rows.iter()
            .find(|r| r.participant_id == p)
            .map(|r| format!("{:?}", r.status))
            .unwrap()
    };
    assert_eq!(
        status(people[0]),
        "Abgesagt",
        "an erased person will not come and keeps no seat"
    );
    assert_eq!(
        status(people[1]),
        "Angemeldet",
        "the seat goes to the next on the waiting list"
    );
}
on_both_engines!(erasing_a_participant_before_the_workshop_gives_their_seat_to_the_waiting_list);

fn a_copy_set_aside_for_an_erased_borrower_goes_to_the_next_in_the_queue(db: &mut TestStore) {
    medium_with_copy(db, "Linie 1 A2", "KI-M-000001");
    let first = borrower(db, "Amal Haddad", "");
    let second = borrower(db, "Awa Diop", "");
    let medium_id = kiz::catalogue::CatalogueStore::search_media(
        db,
        &kiz::catalogue::MediaQuery {
            text: "Linie".into(),
            ..Default::default()
        },
    )
    .unwrap()
    .rows[0]
        .id;
    // The copy is on the shelf: the first reservation sets it aside.
    lending::reserve(db, medium_id, first, at_ten(2026, 11, 2)).unwrap();
    lending::reserve(db, medium_id, second, at_ten(2026, 11, 3)).unwrap();
    privacy::erase_on(
        db,
        Person::Borrower(first),
        &[],
        "A. Becker",
        at_ten(2026, 11, 4),
    )
    .unwrap();
    db.scrub();
    let ready = db
        .read(|s| lending::reservations_in(s, &Default::default()))
        .unwrap()
        .into_iter()
        .find(|r| r.borrower_id == Some(second))
        .expect("the second reservation");
    assert_eq!(
        format!("{:?}", ready.status),
        "Bereit",
        "the copy set aside for the erased borrower is set aside for the next in line"
    );
}
on_both_engines!(a_copy_set_aside_for_an_erased_borrower_goes_to_the_next_in_the_queue);

fn a_contacts_report_holds_languages_workshops_led_and_meetings_and_the_form_their_language(
    db: &mut TestStore,
) {
    let org = organisation(db, "Kurdische Gemeinschaft");
    let c = organisations::create_contact(
        db,
        &ContactInput {
            name: "Rêzan Xelîl".into(),
            // No Kurdish text ships: the French one is printed beside it.
            languages: vec!["ku".into(), "fr".into()],
            consent: consent_given(2026, 1, 2),
            ..ContactInput::default()
        },
        Some(&RoleInput {
            organisation_id: org,
            role: "Vorsitz".into(),
            started_on: None,
            ended_on: None,
        }),
        at_ten(2026, 1, 5),
    )
    .unwrap()
    .id;
    let event = events::create_event(
        db,
        &EventInput {
            title: "Ausbildungsbörse".into(),
            starts_on: NaiveDate::from_ymd_opt(2026, 11, 20),
            ..EventInput::default()
        },
        at_ten(2026, 9, 1),
    )
    .unwrap();
    events::create_workshop(
        db,
        event,
        &WorkshopInput {
            title: "Berufe in der Pflege".into(),
            starts_at: Some(at_ten(2026, 11, 20)),
            ends_at: Some(at_ten(2026, 11, 20) + Duration::hours(1)),
            capacity: 10,
            facilitators: vec![c],
            ..WorkshopInput::default()
        },
        at_ten(2026, 9, 1),
    )
    .unwrap();
    // An Arbeitskreis meeting she attended for her organisation.
    let group =
        organisations::create_working_group(db, "Arbeitskreis Migration", "", at_ten(2026, 1, 5))
            .unwrap();
    organisations::join(db, group, org, NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()).unwrap();
    let meeting = organisations::save_meeting(
        db,
        group,
        None,
        &organisations::MeetingInput {
            starts_at: Some(at_ten(2026, 3, 4)),
            ..Default::default()
        },
        at_ten(2026, 2, 1),
        "BUERO-1",
    )
    .unwrap();
    organisations::set_attendance(
        db,
        meeting,
        &[organisations::Attendance {
            organisation_id: org,
            present: true,
            contact_id: Some(c),
            persons: 1,
            ..Default::default()
        }],
    )
    .unwrap();
    let report = db
        .read(|s| privacy::access_report_in(s, Person::Contact(c), &[], at_ten(2026, 11, 26)))
        .unwrap();
    assert!(
        report.master_data.contains(&(
            "Sprachen (Verzeichnis)".into(),
            "Französisch, Kurdisch".into()
        )),
        "{:?}",
        report.master_data
    );
    assert_eq!(report.workshops_led.len(), 1);
    assert_eq!(report.workshops_led[0].workshop, "Berufe in der Pflege");
    assert_eq!(
        report.meetings,
        [(
            "Arbeitskreis Migration".to_owned(),
            "2026-03-04T10:00:00".to_owned()
        )]
    );

    let (_, texts) = db
        .read(|s| privacy::consent_form_texts_in(s, Person::Contact(c)))
        .unwrap();
    assert_eq!(
        texts[0].1.as_ref().map(|t| t.language.as_str()),
        Some("fr"),
        "the first of her languages with a translation"
    );
}
on_both_engines!(
    a_contacts_report_holds_languages_workshops_led_and_meetings_and_the_form_their_language
);
