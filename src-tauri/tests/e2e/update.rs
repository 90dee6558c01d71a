//! Updates from the centre's own server, in the window: a server on
//! 127.0.0.1 offers a manifest and a file signed with a key made in the
//! test (Tauri's format, as `cargo xtask dist` writes it). The app finds the
//! new version with its German notes, downloads it with a progress bar and
//! verifies it; a changed file or a false signature is refused with a
//! message, and so is a file the server does not have; with nothing newer it says so; a server that is down gives a
//! quiet line and no error. "Jetzt aktualisieren" waits for the desk
//! session to end, then backs up, closes the database and hands the file to
//! the installer (on Windows the installer runs; here the debug build's
//! stand-in writes the file and ends the app, as Windows does).

use std::io::Read;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;

use crate::harness::{self, App};

const NOW: (&str, &str) = ("KIZ_NOW", "2026-12-01T09:30:00");
const SETUP_FILE: &str = "KIZ-Desk_x64-setup.exe";
const NOTES: &str = "Neu in dieser Version:\n– Mahnungen auch auf Türkisch und Arabisch\n– Teilnehmerlisten mit Spalte „Sprache“";

/// The version after the running one (0.1.0 → 0.2.0).
fn next_version() -> String {
    let mut parts = env!("CARGO_PKG_VERSION")
        .split('.')
        .map(|p| p.parse::<u64>().unwrap());
    let (major, minor) = (parts.next().unwrap(), parts.next().unwrap());
    format!("{major}.{}.0", minor + 1)
}

/// A minisign key pair in Tauri's format.
struct Key {
    pair: minisign::KeyPair,
}

impl Key {
    fn new() -> Key {
        Key {
            pair: minisign::KeyPair::generate_unencrypted_keypair().expect("a key pair"),
        }
    }

    /// The public key as the app takes it: base64 of minisign's text box.
    fn public(&self) -> String {
        let text = self.pair.pk.to_box().expect("public key box").to_string();
        base64::engine::general_purpose::STANDARD.encode(text)
    }

    /// The signature of `data` for `version`, as the manifest carries it.
    fn sign(&self, data: &[u8], version: &str) -> String {
        let trusted = format!("timestamp:1764576000\tfile:{SETUP_FILE}\tversion:{version}");
        let signature = minisign::sign(
            Some(&self.pair.pk),
            &self.pair.sk,
            data,
            Some(&trusted),
            Some("signature from the update test"),
        )
        .expect("signed");
        base64::engine::general_purpose::STANDARD.encode(signature.to_string())
    }
}

/// What the local update server answers.
#[derive(Clone)]
struct Offer {
    manifest: String,
    file: Vec<u8>,
}

/// An HTTP server on 127.0.0.1 serving `/latest.json` and the setup file
/// (slowly, so that the progress bar can be seen). Stops when dropped.
struct UpdateServer {
    server: Arc<tiny_http::Server>,
    offer: Arc<Mutex<Offer>>,
    port: u16,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl UpdateServer {
    fn start() -> UpdateServer {
        let offer = Offer {
            manifest: String::new(),
            file: Vec::new(),
        };
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("a local server"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let offer = Arc::new(Mutex::new(offer));
        let thread = {
            let server = Arc::clone(&server);
            let offer = Arc::clone(&offer);
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    let offer = offer.lock().unwrap().clone();
                    let url = request.url().to_owned();
                    let _ = if url == "/latest.json" {
                        request.respond(
                            tiny_http::Response::from_string(offer.manifest).with_header(
                                "Content-Type: application/json"
                                    .parse::<tiny_http::Header>()
                                    .unwrap(),
                            ),
                        )
                    } else if url == format!("/{SETUP_FILE}") {
                        let length = offer.file.len();
                        request.respond(
                            tiny_http::Response::new(
                                tiny_http::StatusCode(200),
                                vec!["Content-Type: application/octet-stream"
                                    .parse::<tiny_http::Header>()
                                    .unwrap()],
                                Slowly {
                                    data: offer.file,
                                    at: 0,
                                },
                                Some(length),
                                None,
                            )
                            // With its length, not in chunks: the progress
                            // bar knows how much is to come.
                            .with_chunked_threshold(usize::MAX),
                        )
                    } else {
                        request.respond(tiny_http::Response::empty(404))
                    };
                }
            })
        };
        UpdateServer {
            server,
            offer,
            port,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    fn offer(&self, offer: Offer) {
        *self.offer.lock().unwrap() = offer;
    }
}

impl Drop for UpdateServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Hands out 16 KiB every 40 ms: a 320 KiB file takes most of a second.
struct Slowly {
    data: Vec<u8>,
    at: usize,
}

impl Read for Slowly {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at >= self.data.len() {
            return Ok(0);
        }
        std::thread::sleep(Duration::from_millis(40));
        let n = buf.len().min(16 * 1024).min(self.data.len() - self.at);
        buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// A stand-in for the installer: 320 KiB that start like a Windows program.
fn setup_file() -> Vec<u8> {
    let mut data = b"MZ KIZ Desk setup stand-in ".to_vec();
    data.extend((0..320 * 1024).map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    data
}

fn manifest(server: &UpdateServer, version: &str, signature: &str) -> String {
    let entry = serde_json::json!({ "url": server.url(SETUP_FILE), "signature": signature });
    serde_json::json!({
        "version": version,
        "notes": NOTES,
        "pub_date": "2026-12-01T08:00:00Z",
        "platforms": { "windows-x86_64": entry, "linux-x86_64": entry },
    })
    .to_string()
}

/// A test's update server, key and policy file.
struct Scene {
    key: Key,
    server: UpdateServer,
    policy: PathBuf,
    public: String,
}

impl Scene {
    /// A server offering nothing yet, a new key, and a policy naming the server.
    fn new(folder: &Path) -> Scene {
        let key = Key::new();
        let server = UpdateServer::start();
        let policy = policy(folder, &server.url("latest.json"));
        let public = key.public();
        Scene {
            key,
            server,
            policy,
            public,
        }
    }

    /// Offers `file` as `version` with `signature`.
    fn offer(&self, version: &str, signature: &str, file: Vec<u8>) {
        self.server.offer(Offer {
            manifest: manifest(&self.server, version, signature),
            file,
        });
    }

    /// Offers `file` as `version`, rightly signed.
    fn offer_signed(&self, version: &str, file: &[u8]) {
        self.offer(version, &self.key.sign(file, version), file.to_vec());
    }

    fn env(&self) -> Vec<(&str, &str)> {
        env_for(&self.public, &self.policy)
    }
}

/// The policy file IT would put beside the executable, naming the server.
fn policy(folder: &Path, endpoint: &str) -> PathBuf {
    let path = folder.join("kiz-desk-policy.toml");
    std::fs::write(
        &path,
        format!("[updates]\nenabled = true\nendpoint = \"{endpoint}\"\n"),
    )
    .expect("policy written");
    path
}

fn env_for<'a>(key: &'a str, policy: &'a Path) -> Vec<(&'a str, &'a str)> {
    vec![
        NOW,
        ("KIZ_TEST_UPDATE_PUBKEY", key),
        ("KIZ_TEST_UPDATE_POLICY", policy.to_str().unwrap()),
    ]
}

/// Scrolls the update part of Über KIZ Desk into view (for screenshots).
async fn show_panel(app: &App) {
    app.client
        .execute(
            "document.getElementById('update-panel').scrollIntoView({ block: 'center' })",
            vec![],
        )
        .await
        .expect("scrolled");
}

async fn open_about(app: &App) {
    app.go_to("settings").await;
    app.wait_for("#update-panel").await;
}

#[tokio::test]
async fn an_offered_update_shows_its_notes_downloads_with_progress_and_is_verified() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    let scene = Scene::new(folder.path());
    let version = next_version();
    scene.offer_signed(&version, &setup_file());

    let app = App::start_in("update-offered", &data_dir, &scene.env()).await;
    // The check at start finds it, downloads and verifies it, and says so
    // once, quietly.
    app.wait_for_text(
        "#toasts",
        &format!("Version {version} von KIZ Desk ist bereit"),
    )
    .await;
    open_about(&app).await;
    app.wait_for("#update-panel[data-state='ready']").await;
    assert_eq!(
        app.text("#update-version").await,
        format!("Version {version} verfügbar")
    );
    let notes = app.text("#update-notes").await;
    assert!(
        notes.contains("Mahnungen auch auf Türkisch und Arabisch")
            && notes.contains("Spalte „Sprache“"),
        "the German release notes: {notes}"
    );
    app.wait_for_text("#update-verified", "Die Signatur wurde geprüft")
        .await;

    // "Nach Updates suchen" looks again: the progress bar moves while the
    // file comes in.
    app.click("#check-updates").await;
    app.wait_for("#update-panel[data-state='downloading'] #update-progress")
        .await;
    let shown = app
        .wait_for_text("#update-progress-text", "% geladen")
        .await;
    assert!(shown.ends_with("% geladen"), "progress in words: {shown}");
    show_panel(&app).await;
    app.screenshot("downloading").await;
    app.wait_for("#update-panel[data-state='ready'] #install-update:not([disabled])")
        .await;
    show_panel(&app).await;
    app.screenshot("ready").await;

    // Looking again while the server answers nonsense: the verified
    // download stays ready to install.
    scene.server.offer(Offer {
        manifest: "kein Manifest".into(),
        file: Vec::new(),
    });
    app.click("#check-updates").await;
    app.wait_for("#update-panel[data-state='ready'] #check-updates:not([disabled])")
        .await;
    assert_eq!(app.count("#install-update:not([disabled])").await, 1);
    app.stop().await;
}

#[tokio::test]
async fn jetzt_aktualisieren_waits_for_the_desk_then_backs_up_closes_and_hands_over_the_verified_file(
) {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    let installer_dir = folder.path().join("installer");
    std::fs::create_dir_all(&installer_dir).unwrap();
    let scene = Scene::new(folder.path());
    let file = setup_file();
    scene.offer_signed(&next_version(), &file);
    let mut env = scene.env();
    env.push(("KIZ_DEMO", "1"));
    let installer = installer_dir.to_str().unwrap().to_owned();
    env.push(("KIZ_TEST_UPDATE_INSTALL_DIR", &installer));

    let app = App::start_in("update-install", &data_dir, &env).await;
    // A borrower is being served at the desk.
    app.go_to("desk").await;
    app.wait_for("#scan:focus").await;
    app.scan("KI-A-000008").await;
    app.wait_for_text("#panel-name", "Fatima Al-Zahra").await;

    open_about(&app).await;
    app.wait_for("#update-panel[data-state='ready'] #install-update[disabled]")
        .await;
    let why = app.text("#update-blockers").await;
    assert!(
        why.contains("An der Theke ist noch die Ausleihe für Fatima Al-Zahra geöffnet"),
        "says why it waits: {why}"
    );
    // Unsaved input on the page keeps it back too.
    app.fill("#field-city", "Sankt Augustin").await;
    app.wait_for_text("#update-blockers", "nicht gespeichert")
        .await;
    app.screenshot("waits").await;

    // The desk session ends; the input is saved.
    app.click("#save-institution").await;
    app.wait_for_text("#toasts", "gespeichert").await;
    app.go_to("desk").await;
    app.wait_for_text("#panel-name", "Fatima Al-Zahra").await;
    app.press(harness::keys::ESCAPE).await;
    app.wait_for("#borrower-panel:not([data-borrower])").await;
    open_about(&app).await;
    app.wait_for("#update-panel[data-state='ready'] #install-update:not([disabled])")
        .await;
    // A closing day added in the lending settings and not saved: the click
    // is held back too, and says why.
    app.click("#add-closing").await;
    app.click("#install-update").await;
    app.wait_for_text("#update-blockers", "nicht gespeichert")
        .await;
    assert!(harness::app_running(&data_dir), "nothing was installed");
    // Leaving the page drops the unsaved row; back on it, nothing waits.
    app.go_to("desk").await;
    open_about(&app).await;
    app.wait_for("#update-panel[data-state='ready'] #install-update:not([disabled])")
        .await;
    let backups_before = backup_files(&data_dir);
    app.click("#install-update").await;

    // The app ends by itself, as it does on Windows before the installer runs.
    let deadline = Instant::now() + Duration::from_secs(30);
    while harness::app_running(&data_dir) {
        assert!(Instant::now() < deadline, "the app did not end");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let handed_over = std::fs::read(installer_dir.join("installer.exe"))
        .expect("the verified file was handed to the installer");
    assert_eq!(handed_over, file, "exactly the file the server offered");
    let backups_after = backup_files(&data_dir);
    assert!(
        backups_after.iter().any(|b| !backups_before.contains(b)),
        "a backup was made first: before {backups_before:?}, after {backups_after:?}"
    );
    // Closed cleanly: the write-ahead log was folded into the file and
    // removed, and the file holds what was saved before.
    let database = data_dir.join("kiz-desk.sqlite");
    assert!(
        !data_dir.join("kiz-desk.sqlite-wal").exists(),
        "no write-ahead log left behind"
    );
    let conn = rusqlite::Connection::open(&database).unwrap();
    let city: String = conn
        .query_row("SELECT city FROM institution WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(city, "Sankt Augustin");
    drop(conn);
    app.stop().await;
}

fn backup_files(data_dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walk(data_dir)
        .into_iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("KIZ-Desk_") && n.ends_with(".sqlite"))
        .collect();
    names.sort();
    names
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
    }
    out
}

#[tokio::test]
async fn a_changed_file_or_a_false_signature_is_refused_and_nothing_is_installed() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    let scene = Scene::new(folder.path());
    let version = next_version();
    let file = setup_file();
    // The file was changed on the way: one bit.
    let mut changed = file.clone();
    changed[100_000] ^= 0x01;
    scene.offer(&version, &scene.key.sign(&file, &version), changed);

    let app = App::start_in("update-refused", &data_dir, &scene.env()).await;
    open_about(&app).await;
    app.wait_for("#update-panel[data-state='failed']").await;
    let line = app.text("#update-line").await;
    assert!(
        line.contains("passt nicht zu ihrer Signatur")
            && line.contains("Es wurde nichts installiert"),
        "the message: {line}"
    );
    assert_eq!(app.count("#install-update").await, 0, "nothing to install");
    show_panel(&app).await;
    app.screenshot("changed-file").await;

    // A signature made with another key, over the right file.
    let other = Key::new();
    scene.offer(&version, &other.sign(&file, &version), file.clone());
    look_again_and_expect_refusal(&app).await;

    // The right file, signed for another version than the manifest names
    // (an old release passed off as new).
    scene.offer(&version, &scene.key.sign(&file, "0.0.9"), file.clone());
    look_again_and_expect_refusal(&app).await;

    // The manifest names a file the server does not have: the download
    // fails, with its own message.
    let missing = manifest(&scene.server, &version, &scene.key.sign(&file, &version))
        .replace(SETUP_FILE, "fehlt.exe");
    scene.server.offer(Offer {
        manifest: missing,
        file,
    });
    app.click("#check-updates").await;
    let line = app
        .wait_for_text(
            "#update-panel[data-state='failed'] #update-line",
            "konnte nicht vollständig heruntergeladen werden",
        )
        .await;
    assert!(line.contains("Es wurde nichts installiert"), "{line}");
    assert_eq!(app.count("#install-update").await, 0);
    app.stop().await;
}

/// Clicks "Nach Updates suchen" and waits for the refusal of the download.
async fn look_again_and_expect_refusal(app: &App) {
    app.click("#check-updates").await;
    app.wait_for("#update-panel[data-state='downloading'], #update-panel[data-state='checking']")
        .await;
    app.wait_for("#update-panel[data-state='failed']").await;
    let line = app.text("#update-line").await;
    assert!(line.contains("passt nicht zu ihrer Signatur"), "{line}");
}

#[tokio::test]
async fn with_nothing_newer_it_says_kiz_desk_ist_aktuell() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    let scene = Scene::new(folder.path());
    let current = env!("CARGO_PKG_VERSION");
    scene.offer_signed(current, &setup_file());

    let app = App::start_in("update-current", &data_dir, &scene.env()).await;
    open_about(&app).await;
    app.wait_for("#update-panel[data-state='up_to_date']").await;
    assert_eq!(
        app.text("#update-line").await,
        format!("KIZ Desk ist aktuell (Version {current}, geprüft am 01.12.2026, 09:30).")
    );
    // Looking again says the same.
    app.click("#check-updates").await;
    app.wait_for("#update-panel[data-state='up_to_date'] #check-updates:not([disabled])")
        .await;
    app.screenshot("").await;
    app.stop().await;
}

#[tokio::test]
async fn a_server_that_is_down_gives_a_quiet_line_and_no_error_at_start() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    // A port that nobody listens on.
    let port = {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).unwrap();
        listener.local_addr().unwrap().port()
    };
    let policy = policy(
        folder.path(),
        &format!("http://127.0.0.1:{port}/latest.json"),
    );
    let key = Key::new();
    let public = key.public();

    let app = App::start_in("update-down", &data_dir, &env_for(&public, &policy)).await;
    app.wait_for("#nav-desk").await;
    open_about(&app).await;
    app.wait_for("#update-panel[data-state='unreachable']")
        .await;
    assert_eq!(
        app.text("#update-line").await,
        "Der Update-Server war nicht erreichbar (zuletzt versucht am 01.12.2026, 09:30). KIZ Desk arbeitet normal weiter."
    );
    assert_eq!(
        app.text("#toasts").await,
        "",
        "no message popped up at start"
    );
    assert_eq!(app.count("dialog[open]").await, 0, "no dialog at start");
    app.screenshot("").await;
    app.stop().await;
}

#[tokio::test]
async fn switched_off_by_it_the_app_does_not_look() {
    let folder = harness::data_folder();
    let data_dir = folder.path().join("data");
    let policy = folder.path().join("kiz-desk-policy.toml");
    std::fs::write(
        &policy,
        "[updates]\nenabled = false\nendpoint = \"https://kiz.intranet.example/latest.json\"\n",
    )
    .unwrap();
    let key = Key::new();
    let public = key.public();
    let app = App::start_in("update-off", &data_dir, &env_for(&public, &policy)).await;
    open_about(&app).await;
    app.wait_for("#update-panel[data-state='off'] #check-updates[disabled]")
        .await;
    assert_eq!(
        app.text("#update-line").await,
        "Updates sind von der IT ausgeschaltet. Neue Versionen installiert die IT."
    );
    assert!(
        !data_dir.join("update-check.txt").exists(),
        "it did not even try"
    );
    app.stop().await;
}
