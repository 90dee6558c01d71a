//! The commands the window may call. Each parses its arguments, takes the
//! database from the state, calls one core function and maps the error
//! (the backup commands also order a few core steps; see their docs).

pub mod app;
pub mod backup;
pub mod catalogue;
pub mod database;
pub mod directory;
pub mod documents;
pub mod events;
pub mod import;
pub mod lending;
pub mod organisations;
pub mod people;
pub mod privacy;
pub mod publish;
pub mod reports;
pub mod settings;
pub mod update;

use std::sync::{Arc, Mutex, PoisonError};

use std::collections::BTreeMap;

use serde::Serialize;

use crate::delivery::{deliver, Delivered, Delivery};
use crate::state::AppState;
use kiz::documents::fonts::FallbackFonts;
use kiz::documents::{DocumentRequest, PrintContext};
use kiz::error::Param;
use kiz::store::Store;
use kiz::Db;

/// What the UI receives when a command fails: `{ code, field, params }`.
/// The UI branches on `code`, writes the sentence for it in the user's
/// language from `ui/i18n/` (`errors.<code>`) with the `params` filled in,
/// and shows it next to `field` if set. No sentence crosses this boundary.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CommandError {
    /// Stable snake-case code.
    pub code: String,
    /// The form field the error belongs to.
    pub field: Option<String>,
    /// Typed details the UI's text for `code` names (`max`, `room`, `due`).
    pub params: BTreeMap<String, Param>,
}

impl From<kiz::Error> for CommandError {
    fn from(error: kiz::Error) -> Self {
        match &error {
            kiz::Error::Sqlite(_)
            | kiz::Error::Io(_)
            | kiz::Error::Postgres { .. }
            | kiz::Error::StoredValueUnexpected { .. } => {
                log::error!("{}: {error}", error.code());
            }
            _ => log::info!("refused: {}", error.code()),
        }
        CommandError {
            code: error.code().to_owned(),
            field: error.field().map(str::to_owned),
            params: error
                .params()
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        }
    }
}

impl From<kiz::documents::Notice> for CommandError {
    fn from(notice: kiz::documents::Notice) -> Self {
        CommandError {
            code: notice.code.to_owned(),
            field: None,
            params: notice
                .params
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        }
    }
}

impl CommandError {
    /// An error of the shell's own, with no field.
    fn shell(code: &str, params: BTreeMap<String, Param>) -> Self {
        CommandError {
            code: code.into(),
            field: None,
            params,
        }
    }

    /// A failure inside the app itself (a panic in a command).
    pub fn internal() -> Self {
        Self::shell("internal", BTreeMap::new())
    }

    /// A document that could not be written to `path`.
    pub fn document_not_written(path: &std::path::Path) -> Self {
        Self::shell(
            "document_not_written",
            BTreeMap::from([("path".into(), Param::Text(path.display().to_string()))]),
        )
    }

    /// No mail program could be opened for a reminder.
    pub fn no_mail_program() -> Self {
        Self::shell("no_mail_program", BTreeMap::new())
    }

    /// The downloaded update does not match its signature (a changed file
    /// or a false signature): nothing was installed.
    pub fn update_signature_invalid() -> Self {
        Self::shell("update_signature_invalid", BTreeMap::new())
    }

    /// The update could not be downloaded completely.
    pub fn update_download_failed() -> Self {
        Self::shell("update_download_failed", BTreeMap::new())
    }

    /// "Jetzt aktualisieren" with no verified download waiting.
    pub fn update_not_ready() -> Self {
        Self::shell("update_not_ready", BTreeMap::new())
    }

    /// Installing from within the app works on Windows only.
    pub fn update_install_unsupported() -> Self {
        Self::shell("update_install_unsupported", BTreeMap::new())
    }

    /// The installer could not be started; the app goes on as it was.
    pub fn update_install_failed() -> Self {
        Self::shell("update_install_failed", BTreeMap::new())
    }

    /// A command kept the database longer than closing it for the update
    /// may wait: nothing was installed, the app goes on.
    pub fn update_database_busy() -> Self {
        Self::shell("update_database_busy", BTreeMap::new())
    }

    /// The database was closed because the update is being installed.
    pub fn update_installing() -> Self {
        Self::shell("update_installing", BTreeMap::new())
    }

    /// This PC works on the shared database, and the credential store
    /// holds no password for it: IT connects again in Einstellungen →
    /// Datenbank.
    pub fn server_password_missing(settings: &kiz::db::server::ServerSettings) -> Self {
        Self::shell(
            "server_password_missing",
            BTreeMap::from([("server".into(), Param::Text(settings.label()))]),
        )
    }

    /// The backup page on a PC that works on the shared database: the
    /// server is backed up by IT, not by the app.
    pub fn backups_by_it(settings: &kiz::db::server::ServerSettings) -> Self {
        Self::shell(
            "backups_by_it",
            BTreeMap::from([("server".into(), Param::Text(settings.label()))]),
        )
    }

    /// This PC already works on the shared database.
    pub fn already_on_server() -> Self {
        Self::shell("already_on_server", BTreeMap::new())
    }

    /// "Mit dem Server verbinden" to a database that holds no data yet.
    pub fn server_empty(settings: &kiz::db::server::ServerSettings) -> Self {
        Self::shell(
            "server_empty",
            BTreeMap::from([("server".into(), Param::Text(settings.label()))]),
        )
    }

    /// The system's credential store is not there or refused the password:
    /// the app does not keep it anywhere else.
    pub fn credential_store_unavailable() -> Self {
        Self::shell("credential_store_unavailable", BTreeMap::new())
    }

    /// Every error a command can send: each of the core's examples
    /// ([`kiz::error::examples`]), each of the shell's own above, and each
    /// wording of the notices about a document
    /// ([`kiz::documents::Notice::examples`]), so that the i18n test can
    /// check that each has its texts.
    pub fn examples() -> Vec<CommandError> {
        let example_server = kiz::db::server::ServerSettings {
            host: "kiz-db.rhein-sieg-kreis.de".into(),
            port: 5432,
            database: "kiz".into(),
            role: "kiz_desk".into(),
            ca_file: None,
        };
        kiz::error::examples()
            .into_iter()
            .map(CommandError::from)
            .chain([
                Self::internal(),
                Self::document_not_written(std::path::Path::new("D:\\Ausdrucke\\Liste.pdf")),
                Self::no_mail_program(),
                Self::update_signature_invalid(),
                Self::update_download_failed(),
                Self::update_not_ready(),
                Self::update_install_unsupported(),
                Self::update_install_failed(),
                Self::update_installing(),
                Self::update_database_busy(),
                Self::server_password_missing(&example_server),
                Self::credential_store_unavailable(),
                Self::already_on_server(),
                Self::backups_by_it(&example_server),
                Self::server_empty(&example_server),
            ])
            .chain(
                kiz::documents::Notice::examples()
                    .into_iter()
                    .map(CommandError::from),
            )
            .collect()
    }
}

/// Runs `f` with the database file on a blocking thread, so SQLite never
/// blocks the window's event loop. Waits there until the start-up check
/// has run. For the steps that belong to the file (its backups and their
/// restore): while this PC works on the shared database they are refused
/// ([`kiz::Error::FileOnly`]).
pub(crate) async fn with_db<T, F>(state: &AppState, f: F) -> Result<T, CommandError>
where
    T: Send + 'static,
    F: FnOnce(&mut Db) -> kiz::Result<T> + Send + 'static,
{
    with_store(state, move |store| f(store.file()?)).await
}

/// A command's work on the database, with its answer boxed: every command
/// hands the blocking thread the same type, so the runtime's task code
/// exists once instead of once per command (a task type per closure type
/// came to about 1 MB of the executable, on Windows as on Linux; issue 21).
type StoreJob = Box<dyn FnOnce(&mut Store) -> kiz::Result<Answer> + Send>;
/// The same for the work on this PC's own file.
type FileJob = Box<dyn FnOnce(&mut Db) -> kiz::Result<Answer> + Send>;
/// A command's answer on its way back from the blocking thread.
type Answer = Box<dyn std::any::Any + Send>;

/// Runs `f` on a blocking thread (file and database work never blocks the
/// window's event loop) and returns its answer; a panic in `f` comes back
/// as the internal error. All work goes through one boxed closure type, so
/// the runtime's task code exists once (see [`StoreJob`]).
pub(crate) async fn on_blocking_thread<T, F>(f: F) -> Result<T, CommandError>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    unbox(run_blocking(Box::new(move || Box::new(f()) as Answer)).await?)
}

/// [`on_blocking_thread`]'s one blocking task.
async fn run_blocking(job: Box<dyn FnOnce() -> Answer + Send>) -> Result<Answer, CommandError> {
    tauri::async_runtime::spawn_blocking(job)
        .await
        .map_err(|_| CommandError::internal())
}

/// Unboxes what a boxed job ([`StoreJob`], [`FileJob`],
/// [`on_blocking_thread`]) answered. The type is the one
/// the job was made with, so the check cannot fail; if it did, the window
/// would get the internal error, never a panic.
fn unbox<T: 'static>(answer: Answer) -> Result<T, CommandError> {
    answer
        .downcast::<T>()
        .map(|value| *value)
        .map_err(|_| CommandError::internal())
}

/// Runs `f` on a blocking thread with the database this PC works on: the
/// shared database when it works on one (connecting first if needed),
/// else the file (after its start-up check).
pub(crate) async fn with_store<T, F>(state: &AppState, f: F) -> Result<T, CommandError>
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> kiz::Result<T> + Send + 'static,
{
    let job: StoreJob = Box::new(move |store| f(store).map(|value| Box::new(value) as Answer));
    unbox(run_store_job(state, job).await?)
}

/// [`with_store`]'s one blocking task.
async fn run_store_job(state: &AppState, job: StoreJob) -> Result<Answer, CommandError> {
    if let Some(why) = state.shared_error() {
        return Err(why);
    }
    let slot = state.db_slot();
    on_blocking_thread(move || {
        if let Some(shared) = slot.shared() {
            return shared.with(|server| job(&mut Store::Server(server)));
        }
        let db: Arc<Mutex<Db>> = slot.get()?;
        // A panic inside a command leaves the mutex poisoned; the transaction
        // it held was rolled back on unwind, so the connection is sound.
        let mut guard = db.lock().unwrap_or_else(PoisonError::into_inner);
        // The data moved to the server while this command waited for the
        // file (the move holds it until the switch): it runs there.
        if let Some(shared) = slot.shared() {
            drop(guard);
            return shared.with(|server| job(&mut Store::Server(server)));
        }
        job(&mut Store::File(&mut guard)).map_err(CommandError::from)
    })
    .await?
}

/// Runs `f` on a blocking thread with this PC's own file, also while the
/// PC works on the shared database (then the file kept from before the
/// move, or the empty one a joining PC started with): for what belongs to
/// the PC, not to the data all PCs share, such as the language of its
/// window. Works while the server is not reached.
pub(crate) async fn with_this_pcs_file<T, F>(state: &AppState, f: F) -> Result<T, CommandError>
where
    T: Send + 'static,
    F: FnOnce(&mut Db) -> kiz::Result<T> + Send + 'static,
{
    let job: FileJob = Box::new(move |db| f(db).map(|value| Box::new(value) as Answer));
    unbox(run_file_job(state, job).await?)
}

/// [`with_this_pcs_file`]'s one blocking task.
async fn run_file_job(state: &AppState, job: FileJob) -> Result<Answer, CommandError> {
    let slot = state.db_slot();
    on_blocking_thread(move || {
        let db: Arc<Mutex<Db>> = slot.get()?;
        let mut guard = db.lock().unwrap_or_else(PoisonError::into_inner);
        job(&mut guard).map_err(CommandError::from)
    })
    .await?
}

/// Fault injection for the end-to-end test of the panic path: in debug
/// builds, `KIZ_TEST_PANIC=<command>` makes that command panic inside the
/// database worker. Release builds ignore the variable.
pub(crate) fn injected_panic(command: &str) {
    if cfg!(debug_assertions) && std::env::var("KIZ_TEST_PANIC").is_ok_and(|v| v == command) {
        panic!("injected panic in {command} (KIZ_TEST_PANIC)");
    }
}

/// The moment a command acts at: the computer's local time. The shell is
/// the only place that reads the clock; the core gets it as an argument.
///
/// `KIZ_NOW` (`2026-11-12T09:30:00`) fixes it for the end-to-end tests, so
/// due dates in them do not depend on the day the tests run.
///
/// In debug builds `KIZ_NOW_FILE` names a file holding such a moment, read
/// at every call: the end-to-end test of the app left open past midnight
/// moves the clock by rewriting it. Release builds ignore it.
pub(crate) fn now() -> chrono::NaiveDateTime {
    let parse = |v: &str| chrono::NaiveDateTime::parse_from_str(v.trim(), "%Y-%m-%dT%H:%M:%S").ok();
    let from_file = || {
        std::env::var_os("KIZ_NOW_FILE")
            .filter(|_| cfg!(debug_assertions))
            .and_then(|file| std::fs::read_to_string(file).ok())
            .and_then(|v| parse(&v))
    };
    from_file()
        .or_else(|| std::env::var("KIZ_NOW").ok().and_then(|v| parse(&v)))
        .unwrap_or_else(|| chrono::Local::now().naive_local())
}

/// This PC's name, as a saved record names the workstation that saved it
/// (`updated_by`, issue 22): Windows' computer name (`COMPUTERNAME`, which
/// Windows always sets), else the host name the system reports; empty when
/// neither is known. Staff have no logins, so the PC is the "who" a
/// colleague can act on ("the desk saved it at 10:42").
pub(crate) fn workstation() -> &'static str {
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NAME.get_or_init(|| {
        let from_env = std::env::var("COMPUTERNAME").ok();
        let from_system = || {
            ["/proc/sys/kernel/hostname", "/etc/hostname"]
                .iter()
                .find_map(|file| std::fs::read_to_string(file).ok())
        };
        from_env
            .or_else(from_system)
            .map(|name| name.trim().chars().take(64).collect())
            .unwrap_or_default()
    })
}

/// Today, by [`now`].
pub(crate) fn today() -> chrono::NaiveDate {
    now().date()
}

/// What the core's printouts need from outside: now, by [`now`], and the
/// system's fallback fonts. Call it on the database worker: looking for the
/// fonts reads folders.
pub(crate) fn print_context() -> PrintContext {
    PrintContext {
        now: now(),
        fallbacks: FallbackFonts::system(),
        language: None,
    }
}

/// Renders a document in the core and delivers it: saved where the user
/// picks or opened for printing.
pub(crate) async fn print(
    app: &tauri::AppHandle,
    state: &AppState,
    request: DocumentRequest,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    // Every document prints on either engine, in this PC's language (on
    // the shared database the language is each PC's own).
    let language = with_this_pcs_file(state, |db| kiz::settings::ui_language(db))
        .await
        .ok();
    let file = with_store(state, move |store| {
        let context = PrintContext {
            language,
            ..print_context()
        };
        kiz::documents::render_on(store, &request, &context)
    })
    .await?;
    deliver(app, state.data_dir(), file, delivery).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_comes_back_as_the_type_it_was_made_with_and_a_wrong_one_is_an_error() {
        let answer: Answer = Box::new(vec![String::from("Ayşe")]);
        assert_eq!(unbox::<Vec<String>>(answer), Ok(vec!["Ayşe".to_owned()]));
        let answer: Answer = Box::new(7_i64);
        assert_eq!(unbox::<String>(answer), Err(CommandError::internal()));
    }

    #[test]
    fn work_on_the_blocking_thread_answers_and_a_panic_there_is_the_internal_error() {
        let answer = tauri::async_runtime::block_on(on_blocking_thread(|| 6 * 7));
        assert_eq!(answer, Ok(42));
        let panicked: Result<(), CommandError> =
            tauri::async_runtime::block_on(on_blocking_thread(|| panic!("in the job")));
        assert_eq!(panicked, Err(CommandError::internal()));
    }
}
