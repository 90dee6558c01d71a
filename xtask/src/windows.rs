//! The Windows side of `cargo xtask test`, run from a Linux machine: clippy
//! for `x86_64-pc-windows-gnu` over the whole workspace (every
//! `cfg(windows)` line is compiled on every change), then the core's tests
//! built for Windows and run under Wine. Those exercise what differs on
//! Windows: SQLite's Windows file layer and its locking, paths with drive
//! letters and backslashes, files that must be closed before they can be
//! renamed or removed.
//!
//! Everything it needs is installed when missing: the Rust target through
//! rustup, the MinGW-w64 C compiler (the bundled SQLite is C) and Wine from
//! the Debian packages. Wine runs in a prefix of its own below the target
//! folder, without a display.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{cargo, install_debian_packages, status, step, target_dir, Result};

/// The Rust target of the Windows build.
pub const TARGET: &str = "x86_64-pc-windows-gnu";

/// Debian packages: the C compiler and linker for the target, and Wine.
const PACKAGES: &[&str] = &["gcc-mingw-w64-x86-64", "wine64"];

/// The C compiler of the MinGW-w64 package.
const MINGW_GCC: &str = "x86_64-w64-mingw32-gcc";

/// Installs what the Windows steps need and is missing: the Rust target,
/// MinGW-w64 and Wine.
pub fn install() -> Result {
    install_debian_packages(PACKAGES)?;
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("could not start rustup: {e}"))?;
    if !String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|line| line.trim() == TARGET)
    {
        status(Command::new("rustup").args(["target", "add", TARGET]))?;
    }
    Ok(())
}

/// clippy with `-D warnings` for the Windows target, over the workspace and
/// all targets.
pub fn clippy() -> Result {
    step(
        &format!("clippy (Windows: {TARGET})"),
        cargo().args([
            "clippy",
            "--locked",
            "--workspace",
            "--all-targets",
            "--target",
            TARGET,
            "--",
            "-D",
            "warnings",
        ]),
    )
}

/// The core's tests built for Windows and run under Wine; `extra` goes to
/// the test binaries as in the Linux run.
pub fn core_tests(extra: &[String]) -> Result {
    let mut cmd = tests_under_wine()?;
    cmd.arg("--").args(extra);
    step("core tests under Wine", &mut cmd)
}

/// The shell's own unit tests for Windows under Wine: the lock that keeps
/// one app per data folder, the data folder below `%LOCALAPPDATA%`,
/// `GetDriveTypeW` for the network-drive warning, the print folder, and
/// the shared database's password in the Credential Manager.
/// (Its window tests need WebView2, which Wine lacks: they run on Linux.)
pub fn shell_tests(extra: &[String]) -> Result {
    let mut cmd = under_wine()?;
    // The test program loads WebView2Loader.dll, which the build writes
    // into the profile's folder (not beside the test program in deps/):
    // Wine looks for DLLs on WINEPATH too (Z: is the Linux root).
    let dll_dir = target_dir().join(TARGET).join("debug");
    cmd.env(
        "WINEPATH",
        format!("Z:{}", dll_dir.display()).replace('/', "\\"),
    )
    .args([
        "test", "--locked", "-p", "kiz-desk", "--lib", "--target", TARGET, "--",
    ])
    .args(extra);
    step("shell unit tests under Wine", &mut cmd)
}

/// The durability test (`tests/durability.rs`) built for Windows and run
/// under Wine: the worker is ended with TerminateProcess (Wine kills its
/// process) 200 times mid-transaction, and SQLite's Windows file layer and
/// locking must keep every committed operation.
pub fn durability_test() -> Result {
    let mut cmd = tests_under_wine()?;
    cmd.args(["--test", "durability", "--", "--ignored", "--nocapture"]);
    step("durability test under Wine", &mut cmd)
}

/// `cargo test` of the core (the shell is left out: WebView2 does not exist
/// under Wine) for the Windows target, its test programs run by Wine in the
/// prefix below the target folder (made ready first). Both Wine steps build
/// with the same packages and settings, so the second builds nothing anew.
fn tests_under_wine() -> Result<Command> {
    let mut cmd = under_wine()?;
    cmd.args([
        "test",
        "--locked",
        "--workspace",
        "--exclude",
        "kiz-desk",
        "--target",
        TARGET,
    ]);
    Ok(cmd)
}

/// `cargo` with Wine as the Windows target's runner, in the prefix below
/// the target folder (made ready first).
fn under_wine() -> Result<Command> {
    let wine = wine()?;
    let prefix = target_dir().join("wine-prefix");
    prepare_prefix(&wine, &prefix)?;
    let mut cmd = cargo();
    cmd.env(
        format!(
            "CARGO_TARGET_{}_RUNNER",
            TARGET.to_uppercase().replace('-', "_")
        ),
        &wine,
    )
    .env("WINEPREFIX", &prefix)
    .env("WINEDEBUG", "-all")
    // Without debug info: with it, each Windows test program is over
    // 400 MB (MinGW keeps the DWARF in the .exe), about 13 GB for all of
    // them; without, under 100 MB each. A panic still names its file and
    // line.
    .env("CARGO_PROFILE_DEV_DEBUG", "0");
    Ok(cmd)
}

/// The Wine loader for 64-bit programs. Debian's `wine` is a script that
/// asks for the 32-bit Wine (not installed) before it runs
/// `/usr/lib/wine/wine64`; that loader is taken directly when it is there,
/// else `wine64` or `wine` from the PATH (other distributions, Wine 9 and
/// later).
fn wine() -> Result<PathBuf> {
    let debian = Path::new("/usr/lib/wine/wine64");
    if debian.exists() {
        return Ok(debian.to_path_buf());
    }
    ["wine64", "wine"]
        .into_iter()
        .find(|w| {
            Command::new(w)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(PathBuf::from)
        .ok_or_else(|| "no Wine found (wine64 or wine on the PATH)".into())
}

/// The prefix's wineserver, kept running for as long as the value lives.
/// Without it each test program starts the server anew and the server
/// ends 3 s after the last program left; a program that connects just as
/// it ends fails with "recvmsg: Connection reset by peer" (seen in CI
/// between two test programs). Dropping the value ends the server.
pub struct WineServer {
    server: PathBuf,
    prefix: PathBuf,
}

/// Starts the wineserver of the test prefix persistently (`-p`), after
/// making the prefix ready.
pub fn keep_server_running() -> Result<WineServer> {
    let wine = wine()?;
    let prefix = target_dir().join("wine-prefix");
    prepare_prefix(&wine, &prefix)?;
    let server = server_beside(&wine);
    status(
        Command::new(&server)
            .arg("-p")
            .env("WINEPREFIX", &prefix)
            .env("WINEDEBUG", "-all"),
    )?;
    Ok(WineServer { server, prefix })
}

/// The wineserver that belongs to `wine`: Debian's `wineserver64` beside
/// it, else the one on the PATH.
fn server_beside(wine: &Path) -> PathBuf {
    let beside = wine.with_file_name("wineserver64");
    if beside.exists() {
        beside
    } else {
        PathBuf::from("wineserver")
    }
}

impl Drop for WineServer {
    fn drop(&mut self) {
        // Ends the server (and any program of the prefix still running).
        let _ = Command::new(&self.server)
            .arg("-k")
            .env("WINEPREFIX", &self.prefix)
            .status();
    }
}

/// Creates the Wine prefix when it is missing and puts the stand-in
/// `bcryptprimitives.dll` (see `xtask/wine/bcryptprimitives.c`) into its
/// system32. Needs no display.
fn prepare_prefix(wine: &Path, prefix: &Path) -> Result {
    if !prefix.join("system.reg").exists() {
        eprintln!("xtask: creating the Wine prefix {}", prefix.display());
        std::fs::create_dir_all(prefix).map_err(|e| format!("{}: {e}", prefix.display()))?;
        status(
            Command::new(wine)
                .args(["wineboot", "--init"])
                .env("WINEPREFIX", prefix)
                .env("WINEDEBUG", "-all"),
        )?;
        // wineboot leaves the prefix's server running for a few seconds;
        // `wineserver -p` refuses to start while it runs (exit status 2,
        // seen in CI on a new prefix), so wait for it to end.
        status(
            Command::new(server_beside(wine))
                .arg("-w")
                .env("WINEPREFIX", prefix)
                .env("WINEDEBUG", "-all"),
        )?;
    }
    let system32 = prefix.join("drive_c").join("windows").join("system32");
    let dll = system32.join("bcryptprimitives.dll");
    if !dll.exists() {
        let source = super::root()
            .join("xtask")
            .join("wine")
            .join("bcryptprimitives.c");
        let built = target_dir().join("wine-bcryptprimitives.dll");
        status(
            Command::new(MINGW_GCC)
                .args(["-shared", "-O2", "-s", "-o"])
                .arg(&built)
                .arg(&source)
                .arg("-lbcrypt"),
        )?;
        std::fs::copy(&built, &dll).map_err(|e| format!("{}: {e}", dll.display()))?;
    }
    Ok(())
}
