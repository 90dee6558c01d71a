//! Where the data lives: the local (non-roaming) app-data folder, or the
//! folder named by `KIZ_DATA_DIR`; and whether that folder is on a network
//! drive, where SQLite's WAL must not be used.

use std::path::{Path, PathBuf};

/// The environment variable that overrides the data folder (tests, demo).
pub const ENV_DATA_DIR: &str = "KIZ_DATA_DIR";

/// The app's identifier, the folder name below the local app-data folder.
pub(crate) const APP_FOLDER: &str = "de.rhein-sieg-kreis.kiz-desk";

/// File name of the database inside the data folder.
pub const DATABASE_FILE: &str = "kiz-desk.sqlite";

/// The data folder: `KIZ_DATA_DIR` if set, else the local app-data folder
/// (`%LOCALAPPDATA%` on Windows: the roaming profile is often redirected to a
/// network share on municipal domains).
pub fn resolve() -> PathBuf {
    if let Some(dir) = std::env::var_os(ENV_DATA_DIR).filter(|v| !v.is_empty()) {
        return absolute(PathBuf::from(dir));
    }
    default_dir()
}

/// The data folder when `KIZ_DATA_DIR` names none: the app's folder below
/// the local app-data folder.
pub fn default_dir() -> PathBuf {
    dirs::data_local_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_FOLDER)
}

fn absolute(path: PathBuf) -> PathBuf {
    std::path::absolute(&path).unwrap_or(path)
}

/// Whether `path` (or its nearest existing ancestor) lies on a network file
/// system.
pub fn is_on_network_drive(path: &Path) -> bool {
    // Debug builds only: the end-to-end test of the warning names the file
    // system type, as no network share can be mounted there.
    if cfg!(debug_assertions) {
        if let Ok(fs_type) = std::env::var("KIZ_TEST_FS_TYPE") {
            return is_network_fs_type(&fs_type);
        }
    }
    let existing = path
        .ancestors()
        .find(|p| p.exists())
        .unwrap_or(path)
        .to_path_buf();
    platform::is_remote(&existing)
}

/// File-system types that live on another machine.
pub fn is_network_fs_type(fs_type: &str) -> bool {
    let base = fs_type.strip_prefix("fuse.").unwrap_or(fs_type);
    matches!(
        base,
        "nfs"
            | "nfs4"
            | "cifs"
            | "smb3"
            | "smbfs"
            | "sshfs"
            | "9p"
            | "afs"
            | "ncpfs"
            | "glusterfs"
            | "ceph"
            | "davfs"
            | "davfs2"
            | "webdav"
            | "lustre"
    )
}

/// The file-system type of the mount that holds `path`, from the text of
/// `/proc/self/mountinfo` (the longest mount point that is a prefix wins).
pub fn fs_type_from_mountinfo(mountinfo: &str, path: &Path) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        let Some(separator) = fields.iter().position(|f| *f == "-") else {
            continue;
        };
        let (Some(mount_point), Some(fs_type)) = (fields.get(4), fields.get(separator + 1)) else {
            continue;
        };
        let mount_point = unescape_mount_path(mount_point);
        if path.starts_with(&mount_point) {
            let depth = Path::new(&mount_point).components().count();
            if best.as_ref().is_none_or(|(d, _)| depth >= *d) {
                best = Some((depth, (*fs_type).to_owned()));
            }
        }
    }
    best.map(|(_, t)| t)
}

/// mountinfo writes space, tab, newline and backslash as octal escapes.
fn unescape_mount_path(raw: &str) -> String {
    raw.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\")
}

#[cfg(target_os = "linux")]
mod platform {
    use std::path::Path;

    pub fn is_remote(path: &Path) -> bool {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        std::fs::read_to_string("/proc/self/mountinfo")
            .ok()
            .and_then(|text| super::fs_type_from_mountinfo(&text, &canonical))
            .is_some_and(|t| super::is_network_fs_type(&t))
    }
}

#[cfg(windows)]
mod platform {
    use std::path::{Component, Path, Prefix};

    use windows_sys::Win32::Storage::FileSystem::GetDriveTypeW;

    /// `DRIVE_REMOTE` from WinBase.h.
    const DRIVE_REMOTE: u32 = 4;

    pub fn is_remote(path: &Path) -> bool {
        match path.components().next() {
            Some(Component::Prefix(prefix)) => match prefix.kind() {
                Prefix::UNC(..) | Prefix::VerbatimUNC(..) => true,
                Prefix::Disk(letter) | Prefix::VerbatimDisk(letter) => {
                    let root: Vec<u16> = format!("{}:\\", letter as char)
                        .as_str()
                        .encode_utf16()
                        .chain(std::iter::once(0))
                        .collect();
                    // SAFETY: `root` is a NUL-terminated UTF-16 string that
                    // outlives the call.
                    unsafe { GetDriveTypeW(root.as_ptr()) == DRIVE_REMOTE }
                }
                _ => false,
            },
            _ => false,
        }
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
mod platform {
    pub fn is_remote(_path: &std::path::Path) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:35 / /home rw,relatime shared:2 - ext4 /dev/sda2 rw
41 40 0:50 / /home/amt/Netz\\040Laufwerk rw,relatime shared:3 - cifs //server/share rw
42 22 0:51 / /mnt/nfs rw,relatime shared:4 - nfs4 server:/export rw
43 22 0:52 / /mnt/ssh rw,relatime shared:5 - fuse.sshfs host: rw
";

    /// Run under Wine by `cargo xtask test`: the folder Windows names for
    /// local app data (`%LOCALAPPDATA%`), never the roaming profile.
    #[cfg(windows)]
    #[test]
    fn on_windows_the_data_folder_is_below_local_app_data() {
        let dir = default_dir();
        let local = std::env::var_os("LOCALAPPDATA").expect("LOCALAPPDATA is set on Windows");
        assert_eq!(dir, Path::new(&local).join(APP_FOLDER));
        assert!(
            matches!(
                dir.components().next(),
                Some(std::path::Component::Prefix(p))
                    if matches!(p.kind(), std::path::Prefix::Disk(_))
            ),
            "on a drive letter: {}",
            dir.display()
        );
        assert!(!dir.to_string_lossy().contains("Roaming"));
    }

    /// Run under Wine: `GetDriveTypeW` finds the system drive local, and a
    /// UNC path is a network path without asking the drive.
    #[cfg(windows)]
    #[test]
    fn on_windows_a_local_drive_is_local_and_a_unc_path_is_remote() {
        assert!(!is_on_network_drive(Path::new(r"C:\Users")));
        assert!(!is_on_network_drive(&default_dir()));
        assert!(is_on_network_drive(Path::new(r"\\srv-kiz\daten\kiz-desk")));
    }

    #[test]
    fn the_deepest_mount_point_decides_the_file_system() {
        let t = |p: &str| fs_type_from_mountinfo(MOUNTINFO, Path::new(p));
        assert_eq!(t("/home/amt/daten").as_deref(), Some("ext4"));
        assert_eq!(t("/home/amt/Netz Laufwerk/kiz").as_deref(), Some("cifs"));
        assert_eq!(t("/mnt/nfs/kiz").as_deref(), Some("nfs4"));
        assert_eq!(t("/mnt/ssh").as_deref(), Some("fuse.sshfs"));
        assert_eq!(t("/var/lib").as_deref(), Some("ext4"));
    }

    #[test]
    fn network_file_systems_are_recognised_and_local_ones_are_not() {
        for remote in ["nfs", "nfs4", "cifs", "smb3", "fuse.sshfs", "9p"] {
            assert!(is_network_fs_type(remote), "{remote} is remote");
        }
        for local in [
            "ext4",
            "btrfs",
            "xfs",
            "tmpfs",
            "ntfs",
            "overlay",
            "fuse.ntfs-3g",
        ] {
            assert!(!is_network_fs_type(local), "{local} is local");
        }
    }

    #[test]
    fn a_local_temporary_folder_is_not_a_network_drive() {
        let dir = std::env::temp_dir().join("kiz-desk-not-yet-created");
        assert!(!is_on_network_drive(&dir));
    }
}
