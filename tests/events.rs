//! Events, workshops, participants and registrations: waitlist order,
//! automatic move-up, capacity changes, the race for the last seat, double
//! booking of rooms, facilitators and participants.

mod common;
#[macro_use]
mod test_cluster;

use kiz::db::engine::Engine;
use std::collections::BTreeMap;
use test_cluster::TestStore;

use common::{at, fair, november, now, person, setup};
use kiz::error::Param;
use kiz::events::{
    self, EventInput, Host, ParticipantInput, RegisterOptions, RegistrationStatus, WorkshopInput,
};
use kiz::organisations::{self, ContactInput, OrganisationInput};
use kiz::people::Consent;
use kiz::Db;

fn workshop(
    db: &mut impl Engine,
    event: i64,
    title: &str,
    room: &str,
    from: (u32, u32),
    to: (u32, u32),
    capacity: u32,
) -> i64 {
    events::create_workshop(
        db,
        event,
        &WorkshopInput {
            title: title.into(),
            room: room.into(),
            starts_at: Some(at(november(20), from.0, from.1)),
            ends_at: Some(at(november(20), to.0, to.1)),
            capacity,
            waitlist: true,
            languages: vec!["de".into(), "ar".into()],
            ..WorkshopInput::default()
        },
        now(),
    )
    .unwrap()
}

fn sign_up(
    db: &mut impl Engine,
    workshop: i64,
    participant: i64,
    minute: u32,
) -> events::Registration {
    events::register(
        db,
        workshop,
        participant,
        &RegisterOptions::default(),
        at(november(12), 9, minute),
    )
    .unwrap()
}

fn a_full_workshop_fills_its_waitlist_in_order_and_a_cancellation_moves_the_first_up(
    db: &mut TestStore,
) {
    let event = fair(db);
    let w = workshop(
        db,
        event,
        "Bewerbung schreiben – auf Deutsch und Arabisch",
        "Raum 1",
        (10, 0),
        (11, 30),
        2,
    );
    let names = [
        "Amal Haddad",
        "Şükrü Yılmaz",
        "محمد الأحمد",
        "Наталья Иванова",
    ];
    let mut regs = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let p = person(db, name, &[]);
        regs.push(sign_up(db, w, p, i as u32));
    }
    let statuses: Vec<_> = regs
        .iter()
        .map(|r| (r.status, r.waitlist_position))
        .collect();
    assert_eq!(
        statuses,
        [
            (RegistrationStatus::Angemeldet, None),
            (RegistrationStatus::Angemeldet, None),
            (RegistrationStatus::Warteliste, Some(1)),
            (RegistrationStatus::Warteliste, Some(2)),
        ],
        "two seats, then the waitlist in order"
    );
    let moved = events::cancel(db, regs[0].id, at(november(13), 10, 0)).unwrap();
    assert_eq!(moved.len(), 1);
    assert_eq!(
        moved[0].participant_name, "محمد الأحمد",
        "the first on the waitlist moves up"
    );
    let list = db.read(|s| events::registrations_in(s, w)).unwrap();
    let moved_row = list.iter().find(|r| r.id == regs[2].id).unwrap();
    assert_eq!(moved_row.status, RegistrationStatus::Angemeldet);
    assert_eq!(
        moved_row.moved_up_at,
        Some(at(november(13), 10, 0)),
        "recorded, for staff to tell the person"
    );
    let last = list.iter().find(|r| r.id == regs[3].id).unwrap();
    assert_eq!(last.waitlist_position, Some(1), "now next in line");
}
on_both_engines!(a_full_workshop_fills_its_waitlist_in_order_and_a_cancellation_moves_the_first_up);

fn staff_move_someone_up_by_hand_and_capacity_changes_rebalance(db: &mut TestStore) {
    let event = fair(db);
    let w = workshop(
        db,
        event,
        "Pflegeberufe kennenlernen",
        "Raum 2",
        (10, 0),
        (11, 0),
        1,
    );
    let ids: Vec<i64> = ["A", "B", "C", "D"]
        .iter()
        .map(|n| person(db, n, &[]))
        .collect();
    let regs: Vec<_> = ids
        .iter()
        .enumerate()
        .map(|(i, p)| sign_up(db, w, *p, i as u32))
        .collect();
    let by_hand = events::move_up(db, regs[3].id, at(november(13), 9, 0)).unwrap();
    assert_eq!(
        by_hand.status,
        RegistrationStatus::Angemeldet,
        "staff may pass the queue"
    );
    assert_eq!(
        events::move_up(db, regs[3].id, at(november(13), 9, 0))
            .unwrap_err()
            .code(),
        "not_on_waitlist"
    );
    let moved = events::set_capacity(db, w, 3, &[], at(november(13), 9, 5), None, "").unwrap();
    assert_eq!(
        moved
            .iter()
            .map(|m| m.participant_name.as_str())
            .collect::<Vec<_>>(),
        ["B"],
        "one free seat: B is next"
    );
    let refused =
        events::set_capacity(db, w, 1, &[], at(november(13), 9, 10), None, "").unwrap_err();
    assert_eq!(
        refused.code(),
        "capacity_below_registered",
        "who waits is chosen explicitly"
    );
    assert_eq!(refused.field(), Some("capacity"));
    assert_eq!(
        (
            refused.params().get("registered"),
            refused.params().get("capacity")
        ),
        (Some(&Param::Number(3)), Some(&Param::Number(1))),
        "the text says how many are registered and the new number of seats"
    );
    events::set_capacity(
        db,
        w,
        1,
        &[regs[1].id, regs[3].id],
        at(november(13), 9, 10),
        None,
        "",
    )
    .unwrap();
    let list = db.read(|s| events::registrations_in(s, w)).unwrap();
    let seated: Vec<_> = list
        .iter()
        .filter(|r| r.status == RegistrationStatus::Angemeldet)
        .map(|r| r.participant_name.clone())
        .collect();
    assert_eq!(seated, ["A"]);
    let waiting: Vec<_> = list
        .iter()
        .filter(|r| r.status == RegistrationStatus::Warteliste)
        .map(|r| r.participant_name.clone())
        .collect();
    assert_eq!(
        waiting,
        ["B", "C", "D"],
        "moved back to the waitlist in registration order"
    );
}
on_both_engines!(staff_move_someone_up_by_hand_and_capacity_changes_rebalance);

#[test]
fn two_desks_registering_the_last_seat_at_once_never_overbook() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz.sqlite");
    let (w, people) = {
        let mut db = Db::open(&path).unwrap();
        let event = fair(&mut db);
        let w = workshop(
            &mut db,
            event,
            "Ausbildung im Handwerk",
            "Raum 1",
            (12, 0),
            (13, 0),
            1,
        );
        let people: Vec<i64> = (0..40)
            .map(|i| person(&mut db, &format!("Person {i}"), &[]))
            .collect();
        (w, people)
    };
    for pair in people.chunks(2) {
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        std::thread::scope(|s| {
            for p in pair {
                let barrier = barrier.clone();
                let path = path.clone();
                s.spawn(move || {
                    let mut db = Db::open(&path).unwrap();
                    barrier.wait();
                    events::register(
                        &mut db,
                        w,
                        *p,
                        &RegisterOptions::default(),
                        at(november(12), 9, 0),
                    )
                    .unwrap();
                });
            }
        });
        let db = Db::open(&path).unwrap();
        let seated = events::registrations(&db, w)
            .unwrap()
            .into_iter()
            .filter(|r| r.status == RegistrationStatus::Angemeldet)
            .count();
        assert_eq!(seated, 1, "one seat, never two people in it");
    }
}

fn rooms_facilitators_and_participants_are_never_double_booked(db: &mut TestStore) {
    let event = fair(db);
    let org = organisations::create_organisation(
        db,
        &OrganisationInput {
            name: "Kultur- und Bildungsverein Siegburg".into(),
            ..OrganisationInput::default()
        },
        now(),
    )
    .unwrap();
    let leader = organisations::create_contact(
        db,
        &ContactInput {
            name: "Emre Kaya".into(),
            ..ContactInput::default()
        },
        None,
        now(),
    )
    .unwrap();
    let first = events::create_workshop(
        db,
        event,
        &WorkshopInput {
            title: "Bewerbung schreiben".into(),
            room: "Raum 1".into(),
            starts_at: Some(at(november(20), 10, 0)),
            ends_at: Some(at(november(20), 11, 30)),
            capacity: 20,
            hosts: vec![Host {
                organisation_id: org.id,
                role: "Leitung".into(),
            }],
            facilitators: vec![leader.id],
            ..WorkshopInput::default()
        },
        now(),
    )
    .unwrap();
    let clash = WorkshopInput {
        title: "Pflegeberufe".into(),
        room: "Raum 1".into(),
        starts_at: Some(at(november(20), 11, 0)),
        ends_at: Some(at(november(20), 12, 0)),
        capacity: 20,
        ..WorkshopInput::default()
    };
    let error = events::create_workshop(db, event, &clash, now()).unwrap_err();
    assert_eq!((error.code(), error.field()), ("room_taken", Some("room")));
    assert_eq!(
        error.params(),
        BTreeMap::from([
            ("room", Param::Text("Raum 1".into())),
            ("workshop", Param::Text("Bewerbung schreiben".into())),
        ]),
        "the conflict is named: the room and the other workshop"
    );
    let busy = WorkshopInput {
        room: "Raum 2".into(),
        facilitators: vec![leader.id],
        ..clash.clone()
    };
    let error = events::create_workshop(db, event, &busy, now()).unwrap_err();
    assert_eq!(error.code(), "facilitator_taken");
    assert_eq!(
        error.params().get("person"),
        Some(&Param::Text("Emre Kaya".into()))
    );
    let after = WorkshopInput {
        starts_at: Some(at(november(20), 11, 30)),
        ..clash.clone()
    };
    let back_to_back = events::create_workshop(db, event, &after, now()).unwrap();
    let reversed = WorkshopInput {
        room: "Raum 2".into(),
        starts_at: Some(at(november(20), 12, 0)),
        ends_at: Some(at(november(20), 11, 0)),
        ..clash
    };
    assert_eq!(
        events::create_workshop(db, event, &reversed, now())
            .unwrap_err()
            .code(),
        "date_range_reversed"
    );

    assert_eq!(
        organisations::delete_organisation(db, org.id)
            .unwrap_err()
            .code(),
        "organisation_in_use",
        "a workshop host is archived, not deleted"
    );
    let amal = person(db, "Amal Haddad", &[]);
    sign_up(db, first, amal, 0);
    let overlap = events::create_workshop(
        db,
        event,
        &WorkshopInput {
            title: "Parallel".into(),
            room: "Raum 2".into(),
            starts_at: Some(at(november(20), 10, 30)),
            ends_at: Some(at(november(20), 11, 0)),
            capacity: 5,
            ..WorkshopInput::default()
        },
        now(),
    )
    .unwrap();
    let error = events::register(
        db,
        overlap,
        amal,
        &RegisterOptions::default(),
        at(november(12), 9, 0),
    )
    .unwrap_err();
    assert_eq!(error.code(), "slot_overlaps");
    assert_eq!(
        error.params().get("workshop"),
        Some(&Param::Text("Bewerbung schreiben".into()))
    );
    sign_up(db, back_to_back, amal, 1);
}
on_both_engines!(rooms_facilitators_and_participants_are_never_double_booked);

fn duplicates_late_registrations_and_missing_consent_are_refused(db: &mut TestStore) {
    let event = fair(db);
    let w = workshop(db, event, "Bewerbung", "Raum 1", (10, 0), (11, 0), 5);
    let amal = person(db, "Amal Haddad", &[]);
    let reg = sign_up(db, w, amal, 0);
    assert_eq!(
        events::register(
            db,
            w,
            amal,
            &RegisterOptions::default(),
            at(november(12), 9, 1)
        )
        .unwrap_err()
        .code(),
        "already_registered"
    );
    events::cancel(db, reg.id, at(november(12), 10, 0)).unwrap();
    let again = sign_up(db, w, amal, 2);
    assert_eq!(
        (again.id, again.status),
        (reg.id, RegistrationStatus::Angemeldet),
        "a cancelled registration comes back"
    );
    let late = person(db, "Spät Angemeldet", &[]);
    let error = events::register(
        db,
        w,
        late,
        &RegisterOptions::default(),
        at(november(19), 9, 0),
    )
    .unwrap_err();
    assert_eq!(error.code(), "registration_closed");
    let overridden = events::register(
        db,
        w,
        late,
        &RegisterOptions {
            after_closing: true,
        },
        at(november(19), 9, 0),
    )
    .unwrap();
    assert_eq!(
        overridden.status,
        RegistrationStatus::Angemeldet,
        "staff may register after closing"
    );
    let no_consent = events::create_participant(
        db,
        &ParticipantInput {
            name: "Ohne Einwilligung".into(),
            ..ParticipantInput::default()
        },
        now(),
    );
    assert_eq!(no_consent.unwrap_err().code(), "consent_required");
    let no_name = events::create_participant(
        db,
        &ParticipantInput {
            consent: Some(Consent {
                given_on: november(1),
                text_version: "2026-1".into(),
            }),
            ..ParticipantInput::default()
        },
        now(),
    );
    assert_eq!(no_name.unwrap_err().code(), "required");
}
on_both_engines!(duplicates_late_registrations_and_missing_consent_are_refused);

fn the_participant_list_prints_the_names_in_order_with_the_chosen_columns_only(db: &mut TestStore) {
    use kiz::documents::participants::{self, ListColumn};
    let event = fair(db);
    let w = workshop(
        db,
        event,
        "Bewerbung schreiben – auf Deutsch und Arabisch",
        "Raum 1",
        (10, 0),
        (11, 30),
        10,
    );
    for (i, (name, school, email)) in [
        (
            "Zeynep Aydın",
            "Gesamtschule Troisdorf",
            "zeynep@example.org",
        ),
        ("محمد الأحمد", "Gymnasium Siegburg", ""),
        ("Ömer Şahin", "Realschule Hennef", ""),
        ("Anna Becker", "Berufskolleg Siegburg", "anna@example.org"),
    ]
    .iter()
    .enumerate()
    {
        let p = events::create_participant(
            db,
            &ParticipantInput {
                name: (*name).into(),
                school: (*school).into(),
                email: (*email).into(),
                birth_year: Some(2009),
                languages: vec!["de".into()],
                consent: Some(Consent {
                    given_on: november(1),
                    text_version: "2026-1".into(),
                }),
                ..ParticipantInput::default()
            },
            now(),
        )
        .unwrap();
        sign_up(db, w, p, i as u32);
    }
    let info = db.read(|s| events::workshop_in(s, w)).unwrap();
    let entries = db.read(|s| events::participant_list_in(s, w)).unwrap();
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        ["Anna Becker", "Ömer Şahin", "Zeynep Aydın", "محمد الأحمد"],
        "by name, Ö with O; Arabic after Latin"
    );
    assert_eq!(entries[0].age, "17", "age in the event's year");
    let columns = [
        ListColumn::Nr,
        ListColumn::Name,
        ListColumn::School,
        ListColumn::Signature,
    ];
    let pdf =
        participants::participant_list(setup(db, "Teilnehmerliste"), &info, &entries, &columns, 3);
    let text = common::poppler("pdftotext", &["-layout"], &pdf.bytes);
    let flat = common::letters(&text);
    let positions: Vec<usize> = names
        .iter()
        .map(|n| {
            flat.find(&common::letters(n))
                .unwrap_or_else(|| panic!("{n} on the list: {text}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "in order: {text}"
    );
    for expected in [
        "Teilnehmerliste",
        "Raum 1",
        "Schule/Organisation",
        "Unterschrift",
        "20.11.2026, 10:00–11:30 Uhr",
        "Seite 1 von 1",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    assert!(
        !text.contains("Kontakt") && !text.contains("example.org"),
        "no contact data unless chosen: {text}"
    );
    assert!(!text.contains("Sprache"), "only the chosen columns");
    assert!(
        text.split_whitespace().any(|w| w == "7"),
        "three empty rows for walk-ins follow the four names: {text}"
    );

    let sheet = participants::participant_sheet(
        &info,
        &entries,
        &[
            ListColumn::Nr,
            ListColumn::Name,
            ListColumn::Contact,
            ListColumn::Signature,
        ],
    );
    let bytes = kiz::documents::export::xlsx(&sheet).unwrap();
    let file = tempfile::NamedTempFile::with_suffix(".xlsx").unwrap();
    std::fs::write(file.path(), &bytes).unwrap();
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(file.path()).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(
        range.width(),
        3,
        "Nr, Name, Kontakt; no signature column in a sheet"
    );
    assert_eq!(
        range.get((1, 1)).map(|c| c.to_string()),
        Some("Anna Becker".into())
    );
    assert_eq!(
        range.get((1, 2)).map(|c| c.to_string()),
        Some("anna@example.org".into())
    );
}
on_both_engines!(
    the_participant_list_prints_the_names_in_order_with_the_chosen_columns_only,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

fn check_in_by_code_walk_ins_over_capacity_and_no_shows(db: &mut TestStore) {
    let event = fair(db);
    let w = workshop(db, event, "Pflegeberufe", "Raum 1", (10, 0), (11, 0), 2);
    let other = workshop(db, event, "Handwerk", "Raum 2", (10, 0), (11, 0), 5);
    let a = person(db, "Amal Haddad", &[]);
    let b = person(db, "Bilal Kaya", &[]);
    let c = person(db, "Chiara Rossi", &[]);
    let ra = sign_up(db, w, a, 1);
    let rb = sign_up(db, w, b, 2);
    let rc = sign_up(db, w, c, 3);
    assert_eq!(rc.status, RegistrationStatus::Warteliste);
    let day_of = at(november(20), 9, 55);

    // The confirmation's code finds the registration, in this workshop only.
    assert_eq!(ra.code, format!("KIZ-ANM-{:06}", ra.id));
    let found = db
        .read(|s| events::registration_for_code_in(s, w, &ra.code.to_lowercase()))
        .unwrap();
    assert_eq!(found.id, ra.id);
    let err = db
        .read(|s| events::registration_for_code_in(s, other, &ra.code))
        .unwrap_err();
    assert_eq!(err.code(), "registration_other_workshop");
    assert_eq!(
        err.params().get("workshop"),
        Some(&Param::Text("Pflegeberufe".into()))
    );
    for bad in ["KI-M-000001", "KIZ-ANM-999999", "KIZ-ANM-x"] {
        assert_eq!(
            db.read(|s| events::registration_for_code_in(s, w, bad))
                .unwrap_err()
                .code(),
            "unknown_registration_code",
            "{bad}"
        );
    }

    let checked = events::check_in(db, ra.id, false, day_of).unwrap();
    assert_eq!(
        checked.registration.status,
        RegistrationStatus::Teilgenommen
    );
    assert_eq!(checked.registration.checked_in_at, Some(day_of));
    assert_eq!(
        checked.already_present_since, None,
        "the first tick is no repeat"
    );
    let elsewhere = events::check_in_by_code(db, other, &ra.code, false, at(november(20), 10, 5));
    assert_eq!(
        elsewhere.unwrap_err().code(),
        "registration_other_workshop",
        "the door of another workshop does not admit"
    );
    let again = events::check_in_by_code(db, w, &ra.code, false, at(november(20), 10, 5)).unwrap();
    assert_eq!(again.registration.id, ra.id);
    assert_eq!(
        again.registration.checked_in_at,
        Some(day_of),
        "ticking twice changes nothing"
    );
    assert_eq!(
        again.already_present_since,
        Some(day_of),
        "a second scan (a confirmation passed on) says since when the person is present"
    );

    // The waitlisted person turns up: both seats are taken, so staff decide.
    let err = events::check_in(db, rc.id, false, day_of).unwrap_err();
    assert_eq!(err.code(), "capacity_exceeded");
    assert_eq!(
        db.read(|s| events::registrations_in(s, w)).unwrap()[2].status,
        RegistrationStatus::Warteliste,
        "a refused check-in changes nothing"
    );
    let admitted = events::check_in(db, rc.id, true, day_of).unwrap();
    assert_eq!(
        admitted.registration.status,
        RegistrationStatus::Teilgenommen
    );

    // A walk-in, new to the app, with consent taken at the door.
    let newcomer = events::Person::New(Box::new(ParticipantInput {
        name: "Dilan Aydın".into(),
        consent: Some(Consent {
            given_on: november(20),
            text_version: "2026-1".into(),
        }),
        ..ParticipantInput::default()
    }));
    let err = events::walk_in(db, w, &newcomer, false, day_of).unwrap_err();
    assert_eq!(err.code(), "capacity_exceeded");
    assert!(
        db.read(|s| events::find_participants_in(s, "Dilan", 10))
            .unwrap()
            .is_empty(),
        "a refused walk-in stores nobody"
    );
    let walked = events::walk_in(db, w, &newcomer, true, day_of).unwrap();
    assert!(walked.walk_in);
    assert_eq!(walked.status, RegistrationStatus::Teilgenommen);
    let no_consent = events::Person::New(Box::new(ParticipantInput {
        name: "Ohne Einwilligung".into(),
        ..ParticipantInput::default()
    }));
    assert_eq!(
        events::walk_in(db, other, &no_consent, false, day_of)
            .unwrap_err()
            .code(),
        "consent_required"
    );
    let known = events::walk_in(db, other, &events::Person::Existing(a), false, day_of).unwrap();
    assert!(known.walk_in, "free seats: no override needed");

    // Undo a wrong tick, then mark the rest as not present in one action.
    let undone = events::undo_check_in(db, ra.id).unwrap();
    assert_eq!(undone.status, RegistrationStatus::Angemeldet);
    assert_eq!(events::mark_no_shows(db, w).unwrap(), 2, "Amal and Bilal");
    let statuses: Vec<_> = db
        .read(|s| events::registrations_in(s, w))
        .unwrap()
        .into_iter()
        .map(|r| (r.participant_name, r.status))
        .collect();
    assert!(statuses.contains(&("Bilal Kaya".into(), RegistrationStatus::NichtErschienen)));
    assert!(statuses.contains(&("Dilan Aydın".into(), RegistrationStatus::Teilgenommen)));
    assert_eq!(rb.status, RegistrationStatus::Angemeldet);

    // Figures: per workshop, per host and in total.
    let list = db.read(|s| events::workshops_in(s, event)).unwrap();
    let f = list.iter().find(|s| s.id == w).unwrap().figures;
    assert_eq!(
        (f.registered, f.waitlisted, f.present, f.no_show, f.walk_ins),
        (4, 0, 2, 2, 1)
    );
    assert_eq!(f.attendance_rate, Some(50));
    let totals = db.read(|s| events::figures_in(s, event)).unwrap().total;
    assert_eq!((totals.registered, totals.present), (5, 3));
    assert_eq!(totals.attendance_rate, Some(60));
}
on_both_engines!(check_in_by_code_walk_ins_over_capacity_and_no_shows);

fn figures_per_host_and_an_event_with_registrations_is_archived_not_deleted(db: &mut TestStore) {
    let org = organisations::create_organisation(
        db,
        &OrganisationInput {
            name: "Deutsch-Arabischer Kulturverein".into(),
            ..OrganisationInput::default()
        },
        now(),
    )
    .unwrap()
    .id;
    let event = fair(db);
    let hosted = events::create_workshop(
        db,
        event,
        &WorkshopInput {
            title: "Bewerbung schreiben".into(),
            room: "Raum 1".into(),
            starts_at: Some(at(november(20), 10, 0)),
            ends_at: Some(at(november(20), 11, 0)),
            capacity: 10,
            hosts: vec![Host {
                organisation_id: org,
                role: "Durchführung".into(),
            }],
            ..WorkshopInput::default()
        },
        now(),
    )
    .unwrap();
    workshop(db, event, "Ohne Träger", "Raum 2", (10, 0), (11, 0), 10);
    for name in ["Zeynep", "Yusuf", "Xenia"] {
        let p = person(db, name, &[]);
        sign_up(db, hosted, p, 1);
    }
    let figures = db.read(|s| events::figures_in(s, event)).unwrap();
    assert_eq!(figures.hosts.len(), 1);
    assert_eq!(figures.hosts[0].name, "Deutsch-Arabischer Kulturverein");
    assert_eq!(figures.hosts[0].workshops, 1);
    assert_eq!(figures.hosts[0].figures.registered, 3);
    assert_eq!(
        figures.total.attendance_rate, None,
        "no rate before check-in began"
    );

    let err = events::delete_event(db, event).unwrap_err();
    assert_eq!(err.code(), "event_has_registrations");
    assert_eq!(err.params().get("registrations"), Some(&Param::Number(3)));
    assert_eq!(
        db.read(|s| events::workshops_in(s, event)).unwrap().len(),
        2,
        "nothing lost"
    );
    events::archive_event(db, event, true, november(30)).unwrap();
    assert!(db.read(|s| events::events_in(s, false)).unwrap().is_empty());
    let all = db.read(|s| events::events_in(s, true)).unwrap();
    assert!(all[0].archived);
    assert_eq!((all[0].workshops, all[0].registered), (2, 3));
    assert_eq!(
        db.read(|s| events::event_in(s, event)).unwrap().archived_on,
        Some(november(30))
    );

    let empty = events::create_event(
        db,
        &EventInput {
            title: "Irrtümlich angelegt".into(),
            starts_on: Some(november(21)),
            ..EventInput::default()
        },
        now(),
    )
    .unwrap();
    events::create_workshop(
        db,
        empty,
        &WorkshopInput {
            title: "Leer".into(),
            starts_at: Some(at(november(21), 10, 0)),
            ends_at: Some(at(november(21), 11, 0)),
            ..WorkshopInput::default()
        },
        now(),
    )
    .unwrap();
    events::delete_event(db, empty).unwrap();
    assert_eq!(
        db.read(|s| events::event_in(s, empty)).unwrap_err().code(),
        "not_found",
        "an event nobody registered for can be deleted"
    );
}
on_both_engines!(figures_per_host_and_an_event_with_registrations_is_archived_not_deleted);

fn participants_are_found_ignoring_diacritics(db: &mut TestStore) {
    for name in ["Şükrü Yılmaz", "Ayşe Demir", "محمد الأحمد"] {
        person(db, name, &[]);
    }
    let mut names = |q: &str| -> Vec<String> {
        db.read(|s| events::find_participants_in(s, q, 10))
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect()
    };
    assert_eq!(names("sukru"), ["Şükrü Yılmaz"]);
    assert_eq!(names("ayse dem"), ["Ayşe Demir"]);
    assert_eq!(names("محمد"), ["محمد الأحمد"]);
    assert_eq!(names("").len(), 3);
}
on_both_engines!(participants_are_found_ignoring_diacritics);

fn a_new_person_whose_registration_is_refused_is_not_stored(db: &mut TestStore) {
    let event = fair(db);
    let w = workshop(db, event, "Pflegeberufe", "Raum 1", (10, 0), (11, 0), 5);
    let newcomer = events::Person::New(Box::new(ParticipantInput {
        name: "Berfîn Amed".into(),
        consent: Some(Consent {
            given_on: november(19),
            text_version: "2026-1".into(),
        }),
        ..ParticipantInput::default()
    }));
    let after_closing = at(november(19), 9, 0);
    let err = events::register_person(db, w, &newcomer, &RegisterOptions::default(), after_closing)
        .unwrap_err();
    assert_eq!(err.code(), "registration_closed");
    assert!(
        db.read(|s| events::find_participants_in(s, "Berfin", 5))
            .unwrap()
            .is_empty(),
        "one transaction: the refused registration stored nobody"
    );
    let r = events::register_person(
        db,
        w,
        &newcomer,
        &RegisterOptions {
            after_closing: true,
        },
        after_closing,
    )
    .unwrap();
    assert_eq!(r.participant_name, "Berfîn Amed");
    assert_eq!(r.status, RegistrationStatus::Angemeldet);
}
on_both_engines!(a_new_person_whose_registration_is_refused_is_not_stored);

fn events_and_workshops_are_corrected_with_the_same_checks_and_registered_workshops_stay(
    db: &mut TestStore,
) {
    let event = fair(db);
    let first = workshop(db, event, "Bewerbung", "Raum 1", (10, 0), (11, 0), 5);
    let second = workshop(db, event, "Pflege", "Raum 2", (10, 0), (11, 0), 5);
    let moved = |title: &str, room: &str| WorkshopInput {
        title: title.into(),
        room: room.into(),
        starts_at: Some(at(november(20), 10, 30)),
        ends_at: Some(at(november(20), 11, 30)),
        capacity: 5,
        waitlist: true,
        ..WorkshopInput::default()
    };
    // Moving within its own slot is no conflict with itself.
    events::update_workshop(
        db,
        first,
        &moved("Bewerbung schreiben", "Raum 1"),
        now(),
        "BUERO-2",
    )
    .unwrap();
    let w = db.read(|s| events::workshop_in(s, first)).unwrap();
    assert_eq!(
        (w.title.as_str(), w.starts_at),
        ("Bewerbung schreiben", at(november(20), 10, 30))
    );
    // Into the other's room at an overlapping time: refused, nothing changed.
    let err = events::update_workshop(db, second, &moved("Pflege", "Raum 1"), now(), "BUERO-2")
        .unwrap_err();
    assert_eq!(err.code(), "room_taken");
    assert_eq!(
        err.params().get("workshop"),
        Some(&Param::Text("Bewerbung schreiben".into()))
    );
    assert_eq!(
        db.read(|s| events::workshop_in(s, second)).unwrap().room,
        "Raum 2"
    );

    // New days that leave a workshop outside are refused and name it.
    let moved_event = |starts: u32, ends: u32| EventInput {
        title: "Ausbildungsbörse 2026 (verschoben)".into(),
        starts_on: Some(november(starts)),
        ends_on: Some(november(ends)),
        ..EventInput::default()
    };
    let err = events::update_event(db, event, &moved_event(21, 21), now(), "BUERO-2").unwrap_err();
    assert_eq!(err.code(), "event_days_exclude_workshop");
    assert_eq!(err.field(), Some("starts_on"));
    assert_eq!(
        err.params().get("workshop"),
        Some(&Param::Text("Pflege".into()))
    );
    assert_eq!(
        db.read(|s| events::event_in(s, event)).unwrap().starts_on,
        november(20)
    );
    events::update_event(db, event, &moved_event(20, 21), now(), "BUERO-2").unwrap();
    assert_eq!(
        db.read(|s| events::event_in(s, event)).unwrap().title,
        "Ausbildungsbörse 2026 (verschoben)"
    );
    let err =
        events::update_event(db, event, &EventInput::default(), now(), "BUERO-2").unwrap_err();
    assert_eq!(err.code(), "required");

    let p = person(db, "Amal Haddad", &[]);
    sign_up(db, first, p, 0);
    let err = events::delete_workshop(db, first).unwrap_err();
    assert_eq!(err.code(), "workshop_has_registrations");
    events::delete_workshop(db, second).unwrap();
    assert_eq!(
        db.read(|s| events::workshops_in(s, event)).unwrap().len(),
        1
    );
}
on_both_engines!(
    events_and_workshops_are_corrected_with_the_same_checks_and_registered_workshops_stay
);

fn a_year_of_birth_outside_1900_to_2100_is_refused_with_its_range_and_stores_nobody(
    db: &mut TestStore,
) {
    for year in [-1, 1899, 2101] {
        let err = events::create_participant(
            db,
            &ParticipantInput {
                name: "Amal Haddad".into(),
                birth_year: Some(year),
                consent: Some(Consent {
                    given_on: november(1),
                    text_version: "2026-1".into(),
                }),
                ..ParticipantInput::default()
            },
            now(),
        )
        .unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            ("out_of_range", Some("year")),
            "{year}"
        );
        assert_eq!(
            (err.params().get("min"), err.params().get("max")),
            (Some(&Param::Number(1900)), Some(&Param::Number(2100)))
        );
    }
    assert!(db
        .read(|s| events::find_participants_in(s, "", 10))
        .unwrap()
        .is_empty());
}
on_both_engines!(a_year_of_birth_outside_1900_to_2100_is_refused_with_its_range_and_stores_nobody);

fn a_workshop_stays_within_its_event_days_and_a_new_time_never_double_books_anyone(
    db: &mut TestStore,
) {
    let event = fair(db);
    let input = |title: &str, room: &str, d: u32, from: u32, to: u32| WorkshopInput {
        title: title.into(),
        room: room.into(),
        starts_at: Some(at(november(d), from, 0)),
        ends_at: Some(at(november(d), to, 0)),
        capacity: 5,
        waitlist: true,
        ..WorkshopInput::default()
    };
    // The fair is on the 20th only: a workshop on the 21st is refused.
    let err = events::create_workshop(db, event, &input("Pflege", "Raum 1", 21, 10, 11), now())
        .unwrap_err();
    assert_eq!(err.code(), "outside_event_days");
    assert_eq!(err.field(), Some("day"), "the form's day field");
    assert_eq!(
        err.params(),
        BTreeMap::from([
            ("variant", Param::Text("one_day".into())),
            ("first", Param::Date(november(20))),
            ("last", Param::Date(november(20))),
        ]),
        "the text names the event's one day"
    );
    assert!(db
        .read(|s| events::workshops_in(s, event))
        .unwrap()
        .is_empty());

    let morning = workshop(db, event, "Bewerbung", "Raum 1", (10, 0), (11, 0), 5);
    let later = workshop(db, event, "Pflege", "Raum 2", (12, 0), (13, 0), 5);
    let (amal, olena, jonas) = (
        person(db, "Amal Haddad", &[]),
        person(db, "Olena Kovalenko", &[]),
        person(db, "Jonas Weber", &[]),
    );
    let amal_morning = sign_up(db, morning, amal, 0);
    sign_up(db, later, amal, 1);
    let olena_morning = sign_up(db, morning, olena, 2);
    sign_up(db, later, olena, 3);
    sign_up(db, later, jonas, 4);

    // Moving "Pflege" onto the morning would give two people two workshops at once.
    let err = events::update_workshop(
        db,
        later,
        &input("Pflege", "Raum 2", 20, 10, 11),
        now(),
        "BUERO-2",
    )
    .unwrap_err();
    assert_eq!(err.code(), "new_time_overlaps_registrations");
    assert_eq!(err.field(), Some("starts_at"));
    assert_eq!(
        err.params(),
        BTreeMap::from([
            ("variant", Param::Text("several".into())),
            ("people", Param::Number(2)),
            ("workshop", Param::Text("Bewerbung".into())),
        ]),
        "two people would be double-booked, one of them with Bewerbung"
    );
    assert_eq!(
        db.read(|s| events::workshop_in(s, later))
            .unwrap()
            .starts_at,
        at(november(20), 12, 0)
    );

    // Once both cancel their morning seats, the move goes through.
    for reg in [amal_morning, olena_morning] {
        events::cancel(db, reg.id, at(november(12), 10, 0)).unwrap();
    }
    events::update_workshop(
        db,
        later,
        &input("Pflege", "Raum 2", 20, 10, 11),
        now(),
        "BUERO-2",
    )
    .unwrap();
    assert_eq!(
        db.read(|s| events::workshop_in(s, later))
            .unwrap()
            .starts_at,
        at(november(20), 10, 0)
    );
}
on_both_engines!(a_workshop_stays_within_its_event_days_and_a_new_time_never_double_books_anyone);

fn a_participant_is_corrected_with_the_same_checks_and_the_consent_stays(db: &mut TestStore) {
    let event = fair(db);
    let w = workshop(db, event, "Bewerbung", "Raum 1", (10, 0), (11, 0), 5);
    let p = person(db, "Amal Hadad", &[]);
    sign_up(db, w, p, 0);
    let corrected = ParticipantInput {
        name: " Amal Haddad ".into(),
        birth_year: Some(2008),
        school: "Gesamtschule Troisdorf".into(),
        languages: vec!["ar".into(), "de".into(), "ar".into()],
        phone: "0176 1234567".into(),
        photo_consent: true,
        // Ignored: the consent recorded at registration stays.
        consent: Some(Consent {
            given_on: november(5),
            text_version: "2099-9".into(),
        }),
        ..ParticipantInput::default()
    };
    events::update_participant(db, p, &corrected, now(), "BUERO-2").unwrap();
    let stored = db.read(|s| events::participant_in(s, p)).unwrap();
    assert_eq!(stored.name, "Amal Haddad");
    assert_eq!(stored.birth_year, Some(2008));
    assert_eq!(stored.languages, vec!["ar", "de"]);
    assert!(stored.photo_consent);
    assert_eq!(
        (
            stored.consent.given_on,
            stored.consent.text_version.as_str()
        ),
        (november(1), "2026-1")
    );
    assert_eq!(
        db.read(|s| events::registrations_in(s, w)).unwrap()[0].participant_name,
        "Amal Haddad",
        "lists show the corrected name"
    );

    // Bad input is refused next to its field and changes nothing.
    for (input, code, field) in [
        (
            ParticipantInput {
                name: "  ".into(),
                ..corrected.clone()
            },
            "required",
            "name",
        ),
        (
            ParticipantInput {
                email: "amal@".into(),
                ..corrected.clone()
            },
            "invalid_email",
            "email",
        ),
        (
            ParticipantInput {
                birth_year: Some(208),
                ..corrected.clone()
            },
            "out_of_range",
            "year",
        ),
        (
            ParticipantInput {
                languages: vec!["xx".into()],
                ..corrected.clone()
            },
            "unknown_language_code",
            "languages",
        ),
    ] {
        let err = events::update_participant(db, p, &input, now(), "BUERO-2").unwrap_err();
        assert_eq!((err.code(), err.field()), (code, Some(field)));
    }
    assert_eq!(db.read(|s| events::participant_in(s, p)).unwrap(), stored);
    let err = events::update_participant(db, 9999, &corrected, now(), "BUERO-2").unwrap_err();
    assert_eq!(err.code(), "not_found");

    // Once anonymised after the event, there is no person left to correct.
    kiz::privacy::run_automatic_on(db, at(november(20), 12, 0) + chrono::Duration::days(91))
        .unwrap();
    db.scrub();
    assert!(
        db.read(|s| events::participant_in(s, p))
            .unwrap()
            .anonymised
    );
    let err = events::update_participant(db, p, &corrected, now(), "BUERO-2").unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert_eq!(
        db.read(|s| events::participant_in(s, p)).unwrap().name,
        "Anonymisiert"
    );
}
on_both_engines!(a_participant_is_corrected_with_the_same_checks_and_the_consent_stays);

/// The stored registrations of a workshop by participant: (time on the
/// waitlist, age group).
fn kept(db: &mut impl Engine, workshop: i64) -> BTreeMap<i64, (Option<String>, String)> {
    db.read_sql(|s| {
        s.rows(
            "SELECT participant_id, waitlisted_at, age_group FROM registration
             WHERE workshop_id = ?1",
            &[workshop.into()],
        )?
        .iter()
        .map(|r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
        .collect()
    })
    .expect("the registrations")
}

fn the_time_on_the_waitlist_is_kept_through_moving_up_and_registering_again_after_the_close(
    mut db: &mut TestStore,
) {
    let event = fair(db); // registration closes on 18 November
    let w = workshop(db, event, "Pflege", "Raum 1", (10, 0), (11, 0), 1);
    let [a, b, c, d, e] = ["A", "B", "C", "D", "E"].map(|n| person(db, n, &["de"]));
    for (minute, p) in [a, b, c, d, e].into_iter().enumerate() {
        sign_up(db, w, p, minute as u32 + 1);
    }
    let id = |db: &mut TestStore, p: i64| {
        db.read(|s| events::registrations_in(s, w))
            .unwrap()
            .into_iter()
            .find(|r| r.participant_id == p)
            .unwrap()
            .id
    };
    // C is moved up before the close, D cancels before it and registers
    // again after it, E cancels after the close and registers again.
    let (rc, rd, re) = (id(db, c), id(db, d), id(db, e));
    events::move_up(db, rc, at(november(13), 9, 0)).unwrap();
    events::cancel(db, rd, at(november(14), 9, 0)).unwrap();
    events::cancel(db, re, at(november(19), 9, 0)).unwrap();
    let late = RegisterOptions {
        after_closing: true,
    };
    for p in [d, e] {
        events::register(db, w, p, &late, at(november(19), 10, 0)).unwrap();
    }
    let waited: BTreeMap<i64, Option<String>> = kept(&mut db, w)
        .into_iter()
        .map(|(p, (waitlisted, _))| (p, waitlisted))
        .collect();
    let on = |minute: u32| Some(format!("2026-11-12T09:{minute:02}:00"));
    assert_eq!(
        waited,
        BTreeMap::from([
            (a, None),
            (b, on(2)),
            (c, on(3)),
            (d, Some("2026-11-19T10:00:00".to_owned())),
            (e, on(5)),
        ]),
        "a seat never waited; moving up keeps the time; after the close, only who waited then keeps it"
    );
    // B and E were waiting when registration closed; C had moved up and D
    // had cancelled.
    // As the Berichte page counts: the file in place, the server's
    // tables copied in one read.
    let report = kiz::reports::report_on(
        &mut db.store(),
        &kiz::reports::PeriodChoice::Year { year: 2026 },
        november(25),
    )
    .unwrap();
    assert_eq!(report.events.waitlisted_at_close.now, 2);
}
on_both_engines!(
    the_time_on_the_waitlist_is_kept_through_moving_up_and_registering_again_after_the_close
);

fn a_registration_keeps_the_age_group_of_the_workshops_year_and_a_corrected_birth_year_corrects_it(
    db: &mut TestStore,
) {
    let event = fair(db);
    let w = workshop(db, event, "Pflege", "Raum 1", (10, 0), (11, 0), 5);
    let input = ParticipantInput {
        name: "Amina".into(),
        birth_year: Some(2010),
        consent: common::consent_given(2026, 11, 1),
        ..ParticipantInput::default()
    };
    let amina = events::create_participant(db, &input, now()).unwrap();
    let walk_in = person(db, "Ohne Jahr", &[]);
    sign_up(db, w, amina, 1);
    sign_up(db, w, walk_in, 2);
    assert_eq!(kept(db, w)[&amina].1, "15–17", "16 in 2026");
    assert_eq!(kept(db, w)[&walk_in].1, "", "unknown without a year");
    events::update_participant(
        db,
        amina,
        &ParticipantInput {
            birth_year: Some(2000),
            ..input.clone()
        },
        now(),
        "BUERO-2",
    )
    .unwrap();
    assert_eq!(kept(db, w)[&amina].1, "21–26", "corrected to 26 in 2026");
}
on_both_engines!(
    a_registration_keeps_the_age_group_of_the_workshops_year_and_a_corrected_birth_year_corrects_it
);
