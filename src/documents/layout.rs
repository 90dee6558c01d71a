//! Pages and the blocks placed on them. Everything is measured in points
//! from the top of the page and turned into PDF operations at the end, when
//! the page count for "Seite x von y" is known.
//!
//! Why one file of more than 600 lines: two thirds of it is the one
//! `impl Printout`, whose blocks (headings, paragraphs, key-value lists,
//! tables, signatures) and page breaks all move the same private cursor
//! and add to the marks of the current page. Spread over files, that
//! private state would have to be opened to the whole `documents` module;
//! the file has no other line along which it would fall apart cleanly.

use std::borrow::Cow;

use chrono::NaiveDate;
use printpdf::{
    Codepoint, Color, DictItem, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, TextMatrix,
};

use super::fonts::{dejavu_bold, dejavu_regular, FallbackFonts};
use super::text::{FaceSet, ShapedLine, Weight};
use super::Pdf;
use crate::settings::Institution;

const MM: f32 = 72.0 / 25.4;
const A4_SHORT: f32 = 210.0 * MM;
const A4_LONG: f32 = 297.0 * MM;
const A5_SHORT: f32 = 148.0 * MM;
const MARGIN_SIDE: f32 = 18.0 * MM;
const MARGIN_TOP: f32 = 12.0 * MM;
const MARGIN_BOTTOM: f32 = 12.0 * MM;
/// A5 has less room: narrower margins keep a four-column table readable.
const A5_MARGIN: f32 = 10.0 * MM;
/// A receipt roll: the printer's head is at the paper's top edge almost at
/// once, and the tear-off edge needs a little room below the last line.
const ROLL_MARGIN_TOP: f32 = 3.0 * MM;
const ROLL_MARGIN_BOTTOM: f32 = 6.0 * MM;
/// The shortest slip cut from a roll (a slip shorter than it is wide gets
/// lost at the desk).
const ROLL_MIN_LENGTH: f32 = 80.0 * MM;
/// How long one page of a roll may grow before the slip goes on on a
/// second one (PDF viewers and drivers handle pages up to 5 m; a slip
/// this long has some 40 items).
const ROLL_MAX_LENGTH: f32 = 1000.0 * MM;
/// Narrower than this, signature lines stand one under the other.
const SIGNATURE_MIN_WIDTH: f32 = 45.0 * MM;
/// Height of the page header (institution, one address line) including its
/// rule; each further address line adds a small line's height.
const HEADER_HEIGHT: f32 = 17.0 * MM;
/// Height of the footer (print date, page numbers).
const FOOTER_HEIGHT: f32 = 8.0 * MM;

const BODY: f32 = 10.0;
/// The institution's name in the page header.
const HEADER_NAME: f32 = 11.0;
const SMALL: f32 = 8.0;
const LEADING: f32 = 1.35;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.5;
/// The smallest a line on a label or card is set to make it fit: below two
/// thirds of its size it would be hard to read.
const SMALLEST_FIT: f32 = 0.66;

const INK: (f32, f32, f32) = (0.11, 0.15, 0.19);
const GREY: (f32, f32, f32) = (0.38, 0.42, 0.47);
const LINE_GREY: (f32, f32, f32) = (0.72, 0.75, 0.78);
const STRIPE: (f32, f32, f32) = (0.95, 0.96, 0.97);
const HEAD_FILL: (f32, f32, f32) = (0.88, 0.92, 0.95);

/// Page orientation (A4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// 210 × 297 mm.
    Portrait,
    /// 297 × 210 mm.
    Landscape,
}

/// The paper a printout is laid out on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Paper {
    /// A4 in the given orientation.
    A4(Orientation),
    /// A5 portrait, 148 × 210 mm.
    A5,
    /// A receipt roll `width_mm` wide, of which the middle `printable_mm`
    /// are printed; the page is as long as its content (at least
    /// 80 mm), with the print date at its end and no page numbers.
    Roll {
        /// Width of the paper.
        width_mm: f32,
        /// Width the printer's head reaches.
        printable_mm: f32,
    },
}

/// Horizontal alignment in a table column. `Start` follows the text's
/// direction: left for German, right for Arabic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left for left-to-right text, right for right-to-left text.
    Start,
    /// Always right (numbers, dates).
    Right,
    /// Centred.
    Center,
}

/// The part of a table that stands together on a page: the header and the
/// first row, with the column widths they were measured in.
struct TableStart {
    widths: Vec<f32>,
    header: Vec<String>,
    header_cells: Vec<Vec<String>>,
    header_height: f32,
    first_height: f32,
}

impl TableStart {
    fn height(&self) -> f32 {
        self.header_height + self.first_height
    }
}

/// What a cell does with text wider than its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overflow {
    /// Wrap onto more lines; the row grows.
    Wrap,
    /// Shorten to one line with "…".
    Ellipsis,
}

/// A table column.
#[derive(Debug, Clone)]
pub struct Column {
    /// Header text.
    pub title: String,
    /// Relative width (the columns share the text width in these ratios).
    pub width: f32,
    /// Alignment of the cells.
    pub align: Align,
    /// Long text handling.
    pub overflow: Overflow,
}

impl Column {
    /// A start-aligned, wrapping column.
    pub fn new(title: impl Into<String>, width: f32) -> Self {
        Column {
            title: title.into(),
            width,
            align: Align::Start,
            overflow: Overflow::Wrap,
        }
    }

    /// The same column with another alignment.
    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }

    /// The same column shortening long text with "…".
    pub fn ellipsis(mut self) -> Self {
        self.overflow = Overflow::Ellipsis;
        self
    }
}

/// A table: header row repeated on every page, striped rows, rows never
/// split across pages.
#[derive(Debug, Clone)]
pub struct Table {
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, one string per column.
    pub rows: Vec<Vec<String>>,
    /// Minimum row height in points (room for a signature).
    pub min_row_height: f32,
}

/// What every page of a printout carries.
#[derive(Debug, Clone)]
pub struct PrintSetup {
    /// Document title (PDF metadata).
    pub title: String,
    /// Page orientation.
    pub orientation: Orientation,
    /// Printed in the page header.
    pub institution: Institution,
    /// Printed in the footer ("Gedruckt am").
    pub printed_on: NaiveDate,
    /// Where characters DejaVu lacks are looked for.
    pub fallbacks: FallbackFonts,
}

/// Something to draw, in points from the page's top-left corner.
enum Mark {
    Text {
        line: ShapedLine,
        x: f32,
        baseline: f32,
        size: f32,
        color: (f32, f32, f32),
    },
    Fill {
        x: f32,
        top: f32,
        width: f32,
        height: f32,
        color: (f32, f32, f32),
    },
    /// A straight line from (x1, y1) to (x2, y2).
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        thickness: f32,
        color: (f32, f32, f32),
    },
}

impl Mark {
    /// A horizontal line at `y` from `x1` to `x2`.
    fn hline(x1: f32, x2: f32, y: f32, thickness: f32, color: (f32, f32, f32)) -> Mark {
        Mark::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            thickness,
            color,
        }
    }
}

/// A document being laid out.
pub struct Printout {
    setup: PrintSetup,
    faces: FaceSet,
    pages: Vec<Vec<Mark>>,
    /// Distance of the next block from the top of the current page.
    cursor: f32,
    width: f32,
    height: f32,
    /// Left and right margin.
    side: f32,
    /// How far paragraphs and notes start right of the left margin: the
    /// width of a square set beside them ([`Printout::beside_square`]).
    indent: f32,
    /// Margin above the header.
    top: f32,
    /// Margin below the footer.
    bottom_margin: f32,
    /// A receipt roll: the last page ends where its content ends.
    roll: bool,
    /// Label sheets and cards: no header, no footer, marks placed by the caller.
    blank: bool,
    /// The institution's name, wrapped to the text width once.
    name_lines: Vec<String>,
    /// The institution's address and contact lines under its name, wrapped
    /// to the text width once (every page repeats them).
    letterhead: Vec<String>,
    /// The words of the footer, German unless a document asks otherwise.
    footer: FooterWords,
}

/// The words of the footer: "Gedruckt am" and "Seite x von y".
#[derive(Debug, Clone)]
pub(crate) struct FooterWords {
    /// Before the print date.
    pub printed: Cow<'static, str>,
    /// Before the page number.
    pub page: Cow<'static, str>,
    /// Between the page number and the page count.
    pub of: Cow<'static, str>,
}

impl FooterWords {
    /// Gedruckt am …, Seite x von y.
    pub(crate) const GERMAN: FooterWords = FooterWords {
        printed: Cow::Borrowed("Gedruckt am"),
        page: Cow::Borrowed("Seite"),
        of: Cow::Borrowed("von"),
    };
    /// Printed on …, Page x of y.
    pub(crate) const ENGLISH: FooterWords = FooterWords {
        printed: Cow::Borrowed("Printed on"),
        page: Cow::Borrowed("Page"),
        of: Cow::Borrowed("of"),
    };
}

impl Printout {
    /// Starts a document on A4 in the set-up's orientation, with its first
    /// page.
    pub fn new(setup: PrintSetup) -> Self {
        let orientation = setup.orientation;
        Printout::on(setup, Paper::A4(orientation))
    }

    /// Starts a document on `paper`, with its first page.
    pub fn on(setup: PrintSetup, paper: Paper) -> Self {
        let (width, height, side, top, bottom, roll) = match paper {
            Paper::A4(Orientation::Portrait) => (
                A4_SHORT,
                A4_LONG,
                MARGIN_SIDE,
                MARGIN_TOP,
                MARGIN_BOTTOM,
                false,
            ),
            Paper::A4(Orientation::Landscape) => (
                A4_LONG,
                A4_SHORT,
                MARGIN_SIDE,
                MARGIN_TOP,
                MARGIN_BOTTOM,
                false,
            ),
            Paper::A5 => (A5_SHORT, A4_SHORT, A5_MARGIN, A5_MARGIN, A5_MARGIN, false),
            Paper::Roll {
                width_mm,
                printable_mm,
            } => (
                width_mm * MM,
                ROLL_MAX_LENGTH,
                (width_mm - printable_mm).max(0.0) / 2.0 * MM,
                ROLL_MARGIN_TOP,
                ROLL_MARGIN_BOTTOM,
                true,
            ),
        };
        let faces = FaceSet::new(dejavu_regular(), dejavu_bold(), setup.fallbacks.clone());
        let mut printout = Printout {
            setup,
            faces,
            pages: Vec::new(),
            cursor: 0.0,
            width,
            height,
            side,
            indent: 0.0,
            top,
            bottom_margin: bottom,
            roll,
            blank: false,
            name_lines: Vec::new(),
            letterhead: Vec::new(),
            footer: FooterWords::GERMAN,
        };
        let name = printout.setup.institution.name.clone();
        let text_width = printout.text_width();
        printout.name_lines = printout
            .faces
            .wrap(&name, Weight::Bold, HEADER_NAME, text_width);
        printout.letterhead = printout.letterhead_lines();
        printout.new_page();
        printout
    }

    /// Whether the text is too narrow for a table of several columns (a
    /// receipt roll): documents then set their rows as blocks.
    pub fn narrow(&self) -> bool {
        self.text_width() < 100.0 * MM
    }

    /// The width of the text in millimetres.
    pub(crate) fn text_width_mm(&self) -> f32 {
        self.text_width() / MM
    }

    /// A document of pages `width_mm` × `height_mm` without header and
    /// footer, for label sheets and cards; the caller places everything.
    pub(crate) fn blank(setup: PrintSetup, width_mm: f32, height_mm: f32) -> Self {
        let faces = FaceSet::new(dejavu_regular(), dejavu_bold(), setup.fallbacks.clone());
        Printout {
            setup,
            faces,
            pages: vec![Vec::new()],
            cursor: 0.0,
            width: width_mm * MM,
            height: height_mm * MM,
            side: MARGIN_SIDE,
            indent: 0.0,
            top: MARGIN_TOP,
            bottom_margin: MARGIN_BOTTOM,
            roll: false,
            blank: true,
            name_lines: Vec::new(),
            letterhead: Vec::new(),
            footer: FooterWords::GERMAN,
        }
    }

    /// Starts another blank page.
    pub(crate) fn blank_page(&mut self) {
        self.pages.push(Vec::new());
    }

    /// One line of text centred on `center_x_mm`, its baseline at
    /// `baseline_mm` from the top. Text wider than `max_width_mm` is set
    /// smaller (down to [`SMALLEST_FIT`] of `size`) so that it fits whole;
    /// only what does not fit even then is shortened with "…" (a label has
    /// no room for a second line).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn place_centred(
        &mut self,
        text: &str,
        weight: Weight,
        size: f32,
        center_x_mm: f32,
        baseline_mm: f32,
        max_width_mm: f32,
        field: &str,
    ) {
        let (line, size) = self.fitted(text, weight, size, max_width_mm, field);
        let x = center_x_mm * MM - line.width / 2.0;
        self.text_at(line, x, baseline_mm * MM, size, INK);
    }

    /// `text` shaped on one line no wider than `max_width_mm`: set smaller
    /// (down to [`SMALLEST_FIT`] of `size`) when it is too wide, shortened
    /// with "…" only when that is not enough. Returns the line and its size.
    fn fitted(
        &mut self,
        text: &str,
        weight: Weight,
        size: f32,
        max_width_mm: f32,
        field: &str,
    ) -> (ShapedLine, f32) {
        let max_width = max_width_mm * MM;
        let size = self.fitted_size(text, weight, size, max_width);
        let text = self.faces.truncate(text, weight, size, max_width);
        (self.faces.shape(&text, weight, size, field), size)
    }

    /// One line of text starting at `x_mm` (whatever its direction), its
    /// baseline at `baseline_mm` from the top, fitted into `max_width_mm`
    /// as [`Self::place_centred`] does. For fields at fixed places on a
    /// page, such as the address field of a letter.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn place_line(
        &mut self,
        text: &str,
        weight: Weight,
        size: f32,
        x_mm: f32,
        baseline_mm: f32,
        max_width_mm: f32,
        field: &str,
    ) {
        let (line, size) = self.fitted(text, weight, size, max_width_mm, field);
        self.text_at(line, x_mm * MM, baseline_mm * MM, size, INK);
    }

    /// A short thin mark at the page's left edge, `y_mm` from the top, from
    /// `x1_mm` to `x2_mm` (fold and punch marks of a letter).
    pub(crate) fn place_edge_mark(&mut self, y_mm: f32, x1_mm: f32, x2_mm: f32) {
        self.page()
            .push(Mark::hline(x1_mm * MM, x2_mm * MM, y_mm * MM, 0.4, GREY));
    }

    /// Moves the cursor down to `top_mm` from the top of the page (never
    /// up), so that the blocks that follow start below what the caller
    /// placed there.
    pub(crate) fn continue_at(&mut self, top_mm: f32) {
        self.cursor = self.cursor.max(top_mm * MM);
    }

    /// The point size of small print (notes, the letterhead).
    pub(crate) const SMALL_SIZE: f32 = SMALL;
    /// The point size of body text.
    pub(crate) const BODY_SIZE: f32 = BODY;

    /// The size at which `text` fits `max_width` on one line: `size`, or
    /// smaller down to [`SMALLEST_FIT`] of it (what is still too wide at
    /// that size must wrap or be shortened by the caller).
    fn fitted_size(&mut self, text: &str, weight: Weight, size: f32, max_width: f32) -> f32 {
        let natural = self.faces.measure(text, weight, size);
        if natural > max_width {
            // A hair below the exact ratio, so rounding cannot push it over.
            (size * max_width / natural * 0.995).max(size * SMALLEST_FIT)
        } else {
            size
        }
    }

    /// Reserves a block `height_mm` high at the cursor (on a new page when
    /// it does not fit) for marks the caller places; returns the block's
    /// top-left corner in millimetres.
    pub(crate) fn reserve(&mut self, height_mm: f32) -> (f32, f32) {
        self.keep(height_mm * MM);
        let top = self.cursor / MM;
        self.cursor += height_mm * MM;
        (self.side / MM, top)
    }

    /// A square `size_mm` wide at the left margin with `pad_mm` of white
    /// above and below, drawn by `square` at its top-left corner (in
    /// millimetres), and beside it what `text` sets: its paragraphs and
    /// notes run in the narrower column to the right. The square starts on
    /// a page it fits on; the cursor ends below the square or the text,
    /// whichever is lower.
    pub(crate) fn beside_square(
        &mut self,
        size_mm: f32,
        pad_mm: f32,
        square: impl FnOnce(&mut Self, f32, f32),
        text: impl FnOnce(&mut Self),
    ) {
        const GAP_MM: f32 = 5.0;
        let height = (size_mm + 2.0 * pad_mm) * MM;
        self.keep(height);
        let top = self.cursor;
        let page = self.pages.len();
        square(self, self.side / MM, top / MM + pad_mm);
        self.cursor += pad_mm * MM;
        self.indent = (size_mm + GAP_MM) * MM;
        text(self);
        self.indent = 0.0;
        if self.pages.len() == page {
            self.cursor = self.cursor.max(top + height);
        }
    }

    /// A black bar (of a barcode), in millimetres from the top left.
    pub(crate) fn place_bar(&mut self, x_mm: f32, top_mm: f32, width_mm: f32, height_mm: f32) {
        self.page().push(Mark::Fill {
            x: x_mm * MM,
            top: top_mm * MM,
            width: width_mm * MM,
            height: height_mm * MM,
            color: (0.0, 0.0, 0.0),
        });
    }

    /// A thin grey outline (cut marks of a card), in millimetres.
    pub(crate) fn place_frame(&mut self, x_mm: f32, top_mm: f32, width_mm: f32, height_mm: f32) {
        self.outline((x_mm, top_mm), (width_mm, height_mm), 0.3, LINE_GREY);
    }

    /// The four sides of a rectangle in millimetres from the top left.
    fn outline(
        &mut self,
        (x_mm, top_mm): (f32, f32),
        (width_mm, height_mm): (f32, f32),
        thickness: f32,
        color: (f32, f32, f32),
    ) {
        let (x1, x2, y1, y2) = (
            x_mm * MM,
            (x_mm + width_mm) * MM,
            top_mm * MM,
            (top_mm + height_mm) * MM,
        );
        // Top, bottom, left, right.
        for (ax, ay, bx, by) in [
            (x1, y1, x2, y1),
            (x1, y2, x2, y2),
            (x1, y1, x1, y2),
            (x2, y1, x2, y2),
        ] {
            self.page().push(Mark::Line {
                x1: ax,
                y1: ay,
                x2: bx,
                y2: by,
                thickness,
                color,
            });
        }
    }

    /// The words of the footer (German unless changed here).
    pub(crate) fn set_footer_words(&mut self, words: FooterWords) {
        self.footer = words;
    }

    /// The number of the page being filled (1 for the first).
    pub fn page_number(&self) -> usize {
        self.pages.len()
    }

    /// `text` wrapped into lines no wider than `width_mm` (between words;
    /// inside a word only when it is wider than a line on its own).
    pub(crate) fn wrap_mm(
        &mut self,
        text: &str,
        weight: Weight,
        size: f32,
        width_mm: f32,
    ) -> Vec<String> {
        self.faces.wrap(text, weight, size, width_mm * MM)
    }

    /// The width of `text` on one line, in millimetres.
    pub(crate) fn measure_mm(&mut self, text: &str, weight: Weight, size: f32) -> f32 {
        self.faces.measure(text, weight, size) / MM
    }

    /// A rectangle in millimetres from the top left: filled with `fill`
    /// (a grey level, 0 black to 1 white) and/or outlined in black `outline`
    /// points thick. Charts draw their bars with it.
    pub(crate) fn place_box(
        &mut self,
        (x_mm, top_mm): (f32, f32),
        (width_mm, height_mm): (f32, f32),
        fill: Option<f32>,
        outline: Option<f32>,
    ) {
        if let Some(grey) = fill {
            self.page().push(Mark::Fill {
                x: x_mm * MM,
                top: top_mm * MM,
                width: width_mm * MM,
                height: height_mm * MM,
                color: (grey, grey, grey),
            });
        }
        if let Some(thickness) = outline {
            self.outline(
                (x_mm, top_mm),
                (width_mm, height_mm),
                thickness,
                (0.0, 0.0, 0.0),
            );
        }
    }

    /// A thin line in millimetres (an axis, a hatch), in `grey` (0 black).
    pub(crate) fn place_rule(
        &mut self,
        from: (f32, f32),
        to: (f32, f32),
        thickness: f32,
        grey: f32,
    ) {
        self.page().push(Mark::Line {
            x1: from.0 * MM,
            y1: from.1 * MM,
            x2: to.0 * MM,
            y2: to.1 * MM,
            thickness,
            color: (grey, grey, grey),
        });
    }

    /// One line of text ending at `right_mm`, fitted into `max_width_mm`
    /// as [`Self::place_centred`] does (numbers beside a bar).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn place_right(
        &mut self,
        text: &str,
        weight: Weight,
        size: f32,
        right_mm: f32,
        baseline_mm: f32,
        max_width_mm: f32,
        field: &str,
    ) {
        let (line, size) = self.fitted(text, weight, size, max_width_mm, field);
        let x = right_mm * MM - line.width;
        self.text_at(line, x, baseline_mm * MM, size, INK);
    }

    /// A section heading (level 2) kept on one page with the
    /// `following_mm` millimetres after it (a chart); returns the number of
    /// the page it stands on, for a table of contents.
    pub(crate) fn heading_before(&mut self, text: &str, following_mm: f32) -> usize {
        self.heading_keeping(text, 2, Some(following_mm * MM));
        self.page_number()
    }

    fn text_width(&self) -> f32 {
        self.width - 2.0 * self.side - self.indent
    }

    fn bottom(&self) -> f32 {
        self.height - self.bottom_margin - FOOTER_HEIGHT
    }

    /// Where the content starts: under the header, which grows by a line
    /// for each line of the name or the address beyond the first.
    fn content_top(&self) -> f32 {
        self.top + HEADER_HEIGHT + self.extra_header()
    }

    /// The height the header's name and address lines beyond the first
    /// add to it.
    fn extra_header(&self) -> f32 {
        self.letterhead.len().saturating_sub(1) as f32 * SMALL * LEADING
            + self.name_lines.len().saturating_sub(1) as f32 * HEADER_NAME * LEADING
    }

    fn page(&mut self) -> &mut Vec<Mark> {
        self.pages.last_mut().expect("a printout always has a page")
    }

    /// The address and contact lines of the letterhead: department,
    /// address, then phone, e-mail and website, joined on one line while
    /// they fit and continued on the next line between parts (never cut).
    /// A part wider than a line on its own (an e-mail address on a
    /// receipt roll) gets a line of its own and is set smaller, down to
    /// two thirds; only when it is wider still it is split between words.
    fn letterhead_lines(&mut self) -> Vec<String> {
        let inst = self.setup.institution.clone();
        let groups: Vec<Vec<String>> = vec![
            vec![inst.department.clone()],
            vec![inst.address()],
            vec![inst.phone.clone(), inst.email.clone(), inst.website.clone()],
        ];
        let width = self.text_width();
        let mut lines: Vec<String> = Vec::new();
        let mut current = String::new();
        for (g, group) in groups.iter().enumerate() {
            for (p, part) in group.iter().filter(|p| !p.trim().is_empty()).enumerate() {
                let separator = if current.is_empty() {
                    ""
                } else if p == 0 && g > 0 {
                    " | "
                } else {
                    " · "
                };
                let joined = format!("{current}{separator}{part}");
                if self.faces.measure(&joined, Weight::Regular, SMALL) <= width {
                    current = joined;
                    continue;
                }
                if !current.is_empty() {
                    lines.push(std::mem::take(&mut current));
                }
                let natural = self.faces.measure(part, Weight::Regular, SMALL);
                if natural > width && natural * SMALLEST_FIT <= width {
                    lines.push(part.clone());
                    continue;
                }
                let mut pieces = self.faces.wrap(part, Weight::Regular, SMALL, width);
                current = pieces.pop().unwrap_or_default();
                lines.extend(pieces);
            }
        }
        if !current.is_empty() {
            lines.push(current);
        }
        lines
    }

    /// Starts a new page with the institution's header.
    pub fn new_page(&mut self) {
        // A square set beside the text (`beside_square`) stays on its page:
        // what runs on fills the new page's whole width.
        self.indent = 0.0;
        self.pages.push(Vec::new());
        let side = self.side;
        let mut top = self.top;
        for line in self.name_lines.clone() {
            let name = self
                .faces
                .shape(&line, Weight::Bold, HEADER_NAME, "Einrichtung");
            self.text_at(name, side, top + HEADER_NAME, HEADER_NAME, INK);
            top += HEADER_NAME * LEADING;
        }
        let width = self.text_width();
        for line in self.letterhead.clone() {
            let size = self.fitted_size(&line, Weight::Regular, SMALL, width);
            let shaped = self
                .faces
                .shape(&line, Weight::Regular, size, "Einrichtung");
            self.text_at(shaped, side, top + SMALL, size, GREY);
            top += SMALL * LEADING;
        }
        let rule_y = self.top + HEADER_HEIGHT - 4.0 * MM + self.extra_header();
        let right = self.width - side;
        self.page()
            .push(Mark::hline(side, right, rule_y, 0.8, LINE_GREY));
        self.cursor = self.content_top();
    }

    /// Moves to a new page unless `height` points still fit on this one.
    fn keep(&mut self, height: f32) {
        if self.cursor + height > self.bottom() && self.cursor > self.content_top() {
            self.new_page();
        }
    }

    fn text_at(
        &mut self,
        line: ShapedLine,
        x: f32,
        baseline: f32,
        size: f32,
        color: (f32, f32, f32),
    ) {
        self.page().push(Mark::Text {
            line,
            x,
            baseline,
            size,
            color,
        });
    }

    /// Draws wrapped lines of `text` in the text width, right-aligned when the
    /// text runs right to left. Returns the height used.
    fn lines(
        &mut self,
        text: &str,
        weight: Weight,
        size: f32,
        field: &str,
        color: (f32, f32, f32),
    ) {
        let width = self.text_width();
        for line in self.faces.wrap(text, weight, size, width) {
            let line_height = size * LEADING;
            self.keep(line_height);
            // Read after `keep`: a new page ends an indent.
            let (side, width) = (self.side + self.indent, self.text_width());
            let shaped = self.faces.shape(&line, weight, size, field);
            let x = if shaped.rtl {
                side + width - shaped.width
            } else {
                side
            };
            let baseline = self.cursor + size;
            self.text_at(shaped, x, baseline, size, color);
            self.cursor += line_height;
        }
    }

    /// A heading: level 1 is the document title, 2 a section. A word
    /// wider than the line (a long German word on a receipt roll) sets the
    /// heading smaller, down to two thirds, rather than split.
    pub fn heading(&mut self, text: &str, level: u8) {
        self.heading_keeping(text, level, None);
    }

    /// A heading kept on one page with at least two lines of what follows,
    /// or with all of the `following` points after it.
    fn heading_keeping(&mut self, text: &str, level: u8, following: Option<f32>) {
        let size = if level <= 1 { 16.0 } else { 12.5 };
        let width = self.text_width();
        let size = text
            .split_whitespace()
            .map(|word| self.fitted_size(word, Weight::Bold, size, width))
            .fold(size, f32::min);
        let before = if level <= 1 { 0.0 } else { 4.0 };
        match following {
            None => self.keep(size * LEADING + 3.0 * BODY * LEADING),
            Some(following) => {
                let lines = self.faces.wrap(text, Weight::Bold, size, width).len();
                let height = before + lines.max(1) as f32 * size * LEADING + 3.0;
                self.keep(height + following);
            }
        }
        self.cursor += before;
        self.lines(text, Weight::Bold, size, "Überschrift", INK);
        self.cursor += 3.0;
    }

    /// A section heading (level 2) and a table under it: the heading stays
    /// on the page of the table's header and first row.
    /// Returns the number of the page the heading stands on.
    pub fn table_under_heading(&mut self, heading: &str, table: &Table) -> usize {
        let start = self.table_start(table);
        self.heading_keeping(heading, 2, Some(start.height()));
        let page = self.page_number();
        self.table_from(table, start);
        page
    }

    /// A paragraph of body text.
    pub fn paragraph(&mut self, text: &str) {
        self.lines(text, Weight::Regular, BODY, "Text", INK);
        self.cursor += BODY * 0.6;
    }

    /// A small grey note.
    pub fn note(&mut self, text: &str) {
        self.lines(text, Weight::Regular, SMALL, "Hinweis", GREY);
        self.cursor += SMALL * 0.6;
    }

    /// Labels and values in two columns ("Workshop: …"); when a label is
    /// wider than two fifths of the text (a long bilingual label, a
    /// receipt roll), each label stands over its value instead.
    pub fn key_values(&mut self, pairs: &[(&str, &str)]) {
        let widest = pairs
            .iter()
            .map(|(k, _)| self.faces.measure(k, Weight::Bold, BODY))
            .fold(0.0f32, f32::max);
        if widest > self.text_width() * 0.4 {
            for (key, value) in pairs {
                // Label and at least the first line of the value together.
                self.keep(2.0 * BODY * LEADING);
                self.lines(key, Weight::Bold, BODY, key, GREY);
                self.lines(value, Weight::Regular, BODY, key, INK);
                self.cursor += BODY * 0.3;
            }
            self.cursor += BODY * 0.3;
            return;
        }
        let label_width = widest + 10.0;
        let side = self.side;
        for (key, value) in pairs {
            let value_width = self.text_width() - label_width;
            let lines = self.faces.wrap(value, Weight::Regular, BODY, value_width);
            let height = lines.len().max(1) as f32 * BODY * LEADING;
            self.keep(height);
            let label = self.faces.shape(key, Weight::Bold, BODY, key);
            self.text_at(label, side, self.cursor + BODY, BODY, GREY);
            let mut baseline = self.cursor + BODY;
            for line in lines {
                let shaped = self.faces.shape(&line, Weight::Regular, BODY, key);
                let x = if shaped.rtl {
                    side + label_width + value_width - shaped.width
                } else {
                    side + label_width
                };
                self.text_at(shaped, x, baseline, BODY, INK);
                baseline += BODY * LEADING;
            }
            self.cursor += height;
        }
        self.cursor += BODY * 0.6;
    }

    /// A horizontal rule across the text width.
    pub fn rule(&mut self) {
        self.keep(8.0);
        self.cursor += 4.0;
        let (x1, x2, y) = (self.side, self.width - self.side, self.cursor);
        self.page().push(Mark::hline(x1, x2, y, 0.6, LINE_GREY));
        self.cursor += 4.0;
    }

    /// Vertical space in millimetres.
    pub fn space(&mut self, mm: f32) {
        self.cursor += mm * MM;
    }

    /// Signature lines side by side, each with its caption under it
    /// (wrapped, never cut); kept together on one page. Where lines side
    /// by side would be shorter than 45 mm (a receipt roll), they stand
    /// one under the other.
    pub fn signatures(&mut self, captions: &[&str]) {
        if captions.is_empty() {
            return;
        }
        let gap = 12.0 * MM;
        let n = captions.len() as f32;
        let side_by_side = (self.text_width() - gap * (n - 1.0)) / n;
        let per_row = if side_by_side >= SIGNATURE_MIN_WIDTH {
            captions.len()
        } else {
            1
        };
        let each = if per_row == 1 {
            self.text_width()
        } else {
            side_by_side
        };
        for row in captions.chunks(per_row) {
            let wrapped: Vec<Vec<String>> = row
                .iter()
                .map(|c| self.faces.wrap(c, Weight::Regular, SMALL, each))
                .collect();
            let extra = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1) - 1;
            let height = 22.0 * MM + extra as f32 * SMALL * LEADING;
            self.keep(height);
            let line_y = self.cursor + 14.0 * MM;
            for (i, lines) in wrapped.into_iter().enumerate() {
                let x = self.side + i as f32 * (each + gap);
                self.page().push(Mark::hline(x, x + each, line_y, 0.7, INK));
                let mut baseline = line_y + SMALL + 2.0;
                for line in lines {
                    let shaped = self
                        .faces
                        .shape(&line, Weight::Regular, SMALL, "Unterschrift");
                    self.text_at(shaped, x, baseline, SMALL, GREY);
                    baseline += SMALL * LEADING;
                }
            }
            self.cursor += height;
        }
    }

    /// One entry of a list on narrow paper, in place of a table row: the
    /// title in bold, then each detail as "label: value" on one line
    /// (the value isolated, so a date keeps its place after an Arabic
    /// label) or, where that does not fit, the label over the value; all
    /// wrapped, kept together on one page, and a thin rule under it.
    pub fn entry(&mut self, title: &str, details: &[(String, String)]) {
        let width = self.text_width();
        let mut blocks: Vec<String> = Vec::new();
        for (label, value) in details {
            let one = format!("{label}: \u{2066}{value}\u{2069}");
            if self.faces.measure(&one, Weight::Regular, BODY) <= width {
                blocks.push(one);
            } else {
                blocks.push(format!("{label}:"));
                blocks.push(value.clone());
            }
        }
        let lines = self.faces.wrap(title, Weight::Bold, BODY, width).len()
            + blocks
                .iter()
                .map(|b| self.faces.wrap(b, Weight::Regular, BODY, width).len())
                .sum::<usize>();
        self.keep(lines as f32 * BODY * LEADING + 6.0);
        self.lines(title, Weight::Bold, BODY, "Titel", INK);
        for block in &blocks {
            self.lines(block, Weight::Regular, BODY, "Text", INK);
        }
        self.cursor += 3.0;
        let (x1, x2, y) = (self.side, self.width - self.side, self.cursor);
        self.page().push(Mark::hline(x1, x2, y, 0.4, LINE_GREY));
        self.cursor += 3.0;
    }

    /// A table; see [`Table`].
    pub fn table(&mut self, table: &Table) {
        let start = self.table_start(table);
        self.table_from(table, start);
    }

    /// The column widths, the header and the first row of a table: what
    /// must stand together on a page.
    fn table_start(&mut self, table: &Table) -> TableStart {
        let total: f32 = table
            .columns
            .iter()
            .map(|c| c.width)
            .sum::<f32>()
            .max(f32::EPSILON);
        let shares: Vec<f32> = table
            .columns
            .iter()
            .map(|c| c.width / total * self.text_width())
            .collect();
        let widths = self.fit_header_words(&table.columns, shares);
        let header: Vec<String> = table.columns.iter().map(|c| c.title.clone()).collect();
        // A header always wraps (between words), whatever its cells do.
        let header_columns: Vec<Column> = table
            .columns
            .iter()
            .map(|c| Column {
                overflow: Overflow::Wrap,
                ..c.clone()
            })
            .collect();
        let header_cells = self.cells(&header, &header_columns, &widths, Weight::Bold);
        let header_height = Self::row_height(&header_cells, 0.0);
        let first_height = match table.rows.first() {
            Some(row) => {
                let cells = self.cells(row, &table.columns, &widths, Weight::Regular);
                Self::row_height(&cells, table.min_row_height)
            }
            None => BODY * LEADING + 2.0 * CELL_PAD_Y,
        };
        TableStart {
            widths,
            header,
            header_cells,
            header_height,
            first_height,
        }
    }

    /// Draws a table from its start: the header is kept with the first
    /// row (a long title's row moves to the next page with its header).
    fn table_from(&mut self, table: &Table, start: TableStart) {
        self.keep(start.height());
        let TableStart {
            widths,
            header,
            header_cells,
            header_height,
            ..
        } = start;
        self.draw_row(
            &header_cells,
            &table.columns,
            &widths,
            header_height,
            Some(HEAD_FILL),
            Weight::Bold,
            &header,
        );
        for (index, row) in table.rows.iter().enumerate() {
            let cells = self.cells(row, &table.columns, &widths, Weight::Regular);
            let height = Self::row_height(&cells, table.min_row_height);
            if self.cursor + height > self.bottom() {
                self.new_page();
                self.draw_row(
                    &header_cells,
                    &table.columns,
                    &widths,
                    header_height,
                    Some(HEAD_FILL),
                    Weight::Bold,
                    &header,
                );
            }
            let fill = (index % 2 == 1).then_some(STRIPE);
            self.draw_row(
                &cells,
                &table.columns,
                &widths,
                height,
                fill,
                Weight::Regular,
                &header,
            );
        }
        self.cursor += BODY * 0.8;
    }

    /// Widens columns whose header has a word longer than the column
    /// ("Inventarnummer" in a narrow column), taking the room from columns
    /// that have more than their own longest header word needs, so that a
    /// header wraps between words and never inside one. When the page is
    /// too narrow for every header word the shares stay as they were.
    fn fit_header_words(&mut self, columns: &[Column], shares: Vec<f32>) -> Vec<f32> {
        let needed: Vec<f32> = columns
            .iter()
            .map(|c| {
                c.title
                    .split_whitespace()
                    .map(|word| self.faces.measure(word, Weight::Bold, BODY))
                    .fold(0.0f32, f32::max)
                    + 2.0 * CELL_PAD_X
                    + 0.5
            })
            .collect();
        let deficit: f32 = shares
            .iter()
            .zip(&needed)
            .map(|(w, n)| (n - w).max(0.0))
            .sum();
        if deficit <= 0.0 {
            return shares;
        }
        let slack: f32 = shares
            .iter()
            .zip(&needed)
            .map(|(w, n)| (w - n).max(0.0))
            .sum();
        if slack < deficit {
            return shares;
        }
        shares
            .iter()
            .zip(&needed)
            .map(|(&w, &n)| {
                if w < n {
                    n
                } else {
                    w - (w - n) / slack * deficit
                }
            })
            .collect()
    }

    /// The lines of each cell after wrapping or shortening.
    fn cells(
        &mut self,
        row: &[String],
        columns: &[Column],
        widths: &[f32],
        weight: Weight,
    ) -> Vec<Vec<String>> {
        columns
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (column, width))| {
                let text = row.get(i).map(String::as_str).unwrap_or("");
                let inner = width - 2.0 * CELL_PAD_X;
                match column.overflow {
                    Overflow::Wrap => self.faces.wrap(text, weight, BODY, inner),
                    Overflow::Ellipsis => vec![self.faces.truncate(text, weight, BODY, inner)],
                }
            })
            .collect()
    }

    fn row_height(cells: &[Vec<String>], min: f32) -> f32 {
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32;
        (lines * BODY * LEADING + 2.0 * CELL_PAD_Y).max(min)
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_row(
        &mut self,
        cells: &[Vec<String>],
        columns: &[Column],
        widths: &[f32],
        height: f32,
        fill: Option<(f32, f32, f32)>,
        weight: Weight,
        header: &[String],
    ) {
        let top = self.cursor;
        let side = self.side;
        if let Some(color) = fill {
            let width = self.text_width();
            self.page().push(Mark::Fill {
                x: side,
                top,
                width,
                height,
                color,
            });
        }
        let mut x = side;
        for (i, ((lines, column), width)) in cells.iter().zip(columns).zip(widths).enumerate() {
            let field = header.get(i).map(String::as_str).unwrap_or("Tabelle");
            let mut baseline = top + CELL_PAD_Y + BODY;
            for line in lines {
                let shaped = self.faces.shape(line, weight, BODY, field);
                let inner = width - 2.0 * CELL_PAD_X;
                let offset = match (column.align, shaped.rtl) {
                    (Align::Start, false) => 0.0,
                    (Align::Start, true) | (Align::Right, _) => inner - shaped.width,
                    (Align::Center, _) => (inner - shaped.width) / 2.0,
                };
                self.text_at(
                    shaped,
                    x + CELL_PAD_X + offset.max(0.0),
                    baseline,
                    BODY,
                    INK,
                );
                baseline += BODY * LEADING;
            }
            x += width;
        }
        let right = self.width - side;
        self.page()
            .push(Mark::hline(side, right, top + height, 0.4, LINE_GREY));
        self.cursor = top + height;
    }

    /// The length of each page: the paper's, except that the last page of
    /// a roll ends under its content (with room for the footer), and is at
    /// least [`ROLL_MIN_LENGTH`] long.
    fn page_lengths(&self) -> Vec<f32> {
        let total = self.pages.len();
        (0..total)
            .map(|i| {
                if self.roll && i + 1 == total {
                    (self.cursor + 2.0 * MM + FOOTER_HEIGHT + self.bottom_margin)
                        .clamp(ROLL_MIN_LENGTH, self.height)
                } else {
                    self.height
                }
            })
            .collect()
    }

    /// Adds the footers and writes the PDF. A roll's footer has the print
    /// date only: one slip needs no page numbers, and a narrow roll has no
    /// room for both.
    pub fn finish(mut self) -> Pdf {
        let total = self.pages.len();
        if self.blank {
            return self.write(total);
        }
        let words = self.footer.clone();
        let printed = format!(
            "{} {}",
            words.printed,
            self.setup.printed_on.format("%d.%m.%Y")
        );
        let lengths = self.page_lengths();
        let side = self.side;
        for number in 1..=total {
            let length = lengths[number - 1];
            let footer_y = length - self.bottom_margin - SMALL * 0.3;
            let left = self
                .faces
                .shape(&printed, Weight::Regular, SMALL, "Fußzeile");
            let page_text = format!("{} {number} {} {total}", words.page, words.of);
            let right = self
                .faces
                .shape(&page_text, Weight::Regular, SMALL, "Fußzeile");
            let right_x = self.width - side - right.width;
            let rule_y = length - self.bottom_margin - FOOTER_HEIGHT + 2.0 * MM;
            let roll = self.roll;
            let page = &mut self.pages[number - 1];
            page.push(Mark::hline(side, self.width - side, rule_y, 0.5, LINE_GREY));
            page.push(Mark::Text {
                line: left,
                x: side,
                baseline: footer_y,
                size: SMALL,
                color: GREY,
            });
            if !roll {
                page.push(Mark::Text {
                    line: right,
                    x: right_x,
                    baseline: footer_y,
                    size: SMALL,
                    color: GREY,
                });
            }
        }
        self.write(total)
    }

    /// A PDF maps each glyph to one text for copy and search. A glyph that
    /// was shaped as part of a larger cluster in one place (a letter with its
    /// vowel mark) and alone in another must map to its own characters
    /// only: take the shortest text seen for it, everywhere.
    fn unify_glyph_texts(&mut self) {
        use std::collections::HashMap;
        let mut shortest: HashMap<(usize, u16), String> = HashMap::new();
        let glyphs = self.pages.iter().flatten().filter_map(|mark| match mark {
            Mark::Text { line, .. } => Some(&line.glyphs),
            _ => None,
        });
        for glyph in glyphs.flatten() {
            if let Some(text) = &glyph.text {
                shortest
                    .entry((glyph.face, glyph.gid))
                    .and_modify(|t| {
                        if text.chars().count() < t.chars().count() {
                            t.clone_from(text);
                        }
                    })
                    .or_insert_with(|| text.clone());
            }
        }
        for mark in self.pages.iter_mut().flatten() {
            if let Mark::Text { line, .. } = mark {
                for glyph in &mut line.glyphs {
                    if let Some(text) = shortest.get(&(glyph.face, glyph.gid)) {
                        glyph.text = Some(text.clone());
                    }
                }
            }
        }
    }

    fn write(mut self, total: usize) -> Pdf {
        self.unify_glyph_texts();
        let mut doc = PdfDocument::new(&self.setup.title);
        let mut font_warnings = Vec::new();
        let font_ids: Vec<_> = self
            .faces
            .faces
            .iter()
            .map(|face| {
                ParsedFont::from_bytes(face.bytes(), face.index() as usize, &mut font_warnings)
                    .map(|parsed| doc.add_font(&parsed))
            })
            .collect();
        let lengths = self.page_lengths();
        let pages: Vec<PdfPage> = self
            .pages
            .into_iter()
            .zip(lengths)
            .map(|(marks, height)| {
                let mut ops = Vec::new();
                for mark in marks {
                    draw(&mut ops, mark, height, &font_ids);
                }
                PdfPage::new(Mm(self.width / MM), Mm(height / MM), ops)
            })
            .collect();
        let bytes = doc
            .with_pages(pages)
            .save(&PdfSaveOptions::default(), &mut Vec::new());
        Pdf {
            bytes,
            pages: total,
            missing: self.faces.missing,
        }
    }
}

fn rgb((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

/// Turns one mark into PDF operations (PDF's origin is bottom left).
fn draw(ops: &mut Vec<Op>, mark: Mark, page_height: f32, fonts: &[Option<printpdf::FontId>]) {
    match mark {
        Mark::Text {
            line,
            x,
            baseline,
            size,
            color,
        } => {
            if line.glyphs.is_empty() {
                return;
            }
            // Vowel marks are glyphs of their own, placed over their letter;
            // extractors read them out of order. The line's characters as
            // ActualText make copy and search exact.
            let actual_text = !line.visual_text.is_empty();
            if actual_text {
                let utf16: Vec<u8> = [0xFEFFu16]
                    .into_iter()
                    .chain(line.visual_text.encode_utf16())
                    .flat_map(u16::to_be_bytes)
                    .collect();
                ops.push(Op::BeginMarkedContentWithProperties {
                    tag: "Span".into(),
                    properties: DictItem::Dict {
                        map: [(
                            "ActualText".to_owned(),
                            DictItem::String {
                                data: utf16,
                                literal: false,
                            },
                        )]
                        .into_iter()
                        .collect(),
                    },
                });
            }
            ops.push(Op::StartTextSection);
            ops.push(Op::SetFillColor { col: rgb(color) });
            let mut current_face = usize::MAX;
            for glyph in line.glyphs {
                let Some(Some(font)) = fonts.get(glyph.face) else {
                    continue;
                };
                if glyph.face != current_face {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(font.clone()),
                        size: Pt(size),
                    });
                    current_face = glyph.face;
                }
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(
                        Pt(x + glyph.x),
                        Pt(page_height - baseline + glyph.y),
                    ),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::GlyphIds(vec![Codepoint {
                        gid: glyph.gid,
                        offset: 0.0,
                        cid: glyph.text,
                    }])],
                });
            }
            ops.push(Op::EndTextSection);
            if actual_text {
                ops.push(Op::EndMarkedContent);
            }
        }
        Mark::Fill {
            x,
            top,
            width,
            height,
            color,
        } => {
            ops.push(Op::SetFillColor { col: rgb(color) });
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(page_height - top - height),
                    width: Pt(width),
                    height: Pt(height),
                    mode: Some(PaintMode::Fill),
                    winding_order: None,
                },
            });
        }
        Mark::Line {
            x1,
            y1,
            x2,
            y2,
            thickness,
            color,
        } => {
            ops.push(Op::SetOutlineColor { col: rgb(color) });
            ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
            let point = |x: f32, y: f32| LinePoint {
                p: Point {
                    x: Pt(x),
                    y: Pt(page_height - y),
                },
                bezier: false,
            };
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![point(x1, y1), point(x2, y2)],
                    is_closed: false,
                },
            });
        }
    }
}
