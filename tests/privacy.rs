//! Datenschutz: every retention rule with chosen dates, statistics that
//! survive anonymisation, erasure, the four-eyes rule, the access report,
//! a deletion log without names, and erasures re-applied after an older
//! backup is restored.

mod common;
#[macro_use]
mod test_cluster;

use chrono::{Duration, NaiveDate};
use common::{at_ten, consent_given, give_back, lend, medium_with_copy};
use kiz::backup::{self, Kind, Retention};
use kiz::db::engine::Engine;
use kiz::error::Param;
use kiz::events::{self, EventInput, ParticipantInput, RegisterOptions, WorkshopInput};
use kiz::lending::{self, ReturnRequest};
use kiz::organisations::{self, ContactInput, OrganisationInput, RoleInput};
use kiz::people::{self, BorrowerInput};
use kiz::privacy::{self, Person, Purpose, RetentionRules, Rule};
use kiz::Db;
use test_cluster::TestStore;

fn borrower(db: &mut impl Engine, name: &str, history: bool) -> i64 {
    people::create_borrower(
        db,
        &BorrowerInput {
            name: name.into(),
            email: "person@example.org".into(),
            history_consent: if history {
                consent_given(2026, 1, 2)
            } else {
                None
            },
            ..BorrowerInput::default()
        },
        at_ten(2025, 1, 1),
    )
    .unwrap()
    .id
}

fn loan_borrower(db: &mut impl Engine, loan: i64) -> Option<i64> {
    db.read_sql(|s| lending::loans_by_id_in(s, &[loan]))
        .unwrap()[0]
        .borrower_id
}

/// Every text in the deletion log, to check that no name is in it.
fn log_text(db: &mut impl Engine) -> String {
    db.read_sql(|s| privacy::deletion_log_in(s))
        .unwrap()
        .iter()
        .map(|e| format!("{e:?}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn a_return_unlinks_the_loan_unless_history_was_agreed_or_something_is_missing(
    mut db: &mut TestStore,
) {
    for (title, code) in [
        ("Schritte 1", "A1"),
        ("Schritte 2", "A2"),
        ("Schritte 3", "A3"),
    ] {
        medium_with_copy(db, title, code);
    }
    let plain = borrower(db, "Amal Haddad", false);
    let keeper = borrower(db, "Şükrü Yılmaz", true);
    let l1 = lend(db, plain, "A1", at_ten(2026, 3, 1)).unwrap().id;
    let l2 = lend(db, keeper, "A2", at_ten(2026, 3, 1)).unwrap().id;
    let l3 = lend(db, plain, "A3", at_ten(2026, 3, 1)).unwrap().id;
    let receipt = lending::checkin(
        db,
        &ReturnRequest {
            barcode: "A1".into(),
            missing_parts: Vec::new(),
        },
        at_ten(2026, 3, 10),
    )
    .unwrap();
    assert_eq!(
        receipt.loan.borrower_id, None,
        "the loan no longer names her"
    );
    assert_eq!(
        (receipt.borrower_id, receipt.borrower_name.as_deref()),
        (Some(plain), Some("Amal Haddad")),
        "the return receipt still goes to her"
    );
    give_back(db, "A2", &[], at_ten(2026, 3, 10));
    give_back(db, "A3", &["Audio-CD"], at_ten(2026, 3, 10));
    assert_eq!(loan_borrower(&mut db, l1), None, "unlinked at the return");
    assert_eq!(loan_borrower(&mut db, l2), Some(keeper), "history agreed");
    assert_eq!(
        loan_borrower(&mut db, l3),
        Some(plain),
        "damage recorded: kept"
    );

    // With a period of 14 days the calendar shows the day, and the run
    // on that day unlinks.
    privacy::save_retention_rules_on(
        db,
        &RetentionRules {
            loan_link_days: 14,
            ..RetentionRules::default()
        },
    )
    .unwrap();
    let l4 = lend(db, plain, "A1", at_ten(2026, 4, 1)).unwrap().id;
    give_back(db, "A1", &[], at_ten(2026, 4, 2));
    assert_eq!(loan_borrower(&mut db, l4), Some(plain));
    let due: Vec<_> = db
        .read(|s| privacy::calendar_in(s, NaiveDate::from_ymd_opt(2026, 4, 2).unwrap(), 30))
        .unwrap()
        .into_iter()
        .filter(|i| i.rule == Rule::LoanLink)
        .collect();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].due_on, NaiveDate::from_ymd_opt(2026, 4, 16).unwrap());
    assert_eq!(due[0].name, "Amal Haddad", "names on the officer's screen");
    privacy::run_automatic_on(db, at_ten(2026, 4, 15)).unwrap();
    db.scrub();
    assert_eq!(loan_borrower(&mut db, l4), Some(plain), "not yet");
    privacy::run_automatic_on(db, at_ten(2026, 4, 16)).unwrap();
    db.scrub();
    assert_eq!(loan_borrower(&mut db, l4), None);
    let text = log_text(&mut db);
    assert!(text.contains("loan_link_after_return"));
    assert!(!text.contains("Amal") && !text.contains("Haddad"), "{text}");
}
on_both_engines!(a_return_unlinks_the_loan_unless_history_was_agreed_or_something_is_missing);

/// An event on 20 November 2026 with one workshop and three participants.
/// A workshop of a fair on 20 November 2026 with three registrations: the
/// first checked in, the other two marked as no-shows. Returns the
/// workshop's id and the registrations' ids.
fn attended_workshop(db: &mut impl Engine) -> (i64, Vec<i64>) {
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
            title: "Pflegeberufe".into(),
            starts_at: Some(at_ten(2026, 11, 20)),
            ends_at: Some(at_ten(2026, 11, 20) + Duration::hours(1)),
            capacity: 10,
            ..WorkshopInput::default()
        },
        at_ten(2026, 9, 1),
    )
    .unwrap();
    let mut people = Vec::new();
    for (name, year, langs) in [
        ("محمد الأحمد", Some(2010), vec!["ar", "de"]),
        ("Zeynep Kaya", Some(1980), vec!["tr"]),
        ("Olena Kovalenko", None, vec![]),
    ] {
        let p = events::create_participant(
            db,
            &ParticipantInput {
                name: name.into(),
                birth_year: year,
                email: "teilnahme@example.org".into(),
                languages: langs.into_iter().map(String::from).collect(),
                consent: consent_given(2026, 1, 2),
                ..ParticipantInput::default()
            },
            at_ten(2026, 10, 1),
        )
        .unwrap();
        let r =
            events::register(db, w, p, &RegisterOptions::default(), at_ten(2026, 10, 1)).unwrap();
        people.push(r.id);
    }
    events::check_in(db, people[0], false, at_ten(2026, 11, 20)).unwrap();
    events::mark_no_shows(db, w).unwrap();
    (w, people)
}

fn participants_are_anonymised_ninety_days_after_the_event_and_the_statistics_stay(
    mut db: &mut TestStore,
) {
    attended_workshop(db);
    let before = db.read(|s| privacy::participant_statistics_in(s)).unwrap();
    let due = db
        .read(|s| privacy::calendar_in(s, NaiveDate::from_ymd_opt(2027, 2, 1).unwrap(), 30))
        .unwrap();
    let participants: Vec<_> = due.iter().filter(|i| i.rule == Rule::Participant).collect();
    assert_eq!(participants.len(), 3);
    assert_eq!(
        participants[0].due_on,
        NaiveDate::from_ymd_opt(2027, 2, 18).unwrap(),
        "90 days after 20 November"
    );
    privacy::run_automatic_on(db, at_ten(2027, 2, 17)).unwrap();
    db.scrub();
    assert_eq!(
        db.read(|s| events::find_participants_in(s, "Zeynep", 5))
            .unwrap()
            .len(),
        1,
        "not yet"
    );
    privacy::run_automatic_on(db, at_ten(2027, 2, 18)).unwrap();
    db.scrub();
    assert!(db
        .read(|s| events::find_participants_in(s, "Zeynep", 5))
        .unwrap()
        .is_empty());
    assert!(db
        .read(|s| events::find_participants_in(s, "محمد", 5))
        .unwrap()
        .is_empty());
    let after = db.read(|s| privacy::participant_statistics_in(s)).unwrap();
    assert_eq!(
        before, after,
        "workshop, age group, language and attendance survive"
    );
    assert!(after
        .keys()
        .any(|k| k.age_group == "15–17" && k.language == "ar"));
    let report_names: Vec<String> = db
        .read(|s| events::find_participants_in(s, "", 10))
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(report_names, ["Anonymisiert"; 3]);
    let text = log_text(&mut db);
    assert!(text.contains("participant_after_event") && !text.contains("Zeynep"));
}
on_both_engines!(participants_are_anonymised_ninety_days_after_the_event_and_the_statistics_stay);

fn an_anonymised_participants_registration_is_neither_confirmed_nor_cancelled(db: &mut TestStore) {
    let (w, _) = attended_workshop(db);
    let p = events::create_participant(
        db,
        &ParticipantInput {
            name: "Lina Haddad".into(),
            consent: consent_given(2026, 1, 2),
            ..ParticipantInput::default()
        },
        at_ten(2026, 10, 2),
    )
    .unwrap();
    let r = events::register(db, w, p, &RegisterOptions::default(), at_ten(2026, 10, 2)).unwrap();
    assert!(!r.anonymised, "a named person is not anonymised");
    db.read(|s| events::confirmation_in(s, r.id))
        .expect("a named person gets a confirmation");

    privacy::erase_on(
        db,
        Person::Participant(p),
        &[],
        "A. Becker",
        at_ten(2026, 11, 2),
    )
    .unwrap();
    db.scrub();
    let rows = db.read(|s| events::registrations_in(s, w)).unwrap();
    let mine = rows.iter().find(|x| x.id == r.id).unwrap();
    assert!(
        mine.anonymised,
        "the registration says its person is anonymised"
    );
    assert_eq!(
        rows.iter().filter(|x| x.anonymised).count(),
        1,
        "only the erased person's registration"
    );
    let refused = db.read(|s| events::confirmation_in(s, r.id)).unwrap_err();
    assert_eq!(
        refused.code(),
        "participant_anonymised",
        "there is no name to confirm to"
    );
    assert_eq!(
        events::cancel(db, r.id, at_ten(2026, 11, 3))
            .unwrap_err()
            .code(),
        "participant_anonymised",
        "nobody can ask for the cancellation or be told of it"
    );
    assert_eq!(
        db.read(|s| events::registrations_in(s, w))
            .unwrap()
            .iter()
            .find(|x| x.id == r.id)
            .unwrap()
            .status,
        mine.status,
        "a refused cancellation changes nothing"
    );
}
on_both_engines!(an_anonymised_participants_registration_is_neither_confirmed_nor_cancelled);

fn erasure_is_refused_while_items_are_on_loan_and_keeps_the_loan_statistics(
    mut db: &mut TestStore,
) {
    medium_with_copy(db, "Linie 1 A1", "L1");
    medium_with_copy(db, "Tempo", "L2");
    let b = borrower(db, "Amal Haddad", true);
    lend(db, b, "L1", at_ten(2026, 3, 1)).unwrap();
    give_back(db, "L1", &[], at_ten(2026, 3, 5));
    lend(db, b, "L2", at_ten(2026, 3, 6)).unwrap();
    let stats = db.read(|s| privacy::loan_statistics_in(s)).unwrap();

    let err = privacy::erase_on(
        db,
        Person::Borrower(b),
        &[],
        "A. Becker",
        at_ten(2026, 3, 7),
    )
    .unwrap_err();
    assert_eq!(err.code(), "person_has_loans");
    match err.params().get("titles") {
        Some(Param::List(titles)) => assert!(
            titles.iter().any(|t| t.contains("Tempo")),
            "says which: {titles:?}"
        ),
        other => panic!("the titles on loan are named: {other:?}"),
    }
    assert_eq!(
        db.read(|s| people::borrower_in(s, b)).unwrap().name,
        "Amal Haddad",
        "nothing changed"
    );
    assert_eq!(
        privacy::erase_on(db, Person::Borrower(b), &[], " ", at_ten(2026, 3, 7))
            .unwrap_err()
            .code(),
        "required",
        "staff name"
    );

    give_back(db, "L2", &[], at_ten(2026, 3, 8));
    privacy::erase_on(
        db,
        Person::Borrower(b),
        &[],
        "A. Becker",
        at_ten(2026, 3, 9),
    )
    .unwrap();
    db.scrub();
    assert_eq!(
        db.read(|s| people::borrower_in(s, b)).unwrap_err().code(),
        "not_found"
    );
    assert_eq!(
        db.read(|s| people::search_borrowers_in(s, "Amal", 10, 0))
            .unwrap()
            .0,
        0,
        "gone from search"
    );
    assert_eq!(
        db.read(|s| privacy::loan_statistics_in(s)).unwrap(),
        stats,
        "statistics unchanged"
    );
    let log = db.read(|s| privacy::deletion_log_in(s)).unwrap();
    assert_eq!(log[0].rule, "erasure");
    assert_eq!(log[0].record_ids, [b]);
    assert_eq!(log[0].staff, "A. Becker");
    assert!(!log_text(&mut db).contains("Amal"));
}
on_both_engines!(erasure_is_refused_while_items_are_on_loan_and_keeps_the_loan_statistics);

fn inactive_borrowers_and_orphaned_contacts_need_two_staff_names_to_be_deleted(
    mut db: &mut TestStore,
) {
    medium_with_copy(db, "Schritte", "S1");
    let old = borrower(db, "Dmitri Sokolov", false);
    let active = borrower(db, "Awa Diop", false);
    lend(db, old, "S1", at_ten(2024, 1, 10)).unwrap();
    give_back(db, "S1", &[], at_ten(2024, 2, 1));
    lend(db, active, "S1", at_ten(2026, 10, 1)).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let due = db.read(|s| privacy::calendar_in(s, today, 30)).unwrap();
    let inactive: Vec<_> = due
        .iter()
        .filter(|i| i.rule == Rule::InactiveBorrower)
        .collect();
    assert_eq!(inactive.len(), 1, "{due:?}");
    assert_eq!(inactive[0].record_id, old);
    assert_eq!(
        inactive[0].due_on,
        NaiveDate::from_ymd_opt(2026, 1, 10).unwrap(),
        "24 months after the last loan"
    );
    assert!(!inactive[0].automatic);
    privacy::run_automatic_on(db, at_ten(2026, 11, 26)).unwrap();
    db.scrub();
    assert_eq!(
        db.read(|s| people::borrower_in(s, old)).unwrap().name,
        "Dmitri Sokolov",
        "never deleted automatically"
    );

    let now = at_ten(2026, 11, 26);
    for (a, b) in [
        ("A. Becker", ""),
        ("A. Becker", "a. becker"),
        ("", "B. Kaya"),
    ] {
        let err =
            privacy::delete_proposed_on(db, Rule::InactiveBorrower, &[old], a, b, now).unwrap_err();
        assert_eq!(err.code(), "four_eyes_required");
    }
    // An active borrower slipped into the list is not deleted.
    let n = privacy::delete_proposed_on(
        db,
        Rule::InactiveBorrower,
        &[old, active],
        "A. Becker",
        "B. Kaya",
        now,
    )
    .unwrap();
    assert_eq!(n, 1);
    assert_eq!(
        db.read(|s| people::borrower_in(s, old)).unwrap_err().code(),
        "not_found"
    );
    assert_eq!(
        db.read(|s| people::borrower_in(s, active)).unwrap().name,
        "Awa Diop"
    );
    let log = db.read(|s| privacy::deletion_log_in(s)).unwrap();
    assert_eq!(
        (log[0].staff.as_str(), log[0].second_staff.as_str()),
        ("A. Becker", "B. Kaya")
    );
    assert!(!log_text(&mut db).contains("Sokolov"));

    // A contact is kept while their organisation is active.
    let org = organisations::create_organisation(
        db,
        &OrganisationInput {
            name: "Afrikanischer Frauenverein".into(),
            ..OrganisationInput::default()
        },
        now,
    )
    .unwrap()
    .id;
    let contact = organisations::create_contact(
        db,
        &ContactInput {
            name: "Fatou Ndiaye".into(),
            ..ContactInput::default()
        },
        Some(&RoleInput {
            organisation_id: org,
            role: "Vorsitz".into(),
            started_on: None,
            ended_on: None,
        }),
        now,
    )
    .unwrap()
    .id;
    let contacts = |db: &mut TestStore| -> Vec<i64> {
        db.read(|s| privacy::calendar_in(s, today, 30))
            .unwrap()
            .into_iter()
            .filter(|i| i.rule == Rule::Contact)
            .map(|i| i.record_id)
            .collect()
    };
    assert!(contacts(db).is_empty());
    organisations::set_archived(db, org, true, today).unwrap();
    assert_eq!(contacts(db), [contact]);
    privacy::delete_proposed_on(db, Rule::Contact, &[contact], "A. Becker", "B. Kaya", now)
        .unwrap();
    assert_eq!(
        db.read(|s| organisations::contact_in(s, contact))
            .unwrap_err()
            .code(),
        "not_found"
    );
}
on_both_engines!(inactive_borrowers_and_orphaned_contacts_need_two_staff_names_to_be_deleted);

#[test]
fn restoring_an_older_backup_erases_again_what_was_erased_since() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz-desk.sqlite");
    let folder = dir.path().join("Sicherungen");
    let mut db = Db::open(&path).unwrap();
    let b = borrower(&mut db, "Amal Haddad", false);
    let kept = borrower(&mut db, "Awa Diop", false);
    let old = backup::backup(
        &db,
        &folder,
        Kind::Regular,
        at_ten(2026, 11, 1),
        Retention::default(),
        &mut |_, _| {},
    )
    .unwrap();
    privacy::erase(
        &mut db,
        Person::Borrower(b),
        &[],
        "A. Becker",
        at_ten(2026, 11, 2),
    )
    .unwrap();
    backup::restore(&mut db, &old.path, &folder, at_ten(2026, 11, 3)).unwrap();
    assert_eq!(
        people::borrower(&db, b).unwrap_err().code(),
        "not_found",
        "the erasure was applied again"
    );
    assert_eq!(
        people::borrower(&db, kept).unwrap().name,
        "Awa Diop",
        "the rest is the backup's state"
    );
    let log = privacy::deletion_log(&db).unwrap();
    assert!(
        log.iter()
            .any(|e| e.rule == "erasure" && e.record_ids == [b]),
        "the log came along"
    );
    assert!(!log_text(&mut db).contains("Amal"));
}

fn the_access_report_lists_loans_registrations_and_consents_of_the_person(db: &mut TestStore) {
    medium_with_copy(db, "Das Bilderwörterbuch Deutsch–Arabisch", "B1");
    attended_workshop(db);
    let b = borrower(db, "Zeynep Kaya", true);
    lend(db, b, "B1", at_ten(2026, 11, 21)).unwrap();
    // Staff ticked the participant of the same name as the same person.
    let candidates = db
        .read(|s| privacy::access_report_candidates_in(s, Person::Borrower(b)))
        .unwrap();
    let same_name: Vec<Person> = candidates
        .iter()
        .filter(|c| matches!(c.person, Person::Participant(_)))
        .map(|c| c.person)
        .collect();
    assert_eq!(
        same_name.len(),
        1,
        "the participant is offered: {candidates:?}"
    );
    let report = db
        .read(|s| {
            privacy::access_report_in(s, Person::Borrower(b), &same_name, at_ten(2026, 11, 26))
        })
        .unwrap();
    assert_eq!(report.name, "Zeynep Kaya");
    assert_eq!(report.loans.len(), 1);
    assert_eq!(
        report.loans[0].title,
        "Das Bilderwörterbuch Deutsch–Arabisch"
    );
    assert_eq!(
        report.registrations.len(),
        1,
        "the participant of the same name"
    );
    assert_eq!(report.registrations[0].workshop, "Pflegeberufe");
    assert_eq!(report.registrations[0].status, "nicht_erschienen");
    assert!(report.records.iter().any(|r| r.starts_with("Ausleihende")));
    assert!(report.records.iter().any(|r| r.starts_with("Teilnehmende")));
    assert!(report
        .consents
        .iter()
        .any(|c| c.0 == "Ausleihen aufbewahren" && c.2 == "2026-1"));
    assert!(report
        .master_data
        .iter()
        .any(|(k, v)| k == "E-Mail" && v == "person@example.org"));
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains("Bilderwörterbuch") && json.contains("Pflegeberufe"));
    assert_eq!(
        db.read(|s| privacy::access_report_in(s, Person::Contact(999), &[], at_ten(2026, 11, 26)))
            .unwrap_err()
            .code(),
        "not_found"
    );
}
on_both_engines!(the_access_report_lists_loans_registrations_and_consents_of_the_person);

fn consent_texts_are_versioned_per_purpose_and_language(db: &mut TestStore) {
    assert_eq!(
        db.read(|s| privacy::current_version_in(s, Purpose::Veranstaltungen))
            .unwrap(),
        "2026-1"
    );
    privacy::add_consent_text_on(
        db,
        Purpose::Veranstaltungen,
        "2027-1",
        "de",
        "Neue Fassung.",
        at_ten(2027, 1, 1),
    )
    .unwrap();
    privacy::add_consent_text_on(
        db,
        Purpose::Veranstaltungen,
        "2027-1",
        "ar",
        "نص جديد.",
        at_ten(2027, 1, 1),
    )
    .unwrap();
    assert_eq!(
        db.read(|s| privacy::current_version_in(s, Purpose::Veranstaltungen))
            .unwrap(),
        "2027-1"
    );
    let err = privacy::add_consent_text_on(
        db,
        Purpose::Veranstaltungen,
        "2027-1",
        "de",
        "Noch mal.",
        at_ten(2027, 1, 2),
    )
    .unwrap_err();
    assert_eq!(err.code(), "consent_version_exists");
    assert_eq!(
        db.read(|s| privacy::consent_text_in(s, Purpose::Veranstaltungen, "2027-1", "ar"))
            .unwrap()
            .body,
        "نص جديد."
    );
    assert_eq!(
        db.read(|s| privacy::consent_text_in(s, Purpose::Veranstaltungen, "2027-1", "tr"))
            .unwrap()
            .language,
        "de",
        "German when there is no translation"
    );
    assert_eq!(
        privacy::add_consent_text_on(db, Purpose::Fotos, " ", "de", "x", at_ten(2027, 1, 1))
            .unwrap_err()
            .code(),
        "required"
    );
}
on_both_engines!(consent_texts_are_versioned_per_purpose_and_language);

fn the_consent_form_holds_the_purposes_of_the_person_in_german_and_their_language(
    db: &mut TestStore,
) {
    // A new wording of the events' text, in German and Arabic; the photo
    // text stays at the shipped version, which has no Kurdish translation.
    for (language, body) in [
        ("de", "Ich bin einverstanden (neue Fassung)."),
        ("ar", "أوافق على حفظ بيانات تسجيلي."),
    ] {
        privacy::add_consent_text_on(
            db,
            Purpose::Veranstaltungen,
            "2027-1",
            language,
            body,
            at_ten(2026, 1, 2),
        )
        .unwrap();
    }
    privacy::add_consent_text_on(
        db,
        Purpose::Fotos,
        "2027-1",
        "de",
        "Fotos: neue Fassung.",
        at_ten(2026, 1, 2),
    )
    .unwrap();
    let p = events::create_participant(
        db,
        &ParticipantInput {
            name: "محمد الأحمد".into(),
            languages: vec!["de".into(), "ar".into()],
            consent: consent_given(2026, 1, 2),
            ..ParticipantInput::default()
        },
        at_ten(2026, 10, 1),
    )
    .unwrap();
    let (name, texts) = db
        .read(|s| privacy::consent_form_texts_in(s, Person::Participant(p)))
        .unwrap();
    assert_eq!(name, "محمد الأحمد");
    let purposes: Vec<Purpose> = texts.iter().map(|(g, _)| g.purpose).collect();
    assert_eq!(purposes, [Purpose::Veranstaltungen, Purpose::Fotos]);
    assert!(texts.iter().all(|(g, _)| g.language == "de"));
    assert_eq!(
        texts[0].1.as_ref().map(|t| t.language.as_str()),
        Some("ar"),
        "the translation into Arabic"
    );
    assert!(
        texts[1].1.is_none(),
        "no Arabic photo text of the new version yet: German only"
    );
    let b = borrower(db, "Amal Haddad", false);
    let (_, texts) = db
        .read(|s| privacy::consent_form_texts_in(s, Person::Borrower(b)))
        .unwrap();
    assert_eq!(texts.len(), 1);
    assert_eq!(texts[0].0.purpose, Purpose::Mediathek);
}
on_both_engines!(the_consent_form_holds_the_purposes_of_the_person_in_german_and_their_language);

/// A report's rows as (group, count), to compare with literals.
fn rows(rows: &[privacy::CountRow]) -> Vec<(Vec<&str>, u32)> {
    rows.iter()
        .map(|r| (r.group.iter().map(String::as_str).collect(), r.count))
        .collect()
}

fn the_berichte_page_gets_its_rows_with_workshop_titles_and_keeps_them_after_anonymisation(
    db: &mut TestStore,
) {
    attended_workshop(db);
    medium_with_copy(db, "Linie 1 A1", "L1");
    let b = borrower(db, "Amal Haddad", false);
    lend(db, b, "L1", at_ten(2026, 3, 1)).unwrap();

    let before = db.read(|s| privacy::statistics_in(s)).unwrap();
    let kind = db.read(|s| kiz::catalogue::media_kinds_in(s)).unwrap()[0]
        .name
        .clone();
    let loans = rows(&before.loans);
    assert_eq!(
        loans,
        [(vec!["2026-03", kind.as_str(), "", "ehrenamtlich"], 1)],
        "month, Mediengruppe, Sprachniveau and kind of borrower, in the page's column order"
    );
    let participants = rows(&before.participants);
    assert_eq!(
        participants.len(),
        db.read(|s| privacy::participant_statistics_in(s))
            .unwrap()
            .len(),
        "one row per group of the counts"
    );
    assert!(
        participants.iter().all(|(g, _)| g[0] == "Pflegeberufe"),
        "the workshop is named by its title, not its id: {participants:?}"
    );
    assert!(
        participants.contains(&(vec!["Pflegeberufe", "15–17", "ar", "teilgenommen"], 1)),
        "{participants:?}"
    );
    assert_eq!(
        participants.iter().map(|(_, n)| n).sum::<u32>(),
        4,
        "three people, one of them with two languages"
    );

    // Anonymisation removes the names; the page shows the same.
    privacy::run_automatic_on(db, at_ten(2027, 2, 18)).unwrap();
    db.scrub();
    assert!(db
        .read(|s| events::find_participants_in(s, "Zeynep", 5))
        .unwrap()
        .is_empty());
    assert_eq!(
        db.read(|s| privacy::statistics_in(s)).unwrap().participants,
        before.participants
    );
}
on_both_engines!(
    the_berichte_page_gets_its_rows_with_workshop_titles_and_keeps_them_after_anonymisation
);

fn the_forms_get_every_purposes_current_version_and_the_page_looks_thirty_days_ahead(
    db: &mut TestStore,
) {
    let versions = db.read(|s| privacy::current_versions_in(s)).unwrap();
    assert_eq!(
        versions.keys().copied().collect::<Vec<_>>(),
        [
            "fotos",
            "mediathek",
            "organisationsverzeichnis",
            "veranstaltungen",
            "veroeffentlichung"
        ],
        "every purpose"
    );
    privacy::add_consent_text_on(
        db,
        Purpose::Veranstaltungen,
        "2027-1",
        "de",
        "Neue Fassung.",
        at_ten(2027, 1, 1),
    )
    .unwrap();
    let now_agreed = db.read(|s| privacy::current_versions_in(s)).unwrap();
    assert_eq!(now_agreed["veranstaltungen"], "2027-1");
    assert_eq!(now_agreed["mediathek"], versions["mediathek"]);

    // The fair's participants are due on 18 February 2027.
    attended_workshop(db);
    let mut participants_due = |today: NaiveDate| {
        db.read(|s| privacy::overview_in(s, today))
            .unwrap()
            .calendar
            .iter()
            .filter(|i| i.rule == Rule::Participant)
            .count()
    };
    assert_eq!(
        participants_due(NaiveDate::from_ymd_opt(2027, 1, 19).unwrap()),
        3,
        "thirty days ahead reaches 18 February"
    );
    assert_eq!(
        participants_due(NaiveDate::from_ymd_opt(2027, 1, 18).unwrap()),
        0,
        "thirty-one days is beyond the page's look ahead"
    );
    let page = db
        .read(|s| privacy::overview_in(s, NaiveDate::from_ymd_opt(2027, 1, 19).unwrap()))
        .unwrap();
    assert_eq!(
        page.rules,
        db.read(|s| privacy::retention_rules_in(s)).unwrap()
    );
    assert_eq!(
        page.consent_texts,
        db.read(|s| privacy::consent_texts_in(s)).unwrap()
    );
    assert_eq!(page.log, db.read(|s| privacy::deletion_log_in(s)).unwrap());
}
on_both_engines!(the_forms_get_every_purposes_current_version_and_the_page_looks_thirty_days_ahead);

/// A workshop on 10 May of `year` (registration open until the day before).
fn workshop_in(db: &mut impl Engine, year: i32) -> i64 {
    let may = |d| NaiveDate::from_ymd_opt(year, 5, d).unwrap();
    let event = events::create_event(
        db,
        &EventInput {
            title: format!("Ausbildungsbörse {year}"),
            starts_on: Some(may(10)),
            ..EventInput::default()
        },
        at_ten(year, 1, 10),
    )
    .unwrap();
    events::create_workshop(
        db,
        event,
        &WorkshopInput {
            title: "Pflege".into(),
            room: "Raum 1".into(),
            starts_at: may(10).and_hms_opt(10, 0, 0),
            ends_at: may(10).and_hms_opt(11, 0, 0),
            capacity: 5,
            waitlist: true,
            ..WorkshopInput::default()
        },
        at_ten(year, 1, 10),
    )
    .unwrap()
}

fn an_anonymised_participant_keeps_the_age_group_of_each_registration(db: &mut TestStore) {
    let (w2025, w2026) = (workshop_in(db, 2025), workshop_in(db, 2026));
    let amina = events::create_participant(
        db,
        &ParticipantInput {
            name: "Amina".into(),
            birth_year: Some(2008),
            consent: consent_given(2025, 4, 1),
            ..ParticipantInput::default()
        },
        at_ten(2025, 4, 1),
    )
    .unwrap();
    for (w, year) in [(w2025, 2025), (w2026, 2026)] {
        events::register(
            db,
            w,
            amina,
            &RegisterOptions::default(),
            at_ten(year, 4, 2),
        )
        .unwrap();
    }
    let groups = |db: &mut TestStore| -> Vec<(i64, String)> {
        db.rows("SELECT workshop_id, age_group FROM registration", &[])
            .iter()
            .map(|r| (r.get(0).unwrap(), r.get(1).unwrap()))
            .collect()
    };
    let expected = vec![(w2025, "15–17".to_owned()), (w2026, "18–20".to_owned())];
    assert_eq!(groups(db), expected, "17 in 2025, 18 in 2026");
    let year = |db: &mut TestStore, year| {
        kiz::reports::report_on(
            &mut db.store(),
            &kiz::reports::PeriodChoice::Year { year },
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        )
        .unwrap()
        .events
        .by_age_group
    };
    let (before_2025, before_2026) = (year(db, 2025), year(db, 2026));
    privacy::erase_on(
        db,
        Person::Participant(amina),
        &[],
        "A. Becker",
        at_ten(2026, 12, 1),
    )
    .unwrap();
    db.scrub();
    // The person keeps one group (that of the last year); each
    // registration keeps its own, and so do the figures.
    assert_eq!(groups(db), expected);
    assert_eq!(year(db, 2025), before_2025);
    assert_eq!(year(db, 2026), before_2026);
    let in_2025 = before_2025.iter().find(|l| l.group == "15–17").unwrap();
    assert_eq!(in_2025.figures.now.registered, 1);
}
on_both_engines!(an_anonymised_participant_keeps_the_age_group_of_each_registration);
