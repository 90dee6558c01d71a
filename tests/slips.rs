//! The desk's printouts, read back from the PDF with poppler: loan slip,
//! return receipt, reminder letter, and the reminder e-mail.

mod common;
#[macro_use]
mod test_cluster;

use common::{
    at, code128_codes, item, lend, lend_overriding, letters, november, poppler, printing_at,
    qr_codes, zbar_qr_code,
};
use kiz::db::engine::Engine;
use kiz::documents::{self, slips, DocumentRequest};
use kiz::lending::{self, ReturnRequest};
use kiz::people::{self, BorrowerInput, BorrowerKind};
use kiz::settings::{self, Institution, SlipFormat};
use test_cluster::TestStore;

/// A volunteer teacher who reads her printouts in `language`.
fn volunteer(db: &mut impl Engine, name: &str, language: &str) -> i64 {
    people::create_borrower(
        db,
        &BorrowerInput {
            name: name.into(),
            kind: BorrowerKind::Ehrenamtlich,
            print_language: language.into(),
            email: "lehrkraft@example.org".into(),
            ..BorrowerInput::default()
        },
        at(november(1), 10, 0),
    )
    .unwrap()
    .id
}

fn the_loan_slip_names_the_borrower_the_items_the_other_loans_and_is_bilingual(db: &mut TestStore) {
    item(db, "video", "Deutsch im Alltag – Film", "V1");
    item(db, "buch", "Schritte plus Neu 1", "B1");
    item(db, "spiel", "Wortschatz-Memory", "S1");
    let amal = volunteer(db, "أمل حداد", "ar");
    lend_overriding(db, amal, "V1", "Rückgabe zugesagt", november(1)).unwrap(); // due 9 November (8th is a Sunday): overdue on the 12th
    let now = [
        lend_overriding(db, amal, "B1", "Rückgabe zugesagt", november(12)).unwrap(),
        lend_overriding(db, amal, "S1", "Rückgabe zugesagt", november(12)).unwrap(),
    ];
    let borrower = db.read(|s| people::borrower_in(s, amal)).unwrap();
    // As the desk asks for it: the loans of this session; the core finds
    // the other open loans.
    let slip = db
        .read(|s| {
            documents::render_in(
                s,
                &DocumentRequest::LoanSlip {
                    borrower_id: amal,
                    loan_ids: now.iter().map(|l| l.id).collect(),
                },
                &printing_at(at(november(12), 10, 0)),
            )
        })
        .unwrap();
    assert_eq!(
        slip.file_name,
        format!("Ausleihbeleg_{}_2026-11-12.pdf", borrower.card_number)
    );
    assert_eq!(
        poppler("pdfinfo", &[], &slip.bytes)
            .lines()
            .find(|l| l.starts_with("Pages:"))
            .map(|l| l.split_whitespace().last().unwrap_or_default().to_owned()),
        Some("1".to_owned()),
        "a slip of a few items fits one page"
    );
    assert!(
        slip.warnings.is_empty(),
        "DejaVu covers Arabic: {:?}",
        slip.warnings
    );
    let text = poppler("pdftotext", &[], &slip.bytes);
    let flat = letters(&text);
    for expected in [
        "Ausleihbeleg",
        "إيصال إعارة",
        "أمل حداد",
        &borrower.card_number,
        "Schritte plus Neu 1",
        "Wortschatz-Memory",
        "Deutsch im Alltag – Film",
        "Weitere ausgeliehene Medien",
        "überfällig",
        "10.12.2026",
        "Unterschrift Ausleihende(r)",
        "Es fallen keine Gebühren an",
        // The rules stand beside the calendar code, wrapped narrower: the
        // start and the last word of their Arabic paragraph.
        "يُرجى إعادة المواد",
        "مجانية",
    ] {
        assert!(
            flat.contains(&letters(expected)),
            "the slip shows {expected:?}:\n{text}"
        );
    }
}
on_both_engines!(
    the_loan_slip_names_the_borrower_the_items_the_other_loans_and_is_bilingual,
    ignore_on_windows = "needs poppler's pdftotext and pdfinfo, Linux programs"
);

fn the_return_receipt_lists_the_returned_items_with_missing_parts_and_what_is_still_out(
    db: &mut TestStore,
) {
    item(db, "medienkoffer", "Medienkoffer Küche", "K1");
    item(db, "buch", "Einfach Deutsch", "B1");
    let sukru = volunteer(db, "Şükrü Yılmaz", "tr");
    lend_overriding(db, sukru, "K1", "Rückgabe zugesagt", november(2)).unwrap();
    lend_overriding(db, sukru, "B1", "Rückgabe zugesagt", november(2)).unwrap();
    let receipt = lending::checkin(
        db,
        &ReturnRequest {
            barcode: "K1".into(),
            missing_parts: vec!["Spielanleitung".into()],
        },
        at(november(12), 10, 0),
    )
    .unwrap();
    let borrower = db.read(|s| people::borrower_in(s, sukru)).unwrap();
    let printed = db
        .read(|s| {
            documents::render_in(
                s,
                &DocumentRequest::ReturnReceipt {
                    borrower_id: sukru,
                    loan_ids: vec![receipt.loan.id],
                },
                &printing_at(at(november(12), 10, 0)),
            )
        })
        .unwrap();
    assert_eq!(
        printed.file_name,
        format!("Rückgabequittung_{}_2026-11-12.pdf", borrower.card_number)
    );
    let text = poppler("pdftotext", &[], &printed.bytes);
    for expected in [
        "Rückgabequittung",
        "İade belgesi",
        "Şükrü Yılmaz",
        "Medienkoffer Küche (Fehlende Teile / Eksik parçalar: Spielanleitung)",
        "Noch ausgeliehen / Hâlâ ödünçte",
        "Einfach Deutsch",
    ] {
        assert!(
            letters(&text).contains(&letters(expected)),
            "the receipt shows {expected:?}:\n{text}"
        );
    }
}
on_both_engines!(
    the_return_receipt_lists_the_returned_items_with_missing_parts_and_what_is_still_out,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

fn the_reminder_letter_and_mail_carry_the_level_the_items_and_both_languages(db: &mut TestStore) {
    item(db, "video", "Film über Berufe", "V1");
    let natalia = volunteer(db, "Наталья Иванова", "ru");
    lend_overriding(db, natalia, "V1", "Rückgabe zugesagt", november(1)).unwrap(); // due 9 November
    let reminder = documents::remind(db, natalia, &printing_at(at(november(16), 10, 0))).unwrap();
    let letter = db
        .read(|s| lending::reminder_letter_in(s, natalia, november(16)))
        .expect("recorded on the 16th");
    assert_eq!((reminder.level, reminder.items), (letter.level, 1));
    assert_eq!(
        reminder.letter.file_name,
        format!("Mahnung_{}_2026-11-16.pdf", letter.borrower.card_number)
    );
    let text = poppler("pdftotext", &[], &reminder.letter.bytes);
    for expected in [
        "Erinnerung: Leihfrist abgelaufen",
        "Напоминание: срок выдачи истёк",
        "Наталья Иванова",
        "Film über Berufe",
        "09.11.2026",
    ] {
        assert!(
            text.contains(expected),
            "the letter shows {expected:?}:\n{text}"
        );
    }
    let institution = db.read(|s| kiz::settings::institution_in(s)).unwrap();
    assert_eq!(
        (reminder.email, reminder.mail),
        (people::EmailReminders::NoConsent, None),
        "an address without consent to e-mail reminders: the letter only"
    );
    assert_eq!(slips::reminder_mail(&letter, &institution), None);
    let mut agreed = letter.clone();
    agreed.borrower.email_consent = Some(people::Consent {
        given_on: november(1),
        text_version: "2026-1".into(),
    });
    let mail = slips::reminder_mail(&agreed, &institution).expect("a draft with consent");
    assert_eq!(mail.to, "lehrkraft@example.org");
    assert!(mail.subject.contains("Erinnerung"), "{}", mail.subject);
    assert!(mail.body.contains("Film über Berufe (V1)"), "{}", mail.body);
    let url = mail.mailto_url();
    assert!(
        url.starts_with("mailto:lehrkraft@example.org?subject="),
        "{url}"
    );
    assert!(
        url.contains("%0D%0A") && !url.contains(' ') && !url.contains('\n'),
        "line breaks are CR LF, nothing unencoded: {url}"
    );
    assert!(url.contains("%C3%BCber"), "ü is percent-encoded as UTF-8");
    assert!(
        mail.body.contains("Пожалуйста"),
        "the Russian text follows the German"
    );
}
on_both_engines!(
    the_reminder_letter_and_mail_carry_the_level_the_items_and_both_languages,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

// ---- the formats of slips and receipts (Einstellungen → Drucken) ----

/// The loan slip of `loans` (lent on 12 November) as the desk asks for it.
fn slip_of(db: &mut impl Engine, borrower_id: i64, loans: &[lending::Loan]) -> documents::Rendered {
    db.read_sql(|s| {
        documents::render_in(
            s,
            &DocumentRequest::LoanSlip {
                borrower_id,
                loan_ids: loans.iter().map(|l| l.id).collect(),
            },
            &printing_at(at(november(12), 10, 0)),
        )
    })
    .unwrap()
}

/// The return receipt of `loans` as the desk asks for it.
fn receipt_of(db: &mut impl Engine, borrower_id: i64, loans: &[i64]) -> documents::Rendered {
    db.read_sql(|s| {
        documents::render_in(
            s,
            &DocumentRequest::ReturnReceipt {
                borrower_id,
                loan_ids: loans.to_vec(),
            },
            &printing_at(at(november(12), 11, 0)),
        )
    })
    .unwrap()
}

/// Width and height of each page in millimetres, as pdfinfo reads them.
fn pages_mm(pdf: &[u8]) -> Vec<(f32, f32)> {
    let info = poppler("pdfinfo", &["-f", "1", "-l", "99"], pdf);
    info.lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| {
            let mut numbers = l
                .split_once("size:")
                .map(|(_, rest)| rest)
                .unwrap_or_default()
                .split_whitespace()
                .filter_map(|w| w.parse::<f32>().ok());
            let mut mm = || numbers.next().expect("a number") / 72.0 * 25.4;
            (mm(), mm())
        })
        .collect()
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.5
}

/// A borrower with `n` items lent on 12 November: her id and the loans.
fn borrower_with_items(
    db: &mut impl Engine,
    name: &str,
    language: &str,
    n: usize,
) -> (i64, Vec<lending::Loan>) {
    let id = volunteer(db, name, language);
    let loans = (1..=n)
        .map(|i| {
            let barcode = format!("KI-M-{id}{i:05}");
            item(
                db,
                "buch",
                &format!("Schritte plus Neu {i} – Kursbuch"),
                &barcode,
            );
            lend_overriding(db, id, &barcode, "Rückgabe zugesagt", november(12)).unwrap()
        })
        .collect();
    (id, loans)
}

fn slips_print_on_a4_until_staff_choose_another_format_and_an_unknown_one_changes_nothing(
    db: &mut TestStore,
) {
    assert_eq!(
        db.read(|s| settings::slip_format_in(s)).unwrap(),
        SlipFormat::A4,
        "a desk that never chose prints as it always did"
    );
    assert_eq!(
        settings::set_slip_format(db, "roll_58").unwrap(),
        SlipFormat::Roll58
    );
    assert_eq!(
        db.read(|s| settings::slip_format_in(s)).unwrap(),
        SlipFormat::Roll58
    );
    let refused = settings::set_slip_format(db, "letter").unwrap_err();
    assert!(matches!(refused, kiz::Error::UnknownSlipFormat));
    assert_eq!(refused.code(), "unknown_slip_format");
    assert_eq!(refused.field(), Some("slip_format"));
    assert_eq!(
        db.read(|s| settings::slip_format_in(s)).unwrap(),
        SlipFormat::Roll58,
        "a refused format leaves the stored one"
    );
    for format in SlipFormat::ALL {
        assert_eq!(SlipFormat::from_code(format.code()).unwrap(), format);
    }
}
on_both_engines!(
    slips_print_on_a4_until_staff_choose_another_format_and_an_unknown_one_changes_nothing
);

fn each_slip_format_prints_on_its_paper_and_a_roll_is_as_long_as_its_content(
    mut db: &mut TestStore,
) {
    let (jana, loans) = borrower_with_items(db, "Jana Nowak", "de", 6);
    let (ali, single) = borrower_with_items(db, "Ali Haidari", "de", 1);
    for (code, width, height) in [
        ("a4", 210.0, Some(297.0)),
        ("a5", 148.0, Some(210.0)),
        ("roll_80", 80.0, None),
        ("roll_58", 58.0, None),
    ] {
        settings::set_slip_format(db, code).unwrap();
        let one = pages_mm(&slip_of(&mut db, ali, &single).bytes);
        let six = pages_mm(&slip_of(&mut db, jana, &loans).bytes);
        let receipt = pages_mm(&receipt_of(&mut db, ali, &[single[0].id]).bytes);
        for (what, pages) in [("slip", &one), ("receipt", &receipt)] {
            assert_eq!(pages.len(), 1, "{code}: a {what} of one item is one page");
        }
        for (what, pages) in [("slip", &one), ("longer slip", &six), ("receipt", &receipt)] {
            assert!(
                pages.iter().all(|page| close(page.0, width)),
                "{code}: the {what} is {width} mm wide: {pages:?}"
            );
        }
        match height {
            Some(height) => {
                assert!(
                    close(one[0].1, height),
                    "{code}: a sheet is {height} mm high: {one:?}"
                );
                assert!(
                    six.iter().all(|page| close(page.1, height)),
                    "{code}: {six:?}"
                );
            }
            None => {
                assert_eq!(six.len(), 1, "{code}: a roll has no page breaks: {six:?}");
                assert!(
                    one[0].1 >= 80.0,
                    "{code}: a slip cut from the roll is at least 80 mm long: {one:?}"
                );
                assert!(
                    six[0].1 > one[0].1 + 5.0 * 15.0,
                    "{code}: the roll follows the content, five more items need more paper: {one:?} {six:?}"
                );
                assert!(
                    one[0].1 < 297.0,
                    "{code}: one item needs no A4 length of paper: {one:?}"
                );
            }
        }
    }
}
on_both_engines!(
    each_slip_format_prints_on_its_paper_and_a_roll_is_as_long_as_its_content,
    ignore_on_windows = "needs poppler's pdfinfo, a Linux program"
);

fn a_receipt_roll_wraps_a_long_title_whole_and_prints_the_name_in_its_script(
    mut db: &mut TestStore,
) {
    let title = "Integrationskurs Deutsch als Zweitsprache – Arbeitsbuch mit Audio-CD und \
                 Wortschatzheft für Anfängerinnen und Anfänger";
    item(db, "buch", title, "KI-M-000777");
    let amal = volunteer(db, "أمل حداد", "ar");
    let loan = lend_overriding(db, amal, "KI-M-000777", "Rückgabe zugesagt", november(12)).unwrap();
    for code in ["roll_80", "roll_58"] {
        settings::set_slip_format(db, code).unwrap();
        let slip = slip_of(&mut db, amal, std::slice::from_ref(&loan));
        assert!(slip.warnings.is_empty(), "{code}: {:?}", slip.warnings);
        let text = poppler("pdftotext", &[], &slip.bytes);
        assert!(!text.contains('…'), "{code}: nothing is shortened:\n{text}");
        let flat = letters(&text);
        for expected in [
            title,
            "أمل حداد",
            "إيصال إعارة",
            "KI-M-000777",
            "Unterschrift Ausleihende(r)",
        ] {
            assert!(
                flat.contains(&letters(expected)),
                "{code}: the slip shows {expected:?}:\n{text}"
            );
        }
        let printed: Vec<&str> = text.split_whitespace().collect();
        for word in title.split_whitespace() {
            assert!(
                printed.contains(&word),
                "{code}: “{word}” is printed whole on one line, wrapped between words:\n{text}"
            );
        }
    }
}
on_both_engines!(
    a_receipt_roll_wraps_a_long_title_whole_and_prints_the_name_in_its_script,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

fn the_card_number_on_every_slip_format_scans_at_a_receipt_printers_resolution(
    mut db: &mut TestStore,
) {
    let (sukru, loans) = borrower_with_items(db, "Şükrü Yılmaz", "tr", 2);
    let card = db
        .read(|s| people::borrower_in(s, sukru))
        .unwrap()
        .card_number;
    for format in SlipFormat::ALL {
        settings::set_slip_format(db, format.code()).unwrap();
        let slip = slip_of(&mut db, sukru, &loans);
        let receipt = receipt_of(&mut db, sukru, &[loans[0].id]);
        for (what, pdf) in [("slip", slip), ("receipt", receipt)] {
            // 203 dpi: the dots of a thermal receipt printer.
            assert_eq!(
                code128_codes(&pdf.bytes, 1, 203),
                vec![card.clone()],
                "{format:?}: the {what}'s barcode gives the card number"
            );
        }
    }
}
on_both_engines!(
    the_card_number_on_every_slip_format_scans_at_a_receipt_printers_resolution,
    ignore_on_windows = "needs poppler's pdftoppm and zbar's zbarimg, Linux programs"
);

// ---- the due date as a calendar entry (issue 23, point 6) ----

/// The Mediathek's details as staff fill them in, with opening hours.
fn mediathek_with_hours(db: &mut impl Engine) {
    settings::save_institution(
        db,
        &Institution {
            name: "Kommunales Integrationszentrum Rhein-Sieg-Kreis".into(),
            department: "Mediathek".into(),
            street: "Kaiser-Wilhelm-Platz 1".into(),
            postal_code: "53721".into(),
            city: "Siegburg".into(),
            opening_hours: "Mo–Do 9–16 Uhr, Fr 9–12 Uhr".into(),
            ..Institution::default()
        },
    )
    .unwrap();
}

/// The one QR code on a slip, read as a calendar: the text and its event.
/// Read twice: by zbar at 203 dpi (a thermal receipt printer's dots) and by
/// rqrr at 406 dpi, twice those dots (rqrr misreads the anti-aliased
/// modules of this dense code at some scales where zbar reads them, 300 dpi
/// on A4 and 400 dpi on the 58 mm roll among them); both must read the
/// same text.
fn calendar_on(slip: &documents::Rendered) -> (String, icalendar::Event) {
    let codes = qr_codes(&slip.bytes, 406);
    assert_eq!(codes.len(), 1, "one calendar code on the slip: {codes:?}");
    let text = codes[0].clone();
    assert_eq!(
        zbar_qr_code(&slip.bytes, 203).as_deref(),
        Some(text.as_str()),
        "the code reads the same at a receipt printer's resolution"
    );
    let calendar: icalendar::Calendar = text.parse().expect("the code is iCalendar");
    let event = calendar
        .components
        .iter()
        .find_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => Some(e.clone()),
            _ => None,
        })
        .expect("a VEVENT");
    (text, event)
}

fn the_loan_slip_carries_the_due_date_as_a_calendar_entry_a_phone_reads(mut db: &mut TestStore) {
    use icalendar::{Component, DatePerhapsTime, EventLike};
    mediathek_with_hours(db);
    let (amal, loans) = borrower_with_items(db, "أمل حداد", "ar", 2);
    let borrower = db.read(|s| people::borrower_in(s, amal)).unwrap();
    let due = loans[0].due_on;
    for format in SlipFormat::ALL {
        settings::set_slip_format(db, format.code()).unwrap();
        let slip = slip_of(&mut db, amal, &loans);
        let (text, event) = calendar_on(&slip);
        assert_eq!(
            event.get_start(),
            Some(DatePerhapsTime::Date(due)),
            "{format:?}: an all-day entry on the due date"
        );
        assert_eq!(
            event.get_end(),
            Some(DatePerhapsTime::Date(due.succ_opt().unwrap())),
            "{format:?}: it ends when the day does"
        );
        let summary = event.get_summary().unwrap_or_default();
        assert!(
            summary.contains("Medien zur Mediathek zurückbringen")
                && summary.contains("إعادة المواد إلى المكتبة"),
            "{format:?}: in German and the borrower's language: {summary}"
        );
        assert_eq!(
            event.get_location(),
            Some(
                "Kommunales Integrationszentrum Rhein-Sieg-Kreis, Kaiser-Wilhelm-Platz 1, \
                 53721 Siegburg"
            ),
            "{format:?}: the address, its commas read back as commas"
        );
        let description = event.get_description().unwrap_or_default();
        for title in loans.iter().map(|l| l.title.as_str()) {
            assert!(
                description.contains(title),
                "{format:?}: {title} in {description}"
            );
        }
        assert!(
            description.contains("Mo–Do 9–16 Uhr, Fr 9–12 Uhr"),
            "{format:?}: the opening hours: {description}"
        );
        assert!(
            text.contains("BEGIN:VALARM") && text.contains("TRIGGER:-PT15H"),
            "{format:?}: a reminder at 9 o'clock the day before:\n{text}"
        );
        // Privacy: the entry lands on a phone and in synchronised
        // calendars; the person's data stays on the paper.
        for personal in [borrower.name.as_str(), borrower.card_number.as_str()] {
            assert!(
                !text.contains(personal),
                "{format:?}: no {personal} in the code"
            );
        }
        assert!(
            text.len() <= kiz::documents::calendar::MOST_BYTES,
            "{format:?}: {} bytes",
            text.len()
        );
        // Printed again at the same moment (the tests' fixed clock), the
        // same code: nothing in it comes from anything but the loans, the
        // settings and the moment of printing.
        let again = calendar_on(&slip_of(&mut db, amal, &loans)).0;
        assert_eq!(again, text, "{format:?}: the same code for the same slip");
        let flat = letters(&poppler("pdftotext", &[], &slip.bytes));
        for said in [
            "Rückgabedatum in den Kalender: mit der Handykamera scannen",
            "Öffnungszeiten",
            "Mo–Do 9–16 Uhr, Fr 9–12 Uhr",
        ] {
            assert!(
                flat.contains(&letters(said)),
                "{format:?}: the slip says {said:?}"
            );
        }
    }
}
on_both_engines!(
    the_loan_slip_carries_the_due_date_as_a_calendar_entry_a_phone_reads,
    ignore_on_windows = "needs poppler's pdftoppm and pdftotext, Linux programs"
);

/// The words the slip gives the entry for a German-only borrower.
fn german_words() -> kiz::documents::calendar::CalendarWords {
    kiz::documents::calendar::CalendarWords {
        summary: "Medien zur Mediathek zurückbringen".into(),
        opening_hours: "Öffnungszeiten".into(),
        more: "weitere, siehe Beleg".into(),
    }
}

#[test]
fn the_calendar_text_is_folded_crlf_lines_in_utc_within_its_bytes_even_with_the_longest_details() {
    use kiz::documents::calendar::{due_date_entry, MOST_BYTES};
    let mut db = common::test_db();
    let (_, loans) = borrower_with_items(&mut db, "Jana Nowak", "de", 3);
    let stamp = chrono::NaiveDate::from_ymd_opt(2026, 11, 12)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
        .and_utc();
    let most = kiz::limits::INSTITUTION;
    let longest = Institution {
        name: "Ä".repeat(most),
        street: "Ö".repeat(most),
        postal_code: "53721".into(),
        city: "Ü".repeat(most),
        opening_hours: "ß".repeat(most),
        ..Institution::default()
    };
    let usual = Institution {
        name: "KI Rhein-Sieg-Kreis".into(),
        street: "Kaiser-Wilhelm-Platz 1".into(),
        postal_code: "53721".into(),
        city: "Siegburg".into(),
        opening_hours: "Mo–Do 9–16 Uhr".into(),
        ..Institution::default()
    };
    // Hours in a script of three bytes a letter, in German and Arabic
    // words, for ten items: the hours do not fit even alone; without them
    // the titles do.
    let widest = Institution {
        opening_hours: "–".repeat(most),
        ..longest.clone()
    };
    let (_, ten) = borrower_with_items(&mut db, "Amal Haddad", "ar", 10);
    let arabic = kiz::documents::calendar::CalendarWords {
        summary: "Medien zur Mediathek zurückbringen / إعادة المواد إلى المكتبة".into(),
        opening_hours: "Öffnungszeiten / أوقات الدوام".into(),
        more: "weitere, siehe Beleg / أخرى، انظر الإيصال".into(),
    };
    let text = due_date_entry(&widest, &ten, &arabic, stamp).unwrap();
    assert!(text.len() <= MOST_BYTES, "widest: {} bytes", text.len());
    let unfolded = text.replace("\r\n ", "");
    assert!(
        unfolded.contains("DTSTART;VALUE=DATE:20261210"),
        "the day stays: {text}"
    );
    assert!(
        unfolded.contains("Schritte plus Neu 10 – Kursbuch")
            && !unfolded.contains("Öffnungszeiten"),
        "the hours (on the slip anyway) give way to the titles: {text}"
    );
    for (what, institution) in [("usual", &usual), ("longest", &longest)] {
        let text = due_date_entry(institution, &loans, &german_words(), stamp).unwrap();
        assert!(text.len() <= MOST_BYTES, "{what}: {} bytes", text.len());
        assert!(text.ends_with("END:VCALENDAR\r\n"), "{what}: {text:?}");
        let lines: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
        for line in &lines {
            assert!(!line.contains(['\r', '\n']), "{what}: CRLF only: {line:?}");
            assert!(line.len() <= 75, "{what}: {} bytes: {line:?}", line.len());
        }
        assert!(lines.contains(&"DTSTAMP:20261112T090000Z"), "{what}: UTC");
        assert!(
            lines.contains(&"UID:rueckgabe-20261210-20261112T090000Z-3@kiz-desk"),
            "{what}: no number of the database in the UID: {text}"
        );
        let unfolded = text.replace("\r\n ", "");
        assert!(
            unfolded.contains(institution.opening_hours.as_str()),
            "{what}: the hours stay"
        );
        assert_eq!(
            unfolded.contains("LOCATION:"),
            what == "usual",
            "{what}: the address goes only where nothing else fits"
        );
    }
}

fn a_calendar_entry_of_many_items_lists_what_fits_and_counts_the_rest_and_what_is_due_later(
    mut db: &mut TestStore,
) {
    use icalendar::{Component, DatePerhapsTime};
    mediathek_with_hours(db);
    let sukru = volunteer(db, "Şükrü Yılmaz", "tr");
    // Eight with long titles, lent on the 12th, and two lent the day
    // before: those are due a day earlier (ten: the most one person may
    // borrow).
    let mut loans = Vec::new();
    for i in 1..=8 {
        let barcode = format!("KI-M-LANG{i}");
        let title = format!("Berufssprachkurs B2 – Materialien für den Unterricht, Band {i}");
        item(db, "buch", &title, &barcode);
        loans
            .push(lend_overriding(db, sukru, &barcode, "Rückgabe zugesagt", november(12)).unwrap());
    }
    for barcode in ["KI-M-EARLY1", "KI-M-EARLY2"] {
        item(db, "buch", &format!("Früh fällig {barcode}"), barcode);
        loans.push(lend_overriding(db, sukru, barcode, "Rückgabe zugesagt", november(11)).unwrap());
    }
    let earliest = loans.iter().map(|l| l.due_on).min().unwrap();
    assert!(earliest < loans[0].due_on, "two due dates among the items");
    let slip = slip_of(&mut db, sukru, &loans);
    let (text, event) = calendar_on(&slip);
    assert_eq!(
        event.get_start(),
        Some(DatePerhapsTime::Date(earliest)),
        "the entry is on the first due date"
    );
    let description = event.get_description().unwrap_or_default();
    assert!(
        description.contains("Früh fällig KI-M-EARLY1")
            && description.contains("Früh fällig KI-M-EARLY2"),
        "{description}"
    );
    assert!(
        !description.contains("Band 1"),
        "what is due later is not listed as due then: {description}"
    );
    assert!(
        description.contains("+ 8 weitere, siehe Beleg / diğerleri, fişe bakın"),
        "the 8 due later are counted: {description}"
    );
    assert!(text.len() <= kiz::documents::calendar::MOST_BYTES);

    // All due the same day, more than fit: as many titles as fit, the
    // rest counted, the opening hours always there.
    let same_day = &loans[..8];
    let slip = slip_of(&mut db, sukru, same_day);
    let (text, event) = calendar_on(&slip);
    let description = event.get_description().unwrap_or_default();
    let listed = description.lines().filter(|l| l.starts_with("– ")).count();
    assert!(
        listed > 0 && listed < 8,
        "some titles fit: {listed} in {description}"
    );
    assert!(
        description.contains(&format!("+ {} weitere", 8 - listed)),
        "the rest is counted: {description}"
    );
    assert!(
        description.contains("Mo–Do 9–16 Uhr"),
        "the hours are never cut: {description}"
    );
    assert!(
        text.len() <= kiz::documents::calendar::MOST_BYTES,
        "{} bytes",
        text.len()
    );
}
on_both_engines!(
    a_calendar_entry_of_many_items_lists_what_fits_and_counts_the_rest_and_what_is_due_later,
    ignore_on_windows = "needs poppler's pdftoppm, a Linux program"
);

fn a_card_number_too_long_for_the_roll_is_printed_as_text_without_a_barcode(db: &mut TestStore) {
    // Whole dots of a 203 dpi printer: three where they fit, two at least.
    let dot = 25.4 / 203.0;
    assert!(close(
        slips::barcode_module_mm(176, 72.0).unwrap(),
        3.0 * dot
    ));
    assert!(close(
        slips::barcode_module_mm(176, 48.0).unwrap(),
        2.0 * dot
    ));
    assert_eq!(
        slips::barcode_module_mm(400, 48.0),
        None,
        "one dot does not scan"
    );

    settings::set_slip_format(db, "roll_58").unwrap();
    item(db, "buch", "Einfach Deutsch", "B1");
    let card = "VHS-SIEGBURG-LESEAUSWEIS-2026-0000012345";
    let id = people::create_borrower(
        db,
        &BorrowerInput {
            name: "Jana Nowak".into(),
            card_number: card.into(),
            ..BorrowerInput::default()
        },
        at(november(1), 10, 0),
    )
    .unwrap()
    .id;
    let loan = lend(db, id, "B1", november(12)).unwrap();
    let slip = slip_of(db, id, &[loan]);
    assert!(
        code128_codes(&slip.bytes, 1, 203).is_empty(),
        "bars too thin to scan are not printed"
    );
    let text = poppler("pdftotext", &[], &slip.bytes);
    assert!(
        letters(&text).contains(card),
        "the number is there to type:\n{text}"
    );
}
on_both_engines!(
    a_card_number_too_long_for_the_roll_is_printed_as_text_without_a_barcode,
    ignore_on_windows = "needs poppler's pdftoppm and pdftotext and zbar's zbarimg, Linux programs"
);

/// Long titles in the scripts of the Mediathek's shelves, one a kit with
/// missing parts.
const LONG_TITLES: [&str; 7] = [
    "Integrationskurs Deutsch als Zweitsprache – Arbeitsbuch mit Audio-CD und \
     Wortschatzheft für Anfängerinnen und Anfänger",
    "Türkçe–Almanca Resimli Sözlük: Günlük Hayat, İş ve Eğitim için Kelimeler",
    "قاموس الصور العربي الألماني للحياة اليومية والعمل والمدرسة",
    "Русско-немецкий словарь для начинающих: повседневная жизнь и работа",
    "Ferhenga wêneyî ya Kurdî–Almanî ji bo jiyana rojane û dibistanê",
    "Dictionnaire visuel français–allemand pour la vie quotidienne et le travail",
    "Medienkoffer Sprachförderung in Kindertageseinrichtungen – Bildkarten und Spiele",
];

/// A word pdftotext finds, with its box (left, top, right, bottom) in
/// points.
type PlacedWord = (String, [f32; 4]);

/// Each page's size in points and the words on it.
fn words_on_pages(pdf: &[u8]) -> Vec<((f32, f32), Vec<PlacedWord>)> {
    let html = poppler("pdftotext", &["-bbox"], pdf);
    let number = |tag: &str, name: &str| -> f32 {
        let start = tag.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    let mut pages = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push(((number(line, "width"), number(line, "height")), Vec::new()));
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let (tag, text) = rest.split_once('>').unwrap();
            let text = text.trim_end_matches("</word>").replace("&amp;", "&");
            let bounds = ["xMin", "yMin", "xMax", "yMax"].map(|n| number(tag, n));
            pages.last_mut().expect("a page").1.push((text, bounds));
        }
    }
    pages
}

/// Nothing of a slip is cut: no notice, no "…", every word of `expected`
/// printed whole, and every word inside its page.
fn assert_nothing_cut(what: &str, rendered: &documents::Rendered, expected: &[&str]) {
    assert!(
        rendered.warnings.is_empty(),
        "{what}: {:?}",
        rendered.warnings
    );
    let text = poppler("pdftotext", &[], &rendered.bytes);
    assert!(!text.contains('…'), "{what}: nothing is shortened:\n{text}");
    let flat = letters(&text);
    let word_of = |w: &str| letters(w.trim_matches(|c: char| !c.is_alphanumeric()));
    let printed: Vec<String> = text.split_whitespace().map(word_of).collect();
    for expected in expected {
        let rtl = expected
            .chars()
            .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
        // Arabic lines come out of pdftotext in visual order: their words
        // are checked one by one.
        assert!(
            rtl || flat.contains(&letters(expected)),
            "{what}: shows {expected:?}:\n{text}"
        );
        for word in expected.split_whitespace() {
            let word = word_of(word);
            // pdftotext may join the end of a right-to-left line with the
            // next column's first word.
            assert!(
                printed
                    .iter()
                    .any(|p| *p == word || (rtl && p.contains(&word))),
                "{what}: “{word}” of {expected:?} is printed whole on one line:\n{text}"
            );
        }
    }
    for (number, ((width, height), words)) in words_on_pages(&rendered.bytes).iter().enumerate() {
        for (word, [left, top, right, bottom]) in words {
            assert!(
                *left >= 0.0 && *top >= 0.0 && *right <= *width && *bottom <= *height,
                "{what}: “{word}” on page {} lies within the page \
                 ({width} × {height} pt): {left} {top} {right} {bottom}",
                number + 1
            );
        }
    }
}

/// No page ends with a section's heading or a table's header: each stands
/// above the table's header and at least one loan (its Inventarnummer).
fn assert_headings_stand_with_a_row(what: &str, pdf: &[u8]) {
    for (number, (_, words)) in words_on_pages(pdf).iter().enumerate() {
        let last = |pick: &dyn Fn(&str) -> bool| {
            words
                .iter()
                .filter(|(w, _)| pick(w))
                .map(|(_, b)| b[1])
                .fold(None, |a: Option<f32>, y| Some(a.map_or(y, |a| a.max(y))))
        };
        let heading = last(&|w| matches!(w, "Heute" | "Weitere" | "Noch"));
        let header = last(&|w| w == "Titel");
        let row = last(&|w| w.starts_with("KI-M-"));
        if let Some(heading) = heading {
            assert!(
                header.is_some_and(|h| h > heading),
                "{what}: the last heading of page {} has a table under it",
                number + 1
            );
        }
        if let Some(header) = header {
            assert!(
                row.is_some_and(|r| r > header),
                "{what}: the last table header of page {} has a loan under it",
                number + 1
            );
        }
    }
}

fn a_long_slip_and_receipt_on_a5_cut_nothing_in_any_second_language(db: &mut TestStore) {
    // One database for all six: each borrower and each copy of their own.
    for (k, (language, name)) in [
        ("ar", "أمل حداد"),
        ("tr", "Şükrü Yılmaz-Karadağlıoğlu"),
        ("ru", "Светлана Александровна Кузнецова"),
        ("fr", "Marie-Thérèse Ndiaye-Diop"),
        ("en", "Oluwaseun Adebayo-Whitfield"),
        ("de", "Rêzan Xelîl"),
    ]
    .into_iter()
    .enumerate()
    {
        // Each long title lent today; three more copies of them lent
        // before (overdue on the 12th): ten loans, a volunteer's limit.
        settings::set_slip_format(db, SlipFormat::A5.code()).unwrap();
        let borrower = volunteer(db, name, language);
        let mut today = Vec::new();
        for (i, title) in LONG_TITLES.iter().enumerate() {
            let kind = if i == 6 { "medienkoffer" } else { "buch" };
            let barcode = format!("KI-M-{:06}", 1000 * k + 100 + i);
            item(db, kind, title, &barcode);
            if i % 2 == 0 && i < 6 {
                let earlier = format!("KI-M-{:06}", 1000 * k + 200 + i);
                item(db, kind, title, &earlier);
                lend_overriding(db, borrower, &earlier, "Rückgabe zugesagt", november(1)).unwrap();
            }
            today.push(
                lend_overriding(db, borrower, &barcode, "Rückgabe zugesagt", november(12)).unwrap(),
            );
        }
        let card = db
            .read(|s| people::borrower_in(s, borrower))
            .unwrap()
            .card_number;
        let mut expected: Vec<&str> = LONG_TITLES.to_vec();
        expected.extend([name, card.as_str()]);
        let slip = slip_of(db, borrower, &today);
        assert_nothing_cut(&format!("A5 slip ({language})"), &slip, &expected);
        assert_headings_stand_with_a_row(&format!("A5 slip ({language})"), &slip.bytes);
        assert!(
            pages_mm(&slip.bytes)
                .iter()
                .all(|page| close(page.0, 148.0) && close(page.1, 210.0)),
            "{language}: every page of the slip is A5"
        );
        let returned = lending::checkin(
            db,
            &ReturnRequest {
                barcode: format!("KI-M-{:06}", 1000 * k + 106),
                missing_parts: vec!["Spielanleitung auf Arabisch und Türkisch".into()],
            },
            at(november(12), 11, 0),
        )
        .unwrap();
        let receipt = receipt_of(db, borrower, &[returned.loan.id]);
        expected.push("Spielanleitung auf Arabisch und Türkisch");
        assert_nothing_cut(&format!("A5 receipt ({language})"), &receipt, &expected);
        assert_headings_stand_with_a_row(&format!("A5 receipt ({language})"), &receipt.bytes);
        assert!(
            pages_mm(&receipt.bytes)
                .iter()
                .all(|page| close(page.0, 148.0) && close(page.1, 210.0)),
            "{language}: every page of the receipt is A5"
        );
    }
}
on_both_engines!(
    a_long_slip_and_receipt_on_a5_cut_nothing_in_any_second_language,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);
