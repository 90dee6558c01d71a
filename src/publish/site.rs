//! The static website: HTML pages per language, one style sheet, one small
//! script and the catalogue's index as a script file (a `file://` page may
//! not fetch a JSON file, but it may load a script next to it). Every link
//! is relative, so the folder works from a network share and from any
//! subfolder of a web server, and nothing is loaded from elsewhere.
//!
//! ```text
//! index.html             the language chooser
//! assets/site.css        assets/site.js
//! data/katalog.js        the catalogue's index (all languages share it)
//! de/index.html          de/katalog.html     de/verzeichnis.html
//! de/organisation-7.html de/verzeichnis.pdf  (and so for each language)
//! ```
//!
//! [`publish`] writes the site into a new folder beside the target and
//! then swaps it in with two renames, so a reader sees the old site or the
//! new one, never half of one.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::SITE_LANGUAGES;
use super::{public_entries_in, public_media_in, site_words, PublicEntry, PublicMedium, SiteWords};
use crate::catalogue::Level;
use crate::db::engine::Sql;
use crate::documents::fonts::FallbackFonts;
use crate::documents::{Orientation, PrintSetup};
use crate::folding::fold_plain;
use crate::settings::{institution_in, Institution};
use crate::{Error, Result};

const STYLE: &str = include_str!("site.css");
const SCRIPT: &str = include_str!("site.js");

/// What to publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SiteOptions {
    /// Languages of the pages, from [`SITE_LANGUAGES`]; German always.
    pub languages: Vec<String>,
    /// The Mediathek's catalogue.
    pub catalogue: bool,
    /// The directory of organisations.
    pub directory: bool,
}

impl Default for SiteOptions {
    fn default() -> Self {
        SiteOptions {
            languages: SITE_LANGUAGES.iter().map(|l| (*l).to_owned()).collect(),
            catalogue: true,
            directory: true,
        }
    }
}

impl SiteOptions {
    /// The languages to write, in the order of the language switch, German
    /// first and always; unknown codes left out.
    pub fn languages(&self) -> Vec<&'static str> {
        SITE_LANGUAGES
            .iter()
            .copied()
            .filter(|l| *l == "de" || self.languages.iter().any(|c| c == l))
            .collect()
    }
}

/// What the site is written from, read in one transaction.
#[derive(Debug, Clone)]
pub struct SiteContent {
    /// The institution's name and address (page heads, the booklet).
    pub institution: Institution,
    /// The catalogue (empty when not published).
    pub media: Vec<PublicMedium>,
    /// The published organisations (empty when the directory is not
    /// published).
    pub organisations: Vec<PublicEntry>,
    /// "Stand": when the data was read.
    pub stand: NaiveDateTime,
}

/// Reads what `options` publishes.
///
/// # Errors
/// Storage failures.
pub fn site_content_in(
    sql: &dyn Sql,
    options: &SiteOptions,
    now: NaiveDateTime,
) -> Result<SiteContent> {
    Ok(SiteContent {
        institution: institution_in(sql)?,
        media: if options.catalogue {
            public_media_in(sql)?
        } else {
            Vec::new()
        },
        organisations: if options.directory {
            public_entries_in(sql)?
        } else {
            Vec::new()
        },
        stand: now,
    })
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteSummary {
    /// Where the site is now.
    pub folder: String,
    /// Files written.
    pub files: usize,
    /// Their size in bytes.
    pub bytes: u64,
    /// Media in the catalogue.
    pub media: usize,
    /// Organisations in the directory.
    pub organisations: usize,
    /// Languages written.
    pub languages: Vec<String>,
}

/// Writes the site into `dir` (created; it must not hold an older site:
/// see [`publish`]).
///
/// # Errors
/// [`Error::Io`] when a file cannot be written.
pub fn write_site(
    content: &SiteContent,
    options: &SiteOptions,
    fallbacks: &FallbackFonts,
    dir: &Path,
) -> Result<SiteSummary> {
    let mut out = Output {
        dir: dir.to_owned(),
        files: 0,
        bytes: 0,
    };
    let languages = options.languages();
    out.write("assets/site.css", STYLE.as_bytes())?;
    out.write("assets/site.js", SCRIPT.as_bytes())?;
    if options.catalogue {
        out.write(
            "data/katalog.js",
            catalogue_index(&content.media).as_bytes(),
        )?;
    }
    out.write("index.html", chooser(content, &languages).as_bytes())?;
    for &language in &languages {
        let words = site_words(language);
        let page = Page {
            content,
            options,
            words: &words,
            language,
            languages: &languages,
        };
        out.write(&format!("{language}/index.html"), page.home().as_bytes())?;
        if options.catalogue {
            out.write(
                &format!("{language}/katalog.html"),
                page.catalogue().as_bytes(),
            )?;
        }
        if options.directory {
            out.write(
                &format!("{language}/verzeichnis.html"),
                page.directory().as_bytes(),
            )?;
            for entry in &content.organisations {
                out.write(
                    &format!("{language}/organisation-{}.html", entry.id),
                    page.organisation(entry).as_bytes(),
                )?;
            }
            let setup = PrintSetup {
                title: words.get("bookletTitle").to_owned(),
                orientation: Orientation::Portrait,
                institution: content.institution.clone(),
                printed_on: content.stand.date(),
                fallbacks: fallbacks.clone(),
            };
            let pdf = super::booklet::public_booklet(setup, &content.organisations, &words);
            out.write(&format!("{language}/verzeichnis.pdf"), &pdf.bytes)?;
        }
    }
    Ok(SiteSummary {
        folder: dir.display().to_string(),
        files: out.files,
        bytes: out.bytes,
        media: content.media.len(),
        organisations: content.organisations.len(),
        languages: languages.iter().map(|l| (*l).to_owned()).collect(),
    })
}

/// The file every site written here carries: a folder with files but
/// without it is not replaced (it is not a site of KIZ Desk, and replacing
/// it would delete what staff or IT keep there).
pub const MARKER: &str = ".kiz-website";

/// Writes the site into a new folder beside `target` and swaps it in: the
/// old site (if any) is renamed aside, the new one renamed to `target`,
/// the old one removed. When writing fails, `target` is as it was and the
/// half-written folder is removed. Folders an earlier run left beside the
/// target (a crash between the renames, a file held open) are removed
/// first. On Windows a rename fails while another program holds a file
/// inside (the virus scanner, an Explorer window), so each is tried for a
/// few seconds.
///
/// # Errors
/// [`Error::Required`] (field `publish_folder`) while no folder is chosen;
/// [`Error::Io`]; [`Error::PublishFolderInvalid`] for a target without a
/// parent folder, or a target that is a file;
/// [`Error::PublishFolderNotSite`] for a folder with files that is not a
/// site this app wrote. Nothing is changed then.
pub fn publish(
    content: &SiteContent,
    options: &SiteOptions,
    fallbacks: &FallbackFonts,
    target: &Path,
) -> Result<SiteSummary> {
    if target.as_os_str().is_empty() {
        return Err(Error::Required {
            field: "publish_folder",
        });
    }
    let invalid = || Error::PublishFolderInvalid {
        folder: target.display().to_string(),
    };
    let (parent, name) = match (target.parent(), target.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => (parent, name),
        _ => return Err(invalid()),
    };
    if target.is_file() || !parent.is_dir() {
        return Err(invalid());
    }
    let had_site = target.exists();
    if had_site {
        let empty = fs::read_dir(target)?.next().is_none();
        if !empty && !target.join(MARKER).is_file() {
            return Err(Error::PublishFolderNotSite {
                folder: target.display().to_string(),
            });
        }
    }
    let name = name.to_string_lossy();
    // What an earlier run left beside the target.
    for entry in fs::read_dir(parent)?.flatten() {
        let leftover = entry.file_name().to_string_lossy().into_owned();
        if leftover.starts_with(&format!(".{name}.neu-"))
            || leftover.starts_with(&format!(".{name}.alt-"))
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
    let stamp = content.stand.format("%Y%m%d-%H%M%S");
    let fresh = parent.join(format!(".{name}.neu-{stamp}"));
    let old = parent.join(format!(".{name}.alt-{stamp}"));
    let mut summary = match write_site(content, options, fallbacks, &fresh).and_then(|summary| {
        fs::write(fresh.join(MARKER), b"KIZ Desk\n")?;
        Ok(summary)
    }) {
        Ok(summary) => summary,
        Err(e) => {
            let _ = fs::remove_dir_all(&fresh);
            return Err(e);
        }
    };
    if had_site {
        if let Err(e) = rename_patiently(target, &old) {
            let _ = fs::remove_dir_all(&fresh);
            return Err(e.into());
        }
    }
    if let Err(e) = rename_patiently(&fresh, target) {
        // Put the old site back: the target is never left empty.
        if had_site {
            rename_patiently(&old, target)?;
        }
        let _ = fs::remove_dir_all(&fresh);
        return Err(e.into());
    }
    if had_site {
        // The new site is in place; an old folder that cannot be removed
        // now (a file open on the share) is removed by the next run.
        let _ = fs::remove_dir_all(&old);
    }
    summary.files += 1;
    summary.folder = target.display().to_string();
    Ok(summary)
}

/// `fs::rename`, tried again for up to about five seconds while it fails.
fn rename_patiently(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut tries = 0;
    loop {
        match fs::rename(from, to) {
            Ok(()) => return Ok(()),
            Err(e) if tries >= 25 => return Err(e),
            Err(_) => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
        }
    }
}

struct Output {
    dir: PathBuf,
    files: usize,
    bytes: u64,
}

impl Output {
    fn write(&mut self, path: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(path);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder)?;
        }
        fs::write(&path, bytes)?;
        self.files += 1;
        self.bytes += bytes.len() as u64;
        Ok(())
    }
}

/// The catalogue's index: one array per medium, the folded text to search
/// last (folded as the app folds, so the page's search ignores diacritics
/// the same way).
fn catalogue_index(media: &[PublicMedium]) -> String {
    let rows: Vec<Value> = media
        .iter()
        .map(|m| {
            let folded = fold_plain(&format!(
                "{} {} {} {}",
                m.title, m.subtitle, m.authors, m.description
            ));
            json!([
                m.title,
                m.subtitle,
                m.authors,
                m.group_id,
                m.level_from,
                m.level_to,
                m.languages.join(" "),
                m.audience,
                m.description,
                u8::from(m.on_shelf),
                folded,
            ])
        })
        .collect();
    let levels: Vec<&str> = Level::ALL.iter().map(|l| l.label()).collect();
    let groups: std::collections::BTreeMap<String, String> = media
        .iter()
        .map(|m| (m.group_id.to_string(), m.group.clone()))
        .collect();
    let data = json!({ "levels": levels, "groups": groups, "media": rows });
    format!("window.KIZ_CATALOGUE = {data};\n")
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn date_in(words: &SiteWords, day: NaiveDate) -> String {
    match words.get("lang") {
        "en" => day.format("%-d %B %Y").to_string(),
        "de" => day.format("%d.%m.%Y").to_string(),
        "ru" | "tr" | "fr" => day.format("%d.%m.%Y").to_string(),
        _ => day.format("%Y-%m-%d").to_string(),
    }
}

/// The root page: a link to each language's start page, each in its own
/// language.
fn chooser(content: &SiteContent, languages: &[&str]) -> String {
    let name = escape(&content.institution.name);
    let mut links = String::new();
    for &language in languages {
        let words = site_words(language);
        let _ = write!(
            links,
            "<li><a href=\"{language}/index.html\" lang=\"{language}\" hreflang=\"{language}\" dir=\"{}\">{}</a></li>",
            words.get("dir"),
            escape(words.get("languageName"))
        );
    }
    let de = site_words("de");
    format!(
        "<!DOCTYPE html>\n<html lang=\"de\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <title>{name}</title>\n<link rel=\"stylesheet\" href=\"assets/site.css\">\n</head>\n\
         <body>\n<main id=\"main\" class=\"chooser\">\n<h1 dir=\"auto\">{name}</h1>\n\
         <nav aria-label=\"{switch}\"><ul class=\"chooser-list\">{links}</ul></nav>\n\
         <p class=\"stand\">{stand}</p>\n</main>\n</body>\n</html>\n",
        switch = escape(de.get("languageSwitch")),
        stand = escape(&de.with("stand", &[("date", &date_in(&de, content.stand.date()))])),
    )
}

struct Page<'a> {
    content: &'a SiteContent,
    options: &'a SiteOptions,
    words: &'a SiteWords,
    language: &'a str,
    languages: &'a [&'a str],
}

impl Page<'_> {
    fn w(&self, key: &str) -> String {
        escape(self.words.get(key))
    }

    /// A whole page around `main`; `file` is the page's own file name (the
    /// language switch links to the same page in each language).
    fn wrap(&self, file: &str, title: &str, main: &str, script: &str) -> String {
        let institution = escape(&self.content.institution.name);
        let mut nav = String::new();
        let mut items = vec![("index.html", "home")];
        if self.options.catalogue {
            items.push(("katalog.html", "catalogue"));
        }
        if self.options.directory {
            items.push(("verzeichnis.html", "directory"));
        }
        for (href, key) in items {
            let current = if href == file
                || (href == "verzeichnis.html" && file.starts_with("organisation-"))
            {
                " aria-current=\"page\""
            } else {
                ""
            };
            let _ = write!(
                nav,
                "<li><a href=\"{href}\"{current}>{}</a></li>",
                self.w(key)
            );
        }
        let mut switch = String::new();
        for &language in self.languages {
            let words = site_words(language);
            let current = if language == self.language {
                " aria-current=\"true\""
            } else {
                ""
            };
            let _ = write!(
                switch,
                "<li><a href=\"../{language}/{file}\" lang=\"{language}\" hreflang=\"{language}\" dir=\"{}\"{current}>{}</a></li>",
                words.get("dir"),
                escape(words.get("languageName"))
            );
        }
        let stand = escape(&self.words.with(
            "stand",
            &[("date", &date_in(self.words, self.content.stand.date()))],
        ));
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <link rel=\"icon\" href=\"data:,\">\n\
             <title>{title} – {institution}</title>\n\
             <link rel=\"stylesheet\" href=\"../assets/site.css\">\n</head>\n<body>\n\
             <a class=\"skip\" href=\"#main\">{skip}</a>\n\
             <header class=\"top\">\n<p class=\"institution\"><bdi>{institution}</bdi></p>\n\
             <nav class=\"sections\" aria-label=\"{nav_label}\"><ul>{nav}</ul></nav>\n\
             <nav class=\"languages\" aria-label=\"{switch_label}\"><ul>{switch}</ul></nav>\n\
             </header>\n<main id=\"main\" tabindex=\"-1\">\n{main}</main>\n\
             <footer class=\"bottom\">\n<p class=\"stand\">{stand}</p>\n<p>{privacy}</p>\n</footer>\n\
             {script}</body>\n</html>\n",
            lang = self.language,
            dir = self.words.get("dir"),
            skip = self.w("skip"),
            nav_label = self.w("navLabel"),
            switch_label = self.w("languageSwitch"),
            privacy = self.w("footerPrivacy"),
        )
    }

    fn script(&self, data: bool) -> String {
        let mut s = format!(
            "<script type=\"application/json\" id=\"site-words\">{}</script>\n",
            self.words.script_words().replace("</", "<\\/")
        );
        if data {
            s.push_str("<script src=\"../data/katalog.js\"></script>\n");
        }
        s.push_str("<script src=\"../assets/site.js\"></script>\n");
        s
    }

    fn home(&self) -> String {
        let mut main = format!(
            "<h1><bdi>{}</bdi></h1>\n<p>{}</p>\n<ul class=\"cards\">\n",
            escape(&self.content.institution.name),
            self.w("homeIntro")
        );
        if self.options.catalogue {
            let _ = writeln!(
                main,
                "<li><h2><a href=\"katalog.html\">{}</a></h2><p>{}</p></li>",
                self.w("catalogue"),
                self.w("homeCatalogue")
            );
        }
        if self.options.directory {
            let _ = writeln!(
                main,
                "<li><h2><a href=\"verzeichnis.html\">{}</a></h2><p>{}</p></li>",
                self.w("directory"),
                self.w("homeDirectory")
            );
        }
        main.push_str("</ul>\n");
        self.wrap("index.html", &self.w("home"), &main, "")
    }

    fn select(&self, id: &str, label: &str, options: &[(String, String)]) -> String {
        let mut s = format!(
            "<div class=\"field\"><label for=\"{id}\">{}</label><select id=\"{id}\"><option value=\"\">{}</option>",
            self.w(label),
            self.w("all")
        );
        for (value, text) in options {
            let _ = write!(
                s,
                "<option value=\"{}\">{}</option>",
                escape(value),
                escape(text)
            );
        }
        s.push_str("</select></div>");
        s
    }

    fn language_options(&self, codes: impl IntoIterator<Item = String>) -> Vec<(String, String)> {
        let mut codes: Vec<String> = codes.into_iter().collect();
        codes.sort();
        codes.dedup();
        let mut options: Vec<(String, String)> = codes
            .into_iter()
            .map(|c| {
                let name = self.words.language_name(&c).to_owned();
                (c, name)
            })
            .collect();
        options.sort_by_cached_key(|(_, name)| fold_plain(name));
        options
    }

    fn catalogue(&self) -> String {
        let media = &self.content.media;
        let levels: Vec<(String, String)> = Level::ALL
            .iter()
            .map(|l| (l.rank().to_string(), l.label().to_owned()))
            .collect();
        let languages =
            self.language_options(media.iter().flat_map(|m| m.languages.iter().cloned()));
        let mut groups: Vec<(String, String)> = media
            .iter()
            .map(|m| (m.group_id.to_string(), m.group.clone()))
            .collect();
        groups.sort_by_cached_key(|(id, name)| (fold_plain(name), id.clone()));
        groups.dedup();
        let audiences: Vec<(String, String)> = [
            ("kinder", "audienceKinder"),
            ("jugendliche", "audienceJugendliche"),
            ("erwachsene", "audienceErwachsene"),
        ]
        .iter()
        .map(|(code, key)| ((*code).to_owned(), self.words.get(key).to_owned()))
        .collect();
        let main = format!(
            "<h1>{title}</h1>\n<p>{intro}</p>\n\
             <noscript><p class=\"notice\">{noscript}</p></noscript>\n\
             <form id=\"catalogue-form\" class=\"search\" role=\"search\">\n\
             <div class=\"field wide\"><label for=\"q\">{search}</label>\
             <input id=\"q\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"q-hint\">\
             <p id=\"q-hint\" class=\"hint\">{hint}</p></div>\n\
             <fieldset><legend>{filters}</legend>{level}{language}{group}{audience}</fieldset>\n\
             </form>\n<p id=\"count\" class=\"count\" role=\"status\" aria-live=\"polite\"></p>\n\
             <ol id=\"results\" class=\"results\"></ol>\n",
            title = self.w("catalogue"),
            intro = self.w("catalogueIntro"),
            noscript = self.w("noScript"),
            search = self.w("search"),
            hint = self.w("searchHint"),
            filters = self.w("filters"),
            level = self.select("f-level", "level", &levels),
            language = self.select("f-language", "language", &languages),
            group = self.select("f-group", "group", &groups),
            audience = self.select("f-audience", "audience", &audiences),
        );
        self.wrap(
            "katalog.html",
            &self.w("catalogue"),
            &main,
            &self.script(true),
        )
    }

    fn directory(&self) -> String {
        let orgs = &self.content.organisations;
        let mut municipalities: Vec<(String, String)> = orgs
            .iter()
            .filter(|o| !o.municipality.is_empty())
            .map(|o| (o.municipality.clone(), o.municipality.clone()))
            .collect();
        municipalities.sort_by_cached_key(|(_, name)| fold_plain(name));
        municipalities.dedup();
        let languages = self.language_options(orgs.iter().flat_map(|o| {
            o.languages
                .iter()
                .cloned()
                .chain(o.offerings.iter().flat_map(|f| f.languages.iter().cloned()))
                .collect::<Vec<_>>()
        }));
        let mut kinds: Vec<(String, String)> = orgs
            .iter()
            .flat_map(|o| {
                o.offerings
                    .iter()
                    .map(|f| (f.kind_code.clone(), f.kind.clone()))
            })
            .collect();
        kinds.sort_by_cached_key(|(_, name)| fold_plain(name));
        kinds.dedup();
        let mut list = String::new();
        for o in orgs {
            let mut langs: Vec<String> = o.languages.clone();
            for f in &o.offerings {
                langs.extend(f.languages.iter().cloned());
            }
            langs.sort();
            langs.dedup();
            let mut kind_codes: Vec<String> =
                o.offerings.iter().map(|f| f.kind_code.clone()).collect();
            kind_codes.sort();
            kind_codes.dedup();
            let mut facts = String::new();
            if !o.municipality.is_empty() {
                let _ = write!(
                    facts,
                    "<p><span class=\"label\">{}:</span> <bdi>{}</bdi></p>",
                    self.w("municipality"),
                    escape(&o.municipality)
                );
            }
            if !o.languages.is_empty() {
                let _ = write!(
                    facts,
                    "<p><span class=\"label\">{}:</span> {}</p>",
                    self.w("languages"),
                    escape(&self.language_list(&o.languages))
                );
            }
            if !o.offerings.is_empty() {
                let mut names: Vec<String> = Vec::new();
                for f in &o.offerings {
                    if !names.contains(&f.kind) {
                        names.push(f.kind.clone());
                    }
                }
                let _ = write!(
                    facts,
                    "<p><span class=\"label\">{}:</span> <bdi lang=\"de\">{}</bdi></p>",
                    self.w("offerings"),
                    escape(&names.join(", "))
                );
            }
            let _ = writeln!(
                list,
                "<li class=\"organisation\" data-municipality=\"{}\" data-languages=\"{}\" data-kinds=\"{}\">\
                 <h2><a href=\"organisation-{}.html\" dir=\"auto\">{}</a></h2>{facts}</li>",
                escape(&o.municipality),
                escape(&langs.join(" ")),
                escape(&kind_codes.join(" ")),
                o.id,
                escape(&o.name),
            );
        }
        let count = escape(&self.words.count("organisations", orgs.len()));
        let main = format!(
            "<h1>{title}</h1>\n<p>{intro}</p>\n\
             <p><a class=\"booklet\" href=\"verzeichnis.pdf\">{booklet}</a></p>\n\
             <form id=\"directory-form\" class=\"search\">\n\
             <fieldset><legend>{filters}</legend>{municipality}{language}{kind}</fieldset>\n\
             </form>\n<p id=\"org-count\" class=\"count\" role=\"status\" aria-live=\"polite\">{count}</p>\n\
             <ul id=\"organisations\" class=\"organisations\">\n{list}</ul>\n\
             <p id=\"no-organisations\" class=\"notice\" hidden>{none}</p>\n",
            title = self.w("directory"),
            intro = self.w("directoryIntro"),
            booklet = self.w("booklet"),
            filters = self.w("filters"),
            municipality = self.select("f-municipality", "municipality", &municipalities),
            language = self.select("f-org-language", "language", &languages),
            kind = self.select("f-kind", "offeringKind", &kinds),
            none = self.w("noOrganisations"),
        );
        self.wrap(
            "verzeichnis.html",
            &self.w("directory"),
            &main,
            &self.script(false),
        )
    }

    fn language_list(&self, codes: &[String]) -> String {
        codes
            .iter()
            .map(|c| self.words.language_name(c))
            .collect::<Vec<_>>()
            .join(self.words.get("comma"))
    }

    fn organisation(&self, o: &PublicEntry) -> String {
        let mut main = format!(
            "<p><a href=\"verzeichnis.html\">{}</a></p>\n<h1><bdi>{}</bdi></h1>\n",
            self.w("backToDirectory"),
            escape(&o.name)
        );
        if let Some((text, in_language)) = o.text_in(self.language) {
            let lang = if in_language { self.language } else { "de" };
            let _ = writeln!(
                main,
                "<section aria-labelledby=\"about\"><h2 id=\"about\">{}</h2>",
                self.w("about")
            );
            let text = text.replace("\r\n", "\n");
            for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
                let _ = writeln!(
                    main,
                    "<p lang=\"{lang}\"><bdi>{}</bdi></p>",
                    escape(paragraph.trim()).replace('\n', "<br>")
                );
            }
            if !in_language {
                let _ = writeln!(main, "<p class=\"hint\">{}</p>", self.w("onlyGerman"));
            }
            main.push_str("</section>\n");
        }
        let mut facts = String::new();
        let mut fact = |key: &str, value: String| {
            let _ = write!(facts, "<div><dt>{}</dt><dd>{value}</dd></div>", self.w(key));
        };
        if !o.municipality.is_empty() {
            fact(
                "municipality",
                format!("<bdi>{}</bdi>", escape(&o.municipality)),
            );
        }
        if !o.languages.is_empty() {
            fact("languages", escape(&self.language_list(&o.languages)));
        }
        if !o.website.is_empty() {
            // A link only to a web page: another scheme (javascript:,
            // file:) is shown as text.
            let lower = o.website.to_lowercase();
            let href = if lower.starts_with("https://") || lower.starts_with("http://") {
                Some(o.website.clone())
            } else if o.website.contains(':') {
                None
            } else {
                Some(format!("https://{}", o.website))
            };
            fact(
                "website",
                match href {
                    Some(href) => format!(
                        "<a href=\"{}\" dir=\"ltr\">{}</a>",
                        escape(&href),
                        escape(&o.website)
                    ),
                    None => format!("<bdi>{}</bdi>", escape(&o.website)),
                },
            );
        }
        if !o.email.is_empty() {
            fact(
                "email",
                format!(
                    "<a href=\"mailto:{0}\" dir=\"ltr\">{0}</a>",
                    escape(&o.email)
                ),
            );
        }
        if !o.phone.is_empty() {
            let dial: String = o
                .phone
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            fact(
                "phone",
                format!(
                    "<a href=\"tel:{}\" dir=\"ltr\">{}</a>",
                    escape(&dial),
                    escape(&o.phone)
                ),
            );
        }
        if !facts.is_empty() {
            let _ = writeln!(main, "<dl class=\"facts\">{facts}</dl>");
        }
        if !o.contacts.is_empty() {
            let _ = writeln!(
                main,
                "<section aria-labelledby=\"contacts\"><h2 id=\"contacts\">{}</h2>\n<ul class=\"offerings\">",
                self.w("contact")
            );
            for c in &o.contacts {
                let mut line = format!("<bdi>{}</bdi>", escape(&c.name));
                if !c.role.trim().is_empty() {
                    let _ = write!(line, " (<bdi lang=\"de\">{}</bdi>)", escape(c.role.trim()));
                }
                if !c.email.is_empty() {
                    let _ = write!(
                        line,
                        "{}<a href=\"mailto:{1}\" dir=\"ltr\">{1}</a>",
                        escape(self.words.get("comma")),
                        escape(&c.email)
                    );
                }
                if !c.phone.is_empty() {
                    let dial: String = c
                        .phone
                        .chars()
                        .filter(|ch| ch.is_ascii_digit() || *ch == '+')
                        .collect();
                    let _ = write!(
                        line,
                        "{}<a href=\"tel:{}\" dir=\"ltr\">{}</a>",
                        escape(self.words.get("comma")),
                        escape(&dial),
                        escape(&c.phone)
                    );
                }
                let _ = writeln!(main, "<li>{line}</li>");
            }
            main.push_str("</ul>\n</section>\n");
        }
        if !o.offerings.is_empty() {
            let _ = writeln!(
                main,
                "<section aria-labelledby=\"offerings\"><h2 id=\"offerings\">{}</h2>\n<ul class=\"offerings\">",
                self.w("offerings")
            );
            for f in &o.offerings {
                let name = if f.title.is_empty() {
                    f.kind.clone()
                } else {
                    format!("{} ({})", f.title, f.kind)
                };
                let mut details = String::new();
                for (key, value) in [
                    ("targetGroup", f.target_group.as_str()),
                    ("schedule", f.schedule.as_str()),
                    ("place", f.place.as_str()),
                ] {
                    if !value.trim().is_empty() {
                        let _ = write!(
                            details,
                            "<div><dt>{}</dt><dd lang=\"de\"><bdi>{}</bdi></dd></div>",
                            self.w(key),
                            escape(value.trim())
                        );
                    }
                }
                if !f.languages.is_empty() {
                    let _ = write!(
                        details,
                        "<div><dt>{}</dt><dd>{}</dd></div>",
                        self.w("languages"),
                        escape(&self.language_list(&f.languages))
                    );
                }
                let _ = writeln!(
                    main,
                    "<li><h3><bdi>{}</bdi></h3><dl class=\"facts\">{details}</dl></li>",
                    escape(&name)
                );
            }
            main.push_str("</ul>\n</section>\n");
        }
        self.wrap(
            &format!("organisation-{}.html", o.id),
            &escape(&o.name),
            &main,
            "",
        )
    }
}
