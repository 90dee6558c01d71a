//! The Jahresbericht as PDF and XLSX: what pdftotext and calamine find in
//! it on a small database with known counts: the title page, contents
//! with the right pages, "Seite 1 von N", the figures at the bars, and the
//! small-numbers rule ("< 3", the withheld "•", a 0 "< 3" where it protects) with the
//! minimum of the settings.

mod common;
#[macro_use]
mod test_cluster;

use std::io::Cursor;

use calamine::{Data, Reader};
use common::{letters, now, poppler, printing_at};
use kiz::documents::{render_on, DocumentRequest, Rendered};
use kiz::reports::PeriodChoice;
use kiz::{settings, Db, Error};
use test_cluster::TestStore;

const YEAR: PeriodChoice = PeriodChoice::Year { year: 2026 };

/// Organisation names in Arabic, Cyrillic, Turkish and Kurdish (Kurmancî
/// in Latin letters, Sorani in Arabic script).
const ARABIC: &str = "الجمعية الثقافية العربية";
const RUSSIAN: &str = "Русский культурный центр";
const TURKISH: &str = "Türk-Alman Veli Derneği";
const KURDISH: &str = "Komeleya Kurdî ya Rhein-Sieg";
/// Kurdish (Sorani) in Arabic script, with its own letters (ۆ, ە, ڵ).
const SORANI: &str = "کۆمەڵەی کوردی بۆن";

/// Loans in 2026 by kind of borrower: hauptamtlich 7, ehrenamtlich 2,
/// organisation 4, sonstige 0 (January 3, February 4, March 6); in 2025:
/// hauptamtlich 3, organisation 1. Five organisations, each at an
/// Arbeitskreis meeting in 2026 with 4 persons, two of them partners of a
/// project.
fn sample() -> Db {
    let mut db = common::test_db();
    let mut sql = String::from(
        "
        INSERT INTO medium (id, kind_id, title, created_at, updated_at) VALUES
          (1, 1, 'Alpha Buch', '2020-01-01T10:00:00', '2020-01-01T10:00:00'),
          (2, 2, 'Beta Lehrwerk', '2020-01-01T10:00:00', '2020-01-01T10:00:00');
        INSERT INTO copy (id, medium_id, barcode, acquired_on, status, created_at) VALUES
          (1, 1, 'C1', '2020-05-01', 'verfuegbar', '2020-05-01T10:00:00'),
          (2, 2, 'C2', '2020-05-01', 'verfuegbar', '2020-05-01T10:00:00');
        ",
    );
    let loans: [(i64, &str, &str); 17] = [
        (1, "hauptamtlich", "2026-01-05"),
        (1, "hauptamtlich", "2026-01-06"),
        (1, "hauptamtlich", "2026-01-07"),
        (1, "hauptamtlich", "2026-02-02"),
        (1, "hauptamtlich", "2026-02-03"),
        (1, "hauptamtlich", "2026-02-04"),
        (1, "hauptamtlich", "2026-02-05"),
        (2, "ehrenamtlich", "2026-03-02"),
        (2, "ehrenamtlich", "2026-03-03"),
        (1, "organisation", "2026-03-10"),
        (1, "organisation", "2026-03-11"),
        (1, "organisation", "2026-03-12"),
        (1, "organisation", "2026-03-13"),
        (1, "hauptamtlich", "2025-05-05"),
        (1, "hauptamtlich", "2025-05-06"),
        (1, "hauptamtlich", "2025-05-07"),
        (2, "organisation", "2025-06-01"),
    ];
    for (copy, kind, day) in loans {
        sql.push_str(&format!(
            "INSERT INTO loan (copy_id, borrower_id, borrower_kind, loaned_at, due_on, returned_at, outcome)
             VALUES ({copy}, NULL, '{kind}', '{day}T10:00:00', '{day}', '{day}T12:00:00', 'zurueckgegeben');\n"
        ));
    }
    sql.push_str(&format!(
        "
        INSERT INTO organisation (id, name, municipality, created_at, kind_id) VALUES
          (1, '{ARABIC}', 'Siegburg', '2020-01-01T10:00:00', 1),
          (2, '{RUSSIAN}', 'Troisdorf', '2020-01-01T10:00:00', 1),
          (3, '{TURKISH}', 'Neunkirchen-Seelscheid', '2020-01-01T10:00:00', 1),
          (4, '{KURDISH}', 'Bonn', '2020-01-01T10:00:00', 1),
          (5, '{SORANI}', 'Bonn', '2020-01-01T10:00:00', 1);
        INSERT INTO project (id, title, starts_on, ends_on, status, created_at, updated_at) VALUES
          (1, 'Sprachcafé', '2026-02-01', NULL, 'laufend', '2026-01-01T10:00:00', '2026-01-01T10:00:00');
        INSERT INTO project_partner (project_id, organisation_id) VALUES (1, 1), (1, 3);
        INSERT INTO working_group (id, name, created_at) VALUES (1, 'AK Sprache', '2020-01-01T10:00:00');
        INSERT INTO meeting (id, working_group_id, starts_at, created_at, updated_at) VALUES
          (1, 1, '2026-03-10T18:00:00', '2026-01-01T10:00:00', '2026-01-01T10:00:00');
        INSERT INTO meeting_attendance (meeting_id, organisation_id, contact_id, persons) VALUES
          (1, 1, NULL, 4), (1, 2, NULL, 4), (1, 3, NULL, 4), (1, 4, NULL, 4), (1, 5, NULL, 4);
        "
    ));
    kiz::db::execute_batch_for_tests(&mut db, &sql).expect("the sample rows");
    db
}

fn annual_report(db: &mut TestStore, choice: PeriodChoice, xlsx: bool) -> kiz::Result<Rendered> {
    render_on(
        &mut db.store(),
        &DocumentRequest::AnnualReport { choice, xlsx },
        &printing_at(now()),
    )
}

/// The text of every page (pdftotext keeping the layout), page 1 first.
fn pages(db: &mut TestStore) -> Vec<String> {
    let pdf = annual_report(db, YEAR, false).expect("the Jahresbericht");
    assert!(pdf.file_name.ends_with(".pdf"), "{}", pdf.file_name);
    let text = poppler("pdftotext", &["-layout"], &pdf.bytes);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The cells of the first table row under `heading` that starts with
/// `label` (chart labels stand indented, table rows at the margin),
/// without spaces ("< 3" reads "<3").
fn row_under(pages: &[String], heading: &str, label: &str) -> Vec<String> {
    let text = pages.join("\n");
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim() == heading)
        .unwrap_or_else(|| panic!("the heading {heading:?} stands on a line of its own"));
    let row = lines[start + 1..]
        .iter()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("a row {label:?} under {heading:?}"));
    // Cells are the words of the row; "<" and its number (pdftotext
    // sets the narrow space between them as none or one) make one.
    let mut cells: Vec<String> = Vec::new();
    for word in row[label.len()..].split_whitespace() {
        match cells.last_mut() {
            Some(last) if last == "<" => last.push_str(word),
            _ => cells.push(word.to_owned()),
        }
    }
    cells
}

const BY_KIND: &str = "Ausleihen nach Art der Ausleihenden";

fn the_title_page_names_the_report_the_institution_and_both_periods(db: &mut TestStore) {
    let pages = pages(db);
    let institution = db
        .read(|s| settings::institution_in(s))
        .expect("the institution");
    let first = &pages[0];
    assert!(first.contains("Jahresbericht 2026"), "{first}");
    assert!(
        first.contains(&institution.name),
        "the institution {:?} is named on the title page:\n{first}",
        institution.name
    );
    assert!(first.contains("01.01.2026 – 31.12.2026"), "{first}");
    assert!(
        first.contains("Vergleichszeitraum") && first.contains("01.01.2025 – 31.12.2025"),
        "the comparison period is named:\n{first}"
    );
    let n = pages.len();
    assert!(
        first.contains(&format!("Seite 1 von {n}")),
        "the footer counts all {n} pages:\n{first}"
    );
    assert!(
        pages[n - 1].contains(&format!("Seite {n} von {n}")),
        "the last page says so"
    );
}
on_both_engines!(
    the_title_page_names_the_report_the_institution_and_both_periods,
    from = sample,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

fn every_contents_entry_names_the_page_its_heading_stands_on(db: &mut TestStore) {
    let pages = pages(db);
    // The contents: lines "title ... page" on the pages after the title page
    // up to the first section.
    let mut entries: Vec<(String, usize)> = Vec::new();
    for page in pages.iter().skip(1) {
        if page.lines().any(|l| l.trim() == "Mediathek") {
            break;
        }
        for line in page.lines() {
            let line = line.trim();
            let Some((title, number)) = line.rsplit_once(' ') else {
                continue;
            };
            if line.starts_with("Gedruckt am") {
                continue;
            }
            if let Ok(number) = number.parse::<usize>() {
                entries.push((title.trim().to_owned(), number));
            }
        }
    }
    for title in [
        "Mediathek",
        "Ausleihen je Monat",
        BY_KIND,
        "Organisationen",
        "Organisationen nach Kommune",
        "Kooperationsprojekte mit ihren Partnern",
        "Veranstaltungen",
        "Hinweise",
    ] {
        assert!(
            entries.iter().any(|(t, _)| t == title),
            "the contents list {title:?}: {entries:?}"
        );
    }
    assert!(entries.len() > 20, "every table is listed: {entries:?}");
    for (title, number) in &entries {
        let page = pages
            .get(number - 1)
            .unwrap_or_else(|| panic!("{title:?} on page {number} of {}", pages.len()));
        assert!(
            page.lines().any(|l| l.trim() == title),
            "the heading {title:?} stands on page {number}, as the contents say:\n{page}"
        );
    }
}
on_both_engines!(
    every_contents_entry_names_the_page_its_heading_stands_on,
    from = sample,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

fn small_counts_of_people_read_less_than_three_and_larger_ones_stay_exact(db: &mut TestStore) {
    let pages = pages(db);
    // 2026: 7, 2, 4, 0; 2025: 3, 0, 1, 0. The 2 and the 1 are small; each
    // is the only small count of its column, which the total (13, 4) would
    // give away, so the next smallest, a 0, reads "< 3" too (the 2026 one
    // of "sonstige", the 2025 one of "ehrenamtlich"); the other 0 stays 0;
    // no change where a count is hidden.
    assert_eq!(
        row_under(&pages, BY_KIND, "hauptamtlich"),
        ["7", "3", "+4", "+133,3"],
        "larger counts stay exact"
    );
    assert_eq!(row_under(&pages, BY_KIND, "ehrenamtlich"), ["<3", "<3"]);
    assert_eq!(row_under(&pages, BY_KIND, "Organisation"), ["4", "<3"]);
    assert_eq!(
        row_under(&pages, BY_KIND, "sonstige"),
        ["<3", "0"],
        "the 0 of 2026 protects the 2: the two make 2 together"
    );
    // Per month: 2026 has no small count; in 2025 the single loan of June
    // is hidden with the first 0 of the column, January's.
    assert_eq!(
        row_under(&pages, "Ausleihen je Monat", "Januar 2026"),
        ["3", "<3"]
    );
    assert_eq!(
        row_under(&pages, "Ausleihen je Monat", "Juni 2026"),
        ["0", "<3"]
    );
    assert_eq!(
        row_under(&pages, "Ausleihen je Monat", "März 2026"),
        ["6", "0", "+6"]
    );
    // Key figures: totals are exact, with the change in per cent.
    assert_eq!(
        row_under(&pages, "Kennzahlen", "Ausleihen"),
        ["13", "4", "+9", "+225,0"]
    );
    // Organisations are no people: their counts are exact, and so are the
    // meetings they attended; the persons they sent (4 each) too.
    assert_eq!(
        row_under(&pages, "Organisationen nach Kommune", "Siegburg"),
        ["1", "1", "0", "0,0"]
    );
}
on_both_engines!(
    small_counts_of_people_read_less_than_three_and_larger_ones_stay_exact,
    from = sample,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

fn the_figure_of_every_bar_is_written_beside_it(db: &mut TestStore) {
    let pages = pages(db);
    let text = pages.join("\n");
    let lines: Vec<&str> = text.lines().collect();
    let chart = lines
        .iter()
        .position(|l| l.trim() == BY_KIND)
        .expect("the chart's heading");
    // The chart's group labels stand indented (right-aligned before the
    // bars), each with its figure after the bar.
    let indented: Vec<&&str> = lines[chart + 1..]
        .iter()
        .take_while(|l| !l.starts_with("Ausleihende"))
        .collect();
    let at = indented
        .iter()
        .position(|l| l.trim_start().starts_with("hauptamtlich"))
        .unwrap_or_else(|| panic!("a bar for hauptamtlich: {indented:#?}"));
    // The figure stands at the bar's end, a little above the label's
    // baseline or below it.
    let near: Vec<&str> = indented[at - 1..=at + 1]
        .iter()
        .flat_map(|l| l.split_whitespace())
        .collect();
    assert!(
        near.contains(&"7") && near.contains(&"3"),
        "the bar of 7 loans is labelled 7, the one of 2025 3: {near:?}"
    );
    assert!(
        indented.iter().any(|l| l.contains("2025 (Vorjahr)")),
        "the legend names the year before in words: {indented:#?}"
    );
    // The map of the municipalities names each place with its count.
    assert!(
        text.contains("Neunkirchen-"),
        "the map splits the long name"
    );
}
on_both_engines!(
    the_figure_of_every_bar_is_written_beside_it,
    from = sample,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

fn the_minimum_of_the_settings_moves_the_limit_and_one_switches_it_off(db: &mut TestStore) {
    assert_eq!(
        db.read(|s| settings::report_min_count_in(s)).unwrap(),
        3,
        "the default"
    );
    assert_eq!(settings::set_report_min_count(db, 5).unwrap(), 5);
    let pages5 = pages(db);
    assert_eq!(row_under(&pages5, BY_KIND, "hauptamtlich"), ["7", "<5"]);
    assert_eq!(row_under(&pages5, BY_KIND, "ehrenamtlich"), ["<5", "0"]);
    assert_eq!(row_under(&pages5, BY_KIND, "Organisation"), ["<5", "<5"]);
    assert!(
        pages5[0].contains("„< 5“"),
        "the title page explains the limit"
    );

    settings::set_report_min_count(db, 1).unwrap();
    let exact = pages(db);
    assert_eq!(row_under(&exact, BY_KIND, "ehrenamtlich"), ["2", "0", "+2"]);
    assert_eq!(
        row_under(&exact, BY_KIND, "Organisation"),
        ["4", "1", "+3", "+300,0"]
    );
    assert!(
        !exact.join("\n").contains("<1") && !exact.join("\n").contains('•'),
        "nothing is hidden with 1"
    );
}
on_both_engines!(
    the_minimum_of_the_settings_moves_the_limit_and_one_switches_it_off,
    from = sample,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

fn a_bad_minimum_is_refused_and_changes_nothing(db: &mut TestStore) {
    settings::set_report_min_count(db, 4).unwrap();
    for bad in [0, -3, 11, 1000] {
        match settings::set_report_min_count(db, bad) {
            Err(Error::ReportMinCountInvalid { value, max }) => {
                assert_eq!((value, max), (bad, 10));
            }
            other => panic!("{bad} is refused, got {other:?}"),
        }
        assert_eq!(
            db.read(|s| settings::report_min_count_in(s)).unwrap(),
            4,
            "still 4"
        );
    }
}
on_both_engines!(a_bad_minimum_is_refused_and_changes_nothing, from = sample);

fn names_in_every_script_are_printed(db: &mut TestStore) {
    let pdf = annual_report(db, YEAR, false).expect("the Jahresbericht");
    assert!(pdf.warnings.is_empty(), "every glyph printed: {pdf:?}");
    let raw = poppler("pdftotext", &[], &pdf.bytes);
    assert!(raw.contains("< 3"), "a small count reads \"< 3\"");
    let text = letters(&raw);
    for name in [ARABIC, RUSSIAN, TURKISH, KURDISH, SORANI] {
        assert!(
            text.contains(&letters(name)),
            "{name} is found in the text of the PDF"
        );
    }
}
on_both_engines!(
    names_in_every_script_are_printed,
    from = sample,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

/// The language is the PC's own setting, kept in its file (on the shared
/// database each PC prints in its own: see
/// `the_report_prints_the_same_on_the_shared_database`), so this runs on the
/// file only.
#[test]
#[cfg_attr(windows, ignore = "needs poppler's pdftotext, a Linux program")]
fn the_report_is_english_when_the_app_is() {
    let mut db = TestStore::File(sample());
    settings::set_ui_language(db.as_file(), "en").unwrap();
    let pages = pages(&mut db);
    let n = pages.len();
    assert!(pages[0].contains("Annual report 2026"), "{}", pages[0]);
    assert!(pages[0].contains(&format!("Page 1 of {n}")), "{}", pages[0]);
    assert!(pages[0].contains("Printed on 12.11.2026"), "{}", pages[0]);
    assert_eq!(
        row_under(&pages, "Loans by borrower kind", "volunteer teacher"),
        ["<3", "<3"]
    );
}

type Sheets = Vec<(String, Vec<Vec<Data>>)>;

fn workbook(db: &mut TestStore) -> Sheets {
    let file = annual_report(db, YEAR, true).expect("the workbook");
    assert!(file.file_name.ends_with(".xlsx"), "{}", file.file_name);
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(file.bytes))
        .expect("a workbook calamine reads");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("the sheet");
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

fn sheet<'a>(sheets: &'a Sheets, name: &str) -> &'a [Vec<Data>] {
    &sheets
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("a sheet {name:?} among {:?}", names(sheets)))
        .1
}

fn names(sheets: &Sheets) -> Vec<&str> {
    sheets.iter().map(|(n, _)| n.as_str()).collect()
}

fn row<'a>(rows: &'a [Vec<Data>], label: &str) -> &'a [Data] {
    rows.iter()
        .find(|r| r.first() == Some(&Data::String(label.into())))
        .unwrap_or_else(|| panic!("a row {label:?} in {rows:?}"))
}

fn the_workbook_has_an_overview_and_one_sheet_per_table_with_numbers_as_numbers(
    db: &mut TestStore,
) {
    let sheets = workbook(db);
    assert_eq!(sheets[0].0, "Übersicht", "{:?}", names(&sheets));
    for name in [
        "Ausleihen je Monat",
        "Ausleihen Ausleihende",
        "Ausleihen Mediengruppe",
        "Organisationen Kommune",
        "Anmeldungen Sprache",
    ] {
        let rows = sheet(&sheets, name);
        assert_eq!(
            rows[0][1..],
            [
                Data::String("2026".into()),
                Data::String("Vorjahr 2025".into()),
                Data::String("Veränderung".into()),
                Data::String("%".into()),
            ],
            "{name}: the columns group, period, year before, change, %"
        );
    }
    let partners = &row(sheet(&sheets, "Projekte"), "Sprachcafé")[3];
    assert!(
        matches!(partners, Data::String(p) if p.contains(ARABIC) && p.contains(TURKISH)),
        "the projects with their partners: {partners:?}"
    );
    let kinds = sheet(&sheets, "Ausleihen Ausleihende");
    assert_eq!(
        kinds[0],
        [
            Data::String("Ausleihende".into()),
            Data::String("2026".into()),
            Data::String("Vorjahr 2025".into()),
            Data::String("Veränderung".into()),
            Data::String("%".into()),
        ]
    );
    assert_eq!(
        row(kinds, "hauptamtlich")[..3],
        [
            Data::String("hauptamtlich".into()),
            Data::Float(7.0),
            Data::Float(3.0)
        ],
        "an exact count is a number"
    );
    assert_eq!(
        row(kinds, "ehrenamtlich")[..3],
        [
            Data::String("ehrenamtlich".into()),
            Data::String("< 3".into()),
            Data::String("< 3".into())
        ],
        "a small count is the text \"< 3\""
    );
    let months = sheet(&sheets, "Ausleihen je Monat");
    assert_eq!(
        row(months, "März 2026")[1..],
        [
            Data::Float(6.0),
            Data::Float(0.0),
            Data::Float(6.0),
            Data::Empty
        ],
        "no per cent against 0"
    );
    let overview = sheet(&sheets, "Übersicht");
    let loans = overview
        .iter()
        .find(|r| r.get(1) == Some(&Data::String("Ausleihen".into())))
        .expect("the loans in the overview");
    assert_eq!(
        loans[2..],
        [
            Data::Float(13.0),
            Data::Float(4.0),
            Data::Float(9.0),
            Data::Float(225.0)
        ]
    );
    let distinct: std::collections::BTreeSet<&str> = names(&sheets).into_iter().collect();
    assert_eq!(distinct.len(), sheets.len(), "every sheet has its own name");
    // With no 0 in 2025 (3, 5, 1, 4) the single 1 takes the next smallest
    // count, the 3, with it: withheld, the text "•".
    let mut sql = String::new();
    for (kind, n) in [("ehrenamtlich", 5), ("sonstige", 4)] {
        for day in 1..=n {
            sql.push_str(&format!(
                "INSERT INTO loan (copy_id, borrower_kind, loaned_at, due_on, returned_at, outcome)
                 VALUES (2, '{kind}', '2025-09-{day:02}T10:00:00', '2025-09-{day:02}',
                         '2025-09-{day:02}T12:00:00', 'zurueckgegeben');"
            ));
        }
    }
    db.execute(&sql);
    let sheets = workbook(db);
    let kinds = sheet(&sheets, "Ausleihen Ausleihende");
    assert_eq!(
        row(kinds, "hauptamtlich")[2],
        Data::String("•".into()),
        "a withheld count is the text •"
    );
    assert_eq!(row(kinds, "Organisation")[2], Data::String("< 3".into()));
    assert_eq!(row(kinds, "ehrenamtlich")[2], Data::Float(5.0));
}
on_both_engines!(
    the_workbook_has_an_overview_and_one_sheet_per_table_with_numbers_as_numbers,
    from = sample
);

fn a_refused_period_prints_nothing(db: &mut TestStore) {
    for xlsx in [false, true] {
        let refused = annual_report(
            db,
            PeriodChoice::Quarter {
                year: 2026,
                quarter: 5,
            },
            xlsx,
        );
        assert!(
            matches!(
                refused,
                Err(Error::ReportPeriodInvalid { problem: "quarter" })
            ),
            "{refused:?}"
        );
    }
}
on_both_engines!(a_refused_period_prints_nothing, from = sample);

fn the_share_of_late_loans_is_printed_unless_a_count_of_it_is_hidden(db: &mut TestStore) {
    const LATE: &str = "Anteil verspätet zurück oder offen (%)";
    // Every loan of the sample came back on its due day: 0 % in both years.
    // (The cells joined: pdftotext sets the space before "%" or not.)
    let on_time = row_under(&pages(db), "Kennzahlen", LATE).concat();
    assert_eq!(on_time, "0%0%+0Pp.");
    // Five of the 13 loans due in 2026 late: 38 % (5 is printed).
    db.execute(
        "UPDATE loan SET returned_at = '2026-12-01T10:00:00'
         WHERE id IN (SELECT id FROM loan WHERE loaned_at >= '2026' ORDER BY id LIMIT 5);",
    );
    let late = row_under(&pages(db), "Kennzahlen", LATE).concat();
    assert_eq!(late, "38%0%+38Pp.");
    // Two late: the share would give the hidden "< 3" away, so it is left out.
    db.execute(
        "UPDATE loan SET returned_at = substr(loaned_at, 1, 10) || 'T12:00:00'
         WHERE id IN (SELECT id FROM loan WHERE loaned_at >= '2026' ORDER BY id LIMIT 3);",
    );
    let hidden = row_under(&pages(db), "Kennzahlen", LATE).concat();
    assert_eq!(hidden, "–0%");
}
on_both_engines!(
    the_share_of_late_loans_is_printed_unless_a_count_of_it_is_hidden,
    from = sample,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

/// The sample with a workshop in May 2026 where `registered` people
/// registered and the first `present` of them came. Every event,
/// workshop, participant and registration before goes first (the sample
/// has none; a second call replaces what the first added).
fn with_workshop(db: &mut TestStore, registered: usize, present: usize) {
    let mut sql = String::from(
        "DELETE FROM registration; DELETE FROM participant; DELETE FROM workshop;
         DELETE FROM event;
         INSERT INTO event (id, title, starts_on, ends_on, created_at, updated_at) VALUES
           (1, 'Ausbildungsbörse 2026', '2026-05-05', '2026-05-05', '2026-01-01T10:00:00', '2026-01-01T10:00:00');
         INSERT INTO workshop (id, event_id, title, starts_at, ends_at, capacity, created_at, updated_at) VALUES
           (1, 1, 'Pflege', '2026-05-05T10:00:00', '2026-05-05T12:00:00', 20, '2026-01-01T10:00:00', '2026-01-01T10:00:00');",
    );
    for i in 1..=registered {
        let status = if i <= present {
            "teilgenommen"
        } else {
            "nicht_erschienen"
        };
        sql.push_str(&format!(
            "INSERT INTO participant (id, name, birth_year, consent_on, consent_version, created_at, updated_at)
               VALUES ({i}, 'Person {i}', 2008, '2026-04-01', '2026-1', '2026-04-01T10:00:00', '2026-04-01T10:00:00');
             INSERT INTO registration (workshop_id, participant_id, status, registered_at, queued_at, walk_in, age_group)
               VALUES (1, {i}, '{status}', '2026-04-01T10:00:00', '2026-04-01T10:00:00', 0, '15–17');"
        ));
    }
    db.execute(&sql);
}

fn the_attendance_rate_is_printed_and_in_the_workbook_unless_a_count_of_it_is_hidden(
    db: &mut TestStore,
) {
    const RATE: &str = "Teilnahmequote: anwesend von angemeldet (%)";
    // The PDF's first column wraps the label after "von".
    const PRINTED: &str = "Teilnahmequote: anwesend von";
    const PRESENT: &str = "Teilgenommen";
    const ABSENT: &str = "Nicht erschienen";
    let overview_rate = |sheets: &Sheets| -> Vec<Data> {
        sheet(sheets, "Übersicht")
            .iter()
            .find(|r| r.get(1) == Some(&Data::String(RATE.into())))
            .expect("the attendance rate in the overview")[2..]
            .to_vec()
    };
    // Seven of ten came: 70 %; no workshop a year before, so no share
    // and no change there.
    with_workshop(db, 10, 7);
    let events = kiz::reports::report_on(&mut db.store(), &YEAR, now().date())
        .expect("the report")
        .events;
    assert_eq!(
        events.figures.now.attendance_rate,
        Some(70),
        "{:?}",
        events.figures
    );
    let text = pages(db);
    assert_eq!(row_under(&text, "Kennzahlen", PRINTED).concat(), "70%–");
    assert_eq!(row_under(&text, "Kennzahlen", PRESENT), ["7", "0", "+7"]);
    assert_eq!(
        overview_rate(&workbook(db)),
        [Data::Float(70.0), Data::Empty, Data::Empty, Data::Empty],
        "per cent as a number; none a year before"
    );
    // Six of eight came: 75 %, the two no-shows "< 3".
    with_workshop(db, 8, 6);
    let text = pages(db);
    assert_eq!(row_under(&text, "Kennzahlen", ABSENT), ["<3", "0"]);
    assert_eq!(row_under(&text, "Kennzahlen", PRESENT), ["6", "0", "+6"]);
    assert_eq!(row_under(&text, "Kennzahlen", PRINTED).concat(), "75%–");
    // Two of eight came: the share would give the hidden "< 3" away, so it
    // is left out, in the PDF and in the workbook.
    with_workshop(db, 8, 2);
    let text = pages(db);
    assert_eq!(row_under(&text, "Kennzahlen", PRESENT), ["<3", "0"]);
    assert_eq!(row_under(&text, "Kennzahlen", PRINTED).concat(), "––");
    assert_eq!(
        overview_rate(&workbook(db)),
        [Data::Empty, Data::Empty, Data::Empty, Data::Empty]
    );
}
on_both_engines!(
    the_attendance_rate_is_printed_and_in_the_workbook_unless_a_count_of_it_is_hidden,
    from = sample,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

/// The Jahresbericht printed on the shared database is the file's, page
/// for page and sheet for sheet, with the smallest count the database's
/// settings name and in the language of the PC that prints (each PC's own:
/// the server's copy of the setting stays German here).
#[test]
#[cfg_attr(windows, ignore = "the test cluster and pdftotext run on Linux only")]
fn the_report_prints_the_same_on_the_shared_database() {
    use kiz::documents::render_on;
    use kiz::store::Store;
    let mut file = TestStore::File(sample());
    let (mut server, _) = test_cluster::cluster().moved(file.as_file(), "kiz_t_annual_report");
    settings::set_ui_language(file.as_file(), "en").unwrap();
    let english = kiz::documents::PrintContext {
        language: Some(settings::UiLanguage::En),
        ..printing_at(now())
    };
    for xlsx in [false, true] {
        let request = DocumentRequest::AnnualReport { choice: YEAR, xlsx };
        let on_file = annual_report(&mut file, YEAR, xlsx).expect("on the file");
        let on_server =
            render_on(&mut Store::Server(&mut server), &request, &english).expect("on the server");
        assert_eq!(on_server.file_name, on_file.file_name);
        if xlsx {
            assert_eq!(
                common::sheets(&on_server.bytes),
                common::sheets(&on_file.bytes)
            );
        } else {
            let text = poppler("pdftotext", &["-layout"], &on_file.bytes);
            assert!(text.contains("Annual report 2026"), "{text}");
            assert_eq!(poppler("pdftotext", &["-layout"], &on_server.bytes), text);
        }
    }
}
