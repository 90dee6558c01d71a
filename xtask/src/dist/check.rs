//! The self-check at the end of every `cargo xtask dist`; any failure fails
//! the run.
//!
//! - `kiz-desk.exe` and each installer are PE32+ for x86-64, Windows GUI
//!   programs, with the Cargo.toml version as FileVersion and
//!   ProductVersion (strings and fixed part) and an icon;
//! - each installer holds `kiz-desk.exe` (byte for byte the one built),
//!   `WebView2Loader.dll` and the uninstaller (listed and unpacked with 7-Zip,
//!   which reads NSIS); the offline one also holds the WebView2 runtime
//!   installer;
//! - under Wine (own prefix below the target dir): a silent per-user install
//!   lands in `%LOCALAPPDATA%\Programs\KIZ Desk` with its Start-menu entry and
//!   "Apps & Features" entry, and its silent uninstall removes them and keeps
//!   the data folder; a silent per-machine install into a `/D=` folder
//!   uninstalls with `/DELETEDATA` and takes the data folder along;
//! - the `.deb` names the version and holds `/usr/bin/kiz-desk`;
//! - a written signature verifies against the public key as the app's
//!   updater checks it.

use std::path::{Path, PathBuf};
use std::process::Command;

use pelite::pe64::{Pe as _, PeFile};

use super::signing;
use super::Artifacts;
use crate::{status, target_dir, Result};

const DATA_FOLDER: &str = "de.rhein-sieg-kreis.kiz-desk";
const UNINSTALL_KEY: &str = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\KIZ Desk";
/// What makes the installer take the WebView2 runtime as present.
const WEBVIEW2_KEY: &str =
    r"HKCU\Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}";

pub(super) fn all(
    artifacts: &Artifacts,
    signing: Option<&signing::Release>,
    offline: bool,
) -> Result {
    let version = &artifacts.version;
    eprintln!("xtask: self-check");
    pe_file(&artifacts.windows_exe, version)?;
    let exe_bytes = read(&artifacts.windows_exe)?;
    for (setup, offline) in [(&artifacts.setup, false), (&artifacts.setup_offline, true)] {
        let Some(setup) = setup else { continue };
        pe_file(setup, version)?;
        installer_contents(setup, &exe_bytes, offline)?;
    }
    if offline && artifacts.setup_offline.is_none() {
        return Err("the offline installer was asked for and not built".into());
    }
    if let Some(setup) = &artifacts.setup {
        if crate::runs(Command::new("wine").arg("--version")) {
            wine_install_and_uninstall(setup, &exe_bytes)?;
        } else {
            eprintln!("xtask: no Wine here: the installer was listed, not run");
        }
    }
    if let Some(deb) = &artifacts.deb {
        deb_package(deb, version)?;
    }
    if let (Some(release), Some(sig), Some(setup)) =
        (signing, &artifacts.signature, &artifacts.setup)
    {
        let signature =
            std::fs::read_to_string(sig).map_err(|e| format!("{}: {e}", sig.display()))?;
        signing::verify(&read(setup)?, &signature, &release.public_key()?, version)?;
        let manifest = artifacts.dist.join("latest.json");
        let text = std::fs::read_to_string(&manifest)
            .map_err(|e| format!("{}: {e}", manifest.display()))?;
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("latest.json: {e}"))?;
        if json["version"] != version.as_str()
            || json["platforms"]["windows-x86_64"]["signature"] != signature.as_str()
        {
            return Err("latest.json does not name this version and signature".into());
        }
        eprintln!("xtask: check: the signature verifies with the public key built into the app");
    }
    eprintln!("xtask: self-check passed");
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// PE32+, x86-64, GUI, an icon, and `version` in the version resource.
fn pe_file(path: &Path, version: &str) -> Result {
    let name = path.display();
    let bytes = read(path)?;
    let pe = PeFile::from_bytes(&bytes).map_err(|e| format!("{name}: not a PE32+ file: {e}"))?;
    let machine = pe.file_header().Machine;
    if machine != pelite::image::IMAGE_FILE_MACHINE_AMD64 {
        return Err(format!("{name}: machine {machine:#x}, not x86-64"));
    }
    let subsystem = pe.optional_header().Subsystem;
    if subsystem != pelite::image::IMAGE_SUBSYSTEM_WINDOWS_GUI {
        return Err(format!(
            "{name}: subsystem {subsystem}, not a Windows GUI program"
        ));
    }
    let resources = pe
        .resources()
        .map_err(|e| format!("{name}: no resources: {e}"))?;
    if resources.icons().next().is_none() {
        return Err(format!("{name}: no icon"));
    }
    let info = resources
        .version_info()
        .map_err(|e| format!("{name}: no version resource: {e}"))?;
    let fixed = info
        .fixed()
        .ok_or_else(|| format!("{name}: no fixed version info"))?;
    let expected = super::four_part_version(version)?;
    for (what, v) in [
        ("file", fixed.dwFileVersion),
        ("product", fixed.dwProductVersion),
    ] {
        let found = format!("{}.{}.{}.{}", v.Major, v.Minor, v.Patch, v.Build);
        if found != expected {
            return Err(format!(
                "{name}: fixed {what} version {found}, expected {expected}"
            ));
        }
    }
    // NSIS writes one version resource per language, each naming every
    // language but holding the strings of its own: the strings that are
    // there must all be right, and there must be some.
    for key in ["FileVersion", "ProductVersion"] {
        let values: Vec<String> = info
            .translation()
            .iter()
            .filter_map(|lang| info.value(*lang, key))
            .collect();
        if values.is_empty() {
            return Err(format!("{name}: the version resource has no {key}"));
        }
        if let Some(wrong) = values.iter().find(|v| *v != version) {
            return Err(format!("{name}: {key} is {wrong}, expected {version}"));
        }
    }
    eprintln!("xtask: check: {name}: PE32+ x86-64 GUI, version {version}, icon");
    Ok(())
}

/// The installer's files, listed and unpacked by 7-Zip.
fn installer_contents(setup: &Path, exe_bytes: &[u8], offline: bool) -> Result {
    let name = setup.display();
    // On Windows 7-Zip is optional (release.md); on Linux dist installs it.
    if cfg!(windows) && Command::new("7z").output().is_err() {
        eprintln!("xtask: no 7z on the PATH: the installer's contents were not listed");
        return Ok(());
    }
    let output = Command::new("7z")
        .args(["l", "-slt"])
        .arg(setup)
        .output()
        .map_err(|e| format!("7z: {e}"))?;
    if !output.status.success() {
        return Err(format!("7z cannot read {name}"));
    }
    let listing = String::from_utf8_lossy(&output.stdout);
    let paths: Vec<&str> = listing
        .lines()
        .filter_map(|l| l.strip_prefix("Path = "))
        .collect();
    // The host's MSVC build on Windows links the WebView2 loader into the
    // exe; the MinGW build ships it beside the exe.
    let mut wanted: Vec<&str> = PROGRAM_FILES
        .into_iter()
        .filter(|file| !(cfg!(windows) && *file == "WebView2Loader.dll"))
        .collect();
    if offline {
        wanted.push("$PLUGINSDIR/MicrosoftEdgeWebView2RuntimeInstallerX64.exe");
    }
    for file in &wanted {
        if !paths.contains(file) {
            return Err(format!("{name} does not hold {file} (it holds {paths:?})"));
        }
    }
    let unpacked = target_dir().join("dist-work").join("unpacked");
    if unpacked.exists() {
        std::fs::remove_dir_all(&unpacked).map_err(|e| format!("{}: {e}", unpacked.display()))?;
    }
    status(
        Command::new("7z")
            .args(["x", "-y", "-bd", "-bso0"])
            .arg(format!("-o{}", unpacked.display()))
            .arg(setup)
            .args(["kiz-desk.exe", "uninstall.exe"]),
    )?;
    if read(&unpacked.join("kiz-desk.exe"))? != exe_bytes {
        return Err(format!("{name}: its kiz-desk.exe is not the one built"));
    }
    let uninstaller = read(&unpacked.join("uninstall.exe"))?;
    PeFile::from_bytes(&uninstaller)
        .map_err(|e| format!("{name}: its uninstaller is not a PE32+ program: {e}"))?;
    eprintln!("xtask: check: {name} holds {}", wanted.join(", "));
    Ok(())
}

/// A Wine prefix of the check's own, made afresh.
struct Wine {
    prefix: PathBuf,
}

impl Wine {
    fn new() -> Result<Self> {
        let prefix = target_dir().join("dist-work").join("wine");
        if prefix.exists() {
            std::fs::remove_dir_all(&prefix).map_err(|e| format!("{}: {e}", prefix.display()))?;
        }
        let wine = Wine { prefix };
        // Without Mono and Gecko: nothing here needs them, and Wine would
        // otherwise ask to download them.
        wine.run("wineboot", &["-i"])?;
        Ok(wine)
    }

    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=");
        cmd
    }

    /// Runs a program and waits until every process of the prefix has
    /// ended (an NSIS uninstaller hands over to a copy of itself in %TEMP%).
    fn run(&self, program: &str, args: &[&str]) -> Result {
        let output = self
            .command(program)
            .args(args)
            .output()
            .map_err(|e| format!("{program}: {e}"))?;
        self.command("wineserver")
            .arg("-w")
            .status()
            .map_err(|e| format!("wineserver: {e}"))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "wine {program} {args:?} failed ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    }

    fn wine(&self, args: &[&str]) -> Result {
        self.run("wine", args)
    }

    /// The registry key's values as `reg query` prints them, or `None` when
    /// the key does not exist.
    fn reg_query(&self, key: &str) -> Option<String> {
        let output = self
            .command("wine")
            .args(["reg", "query", key])
            .output()
            .ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).replace('\r', ""))
    }

    fn drive_c(&self) -> PathBuf {
        self.prefix.join("drive_c")
    }

    /// The Wine user's profile folder (`C:\users\<name>`).
    fn profile(&self) -> Result<PathBuf> {
        let users = self.drive_c().join("users");
        std::fs::read_dir(&users)
            .map_err(|e| format!("{}: {e}", users.display()))?
            .flatten()
            .map(|e| e.path())
            .find(|p| p.file_name().is_some_and(|n| n != "Public") && p.join("AppData").is_dir())
            .ok_or_else(|| format!("no user profile in {}", users.display()))
    }
}

/// The three files an installation puts into its program folder.
const PROGRAM_FILES: [&str; 3] = ["kiz-desk.exe", "WebView2Loader.dll", "uninstall.exe"];

/// Each program file is in `folder` (`there`) or none is.
fn expect_program_files(folder: &Path, there: bool, case: &str) -> Result {
    for file in PROGRAM_FILES {
        let found = folder.join(file).is_file();
        if found != there {
            let what = if there {
                "missing"
            } else {
                "left after uninstall"
            };
            return Err(format!(
                "installer under Wine: {case}: {file} {what} in {}",
                folder.display()
            ));
        }
    }
    Ok(())
}

fn expect(condition: bool, what: &str) -> Result {
    if condition {
        Ok(())
    } else {
        Err(format!("installer under Wine: {what}"))
    }
}

/// Installs and uninstalls for real under Wine, per user and per machine.
fn wine_install_and_uninstall(setup: &Path, exe_bytes: &[u8]) -> Result {
    eprintln!("xtask: check: installing and uninstalling under Wine");
    let wine = Wine::new()?;
    let setup = setup.to_str().ok_or("the installer's path is not UTF-8")?;
    // The runtime counts as installed: nothing is downloaded here.
    wine.wine(&[
        "reg",
        "add",
        WEBVIEW2_KEY,
        "/v",
        "pv",
        "/d",
        "120.0.0.0",
        "/f",
    ])?;
    let profile = wine.profile()?;
    let local = profile.join("AppData").join("Local");
    let data = local.join(DATA_FOLDER);
    let start_menu = |common: bool| {
        if common {
            wine.drive_c().join("ProgramData")
        } else {
            profile.join("AppData").join("Roaming")
        }
        .join(r"Microsoft/Windows/Start Menu/Programs/KIZ Desk.lnk")
    };

    // Per user, the default: no switch but /S.
    wine.wine(&[setup, "/S"])?;
    let folder = local.join("Programs").join("KIZ Desk");
    expect_program_files(&folder, true, "per user")?;
    expect(
        read(&folder.join("kiz-desk.exe"))? == exe_bytes,
        "per user: another kiz-desk.exe",
    )?;
    expect(start_menu(false).is_file(), "per user: no Start-menu entry")?;
    let entry = wine
        .reg_query(&format!(r"HKCU\{UNINSTALL_KEY}"))
        .ok_or("per user: no uninstall entry in HKCU")?;
    for value in [
        "DisplayName",
        "DisplayVersion",
        "Publisher",
        "DisplayIcon",
        "UninstallString",
        "QuietUninstallString",
        "InstallLocation",
        "EstimatedSize",
        "NoModify",
        "NoRepair",
    ] {
        expect(
            entry.contains(value),
            &format!("per user: the entry lacks {value}"),
        )?;
    }
    expect(
        wine.reg_query(&format!(r"HKLM\{UNINSTALL_KEY}")).is_none(),
        "per user: an entry in HKLM",
    )?;
    // The app's data, to be kept.
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    std::fs::write(data.join("kiz-desk.sqlite"), b"data").map_err(|e| e.to_string())?;
    let uninstaller = r"C:\users\{user}\AppData\Local\Programs\KIZ Desk\uninstall.exe".replace(
        "{user}",
        &profile.file_name().unwrap_or_default().to_string_lossy(),
    );
    wine.wine(&[&uninstaller, "/S"])?;
    expect_program_files(&folder, false, "per user")?;
    expect(
        !start_menu(false).exists(),
        "per user: Start-menu entry left",
    )?;
    expect(
        wine.reg_query(&format!(r"HKCU\{UNINSTALL_KEY}")).is_none(),
        "per user: uninstall entry left",
    )?;
    expect(
        data.join("kiz-desk.sqlite").is_file(),
        "per user: the data folder was not kept",
    )?;

    // Per machine into a chosen folder (Wine runs as an administrator).
    wine.wine(&[setup, "/S", "/ALLUSERS", r"/D=C:\KIZ-Check\KIZDesk"])?;
    let folder = wine.drive_c().join("KIZ-Check").join("KIZDesk");
    expect_program_files(&folder, true, "per machine")?;
    expect(
        start_menu(true).is_file(),
        "per machine: no Start-menu entry for all users",
    )?;
    let entry = wine
        .reg_query(&format!(r"HKLM\{UNINSTALL_KEY}"))
        .ok_or("per machine: no uninstall entry in HKLM")?;
    expect(
        entry.contains(r"C:\KIZ-Check\KIZDesk\uninstall.exe"),
        "per machine: the entry does not name the chosen folder",
    )?;
    // Without a mode switch: the uninstaller finds the machine's entry.
    wine.wine(&[r"C:\KIZ-Check\KIZDesk\uninstall.exe", "/S", "/DELETEDATA"])?;
    expect(
        !folder.exists(),
        "per machine: the program folder was not removed",
    )?;
    expect(
        !start_menu(true).exists(),
        "per machine: Start-menu entry left",
    )?;
    expect(
        wine.reg_query(&format!(r"HKLM\{UNINSTALL_KEY}")).is_none(),
        "per machine: uninstall entry left",
    )?;
    expect(
        !data.exists(),
        "/DELETEDATA: the data folder is still there",
    )?;
    eprintln!(
        "xtask: check: Wine: per-user install and uninstall (data kept), per-machine install \
         into /D= and uninstall with /DELETEDATA (data gone)"
    );
    Ok(())
}

/// The package's version and its binary.
fn deb_package(deb: &Path, version: &str) -> Result {
    let field = Command::new("dpkg-deb")
        .arg("-f")
        .arg(deb)
        .arg("Version")
        .output()
        .map_err(|e| format!("dpkg-deb: {e}"))?;
    let found = String::from_utf8_lossy(&field.stdout).trim().to_owned();
    if found != version {
        return Err(format!(
            "{}: version {found:?}, expected {version}",
            deb.display()
        ));
    }
    let contents = Command::new("dpkg-deb")
        .arg("-c")
        .arg(deb)
        .output()
        .map_err(|e| format!("dpkg-deb: {e}"))?;
    let listing = String::from_utf8_lossy(&contents.stdout);
    for file in [
        "./usr/bin/kiz-desk",
        "./usr/share/applications/kiz-desk.desktop",
        "./usr/share/icons/hicolor/128x128/apps/kiz-desk.png",
    ] {
        if !listing.lines().any(|l| l.ends_with(file)) {
            return Err(format!("{} lacks {file}", deb.display()));
        }
    }
    eprintln!(
        "xtask: check: {}: version {version}, binary, desktop entry, icons",
        deb.display()
    );
    Ok(())
}
