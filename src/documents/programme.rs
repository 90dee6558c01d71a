//! The printouts of an event besides the participant lists: the programme
//! (a time × room grid to hand out), the Anmeldebestätigung (German plus
//! the participant's language, with a QR code for check-in) and the
//! Teilnahmebescheinigung for those present.

use chrono::NaiveDateTime;

use super::german_date;
use super::labels::draw_qr;
use super::{Column, Orientation, Pdf, PrintSetup, Printout, Table, Weight};
use crate::events::{Confirmation, Event, Workshop, WorkshopSummary};
use crate::Result;

fn time_span(from: NaiveDateTime, to: NaiveDateTime) -> String {
    format!("{}–{} Uhr", from.format("%H:%M"), to.format("%H:%M"))
}

fn day_and_time(from: NaiveDateTime, to: NaiveDateTime) -> String {
    format!("{}, {}", german_date(from.date()), time_span(from, to))
}

/// The rooms as columns: the event's rooms in their order, then any other
/// room a workshop uses, then "ohne Raum" when a workshop has none.
fn room_columns(event: &Event, workshops: &[WorkshopSummary]) -> Vec<String> {
    let mut rooms: Vec<String> = event.rooms.clone();
    let mut extra: Vec<String> = workshops
        .iter()
        .map(|w| w.room.clone())
        .filter(|r| !r.is_empty() && !rooms.contains(r))
        .collect();
    extra.sort();
    extra.dedup();
    rooms.extend(extra);
    if workshops.iter().any(|w| w.room.is_empty()) {
        rooms.push(String::new());
    }
    rooms
}

/// The programme of an event as a time × room grid (A4 landscape): a row
/// per start time, a column per room; each cell names the workshop, its
/// time, host and languages.
pub fn programme(setup: PrintSetup, event: &Event, workshops: &[WorkshopSummary]) -> Pdf {
    let mut doc = Printout::new(PrintSetup {
        orientation: Orientation::Landscape,
        ..setup
    });
    doc.heading(&format!("Programm: {}", event.title), 1);
    let dates = if event.ends_on == event.starts_on {
        german_date(event.starts_on)
    } else {
        format!(
            "{} bis {}",
            german_date(event.starts_on),
            german_date(event.ends_on)
        )
    };
    let mut pairs = vec![("Datum", dates)];
    if !event.venue.is_empty() {
        pairs.push(("Ort", event.venue.clone()));
    }
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    doc.key_values(&pairs);
    if workshops.is_empty() {
        doc.paragraph("Für diese Veranstaltung sind noch keine Workshops geplant.");
        return doc.finish();
    }
    let rooms = room_columns(event, workshops);
    let several_days = event.ends_on > event.starts_on;
    let mut starts: Vec<NaiveDateTime> = workshops.iter().map(|w| w.starts_at).collect();
    starts.sort();
    starts.dedup();
    let mut columns = vec![Column::new("Beginn", 10.0)];
    columns.extend(rooms.iter().map(|r| {
        Column::new(
            if r.is_empty() {
                "ohne Raum"
            } else {
                r.as_str()
            },
            90.0 / rooms.len() as f32,
        )
    }));
    let rows = starts
        .iter()
        .map(|start| {
            let mut row = vec![if several_days {
                format!("{}\n{} Uhr", start.format("%d.%m."), start.format("%H:%M"))
            } else {
                format!("{} Uhr", start.format("%H:%M"))
            }];
            row.extend(rooms.iter().map(|room| {
                workshops
                    .iter()
                    .filter(|w| w.starts_at == *start && &w.room == room)
                    .map(|w| {
                        let mut cell =
                            format!("{}\n{}", w.title, time_span(w.starts_at, w.ends_at));
                        if !w.hosts.is_empty() {
                            cell.push_str(&format!("\n{}", w.hosts.join(", ")));
                        }
                        if !w.languages.is_empty() {
                            cell.push_str(&format!("\nSprachen: {}", w.languages.join(", ")));
                        }
                        cell
                    })
                    .collect::<Vec<_>>()
                    .join("\n\n")
            }));
            row
        })
        .collect();
    doc.table(&Table {
        columns,
        rows,
        min_row_height: 0.0,
    });
    if let (Some(from), Some(to)) = (event.registration_opens_on, event.registration_closes_on) {
        doc.note(&format!(
            "Anmeldung vom {} bis {}.",
            german_date(from),
            german_date(to)
        ));
    } else if let Some(to) = event.registration_closes_on {
        doc.note(&format!("Anmeldung bis {}.", german_date(to)));
    }
    doc.finish()
}

/// The words of a confirmation in one language.
struct Words {
    name: &'static str,
    title: &'static str,
    registered: &'static str,
    /// `{n}` is the place on the waitlist.
    waitlisted: &'static str,
    workshop: &'static str,
    time: &'static str,
    room: &'static str,
    venue: &'static str,
    hosts: &'static str,
    bring: &'static str,
}

const DE: Words = Words {
    name: "Name",
    title: "Anmeldebestätigung",
    registered: "Sie sind für diesen Workshop angemeldet:",
    waitlisted: "Sie stehen auf der Warteliste für diesen Workshop (Platz {n}). Wir melden uns, \
                 sobald ein Platz frei wird.",
    workshop: "Workshop",
    time: "Zeit",
    room: "Raum",
    venue: "Ort",
    hosts: "Veranstaltet von",
    bring: "Bitte bringen Sie diese Bestätigung mit: Der Code beschleunigt den Einlass. Wenn Sie \
            nicht kommen können, sagen Sie uns bitte Bescheid, damit jemand anderes Ihren Platz \
            bekommt.",
};

const EN: Words = Words {
    name: "Name",
    title: "Registration confirmation",
    registered: "You are registered for this workshop:",
    waitlisted: "You are on the waiting list for this workshop (place {n}). We will contact you \
                 as soon as a place becomes free.",
    workshop: "Workshop",
    time: "Time",
    room: "Room",
    venue: "Venue",
    hosts: "Hosted by",
    bring: "Please bring this confirmation with you: the code speeds up check-in. If you cannot \
            come, please let us know so that someone else can have your place.",
};

const FR: Words = Words {
    name: "Nom",
    title: "Confirmation d'inscription",
    registered: "Vous êtes inscrit(e) à cet atelier :",
    waitlisted: "Vous êtes sur la liste d'attente de cet atelier (place {n}). Nous vous \
                 contacterons dès qu'une place se libère.",
    workshop: "Atelier",
    time: "Horaire",
    room: "Salle",
    venue: "Lieu",
    hosts: "Organisé par",
    bring: "Veuillez apporter cette confirmation : le code accélère l'accueil. Si vous ne pouvez \
            pas venir, prévenez-nous afin qu'une autre personne puisse prendre votre place.",
};

const RU: Words = Words {
    name: "Имя",
    title: "Подтверждение регистрации",
    registered: "Вы зарегистрированы на этот семинар:",
    waitlisted: "Вы в листе ожидания на этот семинар (место {n}). Мы свяжемся с вами, как только \
                 освободится место.",
    workshop: "Семинар",
    time: "Время",
    room: "Зал",
    venue: "Место проведения",
    hosts: "Организатор",
    bring: "Пожалуйста, возьмите это подтверждение с собой: код ускоряет регистрацию на месте. \
            Если вы не сможете прийти, сообщите нам, чтобы ваше место мог занять другой человек.",
};

const TR: Words = Words {
    name: "Ad soyad",
    title: "Kayıt onayı",
    registered: "Bu atölyeye kaydınız yapıldı:",
    waitlisted: "Bu atölyenin bekleme listesindesiniz ({n}. sıra). Bir yer boşalır boşalmaz \
                 sizinle iletişime geçeceğiz.",
    workshop: "Atölye",
    time: "Saat",
    room: "Salon",
    venue: "Yer",
    hosts: "Düzenleyen",
    bring: "Lütfen bu onayı yanınızda getirin: kod girişi hızlandırır. Gelemeyecekseniz, yerinizi \
            başka birinin alabilmesi için lütfen bize haber verin.",
};

const AR: Words = Words {
    name: "الاسم",
    title: "تأكيد التسجيل",
    registered: "أنت مسجّل في ورشة العمل التالية:",
    waitlisted: "أنت على قائمة الانتظار لهذه الورشة (الرقم {n}). سنتواصل معك فور توفر مكان.",
    workshop: "الورشة",
    time: "الوقت",
    room: "القاعة",
    venue: "المكان",
    hosts: "الجهة المنظمة",
    bring: "يرجى إحضار هذا التأكيد معك: الرمز يسرّع تسجيل الدخول. إذا لم تتمكن من الحضور، يرجى \
            إبلاغنا حتى يتمكن شخص آخر من أخذ مكانك.",
};

/// The languages a confirmation is printed in besides German.
pub const CONFIRMATION_LANGUAGES: [&str; 5] = ["en", "fr", "ru", "tr", "ar"];

fn words(code: &str) -> Option<&'static Words> {
    match code {
        "en" => Some(&EN),
        "fr" => Some(&FR),
        "ru" => Some(&RU),
        "tr" => Some(&TR),
        "ar" => Some(&AR),
        _ => None,
    }
}

fn confirmation_block(doc: &mut Printout, w: &Words, c: &Confirmation, first: bool) {
    doc.heading(w.title, if first { 1 } else { 2 });
    match c.waitlist_position {
        None => doc.paragraph(w.registered),
        Some(n) => doc.paragraph(&w.waitlisted.replace("{n}", &n.to_string())),
    }
    let ws = &c.workshop;
    let mut lines = vec![
        (w.name, c.name.clone()),
        (w.workshop, ws.title.clone()),
        (w.time, day_and_time(ws.starts_at, ws.ends_at)),
    ];
    if !ws.room.is_empty() {
        lines.push((w.room, ws.room.clone()));
    }
    if !c.venue.is_empty() {
        lines.push((w.venue, c.venue.clone()));
    }
    if !ws.hosts.is_empty() {
        let hosts: Vec<&str> = ws.hosts.iter().map(|(n, _)| n.as_str()).collect();
        lines.push((w.hosts, hosts.join(", ")));
    }
    if first {
        let pairs: Vec<(&str, &str)> = lines.iter().map(|(k, v)| (*k, v.as_str())).collect();
        doc.key_values(&pairs);
    } else {
        // As running lines, so that a right-to-left language reads from the
        // right with its labels.
        for (k, v) in &lines {
            // The value is isolated (LRI … PDI) so that a German date and
            // time keep their order inside a right-to-left line.
            doc.paragraph(&format!("{k}: \u{2066}{v}\u{2069}"));
        }
    }
    doc.paragraph(w.bring);
}

/// The Anmeldebestätigung of what [`crate::events::confirmation`] found:
/// German, the QR code with the check-in code, then the same in the first
/// of the participant's languages that we have words for.
///
/// # Errors
/// [`crate::Error::DocumentFailed`] if the QR code cannot be made.
pub fn confirmation(setup: PrintSetup, c: &Confirmation) -> Result<Pdf> {
    let mut doc = Printout::new(setup);
    confirmation_block(&mut doc, &DE, c, true);
    let (left, top) = doc.reserve(42.0);
    draw_qr(&mut doc, &c.code, left, top + 2.0, 30.0)?;
    doc.place_centred(
        &c.code,
        Weight::Bold,
        9.0,
        left + 15.0,
        top + 37.0,
        60.0,
        "Code",
    );
    if let Some(w) = c.languages.iter().find_map(|l| words(l)) {
        doc.rule();
        confirmation_block(&mut doc, w, c, false);
    }
    Ok(doc.finish())
}

/// Teilnahmebescheinigungen: one page per person present, to sign and
/// stamp.
pub fn certificates(setup: PrintSetup, workshop: &Workshop, names: &[String]) -> Pdf {
    let mut doc = Printout::new(setup);
    let hosts: Vec<&str> = workshop.hosts.iter().map(|(n, _)| n.as_str()).collect();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            doc.new_page();
        }
        doc.space(20.0);
        doc.heading("Teilnahmebescheinigung", 1);
        doc.space(8.0);
        doc.paragraph("Hiermit bestätigen wir, dass");
        doc.heading(name, 2);
        doc.paragraph(&format!(
            "am {} von {} bis {} Uhr am Workshop „{}“ im Rahmen der Veranstaltung „{}“ \
             teilgenommen hat.",
            german_date(workshop.starts_at.date()),
            workshop.starts_at.format("%H:%M"),
            workshop.ends_at.format("%H:%M"),
            workshop.title,
            workshop.event_title
        ));
        if !workshop.description.is_empty() {
            doc.paragraph(&format!("Inhalt: {}", workshop.description));
        }
        if !hosts.is_empty() {
            doc.paragraph(&format!(
                "Der Workshop wurde durchgeführt von: {}.",
                hosts.join(", ")
            ));
        }
        doc.space(25.0);
        doc.signatures(&["Ort, Datum", "Unterschrift und Stempel"]);
    }
    doc.finish()
}
