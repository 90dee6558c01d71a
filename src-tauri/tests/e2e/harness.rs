//! Drives the real app over WebDriver: one tauri-driver (and so one app and
//! one WebKitWebDriver) per test, on ports of its own, with a data folder and
//! XDG folders of its own, stopped with SIGTERM and then by process id.

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// WebDriver key codes.
pub mod keys {
    pub const CONTROL: &str = "\u{e009}";
    pub const RELEASE: &str = "\u{e000}";
    pub const ENTER: &str = "\u{e007}";
    pub const ARROW_DOWN: &str = "\u{e015}";
    pub const F1: &str = "\u{e031}";
    pub const ESCAPE: &str = "\u{e00c}";
    pub const F2: &str = "\u{e032}";
    pub const F3: &str = "\u{e033}";
    pub const F4: &str = "\u{e034}";
}

/// How long a test waits for something to appear before it fails.
const WAIT: Duration = Duration::from_secs(20);

/// The app under test, in its window.
pub struct App {
    pub client: Client,
    driver: Child,
    data_dir: PathBuf,
    _scratch: tempfile::TempDir,
    test: String,
}

/// `target/e2e-screenshots` (of whatever target folder cargo builds in),
/// created if missing: window screenshots and rendered printouts go here.
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target folder")
        .join("e2e-screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

/// A data folder that outlives one app start (for restart tests).
pub fn data_folder() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("kiz-e2e-data-")
        .tempdir()
        .expect("temporary data folder")
}

fn free_port() -> u16 {
    TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn tauri_driver() -> PathBuf {
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|d| d.join("bin").join("tauri-driver"));
    match in_cargo_home {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

/// Copies a benchmark database into the data folder `data` as the app's
/// database file, flushed to disk: otherwise the app's first commit
/// (synchronous = FULL) pays for writing all of it.
pub fn copy_database(file: &std::ffi::OsStr, data: &Path) {
    std::fs::create_dir_all(data).expect("the data folder");
    let copy = data.join("kiz-desk.sqlite");
    std::fs::copy(file, &copy).expect("the benchmark database");
    std::fs::File::open(&copy)
        .and_then(|f| f.sync_all())
        .expect("flush the copy");
}

/// Starts the app for a timing test: on a copy of the benchmark database
/// that `KIZ_E2E_LARGE_DATABASE` names (`cargo xtask bench` sets it) or on
/// the demo data, at the moment `now`, and waits for the start's background
/// work. Returns the folder (it lives as long as it is held) and whether
/// the benchmark database is used.
pub async fn start_for_timing(test: &str, now: &str) -> (App, tempfile::TempDir, bool) {
    let folder = data_folder();
    let data = folder.path().join("data");
    let large = std::env::var_os("KIZ_E2E_LARGE_DATABASE");
    let env: Vec<(&str, &str)> = match &large {
        Some(file) => {
            copy_database(file, &data);
            vec![("KIZ_NOW", now)]
        }
        None => vec![("KIZ_DEMO", "1"), ("KIZ_NOW", now)],
    };
    let app = App::start_in(test, &data, &env).await;
    app.wait_for_start_work().await;
    (app, folder, large.is_some())
}

/// Median, 95th percentile and slowest of times in ms, as the timing tests
/// print them.
pub fn spread(times: &[f64]) -> (f64, f64, f64) {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    (
        sorted[n / 2],
        sorted[(n * 95 / 100).min(n - 1)],
        sorted[n - 1],
    )
}

/// The app binary cargo built for this test run.
pub fn app_binary() -> &'static str {
    env!("CARGO_BIN_EXE_kiz-desk")
}

impl App {
    /// Starts the app on a fresh, empty data folder.
    pub async fn start(test: &str) -> App {
        let scratch = data_folder();
        let data_dir = scratch.path().join("data");
        Self::launch(test, &data_dir, scratch, &[]).await
    }

    /// Starts the app on `data_dir` (which the caller keeps), with extra
    /// environment variables.
    pub async fn start_in(test: &str, data_dir: &Path, env: &[(&str, &str)]) -> App {
        Self::launch(test, data_dir, data_folder(), env).await
    }

    async fn launch(
        test: &str,
        data_dir: &Path,
        scratch: tempfile::TempDir,
        env: &[(&str, &str)],
    ) -> App {
        // Until the App owns the driver, a failure here must not leave the
        // driver (and what it started) running after the test.
        let mut driver = DriverGuard {
            child: None,
            data_dir: data_dir.to_path_buf(),
        };
        let mut port = driver.spawn(scratch.path(), env).await;
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({ "application": app_binary() }),
        );
        // tauri-driver listens before its WebKitWebDriver is ready: on a cold
        // machine the first session request can be cut off. Ask again for a
        // while before calling it a failure; a driver that ended meanwhile
        // (seen once in a full run: every later request cut off) is started
        // again on fresh ports.
        let mut attempt = 0;
        let client = loop {
            attempt += 1;
            let session =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(caps.clone())
                    .connect(&format!("http://127.0.0.1:{port}"))
                    .await;
            match session {
                Ok(client) => break client,
                Err(error) if attempt < 10 => {
                    eprintln!("WebDriver session attempt {attempt} failed ({error}); retrying");
                    // An app the failed attempt started would hold the data
                    // folder and turn the next start into a hand-over.
                    stop_matching(data_dir, true);
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    if driver.ended() || attempt % 4 == 0 {
                        eprintln!("tauri-driver restarted on fresh ports");
                        port = driver.spawn(scratch.path(), env).await;
                    }
                }
                Err(error) => {
                    panic!("no WebDriver session with the app after {attempt} attempts: {error}")
                }
            }
        };
        let app = App {
            client,
            driver: driver
                .child
                .take()
                .expect("the guard holds the driver until here"),
            data_dir: data_dir.to_path_buf(),
            _scratch: scratch,
            test: test.to_owned(),
        };
        app.client
            .set_window_size(1280, 800)
            .await
            .expect("window size");
        app.wait_for("#app[aria-busy='false']").await;
        // The window opens the channel the core tells it through only after
        // its first screen (app.js, listenToShell): a test that makes the
        // core tell something waits until it is open.
        app.wait_for("html[data-listening]").await;
        app
    }

    /// The data folder this app works on.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The app's log since its last start (the data folder keeps the lines
    /// of earlier starts too).
    pub fn log_of_this_start(&self) -> String {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.data_dir.join("logs"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        let text: String = files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .collect();
        let from = text.rfind(" started; data folder ").unwrap_or(0);
        text[from..].to_owned()
    }

    /// Waits until `css` matches an element and returns it.
    pub async fn wait_for(&self, css: &str) -> Element {
        let found = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(element) => element,
            Err(e) => self.fail(format!("{css} did not appear: {e}")).await,
        }
    }

    /// Fails the test with what a reader of the CI log needs to tell a
    /// broken rule from a hiccup: the notifications the window shows, the
    /// last lines of the app's own log (errors of commands land there) and
    /// a screenshot (`<test>-failure.png`).
    async fn fail(&self, message: String) -> ! {
        let toasts = self.text("#toasts").await;
        let mut log = String::new();
        if let Ok(entries) = std::fs::read_dir(self.data_dir.join("logs")) {
            let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            files.sort();
            for file in files {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                let lines: Vec<&str> = text.lines().collect();
                let tail = &lines[lines.len().saturating_sub(30)..];
                log.push_str(&format!("--- {}\n{}\n", file.display(), tail.join("\n")));
            }
        }
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(
                screenshot_dir().join(format!("{}-failure.png", self.test)),
                png,
            );
        }
        panic!("{message}\nnotifications: {toasts:?}\napp log:\n{log}");
    }

    /// Waits until the text of `css` contains `expected`, and returns it.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> String {
        self.wait_for_text_where(css, &format!("contain {expected:?}"), |text| {
            text.contains(expected)
        })
        .await
    }

    /// Waits until the text of `css` passes `check` (what it should do,
    /// in words, for the failure message), and returns it: for a list
    /// that must have dropped a row, not only shown one that was there
    /// before.
    pub async fn wait_for_text_where(
        &self,
        css: &str,
        should: &str,
        check: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.text(css).await;
            if check(&text) {
                return text;
            }
            if Instant::now() >= deadline {
                self.fail(format!("{css} should {should}, shows {text:?}"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// How many elements match `css` now.
    pub async fn count(&self, css: &str) -> usize {
        self.client
            .find_all(Locator::Css(css))
            .await
            .map_or(0, |found| found.len())
    }

    /// The visible text of the first element matching `css` ("" if none).
    pub async fn text(&self, css: &str) -> String {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Opens a page by its address, as a link would, and waits until it
    /// is drawn.
    pub async fn open(&self, hash: &str) {
        self.client
            .execute(
                "location.hash = arguments[0];",
                vec![serde_json::json!(hash)],
            )
            .await
            .expect("navigate");
        self.wait_for("#main[aria-busy='false']").await;
    }

    /// Opens a section by clicking its navigation link.
    pub async fn go_to(&self, route: &str) {
        self.click(&format!("#nav-{route}")).await;
        self.wait_for(&format!("#nav-{route}[aria-current='page']"))
            .await;
        self.wait_for("#main[aria-busy='false']").await;
    }

    /// Holds back, in the page, the answer to the first call of `command`
    /// whose arguments meet `condition` (JavaScript over `args`; "true" for
    /// the first call of all): it comes 1.5 s late, and
    /// `window.slowAnswered` turns true once it is back. The bridge's own
    /// object is frozen, so the page's `window.__TAURI__.core` is replaced
    /// by a copy that waits; a second call wraps the first copy.
    pub async fn hold_back_first(&self, command: &str, condition: &str) {
        let script = format!(
            "const [slowed] = arguments;
             const core = window.__TAURI__.core;
             let first = true;
             window.slowAnswered = false;
             window.__TAURI__.core = {{ ...core, invoke: async (command, args) => {{
               if (command === slowed && first && ({condition})) {{
                 first = false;
                 await new Promise((done) => setTimeout(done, 1500));
                 try {{
                   return await core.invoke(command, args);
                 }} finally {{
                   window.slowAnswered = true;
                 }}
               }}
               return core.invoke(command, args);
             }} }};
             return window.__TAURI__.core !== core;"
        );
        let hooked = self
            .client
            .execute(&script, vec![json!(command)])
            .await
            .expect("the bridge slowed down");
        assert_eq!(
            hooked,
            json!(true),
            "the bridge is slowed down for {command}"
        );
    }

    /// Waits (at most 10 s) for the answer [`App::hold_back_first`] held
    /// back, and half a second more for the page to do what it does with it.
    pub async fn wait_for_held_back_answer(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self
            .client
            .execute("return window.slowAnswered === true;", vec![])
            .await
            .expect("asked")
            != json!(true)
        {
            assert!(Instant::now() < deadline, "the held-back answer came");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    /// Waits (up to three minutes) until the work the app does in the
    /// background after a start is done: the day's backup and then the
    /// tidying of the search indexes on the app's connection (on a large
    /// database they share the two cores for a while). For the timing
    /// tests, which time the app as staff use it, not while it starts.
    /// Returns how long the wait was.
    pub async fn wait_for_start_work(&self) -> Duration {
        let lines = ["search indexes tidied", "backup failed", "indexes failed"];
        let started = Instant::now();
        loop {
            let logged = std::fs::read_dir(self.data_dir.join("logs"))
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .any(|text| lines.iter().any(|l| text.contains(l)));
            if logged {
                return started.elapsed();
            }
            assert!(
                started.elapsed() < Duration::from_secs(180),
                "the app's log should say one of {lines:?}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Switches the window to English in Einstellungen and waits until the
    /// navigation speaks it.
    pub async fn switch_to_english(&self) {
        self.go_to("settings").await;
        self.wait_for("#ui-language")
            .await
            .select_by_value("en")
            .await
            .expect("choose English");
        self.wait_for_text("#nav-settings", "Settings").await;
    }

    /// Clicks `css` after scrolling it to the middle of the window, where
    /// no notification (bottom right) lies over it. A page that draws itself
    /// again (after a save, or a change from another PC) can replace the
    /// element between finding and clicking it; then the new one is found
    /// and clicked, as a person's second look would.
    pub async fn click(&self, css: &str) {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let element = self.wait_for(css).await;
            let _ = self
                .client
                .execute(
                    "arguments[0].scrollIntoView({ block: 'center' });",
                    vec![serde_json::to_value(&element).expect("element reference")],
                )
                .await;
            match element.click().await {
                Ok(()) => return,
                Err(e) if attempt < 3 && is_replaced(&e) => {
                    eprintln!("{css} was drawn again before the click ({e}); finding it again");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => self.fail(format!("click on {css}: {e}")).await,
            }
        }
    }

    /// Replaces the value of the input `css` with `text`.
    pub async fn fill(&self, css: &str, text: &str) {
        let input = self.wait_for(css).await;
        input.clear().await.expect("clear field");
        if !text.is_empty() {
            input.send_keys(text).await.expect("type into field");
        }
    }

    /// Types `text` into a list's search box, waits for that answer (the
    /// list's `aria-busy` goes false), then opens the first row with the
    /// keyboard (arrow down from the box, Enter), as staff do.
    pub async fn search_and_open(&self, search: &str, table: &str, text: &str) {
        self.fill(search, text).await;
        self.wait_for(&format!("{table}[aria-busy='false']")).await;
        self.click(search).await;
        self.press(keys::ARROW_DOWN).await;
        self.press(keys::ENTER).await;
    }

    /// Scans `code` as a keyboard-wedge scanner does: the characters, then
    /// Enter, into whatever has focus (the desk keeps its scan field focused).
    pub async fn scan(&self, code: &str) {
        self.press(&format!("{code}{}", keys::ENTER)).await;
    }

    /// PSS and RSS (KiB) of the app and the processes it started
    /// (WebKit's), as the start-up benchmark reads them, and the PSS of
    /// each process as text.
    pub fn memory_kib(&self) -> (u64, u64, String) {
        let app = matching_pids(self.data_dir(), true);
        let pid = *app.first().expect("the app runs");
        let each = crate::process_tree::memory_of_each(pid);
        let (pss, rss) = crate::process_tree::totals(&each);
        (pss, rss, crate::process_tree::describe(&each))
    }

    /// The environments of WebKit's web processes that draw this app's
    /// page (`NAME=value` entries), at least one.
    pub fn web_process_environments(&self) -> Vec<Vec<String>> {
        let app = matching_pids(self.data_dir(), true);
        let pid = *app.first().expect("the app runs");
        let environments = crate::process_tree::web_process_environments(pid);
        assert!(!environments.is_empty(), "the app's web process");
        environments
    }

    /// Types `keys` into whatever has focus, as a keyboard would.
    pub async fn press(&self, keys: &str) {
        self.client
            .active_element()
            .await
            .expect("an element has focus")
            .send_keys(keys)
            .await
            .expect("keys sent");
    }

    /// Sets a date or time input the way its picker would (WebKitGTK's
    /// pickers do not take typed keys reliably over WebDriver), then fires
    /// the `input` and `change` events the page listens to.
    pub async fn set_value(&self, css: &str, value: &str) {
        self.wait_for(css).await;
        self.client
            .execute(
                "const el = document.querySelector(arguments[0]);
                 el.value = arguments[1];
                 el.dispatchEvent(new Event('input', { bubbles: true }));
                 el.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![json!(css), json!(value)],
            )
            .await
            .unwrap_or_else(|e| panic!("set {css}: {e}"));
    }

    /// Waits (up to the usual wait) for a file in the print folder whose
    /// name starts with `prefix`, and fails with the window's notices, the
    /// app's log and a screenshot when none comes.
    pub async fn wait_for_printed(&self, prefix: &str) -> PathBuf {
        let deadline = Instant::now() + WAIT;
        loop {
            let found = std::fs::read_dir(self.data_dir().join("Ausdrucke"))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .find(|p| is_printed_as(p, prefix));
            if let Some(path) = found {
                return path;
            }
            if Instant::now() > deadline {
                self.fail(format!("no file {prefix}… was printed")).await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The file in the print folder whose name starts with `prefix`.
    pub fn printed(&self, prefix: &str) -> PathBuf {
        std::fs::read_dir(self.data_dir().join("Ausdrucke"))
            .expect("print folder")
            .flatten()
            .map(|e| e.path())
            .find(|p| is_printed_as(p, prefix))
            .unwrap_or_else(|| panic!("a file {prefix}… in the print folder"))
    }

    /// The value of an input.
    pub async fn value(&self, css: &str) -> String {
        self.wait_for(css)
            .await
            .prop("value")
            .await
            .expect("value property")
            .unwrap_or_default()
    }

    /// Waits (as [`App::wait_for`] does) until the field's value is
    /// `expected`: a page that another PC's change draws again.
    pub async fn wait_for_value(&self, css: &str, expected: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            // Read in one script, without holding the element: the page may
            // draw the field anew between finding it and reading it.
            let value = self
                .client
                .execute(
                    "const field = document.querySelector(arguments[0]);
                     return field ? field.value : null;",
                    vec![json!(css)],
                )
                .await
                .expect("the field's value")
                .as_str()
                .map(str::to_owned);
            if value.as_deref() == Some(expected) {
                return;
            }
            if Instant::now() >= deadline {
                self.fail(format!("{css} should hold {expected:?}, holds {value:?}"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Saves a screenshot as `target/e2e-screenshots/<test>[-<suffix>].png`.
    pub async fn screenshot(&self, suffix: &str) {
        // Let the page paint what the test just waited for (two animation
        // frames); without it WebKit under Xvfb can hand back an older frame.
        let _ = tokio::time::timeout(
            Duration::from_secs(2),
            self.client.execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            ),
        )
        .await;
        // WebKit hands the screenshot over after the page's next paint.
        // Painted without compositing (`src-tauri/src/painter.rs`), a page
        // where nothing moves (no caret, no animation) paints no more, and
        // the screenshot would wait for ever: one pixel in the bottom left
        // corner, switched every 20 ms between transparent and 1 % black
        // (at most 3 of 255 steps darker), keeps the page painting until
        // the screenshot is taken.
        let _ = self
            .client
            .execute(
                "const tick = document.createElement('div');
                 tick.id = 'screenshot-tick';
                 tick.style.cssText = 'position:fixed;left:0;bottom:0;width:1px;height:1px;pointer-events:none';
                 document.body.append(tick);
                 let odd = false;
                 window.screenshotTick = setInterval(() => {
                   odd = !odd;
                   tick.style.background = odd ? 'rgba(0,0,0,0.01)' : 'transparent';
                 }, 20);",
                vec![],
            )
            .await;
        let png = self.client.screenshot().await.expect("screenshot");
        let _ = self
            .client
            .execute(
                "clearInterval(window.screenshotTick);
                 document.getElementById('screenshot-tick')?.remove();",
                vec![],
            )
            .await;
        let dir = screenshot_dir();
        let name = if suffix.is_empty() {
            format!("{}.png", self.test)
        } else {
            format!("{}-{suffix}.png", self.test)
        };
        std::fs::write(dir.join(name), png).expect("screenshot written");
    }

    /// Closes the window and stops the driver, the WebKit driver and the app.
    pub async fn stop(mut self) {
        let _ = self.client.clone().close().await;
        self.shut_down();
    }

    fn shut_down(&mut self) {
        stop_driver(&mut self.driver);
        stop_processes_using(&self.data_dir);
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // Also on a failed assertion: nothing of this test keeps running.
        if let Ok(None) = self.driver.try_wait() {
            self.shut_down();
        } else {
            stop_processes_using(&self.data_dir);
        }
    }
}

/// Owns tauri-driver while a session is being set up; stops it and the
/// processes it started if setting up fails.
struct DriverGuard {
    child: Option<Child>,
    data_dir: PathBuf,
}

impl DriverGuard {
    /// Starts tauri-driver on two fresh ports for the app on `data_dir`
    /// (stopping the one started before, if any) and waits until it
    /// listens; returns its port.
    async fn spawn(&mut self, scratch: &Path, env: &[(&str, &str)]) -> u16 {
        if let Some(mut child) = self.child.take() {
            stop_driver(&mut child);
            // Its WebKitWebDriver and an app it started, if still there.
            stop_processes_using(&self.data_dir);
        }
        let port = free_port();
        let native_port = free_port();
        let mut cmd = Command::new(tauri_driver());
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .env("KIZ_DATA_DIR", &self.data_dir)
        .env("XDG_DATA_HOME", scratch.join("xdg-data"))
        .env("XDG_CACHE_HOME", scratch.join("xdg-cache"))
        .env("XDG_CONFIG_HOME", scratch.join("xdg-config"))
        // The painter as the app chooses it, not as the developer's shell
        // may have set it (a test passes either in `env`).
        .env_remove("WEBKIT_SKIA_ENABLE_CPU_RENDERING")
        .env_remove("WEBKIT_DISABLE_COMPOSITING_MODE")
        .env_remove("LIBGL_ALWAYS_SOFTWARE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        for (key, value) in env {
            cmd.env(key, value);
        }
        self.child = Some(cmd.spawn().unwrap_or_else(|e| {
            panic!("tauri-driver could not be started ({e}); `cargo xtask test` installs it")
        }));
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {port}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        port
    }

    /// Whether the driver has ended by itself.
    fn ended(&mut self) -> bool {
        self.child
            .as_mut()
            .is_none_or(|child| !matches!(child.try_wait(), Ok(None)))
    }
}

impl Drop for DriverGuard {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            stop_driver(&mut child);
            stop_processes_using(&self.data_dir);
        }
    }
}

/// Stops tauri-driver: SIGTERM, up to 5 s for it to end, then SIGKILL.
fn stop_driver(driver: &mut Child) {
    terminate(driver.id());
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = driver.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = driver.kill();
    let _ = driver.wait();
}

fn terminate(pid: u32) {
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .stderr(Stdio::null())
        .status();
}

/// Stops every process whose environment names `data_dir` as its data
/// folder: the app and WebKitWebDriver survive a driver that was killed.
pub fn stop_processes_using(data_dir: &Path) {
    stop_matching(data_dir, false);
}

/// Stops the processes with `data_dir` in their environment; with
/// `app_only`, only those running the app binary (not the drivers).
fn stop_matching(data_dir: &Path, app_only: bool) {
    let pids = matching_pids(data_dir, app_only);
    for pid in &pids {
        terminate(*pid);
    }
    let deadline = Instant::now() + Duration::from_secs(3);
    while pids
        .iter()
        .any(|pid| Path::new(&format!("/proc/{pid}")).exists())
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    for pid in pids {
        let _ = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .stderr(Stdio::null())
            .status();
    }
}

/// Whether the app itself (not a driver) still runs on `data_dir`. A
/// process that has ended but was not yet reaped by its parent does not
/// count: it has no executable any more.
pub fn app_running(data_dir: &Path) -> bool {
    !matching_pids(data_dir, true).is_empty()
}

/// The processes with `data_dir` in their environment; with `app_only`,
/// only those running the app binary.
fn matching_pids(data_dir: &Path, app_only: bool) -> Vec<u32> {
    let needle = format!("KIZ_DATA_DIR={}\0", data_dir.display()).into_bytes();
    let app = std::fs::canonicalize(app_binary()).ok();
    let own = std::process::id();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse().ok()))
        .filter(|pid| *pid != own)
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.windows(needle.len()).any(|w| w == needle.as_slice()))
        })
        .filter(|pid| !app_only || std::fs::read_link(format!("/proc/{pid}/exe")).ok() == app)
        .collect()
}

/// The text of a PDF (poppler's pdftotext, which `cargo xtask test` installs).
/// Whether `path` is a finished file of the print folder whose name starts
/// with `prefix`. The app writes a document to `<name>.teilweise` first and
/// renames it when complete; a test that took the temporary file read
/// nothing (seen in CI: an empty access report).
pub fn is_printed_as(path: &Path, prefix: &str) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        && path.extension().is_none_or(|e| e != "teilweise")
}

pub fn pdf_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether WebDriver says the element it was given is no longer in the page
/// (WebKitWebDriver words it as a node "not found", the standard as a stale
/// element reference).
fn is_replaced(error: &fantoccini::error::CmdError) -> bool {
    let text = error.to_string();
    text.contains("was not found") || text.contains("stale element")
}
