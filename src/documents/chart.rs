//! Charts of the Jahresbericht, drawn with the printout's own marks
//! (printpdf rectangles, lines and shaped text), so that every label is
//! shaped like the rest of the document and no second text engine or
//! crate is needed. Readable in black and white: the period is a solid
//! dark bar, the year before a white bar with a black outline, a legend
//! says so in words, and every bar has its figure written beside it. A
//! hidden count ("< 3") gets no bar, only its text: a bar's length would
//! tell the count.

use super::annual_report::{ChartKind, Count, CountTable};
use super::text::Weight;
use super::Printout;

/// The words a chart prints besides its figures.
#[derive(Debug, Clone)]
pub(crate) struct Legend {
    /// The period's name ("2026").
    pub now: String,
    /// The year before's name ("2025 (Vorjahr)").
    pub before: String,
    /// A hidden count ("< 3").
    pub hidden: String,
    /// The year before, short, on a tile of the map ("Vj.").
    pub before_short: String,
    /// The tile of organisations outside the district.
    pub other: String,
    /// The tile of organisations without a municipality.
    pub not_given: String,
    /// What the figures on a tile of the map are.
    pub map_key: String,
}

/// The grey of the period's bars: dark, yet the black outline of the year
/// before stands apart from it in any print.
const DARK: f32 = 0.3;
/// The fill of a map tile with organisations in it.
const TINT: f32 = 0.88;
const LEGEND_MM: f32 = 8.0;
/// Month charts: the bars' room, the labels under them.
const PLOT_MM: f32 = 52.0;
const VALUE_MM: f32 = 4.5;
const MONTH_LABEL_MM: f32 = 6.0;
/// The most months one chart shows; a longer period has its table only.
const MAX_MONTHS: usize = 24;
/// Horizontal bars: one group's height, the label column, the room for
/// the figure after a bar.
const GROUP_MM: f32 = 9.0;
const BAR_MM: f32 = 3.4;
const LABEL_MM: f32 = 48.0;
const FIGURE_MM: f32 = 16.0;
/// The most groups a chart of bars shows, so that the chart and its
/// heading fit on one A4 page (8 + 20 × 9 + 3 = 191 mm of the page's
/// 248 mm between header and footer); a table with more groups (the most
/// lent media, a directory with many languages) is printed without one.
const MAX_GROUPS: usize = 20;
/// Map tiles.
const TILE_MM: f32 = 15.5;
const TILE_GAP_MM: f32 = 1.5;
const MAP_COLUMNS: usize = 7;
const MAP_ROWS: usize = 4;

/// Where each municipality lies, roughly as on the map of the
/// Rhein-Sieg-Kreis: (column west to east, row north to south). Bonn sits
/// in the middle; "anderer Ort" and "ohne Angabe" stand apart at the end.
const PLACES: &[(&str, usize, usize)] = &[
    ("Bornheim", 0, 0),
    ("Niederkassel", 1, 0),
    ("Troisdorf", 2, 0),
    ("Lohmar", 3, 0),
    ("Neunkirchen-Seelscheid", 4, 0),
    ("Much", 5, 0),
    ("Ruppichteroth", 6, 0),
    ("Alfter", 0, 1),
    ("Bonn", 1, 1),
    ("Sankt Augustin", 2, 1),
    ("Siegburg", 3, 1),
    ("Hennef (Sieg)", 4, 1),
    ("Eitorf", 5, 1),
    ("Windeck", 6, 1),
    ("Swisttal", 0, 2),
    ("Meckenheim", 1, 2),
    ("Wachtberg", 2, 2),
    ("Königswinter", 3, 2),
    ("Rheinbach", 0, 3),
    ("Bad Honnef", 3, 3),
    ("anderer Ort", 5, 3),
    ("", 6, 3),
];

/// The height of the chart before `table`, or `None` when it has none
/// (no chart asked for, no rows, or too many to draw readably).
pub(crate) fn height_mm(table: &CountTable) -> Option<f32> {
    let n = table.rows.len();
    match table.chart {
        ChartKind::None => None,
        _ if n == 0 => None,
        ChartKind::Months if n <= MAX_MONTHS => Some(LEGEND_MM + PLOT_MM + MONTH_LABEL_MM + 3.0),
        ChartKind::Bars if n <= MAX_GROUPS => Some(LEGEND_MM + n as f32 * GROUP_MM + 3.0),
        ChartKind::Map => Some(LEGEND_MM + MAP_ROWS as f32 * (TILE_MM + TILE_GAP_MM) + 2.0),
        _ => None,
    }
}

/// Draws the chart of `table` at the cursor (which [`height_mm`] has
/// kept room for).
pub(crate) fn draw(doc: &mut Printout, table: &CountTable, legend: &Legend) {
    let Some(height) = height_mm(table) else {
        return;
    };
    let width = doc.text_width_mm();
    let (x, top) = doc.reserve(height);
    match table.chart {
        ChartKind::Months => {
            key(doc, legend, x, top);
            months(doc, table, legend, (x, top + LEGEND_MM), width);
        }
        ChartKind::Bars => {
            key(doc, legend, x, top);
            bars(doc, table, legend, (x, top + LEGEND_MM), width);
        }
        ChartKind::Map => map(doc, table, legend, (x, top), width),
        ChartKind::None => {}
    }
}

/// The legend: a dark box for the period, an outlined one for the year
/// before, each named.
fn key(doc: &mut Printout, legend: &Legend, x: f32, top: f32) {
    doc.place_box((x, top + 1.0), (5.0, 3.5), Some(DARK), None);
    doc.place_line(
        &legend.now,
        Weight::Regular,
        8.0,
        x + 7.0,
        top + 4.2,
        60.0,
        "Legende",
    );
    let second = x + 9.0 + doc.measure_mm(&legend.now, Weight::Regular, 8.0).min(60.0) + 6.0;
    doc.place_box((second, top + 1.0), (5.0, 3.5), None, Some(0.8));
    doc.place_line(
        &legend.before,
        Weight::Regular,
        8.0,
        second + 7.0,
        top + 4.2,
        80.0,
        "Legende",
    );
}

/// A bar of the period (solid dark) or of the year before (white,
/// outlined in black); nothing when it has no length.
fn draw_bar(doc: &mut Printout, period: bool, at: (f32, f32), (width, height): (f32, f32)) {
    if width <= 0.0 || height <= 0.0 {
        return;
    }
    if period {
        doc.place_box(at, (width, height), Some(DARK), None);
    } else {
        doc.place_box(at, (width, height), None, Some(0.7));
    }
}

/// The figure written at a bar.
fn figure(count: Count, legend: &Legend) -> String {
    match count {
        Count::Exact(n) => n.to_string(),
        Count::Small => legend.hidden.clone(),
        Count::Withheld => super::annual_report::WITHHELD.into(),
    }
}

/// The largest figure printed, the scale of the bars (at least 1).
fn largest(table: &CountTable) -> f32 {
    table
        .rows
        .iter()
        .flat_map(|r| [r.now.exact(), r.before.exact()])
        .flatten()
        .max()
        .unwrap_or(0)
        .max(1) as f32
}

/// Pairs of vertical bars per month, the month's short name under them.
fn months(
    doc: &mut Printout,
    table: &CountTable,
    legend: &Legend,
    (x, top): (f32, f32),
    width: f32,
) {
    let n = table.rows.len();
    let slot = width / n as f32;
    let bar = slot * 0.36;
    let base = top + PLOT_MM;
    let scale = (PLOT_MM - VALUE_MM) / largest(table);
    let size = if n > 12 { 5.5 } else { 7.0 };
    for (i, row) in table.rows.iter().enumerate() {
        let left = x + i as f32 * slot + slot * 0.12;
        for (j, count) in [row.now, row.before].into_iter().enumerate() {
            let bar_x = left + j as f32 * (bar + slot * 0.04);
            let height = count.exact().map_or(0.0, |v| v as f32 * scale);
            draw_bar(doc, j == 0, (bar_x, base - height), (bar, height));
            doc.place_centred(
                &figure(count, legend),
                Weight::Regular,
                size,
                bar_x + bar / 2.0,
                base - height - 1.0,
                slot * 0.48,
                "Diagramm",
            );
        }
        let label = table.short.get(i).unwrap_or(&row.label);
        doc.place_centred(
            label,
            Weight::Regular,
            7.5,
            x + i as f32 * slot + slot / 2.0,
            base + 4.0,
            slot,
            "Diagramm",
        );
    }
    doc.place_rule((x, base), (x + width, base), 0.6, 0.0);
}

/// Pairs of horizontal bars per group, the group's name before them.
fn bars(doc: &mut Printout, table: &CountTable, legend: &Legend, (x, top): (f32, f32), width: f32) {
    let start = x + LABEL_MM + 2.0;
    let room = width - LABEL_MM - 2.0 - FIGURE_MM;
    let scale = room / largest(table);
    for (i, row) in table.rows.iter().enumerate() {
        let group_top = top + i as f32 * GROUP_MM;
        // A long name (an organisation's) takes two smaller lines, broken
        // between words or after a slash, never inside a word: a word too
        // long for the column keeps one line, set smaller.
        let breakable = row.label.replace('/', "/ ");
        let word_fits = breakable
            .split_whitespace()
            .all(|word| doc.measure_mm(word, Weight::Regular, 7.0) <= LABEL_MM);
        let lines = if doc.measure_mm(&row.label, Weight::Regular, 8.0) <= LABEL_MM || !word_fits {
            vec![row.label.clone()]
        } else {
            doc.wrap_mm(&breakable, Weight::Regular, 7.0, LABEL_MM)
        };
        let (size, first) = match lines.len() {
            1 if lines[0] == row.label
                && doc.measure_mm(&row.label, Weight::Regular, 8.0) <= LABEL_MM =>
            {
                (8.0, group_top + BAR_MM + 1.6)
            }
            1 => (7.0, group_top + BAR_MM + 1.4),
            _ => (7.0, group_top + 3.0),
        };
        for (k, line) in lines.iter().take(2).enumerate() {
            let text = if k == 1 && lines.len() > 2 {
                format!("{line} {}", lines[2..].join(" "))
            } else {
                line.clone()
            };
            doc.place_right(
                &text,
                Weight::Regular,
                size,
                x + LABEL_MM,
                first + k as f32 * 3.1,
                LABEL_MM,
                "Diagramm",
            );
        }
        for (j, count) in [row.now, row.before].into_iter().enumerate() {
            let bar_top = group_top + j as f32 * (BAR_MM + 0.6);
            let length = count.exact().map_or(0.0, |v| v as f32 * scale);
            draw_bar(doc, j == 0, (start, bar_top), (length, BAR_MM));
            doc.place_line(
                &figure(count, legend),
                Weight::Regular,
                7.0,
                start + length + 1.2,
                bar_top + BAR_MM - 0.6,
                FIGURE_MM - 1.5,
                "Diagramm",
            );
        }
    }
    let bottom = top + table.rows.len() as f32 * GROUP_MM - 1.6;
    doc.place_rule((start, top - 1.0), (start, bottom), 0.6, 0.0);
}

/// A name on one or two lines: split at a hyphen or a space near its
/// middle when it is wider than `max`.
fn name_lines(doc: &mut Printout, name: &str, size: f32, max: f32) -> Vec<String> {
    if doc.measure_mm(name, Weight::Regular, size) <= max {
        return vec![name.to_owned()];
    }
    let middle = name.len() / 2;
    let split = name
        .char_indices()
        .filter(|&(_, c)| c == '-' || c == ' ')
        .min_by_key(|&(i, _)| i.abs_diff(middle));
    match split {
        Some((i, '-')) => vec![name[..=i].to_owned(), name[i + 1..].to_owned()],
        Some((i, _)) => vec![name[..i].to_owned(), name[i + 1..].to_owned()],
        None => vec![name.to_owned()],
    }
}

/// The municipalities as tiles placed roughly as on the map, each with
/// its count in the period and, small, the year before.
fn map(doc: &mut Printout, table: &CountTable, legend: &Legend, (x, top): (f32, f32), width: f32) {
    let tile = (width - (MAP_COLUMNS as f32 - 1.0) * TILE_GAP_MM) / MAP_COLUMNS as f32;
    doc.place_line(
        &legend.map_key,
        Weight::Regular,
        7.5,
        x,
        top + 4.0,
        width,
        "Legende",
    );
    let grid_top = top + LEGEND_MM;
    for (place, column, row) in PLACES {
        let Some(index) = table.keys.iter().position(|k| k == place) else {
            continue;
        };
        let counts = &table.rows[index];
        let left = x + *column as f32 * (tile + TILE_GAP_MM);
        let tile_top = grid_top + *row as f32 * (TILE_MM + TILE_GAP_MM);
        let filled = counts.now.exact().is_none_or(|n| n > 0);
        doc.place_box(
            (left, tile_top),
            (tile, TILE_MM),
            filled.then_some(TINT),
            Some(0.5),
        );
        let name = match *place {
            "" => legend.not_given.clone(),
            "anderer Ort" => legend.other.clone(),
            other => other.to_owned(),
        };
        let lines = name_lines(doc, &name, 6.5, tile - 1.5);
        for (k, line) in lines.iter().enumerate() {
            doc.place_centred(
                line,
                Weight::Regular,
                6.5,
                left + tile / 2.0,
                tile_top + 3.0 + k as f32 * 2.6,
                tile - 1.5,
                "Karte",
            );
        }
        doc.place_centred(
            &figure(counts.now, legend),
            Weight::Bold,
            11.0,
            left + tile / 2.0,
            tile_top + 11.0,
            tile - 1.5,
            "Karte",
        );
        doc.place_centred(
            &format!("{} {}", legend.before_short, figure(counts.before, legend)),
            Weight::Regular,
            6.0,
            left + tile / 2.0,
            tile_top + 14.2,
            tile - 1.5,
            "Karte",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::annual_report::Row;

    fn bars(groups: usize) -> CountTable {
        CountTable {
            title: String::new(),
            sheet: String::new(),
            group: String::new(),
            rows: (0..groups)
                .map(|i| Row {
                    label: format!("Gruppe {i}"),
                    now: Count::Exact(5),
                    before: Count::Exact(4),
                })
                .collect(),
            chart: ChartKind::Bars,
            keys: Vec::new(),
            short: Vec::new(),
        }
    }

    #[test]
    fn a_chart_of_bars_fits_on_an_a4_page_or_is_left_out() {
        // A4 is 297 mm; header and footer leave 248 mm, of which a heading
        // and its first line take about 20.
        let room = 248.0 - 20.0;
        let most = height_mm(&bars(MAX_GROUPS)).expect("a chart");
        assert!(most <= room, "{most} mm for {MAX_GROUPS} groups");
        assert_eq!(height_mm(&bars(MAX_GROUPS + 1)), None);
        assert_eq!(height_mm(&bars(0)), None);
    }
}
