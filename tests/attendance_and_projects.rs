//! Arbeitskreis attendance person by person (members, guests, apologies,
//! the year's figures per organisation, erasure), and projects with their
//! workshops, events and partners.

mod common;
#[macro_use]
mod test_cluster;

use chrono::NaiveDate;
use common::{at, day, fair, november, now};
use kiz::db::engine::Engine;
use kiz::events::{self, WorkshopInput};
use kiz::organisations::{
    self, AttendanceStatus, AttendeeInput, ContactInput, MeetingInput, OrganisationInput, Partner,
    ProjectFilter, ProjectInput, ProjectStatus, RoleInput,
};
use kiz::privacy::{self, Person};
use test_cluster::TestStore;

fn organisation(db: &mut impl Engine, name: &str) -> i64 {
    organisations::create_organisation(
        db,
        &OrganisationInput {
            name: name.into(),
            municipality: "Siegburg".into(),
            ..OrganisationInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn contact(db: &mut impl Engine, name: &str, organisation_id: i64) -> i64 {
    organisations::create_contact(
        db,
        &ContactInput {
            name: name.into(),
            email: format!("{}@example.org", name.len()),
            ..ContactInput::default()
        },
        Some(&RoleInput {
            organisation_id,
            role: "Mitglied".into(),
            started_on: Some(day(2024, 1, 1)),
            ended_on: None,
        }),
        now(),
    )
    .unwrap()
    .id
}

fn meeting(db: &mut impl Engine, group: i64, on: NaiveDate) -> i64 {
    organisations::save_meeting(
        db,
        group,
        None,
        &MeetingInput {
            starts_at: Some(at(on, 18, 0)),
            place: "Kreishaus".into(),
            ..MeetingInput::default()
        },
        now(),
        "BUERO-1",
    )
    .unwrap()
}

fn came(contact_id: i64, organisation_id: i64, status: AttendanceStatus) -> AttendeeInput {
    AttendeeInput {
        contact_id,
        organisation_id,
        status,
    }
}

/// The Arbeitskreis with two members (the Kurdish community with two
/// contacts, the Moroccan association with one) and a non-member (the
/// Kultur- und Bildungsverein with one contact).
struct Group<'a> {
    db: &'a mut TestStore,
    group: i64,
    kurds: i64,
    moroccans: i64,
    guests: i64,
    rezan: i64,
    dilan: i64,
    amina: i64,
    yusuf: i64,
}

fn group(mut db: &mut TestStore) -> Group<'_> {
    let kurds = organisation(&mut db, "Kurdische Gemeinschaft Rhein-Sieg/Bonn");
    let moroccans = organisation(&mut db, "Marokkanischer Kulturverein Sankt Augustin");
    let guests = organisation(&mut db, "Kultur- und Bildungsverein Siegburg");
    let rezan = contact(&mut db, "Rêzan Xelîl", kurds);
    let dilan = contact(&mut db, "Dilan Aydın", kurds);
    let amina = contact(&mut db, "Amina El Idrissi", moroccans);
    let yusuf = contact(&mut db, "Yusuf Demir", guests);
    let group =
        organisations::create_working_group(&mut db, "Arbeitskreis MSO", "", now()).unwrap();
    organisations::join(&mut db, group, kurds, day(2025, 1, 1)).unwrap();
    organisations::join(&mut db, group, moroccans, day(2025, 1, 1)).unwrap();
    Group {
        db,
        group,
        kurds,
        moroccans,
        guests,
        rezan,
        dilan,
        amina,
        yusuf,
    }
}

fn status_of(db: &mut impl Engine, meeting_id: i64, contact_id: i64) -> Option<AttendanceStatus> {
    db.read_sql(|s| organisations::attendees_in(s, meeting_id))
        .unwrap()
        .into_iter()
        .find(|a| a.contact_id == Some(contact_id))
        .map(|a| a.status)
}

fn a_meeting_lists_the_members_contacts_as_not_come_until_attendance_is_recorded(
    db: &mut TestStore,
) {
    let mut g = group(db);
    let m = meeting(&mut g.db, g.group, day(2026, 3, 4));
    let list = g.db.read(|s| organisations::attendees_in(s, m)).unwrap();
    let names: Vec<_> = list.iter().filter_map(|a| a.contact_name.clone()).collect();
    assert_eq!(
        names,
        ["Dilan Aydın", "Rêzan Xelîl", "Amina El Idrissi"],
        "the members' contacts by organisation and name; the non-member's contact is no member"
    );
    assert!(
        list.iter()
            .all(|a| a.status == AttendanceStatus::NichtErschienen && !a.guest),
        "nobody came yet, and nobody is a guest"
    );
    let read = g.db.read(|s| organisations::meeting_in(s, m)).unwrap();
    assert_eq!(read.people, list, "the meeting page carries the same list");
    let guests: Vec<_> = read
        .guest_choices
        .iter()
        .map(|c| (c.contact_id, c.organisation_id))
        .collect();
    assert_eq!(
        guests,
        [(g.yusuf, g.guests)],
        "guests are picked from the contacts of organisations that are no members"
    );
}
on_both_engines!(a_meeting_lists_the_members_contacts_as_not_come_until_attendance_is_recorded);

fn present_excused_and_guests_are_saved_together_and_can_be_changed_later(db: &mut TestStore) {
    let mut g = group(db);
    let m = meeting(&mut g.db, g.group, day(2026, 3, 4));
    let list = organisations::set_attendees(
        &mut g.db,
        m,
        &[
            came(g.rezan, g.kurds, AttendanceStatus::Anwesend),
            came(g.dilan, g.kurds, AttendanceStatus::Anwesend),
            came(g.amina, g.moroccans, AttendanceStatus::Entschuldigt),
            came(g.yusuf, g.guests, AttendanceStatus::Anwesend),
        ],
        saved_at(),
        None,
        "",
    )
    .unwrap();
    let yusuf = list.iter().find(|a| a.contact_id == Some(g.yusuf)).unwrap();
    assert!(yusuf.guest, "a non-member's person is a guest");
    assert_eq!(list.last(), Some(yusuf), "guests come after the members");
    assert_eq!(
        status_of(g.db, m, g.amina),
        Some(AttendanceStatus::Entschuldigt)
    );

    let read = g.db.read(|s| organisations::meeting_in(s, m)).unwrap();
    let kurds = read
        .attendance
        .iter()
        .find(|a| a.organisation_id == g.kurds)
        .unwrap();
    assert!(
        kurds.present && kurds.persons == 2,
        "the organisation's summary counts its two people who came"
    );
    let moroccans = read
        .attendance
        .iter()
        .find(|a| a.organisation_id == g.moroccans)
        .unwrap();
    assert!(!moroccans.present, "apologies are no presence");
    assert!(
        read.attendance
            .iter()
            .any(|a| a.organisation_id == g.guests && a.present),
        "the guest's organisation counts as present at this meeting"
    );

    // Later: Dilan did not come after all, Amina did.
    organisations::set_attendees(
        &mut g.db,
        m,
        &[
            came(g.rezan, g.kurds, AttendanceStatus::Anwesend),
            came(g.dilan, g.kurds, AttendanceStatus::NichtErschienen),
            came(g.amina, g.moroccans, AttendanceStatus::Anwesend),
        ],
        saved_at(),
        None,
        "",
    )
    .unwrap();
    assert_eq!(
        status_of(g.db, m, g.dilan),
        Some(AttendanceStatus::NichtErschienen)
    );
    assert_eq!(status_of(g.db, m, g.yusuf), None, "the guest left the list");
    let read = g.db.read(|s| organisations::meeting_in(s, m)).unwrap();
    let present: Vec<_> = read
        .attendance
        .iter()
        .filter(|a| a.present)
        .map(|a| (a.organisation_id, a.persons))
        .collect();
    assert_eq!(
        present,
        [(g.kurds, 1), (g.moroccans, 1)],
        "the summary follows the correction"
    );
}
on_both_engines!(present_excused_and_guests_are_saved_together_and_can_be_changed_later);

fn a_refused_attendance_changes_nothing(db: &mut TestStore) {
    let mut g = group(db);
    let m = meeting(&mut g.db, g.group, day(2026, 3, 4));
    organisations::set_attendees(
        &mut g.db,
        m,
        &[came(g.rezan, g.kurds, AttendanceStatus::Anwesend)],
        saved_at(),
        None,
        "",
    )
    .unwrap();
    let error = organisations::set_attendees(
        &mut g.db,
        m,
        &[
            came(g.amina, g.moroccans, AttendanceStatus::Anwesend),
            came(g.yusuf, g.kurds, AttendanceStatus::Anwesend),
        ],
        saved_at(),
        None,
        "",
    )
    .unwrap_err();
    assert_eq!(
        error.code(),
        "contact_not_at_organisation",
        "a person for an organisation they have no role at is refused"
    );
    assert_eq!(
        status_of(g.db, m, g.rezan),
        Some(AttendanceStatus::Anwesend),
        "the earlier record stands"
    );
    assert_eq!(
        status_of(g.db, m, g.amina),
        Some(AttendanceStatus::NichtErschienen),
        "nothing of the refused list was stored"
    );
    assert_eq!(
        organisations::set_attendees(&mut g.db, 9999, &[], saved_at(), None, "")
            .unwrap_err()
            .code(),
        "not_found"
    );
}
on_both_engines!(a_refused_attendance_changes_nothing);

fn a_meeting_recorded_per_organisation_keeps_that_record_until_its_people_are_recorded(
    db: &mut TestStore,
) {
    let mut g = group(db);
    let m = older_record(&mut g, 3, None);
    organisations::set_attendees(
        &mut g.db,
        m,
        &[came(g.rezan, g.kurds, AttendanceStatus::Anwesend)],
        saved_at(),
        None,
        "",
    )
    .unwrap();
    let read = g.db.read(|s| organisations::meeting_in(s, m)).unwrap();
    let present: Vec<_> = read
        .attendance
        .iter()
        .filter(|a| a.present)
        .map(|a| (a.organisation_id, a.persons))
        .collect();
    assert_eq!(
        present,
        [(g.kurds, 1), (g.moroccans, 3)],
        "the old per-organisation record of the Moroccans stays"
    );
}
on_both_engines!(
    a_meeting_recorded_per_organisation_keeps_that_record_until_its_people_are_recorded
);

/// A meeting recorded per organisation only (as before schema 10): the
/// Moroccan association came with `persons` persons, `contact_id` named.
fn older_record(g: &mut Group<'_>, persons: u32, contact_id: Option<i64>) -> i64 {
    let m = meeting(&mut g.db, g.group, day(2025, 5, 6));
    organisations::set_attendance(
        &mut g.db,
        m,
        &[organisations::Attendance {
            organisation_id: g.moroccans,
            present: true,
            persons,
            contact_id,
            ..organisations::Attendance::default()
        }],
    )
    .unwrap();
    m
}

fn summary_of(db: &mut impl Engine, meeting_id: i64, organisation_id: i64) -> (bool, u32) {
    let read = db
        .read_sql(|s| organisations::meeting_in(s, meeting_id))
        .unwrap();
    let a = read
        .attendance
        .iter()
        .find(|a| a.organisation_id == organisation_id)
        .unwrap();
    (a.present, a.persons)
}

fn older_presence_plus_a_new_apology_keeps_the_presence(db: &mut TestStore) {
    let mut g = group(db);
    let m = older_record(&mut g, 2, None);
    let second = contact(&mut g.db, "Youssef Benali", g.moroccans);
    organisations::set_attendees(
        &mut g.db,
        m,
        &[came(second, g.moroccans, AttendanceStatus::Entschuldigt)],
        saved_at(),
        None,
        "",
    )
    .unwrap();
    assert_eq!(
        summary_of(g.db, m, g.moroccans),
        (true, 2),
        "one apology does not undo the older record that 2 persons came"
    );
    let read = g.db.read(|s| organisations::meeting_in(s, m)).unwrap();
    assert_eq!(
        read.unnamed
            .iter()
            .map(|u| (u.organisation_id, u.recorded, u.unnamed))
            .collect::<Vec<_>>(),
        [(g.moroccans, 2, 2)],
        "the meeting shows the 2 persons recorded without names"
    );
    assert_eq!(moroccans_in_2025(&mut g), (1, 1, 0));
}
on_both_engines!(older_presence_plus_a_new_apology_keeps_the_presence);

/// The Moroccans' year 2025: meetings held, attended, only excused.
fn moroccans_in_2025(g: &mut Group<'_>) -> (u32, u32, u32) {
    let year =
        g.db.read(|s| organisations::attendance_year_in(s, g.group, 2025, day(2025, 12, 31)))
            .unwrap();
    let moroccans = year
        .organisations
        .iter()
        .find(|o| o.organisation_id == g.moroccans)
        .unwrap();
    (year.held, moroccans.attended, moroccans.excused)
}

fn ticking_one_person_where_2_were_recorded_keeps_2(db: &mut TestStore) {
    let mut g = group(db);
    let amina = g.amina;
    let m = older_record(&mut g, 2, Some(amina));
    organisations::set_attendees(
        &mut g.db,
        m,
        &[came(g.amina, g.moroccans, AttendanceStatus::Anwesend)],
        saved_at(),
        None,
        "",
    )
    .unwrap();
    assert_eq!(
        summary_of(g.db, m, g.moroccans),
        (true, 2),
        "the older count is a lower bound"
    );
    let unnamed =
        g.db.read(|s| organisations::meeting_in(s, m))
            .unwrap()
            .unnamed;
    assert_eq!(unnamed.len(), 1);
    assert_eq!((unnamed[0].recorded, unnamed[0].unnamed), (2, 1));
    // Unticking her again keeps the older record too.
    organisations::set_attendees(&mut g.db, m, &[], saved_at(), None, "").unwrap();
    assert_eq!(summary_of(g.db, m, g.moroccans), (true, 2));
    // Once as many persons are named as were counted, the names are the
    // record.
    let second = contact(&mut g.db, "Youssef Benali", g.moroccans);
    let third = contact(&mut g.db, "Khadija Amrani", g.moroccans);
    organisations::set_attendees(
        &mut g.db,
        m,
        &[
            came(g.amina, g.moroccans, AttendanceStatus::Anwesend),
            came(second, g.moroccans, AttendanceStatus::Anwesend),
            came(third, g.moroccans, AttendanceStatus::Anwesend),
        ],
        saved_at(),
        None,
        "",
    )
    .unwrap();
    assert_eq!(summary_of(g.db, m, g.moroccans), (true, 3));
    assert!(g
        .db
        .read(|s| organisations::meeting_in(s, m))
        .unwrap()
        .unnamed
        .is_empty());
}
on_both_engines!(ticking_one_person_where_2_were_recorded_keeps_2);

/// What the meeting's page sends on saving: every person listed, with
/// `change` applied to the statuses shown.
fn save_page(g: &mut Group<'_>, m: i64, change: &[(i64, AttendanceStatus)]) {
    let people: Vec<_> =
        g.db.read(|s| organisations::attendees_in(s, m))
            .unwrap()
            .into_iter()
            .filter_map(|a| {
                let contact_id = a.contact_id?;
                let status = change
                    .iter()
                    .find(|(c, _)| *c == contact_id)
                    .map_or(a.status, |(_, s)| *s);
                Some(came(contact_id, a.organisation_id, status))
            })
            .collect();
    organisations::set_attendees(&mut g.db, m, &people, saved_at(), None, "").unwrap();
}

fn present_at(db: &mut impl Engine, meeting_id: i64, organisation_id: i64) -> Vec<i64> {
    db.read_sql(|s| organisations::attendees_in(s, meeting_id))
        .unwrap()
        .into_iter()
        .filter(|a| a.organisation_id == organisation_id && a.status == AttendanceStatus::Anwesend)
        .filter_map(|a| a.contact_id)
        .collect()
}

fn ticking_a_second_person_keeps_the_one_an_older_record_named(db: &mut TestStore) {
    let mut g = group(db);
    let amina = g.amina;
    let youssef = contact(&mut g.db, "Youssef Benali", g.moroccans);
    // The older record: one person of the Moroccans came, Amina.
    let m = older_record(&mut g, 1, Some(amina));
    assert_eq!(
        status_of(g.db, m, amina),
        Some(AttendanceStatus::Anwesend),
        "the person the older record names is listed as present"
    );
    assert!(g
        .db
        .read(|s| organisations::meeting_in(s, m))
        .unwrap()
        .unnamed
        .is_empty());

    // Youssef came too: staff tick him on the page and save.
    save_page(&mut g, m, &[(youssef, AttendanceStatus::Anwesend)]);
    assert_eq!(
        present_at(g.db, m, g.moroccans),
        [amina, youssef],
        "ticking Youssef keeps Amina, whom the older record named"
    );
    assert_eq!(summary_of(g.db, m, g.moroccans), (true, 2));
    assert_eq!(
        moroccans_in_2025(&mut g),
        (1, 1, 0),
        "two people of one organisation are one meeting attended"
    );

    // Unticking one keeps the other, either way round.
    save_page(&mut g, m, &[(youssef, AttendanceStatus::NichtErschienen)]);
    assert_eq!(present_at(g.db, m, g.moroccans), [amina]);
    assert_eq!(summary_of(g.db, m, g.moroccans), (true, 1));
    save_page(
        &mut g,
        m,
        &[
            (youssef, AttendanceStatus::Anwesend),
            (amina, AttendanceStatus::NichtErschienen),
        ],
    );
    assert_eq!(present_at(g.db, m, g.moroccans), [youssef]);
    assert_eq!(summary_of(g.db, m, g.moroccans), (true, 1));
}
on_both_engines!(ticking_a_second_person_keeps_the_one_an_older_record_named);

fn ticking_others_where_an_older_record_named_one_of_2_keeps_her_and_the_count(db: &mut TestStore) {
    let mut g = group(db);
    let amina = g.amina;
    let youssef = contact(&mut g.db, "Youssef Benali", g.moroccans);
    let khadija = contact(&mut g.db, "Khadija Amrani", g.moroccans);
    let m = older_record(&mut g, 2, Some(amina));
    let unnamed =
        g.db.read(|s| organisations::meeting_in(s, m))
            .unwrap()
            .unnamed;
    assert_eq!(
        unnamed
            .iter()
            .map(|u| (u.recorded, u.unnamed))
            .collect::<Vec<_>>(),
        [(2, 1)],
        "Amina is listed by name, one person without"
    );
    save_page(
        &mut g,
        m,
        &[
            (youssef, AttendanceStatus::Anwesend),
            (khadija, AttendanceStatus::Anwesend),
        ],
    );
    assert_eq!(
        present_at(g.db, m, g.moroccans),
        [amina, khadija, youssef],
        "the two ticked now do not replace Amina"
    );
    assert_eq!(summary_of(g.db, m, g.moroccans), (true, 3));
    // Unticking Amina where only she was ticked keeps the older count.
    let m2 = older_record(&mut g, 2, Some(amina));
    save_page(&mut g, m2, &[(amina, AttendanceStatus::NichtErschienen)]);
    assert_eq!(
        status_of(g.db, m2, amina),
        Some(AttendanceStatus::NichtErschienen)
    );
    assert_eq!(summary_of(g.db, m2, g.moroccans), (true, 2));
}
on_both_engines!(ticking_others_where_an_older_record_named_one_of_2_keeps_her_and_the_count);

fn the_year_counts_meetings_attended_of_meetings_held_per_organisation(db: &mut TestStore) {
    let mut g = group(db);
    let today = day(2026, 6, 30);
    let first = meeting(&mut g.db, g.group, day(2026, 2, 3));
    let second = meeting(&mut g.db, g.group, day(2026, 5, 5));
    let _future = meeting(&mut g.db, g.group, day(2026, 9, 1));
    let last_year = meeting(&mut g.db, g.group, day(2025, 11, 4));
    organisations::set_attendees(
        &mut g.db,
        first,
        &[
            came(g.rezan, g.kurds, AttendanceStatus::Anwesend),
            came(g.dilan, g.kurds, AttendanceStatus::Anwesend),
            came(g.amina, g.moroccans, AttendanceStatus::Entschuldigt),
        ],
        saved_at(),
        None,
        "",
    )
    .unwrap();
    organisations::set_attendees(
        &mut g.db,
        second,
        &[
            came(g.dilan, g.kurds, AttendanceStatus::Entschuldigt),
            came(g.yusuf, g.guests, AttendanceStatus::Anwesend),
        ],
        saved_at(),
        None,
        "",
    )
    .unwrap();
    organisations::set_attendees(
        &mut g.db,
        last_year,
        &[came(g.amina, g.moroccans, AttendanceStatus::Anwesend)],
        saved_at(),
        None,
        "",
    )
    .unwrap();

    let year =
        g.db.read(|s| organisations::attendance_year_in(s, g.group, 2026, today))
            .unwrap();
    assert_eq!(year.held, 2, "the September meeting is not held yet");
    assert_eq!(
        year.years,
        [2026, 2025],
        "the years with meetings, newest first"
    );
    let rows: Vec<_> = year
        .organisations
        .iter()
        .map(|o| (o.organisation_id, o.member, o.attended, o.excused))
        .collect();
    assert_eq!(
        rows,
        [
            (g.guests, false, 1, 0),
            (g.kurds, true, 1, 1),
            (g.moroccans, true, 0, 1),
        ],
        "two people of one organisation are one meeting attended; an excused \
         meeting is counted apart; the guest organisation is listed; by name"
    );

    let before =
        g.db.read(|s| organisations::attendance_year_in(s, g.group, 2025, today))
            .unwrap();
    assert_eq!(before.held, 1);
    assert!(
        before
            .organisations
            .iter()
            .any(|o| o.organisation_id == g.moroccans && o.attended == 1),
        "each year counts its own meetings"
    );
    assert_eq!(
        g.db.read(|s| organisations::attendance_year_in(s, 9999, 2026, today))
            .unwrap_err()
            .code(),
        "not_found"
    );
}
on_both_engines!(the_year_counts_meetings_attended_of_meetings_held_per_organisation);

fn erasing_a_contact_removes_the_name_from_attendance_and_keeps_the_organisations_count(
    db: &mut TestStore,
) {
    let mut g = group(db);
    let today = day(2026, 6, 30);
    let m = meeting(&mut g.db, g.group, day(2026, 2, 3));
    organisations::set_attendees(
        &mut g.db,
        m,
        &[
            came(g.rezan, g.kurds, AttendanceStatus::Anwesend),
            came(g.amina, g.moroccans, AttendanceStatus::Entschuldigt),
        ],
        saved_at(),
        None,
        "",
    )
    .unwrap();
    let report =
        g.db.read(|s| privacy::access_report_in(s, Person::Contact(g.amina), &[], now()))
            .unwrap();
    assert_eq!(
        report.meetings.len(),
        1,
        "the access report names the meeting she sent apologies for"
    );
    assert!(report.meetings[0].0.ends_with("(entschuldigt)"));

    privacy::erase_on(&mut g.db, Person::Contact(g.rezan), &[], "A. Becker", now()).unwrap();
    g.db.scrub();
    let list = g.db.read(|s| organisations::attendees_in(s, m)).unwrap();
    let erased: Vec<_> = list.iter().filter(|a| a.contact_id.is_none()).collect();
    assert_eq!(erased.len(), 1, "the row stays, without the person");
    assert_eq!(erased[0].contact_name, None, "no name is kept");
    assert_eq!(erased[0].organisation_id, g.kurds);
    assert_eq!(erased[0].status, AttendanceStatus::Anwesend);
    assert!(
        !list
            .iter()
            .any(|a| a.contact_name.as_deref() == Some("Rêzan Xelîl")),
        "the erased person is not listed by name"
    );

    let year =
        g.db.read(|s| organisations::attendance_year_in(s, g.group, 2026, today))
            .unwrap();
    assert!(
        year.organisations
            .iter()
            .any(|o| o.organisation_id == g.kurds && o.attended == 1),
        "the organisation still counts as present"
    );

    // Correcting the meeting afterwards keeps the erased person's row.
    organisations::set_attendees(
        &mut g.db,
        m,
        &[came(g.dilan, g.kurds, AttendanceStatus::Anwesend)],
        saved_at(),
        None,
        "",
    )
    .unwrap();
    let read = g.db.read(|s| organisations::meeting_in(s, m)).unwrap();
    let kurds = read
        .attendance
        .iter()
        .find(|a| a.organisation_id == g.kurds)
        .unwrap();
    assert_eq!(
        kurds.persons, 2,
        "the erased person still counts, next to the one added"
    );
}
on_both_engines!(
    erasing_a_contact_removes_the_name_from_attendance_and_keeps_the_organisations_count
);

fn project(
    db: &mut impl Engine,
    title: &str,
    starts: Option<NaiveDate>,
    ends: Option<NaiveDate>,
    status: ProjectStatus,
    partners: &[i64],
) -> i64 {
    organisations::create_project(
        db,
        &ProjectInput {
            title: title.into(),
            starts_on: starts,
            ends_on: ends,
            status,
            partners: partners
                .iter()
                .map(|&organisation_id| Partner {
                    organisation_id,
                    role: "Durchführung".into(),
                    ..Partner::default()
                })
                .collect(),
            ..ProjectInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn workshop_input(title: &str, hour: u32, project_id: Option<i64>) -> WorkshopInput {
    WorkshopInput {
        title: title.into(),
        room: "Raum 1".into(),
        starts_at: Some(at(november(20), hour, 0)),
        ends_at: Some(at(november(20), hour + 1, 0)),
        capacity: 10,
        project_id,
        ..WorkshopInput::default()
    }
}

fn a_workshop_is_linked_to_a_project_and_unlinked_and_the_project_lists_it_with_its_fair(
    db: &mut TestStore,
) {
    let kurds = organisation(db, "Kurdische Gemeinschaft Rhein-Sieg/Bonn");
    let p = project(
        db,
        "Brücken in den Beruf",
        Some(day(2026, 1, 1)),
        Some(day(2026, 12, 31)),
        ProjectStatus::Laufend,
        &[kurds],
    );
    let event = fair(db);
    let linked = events::create_workshop(
        db,
        event,
        &workshop_input("Bewerbung schreiben", 10, Some(p)),
        now(),
    )
    .unwrap();
    let other =
        events::create_workshop(db, event, &workshop_input("Pflegeberufe", 12, None), now())
            .unwrap();

    let w = db.read(|s| events::workshop_in(s, linked)).unwrap();
    assert_eq!(w.project_id, Some(p));
    assert_eq!(w.project_title.as_deref(), Some("Brücken in den Beruf"));

    let page = db.read(|s| organisations::project_in(s, p)).unwrap();
    let workshops: Vec<_> = page
        .workshops
        .iter()
        .map(|w| (w.id, w.event_title.as_str(), w.starts_at))
        .collect();
    assert_eq!(
        workshops,
        [(
            linked,
            "Mehrsprachige Ausbildungsbörse 2026",
            at(november(20), 10, 0)
        )],
        "only the linked workshop, with its fair and start"
    );
    assert_eq!(page.events.len(), 1, "the fair the workshop belongs to");
    assert_eq!(page.events[0].id, event);
    assert!(!page.events[0].linked, "the fair itself is not linked");
    assert_eq!(page.events[0].workshops, 1);
    assert_eq!(page.partners.len(), 1);
    assert_eq!(page.partners[0].organisation_id, kurds);

    // Linking the other one, then unlinking the first, on the workshop form.
    let mut input = workshop_input("Pflegeberufe", 12, Some(p));
    events::update_workshop(db, other, &input, now(), "BUERO-2").unwrap();
    events::update_workshop(
        db,
        linked,
        &workshop_input("Bewerbung schreiben", 10, None),
        now(),
        "BUERO-2",
    )
    .unwrap();
    let page = db.read(|s| organisations::project_in(s, p)).unwrap();
    assert_eq!(
        page.workshops.iter().map(|w| w.id).collect::<Vec<_>>(),
        [other]
    );
    assert_eq!(
        db.read(|s| events::workshop_in(s, linked))
            .unwrap()
            .project_id,
        None
    );

    input.project_id = Some(9999);
    assert_eq!(
        events::update_workshop(db, other, &input, now(), "BUERO-2")
            .unwrap_err()
            .code(),
        "not_found",
        "a project that is not there is refused"
    );
    assert_eq!(
        db.read(|s| events::workshop_in(s, other))
            .unwrap()
            .project_id,
        Some(p),
        "and the link stays as it was"
    );
    assert_eq!(
        events::create_workshop(db, event, &workshop_input("Neu", 14, Some(9999)), now())
            .unwrap_err()
            .code(),
        "not_found"
    );
}
on_both_engines!(
    a_workshop_is_linked_to_a_project_and_unlinked_and_the_project_lists_it_with_its_fair
);

fn an_event_linked_to_a_project_is_on_its_page_even_without_linked_workshops(db: &mut TestStore) {
    let p = project(
        db,
        "Ausbildungsbörse 2026",
        None,
        None,
        ProjectStatus::Geplant,
        &[],
    );
    let event = fair(db);
    events::update_event(
        db,
        event,
        &events::EventInput {
            title: "Mehrsprachige Ausbildungsbörse 2026".into(),
            starts_on: Some(november(20)),
            venue: "Kreishaus Siegburg".into(),
            rooms: vec!["Raum 1".into()],
            project_id: Some(p),
            ..events::EventInput::default()
        },
        now(),
        "BUERO-2",
    )
    .unwrap();
    let page = db.read(|s| organisations::project_in(s, p)).unwrap();
    assert_eq!(page.events.len(), 1);
    assert!(page.events[0].linked, "linked directly");
    assert_eq!(page.events[0].workshops, 0);
    assert!(page.workshops.is_empty());
}
on_both_engines!(an_event_linked_to_a_project_is_on_its_page_even_without_linked_workshops);

fn the_project_list_filters_by_year_of_running_and_by_status_together(db: &mut TestStore) {
    let running = project(
        db,
        "Läuft 2025–2027",
        Some(day(2025, 9, 1)),
        Some(day(2027, 6, 30)),
        ProjectStatus::Laufend,
        &[],
    );
    let done = project(
        db,
        "Fertig 2025",
        Some(day(2025, 1, 1)),
        Some(day(2025, 12, 31)),
        ProjectStatus::Abgeschlossen,
        &[],
    );
    let planned = project(
        db,
        "Geplant ab 2026",
        Some(day(2026, 11, 1)),
        None,
        ProjectStatus::Geplant,
        &[],
    );
    let undated = project(db, "Ohne Daten", None, None, ProjectStatus::Laufend, &[]);
    let mut ids = |filter: ProjectFilter| -> Vec<i64> {
        let mut ids: Vec<_> = db
            .read(|s| organisations::projects_in(s, &filter))
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(
        ids(ProjectFilter {
            year: Some(2026),
            ..ProjectFilter::default()
        }),
        [running, planned, undated],
        "running at some time in 2026: the start-to-end range overlaps the year"
    );
    assert_eq!(
        ids(ProjectFilter {
            year: Some(2025),
            ..ProjectFilter::default()
        }),
        [running, done, undated]
    );
    assert_eq!(
        ids(ProjectFilter {
            year: Some(2026),
            status: Some(ProjectStatus::Laufend),
            ..ProjectFilter::default()
        }),
        [running, undated],
        "year and status combine"
    );
    assert_eq!(
        ids(ProjectFilter {
            year: Some(2024),
            status: Some(ProjectStatus::Abgeschlossen),
            ..ProjectFilter::default()
        }),
        Vec::<i64>::new()
    );
}
on_both_engines!(the_project_list_filters_by_year_of_running_and_by_status_together);

fn the_demo_working_group_shows_its_year(db: &mut TestStore) {
    kiz::demo::load(db, now()).unwrap();
    let page = db
        .read(|s| organisations::working_group_page_in(s, None, now().date()))
        .unwrap();
    let group = page.group.unwrap();
    let year = db
        .read(|s| organisations::attendance_year_in(s, group.id, 2026, now().date()))
        .unwrap();
    assert_eq!(year.held, 2);
    let meeting = db
        .read(|s| organisations::meeting_in(s, group.meetings[0].id))
        .unwrap();
    assert!(meeting.people.len() > 3);
    let emre = meeting
        .people
        .iter()
        .find(|a| a.contact_name.as_deref() == Some("Emre Kaya"))
        .unwrap();
    assert_eq!(
        emre.status,
        AttendanceStatus::Anwesend,
        "{:?}",
        meeting.people
    );
}
on_both_engines!(the_demo_working_group_shows_its_year);

fn a_contact_entered_after_the_meeting_is_listed_and_one_whose_role_ended_before_is_not(
    db: &mut TestStore,
) {
    let mut g = group(db);
    let m = meeting(&mut g.db, g.group, day(2026, 3, 4));
    let late = organisations::create_contact(
        &mut g.db,
        &ContactInput {
            name: "Leyla Kaya".into(),
            email: "leyla@example.org".into(),
            ..ContactInput::default()
        },
        Some(&RoleInput {
            organisation_id: g.kurds,
            role: "Mitglied".into(),
            started_on: Some(day(2026, 5, 1)),
            ended_on: None,
        }),
        now(),
    )
    .unwrap()
    .id;
    let amina =
        g.db.read(|s| organisations::contact_in(s, g.amina))
            .unwrap();
    organisations::end_role(
        &mut g.db,
        amina.roles[0].id,
        day(2026, 2, 1),
        saved_at(),
        "",
    )
    .unwrap();
    assert_eq!(
        status_of(g.db, m, late),
        Some(AttendanceStatus::NichtErschienen),
        "entered in May, still listed for the March meeting recorded afterwards"
    );
    assert_eq!(
        status_of(g.db, m, g.amina),
        None,
        "her role ended before the meeting"
    );
}
on_both_engines!(
    a_contact_entered_after_the_meeting_is_listed_and_one_whose_role_ended_before_is_not
);

fn the_minutes_name_who_came_and_who_sent_apologies(db: &mut TestStore) {
    let mut g = group(db);
    let m = meeting(&mut g.db, g.group, day(2026, 3, 4));
    // A guest organisation whose only entry is an apology is listed too.
    let apologising = organisation(&mut g.db, "Türkischer Elternverein Troisdorf");
    let hasan = contact(&mut g.db, "Hasan Yıldız", apologising);
    organisations::set_attendees(
        &mut g.db,
        m,
        &[
            came(g.rezan, g.kurds, AttendanceStatus::Anwesend),
            came(g.dilan, g.kurds, AttendanceStatus::Anwesend),
            came(g.amina, g.moroccans, AttendanceStatus::Entschuldigt),
            came(g.yusuf, g.guests, AttendanceStatus::Anwesend),
            came(hasan, apologising, AttendanceStatus::Entschuldigt),
        ],
        saved_at(),
        None,
        "",
    )
    .unwrap();
    let read = g.db.read(|s| organisations::meeting_in(s, m)).unwrap();
    let pdf = kiz::documents::directory::minutes(common::setup(&mut g.db, "Test"), &read);
    let text = common::letters(&common::poppler("pdftotext", &[], &pdf.bytes));
    for expected in [
        "ja (2)",
        "Dilan Aydın, Rêzan Xelîl",
        "entschuldigt: Amina El Idrissi",
        "Kultur- und Bildungsverein Siegburg",
        "Yusuf Demir",
        "Türkischer Elternverein Troisdorf",
        "entschuldigt: Hasan Yıldız",
    ] {
        assert!(
            text.contains(&common::letters(expected)),
            "the minutes show {expected}: {text}"
        );
    }
}
on_both_engines!(
    the_minutes_name_who_came_and_who_sent_apologies,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);

/// The moment a list or a role is saved in these tests.
fn saved_at() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a valid moment")
}
