//! KIZ Desk's shell: finds the data folder, makes sure one process works on
//! it, opens the database through the core, and serves the static UI with
//! the commands in [`commands`]. No rule of the domain lives here; the shell
//! decides only when core steps run (at start, the daily backup).

pub mod commands;
pub mod data_dir;
pub mod delivery;
pub mod instance;
mod live;
#[cfg(target_os = "linux")]
mod painter;
mod shared;
pub mod shell_events;
mod state;
pub mod update;

use std::path::Path;
use std::sync::OnceLock;

use tauri::Manager;
use tauri_plugin_log::{RotationStrategy, Target, TargetKind, TimezoneStrategy};

use commands::CommandError;
use state::AppState;

/// Set `KIZ_DEMO=1` to fill an empty database with demo data on start
/// (`cargo xtask run` does, on its own demo folder).
pub const ENV_DEMO: &str = "KIZ_DEMO";

/// The folder below the data folder that holds the log files.
const LOG_FOLDER: &str = "logs";
/// The log file's name without `.log` (rotated files add the moment).
const LOG_FILE: &str = "kiz-desk";

/// The running app, for the panic hook.
static APP: OnceLock<tauri::AppHandle> = OnceLock::new();

/// When `run` began, for the start-up time in the log.
static STARTED: OnceLock<std::time::Instant> = OnceLock::new();

/// Milliseconds since [`run`] began (for the start-up times in the log).
pub fn since_start() -> u128 {
    STARTED
        .get()
        .map(|s| s.elapsed().as_millis())
        .unwrap_or_default()
}

/// Starts the app and returns when its window is closed.
pub fn run() {
    let _ = STARTED.set(std::time::Instant::now());
    // Before any thread or window: WebKitGTK reads it when it starts.
    #[cfg(target_os = "linux")]
    painter::choose();
    let data_dir = data_dir::resolve();
    let guard = match instance::start(&data_dir) {
        instance::Start::First(guard) => Some(guard),
        instance::Start::HandedOver => {
            eprintln!(
                "KIZ Desk läuft bereits mit {}: Fenster nach vorn geholt.",
                data_dir.display()
            );
            return;
        }
        instance::Start::InUse => {
            folder_in_use_dialog(&data_dir);
            std::process::exit(2);
        }
        instance::Start::Unchecked => None,
    };

    let log_dir = data_dir.join(LOG_FOLDER);
    install_panic_hook();

    let result = tauri::Builder::default()
        .plugin(log_plugin(&log_dir))
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(shell_events::ShellEvents::default())
        .invoke_handler(tauri::generate_handler![
            commands::privacy::consent_versions,
            commands::privacy::statistics,
            commands::reports::report_figures,
            commands::events::get_participant,
            commands::events::update_participant,
            commands::privacy::privacy_overview,
            commands::privacy::save_retention_rules,
            commands::privacy::add_consent_text,
            commands::privacy::mark_consent_text_checked,
            commands::privacy::delete_proposed,
            commands::privacy::linked_records,
            commands::privacy::erase_person,
            commands::privacy::access_report_candidates,
            commands::privacy::access_report,
            commands::privacy::consent_form,
            commands::backup::backup_overview,
            commands::backup::save_backup_settings,
            commands::backup::backup_now,
            commands::backup::restore_backup,
            commands::backup::pick_backup_file,
            commands::import::import_pick_file,
            commands::import::import_mapping,
            commands::import::import_check,
            commands::import::import_run,
            commands::import::import_progress,
            commands::import::import_cancel,
            commands::import::export_all_data,
            commands::import::import_report,
            commands::backup::backup_plan,
            commands::backup::keep_safety_copy,
            commands::backup::recover_database,
            commands::events::update_event,
            commands::events::update_workshop,
            commands::events::delete_workshop,
            commands::events::event_options,
            commands::events::list_events,
            commands::events::create_event,
            commands::events::get_event,
            commands::events::archive_event,
            commands::events::delete_event,
            commands::events::create_workshop,
            commands::events::get_workshop,
            commands::events::registration_page,
            commands::events::set_workshop_capacity,
            commands::events::find_participants,
            commands::events::register_participant,
            commands::events::cancel_registration,
            commands::events::move_up_registration,
            commands::events::check_in,
            commands::events::check_in_code,
            commands::events::undo_check_in,
            commands::events::walk_in,
            commands::events::mark_no_shows,
            commands::events::event_document,
            commands::app::app_status,
            commands::app::first_screen_painted,
            commands::app::shell_events,
            commands::app::start_check,
            commands::update::update_status,
            commands::update::update_check,
            commands::update::update_install,
            commands::app::load_demo_data,
            commands::settings::get_settings,
            commands::database::database_location,
            commands::database::test_server_connection,
            commands::database::move_to_server,
            commands::database::connect_to_server,
            commands::database::server_connection,
            commands::database::pick_ca_file,
            commands::settings::save_institution,
            commands::settings::set_ui_language,
            commands::settings::set_slip_format,
            commands::settings::set_report_min_count,
            commands::settings::save_list_sort,
            commands::organisations::list_organisations,
            commands::documents::print_test_page,
            commands::documents::print_labels,
            commands::documents::print_package_cards,
            commands::documents::print_borrower_card,
            commands::documents::print_annual_report,
            commands::catalogue::catalogue_options,
            commands::catalogue::search_media,
            commands::catalogue::get_medium,
            commands::catalogue::next_in_series,
            commands::catalogue::save_medium,
            commands::catalogue::add_media_kind,
            commands::catalogue::add_copy,
            commands::catalogue::change_copy_status,
            commands::catalogue::update_copy,
            commands::catalogue::copy_page,
            commands::settings::numbering_patterns,
            commands::settings::preview_numbering_patterns,
            commands::settings::save_numbering_patterns,
            commands::people::search_borrowers,
            commands::people::get_borrower,
            commands::people::save_borrower,
            commands::people::set_borrower_blocked,
            commands::lending::desk_scan,
            commands::lending::desk_act,
            commands::lending::borrower_at_desk,
            commands::lending::borrower_suggestions,
            commands::lending::course_packages,
            commands::lending::save_course_package,
            commands::lending::delete_course_package,
            commands::lending::lend_package,
            commands::lending::lend_class_set,
            commands::lending::workshop_material,
            commands::lending::medium_material,
            commands::lending::reserve_workshop_material,
            commands::lending::remove_workshop_material,
            commands::lending::lend_workshop_material,
            commands::lending::checkout,
            commands::lending::checkin,
            commands::lending::renew,
            commands::lending::mark_lost,
            commands::lending::reserve,
            commands::lending::cancel_reservation,
            commands::lending::list_reservations,
            commands::lending::overdue_loans,
            commands::lending::overdue_page,
            commands::lending::send_reminder,
            commands::lending::sent_reminders,
            commands::lending::print_reminder_copy,
            commands::lending::open_mail,
            commands::lending::print_loan_slip,
            commands::lending::print_return_receipt,
            commands::lending::get_lending_settings,
            commands::lending::save_lending_settings,
            commands::directory::directory_options,
            commands::directory::search_organisations,
            commands::directory::get_organisation,
            commands::publish::organisation_publication,
            commands::publish::save_publication,
            commands::publish::publish_settings,
            commands::publish::save_publish_settings,
            commands::publish::pick_publish_folder,
            commands::publish::publish_site,
            commands::publish::preview_site,
            commands::publish::set_contact_public_consent,
            commands::directory::save_organisation,
            commands::directory::set_organisation_archived,
            commands::directory::delete_organisation,
            commands::directory::add_member_count,
            commands::directory::add_timeline_note,
            commands::directory::correct_timeline_note,
            commands::directory::save_offering,
            commands::directory::delete_offering,
            commands::directory::add_directory_kind,
            commands::directory::save_contact,
            commands::directory::end_contact_role,
            commands::directory::find_contacts,
            commands::directory::add_contact_role,
            commands::directory::update_contact_role,
            commands::directory::list_projects,
            commands::directory::get_project,
            commands::directory::save_project,
            commands::directory::get_working_group,
            commands::directory::create_working_group,
            commands::directory::join_working_group,
            commands::directory::leave_working_group,
            commands::directory::get_meeting,
            commands::directory::save_meeting,
            commands::directory::set_attendees,
            commands::directory::attendance_year,
            commands::directory::add_decision,
            commands::directory::add_action,
            commands::directory::set_action_done,
            commands::directory::print_meeting,
            commands::directory::export_directory,
            commands::directory::mailing_list,
            commands::directory::saved_filters,
            commands::directory::save_directory_filter,
            commands::directory::delete_directory_filter,
        ])
        .setup(move |app| {
            let _ = APP.set(app.handle().clone());
            log::info!(
                "KIZ Desk {} started; data folder {}; setup began {} ms after the start",
                app.package_info().version,
                data_dir.display(),
                since_start()
            );
            if let Some(guard) = guard {
                let handle = app.handle().clone();
                guard.serve(move || bring_to_front(&handle));
            }
            delivery::clean_print_folder(&data_dir);
            open_state(app.handle(), &data_dir, log_dir.clone());
            // The check at start (at most once a day), in the background.
            update::setup(app.handle(), &data_dir);
            // The day's backup, in the background so the window opens at
            // once; looked for again every few minutes while the app runs.
            let handle = app.handle().clone();
            std::thread::spawn(move || commands::backup::daily_backups(&handle));
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(error) = result {
        log::error!("the app could not run: {error}");
        eprintln!("KIZ Desk konnte nicht gestartet werden: {error}");
        std::process::exit(1);
    }
}

/// How long the start-up check waits for the window's first screen before
/// it starts anyway.
const CHECK_WAITS_FOR_PAINT: std::time::Duration = std::time::Duration::from_millis(1500);

/// Makes the app's state. An existing file of this version (or none at
/// all) is checked and opened in the background: the window draws its
/// first screen from a read-only first look meanwhile, and every command
/// that uses the database waits for the check. A file to upgrade, or one
/// to fill with demo data, is opened before the window is shown.
fn open_state(app: &tauri::AppHandle, data_dir: &Path, log_dir: std::path::PathBuf) {
    open_file_state(app, data_dir, log_dir);
    open_shared(app, data_dir);
}

/// When the data folder's choice file names a shared database, the
/// commands work on it from the start (connecting at the first command),
/// and the live view listens. A choice file that cannot be read keeps the
/// app from working at all rather than on the file.
fn open_shared(app: &tauri::AppHandle, data_dir: &Path) {
    let state = app.state::<AppState>();
    match shared::read_choice(data_dir) {
        Ok(None) => {}
        Ok(Some(settings)) => {
            log::info!("this PC works on the shared database {}", settings.label());
            let password = shared::stored_password(&settings);
            let shared = state.set_shared(shared::Shared::new(settings, password, None));
            live::start(app, state.db_slot(), shared);
        }
        Err(error) => {
            log::error!("choice file: {error}");
            state.set_shared_error(CommandError::from(error));
        }
    }
}

/// The state on the file: see [`open_state`].
fn open_file_state(app: &tauri::AppHandle, data_dir: &Path, log_dir: std::path::PathBuf) {
    let database_file = data_dir.join(data_dir::DATABASE_FILE);
    let on_network = data_dir::is_on_network_drive(data_dir);
    if on_network {
        log::warn!("data folder is on a network drive");
    }
    let wants_demo = std::env::var(ENV_DEMO).is_ok_and(|v| v == "1");
    let Some(look) = first_look(&database_file, wants_demo) else {
        let db = open_database(&database_file, wants_demo);
        app.manage(AppState::new(
            db,
            data_dir.to_path_buf(),
            database_file,
            log_dir,
            on_network,
        ));
        log::info!("state ready {} ms after the start", since_start());
        return;
    };
    app.manage(AppState::checking(
        look,
        data_dir.to_path_buf(),
        database_file.clone(),
        log_dir,
        on_network,
    ));
    log::info!(
        "state ready {} ms after the start; the database is checked in the background",
        since_start()
    );
    let handle = app.clone();
    std::thread::spawn(move || {
        let state = handle.state::<AppState>();
        // The check reads the whole file: it waits for the first screen
        // (at most a moment), so that it does not compete with drawing it.
        // The desk cannot act before either: its commands wait for the check.
        state.wait_for_first_screen(CHECK_WAITS_FOR_PAINT);
        // In debug builds `KIZ_TEST_CHECK_DELAY_MS` makes the check late, for
        // the end-to-end test of what the window does meanwhile.
        if let Some(delay) = std::env::var("KIZ_TEST_CHECK_DELAY_MS")
            .ok()
            .filter(|_| cfg!(debug_assertions))
            .and_then(|v| v.parse().ok())
        {
            std::thread::sleep(std::time::Duration::from_millis(delay));
        }
        // A panic on the way (caught here, after the panic hook logged it and
        // told the window) must not leave the commands waiting for ever:
        // the database stays closed, as when the check fails.
        let db = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            open_database(&database_file, wants_demo)
        }))
        .unwrap_or_else(|_| Err(CommandError::internal()));
        state.finish_check(db);
    });
}

/// What the first screen needs, read from the file without changing it,
/// when the file can be checked in the background: it is of this version
/// (or there is none yet), and no demo data is to be loaded into it.
fn first_look(database_file: &Path, wants_demo: bool) -> Option<state::FirstLook> {
    match kiz::Db::look_before_check(database_file) {
        Ok(kiz::db::Look::NoFile) if !wants_demo => Some(state::FirstLook {
            ui_language: kiz::settings::UiLanguage::De.code().into(),
            empty: true,
        }),
        Ok(kiz::db::Look::Current(db)) => {
            let empty = kiz::demo::is_empty(&db).ok()?;
            if empty && wants_demo {
                return None;
            }
            let language = kiz::settings::ui_language(&db).ok()?;
            Some(state::FirstLook {
                ui_language: language.code().into(),
                empty,
            })
        }
        _ => None,
    }
}

/// Checks and opens the database, on request loads demo data into an empty
/// one, ends reservations whose pickup deadline has passed and applies the
/// retention rules.
fn open_database(database_file: &Path, wants_demo: bool) -> Result<kiz::Db, CommandError> {
    let began = std::time::Instant::now();
    let db = kiz::Db::open(database_file).map_err(|error| {
        log::error!("database not opened: {} ({error})", error.code());
        CommandError::from(error)
    });
    if db.is_ok() {
        log::info!(
            "database checked and opened in {} ms",
            began.elapsed().as_millis()
        );
    }
    db.map(|mut db| {
        if wants_demo && kiz::demo::is_empty(&db).unwrap_or(false) {
            match kiz::demo::load(&mut db, commands::now()) {
                Ok(summary) => log::info!("demo data loaded: {summary:?}"),
                Err(error) => log::error!("demo data not loaded: {error}"),
            }
        }
        // Copies whose pickup deadline passed go to the next in line (or
        // back to the shelf) before anyone looks at the desk.
        let began = std::time::Instant::now();
        match kiz::lending::expire_reservations(&mut db, commands::now()) {
            Ok(moved) => log::info!(
                "reservations expired at start in {} ms; {} passed on",
                began.elapsed().as_millis(),
                moved.len()
            ),
            Err(error) => log::error!("reservations not expired: {}", error.code()),
        }
        // The retention rules: loans that no longer name their borrower,
        // participants anonymised after the event (only what is due).
        let began = std::time::Instant::now();
        match kiz::privacy::run_automatic(&mut db, commands::now()) {
            Ok(done) => log::info!(
                "retention rules applied at start in {} ms: {done:?}",
                began.elapsed().as_millis()
            ),
            Err(error) => log::error!("retention rules not applied: {}", error.code()),
        }
        db
    })
}

/// A rotating log in the data folder: five files of one megabyte at most.
/// Only start, refusals by code, errors and panics are logged; never names or
/// other personal data.
fn log_plugin<R: tauri::Runtime>(log_dir: &Path) -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .target(Target::new(TargetKind::Folder {
            path: log_dir.to_path_buf(),
            file_name: Some(LOG_FILE.into()),
        }))
        .target(Target::new(TargetKind::Stderr))
        .level(log::LevelFilter::Info)
        .max_file_size(1_000_000)
        .rotation_strategy(RotationStrategy::KeepSome(5))
        .timezone_strategy(TimezoneStrategy::UseLocal)
        .build()
}

/// Panics go to the log and, as a notice in the user's language, to the window.
fn install_panic_hook() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        // A damaged workbook or a fault in one row of an import: the
        // import catches it and says so in its own words.
        if kiz::import::catching_panic() {
            log::warn!("panic caught by the import at {location}: {info}");
            return;
        }
        log::error!("panic at {location}: {info}");
        if let Some(app) = APP.get() {
            shell_events::tell_from_panic_hook(app, shell_events::FATAL);
        }
        default_hook(info);
    }));
}

fn bring_to_front(app: &tauri::AppHandle) {
    log::info!("a second start on the same data folder was handed over");
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    shell_events::tell(app, shell_events::SECOND_START, ());
}

/// Said when the folder is locked by a process that does not answer.
fn folder_in_use_dialog(data_dir: &Path) {
    let text = format!(
        "Der Datenordner {} wird bereits von einem anderen KIZ-Desk-Fenster verwendet.\n\n\
         Bitte wechseln Sie zu diesem Fenster. Wenn keines zu sehen ist, melden Sie sich ab \
         und wieder an oder starten Sie den Computer neu.",
        data_dir.display()
    );
    eprintln!("{text}");
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Warning)
        .set_title("KIZ Desk läuft bereits")
        .set_description(text)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}

#[cfg(test)]
mod tests {
    use kiz::file_names::is_valid_windows_file_name;

    #[test]
    fn the_fixed_names_in_the_data_folder_are_valid_on_windows() {
        let log_files = [
            format!("{}.log", super::LOG_FILE),
            // tauri-plugin-log names a rotated file by its moment this way.
            format!("{}_2026-11-12_09-30-00.log", super::LOG_FILE),
        ];
        let fixed = [
            crate::data_dir::APP_FOLDER,
            crate::data_dir::DATABASE_FILE,
            crate::delivery::PRINT_FOLDER,
            crate::instance::LOCK_FILE,
            crate::instance::ADDRESS_FILE,
            super::LOG_FOLDER,
        ];
        for name in fixed
            .iter()
            .copied()
            .chain(log_files.iter().map(String::as_str))
        {
            assert!(is_valid_windows_file_name(name), "{name}");
        }
    }
}
