//! The desk's printouts, read back from the PDF with poppler: loan slip,
//! return receipt, reminder letter, and the reminder e-mail.

mod common;

use common::{at, item, lend_overriding, letters, november, poppler, printing_at, test_db};
use kiz::documents::{self, slips, DocumentRequest};
use kiz::lending::{self, ReturnRequest};
use kiz::people::{self, BorrowerInput, BorrowerKind};
use kiz::Db;

/// A volunteer teacher who reads her printouts in `language`.
fn volunteer(db: &mut Db, name: &str, language: &str) -> i64 {
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

#[test]
#[cfg_attr(
    windows,
    ignore = "needs poppler's pdftotext and pdfinfo, Linux programs"
)]
fn the_loan_slip_names_the_borrower_the_items_the_other_loans_and_is_bilingual() {
    let mut db = test_db();
    item(&mut db, "video", "Deutsch im Alltag – Film", "V1");
    item(&mut db, "buch", "Schritte plus Neu 1", "B1");
    item(&mut db, "spiel", "Wortschatz-Memory", "S1");
    let amal = volunteer(&mut db, "أمل حداد", "ar");
    lend_overriding(&mut db, amal, "V1", "Rückgabe zugesagt", november(1)).unwrap(); // due 9 November (8th is a Sunday): overdue on the 12th
    let now = [
        lend_overriding(&mut db, amal, "B1", "Rückgabe zugesagt", november(12)).unwrap(),
        lend_overriding(&mut db, amal, "S1", "Rückgabe zugesagt", november(12)).unwrap(),
    ];
    let borrower = people::borrower(&db, amal).unwrap();
    // As the desk asks for it: the loans of this session; the core finds
    // the other open loans.
    let slip = documents::render(
        &db,
        &DocumentRequest::LoanSlip {
            borrower_id: amal,
            loan_ids: now.iter().map(|l| l.id).collect(),
        },
        &printing_at(at(november(12), 10, 0)),
    )
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
        "الإعارة مجانية",
    ] {
        assert!(
            flat.contains(&letters(expected)),
            "the slip shows {expected:?}:\n{text}"
        );
    }
}

#[test]
#[cfg_attr(windows, ignore = "needs poppler's pdftotext, a Linux program")]
fn the_return_receipt_lists_the_returned_items_with_missing_parts_and_what_is_still_out() {
    let mut db = test_db();
    item(&mut db, "medienkoffer", "Medienkoffer Küche", "K1");
    item(&mut db, "buch", "Einfach Deutsch", "B1");
    let sukru = volunteer(&mut db, "Şükrü Yılmaz", "tr");
    lend_overriding(&mut db, sukru, "K1", "Rückgabe zugesagt", november(2)).unwrap();
    lend_overriding(&mut db, sukru, "B1", "Rückgabe zugesagt", november(2)).unwrap();
    let receipt = lending::checkin(
        &mut db,
        &ReturnRequest {
            barcode: "K1".into(),
            missing_parts: vec!["Spielanleitung".into()],
        },
        at(november(12), 10, 0),
    )
    .unwrap();
    let borrower = people::borrower(&db, sukru).unwrap();
    let printed = documents::render(
        &db,
        &DocumentRequest::ReturnReceipt {
            borrower_id: sukru,
            loan_ids: vec![receipt.loan.id],
        },
        &printing_at(at(november(12), 10, 0)),
    )
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

#[test]
#[cfg_attr(windows, ignore = "needs poppler's pdftotext, a Linux program")]
fn the_reminder_letter_and_mail_carry_the_level_the_items_and_both_languages() {
    let mut db = test_db();
    item(&mut db, "video", "Film über Berufe", "V1");
    let natalia = volunteer(&mut db, "Наталья Иванова", "ru");
    lend_overriding(&mut db, natalia, "V1", "Rückgabe zugesagt", november(1)).unwrap(); // due 9 November
    let reminder =
        documents::remind(&mut db, natalia, &printing_at(at(november(16), 10, 0))).unwrap();
    let letter =
        lending::reminder_letter(&db, natalia, november(16)).expect("recorded on the 16th");
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
    let institution = kiz::settings::institution(&db).unwrap();
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
