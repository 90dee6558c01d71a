//! The German names of every document: the title in its PDF's metadata
//! and the first part of its file name. One table, so that a document is
//! called the same wherever it is made ([`super::render`], the sample set,
//! the label sheets).

use crate::file_names::file_name;

/// Every kind of document the app prints or exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// The test page of the settings.
    TestPage,
    /// Copy labels on a label sheet.
    Labels,
    /// A borrower's card.
    BorrowerCard,
    /// The Ausleihbeleg.
    LoanSlip,
    /// The Rückgabequittung.
    ReturnReceipt,
    /// A reminder letter (Mahnung).
    Reminder,
    /// The invitations to an Arbeitskreis meeting.
    Invitation,
    /// The minutes of an Arbeitskreis meeting.
    Minutes,
    /// The directory of organisations (booklet, XLSX or CSV).
    Directory,
    /// The mailing list of a directory filter (XLSX or CSV).
    MailingList,
    /// The access report (PDF or JSON).
    AccessReport,
    /// A person's consent form.
    ConsentForm,
    /// The Teilnehmerliste (PDF).
    ParticipantList,
    /// The participants as XLSX or CSV.
    ParticipantSheet,
    /// The programme grid of an event.
    Programme,
    /// The Anmeldebestätigung of a registration.
    Confirmation,
    /// The Teilnahmebescheinigungen of a workshop.
    Certificates,
    /// Name badges on a label sheet.
    Badges,
    /// The report of an import (PDF or XLSX).
    ImportReport,
    /// Everything the database holds, one sheet per kind of record (XLSX).
    AllData,
    /// The Jahresbericht (PDF or XLSX).
    AnnualReport,
}

impl DocumentKind {
    /// Every kind, for tests and lists.
    pub const ALL: [DocumentKind; 21] = [
        DocumentKind::TestPage,
        DocumentKind::Labels,
        DocumentKind::BorrowerCard,
        DocumentKind::LoanSlip,
        DocumentKind::ReturnReceipt,
        DocumentKind::Reminder,
        DocumentKind::Invitation,
        DocumentKind::Minutes,
        DocumentKind::Directory,
        DocumentKind::MailingList,
        DocumentKind::AccessReport,
        DocumentKind::ConsentForm,
        DocumentKind::ParticipantList,
        DocumentKind::ParticipantSheet,
        DocumentKind::Programme,
        DocumentKind::Confirmation,
        DocumentKind::Certificates,
        DocumentKind::Badges,
        DocumentKind::ImportReport,
        DocumentKind::AllData,
        DocumentKind::AnnualReport,
    ];

    /// The document's title (PDF metadata).
    pub fn title(self) -> &'static str {
        match self {
            DocumentKind::TestPage => "KIZ Desk – Testseite",
            DocumentKind::Labels => "Etiketten",
            DocumentKind::BorrowerCard => "Ausweis",
            DocumentKind::LoanSlip => "Ausleihbeleg",
            DocumentKind::ReturnReceipt => "Rückgabequittung",
            DocumentKind::Reminder => "Mahnung",
            DocumentKind::Invitation => "Einladung",
            DocumentKind::Minutes => "Protokoll",
            DocumentKind::Directory => "Verzeichnis",
            DocumentKind::MailingList => "Verteiler",
            DocumentKind::AccessReport => "Auskunft",
            DocumentKind::ConsentForm => "Einwilligung",
            DocumentKind::ParticipantList => "Teilnehmerliste",
            DocumentKind::ParticipantSheet => "Teilnehmende",
            DocumentKind::Programme => "Programm",
            DocumentKind::Confirmation => "Anmeldebestätigung",
            DocumentKind::Certificates => "Teilnahmebescheinigung",
            DocumentKind::Badges => "Namensschilder",
            DocumentKind::ImportReport => "Importbericht",
            DocumentKind::AllData => "KIZ Desk – alle Daten",
            DocumentKind::AnnualReport => "Jahresbericht",
        }
    }

    /// What the document's file name starts with; [`Self::file_name`]
    /// adds the parts that tell one such file from another.
    pub fn file_prefix(self) -> &'static str {
        match self {
            DocumentKind::TestPage => "Testseite",
            DocumentKind::Invitation => "Einladung_Arbeitskreis",
            DocumentKind::Minutes => "Protokoll_Arbeitskreis",
            DocumentKind::Directory => "Organisationen",
            DocumentKind::Certificates => "Teilnahmebescheinigungen",
            DocumentKind::AllData => "KIZ-Desk_alle-Daten",
            other => other.title(),
        }
    }

    /// The file name: [`Self::file_prefix`], then `parts` (a name, a
    /// title, a date), made safe by [`file_name`]: the participant list
    /// with `Bewerbung schreiben` and `2026-11-12` as `pdf` is
    /// `Teilnehmerliste_Bewerbung schreiben_2026-11-12.pdf`.
    pub fn file_name(self, parts: &[&str], extension: &str) -> String {
        let mut all = vec![self.file_prefix()];
        all.extend_from_slice(parts);
        file_name(&all, extension)
    }
}

#[cfg(test)]
mod tests {
    use super::DocumentKind;
    use crate::file_names::is_valid_windows_file_name;

    #[test]
    fn every_document_has_a_title_and_a_file_name_windows_accepts() {
        let mut prefixes = std::collections::HashSet::new();
        for kind in DocumentKind::ALL {
            assert!(!kind.title().trim().is_empty(), "{kind:?} has a title");
            let prefix = kind.file_prefix();
            assert!(
                is_valid_windows_file_name(prefix),
                "{kind:?}: {prefix:?} is a name Windows accepts"
            );
            assert_eq!(
                kind.file_name(&[], "pdf"),
                format!("{prefix}.pdf"),
                "{kind:?}: the name is kept as written, nothing replaced"
            );
            assert!(
                prefixes.insert(prefix),
                "{kind:?}: {prefix} names one kind of document only"
            );
        }
    }

    #[test]
    fn the_parts_follow_the_prefix_and_are_made_safe() {
        assert_eq!(
            DocumentKind::Invitation.file_name(&["2026-11-12"], "pdf"),
            "Einladung_Arbeitskreis_2026-11-12.pdf"
        );
        assert_eq!(
            DocumentKind::ParticipantList
                .file_name(&["Bewerbung: Deutsch/Arabisch", "2026-11-12"], "pdf"),
            "Teilnehmerliste_Bewerbung- Deutsch-Arabisch_2026-11-12.pdf"
        );
    }
}
