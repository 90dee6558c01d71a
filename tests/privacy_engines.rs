//! Datenschutz and the full export on both engines: the retention rules
//! and consent texts staff save, erasure of a person (Art. 17) with the
//! records linked to them, the deletions that need two staff names, and
//! the full export. The rules are written once above `kiz::db::engine`;
//! each scenario runs on the demo data in the file and on a server
//! database the same file was moved onto, and both must answer and end
//! the same, compared through the full export of everything they hold.

mod common;
mod test_cluster;

use chrono::{Days, NaiveDateTime};
use common::{now, sheets, test_db, Sheets};
use kiz::db::engine::{scalar, value, Engine};
use kiz::export;
use kiz::privacy::{self, Person, Purpose, RetentionRules, Rule};
use kiz::{Db, Error};
use test_cluster::cluster;

/// The demo data as `cargo xtask run` shows it on a first start.
fn demo() -> Db {
    let mut db = test_db();
    kiz::demo::load(&mut db, now()).expect("the demo loads");
    db
}

/// Everything the store holds, as the full export writes it.
fn everything(store: &mut impl Engine) -> Sheets {
    let bytes = store
        .read_sql(export::workbook_in)
        .expect("the full export");
    sheets(&bytes)
}

fn count(store: &mut impl Engine, text: &str) -> i64 {
    store
        .read_sql(|sql| scalar(sql, text, &[]))
        .expect("counted")
}

fn first_id(store: &mut impl Engine, text: &str) -> i64 {
    store
        .read_sql(|sql| value(sql, text, &[]))
        .expect("read")
        .unwrap_or_else(|| panic!("the demo has a row for {text}"))
}

/// A moment a little after the demo's `now`.
fn later(minutes: u64) -> NaiveDateTime {
    now() + chrono::Duration::minutes(i64::try_from(minutes).unwrap())
}

/// The scenario, on either engine. Returns what each step answered, for
/// the comparison of the two engines.
fn datenschutz(store: &mut impl Engine) -> Vec<String> {
    let mut told = Vec::new();

    // Retention rules: out of range is refused and changes nothing; the
    // rules saved are the rules read.
    let before = store.read_sql(privacy::retention_rules_in).expect("rules");
    let refused = privacy::save_retention_rules_on(
        store,
        &RetentionRules {
            inactive_borrower_months: 0,
            ..before
        },
    );
    assert!(
        matches!(
            refused,
            Err(Error::OutOfRange {
                field: "inactive_borrower_months",
                min: 1,
                max: 120
            })
        ),
        "{refused:?}"
    );
    assert_eq!(
        store.read_sql(privacy::retention_rules_in).expect("rules"),
        before
    );
    let wanted = RetentionRules {
        loan_link_days: 14,
        inactive_borrower_months: 12,
        participant_days: 60,
    };
    let saved = privacy::save_retention_rules_on(store, &wanted).expect("saved");
    assert_eq!(saved, wanted);
    let read = store
        .read_sql(|sql| privacy::overview_in(sql, now().date()))
        .expect("overview");
    assert_eq!(read.rules, wanted);
    told.push(format!("{saved:?}"));

    // Two PCs have the Datenschutz page open from the same version: the
    // first save of the rules is stored, the second is refused naming the
    // first PC and its moment, and stores nothing.
    let longer = RetentionRules {
        participant_days: 90,
        ..wanted
    };
    let first =
        privacy::save_retention_rules_form(store, &longer, read.rules_version, "BUERO-1", now())
            .expect("the first save");
    assert_eq!(first, longer);
    let shorter = RetentionRules {
        participant_days: 30,
        ..wanted
    };
    let late =
        privacy::save_retention_rules_form(store, &shorter, read.rules_version, "BUERO-2", now());
    match &late {
        Err(Error::ChangedMeanwhile { what, by, at }) => {
            assert_eq!(
                (*what, by.as_str(), *at),
                (kiz::Record::RetentionRules, "BUERO-1", now())
            );
        }
        other => panic!("rules saved meanwhile are not overwritten: {other:?}"),
    }
    let after = store
        .read_sql(|sql| privacy::overview_in(sql, now().date()))
        .expect("overview");
    assert_eq!(
        (after.rules, after.rules_version),
        (longer, read.rules_version + 1),
        "the refused save stored nothing"
    );
    told.push(format!("{late:?}"));

    // Consent texts: a new German version is in force at once, the same
    // version again is refused, a translation waits until it is checked.
    let german = privacy::add_consent_text_on(
        store,
        Purpose::Mediathek,
        "2027-01",
        "de",
        "  Ich bin einverstanden, dass das KIZ meine Ausleihen speichert.  ",
        later(1),
    )
    .expect("a new version");
    assert!(german.checked_on.is_some(), "German is the original");
    assert_eq!(
        german.body,
        "Ich bin einverstanden, dass das KIZ meine Ausleihen speichert."
    );
    let again = privacy::add_consent_text_on(
        store,
        Purpose::Mediathek,
        "2027-01",
        "de",
        "Noch einmal",
        later(2),
    );
    assert!(
        matches!(again, Err(Error::ConsentVersionExists)),
        "{again:?}"
    );
    let turkish = privacy::add_consent_text_on(
        store,
        Purpose::Mediathek,
        "2027-01",
        "tr",
        "KIZ'in ödünç aldıklarımı kaydetmesini kabul ediyorum.",
        later(3),
    )
    .expect("a translation");
    assert_eq!(turkish.checked_on, None, "a translation waits for a check");
    let empty_staff = privacy::mark_consent_text_checked_on(store, turkish.id, " ", later(4));
    assert!(
        matches!(empty_staff, Err(Error::Required { field: "staff" })),
        "{empty_staff:?}"
    );
    let checked = privacy::mark_consent_text_checked_on(store, turkish.id, "Elif Demir", later(4))
        .expect("checked");
    assert_eq!(checked.checked_by, "Elif Demir");
    let unknown = privacy::mark_consent_text_checked_on(store, 999_999, "Elif Demir", later(4));
    assert!(
        matches!(unknown, Err(Error::NotFound { .. })),
        "{unknown:?}"
    );
    assert_eq!(
        store
            .read_sql(privacy::current_versions_in)
            .expect("versions")
            .get("mediathek")
            .map(String::as_str),
        Some("2027-01")
    );
    told.push(format!("{german:?} {turkish:?} {checked:?}"));

    // Erasure of a borrower with items on loan is refused, naming them,
    // and erases nothing.
    let lending = first_id(
        store,
        "SELECT borrower_id FROM loan WHERE returned_at IS NULL AND borrower_id IS NOT NULL
         ORDER BY borrower_id LIMIT 1",
    );
    let borrowers = count(store, "SELECT count(*) FROM borrower");
    let refused = privacy::erase_on(
        store,
        Person::Borrower(lending),
        &[],
        "Elif Demir",
        later(5),
    );
    let Err(Error::PersonHasLoans { titles }) = &refused else {
        panic!("{refused:?}");
    };
    assert!(!titles.is_empty());
    assert_eq!(count(store, "SELECT count(*) FROM borrower"), borrowers);
    told.push(format!("{refused:?}"));

    // A borrower without loans who is also a contact of an organisation:
    // the contact is linked, and both go in one erasure.
    let quiet = first_id(
        store,
        "SELECT b.id FROM borrower AS b WHERE NOT EXISTS
           (SELECT 1 FROM loan AS l WHERE l.borrower_id = b.id AND l.returned_at IS NULL)
         AND NOT EXISTS (SELECT 1 FROM contact AS c WHERE c.borrower_id = b.id)
         ORDER BY b.id LIMIT 1",
    );
    let contact = first_id(
        store,
        "SELECT id FROM contact WHERE borrower_id IS NULL ORDER BY id LIMIT 1",
    );
    let stranger = first_id(
        store,
        "SELECT id FROM contact WHERE borrower_id IS NULL ORDER BY id DESC LIMIT 1",
    );
    store
        .write_sql(|sql| {
            sql.run(
                "UPDATE contact SET borrower_id = ?1 WHERE id = ?2",
                &[quiet.into(), contact.into()],
            )
        })
        .expect("linked");
    let linked = store
        .read_sql(|sql| privacy::linked_records_in(sql, Person::Borrower(quiet)))
        .expect("linked records");
    assert_eq!(
        linked.iter().map(|r| r.person).collect::<Vec<_>>(),
        [Person::Contact(contact)]
    );
    told.push(format!("{linked:?}"));
    // A record that is not linked to the person is not erased with them.
    let not_linked = privacy::erase_on(
        store,
        Person::Borrower(quiet),
        &[Person::Contact(stranger)],
        "Elif Demir",
        later(6),
    );
    assert!(
        matches!(not_linked, Err(Error::NotFound { .. })),
        "{not_linked:?}"
    );
    let no_staff = privacy::erase_on(store, Person::Borrower(quiet), &[], "  ", later(6));
    assert!(
        matches!(no_staff, Err(Error::Required { field: "staff" })),
        "{no_staff:?}"
    );
    assert_eq!(count(store, "SELECT count(*) FROM borrower"), borrowers);
    privacy::erase_on(
        store,
        Person::Borrower(quiet),
        &[Person::Contact(contact)],
        "Elif Demir",
        later(7),
    )
    .expect("erased");
    assert_eq!(count(store, "SELECT count(*) FROM borrower"), borrowers - 1);
    let gone = store
        .read_sql(|sql| {
            Ok((
                scalar::<bool>(
                    sql,
                    "SELECT EXISTS (SELECT 1 FROM borrower WHERE id = ?1)",
                    &[quiet.into()],
                )?,
                scalar::<bool>(
                    sql,
                    "SELECT EXISTS (SELECT 1 FROM contact WHERE id = ?1)",
                    &[contact.into()],
                )?,
                scalar::<bool>(
                    sql,
                    "SELECT EXISTS (SELECT 1 FROM loan WHERE borrower_id = ?1)",
                    &[quiet.into()],
                )?,
            ))
        })
        .expect("read");
    assert_eq!(gone, (false, false, false), "nothing names the person");

    // A participant is anonymised: the registrations stay for the
    // statistics without a name.
    let participant = first_id(
        store,
        "SELECT p.id FROM participant AS p WHERE p.anonymised_on IS NULL
         AND EXISTS (SELECT 1 FROM registration AS r WHERE r.participant_id = p.id)
         ORDER BY p.id LIMIT 1",
    );
    let registrations = count(store, "SELECT count(*) FROM registration");
    privacy::erase_on(
        store,
        Person::Participant(participant),
        &[],
        "Elif Demir",
        later(8),
    )
    .expect("anonymised");
    assert_eq!(
        store
            .read_sql(|sql| value::<String>(
                sql,
                "SELECT name FROM participant WHERE id = ?1",
                &[participant.into()]
            ))
            .expect("read"),
        Some("Anonymisiert".to_owned())
    );
    assert_eq!(
        count(store, "SELECT count(*) FROM registration"),
        registrations
    );

    // The log names kinds, numbers and staff, never the person (newest
    // first).
    let log = store
        .read_sql(|sql| privacy::overview_in(sql, now().date()))
        .expect("overview")
        .log;
    let erasures: Vec<(String, Vec<i64>, String)> = log
        .iter()
        .filter(|e| e.rule == "erasure")
        .map(|e| (e.record_kind.clone(), e.record_ids.clone(), e.staff.clone()))
        .collect();
    assert_eq!(
        erasures,
        [
            (
                "participant".to_owned(),
                vec![participant],
                "Elif Demir".to_owned()
            ),
            ("contact".to_owned(), vec![contact], "Elif Demir".to_owned()),
            ("borrower".to_owned(), vec![quiet], "Elif Demir".to_owned()),
        ],
        "{log:?}"
    );

    // A year on, borrowers without loans are proposed; deleting them
    // needs two different names and deletes only what is due.
    let year_on = now() + Days::new(366);
    let proposed: Vec<i64> = store
        .read_sql(|sql| privacy::overview_in(sql, year_on.date()))
        .expect("overview")
        .calendar
        .iter()
        .filter(|i| i.rule == Rule::InactiveBorrower && i.due_on <= year_on.date())
        .map(|i| i.record_id)
        .collect();
    assert!(!proposed.is_empty(), "the demo has borrowers to propose");
    let one_name = privacy::delete_proposed_on(
        store,
        Rule::InactiveBorrower,
        &proposed,
        "Elif Demir",
        " elif demir ",
        year_on,
    );
    assert!(
        matches!(one_name, Err(Error::FourEyesRequired)),
        "{one_name:?}"
    );
    let mut asked = proposed.clone();
    asked.push(lending);
    let deleted = privacy::delete_proposed_on(
        store,
        Rule::InactiveBorrower,
        &asked,
        "Elif Demir",
        "Jonas Berg",
        year_on,
    )
    .expect("deleted");
    assert_eq!(
        deleted,
        proposed.len(),
        "the borrower with a loan is not due"
    );
    assert_eq!(
        count(store, "SELECT count(*) FROM borrower"),
        borrowers - 1 - i64::try_from(deleted).unwrap()
    );
    let automatic = privacy::delete_proposed_on(
        store,
        Rule::LoanLink,
        &[1],
        "Elif Demir",
        "Jonas Berg",
        year_on,
    );
    assert!(
        matches!(automatic, Err(Error::NotFound { .. })),
        "{automatic:?}"
    );
    let last = store
        .read_sql(|sql| privacy::overview_in(sql, year_on.date()))
        .expect("overview")
        .log;
    assert_eq!(last[0].rule, "inactive_borrower");
    assert_eq!(
        (last[0].staff.as_str(), last[0].second_staff.as_str()),
        ("Elif Demir", "Jonas Berg")
    );
    told.push(format!("{deleted} {last:?}"));
    told
}

#[test]
fn datenschutz_goes_the_same_on_the_file() {
    let mut file = demo();
    let told = datenschutz(&mut file);
    assert!(!told.is_empty());
}

/// The same scenario from the same data on the server: every answer the
/// same, and afterwards everything both hold the same, as the full
/// export writes it. The export itself is checked first: right after the
/// move, the server's workbook is the file's.
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn datenschutz_and_the_full_export_go_the_same_on_the_server() {
    let mut file = demo();
    let (mut server, _) = cluster().moved(&file, "kiz_t_privacy_engines");
    let before = everything(&mut file);
    assert!(
        before
            .iter()
            .any(|(name, rows)| name == "Ausleihende" && rows.len() > 5),
        "the demo's borrowers are in the export"
    );
    assert_eq!(everything(&mut server), before, "the export reads the same");

    let on_file = datenschutz(&mut file);
    let on_server = datenschutz(&mut server);
    assert_eq!(on_server, on_file);
    let after = everything(&mut file);
    assert_ne!(after, before);
    assert_eq!(everything(&mut server), after, "both hold the same");
}

/// The records linked to a person and those of a similar name, which the
/// access report offers, are found the same on both engines.
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_records_around_a_person_are_found_the_same_on_both_engines() {
    let mut file = demo();
    let (mut server, _) = cluster().moved(&file, "kiz_t_privacy_related");
    let people: Vec<Person> = file
        .read_sql(|sql| {
            let mut all = Vec::new();
            for (text, make) in [
                (
                    "SELECT id FROM borrower ORDER BY id",
                    Person::Borrower as fn(i64) -> Person,
                ),
                ("SELECT id FROM contact ORDER BY id", Person::Contact),
                (
                    "SELECT id FROM participant ORDER BY id LIMIT 20",
                    Person::Participant,
                ),
            ] {
                for row in sql.rows(text, &[])? {
                    all.push(make(row.get(0)?));
                }
            }
            Ok(all)
        })
        .expect("people");
    let mut offered = 0;
    for person in people {
        let on_file = file
            .read_sql(|sql| {
                Ok((
                    privacy::linked_records_in(sql, person)?,
                    privacy::access_report_candidates_in(sql, person)?,
                ))
            })
            .expect("on the file");
        let on_server = server
            .read_sql(|sql| {
                Ok((
                    privacy::linked_records_in(sql, person)?,
                    privacy::access_report_candidates_in(sql, person)?,
                ))
            })
            .expect("on the server");
        assert_eq!(on_server, on_file, "{person:?}");
        assert_eq!(
            on_file.1,
            privacy::access_report_candidates(&file, person).expect("candidates")
        );
        offered += on_file.1.len();
    }
    assert!(offered > 0, "the demo has names that look alike");
}

/// The access report (as data, as JSON and as PDF) and the consent form
/// read the same from the file and from the server; only the sentence on
/// backups differs: the file names this PC's backup plan, the server says
/// that IT backs the shared database up.
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_access_report_and_the_consent_form_read_the_same_from_the_server() {
    let mut file = demo();
    let (mut server, _) = cluster().moved(&file, "kiz_t_privacy_report");
    let context = common::printing_at(now());
    let text = |pdf: &[u8]| common::poppler("pdftotext", &["-layout"], pdf);
    // A borrower who is also a contact, with a participant of a similar
    // name confirmed by staff, and one of each kind on their own.
    let borrower = first_id(
        &mut file,
        "SELECT id FROM borrower WHERE EXISTS (SELECT 1 FROM loan WHERE borrower_id = borrower.id)
         ORDER BY id LIMIT 1",
    );
    let contact = first_id(&mut file, "SELECT id FROM contact ORDER BY id LIMIT 1");
    let participant = first_id(
        &mut file,
        "SELECT id FROM participant WHERE anonymised_on IS NULL ORDER BY id LIMIT 1",
    );
    let mut checked = 0;
    for person in [
        Person::Borrower(borrower),
        Person::Contact(contact),
        Person::Participant(participant),
    ] {
        let extra: Vec<Person> = file
            .read_sql(|sql| privacy::access_report_candidates_in(sql, person))
            .expect("candidates")
            .into_iter()
            .map(|r| r.person)
            .collect();
        let on_file = file
            .read_sql(|sql| privacy::access_report_in(sql, person, &extra, now()))
            .expect("the report from the file");
        let on_server = server
            .read_sql(|sql| privacy::access_report_in(sql, person, &extra, now()))
            .expect("the report from the server");
        assert_eq!(on_server, on_file, "{person:?}");
        assert_eq!(
            on_file,
            privacy::access_report(&file, person, &extra, now()).expect("the report")
        );
        assert!(on_file.master_data.len() > 1, "{on_file:?}");

        for json in [true, false] {
            let request = kiz::documents::DocumentRequest::AccessReport {
                person,
                extra: extra.clone(),
                json,
            };
            let from_file =
                kiz::documents::render(&file, &request, &context).expect("printed from the file");
            let from_server = server
                .read_sql(|sql| kiz::documents::render_in(sql, &request, &context))
                .expect("printed from the server");
            assert_eq!(from_file.file_name, from_server.file_name);
            if json {
                assert_eq!(from_file.bytes, from_server.bytes, "the JSON is the same");
                continue;
            }
            let (file_text, server_text) = (text(&from_file.bytes), text(&from_server.bytes));
            assert!(file_text.contains(&on_file.name), "{file_text}");
            assert!(
                file_text.contains("Sicherungsplan gelöscht, spätestens nach"),
                "{file_text}"
            );
            assert!(
                server_text.contains("den die IT") && server_text.contains("sichert"),
                "{server_text}"
            );
            let before_backups = |t: &str| {
                t.split("Organisationsverzeichnis:")
                    .next()
                    .map(str::to_owned)
            };
            assert_eq!(before_backups(&server_text), before_backups(&file_text));
        }

        let form = kiz::documents::DocumentRequest::ConsentForm { person };
        let from_file = kiz::documents::render(&file, &form, &context).expect("the form");
        let from_server = server
            .read_sql(|sql| kiz::documents::render_in(sql, &form, &context))
            .expect("the form from the server");
        assert_eq!(from_file.file_name, from_server.file_name);
        assert_eq!(text(&from_file.bytes), text(&from_server.bytes));
        checked += 1;
    }
    assert_eq!(checked, 3);
}

/// The Berichte page's statistics (from what anonymisation keeps) count
/// the same on both engines: loans by month, Mediengruppe, level range and
/// kind of borrower; registrations by workshop, age group, language (a
/// person with two languages once for each, one without under "–") and
/// attendance.
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_statistics_count_the_same_on_both_engines() {
    use kiz::events::{self, ParticipantInput, RegisterOptions};
    let mut file = demo();
    // Someone without a language, and someone with two, at one workshop.
    let workshop = first_id(&mut file, "SELECT id FROM workshop ORDER BY id LIMIT 1");
    let before = file.read_sql(privacy::statistics_in).expect("before");
    for (name, languages) in [
        ("Ohne Sprache", vec![]),
        ("Zwei Sprachen", vec!["ku", "tr"]),
    ] {
        let person = events::create_participant(
            &mut file,
            &ParticipantInput {
                name: name.into(),
                birth_year: Some(2009),
                languages: languages.into_iter().map(String::from).collect(),
                consent: common::consent_given(2026, 11, 1),
                ..ParticipantInput::default()
            },
            now(),
        )
        .expect("a participant");
        events::register(
            &mut file,
            workshop,
            person,
            &RegisterOptions {
                after_closing: true,
            },
            later(1),
        )
        .expect("registered");
    }
    let (mut server, _) = cluster().moved(&file, "kiz_t_privacy_statistics");
    let on_file = file.read_sql(privacy::statistics_in).expect("on the file");
    let on_server = server
        .read_sql(privacy::statistics_in)
        .expect("on the server");
    assert_eq!(on_server, on_file);

    let loans: u32 = on_file.loans.iter().map(|r| r.count).sum();
    assert_eq!(
        i64::from(loans),
        count(&mut file, "SELECT count(*) FROM loan"),
        "every loan once"
    );
    assert!(
        on_file.loans.iter().all(|r| r.group[0].len() == 7),
        "months"
    );
    let languages = count(
        &mut file,
        "SELECT count(*) FROM registration AS r JOIN participant_language AS l
             ON l.participant_id = r.participant_id",
    );
    let without = count(
        &mut file,
        "SELECT count(*) FROM registration AS r WHERE NOT EXISTS
             (SELECT 1 FROM participant_language AS l WHERE l.participant_id = r.participant_id)",
    );
    assert!(without >= 1, "the person without a language");
    let registrations: u32 = on_file.participants.iter().map(|r| r.count).sum();
    assert_eq!(i64::from(registrations), languages + without);
    let title: String = file
        .read_sql(|sql| {
            scalar(
                sql,
                "SELECT title FROM workshop WHERE id = ?1",
                &[workshop.into()],
            )
        })
        .expect("the workshop");
    // At that workshop, by language: the two people add one registration
    // without a language ("–") and one each for "ku" and "tr", nothing else.
    let by_language = |statistics: &privacy::Statistics| {
        let mut counts = std::collections::BTreeMap::<String, u32>::new();
        for row in statistics
            .participants
            .iter()
            .filter(|r| r.group[0] == title)
        {
            *counts.entry(row.group[2].clone()).or_default() += row.count;
        }
        counts
    };
    let mut expected = by_language(&before);
    for language in ["–", "ku", "tr"] {
        *expected.entry(language.to_owned()).or_default() += 1;
    }
    assert_eq!(by_language(&on_server), expected);
}
