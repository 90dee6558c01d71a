//! The names of the files the app writes or offers to save: documents and
//! exports, backups, safety copies, printouts. One function makes every
//! such name, so that each is valid on Windows and on Linux and keeps
//! every script (Turkish, Kurdish, Cyrillic, Arabic) as written.
//!
//! Windows refuses in a file name (Microsoft's "Naming Files, Paths, and
//! Namespaces"):
//! - the characters `< > : " / \ | ? *` and the control characters;
//! - a name ending in a dot or a space (Explorer cannot open or delete it);
//! - the device names `CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`,
//!   `LPT0`–`LPT9` (also with the superscript digits `¹ ² ³`), `CONIN$`
//!   and `CONOUT$`, in any case, and also as the part before the first dot:
//!   `CON.pdf` and `nul.tar.pdf` are the device too;
//! - more than 255 UTF-16 units in one name (NTFS).
//!
//! [`file_name`] makes a name that obeys all of that;
//! [`is_valid_windows_file_name`] checks a name against the same rules,
//! written separately so the tests can hold one against the other.

/// The most UTF-16 units (what Windows counts) a name has before its
/// extension. Well below NTFS's 255 so that the whole path stays below the
/// classic 260-character limit in the usual folders: the print folder
/// `C:\Users\<name>\AppData\Local\de.rhein-sieg-kreis.kiz-desk\Ausdrucke\`
/// takes about 85, a numbered name (` (12)`) and the extension about 10.
pub const MAX_STEM: usize = 120;

/// The name of a file whose parts were all empty.
const NAMELESS: &str = "Dokument";

/// What NTFS allows in one name, in UTF-16 units.
const NTFS_MAX: usize = 255;

/// The characters Windows forbids in a name (besides control characters).
const FORBIDDEN: [char; 9] = ['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

/// Device names without a number.
const DEVICES: [&str; 6] = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"];

/// A file name that Windows and Linux both accept: the `parts` trimmed and
/// joined by "_", then
/// - each of `< > : " / \ | ? *` replaced by "-", a control character
///   (tab, line break) by a space, the invisible direction overrides and
///   isolates (U+202A–U+202E, U+2066–U+2069) left out, as they can make the
///   extension read as something else in Explorer;
/// - cut to [`MAX_STEM`] UTF-16 units on a character boundary, and spaces
///   and dots at the end removed;
/// - `Dokument` when nothing is left;
/// - a device name (`CON`, `nul.tar`) given a "_" (`CON_`, `nul_.tar`);
/// - then `.` and the extension (made safe the same way; none when empty).
///
/// Letters of every script stay as written: `Teilnehmerliste`,
/// `Bewerbung: Deutsch/Arabisch`, `2026-11-12`, `pdf` →
/// `Teilnehmerliste_Bewerbung- Deutsch-Arabisch_2026-11-12.pdf`.
pub fn file_name(parts: &[&str], extension: &str) -> String {
    let joined = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    let mut stem = within(&safe_chars(&joined), MAX_STEM)
        .trim_start_matches(' ')
        .trim_end_matches(['.', ' '])
        .to_owned();
    if stem.is_empty() {
        stem = NAMELESS.into();
    }
    if is_device(&stem) {
        let base = stem.split('.').next().unwrap_or("").trim_end_matches(' ');
        stem.insert(base.len(), '_');
    }
    let extension = safe_chars(extension);
    let extension = extension.trim_matches(['.', ' ']);
    if extension.is_empty() {
        stem
    } else {
        format!("{stem}.{}", within(extension, 16))
    }
}

/// `name` with ` (n)` before its extension, for a second file of the same
/// name in one folder: `Liste.pdf`, 2 → `Liste (2).pdf`. A name that
/// [`file_name`] made stays valid.
pub fn numbered(name: &str, n: u32) -> String {
    match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => format!("{stem} ({n}).{extension}"),
        _ => format!("{name} ({n})"),
    }
}

/// Whether Windows accepts `name` as the name of a file (the rules in the
/// module documentation). Control characters are refused in the whole
/// Unicode sense (U+007F–U+009F too), which is stricter than Windows.
pub fn is_valid_windows_file_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name.encode_utf16().count() <= NTFS_MAX
        && !name.contains(FORBIDDEN)
        && !name.chars().any(char::is_control)
        && !name.ends_with(['.', ' '])
        && !is_device(name)
}

/// Whether the part of `name` before its first dot, without trailing
/// spaces, is a device name in any case (`con`, `COM1`, `LPT²`).
fn is_device(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or("").trim_end_matches(' ');
    if DEVICES.iter().any(|d| d.eq_ignore_ascii_case(base)) {
        return true;
    }
    let mut chars = base.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let numbered = ["COM", "LPT"]
        .iter()
        .any(|d| d.eq_ignore_ascii_case(&prefix));
    let digit = chars.next();
    numbered
        && chars.next().is_none()
        && digit.is_some_and(|d| d.is_ascii_digit() || matches!(d, '¹' | '²' | '³'))
}

fn safe_chars(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .map(|c| match c {
            c if FORBIDDEN.contains(&c) => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// The longest start of `text` that has at most `units` UTF-16 units.
fn within(text: &str, units: usize) -> &str {
    let mut used = 0;
    for (at, c) in text.char_indices() {
        used += c.len_utf16();
        if used > units {
            return &text[..at];
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_counts_utf16_units_and_cuts_between_characters() {
        assert_eq!(within("abc", 2), "ab");
        assert_eq!(within("😀😀", 3), "😀", "an emoji is two units");
        assert_eq!(within("محمد", 10), "محمد");
    }
}
