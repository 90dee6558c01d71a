//! One app per data folder.
//!
//! The first process on a folder holds an exclusive lock on
//! `kiz-desk.lock` in it (released by the OS when the process ends, also on a
//! crash) and listens on a loopback port written to `kiz-desk.instance`
//! together with a random token. A second process on the same folder finds
//! the lock taken, sends the token to that port, and the first brings its
//! window to the front. Processes on different folders never meet, so
//! parallel tests do not disturb each other.

use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub(crate) const LOCK_FILE: &str = "kiz-desk.lock";
pub(crate) const ADDRESS_FILE: &str = "kiz-desk.instance";
const HANDOVER_TIMEOUT: Duration = Duration::from_secs(3);

/// The outcome of trying to become the folder's one instance.
pub enum Start {
    /// This process owns the folder; keep the guard alive until exit.
    First(Guard),
    /// Another process owns the folder and was asked to show its window.
    HandedOver,
    /// Another process owns the folder and could not be reached.
    InUse,
    /// The lock could not even be created (folder not writable, ...): the
    /// app goes on and reports the folder when it opens the database.
    Unchecked,
}

/// Held by the first process: the locked file and the listener.
pub struct Guard {
    _lock: File,
    listener: TcpListener,
    token: String,
    address_file: PathBuf,
}

/// Tries to become the one instance on `data_dir`.
pub fn start(data_dir: &Path) -> Start {
    if std::fs::create_dir_all(data_dir).is_err() {
        return Start::Unchecked;
    }
    let Ok(lock) = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(data_dir.join(LOCK_FILE))
    else {
        return Start::Unchecked;
    };
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            return if hand_over(data_dir).is_ok() {
                Start::HandedOver
            } else {
                Start::InUse
            };
        }
        Err(std::fs::TryLockError::Error(_)) => return Start::Unchecked,
    }
    let Ok(listener) = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))) else {
        return Start::Unchecked;
    };
    let token = random_token();
    let address_file = data_dir.join(ADDRESS_FILE);
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    if std::fs::write(&address_file, format!("{port} {token}\n")).is_err() {
        return Start::Unchecked;
    }
    Start::First(Guard {
        _lock: lock,
        listener,
        token,
        address_file,
    })
}

impl Guard {
    /// Serves focus requests from later starts on a background thread for
    /// the rest of the process; `on_request` is called for each valid one.
    pub fn serve(self, on_request: impl Fn() + Send + 'static) {
        std::thread::spawn(move || {
            let Guard {
                _lock,
                listener,
                token,
                address_file: _,
            } = self;
            for stream in listener.incoming().flatten() {
                let _ = stream.set_read_timeout(Some(HANDOVER_TIMEOUT));
                let mut line = String::new();
                let mut reader = BufReader::new(&stream);
                if reader.read_line(&mut line).is_ok() && line.trim() == token {
                    on_request();
                    let _ = (&stream).write_all(b"ok\n");
                }
            }
            drop(_lock);
        });
    }

    /// Where the port and token are written.
    pub fn address_file(&self) -> &Path {
        &self.address_file
    }
}

fn hand_over(data_dir: &Path) -> std::io::Result<()> {
    let text = std::fs::read_to_string(data_dir.join(ADDRESS_FILE))?;
    let mut parts = text.split_whitespace();
    let port: u16 = parts
        .next()
        .and_then(|p| p.parse().ok())
        .ok_or(std::io::ErrorKind::InvalidData)?;
    let token = parts.next().ok_or(std::io::ErrorKind::InvalidData)?;
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&address, HANDOVER_TIMEOUT)?;
    stream.set_read_timeout(Some(HANDOVER_TIMEOUT))?;
    stream.write_all(format!("{token}\n").as_bytes())?;
    let mut answer = String::new();
    BufReader::new(&stream).read_line(&mut answer)?;
    if answer.trim() == "ok" {
        Ok(())
    } else {
        Err(std::io::ErrorKind::PermissionDenied.into())
    }
}

/// 128 bits from the OS-seeded hasher keys of the standard library: enough
/// that no other local program guesses it; it guards a "show window" request.
fn random_token() -> String {
    let mut out = String::new();
    for salt in 0..2u64 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(salt);
        h.write_u32(std::process::id());
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn a_second_start_on_the_same_folder_reaches_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let Start::First(guard) = start(dir.path()) else {
            panic!("the first start owns the folder");
        };
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = calls.clone();
        guard.serve(move || {
            seen.fetch_add(1, Ordering::SeqCst);
        });
        assert!(
            matches!(start(dir.path()), Start::HandedOver),
            "second start hands over"
        );
        assert_eq!(calls.load(Ordering::SeqCst), 1, "the first was asked once");
    }

    #[test]
    fn starts_on_different_folders_do_not_meet() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let first_a = start(a.path());
        assert!(matches!(first_a, Start::First(_)));
        assert!(
            matches!(start(b.path()), Start::First(_)),
            "b is its own folder"
        );
    }

    #[test]
    fn a_wrong_token_is_not_obeyed() {
        let dir = tempfile::tempdir().unwrap();
        let Start::First(guard) = start(dir.path()) else {
            panic!("first start");
        };
        std::fs::write(
            dir.path().join(ADDRESS_FILE),
            format!(
                "{} not-the-token\n",
                guard.listener.local_addr().unwrap().port()
            ),
        )
        .unwrap();
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = calls.clone();
        guard.serve(move || {
            seen.fetch_add(1, Ordering::SeqCst);
        });
        assert!(
            matches!(start(dir.path()), Start::InUse),
            "unanswered: folder in use"
        );
        assert_eq!(calls.load(Ordering::SeqCst), 0);
    }
}
