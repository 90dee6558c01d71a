//! The directory: organisations, member counts, timeline, offerings, kinds,
//! search with diacritics and filters, archive and delete.

mod common;
#[macro_use]
mod test_cluster;

use common::{day, now};
use kiz::db::engine::Value;
use kiz::organisations::{
    self, CooperationStatus, DirectoryQuery, MemberCount, NoteKind, OfferingInput,
    OrganisationInput,
};
use kiz::Error;
use test_cluster::TestStore;

fn kind(db: &mut TestStore, code: &str) -> i64 {
    db.read(|s| organisations::organisation_kinds_in(s))
        .unwrap()
        .into_iter()
        .find(|k| k.code == code)
        .expect("built-in kind")
        .id
}

fn offering_kind(db: &mut TestStore, code: &str) -> i64 {
    db.read(|s| organisations::offering_kinds_in(s))
        .unwrap()
        .into_iter()
        .find(|k| k.code == code)
        .expect("built-in offering kind")
        .id
}

fn organisation(db: &mut TestStore, name: &str, municipality: &str, languages: &[&str]) -> i64 {
    organisations::create_organisation(
        db,
        &OrganisationInput {
            name: name.into(),
            municipality: municipality.into(),
            languages: languages.iter().map(|l| (*l).into()).collect(),
            ..OrganisationInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn names(db: &mut TestStore, query: DirectoryQuery) -> Vec<String> {
    db.read(|s| organisations::search_organisations_in(s, &query))
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect()
}

fn text(t: &str) -> DirectoryQuery {
    DirectoryQuery {
        text: t.into(),
        ..DirectoryQuery::default()
    }
}

fn an_organisation_keeps_every_field_and_its_languages(db: &mut TestStore) {
    let input = OrganisationInput {
        name: "  Kurdische Gemeinschaft Rhein-Sieg/Bonn ".into(),
        short_name: "Kurdische Gemeinschaft".into(),
        kind_id: Some(kind(db, "gemeinschaft")),
        register_number: "VR 1234".into(),
        languages: vec!["ku".into(), "DE".into(), "ku".into()],
        municipality: "Siegburg".into(),
        street: "Ringstraße 12".into(),
        postal_code: "53721".into(),
        city: "Siegburg".into(),
        has_rooms: true,
        rooms_description: "Gemeinschaftszentrum".into(),
        website: "www.example.org".into(),
        email: "info@example.org".into(),
        phone: "02241 12345".into(),
        status: CooperationStatus::Aktiv,
        notes: "Integrationsagentur".into(),
        version: None,
    };
    let o = organisations::create_organisation(db, &input, now()).unwrap();
    assert_eq!(o.name, "Kurdische Gemeinschaft Rhein-Sieg/Bonn", "trimmed");
    assert_eq!(o.languages, ["de", "ku"], "codes normalised, once each");
    assert_eq!(
        o.kind.as_ref().map(|k| k.name.as_str()),
        Some("Gemeinschaft")
    );
    assert_eq!(
        (o.has_rooms, o.rooms_description.as_str()),
        (true, "Gemeinschaftszentrum")
    );
    assert_eq!(o.status, CooperationStatus::Aktiv);
    let changed = organisations::update_organisation(
        db,
        o.id,
        &OrganisationInput {
            has_rooms: false,
            status: CooperationStatus::Ruhend,
            ..input
        },
        now(),
        "PC-TEST",
    )
    .unwrap();
    assert_eq!(
        changed.rooms_description, "",
        "no rooms, no room description"
    );
    assert_eq!(changed.status, CooperationStatus::Ruhend);
}
on_both_engines!(an_organisation_keeps_every_field_and_its_languages);

fn bad_organisation_input_is_refused_next_to_its_field_and_nothing_is_stored(db: &mut TestStore) {
    let base = OrganisationInput {
        name: "Verein".into(),
        ..OrganisationInput::default()
    };
    let cases = [
        (
            OrganisationInput {
                name: "   ".into(),
                ..base.clone()
            },
            "required",
            "name",
        ),
        (
            OrganisationInput {
                municipality: "Köln".into(),
                ..base.clone()
            },
            "unknown_municipality",
            "municipality",
        ),
        (
            OrganisationInput {
                postal_code: "5372".into(),
                ..base.clone()
            },
            "invalid_postal_code",
            "postal_code",
        ),
        (
            OrganisationInput {
                email: "info(at)verein".into(),
                ..base.clone()
            },
            "invalid_email",
            "email",
        ),
        (
            OrganisationInput {
                languages: vec!["xx".into()],
                ..base.clone()
            },
            "unknown_language_code",
            "languages",
        ),
        (
            OrganisationInput {
                kind_id: Some(999),
                ..base.clone()
            },
            "unknown_organisation_kind",
            "kind",
        ),
    ];
    for (input, code, field) in cases {
        let error = organisations::create_organisation(db, &input, now()).unwrap_err();
        assert_eq!(
            (error.code(), error.field()),
            (code, Some(field)),
            "{input:?}"
        );
    }
    assert_eq!(
        db.read(|s| organisations::count_in(s)).unwrap(),
        0,
        "nothing stored"
    );
}
on_both_engines!(bad_organisation_input_is_refused_next_to_its_field_and_nothing_is_stored);

fn member_counts_form_a_history_and_a_negative_count_is_refused(db: &mut TestStore) {
    let id = organisation(
        db,
        "Marokkanischer Kulturverein Sankt Augustin",
        "Sankt Augustin",
        &["ar"],
    );
    for (date, members) in [(day(2025, 1, 15), 230), (day(2017, 12, 1), 200)] {
        organisations::add_member_count(
            db,
            id,
            &MemberCount {
                stated_on: date,
                members,
            },
        )
        .unwrap();
    }
    let error = organisations::add_member_count(
        db,
        id,
        &MemberCount {
            stated_on: day(2026, 1, 1),
            members: -5,
        },
    )
    .unwrap_err();
    assert_eq!(error.code(), "negative_member_count");
    let counts = db
        .read(|s| organisations::organisation_in(s, id))
        .unwrap()
        .member_counts;
    assert_eq!(
        counts.iter().map(|c| c.members).collect::<Vec<_>>(),
        [200, 230],
        "oldest first, so growth shows; the refused count is not stored"
    );
}
on_both_engines!(member_counts_form_a_history_and_a_negative_count_is_refused);

fn the_timeline_lists_dated_notes_newest_first(db: &mut TestStore) {
    let id = organisation(db, "Verein", "Siegburg", &[]);
    organisations::add_timeline_note(
        db,
        id,
        day(2026, 3, 1),
        NoteKind::Anruf,
        "Erstes Telefonat",
        now(),
    )
    .unwrap();
    organisations::add_timeline_note(
        db,
        id,
        day(2026, 5, 20),
        NoteKind::Vereinbarung,
        "Kooperation vereinbart",
        now(),
    )
    .unwrap();
    let error =
        organisations::add_timeline_note(db, id, day(2026, 6, 1), NoteKind::Notiz, "  ", now())
            .unwrap_err();
    assert_eq!(error.code(), "required");
    let timeline = db
        .read(|s| organisations::organisation_in(s, id))
        .unwrap()
        .timeline;
    assert_eq!(
        timeline
            .iter()
            .map(|n| (n.kind, n.text.as_str()))
            .collect::<Vec<_>>(),
        [
            (NoteKind::Vereinbarung, "Kooperation vereinbart"),
            (NoteKind::Anruf, "Erstes Telefonat")
        ]
    );
}
on_both_engines!(the_timeline_lists_dated_notes_newest_first);

fn offerings_are_added_changed_and_removed_and_an_unknown_kind_is_refused(db: &mut TestStore) {
    let id = organisation(
        db,
        "Afrikanischer Frauenverein Rhein-Sieg",
        "Troisdorf",
        &["fr"],
    );
    let course = OfferingInput {
        kind_id: offering_kind(db, "sprachunterricht"),
        title: "Deutsch für Frauen".into(),
        target_group: "Frauen".into(),
        languages: vec!["de".into()],
        schedule: "donnerstags 9 Uhr".into(),
        place: "Stadtteilhaus Sieglar".into(),
        active: true,
        version: None,
    };
    let list = organisations::save_offering(db, id, None, &course, now(), "BUERO-1").unwrap();
    assert_eq!(list.len(), 1);
    let offering = list[0].id;
    let list = organisations::save_offering(
        db,
        id,
        Some(offering),
        &OfferingInput {
            active: false,
            ..course.clone()
        },
        now(),
        "BUERO-1",
    )
    .unwrap();
    assert!(!list[0].active, "changed in place");
    let error = organisations::save_offering(
        db,
        id,
        None,
        &OfferingInput {
            kind_id: 999,
            ..course
        },
        now(),
        "BUERO-1",
    )
    .unwrap_err();
    assert_eq!(error.code(), "unknown_offering_kind");
    organisations::delete_offering(db, offering).unwrap();
    assert!(db
        .read(|s| organisations::organisation_in(s, id))
        .unwrap()
        .offerings
        .is_empty());
}
on_both_engines!(offerings_are_added_changed_and_removed_and_an_unknown_kind_is_refused);

fn search_ignores_diacritics_and_finds_offerings_languages_and_places(db: &mut TestStore) {
    organisation(
        db,
        "Kurdische Gemeinschaft Rhein-Sieg/Bonn",
        "Siegburg",
        &["ku"],
    );
    organisation(
        db,
        "Türkisch-Deutscher Elternverein Şahin",
        "Troisdorf",
        &["tr"],
    );
    let women = organisation(
        db,
        "Afrikanischer Frauenverein Rhein-Sieg",
        "Troisdorf",
        &["fr"],
    );
    let language_course = offering_kind(db, "sprachunterricht");
    organisations::save_offering(
        db,
        women,
        None,
        &OfferingInput {
            kind_id: language_course,
            title: "Deutsch für Frauen".into(),
            target_group: "Frauen".into(),
            languages: vec!["de".into()],
            place: "Stadtteilhaus Sieglar".into(),
            active: true,
            ..OfferingInput::default()
        },
        now(),
        "BUERO-1",
    )
    .unwrap();
    assert_eq!(
        names(db, text("kurd")),
        ["Kurdische Gemeinschaft Rhein-Sieg/Bonn"]
    );
    assert_eq!(
        names(db, text("sahin")),
        ["Türkisch-Deutscher Elternverein Şahin"]
    );
    assert_eq!(
        names(db, text("kurdisch")),
        ["Kurdische Gemeinschaft Rhein-Sieg/Bonn"],
        "the language's German name"
    );
    assert_eq!(
        names(db, text("sieglar")),
        ["Afrikanischer Frauenverein Rhein-Sieg"],
        "the offering's place"
    );
    // Who offers German classes for women in Troisdorf?
    let language_class = offering_kind(db, "sprachunterricht");
    let answer = names(
        db,
        DirectoryQuery {
            text: "frauen".into(),
            municipality: Some("Troisdorf".into()),
            language: Some("de".into()),
            offering_kind_id: Some(language_class),
            ..DirectoryQuery::default()
        },
    );
    assert_eq!(answer, ["Afrikanischer Frauenverein Rhein-Sieg"]);
    assert_eq!(
        names(
            db,
            DirectoryQuery {
                municipality: Some("Troisdorf".into()),
                ..DirectoryQuery::default()
            }
        ),
        [
            "Afrikanischer Frauenverein Rhein-Sieg",
            "Türkisch-Deutscher Elternverein Şahin"
        ],
        "sorted by name"
    );
}
on_both_engines!(search_ignores_diacritics_and_finds_offerings_languages_and_places);

fn archived_organisations_leave_the_lists_and_used_ones_cannot_be_deleted(db: &mut TestStore) {
    let used = organisation(
        db,
        "Kurdische Gemeinschaft Rhein-Sieg/Bonn",
        "Siegburg",
        &[],
    );
    let mistake = organisation(db, "Tippfehler e.V.", "Siegburg", &[]);
    kiz::people::create_borrower(
        db,
        &kiz::people::BorrowerInput {
            name: "Kurdische Gemeinschaft".into(),
            kind: kiz::people::BorrowerKind::Organisation,
            organisation_id: Some(used),
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    let error = organisations::delete_organisation(db, used).unwrap_err();
    assert_eq!((error.code(), error.field()), ("organisation_in_use", None));
    organisations::delete_organisation(db, mistake).unwrap();
    assert!(
        names(db, text("tippfehler")).is_empty(),
        "gone from the search too"
    );

    organisations::set_archived(db, used, true, day(2026, 11, 1)).unwrap();
    assert!(
        names(db, text("kurd")).is_empty(),
        "archived: not in the list"
    );
    assert_eq!(
        names(
            db,
            DirectoryQuery {
                include_archived: true,
                ..text("kurd")
            }
        )
        .len(),
        1,
        "but kept"
    );
    assert_eq!(
        db.read(|s| organisations::organisation_in(s, used))
            .unwrap()
            .archived_on,
        Some(day(2026, 11, 1))
    );
}
on_both_engines!(archived_organisations_leave_the_lists_and_used_ones_cannot_be_deleted);

fn staff_extend_the_kinds_and_a_duplicate_is_refused(db: &mut TestStore) {
    let added = organisations::add_organisation_kind(db, "Studierendengruppe").unwrap();
    assert!(db
        .read(|s| organisations::organisation_kinds_in(s))
        .unwrap()
        .contains(&added));
    assert_eq!(
        organisations::add_organisation_kind(db, "verein")
            .unwrap_err()
            .code(),
        "list_entry_exists"
    );
    let added = organisations::add_offering_kind(db, "Hausaufgabenhilfe").unwrap();
    assert!(db
        .read(|s| organisations::offering_kinds_in(s))
        .unwrap()
        .contains(&added));
}
on_both_engines!(staff_extend_the_kinds_and_a_duplicate_is_refused);

fn a_filter_is_saved_under_a_name_replaced_by_the_same_name_and_removed(db: &mut TestStore) {
    let women = DirectoryQuery {
        municipality: Some("Troisdorf".into()),
        text: "frauen".into(),
        offset: 50,
        ..DirectoryQuery::default()
    };
    assert_eq!(
        organisations::save_filter(db, "  ", &women, false)
            .unwrap_err()
            .code(),
        "required"
    );
    organisations::save_filter(db, "Frauenangebote Troisdorf", &women, false).unwrap();
    organisations::save_filter(
        db,
        "Alle Arabisch",
        &DirectoryQuery {
            language: Some("ar".into()),
            ..DirectoryQuery::default()
        },
        false,
    )
    .unwrap();
    let active = DirectoryQuery {
        status: Some(CooperationStatus::Aktiv),
        ..women.clone()
    };
    // The same name (any case, any accents) is not replaced unasked: it
    // may be another PC's filter saved since this one read the list.
    let taken =
        organisations::save_filter(db, "frauenangebote troisdorf", &active, false).unwrap_err();
    assert!(
        matches!(&taken, Error::FilterNameTaken { name } if name == "Frauenangebote Troisdorf"),
        "{taken:?}"
    );
    assert_eq!(taken.field(), Some("filter_name"));
    let kept = db.read(|s| organisations::saved_filters_in(s)).unwrap();
    assert_eq!(kept[1].query.status, None, "nothing replaced: {kept:?}");
    let list = organisations::save_filter(db, "frauenangebote troisdorf", &active, true).unwrap();
    assert_eq!(
        list.len(),
        2,
        "asked to, the same name (any case) replaces the filter"
    );
    assert_eq!(list[1].query.status, Some(CooperationStatus::Aktiv));
    assert_eq!(list[1].query.offset, 0, "paging is not part of a filter");
    let list = organisations::delete_filter(db, "Alle Arabisch").unwrap();
    assert_eq!(
        list.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["frauenangebote troisdorf"]
    );
}
on_both_engines!(a_filter_is_saved_under_a_name_replaced_by_the_same_name_and_removed);

fn each_change_of_the_cooperation_status_is_recorded_once_with_its_day(db: &mut TestStore) {
    let entered = common::at_ten(2025, 3, 1);
    let mut input = OrganisationInput {
        name: "Kulturverein".into(),
        ..OrganisationInput::default()
    };
    let o = organisations::create_organisation(db, &input, entered).unwrap();
    // Saved again without a change of status: nothing recorded.
    input.phone = "02241 12345".into();
    organisations::update_organisation(db, o.id, &input, common::at_ten(2025, 4, 1), "PC-TEST")
        .unwrap();
    input.status = CooperationStatus::Aktiv;
    organisations::update_organisation(db, o.id, &input, common::at_ten(2025, 6, 1), "PC-TEST")
        .unwrap();
    organisations::update_organisation(db, o.id, &input, common::at_ten(2025, 7, 1), "PC-TEST")
        .unwrap();
    input.status = CooperationStatus::Ruhend;
    organisations::update_organisation(db, o.id, &input, common::at_ten(2026, 2, 1), "PC-TEST")
        .unwrap();
    let changes: Vec<(String, String)> = db
        .read(|s| {
            s.rows(
                "SELECT status, changed_on FROM organisation_status_change
                 WHERE organisation_id = ?1 ORDER BY id",
                &[Value::from(o.id)],
            )?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?)))
            .collect()
        })
        .unwrap();
    assert_eq!(
        changes,
        [
            ("kontakt".to_owned(), "2025-03-01".to_owned()),
            ("aktiv".to_owned(), "2025-06-01".to_owned()),
            ("ruhend".to_owned(), "2026-02-01".to_owned()),
        ]
    );
    // The report reads the status as it stood at each period's end.
    // As the Berichte page counts: the file in place, the server's
    // tables copied in one read.
    let report = kiz::reports::report_on(
        &mut db.store(),
        &kiz::reports::PeriodChoice::Year { year: 2025 },
        day(2026, 3, 1),
    )
    .unwrap();
    let status: Vec<(&str, u32, u32)> = report
        .organisations
        .by_status
        .iter()
        .map(|l| (l.group.as_str(), l.count.now, l.count.before))
        .collect();
    assert_eq!(
        status,
        [("kontakt", 0, 0), ("aktiv", 1, 0), ("ruhend", 0, 0)]
    );
    assert_eq!(report.organisations.new_cooperations.now, 1);
}
on_both_engines!(each_change_of_the_cooperation_status_is_recorded_once_with_its_day);
