//! A form saved over a record that someone else saved meanwhile is refused
//! (issue 22, point 3): the medium, the borrower and the organisation
//! carry a version that a save checks in its `UPDATE`. The same scenario
//! runs on the file and on the shared database; on the server two
//! connections race to save forms filled from one version.

mod common;
#[macro_use]
mod test_cluster;

use std::sync::{Arc, Barrier};
use test_cluster::TestStore;

use chrono::NaiveDateTime;
use common::{at, day, media_kind, test_db};
use kiz::catalogue::{self, MediumInput};
use kiz::db::engine::{scalar, Engine};
use kiz::db::server::Server;
use kiz::error::Record;
use kiz::organisations::{self, OrganisationInput};
use kiz::people::{self, BorrowerInput, BorrowerKind};
use kiz::{Db, Error};
use test_cluster::cluster;

fn nine() -> NaiveDateTime {
    at(day(2026, 12, 3), 9, 0)
}

fn ten() -> NaiveDateTime {
    at(day(2026, 12, 3), 10, 42)
}

/// A file with one medium ("Linie 1 A2") and one borrower (Leila Haddad).
fn file() -> (Db, i64, i64) {
    let mut db = test_db();
    let kind_id = media_kind(&db, "buch");
    let medium = catalogue::create_medium(
        &mut db,
        &MediumInput {
            kind_id,
            title: "Linie 1 A2".into(),
            ..MediumInput::default()
        },
        nine(),
    )
    .expect("a medium");
    let leila = people::create_borrower(
        &mut db,
        &BorrowerInput {
            kind: BorrowerKind::Ehrenamtlich,
            name: "Leila Haddad".into(),
            ..BorrowerInput::default()
        },
        nine(),
    )
    .expect("a borrower");
    (db, medium.id, leila.id)
}

fn medium(store: &mut impl Engine, id: i64) -> catalogue::Medium {
    store
        .read_sql(|sql| catalogue::medium_in(sql, id))
        .expect("the medium")
}

fn borrower(store: &mut impl Engine, id: i64) -> people::Borrower {
    store
        .read_sql(|sql| people::borrower_in(sql, id))
        .expect("the borrower")
}

/// The form of `m` as a PC filled it, with the title changed.
fn medium_form(m: &catalogue::Medium, title: &str) -> MediumInput {
    MediumInput {
        kind_id: m.kind.id,
        title: title.into(),
        version: Some(m.saved.version),
        ..MediumInput::default()
    }
}

/// Two PCs open the same medium and the same borrower; the desk saves
/// first, the office's save is refused with who saved when, and stores
/// nothing; after a reload the office saves. An import-like write (no
/// version) is not checked but raises the version.
fn two_forms_one_record(store: &mut impl Engine, medium_id: i64, leila: i64) {
    let at_desk = medium(store, medium_id);
    let in_office = medium(store, medium_id);
    assert_eq!(at_desk.saved.version, 1, "a new record starts at 1");
    assert_eq!(at_desk.saved.by, "", "created, never saved in a form");

    let saved = catalogue::update_medium(
        store,
        medium_id,
        &medium_form(&at_desk, "Linie 1 A2 (Neuauflage)"),
        ten(),
        "THEKE",
    )
    .expect("the first save is stored");
    assert_eq!(
        (saved.saved.version, saved.saved.by.as_str(), saved.saved.at),
        (2, "THEKE", ten())
    );

    let refused = catalogue::update_medium(
        store,
        medium_id,
        &medium_form(&in_office, "Linie 1 A2 – Kursbuch"),
        at(day(2026, 12, 3), 10, 45),
        "BUERO-2",
    )
    .expect_err("a form filled from version 1 is refused");
    assert!(
        matches!(
            &refused,
            Error::ChangedMeanwhile { what: Record::Medium, at, by } if *at == ten() && by == "THEKE"
        ),
        "names who saved when: {refused:?}"
    );
    let stored = medium(store, medium_id);
    assert_eq!(
        (
            stored.title.as_str(),
            stored.saved.version,
            stored.saved.by.as_str()
        ),
        ("Linie 1 A2 (Neuauflage)", 2, "THEKE"),
        "nothing of the refused save is stored"
    );
    let search: i64 = store
        .read_sql(|sql| {
            scalar(
                sql,
                "SELECT count(*) FROM medium WHERE title = 'Linie 1 A2 – Kursbuch'",
                &[],
            )
        })
        .expect("counted");
    assert_eq!(search, 0);

    // "Neu laden": the office fills its form again and saves.
    let reloaded = medium(store, medium_id);
    let saved = catalogue::update_medium(
        store,
        medium_id,
        &medium_form(&reloaded, "Linie 1 A2 – Kursbuch"),
        at(day(2026, 12, 3), 10, 46),
        "BUERO-2",
    )
    .expect("saved after the reload");
    assert_eq!(
        (saved.saved.version, saved.saved.by.as_str()),
        (3, "BUERO-2")
    );

    // Without a version (an import): stored, and the version moves on, so
    // a form open meanwhile is refused.
    let unchecked = MediumInput {
        version: None,
        ..medium_form(&saved, "Linie 1 A2")
    };
    let imported = catalogue::update_medium(store, medium_id, &unchecked, ten(), "")
        .expect("an import is not checked");
    assert_eq!(
        (imported.saved.version, imported.saved.by.as_str()),
        (4, "")
    );
    let stale = catalogue::update_medium(
        store,
        medium_id,
        &medium_form(&saved, "Linie 1 A2 (alt)"),
        ten(),
        "BUERO-2",
    )
    .expect_err("refused after the import");
    assert!(matches!(stale, Error::ChangedMeanwhile { ref by, .. } if by.is_empty()));
    assert_eq!(
        stale.params().get("variant").map(|p| format!("{p:?}")),
        Some("Text(\"unknown_workstation\")".into()),
        "the text says the workstation is not known"
    );

    // A medium that is gone is not found, whatever the version.
    assert!(matches!(
        catalogue::update_medium(store, 999_999, &medium_form(&saved, "X"), ten(), "THEKE"),
        Err(Error::NotFound {
            what: Record::Medium
        })
    ));

    // The borrower's form the same way; a refused save keeps the card.
    let at_desk = borrower(store, leila);
    let form = |b: &people::Borrower, name: &str| BorrowerInput {
        kind: b.kind,
        name: name.into(),
        version: Some(b.saved.version),
        ..BorrowerInput::default()
    };
    people::update_borrower(
        store,
        leila,
        &form(&at_desk, "Leila Haddad-Yılmaz"),
        ten(),
        "THEKE",
    )
    .expect("first save");
    let refused = people::update_borrower(
        store,
        leila,
        &form(&at_desk, "Leyla Haddad"),
        ten(),
        "BUERO-2",
    )
    .expect_err("second save from the same version");
    assert!(matches!(
        refused,
        Error::ChangedMeanwhile {
            what: Record::Borrower,
            ref by,
            ..
        } if by == "THEKE"
    ));
    let stored = borrower(store, leila);
    assert_eq!(
        (
            stored.name.as_str(),
            stored.card_number.as_str(),
            stored.saved.version
        ),
        ("Leila Haddad-Yılmaz", at_desk.card_number.as_str(), 2)
    );
}

#[test]
fn a_form_saved_over_a_newer_version_is_refused_on_the_file() {
    let (mut file, medium_id, leila) = file();
    two_forms_one_record(&mut file, medium_id, leila);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn a_form_saved_over_a_newer_version_is_refused_on_the_server() {
    let (file, medium_id, leila) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_versions_forms");
    two_forms_one_record(&mut server, medium_id, leila);
}

/// Two PCs save forms filled from the same version at the same moment,
/// many times: each time exactly one is stored and the other is told who
/// saved; the version counts every stored save.
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn two_pcs_saving_one_medium_at_once_store_one_save_each_round() {
    let (file, medium_id, _) = file();
    let (_, settings) = cluster().moved(&file, "kiz_t_versions_race");
    let rounds = 15;
    let start = Arc::new(Barrier::new(2));
    let pcs: Vec<_> = ["THEKE", "BUERO-2"]
        .into_iter()
        .map(|pc| {
            let mut server = Server::connect(&settings, &cluster().password).expect("connects");
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                let mut outcomes = Vec::new();
                for round in 0..rounds {
                    // Both read the same version before either saves.
                    let form = medium(&mut server, medium_id);
                    start.wait();
                    let title = format!("Linie 1 A2 – {pc} {round}");
                    outcomes.push(
                        catalogue::update_medium(
                            &mut server,
                            medium_id,
                            &medium_form(&form, &title),
                            ten(),
                            pc,
                        )
                        .map(|m| m.title),
                    );
                    start.wait();
                }
                outcomes
            })
        })
        .collect();
    let outcomes: Vec<Vec<_>> = pcs
        .into_iter()
        .map(|pc| pc.join().expect("a PC ran"))
        .collect();
    assert_eq!((outcomes[0].len(), outcomes[1].len()), (rounds, rounds));
    for (round, (a, b)) in outcomes[0].iter().zip(&outcomes[1]).enumerate() {
        let stored = usize::from(a.is_ok()) + usize::from(b.is_ok());
        assert_eq!(stored, 1, "round {round}: one save stored, {a:?} {b:?}");
        let refused = if a.is_ok() { b } else { a };
        assert!(
            matches!(
                refused,
                Err(Error::ChangedMeanwhile {
                    what: Record::Medium,
                    ..
                })
            ),
            "round {round}: the other is told: {refused:?}"
        );
    }
    let mut server = Server::connect(&settings, &cluster().password).expect("connects");
    let last = medium(&mut server, medium_id);
    assert_eq!(
        last.saved.version,
        1 + rounds as i64,
        "one version per stored save"
    );
}

/// The organisation's form.
fn an_organisation_form_saved_over_a_newer_version_is_refused(db: &mut TestStore) {
    let form = |name: &str, version: Option<i64>| OrganisationInput {
        name: name.into(),
        version,
        ..OrganisationInput::default()
    };
    let created =
        organisations::create_organisation(db, &form("Kurdische Gemeinschaft", None), nine())
            .expect("created");
    assert_eq!(
        (created.saved.version, created.saved.at),
        (1, nine()),
        "never changed: its creation"
    );
    let saved = organisations::update_organisation(
        db,
        created.id,
        &form("Kurdische Gemeinschaft Rhein-Sieg", Some(1)),
        ten(),
        "BUERO-1",
    )
    .expect("saved");
    assert_eq!(
        (saved.saved.version, saved.saved.by.as_str()),
        (2, "BUERO-1")
    );
    let refused = organisations::update_organisation(
        db,
        created.id,
        &form("Kurdische Gemeinschaft Bonn", Some(1)),
        ten(),
        "BUERO-2",
    )
    .expect_err("stale");
    assert!(matches!(
        refused,
        Error::ChangedMeanwhile {
            what: Record::Organisation,
            ref by,
            at,
        } if by == "BUERO-1" && at == ten()
    ));
    assert_eq!(
        db.read(|s| organisations::organisation_in(s, created.id))
            .unwrap()
            .name,
        "Kurdische Gemeinschaft Rhein-Sieg"
    );
}
on_both_engines!(an_organisation_form_saved_over_a_newer_version_is_refused);
