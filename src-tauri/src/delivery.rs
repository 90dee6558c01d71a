//! Getting a finished document to the user: saved where they choose in a
//! native dialog, or written to the data folder's print folder and opened in
//! the system's PDF program for printing.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::commands::CommandError;
use kiz::documents::Rendered;

/// What the user asked for.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Delivery {
    /// Open in the PDF program (to print).
    Open,
    /// Save where the user picks.
    Save,
}

/// What happened.
#[derive(Debug, Clone, Serialize)]
pub struct Delivered {
    /// "opened", "saved", "written" (stored, but no program could open it)
    /// or "cancelled" (the user closed the dialog: not an error).
    pub outcome: &'static str,
    /// Where the file is.
    pub path: Option<String>,
    /// Notices about the content (characters no font has), shaped like
    /// errors so the UI writes them in the user's language.
    pub warnings: Vec<CommandError>,
}

/// Folder below the data folder for documents opened for printing. It holds
/// personal data, so it stays with the database (not in the shared temp
/// folder) and is emptied of files older than a day at every start.
pub const PRINT_FOLDER: &str = "Ausdrucke";

/// Removes printouts older than a day from the print folder.
pub fn clean_print_folder(data_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(data_dir.join(PRINT_FOLDER)) else {
        return;
    };
    let day = std::time::Duration::from_secs(24 * 60 * 60);
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > day);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn write_error(path: &Path, error: std::io::Error) -> CommandError {
    log::error!("document not written: {error}");
    CommandError::document_not_written(path)
}

/// Writes `bytes` to `path` through a temporary file in the same folder, so
/// a full disk never leaves half a file under the chosen name.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    let temporary = path.with_extension("teilweise");
    std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            write_error(path, e)
        })
}

/// A free name in `folder` for `file_name` ("Liste.pdf", "Liste (2).pdf", ...).
fn free_path(folder: &Path, file_name: &str) -> PathBuf {
    let candidate = folder.join(file_name);
    if !candidate.exists() {
        return candidate;
    }
    (2..)
        .map(|n| folder.join(kiz::file_names::numbered(file_name, n)))
        .find(|p| !p.exists())
        .expect("some numbered name is free")
}

/// Delivers a document the core rendered as the user asked.
pub async fn deliver(
    app: &tauri::AppHandle,
    data_dir: &Path,
    file: Rendered,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let Rendered {
        bytes,
        file_name,
        warnings,
    } = file;
    let warnings: Vec<CommandError> = warnings.into_iter().map(CommandError::from).collect();
    match delivery {
        Delivery::Save => {
            let (sender, receiver) = tauri::async_runtime::channel(1);
            let default_name = file_name.clone();
            let filter_extension = file_name
                .rsplit_once('.')
                .map(|(_, e)| e.to_owned())
                .unwrap_or_default();
            // In debug builds `KIZ_TEST_SAVE_DIR` stands in for the save
            // dialog, which WebDriver cannot drive: the file goes there
            // under its proposed name.
            let test_folder = std::env::var_os("KIZ_TEST_SAVE_DIR")
                .filter(|_| cfg!(debug_assertions))
                .map(std::path::PathBuf::from);
            app.run_on_main_thread(move || {
                if let Some(folder) = test_folder {
                    let _ = sender.try_send(Some(folder.join(&default_name)));
                    return;
                }
                // No title of our own: the system's save dialog names itself
                // in the system's language ("Speichern unter", "Save As").
                let chosen = rfd::FileDialog::new()
                    .set_file_name(&default_name)
                    .add_filter(
                        filter_extension.to_uppercase(),
                        &[filter_extension.as_str()],
                    )
                    .save_file();
                let _ = sender.try_send(chosen);
            })
            .map_err(|_| CommandError::internal())?;
            let mut receiver = receiver;
            let Some(Some(path)) = receiver.recv().await else {
                return Ok(Delivered {
                    outcome: "cancelled",
                    path: None,
                    warnings,
                });
            };
            let bytes_path = path.clone();
            crate::commands::on_blocking_thread(move || write_whole(&bytes_path, &bytes)).await??;
            Ok(Delivered {
                outcome: "saved",
                path: Some(path.display().to_string()),
                warnings,
            })
        }
        Delivery::Open => {
            let folder = data_dir.join(PRINT_FOLDER);
            let path = crate::commands::on_blocking_thread(move || {
                std::fs::create_dir_all(&folder).map_err(|e| write_error(&folder, e))?;
                let path = free_path(&folder, &file_name);
                write_whole(&path, &bytes)?;
                Ok::<_, CommandError>(path)
            })
            .await??;
            let shown = path.display().to_string();
            let outcome = match tauri_plugin_opener::open_path(shown.clone(), None::<&str>) {
                Ok(()) => "opened",
                Err(error) => {
                    log::warn!("no program opened the document: {error}");
                    "written"
                }
            };
            Ok(Delivered {
                outcome,
                path: Some(shown),
                warnings,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_name_gets_a_number() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            free_path(dir.path(), "Liste.pdf"),
            dir.path().join("Liste.pdf")
        );
        std::fs::write(dir.path().join("Liste.pdf"), b"x").unwrap();
        assert_eq!(
            free_path(dir.path(), "Liste.pdf"),
            dir.path().join("Liste (2).pdf")
        );
    }

    #[test]
    fn a_whole_file_replaces_nothing_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("no-such-folder").join("x.pdf");
        let error = write_whole(&target, b"%PDF").unwrap_err();
        assert_eq!(error.code, "document_not_written");
        assert_eq!(
            error.params.get("path"),
            Some(&kiz::error::Param::Text(target.display().to_string())),
            "the text names the file"
        );
        assert!(!target.exists());
    }

    #[test]
    fn old_printouts_are_removed_and_new_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(PRINT_FOLDER);
        std::fs::create_dir_all(&folder).unwrap();
        let old = folder.join("alt.pdf");
        let new = folder.join("neu.pdf");
        std::fs::write(&old, b"x").unwrap();
        std::fs::write(&new, b"x").unwrap();
        let two_days_ago =
            std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 24 * 3600);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(two_days_ago)
            .unwrap();
        clean_print_folder(dir.path());
        assert!(!old.exists(), "a printout older than a day is removed");
        assert!(new.exists(), "today's printout stays");
    }
}
