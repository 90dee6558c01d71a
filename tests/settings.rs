//! The institution's data and the UI language.

mod common;
#[macro_use]
mod test_cluster;

use common::test_db;
use kiz::error::Param;
use kiz::settings::{self, Institution, UiLanguage};
use test_cluster::TestStore;

fn valid() -> Institution {
    Institution {
        name: "  Kommunales Integrationszentrum Rhein-Sieg-Kreis ".into(),
        department: "Mediathek".into(),
        street: "Kaiser-Wilhelm-Platz 1".into(),
        postal_code: "53721".into(),
        city: "Siegburg".into(),
        phone: "02241 13-0".into(),
        email: "kiz@example.org".into(),
        website: "www.example.org".into(),
        opening_hours: " Mo–Do 9–16 Uhr, Fr 9–12 Uhr ".into(),
    }
}

fn a_fresh_database_names_the_integration_centre_and_speaks_german(db: &mut TestStore) {
    assert_eq!(
        db.read(|s| settings::institution_in(s)).unwrap().name,
        "Kommunales Integrationszentrum Rhein-Sieg-Kreis"
    );
    assert_eq!(db.read(settings::ui_language_in).unwrap(), UiLanguage::De);
}
on_both_engines!(a_fresh_database_names_the_integration_centre_and_speaks_german);

fn saved_institution_data_is_trimmed_and_read_back(db: &mut TestStore) {
    let saved = settings::save_institution(db, &valid()).unwrap();
    assert_eq!(
        saved.name, "Kommunales Integrationszentrum Rhein-Sieg-Kreis",
        "trimmed"
    );
    assert_eq!(db.read(|s| settings::institution_in(s)).unwrap(), saved);
}
on_both_engines!(saved_institution_data_is_trimmed_and_read_back);

fn the_opening_hours_are_kept_with_the_institution_and_can_be_emptied(db: &mut TestStore) {
    let saved = settings::save_institution(db, &valid()).unwrap();
    assert_eq!(
        saved.opening_hours, "Mo–Do 9–16 Uhr, Fr 9–12 Uhr",
        "trimmed"
    );
    assert_eq!(
        db.read(settings::institution_in).unwrap().opening_hours,
        "Mo–Do 9–16 Uhr, Fr 9–12 Uhr"
    );
    let without = Institution {
        opening_hours: String::new(),
        ..valid()
    };
    settings::save_institution(db, &without).unwrap();
    assert_eq!(db.read(settings::institution_in).unwrap().opening_hours, "");
    let too_long = Institution {
        opening_hours: "9–16 Uhr ".repeat(20),
        ..valid()
    };
    assert_refused(db, too_long, "too_long", "opening_hours");
}
on_both_engines!(the_opening_hours_are_kept_with_the_institution_and_can_be_emptied);

fn assert_refused(db: &mut TestStore, input: Institution, code: &str, field: &str) {
    settings::save_institution(db, &valid()).unwrap();
    let before = db.read(settings::institution_in).unwrap();
    let err = settings::save_institution(db, &input).expect_err("must be refused");
    assert_eq!(err.code(), code);
    assert_eq!(
        err.field(),
        Some(field),
        "the error belongs next to {field}"
    );
    let params = err.params();
    if code == "too_long" {
        assert_eq!(
            (params.get("field"), params.get("max")),
            (
                err.field().map(Param::Field).as_ref(),
                Some(&Param::Number(kiz::limits::INSTITUTION as i64))
            ),
            "the text names the field and the maximum"
        );
    } else {
        assert!(
            params.is_empty(),
            "a wrong format needs no detail: {params:?}"
        );
    }
    assert_eq!(
        db.read(settings::institution_in).unwrap(),
        before,
        "nothing stored"
    );
}

fn an_empty_institution_name_is_refused_and_nothing_is_stored(db: &mut TestStore) {
    assert_refused(
        db,
        Institution {
            name: "   ".into(),
            ..valid()
        },
        "institution_name_empty",
        "name",
    );
    let err = settings::save_institution(db, &Institution::default()).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        ("institution_name_empty", Some("name")),
        "the empty name is refused next to the name field"
    );
}
on_both_engines!(an_empty_institution_name_is_refused_and_nothing_is_stored);

fn a_broken_email_address_is_refused(db: &mut TestStore) {
    assert_refused(
        db,
        Institution {
            email: "kiz@".into(),
            ..valid()
        },
        "invalid_email",
        "email",
    );
}
on_both_engines!(a_broken_email_address_is_refused);

fn a_phone_number_with_letters_is_refused(db: &mut TestStore) {
    assert_refused(
        db,
        Institution {
            phone: "02241 abc".into(),
            ..valid()
        },
        "invalid_phone",
        "phone",
    );
}
on_both_engines!(a_phone_number_with_letters_is_refused);

fn a_postal_code_must_have_five_digits(db: &mut TestStore) {
    assert_refused(
        db,
        Institution {
            postal_code: "5372".into(),
            ..valid()
        },
        "invalid_postal_code",
        "postal_code",
    );
    assert_refused(
        db,
        Institution {
            postal_code: "5372A".into(),
            ..valid()
        },
        "invalid_postal_code",
        "postal_code",
    );
}
on_both_engines!(a_postal_code_must_have_five_digits);

fn an_overlong_field_is_refused(db: &mut TestStore) {
    assert_refused(
        db,
        Institution {
            city: "S".repeat(121),
            ..valid()
        },
        "too_long",
        "city",
    );
}
on_both_engines!(an_overlong_field_is_refused);

fn optional_fields_may_stay_empty(db: &mut TestStore) {
    let only_name = Institution {
        name: "KI".into(),
        ..Institution::default()
    };
    assert_eq!(
        settings::save_institution(db, &only_name).unwrap(),
        only_name
    );
}
on_both_engines!(optional_fields_may_stay_empty);

/// The window's language is this PC's own: it stays in the file also
/// while the PC works on the shared database, so it is tested on the file.
#[test]
fn the_ui_language_switches_and_unknown_languages_are_refused() {
    let mut db = test_db();
    assert_eq!(
        settings::set_ui_language(&mut db, "en").unwrap(),
        UiLanguage::En
    );
    assert_eq!(settings::ui_language(&db).unwrap(), UiLanguage::En);
    let err = settings::set_ui_language(&mut db, "xx").unwrap_err();
    assert_eq!(err.code(), "unknown_language");
    assert_eq!(
        settings::ui_language(&db).unwrap(),
        UiLanguage::En,
        "unchanged"
    );
}
