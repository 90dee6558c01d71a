//! The event printouts: the programme grid, the confirmation with a QR
//! code that scans back to the check-in code, certificates, name badges and
//! the event-wide list grouped by workshop.

mod common;
#[macro_use]
mod test_cluster;

use kiz::db::engine::Engine;
use test_cluster::TestStore;

use common::{at, fair_with_three_workshops, november, now, person, printing_at, qr_codes, setup};
use kiz::documents::labels::{self, Badge, LabelSheet};
use kiz::documents::participants::{self, ListColumn};
use kiz::documents::{self, programme, DocumentRequest, EventDocument, Scope};
use kiz::events::{self, Confirmation, RegisterOptions};

fn the_programme_is_a_time_by_room_grid_in_landscape(mut db: &mut TestStore) {
    let (event, _) = fair_with_three_workshops(db);
    let info = db.read(|s| events::event_in(s, event)).unwrap();
    let list = db.read(|s| events::workshops_in(s, event)).unwrap();
    let pdf = programme::programme(setup(&mut db, "Programm"), &info, &list);
    let size = common::poppler("pdfinfo", &[], &pdf.bytes);
    assert!(size.contains("841.89 x 595.276"), "landscape A4: {size}");
    let text = common::poppler("pdftotext", &["-layout"], &pdf.bytes);
    let header = text
        .lines()
        .find(|l| l.contains("Raum A"))
        .expect("a header row with the rooms");
    assert!(
        header.contains("Beginn") && header.contains("Raum B"),
        "{header}"
    );
    let ten = text.lines().position(|l| l.contains("10:00 Uhr")).unwrap();
    let twelve = text.lines().position(|l| l.contains("12:00 Uhr")).unwrap();
    assert!(ten < twelve, "rows by start time: {text}");
    let row_of = |title: &str| text.lines().position(|l| l.contains(title)).unwrap();
    assert_eq!(
        row_of("Bewerbung schreiben"),
        row_of("Pflegeberufe kennenlernen"),
        "two workshops at 10:00 side by side: {text}"
    );
    assert!(row_of("Ausbildung im Handwerk") > row_of("Bewerbung schreiben"));
    assert!(text.contains("Sprachen: Deutsch, Türkisch"), "{text}");
}
on_both_engines!(
    the_programme_is_a_time_by_room_grid_in_landscape,
    ignore_on_windows = "needs poppler's pdftotext and pdfinfo, Linux programs"
);

fn the_confirmation_is_in_german_and_the_persons_language_with_a_scannable_code(
    mut db: &mut TestStore,
) {
    let (_, ids) = fair_with_three_workshops(db);
    let first = person(db, "Amal Haddad", &[]);
    let p = person(db, "محمد الأحمد", &["de", "ar"]);
    events::register(db, ids[0], first, &RegisterOptions::default(), now()).unwrap();
    let reg = events::register(db, ids[0], p, &RegisterOptions::default(), now()).unwrap();
    assert_eq!(reg.waitlist_position, Some(1));
    let participant = db.read(|s| events::participant_in(s, p)).unwrap();
    let c = Confirmation {
        name: participant.name.clone(),
        workshop: db.read(|s| events::workshop_in(s, ids[0])).unwrap(),
        venue: "Kreishaus Siegburg".into(),
        waitlist_position: reg.waitlist_position,
        code: reg.code.clone(),
        languages: participant.languages.clone(),
    };
    let pdf = programme::confirmation(setup(&mut db, "Anmeldebestätigung"), &c).unwrap();
    assert!(pdf.missing.is_empty());
    let text = common::poppler("pdftotext", &[], &pdf.bytes);
    for expected in [
        "Anmeldebestätigung",
        "Warteliste für diesen Workshop (Platz 1)",
        "Bewerbung schreiben",
        "Raum A",
        "تأكيد التسجيل",
        "قائمة الانتظار",
        reg.code.as_str(),
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    assert_eq!(
        qr_codes(&pdf.bytes, 150),
        vec![reg.code.as_str()],
        "the QR code scans"
    );

    // Without a language we have words for, German only.
    let only_german = Confirmation {
        languages: vec!["ku".into()],
        waitlist_position: None,
        ..c
    };
    let pdf = programme::confirmation(setup(&mut db, "Anmeldebestätigung"), &only_german).unwrap();
    let text = common::poppler("pdftotext", &[], &pdf.bytes);
    assert!(text.contains("Sie sind für diesen Workshop angemeldet"));
    assert!(!text.contains("تأكيد"), "{text}");
}
on_both_engines!(
    the_confirmation_is_in_german_and_the_persons_language_with_a_scannable_code,
    ignore_on_windows = "needs poppler's pdftotext and pdftoppm, Linux programs"
);

fn certificates_badges_and_the_event_list_grouped_by_workshop(mut db: &mut TestStore) {
    let (event, ids) = fair_with_three_workshops(db);
    let names = ["Şükrü Yılmaz", "Наталья Иванова", "Zoé Martin"];
    for (i, name) in names.iter().enumerate() {
        let p = person(db, name, &["tr"]);
        events::register(db, ids[i], p, &RegisterOptions::default(), now()).unwrap();
    }
    let w = db.read(|s| events::workshop_in(s, ids[0])).unwrap();
    let pdf = programme::certificates(
        setup(&mut db, "Teilnahmebescheinigung"),
        &w,
        &[names[0].into()],
    );
    let text = common::poppler("pdftotext", &[], &pdf.bytes);
    assert!(text.contains("Teilnahmebescheinigung") && text.contains("Şükrü Yılmaz"));
    assert!(
        text.contains("20.11.2026 von 10:00 bis 11:30 Uhr"),
        "{text}"
    );

    let badges: Vec<Badge> = names
        .iter()
        .map(|n| Badge {
            name: (*n).into(),
            line: "Bewerbung schreiben".into(),
        })
        .collect();
    let institution = db.read(|s| kiz::settings::institution_in(s)).unwrap();
    let pdf = labels::name_badges(
        "Ausbildungsbörse",
        &badges,
        LabelSheet::ThreeByEight,
        23,
        &institution,
        november(12),
    )
    .unwrap();
    assert_eq!(
        pdf.pages, 2,
        "from label 23: two on the first sheet, one on the next"
    );
    let text = common::poppler("pdftotext", &[], &pdf.bytes);
    for n in names {
        assert!(text.contains(n), "{n}: {text}");
    }
    assert_eq!(
        labels::name_badges(
            "x",
            &[],
            LabelSheet::ThreeByEight,
            1,
            &institution,
            november(12)
        )
        .unwrap_err()
        .code(),
        "required"
    );

    let lists = db.read(|s| events::event_list_in(s, event)).unwrap();
    assert_eq!(lists.len(), 3);
    let pdf = participants::event_list(setup(&mut db, "Teilnehmerliste"), &lists, &[], 0);
    assert_eq!(pdf.pages, 3, "each workshop on its own page");
    let text = common::poppler("pdftotext", &[], &pdf.bytes);
    let order: Vec<usize> = names.iter().map(|n| text.find(n).unwrap()).collect();
    assert!(order.windows(2).all(|p| p[0] < p[1]), "in programme order");
    let sheet = participants::event_sheet(
        "Ausbildungsbörse",
        &lists,
        &[ListColumn::Name, ListColumn::Languages],
    );
    assert_eq!(sheet.columns, ["Workshop", "Beginn", "Name", "Sprache(n)"]);
    assert_eq!(sheet.rows.len(), 3);
}
on_both_engines!(
    certificates_badges_and_the_event_list_grouped_by_workshop,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

/// The event document as the core renders it on 12 November.
fn render(db: &mut impl Engine, document: EventDocument) -> kiz::Result<documents::Rendered> {
    db.read_sql(|s| documents::render_in(s, &DocumentRequest::Event(document), &printing_at(now())))
}

fn certificates_go_to_those_present_and_badges_to_those_registered_else_they_are_refused(
    mut db: &mut TestStore,
) {
    let (event, ids) = fair_with_three_workshops(db);
    let certificates = EventDocument::Certificates {
        workshop_id: ids[0],
    };
    let badges = EventDocument::Badges {
        scope: Scope::Workshop(ids[0]),
        sheet: LabelSheet::ThreeByEight,
        start: 1,
    };
    let code = |result: kiz::Result<documents::Rendered>| result.unwrap_err().code();
    assert_eq!(code(render(&mut db, badges.clone())), "nobody_registered");
    assert_eq!(
        code(render(&mut db, certificates.clone())),
        "nobody_present"
    );

    let there = person(db, "Şükrü Yılmaz", &["tr"]);
    let away = person(db, "Zoé Martin", &["fr"]);
    let seat = events::register(db, ids[0], there, &RegisterOptions::default(), now()).unwrap();
    let waiting = events::register(db, ids[0], away, &RegisterOptions::default(), now()).unwrap();
    assert_eq!(waiting.waitlist_position, Some(1), "one seat only");
    let text = common::poppler(
        "pdftotext",
        &[],
        &render(&mut db, badges.clone()).unwrap().bytes,
    );
    assert!(
        text.contains("Şükrü Yılmaz") && !text.contains("Zoé Martin"),
        "no badge while waiting: {text}"
    );
    assert_eq!(
        code(render(&mut db, certificates.clone())),
        "nobody_present",
        "registered is not present"
    );

    events::set_capacity(db, ids[0], 2, &[], now(), None, "").unwrap();
    events::check_in(db, seat.id, false, at(november(20), 10, 5)).unwrap();
    let printed = render(&mut db, certificates).unwrap();
    assert_eq!(
        printed.file_name,
        "Teilnahmebescheinigungen_Bewerbung schreiben.pdf"
    );
    let text = common::poppler("pdftotext", &[], &printed.bytes);
    assert!(text.contains("Şükrü Yılmaz"), "{text}");
    assert!(
        !text.contains("Zoé Martin"),
        "no certificate for someone who was not there: {text}"
    );

    let printed = render(&mut db, badges).unwrap();
    assert_eq!(printed.file_name, "Namensschilder_Bewerbung schreiben.pdf");
    let text = common::poppler("pdftotext", &[], &printed.bytes);
    assert!(
        text.contains("Şükrü Yılmaz") && text.contains("Zoé Martin"),
        "a badge for everyone with a seat: {text}"
    );
    let printed = render(
        &mut db,
        EventDocument::Badges {
            scope: Scope::Event(event),
            sheet: LabelSheet::ThreeByEight,
            start: 1,
        },
    )
    .unwrap();
    assert_eq!(
        printed.file_name,
        "Namensschilder_Mehrsprachige Ausbildungsbörse 2026.pdf"
    );
}
on_both_engines!(
    certificates_go_to_those_present_and_badges_to_those_registered_else_they_are_refused,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

fn every_event_document_is_named_by_its_kind_subject_and_day(mut db: &mut TestStore) {
    let (event, ids) = fair_with_three_workshops(db);
    let p = person(db, "Наталья Иванова", &["ru"]);
    let r = events::register(db, ids[0], p, &RegisterOptions::default(), now()).unwrap();
    let columns = vec![ListColumn::Nr, ListColumn::Name];
    let cases = [
        (
            EventDocument::ParticipantList {
                scope: Scope::Workshop(ids[0]),
                columns: columns.clone(),
                empty_rows: 2,
            },
            "Teilnehmerliste_Bewerbung schreiben_2026-11-12.pdf",
        ),
        (
            EventDocument::ParticipantList {
                scope: Scope::Event(event),
                columns: columns.clone(),
                empty_rows: 0,
            },
            "Teilnehmerliste_Mehrsprachige Ausbildungsbörse 2026_2026-11-12.pdf",
        ),
        (
            EventDocument::ParticipantSheet {
                scope: Scope::Workshop(ids[0]),
                columns: columns.clone(),
                csv: true,
            },
            "Teilnehmende_Bewerbung schreiben_2026-11-12.csv",
        ),
        (
            EventDocument::ParticipantSheet {
                scope: Scope::Event(event),
                columns,
                csv: false,
            },
            "Teilnehmende_Mehrsprachige Ausbildungsbörse 2026_2026-11-12.xlsx",
        ),
        (
            EventDocument::Programme { event_id: event },
            "Programm_Mehrsprachige Ausbildungsbörse 2026.pdf",
        ),
        (
            EventDocument::Confirmation {
                registration_id: r.id,
            },
            "Anmeldebestätigung_Наталья Иванова_Bewerbung schreiben.pdf",
        ),
    ];
    for (document, name) in cases {
        let printed = render(&mut db, document.clone()).unwrap();
        assert_eq!(printed.file_name, name, "{document:?}");
        let magic: &[u8] = match name.rsplit_once('.').map(|(_, e)| e) {
            Some("pdf") => b"%PDF",
            Some("xlsx") => b"PK",
            _ => b"\xEF\xBB\xBFNr.;Name",
        };
        assert!(printed.bytes.starts_with(magic), "{name} is what it says");
        assert!(
            printed.warnings.is_empty(),
            "{name}: {:?}",
            printed.warnings
        );
    }
}
on_both_engines!(every_event_document_is_named_by_its_kind_subject_and_day);
