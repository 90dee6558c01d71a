//! Every text field has a maximum length, checked in the core: a longer
//! value is refused with `too_long`, the field named, and nothing is stored.
//! Each test runs on the file and on the shared database
//! (`on_both_engines!`).

mod common;
#[macro_use]
mod test_cluster;

use common::{at, november, now};
use kiz::catalogue::{self, CatalogueStore, CopyInput, MediaQuery, MediumInput};
use kiz::error::Param;
use kiz::events::{self, EventInput, ParticipantInput, WorkshopInput};
use kiz::organisations::{
    self as org, ContactInput, DirectoryQuery, OfferingInput, OrganisationInput, ProjectFilter,
    ProjectInput,
};
use kiz::people::{self, BorrowerInput, Consent};
use kiz::settings::{self, Institution};
use kiz::{limits, Error};
use test_cluster::TestStore;

/// A 5,000-character name, as pasted by mistake.
fn pasted() -> String {
    "Ä".repeat(5_000)
}

/// The call was refused as too long, on `field`, with the field and `max`
/// as parameters (the German and English texts that show them are checked
/// in `src-tauri/tests/i18n.rs`).
#[track_caller]
fn assert_too_long<T: std::fmt::Debug>(result: kiz::Result<T>, field: &str, max: usize) {
    match result {
        Err(error @ Error::TooLong { .. }) => {
            assert_eq!(error.code(), "too_long");
            assert_eq!(
                error.field(),
                Some(field),
                "the field is named for the form"
            );
            let params = error.params();
            assert_eq!(
                (params.get("field"), params.get("max")),
                (
                    Some(&Param::Field(error.field().unwrap())),
                    Some(&Param::Number(max as i64))
                ),
                "the UI's text names the field and the maximum"
            );
        }
        other => panic!("{field} should be refused as too long, got {other:?}"),
    }
}

fn a_borrower_with_a_5000_character_name_is_refused_and_not_stored(db: &mut TestStore) {
    let input = BorrowerInput {
        name: pasted(),
        ..BorrowerInput::default()
    };
    assert_too_long(
        people::create_borrower(db, &input, now()),
        "name",
        limits::NAME,
    );
    assert_eq!(
        db.read(|s| people::search_borrowers_in(s, "", 10, 0))
            .unwrap()
            .0,
        0,
        "nothing stored"
    );
    let stored = people::create_borrower(
        db,
        &BorrowerInput {
            name: "Şükrü Yılmaz".into(),
            ..BorrowerInput::default()
        },
        now(),
    )
    .unwrap();
    for (field, change, max) in [
        (
            "note",
            BorrowerInput {
                note: "x".repeat(limits::TEXT + 1),
                ..BorrowerInput::default()
            },
            limits::TEXT,
        ),
        (
            "card_number",
            BorrowerInput {
                card_number: "1".repeat(limits::CODE + 1),
                ..BorrowerInput::default()
            },
            limits::CODE,
        ),
    ] {
        let input = BorrowerInput {
            name: "Şükrü Yılmaz".into(),
            ..change
        };
        assert_too_long(
            people::update_borrower(db, stored.id, &input, now(), "PC-TEST"),
            field,
            max,
        );
    }
    assert_too_long(
        people::set_blocked(db, stored.id, Some(&pasted().repeat(2)), now(), None, ""),
        "blocked_reason",
        limits::TEXT,
    );
    assert_eq!(
        db.read(|s| people::borrower_in(s, stored.id)).unwrap(),
        stored,
        "the refused changes left the borrower as it was"
    );
}
on_both_engines!(a_borrower_with_a_5000_character_name_is_refused_and_not_stored);

fn a_name_of_exactly_the_maximum_is_accepted(db: &mut TestStore) {
    let name = "ß".repeat(limits::NAME);
    let saved = people::create_borrower(
        db,
        &BorrowerInput {
            name: format!("  {name}  "),
            ..BorrowerInput::default()
        },
        now(),
    )
    .unwrap();
    assert_eq!(
        saved.name, name,
        "the limit counts characters after trimming"
    );
}
on_both_engines!(a_name_of_exactly_the_maximum_is_accepted);

fn an_organisation_contact_offering_and_project_refuse_overlong_texts(db: &mut TestStore) {
    assert_too_long(
        org::create_organisation(
            db,
            &OrganisationInput {
                name: pasted(),
                ..OrganisationInput::default()
            },
            now(),
        ),
        "name",
        limits::NAME,
    );
    assert_too_long(
        org::create_organisation(
            db,
            &OrganisationInput {
                name: "Deutsch-Türkischer Kulturverein".into(),
                notes: "n".repeat(limits::TEXT + 1),
                ..OrganisationInput::default()
            },
            now(),
        ),
        "notes",
        limits::TEXT,
    );
    assert_eq!(db.read(org::count_in).unwrap(), 0, "nothing stored");
    let org = org::create_organisation(
        db,
        &OrganisationInput {
            name: "Deutsch-Türkischer Kulturverein".into(),
            ..OrganisationInput::default()
        },
        now(),
    )
    .unwrap();
    assert_too_long(
        org::add_timeline_note(
            db,
            org.id,
            november(12),
            org::NoteKind::Notiz,
            &"t".repeat(limits::TEXT + 1),
            now(),
        ),
        "note",
        limits::TEXT,
    );
    assert_too_long(
        org::add_organisation_kind(db, &pasted()),
        "organisation_kind",
        limits::NAME,
    );
    assert_too_long(
        org::save_filter(db, &pasted(), &DirectoryQuery::default(), false),
        "filter_name",
        limits::NAME,
    );
    assert!(db.read(org::saved_filters_in).unwrap().is_empty());

    assert_too_long(
        org::create_contact(
            db,
            &ContactInput {
                name: pasted(),
                ..ContactInput::default()
            },
            None,
            now(),
        ),
        "name",
        limits::NAME,
    );
    assert!(
        db.read(|s| org::contacts_of_in(s, org.id))
            .unwrap()
            .is_empty(),
        "no contact stored"
    );

    let kind = db.read(org::offering_kinds_in).unwrap()[0].id;
    assert_too_long(
        org::save_offering(
            db,
            org.id,
            None,
            &OfferingInput {
                kind_id: kind,
                title: "T".repeat(limits::TITLE + 1),
                ..OfferingInput::default()
            },
            now(),
            "BUERO-1",
        ),
        "title",
        limits::TITLE,
    );
    assert!(db
        .read(|s| org::organisation_in(s, org.id))
        .unwrap()
        .offerings
        .is_empty());

    assert_too_long(
        org::create_project(
            db,
            &ProjectInput {
                title: "P".repeat(limits::TITLE + 1),
                ..ProjectInput::default()
            },
            now(),
        ),
        "title",
        limits::TITLE,
    );
    assert!(db
        .read(|s| org::projects_in(s, &ProjectFilter::default()))
        .unwrap()
        .is_empty());
}
on_both_engines!(an_organisation_contact_offering_and_project_refuse_overlong_texts);

fn media_and_copies_refuse_overlong_texts(db: &mut TestStore) {
    let kind = db.read(catalogue::media_kinds_in).unwrap()[0].id;
    assert_too_long(
        catalogue::create_medium(
            db,
            &MediumInput {
                kind_id: kind,
                title: pasted(),
                ..MediumInput::default()
            },
            now(),
        ),
        "title",
        limits::TITLE,
    );
    assert_too_long(
        catalogue::create_medium(
            db,
            &MediumInput {
                kind_id: kind,
                title: "Schritte plus Neu 1".into(),
                description: "d".repeat(limits::TEXT + 1),
                ..MediumInput::default()
            },
            now(),
        ),
        "description",
        limits::TEXT,
    );
    assert_eq!(
        db.search_media(&MediaQuery::default()).unwrap().total,
        0,
        "nothing stored"
    );
    let medium = catalogue::create_medium(
        db,
        &MediumInput {
            kind_id: kind,
            title: "Schritte plus Neu 1".into(),
            ..MediumInput::default()
        },
        now(),
    )
    .unwrap();
    assert_too_long(
        catalogue::update_medium(
            db,
            medium.id,
            &MediumInput {
                kind_id: kind,
                title: "Schritte plus Neu 1".into(),
                topics: vec![pasted()],
                ..MediumInput::default()
            },
            now(),
            "PC-TEST",
        ),
        "topics",
        limits::NAME,
    );
    assert_too_long(
        catalogue::add_copy(
            db,
            medium.id,
            &CopyInput {
                barcode: "K".repeat(limits::CODE + 1),
                ..CopyInput::default()
            },
            now(),
        ),
        "barcode",
        limits::CODE,
    );
    assert_too_long(
        catalogue::add_media_kind(db, &pasted()),
        "kind",
        limits::NAME,
    );
    assert_eq!(
        db.read(|s| catalogue::medium_in(s, medium.id)).unwrap(),
        medium,
        "the medium is unchanged and has no copy"
    );
}
on_both_engines!(media_and_copies_refuse_overlong_texts);

fn events_workshops_and_participants_refuse_overlong_texts(db: &mut TestStore) {
    let event_input = EventInput {
        title: "Ausbildungsbörse".into(),
        starts_on: Some(november(20)),
        ..EventInput::default()
    };
    assert_too_long(
        events::create_event(
            db,
            &EventInput {
                title: pasted(),
                ..event_input.clone()
            },
            now(),
        ),
        "title",
        limits::TITLE,
    );
    assert!(
        db.read(|s| events::events_in(s, true)).unwrap().is_empty(),
        "no event"
    );
    let event = events::create_event(db, &event_input, now()).unwrap();
    assert_too_long(
        events::update_event(
            db,
            event,
            &EventInput {
                rooms: vec![pasted()],
                ..event_input.clone()
            },
            now(),
            "BUERO-2",
        ),
        "rooms",
        limits::NAME,
    );
    assert!(db
        .read(|s| events::event_in(s, event))
        .unwrap()
        .rooms
        .is_empty());
    assert_too_long(
        events::create_workshop(
            db,
            event,
            &WorkshopInput {
                title: pasted(),
                starts_at: Some(at(november(20), 10, 0)),
                ends_at: Some(at(november(20), 11, 0)),
                capacity: 10,
                ..WorkshopInput::default()
            },
            now(),
        ),
        "title",
        limits::TITLE,
    );
    assert!(
        db.read(|s| events::workshops_in(s, event))
            .unwrap()
            .is_empty(),
        "no workshop"
    );
    assert_too_long(
        events::create_participant(
            db,
            &ParticipantInput {
                name: pasted(),
                consent: Some(Consent {
                    given_on: november(1),
                    text_version: "2026-1".into(),
                }),
                ..ParticipantInput::default()
            },
            now(),
        ),
        "name",
        limits::NAME,
    );
    assert!(
        db.read(|s| events::find_participants_in(s, "", 10))
            .unwrap()
            .is_empty(),
        "no participant"
    );
}
on_both_engines!(events_workshops_and_participants_refuse_overlong_texts);

fn the_institution_keeps_its_tighter_limit_for_the_letterhead(db: &mut TestStore) {
    let before = db.read(settings::institution_in).unwrap();
    assert_too_long(
        settings::save_institution(
            db,
            &Institution {
                email: format!("{}@example.org", "a".repeat(limits::INSTITUTION)),
                ..before.clone()
            },
        ),
        "email",
        limits::INSTITUTION,
    );
    assert_eq!(
        db.read(settings::institution_in).unwrap(),
        before,
        "nothing stored"
    );
}
on_both_engines!(the_institution_keeps_its_tighter_limit_for_the_letterhead);

fn the_arbeitskreis_lending_settings_and_consent_texts_refuse_overlong_texts(db: &mut TestStore) {
    assert_too_long(
        org::create_working_group(db, &pasted(), "", now()),
        "name",
        limits::NAME,
    );
    assert!(
        db.read(org::working_groups_in).unwrap().is_empty(),
        "no group"
    );

    let before = db.read(kiz::lending::lending_settings_in).unwrap();
    let mut settings = before.clone();
    settings.closing_periods.push(kiz::lending::ClosingPeriod {
        first_day: november(23),
        last_day: november(27),
        reason: pasted(),
    });
    assert_too_long(
        kiz::lending::save_lending_settings(db, &settings, "BUERO-1", common::at_ten(2026, 11, 12)),
        "closing_periods",
        limits::NAME,
    );
    assert_eq!(
        db.read(kiz::lending::lending_settings_in).unwrap(),
        before,
        "nothing stored"
    );

    let texts = db.read(kiz::consents::consent_texts_in).unwrap().len();
    assert_too_long(
        kiz::privacy::add_consent_text_on(
            db,
            kiz::privacy::Purpose::Mediathek,
            "2027-1",
            "de",
            &"Ich willige ein. ".repeat(2_000),
            now(),
        ),
        "body",
        limits::LONG_TEXT,
    );
    assert_eq!(
        db.read(kiz::consents::consent_texts_in).unwrap().len(),
        texts,
        "no consent text stored"
    );
}
on_both_engines!(the_arbeitskreis_lending_settings_and_consent_texts_refuse_overlong_texts);

fn staff_names_on_erasures_deletions_and_checked_translations_have_the_name_limit(
    db: &mut TestStore,
) {
    let borrower = people::create_borrower(
        db,
        &BorrowerInput {
            name: "Amal Haddad".into(),
            ..BorrowerInput::default()
        },
        now(),
    )
    .unwrap()
    .id;
    let person = kiz::privacy::Person::Borrower(borrower);
    assert_too_long(
        kiz::privacy::erase_on(db, person, &[], &pasted(), now()),
        "staff",
        limits::NAME,
    );
    assert_eq!(
        db.read(|s| people::borrower_in(s, borrower)).unwrap().name,
        "Amal Haddad",
        "a refused erasure erases nothing"
    );
    assert_too_long(
        kiz::privacy::delete_proposed_on(
            db,
            kiz::privacy::Rule::InactiveBorrower,
            &[borrower],
            "A. Becker",
            &pasted(),
            at(november(20), 9, 0),
        ),
        "second_staff",
        limits::NAME,
    );
    let translation = db
        .read(kiz::consents::consent_texts_in)
        .unwrap()
        .into_iter()
        .find(|t| t.unchecked())
        .unwrap();
    assert_too_long(
        kiz::privacy::mark_consent_text_checked_on(db, translation.id, &pasted(), now()),
        "staff",
        limits::NAME,
    );
    assert!(db
        .read(kiz::consents::consent_texts_in)
        .unwrap()
        .iter()
        .any(|t| t.id == translation.id && t.unchecked()));
}
on_both_engines!(staff_names_on_erasures_deletions_and_checked_translations_have_the_name_limit);
