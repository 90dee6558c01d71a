//! The one entry for printouts and exports (`documents::render`,
//! `documents::mailing_list`): every request the window can make gives a
//! file of its kind under the name the document table gives it.

mod common;

use common::now;
use kiz::catalogue::{self, MediaQuery};
use kiz::db::engine::Engine;
use kiz::documents::labels::LabelSheet;
use kiz::documents::{
    self, DocumentRequest, ExportFormat, MeetingDocument, PrintContext, Rendered,
};
use kiz::organisations::{self, DirectoryQuery};
use kiz::people;
use kiz::privacy::Person;
use kiz::Db;

/// The demo data, printed on 12 November 2026 without the machine's fonts.
fn demo() -> (Db, PrintContext) {
    let mut db = common::test_db();
    kiz::demo::load(&mut db, now()).unwrap();
    (db, common::printing_at(now()))
}

/// The file is what its extension says, under a name Windows accepts.
fn assert_kind(file: &Rendered) {
    assert!(
        kiz::file_names::is_valid_windows_file_name(&file.file_name),
        "{} is valid on Windows",
        file.file_name
    );
    let magic: &[u8] = match file.file_name.rsplit_once('.').map(|(_, e)| e) {
        Some("pdf") => b"%PDF",
        Some("xlsx") => b"PK",
        Some("csv") => b"\xEF\xBB\xBF",
        Some("json") => b"{",
        other => panic!("an unexpected extension: {other:?}"),
    };
    assert!(
        file.bytes.starts_with(magic),
        "{} starts as such a file does",
        file.file_name
    );
}

#[test]
fn every_printout_of_the_desk_the_directory_and_privacy_has_its_name() {
    let (db, context) = demo();
    let (_, borrowers) = people::search_borrowers(&db, "Şükrü", 1, 0).unwrap();
    let borrower = &borrowers[0];
    let card = borrower.card_number.as_str();
    let medium = catalogue::search_media(&db, &MediaQuery::default())
        .unwrap()
        .rows[0]
        .id;
    let copy_ids: Vec<i64> = catalogue::medium(&db, medium)
        .unwrap()
        .copies
        .iter()
        .map(|c| c.id)
        .collect();
    let (group, _) = organisations::working_groups(&db).unwrap()[0].clone();
    let meeting = organisations::working_group(&db, group, now().date())
        .unwrap()
        .meetings
        .last()
        .cloned()
        .expect("the demo's Arbeitskreis has met");
    let met = meeting.starts_at.format("%Y-%m-%d").to_string();
    let person = Person::Borrower(borrower.id);
    let all = DirectoryQuery::default();

    let cases = [
        (
            DocumentRequest::TestPage,
            "Testseite_2026-11-12.pdf".to_owned(),
        ),
        (
            DocumentRequest::Labels {
                copy_ids,
                sheet: LabelSheet::ThreeByEight,
                start: 1,
            },
            "Etiketten_2026-11-12.pdf".to_owned(),
        ),
        (
            DocumentRequest::BorrowerCard {
                borrower_id: borrower.id,
            },
            format!("Ausweis_{card}.pdf"),
        ),
        (
            DocumentRequest::LoanSlip {
                borrower_id: borrower.id,
                loan_ids: Vec::new(),
            },
            format!("Ausleihbeleg_{card}_2026-11-12.pdf"),
        ),
        (
            DocumentRequest::ReturnReceipt {
                borrower_id: borrower.id,
                loan_ids: Vec::new(),
            },
            format!("Rückgabequittung_{card}_2026-11-12.pdf"),
        ),
        (
            DocumentRequest::Meeting {
                meeting_id: meeting.id,
                document: MeetingDocument::Invitation,
            },
            format!("Einladung_Arbeitskreis_{met}.pdf"),
        ),
        (
            DocumentRequest::Meeting {
                meeting_id: meeting.id,
                document: MeetingDocument::Minutes,
            },
            format!("Protokoll_Arbeitskreis_{met}.pdf"),
        ),
        (
            DocumentRequest::Directory {
                query: all.clone(),
                format: ExportFormat::Pdf,
            },
            "Organisationen_2026-11-12.pdf".to_owned(),
        ),
        (
            DocumentRequest::Directory {
                query: all.clone(),
                format: ExportFormat::Csv,
            },
            "Organisationen_2026-11-12.csv".to_owned(),
        ),
        (
            DocumentRequest::Directory {
                query: all.clone(),
                format: ExportFormat::Xlsx,
            },
            "Organisationen_2026-11-12.xlsx".to_owned(),
        ),
        (
            DocumentRequest::AccessReport {
                person,
                extra: Vec::new(),
                json: false,
            },
            format!("Auskunft_{}_2026-11-12.pdf", borrower.name),
        ),
        (
            DocumentRequest::AccessReport {
                person,
                extra: Vec::new(),
                json: true,
            },
            format!("Auskunft_{}_2026-11-12.json", borrower.name),
        ),
        (
            DocumentRequest::ConsentForm { person },
            format!("Einwilligung_{}.pdf", borrower.name),
        ),
    ];
    for (request, name) in cases {
        let file = documents::render(&db, &request, &context)
            .unwrap_or_else(|e| panic!("{request:?}: {}", e.code()));
        assert_eq!(file.file_name, name, "{request:?}");
        assert_kind(&file);
    }

    let report = documents::render(
        &db,
        &DocumentRequest::AccessReport {
            person,
            extra: Vec::new(),
            json: true,
        },
        &context,
    )
    .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&report.bytes).unwrap();
    assert_eq!(json["name"], borrower.name.as_str(), "the report as JSON");
    assert_eq!(
        documents::render(
            &db,
            &DocumentRequest::BorrowerCard {
                borrower_id: 999_999
            },
            &context
        )
        .unwrap_err()
        .code(),
        "not_found"
    );
}

#[test]
fn the_mailing_list_gives_its_bcc_line_and_a_file_only_when_asked() {
    let (mut db, context) = demo();
    let all = DirectoryQuery::default();
    let expected = organisations::mailing_list(&db, &all, now().date()).unwrap();
    let (list, file) = db
        .read_sql(|sql| documents::mailing_list(sql, &all, None, &context))
        .unwrap();
    assert_eq!(list, expected);
    assert!(!list.bcc.is_empty(), "the demo's contacts have addresses");
    assert!(file.is_none(), "no format, no file");
    for (format, name) in [
        (ExportFormat::Csv, "Verteiler_2026-11-12.csv"),
        (ExportFormat::Xlsx, "Verteiler_2026-11-12.xlsx"),
        (ExportFormat::Pdf, "Verteiler_2026-11-12.xlsx"),
    ] {
        let (_, file) = db
            .read_sql(|sql| documents::mailing_list(sql, &all, Some(format), &context))
            .unwrap();
        let file = file.expect("a file when a format is asked for");
        assert_eq!(
            file.file_name, name,
            "{format:?}: CSV, else XLSX (no PDF of it)"
        );
        assert_kind(&file);
    }
}
