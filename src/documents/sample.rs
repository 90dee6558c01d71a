//! The test page ("Testseite drucken" in Einstellungen): every script our
//! users' names come in, a long table over several pages and a signature
//! block, so staff can check their printer and fonts in one go.

use chrono::{Datelike, NaiveDate};

use super::fonts::FallbackFonts;
use super::{Align, Column, DocumentKind, Orientation, Pdf, PrintSetup, Printout, Table};
use crate::settings::Institution;
use crate::Record;

/// Names as the communities write them: German, Turkish, Kurdish, French,
/// Russian, Ukrainian, Arabic (with and without vowel marks), mixed lines.
pub const SAMPLE_NAMES: &[(&str, &str)] = &[
    ("Jürgen Müller-Weiß", "Deutsch"),
    ("Änne Schäfer", "Deutsch"),
    ("Şükrü Yılmaz", "Türkisch"),
    ("İpek Güneş Çelik", "Türkisch"),
    ("Rêzan Xelîl", "Kurdisch"),
    ("Hêvî Şêxmûs", "Kurdisch"),
    ("Aïssatou Diallo", "Französisch"),
    ("François Lefèvre", "Französisch"),
    ("Наталья Иванова", "Russisch"),
    ("Олександр Коваленко", "Ukrainisch"),
    ("محمد الأحمد", "Arabisch"),
    ("فاطمة الزهراء", "Arabisch"),
    ("مُحَمَّد عَلِيّ", "Arabisch"),
    ("Amal أمل Haddad", "Arabisch und Deutsch"),
];

/// Rows in the long table: enough for three pages.
pub const SAMPLE_ROWS: usize = 120;

/// The test page.
pub fn sample_document(
    institution: &Institution,
    printed_on: NaiveDate,
    fallbacks: FallbackFonts,
) -> Pdf {
    let mut doc = Printout::new(PrintSetup {
        title: DocumentKind::TestPage.title().into(),
        orientation: Orientation::Portrait,
        institution: institution.clone(),
        printed_on,
        fallbacks,
    });
    doc.heading("Testseite", 1);
    doc.paragraph(
        "Diese Seite prüft Drucker und Schriften. Alle Namen unten müssen vollständig und richtig \
         zu sehen sein: deutsche Umlaute, türkische und kurdische Buchstaben, Französisch, \
         Kyrillisch und Arabisch (verbunden und von rechts nach links).",
    );
    doc.heading("Namen in allen Schriften", 2);
    let pairs: Vec<(&str, &str)> = SAMPLE_NAMES
        .iter()
        .map(|(name, lang)| (*lang, *name))
        .collect();
    doc.key_values(&pairs);
    doc.heading("Absatz von rechts nach links", 2);
    doc.paragraph(
        "مرحبا بكم في مكتبة المركز البلدي للاندماج. يمكنكم استعارة الكتب والألعاب لمدة أربعة أسابيع.",
    );
    doc.heading("Lange Tabelle", 2);
    doc.note(
        "Die Kopfzeile wiederholt sich auf jeder Seite; keine Zeile wird über zwei Seiten geteilt.",
    );
    let rows = (0..SAMPLE_ROWS)
        .map(|i| {
            let (name, language) = SAMPLE_NAMES[i % SAMPLE_NAMES.len()];
            vec![
                (i + 1).to_string(),
                name.to_owned(),
                language.to_owned(),
                [
                    "Siegburg",
                    "Troisdorf",
                    "Sankt Augustin",
                    "Königswinter",
                    "Bad Honnef",
                ][i % 5]
                    .to_owned(),
                String::new(),
            ]
        })
        .collect();
    doc.table(&Table {
        columns: vec![
            Column::new("Nr.", 0.6).align(Align::Right),
            Column::new("Name", 3.0),
            Column::new("Sprache", 2.0),
            Column::new("Ort", 1.8),
            Column::new("Unterschrift", 2.4),
        ],
        rows,
        min_row_height: 0.0,
    });
    doc.signatures(&["Unterschrift Mitarbeiter/in", "Datum"]);
    doc.finish()
}

/// Every kind of printout, made from the demo data as staff would print
/// it: the test page, labels and card, the desk's slips and reminder
/// letter, the directory, the Arbeitskreis, the event printouts and the
/// privacy documents. `cargo xtask samples` writes them for people to look
/// at; a test reads their text for cut or broken words.
///
/// # Errors
/// Only failures of the in-memory database or of a document.
pub fn sample_set(
    now: chrono::NaiveDateTime,
    fallbacks: FallbackFonts,
) -> crate::Result<Vec<(&'static str, Pdf)>> {
    use super::{directory, labels, participants, privacy as privacy_docs, programme, slips};
    use crate::settings::SlipFormat;
    use crate::{events, lending, organisations, people, privacy};

    let mut db = crate::Db::open_in_memory()?;
    crate::demo::load(&mut db, now)?;
    let institution = crate::settings::institution(&db)?;
    let today = now.date();
    let setup = |kind: DocumentKind| PrintSetup {
        title: kind.title().into(),
        orientation: Orientation::Portrait,
        institution: institution.clone(),
        printed_on: today,
        fallbacks: fallbacks.clone(),
    };
    let mut files: Vec<(&'static str, Pdf)> = vec![(
        "testseite.pdf",
        sample_document(&institution, today, fallbacks.clone()),
    )];

    let captions = [
        ("KI-M-000001", "Schritte plus Neu 1 – Kursbuch"),
        ("KI-M-000002", "Das Bilderwörterbuch Deutsch–Arabisch"),
        ("KI-M-000003", "Медиенкоффер: Русские сказки"),
        ("KI-M-000004", "Türkçe Hikâyeler – Erzählungen für Kinder"),
        ("KI-M-000005", "قصص قصيرة – Kurzgeschichten"),
    ];
    let sheet: Vec<labels::Label> = captions
        .iter()
        .map(|(code, caption)| labels::Label {
            code: (*code).into(),
            caption: (*caption).into(),
        })
        .collect();
    files.push((
        "etiketten.pdf",
        labels::label_sheet(
            &sheet,
            labels::LabelSheet::ThreeByEight,
            4,
            &institution,
            today,
        )?,
    ));
    files.push((
        "ausweis.pdf",
        labels::borrower_card("Şükrü Yılmaz", "KI-A-000001", &institution, today)?,
    ));

    // The desk: a borrower with loans, one of them reminded yesterday.
    let (_, borrowers) = people::search_borrowers(&db, "", 500, 0)?;
    let reminded_on = today - chrono::Days::new(1);
    let mut letter = None;
    for b in &borrowers {
        match lending::reminder_letter(&db, b.id, reminded_on) {
            Ok(l) => {
                letter = Some(l);
                break;
            }
            Err(crate::Error::NotFound {
                what: Record::Reminder,
            }) => continue,
            Err(other) => return Err(other),
        }
    }
    let letter = letter.ok_or(crate::Error::NoReminderDue)?;
    let loans = lending::open_loans(&db, letter.borrower.id)?;
    let (now_lent, others) = loans.split_at(1);
    // The slips in every format staff can choose (Einstellungen → Drucken).
    for (format, slip, receipt) in [
        (SlipFormat::A4, "ausleihbeleg.pdf", "rueckgabebeleg.pdf"),
        (
            SlipFormat::A5,
            "ausleihbeleg_a5.pdf",
            "rueckgabebeleg_a5.pdf",
        ),
        (
            SlipFormat::Roll80,
            "ausleihbeleg_bon_80mm.pdf",
            "rueckgabebeleg_bon_80mm.pdf",
        ),
        (
            SlipFormat::Roll58,
            "ausleihbeleg_bon_58mm.pdf",
            "rueckgabebeleg_bon_58mm.pdf",
        ),
    ] {
        files.push((
            slip,
            slips::loan_slip(
                setup(DocumentKind::LoanSlip),
                format,
                &letter.borrower,
                now_lent,
                others,
                now,
            ),
        ));
        files.push((
            receipt,
            slips::return_receipt(
                setup(DocumentKind::ReturnReceipt),
                format,
                &letter.borrower,
                now_lent,
                others,
                today,
            ),
        ));
    }
    files.push((
        "mahnung.pdf",
        slips::reminder_letter(setup(DocumentKind::Reminder), &letter, None),
    ));

    // The directory and the Arbeitskreis.
    let all = organisations::matching_organisations(&db, &Default::default())?;
    files.push((
        "verzeichnis.pdf",
        directory::directory_booklet(setup(DocumentKind::Directory), &all),
    ));
    if let Some((group, _)) = organisations::working_groups(&db)?.first() {
        let group = organisations::working_group(&db, *group, today)?;
        if let Some(m) = group.meetings.last() {
            let meeting = organisations::meeting(&db, m.id)?;
            let addressees = organisations::invitation_addressees(&db, m.id)?;
            files.push((
                "einladungen.pdf",
                directory::invitations(setup(DocumentKind::Invitation), &meeting, &addressees),
            ));
            files.push((
                "protokoll.pdf",
                directory::minutes(setup(DocumentKind::Minutes), &meeting),
            ));
        }
    }

    // The Ausbildungsbörse.
    let event =
        events::events(&db, false)?
            .first()
            .map(|e| e.id)
            .ok_or(crate::Error::NotFound {
                what: Record::Event,
            })?;
    let info = events::event(&db, event)?;
    let workshops = events::workshops(&db, event)?;
    files.push((
        "programm.pdf",
        programme::programme(setup(DocumentKind::Programme), &info, &workshops),
    ));
    let first = workshops
        .first()
        .map(|w| w.id)
        .ok_or(crate::Error::NotFound {
            what: Record::Workshop,
        })?;
    let w = events::workshop(&db, first)?;
    let entries = events::participant_list(&db, first)?;
    files.push((
        "teilnehmerliste.pdf",
        participants::participant_list(setup(DocumentKind::ParticipantList), &w, &entries, &[], 3),
    ));
    let lists = events::event_list(&db, event)?;
    files.push((
        "teilnehmerlisten_veranstaltung.pdf",
        participants::event_list(
            setup(DocumentKind::ParticipantList),
            &lists,
            &[
                participants::ListColumn::Nr,
                participants::ListColumn::Name,
                participants::ListColumn::Age,
                participants::ListColumn::Signature,
            ],
            0,
        ),
    ));
    let registrations = events::registrations(&db, first)?;
    let arabic = registrations
        .iter()
        .find(|r| r.participant_name.starts_with('م'))
        .or(registrations.first())
        .ok_or(crate::Error::NotFound {
            what: Record::Registration,
        })?;
    let c = events::confirmation(&db, arabic.id)?;
    files.push((
        "anmeldebestaetigung.pdf",
        programme::confirmation(setup(DocumentKind::Confirmation), &c)?,
    ));
    let names: Vec<String> = entries.iter().take(2).map(|e| e.name.clone()).collect();
    files.push((
        "teilnahmebescheinigung.pdf",
        programme::certificates(setup(DocumentKind::Certificates), &w, &names),
    ));
    let badges: Vec<labels::Badge> = entries
        .iter()
        .map(|e| labels::Badge {
            name: e.name.clone(),
            line: w.title.clone(),
        })
        .collect();
    files.push((
        "namensschilder.pdf",
        labels::name_badges(
            &info.title,
            &badges,
            labels::LabelSheet::ThreeByEight,
            1,
            &institution,
            today,
        )?,
    ));

    // Privacy.
    let teacher = people::search_borrowers(&db, "Şükrü", 1, 0)?
        .1
        .first()
        .map(|b| b.id)
        .ok_or(crate::Error::NotFound {
            what: Record::Borrower,
        })?;
    // As staff confirmed it: the participant of the same name is him.
    let teacher = privacy::Person::Borrower(teacher);
    let same: Vec<privacy::Person> = privacy::access_report_candidates(&db, teacher)?
        .into_iter()
        .filter(|c| matches!(c.person, privacy::Person::Participant(_)))
        .map(|c| c.person)
        .collect();
    let report = privacy::access_report(&db, teacher, &same, now)?;
    let rules = privacy::retention_rules(&db)?;
    files.push((
        "auskunft.pdf",
        privacy_docs::access_report(
            setup(DocumentKind::AccessReport),
            &report,
            &rules,
            Some(&crate::backup::settings(&db)?),
        ),
    ));
    // The Mediathek's text in German with the teacher's Turkish beside it.
    let (name, texts) = privacy::consent_form_texts(&db, teacher)?;
    files.push((
        "einwilligung.pdf",
        privacy_docs::consent_form(setup(DocumentKind::ConsentForm), &name, &texts),
    ));
    // The Jahresbericht of the demo's year, with its charts and "< 3".
    let choice = crate::reports::PeriodChoice::Year { year: today.year() };
    let report = crate::reports::report(&db, &choice, today)?;
    let content = super::annual_report::Content::new(
        &report,
        crate::settings::UiLanguage::De,
        crate::settings::report_min_count(&db)?,
    );
    files.push((
        "jahresbericht.pdf",
        super::annual_report::annual_report_pdf(&content, setup(DocumentKind::AnnualReport)),
    ));
    Ok(files)
}
