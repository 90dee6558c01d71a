//! File names of everything the app writes or offers to save are valid on
//! Windows and keep every script: each rule of `kiz::file_names` on its
//! own, then many generated names held against the separate checker.
//! Runs on Linux (and under Wine in CI): no file is written.

use kiz::backup::DEFAULT_FOLDER;
use kiz::file_names::{file_name, is_valid_windows_file_name, numbered, MAX_STEM};

#[test]
fn each_character_windows_forbids_becomes_a_dash() {
    for c in ['<', '>', ':', '"', '/', '\\', '|', '?', '*'] {
        let name = file_name(&[&format!("a{c}b")], "pdf");
        assert_eq!(name, "a-b.pdf", "{c:?} is forbidden on Windows");
        assert!(is_valid_windows_file_name(&name));
        assert!(
            !is_valid_windows_file_name(&format!("a{c}b.pdf")),
            "the checker refuses {c:?}"
        );
    }
}

#[test]
fn control_characters_become_spaces_and_direction_overrides_are_left_out() {
    for c in [
        '\0', '\t', '\n', '\r', '\u{1b}', '\u{1f}', '\u{7f}', '\u{85}',
    ] {
        let name = file_name(&[&format!("a{c}b")], "pdf");
        assert_eq!(name, "a b.pdf", "{:?} is a control character", c as u32);
        assert!(!is_valid_windows_file_name(&format!("a{c}b.pdf")));
    }
    assert_eq!(
        file_name(&["Rechnung\u{202E}fdp.exe"], "pdf"),
        "Rechnungfdp.exe.pdf",
        "a right-to-left override could make Explorer show …exe.pdf as …fdp.exe"
    );
    assert_eq!(
        file_name(&["\u{2067}محمد\u{2069}"], "pdf"),
        "محمد.pdf",
        "isolates too"
    );
}

#[test]
fn no_name_ends_in_a_dot_or_a_space() {
    assert_eq!(file_name(&["Ende."], "pdf"), "Ende.pdf");
    assert_eq!(file_name(&["Ende . . "], "pdf"), "Ende.pdf");
    assert_eq!(file_name(&["Ende"], ""), "Ende", "no extension, no dot");
    assert_eq!(file_name(&["Ende"], "."), "Ende");
    assert_eq!(file_name(&["Ende"], " pdf. "), "Ende.pdf");
    assert_eq!(file_name(&["...", "  "], "csv"), "Dokument.csv");
    for bad in ["Ende.", "Ende ", "Ende.pdf.", "Ende.pdf ", ".", "..", ""] {
        assert!(!is_valid_windows_file_name(bad), "{bad:?} is refused");
    }
}

#[test]
fn every_reserved_device_name_gets_an_underscore_in_any_case_and_with_any_extension() {
    let mut devices: Vec<String> = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
        .map(String::from)
        .to_vec();
    for port in ["COM", "LPT"] {
        for digit in [
            '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '¹', '²', '³',
        ] {
            devices.push(format!("{port}{digit}"));
        }
    }
    for device in &devices {
        for written in [device.clone(), device.to_lowercase(), capitalised(device)] {
            for (part, extension, expected) in [
                (written.clone(), "pdf", format!("{written}_.pdf")),
                (written.clone(), "", format!("{written}_")),
                (
                    format!("{written}.tar"),
                    "pdf",
                    format!("{written}_.tar.pdf"),
                ),
                (format!("{written} .x"), "pdf", format!("{written}_ .x.pdf")),
            ] {
                let name = file_name(&[&part], extension);
                assert_eq!(name, expected, "{part:?} names a device");
                assert!(is_valid_windows_file_name(&name), "{name}");
            }
            for reserved in [
                written.clone(),
                format!("{written}.pdf"),
                format!("{written}.tar.pdf"),
                format!("{written} .pdf"),
            ] {
                assert!(
                    !is_valid_windows_file_name(&reserved),
                    "{reserved} is the device {device}"
                );
            }
        }
    }
    for fine in [
        "CONSOLE.pdf",
        "COM10.pdf",
        "LPT.pdf",
        "xCON.pdf",
        "Protokoll_CON.pdf",
        "COM1x.pdf",
        "COM⁴.pdf",
    ] {
        assert!(is_valid_windows_file_name(fine), "{fine} is no device");
        assert_eq!(
            file_name(&[fine.strip_suffix(".pdf").unwrap()], "pdf"),
            fine,
            "kept as it is"
        );
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_string() + &chars.as_str().to_lowercase())
        .unwrap_or_default()
}

#[test]
fn long_names_are_cut_between_characters_counting_what_windows_counts() {
    let cut = |text: &str| {
        let name = file_name(&[text], "pdf");
        assert!(is_valid_windows_file_name(&name), "{name}");
        name.strip_suffix(".pdf").unwrap().to_owned()
    };
    assert_eq!(cut(&"x".repeat(300)), "x".repeat(MAX_STEM));
    assert_eq!(
        cut(&"ş".repeat(300)),
        "ş".repeat(MAX_STEM),
        "two bytes in UTF-8, one unit for Windows"
    );
    assert_eq!(cut(&"محمد".repeat(100)).chars().count(), MAX_STEM);
    assert_eq!(
        cut(&"😀".repeat(100)),
        "😀".repeat(MAX_STEM / 2),
        "an emoji is two UTF-16 units and is never split"
    );
    assert_eq!(
        cut(&format!("{}.   Rest", "a".repeat(MAX_STEM - 4))),
        "a".repeat(MAX_STEM - 4),
        "what the cut leaves at the end is trimmed like any other end"
    );
    assert!(!is_valid_windows_file_name(&format!(
        "{}.pdf",
        "x".repeat(252)
    )));
    assert!(is_valid_windows_file_name(&format!(
        "{}.pdf",
        "x".repeat(251)
    )));
}

#[test]
fn names_in_every_script_are_kept_as_written() {
    for (parts, expected) in [
        (
            vec!["Teilnehmerliste", "Bewerbung schreiben", "2026-11-12"],
            "Teilnehmerliste_Bewerbung schreiben_2026-11-12",
        ),
        (
            vec!["Şükrü Yılmaz", "İpek Güneş"],
            "Şükrü Yılmaz_İpek Güneş",
        ),
        (
            vec!["Hêvî Şêxmûs", "Rêzan Xelîl"],
            "Hêvî Şêxmûs_Rêzan Xelîl",
        ),
        (vec!["Наталья Иванова"], "Наталья Иванова"),
        (vec!["Олександр Ґалаґан"], "Олександр Ґалаґан"),
        (vec!["محمد الأحمد", "مُحَمَّد"], "محمد الأحمد_مُحَمَّد"),
        (
            vec!["می‌خواهم"],
            "می‌خواهم", // with the zero-width non-joiner Persian needs
        ),
        (vec!["Jürgen Müller-Weiß"], "Jürgen Müller-Weiß"),
    ] {
        let name = file_name(&parts, "xlsx");
        assert_eq!(name, format!("{expected}.xlsx"));
        assert!(is_valid_windows_file_name(&name), "{name}");
    }
    assert_eq!(
        file_name(
            &[
                "Teilnehmerliste",
                "Bewerbung: Deutsch/Arabisch",
                "2026-11-12"
            ],
            "pdf"
        ),
        "Teilnehmerliste_Bewerbung- Deutsch-Arabisch_2026-11-12.pdf"
    );
}

#[test]
fn a_numbered_second_file_keeps_its_extension_and_stays_valid() {
    assert_eq!(numbered("Liste.pdf", 2), "Liste (2).pdf");
    assert_eq!(numbered("nul_.tar.pdf", 3), "nul_.tar (3).pdf");
    assert_eq!(numbered("Liste", 2), "Liste (2)", "no extension, no dot");
    let longest = file_name(&[&"ş".repeat(500)], "xlsx");
    assert!(is_valid_windows_file_name(&numbered(&longest, 99)));
}

#[test]
fn the_fixed_names_of_the_core_are_valid_on_windows() {
    assert!(is_valid_windows_file_name(DEFAULT_FOLDER));
    assert!(is_valid_windows_file_name("backup-folder.txt"));
}

/// A small deterministic generator (xorshift), so the test needs no crate
/// and fails the same way on every run.
struct Generator(u64);

impl Generator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Pieces that come near every rule: forbidden and control characters,
/// dots and spaces, device names, surrogate pairs, combining marks,
/// direction controls, and letters of every script staff type.
const PIECES: &[&str] = &[
    "<",
    ">",
    ":",
    "\"",
    "/",
    "\\",
    "|",
    "?",
    "*",
    "\0",
    "\t",
    "\n",
    "\u{7f}",
    ".",
    "..",
    " ",
    "   ",
    "CON",
    "con",
    "Prn",
    "aux",
    "NUL",
    "COM1",
    "com9",
    "LPT3",
    "COM²",
    "lpt¹",
    "CONIN$",
    "conout$",
    "COM0",
    ".pdf",
    ".tar",
    "😀",
    "👩‍👩‍👧",
    "\u{202E}",
    "\u{2066}",
    "\u{200C}",
    "\u{301}",
    "ş",
    "İ",
    "ı",
    "ğ",
    "ê",
    "û",
    "î",
    "Ж",
    "ї",
    "ґ",
    "م",
    "ُ",
    "ڕ",
    "ێ",
    "ە",
    "ß",
    "Ä",
    "a",
    "Z",
    "7",
    "-",
    "_",
    "(",
    ")",
    "'",
    "#",
    "%",
    "&",
    "€",
    "§",
    "~",
    "李",
    "\u{FEFF}",
    "\u{00A0}",
];

fn generated_text(random: &mut Generator) -> String {
    let pieces = random.below(40);
    let mut text: String = (0..pieces).map(|_| *random.pick(PIECES)).collect();
    if random.below(10) == 0 {
        text.push_str(&random.pick(PIECES).repeat(random.below(200)));
    }
    text
}

#[test]
fn every_generated_name_is_valid_on_windows_and_keeps_its_letters() {
    let mut random = Generator(0x5EED_2026_1112);
    let extensions = ["pdf", "xlsx", "csv", "json", "sqlite", "", ".", "p:d", "ş"];
    for _ in 0..20_000 {
        let parts: Vec<String> = (0..random.below(4))
            .map(|_| generated_text(&mut random))
            .collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let extension = *random.pick(&extensions);
        let name = file_name(&parts, extension);
        assert!(
            is_valid_windows_file_name(&name),
            "{parts:?} + {extension:?} gave {name:?}"
        );
        assert!(
            name.encode_utf16().count() <= MAX_STEM + 1 + 1 + 16,
            "{name:?} is short"
        );
        let n = random.below(1000) as u32;
        assert!(
            is_valid_windows_file_name(&numbered(&name, n)),
            "{name:?} numbered {n}"
        );
        // Letters and digits survive as long as the name was not cut.
        let joined = parts.concat();
        if joined.encode_utf16().count() < MAX_STEM - 4 {
            let letters =
                |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
            assert!(
                letters(&name).starts_with(&letters(&joined)),
                "{parts:?} keeps its letters in {name:?}"
            );
        }
    }
}
