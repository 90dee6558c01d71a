//! Where updates come from and when the app looks (src/update.rs): the
//! policy file IT puts beside the executable, the built-in key and
//! address, and "at most once a day".

use chrono::{NaiveDate, NaiveDateTime};
use kiz::update::{
    check_due, endpoint_allowed, last_check, parse_policy, read_policy, record_check, source,
    OffReason, Policy, Source, POLICY_FILE,
};

const KEY: &str = "dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXk=";
const BUILT_IN: &str = "https://kiz.intranet.example/updates/latest.json";

fn at(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, day)
        .unwrap()
        .and_hms_opt(hour, 0, 0)
        .unwrap()
}

#[test]
fn a_policy_names_the_server_and_can_switch_updates_off() {
    let policy = parse_policy(
        "[updates]\nenabled = true\nendpoint = \"https://srv-kiz.rsk.local/kiz-desk/latest.json\"\n",
        false,
    );
    assert_eq!(
        policy,
        Some(Policy {
            enabled: true,
            endpoint: Some("https://srv-kiz.rsk.local/kiz-desk/latest.json".into()),
        })
    );
    assert_eq!(
        parse_policy("[updates]\nenabled = false\n", false),
        Some(Policy {
            enabled: false,
            endpoint: None,
        })
    );
    // An empty file, or one without the table: updates as built.
    assert_eq!(
        parse_policy("", false),
        Some(Policy {
            enabled: true,
            endpoint: None,
        })
    );
}

#[test]
fn the_shared_databases_table_beside_the_updates_leaves_the_updates_as_they_are() {
    // Even one the database side refuses (no role): IT's typo there must
    // not switch updates off.
    for database in [
        "[database]\nhost = \"kiz-db\"\ndatabase = \"kiz\"\nrole = \"kiz_desk\"\n",
        "[database]\nhost = \"kiz-db\"\n",
    ] {
        let text = format!("[updates]\nenabled = false\n{database}");
        assert_eq!(
            parse_policy(&text, false),
            Some(Policy {
                enabled: false,
                endpoint: None,
            }),
            "{text:?}"
        );
    }
}

#[test]
fn a_policy_that_is_no_policy_is_refused() {
    for text in [
        "[updates\nenabled = true",                               // not TOML
        "[updates]\nenabeld = false\n",                           // a typo must not pass
        "[updates]\nenabled = \"nein\"\n",                        // wrong type
        "[update]\nenabled = false\n",                            // unknown table
        "[updates]\nendpoint = \"ftp://srv/latest.json\"\n",      // not https
        "[updates]\nendpoint = \"http://srv-kiz/latest.json\"\n", // plain http
    ] {
        assert_eq!(parse_policy(text, false), None, "{text:?}");
    }
}

#[test]
fn only_https_addresses_are_allowed_and_plain_http_only_to_this_computer_when_asked() {
    assert!(endpoint_allowed("https://srv-kiz/latest.json", false));
    assert!(endpoint_allowed(
        "https://10.1.2.3:8443/kiz/latest.json",
        false
    ));
    assert!(!endpoint_allowed("https:///latest.json", false));
    assert!(!endpoint_allowed("https://srv kiz/latest.json", false));
    assert!(!endpoint_allowed(
        "http://127.0.0.1:8080/latest.json",
        false
    ));
    assert!(endpoint_allowed("http://127.0.0.1:8080/latest.json", true));
    assert!(endpoint_allowed("http://localhost:8080/latest.json", true));
    assert!(!endpoint_allowed("http://srv-kiz/latest.json", true));
    assert!(!endpoint_allowed("file:///C:/latest.json", true));
}

#[test]
fn the_key_the_policy_and_the_built_in_address_decide_where_to_look() {
    let on = |endpoint: &str| Source::On {
        endpoint: endpoint.into(),
        pubkey: KEY.into(),
    };
    // Built with key and address, no policy file.
    assert_eq!(source(Some(KEY), Some(BUILT_IN), Ok(None)), on(BUILT_IN));
    // No key built in: never, whatever the policy says.
    let policy = Policy {
        enabled: true,
        endpoint: Some("https://other/latest.json".into()),
    };
    assert_eq!(
        source(None, Some(BUILT_IN), Ok(Some(policy.clone()))),
        Source::Off(OffReason::NoKey)
    );
    assert_eq!(
        source(Some("  "), Some(BUILT_IN), Ok(None)),
        Source::Off(OffReason::NoKey)
    );
    // The policy's address wins over the built-in one.
    assert_eq!(
        source(Some(KEY), Some(BUILT_IN), Ok(Some(policy.clone()))),
        on("https://other/latest.json")
    );
    // ... and names one where the build has none.
    assert_eq!(
        source(Some(KEY), None, Ok(Some(policy))),
        on("https://other/latest.json")
    );
    // Switched off by IT.
    let off = Policy {
        enabled: false,
        endpoint: Some("https://other/latest.json".into()),
    };
    assert_eq!(
        source(Some(KEY), Some(BUILT_IN), Ok(Some(off))),
        Source::Off(OffReason::SwitchedOff)
    );
    // A broken policy file switches updates off rather than guessing.
    assert_eq!(
        source(Some(KEY), Some(BUILT_IN), Err(())),
        Source::Off(OffReason::PolicyInvalid)
    );
    // No address anywhere.
    assert_eq!(
        source(Some(KEY), None, Ok(None)),
        Source::Off(OffReason::NoServer)
    );
    assert_eq!(
        source(
            Some(KEY),
            Some(""),
            Ok(Some(Policy {
                enabled: true,
                endpoint: None
            }))
        ),
        Source::Off(OffReason::NoServer)
    );
}

#[test]
fn the_policy_file_is_read_from_its_folder_and_a_missing_one_is_no_policy() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join(POLICY_FILE);
    assert_eq!(read_policy(&path, false), Ok(None));
    std::fs::write(&path, "[updates]\nenabled = false\n").unwrap();
    assert_eq!(
        read_policy(&path, false),
        Ok(Some(Policy {
            enabled: false,
            endpoint: None
        }))
    );
    std::fs::write(&path, "enabled = false\n").unwrap();
    assert_eq!(read_policy(&path, false), Err(()));
    // A folder where the file should be cannot be read: no policy either.
    let odd = folder.path().join("odd");
    std::fs::create_dir(&odd).unwrap();
    assert_eq!(read_policy(&odd, false), Err(()));
}

#[test]
fn the_check_at_start_runs_at_most_once_a_calendar_day() {
    assert!(check_due(None, at(2, 9)), "never looked: look");
    assert!(!check_due(Some(at(2, 8)), at(2, 17)), "same day: no");
    assert!(check_due(Some(at(1, 23)), at(2, 0)), "next day: yes");
    assert!(
        check_due(Some(at(3, 9)), at(2, 9)),
        "a last check 'tomorrow' (clock set back) does not stop it for good"
    );
}

#[test]
fn the_last_check_is_remembered_in_the_data_folder() {
    let folder = tempfile::tempdir().unwrap();
    assert_eq!(last_check(folder.path()), None);
    record_check(folder.path(), at(2, 9)).unwrap();
    assert_eq!(last_check(folder.path()), Some(at(2, 9)));
    assert!(!check_due(last_check(folder.path()), at(2, 15)));
    std::fs::write(folder.path().join(kiz::update::LAST_CHECK_FILE), "gestern").unwrap();
    assert_eq!(last_check(folder.path()), None, "unreadable: look again");
}
