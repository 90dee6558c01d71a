//! Consents are honoured where they are recorded: e-mail reminders only
//! with the borrower's consent, photo consent dated and versioned, and the
//! default consent texts shipped in six languages, each translation marked
//! unchecked on screen and on the printed form until staff check it.

mod common;
#[macro_use]
mod test_cluster;

use chrono::NaiveDate;
use common::{at_ten, consent_given};
use kiz::documents::fonts::FallbackFonts;
use kiz::documents::{Orientation, PrintSetup};
use kiz::events::{self, ParticipantInput};
use kiz::people::{self, BorrowerInput, Consent, EmailReminders};
use kiz::privacy::{self, Person, Purpose};
use test_cluster::TestStore;

fn email_reminders_go_only_to_borrowers_who_agreed_to_them(db: &mut TestStore) {
    let mut borrower = |email: &str, agreed: bool| {
        people::create_borrower(
            db,
            &BorrowerInput {
                name: "Leyla Aydın".into(),
                email: email.into(),
                email_consent: if agreed {
                    consent_given(2026, 10, 1)
                } else {
                    None
                },
                ..BorrowerInput::default()
            },
            at_ten(2026, 10, 1),
        )
        .unwrap()
        .email_reminders()
    };
    assert_eq!(
        borrower("leyla@example.org", false),
        EmailReminders::NoConsent,
        "an address alone is no consent: the letter only"
    );
    assert_eq!(borrower("leyla@example.org", true), EmailReminders::Allowed);
    assert_eq!(borrower("", true), EmailReminders::NoAddress);
}
on_both_engines!(email_reminders_go_only_to_borrowers_who_agreed_to_them);

fn photo_consent_is_recorded_with_its_day_and_text_version(db: &mut TestStore) {
    let input = ParticipantInput {
        name: "Zeynep Kaya".into(),
        consent: consent_given(2026, 10, 1),
        photo_consent: true,
        ..ParticipantInput::default()
    };
    // Entered a day after the form was signed.
    let id = events::create_participant(db, &input, at_ten(2026, 10, 2)).unwrap();
    let given = |db: &mut TestStore| {
        db.read(|s| events::participant_in(s, id))
            .unwrap()
            .photo_consent_given
    };
    assert_eq!(
        given(db),
        Some(Consent {
            given_on: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            text_version: "2026-1".into(),
        }),
        "the day of the form's consent and the photo text's version in force"
    );

    // A new wording of the photo text does not change a consent given.
    privacy::add_consent_text_on(
        db,
        Purpose::Fotos,
        "2027-1",
        "de",
        "Neue Fassung zu Fotos.",
        at_ten(2027, 1, 1),
    )
    .unwrap();
    events::update_participant(db, id, &input, at_ten(2027, 1, 5), "BUERO-2").unwrap();
    assert_eq!(
        given(db).map(|c| (c.given_on.to_string(), c.text_version)),
        Some(("2026-10-01".into(), "2026-1".into())),
        "a correction of other data keeps the consent as recorded"
    );

    // Withdrawn, then given again: the new day and the new version.
    let withdrawn = ParticipantInput {
        photo_consent: false,
        ..input.clone()
    };
    events::update_participant(db, id, &withdrawn, at_ten(2027, 2, 1), "BUERO-2").unwrap();
    assert_eq!(given(db), None, "a withdrawn consent is gone");
    events::update_participant(db, id, &input, at_ten(2027, 3, 1), "BUERO-2").unwrap();
    assert_eq!(
        given(db).map(|c| (c.given_on.to_string(), c.text_version)),
        Some(("2027-03-01".into(), "2027-1".into()))
    );

    // Anonymisation removes it with the rest.
    privacy::erase_on(
        db,
        Person::Participant(id),
        &[],
        "A. Becker",
        at_ten(2027, 4, 1),
    )
    .unwrap();
    db.scrub();
    assert_eq!(given(db), None);
}
on_both_engines!(photo_consent_is_recorded_with_its_day_and_text_version);

fn the_default_texts_ship_in_six_languages_and_translations_wait_for_a_staff_check(
    db: &mut TestStore,
) {
    let texts = db.read(|s| privacy::consent_texts_in(s)).unwrap();
    for purpose in [
        Purpose::Mediathek,
        Purpose::Organisationsverzeichnis,
        Purpose::Veranstaltungen,
        Purpose::Fotos,
    ] {
        let mut languages: Vec<&str> = texts
            .iter()
            .filter(|t| t.purpose == purpose && t.version == "2026-1")
            .map(|t| t.language.as_str())
            .collect();
        languages.sort_unstable();
        assert_eq!(
            languages,
            ["ar", "de", "en", "fr", "ru", "tr"],
            "{purpose:?} in the languages of the centre's portal"
        );
    }
    assert!(
        texts.iter().all(|t| t.unchecked() == (t.language != "de")),
        "German texts are the originals; every translation starts unchecked"
    );

    let russian = texts
        .iter()
        .find(|t| t.purpose == Purpose::Veranstaltungen && t.language == "ru")
        .unwrap()
        .id;
    assert_eq!(
        privacy::mark_consent_text_checked_on(db, russian, "  ", at_ten(2026, 12, 1))
            .unwrap_err()
            .code(),
        "required",
        "who checked it is recorded"
    );
    let checked =
        privacy::mark_consent_text_checked_on(db, russian, "O. Petrenko", at_ten(2026, 12, 1))
            .unwrap();
    assert!(!checked.unchecked());
    assert_eq!(checked.checked_by, "O. Petrenko");
    let again =
        privacy::mark_consent_text_checked_on(db, russian, "Jemand Anders", at_ten(2026, 12, 2))
            .unwrap();
    assert_eq!(
        again.checked_by, "O. Petrenko",
        "the first check stays recorded"
    );
    assert_eq!(
        privacy::mark_consent_text_checked_on(db, 9999, "O. Petrenko", at_ten(2026, 12, 1))
            .unwrap_err()
            .code(),
        "not_found"
    );

    let added = privacy::add_consent_text_on(
        db,
        Purpose::Fotos,
        "2027-1",
        "en",
        "New wording.",
        at_ten(2027, 1, 1),
    )
    .unwrap();
    assert!(
        added.unchecked(),
        "a translation staff add waits for a check too"
    );
    let original = privacy::add_consent_text_on(
        db,
        Purpose::Fotos,
        "2027-1",
        "de",
        "Neue Fassung.",
        at_ten(2027, 1, 1),
    )
    .unwrap();
    assert!(!original.unchecked());
}
on_both_engines!(the_default_texts_ship_in_six_languages_and_translations_wait_for_a_staff_check);

fn the_consent_form_prints_the_german_text_and_beside_it_the_translation_marked_until_checked(
    db: &mut TestStore,
) {
    let id = events::create_participant(
        db,
        &ParticipantInput {
            name: "Олена Коваленко".into(),
            languages: vec!["ru".into()],
            consent: consent_given(2026, 10, 1),
            ..ParticipantInput::default()
        },
        at_ten(2026, 10, 1),
    )
    .unwrap();
    let print = |db: &mut TestStore| {
        let (name, texts) = db
            .read(|s| privacy::consent_form_texts_in(s, Person::Participant(id)))
            .unwrap();
        let pdf = kiz::documents::privacy::consent_form(
            PrintSetup {
                title: "Einwilligung".into(),
                orientation: Orientation::Portrait,
                institution: db.read(kiz::settings::institution_in).unwrap(),
                printed_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                fallbacks: FallbackFonts::none(),
            },
            &name,
            &texts,
        );
        common::poppler("pdftotext", &["-layout"], &pdf.bytes)
    };
    let text = print(db);
    for expected in [
        "Deutsch (maßgeblich)",
        "Russisch (Übersetzung)",
        "Übersetzung – noch nicht geprüft. Maßgeblich ist der deutsche Text.",
        "Ich bin einverstanden",
        "Я согласен(а)",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    let texts = db.read(|s| privacy::consent_texts_in(s)).unwrap();
    for t in texts.iter().filter(|t| t.language == "ru") {
        privacy::mark_consent_text_checked_on(db, t.id, "O. Petrenko", at_ten(2026, 12, 1))
            .unwrap();
    }
    let text = print(db);
    assert!(text.contains("Russisch (Übersetzung)"), "{text}");
    assert!(
        !text.contains("noch nicht geprüft"),
        "checked translations are printed without the mark: {text}"
    );
}
on_both_engines!(
    the_consent_form_prints_the_german_text_and_beside_it_the_translation_marked_until_checked,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);
