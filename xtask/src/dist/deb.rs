//! The Linux release as a Debian package, made with `dpkg-deb` from a
//! folder tree: `/usr/bin/kiz-desk`, a `.desktop` entry, the hicolor icons
//! from `icons/`, and a control file whose `Depends` come from
//! `dpkg-shlibdeps` (the shared libraries the binary links: WebKitGTK, GTK,
//! libsoup, glibc …).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, status, target_dir, Result};

const PACKAGE: &str = "kiz-desk";

/// Used when `dpkg-shlibdeps` is not there (not Debian): the libraries a
/// Tauri 2 app on WebKitGTK 4.1 links, as Debian 12 names them, and
/// OpenSSL (the update download) and libdbus (the password store).
const FALLBACK_DEPENDS: &str = "libc6 (>= 2.34), libgcc-s1 (>= 4.2), libglib2.0-0 (>= 2.70), \
libgtk-3-0 (>= 3.24), libwebkit2gtk-4.1-0 (>= 2.40), libsoup-3.0-0, \
libjavascriptcoregtk-4.1-0, libcairo2, libgdk-pixbuf-2.0-0, libpango-1.0-0, libssl3, libdbus-1-3";

/// Who the package names as maintainer; `KIZ_DEB_MAINTAINER` overrides
/// (Debian wants "Name <address>").
const DEFAULT_MAINTAINER: &str = "Kommunales Integrationszentrum Rhein-Sieg-Kreis";

/// Builds `kiz-desk_<version>_amd64.deb` into `out_dir` from the release
/// binary `exe`. Returns its path.
pub(super) fn build(version: &str, exe: &Path, out_dir: &Path) -> Result<PathBuf> {
    let tree = target_dir().join("dist-work").join("deb");
    if tree.exists() {
        std::fs::remove_dir_all(&tree).map_err(|e| format!("{}: {e}", tree.display()))?;
    }
    let icons = root().join("icons");
    let share = tree.join("usr").join("share");
    copy(exe, &tree.join("usr/bin").join(PACKAGE), 0o755)?;
    for (file, size) in [
        ("32x32.png", "32x32"),
        ("128x128.png", "128x128"),
        ("128x128@2x.png", "256x256"),
        ("icon.png", "512x512"),
    ] {
        let to = share.join(format!("icons/hicolor/{size}/apps/{PACKAGE}.png"));
        copy(&icons.join(file), &to, 0o644)?;
    }
    copy(
        &icons.join("icon.svg"),
        &share.join(format!("icons/hicolor/scalable/apps/{PACKAGE}.svg")),
        0o644,
    )?;
    write(
        &share.join(format!("applications/{PACKAGE}.desktop")),
        &desktop_entry(),
    )?;
    write(&share.join(format!("doc/{PACKAGE}/copyright")), COPYRIGHT)?;

    let depends = shlib_depends(exe)?;
    let maintainer =
        std::env::var("KIZ_DEB_MAINTAINER").unwrap_or_else(|_| DEFAULT_MAINTAINER.to_owned());
    let control = control_file(version, &maintainer, &depends, installed_size_kib(&tree)?);
    write(&tree.join("DEBIAN/control"), &control)?;

    let deb = out_dir.join(format!("{PACKAGE}_{version}_amd64.deb"));
    status(
        Command::new("dpkg-deb")
            .args(["--root-owner-group", "-Zxz", "--build"])
            .arg(&tree)
            .arg(&deb),
    )?;
    Ok(deb)
}

fn desktop_entry() -> String {
    [
        "[Desktop Entry]",
        "Type=Application",
        "Name=KIZ Desk",
        "Comment=Mediathek, Migrantenorganisationen und Ausbildungsbörse",
        "Comment[en]=Mediathek, migrant organisations and Ausbildungsbörse",
        &format!("Exec={PACKAGE}"),
        &format!("Icon={PACKAGE}"),
        "Terminal=false",
        "Categories=Office;",
        &format!("StartupWMClass={PACKAGE}"),
        "",
    ]
    .join("\n")
}

const COPYRIGHT: &str = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: KIZ Desk

Files: *
Copyright: Rhein-Sieg-Kreis, Kommunales Integrationszentrum
License: EUPL-1.2
";

fn control_file(version: &str, maintainer: &str, depends: &str, installed_kib: u64) -> String {
    format!(
        "Package: {PACKAGE}\n\
         Version: {version}\n\
         Architecture: amd64\n\
         Maintainer: {maintainer}\n\
         Installed-Size: {installed_kib}\n\
         Depends: {depends}\n\
         Section: misc\n\
         Priority: optional\n\
         Description: desk app of the Kommunales Integrationszentrum Rhein-Sieg-Kreis\n \
         KIZ Desk runs the Mediathek (lending learning material), the directory\n \
         of migrant organisations and the workshops of the Ausbildungsbörse.\n \
         All data stays in one local SQLite file.\n"
    )
}

/// The binary's library dependencies as `dpkg-shlibdeps` finds them (it
/// wants a `debian/control` in its working folder, so it runs in a scratch
/// one).
fn shlib_depends(exe: &Path) -> Result<String> {
    if !crate::runs(Command::new("dpkg-shlibdeps").arg("--version")) {
        eprintln!("xtask: no dpkg-shlibdeps: the package lists the usual Tauri libraries");
        return Ok(FALLBACK_DEPENDS.to_owned());
    }
    let scratch = target_dir().join("dist-work").join("shlibdeps");
    write(
        &scratch.join("debian/control"),
        &format!("Source: {PACKAGE}\n\nPackage: {PACKAGE}\nArchitecture: amd64\n"),
    )?;
    let output = Command::new("dpkg-shlibdeps")
        .current_dir(&scratch)
        .arg("-O")
        .arg(exe)
        .output()
        .map_err(|e| format!("dpkg-shlibdeps: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "dpkg-shlibdeps failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("shlibs:Depends="))
        .map(str::to_owned)
        .ok_or_else(|| format!("dpkg-shlibdeps printed no shlibs:Depends: {stdout}"))
}

fn installed_size_kib(dir: &Path) -> Result<u64> {
    fn walk(dir: &Path, total: &mut u64) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let meta = entry.metadata()?;
            if meta.is_dir() {
                walk(&entry.path(), total)?;
            } else {
                *total += meta.len().div_ceil(1024);
            }
        }
        Ok(())
    }
    let mut total = 0;
    walk(dir, &mut total).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(total)
}

fn copy(from: &Path, to: &Path, mode: u32) -> Result {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::copy(from, to).map_err(|e| format!("{} -> {}: {e}", from.display(), to.display()))?;
    set_mode(to, mode)
}

fn write(path: &Path, text: &str) -> Result {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    set_mode(path, 0o644)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> Result {
    Ok(())
}
