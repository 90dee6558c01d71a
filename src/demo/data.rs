//! The demo data files in `src/demo/data/`, built into the binary, and how
//! they are read.
//!
//! Records with lists and parts of their own (media with languages, topics
//! and kit contents; organisations with member counts and offerings;
//! workshops with hosts; contacts; the communities of the fair) are TOML:
//! one named field a line, comments allowed, and nesting without repeating
//! a key. The borrowers are four plain columns each, so they are CSV, one
//! borrower a line. A file that does not read, or that names a workshop
//! that is not there, is an [`Error`] of [`super::load`] before anything is
//! stored, never a panic; `tests/demo.rs` and the tests below read every
//! file.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::catalogue::{Audience, KitItem, Level};
use crate::organisations::{CooperationStatus, MemberCount};
use crate::people::BorrowerKind;
use crate::{Error, Result};

/// A data file: its name (for the error) and its text.
struct DataFile {
    name: &'static str,
    text: &'static str,
}

/// The data file `src/demo/data/<name>`, built in.
macro_rules! data_file {
    ($name:literal) => {
        DataFile {
            name: $name,
            text: include_str!(concat!("data/", $name)),
        }
    };
}

const MEDIA: DataFile = data_file!("media.toml");
const BORROWERS: DataFile = data_file!("borrowers.csv");
const ORGANISATIONS: DataFile = data_file!("organisations.toml");
const CONTACTS: DataFile = data_file!("contacts.toml");
const EVENTS: DataFile = data_file!("events.toml");

/// A demo file that does not read: the loader stops with this error
/// before anything is stored.
pub(super) fn broken(file: &str, detail: impl std::fmt::Display) -> Error {
    Error::Io(std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("demo data {file}: {detail}"),
    ))
}

fn read_toml<T: DeserializeOwned>(file: &DataFile) -> Result<T> {
    toml::from_str(file.text).map_err(|e| broken(file.name, e))
}

/// Every demo file, read and checked.
pub(super) struct Demo {
    pub media: Vec<Medium>,
    pub borrowers: Vec<Borrower>,
    pub organisations: Vec<Organisation>,
    pub contacts: Vec<Contact>,
    pub fair: Fair,
}

/// Reads every demo file; the first that does not read is the error.
pub(super) fn read() -> Result<Demo> {
    Ok(Demo {
        media: media()?,
        borrowers: borrowers()?,
        organisations: organisations()?,
        contacts: contacts()?,
        fair: fair()?,
    })
}

/// One medium of `media.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Medium {
    /// The Mediengruppe's code.
    pub kind: String,
    pub title: String,
    pub authors: String,
    pub publisher: String,
    pub year: i32,
    pub level_from: Option<Level>,
    pub level_to: Option<Level>,
    pub audience: Audience,
    pub target_language: String,
    #[serde(default)]
    pub support_languages: Vec<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    /// How many copies go on the shelf.
    pub copies: usize,
    /// A Medienkoffer's contents.
    #[serde(default)]
    pub kit: Vec<KitItem>,
}

/// The demo media, in the order of the file.
pub(super) fn media() -> Result<Vec<Medium>> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        medium: Vec<Medium>,
    }
    Ok(read_toml::<File>(&MEDIA)?.medium)
}

/// One line of `borrowers.csv`.
#[derive(Debug, Deserialize)]
pub(super) struct Borrower {
    pub name: String,
    pub kind: BorrowerKind,
    pub print_language: String,
    pub email: String,
}

/// The demo borrowers, in the order of the file.
pub(super) fn borrowers() -> Result<Vec<Borrower>> {
    csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(BORROWERS.text.as_bytes())
        .deserialize()
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| broken(BORROWERS.name, e))
}

/// One organisation of `organisations.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Organisation {
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    /// The kind's code.
    pub kind: String,
    pub municipality: String,
    pub languages: Vec<String>,
    pub status: CooperationStatus,
    /// Its rooms; empty: it has none.
    #[serde(default)]
    pub rooms: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub members: Vec<MemberCount>,
    #[serde(default, rename = "offering")]
    pub offerings: Vec<Offering>,
}

/// One offering of an organisation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Offering {
    /// The kind of offering's code.
    pub kind: String,
    pub title: String,
    pub target_group: String,
    pub languages: Vec<String>,
    pub schedule: String,
    pub place: String,
}

/// The demo organisations, in the order of the file.
pub(super) fn organisations() -> Result<Vec<Organisation>> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        organisation: Vec<Organisation>,
    }
    Ok(read_toml::<File>(&ORGANISATIONS)?.organisation)
}

/// One contact of `contacts.toml`, with their role.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Contact {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub languages: Vec<String>,
    /// The organisation's name.
    pub organisation: String,
    pub role: String,
}

/// The demo contacts, in the order of the file.
pub(super) fn contacts() -> Result<Vec<Contact>> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        contact: Vec<Contact>,
    }
    Ok(read_toml::<File>(&CONTACTS)?.contact)
}

/// The demo Ausbildungsbörse of `events.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Fair {
    pub schools: Vec<String>,
    #[serde(rename = "workshop")]
    pub workshops: Vec<Workshop>,
    #[serde(rename = "community")]
    pub communities: Vec<Community>,
}

/// One workshop of the fair.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Workshop {
    pub title: String,
    pub description: String,
    pub target_group: String,
    pub room: String,
    pub start_hour: u32,
    pub capacity: u32,
    pub hosts: Vec<Host>,
    /// Contacts by name.
    pub facilitators: Vec<String>,
    pub languages: Vec<String>,
}

/// A host organisation (by name) and its role.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Host {
    pub organisation: String,
    pub role: String,
}

/// A community: first names, family names, languages, the workshops its
/// members choose (places in [`Fair::workshops`]), and whether names get an
/// e-mail address (Latin script) or a phone number.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Community {
    pub first_names: Vec<String>,
    pub family_names: Vec<String>,
    pub languages: Vec<String>,
    pub choices: Vec<usize>,
    pub latin: bool,
}

/// How many workshops the loader needs: it refers to the workshops at
/// places 1, 3 and 7 itself (see `events.rs`).
const WORKSHOPS_NEEDED: usize = 8;

/// The demo fair, checked so that the loader can take turns through every
/// list and refer to workshops by place.
pub(super) fn fair() -> Result<Fair> {
    let fair: Fair = read_toml(&EVENTS)?;
    let problem = if fair.workshops.len() < WORKSHOPS_NEEDED {
        Some(format!("needs at least {WORKSHOPS_NEEDED} workshops"))
    } else if fair.communities.is_empty() || fair.schools.is_empty() {
        Some("needs a community and a school".to_owned())
    } else {
        fair.communities.iter().find_map(|c| {
            if c.first_names.is_empty() || c.family_names.is_empty() || c.choices.is_empty() {
                Some("a community needs first names, family names and choices".to_owned())
            } else {
                c.choices
                    .iter()
                    .find(|choice| **choice >= fair.workshops.len())
                    .map(|choice| {
                        format!("a community chooses workshop {choice}, which is not there")
                    })
            }
        })
    };
    match problem {
        Some(problem) => Err(broken(EVENTS.name, problem)),
        None => Ok(fair),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_file_reads() {
        assert!(media().unwrap().len() >= 55, "about 60 media");
        assert!(borrowers().unwrap().len() >= 15, "about 15 borrowers");
        assert!(organisations().unwrap().len() >= 15, "15 organisations");
        assert!(!contacts().unwrap().is_empty(), "some contacts");
        assert!(fair().unwrap().workshops.len() >= WORKSHOPS_NEEDED);
    }

    #[test]
    fn a_broken_file_is_an_error_naming_it() {
        let file = DataFile {
            name: "media.toml",
            text: "[[medium]]\ntitle = 1\n",
        };
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)] // only read to fail
        struct File {
            medium: Vec<Medium>,
        }
        let err = read_toml::<File>(&file).expect_err("a number is no title");
        assert!(
            matches!(&err, Error::Io(e) if e.to_string().contains("media.toml")),
            "the error names the file: {err:?}"
        );
    }

    #[test]
    fn an_unknown_field_is_an_error_not_ignored() {
        let file = DataFile {
            name: "contacts.toml",
            text: "[[contact]]\nname = \"A\"\nemail = \"\"\nphone = \"\"\nlanguages = []\n\
                   organisation = \"B\"\nrole = \"C\"\nemial = \"typo\"\n",
        };
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)] // only read to fail
        struct File {
            contact: Vec<Contact>,
        }
        assert!(read_toml::<File>(&file).is_err(), "a misspelt field fails");
    }
}
