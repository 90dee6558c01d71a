//! ISBN and EAN numbers: checked and stored as 13 digits.

use crate::{Error, Result};

/// Normalises an ISBN-10, ISBN-13, EAN-13 or UPC-A (12 digits) to 13 digits,
/// checking the check digit. Hyphens and spaces are ignored.
///
/// # Errors
/// [`Error::InvalidIsbn`].
pub fn normalise_isbn(text: &str) -> Result<String> {
    let clean: String = text
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\u{2010}' | '\u{2011}'))
        .collect::<String>()
        .to_uppercase();
    // Only digits and X are an ISBN: lengths below are then counted in
    // characters (a five-letter Arabic or Russian word has ten bytes).
    if !clean.is_ascii() {
        return Err(Error::InvalidIsbn);
    }
    let digits: Vec<u32> = clean.chars().filter_map(|c| c.to_digit(10)).collect();
    match clean.len() {
        10 => {
            let (body, check) = clean.split_at(9);
            if digits.len() < 9 || !body.chars().all(|c| c.is_ascii_digit()) {
                return Err(Error::InvalidIsbn);
            }
            let check_value = match check {
                "X" => 10,
                d => d.parse::<u32>().map_err(|_| Error::InvalidIsbn)?,
            };
            let sum: u32 = digits[..9]
                .iter()
                .enumerate()
                .map(|(i, d)| (10 - i as u32) * d)
                .sum::<u32>()
                + check_value;
            if !sum.is_multiple_of(11) {
                return Err(Error::InvalidIsbn);
            }
            let mut isbn13: Vec<u32> = vec![9, 7, 8];
            isbn13.extend(&digits[..9]);
            isbn13.push(ean_check_digit(&isbn13));
            Ok(isbn13
                .iter()
                .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
                .collect())
        }
        12 | 13 if digits.len() == clean.len() => {
            let mut all = digits;
            if all.len() == 12 {
                all.insert(0, 0);
            }
            let check = all[12];
            if ean_check_digit(&all[..12]) != check {
                return Err(Error::InvalidIsbn);
            }
            Ok(all
                .iter()
                .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
                .collect())
        }
        _ => Err(Error::InvalidIsbn),
    }
}

fn ean_check_digit(first_twelve: &[u32]) -> u32 {
    let sum: u32 = first_twelve
        .iter()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 })
        .sum();
    (10 - sum % 10) % 10
}
