//! Mailing lists: the e-mail addresses of the current contacts of the
//! organisations a directory filter finds.

use chrono::NaiveDate;
use serde::Serialize;

use super::{contacts_of, matching_ids, Contact, ContactRole, DirectoryQuery};
use crate::{Db, Result};

/// A mailing list from a directory query: the current contacts (role not
/// ended before `today`) of every matching organisation, and their e-mail
/// addresses once each, ready for BCC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailingList {
    /// Each current role with its contact, by organisation.
    pub contacts: Vec<(ContactRole, Contact)>,
    /// "a@example.org; b@example.org"
    pub bcc: String,
    /// Contacts without an e-mail address (to reach by phone or letter).
    pub without_email: usize,
}

/// The mailing list of a (saved) filter.
///
/// # Errors
/// Only SQLite failures.
pub fn mailing_list(db: &Db, query: &DirectoryQuery, today: NaiveDate) -> Result<MailingList> {
    let mut contacts = Vec::new();
    for id in matching_ids(db.conn(), query)? {
        for (role, contact) in contacts_of(db, id)? {
            if role.ended_on.is_none_or(|end| end >= today) {
                contacts.push((role, contact));
            }
        }
    }
    let mut addresses: Vec<String> = Vec::new();
    for (_, c) in &contacts {
        let folded = c.email.to_lowercase();
        if !c.email.is_empty() && !addresses.iter().any(|a| a.to_lowercase() == folded) {
            addresses.push(c.email.clone());
        }
    }
    let without_email = contacts.iter().filter(|(_, c)| c.email.is_empty()).count();
    Ok(MailingList {
        contacts,
        bcc: addresses.join("; "),
        without_email,
    })
}
