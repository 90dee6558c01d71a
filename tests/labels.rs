//! Barcode labels and borrower cards: the printed barcodes are decoded
//! again from the rendered page with zbar (`zbarimg`), the text with poppler.

mod common;

use std::process::Command;

use common::{code128_codes, day};
use kiz::documents::labels::{self, Label, LabelSheet};
use kiz::error::Param;
use kiz::settings::Institution;

fn institution() -> Institution {
    Institution {
        name: "Kommunales Integrationszentrum Rhein-Sieg-Kreis".into(),
        ..Institution::default()
    }
}

/// The Code 128 values zbar reads on page `page`, rendered at 300 dpi.
fn decode(pdf: &[u8], page: usize) -> Vec<String> {
    code128_codes(pdf, page, 300)
}

fn text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("labels.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn labels(n: usize) -> Vec<Label> {
    (1..=n)
        .map(|i| Label {
            code: format!("KI-M-{i:06}"),
            caption: format!(
                "Schritte plus Neu {i} – Kursbuch für Integrationskurse mit sehr langem Titel"
            ),
        })
        .collect()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs poppler's pdftoppm and pdftotext and zbar's zbarimg, Linux programs"
)]
fn every_label_carries_a_scannable_code_128_of_its_inventarnummer() {
    // A title of the longest kind a medium may have cannot fit a label even
    // in smaller type; the others are set smaller and printed whole.
    let mut sheet = labels(6);
    sheet[5].caption = "Schritte plus Neu – Kursbuch und Arbeitsbuch ".repeat(6);
    let pdf = labels::label_sheet(
        &sheet,
        LabelSheet::ThreeByEight,
        1,
        &institution(),
        day(2026, 11, 12),
    )
    .unwrap();
    assert_eq!(pdf.pages, 1);
    let expected: Vec<String> = (1..=6).map(|i| format!("KI-M-{i:06}")).collect();
    assert_eq!(decode(&pdf.bytes, 1), expected, "zbar reads every barcode");
    let text = text(&pdf.bytes);
    assert!(
        text.contains("KI-M-000003"),
        "the number is printed under the bars"
    );
    assert!(
        text.contains('…'),
        "a long title is shortened to the label's width"
    );
    assert!(
        text.contains("Schritte plus Neu 1 – Kursbuch für Integrationskurse mit sehr langem Titel"),
        "a title that fits in smaller type is printed whole: {text}"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs poppler's pdftoppm and zbar's zbarimg, Linux programs"
)]
fn printing_starts_at_the_chosen_position_and_continues_on_a_new_sheet() {
    // 3 × 7 holds 21; starting at 20 leaves room for two, the third goes over.
    let pdf = labels::label_sheet(
        &labels(3),
        LabelSheet::ThreeBySeven,
        20,
        &institution(),
        day(2026, 11, 12),
    )
    .unwrap();
    assert_eq!(pdf.pages, 2, "the third label starts a new sheet");
    assert_eq!(decode(&pdf.bytes, 1), ["KI-M-000001", "KI-M-000002"]);
    assert_eq!(decode(&pdf.bytes, 2), ["KI-M-000003"]);
}

#[test]
fn bad_label_requests_are_refused() {
    let err = labels::label_sheet(
        &[],
        LabelSheet::ThreeByEight,
        1,
        &institution(),
        day(2026, 11, 12),
    )
    .unwrap_err();
    assert_eq!(err.code(), "required");
    let err = labels::label_sheet(
        &labels(1),
        LabelSheet::ThreeByEight,
        25,
        &institution(),
        day(2026, 11, 12),
    )
    .unwrap_err();
    assert_eq!(
        err.field(),
        Some("start"),
        "position 25 is not on a 24-label sheet"
    );
    let umlaut = [Label {
        code: "KI-Ü-1".into(),
        caption: String::new(),
    }];
    let err = labels::label_sheet(
        &umlaut,
        LabelSheet::ThreeByEight,
        1,
        &institution(),
        day(2026, 11, 12),
    )
    .unwrap_err();
    assert_eq!(err.code(), "barcode_not_encodable");
    assert_eq!(
        (err.field(), err.params().get("code")),
        (Some("barcode"), Some(&Param::Text("KI-Ü-1".into()))),
        "the text names the code that cannot be printed"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs poppler's pdftoppm and pdftotext and zbar's zbarimg, Linux programs"
)]
fn a_borrower_card_carries_the_name_and_a_scannable_card_number() {
    let pdf = labels::borrower_card(
        "Şükrü Yılmaz",
        "KI-A-000042",
        &institution(),
        day(2026, 11, 12),
    )
    .unwrap();
    assert_eq!(decode(&pdf.bytes, 1), ["KI-A-000042"]);
    let text = text(&pdf.bytes);
    assert!(
        text.contains("Şükrü Yılmaz") && text.contains("Kommunales Integrationszentrum"),
        "{text}"
    );
}
