//! The directory's printable booklet as the public site offers it: the
//! published entries only, in the site's language (the staff's booklet
//! with every field is `documents::directory::directory_booklet`).

use super::{PublicEntry, SiteWords};
use crate::documents::layout::FooterWords;
use crate::documents::{Pdf, PrintSetup, Printout};

/// The directory as published on the centre's portal: the public entries
/// only, in the site's language (`words`), one block per organisation.
pub fn public_booklet(setup: PrintSetup, entries: &[PublicEntry], words: &SiteWords) -> Pdf {
    let mut doc = Printout::new(setup);
    doc.set_footer_words(FooterWords {
        printed: words.get("printed").to_owned().into(),
        page: words.get("page").to_owned().into(),
        of: words.get("of").to_owned().into(),
    });
    let language = words.get("lang");
    doc.heading(words.get("bookletTitle"), 1);
    doc.note(&words.count("organisations", entries.len()));
    for o in entries {
        doc.heading(&o.name, 2);
        let names = |codes: &[String]| {
            codes
                .iter()
                .map(|c| words.language_name(c))
                .collect::<Vec<_>>()
                .join(words.get("comma"))
        };
        let offerings = o
            .offerings
            .iter()
            .map(|f| {
                let name = if f.title.is_empty() {
                    f.kind.clone()
                } else {
                    format!("{} ({})", f.title, f.kind)
                };
                [name, f.schedule.clone(), f.place.clone()]
                    .into_iter()
                    .filter(|p| !p.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect::<Vec<_>>()
            .join("; ");
        let contacts = o
            .contacts
            .iter()
            .map(|c| {
                let name = if c.role.trim().is_empty() {
                    c.name.clone()
                } else {
                    format!("{} ({})", c.name, c.role.trim())
                };
                [name, c.email.clone(), c.phone.clone()]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(words.get("comma"))
            })
            .collect::<Vec<_>>()
            .join("; ");
        let about = o.text_in(language).map_or("", |(text, _)| text);
        let languages = names(&o.languages);
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for (label, value) in [
            (words.get("about"), about),
            (words.get("municipality"), o.municipality.as_str()),
            (words.get("languages"), languages.as_str()),
            (words.get("offerings"), offerings.as_str()),
            (words.get("email"), o.email.as_str()),
            (words.get("phone"), o.phone.as_str()),
            (words.get("website"), o.website.as_str()),
            (words.get("contact"), contacts.as_str()),
        ] {
            if !value.is_empty() {
                pairs.push((label, value));
            }
        }
        doc.key_values(&pairs);
    }
    doc.finish()
}
