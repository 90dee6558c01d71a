//! Material for a workshop (issue 23, point 5): copies reserved for the
//! workshop's day, shown on the workshop's page and on the medium's, what
//! competes for them named, lent to the host organisation and counted back
//! after the workshop.

mod common;
#[macro_use]
mod test_cluster;

use common::{at, borrower, give_back, lend, media_kind_on, november, now};
use kiz::catalogue::{self, CopyInput, MediumInput};
use kiz::db::engine::Engine;
use kiz::events::{self, EventInput, Host, WorkshopInput};
use kiz::lending::{self, MaterialConflict, MaterialInput};
use kiz::organisations::{self, OrganisationInput};
use kiz::people::BorrowerKind;
use kiz::{Error, Record};
use test_cluster::TestStore;

struct Fair {
    /// "Bewerbung auf Arabisch", 20 November, hosted by the Verein.
    first: i64,
    /// "Berufe im Handwerk", the same day.
    second: i64,
    /// A workshop on 4 December.
    later: i64,
    verein: i64,
    /// "Wortschatz Beruf Arabisch–Deutsch": W-01 … W-12.
    booklet: i64,
}

fn fair(db: &mut impl Engine) -> Fair {
    let verein = organisations::create_organisation(
        db,
        &OrganisationInput {
            name: "Deutsch-Arabischer Kulturverein Troisdorf".into(),
            municipality: "Troisdorf".into(),
            ..OrganisationInput::default()
        },
        now(),
    )
    .unwrap()
    .id;
    let event = events::create_event(
        db,
        &EventInput {
            title: "Mehrsprachige Ausbildungsbörse 2026".into(),
            starts_on: Some(november(20)),
            ends_on: Some(november(20) + chrono::Days::new(14)),
            venue: "Kreishaus Siegburg".into(),
            rooms: vec!["Raum A".into(), "Raum B".into()],
            ..EventInput::default()
        },
        now(),
    )
    .unwrap();
    let workshop = |db: &mut dyn FnMut(&WorkshopInput) -> i64, title: &str, day, room: &str| {
        db(&WorkshopInput {
            title: title.into(),
            room: room.into(),
            starts_at: Some(at(day, 10, 0)),
            ends_at: Some(at(day, 12, 0)),
            capacity: 20,
            hosts: vec![Host {
                organisation_id: verein,
                role: "Durchführung".into(),
            }],
            ..WorkshopInput::default()
        })
    };
    let mut create =
        |input: &WorkshopInput| events::create_workshop(db, event, input, now()).unwrap();
    let first = workshop(
        &mut create,
        "Bewerbung auf Arabisch",
        november(20),
        "Raum A",
    );
    let second = workshop(&mut create, "Berufe im Handwerk", november(20), "Raum B");
    let later = workshop(
        &mut create,
        "Bewerbungsfotos",
        november(20) + chrono::Days::new(14),
        "Raum A",
    );
    let kind_id = media_kind_on(db, "buch");
    let booklet = catalogue::create_medium(
        db,
        &MediumInput {
            kind_id,
            title: "Wortschatz Beruf Arabisch–Deutsch".into(),
            ..MediumInput::default()
        },
        now(),
    )
    .unwrap()
    .id;
    for i in 1..=12 {
        catalogue::add_copy(
            db,
            booklet,
            &CopyInput {
                barcode: format!("W-{i:02}"),
                ..CopyInput::default()
            },
            now(),
        )
        .unwrap();
    }
    Fair {
        first,
        second,
        later,
        verein,
        booklet,
    }
}

fn reserve(
    db: &mut TestStore,
    workshop_id: i64,
    medium_id: i64,
    quantity: u32,
) -> kiz::Result<Vec<lending::Material>> {
    lending::reserve_material(
        db,
        &MaterialInput {
            workshop_id,
            medium_id,
            quantity,
        },
        at(november(12), 9, 0),
    )
}

fn material_is_reserved_for_the_day_and_what_competes_is_named(db: &mut TestStore) {
    let f = fair(db);
    let planned = reserve(db, f.first, f.booklet, 8).unwrap();
    assert_eq!(planned.len(), 1);
    let m = &planned[0];
    assert_eq!(
        (m.title.as_str(), m.quantity, m.lendable, m.short_by, m.day),
        ("Wortschatz Beruf Arabisch–Deutsch", 8, 12, 0, november(20))
    );
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    // The same medium again: the number changes, no second row.
    let planned = reserve(db, f.first, f.booklet, 6).unwrap();
    assert_eq!((planned.len(), planned[0].quantity), (1, 6));

    // Another workshop the same day wants 5, two copies are out until
    // after the fair, and someone waits for the booklet: 6 + 5 + 2 + 1 = 14
    // of 12 copies, so the first workshop lacks 2 and is told why.
    reserve(db, f.second, f.booklet, 5).unwrap();
    let reader = borrower(db, "Ayşe Yılmaz", BorrowerKind::Hauptamtlich);
    lend(db, reader, "W-11", november(12)).unwrap();
    lend(db, reader, "W-12", november(12)).unwrap();
    let waiting = borrower(db, "Николай Петров", BorrowerKind::Ehrenamtlich);
    lending::reserve(db, f.booklet, waiting, at(november(12), 11, 0)).unwrap();
    // A workshop on another day does not compete.
    reserve(db, f.later, f.booklet, 12).unwrap();
    let first = db
        .read(|s| lending::material_of_workshop_in(s, f.first))
        .unwrap();
    let m = &first[0];
    assert_eq!(m.short_by, 2, "{m:?}");
    assert_eq!(m.conflicts.len(), 3, "{:?}", m.conflicts);
    assert_eq!(
        m.conflicts[0],
        MaterialConflict::OtherWorkshop {
            title: "Berufe im Handwerk".into(),
            quantity: 5
        }
    );
    assert!(matches!(
        m.conflicts[1],
        MaterialConflict::OnLoan { count: 2, latest_due } if latest_due > november(20)
    ));
    assert_eq!(m.conflicts[2], MaterialConflict::Waiting { count: 1 });
    // The medium's page lists the three reservations, the earliest first.
    let on_medium: Vec<(String, u32)> = db
        .read(|s| lending::material_for_medium_in(s, f.booklet, november(12)))
        .unwrap()
        .into_iter()
        .map(|m| (m.workshop_title, m.quantity))
        .collect();
    assert_eq!(
        on_medium,
        vec![
            ("Bewerbung auf Arabisch".into(), 6),
            ("Berufe im Handwerk".into(), 5),
            ("Bewerbungsfotos".into(), 12)
        ]
    );
    // Bad input changes nothing.
    for (quantity, workshop, medium) in [(0, f.first, f.booklet), (201, f.first, f.booklet)] {
        let refused = reserve(db, workshop, medium, quantity);
        assert!(
            matches!(
                refused,
                Err(Error::OutOfRange {
                    field: "quantity",
                    ..
                })
            ),
            "{refused:?}"
        );
    }
    assert!(matches!(
        reserve(db, 99_999, f.booklet, 1),
        Err(Error::NotFound {
            what: Record::Workshop
        })
    ));
    assert!(matches!(
        reserve(db, f.first, 99_999, 1),
        Err(Error::NotFound {
            what: Record::Medium
        })
    ));
    assert_eq!(db.count("workshop_material"), 3);
    // A day after the fair only the later workshop is still to come.
    let after: Vec<String> = db
        .read(|s| lending::material_for_medium_in(s, f.booklet, november(21)))
        .unwrap()
        .into_iter()
        .map(|m| m.workshop_title)
        .collect();
    assert_eq!(after, vec!["Bewerbungsfotos"]);
    // Taken back before it is lent.
    let later_id = db
        .read(|s| lending::material_of_workshop_in(s, f.later))
        .unwrap()[0]
        .id;
    lending::remove_material(db, later_id).unwrap();
    assert_eq!(db.count("workshop_material"), 2);
}
on_both_engines!(material_is_reserved_for_the_day_and_what_competes_is_named);

fn material_is_lent_to_the_host_and_counted_back_after_the_workshop(db: &mut TestStore) {
    let f = fair(db);
    let id = reserve(db, f.first, f.booklet, 10).unwrap()[0].id;
    // Lent on the morning of the workshop to its host: the organisation
    // gets a card of its own, the copies are due the day after.
    let (set, loans) =
        lending::lend_material(db, id, f.verein, at(november(20), 8, 30)).expect("lent");
    assert_eq!(
        set.name,
        "10 × Wortschatz Beruf Arabisch–Deutsch – Bewerbung auf Arabisch"
    );
    assert_eq!(loans.len(), 10);
    assert!(loans.iter().all(|l| l.due_on > november(20)), "{loans:?}");
    let card = loans[0].borrower_id.expect("lent to the host's card");
    let host = db.read(|s| kiz::people::borrower_in(s, card)).unwrap();
    assert_eq!(
        (host.kind, host.organisation_id, host.name.as_str()),
        (
            BorrowerKind::Organisation,
            Some(f.verein),
            "Deutsch-Arabischer Kulturverein Troisdorf"
        )
    );
    // Lent: it cannot be changed, taken back or lent again.
    assert!(matches!(
        reserve(db, f.first, f.booklet, 3),
        Err(Error::MaterialLent)
    ));
    assert!(matches!(
        lending::remove_material(db, id),
        Err(Error::MaterialLent)
    ));
    assert!(matches!(
        lending::lend_material(db, id, f.verein, at(november(20), 9, 0)),
        Err(Error::MaterialLent)
    ));
    // The workshop's page and the medium's show how much is back.
    let back = give_back(db, "W-01", &[], at(november(21), 10, 0));
    let progress = back.class_set.expect("counted back as a set");
    assert_eq!((progress.returned, progress.total), (1, 10));
    for i in 2..=10 {
        give_back(db, &format!("W-{i:02}"), &[], at(november(21), 10, 5));
    }
    let page = db
        .read(|s| lending::material_of_workshop_in(s, f.first))
        .unwrap();
    assert!(page[0].lent.as_ref().is_some_and(|set| set.complete()));
    assert!(
        db.read(|s| lending::material_for_medium_in(s, f.booklet, november(12)))
            .unwrap()
            .is_empty(),
        "back in full: no longer shown on the medium"
    );

    // Short on the shelf: nothing lent, the count said.
    let other = reserve(db, f.second, f.booklet, 5).unwrap()[0].id;
    let reader = borrower(db, "Ayşe Yılmaz", BorrowerKind::Hauptamtlich);
    for i in 1..=8 {
        lend(db, reader, &format!("W-{i:02}"), november(22)).unwrap();
    }
    let refused = lending::lend_material(db, other, f.verein, at(november(22), 9, 0));
    assert!(
        matches!(
            refused,
            Err(Error::NotEnoughOnShelf {
                wanted: 5,
                on_shelf: 4
            })
        ),
        "{refused:?}"
    );
    // Only a host of the workshop may get it.
    let stranger = organisations::create_organisation(
        db,
        &OrganisationInput {
            name: "Anderer Verein".into(),
            ..OrganisationInput::default()
        },
        now(),
    )
    .unwrap()
    .id;
    assert!(matches!(
        lending::lend_material(db, other, stranger, at(november(22), 9, 0)),
        Err(Error::NotFound {
            what: Record::Organisation
        })
    ));
    let _ = f.later;
}
on_both_engines!(material_is_lent_to_the_host_and_counted_back_after_the_workshop);
