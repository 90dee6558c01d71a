//! The catalogue search on both engines (`kiz::catalogue::CatalogueStore`):
//! the same data, moved from a file onto the server, gives the same list
//! for the same query on the file (FTS5) and on the server (PostgreSQL's
//! text search on the same words) — the same media, in the same order,
//! with the same counts. The expectations of what staff type are written
//! once and checked on each engine.
//!
//! Needs the PostgreSQL test server of `cargo xtask test` (see
//! `tests/server.rs`); under Wine, where TLS to it does not complete, the
//! tests are ignored.

mod common;
mod test_cluster;

use kiz::catalogue::{
    add_copy, create_medium, media_kinds, Audience, CatalogueStore, CopyInput, Level, MediaQuery,
    MediumInput, SORTED_HITS,
};
use kiz::db::engine::Engine;
use kiz::db::server::{transfer, Server};
use kiz::Db;
use test_cluster::cluster;

/// More media of one word than a search sorts ("Übungsheft 1" …).
const MANY: usize = SORTED_HITS as usize + 50;

/// The demo data, media in every script with copies, and [`MANY`] media
/// whose titles share a word.
fn file() -> Db {
    let mut db = Db::open_in_memory().expect("a new file");
    kiz::demo::load(&mut db, common::now()).expect("the demo data");
    let kinds = media_kinds(&db).expect("Mediengruppen");
    let kind = |code: &str| kinds.iter().find(|k| k.code == code).expect("built in").id;
    let extra = [
        (
            "lehrwerk",
            "Türkçe öğreniyorum",
            "Şükrü Yılmaz",
            Some(Level::A1),
            Some(Level::A2),
            "tr",
            "SE-0001",
        ),
        (
            "lehrwerk",
            "العربية للمبتدئين",
            "محمد الأحمد",
            Some(Level::Alpha),
            Some(Level::A1),
            "ar",
            "SE-0002",
        ),
        (
            "buch",
            "Ёжик в тумане",
            "Сергей Козлов",
            None,
            None,
            "ru",
            "SE-0003",
        ),
        (
            "spiel",
            "Müller, Möller, Muller: ein Namensspiel",
            "Ørsted & Łukasz",
            Some(Level::B1),
            Some(Level::C2),
            "de",
            "SE-0004",
        ),
        // Open level ranges: "from B1 on", "up to A2".
        (
            "buch",
            "Lesen ab B1",
            "مُحَمَّد حَسَن",
            Some(Level::B1),
            None,
            "ar",
            "SE-0005",
        ),
        (
            "audio",
            "Hören bis A2",
            "",
            None,
            Some(Level::A2),
            "fa",
            "SE-0006",
        ),
    ];
    for (code, title, authors, from, to, language, barcode) in extra {
        let medium = create_medium(
            &mut db,
            &MediumInput {
                kind_id: kind(code),
                title: title.into(),
                authors: authors.into(),
                level_from: from,
                level_to: to,
                target_language: Some(language.into()),
                support_languages: vec!["de".into()],
                audience: Audience::Erwachsene,
                isbn: if barcode == "SE-0004" {
                    "978-3-19-001234-3".into()
                } else {
                    String::new()
                },
                ..Default::default()
            },
            common::now(),
        )
        .expect("a medium");
        add_copy(
            &mut db,
            medium.id,
            &CopyInput {
                barcode: barcode.into(),
                ..Default::default()
            },
            common::now(),
        )
        .expect("a copy");
    }
    for n in 1..=MANY {
        create_medium(
            &mut db,
            &MediumInput {
                kind_id: kind("buch"),
                title: format!("Übungsheft {n}"),
                level_from: Some(Level::ALL[n % Level::ALL.len()]),
                level_to: Some(Level::ALL[n % Level::ALL.len()]),
                target_language: Some(if n % 3 == 0 { "ar" } else { "de" }.into()),
                ..Default::default()
            },
            common::now(),
        )
        .expect("a medium");
    }
    db
}

fn server(file: &Db, database: &str) -> Server {
    let cluster = cluster();
    // A German collation, as IT may create the database with, not the
    // test cluster's C.UTF-8: the list's order must not depend on it.
    let settings = cluster.fresh_with(
        database,
        "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'de-DE' LOCALE 'C.UTF-8'",
    );
    let mut server = Server::connect(&settings, &cluster.password).expect("connects");
    transfer(file, &mut server).expect("moved");
    server
}

fn text(typed: &str) -> MediaQuery {
    MediaQuery {
        text: typed.into(),
        ..Default::default()
    }
}

fn titles(store: &mut impl CatalogueStore, query: &MediaQuery) -> Vec<String> {
    store
        .search_media(query)
        .expect("searched")
        .rows
        .into_iter()
        .map(|r| r.title)
        .collect()
}

/// What staff type and what they must find, on either engine.
fn finds_what_staff_type(store: &mut impl CatalogueStore) {
    // Diacritics and the Turkish i need not be typed.
    for typed in [
        "sukru ogren",
        "ŞÜKRÜ ÖĞREN",
        "yilmaz turkce ogr",
        "Türkçe öğreniyorum",
    ] {
        assert_eq!(
            titles(store, &text(typed)),
            ["Türkçe öğreniyorum"],
            "{typed}"
        );
    }
    // "Müller" and "Muller" in one title: the medium is found once; the
    // list is sorted by title.
    assert_eq!(
        titles(store, &text("mull")),
        [
            "Kommissar Müller ermittelt – Lektüre B1",
            "Müller, Möller, Muller: ein Namensspiel"
        ]
    );
    assert_eq!(titles(store, &text("العرب")), ["العربية للمبتدئين"]);
    assert_eq!(titles(store, &text("ёжик")), ["Ёжик в тумане"]);
    // An Inventarnummer or an ISBN typed with or without hyphens finds its
    // medium; a filter it does not pass leaves the list empty.
    assert_eq!(titles(store, &text("SE-0003")), ["Ёжик в тумане"]);
    assert_eq!(
        titles(store, &text("9783190012343")),
        ["Müller, Möller, Muller: ein Namensspiel"]
    );
    let mut arabic = text("SE-0003");
    arabic.language = Some("ar".into());
    assert!(titles(store, &arabic).is_empty());
    // More hits than are sorted: "more than 1,000", the newest first.
    let many = store.search_media(&text("ubungsheft")).expect("searched");
    assert!(many.more);
    assert_eq!(many.total, SORTED_HITS);
    assert_eq!(many.rows[0].title, format!("Übungsheft {MANY}"));
    // Words and filters together narrow it to a sorted list.
    let mut narrow = text("ubungsheft 1");
    narrow.level = Some(Level::B1);
    narrow.language = Some("ar".into());
    let page = store.search_media(&narrow).expect("searched");
    assert!(!page.more);
    assert!(page.total > 0 && page.total < 100, "{}", page.total);
    assert!(page.rows.iter().all(|r| r.levels == "B1"));
    assert!(titles(store, &text("qqxqq")).is_empty());
}

/// The queries compared between the engines: words in every script, each
/// filter alone and with words, paging, codes, and the whole catalogue.
fn queries(file: &Db) -> Vec<MediaQuery> {
    let mut queries: Vec<MediaQuery> = [
        "",
        "m",
        "mül",
        "MULLER",
        "sukru",
        "Türk",
        "العربية",
        "الع",
        "ёжик",
        "козлов",
        "deutsch",
        "deutsch a1",
        "ubungsheft",
        "ubungsheft 10",
        "übungsheft 1000",
        "lesen schreiben",
        "spiel",
        "kurs",
        "978",
        "9783190012343",
        "978-3-19-001234-3",
        "SE-0001",
        "se-0001",
        "SE",
        "ørsted",
        "łukasz",
        "lukasz",
        "مُحَمَّد",
        "محمد",
        "mu\u{308}ller",
        "\u{64B}",
        "lesen",
        "hören",
        "horen",
        "\" * ( )",
        "qqxqq",
        // The names of the filter tokens, typed: no medium holds them as
        // words, on either engine (the mark before each token sees to it).
        "kind",
        "lvl",
        "lvl3ar",
        "lang",
        "langar",
    ]
    .iter()
    .map(|t| text(t))
    .collect();
    let kinds = media_kinds(file).expect("Mediengruppen");
    let mut filtered = Vec::new();
    for base in ["", "ubungsheft", "a"] {
        for kind in &kinds {
            filtered.push(MediaQuery {
                kind_id: Some(kind.id),
                ..text(base)
            });
        }
        for level in Level::ALL {
            filtered.push(MediaQuery {
                level: Some(level),
                ..text(base)
            });
            filtered.push(MediaQuery {
                level: Some(level),
                language: Some("ar".into()),
                ..text(base)
            });
        }
        for language in ["de", "ar", "tr", "ru", "fa", "xx", "-"] {
            filtered.push(MediaQuery {
                language: Some(language.into()),
                ..text(base)
            });
        }
        for audience in [
            Audience::Kinder,
            Audience::Jugendliche,
            Audience::Erwachsene,
            Audience::Alle,
        ] {
            filtered.push(MediaQuery {
                audience: Some(audience),
                ..text(base)
            });
        }
        filtered.push(MediaQuery {
            available_only: true,
            ..text(base)
        });
    }
    queries.extend(filtered);
    // A code typed with each filter it may or may not pass.
    for code in ["SE-0001", "SE-0005", "9783190012343"] {
        for kind in &kinds {
            queries.push(MediaQuery {
                kind_id: Some(kind.id),
                ..text(code)
            });
        }
        for level in Level::ALL {
            queries.push(MediaQuery {
                level: Some(level),
                ..text(code)
            });
        }
        queries.push(MediaQuery {
            available_only: true,
            audience: Some(Audience::Kinder),
            ..text(code)
        });
        queries.push(MediaQuery {
            available_only: true,
            ..text(code)
        });
    }
    // Pages further on, and pages of other sizes.
    for (typed, limit, offset) in [
        ("", 50, 50),
        ("", 1000, 0),
        ("", 100, 1000),
        ("ubungsheft", 50, 950),
        ("ubungsheft", 250, 250),
        ("ubungsheft 1", 50, 50),
        ("SE-0001", 50, 50),
    ] {
        queries.push(MediaQuery {
            limit,
            offset,
            ..text(typed)
        });
    }
    // Pages after a named row, as the window asks for pages of a list
    // too long to sort: the file's page 1 ends at the medium the next
    // page starts after, with words, with words and a filter, without
    // words (a filter token, and a condition on the media), with words and
    // such a condition; and a sorted
    // list, where the named row does not count.
    let newest = |query: MediaQuery| {
        let page = kiz::catalogue::search_media(file, &query).expect("the first page");
        assert!(page.more, "{query:?}");
        (page.rows.last().expect("a full page").id, query)
    };
    let books = kinds
        .iter()
        .find(|k| k.code == "buch")
        .expect("built in")
        .id;
    let for_adults = MediaQuery {
        audience: Some(Audience::Erwachsene),
        ..text("")
    };
    for (before, query) in [
        newest(text("ubungsheft")),
        newest(MediaQuery {
            kind_id: Some(books),
            ..text("ubungsheft")
        }),
        newest(MediaQuery {
            kind_id: Some(books),
            ..text("")
        }),
        newest(MediaQuery {
            audience: Some(Audience::Erwachsene),
            ..text("ubungsheft")
        }),
        newest(for_adults),
    ] {
        for offset in [50, 0] {
            queries.push(MediaQuery {
                offset,
                before: Some(before),
                ..query.clone()
            });
        }
    }
    queries.push(MediaQuery {
        offset: 50,
        before: Some(1),
        ..text("")
    });
    queries.push(MediaQuery {
        before: Some(1),
        ..text("mül")
    });
    queries
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see tests/server.rs)"
)]
fn both_engines_find_the_same_media_in_the_same_order_for_the_same_query() {
    let mut file = file();
    let mut server = server(&file, "kiz_t_search_same");
    let mut found_something = 0;
    for query in queries(&file) {
        let on_file = file.search_media(&query).expect("searched in the file");
        let on_server = server.search_media(&query).expect("searched on the server");
        assert_eq!(on_file, on_server, "{query:?}");
        found_something += usize::from(!on_file.rows.is_empty());
    }
    // Most queries find something: the comparison is not one of empty
    // lists.
    assert!(found_something > 100, "{found_something}");
}

#[test]
fn the_file_finds_what_staff_type() {
    finds_what_staff_type(&mut file());
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see tests/server.rs)"
)]
fn the_server_finds_what_staff_type() {
    let file = file();
    finds_what_staff_type(&mut server(&file, "kiz_t_search_typed"));
}

/// What staff change after the move is found alike on both engines: the
/// server's search rows (words, filter tokens, the title's sort key) and
/// its count of media follow every write as the file's FTS5 rows do. The
/// same edits on each engine: a medium moved to another Mediengruppe,
/// levels and languages, one whose levels and languages are taken away and
/// whose title changes, one with an open level range, one deleted, one
/// added.
#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see tests/server.rs)"
)]
fn both_engines_follow_the_same_changes_to_the_media() {
    let mut file = file();
    let mut server = server(&file, "kiz_t_search_edits");
    let kinds = media_kinds(&file).expect("Mediengruppen");
    let id_of = |title: &str| -> i64 {
        let rows = kiz::db::rows_for_tests(
            &file,
            &format!("SELECT id FROM medium WHERE title = '{title}'"),
        )
        .expect("read");
        match rows[0].values().next() {
            Some(rusqlite::types::Value::Integer(id)) => *id,
            other => panic!("{title}: {other:?}"),
        }
    };
    let edits = [
        (
            id_of("Übungsheft 1"),
            MediumInput {
                kind_id: kinds[kinds.len() - 1].id,
                title: "Übungsheft 1".into(),
                level_from: Some(Level::A2),
                level_to: Some(Level::B1),
                target_language: Some("tr".into()),
                support_languages: vec!["ar".into()],
                ..Default::default()
            },
        ),
        (
            id_of("Übungsheft 2"),
            MediumInput {
                kind_id: kinds[0].id,
                title: "Neues Lesebuch".into(),
                ..Default::default()
            },
        ),
        (
            id_of("Übungsheft 3"),
            MediumInput {
                kind_id: kinds[0].id,
                title: "Übungsheft 3".into(),
                level_from: Some(Level::B2),
                target_language: Some("ar".into()),
                audience: Audience::Kinder,
                ..Default::default()
            },
        ),
    ];
    let gone = id_of("Übungsheft 4");
    let added = MediumInput {
        kind_id: kinds[0].id,
        title: "Sözlük Kurmancî–Türkçe".into(),
        level_from: Some(Level::A1),
        level_to: Some(Level::A1),
        target_language: Some("tr".into()),
        support_languages: vec!["de".into(), "ar".into()],
        ..Default::default()
    };
    fn change(
        store: &mut impl Engine,
        edits: &[(i64, MediumInput)],
        gone: i64,
        added: &MediumInput,
    ) {
        for (id, input) in edits {
            kiz::catalogue::update_medium(store, *id, input, common::now(), "BUERO-1")
                .expect("changed");
        }
        kiz::catalogue::delete_medium(store, gone).expect("deleted");
        create_medium(store, added, common::now()).expect("added");
    }
    change(&mut file, &edits, gone, &added);
    change(&mut server, &edits, gone, &added);
    let mut asked = queries(&file);
    for typed in [
        "neues",
        "lesebuch",
        "worterbuch",
        "ubungsheft 1",
        "ubungsheft 4",
    ] {
        asked.push(text(typed));
    }
    for (level, language) in [
        (Level::A2, "tr"),
        (Level::B1, "tr"),
        (Level::A1, "tr"),
        (Level::C2, "ar"),
    ] {
        asked.push(MediaQuery {
            level: Some(level),
            language: Some(language.into()),
            ..MediaQuery::default()
        });
    }
    for query in asked {
        let on_file = file.search_media(&query).expect("searched in the file");
        let on_server = server.search_media(&query).expect("searched on the server");
        assert_eq!(on_file, on_server, "{query:?}");
    }
    // The changes are found, not only alike (the edited media by their
    // new levels and languages, the new one by its word, the deleted one
    // not).
    let with = |level: Level, language: &str| MediaQuery {
        level: Some(level),
        language: Some(language.into()),
        ..MediaQuery::default()
    };
    assert!(titles(&mut server, &with(Level::B1, "tr")).contains(&"Übungsheft 1".to_owned()));
    assert!(titles(&mut server, &with(Level::C2, "ar")).contains(&"Übungsheft 3".to_owned()));
    assert!(!titles(&mut server, &text("ubungsheft 4")).contains(&"Übungsheft 4".to_owned()));
    assert_eq!(
        titles(&mut server, &text("sozluk")),
        ["Sözlük Kurmancî–Türkçe"]
    );
    assert!(titles(&mut server, &text("lesebuch")).contains(&"Neues Lesebuch".to_owned()));
    assert_eq!(
        server
            .search_media(&MediaQuery::default())
            .expect("all")
            .total,
        file.search_media(&MediaQuery::default())
            .expect("all")
            .total,
    );
}

/// Ausleihende on both engines: the file finds them in its full-text table
/// and sorts in SQL, the server matches and sorts the same words and keys
/// in Rust. For every typed text, sort, order of kinds and page, both give
/// the same borrowers in the same order with the same total; the sort kept
/// for the list is read on either.
#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see tests/server.rs)"
)]
fn both_engines_list_the_same_borrowers_in_the_same_order() {
    use kiz::lists::Paging;
    use kiz::people::{self, BorrowerInput, BorrowerKind};

    let mut file = file();
    // Two borrowers whose names sort alike (`ß` as `ss`, case aside) and
    // one blocked, so that the order of equal keys and the state column
    // are compared too.
    for name in ["Jürgen Weiss", "jürgen weiß"] {
        people::create_borrower(
            &mut file,
            &BorrowerInput {
                kind: BorrowerKind::Sonstige,
                name: name.into(),
                ..BorrowerInput::default()
            },
            common::now(),
        )
        .expect("a borrower");
    }
    let (_, first) = people::search_borrowers(&file, "anna", 10, 0).expect("listed");
    people::set_blocked(
        &mut file,
        first[0].id,
        Some("Ausweis verloren"),
        common::now(),
        None,
        "",
    )
    .expect("blocked");
    kiz::lists::save_sort(&mut file, "borrowers", "card_number:desc").expect("kept");
    let mut server = server(&file, "kiz_t_search_borrowers");

    let typed = [
        "",
        "j",
        "weiss",
        "Weiß",
        "jurgen w",
        "sukru",
        "ş",
        "yilmaz",
        "KI-A-0000",
        "ki-a-000002",
        "example",
        "example.org",
        "ayse demir",
        "محمد",
        "нат",
        "ол",
        "al zahra",
        "al-zahra",
        "ı",
        "x y",
        "rezan",
        "hêvî",
        "aissatou",
        "traore",
        "kultur bildung",
        "xyz",
    ];
    let sorts = [
        None,
        Some("name:asc"),
        Some("name:desc"),
        Some("kind:asc"),
        Some("kind:desc"),
        Some("card_number:asc"),
        Some("card_number:desc"),
        Some("state:asc"),
        Some("state:desc"),
    ];
    let kind_orders: [&[BorrowerKind]; 2] = [
        &[],
        &[
            BorrowerKind::Sonstige,
            BorrowerKind::Organisation,
            BorrowerKind::Hauptamtlich,
        ],
    ];
    let pages = [
        Paging {
            limit: 0,
            offset: 0,
        },
        Paging {
            limit: 4,
            offset: 0,
        },
        Paging {
            limit: 4,
            offset: 4,
        },
    ];
    let mut found_something = 0;
    let mut compared = 0;
    for text in typed {
        for sort in sorts {
            for kinds in kind_orders {
                for paging in pages {
                    let a = borrowers(&mut file, text, sort, kinds, paging);
                    let b = borrowers(&mut server, text, sort, kinds, paging);
                    assert_eq!(a, b, "{text:?} {sort:?} {kinds:?} {paging:?}");
                    found_something += usize::from(!a.2.is_empty());
                    compared += 1;
                }
            }
        }
    }
    assert!(
        found_something > compared / 2,
        "{found_something} of {compared}"
    );
    // What staff type finds whom, written once and checked on the server.
    let mut names = |text: &str| -> Vec<String> {
        server
            .read_sql(|sql| {
                people::borrower_list_in(sql, text, Some("name:asc"), &[], Paging::default())
            })
            .expect("listed")
            .rows
            .into_iter()
            .map(|b| b.name)
            .collect()
    };
    assert_eq!(names("sukru"), ["Şükrü Yılmaz"]);
    assert_eq!(
        names("weiss"),
        ["Jürgen Weiß", "Jürgen Weiss", "jürgen weiß"],
        "ß as ss, case aside; equal keys in the order they were entered"
    );
    assert_eq!(names("نات").len(), 0);
    assert_eq!(names("наталья"), ["Наталья Иванова"]);
    let (_, kept, _) = borrowers(&mut server, "", None, &[], Paging::default());
    assert_eq!(
        kept, "card_number:desc",
        "the kept sort, read on the server"
    );
    kiz::lists::save_sort(&mut server, "borrowers", "kind:desc").expect("kept on the server");
    let (_, kept, _) = borrowers(&mut server, "", None, &[], Paging::default());
    assert_eq!(
        kept, "kind:desc",
        "a sort chosen on the server is kept there"
    );
}

/// A page of Ausleihende on `store`: the total, the sort and the ids.
fn borrowers(
    store: &mut impl Engine,
    text: &str,
    sort: Option<&str>,
    kinds: &[kiz::people::BorrowerKind],
    paging: kiz::lists::Paging,
) -> (i64, String, Vec<i64>) {
    let page = store
        .read_sql(|sql| kiz::people::borrower_list_in(sql, text, sort, kinds, paging))
        .expect("listed");
    (
        page.total,
        page.sort,
        page.rows.iter().map(|b| b.id).collect(),
    )
}
