//! The public site written from the catalogue benchmark's Mediathek
//! (100,000 media, 150,000 copies; issue 24): how long reading the data and
//! writing the site in all six languages take, and how big the site and its
//! catalogue index are. Twenty organisations with offerings are added and
//! published, so the directory's pages and booklets are part of the figure.
//! `KIZ_BENCH_DB=<file>` reuses the catalogue benchmark's file (copied
//! first); `KIZ_BENCH_SITE_DIR=<folder>` keeps the site there, for the
//! browser's search benchmark (`src-tauri/tests/site.rs`, run by
//! `cargo xtask bench`). Run with `cargo bench -p kiz --bench site`.

mod common;

use std::path::Path;
use std::time::Instant;

use chrono::{NaiveDate, NaiveDateTime};
use kiz::db::engine::Engine;
use kiz::documents::fonts::FallbackFonts;
use kiz::organisations::{self as orgs, OfferingInput, OrganisationInput};
use kiz::publish::site::{self, SiteOptions};
use kiz::publish::{self, PublicField, PublicText, PublicationInput};
use kiz::Db;

const MEDIA: usize = 100_000;
const COPIES: usize = 150_000;
const BORROWERS: usize = 5_000;
const ORGANISATIONS: usize = 20;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 12)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("valid time")
}

fn size_of(dir: &Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).expect("a folder").flatten() {
        let path = entry.path();
        total += if path.is_dir() {
            size_of(&path)
        } else {
            entry.metadata().map(|m| m.len()).unwrap_or(0)
        };
    }
    total
}

fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("kiz-desk.sqlite");
    let kept = std::env::var_os("KIZ_BENCH_DB").map(std::path::PathBuf::from);
    if let Some(source) = kept.as_ref().filter(|p| p.exists()) {
        println!("site benchmark: reused {}", source.display());
        std::fs::copy(source, &path).expect("copy the file");
    } else {
        let memory = common::mediathek(MEDIA, COPIES, BORROWERS);
        memory.vacuum_into(&path).expect("write the file");
    }
    let mut db = Db::open(&path).expect("open the file");
    let kind = db
        .read_sql(orgs::offering_kinds_in)
        .expect("kinds")
        .first()
        .expect("a kind")
        .id;
    for n in 0..ORGANISATIONS {
        let created = orgs::create_organisation(
            &mut db,
            &OrganisationInput {
                name: format!("Verein {n} für Bildung und Begegnung"),
                municipality: "Siegburg".into(),
                languages: vec!["de".into(), "ar".into(), "tr".into()],
                website: format!("www.verein-{n}.example"),
                ..OrganisationInput::default()
            },
            now(),
        )
        .expect("an organisation");
        for offering in 0..3 {
            orgs::save_offering(
                &mut db,
                created.id,
                None,
                &OfferingInput {
                    kind_id: kind,
                    title: format!("Angebot {offering}"),
                    schedule: "dienstags 18–20 Uhr".into(),
                    place: "Gemeindehaus".into(),
                    active: true,
                    ..OfferingInput::default()
                },
                now(),
                "BENCH",
            )
            .expect("an offering");
        }
        publish::save_publication(
            &mut db,
            created.id,
            &PublicationInput {
                published: true,
                fields: PublicField::ALL.to_vec(),
                texts: vec![PublicText {
                    language: "de".into(),
                    body: "Wir bieten Kurse, Beratung und Begegnung für Familien.".into(),
                }],
                version: None,
            },
            now(),
            "BENCH",
        )
        .expect("published");
    }

    let options = SiteOptions::default();
    let started = Instant::now();
    let content = db
        .read_sql(|sql| site::site_content_in(sql, &options, now()))
        .expect("the content");
    let read = started.elapsed();
    let target = match std::env::var_os("KIZ_BENCH_SITE_DIR") {
        Some(folder) => std::path::PathBuf::from(folder),
        None => dir.path().join("site"),
    };
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).expect("the site's parent folder");
    }
    // The benchmark's own folder: a site from an earlier build may lack
    // the marker the swap asks for.
    let _ = std::fs::remove_dir_all(&target);
    let started = Instant::now();
    let summary = site::publish(&content, &options, &FallbackFonts::system(), &target)
        .expect("the site written");
    let written = started.elapsed();
    let index = std::fs::metadata(target.join("data/katalog.js"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "public site: {} media, {} organisations, {} languages",
        summary.media,
        summary.organisations,
        summary.languages.len()
    );
    println!(
        "  reading the data        {:>8.0} ms",
        read.as_secs_f64() * 1000.0
    );
    println!(
        "  writing and swapping in {:>8.0} ms   ({} files)",
        written.as_secs_f64() * 1000.0,
        summary.files
    );
    println!(
        "  size                    {:>8.1} MB   (catalogue index {:.1} MB)",
        size_of(&target) as f64 / 1e6,
        index as f64 / 1e6
    );
    println!("  written to {}", target.display());
}
