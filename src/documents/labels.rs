//! Barcode labels for copies (Code 128 of the Inventarnummer, the short
//! title under it) on A4 label sheets, and borrower cards.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::fonts::FallbackFonts;
use super::layout::{Orientation, PrintSetup, Printout};
use super::{DocumentKind, Pdf, Weight};
use crate::settings::Institution;
use crate::{Error, Result};

/// A4 label sheets in common use (three columns, 70 mm wide labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelSheet {
    /// 3 × 8 labels of 70 × 37 mm, no margins (e.g. Zweckform 3474).
    ThreeByEight,
    /// 3 × 7 labels of 70 × 42.3 mm, 4.5 mm top margin (e.g. Zweckform 3652).
    ThreeBySeven,
}

impl LabelSheet {
    /// (rows, label height, top margin) in mm; columns are always 3 × 70 mm.
    fn geometry(self) -> (usize, f32, f32) {
        match self {
            LabelSheet::ThreeByEight => (8, 37.0, 0.5),
            LabelSheet::ThreeBySeven => (7, 42.3, 4.5),
        }
    }

    /// Labels on one sheet.
    pub fn capacity(self) -> usize {
        self.geometry().0 * 3
    }
}

/// One label: the code to scan and the text under it. Defined by the
/// catalogue, which fills it from a copy ([`crate::catalogue::labels_for_copies`]),
/// so that the catalogue does not depend on the documents.
pub use crate::catalogue::Label;

/// The modules (1 = bar) of a Code 128 symbol for `code` (character set B:
/// printable ASCII), with the quiet zones.
///
/// # Errors
/// [`Error::BarcodeNotEncodable`] for characters Code 128 B cannot carry.
pub fn code128_modules(code: &str) -> Result<Vec<u8>> {
    let not_encodable = || Error::BarcodeNotEncodable {
        code: code.to_owned(),
    };
    if code.is_empty() || !code.chars().all(|c| (' '..='~').contains(&c)) {
        return Err(not_encodable());
    }
    let symbol = barcoders::sym::code128::Code128::new(format!("\u{0181}{code}"))
        .map_err(|_| not_encodable())?;
    let quiet = vec![0u8; 10];
    Ok([quiet.clone(), symbol.encode(), quiet].concat())
}

/// Draws `modules` as bars from `x_mm`, each `module_mm` wide.
pub(crate) fn draw_bars(
    doc: &mut Printout,
    modules: &[u8],
    x_mm: f32,
    top_mm: f32,
    module_mm: f32,
    height_mm: f32,
) {
    let mut i = 0;
    while i < modules.len() {
        if modules[i] == 1 {
            let start = i;
            while i < modules.len() && modules[i] == 1 {
                i += 1;
            }
            doc.place_bar(
                x_mm + start as f32 * module_mm,
                top_mm,
                (i - start) as f32 * module_mm,
                height_mm,
            );
        } else {
            i += 1;
        }
    }
}

/// Draws `text` as a QR code (error correction level M, so a creased
/// printout still scans), `size_mm` square with its top left at
/// (`x_mm`, `top_mm`); the quiet zone is left to the caller's margins.
///
/// # Errors
/// [`Error::DocumentFailed`] when the text is too long for a QR code.
pub(crate) fn draw_qr(
    doc: &mut Printout,
    text: &str,
    x_mm: f32,
    top_mm: f32,
    size_mm: f32,
) -> Result<()> {
    draw_qr_at_level(doc, text, (x_mm, top_mm), size_mm, qrcode::EcLevel::M)
}

/// [`draw_qr`] at error correction `level`: a long text in a small square
/// is drawn coarser at level L (7 % of the code may be lost, not 15 %).
///
/// # Errors
/// As [`draw_qr`].
pub(crate) fn draw_qr_at_level(
    doc: &mut Printout,
    text: &str,
    (x_mm, top_mm): (f32, f32),
    size_mm: f32,
    level: qrcode::EcLevel,
) -> Result<()> {
    let code = qrcode::QrCode::with_error_correction_level(text, level)
        .map_err(|e| Error::DocumentFailed(format!("QR code: {e}")))?;
    let width = code.width();
    let module = size_mm / width as f32;
    let colors = code.to_colors();
    for (row, line) in colors.chunks(width).enumerate() {
        let modules: Vec<u8> = line
            .iter()
            .map(|c| u8::from(*c == qrcode::Color::Dark))
            .collect();
        draw_bars(
            doc,
            &modules,
            x_mm,
            top_mm + row as f32 * module,
            module,
            module,
        );
    }
    Ok(())
}

fn setup(kind: DocumentKind, institution: &Institution, printed_on: NaiveDate) -> PrintSetup {
    PrintSetup {
        title: kind.title().into(),
        orientation: Orientation::Portrait,
        institution: institution.clone(),
        printed_on,
        fallbacks: FallbackFonts::system(),
    }
}

/// A sheet (or several) of copy labels, starting at label `start` (1 = top
/// left, counted row by row) so a half-used sheet is not wasted.
///
/// # Errors
/// [`Error::BarcodeNotEncodable`]; [`Error::Required`] when no label is
/// chosen or `start` lies outside the sheet.
pub fn label_sheet(
    labels: &[Label],
    sheet: LabelSheet,
    start: usize,
    institution: &Institution,
    printed_on: NaiveDate,
) -> Result<Pdf> {
    if labels.is_empty() {
        return Err(Error::Required { field: "labels" });
    }
    if start == 0 || start > sheet.capacity() {
        return Err(Error::Required { field: "start" });
    }
    let encoded: Vec<Vec<u8>> = labels
        .iter()
        .map(|l| code128_modules(&l.code))
        .collect::<Result<_>>()?;
    let (rows, label_height, top_margin) = sheet.geometry();
    let mut doc = Printout::blank(
        setup(DocumentKind::Labels, institution, printed_on),
        210.0,
        297.0,
    );
    let mut slot = start - 1;
    for (label, modules) in labels.iter().zip(&encoded) {
        if slot == sheet.capacity() {
            doc.blank_page();
            slot = 0;
        }
        let (row, column) = (slot / 3, slot % 3);
        debug_assert!(row < rows);
        let left = column as f32 * 70.0;
        let top = top_margin + row as f32 * label_height;
        let module = (60.0 / modules.len() as f32).min(0.33);
        let bars_width = module * modules.len() as f32;
        let bar_height = label_height * 0.42;
        doc.place_centred(
            &institution.name,
            Weight::Regular,
            6.0,
            left + 35.0,
            top + 5.5,
            62.0,
            "Einrichtung",
        );
        draw_bars(
            &mut doc,
            modules,
            left + 35.0 - bars_width / 2.0,
            top + 7.5,
            module,
            bar_height,
        );
        let below = top + 7.5 + bar_height;
        doc.place_centred(
            &label.code,
            Weight::Bold,
            8.0,
            left + 35.0,
            below + 3.6,
            62.0,
            "Inventarnummer",
        );
        doc.place_centred(
            &label.caption,
            Weight::Regular,
            7.0,
            left + 35.0,
            below + 7.2,
            62.0,
            "Titel",
        );
        slot += 1;
    }
    Ok(doc.finish())
}

/// A borrower card (85.6 × 54 mm, cheque-card size, with cut marks) on an
/// A4 page: institution, name, Ausweisnummer as Code 128.
///
/// # Errors
/// [`Error::BarcodeNotEncodable`].
pub fn borrower_card(
    name: &str,
    card_number: &str,
    institution: &Institution,
    printed_on: NaiveDate,
) -> Result<Pdf> {
    let modules = code128_modules(card_number)?;
    let mut doc = Printout::blank(
        setup(DocumentKind::BorrowerCard, institution, printed_on),
        210.0,
        297.0,
    );
    let (left, top, width, height) = (20.0, 20.0, 85.6, 54.0);
    doc.place_frame(left, top, width, height);
    let center = left + width / 2.0;
    doc.place_centred(
        &institution.name,
        Weight::Bold,
        7.0,
        center,
        top + 7.0,
        78.0,
        "Einrichtung",
    );
    doc.place_centred(
        "Ausweis der Mediathek",
        Weight::Regular,
        7.0,
        center,
        top + 11.0,
        78.0,
        "Ausweis",
    );
    doc.place_centred(name, Weight::Bold, 12.0, center, top + 21.0, 78.0, "Name");
    let module = (70.0 / modules.len() as f32).min(0.33);
    let bars_width = module * modules.len() as f32;
    draw_bars(
        &mut doc,
        &modules,
        center - bars_width / 2.0,
        top + 26.0,
        module,
        16.0,
    );
    doc.place_centred(
        card_number,
        Weight::Regular,
        9.0,
        center,
        top + 46.5,
        78.0,
        "Ausweisnummer",
    );
    Ok(doc.finish())
}

/// A name badge: the name large, a second line (workshop or school) under
/// it, the event on top.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Badge {
    /// The name, printed large.
    pub name: String,
    /// The line under it (workshop or school); may be empty.
    pub line: String,
}

/// Name badges on a label sheet (one badge per label), starting at label
/// `start`. Long names get a smaller type so they are not cut.
///
/// # Errors
/// [`Error::Required`] when there is no badge or `start` lies outside the
/// sheet.
pub fn name_badges(
    event_title: &str,
    badges: &[Badge],
    sheet: LabelSheet,
    start: usize,
    institution: &Institution,
    printed_on: NaiveDate,
) -> Result<Pdf> {
    if badges.is_empty() {
        return Err(Error::Required { field: "badges" });
    }
    if start == 0 || start > sheet.capacity() {
        return Err(Error::Required { field: "start" });
    }
    let (_, label_height, top_margin) = sheet.geometry();
    let mut doc = Printout::blank(
        setup(DocumentKind::Badges, institution, printed_on),
        210.0,
        297.0,
    );
    let mut slot = start - 1;
    for badge in badges {
        if slot == sheet.capacity() {
            doc.blank_page();
            slot = 0;
        }
        let (row, column) = (slot / 3, slot % 3);
        let center = column as f32 * 70.0 + 35.0;
        let top = top_margin + row as f32 * label_height;
        let middle = top + label_height / 2.0;
        doc.place_centred(
            event_title,
            Weight::Regular,
            6.5,
            center,
            top + 6.0,
            62.0,
            "Veranstaltung",
        );
        let size = match badge.name.chars().count() {
            0..=20 => 15.0,
            21..=28 => 12.0,
            _ => 10.0,
        };
        doc.place_centred(
            &badge.name,
            Weight::Bold,
            size,
            center,
            middle + size * 0.12,
            64.0,
            "Name",
        );
        doc.place_centred(
            &badge.line,
            Weight::Regular,
            8.0,
            center,
            middle + 8.0,
            62.0,
            "Workshop",
        );
        slot += 1;
    }
    Ok(doc.finish())
}
