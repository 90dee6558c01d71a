//! `cargo xtask run` and `cargo xtask test`: the whole set-up of a fresh
//! machine. Each installs what is missing (Debian/Ubuntu packages after one
//! `apt-get update`, via sudo when not root; tauri-driver from the package
//! registry), builds, then opens the app or runs every test.

mod dist;
mod process_tree;
mod startup;
mod test_server;

use std::env;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

/// Debian packages needed to build the app (WebKitGTK pulls GTK and libsoup;
/// OpenSSL is the update download's TLS on Linux, through native-tls;
/// libdbus is what the password store and the window library talk to the
/// desktop with).
const BUILD_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libwebkit2gtk-4.1-dev",
    "libssl-dev",
    "libdbus-1-dev",
];
/// Debian packages needed by the end-to-end tests and the PDF checks
/// (poppler reads PDF text, zbar decodes the printed barcodes), and the
/// shared database's tests (a PostgreSQL test cluster with TLS:
/// `test_server.rs`); gnome-keyring on a D-Bus session bus of its own is
/// the Secret Service the end-to-end test of the shared database keeps its
/// password in.
const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "poppler-utils",
    "zbar-tools",
    "postgresql",
    "openssl",
    "gnome-keyring",
    "dbus-daemon",
    // The public site's browser test (src-tauri/tests/site.rs).
    "chromium",
    "chromium-driver",
];

/// The TypeScript compiler that checks the UI's JSDoc types, from the npm
/// registry (the app itself has no build step and no npm dependencies).
const TYPESCRIPT: &str = "6.0.3";

/// The accessibility checker the public site's browser test runs in each
/// page (src-tauri/tests/site.rs), from the npm registry.
const AXE_CORE: &str = "4.11.4";

mod windows;

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("run") => run(),
        Some("test") => test(&args[1..]),
        Some("icons") => icons(),
        Some("samples") => samples(),
        Some("bench") => bench(),
        // Run by `bench` under Xvfb: KIZ Desk, the reference window, the
        // benchmark database and a work folder.
        Some("bench-startup") if args.len() == 5 => startup::run(
            args[1].as_ref(),
            args[2].as_ref(),
            args[3].as_ref(),
            args[4].as_ref(),
        ),
        Some("dist") => dist::run(&args[1..]),
        Some("update-key") => dist::update_key(&args[1..]),
        _ => Err(usage()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> String {
    "usage: cargo xtask <command>\n\
     \x20 run      install what is missing, build, open the app on a demo data folder\n\
     \x20 test     install what is missing, run fmt, clippy, the UI's type check and logic tests,\n\
     \x20          every Rust test (end to end under Xvfb)\n\
     \x20          extra arguments go to the test binaries, e.g. `cargo xtask test settings`\n\
     \x20 icons    draw icons/*.png and icons/icon.ico from icons/icon.svg\n\
     \x20 samples  write the sample PDFs and their PNG pages (100 dpi) to target/samples\n\
     \x20 bench    run the benchmarks and print their figures\n\
     \x20 dist     build the Windows installer (NSIS) and the Linux .deb into <target>/dist,\n\
     \x20          signed for the updater when KIZ_UPDATE_SIGNING_KEY is set (docs/release.md);\n\
     \x20          options: --webview2-offline <runtime installer>, --notes <release notes>\n\
     \x20 update-key <folder> [--no-password]\n\
     \x20          make a new update signing key pair in <folder> (outside the repository)"
        .into()
}

fn root() -> PathBuf {
    // `cargo run` sets the variable for the running xtask too: that is the
    // checkout it was started in. The compile-time value names the checkout
    // that built the binary, which in a target folder shared by several
    // checkouts (CI's and a developer's) can be another one.
    let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

fn cargo() -> Command {
    let mut cmd = Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// Runs one step of `cargo xtask test`, named in what it prints and in the
/// error when it fails.
fn step(name: &str, cmd: &mut Command) -> Result {
    eprintln!("xtask: step: {name}");
    status(cmd).map_err(|e| format!("step \"{name}\" failed: {e}"))
}

fn status(cmd: &mut Command) -> Result {
    eprintln!("xtask> {cmd:?}");
    let status = cmd
        .status()
        .map_err(|e| format!("could not start {:?}: {e}", cmd.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{:?} failed ({status})", cmd.get_program()))
    }
}

fn run() -> Result {
    if cfg!(target_os = "linux") {
        install_debian_packages(BUILD_PACKAGES)?;
    }
    let data_dir = env::var_os("KIZ_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target").join("demo-data"));
    eprintln!("xtask: data folder {}", data_dir.display());
    status(
        cargo()
            .args(["run", "--locked", "-p", "kiz-desk"])
            .env("KIZ_DATA_DIR", &data_dir)
            .env("KIZ_DEMO", "1"),
    )
}

fn test(extra: &[String]) -> Result {
    let linux = cfg!(target_os = "linux");
    ensure_test_packages()?;
    // Every test runs inside one throwaway PostgreSQL cluster, which is
    // gone when they end (the shared database's tests need it).
    if linux && !test_server::inside() {
        let mut again = vec!["test".to_owned()];
        again.extend_from_slice(extra);
        return test_server::run_inside(&again);
    }
    if linux {
        windows::install()?;
    }
    install_rust_components()?;
    let tsc = install_typescript()?;
    let axe = install_axe()?;
    step("rustfmt", cargo().args(["fmt", "--all", "--check"]))?;
    // The UI: its JSDoc types (a field renamed in api.js fails here), then
    // the logic of its screens without a window.
    step(
        "UI type check (tsc --checkJs --noEmit, ui/jsconfig.json)",
        Command::new("node").current_dir(root()).arg(&tsc).args([
            "--project",
            "ui/jsconfig.json",
            "--checkJs",
            "--noEmit",
        ]),
    )?;
    step(
        "UI logic tests (node --test tests/ui)",
        Command::new("node")
            .current_dir(root())
            .arg("--test")
            .args(ui_test_files()?),
    )?;
    step(
        "clippy",
        cargo().args([
            "clippy",
            "--locked",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    if linux {
        windows::clippy()?;
    }
    // The core first, on its own: it needs no window.
    let mut core = cargo();
    core.args([
        "test",
        "--locked",
        "--workspace",
        "--exclude",
        "kiz-desk",
        "--",
    ]);
    core.args(extra);
    step("core tests", &mut core)?;
    // Durability: 200 SIGKILLs of a worker mid-transaction, nothing
    // committed may be lost (ignored in a plain `cargo test`; prints its
    // figures). Skipped only when the run is narrowed to some tests.
    if extra.is_empty() {
        // Same package selection as above, so no dependency is built
        // again with other features.
        step(
            "durability test",
            cargo().args([
                "test",
                "--locked",
                "--workspace",
                "--exclude",
                "kiz-desk",
                "--test",
                "durability",
                "--",
                "--ignored",
                "--nocapture",
            ]),
        )?;
    }
    // The core again, built for Windows and run under Wine, the shell's
    // unit tests there (lock, data folder, drive type, credential store),
    // and the durability test there (not when the run is narrowed).
    if linux {
        let _server = windows::keep_server_running()?;
        windows::core_tests(extra)?;
        windows::shell_tests(extra)?;
        if extra.is_empty() {
            windows::durability_test()?;
        }
    }
    // The shell's tests (command lists, i18n) and the end-to-end tests in
    // the real window, one at a time (each starts its own app and WebDriver).
    let mut shell = if linux {
        let mut cmd = Command::new("xvfb-run");
        cmd.current_dir(root())
            .args(["-a", "-s", "-screen 0 1280x800x24"])
            .arg(env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd
    } else {
        cargo()
    };
    shell.env("KIZ_AXE_SCRIPT", &axe);
    shell.args([
        "test",
        "--locked",
        "-p",
        "kiz-desk",
        "--",
        "--test-threads=1",
    ]);
    shell.args(extra);
    step("shell and end-to-end tests", &mut shell)
}

/// The test files of the UI's logic (`tests/ui/*.test.mjs`), listed here
/// because `node --test` reads a folder differently across Node versions.
fn ui_test_files() -> Result<Vec<PathBuf>> {
    let dir = root().join("tests").join("ui");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".test.mjs"))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.test.mjs in {}", dir.display()));
    }
    Ok(files)
}

/// Installs the Debian packages that are not installed yet; nothing when all
/// are present. Runs `apt-get update` once first.
/// What the end-to-end tests need: the build and test packages (Linux)
/// and tauri-driver.
fn ensure_test_packages() -> Result {
    if cfg!(target_os = "linux") {
        let all: Vec<&str> = BUILD_PACKAGES
            .iter()
            .chain(TEST_PACKAGES)
            .copied()
            .collect();
        install_debian_packages(&all)?;
    }
    install_tauri_driver()
}

/// Node and npm run the UI's checks. Each that is missing comes from the
/// Debian packages (Debian 12: Node 18, which has `node --test`); one that is
/// there, from wherever, is used as it is.
fn install_node() -> Result {
    let missing: Vec<&str> = [("node", "nodejs"), (npm(), "npm")]
        .into_iter()
        .filter(|(program, _)| !runs(Command::new(program).arg("--version")))
        .map(|(_, package)| package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if cfg!(target_os = "linux") {
        install_debian_packages(&missing)?;
    }
    if runs(Command::new("node").arg("--version")) && runs(Command::new(npm()).arg("--version")) {
        Ok(())
    } else {
        Err("the UI's checks need Node.js (18 or newer) and npm on the PATH".into())
    }
}

/// npm is a batch file on Windows, which `Command` does not find by its
/// bare name.
fn npm() -> &'static str {
    if cfg!(windows) {
        "npm.cmd"
    } else {
        "npm"
    }
}

/// Whether the command starts and succeeds (its output is not shown).
fn runs(cmd: &mut Command) -> bool {
    cmd.output().is_ok_and(|o| o.status.success())
}

/// TypeScript `TYPESCRIPT` from the npm registry, into
/// `<target>/tools/typescript` (nothing when that version is there).
/// Returns the compiler's script, run with `node`.
fn install_typescript() -> Result<PathBuf> {
    let dir = install_npm_package("typescript", TYPESCRIPT)?;
    Ok(dir.join("bin").join("tsc"))
}

/// axe-core `AXE_CORE` from the npm registry, into `<target>/tools/axe-core`
/// (nothing when that version is there). Returns its script for pages.
fn install_axe() -> Result<PathBuf> {
    let dir = install_npm_package("axe-core", AXE_CORE)?;
    Ok(dir.join("axe.min.js"))
}

/// The npm package `name` at `version` into `<target>/tools/<name>`, unless
/// that version is there. Returns the package's folder.
fn install_npm_package(name: &str, version: &str) -> Result<PathBuf> {
    install_node()?;
    let dir = target_dir().join("tools").join(name);
    let package = dir.join("node_modules").join(name);
    let manifest = std::fs::read_to_string(package.join("package.json")).unwrap_or_default();
    let installed = manifest.contains(&format!("\"version\": \"{version}\""));
    if !installed {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        status(
            Command::new(npm())
                .arg("install")
                .arg("--prefix")
                .arg(&dir)
                .args(["--no-save", "--no-audit", "--no-fund", "--no-package-lock"])
                .arg(format!("{name}@{version}")),
        )?;
    }
    Ok(package)
}

fn install_debian_packages(packages: &[&str]) -> Result {
    if Command::new("dpkg-query")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("xtask: no dpkg here; install the equivalent of {packages:?} by hand");
        return Ok(());
    }
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| !debian_package_installed(p))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: installing {}", missing.join(" "));
    let as_root = is_root();
    let apt = |args: &[&str]| -> Command {
        let mut cmd = if as_root {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        cmd.env("DEBIAN_FRONTEND", "noninteractive").args(args);
        cmd
    };
    status(&mut apt(&["update", "-q"]))?;
    let mut install = apt(&["install", "-y", "-q"]);
    install.args(&missing);
    status(&mut install)
}

fn debian_package_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// tauri-driver bridges WebDriver to the app's webview for the end-to-end
/// tests. Installed from the package registry, pinned to 2.x.
fn install_tauri_driver() -> Result {
    let found = Command::new("tauri-driver").arg("--help").output().is_ok()
        || cargo_bin_dir()
            .join(format!("tauri-driver{}", env::consts::EXE_SUFFIX))
            .exists();
    if found {
        return Ok(());
    }
    status(cargo().args(["install", "tauri-driver", "--version", "^2", "--locked"]))
}

/// rustfmt and clippy, through rustup, when the toolchain lacks them.
fn install_rust_components() -> Result {
    let missing: Vec<&str> = [("fmt", "rustfmt"), ("clippy", "clippy")]
        .into_iter()
        .filter(|(sub, _)| {
            !cargo()
                .args([*sub, "--version"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(|(_, component)| component)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    status(
        Command::new("rustup")
            .args(["component", "add"])
            .args(&missing),
    )
}

fn cargo_bin_dir() -> PathBuf {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default()
        .join("bin")
}

/// Writes the sample documents and renders each page with pdftoppm, so a
/// person can look at them.
fn samples() -> Result {
    if cfg!(target_os = "linux") {
        install_debian_packages(&["poppler-utils"])?;
    }
    let out = target_dir().join("samples");
    status(
        cargo()
            .args([
                "run",
                "--locked",
                "--release",
                "-p",
                "kiz",
                "--example",
                "samples",
                "--",
            ])
            .arg(&out),
    )?;
    for entry in std::fs::read_dir(&out)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "pdf") {
            let prefix = path.with_extension("");
            status(
                Command::new("pdftoppm")
                    .args(["-r", "100", "-png"])
                    .arg(&path)
                    .arg(&prefix),
            )?;
        }
    }
    eprintln!("xtask: samples in {}", out.display());
    Ok(())
}

/// Runs the benchmarks in `benches/` (release build); they print figures,
/// among them the checkout latency during a backup (`benches/backup.rs`).
/// The lending benchmark keeps its large database and the reports benchmark
/// its database of 1,000,000 loans; on Linux the end-to-end tests then run
/// on them in the real window (release build, as shipped) and print the
/// time from a scan's Enter to the row on screen, from each keystroke of a
/// search to the updated list (Medien, Ausleihende, Organisationen, the
/// desk's name search; participants on the demo fair), from a click in the
/// navigation to a long list's first rows, the time between frames while
/// scrolling a page of 1,000 rows, the memory after a minute of searching
/// and scrolling the catalogue, and from a click on "Berichte" to the
/// painted figures of a year.
fn bench() -> Result {
    // The catalogue benchmark also measures the search on the shared
    // database: every step runs inside one throwaway PostgreSQL cluster.
    if cfg!(target_os = "linux") && !test_server::inside() {
        ensure_test_packages()?;
        return test_server::run_inside(&["bench".to_owned()]);
    }
    let dir = target_dir().join("bench");
    let large = dir.join("kiz-desk.sqlite");
    // The 100,000-media Mediathek is generated once per run by the first
    // benchmark that needs it (backup, then catalogue) and reused.
    let mediathek = dir.join("mediathek.sqlite");
    let reports = dir.join("reports.sqlite");
    // The public site written from those media (benches/site.rs).
    let site = dir.join("site");
    let _ = std::fs::remove_file(&mediathek);
    let _ = std::fs::remove_file(&reports);
    status(
        cargo()
            .args(["bench", "--locked", "-p", "kiz"])
            .env("KIZ_BENCH_DATABASE", &large)
            .env("KIZ_BENCH_DB", &mediathek)
            .env("KIZ_BENCH_REPORTS_DB", &reports)
            .env("KIZ_BENCH_SITE_DIR", &site),
    )?;
    if cfg!(target_os = "linux") {
        ensure_test_packages()?;
        // The public site's search in Chromium, on the site the site
        // benchmark wrote from the 100,000 media.
        status(
            cargo()
                .args([
                    "test",
                    "--locked",
                    "--release",
                    "-p",
                    "kiz-desk",
                    "--test",
                    "site",
                    "--",
                    "--ignored",
                    "--nocapture",
                ])
                .env("KIZ_BENCH_SITE_DIR", &site),
        )?;
        startup_bench(&large)?;
        for (test, variable, database) in [
            ("scanning_a_stack", "KIZ_E2E_LARGE_DATABASE", &large),
            // Medien, Ausleihende, Organisationen and the desk's name
            // search; the participants' search (on the demo fair).
            (
                "every_keystroke_updates_the",
                "KIZ_E2E_LARGE_DATABASE",
                &large,
            ),
            // Scrolling a page of 1,000 rows (its own seeded lists).
            (
                "a_page_of_a_thousand_rows",
                "KIZ_E2E_LARGE_DATABASE",
                &large,
            ),
            // The memory after a minute of searching and scrolling.
            (
                "the_memory_after_a_minute",
                "KIZ_E2E_LARGE_DATABASE",
                &large,
            ),
            (
                "opening_the_long_lists_is_timed",
                "KIZ_E2E_LARGE_DATABASE",
                &large,
            ),
            (
                "opening_the_berichte_page",
                "KIZ_E2E_REPORTS_DATABASE",
                &reports,
            ),
        ] {
            status(
                Command::new("xvfb-run")
                    .current_dir(root())
                    .args(["-a", "-s", "-screen 0 1280x800x24"])
                    .arg(env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                    .args([
                        "test",
                        "--locked",
                        "--release",
                        "-p",
                        "kiz-desk",
                        "--test",
                        "e2e",
                        "--",
                        "--test-threads=1",
                        "--nocapture",
                        test,
                    ])
                    .env(variable, database),
            )?;
        }
    }
    Ok(())
}

/// Builds KIZ Desk and the reference window as shipped (release, the page
/// from the embedded files) and runs the start-up benchmark under Xvfb.
fn startup_bench(large: &std::path::Path) -> Result {
    status(cargo().args([
        "build",
        "--locked",
        "--release",
        "-p",
        "kiz-desk",
        "-p",
        "kiz-reference-window",
        "--features",
        "kiz-desk/custom-protocol,kiz-reference-window/custom-protocol",
    ]))?;
    let release = target_dir().join("release");
    print_executable_size(&release.join("kiz-desk"))?;
    let xtask = env::current_exe().map_err(|e| e.to_string())?;
    status(
        Command::new("xvfb-run")
            .args(["-a", "-s", "-screen 0 1280x800x24"])
            .arg(xtask)
            .arg("bench-startup")
            .arg(release.join("kiz-desk"))
            .arg(release.join("kiz-reference-window"))
            .arg(large)
            .arg(target_dir().join("bench").join("startup")),
    )
}

/// Prints the size of the executable as shipped (a stripped copy; the
/// build keeps its symbols), and of the Windows one if `cargo xtask dist`
/// built it.
fn print_executable_size(linux: &std::path::Path) -> Result {
    let copy = target_dir().join("bench").join("kiz-desk.stripped");
    std::fs::create_dir_all(target_dir().join("bench")).map_err(|e| e.to_string())?;
    std::fs::copy(linux, &copy).map_err(|e| format!("{}: {e}", linux.display()))?;
    status(Command::new("strip").arg(&copy))?;
    // In bytes too: one decimal of a megabyte hides whether 14.98 MB is
    // under the target.
    let size = |path: &std::path::Path| {
        std::fs::metadata(path)
            .map(|m| format!("{:.2} MB ({} bytes)", m.len() as f64 / 1e6, m.len()))
            .map_err(|e| e.to_string())
    };
    println!("\nexecutable, release, stripped (target at most 15 MB, 15,000,000 bytes):");
    println!("  Linux   kiz-desk      {}", size(&copy)?);
    let windows = target_dir()
        .join(windows::TARGET)
        .join("release")
        .join("kiz-desk.exe");
    if windows.exists() {
        let copy = target_dir().join("bench").join("kiz-desk.stripped.exe");
        std::fs::copy(&windows, &copy).map_err(|e| e.to_string())?;
        status(Command::new("x86_64-w64-mingw32-strip").arg(&copy))?;
        println!(
            "  Windows kiz-desk.exe  {} (from the last `cargo xtask dist`)",
            size(&copy)?
        );
    } else {
        println!("  Windows: not built (`cargo xtask dist` builds it)");
    }
    Ok(())
}

fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Rasterises `icons/icon.svg` into the PNG sizes Tauri bundles and a
/// Windows `.ico`, so the icon is reproducible from its source.
fn icons() -> Result {
    let dir = root().join("icons");
    let svg = std::fs::read(dir.join("icon.svg")).map_err(|e| e.to_string())?;
    let tree = resvg::usvg::Tree::from_data(&svg, &resvg::usvg::Options::default())
        .map_err(|e| format!("icon.svg: {e}"))?;
    let render = |size: u32| -> Result<resvg::tiny_skia::Pixmap> {
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size, size).ok_or("empty size")?;
        let scale = size as f32 / tree.size().width();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        Ok(pixmap)
    };
    for (name, size) in [
        ("32x32.png", 32),
        ("128x128.png", 128),
        ("128x128@2x.png", 256),
        ("icon.png", 512),
    ] {
        render(size)?
            .save_png(dir.join(name))
            .map_err(|e| format!("{name}: {e}"))?;
    }
    let mut ico = ico::IconDir::new(ico::ResourceType::Icon);
    for size in [16, 24, 32, 48, 64, 256] {
        let pixmap = render(size)?;
        // tiny-skia stores premultiplied RGBA; the icon wants straight alpha.
        let rgba: Vec<u8> = pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect();
        let image = ico::IconImage::from_rgba_data(size, size, rgba);
        ico.add_entry(ico::IconDirEntry::encode(&image).map_err(|e| e.to_string())?);
    }
    let file = std::fs::File::create(dir.join("icon.ico")).map_err(|e| e.to_string())?;
    ico.write(file).map_err(|e| e.to_string())?;
    // The window shows the same drawing next to the app's name.
    std::fs::write(root().join("ui").join("logo.svg"), &svg).map_err(|e| e.to_string())?;
    eprintln!("xtask: icons written to {}", dir.display());
    Ok(())
}
