//! Every list of the window sorts by its columns and comes in pages:
//! Ausleihende, the directory, a workshop's participants and the overdue
//! list. Each column both ways (names as German readers expect: `ä` with
//! `a`, `ß` as `ss`), ties by id, pages that never overlap and cover every
//! row, the total, the sort kept per list, and an unknown sort refused
//! without changing anything.

mod common;
#[macro_use]
mod test_cluster;

use kiz::db::engine::Engine;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use test_cluster::TestStore;

use chrono::NaiveDate;
use common::{at_ten, day, fair_with_three_workshops, media_kind_on, now};
use kiz::catalogue::{self, CopyInput, MediumInput};
use kiz::events::{self, ParticipantInput, RegisterOptions, RegistrationStatus};
use kiz::folding::sort_key;
use kiz::lending::{self, OverdueFilter};
use kiz::lists::{self, List, Page, Paging};
use kiz::organisations::{self, CooperationStatus, DirectoryQuery, OrganisationInput};
use kiz::people::{self, BorrowerInput, BorrowerKind};
use kiz::Db;

/// Every column of a list with both directions, as the window sends them.
fn sorts(list: List) -> Vec<String> {
    list.columns()
        .iter()
        .flat_map(|c| [format!("{c}:asc"), format!("{c}:desc")])
        .collect()
}

/// `by_column` in the sort's direction, then the name folded, then the id:
/// the order every list promises, computed here in Rust to check the SQL.
fn expected_order<T>(
    rows: &mut [T],
    descending: bool,
    by_column: impl Fn(&T, &T) -> Ordering,
    name: impl Fn(&T) -> String,
    id: impl Fn(&T) -> i64,
) {
    rows.sort_by(|a, b| {
        let column = by_column(a, b);
        let column = if descending { column.reverse() } else { column };
        column
            .then_with(|| sort_key(&name(a)).cmp(&sort_key(&name(b))))
            .then(id(a).cmp(&id(b)))
    });
}

/// Reads a whole list page by page (`size` rows each) and checks that the
/// pages are disjoint, each at most `size` long, and together the list in
/// one page, with the same total on every page.
fn read_in_pages<T: Clone + PartialEq + std::fmt::Debug>(
    size: u32,
    whole: &Page<T>,
    id: impl Fn(&T) -> i64,
    mut page: impl FnMut(Paging) -> Page<T>,
) {
    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let p = page(Paging {
            limit: size,
            offset,
        });
        assert_eq!(p.total, whole.total, "every page tells the same total");
        assert!(
            p.rows.len() <= size as usize,
            "a page holds at most its size"
        );
        if p.rows.is_empty() {
            break;
        }
        seen.extend(p.rows);
        offset += size;
    }
    let ids: Vec<i64> = seen.iter().map(&id).collect();
    let distinct: BTreeSet<i64> = ids.iter().copied().collect();
    assert_eq!(distinct.len(), ids.len(), "pages never share a row");
    assert_eq!(
        seen, whole.rows,
        "the pages together are the whole list, in order"
    );
    assert_eq!(seen.len() as i64, whole.total, "the total counts every row");
}

// ---- Ausleihende ----

fn borrower(db: &mut impl Engine, name: &str, kind: BorrowerKind, card: &str) -> i64 {
    people::create_borrower(
        db,
        &BorrowerInput {
            name: name.into(),
            kind,
            card_number: card.into(),
            ..BorrowerInput::default()
        },
        at_ten(2026, 1, 5),
    )
    .unwrap()
    .id
}

/// Borrowers whose names need German sorting, with a tie (`Müller` and
/// `Muller` fold alike) and one in Cyrillic; two are blocked.
fn borrowers(db: &mut impl Engine) {
    let people = [
        ("Zoe Wagner", BorrowerKind::Ehrenamtlich, "KI-A-000007"),
        ("Ärger, Anna", BorrowerKind::Hauptamtlich, "KI-A-000003"),
        ("Apfel, Paul", BorrowerKind::Organisation, "KI-A-000010"),
        ("Azubi-Treff", BorrowerKind::Sonstige, "KI-A-000001"),
        ("Müller", BorrowerKind::Ehrenamtlich, "KI-A-000005"),
        ("Muller", BorrowerKind::Hauptamtlich, "KI-A-000002"),
        ("Straße, Ines", BorrowerKind::Ehrenamtlich, "KI-A-000009"),
        ("Strasse, Hans", BorrowerKind::Ehrenamtlich, "KI-A-000004"),
        ("Ольга Петрова", BorrowerKind::Hauptamtlich, "KI-A-000008"),
        ("Özil, Mesut", BorrowerKind::Ehrenamtlich, "KI-A-000006"),
        ("Otto Brandt", BorrowerKind::Ehrenamtlich, "KI-A-000011"),
    ];
    for (name, kind, card) in people {
        let id = borrower(db, name, kind, card);
        if name.starts_with('Z') || name.starts_with("Otto") {
            people::set_blocked(db, id, Some("Ausweis verloren"), now(), None, "").unwrap();
        }
    }
}

fn borrower_names(page: &Page<people::Borrower>) -> Vec<&str> {
    page.rows.iter().map(|b| b.name.as_str()).collect()
}

fn borrowers_sort_by_name_as_german_readers_expect(db: &mut TestStore) {
    borrowers(db);
    let page = db
        .read(|s| people::borrower_list_in(s, "", Some("name:asc"), &[], Paging::default()))
        .unwrap();
    assert_eq!(
        borrower_names(&page),
        [
            "Apfel, Paul",
            "Ärger, Anna",
            "Azubi-Treff",
            "Müller",
            "Muller",
            "Otto Brandt",
            "Özil, Mesut",
            "Strasse, Hans",
            "Straße, Ines",
            "Zoe Wagner",
            "Ольга Петрова",
        ],
        "ä with a, ö with o, ß as ss (Straße, Ines after Strasse, Hans by the first name), \
         Müller and Muller alike so by id, Cyrillic after Latin"
    );
    assert_eq!(page.sort, "name:asc");
    let down = db
        .read(|s| people::borrower_list_in(s, "", Some("name:desc"), &[], Paging::default()))
        .unwrap();
    assert_eq!(
        borrower_names(&down)[..3],
        ["Ольга Петрова", "Zoe Wagner", "Straße, Ines"],
        "a second click reverses"
    );
    assert_eq!(
        borrower_names(&down)[6..8],
        ["Müller", "Muller"],
        "equal names keep the order of their ids in both directions"
    );
}
on_both_engines!(borrowers_sort_by_name_as_german_readers_expect);

fn borrowers_sort_by_every_column_both_ways_with_ties_by_id(db: &mut TestStore) {
    borrowers(db);
    for sort in sorts(List::Borrowers) {
        let page = db
            .read(|s| people::borrower_list_in(s, "", Some(&sort), &[], Paging::default()))
            .unwrap();
        assert_eq!(page.sort, sort);
        let mut expected = page.rows.clone();
        let (column, direction) = sort.split_once(':').unwrap();
        expected_order(
            &mut expected,
            direction == "desc",
            |a, b| match column {
                "name" => Ordering::Equal,
                "kind" => format!("{:?}", a.kind)
                    .to_lowercase()
                    .cmp(&format!("{:?}", b.kind).to_lowercase()),
                "card_number" => a.card_number.cmp(&b.card_number),
                "state" => a.blocked_reason.is_some().cmp(&b.blocked_reason.is_some()),
                other => panic!("a column the test does not know: {other}"),
            },
            |b| b.name.clone(),
            |b| b.id,
        );
        if column == "name" {
            // The name itself in the sort's direction, ties by id.
            expected.sort_by(|a, b| {
                let by = sort_key(&a.name).cmp(&sort_key(&b.name));
                (if direction == "desc" {
                    by.reverse()
                } else {
                    by
                })
                .then(a.id.cmp(&b.id))
            });
        }
        let got: Vec<i64> = page.rows.iter().map(|b| b.id).collect();
        let want: Vec<i64> = expected.iter().map(|b| b.id).collect();
        assert_eq!(got, want, "Ausleihende sorted by {sort}");
    }
}
on_both_engines!(borrowers_sort_by_every_column_both_ways_with_ties_by_id);

/// The kinds in the order of their labels as the window sorts them
/// (`inLabelOrder` in `ui/i18n/index.js`, checked by
/// `tests/ui/labels.test.mjs`): German "ehrenamtliche Lehrkraft",
/// "hauptamtliche Lehrkraft", "Organisation", "Sonstige"; English
/// "Organisation", "Other", "paid teacher", "volunteer teacher".
const KINDS_GERMAN: [BorrowerKind; 4] = [
    BorrowerKind::Ehrenamtlich,
    BorrowerKind::Hauptamtlich,
    BorrowerKind::Organisation,
    BorrowerKind::Sonstige,
];
const KINDS_ENGLISH: [BorrowerKind; 4] = [
    BorrowerKind::Organisation,
    BorrowerKind::Sonstige,
    BorrowerKind::Hauptamtlich,
    BorrowerKind::Ehrenamtlich,
];

fn the_kind_column_sorts_by_the_label_the_user_reads_in_german_and_in_english(db: &mut TestStore) {
    borrowers(db);
    for (language, order) in [("German", KINDS_GERMAN), ("English", KINDS_ENGLISH)] {
        for descending in [false, true] {
            let sort = if descending { "kind:desc" } else { "kind:asc" };
            let page = db
                .read(|s| people::borrower_list_in(s, "", Some(sort), &order, Paging::default()))
                .unwrap();
            let rank = |k: BorrowerKind| order.iter().position(|o| *o == k).unwrap();
            let mut expected = page.rows.clone();
            expected_order(
                &mut expected,
                descending,
                |a, b| rank(a.kind).cmp(&rank(b.kind)),
                |b| b.name.clone(),
                |b| b.id,
            );
            assert_eq!(
                page.rows.iter().map(|b| b.id).collect::<Vec<_>>(),
                expected.iter().map(|b| b.id).collect::<Vec<_>>(),
                "{language}, {sort}: kinds in the order of their labels, then by name"
            );
            let mut kinds: Vec<BorrowerKind> = page.rows.iter().map(|b| b.kind).collect();
            kinds.dedup();
            let mut want = order.to_vec();
            if descending {
                want.reverse();
            }
            assert_eq!(kinds, want, "{language}, {sort}");
        }
    }
    // Paged, the order holds across the pages.
    let whole = db
        .read(|s| {
            people::borrower_list_in(s, "", Some("kind:asc"), &KINDS_ENGLISH, Paging::default())
        })
        .unwrap();
    read_in_pages(
        3,
        &whole,
        |b| b.id,
        |paging| {
            db.read(|s| people::borrower_list_in(s, "", Some("kind:asc"), &KINDS_ENGLISH, paging))
                .unwrap()
        },
    );
    // A kind the order leaves out comes after the ones it names.
    let partial = db
        .read(|s| {
            people::borrower_list_in(
                s,
                "",
                Some("kind:asc"),
                &[BorrowerKind::Sonstige],
                Paging::default(),
            )
        })
        .unwrap();
    assert_eq!(
        partial.rows[0].name, "Azubi-Treff",
        "the one Sonstige first"
    );
    assert_eq!(
        partial.rows[1].kind,
        BorrowerKind::Ehrenamtlich,
        "then the others by their codes"
    );
}
on_both_engines!(the_kind_column_sorts_by_the_label_the_user_reads_in_german_and_in_english);

fn borrowers_come_in_disjoint_pages_with_the_total_and_the_search_applies(db: &mut TestStore) {
    for i in 0..23 {
        borrower(
            db,
            &format!("Person {:02}", 23 - i),
            BorrowerKind::Ehrenamtlich,
            "",
        );
    }
    for sort in ["name:asc", "card_number:desc"] {
        let whole = db
            .read(|s| {
                people::borrower_list_in(
                    s,
                    "",
                    Some(sort),
                    &[],
                    Paging {
                        limit: 500,
                        offset: 0,
                    },
                )
            })
            .unwrap();
        assert_eq!(whole.total, 23);
        read_in_pages(
            5,
            &whole,
            |b| b.id,
            |paging| {
                db.read(|s| people::borrower_list_in(s, "", Some(sort), &[], paging))
                    .unwrap()
            },
        );
    }
    let found = db
        .read(|s| {
            people::borrower_list_in(
                s,
                "Person 1",
                Some("name:desc"),
                &[],
                Paging {
                    limit: 3,
                    offset: 0,
                },
            )
        })
        .unwrap();
    assert_eq!(
        found.total, 10,
        "Person 10 … 19 (Person 01 does not start with 1)"
    );
    assert_eq!(
        borrower_names(&found),
        ["Person 19", "Person 18", "Person 17"]
    );
}
on_both_engines!(borrowers_come_in_disjoint_pages_with_the_total_and_the_search_applies);

// ---- the sort kept per list ----

#[test]
fn the_chosen_sort_is_kept_per_list_and_survives_reopening_the_file() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("kiz-desk.sqlite");
    {
        let mut db = Db::open(&path).unwrap();
        borrowers(&mut db);
        for list in List::ALL {
            assert_eq!(
                lists::saved_sort(&db, list.code()).unwrap(),
                list.default_sort(),
                "until staff choose, each list has its default"
            );
        }
        assert_eq!(
            lists::save_sort(&mut db, "borrowers", "card_number").unwrap(),
            "card_number:asc"
        );
        assert_eq!(
            lists::save_sort(&mut db, "borrowers", "kind:desc").unwrap(),
            "kind:desc"
        );
        lists::save_sort(&mut db, "overdue", "borrower:desc").unwrap();
    }
    let db = Db::open(&path).unwrap();
    assert_eq!(
        lists::saved_sort(&db, "borrowers").unwrap(),
        "kind:desc",
        "the last choice, after a restart"
    );
    assert_eq!(lists::saved_sort(&db, "overdue").unwrap(), "borrower:desc");
    assert_eq!(
        lists::saved_sort(&db, "organisations").unwrap(),
        "name:asc",
        "one list's sort does not touch another's"
    );
    let page = people::borrower_list(&db, "", None, &[], Paging::default()).unwrap();
    assert_eq!(
        page.sort, "kind:desc",
        "a list read without a sort uses the kept one"
    );
    let asked = people::borrower_list(&db, "", Some("name:asc"), &[], Paging::default()).unwrap();
    assert_eq!(asked.sort, "name:asc", "a sort asked for wins");
    assert_eq!(
        lists::saved_sort(&db, "borrowers").unwrap(),
        "kind:desc",
        "reading a list in another order does not change the kept one"
    );
}

fn an_unknown_sort_is_refused_clearly_and_changes_nothing(db: &mut TestStore) {
    borrowers(db);
    lists::save_sort(db, "borrowers", "name:desc").unwrap();
    for bad in [
        "geburtstag:asc",
        "name:sideways",
        "name;DROP TABLE borrower",
        ":asc",
        "email",
    ] {
        let err = lists::save_sort(db, "borrowers", bad).unwrap_err();
        assert_eq!(
            err.code(),
            "unknown_sort_key",
            "{bad} is no sort of Ausleihende"
        );
        assert_eq!(err.field(), Some("sort"));
        let err = db
            .read(|s| people::borrower_list_in(s, "", Some(bad), &[], Paging::default()))
            .unwrap_err();
        assert_eq!(
            err.code(),
            "unknown_sort_key",
            "a list is not read in an unknown order"
        );
    }
    assert_eq!(
        lists::save_sort(db, "books", "name:asc")
            .unwrap_err()
            .code(),
        "unknown_sort_key",
        "an unknown list"
    );
    assert_eq!(
        lists::save_sort(db, "organisations", "card_number:asc")
            .unwrap_err()
            .code(),
        "unknown_sort_key",
        "a column of another list"
    );
    assert_eq!(
        db.read(|s| lists::saved_sort_in(s, "borrowers")).unwrap(),
        "name:desc",
        "the kept sort stays"
    );
    assert_eq!(
        db.read(|s| lists::saved_sort_in(s, "organisations"))
            .unwrap(),
        "name:asc"
    );
    assert_eq!(
        db.read(|s| people::borrower_list_in(s, "", None, &[], Paging::default()))
            .unwrap()
            .total,
        11,
        "no borrower was touched"
    );
}
on_both_engines!(an_unknown_sort_is_refused_clearly_and_changes_nothing);

// ---- the directory ----

fn organisation_kind(db: &mut impl Engine, code: &str) -> i64 {
    db.read_sql(|s| organisations::organisation_kinds_in(s))
        .unwrap()
        .into_iter()
        .find(|k| k.code == code)
        .expect("built-in kind")
        .id
}

fn directory(db: &mut impl Engine) {
    let verein = organisation_kind(db, "verein");
    let initiative = organisation_kind(db, "initiative");
    let rows = [
        (
            "Zukunft e. V.",
            Some(verein),
            "Siegburg",
            CooperationStatus::Aktiv,
        ),
        (
            "Ärztinnen ohne Grenzen",
            Some(initiative),
            "Königswinter",
            CooperationStatus::Kontakt,
        ),
        (
            "Arbeitskreis Asyl",
            None,
            "Troisdorf",
            CooperationStatus::Ruhend,
        ),
        (
            "Bildungswerk",
            Some(verein),
            "Sankt Augustin",
            CooperationStatus::Aktiv,
        ),
        (
            "Ümit Kulturverein",
            Some(verein),
            "Bonn-Land",
            CooperationStatus::Kontakt,
        ),
        (
            "Umwelt-Gruppe",
            Some(initiative),
            "Siegburg",
            CooperationStatus::Ruhend,
        ),
        (
            "Общество",
            Some(verein),
            "Troisdorf",
            CooperationStatus::Aktiv,
        ),
    ];
    for (name, kind_id, municipality, status) in rows {
        organisations::create_organisation(
            db,
            &OrganisationInput {
                name: name.into(),
                kind_id,
                municipality: if municipality == "Bonn-Land" {
                    String::new()
                } else {
                    municipality.into()
                },
                status,
                ..OrganisationInput::default()
            },
            now(),
        )
        .unwrap();
    }
}

fn status_rank(s: CooperationStatus) -> u8 {
    match s {
        CooperationStatus::Kontakt => 0,
        CooperationStatus::Aktiv => 1,
        CooperationStatus::Ruhend => 2,
    }
}

fn the_directory_sorts_by_every_column_both_ways_and_pages(db: &mut TestStore) {
    directory(db);
    let query = DirectoryQuery::default();
    let names = db
        .read(|s| organisations::organisation_list_in(s, &query, Some("name:asc")))
        .unwrap();
    assert_eq!(
        names
            .rows
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>(),
        [
            "Arbeitskreis Asyl",
            "Ärztinnen ohne Grenzen",
            "Bildungswerk",
            "Ümit Kulturverein",
            "Umwelt-Gruppe",
            "Zukunft e. V.",
            "Общество",
        ],
        "arb… before ärz… (ä with a), ümit before umwelt (ü with u)"
    );
    for sort in sorts(List::Organisations) {
        let page = db
            .read(|s| organisations::organisation_list_in(s, &query, Some(&sort)))
            .unwrap();
        assert_eq!(page.total, 7);
        let (column, direction) = sort.split_once(':').unwrap();
        let mut expected = page.rows.clone();
        expected_order(
            &mut expected,
            direction == "desc",
            |a, b| match column {
                "name" => sort_key(&a.name).cmp(&sort_key(&b.name)),
                "kind" => sort_key(&a.kind).cmp(&sort_key(&b.kind)),
                "municipality" => sort_key(&a.municipality).cmp(&sort_key(&b.municipality)),
                "status" => status_rank(a.status).cmp(&status_rank(b.status)),
                other => panic!("a column the test does not know: {other}"),
            },
            |r| r.name.clone(),
            |r| r.id,
        );
        assert_eq!(page.rows, expected, "the directory sorted by {sort}");
        read_in_pages(
            3,
            &page,
            |r| r.id,
            |paging| {
                let q = DirectoryQuery {
                    limit: paging.limit,
                    offset: paging.offset,
                    ..DirectoryQuery::default()
                };
                db.read(|s| organisations::organisation_list_in(s, &q, Some(&sort)))
                    .unwrap()
            },
        );
    }
    let err = db
        .read(|s| organisations::organisation_list_in(s, &query, Some("members:asc")))
        .unwrap_err();
    assert_eq!(err.code(), "unknown_sort_key");
}
on_both_engines!(the_directory_sorts_by_every_column_both_ways_and_pages);

// ---- a workshop's participants ----

fn participant(db: &mut impl Engine, name: &str, school: &str) -> i64 {
    events::create_participant(
        db,
        &ParticipantInput {
            name: name.into(),
            school: school.into(),
            consent: common::consent_given(2026, 11, 1),
            ..ParticipantInput::default()
        },
        now(),
    )
    .unwrap()
}

fn status_rank_of(s: RegistrationStatus) -> u8 {
    match s {
        RegistrationStatus::Warteliste => 1,
        RegistrationStatus::Abgesagt => 2,
        _ => 0,
    }
}

fn a_workshops_participants_sort_by_every_column_both_ways_and_page(db: &mut TestStore) {
    let (_, workshops) = fair_with_three_workshops(db);
    let w = workshops[0]; // one seat, with a waitlist
    let people = [
        ("Şükrü Yılmaz", "Gesamtschule Hennef"),
        ("Ahmet Demir", "Anno-Gymnasium"),
        ("Ärger, Lea", "Berufskolleg"),
        ("Zeynep Kaya", "Anno-Gymnasium"),
        ("Ольга Смирнова", "Äbtissin-Schule"),
        ("Sara Klein", ""),
    ];
    let mut ids = Vec::new();
    for (name, school) in people {
        let p = participant(db, name, school);
        ids.push(
            events::register(db, w, p, &RegisterOptions::default(), now())
                .unwrap()
                .id,
        );
    }
    events::cancel(db, ids[3], now()).unwrap();
    let own = db.read(|s| events::registrations_in(s, w)).unwrap();
    let page = db
        .read(|s| events::registration_page_in(s, w, Some("status:asc"), Paging::default()))
        .unwrap();
    assert_eq!(
        page.rows, own,
        "status:asc is the workshop's own order: seats, waitlist in order, cancelled"
    );
    assert_eq!(page.total, 6);
    for sort in sorts(List::Participants) {
        let page = db
            .read(|s| events::registration_page_in(s, w, Some(&sort), Paging::default()))
            .unwrap();
        let (column, direction) = sort.split_once(':').unwrap();
        let mut expected = page.rows.clone();
        expected_order(
            &mut expected,
            direction == "desc",
            |a, b| match column {
                "name" => sort_key(&a.participant_name).cmp(&sort_key(&b.participant_name)),
                "school" => sort_key(&a.school).cmp(&sort_key(&b.school)),
                "status" => status_rank_of(a.status)
                    .cmp(&status_rank_of(b.status))
                    .then(a.waitlist_position.cmp(&b.waitlist_position)),
                "code" => a.id.cmp(&b.id),
                other => panic!("a column the test does not know: {other}"),
            },
            |r| r.participant_name.clone(),
            |r| r.id,
        );
        assert_eq!(page.rows, expected, "the participants sorted by {sort}");
        read_in_pages(
            4,
            &page,
            |r| r.id,
            |paging| {
                db.read(|s| events::registration_page_in(s, w, Some(&sort), paging))
                    .unwrap()
            },
        );
    }
    let names = db
        .read(|s| events::registration_page_in(s, w, Some("name:asc"), Paging::default()))
        .unwrap();
    assert_eq!(
        names
            .rows
            .iter()
            .map(|r| r.participant_name.as_str())
            .collect::<Vec<_>>(),
        [
            "Ahmet Demir",
            "Ärger, Lea",
            "Sara Klein",
            "Şükrü Yılmaz",
            "Zeynep Kaya",
            "Ольга Смирнова"
        ],
        "Ş with S, ı as i"
    );
}
on_both_engines!(a_workshops_participants_sort_by_every_column_both_ways_and_page);

// ---- the overdue list ----

fn lend_on(db: &mut impl Engine, borrower_id: i64, title: &str, barcode: &str, on: NaiveDate) {
    book(db, title, barcode);
    common::lend(db, borrower_id, barcode, on).unwrap();
}

/// A book with one copy, `barcode`.
fn book(db: &mut impl Engine, title: &str, barcode: &str) {
    let kind_id = media_kind_on(db, "buch");
    let medium = catalogue::create_medium(
        db,
        &MediumInput {
            kind_id,
            title: title.into(),
            ..MediumInput::default()
        },
        at_ten(2026, 1, 5),
    )
    .unwrap();
    catalogue::add_copy(
        db,
        medium.id,
        &CopyInput {
            barcode: barcode.into(),
            ..CopyInput::default()
        },
        at_ten(2026, 1, 5),
    )
    .unwrap();
}

fn the_overdue_list_sorts_by_every_column_both_ways_and_pages(db: &mut TestStore) {
    let mut settings = db.read(|s| lending::lending_settings_in(s)).unwrap();
    settings.closed_weekdays.clear();
    lending::save_lending_settings(db, &settings, "BUERO-1", common::at_ten(2026, 11, 12)).unwrap();
    let anna = borrower(db, "Ärger, Anna", BorrowerKind::Ehrenamtlich, "");
    let zoe = borrower(db, "Zoe Wagner", BorrowerKind::Hauptamtlich, "");
    let otto = borrower(db, "Otto Brandt", BorrowerKind::Ehrenamtlich, "");
    lend_on(db, anna, "Übungsbuch Deutsch", "B1", day(2026, 9, 1));
    lend_on(db, anna, "Zeichnen lernen", "B2", day(2026, 9, 3));
    lend_on(db, zoe, "Atlas der Welt", "B3", day(2026, 9, 3));
    lend_on(db, otto, "Straßenkarte", "B4", day(2026, 9, 20));
    lend_on(db, otto, "Ärztlicher Rat", "B5", day(2026, 10, 1));
    let today = day(2026, 12, 1);
    lending::record_reminders(db, anna, day(2026, 10, 20)).unwrap();
    let filter = OverdueFilter::default();
    let all = db
        .read(|s| lending::overdue_loans_in(s, today, &filter))
        .unwrap();
    assert_eq!(all.len(), 5);
    for sort in sorts(List::Overdue) {
        let page = db
            .read(|s| lending::overdue_page_in(s, today, &filter, Some(&sort), Paging::default()))
            .unwrap();
        assert_eq!(page.total, 5);
        let (column, direction) = sort.split_once(':').unwrap();
        let mut expected = all.clone();
        expected_order(
            &mut expected,
            direction == "desc",
            |a, b| match column {
                "borrower" => sort_key(&a.borrower_name).cmp(&sort_key(&b.borrower_name)),
                "title" => sort_key(&a.loan.title).cmp(&sort_key(&b.loan.title)),
                "due_on" => a.loan.due_on.cmp(&b.loan.due_on),
                "days" => a.days_overdue.cmp(&b.days_overdue),
                "level" => a.last_level.cmp(&b.last_level),
                other => panic!("a column the test does not know: {other}"),
            },
            |o| o.borrower_name.clone(),
            |o| o.loan.id,
        );
        let mut seen = BTreeSet::new();
        for o in &mut expected {
            o.first_of_borrower = o.loan.borrower_id.is_some_and(|id| seen.insert(id));
        }
        assert_eq!(
            page.rows, expected,
            "the overdue list sorted by {sort}, each borrower's first row in that order marked"
        );
        read_in_pages(
            2,
            &page,
            |o| o.loan.id,
            |paging| {
                db.read(|s| lending::overdue_page_in(s, today, &filter, Some(&sort), paging))
                    .unwrap()
            },
        );
    }
    let titles = db
        .read(|s| lending::overdue_page_in(s, today, &filter, Some("title:asc"), Paging::default()))
        .unwrap();
    assert_eq!(
        titles
            .rows
            .iter()
            .map(|o| o.loan.title.as_str())
            .collect::<Vec<_>>(),
        [
            "Ärztlicher Rat",
            "Atlas der Welt",
            "Straßenkarte",
            "Übungsbuch Deutsch",
            "Zeichnen lernen"
        ]
    );
    let levels = db
        .read(|s| {
            lending::overdue_page_in(s, today, &filter, Some("level:desc"), Paging::default())
        })
        .unwrap();
    assert!(
        levels.rows[0].last_level >= 1,
        "reminded loans first when sorted by level, largest first"
    );
}
on_both_engines!(the_overdue_list_sorts_by_every_column_both_ways_and_pages);

/// The rows' (title, first of its borrower, a reminder due for the borrower).
fn reminder_marks(page: &Page<lending::OverdueLoan>) -> Vec<(&str, bool, bool)> {
    page.rows
        .iter()
        .map(|o| {
            (
                o.loan.title.as_str(),
                o.first_of_borrower,
                o.borrower_reminder_due,
            )
        })
        .collect()
}

fn a_borrower_whose_overdue_loans_span_two_pages_is_offered_one_reminder(db: &mut TestStore) {
    let mut settings = db.read(|s| lending::lending_settings_in(s)).unwrap();
    settings.closed_weekdays.clear();
    lending::save_lending_settings(db, &settings, "BUERO-1", common::at_ten(2026, 11, 12)).unwrap();
    let anna = borrower(db, "Anna Adler", BorrowerKind::Ehrenamtlich, "");
    let ben = borrower(db, "Ben Berg", BorrowerKind::Hauptamtlich, "");
    // Books run four weeks; reminders come 7, 14 and 14 days apart.
    lend_on(db, anna, "Grammatik", "R1", day(2026, 9, 1)); // due 29 September
    lend_on(db, anna, "Lesebuch", "R2", day(2026, 9, 1)); // due 29 September
    book(db, "Wortschatz", "R3");
    common::lend_overriding(db, anna, "R3", "Kurs läuft weiter", day(2026, 10, 1)).unwrap(); // due 29 October
    lend_on(db, ben, "Atlas", "R4", day(2026, 10, 2)); // due 30 October
    lending::record_reminders(db, anna, day(2026, 10, 10)).unwrap();
    lending::record_reminders(db, anna, day(2026, 10, 24)).unwrap();
    // On 5 November only Wortschatz is due (its 1st reminder); Anna's other
    // two wait for their 3rd until 7 November, Ben's Atlas until 6 November.
    let today = day(2026, 11, 5);
    let filter = OverdueFilter::default();
    let mut page = |sort: &str, offset: u32| {
        db.read(|s| {
            lending::overdue_page_in(s, today, &filter, Some(sort), Paging { limit: 2, offset })
        })
        .unwrap()
    };

    let one = page("borrower:asc", 0);
    let two = page("borrower:asc", 2);
    assert_eq!(one.total, 4);
    assert_eq!(
        reminder_marks(&one),
        [("Grammatik", true, true), ("Lesebuch", false, true)],
        "page one: Anna's first row offers her reminder, although the loan that is due is on page two"
    );
    assert_eq!(
        reminder_marks(&two),
        [("Wortschatz", false, true), ("Atlas", true, false)],
        "page two: Anna is not offered a second reminder; nothing is due for Ben"
    );
    assert!(
        !one.rows[0].reminder_due && two.rows[0].reminder_due,
        "the loan's own mark stays with the loan that is due"
    );
    let offered: Vec<&str> = one
        .rows
        .iter()
        .chain(&two.rows)
        .filter(|o| o.first_of_borrower && o.borrower_reminder_due)
        .map(|o| o.borrower_name.as_str())
        .collect();
    assert_eq!(
        offered,
        ["Anna Adler"],
        "one reminder per borrower in the whole list"
    );

    // In another order the first row is another loan, still one per borrower.
    let by_title = db
        .read(|s| {
            lending::overdue_page_in(s, today, &filter, Some("title:desc"), Paging::default())
        })
        .unwrap();
    assert_eq!(
        reminder_marks(&by_title),
        [
            ("Wortschatz", true, true),
            ("Lesebuch", false, true),
            ("Grammatik", false, true),
            ("Atlas", true, false)
        ]
    );

    // A filter that hides the loan that is due does not hide that a
    // reminder is due: the letter would name it.
    let filtered = OverdueFilter {
        text: "Grammatik".into(),
        ..OverdueFilter::default()
    };
    let found = db
        .read(|s| lending::overdue_page_in(s, today, &filtered, None, Paging::default()))
        .unwrap();
    assert_eq!(reminder_marks(&found), [("Grammatik", true, true)]);
    let letter = lending::record_reminders(db, anna, today).unwrap();
    assert_eq!(
        letter
            .items
            .iter()
            .map(|i| i.title.as_str())
            .collect::<Vec<_>>(),
        ["Wortschatz"],
        "the reminder offered names the loan that is due"
    );
    let after = db
        .read(|s| {
            lending::overdue_page_in(s, today, &filter, Some("borrower:asc"), Paging::default())
        })
        .unwrap();
    assert!(
        after.rows.iter().all(|o| !o.borrower_reminder_due),
        "once sent, no reminder is offered until the next is due"
    );
}
on_both_engines!(a_borrower_whose_overdue_loans_span_two_pages_is_offered_one_reminder);

/// Staff may show up to 1,000 rows at once (the page-size choice under
/// the long lists): Ausleihende and Medien give a full page of 1,000, a
/// larger page is cut to 1,000, and no size asked means 50.
fn a_page_holds_at_most_a_thousand_rows_in_borrowers_and_media(db: &mut TestStore) {
    assert_eq!(lists::page_size(0), lists::USUAL_PAGE);
    assert_eq!(lists::page_size(250), 250);
    assert_eq!(lists::page_size(5000), lists::LARGEST_PAGE);
    assert_eq!(lists::LARGEST_PAGE, 1000);
    for i in 0..1003 {
        borrower(
            db,
            &format!("Person {i:04}"),
            BorrowerKind::Ehrenamtlich,
            "",
        );
        common::medium_with_copy(db, &format!("Titel {i:04}"), &format!("B{i:05}"));
    }
    let page = |limit: u32, offset: u32| Paging { limit, offset };
    for (asked, expected) in [(1000, 1000), (5000, 1000), (0, 50)] {
        let borrowers = db
            .read(|s| people::borrower_list_in(s, "", Some("name:asc"), &[], page(asked, 0)))
            .unwrap();
        assert_eq!(borrowers.total, 1003);
        assert_eq!(borrowers.rows.len(), expected, "borrowers, {asked} asked");
        let media = kiz::catalogue::CatalogueStore::search_media(
            db,
            &catalogue::MediaQuery {
                limit: asked,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(media.rows.len(), expected, "media, {asked} asked");
    }
    let rest = db
        .read(|s| people::borrower_list_in(s, "", Some("name:asc"), &[], page(1000, 1000)))
        .unwrap();
    assert_eq!(
        rest.rows.len(),
        3,
        "the second page of 1,000 holds the rest"
    );
}
on_both_engines!(a_page_holds_at_most_a_thousand_rows_in_borrowers_and_media);
