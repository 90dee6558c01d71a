//! A CA that IT names for the shared database is the only authority
//! trusted for it: a server certificate that only the system's
//! authorities vouch for does not pass then. A test binary of its own,
//! because it makes the test CA one of "the system's" authorities for this
//! process (OpenSSL's `SSL_CERT_FILE`, read once at the first TLS
//! connection), which would change what the other server tests see.
//!
//! Needs the test cluster of `cargo xtask test` (`tests/test_cluster`).

mod test_cluster;

use kiz::db::server::{Server, ServerState};
use kiz::Error;
use test_cluster::cluster;

#[test]
#[cfg_attr(
    windows,
    ignore = "needs TLS to the test server, which Wine's schannel does not complete (see tests/server.rs), and OpenSSL's SSL_CERT_FILE"
)]
fn a_ca_named_by_it_is_the_only_authority_trusted_even_when_the_system_trusts_the_servers() {
    let cluster = cluster();
    let settings = cluster.fresh("kiz_t_trust");
    let test_ca = settings.ca_file.clone().expect("the test CA");
    // The system trusts the CA that signed the server's certificate.
    std::env::set_var("SSL_CERT_FILE", &test_ca);
    let mut without = settings.clone();
    without.ca_file = None;
    assert_eq!(
        Server::check(&without, &cluster.password).expect("the system's CAs vouch for it"),
        ServerState::Empty
    );
    // IT names another authority: the system's trust no longer counts.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let other = test_cluster::another_ca(dir.path());
    let mut named = settings.clone();
    named.ca_file = Some(other);
    assert!(matches!(
        Server::check(&named, &cluster.password),
        Err(Error::ServerCertificateNotTrusted { .. })
    ));
}
