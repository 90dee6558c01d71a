//! `cargo xtask dist`: the release, built from Linux (Debian 12).
//!
//! It installs what is missing (the Windows Rust target; the Debian packages
//! for the MinGW cross compiler, NSIS, 7-Zip, Wine and dpkg-dev), then
//! builds into `<target dir>/dist/`:
//!
//! - `KIZ-Desk_<version>_x64-setup.exe`: the NSIS installer of the Windows
//!   build (`src-tauri/windows/installer.nsi`); with `--webview2-offline
//!   <file>` also `KIZ-Desk_<version>_x64-setup-offline.exe`, which carries
//!   Microsoft's standalone WebView2 runtime installer;
//! - `kiz-desk_<version>_amd64.deb`: the Linux build as a Debian package;
//! - when `KIZ_UPDATE_SIGNING_KEY` is set: `KIZ-Desk_<version>_x64-setup.exe.sig`
//!   and `latest.json`, the update the app's updater fetches (see
//!   [`signing`]).
//!
//! On Windows it builds the exe, the MSI (WiX, see [`msi`]) and, when
//! `makensis` is on the PATH, the NSIS installer; no `.deb`.
//!
//! Every run ends with a self-check ([`check`]) that fails the run: the
//! executables are PE32+ for x86-64 with the Cargo.toml version in their
//! version resource, the installer holds the exe, the WebView2 loader and
//! the uninstaller, and (with Wine) installing and uninstalling for real
//! leaves what it should.
//!
//! Why not `cargo tauri build`: tauri-cli's bundler downloads NSIS and its
//! plugins (and the WiX tools) from GitHub at build time, which these build
//! machines cannot reach and a reproducible release should not depend on.
//! Debian's `nsis` and `dpkg-deb` are ordinary packages; our own NSIS script
//! and a few lines of packaging are all that is needed, and the installer
//! does exactly what docs/release.md promises IT.

mod check;
mod deb;
mod msi;
mod signing;

pub(crate) use signing::update_key;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{cargo, install_debian_packages, root, status, target_dir, Result};

/// The Rust target of the Windows build made on Linux.
const WINDOWS_TARGET: &str = "x86_64-pc-windows-gnu";

/// What `dist` needs on Debian besides the app's own build packages: the
/// MinGW cross compiler and its binutils (windres for the version resource
/// and icon), NSIS, 7-Zip (reads the installer in the self-check), Wine
/// (runs it), dpkg-dev (dpkg-shlibdeps for the package's dependencies).
const DIST_PACKAGES: &[&str] = &[
    "gcc-mingw-w64-x86-64",
    "binutils-mingw-w64-x86-64",
    "nsis",
    "p7zip-full",
    "wine",
    "wine64",
    "dpkg-dev",
];

/// The command-line options of `cargo xtask dist`.
struct Options {
    /// Microsoft's standalone WebView2 runtime installer, for the offline
    /// installer variant.
    webview2_offline: Option<PathBuf>,
    /// The German release notes for `latest.json` (required when signing).
    notes: Option<PathBuf>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Self> {
        let mut options = Options {
            webview2_offline: None,
            notes: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = |name: &str| {
                args.next()
                    .map(PathBuf::from)
                    .ok_or_else(|| format!("{name} needs a file"))
            };
            match arg.as_str() {
                "--webview2-offline" => {
                    options.webview2_offline = Some(value("--webview2-offline")?)
                }
                "--notes" => options.notes = Some(value("--notes")?),
                other => return Err(format!("dist: unknown argument {other:?}")),
            }
        }
        for file in [&options.webview2_offline, &options.notes]
            .into_iter()
            .flatten()
        {
            if !file.is_file() {
                return Err(format!("{}: no such file", file.display()));
            }
        }
        Ok(options)
    }
}

/// What a run made, and its figures, printed at the end.
struct Artifacts {
    version: String,
    dist: PathBuf,
    windows_exe: PathBuf,
    setup: Option<PathBuf>,
    setup_offline: Option<PathBuf>,
    deb: Option<PathBuf>,
    msi: Option<PathBuf>,
    signature: Option<PathBuf>,
}

pub(crate) fn run(args: &[String]) -> Result {
    let started = Instant::now();
    let options = Options::parse(args)?;
    let version = workspace_version()?;
    check_tauri_conf_version(&version)?;
    // Read the key before the long builds: a wrong password fails now.
    let signing = signing::Release::from_env(&version, options.notes.as_deref())?;
    // Made afresh: no signature or manifest of an earlier run may stay
    // beside an installer it does not belong to.
    let dist = target_dir().join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    }
    std::fs::create_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    // The app gets the update's public key and endpoint at compile time.
    let app_env = match &signing {
        Some(release) => release.app_env()?,
        None => Vec::new(),
    };

    let artifacts = if cfg!(windows) {
        build_on_windows(&version, &dist, &app_env, &options)?
    } else {
        build_on_linux(&version, &dist, &app_env, &options)?
    };
    let mut artifacts = artifacts;
    if let Some(release) = &signing {
        let setup = artifacts
            .setup
            .as_deref()
            .ok_or("signing needs the NSIS installer, which was not built")?;
        artifacts.signature = Some(release.sign_and_write_manifest(setup, &dist)?);
    }
    check::all(
        &artifacts,
        signing.as_ref(),
        options.webview2_offline.is_some(),
    )?;
    print_figures(&artifacts, started);
    Ok(())
}

fn build_on_linux(
    version: &str,
    dist: &Path,
    app_env: &[(&'static str, String)],
    options: &Options,
) -> Result<Artifacts> {
    let mut packages: Vec<&str> = crate::BUILD_PACKAGES.to_vec();
    packages.extend(DIST_PACKAGES);
    install_debian_packages(&packages)?;
    install_rust_target(WINDOWS_TARGET)?;

    // Windows: the exe (tauri-build embeds the icon and the version resource
    // through MinGW's windres), WebView2Loader.dll beside it, the installer.
    build_app(Some(WINDOWS_TARGET), app_env)?;
    let built = target_dir().join(WINDOWS_TARGET).join("release");
    let loader = built.join("WebView2Loader.dll");
    if !loader.is_file() {
        return Err(format!(
            "{} is missing: tauri-build writes it beside the exe",
            loader.display()
        ));
    }
    // What ships is stripped; the build keeps its symbols for reading the
    // addresses of a crash report.
    let windows_exe = target_dir()
        .join("dist-work")
        .join("windows")
        .join("kiz-desk.exe");
    strip(
        "x86_64-w64-mingw32-strip",
        &built.join("kiz-desk.exe"),
        &windows_exe,
    )?;
    let (setup, setup_offline) = installers(version, &windows_exe, Some(&loader), dist, options)?;

    // Linux: the release build as a Debian package, without the update's
    // key and address: the manifest offers only the Windows installer, and
    // on Linux the package manager updates the app (its settings say that
    // this build is not set up for updates).
    build_app(None, &[])?;
    let linux_exe = target_dir()
        .join("dist-work")
        .join("linux")
        .join("kiz-desk");
    strip(
        "strip",
        &target_dir().join("release").join("kiz-desk"),
        &linux_exe,
    )?;
    let deb = deb::build(version, &linux_exe, dist)?;

    Ok(Artifacts {
        version: version.to_owned(),
        dist: dist.to_owned(),
        windows_exe,
        setup: Some(setup),
        setup_offline,
        deb: Some(deb),
        msi: None,
        signature: None,
    })
}

fn build_on_windows(
    version: &str,
    dist: &Path,
    app_env: &[(&'static str, String)],
    options: &Options,
) -> Result<Artifacts> {
    // The host's (MSVC) build: it links the WebView2 loader statically.
    build_app(None, app_env)?;
    let exe_dir = target_dir().join("release");
    let windows_exe = exe_dir.join("kiz-desk.exe");
    let loader = Some(exe_dir.join("WebView2Loader.dll")).filter(|p| p.is_file());
    let msi = msi::build(version, &windows_exe, loader.as_deref(), dist)?;
    let (setup, setup_offline) = if crate::runs(Command::new("makensis").arg("-VERSION")) {
        let (setup, offline) = installers(version, &windows_exe, loader.as_deref(), dist, options)?;
        (Some(setup), offline)
    } else {
        eprintln!("xtask: makensis is not on the PATH: no NSIS installer (install NSIS 3)");
        (None, None)
    };
    Ok(Artifacts {
        version: version.to_owned(),
        dist: dist.to_owned(),
        windows_exe,
        setup,
        setup_offline,
        deb: None,
        msi: Some(msi),
        signature: None,
    })
}

/// The release build of the app for `target` (the host's when `None`),
/// with the update's public key and endpoint in its environment.
fn build_app(target: Option<&str>, app_env: &[(&'static str, String)]) -> Result {
    let mut cmd = cargo();
    cmd.args(["build", "--locked", "--release"]);
    if let Some(target) = target {
        cmd.args(["--target", target]);
    }
    cmd.args(["-p", "kiz-desk", "--features", "custom-protocol"])
        // Only what this build is given, never a key left in the shell.
        .env_remove("KIZ_UPDATE_PUBKEY")
        .env_remove("KIZ_UPDATE_ENDPOINT")
        .envs(app_env.iter().map(|(k, v)| (*k, v)));
    status(&mut cmd)
}

/// Writes `from` without symbols and debug information to `to`.
fn strip(program: &str, from: &Path, to: &Path) -> Result {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    status(
        Command::new(program)
            .arg("--strip-all")
            .arg("-o")
            .arg(to)
            .arg(from),
    )
}

/// The installer, and the offline one when asked for.
fn installers(
    version: &str,
    exe: &Path,
    loader: Option<&Path>,
    dist: &Path,
    options: &Options,
) -> Result<(PathBuf, Option<PathBuf>)> {
    let setup = dist.join(setup_name(version, false));
    makensis(version, exe, loader, &setup, None)?;
    let offline = match &options.webview2_offline {
        Some(runtime) => {
            let path = dist.join(setup_name(version, true));
            makensis(version, exe, loader, &path, Some(runtime))?;
            Some(path)
        }
        None => None,
    };
    Ok((setup, offline))
}

/// `KIZ-Desk_<version>_x64-setup.exe`, or `…-setup-offline.exe`.
fn setup_name(version: &str, offline: bool) -> String {
    let suffix = if offline { "-offline" } else { "" };
    format!("KIZ-Desk_{version}_x64-setup{suffix}.exe")
}

/// Runs makensis on `src-tauri/windows/installer.nsi`.
fn makensis(
    version: &str,
    exe: &Path,
    loader: Option<&Path>,
    out: &Path,
    webview2_offline: Option<&Path>,
) -> Result {
    let define = |name: &str, value: &Path| format!("-D{name}={}", value.display());
    let mut cmd = Command::new("makensis");
    cmd.current_dir(root().join("src-tauri").join("windows"))
        .args(["-V2", "-INPUTCHARSET", "UTF8"])
        .arg(format!("-DVERSION={version}"))
        .arg(format!("-DVERSION4={}", four_part_version(version)?))
        .arg(define("APP_EXE_SOURCE", exe))
        .arg(define(
            "ICON_SOURCE",
            &root().join("icons").join("icon.ico"),
        ))
        .arg(define("OUTFILE", out));
    if let Some(loader) = loader {
        cmd.arg(define("LOADER_SOURCE", loader));
    }
    if let Some(runtime) = webview2_offline {
        cmd.arg(define("WEBVIEW2_OFFLINE", &absolute(runtime)?));
    }
    cmd.arg("installer.nsi");
    status(&mut cmd)
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// "0.1.0" -> "0.1.0.0", the form of a Windows version resource (a
/// pre-release or build suffix is dropped).
fn four_part_version(version: &str) -> Result<String> {
    let core = version.split(['-', '+']).next().unwrap_or(version);
    let parts: Vec<u16> = core
        .split('.')
        .map(|p| p.parse::<u16>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| format!("version {version:?} is not three numbers below 65536"))?;
    match parts.as_slice() {
        [major, minor, patch] => Ok(format!("{major}.{minor}.{patch}.0")),
        _ => Err(format!("version {version:?} is not MAJOR.MINOR.PATCH")),
    }
}

/// The workspace version (`[workspace.package] version` in Cargo.toml).
fn workspace_version() -> Result<String> {
    let path = root().join("Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let manifest: toml::Table =
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    manifest
        .get("workspace")
        .and_then(|w| w.get("package"))
        .and_then(|p| p.get("version"))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .ok_or_else(|| format!("{}: no [workspace.package] version", path.display()))
}

/// tauri-build writes the version resource from tauri.conf.json's
/// `version`, and the updater compares with it: it must be Cargo.toml's.
fn check_tauri_conf_version(version: &str) -> Result {
    let path = root().join("src-tauri").join("tauri.conf.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let conf: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    match conf.get("version").and_then(|v| v.as_str()) {
        Some(v) if v == version => Ok(()),
        None => Ok(()),
        Some(v) => Err(format!(
            "{}: version {v} differs from Cargo.toml's {version}; set both",
            path.display()
        )),
    }
}

/// `rustup target add`, when the target's standard library is missing.
fn install_rust_target(target: &str) -> Result {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l == target)
        });
    if installed {
        return Ok(());
    }
    status(Command::new("rustup").args(["target", "add", target]))
}

fn print_figures(artifacts: &Artifacts, started: Instant) {
    let size = |path: &Path| {
        std::fs::metadata(path)
            .map(|m| format!("{:.1} MB ({} bytes)", m.len() as f64 / 1e6, m.len()))
            .unwrap_or_else(|_| "?".into())
    };
    eprintln!(
        "xtask: dist {} in {}",
        artifacts.version,
        artifacts.dist.display()
    );
    eprintln!("  kiz-desk.exe          {}", size(&artifacts.windows_exe));
    for path in [
        &artifacts.setup,
        &artifacts.setup_offline,
        &artifacts.deb,
        &artifacts.msi,
        &artifacts.signature,
    ]
    .into_iter()
    .flatten()
    {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        eprintln!("  {name:<40} {}", size(path));
    }
    if artifacts.signature.is_some() {
        eprintln!("  latest.json");
    }
    eprintln!("  time: {:.0} s", started.elapsed().as_secs_f64());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_windows_version_has_four_parts_without_the_pre_release() {
        assert_eq!(four_part_version("0.1.0").unwrap(), "0.1.0.0");
        assert_eq!(four_part_version("1.12.3-rc.1").unwrap(), "1.12.3.0");
        assert!(four_part_version("1.2").is_err(), "MAJOR.MINOR.PATCH only");
        assert!(
            four_part_version("1.2.70000").is_err(),
            "a part must fit 16 bits"
        );
    }

    #[test]
    fn the_setup_names_are_those_the_docs_and_the_update_manifest_use() {
        assert_eq!(setup_name("0.1.0", false), "KIZ-Desk_0.1.0_x64-setup.exe");
        assert_eq!(
            setup_name("0.1.0", true),
            "KIZ-Desk_0.1.0_x64-setup-offline.exe"
        );
    }
}
