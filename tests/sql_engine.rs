//! `kiz::db::engine`, the SQL both engines run: placeholders written for
//! the server, values in and out, reads that keep nothing, and the
//! server's prepared statements after the schema changed underneath.

mod common;
mod test_cluster;

use chrono::NaiveDate;
use common::test_db;
use kiz::db::engine::{dollar_placeholders, scalar, Engine, Value};
use kiz::db::server::Server;
use kiz::Error;
use test_cluster::cluster;

#[test]
fn placeholders_become_the_servers_outside_quotes_and_comments() {
    let sql = "SELECT '?1 it''s', \"odd?2\" FROM t -- ?3\n\
               WHERE a = ?1 /* ?4 * / ? */ AND b IN (?2, ?12)";
    assert_eq!(
        dollar_placeholders(sql).expect("numbered"),
        "SELECT '?1 it''s', \"odd?2\" FROM t -- ?3\n\
         WHERE a = $1 /* ?4 * / ? */ AND b IN ($2, $12)"
    );
    assert!(matches!(
        dollar_placeholders("SELECT 1 WHERE a = ?"),
        Err(Error::StoredValueUnexpected { .. })
    ));
}

fn server(database: &str) -> Server {
    let cluster = cluster();
    let settings = cluster.fresh(database);
    let mut server = Server::connect(&settings, &cluster.password).expect("connects");
    server.migrate().expect("the schema");
    server
}

/// The same statements give the same values on both engines.
fn values_round_trip(store: &mut impl Engine) {
    let date = NaiveDate::from_ymd_opt(2026, 11, 12).expect("a date");
    store
        .read_sql(|sql| {
            // An `integer` (INT4 on the server) and a `bigint` place.
            let n: i64 = scalar(sql, "SELECT CAST(?1 AS INTEGER) + 1", &[Value::from(41)])?;
            assert_eq!(n, 42);
            let big: i64 = scalar(
                sql,
                "SELECT CAST(?1 AS BIGINT) * 2",
                &[Value::from(3_000_000_000_i64)],
            )?;
            assert_eq!(big, 6_000_000_000);
            let real: f64 = scalar(
                sql,
                "SELECT CAST(?1 AS DOUBLE PRECISION) * 2",
                &[Value::from(1.25)],
            )?;
            assert!((real - 2.5).abs() < f64::EPSILON);
            let text: String = scalar(sql, "SELECT ?1 || ''", &[Value::from("Николай Ayşe نور")])?;
            assert_eq!(text, "Николай Ayşe نور");
            let day: NaiveDate = scalar(sql, "SELECT ?1 || ''", &[Value::from(date)])?;
            assert_eq!(day, date);
            let exists: bool = scalar(sql, "SELECT EXISTS (SELECT 1 FROM app_setting)", &[])?;
            assert!(exists);
            // A NULL parameter where the server must infer its type, and a
            // NULL read as `None`.
            let all: i64 = scalar(sql, "SELECT count(*) FROM app_setting", &[])?;
            let distinct: i64 = scalar(
                sql,
                "SELECT count(*) FROM app_setting WHERE value IS DISTINCT FROM ?1",
                &[Value::from(None::<String>)],
            )?;
            assert_eq!((distinct, all > 0), (all, true));
            let nothing: Option<String> = scalar(
                sql,
                "SELECT max(value) FROM app_setting WHERE key = ?1",
                &[Value::from("no such key")],
            )?;
            assert_eq!(nothing, None);
            // Text read as a number is refused, not misread.
            assert!(matches!(
                scalar::<i64>(sql, "SELECT 'x' || ''", &[]),
                Err(Error::StoredValueUnexpected { column: 0, .. })
            ));
            Ok(())
        })
        .expect("the values came back");
}

#[test]
fn values_come_back_as_they_went_in_on_the_file() {
    values_round_trip(&mut test_db());
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn values_come_back_as_they_went_in_on_the_server() {
    values_round_trip(&mut server("kiz_t_sql_values"));
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn text_in_a_number_place_is_read_as_the_number_it_spells() {
    let mut server = server("kiz_t_sql_text_number");
    let n: i64 = server
        .read_sql(|sql| scalar(sql, "SELECT CAST(?1 AS BIGINT)", &[Value::from("12345678")]))
        .expect("converted by the server");
    assert_eq!(n, 12_345_678);
    // Text that spells no number is the server's error, not a number.
    let wrong = server
        .read_sql(|sql| scalar::<i64>(sql, "SELECT CAST(?1 AS BIGINT)", &[Value::from("zwölf")]));
    assert!(matches!(wrong, Err(Error::Postgres { .. })), "{wrong:?}");
}

fn settings_count(store: &mut impl Engine) -> i64 {
    store
        .read_sql(|sql| scalar(sql, "SELECT count(*) FROM app_setting", &[]))
        .expect("counted")
}

#[test]
fn a_read_on_the_file_keeps_nothing_it_did() {
    let mut db = test_db();
    let before = settings_count(&mut db);
    db.read_sql(|sql| sql.run("DELETE FROM app_setting", &[]))
        .expect("the read ran");
    assert_eq!(settings_count(&mut db), before);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn a_read_on_the_server_cannot_change_anything() {
    let mut server = server("kiz_t_sql_read_only");
    let before = settings_count(&mut server);
    let deleted = server.read_sql(|sql| sql.run("DELETE FROM app_setting", &[]));
    assert!(
        matches!(deleted, Err(Error::Postgres { .. })),
        "{deleted:?}"
    );
    assert_eq!(settings_count(&mut server), before);
}

/// Another PC's upgrade changed a column under a statement this session
/// keeps prepared: the server refuses the statement once, and the next
/// time it is prepared afresh and runs.
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn a_statement_the_server_refuses_after_a_schema_change_is_prepared_again() {
    let cluster = cluster();
    let database = "kiz_t_sql_prepared";
    let mut server = server(database);
    let mut admin = cluster.admin(database);
    admin
        .batch_execute("CREATE TABLE probe (x BIGINT); INSERT INTO probe VALUES (7);")
        .expect("a table");
    let read = |server: &mut Server| {
        server.read_sql(|sql| {
            sql.rows("SELECT x FROM probe", &[])
                .map(|rows| rows.first().map(|r| r.get::<String>(0).ok()))
        })
    };
    // Prepared and kept: the number is not text.
    assert_eq!(read(&mut server).expect("read"), Some(None));
    admin
        .batch_execute("ALTER TABLE probe ALTER COLUMN x TYPE TEXT")
        .expect("the column changed");
    assert!(
        read(&mut server).is_err(),
        "the kept statement no longer fits"
    );
    assert_eq!(
        read(&mut server).expect("prepared again"),
        Some(Some("7".to_owned()))
    );
}
