//! The dry run and the import: every row goes through the same rules as a
//! form, duplicates are found in the database and in the file, and nothing
//! is stored by a dry run, a cancelled import or an "all or nothing" import
//! with a refused row.

mod common;
#[macro_use]
mod test_cluster;

use common::{consent_given, fair_with_three_workshops, media_kind_on, now};
use kiz::catalogue::{self, MediaQuery};
use kiz::db::engine::Engine;
use kiz::events;
use kiz::import::{self, Action, OnDuplicate, Options, Report, Sheet, Target};
use kiz::organisations;
use kiz::people;
use test_cluster::TestStore;

/// The messy inventory of issue 17 (`tests/fixtures/Inventar-Mediathek.csv`,
/// also imported through the window by the end-to-end test) in
/// Windows-1252 with semicolons: a title
/// block, an empty line, a duplicate row, a date as `1.2.2024` and one as
/// an Excel serial number, an invalid ISBN, a second copy by ISBN.
fn messy_inventory() -> Sheet {
    let bytes = include_bytes!("fixtures/Inventar-Mediathek.csv");
    assert!(
        bytes.windows(2).any(|w| w == [b';', 0xC7]),
        "the file is Windows-1252: Ç is the one byte C7"
    );
    import::read(bytes).unwrap().remove(0)
}

fn media_options(db: &mut TestStore, sheet: &Sheet) -> Options {
    Options {
        target: Target::Media,
        mapping: import::guess(Target::Media, &sheet.headers)
            .into_iter()
            .map(|f| f.map(str::to_owned))
            .collect(),
        media_kind_id: Some(media_kind_on(db, "buch")),
        ..Options::default()
    }
}

/// Per row: number, action, copy of which row, duplicate of which row,
/// problem code and column.
type Line = (
    usize,
    Action,
    Option<usize>,
    Option<usize>,
    Option<&'static str>,
    Option<String>,
);

fn lines(report: &Report) -> Vec<Line> {
    report
        .rows
        .iter()
        .map(|r| {
            (
                r.row,
                r.action,
                r.copy_of_row,
                r.duplicate.as_ref().and_then(|d| d.row),
                r.problem.as_ref().map(|p| p.code),
                r.problem.as_ref().and_then(|p| p.column.clone()),
            )
        })
        .collect()
}

fn titles_found(db: &mut TestStore, text: &str) -> Vec<String> {
    kiz::catalogue::CatalogueStore::search_media(
        db,
        &MediaQuery {
            text: text.into(),
            limit: 50,
            ..MediaQuery::default()
        },
    )
    .unwrap()
    .rows
    .into_iter()
    .map(|r| r.title)
    .collect()
}

fn the_dry_run_names_every_row_and_stores_nothing(db: &mut TestStore) {
    let sheet = messy_inventory();
    let options = media_options(db, &sheet);
    let report = import::check(db, &sheet, &options, now()).unwrap();
    let s = |t: &str| Some(t.to_owned());
    assert_eq!(
        lines(&report),
        vec![
            (3, Action::Create, None, None, None, None),
            // Same ISBN, new Inventarnummer: a second copy of row 3.
            (5, Action::Create, Some(3), None, None, None),
            (6, Action::Create, None, None, None, None),
            // The same Inventarnummer again: a duplicate of row 6.
            (7, Action::Skip, None, Some(6), None, None),
            (
                8,
                Action::Refuse,
                None,
                None,
                Some("invalid_isbn"),
                s("ISBN")
            ),
            (
                9,
                Action::Refuse,
                None,
                None,
                Some("import_unreadable"),
                s("Anschaffung")
            ),
        ]
    );
    assert_eq!(
        (
            report.created,
            report.skipped,
            report.refused,
            report.stored
        ),
        (3, 1, 2, false)
    );
    // The preview shows the values as they will be stored.
    let first = &report.rows[0].values;
    let value = |key: &str| first.iter().find(|(k, _)| *k == key).unwrap().1.clone();
    assert_eq!(value("isbn"), "9783193010810");
    assert_eq!(value("languages"), "Deutsch, Arabisch");
    assert_eq!(value("acquired_on"), "01.02.2024");
    assert_eq!(value("levels"), "A1");
    let date_problem = report.rows[5].problem.as_ref().unwrap();
    assert_eq!(date_problem.field, Some("acquired_on"));
    assert_eq!(
        date_problem.params.get("value"),
        Some(&kiz::error::Param::Text("31.02.2024".into()))
    );
    for table in ["medium", "copy"] {
        assert_eq!(db.count(table), 0, "{table}");
    }
}
on_both_engines!(the_dry_run_names_every_row_and_stores_nothing);

fn valid_rows_only_stores_the_rest_and_the_media_are_found(db: &mut TestStore) {
    let sheet = messy_inventory();
    let options = media_options(db, &sheet);
    let mut seen = Vec::new();
    let report = import::import(db, &sheet, &options, now(), &mut |done, total| {
        seen.push((done, total));
        true
    })
    .unwrap();
    assert!(report.stored);
    assert_eq!((report.created, report.refused), (3, 2));
    assert_eq!(seen.first(), Some(&(0, 6)));
    assert_eq!(seen.last(), Some(&(6, 6)));
    assert_eq!(db.count("medium"), 2);
    assert_eq!(db.count("copy"), 3);
    assert_eq!(titles_found(db, "schritte"), ["Schritte plus Neu 1"]);
    let copies = db
        .read(|s| catalogue::copy_by_barcode_in(s, "M-2"))
        .unwrap();
    assert_eq!(copies.acquired_on, Some(common::day(2024, 2, 1)));
    let linie = db
        .read(|s| catalogue::medium_in(s, catalogue::copy_by_barcode_in(s, "M-3")?.medium_id))
        .unwrap();
    assert_eq!(linie.target_language.as_deref(), Some("de"));
    assert_eq!(linie.support_languages, ["tr"]);
    assert_eq!(
        (linie.level_from, linie.level_to),
        (
            Some(kiz::catalogue::Level::A2),
            Some(kiz::catalogue::Level::B1)
        )
    );
}
on_both_engines!(valid_rows_only_stores_the_rest_and_the_media_are_found);

fn titles_in_every_script_from_a_utf8_file_with_bom_are_found_after_import(db: &mut TestStore) {
    let text = "\u{feff}Titel,Sprache,Inventar-Nr.\n\
                Русские сказки,Russisch,R-1\n\
                \"قصص للأطفال, الجزء ١\",ar,R-2\n\
                Kurmancî bi wêne,Kurdî,R-3\n";
    let sheet = import::read(text.as_bytes()).unwrap().remove(0);
    let options = media_options(db, &sheet);
    let report = import::import(db, &sheet, &options, now(), &mut |_, _| true).unwrap();
    assert_eq!(
        (report.created, report.refused),
        (3, 0),
        "{:?}",
        report.rows
    );
    assert_eq!(titles_found(db, "сказки"), ["Русские сказки"]);
    assert_eq!(titles_found(db, "للأطفال"), ["قصص للأطفال, الجزء ١"]);
    assert_eq!(titles_found(db, "kurmanci"), ["Kurmancî bi wêne"]);
}
on_both_engines!(titles_in_every_script_from_a_utf8_file_with_bom_are_found_after_import);

fn all_or_nothing_with_a_refused_row_stores_nothing(db: &mut TestStore) {
    let sheet = messy_inventory();
    let options = Options {
        valid_rows_only: false,
        ..media_options(db, &sheet)
    };
    let report = import::import(db, &sheet, &options, now(), &mut |_, _| true).unwrap();
    assert!(!report.stored);
    assert_eq!(report.refused, 2);
    assert_eq!(db.count("medium"), 0);
}
on_both_engines!(all_or_nothing_with_a_refused_row_stores_nothing);

fn a_cancelled_import_stores_nothing(db: &mut TestStore) {
    let sheet = messy_inventory();
    let options = media_options(db, &sheet);
    let error = import::import(db, &sheet, &options, now(), &mut |done, _| done < 3).unwrap_err();
    assert_eq!(error.code(), "import_cancelled");
    assert_eq!(db.count("medium"), 0);
    assert_eq!(db.count("copy"), 0);
}
on_both_engines!(a_cancelled_import_stores_nothing);

fn duplicates_in_the_database_are_skipped_or_updated_as_staff_choose(db: &mut TestStore) {
    let first = import::read(
        "Titel;ISBN;Inventar-Nr.;Verlag\nSchritte plus Neu 1;9783193010810;M-1;Hueber\n".as_bytes(),
    )
    .unwrap()
    .remove(0);
    let options = media_options(db, &first);
    import::import(db, &first, &options, now(), &mut |_, _| true).unwrap();
    // The same ISBN without an Inventarnummer: the medium again, a
    // duplicate; skipped, nothing changes.
    let no_number = import::read(
        "Titel;ISBN;Verlag\nSchritte plus Neu 1 (neu);9783193010810;Hueber Verlag\n".as_bytes(),
    )
    .unwrap()
    .remove(0);
    let skip_options = media_options(db, &no_number);
    let skip = import::import(db, &no_number, &skip_options, now(), &mut |_, _| true).unwrap();
    assert_eq!(skip.rows[0].action, Action::Skip);
    let duplicate = skip.rows[0].duplicate.as_ref().unwrap();
    assert_eq!(
        (duplicate.row, duplicate.by, duplicate.label.as_str()),
        (None, "isbn", "Schritte plus Neu 1")
    );
    assert_eq!(db.count("copy"), 1);
    // With a new Inventarnummer it is a further copy of the stored medium,
    // added also when duplicates are skipped; the medium stays as it was.
    let again = import::read(
        "Titel;ISBN;Inventar-Nr.;Verlag\nSchritte plus Neu 1 (neu);9783193010810;M-9;Hueber Verlag\n"
            .as_bytes(),
    )
    .unwrap()
    .remove(0);
    let copy = import::import(db, &again, &options, now(), &mut |_, _| true).unwrap();
    assert_eq!(copy.rows[0].action, Action::Create);
    assert_eq!(
        copy.rows[0].copy_of_stored.as_deref(),
        Some("Schritte plus Neu 1")
    );
    assert_eq!(db.count("copy"), 2);
    // Once more with "update": M-9 is known now, so the row is a duplicate
    // by Inventarnummer and its cells are written over the medium.
    let update = Options {
        on_duplicate: OnDuplicate::Update,
        ..options
    };
    let updated = import::import(db, &again, &update, now(), &mut |_, _| true).unwrap();
    assert_eq!(updated.rows[0].action, Action::Update);
    assert_eq!(updated.rows[0].duplicate.as_ref().unwrap().by, "barcode");
    assert_eq!(db.count("medium"), 1);
    let medium = db
        .read(|s| catalogue::medium_in(s, catalogue::copy_by_barcode_in(s, "M-9")?.medium_id))
        .unwrap();
    assert_eq!(medium.title, "Schritte plus Neu 1 (neu)");
    assert_eq!(medium.publisher, "Hueber Verlag");
    assert_eq!(medium.copies.len(), 2, "no copy is added twice");
}
on_both_engines!(duplicates_in_the_database_are_skipped_or_updated_as_staff_choose);

fn a_refused_row_leaves_no_trace_for_the_rows_after_it(db: &mut TestStore) {
    // The organisation of row 2 is stored, then its offering is refused
    // (a title longer than any form takes): the row is rolled back, and
    // row 3, of almost the same name, is a new organisation, not a
    // duplicate of something that is not there.
    let long = "x".repeat(400);
    let text = format!(
        "Verein;Angebote\nKulturverein Troisdorf;{long}\nKulturverein Troisdorff;Sprachkurs\n"
    );
    let sheet = import::read(text.as_bytes()).unwrap().remove(0);
    let options = Options {
        target: Target::Organisations,
        mapping: vec![Some("name".into()), Some("offerings".into())],
        ..Options::default()
    };
    let report = import::import(db, &sheet, &options, now(), &mut |_, _| true).unwrap();
    assert_eq!(report.rows[0].action, Action::Refuse);
    assert_eq!(report.rows[0].problem.as_ref().unwrap().code, "too_long");
    assert_eq!(report.rows[1].action, Action::Create);
    assert_eq!(report.rows[1].duplicate, None);
    let names: Vec<String> = db
        .read(|s| organisations::list_in(s))
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(names, ["Kulturverein Troisdorff"]);
}
on_both_engines!(a_refused_row_leaves_no_trace_for_the_rows_after_it);

fn names_that_differ_in_a_number_or_a_card_are_different_records(db: &mut TestStore) {
    let sheet = import::read("Verein\nKita Bonn 1\nKita Bonn 12\n".as_bytes())
        .unwrap()
        .remove(0);
    let options = Options {
        target: Target::Organisations,
        mapping: vec![Some("name".into())],
        ..Options::default()
    };
    let report = import::import(db, &sheet, &options, now(), &mut |_, _| true).unwrap();
    assert_eq!((report.created, report.skipped), (2, 0));
    let sheet = import::read(
        "Name;Ausweis-Nr.\nMaria Schmidt;A-1\nMaria Schmidt;A-2\nMaria Schmidt;\n".as_bytes(),
    )
    .unwrap()
    .remove(0);
    let options = Options {
        target: Target::Borrowers,
        mapping: vec![Some("name".into()), Some("card_number".into())],
        ..Options::default()
    };
    let report = import::import(db, &sheet, &options, now(), &mut |_, _| true).unwrap();
    let actions: Vec<_> = report.rows.iter().map(|r| r.action).collect();
    // Two cards, two people; a row without a card is the one of that name.
    assert_eq!(actions, [Action::Create, Action::Create, Action::Skip]);
}
on_both_engines!(names_that_differ_in_a_number_or_a_card_are_different_records);

fn a_missing_title_column_refuses_the_whole_file(db: &mut TestStore) {
    let sheet = import::read("Verlag;ISBN\nHueber;9783193010810\n".as_bytes())
        .unwrap()
        .remove(0);
    let options = media_options(db, &sheet);
    let error = import::check(db, &sheet, &options, now()).unwrap_err();
    assert_eq!(
        (error.code(), error.field()),
        ("import_column_missing", Some("title"))
    );
}
on_both_engines!(a_missing_title_column_refuses_the_whole_file);

fn borrowers_are_matched_by_card_number_and_by_name(db: &mut TestStore) {
    people::create_borrower(
        db,
        &people::BorrowerInput {
            name: "Ayşe Yılmaz".into(),
            card_number: "A-1".into(),
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    let sheet = import::read(
        "Vorname;Nachname;E-Mail;Ausweis-Nr.;Art;Ort\n\
         Ayse;Yilmaz;;;hauptamtlich;Siegburg\n\
         Олег;Петров;oleg@example.org;A-1;ehrenamtlich;\n\
         Fatima;Al-Hassan;keine-adresse;;;\n\
         Jean;Dupont;jean@example.org;;Ehrenamt;Bonn\n"
            .as_bytes(),
    )
    .unwrap()
    .remove(0);
    let options = Options {
        target: Target::Borrowers,
        mapping: import::guess(Target::Borrowers, &sheet.headers)
            .into_iter()
            .map(|f| f.map(str::to_owned))
            .collect(),
        ..Options::default()
    };
    let report = import::import(db, &sheet, &options, now(), &mut |_, _| true).unwrap();
    let by: Vec<_> = report
        .rows
        .iter()
        .map(|r| (r.action, r.duplicate.as_ref().map(|d| d.by)))
        .collect();
    assert_eq!(
        by,
        [
            (Action::Skip, Some("name")),
            (Action::Skip, Some("card_number")),
            (Action::Refuse, None),
            (Action::Create, None),
        ]
    );
    let problem = report.rows[2].problem.as_ref().unwrap();
    assert_eq!(
        (problem.code, problem.column.as_deref()),
        ("invalid_email", Some("E-Mail"))
    );
    let (_, jean) = db
        .read(|s| people::search_borrowers_in(s, "Dupont", 10, 0))
        .unwrap();
    assert_eq!(jean.len(), 1);
    assert_eq!(jean[0].kind, people::BorrowerKind::Ehrenamtlich);
    assert_eq!(jean[0].note, "Ort: Bonn");
}
on_both_engines!(borrowers_are_matched_by_card_number_and_by_name);

fn organisations_with_small_spelling_differences_are_one_and_get_contact_and_offerings(
    db: &mut TestStore,
) {
    let sheet = import::read(
        "Verein;Ort;Sprachen;Ansprechperson;Angebote;E-Mail\n\
         Kurdischer Kulturverein Siegburg;Siegbrug;Kurdisch, Deutsch;Rojda Aydin;Sprachkurs Kurdisch, Hausaufgabenhilfe;info@kkv.example\n\
         Kurdischer Kulturverien Siegburg;Siegburg;;;;\n\
         Association Franco-Allemande;Köln;Französisch;;;\n"
            .as_bytes(),
    )
    .unwrap()
    .remove(0);
    let options = Options {
        target: Target::Organisations,
        mapping: import::guess(Target::Organisations, &sheet.headers)
            .into_iter()
            .map(|f| f.map(str::to_owned))
            .collect(),
        ..Options::default()
    };
    let report = import::import(db, &sheet, &options, now(), &mut |_, _| true).unwrap();
    assert_eq!(report.rows[0].action, Action::Create);
    assert_eq!(report.rows[1].action, Action::Skip);
    assert_eq!(report.rows[1].duplicate.as_ref().unwrap().row, Some(2));
    let problem = report.rows[2].problem.as_ref().unwrap();
    assert_eq!(
        (problem.code, problem.column.as_deref()),
        ("import_unreadable", Some("Ort"))
    );
    let list = db.read(|s| organisations::list_in(s)).unwrap();
    assert_eq!(list.len(), 1);
    let org = db
        .read(|s| organisations::organisation_in(s, list[0].id))
        .unwrap();
    assert_eq!(org.municipality, "Siegburg");
    assert_eq!(org.languages, ["de", "ku"]);
    let contacts = db
        .read(|s| organisations::contacts_of_in(s, org.id))
        .unwrap();
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].1.name, "Rojda Aydin");
    assert_eq!(contacts[0].0.role, "Ansprechperson");
    assert_eq!(db.count("offering"), 2);
}
on_both_engines!(
    organisations_with_small_spelling_differences_are_one_and_get_contact_and_offerings
);

fn participants_are_registered_with_the_consent_staff_hold_and_known_people_matched(
    db: &mut TestStore,
) {
    let (_, workshops) = fair_with_three_workshops(db);
    let sheet = import::read(
        "Name;Geburtsjahr;Schule\n\
         Zeynep Kaya;2008;Gesamtschule Siegburg\n\
         Mohammed Haddad;2007;Berufskolleg\n\
         Zeynep Kaya;2008;\n"
            .as_bytes(),
    )
    .unwrap()
    .remove(0);
    let mut options = Options {
        target: Target::Participants,
        mapping: import::guess(Target::Participants, &sheet.headers)
            .into_iter()
            .map(|f| f.map(str::to_owned))
            .collect(),
        workshop_id: Some(workshops[0]),
        ..Options::default()
    };
    let without = import::check(db, &sheet, &options, now()).unwrap();
    assert_eq!(
        without.rows[0].problem.as_ref().map(|p| p.code),
        Some("consent_required")
    );
    options.consent = consent_given(2026, 11, 1);
    let report = import::import(db, &sheet, &options, now(), &mut |_, _| true).unwrap();
    let actions: Vec<_> = report.rows.iter().map(|r| r.action).collect();
    assert_eq!(actions, [Action::Create, Action::Create, Action::Skip]);
    assert_eq!(report.rows[2].duplicate.as_ref().unwrap().row, Some(2));
    let list = db
        .read(|s| events::registrations_in(s, workshops[0]))
        .unwrap();
    let states: Vec<_> = list
        .iter()
        .map(|r| (r.participant_name.as_str(), r.status))
        .collect();
    // One seat and a waitlist: the second person waits.
    assert_eq!(
        states,
        [
            ("Zeynep Kaya", events::RegistrationStatus::Angemeldet),
            ("Mohammed Haddad", events::RegistrationStatus::Warteliste),
        ]
    );
}
on_both_engines!(participants_are_registered_with_the_consent_staff_hold_and_known_people_matched);

fn a_person_known_from_an_earlier_workshop_is_registered_not_stored_again(db: &mut TestStore) {
    let (_, workshops) = fair_with_three_workshops(db);
    let known = common::person(db, "Zeynep Kaya", &["tr"]);
    events::update_participant(
        db,
        known,
        &events::ParticipantInput {
            name: "Zeynep Kaya".into(),
            birth_year: Some(2008),
            consent: consent_given(2026, 11, 1),
            ..events::ParticipantInput::default()
        },
        now(),
        "BUERO-2",
    )
    .unwrap();
    let sheet = import::read("Name;Geburtsjahr\nZeynep Kaya;2008\n".as_bytes())
        .unwrap()
        .remove(0);
    let options = Options {
        target: Target::Participants,
        mapping: vec![Some("name".into()), Some("birth_year".into())],
        workshop_id: Some(workshops[2]),
        consent: consent_given(2026, 11, 1),
        ..Options::default()
    };
    // "Skip" is the default: the person is not stored again, but registered.
    let report = import::import(db, &sheet, &options, now(), &mut |_, _| true).unwrap();
    assert_eq!(report.rows[0].action, Action::Update);
    assert_eq!(report.rows[0].duplicate.as_ref().unwrap().row, None);
    assert_eq!(db.count("participant"), 1);
    let list = db
        .read(|s| events::registrations_in(s, workshops[2]))
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].participant_id, known);
    // The same list again: already registered, left out.
    let again = import::import(db, &sheet, &options, now(), &mut |_, _| true).unwrap();
    assert_eq!(again.rows[0].action, Action::Skip);
}
on_both_engines!(a_person_known_from_an_earlier_workshop_is_registered_not_stored_again);

/// The mapping saved for `headers`, read as the window reads it.
fn saved(
    db: &mut TestStore,
    target: Target,
    headers: &[String],
) -> kiz::Result<Option<Vec<Option<String>>>> {
    db.read_sql(|sql| import::saved_mapping(sql, target, headers))
}

fn a_saved_mapping_is_found_again_for_a_file_of_the_same_shape(db: &mut TestStore) {
    let headers = vec![
        "Titel".to_owned(),
        "Inventar-Nr.".to_owned(),
        "Notiz".to_owned(),
    ];
    let mapping = vec![Some("title".to_owned()), Some("barcode".to_owned()), None];
    assert_eq!(saved(db, Target::Media, &headers).unwrap(), None);
    import::save_mapping(db, Target::Media, &headers, &mapping).unwrap();
    let same_shape = vec![
        "titel".to_owned(),
        "Inventar Nr".to_owned(),
        "NOTIZ".to_owned(),
    ];
    assert_eq!(
        saved(db, Target::Media, &same_shape).unwrap(),
        Some(mapping.clone())
    );
    assert_eq!(saved(db, Target::Borrowers, &headers).unwrap(), None);
    let other = vec!["Titel".to_owned()];
    assert_eq!(saved(db, Target::Media, &other).unwrap(), None);
}
on_both_engines!(a_saved_mapping_is_found_again_for_a_file_of_the_same_shape);

fn the_report_prints_and_saves_what_the_window_showed(db: &mut TestStore) {
    let shown = kiz::documents::ShownTable {
        title: "Bericht des Imports: Inventar-Mediathek.csv".into(),
        lead: "3 neu, 0 aktualisiert, 1 übersprungen, 2 abgelehnt.".into(),
        columns: vec![
            "Zeile".into(),
            "Aktion".into(),
            "Eintrag".into(),
            "Hinweis".into(),
        ],
        rows: vec![
            vec![
                "3".into(),
                "neu".into(),
                "Schritte plus Neu 1".into(),
                String::new(),
            ],
            vec![
                "5".into(),
                "neu".into(),
                "قصص للأطفال".into(),
                "weiteres Exemplar zu Zeile 3".into(),
            ],
            vec![
                "9".into(),
                "abgelehnt".into(),
                "Çiçek und Straße".into(),
                "Zeile 9, Spalte „Anschaffung“: „31.02.2024“ ist kein Datum.".into(),
            ],
        ],
    };
    let context = common::printing_at(now());
    let pdf = kiz::documents::render_on(
        &mut db.store(),
        &kiz::documents::DocumentRequest::ImportReport {
            shown: shown.clone(),
            format: kiz::documents::ExportFormat::Pdf,
        },
        &context,
    )
    .unwrap();
    assert_eq!(pdf.file_name, "Importbericht_2026-11-12.pdf");
    let text = common::letters(&common::poppler("pdftotext", &[], &pdf.bytes));
    for expected in [
        "Bericht des Imports: Inventar-Mediathek.csv",
        "Schritte plus Neu 1",
        "قصص للأطفال",
        "Çiçek und Straße",
        "Zeile 9, Spalte „Anschaffung“",
    ] {
        assert!(
            text.contains(&common::letters(expected)),
            "{expected} in {text}"
        );
    }
    let sheet = kiz::documents::render_on(
        &mut db.store(),
        &kiz::documents::DocumentRequest::ImportReport {
            shown,
            format: kiz::documents::ExportFormat::Xlsx,
        },
        &context,
    )
    .unwrap();
    assert_eq!(sheet.file_name, "Importbericht_2026-11-12.xlsx");
    use calamine::Reader;
    let mut workbook =
        calamine::Xlsx::new(std::io::Cursor::new(sheet.bytes)).expect("an XLSX workbook");
    let range = workbook.worksheet_range("Importbericht").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(rows[0], ["Zeile", "Aktion", "Eintrag", "Hinweis"]);
    assert_eq!(rows[2][2], "قصص للأطفال");
    assert_eq!(
        range.get((1, 0)),
        Some(&calamine::Data::Float(3.0)),
        "row numbers are numbers"
    );
}
on_both_engines!(
    the_report_prints_and_saves_what_the_window_showed,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);
