//! The PostgreSQL server that the tests of the shared database need
//! (`tests/server.rs`): a throwaway cluster from Debian's `pg_virtualenv`
//! (package postgresql-common), which works as root where `initdb` itself
//! refuses, sets `PGHOST`, `PGPORT`, `PGUSER` and `PGPASSWORD` for the
//! command it runs, and removes the cluster when that command ends.
//!
//! The cluster gets TLS with a certificate for `localhost` signed by a test
//! CA made for the run (as the municipal CA signs the real server's), so
//! that the tests can check both a trusted and an untrusted certificate;
//! `KIZ_TEST_SERVER_CA` names the CA's certificate. Certificates and keys
//! live in a folder of the run under the temporary directory (the server
//! runs as the user `postgres` and must read its key) and are removed with
//! the cluster.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{status, Result};

/// Names the test CA's certificate inside the cluster's environment.
const CA_VARIABLE: &str = "KIZ_TEST_SERVER_CA";

/// Whether this process already runs inside a test cluster.
pub fn inside() -> bool {
    env::var_os(CA_VARIABLE).is_some() && env::var_os("PGHOST").is_some()
}

/// Runs this xtask again with `args` inside a new test cluster, then
/// removes the cluster and the certificates.
pub fn run_inside(args: &[String]) -> Result {
    let dir = env::temp_dir().join(format!("kiz-test-server-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let made = make_certificates(&dir);
    let outcome = made.and_then(|()| {
        let xtask = env::current_exe().map_err(|e| e.to_string())?;
        status(
            Command::new("pg_virtualenv")
                .arg("-o")
                .arg("ssl=on")
                .arg("-o")
                .arg(format!(
                    "ssl_cert_file={}",
                    dir.join("server.pem").display()
                ))
                .arg("-o")
                .arg(format!("ssl_key_file={}", dir.join("server.key").display()))
                .arg(xtask)
                .args(args)
                .env(CA_VARIABLE, dir.join("ca.pem")),
        )
    });
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

/// A CA and a server certificate for `localhost` signed by it, with
/// openssl's command line tool.
fn make_certificates(dir: &Path) -> Result {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    set_mode(dir, 0o755)?;
    let file = |name: &str| -> PathBuf { dir.join(name) };
    std::fs::write(
        file("server.ext"),
        "subjectAltName = DNS:localhost\nbasicConstraints = CA:FALSE\n",
    )
    .map_err(|e| e.to_string())?;
    let openssl = |args: &[&str]| {
        let mut cmd = Command::new("openssl");
        cmd.current_dir(dir).args(args);
        status(&mut cmd)
    };
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "30",
        "-subj",
        "/CN=KIZ Desk test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
    ])?;
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ])?;
    openssl(&[
        "x509",
        "-req",
        "-days",
        "30",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-extfile",
        "server.ext",
        "-out",
        "server.pem",
    ])?;
    // The server reads its key only if nobody else may; as root, the
    // cluster runs as `postgres`, which must own it.
    set_mode(&file("server.key"), 0o600)?;
    if owned_by_root(&file("ca.pem")) {
        status(Command::new("chown").args([
            "postgres:postgres",
            &file("server.key").to_string_lossy(),
            &file("server.pem").to_string_lossy(),
        ]))?;
    }
    Ok(())
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> Result {
    Ok(())
}

/// Whether a file this process just made belongs to root (this process
/// runs as root).
#[cfg(unix)]
fn owned_by_root(made: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(made).is_ok_and(|m| m.uid() == 0)
}

#[cfg(not(unix))]
fn owned_by_root(_made: &Path) -> bool {
    false
}
