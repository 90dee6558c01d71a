//! The release profile keeps what the shipped app relies on (issue 21,
//! point 4: the executable was made small without giving this up).

/// Panics unwind in the release build: a panic in a command becomes the
/// `internal` error and the German message while the app goes on
/// (`src-tauri/src/commands/mod.rs`, the panic hook in
/// `src-tauri/src/lib.rs`), and the import catches a panic in a damaged
/// workbook. With `panic = "abort"` the process would end at the first one;
/// the window test of the message runs on a debug build, which unwinds
/// whatever this file says.
#[test]
fn the_release_build_unwinds_panics() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let text = std::fs::read_to_string(path).expect("the workspace's Cargo.toml");
    let manifest: toml::Table = toml::from_str(&text).expect("valid TOML");
    let release = manifest
        .get("profile")
        .and_then(|p| p.get("release"))
        .expect("a [profile.release]");
    assert_eq!(
        release.get("panic").and_then(|v| v.as_str()),
        Some("unwind"),
        "[profile.release] keeps panic = \"unwind\""
    );
}
