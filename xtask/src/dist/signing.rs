//! Signing the update and writing its manifest, in the formats
//! tauri-plugin-updater reads; and `cargo xtask update-key`.
//!
//! Formats (Tauri's, checked against tauri-plugin-updater 2.14 with
//! minisign-verify 0.3):
//! - secret key: base64 of a minisign secret-key box (the two lines
//!   `untrusted comment: …` and the key), what `tauri signer generate`
//!   writes; encrypted with a password, possibly the empty one;
//! - public key: base64 of the minisign public-key box;
//! - signature (`.sig` file and `signature` in `latest.json`): base64 of the
//!   minisign signature box, prehashed (Ed25519 over BLAKE2b-512), whose
//!   trusted comment is `timestamp:<unix>\tfile:<name>\tversion:<version>`:
//!   the plugin compares `version:` with the manifest's version, so a
//!   tampered manifest cannot announce an old installer as a new version.
//!
//! The secret key comes only from the environment (`KIZ_UPDATE_SIGNING_KEY`:
//! the base64 text itself, or the path of a file holding it) and never lands
//! in the repository; docs/release.md says how it is made, kept and rotated.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;

use crate::Result;

pub(super) const ENV_KEY: &str = "KIZ_UPDATE_SIGNING_KEY";
pub(super) const ENV_PASSWORD: &str = "KIZ_UPDATE_SIGNING_KEY_PASSWORD";
pub(super) const ENV_BASE_URL: &str = "KIZ_UPDATE_BASE_URL";
/// Read by the app at compile time (`option_env!`).
pub(super) const ENV_APP_PUBKEY: &str = "KIZ_UPDATE_PUBKEY";
/// Read by the app at compile time (`option_env!`); `<base URL>/latest.json`
/// unless set.
pub(super) const ENV_APP_ENDPOINT: &str = "KIZ_UPDATE_ENDPOINT";

/// The manifest's key for the Windows installer. The plugin looks for
/// `windows-x86_64-nsis` first only when the exe carries tauri-bundler's
/// bundle-type mark, which ours does not; `windows-x86_64` is then used.
const PLATFORM: &str = "windows-x86_64";

/// A signed release in the making: the key and what the manifest needs.
pub(in crate::dist) struct Release {
    secret: minisign::SecretKey,
    public: minisign::PublicKey,
    version: String,
    notes: String,
    base_url: String,
    endpoint: String,
}

impl Release {
    /// The release's signing set-up when `KIZ_UPDATE_SIGNING_KEY` is set,
    /// else `None` (an unsigned build: no `.sig`, no `latest.json`).
    pub(in crate::dist) fn from_env(version: &str, notes: Option<&Path>) -> Result<Option<Self>> {
        let Some(key) = std::env::var(ENV_KEY).ok().filter(|v| !v.trim().is_empty()) else {
            return Ok(None);
        };
        let notes = notes.ok_or(format!(
            "{ENV_KEY} is set: the update needs release notes, give --notes <file>"
        ))?;
        let notes = std::fs::read_to_string(notes)
            .map_err(|e| format!("{}: {e}", notes.display()))?
            .trim()
            .to_owned();
        let base_url = std::env::var(ENV_BASE_URL)
            .ok()
            .filter(|v| !v.is_empty())
            .ok_or(format!(
                "{ENV_KEY} is set: {ENV_BASE_URL} must name where the update is published"
            ))?
            .trim_end_matches('/')
            .to_owned();
        let endpoint = std::env::var(ENV_APP_ENDPOINT)
            .ok()
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| format!("{base_url}/latest.json"));
        // The app takes only https:// addresses (kiz::update::source), and
        // the updater refuses plain http in release builds.
        for (name, url) in [(ENV_BASE_URL, &base_url), (ENV_APP_ENDPOINT, &endpoint)] {
            if !url.starts_with("https://") {
                return Err(format!("{name} must be an https:// address, not {url:?}"));
            }
        }
        let secret = read_secret_key(&key)?;
        let public =
            minisign::PublicKey::from_secret_key(&secret).map_err(|e| format!("{ENV_KEY}: {e}"))?;
        Ok(Some(Release {
            secret,
            public,
            version: version.to_owned(),
            notes,
            base_url,
            endpoint,
        }))
    }

    /// The public key in Tauri's form (base64 of the public-key box).
    pub(in crate::dist) fn public_key(&self) -> Result<String> {
        public_key_text(&self.public)
    }

    /// What the app's build gets: the public key and the endpoint. The key
    /// is the signing key's own, unless `KIZ_UPDATE_PUBKEY` names another:
    /// the release that rotates the key carries the new public key and is
    /// signed with the old one, which the installed apps trust.
    pub(in crate::dist) fn app_env(&self) -> Result<Vec<(&'static str, String)>> {
        let own = self.public_key()?;
        let public = match std::env::var(ENV_APP_PUBKEY)
            .ok()
            .filter(|k| !k.trim().is_empty())
        {
            Some(other) if other.trim() != own => {
                eprintln!(
                    "xtask: key rotation: the app gets {ENV_APP_PUBKEY} from the environment, \
                     the update is signed with {ENV_KEY}"
                );
                other.trim().to_owned()
            }
            _ => own,
        };
        Ok(vec![
            (ENV_APP_PUBKEY, public),
            (ENV_APP_ENDPOINT, self.endpoint.clone()),
        ])
    }

    /// Signs `setup` into `<setup>.sig` and writes `latest.json` beside it.
    /// Returns the signature file.
    pub(in crate::dist) fn sign_and_write_manifest(
        &self,
        setup: &Path,
        dist: &Path,
    ) -> Result<PathBuf> {
        let name = setup
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or("the installer has no file name")?;
        let signature = sign_file(&self.secret, &self.public, setup, name, &self.version)?;
        let sig_path = setup.with_file_name(format!("{name}.sig"));
        std::fs::write(&sig_path, &signature)
            .map_err(|e| format!("{}: {e}", sig_path.display()))?;
        let manifest = manifest(
            &self.version,
            &self.notes,
            &format!("{}/{name}", self.base_url),
            &signature,
            time::OffsetDateTime::now_utc(),
        )?;
        let manifest_path = dist.join("latest.json");
        std::fs::write(&manifest_path, manifest)
            .map_err(|e| format!("{}: {e}", manifest_path.display()))?;
        eprintln!("xtask: signed {name}; manifest {}", manifest_path.display());
        Ok(sig_path)
    }
}

/// The secret key from `KIZ_UPDATE_SIGNING_KEY` (base64 text or the path of
/// a file holding it), opened with `KIZ_UPDATE_SIGNING_KEY_PASSWORD`, else
/// with the empty password (`tauri signer generate`'s "no password"), else
/// with a password typed at the terminal.
fn read_secret_key(value: &str) -> Result<minisign::SecretKey> {
    let path = Path::new(value.trim());
    let text = if path.is_file() {
        std::fs::read_to_string(path).map_err(|e| format!("{ENV_KEY}: {}: {e}", path.display()))?
    } else {
        value.to_owned()
    };
    let decoded = BASE64
        .decode(text.trim())
        .map_err(|_| format!("{ENV_KEY}: not base64 (Tauri's key format) nor a key file"))?;
    let box_text = String::from_utf8(decoded)
        .map_err(|_| format!("{ENV_KEY}: the decoded key is not text"))?;
    let open = |password: Option<String>| {
        minisign::SecretKeyBox::from_string(&box_text).and_then(|b| b.into_secret_key(password))
    };
    if let Ok(key) = minisign::SecretKeyBox::from_string(&box_text)
        .and_then(minisign::SecretKeyBox::into_unencrypted_secret_key)
    {
        return Ok(key);
    }
    if let Ok(password) = std::env::var(ENV_PASSWORD) {
        return open(Some(password)).map_err(|e| format!("{ENV_KEY}: {e}"));
    }
    if let Ok(key) = open(Some(String::new())) {
        return Ok(key);
    }
    if !std::io::stdin().is_terminal() {
        return Err(format!(
            "{ENV_KEY}: the key has a password: set {ENV_PASSWORD} or run in a terminal"
        ));
    }
    eprintln!("xtask: the update signing key's password:");
    open(None).map_err(|e| format!("{ENV_KEY}: {e}"))
}

fn public_key_text(public: &minisign::PublicKey) -> Result<String> {
    let boxed = public.to_box().map_err(|e| e.to_string())?;
    Ok(BASE64.encode(boxed.to_string()))
}

/// The trusted comment the plugin reads `version:` from.
fn trusted_comment(file_name: &str, version: &str, unix_time: i64) -> String {
    format!("timestamp:{unix_time}\tfile:{file_name}\tversion:{version}")
}

/// Signs the file: base64 of the minisign signature box.
fn sign_file(
    secret: &minisign::SecretKey,
    public: &minisign::PublicKey,
    path: &Path,
    file_name: &str,
    version: &str,
) -> Result<String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let comment = trusted_comment(
        file_name,
        version,
        time::OffsetDateTime::now_utc().unix_timestamp(),
    );
    let signature = minisign::sign(
        Some(public),
        secret,
        std::io::BufReader::new(file),
        Some(&comment),
        Some("signature from the KIZ Desk update key"),
    )
    .map_err(|e| format!("signing {}: {e}", path.display()))?;
    Ok(BASE64.encode(signature.to_string()))
}

/// Checks `signature` (the `.sig` text) over `data` with `public_key`
/// (Tauri's form) as the app's updater does: minisign-verify, then the
/// signed version against the announced one.
pub(in crate::dist) fn verify(
    data: &[u8],
    signature: &str,
    public_key: &str,
    version: &str,
) -> Result {
    let decode = |what: &str, text: &str| -> Result<String> {
        let bytes = BASE64
            .decode(text.trim())
            .map_err(|e| format!("{what}: {e}"))?;
        String::from_utf8(bytes).map_err(|e| format!("{what}: {e}"))
    };
    let public = minisign_verify::PublicKey::decode(&decode("public key", public_key)?)
        .map_err(|e| format!("public key: {e}"))?;
    let signature = minisign_verify::Signature::decode(&decode("signature", signature)?)
        .map_err(|e| format!("signature: {e}"))?;
    public
        .verify(data, &signature, false)
        .map_err(|e| format!("the signature does not verify: {e}"))?;
    let signed = signature
        .trusted_comment()
        .split('\t')
        .find_map(|f| f.strip_prefix("version:"));
    if signed != Some(version) {
        return Err(format!(
            "the signature is for version {signed:?}, the release is {version}"
        ));
    }
    Ok(())
}

/// `latest.json`: Tauri's static update manifest.
fn manifest(
    version: &str,
    notes: &str,
    url: &str,
    signature: &str,
    now: time::OffsetDateTime,
) -> Result<String> {
    let pub_date = now
        .replace_nanosecond(0)
        .map_err(|e| e.to_string())?
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(|e| e.to_string())?;
    let manifest = serde_json::json!({
        "version": version,
        "notes": notes,
        "pub_date": pub_date,
        "platforms": {
            PLATFORM: { "url": url, "signature": signature }
        }
    });
    serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())
}

/// The key file names `update-key` writes.
const KEY_FILE: &str = "kiz-desk-update.key";
const PUBLIC_KEY_FILE: &str = "kiz-desk-update.key.pub";

/// `cargo xtask update-key <folder> [--no-password]`: a new key pair for
/// signing updates. Writes `<folder>/kiz-desk-update.key` (the secret key,
/// Tauri's format, encrypted with the password from
/// `KIZ_UPDATE_SIGNING_KEY_PASSWORD` or typed twice) and `….key.pub`, and
/// prints the public key. `--no-password` encrypts with the empty password
/// (as `tauri signer generate` without one): anyone with the file can sign.
pub(crate) fn update_key(args: &[String]) -> Result {
    let mut folder = None;
    let mut no_password = false;
    for arg in args {
        match arg.as_str() {
            "--no-password" => no_password = true,
            other if other.starts_with("--") => {
                return Err(format!("update-key: unknown option {other:?}"))
            }
            other => folder = Some(PathBuf::from(other)),
        }
    }
    let folder = folder
        .ok_or("usage: cargo xtask update-key <folder outside the repository> [--no-password]")?;
    let repo = crate::root().canonicalize().map_err(|e| e.to_string())?;
    let inside_repo = |folder: &Path| -> Result {
        if folder.starts_with(&repo) {
            return Err(format!(
                "{} is inside the repository: keep the secret key elsewhere (docs/release.md)",
                folder.display()
            ));
        }
        Ok(())
    };
    // Checked before the folder is made, and again once links are resolved.
    inside_repo(&super::absolute(&folder)?)?;
    std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let folder = folder
        .canonicalize()
        .map_err(|e| format!("{}: {e}", folder.display()))?;
    inside_repo(&folder)?;
    let key_path = folder.join(KEY_FILE);
    let pub_path = folder.join(PUBLIC_KEY_FILE);
    for path in [&key_path, &pub_path] {
        if path.exists() {
            return Err(format!("{} exists; not overwritten", path.display()));
        }
    }
    let password = match std::env::var(ENV_PASSWORD).ok().filter(|p| !p.is_empty()) {
        Some(password) => Some(password),
        None if no_password => {
            eprintln!(
                "xtask: WARNING: the key gets no password: whoever has the file can sign updates"
            );
            Some(String::new())
        }
        None if std::io::stdin().is_terminal() => None,
        None => {
            return Err(format!(
                "no terminal to ask for a password: set {ENV_PASSWORD}, or pass --no-password"
            ))
        }
    };
    let pair = minisign::KeyPair::generate_encrypted_keypair(password)
        .map_err(|e| format!("generating the key: {e}"))?;
    let secret_box = pair
        .sk
        .to_box(Some("KIZ Desk update signing key"))
        .map_err(|e| e.to_string())?;
    let public = public_key_text(&pair.pk)?;
    write_private(&key_path, &BASE64.encode(secret_box.to_string()))?;
    std::fs::write(&pub_path, &public).map_err(|e| format!("{}: {e}", pub_path.display()))?;
    eprintln!("xtask: secret key: {}", key_path.display());
    eprintln!("xtask: public key: {}", pub_path.display());
    println!("{public}");
    Ok(())
}

/// Writes a file only its owner can read (on Unix).
fn write_private(path: &Path, text: &str) -> Result {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_pair(password: &str) -> (String, String) {
        let pair = minisign::KeyPair::generate_encrypted_keypair(Some(password.into())).unwrap();
        let secret = BASE64.encode(pair.sk.to_box(None).unwrap().to_string());
        (secret, public_key_text(&pair.pk).unwrap())
    }

    #[test]
    fn a_signature_verifies_as_the_updater_checks_it_and_names_the_version() {
        let (secret, public) = key_pair("");
        let secret = read_secret_key(&secret).expect("the empty password opens a Tauri key");
        let public_key = minisign::PublicKey::from_secret_key(&secret).unwrap();
        assert_eq!(
            public_key_text(&public_key).unwrap(),
            public,
            "derived public key"
        );
        let dir = std::env::temp_dir().join(format!("kiz-sign-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("setup.exe");
        std::fs::write(&file, b"installer bytes").unwrap();
        let sig = sign_file(&secret, &public_key, &file, "setup.exe", "1.2.3").unwrap();
        verify(b"installer bytes", &sig, &public, "1.2.3").expect("verifies");
        assert!(
            verify(b"other bytes", &sig, &public, "1.2.3").is_err(),
            "changed data must fail"
        );
        assert!(
            verify(b"installer bytes", &sig, &public, "1.2.4").is_err(),
            "the signed version binds the announced one"
        );
        let text = String::from_utf8(BASE64.decode(&sig).unwrap()).unwrap();
        assert!(text.contains("\tfile:setup.exe\tversion:1.2.3"), "{text}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_manifest_is_tauris_static_format() {
        let now = time::OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
        let text = manifest("0.2.0", "Neu: …", "https://x/KIZ.exe", "c2ln", now).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["version"], "0.2.0");
        assert_eq!(json["notes"], "Neu: …");
        assert_eq!(json["pub_date"], "2027-01-15T08:00:00Z");
        assert_eq!(
            json["platforms"]["windows-x86_64"]["url"],
            "https://x/KIZ.exe"
        );
        assert_eq!(json["platforms"]["windows-x86_64"]["signature"], "c2ln");
    }
}
