//! Mailing lists: the e-mail addresses of the current contacts of the
//! organisations a directory filter finds.

use chrono::NaiveDate;
use serde::Serialize;

use super::{contacts_of_in, matching_ids, Contact, ContactRole, DirectoryQuery};
use crate::db::engine::Sql;
use crate::{Db, Result};

/// A mailing list from a directory query: the current contacts (role not
/// ended before `today`) of every matching organisation, and their e-mail
/// addresses once each, ready for BCC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailingList {
    /// Each current role with its contact, by organisation.
    pub contacts: Vec<(ContactRole, Contact)>,
    /// Each e-mail address once (upper and lower case alike), in the order
    /// of `contacts`, with the person and where they have a role.
    pub recipients: Vec<Recipient>,
    /// "a@example.org; b@example.org"
    pub bcc: String,
    /// Contacts without an e-mail address (to reach by phone or letter).
    pub without_email: usize,
}

/// One address of a mailing list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recipient {
    /// The contact's name.
    pub name: String,
    /// The e-mail address.
    pub email: String,
    /// The organisations (of the list) where the person has a current
    /// role, each once.
    pub organisations: Vec<String>,
    /// The roles there, each once, without empty ones.
    pub roles: Vec<String>,
}

/// The mailing list of a (saved) filter.
///
/// # Errors
/// Only SQLite failures.
pub fn mailing_list(db: &Db, query: &DirectoryQuery, today: NaiveDate) -> Result<MailingList> {
    mailing_list_in(db.conn(), query, today)
}

/// [`mailing_list`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn mailing_list_in(
    sql: &dyn Sql,
    query: &DirectoryQuery,
    today: NaiveDate,
) -> Result<MailingList> {
    let mut contacts = Vec::new();
    for id in matching_ids(sql, query)? {
        for (role, contact) in contacts_of_in(sql, id)? {
            if role.ended_on.is_none_or(|end| end >= today) {
                contacts.push((role, contact));
            }
        }
    }
    let mut recipients: Vec<Recipient> = Vec::new();
    for (role, c) in &contacts {
        if c.email.is_empty() {
            continue;
        }
        let folded = c.email.to_lowercase();
        let at = match recipients
            .iter()
            .position(|r| r.email.to_lowercase() == folded)
        {
            Some(at) => at,
            None => {
                recipients.push(Recipient {
                    name: c.name.clone(),
                    email: c.email.clone(),
                    organisations: Vec::new(),
                    roles: Vec::new(),
                });
                recipients.len() - 1
            }
        };
        let r = &mut recipients[at];
        if !r.organisations.contains(&role.organisation_name) {
            r.organisations.push(role.organisation_name.clone());
        }
        if !role.role.is_empty() && !r.roles.contains(&role.role) {
            r.roles.push(role.role.clone());
        }
    }
    let without_email = contacts.iter().filter(|(_, c)| c.email.is_empty()).count();
    Ok(MailingList {
        bcc: recipients
            .iter()
            .map(|r| r.email.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        contacts,
        recipients,
        without_email,
    })
}
