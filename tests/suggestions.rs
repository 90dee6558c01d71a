//! Suggestions at the desk (issue 23, point 2): media on the shelf of the
//! level and target language a teacher's loans show, never borrowed by
//! them, and nothing the retention rules have unlinked.

mod common;
#[macro_use]
mod test_cluster;

use common::{at_ten, borrower, consent_given, give_back, lend, media_kind_on};
use kiz::catalogue::{self, CopyInput, Level, MediumInput};
use kiz::db::engine::Engine;
use kiz::lending::{self, Teaching};
use kiz::people::{self, BorrowerInput, BorrowerKind};
use kiz::privacy::{self, RetentionRules};
use test_cluster::TestStore;

/// A course book of `language` for `from`..=`to` with copies `barcodes`.
fn course_book(
    db: &mut impl Engine,
    title: &str,
    language: &str,
    (from, to): (Option<Level>, Option<Level>),
    barcodes: &[&str],
) -> i64 {
    let kind_id = media_kind_on(db, "buch");
    let medium = catalogue::create_medium(
        db,
        &MediumInput {
            kind_id,
            title: title.into(),
            level_from: from,
            level_to: to,
            target_language: Some(language.into()),
            ..MediumInput::default()
        },
        at_ten(2026, 1, 5),
    )
    .unwrap();
    for barcode in barcodes {
        catalogue::add_copy(
            db,
            medium.id,
            &CopyInput {
                barcode: (*barcode).into(),
                ..CopyInput::default()
            },
            at_ten(2026, 1, 5),
        )
        .unwrap();
    }
    medium.id
}

/// A volunteer teacher; with `history` she agreed that her returned loans
/// stay linked to her (else a return unlinks them at once).
fn teacher(db: &mut impl Engine, name: &str, history: bool) -> i64 {
    people::create_borrower(
        db,
        &BorrowerInput {
            name: name.into(),
            kind: BorrowerKind::Ehrenamtlich,
            history_consent: history.then(|| consent_given(2026, 1, 2)).flatten(),
            ..BorrowerInput::default()
        },
        at_ten(2026, 1, 5),
    )
    .unwrap()
    .id
}

fn titles(db: &mut TestStore, teacher: i64) -> (Option<Teaching>, Vec<String>) {
    let found = db.read(|s| lending::suggestions_in(s, teacher)).unwrap();
    (
        found.teaching,
        found.media.into_iter().map(|m| m.title).collect(),
    )
}

fn a_teacher_is_offered_media_of_her_level_and_language_she_never_borrowed(db: &mut TestStore) {
    use Level::*;
    course_book(db, "Linie 1 A1", "de", (Some(A1), Some(A1)), &["L1"]);
    course_book(
        db,
        "Linie 1 A2 Kursbuch",
        "de",
        (Some(A2), Some(A2)),
        &["L2"],
    );
    course_book(
        db,
        "Schritte plus Neu 3",
        "de",
        (Some(A2), Some(A2)),
        &["S3"],
    );
    course_book(db, "Wortschatz A1–B1", "de", (Some(A1), Some(B1)), &["W1"]);
    course_book(db, "Hören ab A2", "de", (Some(A2), None), &["H1"]);
    course_book(db, "Linie 1 B1", "de", (Some(B1), Some(B1)), &["L3"]);
    course_book(
        db,
        "English for Work A2",
        "en",
        (Some(A2), Some(A2)),
        &["E1"],
    );
    course_book(db, "Ohne Niveau", "de", (None, None), &["N1"]);
    let out = course_book(db, "Sicher! A2", "de", (Some(A2), Some(A2)), &["O1"]);
    // A2, German, back on the shelf: left out only because she borrowed it.
    course_book(db, "Netzwerk neu A2", "de", (Some(A2), Some(A2)), &["NW1"]);
    // She keeps her history: what she returned stays linked to her.
    let nina = teacher(db, "Nina Petrova", true);
    let other = borrower(db, "Ali Haidari", BorrowerKind::Ehrenamtlich);
    // Nothing borrowed: nothing to go by.
    assert_eq!(titles(db, nina), (None, vec![]));
    // Her course started at A1 and is at A2 now.
    lend(db, nina, "L1", at_ten(2026, 9, 1)).unwrap();
    give_back(db, "L1", &[], at_ten(2026, 10, 1));
    lend(db, nina, "NW1", at_ten(2026, 9, 15)).unwrap();
    give_back(db, "NW1", &[], at_ten(2026, 9, 30));
    lend(db, nina, "L2", at_ten(2026, 10, 2)).unwrap();
    // The one copy of "Sicher! A2" is out with someone else.
    lend(db, other, "O1", at_ten(2026, 10, 2)).unwrap();
    let (teaching, found) = titles(db, nina);
    assert_eq!(
        teaching,
        Some(Teaching {
            target_language: "de".into(),
            language_name: "Deutsch".into(),
            level: A2,
            from_profile: false,
        }),
        "German at A2, from her latest loan"
    );
    assert_eq!(
        found,
        vec!["Hören ab A2", "Wortschatz A1–B1", "Schritte plus Neu 3"],
        "A2 German on the shelf, newest first; not what she borrowed (Linie 1 A1, \
         Linie 1 A2, Netzwerk neu A2, which is back on the shelf), not B1, not \
         English, not without a level, not what is out (medium {out})"
    );
    // Lent to her now: no longer suggested.
    lend(db, nina, "S3", at_ten(2026, 10, 3)).unwrap();
    assert_eq!(titles(db, nina).1, vec!["Hören ab A2", "Wortschatz A1–B1"]);

    // Without that consent a return unlinks the loan at once: the desk no
    // longer knows she had it, and it may be suggested again.
    let leyla = teacher(db, "Leyla Kaya", false);
    lend(db, leyla, "H1", at_ten(2026, 10, 5)).unwrap();
    lend(db, leyla, "W1", at_ten(2026, 10, 6)).unwrap();
    assert!(
        !titles(db, leyla).1.contains(&"Hören ab A2".to_owned()),
        "while she has it"
    );
    give_back(db, "H1", &[], at_ten(2026, 10, 7));
    assert!(
        titles(db, leyla).1.contains(&"Hören ab A2".to_owned()),
        "returned and unlinked: nothing says she had it"
    );
}
on_both_engines!(a_teacher_is_offered_media_of_her_level_and_language_she_never_borrowed);

fn the_language_borrowed_most_counts_and_at_most_five_are_suggested(db: &mut TestStore) {
    use Level::*;
    for i in 1..=9 {
        course_book(
            db,
            &format!("Deutsch B1 – Band {i}"),
            "de",
            (Some(B1), Some(B1)),
            &[&format!("D{i}")],
        );
    }
    course_book(db, "Français A1", "fr", (Some(A1), Some(A1)), &["F1"]);
    course_book(
        db,
        "Français A1 – Cahier",
        "fr",
        (Some(A1), Some(A1)),
        &["F2"],
    );
    let teacher = borrower(db, "Jeanne Martin", BorrowerKind::Hauptamtlich);
    lend(db, teacher, "D1", at_ten(2026, 9, 1)).unwrap();
    lend(db, teacher, "D2", at_ten(2026, 9, 2)).unwrap();
    // The latest loan is French, but she borrowed German twice.
    lend(db, teacher, "F1", at_ten(2026, 9, 3)).unwrap();
    let found = db.read(|s| lending::suggestions_in(s, teacher)).unwrap();
    assert_eq!(
        found.teaching.map(|t| (t.target_language, t.level)),
        Some(("de".to_owned(), B1))
    );
    assert_eq!(
        found.media.len(),
        lending::SUGGESTED,
        "five of the five left"
    );
    assert!(found
        .media
        .iter()
        .all(|m| m.title.starts_with("Deutsch B1") && m.on_shelf == 1));
    assert_eq!(found.media[0].title, "Deutsch B1 – Band 9", "newest first");
}
on_both_engines!(the_language_borrowed_most_counts_and_at_most_five_are_suggested);

fn organisations_and_other_borrowers_get_no_suggestions(db: &mut TestStore) {
    use Level::*;
    course_book(db, "Linie 1 A2", "de", (Some(A2), Some(A2)), &["L2"]);
    course_book(
        db,
        "Schritte plus Neu 3",
        "de",
        (Some(A2), Some(A2)),
        &["S3"],
    );
    let club = borrower(db, "Kulturverein Siegburg", BorrowerKind::Organisation);
    lend(db, club, "L2", at_ten(2026, 10, 1)).unwrap();
    assert_eq!(titles(db, club), (None, vec![]));
    give_back(db, "L2", &[], at_ten(2026, 10, 2));
    let teacher = borrower(db, "Nina Petrova", BorrowerKind::Hauptamtlich);
    lend(db, teacher, "L2", at_ten(2026, 10, 3)).unwrap();
    assert_eq!(
        titles(db, teacher).1,
        vec!["Schritte plus Neu 3"],
        "a teacher gets them"
    );
}
on_both_engines!(organisations_and_other_borrowers_get_no_suggestions);

fn loans_the_retention_rules_have_unlinked_are_never_used(db: &mut TestStore) {
    use Level::*;
    course_book(db, "Linie 1 A2", "de", (Some(A2), Some(A2)), &["L2"]);
    course_book(
        db,
        "Schritte plus Neu 3",
        "de",
        (Some(A2), Some(A2)),
        &["S3"],
    );
    let teacher = borrower(db, "Mehmet Kaya", BorrowerKind::Ehrenamtlich);
    privacy::save_retention_rules_on(
        db,
        &RetentionRules {
            loan_link_days: 14,
            ..RetentionRules::default()
        },
    )
    .unwrap();
    lend(db, teacher, "L2", at_ten(2026, 4, 1)).unwrap();
    give_back(db, "L2", &[], at_ten(2026, 4, 2));
    assert_eq!(
        titles(db, teacher).1,
        vec!["Schritte plus Neu 3"],
        "while the loan is linked"
    );
    privacy::run_automatic_on(db, at_ten(2026, 4, 16)).unwrap();
    db.scrub();
    assert_eq!(
        titles(db, teacher),
        (None, vec![]),
        "the unlinked loan says nothing about her any more"
    );
}
on_both_engines!(loans_the_retention_rules_have_unlinked_are_never_used);

fn a_mediums_page_names_the_next_level_of_the_same_series_and_language(db: &mut TestStore) {
    use Level::*;
    let one = course_book(
        db,
        "Schritte plus Neu 1 – Kursbuch",
        "de",
        (Some(A1), Some(A1)),
        &["S1"],
    );
    course_book(
        db,
        "Schritte plus Neu 2 – Kursbuch",
        "de",
        (Some(A1), Some(A1)),
        &["S2"],
    );
    let three = course_book(
        db,
        "Schritte plus Neu 3 – Kursbuch",
        "de",
        (Some(A2), Some(A2)),
        &["S3"],
    );
    let audio = course_book(
        db,
        "Schritte plus Neu 3 – Audio-CDs",
        "de",
        (Some(A2), Some(A2)),
        &["S3A"],
    );
    course_book(
        db,
        "Schritte plus Neu 3 – English edition",
        "en",
        (Some(A2), Some(A2)),
        &["S3E"],
    );
    course_book(
        db,
        "Linie 1 A2 – Kursbuch",
        "de",
        (Some(A2), Some(A2)),
        &["L2"],
    );
    let five = course_book(
        db,
        "Schritte plus Neu 5 – Kursbuch",
        "de",
        (Some(B1), Some(B1)),
        &["S5"],
    );
    let loose = course_book(
        db,
        "Wortschatz-Memo Alltag",
        "de",
        (Some(A1), Some(A2)),
        &["W1"],
    );
    let next = |db: &mut TestStore, id: i64| -> Vec<i64> {
        db.read(|s| catalogue::next_in_series_in(s, id))
            .unwrap()
            .into_iter()
            .map(|m| m.medium_id)
            .collect()
    };
    assert_eq!(
        next(db, one),
        vec![three, audio],
        "A2 of the same series in German; not A1 again, not English, not Linie 1"
    );
    assert_eq!(next(db, three), vec![five], "and from A2 on to B1");
    assert_eq!(next(db, five), Vec::<i64>::new(), "nothing at B2");
    assert_eq!(
        next(db, loose),
        Vec::<i64>::new(),
        "a title without volume or level is no series"
    );
}
on_both_engines!(a_mediums_page_names_the_next_level_of_the_same_series_and_language);

/// A teacher's profile (the borrower form) names what she teaches before
/// her loans do: both, or one of them with the other from the loans.
fn a_teachers_profile_says_what_she_teaches_before_her_loans(db: &mut TestStore) {
    use Level::*;
    course_book(db, "Sicher! A2", "de", (Some(A2), Some(A2)), &["S1"]);
    course_book(db, "Aspekte B1", "de", (Some(B1), Some(B1)), &["A1"]);
    course_book(db, "English File A2", "en", (Some(A2), Some(A2)), &["E1"]);
    course_book(db, "Menschen A1", "de", (Some(A1), Some(A1)), &["M1", "M2"]);
    let save = |db: &mut TestStore, id: i64, language: Option<&str>, level: Option<Level>| {
        let mut input = db
            .read(|s| people::borrower_in(s, id))
            .map(|b| BorrowerInput {
                kind: b.kind,
                name: b.name,
                version: Some(b.saved.version),
                ..BorrowerInput::default()
            })
            .unwrap();
        input.teaching_language = language.map(str::to_owned);
        input.teaching_level = level;
        people::update_borrower(db, id, &input, at_ten(2026, 10, 1), "THEKE-1")
    };
    // No loans: the profile alone.
    let amal = teacher(db, "أمل حداد", true);
    assert_eq!(titles(db, amal).0, None, "nothing known yet");
    save(db, amal, Some(" DE "), Some(A2)).unwrap();
    let (teaching, found) = titles(db, amal);
    assert_eq!(
        teaching,
        Some(Teaching {
            target_language: "de".into(),
            language_name: "Deutsch".into(),
            level: A2,
            from_profile: true,
        })
    );
    assert_eq!(found, vec!["Sicher! A2"]);
    // The level from the profile, the language from the loans.
    let nina = teacher(db, "Nina Weber", true);
    lend(db, nina, "M1", at_ten(2026, 10, 2)).unwrap();
    save(db, nina, None, Some(B1)).unwrap();
    let (teaching, found) = titles(db, nina);
    assert_eq!(
        teaching.map(|t| (t.target_language, t.level)),
        Some(("de".into(), B1))
    );
    assert_eq!(found, vec!["Aspekte B1"]);
    // The language from the profile, the level of her latest loan in it;
    // with no loan in it, nothing is known.
    save(db, nina, Some("en"), None).unwrap();
    assert_eq!(
        titles(db, nina).0,
        None,
        "no English loan to take a level from"
    );
    lend(db, nina, "E1", at_ten(2026, 10, 3)).unwrap();
    let (teaching, _) = titles(db, nina);
    assert_eq!(
        teaching.map(|t| (t.target_language, t.level)),
        Some(("en".into(), A2))
    );
    // A code not in the app's list is refused, and the profile stays.
    let refused = save(db, amal, Some("xx"), Some(B1));
    assert!(
        matches!(
            refused,
            Err(kiz::Error::UnknownLanguageCode {
                field: "teaching_language",
                ..
            })
        ),
        "{refused:?}"
    );
    let stored = db.read(|s| people::borrower_in(s, amal)).unwrap();
    assert_eq!(
        (stored.teaching_language.as_deref(), stored.teaching_level),
        (Some("de"), Some(A2))
    );
    // The access report names it.
    let report = db
        .read(|s| {
            privacy::access_report_in(s, privacy::Person::Borrower(amal), &[], at_ten(2026, 11, 1))
        })
        .unwrap();
    assert!(
        report
            .master_data
            .contains(&("Unterrichtet".to_string(), "Deutsch, A2".to_string())),
        "{:?}",
        report.master_data
    );
}
on_both_engines!(a_teachers_profile_says_what_she_teaches_before_her_loans);
