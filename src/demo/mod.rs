//! Demo data for a first look and for training: the institution, the three
//! migrant organisations named in the Rhein-Sieg-Kreis article of December
//! 2017, about 60 media of every Mediengruppe and level with their copies,
//! and 15 borrowers with names from the communities the centre serves.
//! The demo Ausbildungsbörse with its workshops and participants is in
//! [`events`].

mod events;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::catalogue::{self, Audience, CopyInput, KitItem, Level, MediumInput};
use crate::lending;
use crate::organisations::{self, CooperationStatus, OrganisationInput};
use crate::people::{self, BorrowerInput, BorrowerKind, Consent};
use crate::settings::{self, Institution};
use crate::Record;
use crate::{Db, Error, Result};

/// What [`load`] put into the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    /// Organisations added.
    pub organisations: usize,
    /// Media added.
    pub media: usize,
    /// Copies added.
    pub copies: usize,
    /// Borrowers added.
    pub borrowers: usize,
    /// Participants of the demo Ausbildungsbörse.
    pub participants: usize,
}

use Level::{Alpha, A1, A2, B1, B2, C1};

/// (Mediengruppe, title, authors, publisher, year, levels, audience, target
/// language, support languages, topics, copies)
type DemoMedium = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i32,
    Option<(Level, Level)>,
    Audience,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    usize,
);

const MEDIA: &[DemoMedium] = &[
    (
        "lehrwerk",
        "Schritte plus Neu 1 – Kursbuch und Arbeitsbuch",
        "Niebisch, Daniela; Penning-Hiemstra, Sylvette",
        "Hueber",
        2016,
        Some((A1, A1)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Integrationskurs", "Alltag"],
        4,
    ),
    (
        "lehrwerk",
        "Schritte plus Neu 2 – Kursbuch und Arbeitsbuch",
        "Niebisch, Daniela; Penning-Hiemstra, Sylvette",
        "Hueber",
        2016,
        Some((A1, A1)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Integrationskurs", "Alltag"],
        3,
    ),
    (
        "lehrwerk",
        "Schritte plus Neu 3 – Kursbuch und Arbeitsbuch",
        "Hilpert, Silke; Kerner, Marion",
        "Hueber",
        2017,
        Some((A2, A2)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Integrationskurs"],
        3,
    ),
    (
        "lehrwerk",
        "Schritte plus Neu 5 – Kursbuch und Arbeitsbuch",
        "Hilpert, Silke; Kerner, Marion",
        "Hueber",
        2018,
        Some((B1, B1)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Integrationskurs", "Beruf"],
        2,
    ),
    (
        "lehrwerk",
        "Linie 1 A1 – Deutsch in Alltag und Beruf",
        "Dengler, Stefanie; Hoffmann, Ludwig",
        "Klett",
        2016,
        Some((A1, A1)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Alltag", "Beruf"],
        2,
    ),
    (
        "lehrwerk",
        "Linie 1 B1 – Deutsch in Alltag und Beruf",
        "Dengler, Stefanie; Hoffmann, Ludwig",
        "Klett",
        2017,
        Some((B1, B1)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Beruf"],
        2,
    ),
    (
        "lehrwerk",
        "Berliner Platz 1 NEU – Glossar Deutsch–Arabisch",
        "Lemcke, Christiane; Rohrmann, Lutz",
        "Klett",
        2010,
        Some((A1, A1)),
        Audience::Erwachsene,
        "de",
        &["ar"],
        &["Glossar", "Integrationskurs"],
        2,
    ),
    (
        "lehrwerk",
        "Berliner Platz 1 NEU – Glossar Deutsch–Türkisch",
        "Lemcke, Christiane; Rohrmann, Lutz",
        "Klett",
        2010,
        Some((A1, A1)),
        Audience::Erwachsene,
        "de",
        &["tr"],
        &["Glossar"],
        1,
    ),
    (
        "lehrwerk",
        "Alpha plus – Basiskurs Alphabetisierung",
        "Albert, Ruth; Böttger, Heiner",
        "Cornelsen",
        2015,
        Some((Alpha, Alpha)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Alphabetisierung", "Schreiben"],
        3,
    ),
    (
        "lehrwerk",
        "Erste Schritte plus Neu – Einstiegskurs",
        "Hilpert, Silke",
        "Hueber",
        2019,
        Some((Alpha, A1)),
        Audience::Erwachsene,
        "de",
        &["ar", "fa", "ti"],
        &["Einstieg"],
        2,
    ),
    (
        "lehrwerk",
        "Netzwerk neu A2 – Kurs- und Übungsbuch",
        "Dengler, Stefanie; Rusch, Paul",
        "Klett",
        2020,
        Some((A2, A2)),
        Audience::Jugendliche,
        "de",
        &[],
        &["Jugendliche"],
        2,
    ),
    (
        "lehrwerk",
        "Menschen im Beruf – Pflege B1/B2",
        "Schlüter, Sabine",
        "Hueber",
        2019,
        Some((B1, B2)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Pflege", "Beruf"],
        2,
    ),
    (
        "lehrwerk",
        "Deutsch für Zahnärzte und Ärztinnen C1",
        "Firnhaber-Sensen, Ulrike",
        "Klett",
        2018,
        Some((C1, C1)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Medizin", "Beruf"],
        1,
    ),
    (
        "lehrwerk",
        "Mein erstes Deutschbuch – Kinder A1",
        "Kleine, Anna",
        "Schubi",
        2021,
        Some((A1, A1)),
        Audience::Kinder,
        "de",
        &["uk", "ru"],
        &["Kinder", "Schule"],
        3,
    ),
    (
        "lehrwerk",
        "Kurdî – Kurmancî für Anfänger",
        "Xelîl, Rêzan",
        "Edition Mezopotamya",
        2014,
        Some((A1, A2)),
        Audience::Erwachsene,
        "ku",
        &["de"],
        &["Herkunftssprache"],
        1,
    ),
    (
        "buch",
        "Das Bilderwörterbuch Deutsch–Arabisch",
        "Redaktion Langenscheidt",
        "Langenscheidt",
        2016,
        Some((Alpha, A2)),
        Audience::Alle,
        "de",
        &["ar"],
        &["Wortschatz", "Wörterbuch"],
        3,
    ),
    (
        "buch",
        "Bildwörterbuch Deutsch–Ukrainisch",
        "Redaktion Pons",
        "Pons",
        2022,
        Some((Alpha, A2)),
        Audience::Alle,
        "de",
        &["uk"],
        &["Wortschatz", "Wörterbuch"],
        2,
    ),
    (
        "buch",
        "Wörterbuch Deutsch–Türkisch kompakt",
        "Redaktion Pons",
        "Pons",
        2019,
        None,
        Audience::Alle,
        "de",
        &["tr"],
        &["Wörterbuch"],
        2,
    ),
    (
        "buch",
        "Wörterbuch Deutsch–Tigrinya",
        "Tesfay, Mehret",
        "Eigenverlag",
        2017,
        None,
        Audience::Alle,
        "de",
        &["ti"],
        &["Wörterbuch"],
        1,
    ),
    (
        "buch",
        "Wörterbuch Deutsch–Persisch / Dari",
        "Rahimi, Farid",
        "Edition Orient",
        2018,
        None,
        Audience::Alle,
        "de",
        &["fa"],
        &["Wörterbuch"],
        2,
    ),
    (
        "buch",
        "Leichte Lektüre A1 – Ein Tag in Siegburg",
        "Bürger, Gisela",
        "Klett",
        2020,
        Some((A1, A1)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Lektüre", "Rhein-Sieg"],
        3,
    ),
    (
        "buch",
        "Lesen leicht gemacht A2 – Die neue Wohnung",
        "Bürger, Gisela",
        "Klett",
        2019,
        Some((A2, A2)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Lektüre", "Wohnen"],
        2,
    ),
    (
        "buch",
        "Kommissar Müller ermittelt – Lektüre B1",
        "Dittrich, Roland",
        "Hueber",
        2015,
        Some((B1, B1)),
        Audience::Jugendliche,
        "de",
        &[],
        &["Lektüre", "Krimi"],
        2,
    ),
    (
        "buch",
        "Grammatik aktiv A1–B1",
        "Jin, Friederike; Voß, Ute",
        "Cornelsen",
        2017,
        Some((A1, B1)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Grammatik"],
        3,
    ),
    (
        "buch",
        "Übungsgrammatik für die Mittelstufe",
        "Hall, Karin; Scheiner, Barbara",
        "Hueber",
        2014,
        Some((B2, C1)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Grammatik"],
        1,
    ),
    (
        "buch",
        "Bewerbung schreiben – leicht erklärt",
        "Özdemir, Ayşe",
        "Verlag an der Ruhr",
        2021,
        Some((A2, B1)),
        Audience::Jugendliche,
        "de",
        &["tr", "ar"],
        &["Bewerbung", "Ausbildung"],
        2,
    ),
    (
        "buch",
        "Ausbildung in Deutschland – Infos für Eltern",
        "Kommunales Integrationszentrum",
        "Eigenverlag",
        2023,
        Some((A2, B1)),
        Audience::Erwachsene,
        "de",
        &["tr", "ku", "ar", "ru"],
        &["Ausbildung", "Eltern"],
        4,
    ),
    (
        "buch",
        "Orientierungskurs – Leben in Deutschland",
        "Butler, Ulrike",
        "Klett",
        2020,
        Some((A2, B1)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Orientierungskurs", "Politik"],
        3,
    ),
    (
        "buch",
        "Zweisprachige Märchen – Deutsch und Arabisch",
        "Haddad, Amal",
        "Edition Bilibri",
        2018,
        Some((A1, A2)),
        Audience::Kinder,
        "de",
        &["ar"],
        &["Kinderbuch", "Vorlesen"],
        2,
    ),
    (
        "buch",
        "Zweisprachiges Bilderbuch – Deutsch und Russisch",
        "Ivanova, Natalja",
        "Edition Bilibri",
        2017,
        Some((A1, A1)),
        Audience::Kinder,
        "de",
        &["ru"],
        &["Kinderbuch", "Vorlesen"],
        2,
    ),
    (
        "buch",
        "Methodenhandbuch DaZ für Ehrenamtliche",
        "Kaufmann, Susan",
        "Klett",
        2016,
        None,
        Audience::Erwachsene,
        "de",
        &[],
        &["Didaktik", "Ehrenamt"],
        3,
    ),
    (
        "buch",
        "Unterrichten in Alphabetisierungskursen",
        "Feldmeier, Alexis",
        "Klett",
        2015,
        None,
        Audience::Erwachsene,
        "de",
        &[],
        &["Didaktik", "Alphabetisierung"],
        2,
    ),
    (
        "spiel",
        "Wortschatz-Memo Alltag",
        "",
        "Schubi",
        2018,
        Some((A1, A2)),
        Audience::Alle,
        "de",
        &[],
        &["Wortschatz", "Spiel"],
        2,
    ),
    (
        "spiel",
        "Deutsch-Domino Verben",
        "",
        "Schubi",
        2017,
        Some((A2, B1)),
        Audience::Jugendliche,
        "de",
        &[],
        &["Grammatik", "Spiel"],
        2,
    ),
    (
        "spiel",
        "Sprechkarten – Kennenlernen",
        "",
        "Verlag an der Ruhr",
        2019,
        Some((A1, B1)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Sprechen"],
        3,
    ),
    (
        "spiel",
        "Bingo der Berufe",
        "",
        "Eigenverlag",
        2022,
        Some((A2, B1)),
        Audience::Jugendliche,
        "de",
        &[],
        &["Beruf", "Ausbildung"],
        2,
    ),
    (
        "spiel",
        "Buchstaben-Puzzle Alpha",
        "",
        "Schubi",
        2016,
        Some((Alpha, Alpha)),
        Audience::Alle,
        "de",
        &[],
        &["Alphabetisierung"],
        2,
    ),
    (
        "spiel",
        "Zahlen-Würfelspiel",
        "",
        "Schubi",
        2015,
        Some((Alpha, A1)),
        Audience::Kinder,
        "de",
        &[],
        &["Zahlen", "Kinder"],
        1,
    ),
    (
        "spiel",
        "Quartett Deutschland entdecken",
        "",
        "Eigenverlag",
        2020,
        Some((A2, B2)),
        Audience::Alle,
        "de",
        &[],
        &["Landeskunde"],
        2,
    ),
    (
        "video",
        "Deutsch lernen mit Videos – Alltagsszenen (DVD)",
        "",
        "Hueber",
        2015,
        Some((A1, A2)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Hörverstehen", "Alltag"],
        2,
    ),
    (
        "video",
        "Willkommen in Deutschland – Filmreihe (DVD)",
        "",
        "Bundeszentrale für politische Bildung",
        2017,
        Some((A2, B1)),
        Audience::Erwachsene,
        "de",
        &["ar", "fa", "en"],
        &["Orientierung"],
        2,
    ),
    (
        "video",
        "Ausbildung im Handwerk – Berufsporträts (DVD)",
        "",
        "Handwerkskammer",
        2021,
        Some((B1, B1)),
        Audience::Jugendliche,
        "de",
        &[],
        &["Ausbildung", "Handwerk"],
        1,
    ),
    (
        "video",
        "Kinderlieder zum Mitsingen (DVD)",
        "",
        "Edition Bilibri",
        2019,
        Some((Alpha, A1)),
        Audience::Kinder,
        "de",
        &[],
        &["Lieder", "Kinder"],
        1,
    ),
    (
        "audio",
        "Schritte plus Neu 1 – Audio-CDs zum Kursbuch",
        "",
        "Hueber",
        2016,
        Some((A1, A1)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Hörverstehen"],
        3,
    ),
    (
        "audio",
        "Linie 1 A2 – Audio-CDs",
        "",
        "Klett",
        2016,
        Some((A2, A2)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Hörverstehen"],
        2,
    ),
    (
        "audio",
        "Hörbuch: Leichte Geschichten A2",
        "Bürger, Gisela",
        "Klett",
        2019,
        Some((A2, A2)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Hörbuch", "Lektüre"],
        2,
    ),
    (
        "audio",
        "Aussprachetrainer Deutsch",
        "Reinke, Kerstin",
        "Klett",
        2017,
        Some((A1, B2)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Aussprache"],
        2,
    ),
    (
        "audio",
        "Kinderlieder Deutsch–Türkisch (CD)",
        "",
        "Edition Bilibri",
        2018,
        Some((Alpha, A1)),
        Audience::Kinder,
        "de",
        &["tr"],
        &["Lieder", "Kinder"],
        1,
    ),
    (
        "audio",
        "Prüfungstraining DTZ – Hören (CD)",
        "",
        "Cornelsen",
        2020,
        Some((A2, B1)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Prüfung", "DTZ"],
        2,
    ),
    (
        "medienkoffer",
        "Medienkoffer Wortschatz Küche und Essen",
        "",
        "Kommunales Integrationszentrum",
        2022,
        Some((Alpha, A2)),
        Audience::Alle,
        "de",
        &[],
        &["Wortschatz", "Essen"],
        1,
    ),
    (
        "medienkoffer",
        "Medienkoffer Erstorientierung",
        "",
        "Kommunales Integrationszentrum",
        2023,
        Some((Alpha, A1)),
        Audience::Erwachsene,
        "de",
        &["ar", "fa", "uk", "tr"],
        &["Orientierung", "Einstieg"],
        2,
    ),
    (
        "medienkoffer",
        "Medienkoffer Bewerbungstraining",
        "",
        "Kommunales Integrationszentrum",
        2024,
        Some((A2, B2)),
        Audience::Jugendliche,
        "de",
        &[],
        &["Bewerbung", "Ausbildung"],
        1,
    ),
    (
        "medienkoffer",
        "Medienkoffer Sprachförderung Kita",
        "",
        "Kommunales Integrationszentrum",
        2021,
        Some((Alpha, A1)),
        Audience::Kinder,
        "de",
        &["tr", "ar", "ru"],
        &["Kita", "Kinder"],
        1,
    ),
    (
        "sonstiges",
        "Bildkarten Berufe (Set)",
        "",
        "Schubi",
        2019,
        Some((A1, B1)),
        Audience::Alle,
        "de",
        &[],
        &["Beruf", "Wortschatz"],
        2,
    ),
    (
        "sonstiges",
        "Wandkarte Rhein-Sieg-Kreis",
        "",
        "Rhein-Sieg-Kreis",
        2020,
        None,
        Audience::Alle,
        "de",
        &[],
        &["Landeskunde", "Rhein-Sieg"],
        1,
    ),
    (
        "sonstiges",
        "Anlauttabelle Deutsch (Poster)",
        "",
        "Cornelsen",
        2018,
        Some((Alpha, Alpha)),
        Audience::Alle,
        "de",
        &[],
        &["Alphabetisierung"],
        2,
    ),
    (
        "buch",
        "Türkçe Hikâyeler – Erzählungen für Kinder",
        "Yılmaz, Şükrü",
        "Ararat Verlag",
        2016,
        None,
        Audience::Kinder,
        "tr",
        &["de"],
        &["Herkunftssprache", "Kinderbuch"],
        1,
    ),
    (
        "buch",
        "قصص قصيرة – Kurzgeschichten Arabisch–Deutsch",
        "الأحمد، محمد",
        "Edition Orient",
        2019,
        Some((A2, B1)),
        Audience::Erwachsene,
        "ar",
        &["de"],
        &["Herkunftssprache", "Lektüre"],
        1,
    ),
    (
        "buch",
        "Русские сказки – Russische Märchen",
        "Иванова, Наталья",
        "Edition Bilibri",
        2015,
        None,
        Audience::Kinder,
        "ru",
        &["de"],
        &["Herkunftssprache", "Vorlesen"],
        1,
    ),
    (
        "lehrwerk",
        "DTZ-Prüfungstraining A2–B1",
        "Maenner, Dieter",
        "Cornelsen",
        2020,
        Some((A2, B1)),
        Audience::Erwachsene,
        "de",
        &[],
        &["Prüfung", "DTZ"],
        3,
    ),
];

const KIT_CONTENTS: &[(&str, &[(&str, i64)])] = &[
    (
        "Medienkoffer Wortschatz Küche und Essen",
        &[
            ("Bildkarten Obst und Gemüse", 40),
            ("Spielgeld-Set", 1),
            ("Rezeptkarten in einfacher Sprache", 12),
        ],
    ),
    (
        "Medienkoffer Erstorientierung",
        &[
            ("Stadtplan Siegburg", 2),
            ("Bildwörterbuch", 1),
            ("Formular-Mappe mit Beispielen", 1),
        ],
    ),
    (
        "Medienkoffer Bewerbungstraining",
        &[
            ("Mustermappe Bewerbung", 3),
            ("Rollenspielkarten Vorstellungsgespräch", 24),
        ],
    ),
    (
        "Medienkoffer Sprachförderung Kita",
        &[
            ("Handpuppe", 2),
            ("Bilderbuch zweisprachig", 4),
            ("Liederbuch mit CD", 1),
        ],
    ),
];

/// (name, kind, print language, e-mail)
const BORROWERS: &[(&str, BorrowerKind, &str, &str)] = &[
    (
        "Anna Schmidt",
        BorrowerKind::Hauptamtlich,
        "de",
        "a.schmidt@example.org",
    ),
    ("Jürgen Weiß", BorrowerKind::Ehrenamtlich, "de", ""),
    (
        "Şükrü Yılmaz",
        BorrowerKind::Ehrenamtlich,
        "tr",
        "sukru.yilmaz@example.org",
    ),
    (
        "Ayşe Demir",
        BorrowerKind::Hauptamtlich,
        "tr",
        "ayse.demir@example.org",
    ),
    ("Rêzan Xelîl", BorrowerKind::Ehrenamtlich, "de", ""),
    (
        "Hêvî Şêxmûs",
        BorrowerKind::Ehrenamtlich,
        "de",
        "hevi@example.org",
    ),
    ("محمد الأحمد", BorrowerKind::Ehrenamtlich, "ar", ""),
    (
        "Fatima Al-Zahra",
        BorrowerKind::Hauptamtlich,
        "ar",
        "f.alzahra@example.org",
    ),
    (
        "Наталья Иванова",
        BorrowerKind::Hauptamtlich,
        "ru",
        "n.ivanova@example.org",
    ),
    ("Олександр Коваленко", BorrowerKind::Ehrenamtlich, "ru", ""),
    (
        "Olena Shevchenko",
        BorrowerKind::Ehrenamtlich,
        "en",
        "olena@example.org",
    ),
    (
        "Aïssatou Diallo",
        BorrowerKind::Ehrenamtlich,
        "fr",
        "aissatou@example.org",
    ),
    ("Mamadou Traoré", BorrowerKind::Sonstige, "fr", ""),
    (
        "Kultur- und Bildungsverein Siegburg",
        BorrowerKind::Organisation,
        "de",
        "",
    ),
    (
        "Kurdische Gemeinschaft Rhein-Sieg/Bonn",
        BorrowerKind::Organisation,
        "de",
        "",
    ),
];

/// The organisations of the source article: name, municipality, description.
/// An organisation of the demo directory: name, short name, kind code,
/// municipality, languages, status, rooms, members (date, count), notes,
/// offerings.
struct DemoOrganisation {
    name: &'static str,
    short: &'static str,
    kind: &'static str,
    municipality: &'static str,
    languages: &'static [&'static str],
    status: CooperationStatus,
    rooms: &'static str,
    members: &'static [(&'static str, i64)],
    notes: &'static str,
    offerings: &'static [DemoOffering],
}

/// kind code, title, target group, languages, schedule, place
type DemoOffering = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
);

/// The three organisations of the source article (with the offerings it
/// names) and a dozen plausible others across the Kreis.
const ORGANISATIONS: &[DemoOrganisation] = &[
    DemoOrganisation {
        name: "Kultur- und Bildungsverein Siegburg",
        short: "KBV Siegburg",
        kind: "verein",
        municipality: "Siegburg",
        languages: &["tr", "ar", "de"],
        status: CooperationStatus::Aktiv,
        rooms: "Vereinsräume mit zwei Lernräumen und einem Saal für 60 Personen",
        members: &[("2017-12-01", 85), ("2024-03-01", 140)],
        notes: "Bietet Nachhilfe in eigenen Räumen sowie Gesprächskreise und Diskussionsrunden an.",
        offerings: &[
            ("nachhilfe", "Nachhilfe in eigenen Räumen", "Schüler/innen", &["de"], "montags bis donnerstags 15–18 Uhr", "Vereinsräume Siegburg"),
            ("gespraechskreis", "Gesprächskreis", "Erwachsene", &["de", "tr"], "jeden zweiten Freitag 19 Uhr", "Vereinsräume Siegburg"),
            ("gespraechskreis", "Diskussionsrunde junger Erwachsener", "junge Erwachsene", &["de"], "monatlich, sonntags 16 Uhr", "Vereinsräume Siegburg"),
        ],
    },
    DemoOrganisation {
        name: "Marokkanischer Kulturverein Sankt Augustin",
        short: "MKV Sankt Augustin",
        kind: "verein",
        municipality: "Sankt Augustin",
        languages: &["ar", "fr", "de"],
        status: CooperationStatus::Aktiv,
        rooms: "",
        members: &[("2017-12-01", 200), ("2025-01-15", 230)],
        notes: "Rund 200 Mitglieder; unterstützt und berät neu zugewanderte Menschen nach ihrer Ankunft.",
        offerings: &[
            ("beratung_neu", "Beratung neu Zugewanderter", "neu Zugewanderte", &["ar", "fr", "de"], "dienstags 17–19 Uhr und nach Vereinbarung", "Sankt Augustin-Mitte"),
        ],
    },
    DemoOrganisation {
        name: "Kurdische Gemeinschaft Rhein-Sieg/Bonn",
        short: "Kurdische Gemeinschaft",
        kind: "gemeinschaft",
        municipality: "Siegburg",
        languages: &["ku", "de", "tr", "ar"],
        status: CooperationStatus::Aktiv,
        rooms: "Gemeinschaftszentrum mit Unterrichtsraum",
        members: &[("2018-06-01", 320)],
        notes: "Sprachunterricht in Deutsch und Kurdisch, Integrationsagentur, Flüchtlings- und Migrationsberatung.",
        offerings: &[
            ("sprachunterricht", "Deutschkurs", "Erwachsene", &["de"], "montags und mittwochs 18–20 Uhr", "Gemeinschaftszentrum Siegburg"),
            ("sprachunterricht", "Kurdischunterricht für Kinder", "Kinder", &["ku"], "samstags 10–12 Uhr", "Gemeinschaftszentrum Siegburg"),
            ("integrationsagentur", "Integrationsagentur", "alle", &["ku", "de", "tr", "ar"], "werktags 9–16 Uhr", "Gemeinschaftszentrum Siegburg"),
            ("fluechtlingsberatung", "Flüchtlingsberatung", "Geflüchtete", &["ku", "ar", "de"], "dienstags und donnerstags", "Gemeinschaftszentrum Siegburg"),
            ("migrationsberatung", "Migrationsberatung", "Erwachsene", &["ku", "tr", "de"], "nach Vereinbarung", "Gemeinschaftszentrum Siegburg"),
        ],
    },
    DemoOrganisation {
        name: "Türkisch-Deutscher Elternverein Troisdorf",
        short: "TDEV",
        kind: "verein",
        municipality: "Troisdorf",
        languages: &["tr", "de"],
        status: CooperationStatus::Aktiv,
        rooms: "",
        members: &[("2023-09-01", 45)],
        notes: "",
        offerings: &[("eltern", "Elterncafé", "Eltern", &["tr", "de"], "jeden ersten Samstag", "Familienzentrum Troisdorf-West")],
    },
    DemoOrganisation {
        name: "Afrikanischer Frauenverein Rhein-Sieg",
        short: "",
        kind: "verein",
        municipality: "Troisdorf",
        languages: &["fr", "en", "de"],
        status: CooperationStatus::Aktiv,
        rooms: "",
        members: &[("2022-05-01", 38), ("2025-05-01", 52)],
        notes: "",
        offerings: &[
            ("frauen", "Deutsch für Frauen mit Kinderbetreuung", "Frauen", &["de"], "donnerstags 9–11:30 Uhr", "Stadtteilhaus Troisdorf-Sieglar"),
            ("frauen", "Frauenfrühstück", "Frauen", &["fr", "en", "de"], "monatlich", "Stadtteilhaus Troisdorf-Sieglar"),
        ],
    },
    DemoOrganisation {
        name: "Russischsprachiges Kulturzentrum Lohmar",
        short: "Kulturzentrum Lohmar",
        kind: "verein",
        municipality: "Lohmar",
        languages: &["ru", "uk", "de"],
        status: CooperationStatus::Kontakt,
        rooms: "Probenraum und Bibliothek",
        members: &[("2024-01-10", 70)],
        notes: "",
        offerings: &[
            ("kultur", "Theatergruppe", "Jugendliche", &["ru", "de"], "freitags 17 Uhr", "Lohmar, Kulturzentrum"),
            ("nachhilfe", "Mathematik-Nachhilfe", "Schüler/innen", &["ru", "de"], "nach Vereinbarung", "Lohmar, Kulturzentrum"),
        ],
    },
    DemoOrganisation {
        name: "Syrischer Kulturverein Hennef",
        short: "",
        kind: "verein",
        municipality: "Hennef (Sieg)",
        languages: &["ar", "ku", "de"],
        status: CooperationStatus::Aktiv,
        rooms: "",
        members: &[],
        notes: "",
        offerings: &[
            ("jugend", "Jugendtreff", "Jugendliche", &["ar", "de"], "mittwochs 16–19 Uhr", "Jugendzentrum Hennef"),
            ("beratung_neu", "Ankommensberatung", "neu Zugewanderte", &["ar", "de"], "nach Vereinbarung", "Hennef"),
        ],
    },
    DemoOrganisation {
        name: "Eritreische Gemeinde Sankt Augustin",
        short: "",
        kind: "gemeinschaft",
        municipality: "Sankt Augustin",
        languages: &["ti", "am", "de"],
        status: CooperationStatus::Kontakt,
        rooms: "",
        members: &[],
        notes: "",
        offerings: &[("kultur", "Kulturabende", "alle", &["ti", "de"], "vierteljährlich", "Sankt Augustin")],
    },
    DemoOrganisation {
        name: "Afghanischer Verein Bonn/Rhein-Sieg",
        short: "",
        kind: "verein",
        municipality: "Bonn",
        languages: &["fa", "ps", "de"],
        status: CooperationStatus::Aktiv,
        rooms: "",
        members: &[("2021-11-01", 90)],
        notes: "",
        offerings: &[
            ("fluechtlingsberatung", "Beratung für Geflüchtete", "Geflüchtete", &["fa", "ps", "de"], "montags 14–17 Uhr", "Bonn-Beuel"),
            ("sprachunterricht", "Deutsch-Lerngruppe", "Erwachsene", &["de"], "samstags 10 Uhr", "Bonn-Beuel"),
        ],
    },
    DemoOrganisation {
        name: "DITIB Moscheegemeinde Niederkassel",
        short: "",
        kind: "religionsgemeinschaft",
        municipality: "Niederkassel",
        languages: &["tr", "de"],
        status: CooperationStatus::Kontakt,
        rooms: "Gemeinderäume",
        members: &[],
        notes: "",
        offerings: &[("nachhilfe", "Hausaufgabenhilfe", "Schüler/innen", &["de", "tr"], "werktags 14–16 Uhr", "Gemeinderäume Niederkassel")],
    },
    DemoOrganisation {
        name: "Polnischer Kulturverein Königswinter",
        short: "",
        kind: "verein",
        municipality: "Königswinter",
        languages: &["pl", "de"],
        status: CooperationStatus::Ruhend,
        rooms: "",
        members: &[("2019-04-01", 30)],
        notes: "Seit 2024 keine gemeinsamen Projekte; Kontakt über den Vorstand halten.",
        offerings: &[("kultur", "Polnischer Chor", "Erwachsene", &["pl"], "dienstags 19 Uhr", "Königswinter-Oberpleis")],
    },
    DemoOrganisation {
        name: "Ukrainische Initiative Rheinbach",
        short: "",
        kind: "initiative",
        municipality: "Rheinbach",
        languages: &["uk", "ru", "de"],
        status: CooperationStatus::Aktiv,
        rooms: "",
        members: &[],
        notes: "",
        offerings: &[
            ("sprachunterricht", "Deutsch im Alltag", "Erwachsene", &["de"], "montags und donnerstags 10 Uhr", "Rheinbach, Pfarrheim"),
            ("eltern", "Eltern-Kind-Treff", "Eltern", &["uk", "de"], "freitags 15 Uhr", "Rheinbach, Pfarrheim"),
        ],
    },
    DemoOrganisation {
        name: "Griechische Gemeinde Bornheim",
        short: "",
        kind: "gemeinschaft",
        municipality: "Bornheim",
        languages: &["el", "de"],
        status: CooperationStatus::Ruhend,
        rooms: "",
        members: &[],
        notes: "",
        offerings: &[("sprachunterricht", "Griechischunterricht", "Kinder", &["el"], "samstags", "Bornheim")],
    },
    DemoOrganisation {
        name: "Internationaler Frauentreff Meckenheim",
        short: "",
        kind: "initiative",
        municipality: "Meckenheim",
        languages: &["de", "ar", "tr", "fa"],
        status: CooperationStatus::Aktiv,
        rooms: "",
        members: &[],
        notes: "",
        offerings: &[("frauen", "Gesprächskreis für Frauen", "Frauen", &["de", "ar", "tr", "fa"], "mittwochs 9:30 Uhr", "Meckenheim, Familienzentrum")],
    },
    DemoOrganisation {
        name: "Beratungsstelle für Zugewanderte Eitorf",
        short: "",
        kind: "beratungsstelle",
        municipality: "Eitorf",
        languages: &["de", "ar", "ru"],
        status: CooperationStatus::Kontakt,
        rooms: "",
        members: &[],
        notes: "",
        offerings: &[("migrationsberatung", "Migrationsberatung für Erwachsene", "Erwachsene", &["de", "ar", "ru"], "dienstags und donnerstags", "Eitorf, Rathaus")],
    },
];

/// Whether the database holds no data of its own yet (a fresh file).
///
/// # Errors
/// Only SQLite failures.
pub fn is_empty(db: &Db) -> Result<bool> {
    if organisations::count(db)? > 0 {
        return Ok(false);
    }
    let has_any: bool = db.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM medium) OR EXISTS (SELECT 1 FROM borrower)
                OR EXISTS (SELECT 1 FROM event) OR EXISTS (SELECT 1 FROM participant)",
        [],
        |r| r.get(0),
    )?;
    Ok(!has_any)
}

/// Loads the demo data: the institution and the organisations in one
/// transaction, then each medium with its copies and each borrower through
/// the same core functions staff use (so demo records obey every rule).
///
/// # Errors
/// [`Error::DemoNeedsEmptyDatabase`] when the database already holds
/// organisations, media or borrowers: demo records never mix with real ones.
pub fn load(db: &mut Db, now: NaiveDateTime) -> Result<DemoSummary> {
    if !is_empty(db)? {
        return Err(Error::DemoNeedsEmptyDatabase);
    }
    db.write(|tx| {
        settings::save_institution_in(
            tx,
            &Institution {
                name: "Kommunales Integrationszentrum Rhein-Sieg-Kreis".into(),
                department: "Mediathek und Migrantenorganisationen".into(),
                street: "Kaiser-Wilhelm-Platz 1".into(),
                postal_code: "53721".into(),
                city: "Siegburg".into(),
                phone: "02241 13-0".into(),
                email: "integration@rhein-sieg-kreis.example".into(),
                website: "www.rhein-sieg-kreis.de".into(),
            },
        )?;
        Ok(())
    })?;
    let organisation_count = load_organisations(db, now)?;
    load_cooperation(db, now)?;
    let (media, copies) = load_media(db, now)?;
    let borrowers = load_borrowers(db, now)?;
    load_loans(db, now)?;
    let participants = events::load(db, now)?;
    Ok(DemoSummary {
        organisations: organisation_count,
        media,
        copies,
        borrowers,
        participants,
    })
}

fn load_media(db: &mut Db, now: NaiveDateTime) -> Result<(usize, usize)> {
    let kinds = catalogue::media_kinds(db)?;
    let mut copies = 0;
    for (kind, title, authors, publisher, year, levels, audience, target, support, topics, count) in
        MEDIA
    {
        let kind_id = kinds
            .iter()
            .find(|k| k.code == *kind)
            .map(|k| k.id)
            .ok_or(Error::UnknownMediaKind)?;
        let kit_items = KIT_CONTENTS
            .iter()
            .find(|(t, _)| t == title)
            .map(|(_, items)| {
                items
                    .iter()
                    .map(|(name, quantity)| KitItem {
                        name: (*name).into(),
                        quantity: *quantity,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let input = MediumInput {
            kind_id,
            title: (*title).into(),
            authors: (*authors).into(),
            publisher: (*publisher).into(),
            year: Some(*year),
            level_from: levels.map(|(from, _)| from),
            level_to: levels.map(|(_, to)| to),
            audience: *audience,
            target_language: Some((*target).into()),
            support_languages: support.iter().map(|s| (*s).into()).collect(),
            topics: topics.iter().map(|s| (*s).into()).collect(),
            location: format!(
                "Regal {}",
                kind.chars().next().unwrap_or('X').to_ascii_uppercase()
            ),
            kit_items,
            ..MediumInput::default()
        };
        let medium = catalogue::create_medium(db, &input, now)?;
        for _ in 0..*count {
            catalogue::add_copy(db, medium.id, &CopyInput::default(), now)?;
            copies += 1;
        }
    }
    Ok((MEDIA.len(), copies))
}

fn load_borrowers(db: &mut Db, now: NaiveDateTime) -> Result<usize> {
    let organisations = organisations::list(db)?;
    for (i, (name, kind, language, email)) in BORROWERS.iter().enumerate() {
        let organisation_id = organisations.iter().find(|o| o.name == *name).map(|o| o.id);
        let consent = (i % 3 == 0).then(|| Consent {
            given_on: now.date(),
            text_version: "2026-1".into(),
        });
        let input = BorrowerInput {
            kind: *kind,
            name: (*name).into(),
            organisation_id,
            email: (*email).into(),
            print_language: (*language).into(),
            history_consent: consent.clone(),
            email_consent: if email.is_empty() { None } else { consent },
            ..BorrowerInput::default()
        };
        people::create_borrower(db, &input, now)?;
    }
    Ok(BORROWERS.len())
}

/// A few loans so the desk, the overdue list and the reservations are not
/// empty: current and overdue loans (one with a first reminder) and a
/// reservation. They use the highest Inventarnummern, so the first copies
/// of every medium stay on the shelf for training.
fn load_loans(db: &mut Db, now: NaiveDateTime) -> Result<()> {
    let barcodes: Vec<String> = {
        let mut stmt = db
            .conn()
            .prepare("SELECT barcode FROM copy ORDER BY barcode DESC LIMIT 8")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let borrowers: Vec<i64> = {
        let mut stmt = db.conn().prepare("SELECT id FROM borrower ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if barcodes.len() < 6 || borrowers.len() < 6 {
        return Ok(());
    }
    let days_ago = |d: u64| now - chrono::Days::new(d);
    // (borrower index, copy index, lent how many days ago)
    let plan = [
        (1, 0, 60),
        (1, 1, 9),
        (2, 2, 12),
        (2, 3, 3),
        (3, 4, 45),
        (4, 5, 20),
    ];
    for (who, copy, ago) in plan {
        lending::checkout(
            db,
            &lending::CheckoutRequest {
                borrower_id: borrowers[who],
                barcode: barcodes[copy].clone(),
                override_reason: Some("Demodaten".into()),
            },
            days_ago(ago),
        )?;
    }
    // The 60-day loan got its first reminder yesterday.
    lending::record_reminders(db, borrowers[1], days_ago(1).date())?;
    // Someone waits for what borrower 3 has.
    let medium_id: i64 = db.conn().query_row(
        "SELECT medium_id FROM copy WHERE barcode = ?1",
        [&barcodes[4]],
        |r| r.get(0),
    )?;
    lending::reserve(db, medium_id, borrowers[5], days_ago(2))?;
    Ok(())
}

fn load_organisations(db: &mut Db, now: NaiveDateTime) -> Result<usize> {
    let kinds = organisations::organisation_kinds(db)?;
    let offering_kinds = organisations::offering_kinds(db)?;
    let id_of = |list: &[crate::pick_lists::Entry], code: &str| {
        list.iter()
            .find(|k| k.code == code)
            .map(|k| k.id)
            .ok_or(Error::UnknownOrganisationKind)
    };
    for demo in ORGANISATIONS {
        let o = organisations::create_organisation(
            db,
            &OrganisationInput {
                name: demo.name.into(),
                short_name: demo.short.into(),
                kind_id: Some(id_of(&kinds, demo.kind)?),
                languages: demo.languages.iter().map(|l| (*l).into()).collect(),
                municipality: demo.municipality.into(),
                has_rooms: !demo.rooms.is_empty(),
                rooms_description: demo.rooms.into(),
                status: demo.status,
                notes: demo.notes.into(),
                ..OrganisationInput::default()
            },
            now,
        )?;
        for (day, members) in demo.members {
            let stated_on = NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .map_err(|_| Error::DocumentFailed("demo date".into()))?;
            organisations::add_member_count(
                db,
                o.id,
                &organisations::MemberCount {
                    stated_on,
                    members: *members,
                },
            )?;
        }
        for (kind, title, target, languages, schedule, place) in demo.offerings {
            organisations::save_offering(
                db,
                o.id,
                None,
                &organisations::OfferingInput {
                    kind_id: id_of(&offering_kinds, kind)?,
                    title: (*title).into(),
                    target_group: (*target).into(),
                    languages: languages.iter().map(|l| (*l).into()).collect(),
                    schedule: (*schedule).into(),
                    place: (*place).into(),
                    active: true,
                },
                now,
            )?;
        }
    }
    Ok(ORGANISATIONS.len())
}

/// Contacts, two projects and the Arbeitskreis with two past meetings and
/// an upcoming one (dates relative to `now`).
fn load_cooperation(db: &mut Db, now: NaiveDateTime) -> Result<()> {
    let all = organisations::search_organisations(
        db,
        &organisations::DirectoryQuery {
            limit: 500,
            ..organisations::DirectoryQuery::default()
        },
    )?
    .rows;
    let id = |name: &str| {
        all.iter()
            .find(|o| o.name == name)
            .map(|o| o.id)
            .ok_or(Error::NotFound {
                what: Record::Organisation,
            })
    };
    let kbv = id("Kultur- und Bildungsverein Siegburg")?;
    let mkv = id("Marokkanischer Kulturverein Sankt Augustin")?;
    let kurds = id("Kurdische Gemeinschaft Rhein-Sieg/Bonn")?;
    let women = id("Afrikanischer Frauenverein Rhein-Sieg")?;
    let parents = id("Türkisch-Deutscher Elternverein Troisdorf")?;
    let today = now.date();
    let consent = Some(Consent {
        given_on: today,
        text_version: "2026-1".into(),
    });
    let mut chairs = Vec::new();
    for (name, email, phone, languages, organisation, role) in [
        (
            "Emre Kaya",
            "e.kaya@kbv-siegburg.example",
            "02241 55501",
            &["tr", "de"][..],
            kbv,
            "Vorsitz",
        ),
        (
            "Nadia El Amrani",
            "kontakt@mkv-sankt-augustin.example",
            "",
            &["ar", "fr", "de"][..],
            mkv,
            "Vorsitz",
        ),
        (
            "Rêzan Xelîl",
            "rezan.xelil@kurdische-gemeinschaft.example",
            "02241 55502",
            &["ku", "de"][..],
            kurds,
            "Vorsitz",
        ),
        (
            "Hêvî Şêxmûs",
            "",
            "0176 5550303",
            &["ku", "tr"][..],
            kurds,
            "Kursleitung",
        ),
        (
            "Awa Diop",
            "awa.diop@frauenverein.example",
            "",
            &["fr", "de"][..],
            women,
            "Kontaktperson",
        ),
        (
            "Ayten Yıldız",
            "",
            "",
            &["tr", "de"][..],
            parents,
            "Kontaktperson",
        ),
    ] {
        let c = organisations::create_contact(
            db,
            &organisations::ContactInput {
                name: name.into(),
                email: email.into(),
                phone: phone.into(),
                languages: languages.iter().map(|l| (*l).into()).collect(),
                consent: consent.clone(),
                ..organisations::ContactInput::default()
            },
            Some(&organisations::RoleInput {
                organisation_id: organisation,
                role: role.into(),
                started_on: Some(today - chrono::Days::new(700)),
                ended_on: None,
            }),
            now,
        )?;
        if role == "Vorsitz" {
            chairs.push((organisation, c.id));
        }
    }
    let partner = |organisation_id: i64, role: &str| organisations::Partner {
        organisation_id,
        role: role.into(),
        ..organisations::Partner::default()
    };
    organisations::create_project(
        db,
        &organisations::ProjectInput {
            title: "Mehrsprachige Ausbildungsbörse".into(),
            description: "Workshops von Migrantenorganisationen für Jugendliche und Eltern.".into(),
            starts_on: Some(today - chrono::Days::new(200)),
            ends_on: Some(today + chrono::Days::new(30)),
            status: organisations::ProjectStatus::Laufend,
            staff: "Team Bildung".into(),
            funding_source: "Landesprogramm".into(),
            funding_cents: Some(1_200_000),
            partners: vec![
                partner(kbv, "Workshop Bewerbung"),
                partner(kurds, "Workshop Elterninformation"),
                partner(mkv, "Sprachmittlung"),
            ],
            ..organisations::ProjectInput::default()
        },
        now,
    )?;
    organisations::create_project(
        db,
        &organisations::ProjectInput {
            title: "Elterncafés in Troisdorf".into(),
            starts_on: Some(today - chrono::Days::new(500)),
            ends_on: Some(today - chrono::Days::new(120)),
            status: organisations::ProjectStatus::Abgeschlossen,
            staff: "Team Elternarbeit".into(),
            outcomes: "Zwölf Treffen mit zusammen rund 150 Eltern.".into(),
            partners: vec![partner(parents, "Gastgeber"), partner(women, "Moderation")],
            ..organisations::ProjectInput::default()
        },
        now,
    )?;
    let group = organisations::create_working_group(
        db,
        "Arbeitskreis Migrantenorganisationen",
        "Plant und begleitet Kooperationsprojekte gemeinsam mit den Organisationen.",
        now,
    )?;
    for member in [kbv, mkv, kurds, women] {
        organisations::join(db, group, member, today - chrono::Days::new(365))?;
    }
    let at_six = |day: NaiveDate| day.and_hms_opt(18, 0, 0).unwrap_or(now);
    let first = organisations::save_meeting(
        db,
        group,
        None,
        &organisations::MeetingInput {
            starts_at: Some(at_six(today - chrono::Days::new(90))),
            place: "Kreishaus Siegburg, Raum 1.12".into(),
            agenda: "Ausbildungsbörse: Ideen für Workshops\nTermine".into(),
            minutes: "Drei Organisationen wollen Workshops anbieten.".into(),
        },
        now,
    )?;
    organisations::set_attendance(
        db,
        first,
        &chairs
            .iter()
            .map(|(organisation_id, contact)| organisations::Attendance {
                organisation_id: *organisation_id,
                present: true,
                contact_id: Some(*contact),
                persons: 1,
                ..organisations::Attendance::default()
            })
            .collect::<Vec<_>>(),
    )?;
    organisations::add_decision(
        db,
        first,
        "Jede Organisation plant höchstens zwei Workshops.",
    )?;
    let second = organisations::save_meeting(
        db,
        group,
        None,
        &organisations::MeetingInput {
            starts_at: Some(at_six(today - chrono::Days::new(30))),
            place: "Kultur- und Bildungsverein Siegburg".into(),
            agenda: "Räume und Zeiten der Workshops".into(),
            minutes: "Raumplan abgestimmt.".into(),
        },
        now,
    )?;
    organisations::set_attendance(
        db,
        second,
        &[kbv, women]
            .iter()
            .map(|organisation_id| organisations::Attendance {
                organisation_id: *organisation_id,
                present: true,
                persons: 2,
                ..organisations::Attendance::default()
            })
            .collect::<Vec<_>>(),
    )?;
    organisations::add_action(
        db,
        second,
        "Plakate in fünf Sprachen drucken",
        "Team Bildung",
        Some(today + chrono::Days::new(7)),
    )?;
    organisations::add_action(
        db,
        second,
        "Dolmetschende für den Elternworkshop anfragen",
        "Marokkanischer Kulturverein",
        Some(today + chrono::Days::new(10)),
    )?;
    organisations::save_meeting(
        db,
        group,
        None,
        &organisations::MeetingInput {
            starts_at: Some(at_six(today + chrono::Days::new(14))),
            place: "Kreishaus Siegburg, Raum 1.12".into(),
            agenda: "Rückblick Ausbildungsbörse\nPlanung des nächsten Jahres".into(),
            ..organisations::MeetingInput::default()
        },
        now,
    )?;
    Ok(())
}
