//! The longest text each kind of field takes, in one place.
//!
//! Every create and update function checks its texts here (after trimming)
//! and refuses a longer one with [`Error::TooLong`], naming the field, so
//! that nothing is stored. The limits are generous for real data and keep
//! lists, notifications and printouts usable:
//!
//! | kind                         | limit | examples                                   |
//! |------------------------------|------:|--------------------------------------------|
//! | [`CODE`]                     |    60 | phone, postal code, card number, Inventarnummer, ISBN, consent version |
//! | [`NAME`]                     |   200 | names of people, organisations, rooms, list entries, street, town |
//! | [`EMAIL`]                    |   254 | e-mail addresses (the longest a mail server accepts) |
//! | [`TITLE`]                    |   300 | titles of media, events, workshops, projects; authors; website |
//! | [`TEXT`]                     | 5,000 | notes, descriptions, decisions, reasons    |
//! | [`LONG_TEXT`]                | 20,000 | the wording of a consent text             |
//!
//! The institution's own fields keep their tighter limit of 120 characters
//! ([`INSTITUTION`]): they must fit the header of every printout.

use crate::{Error, Result};

/// Codes and numbers typed or scanned: phone, postal code, card number,
/// Inventarnummer, ISBN, register number, version of a consent text.
pub const CODE: usize = 60;
/// Names of people, organisations, rooms, list entries; street and town.
pub const NAME: usize = 200;
/// An e-mail address (RFC 5321 allows no longer path).
pub const EMAIL: usize = 254;
/// Titles of media, events, workshops and projects; authors; a website.
pub const TITLE: usize = 300;
/// Notes, descriptions, decisions, reasons: a few paragraphs.
pub const TEXT: usize = 5_000;
/// The full wording of a consent text.
pub const LONG_TEXT: usize = 20_000;
/// Each field of the institution: it is printed in every page header.
pub const INSTITUTION: usize = 120;

/// Refuses `value` when it has more than `max` characters.
///
/// # Errors
/// [`Error::TooLong`] naming `field`.
pub fn check(field: &'static str, value: &str, max: usize) -> Result<()> {
    // Count only as far as needed: a pasted megabyte is refused as fast.
    if value.chars().nth(max).is_some() {
        return Err(Error::TooLong { field, max });
    }
    Ok(())
}

/// Checks each `(field, value, max)` in order; the first too long refuses.
///
/// # Errors
/// [`Error::TooLong`] naming the first field that is too long.
pub fn check_all(fields: &[(&'static str, &str, usize)]) -> Result<()> {
    for (field, value, max) in fields {
        check(field, value, *max)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_of_exactly_the_limit_passes_and_one_more_character_is_refused() {
        assert!(check("name", &"ü".repeat(NAME), NAME).is_ok());
        match check("name", &"ü".repeat(NAME + 1), NAME) {
            Err(Error::TooLong { field, max }) => assert_eq!((field, max), ("name", NAME)),
            other => panic!("refused as too long: {other:?}"),
        }
    }
}
