//! The due date of a loan slip as a calendar entry (iCalendar, RFC 5545),
//! printed as a QR code: a teacher scans it with the phone's camera and the
//! calendar reminds them, without the centre keeping an e-mail address.
//!
//! What goes in: the day the first of the items lent now is due (an
//! all-day event, with a reminder at 9 o'clock the day before for the
//! calendars that take one from the code; others remind as the phone is
//! set for all-day events), their titles, the Mediathek's address and
//! opening hours. What stays out: the borrower's name and card number, and
//! any number of the database (loan, copy or person). The entry lands on a
//! phone, in calendars that are often synchronised with other services;
//! the slip itself carries the person's data, the entry needs none of it.
//!
//! The text is written here rather than with an iCalendar crate: the one
//! well-kept crate (`icalendar`) writes a `DTSTAMP` from the clock and a
//! random `UID` into every component it prints, the reminder (`VALARM`)
//! included, where RFC 5545 allows neither, so the same slip would carry a
//! different code at each print. The tests read the text back with that
//! crate's parser.

use chrono::{DateTime, Utc};
use chrono::{Duration, NaiveDate};

use crate::lending::Loan;
use crate::settings::Institution;

/// At most this many bytes of text in the code: a QR code of version 21
/// at error correction L (101 modules, 929 bytes), about 0.3 mm a module
/// in the 30 mm the slip gives it (0.26 mm on A5): what an office or
/// receipt printer prints sharply enough for a phone's camera. Room for a
/// bilingual entry (Arabic takes two bytes a letter) with several titles.
pub const MOST_BYTES: usize = 900;

/// The words of the entry in the slip's languages (German, and the
/// borrower's print language after a slash, as the slip has them).
pub struct CalendarWords {
    /// The entry's title, e.g. "Medien zur Mediathek zurückbringen".
    pub summary: String,
    /// "Öffnungszeiten", before the opening hours.
    pub opening_hours: String,
    /// Said after "+ N" when not every title fits or some are due later.
    pub more: String,
}

/// The calendar entry for the items lent now, or `None` without items.
/// `stamp` is when the slip is printed (the entry's `DTSTAMP`).
pub fn due_date_entry(
    institution: &Institution,
    lent_now: &[Loan],
    words: &CalendarWords,
    stamp: DateTime<Utc>,
) -> Option<String> {
    let due = lent_now.iter().map(|l| l.due_on).min()?;
    // Name, street and town: what a map finds (the department line would
    // make the code denser and the address no clearer).
    let address = [
        institution.name.as_str(),
        institution.street.as_str(),
        &format!("{} {}", institution.postal_code, institution.city),
    ]
    .iter()
    .map(|part| part.trim())
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    let hours = institution.opening_hours.trim();
    let head = |description: &str, address: &str| {
        let mut lines = vec![
            "BEGIN:VCALENDAR".to_owned(),
            "VERSION:2.0".to_owned(),
            "PRODID:-//KIZ Desk//DE".to_owned(),
            "BEGIN:VEVENT".to_owned(),
            // Unique per print (the due day, the moment it is printed and
            // how many items), without any number of the database.
            format!(
                "UID:rueckgabe-{}-{}-{}@kiz-desk",
                due.format("%Y%m%d"),
                stamp.format("%Y%m%dT%H%M%SZ"),
                lent_now.len()
            ),
            format!("DTSTAMP:{}", stamp.format("%Y%m%dT%H%M%SZ")),
            format!("DTSTART;VALUE=DATE:{}", due.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next_day(due).format("%Y%m%d")),
            format!("SUMMARY:{}", escape(&words.summary)),
        ];
        if !address.is_empty() {
            lines.push(format!("LOCATION:{}", escape(address)));
        }
        lines.push(format!("DESCRIPTION:{}", escape(description)));
        lines.extend([
            "BEGIN:VALARM".to_owned(),
            "ACTION:DISPLAY".to_owned(),
            // The event starts at midnight: 15 hours before is 9 o'clock
            // the day before.
            "TRIGGER:-PT15H".to_owned(),
            // The phone shows the entry's title with it; one word keeps
            // the code small.
            "DESCRIPTION:Mediathek".to_owned(),
            "END:VALARM".to_owned(),
            "END:VEVENT".to_owned(),
            "END:VCALENDAR".to_owned(),
        ]);
        lines.iter().map(|line| fold(line)).collect::<String>()
    };
    // The titles due that day, each once with how many copies (a class set
    // of twelve is one line), in the slip's order.
    let mut due_then: Vec<(&str, usize)> = Vec::new();
    for loan in lent_now.iter().filter(|l| l.due_on == due) {
        match due_then.iter_mut().find(|(title, _)| *title == loan.title) {
            Some((_, copies)) => *copies += 1,
            None => due_then.push((loan.title.as_str(), 1)),
        }
    }
    // As many titles as fit, in the slip's order; the rest (and what is due
    // later) counted on one line. Where not even the day fits with the
    // address and the hours (both at the length the settings allow, in a
    // script of two or three bytes a letter), the address goes, and then
    // the hours (the slip prints them beside the code anyway): what is
    // left, the day and the count, always fits.
    let entry = |shown: usize, address: &str, hours: &str| {
        let mut description: Vec<String> = due_then[..shown]
            .iter()
            .map(|(title, copies)| match copies {
                1 => format!("– {title}"),
                n => format!("– {n} × {title}"),
            })
            .collect();
        let listed: usize = due_then[..shown].iter().map(|(_, copies)| copies).sum();
        let left = lent_now.len() - listed;
        if left > 0 {
            description.push(format!("+ {left} {}", words.more));
        }
        if !hours.is_empty() {
            description.push(format!("{}: {hours}", words.opening_hours));
        }
        head(&description.join("\n"), address)
    };
    let fits = |text: &String| text.len() <= MOST_BYTES;
    let (address, hours) = [(address.as_str(), hours), ("", hours), ("", "")]
        .into_iter()
        .find(|(address, hours)| fits(&entry(0, address, hours)))
        .unwrap_or(("", ""));
    (0..=due_then.len())
        .rev()
        .map(|shown| entry(shown, address, hours))
        .find(fits)
        .or_else(|| Some(entry(0, address, hours)))
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day.checked_add_signed(Duration::days(1)).unwrap_or(day)
}

/// A TEXT value as RFC 5545 writes it (3.3.11): backslash, semicolon and
/// comma escaped, line breaks as `\n`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// One content line, folded after at most 75 bytes (3.1: a continuation
/// line starts with a space, never inside a character), ending in CRLF.
fn fold(line: &str) -> String {
    const MOST: usize = 75;
    let mut out = String::with_capacity(line.len() + 8);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > MOST {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_folded_between_characters_within_75_bytes() {
        let line = format!("DESCRIPTION:{}", "ديوان العرب ".repeat(12));
        let folded = fold(&line);
        for part in folded.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{part:?} has {} bytes", part.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded.strip_suffix("\r\n"), Some(line.as_str()));
    }

    #[test]
    fn text_is_escaped_as_the_standard_says() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
