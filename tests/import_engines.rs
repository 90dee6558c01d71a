//! The import on both engines: the same sheets imported into the demo
//! data in the file and on a server database the same file was moved
//! onto give the same report row by row and leave both holding the same
//! (compared through the full export); the dry run, an "all or nothing"
//! import with a refused row and a cancelled import store nothing on
//! either; a row that stored something and was then refused is rolled
//! back on both; a saved mapping is found again on both. The rules are written
//! once above `kiz::db::engine`.

mod common;
mod test_cluster;

use common::{consent_given, now, sheets, test_db, Sheets};
use kiz::catalogue::{CatalogueStore, MediaQuery};
use kiz::db::engine::{value, Engine};
use kiz::export;
use kiz::import::{self, Options, Sheet, Target};
use kiz::{Db, Error};
use test_cluster::cluster;

fn demo() -> Db {
    let mut db = test_db();
    kiz::demo::load(&mut db, now()).expect("the demo loads");
    db
}

/// Everything the store holds, as the full export writes it.
fn everything(store: &mut impl Engine) -> Sheets {
    sheets(
        &store
            .read_sql(export::workbook_in)
            .expect("the full export"),
    )
}

fn sheet(text: &str) -> Sheet {
    import::read(text.as_bytes()).expect("a sheet").remove(0)
}

/// The messy inventory of issue 17, as the window imports it.
fn inventory() -> Sheet {
    import::read(include_bytes!("fixtures/Inventar-Mediathek.csv"))
        .expect("the fixture reads")
        .remove(0)
}

fn guessed(target: Target, sheet: &Sheet) -> Options {
    Options {
        target,
        mapping: import::guess(target, &sheet.headers)
            .into_iter()
            .map(|f| f.map(str::to_owned))
            .collect(),
        ..Options::default()
    }
}

fn media_options(store: &mut impl Engine, sheet: &Sheet) -> Options {
    let kind: Option<i64> = store
        .read_sql(|sql| value(sql, "SELECT id FROM media_kind WHERE code = 'buch'", &[]))
        .expect("read");
    Options {
        media_kind_id: kind,
        valid_rows_only: true,
        ..guessed(Target::Media, sheet)
    }
}

fn borrowers() -> Sheet {
    sheet(
        "Vorname;Nachname;E-Mail;Ausweis-Nr.;Art;Ort\n\
         Ayşe;Yılmaz;;;hauptamtlich;Siegburg\n\
         Олег;Петров;oleg@example.org;A-77;ehrenamtlich;\n\
         Fatima;Al-Hassan;keine-adresse;;;\n\
         Jean;Dupont;jean@example.org;;Ehrenamt;Bonn\n\
         Jean;Dupont;;;;\n",
    )
}

fn organisations() -> Sheet {
    sheet(
        "Verein;Ort;Sprachen;Ansprechperson;Angebote;E-Mail\n\
         Kurdischer Kulturverein Lohmar;Lohmar;Kurdisch, Deutsch;Rojda Aydin;Sprachkurs Kurdisch, Hausaufgabenhilfe;info@kkv.example\n\
         Kurdischer Kulturverien Lohmar;Lohmar;;;;\n\
         Association Franco-Allemande;Köln;Französisch;;;\n",
    )
}

fn participants() -> Sheet {
    sheet(
        "Name;Geburtsjahr;Schule\n\
         Zeynep Kaya;2008;Gesamtschule Siegburg\n\
         محمد حداد;2007;Berufskolleg\n\
         Zeynep Kaya;2008;\n",
    )
}

/// Imports that store: media (the refused rows left out), borrowers,
/// organisations with contact and offerings, participants registered for
/// the demo fair's first workshop, and a saved mapping. Returns each
/// report as it reads.
fn imports(store: &mut impl Engine) -> Vec<String> {
    let mut told = Vec::new();
    let all = &mut |_: usize, _: usize| true;

    let inventory = inventory();
    let options = media_options(store, &inventory);
    let media = import::import(store, &inventory, &options, now(), all).expect("media");
    assert!(
        media.stored && media.created > 0 && media.refused == 2,
        "{media:?}"
    );
    told.push(format!("{media:?}"));

    let borrowers = borrowers();
    let options = guessed(Target::Borrowers, &borrowers);
    let options = Options {
        valid_rows_only: true,
        ..options
    };
    let report = import::import(store, &borrowers, &options, now(), all).expect("borrowers");
    assert!(
        report.stored && report.refused == 1 && report.skipped == 1,
        "{report:?}"
    );
    told.push(format!("{report:?}"));

    let organisations = organisations();
    let options = Options {
        valid_rows_only: true,
        ..guessed(Target::Organisations, &organisations)
    };
    let report = import::import(store, &organisations, &options, now(), all).expect("orgs");
    assert!(report.stored && report.created == 1, "{report:?}");
    told.push(format!("{report:?}"));

    let participants = participants();
    let workshop: Option<i64> = store
        .read_sql(|sql| value(sql, "SELECT min(id) FROM workshop", &[]))
        .expect("read");
    let options = Options {
        workshop_id: workshop,
        consent: consent_given(2026, 11, 1),
        ..guessed(Target::Participants, &participants)
    };
    let report = import::import(store, &participants, &options, now(), all).expect("people");
    assert!(report.stored && report.created == 2, "{report:?}");
    told.push(format!("{report:?}"));

    let headers = inventory.headers.clone();
    let mapping = media_options(store, &inventory).mapping;
    import::save_mapping(store, Target::Media, &headers, &mapping).expect("saved");
    let found = store
        .read_sql(|sql| {
            Ok((
                import::saved_mapping(sql, Target::Media, &headers)?,
                import::saved_mapping(sql, Target::Borrowers, &headers)?,
            ))
        })
        .expect("read");
    assert!(found.0.is_some() && found.1.is_none(), "{found:?}");
    told.push(format!("{found:?}"));
    told
}

/// Runs that store nothing: the dry run of a new sheet, an import of "all
/// or nothing" with a refused row, and an import cancelled half way. Each
/// leaves the store as it was. Returns what each answered.
fn runs_that_store_nothing(store: &mut impl Engine) -> Vec<String> {
    let mut told = Vec::new();
    let before = everything(store);
    let new_media = sheet(
        "Titel;Inventar-Nr.;ISBN\n\
         Menschen A1;N-1;\n\
         Berliner Platz 2;N-2;978-3-19-301081-9\n\
         Ich und du;N-3;\n",
    );
    let options = media_options(store, &new_media);
    let dry = import::check(store, &new_media, &options, now()).expect("checked");
    assert!(
        !dry.stored && dry.created == 2 && dry.refused == 1,
        "{dry:?}"
    );
    told.push(format!("{dry:?}"));
    assert_eq!(everything(store), before, "the dry run stores nothing");

    let all_or_nothing = Options {
        valid_rows_only: false,
        ..options.clone()
    };
    let report = import::import(store, &new_media, &all_or_nothing, now(), &mut |_, _| true)
        .expect("answered");
    assert!(!report.stored && report.refused == 1, "{report:?}");
    told.push(format!("{report:?}"));
    assert_eq!(everything(store), before, "all or nothing stored nothing");

    let cancelled = import::import(store, &new_media, &options, now(), &mut |done, _| done < 2);
    assert!(
        matches!(cancelled, Err(Error::ImportCancelled)),
        "{cancelled:?}"
    );
    assert_eq!(
        everything(store),
        before,
        "a cancelled import stores nothing"
    );
    told
}

/// A row that stored its organisation and then had its offering refused
/// (longer than any form takes) is rolled back to its savepoint: the
/// organisation is gone, and the next row of almost the same name is a new
/// organisation, not a duplicate of one that is not there. Returns the
/// report and the names of the organisations afterwards (compared by name:
/// PostgreSQL's sequences do not go back with the row, so the ids that
/// follow differ from the file's).
fn a_row_that_wrote_and_was_refused(store: &mut impl Engine) -> (String, Vec<String>) {
    let long = "x".repeat(400);
    let troisdorf = sheet(&format!(
        "Verein;Angebote\nKulturverein Troisdorf;{long}\nKulturverein Troisdorff;Sprachkurs\n"
    ));
    let options = Options {
        target: Target::Organisations,
        mapping: vec![Some("name".into()), Some("offerings".into())],
        valid_rows_only: true,
        ..Options::default()
    };
    let report =
        import::import(store, &troisdorf, &options, now(), &mut |_, _| true).expect("answered");
    assert!(
        report.stored && report.refused == 1 && report.created == 1,
        "{report:?}"
    );
    assert_eq!(report.rows[1].duplicate, None, "{report:?}");
    let names: Vec<String> = store
        .read_sql(|sql| {
            sql.rows(
                "SELECT name FROM organisation WHERE name LIKE 'Kulturverein Troisdorf%'",
                &[],
            )?
            .iter()
            .map(|row| row.get(0))
            .collect()
        })
        .expect("read");
    assert_eq!(names, ["Kulturverein Troisdorff"]);
    (format!("{report:?}"), names)
}

#[test]
fn the_import_goes_the_same_on_the_file() {
    let mut file = demo();
    assert_eq!(imports(&mut file).len(), 5);
    assert_eq!(runs_that_store_nothing(&mut file).len(), 2);
    a_row_that_wrote_and_was_refused(&mut file);
}

/// The same imports on the server: every report the same, and both then
/// hold the same; the search of the server finds the imported media.
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_import_goes_the_same_on_the_server() {
    let mut file = demo();
    let (mut server, _) = cluster().moved(&file, "kiz_t_import_engines");
    let on_file = imports(&mut file);
    let on_server = imports(&mut server);
    assert_eq!(on_server, on_file);
    let held = everything(&mut file);
    assert_eq!(everything(&mut server), held, "both hold the same");
    for text in ["linie", "schritte plus"] {
        let query = MediaQuery {
            text: text.into(),
            ..MediaQuery::default()
        };
        let page = server.search_media(&query).expect("searched");
        assert!(page.total > 0, "{text}");
        assert_eq!(page, file.search_media(&query).expect("searched"), "{text}");
    }
    assert_eq!(
        runs_that_store_nothing(&mut server),
        runs_that_store_nothing(&mut file)
    );
    assert_eq!(everything(&mut server), held, "still the same");
    assert_eq!(
        a_row_that_wrote_and_was_refused(&mut server),
        a_row_that_wrote_and_was_refused(&mut file)
    );
}
