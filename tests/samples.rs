//! Printouts never cut or break text: every sample document (the set that
//! `cargo xtask samples` writes) is read back with `pdftotext` and checked
//! for text shortened with "…" and for words split across lines.

mod common;

use std::collections::BTreeSet;

use common::{now, poppler};
use kiz::documents::fonts::FallbackFonts;
use kiz::documents::sample::sample_set;

/// Documents of a fixed size (labels, cards, badges) have no letterhead.
const WITHOUT_LETTERHEAD: &[&str] = &["etiketten.pdf", "ausweis.pdf", "namensschilder.pdf"];

/// Long words of the printouts' own headers and labels (German and the
/// second languages of the slips), which must never be broken.
const HEADER_WORDS: &[&str] = &[
    "Inventarnummer",
    "Ausweisnummer",
    "Mediengruppe",
    "Rückgabequittung",
    "Ausleihbeleg",
    "Unterschrift",
    "überfällig",
    "ausgeliehen",
    "zurückgegeben",
    "Organisation",
    "Teilnehmerliste",
    "Veranstaltung",
    "Einrichtung",
    "Integrationszentrum",
    "Migrantenorganisationen",
];

fn texts() -> Vec<(&'static str, String)> {
    sample_set(now(), FallbackFonts::none())
        .expect("the demo data makes every sample")
        .into_iter()
        .map(|(name, pdf)| (name, poppler("pdftotext", &[], &pdf.bytes)))
        .collect()
}

/// Words of letters (and hyphens inside), as a reader would see them.
fn words(line: &str) -> Vec<String> {
    line.split(|c: char| !(c.is_alphabetic() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
#[cfg_attr(windows, ignore = "needs poppler's pdftotext, a Linux program")]
fn the_sample_set_has_every_kind_of_printout() {
    let names: Vec<&str> = texts().into_iter().map(|(n, _)| n).collect();
    for expected in [
        "testseite.pdf",
        "ausleihbeleg.pdf",
        "rueckgabebeleg.pdf",
        // The slip and the receipt on every paper Einstellungen → Drucken offers.
        "ausleihbeleg_a5.pdf",
        "rueckgabebeleg_a5.pdf",
        "ausleihbeleg_bon_80mm.pdf",
        "rueckgabebeleg_bon_80mm.pdf",
        "ausleihbeleg_bon_58mm.pdf",
        "rueckgabebeleg_bon_58mm.pdf",
        "mahnung.pdf",
        "verzeichnis.pdf",
        "programm.pdf",
        "teilnehmerliste.pdf",
        "auskunft.pdf",
    ] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
}

#[test]
#[cfg_attr(windows, ignore = "needs poppler's pdftotext, a Linux program")]
fn no_sample_document_shortens_text_with_an_ellipsis() {
    for (name, text) in texts() {
        let cut: Vec<&str> = text.lines().filter(|l| l.contains('…')).collect();
        assert!(
            cut.is_empty(),
            "{name}: text was shortened with “…” instead of wrapped: {cut:?}"
        );
    }
}

#[test]
#[cfg_attr(windows, ignore = "needs poppler's pdftotext, a Linux program")]
fn every_letterhead_shows_the_whole_e_mail_address_and_website() {
    for (name, text) in texts() {
        if WITHOUT_LETTERHEAD.contains(&name) {
            continue;
        }
        for whole in [
            "integration@rhein-sieg-kreis.example",
            "www.rhein-sieg-kreis.de",
            "02241 13-0",
            "Kaiser-Wilhelm-Platz 1, 53721 Siegburg",
        ] {
            assert!(
                text.lines().any(|l| l.contains(whole)),
                "{name}: the letterhead shows “{whole}” whole on one line:\n{}",
                text.lines().take(6).collect::<Vec<_>>().join("\n")
            );
        }
    }
}

#[test]
#[cfg_attr(windows, ignore = "needs poppler's pdftotext, a Linux program")]
fn the_reminder_letter_and_slips_print_inventarnummer_unbroken() {
    for (name, text) in texts() {
        if !["mahnung.pdf", "ausleihbeleg.pdf", "rueckgabebeleg.pdf"].contains(&name) {
            continue;
        }
        assert!(
            text.lines()
                .any(|l| words(l).iter().any(|w| w == "Inventarnummer")),
            "{name}: the column header “Inventarnummer” is one word on one line:\n{text}"
        );
    }
}

#[test]
#[cfg_attr(windows, ignore = "needs poppler's pdftotext, a Linux program")]
fn no_word_of_any_sample_is_split_across_two_lines() {
    let texts = texts();
    // Every word printed whole somewhere in the set, and the words of the
    // printouts' column headers and labels, in lower case.
    let known: BTreeSet<String> = texts
        .iter()
        .flat_map(|(_, t)| t.lines().flat_map(words))
        .chain(HEADER_WORDS.iter().map(|w| (*w).to_owned()))
        .map(|w| w.to_lowercase())
        .collect();
    let mut broken = Vec::new();
    for (name, text) in &texts {
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        for pair in lines.windows(2) {
            // pdftotext reads table cells in its own order ("Inventarnumme
            // Rückgabe bis" / "r"): try every word of a line with every
            // word of the next.
            for end in words(pair[0]) {
                for start in words(pair[1]) {
                    let joined = format!("{end}{start}").to_lowercase();
                    // Two pieces that together make a word printed whole
                    // elsewhere (or a header word): a word broken inside.
                    if joined.chars().count() >= 8 && known.contains(&joined) {
                        broken.push(format!("{name}: “{end}” / “{start}”"));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "words split across lines: {broken:#?}");
}
