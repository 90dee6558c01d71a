//! The Mediathek's settings on both engines: a new Mediengruppe, the
//! lending rules with the closing days, and the numbering patterns of
//! Inventarnummern and Ausweisnummern with their checks. Written once
//! above `kiz::db::engine`, run on the demo data in the file and on a
//! server database the same file was moved onto; every answer must be the
//! same.

mod common;
mod test_cluster;

use chrono::NaiveDate;
use common::{now, test_db};
use kiz::catalogue::{self, NumberingPatterns};
use kiz::db::engine::Engine;
use kiz::lending::{self, ClosingPeriod};
use kiz::settings::{self, Institution};
use kiz::{Db, Error, Record};
use test_cluster::cluster;

fn demo() -> Db {
    let mut db = test_db();
    kiz::demo::load(&mut db, now()).expect("the demo loads");
    db
}

fn patterns(copy: &str, card: &str) -> NumberingPatterns {
    NumberingPatterns {
        copy_barcode: copy.into(),
        card_number: card.into(),
    }
}

/// Staff change the settings, on either engine; what each step answered.
fn staff_change_the_settings(store: &mut impl Engine) -> Vec<String> {
    let mut told = Vec::new();

    let comic = catalogue::add_media_kind(store, "Comic & Manga").expect("a Mediengruppe");
    let again = catalogue::add_media_kind(store, " comic & manga ");
    assert!(matches!(again, Err(Error::MediaKindExists)), "{again:?}");
    told.push(format!("{comic:?}"));

    let before = store
        .read_sql(lending::lending_settings_in)
        .expect("the settings");
    let mut zero = before.clone();
    zero.rules[0].period_days = 0;
    let refused =
        lending::save_lending_settings(store, &zero, "BUERO-1", common::at_ten(2026, 11, 12));
    assert!(
        matches!(
            refused,
            Err(Error::OutOfRange {
                field: "period_days",
                ..
            })
        ),
        "{refused:?}"
    );
    let mut all_closed = before.clone();
    all_closed.closed_weekdays = (1..=7).collect();
    assert!(matches!(
        lending::save_lending_settings(store, &all_closed, "BUERO-1", common::at_ten(2026, 11, 12)),
        Err(Error::AllWeekdaysClosed)
    ));
    let mut unknown_kind = before.clone();
    unknown_kind.rules[0].kind_id = 999_999;
    assert!(matches!(
        lending::save_lending_settings(
            store,
            &unknown_kind,
            "BUERO-1",
            common::at_ten(2026, 11, 12)
        ),
        Err(Error::UnknownMediaKind)
    ));
    assert_eq!(
        store.read_sql(lending::lending_settings_in).expect("read"),
        before,
        "nothing refused was stored"
    );
    let mut changed = before.clone();
    changed.rules[0].period_days = 42;
    changed.closed_weekdays = vec![6, 7];
    changed.closing_periods = vec![ClosingPeriod {
        first_day: NaiveDate::from_ymd_opt(2026, 12, 23).unwrap(),
        last_day: NaiveDate::from_ymd_opt(2027, 1, 2).unwrap(),
        reason: "Weihnachten".into(),
    }];
    changed.pickup_days = 5;
    changed.reminder_days = [3, 10, 20];
    let saved =
        lending::save_lending_settings(store, &changed, "BUERO-1", common::at_ten(2026, 11, 12))
            .expect("saved");
    assert_eq!(saved.rules[0].period_days, 42);
    assert_eq!(
        store.read_sql(lending::lending_settings_in).expect("read"),
        saved
    );
    assert_eq!(
        (saved.version, saved.saved_by.as_str(), saved.saved_at),
        (
            before.version + 1,
            "BUERO-1",
            Some(common::at_ten(2026, 11, 12))
        ),
        "the save is counted and names the PC"
    );
    told.push(format!("{saved:?}"));

    // A second PC had the rules open since before that save: its save
    // (another pickup time) is refused naming the first PC, and nothing
    // of it is stored; read again, its form saves.
    let mut stale = before.clone();
    stale.pickup_days = 9;
    let refused =
        lending::save_lending_settings(store, &stale, "BUERO-2", common::at_ten(2026, 11, 13));
    match &refused {
        Err(Error::ChangedMeanwhile { what, at, by }) => {
            assert_eq!(*what, Record::LendingSettings);
            assert_eq!(by, "BUERO-1");
            assert_eq!(*at, common::at_ten(2026, 11, 12));
        }
        other => panic!("refused as saved meanwhile: {other:?}"),
    }
    assert_eq!(
        store.read_sql(lending::lending_settings_in).expect("read"),
        saved,
        "nothing of the refused save was stored"
    );
    let mut fresh = saved.clone();
    fresh.pickup_days = 9;
    let second =
        lending::save_lending_settings(store, &fresh, "BUERO-2", common::at_ten(2026, 11, 13))
            .expect("saved from what is stored");
    assert_eq!(
        (second.pickup_days, second.saved_by.as_str()),
        (9, "BUERO-2")
    );
    told.push(format!("{refused:?} {second:?}"));

    // Numbering: a card pattern the demo's Inventarnummern fit is refused
    // naming the first of them; patterns that fit nothing in use are
    // previewed and saved.
    let taken = store
        .read_sql(|sql| {
            catalogue::preview_numbering_patterns_in(sql, &patterns("MED-######", "ki-m-######"))
        })
        .unwrap_err();
    match &taken {
        Error::NumberingCodeTaken { code, owner, .. } => {
            assert_eq!(code, "KI-M-000001");
            assert_eq!(*owner, Record::Copy);
        }
        other => panic!("the demo's copies are named: {other:?}"),
    }
    told.push(format!("{taken:?}"));
    let overlap = catalogue::save_numbering_patterns(store, &patterns("KI-######", "KI-######"));
    assert!(
        matches!(overlap, Err(Error::NumberingPatternsOverlap { .. })),
        "{overlap:?}"
    );
    let preview = store
        .read_sql(|sql| {
            catalogue::preview_numbering_patterns_in(sql, &patterns("MED/#####", "AUS-####"))
        })
        .expect("a preview");
    let saved = catalogue::save_numbering_patterns(store, &patterns("MED/#####", "AUS-####"))
        .expect("saved");
    assert_eq!(saved, preview);
    assert_eq!(saved.next_barcode, "MED/00001");
    assert_eq!(
        store.read_sql(catalogue::numbering_in).expect("read"),
        saved
    );
    told.push(format!("{saved:?}"));

    // The numbering form and the institution's form on two PCs: of two
    // saves from the same version, the second is refused naming the first
    // PC, and nothing of it is stored.
    let read = store.read_sql(catalogue::numbering_in).expect("read");
    let first = catalogue::save_numbering_form(
        store,
        &patterns("MED/######", "AUS-####"),
        read.version,
        "BUERO-1",
        common::at_ten(2026, 11, 14),
    )
    .expect("saved");
    assert_eq!(first.version, read.version + 1);
    let late = catalogue::save_numbering_form(
        store,
        &patterns("BIB-#####", "AUS-####"),
        read.version,
        "BUERO-2",
        common::at_ten(2026, 11, 14),
    );
    assert_saved_meanwhile(&late, Record::NumberingPatterns, 14);
    assert_eq!(
        store.read_sql(catalogue::numbering_in).expect("read"),
        first,
        "nothing of the refused save was stored"
    );
    told.push(format!("{first:?} {late:?}"));

    let institution = store.read_sql(settings::institution_in).expect("read");
    let version = store
        .read_sql(settings::institution_version_in)
        .expect("read");
    let with_phone = |phone: &str| Institution {
        phone: phone.into(),
        ..institution.clone()
    };
    let (stored, next) = settings::save_institution_form(
        store,
        &with_phone("02241 13-2222"),
        version,
        "BUERO-1",
        common::at_ten(2026, 11, 15),
    )
    .expect("saved");
    assert_eq!(next, version + 1);
    let late = settings::save_institution_form(
        store,
        &with_phone("0228 1234"),
        version,
        "BUERO-2",
        common::at_ten(2026, 11, 15),
    );
    assert_saved_meanwhile(&late, Record::Institution, 15);
    assert_eq!(
        store.read_sql(settings::institution_in).expect("read"),
        stored,
        "nothing of the refused save was stored"
    );
    told.push(format!("{stored:?} {late:?}"));
    told
}

/// `answer` is the refusal of a save over BUERO-1's save of `what` at ten
/// on `day` November 2026.
fn assert_saved_meanwhile<T: std::fmt::Debug>(answer: &kiz::Result<T>, what: Record, day: u32) {
    match answer {
        Err(Error::ChangedMeanwhile { what: kind, at, by }) => {
            assert_eq!(
                (*kind, by.as_str(), *at),
                (what, "BUERO-1", common::at_ten(2026, 11, day))
            );
        }
        other => panic!("refused as saved meanwhile: {other:?}"),
    }
}

#[test]
fn the_settings_change_on_the_file() {
    let mut file = demo();
    let told = staff_change_the_settings(&mut file);
    assert_eq!(told.len(), 7);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_settings_change_the_same_on_the_server() {
    let mut file = demo();
    let (mut server, _) = cluster().moved(&file, "kiz_t_settings_engines");
    let on_file = staff_change_the_settings(&mut file);
    let on_server = staff_change_the_settings(&mut server);
    assert_eq!(on_server, on_file);
}
