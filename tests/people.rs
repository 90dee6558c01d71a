//! Borrowers (Ausleihende).

mod common;
#[macro_use]
mod test_cluster;

use chrono::NaiveDate;
use common::now;
use kiz::people::{self, BorrowerInput, BorrowerKind, Consent};
use test_cluster::TestStore;

fn teacher(name: &str) -> BorrowerInput {
    BorrowerInput {
        kind: BorrowerKind::Ehrenamtlich,
        name: name.into(),
        ..BorrowerInput::default()
    }
}

fn only_the_name_is_required_and_the_card_number_is_proposed(db: &mut TestStore) {
    assert_eq!(
        db.read(|s| people::next_card_number_in(s)).unwrap(),
        "KI-A-000001"
    );
    let b = people::create_borrower(db, &teacher(" Hêvî Şêxmûs "), now()).unwrap();
    assert_eq!(b.name, "Hêvî Şêxmûs");
    assert_eq!(b.card_number, "KI-A-000001");
    assert_eq!(b.print_language, "de", "German printouts unless chosen");
    assert_eq!(b.blocked_reason, None);
    assert_eq!(
        db.read(|s| people::next_card_number_in(s)).unwrap(),
        "KI-A-000002"
    );
    assert_eq!(
        db.read(|s| people::borrower_by_card_in(s, "KI-A-000001"))
            .unwrap(),
        b
    );
}
on_both_engines!(only_the_name_is_required_and_the_card_number_is_proposed);

fn contact_language_and_consents_are_kept(db: &mut TestStore) {
    let consent = Consent {
        given_on: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
        text_version: "2026-1".into(),
    };
    let input = BorrowerInput {
        kind: BorrowerKind::Hauptamtlich,
        email: "n.ivanova@example.org".into(),
        phone: "0228 123456".into(),
        print_language: "RU".into(),
        card_number: "4711".into(),
        history_consent: Some(consent.clone()),
        email_consent: Some(consent.clone()),
        ..teacher("Наталья Иванова")
    };
    let b = people::create_borrower(db, &input, now()).unwrap();
    assert_eq!(b.kind, BorrowerKind::Hauptamtlich);
    assert_eq!(b.print_language, "ru");
    assert_eq!(b.card_number, "4711", "a scanned card is accepted as is");
    assert_eq!(b.history_consent, Some(consent.clone()));
    assert_eq!(b.email_consent, Some(consent));
}
on_both_engines!(contact_language_and_consents_are_kept);

fn bad_borrower_input_is_refused_next_to_its_field(db: &mut TestStore) {
    people::create_borrower(
        db,
        &BorrowerInput {
            card_number: "KI-A-000009".into(),
            ..teacher("A")
        },
        now(),
    )
    .unwrap();
    let cases = [
        (teacher("  "), "required", "name"),
        (
            BorrowerInput {
                email: "a@".into(),
                ..teacher("B")
            },
            "invalid_email",
            "email",
        ),
        (
            BorrowerInput {
                phone: "abc".into(),
                ..teacher("B")
            },
            "invalid_phone",
            "phone",
        ),
        (
            BorrowerInput {
                print_language: "xx".into(),
                ..teacher("B")
            },
            "unknown_language_code",
            "print_language",
        ),
        (
            BorrowerInput {
                card_number: "KI-A-000009".into(),
                ..teacher("B")
            },
            "duplicate_card_number",
            "card_number",
        ),
        (
            BorrowerInput {
                history_consent: Some(Consent {
                    given_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                    text_version: " ".into(),
                }),
                ..teacher("B")
            },
            "required",
            "consent_version",
        ),
        (
            BorrowerInput {
                kind: BorrowerKind::Organisation,
                organisation_id: Some(99),
                ..teacher("B")
            },
            "not_found",
            "",
        ),
    ];
    for (input, code, field) in cases {
        let err = people::create_borrower(db, &input, now()).expect_err(code);
        assert_eq!(err.code(), code);
        if !field.is_empty() {
            assert_eq!(err.field(), Some(field));
        }
    }
    assert_eq!(
        db.read(|s| people::search_borrowers_in(s, "", 0, 0))
            .unwrap()
            .0,
        1,
        "nothing stored"
    );
}
on_both_engines!(bad_borrower_input_is_refused_next_to_its_field);

fn updates_keep_the_card_unless_changed_and_refuse_a_taken_one(db: &mut TestStore) {
    let a = people::create_borrower(db, &teacher("Anna"), now()).unwrap();
    let b = people::create_borrower(db, &teacher("Berk"), now()).unwrap();
    let renamed =
        people::update_borrower(db, a.id, &teacher("Anna Schmidt"), now(), "PC-TEST").unwrap();
    assert_eq!(
        renamed.card_number, a.card_number,
        "an empty card field keeps the card"
    );
    let err = people::update_borrower(
        db,
        a.id,
        &BorrowerInput {
            card_number: b.card_number.clone(),
            ..teacher("Anna")
        },
        now(),
        "PC-TEST",
    )
    .unwrap_err();
    assert_eq!(err.code(), "duplicate_card_number");
    assert_eq!(
        db.read(|s| people::borrower_in(s, a.id)).unwrap().name,
        "Anna Schmidt",
        "nothing changed"
    );
    assert_eq!(
        people::update_borrower(db, 99, &teacher("X"), now(), "PC-TEST")
            .unwrap_err()
            .code(),
        "not_found"
    );
}
on_both_engines!(updates_keep_the_card_unless_changed_and_refuse_a_taken_one);

fn blocking_needs_a_reason_and_can_be_lifted(db: &mut TestStore) {
    let b = people::create_borrower(db, &teacher("Anna"), now()).unwrap();
    assert_eq!(
        people::set_blocked(db, b.id, Some("  "), now(), None, "")
            .unwrap_err()
            .code(),
        "required"
    );
    let blocked = people::set_blocked(db, b.id, Some("Ausweis verloren"), now(), None, "").unwrap();
    assert_eq!(blocked.blocked_reason.as_deref(), Some("Ausweis verloren"));
    let edited =
        people::update_borrower(db, b.id, &teacher("Anna Weber"), now(), "PC-TEST").unwrap();
    assert_eq!(
        edited.blocked_reason.as_deref(),
        Some("Ausweis verloren"),
        "editing keeps the block"
    );
    assert_eq!(
        people::set_blocked(db, b.id, None, now(), None, "")
            .unwrap()
            .blocked_reason,
        None
    );
}
on_both_engines!(blocking_needs_a_reason_and_can_be_lifted);

fn names(db: &mut TestStore, q: &str) -> Vec<String> {
    db.read(|s| people::search_borrowers_in(s, q, 0, 0))
        .unwrap()
        .1
        .into_iter()
        .map(|b| b.name)
        .collect()
}

fn borrowers_are_found_by_name_card_and_email_without_diacritics(db: &mut TestStore) {
    for (name, email) in [
        ("Şükrü Yılmaz", "sy@example.org"),
        ("Jürgen Weiß", ""),
        ("محمد الأحمد", ""),
    ] {
        people::create_borrower(
            db,
            &BorrowerInput {
                email: email.into(),
                ..teacher(name)
            },
            now(),
        )
        .unwrap();
    }
    assert_eq!(names(db, "sukru yil"), ["Şükrü Yılmaz"]);
    assert_eq!(names(db, "weiss"), ["Jürgen Weiß"]);
    assert_eq!(names(db, "محم"), ["محمد الأحمد"]);
    assert_eq!(names(db, "KI-A-000002"), ["Jürgen Weiß"]);
    assert_eq!(names(db, "sy@exa"), ["Şükrü Yılmaz"]);
    assert_eq!(names(db, "").len(), 3, "an empty box lists everyone");
    let renamed = people::create_borrower(db, &teacher("Temp"), now()).unwrap();
    people::update_borrower(db, renamed.id, &teacher("Olena Koval"), now(), "PC-TEST").unwrap();
    assert!(names(db, "temp").is_empty(), "the index follows renames");
    assert_eq!(names(db, "olena"), ["Olena Koval"]);
}
on_both_engines!(borrowers_are_found_by_name_card_and_email_without_diacritics);
