//! Writes the sample documents to a folder (default `target/samples`):
//! `cargo xtask samples` runs this and renders the pages to PNG. The set
//! itself is [`kiz::documents::sample::sample_set`], which a test also reads.

use std::path::PathBuf;

use kiz::documents::fonts::FallbackFonts;
use kiz::documents::sample::sample_set;

fn main() -> std::io::Result<()> {
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/samples"));
    std::fs::create_dir_all(&out)?;
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 12)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .expect("valid date");
    let files = sample_set(now, FallbackFonts::system())
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    for (name, pdf) in files {
        let path = out.join(name);
        std::fs::write(&path, &pdf.bytes)?;
        println!(
            "{} ({} pages, {} bytes)",
            path.display(),
            pdf.pages,
            pdf.bytes.len()
        );
        for warning in pdf.warnings() {
            println!("warning: {} {:?}", warning.code, warning.params);
        }
    }
    Ok(())
}
