//! The MSI for IT's software distribution (GPO, Intune, SCCM), built only on
//! Windows: WiX needs Windows. `src-tauri/windows/kiz-desk.wxs` is built
//! with the WiX v5 command line (`wix.exe`, a .NET tool: `dotnet tool
//! install --global wix --version 5.0.2`; WiX v4 reads the same source).
//! The MSI installs for all users into Program Files with a Start-menu
//! entry, upgrades an older version in place and keeps every data folder;
//! it does not install WebView2 (managed PCs get it with Windows or from
//! IT). Nothing of this runs on the Linux build machines.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, status, Result};

/// Builds `KIZ-Desk_<version>_x64.msi` into `out_dir`.
pub(super) fn build(
    version: &str,
    exe: &Path,
    loader: Option<&Path>,
    out_dir: &Path,
) -> Result<PathBuf> {
    if !cfg!(windows) {
        return Err("the MSI is built on Windows only (WiX)".into());
    }
    if !crate::runs(Command::new("wix").arg("--version")) {
        return Err(
            "wix.exe is not on the PATH: `dotnet tool install --global wix \
                    --version 5.0.2` (needs the .NET SDK 6 or newer), see docs/release.md"
                .into(),
        );
    }
    let msi = out_dir.join(format!("KIZ-Desk_{version}_x64.msi"));
    let windows = root().join("src-tauri").join("windows");
    let mut cmd = Command::new("wix");
    cmd.current_dir(&windows)
        .args(["build", "-arch", "x64", "-nologo"])
        .arg("-d")
        .arg(format!("Version={version}"))
        .arg("-d")
        .arg(format!("AppExe={}", exe.display()))
        .arg("-d")
        .arg(format!(
            "Icon={}",
            root().join("icons").join("icon.ico").display()
        ));
    if let Some(loader) = loader {
        cmd.arg("-d").arg(format!("Loader={}", loader.display()));
    }
    cmd.arg("-o").arg(&msi).arg("kiz-desk.wxs");
    status(&mut cmd)?;
    Ok(msi)
}
