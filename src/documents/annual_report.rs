//! The Jahresbericht: the figures of [`crate::reports::report`] for a
//! period and the same period a year before, as a PDF (title page,
//! contents, one section per area with charts and tables, notes) and as an
//! XLSX workbook (an overview sheet, then one sheet per table).
//!
//! Both are made from one [`Content`], built once from the report: every
//! count of people already passed through the small-numbers rule
//! ([`crate::reports::small`]), so the PDF and the workbook hide the same
//! cells. The screen is not made from it and shows exact figures.

use chrono::{Datelike, NaiveDate};

use super::chart;
use super::export::{self, Cell, Sheet};
use super::layout::FooterWords;
use super::{german_date, Align, Column, Pdf, PrintSetup, Printout, Table};
use crate::reports::small::{hidden, hidden_cells};
use crate::reports::{Compared, Line, Period, Report};
use crate::settings::{Institution, UiLanguage};
use crate::Result;

/// A count as a report that leaves the house prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Count {
    /// Printed as it is.
    Exact(u32),
    /// A count of people below `min` (printed "< 3"): from 1 to
    /// `min − 1`, or a 0 hidden so that such a count cannot be worked out.
    Small,
    /// A larger count hidden so that a small one in its column cannot be
    /// worked out from the total (printed "•", as official statistics
    /// mark a withheld figure).
    Withheld,
}

impl Count {
    /// The number, when it is printed.
    pub(crate) fn exact(self) -> Option<u32> {
        match self {
            Count::Exact(n) => Some(n),
            Count::Small | Count::Withheld => None,
        }
    }
}

/// The mark of a withheld count.
pub(crate) const WITHHELD: &str = "•";

/// One row of a table of counts: a group, its count in the period and a
/// year before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    /// The group as printed (a month, a Mediengruppe, a municipality).
    pub label: String,
    /// In the period.
    pub now: Count,
    /// A year before.
    pub before: Count,
}

impl Row {
    /// The change and the change in per cent (none when the year before
    /// had 0); nothing when either count is hidden, since the change would
    /// give a hidden count away.
    fn change(&self) -> Option<(i64, Option<f64>)> {
        let (now, before) = (self.now.exact()?, self.before.exact()?);
        let diff = i64::from(now) - i64::from(before);
        let percent = (before > 0).then(|| (diff as f64) * 100.0 / f64::from(before));
        Some((diff, percent))
    }
}

/// Which chart stands before a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChartKind {
    /// None: the table alone.
    None,
    /// Pairs of vertical bars per month.
    Months,
    /// Pairs of horizontal bars per group.
    Bars,
    /// Tiles of the municipalities placed as on the map.
    Map,
}

/// A table of counts with its chart.
#[derive(Debug, Clone)]
pub(crate) struct CountTable {
    /// Heading in the PDF.
    pub title: String,
    /// Worksheet name (at most 31 characters).
    pub sheet: String,
    /// The title of the group column.
    pub group: String,
    /// The rows.
    pub rows: Vec<Row>,
    /// The chart before it.
    pub chart: ChartKind,
    /// The groups as the report names them (a municipality, `2026-03`).
    pub keys: Vec<String>,
    /// Short labels of the groups for a chart of months.
    pub short: Vec<String>,
}

/// A table of text (the projects with their partners).
#[derive(Debug, Clone)]
pub(crate) struct TextTable {
    /// Heading in the PDF.
    pub title: String,
    /// Worksheet name.
    pub sheet: String,
    /// Column titles and relative widths.
    pub columns: Vec<(String, f32)>,
    /// The rows.
    pub rows: Vec<Vec<String>>,
}

/// A block of a section.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    /// Counts, with a chart or without.
    Counts(CountTable),
    /// Text.
    Text(TextTable),
}

impl Block {
    fn title(&self) -> &str {
        match self {
            Block::Counts(t) => &t.title,
            Block::Text(t) => &t.title,
        }
    }
}

/// A share in per cent (the late loans of those due, the attendance
/// rate) in both periods: none where there is nothing to divide, or where
/// a count it is made of is hidden (the share and the printed whole would
/// give the hidden part away).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rate {
    /// What it is a share of.
    pub label: String,
    /// In the period.
    pub now: Option<u32>,
    /// A year before.
    pub before: Option<u32>,
}

/// A share of `part` in `whole` given as `percent`, for each period;
/// counts of people under `min` hide it.
fn rate(
    label: &str,
    now: (u32, u32, Option<u32>),
    before: (u32, u32, Option<u32>),
    min: u32,
) -> Rate {
    let shown = |(part, whole, percent): (u32, u32, Option<u32>)| {
        (!hidden(part, min) && !hidden(whole, min))
            .then_some(percent)
            .flatten()
    };
    Rate {
        label: label.into(),
        now: shown(now),
        before: shown(before),
    }
}

/// One area of the report.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    /// Mediathek, Organisationen, Veranstaltungen.
    pub title: String,
    /// Its key figures.
    pub figures: Vec<Row>,
    /// Its shares in per cent, after the key figures.
    pub rates: Vec<Rate>,
    /// Its tables.
    pub blocks: Vec<Block>,
}

/// Everything the Jahresbericht prints, in the language it is printed in.
#[derive(Debug, Clone)]
pub(crate) struct Content {
    words: Words,
    period: Period,
    previous: Period,
    min: u32,
    sections: Vec<Section>,
}

/// The language of the printed words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Words {
    english: bool,
}

impl Words {
    /// The German or the English text.
    fn t(self, de: &'static str, en: &'static str) -> &'static str {
        if self.english {
            en
        } else {
            de
        }
    }

    fn not_given(self) -> String {
        self.t("ohne Angabe", "not given").into()
    }

    /// "< 3" for a minimum of 3.
    fn hidden(self, min: u32) -> String {
        format!("< {min}")
    }

    fn month(self, m: u32, short: bool) -> String {
        const DE: [&str; 12] = [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let names = if self.english { EN } else { DE };
        let name = names[(m.clamp(1, 12) - 1) as usize];
        if short {
            name.chars().take(3).collect()
        } else {
            name.into()
        }
    }

    fn borrower_kind(self, code: &str) -> String {
        match code {
            "hauptamtlich" => self.t("hauptamtlich", "paid teacher"),
            "ehrenamtlich" => self.t("ehrenamtlich", "volunteer teacher"),
            "organisation" => self.t("Organisation", "organisation"),
            "sonstige" => self.t("sonstige", "other"),
            "" => return self.not_given(),
            other => return other.into(),
        }
        .into()
    }

    fn status(self, code: &str) -> String {
        match code {
            "kontakt" => self.t("Kontakt", "contact"),
            "aktiv" => self.t("aktiv", "active"),
            "ruhend" => self.t("ruhend", "dormant"),
            "geplant" => self.t("geplant", "planned"),
            "laufend" => self.t("laufend", "running"),
            "abgeschlossen" => self.t("abgeschlossen", "finished"),
            "" => return self.not_given(),
            other => return other.into(),
        }
        .into()
    }

    fn age_group(self, group: &str) -> String {
        match group {
            "unter 15" => self.t("unter 15", "under 15"),
            "27 und älter" => self.t("27 und älter", "27 and older"),
            "unbekannt" | "" => self.t("unbekannt", "unknown"),
            other => return other.into(),
        }
        .into()
    }
}

/// A period as printed: 01.01.2026 – 31.12.2026.
fn period_text(p: &Period) -> String {
    format!("{} – {}", german_date(p.first), german_date(p.last))
}

/// The period in a file name: `2026`, or `2026-04-01_2026-06-30`.
pub(crate) fn file_part(p: &Period) -> String {
    let column = period_column(p);
    if column.len() == 4 {
        column
    } else {
        format!("{}_{}", p.first, p.last)
    }
}

/// A period as a column title: the year alone for a calendar year.
fn period_column(p: &Period) -> String {
    let whole_year = p.first.month() == 1
        && p.first.day() == 1
        && p.last.month() == 12
        && p.last.day() == 31
        && p.first.year() == p.last.year();
    if whole_year {
        p.first.year().to_string()
    } else {
        period_text(p)
    }
}

/// Counts of people under the rule: each column on its own.
fn people_rows(labels: Vec<String>, counts: &[Compared<u32>], min: u32) -> Vec<Row> {
    let now: Vec<u32> = counts.iter().map(|c| c.now).collect();
    let before: Vec<u32> = counts.iter().map(|c| c.before).collect();
    let hide_now = hidden_cells(&now, min);
    let hide_before = hidden_cells(&before, min);
    // A hidden 0 (hidden with others) reads "< 3" as well: it is.
    let shown = |n: u32, hide: bool| match (hide, n < min) {
        (false, _) => Count::Exact(n),
        (true, true) => Count::Small,
        (true, false) => Count::Withheld,
    };
    labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| Row {
            label,
            now: shown(now[i], hide_now[i]),
            before: shown(before[i], hide_before[i]),
        })
        .collect()
}

/// Counts of things (media, organisations): printed as they are.
fn exact_rows(labels: Vec<String>, counts: &[Compared<u32>]) -> Vec<Row> {
    labels
        .into_iter()
        .zip(counts)
        .map(|(label, c)| Row {
            label,
            now: Count::Exact(c.now),
            before: Count::Exact(c.before),
        })
        .collect()
}

/// A key figure; one about people is hidden when it is small.
fn figure(label: &str, c: Compared<u32>, people: bool, min: u32) -> Row {
    let shown = |n: u32| {
        if people && hidden(n, min) {
            Count::Small
        } else {
            Count::Exact(n)
        }
    };
    Row {
        label: label.into(),
        now: shown(c.now),
        before: shown(c.before),
    }
}

/// Key figures: (label, counts, whether they count people).
fn figures<const N: usize>(list: [(&str, Compared<u32>, bool); N], min: u32) -> Vec<Row> {
    list.into_iter()
        .map(|(label, counts, people)| figure(label, counts, people, min))
        .collect()
}

/// What a table is made of before the rule: its words and its lines.
struct Spec<'a> {
    title: &'static str,
    sheet: &'static str,
    group: &'static str,
    lines: &'a [Line],
    people: bool,
    chart: ChartKind,
}

impl Content {
    /// The content of the report in `language`, counts of people from 1
    /// to `min − 1` hidden.
    pub(crate) fn new(report: &Report, language: UiLanguage, min: u32) -> Content {
        let words = Words {
            english: language == UiLanguage::En,
        };
        let mut content = Content {
            words,
            period: report.period,
            previous: report.previous,
            min,
            sections: Vec::new(),
        };
        content.sections = vec![
            mediathek(report, &content),
            organisations(report, &content),
            events(report, &content),
        ];
        content
    }

    fn table(&self, spec: Spec<'_>, label: impl Fn(&str) -> String) -> Block {
        let labels: Vec<String> = spec.lines.iter().map(|l| label(&l.group)).collect();
        let counts: Vec<Compared<u32>> = spec.lines.iter().map(|l| l.count).collect();
        let rows = if spec.people {
            people_rows(labels, &counts, self.min)
        } else {
            exact_rows(labels, &counts)
        };
        Block::Counts(CountTable {
            title: spec.title.into(),
            sheet: spec.sheet.into(),
            group: spec.group.into(),
            rows,
            chart: spec.chart,
            keys: spec.lines.iter().map(|l| l.group.clone()).collect(),
            short: Vec::new(),
        })
    }

    /// The report's title: "Jahresbericht 2026", or with the period's days.
    fn title(&self) -> String {
        let w = self.words;
        format!(
            "{} {}",
            w.t("Jahresbericht", "Annual report"),
            period_column(&self.period)
        )
    }
}

/// Labels of groups that are names already (Mediengruppe, level).
fn as_named(words: Words) -> impl Fn(&str) -> String {
    move |g: &str| {
        if g.is_empty() {
            words.not_given()
        } else {
            g.to_owned()
        }
    }
}

fn language_label(words: Words) -> impl Fn(&str) -> String {
    move |g: &str| {
        if g.is_empty() {
            words.not_given()
        } else {
            crate::languages::name(g).to_owned()
        }
    }
}

/// The table of months: full names in the table, short ones in the chart
/// (with the year when the period spans more than one).
fn month_table(
    content: &Content,
    title: &'static str,
    sheet: &'static str,
    lines: &[Line],
) -> Block {
    let w = content.words;
    let several_years = content.period.first.year() != content.period.last.year();
    let parse = |g: &str| NaiveDate::parse_from_str(&format!("{g}-01"), "%Y-%m-%d").ok();
    let mut block = content.table(
        Spec {
            title,
            sheet,
            group: w.t("Monat", "Month"),
            lines,
            people: true,
            chart: ChartKind::Months,
        },
        |g| match parse(g) {
            Some(d) => format!("{} {}", w.month(d.month(), false), d.year()),
            None => g.to_owned(),
        },
    );
    if let Block::Counts(table) = &mut block {
        table.short = lines
            .iter()
            .map(|l| match parse(&l.group) {
                Some(d) if several_years => format!("{:02}/{:02}", d.month(), d.year() % 100),
                Some(d) => w.month(d.month(), true),
                None => l.group.clone(),
            })
            .collect();
    }
    block
}

fn mediathek(report: &Report, c: &Content) -> Section {
    let m = &report.mediathek;
    let (w, min) = (c.words, c.min);
    let figures = figures(
        [
            (w.t("Ausleihen", "Loans"), m.loans, true),
            (w.t("Verlängerungen", "Renewals"), m.renewals, true),
            (w.t("Bestand (Exemplare)", "Stock (copies)"), m.stock, false),
            (w.t("Neu erworben", "Acquired"), m.acquired, false),
            (
                w.t("Ausgeschieden oder verloren", "Withdrawn or lost"),
                m.withdrawn,
                false,
            ),
            (
                w.t("Fällige Ausleihen", "Loans due"),
                Compared {
                    now: m.overdue.now.whole,
                    before: m.overdue.before.whole,
                },
                true,
            ),
            (
                w.t("davon verspätet zurück oder offen", "of which late"),
                Compared {
                    now: m.overdue.now.part,
                    before: m.overdue.before.part,
                },
                true,
            ),
            (
                w.t(
                    "Vormerkungen, die über 14 Tage warteten",
                    "Reservations waiting over 14 days",
                ),
                m.reservations_waited_long,
                true,
            ),
        ],
        min,
    );
    let kind = |title, sheet, lines, chart| Spec {
        title,
        sheet,
        group: w.t("Mediengruppe", "Media kind"),
        lines,
        people: true,
        chart,
    };
    let mut blocks = vec![
        month_table(
            c,
            w.t("Ausleihen je Monat", "Loans per month"),
            w.t("Ausleihen je Monat", "Loans per month"),
            &m.loans_by_month,
        ),
        month_table(
            c,
            w.t("Verlängerungen je Monat", "Renewals per month"),
            w.t("Verlängerungen je Monat", "Renewals per month"),
            &m.renewals_by_month,
        ),
        c.table(
            kind(
                w.t("Ausleihen nach Mediengruppe", "Loans by media kind"),
                w.t("Ausleihen Mediengruppe", "Loans media kind"),
                &m.loans_by_media_kind,
                ChartKind::Bars,
            ),
            as_named(w),
        ),
        c.table(
            Spec {
                title: w.t("Ausleihen nach Sprachniveau", "Loans by level"),
                sheet: w.t("Ausleihen Sprachniveau", "Loans level"),
                group: w.t("Sprachniveau", "Level"),
                lines: &m.loans_by_level,
                people: true,
                chart: ChartKind::Bars,
            },
            as_named(w),
        ),
        c.table(
            Spec {
                title: w.t("Ausleihen nach Sprache", "Loans by language"),
                sheet: w.t("Ausleihen Sprache", "Loans language"),
                group: w.t("Sprache", "Language"),
                lines: &m.loans_by_language,
                people: true,
                chart: ChartKind::Bars,
            },
            language_label(w),
        ),
        c.table(
            Spec {
                title: w.t(
                    "Ausleihen nach Art der Ausleihenden",
                    "Loans by borrower kind",
                ),
                sheet: w.t("Ausleihen Ausleihende", "Loans borrower kind"),
                group: w.t("Ausleihende", "Borrowers"),
                lines: &m.loans_by_borrower_kind,
                people: true,
                chart: ChartKind::Bars,
            },
            move |g| w.borrower_kind(g),
        ),
        c.table(
            Spec {
                title: w.t("Aktive Ausleihende nach Art", "Active borrowers by kind"),
                sheet: w.t("Aktive Ausleihende", "Active borrowers"),
                group: w.t("Ausleihende", "Borrowers"),
                lines: &m.active_borrowers_by_kind,
                people: true,
                chart: ChartKind::Bars,
            },
            move |g| w.borrower_kind(g),
        ),
        c.table(
            Spec {
                title: w.t("Neue Ausleihende nach Art", "New borrowers by kind"),
                sheet: w.t("Neue Ausleihende", "New borrowers"),
                group: w.t("Ausleihende", "Borrowers"),
                lines: &m.new_borrowers_by_kind,
                people: true,
                chart: ChartKind::Bars,
            },
            move |g| w.borrower_kind(g),
        ),
        c.table(
            Spec {
                people: false,
                ..kind(
                    w.t("Bestand nach Mediengruppe", "Stock by media kind"),
                    w.t("Bestand Mediengruppe", "Stock media kind"),
                    &m.stock_by_media_kind,
                    ChartKind::Bars,
                )
            },
            as_named(w),
        ),
        c.table(
            Spec {
                title: w.t("Bestand nach Sprachniveau", "Stock by level"),
                sheet: w.t("Bestand Sprachniveau", "Stock level"),
                group: w.t("Sprachniveau", "Level"),
                lines: &m.stock_by_level,
                people: false,
                chart: ChartKind::Bars,
            },
            as_named(w),
        ),
        c.table(
            Spec {
                title: w.t("Bestand nach Sprache", "Stock by language"),
                sheet: w.t("Bestand Sprache", "Stock language"),
                group: w.t("Sprache", "Language"),
                lines: &m.stock_by_language,
                people: false,
                chart: ChartKind::Bars,
            },
            language_label(w),
        ),
        c.table(
            Spec {
                people: false,
                ..kind(
                    w.t(
                        "Seit zwei Jahren nicht ausgeliehene Medien",
                        "Media not lent for two years",
                    ),
                    w.t("Nicht ausgeliehen", "Not lent"),
                    &m.never_lent_by_media_kind,
                    ChartKind::None,
                )
            },
            as_named(w),
        ),
    ];
    let most: Vec<Line> = m
        .most_lent
        .iter()
        .map(|medium| Line {
            group: format!("{} ({})", medium.title, medium.media_kind),
            count: medium.loans,
        })
        .collect();
    blocks.push(c.table(
        Spec {
            title: w.t("Die meistgeliehenen Medien", "The most lent media"),
            sheet: w.t("Meistgeliehen", "Most lent"),
            group: w.t("Titel (Mediengruppe)", "Title (media kind)"),
            lines: &most,
            people: true,
            chart: ChartKind::None,
        },
        |g| g.to_owned(),
    ));
    let share = |s: crate::reports::Share| (s.part, s.whole, s.percent);
    let rates = vec![rate(
        w.t(
            "Anteil verspätet zurück oder offen (%)",
            "Share returned late or still out (%)",
        ),
        share(m.overdue.now),
        share(m.overdue.before),
        min,
    )];
    Section {
        title: "Mediathek".into(),
        figures,
        rates,
        blocks,
    }
}

fn organisations(report: &Report, c: &Content) -> Section {
    let o = &report.organisations;
    let (w, min) = (c.words, c.min);
    let figures = figures(
        [
            (
                w.t(
                    "Organisationen im Verzeichnis",
                    "Organisations in the directory",
                ),
                o.total,
                false,
            ),
            (w.t("Neu aufgenommen", "New"), o.new, false),
            (w.t("Neue Kontakte", "New contacts"), o.new_contacts, false),
            (
                w.t("Neue Kooperationen", "New cooperations"),
                o.new_cooperations,
                false,
            ),
            (
                w.t("Kooperationsprojekte", "Cooperation projects"),
                o.projects,
                false,
            ),
        ],
        min,
    );
    let attendance_lines = |persons: bool| -> Vec<Line> {
        o.attendance
            .iter()
            .map(|a| Line {
                group: a.name.clone(),
                count: if persons { a.persons } else { a.meetings },
            })
            .collect()
    };
    let meetings = attendance_lines(false);
    let persons = attendance_lines(true);
    let mut blocks = vec![
        c.table(
            Spec {
                title: w.t(
                    "Organisationen nach Kommune",
                    "Organisations by municipality",
                ),
                sheet: w.t("Organisationen Kommune", "Organisations municipality"),
                group: w.t("Kommune", "Municipality"),
                lines: &o.by_municipality,
                people: false,
                chart: ChartKind::Map,
            },
            move |g| match g {
                "anderer Ort" => w.t("anderer Ort", "elsewhere").into(),
                other => as_named(w)(other),
            },
        ),
        c.table(
            Spec {
                title: w.t("Organisationen nach Art", "Organisations by kind"),
                sheet: w.t("Organisationen Art", "Organisations kind"),
                group: w.t("Art", "Kind"),
                lines: &o.by_kind,
                people: false,
                chart: ChartKind::Bars,
            },
            as_named(w),
        ),
        c.table(
            Spec {
                title: w.t("Organisationen nach Sprache", "Organisations by language"),
                sheet: w.t("Organisationen Sprache", "Organisations language"),
                group: w.t("Sprache", "Language"),
                lines: &o.by_language,
                people: false,
                chart: ChartKind::Bars,
            },
            language_label(w),
        ),
        c.table(
            Spec {
                title: w.t(
                    "Organisationen nach Kooperationsstand",
                    "Organisations by status",
                ),
                sheet: w.t("Kooperationsstand", "Status"),
                group: w.t("Stand", "Status"),
                lines: &o.by_status,
                people: false,
                chart: ChartKind::Bars,
            },
            move |g| w.status(g),
        ),
        c.table(
            Spec {
                title: w.t(
                    "Arbeitskreis: Treffen je Arbeitskreis",
                    "Working groups: meetings",
                ),
                sheet: w.t("Arbeitskreis Treffen", "Working group meetings"),
                group: w.t("Arbeitskreis", "Working group"),
                lines: &o.meetings_by_working_group,
                people: false,
                chart: ChartKind::None,
            },
            as_named(w),
        ),
        c.table(
            Spec {
                title: w.t(
                    "Arbeitskreis: Treffen mit Teilnahme je Organisation",
                    "Working groups: meetings attended per organisation",
                ),
                sheet: w.t("Arbeitskreis Teilnahme", "Working group attendance"),
                group: w.t("Organisation", "Organisation"),
                lines: &meetings,
                people: false,
                chart: ChartKind::None,
            },
            as_named(w),
        ),
        c.table(
            Spec {
                title: w.t(
                    "Arbeitskreis: entsandte Personen je Organisation",
                    "Working groups: persons sent per organisation",
                ),
                sheet: w.t("Arbeitskreis Personen", "Working group persons"),
                group: w.t("Organisation", "Organisation"),
                lines: &persons,
                people: true,
                chart: ChartKind::None,
            },
            as_named(w),
        ),
    ];
    let day = |d: Option<NaiveDate>| d.map(german_date).unwrap_or_default();
    blocks.push(Block::Text(TextTable {
        title: w
            .t(
                "Kooperationsprojekte mit ihren Partnern",
                "Cooperation projects and partners",
            )
            .into(),
        sheet: w.t("Projekte", "Projects").into(),
        columns: vec![
            (w.t("Projekt", "Project").into(), 2.8),
            (w.t("Laufzeit", "Duration").into(), 2.2),
            (w.t("Stand", "Status").into(), 2.0),
            (w.t("Partner", "Partners").into(), 3.0),
        ],
        rows: o
            .project_list
            .iter()
            .map(|p| {
                vec![
                    p.title.clone(),
                    format!("{} – {}", day(p.starts_on), day(p.ends_on)),
                    w.status(&p.status),
                    p.partners.join(", "),
                ]
            })
            .collect(),
    }));
    Section {
        title: w.t("Organisationen", "Organisations").into(),
        figures,
        rates: Vec::new(),
        blocks,
    }
}

fn events(report: &Report, c: &Content) -> Section {
    let e = &report.events;
    let (w, min) = (c.words, c.min);
    let f = &e.figures;
    let pick = |get: fn(&crate::events::Figures) -> u32| Compared {
        now: get(&f.now),
        before: get(&f.before),
    };
    let figures = figures(
        [
            (w.t("Workshops", "Workshops"), e.workshops, false),
            (
                w.t("Anmeldungen (Plätze belegt)", "Registrations (seats taken)"),
                pick(|f| f.registered),
                true,
            ),
            (w.t("Teilgenommen", "Present"), pick(|f| f.present), true),
            (
                w.t("Nicht erschienen", "No-shows"),
                pick(|f| f.no_show),
                true,
            ),
            (
                w.t("Ohne Anmeldung gekommen", "Walk-ins"),
                pick(|f| f.walk_ins),
                true,
            ),
            (w.t("Abgesagt", "Cancelled"), pick(|f| f.cancelled), true),
            (
                w.t(
                    "Auf der Warteliste bei Anmeldeschluss",
                    "On the waitlist when registration closed",
                ),
                e.waitlisted_at_close,
                true,
            ),
        ],
        min,
    );
    let lines = |list: &[crate::reports::FiguresLine], present: bool| -> Vec<Line> {
        list.iter()
            .map(|l| Line {
                group: l.group.clone(),
                count: Compared {
                    now: if present {
                        l.figures.now.present
                    } else {
                        l.figures.now.registered
                    },
                    before: if present {
                        l.figures.before.present
                    } else {
                        l.figures.before.registered
                    },
                },
            })
            .collect()
    };
    let mut blocks = Vec::new();
    let groups: [(
        &[crate::reports::FiguresLine],
        [&'static str; 4],
        &'static str,
        u8,
    ); 3] = [
        (
            &e.by_host,
            [
                w.t("Anmeldungen nach Veranstalter", "Registrations by host"),
                w.t("Teilnahme nach Veranstalter", "Attendance by host"),
                w.t("Anmeldungen Veranstalter", "Registrations host"),
                w.t("Teilnahme Veranstalter", "Attendance host"),
            ],
            w.t("Veranstalter", "Host"),
            0,
        ),
        (
            &e.by_language,
            [
                w.t("Anmeldungen nach Sprache", "Registrations by language"),
                w.t("Teilnahme nach Sprache", "Attendance by language"),
                w.t("Anmeldungen Sprache", "Registrations language"),
                w.t("Teilnahme Sprache", "Attendance language"),
            ],
            w.t("Sprache", "Language"),
            1,
        ),
        (
            &e.by_age_group,
            [
                w.t(
                    "Anmeldungen nach Altersgruppe",
                    "Registrations by age group",
                ),
                w.t("Teilnahme nach Altersgruppe", "Attendance by age group"),
                w.t("Anmeldungen Altersgruppe", "Registrations age group"),
                w.t("Teilnahme Altersgruppe", "Attendance age group"),
            ],
            w.t("Altersgruppe", "Age group"),
            2,
        ),
    ];
    for (list, [title_r, title_p, sheet_r, sheet_p], group, labels) in groups {
        for (present, title, sheet) in [(false, title_r, sheet_r), (true, title_p, sheet_p)] {
            let lines = lines(list, present);
            let spec = Spec {
                title,
                sheet,
                group,
                lines: &lines,
                people: true,
                chart: ChartKind::Bars,
            };
            blocks.push(match labels {
                0 => c.table(spec, as_named(w)),
                1 => c.table(spec, language_label(w)),
                _ => c.table(spec, move |g| w.age_group(g)),
            });
        }
    }
    let attendance = |f: &crate::events::Figures| (f.present, f.registered, f.attendance_rate);
    let rates = vec![rate(
        w.t(
            "Teilnahmequote: anwesend von angemeldet (%)",
            "Attendance rate: present of registered (%)",
        ),
        attendance(&f.now),
        attendance(&f.before),
        min,
    )];
    Section {
        title: w.t("Veranstaltungen", "Events").into(),
        figures,
        rates,
        blocks,
    }
}

/// The columns of every table of counts: group, period, year before,
/// change, per cent.
fn count_columns(content: &Content, group: &str) -> Vec<String> {
    let w = content.words;
    vec![
        group.to_owned(),
        period_column(&content.period),
        format!(
            "{} {}",
            w.t("Vorjahr", "Year before"),
            period_column(&content.previous)
        ),
        w.t("Veränderung", "Change").into(),
        "%".into(),
    ]
}

fn count_text(count: Count, words: Words, min: u32) -> String {
    match count {
        Count::Exact(n) => n.to_string(),
        Count::Small => words.hidden(min),
        Count::Withheld => WITHHELD.into(),
    }
}

/// The printed cells of a row: count, count, change, per cent.
fn row_texts(row: &Row, words: Words, min: u32) -> Vec<String> {
    let (change, percent) = match row.change() {
        Some((diff, percent)) => (
            if diff == 0 {
                "0".into()
            } else {
                format!("{diff:+}")
            },
            percent.map_or_else(String::new, |p| {
                let text = if p.abs() < 0.05 {
                    "0.0".to_owned()
                } else {
                    format!("{p:+.1}")
                };
                if words.english {
                    text
                } else {
                    text.replace('.', ",")
                }
            }),
        ),
        None => (String::new(), String::new()),
    };
    vec![
        row.label.clone(),
        count_text(row.now, words, min),
        count_text(row.before, words, min),
        change,
        percent,
    ]
}

fn pdf_count_table(content: &Content, group: &str, rows: &[Row]) -> Table {
    let titles = count_columns(content, group);
    let widths = [5.0, 1.5, 1.5, 1.4, 1.0];
    Table {
        columns: titles
            .into_iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (title, width))| {
                let column = Column::new(title, width);
                if i == 0 {
                    column
                } else {
                    column.align(Align::Right)
                }
            })
            .collect(),
        rows: if rows.is_empty() {
            vec![vec![content.words.t("keine Einträge", "no entries").into()]]
        } else {
            rows.iter()
                .map(|r| row_texts(r, content.words, content.min))
                .collect()
        },
        min_row_height: 0.0,
    }
}

/// The shares of a section in the columns of the key figures: share,
/// period, year before, change in percentage points ("–" where a share is
/// not printed).
fn pdf_rate_table(content: &Content, rates: &[Rate]) -> Table {
    let w = content.words;
    let titles = count_columns(content, w.t("Anteil", "Share"));
    let text = |p: Option<u32>| p.map_or_else(|| "–".to_owned(), |p| format!("{p} %"));
    let points = w.t("Pp.", "pts");
    Table {
        columns: titles
            .into_iter()
            .zip([5.0, 1.5, 1.5, 1.4, 1.0])
            .enumerate()
            .map(|(i, (title, width))| {
                let column = Column::new(title, width);
                if i == 0 {
                    column
                } else {
                    column.align(Align::Right)
                }
            })
            .collect(),
        rows: rates
            .iter()
            .map(|r| {
                let change = match (r.now, r.before) {
                    (Some(a), Some(b)) => format!("{:+} {points}", i64::from(a) - i64::from(b)),
                    _ => String::new(),
                };
                vec![
                    r.label.clone(),
                    text(r.now),
                    text(r.before),
                    change,
                    String::new(),
                ]
            })
            .collect(),
        min_row_height: 0.0,
    }
}

/// Lays the report out; with `pages` (those of a first pass) the contents
/// carry the page numbers. Returns the printout and the page of each entry.
fn lay_out(
    content: &Content,
    setup: PrintSetup,
    pages: Option<&[usize]>,
) -> (Printout, Vec<usize>) {
    let w = content.words;
    let min = content.min;
    let institution: Institution = setup.institution.clone();
    let mut doc = Printout::new(setup);
    if w.english {
        doc.set_footer_words(FooterWords::ENGLISH);
    }
    // Title page.
    doc.space(30.0);
    doc.heading(&content.title(), 1);
    doc.space(6.0);
    let address = institution.address();
    let period = period_text(&content.period);
    let previous = period_text(&content.previous);
    let mut pairs: Vec<(&str, &str)> = vec![(w.t("Einrichtung", "Institution"), &institution.name)];
    if !institution.department.is_empty() {
        pairs.push((w.t("Abteilung", "Department"), &institution.department));
    }
    if !address.is_empty() {
        pairs.push((w.t("Anschrift", "Address"), &address));
    }
    pairs.push((w.t("Berichtszeitraum", "Period"), &period));
    pairs.push((w.t("Vergleichszeitraum", "Compared with"), &previous));
    doc.key_values(&pairs);
    doc.space(6.0);
    doc.paragraph(&small_numbers_note(w, min));

    // Contents: one row per section and per table; page numbers once known.
    let mut titles: Vec<(String, bool)> = Vec::new();
    for section in &content.sections {
        titles.push((section.title.clone(), true));
        titles.push((w.t("Kennzahlen", "Key figures").into(), false));
        for block in &section.blocks {
            titles.push((block.title().to_owned(), false));
        }
    }
    titles.push((w.t("Hinweise", "Notes").into(), true));
    doc.new_page();
    let contents = Table {
        columns: vec![
            Column::new(w.t("Abschnitt", "Section"), 6.0),
            Column::new(w.t("Seite", "Page"), 1.0).align(Align::Right),
        ],
        rows: titles
            .iter()
            .enumerate()
            .map(|(i, (title, section))| {
                let page = pages
                    .and_then(|p| p.get(i))
                    .map_or_else(|| "0".to_owned(), usize::to_string);
                let title = if *section {
                    title.clone()
                } else {
                    format!("    {title}")
                };
                vec![title, page]
            })
            .collect(),
        min_row_height: 0.0,
    };
    doc.heading(w.t("Inhalt", "Contents"), 1);
    doc.table(&contents);

    let mut entries = Vec::new();
    for section in &content.sections {
        doc.new_page();
        doc.heading(&section.title, 1);
        entries.push(doc.page_number());
        let figures = pdf_count_table(content, w.t("Kennzahl", "Figure"), &section.figures);
        let page = doc.table_under_heading(w.t("Kennzahlen", "Key figures"), &figures);
        entries.push(page);
        if !section.rates.is_empty() {
            doc.table(&pdf_rate_table(content, &section.rates));
        }
        for block in &section.blocks {
            let page = match block {
                Block::Counts(table) => {
                    let pdf_table = pdf_count_table(content, &table.group, &table.rows);
                    match chart::height_mm(table) {
                        Some(height) => {
                            let page = doc.heading_before(&table.title, height);
                            chart::draw(&mut doc, table, &legend(content));
                            doc.table(&pdf_table);
                            page
                        }
                        None => doc.table_under_heading(&table.title, &pdf_table),
                    }
                }
                Block::Text(table) => {
                    let pdf_table = Table {
                        columns: table
                            .columns
                            .iter()
                            .map(|(title, width)| Column::new(title.clone(), *width))
                            .collect(),
                        rows: if table.rows.is_empty() {
                            vec![vec![w.t("keine Einträge", "no entries").into()]]
                        } else {
                            table.rows.clone()
                        },
                        min_row_height: 0.0,
                    };
                    doc.table_under_heading(&table.title, &pdf_table)
                }
            };
            entries.push(page);
        }
    }
    doc.new_page();
    doc.heading(w.t("Hinweise", "Notes"), 1);
    entries.push(doc.page_number());
    for note in notes(w, min) {
        doc.paragraph(&note);
    }
    (doc, entries)
}

fn small_numbers_note(w: Words, min: u32) -> String {
    if min <= 1 {
        return w
            .t(
                "Alle Zahlen stehen, wie sie gezählt wurden.",
                "Every figure is printed as counted.",
            )
            .into();
    }
    let below = min - 1;
    if w.english {
        format!("Counts of people from 1 to {below} are printed as “< {min}”, so that nobody can be recognised; 0 stays 0 unless it protects another hidden count.")
    } else {
        format!("Zahlen von Personen von 1 bis {below} stehen als „< {min}“, damit niemand erkennbar ist; 0 bleibt 0, außer wo sie eine andere verborgene Zahl schützt.")
    }
}

fn notes(w: Words, min: u32) -> Vec<String> {
    let mut notes = vec![small_numbers_note(w, min)];
    if min > 1 {
        notes.push(
            w.t(
                "Ließe sich eine verborgene Zahl aus der Summe der Spalte errechnen, ist auch die nächstkleinere Zahl der Spalte verborgen: eine 0 als „< {min}“ (sie ist kleiner), eine größere mit „•“ markiert. Wo eine Zahl verborgen ist, fehlen die Veränderung und der Anteil.",
                "Where a hidden count could be worked out from the column's total, the next smallest count of the column is hidden too: a 0 as “< {min}” (it is less), a larger one marked “•”. Where a count is hidden, the change and the share are left out.",
            )
            .replace("{min}", &min.to_string()),
        );
    }
    notes.push(
        w.t(
            "Alle Zahlen sind aus dem gezählt, was nach Anonymisierung und Löschung bleibt: sie ändern sich nicht, wenn Personen gelöscht werden. Medien und Organisationen werden genau gezählt; die Grenze gilt für Zahlen von Personen (Ausleihen, Verlängerungen, Ausleihende, Vormerkungen, Anmeldungen, Teilnahme).",
            "Every figure is counted from what anonymisation and erasure keep: it does not change when people are deleted. Media and organisations are counted exactly; the limit applies to counts of people (loans, renewals, borrowers, reservations, registrations, attendance).",
        )
        .into(),
    );
    notes
}

/// The Jahresbericht as a PDF: laid out once to learn the page of every
/// heading, then again with those pages in the contents (the contents
/// have the same rows both times, so nothing moves).
pub(crate) fn annual_report_pdf(content: &Content, setup: PrintSetup) -> Pdf {
    let (_, pages) = lay_out(content, setup.clone(), None);
    let (doc, again) = lay_out(content, setup, Some(&pages));
    debug_assert_eq!(
        again, pages,
        "the second pass puts every heading on the page the first found"
    );
    doc.finish()
}

/// The Jahresbericht as a workbook: "Übersicht" with every key figure,
/// then one sheet per table. Counts are numbers; a hidden count is the
/// text "< 3"; the change and per cent are empty where a count is hidden.
///
/// # Errors
/// [`crate::Error::DocumentFailed`] if the workbook cannot be written.
pub(crate) fn annual_report_xlsx(content: &Content) -> Result<Vec<u8>> {
    let w = content.words;
    let min = content.min;
    let cells = |row: &Row| -> Vec<Cell> {
        let count = |c: Count| match c {
            Count::Exact(n) => Cell::Number(f64::from(n)),
            Count::Small => Cell::Text(w.hidden(min)),
            Count::Withheld => Cell::Text(WITHHELD.into()),
        };
        let (change, percent) = match row.change() {
            Some((diff, percent)) => (
                Cell::Number(diff as f64),
                percent.map_or(Cell::Empty, |p| Cell::Number((p * 10.0).round() / 10.0)),
            ),
            None => (Cell::Empty, Cell::Empty),
        };
        vec![
            Cell::Text(row.label.clone()),
            count(row.now),
            count(row.before),
            change,
            percent,
        ]
    };
    let mut overview_columns = vec![w.t("Bereich", "Area").to_owned()];
    overview_columns.extend(count_columns(content, w.t("Kennzahl", "Figure")));
    let mut overview = Sheet {
        name: w.t("Übersicht", "Overview").into(),
        columns: overview_columns,
        rows: Vec::new(),
    };
    let mut sheets = Vec::new();
    for section in &content.sections {
        for row in &section.figures {
            let mut line = vec![Cell::Text(section.title.clone())];
            line.extend(cells(row));
            overview.rows.push(line);
        }
        // Shares: per cent as numbers, the change in percentage points.
        let percent = |p: Option<u32>| p.map_or(Cell::Empty, |p| Cell::Number(f64::from(p)));
        for rate in &section.rates {
            let change = match (rate.now, rate.before) {
                (Some(a), Some(b)) => Cell::Number(f64::from(a) - f64::from(b)),
                _ => Cell::Empty,
            };
            overview.rows.push(vec![
                Cell::Text(section.title.clone()),
                Cell::Text(rate.label.clone()),
                percent(rate.now),
                percent(rate.before),
                change,
                Cell::Empty,
            ]);
        }
        for block in &section.blocks {
            sheets.push(match block {
                Block::Counts(table) => Sheet {
                    name: table.sheet.clone(),
                    columns: count_columns(content, &table.group),
                    rows: table.rows.iter().map(&cells).collect(),
                },
                Block::Text(table) => Sheet {
                    name: table.sheet.clone(),
                    columns: table.columns.iter().map(|(t, _)| t.clone()).collect(),
                    rows: table
                        .rows
                        .iter()
                        .map(|r| r.iter().map(|t| Cell::Text(t.clone())).collect())
                        .collect(),
                },
            });
        }
    }
    let mut all = vec![overview];
    all.extend(sheets);
    export::xlsx_book(&all)
}

/// "2026" and "2025 (Vorjahr)" for the charts of `content`.
fn legend(content: &Content) -> chart::Legend {
    let w = content.words;
    chart::Legend {
        now: period_column(&content.period),
        before: format!(
            "{} ({})",
            period_column(&content.previous),
            w.t("Vorjahr", "year before")
        ),
        hidden: w.hidden(content.min),
        before_short: w.t("Vj.", "prev.").into(),
        other: w.t("anderer Ort", "elsewhere").into(),
        not_given: w.not_given(),
        map_key: if w.english {
            format!(
                "Large figure: organisations {}; small: the year before ({})",
                period_column(&content.period),
                period_column(&content.previous)
            )
        } else {
            format!(
                "Große Zahl: Organisationen {}; klein: Vorjahr ({})",
                period_column(&content.period),
                period_column(&content.previous)
            )
        },
    }
}
