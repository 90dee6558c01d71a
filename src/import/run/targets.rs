//! Each kind of row: how a media, borrower, organisation or participant
//! row finds the record it duplicates and goes through the forms' steps.
//! Called by `run.rs` inside the row's savepoint.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::{Action, Duplicate, Lists, OnDuplicate, Options, RowResult, Seen};
use crate::catalogue::{self, CopyInput, Medium, MediumInput};
use crate::db::engine::{args, scalar, value, Sql};
use crate::events::{self, RegisterOptions};
use crate::import::rows::{self, Cells};
use crate::organisations::{self, ContactInput, OfferingInput, Organisation, RoleInput};
use crate::people::{self, Borrower, BorrowerInput};
use crate::pick_lists::Entry;
use crate::search::{edit_distance, fold_plain};
use crate::Result;

/// Notes that the row duplicates record `id` (created by the row in
/// `created`, or stored before) and what staff chose for it; true when the
/// record is to be updated.
fn treat_duplicate(
    result: &mut RowResult,
    created: &HashMap<i64, usize>,
    (id, label, by): (i64, String, &'static str),
    choice: OnDuplicate,
) -> bool {
    result.duplicate = Some(Duplicate {
        row: created.get(&id).copied(),
        label,
        by,
    });
    result.action = match choice {
        OnDuplicate::Skip => Action::Skip,
        OnDuplicate::Update => Action::Update,
    };
    choice == OnDuplicate::Update
}

pub(super) fn media_row(
    tx: &dyn Sql,
    cells: &Cells<'_>,
    options: &Options,
    lists: &Lists,
    seen: &mut Seen,
    now: NaiveDateTime,
    result: &mut RowResult,
) -> Result<()> {
    let (input, copy) = rows::medium(cells, &lists.media_kinds, options.media_kind_id)?;
    let isbn = match input.isbn.as_str() {
        "" => None,
        typed => Some(catalogue::normalise_isbn(typed)?),
    };
    result.values = medium_values(&input, &copy, isbn.as_deref(), &lists.media_kinds);
    let by_barcode: Option<i64> = match copy.barcode.as_str() {
        "" => None,
        code => value(
            tx,
            "SELECT medium_id FROM copy WHERE barcode = ?1",
            args![code],
        )?,
    };
    let by_isbn: Option<i64> = match &isbn {
        None => None,
        Some(isbn) => value(
            tx,
            "SELECT id FROM medium WHERE isbn = ?1 ORDER BY id LIMIT 1",
            args![isbn],
        )?,
    };
    // A further copy: of a medium an earlier row of this file created, or
    // (with a new Inventarnummer) of one stored before.
    if let (None, Some(id)) = (by_barcode, by_isbn) {
        let first = seen.media.get(&id).copied();
        if first.is_some() || !copy.barcode.is_empty() {
            if first.is_none() {
                let existing = catalogue::medium_in(tx, id)?;
                if options.on_duplicate == OnDuplicate::Update {
                    let mut merged = medium_input(&existing);
                    rows::merge_medium(&mut merged, &input, cells);
                    catalogue::update_medium_in(tx, id, &merged, now, "")?;
                    result.action = Action::Update;
                }
                result.copy_of_stored = Some(existing.title);
            }
            catalogue::add_copy_in(tx, id, &copy, now)?;
            result.copy_of_row = first;
            return Ok(());
        }
    }
    let found = by_barcode
        .map(|id| (id, "barcode"))
        .or(by_isbn.map(|id| (id, "isbn")));
    let Some((id, by)) = found else {
        let id = catalogue::create_medium_in(tx, &input, now)?;
        catalogue::add_copy_in(tx, id, &copy, now)?;
        seen.add_medium(id, result.row);
        return Ok(());
    };
    let existing = catalogue::medium_in(tx, id)?;
    if !treat_duplicate(
        result,
        &seen.media,
        (id, existing.title.clone(), by),
        options.on_duplicate,
    ) {
        return Ok(());
    }
    let mut merged = medium_input(&existing);
    rows::merge_medium(&mut merged, &input, cells);
    catalogue::update_medium_in(tx, id, &merged, now, "")
}

fn medium_values(
    m: &MediumInput,
    copy: &CopyInput,
    isbn: Option<&str>,
    kinds: &[Entry],
) -> Vec<(&'static str, String)> {
    let levels = match (m.level_from, m.level_to) {
        (Some(from), Some(to)) if from == to => from.label().to_owned(),
        (Some(from), Some(to)) => format!("{}–{}", from.label(), to.label()),
        _ => String::new(),
    };
    let languages = m
        .target_language
        .iter()
        .chain(&m.support_languages)
        .map(|code| crate::languages::name(code).to_owned())
        .collect::<Vec<_>>()
        .join(", ");
    let kind = kinds
        .iter()
        .find(|k| k.id == m.kind_id)
        .map(|k| k.name.clone())
        .unwrap_or_default();
    vec![
        ("title", m.title.clone()),
        ("authors", m.authors.clone()),
        ("publisher", m.publisher.clone()),
        ("isbn", isbn.unwrap_or_default().to_owned()),
        ("year", m.year.map(|y| y.to_string()).unwrap_or_default()),
        ("levels", levels),
        ("languages", languages),
        ("media_kind", kind),
        ("barcode", copy.barcode.clone()),
        (
            "acquired_on",
            copy.acquired_on
                .map(|d| d.format("%d.%m.%Y").to_string())
                .unwrap_or_default(),
        ),
        (
            "price",
            copy.price_cents
                .map(|c| format!("{},{:02} €", c / 100, c % 100))
                .unwrap_or_default(),
        ),
    ]
}

/// The form input that stores `m` as it is.
fn medium_input(m: &Medium) -> MediumInput {
    MediumInput {
        kind_id: m.kind.id,
        title: m.title.clone(),
        subtitle: m.subtitle.clone(),
        authors: m.authors.clone(),
        publisher: m.publisher.clone(),
        year: m.year,
        isbn: m.isbn.clone().unwrap_or_default(),
        level_from: m.level_from,
        level_to: m.level_to,
        audience: m.audience,
        target_language: m.target_language.clone(),
        support_languages: m.support_languages.clone(),
        topics: m.topics.clone(),
        location: m.location.clone(),
        description: m.description.clone(),
        notes: m.notes.clone(),
        kit_items: m.kit_items.clone(),
        // An import overwrites what it merged over; no form was open.
        version: None,
    }
}

pub(super) fn borrower_row(
    tx: &dyn Sql,
    cells: &Cells<'_>,
    options: &Options,
    lists: &Lists,
    seen: &mut Seen,
    now: NaiveDateTime,
    result: &mut RowResult,
) -> Result<()> {
    let input = rows::borrower(cells, &lists.organisation_names)?;
    result.values = vec![
        ("name", input.name.clone()),
        ("email", input.email.clone()),
        ("phone", input.phone.clone()),
        ("card_number", input.card_number.clone()),
    ];
    let by_card: Option<i64> = match input.card_number.as_str() {
        "" => None,
        card => value(
            tx,
            "SELECT id FROM borrower WHERE card_number = ?1",
            args![card],
        )?,
    };
    // By name only when the row gives no Ausweisnummer: two people of one
    // name with cards of their own are two people.
    let found = by_card.map(|id| (id, "card_number")).or_else(|| {
        input
            .card_number
            .is_empty()
            .then(|| seen.borrower_names.get(&fold_plain(&input.name)))
            .flatten()
            .map(|&id| (id, "name"))
    });
    let Some((id, by)) = found else {
        let id = people::create_borrower_in(tx, &input, now)?;
        seen.add_borrower(id, result.row, fold_plain(&input.name));
        return Ok(());
    };
    let existing = people::borrower_in(tx, id)?;
    if !treat_duplicate(
        result,
        &seen.borrowers,
        (id, existing.name.clone(), by),
        options.on_duplicate,
    ) {
        return Ok(());
    }
    let mut merged = borrower_input(&existing);
    rows::merge_borrower(&mut merged, &input, cells);
    people::update_borrower_in(tx, id, &merged, now, "")
}

fn borrower_input(b: &Borrower) -> BorrowerInput {
    BorrowerInput {
        kind: b.kind,
        name: b.name.clone(),
        organisation_id: b.organisation_id,
        email: b.email.clone(),
        phone: b.phone.clone(),
        print_language: b.print_language.clone(),
        card_number: b.card_number.clone(),
        note: b.note.clone(),
        address: b.address.clone(),
        history_consent: b.history_consent.clone(),
        email_consent: b.email_consent.clone(),
        teaching_language: b.teaching_language.clone(),
        teaching_level: b.teaching_level,
        version: None,
    }
}

/// An organisation whose name is the same as `name` but for small spelling
/// differences (one letter in a short name, two in a longer one), and with
/// the same numbers ("Kita Bonn 1" is not "Kita Bonn 12").
fn similar_organisation(names: &[(String, i64)], name: &str) -> Option<i64> {
    let allowed = if name.chars().count() <= 8 { 1 } else { 2 };
    let digits = |text: &str| -> String { text.chars().filter(char::is_ascii_digit).collect() };
    names
        .iter()
        .filter(|(known, _)| digits(known) == digits(name))
        .map(|(known, id)| (edit_distance(known, name), *id))
        .filter(|(d, _)| *d <= allowed)
        .min()
        .map(|(_, id)| id)
}

pub(super) fn organisation_row(
    tx: &dyn Sql,
    cells: &Cells<'_>,
    options: &Options,
    lists: &Lists,
    seen: &mut Seen,
    now: NaiveDateTime,
    result: &mut RowResult,
) -> Result<()> {
    let (input, contact, offerings) = rows::organisation(cells, &lists.organisation_kinds)?;
    result.values = vec![
        ("name", input.name.clone()),
        ("municipality", input.municipality.clone()),
        ("email", input.email.clone()),
        ("contact", contact.clone()),
        ("offerings", offerings.join("; ")),
    ];
    let folded = fold_plain(&input.name);
    let id = match similar_organisation(&seen.organisation_names, &folded) {
        None => {
            let id = organisations::create_organisation_in(tx, &input, now)?;
            seen.add_organisation(id, result.row, folded);
            id
        }
        Some(id) => {
            let existing = organisations::organisation_in(tx, id)?;
            if !treat_duplicate(
                result,
                &seen.organisations,
                (id, existing.name.clone(), "name"),
                options.on_duplicate,
            ) {
                return Ok(());
            }
            let mut merged = organisation_input(&existing);
            rows::merge_organisation(&mut merged, &input, cells);
            organisations::update_organisation_in(tx, id, &merged, now, "")?;
            id
        }
    };
    if !contact.is_empty() {
        let known: bool = scalar(
            tx,
            "SELECT EXISTS (SELECT 1 FROM contact AS c JOIN contact_role AS r
                            ON r.contact_id = c.id
                            WHERE r.organisation_id = ?1 AND c.name = ?2)",
            args![id, &contact],
        )?;
        if !known {
            let person = ContactInput {
                name: contact,
                ..ContactInput::default()
            };
            let role = RoleInput {
                organisation_id: id,
                role: "Ansprechperson".into(),
                ..RoleInput::default()
            };
            organisations::save_contact_in(tx, None, &person, Some(&role), now, "")?;
        }
    }
    for title in offerings {
        let known: bool = scalar(
            tx,
            "SELECT EXISTS (SELECT 1 FROM offering WHERE organisation_id = ?1 AND title = ?2)",
            args![id, &title],
        )?;
        if known {
            continue;
        }
        // The kind the title names ("Sprachkurs Arabisch" is a
        // Sprachkurs), else the list's last entry ("Sonstiges").
        let folded = fold_plain(&title);
        let kind = lists
            .offering_kinds
            .iter()
            .find(|k| folded.contains(&fold_plain(&k.name)))
            .or(lists.offering_kinds.last())
            .map(|k| k.id)
            .unwrap_or_default();
        let offering = OfferingInput {
            kind_id: kind,
            title,
            active: true,
            ..OfferingInput::default()
        };
        organisations::save_offering_in(tx, id, None, &offering, now, "")?;
    }
    Ok(())
}

fn organisation_input(o: &Organisation) -> organisations::OrganisationInput {
    organisations::OrganisationInput {
        name: o.name.clone(),
        short_name: o.short_name.clone(),
        kind_id: o.kind.as_ref().map(|k| k.id),
        register_number: o.register_number.clone(),
        languages: o.languages.clone(),
        municipality: o.municipality.clone(),
        street: o.street.clone(),
        postal_code: o.postal_code.clone(),
        city: o.city.clone(),
        has_rooms: o.has_rooms,
        rooms_description: o.rooms_description.clone(),
        website: o.website.clone(),
        email: o.email.clone(),
        phone: o.phone.clone(),
        status: o.status,
        notes: o.notes.clone(),
        version: None,
    }
}

pub(super) fn participant_row(
    tx: &dyn Sql,
    cells: &Cells<'_>,
    options: &Options,
    seen: &mut Seen,
    now: NaiveDateTime,
    result: &mut RowResult,
) -> Result<()> {
    let mut input = rows::participant(cells)?;
    input.consent.clone_from(&options.consent);
    result.values = vec![
        ("name", input.name.clone()),
        (
            "birth_year",
            input.birth_year.map(|y| y.to_string()).unwrap_or_default(),
        ),
        ("school", input.school.clone()),
        ("email", input.email.clone()),
    ];
    let workshop = options.workshop_id.unwrap_or_default();
    let key = (fold_plain(&input.name), input.birth_year);
    let id = match seen.participant_keys.get(&key) {
        None => {
            let id = events::insert_participant(tx, &input, now)?;
            seen.add_participant(id, result.row, key);
            id
        }
        Some(&id) => {
            // A person already known is not stored again but registered
            // for this workshop, whatever staff chose for duplicates (their
            // own data stays: it may be newer than an old list).
            result.duplicate = Some(Duplicate {
                row: seen.participants.get(&id).copied(),
                label: input.name.clone(),
                by: "name",
            });
            let registered: bool = scalar(
                tx,
                "SELECT EXISTS (SELECT 1 FROM registration WHERE workshop_id = ?1
                                AND participant_id = ?2 AND status <> 'abgesagt')",
                args![workshop, id],
            )?;
            if registered {
                result.action = Action::Skip;
                return Ok(());
            }
            result.action = Action::Update;
            id
        }
    };
    // A list of a past workshop is taken over after registration closed.
    let register = RegisterOptions {
        after_closing: true,
    };
    events::register_in(tx, workshop, id, &register, now)?;
    Ok(())
}
