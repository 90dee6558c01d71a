//! The desk's printouts: loan slip (Ausleihbeleg), return receipt
//! (Rückgabequittung) and reminder letter (Mahnung), plus the reminder as an
//! e-mail text. Each is in German plus the borrower's preferred language
//! (English, French, Russian, Turkish or Arabic); Arabic paragraphs run right
//! to left. The translations were written for this app and are kept short,
//! so that staff can check them with a colleague who reads the language.

use chrono::{Local, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::calendar::{due_date_entry, CalendarWords};
use super::labels::{code128_modules, draw_bars, draw_qr_at_level};
use super::{Align, Column, Orientation, Paper, Pdf, PrintSetup, Printout, Table};
use crate::lending::{Loan, ReminderLetter, SetKind};
use crate::people::Borrower;
use crate::settings::{Institution, SlipFormat};

/// One dot of a 203 dpi thermal printer, the commonest receipt printer
/// resolution: barcode modules are whole dots wide.
const DOT_MM: f32 = 25.4 / 203.0;
/// A barcode module narrower than two dots does not scan reliably.
const MIN_MODULE_DOTS: f32 = 2.0;
/// Three dots (0.375 mm) scan from any distance a hand scanner is held at.
const MAX_MODULE_DOTS: f32 = 3.0;
/// Text narrower than this (A5) sets the loans in three columns.
const COMPACT_TABLE_MM: f32 = 150.0;
/// The height of the card number's bars.
const BAR_HEIGHT_MM: f32 = 10.0;

/// The paper of a format: a sheet of A4 or A5 portrait, or a receipt roll
/// of 80 mm (72 mm printable) or 58 mm (48 mm printable), the figures of
/// the common thermal receipt printers (Epson TM-T20/T88, Star TSP100 and
/// the 58 mm printers at 203 dpi).
pub fn paper(format: SlipFormat) -> Paper {
    match format {
        SlipFormat::A4 => Paper::A4(Orientation::Portrait),
        SlipFormat::A5 => Paper::A5,
        SlipFormat::Roll80 => Paper::Roll {
            width_mm: 80.0,
            printable_mm: 72.0,
        },
        SlipFormat::Roll58 => Paper::Roll {
            width_mm: 58.0,
            printable_mm: 48.0,
        },
    }
}

/// The width of one module of the card number's Code 128 in `width_mm`:
/// whole dots of a 203 dpi printer, two or three of them; `None` when
/// even two dots would not fit (a card number of another form, too long
/// for the paper), and the number is printed as text only.
pub fn barcode_module_mm(modules: usize, width_mm: f32) -> Option<f32> {
    let dots = (width_mm / modules.max(1) as f32 / DOT_MM)
        .floor()
        .min(MAX_MODULE_DOTS);
    (dots >= MIN_MODULE_DOTS).then_some(dots * DOT_MM)
}

/// The card number as a Code 128 barcode under the borrower's details, so
/// that a slip brought back without the card still finds the borrower at
/// the desk.
fn card_barcode(doc: &mut Printout, card: &str) {
    let Ok(modules) = code128_modules(card) else {
        return;
    };
    let Some(module) = barcode_module_mm(modules.len(), doc.text_width_mm()) else {
        return;
    };
    let (x, top) = doc.reserve(BAR_HEIGHT_MM + 3.0);
    draw_bars(doc, &modules, x, top + 1.0, module, BAR_HEIGHT_MM);
}

/// The words of the printouts in one language.
struct Words {
    loan_slip: &'static str,
    return_receipt: &'static str,
    reminder: [&'static str; 3],
    name: &'static str,
    card: &'static str,
    date: &'static str,
    title: &'static str,
    kind: &'static str,
    barcode: &'static str,
    due: &'static str,
    lent_today: &'static str,
    other_loans: &'static str,
    returned: &'static str,
    still_on_loan: &'static str,
    overdue: &'static str,
    days_overdue: &'static str,
    missing_parts: &'static str,
    /// Over the parts of a course package lent together.
    package: &'static str,
    /// Over the copies of a class set.
    class_set: &'static str,
    /// Over the copies lent for a workshop.
    material: &'static str,
    rules: &'static str,
    reminder_text: &'static str,
    sign_borrower: &'static str,
    sign_staff: &'static str,
    copy: &'static str,
    copy_printed: &'static str,
    /// The calendar entry's title (the QR code on the loan slip).
    calendar: &'static str,
    /// Beside that code: what it is for.
    calendar_scan: &'static str,
    /// In the entry, after "+ N": titles not in it, or due later.
    calendar_more: &'static str,
    opening_hours: &'static str,
}

const DE: Words = Words {
    loan_slip: "Ausleihbeleg",
    return_receipt: "Rückgabequittung",
    reminder: [
        "Erinnerung: Leihfrist abgelaufen",
        "2. Mahnung",
        "3. und letzte Mahnung",
    ],
    name: "Name",
    card: "Ausweisnummer",
    date: "Datum",
    title: "Titel",
    kind: "Mediengruppe",
    barcode: "Inventarnummer",
    due: "Rückgabe bis",
    lent_today: "Heute ausgeliehen",
    other_loans: "Weitere ausgeliehene Medien",
    returned: "Heute zurückgegeben",
    still_on_loan: "Noch ausgeliehen",
    overdue: "überfällig",
    days_overdue: "Tage überfällig",
    missing_parts: "Fehlende Teile",
    package: "Kurspaket",
    class_set: "Klassensatz",
    material: "Workshop-Material",
    rules:
        "Bitte bringen Sie die Medien bis zum angegebenen Datum zurück. Verlängern ist möglich, \
            solange niemand anderes das Medium vorgemerkt hat. Es fallen keine Gebühren an.",
    reminder_text:
        "Die folgenden Medien hätten bis zum genannten Datum zurückgegeben werden sollen. \
                    Bitte bringen Sie sie bald zurück oder melden Sie sich bei uns, wenn etwas \
                    verloren gegangen ist.",
    sign_borrower: "Unterschrift Ausleihende(r)",
    sign_staff: "Unterschrift Mediathek",
    copy: "Zweitschrift",
    copy_printed: "Zweitschrift gedruckt am",
    calendar: "Medien zur Mediathek zurückbringen",
    calendar_scan: "Rückgabedatum in den Kalender: mit der Handykamera scannen",
    calendar_more: "weitere, siehe Beleg",
    opening_hours: "Öffnungszeiten",
};

const EN: Words = Words {
    loan_slip: "Loan slip",
    return_receipt: "Return receipt",
    reminder: [
        "Reminder: loan period expired",
        "Second reminder",
        "Final reminder",
    ],
    name: "Name",
    card: "Card number",
    date: "Date",
    title: "Title",
    kind: "Type",
    barcode: "Item number",
    due: "Due",
    lent_today: "Borrowed today",
    other_loans: "Other items on loan",
    returned: "Returned today",
    still_on_loan: "Still on loan",
    overdue: "overdue",
    days_overdue: "Days overdue",
    missing_parts: "Missing parts",
    package: "Course package",
    class_set: "Class set",
    material: "Workshop material",
    rules: "Please bring the items back by the date shown. You can renew them as long as nobody \
            else has reserved them. There are no fees.",
    reminder_text: "The items below were due back by the date shown. Please return them soon, or \
                    contact us if something has been lost.",
    sign_borrower: "Signature of borrower",
    sign_staff: "Signature of library staff",
    copy: "Copy",
    copy_printed: "Copy printed on",
    calendar: "Return media to the Mediathek",
    calendar_scan: "Due date into your calendar: scan with your phone's camera",
    calendar_more: "more, see the slip",
    opening_hours: "Opening hours",
};

const FR: Words = Words {
    loan_slip: "Reçu de prêt",
    return_receipt: "Reçu de retour",
    reminder: [
        "Rappel : délai de prêt dépassé",
        "Deuxième rappel",
        "Dernier rappel",
    ],
    name: "Nom",
    card: "Numéro de carte",
    date: "Date",
    title: "Titre",
    kind: "Type",
    barcode: "Numéro d'inventaire",
    due: "À rendre le",
    lent_today: "Emprunté aujourd'hui",
    other_loans: "Autres documents empruntés",
    returned: "Rendu aujourd'hui",
    still_on_loan: "Encore emprunté",
    overdue: "en retard",
    days_overdue: "Jours de retard",
    missing_parts: "Pièces manquantes",
    package: "Lot de cours",
    class_set: "Lot pour la classe",
    material: "Matériel d’atelier",
    rules: "Merci de rapporter les documents avant la date indiquée. Une prolongation est \
            possible tant que personne d'autre ne les a réservés. Le prêt est gratuit.",
    reminder_text:
        "Les documents ci-dessous devaient être rendus à la date indiquée. Merci de les \
                    rapporter bientôt ou de nous contacter si quelque chose a été perdu.",
    sign_borrower: "Signature de l'emprunteur",
    sign_staff: "Signature de la médiathèque",
    copy: "Duplicata",
    copy_printed: "Duplicata imprimé le",
    calendar: "Rendre les médias à la médiathèque",
    calendar_scan: "Date de retour dans votre agenda : scannez avec l'appareil photo du téléphone",
    calendar_more: "autres, voir le bon",
    opening_hours: "Heures d'ouverture",
};

const RU: Words = Words {
    loan_slip: "Квитанция о выдаче",
    return_receipt: "Квитанция о возврате",
    reminder: [
        "Напоминание: срок выдачи истёк",
        "Второе напоминание",
        "Последнее напоминание",
    ],
    name: "Имя",
    card: "Номер читательского билета",
    date: "Дата",
    title: "Название",
    kind: "Вид",
    barcode: "Инвентарный номер",
    due: "Вернуть до",
    lent_today: "Выдано сегодня",
    other_loans: "Другие выданные материалы",
    returned: "Возвращено сегодня",
    still_on_loan: "Ещё на руках",
    overdue: "просрочено",
    days_overdue: "Дней просрочки",
    missing_parts: "Недостающие части",
    package: "Комплект для курса",
    class_set: "Комплект для класса",
    material: "Материалы для семинара",
    rules: "Пожалуйста, верните материалы до указанной даты. Срок можно продлить, если их \
            никто не зарезервировал. Плата не взимается.",
    reminder_text: "Материалы ниже нужно было вернуть до указанной даты. Пожалуйста, верните их \
                    в ближайшее время или свяжитесь с нами, если что-то потерялось.",
    sign_borrower: "Подпись получателя",
    sign_staff: "Подпись сотрудника",
    copy: "Дубликат",
    copy_printed: "Дубликат напечатан",
    calendar: "Вернуть материалы в медиатеку",
    calendar_scan: "Дата возврата в календарь: отсканируйте камерой телефона",
    calendar_more: "других, см. квитанцию",
    opening_hours: "Часы работы",
};

const TR: Words = Words {
    loan_slip: "Ödünç alma belgesi",
    return_receipt: "İade belgesi",
    reminder: [
        "Hatırlatma: ödünç süresi doldu",
        "İkinci hatırlatma",
        "Son hatırlatma",
    ],
    name: "Ad",
    card: "Kart numarası",
    date: "Tarih",
    title: "Başlık",
    kind: "Tür",
    barcode: "Envanter no.",
    due: "İade tarihi",
    lent_today: "Bugün ödünç alınanlar",
    other_loans: "Ödünçteki diğer materyaller",
    returned: "Bugün iade edilenler",
    still_on_loan: "Hâlâ ödünçte",
    overdue: "gecikmiş",
    days_overdue: "Gecikme (gün)",
    missing_parts: "Eksik parçalar",
    package: "Kurs paketi",
    class_set: "Sınıf seti",
    material: "Atölye materyali",
    rules: "Lütfen materyalleri belirtilen tarihe kadar iade edin. Başka biri ayırtmadığı \
            sürece süre uzatılabilir. Ücret alınmaz.",
    reminder_text: "Aşağıdaki materyallerin belirtilen tarihe kadar iade edilmesi gerekiyordu. \
                    Lütfen kısa sürede iade edin ya da bir şey kaybolduysa bize haber verin.",
    sign_borrower: "Ödünç alanın imzası",
    sign_staff: "Görevli imzası",
    copy: "İkinci nüsha",
    copy_printed: "İkinci nüsha basım tarihi",
    calendar: "Materyalleri medyateğe iade edin",
    calendar_scan: "İade tarihini takviminize ekleyin: telefon kamerasıyla tarayın",
    calendar_more: "diğerleri, fişe bakın",
    opening_hours: "Açılış saatleri",
};

const AR: Words = Words {
    loan_slip: "إيصال إعارة",
    return_receipt: "إيصال إرجاع",
    reminder: ["تذكير: انتهت مدة الإعارة", "تذكير ثانٍ", "تذكير أخير"],
    name: "الاسم",
    card: "رقم البطاقة",
    date: "التاريخ",
    title: "العنوان",
    kind: "النوع",
    barcode: "رقم الجرد",
    due: "تاريخ الإرجاع",
    lent_today: "المستعار اليوم",
    other_loans: "مواد أخرى مستعارة",
    returned: "أُرجع اليوم",
    still_on_loan: "لا يزال مستعاراً",
    overdue: "متأخر",
    days_overdue: "أيام التأخير",
    missing_parts: "أجزاء ناقصة",
    package: "حزمة الدورة",
    class_set: "مجموعة للصف",
    material: "مواد ورشة العمل",
    rules: "يُرجى إعادة المواد حتى التاريخ المذكور. يمكن تمديد الإعارة ما لم يحجزها شخص آخر. \
            الإعارة مجانية.",
    reminder_text: "كان يجب إعادة المواد التالية حتى التاريخ المذكور. يُرجى إعادتها قريباً أو \
                    التواصل معنا إذا فُقد شيء منها.",
    sign_borrower: "توقيع المستعير",
    sign_staff: "توقيع الموظف",
    copy: "نسخة ثانية",
    copy_printed: "تاريخ طباعة النسخة الثانية",
    calendar: "إعادة المواد إلى المكتبة",
    calendar_scan: "أضف تاريخ الإرجاع إلى التقويم: امسح الرمز بكاميرا الهاتف",
    calendar_more: "أخرى، انظر الإيصال",
    opening_hours: "أوقات الدوام",
};

/// The second language of a printout: `None` for German only.
fn second(language: &str) -> Option<&'static Words> {
    match language {
        "en" => Some(&EN),
        "fr" => Some(&FR),
        "ru" => Some(&RU),
        "tr" => Some(&TR),
        "ar" => Some(&AR),
        _ => None,
    }
}

/// "Titel / Title": the German word and its translation.
fn both(other: Option<&Words>, pick: impl Fn(&Words) -> &'static str) -> String {
    match other {
        Some(words) => format!("{} / {}", pick(&DE), pick(words)),
        None => pick(&DE).to_owned(),
    }
}

fn date(day: NaiveDate) -> String {
    day.format("%d.%m.%Y").to_string()
}

/// Heading in German, then (smaller) in the second language.
fn headings(doc: &mut Printout, other: Option<&Words>, pick: impl Fn(&Words) -> &'static str) {
    doc.heading(pick(&DE), 1);
    if let Some(words) = other {
        doc.heading(pick(words), 2);
    }
}

fn paragraphs(doc: &mut Printout, other: Option<&Words>, pick: impl Fn(&Words) -> &'static str) {
    doc.paragraph(pick(&DE));
    if let Some(words) = other {
        doc.paragraph(pick(words));
    }
}

fn person(doc: &mut Printout, other: Option<&Words>, name: &str, card: &str, day: NaiveDate) {
    let name_label = both(other, |w| w.name);
    let card_label = both(other, |w| w.card);
    let date_label = both(other, |w| w.date);
    doc.key_values(&[
        (name_label.as_str(), name),
        (card_label.as_str(), card),
        (date_label.as_str(), &date(day)),
    ]);
}

/// A loan's title (with the parts a Medienkoffer lacked) and its due date
/// (marked when overdue on `today`), as every layout of the list prints
/// them.
fn title_and_due(loan: &Loan, other: Option<&Words>, today: NaiveDate) -> (String, String) {
    let mut title = loan.title.clone();
    if !loan.missing_parts.is_empty() {
        let missing = both(other, |w| w.missing_parts);
        title.push_str(&format!(" ({missing}: {})", loan.missing_parts));
    }
    let mut due = date(loan.due_on);
    if loan.returned_at.is_none() && loan.due_on < today {
        due.push_str(&format!(" – {}", both(other, |w| w.overdue)));
    }
    (title, due)
}

/// [`title_and_due`], the title marked as a part of the set above it.
fn row_title_and_due(
    loan: &Loan,
    in_set: bool,
    other: Option<&Words>,
    today: NaiveDate,
) -> (String, String) {
    let (title, due) = title_and_due(loan, other, today);
    if in_set {
        (format!("– {title}"), due)
    } else {
        (title, due)
    }
}

/// A row of the list of loans: a set's name over its loans, or a loan
/// (marked when it belongs to the set above it).
enum Row<'a> {
    Set(String),
    Loan(&'a Loan, bool),
}

/// The loans with the parts of each course package (the copies of each
/// class set) gathered under its name, where its first loan stands; other
/// loans keep their places.
fn grouped<'a>(loans: &'a [Loan], other: Option<&Words>) -> Vec<Row<'a>> {
    let mut rows = Vec::with_capacity(loans.len());
    let mut done: Vec<i64> = Vec::new();
    for loan in loans {
        match (loan.set_id, &loan.set_name) {
            (Some(set), Some(name)) => {
                if done.contains(&set) {
                    continue;
                }
                done.push(set);
                let word = match loan.set_kind {
                    Some(SetKind::Klassensatz) => both(other, |w| w.class_set),
                    Some(SetKind::Material) => both(other, |w| w.material),
                    _ => both(other, |w| w.package),
                };
                rows.push(Row::Set(format!("{word}: {name}")));
                rows.extend(
                    loans
                        .iter()
                        .filter(|l| l.set_id == Some(set))
                        .map(|l| Row::Loan(l, true)),
                );
            }
            _ => rows.push(Row::Loan(loan, false)),
        }
    }
    rows
}

/// The list of loans: a table of title, Mediengruppe, Inventarnummer and
/// due date, the loans of a set (a course package, a class set, a
/// workshop's material) under its name. On A5 the Mediengruppe stands under
/// the title (three columns); on narrow paper (a receipt roll) each loan is
/// an entry: the title, then the Mediengruppe, Inventarnummer and due date
/// each on a line of its own with its label. The section's heading stands
/// on the page of the table's header and first row.
fn loan_table(
    doc: &mut Printout,
    heading: &str,
    other: Option<&Words>,
    loans: &[Loan],
    today: NaiveDate,
) {
    let rows = grouped(loans, other);
    if doc.narrow() {
        doc.heading(heading, 2);
        for row in &rows {
            let (loan, in_set) = match row {
                Row::Set(name) => {
                    doc.entry(name, &[]);
                    continue;
                }
                Row::Loan(loan, in_set) => (*loan, *in_set),
            };
            let (title, due) = row_title_and_due(loan, in_set, other, today);
            doc.entry(
                &title,
                &[
                    (both(other, |w| w.kind), loan.kind_name.clone()),
                    (both(other, |w| w.barcode), loan.barcode.clone()),
                    (both(other, |w| w.due), due),
                ],
            );
        }
        doc.space(2.0);
        return;
    }
    let compact = doc.text_width_mm() < COMPACT_TABLE_MM;
    let mut columns = vec![Column::new(
        both(other, |w| w.title),
        if compact { 52.0 } else { 37.0 },
    )];
    if !compact {
        columns.push(Column::new(both(other, |w| w.kind), 22.0));
    }
    columns.push(Column::new(
        both(other, |w| w.barcode),
        if compact { 26.0 } else { 22.0 },
    ));
    columns.push(
        Column::new(both(other, |w| w.due), if compact { 22.0 } else { 19.0 }).align(Align::Right),
    );
    let table = Table {
        columns,
        rows: rows
            .iter()
            .map(|row| {
                let (loan, in_set) = match row {
                    Row::Set(name) => {
                        let mut cells = vec![String::new(); if compact { 3 } else { 4 }];
                        cells[0] = name.clone();
                        return cells;
                    }
                    Row::Loan(loan, in_set) => (*loan, *in_set),
                };
                let (title, due) = row_title_and_due(loan, in_set, other, today);
                if compact {
                    vec![
                        format!("{title}\n{}", loan.kind_name),
                        loan.barcode.clone(),
                        due,
                    ]
                } else {
                    vec![title, loan.kind_name.clone(), loan.barcode.clone(), due]
                }
            })
            .collect(),
        min_row_height: 0.0,
    };
    doc.table_under_heading(heading, &table);
}

/// The loan slip of one checkout session: the card number as barcode,
/// the items lent now, the borrower's other open loans (overdue ones
/// marked), the rules in one sentence and two signature lines, on the
/// paper of `format`.
pub fn loan_slip(
    setup: PrintSetup,
    format: SlipFormat,
    borrower: &Borrower,
    lent_now: &[Loan],
    other_loans: &[Loan],
    now: NaiveDateTime,
) -> Pdf {
    let today = now.date();
    let other = second(&borrower.print_language);
    let institution = setup.institution.clone();
    let mut doc = Printout::on(setup, paper(format));
    headings(&mut doc, other, |w| w.loan_slip);
    person(
        &mut doc,
        other,
        &borrower.name,
        &borrower.card_number,
        today,
    );
    card_barcode(&mut doc, &borrower.card_number);
    loan_table(
        &mut doc,
        &both(other, |w| w.lent_today),
        other,
        lent_now,
        today,
    );
    if !other_loans.is_empty() {
        loan_table(
            &mut doc,
            &both(other, |w| w.other_loans),
            other,
            other_loans,
            today,
        );
    }
    calendar_and_rules(&mut doc, &institution, other, lent_now, now);
    doc.space(4.0);
    let borrower_sign = both(other, |w| w.sign_borrower);
    let staff_sign = both(other, |w| w.sign_staff);
    doc.signatures(&[&borrower_sign, &staff_sign]);
    doc.finish()
}

/// The due date of the items lent now as a QR code for the phone's
/// calendar (see [`super::calendar`]) with what it is for and the opening
/// hours, then the rules of lending. On a sheet the words and the rules
/// stand beside the code, so that it costs the slip little height (about
/// 18 mm more than the rules alone on A5, where a slip with a second table
/// may run onto a second sheet); on a roll they run above and below it, and
/// the code's modules are whole dots of a receipt printer. A slip without
/// items lent now has no code; a code that cannot be made leaves the slip
/// without it rather than unprinted.
fn calendar_and_rules(
    doc: &mut Printout,
    institution: &Institution,
    other: Option<&Words>,
    lent_now: &[Loan],
    now: NaiveDateTime,
) {
    let words = CalendarWords {
        summary: both(other, |w| w.calendar),
        opening_hours: both(other, |w| w.opening_hours),
        more: both(other, |w| w.calendar_more),
    };
    // The printing PC's clock is local time; the entry's stamp is UTC.
    let stamp = Local
        .from_local_datetime(&now)
        .earliest()
        .map_or_else(|| now.and_utc(), |local| local.with_timezone(&Utc));
    doc.space(2.0);
    let Some(text) = due_date_entry(institution, lent_now, &words, stamp) else {
        paragraphs(doc, other, |w| w.rules);
        return;
    };
    let hours = institution.opening_hours.trim();
    let hours = (!hours.is_empty()).then(|| format!("{}: {hours}", words.opening_hours));
    let notes = |doc: &mut Printout| {
        doc.note(&both(other, |w| w.calendar_scan));
        if let Some(hours) = &hours {
            doc.note(hours);
        }
    };
    if doc.text_width_mm() >= CALENDAR_CODE_MM * 3.0 {
        // An A5 sheet gives the code a little less room than A4.
        let size = if doc.text_width_mm() < 150.0 {
            CALENDAR_CODE_A5_MM
        } else {
            CALENDAR_CODE_MM
        };
        doc.beside_square(
            size,
            QUIET_MM,
            |doc, x, top| {
                let _ = draw_qr_at_level(doc, &text, (x, top), size, CALENDAR_CODE_LEVEL);
            },
            |doc| {
                notes(doc);
                paragraphs(doc, other, |w| w.rules);
            },
        );
    } else {
        notes(doc);
        // Whole dots of a 203 dpi printer a module (two at least), as the
        // card's barcode has them.
        let modules = qrcode::QrCode::with_error_correction_level(&text, CALENDAR_CODE_LEVEL)
            .map_or(1, |code| code.width()) as f32;
        let widest = doc.text_width_mm().min(CALENDAR_CODE_MM);
        let dots = (widest / modules / DOT_MM).floor().max(MIN_MODULE_DOTS);
        let size = modules * dots * DOT_MM;
        let (x, top) = doc.reserve(size + 2.0 * QUIET_MM);
        let _ = draw_qr_at_level(doc, &text, (x, top + QUIET_MM), size, CALENDAR_CODE_LEVEL);
        paragraphs(doc, other, |w| w.rules);
    }
}

/// The width of the calendar's QR code (see [`super::calendar::MOST_BYTES`]).
const CALENDAR_CODE_MM: f32 = 30.0;

/// The same on A5: 0.26 mm a module for the densest code, still read by a
/// phone's camera at close range (checked in the tests at 203 dpi).
const CALENDAR_CODE_A5_MM: f32 = 26.0;

/// The calendar code's error correction: L, so that a bilingual entry
/// with its titles (up to [`super::calendar::MOST_BYTES`]) stays coarse
/// enough to read from a slip; the slip is handed over new, not creased
/// for years like a label.
const CALENDAR_CODE_LEVEL: qrcode::EcLevel = qrcode::EcLevel::L;

/// White above and below a QR code: about five modules of the densest
/// code.
const QUIET_MM: f32 = 1.5;

/// The return receipt: the card number as barcode, what came back today
/// (with missing kit parts) and what the borrower still has, on the paper
/// of `format`.
pub fn return_receipt(
    setup: PrintSetup,
    format: SlipFormat,
    borrower: &Borrower,
    returned: &[Loan],
    still_on_loan: &[Loan],
    today: NaiveDate,
) -> Pdf {
    let other = second(&borrower.print_language);
    let mut doc = Printout::on(setup, paper(format));
    headings(&mut doc, other, |w| w.return_receipt);
    person(
        &mut doc,
        other,
        &borrower.name,
        &borrower.card_number,
        today,
    );
    card_barcode(&mut doc, &borrower.card_number);
    loan_table(
        &mut doc,
        &both(other, |w| w.returned),
        other,
        returned,
        today,
    );
    if !still_on_loan.is_empty() {
        loan_table(
            &mut doc,
            &both(other, |w| w.still_on_loan),
            other,
            still_on_loan,
            today,
        );
    }
    doc.space(4.0);
    let staff_sign = both(other, |w| w.sign_staff);
    doc.signatures(&[&staff_sign]);
    doc.finish()
}

/// The address field of a letter on an A4 sheet of DIN 5008 form B, for a
/// window envelope. Figures in millimetres from the sheet's top left edge:
/// the field is 85 × 45 mm, 45 mm from the top and 20 mm from the left; its
/// upper 17.7 mm hold the return address (Rücksendeangabe, 8 pt
/// recommended, written from the bottom up), the 27.3 mm below up to six
/// lines of address (at least 8 pt), written from the line at 62.7 mm
/// down. Sources: din-5008-richtlinien.de, "Anschriftenfeld"; sekretaria.de,
/// "DIN 5008: Absender" (form B: 45 mm from the top, 20 mm from the left).
/// Fold marks at 105 and 210 mm and the punch mark at 148.5 mm: de.wiki.li,
/// "Falzmarke" (citing DIN 5008:2020-03, section 19). The information block
/// right of the field from 125 mm is the usual form-B letterhead
/// (not checked against the norm's text).
pub mod din5008 {
    /// Top of the address field.
    pub const FIELD_TOP: f32 = 45.0;
    /// Left edge of the address field.
    pub const FIELD_LEFT: f32 = 20.0;
    /// Width of the address field.
    pub const FIELD_WIDTH: f32 = 85.0;
    /// Height of the return-address zone at the top of the field.
    pub const RETURN_ZONE: f32 = 17.7;
    /// Height of the address zone below it (six lines).
    pub const ADDRESS_ZONE: f32 = 27.3;
    /// Where the text of the field starts (the field's edge plus 5 mm).
    pub const TEXT_LEFT: f32 = 25.0;
    /// Left edge of the information block.
    pub const INFO_LEFT: f32 = 125.0;
    /// Top of the information block (level with the field's address zone's
    /// upper part).
    pub const INFO_TOP: f32 = 50.0;
    /// Where the letter's text begins below the field (the subject line of
    /// form B).
    pub const TEXT_TOP: f32 = 98.46;
    /// Fold marks.
    pub const FOLDS: [f32; 2] = [105.0, 210.0];
    /// Punch mark.
    pub const PUNCH: f32 = 148.5;
    /// The window of a DL envelope (DIN 680, 220 × 110 mm): 90 × 45 mm,
    /// 20 mm from the left and 15 mm from the bottom edge (de.wiki.li,
    /// "DIN lang"). A sheet folded at 105 mm has up to 5 mm of play in
    /// height and 10 mm in width in the envelope; the part of the sheet the
    /// window shows wherever the sheet slides is this rectangle (left, top,
    /// right, bottom, in mm on the sheet).
    pub const DL_WINDOW_ALWAYS_SHOWN: (f32, f32, f32, f32) = (20.0, 50.0, 100.0, 90.0);
}

/// The window-envelope part of a letter (DIN 5008 form B): fold and punch
/// marks, the return address and the borrower's address in the address
/// field, the card number and the letter's date in the information block.
fn address_field(
    doc: &mut Printout,
    other: Option<&Words>,
    institution: &Institution,
    borrower: &Borrower,
    day: NaiveDate,
) {
    use super::Weight;
    use din5008::*;
    for y in FOLDS {
        doc.place_edge_mark(y, 4.0, 9.0);
    }
    doc.place_edge_mark(PUNCH, 4.0, 11.0);
    let (_, _, window_right, _) = DL_WINDOW_ALWAYS_SHOWN;
    let width = window_right - TEXT_LEFT;
    let sender = [
        institution.name.clone(),
        institution.street.clone(),
        format!("{} {}", institution.postal_code, institution.city)
            .trim()
            .to_owned(),
    ]
    .into_iter()
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join(" · ");
    // The return address sits on the zone's last line, just above the
    // address (the zone is written from the bottom up).
    let small = Printout::SMALL_SIZE;
    let sender_baseline = FIELD_TOP + RETURN_ZONE - 1.2;
    doc.place_line(
        &sender,
        Weight::Regular,
        small,
        TEXT_LEFT,
        sender_baseline,
        width,
        "Rücksendeangabe",
    );
    let mut lines = vec![borrower.name.clone()];
    lines.extend(borrower.address.lines());
    let body = Printout::BODY_SIZE;
    let pitch = body * 1.2 * 25.4 / 72.0;
    let mut baseline = FIELD_TOP + RETURN_ZONE + body * 0.95 * 25.4 / 72.0;
    for line in lines.iter().take(6) {
        doc.place_line(
            line,
            Weight::Regular,
            body,
            TEXT_LEFT,
            baseline,
            width,
            "Anschrift",
        );
        baseline += pitch;
    }
    let info_width = 210.0 - 18.0 - INFO_LEFT;
    let mut top = INFO_TOP;
    for (label, value) in [
        (both(other, |w| w.card), borrower.card_number.clone()),
        (both(other, |w| w.date), date(day)),
    ] {
        // The label small and bold, the value under it.
        for (text, weight, size, leading) in [
            (&label, Weight::Bold, small, 1.35),
            (&value, Weight::Regular, body, 1.6),
        ] {
            let baseline = top + size * 25.4 / 72.0;
            doc.place_line(text, weight, size, INFO_LEFT, baseline, info_width, &label);
            top += size * leading * 25.4 / 72.0;
        }
    }
    doc.continue_at(TEXT_TOP);
}

/// The reminder letter: level heading, the request in both languages, the
/// overdue items with days overdue. For a borrower with a postal address
/// the first page is a DIN 5008 form-B letter for a DL window envelope
/// ([`din5008`]); without one it is the sheet handed over at the desk. A
/// copy printed again (`reprinted_on`) is marked "Zweitschrift" with the
/// day it was printed; its content is the letter's as sent.
pub fn reminder_letter(
    setup: PrintSetup,
    letter: &ReminderLetter,
    reprinted_on: Option<NaiveDate>,
) -> Pdf {
    let other = second(&letter.borrower.print_language);
    let level = usize::from(letter.level.clamp(1, 3)) - 1;
    let institution = setup.institution.clone();
    let mut doc = Printout::new(setup);
    let by_post = letter.borrower.address.is_complete();
    if by_post {
        address_field(
            &mut doc,
            other,
            &institution,
            &letter.borrower,
            letter.sent_on,
        );
    }
    if let Some(day) = reprinted_on {
        doc.heading(&both(other, |w| w.copy), 2);
        doc.paragraph(&format!("{} {}", DE.copy_printed, date(day)));
        if let Some(words) = other {
            doc.paragraph(&format!("{}: {}", words.copy_printed, date(day)));
        }
    }
    headings(&mut doc, other, |w| w.reminder[level]);
    if !by_post {
        person(
            &mut doc,
            other,
            &letter.borrower.name,
            &letter.borrower.card_number,
            letter.sent_on,
        );
    }
    paragraphs(&mut doc, other, |w| w.reminder_text);
    doc.table(&Table {
        columns: vec![
            Column::new(both(other, |w| w.title), 46.0),
            Column::new(both(other, |w| w.barcode), 20.0),
            Column::new(both(other, |w| w.due), 17.0).align(Align::Right),
            Column::new(both(other, |w| w.days_overdue), 17.0).align(Align::Right),
        ],
        rows: letter
            .items
            .iter()
            .map(|item| {
                vec![
                    item.title.clone(),
                    item.barcode.clone(),
                    date(item.due_on),
                    item.days_overdue.to_string(),
                ]
            })
            .collect(),
        min_row_height: 0.0,
    });
    doc.finish()
}

/// A reminder ready for the user's mail program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailDraft {
    /// The borrower's e-mail address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The text of the mail.
    pub body: String,
}

impl MailDraft {
    /// A `mailto:` address that opens the user's mail program with the
    /// recipient, subject and body filled in (RFC 6068: everything but
    /// unreserved characters percent-encoded, line breaks as CR LF).
    pub fn mailto_url(&self) -> String {
        use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
        const KEEP: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');
        const ADDRESS: &AsciiSet = &KEEP.remove(b'@');
        let to: String = utf8_percent_encode(&self.to, ADDRESS).collect();
        let subject: String = utf8_percent_encode(&self.subject, KEEP).collect();
        let body = self.body.replace("\r\n", "\n").replace('\n', "\r\n");
        let body: String = utf8_percent_encode(&body, KEEP).collect();
        format!("mailto:{to}?subject={subject}&body={body}")
    }
}

/// The reminder as an e-mail: German, then the second language, the items,
/// and the institution's name and contact as signature. Only for a
/// borrower with an address who agreed to reminders by e-mail
/// ([`crate::people::Borrower::email_reminders`]); `None` for everyone else,
/// who gets the letter.
pub fn reminder_mail(letter: &ReminderLetter, institution: &Institution) -> Option<MailDraft> {
    if letter.borrower.email_reminders() != crate::people::EmailReminders::Allowed {
        return None;
    }
    let other = second(&letter.borrower.print_language);
    let level = usize::from(letter.level.clamp(1, 3)) - 1;
    let mut subject = format!("{}: {}", institution.name, DE.reminder[level]);
    if let Some(words) = other {
        subject.push_str(&format!(" / {}", words.reminder[level]));
    }
    let mut body = format!("{}\n\n{}\n\n", letter.borrower.name, DE.reminder_text);
    if let Some(words) = other {
        body.push_str(words.reminder_text);
        body.push_str("\n\n");
    }
    for item in &letter.items {
        body.push_str(&format!(
            "- {} ({}), {}: {}\n",
            item.title,
            item.barcode,
            both(other, |w| w.due),
            date(item.due_on)
        ));
    }
    body.push_str(&format!("\n{}", institution.name));
    for line in [
        &institution.department,
        &institution.phone,
        &institution.email,
    ] {
        if !line.is_empty() {
            body.push_str(&format!("\n{line}"));
        }
    }
    Some(MailDraft {
        to: letter.borrower.email.clone(),
        subject,
        body,
    })
}
