//! Reminders after the letter went out (issue 19, point 3): a Zweitschrift
//! says what the letter said, the borrower's page lists the letters sent,
//! a postal address is optional and lightly checked, and a letter to
//! someone with an address is laid out for a DL window envelope.

mod common;
#[macro_use]
mod test_cluster;

use common::{
    at, give_back, lend_overriding, letters, media_kind_on, november, poppler, printing_at,
};
use kiz::catalogue::{self, MediumInput};
use kiz::db::engine::Engine;
use kiz::documents::{self, slips::din5008, DocumentRequest};
use kiz::lending;
use kiz::people::{self, BorrowerInput, PostalAddress};
use kiz::privacy::{self, Person};
use test_cluster::TestStore;

/// A video (short loan period) with one copy; returns the medium's id.
fn item(db: &mut impl Engine, title: &str, barcode: &str) -> i64 {
    common::item(db, "video", title, barcode)
}

fn borrower(db: &mut impl Engine, name: &str, language: &str, address: PostalAddress) -> i64 {
    people::create_borrower(
        db,
        &BorrowerInput {
            name: name.into(),
            print_language: language.into(),
            address,
            ..BorrowerInput::default()
        },
        at(november(1), 10, 0),
    )
    .unwrap()
    .id
}

fn bonn(street: &str) -> PostalAddress {
    PostalAddress {
        street: street.into(),
        postal_code: "53111".into(),
        town: "Bonn".into(),
        ..PostalAddress::default()
    }
}

fn sender_institution(db: &mut impl Engine) {
    let mut institution = db.read_sql(|s| kiz::settings::institution_in(s)).unwrap();
    institution.name = "KI Rhein-Sieg".into();
    institution.street = "Kaiser-Wilhelm-Platz 1".into();
    institution.postal_code = "53721".into();
    institution.city = "Siegburg".into();
    kiz::settings::save_institution(db, &institution).unwrap();
}

/// A word of `pdftotext -bbox`: its text and box in millimetres from the
/// page's top left.
#[derive(Debug)]
struct Word {
    text: String,
    page: usize,
    x_min: f32,
    y_min: f32,
    x_max: f32,
    y_max: f32,
}

fn words(pdf: &[u8]) -> Vec<Word> {
    let html = poppler("pdftotext", &["-bbox"], pdf);
    let attr = |tag: &str, name: &str| -> f32 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + tag[start..].find('"').unwrap();
        tag[start..end].parse::<f32>().unwrap() * 25.4 / 72.0
    };
    let mut page = 0;
    let mut out = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page") {
            page += 1;
        }
        if let Some(rest) = line.strip_prefix("<word ") {
            let (tag, text) = rest.split_once('>').unwrap();
            let text = text.trim_end_matches("</word>");
            let text = text
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'");
            out.push(Word {
                text,
                page,
                x_min: attr(tag, "xMin"),
                y_min: attr(tag, "yMin"),
                x_max: attr(tag, "xMax"),
                y_max: attr(tag, "yMax"),
            });
        }
    }
    out
}

/// The words on page 1 inside the rectangle (left, top, right, bottom; mm),
/// in reading order of the extractor.
fn inside(words: &[Word], (left, top, right, bottom): (f32, f32, f32, f32)) -> Vec<&Word> {
    words
        .iter()
        .filter(|w| {
            w.page == 1
                && w.x_min >= left
                && w.x_max <= right
                && w.y_min >= top
                && w.y_max <= bottom
        })
        .collect()
}

fn joined(words: &[&Word]) -> String {
    letters(&words.iter().map(|w| w.text.as_str()).collect::<String>())
}

fn a_zweitschrift_says_what_the_letter_said_after_a_renewal_a_return_and_a_corrected_title(
    db: &mut TestStore,
) {
    let film = item(db, "Film über Berufe", "V1");
    item(db, "Schritte plus 1", "B1");
    let zeynep = borrower(db, "Zeynep Kayaoğlu", "tr", PostalAddress::default());
    lend_overriding(db, zeynep, "V1", "Rückgabe zugesagt", november(1)).unwrap(); // due 9 November
    lend_overriding(db, zeynep, "B1", "Rückgabe zugesagt", november(2)).unwrap();
    let sent = documents::remind(db, zeynep, &printing_at(at(november(17), 10, 0))).unwrap();
    let original = db
        .read(|s| lending::reminder_letter_in(s, zeynep, november(17)))
        .unwrap();
    // The centre keeps a returned loan's link for 30 days (with the
    // default, 0, the returned film would leave the letter: see
    // `a_returned_loan_takes_its_reminders_off_the_borrowers_page`).
    privacy::save_retention_rules_on(
        db,
        &privacy::RetentionRules {
            loan_link_days: 30,
            ..privacy::RetentionRules::default()
        },
    )
    .unwrap();

    // Since then: the book was renewed (the desk allows it up to 30 days
    // late here), the film came back and its title was corrected.
    let mut settings = db.read(|s| lending::lending_settings_in(s)).unwrap();
    settings.renewal_grace_days = 30;
    lending::save_lending_settings(db, &settings, "BUERO-1", common::at_ten(2026, 11, 12)).unwrap();
    let renewed = lending::renew(db, "B1", at(november(18), 10, 0)).unwrap();
    assert!(
        renewed.due_on > november(9),
        "the renewal moved the due date"
    );
    give_back(db, "V1", &[], at(november(20), 11, 0));
    let kind_id = media_kind_on(db, "video");
    catalogue::update_medium(
        db,
        film,
        &MediumInput {
            kind_id,
            title: "Berufe im Film (korrigiert)".into(),
            ..MediumInput::default()
        },
        at(november(21), 9, 0),
        "PC-TEST",
    )
    .unwrap();

    let again = db
        .read(|s| lending::reminder_letter_in(s, zeynep, november(17)))
        .unwrap();
    let as_sent =
        |l: &lending::ReminderLetter| -> Vec<(String, String, chrono::NaiveDate, u8, i64)> {
            l.items
                .iter()
                .map(|i| {
                    (
                        i.title.clone(),
                        i.barcode.clone(),
                        i.due_on,
                        i.level,
                        i.days_overdue,
                    )
                })
                .collect()
        };
    assert_eq!(
        as_sent(&again),
        as_sent(&original),
        "a Zweitschrift names the same loans, titles, due dates and levels as the letter sent"
    );
    assert_eq!(
        (again.level, again.sent_on),
        (original.level, original.sent_on)
    );
    assert!(
        again.items[0].loan.returned_at.is_some(),
        "the loan itself did come back"
    );

    let copy = db
        .read(|s| {
            documents::render_in(
                s,
                &DocumentRequest::ReminderCopy {
                    borrower_id: zeynep,
                    sent_on: november(17),
                },
                &printing_at(at(december(3), 9, 30)),
            )
        })
        .unwrap();
    assert!(
        copy.file_name.contains("Zweitschrift"),
        "{}",
        copy.file_name
    );
    let text = poppler("pdftotext", &[], &copy.bytes);
    let first = poppler("pdftotext", &[], &sent.letter.bytes);
    for expected in [
        "Zweitschrift / İkinci nüsha",
        "03.12.2026",
        "17.11.2026",
        "Film über Berufe",
        "09.11.2026",
        "Schritte plus 1",
        "Zeynep Kayaoğlu",
        "Erinnerung: Leihfrist abgelaufen",
    ] {
        assert!(
            text.contains(expected),
            "the Zweitschrift shows {expected:?}:\n{text}"
        );
    }
    assert!(
        !text.contains("korrigiert"),
        "the corrected title is not what the letter said:\n{text}"
    );
    assert!(
        !first.contains("Zweitschrift"),
        "the letter sent is no Zweitschrift"
    );
}
on_both_engines!(
    a_zweitschrift_says_what_the_letter_said_after_a_renewal_a_return_and_a_corrected_title,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

fn december(d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

fn the_borrowers_page_lists_the_letters_sent_latest_first_with_level_and_titles(
    db: &mut TestStore,
) {
    item(db, "Film über Berufe", "V1");
    let anna = borrower(db, "Anna Schmidt", "de", PostalAddress::default());
    let other = borrower(db, "Olena Koval", "de", PostalAddress::default());
    assert_eq!(
        db.read(|s| lending::sent_reminders_of(s, anna)).unwrap(),
        vec![]
    );
    lend_overriding(db, anna, "V1", "Rückgabe zugesagt", november(1)).unwrap(); // due 9 November
    lending::record_reminders(db, anna, november(16)).unwrap();
    lending::record_reminders(db, anna, november(30)).unwrap();
    let list = db.read(|s| lending::sent_reminders_of(s, anna)).unwrap();
    let seen: Vec<(chrono::NaiveDate, u8, Vec<String>)> = list
        .into_iter()
        .map(|l| (l.sent_on, l.level, l.titles))
        .collect();
    assert_eq!(
        seen,
        vec![
            (november(30), 2, vec!["Film über Berufe".to_string()]),
            (november(16), 1, vec!["Film über Berufe".to_string()]),
        ]
    );
    assert!(
        db.read(|s| lending::sent_reminders_of(s, other))
            .unwrap()
            .is_empty(),
        "another borrower's page shows none of Anna's letters"
    );
    assert_eq!(
        db.read(|s| lending::reminder_letter_in(s, other, november(16)))
            .unwrap_err()
            .code(),
        "not_found",
        "nobody reprints another borrower's letter"
    );
}
on_both_engines!(the_borrowers_page_lists_the_letters_sent_latest_first_with_level_and_titles);

fn a_returned_loan_takes_its_reminders_off_the_borrowers_page(db: &mut TestStore) {
    item(db, "Film über Berufe", "V1");
    item(db, "Schritte plus 1", "B1");
    item(db, "Deutsch im Beruf", "V2");
    let anna = borrower(db, "Anna Schmidt", "de", PostalAddress::default());
    lend_overriding(db, anna, "V1", "Rückgabe zugesagt", november(1)).unwrap();
    lend_overriding(db, anna, "B1", "Rückgabe zugesagt", november(1)).unwrap();
    lending::record_reminders(db, anna, november(16)).unwrap();
    let titles = |db: &mut TestStore| -> Vec<String> {
        db.read(|s| lending::sent_reminders_of(s, anna))
            .unwrap()
            .into_iter()
            .flat_map(|l| l.titles)
            .collect()
    };
    assert_eq!(titles(db), ["Film über Berufe", "Schritte plus 1"]);

    // The default retention: a returned loan stops naming its borrower at
    // once, and the letter's line about it goes with it.
    give_back(db, "V1", &[], at(november(18), 10, 0));
    assert_eq!(titles(db), ["Schritte plus 1"]);
    let copy = db
        .read(|s| lending::reminder_letter_in(s, anna, november(16)))
        .unwrap();
    assert_eq!(
        copy.items.len(),
        1,
        "the Zweitschrift names the loan still linked"
    );

    // A longer retention: the link (and the reminder's) goes when the
    // automatic rules run after the deadline.
    privacy::save_retention_rules_on(
        db,
        &privacy::RetentionRules {
            loan_link_days: 7,
            ..privacy::RetentionRules::default()
        },
    )
    .unwrap();
    give_back(db, "B1", &[], at(november(20), 10, 0));
    privacy::run_automatic_on(db, at(november(25), 8, 0)).unwrap();
    db.scrub();
    assert_eq!(titles(db), ["Schritte plus 1"], "kept within the 7 days");
    privacy::run_automatic_on(db, at(november(28), 8, 0)).unwrap();
    db.scrub();
    assert!(
        titles(db).is_empty(),
        "gone with the loan's link after 7 days"
    );
}
on_both_engines!(a_returned_loan_takes_its_reminders_off_the_borrowers_page);

fn a_postal_address_is_optional_checked_lightly_and_bad_input_changes_nothing(db: &mut TestStore) {
    let none = borrower(db, "Ohne Anschrift", "de", PostalAddress::default());
    assert!(db
        .read(|s| people::borrower_in(s, none))
        .unwrap()
        .address
        .is_empty());

    let id = borrower(db, "Anna Schmidt", "de", bonn(" Hauptstraße 12 "));
    let stored = db.read(|s| people::borrower_in(s, id)).unwrap();
    assert_eq!(stored.address.street, "Hauptstraße 12", "trimmed");
    assert!(stored.address.is_complete());

    let edit = |address: PostalAddress| BorrowerInput {
        name: "Anna Schmidt".into(),
        address,
        ..BorrowerInput::default()
    };
    let refused = [
        (bonn("").clone(), "required", "address_street"),
        (
            PostalAddress {
                postal_code: "5311".into(),
                ..bonn("Hauptstraße 12")
            },
            "invalid_postal_code",
            "address_postal_code",
        ),
        (
            PostalAddress {
                town: String::new(),
                ..bonn("Hauptstraße 12")
            },
            "required",
            "address_town",
        ),
        (
            PostalAddress {
                extra: "c/o Yılmaz".into(),
                ..PostalAddress::default()
            },
            "required",
            "address_street",
        ),
    ];
    for (address, code, field) in refused {
        let error = people::update_borrower(
            db,
            id,
            &edit(address.clone()),
            at(november(2), 9, 0),
            "PC-TEST",
        )
        .unwrap_err();
        assert_eq!(
            (error.code(), error.field()),
            (code, Some(field)),
            "{address:?}"
        );
        assert_eq!(
            db.read(|s| people::borrower_in(s, id)).unwrap().address,
            stored.address,
            "a refused change leaves the address as it was"
        );
    }

    // Abroad, the postcode is not checked against the German format.
    let abroad = PostalAddress {
        street: "10 Downing Street".into(),
        postal_code: "SW1A 2AA".into(),
        town: "London".into(),
        country: "Vereinigtes Königreich".into(),
        ..PostalAddress::default()
    };
    let saved = people::update_borrower(
        db,
        id,
        &edit(abroad.clone()),
        at(november(2), 9, 0),
        "PC-TEST",
    )
    .unwrap();
    assert_eq!(saved.address, abroad);
    assert_eq!(
        saved.address.lines(),
        [
            "10 Downing Street",
            "SW1A 2AA London",
            "VEREINIGTES KÖNIGREICH"
        ],
        "a foreign address ends with the country in capitals"
    );
    let removed = people::update_borrower(
        db,
        id,
        &edit(PostalAddress::default()),
        at(november(3), 9, 0),
        "PC-TEST",
    )
    .unwrap();
    assert!(
        removed.address.is_empty(),
        "an address can be removed again"
    );
}
on_both_engines!(a_postal_address_is_optional_checked_lightly_and_bad_input_changes_nothing);

fn a_letter_to_an_address_shows_sender_and_address_in_the_window_of_a_dl_envelope(
    db: &mut TestStore,
) {
    sender_institution(db);
    item(db, "Film über Berufe", "V1");
    let people = [
        ("محمد الأحمد", "ar", "Kölnstraße 5"),
        ("Олена Коваленко", "ru", "Hauptstraße 12"),
        ("Zeynep Kayaoğlu", "tr", "Şişli Sokak 3"),
    ];
    for (n, (name, language, street)) in people.into_iter().enumerate() {
        let barcode = format!("B{n}");
        item(db, "Schritte plus 1", &barcode);
        let mut address = bonn(street);
        address.extra = "c/o Integrationskurs".into();
        let id = borrower(db, name, language, address);
        lend_overriding(db, id, &barcode, "Rückgabe zugesagt", november(1)).unwrap();
        let sent = documents::remind(db, id, &printing_at(at(november(16), 10, 0))).unwrap();
        assert!(
            sent.letter.warnings.is_empty(),
            "every character printed: {:?}",
            sent.letter.warnings
        );
        for (what, pdf) in [
            ("letter", sent.letter.bytes.clone()),
            (
                "Zweitschrift",
                db.read(|s| {
                    documents::render_in(
                        s,
                        &DocumentRequest::ReminderCopy {
                            borrower_id: id,
                            sent_on: november(16),
                        },
                        &printing_at(at(december(1), 9, 0)),
                    )
                })
                .unwrap()
                .bytes,
            ),
        ] {
            let all = words(&pdf);
            let window = inside(&all, din5008::DL_WINDOW_ALWAYS_SHOWN);
            let shown = joined(&window);
            // Right-to-left words come out of the box list in visual order.
            let visual = |text: &str| -> String {
                if language == "ar" {
                    letters(text).chars().rev().collect()
                } else {
                    letters(text)
                }
            };
            for expected in [
                "KIRhein-Sieg·Kaiser-Wilhelm-Platz1·53721Siegburg".to_string(),
                visual(name),
                "c/oIntegrationskurs".to_string(),
                letters(street),
                "53111Bonn".to_string(),
            ] {
                assert!(
                    shown.contains(&expected),
                    "{what} to {name}: {expected:?} shows in the envelope's window; it shows {shown:?}"
                );
            }
            // Shaped, not drawn letter by letter: the text copies out in
            // logical order and no character needed a placeholder.
            let plain = letters(&poppler("pdftotext", &[], &pdf));
            assert!(
                plain.contains(&letters(name)),
                "{name} copies out as written: {plain}"
            );
            assert!(
                plain.contains(&letters(street)),
                "{street} copies out as written"
            );
            // The sender line lies above the address, in the field's
            // return-address zone; the name is the address's first line.
            // (The letterhead above repeats the street: look below it.)
            let top_of = |text: &str| {
                all.iter()
                    .filter(|w| w.page == 1 && w.y_min > din5008::FIELD_TOP - 5.0)
                    .filter(|w| letters(&w.text) == letters(text))
                    .map(|w| w.y_min)
                    .fold(f32::MAX, f32::min)
            };
            let sender_top = top_of("Kaiser-Wilhelm-Platz");
            let zone_line = din5008::FIELD_TOP + din5008::RETURN_ZONE;
            assert!(
                sender_top > din5008::FIELD_TOP && sender_top < zone_line,
                "the sender line is in the return-address zone: {sender_top}"
            );
            let postcode_top = top_of("53111");
            assert!(
                postcode_top > zone_line,
                "the address is below the line at 62.7 mm: {postcode_top}"
            );
            // Nothing of the letter's body shows through the window.
            let body = joined(&inside(&all, (0.0, 0.0, 210.0, 297.0)));
            assert!(body.contains("Erinnerung:Leihfrist"), "{body}");
            let heading_top = top_of("Erinnerung:");
            assert!(
                heading_top > din5008::TEXT_TOP - 1.0,
                "the letter's text begins below the address field: {heading_top}"
            );
        }
    }
}
on_both_engines!(
    a_letter_to_an_address_shows_sender_and_address_in_the_window_of_a_dl_envelope,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

fn without_an_address_the_letter_is_the_sheet_handed_over_at_the_desk(db: &mut TestStore) {
    sender_institution(db);
    item(db, "Film über Berufe", "V1");
    let id = borrower(db, "Olena Koval", "de", PostalAddress::default());
    lend_overriding(db, id, "V1", "Rückgabe zugesagt", november(1)).unwrap();
    let sent = documents::remind(db, id, &printing_at(at(november(16), 10, 0))).unwrap();
    let all = words(&sent.letter.bytes);
    let text = joined(&inside(&all, (0.0, 0.0, 210.0, 297.0)));
    assert!(
        !text.contains("·Kaiser-Wilhelm-Platz1·"),
        "no return-address line without a postal address: {text}"
    );
    assert!(
        text.contains("Name") && text.contains("OlenaKoval") && text.contains("Ausweisnummer"),
        "the name and card number stand in the key-value block as before: {text}"
    );
    let heading_top = all
        .iter()
        .filter(|w| w.text == "Erinnerung:")
        .map(|w| w.y_min)
        .fold(f32::MAX, f32::min);
    assert!(
        heading_top < din5008::FIELD_TOP,
        "the heading comes right under the letterhead: {heading_top}"
    );
}
on_both_engines!(
    without_an_address_the_letter_is_the_sheet_handed_over_at_the_desk,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

fn the_address_is_in_the_data_subject_export_and_goes_with_the_erased_borrower(db: &mut TestStore) {
    item(db, "Film über Berufe", "V1");
    let id = borrower(db, "Mohammed Tahiri", "de", bonn("Rosenweg 7"));
    let report = db
        .read(|s| privacy::access_report_in(s, Person::Borrower(id), &[], at(november(2), 9, 0)))
        .unwrap();
    assert!(
        report
            .master_data
            .iter()
            .any(|(label, value)| label == "Postanschrift" && value == "Rosenweg 7, 53111 Bonn"),
        "{:?}",
        report.master_data
    );
    // She agreed to keep her history, so the return keeps the loan's link
    // and the reminder's: only the erasure takes them.
    let b = db.read(|s| people::borrower_in(s, id)).unwrap();
    people::update_borrower(
        db,
        id,
        &BorrowerInput {
            name: b.name,
            print_language: b.print_language,
            address: b.address,
            history_consent: Some(people::Consent {
                given_on: november(1),
                text_version: "2026-1".into(),
            }),
            ..BorrowerInput::default()
        },
        at(november(1), 11, 0),
        "PC-TEST",
    )
    .unwrap();
    lend_overriding(db, id, "V1", "Rückgabe zugesagt", november(1)).unwrap();
    lending::record_reminders(db, id, november(16)).unwrap();
    give_back(db, "V1", &[], at(november(18), 10, 0));
    let report = db
        .read(|s| privacy::access_report_in(s, Person::Borrower(id), &[], at(november(19), 9, 0)))
        .unwrap();
    assert!(
        report
            .master_data
            .iter()
            .any(|(label, value)| label == "Mahnung"
                && value == "16.11.2026, Stufe 1: Film über Berufe"),
        "the data-subject export lists the letter sent: {:?}",
        report.master_data
    );

    privacy::erase_on(
        db,
        Person::Borrower(id),
        &[],
        "A. Becker",
        at(november(20), 10, 0),
    )
    .unwrap();
    db.scrub();
    assert_eq!(
        db.read(|s| lending::sent_reminders_of(s, id))
            .unwrap_err()
            .code(),
        "not_found",
        "the erased borrower has no page and no letters"
    );
    let count = |db: &mut TestStore, sql: &str| -> i64 { db.rows(sql, &[])[0].get(0).unwrap() };
    assert_eq!(
        count(
            db,
            "SELECT count(*) FROM borrower WHERE address_street = 'Rosenweg 7'"
        ),
        0,
        "the address is erased with the borrower"
    );
    assert_eq!(
        count(
            db,
            "SELECT count(*) FROM reminder AS r JOIN loan AS l ON l.id = r.loan_id
             WHERE l.borrower_id IS NOT NULL"
        ),
        0,
        "no loan of a reminder leads to a person any more"
    );
    assert_eq!(
        count(
            db,
            "SELECT count(*) FROM reminder WHERE borrower_id IS NOT NULL"
        ),
        0,
        "no reminder names the erased borrower"
    );
    let stored: Vec<(String, String)> = db
        .rows("SELECT title, barcode FROM reminder", &[])
        .iter()
        .map(|r| (r.get(0).unwrap(), r.get(1).unwrap()))
        .collect();
    assert_eq!(
        stored,
        [("Film über Berufe".to_owned(), "V1".to_owned())],
        "what a reminder stored of its letter names no person"
    );
}
on_both_engines!(the_address_is_in_the_data_subject_export_and_goes_with_the_erased_borrower);

fn a_reminder_recorded_before_letters_were_stored_reprints_the_loan_as_it_is_now(
    db: &mut TestStore,
) {
    item(db, "Film über Berufe", "V1");
    let anna = borrower(db, "Anna Schmidt", "de", PostalAddress::default());
    lend_overriding(db, anna, "V1", "Rückgabe zugesagt", november(1)).unwrap(); // due 9 November
    lending::record_reminders(db, anna, november(16)).unwrap();
    // As a version-9 file upgraded (and moved to a server after): the
    // reminder row holds loan, level and day only.
    db.execute(
        "UPDATE reminder SET title = NULL, barcode = NULL, due_on = NULL, borrower_id = NULL",
    );
    let letter = db
        .read(|s| lending::reminder_letter_in(s, anna, november(16)))
        .unwrap();
    let item = &letter.items[0];
    assert_eq!(
        (
            item.title.as_str(),
            item.barcode.as_str(),
            item.due_on,
            item.days_overdue
        ),
        ("Film über Berufe", "V1", november(9), 7),
        "the open loan, found through its borrower, stands in for what was not stored"
    );
    assert_eq!(
        db.read(|s| lending::sent_reminders_of(s, anna))
            .unwrap()
            .len(),
        1
    );
}
on_both_engines!(a_reminder_recorded_before_letters_were_stored_reprints_the_loan_as_it_is_now);
