//! The public site (issue 24): what an organisation lets the site show,
//! the site written from the demo data without any personal data, and the
//! swap that never leaves half a site.

mod common;
#[macro_use]
mod test_cluster;

use std::path::Path;

use common::now;
use kiz::documents::fonts::FallbackFonts;
use kiz::organisations::{self as orgs, OfferingInput, OrganisationInput};
use kiz::people::Consent;
use kiz::publish::site::{self, SiteOptions};
use kiz::publish::{self, PublicField, PublicText, PublicationInput, SITE_LANGUAGES};
use kiz::{demo, Error};
use test_cluster::TestStore;

/// The texts of a query's rows, column by column.
fn texts(db: &mut TestStore, sql: &str, columns: usize) -> Vec<Vec<String>> {
    db.rows(sql, &[])
        .iter()
        .map(|r| (0..columns).map(|i| r.get::<String>(i).unwrap()).collect())
        .collect()
}

/// Every file under `dir`, with its path relative to it.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_language_of_the_site_has_every_text() {
    let german = publish::site_words("de").keys();
    assert!(german.len() > 50, "{german:?}");
    for language in SITE_LANGUAGES {
        let words = publish::site_words(language);
        assert_eq!(words.keys(), german, "the keys of {language}.json");
        assert_eq!(words.get("lang"), language);
        let dir = if language == "ar" { "rtl" } else { "ltr" };
        assert_eq!(words.get("dir"), dir, "{language}");
        for (code, _) in kiz::languages::LANGUAGES {
            assert_ne!(words.language_name(code), *code, "{code} in {language}");
        }
    }
    assert_eq!(
        publish::site_words("en").count("organisations", 1),
        "1 organisation"
    );
    assert_eq!(
        publish::site_words("de").count("organisations", 3),
        "3 Organisationen"
    );
}

fn an_organisation_shows_only_the_fields_it_chose(db: &mut TestStore) {
    let created = orgs::create_organisation(
        db,
        &OrganisationInput {
            name: "Deutsch-Kurdischer Kulturverein".into(),
            municipality: "Siegburg".into(),
            street: "Kaiserstraße 3".into(),
            postal_code: "53721".into(),
            city: "Siegburg".into(),
            languages: vec!["ku".into(), "de".into()],
            website: "www.kulturverein.example".into(),
            email: "info@kulturverein.example".into(),
            phone: "02241 123456".into(),
            notes: "Vorstand wechselt im Frühjahr".into(),
            ..OrganisationInput::default()
        },
        now(),
    )
    .unwrap();
    let id = created.id;
    let kind = db
        .read(|s| orgs::offering_kinds_in(s))
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    orgs::save_offering(
        db,
        id,
        None,
        &OfferingInput {
            kind_id: kind.id,
            title: "Deutsch für Frauen".into(),
            schedule: "dienstags 18–20 Uhr".into(),
            place: "Gemeindehaus".into(),
            active: true,
            ..OfferingInput::default()
        },
        now(),
        "BUERO-1",
    )
    .unwrap();
    orgs::save_offering(
        db,
        id,
        None,
        &OfferingInput {
            kind_id: kind.id,
            title: "Früheres Angebot".into(),
            active: false,
            ..OfferingInput::default()
        },
        now(),
        "BUERO-1",
    )
    .unwrap();

    // Not published: not on the site, and no preview.
    assert!(db.read(publish::public_entries_in).unwrap().is_empty());
    assert_eq!(
        db.read(|s| publish::public_entry_of_in(s, id)).unwrap(),
        None
    );

    // Published with the municipality and the offerings only.
    let version = db
        .read(|s| orgs::organisation_in(s, id))
        .unwrap()
        .saved
        .version;
    let saved = publish::save_publication(
        db,
        id,
        &PublicationInput {
            published: true,
            fields: vec![PublicField::Offerings, PublicField::Municipality],
            texts: vec![
                PublicText {
                    language: "de".into(),
                    body: " Wir sind ein Kulturverein. ".into(),
                },
                PublicText {
                    language: "AR".into(),
                    body: "نحن جمعية ثقافية".into(),
                },
                PublicText {
                    language: "fr".into(),
                    body: "   ".into(),
                },
            ],
            version: Some(version),
        },
        now(),
        "BUERO-1",
    )
    .unwrap();
    assert_eq!(
        saved.fields,
        vec![PublicField::Municipality, PublicField::Offerings]
    );
    let languages: Vec<&str> = saved.texts.iter().map(|t| t.language.as_str()).collect();
    assert_eq!(languages, ["de", "ar"], "trimmed, an empty one left out");
    let entries = db.read(publish::public_entries_in).unwrap();
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry.name, "Deutsch-Kurdischer Kulturverein");
    assert_eq!(entry.municipality, "Siegburg");
    assert!(entry.languages.is_empty(), "languages not chosen");
    assert_eq!(
        (
            entry.website.as_str(),
            entry.email.as_str(),
            entry.phone.as_str()
        ),
        ("", "", ""),
        "not chosen"
    );
    let titles: Vec<&str> = entry.offerings.iter().map(|o| o.title.as_str()).collect();
    assert_eq!(titles, ["Deutsch für Frauen"], "only what is offered now");
    assert_eq!(entry.offerings[0].schedule, "dienstags 18–20 Uhr");
    assert_eq!(entry.text_in("ar"), Some(("نحن جمعية ثقافية", true)));
    assert_eq!(
        entry.text_in("tr"),
        Some(("Wir sind ein Kulturverein.", false)),
        "German where no Turkish text was entered"
    );
    assert_eq!(
        db.read(|s| publish::public_entry_of_in(s, id))
            .unwrap()
            .as_ref(),
        Some(entry),
        "the preview is the entry"
    );

    // Bad input changes nothing.
    let version = db
        .read(|s| orgs::organisation_in(s, id))
        .unwrap()
        .saved
        .version;
    let unknown = publish::save_publication(
        db,
        id,
        &PublicationInput {
            published: true,
            fields: PublicField::ALL.to_vec(),
            texts: vec![PublicText {
                language: "ku".into(),
                body: "Em komeleyek in".into(),
            }],
            version: Some(version),
        },
        now(),
        "BUERO-1",
    );
    assert!(
        matches!(&unknown, Err(Error::UnknownLanguageCode { code, field: "public_text" }) if code == "ku"),
        "the site has no Kurdish pages: {unknown:?}"
    );
    let too_long = publish::save_publication(
        db,
        id,
        &PublicationInput {
            published: true,
            fields: PublicField::ALL.to_vec(),
            texts: vec![PublicText {
                language: "de".into(),
                body: "x".repeat(kiz::limits::TEXT + 1),
            }],
            version: Some(version),
        },
        now(),
        "BUERO-1",
    );
    assert_eq!(too_long.unwrap_err().code(), "too_long");
    let late = publish::save_publication(
        db,
        id,
        &PublicationInput {
            published: false,
            version: Some(version - 1),
            ..PublicationInput::default()
        },
        now(),
        "BUERO-2",
    );
    assert!(
        matches!(&late, Err(Error::ChangedMeanwhile { by, .. }) if by == "BUERO-1"),
        "{late:?}"
    );
    assert_eq!(
        db.read(publish::public_entries_in).unwrap(),
        entries,
        "nothing changed"
    );

    // A contact person: never without her own consent to be shown, even
    // with the field ticked; with it, name, role, e-mail and phone; not
    // after her role ended or the consent was withdrawn.
    let amina = orgs::create_contact(
        db,
        &orgs::ContactInput {
            name: "Amina Yousef".into(),
            email: "amina.yousef@example.org".into(),
            phone: "0176 555 1234".into(),
            consent: Some(Consent {
                given_on: now().date(),
                text_version: "2026-1".into(),
            }),
            ..orgs::ContactInput::default()
        },
        Some(&orgs::RoleInput {
            organisation_id: id,
            role: "Vorsitz".into(),
            ..orgs::RoleInput::default()
        }),
        now(),
    )
    .unwrap();
    let version = db
        .read(|s| orgs::organisation_in(s, id))
        .unwrap()
        .saved
        .version;
    publish::save_publication(
        db,
        id,
        &PublicationInput {
            published: true,
            fields: vec![
                PublicField::Municipality,
                PublicField::Offerings,
                PublicField::Contacts,
            ],
            texts: entries[0].texts.clone(),
            version: Some(version),
        },
        now(),
        "BUERO-1",
    )
    .unwrap();
    let shown = |db: &mut TestStore| {
        db.read(|s| publish::public_entry_of_in(s, id))
            .unwrap()
            .unwrap()
            .contacts
    };
    assert!(shown(db).is_empty(), "no consent to be shown");
    let refused = publish::set_public_consent(
        db,
        amina.id,
        Some(&Consent {
            given_on: now().date(),
            text_version: " ".into(),
        }),
        Some(amina.saved.version),
        now(),
        "BUERO-1",
    );
    assert_eq!(refused.unwrap_err().code(), "required");
    let agreed = publish::set_public_consent(
        db,
        amina.id,
        Some(&Consent {
            given_on: now().date(),
            text_version: "2026-1".into(),
        }),
        Some(amina.saved.version),
        now(),
        "BUERO-1",
    )
    .unwrap();
    assert_eq!(
        agreed
            .public_consent
            .as_ref()
            .map(|c| c.text_version.as_str()),
        Some("2026-1")
    );
    let contacts = shown(db);
    assert_eq!(contacts.len(), 1);
    assert_eq!(
        (
            contacts[0].name.as_str(),
            contacts[0].role.as_str(),
            contacts[0].email.as_str()
        ),
        ("Amina Yousef", "Vorsitz", "amina.yousef@example.org")
    );
    // From the form's older version: refused, unchanged.
    let late = publish::set_public_consent(
        db,
        amina.id,
        None,
        Some(amina.saved.version),
        now(),
        "BUERO-2",
    );
    assert!(
        matches!(late, Err(Error::ChangedMeanwhile { .. })),
        "{late:?}"
    );
    assert_eq!(shown(db).len(), 1);
    // The access report names the consent.
    let report = db
        .read(|s| {
            kiz::privacy::access_report_in(s, kiz::privacy::Person::Contact(amina.id), &[], now())
        })
        .unwrap();
    assert!(
        report.consents.iter().any(
            |(what, _, version)| what == "Veröffentlichung auf der Website" && version == "2026-1"
        ),
        "{:?}",
        report.consents
    );
    // Withdrawn: gone.
    let withdrawn = publish::set_public_consent(
        db,
        amina.id,
        None,
        Some(agreed.saved.version),
        now(),
        "BUERO-1",
    )
    .unwrap();
    assert!(shown(db).is_empty(), "withdrawn");
    // Agreed again, then her role ended: gone.
    publish::set_public_consent(
        db,
        amina.id,
        Some(&Consent {
            given_on: now().date(),
            text_version: "2026-1".into(),
        }),
        Some(withdrawn.saved.version),
        now(),
        "BUERO-1",
    )
    .unwrap();
    assert_eq!(shown(db).len(), 1);
    // What the data-protection action does: withdraw, then record today's
    // consent to the current text.
    let current = db
        .read(|s| orgs::contact_in(s, amina.id))
        .unwrap()
        .saved
        .version;
    let withdrawn_again =
        publish::record_public_consent(db, amina.id, false, Some(current), now(), "BUERO-1")
            .unwrap();
    assert_eq!(withdrawn_again.public_consent, None);
    let recorded = publish::record_public_consent(
        db,
        amina.id,
        true,
        Some(withdrawn_again.saved.version),
        now(),
        "BUERO-1",
    )
    .unwrap();
    let consent = recorded.public_consent.expect("recorded");
    assert_eq!(
        (consent.given_on, consent.text_version.as_str()),
        (now().date(), "2026-1")
    );
    assert_eq!(shown(db).len(), 1);
    orgs::end_role(db, agreed.roles[0].id, now().date(), now(), "BUERO-1").unwrap();
    assert!(shown(db).is_empty(), "her role ended");

    // Archived: off the site, the choice kept.
    orgs::set_archived(db, id, true, now().date()).unwrap();
    assert!(db.read(publish::public_entries_in).unwrap().is_empty());
    assert!(
        db.read(|s| publish::publication_in(s, id))
            .unwrap()
            .published
    );
}
on_both_engines!(an_organisation_shows_only_the_fields_it_chose);

/// Every organisation of the demo published with every field: the worst
/// case for what could leak.
fn publish_everything(db: &mut TestStore) {
    let ids: Vec<i64> = db
        .rows("SELECT id FROM organisation ORDER BY id", &[])
        .into_iter()
        .map(|r| r.get::<i64>(0).unwrap())
        .collect();
    for id in ids {
        let version = db
            .read(|s| orgs::organisation_in(s, id))
            .unwrap()
            .saved
            .version;
        publish::save_publication(
            db,
            id,
            &PublicationInput {
                published: true,
                fields: PublicField::ALL.to_vec(),
                texts: vec![],
                version: Some(version),
            },
            now(),
            "BUERO-1",
        )
        .unwrap();
    }
}

fn the_demos_site_holds_no_personal_data(db: &mut TestStore) {
    demo::load(db, now()).unwrap();
    publish_everything(db);
    // One contact person with a current role agrees to be shown: she is
    // on the site, every other contact is not.
    let agreed: i64 = db.rows(
        "SELECT min(c.id) FROM contact AS c JOIN contact_role AS r ON r.contact_id = c.id
             WHERE r.ended_on IS NULL",
        &[],
    )[0]
    .get(0)
    .unwrap();
    let contact = db.read(|s| orgs::contact_in(s, agreed)).unwrap();
    publish::set_public_consent(
        db,
        agreed,
        Some(&Consent {
            given_on: now().date(),
            text_version: "2026-1".into(),
        }),
        Some(contact.saved.version),
        now(),
        "BUERO-1",
    )
    .unwrap();
    let options = SiteOptions::default();
    let content = db
        .read(|s| site::site_content_in(s, &options, now()))
        .unwrap();
    assert!(content.media.len() >= 55, "{}", content.media.len());
    assert!(content.organisations.len() >= 15);
    let out = tempfile::tempdir().unwrap();
    let summary = site::write_site(&content, &options, &FallbackFonts::none(), out.path()).unwrap();
    assert_eq!(summary.languages, SITE_LANGUAGES);
    let written = files(out.path());
    assert_eq!(written.len(), summary.files);

    // Everything the site holds, as text: pages, script, index, and the
    // booklets' text (poppler).
    let mut text = String::new();
    for (name, bytes) in &written {
        if name.ends_with(".pdf") {
            text.push_str(&common::poppler("pdftotext", &[], bytes));
        } else {
            // As a reader sees it: "O&#39;Brien" is O'Brien.
            text.push_str(
                &String::from_utf8(bytes.clone())
                    .unwrap()
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&"),
            );
        }
        text.push('\n');
    }
    // What must never be there: every borrower (but an organisation's own
    // card, which carries the organisation's name), every participant,
    // every contact but the one who agreed to be shown.
    let mut personal: Vec<(String, String)> = Vec::new();
    for row in texts(
        db,
        "SELECT name, email, phone, card_number FROM borrower WHERE kind <> 'organisation'",
        4,
    ) {
        for value in row {
            personal.push(("borrower".into(), value));
        }
    }
    for row in texts(
        db,
        "SELECT card_number FROM borrower WHERE kind = 'organisation'",
        1,
    ) {
        personal.push(("organisation's card".into(), row[0].clone()));
    }
    for row in texts(
        db,
        "SELECT name, email, phone, guardian_name, guardian_contact FROM participant",
        5,
    ) {
        for value in row {
            personal.push(("participant".into(), value));
        }
    }
    for row in texts(
        db,
        "SELECT name, email, phone FROM contact WHERE public_consent_on IS NULL",
        3,
    ) {
        for value in row {
            personal.push(("contact".into(), value));
        }
    }
    let mut checked = 0;
    for (what, value) in &personal {
        let value = value.trim();
        if value.len() < 4 {
            continue;
        }
        checked += 1;
        assert!(
            !text.contains(value),
            "the site shows a {what}'s data: {value}"
        );
    }
    assert!(checked >= 60, "checked {checked} values");
    // Loans and staff's notes neither: the notes of an organisation, a
    // loan's due date wording.
    for row in texts(
        db,
        "SELECT description FROM organisation WHERE description <> ''",
        1,
    ) {
        assert!(!text.contains(row[0].as_str()), "staff's note {}", row[0]);
    }
    assert!(!text.contains("fällig"), "no due dates");

    // Published data is there: an organisation's name, a title, both
    // states of the shelf (KI-M-000118's medium is out in the demo).
    let first = &content.organisations[0];
    assert!(text.contains(&first.name));
    assert!(text.contains(&contact.name), "the contact who agreed");
    assert!(content.media.iter().any(|m| m.on_shelf));
    assert!(content.media.iter().any(|m| !m.on_shelf), "one lent out");
}
on_both_engines!(
    the_demos_site_holds_no_personal_data,
    ignore_on_windows = "reads the booklets with poppler"
);

#[test]
fn every_page_links_only_inside_the_site_and_says_its_language_and_direction() {
    let mut db = TestStore::file();
    demo::load(&mut db, now()).unwrap();
    publish_everything(&mut db);
    let options = SiteOptions::default();
    let content = db
        .read(|s| site::site_content_in(s, &options, now()))
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    site::write_site(&content, &options, &FallbackFonts::none(), out.path()).unwrap();
    let written = files(out.path());
    let names: Vec<&str> = written.iter().map(|(n, _)| n.as_str()).collect();
    for language in SITE_LANGUAGES {
        for page in [
            "index.html",
            "katalog.html",
            "verzeichnis.html",
            "verzeichnis.pdf",
        ] {
            let path = format!("{language}/{page}");
            assert!(names.contains(&path.as_str()), "{path}");
        }
    }
    let mut pages = 0;
    for (name, bytes) in &written {
        if !name.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes.clone()).unwrap();
        let language = name
            .split('/')
            .next()
            .filter(|l| l.len() == 2)
            .unwrap_or("de");
        let dir = if language == "ar" { "rtl" } else { "ltr" };
        assert!(
            html.contains(&format!("<html lang=\"{language}\" dir=\"{dir}\">")),
            "{name}"
        );
        // Every page says when its data was read.
        let words = publish::site_words(language);
        let stand = words
            .get("stand")
            .split("{date}")
            .next()
            .unwrap()
            .to_owned();
        assert!(
            html.contains(&format!("{stand}12.11.2026"))
                || html.contains(&format!("{stand}2026-11-12"))
                || html.contains(&format!("{stand}12 November 2026")),
            "{name} says Stand"
        );
        // Every src and href: relative, inside the site, and there.
        for attribute in ["src=\"", "href=\""] {
            for part in html.split(attribute).skip(1) {
                let link = &part[..part.find('"').unwrap()];
                if link.starts_with("mailto:")
                    || link.starts_with("tel:")
                    || link.starts_with('#')
                    || link == "data:,"
                {
                    continue;
                }
                if link.starts_with("https://") || link.starts_with("http://") {
                    assert!(
                        attribute == "href=\"" && name.contains("organisation-"),
                        "{name} loads {link}"
                    );
                    continue;
                }
                assert!(!link.starts_with('/'), "{name}: {link} is not relative");
                let folder = Path::new(name).parent().unwrap();
                let target = out.path().join(folder).join(link);
                assert!(target.exists(), "{name} links to {link}, which is missing");
            }
        }
    }
    assert!(pages > 6 * 18, "{pages} pages");
    let script = &written
        .iter()
        .find(|(n, _)| n == "assets/site.js")
        .unwrap()
        .1;
    let script = String::from_utf8_lossy(script);
    for word in ["fetch(", "XMLHttpRequest", "innerHTML", "http"] {
        assert!(!script.contains(word), "the script uses {word}");
    }
}

#[test]
fn publishing_swaps_the_new_site_in_and_a_bad_folder_changes_nothing() {
    let mut db = TestStore::file();
    demo::load(&mut db, now()).unwrap();
    let options = SiteOptions {
        languages: vec!["ar".into()],
        catalogue: true,
        directory: false,
    };
    let content = db
        .read(|s| site::site_content_in(s, &options, now()))
        .unwrap();
    let share = tempfile::tempdir().unwrap();
    let target = share.path().join("kiz");
    let first = site::publish(&content, &options, &FallbackFonts::none(), &target).unwrap();
    assert_eq!(first.languages, ["de", "ar"], "German always");
    assert!(target.join("ar/katalog.html").is_file());
    assert!(!target.join("de/verzeichnis.html").exists(), "not chosen");
    // Something IT put there is gone with the old site: the folder is the
    // site's.
    std::fs::write(target.join("alt.txt"), "alt").unwrap();
    let again = site::publish(
        &content,
        &SiteOptions::default(),
        &FallbackFonts::none(),
        &target,
    )
    .unwrap();
    assert!(target.join("de/verzeichnis.html").is_file());
    assert!(!target.join("alt.txt").exists());
    assert_eq!(again.files, files(&target).len());
    let left: Vec<String> = std::fs::read_dir(share.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["kiz"], "no folder left beside it");

    // Folders a run left beside the site (a crash between its renames)
    // are removed by the next one.
    std::fs::create_dir(share.path().join(".kiz.alt-20261101-090000")).unwrap();
    site::publish(&content, &options, &FallbackFonts::none(), &target).unwrap();
    let left: Vec<String> = std::fs::read_dir(share.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["kiz"], "the leftover removed");

    // A folder with files that is not a site of the app (the portal's own
    // folder chosen by mistake): refused, every file kept.
    let portal = share.path().join("portal");
    std::fs::create_dir(&portal).unwrap();
    std::fs::write(portal.join("impressum.html"), "Impressum").unwrap();
    let refused = site::publish(&content, &options, &FallbackFonts::none(), &portal);
    assert!(
        matches!(&refused, Err(Error::PublishFolderNotSite { .. })),
        "{refused:?}"
    );
    assert_eq!(
        std::fs::read_to_string(portal.join("impressum.html")).unwrap(),
        "Impressum"
    );
    // An empty folder is taken.
    let empty = share.path().join("leer");
    std::fs::create_dir(&empty).unwrap();
    site::publish(&content, &options, &FallbackFonts::none(), &empty).unwrap();
    assert!(empty.join(site::MARKER).is_file());

    // No folder chosen yet: refused as a required field.
    let none = site::publish(&content, &options, &FallbackFonts::none(), Path::new(""));
    assert_eq!(none.unwrap_err().code(), "required");

    // A file as the target, a folder whose parent is missing: refused,
    // nothing written.
    let file = share.path().join("datei.txt");
    std::fs::write(&file, "x").unwrap();
    for bad in [file.clone(), share.path().join("fehlt").join("kiz")] {
        let refused = site::publish(&content, &options, &FallbackFonts::none(), &bad);
        assert!(
            matches!(&refused, Err(Error::PublishFolderInvalid { .. })),
            "{refused:?}"
        );
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    assert!(target.join("ar/katalog.html").is_file(), "the site kept");
}

#[test]
fn the_catalogue_index_is_folded_as_the_app_folds() {
    let mut db = TestStore::file();
    demo::load(&mut db, now()).unwrap();
    let options = SiteOptions::default();
    let content = db
        .read(|s| site::site_content_in(s, &options, now()))
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    site::write_site(&content, &options, &FallbackFonts::none(), out.path()).unwrap();
    let index = std::fs::read_to_string(out.path().join("data/katalog.js")).unwrap();
    let json = index
        .trim()
        .strip_prefix("window.KIZ_CATALOGUE = ")
        .and_then(|s| s.strip_suffix(';'))
        .unwrap();
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    let media = data["media"].as_array().unwrap();
    assert_eq!(media.len(), content.media.len());
    for (row, medium) in media.iter().zip(&content.media) {
        assert_eq!(row[0], medium.title.as_str());
        let folded = row[10].as_str().unwrap();
        assert!(
            folded.starts_with(&kiz::folding::fold_plain(&medium.title)),
            "{folded}"
        );
        assert_eq!(row[9] == 1, medium.on_shelf);
    }
    assert_eq!(data["levels"][1], "A1");
}

fn the_publishing_settings_are_kept_and_bad_ones_change_nothing(db: &mut TestStore) {
    let fresh = db.read(publish::publish_settings_in).unwrap();
    assert_eq!(fresh.folder, "");
    assert_eq!(fresh.options, SiteOptions::default(), "all six, both parts");
    assert_eq!(fresh.last_published_at, None);
    let saved = publish::save_publish_settings(
        db,
        "  P:\\Portal\\kiz  ",
        &SiteOptions {
            languages: vec!["ar".into(), "en".into()],
            catalogue: false,
            directory: true,
        },
    )
    .unwrap();
    assert_eq!(saved.folder, "P:\\Portal\\kiz");
    assert_eq!(
        saved.options.languages,
        ["de", "en", "ar"],
        "German always, in the switch's order"
    );
    assert!(!saved.options.catalogue && saved.options.directory);
    for (options, code) in [
        (
            SiteOptions {
                languages: vec!["ku".into()],
                ..SiteOptions::default()
            },
            "unknown_language_code",
        ),
        (
            SiteOptions {
                catalogue: false,
                directory: false,
                ..SiteOptions::default()
            },
            "required",
        ),
    ] {
        let refused = publish::save_publish_settings(db, "Q:\\anders", &options).unwrap_err();
        assert_eq!(refused.code(), code);
    }
    let long = "x".repeat(kiz::limits::TEXT + 1);
    let refused = publish::save_publish_settings(db, &long, &SiteOptions::default()).unwrap_err();
    assert_eq!(refused.code(), "too_long");
    publish::record_published(db, now()).unwrap();
    let kept = db.read(publish::publish_settings_in).unwrap();
    assert_eq!(
        kept.folder, "P:\\Portal\\kiz",
        "the refused ones changed nothing"
    );
    assert_eq!(kept.options, saved.options);
    assert_eq!(kept.last_published_at, Some(now()));
}
on_both_engines!(the_publishing_settings_are_kept_and_bad_ones_change_nothing);
