//! A file older than schema version 4 gets the directory's search table
//! filled in SQL after the upgrade (`src/db/migrations/fill_directory_search.sql`),
//! not by the directory's code. The words it indexes must be the ones the
//! core indexes for the same organisation, or an old organisation would be
//! found by other words than a new one.

use std::path::Path;

use kiz::organisations::{self, DirectoryQuery, OrganisationInput};
use kiz::Db;

/// An organisation of the old file: name, municipality, description.
const OLD: &[(i64, &str, &str, &str)] = &[
    (
        10,
        "IŞIK Kültür ve Dayanışma Derneği",
        "Sankt Augustin",
        "Treffpunkt an der HAUPTSTRASSE, Großeltern-Café, İstanbul-Abende",
    ),
    (11, "Straßenfest-Initiative ẞ", "Troisdorf", ""),
];

/// Every word of the search table as (organisation, column, position, word).
fn words(path: &Path) -> Vec<(i64, String, i64, String)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, organisation_search, 'instance')",
    )
    .unwrap();
    let mut stmt = conn
        .prepare("SELECT doc, col, offset, term FROM temp.words ORDER BY doc, col, offset")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn an_upgraded_organisation_is_indexed_with_the_words_the_core_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let old_path = dir.path().join("v3.sqlite");
    {
        let conn = rusqlite::Connection::open(&old_path).unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema_v3.sql");
        conn.execute_batch(&std::fs::read_to_string(fixture).unwrap())
            .unwrap();
        for (id, name, municipality, description) in OLD {
            conn.execute(
                "INSERT INTO organisation (id, name, municipality, description, created_at)
                 VALUES (?1, ?2, ?3, ?4, '2019-03-01T10:00:00')",
                rusqlite::params![id, name, municipality, description],
            )
            .unwrap();
        }
    }
    let upgraded = Db::open(&old_path).expect("the v3 file upgrades");

    // The same organisations, entered through the core into a fresh file,
    // in the same order of ids.
    let fresh_path = dir.path().join("fresh.sqlite");
    let mut fresh = Db::open(&fresh_path).unwrap();
    let old_rows: Vec<(i64, String, String, String)> = {
        let conn = rusqlite::Connection::open(&old_path).unwrap();
        let mut stmt = conn
            .prepare("SELECT id, name, municipality, description FROM organisation ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert!(
        old_rows.len() > OLD.len(),
        "the fixture's own organisations and the ones added here"
    );
    let mut fresh_id = std::collections::HashMap::new();
    for (id, name, municipality, description) in &old_rows {
        let created = organisations::create_organisation(
            &mut fresh,
            &OrganisationInput {
                name: name.clone(),
                municipality: municipality.clone(),
                notes: description.clone(),
                ..OrganisationInput::default()
            },
            chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        )
        .unwrap();
        fresh_id.insert(created.id, *id);
    }
    drop(fresh);
    let from_core: Vec<(i64, String, i64, String)> = words(&fresh_path)
        .into_iter()
        .map(|(doc, col, offset, term)| (fresh_id[&doc], col, offset, term))
        .collect();
    let from_sql = words(&old_path);
    assert_eq!(
        from_sql, from_core,
        "the SQL fill indexes the words, columns and positions the core does"
    );

    for (typed, expected) in [
        ("isik", "IŞIK Kültür ve Dayanışma Derneği"),
        ("dayanisma dernegi", "IŞIK Kültür ve Dayanışma Derneği"),
        ("istanbul", "IŞIK Kültür ve Dayanışma Derneği"),
        ("hauptstrasse", "IŞIK Kültür ve Dayanışma Derneği"),
        ("grosseltern", "IŞIK Kültür ve Dayanışma Derneği"),
        ("strassenfest", "Straßenfest-Initiative ẞ"),
        ("sahin", "Türkisch-Deutscher Elternverein Şahin"),
    ] {
        let found: Vec<String> = organisations::search_organisations(
            &upgraded,
            &DirectoryQuery {
                text: typed.into(),
                include_archived: true,
                ..Default::default()
            },
        )
        .unwrap()
        .rows
        .into_iter()
        .map(|o| o.name)
        .collect();
        assert_eq!(
            found,
            [expected],
            "typing {typed:?} finds the old organisation"
        );
    }
}
