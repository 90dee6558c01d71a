//! A hello-world Tauri window: one page with a heading. When the page has
//! painted its first frame it says so, and the app prints
//! `painted <milliseconds since 1970>` on standard output for the start-up
//! benchmark of `cargo xtask bench`, with the moments the breakdown in the
//! benchmark's notes compares (setup, the page's script and frames).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::io::Write;

/// The app's choice of painter on Linux, so both windows paint alike.
#[cfg(target_os = "linux")]
#[path = "../../../src-tauri/src/painter.rs"]
mod painter;

#[tauri::command]
fn painted(at: f64, marks: String) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "painted {at:.0}");
    let _ = writeln!(out, "page: {marks}");
    let _ = out.flush();
}

fn main() {
    let started = std::time::Instant::now();
    #[cfg(target_os = "linux")]
    painter::choose();
    if let Err(error) = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![painted])
        .setup(move |_| {
            println!(
                "setup began {} ms after the start",
                started.elapsed().as_millis()
            );
            Ok(())
        })
        .run(tauri::generate_context!())
    {
        eprintln!("the reference window could not run: {error}");
        std::process::exit(1);
    }
}
