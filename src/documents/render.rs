//! One entry for every printout and export the window asks for: what to
//! make ([`DocumentRequest`]) goes in, the file's bytes, its name and the
//! warnings for staff come out ([`Rendered`]). The shell only delivers the
//! file. Recording a reminder ([`remind`]) and the mailing list
//! ([`mailing_list`]) return more than a file and have entries of their
//! own.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

use super::fonts::FallbackFonts;
use super::labels::{self, Badge, LabelSheet};
use super::participants::{self, ListColumn};
use super::{
    annual_report, directory, export, privacy as privacy_docs, programme, sample, slips,
    DocumentKind, Notice, Orientation, Pdf, PrintSetup, ShownTable,
};
use crate::db::engine::{Dialect, Engine, Sql};
use crate::events::{self, RegistrationStatus, WorkshopList};
use crate::organisations::{self as orgs, DirectoryQuery, MailingList};
use crate::people::EmailReminders;
use crate::privacy::{self, Person};
use crate::reports::{self, PeriodChoice};
use crate::store::Store;
use crate::{catalogue, lending, people, settings, Db, Error, Result};

/// What every printout needs from outside the database: the moment it is
/// made (the shell reads the clock) and where characters DejaVu lacks are
/// looked for.
#[derive(Debug, Clone)]
pub struct PrintContext {
    /// Now: the day printed in the footer and in file names.
    pub now: NaiveDateTime,
    /// Fallback fonts (the system's in the app, none in tests).
    pub fallbacks: FallbackFonts,
    /// The language of this PC's window, for the documents that follow it
    /// (the Jahresbericht); `None`: the setting stored in the database
    /// printed from. The shell passes its own: on the shared database the
    /// language belongs to each PC, not to the server.
    pub language: Option<settings::UiLanguage>,
}

impl PrintContext {
    /// The day of [`Self::now`].
    pub fn today(&self) -> NaiveDate {
        self.now.date()
    }

    /// Today as file names carry it: `2026-11-12`.
    fn date(&self) -> String {
        self.today().format("%Y-%m-%d").to_string()
    }

    /// The portrait page set-up of a document: its title, the
    /// institution's header, today in the footer.
    fn setup(&self, db: &Db, kind: DocumentKind) -> Result<PrintSetup> {
        self.setup_in(db.conn(), kind)
    }

    /// [`Self::setup`] inside a read, on either engine.
    fn setup_in(&self, sql: &dyn Sql, kind: DocumentKind) -> Result<PrintSetup> {
        Ok(PrintSetup {
            title: kind.title().into(),
            orientation: Orientation::Portrait,
            institution: settings::institution_in(sql)?,
            printed_on: self.today(),
            fallbacks: self.fallbacks.clone(),
        })
    }
}

/// A finished file, ready to save or open.
#[derive(Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// A file name Windows and Linux accept (see [`DocumentKind::file_name`]).
    pub file_name: String,
    /// Notices for staff (characters no font has); empty for
    /// sheets and JSON.
    pub warnings: Vec<Notice>,
}

/// Names the size instead of listing every byte (a failed test shows it).
impl std::fmt::Debug for Rendered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rendered")
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .field("file_name", &self.file_name)
            .field("warnings", &self.warnings)
            .finish()
    }
}

impl Rendered {
    fn pdf(pdf: Pdf, file_name: String) -> Self {
        let warnings = pdf.warnings();
        Rendered {
            bytes: pdf.bytes,
            file_name,
            warnings,
        }
    }

    /// A file that is no PDF (a workbook, CSV, JSON): no notices.
    pub fn file(bytes: Vec<u8>, file_name: String) -> Self {
        Rendered {
            bytes,
            file_name,
            warnings: Vec::new(),
        }
    }
}

/// File formats of the directory exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// An Excel workbook.
    Xlsx,
    /// CSV for German Excel.
    Csv,
    /// A PDF to print (the directory's booklet).
    Pdf,
}

/// Which Arbeitskreis meeting document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingDocument {
    /// The invitations, one per member organisation.
    Invitation,
    /// The minutes.
    Minutes,
}

/// Which lists: one workshop's, or every workshop of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The workshop with this id.
    Workshop(i64),
    /// Every workshop of the event with this id.
    Event(i64),
}

/// A printout or export of the events.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventDocument {
    /// Teilnehmerliste (PDF) with the chosen columns and empty rows.
    ParticipantList {
        /// Whose lists.
        scope: Scope,
        /// The columns chosen (none: the default ones).
        columns: Vec<ListColumn>,
        /// Empty rows at the end for walk-ins.
        empty_rows: usize,
    },
    /// The participants as XLSX or CSV with the chosen columns.
    ParticipantSheet {
        /// Whose lists.
        scope: Scope,
        /// The columns chosen (none: the default ones).
        columns: Vec<ListColumn>,
        /// CSV instead of XLSX.
        csv: bool,
    },
    /// The programme grid of an event.
    Programme {
        /// The event.
        event_id: i64,
    },
    /// The Anmeldebestätigung of one registration.
    Confirmation {
        /// The registration.
        registration_id: i64,
    },
    /// Teilnahmebescheinigungen for those present in a workshop.
    Certificates {
        /// The workshop.
        workshop_id: i64,
    },
    /// Name badges on a label sheet.
    Badges {
        /// Whose names.
        scope: Scope,
        /// The label sheet printed on.
        sheet: LabelSheet,
        /// The first free label (1 = top left).
        start: usize,
    },
}

/// What to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentRequest {
    /// The test page for printer and fonts.
    TestPage,
    /// Labels for copies, on a label sheet from label `start` on.
    Labels {
        /// The copies, in the order their labels are printed.
        copy_ids: Vec<i64>,
        /// The label sheet printed on.
        sheet: LabelSheet,
        /// The first free label (1 = top left).
        start: usize,
    },
    /// Package cards of course packages (their code as a barcode, their
    /// name under it), on a label sheet from label `start` on.
    PackageCards {
        /// The packages, in the order their cards are printed.
        package_ids: Vec<i64>,
        /// The label sheet printed on.
        sheet: LabelSheet,
        /// The first free label (1 = top left).
        start: usize,
    },
    /// A borrower's card.
    BorrowerCard {
        /// The borrower.
        borrower_id: i64,
    },
    /// The Ausleihbeleg: the loans just lent, and the borrower's other
    /// open loans.
    LoanSlip {
        /// The borrower.
        borrower_id: i64,
        /// The loans of this checkout.
        loan_ids: Vec<i64>,
    },
    /// The Rückgabequittung: the loans just returned, and what the
    /// borrower still has.
    ReturnReceipt {
        /// The borrower.
        borrower_id: i64,
        /// The loans returned now.
        loan_ids: Vec<i64>,
    },
    /// A reminder letter sent before, printed again as a Zweitschrift.
    ReminderCopy {
        /// The borrower.
        borrower_id: i64,
        /// The day of the letter.
        sent_on: NaiveDate,
    },
    /// The invitations to or the minutes of an Arbeitskreis meeting.
    Meeting {
        /// The meeting.
        meeting_id: i64,
        /// Invitation or minutes.
        document: MeetingDocument,
    },
    /// The organisations a directory filter finds.
    Directory {
        /// The filter.
        query: DirectoryQuery,
        /// Booklet (PDF), XLSX or CSV.
        format: ExportFormat,
    },
    /// The access report of a person and the records staff confirmed as
    /// theirs, as PDF or (`json`) JSON.
    AccessReport {
        /// The person asking.
        person: Person,
        /// Records of a same or similar name staff confirmed as theirs.
        extra: Vec<Person>,
        /// JSON (to take along) instead of PDF (to hand over).
        json: bool,
    },
    /// A person's consent form.
    ConsentForm {
        /// The person.
        person: Person,
    },
    /// A printout or export of the events.
    Event(EventDocument),
    /// The report of an import as the window showed it.
    ImportReport {
        /// The report, in the window's words.
        shown: ShownTable,
        /// PDF or XLSX (CSV is written as XLSX).
        format: ExportFormat,
    },
    /// The Jahresbericht of a period, compared with a year before.
    AnnualReport {
        /// The period.
        choice: PeriodChoice,
        /// The workbook instead of the PDF.
        xlsx: bool,
    },
}

/// Renders a document from the database as it is now.
///
/// # Errors
/// [`Error::NotFound`] for a record that is not there,
/// [`Error::NobodyPresent`] (certificates for a workshop where nobody was
/// marked present), [`Error::NobodyRegistered`] (badges for nobody),
/// [`Error::ParticipantAnonymised`] (a confirmation for an anonymised
/// participant), [`Error::Required`] (no labels, a start outside the
/// sheet), [`Error::DocumentFailed`] when a file cannot be written.
pub fn render(db: &Db, request: &DocumentRequest, context: &PrintContext) -> Result<Rendered> {
    let today = context.today();
    Ok(match request {
        // The Jahresbericht counts the file on two connections at once
        // (`reports::report`); every other document is written once for
        // both engines.
        DocumentRequest::AnnualReport { choice, xlsx } => {
            let kind = DocumentKind::AnnualReport;
            let report = reports::report(db, choice, today)?;
            let language = match context.language {
                Some(language) => language,
                None => settings::ui_language(db)?,
            };
            let content =
                annual_report::Content::new(&report, language, settings::report_min_count(db)?);
            let span = annual_report::file_part(&report.period);
            if *xlsx {
                let bytes = annual_report::annual_report_xlsx(&content)?;
                Rendered::file(bytes, kind.file_name(&[&span], "xlsx"))
            } else {
                let pdf = annual_report::annual_report_pdf(&content, context.setup(db, kind)?);
                Rendered::pdf(pdf, kind.file_name(&[&span], "pdf"))
            }
        }
        _ => return render_in(db.conn(), request, context),
    })
}

/// Renders any document inside a read on either engine: this PC's file or
/// the shared database. The Jahresbericht is counted in a copy of the
/// tables it reads ([`reports::snapshot_in`]); [`render_on`] spares the
/// file that copy.
///
/// # Errors
/// As [`render`].
pub fn render_in(
    sql: &dyn Sql,
    request: &DocumentRequest,
    context: &PrintContext,
) -> Result<Rendered> {
    let date = context.date();
    let today = context.today();
    Ok(match request {
        DocumentRequest::TestPage => {
            let institution = settings::institution_in(sql)?;
            let pdf = sample::sample_document(&institution, today, context.fallbacks.clone());
            Rendered::pdf(pdf, DocumentKind::TestPage.file_name(&[&date], "pdf"))
        }
        DocumentRequest::Labels {
            copy_ids,
            sheet,
            start,
        } => {
            let institution = settings::institution_in(sql)?;
            let chosen = catalogue::labels_for_copies_in(sql, copy_ids)?;
            let pdf = labels::label_sheet(&chosen, *sheet, *start, &institution, today)?;
            Rendered::pdf(pdf, DocumentKind::Labels.file_name(&[&date], "pdf"))
        }
        DocumentRequest::PackageCards {
            package_ids,
            sheet,
            start,
        } => {
            let institution = settings::institution_in(sql)?;
            let cards = package_ids
                .iter()
                .map(|&id| {
                    let package = lending::package_in(sql, id)?;
                    Ok(catalogue::Label {
                        code: package.code,
                        caption: format!("Kurspaket: {}", package.name),
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let pdf = labels::label_sheet(&cards, *sheet, *start, &institution, today)?;
            Rendered::pdf(pdf, DocumentKind::Labels.file_name(&[&date], "pdf"))
        }
        DocumentRequest::BorrowerCard { borrower_id } => {
            let institution = settings::institution_in(sql)?;
            let borrower = people::borrower_in(sql, *borrower_id)?;
            let pdf =
                labels::borrower_card(&borrower.name, &borrower.card_number, &institution, today)?;
            let name = DocumentKind::BorrowerCard.file_name(&[&borrower.card_number], "pdf");
            Rendered::pdf(pdf, name)
        }
        DocumentRequest::LoanSlip {
            borrower_id,
            loan_ids,
        } => {
            let borrower = people::borrower_in(sql, *borrower_id)?;
            let lent_now = lending::loans_by_id_in(sql, loan_ids)?;
            let others: Vec<lending::Loan> = lending::open_loans_in(sql, *borrower_id)?
                .into_iter()
                .filter(|l| !loan_ids.contains(&l.id))
                .collect();
            let setup = context.setup_in(sql, DocumentKind::LoanSlip)?;
            let format = settings::slip_format_in(sql)?;
            let pdf = slips::loan_slip(setup, format, &borrower, &lent_now, &others, context.now);
            let name = DocumentKind::LoanSlip.file_name(&[&borrower.card_number, &date], "pdf");
            Rendered::pdf(pdf, name)
        }
        DocumentRequest::ReturnReceipt {
            borrower_id,
            loan_ids,
        } => {
            let borrower = people::borrower_in(sql, *borrower_id)?;
            let returned = lending::loans_by_id_in(sql, loan_ids)?;
            let still = lending::open_loans_in(sql, *borrower_id)?;
            let setup = context.setup_in(sql, DocumentKind::ReturnReceipt)?;
            let format = settings::slip_format_in(sql)?;
            let pdf = slips::return_receipt(setup, format, &borrower, &returned, &still, today);
            let kind = DocumentKind::ReturnReceipt;
            Rendered::pdf(pdf, kind.file_name(&[&borrower.card_number, &date], "pdf"))
        }
        DocumentRequest::AccessReport {
            person,
            extra,
            json,
        } => {
            let kind = DocumentKind::AccessReport;
            let report = privacy::access_report_in(sql, *person, extra, context.now)?;
            if *json {
                let bytes = serde_json::to_vec_pretty(&report)
                    .map_err(|e| Error::DocumentFailed(e.to_string()))?;
                let name = kind.file_name(&[&report.name, &date], "json");
                return Ok(Rendered::file(bytes, name));
            }
            let rules = privacy::retention_rules_in(sql)?;
            // This PC's backup plan on the file; the shared database is
            // backed up by IT, whose plan the app does not know.
            let backups = match sql.dialect() {
                Dialect::Sqlite => Some(crate::backup::settings_in(sql)?),
                Dialect::Postgres => None,
            };
            let setup = context.setup_in(sql, kind)?;
            let pdf = privacy_docs::access_report(setup, &report, &rules, backups.as_ref());
            Rendered::pdf(pdf, kind.file_name(&[&report.name, &date], "pdf"))
        }
        DocumentRequest::ConsentForm { person } => {
            let kind = DocumentKind::ConsentForm;
            let (name, texts) = privacy::consent_form_texts_in(sql, *person)?;
            let pdf = privacy_docs::consent_form(context.setup_in(sql, kind)?, &name, &texts);
            Rendered::pdf(pdf, kind.file_name(&[&name], "pdf"))
        }
        DocumentRequest::Event(document) => event_document(sql, document, context)?,
        DocumentRequest::Directory { query, format } => {
            let kind = DocumentKind::Directory;
            let rows = orgs::matching_organisations_in(sql, query)?;
            match format {
                ExportFormat::Pdf => {
                    let pdf = directory::directory_booklet(context.setup_in(sql, kind)?, &rows);
                    Rendered::pdf(pdf, kind.file_name(&[&date], "pdf"))
                }
                ExportFormat::Csv => Rendered::file(
                    export::csv(&directory::directory_sheet(&rows))?,
                    kind.file_name(&[&date], "csv"),
                ),
                ExportFormat::Xlsx => Rendered::file(
                    export::xlsx(&directory::directory_sheet(&rows))?,
                    kind.file_name(&[&date], "xlsx"),
                ),
            }
        }
        DocumentRequest::Meeting {
            meeting_id,
            document,
        } => {
            let meeting = orgs::meeting_in(sql, *meeting_id)?;
            let (kind, pdf) = match document {
                MeetingDocument::Invitation => {
                    let kind = DocumentKind::Invitation;
                    let addressees = orgs::invitation_addressees_in(sql, *meeting_id)?;
                    let setup = context.setup_in(sql, kind)?;
                    (kind, directory::invitations(setup, &meeting, &addressees))
                }
                MeetingDocument::Minutes => {
                    let kind = DocumentKind::Minutes;
                    (
                        kind,
                        directory::minutes(context.setup_in(sql, kind)?, &meeting),
                    )
                }
            };
            let day = meeting.starts_at.format("%Y-%m-%d").to_string();
            Rendered::pdf(pdf, kind.file_name(&[&day], "pdf"))
        }
        DocumentRequest::ReminderCopy {
            borrower_id,
            sent_on,
        } => {
            let letter = lending::reminder_letter_in(sql, *borrower_id, *sent_on)?;
            let kind = DocumentKind::Reminder;
            let pdf = slips::reminder_letter(context.setup_in(sql, kind)?, &letter, Some(today));
            let sent = sent_on.format("%Y-%m-%d").to_string();
            let card = &letter.borrower.card_number;
            Rendered::pdf(pdf, kind.file_name(&[card, &sent, "Zweitschrift"], "pdf"))
        }
        DocumentRequest::ImportReport { shown, format } => {
            let kind = DocumentKind::ImportReport;
            match format {
                ExportFormat::Pdf => {
                    let pdf = super::shown::pdf(context.setup_in(sql, kind)?, shown);
                    Rendered::pdf(pdf, kind.file_name(&[&date], "pdf"))
                }
                ExportFormat::Xlsx | ExportFormat::Csv => Rendered::file(
                    super::shown::xlsx(kind.title(), shown)?,
                    kind.file_name(&[&date], "xlsx"),
                ),
            }
        }
        // Counted in a copy of the tables it reads (the shared database;
        // the file's own goes through `render`, which counts it faster).
        DocumentRequest::AnnualReport { choice, .. } => {
            // A period that cannot be counted is refused before the copy.
            choice.resolve()?;
            return render(&reports::snapshot_in(sql)?, request, context);
        }
    })
}

/// Renders a document on the database the app works on: the file through
/// [`render`], the shared database inside one read through [`render_in`].
///
/// # Errors
/// As [`render`]; a failure of the engine.
pub fn render_on(
    store: &mut Store<'_>,
    request: &DocumentRequest,
    context: &PrintContext,
) -> Result<Rendered> {
    match (store, request) {
        (Store::File(db), _) => render(db, request, context),
        // Copied inside one read, counted and printed after it: the read
        // on the server ends as soon as the rows are here.
        (Store::Server(server), DocumentRequest::AnnualReport { choice, .. }) => {
            choice.resolve()?;
            let copy = server.read_sql(reports::snapshot_in)?;
            render(&copy, request, context)
        }
        (Store::Server(server), _) => server.read_sql(|sql| render_in(sql, request, context)),
    }
}

/// The lists of a scope and the title for file names and sheets.
fn lists_of(sql: &dyn Sql, scope: Scope) -> Result<(String, Vec<WorkshopList>)> {
    match scope {
        Scope::Workshop(id) => {
            let w = events::workshop_in(sql, id)?;
            let entries = events::participant_list_in(sql, id)?;
            Ok((w.title.clone(), vec![(w, entries)]))
        }
        Scope::Event(id) => Ok((
            events::event_in(sql, id)?.title,
            events::event_list_in(sql, id)?,
        )),
    }
}

/// Who gets a Teilnahmebescheinigung: those marked present in the
/// workshop's list.
///
/// # Errors
/// [`Error::NobodyPresent`] when nobody was.
fn present(entries: Vec<events::ListEntry>) -> Result<Vec<String>> {
    let names: Vec<String> = entries
        .into_iter()
        .filter(|e| e.status == RegistrationStatus::Teilgenommen)
        .map(|e| e.name)
        .collect();
    if names.is_empty() {
        return Err(Error::NobodyPresent);
    }
    Ok(names)
}

/// A name badge for everyone on the lists, with the workshop's title.
///
/// # Errors
/// [`Error::NobodyRegistered`] when the lists are empty.
fn badges(lists: &[WorkshopList]) -> Result<Vec<Badge>> {
    let badges: Vec<Badge> = lists
        .iter()
        .flat_map(|(w, entries)| {
            entries.iter().map(|e| Badge {
                name: e.name.clone(),
                line: w.title.clone(),
            })
        })
        .collect();
    if badges.is_empty() {
        return Err(Error::NobodyRegistered);
    }
    Ok(badges)
}

fn event_document(
    sql: &dyn Sql,
    document: &EventDocument,
    context: &PrintContext,
) -> Result<Rendered> {
    let date = context.date();
    Ok(match document {
        EventDocument::ParticipantList {
            scope,
            columns,
            empty_rows,
        } => {
            let kind = DocumentKind::ParticipantList;
            let (title, lists) = lists_of(sql, *scope)?;
            let setup = context.setup_in(sql, kind)?;
            let pdf = match scope {
                Scope::Workshop(_) => {
                    let (w, entries) = &lists[0];
                    participants::participant_list(setup, w, entries, columns, *empty_rows)
                }
                Scope::Event(_) => participants::event_list(setup, &lists, columns, *empty_rows),
            };
            Rendered::pdf(pdf, kind.file_name(&[&title, &date], "pdf"))
        }
        EventDocument::ParticipantSheet {
            scope,
            columns,
            csv,
        } => {
            let (title, lists) = lists_of(sql, *scope)?;
            let sheet = match scope {
                Scope::Workshop(_) => {
                    participants::participant_sheet(&lists[0].0, &lists[0].1, columns)
                }
                Scope::Event(_) => participants::event_sheet(&title, &lists, columns),
            };
            let (bytes, extension) = if *csv {
                (export::csv(&sheet)?, "csv")
            } else {
                (export::xlsx(&sheet)?, "xlsx")
            };
            let name = DocumentKind::ParticipantSheet.file_name(&[&title, &date], extension);
            Rendered::file(bytes, name)
        }
        EventDocument::Programme { event_id } => {
            let kind = DocumentKind::Programme;
            let event = events::event_in(sql, *event_id)?;
            let workshops = events::workshops_in(sql, *event_id)?;
            let pdf = programme::programme(context.setup_in(sql, kind)?, &event, &workshops);
            Rendered::pdf(pdf, kind.file_name(&[&event.title], "pdf"))
        }
        EventDocument::Confirmation { registration_id } => {
            let kind = DocumentKind::Confirmation;
            let c = events::confirmation_in(sql, *registration_id)?;
            let pdf = programme::confirmation(context.setup_in(sql, kind)?, &c)?;
            Rendered::pdf(pdf, kind.file_name(&[&c.name, &c.workshop.title], "pdf"))
        }
        EventDocument::Certificates { workshop_id } => {
            let kind = DocumentKind::Certificates;
            let w = events::workshop_in(sql, *workshop_id)?;
            let names = present(events::participant_list_in(sql, *workshop_id)?)?;
            let pdf = programme::certificates(context.setup_in(sql, kind)?, &w, &names);
            Rendered::pdf(pdf, kind.file_name(&[&w.title], "pdf"))
        }
        EventDocument::Badges {
            scope,
            sheet,
            start,
        } => {
            let (title, lists) = lists_of(sql, *scope)?;
            let event_title = lists
                .first()
                .map_or_else(String::new, |(w, _)| w.event_title.clone());
            let badges = badges(&lists)?;
            let institution = settings::institution_in(sql)?;
            let pdf = labels::name_badges(
                &event_title,
                &badges,
                *sheet,
                *start,
                &institution,
                context.today(),
            )?;
            Rendered::pdf(pdf, DocumentKind::Badges.file_name(&[&title], "pdf"))
        }
    })
}

/// A reminder just recorded, with its letter and e-mail draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// The letter's level (its tone).
    pub level: u8,
    /// How many loans it reminds of.
    pub items: usize,
    /// The letter.
    pub letter: Rendered,
    /// Whether the reminder may go out by e-mail too.
    pub email: EmailReminders,
    /// The e-mail draft, only when e-mail is allowed.
    pub mail: Option<slips::MailDraft>,
}

/// Records the reminders due today for a borrower's overdue loans
/// ([`lending::record_reminders`]) and renders the letter and the e-mail
/// draft.
///
/// # Errors
/// [`Error::NotFound`] (borrower), [`Error::NoReminderDue`].
pub fn remind(
    store: &mut impl Engine,
    borrower_id: i64,
    context: &PrintContext,
) -> Result<Reminder> {
    let letter = lending::record_reminders(store, borrower_id, context.today())?;
    let kind = DocumentKind::Reminder;
    let (setup, institution) =
        store.read_sql(|sql| Ok((context.setup_in(sql, kind)?, settings::institution_in(sql)?)))?;
    let pdf = slips::reminder_letter(setup, &letter, None);
    let sent_on = letter.sent_on.format("%Y-%m-%d").to_string();
    let name = kind.file_name(&[&letter.borrower.card_number, &sent_on], "pdf");
    Ok(Reminder {
        level: letter.level,
        items: letter.items.len(),
        letter: Rendered::pdf(pdf, name),
        email: letter.borrower.email_reminders(),
        mail: slips::reminder_mail(&letter, &institution),
    })
}

/// The mailing list of a directory filter and, when a format is given,
/// the list as a file: CSV as contacts for Outlook's import (one row per
/// address), else XLSX with every current contact (there is no PDF of it).
///
/// # Errors
/// [`Error::DocumentFailed`] when the file cannot be written.
pub fn mailing_list(
    sql: &dyn Sql,
    query: &DirectoryQuery,
    format: Option<ExportFormat>,
    context: &PrintContext,
) -> Result<(MailingList, Option<Rendered>)> {
    let list = orgs::mailing_list_in(sql, query, context.today())?;
    let Some(format) = format else {
        return Ok((list, None));
    };
    let (bytes, extension) = match format {
        ExportFormat::Csv => (
            export::csv(&directory::outlook_sheet(&list.recipients))?,
            "csv",
        ),
        ExportFormat::Xlsx | ExportFormat::Pdf => (
            export::xlsx(&directory::mailing_sheet(&list.contacts))?,
            "xlsx",
        ),
    };
    let name = DocumentKind::MailingList.file_name(&[&context.date()], extension);
    Ok((list, Some(Rendered::file(bytes, name))))
}
